"""The manager's "retry with a new key" never charges a customer twice.

The sequence that used to charge twice, step by step: a stored payment's PaymentIntent POST is
committed at Stripe but its answer is lost (connection dropped after the commit), so the row is
unknown; the replay of its key meets a 429 with `Stripe-Should-Retry: false`, which parks it for a
manager; the manager retries with a new key while Stripe's search lags (and, a day later, while the
search is rate-limited and more than 100 newer PaymentIntents sit in the account). Each time exactly
one charge exists at the end.

Real parts: SQLCipher store, the real forwarder, the stripe SDK over HTTP to the simulator. The
simulator and the till share one fake clock, so "a day later" is a day for Stripe's key memory too.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import stripe

from dripos_terminal.clock import FakeClock
from dripos_terminal.domain.payment import PaymentStatus
from dripos_terminal.payments.charge_check import Verdict
from dripos_terminal.sim.stripe import StripeSimulator
from dripos_terminal.store.outbox import AUDIT_CHECKED, Parked
from tests.integration.offline.offline_harness import Till, assert_exactly_once, open_till

PI = "/v1/payment_intents"
SEARCH = "/v1/payment_intents/search"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def shared_sim(clock: FakeClock) -> Iterator[StripeSimulator]:
    sim = StripeSimulator(clock=clock, rate_limit=0)
    sim.start()
    try:
        yield sim
    finally:
        sim.stop()


@pytest.fixture
def till(shared_sim: StripeSimulator, clock: FakeClock, db_path: Path, db_key: bytes) -> Iterator[Till]:
    t = open_till(db_path, db_key, shared_sim, clock, concurrency=1)
    try:
        yield t
    finally:
        t.close()


def _charges_for(sim: StripeSimulator, pid: str) -> list[dict[str, object]]:
    return sim.ledger.charges_for_metadata("payment_id", pid)


def _park_after_a_lost_answer(till: Till, sim: StripeSimulator, clock: FakeClock, pid: str) -> None:
    """Commit-then-drop on the PaymentIntent POST, then a 429 with Stripe-Should-Retry: false on its
    replay: the row waits for a manager, and Stripe has in fact charged the card once."""
    dropped = sim.faults.commit_then_drop(count=1, path_prefix=PI, method="POST")
    till.forwarder.forward_all(wait_for_retries=False)
    assert dropped.fired == 1 and till.status(pid) is PaymentStatus.UNKNOWN
    assert len(_charges_for(sim, pid)) == 1  # Stripe charged; the till never heard
    refused = sim.faults.rate_limit_storm(count=1, path_prefix=PI, should_retry=False)
    clock.advance(60)  # the row's backoff is over
    till.forwarder.forward_all(wait_for_retries=False)
    assert refused.fired == 1
    item = till.outbox.get(pid)
    assert item.status is PaymentStatus.PARKED and item.outcome_code == Parked.REFUSED.value


def test_new_key_while_search_lags_finds_the_charge_by_replaying_the_key(
    till: Till, shared_sim: StripeSimulator, clock: FakeClock
) -> None:
    sim = shared_sim
    sim.state.search_lag_seconds = 3600  # Stripe's search is far behind (an incident)
    pid = till.sell(450, tip=50)
    _park_after_a_lost_answer(till, sim, clock, pid)
    client = stripe.StripeClient(sim.api_key, base_addresses={"api": sim.base_url}, max_network_retries=0)
    assert client.v1.payment_intents.search({"query": f"metadata['payment_id']:'{pid}'"}).data == []
    check = till.forwarder.retry_with_new_key(pid, "mgr-1")
    assert check.verdict is Verdict.CHARGED, check.summary
    assert any("Re-sent key" in c and "succeeded" in c for c in check.checks), check.checks
    assert "already charged" in check.summary
    item = till.outbox.get(pid)
    assert item.status is PaymentStatus.SUCCEEDED and not item.has_card
    till.forwarder.forward_all()
    assert len(_charges_for(sim, pid)) == 1
    keys = {r.idempotency_key for r in till.payments.requests_for(pid)}
    assert all(r.idempotency_key in keys for r in sim.ledger.request_log() if r.path == PI)  # no new key
    [entry] = till.audit.list(action=AUDIT_CHECKED).result()
    assert entry.actor_id == "mgr-1" and entry.details["verdict"] == "charged"
    assert_exactly_once(sim, till, [pid])


def test_a_day_later_with_search_rate_limited_and_100_newer_intents_nothing_is_charged_again(
    till: Till, shared_sim: StripeSimulator, clock: FakeClock
) -> None:
    sim = shared_sim
    pid = till.sell(700, tip=90)
    _park_after_a_lost_answer(till, sim, clock, pid)
    clock.advance(25 * 3600)  # past Stripe's 24 h: the key can no longer be replayed
    client = stripe.StripeClient(sim.api_key, base_addresses={"api": sim.base_url}, max_network_retries=0)
    for n in range(120):  # the account moved on: its newest 100 PaymentIntents do not include ours
        client.v1.payment_intents.create({"amount": 500 + n, "currency": "usd"})
    newest = client.v1.payment_intents.list({"limit": 100})
    assert all(pi.metadata.to_dict().get("payment_id") != pid for pi in newest.data)
    # Search rate-limited, and the list too: nothing proves "not charged", so nothing is sent.
    search_429 = sim.faults.rate_limit_storm(count=None, path_prefix=SEARCH, should_retry=False)
    list_429 = sim.faults.rate_limit_storm(count=1, path_prefix=PI, should_retry=False)
    check = till.forwarder.retry_with_new_key(pid, "mgr-1")
    assert search_429.fired >= 1 and list_429.fired == 1
    assert check.verdict is Verdict.NOT_KNOWN_YET, check.summary
    assert "nothing was sent again" in check.summary and any("rate-limited" in c for c in check.checks)
    assert till.outbox.get(pid).status is PaymentStatus.PARKED  # still waiting; no new key
    assert len(_charges_for(sim, pid)) == 1
    # Search still rate-limited; the list is walked page by page and finds it past the newest 100.
    check = till.forwarder.retry_with_new_key(pid, "mgr-1")
    assert check.verdict is Verdict.CHARGED, check.summary
    assert any("Listed every PaymentIntent" in c and "1 for this payment" in c for c in check.checks)
    assert till.outbox.get(pid).status is PaymentStatus.SUCCEEDED
    sim.faults.clear()
    till.forwarder.forward_all()
    assert len(_charges_for(sim, pid)) == 1  # exactly one charge
    assert_exactly_once(sim, till, [pid])


def test_a_key_that_never_charged_is_proven_so_before_a_new_key(
    till: Till, shared_sim: StripeSimulator, clock: FakeClock
) -> None:
    """The other way round: the PaymentIntent POST never reached Stripe; after the check (which
    re-sends that key, so it is the one charge) nothing is left to retry."""
    sim = shared_sim
    pid = till.sell(300, tip=0)
    dropped = sim.faults.drop_connection(count=1, path_prefix=PI, method="POST")
    till.forwarder.forward_all(wait_for_retries=False)
    assert dropped.fired == 1 and sim.ledger.charges() == []
    refused = sim.faults.rate_limit_storm(count=1, path_prefix=PI, should_retry=False)
    clock.advance(60)
    till.forwarder.forward_all(wait_for_retries=False)
    assert refused.fired == 1 and till.outbox.get(pid).parked
    check = till.forwarder.retry_with_new_key(pid, "mgr-1")
    # Re-sending the row's own key is Stripe's definitive answer: here it makes the one charge.
    assert check.verdict is Verdict.CHARGED, check.summary
    till.forwarder.forward_all()
    assert len(_charges_for(sim, pid)) == 1
    assert_exactly_once(sim, till, [pid])
