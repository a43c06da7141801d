"""Settings page: the status feed behind the incident banner, with a live preview of what it says."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from dripos_terminal.config import StatusFeedConfig
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.services.checks import feed_preview
from dripos_terminal.services.setup import Step
from dripos_terminal.ui.i18n import tr_text
from dripos_terminal.ui.settings_common import SettingsDeps, SettingsPage, wrapped
from dripos_terminal.ui.widgets import make_button

STRIPE_STATUS_URL = "https://status.stripe.com/api/v2/summary.json"


class StatusFeedPage(SettingsPage):
    title = QT_TRANSLATE_NOOP("StatusFeedPage", "Status feed")
    intro = QT_TRANSLATE_NOOP(
        "StatusFeedPage",
        "The incident banner reads a status page (Statuspage summary.json or an Atom feed) and watches "
        "the components you name. The preview shows what the feed says right now.",
    )
    step = Step.STATUS

    def __init__(self, deps: SettingsDeps, parent: QWidget | None = None) -> None:
        super().__init__(deps, parent)
        self.url = self.row(
            self.tr("Feed address"),
            QLineEdit(),
            self.tr("The status page's summary.json or Atom feed address."),
        )
        self.url.setObjectName("feedUrl")
        self.url.setPlaceholderText(STRIPE_STATUS_URL)
        self.components = self.row(
            self.tr("Watched components (comma separated)"),
            QLineEdit(),
            self.tr("The components whose trouble raises the banner, like Terminal, API."),
        )
        self.components.setObjectName("feedComponents")
        self.preview_button = make_button(
            self.tr("Preview"),
            name="feedPreviewButton",
            description=self.tr("Ask the feed what it says now."),
        )
        self.preview_button.clicked.connect(self.preview)
        self.body.addWidget(self.preview_button)
        self.preview_text = wrapped("", "muted", name="feedPreview")
        self.body.addWidget(self.preview_text)
        self.body.addStretch(1)
        self.url.editingFinished.connect(self.preview)

    def load(self) -> None:
        feeds = self.deps.config().status.feeds
        feed = feeds[0] if feeds else StatusFeedConfig()
        self.url.setText(feed.url)
        self.components.setText(", ".join(feed.components))

    def feed(self) -> StatusFeedConfig:
        names = tuple(c.strip() for c in self.components.text().split(",") if c.strip())
        return StatusFeedConfig(
            url=self.url.text().strip(), components=names or StatusFeedConfig().components
        )

    def preview(self) -> None:
        feed, timeout = self.feed(), self.deps.config().status.timeout_s
        if not feed.url:
            return
        self.preview_text.setText(self.tr("Asking the feed…"))

        def ok(result: Any) -> str:
            self.preview_text.setText(self.tr("The feed says now: {text}").format(text=tr_text(result.text)))
            return ""

        self.run(lambda: feed_preview(feed, timeout_s=timeout), ok, saving=False)

    def save(self) -> None:
        feed = self.feed()
        if feed.url and not feed.url.startswith(("http://", "https://")):
            self.show_message(self.tr("The address starts with https://"), "error")
            return
        feeds = (
            [{"url": feed.url, "components": list(feed.components), "name": feed.name}] if feed.url else []
        )
        settings, actor = self.deps.shop.settings, self.deps.actor()
        self.run(
            lambda: settings.update(actor, "status", {"feeds": feeds}),
            lambda _c: self.tr("Saved. The banner uses the new feed after the next start."),
        )
