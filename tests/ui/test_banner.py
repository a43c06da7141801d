"""IncidentBanner on its own: fed hand-made BoardStates (the only entry point)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from dripos_terminal.app import load_theme
from dripos_terminal.clock import FakeClock
from dripos_terminal.status.incident import BoardState
from dripos_terminal.status.model import Action, Banner, BannerUpdate, Severity
from dripos_terminal.ui.banner import (
    ACTION_BUTTONS,
    TOUCH_HEIGHT,
    IncidentBanner,
    describe_age,
    describe_posted,
)

ALL_ACTIONS = (Action.SWITCH_TO_OFFLINE, Action.MANUAL_CARD_ENTRY, Action.GO_BACK_ONLINE, Action.DETAILS)


def make_banner(clock: FakeClock, **changes: object) -> Banner:
    now = clock.now()
    base = Banner(
        severity=Severity.OUTAGE,
        title="Errors with in-person card payments",
        update_text="We have been made aware that card readers are causing errors.",
        posted_at=now - timedelta(minutes=3),
        guidance="Switch to offline payments and keep selling.",
        actions=(Action.SWITCH_TO_OFFLINE, Action.MANUAL_CARD_ENTRY, Action.DETAILS),
        source="Stripe",
        incident_id="inc1",
        update_id="upd1",
        history=(
            BannerUpdate("upd1", "Investigating", "We have been made aware…", now - timedelta(minutes=3)),
        ),
        details_url="https://status.example/incidents/inc1",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def state_of(banner: Banner | None, **changes: object) -> BoardState:
    return replace(BoardState(banner, False, False, (), (), ()), **changes)  # type: ignore[arg-type]


@pytest.fixture
def widget(qtbot: QtBot, fake_clock: FakeClock) -> Iterator[IncidentBanner]:
    window = QWidget()
    window.setStyleSheet(load_theme())
    layout = QVBoxLayout(window)
    banner = IncidentBanner(fake_clock, tz=UTC, open_details_on_click=False)
    layout.addWidget(banner)
    layout.addStretch(1)
    qtbot.addWidget(window)
    window.resize(1280, 240)
    window.show()
    yield banner
    window.close()


def test_hidden_without_a_banner_and_shown_with_one(widget: IncidentBanner, fake_clock: FakeClock) -> None:
    assert not widget.isVisible()
    widget.set_state(state_of(make_banner(fake_clock)))
    assert widget.isVisible() and widget.objectName() == "banner"
    widget.set_state(state_of(None))
    assert not widget.isVisible()


def test_shows_title_update_posted_time_and_guidance(widget: IncidentBanner, fake_clock: FakeClock) -> None:
    long_text = "Card readers are failing. " * 40
    widget.set_state(state_of(make_banner(fake_clock, update_text=long_text)))
    assert widget.title_label.text() == "Errors with in-person card payments"
    assert widget.update_label.text() == long_text.strip()
    assert widget.update_label.toolTip() == long_text.strip()  # full text in the tooltip
    assert widget.update_label.is_elided() and widget.update_label.elided_text().endswith("…")
    assert widget.posted_label.text() == "posted 3 min ago · 5:44\u202fPM"  # en_US, the default locale
    assert widget.guidance_label.text() == "Switch to offline payments and keep selling."
    fake_clock.advance(120)
    widget.refresh_time()
    assert widget.posted_label.text() == "posted 5 min ago · 5:44\u202fPM"


def test_feed_text_is_plain_never_rich(widget: IncidentBanner, fake_clock: FakeClock) -> None:
    evil = '<a href="http://evil">click</a> <img src="x">'
    widget.set_state(state_of(make_banner(fake_clock, title=evil, update_text=evil, guidance=evil)))
    for label in (widget.title_label, widget.update_label, widget.guidance_label):
        assert label.textFormat() is Qt.TextFormat.PlainText
    assert widget.title_label.text() == evil


def test_severity_is_distinguishable_without_colour(widget: IncidentBanner, fake_clock: FakeClock) -> None:
    seen: set[tuple[str, str]] = set()
    for n, severity in enumerate(Severity):
        banner = make_banner(fake_clock, severity=severity, update_id=f"u{n}")
        widget.set_state(state_of(banner))
        assert widget.property("severity") == severity.key
        word, symbol = widget.severity_label.text(), widget.symbol_label.text()
        assert word == severity.label.upper() and symbol == severity.symbol
        seen.add((word, symbol))
        widget.collapse()
        assert widget.indicator.text().startswith(f"{severity.symbol} {severity.label}:")
        widget.expand()
    assert len(seen) == len(Severity)
    assert len({s for _w, s in seen}) == len(Severity) and len({w for w, _s in seen}) == len(Severity)


@pytest.mark.parametrize("action", ALL_ACTIONS)
def test_action_buttons_emit_the_right_action(
    qtbot: QtBot, widget: IncidentBanner, fake_clock: FakeClock, action: Action
) -> None:
    widget.set_state(state_of(make_banner(fake_clock, actions=ALL_ACTIONS)))
    button = widget.action_buttons[action]
    assert button.isVisible() and button.text() == ACTION_BUTTONS[action][0]
    with qtbot.wait_signal(widget.action_requested, check_params_cb=lambda a: a is action):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    with qtbot.wait_signal(widget.action_requested, check_params_cb=lambda a: a is action):
        qtbot.keyClick(button, Qt.Key.Key_Space)  # keyboard reachable too


def test_buttons_follow_the_banner_order_roles_and_touch_size(
    widget: IncidentBanner, fake_clock: FakeClock
) -> None:
    widget.set_state(state_of(make_banner(fake_clock, actions=(Action.GO_BACK_ONLINE, Action.DETAILS))))
    assert [a for a, b in widget.action_buttons.items() if b.isVisible()] == [
        Action.GO_BACK_ONLINE,
        Action.DETAILS,
    ]
    widget.set_state(state_of(make_banner(fake_clock, update_id="u2")))
    row = widget.button_row
    order = [row.itemAt(i).widget() for i in range(row.count())]
    shown = [w for w in order if w is not None and w.isVisible()]
    assert shown[0] is widget.action_buttons[Action.SWITCH_TO_OFFLINE]
    assert shown[-1] is widget.ack_button
    assert widget.action_buttons[Action.SWITCH_TO_OFFLINE].property("role") == "warning"
    assert widget.action_buttons[Action.GO_BACK_ONLINE].property("role") == "primary"
    for button in shown:
        assert button.minimumHeight() >= TOUCH_HEIGHT
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert widget.indicator.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_acknowledge_collapses_until_something_changes(
    qtbot: QtBot, widget: IncidentBanner, fake_clock: FakeClock
) -> None:
    first = make_banner(fake_clock)
    widget.set_state(state_of(first, alert=True))
    with qtbot.wait_signal(widget.acknowledged):
        qtbot.mouseClick(widget.ack_button, Qt.MouseButton.LeftButton)
    assert widget.is_collapsed() and widget.indicator.isVisible() and not widget.full.isVisible()
    widget.set_state(state_of(first, collapsed=True))  # the board agrees
    widget.set_state(state_of(replace(first, stale=True), collapsed=True))  # stale alone: still collapsed
    assert widget.is_collapsed()
    assert widget.indicator.text().endswith("status unknown  ▾")

    qtbot.mouseClick(widget.indicator, Qt.MouseButton.LeftButton)  # tap to expand
    assert not widget.is_collapsed() and widget.full.isVisible()
    widget.set_state(state_of(first, collapsed=True))
    assert not widget.is_collapsed()  # the user's choice holds for this banner
    qtbot.mouseClick(widget.ack_button, Qt.MouseButton.LeftButton)
    assert widget.is_collapsed()

    with qtbot.wait_signal(widget.alert_raised):
        widget.set_state(state_of(replace(first, update_id="upd2", update_text="New"), alert=True))
    assert not widget.is_collapsed() and widget.update_label.text() == "New"


def test_board_collapsed_state_shows_the_indicator(widget: IncidentBanner, fake_clock: FakeClock) -> None:
    widget.set_state(state_of(make_banner(fake_clock), collapsed=True))
    assert widget.isVisible() and widget.indicator.isVisible() and not widget.full.isVisible()


def test_stale_banner_says_status_unknown(qtbot: QtBot, fake_clock: FakeClock) -> None:
    checked = datetime(2026, 3, 31, 17, 40, tzinfo=UTC)
    widget = IncidentBanner(
        fake_clock, last_checked=lambda source: checked if source == "Stripe" else None, tz=UTC
    )
    qtbot.addWidget(widget)
    widget.set_state(state_of(make_banner(fake_clock, stale=True)))
    assert widget.property("stale") == "true"
    assert widget.stale_label.text() == "status unknown — last checked 5:40\u202fPM"
    widget.set_state(state_of(make_banner(fake_clock)))
    assert widget.property("stale") == "false" and widget.stale_label.isHidden()


def test_stale_without_a_provider_uses_when_it_was_last_seen_fresh(
    widget: IncidentBanner, fake_clock: FakeClock
) -> None:
    widget.set_state(state_of(make_banner(fake_clock)))
    seen = fake_clock.now()
    fake_clock.advance(600)
    widget.set_state(state_of(make_banner(fake_clock, stale=True)))
    assert widget.stale_label.text() == f"status unknown — last checked {seen:%-I:%M}\u202f{seen:%p}"


def test_maintenance_window_is_shown(widget: IncidentBanner, fake_clock: FakeClock) -> None:
    start = fake_clock.now() + timedelta(hours=1)
    widget.set_state(
        state_of(
            make_banner(
                fake_clock,
                severity=Severity.MAINTENANCE,
                scheduled_for=start,
                scheduled_until=start + timedelta(hours=2),
            )
        )
    )
    assert widget.posted_label.text().startswith("scheduled 6:47\u202fPM–8:47\u202fPM · posted 3 min ago")


def test_set_state_off_the_gui_thread_is_refused(widget: IncidentBanner, fake_clock: FakeClock) -> None:
    errors: list[BaseException] = []

    def call() -> None:
        try:
            widget.set_state(state_of(make_banner(fake_clock)))
        except RuntimeError as exc:
            errors.append(exc)

    thread = threading.Thread(target=call)
    thread.start()
    thread.join()
    assert errors and not widget.isVisible()


def test_describe_age_and_posted() -> None:
    now = datetime(2026, 3, 31, 17, 47, tzinfo=UTC)
    assert describe_age(now - timedelta(seconds=20), now) == "just now"
    assert describe_age(now + timedelta(seconds=20), now) == "just now"
    assert describe_age(now - timedelta(minutes=65), now) == "1 h 5 min ago"
    assert describe_age(now - timedelta(hours=2), now) == "2 h ago"
    assert describe_age(now - timedelta(days=1, hours=1), now) == "1 day ago"
    assert describe_posted(None, now, UTC) == ""
    assert describe_posted(now - timedelta(days=2), now, UTC) == "posted 2 days ago · Mar 29 5:47\u202fPM"
