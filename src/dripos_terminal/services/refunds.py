"""Refunds: Stripe refunds under persisted keys, and giving back each kind of card tender.

- `Refunds.refund` goes through the Refunds API under its own persisted key, derived from the caller's
  refund id when it gives one (`client_ref`): one Stripe refund per caller refund, however often it is
  retried. An unconfirmed refund older than Stripe's key window is looked up by its metadata first.
- `CardRefundProcessor` and `OfflineRefundProcessor` are the `TenderProcessor`s `SalesService` uses
  for voids and refunds of card tenders (card present/keyed, and stored offline).

Qt-free and blocking (database and network): call from a worker thread or a command line.
"""

from __future__ import annotations

import enum
import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from dripos_terminal.clock import Clock
from dripos_terminal.domain.money import Money
from dripos_terminal.domain.order import Order
from dripos_terminal.domain.payment import PaymentKind, PaymentStatus
from dripos_terminal.domain.tender import Tender
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.payments.failures import FailureKind
from dripos_terminal.payments.stripe_gateway import GatewayError, StripeGateway
from dripos_terminal.services.sales import SaleError
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.outbox import AUDIT_VOIDED, VOIDED_CODE, VOIDED_TEXT
from dripos_terminal.store.payment_records import (
    NewRequest,
    PaymentNotFoundError,
    PaymentRecord,
    RequestState,
    StoredRequest,
    new_request,
)
from dripos_terminal.store.payments import AuditNote, PaymentStore

log = logging.getLogger("dripos_terminal.payments")

REFUND_PURPOSE = "refund"
REFUND_REF = "refund_ref"  # metadata key (on our frozen params and at Stripe): the caller's refund id
REFUND_REPLAY_WINDOW = timedelta(hours=23)  # Stripe forgets idempotency keys after 24 h
_REFUND_SUMMARY = ("id", "object", "status", "amount", "payment_intent")
CARD_KINDS = (PaymentKind.CARD_PRESENT, PaymentKind.MANUAL_CARD)
# Refundable through Stripe once approved: offline card payments too, after they were forwarded.
REFUNDABLE_KINDS = (*CARD_KINDS, PaymentKind.OFFLINE_CARD)
AUDIT_REFUND = "payment.refund"
AUDIT_NOT_CHARGED = "offline.refund_not_charged"
STILL_SENDING_TEXT = QT_TRANSLATE_NOOP(
    "Refunds",
    "This card payment is still being sent to Stripe; "
    "try the refund again once the offline queue shows its outcome",
)
FULL_ONLY_TEXT = QT_TRANSLATE_NOOP(
    "Refunds", "A stored offline payment can only be given back in full before it is sent"
)


class RefundError(RuntimeError):
    """A refund the till refuses (message is safe to show)."""


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


def refund_key(payment_id: str, client_ref: str) -> str:
    """The idempotency key of the refund `client_ref` of `payment_id`: derived, so the same caller
    refund can only ever map to one key (and one Stripe refund)."""
    digest = hashlib.sha256(client_ref.encode("utf-8")).hexdigest()[:32]
    return f"dripos-{payment_id}-{REFUND_PURPOSE}-{digest}"


def client_ref_of(request: StoredRequest) -> str | None:
    """The caller's refund id a refund record was made for (None for refunds made without one)."""
    ref = (request.params.get("metadata") or {}).get(REFUND_REF)
    return None if ref is None else str(ref)


def _refund_request(
    rec: PaymentRecord, amount: int, *, key: str | None, reason: str | None, client_ref: str | None
) -> NewRequest:
    """The refund's request record: its key (derived from `client_ref`, else fresh) and frozen params."""
    metadata = {"payment_id": rec.id, "order_id": rec.order_id}
    if client_ref is not None:
        metadata[REFUND_REF] = client_ref
    params: dict[str, Any] = {"payment_intent": rec.payment_intent_id, "amount": amount, "metadata": metadata}
    if reason in {"duplicate", "fraudulent", "requested_by_customer"}:
        params["reason"] = reason
    if key is None:
        return new_request(rec.id, REFUND_PURPOSE, "/v1/refunds", params)
    return NewRequest(key, rec.id, REFUND_PURPOSE, "post", "/v1/refunds", params)


class Refunds:
    """Stripe refunds of approved card payments. Blocking."""

    def __init__(
        self, payments: PaymentStore, gateway: StripeGateway, clock: Clock, audit: AuditLog | None = None
    ) -> None:
        self._store = payments
        self._gw = gateway
        self._clock = clock
        self._audit = audit

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
            raise RefundError(QT_TRANSLATE_NOOP("Refunds", "Only an approved card payment can be refunded"))
        key = refund_key(payment_id, client_ref) if client_ref is not None else None
        if key is not None:
            existing = self._store.find_request(key)
            if existing is not None:
                return self._repeat_refund(existing, amount_minor)
        available = rec.amount_minor + rec.tip_minor - self.refunded_minor(payment_id)
        amount = available if amount_minor is None else amount_minor
        request = _refund_request(rec, amount, key=key, reason=reason, client_ref=client_ref)

        def guard(previous: list[StoredRequest]) -> None:
            # Re-checked inside the inserting transaction: a concurrent refund cannot overdraw.
            refunds = [r for r in previous if r.purpose == REFUND_PURPOSE]
            if any(r.state in (RequestState.PENDING, RequestState.UNKNOWN) for r in refunds):
                raise RefundError(
                    QT_TRANSLATE_NOOP(
                        "Refunds", "An earlier refund for this payment is still unconfirmed — retry that one"
                    )
                )
            done = sum(int(r.params["amount"]) for r in refunds if r.state is RequestState.SUCCEEDED)
            left = rec.amount_minor + rec.tip_minor - done
            if not 0 < amount <= left:
                raise RefundError(
                    QT_TRANSLATE_NOOP(
                        "Refunds", "A refund must be more than nothing and at most the {left} left."
                    ).format(left=Money(left, rec.currency))
                )

        stored, created = self._store.add_request_once(request, guard)
        if not created:  # the same client_ref raced us here: that record is the refund
            return self._repeat_refund(stored, amount_minor)
        details: dict[str, Any] = {"amount_minor": amount, "idempotency_key": stored.idempotency_key}
        if client_ref is not None:
            details["client_ref"] = client_ref
        self._record_audit(AUDIT_REFUND, payment_id, details, actor_id)
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
            raise RefundError(
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
                        message=QT_TRANSLATE_NOOP(
                            "Refunds", "This refund is over a day old and unconfirmed — check it in Stripe"
                        ),
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
        return self._clock.now() - stored.created >= REFUND_REPLAY_WINDOW

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
            self._audit.record(actor_id, action, subject, details).result()
        except Exception:
            log.exception("audit entry %s for %s could not be written", action, subject)


class CardRefundProcessor:
    """`TenderProcessor` for card tenders: a Stripe refund through `Refunds.refund`.

    The refund's idempotency key comes from SalesService's `refund_id` (`client_ref`): repeating the
    same `refund_id` never refunds twice, and a different `refund_id` is a different refund (two
    deliberate equal partial refunds are two refunds). Two cases SalesService cannot express, since it
    only records a refund after this returns and draws a fresh `refund_id` for each attempt:
    - an earlier attempt that reached Stripe but never got recorded on the order (no answer, or a
      crash) is an *orphan*: its `refund_ref` is not among the order's refunds. One for the same
      amount is taken over (re-sent under its SAME key, or its confirmed answer returned) instead of
      making a second refund;
    - more than Stripe has left, already covered by confirmed refunds: nothing is sent; the latest
      confirmed refund is returned (as before).
    BLOCKING: runs on the worker SalesService runs on. `OfflineRefundProcessor` uses `refund_payment`.
    """

    def __init__(self, refunds: Refunds, payments: PaymentStore) -> None:
        self._refunds, self._store = refunds, payments

    def refund(
        self, order: Order, tender: Tender, amount: Money, *, refund_id: str, reason: str
    ) -> str | None:
        rec = self._payment_for(order.order_id, tender.reference)
        return self.refund_payment(order, rec.id, amount.amount, refund_id=refund_id)

    def refund_payment(
        self, order: Order, payment_id: str, amount_minor: int, *, refund_id: str
    ) -> str | None:
        """Refund `amount_minor` of the approved payment `payment_id` as the order's refund `refund_id`."""
        requests = self._refunds.refund_requests(payment_id)
        client_ref = refund_id
        if all(client_ref_of(r) != refund_id for r in requests):
            recorded = {r.refund_id for r in order.refunds}
            orphans = [
                r
                for r in requests
                if (ref := client_ref_of(r)) is not None
                and ref not in recorded
                and r.state is not RequestState.FAILED
                and int(r.params["amount"]) == amount_minor
            ]
            if orphans:
                client_ref = client_ref_of(orphans[0]) or refund_id
                log.info("refund %s takes over unrecorded refund %s at Stripe", refund_id, client_ref)
            else:
                covered = self._already_covered(payment_id, amount_minor, requests)
                if covered is not None:
                    return covered
        try:
            result = self._refunds.refund(
                payment_id, amount_minor, reason="requested_by_customer", client_ref=client_ref
            )
        except RefundError as exc:
            raise SaleError(str(exc)) from None
        if result.status in (RefundStatus.SUCCEEDED, RefundStatus.PENDING):
            return result.refund_id
        if result.status is RefundStatus.UNKNOWN:
            raise SaleError(
                QT_TRANSLATE_NOOP(
                    "Refunds", "Stripe did not confirm the refund — try again; it will not be refunded twice"
                )
            )
        raise SaleError(
            QT_TRANSLATE_NOOP("Refunds", "Stripe refused the refund: {reason}").format(
                reason=result.message or QT_TRANSLATE_NOOP("Refunds", "unknown reason")
            )
        )

    def _already_covered(
        self, payment_id: str, amount_minor: int, requests: list[StoredRequest]
    ) -> str | None:
        unconfirmed = [r for r in requests if r.state in (RequestState.PENDING, RequestState.UNKNOWN)]
        for req in unconfirmed:  # settled first, under their SAME keys: a new refund waits for them
            if self._refunds.retry_refund(req.idempotency_key).status is RefundStatus.UNKNOWN:
                raise SaleError(
                    QT_TRANSLATE_NOOP(
                        "Refunds", "An earlier refund is still unconfirmed by Stripe — try again shortly"
                    )
                )
        rec = self._store.get(payment_id)
        done = [r for r in self._refunds.refund_requests(payment_id) if r.state is RequestState.SUCCEEDED]
        refunded = sum(int(r.params["amount"]) for r in done)
        left = rec.amount_minor + rec.tip_minor - refunded
        if done and amount_minor > left and refunded >= amount_minor:
            log.info("that refund was already made at Stripe; not sending it again")
            return str((done[-1].response or {}).get("id") or "") or None
        return None

    def _payment_for(self, order_id: str, reference: str | None) -> PaymentRecord:
        for rec in self._store.for_order(order_id):
            if rec.status is PaymentStatus.SUCCEEDED and reference in (rec.payment_intent_id, rec.id):
                return rec
        raise SaleError(
            QT_TRANSLATE_NOOP(
                "Refunds", "The card payment for this tender is not on this till; refund it in Stripe"
            )
        )


class OfflineRefundProcessor:
    """`TenderProcessor` for OFFLINE_CARD tenders. BLOCKING (runs on SalesService's worker).

    - still PENDING (never sent): canceled, its stored card erased and audited in one transaction that
      re-checks it is PENDING (a forward starting at the same moment cannot slip in): it is never
      forwarded. Only in full. The reference is `canceled:<payment id>`.
    - forwarded and approved: a Stripe refund keyed by `refund_id` (`CardRefundProcessor.refund_payment`).
    - canceled (voided before): the customer was never charged; recorded without a Stripe call,
      audited (`AUDIT_NOT_CHARGED`), reference `not_charged:<status>:<payment id>`.
    - SENDING / UNKNOWN / PARKED: refused (`STILL_SENDING_TEXT`): it may be charged already; the
      forward or its reconciliation decides first.
    Safe to repeat with the same `refund_id`.
    """

    def __init__(self, payments: PaymentStore, audit: AuditLog, refunds: Refunds | None) -> None:
        self._payments, self._audit, self._refunds = payments, audit, refunds

    def refund(
        self, order: Order, tender: Tender, amount: Money, *, refund_id: str, reason: str
    ) -> str | None:
        payment_id = str(tender.reference or "")
        item = self._item(payment_id)
        if item.status is PaymentStatus.PENDING:
            if int(amount.amount) != item.charge_minor:
                raise SaleError(FULL_ONLY_TEXT)
            details = {
                "order_id": order.order_id,
                "refund_id": refund_id,
                "from": "pending",
                "reason": reason or "refund",
            }
            note = AuditNote(None, AUDIT_VOIDED, details)
            if self._payments.cancel_pending(
                payment_id, outcome_code=VOIDED_CODE, outcome_message=VOIDED_TEXT, audit=note
            ):
                log.info("offline payment %s voided before it was forwarded", payment_id)
                return f"canceled:{payment_id}"
            item = self._item(payment_id)  # the forwarder took it meanwhile: decide on what it is now
        if item.status is PaymentStatus.CANCELED and item.outcome_code == VOIDED_CODE:
            return f"canceled:{payment_id}"  # a repeat: already voided, never forwarded
        if item.status is PaymentStatus.SUCCEEDED:
            if self._refunds is None:
                raise SaleError(
                    QT_TRANSLATE_NOOP(
                        "Refunds", "Card payments are off on this till; refund this payment in Stripe"
                    )
                )
            processor = CardRefundProcessor(self._refunds, self._payments)
            return processor.refund_payment(order, item.id, int(amount.amount), refund_id=refund_id)
        if item.status in (PaymentStatus.DECLINED, PaymentStatus.CANCELED):
            return self._not_charged(order, item, refund_id, reason)
        raise SaleError(STILL_SENDING_TEXT)

    def _item(self, payment_id: str) -> PaymentRecord:
        try:
            item = self._payments.get(payment_id)
        except PaymentNotFoundError:
            item = None
        if item is None or item.kind is not PaymentKind.OFFLINE_CARD:
            raise SaleError(
                QT_TRANSLATE_NOOP("Refunds", "This offline payment is not on this till; refund it in Stripe")
            )
        return item

    def _not_charged(self, order: Order, item: PaymentRecord, refund_id: str, reason: str) -> str:
        status = item.status.value
        log.info("offline payment %s was %s when forwarded: nothing to refund", item.id, status)
        details = {
            "order_id": order.order_id,
            "refund_id": refund_id,
            "reason": reason,
            "status": status,
            "amount_minor": item.charge_minor,
            "note": "the customer was never charged; nothing sent to Stripe",
        }
        try:
            self._audit.record(None, AUDIT_NOT_CHARGED, item.id, details).result()
        except Exception:
            log.exception("audit entry for the not-charged refund of %s could not be written", item.id)
        return f"not_charged:{status}:{item.id}"
