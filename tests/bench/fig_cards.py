"""card_overhead and card_stall: what the till itself adds to a card payment, and how long the GUI
thread is ever busy during one.

card_overhead (ms, per payment, each run's p50 of `PAYMENTS_PER_RUN`): `CardCheckout.pay` end to end
for a real sale (the order saved with the payment row, the real SDK over loopback HTTP to the
simulator, the outcome and its tender committed), the customer tapping at once, minus the
simulator's whole time (`ServerClock`: HTTP parsing to the last byte written) and the adapter's
poll sleeps. What is left is the till: SDK, HTTP client, JSON, the store, Python. Floor, in the same
runs: the least any till keeping the money rules must do, done bare — the three Stripe calls of a
tapped payment (create the PaymentIntent, hand it to the reader, read it back with its charge) with
a bare `stripe.StripeClient` over the same loopback, minus their server time, plus two bare
sqlcipher3 insert+commits (committed before the network, committed before "Approved").

card_stall (ms, each run's worst): the 2 ms stall meter on the GUI thread from the Card button
(`CardPayments.handler` opens the dialog) until the dialog is closed after "Approved", in the
whole demo till. Floor: the same meter over the same time with the event loop idle.
"""

from __future__ import annotations

import secrets
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import sqlcipher3
import stripe

from dripos_terminal.app import Application
from dripos_terminal.clock import SystemClock
from dripos_terminal.payments.ports import NullPrompt, ResultStatus
from dripos_terminal.ui.card_checkout_dialog import CardCheckoutDialog, Phase
from tests.bench.figures import Figure
from tests.bench.gui import StallMeter, qt_app, stall_figure, wait_until
from tests.bench.till import POLL_S, InstantCustomer, ServerClock, demo_till, simulator

PAYMENTS_PER_RUN = 20
WARM_UP = 3


class SleepMeter(SystemClock):
    """The system clock, adding up the adapter's polling sleeps."""

    def __init__(self) -> None:
        self.slept = 0.0

    def sleep(self, seconds: float) -> None:
        start = time.perf_counter()
        super().sleep(seconds)
        self.slept += time.perf_counter() - start


def _bare_payment(client: stripe.StripeClient, reader_id: str, conn: object, server: ServerClock) -> float:
    """The floor's payment: three bare SDK calls and two bare durable commits; ms minus server time."""
    server.reset()
    execute = conn.execute  # type: ignore[attr-defined]
    start = time.perf_counter()
    execute("BEGIN IMMEDIATE")
    execute("INSERT INTO t (doc) VALUES (?)", ("x" * 600,))
    execute("COMMIT")
    pi = client.raw_request(
        "post",
        "/v1/payment_intents",
        idempotency_key=secrets.token_hex(16),
        amount=330,
        currency="usd",
        allowed_payment_method_types=["card_present"],
        capture_method="automatic",
    ).data
    client.raw_request(
        "post",
        f"/v1/terminal/readers/{reader_id}/process_payment_intent",
        idempotency_key=secrets.token_hex(16),
        payment_intent=pi["id"],
        process_config={"skip_tipping": True},
    )
    paid = client.raw_request("get", f"/v1/payment_intents/{pi['id']}", expand=["latest_charge"]).data
    if paid["status"] != "succeeded":
        raise RuntimeError(f"bare payment not paid: {paid['status']}")
    execute("BEGIN IMMEDIATE")
    execute("INSERT INTO t (doc) VALUES (?)", ("x" * 600,))
    execute("COMMIT")
    return (time.perf_counter() - start - server.spent) * 1000


class StoreCounter:
    """Counts what one payment asks of the store: round trips to its thread, and commits (fsyncs)."""

    def __init__(self, db: Any) -> None:
        self.round_trips = self.commits = 0
        submit, transaction = db.submit, db.transaction

        def counted_submit(fn: Any) -> Any:
            self.round_trips += 1
            return submit(fn)

        def counted_transaction(fn: Any) -> Any:
            self.commits += 1
            return transaction(fn)

        db.submit, db.transaction = counted_submit, counted_transaction

    def reset(self) -> None:
        self.round_trips = self.commits = 0


def measure_overhead(runs: int) -> list[Figure]:
    qt_app()
    clock = SleepMeter()
    till_p50: list[float] = []
    bare_p50: list[float] = []
    requests_per_payment = commits_per_payment = round_trips_per_payment = 0
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        app = demo_till(tmp / "data", clock=clock, everything=False)
        try:
            assert app.cards is not None and app.services is not None
            cards, services = app.cards, app.services
            sim = simulator(app)
            server = ServerClock(sim)
            InstantCustomer(sim)
            actor = services.staff.members()[0]
            store = StoreCounter(services.db)
            client = stripe.StripeClient(
                sim.api_key,
                base_addresses={"api": sim.base_url},
                max_network_retries=0,
                http_client=stripe.RequestsClient(timeout=30),
            )
            bare = sqlcipher3.connect(str(tmp / "bare.db"), isolation_level=None, check_same_thread=False)
            bare.execute(f"PRAGMA key = \"x'{secrets.token_hex(32)}'\"")
            for pragma in ("journal_mode=WAL", "synchronous=FULL", "secure_delete=ON", "temp_store=MEMORY"):
                bare.execute(f"PRAGMA {pragma}")
            bare.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, doc TEXT)")
            for run in range(runs):
                till: list[float] = []
                floor: list[float] = []
                for i in range(PAYMENTS_PER_RUN + (WARM_UP if run == 0 else 0)):
                    sale = services.sales.start_order(actor)
                    sale.add_item("espresso")
                    due = sale.order.balance_due.amount
                    server.reset()
                    store.reset()
                    clock.slept = 0.0
                    start = time.perf_counter()
                    result = cards.checkout.pay(sale.order.order_id, due, "usd", NullPrompt(), sale=sale)
                    wall = time.perf_counter() - start
                    if result.status is not ResultStatus.APPROVED:
                        raise RuntimeError(f"bench payment: {result.status.value} {result.message}")
                    requests_per_payment = server.requests
                    commits_per_payment, round_trips_per_payment = store.commits, store.round_trips
                    overhead = (wall - server.spent - clock.slept) * 1000
                    bare_ms = _bare_payment(client, cards.reader_id, bare, server)
                    if run == 0 and i < WARM_UP:
                        continue
                    till.append(overhead)
                    floor.append(bare_ms)
                till_p50.append(statistics.median(till))
                bare_p50.append(statistics.median(floor))
            bare.close()
        finally:
            app.close()
    return [
        Figure(
            "card_overhead",
            "ms",
            till_p50,
            bare_p50,
            goal="median <= 20 ms",
            floor_is=(
                "3 bare SDK calls (create PI, process, read PI+charge) minus server time"
                " + 2 bare durable commits"
            ),
            note=(
                f"each run: p50 of {PAYMENTS_PER_RUN} payments; per payment the till made "
                f"{requests_per_payment} HTTP requests, {commits_per_payment} commits (fsyncs) and "
                f"{round_trips_per_payment} round trips to the store's thread (commits included); "
                f"poll {POLL_S * 1000:.0f} ms (sleeps subtracted)"
            ),
            extra={
                "requests_per_payment": requests_per_payment,
                "commits_per_payment": commits_per_payment,
                "store_round_trips_per_payment": round_trips_per_payment,
            },
        )
    ]


def _one_stall(app: Application, meter: StallMeter) -> tuple[float, float]:
    """(longest gap in ms, seconds it took) for one card payment through the dialog."""
    assert app.cards is not None and app.services is not None
    assert app.window is not None
    cards, services = app.cards, app.services
    sale = services.sales.start_order(services.staff.members()[0])
    sale.add_item("espresso")
    results: list[object] = []
    meter.start()
    started = time.perf_counter()
    cards.handler(
        sale, sale.view().remaining, app.window, lambda taken, error: results.append((taken, error))
    )
    dialog = cards.dialog
    assert isinstance(dialog, CardCheckoutDialog)
    wait_until(lambda: not dialog.display_pending, 30, "cart on the reader")
    dialog.charge_button.click()
    wait_until(lambda: dialog.phase is Phase.APPROVED, 60, "approved")
    dialog.accept()
    wait_until(lambda: cards.dialog is None, 10, "dialog closed")
    return meter.stop(), time.perf_counter() - started


def measure_stall(runs: int) -> list[Figure]:
    qt_app()
    with tempfile.TemporaryDirectory() as tmp_name:
        app = demo_till(Path(tmp_name) / "data")
        try:
            InstantCustomer(simulator(app))
            meter = StallMeter()
            # run 0, the warm-up: the first dialog, the first connections
            return [
                stall_figure(
                    "card_stall",
                    "each run: longest GUI-thread gap from the Card button to the dialog closed"
                    " after Approved",
                    runs,
                    lambda _run: _one_stall(app, meter),
                )
            ]
        finally:
            app.close()
