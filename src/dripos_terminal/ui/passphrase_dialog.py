"""Ask a manager for the database recovery passphrase (unlock), or choose one (first run, twice).

Used only when no OS keyring can hold the database key and `DRIPOS_TERMINAL_PASSPHRASE` is unset.
The passphrase lives in this dialog's line edits until `passphrase()` is read; it is never logged.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout, QWidget

from dripos_terminal.ui.widgets import FlowRow, WrapLabel, describe, make_button

MIN_LENGTH = 10


class PassphraseDialog(QDialog):
    def __init__(self, *, create: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self._create = create
        self.setWindowTitle(self.tr("Choose a recovery passphrase") if create else self.tr("Unlock the till"))
        layout = QVBoxLayout(self)
        if create:
            intro = self.tr(
                "Set up: choose a recovery passphrase (at least 10 characters). A manager needs it to "
                "unlock this till's encrypted database when the system keyring cannot. Keep it safe: "
                "without it the sales records cannot be opened."
            )
        else:
            intro = self.tr(
                "Enter the manager's recovery passphrase to unlock this till's encrypted database."
            )
        describe(self, intro)
        layout.addWidget(WrapLabel(intro))
        self.first = QLineEdit()
        self.first.setObjectName("passphrase")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setPlaceholderText(self.tr("Recovery passphrase"))
        describe(self.first, intro, self.tr("Recovery passphrase"))
        layout.addWidget(self.first)
        self.second = QLineEdit()
        self.second.setObjectName("passphraseRepeat")
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setPlaceholderText(self.tr("Type it again"))
        describe(self.second, self.tr("The same passphrase once more."), self.tr("Type it again"))
        self.second.setVisible(create)
        layout.addWidget(self.second)
        self.message = WrapLabel("", "error", name="passphraseMessage")
        layout.addWidget(self.message)
        self.cancel_button = make_button(
            self.tr("Quit"), name="passphraseCancel", description=self.tr("Close the till.")
        )
        self.ok_button = make_button(
            self.tr("Create") if create else self.tr("Unlock"),
            "primary",
            name="passphraseOk",
            description=self.tr("Use this passphrase (Enter)."),
        )
        self.ok_button.setDefault(True)
        layout.addWidget(FlowRow([self.cancel_button, self.ok_button], align_right=True))
        self.first.setFocus()
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self._check)
        self.first.returnPressed.connect(self._check)
        self.second.returnPressed.connect(self._check)

    def _check(self) -> None:
        first = self.first.text()
        if self._create:
            if len(first.strip()) < MIN_LENGTH:
                self.message.setText(self.tr("Use at least {count} characters.").format(count=MIN_LENGTH))
                return
            if first != self.second.text():
                self.message.setText(self.tr("The two passphrases differ. Type them again."))
                self.second.clear()
                return
        elif not first:
            return
        self.accept()

    def passphrase(self) -> str | None:
        if self.result() != QDialog.DialogCode.Accepted:
            return None
        return self.first.text()


def ask_passphrase(*, create: bool) -> str | None:
    """Blocking start-up prompt (runs before the till's window exists); None if the user quits."""
    dialog = PassphraseDialog(create=create)
    dialog.exec()
    return dialog.passphrase()
