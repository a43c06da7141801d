"""Details of the banner shown: every update (status, body, posted time), where it came from, the
status page link as text (nothing is fetched or opened from here), and any other banners at once.

Opened by `IncidentBanner` on its "Details" button. Feed text is untrusted: plain-text labels only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dripos_terminal.clock import Clock, SystemClock
from dripos_terminal.status.health import LOCAL_SOURCE
from dripos_terminal.status.incident import BoardState
from dripos_terminal.status.model import Banner
from dripos_terminal.ui.banner import (
    TOUCH_HEIGHT,
    describe_age,
    describe_stale,
    describe_window,
    hhmm,
    plain_label,
)
from dripos_terminal.ui.i18n import day_text, tr_text
from dripos_terminal.ui.widgets import describe

CONTEXT = "IncidentDetailDialog"


def source_text(banner: Banner) -> str:
    if banner.source == LOCAL_SOURCE:
        return QCoreApplication.translate(
            "IncidentDetailDialog", "This till's own checks (card reader and payment service)"
        )
    return QCoreApplication.translate("IncidentDetailDialog", "Status page: {source}").format(
        source=banner.source
    )


def update_heading(status: str, posted_at: datetime | None, now: datetime, tz: tzinfo | None) -> str:
    status = tr_text(status).replace("_", " ").strip().capitalize() or QCoreApplication.translate(
        "IncidentDetailDialog", "Update"
    )
    if posted_at is None:
        return status
    stamp = f"{day_text(posted_at, tz)} {hhmm(posted_at, tz)}"
    return QCoreApplication.translate("IncidentDetailDialog", "{status} — {time} ({age})").format(
        status=status, time=stamp, age=describe_age(posted_at, now)
    )


class IncidentDetailDialog(QDialog):
    def __init__(
        self,
        state: BoardState,
        *,
        clock: Clock | None = None,
        tz: tzinfo | None = None,
        last_checked: Callable[[str], datetime | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("incidentDetailDialog")
        self.setWindowTitle(self.tr("Incident details"))
        describe(
            self, self.tr("Every update of the incident, where it came from, and what else is reported.")
        )
        self.setModal(True)
        self.resize(640, 560)
        self._clock: Clock = clock or SystemClock()
        self._tz = tz
        self._last_checked = last_checked
        self.state = state
        self.update_headings: list[str] = []
        self.update_bodies: list[str] = []
        self.other_lines: list[str] = []

        layout = QVBoxLayout(self)
        banner = state.banner
        if banner is None:
            layout.addWidget(plain_label(self.tr("No incident right now."), name="detailEmpty", role="muted"))
        else:
            self._header(layout, banner)
            layout.addWidget(self._scroll(banner, state), 1)
        close = QPushButton(self.tr("Close"), self)
        close.setObjectName("detailClose")
        describe(close, self.tr("Close the details (Escape)."), self.tr("Close"))
        close.setProperty("role", "primary")
        close.setMinimumHeight(TOUCH_HEIGHT)
        close.setDefault(True)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)

    def _header(self, layout: QVBoxLayout, banner: Banner) -> None:
        sev = banner.severity
        heading = f"{sev.symbol} {tr_text(sev.label).upper()}: {tr_text(banner.title)}"
        title = plain_label(heading, name="detailTitle", role="title")
        title.setWordWrap(True)
        layout.addWidget(title)
        self.source_label = plain_label(source_text(banner), name="detailSource", role="muted")
        layout.addWidget(self.source_label)
        if banner.stale:
            checked = self._last_checked(banner.source) if self._last_checked else None
            layout.addWidget(plain_label(describe_stale(checked, self._tz), name="detailStale", role="error"))
        window = describe_window(banner, self._tz)
        if window:
            layout.addWidget(plain_label(window[:1].upper() + window[1:], name="detailWindow"))
        guidance = plain_label(tr_text(banner.guidance), name="detailGuidance")
        guidance.setWordWrap(True)
        guidance.setStyleSheet("font-weight: 600;")
        layout.addWidget(guidance)
        link = banner.details_url.strip()
        self.link_label = plain_label(
            self.tr("More on the status page: {link}").format(link=link) if link else "", name="detailLink"
        )
        self.link_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.link_label.setOpenExternalLinks(False)
        self.link_label.setWordWrap(True)
        self.link_label.setVisible(bool(link))
        layout.addWidget(self.link_label)

    def _scroll(self, banner: Banner, state: BoardState) -> QScrollArea:
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(
            plain_label(self.tr("Updates (newest first)"), name="detailUpdatesHeading", role="title")
        )
        now = self._clock.now()
        updates = list(banner.history)
        if not updates and banner.update_text:
            column.addWidget(
                self._entry(
                    update_heading(self.tr("Latest"), banner.posted_at, now, self._tz),
                    tr_text(banner.update_text),
                )
            )
        for update in updates:
            column.addWidget(
                self._entry(
                    update_heading(update.status, update.posted_at, now, self._tz), tr_text(update.body)
                )
            )
        if state.others:
            column.addWidget(
                plain_label(self.tr("Also reported right now"), name="detailOthersHeading", role="title")
            )
            for other in state.others:
                sev = other.severity
                where = self.tr("this till") if other.source == LOCAL_SOURCE else other.source
                line = f"{sev.symbol} {tr_text(sev.label)}: {tr_text(other.title)} ({where})"
                if other.stale:
                    line += self.tr(" — status unknown")
                self.other_lines.append(line)
                label = plain_label(line, name="detailOther")
                label.setWordWrap(True)
                column.addWidget(label)
        if state.unknown_feeds:
            column.addWidget(
                plain_label(
                    self.tr("Status unknown for: {feeds}").format(feeds=", ".join(state.unknown_feeds)),
                    name="detailUnknown",
                    role="error",
                )
            )
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setObjectName("detailScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        return scroll

    def _entry(self, heading: str, text: str) -> QFrame:
        self.update_headings.append(heading)
        self.update_bodies.append(text)
        frame = QFrame()
        frame.setObjectName("card")
        inner = QVBoxLayout(frame)
        head = plain_label(heading, name="detailUpdateHeading")
        head.setStyleSheet("font-weight: 700;")
        inner.addWidget(head)
        label: QLabel = plain_label(text or self.tr("(no text)"), name="detailUpdateBody")
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        inner.addWidget(label)
        return frame
