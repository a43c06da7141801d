from __future__ import annotations

import json
from pathlib import Path

import pytest

from dripos_terminal.clock import FakeClock
from dripos_terminal.domain.offline_policy import OfflineLimits, Verdict, WarningLevel
from dripos_terminal.domain.payment import PaymentStatus
from dripos_terminal.domain.staff import PermissionDeniedError
from dripos_terminal.payments.offline_capture import CapExceeded, OfflineEntryDisabled
from dripos_terminal.payments.ports import ResultStatus
from dripos_terminal.sim.stripe import StripeSimulator
from tests.integration.offline.offline_harness import BARISTA, MANAGER, TEST_CVC, TEST_PAN, keyed, open_till

CAPPED = OfflineLimits(per_payment_cap_minor=1_000, total_cap_minor=1_500, count_cap=10)


def test_offline_entry_is_off_by_default_and_stores_nothing(
    sim: StripeSimulator, db_path: Path, db_key: bytes
) -> None:
    clock = FakeClock()
    till = open_till(db_path, db_key, sim, clock, enable=False)
    try:
        assert not till.capture.manual_entry_enabled()
        card = keyed(clock)
        with pytest.raises(OfflineEntryDisabled, match="switched off"):
            till.store("o1", 450, card)
        assert card.dropped
        assert till.outbox.items() == []
        with pytest.raises(PermissionDeniedError):
            till.capture.set_manual_entry(True, BARISTA)
        till.capture.set_manual_entry(True, MANAGER)
        assert till.capture.manual_entry_enabled()
        entries = till.audit.list(action="offline.manual_entry_setting").result()
        assert entries[-1].actor_id == "mgr-1"
        notice = entries[-1].details["notice"]
        assert "PCI" in notice and "raw card data APIs" in notice
        assert "If the issuer declines, there's no way to recover the funds" in notice.replace(
            "if the issuer declines", "If the issuer declines"
        )
    finally:
        till.close()


def test_capture_commits_row_requests_and_audit_in_one_go_without_cvc(
    sim: StripeSimulator, db_path: Path, db_key: bytes
) -> None:
    clock = FakeClock()
    till = open_till(db_path, db_key, sim, clock)
    try:
        card = keyed(clock)
        res = till.store("ord-9", 450, card, tip=50)
        assert card.dropped and (res.brand, res.last4) == ("visa", "4242")
        assert res.status is ResultStatus.STORED and res.tip_minor == 50
        summary = till.capture.queue_summary()
        assert summary.count == 1 and summary.total_minor == 500
        row = till.db.call(
            lambda c: dict(c.execute("SELECT * FROM payments WHERE id=?", (res.payment_id,)).fetchone())
        )
        assert row["kind"] == "offline_card" and row["status"] == PaymentStatus.PENDING.value
        assert row["pan"] == TEST_PAN and row["postal_code"] == "97205"
        assert (row["exp_month"], row["exp_year"], row["last4"]) == (12, 2030, "4242")
        assert TEST_CVC not in json.dumps(row)
        reqs = till.db.call(
            lambda c: [
                dict(r)
                for r in c.execute("SELECT * FROM stripe_requests WHERE payment_id=?", (res.payment_id,))
            ]
        )
        assert sorted(r["purpose"] for r in reqs) == ["offline_payment_intent", "offline_payment_method"]
        for r in reqs:
            assert TEST_PAN not in r["params"] and "cvc" not in r["params"] and "number" not in r["params"]
        pi = next(json.loads(r["params"]) for r in reqs if r["purpose"] == "offline_payment_intent")
        assert pi["amount"] == 500 and pi["confirm"] is True
        assert set(pi["metadata"]) == {"payment_id", "order_id", "till_id", "offline_stored_at"}
        stored = till.audit.list(action="offline.stored").result()
        assert stored[-1].subject == res.payment_id and stored[-1].actor_id == "bar-1"
    finally:
        till.close()


def test_caps_refuse_and_manager_override(sim: StripeSimulator, db_path: Path, db_key: bytes) -> None:
    clock = FakeClock()
    till = open_till(db_path, db_key, sim, clock, limits=CAPPED)
    try:
        till.sell(900)
        assert till.capture.check(700).verdict is Verdict.NEEDS_OVERRIDE
        with pytest.raises(CapExceeded, match=r"\$15.00 in total \(\$6.00 left\)"):
            till.store("o2", 700, keyed(clock))
        with pytest.raises(CapExceeded):  # a barista cannot override
            till.store("o2", 700, keyed(clock), override_by=BARISTA)
        assert len(till.outbox.items()) == 1
        res = till.store("o2", 700, keyed(clock), override_by=MANAGER)
        assert res.overridden_by == "mgr-1"
        audit = till.audit.list(action="offline.cap_override").result()
        assert audit[-1].actor_id == "mgr-1" and audit[-1].details["caps"] == ["total"]
    finally:
        till.close()


def test_queue_summary_warns_at_12h_and_counts_down(
    sim: StripeSimulator, db_path: Path, db_key: bytes
) -> None:
    clock = FakeClock()
    till = open_till(db_path, db_key, sim, clock)
    try:
        till.sell(450)
        clock.advance(12 * 3600)
        s = till.capture.queue_summary()
        assert s.warning is WarningLevel.WARN and s.countdown_text() == "Forward within 12 h 00 min"
        clock.advance(12 * 3600)
        assert till.capture.queue_summary().warning is WarningLevel.OVERDUE
        assert "24-hour deadline" in till.capture.check(100).message
    finally:
        till.close()
