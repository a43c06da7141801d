"""An order: its number, cart, tenders, refunds and the event log that records its life.

Every state change goes through `_transition`, which checks `order_state.ALLOWED_TRANSITIONS` and
appends an event. Refunds and voids are events; lines are never edited after tendering begins.
A stored (offline) card payment declined after the sale moves its tender to `declined_tenders` and
leaves a balance due, which is collected (any tender) or written off.
Timestamps always come from the caller (who has the injectable clock); nothing here reads the time.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from dripos_terminal.domain.cart import Cart, CartLine, Totals
from dripos_terminal.domain.catalog import Catalog
from dripos_terminal.domain.discount import Discount
from dripos_terminal.domain.errors import DomainError
from dripos_terminal.domain.money import Money, normalize_currency
from dripos_terminal.domain.order_state import (
    ALLOWED_TRANSITIONS,
    NOT_ALLOWED_TEXT,
    InvalidTransition,
    OrderState,
    why_not,
)
from dripos_terminal.domain.tax import TaxTable
from dripos_terminal.domain.tender import Refund, Tender, TenderKind
from dripos_terminal.i18n import QT_TRANSLATE_NOOP

SCHEMA_VERSION = 1
NO_LINES = QT_TRANSLATE_NOOP("Order", "the order has no lines")
EventDetail = str | int | None


def order_number_text(daily_number: int) -> str:
    """ "#0042": the day's order number as every screen, receipt and report shows it (four digits)."""
    return f"#{daily_number:04d}"


class OrderError(DomainError):
    """An operation the order refuses that is not a state transition (overpayment, bad refund)."""


class OrderLockedError(OrderError):
    """The cart of an order that is tendering, paid, refunded or voided cannot change."""


class EventKind(enum.Enum):
    OPENED = "opened"
    TENDERING_STARTED = "tendering_started"
    REOPENED = "reopened"
    DISCOUNT_SET = "discount_set"  # order discount set or cleared (who authorised it is in details)
    LINE_DISCOUNT_SET = "line_discount_set"
    TENDER_ADDED = "tender_added"
    PAID = "paid"
    REFUNDED = "refunded"
    VOIDED = "voided"
    TENDER_DECLINED = "tender_declined"  # a stored card payment was declined when forwarded
    BALANCE_DUE = "balance_due"  # a sale interrupted part-paid (found at start-up)
    WRITTEN_OFF = "written_off"


@dataclass(frozen=True, slots=True)
class OrderEvent:
    kind: EventKind
    at: datetime
    staff_id: str
    details: Mapping[str, EventDetail] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "at": self.at.isoformat(),
            "staff_id": self.staff_id,
            "details": dict(self.details),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OrderEvent:
        return cls(
            EventKind(data["kind"]),
            _aware(datetime.fromisoformat(data["at"])),
            data["staff_id"],
            dict(data["details"]),
        )


@dataclass(frozen=True, slots=True)
class DeclinedTender:
    """A tender the order counted on whose money never came: kept for the receipt and the history."""

    tender: Tender
    reason: str
    at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {"tender": self.tender.to_dict(), "reason": self.reason, "at": self.at.isoformat()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DeclinedTender:
        return cls(
            Tender.from_dict(data["tender"]), str(data["reason"]), _aware(datetime.fromisoformat(data["at"]))
        )


def _aware(at: datetime) -> datetime:
    if not isinstance(at, datetime) or at.tzinfo is None:
        raise OrderError("timestamps must be timezone-aware datetimes (from the clock)")
    return at


class Order:
    """A sale. Create with `Order.open`; rebuild from storage with `Order.from_dict`."""

    def __init__(
        self,
        *,
        order_id: str,
        number: int,
        daily_number: int,
        business_date: date,
        tax_table: TaxTable,
        cart: Cart,
        state: OrderState = OrderState.OPEN,
        tenders: Sequence[Tender] = (),
        refunds: Sequence[Refund] = (),
        events: Sequence[OrderEvent] = (),
        declined: Sequence[DeclinedTender] = (),
        written_off: Money | None = None,
    ) -> None:
        if not order_id:
            raise OrderError("an order needs an id")
        if type(number) is not int or number < 1 or type(daily_number) is not int or daily_number < 1:
            raise OrderError("order numbers are positive ints supplied by the store")
        self.order_id = order_id
        self.number = number  # store-wide counter: unique, survives restarts
        self.daily_number = daily_number  # resets each business day: what the barista calls out
        self.business_date = business_date
        self.tax_table = tax_table  # snapshot: a rate change tomorrow never reprices today's order
        self._cart = cart
        self._state = state
        self._tenders = list(tenders)
        self._refunds = list(refunds)
        self._events = list(events)
        self._declined = list(declined)
        self._written_off = written_off
        self._priced: tuple[Cart, TaxTable, Totals] | None = None

    @classmethod
    def open(
        cls,
        *,
        order_id: str,
        number: int,
        daily_number: int,
        business_date: date,
        currency: str,
        tax_table: TaxTable,
        staff_id: str,
        at: datetime,
    ) -> Order:
        order = cls(
            order_id=order_id,
            number=number,
            daily_number=daily_number,
            business_date=business_date,
            tax_table=tax_table,
            cart=Cart(normalize_currency(currency)),
        )
        order._record(EventKind.OPENED, at, staff_id)
        return order

    # -- read-only views ------------------------------------------------------------------------------
    def __repr__(self) -> str:
        return f"<Order {self.display_number} {self.order_id} {self._state.value} total={self.totals.total}>"

    @property
    def display_number(self) -> str:
        return order_number_text(self.daily_number)

    @property
    def state(self) -> OrderState:
        return self._state

    @property
    def currency(self) -> str:
        return self._cart.currency

    @property
    def cart(self) -> Cart:
        return self._cart

    @property
    def lines(self) -> tuple[CartLine, ...]:
        return self._cart.lines

    @property
    def tenders(self) -> tuple[Tender, ...]:
        return tuple(self._tenders)

    @property
    def refunds(self) -> tuple[Refund, ...]:
        return tuple(self._refunds)

    @property
    def events(self) -> tuple[OrderEvent, ...]:
        return tuple(self._events)

    @property
    def declined_tenders(self) -> tuple[DeclinedTender, ...]:
        return tuple(self._declined)

    @property
    def written_off(self) -> Money:
        return self._written_off if self._written_off is not None else Money.zero(self.currency)

    @property
    def totals(self) -> Totals:
        # A cart and a tax table never change once made (an edit makes a new one), so the price of
        # the pair in hand is kept until either is replaced: a commit asks for it several times.
        priced = self._priced
        if priced is None or priced[0] is not self._cart or priced[1] is not self.tax_table:
            priced = (self._cart, self.tax_table, self._cart.totals(self.tax_table))
            self._priced = priced
        return priced[2]

    @property
    def tip_base(self) -> Money:
        """What preset tip percentages apply to: pre-tax, after discounts (see `tip.py`)."""
        return self.totals.net

    @property
    def amount_paid(self) -> Money:
        """Σ tender amounts towards the sale (tips excluded)."""
        return Money.total((t.amount for t in self._tenders), self.currency)

    @property
    def balance_due(self) -> Money:
        return self.totals.total - self.amount_paid

    @property
    def tip_total(self) -> Money:
        return Money.total((t.tip for t in self._tenders), self.currency)

    @property
    def change_given(self) -> Money:
        return Money.total((t.change for t in self._tenders if t.change is not None), self.currency)

    @property
    def refunded_total(self) -> Money:
        return Money.total((r.amount for r in self._refunds), self.currency)

    def refundable(self, tender_id: str) -> Money:
        """What can still be refunded against one tender (its amount + tip, less earlier refunds)."""
        tender = self._tender(tender_id)
        done = Money.total((r.amount for r in self._refunds if r.tender_id == tender_id), self.currency)
        return tender.charged - done

    # -- editing (OPEN only) -------------------------------------------------------------------------
    def add_item(
        self,
        catalog: Catalog,
        item_id: str,
        selections: Mapping[str, Sequence[str]] | None = None,
        quantity: int = 1,
        note: str = "",
    ) -> CartLine:
        self._require_open(QT_TRANSLATE_NOOP("Order", "add an item"))
        self._cart, line = self._cart.add_item(catalog, item_id, selections, quantity, note)
        return line

    def remove_line(self, line_id: int) -> None:
        self._require_open(QT_TRANSLATE_NOOP("Order", "remove a line"))
        self._cart = self._cart.remove_line(line_id)

    def set_quantity(self, line_id: int, quantity: int) -> None:
        self._require_open(QT_TRANSLATE_NOOP("Order", "change a quantity"))
        self._cart = self._cart.set_quantity(line_id, quantity)

    def set_line_discount(
        self, line_id: int, discount: Discount | None, *, staff_id: str, at: datetime
    ) -> None:
        """Set (or clear with None) a line discount; recorded with who authorised it."""
        self._require_open(QT_TRANSLATE_NOOP("Order", "discount a line"))
        cart = self._cart.set_line_discount(line_id, discount)
        self._record(
            EventKind.LINE_DISCOUNT_SET, at, staff_id, line_id=line_id, **_discount_details(discount)
        )
        self._cart = cart

    def set_discount(self, discount: Discount | None, *, staff_id: str, at: datetime) -> None:
        """Set (or clear with None) the order discount; recorded with who authorised it."""
        self._require_open(QT_TRANSLATE_NOOP("Order", "discount the order"))
        cart = self._cart.set_discount(discount)
        self._record(EventKind.DISCOUNT_SET, at, staff_id, **_discount_details(discount))
        self._cart = cart

    # -- life cycle ---------------------------------------------------------------------------------
    def begin_tendering(self, *, staff_id: str, at: datetime) -> None:
        """Lock the cart for payment (the Pay button)."""
        if self._cart.is_empty:
            raise InvalidTransition(self._state, OrderState.TENDERING, NO_LINES)
        self._transition(OrderState.TENDERING, EventKind.TENDERING_STARTED, at, staff_id)

    def reopen(self, *, staff_id: str, at: datetime) -> None:
        """Back to editing (the customer adds a muffin), only while no tender has been taken."""
        if self._tenders:
            raise InvalidTransition(
                self._state, OrderState.OPEN, QT_TRANSLATE_NOOP("Order", "a tender has already been taken")
            )
        self._transition(OrderState.OPEN, EventKind.REOPENED, at, staff_id)

    def add_tender(self, tender: Tender, *, staff_id: str, at: datetime) -> None:
        """Record a payment; begins tendering if needed and marks the order PAID when nothing is due.

        Every check runs before anything changes, so a refused tender leaves the order untouched.
        """
        if self._state not in (OrderState.OPEN, OrderState.TENDERING, OrderState.BALANCE_DUE):
            raise InvalidTransition(
                self._state, OrderState.PAID, QT_TRANSLATE_NOOP("Order", "the order is not taking payments")
            )
        if self._cart.is_empty:
            raise InvalidTransition(self._state, OrderState.TENDERING, NO_LINES)
        if tender.amount.currency != self.currency:
            raise OrderError(f"tender is in {tender.amount.currency}, order in {self.currency}")
        if any(t.tender_id == tender.tender_id for t in self._tenders):
            raise OrderError(f"tender {tender.tender_id} is already recorded")
        if tender.amount > self.balance_due:
            # Overpayment is only possible in cash, and cash_tender turns it into change.
            raise OrderError(
                QT_TRANSLATE_NOOP("Order", "A payment of {amount} is more than the {due} due.").format(
                    amount=tender.amount, due=self.balance_due
                )
            )
        _event(EventKind.TENDER_ADDED, at, staff_id)  # validate the clock value and staff id up front
        if self._state is OrderState.OPEN:
            self.begin_tendering(staff_id=staff_id, at=at)
        self._tenders.append(tender)
        self._record(
            EventKind.TENDER_ADDED,
            at,
            staff_id,
            tender_id=tender.tender_id,
            tender_kind=tender.kind.value,
            amount=tender.amount.amount,
            tip=tender.tip.amount,
        )
        if self.balance_due.is_zero:
            self._transition(OrderState.PAID, EventKind.PAID, at, staff_id)

    def decline_tender(self, tender_id: str, *, reason: str, staff_id: str, at: datetime) -> None:
        """A stored card payment was declined when forwarded: its money never came. The tender moves
        to `declined_tenders`; a paid order now has a balance due (an order still being paid simply
        has more left to pay)."""
        owes = self._state not in (OrderState.OPEN, OrderState.TENDERING)
        if owes:
            self._check(OrderState.BALANCE_DUE)
        tender = self._tender(tender_id)
        if tender.kind is not TenderKind.OFFLINE_CARD:
            raise OrderError("only a stored (offline) card payment can be declined after the sale")
        if any(r.tender_id == tender_id for r in self._refunds):
            raise OrderError(f"tender {tender_id} was already given back")
        details: dict[str, EventDetail] = {
            "tender_id": tender_id,
            "amount": tender.amount.amount,
            "tip": tender.tip.amount,
            "reason": reason,
        }
        event = _event(EventKind.TENDER_DECLINED, at, staff_id, **details)  # validates before changing
        self._tenders.remove(tender)
        self._declined.append(DeclinedTender(tender, reason, at))
        if owes:
            self._transition(OrderState.BALANCE_DUE, EventKind.TENDER_DECLINED, at, staff_id, **details)
        else:
            self._events.append(event)

    def leave_balance_due(self, *, reason: str, staff_id: str, at: datetime) -> None:
        """A sale stopped part-paid (the till restarted mid-sale): what was taken stays, the rest is
        owed and shown to a manager."""
        if not self._tenders or self.balance_due.is_zero:
            raise InvalidTransition(
                self._state,
                OrderState.BALANCE_DUE,
                QT_TRANSLATE_NOOP("Order", "nothing was paid, or nothing is due"),
            )
        self._transition(OrderState.BALANCE_DUE, EventKind.BALANCE_DUE, at, staff_id, reason=reason)

    def write_off(self, *, reason: str, staff_id: str, at: datetime) -> Money:
        """A manager writes off what is still due; returns the amount written off."""
        self._check(
            OrderState.WRITTEN_OFF,
            QT_TRANSLATE_NOOP("Order", "only an order with a balance due can be written off"),
        )
        amount = self.balance_due
        self._transition(
            OrderState.WRITTEN_OFF, EventKind.WRITTEN_OFF, at, staff_id, amount=amount.amount, reason=reason
        )
        self._written_off = amount
        return amount

    def complete(self, *, staff_id: str, at: datetime) -> None:
        """Close an order with nothing due and no tender needed (e.g. fully comped)."""
        if self._state in (OrderState.OPEN, OrderState.TENDERING) and not self.balance_due.is_zero:
            raise InvalidTransition(
                self._state,
                OrderState.PAID,
                QT_TRANSLATE_NOOP("Order", "{due} is still due").format(due=self.balance_due),
            )
        if self._state is OrderState.OPEN:
            self.begin_tendering(staff_id=staff_id, at=at)
        self._transition(OrderState.PAID, EventKind.PAID, at, staff_id)

    def void(
        self, *, staff_id: str, at: datetime, reason: str, open_business_date: date
    ) -> tuple[Tender, ...]:
        """Cancel the whole order. Returns the tenders whose money must now be given back.

        Allowed while OPEN or TENDERING, and once PAID only on the same business day and before any
        refund; after close of day the order must be refunded instead, so the closed day's totals
        never change. The payments layer reverses the returned tenders (cancel/refund the
        PaymentIntents, return cash); the void itself is recorded here first.
        """
        self._check(OrderState.VOIDED)
        if self._tenders and self.business_date != open_business_date:
            raise InvalidTransition(
                self._state,
                OrderState.VOIDED,
                QT_TRANSLATE_NOOP("Order", "business day {day} is closed; refund the order instead").format(
                    day=self.business_date.isoformat()
                ),
            )
        reversed_tenders = tuple(self._tenders)
        self._transition(
            OrderState.VOIDED,
            EventKind.VOIDED,
            at,
            staff_id,
            reason=reason,
            tenders=",".join(t.tender_id for t in reversed_tenders),
        )
        return reversed_tenders

    def refund(self, refund: Refund) -> None:
        """Record money given back against a tender; PAID → PARTIALLY_REFUNDED → REFUNDED."""
        # Check the state first so a refund of a voided order reports the state, not the amount.
        self._check(
            OrderState.PARTIALLY_REFUNDED, QT_TRANSLATE_NOOP("Order", "only paid orders can be refunded")
        )
        if refund.amount.currency != self.currency:
            raise OrderError(f"refund is in {refund.amount.currency}, order in {self.currency}")
        if any(r.refund_id == refund.refund_id for r in self._refunds):
            raise OrderError(f"refund {refund.refund_id} is already recorded")
        target = OrderState.PARTIALLY_REFUNDED
        available = self.refundable(refund.tender_id)
        if refund.amount > available:
            raise OrderError(
                QT_TRANSLATE_NOOP(
                    "Order", "A refund of {amount} is more than the {left} left on that payment."
                ).format(amount=refund.amount, left=available)
            )
        self._refunds.append(refund)
        collected = Money.total((t.charged for t in self._tenders), self.currency)
        if self.refunded_total == collected:
            target = OrderState.REFUNDED
        self._transition(
            target,
            EventKind.REFUNDED,
            refund.at,
            refund.staff_id,
            refund_id=refund.refund_id,
            tender_id=refund.tender_id,
            amount=refund.amount.amount,
            reason=refund.reason,
        )

    # -- internals ----------------------------------------------------------------------------------
    def _tender(self, tender_id: str) -> Tender:
        for t in self._tenders:
            if t.tender_id == tender_id:
                return t
        raise OrderError(f"no tender {tender_id} on order {self.display_number}")

    def _require_open(self, what: str) -> None:
        if self._state is not OrderState.OPEN:
            raise OrderLockedError(
                QT_TRANSLATE_NOOP("Order", "cannot {action}: order {number} is {state}").format(
                    action=what, number=self.display_number, state=self._state.label
                )
            )

    def _check(self, target: OrderState, why: str = "") -> None:
        if target not in ALLOWED_TRANSITIONS[self._state]:
            told = why_not(self._state)
            if told == NOT_ALLOWED_TEXT:
                told = why or told
            raise InvalidTransition(self._state, target, told)

    def _transition(
        self, target: OrderState, kind: EventKind, at: datetime, staff_id: str, **details: EventDetail
    ) -> None:
        self._check(target)
        # Build (and so validate) the event before changing anything.
        event = _event(kind, at, staff_id, from_state=self._state.value, to_state=target.value, **details)
        self._state = target
        self._events.append(event)

    def _record(self, kind: EventKind, at: datetime, staff_id: str, **details: EventDetail) -> None:
        self._events.append(_event(kind, at, staff_id, **details))

    # -- persistence ----------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe document (ints, strings, lists, dicts, None) for the store."""
        return {
            "schema": SCHEMA_VERSION,
            "order_id": self.order_id,
            "number": self.number,
            "daily_number": self.daily_number,
            "business_date": self.business_date.isoformat(),
            "state": self._state.value,
            "tax_rates_bp": self.tax_table.to_dict(),
            "cart": self._cart.to_dict(),
            "tenders": [t.to_dict() for t in self._tenders],
            "refunds": [r.to_dict() for r in self._refunds],
            "events": [e.to_dict() for e in self._events],
            "declined_tenders": [d.to_dict() for d in self._declined],
            "written_off": self._written_off.to_dict() if self._written_off is not None else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Order:
        if data.get("schema") != SCHEMA_VERSION:
            raise OrderError(f"unsupported order document schema {data.get('schema')!r}")
        try:
            return cls(
                order_id=data["order_id"],
                number=data["number"],
                daily_number=data["daily_number"],
                business_date=date.fromisoformat(data["business_date"]),
                tax_table=TaxTable.from_dict(data["tax_rates_bp"]),
                cart=Cart.from_dict(data["cart"]),
                state=OrderState(data["state"]),
                tenders=[Tender.from_dict(t) for t in data["tenders"]],
                refunds=[Refund.from_dict(r) for r in data["refunds"]],
                events=[OrderEvent.from_dict(e) for e in data["events"]],
                declined=[DeclinedTender.from_dict(d) for d in data.get("declined_tenders") or []],
                written_off=Money.from_dict(data["written_off"]) if data.get("written_off") else None,
            )
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, DomainError):
                raise
            raise OrderError(f"malformed order document: {exc!r}") from exc


def _event(kind: EventKind, at: datetime, staff_id: str, **details: EventDetail) -> OrderEvent:
    if not isinstance(staff_id, str) or not staff_id:
        raise OrderError("every order event names a staff member")
    return OrderEvent(kind, _aware(at), staff_id, details)


def _discount_details(discount: Discount | None) -> dict[str, EventDetail]:
    if discount is None:
        return {"discount": None}
    return {
        "discount": discount.kind.value,
        "value": discount.value,
        "authorised_by": discount.authorised_by,
        "reason": discount.reason,
    }
