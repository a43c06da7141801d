"""Receipt text from an `OrderView`: one layout for the screen and the ESC/POS printer.

Card tenders appear masked only ("Visa •••• 4242"); the view never holds more than that. Amounts are
written by `Money.format` ("€4.50", "¥500"), the one money formatter of the domain; the printer's
code page decides how a symbol it lacks is printed (`peripherals.escpos`). A card payment stored
offline says on the receipt that it has not been charged yet.
"""

from __future__ import annotations

from datetime import datetime

from dripos_terminal.domain.money import Money
from dripos_terminal.services.views import OrderView

WIDTH = 42  # characters on a 80 mm printer at the default font
OFFLINE_CARD_KIND = "offline_card"  # domain.tender.TenderKind.OFFLINE_CARD
OFFLINE_NOTICE = "Payment stored offline — will be processed"


def _money(amount: int, currency: str) -> str:
    return Money(amount, currency).format()


def _row(left: str, right: str, width: int = WIDTH) -> str:
    space = max(1, width - len(left) - len(right))
    return f"{left}{' ' * space}{right}"


def _when(iso: str) -> str:
    if not iso:
        return ""
    return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")


def format_receipt(view: OrderView, *, shop_name: str, address: str = "", till_id: str = "") -> list[str]:
    cur = view.currency
    out = [shop_name.center(WIDTH).rstrip()]
    if address:
        out.append(address.center(WIDTH).rstrip())
    out.append("")
    number = f"Order {view.display_number}" if view.display_number else "Order (not saved)"
    out.append(_row(number, _when(view.completed_at or view.created_at)))
    out.append(_row(f"Served by {view.staff_name}", till_id))
    out.append("-" * WIDTH)
    for line in view.lines:
        out.append(_row(f"{line.quantity} x {line.name}", _money(line.gross, cur)))
        out.extend(f"    {name}" for name in line.modifiers)
        if line.discount:
            out.append(_row(f"    {line.discount_label}", _money(-line.discount, cur)))
    out.append("-" * WIDTH)
    out.append(_row("Subtotal", _money(view.subtotal, cur)))
    order_discount = view.discount - sum(line.discount for line in view.lines)
    if order_discount:
        out.append(_row(view.order_discount_label or "Discount", _money(-order_discount, cur)))
    for name, rate_bp, tax in view.taxes:
        out.append(_row(f"Tax {name} {rate_bp // 100}.{rate_bp % 100:02d}%", _money(tax, cur)))
    if not view.taxes:
        out.append(_row("Tax", _money(view.tax, cur)))
    out.append(_row("TOTAL", _money(view.total, cur)))
    if view.tip:
        out.append(_row("Tip", _money(view.tip, cur)))
    out.append("")
    for tender in view.tenders:
        out.append(_row(tender.label, _money(tender.tendered, cur)))
    for declined in view.declined:  # the money never came: listed, not counted
        out.append(_row(declined.label, "DECLINED"))
    if view.change:
        out.append(_row("Change", _money(view.change, cur)))
    if any(tender.kind == OFFLINE_CARD_KIND for tender in view.tenders):
        out.append(OFFLINE_NOTICE)
    if view.refunded:
        out.append(_row("Refunded", _money(-view.refunded, cur)))
    if view.balance_due:
        out.append(_row("BALANCE DUE", _money(view.balance_due, cur)))
    if view.written_off:
        out.append(_row("Written off", _money(view.written_off, cur)))
    if view.status in ("voided", "refunded", "partially_refunded", "balance_due", "written_off"):
        out.append(f"*** {view.status_text.upper()} ***".center(WIDTH).rstrip())
    out.append("")
    out.append("Thank you!".center(WIDTH).rstrip())
    return out
