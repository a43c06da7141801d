"""Error classification and backoff: real SDK exception objects, no network."""

from __future__ import annotations

import logging
import random
from pathlib import Path

import pytest
import stripe

from dripos_terminal.payments.failures import FailureKind
from dripos_terminal.payments.stripe_gateway import Outcome, RetryPolicy, classify


def _err(cls: type[stripe.StripeError], status: int, **error: object) -> stripe.StripeError:
    body = {"error": {"message": "m", **error}}
    code = error.get("code")
    if cls in (stripe.CardError, stripe.InvalidRequestError):
        return cls("m", None, code, http_body="{}", http_status=status, json_body=body)  # type: ignore[call-arg,arg-type]
    return cls("m", http_body="{}", http_status=status, json_body=body, code=code)  # type: ignore[arg-type]


def test_connection_error_is_ambiguous_and_retried() -> None:
    v = classify(stripe.APIConnectionError("boom", should_retry=True))
    assert (
        v.retryable
        and v.error.outcome is Outcome.AMBIGUOUS
        and v.error.failure is FailureKind.API_UNREACHABLE
    )


def test_409_in_use_reads_error_code() -> None:
    exc = stripe.APIError(
        "m", http_body="{}", http_status=409, json_body={"error": {"code": "idempotency_key_in_use"}}
    )
    assert exc.code is None  # the facts-file gotcha
    v = classify(exc)
    assert v.retryable and v.error.code == "idempotency_key_in_use" and v.error.ambiguous


def test_5xx_and_429() -> None:
    v = classify(_err(stripe.APIError, 500, type="api_error"))
    assert v.retryable and v.error.ambiguous and v.error.failure is FailureKind.API_SERVER_ERROR
    v = classify(_err(stripe.RateLimitError, 429, type="invalid_request_error", code="rate_limit"))
    assert v.retryable and not v.error.ambiguous and v.error.failure is FailureKind.API_RATE_LIMITED


def test_card_error_and_reader_codes() -> None:
    v = classify(
        _err(stripe.CardError, 402, type="card_error", code="card_declined", decline_code="lost_card")
    )
    assert not v.retryable and v.error.outcome is Outcome.DECLINED and v.error.decline_code == "lost_card"
    for code, kind, outcome in [
        ("terminal_reader_offline", FailureKind.READER_OFFLINE, Outcome.REJECTED),
        ("terminal_reader_busy", FailureKind.READER_BUSY, Outcome.REJECTED),
        ("terminal_reader_hardware_fault", FailureKind.READER_HARDWARE, Outcome.REJECTED),
        ("terminal_reader_timeout", FailureKind.READER_TIMEOUT, Outcome.AMBIGUOUS),
    ]:
        v = classify(_err(stripe.InvalidRequestError, 400, type="invalid_request_error", code=code))
        assert not v.retryable and v.error.failure is kind and v.error.outcome is outcome


def test_error_messages_are_redacted() -> None:
    exc = stripe.InvalidRequestError("bad card 4242424242424242", param=None, http_status=400)
    v = classify(exc)
    assert "4242424242424242" not in str(v.error)


@pytest.mark.parametrize("retry", range(8))
def test_full_jitter_is_bounded(retry: int) -> None:
    policy = RetryPolicy(base_s=0.5, cap_s=8.0)
    rng = random.Random(retry)
    delays = [policy.delay(retry, rng) for _ in range(200)]
    assert all(0 <= d <= min(8.0, 0.5 * 2**retry) for d in delays)
    assert len(set(delays)) > 100  # jittered, so many tills do not retry in lockstep


def test_sdk_body_logging_is_dropped(
    caplog: pytest.LogCaptureFixture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dripos_terminal.clock import SystemClock
    from dripos_terminal.payments.stripe_gateway import StripeGateway
    from dripos_terminal.store.database import Database
    from dripos_terminal.store.payments import PaymentStore

    monkeypatch.setattr(logging.getLogger("stripe"), "filters", [])  # as in a fresh process
    clock = SystemClock()
    with Database.open(tmp_path / "t.db", bytes(32), clock=clock, create=True) as db:
        # building the one Stripe client quiets the SDK's body logging, before any request is made
        StripeGateway.connect("key-never-sent", "http://127.0.0.1:9", PaymentStore(db, clock), clock)
    caplog.set_level(logging.DEBUG)
    logging.getLogger("stripe").debug("message='Post details' post_data=card%5Bnumber%5D=4242424242424242")
    assert "4242424242424242" not in caplog.text
