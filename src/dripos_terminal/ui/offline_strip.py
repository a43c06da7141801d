"""The offline strip: under the banner on every screen, what the till's card path is doing right now.

It says the card path's state in words — the sentence `status.words.till_status` chose, the same
source as the footer's and the banner's words — how many card payments are stored on this till
(count and total), the oldest one's countdown to the 24-hour forwarding deadline (warning style from
12 h), and offers the one obvious action for the state: "Switch to offline payments" while card
payments go to Stripe, "Go back online" only when Stripe is reachable again (RECOVERING) — going back
is never silent.

The strip only draws and emits; the composition root (`composition.offline`) decides what the
buttons do (manager PIN, audit) and feeds it summaries it computed on a worker. `refresh_due` fires
on a timer (every 30 s by default) so the countdown keeps moving. Long sentences wrap; the strip
never makes the window wider than its screen.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QVBoxLayout, QWidget

from dripos_terminal.domain.connectivity import Connectivity
from dripos_terminal.domain.offline_policy import QueueSummary, WarningLevel
from dripos_terminal.status.words import STRIP_OFFLINE, STRIP_RECOVERING, TillStatus, till_status
from dripos_terminal.ui.i18n import money, tr_text
from dripos_terminal.ui.widgets import FlowRow, WrapLabel, describe, make_button

REFRESH_MS = 30_000
# The strip's sentences in English (tests compare against them; the screens show them translated).
OFFLINE_TEXT = str(STRIP_OFFLINE)
RECOVERING_TEXT = str(STRIP_RECOVERING)


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
        describe(self, self.tr("Card payments: online or stored offline, and what is stored on this till."))
        grid = QGridLayout(self)
        grid.setContentsMargins(12, 4, 12, 4)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(2)
        self.state_label = WrapLabel("", name="offlineState")
        self.summary_label = WrapLabel("", name="offlineSummary")
        self.countdown_label = WrapLabel("", name="offlineCountdown")
        self.message_label = WrapLabel("", name="offlineMessage")
        numbers = QVBoxLayout()
        numbers.setSpacing(0)
        numbers.addWidget(self.summary_label)
        numbers.addWidget(self.countdown_label)
        self.switch_button = make_button(
            self.tr("Switch to offline payments"),
            "warning",
            name="offlineSwitch",
            description=self.tr("Store card payments on this till and send them when Stripe is back."),
        )
        self.online_button = make_button(
            self.tr("Go back online"),
            "primary",
            name="offlineGoOnline",
            description=self.tr("Take card payments through Stripe again; stored payments are sent."),
        )
        self.buttons = FlowRow([self.switch_button, self.online_button], align_right=True)
        grid.addWidget(self.state_label, 0, 0)
        grid.addLayout(numbers, 0, 1)
        grid.addWidget(self.buttons, 0, 2)
        grid.addWidget(self.message_label, 1, 0, 1, 3)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        self.switch_button.clicked.connect(lambda _c=False: self.switch_requested.emit())
        self.online_button.clicked.connect(lambda _c=False: self.online_requested.emit())
        self.state = Connectivity.ONLINE
        self.status: TillStatus = till_status(Connectivity.ONLINE)
        self.summary: QueueSummary | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(refresh_ms)
        self.timer.timeout.connect(self.refresh_due.emit)
        self.timer.start()
        self.show_status(Connectivity.ONLINE, self.status)
        self.set_summary(None)

    def set_state(self, state: Connectivity) -> None:
        """The state alone (no failure known): the words `till_status` gives it."""
        self.show_status(state, till_status(state))

    def show_status(self, state: Connectivity, status: TillStatus, *, offer_switch: bool = True) -> None:
        """The words and the offer for the card path's state (`status.words.till_status`);
        `offer_switch=False` while the banner already offers the switch (one button, not two)."""
        self.state, self.status = state, status
        self.state_label.setText(tr_text(status.strip))
        _set_warning(self.state_label, status.strip_warning)
        switch = status.offer_switch and offer_switch
        self.switch_button.setVisible(switch)
        self.online_button.setVisible(status.offer_online)
        self.buttons.setVisible(switch or status.offer_online)
        if state is Connectivity.ONLINE and not status.strip_warning:
            self.show_message("")

    def set_summary(self, summary: QueueSummary | None) -> None:
        self.summary = summary
        if summary is None or summary.empty:
            self.summary_label.setText("" if summary is None else self.tr("No offline payments stored"))
            self.countdown_label.setText("")
            self.countdown_label.hide()
            _set_warning(self.countdown_label, False)
            return
        total = money(summary.total_minor, summary.currency)
        if summary.count == 1:
            self.summary_label.setText(self.tr("1 stored payment — {total}").format(total=total))
        else:
            self.summary_label.setText(
                self.tr("{count} stored payments — {total}").format(count=summary.count, total=total)
            )
        self.countdown_label.setText(tr_text(summary.countdown_text()))
        self.countdown_label.show()
        _set_warning(self.countdown_label, summary.warning is not WarningLevel.NONE)

    def show_message(self, text: str, *, warning: bool = False) -> None:
        self.message_label.setText(tr_text(text))
        self.message_label.setVisible(bool(text))
        _set_warning(self.message_label, warning)

    @property
    def countdown_warning(self) -> bool:
        return bool(self.countdown_label.property("warning") == "true")
