from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from dripos_terminal.clock import FakeClock
from dripos_terminal.domain.payment import IllegalTransitionError, PaymentKind, PaymentStatus
from dripos_terminal.store.database import Database
from dripos_terminal.store.payments import (
    CardDataLeakError,
    NewPayment,
    PaymentStore,
    RequestState,
    new_request,
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[PaymentStore]:
    clock = FakeClock()
    db = Database.open(tmp_path / "t.db", secrets.token_bytes(32), clock=clock, create=True)
    try:
        yield PaymentStore(db, clock)
    finally:
        db.close()


def _payment(pid: str = "pay_1", order: str = "ord_1") -> NewPayment:
    return NewPayment(pid, order, PaymentKind.CARD_PRESENT, 450, 50, "usd")


def test_payment_and_first_request_commit_together(store: PaymentStore) -> None:
    req = new_request(
        "pay_1", "payment_intent", "/v1/payment_intents", {"amount": 500, "metadata": {"a": "b"}}
    )
    rec = store.create(_payment(), [req])
    assert rec.status is PaymentStatus.PENDING and rec.attempts == 0
    stored = store.request(req.idempotency_key)
    assert stored.params == {"amount": 500, "metadata": {"a": "b"}}
    assert stored.state is RequestState.PENDING and stored.payment_id == "pay_1"
    assert [r.idempotency_key for r in store.requests_for("pay_1")] == [req.idempotency_key]


def test_failed_insert_rolls_back_the_payment(store: PaymentStore) -> None:
    req = new_request("pay_1", "payment_intent", "/v1/payment_intents", {"amount": 500})
    store.create(_payment(), [req])
    with pytest.raises(Exception):  # noqa: B017 - duplicate key, whatever the store maps it to
        store.create(_payment("pay_2"), [req])
    with pytest.raises(LookupError):
        store.get("pay_2")


def test_card_data_never_frozen(store: PaymentStore) -> None:
    for params in (
        {"card": {"number": "4242424242424242"}},
        {"card": {"cvc": "123"}},
        {"note": "4242 4242 4242 4242"},
    ):
        with pytest.raises(CardDataLeakError):
            store.create(_payment(), [new_request("pay_1", "x", "/v1/x", params)])
        with pytest.raises(LookupError):
            store.get("pay_1")


def test_transitions_are_checked_and_recorded(store: PaymentStore) -> None:
    store.create(_payment())
    with pytest.raises(IllegalTransitionError):
        store.transition("pay_1", PaymentStatus.SUCCEEDED)
    rec = store.transition("pay_1", PaymentStatus.SENDING)
    assert rec.attempts == 1 and rec.finalized_at is None
    rec = store.transition("pay_1", PaymentStatus.UNKNOWN)
    rec = store.transition("pay_1", PaymentStatus.SENDING)
    assert rec.attempts == 2
    rec = store.transition(
        "pay_1",
        PaymentStatus.SUCCEEDED,
        outcome_code="succeeded",
        outcome_message="ok 4242424242424242",
        payment_intent_id="pi_1",
        brand="visa",
        last4="4242",
        tip_minor=75,
    )
    assert rec.status is PaymentStatus.SUCCEEDED and rec.finalized_at is not None
    assert rec.payment_intent_id == "pi_1" and rec.tip_minor == 75 and rec.last4 == "4242"
    assert rec.outcome_message is not None and "4242424242424242" not in rec.outcome_message
    with pytest.raises(IllegalTransitionError):
        store.transition("pay_1", PaymentStatus.SENDING)


def test_unresolved_and_for_order(store: PaymentStore) -> None:
    store.create(_payment("pay_1", "o1"))
    store.create(_payment("pay_2", "o1"))
    store.transition("pay_2", PaymentStatus.SENDING)
    store.create(_payment("pay_3", "o2"))
    store.transition("pay_3", PaymentStatus.CANCELED)
    assert {r.id for r in store.unresolved()} == {"pay_1", "pay_2"}
    assert store.unresolved([PaymentKind.MANUAL_CARD]) == []
    assert [r.id for r in store.for_order("o1")] == ["pay_1", "pay_2"]


def test_record_answer(store: PaymentStore) -> None:
    store.create(_payment())
    req = store.add_request(new_request("pay_1", "refund", "/v1/refunds", {"amount": 100}))
    store.record_answer(
        req.idempotency_key, RequestState.SUCCEEDED, response={"id": "re_1", "status": "succeeded"}
    )
    got = store.request(req.idempotency_key)
    assert got.state is RequestState.SUCCEEDED and got.response == {"id": "re_1", "status": "succeeded"}
