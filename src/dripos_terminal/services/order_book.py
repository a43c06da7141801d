"""The order book: saving orders (with their numbers), and keeping every order in step with its payments.

- `save_in` writes an order inside the caller's transaction: the first save takes the store-wide number
  and the business day's number; later saves check that the stored order is the one the caller
  started from (`base_version`, its event count), so a change made meanwhile (a payment declined after
  forwarding) is never overwritten by a stale copy. Every save also replaces the order's sale facts
  (`store.sale_facts_repo`) in the same transaction: the reports add those up, never a stale copy.
- `payment_settled` is the payments repository's follower: it runs inside the transaction that makes a
  card payment final, so the order and its payments commit together or not at all. An approved card
  payment becomes a tender on its order (if it is not one already: the start-up path); the order is
  paid once nothing is left due. A stored (offline) payment declined when forwarded takes its tender
  off the order, which then shows a balance due until a manager settles it.

Blocking only through the caller's transaction; no Qt.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from dripos_terminal.clock import Clock
from dripos_terminal.domain.errors import DomainError
from dripos_terminal.domain.money import Money
from dripos_terminal.domain.order import Order
from dripos_terminal.domain.order_state import OrderState
from dripos_terminal.domain.payment import PaymentKind, PaymentStatus
from dripos_terminal.domain.sale_facts import SaleFacts, facts_of
from dripos_terminal.domain.tender import CardInfo, Tender, TenderError, TenderKind, card_tender
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.counters import ORDER_NUMBER, next_values
from dripos_terminal.store.database import Connection
from dripos_terminal.store.orders_repo import NewOrder, OrderRecord, OrdersRepo
from dripos_terminal.store.payment_records import PaymentRecord
from dripos_terminal.store.sale_facts_repo import write_in as write_facts_in

log = logging.getLogger("dripos_terminal.services")

SYSTEM_ACTOR = "till"  # order events the till records by itself (start-up recovery)
AUDIT_APPROVED_WITHOUT_ORDER = "payment.approved_without_order"
AUDIT_NOT_ON_ORDER = "payment.not_on_order"
AUDIT_DECLINED = "order.payment_declined"  # a stored card declined when forwarded: balance due
AUDIT_COLLECTED = "order.balance_collected"
ONLINE_CARD_KINDS = (PaymentKind.CARD_PRESENT, PaymentKind.MANUAL_CARD)


@dataclass(frozen=True)
class PreparedOrder:
    """An unsaved order's first save, worked out before its transaction (`OrderBook.prepare`)."""

    row: NewOrder
    facts: SaleFacts  # numbered inside the transaction


class _Unread:
    """`save_in` was not given the stored record: it reads it."""


UNREAD = _Unread()


class OrderChanged(DomainError):
    """The stored order changed after this copy was taken; nothing was saved."""

    def __init__(self, order_id: str) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "Orders",
                "This order changed on the till meanwhile (a payment outcome arrived) — open it again "
                "from Orders to see where it stands",
            )
        )
        self.order_id = order_id


def version_of(record: OrderRecord) -> int:
    """How far an order's history has got: the number of its events."""
    return len(record.doc.get("events") or [])


def tender_for(order: Order, payment: PaymentRecord) -> Tender | None:
    """The order's tender that this payment pays, if it has one."""
    refs = {payment.id, payment.payment_intent_id} - {None}
    return next((t for t in order.tenders if t.reference in refs), None)


def card_info(payment: PaymentRecord) -> CardInfo:
    """Brand and last 4 for a tender; a detail Stripe did not give never blocks recording the money."""
    brand, last4 = (payment.brand or "card").lower(), payment.last4 or "0000"
    try:
        return CardInfo(brand, last4)
    except TenderError:
        return CardInfo("card", last4 if len(last4) == 4 and last4.isdigit() else "0000")


class OrderBook:
    def __init__(self, orders: OrdersRepo, audit: AuditLog, clock: Clock, *, till_id: str) -> None:
        self._orders = orders
        self._audit = audit
        self._clock = clock
        self._till_id = till_id

    # -- saving -------------------------------------------------------------------------------------

    def record_in(self, conn: Connection, order_id: str) -> OrderRecord | None:
        return self._orders.get_in(conn, order_id)

    def load_in(self, conn: Connection, order_id: str) -> tuple[Order, OrderRecord] | None:
        record = self._orders.get_in(conn, order_id)
        if record is None:
            return None
        return Order.from_dict(record.doc), record

    def prepare(self, order: Order) -> PreparedOrder:
        """An unsaved order's first save, made before the transaction: its row with the document
        serialised once, and its sale facts."""
        row = NewOrder.of(
            order.to_dict(),
            order_id=order.order_id,
            status=order.state.value,
            currency=order.currency,
            total_minor=order.totals.total.amount,
        )
        return PreparedOrder(row, facts_of(order, till_id=self._till_id))

    def create_in(
        self,
        conn: Connection,
        order: Order | PreparedOrder,
        *,
        actor_id: str,
        event: str,
        payload: Mapping[str, Any] | None = None,
    ) -> OrderRecord:
        """First save of an order nobody has saved yet: it takes its store-wide and daily numbers
        (one statement) and is inserted with its event and its sale facts. Pass `prepare(order)` to do
        the document's and the facts' work before the transaction."""
        prepared = self.prepare(order) if isinstance(order, Order) else order
        new = prepared.row
        daily = f"daily_order_number:{new.business_date}"
        numbers = next_values(conn, ORDER_NUMBER, daily)
        number = numbers[ORDER_NUMBER]
        doc, text = new.numbered(number, numbers[daily])
        record = self._orders.create_in(
            conn,
            doc,
            status=new.status,
            currency=new.currency,
            total_minor=new.total_minor,
            actor_id=actor_id,
            order_id=new.order_id,
            event_kind=event,
            event_payload={"till": self._till_id, **(payload or {})},
            number=number,
            text=text,
        )
        facts = replace(prepared.facts, number=number, daily_number=numbers[daily])
        write_facts_in(conn, facts, new=True)
        return record

    def save_in(
        self,
        conn: Connection,
        order: Order,
        *,
        actor_id: str,
        event: str,
        payload: Mapping[str, Any] | None = None,
        base_version: int | None = None,
        existing: OrderRecord | _Unread | None = UNREAD,
    ) -> OrderRecord:
        """Insert (first save: the order gets its numbers) or update the order, with an event.
        `existing`: the stored record as the caller just read it in this transaction (not read again)."""
        if isinstance(existing, _Unread):
            existing = self._orders.get_in(conn, order.order_id)
        if existing is None:
            return self.create_in(conn, order, actor_id=actor_id, event=event, payload=payload)
        if base_version is not None and version_of(existing) != base_version:
            raise OrderChanged(order.order_id)
        details = {"till": self._till_id, **(payload or {})}
        if existing.status == OrderState.BALANCE_DUE.value and order.state is OrderState.PAID:
            collected = {"number": order.display_number, "event": event, **details}
            self._audit.record_in(conn, actor_id, AUDIT_COLLECTED, order.order_id, collected)
        doc = order.to_dict()
        doc["number"], doc["daily_number"] = existing.doc["number"], existing.doc["daily_number"]
        record = self._orders.update_in(
            conn,
            order.order_id,
            doc,
            status=order.state.value,
            total_minor=order.totals.total.amount,
            actor_id=actor_id,
            event_kind=event,
            event_payload=details,
        )
        self._write_facts(conn, order, int(doc["number"]), int(doc["daily_number"]))
        return record

    def _write_facts(self, conn: Connection, order: Order, number: int, daily: int) -> None:
        facts = facts_of(order, till_id=self._till_id)
        write_facts_in(conn, replace(facts, number=number, daily_number=daily))

    def add_stored_tender_in(
        self,
        conn: Connection,
        order: Order,
        payment: PaymentRecord,
        *,
        actor_id: str,
        base_version: int | None,
    ) -> OrderRecord:
        """A stored (offline) payment becomes a tender on `order` (the sale's copy, which may not be
        saved yet), in the transaction that stores the payment."""
        copy = Order.from_dict(order.to_dict())  # the sale in memory changes only after the commit
        currency = copy.currency
        tender = card_tender(
            f"tnd-{payment.id}",
            TenderKind.OFFLINE_CARD,
            Money(payment.amount_minor, currency),
            card=card_info(payment),
            reference=payment.id,
            tip=Money(payment.tip_minor, currency),
        )
        copy.add_tender(tender, staff_id=actor_id, at=self._clock.now())
        event = "paid" if copy.state is OrderState.PAID else "tender_added"
        payload = {"payment_id": payment.id, "kind": payment.kind.value}
        return self.save_in(
            conn, copy, actor_id=actor_id, event=event, payload=payload, base_version=base_version
        )

    # -- following payments -------------------------------------------------------------------------

    def payment_settled(
        self, conn: Connection, payment: PaymentRecord, before: PaymentStatus, actor_id: str | None
    ) -> OrderRecord | None:
        """Inside the transaction that made `payment` final: bring its order in step. Returns the
        order as it now stands when this payment is on it (None otherwise)."""
        actor = actor_id or SYSTEM_ACTOR
        if payment.status is PaymentStatus.SUCCEEDED and payment.kind in ONLINE_CARD_KINDS:
            return self._card_approved(conn, payment, actor)
        if payment.status is PaymentStatus.DECLINED and payment.kind is PaymentKind.OFFLINE_CARD:
            return self._stored_card_declined(conn, payment, actor)
        return None

    def _stored_card_declined(
        self, conn: Connection, payment: PaymentRecord, actor: str
    ) -> OrderRecord | None:
        loaded = self.load_in(conn, payment.order_id)
        tender = None if loaded is None else tender_for(loaded[0], payment)
        if loaded is None or tender is None:
            log.warning("declined stored payment %s is on no order", payment.id)
            return None
        order, existing = loaded
        reason = payment.outcome_message or payment.outcome_code or "declined"
        try:
            order.decline_tender(tender.tender_id, reason=reason, staff_id=actor, at=self._clock.now())
        except DomainError as exc:
            log.error(
                "declined payment %s could not be taken off order %s: %s", payment.id, order.order_id, exc
            )
            details = {**_facts(payment), "why": str(exc)}
            self._audit.record_in(conn, actor, AUDIT_NOT_ON_ORDER, payment.id, details)
            return None
        record = self.save_in(
            conn,
            order,
            actor_id=actor,
            event="payment_declined",
            payload={"payment_id": payment.id},
            existing=existing,
        )
        details = {
            **_facts(payment),
            "number": order.display_number,
            "balance_due_minor": order.balance_due.amount,
            "state": record.status,
            "reason": reason,
        }
        self._audit.record_in(conn, actor, AUDIT_DECLINED, order.order_id, details)
        return record

    def _card_approved(self, conn: Connection, payment: PaymentRecord, actor: str) -> OrderRecord | None:
        loaded = self.load_in(conn, payment.order_id)
        if loaded is None:
            # Money was taken for an order this till does not hold: a manager must see it.
            log.error("approved card payment %s has no order %s", payment.id, payment.order_id)
            self._audit.record_in(conn, actor, AUDIT_APPROVED_WITHOUT_ORDER, payment.id, _facts(payment))
            return None
        order, existing = loaded
        if tender_for(order, payment) is not None:
            return existing
        currency = order.currency
        try:
            tender = card_tender(
                f"tnd-{payment.id}",
                TenderKind(payment.kind.value),
                Money(payment.amount_minor, currency),
                card=card_info(payment),
                reference=payment.payment_intent_id or payment.id,
                tip=Money(payment.tip_minor, currency),
            )
            order.add_tender(tender, staff_id=actor, at=self._clock.now())
        except DomainError as exc:
            # The payment stands (it is recorded as approved); the order could not take it.
            log.error(
                "approved card payment %s could not go on order %s: %s", payment.id, order.order_id, exc
            )
            details = {**_facts(payment), "why": str(exc)}
            self._audit.record_in(conn, actor, AUDIT_NOT_ON_ORDER, payment.id, details)
            return None
        paid = order.state is OrderState.PAID
        return self.save_in(
            conn,
            order,
            actor_id=actor,
            event="paid" if paid else "tender_added",
            payload={"payment_id": payment.id, "kind": payment.kind.value, "tenders": len(order.tenders)},
            existing=existing,
        )


def _facts(payment: PaymentRecord) -> dict[str, Any]:
    return {
        "order_id": payment.order_id,
        "amount_minor": payment.amount_minor,
        "tip_minor": payment.tip_minor,
        "currency": payment.currency,
        "payment_intent": payment.payment_intent_id,
    }
