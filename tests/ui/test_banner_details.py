"""The incident detail dialog, opened from the banner's "Details" button."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dripos_terminal.clock import FakeClock
from dripos_terminal.status.incident import BoardState
from dripos_terminal.status.model import Action, Banner, BannerUpdate, Severity
from dripos_terminal.ui.banner import IncidentBanner
from dripos_terminal.ui.incident_detail_dialog import IncidentDetailDialog


def seed_state(clock: FakeClock) -> BoardState:
    now = clock.now()
    history = (
        BannerUpdate("u2", "Identified", "Stripe confirms the issue.", now - timedelta(minutes=2)),
        BannerUpdate("u1", "Investigating", "Card readers are failing.", now - timedelta(minutes=10)),
    )
    main = Banner(
        severity=Severity.OUTAGE,
        title="Errors with in-person card payments",
        update_text="Stripe confirms the issue.",
        posted_at=history[0].posted_at,
        guidance="Switch to offline payments.",
        actions=(Action.SWITCH_TO_OFFLINE, Action.DETAILS),
        source="Stripe",
        incident_id="inc1",
        update_id="u2",
        history=history,
        details_url="https://status.example/incidents/inc1",
    )
    other = replace(main, severity=Severity.DEGRADED, title="Card reader not responding", source="local")
    return BoardState(main, False, False, (other,), ("Backup feed",), ())


def test_details_button_opens_history_source_link_and_others(qtbot: QtBot, fake_clock: FakeClock) -> None:
    banner = IncidentBanner(fake_clock, tz=UTC)
    qtbot.addWidget(banner)
    banner.set_state(seed_state(fake_clock))
    with qtbot.wait_signal(banner.action_requested, check_params_cb=lambda a: a is Action.DETAILS):
        qtbot.mouseClick(banner.action_buttons[Action.DETAILS], Qt.MouseButton.LeftButton)
    dialog = banner.details_dialog
    assert isinstance(dialog, IncidentDetailDialog) and dialog.isVisible()
    assert dialog.update_bodies == ["Stripe confirms the issue.", "Card readers are failing."]
    assert dialog.update_headings[0] == "Identified — Mar 31 5:45\u202fPM (2 min ago)"
    assert dialog.update_headings[1].startswith("Investigating — Mar 31 5:37\u202fPM")
    assert dialog.source_label.text() == "Status page: Stripe"
    assert dialog.link_label.text().endswith("https://status.example/incidents/inc1")
    assert dialog.link_label.textFormat() is Qt.TextFormat.PlainText
    assert not dialog.link_label.openExternalLinks()
    assert dialog.other_lines == ["⚠ Degraded: Card reader not responding (this till)"]
    dialog.accept()
    assert not dialog.isVisible()


def test_stale_and_empty_dialogs(qtbot: QtBot, fake_clock: FakeClock) -> None:
    state = seed_state(fake_clock)
    assert state.banner is not None
    stale = replace(state, banner=replace(state.banner, stale=True))
    dialog = IncidentDetailDialog(stale, clock=fake_clock, tz=UTC, last_checked=lambda _s: fake_clock.now())
    qtbot.addWidget(dialog)
    labels = [w.text() for w in dialog.findChildren(type(dialog.source_label))]
    assert "status unknown — last checked 5:47\u202fPM" in labels
    empty = IncidentDetailDialog(BoardState(None, False, False, (), (), ()), clock=fake_clock)
    qtbot.addWidget(empty)
    assert not empty.update_bodies
