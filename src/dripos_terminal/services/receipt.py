"""Receipt text from an `OrderView`: one layout for the screen and the ESC/POS printer.

Card tenders appear masked only ("Visa •••• 4242"); the view never holds more than that. The words
are the shop's language and the amounts and dates its locale (`words`, an `i18n.Localizer`; English
and en_US by default); amounts go through `domain.money.format_money`, the till's one money
formatter, and the printer's code page decides how a symbol it lacks is printed
(`peripherals.escpos`). Every kind of receipt comes from here: a sale (cash, card, split tender), a
card payment stored offline ("Payment stored offline — will be processed": not charged yet), a
refund, a void; `reprint=True` marks a copy printed again (a receipt whose printing could not be
confirmed is offered for reprint, and the customer may then hold two).
"""

from __future__ import annotations

import textwrap
from datetime import datetime

from dripos_terminal.i18n import ENGLISH, QT_TRANSLATE_NOOP, Localizer
from dripos_terminal.services.views import OrderView

WIDTH = 42  # characters on a 80 mm printer at the default font
OFFLINE_CARD_KIND = "offline_card"  # domain.tender.TenderKind.OFFLINE_CARD
CONTEXT = "Receipt"
OFFLINE_NOTICE_TEXT = QT_TRANSLATE_NOOP("Receipt", "Payment stored offline — will be processed")
OFFLINE_NOTICE = str(OFFLINE_NOTICE_TEXT)
REPRINT_TEXT = QT_TRANSLATE_NOOP("Receipt", "*** COPY — REPRINTED ***")
ORDER = QT_TRANSLATE_NOOP("Receipt", "Order {number}")
NOT_SAVED = QT_TRANSLATE_NOOP("Receipt", "Order (not saved)")
SERVED_BY = QT_TRANSLATE_NOOP("Receipt", "Served by {name}")
SUBTOTAL = QT_TRANSLATE_NOOP("Receipt", "Subtotal")
DISCOUNT = QT_TRANSLATE_NOOP("Receipt", "Discount")
TAX = QT_TRANSLATE_NOOP("Receipt", "Tax")
TAX_RATE = QT_TRANSLATE_NOOP("Receipt", "Tax {name} {rate}")
TOTAL = QT_TRANSLATE_NOOP("Receipt", "TOTAL")
TIP = QT_TRANSLATE_NOOP("Receipt", "Tip")
DECLINED = QT_TRANSLATE_NOOP("Receipt", "DECLINED")
CHANGE = QT_TRANSLATE_NOOP("Receipt", "Change")
REFUNDED = QT_TRANSLATE_NOOP("Receipt", "Refunded")
BALANCE_DUE = QT_TRANSLATE_NOOP("Receipt", "BALANCE DUE")
WRITTEN_OFF = QT_TRANSLATE_NOOP("Receipt", "Written off")
THANKS = QT_TRANSLATE_NOOP("Receipt", "Thank you!")
FLAGGED_STATUSES = ("voided", "refunded", "partially_refunded", "balance_due", "written_off")


def _row(left: str, right: str, width: int = WIDTH) -> str:
    """`left` and `right` on one line of the paper's width; when they do not fit (a long tax class, a
    longer language), `left` wraps and `right` is alone on the next line, right-aligned: the printer
    never breaks a line where it likes."""
    if len(left) + 1 + len(right) <= width:
        return f"{left}{' ' * (width - len(left) - len(right))}{right}"
    return "\n".join([*textwrap.wrap(left, width), right.rjust(width)])


def _centre(text: str) -> str:
    return text.center(WIDTH).rstrip()


def format_receipt(
    view: OrderView,
    *,
    shop_name: str,
    address: str = "",
    till_id: str = "",
    words: Localizer = ENGLISH,
    reprint: bool = False,
) -> list[str]:
    cur, w = view.currency, words

    def money(amount: int) -> str:
        return w.money(amount, cur)

    out = [_centre(shop_name)]
    if address:
        out.append(_centre(address))
    if reprint:
        out.append(_centre(w.text(REPRINT_TEXT)))
    out.append("")
    number = w.text(ORDER.format(number=view.display_number)) if view.display_number else w.text(NOT_SAVED)
    stamp = view.completed_at or view.created_at
    out.append(_row(number, w.datetime(datetime.fromisoformat(stamp).astimezone()) if stamp else ""))
    out.append(_row(w.text(SERVED_BY.format(name=view.staff_name)), till_id))
    out.append("-" * WIDTH)
    for line in view.lines:
        out.append(_row(f"{line.quantity} x {line.name}", money(line.gross)))
        out.extend(f"    {name}" for name in line.modifiers)
        if line.discount:
            out.append(_row(f"    {w.text(line.discount_label)}", money(-line.discount)))
    out.append("-" * WIDTH)
    out.append(_row(w.text(SUBTOTAL), money(view.subtotal)))
    order_discount = view.discount - sum(line.discount for line in view.lines)
    if order_discount:
        label = w.text(view.order_discount_label) if view.order_discount_label else w.text(DISCOUNT)
        out.append(_row(label, money(-order_discount)))
    for name, rate_bp, tax in view.taxes:
        out.append(_row(w.text(TAX_RATE.format(name=w.text(name), rate=w.percent(rate_bp))), money(tax)))
    if not view.taxes:
        out.append(_row(w.text(TAX), money(view.tax)))
    out.append(_row(w.text(TOTAL), money(view.total)))
    if view.tip:
        out.append(_row(w.text(TIP), money(view.tip)))
    out.append("")
    for tender in view.tenders:
        out.append(_row(w.text(tender.label), money(tender.tendered)))
    for declined in view.declined:  # the money never came: listed, not counted
        out.append(_row(w.text(declined.label), w.text(DECLINED)))
    if view.change:
        out.append(_row(w.text(CHANGE), money(view.change)))
    if any(tender.kind == OFFLINE_CARD_KIND for tender in view.tenders):
        out.append(w.text(OFFLINE_NOTICE_TEXT))
    if view.refunded:
        out.append(_row(w.text(REFUNDED), money(-view.refunded)))
    if view.balance_due:
        out.append(_row(w.text(BALANCE_DUE), money(view.balance_due)))
    if view.written_off:
        out.append(_row(w.text(WRITTEN_OFF), money(view.written_off)))
    if view.status in FLAGGED_STATUSES:
        out.append(_centre(f"*** {w.text(view.status_text).upper()} ***"))
    out.append("")
    out.append(_centre(w.text(THANKS)))
    return [part for line in out for part in line.split("\n")]
