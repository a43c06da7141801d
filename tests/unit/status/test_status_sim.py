"""The Statuspage simulator over real loopback HTTP, the urllib fetcher, and the seed story end to end."""

from __future__ import annotations

import json
import random
import time
import urllib.request
from datetime import timedelta

import pytest

from dripos_terminal.clock import FakeClock
from dripos_terminal.sim.statuspage import StatuspageSimulator
from dripos_terminal.status.decision import FeedSpec, decide
from dripos_terminal.status.http import FetchError, UrllibFetcher
from dripos_terminal.status.incident import IncidentBoard
from dripos_terminal.status.model import Action, Severity
from dripos_terminal.status.poller import FeedHealth, StatusPoller, interpret, parse_feed
from dripos_terminal.status.statuspage import parse_summary

WATCH = ("Terminal", "Card readers")


def post(sim: StatuspageSimulator, path: str, payload: dict[str, object]) -> dict[str, object]:
    req = urllib.request.Request(
        f"{sim.base_url}{path}", data=json.dumps(payload).encode(), method="POST",
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    with urllib.request.urlopen(req, timeout=5) as resp:
        result: dict[str, object] = json.loads(resp.read())
        return result


def test_summary_shape_and_conditional_get(sim: StatuspageSimulator) -> None:
    fetcher = UrllibFetcher()
    first = fetcher.fetch(sim.summary_url, {}, 5)
    assert first.status == 200
    feed = parse_summary(first.body)
    assert feed.components is not None
    assert [c.name for c in feed.components] == ["Terminal", "Card readers", "API", "Dashboard"]
    etag = first.header("etag")
    assert etag and first.header("last-modified")
    assert fetcher.fetch(sim.summary_url, {"If-None-Match": etag}, 5).status == 304
    lm = first.header("last-modified") or ""
    assert fetcher.fetch(sim.summary_url, {"If-Modified-Since": lm}, 5).status == 304
    sim.start_incident("x", ["API"], "minor", "y")
    assert fetcher.fetch(sim.summary_url, {"If-None-Match": etag}, 5).status == 200


def test_json_control_api_and_atom(sim: StatuspageSimulator, fake_clock: FakeClock) -> None:
    payload = {"name": "Errors with card readers", "components": ["Card readers"], "impact": "major"}
    result = post(sim, "/_sim/incident/start", payload)
    incident_id = str(result["id"])
    post(sim, "/_sim/incident/update", {"id": incident_id, "status": "identified", "body": "Found it."})
    start = (fake_clock.now() + timedelta(hours=1)).isoformat()
    post(sim, "/_sim/maintenance", {"name": "DB", "components": ["Dashboard"], "scheduled_for": start})
    atom = UrllibFetcher().fetch(f"{sim.base_url}/history.atom", {}, 5)
    feed = parse_feed(atom.body, atom.header("content-type") or "")
    assert feed.incidents[0].updates[0].body == "Found it."
    banner = decide(feed, FeedSpec("Sim", "", WATCH), fake_clock.now())
    assert banner is not None and banner.severity is Severity.DEGRADED  # Atom: never claims OUTAGE
    with pytest.raises(urllib.error.HTTPError):
        post(sim, "/_sim/incident/update", {"id": "nope", "status": "resolved"})
    post(sim, "/_sim/fault", {"kind": "error", "status": 503, "count": 1})
    assert UrllibFetcher().fetch(sim.summary_url, {}, 5).status == 503
    assert UrllibFetcher().fetch(sim.summary_url, {}, 5).status == 200  # count exhausted
    post(sim, "/_sim/reset", {})
    assert sim.summary()["incidents"] == []


def test_fetcher_refuses_huge_bodies_without_reading_them(sim: StatuspageSimulator) -> None:
    sim.set_fault("huge", size=10_000_000)
    with pytest.raises(FetchError, match="too large"):
        UrllibFetcher().fetch(sim.summary_url, {}, 5)
    sim.set_fault("huge_chunked", size=10_000_000)
    with pytest.raises(FetchError, match="too large"):
        UrllibFetcher().fetch(sim.summary_url, {}, 5)


def test_fetcher_times_out_on_slow_responses(sim: StatuspageSimulator) -> None:
    sim.set_fault("slow", seconds=3)
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        UrllibFetcher().fetch(sim.summary_url, {}, 0.3)
    assert time.monotonic() - started < 2.5


def test_fetcher_limits_redirects_and_schemes(sim: StatuspageSimulator) -> None:
    sim.set_fault("redirect_loop")
    with pytest.raises(FetchError, match="redirect"):
        UrllibFetcher().fetch(sim.summary_url, {}, 5)
    with pytest.raises(FetchError, match="http"):
        UrllibFetcher().fetch("file:///etc/passwd", {}, 5)
    with pytest.raises(FetchError):
        UrllibFetcher().fetch("http://127.0.0.1:9/", {}, 1)  # nothing listens on the discard port


@pytest.mark.parametrize("fault", ["malformed", "html", "error", "huge", "redirect_loop"])
def test_faults_mark_banner_stale_never_clear(
    sim: StatuspageSimulator, fake_clock: FakeClock, fault: str
) -> None:
    spec = FeedSpec("Sim", sim.summary_url, WATCH)
    poller = StatusPoller([spec], lambda s: None, clock=fake_clock, rng=random.Random(1))
    sim.start_incident("Errors with in-person card payments", WATCH, "major", "Investigating.")
    poller.poll_all_once()
    (snap,) = poller.poll_all_once()
    assert snap.banner is not None
    sim.set_fault(fault, retry_after=30)
    (snap,) = poller.poll_all_once()
    assert snap.health is FeedHealth.UNKNOWN
    assert snap.banner is not None and snap.banner.stale and snap.banner.severity is Severity.OUTAGE


def test_retry_after_from_the_simulator(sim: StatuspageSimulator, fake_clock: FakeClock) -> None:
    sim.set_fault("error", status=429, retry_after=90)
    response = UrllibFetcher().fetch(sim.summary_url, {}, 5)
    result = interpret(response, FeedSpec("Sim", sim.summary_url, WATCH), fake_clock.now())
    assert result.retry_after == 90


def test_seed_story_end_to_end(sim: StatuspageSimulator, fake_clock: FakeClock) -> None:
    """Friday 13:47: readers fail; the till is told, offered offline; 14:21 it is offered going back."""
    board = IncidentBoard(clock=fake_clock)
    spec = FeedSpec("Stripe", sim.summary_url, WATCH)
    poller = StatusPoller([spec], board.update_feed, clock=fake_clock, rng=random.Random(5))
    poller.poll_all_once()
    assert board.state().banner is None
    incident = sim.start_incident(
        "Errors with in-person card payments", ["Terminal", "Card readers"], "major",
        "We have been made aware that card readers are causing errors.",
    )  # fmt: skip
    fake_clock.advance(60)
    poller.poll_all_once()  # the first poll that sees it shows it
    state = board.state()
    assert state.banner is not None and state.alert
    assert state.banner.severity is Severity.OUTAGE
    assert state.banner.title == "Errors with in-person card payments"
    assert Action.SWITCH_TO_OFFLINE in state.banner.actions
    board.acknowledge()
    fake_clock.advance(60)
    poller.poll_all_once()  # 304: nothing new
    assert board.state().collapsed
    assert sim.requests[-1][1].get("if-none-match")
    sim.update_incident(incident, "monitoring", "Mitigation is working.")
    fake_clock.advance(60)
    poller.poll_all_once()
    state = board.state()
    assert state.banner is not None and state.banner.update_text == "Mitigation is working." and state.alert
    assert not state.collapsed
    sim.resolve_incident(incident, "Card payments with readers are working again.")
    for _ in range(2):
        fake_clock.advance(60)
        poller.poll_all_once()
    state = board.state()
    assert state.banner is not None and state.banner.severity is Severity.INFO
    assert Action.GO_BACK_ONLINE in state.banner.actions


def test_maintenance_in_progress_over_http(sim: StatuspageSimulator, fake_clock: FakeClock) -> None:
    sim.schedule_maintenance("Reader firmware", ["Card readers"], status="in_progress", body="Updating.")
    body = UrllibFetcher().fetch(sim.summary_url, {}, 5).body
    banner = decide(parse_summary(body), FeedSpec("Sim", "", WATCH), fake_clock.now())
    assert banner is not None and banner.severity is Severity.MAINTENANCE
    assert banner.title == "Maintenance in progress: Reader firmware"
