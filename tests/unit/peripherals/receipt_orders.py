"""The orders behind the golden receipts: built with the domain's own rules (catalog, tax, tenders,
refund, void), so each receipt shows amounts the till really computes. Fixed times and ids."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from dripos_terminal.domain.catalog import Catalog, default_catalog_path, load_catalog
from dripos_terminal.domain.money import Money
from dripos_terminal.domain.order import Order
from dripos_terminal.domain.tax import TaxTable
from dripos_terminal.domain.tender import CardInfo, Refund, TenderKind, card_tender, cash_tender
from dripos_terminal.services.viewbuilder import build_order_view
from dripos_terminal.services.views import OrderView

T0 = datetime(2023, 3, 31, 17, 47, tzinfo=UTC)  # the Friday the readers failed
RATES = {"prepared_food": 875, "grocery": 0, "merchandise": 875}
STAFF = {"sam": "Sam", "alex": "Alex"}


def catalog_in(currency: str, tmp: Path) -> Catalog:
    """The shipped menu, priced in `currency` (same numbers: the layout is what is under test)."""
    if currency == "USD":
        return load_catalog(default_catalog_path())
    text = (
        default_catalog_path()
        .read_text(encoding="utf-8")
        .replace('currency = "USD"', f'currency = "{currency}"')
    )
    path = tmp / f"catalog-{currency}.toml"
    path.write_text(text, encoding="utf-8")
    return load_catalog(path)


def _open(catalog: Catalog, number: int) -> Order:
    order = Order.open(
        order_id=f"ord-{number}",
        number=number,
        daily_number=number,
        business_date=date(2023, 3, 31),
        currency=catalog.currency,
        tax_table=TaxTable(RATES),
        staff_id="sam",
        at=T0,
    )
    order.add_item(catalog, "latte", {"size": ["large"], "milk": ["oat"]})
    order.add_item(catalog, "croissant", quantity=2)
    return order


def _at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _card(order: Order, kind: TenderKind, brand: str, last4: str, ref: str, tip: int = 0) -> None:
    cur = order.currency
    tender = card_tender(
        f"t-{ref}", kind, order.balance_due, card=CardInfo(brand, last4), reference=ref, tip=Money(tip, cur)
    )
    order.add_tender(tender, staff_id="sam", at=_at(1))


def _cash(order: Order, received: int, *, partial: bool = False) -> None:
    due = order.balance_due
    tender = cash_tender(f"t-cash-{received}", Money(received, due.currency), due, allow_partial=partial)
    order.add_tender(tender, staff_id="sam", at=_at(1))


def sale_cash(catalog: Catalog) -> Order:
    order = _open(catalog, 41)
    _cash(order, 2000)
    return order


def sale_card(catalog: Catalog) -> Order:
    order = _open(catalog, 42)
    _card(order, TenderKind.CARD_PRESENT, "visa", "4242", "pi_3Golden42", tip=150)
    return order


def sale_split(catalog: Catalog) -> Order:
    order = _open(catalog, 43)
    _cash(order, 500, partial=True)
    _card(order, TenderKind.MANUAL_CARD, "mastercard", "4444", "pi_3Golden43")
    return order


def sale_offline_card(catalog: Catalog) -> Order:
    order = _open(catalog, 44)
    _card(order, TenderKind.OFFLINE_CARD, "visa", "4242", "off_golden44")
    return order


def refund(catalog: Catalog) -> Order:
    order = sale_card(catalog)
    tender = order.tenders[0]
    order.refund(
        Refund(
            "rf-42", tender.tender_id, tender.charged, "alex", _at(20), "customer changed mind", "re_3Golden"
        )
    )
    return order


def void(catalog: Catalog) -> Order:
    order = sale_cash(catalog)
    order.void(staff_id="alex", at=_at(5), reason="rung up twice", open_business_date=date(2023, 3, 31))
    return order


# name -> (currency, code page, order builder)
RECEIPTS: dict[str, tuple[str, str, Callable[[Catalog], Order]]] = {
    "sale-cash": ("USD", "pc437", sale_cash),
    "sale-card": ("USD", "pc437", sale_card),
    "sale-split-tender": ("USD", "pc437", sale_split),
    "sale-offline-card": ("USD", "pc437", sale_offline_card),
    "refund": ("USD", "pc437", refund),
    "void": ("USD", "pc437", void),
    "sale-cash-eur-pc437": ("EUR", "pc437", sale_cash),
    "sale-cash-eur-pc858": ("EUR", "pc858", sale_cash),
    "sale-cash-gbp-pc437": ("GBP", "pc437", sale_cash),
    # A receipt printed again after the printer did not confirm the first one: marked as a copy.
    "reprint-sale-card": ("USD", "pc437", sale_card),
    # The shop's language and locale: Spanish words, "1.234,50 €" and day/month dates, PC858's euro.
    "sale-offline-card-es": ("EUR", "pc858", sale_offline_card),
    "refund-es": ("EUR", "pc858", refund),
}
# name -> how it is printed, beyond the defaults (English, en_US, an original)
RECEIPT_OPTIONS: dict[str, dict[str, object]] = {
    "reprint-sale-card": {"reprint": True},
    "sale-offline-card-es": {"language": "es", "locale": "es_ES"},
    "refund-es": {"language": "es", "locale": "es_ES"},
}


def view_of(order: Order, catalog: Catalog) -> OrderView:
    return build_order_view(
        order, committed=True, pending_tip=0, tax_names=catalog.tax_classes, staff_name=STAFF.__getitem__
    )
