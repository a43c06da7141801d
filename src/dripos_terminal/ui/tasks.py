"""Run blocking work off the GUI thread and call back on it (Picard `run_task`, Electrum `TaskThread`).

Slots never wait on the network, the disk's fsync or a serial port: they hand the work to `TaskRunner`,
which runs it on a thread pool and delivers `(result, error)` back on the GUI thread through a queued
signal. No widget is touched off the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger("dripos_terminal.ui")

Done = Callable[[Any, BaseException | None], None]


class _Relay(QObject):
    """Lives on the GUI thread; its signal is emitted from workers and delivered queued."""

    finished = Signal(object, object, object)  # callback, result, error

    @Slot(object, object, object)
    def deliver(self, callback: Done, result: Any, error: BaseException | None) -> None:
        callback(result, error)


class _Job(QRunnable):
    def __init__(self, relay: _Relay, fn: Callable[[], Any], done: Done) -> None:
        super().__init__()
        self._relay, self._fn, self._done = relay, fn, done

    def run(self) -> None:
        try:
            result, error = self._fn(), None
        except BaseException as exc:  # delivered to the GUI thread, which decides how to show it
            result, error = None, exc
        self._relay.finished.emit(self._done, result, error)


class TaskRunner(QObject):
    """One per application; screens receive it through their constructor."""

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool(self)
        self._pool.setMaxThreadCount(max(4, self._pool.maxThreadCount()))
        self._relay = _Relay(self)
        self._relay.finished.connect(self._relay.deliver)
        self._pending = 0

    def run(self, fn: Callable[[], Any], done: Done | None = None) -> None:
        self._pending += 1

        def finish(result: Any, error: BaseException | None) -> None:
            self._pending -= 1
            if done is not None:
                done(result, error)
            elif error is not None:
                log.error("background task failed: %s", error, exc_info=error)

        self._pool.start(_Job(self._relay, fn, finish))

    @property
    def pending(self) -> int:
        return self._pending

    def wait_idle(self, msecs: int = 30_000) -> bool:
        """For shutdown and tests: wait for running jobs (their callbacks still need the event loop)."""
        return bool(self._pool.waitForDone(msecs))


class CallbackBridge(QObject):
    """Turns a plain-Python callback called on any thread into a queued Qt signal on the GUI thread.

    Services stay free of Qt: they get `bridge.emit_later` as their callback.
    """

    fired = Signal(object)

    def emit_later(self, payload: object = None) -> None:
        self.fired.emit(payload)
