"""Child process for the card crash test: the till's online card path, killed at random by the parent.

    python -m tests.crash.card_crash_driver DB_PATH SIM_URL READER_ID SALES SEED
        (key hex in DRIPOS_CRASH_KEY, API key in DRIPOS_CRASH_API_KEY)

Opens the real SQLCipher store and recovers like the till does before it sells (card payments left
unconfirmed are settled and recorded, orders left open are finished), then rings up SALES sales,
each paid by card — on the reader (a customer thread taps as soon as the reader waits) or keyed —
and some split with cash. Markers, one per line, flushed at once:

    START <order>        the order and the payment, born SENDING as the card dialog commits it, are
                         about to be committed (kill here: the crash before the first request)
    PAID <payment>       Stripe approved the card; the outcome is NOT committed yet (kill here: the
                         crash between the Stripe call and the commit)
    ACK <payment> <sale> <tip> <currency>   the approval and its tender are committed: the barista
                         sees "Approved" (kill after it, in a split sale: the crash between the card
                         payment and the order's completion)
    CASH <order>         the rest taken in cash, about to complete the order
    DONE
"""

from __future__ import annotations

import os
import random
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import stripe

from dripos_terminal.clock import SystemClock
from dripos_terminal.domain.card import KeyedCard
from dripos_terminal.domain.catalog import default_catalog_path, load_catalog
from dripos_terminal.domain.payment import PaymentKind
from dripos_terminal.domain.staff import Role, StaffMember, hash_pin
from dripos_terminal.domain.tax import TaxTable
from dripos_terminal.payments.manual_entry import ManualEntryAdapter, ManualEntrySettings
from dripos_terminal.payments.ports import NullPrompt, PaymentRequest, PaymentResult, Prompt, ResultStatus
from dripos_terminal.payments.stripe_gateway import RetryPolicy, StripeGateway
from dripos_terminal.payments.stripe_terminal import StripeTerminalAdapter, TerminalSettings
from dripos_terminal.services.card_payments import CardAdapter, CardCheckout
from dripos_terminal.services.checkout import SaleCheckout
from dripos_terminal.services.recovery import recover_at_start_up
from dripos_terminal.services.sales import SalesService
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.database import Database
from dripos_terminal.store.orders_repo import OrdersRepo
from dripos_terminal.store.payment_records import NewRequest
from dripos_terminal.store.payments import PaymentStore

VISA = "4242424242424242"
BARISTA = StaffMember("bar", "Ben", Role.BARISTA, hash_pin("1111", salt=b"0" * 16))
ITEMS = ("espresso", "croissant", "scone", "banana_bread")


def out(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


class Announcing:
    """The real adapter; says PAID the moment Stripe approved, before the checkout records it."""

    def __init__(self, inner: CardAdapter) -> None:
        self._inner = inner
        self.kind = inner.kind
        self.commits_first = inner.commits_first

    def initial_requests(self, request: PaymentRequest) -> Sequence[NewRequest]:
        return self._inner.initial_requests(request)

    def pay(self, request: PaymentRequest, prompt: Prompt) -> PaymentResult:
        result = self._inner.pay(request, prompt)
        if result.status is ResultStatus.APPROVED:
            out(f"PAID {result.payment_id}")
        return result

    def resolve(self, payment: object, requests: object, prompt: Prompt) -> PaymentResult:
        return self._inner.resolve(payment, requests, prompt)  # type: ignore[arg-type]

    def cancel(self) -> None:
        self._inner.cancel()


def customer(client: stripe.StripeClient, reader_id: str, stop: threading.Event) -> None:
    """Taps a card whenever the reader waits for one (through Stripe's test helper, over HTTP)."""
    while not stop.wait(0.01):
        try:
            action = client.v1.terminal.readers.retrieve(reader_id).action
            if (
                action is not None
                and action.type == "process_payment_intent"
                and action.status == "in_progress"
            ):
                params = {"type": "card_present", "card_present": {"number": VISA}}
                client.v1.test_helpers.terminal.readers.present_payment_method(reader_id, params)  # type: ignore[arg-type]
        except stripe.StripeError:
            continue  # raced with the action's end, or a killed sibling: look again


def main(argv: list[str]) -> int:
    db_path, sim_url, reader_id = Path(argv[0]), argv[1], argv[2]
    sales_wanted, seed = int(argv[3]), int(argv[4])
    key, api_key = bytes.fromhex(os.environ["DRIPOS_CRASH_KEY"]), os.environ["DRIPOS_CRASH_API_KEY"]
    clock = SystemClock()
    db = Database.open(db_path, key, clock=clock, create=not db_path.exists())
    audit = AuditLog(db, clock)
    sales = SalesService(
        db=db,
        orders=OrdersRepo(db, clock),
        audit=audit,
        catalog=load_catalog(default_catalog_path()),
        tax_table=TaxTable({"prepared_food": 875, "grocery": 0, "merchandise": 875}),
        clock=clock,
        staff_name=lambda staff_id: staff_id,
        till_id=db_path.stem,
    )
    payments = PaymentStore(db, clock, audit=audit, follower=sales.book)
    retry = RetryPolicy(attempts=5, base_s=0.01, cap_s=0.05)
    gateway = StripeGateway.connect(api_key, sim_url, payments, clock, timeout_s=5.0, retry=retry)
    terminal = TerminalSettings(
        reader_id=reader_id,
        till_id=db_path.stem,
        poll_interval_s=0.01,
        payment_timeout_s=10.0,
        offline_grace_s=0.05,
    )
    adapters: dict[PaymentKind, CardAdapter] = {
        PaymentKind.CARD_PRESENT: Announcing(StripeTerminalAdapter(gateway, clock, terminal)),
        PaymentKind.MANUAL_CARD: Announcing(
            ManualEntryAdapter(gateway, clock, ManualEntrySettings(db_path.stem))
        ),
    }
    cards = CardCheckout(payments, adapters, clock, orders=sales.book, audit=audit)
    stop = threading.Event()
    client = stripe.StripeClient(api_key, base_addresses={"api": sim_url}, max_network_retries=0)
    threading.Thread(target=customer, args=(client, reader_id, stop), daemon=True).start()
    out("OPEN")
    recover_at_start_up(cards, sales, payments)
    out("RECOVERED")
    rng = random.Random(seed)
    for _ in range(sales_wanted):
        sell_one(sales, cards, rng, clock)
    stop.set()
    out("DONE")
    db.close()
    return 0


def sell_one(sales: SalesService, cards: CardCheckout, rng: random.Random, clock: SystemClock) -> None:
    sale = sales.start_order(BARISTA)
    for _ in range(rng.randint(1, 3)):
        sale.add_item(rng.choice(ITEMS))
    flow = SaleCheckout(sale, sales, cards=cards)
    due = sale.order.balance_due.amount
    split = rng.random() < 0.35 and due >= 200
    part = due // 2 if split else due
    tip = rng.choice((0, 0, 25, 60, 115))
    kind = rng.choice((PaymentKind.CARD_PRESENT, PaymentKind.MANUAL_CARD))
    card = (
        KeyedCard.parse(VISA, "12/30", "737", "94107", now=clock.now())
        if kind is PaymentKind.MANUAL_CARD
        else None
    )
    out(f"START {sale.order.order_id}")
    outcome = flow.pay_card(kind, part, tip, NullPrompt(), card)  # as the card dialog runs it
    if outcome.result.status is not ResultStatus.APPROVED:
        return  # nothing taken (or not confirmed yet): the next start-up settles it
    out(f"ACK {outcome.result.payment_id} {part} {outcome.result.tip_minor} usd")
    if split:
        out(f"CASH {sale.order.order_id}")
        sale.add_cash(sale.order.balance_due.amount)
        flow.complete()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
