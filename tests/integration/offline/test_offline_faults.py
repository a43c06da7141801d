"""Every simulator fault while forwarding: lost = 0, duplicates = 0."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from offline_harness import assert_exactly_once, open_till

from dripos_terminal.clock import FakeClock
from dripos_terminal.domain.payment import PaymentStatus
from dripos_terminal.payments.offline_reconcile import RowOutcome
from dripos_terminal.sim.stripe import StripeSimulator
from dripos_terminal.store.outbox import Parked

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
        ("reader_offline", {"count": None}),
    ],
)
def test_fault_while_forwarding(
    sim: StripeSimulator, db_path: Path, db_key: bytes, fault: str, kw: dict[str, object]
) -> None:
    clock = FakeClock()
    till = open_till(db_path, db_key, sim, clock, concurrency=2)
    try:
        ids = [till.sell(300 + i) for i in range(4)]
        sim.faults.add(fault, **kw)  # type: ignore[arg-type]
        report = till.forwarder.forward_all()
        assert report.succeeded == 4
        assert all(till.status(p) is PaymentStatus.SUCCEEDED for p in ids)
        assert_exactly_once(sim, ids)
        if fault == "rate_limit_storm":
            assert till.forwarder.backoff.rate_limited >= 1
    finally:
        till.close()


def test_saved_500_parks_then_manager_retries_with_new_key(
    sim: StripeSimulator, db_path: Path, db_key: bytes
) -> None:
    clock = FakeClock()
    till = open_till(db_path, db_key, sim, clock, max_attempts=3)
    try:
        pid = till.sell(450)
        sim.faults.api_error(500, count=1, path_prefix=PI, saved=True)  # replayed as 500 forever
        till.forwarder.forward_all()
        item = till.outbox.get(pid)
        assert item.status is PaymentStatus.UNKNOWN and item.outcome_code == Parked.TOO_MANY_TRIES.value
        assert [a.item.id for a in till.forwarder.list_needs_attention()] == [pid]
        assert sim.ledger.charges() == []
        assert till.forwarder.retry_with_new_key(pid, "mgr-1") is None
        till.forwarder.forward_all()
        assert till.status(pid) is PaymentStatus.SUCCEEDED
        assert_exactly_once(sim, [pid])
        assert till.audit.list(action="offline.retry_new_key").result()[-1].actor_id == "mgr-1"
    finally:
        till.close()


def test_should_retry_false_parks_until_requeued(sim: StripeSimulator, db_path: Path, db_key: bytes) -> None:
    clock = FakeClock()
    till = open_till(db_path, db_key, sim, clock, concurrency=1)
    try:
        pid = till.sell(450)
        sim.faults.rate_limit_storm(count=1, should_retry=False)
        report = till.forwarder.forward_all()
        assert report.results[-1].outcome is RowOutcome.PARKED
        assert till.outbox.get(pid).outcome_code == Parked.REFUSED.value
        till.forwarder.requeue(pid, "mgr-1")
        till.forwarder.forward_all()
        assert_exactly_once(sim, [pid])
    finally:
        till.close()


def test_timeout_is_replayed_with_the_same_key(sim: StripeSimulator, db_path: Path, db_key: bytes) -> None:
    clock = FakeClock()
    till = open_till(db_path, db_key, sim, clock, timeout_s=0.2, concurrency=1)
    try:
        pid = till.sell(450)
        sim.faults.latency(0.5, count=1, path_prefix=PI)
        first = till.forwarder.forward_all(wait_for_retries=False)
        assert first.results[-1].outcome is RowOutcome.RETRY_LATER
        time.sleep(0.6)  # the simulator's latency is real time: let the first request finish there
        till.forwarder.forward_all()
        assert till.status(pid) is PaymentStatus.SUCCEEDED
        assert_exactly_once(sim, [pid])
        keys = [r.idempotency_key for r in sim.ledger.request_log() if r.path == PI]
        assert len(set(keys)) == 1 and len(keys) >= 2
    finally:
        till.close()


def test_stop_is_prompt_and_leaves_committed_state(
    sim: StripeSimulator, db_path: Path, db_key: bytes
) -> None:
    from dripos_terminal.clock import SystemClock

    till = open_till(db_path, db_key, sim, SystemClock(), concurrency=2)
    try:
        ids = [till.sell(200 + i) for i in range(30)]
        till.forwarder.start()
        deadline = time.monotonic() + 10
        while not sim.ledger.charges() and time.monotonic() < deadline:
            time.sleep(0.005)
        started = time.monotonic()
        till.forwarder.stop()
        assert time.monotonic() - started < 2.0
        assert not till.forwarder.running
        statuses = {till.status(p) for p in ids}
        assert PaymentStatus.SENDING not in statuses
        till.forwarder.recover()
        till.forwarder.forward_all()
        assert_exactly_once(sim, ids)
    finally:
        till.close()
