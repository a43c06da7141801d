"""Demo-only screen: the simulator controls (tap a card, break the reader, play a status incident)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget


class DemoScreen(QScrollArea):
    """Holds whichever demo panels the composition root built; visible in demo mode only."""

    def __init__(self, panels: list[QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        intro = QLabel(
            "Demo controls. Nothing here exists on a real till: these buttons play the customer, the card "
            "reader and Stripe's status page so you can rehearse an incident."
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        layout.addWidget(intro)
        for panel in panels:
            layout.addWidget(panel)
        layout.addStretch(1)
        self.setWidget(body)
