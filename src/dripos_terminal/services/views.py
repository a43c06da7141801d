"""Read-only snapshots of an order for screens and receipts (plain data, amounts in minor units).

Screens render these and never reach into domain objects, so the UI does not change when the
domain's internals do. Built by `services.sales.order_view`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dripos_terminal.i18n import QT_TRANSLATE_NOOP, Text

STATUS_TEXT: dict[str, Text] = {
    "open": QT_TRANSLATE_NOOP("Order", "open"),
    "tendering": QT_TRANSLATE_NOOP("Order", "tendering"),
    "paid": QT_TRANSLATE_NOOP("Order", "paid"),
    "refunded": QT_TRANSLATE_NOOP("Order", "refunded"),
    "voided": QT_TRANSLATE_NOOP("Order", "voided"),
    "balance_due": QT_TRANSLATE_NOOP("Order", "payment declined — balance due"),
    "written_off": QT_TRANSLATE_NOOP("Order", "balance written off"),
    "partially_refunded": QT_TRANSLATE_NOOP("Order", "partially refunded"),
}
UNFINISHED_TEXT = QT_TRANSLATE_NOOP("Order", "balance due — sale not finished")


@dataclass(frozen=True)
class LineView:
    line_id: int
    item_id: str
    name: str
    modifiers: tuple[str, ...]
    quantity: int
    unit_price: int  # item price plus modifier deltas, per unit
    gross: int  # unit_price x quantity
    discount: int  # line discount (positive number)
    discount_label: str
    total: int  # gross - discount


@dataclass(frozen=True)
class TenderView:
    kind: str  # "cash", "card_present", "manual_card", "offline_card", ...
    amount: int  # applied to the order
    tendered: int  # handed over (cash); equals amount for cards
    change: int
    label: str  # "Cash", "Visa •••• 4242"
    note: str = ""  # "declined: insufficient funds" for a stored payment declined when forwarded


@dataclass(frozen=True)
class EventView:
    at: str  # ISO timestamp
    kind: str
    actor: str
    detail: str = ""


@dataclass(frozen=True)
class OrderView:
    order_id: str
    number: int | None  # store-wide order number, None until committed
    display_number: str  # "#0042", the day's number the barista calls out; "" until committed
    status: str  # "open", "paid", "voided", "refunded", ...
    currency: str
    lines: tuple[LineView, ...]
    subtotal: int
    discount: int  # all discounts (lines + order), positive
    order_discount_label: str
    tax: int
    taxes: tuple[tuple[str, int, int], ...]  # (tax class name, rate bp, tax)
    tip: int  # recorded on the tenders, never part of `total`
    total: int  # subtotal - discount + tax
    paid: int  # applied by tenders, tips included
    remaining: int  # total + tip - paid
    change: int
    tenders: tuple[TenderView, ...]
    staff_name: str
    created_at: str
    completed_at: str = ""
    refunded: int = 0
    events: tuple[EventView, ...] = field(default_factory=tuple)
    declined: tuple[TenderView, ...] = ()  # stored card payments declined when forwarded
    balance_due: int = 0  # owed after a declined payment (status "balance_due"); 0 otherwise
    written_off: int = 0

    @property
    def due(self) -> int:
        return self.total + self.tip

    @property
    def status_text(self) -> str:
        """The status as staff read it: "payment declined — balance due", "partially refunded"."""
        if self.status == "balance_due" and not self.declined:
            return UNFINISHED_TEXT
        return STATUS_TEXT.get(self.status, self.status.replace("_", " "))

    @property
    def is_empty(self) -> bool:
        return not self.lines
