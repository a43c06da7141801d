"""First run of a real (non-demo) till: create the first manager (name and PIN, twice)."""

from __future__ import annotations

from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout, QWidget

from dripos_terminal.ui.widgets import FlowRow, WrapLabel, describe, make_button


class FirstManagerDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstManagerDialog")
        self.setWindowTitle(self.tr("Set up the first manager"))
        describe(self, self.tr("Create the first manager of this till: a name and a PIN, twice."))
        layout = QVBoxLayout(self)
        layout.addWidget(
            WrapLabel(self.tr("No staff are set up on this till yet. Create the first manager account."))
        )
        self.name = QLineEdit()
        self.name.setObjectName("managerName")
        self.name.setPlaceholderText(self.tr("Name"))
        describe(self.name, self.tr("The manager's name."), self.tr("Name"))
        validator = QRegularExpressionValidator(r"[0-9]{0,8}", self)
        self.pin = QLineEdit()
        self.pin.setObjectName("managerPin")
        self.pin.setPlaceholderText(self.tr("PIN (4 to 8 digits)"))
        describe(self.pin, self.tr("The manager's PIN, 4 to 8 digits."), self.tr("PIN"))
        self.repeat = QLineEdit()
        self.repeat.setObjectName("managerPinRepeat")
        self.repeat.setPlaceholderText(self.tr("PIN again"))
        describe(self.repeat, self.tr("The same PIN once more."), self.tr("PIN again"))
        for edit in (self.pin, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setValidator(validator)
        for edit in (self.name, self.pin, self.repeat):
            layout.addWidget(edit)
        self.message = WrapLabel("", "error")
        layout.addWidget(self.message)
        cancel = make_button(self.tr("Quit"), description=self.tr("Close the till without setting it up."))
        ok = make_button(
            self.tr("Create manager"),
            "primary",
            description=self.tr("Create the manager and continue (Enter)."),
        )
        ok.setDefault(True)
        layout.addWidget(FlowRow([cancel, ok], align_right=True))
        self.name.setFocus()
        cancel.clicked.connect(self.reject)
        ok.clicked.connect(self._check)

    def _check(self) -> None:
        if not self.name.text().strip():
            self.message.setText(self.tr("Enter a name."))
        elif not 4 <= len(self.pin.text()) <= 8:
            self.message.setText(self.tr("The PIN is 4 to 8 digits."))
        elif self.pin.text() != self.repeat.text():
            self.message.setText(self.tr("The two PINs differ."))
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
