"""Poll status feeds off the GUI thread.

The scheduling is a pure step function, `PollerState.after_result(result, now, rng, urgent)`, so
tests drive it with a fake clock and no sleeps. `StatusPoller` runs it on one worker thread *per
feed* (a slow or dead feed never delays another), each waiting on its own `threading.Event` so
`stop()`, `poll_now()` and `report_local_failure()` act at once, and calls `on_change(FeedSnapshot)`
from that worker thread; the UI bridge turns the callback into a queued Qt signal. Every fetch has a
hard deadline (`timeout`, see `status.http`).

Policy: `poll_problem_s` while something is wrong or an all-clear awaits confirmation, `poll_ok_s`
otherwise, both ±20 % jitter; conditional requests (ETag / Last-Modified, 304 reuses the last
result); failures back off exponentially with jitter and honour `Retry-After`. A new incident, or a
change of severity, shows on the first poll that sees it; only the all-clear waits for a second
poll that agrees (an incident that is really over costs one more minute of banner, a missed one
costs a queue of customers). A failure marks the feed UNKNOWN and keeps the last banner, marked
stale (never "all clear"); `alert` is set only for an incident update (or severity) not alerted
before.

Local trouble: `report_local_failure()` (the till's own payment path failed) polls every feed at
once, at most once per `urgent_min_gap_s`, and for `urgent_window_s` after the last such failure
polls at least every `urgent_interval_s` (±20 %), failures included; `report_local_recovery()` ends
that early. A provider's status page often confirms an outage minutes after tills feel it: this is
when to look often.
"""

from __future__ import annotations

import enum
import logging
import random
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from dripos_terminal.clock import Clock, SystemClock
from dripos_terminal.config import StatusConfig
from dripos_terminal.status.atom import parse_history
from dripos_terminal.status.decision import FeedSpec, decide
from dripos_terminal.status.http import (
    DEFAULT_TIMEOUT_S,
    Fetcher,
    FetchError,
    FetchResponse,
    UrllibFetcher,
    parse_retry_after,
)
from dripos_terminal.status.model import Banner, Feed, FeedError
from dripos_terminal.status.statuspage import parse_summary

log = logging.getLogger("dripos_terminal.status")

_ALERTED_KEEP = 64


class FeedHealth(enum.Enum):
    OK = "ok"  # fetched and parsed; nothing watched is wrong
    PROBLEM = "problem"  # fetched and parsed; a banner is shown (or its all-clear awaits confirmation)
    UNKNOWN = "unknown"  # not yet fetched, or the last fetch/parse failed


class ResultKind(enum.Enum):
    FRESH = "fresh"
    NOT_MODIFIED = "not_modified"
    FAILED = "failed"


@dataclass(frozen=True)
class PollResult:
    kind: ResultKind
    banner: Banner | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str = ""
    retry_after: float | None = None


@dataclass(frozen=True)
class PollPolicy:
    ok_interval: float = 300.0
    problem_interval: float = 60.0
    jitter: float = 0.2
    backoff_base: float = 15.0
    backoff_max: float = 900.0
    retry_after_max: float = 3600.0
    clear_confirmations: int = 2  # polls that agree before a banner is taken down
    urgent_interval: float = 30.0  # the longest gap between polls during local trouble
    urgent_window: float = 900.0  # how long after the last local failure polling stays fast
    urgent_min_gap: float = 10.0  # local failures in a burst trigger one poll, not one each

    @classmethod
    def from_config(cls, config: StatusConfig) -> PollPolicy:
        return cls(ok_interval=config.poll_ok_s, problem_interval=config.poll_problem_s)

    def jittered(self, base: float, rng: random.Random) -> float:
        return base * rng.uniform(1.0 - self.jitter, 1.0 + self.jitter)


@dataclass(frozen=True)
class FeedSnapshot:
    """What `on_change` receives: the debounced banner of one feed and how fresh it is."""

    name: str
    health: FeedHealth
    banner: Banner | None
    alert: bool
    last_success_at: datetime | None
    last_error: str
    next_poll_s: float

    def significant(self) -> tuple[object, ...]:
        """What makes a change worth a callback (an `alert` always is)."""
        return (self.health, self.banner, self.last_error)


def _alert_key(banner: Banner) -> str:
    return f"{banner.incident_id}|{banner.update_id}|{banner.severity.key}"


@dataclass(frozen=True)
class PollerState:
    name: str
    policy: PollPolicy = field(default_factory=PollPolicy)
    etag: str | None = None
    last_modified: str | None = None
    has_observed: bool = False
    observed: Banner | None = None
    shown: Banner | None = None
    clearing: int = 0  # consecutive fresh all-clear polls while a banner is shown
    failures: int = 0
    health: FeedHealth = FeedHealth.UNKNOWN
    last_success_at: datetime | None = None
    last_error: str = ""
    alerted: tuple[str, ...] = ()
    alert: bool = False
    next_delay: float = 0.0

    def request_headers(self) -> dict[str, str]:
        headers: dict[str, str] = {}
        if self.has_observed and self.etag:
            headers["If-None-Match"] = self.etag
        if self.has_observed and self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers

    def snapshot(self) -> FeedSnapshot:
        return FeedSnapshot(
            self.name,
            self.health,
            self.shown,
            self.alert,
            self.last_success_at,
            self.last_error,
            self.next_delay,
        )

    def after_result(
        self, result: PollResult, now: datetime, rng: random.Random, urgent: bool = False
    ) -> tuple[PollerState, float]:
        """The next state and the delay (seconds) before the next poll. Pure. `urgent`: the till
        itself is in trouble, so the next poll comes within `urgent_interval` whatever happened."""
        if result.kind is ResultKind.NOT_MODIFIED and not self.has_observed:
            result = PollResult(ResultKind.FAILED, error="304 without a cached result")
        if result.kind is ResultKind.FAILED:
            return self._failed(result, rng, urgent)
        banner = self.observed if result.kind is ResultKind.NOT_MODIFIED else result.banner
        state = replace(
            self,
            has_observed=True,
            observed=banner,
            etag=result.etag if result.kind is ResultKind.FRESH else self.etag,
            last_modified=result.last_modified if result.kind is ResultKind.FRESH else self.last_modified,
            failures=0,
            last_success_at=now,
            last_error="",
            alert=False,
        )
        state = state._observe(banner)
        health = FeedHealth.PROBLEM if (state.shown is not None or state.clearing) else FeedHealth.OK
        base = self.policy.problem_interval if health is FeedHealth.PROBLEM else self.policy.ok_interval
        if urgent:
            base = min(base, self.policy.urgent_interval)
        delay = self.policy.jittered(base, rng)
        return replace(state, health=health, next_delay=delay), delay

    def _observe(self, banner: Banner | None) -> PollerState:
        """Show a banner (new, updated, more or less severe) at once; clear one only when
        `clear_confirmations` fresh polls in a row agree."""
        if banner is not None or self.shown is None:
            return self._show(banner)
        clearing = self.clearing + 1
        if clearing >= self.policy.clear_confirmations:
            return self._show(None)
        return replace(self, shown=replace(self.shown, stale=False), clearing=clearing)

    def _show(self, banner: Banner | None) -> PollerState:
        shown = replace(banner, stale=False) if banner is not None else None
        alert = False
        alerted = self.alerted
        if shown is not None and _alert_key(shown) not in alerted:
            alert = True
            alerted = (*alerted, _alert_key(shown))[-_ALERTED_KEEP:]
        return replace(self, shown=shown, clearing=0, alert=alert, alerted=alerted)

    def _failed(self, result: PollResult, rng: random.Random, urgent: bool) -> tuple[PollerState, float]:
        failures = self.failures + 1
        backoff = min(self.policy.backoff_max, self.policy.backoff_base * 2 ** min(failures - 1, 16))
        if urgent:
            backoff = min(backoff, self.policy.urgent_interval)
        delay = self.policy.jittered(backoff, rng)
        if result.retry_after is not None:
            delay = max(delay, min(result.retry_after, self.policy.retry_after_max))
        shown = replace(self.shown, stale=True) if self.shown is not None else None
        state = replace(
            self,
            shown=shown,
            failures=failures,
            health=FeedHealth.UNKNOWN,
            last_error=result.error or "unknown error",
            alert=False,
            next_delay=delay,
        )
        return state, delay


def parse_feed(body: bytes, content_type: str = "") -> Feed:
    """Statuspage JSON, or Atom/RSS when the body (or content type) says XML. Raises `FeedError`."""
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<") and (b"<feed" in body[:4096] or b"<rss" in body[:4096] or "xml" in content_type):
        return parse_history(body)
    return parse_summary(body)


def interpret(response: FetchResponse, spec: FeedSpec, now: datetime) -> PollResult:
    """Turn one HTTP response into a `PollResult` (never raises)."""
    if response.status == 304:
        return PollResult(ResultKind.NOT_MODIFIED)
    if response.status != 200:
        return PollResult(
            ResultKind.FAILED,
            error=f"HTTP {response.status}",
            retry_after=parse_retry_after(response.header("retry-after"), now),
        )
    try:
        feed = parse_feed(response.body, response.header("content-type") or "")
        banner = decide(feed, spec, now)
    except FeedError as exc:
        return PollResult(ResultKind.FAILED, error=exc.reason)
    return PollResult(
        ResultKind.FRESH,
        banner=banner,
        etag=response.header("etag"),
        last_modified=response.header("last-modified"),
    )


def poll_once(
    fetcher: Fetcher, spec: FeedSpec, state: PollerState, now: datetime, timeout: float
) -> PollResult:
    try:
        response = fetcher.fetch(spec.url, state.request_headers(), timeout)
    except FetchError as exc:
        return PollResult(ResultKind.FAILED, error=exc.reason)
    return interpret(response, spec, now)


class StatusPoller:
    """Polls each feed on its own worker thread; `on_change` is called from those threads."""

    def __init__(
        self,
        feeds: Sequence[FeedSpec],
        on_change: Callable[[FeedSnapshot], None],
        *,
        fetcher: Fetcher | None = None,
        clock: Clock | None = None,
        rng: random.Random | None = None,
        policy: PollPolicy | None = None,
        timeout: float = DEFAULT_TIMEOUT_S,
    ) -> None:
        self._feeds = tuple(feeds)
        self._on_change = on_change
        self._fetcher: Fetcher = fetcher or UrllibFetcher()
        self._clock: Clock = clock or SystemClock()
        self._rng = rng or random.Random()
        self._policy = policy or PollPolicy()
        self._timeout = timeout
        self._lock = threading.Lock()
        self._states = [PollerState(spec.name, self._policy) for spec in self._feeds]
        self._due = [0.0 for _ in self._feeds]  # the policy's next poll (monotonic)
        self._asked: list[float | None] = [None for _ in self._feeds]  # an extra poll, no later than
        self._last_start: list[float | None] = [None for _ in self._feeds]
        self._urgent_until = float("-inf")
        self._stop = threading.Event()
        self._wake = [threading.Event() for _ in self._feeds]
        self._threads: list[threading.Thread] = []

    def snapshots(self) -> tuple[FeedSnapshot, ...]:
        with self._lock:
            return tuple(s.snapshot() for s in self._states)

    def poll_all_once(self) -> tuple[FeedSnapshot, ...]:
        """Poll every feed now, synchronously, on the calling thread (tests, CLI, bench)."""
        for index in range(len(self._feeds)):
            self._poll(index)
        return self.snapshots()

    def start(self) -> None:
        if self._threads:
            return
        self._stop.clear()
        start = self._clock.monotonic()
        with self._lock:
            self._due = [start for _ in self._feeds]
        for index, spec in enumerate(self._feeds):
            thread = threading.Thread(
                target=self._run, args=(index,), name=f"status-poller:{spec.name}", daemon=True
            )
            self._threads.append(thread)
            thread.start()

    def poll_now(self) -> None:
        """Ask every feed's worker to poll at once (e.g. after the till went back online)."""
        self._ask(min_gap=0.0)

    def report_local_failure(self) -> None:
        """The till's own payment path failed: look at the status page now and often (see the
        module notes). Safe from any thread; never blocks."""
        with self._lock:
            self._urgent_until = self._clock.monotonic() + self._policy.urgent_window
        self._ask(min_gap=self._policy.urgent_min_gap)

    def report_local_recovery(self) -> None:
        """The till's payments work again: back to the ordinary intervals after the next poll."""
        with self._lock:
            self._urgent_until = float("-inf")

    @property
    def urgent(self) -> bool:
        """Local trouble was reported within `urgent_window` and has not been reported over."""
        with self._lock:
            return self._clock.monotonic() < self._urgent_until

    def next_poll_in(self) -> tuple[float, ...]:
        """Seconds until each feed's next poll (scheduled or asked for); 0 when it is due."""
        now = self._clock.monotonic()
        with self._lock:
            return tuple(
                max(0.0, (due if asked is None else min(due, asked)) - now)
                for due, asked in zip(self._due, self._asked, strict=True)
            )

    def stop(self, timeout: float = 5.0) -> None:
        """Stop every worker; waits up to `timeout` in all (a fetch in flight ends by its deadline)."""
        self._stop.set()
        for wake in self._wake:
            wake.set()
        end = self._clock.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, end - self._clock.monotonic()))
        self._threads = []

    def _ask(self, *, min_gap: float) -> None:
        now = self._clock.monotonic()
        with self._lock:
            for index, last in enumerate(self._last_start):
                at = now if last is None else max(now, last + min_gap)
                asked = self._asked[index]
                self._asked[index] = at if asked is None else min(asked, at)
        for wake in self._wake:
            wake.set()

    def _run(self, index: int) -> None:
        wake = self._wake[index]
        while not self._stop.is_set():
            now = self._clock.monotonic()
            with self._lock:
                asked = self._asked[index]
                due = self._due[index] if asked is None else min(self._due[index], asked)
            if due <= now:
                self._poll(index)
                continue
            wake.wait(min(due - now, 3600.0))
            wake.clear()

    def _poll(self, index: int) -> None:
        spec = self._feeds[index]
        with self._lock:
            state = self._states[index]
            self._last_start[index] = self._clock.monotonic()
            self._asked[index] = None
        try:
            result = poll_once(self._fetcher, spec, state, self._clock.now(), self._timeout)
        except Exception:  # a bug in a parser or fetcher must not kill the poller
            log.exception("status feed %s: unexpected error", spec.name)
            result = PollResult(ResultKind.FAILED, error="internal error")
        with self._lock:
            urgent = self._clock.monotonic() < self._urgent_until
            new_state, delay = state.after_result(result, self._clock.now(), self._rng, urgent)
            self._states[index] = new_state
            self._due[index] = self._clock.monotonic() + delay
        if result.kind is ResultKind.FAILED:
            log.info("status feed %s: %s (retry in %.0f s)", spec.name, result.error, delay)
        old, new = state.snapshot(), new_state.snapshot()
        if old.significant() != new.significant() or new.alert:
            try:
                self._on_change(new)
            except Exception:
                log.exception("status feed %s: on_change failed", spec.name)
