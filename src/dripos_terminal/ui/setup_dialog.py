"""First run of a real (non-demo) till: create the first manager (name and PIN, twice)."""

from __future__ import annotations

from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from dripos_terminal.ui.widgets import make_button, make_label


class FirstManagerDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstManagerDialog")
        self.setWindowTitle("Set up the first manager")
        layout = QVBoxLayout(self)
        intro = make_label("No staff are set up on this till yet. Create the first manager account.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.name = QLineEdit()
        self.name.setObjectName("managerName")
        self.name.setPlaceholderText("Name")
        validator = QRegularExpressionValidator(r"[0-9]{0,8}", self)
        self.pin = QLineEdit()
        self.pin.setObjectName("managerPin")
        self.pin.setPlaceholderText("PIN (4 to 8 digits)")
        self.repeat = QLineEdit()
        self.repeat.setObjectName("managerPinRepeat")
        self.repeat.setPlaceholderText("PIN again")
        for edit in (self.pin, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setValidator(validator)
        for edit in (self.name, self.pin, self.repeat):
            layout.addWidget(edit)
        self.message = make_label("", "error")
        layout.addWidget(self.message)
        row = QHBoxLayout()
        cancel = make_button("Quit")
        ok = make_button("Create manager", "primary")
        ok.setDefault(True)
        row.addWidget(cancel)
        row.addWidget(ok)
        layout.addLayout(row)
        cancel.clicked.connect(self.reject)
        ok.clicked.connect(self._check)

    def _check(self) -> None:
        if not self.name.text().strip():
            self.message.setText("Enter a name.")
        elif not 4 <= len(self.pin.text()) <= 8:
            self.message.setText("The PIN is 4 to 8 digits.")
        elif self.pin.text() != self.repeat.text():
            self.message.setText("The two PINs differ.")
        else:
            self.accept()

    def values(self) -> tuple[str, str] | None:
        if self.result() != QDialog.DialogCode.Accepted:
            return None
        return self.name.text().strip(), self.pin.text()


def ask_first_manager() -> tuple[str, str] | None:
    """Blocking start-up prompt (before the till window exists)."""
    dialog = FirstManagerDialog()
    dialog.exec()
    return dialog.values()
