"""One place that keeps the footer, the offline strip and the incident banner saying the same thing.

`TillStatusPresenter` holds the inputs of `status.words.till_status` — the connectivity state, the
latest reader/API failure not yet followed by a success (or the incident a status page reports on
the banner), and the card path's own state (off and why, checking earlier payments, ready,
unconfirmed) — and pushes the one answer to all three places whenever any input changes. While the
banner offers "Switch to offline payments", the strip does not offer it a second time. Everything
here runs on the GUI thread (the card results and the connectivity changes reach it through their
queued bridges).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel

from dripos_terminal.domain.connectivity import Connectivity
from dripos_terminal.i18n import QT_TRANSLATE_NOOP, Text
from dripos_terminal.payments.failures import FailureKind
from dripos_terminal.status.health import signals_trouble
from dripos_terminal.status.model import Action
from dripos_terminal.status.words import CardsState, TillStatus, Tone, till_status
from dripos_terminal.ui.banner import IncidentBanner
from dripos_terminal.ui.i18n import tr_text
from dripos_terminal.ui.main_window import MainWindow
from dripos_terminal.ui.offline_strip import OfflineStrip
from dripos_terminal.ui.widgets import describe, make_label, set_role

FOOTER_HELP = QT_TRANSLATE_NOOP("TillStatus", "Whether card payments work on this till right now.")
ROLE_OF_TONE = {Tone.OK: "ok", Tone.MUTED: "muted", Tone.WARNING: "warning", Tone.ERROR: "error"}


class TillStatusPresenter:
    def __init__(self, window: MainWindow) -> None:
        self.footer: QLabel = make_label("", "muted", name="cardStatus")
        describe(self.footer, tr_text(FOOTER_HELP))
        window.add_status_widget(self.footer)
        self.strip: OfflineStrip | None = None
        self.banner: IncidentBanner | None = None
        self._filter_banner = False
        self._refreshing = False
        self._connectivity: Callable[[], Connectivity] = lambda: Connectivity.ONLINE
        self.cards = CardsState.OFF
        self.off_reason: Text | None = None
        self.failure: FailureKind | None = None
        self.current: TillStatus = self._words()
        self.refresh()

    # -- what it shows on ----------------------------------------------------------------------
    def attach_offline(self, strip: OfflineStrip, connectivity: Callable[[], Connectivity]) -> None:
        self.strip, self._connectivity = strip, connectivity
        self.refresh()

    def attach_banner(self, banner: IncidentBanner, *, filter_actions: bool) -> None:
        """Read what the banner reports; with `filter_actions` (a till that can go offline) also tell
        it what the till's state allows it to offer."""
        self.banner, self._filter_banner = banner, filter_actions
        banner.view_changed.connect(self.refresh)
        self.refresh()

    # -- inputs --------------------------------------------------------------------------------
    def cards_state(self, state: CardsState, reason: Text | None = None) -> None:
        self.cards, self.off_reason = state, reason
        self.refresh()

    def payment_failed(self, kind: FailureKind) -> None:
        """A card result or health probe failed; only reader/API trouble changes the words."""
        if signals_trouble(kind):
            self.failure = kind
            self.refresh()

    def payment_worked(self, *_args: object) -> None:
        """A card payment (or a health check of both sides) succeeded."""
        if self.failure is not None:
            self.failure = None
            self.refresh()

    # -- output --------------------------------------------------------------------------------
    def _words(self) -> TillStatus:
        reported = self.banner.reported_severity() if self.banner is not None else None
        return till_status(self._connectivity(), self.failure, self.cards, self.off_reason, reported)

    def refresh(self) -> None:
        if self._refreshing:  # the banner re-renders and says so while we tell it the new words
            return
        self._refreshing = True
        try:
            self._push()
        finally:
            self._refreshing = False

    def _push(self) -> None:
        words = self.current = self._words()
        text = tr_text(words.footer)
        self.footer.setText(text)
        self.footer.setToolTip(text)
        set_role(self.footer, ROLE_OF_TONE[words.footer_tone])
        if self.banner is not None and self._filter_banner:
            self.banner.set_till_status(words)
        if self.strip is not None:
            on_banner = self.banner is not None and self.banner.offers(Action.SWITCH_TO_OFFLINE)
            self.strip.show_status(self._connectivity(), words, offer_switch=not on_banner)
