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

from PySide6.QtCore import QCoreApplication, QSize, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dripos_terminal.clock import Clock, SystemClock
from dripos_terminal.i18n import QT_TRANSLATE_NOOP, Text
from dripos_terminal.status.health import LOCAL_SOURCE
from dripos_terminal.status.incident import BoardState
from dripos_terminal.status.model import Action, Banner, Severity
from dripos_terminal.status.words import TillStatus
from dripos_terminal.ui.i18n import day_text, time_text, tr_text
from dripos_terminal.ui.widgets import FlowRow, WrapLabel, describe

TOUCH_HEIGHT = 48  # over the 44 px touch-target floor, and low enough for a banner on a 768 px screen
INDICATOR_HEIGHT = 44
REFRESH_MS = 30_000  # "posted 3 min ago" is refreshed this often
SHORT_TITLE = 48
TEXT_MIN_WIDTH = 420  # below this much room beside the buttons, the buttons go under the text
CONTEXT = "IncidentBanner"

# Action → (button text, theme role, objectName). Order of the buttons follows `Banner.actions`.
ACTION_BUTTONS: dict[Action, tuple[Text, str | None, str]] = {
    Action.SWITCH_TO_OFFLINE: (
        QT_TRANSLATE_NOOP("IncidentBanner", "Switch to offline payments"),
        "warning",
        "bannerSwitchOffline",
    ),
    Action.MANUAL_CARD_ENTRY: (
        QT_TRANSLATE_NOOP("IncidentBanner", "Manual card entry"),
        None,
        "bannerManualEntry",
    ),
    Action.GO_BACK_ONLINE: (
        QT_TRANSLATE_NOOP("IncidentBanner", "Go back online"),
        "primary",
        "bannerGoOnline",
    ),
    Action.DETAILS: (QT_TRANSLATE_NOOP("IncidentBanner", "Details"), None, "bannerDetails"),
}
ACTION_HELP: dict[Action, Text] = {
    Action.SWITCH_TO_OFFLINE: QT_TRANSLATE_NOOP(
        "IncidentBanner", "Store card payments on this till and send them when Stripe is back."
    ),
    Action.MANUAL_CARD_ENTRY: QT_TRANSLATE_NOOP("IncidentBanner", "Key the customer's card in on the till."),
    Action.GO_BACK_ONLINE: QT_TRANSLATE_NOOP(
        "IncidentBanner", "Take card payments through Stripe again; stored payments are sent."
    ),
    Action.DETAILS: QT_TRANSLATE_NOOP(
        "IncidentBanner", "Every update of this incident and where it came from."
    ),
}

LastChecked = Callable[[str], datetime | None]


def local_time(value: datetime, tz: tzinfo | None) -> datetime:
    """`value` in the till's time zone (`tz`, or the system's local zone when None)."""
    return value.astimezone(tz) if tz is not None else value.astimezone()


def hhmm(value: datetime, tz: tzinfo | None) -> str:
    """A clock time in the shop's locale ("5:44 PM", "17:44")."""
    return time_text(value, tz)


def describe_age(posted_at: datetime, now: datetime) -> str:
    """ "just now", "3 min ago", "1 h 5 min ago", "2 days ago"; a future time reads "just now"."""
    seconds = int((now - posted_at).total_seconds())
    if seconds < 60:
        return QCoreApplication.translate("IncidentBanner", "just now")
    minutes = seconds // 60
    if minutes < 60:
        return QCoreApplication.translate("IncidentBanner", "{minutes} min ago").format(minutes=minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        if minutes:
            return QCoreApplication.translate("IncidentBanner", "{hours} h {minutes} min ago").format(
                hours=hours, minutes=minutes
            )
        return QCoreApplication.translate("IncidentBanner", "{hours} h ago").format(hours=hours)
    days = hours // 24
    return (
        QCoreApplication.translate("IncidentBanner", "1 day ago")
        if days == 1
        else QCoreApplication.translate("IncidentBanner", "{days} days ago").format(days=days)
    )


def describe_posted(posted_at: datetime | None, now: datetime, tz: tzinfo | None = None) -> str:
    """ "posted 3 min ago · 1:57 PM" (the day added when not today); "" when there is no time."""
    if posted_at is None:
        return ""
    local, today = local_time(posted_at, tz), local_time(now, tz)
    stamp = hhmm(posted_at, tz)
    if local.date() != today.date():
        stamp = f"{day_text(posted_at, tz)} {stamp}"
    return QCoreApplication.translate("IncidentBanner", "posted {age} · {time}").format(
        age=describe_age(posted_at, now), time=stamp
    )


def describe_window(banner: Banner, tz: tzinfo | None = None) -> str:
    """A maintenance window, "scheduled 2:00 PM–4:00 PM" (or "scheduled from 2:00 PM")."""
    if banner.scheduled_for is None:
        return ""
    start = hhmm(banner.scheduled_for, tz)
    if banner.scheduled_until is None:
        return QCoreApplication.translate("IncidentBanner", "scheduled from {start}").format(start=start)
    return QCoreApplication.translate("IncidentBanner", "scheduled {start}–{end}").format(
        start=start, end=hhmm(banner.scheduled_until, tz)
    )


def describe_stale(last_checked: datetime | None, tz: tzinfo | None = None) -> str:
    if last_checked is None:
        return QCoreApplication.translate("IncidentBanner", "status unknown — not checked yet")
    return QCoreApplication.translate("IncidentBanner", "status unknown — last checked {time}").format(
        time=hhmm(last_checked, tz)
    )


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
    view_changed = Signal()  # shown, hidden, collapsed or expanded (what it offers may have changed)

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
        self._till_status: TillStatus | None = None  # what the till's own state allows (status.words)
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
        # Symbol | text, and the buttons beside the text when there is room, else under it: the
        # banner grows down, it never makes the window wider (`resizeEvent`).
        self.grid = QGridLayout(self.full)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(6)
        self.symbol_label = plain_label(name="bannerSymbol")
        self.symbol_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.symbol_label.setMinimumWidth(36)
        self.grid.addWidget(self.symbol_label, 0, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
        self.text_box = QWidget()
        self.text_box.setLayout(self._build_text())
        self.text_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.grid.addWidget(self.text_box, 0, 1)
        self.grid.setColumnStretch(1, 1)
        self.buttons = self._build_buttons()
        self._buttons_beside = True
        self.grid.addWidget(self.buttons, 0, 2, Qt.AlignmentFlag.AlignTop)
        outer.addWidget(self.full)
        outer.addWidget(self._build_indicator(), 0, Qt.AlignmentFlag.AlignLeft)
        outer.addStretch(0)

    def _build_text(self) -> QVBoxLayout:
        text = QVBoxLayout()
        text.setContentsMargins(0, 0, 0, 0)
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
        self.guidance_label = WrapLabel(name="bannerGuidance")
        self.guidance_label.setTextFormat(Qt.TextFormat.PlainText)
        self.guidance_label.setStyleSheet("font-weight: 600;")
        text.addWidget(self.guidance_label)
        return text

    def _build_buttons(self) -> FlowRow:
        row = FlowRow(spacing=8, align_right=True)
        row.setObjectName("bannerButtons")
        self.button_row = row.flow
        self.action_buttons: dict[Action, QPushButton] = {}
        for action, (label, role, name) in ACTION_BUTTONS.items():
            button = self._button(tr_text(label), role, name)
            button.setAccessibleDescription(tr_text(ACTION_HELP[action]))
            button.clicked.connect(lambda _checked=False, a=action: self._on_action(a))
            button.setVisible(False)
            self.action_buttons[action] = button
            row.add(button)
        self.ack_button = self._button(self.tr("Got it"), None, "bannerAcknowledge")
        self.ack_button.setToolTip(self.tr("Hide this banner until something changes"))
        self.ack_button.setAccessibleDescription(self.tr("Hide this banner until something changes"))
        self.ack_button.clicked.connect(self._on_acknowledge)
        row.add(self.ack_button)
        return row

    def _build_indicator(self) -> QPushButton:
        self.indicator = QPushButton(self)
        self.indicator.setObjectName("bannerIndicator")
        self.indicator.setProperty("role", "chip")
        self.indicator.setMinimumHeight(INDICATOR_HEIGHT)
        self.indicator.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.indicator.setToolTip(self.tr("Show the incident banner again"))
        describe(
            self.indicator, self.tr("Show the incident banner again"), self.tr("Incident banner (hidden)")
        )
        self.indicator.clicked.connect(self.expand)
        self.indicator.setVisible(False)
        return self.indicator

    def _button(self, text: str, role: str | None, name: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(text)
        if role:
            button.setProperty("role", role)
        button.setMinimumHeight(TOUCH_HEIGHT)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.setAutoDefault(False)
        return button

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._place_buttons()

    def _place_buttons(self, *, force: bool = False) -> None:
        """Buttons beside the text when both fit, else on their own row under it."""
        room = self.width() - 36 - 12 * 4 - self.buttons.sizeHint().width()
        beside = room >= TEXT_MIN_WIDTH
        if beside == self._buttons_beside and not force:
            return
        self._buttons_beside = beside
        self.grid.removeWidget(self.buttons)
        if beside:
            self.grid.addWidget(self.buttons, 0, 2, Qt.AlignmentFlag.AlignTop)
        else:
            self.grid.addWidget(self.buttons, 1, 1, 1, 2)

    @property
    def buttons_beside_text(self) -> bool:
        return self._buttons_beside

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
            self.view_changed.emit()
            return
        if self._override is not None and self._override[0] != banner.key:
            self._override = None
        if not banner.stale:
            self._fresh_seen[banner.source] = self._clock.now()
        self._show_banner(banner)
        self.setVisible(True)
        self._apply_view()
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
        if banner is None:
            return ()
        allowed = self._till_status.actions if self._till_status is not None else None
        return tuple(a for a in banner.actions if allowed is None or a in allowed)

    def set_till_status(self, status: TillStatus | None) -> None:
        """The till's card-payment state in the shared vocabulary (`status.words.till_status`): only
        the actions it allows are offered, and its guidance replaces the feed's once offline."""
        if status == self._till_status:
            return
        self._till_status = status
        banner = self._state.banner
        if banner is not None:
            self._show_banner(banner)
            self._apply_view()

    def guidance(self) -> str:
        banner = self._state.banner
        if banner is None:
            return ""
        status = self._till_status
        if status is not None and status.guidance is not None:
            return tr_text(status.guidance)
        return tr_text(banner.guidance)

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
        label, title, update = tr_text(sev.label), tr_text(banner.title), tr_text(banner.update_text)
        guidance = self.guidance()
        self.symbol_label.setText(sev.symbol)
        self.symbol_label.setToolTip(label)
        self.severity_label.setText(label.upper())
        self.title_label.set_full_text(title)
        self.update_label.set_full_text(update)
        self.update_label.setVisible(bool(update.strip()))
        self.guidance_label.setText(guidance)
        self.guidance_label.setVisible(bool(guidance))
        self.stale_label.setText(
            describe_stale(self._checked_at(banner.source), self._tz) if banner.stale else ""
        )
        self.stale_label.setVisible(banner.stale)
        self.refresh_time()
        self._show_actions(self.visible_actions())
        source = self.tr("this till") if banner.source == LOCAL_SOURCE else banner.source
        self.setAccessibleName(self.tr("{severity}: {title}").format(severity=label, title=title))
        self.setAccessibleDescription(
            self.tr("{update} {guidance} (source: {source})")
            .format(update=update, guidance=guidance, source=source)
            .strip()
        )
        self.setToolTip(self.tr("Source: {source}").format(source=source))

    def _show_actions(self, actions: tuple[Action, ...]) -> None:
        for button in self.action_buttons.values():
            self.buttons.remove(button)
        for index, action in enumerate(actions):
            self.buttons.insert(index, self.action_buttons[action])
        for action, button in self.action_buttons.items():
            if action not in actions:
                self.buttons.insert(self.button_row.count() - 1, button)
            button.setVisible(action in actions)
        chain = [self.action_buttons[a] for a in actions] + [self.ack_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self._place_buttons(force=True)  # re-decide for the new set of buttons

    def _apply_view(self) -> None:
        banner = self._state.banner
        if banner is None:
            return
        collapsed = self.is_collapsed()
        sev = banner.severity
        label, title = tr_text(sev.label), tr_text(banner.title)
        suffix = self.tr(" · status unknown") if banner.stale else ""
        self.indicator.setText(f"{sev.symbol} {label}: {short(title)}{suffix}  ▾")
        self.indicator.setAccessibleName(
            self.tr("{severity}: {title}. Tap to show details.").format(severity=label, title=title)
        )
        self.full.setVisible(not collapsed)
        self.indicator.setVisible(collapsed)
        self.view_changed.emit()

    def offers(self, action: Action) -> bool:
        """The banner is on screen, expanded, with `action`'s button."""
        return not self.isHidden() and not self.is_collapsed() and action in self.visible_actions()

    def reported_severity(self) -> Severity | None:
        """The severity of an incident a status page reports (None for the till's own findings)."""
        banner = self._state.banner
        if banner is None or banner.source == LOCAL_SOURCE or banner.stale:
            return None
        return banner.severity

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
