from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from dripos_terminal.clock import FakeClock
from dripos_terminal.domain.card import CardNumber
from dripos_terminal.domain.payment import IllegalTransitionError, PaymentKind, PaymentStatus
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.database import Database
from dripos_terminal.store.payments import (
    AuditNote,
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
        yield PaymentStore(db, clock, audit=AuditLog(db, clock))
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


def _stored_card(store: PaymentStore, pid: str) -> None:
    """An offline payment with its card in the row, as the offline store records one."""
    payment = NewPayment(pid, "ord_9", PaymentKind.OFFLINE_CARD, 450, 50, "usd", "visa", "4242", 12, 2030)
    store.db.transaction(
        lambda conn: store.insert_in(conn, payment, pan=CardNumber("4242424242424242"), postal_code="97205")
    ).result()


def _raw_card(store: PaymentStore, pid: str) -> tuple[object, object]:
    row = store.db.call(
        lambda c: c.execute("SELECT pan, postal_code FROM payments WHERE id=?", (pid,)).fetchone()
    )
    return row["pan"], row["postal_code"]


@pytest.mark.parametrize(
    "path",
    [
        [PaymentStatus.SENDING, PaymentStatus.SUCCEEDED],
        [PaymentStatus.SENDING, PaymentStatus.DECLINED],
        [PaymentStatus.SENDING, PaymentStatus.UNKNOWN, PaymentStatus.PARKED, PaymentStatus.CANCELED],
        [PaymentStatus.CANCELED],
    ],
    ids=lambda path: "-".join(s.value for s in path),
)
def test_every_final_state_erases_the_stored_card(store: PaymentStore, path: list[PaymentStatus]) -> None:
    _stored_card(store, "off_1")
    assert store.get("off_1").has_card and _raw_card(store, "off_1") == ("4242424242424242", "97205")
    for status in path[:-1]:
        assert store.transition("off_1", status).has_card  # still needed until the outcome is known
    final = store.transition("off_1", path[-1])
    assert final.status.is_final and not final.has_card
    assert _raw_card(store, "off_1") == (None, None)
    assert (final.brand, final.last4, final.exp_month, final.exp_year) == ("visa", "4242", 12, 2030)


def test_a_requeue_starts_a_fresh_attempt_budget(store: PaymentStore) -> None:
    _stored_card(store, "off_1")
    for _ in range(3):
        store.transition("off_1", PaymentStatus.SENDING)
        store.transition("off_1", PaymentStatus.UNKNOWN)
    assert store.transition("off_1", PaymentStatus.PARKED, outcome_code="parked_refused").attempts == 3
    store.requeue("off_1", audit=AuditNote("mgr-1", "offline.requeued", {}))
    again = store.get("off_1")
    assert again.status is PaymentStatus.UNKNOWN and again.attempts == 0 and again.outcome_code is None
    assert store.transition("off_1", PaymentStatus.SENDING).attempts == 1


def test_a_request_once_unknown_never_becomes_failed(store: PaymentStore) -> None:
    store.create(_payment())
    req = store.add_request(new_request("pay_1", "payment_intent", "/v1/payment_intents", {"amount": 500}))
    store.record_answer(req.idempotency_key, RequestState.UNKNOWN, error="dropped")
    store.record_answer(req.idempotency_key, RequestState.FAILED, error="429: rate limited")
    assert store.request(req.idempotency_key).state is RequestState.UNKNOWN  # it may have charged
    store.record_answer(req.idempotency_key, RequestState.SUCCEEDED, response={"id": "pi_1"})
    store.record_answer(req.idempotency_key, RequestState.FAILED, error="429 on a replay")
    got = store.request(req.idempotency_key)
    assert got.state is RequestState.SUCCEEDED and got.answered_id == "pi_1"
