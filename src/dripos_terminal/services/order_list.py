"""Orders of a business day a page at a time, from the sale facts (no order is rebuilt to be listed),
with search by order number, card last 4 and amount. The Orders and Past days screens and the command
line use it; one order is loaded in full only when someone opens it.

Search text: `#42` or `42` is an order number (the day's, or the store-wide one); four digits are an
order number or a card's last 4; an amount is written with a decimal point or a currency sign
(`4.50`, `$4.50`) and matches an order total or what one tender charged.

Blocking (database): call from a worker.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from dripos_terminal.domain.money import MoneyError, parse_money
from dripos_terminal.domain.order import order_number_text
from dripos_terminal.services.sales import SalesService
from dripos_terminal.services.views import STATUS_TEXT, UNFINISHED_TEXT, OrderView
from dripos_terminal.store.sale_facts_repo import OrderFilter, OrderRow, SaleFactsRepo

PAGE_SIZE = 200
_NUMBER = re.compile(r"#?\s*([0-9]{1,9})")


@dataclass(frozen=True)
class OrderLine:
    """One row of an Orders list, ready to show."""

    row: OrderRow
    staff_name: str

    @property
    def order_id(self) -> str:
        return self.row.order_id

    @property
    def display_number(self) -> str:
        return order_number_text(self.row.daily_number)

    @property
    def number(self) -> int:
        return self.row.number

    @property
    def status(self) -> str:
        return self.row.status

    @property
    def total(self) -> int:
        return self.row.total

    @property
    def currency(self) -> str:
        return self.row.currency

    @property
    def balance_due(self) -> int:
        return self.row.owed if self.row.status == "balance_due" else 0

    @property
    def declined(self) -> bool:
        return self.row.declined

    @property
    def status_text(self) -> str:
        if self.row.status == "balance_due" and not self.row.declined:
            return UNFINISHED_TEXT
        return STATUS_TEXT.get(self.row.status, self.row.status.replace("_", " "))


@dataclass(frozen=True)
class OrderQuery:
    business_date: date
    search: str = ""
    owed_from_earlier: bool = False  # today's Orders also lists older orders that still owe


@dataclass(frozen=True)
class Search:
    number: int | None = None
    last4: str | None = None
    amount: int | None = None

    @property
    def empty(self) -> bool:
        return self.number is None and self.last4 is None and self.amount is None


def parse_search(text: str, currency: str) -> Search:
    """What a search text stands for (see the module docstring)."""
    cleaned = text.strip()
    if not cleaned:
        return Search()
    number = _NUMBER.fullmatch(cleaned)
    if number is not None:
        digits = number.group(1)
        last4 = digits if len(digits) == 4 and not cleaned.startswith("#") else None
        return Search(number=int(digits), last4=last4)
    try:
        return Search(amount=parse_money(cleaned, currency).amount)
    except (MoneyError, ValueError):
        return Search(number=-1)  # matches nothing: the list says so rather than showing everything


class OrderList:
    def __init__(self, facts: SaleFactsRepo, sales: SalesService, staff_name: Callable[[str], str]) -> None:
        self._facts = facts
        self._sales = sales
        self._staff_name = staff_name

    def _filter(self, query: OrderQuery) -> OrderFilter:
        found = parse_search(query.search, self._sales.catalog.currency)
        return OrderFilter(
            business_date=query.business_date.isoformat(),
            till_id=self._sales.till_id,
            number=found.number,
            last4=found.last4,
            amount=found.amount,
            owed_from_earlier=query.owed_from_earlier and found.empty,
        )

    def count(self, query: OrderQuery) -> int:
        return self._facts.count_orders(self._filter(query))

    def page(self, query: OrderQuery, offset: int, limit: int = PAGE_SIZE) -> list[OrderLine]:
        rows = self._facts.orders(self._filter(query), offset=offset, limit=limit)
        return [OrderLine(r, self._staff_name(r.staff_id)) for r in rows]

    def view(self, order_id: str) -> OrderView:
        """One order in full (its receipt, its events), loaded when someone opens it."""
        return self._sales.view_of(self._sales.load(order_id))
