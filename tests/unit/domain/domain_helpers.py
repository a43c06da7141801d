"""Constants and builders shared by the domain tests (imported by module name: no packages here)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from dripos_terminal.domain.money import Money
from dripos_terminal.domain.order import Order
from dripos_terminal.domain.tax import TaxTable

T0 = datetime(2026, 3, 31, 17, 47, tzinfo=UTC)
DAY = date(2026, 3, 31)
RATES = {"prepared_food": 875, "grocery": 0, "merchandise": 875}


def usd(cents: int) -> Money:
    return Money(cents, "USD")


def new_order(number: int = 42, business_date: date = DAY) -> Order:
    return Order.open(
        order_id=f"ord-{number}",
        number=number,
        daily_number=number,
        business_date=business_date,
        currency="USD",
        tax_table=TaxTable(RATES),
        staff_id="barista-1",
        at=T0,
    )
