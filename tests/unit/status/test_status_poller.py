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


def test_raising_needs_two_agreeing_polls_then_alerts_once() -> None:
    state = PollerState("GitHub")
    state, delay = state.after_result(interpret(ok(github()), SPEC, NOW), NOW, random.Random(1))
    assert state.shown is None and state.health is FeedHealth.PROBLEM  # awaiting confirmation
    assert 48 <= delay <= 72  # problem interval, ±20 %
    state = step(state, ok(github()))
    assert state.shown is not None and state.shown.severity is Severity.OUTAGE
    assert state.alert
    state = step(state, ok(github()))
    assert state.shown is not None and not state.alert  # same update: no duplicate alert
    # a new vendor update of the same incident shows at once (already raised) and alerts once
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


def test_single_blip_never_raises() -> None:
    state = step(step(PollerState("GitHub"), ok(clear())), ok(github()))
    state = step(state, ok(clear()))
    assert state.shown is None and state.health is FeedHealth.OK


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
    assert [s.alert for s in cb.snapshots] == [False, True]
    assert cb.snapshots[-1].banner is not None
    (snap,) = poller.poll_all_once()
    assert snap.health is FeedHealth.UNKNOWN and snap.banner is not None and snap.banner.stale
    assert len(cb.snapshots) == 3
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
    fetcher = ScriptedFetcher(ok(github()))
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
