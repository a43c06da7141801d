"""The offline strip: under the banner on every screen, what the till's card path is doing right now.

It says the connectivity state in words, how many card payments are stored on this till (count and
total), the oldest one's countdown to the 24-hour forwarding deadline (warning style from 12 h), and
offers the one obvious action for the state: "Switch to offline payments" while online or degraded,
"Go back online" only when Stripe is reachable again (RECOVERING) — going back is never silent.

The strip only draws and emits; the composition root (`composition.offline`) decides what the
buttons do (manager PIN, audit) and feeds it summaries it computed on a worker. `refresh_due` fires
on a timer (every 30 s by default) so the countdown keeps moving.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from dripos_terminal.domain.connectivity import STATE_TEXT, Connectivity
from dripos_terminal.domain.offline_policy import QueueSummary, WarningLevel
from dripos_terminal.ui.widgets import make_button, make_label

OFFLINE_TEXT = "Offline payments — cards are stored on this till and sent when Stripe is back"
RECOVERING_TEXT = "Stripe is reachable again — card payments are still stored until you go back online"
SWITCH_TEXT = "Switch to offline payments"
ONLINE_TEXT = "Go back online"
REFRESH_MS = 30_000

STRIP_TEXT: dict[Connectivity, str] = {
    Connectivity.ONLINE: STATE_TEXT[Connectivity.ONLINE],
    Connectivity.DEGRADED: STATE_TEXT[Connectivity.DEGRADED],
    Connectivity.OFFLINE: OFFLINE_TEXT,
    Connectivity.RECOVERING: RECOVERING_TEXT,
}


def _set_warning(widget: QWidget, on: bool) -> None:
    widget.setProperty("warning", "true" if on else "false")
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


class OfflineStrip(QFrame):
    """Emits `switch_requested` / `online_requested`; `refresh_due` on its timer."""

    switch_requested = Signal()
    online_requested = Signal()
    refresh_due = Signal()

    def __init__(self, refresh_ms: int = REFRESH_MS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("offlineStrip")
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 4, 12, 4)
        self.state_label = make_label("", name="offlineState")
        self.state_label.setWordWrap(True)
        self.summary_label = make_label("", name="offlineSummary")
        self.countdown_label = make_label("", name="offlineCountdown")
        self.message_label = make_label("", name="offlineMessage")
        self.message_label.setWordWrap(True)
        self.switch_button = make_button(SWITCH_TEXT, "warning", name="offlineSwitch")
        self.online_button = make_button(ONLINE_TEXT, "primary", name="offlineGoOnline")
        row.addWidget(self.state_label, 3)
        row.addWidget(self.summary_label, 2)
        row.addWidget(self.countdown_label, 1)
        row.addWidget(self.message_label, 2)
        row.addWidget(self.switch_button)
        row.addWidget(self.online_button)
        self.switch_button.clicked.connect(lambda _c=False: self.switch_requested.emit())
        self.online_button.clicked.connect(lambda _c=False: self.online_requested.emit())
        self.state = Connectivity.ONLINE
        self.summary: QueueSummary | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(refresh_ms)
        self.timer.timeout.connect(self.refresh_due.emit)
        self.timer.start()
        self.set_state(Connectivity.ONLINE)
        self.set_summary(None)

    def set_state(self, state: Connectivity) -> None:
        self.state = state
        self.state_label.setText(STRIP_TEXT[state])
        _set_warning(self.state_label, state is not Connectivity.ONLINE)
        self.switch_button.setVisible(state in (Connectivity.ONLINE, Connectivity.DEGRADED))
        self.online_button.setVisible(state is Connectivity.RECOVERING)
        if state is Connectivity.ONLINE:
            self.show_message("")

    def set_summary(self, summary: QueueSummary | None) -> None:
        self.summary = summary
        if summary is None or summary.empty:
            self.summary_label.setText("" if summary is None else "No offline payments stored")
            self.countdown_label.setText("")
            _set_warning(self.countdown_label, False)
            return
        plural = "" if summary.count == 1 else "s"
        self.summary_label.setText(f"{summary.count} stored payment{plural} — {summary.total}")
        self.countdown_label.setText(summary.countdown_text())
        _set_warning(self.countdown_label, summary.warning is not WarningLevel.NONE)

    def show_message(self, text: str, *, warning: bool = False) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))
        _set_warning(self.message_label, warning)

    @property
    def countdown_warning(self) -> bool:
        return bool(self.countdown_label.property("warning") == "true")
