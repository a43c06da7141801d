"""Refunds and voids of offline card tenders: cancel what was never forwarded, refund what was."""

from __future__ import annotations

import logging
from typing import Any

from dripos_terminal.composition.cards import CardRefundProcessor
from dripos_terminal.domain.payment import PaymentStatus
from dripos_terminal.services.sales import SaleError
from dripos_terminal.store.outbox import AUDIT_VOIDED, VOIDED_CODE, Outbox, OutboxItem

log = logging.getLogger("dripos_terminal.payments")

__all__ = [
    "AUDIT_NOT_CHARGED",
    "AUDIT_VOIDED",
    "STILL_SENDING_TEXT",
    "VOIDED_CODE",
    "OfflineRefundProcessor",
]

AUDIT_NOT_CHARGED = "offline.refund_not_charged"
STILL_SENDING_TEXT = (
    "This card payment is still being sent to Stripe; "
    "try the refund again once the offline queue shows its outcome"
)
FULL_ONLY_TEXT = "A stored offline payment can only be given back in full before it is sent"


class OfflineRefundProcessor:
    """`TenderProcessor` for OFFLINE_CARD tenders. BLOCKING (runs on SalesService's worker).

    - still PENDING (never sent): `Outbox.cancel_pending` cancels it, destroys the stored card and
      audits it in one transaction that re-checks it is PENDING (a forward starting at the same moment
      cannot slip in): it is never forwarded. Only in full. The reference is `canceled:<payment id>`.
    - forwarded and approved: a Stripe refund through `CheckoutService.refund`, keyed by `refund_id`
      (the card tenders' processor, `CardRefundProcessor.refund_payment`).
    - declined after forwarding (or canceled): the customer was never charged; recorded without a
      Stripe call, audited (`AUDIT_NOT_CHARGED`), reference `not_charged:<status>:<payment id>`.
    - SENDING / UNKNOWN: refused (`STILL_SENDING_TEXT`): it may be charged already; the forward or
      its reconciliation decides first.
    Safe to repeat with the same `refund_id`.
    """

    def __init__(self, outbox: Outbox, audit: Any, cards: Any) -> None:
        self._outbox, self._audit, self._cards = outbox, audit, cards

    def refund(self, order: Any, tender: Any, amount: Any, *, refund_id: str, reason: str) -> str | None:
        payment_id = str(tender.reference or "")
        item = self._item(payment_id)
        if item.status is PaymentStatus.PENDING:
            if int(amount.amount) != item.charge_minor:
                raise SaleError(FULL_ONLY_TEXT)
            details = {"order_id": order.order_id, "refund_id": refund_id}
            if self._outbox.cancel_pending(
                payment_id, actor_id=None, reason=reason or "refund", details=details
            ):
                log.info("offline payment %s voided before it was forwarded", payment_id)
                return f"canceled:{payment_id}"
            item = self._item(payment_id)  # the forwarder took it meanwhile: decide on what it is now
        if item.status is PaymentStatus.CANCELED and item.outcome_code == VOIDED_CODE:
            return f"canceled:{payment_id}"  # a repeat: already voided, never forwarded
        if item.status is PaymentStatus.SUCCEEDED:
            return self._refund_at_stripe(order, item, int(amount.amount), refund_id)
        if item.status in (PaymentStatus.DECLINED, PaymentStatus.CANCELED):
            return self._not_charged(order, item, refund_id, reason)
        raise SaleError(STILL_SENDING_TEXT)

    def _item(self, payment_id: str) -> OutboxItem:
        try:
            return self._outbox.get(payment_id)
        except KeyError:
            raise SaleError("This offline payment is not on this till; refund it in Stripe") from None

    def _refund_at_stripe(self, order: Any, item: OutboxItem, amount: int, refund_id: str) -> str | None:
        cards = self._cards
        if cards is None or getattr(cards, "checkout", None) is None:
            raise SaleError("Card payments are off on this till; refund this payment in Stripe")
        processor = CardRefundProcessor(cards.checkout, cards.store)
        return processor.refund_payment(order, item.id, amount, refund_id=refund_id)

    def _not_charged(self, order: Any, item: OutboxItem, refund_id: str, reason: str) -> str:
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
