"""Card refunds keyed by the caller's refund id: one Stripe refund per refund id, ever.

Real parts: the stripe SDK over HTTP to the embedded simulator, a real SQLCipher store.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from dripos_terminal.clock import Clock, FakeClock, SystemClock
from dripos_terminal.domain.money import Money
from dripos_terminal.payments.stripe_gateway import RetryPolicy, StripeGateway
from dripos_terminal.services.refunds import (
    REFUND_REF,
    CardRefundProcessor,
    RefundError,
    Refunds,
    RefundStatus,
    refund_key,
)
from dripos_terminal.services.sales import SaleError
from dripos_terminal.store.payments import RequestState
from tests.integration.payments.payments_harness import Env

REFUNDS = "/v1/refunds"


def _paid(env: Env, order_id: str = "o1", amount: int = 450) -> str:
    fut = env.pay_async(order_id, amount)
    env.present()
    result = fut.result(30)
    assert result.paid
    return result.payment_id


def _refund_posts(env: Env) -> list[str | None]:
    return [
        r.idempotency_key for r in env.sim.ledger.request_log() if r.method == "POST" and r.path == REFUNDS
    ]


def _one_shot(env: Env, clock: Clock | None = None) -> Refunds:
    """The same till, with a gateway that gives up after one attempt (as if the till crashed)."""
    clock = clock or SystemClock()
    gateway = StripeGateway.connect(
        env.sim.api_key, env.sim.base_url, env.store, clock, timeout_s=5.0, retry=RetryPolicy(attempts=1)
    )
    return Refunds(env.store, gateway, clock)


def _order(order_id: str, recorded: tuple[str, ...] = ()) -> Any:
    """The two things a refund processor reads from an order."""
    return SimpleNamespace(order_id=order_id, refunds=[SimpleNamespace(refund_id=r) for r in recorded])


def test_same_refund_id_twice_is_one_stripe_refund(env: Env) -> None:
    pid = _paid(env)
    first = env.refunds.refund(pid, 200, reason="requested_by_customer", client_ref="r-1")
    again = env.refunds.refund(pid, 200, reason="requested_by_customer", client_ref="r-1")
    assert first.status is RefundStatus.SUCCEEDED and again.status is RefundStatus.SUCCEEDED
    assert again.refund_id == first.refund_id and again.idempotency_key == first.idempotency_key
    assert first.idempotency_key == refund_key(pid, "r-1")
    [refund] = env.sim.ledger.refunds()
    assert refund["amount"] == 200 and refund["metadata"][REFUND_REF] == "r-1"
    assert _refund_posts(env) == [first.idempotency_key]  # the confirmed one is not even re-sent
    # "All that is left" on a repeat means the frozen amount, not a fresh computation.
    assert env.refunds.refund(pid, client_ref="r-1").amount_minor == 200
    with pytest.raises(RefundError, match="cannot change amount"):
        env.refunds.refund(pid, 100, client_ref="r-1")
    assert env.refunds.refunded_minor(pid) == 200


def test_two_refund_ids_for_equal_partial_amounts_are_two_refunds(env: Env) -> None:
    pid = _paid(env)
    a = env.refunds.refund(pid, 150, client_ref="r-a")
    b = env.refunds.refund(pid, 150, client_ref="r-b")
    assert a.status is RefundStatus.SUCCEEDED and b.status is RefundStatus.SUCCEEDED
    assert a.refund_id != b.refund_id and a.idempotency_key != b.idempotency_key
    assert sorted(r["amount"] for r in env.sim.ledger.refunds()) == [150, 150]
    assert env.refunds.refunded_minor(pid) == 300
    with pytest.raises(RefundError, match=r"(?i)refund must be"):
        env.refunds.refund(pid, 151, client_ref="r-c")
    assert len(env.sim.ledger.refunds()) == 2


def test_commit_then_drop_then_retry_with_same_refund_id_is_one_refund(env: Env) -> None:
    pid = _paid(env)
    env.sim.faults.commit_then_drop(count=1, path_prefix=REFUNDS)
    first = _one_shot(env).refund(pid, 300, client_ref="r-1")
    assert first.status is RefundStatus.UNKNOWN
    assert len(env.sim.ledger.refunds()) == 1  # Stripe made it; we never heard
    with pytest.raises(RefundError, match="unconfirmed"):
        env.refunds.refund(pid, 100, client_ref="r-other")  # a new refund waits for that one
    env.sim.faults.clear()
    again = env.refunds.refund(pid, 300, client_ref="r-1")
    assert again.status is RefundStatus.SUCCEEDED and again.refund_id
    [refund] = env.sim.ledger.refunds()
    assert refund["id"] == again.refund_id and refund["amount"] == 300
    assert set(_refund_posts(env)) == {first.idempotency_key}
    assert env.store.request(first.idempotency_key).state is RequestState.SUCCEEDED


def test_unconfirmed_refund_older_than_a_day_is_found_not_resent(env: Env) -> None:
    pid = _paid(env)
    env.sim.faults.commit_then_drop(count=1, path_prefix=REFUNDS)
    first = _one_shot(env).refund(pid, 300, client_ref="r-1")
    env.sim.faults.clear()
    assert first.status is RefundStatus.UNKNOWN
    posts = len(_refund_posts(env))
    # A day later Stripe no longer knows the key: look the refund up by our metadata instead.
    later = FakeClock(datetime.now(UTC) + timedelta(hours=25))
    tomorrow = Refunds(env.store, env.gateway, later)
    again = tomorrow.refund(pid, 300, client_ref="r-1")
    assert again.status is RefundStatus.SUCCEEDED
    [refund] = env.sim.ledger.refunds()
    assert again.refund_id == refund["id"]
    assert len(_refund_posts(env)) == posts  # found, not re-sent
    assert env.store.request(first.idempotency_key).state is RequestState.SUCCEEDED


def test_unconfirmed_refund_older_than_a_day_never_made_is_sent_once(env: Env) -> None:
    pid = _paid(env)
    env.sim.faults.drop_connection(count=None, path_prefix=REFUNDS)  # dropped before Stripe acts
    first = env.refunds.refund(pid, 300, client_ref="r-1")
    env.sim.faults.clear()
    assert first.status is RefundStatus.UNKNOWN and env.sim.ledger.refunds() == []
    tomorrow = Refunds(env.store, env.gateway, FakeClock(datetime.now(UTC) + timedelta(hours=25)))
    again = tomorrow.refund(pid, 300, client_ref="r-1")
    assert again.status is RefundStatus.SUCCEEDED
    assert len(env.sim.ledger.refunds()) == 1
    assert set(_refund_posts(env)) == {first.idempotency_key}


def test_processor_repeat_and_equal_partials(env: Env) -> None:
    pid = _paid(env)
    rec = env.store.get(pid)
    processor = CardRefundProcessor(env.refunds, env.store)
    tender = SimpleNamespace(reference=rec.payment_intent_id)
    usd = Money(100, "usd")
    one = processor.refund(_order("o1"), tender, usd, refund_id="r-1", reason="")  # type: ignore[arg-type]
    same = processor.refund(_order("o1"), tender, usd, refund_id="r-1", reason="")  # type: ignore[arg-type]
    assert one == same and len(env.sim.ledger.refunds()) == 1
    # A second deliberate refund of the same amount, the first one recorded on the order: a new refund.
    two = processor.refund(_order("o1", ("r-1",)), tender, usd, refund_id="r-2", reason="")  # type: ignore[arg-type]
    assert two != one and sorted(r["amount"] for r in env.sim.ledger.refunds()) == [100, 100]


def test_processor_takes_over_an_unrecorded_attempt(env: Env) -> None:
    """SalesService draws a fresh refund_id per attempt; an attempt Stripe made but the order never
    recorded is taken over by the next attempt instead of refunding again."""
    pid = _paid(env)
    rec = env.store.get(pid)
    processor = CardRefundProcessor(env.refunds, env.store)
    tender = SimpleNamespace(reference=rec.payment_intent_id)
    full = Money(450, "usd")
    env.sim.faults.commit_then_drop(count=1, path_prefix=REFUNDS)
    with pytest.raises(SaleError, match="did not confirm"):
        CardRefundProcessor(_one_shot(env), env.store).refund(
            _order("o1"), tender, full, refund_id="r-1", reason=""
        )  # type: ignore[arg-type]
    reference = processor.refund(_order("o1"), tender, full, refund_id="r-2", reason="")  # type: ignore[arg-type]
    [refund] = env.sim.ledger.refunds()
    assert reference == refund["id"] and refund["metadata"][REFUND_REF] == "r-1"
    assert len({k for k in _refund_posts(env)}) == 1
