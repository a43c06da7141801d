"""F1: the till's keys, over whatever screen is showing. The same table is docs/keyboard.md (a test
keeps the two in step), so what the barista reads on screen is what the manual says.

A modal dialog on the main window (`open`, never `exec`): Escape, Enter or F1 close it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QFrame, QGridLayout, QScrollArea, QVBoxLayout, QWidget

from dripos_terminal.ui.widgets import FlowRow, WrapLabel, describe, make_button, make_label

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


def key_sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """(screen, [(keys, what they do)]) in the installed language; English is docs/keyboard.md."""
    return [
        (
            translate("Keys", "Everywhere"),
            [
                ("F1", translate("Keys", "This list of keys")),
                ("Tab / Shift+Tab", translate("Keys", "Next / previous control")),
                ("Space", translate("Keys", "Press the focused button")),
            ],
        ),
        (
            translate("Keys", "Sign in"),
            [
                ("0–9", translate("Keys", "Type the PIN")),
                ("Backspace", translate("Keys", "Delete the last digit")),
                ("Delete / Esc", translate("Keys", "Clear the PIN")),
                ("Enter", translate("Keys", "Sign in")),
            ],
        ),
        (
            translate("Keys", "Sell"),
            [
                ("Ctrl+PgDown / Ctrl+PgUp", translate("Keys", "Next / previous category")),
                ("Alt+1 … Alt+9", translate("Keys", "Category 1 to 9")),
                ("← → ↑ ↓", translate("Keys", "Move between the menu's items")),
                ("Space", translate("Keys", "Add the focused item to the order")),
                (
                    "+ / −",
                    translate("Keys", "One more / one less of the selected line (the one just added)"),
                ),
                ("Delete", translate("Keys", "Remove the selected line")),
                ("Ctrl+↑ / Ctrl+↓", translate("Keys", "Select the line above / below")),
                ("Ctrl+D", translate("Keys", "Discount on the whole order")),
                ("Enter", translate("Keys", "Pay")),
            ],
        ),
        (
            translate("Keys", "Item options"),
            [
                ("Tab, Space", translate("Keys", "Choose the options")),
                ("Enter", translate("Keys", "Add the item with the options chosen")),
                ("Esc", translate("Keys", "Do not add it")),
            ],
        ),
        (
            translate("Keys", "Pay"),
            [
                ("0–9, Backspace", translate("Keys", "Type the cash handed over")),
                ("Enter", translate("Keys", "Take cash: the amount typed, else the exact amount")),
                ("Ctrl+K", translate("Keys", "Pay by card")),
                ("Ctrl+0 … Ctrl+9", translate("Keys", "Tip: Ctrl+0 no tip, then the tip buttons in order")),
                ("Esc", translate("Keys", "Back to the order")),
            ],
        ),
        (
            translate("Keys", "Card payment"),
            [
                ("Enter", translate("Keys", "Charge; when approved, done; when not known, check again")),
                ("Esc", translate("Keys", "Cancel the payment on the reader")),
            ],
        ),
        (
            translate("Keys", "Manager's PIN"),
            [
                ("0–9", translate("Keys", "Type the manager's PIN")),
                ("Enter", translate("Keys", "Approve")),
                ("Esc", translate("Keys", "Cancel")),
            ],
        ),
        (
            translate("Keys", "Receipt"),
            [
                ("Enter / Esc", translate("Keys", "New order")),
                ("Ctrl+P", translate("Keys", "Print (again)")),
            ],
        ),
        (
            translate("Keys", "Orders"),
            [
                ("↑ ↓", translate("Keys", "Choose an order")),
                ("Enter", translate("Keys", "Show its receipt")),
                ("Esc", translate("Keys", "Back to selling")),
            ],
        ),
    ]


class HelpOverlay(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpOverlay")
        self.setWindowTitle(self.tr("Keys"))
        self.setModal(True)
        describe(self, self.tr("The keys that work on each screen"), self.tr("Keys"))
        col = QVBoxLayout(self)
        col.addWidget(make_label(self.tr("Keys"), "title"))
        body = QWidget()
        grid = QGridLayout(body)
        grid.setColumnStretch(1, 1)
        row = 0
        self.rows: list[tuple[str, str]] = []
        for section, keys in key_sections():
            grid.addWidget(make_label(section, "section"), row, 0, 1, 2)
            row += 1
            for combo, action in keys:
                key_label = make_label(combo, "value")
                key_label.setTextFormat(Qt.TextFormat.PlainText)
                grid.addWidget(key_label, row, 0, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(WrapLabel(action), row, 1)
                self.rows.append((combo, action))
                row += 1
        scroll = QScrollArea()
        scroll.setObjectName("helpKeys")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        describe(scroll, self.tr("Each key and what it does"), self.tr("Keys list"))
        scroll.setWidget(body)
        col.addWidget(scroll, 1)
        self.close_button = make_button(
            self.tr("Close"), "primary", name="helpClose", description=self.tr("Closes the list of keys")
        )
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.accept)
        col.addWidget(FlowRow((self.close_button,), align_right=True))
        if parent is not None:
            screen = parent.screen().availableGeometry()
            self.resize(min(720, screen.width() - 40), min(640, screen.height() - 80))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape, Qt.Key.Key_F1):
            self.accept()
        else:
            super().keyPressEvent(event)
