"""The incident banner: a bar across the top of every screen saying what is wrong and what to do.

`set_state(BoardState)` is the only entry point (connect it to `StatusBridge.board_changed`). The
banner shows the severity three ways — colour (the theme's `QFrame#banner[severity=…]`), a symbol
and a word — so it reads without colour; then the incident title, the newest vendor update (elided,
full text in the tooltip), when it was posted (relative to the injected clock), our guidance, and
one button per `Banner.action` ("Switch to offline payments" is the obvious one).

"Got it" collapses the bar to a small indicator (symbol + short title; tap to expand) and emits
`acknowledged` (connect to `StatusBridge.acknowledge`); the board re-opens it when something changes.
A stale banner (its feed cannot be fetched) is kept, dashed (`stale="true"`), and says
"status unknown — last checked HH:MM". With no banner the widget hides itself.

Feed text is untrusted: every label showing it is plain text (never rich text, never a link).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime, tzinfo

from PySide6.QtCore import QSize, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dripos_terminal.clock import Clock, SystemClock
from dripos_terminal.status.health import LOCAL_SOURCE
from dripos_terminal.status.incident import BoardState
from dripos_terminal.status.model import Action, Banner

TOUCH_HEIGHT = 56  # the theme's touch-target floor
INDICATOR_HEIGHT = 44
REFRESH_MS = 30_000  # "posted 3 min ago" is refreshed this often
SHORT_TITLE = 48

# Action → (button text, theme role, objectName). Order of the buttons follows `Banner.actions`.
ACTION_BUTTONS: dict[Action, tuple[str, str | None, str]] = {
    Action.SWITCH_TO_OFFLINE: ("Switch to offline payments", "warning", "bannerSwitchOffline"),
    Action.MANUAL_CARD_ENTRY: ("Manual card entry", None, "bannerManualEntry"),
    Action.GO_BACK_ONLINE: ("Go back online", "primary", "bannerGoOnline"),
    Action.DETAILS: ("Details", None, "bannerDetails"),
}

LastChecked = Callable[[str], datetime | None]


def local_time(value: datetime, tz: tzinfo | None) -> datetime:
    """`value` in the till's time zone (`tz`, or the system's local zone when None)."""
    return value.astimezone(tz) if tz is not None else value.astimezone()


def hhmm(value: datetime, tz: tzinfo | None) -> str:
    return local_time(value, tz).strftime("%H:%M")


def describe_age(posted_at: datetime, now: datetime) -> str:
    """ "just now", "3 min ago", "1 h 5 min ago", "2 days ago"; a future time reads "just now"."""
    seconds = int((now - posted_at).total_seconds())
    if seconds < 60:
        return "just now"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min ago"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes} min ago" if minutes else f"{hours} h ago"
    days = hours // 24
    return f"{days} day{'s' if days != 1 else ''} ago"


def describe_posted(posted_at: datetime | None, now: datetime, tz: tzinfo | None = None) -> str:
    """ "posted 3 min ago · 13:57" (date added when not today); "" when there is no time."""
    if posted_at is None:
        return ""
    local, today = local_time(posted_at, tz), local_time(now, tz)
    stamp = local.strftime("%H:%M") if local.date() == today.date() else local.strftime("%b %d %H:%M")
    return f"posted {describe_age(posted_at, now)} · {stamp}"


def describe_window(banner: Banner, tz: tzinfo | None = None) -> str:
    """A maintenance window, "scheduled 14:00–16:00" (or "scheduled from 14:00")."""
    if banner.scheduled_for is None:
        return ""
    start = hhmm(banner.scheduled_for, tz)
    if banner.scheduled_until is None:
        return f"scheduled from {start}"
    return f"scheduled {start}–{hhmm(banner.scheduled_until, tz)}"


def describe_stale(last_checked: datetime | None, tz: tzinfo | None = None) -> str:
    if last_checked is None:
        return "status unknown — not checked yet"
    return f"status unknown — last checked {hhmm(last_checked, tz)}"


def short(text: str, limit: int = SHORT_TITLE) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def plain_label(text: str = "", name: str | None = None, role: str | None = None) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    if name:
        label.setObjectName(name)
    if role:
        label.setProperty("role", role)
    return label


class ElidedLabel(QLabel):
    """One line of plain text elided at the right to fit; `text()` and the tooltip keep it all."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self.setText(" ".join(text.split()))
        self.setToolTip(text.strip())

    def elided_text(self) -> str:
        width = max(0, self.contentsRect().width())
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, width)

    def is_elided(self) -> bool:
        return self.elided_text() != self.text()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), 60), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            int(self.alignment() | Qt.AlignmentFlag.AlignVCenter),
            self.palette(),
            self.isEnabled(),
            self.elided_text(),
            self.foregroundRole(),
        )
        painter.end()


class IncidentBanner(QFrame):
    """The bar (or, once acknowledged, the small indicator). Create and use on the GUI thread."""

    action_requested = Signal(object)  # Action
    acknowledged = Signal()
    alert_raised = Signal()  # a banner never shown before appeared expanded (flash/beep once)

    def __init__(
        self,
        clock: Clock | None = None,
        *,
        last_checked: LastChecked | None = None,
        tz: tzinfo | None = None,
        open_details_on_click: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self._clock: Clock = clock or SystemClock()
        self._last_checked = last_checked
        self._tz = tz
        self._open_details = open_details_on_click
        self._state = BoardState(None, False, False, (), (), ())
        self._override: tuple[object, bool] | None = None  # (banner key, collapsed) chosen here
        self._fresh_seen: dict[str, datetime] = {}  # fallback "last checked" per source
        self.details_dialog: QWidget | None = None
        self.setProperty("severity", "info")
        self.setProperty("stale", "false")
        self._build()
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh_time)
        self.setVisible(False)

    # -- construction --------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QHBoxLayout(self)
        outer.setContentsMargins(12, 6, 12, 6)
        outer.setSpacing(0)

        self.full = QWidget(self)
        self.full.setObjectName("bannerFull")
        row = QHBoxLayout(self.full)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        self.symbol_label = plain_label(name="bannerSymbol")
        self.symbol_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.symbol_label.setMinimumWidth(36)
        row.addWidget(self.symbol_label, 0, Qt.AlignmentFlag.AlignTop)

        row.addLayout(self._build_text(), 1)
        row.addLayout(self._build_buttons())
        outer.addWidget(self.full)
        outer.addWidget(self._build_indicator(), 0, Qt.AlignmentFlag.AlignLeft)
        outer.addStretch(0)

    def _build_text(self) -> QVBoxLayout:
        text = QVBoxLayout()
        text.setSpacing(2)
        head = QHBoxLayout()
        head.setSpacing(8)
        self.severity_label = plain_label(name="bannerSeverity")
        self.severity_label.setStyleSheet("font-weight: 800;")
        self.title_label = ElidedLabel("bannerTitle")
        self.stale_label = plain_label(name="bannerStale", role="error")
        self.posted_label = plain_label(name="bannerPosted", role="muted")
        head.addWidget(self.severity_label)
        head.addWidget(self.title_label, 1)
        head.addWidget(self.stale_label)
        head.addWidget(self.posted_label)
        text.addLayout(head)
        self.update_label = ElidedLabel("bannerUpdate")
        text.addWidget(self.update_label)
        self.guidance_label = plain_label(name="bannerGuidance")
        self.guidance_label.setWordWrap(True)
        self.guidance_label.setStyleSheet("font-weight: 600;")
        text.addWidget(self.guidance_label)
        return text

    def _build_buttons(self) -> QHBoxLayout:
        self.button_row = QHBoxLayout()
        self.button_row.setSpacing(8)
        self.action_buttons: dict[Action, QPushButton] = {}
        for action, (label, role, name) in ACTION_BUTTONS.items():
            button = self._button(label, role, name)
            button.clicked.connect(lambda _checked=False, a=action: self._on_action(a))
            button.setVisible(False)
            self.action_buttons[action] = button
            self.button_row.addWidget(button)
        self.ack_button = self._button("Got it", None, "bannerAcknowledge")
        self.ack_button.setToolTip("Hide this banner until something changes")
        self.ack_button.clicked.connect(self._on_acknowledge)
        self.button_row.addWidget(self.ack_button)
        return self.button_row

    def _build_indicator(self) -> QPushButton:
        self.indicator = QPushButton(self)
        self.indicator.setObjectName("bannerIndicator")
        self.indicator.setProperty("role", "chip")
        self.indicator.setMinimumHeight(INDICATOR_HEIGHT)
        self.indicator.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.indicator.setToolTip("Show the incident banner again")
        self.indicator.clicked.connect(self.expand)
        self.indicator.setVisible(False)
        return self.indicator

    def _button(self, text: str, role: str | None, name: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        if role:
            button.setProperty("role", role)
        button.setMinimumHeight(TOUCH_HEIGHT)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.setAutoDefault(False)
        return button

    # -- the entry point -----------------------------------------------------------------------

    def set_state(self, state: BoardState) -> None:
        """Show what the incident board says. GUI thread only (connect to `board_changed`)."""
        if QThread.currentThread() is not self.thread():
            raise RuntimeError("IncidentBanner.set_state called off the GUI thread")
        self._state = state
        banner = state.banner
        if banner is None:
            self._override = None
            self._timer.stop()
            self.setVisible(False)
            return
        if self._override is not None and self._override[0] != banner.key:
            self._override = None
        if not banner.stale:
            self._fresh_seen[banner.source] = self._clock.now()
        self._show_banner(banner)
        self._apply_view()
        self.setVisible(True)
        if not self._timer.isActive():
            self._timer.start()
        if state.alert and not self.is_collapsed():
            self.alert_raised.emit()

    # -- queries (tests, composition root) -----------------------------------------------------

    def state(self) -> BoardState:
        return self._state

    def banner(self) -> Banner | None:
        return self._state.banner

    def is_collapsed(self) -> bool:
        if self._state.banner is None:
            return False
        if self._override is not None:
            return self._override[1]
        return self._state.collapsed

    def visible_actions(self) -> tuple[Action, ...]:
        banner = self._state.banner
        return banner.actions if banner is not None else ()

    # -- user actions --------------------------------------------------------------------------

    def expand(self) -> None:
        """Tap on the indicator: show the full bar again (the board stays acknowledged)."""
        banner = self._state.banner
        if banner is None:
            return
        self._override = (banner.key, False)
        self._apply_view()
        self.ack_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def collapse(self) -> None:
        banner = self._state.banner
        if banner is None:
            return
        self._override = (banner.key, True)
        self._apply_view()

    def _on_acknowledge(self) -> None:
        self.collapse()
        self.acknowledged.emit()

    def _on_action(self, action: Action) -> None:
        self.action_requested.emit(action)
        if action is Action.DETAILS and self._open_details:
            self.open_details()

    def open_details(self) -> QWidget:
        """Open (or re-open) the detail dialog for the current state; returns it."""
        from dripos_terminal.ui.incident_detail_dialog import IncidentDetailDialog

        if self.details_dialog is not None:
            self.details_dialog.close()
            self.details_dialog.deleteLater()
        dialog = IncidentDetailDialog(
            self._state, clock=self._clock, tz=self._tz, last_checked=self._checked_at, parent=self
        )
        self.details_dialog = dialog
        dialog.open()
        return dialog

    # -- rendering -----------------------------------------------------------------------------

    def _checked_at(self, source: str) -> datetime | None:
        if self._last_checked is not None:
            found = self._last_checked(source)
            if found is not None:
                return found
        return self._fresh_seen.get(source)

    def _show_banner(self, banner: Banner) -> None:
        changed = False
        for name, value in (
            ("severity", banner.severity.key),
            ("stale", "true" if banner.stale else "false"),
        ):
            if self.property(name) != value:
                self.setProperty(name, value)
                changed = True
        if changed:
            repolish(self)
            repolish(self.indicator)
        sev = banner.severity
        self.symbol_label.setText(sev.symbol)
        self.symbol_label.setToolTip(sev.label)
        self.severity_label.setText(sev.label.upper())
        self.title_label.set_full_text(banner.title)
        self.update_label.set_full_text(banner.update_text)
        self.update_label.setVisible(bool(banner.update_text.strip()))
        self.guidance_label.setText(banner.guidance)
        self.guidance_label.setVisible(bool(banner.guidance))
        self.stale_label.setText(
            describe_stale(self._checked_at(banner.source), self._tz) if banner.stale else ""
        )
        self.stale_label.setVisible(banner.stale)
        self.refresh_time()
        self._show_actions(banner.actions)
        source = "this till" if banner.source == LOCAL_SOURCE else banner.source
        self.setAccessibleName(f"{sev.label}: {banner.title}")
        self.setAccessibleDescription(f"{banner.update_text} {banner.guidance} (source: {source})".strip())
        self.setToolTip(f"Source: {source}")

    def _show_actions(self, actions: tuple[Action, ...]) -> None:
        for button in self.action_buttons.values():
            self.button_row.removeWidget(button)
        for index, action in enumerate(actions):
            self.button_row.insertWidget(index, self.action_buttons[action])
        for action, button in self.action_buttons.items():
            if action not in actions:
                self.button_row.addWidget(button)
            button.setVisible(action in actions)
        chain = [self.action_buttons[a] for a in actions] + [self.ack_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _apply_view(self) -> None:
        banner = self._state.banner
        if banner is None:
            return
        collapsed = self.is_collapsed()
        sev = banner.severity
        suffix = " · status unknown" if banner.stale else ""
        self.indicator.setText(f"{sev.symbol} {sev.label}: {short(banner.title)}{suffix}  ▾")
        self.indicator.setAccessibleName(f"{sev.label}: {banner.title}. Tap to show details.")
        self.full.setVisible(not collapsed)
        self.indicator.setVisible(collapsed)

    def refresh_time(self) -> None:
        """Re-render "posted N min ago" (also called by a 30 s timer while shown)."""
        banner = self._state.banner
        if banner is None:
            return
        parts = [p for p in (describe_window(banner, self._tz),) if p]
        posted = describe_posted(banner.posted_at, self._clock.now(), self._tz)
        if posted:
            parts.append(posted)
        self.posted_label.setText(" · ".join(parts))
        self.posted_label.setVisible(bool(parts))
