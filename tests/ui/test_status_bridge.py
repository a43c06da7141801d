"""The status feature end to end on screen: Statuspage simulator (real loopback HTTP, fake clock) →
poller → incident board → StatusBridge (queued signal) → IncidentBanner.

Polls are driven with `poll_all_once()` (no poller thread, no sleeps) except where the worker
thread itself is under test.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from datetime import UTC

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from dripos_terminal.clock import FakeClock
from dripos_terminal.payments.failures import FailureKind
from dripos_terminal.sim.statuspage import StatuspageSimulator
from dripos_terminal.status.decision import FeedSpec
from dripos_terminal.status.health import Check
from dripos_terminal.status.incident import BoardState
from dripos_terminal.status.model import Action
from dripos_terminal.status.poller import FeedHealth
from dripos_terminal.ui.banner import IncidentBanner
from dripos_terminal.ui.demo_status_panel import SEED_BODY, SEED_COMPONENTS, SEED_NAME
from dripos_terminal.ui.status_bridge import StatusBridge

WATCH = ("Terminal", "Card readers", "API")
PROBLEM_S = 60.0


@pytest.fixture
def sim(fake_clock: FakeClock) -> Iterator[StatuspageSimulator]:
    simulator = StatuspageSimulator(clock=fake_clock)
    simulator.start()
    try:
        yield simulator
    finally:
        simulator.stop()


@pytest.fixture
def bridge(sim: StatuspageSimulator, fake_clock: FakeClock) -> Iterator[StatusBridge]:
    made = StatusBridge([FeedSpec("Stripe", sim.summary_url, WATCH)], clock=fake_clock, rng=random.Random(7))
    yield made
    made.stop()


@pytest.fixture
def banner(qtbot: QtBot, bridge: StatusBridge, fake_clock: FakeClock) -> Iterator[IncidentBanner]:
    """The banner in a shown window, wired the way the composition root wires it."""
    window = QWidget()
    layout = QVBoxLayout(window)
    widget = IncidentBanner(fake_clock, last_checked=bridge.last_checked, tz=UTC, open_details_on_click=False)
    layout.addWidget(widget)
    layout.addStretch(1)
    bridge.board_changed.connect(widget.set_state)
    widget.acknowledged.connect(bridge.acknowledge)
    qtbot.addWidget(window)
    window.resize(1200, 200)
    window.show()
    yield widget  # the window (and so the banner) lives until the test ends
    window.close()


def poll(qtbot: QtBot, bridge: StatusBridge, clock: FakeClock, *, changes: bool) -> BoardState | None:
    """Advance the fake clock one problem interval and poll once; assert whether the board changed."""
    clock.advance(PROBLEM_S)
    if not changes:
        with qtbot.assert_not_emitted(bridge.board_changed):
            bridge.poller.poll_all_once()
            QCoreApplication.processEvents()
        return None
    with qtbot.wait_signal(bridge.board_changed, timeout=3000) as blocker:
        bridge.poller.poll_all_once()
    state = blocker.args[0] if blocker.args else None
    assert isinstance(state, BoardState)
    return state


def start_seed(sim: StatuspageSimulator) -> str:
    return sim.start_incident(SEED_NAME, SEED_COMPONENTS, "major", SEED_BODY)


def test_incident_appears_on_the_first_poll_that_sees_it_updates_and_resolves(
    qtbot: QtBot,
    sim: StatuspageSimulator,
    bridge: StatusBridge,
    banner: IncidentBanner,
    fake_clock: FakeClock,
) -> None:
    poll(qtbot, bridge, fake_clock, changes=False)  # all clear: nothing to show
    assert not banner.isVisible()

    posted = fake_clock.now()
    incident = start_seed(sim)
    state = poll(qtbot, bridge, fake_clock, changes=True)  # the first poll that sees it shows it
    assert bridge.poller.snapshots()[0].health is FeedHealth.PROBLEM
    assert state is not None and state.alert and not state.collapsed
    assert banner.isVisible() and banner.full.isVisible()
    assert banner.property("severity") == "outage"
    assert banner.severity_label.text() == "OUTAGE" and banner.symbol_label.text() == "✖"
    assert banner.title_label.text() == SEED_NAME
    assert banner.update_label.text() == SEED_BODY and banner.update_label.toolTip() == SEED_BODY
    assert banner.posted_label.text() == f"posted 1 min ago · {posted:%-I:%M}\u202f{posted:%p}"
    assert banner.visible_actions()[0] is Action.SWITCH_TO_OFFLINE
    assert banner.action_buttons[Action.SWITCH_TO_OFFLINE].isVisible()

    with qtbot.wait_signal(bridge.board_changed) as blocker:
        qtbot.mouseClick(banner.ack_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].collapsed
    assert banner.is_collapsed() and banner.indicator.isVisible() and not banner.full.isVisible()
    assert "✖" in banner.indicator.text() and "Outage" in banner.indicator.text()

    text = "Stripe confirms the issue and is deploying a fix."
    sim.update_incident(incident, "identified", text)
    state = poll(qtbot, bridge, fake_clock, changes=True)  # same incident: no debounce for new text
    assert state is not None and state.alert and not state.collapsed
    assert not banner.is_collapsed() and banner.full.isVisible()
    assert banner.update_label.text() == text

    sim.resolve_incident(incident, "Card readers work again.")
    poll(qtbot, bridge, fake_clock, changes=False)  # one "clear" poll is not enough
    assert banner.property("severity") == "outage"
    state = poll(qtbot, bridge, fake_clock, changes=True)
    assert state is not None and state.banner is not None
    assert banner.property("severity") == "info" and banner.title_label.text().startswith("Resolved:")
    assert banner.visible_actions() == (Action.GO_BACK_ONLINE, Action.DETAILS)
    assert banner.action_buttons[Action.GO_BACK_ONLINE].property("role") == "primary"

    with qtbot.wait_signal(bridge.board_changed) as blocker:
        qtbot.mouseClick(banner.ack_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].banner is None
    assert not banner.isVisible()


def test_feed_failure_marks_the_banner_stale_and_never_clears_it(
    qtbot: QtBot,
    sim: StatuspageSimulator,
    bridge: StatusBridge,
    banner: IncidentBanner,
    fake_clock: FakeClock,
) -> None:
    start_seed(sim)
    poll(qtbot, bridge, fake_clock, changes=True)
    checked = fake_clock.now()
    assert banner.property("stale") == "false" and not banner.stale_label.isVisible()

    sim.set_fault("error", status=503)
    state = poll(qtbot, bridge, fake_clock, changes=True)
    assert state is not None and state.banner is not None and state.banner.stale
    assert state.unknown_feeds == ("Stripe",)
    assert banner.isVisible() and banner.property("stale") == "true"
    assert banner.stale_label.text() == f"status unknown — last checked {checked:%-I:%M}\u202f{checked:%p}"
    assert banner.stale_label.isVisible()

    for kind in ("malformed", "html", "error"):  # whatever goes wrong, the banner stays
        sim.set_fault(kind)
        fake_clock.advance(900)
        bridge.poller.poll_all_once()
        QCoreApplication.processEvents()
        assert banner.isVisible() and banner.property("severity") == "outage"
        assert banner.property("stale") == "true"

    sim.clear_fault()
    state = poll(qtbot, bridge, fake_clock, changes=True)
    assert state is not None and state.banner is not None and not state.banner.stale
    assert banner.property("stale") == "false" and not banner.stale_label.isVisible()


def test_first_reader_failure_shows_the_banner_at_once(
    qtbot: QtBot, bridge: StatusBridge, banner: IncidentBanner
) -> None:
    with qtbot.wait_signal(bridge.board_changed):
        bridge.report_failure(FailureKind.READER_OFFLINE)
    assert banner.isVisible()
    switch = banner.action_buttons[Action.SWITCH_TO_OFFLINE]
    assert switch.isVisible() and switch.text() == "Switch to offline payments"
    assert switch.property("role") == "warning"
    assert banner.title_label.text() == "Card reader not responding"
    assert banner.visible_actions() == (Action.SWITCH_TO_OFFLINE, Action.MANUAL_CARD_ENTRY, Action.DETAILS)

    with qtbot.wait_signal(bridge.board_changed):
        bridge.report_success(Check.READER)
    assert banner.title_label.text() == "Card payments are working again"
    assert banner.action_buttons[Action.GO_BACK_ONLINE].isVisible()
    with qtbot.wait_signal(bridge.board_changed):
        bridge.went_back_online()
    assert not banner.isVisible()


def test_a_single_card_decline_shows_nothing(
    qtbot: QtBot, bridge: StatusBridge, banner: IncidentBanner
) -> None:
    with qtbot.assert_not_emitted(bridge.board_changed):
        bridge.report_failure(FailureKind.CARD_DECLINED)
        bridge.report_failure(FailureKind.READER_BUSY)
        QCoreApplication.processEvents()
    assert not banner.isVisible()


def test_signals_arrive_on_the_gui_thread_when_the_board_changes_on_workers(
    qtbot: QtBot,
    sim: StatuspageSimulator,
    bridge: StatusBridge,
    banner: IncidentBanner,
    fake_clock: FakeClock,
) -> None:
    gui = threading.get_ident()
    seen: list[int] = []
    bridge.board_changed.connect(lambda _state: seen.append(threading.get_ident()))

    def on_worker(fn: object) -> None:
        thread = threading.Thread(target=fn)  # type: ignore[arg-type]
        thread.start()
        thread.join()

    with qtbot.wait_signal(bridge.board_changed):
        on_worker(lambda: bridge.report_failure(FailureKind.READER_TIMEOUT))
    start_seed(sim)
    on_worker(bridge.poller.poll_all_once)
    fake_clock.advance(PROBLEM_S)
    with qtbot.wait_signal(bridge.board_changed):
        on_worker(bridge.poller.poll_all_once)
    assert seen and all(ident == gui for ident in seen)
    state = bridge.state()
    assert state.banner is not None and state.banner.source == "local"  # local wins the tie
    assert [b.title for b in state.others] == [SEED_NAME]
    assert banner.banner() == state.banner  # the widget got the newest state, not an older one


def test_worker_thread_start_poll_now_and_stop(
    qtbot: QtBot, sim: StatuspageSimulator, bridge: StatusBridge, banner: IncidentBanner
) -> None:
    bridge.start()
    assert bridge.running
    qtbot.wait_until(lambda: bridge.poller.snapshots()[0].health is FeedHealth.OK, timeout=5000)
    start_seed(sim)
    with qtbot.wait_signal(bridge.board_changed, timeout=5000):
        bridge.poll_now()  # the fake clock does not move: only poll_now makes the second poll
    assert banner.isVisible() and banner.title_label.text() == SEED_NAME
    bridge.stop()
    assert not bridge.running
    assert len(sim.requests) == 2


def test_a_local_payment_failure_looks_at_the_status_page_at_once(
    qtbot: QtBot,
    sim: StatuspageSimulator,
    bridge: StatusBridge,
    banner: IncidentBanner,
    fake_clock: FakeClock,
) -> None:
    bridge.start()
    qtbot.wait_until(lambda: bridge.poller.snapshots()[0].health is FeedHealth.OK, timeout=5000)
    fake_clock.advance(60)  # a minute later the provider posts; the next scheduled poll is minutes away
    start_seed(sim)

    bridge.report_failure(FailureKind.CARD_DECLINED)  # one card's problem: no reason to look
    assert not bridge.poller.urgent and min(bridge.poller.next_poll_in()) > 120
    bridge.report_failure(FailureKind.READER_OFFLINE)  # the till's own trouble: look now
    qtbot.wait_until(
        lambda: SEED_NAME in [b.title for b in (bridge.state().banner, *bridge.state().others) if b],
        timeout=5000,
    )
    assert len(sim.requests) == 2 and bridge.poller.urgent
    qtbot.wait_until(lambda: 24 <= bridge.poller.snapshots()[0].next_poll_s <= 36)  # then every ~30 s
    assert banner.isVisible()

    bridge.report_success(Check.PAYMENT)  # payments work again: back to the normal intervals
    assert not bridge.poller.urgent


def test_from_config_skips_feeds_without_a_url(fake_clock: FakeClock) -> None:
    from dripos_terminal.config import StatusConfig, StatusFeedConfig

    config = StatusConfig(feeds=(StatusFeedConfig(url=""), StatusFeedConfig(url="http://127.0.0.1:9/x")))
    made = StatusBridge.from_config(config, clock=fake_clock)
    assert [f.url for f in made.feeds] == ["http://127.0.0.1:9/x"]
    assert made.poller.snapshots()[0].health is FeedHealth.UNKNOWN
    empty = StatusBridge.from_config(StatusConfig(), clock=fake_clock)
    empty.start()  # no feeds: nothing to start, local detection still works
    assert not empty.running
