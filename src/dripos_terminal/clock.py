"""Injectable time: every deadline, expiry and timestamp in the product comes from a Clock."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """Aware UTC wall-clock time (for timestamps, deadlines, expiry)."""
        ...

    def monotonic(self) -> float:
        """Seconds from an arbitrary origin; never goes backwards (for timeouts, rates)."""
        ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)


class FakeClock:
    """A clock that only moves when told to; `sleep` advances it instead of waiting.

    Thread-safe, so a simulator thread and a test can share one.
    """

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 3, 31, 17, 47, tzinfo=UTC)
        self._mono = 1000.0
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def monotonic(self) -> float:
        with self._lock:
            return self._mono

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += timedelta(seconds=seconds)
            self._mono += seconds

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            self.advance(seconds)


class SplitClock:
    """Wall time from one clock, timers and sleeps from another: the till's time (`now`, which
    stamps records and decides key ages) with real waiting for polling a reader, say."""

    def __init__(self, wall: Clock, timer: Clock) -> None:
        self._wall = wall
        self._timer = timer

    def now(self) -> datetime:
        return self._wall.now()

    def monotonic(self) -> float:
        return self._timer.monotonic()

    def sleep(self, seconds: float) -> None:
        self._timer.sleep(seconds)
