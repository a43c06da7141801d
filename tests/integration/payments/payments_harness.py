"""Test harness for the card path: the stripe SDK over HTTP to the embedded simulator, real SQLCipher."""

from __future__ import annotations

import random
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import stripe

from dripos_terminal.clock import SystemClock
from dripos_terminal.domain.catalog import default_catalog_path, load_catalog
from dripos_terminal.domain.payment import PaymentKind
from dripos_terminal.domain.tax import TaxTable
from dripos_terminal.payments.manual_entry import ManualEntryAdapter, ManualEntrySettings
from dripos_terminal.payments.ports import PaymentResult, RecordingPrompt
from dripos_terminal.payments.stripe_gateway import RetryPolicy, StripeGateway
from dripos_terminal.payments.stripe_terminal import StripeTerminalAdapter, TerminalSettings
from dripos_terminal.services.card_payments import CardCheckout
from dripos_terminal.services.refunds import Refunds
from dripos_terminal.services.sales import SalesService
from dripos_terminal.sim.stripe import StripeSimulator
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.database import Database
from dripos_terminal.store.orders_repo import OrdersRepo
from dripos_terminal.store.payments import PaymentStore
from tests.support.money import assert_stripe_matches_till

FAST_RETRY = RetryPolicy(attempts=5, base_s=0.005, cap_s=0.03)


@dataclass
class Env:
    sim: StripeSimulator
    db: Database
    db_path: Path
    store: PaymentStore
    gateway: StripeGateway
    terminal: StripeTerminalAdapter
    manual: ManualEntryAdapter
    checkout: CardCheckout
    refunds: Refunds
    reader_id: str
    client: stripe.StripeClient
    prompt: RecordingPrompt
    pool: ThreadPoolExecutor
    sales: SalesService | None = None  # with orders: the order book follows every payment

    def pay_async(self, order_id: str, amount: int, **kw: Any) -> Future[PaymentResult]:
        return self.pool.submit(self.checkout.pay, order_id, amount, "usd", self.prompt, **kw)

    def reader(self) -> dict[str, Any]:
        return self.sim.state.readers[self.reader_id]

    def wait_for_action(self, timeout: float = 20.0) -> None:
        """Until the reader shows an in-progress process_payment_intent (the customer may tap now)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.sim.state.lock:
                action = self.sim.state.readers[self.reader_id].get("action")
                if (
                    action
                    and action["type"] == "process_payment_intent"
                    and action["status"] == "in_progress"
                ):
                    return
            time.sleep(0.005)
        raise AssertionError("reader never started the payment")

    def present(self, number: str = "4242424242424242", **extra: Any) -> None:
        """The customer taps a card, through the SDK's own test helper over HTTP."""
        self.wait_for_action()
        params: dict[str, Any] = {"card_present": {"number": number}, "type": "card_present", **extra}
        self.client.v1.test_helpers.terminal.readers.present_payment_method(self.reader_id, params)  # type: ignore[arg-type]

    def assert_money_safe(self) -> None:
        """Stripe charged what the till recorded, once each, by value, and nothing else."""
        assert_stripe_matches_till(self.sim.ledger, self.db)


def build_env(
    sim: StripeSimulator,
    db: Database,
    db_path: Path,
    reader_id: str,
    *,
    orders: bool = False,
    **terminal_kw: Any,
) -> Env:
    """The card path on `db`; with `orders`, the till's sales and order book too (orders follow their
    payments inside the payments' transactions, as in the product)."""
    clock = SystemClock()
    audit = AuditLog(db, clock)
    sales = None
    if orders:
        sales = SalesService(
            db=db,
            orders=OrdersRepo(db, clock),
            audit=audit,
            catalog=load_catalog(default_catalog_path()),
            tax_table=TaxTable({"prepared_food": 875, "grocery": 0, "merchandise": 875}),
            clock=clock,
            staff_name=lambda staff_id: staff_id,
        )
    store = PaymentStore(db, clock, audit=audit, follower=sales.book if sales else None)
    gateway = StripeGateway.connect(
        sim.api_key, sim.base_url, store, clock, timeout_s=5.0, rng=random.Random(7), retry=FAST_RETRY
    )
    settings = TerminalSettings(
        reader_id=reader_id,
        till_id="till-1",
        poll_interval_s=terminal_kw.pop("poll_interval_s", 0.01),
        payment_timeout_s=terminal_kw.pop("payment_timeout_s", 5.0),
        cancel_grace_s=terminal_kw.pop("cancel_grace_s", 3.0),
        offline_grace_s=terminal_kw.pop("offline_grace_s", 0.05),
        **terminal_kw,
    )
    terminal = StripeTerminalAdapter(gateway, clock, settings)
    manual = ManualEntryAdapter(gateway, clock, ManualEntrySettings(till_id="till-1"))
    checkout = CardCheckout(
        store,
        {PaymentKind.CARD_PRESENT: terminal, PaymentKind.MANUAL_CARD: manual},
        clock,
        orders=sales.book if sales else None,
        audit=audit,
    )
    client = stripe.StripeClient(sim.api_key, base_addresses={"api": sim.base_url}, max_network_retries=0)
    return Env(
        sim, db, db_path, store, gateway, terminal, manual, checkout, Refunds(store, gateway, clock, audit),
        reader_id, client, RecordingPrompt(),
        ThreadPoolExecutor(max_workers=2), sales,
    )  # fmt: skip
