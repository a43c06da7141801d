"""Choose a discount: preset chips (10 %, 25 %, 50 %, comp) or a fixed amount on the keypad.

The dialog only collects the choice; permission (and manager override) is checked before it opens,
and the sale applies it. `choice()` → `("percent", basis_points)` or `("fixed", minor_units)`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QVBoxLayout, QWidget

from dripos_terminal.ui.widgets import AmountEntry, make_button, make_label

PERCENT_PRESETS: tuple[tuple[str, int], ...] = (
    ("10%", 1000),
    ("15%", 1500),
    ("25%", 2500),
    ("50%", 5000),
    ("Comp 100%", 10000),
)


class DiscountDialog(QDialog):
    def __init__(self, title: str, currency: str = "usd", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("discountDialog")
        self.setWindowTitle(title)
        self._choice: tuple[str, int] | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(make_label(title, "title"))
        chips = QHBoxLayout()
        for text, bp in PERCENT_PRESETS:
            button = make_button(text, "chip", name=f"discount_{bp}")
            button.clicked.connect(lambda _checked=False, v=bp: self._pick(("percent", v)))
            chips.addWidget(button)
        layout.addLayout(chips)
        layout.addWidget(make_label("Or an amount off:", "muted"))
        self.amount = AmountEntry(currency)
        layout.addWidget(self.amount)
        row = QHBoxLayout()
        self.cancel_button = make_button("Cancel", name="discountCancel")
        self.fixed_button = make_button("Take amount off", "primary", name="discountFixed")
        row.addWidget(self.cancel_button)
        row.addWidget(self.fixed_button)
        layout.addLayout(row)
        self.cancel_button.clicked.connect(self.reject)
        self.fixed_button.clicked.connect(self._fixed)
        self.amount.changed.connect(lambda v: self.fixed_button.setEnabled(v > 0))
        self.fixed_button.setEnabled(False)

    def _pick(self, choice: tuple[str, int]) -> None:
        self._choice = choice
        self.accept()

    def _fixed(self) -> None:
        if self.amount.amount() > 0:
            self._pick(("fixed", self.amount.amount()))

    def choice(self) -> tuple[str, int] | None:
        return self._choice

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._fixed()
        elif event.key() == Qt.Key.Key_Escape:
            self.reject()
        elif not self.amount.press_key(event):
            super().keyPressEvent(event)
