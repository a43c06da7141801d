"""The poller's pure step function (fake clock, no sleeps) and its worker thread."""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from dripos_terminal.clock import FakeClock
from dripos_terminal.status.decision import FeedSpec
from dripos_terminal.status.http import FetchError, FetchResponse
from dripos_terminal.status.model import Severity
from dripos_terminal.status.poller import (
    FeedHealth,
    FeedSnapshot,
    PollerState,
    PollPolicy,
    PollResult,
    ResultKind,
    StatusPoller,
    interpret,
)
from tests.unit.status.status_helpers import DISCORD, GITHUB, reference

NOW = datetime(2022, 11, 25, 16, 0, tzinfo=UTC)
SPEC = FeedSpec("GitHub", "https://status.example/api/v2/summary.json", ("Packages", "Pages"))


def github(update_id: str | None = None, body: str | None = None) -> bytes:
    data = json.loads(reference(GITHUB))
    if update_id is not None:
        newest = dict(data["incidents"][0]["incident_updates"][0])
        newest["id"] = update_id
        newest["body"] = body or "More news."
        newest["display_at"] = "2022-11-25T15:55:00.000Z"
        data["incidents"][0]["incident_updates"].insert(0, newest)
    return json.dumps(data).encode()


def clear() -> bytes:
    data = json.loads(reference(DISCORD))
    return json.dumps(data).encode()


def ok(body: bytes, etag: str = '"v1"') -> FetchResponse:
    return FetchResponse(200, body, {"etag": etag, "last-modified": "Fri, 25 Nov 2022 15:50:05 GMT"})


class ScriptedFetcher:
    def __init__(self, *responses: FetchResponse | FetchError) -> None:
        self.responses = list(responses)
        self.calls: list[dict[str, str]] = []

    def fetch(self, url: str, headers: Mapping[str, str], timeout: float) -> FetchResponse:
        self.calls.append(dict(headers))
        item = self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]
        if isinstance(item, FetchError):
            raise item
        return item


def step(state: PollerState, response: FetchResponse, rng: random.Random | None = None) -> PollerState:
    new, _ = state.after_result(interpret(response, SPEC, NOW), NOW, rng or random.Random(1))
    return new


def test_a_new_incident_shows_on_the_first_poll_that_sees_it_and_alerts_once() -> None:
    state = PollerState("GitHub")
    state, delay = state.after_result(interpret(ok(github()), SPEC, NOW), NOW, random.Random(1))
    assert state.shown is not None and state.shown.severity is Severity.OUTAGE  # no waiting
    assert state.alert and state.health is FeedHealth.PROBLEM
    assert 48 <= delay <= 72  # problem interval, ±20 %
    state = step(state, ok(github()))
    assert state.shown is not None and not state.alert  # same update: no duplicate alert
    # a new vendor update of the same incident shows at once and alerts once
    state = step(state, ok(github("new1", "Fixed soon.")))
    assert state.shown is not None and state.shown.update_text == "Fixed soon." and state.alert
    state = step(state, ok(github("new1", "Fixed soon.")))
    assert not state.alert


def test_clearing_needs_two_agreeing_polls() -> None:
    state = step(step(PollerState("GitHub"), ok(github())), ok(github()))
    assert state.shown is not None
    state = step(state, ok(clear()))
    assert state.shown is not None and state.health is FeedHealth.PROBLEM
    state = step(state, ok(github()))  # flap back: the pending clear is dropped
    assert state.shown is not None
    state = step(step(state, ok(clear())), ok(clear()))
    assert state.shown is None and state.health is FeedHealth.OK
    state = step(step(state, ok(github())), ok(github()))
    assert state.shown is not None and not state.alert  # same incident update seen before: no new alert


def test_only_the_all_clear_waits_for_a_second_poll() -> None:
    state = step(step(PollerState("GitHub"), ok(clear())), ok(github()))
    assert state.shown is not None  # raised on sight
    state = step(state, ok(clear()))
    assert state.shown is not None and state.health is FeedHealth.PROBLEM  # one all-clear: kept
    state = step(state, ok(clear()))
    assert state.shown is None and state.health is FeedHealth.OK


def test_local_trouble_makes_polling_fast_with_jitter() -> None:
    policy = PollPolicy(ok_interval=300, problem_interval=60, urgent_interval=30, backoff_max=900)
    fresh = interpret(ok(clear()), SPEC, NOW)
    failed = PollResult(ResultKind.FAILED, error="timed out")
    delays = []
    for seed in range(200):
        _, delay = PollerState("x", policy).after_result(fresh, NOW, random.Random(seed), urgent=True)
        delays.append(delay)
    assert min(delays) >= 24 and max(delays) <= 36 and max(delays) - min(delays) > 6
    state = PollerState("x", policy, failures=9)  # deep in backoff: 900 s by itself
    _, delay = state.after_result(failed, NOW, random.Random(1), urgent=True)
    assert 24 <= delay <= 36
    _, delay = state.after_result(failed, NOW, random.Random(1))
    assert delay >= 720
    asked_to_wait = PollResult(ResultKind.FAILED, error="HTTP 429", retry_after=120)
    _, delay = PollerState("x", policy).after_result(asked_to_wait, NOW, random.Random(1), urgent=True)
    assert delay == 120  # the server's Retry-After still wins


def test_conditional_request_and_304_keeps_last_result() -> None:
    state = PollerState("GitHub")
    assert state.request_headers() == {}
    state = step(state, ok(github(), etag='"abc"'))
    assert state.request_headers() == {
        "If-None-Match": '"abc"',
        "If-Modified-Since": "Fri, 25 Nov 2022 15:50:05 GMT",
    }
    state = step(state, FetchResponse(304))
    assert state.shown is not None and state.health is FeedHealth.PROBLEM
    assert state.etag == '"abc"'


def test_304_without_cached_result_is_unknown() -> None:
    state = step(PollerState("GitHub"), FetchResponse(304))
    assert state.health is FeedHealth.UNKNOWN


@pytest.mark.parametrize(
    "failure",
    [
        FetchResponse(500, b"<html>oops</html>"),
        FetchResponse(200, b"<!DOCTYPE html><html>Cloudflare</html>"),
        FetchResponse(200, github()[:3000]),
        FetchResponse(200, b'{"components": 3}'),
    ],
)
def test_failure_keeps_banner_marked_stale_never_all_clear(failure: FetchResponse) -> None:
    state = step(step(PollerState("GitHub"), ok(github())), ok(github()))
    state = step(state, failure)
    assert state.health is FeedHealth.UNKNOWN
    assert state.shown is not None and state.shown.stale
    assert state.last_error and not state.alert
    state = step(state, failure)
    assert state.shown is not None and state.shown.stale  # still not cleared
    state = step(state, ok(github()))
    assert state.shown is not None and not state.shown.stale and not state.alert


def test_failure_without_banner_is_unknown_not_ok() -> None:
    state = step(PollerState("GitHub"), FetchResponse(503))
    assert state.health is FeedHealth.UNKNOWN and state.shown is None
    assert state.snapshot().last_error == "HTTP 503"


def test_exponential_backoff_with_jitter_and_reset() -> None:
    policy = PollPolicy(backoff_base=15, backoff_max=900)
    state = PollerState("GitHub", policy)
    failed = PollResult(ResultKind.FAILED, error="timed out")
    delays = []
    for _ in range(8):
        state, delay = state.after_result(failed, NOW, random.Random(7))
        delays.append(delay)
    for n, delay in enumerate(delays):
        base = min(900, 15 * 2**n)
        assert base * 0.8 <= delay <= base * 1.2
    state, delay = state.after_result(interpret(ok(clear()), SPEC, NOW), NOW, random.Random(7))
    assert state.failures == 0 and 240 <= delay <= 360


def test_retry_after_seconds_and_http_date() -> None:
    state = PollerState("GitHub")
    state, delay = state.after_result(
        interpret(FetchResponse(429, headers={"retry-after": "120"}), SPEC, NOW), NOW, random.Random(1)
    )
    assert delay == 120
    when = format_datetime(NOW + timedelta(minutes=10), usegmt=True)
    state, delay = state.after_result(
        interpret(FetchResponse(503, headers={"retry-after": when}), SPEC, NOW), NOW, random.Random(1)
    )
    assert delay == pytest.approx(600)
    huge = interpret(FetchResponse(503, headers={"retry-after": "999999"}), SPEC, NOW)
    _, delay = state.after_result(huge, NOW, random.Random(1))
    assert delay == 3600  # capped
    garbled = interpret(FetchResponse(503, headers={"retry-after": "soon"}), SPEC, NOW)
    assert garbled.retry_after is None


def test_jitter_bounds_over_many_seeds() -> None:
    policy = PollPolicy(ok_interval=300, problem_interval=60)
    delays = []
    for seed in range(300):
        result = interpret(ok(clear()), SPEC, NOW)
        _, delay = PollerState("x", policy).after_result(result, NOW, random.Random(seed))
        delays.append(delay)
    assert min(delays) >= 240 and max(delays) <= 360
    assert max(delays) - min(delays) > 60  # actually spread


class RecordingCallback:
    def __init__(self) -> None:
        self.snapshots: list[FeedSnapshot] = []
        self.event = threading.Event()

    def __call__(self, snapshot: FeedSnapshot) -> None:
        self.snapshots.append(snapshot)
        self.event.set()


def test_poller_calls_back_only_on_change(fake_clock: FakeClock) -> None:
    fetcher = ScriptedFetcher(ok(github()), ok(github()), ok(github()), FetchError("timed out"))
    cb = RecordingCallback()
    poller = StatusPoller([SPEC], cb, fetcher=fetcher, clock=fake_clock, rng=random.Random(3))
    poller.poll_all_once()
    poller.poll_all_once()
    poller.poll_all_once()
    assert [s.alert for s in cb.snapshots] == [True]  # shown at once; the same again is no change
    assert cb.snapshots[-1].banner is not None
    (snap,) = poller.poll_all_once()
    assert snap.health is FeedHealth.UNKNOWN and snap.banner is not None and snap.banner.stale
    assert len(cb.snapshots) == 2
    assert fetcher.calls[1]["If-None-Match"] == '"v1"'


def test_poller_survives_a_buggy_fetcher_and_callback(fake_clock: FakeClock) -> None:
    class Broken:
        def fetch(self, url: str, headers: Mapping[str, str], timeout: float) -> FetchResponse:
            raise RuntimeError("bug")

    def bad_callback(snapshot: FeedSnapshot) -> None:
        raise RuntimeError("callback bug")

    poller = StatusPoller([SPEC], bad_callback, fetcher=Broken(), clock=fake_clock)
    (snap,) = poller.poll_all_once()
    assert snap.health is FeedHealth.UNKNOWN and snap.last_error == "internal error"


def test_worker_thread_polls_and_stops_at_once(fake_clock: FakeClock) -> None:
    fetcher = ScriptedFetcher(ok(github()), FetchError("timed out"))
    cb = RecordingCallback()
    poller = StatusPoller([SPEC], cb, fetcher=fetcher, clock=fake_clock, rng=random.Random(3))
    poller.start()
    try:
        assert cb.event.wait(5)
        cb.event.clear()
        poller.poll_now()  # the fake clock never reaches the next due time by itself
        assert cb.event.wait(5)
    finally:
        poller.stop()
    assert len(fetcher.calls) >= 2
    assert any(s.alert for s in cb.snapshots)


def test_multiple_feeds_are_independent(fake_clock: FakeClock) -> None:
    other = FeedSpec("Discord", "https://discord.example/api/v2/summary.json", ("South Korea",))

    class ByUrl:
        def fetch(self, url: str, headers: Mapping[str, str], timeout: float) -> FetchResponse:
            return ok(github() if "status.example" in url else clear())

    poller = StatusPoller([SPEC, other], lambda s: None, fetcher=ByUrl(), clock=fake_clock)
    poller.poll_all_once()
    gh, dc = poller.poll_all_once()
    assert gh.banner is not None and dc.banner is None and dc.health is FeedHealth.OK


class Snapshots:
    """`on_change` that lets a test wait for the n-th call (each poll below changes something)."""

    def __init__(self) -> None:
        self.seen: list[FeedSnapshot] = []
        self.changed = threading.Condition()

    def __call__(self, snapshot: FeedSnapshot) -> None:
        with self.changed:
            self.seen.append(snapshot)
            self.changed.notify_all()

    def wait_for(self, count: int, timeout: float = 10.0) -> FeedSnapshot:
        with self.changed:
            assert self.changed.wait_for(lambda: len(self.seen) >= count, timeout)
            return self.seen[count - 1]


def test_a_local_failure_polls_at_once_then_fast_and_bursts_coalesce(fake_clock: FakeClock) -> None:
    fetcher = ScriptedFetcher(ok(clear()), ok(github()), FetchError("timed out"))
    changes = Snapshots()
    poller = StatusPoller([SPEC], changes, fetcher=fetcher, clock=fake_clock, rng=random.Random(3))
    poller.start()
    try:
        snap = changes.wait_for(1)
        assert snap.health is FeedHealth.OK and 240 <= snap.next_poll_s <= 360  # all clear: every 5 min
        assert not poller.urgent

        fake_clock.advance(60)  # a minute later; the next scheduled poll is minutes away
        poller.report_local_failure()  # so only this can cause a poll now
        snap = changes.wait_for(2)
        assert snap.banner is not None and poller.urgent
        assert 24 <= snap.next_poll_s <= 36  # fast (not the 60 s problem interval), with jitter

        poller.report_local_failure()  # a burst of failures: one poll per minimum gap, not one each
        (wait,) = poller.next_poll_in()
        assert wait == pytest.approx(10.0)
        assert len(fetcher.calls) == 2
        fake_clock.advance(10)
        poller.report_local_failure()
        snap = changes.wait_for(3)
        assert snap.health is FeedHealth.UNKNOWN and 12 <= snap.next_poll_s <= 36  # failures: fast too
        assert len(fetcher.calls) == 3

        poller.report_local_recovery()
        assert not poller.urgent
        poller.report_local_failure()
        fake_clock.advance(901)  # the window also closes by itself
        assert not poller.urgent
    finally:
        poller.stop()
