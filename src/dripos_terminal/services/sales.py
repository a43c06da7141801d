"""Selling: an in-memory sale per customer, committed durably once paid; history, voids, refunds.

Plain Python (no Qt). `SaleSession` methods are cheap and run on the GUI thread; every method of
`SalesService` that touches the database blocks (it waits on the store's future) and is meant to
run on a worker (`TaskRunner`), never in a slot.

Commit rule: an order is saved through the `OrderBook`: its first save takes the order number
(store-wide counter, plus a per-business-day counter for the number the barista calls out). A card
payment saves the order before it starts and records its tender in the same transaction as the
payment's outcome; `SalesService.complete` commits what is left (cash) with the `paid` event. Only
a committed save tells the UI the order is paid. If a commit fails (disk full, locked), the sale stays
in memory unchanged and can be committed again: nothing is lost.

Seam for cards: reversing money (void, refund) goes through a `TenderProcessor` chosen by
`TenderKind`. This module ships `CashProcessor`; the card checkout registers its own processors
for CARD_PRESENT / MANUAL_CARD / OFFLINE_CARD through the `processors` mapping.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from dripos_terminal.clock import Clock
from dripos_terminal.domain.catalog import Catalog
from dripos_terminal.domain.discount import Discount
from dripos_terminal.domain.errors import DomainError
from dripos_terminal.domain.money import Money
from dripos_terminal.domain.order import Order
from dripos_terminal.domain.order_state import OrderState, check_transition
from dripos_terminal.domain.tax import TaxTable
from dripos_terminal.domain.tender import Refund, Tender, TenderKind, cash_tender
from dripos_terminal.domain.tip import tip_options
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.ids import new_id
from dripos_terminal.services.order_book import SYSTEM_ACTOR, OrderBook, version_of
from dripos_terminal.services.staff import Authorization, Permission
from dripos_terminal.services.viewbuilder import build_order_view
from dripos_terminal.services.views import OrderView
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.counters import ORDER_NUMBER, current_value
from dripos_terminal.store.database import Connection, Database
from dripos_terminal.store.orders_repo import OrderRecord, OrdersRepo

log = logging.getLogger("dripos_terminal.services")

AUDIT_VOID = "order.voided"
AUDIT_REFUND = "order.refunded"
AUDIT_WRITTEN_OFF = "order.written_off"
AUDIT_ABANDONED = "order.abandoned"  # saved for a card attempt that took nothing; the till restarted
AUDIT_INTERRUPTED = "order.interrupted"  # part-paid when the till restarted: a balance is due
INTERRUPTED_TEXT = QT_TRANSLATE_NOOP("Sales", "The till stopped before this sale was paid in full")
_PLACEHOLDER_NUMBER = 1  # an unsaved order has no number yet; the real one is taken at commit
_OPEN_STATES = (OrderState.OPEN, OrderState.TENDERING)


def _abandoned(order: Order) -> bool:
    """Saved for a card attempt, then left: nothing was ever taken (not a sale to list)."""
    never_paid = not order.tenders and not order.declined_tenders
    return never_paid and (order.state in _OPEN_STATES or order.state is OrderState.VOIDED)


class SaleError(DomainError):
    """A sale operation refused for a business reason; the message is fit to show."""


class TenderProcessor(Protocol):
    """Gives money back for one kind of tender (cash drawer, Stripe refund, offline queue, …).

    Called BEFORE the refund or void is recorded on the order, so it must be safe to repeat with the
    same `refund_id` (use it as the idempotency key). Returns an external reference or None.
    """

    def refund(
        self, order: Order, tender: Tender, amount: Money, *, refund_id: str, reason: str
    ) -> str | None: ...


class CashProcessor:
    """Cash goes back from the drawer; nothing external to call."""

    def refund(
        self, order: Order, tender: Tender, amount: Money, *, refund_id: str, reason: str
    ) -> str | None:
        log.info("cash refund %s of %s on order %s", refund_id, amount, order.display_number)
        return None


class SaleSession:
    """The order being rung up at the counter. Edits are in memory until `SalesService.complete`."""

    def __init__(self, service: SalesService, order: Order, actor: Any) -> None:
        self._service = service
        self.order = order
        self.actor = actor
        self.pending_tip = 0
        self.record: OrderRecord | None = None  # set once saved
        self.version: int | None = None  # the saved order's event count: what a later save builds on

    @property
    def committed(self) -> bool:
        """Saved and paid: nothing is left to take."""
        return self.record is not None and self.record.status == OrderState.PAID.value

    @property
    def saved(self) -> bool:
        return self.record is not None

    def adopt(self, record: OrderRecord, order: Order | None = None) -> None:
        """The order as it was just committed becomes this sale's order (numbers, tenders, state).
        `order`: the very order that commit saved (it only takes the numbers the store gave it)."""
        if order is None:
            order = Order.from_dict(record.doc)
        else:
            order.number, order.daily_number = record.number, int(record.doc["daily_number"])
        self.order = order
        self.record = record
        self.version = version_of(record)
        if self.order.tenders:
            self.pending_tip = 0  # the tip went with the first tender

    @property
    def has_tenders(self) -> bool:
        return bool(self.order.tenders)

    def _now(self) -> datetime:
        return self._service.clock.now()

    def view(self) -> OrderView:
        return self._service.view_of(self.order, committed=self.saved, pending_tip=self.pending_tip)

    # -- cart ---------------------------------------------------------------------------------
    def add_item(
        self, item_id: str, selections: Mapping[str, Sequence[str]] | None = None, quantity: int = 1
    ) -> int:
        line = self.order.add_item(self._service.catalog, item_id, selections or {}, quantity)
        return line.line_id

    def set_quantity(self, line_id: int, quantity: int) -> None:
        self.order.set_quantity(line_id, quantity)

    def remove_line(self, line_id: int) -> None:
        self.order.remove_line(line_id)

    def _discount(self, kind: str, value: int, authorization: Authorization) -> Discount:
        authorization.require(Permission.DISCOUNT)
        reason = "manager override" if authorization.overridden else ""
        if kind == "percent":
            return Discount.percent(value, authorization.approver.staff_id, reason)
        if kind == "fixed":
            return Discount.fixed(value, authorization.approver.staff_id, reason)
        raise SaleError(f"unknown discount kind {kind!r}")

    def set_line_discount(self, line_id: int, kind: str, value: int, authorization: Authorization) -> None:
        discount = self._discount(kind, value, authorization)
        self.order.set_line_discount(line_id, discount, staff_id=self.actor.staff_id, at=self._now())

    def set_order_discount(self, kind: str, value: int, authorization: Authorization) -> None:
        discount = self._discount(kind, value, authorization)
        self.order.set_discount(discount, staff_id=self.actor.staff_id, at=self._now())

    # -- tip and tenders ----------------------------------------------------------------------
    def tip_options(self) -> list[tuple[str, int]]:
        options = tip_options(self.order.tip_base, self._service.tip_presets_bp)
        return [(o.label, o.amount.amount) for o in options]

    def set_tip(self, amount: int) -> None:
        """The tip that goes with the next tender: before the first one, or after a split while
        something is still left to pay (it then rides on the tender that pays the rest)."""
        if self.committed or not self.order.balance_due.amount > 0:
            raise SaleError(QT_TRANSLATE_NOOP("Sales", "The order is paid: a tip goes with a payment."))
        if amount < 0:
            raise SaleError(QT_TRANSLATE_NOOP("Sales", "A tip cannot be negative."))
        self.pending_tip = amount

    def add_cash(self, received: int) -> Tender:
        """Cash handed over: covers what is due (change computed) or part of it (split tender)."""
        self._require_unsaved()
        currency = self.order.currency
        tender = cash_tender(
            new_id(),
            Money(received, currency),
            self.order.balance_due,
            Money(self.pending_tip, currency),
            allow_partial=True,
        )
        self._add(tender)
        return tender

    def add_tender(self, tender: Tender) -> None:
        """Seam for card tenders (built by the card checkout with `card_tender`)."""
        self._require_unsaved()
        self._add(tender)

    def _add(self, tender: Tender) -> None:
        self.order.add_tender(tender, staff_id=self.actor.staff_id, at=self._now())
        self.pending_tip = 0

    def _require_unsaved(self) -> None:
        if self.committed:
            raise SaleError(QT_TRANSLATE_NOOP("Sales", "This order is already paid."))


class SalesService:
    def __init__(
        self,
        *,
        db: Database,
        orders: OrdersRepo,
        audit: AuditLog,
        catalog: Catalog,
        tax_table: TaxTable,
        clock: Clock,
        staff_name: Callable[[str], str],
        tip_presets_bp: Sequence[int] = (1500, 1800, 2000, 2500),
        processors: Mapping[TenderKind, TenderProcessor] | None = None,
        till_id: str = "till-1",
    ) -> None:
        self._db, self._orders, self._audit = db, orders, audit
        self.catalog, self.tax_table, self.clock = catalog, tax_table, clock
        self._staff_name = staff_name
        self.tip_presets_bp = tuple(tip_presets_bp)
        self.processors: dict[TenderKind, TenderProcessor] = {TenderKind.CASH: CashProcessor()}
        self.processors.update(processors or {})
        self.till_id = till_id
        self.book = OrderBook(orders, audit, clock, till_id=till_id)
        self._closed_through: date | None = None  # the last business day a Z report closed

    def register_processor(self, kind: TenderKind, processor: TenderProcessor) -> None:
        """HOOK (card checkout): reverse card tenders of `kind` through `processor`."""
        self.processors[kind] = processor

    # -- views --------------------------------------------------------------------------------
    def view_of(self, order: Order, *, committed: bool = True, pending_tip: int = 0) -> OrderView:
        return build_order_view(
            order,
            committed=committed,
            pending_tip=pending_tip,
            tax_names=self.catalog.tax_classes,
            staff_name=self._staff_name,
        )

    def business_date(self) -> date:
        """Today's business day; once today's Z report is taken, selling goes on under the next one."""
        today = self.clock.now().astimezone().date()
        closed = self._closed_through
        return closed + timedelta(days=1) if closed is not None and closed >= today else today

    def close_business_day(self, day: date) -> None:
        """A Z report closed `day` (or the till started after one did): no new sale joins it."""
        if self._closed_through is None or day > self._closed_through:
            self._closed_through = day

    # -- selling ------------------------------------------------------------------------------
    def start_order(self, actor: Any) -> SaleSession:
        order = Order.open(
            order_id=new_id(),
            number=_PLACEHOLDER_NUMBER,
            daily_number=_PLACEHOLDER_NUMBER,
            business_date=self.business_date(),
            currency=self.catalog.currency,
            tax_table=self.tax_table,
            staff_id=actor.staff_id,
            at=self.clock.now(),
        )
        return SaleSession(self, order, actor)

    def complete(self, sale: SaleSession) -> OrderView:
        """BLOCKING (worker thread): commit a fully paid sale; returns its view with the number."""
        self.commit(sale)
        return sale.view()

    def commit(self, sale: SaleSession) -> OrderRecord:
        """BLOCKING (worker thread): the durable commit of a fully paid sale, and nothing else (the
        receipt's view is built after it, by `complete`). The document is made and serialised
        before the transaction; inside it the numbers are taken and two rows written."""
        if sale.committed:
            assert sale.record is not None
            return sale.record  # its last tender (a card) committed it as paid
        order = sale.order
        if order.state in (OrderState.OPEN, OrderState.TENDERING) and order.balance_due.is_zero:
            if sale.pending_tip:
                raise SaleError(QT_TRANSLATE_NOOP("Sales", "A tip needs a payment to carry it."))
            order.complete(staff_id=sale.actor.staff_id, at=self.clock.now())
        if order.state is not OrderState.PAID:
            raise SaleError(QT_TRANSLATE_NOOP("Sales", "{due} is still due.").format(due=order.balance_due))
        payload = {"tenders": len(order.tenders)}
        actor = sale.actor.staff_id
        if sale.record is None:  # never saved: nothing to read back or to check a version against
            new = self.book.prepare(order)
            record = self._db.transaction(
                lambda conn: self.book.create_in(conn, new, actor_id=actor, event="paid", payload=payload)
            ).result()
            sale.adopt(record, order)
        else:
            record = self._db.transaction(
                lambda conn: self.book.save_in(
                    conn, order, actor_id=actor, event="paid", payload=payload, base_version=sale.version
                )
            ).result()
            sale.adopt(record)
        log.info("order %s committed (%s)", sale.order.display_number, record.id)
        return record

    # -- history ------------------------------------------------------------------------------
    def history(self, day: date | None = None) -> list[OrderView]:
        """BLOCKING: the business day's orders, newest first, and any older order still owed money."""
        day = day or self.business_date()
        tz = self.clock.now().astimezone().tzinfo
        records = self._orders.list_for_day(day, tz=tz).result() if tz else []
        shown = {r.id for r in records}
        owed = [r for r in self._owed() if r.id not in shown]
        orders = [Order.from_dict(r.doc) for r in reversed([*owed, *records])]
        # An order saved for a card attempt that took nothing and was then abandoned is not a sale.
        return [self.view_of(o) for o in orders if not _abandoned(o)]

    def _owed(self) -> list[OrderRecord]:
        since = datetime(2000, 1, 1, tzinfo=UTC)
        until = self.clock.now() + timedelta(days=1)
        return self._orders.list_between(since, until, statuses=[OrderState.BALANCE_DUE.value]).result()

    def resume(self, order_id: str, actor: Any) -> SaleSession:
        """BLOCKING: an order with a balance due, as a sale that can take the rest (any tender)."""
        record = self._orders.get(order_id).result()
        if record is None or record.status != OrderState.BALANCE_DUE.value:
            raise SaleError(
                QT_TRANSLATE_NOOP("Sales", "Only an order with a balance due can take another payment.")
            )
        sale = SaleSession(self, Order.from_dict(record.doc), actor)
        sale.adopt(record)
        return sale

    def record_cash_collected(self, order_id: str, authorization: Authorization) -> OrderView:
        """BLOCKING: the manager took the balance due in cash (exact): the order is paid; audited."""
        authorization.require(Permission.CLOSE_BATCH)
        actor = authorization.actor.staff_id
        payload = {"approver": authorization.approver.staff_id, "override": authorization.overridden}

        def tx(conn: Connection) -> Order:
            order = self._owing_in(conn, order_id)
            due = order.balance_due
            order.add_tender(cash_tender(new_id(), due, due), staff_id=actor, at=self.clock.now())
            self.book.save_in(conn, order, actor_id=actor, event="cash_collected", payload=payload)
            return order

        return self.view_of(self._db.transaction(tx).result())

    def write_off(self, order_id: str, authorization: Authorization, reason: str = "") -> OrderView:
        """BLOCKING: the manager writes off what the order still owes; audited with the amount."""
        authorization.require(Permission.CLOSE_BATCH)
        actor = authorization.actor.staff_id
        why = reason or "written off"

        def tx(conn: Connection) -> Order:
            order = self._owing_in(conn, order_id)
            amount = order.write_off(reason=why, staff_id=actor, at=self.clock.now())
            payload = {
                "amount": amount.amount,
                "reason": why,
                "approver": authorization.approver.staff_id,
                "override": authorization.overridden,
            }
            self.book.save_in(conn, order, actor_id=actor, event="written_off", payload=payload)
            self._audit.record_in(conn, actor, AUDIT_WRITTEN_OFF, order_id, payload)
            return order

        return self.view_of(self._db.transaction(tx).result())

    def _owing_in(self, conn: Connection, order_id: str) -> Order:
        loaded = self.book.load_in(conn, order_id)
        if loaded is None:
            raise SaleError(QT_TRANSLATE_NOOP("Sales", "That order is not on this till."))
        if loaded[0].state is not OrderState.BALANCE_DUE:
            raise SaleError(QT_TRANSLATE_NOOP("Sales", "Nothing is owed on that order."))
        return loaded[0]

    def finish_interrupted(self, waiting: Collection[str] = ()) -> list[OrderView]:
        """BLOCKING, at start-up (no sale is being rung up): every order a previous run left open is
        finished. Paid in full → paid; part-paid → a balance due for a manager; nothing taken →
        voided as abandoned. Orders in `waiting` (a card payment still unconfirmed) are left alone."""
        since = datetime(2000, 1, 1, tzinfo=UTC)
        until = self.clock.now() + timedelta(days=1)
        states = [s.value for s in _OPEN_STATES]
        records = self._orders.list_between(since, until, statuses=states).result()
        finished: list[OrderView] = []
        for record in records:
            if record.id in waiting:
                continue
            order = self._db.transaction(functools.partial(self._finish_in, order_id=record.id)).result()
            if order is not None:
                finished.append(self.view_of(order))
        return finished

    def _finish_in(self, conn: Connection, *, order_id: str) -> Order | None:
        loaded = self.book.load_in(conn, order_id)
        if loaded is None or loaded[0].state not in _OPEN_STATES:
            return None
        order, now = loaded[0], self.clock.now()
        if order.tenders and order.balance_due.is_zero:
            order.complete(staff_id=SYSTEM_ACTOR, at=now)
            event, action = "paid", AUDIT_INTERRUPTED
        elif order.tenders:
            order.leave_balance_due(reason=INTERRUPTED_TEXT, staff_id=SYSTEM_ACTOR, at=now)
            event, action = "balance_due", AUDIT_INTERRUPTED
        else:
            reason = "abandoned: nothing was taken"
            order.void(staff_id=SYSTEM_ACTOR, at=now, reason=reason, open_business_date=order.business_date)
            event, action = "voided", AUDIT_ABANDONED
        self.book.save_in(conn, order, actor_id=SYSTEM_ACTOR, event=event)
        details = {"state": order.state.value, "balance_due_minor": order.balance_due.amount}
        self._audit.record_in(conn, SYSTEM_ACTOR, action, order_id, details)
        return order

    def last_order_number(self) -> int:
        """BLOCKING: the last store-wide order number handed out (0 before the first sale)."""
        return self._db.submit(lambda conn: current_value(conn, ORDER_NUMBER)).result()

    def last_display_number(self) -> str:
        """BLOCKING: the last order's number as staff call it ("#0042"; "" before the first sale)."""
        last = self.last_order_number()
        record = self._orders.get_by_number(last).result() if last else None
        return Order.from_dict(record.doc).display_number if record is not None else ""

    def display_numbers(self, order_ids: Iterable[str]) -> dict[str, str]:
        """BLOCKING: the number staff call an order by ("#0042"), for each saved order among these."""
        out: dict[str, str] = {}
        for order_id in set(order_ids):
            record = self._orders.get(order_id).result()
            if record is not None:
                out[order_id] = Order.from_dict(record.doc).display_number
        return out

    def load(self, order_id: str) -> Order:
        record = self._orders.get(order_id).result()
        if record is None:
            raise SaleError(QT_TRANSLATE_NOOP("Sales", "That order is not on this till."))
        return Order.from_dict(record.doc)

    # -- void and refund ----------------------------------------------------------------------
    def void(self, order_id: str, authorization: Authorization, reason: str = "") -> OrderView:
        """BLOCKING: void a paid order of today; records the event and an audit entry together."""
        authorization.require(Permission.VOID)
        order = self.load(order_id)
        self._require_processors(order.tenders)
        actor = authorization.actor.staff_id
        tenders = order.void(
            staff_id=actor,
            at=self.clock.now(),
            reason=reason or "void",
            open_business_date=self.business_date(),
        )
        for tender in tenders:
            self.processors[tender.kind].refund(
                order,
                tender,
                tender.charged,
                refund_id=f"void-{order.order_id}-{tender.tender_id}",
                reason="void",
            )
        self._save(
            order, authorization, "voided", AUDIT_VOID, {"reason": reason, "total": order.totals.total.amount}
        )
        return self.view_of(order)

    def refund(self, order_id: str, authorization: Authorization, reason: str = "") -> OrderView:
        """BLOCKING: refund everything still refundable, tender by tender, through its processor."""
        authorization.require(Permission.REFUND)
        order = self.load(order_id)
        check_transition(order.state, OrderState.PARTIALLY_REFUNDED)  # says why (a balance due, say)
        self._require_processors(order.tenders)
        refunded = 0
        for tender in order.tenders:
            amount = order.refundable(tender.tender_id)
            if amount.amount <= 0:
                continue
            # Derived from what is recorded, so a retry after a crash before recording reuses it and the
            # processor (idempotent on refund_id) never refunds twice.
            done = sum(1 for r in order.refunds if r.tender_id == tender.tender_id)
            refund_id = f"refund-{order.order_id}-{tender.tender_id}-{done + 1}"
            reference = self.processors[tender.kind].refund(
                order, tender, amount, refund_id=refund_id, reason=reason
            )
            order.refund(
                Refund(
                    refund_id,
                    tender.tender_id,
                    amount,
                    authorization.actor.staff_id,
                    self.clock.now(),
                    reason or "refund",
                    reference,
                )
            )
            refunded += amount.amount
        if not refunded:
            raise SaleError(QT_TRANSLATE_NOOP("Sales", "Nothing is left to refund on this order."))
        self._save(order, authorization, "refunded", AUDIT_REFUND, {"reason": reason, "amount": refunded})
        return self.view_of(order)

    def _require_processors(self, tenders: Sequence[Tender]) -> None:
        missing = sorted({t.kind.value for t in tenders if t.kind not in self.processors})
        if missing:
            raise SaleError(
                QT_TRANSLATE_NOOP(
                    "Sales", "Refunds for {kind} payments are not available on this till yet."
                ).format(kind=", ".join(missing))
            )

    def _save(
        self, order: Order, auth: Authorization, event: str, action: str, details: dict[str, Any]
    ) -> None:
        payload = {**details, "approver": auth.approver.staff_id, "override": auth.overridden}

        def run(conn: Connection) -> None:
            self.book.save_in(conn, order, actor_id=auth.actor.staff_id, event=event, payload=payload)
            self._audit.record_in(conn, auth.actor.staff_id, action, order.order_id, payload)

        self._db.transaction(run).result()
