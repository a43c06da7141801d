"""What an order contributes to the reports, flattened into plain rows (`facts_of`).

Reports must not rebuild every order of a busy day in Python: each time an order is saved, its facts
are written beside it (`store.sale_facts_repo`) and the reports add them up with SQL. The facts are
derived from the one `Order` only, so they can never disagree with it:

- an order *counts as a sale* once money was tendered on it (or a tender of it was declined) and it
  was not voided — a sale still being paid counts too, and owes the rest; a voided sale is listed
  under voids; an order that took nothing is neither;
- `tip` and the tenders are what the order holds now (a declined stored payment is off its tenders);
  `refunded` is every refund recorded against its tenders; `written_off` what a manager wrote off;
- so, per order, `Σ(tender amount + tip − refunded) + written_off + owed = total + tip − refunded`
  with `owed = total − paid − written_off`: summed over a day this is money rule 10.

Each tender and each return (refund, or money given back by a void) carries the time it happened,
so the cash drawer can count the cash that moved while it was open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from dripos_terminal.domain.order import EventKind, Order
from dripos_terminal.domain.order_state import OrderState
from dripos_terminal.domain.tender import Tender


@dataclass(frozen=True, slots=True)
class FactLine:
    line_id: int
    item_id: str
    name: str
    quantity: int
    gross: int
    net: int  # after its line discount and its share of the order discount, before tax


@dataclass(frozen=True, slots=True)
class FactTax:
    tax_class: str
    rate_bp: int
    base: int
    tax: int


@dataclass(frozen=True, slots=True)
class FactTender:
    tender_id: str
    kind: str  # TenderKind value
    reference: str | None  # the payment id (stored offline) or PaymentIntent id; None for cash
    amount: int
    tip: int
    refunded: int  # refunds recorded against this tender
    brand: str | None
    last4: str | None
    at: str  # ISO-8601 UTC: when the tender was taken
    declined: bool = False  # a stored payment declined when forwarded: no longer on the order
    reason: str = ""


@dataclass(frozen=True, slots=True)
class FactReturn:
    return_id: str
    tender_id: str
    tender_kind: str
    amount: int
    at: str  # ISO-8601 UTC
    kind: str  # "refund" or "void" (the whole tender given back when the sale was voided)


@dataclass(frozen=True, slots=True)
class SaleFacts:
    order_id: str
    number: int
    daily_number: int
    business_date: str  # YYYY-MM-DD
    till_id: str
    status: str
    currency: str
    opened_at: str  # ISO-8601 UTC
    sold_at: str  # ISO-8601 UTC: the first tender (or the order's opening when none)
    sold_hour: int  # local hour of `sold_at`, 0-23 (sales by hour)
    staff_id: str
    subtotal: int
    discount: int
    tax: int
    total: int
    tip: int
    paid: int  # Σ tender amounts towards the sale (tips excluded)
    refunded: int
    written_off: int
    is_sale: bool
    voided: bool
    lines: tuple[FactLine, ...] = ()
    taxes: tuple[FactTax, ...] = ()
    tenders: tuple[FactTender, ...] = ()
    returns: tuple[FactReturn, ...] = ()

    @property
    def owed(self) -> int:
        """What the sale still owes (a declined stored payment, a sale stopped part-paid)."""
        return self.total - self.paid - self.written_off if self.is_sale else 0


def utc_text(at: datetime) -> str:
    """The one timestamp form of the facts (the store's): `2026-03-31T17:47:00.000000Z`, so text order
    is time order."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _tender_times(order: Order) -> dict[str, str]:
    times: dict[str, str] = {}
    for event in order.events:
        tender_id = event.details.get("tender_id")
        if event.kind is EventKind.TENDER_ADDED and isinstance(tender_id, str):
            times.setdefault(tender_id, utc_text(event.at))
    return times


def _void_time(order: Order) -> str:
    return next((utc_text(e.at) for e in reversed(order.events) if e.kind is EventKind.VOIDED), "")


def _fact_tender(
    tender: Tender, order: Order, at: str, *, declined: bool = False, reason: str = ""
) -> FactTender:
    refunded = sum(r.amount.amount for r in order.refunds if r.tender_id == tender.tender_id)
    card = tender.card
    return FactTender(
        tender_id=tender.tender_id,
        kind=tender.kind.value,
        reference=tender.reference,
        amount=tender.amount.amount,
        tip=tender.tip.amount,
        refunded=refunded,
        brand=None if card is None else card.brand,
        last4=None if card is None else card.last4,
        at=at,
        declined=declined,
        reason=reason,
    )


def facts_of(order: Order, *, till_id: str) -> SaleFacts:
    """The order's facts as it stands now (local time from the process's time zone)."""
    totals = order.totals
    opened = order.events[0].at if order.events else None
    opened_at = utc_text(opened) if opened is not None else ""
    times = _tender_times(order)
    tenders = tuple(_fact_tender(t, order, times.get(t.tender_id, opened_at)) for t in order.tenders)
    declined = tuple(
        _fact_tender(
            d.tender, order, times.get(d.tender.tender_id, opened_at), declined=True, reason=d.reason
        )
        for d in order.declined_tenders
    )
    sold_at = min((t.at for t in (*tenders, *declined) if t.at), default=opened_at)
    hour = datetime.fromisoformat(sold_at).astimezone().hour if sold_at else 0
    took_money = bool(order.tenders or order.declined_tenders)
    voided = order.state is OrderState.VOIDED and took_money
    kinds = {t.tender_id: t.kind.value for t in order.tenders}
    returns = [
        FactReturn(
            r.refund_id, r.tender_id, kinds.get(r.tender_id, ""), r.amount.amount, utc_text(r.at), "refund"
        )
        for r in order.refunds
    ]
    if voided:
        at = _void_time(order)
        returns += [
            FactReturn(f"void-{t.tender_id}", t.tender_id, t.kind.value, t.charged.amount, at, "void")
            for t in order.tenders
        ]
    priced = totals.lines
    return SaleFacts(
        order_id=order.order_id,
        number=order.number,
        daily_number=order.daily_number,
        business_date=order.business_date.isoformat(),
        till_id=till_id,
        status=order.state.value,
        currency=order.currency,
        opened_at=opened_at,
        sold_at=sold_at,
        sold_hour=hour,
        staff_id=order.events[0].staff_id if order.events else "",
        subtotal=totals.subtotal.amount,
        discount=totals.discount_total.amount,
        tax=totals.tax.amount,
        total=totals.total.amount,
        tip=order.tip_total.amount,
        paid=order.amount_paid.amount,
        refunded=order.refunded_total.amount,
        written_off=order.written_off.amount,
        is_sale=took_money and order.state is not OrderState.VOIDED,
        voided=voided,
        lines=tuple(
            FactLine(line.line_id, line.item_id, line.name, line.quantity, p.gross.amount, p.net.amount)
            for line, p in zip(order.lines, priced, strict=True)
        ),
        taxes=tuple(FactTax(t.tax_class, t.rate_bp, t.base, t.tax) for t in totals.taxes),
        tenders=tenders + declined,
        returns=tuple(returns),
    )
