"""Every simulator fault while forwarding: lost = 0, duplicates = 0."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from dripos_terminal.clock import FakeClock
from dripos_terminal.domain.payment import PaymentStatus
from dripos_terminal.payments.charge_check import Verdict
from dripos_terminal.payments.offline_reconcile import RowOutcome
from dripos_terminal.sim.stripe import StripeSimulator
from dripos_terminal.store.outbox import Parked
from tests.integration.offline.offline_harness import assert_exactly_once, open_till

PI = "/v1/payment_intents"
PM = "/v1/payment_methods"


@pytest.mark.parametrize(
    ("fault", "kw"),
    [
        ("api_error", {"status": 500, "count": 3, "path_prefix": PI}),
        ("api_error", {"status": 503, "count": 2, "path_prefix": PM}),
        ("drop_connection", {"count": 3, "path_prefix": PI}),
        ("drop_connection", {"count": 2, "path_prefix": PM}),
        ("commit_then_drop", {"count": 3, "path_prefix": PI}),
        ("commit_then_drop", {"count": 3, "path_prefix": PM}),
        ("rate_limit_storm", {"count": 6}),
        ("latency", {"seconds": 0.05, "count": 2, "path_prefix": PI}),
    ],
)
def test_fault_while_forwarding(
    sim: StripeSimulator, db_path: Path, db_key: bytes, fault: str, kw: dict[str, object]
) -> None:
    clock = FakeClock()
    till = open_till(db_path, db_key, sim, clock, concurrency=2)
    try:
        ids = [till.sell(300 + i, tip=25 * i) for i in range(4)]
        injected = sim.faults.add(fault, **kw)  # type: ignore[arg-type]
        report = till.forwarder.forward_all()
        # the fault really fired, every time it was armed for, on the requests it was aimed at
        assert injected.fired == kw["count"]
        hit = [r for r in sim.ledger.request_log() if r.fault == fault]
        assert len(hit) == kw["count"]
        assert all(r.path.startswith(str(kw.get("path_prefix", "/v1/"))) for r in hit)
        assert report.succeeded == 4
        assert all(till.status(p) is PaymentStatus.SUCCEEDED for p in ids)
        assert_exactly_once(sim, till, ids)
        if fault == "rate_limit_storm":
            assert till.forwarder.backoff.rate_limited == kw["count"]
    finally:
        till.close()


def test_saved_500_parks_then_manager_retries_with_new_key(
    sim: StripeSimulator, db_path: Path, db_key: bytes
) -> None:
    clock = FakeClock()
    till = open_till(db_path, db_key, sim, clock, max_attempts=3)
    try:
        pid = till.sell(450, tip=60)
        saved = sim.faults.api_error(500, count=1, path_prefix=PI, saved=True)  # replayed as 500 forever
        till.forwarder.forward_all()
        assert saved.fired == 1
        replays = [r for r in sim.ledger.request_log() if r.path == PI and r.method == "POST"]
        assert len(replays) == 3 and all(r.status == 500 for r in replays)
        assert [r.replayed for r in replays] == [False, True, True]
        item = till.outbox.get(pid)
        assert item.status is PaymentStatus.PARKED and item.outcome_code == Parked.TOO_MANY_TRIES.value
        assert [a.item.id for a in till.forwarder.list_needs_attention()] == [pid]
        assert sim.ledger.charges() == []
        check = till.forwarder.retry_with_new_key(pid, "mgr-1")
        assert check.verdict is Verdict.NOT_CHARGED, check.summary  # its saved 500 made nothing
        assert any("HTTP 500" in c for c in check.checks) and any("Listed every" in c for c in check.checks)
        till.forwarder.forward_all()
        assert till.status(pid) is PaymentStatus.SUCCEEDED
        assert_exactly_once(sim, till, [pid])
        assert till.audit.list(action="offline.retry_new_key").result()[-1].actor_id == "mgr-1"
    finally:
        till.close()


def test_should_retry_false_parks_until_requeued(sim: StripeSimulator, db_path: Path, db_key: bytes) -> None:
    clock = FakeClock()
    till = open_till(db_path, db_key, sim, clock, concurrency=1)
    try:
        pid = till.sell(450, tip=45)
        refused = sim.faults.rate_limit_storm(count=1, should_retry=False)
        report = till.forwarder.forward_all()
        assert refused.fired == 1
        assert report.results[-1].outcome is RowOutcome.PARKED
        assert till.outbox.get(pid).outcome_code == Parked.REFUSED.value
        till.forwarder.requeue(pid, "mgr-1")
        till.forwarder.forward_all()
        assert_exactly_once(sim, till, [pid])
    finally:
        till.close()


def test_timeout_is_replayed_with_the_same_key(sim: StripeSimulator, db_path: Path, db_key: bytes) -> None:
    clock = FakeClock()
    till = open_till(db_path, db_key, sim, clock, timeout_s=0.2, concurrency=1)
    try:
        pid = till.sell(450, tip=50)
        slow = sim.faults.latency(0.5, count=1, path_prefix=PI)
        first = till.forwarder.forward_all(wait_for_retries=False)
        assert slow.fired == 1
        assert first.results[-1].outcome is RowOutcome.RETRY_LATER
        # the simulator's latency is real time: the first request finishes there after the till gave up
        assert sim.ledger.wait_for_request(lambda r: r.fault == "latency", timeout=10)
        till.forwarder.forward_all()
        assert till.status(pid) is PaymentStatus.SUCCEEDED
        assert_exactly_once(sim, till, [pid])
        keys = [r.idempotency_key for r in sim.ledger.request_log() if r.path == PI]
        assert len(set(keys)) == 1 and len(keys) >= 2
    finally:
        till.close()


def test_stop_sends_nothing_new_and_leaves_committed_state(
    sim: StripeSimulator, db_path: Path, db_key: bytes
) -> None:
    """Stopping while requests are in flight: the requests already at Stripe finish and are recorded,
    nothing new is sent after `stop()` returns, no row is left `sending`, and a later pass charges
    every payment exactly once."""
    from dripos_terminal.clock import SystemClock

    till = open_till(db_path, db_key, sim, SystemClock(), concurrency=2)
    try:
        ids = [till.sell(200 + i, tip=10 * (i % 3)) for i in range(30)]
        held = sim.faults.latency(0.3, count=None, path_prefix=PI)  # every PaymentIntent POST is slow
        till.forwarder.start()
        assert sim.faults.wait_fired(held, 1, timeout=10)  # a PaymentIntent request is in flight now
        till.forwarder.stop()
        assert not till.forwarder.running
        assert [t.name for t in threading.enumerate() if t.name.startswith("dripos-forward")] == []
        # prompt: each of the two workers finished the row it had in flight and took no other
        log = sim.ledger.request_log()
        assert 1 <= len([r for r in log if r.path == PI]) <= 2
        statuses = {p: till.status(p) for p in ids}
        assert PaymentStatus.SENDING not in statuses.values()
        assert list(statuses.values()).count(PaymentStatus.PENDING) >= len(ids) - 2
        sim.faults.clear(held.id)
        till.forwarder.recover()
        till.forwarder.forward_all()
        assert_exactly_once(sim, till, ids)
    finally:
        till.close()
