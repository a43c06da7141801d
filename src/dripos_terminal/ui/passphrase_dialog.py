"""Ask a manager for the database recovery passphrase (unlock), or choose one (first run, twice).

Used only when no OS keyring can hold the database key and `DRIPOS_TERMINAL_PASSPHRASE` is unset.
The passphrase lives in this dialog's line edits until `passphrase()` is read; it is never logged.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from dripos_terminal.ui.widgets import make_button, make_label

MIN_LENGTH = 10


class PassphraseDialog(QDialog):
    def __init__(self, *, create: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self._create = create
        self.setWindowTitle("Choose a recovery passphrase" if create else "Unlock the till")
        layout = QVBoxLayout(self)
        if create:
            intro = (
                "Set up: choose a recovery passphrase (at least 10 characters). A manager needs it to "
                "unlock this till's encrypted database when the system keyring cannot. Keep it safe: "
                "without it the sales records cannot be opened."
            )
        else:
            intro = "Enter the manager's recovery passphrase to unlock this till's encrypted database."
        text = make_label(intro)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.first = QLineEdit()
        self.first.setObjectName("passphrase")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setPlaceholderText("Recovery passphrase")
        layout.addWidget(self.first)
        self.second = QLineEdit()
        self.second.setObjectName("passphraseRepeat")
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setPlaceholderText("Type it again")
        self.second.setVisible(create)
        layout.addWidget(self.second)
        self.message = make_label("", "error", name="passphraseMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.cancel_button = make_button("Quit", name="passphraseCancel")
        self.ok_button = make_button("Create" if create else "Unlock", "primary", name="passphraseOk")
        self.ok_button.setDefault(True)
        row.addWidget(self.cancel_button)
        row.addWidget(self.ok_button)
        layout.addLayout(row)
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self._check)
        self.first.returnPressed.connect(self._check)
        self.second.returnPressed.connect(self._check)

    def _check(self) -> None:
        first = self.first.text()
        if self._create:
            if len(first.strip()) < MIN_LENGTH:
                self.message.setText(f"Use at least {MIN_LENGTH} characters.")
                return
            if first != self.second.text():
                self.message.setText("The two passphrases differ. Type them again.")
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
