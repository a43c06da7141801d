"""Choose a discount: preset chips (10 %, 25 %, 50 %, comp) or a fixed amount on the keypad.

The dialog only collects the choice; permission (and manager override) is checked before it opens,
and the sale applies it. `choice()` → `("percent", basis_points)` or `("fixed", minor_units)`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.ui.i18n import tr_text
from dripos_terminal.ui.widgets import AmountEntry, FlowRow, describe, make_button, make_label

PERCENT_PRESETS: tuple[tuple[str, int], ...] = (
    ("10%", 1000),
    ("15%", 1500),
    ("25%", 2500),
    ("50%", 5000),
    (QT_TRANSLATE_NOOP("DiscountDialog", "Comp 100%"), 10000),
)


class DiscountDialog(QDialog):
    def __init__(self, title: str, currency: str = "usd", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("discountDialog")
        self.setWindowTitle(title)
        describe(self, self.tr("Choose a discount: a percentage, or an amount typed on the keypad."))
        self._choice: tuple[str, int] | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(make_label(title, "title"))
        chips = FlowRow(spacing=6)
        for text, bp in PERCENT_PRESETS:
            shown = tr_text(text)
            button = make_button(
                shown,
                "chip",
                name=f"discount_{bp}",
                description=self.tr("Take {percent} off.").format(percent=shown),
            )
            button.clicked.connect(lambda _checked=False, v=bp: self._pick(("percent", v)))
            chips.add(button)
        layout.addWidget(chips)
        layout.addWidget(make_label(self.tr("Or an amount off:"), "muted"))
        self.amount = AmountEntry(currency)
        describe(
            self.amount,
            self.tr("The amount off, typed on the keypad or the keyboard."),
            self.tr("Amount off"),
        )
        layout.addWidget(self.amount)
        self.cancel_button = make_button(
            self.tr("Cancel"),
            name="discountCancel",
            description=self.tr("Close without a discount (Escape)."),
        )
        self.fixed_button = make_button(
            self.tr("Take amount off"),
            "primary",
            name="discountFixed",
            description=self.tr("Take the amount typed off (Enter)."),
        )
        layout.addWidget(FlowRow([self.cancel_button, self.fixed_button], align_right=True))
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
