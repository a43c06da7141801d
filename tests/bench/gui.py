"""GUI-thread stalls, measured the way a barista feels them, and an event loop that waits without sleeping.

`StallMeter` ticks a 2 ms precise timer on the GUI thread and keeps the longest gap between two ticks:
while the GUI thread is busy (a slot running, a paint, a wait for the GIL held by a worker) no tick
can run, so the longest gap bounds the longest time a tap would have waited. Its floor is the same
meter on the same event loop with nothing to do (`idle_gap`): the timer's own jitter on a loaded
machine, which no till can beat.

`wait_until` runs the Qt event loop (never `time.sleep` on the GUI thread, which would itself be a
stall) until a condition holds.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication

from tests.bench.figures import Figure

TICK_MS = 2


def qt_app() -> QApplication:
    from dripos_terminal.ui.refcount_guard import guard_singleton_refcounts

    guard_singleton_refcounts()
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else QApplication([])


class StallMeter:
    def __init__(self) -> None:
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0
        self.longest = 0.0

    def start(self) -> None:
        self.longest = 0.0
        self._last = time.perf_counter()
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now

    def stop(self) -> float:
        """The longest gap in ms (the last stretch up to now included)."""
        self._tick()
        self._timer.stop()
        return self.longest * 1000


def wait_until(predicate: Callable[[], bool], timeout_s: float = 60.0, what: str = "condition") -> None:
    """Run the event loop until `predicate()`; checked every millisecond by a timer, not a sleep."""
    if predicate():
        return
    loop = QEventLoop()
    deadline = time.monotonic() + timeout_s
    check = QTimer()
    check.setInterval(1)

    def poll() -> None:
        if predicate() or time.monotonic() > deadline:
            loop.quit()

    check.timeout.connect(poll)
    check.start()
    loop.exec()
    check.stop()
    if not predicate():
        raise TimeoutError(f"{what} not reached in {timeout_s:.0f} s")


def run_for(seconds: float) -> None:
    """Let the event loop run, idle, for `seconds`."""
    loop = QEventLoop()
    QTimer.singleShot(max(1, round(seconds * 1000)), loop.quit)
    loop.exec()


def idle_gap(seconds: float) -> float:
    """The stall meter's longest gap (ms) over `seconds` of an idle event loop, waited for exactly as a
    measurement waits (`wait_until`): a stall's floor."""
    meter = StallMeter()
    end = time.perf_counter() + seconds
    meter.start()
    wait_until(lambda: time.perf_counter() >= end, seconds + 5, "idle period")
    return meter.stop()


IDLE_FLOOR = "the same 2 ms stall meter on the idle event loop for as long"


def stall_figure(name: str, note: str, runs: int, one_run: Callable[[int], tuple[float, float]]) -> Figure:
    """A GUI-stall figure: `one_run(0)` once as a warm-up, then `runs` more (`one_run(1..runs)`), each
    answering (longest gap ms, seconds it took); each run's floor is the idle loop for as long."""
    one_run(0)
    stalls: list[float] = []
    floors: list[float] = []
    for run in range(1, runs + 1):
        stall, seconds = one_run(run)
        stalls.append(stall)
        floors.append(idle_gap(seconds))
    return Figure(name, "ms", stalls, floors, goal="<= 16 ms", floor_is=IDLE_FLOOR, note=note)
