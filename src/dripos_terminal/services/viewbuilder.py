"""Build `OrderView` snapshots from domain `Order`s (the only place screens' data is shaped)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from dripos_terminal.domain.discount import Discount, DiscountKind
from dripos_terminal.domain.order import Order
from dripos_terminal.domain.order_state import OrderState
from dripos_terminal.domain.tender import Tender, TenderKind
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.services.views import EventView, LineView, OrderView, TenderView


def discount_label(discount: Discount | None) -> str:
    if discount is None:
        return ""
    if discount.kind is DiscountKind.PERCENT:
        return QT_TRANSLATE_NOOP("Receipt", "Discount {percent}").format(percent=discount.label())
    return QT_TRANSLATE_NOOP("Receipt", "Discount")


def tender_label(tender: Tender) -> str:
    if tender.card is not None and tender.kind is TenderKind.OFFLINE_CARD:
        # The customer's card is charged when the till forwards it: the receipt says so.
        return QT_TRANSLATE_NOOP("Receipt", "{card} (stored offline)").format(card=tender.card.masked)
    if tender.card is not None:
        return tender.card.masked
    if tender.kind is TenderKind.CASH:
        return QT_TRANSLATE_NOOP("Receipt", "Cash")
    return str(tender.kind.value).replace("_", " ").title()


def _tender_view(tender: Tender, *, note: str = "") -> TenderView:
    change = tender.change.amount if tender.change is not None else 0
    tendered = tender.cash_received.amount if tender.cash_received is not None else tender.charged.amount
    return TenderView(tender.kind.value, tender.charged.amount, tendered, change, tender_label(tender), note)


def build_order_view(
    order: Order,
    *,
    committed: bool,
    pending_tip: int,
    tax_names: Mapping[str, str],
    staff_name: Callable[[str], str],
) -> OrderView:
    totals = order.totals
    lines = _line_views(order)
    tip = order.tip_total.amount + (pending_tip if not order.tenders else 0)
    paid = sum(t.charged.amount for t in order.tenders)
    events = order.events
    opened = events[0] if events else None
    paid_at = next((e.at.isoformat() for e in events if e.kind.value == "paid"), "")
    return OrderView(
        order_id=order.order_id,
        number=order.number if committed else None,
        display_number=order.display_number if committed else "",
        status=order.state.value,
        currency=order.currency,
        lines=lines,
        subtotal=totals.subtotal.amount,
        discount=totals.discount_total.amount,
        order_discount_label=discount_label(order.cart.discount),
        tax=totals.tax.amount,
        taxes=tuple(
            (tax_names.get(t.tax_class, t.tax_class), t.rate_bp, t.tax) for t in totals.taxes if t.tax
        ),
        tip=tip,
        total=totals.total.amount,
        paid=paid,
        remaining=totals.total.amount + tip - paid,
        change=order.change_given.amount,
        tenders=tuple(_tender_view(t) for t in order.tenders),
        staff_name=staff_name(opened.staff_id) if opened else "",
        created_at=opened.at.isoformat() if opened else "",
        completed_at=paid_at,
        refunded=order.refunded_total.amount,
        declined=tuple(
            _tender_view(
                d.tender, note=QT_TRANSLATE_NOOP("Receipt", "declined: {reason}").format(reason=d.reason)
            )
            for d in order.declined_tenders
        ),
        balance_due=order.balance_due.amount if order.state is OrderState.BALANCE_DUE else 0,
        written_off=order.written_off.amount,
        events=tuple(
            EventView(
                e.at.isoformat(), e.kind.value, staff_name(e.staff_id), str(e.details.get("reason") or "")
            )
            for e in events
        ),
    )


def _line_views(order: Order) -> tuple[LineView, ...]:
    priced = {p.line_id: p for p in order.totals.lines}
    return tuple(
        LineView(
            line_id=line.line_id,
            item_id=line.item_id,
            name=line.name,
            modifiers=tuple(m.name for m in line.modifiers),
            quantity=line.quantity,
            unit_price=line.unit_total.amount,
            gross=line.gross.amount,
            discount=priced[line.line_id].line_discount.amount,
            discount_label=discount_label(line.discount),
            total=line.gross.amount - priced[line.line_id].line_discount.amount,
        )
        for line in order.lines
    )
