"""The manager's way out of the full-screen kiosk: use the till in a window, or close it.

Opened by the status strip's "Exit" button once a manager's PIN was accepted
(`composition.display`); it only reports the choice (`choice`), the caller acts on it.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from dripos_terminal.ui.widgets import FlowRow, WrapLabel, make_button, make_label


class KioskChoice(enum.Enum):
    STAY = "stay"
    WINDOWED = "windowed"
    QUIT = "quit"


class KioskExitDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kioskExitDialog")
        self.setWindowTitle(self.tr("Leave full screen"))
        self.choice = KioskChoice.STAY
        layout = QVBoxLayout(self)
        layout.addWidget(make_label(self.tr("Leave full screen"), "title"))
        layout.addWidget(
            WrapLabel(
                self.tr(
                    "Use the till in a window (for the back office), or close it. Closing stops card "
                    "payments and forwarding on this till until it is started again; nothing is lost."
                ),
                "muted",
            )
        )
        self.windowed_button = make_button(
            self.tr("Use a window"),
            "primary",
            name="kioskWindowed",
            description=self.tr("Show the till in an ordinary window instead of full screen."),
        )
        self.quit_button = make_button(
            self.tr("Close the till"),
            "danger",
            name="kioskQuit",
            description=self.tr("Close the till program on this computer."),
        )
        self.stay_button = make_button(
            self.tr("Stay in full screen"),
            name="kioskStay",
            description=self.tr("Close this dialog and keep the till full screen."),
        )
        layout.addWidget(FlowRow([self.windowed_button, self.quit_button, self.stay_button]))
        self.windowed_button.clicked.connect(lambda _c=False: self._choose(KioskChoice.WINDOWED))
        self.quit_button.clicked.connect(lambda _c=False: self._choose(KioskChoice.QUIT))
        self.stay_button.clicked.connect(lambda _c=False: self._choose(KioskChoice.STAY))
        self.windowed_button.setDefault(True)
        self.windowed_button.setFocus()

    def _choose(self, choice: KioskChoice) -> None:
        self.choice = choice
        if choice is KioskChoice.STAY:
            self.reject()
        else:
            self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._choose(KioskChoice.WINDOWED)
        else:
            super().keyPressEvent(event)
