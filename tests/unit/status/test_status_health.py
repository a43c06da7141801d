"""Local detection rules and the combined banner board."""

from __future__ import annotations

import threading

from dripos_terminal.clock import FakeClock
from dripos_terminal.payments.failures import FailureKind
from dripos_terminal.status.health import Check, LocalHealthMonitor
from dripos_terminal.status.incident import BoardState, IncidentBoard
from dripos_terminal.status.model import Action, Banner, Severity
from dripos_terminal.status.poller import FeedHealth, FeedSnapshot


def monitor(clock: FakeClock) -> tuple[LocalHealthMonitor, list[Banner | None]]:
    seen: list[Banner | None] = []
    return LocalHealthMonitor(seen.append, clock=clock), seen


def test_declines_busy_and_rate_limits_never_raise(fake_clock: FakeClock) -> None:
    mon, seen = monitor(fake_clock)
    for _ in range(5):
        mon.record_failure(FailureKind.CARD_DECLINED)
        mon.record_failure(FailureKind.READER_BUSY)
        mon.record_failure(FailureKind.API_RATE_LIMITED)
    assert mon.banner is None and seen == []


def test_reader_failure_raises_at_once_with_manual_entry(fake_clock: FakeClock) -> None:
    mon, seen = monitor(fake_clock)
    mon.record_failure(FailureKind.READER_TIMEOUT)
    banner = mon.banner
    assert banner is not None and banner.severity is Severity.OUTAGE and banner.source == "local"
    assert banner.actions == (Action.SWITCH_TO_OFFLINE, Action.MANUAL_CARD_ENTRY, Action.DETAILS)
    assert seen == [banner]
    mon.record_failure(FailureKind.READER_TIMEOUT)
    assert len(seen) == 1  # same trouble: no new callback


def test_api_unreachable_at_once_no_manual_entry(fake_clock: FakeClock) -> None:
    mon, _ = monitor(fake_clock)
    mon.record_failure(FailureKind.READER_OFFLINE)
    mon.record_failure(FailureKind.API_UNREACHABLE)
    banner = mon.banner
    assert banner is not None and banner.title == "Can't reach the payment service"
    assert Action.MANUAL_CARD_ENTRY not in banner.actions


def test_api_5xx_needs_two_consecutive(fake_clock: FakeClock) -> None:
    mon, _ = monitor(fake_clock)
    mon.record_failure(FailureKind.API_SERVER_ERROR)
    assert mon.banner is None
    mon.record_success(Check.API)
    mon.record_failure(FailureKind.API_SERVER_ERROR)
    assert mon.banner is None
    mon.record_failure(FailureKind.API_SERVER_ERROR)
    assert mon.banner is not None and mon.banner.severity is Severity.OUTAGE


def test_recovery_offers_go_back_online_and_never_switches(fake_clock: FakeClock) -> None:
    mon, seen = monitor(fake_clock)
    mon.record_failure(FailureKind.READER_HARDWARE)
    mon.record_failure(FailureKind.API_UNREACHABLE)
    mon.record_success(Check.API)
    assert mon.banner is not None and mon.banner.title == "Card reader not responding"  # reader still down
    fake_clock.advance(60)
    mon.record_success(Check.PAYMENT)
    banner = mon.banner
    assert banner is not None and banner.severity is Severity.INFO
    assert banner.actions == (Action.GO_BACK_ONLINE, Action.DETAILS)
    assert [h.status for h in banner.history][:1] == ["Recovered"]  # as the details dialog heads it
    mon.record_success(Check.PAYMENT)
    assert mon.banner == banner  # stays until the user chose
    mon.dismiss_recovery()
    assert mon.banner is None and seen[-1] is None


def test_new_episode_has_new_ids(fake_clock: FakeClock) -> None:
    mon, _ = monitor(fake_clock)
    mon.record_failure(FailureKind.READER_OFFLINE)
    first = mon.banner
    mon.record_success(FailureKind.READER_OFFLINE)
    mon.dismiss_recovery()
    mon.record_failure(FailureKind.READER_OFFLINE)
    second = mon.banner
    assert first is not None and second is not None
    assert first.key != second.key and len(second.history) == 1


def test_monitor_is_thread_safe(fake_clock: FakeClock) -> None:
    mon, _ = monitor(fake_clock)

    def hammer() -> None:
        for n in range(300):
            if n % 3:
                mon.record_failure(FailureKind.API_SERVER_ERROR)
            else:
                mon.record_success(Check.API)

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    mon.record_success(Check.PAYMENT)
    mon.dismiss_recovery()
    assert mon.banner is None


def feed_banner(sev: Severity, update: str = "u1", incident: str = "i1") -> Banner:
    return Banner(
        sev, "Stripe readers", "text", None, "guide", (Action.SWITCH_TO_OFFLINE,), "Stripe", incident, update
    )


def snap(banner: Banner | None, health: FeedHealth = FeedHealth.PROBLEM) -> FeedSnapshot:
    return FeedSnapshot("Stripe", health, banner, False, None, "", 60.0)


def test_board_shows_most_severe_and_acknowledge_collapses_until_change(fake_clock: FakeClock) -> None:
    states: list[BoardState] = []
    board = IncidentBoard(states.append, clock=fake_clock)
    board.update_feed(snap(feed_banner(Severity.DEGRADED)))
    assert board.state().banner is not None and board.state().alert
    mon = LocalHealthMonitor(board.update_local, clock=fake_clock)
    mon.record_failure(FailureKind.READER_OFFLINE)
    state = board.state()
    assert state.banner is not None and state.banner.source == "local"
    assert [b.source for b in state.others] == ["Stripe"]
    board.acknowledge()
    assert board.state().collapsed and not board.state().alert
    board.update_feed(snap(feed_banner(Severity.DEGRADED, "u2")))  # less severe: top unchanged
    assert board.state().collapsed
    board.update_feed(snap(feed_banner(Severity.OUTAGE, "u3")))  # tie with local: local first
    assert board.state().collapsed
    mon.record_success(Check.PAYMENT)  # local becomes INFO recovery; feed OUTAGE on top now
    state = board.state()
    assert state.banner is not None and state.banner.update_id == "u3" and not state.collapsed
    assert state.alert
    assert len(state.history) >= 3 and state.history[0].banner.update_id == "u3"


def test_board_stale_does_not_reopen_and_unknown_feeds_listed(fake_clock: FakeClock) -> None:
    board = IncidentBoard(clock=fake_clock)
    banner = feed_banner(Severity.OUTAGE)
    board.update_feed(snap(banner))
    board.acknowledge()
    from dataclasses import replace

    board.update_feed(snap(replace(banner, stale=True), FeedHealth.UNKNOWN))
    state = board.state()
    assert state.collapsed and state.unknown_feeds == ("Stripe",)
    assert state.banner is not None and state.banner.stale


def test_board_offers_go_back_online_when_feed_clears(fake_clock: FakeClock) -> None:
    board = IncidentBoard(clock=fake_clock)
    board.update_feed(snap(feed_banner(Severity.OUTAGE)))
    board.update_feed(snap(None, FeedHealth.UNKNOWN))  # a failure never clears (defensive)
    board.update_feed(snap(None, FeedHealth.OK))
    state = board.state()
    assert state.banner is not None and state.banner.severity is Severity.INFO
    assert state.banner.title.startswith("Resolved:")
    assert Action.GO_BACK_ONLINE in state.banner.actions
    board.acknowledge()
    assert board.state().banner is None
