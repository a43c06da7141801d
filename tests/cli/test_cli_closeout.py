"""The close-out on the command line, a subprocess per command, against the Stripe simulator: after an
incident's stored payments (one will be declined) and a cash sale, a manager opens the drawer,
forwards the batch, settles the decline, closes the batch, counts and closes the drawer and takes the
Z report — whose JSON equals the store by value — then exports it. `demo seed-day` fills a demo
folder through the real services, and its X report balances."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from dripos_terminal.clock import SystemClock
from dripos_terminal.composition.core import build_services
from dripos_terminal.config import Config
from dripos_terminal.domain.offline_policy import OfflineLimits
from dripos_terminal.payments.forwarder import forwarding_gateway
from dripos_terminal.services.offline_payments import OfflinePayments, OfflineSetup
from dripos_terminal.sim.stripe import StripeSimulator
from dripos_terminal.store.keys import open_store
from tests.cli.test_cli_support import PASSPHRASE, _set_up_a_healthy_till, cli
from tests.integration.offline.offline_harness import DECLINE_PAN, keyed
from tests.support.closeout import assert_no_card_number, assert_report_matches_store
from tests.support.keyring import FileKeyring
from tests.support.money import assert_orders_match_payments, assert_stripe_matches_till

MANAGER_PIN = "9999\n"


def _open(shop: dict[str, object]) -> object:
    keyring = FileKeyring(str(shop["env"][FileKeyring.ENV]))  # type: ignore[index]
    return open_store(
        Path(str(shop["dir"])), keyring_backend=keyring, passphrase_provider=lambda: PASSPHRASE,
        clock=SystemClock(), create_if_missing=False,
    )  # fmt: skip


def _incident(shop: dict[str, object]) -> tuple[list[str], str]:
    """The till during the incident, as its screens drive the services: two stored cards (the second
    will be declined) and a cash sale. Returns the stored payment ids and the business day."""
    stripe = shop["stripe"]
    assert isinstance(stripe, StripeSimulator)
    db = _open(shop)
    clock = SystemClock()
    try:
        services = build_services(db, config=Config(), clock=clock)  # type: ignore[arg-type]
        alex = next(m for m in services.staff.members() if m.name == "Alex")
        offline = OfflinePayments(
            setup=OfflineSetup(limits=OfflineLimits(), till_id="till-1"),
            payments=services.payments,
            sales=services.sales,
            settings=services.settings,
            audit=services.audit,
            gateway=forwarding_gateway(stripe.api_key, stripe.base_url, services.payments, clock),
            clock=clock,
            reader_online=lambda: True,
        )
        offline.policy.set_manual_entry(True, alex)
        offline.switch_offline(alex, alex)
        stored = []
        for number, tip in (("4242424242424242", 60), (DECLINE_PAN, 40)):
            sale = services.sales.start_order(alex)
            sale.add_item("latte", {"size": ["large"]})
            due = sale.order.balance_due.amount
            stored.append(
                offline.sale_checkout(sale, None).store_offline(due, tip, keyed(clock, number)).payment_id
            )
        sale = services.sales.start_order(alex)
        sale.add_item("croissant")
        sale.add_cash(1000)
        services.sales.complete(sale)
        return stored, services.sales.business_date().isoformat()
    finally:
        db.close()  # type: ignore[attr-defined]


@pytest.fixture
def till(shop: dict[str, object]) -> Iterator[dict[str, object]]:
    _set_up_a_healthy_till(shop)
    yield shop


def _json(result: object) -> dict[str, object]:
    assert result.returncode == 0, result.stderr  # type: ignore[attr-defined]
    return json.loads(result.stdout)  # type: ignore[attr-defined]


def test_close_out_on_the_command_line(till: dict[str, object], tmp_path: Path) -> None:
    where = ("--data-dir", str(till["dir"]))
    opened = _json(cli(till, "drawer", "open", "2000x5", *where, "--json", stdin=MANAGER_PIN))
    assert opened["float"] == 10_000 and opened["open"] is True
    stored, day = _incident(till)
    listed = _json(cli(till, "batch", "list", *where, "--json"))
    assert [p["status"] for p in listed["open"]["payments"]] == ["pending", "pending"]
    assert {p["card"][-4:] for p in listed["open"]["payments"]} == {"4242", "9995"}
    refused = cli(till, "batch", "close", *where, stdin=MANAGER_PIN)
    assert refused.returncode == 1 and "no final outcome yet" in refused.stderr
    wrong = cli(till, "batch", "forward", *where, stdin="1234\n")
    assert wrong.returncode == 1
    forwarded = _json(cli(till, "batch", "forward", *where, "--json", stdin=MANAGER_PIN))
    assert forwarded["results"] == {"declined": 1, "succeeded": 1}
    early = cli(till, "batch", "close", *where, stdin=MANAGER_PIN)
    assert early.returncode == 1 and "no decision yet" in early.stderr
    resolved = _json(
        cli(till, "batch", "resolve", stored[1], "--action", "write-off", *where, "--json", stdin=MANAGER_PIN)
    )
    assert resolved["resolution"] == "write_off"
    closed = _json(cli(till, "batch", "close", *where, "--json", stdin=MANAGER_PIN))
    assert (closed["number"], closed["payments"], closed["approved_count"], closed["declined_count"]) == (
        1,
        2,
        1,
        1,
    )
    assert closed["total_minor"] == closed["approved_minor"] + closed["declined_minor"]
    shown = _json(cli(till, "batch", "show", "1", *where, "--json"))
    assert sum(i["amount_minor"] + i["tip_minor"] for i in shown["items"]) == closed["total_minor"]
    assert (
        _json(
            cli(till, "drawer", "paid-out", "250", "--reason", "milk", *where, "--json", stdin=MANAGER_PIN)
        )["paid_out"]
        == 250
    )
    drawer = _json(cli(till, "drawer", "show", *where, "--json"))
    assert drawer["expected"] == 10_000 + drawer["cash_sales"] - drawer["cash_refunds"] - 250
    dollars, cents = divmod(drawer["expected"], 100)
    counted = _json(
        cli(till, "drawer", "close", f"100x{dollars}", f"1x{cents}", *where, "--json", stdin=MANAGER_PIN)
    )
    assert counted["variance"] == 0 and counted["open"] is False
    z = _json(cli(till, "report", "z", *where, "--json", stdin=MANAGER_PIN))
    assert z["number"] == 1 and z["business_day"] == day
    db = _open(till)
    try:
        store = assert_report_matches_store(z, db)  # type: ignore[arg-type]
        assert z["tenders"]["written_off"] > 0 and z["balance_due"] == 0
        assert z["cash"] == {"expected": drawer["expected"], "counted": drawer["expected"], "variance": 0}
        assert drawer["cash_sales"] == store["cash_in"]
        assert_stripe_matches_till(till["stripe"].ledger, db, acknowledged=[stored[0]])  # type: ignore[attr-defined]
        assert_orders_match_payments(db)  # type: ignore[arg-type]
    finally:
        db.close()  # type: ignore[attr-defined]
    again = cli(till, "report", "z", *where, "--json")  # the stored Z: no PIN needed to read it
    assert _json(again) == z
    for kind in ("csv", "pdf"):
        out = tmp_path / f"z.{kind}"
        done = cli(till, "report", "z", *where, "--export", kind, "--out", str(out))
        assert done.returncode == 0, done.stderr
        assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
        assert_no_card_number(out, "4242424242424242", DECLINE_PAN)
    batch_csv = tmp_path / "batch.csv"
    assert (
        cli(till, "batch", "export", "1", "--format", "csv", "--out", str(batch_csv), *where).returncode == 0
    )
    lines = assert_no_card_number(batch_csv, "4242424242424242", DECLINE_PAN)
    assert any("Visa •••• 4242" in line for line in lines)
    printed = cli(till, "report", "z", *where, "--print")
    assert printed.returncode == 0, printed.stderr
    device = till["printer"].device  # type: ignore[attr-defined]
    assert f"Z REPORT #{z['number']}" in device.printed_text


def test_usage_and_refusals(till: dict[str, object], tmp_path: Path) -> None:
    where = ("--data-dir", str(till["dir"]))
    assert cli(till, "drawer", "paid-in", "100", "--reason", "x", *where, stdin=MANAGER_PIN).returncode == 1
    assert cli(till, "drawer", "open", "2001x1", *where, stdin=MANAGER_PIN).returncode == 1
    assert cli(till, "report", "x", *where, "--export", "csv").returncode == 2  # no --out
    assert cli(till, "report", "x", "--day", "yesterday", *where).returncode == 2
    missing = cli(till, "report", "x", *where, "--export", "csv", "--out", str(tmp_path / "no" / "x.csv"))
    assert missing.returncode == 1 and "no folder" in missing.stderr


def test_demo_seed_day_sells_a_realistic_day_through_the_services(
    shop: dict[str, object], tmp_path: Path
) -> None:
    folder = tmp_path / "demo"
    env = dict(shop["env"])  # type: ignore[arg-type]
    env.pop("DRIPOS_TERMINAL_PASSPHRASE")
    seeded = cli(
        {"env": env},
        "demo",
        "seed-day",
        "--orders",
        "160",
        "--day",
        "2026-03-31",
        "--data-dir",
        str(folder),
        "--json",
    )
    report = _json(seeded)
    assert (
        report["orders"] >= 150
        and report["offline"] > 0
        and report["card_present"] > 0
        and report["cash"] > 0
    )
    x = _json(
        cli({"env": env}, "report", "x", "--demo", "--day", "2026-03-31", "--data-dir", str(folder), "--json")
    )
    assert x["orders"] == report["orders"] - report["voids"]
    assert x["voids"]["count"] == report["voids"]
    assert x["cash"]["counted"] is not None and x["cash"]["variance"] == -35
    assert sum(x["tenders"].values()) + x["balance_due"] == (
        x["gross_sales"] - x["discounts"] + x["tax"] + x["tips"] - x["refunds"]
    )
    refused = cli(shop, "report", "x", "--day", "2026-03-31", "--data-dir", str(folder))
    assert refused.returncode == 1 and "demo" in refused.stderr  # a demo folder is never a shop's
