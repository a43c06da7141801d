"""After a full run: no test PAN and no CVC in the database files, WAL/SHM, logs or temp directory."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

import pytest

from dripos_terminal.clock import FakeClock
from dripos_terminal.redaction import RedactingFilter
from dripos_terminal.sim.stripe import StripeSimulator
from tests.integration.offline.offline_harness import DECLINE_PAN, TEST_CVC, TEST_PAN, open_till

SECRETS = [TEST_PAN.encode(), DECLINE_PAN.encode()]


def _cvc_leak(text: str) -> bool:
    return any(
        f"{k}{sep}{TEST_CVC}" in text for k in ("cvc", "cvv", "cvc]") for sep in ("=", ": ", '": "', ":")
    )


def test_full_run_leaves_no_card_data(
    sim: StripeSimulator, tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    log_file = tmp_path / "till.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    caplog.set_level(logging.DEBUG)
    clock = FakeClock()
    db_path = tmp_path / "till.db"
    till = open_till(db_path, os.urandom(32), sim, clock)
    try:
        for i in range(10):
            till.sell(100 + i, number=DECLINE_PAN if i % 4 == 0 else TEST_PAN)
        sim.faults.drop_connection(count=2, path_prefix="/v1/payment_intents")
        till.forwarder.forward_all()
        assert till.outbox.unfinished() == []
        dump = till.db.call(
            lambda c: [
                tuple(r)
                for t in ("payments", "stripe_requests", "audit_log", "settings")
                for r in c.execute(f"SELECT * FROM {t}")
            ]
        )
        text = repr(dump)
        assert TEST_PAN not in text and DECLINE_PAN not in text and not _cvc_leak(text)
    finally:
        till.close()
        root.removeHandler(handler)
        handler.close()
    logs = caplog.text + log_file.read_text(encoding="utf-8")
    assert logs  # something was logged
    assert TEST_PAN not in logs and DECLINE_PAN not in logs and not _cvc_leak(logs)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(s in data for s in SECRETS), path.name
