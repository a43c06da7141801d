"""Shown instead of the till when the database cannot be opened (missing key, wrong key, damaged).

It states the store's `user_message`, where the data lives, and that nothing was changed. When a
recovery passphrase could help, it offers a field to try one (`unlock_requested(passphrase)`).
When the database is lost (missing beside its recovery file, or an empty file) it offers the one
decision a manager can take here instead: "Start a new, empty till database", confirmed with the
recovery passphrase (`start_new_requested(passphrase)`). Nothing here creates a key or a file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QMainWindow, QVBoxLayout, QWidget

from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.ui.i18n import tr_text
from dripos_terminal.ui.widgets import WrapLabel, describe, make_button

START_NEW = QT_TRANSLATE_NOOP("RecoveryWindow", "Start a new, empty till database")
START_NEW_TEXT = str(START_NEW)


class RecoveryWindow(QMainWindow):
    unlock_requested = Signal(str)
    start_new_requested = Signal(str)
    quit_requested = Signal()

    def __init__(
        self,
        *,
        title: str,
        message: str,
        data_dir: Path | None,
        can_unlock: bool,
        can_start_new: bool = False,
    ) -> None:
        super().__init__()
        self.setObjectName("recoveryWindow")
        self.setWindowTitle(self.tr("Dripos Terminal — cannot open the till's data"))
        describe(self, tr_text(message), tr_text(title))
        self.resize(760, 480)
        central = QWidget()
        central.setObjectName("screen")
        col = QVBoxLayout(central)
        col.setContentsMargins(32, 32, 32, 32)
        col.addWidget(WrapLabel(tr_text(title), "title", name="recoveryTitle"))
        self.message = WrapLabel(tr_text(message), name="recoveryMessage")
        col.addWidget(self.message)
        if data_dir is not None:
            where = WrapLabel(
                self.tr("Data folder: {path}").format(path=data_dir), "muted", name="recoveryDataDir"
            )
            col.addWidget(where)
        self.error = WrapLabel("", "error", name="recoveryError")
        col.addWidget(self.error)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("recoveryPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(
            self.tr("Manager's recovery passphrase, to confirm")
            if can_start_new
            else self.tr("Manager's recovery passphrase")
        )
        describe(self.passphrase, self.passphrase.placeholderText(), self.tr("Recovery passphrase"))
        self.unlock_button = make_button(
            self.tr("Unlock"),
            "primary",
            name="recoveryUnlock",
            description=self.tr("Open the data with it (Enter)."),
        )
        self.start_new_button = make_button(
            tr_text(START_NEW),
            "danger",
            name="recoveryStartNew",
            description=self.tr(
                "Replace the lost database with a new, empty one; the recovery file is kept."
            ),
        )
        self._start_new = can_start_new and not can_unlock
        self.passphrase.setVisible(can_unlock or self._start_new)
        self.unlock_button.setVisible(can_unlock)
        self.start_new_button.setVisible(self._start_new)
        col.addWidget(self.passphrase)
        col.addWidget(self.unlock_button)
        col.addWidget(self.start_new_button)
        col.addStretch(1)
        self.quit_button = make_button(
            self.tr("Quit"), name="recoveryQuit", description=self.tr("Close the till.")
        )
        col.addWidget(self.quit_button)
        self.setCentralWidget(central)
        self.unlock_button.clicked.connect(self._submit)
        self.start_new_button.clicked.connect(self._submit)
        self.passphrase.returnPressed.connect(self._submit)
        self.quit_button.clicked.connect(self.quit_requested.emit)

    def _submit(self) -> None:
        text = self.passphrase.text()
        if text:
            self.passphrase.clear()
            (self.start_new_requested if self._start_new else self.unlock_requested).emit(text)

    def show_error(self, text: str) -> None:
        self.error.setText(tr_text(text))
