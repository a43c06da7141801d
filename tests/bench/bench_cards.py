"""Card payments: the till's own overhead per payment, and the GUI thread's longest stall.

1. Overhead: `CardCheckout.start + run` end to end for a real sale (real SDK over loopback HTTP to the
   simulator, real SQLCipher commits: the order saved with the payment row, the tender recorded with
   the outcome), the customer tapping as soon as the reader waits. The simulator's own
   server-side time (every `api.handle` call, timed inside the simulator) and the adapter's polling
   sleeps are subtracted: what is left is the till (SDK, HTTP client, JSON, database, Python).
2. GUI stall: a 10 ms QTimer on the GUI thread records the longest gap between ticks while one card
   payment runs through `CardCheckoutDialog`, with no injected latency and with 2 s on every request.
"""

from __future__ import annotations

import contextlib
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from dripos_terminal.app import Application, build_application
from dripos_terminal.clock import SystemClock
from dripos_terminal.composition.cards import CardOptions, CardPayments
from dripos_terminal.composition.till import Features
from dripos_terminal.payments.ports import NullPrompt, ResultStatus
from dripos_terminal.payments.stripe_gateway import RetryPolicy
from dripos_terminal.store.keys import ScryptParams
from dripos_terminal.ui.card_checkout_dialog import CardCheckoutDialog, Phase
from dripos_terminal.ui.refcount_guard import guard_singleton_refcounts
from tests.bench.stats import header, line, median, ms, percentile
from tests.support.keyring import MemoryKeyring

PAYMENTS = 50
STALL_RUNS = 3
POLL_S = 0.02
VISA = "4242424242424242"


class SleepMeter(SystemClock):
    """The system clock, adding up the adapter's polling sleeps."""

    def __init__(self) -> None:
        self.slept = 0.0

    def sleep(self, seconds: float) -> None:
        start = time.perf_counter()
        super().sleep(seconds)
        self.slept += time.perf_counter() - start


def _time_server(sim: Any) -> list[float]:
    """Wrap the simulator's request handler; returns the list its durations are appended to."""
    spent: list[float] = []
    inner = sim.api.handle
    lock = threading.Lock()

    def handle(request: Any) -> Any:
        start = time.perf_counter()
        try:
            return inner(request)
        finally:
            with lock:
                spent.append(time.perf_counter() - start)

    sim.api.handle = handle
    return spent


def _tapper(cards: CardPayments, stop: threading.Event) -> threading.Thread:
    """The customer: taps a card whenever the reader waits for one."""

    def loop() -> None:
        sim = cards.sim
        while not stop.is_set():
            with sim.state.lock:
                action = sim.state.readers[cards.reader_id].get("action") or {}
                waiting = (
                    action.get("type") == "process_payment_intent" and action.get("status") == "in_progress"
                )
            if waiting:
                with contextlib.suppress(Exception):  # raced with the action's end: next loop
                    sim.present(number=VISA)
            time.sleep(0.001)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    return thread


def _build(data_dir: Path, clock: SystemClock) -> tuple[Application, CardPayments]:
    options = CardOptions(
        clock=clock,
        rate_limit=0,
        poll_interval_s=POLL_S,
        payment_timeout_s=120.0,
        retry=RetryPolicy(attempts=5, base_s=0.01, cap_s=0.05),
    )
    app = build_application(
        data_dir=data_dir,
        demo=True,
        keyring_backend=MemoryKeyring(),
        clock=SystemClock(),
        scrypt_params=ScryptParams(n=2**10, r=8, p=1),
        env={},
        features=Features(cards=options),
        theme="",
    )
    _spin(lambda: app.cards is not None and app.cards.ready, 30)
    assert app.cards is not None
    return app, app.cards


def _spin(predicate: Callable[[], bool], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not reached")
        QApplication.processEvents()
        time.sleep(0.001)


def _overhead(app: Application, cards: CardPayments, clock: SleepMeter) -> tuple[list[float], list[float]]:
    services = app.services
    assert services is not None
    actor = services.staff.members()[0]
    spent = _time_server(cards.sim)
    walls: list[float] = []
    overheads: list[float] = []
    stop = threading.Event()
    tapper = _tapper(cards, stop)
    try:
        for i in range(PAYMENTS + 3):
            sale = services.sales.start_order(actor)
            sale.add_item("espresso")
            due = sale.order.balance_due.amount
            spent.clear()
            clock.slept = 0.0
            start = time.perf_counter()
            request = cards.checkout.start(sale.order.order_id, due, "usd", sale=sale)
            result = cards.checkout.run(request, NullPrompt())
            wall = time.perf_counter() - start
            if result.status is not ResultStatus.APPROVED:
                raise RuntimeError(f"bench payment {i}: {result.status.value}")
            if i >= 3:  # warm-up excluded
                walls.append(wall)
                overheads.append(wall - sum(spent) - clock.slept)
    finally:
        stop.set()
        tapper.join(2)
    return walls, overheads


def _stall(app: Application, cards: CardPayments, latency_s: float) -> float:
    services = app.services
    assert services is not None
    actor = services.staff.members()[0]
    sale = services.sales.start_order(actor)
    sale.add_item("espresso")
    results: list[Any] = []
    assert app.window is not None
    cards.handler(sale, sale.view().remaining, app.window, lambda t, e: results.append((t, e)))
    dialog = cards.dialog
    assert isinstance(dialog, CardCheckoutDialog)
    _spin(lambda: not dialog.display_pending, 30)
    if latency_s:
        cards.sim.faults.add("latency", seconds=latency_s, count=None)
    longest = [0.0]
    last = [time.monotonic()]

    def tick() -> None:
        now = time.monotonic()
        longest[0] = max(longest[0], now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    stop = threading.Event()
    tapper = _tapper(cards, stop)
    timer.start()
    try:
        dialog.charge_button.click()
        _spin(lambda: dialog.phase is Phase.APPROVED, 120)
    finally:
        timer.stop()
        stop.set()
        tapper.join(2)
        cards.sim.faults.clear()
    dialog.accept()
    _spin(lambda: cards.dialog is None, 10)
    return longest[0]


def run() -> None:
    guard_singleton_refcounts()
    qt_app = QApplication.instance() or QApplication([])
    clock = SleepMeter()
    with tempfile.TemporaryDirectory() as tmp:
        app, cards = _build(Path(tmp), clock)
        try:
            walls, overheads = _overhead(app, cards, clock)
            poll = f"poll {POLL_S * 1000:.0f} ms"
            header(f"Card payment, start+run, {PAYMENTS} payments (simulator on loopback, {poll})")
            line("end-to-end wall time p50 / p99", f"{ms(median(walls))} / {ms(percentile(walls, 99))}")
            line(
                "till overhead (wall - server time - poll sleeps) p50 / p99",
                f"{ms(median(overheads))} / {ms(percentile(overheads, 99))}",
            )
            header(f"Longest GUI-thread stall during one card payment (10 ms timer, worst of {STALL_RUNS})")
            plain = max(_stall(app, cards, 0.0) for _ in range(STALL_RUNS))
            line("no injected latency", ms(plain))
            line("2 s latency on every Stripe request (1 run)", ms(_stall(app, cards, 2.0)))
        finally:
            app.close()
    del qt_app
