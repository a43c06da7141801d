"""Token buckets: one per account (25/s test, 100/s live) and one per endpoint (25/s)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from dripos_terminal.clock import Clock

TEST_RATE = 25.0
LIVE_RATE = 100.0
ENDPOINT_RATE = 25.0


@dataclass
class _Bucket:
    rate: float
    tokens: float
    last: float

    def refill(self, now: float) -> None:
        self.tokens = min(self.rate, self.tokens + (now - self.last) * self.rate)
        self.last = now


class RateLimiter:
    """`account_rate` 0 disables limiting entirely; burst capacity is one second's worth."""

    def __init__(self, clock: Clock, account_rate: float, endpoint_rate: float = ENDPOINT_RATE) -> None:
        self._clock = clock
        self.account_rate = account_rate
        self.endpoint_rate = endpoint_rate
        self._lock = threading.Lock()
        self._buckets: dict[str, _Bucket] = {}

    def _bucket(self, name: str, rate: float, now: float) -> _Bucket:
        bucket = self._buckets.get(name)
        if bucket is None or bucket.rate != rate:
            bucket = self._buckets[name] = _Bucket(rate, rate, now)
        bucket.refill(now)
        return bucket

    def allow(self, account: str, endpoint: str) -> bool:
        if self.account_rate <= 0:
            return True
        with self._lock:
            now = self._clock.monotonic()
            buckets = [self._bucket(f"acct:{account}", self.account_rate, now)]
            if self.endpoint_rate > 0:
                buckets.append(self._bucket(f"ep:{account}:{endpoint}", self.endpoint_rate, now))
            if any(b.tokens < 1.0 for b in buckets):
                return False
            for b in buckets:
                b.tokens -= 1.0
            return True
