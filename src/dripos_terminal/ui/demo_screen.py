"""Demo-only screen: the simulator controls (tap a card, break the reader, play a status incident)."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from dripos_terminal.ui.widgets import WrapLabel, describe


class DemoScreen(QScrollArea):
    """Holds whichever demo panels the composition root built; visible in demo mode only."""

    def __init__(self, panels: list[QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self.setWidgetResizable(True)
        describe(self, self.tr("Demo controls: play the customer, the card reader and the status page."))
        body = QWidget()
        layout = QVBoxLayout(body)
        intro = WrapLabel(
            self.tr(
                "Demo controls. Nothing here exists on a real till: these buttons play the customer, "
                "the card "
                "reader and Stripe's status page so you can rehearse an incident."
            ),
            "muted",
        )
        layout.addWidget(intro)
        for panel in panels:
            layout.addWidget(panel)
        layout.addStretch(1)
        self.setWidget(body)
