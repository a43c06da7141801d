"""Start-up: `sending` rows become `unknown` and are reconciled before anything else is sent."""

from __future__ import annotations

from pathlib import Path

from dripos_terminal.clock import FakeClock
from dripos_terminal.domain.payment import PaymentStatus
from dripos_terminal.payments.forwarder import forwarding_gateway
from dripos_terminal.sim.stripe import StripeSimulator
from dripos_terminal.store.outbox import PI_PURPOSE, Parked
from dripos_terminal.store.payments import PaymentStore
from tests.integration.offline.offline_harness import Till, assert_exactly_once, open_till

PI = "/v1/payment_intents"


def _crash_after_pi_sent(till: Till, sim: StripeSimulator, pid: str) -> None:
    """The till died after Stripe charged the card but before the outcome was recorded: `sending` is
    committed, the PaymentIntent POST went out under the row's persisted key, and its answer was lost
    with the process (here: sent through a gateway of its own, whose answer nobody records)."""
    job = till.forwarder.job
    item = till.outbox.get(pid)
    job.begin(item)
    pm = job.send_payment_method(item)
    assert isinstance(pm, str)
    key, _ = till.outbox.request_key(pid, PI_PURPOSE)
    in_flight = forwarding_gateway(sim.api_key, sim.base_url, PaymentStore(till.db, till.clock), till.clock)
    in_flight.send(key, secret_params={"payment_method": pm})
    till.close()


def _pi_posts(sim: StripeSimulator) -> list[bool]:
    return [r.replayed for r in sim.ledger.request_log() if r.path == PI and r.method == "POST"]


def test_sending_row_is_replayed_with_the_same_key_within_23h(
    sim: StripeSimulator, db_path: Path, db_key: bytes
) -> None:
    clock = FakeClock()
    till = open_till(db_path, db_key, sim, clock)
    pid, other = till.sell(450, tip=90), till.sell(300, tip=45)
    _crash_after_pi_sent(till, sim, pid)
    clock.advance(22 * 3600)
    till = open_till(db_path, db_key, sim, clock, sold=till.sold)
    try:
        assert till.status(pid) is PaymentStatus.SENDING
        report = till.forwarder.recover()
        assert [r.payment_id for r in report.results] == [pid]  # reconciled before `other` is sent
        assert till.status(pid) is PaymentStatus.SUCCEEDED and till.status(other) is PaymentStatus.PENDING
        assert _pi_posts(sim) == [False, True]  # the second POST was a replay: same key, saved answer
        till.forwarder.forward_all()
        assert_exactly_once(sim, till, [pid, other])
    finally:
        till.close()


def test_sending_row_older_than_23h_is_found_by_metadata_search(
    sim: StripeSimulator, db_path: Path, db_key: bytes
) -> None:
    clock = FakeClock()
    till = open_till(db_path, db_key, sim, clock)
    pid = till.sell(450, tip=70)
    _crash_after_pi_sent(till, sim, pid)
    clock.advance(23 * 3600)
    till = open_till(db_path, db_key, sim, clock, sold=till.sold)
    try:
        till.forwarder.recover()
        item = till.outbox.get(pid)
        assert item.status is PaymentStatus.SUCCEEDED and item.payment_intent_id
        assert not item.has_card
        assert _pi_posts(sim) == [False]  # nothing re-sent: found by search
        assert any(r.path == f"{PI}/search" for r in sim.ledger.request_log())
        assert_exactly_once(sim, till, [pid])
    finally:
        till.close()


def test_old_unknown_row_not_found_waits_for_a_manager(
    sim: StripeSimulator, db_path: Path, db_key: bytes
) -> None:
    clock = FakeClock()
    till = open_till(db_path, db_key, sim, clock)
    pid = till.sell(450, tip=70)
    till.forwarder.job.begin(till.outbox.get(pid))  # died right after committing `sending`
    till.close()
    clock.advance(24 * 3600)
    till = open_till(db_path, db_key, sim, clock, sold=till.sold)
    try:
        till.forwarder.recover()
        till.forwarder.forward_all()
        item = till.outbox.get(pid)
        assert item.status is PaymentStatus.PARKED and item.outcome_code == Parked.NOT_FOUND.value
        assert item.has_card and sim.ledger.charges() == []
        till.forwarder.retry_with_new_key(pid, "mgr-1")
        till.forwarder.forward_all()
        assert_exactly_once(sim, till, [pid])
    finally:
        till.close()
