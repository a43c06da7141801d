"""A hard deadline per feed fetch.

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
from collections.abc import Iterator

import pytest

from dripos_terminal.clock import FakeClock
from dripos_terminal.sim.statuspage import StatuspageSimulator
from dripos_terminal.status.cli import EXIT_UNKNOWN, run_check
from dripos_terminal.status.http import FetchError, UrllibFetcher

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


def test_https_takes_the_same_path_and_fails_cleanly(slow: StatuspageSimulator) -> None:
    """The simulator speaks plain HTTP: the TLS handshake fails, as a FetchError, not a crash."""
    url = slow.summary_url.replace("http://", "https://")
    with pytest.raises(FetchError, match=r"unreachable|connection failed"):
        UrllibFetcher().fetch(url, {}, 5.0)
