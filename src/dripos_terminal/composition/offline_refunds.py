"""Refunds and voids of offline card tenders: cancel what was never forwarded, refund what was."""

from __future__ import annotations

import logging
from typing import Any

from dripos_terminal.domain.payment import PaymentStatus
from dripos_terminal.payments.checkout import REFUND_PURPOSE
from dripos_terminal.payments.stripe_gateway import GatewayError
from dripos_terminal.services.sales import SaleError
from dripos_terminal.store.outbox import OFFLINE_KIND, Outbox
from dripos_terminal.store.payments import RequestState, new_request

log = logging.getLogger("dripos_terminal.payments")


AUDIT_VOIDED = "offline.voided_before_forwarding"
VOIDED_CODE = "voided_before_forwarding"


class OfflineRefundProcessor:
    """`TenderProcessor` for OFFLINE_CARD tenders. BLOCKING (runs on SalesService's worker).

    - still PENDING (never sent): the stored payment is CANCELED in one transaction that checks it is
      still PENDING (so a forward starting at the same moment cannot slip in), destroys the stored card
      and audits it: it is never forwarded. Only in full.
    - forwarded and approved: a Stripe refund under a persisted idempotency key (an unconfirmed earlier
      refund is re-sent with its SAME key first).
    - declined after forwarding: nothing was ever charged; nothing to give back.
    - being sent / unknown: refused for now (the forward decides first).
    Safe to repeat with the same `refund_id`.
    """

    def __init__(self, outbox: Outbox, db: Any, audit: Any, cards: Any, clock: Any) -> None:
        self._outbox, self._db, self._audit, self._cards, self._clock = outbox, db, audit, cards, clock

    def refund(self, order: Any, tender: Any, amount: Any, *, refund_id: str, reason: str) -> str | None:

        payment_id = str(tender.reference or "")
        try:
            item = self._outbox.get(payment_id)
        except KeyError:
            raise SaleError("This offline payment is not on this till; refund it in Stripe") from None
        if item.status is PaymentStatus.PENDING or (
            item.status is PaymentStatus.CANCELED and item.outcome_code == VOIDED_CODE
        ):
            if int(amount.amount) != item.charge_minor:
                raise SaleError("A stored offline payment can only be given back in full before it is sent")
            self.cancel_pending(payment_id, order_id=order.order_id, refund_id=refund_id, reason=reason)
            return f"canceled:{payment_id}"
        if item.status is PaymentStatus.SUCCEEDED:
            return self._stripe_refund(payment_id, int(amount.amount))
        if item.status is PaymentStatus.DECLINED:
            log.info("offline payment %s was declined when forwarded: nothing to refund", payment_id)
            return None
        raise SaleError("This offline payment is being sent to Stripe right now — try again in a minute")

    def cancel_pending(self, payment_id: str, *, order_id: str, refund_id: str, reason: str) -> bool:
        """PENDING → CANCELED (+ card destroyed + audit) atomically; True if canceled now, False if it
        already was. NOTE: belongs in `Outbox` (it has no cancel API yet); written against its table."""

        def tx(conn: Any) -> bool:
            row = conn.execute(
                "SELECT status FROM payments WHERE id = ? AND kind = ?", (payment_id, OFFLINE_KIND)
            ).fetchone()
            status = PaymentStatus(row["status"])
            if status is PaymentStatus.CANCELED:
                return False
            if status is not PaymentStatus.PENDING:
                raise SaleError("This offline payment was sent to Stripe meanwhile — refund it instead")
            now = self._clock.now().isoformat()
            conn.execute(
                "UPDATE payments SET status = ?, pan = NULL, postal_code = NULL, finalized_at = ?, "
                "updated_at = ?, next_attempt_at = NULL, outcome_code = ?, outcome_message = ? "
                "WHERE id = ? AND status = ?",
                (
                    PaymentStatus.CANCELED.value,
                    now,
                    now,
                    VOIDED_CODE,
                    "Voided before it was sent to Stripe",
                    payment_id,
                    PaymentStatus.PENDING.value,
                ),
            )
            details = {"order_id": order_id, "refund_id": refund_id, "reason": reason}
            self._audit.record_in(conn, None, AUDIT_VOIDED, payment_id, details)
            return True

        return bool(self._db.transaction(tx).result())

    def _stripe_refund(self, payment_id: str, amount: int) -> str | None:

        store, gateway = self._cards.store, self._cards.gateway
        try:
            for req in store.requests_for(payment_id, REFUND_PURPOSE):
                if req.state in (RequestState.PENDING, RequestState.UNKNOWN):
                    gateway.send(req.idempotency_key)  # the SAME key: never refunded twice
            done = [
                r for r in store.requests_for(payment_id, REFUND_PURPOSE) if r.state is RequestState.SUCCEEDED
            ]
            if done and sum(int(r.params["amount"]) for r in done) >= amount:
                return str((done[-1].response or {}).get("id") or "") or None
            rec = store.get(payment_id)
            params = {
                "payment_intent": rec.payment_intent_id,
                "amount": amount,
                "reason": "requested_by_customer",
                "metadata": {"payment_id": payment_id, "order_id": rec.order_id},
            }
            stored = store.add_request(new_request(payment_id, REFUND_PURPOSE, "/v1/refunds", params))
            refund = gateway.send(stored.idempotency_key)
        except GatewayError as exc:
            if exc.ambiguous:
                raise SaleError(
                    "Stripe did not confirm the refund — try again; it will not be refunded twice"
                ) from None
            raise SaleError(f"Stripe refused the refund: {exc}") from None
        return str(refund.get("id") or "") or None
