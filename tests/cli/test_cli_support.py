"""The support command line, run as support staff would: a subprocess per command, against the
Stripe and Statuspage simulators and a virtual printer on a TCP port (pyserial `socket://`)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from dripos_terminal.clock import SystemClock
from dripos_terminal.peripherals.virtual_printer import (
    VirtualPrinter,
    add_virtual_printer,
    remove_virtual_printer,
)
from dripos_terminal.services.secrets import SecretStore, key_format
from dripos_terminal.sim.statuspage import StatuspageSimulator
from dripos_terminal.sim.stripe import StripeSimulator
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.keys import open_store
from tests.support.keyring import FileKeyring

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "correct horse battery"


class PrinterOnTcp:
    """A virtual ESC/POS printer answering on a loopback TCP port, as a network printer would."""

    def __init__(self, device: VirtualPrinter) -> None:
        self.device = device
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"socket://127.0.0.1:{self.server.getsockname()[1]}"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                while data := conn.recv(4096):
                    reply = self.device.receive(data)
                    if reply:
                        conn.sendall(reply)

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[dict[str, object]]:
    stripe, status = StripeSimulator(rate_limit=0), StatuspageSimulator()
    stripe.start()
    status.start()
    device = add_virtual_printer("cli-doctor")
    printer = PrinterOnTcp(device)
    data_dir = tmp_path / "shop"
    env = {
        **os.environ,
        "DRIPOS_TERMINAL_PASSPHRASE": PASSPHRASE,
        "PYTHON_KEYRING_BACKEND": "tests.support.keyring.FileKeyring",
        FileKeyring.ENV: str(tmp_path / "os-keyring.json"),
        "PYTHONPATH": str(ROOT),
    }
    try:
        yield {"stripe": stripe, "status": status, "printer": printer, "dir": data_dir, "env": env}
    finally:
        printer.close()
        remove_virtual_printer(device.name)
        status.stop()
        stripe.stop()


def cli(shop: dict[str, object], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dripos_terminal.cli", *args],
        input=stdin, cwd=ROOT, env=shop["env"], capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_staff_commands_create_the_store_and_keep_pins_unique(shop: dict[str, object]) -> None:
    where = ("--data-dir", str(shop["dir"]))
    refused = cli(shop, "staff", "add", "--name", "Bea", "--role", "barista", *where, stdin="2468\n")
    assert refused.returncode == 1 and "first member of staff must be a manager" in refused.stderr
    assert not (Path(str(shop["dir"])) / "dripos.db").exists()
    assert (
        cli(shop, "staff", "add", "--name", "Bea", "--role", "barista", "--pin", "2468", *where).returncode
        == 2
    )

    first = cli(shop, "staff", "add", "--name", "Alex", "--role", "manager", *where, stdin="9999\n")
    assert first.returncode == 0, first.stderr
    assert (
        cli(shop, "staff", "add", "--name", "Bea", "--role", "barista", *where, stdin="2468\n").returncode
        == 0
    )
    clash = cli(shop, "staff", "add", "--name", "Cy", "--role", "shift_lead", *where, stdin="2468\n")
    assert clash.returncode == 1 and "already in use" in clash.stderr
    assert cli(shop, "staff", "set-pin", "Bea", *where, stdin="1357\n").returncode == 0
    assert cli(shop, "staff", "disable", "Bea", *where).returncode == 0
    last = cli(shop, "staff", "disable", "Alex", *where)
    assert last.returncode == 1 and "last manager" in last.stderr
    listing = cli(shop, "staff", "list", *where)
    assert listing.returncode == 0
    rows = {line.split()[1]: line.split()[2:] for line in listing.stdout.splitlines()[1:]}
    assert rows == {"Alex": ["manager", "active"], "Bea": ["barista", "disabled"]}
    # No PIN is shown: not as a column, not anywhere in the output (a random staff id may contain the
    # same digits, so whole words are compared).
    shown = set(re.findall(r"\w+", listing.stdout + listing.stderr))
    assert not {"2468", "1357", "9999"} & shown


def test_menu_round_trips_through_csv_and_toml(shop: dict[str, object], tmp_path: Path) -> None:
    where = ("--data-dir", str(shop["dir"]))
    assert (
        cli(shop, "staff", "add", "--name", "Alex", "--role", "manager", *where, stdin="9999\n").returncode
        == 0
    )
    exported = cli(shop, "menu", "export", str(tmp_path / "menu.csv"), *where)
    assert exported.returncode == 0, exported.stderr
    text = (
        (tmp_path / "menu.csv")
        .read_text()
        .replace("latte,Latte,espresso,Espresso,4.50", "latte,Latte,espresso,Espresso,4.95")
    )
    (tmp_path / "menu.csv").write_text(text + "flat_tea,Flat Tea,tea,Tea,3.10,prepared_food,\n")
    imported = cli(shop, "menu", "import", str(tmp_path / "menu.csv"), *where)
    assert imported.returncode == 0, imported.stderr
    toml = cli(shop, "menu", "export", "-", *where)
    assert (
        'price = "4.95"' in toml.stdout
        and 'name = "Flat Tea"' in toml.stdout
        and 'name = "Tea"' in toml.stdout
    )
    (tmp_path / "bad.csv").write_text("id,name,category,price,tax_class\nx,X,espresso,4.555,prepared_food\n")
    bad = cli(shop, "menu", "import", str(tmp_path / "bad.csv"), *where)
    assert bad.returncode == 1 and "bad price" in bad.stderr


def _set_up_a_healthy_till(shop: dict[str, object]) -> str:
    stripe, status, printer = shop["stripe"], shop["status"], shop["printer"]
    data_dir = Path(str(shop["dir"]))
    where = ("--data-dir", str(data_dir))
    assert (
        cli(shop, "staff", "add", "--name", "Alex", "--role", "manager", *where, stdin="9999\n").returncode
        == 0
    )
    (data_dir / "config.toml").write_text(
        f'[stripe]\napi_base = "{stripe.base_url}"\n'  # type: ignore[attr-defined]
        f'[printer]\nurl = "{printer.url}"\n'  # type: ignore[attr-defined]
        f'[[status.feeds]]\nurl = "{status.summary_url}"\n'  # type: ignore[attr-defined]
    )
    # The key goes in as the Settings screen puts it: checked, into the (test) OS keyring.
    clock = SystemClock()
    keyring = FileKeyring(str(shop["env"][FileKeyring.ENV]))  # type: ignore[index]
    db = open_store(
        data_dir, keyring_backend=keyring, passphrase_provider=lambda: PASSPHRASE, clock=clock,
        create_if_missing=False,
    )  # fmt: skip
    try:
        key = stripe.api_key  # type: ignore[attr-defined]
        SecretStore(db, AuditLog(db, clock), clock, keyring).save_stripe_key(
            key, key_format(key), actor_id=None
        )
    finally:
        db.close()
    location, _demo_reader = stripe.register_demo_reader()  # type: ignore[attr-defined]
    registered = cli(
        shop,
        "reader",
        "register",
        "--code",
        "simulated-wpe",
        "--label",
        "Till 1",
        "--location",
        location,
        *where,
    )
    assert registered.returncode == 0, registered.stderr
    listing = cli(shop, "reader", "list", *where)
    assert listing.returncode == 0 and "Till 1" in listing.stdout and "(this till)" in listing.stdout
    return str(data_dir)


def test_doctor_passes_on_a_healthy_till_and_names_the_fix_on_a_broken_one(shop: dict[str, object]) -> None:
    data_dir = _set_up_a_healthy_till(shop)
    healthy = cli(shop, "doctor", "--data-dir", data_dir)
    assert healthy.returncode == 0, healthy.stdout + healthy.stderr
    assert "8 of 8 checks passed" in healthy.stdout and "FAIL" not in healthy.stdout
    assert (
        "test mode" in healthy.stdout
        and "Till 1 online" in healthy.stdout
        and "SQLCipher 4" in healthy.stdout
    )
    key = shop["stripe"].api_key  # type: ignore[attr-defined]
    assert key not in healthy.stdout + healthy.stderr

    shop["printer"].device.paper_out = True  # type: ignore[attr-defined]
    shop["status"].stop()  # type: ignore[attr-defined]
    stripe = shop["stripe"]
    with stripe.state.lock:  # type: ignore[attr-defined]
        reader_id = next(r for r, v in stripe.state.readers.items() if v["label"] == "Till 1")  # type: ignore[attr-defined]
    stripe.faults.add("reader_offline", reader_id=reader_id, count=None)  # type: ignore[attr-defined]
    # (the till tightens its folder and files itself at every start, so a loose folder heals; see
    # test_a_loose_data_folder_fails_the_check for that check on its own)
    broken = cli(shop, "doctor", "--data-dir", data_dir)
    assert broken.returncode == 1
    failed = [line.split()[0] for line in broken.stdout.splitlines() if "  FAIL  " in line]
    assert failed == ["Card", "Status", "Printer"], broken.stdout
    assert broken.stdout.count("fix: ") == 3
    assert "out of paper" in broken.stdout and "Till 1 is offline" in broken.stdout
    assert "5 of 8 checks passed" in broken.stdout


def test_a_loose_data_folder_fails_the_check(tmp_path: Path) -> None:
    from dripos_terminal.services.doctor import check_permissions

    os.chmod(tmp_path, 0o755)
    (tmp_path / "dripos.db").write_bytes(b"")
    os.chmod(tmp_path / "dripos.db", 0o644)
    check = check_permissions(tmp_path)
    assert not check.ok and "755" in check.detail and "dripos.db is 644" in check.detail
    assert "chmod 700" in (check.fix or "")
    os.chmod(tmp_path, 0o700)
    os.chmod(tmp_path / "dripos.db", 0o600)
    assert check_permissions(tmp_path).ok


def test_version() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "dripos_terminal.cli", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0 and out.stdout.startswith("dripos-terminal ")
