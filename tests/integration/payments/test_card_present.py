"""Card-present payments end to end: SDK over HTTP → simulator; real SQLCipher store."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dripos_terminal.domain.payment import PaymentStatus
from dripos_terminal.payments.failures import FAILURE_TEXT, FailureKind
from dripos_terminal.payments.ports import PromptKind, ResultStatus
from tests.integration.payments.payments_harness import Env, build_env


def _pi(env: Env, pi_id: str | None) -> dict:
    assert pi_id is not None
    return env.sim.state.payment_intents[pi_id]


def _pis_for_order(env: Env, order_id: str) -> list[dict]:
    return [pi for pi in env.sim.ledger.payment_intents() if pi["metadata"].get("order_id") == order_id]


def test_approved(env: Env) -> None:
    fut = env.pay_async("o1", 450, tip_minor=50)
    env.present()
    result = fut.result(30)
    assert result.status is ResultStatus.APPROVED and result.paid
    assert (result.amount_minor, result.tip_minor, result.brand, result.last4) == (450, 50, "visa", "4242")
    rec = env.store.get(result.payment_id)
    assert rec.status is PaymentStatus.SUCCEEDED and rec.payment_intent_id == result.payment_intent_id
    assert rec.last4 == "4242" and rec.tip_minor == 50
    pi = _pi(env, result.payment_intent_id)
    assert pi["amount"] == 500 and pi["metadata"] == {
        "payment_id": rec.id,
        "order_id": "o1",
        "till_id": "till-1",
    }
    assert pi["allowed_payment_method_types"] == ["card_present"]
    # The adapter only instructs; the outcome is said by the screen from the committed result.
    assert env.prompt.kinds[-1] is PromptKind.TAP_INSERT_SWIPE
    assert not [text for _, text in env.prompt.shown if "approved" in text.lower()]
    assert len(env.sim.ledger.charges_for_metadata("order_id", "o1")) == 1


def test_tip_on_reader_is_stored_separately(make_env: Callable[..., Env]) -> None:
    env = make_env(tip_on_reader=True)
    fut = env.pay_async("o1", 400)
    env.present(amount_tip=60)
    result = fut.result(30)
    assert result.status is ResultStatus.APPROVED
    assert (result.amount_minor, result.tip_minor) == (400, 60)
    assert env.store.get(result.payment_id).tip_minor == 60


@pytest.mark.parametrize(
    ("number", "code", "text"),
    [
        ("4000000000000002", "generic_decline", "Declined — ask for another card"),
        ("4000000000009995", "insufficient_funds", "Declined: insufficient funds — ask for another card"),
        ("4000000000009987", "lost_card", "Declined — ask for another payment method"),
        ("4000000000009979", "stolen_card", "Declined — ask for another payment method"),
        ("4000000000000069", "expired_card", "Declined: card expired — ask for another card"),
        ("4000000000000119", "processing_error", "Card couldn't be processed — try again"),
    ],
)
def test_declines(env: Env, number: str, code: str, text: str) -> None:
    fut = env.pay_async("o1", 450)
    env.present(number)
    result = fut.result(30)
    assert result.status is ResultStatus.DECLINED and not result.paid
    assert (result.decline_code, result.decline_text) == (code, text)
    assert result.failure is FailureKind.CARD_DECLINED
    assert env.store.get(result.payment_id).status is PaymentStatus.DECLINED
    assert _pi(env, result.payment_intent_id)["status"] == "canceled"
    assert text not in [shown for _, shown in env.prompt.shown]  # said from the recorded result only
    assert env.sim.ledger.charges() == []
    # Another card for the same order: a new payment, and exactly one charge.
    fut = env.pay_async("o1", 450)
    env.present()
    assert fut.result(30).status is ResultStatus.APPROVED


def test_customer_cancel_before_card(env: Env) -> None:
    fut = env.pay_async("o1", 450)
    env.wait_for_action()
    env.checkout.cancel()
    result = fut.result(30)
    assert result.status is ResultStatus.CANCELED
    assert env.store.get(result.payment_id).status is PaymentStatus.CANCELED
    assert _pi(env, result.payment_intent_id)["status"] == "canceled"
    assert env.reader()["action"] is None
    assert env.sim.ledger.charges() == []


def test_cancel_race_card_already_presented(env: Env) -> None:
    env.sim.processing_seconds = 0.3
    fut = env.pay_async("o1", 450)
    env.present()  # authorizing for 0.3 s: the reader refuses cancel_action
    env.checkout.cancel()
    result = fut.result(30)
    assert result.status is ResultStatus.APPROVED
    assert env.store.get(result.payment_id).status is PaymentStatus.SUCCEEDED
    assert len(env.sim.ledger.charges()) == 1


def test_reader_offline(env: Env) -> None:
    env.sim.faults.reader_offline(env.reader_id)
    result = env.checkout.pay("o1", 450, "usd", env.prompt)
    assert result.status is ResultStatus.FAILED and result.failure is FailureKind.READER_OFFLINE
    assert env.store.get(result.payment_id).status is PaymentStatus.CANCELED
    assert _pi(env, result.payment_intent_id)["status"] == "canceled"
    assert result.message == FAILURE_TEXT[FailureKind.READER_OFFLINE]
    assert result.message not in [text for _, text in env.prompt.shown]
    fut = env.pay_async("o1", 450)  # try again once the reader is back: new payment
    env.present()
    assert fut.result(30).status is ResultStatus.APPROVED


def test_reader_busy(env: Env) -> None:
    env.sim.faults.reader_busy(env.reader_id)
    result = env.checkout.pay("o1", 450, "usd", env.prompt)
    assert result.status is ResultStatus.FAILED and result.failure is FailureKind.READER_BUSY
    assert _pi(env, result.payment_intent_id)["status"] == "canceled"


def test_reader_offline_mid_payment(env: Env) -> None:
    fut = env.pay_async("o1", 450)
    env.wait_for_action()
    env.sim.faults.reader_offline(env.reader_id, count=None)
    result = fut.result(30)
    env.sim.faults.clear()
    assert result.status is ResultStatus.FAILED and result.failure is FailureKind.READER_OFFLINE
    assert _pi(env, result.payment_intent_id)["status"] == "canceled"
    assert PromptKind.CHECKING in env.prompt.kinds


def test_reader_timeout_but_payment_approved(env: Env) -> None:
    env.sim.faults.reader_timeout(env.reader_id, present_number="4242424242424242")
    result = env.checkout.pay("o1", 450, "usd", env.prompt)
    assert result.status is ResultStatus.APPROVED
    assert env.store.get(result.payment_id).status is PaymentStatus.SUCCEEDED


def test_reader_timeout_then_customer_taps(env: Env) -> None:
    env.sim.faults.reader_timeout(env.reader_id)
    fut = env.pay_async("o1", 450)
    env.present()
    assert fut.result(30).status is ResultStatus.APPROVED


def test_no_card_until_timeout(make_env: Callable[..., Env]) -> None:
    env = make_env(payment_timeout_s=0.2)
    result = env.checkout.pay("o1", 450, "usd", env.prompt)
    assert result.status is ResultStatus.FAILED and result.failure is FailureKind.READER_TIMEOUT
    assert _pi(env, result.payment_intent_id)["status"] == "canceled"
    assert env.reader()["action"] is None


def _post_keys(env: Env, path: str) -> list[str | None]:
    return [r.idempotency_key for r in env.sim.ledger.request_log() if r.method == "POST" and r.path == path]


def test_api_5xx_retried_with_the_same_key(env: Env) -> None:
    env.sim.faults.api_error(500, count=2, path_prefix="/v1/payment_intents", method="POST")
    fut = env.pay_async("o1", 450)
    env.present()
    result = fut.result(30)
    assert result.status is ResultStatus.APPROVED
    keys = _post_keys(env, "/v1/payment_intents")
    assert len(keys) == 3 and len(set(keys)) == 1
    persisted = env.store.requests_for(result.payment_id, "payment_intent")
    assert [r.idempotency_key for r in persisted] == [keys[0]]
    assert len(_pis_for_order(env, "o1")) == 1


def test_429_backoff_same_key(env: Env) -> None:
    env.sim.faults.rate_limit_storm(count=3, path_prefix="/v1/payment_intents")
    fut = env.pay_async("o1", 450)
    env.present()
    assert fut.result(30).status is ResultStatus.APPROVED
    keys = _post_keys(env, "/v1/payment_intents")
    assert len(keys) == 4 and len(set(keys)) == 1


@pytest.mark.parametrize("path", ["/v1/payment_intents", "/v1/terminal/readers/"])
def test_commit_then_drop_charges_once(env: Env, path: str) -> None:
    env.sim.faults.commit_then_drop(path_prefix=path, method="POST")
    fut = env.pay_async("o1", 450)
    env.present()
    result = fut.result(30)
    assert result.status is ResultStatus.APPROVED
    assert len(_pis_for_order(env, "o1")) == 1
    assert len(env.sim.ledger.charges()) == 1


def test_api_unreachable_on_create_fails_cleanly(env: Env) -> None:
    env.sim.faults.api_error(503, count=None, path_prefix="/v1/payment_intents")
    result = env.checkout.pay("o1", 450, "usd", env.prompt)
    env.sim.faults.clear()
    assert result.status in (ResultStatus.UNKNOWN, ResultStatus.FAILED)
    assert result.failure is FailureKind.API_SERVER_ERROR
    rec = env.store.get(result.payment_id)
    if result.status is ResultStatus.UNKNOWN:
        assert rec.status is PaymentStatus.UNKNOWN
        settled = env.checkout.reconcile_unknown()
        assert [r.payment_id for r in settled] == [rec.id]
    assert _pis_for_order(env, "o1") == [] or all(
        pi["status"] == "canceled" for pi in _pis_for_order(env, "o1")
    )


def test_refund_full_and_partial(env: Env) -> None:
    fut = env.pay_async("o1", 450, tip_minor=50)
    env.present()
    result = fut.result(30)
    part = env.refunds.refund(result.payment_id, 200, reason="requested_by_customer")
    assert part.status.value == "succeeded" and part.amount_minor == 200
    rest = env.refunds.refund(result.payment_id)
    assert rest.amount_minor == 300
    assert env.refunds.refunded_minor(result.payment_id) == 500
    refunds = env.sim.ledger.refunds()
    assert sorted(r["amount"] for r in refunds) == [200, 300]
    with pytest.raises(Exception, match=r"(?i)refund must be"):
        env.refunds.refund(result.payment_id, 1)


def test_refund_retry_uses_same_key(env: Env) -> None:
    fut = env.pay_async("o1", 450)
    env.present()
    result = fut.result(30)
    env.sim.faults.drop_connection(count=None, path_prefix="/v1/refunds")
    first = env.refunds.refund(result.payment_id)
    env.sim.faults.clear()
    assert first.status.value == "unknown"
    with pytest.raises(Exception, match="unconfirmed"):
        env.refunds.refund(result.payment_id)
    again = env.refunds.retry_refund(first.idempotency_key)
    assert again.status.value == "succeeded"
    assert len(env.sim.ledger.refunds()) == 1
    assert set(_post_keys(env, "/v1/refunds")) == {first.idempotency_key}


def test_second_payment_refused_while_one_is_unresolved(env: Env) -> None:
    request = env.checkout.start("o1", 450, "usd")
    with pytest.raises(Exception, match="still being checked"):
        env.checkout.start("o1", 450, "usd")
    assert env.checkout.reconcile_unknown() == []  # in flight here: never reconciled behind its back
    with pytest.raises(Exception, match="still running"):
        env.checkout.resolve(request.payment_id)
    fresh = build_env(env.sim, env.db, env.db_path, env.reader_id)  # after a restart
    (settled,) = fresh.checkout.reconcile_unknown()
    assert settled.status is ResultStatus.CANCELED
    assert env.store.get(request.payment_id).status is PaymentStatus.CANCELED
    fresh.pool.shutdown()


def test_cancel_pressed_before_the_worker_starts(env: Env) -> None:
    request = env.checkout.start("o1", 450, "usd")
    env.checkout.cancel()
    result = env.checkout.run(request, env.prompt)
    assert result.status is ResultStatus.CANCELED
    assert env.sim.ledger.charges() == []
    env.checkout.cancel()  # nothing running: must not leak into the next payment
    fut = env.pay_async("o1", 450)
    env.present()
    assert fut.result(30).status is ResultStatus.APPROVED


def test_under_the_real_test_mode_rate_limit(make_env: Callable[..., Env]) -> None:
    env = make_env(poll_interval_s=0.1)
    env.sim.rate_limiter.account_rate = 25.0  # Stripe sandbox: 25 req/s
    fut = env.pay_async("o1", 450)
    env.present()
    assert fut.result(30).status is ResultStatus.APPROVED
