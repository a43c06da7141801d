"""A parked offline payment keeps its stored card number only until a manager decides.

Parked = Stripe's answer is unknown and no automatic retry may touch it, so the card number is still
on the till. Past the forwarding deadline it is escalated (audited and logged once, flagged on the
manager's list); "collect it another way" destroys the number once Stripe has shown nothing was
charged, and the order owes the amount. Real parts: SQLCipher, the forwarder, the stripe SDK over
HTTP to the simulator.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from dripos_terminal.clock import FakeClock
from dripos_terminal.composition.core import build_services
from dripos_terminal.config import Config
from dripos_terminal.domain.order_state import OrderState
from dripos_terminal.domain.payment import PaymentStatus
from dripos_terminal.payments.charge_check import Verdict
from dripos_terminal.sim.stripe import StripeSimulator
from dripos_terminal.store.database import Database
from dripos_terminal.store.outbox import (
    AUDIT_CHECKED,
    AUDIT_NOT_CHARGED,
    AUDIT_PARKED_OVERDUE,
    NOT_CHARGED_CODE,
    Parked,
)
from tests.integration.offline.offline_harness import BARISTA, MANAGER, TEST_PAN, Till, keyed, open_till
from tests.integration.offline.test_offline_service import _offline_payments
from tests.support.money import assert_orders_match_payments, assert_stripe_matches_till

PI = "/v1/payment_intents"
SEARCH = "/v1/payment_intents/search"


def _park_never_sent(
    sim: StripeSimulator, db_path: Path, db_key: bytes, clock: FakeClock
) -> tuple[Till, str]:
    """The till died right after committing `sending`; a day later its key is too old to replay and
    Stripe has no record: parked for a manager, card number still stored."""
    till = open_till(db_path, db_key, sim, clock)
    pid = till.sell(450, tip=70)
    till.forwarder.job.begin(till.outbox.get(pid))
    till.close()
    clock.advance(24 * 3600 + 60)
    till = open_till(db_path, db_key, sim, clock, sold=till.sold)
    till.forwarder.recover()
    item = till.outbox.get(pid)
    assert item.status is PaymentStatus.PARKED and item.outcome_code == Parked.NOT_FOUND.value
    assert item.has_card
    return till, pid


def _raw_pan(till: Till, pid: str) -> object:
    return till.db.call(lambda c: c.execute("SELECT pan FROM payments WHERE id = ?", (pid,)).fetchone()[0])


def test_a_parked_payment_past_its_deadline_is_escalated_once(
    sim: StripeSimulator, db_path: Path, db_key: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock()
    till, pid = _park_never_sent(sim, db_path, db_key, clock)
    try:
        [attention] = till.forwarder.list_needs_attention()
        assert attention.item.id == pid and attention.overdue
        assert "deadline" in attention.reason and "card number is still stored" in attention.reason
        with caplog.at_level(logging.WARNING, logger="dripos_terminal.payments"):
            assert till.forwarder.escalate_overdue() == [pid]
            assert till.forwarder.escalate_overdue() == []  # once, however often the forwarder passes
        [entry] = till.audit.list(action=AUDIT_PARKED_OVERDUE).result()
        assert entry.subject == pid and entry.details["has_card"] is True
        assert entry.details["hours_stored"] >= 24
        assert [r.message for r in caplog.records].count(
            f"offline payment {pid} is past its deadline and still waits for a manager's decision"
        ) == 1
    finally:
        till.close()


def test_a_parked_payment_inside_its_deadline_is_not_escalated(
    sim: StripeSimulator, db_path: Path, db_key: bytes
) -> None:
    clock = FakeClock()
    till = open_till(db_path, db_key, sim, clock, concurrency=1)
    try:
        pid = till.sell(450, tip=70)
        refused = sim.faults.rate_limit_storm(count=1, path_prefix=PI, should_retry=False)
        till.forwarder.forward_all(wait_for_retries=False)
        assert refused.fired == 1 and till.outbox.get(pid).parked
        clock.advance(23 * 3600)
        [attention] = till.forwarder.list_needs_attention()
        assert not attention.overdue and attention.reason.startswith("Needs a decision")
        assert till.forwarder.escalate_overdue() == []
        assert till.audit.list(action=AUDIT_PARKED_OVERDUE).result() == []
    finally:
        till.close()


def test_collecting_another_way_destroys_the_card_number_once_stripe_shows_no_charge(
    sim: StripeSimulator, db_path: Path, db_key: bytes
) -> None:
    clock = FakeClock()
    till, pid = _park_never_sent(sim, db_path, db_key, clock)
    try:
        posts_before = [r for r in sim.ledger.request_log() if r.path == PI and r.method == "POST"]
        check = till.forwarder.collect_another_way(pid, "mgr-1")
        assert check.verdict is Verdict.NOT_CHARGED, check.summary
        item = till.outbox.get(pid)
        assert item.status is PaymentStatus.DECLINED and item.outcome_code == NOT_CHARGED_CODE
        assert not item.has_card and _raw_pan(till, pid) is None
        for path in (db_path, Path(f"{db_path}-wal")):  # checkpointed: not left in the WAL either
            assert not path.exists() or TEST_PAN.encode() not in path.read_bytes()
        till.forwarder.forward_all()
        posts_after = [r for r in sim.ledger.request_log() if r.path == PI and r.method == "POST"]
        assert posts_after == posts_before and sim.ledger.charges() == []  # nothing sent, nothing charged
        assert till.forwarder.list_needs_attention()[0].item.id == pid  # a decline the manager sees
        [checked] = till.audit.list(action=AUDIT_CHECKED).result()
        [decided] = till.audit.list(action=AUDIT_NOT_CHARGED).result()
        assert checked.actor_id == decided.actor_id == "mgr-1" and checked.details["verdict"] == "not_charged"
        assert_stripe_matches_till(sim.ledger, till.db)
    finally:
        till.close()


def test_collecting_another_way_while_stripe_cannot_tell_changes_nothing(
    sim: StripeSimulator, db_path: Path, db_key: bytes
) -> None:
    clock = FakeClock()
    till, pid = _park_never_sent(sim, db_path, db_key, clock)
    try:
        search_429 = sim.faults.rate_limit_storm(count=None, path_prefix=SEARCH, should_retry=False)
        list_429 = sim.faults.rate_limit_storm(count=1, path_prefix=PI, should_retry=False)
        check = till.forwarder.collect_another_way(pid, "mgr-1")
        assert search_429.fired >= 1 and list_429.fired == 1
        assert check.verdict is Verdict.NOT_KNOWN_YET, check.summary
        item = till.outbox.get(pid)
        assert item.status is PaymentStatus.PARKED and item.has_card  # unknown never becomes "not charged"
        assert till.audit.list(action=AUDIT_NOT_CHARGED).result() == []
    finally:
        till.close()


def test_collecting_another_way_when_stripe_did_charge_records_the_charge(
    sim: StripeSimulator, db_path: Path, db_key: bytes
) -> None:
    clock = FakeClock()
    till = open_till(db_path, db_key, sim, clock, concurrency=1)
    try:
        pid = till.sell(620, tip=80)
        dropped = sim.faults.commit_then_drop(count=1, path_prefix=PI, method="POST")
        till.forwarder.forward_all(wait_for_retries=False)
        refused = sim.faults.rate_limit_storm(count=1, path_prefix=PI, should_retry=False)
        clock.advance(60)
        till.forwarder.forward_all(wait_for_retries=False)
        assert dropped.fired == 1 and refused.fired == 1 and till.outbox.get(pid).parked
        check = till.forwarder.collect_another_way(pid, "mgr-1")
        assert check.verdict is Verdict.CHARGED, check.summary
        item = till.outbox.get(pid)
        assert item.status is PaymentStatus.SUCCEEDED and not item.has_card
        assert till.audit.list(action=AUDIT_NOT_CHARGED).result() == []
        assert_stripe_matches_till(sim.ledger, till.db, sold=till.sold, acknowledged=[pid])
    finally:
        till.close()


def test_the_order_of_a_payment_collected_another_way_owes_its_amount(
    sim: StripeSimulator, db_path: Path, db_key: bytes
) -> None:
    clock = FakeClock()
    db = Database.open(db_path, db_key, clock=clock, create=True)
    try:
        services = build_services(db, config=Config(), clock=clock)
        offline = _offline_payments(sim, services, clock, {"online": False})
        offline.policy.set_manual_entry(True, MANAGER)
        offline.switch_offline(BARISTA, MANAGER)
        sale = services.sales.start_order(BARISTA)
        sale.add_item("espresso")
        due = sale.order.balance_due.amount
        stored = offline.sale_checkout(sale, None).store_offline(due, 40, keyed(clock))
        assert sale.order.state is OrderState.PAID
        offline.forwarder.job.begin(offline.outbox.get(stored.payment_id))  # the till died mid-send
        clock.advance(25 * 3600)
        offline.forwarder.recover()
        assert offline.outbox.get(stored.payment_id).parked
        assert offline.forwarder.collect_another_way(stored.payment_id, MANAGER.staff_id).verdict is (
            Verdict.NOT_CHARGED
        )
        order = services.sales.load(sale.order.order_id)
        # the sale is owed; the tip went with the card that was not charged
        assert order.state is OrderState.BALANCE_DUE and order.balance_due.amount == due
        assert sim.ledger.charges() == []
        assert_orders_match_payments(db)
    finally:
        db.close()
