"""On-screen receipt after a sale (or from history): the printed layout, change in large type.

Printing is a hook: `print_requested(OrderView)` is emitted by the Print button, which is hidden
until the composition root connects a printer (`enable_printing()`); `set_print_state` shows
"Printing…" and then the printer's answer (e.g. out of paper) under the buttons. `order_shown` tells
the printer area which order is on screen; it answers with `set_printed`: the button says Reprint
once the receipt went to the printer, and a receipt the printer did not confirm is marked.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from dripos_terminal.services.receipt import format_receipt
from dripos_terminal.services.views import OrderView
from dripos_terminal.ui.i18n import localizer, money, tr_text
from dripos_terminal.ui.widgets import WrapLabel, describe, make_button, make_label


class ReceiptView(QWidget):
    new_order_requested = Signal()
    print_requested = Signal(object)
    order_shown = Signal(object)  # OrderView, each time one is shown

    def __init__(
        self, *, shop_name: str, address: str = "", till_id: str = "", parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("screen")
        describe(self, self.tr("The receipt of the order: print it, or start a new order (Enter)."))
        self._shop_name, self._address, self._till_id = shop_name, address, till_id
        self.view: OrderView | None = None

        outer = QHBoxLayout(self)
        outer.addStretch(1)
        col = QVBoxLayout()
        outer.addLayout(col, 2)
        outer.addStretch(1)
        self.headline = make_label("", "title", name="receiptHeadline")
        self.change_label = make_label("", "big", name="receiptChange")
        col.addWidget(self.headline, 0, Qt.AlignmentFlag.AlignHCenter)
        col.addWidget(self.change_label, 0, Qt.AlignmentFlag.AlignHCenter)

        card = QFrame()
        card.setObjectName("card")
        card_layout = QVBoxLayout(card)
        self.text = QLabel()
        self.text.setObjectName("receiptText")
        self.text.setAccessibleName(self.tr("Receipt"))
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.text.setFont(font)
        self.text.setStyleSheet("font-family: monospace;")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        card_layout.addWidget(self.text)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(card)
        col.addWidget(scroll, 1)

        self.print_message = WrapLabel("", "muted", name="receiptPrintMessage")
        self.print_message.hide()
        col.addWidget(self.print_message)
        self.unconfirmed_label = WrapLabel("", "error", name="receiptUnconfirmed")
        self.unconfirmed_label.hide()
        col.addWidget(self.unconfirmed_label)
        buttons = QHBoxLayout()
        self.print_button = make_button(
            self.tr("Print"), name="receiptPrint", description=self.tr("Print this receipt (Ctrl+P).")
        )
        self.print_button.hide()
        self.new_button = make_button(
            self.tr("New order"),
            "primary",
            name="receiptNewOrder",
            description=self.tr("Back to the till for the next order (Enter)."),
        )
        self.new_button.setMinimumHeight(56)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.new_button, 1)
        col.addLayout(buttons)
        self.new_button.clicked.connect(self.new_order_requested.emit)
        self.print_button.clicked.connect(lambda: self.view and self.print_requested.emit(self.view))

    def set_shop(self, name: str, address: str) -> None:
        """HOOK (settings): the header of receipts shown from now on."""
        self._shop_name, self._address = name, address
        if self.view is not None:
            self.text.setText("\n".join(self.lines()))

    def enable_printing(self) -> None:
        """HOOK (peripherals): show the Print button; connect `print_requested` to the printer."""
        self.print_button.show()

    def set_print_state(self, *, busy: bool, message: str = "", error: bool = False) -> None:
        """HOOK (peripherals): Print disabled while printing; the outcome or what to do next below it."""
        self.print_button.setEnabled(not busy)
        message = tr_text(message)
        self.print_message.setText(message)
        self.print_message.setProperty("role", "error" if error else "muted")
        self.print_message.style().unpolish(self.print_message)
        self.print_message.style().polish(self.print_message)
        self.print_message.setVisible(bool(message))

    def set_printed(self, *, printed_before: bool, mark: str = "") -> None:
        """HOOK (peripherals): Reprint once the receipt went to the printer; `mark` when the printer
        did not confirm it."""
        self.print_button.setText(self.tr("Reprint") if printed_before else self.tr("Print"))
        self.unconfirmed_label.setText(mark)
        self.unconfirmed_label.setVisible(bool(mark))

    def show_order(self, view: OrderView, *, headline: str = "") -> None:
        self.view = view
        self.print_message.hide()
        self.set_printed(printed_before=False)
        headline = tr_text(headline) if headline else self.tr("Paid")
        self.headline.setText(
            self.tr("{headline} — order {number}").format(headline=headline, number=view.display_number)
            if view.display_number
            else headline
        )
        cur = view.currency.lower()
        self.change_label.setText(
            self.tr("Change {amount}").format(amount=money(view.change, cur))
            if view.change
            else self.tr("No change due")
        )
        self.text.setText("\n".join(self.lines()))
        self.order_shown.emit(view)

    def lines(self) -> list[str]:
        if self.view is None:
            return []
        return format_receipt(
            self.view,
            shop_name=self._shop_name,
            address=self._address,
            till_id=self._till_id,
            words=localizer(),
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
            self.new_order_requested.emit()
        elif ctrl and event.key() == Qt.Key.Key_P and self.print_button.isVisible():
            if self.print_button.isEnabled():
                self.print_button.click()
        else:
            super().keyPressEvent(event)
