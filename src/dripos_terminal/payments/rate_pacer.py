"""Client-side pacing for Stripe calls: one AIMD-adapted token bucket per endpoint, shared by the
worker threads of one forwarder (DESIGN rule 6; facts §4: 25 req/s per endpoint, 100 req/s live).

- Each endpoint ("POST /v1/payment_methods", …) has a rate, starting at `initial_rate` (Stripe's
  documented 25 req/s per endpoint). Requests are spaced `1 / rate` apart (GCRA: each `acquire`
  reserves the next free slot, so the workers of one till never fire together); an optional account
  lane caps all endpoints together.
- AIMD: a 429 cuts that endpoint's rate to `decrease` x rate, or to the goodput it actually got over
  the last `window_s` if that is lower (a till that joined a crowd drops to its share at once instead
  of halving five times), never more than `max_cut` in one go. Only once per "generation": 429s of
  requests sent before the last cut were sent at the old rate and are not counted twice. The lane is
  re-spaced from now. Each success adds `(increase_per_s + growth_per_s * rate) / rate`, i.e. that
  many req/s per second of sending; the gain grows with the time since the last 429 (`ramp_s`), so
  a till whose neighbours have finished climbs back quickly while tills that keep meeting the limit
  probe gently (few 429s: each till probes about once every `ramp_s`-ish seconds).
- A waiting worker whose endpoint was slowed down meanwhile re-reserves at the new rate instead of
  firing the slot it booked at the old one.
- `retry_delay(n)`: exponential backoff with full jitter for the rate-limited request itself.

Time and randomness are injected (`Clock`, `random.Random`), so it is tested with a FakeClock.
"""

from __future__ import annotations

import random
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from dripos_terminal.clock import Clock


@dataclass(frozen=True)
class PacerSettings:
    initial_rate: float = 25.0  # req/s per endpoint at start (Stripe's documented per-endpoint limit)
    max_rate: float = 25.0  # never faster than this per endpoint
    min_rate: float = 0.5  # never slower than this per endpoint
    account_rate: float = 100.0  # all endpoints together (live mode); 0 = no account lane
    account_burst_s: float = 1.0  # the account lane's bucket holds this many seconds' worth
    burst: float = 1.0  # requests that may go back to back after an idle spell (>= 1)
    decrease: float = 0.5  # multiplicative decrease on a 429 …
    max_cut: float = 0.125  # … or down to the goodput measured over `window_s`, never below rate * this
    window_s: float = 2.0
    increase_per_s: float = 0.05  # additive increase: req/s gained per second of successful sending …
    growth_per_s: float = 0.08  # … plus this fraction of the rate per second (scale-free probing) …
    ramp_s: float = 8.0  # … both growing by 100 % for every `ramp_s` without a 429 …
    max_gain: float = 8.0  # … up to this factor
    retry_base_s: float = 0.25  # backoff before a rate-limited request is re-sent: base * 2**n …
    retry_cap_s: float = 8.0  # … capped, with full jitter

    def __post_init__(self) -> None:
        if not 0 < self.min_rate <= self.initial_rate <= self.max_rate:
            raise ValueError("need 0 < min_rate <= initial_rate <= max_rate")
        if not 0 < self.decrease < 1:
            raise ValueError("decrease must be in (0, 1)")
        if self.burst < 1:
            raise ValueError("burst must be >= 1")


def pacing_for_key(api_key: str) -> PacerSettings:
    """Stripe allows 100 req/s per account in live mode and 25 in test mode; the key says which."""
    test_mode = api_key.startswith(("sk_test_", "rk_test_"))
    return PacerSettings(account_rate=25.0 if test_mode else 100.0)


@dataclass(frozen=True)
class Slot:
    """One reserved send: when it may go (`at`, monotonic seconds) and under which rate generation."""

    endpoint: str
    at: float
    generation: int
    wait: float


@dataclass
class _Lane:
    rate: float
    tat: float  # theoretical arrival time of the next request (GCRA)
    started: float
    generation: int = 0
    last_decrease: float = 0.0
    successes: deque[float] = field(default_factory=deque)

    def goodput(self, now: float, window_s: float) -> float:
        while self.successes and self.successes[0] < now - window_s:
            self.successes.popleft()
        span = min(window_s, max(0.5, now - self.started))
        return len(self.successes) / span

    def interval(self) -> float:
        return 1.0 / self.rate


class RatePacer:
    """Thread-safe; one per forwarder (its workers share it)."""

    def __init__(
        self, clock: Clock, rng: random.Random | None = None, settings: PacerSettings | None = None
    ) -> None:
        self._clock = clock
        self._rng = rng or random.Random()
        self.settings = settings or PacerSettings()
        self._lock = threading.Lock()
        self._lanes: dict[str, _Lane] = {}
        start = clock.monotonic()
        self._account = (
            _Lane(self.settings.account_rate, start, start) if self.settings.account_rate > 0 else None
        )
        self.rate_limited = 0  # every 429 reported
        self.decreases = 0  # how many of them slowed an endpoint down

    # -- reservations ---------------------------------------------------------------------------

    def _lane(self, endpoint: str, now: float) -> _Lane:
        lane = self._lanes.get(endpoint)
        if lane is None:
            lane = self._lanes[endpoint] = _Lane(self.settings.initial_rate, now, now, last_decrease=now)
        return lane

    def reserve(self, endpoint: str) -> Slot:
        """Book the next free slot for `endpoint` (never blocks); `Slot.wait` says how long to wait."""
        with self._lock:
            now = self._clock.monotonic()
            lane = self._lane(endpoint, now)
            at = max(now, lane.tat - (self.settings.burst - 1.0) * lane.interval())
            acct = self._account
            if acct is not None:
                # A token bucket of `account_burst_s` x rate: slots booked ahead on one endpoint
                # must not push every other endpoint's requests behind them.
                at = max(at, acct.tat - self.settings.account_burst_s)
                acct.tat = max(acct.tat, now) + acct.interval()
            lane.tat = max(lane.tat, at) + lane.interval()
            return Slot(endpoint, at, lane.generation, at - now)

    def acquire(
        self, endpoint: str, sleep: Callable[[float], object], stopped: Callable[[], bool] = lambda: False
    ) -> Slot | None:
        """Block (through `sleep`) until a slot is due; None when `stopped()` while waiting."""
        while True:
            if stopped():
                return None
            slot = self.reserve(endpoint)
            if slot.wait > 0:
                sleep(slot.wait)
                if stopped():
                    return None
            with self._lock:
                if self._lanes[endpoint].generation == slot.generation:
                    return slot
            # slowed down while we waited: the slot was booked at the old rate; book again

    # -- feedback -------------------------------------------------------------------------------

    def on_success(self, slot: Slot) -> None:
        s = self.settings
        with self._lock:
            now = self._clock.monotonic()
            lane = self._lane(slot.endpoint, now)
            lane.successes.append(now)
            quiet = max(0.0, now - lane.last_decrease)
            gain = min(s.max_gain, 1.0 + quiet / s.ramp_s)
            per_s = (s.increase_per_s + s.growth_per_s * lane.rate) * gain
            lane.rate = min(s.max_rate, lane.rate + per_s / lane.rate)

    def on_rate_limited(self, slot: Slot) -> bool:
        """A 429 for a request sent in `slot`. Returns True when this slowed the endpoint down."""
        s = self.settings
        with self._lock:
            self.rate_limited += 1
            now = self._clock.monotonic()
            lane = self._lane(slot.endpoint, now)
            if slot.generation != lane.generation:
                return False  # sent at the old rate, before the last decrease: already answered
            cut = max(lane.rate * s.max_cut, min(lane.rate * s.decrease, lane.goodput(now, s.window_s)))
            lane.rate = max(s.min_rate, cut)
            lane.generation += 1
            lane.last_decrease = now
            lane.tat = now + lane.interval()  # nothing more on this endpoint for one new interval
            self.decreases += 1
            return True

    def retry_delay(self, retry: int) -> float:
        """Backoff before re-sending a rate-limited request for the `retry`-th time (0-based):
        full jitter in [0, min(cap, base * 2**retry)], at least 10 ms."""
        s = self.settings
        with self._lock:
            ceiling = min(s.retry_cap_s, s.retry_base_s * 2 ** min(retry, 30))
            return max(0.01, self._rng.uniform(0.0, ceiling))

    # -- introspection --------------------------------------------------------------------------

    def rate(self, endpoint: str) -> float:
        with self._lock:
            lane = self._lanes.get(endpoint)
            return self.settings.initial_rate if lane is None else lane.rate


__all__ = ["PacerSettings", "RatePacer", "Slot"]
