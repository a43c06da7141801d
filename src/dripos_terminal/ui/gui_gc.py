"""Garbage collection on the GUI thread only.

CPython's automatic collection runs in whichever thread happens to allocate when a generation's
threshold is crossed: a worker of the task pool, the store's thread, the forwarder. A reference cycle
that holds a Qt object (a dialog closed and dropped, a widget captured by a lambda connected to its
own signal) is then freed on that thread, and Qt deletes the widget off the GUI thread — a crash.
Seen in the test suite as a segmentation fault inside "Garbage-collecting" on a task-pool thread
while an order was being voided.

So automatic collection is switched off, and a timer on the GUI thread runs what the interpreter's
own thresholds would have run (youngest generation first). Objects without cycles are freed by
reference counting as before, on any thread; only cyclic garbage waits for the timer.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1_000
# A full collection walks every object made since start-up (`gc.freeze` keeps start-up's own out) with
# the interpreter lock held. CPython runs one only once the survivors have grown by a quarter, which
# it does not expose; at most once a minute is the stand-in, so the timer never makes it every second.
FULL_EVERY_S = 60.0


class GuiGarbageCollector(QObject):
    """Create it on the GUI thread; `start` turns automatic collection off, `stop` restores it."""

    def __init__(self, parent: QObject | None = None, *, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)
        self._was_enabled = gc.isenabled()
        self._last_full = time.monotonic()

    def start(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._was_enabled:
            gc.enable()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def collect_due(self) -> int:
        """The generations whose thresholds are crossed, as the interpreter would collect them."""
        count, threshold = gc.get_count(), gc.get_threshold()
        found = 0
        if count[0] > threshold[0]:
            found += gc.collect(0)
            if count[1] > threshold[1]:
                found += gc.collect(1)
                if count[2] > threshold[2] and time.monotonic() - self._last_full >= FULL_EVERY_S:
                    found += gc.collect(2)
                    self._last_full = time.monotonic()
        return found
