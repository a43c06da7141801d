"""CheckoutService: the card path's one entry point for the UI, CLI and start-up.

- `start` commits the payment row (PENDING) together with the adapter's first persisted Stripe request
  before anything touches the network; `run` drives the adapter and records the outcome.
- An order with a payment still PENDING/SENDING/UNKNOWN cannot start another card payment: that one
  must be settled first (`reconcile_unknown`), so a "retry" can never charge twice.
- `reconcile_unknown` runs at start-up (on a worker): every payment left behind is settled against
  Stripe — by its PaymentIntent, a metadata search, or a replay of the SAME key — before anything new.
- `refund` goes through the Refunds API under its own persisted key, derived from the caller's refund
  id when it gives one (`client_ref`): one Stripe refund per caller refund, however often it is retried.

Everything here blocks on the database and the network: call it from a worker thread.
"""

from __future__ import annotations

import enum
import hashlib
import logging
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from dripos_terminal.clock import Clock
from dripos_terminal.domain.card import KeyedCard
from dripos_terminal.domain.payment import PaymentKind, PaymentStatus
from dripos_terminal.ids import new_id
from dripos_terminal.payments.failures import FailureKind
from dripos_terminal.payments.ports import (
    NullPrompt,
    PaymentRequest,
    PaymentResult,
    Prompt,
    ReaderAdapter,
    ResultStatus,
)
from dripos_terminal.payments.stripe_gateway import GatewayError, StripeGateway
from dripos_terminal.store.payments import (
    NewPayment,
    NewRequest,
    PaymentRecord,
    PaymentStore,
    RequestState,
    StoredRequest,
    new_request,
)

log = logging.getLogger("dripos_terminal.payments")

REFUND_PURPOSE = "refund"
REFUND_REF = "refund_ref"  # metadata key (on our frozen params and at Stripe): the caller's refund id
REFUND_REPLAY_WINDOW = timedelta(hours=23)  # Stripe forgets idempotency keys after 24 h
_REFUND_SUMMARY = ("id", "object", "status", "amount", "payment_intent")
CARD_KINDS = (PaymentKind.CARD_PRESENT, PaymentKind.MANUAL_CARD)
# Refundable through Stripe once approved: offline card payments too, after they were forwarded.
REFUNDABLE_KINDS = (*CARD_KINDS, PaymentKind.OFFLINE_CARD)


class CardAdapter(ReaderAdapter, Protocol):
    def initial_requests(self, request: PaymentRequest) -> Sequence[NewRequest]: ...


class Audit(Protocol):
    """The part of `store.audit.AuditLog` used here."""

    def record(
        self,
        actor_id: str | None,
        action: str,
        subject: str | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> Any: ...


class CheckoutError(RuntimeError):
    """A request the checkout refuses (message is safe to show)."""


class RefundStatus(enum.Enum):
    SUCCEEDED = "succeeded"
    PENDING = "pending"  # accepted by Stripe, settles later
    FAILED = "failed"  # refused; nothing refunded
    UNKNOWN = "unknown"  # no answer: call `retry_refund(key)`, never a new refund


@dataclass(frozen=True)
class RefundResult:
    status: RefundStatus
    payment_id: str
    amount_minor: int
    idempotency_key: str
    refund_id: str | None = None
    message: str | None = None
    failure: FailureKind | None = None


_RESULT_OF = {
    PaymentStatus.SUCCEEDED: ResultStatus.APPROVED,
    PaymentStatus.DECLINED: ResultStatus.DECLINED,
    PaymentStatus.CANCELED: ResultStatus.CANCELED,
}


def refund_key(payment_id: str, client_ref: str) -> str:
    """The idempotency key of the refund `client_ref` of `payment_id`: derived, so the same caller
    refund can only ever map to one key (and one Stripe refund)."""
    digest = hashlib.sha256(client_ref.encode("utf-8")).hexdigest()[:32]
    return f"dripos-{payment_id}-{REFUND_PURPOSE}-{digest}"


def client_ref_of(request: StoredRequest) -> str | None:
    """The caller's refund id a refund record was made for (None for refunds made without one)."""
    ref = (request.params.get("metadata") or {}).get(REFUND_REF)
    return None if ref is None else str(ref)


def _result_from_record(rec: PaymentRecord) -> PaymentResult:
    return PaymentResult(
        status=_RESULT_OF.get(rec.status, ResultStatus.UNKNOWN),
        payment_id=rec.id,
        amount_minor=rec.amount_minor,
        tip_minor=rec.tip_minor,
        payment_intent_id=rec.payment_intent_id,
        brand=rec.brand,
        last4=rec.last4,
        message=rec.outcome_message,
    )


class CheckoutService:
    def __init__(
        self,
        store: PaymentStore,
        gateway: StripeGateway,
        adapters: Mapping[PaymentKind, CardAdapter],
        clock: Clock,
        audit: Audit | None = None,
    ) -> None:
        self._store = store
        self._gw = gateway
        self._adapters = dict(adapters)
        # Payments started in this process and not yet recorded: never reconciled behind their back,
        # and the only ones a `cancel` may reach.
        self._lock = threading.Lock()
        self._in_flight: dict[str, PaymentKind] = {}
        self._clock = clock
        self._audit = audit

    # -- paying -------------------------------------------------------------------------------------

    def start(
        self,
        order_id: str,
        amount_minor: int,
        currency: str,
        *,
        tip_minor: int = 0,
        kind: PaymentKind = PaymentKind.CARD_PRESENT,
        keyed_card: KeyedCard | None = None,
    ) -> PaymentRequest:
        """Commit a PENDING payment row + its first Stripe request (one transaction). No network."""
        adapter = self._adapter(kind)
        if amount_minor <= 0 or tip_minor < 0:
            raise CheckoutError("Amount must be positive")
        if kind is PaymentKind.MANUAL_CARD and keyed_card is None:
            raise CheckoutError("Manual entry needs the card details")
        open_ = [p for p in self._store.for_order(order_id) if not p.status.is_final]
        if open_:
            raise CheckoutError(
                "A card payment for this order is still being checked — wait for it to finish"
            )
        request = PaymentRequest(
            payment_id=new_id("pay"),
            order_id=order_id,
            amount_minor=amount_minor,
            currency=currency,
            tip_minor=tip_minor,
            kind=kind,
            keyed_card=keyed_card,
        )
        card = keyed_card
        self._store.create(
            NewPayment(
                id=request.payment_id,
                order_id=order_id,
                kind=kind,
                amount_minor=amount_minor,
                tip_minor=tip_minor,
                currency=currency,
                brand=card.brand.value if card else None,
                last4=card.last4 if card else None,
                exp_month=card.expiry.month if card else None,
                exp_year=card.expiry.year if card else None,
            ),
            adapter.initial_requests(request),
        )
        with self._lock:
            self._in_flight[request.payment_id] = kind
        if kind is PaymentKind.MANUAL_CARD:
            self._record_audit(
                "card.keyed_entry", request.payment_id, {"last4": card.last4 if card else None}
            )
        return request

    def run(self, request: PaymentRequest, prompt: Prompt) -> PaymentResult:
        """Drive the adapter to a result and record it. Blocks until the payment is settled."""
        adapter = self._adapter(request.kind)
        try:
            try:
                result = adapter.pay(request, prompt)
            except Exception:
                log.exception("card payment %s crashed; it will be reconciled", request.payment_id)
                if request.keyed_card is not None:
                    request.keyed_card.drop()
                return self._record_crash(request)
            self._record(result)
            return result
        finally:
            with self._lock:
                self._in_flight.pop(request.payment_id, None)

    def pay(
        self,
        order_id: str,
        amount_minor: int,
        currency: str,
        prompt: Prompt,
        *,
        tip_minor: int = 0,
        kind: PaymentKind = PaymentKind.CARD_PRESENT,
        keyed_card: KeyedCard | None = None,
    ) -> PaymentResult:
        """`start` + `run`."""
        request = self.start(
            order_id, amount_minor, currency, tip_minor=tip_minor, kind=kind, keyed_card=keyed_card
        )
        return self.run(request, prompt)

    def cancel(self, kind: PaymentKind = PaymentKind.CARD_PRESENT) -> None:
        """Ask the running payment to stop (thread-safe, returns at once). The PaymentIntent decides.

        Does nothing when no payment of that kind was started and is still running.
        """
        with self._lock:
            running = kind in self._in_flight.values()
        if running:
            self._adapter(kind).cancel()

    def payment(self, payment_id: str) -> PaymentRecord:
        return self._store.get(payment_id)

    def _adapter(self, kind: PaymentKind) -> CardAdapter:
        try:
            return self._adapters[kind]
        except KeyError:
            raise CheckoutError(f"No adapter for {kind.value} payments") from None

    def _record(self, result: PaymentResult) -> None:
        target = result.record_status
        current = self._store.get(result.payment_id).status
        if current is PaymentStatus.PENDING and target is not PaymentStatus.CANCELED:
            self._store.transition(result.payment_id, PaymentStatus.SENDING)
        self._store.transition(
            result.payment_id,
            target,
            outcome_code=result.decline_code
            or (result.failure.value if result.failure else result.status.value),
            outcome_message=result.decline_text or result.message,
            payment_intent_id=result.payment_intent_id,
            brand=result.brand,
            last4=result.last4,
            tip_minor=result.tip_minor if result.paid else None,
        )
        log.info("card payment %s: %s", result.payment_id, result.status.value)

    def _record_crash(self, request: PaymentRequest) -> PaymentResult:
        current = self._store.get(request.payment_id).status
        target = PaymentStatus.CANCELED if current is PaymentStatus.PENDING else PaymentStatus.UNKNOWN
        if not current.is_final and current is not target:
            self._store.transition(request.payment_id, target, outcome_code="crashed")
        status = ResultStatus.CANCELED if target is PaymentStatus.CANCELED else ResultStatus.UNKNOWN
        return PaymentResult(
            status, request.payment_id, request.amount_minor, request.tip_minor, message="Payment interrupted"
        )

    # -- start-up reconciliation -------------------------------------------------------------------

    def reconcile_unknown(self, prompt: Prompt | None = None) -> list[PaymentResult]:
        """Settle every card payment left PENDING/SENDING/UNKNOWN. Call at start-up, before selling."""
        with self._lock:
            busy = set(self._in_flight)
        results = []
        for rec in self._store.unresolved(CARD_KINDS):
            if rec.id not in busy:
                results.append(self._reconcile_one(rec, prompt or NullPrompt()))
        return results

    def resolve(self, payment_id: str, prompt: Prompt | None = None) -> PaymentResult:
        """Settle one UNKNOWN payment now (the "Check again" button). Final payments are returned as is."""
        rec = self._store.get(payment_id)
        with self._lock:
            if payment_id in self._in_flight:
                raise CheckoutError("That payment is still running")
        if rec.status.is_final:
            return _result_from_record(rec)
        return self._reconcile_one(rec, prompt or NullPrompt())

    def _reconcile_one(self, rec: PaymentRecord, prompt: Prompt) -> PaymentResult:
        if rec.status is PaymentStatus.PENDING:
            # Committed but never sent (SENDING is committed before any call): nothing to ask Stripe.
            self._store.transition(rec.id, PaymentStatus.CANCELED, outcome_code="never_sent")
            return PaymentResult(ResultStatus.CANCELED, rec.id, rec.amount_minor, rec.tip_minor)
        if rec.status is PaymentStatus.SENDING:
            self._store.transition(rec.id, PaymentStatus.UNKNOWN, outcome_code="interrupted")
        self._store.transition(rec.id, PaymentStatus.SENDING)
        try:
            result = self._adapter(rec.kind).resolve(rec.id, prompt)
        except Exception:
            log.exception("reconciling payment %s failed; it stays unknown", rec.id)
            result = PaymentResult(ResultStatus.UNKNOWN, rec.id, rec.amount_minor, rec.tip_minor)
        self._record(result)
        self._record_audit("payment.reconciled", rec.id, {"status": result.status.value})
        return result

    # -- refunds -----------------------------------------------------------------------------------

    def refund(
        self,
        payment_id: str,
        amount_minor: int | None = None,
        *,
        reason: str | None = None,
        actor_id: str | None = None,
        client_ref: str | None = None,
    ) -> RefundResult:
        """Refund a succeeded card payment (all that is left by default) under a persisted key.

        `client_ref` is the caller's own id for this refund (SalesService's `refund_id`). The
        idempotency key is derived from it (`refund_key`) and persisted with the frozen params before
        the call: ONE Stripe refund per (payment, client_ref), ever. Calling again with the same
        `client_ref` re-sends that SAME record (key + frozen params; an explicit different amount is
        refused) or, once Stripe confirmed it, returns the recorded answer without a call. A different
        `client_ref` is a different refund. Without `client_ref` every call is a new refund.

        Card-present and keyed payments, and offline card payments that were forwarded and approved.
        A new refund is refused while an earlier one for the payment is unconfirmed (re-send that one).
        """
        rec = self._store.get(payment_id)
        if (
            rec.status is not PaymentStatus.SUCCEEDED
            or rec.payment_intent_id is None
            or rec.kind not in REFUNDABLE_KINDS
        ):
            raise CheckoutError("Only an approved card payment can be refunded")
        key = refund_key(payment_id, client_ref) if client_ref is not None else None
        if key is not None:
            existing = self._store.find_request(key)
            if existing is not None:
                return self._repeat_refund(existing, amount_minor)
        available = rec.amount_minor + rec.tip_minor - self.refunded_minor(payment_id)
        amount = available if amount_minor is None else amount_minor
        metadata = {"payment_id": payment_id, "order_id": rec.order_id}
        if client_ref is not None:
            metadata[REFUND_REF] = client_ref
        params: dict[str, Any] = {
            "payment_intent": rec.payment_intent_id,
            "amount": amount,
            "metadata": metadata,
        }
        if reason in {"duplicate", "fraudulent", "requested_by_customer"}:
            params["reason"] = reason
        if key is None:
            request = new_request(payment_id, REFUND_PURPOSE, "/v1/refunds", params)
        else:
            request = NewRequest(key, payment_id, REFUND_PURPOSE, "post", "/v1/refunds", params)

        def guard(previous: list[StoredRequest]) -> None:
            # Re-checked inside the inserting transaction: a concurrent refund cannot overdraw.
            refunds = [r for r in previous if r.purpose == REFUND_PURPOSE]
            if any(r.state in (RequestState.PENDING, RequestState.UNKNOWN) for r in refunds):
                raise CheckoutError(
                    "An earlier refund for this payment is still unconfirmed — retry that one"
                )
            done = sum(int(r.params["amount"]) for r in refunds if r.state is RequestState.SUCCEEDED)
            left = rec.amount_minor + rec.tip_minor - done
            if not 0 < amount <= left:
                raise CheckoutError(f"Refund must be between 0.01 and the {left} minor units left")

        stored, created = self._store.add_request_once(request, guard)
        if not created:  # the same client_ref raced us here: that record is the refund
            return self._repeat_refund(stored, amount_minor)
        details: dict[str, Any] = {"amount_minor": amount, "idempotency_key": stored.idempotency_key}
        if client_ref is not None:
            details["client_ref"] = client_ref
        self._record_audit("payment.refund", payment_id, details, actor_id)
        return self._send_refund(stored)

    def retry_refund(self, idempotency_key: str) -> RefundResult:
        """Re-send an unconfirmed refund with its SAME key and params (a confirmed one is not re-sent)."""
        return self._repeat_refund(self._store.request(idempotency_key), None)

    def refund_requests(self, payment_id: str) -> list[StoredRequest]:
        """The payment's refund records, oldest first (with `client_ref_of` to tell whose they are)."""
        return self._store.requests_for(payment_id, REFUND_PURPOSE)

    def refunded_minor(self, payment_id: str) -> int:
        done = [r for r in self.refund_requests(payment_id) if r.state is RequestState.SUCCEEDED]
        return sum(int(r.params["amount"]) for r in done)

    def _repeat_refund(self, stored: StoredRequest, amount_minor: int | None) -> RefundResult:
        frozen = int(stored.params["amount"])
        if amount_minor is not None and amount_minor != frozen:
            raise CheckoutError(
                f"This refund was already requested for {frozen} minor units; it cannot change amount"
            )
        if stored.state is RequestState.SUCCEEDED:
            return self._result_of(stored, stored.response or {})
        return self._send_refund(stored)

    def _send_refund(self, stored: StoredRequest) -> RefundResult:
        payment_id = stored.payment_id or ""
        amount = int(stored.params["amount"])
        key = stored.idempotency_key
        try:
            if stored.state is not RequestState.SUCCEEDED and self._key_expired(stored):
                found = self._find_refund(stored)
                if found is not None:
                    summary: dict[str, Any] = {k: found[k] for k in _REFUND_SUMMARY if k in found}
                    self._store.record_answer(key, RequestState.SUCCEEDED, response=summary)
                    return self._result_of(stored, found)
                if client_ref_of(stored) is None:
                    return RefundResult(
                        RefundStatus.UNKNOWN,
                        payment_id,
                        amount,
                        key,
                        message="This refund is over a day old and unconfirmed — check it in Stripe",
                    )
                # Not at Stripe (searched by our metadata): sending it now cannot make a second one.
            refund = self._gw.send(key)
        except GatewayError as exc:
            status = RefundStatus.UNKNOWN if exc.ambiguous else RefundStatus.FAILED
            return RefundResult(status, payment_id, amount, key, message=str(exc), failure=exc.failure)
        return self._result_of(stored, refund)

    def _key_expired(self, stored: StoredRequest) -> bool:
        """Stripe keeps idempotency keys for 24 h: past `REFUND_REPLAY_WINDOW` a re-send could refund
        again, so an unconfirmed refund that old is looked up by its metadata first."""
        created = datetime.fromisoformat(stored.created_at)
        return self._clock.now() - created >= REFUND_REPLAY_WINDOW

    def _find_refund(self, stored: StoredRequest) -> dict[str, Any] | None:
        ref = client_ref_of(stored)
        if ref is None:
            return None
        listed = self._gw.get(
            "/v1/refunds", {"payment_intent": stored.params["payment_intent"], "limit": 100}
        )
        for refund in listed.get("data") or []:
            meta = refund.get("metadata") or {}
            if meta.get(REFUND_REF) == ref and meta.get("payment_id") == stored.payment_id:
                return dict(refund)
        return None

    def _result_of(self, stored: StoredRequest, refund: Mapping[str, Any]) -> RefundResult:
        by_state = {
            "succeeded": RefundStatus.SUCCEEDED,
            "failed": RefundStatus.FAILED,
            "canceled": RefundStatus.FAILED,
        }
        refund_id = refund.get("id")
        return RefundResult(
            by_state.get(str(refund.get("status")), RefundStatus.PENDING),
            stored.payment_id or "",
            int(stored.params["amount"]),
            stored.idempotency_key,
            None if refund_id is None else str(refund_id),
        )

    def _record_audit(
        self, action: str, subject: str, details: Mapping[str, Any], actor_id: str | None = None
    ) -> None:
        if self._audit is None:
            return
        try:
            written = self._audit.record(actor_id, action, subject, details)
            if hasattr(written, "result"):
                written.result()
        except Exception:
            log.exception("audit entry %s for %s could not be written", action, subject)
