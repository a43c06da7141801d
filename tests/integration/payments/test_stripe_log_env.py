"""`STRIPE_LOG=debug` makes the stripe SDK print request bodies (card[number], card[cvc]) and keys to
stderr, past every logging filter. A real keyed payment, run in a child process started through the
till's entry point with that variable set, must leave no card number, CVC or key in stderr, in the
log file, or in the database files (raw bytes). A control run without the entry point shows that the
SDK really prints them when nothing stops it.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from dripos_terminal.clock import SystemClock
from dripos_terminal.sim.stripe import StripeSimulator
from dripos_terminal.store.keys import ScryptParams, open_store
from tests.integration.payments.stripe_log_driver import AMOUNT, CVC, ENV_KEY, PAN, PASSPHRASE
from tests.support.money import Sale, assert_stripe_matches_till, till_payments

REPO = Path(__file__).resolve().parents[3]
DRIVER = "tests.integration.payments.stripe_log_driver"
LOG_FILENAME = "dripos-terminal.log"
CVC_NEAR_KEY = re.compile(rf"(?i)(cvc|cvv)\W{{0,12}}{CVC}(?!\d)")


def _run(mode: str, data_dir: Path, sim: StripeSimulator) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STRIPE_LOG": "debug", ENV_KEY: sim.api_key, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", DRIVER, mode, str(data_dir), sim.base_url],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _leaks(text: str, api_key: str) -> list[str]:
    found = []
    if PAN in re.sub(r"[\s-]", "", text):
        found.append("card number")
    if CVC_NEAR_KEY.search(text):
        found.append("CVC")
    if api_key in text or api_key.split("_", 2)[-1] in text:
        found.append("API key")
    return found


def test_the_sdk_prints_card_data_when_nothing_stops_it(sim: StripeSimulator, tmp_path: Path) -> None:
    """Control: the fault is real (so the guarded run below proves something)."""
    proc = _run("bare", tmp_path, sim)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert f"RESULT approved {AMOUNT} usd" in proc.stdout
    assert "card number" in _leaks(proc.stderr, sim.api_key)
    assert "post_data" in proc.stderr


def test_stripe_log_debug_leaks_nothing_through_the_entry_point(sim: StripeSimulator, tmp_path: Path) -> None:
    data_dir = tmp_path / "till"
    data_dir.mkdir()
    proc = _run("entry", data_dir, sim)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert f"RESULT approved {AMOUNT} usd" in proc.stdout
    assert "STRIPE_LOG is ignored" in proc.stderr  # the operator is told why nothing is printed
    assert "post_data" not in proc.stderr
    assert _leaks(proc.stderr, sim.api_key) == []

    log_file = data_dir / LOG_FILENAME
    log_text = log_file.read_text(encoding="utf-8")
    assert "card payment" in log_text  # the till did log the payment, redacted
    assert _leaks(log_text, sim.api_key) == []
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600

    db_files = [p for p in data_dir.iterdir() if p.is_file() and p.name != LOG_FILENAME]
    assert {p.name for p in db_files} >= {"dripos.db", "key.recovery.json"}
    for path in db_files:
        raw = path.read_bytes()
        for needle in (PAN, f"cvc]={CVC}", f"%5Bcvc%5D={CVC}", f'"cvc":"{CVC}"', sim.api_key):
            assert needle.encode() not in raw, (path.name, needle[:6])

    # Money: Stripe charged exactly what the till recorded.
    db = open_store(
        data_dir,
        keyring_backend=None,
        passphrase_provider=lambda: PASSPHRASE,
        clock=SystemClock(),
        create_if_missing=False,
        scrypt_params=ScryptParams(n=2**10, r=8, p=1),
    )
    try:
        assert_stripe_matches_till(sim.ledger, db)
        (payment,) = till_payments(db).values()
        assert payment.status == "succeeded" and payment.sale == Sale(AMOUNT, 0, "usd")
    finally:
        db.close()


@pytest.mark.parametrize("preloaded", [False, True])
def test_guard_clears_the_variable_and_the_sdk_copy(monkeypatch: pytest.MonkeyPatch, preloaded: bool) -> None:
    import logging

    import stripe
    import stripe._util as sdk_util

    from dripos_terminal.stripe_log_guard import disarm_stripe_console_log

    monkeypatch.setenv("STRIPE_LOG", "debug")
    monkeypatch.setattr(sdk_util, "STRIPE_LOG", "debug" if preloaded else None)
    monkeypatch.setattr(stripe, "log", "info" if preloaded else None)
    sdk_logger = logging.getLogger("stripe")
    monkeypatch.setattr(sdk_logger, "level", logging.DEBUG)
    assert disarm_stripe_console_log() is True
    assert "STRIPE_LOG" not in os.environ
    assert sdk_util._console_log_level() is None
    assert sdk_logger.level == logging.INFO
    assert disarm_stripe_console_log() is False  # nothing left to switch off
