"""CheckoutService: the card path's one entry point for the UI, CLI and start-up.

- `start` commits the payment row (PENDING) together with the adapter's first persisted Stripe request
  before anything touches the network; `run` drives the adapter and records the outcome.
- An order with a payment still PENDING/SENDING/UNKNOWN cannot start another card payment: that one
  must be settled first (`reconcile_unknown`), so a "retry" can never charge twice.
- `reconcile_unknown` runs at start-up (on a worker): every payment left behind is settled against
  Stripe — by its PaymentIntent, a metadata search, or a replay of the SAME key — before anything new.
- `refund` goes through the Refunds API under its own persisted key.

Everything here blocks on the database and the network: call it from a worker thread.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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
CARD_KINDS = (PaymentKind.CARD_PRESENT, PaymentKind.MANUAL_CARD)


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
    ) -> RefundResult:
        """Refund a succeeded card payment (all of it by default), under a persisted idempotency key."""
        rec = self._store.get(payment_id)
        if (
            rec.status is not PaymentStatus.SUCCEEDED
            or rec.payment_intent_id is None
            or rec.kind not in CARD_KINDS
        ):
            raise CheckoutError("Only an approved card payment can be refunded")
        previous = self._store.requests_for(payment_id, REFUND_PURPOSE)
        if any(r.state in (RequestState.PENDING, RequestState.UNKNOWN) for r in previous):
            raise CheckoutError("An earlier refund for this payment is still unconfirmed — retry that one")
        refunded = sum(int(r.params["amount"]) for r in previous if r.state is RequestState.SUCCEEDED)
        available = rec.amount_minor + rec.tip_minor - refunded
        amount = available if amount_minor is None else amount_minor
        if not 0 < amount <= available:
            raise CheckoutError(f"Refund must be between 0.01 and the {available} minor units left")
        params: dict[str, Any] = {
            "payment_intent": rec.payment_intent_id,
            "amount": amount,
            "metadata": {"payment_id": payment_id, "order_id": rec.order_id},
        }
        if reason in {"duplicate", "fraudulent", "requested_by_customer"}:
            params["reason"] = reason
        stored = self._store.add_request(new_request(payment_id, REFUND_PURPOSE, "/v1/refunds", params))
        self._record_audit("payment.refund", payment_id, {"amount_minor": amount}, actor_id)
        return self._send_refund(stored)

    def retry_refund(self, idempotency_key: str) -> RefundResult:
        """Re-send an unconfirmed refund with its SAME key and params."""
        return self._send_refund(self._store.request(idempotency_key))

    def refunded_minor(self, payment_id: str) -> int:
        done = [
            r
            for r in self._store.requests_for(payment_id, REFUND_PURPOSE)
            if r.state is RequestState.SUCCEEDED
        ]
        return sum(int(r.params["amount"]) for r in done)

    def _send_refund(self, stored: StoredRequest) -> RefundResult:
        payment_id = stored.payment_id or ""
        amount = int(stored.params["amount"])
        key = stored.idempotency_key
        try:
            refund = self._gw.send(key)
        except GatewayError as exc:
            status = RefundStatus.UNKNOWN if exc.ambiguous else RefundStatus.FAILED
            return RefundResult(status, payment_id, amount, key, message=str(exc), failure=exc.failure)
        state = refund.get("status")
        by_state = {
            "succeeded": RefundStatus.SUCCEEDED,
            "failed": RefundStatus.FAILED,
            "canceled": RefundStatus.FAILED,
        }
        return RefundResult(
            by_state.get(str(state), RefundStatus.PENDING), payment_id, amount, key, str(refund["id"])
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
