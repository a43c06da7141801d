"""The only module that calls the `stripe` SDK.

Every POST goes out under OUR idempotency key, read back from the `stripe_requests` record written
(with a frozen copy of the params) before the call; a retry reloads that record and sends exactly the
same key and params. 5xx, dropped connections, 409 `idempotency_key_in_use` and 429 are retried with
bounded exponential backoff and full jitter (injected clock and random source); there is never a retry
under a fresh key. SDK exceptions become `GatewayError`s with an `Outcome`:

- DECLINED: the card was refused (402 `card_error`).
- REJECTED: a definitive "no" that charged nothing (4xx, reader offline/busy, bad request).
- AMBIGUOUS: no trustworthy answer (connection lost, 5xx, reader timeout): the caller must read the
  PaymentIntent before doing anything else.

Each error also carries Stripe's retry hint (`should_retry`, from `Stripe-Should-Retry`) and whether
the answer was a replay of the key's saved result (`replayed`, from `Idempotent-Replayed`).
"""

from __future__ import annotations

import enum
import logging
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import stripe

from dripos_terminal.clock import Clock
from dripos_terminal.payments.failures import READER_CODES, FailureKind
from dripos_terminal.redaction import redact
from dripos_terminal.store.payment_records import (
    NewRequest,
    RequestAnswer,
    RequestState,
    StoredRequest,
    new_request,
)

log = logging.getLogger("dripos_terminal.payments")

# Fields kept from a response in `stripe_requests.response` (never card data beyond brand/last4).
_SUMMARY_KEYS = ("id", "object", "status", "amount", "amount_received", "currency", "payment_intent")


class RequestLog(Protocol):
    """Where request records live (the payments repository): written before, answered after, a send."""

    def request(self, key: str) -> StoredRequest: ...

    def add_request(self, request: NewRequest, answers: Sequence[RequestAnswer] = ()) -> StoredRequest: ...

    def record_answers(self, answers: Sequence[RequestAnswer]) -> None: ...


class AnswerBuffer:
    """The successful answers of one payment's requests, not written yet: each goes into the next
    write that payment makes anyway — the next request's record, or the transaction that records its
    outcome — instead of a transaction (and an fsync) of its own. A failure is never buffered: it is
    written at once, with whatever waited. Used by one worker thread at a time."""

    def __init__(self) -> None:
        self._answers: list[RequestAnswer] = []

    def add(self, answer: RequestAnswer) -> None:
        self._answers.append(answer)

    def take(self) -> tuple[RequestAnswer, ...]:
        answers, self._answers = tuple(self._answers), []
        return answers


class Outcome(enum.Enum):
    DECLINED = "declined"
    REJECTED = "rejected"
    AMBIGUOUS = "ambiguous"


class GatewayError(Exception):
    """A Stripe call that did not succeed. `str()` is redacted and safe to log or show."""

    def __init__(
        self,
        outcome: Outcome,
        message: str,
        *,
        code: str | None = None,
        decline_code: str | None = None,
        http_status: int | None = None,
        failure: FailureKind | None = None,
        payment_intent: Mapping[str, Any] | None = None,
        should_retry: bool | None = None,
        replayed: bool = False,
    ) -> None:
        super().__init__(redact(message))
        self.outcome = outcome
        self.code = code
        self.decline_code = decline_code
        self.http_status = http_status
        self.failure = failure
        self.payment_intent = dict(payment_intent) if payment_intent is not None else None
        self.should_retry = should_retry  # Stripe-Should-Retry: None when Stripe did not say
        self.replayed = replayed  # the key's saved answer, not a new execution

    @property
    def ambiguous(self) -> bool:
        return self.outcome is Outcome.AMBIGUOUS


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5  # total tries per request, the first included
    base_s: float = 0.5
    cap_s: float = 8.0

    def delay(self, retry: int, rng: random.Random) -> float:
        """Full jitter: uniform in [0, min(cap, base * 2**retry)] — many tills must not stampede."""
        return rng.uniform(0.0, min(self.cap_s, self.base_s * (2**retry)))


@dataclass(frozen=True)
class _Classified:
    retryable: bool
    error: GatewayError


class _SdkLogFilter(logging.Filter):
    """The SDK logs request bodies (card numbers for a keyed PaymentMethod) at DEBUG: drop those."""

    def filter(self, record: logging.LogRecord) -> bool:
        msg = str(record.msg)
        return "post_data=" not in msg and "API response body" not in msg


def _quiet_sdk_logger() -> None:
    sdk = logging.getLogger("stripe")
    if not any(isinstance(f, _SdkLogFilter) for f in sdk.filters):
        sdk.addFilter(_SdkLogFilter())


def _error_code(exc: stripe.StripeError) -> tuple[str | None, str | None, dict[str, Any] | None]:
    err = exc.error
    code = (err.code if err is not None else None) or exc.code
    decline = err.decline_code if err is not None else None
    pi = err.payment_intent if err is not None else None
    return code, decline, (pi.to_dict() if pi is not None else None)


def _header(exc: stripe.StripeError, name: str) -> str | None:
    headers = exc.headers or {}
    value = headers.get(name) or headers.get(name.lower())
    return None if value is None else str(value)


def _hints(exc: stripe.StripeError) -> dict[str, Any]:
    retry = _header(exc, "Stripe-Should-Retry")
    return {
        "should_retry": None if retry is None else retry.lower() == "true",
        "replayed": (_header(exc, "Idempotent-Replayed") or "").lower() == "true",
    }


def classify(exc: Exception) -> _Classified:
    """Map an SDK exception to (retry?, GatewayError). Facts §4: for APIError read `e.error.code`."""
    if isinstance(exc, stripe.APIConnectionError):
        should = exc.should_retry if isinstance(exc.should_retry, bool) else None
        return _Classified(
            True,
            GatewayError(
                Outcome.AMBIGUOUS,
                "cannot reach Stripe",
                failure=FailureKind.API_UNREACHABLE,
                should_retry=should,
            ),
        )
    if not isinstance(exc, stripe.StripeError):
        return _Classified(False, GatewayError(Outcome.AMBIGUOUS, f"unexpected error: {type(exc).__name__}"))
    code, decline, pi = _error_code(exc)
    status = exc.http_status
    message = exc.user_message or type(exc).__name__
    kw: dict[str, Any] = {
        "code": code,
        "decline_code": decline,
        "http_status": status,
        "payment_intent": pi,
        **_hints(exc),
    }
    if isinstance(exc, stripe.RateLimitError) or status == 429:
        return _Classified(
            True, GatewayError(Outcome.REJECTED, message, failure=FailureKind.API_RATE_LIMITED, **kw)
        )
    if isinstance(exc, stripe.CardError):
        return _Classified(
            False, GatewayError(Outcome.DECLINED, message, failure=FailureKind.CARD_DECLINED, **kw)
        )
    if code in READER_CODES:
        kind = READER_CODES[code]
        outcome = Outcome.AMBIGUOUS if kind is FailureKind.READER_TIMEOUT else Outcome.REJECTED
        return _Classified(False, GatewayError(outcome, message, failure=kind, **kw))
    if status == 409 or code in {"idempotency_key_in_use", "lock_timeout"}:
        return _Classified(
            True, GatewayError(Outcome.AMBIGUOUS, message, failure=FailureKind.API_SERVER_ERROR, **kw)
        )
    if status is None or status >= 500:
        return _Classified(
            True, GatewayError(Outcome.AMBIGUOUS, message, failure=FailureKind.API_SERVER_ERROR, **kw)
        )
    if isinstance(exc, stripe.IdempotencyError):
        log.error("Stripe refused a replay of our key with different params (a bug): %s", message)
    return _Classified(False, GatewayError(Outcome.REJECTED, message, **kw))


def _merge(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _summary(data: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: data[k] for k in _SUMMARY_KEYS if k in data}
    card = data.get("card")
    if isinstance(card, Mapping):
        out["card"] = {k: card.get(k) for k in ("brand", "last4", "exp_month", "exp_year")}
    return out


class StripeGateway:
    """Idempotent, retrying access to the Stripe API. Blocking; use from worker threads."""

    def __init__(
        self,
        client: stripe.StripeClient,
        requests: RequestLog,
        clock: Clock,
        *,
        rng: random.Random | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        self._client = client
        self._requests = requests
        self._clock = clock
        self._rng = rng or random.Random()
        self._retry = retry or RetryPolicy()
        _quiet_sdk_logger()

    @classmethod
    def connect(
        cls,
        api_key: str,
        api_base: str,
        requests: RequestLog,
        clock: Clock,
        *,
        timeout_s: float = 15.0,
        rng: random.Random | None = None,
        retry: RetryPolicy | None = None,
    ) -> StripeGateway:
        """The one Stripe client: our own retries (`retry`; the SDK's are off) and our own keys."""
        client = stripe.StripeClient(
            api_key,
            base_addresses={"api": api_base},
            max_network_retries=0,
            http_client=stripe.RequestsClient(timeout=timeout_s),
        )
        return cls(client, requests, clock, rng=rng, retry=retry)

    # -- POST under a persisted key ---------------------------------------------------------------

    def record(self, request: NewRequest, buffer: AnswerBuffer | None = None) -> StoredRequest:
        """Persist a request record (with the answers `buffer` holds, in the same transaction)."""
        return self._requests.add_request(request, buffer.take() if buffer is not None else ())

    def post(
        self,
        payment_id: str | None,
        purpose: str,
        path: str,
        params: Mapping[str, Any],
        *,
        buffer: AnswerBuffer | None = None,
    ) -> dict[str, Any]:
        """Persist a new request record, then send it."""
        stored = self.record(new_request(payment_id, purpose, path, params), buffer)
        return self.send_stored(stored, buffer=buffer)

    def send(self, key: str, *, secret_params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Send (or re-send) the persisted request `key` with exactly its frozen params.

        `secret_params` (card number/CVC for a keyed PaymentMethod) are merged in memory only.
        Records the answer on the request row. Raises `GatewayError`.
        """
        return self.send_stored(self._requests.request(key), secret_params=secret_params)

    def send_stored(
        self,
        stored: StoredRequest,
        *,
        secret_params: Mapping[str, Any] | None = None,
        buffer: AnswerBuffer | None = None,
    ) -> dict[str, Any]:
        """`send` for a request record already in hand (as just persisted, or just read). With a
        `buffer`, a success is kept there to be written with the payment's next write."""
        key = stored.idempotency_key
        params = stored.params if secret_params is None else _merge(stored.params, secret_params)
        try:
            data = self._with_retries(
                stored.purpose,
                lambda: self._client.raw_request(stored.method, stored.path, idempotency_key=key, **params),
            )
        except GatewayError as exc:
            state = RequestState.UNKNOWN if exc.ambiguous else RequestState.FAILED
            failed = RequestAnswer(key, state, error=f"{exc.code or exc.outcome.value}: {exc}")
            self._requests.record_answers([*(buffer.take() if buffer is not None else ()), failed])
            raise
        finally:
            params = {}
        answer = RequestAnswer(key, RequestState.SUCCEEDED, response=_summary(data))
        if buffer is not None:
            buffer.add(answer)
        else:
            self._requests.record_answers([answer])
        return data

    # -- reads ------------------------------------------------------------------------------------

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """GET with the same retry rules (reads are safe to repeat)."""
        return self._with_retries(
            f"GET {path}", lambda: self._client.raw_request("get", path, **(params or {}))
        )

    def retrieve_payment_intent(self, pi_id: str, *, expand: Sequence[str] = ()) -> dict[str, Any]:
        params = {"expand": list(expand)} if expand else None
        return self.get(f"/v1/payment_intents/{pi_id}", params)

    def retrieve_reader(self, reader_id: str) -> dict[str, Any]:
        return self.get(f"/v1/terminal/readers/{reader_id}")

    def find_payment_intents(self, payment_id: str, *, max_pages: int = 20) -> list[dict[str, Any]]:
        """PaymentIntents carrying our `metadata.payment_id`, by Stripe's search, every page.

        Search can lag behind writes: an empty answer is not proof that none exists (see
        `charge_check`). A rate-limited or failed search raises; it never falls back to a partial list.
        """
        query = f"metadata['payment_id']:'{payment_id}'"
        found, _complete = self.search_payment_intents(query, max_pages=max_pages)
        return [pi for pi in found if (pi.get("metadata") or {}).get("payment_id") == payment_id]

    def search_payment_intents(self, query: str, *, max_pages: int) -> tuple[list[dict[str, Any]], bool]:
        """Every page of a PaymentIntent search: (results, True when the last page was reached)."""
        items: list[dict[str, Any]] = []
        params: dict[str, Any] = {"query": query, "limit": 100}
        for _ in range(max_pages):
            page = self.get("/v1/payment_intents/search", params)
            items += list(page.get("data") or [])
            if not page.get("has_more") or not page.get("next_page"):
                return items, True
            params = {**params, "page": page["next_page"]}
        return items, False

    def list_payment_intents(
        self, *, created_from: int, created_to: int, max_pages: int
    ) -> tuple[list[dict[str, Any]], bool]:
        """Every PaymentIntent created in [from, to] (Unix seconds), walking `starting_after` pages;
        the list is read from Stripe's records, not the search index. (results, complete)."""
        items: list[dict[str, Any]] = []
        params: dict[str, Any] = {"limit": 100, "created": {"gte": created_from, "lte": created_to}}
        for _ in range(max_pages):
            page = self.get("/v1/payment_intents", params)
            data = list(page.get("data") or [])
            items += data
            if not page.get("has_more") or not data:
                return items, True
            params = {**params, "starting_after": data[-1]["id"]}
        return items, False

    # -- retry loop -------------------------------------------------------------------------------

    def _with_retries(self, what: str, call: Any) -> dict[str, Any]:
        last: GatewayError | None = None
        ever_ambiguous = False
        for attempt in range(self._retry.attempts):
            if attempt:
                delay = self._retry.delay(attempt - 1, self._rng)
                log.info("retrying %s in %.2fs (attempt %d)", what, delay, attempt + 1)
                self._clock.sleep(delay)
            try:
                response = call()
            except Exception as exc:
                verdict = classify(exc)
                last = verdict.error
                ever_ambiguous = ever_ambiguous or last.ambiguous
                # A rate limit is expected and paced by the caller; anything else deserves attention.
                level = logging.INFO if last.http_status == 429 else logging.WARNING
                log.log(level, "%s failed: %s (%s)", what, type(exc).__name__, last.code or last.http_status)
                if not verdict.retryable:
                    raise last from None
                continue
            data = response.data
            if not isinstance(data, dict):
                raise GatewayError(Outcome.AMBIGUOUS, "malformed response from Stripe")
            return data
        assert last is not None
        if ever_ambiguous and not last.ambiguous:
            # A 429 after a dropped attempt: the first attempt may still have gone through.
            raise GatewayError(
                Outcome.AMBIGUOUS,
                str(last),
                code=last.code,
                http_status=last.http_status,
                failure=last.failure,
                should_retry=last.should_retry,
            )
        raise last
