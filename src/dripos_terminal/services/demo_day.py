"""A realistic business day for demos, screenshots and benchmarks, sold through the real services.

`DaySeeder.run(n)` rings up `n` orders spread over opening hours (07:00-19:00, local time, on the
seeder's fake clock): items with modifiers from the menu, discounts (a manager's), tips, cash with
change, card payments on the reader (the simulator's customer taps when the reader asks) and keyed,
some cards declined at the counter (then paid in cash), voids and refunds. Between 13:47 and 14:21 the
readers are down: the till switches to offline payments and stores keyed cards (some of which will be
declined), goes back online and forwards them. The cash drawer is opened with a counted float, has a
paid out and a paid in, and is closed with a count a little short.

Every order goes through `SalesService`, `SaleCheckout`, the card checkout and the offline payments
exactly as the till's screens drive them; nothing is written to the store directly.

Blocking: runs on the calling thread (a command line or a bench).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

from dripos_terminal.clock import FakeClock
from dripos_terminal.domain.card import KeyedCard
from dripos_terminal.domain.cash import CashCount, denominations
from dripos_terminal.domain.catalog import Item
from dripos_terminal.domain.payment import PaymentKind
from dripos_terminal.domain.staff import Permission, StaffMember
from dripos_terminal.payments.ports import NullPrompt, PromptKind
from dripos_terminal.services.card_payments import CardCheckout
from dripos_terminal.services.checkout import SaleCheckout
from dripos_terminal.services.drawer import DrawerService
from dripos_terminal.services.offline_payments import OfflinePayments
from dripos_terminal.services.sales import SaleSession, SalesService
from dripos_terminal.services.staff import Authorization, StaffService

OPEN_AT, CLOSE_AT = 7, 19
INCIDENT = ((13, 47), (14, 21))  # the readers are down (the seed incident's 34 minutes)
VISA, MASTERCARD, AMEX = "4242424242424242", "5555555555554444", "378282246310005"
DECLINED_AT_COUNTER = "4000000000000002"  # generic decline
DECLINED_WHEN_FORWARDED = "4000000000009995"  # insufficient funds
CARDS = (VISA, VISA, MASTERCARD, VISA, MASTERCARD)


class Reader(Protocol):
    """The simulated reader's customer: taps `number` on the reader now."""

    def present(self, reader_id: str | None = None, *, number: str | None = None) -> object: ...


@dataclass
class SeedReport:
    orders: int = 0
    cash: int = 0
    card_present: int = 0
    manual_card: int = 0
    offline: int = 0
    offline_declined: int = 0
    declined_at_counter: int = 0
    voids: int = 0
    refunds: int = 0
    discounts: int = 0
    tips: int = 0
    seconds: float = 0.0
    seconds_by_kind: dict[str, float] = field(default_factory=dict)

    def count(self, kind: str, seconds: float) -> None:
        self.seconds_by_kind[kind] = self.seconds_by_kind.get(kind, 0.0) + seconds


class _Customer:
    """A prompt that taps the card as soon as the reader asks for it."""

    def __init__(self, reader: Reader, reader_id: str, number: str) -> None:
        self._reader, self._reader_id, self._number = reader, reader_id, number

    def show(self, kind: PromptKind, text: str) -> None:
        if kind is PromptKind.TAP_INSERT_SWIPE:
            self._reader.present(self._reader_id, number=self._number)


@dataclass
class SeedParts:
    """The real services the seeder drives (built by the caller on one store and one fake clock)."""

    sales: SalesService
    staff: StaffService
    cards: CardCheckout | None
    offline: OfflinePayments | None
    drawer: DrawerService
    reader: Reader | None
    reader_id: str
    clock: FakeClock


class DaySeeder:
    def __init__(
        self, parts: SeedParts, *, barista: StaffMember, manager: StaffMember, seed: int = 1
    ) -> None:
        self._p = parts
        self._barista, self._manager = barista, manager
        self._rng = random.Random(seed)
        catalog = parts.sales.catalog
        self._items: list[Item] = [i for c in catalog.categories for i in catalog.items_in(c.id)]
        self.report = SeedReport()

    # -- the day ----------------------------------------------------------------------------------

    def run(self, orders: int, day: date, progress: Callable[[int, int], None] | None = None) -> SeedReport:
        started = time.perf_counter()
        opening = _local(day, OPEN_AT, 0) - timedelta(minutes=10)
        self._set_time(opening)
        auth = self._p.staff.authorize(self._manager, Permission.CASH_DRAWER)
        float_count = CashCount(
            self._p.sales.catalog.currency, _pieces(15_000, self._p.sales.catalog.currency)
        )
        self._p.drawer.open(auth, float_count)
        start, end = _local(day, OPEN_AT, 0), _local(day, CLOSE_AT, 0)
        step = (end - start) / max(1, orders)
        incident = (_local(day, *INCIDENT[0]), _local(day, *INCIDENT[1]))
        offline = False
        for index in range(orders):
            at = start + step * index + timedelta(seconds=self._rng.uniform(0, step.total_seconds() * 0.8))
            self._set_time(at)
            in_incident = incident[0] <= at < incident[1] and self._p.offline is not None
            if in_incident and not offline:
                self._go_offline()
                offline = True
            elif offline and not in_incident:
                self._back_online()
                offline = False
            self._one_order(index, offline)
            if index == orders // 3:
                self._p.drawer.paid_out(auth, 1_250, "milk from the corner shop")
            if index == (2 * orders) // 3:
                self._p.drawer.paid_in(auth, 2_000, "change from the bank")
            if progress is not None:
                progress(index + 1, orders)
        if offline:
            self._back_online()
        self._set_time(end + timedelta(minutes=5))
        view = self._p.drawer.current()
        if view is not None:
            short = max(0, view.summary.expected - 35)
            self._p.drawer.close(
                auth, CashCount(self._p.sales.catalog.currency, _pieces(short, view.session.currency))
            )
        self.report.seconds = time.perf_counter() - started
        return self.report

    def _set_time(self, at: datetime) -> None:
        clock = self._p.clock
        delta = (at - clock.now()).total_seconds()
        if delta > 0:
            clock.advance(delta)

    # -- one order --------------------------------------------------------------------------------

    def _one_order(self, index: int, offline: bool) -> None:
        rng, sales = self._rng, self._p.sales
        actor = self._manager if rng.random() < 0.1 else self._barista
        sale = sales.start_order(actor)
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
            self._add_item(sale)
        if rng.random() < 0.06:
            auth = self._p.staff.authorize(self._manager, Permission.DISCOUNT)
            sale.set_order_discount("percent", rng.choice((1000, 1500, 2000)), auth)
            self.report.discounts += 1
        due = sale.order.balance_due.amount
        if due <= 0:
            sales.complete(sale)
            return
        started = time.perf_counter()
        kind = self._pay(sale, due, offline)
        self.report.count(kind, time.perf_counter() - started)
        self.report.orders += 1
        roll = rng.random()
        if roll < 0.012 and kind != "offline":
            sales.void(sale.order.order_id, self._authorize(Permission.VOID), "rung up twice")
            self.report.voids += 1
        elif roll < 0.03 and kind != "offline":
            sales.refund(
                sale.order.order_id, self._authorize(Permission.REFUND), "customer changed their mind"
            )
            self.report.refunds += 1

    def _add_item(self, sale: SaleSession) -> None:
        item = self._rng.choice(self._items)
        catalog = self._p.sales.catalog
        picks: dict[str, list[str]] = {}
        for group in catalog.groups_for(item):
            if group.required or self._rng.random() < 0.3:
                count = max(group.min_select, 1)
                picks[group.id] = [
                    o.id for o in self._rng.sample(list(group.options), min(count, len(group.options)))
                ]
        sale.add_item(item.id, picks)

    def _tip(self, sale: SaleSession) -> int:
        if self._rng.random() < 0.45:
            options = sale.tip_options()
            if options:
                self.report.tips += 1
                return int(self._rng.choice(options)[1])
        return 0

    def _pay(self, sale: SaleSession, due: int, offline: bool) -> str:
        rng = self._rng
        cards = self._p.cards is not None and self._p.reader is not None
        if offline and rng.random() < 0.75:
            return self._offline(sale, due)
        roll = rng.random()
        if not cards or offline or roll < 0.38:
            return self._cash(sale, due)
        if roll < 0.41:  # declined at the counter: the customer pays cash instead
            self._card(sale, due, 0, PaymentKind.CARD_PRESENT, DECLINED_AT_COUNTER)
            self.report.declined_at_counter += 1
            return self._cash(sale, sale.order.balance_due.amount)
        tip = self._tip(sale)
        if roll < 0.50:
            self._card(sale, due, tip, PaymentKind.MANUAL_CARD, rng.choice(CARDS))
            self.report.manual_card += 1
            return "manual_card"
        self._card(sale, due, tip, PaymentKind.CARD_PRESENT, rng.choice(CARDS))
        self.report.card_present += 1
        return "card_present"

    def _cash(self, sale: SaleSession, due: int) -> str:
        tip = self._tip(sale) if self._rng.random() < 0.3 else 0
        sale.set_tip(tip)
        owed = due + tip
        received = owed if self._rng.random() < 0.3 else -(-owed // 500) * 500
        sale.add_cash(received)
        self._p.sales.complete(sale)
        self.report.cash += 1
        return "cash"

    def _card(self, sale: SaleSession, due: int, tip: int, kind: PaymentKind, number: str) -> bool:
        checkout = SaleCheckout(sale, self._p.sales, cards=self._p.cards)
        keyed = _keyed(number, self._p.clock.now()) if kind is PaymentKind.MANUAL_CARD else None
        request = checkout.start_card(kind, due, tip, keyed)
        prompt = (
            NullPrompt()
            if keyed is not None or self._p.reader is None
            else _Customer(self._p.reader, self._p.reader_id, number)
        )
        outcome = checkout.run_card(request, prompt)
        if outcome.paid:
            checkout.complete()
        return outcome.paid

    def _offline(self, sale: SaleSession, due: int) -> str:
        offline = self._p.offline
        assert offline is not None
        tip = self._tip(sale)
        number = DECLINED_WHEN_FORWARDED if self._rng.random() < 0.08 else self._rng.choice(CARDS)
        offline.sale_checkout(sale, None).store_offline(
            due, tip, _keyed(number, self._p.clock.now()), override_by=self._manager
        )
        self._p.sales.complete(sale)
        self.report.offline += 1
        self.report.offline_declined += number == DECLINED_WHEN_FORWARDED
        return "offline"

    # -- the incident -----------------------------------------------------------------------------

    def _go_offline(self) -> None:
        offline = self._p.offline
        assert offline is not None
        offline.switch_offline(self._barista, self._manager)

    def _back_online(self) -> None:
        offline = self._p.offline
        assert offline is not None
        offline.connectivity.report_success(self._p.clock.now(), "reader online")
        offline.connectivity.report_success(self._p.clock.now(), "reader online")
        offline.accept_online(self._barista)
        offline.forwarder.forward_all(wait_for_retries=True)

    def _authorize(self, permission: Permission) -> Authorization:
        return self._p.staff.authorize(self._manager, permission)


def _local(day: date, hour: int, minute: int) -> datetime:
    """`day` at `hour:minute` in this machine's time zone, as an aware UTC time."""
    return datetime(day.year, day.month, day.day, hour, minute).astimezone().astimezone(UTC)


def _keyed(number: str, now: datetime) -> KeyedCard:
    cvc = "1234" if number.startswith("3") else "123"
    return KeyedCard.parse(number, "12/34", cvc, "97205", now=now)


def _pieces(amount: int, currency: str) -> dict[int, int]:
    """`amount` as notes and coins, largest first (how a till counts a float)."""
    left, out = amount, {}
    for value in denominations(currency):
        count, left = divmod(left, value)
        if count:
            out[value] = count
    return out
