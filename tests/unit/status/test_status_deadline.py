"""A hard deadline per feed fetch, and feeds that cannot hold each other up.

A server that drips one byte every half second keeps every single socket read alive, so a per-read
timeout never fires (it kept `status check --timeout 2` running past 60 s). These tests use a real
loopback server doing exactly that (the Statuspage simulator's "drip" fault). They bound what the
server managed to send before the till hung up, not the wall-clock time: at one byte per half
second, the byte count says how long the till listened.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import threading
from collections.abc import Iterator, Mapping

import pytest

from dripos_terminal.clock import FakeClock
from dripos_terminal.sim.statuspage import StatuspageSimulator
from dripos_terminal.status.cli import EXIT_UNKNOWN, run_check
from dripos_terminal.status.decision import FeedSpec
from dripos_terminal.status.http import FetchError, FetchResponse, UrllibFetcher
from dripos_terminal.status.poller import FeedHealth, FeedSnapshot, StatusPoller

WATCH = ("Terminal", "Card readers", "API")
DRIP_S = 0.5


def full_answer_bytes(sim: StatuspageSimulator) -> int:
    return len(json.dumps(sim.summary()).encode()) + 100  # the body and (at least) its headers


def bytes_in(seconds: float) -> int:
    """What the drip can have sent in `seconds`, with room for a slow, shared machine."""
    return int(seconds / DRIP_S) + 12


@pytest.fixture
def slow(fake_clock: FakeClock) -> Iterator[StatuspageSimulator]:
    with StatuspageSimulator(clock=fake_clock) as simulator:
        yield simulator


def test_a_dripping_server_is_cut_off_at_the_deadline(slow: StatuspageSimulator) -> None:
    drip = slow.set_fault("drip", seconds=DRIP_S)
    assert drip is not None
    with pytest.raises(FetchError, match="timed out"):
        UrllibFetcher().fetch(slow.summary_url, {}, 1.0)
    assert drip.fired == 1
    assert drip.finished.wait(10)  # the till hung up, so the server's next write failed
    assert drip.cut
    assert 0 < drip.sent <= bytes_in(1.0) < full_answer_bytes(slow)


def test_status_check_honours_its_timeout(slow: StatuspageSimulator) -> None:
    drip = slow.set_fault("drip", seconds=DRIP_S)
    assert drip is not None
    args = argparse.Namespace(feed=slow.summary_url, component=None, name="Stripe", json=True, timeout=1.0)
    out = io.StringIO()
    assert run_check(args, out=out) == EXIT_UNKNOWN
    assert json.loads(out.getvalue()) == {"state": "unknown", "reason": "timed out"}
    assert drip.finished.wait(10) and drip.sent <= bytes_in(1.0)


class FinishedFetches:
    """Wraps the real fetcher; lets a test wait until a URL has been fetched (or failed) n times."""

    def __init__(self) -> None:
        self.inner = UrllibFetcher()
        self.urls: list[str] = []
        self.done = threading.Condition()

    def fetch(self, url: str, headers: Mapping[str, str], timeout: float) -> FetchResponse:
        try:
            return self.inner.fetch(url, headers, timeout)
        finally:
            with self.done:
                self.urls.append(url)
                self.done.notify_all()

    def wait_for(self, url: str, count: int, timeout: float = 15.0) -> bool:
        with self.done:
            return self.done.wait_for(lambda: self.urls.count(url) >= count, timeout)


def test_a_slow_feed_never_delays_another_and_times_out_by_its_deadline(
    slow: StatuspageSimulator, fake_clock: FakeClock
) -> None:
    deadline = 3.0
    drip = slow.set_fault("drip", seconds=DRIP_S, count=1)
    assert drip is not None
    with StatuspageSimulator(clock=fake_clock) as fast:
        fast.start_incident("Errors with in-person card payments", ["Card readers"], "major", "Looking.")
        fetcher = FinishedFetches()
        seen: list[FeedSnapshot] = []
        poller = StatusPoller(
            [FeedSpec("Slow", slow.summary_url, WATCH), FeedSpec("Fast", fast.summary_url, WATCH)],
            seen.append,
            fetcher=fetcher,
            clock=fake_clock,
            rng=random.Random(5),
            timeout=deadline,
        )
        poller.start()
        try:
            # The fast feed is fetched, shows its incident, and is fetched again on request...
            assert fetcher.wait_for(fast.summary_url, 1)
            poller.poll_now()
            assert fetcher.wait_for(fast.summary_url, 2)
            # ...while the slow one is still dripping: nothing of it has finished yet.
            assert slow.summary_url not in fetcher.urls
            assert drip.fired == 1 and not drip.finished.is_set()
            slow_snap, fast_snap = poller.snapshots()
            assert fast_snap.banner is not None and fast_snap.health is FeedHealth.PROBLEM
            assert slow_snap.health is FeedHealth.UNKNOWN and slow_snap.last_error == ""

            # Then the slow feed gives up at its deadline, not when the server is done.
            assert fetcher.wait_for(slow.summary_url, 1)
            assert any(s.name == "Slow" and s.last_error == "timed out" for s in seen)
            assert drip.finished.wait(10) and drip.cut
            assert drip.sent <= bytes_in(deadline) < full_answer_bytes(slow)
        finally:
            poller.stop()


def test_https_takes_the_same_path_and_fails_cleanly(slow: StatuspageSimulator) -> None:
    """The simulator speaks plain HTTP: the TLS handshake fails, as a FetchError, not a crash."""
    url = slow.summary_url.replace("http://", "https://")
    with pytest.raises(FetchError, match=r"unreachable|connection failed"):
        UrllibFetcher().fetch(url, {}, 5.0)
