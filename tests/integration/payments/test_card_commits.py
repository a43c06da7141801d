"""A card payment's writes: three commits, each before the network needs it, and nothing left pending.

`CardCheckout.pay` (and `SaleCheckout.pay_card`, as the card dialog runs it) commits the order, the
payment row (already SENDING) and the PaymentIntent's request record in one transaction; the
PaymentIntent's answer goes into the transaction that persists the reader request; the reader
request's answer into the outcome's transaction. The simulator checks, at every POST it receives,
what the store has committed by then.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest

from dripos_terminal.domain.order_state import OrderState
from dripos_terminal.domain.payment import PaymentKind, PaymentStatus
from dripos_terminal.payments.ports import ResultStatus
from dripos_terminal.services.checkout import SaleCheckout
from dripos_terminal.store.payment_records import RequestState
from tests.integration.payments.payments_harness import Env

CASHIER = SimpleNamespace(staff_id="stf_sam")


@dataclass(frozen=True)
class Seen:
    path: str
    status: PaymentStatus  # the payment's committed status when the POST arrived
    own_record: bool  # the POST's idempotency key was committed before it was sent
    states: dict[str, RequestState]  # committed request records by purpose


def _watch_posts(env: Env) -> list[Seen]:
    seen: list[Seen] = []
    inner = env.sim.api.handle

    def handle(request: Any) -> Any:
        if request.method == "POST" and not request.path.startswith("/v1/test_helpers"):
            (payment,) = env.store.select(kinds=[PaymentKind.CARD_PRESENT])  # committed state only
            records = {r.idempotency_key: r for r in env.store.requests_for(payment.id)}
            key = request.headers.get("idempotency-key")
            states = {r.purpose: r.state for r in records.values()}
            seen.append(Seen(request.path, payment.status, key in records, states))
        return inner(request)

    env.sim.api.handle = handle  # type: ignore[method-assign]
    return seen


def _count_commits(env: Env) -> list[int]:
    count = [0]
    lock = threading.Lock()
    transaction = env.db.transaction

    def counted(fn: Callable[..., Any]) -> Any:
        with lock:
            count[0] += 1
        return transaction(fn)

    env.db.transaction = counted  # type: ignore[method-assign]
    return count


def test_a_tapped_payment_is_three_commits_each_before_the_network_needs_it(
    make_env: Callable[..., Env],
) -> None:
    env = make_env(orders=True)
    assert env.sales is not None
    sale = env.sales.start_order(CASHIER)
    sale.add_item("espresso")
    due = sale.order.balance_due.amount
    seen = _watch_posts(env)
    commits = _count_commits(env)

    checkout = SaleCheckout(sale, env.sales, cards=env.checkout)  # as the card dialog runs it
    fut = env.pool.submit(checkout.pay_card, PaymentKind.CARD_PRESENT, due, 0, env.prompt)
    env.present()
    outcome = fut.result(30)
    result = outcome.result

    assert result.status is ResultStatus.APPROVED and (result.amount_minor, result.tip_minor) == (due, 0)
    create, process = seen
    assert create.path == "/v1/payment_intents" and process.path.endswith("/process_payment_intent")
    for post in seen:  # money rules 1 and 3: committed, and SENDING, before a byte leaves
        assert post.status is PaymentStatus.SENDING and post.own_record, post
    assert create.states == {"payment_intent": RequestState.PENDING}
    assert process.states["payment_intent"] is RequestState.SUCCEEDED  # answered with the next record
    assert commits[0] == 3  # start (order, payment, request), the reader request, the outcome
    assert {r.purpose: r.state for r in env.store.requests_for(result.payment_id)} == {
        "payment_intent": RequestState.SUCCEEDED,
        "process_payment_intent": RequestState.SUCCEEDED,
    }
    assert env.store.get(result.payment_id).status is PaymentStatus.SUCCEEDED
    assert outcome.paid and outcome.order is sale.record  # adopted from the outcome's commit
    order = sale.order
    assert order.state is OrderState.PAID and order.balance_due.is_zero
    assert [(t.kind.value, t.amount.amount, t.reference) for t in order.tenders] == [
        ("card_present", due, result.payment_intent_id)
    ]
    assert sale.record is not None and sale.record.status == OrderState.PAID.value


@pytest.mark.parametrize("ending", ["approved", "declined", "reader_offline", "customer_cancel"])
def test_no_request_record_is_left_unanswered(make_env: Callable[..., Env], ending: str) -> None:
    """Answers kept back to ride with the next write are all written, however the payment ends."""
    env = make_env()
    if ending == "reader_offline":
        env.sim.faults.reader_offline(env.reader_id)
    fut = env.pay_async("o1", 450)
    if ending == "approved":
        env.present()
    elif ending == "declined":
        env.present("4000000000000002")
    elif ending == "customer_cancel":
        env.wait_for_action()
        env.sim.customer_cancel(env.reader_id)
    result = fut.result(30)
    expected = {
        "approved": ResultStatus.APPROVED,
        "declined": ResultStatus.DECLINED,
        "reader_offline": ResultStatus.FAILED,
        "customer_cancel": ResultStatus.CANCELED,
    }[ending]
    assert result.status is expected
    records = env.store.requests_for(result.payment_id)
    assert len(records) >= 2
    assert [r.purpose for r in records if r.state is RequestState.PENDING] == []
    assert len(env.sim.ledger.charges()) == (1 if ending == "approved" else 0)
