"""Message boxes the till's way: translated button words, accessible names and descriptions on every
button, the safe choice as the default, never blocking the event loop (`open`, not `exec`)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from dripos_terminal.ui.widgets import describe


def ask(parent: QWidget, *, name: str, title: str, text: str, yes: str, no: str) -> QMessageBox:
    """A question with Yes (`yes`) and Cancel (`no`); Cancel is the default. The caller opens it
    and reads `finished(result)` (QMessageBox.StandardButton.Yes.value when confirmed)."""
    box = QMessageBox(parent)
    box.setObjectName(name)
    box.setWindowTitle(title)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    describe(box, text, title)
    for which, words in ((QMessageBox.StandardButton.Yes, yes), (QMessageBox.StandardButton.Cancel, no)):
        button = box.button(which)
        if button is not None:
            button.setText(words)
            describe(button, words, words)
    return box


def warn(parent: QWidget, *, title: str, text: str, ok: str) -> QMessageBox:
    """A warning with one button (`ok`); opened here, closed by the user."""
    box = QMessageBox(parent)
    box.setObjectName("warning")
    box.setWindowTitle(title)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    describe(box, text, title)
    button = box.button(QMessageBox.StandardButton.Ok)
    if button is not None:
        button.setText(ok)
        describe(button, ok, ok)
    box.open()
    return box
