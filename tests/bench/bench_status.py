"""Incident status: polling cost, and how fast a problem reaches the screen.

1. Bytes and requests per hour of polling the Statuspage simulator (real loopback HTTP) at the policy's
   intervals, the schedule driven by a FakeClock: conditional requests (ETag → 304) vs unconditional.
2. Incident posted → banner visible (policy-scheduled): the latency the poll schedule gives, simulated
   over many random posting moments with the real poller on a FakeClock (its own `next_poll_in`
   decides when each poll happens), in two situations: the till is fine (the next routine poll shows
   the incident), and the till's own payments are already failing (the Friday: readers fail first,
   the provider posts up to ten minutes later; the failure polled at once and keeps polling fast).
   Then the till's own processing overhead with real timers (a poll + queued signal + banner shown).
3. First reader failure → banner visible, real timers, from the GUI thread and from a worker thread.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Mapping

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from dripos_terminal.clock import FakeClock
from dripos_terminal.payments.failures import FailureKind
from dripos_terminal.sim.statuspage import StatuspageSimulator
from dripos_terminal.status.decision import FeedSpec
from dripos_terminal.status.health import Check
from dripos_terminal.status.http import FetchResponse, UrllibFetcher
from dripos_terminal.status.poller import PollPolicy, StatusPoller
from dripos_terminal.ui.banner import IncidentBanner
from dripos_terminal.ui.demo_status_panel import SEED_BODY, SEED_COMPONENTS, SEED_NAME
from dripos_terminal.ui.refcount_guard import guard_singleton_refcounts
from dripos_terminal.ui.status_bridge import StatusBridge
from tests.bench.stats import header, line, median, ms, percentile

WATCH = ("Terminal", "Card readers", "API")
HOUR = 3600.0
LATENCY_TRIALS = 200
OVERHEAD_TRIALS = 40
FAILURE_TRIALS = 200

# Workaround, this process only: PySide6 6.12's abi3 wheels over-decref `None` on every void call and
# `True` on every `Signal.emit` when run on Python 3.11 (no immortal singletons before 3.12), so a few
# thousand Qt calls abort the process ("none_dealloc" / "bool_dealloc"). Extra references, never
# released (not even at interpreter shutdown), keep the counts positive. The product needs the real fix.


class CountingFetcher:
    """Wraps the real fetcher; counts requests and response bytes (status line + headers + body)."""

    def __init__(self, conditional: bool = True) -> None:
        self._inner = UrllibFetcher()
        self.conditional = conditional
        self.reset()

    def reset(self) -> None:
        self.requests = 0
        self.body_bytes = 0
        self.header_bytes = 0
        self.not_modified = 0

    def fetch(self, url: str, headers: Mapping[str, str], timeout: float) -> FetchResponse:
        response = self._inner.fetch(url, headers if self.conditional else {}, timeout)
        self.requests += 1
        self.not_modified += response.status == 304
        self.body_bytes += len(response.body)
        self.header_bytes += len("HTTP/1.1 200 OK\r\n\r\n") + sum(
            len(k) + len(v) + 4 for k, v in response.headers.items()
        )
        return response


def _hour_of_polling(sim: StatuspageSimulator, clock: FakeClock, conditional: bool) -> CountingFetcher:
    fetcher = CountingFetcher(conditional)
    spec = FeedSpec("Stripe", sim.summary_url, WATCH)
    poller = StatusPoller([spec], lambda _s: None, fetcher=fetcher, clock=clock, rng=random.Random(3))
    for _ in range(3):  # warm up: first fetch, then settle into the steady interval
        clock.advance(poller.poll_all_once()[0].next_poll_s)
    fetcher.reset()
    end = clock.monotonic() + HOUR
    while clock.monotonic() < end:
        clock.advance(poller.poll_all_once()[0].next_poll_s)
    return fetcher


def bench_bandwidth() -> None:
    header("Status feed polling, one simulated hour per row (FakeClock schedule, real loopback HTTP)")
    policy = PollPolicy()
    for label, incident in (
        (f"all clear (every {policy.ok_interval:.0f} s ±20 %)", False),
        (f"incident open (every {policy.problem_interval:.0f} s ±20 %)", True),
    ):
        for conditional in (True, False):
            clock = FakeClock()
            with StatuspageSimulator(clock=clock) as sim:
                if incident:
                    sim.start_incident(SEED_NAME, SEED_COMPONENTS, "major", SEED_BODY)
                counted = _hour_of_polling(sim, clock, conditional)
            kind = "conditional" if conditional else "unconditional"
            total = counted.body_bytes + counted.header_bytes
            line(
                f"{label}, {kind}",
                f"{counted.requests} req/h, {total / 1024:.1f} KiB/h "
                f"(body {counted.body_bytes / 1024:.1f} KiB, {counted.not_modified} × 304)",
            )


def _run_for(poller: StatusPoller, clock: FakeClock, seconds: float) -> None:
    """Let `seconds` of fake time pass, polling whenever the poller's own schedule says so."""
    end = clock.monotonic() + seconds
    while True:
        wait = min(poller.next_poll_in())
        if clock.monotonic() + wait > end:
            clock.advance(end - clock.monotonic())
            return
        clock.advance(wait)
        poller.poll_all_once()


def _scheduled_latency(
    sim: StatuspageSimulator, clock: FakeClock, rng: random.Random, *, till_failing: bool
) -> float:
    """Seconds of fake time from posting to the banner being raised, posting at a random moment."""
    sim.reset()
    spec = FeedSpec("Stripe", sim.summary_url, WATCH)
    poller = StatusPoller([spec], lambda _s: None, clock=clock, rng=random.Random(rng.random()))
    poller.poll_all_once()
    policy = PollPolicy()
    _run_for(poller, clock, rng.uniform(0.0, 2 * policy.ok_interval))  # settle at a random phase
    if till_failing:
        poller.report_local_failure()  # the first failed tap (StatusBridge.report_failure)
        _run_for(poller, clock, rng.uniform(0.0, 600.0))
    posted = clock.monotonic()
    sim.start_incident(SEED_NAME, SEED_COMPONENTS, "major", SEED_BODY)
    while True:
        clock.advance(min(poller.next_poll_in()))
        if poller.poll_all_once()[0].banner is not None:
            return clock.monotonic() - posted


def _latency_line(label: str, waits: list[float]) -> None:
    line(
        label,
        f"min {min(waits):.0f} s, median {median(waits):.0f} s, "
        f"p95 {percentile(waits, 95):.0f} s, max {max(waits):.0f} s",
    )


def _window(app: QApplication, banner: IncidentBanner) -> QWidget:
    window = QWidget()
    layout = QVBoxLayout(window)
    layout.addWidget(banner)
    layout.addStretch(1)
    window.resize(1280, 200)
    window.show()
    app.processEvents()
    return window


class _Waiter:
    """Runs a QEventLoop until `done()` holds after a `board_changed` (connected once, after the banner)."""

    def __init__(self, bridge: StatusBridge) -> None:
        self._loop: QEventLoop | None = None
        self._done: Callable[[], bool] = lambda: True
        bridge.board_changed.connect(self._check)

    def _check(self, _state: object) -> None:
        if self._loop is not None and self._done():
            self._loop.quit()

    def wait(self, done: Callable[[], bool]) -> None:
        if done():
            return
        self._done, self._loop = done, QEventLoop()
        self._loop.exec()
        self._loop = None
        if not done():
            raise RuntimeError("banner never changed")


def bench_incident_latency(app: QApplication) -> None:
    policy = PollPolicy()
    header(f"Incident posted → banner visible (policy-scheduled, {LATENCY_TRIALS} random posting moments)")
    for label, till_failing in (("till working normally", False), ("till's payments already failing", True)):
        clock = FakeClock()
        rng = random.Random(11)
        with StatuspageSimulator(clock=clock) as sim:
            waits = [
                _scheduled_latency(sim, clock, rng, till_failing=till_failing) for _ in range(LATENCY_TRIALS)
            ]
        _latency_line(label, waits)
    line("bound, till working (next routine poll, ok interval +20 %)", f"{policy.ok_interval * 1.2:.0f} s")
    line("bound, till failing (fast interval +20 %)", f"{policy.urgent_interval * 1.2:.0f} s")

    posts, polls, deliveries, totals = [], [], [], []
    clock = FakeClock()
    with StatuspageSimulator(clock=clock) as sim:
        for _ in range(OVERHEAD_TRIALS):
            sim.reset()
            bridge = StatusBridge([FeedSpec("Stripe", sim.summary_url, WATCH)], clock=clock)
            banner = IncidentBanner(clock, last_checked=bridge.last_checked)
            bridge.board_changed.connect(banner.set_state)
            waiter = _Waiter(bridge)
            window = _window(app, banner)
            start = time.perf_counter()
            sim.start_incident(SEED_NAME, SEED_COMPONENTS, "major", SEED_BODY)
            posted = time.perf_counter()
            bridge.poller.poll_all_once()
            polled = time.perf_counter()
            waiter.wait(banner.isVisible)
            shown = time.perf_counter()
            posts.append(posted - start)
            polls.append(polled - posted)
            deliveries.append(shown - polled)
            totals.append(shown - posted)
            window.close()
    header(f"Till processing overhead on top of the schedule (real timers, median of {OVERHEAD_TRIALS})")
    line("one poll: loopback HTTP fetch + parse + decide + board", ms(median(polls)))
    line("queued signal → banner visible (GUI thread)", ms(median(deliveries)))
    line("poll + delivery, median / p95", f"{ms(median(totals))} / {ms(percentile(totals, 95))}")


def bench_reader_failure(app: QApplication) -> None:
    header(f"First reader failure → banner visible (real timers, {FAILURE_TRIALS} trials each)")
    bridge = StatusBridge([])
    banner = IncidentBanner(last_checked=bridge.last_checked)
    bridge.board_changed.connect(banner.set_state)
    waiter = _Waiter(bridge)
    window = _window(app, banner)

    def reset() -> None:
        bridge.report_success(Check.READER)
        bridge.dismiss_recovery()
        waiter.wait(lambda: not banner.isVisible())

    gui: list[float] = []
    for _ in range(FAILURE_TRIALS):
        start = time.perf_counter()
        bridge.report_failure(FailureKind.READER_OFFLINE)
        waiter.wait(banner.isVisible)
        gui.append(time.perf_counter() - start)
        reset()
    worker: list[float] = []
    for _ in range(FAILURE_TRIALS):
        stamp: list[float] = []

        def report(stamp: list[float] = stamp) -> None:
            stamp.append(time.perf_counter())
            bridge.report_failure(FailureKind.READER_OFFLINE)

        thread = threading.Thread(target=report)
        thread.start()
        waiter.wait(banner.isVisible)
        shown = time.perf_counter()
        thread.join()
        worker.append(shown - stamp[0])
        reset()
    line("reported on the GUI thread, median / p95", f"{ms(median(gui))} / {ms(percentile(gui, 95))}")
    line("reported on a worker thread, median / p95", f"{ms(median(worker))} / {ms(percentile(worker, 95))}")
    window.close()


def run() -> None:
    guard_singleton_refcounts()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    bench_bandwidth()
    bench_incident_latency(app)
    bench_reader_failure(app)
