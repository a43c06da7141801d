"""Forwarding ONE stored offline payment, and reconciling one whose outcome is unknown.

Forward = create a PaymentMethod from the stored card (no CVC; the card fields are read from the row
into memory for this one call) + create-and-confirm a PaymentIntent, each under the idempotency key
and frozen params persisted at capture time. `sending` is committed before the first call.

An UNKNOWN row (a crash mid-call, a timeout, a dropped connection) is settled the safe way:
- while its PaymentIntent key is younger than 23 h: replay both requests with the SAME keys (Stripe
  returns the saved answers, so nothing is charged twice);
- after that: search PaymentIntents by our `metadata['payment_id']`; found → that is the outcome;
  not found → parked for a manager (`retry_with_new_key`), never retried automatically.

Rate limits (DESIGN rule 6): with a `RatePacer`, every request first takes a slot from its endpoint's
lane; a 429 slows that lane down and the SAME request (same key, same frozen params; the row stays
`sending`, committed before the first call) is re-sent after exponential backoff with full jitter, up to
`JobSettings.rate_limit_retries` times, before the row falls back to a later retry. A 429 carrying
`Stripe-Should-Retry: false` (read from the gateway's error) parks the row for a manager.

Every state change goes through the payments repository's one transition function; a final outcome
erases the stored card and brings the order in step, in the same transaction.
"""

from __future__ import annotations

import enum
import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from dripos_terminal.clock import Clock
from dripos_terminal.domain.payment import REPLAY_WINDOW, PaymentStatus, decline_text
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.payments.charge_check import KeyToCheck
from dripos_terminal.payments.rate_pacer import RatePacer, Slot
from dripos_terminal.payments.stripe_gateway import GatewayError, Outcome, StripeGateway
from dripos_terminal.payments.stripe_intents import PAID_STATUSES
from dripos_terminal.store.outbox import AUDIT_OUTCOME, PI_PURPOSE, PM_PURPOSE, Outbox, OutboxItem, Parked
from dripos_terminal.store.payment_records import StoredRequest
from dripos_terminal.store.payments import AuditNote, PaymentStore

log = logging.getLogger("dripos_terminal.payments")

_DECLINED_STATUSES = frozenset({"requires_payment_method", "canceled"})

# Pacing lanes: one per Stripe endpoint (the simulator and Stripe count "METHOD template").
PM_ENDPOINT = "POST /v1/payment_methods"
PI_ENDPOINT = "POST /v1/payment_intents"
SEARCH_ENDPOINT = "GET /v1/payment_intents/search"


class _Stopped(Exception):
    """The forwarder is stopping while a request waited for its slot or its backoff."""


class RowOutcome(enum.Enum):
    SUCCEEDED = "succeeded"
    DECLINED = "declined"
    RETRY_LATER = "retry_later"  # UNKNOWN with a backoff; the same keys will be replayed
    PARKED = "parked"  # UNKNOWN waiting for a manager

    @property
    def final(self) -> bool:
        return self in (RowOutcome.SUCCEEDED, RowOutcome.DECLINED)


@dataclass(frozen=True)
class RowResult:
    payment_id: str
    order_id: str
    outcome: RowOutcome
    code: str | None = None
    message: str | None = None
    payment_intent_id: str | None = None
    rate_limited: bool = False


@dataclass
class JobSettings:
    replay_window: timedelta = REPLAY_WINDOW
    max_attempts: int = 10
    retry_base_s: float = 1.0
    retry_cap_s: float = 300.0
    rate_limit_retries: int = 8  # re-sends of one rate-limited request before the row retries later


class ForwardJob:
    """Stateless per row; safe to use from several worker threads at once (distinct rows)."""

    def __init__(
        self,
        payments: PaymentStore,
        gateway: StripeGateway,
        clock: Clock,
        *,
        rng: random.Random | None = None,
        settings: JobSettings | None = None,
        before_request: Callable[[], None] | None = None,
        pacer: RatePacer | None = None,
        sleep: Callable[[float], object] | None = None,
    ) -> None:
        self._payments = payments
        self._outbox = Outbox(payments)
        self._gw = gateway
        self._clock = clock
        self._rng = rng or random.Random()
        self.settings = settings or JobSettings()
        self._before = before_request or (lambda: None)
        self._pacer = pacer
        self._sleep = sleep or clock.sleep

    # -- the whole row ------------------------------------------------------------------------------

    def run(self, item: OutboxItem, stop: Callable[[], bool] = lambda: False) -> RowResult:
        if item.status is PaymentStatus.UNKNOWN and not self.replayable(item):
            return self.reconcile_by_search(item)
        if item.status not in (PaymentStatus.PENDING, PaymentStatus.UNKNOWN):
            raise ValueError(f"{item.id} is {item.status.value}; nothing to forward")
        self.begin(item)
        pm = self.send_payment_method(item, stop)
        if isinstance(pm, RowResult):
            return pm
        if stop():
            return self._stopped(item)
        return self.send_payment_intent(item, pm, stop)

    def replayable(self, item: OutboxItem) -> bool:
        _, created = self._outbox.request_key(item.id, PI_PURPOSE)
        return self._clock.now() - created < self.settings.replay_window

    # -- steps (public so the stateful test can crash between them) -------------------------------

    def begin(self, item: OutboxItem) -> None:
        """Commit SENDING before the network call (PENDING/UNKNOWN → SENDING)."""
        self._payments.transition(item.id, PaymentStatus.SENDING, outcome_code=None)

    def send_payment_method(
        self, item: OutboxItem, stop: Callable[[], bool] = lambda: False
    ) -> str | RowResult:
        card = self._outbox.card_for(item.id)
        if card is None:  # cannot happen for an unfinished row; never guess
            return self._park(item, Parked.REFUSED, "stored card missing")
        key, _ = self._outbox.request_key(item.id, PM_PURPOSE)
        try:
            secret = card.secret_params()
            try:
                return str(
                    self._paced(PM_ENDPOINT, stop, lambda: self._gw.send(key, secret_params=secret))["id"]
                )
            finally:
                secret.clear()
        except GatewayError as exc:
            return self._failed(item, exc, pi_stage=False)
        except _Stopped:
            return self._stopped(item)
        finally:
            card.drop()

    def send_payment_intent(
        self, item: OutboxItem, pm_id: str, stop: Callable[[], bool] = lambda: False
    ) -> RowResult:
        key, _ = self._outbox.request_key(item.id, PI_PURPOSE)
        try:
            pi = self._paced(
                PI_ENDPOINT, stop, lambda: self._gw.send(key, secret_params={"payment_method": pm_id})
            )
        except GatewayError as exc:
            return self._failed(item, exc, pi_stage=True)
        except _Stopped:
            return self._stopped(item)
        return self.from_intent(item, pi)

    def _paced(
        self, endpoint: str, stop: Callable[[], bool], call: Callable[[], dict[str, Any]]
    ) -> dict[str, Any]:
        """`call` (one request, always the same persisted key and frozen params) through the pacer:
        wait for a slot; on a 429 slow the lane down and re-send after a jittered exponential backoff,
        unless Stripe said not to retry or the re-sends are used up (then the 429 is raised)."""
        retry = 0
        while True:
            self._before()
            slot: Slot | None = None
            if self._pacer is not None:
                slot = self._pacer.acquire(endpoint, self._sleep, stop)
                if slot is None:
                    raise _Stopped
            try:
                data = call()
            except GatewayError as exc:
                if exc.http_status != 429 or self._pacer is None or slot is None:
                    raise
                self._pacer.on_rate_limited(slot)
                if exc.should_retry is False or retry >= self.settings.rate_limit_retries:
                    raise
                self._sleep(self._pacer.retry_delay(retry))
                retry += 1
                if stop():
                    raise _Stopped from None
                continue
            if self._pacer is not None and slot is not None:
                self._pacer.on_success(slot)
            return data

    # -- outcomes -----------------------------------------------------------------------------------

    def from_intent(self, item: OutboxItem, pi: Mapping[str, Any], *, refreshed: bool = False) -> RowResult:
        pi_id = str(pi.get("id") or "") or None
        status = pi.get("status")
        if status in PAID_STATUSES:
            return self._settle(item, PaymentStatus.SUCCEEDED, pi_id=pi_id)
        error = pi.get("last_payment_error") or {}
        if status in _DECLINED_STATUSES:
            code = error.get("decline_code") or error.get("code") or str(status)
            return self._settle(
                item,
                PaymentStatus.DECLINED,
                pi_id=pi_id,
                code=code,
                message=decline_text(error.get("decline_code"), error.get("code")),
            )
        if status == "requires_action":
            return self._settle(
                item,
                PaymentStatus.DECLINED,
                pi_id=pi_id,
                code="authentication_required",
                message=decline_text("authentication_required"),
            )
        if pi_id and not refreshed:
            try:
                return self.from_intent(item, self._gw.retrieve_payment_intent(pi_id), refreshed=True)
            except GatewayError as exc:
                return self._retry_later(item, exc)
        return self._retry_later(item, None, f"PaymentIntent is {status}")

    def reconcile_by_search(self, item: OutboxItem) -> RowResult:
        """Key too old to replay: look the PaymentIntent up by our metadata id."""
        try:
            found = self._paced(
                SEARCH_ENDPOINT, lambda: False, lambda: {"data": self._gw.find_payment_intents(item.id)}
            )["data"]
        except GatewayError as exc:
            return self._retry_later(item, exc)
        paid = [pi for pi in found if pi.get("status") in PAID_STATUSES]
        if len(paid) > 1:
            log.error("offline payment %s has %d paid PaymentIntents", item.id, len(paid))
        if paid:
            return self._settle(item, PaymentStatus.SUCCEEDED, pi_id=str(paid[0]["id"]))
        if found and all(pi.get("status") in _DECLINED_STATUSES for pi in found):
            return self.from_intent(item, found[0], refreshed=True)
        if found:
            return self._retry_later(
                item, None, QT_TRANSLATE_NOOP("OfflineReconcile", "PaymentIntent found but not settled")
            )
        return self._park(
            item,
            Parked.NOT_FOUND,
            QT_TRANSLATE_NOOP("OfflineReconcile", "No PaymentIntent found at Stripe; a manager decides"),
        )

    # -- the manager's "retry with a new key": proof first -----------------------------------------

    def keys_to_check(self, item: OutboxItem) -> list[KeyToCheck]:
        """Every PaymentIntent key the row was ever given, each with a way to re-send it exactly as it
        was (its PaymentMethod, then the PaymentIntent with that PaymentMethod)."""
        requests = self._payments.requests_for(item.id)
        methods = {r.created_at: r for r in requests if r.purpose == PM_PURPOSE}
        return [
            KeyToCheck(r, self._replayer(item, methods.get(r.created_at), r))
            for r in requests
            if r.purpose == PI_PURPOSE
        ]

    def _replayer(
        self, item: OutboxItem, method: StoredRequest | None, intent: StoredRequest
    ) -> Callable[[], dict[str, Any]] | None:
        if method is None:
            return None

        def replay() -> dict[str, Any]:
            pm_id = method.answered_id
            if pm_id is None:
                card = self._outbox.card_for(item.id)
                if card is None:
                    raise GatewayError(Outcome.AMBIGUOUS, "the stored card is gone; cannot re-send")
                secret = card.secret_params()
                try:
                    pm_id = str(self._gw.send_stored(method, secret_params=secret)["id"])
                finally:
                    secret.clear()
                    card.drop()
            return self._gw.send_stored(intent, secret_params={"payment_method": pm_id})

        return replay

    def settle_charged(self, item: OutboxItem, pi: Mapping[str, Any]) -> RowResult:
        """A check found the PaymentIntent that charged this row: record it (and its tender stands)."""
        return self._settle(item, PaymentStatus.SUCCEEDED, pi_id=str(pi["id"]))

    def _failed(self, item: OutboxItem, exc: GatewayError, *, pi_stage: bool) -> RowResult:
        pi_id = (exc.payment_intent or {}).get("id") if pi_stage else None
        if exc.outcome is Outcome.DECLINED:
            code = exc.decline_code or exc.code or "card_declined"
            text = decline_text(exc.decline_code, exc.code)
            return self._settle(item, PaymentStatus.DECLINED, pi_id=pi_id, code=code, message=text)
        if exc.http_status == 429:
            if exc.should_retry is False:
                return self._park(
                    item,
                    Parked.REFUSED,
                    QT_TRANSLATE_NOOP("OfflineReconcile", "Stripe asked not to retry (rate limit)"),
                )
            return self._retry_later(item, exc, rate_limited=True)
        if exc.outcome is Outcome.REJECTED:
            return self._park(item, Parked.REFUSED, f"Stripe refused the request: {exc.code or exc}")
        if exc.should_retry is False:
            return self._park(
                item, Parked.REFUSED, QT_TRANSLATE_NOOP("OfflineReconcile", "Stripe asked not to retry")
            )
        return self._retry_later(item, exc)

    def _settle(
        self,
        item: OutboxItem,
        target: PaymentStatus,
        *,
        pi_id: str | None,
        code: str | None = None,
        message: str | None = None,
    ) -> RowResult:
        details = {
            "to": target.value,
            "code": code,
            "payment_intent": pi_id,
            "order_id": item.order_id,
            "charge_minor": item.charge_minor,
        }
        self._payments.transition(
            item.id,
            target,
            outcome_code=code,
            outcome_message=message,
            payment_intent_id=pi_id,
            audit=AuditNote(None, AUDIT_OUTCOME, details),
        )
        outcome = RowOutcome.SUCCEEDED if target is PaymentStatus.SUCCEEDED else RowOutcome.DECLINED
        log.info("offline payment %s forwarded: %s", item.id, target.value)
        return RowResult(item.id, item.order_id, outcome, code, message, pi_id)

    def _retry_later(
        self, item: OutboxItem, exc: GatewayError | None, message: str = "", *, rate_limited: bool = False
    ) -> RowResult:
        attempts = self._outbox.get(item.id).attempts
        text = message or (str(exc) if exc is not None else "no answer")
        code = exc.code if exc is not None else None
        if attempts >= self.settings.max_attempts:
            return self._park(item, Parked.TOO_MANY_TRIES, f"gave up after {attempts} tries: {text}")
        s = self.settings
        delay = min(s.retry_cap_s, s.retry_base_s * 2 ** max(0, attempts - 1)) * self._rng.uniform(0.5, 1.0)
        retry_at = self._clock.now() + timedelta(seconds=delay)
        self._payments.transition(
            item.id, PaymentStatus.UNKNOWN, retry_at=retry_at, outcome_code=code, outcome_message=text
        )
        return RowResult(
            item.id, item.order_id, RowOutcome.RETRY_LATER, code, text, rate_limited=rate_limited
        )

    def _stopped(self, item: OutboxItem) -> RowResult:
        """Stopping mid-row: UNKNOWN, due now; the next pass replays the same keys."""
        self._payments.transition(item.id, PaymentStatus.UNKNOWN, retry_at=self._clock.now())
        return RowResult(item.id, item.order_id, RowOutcome.RETRY_LATER, message="stopped")

    def _park(self, item: OutboxItem, why: Parked, message: str) -> RowResult:
        self._payments.transition(
            item.id, PaymentStatus.PARKED, outcome_code=why.value, outcome_message=message
        )
        log.warning("offline payment %s needs a manager: %s", item.id, why.value)
        return RowResult(item.id, item.order_id, RowOutcome.PARKED, why.value, message)
