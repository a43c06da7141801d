"""Take payment: tip, cash with quick amounts and a keypad, split tender, and (later) cards.

Cash: "Exact" and the next $1/$5/$10/$20 above what is left, or any amount typed on the keypad.
An amount below what is left is a partial tender (split): the dialog then asks for the rest. When
the order is covered, the sale is committed through `TaskRunner` ("Saving…"); only after the
durable commit does the dialog say "Paid" and show the change in large type. A storage error shows
its `user_message` and a "Try again" button; the order and its tenders stay in memory, nothing lost.

Card seam: pass `card_handler(sale, amount_minor, parent, done)`; it runs its own checkout UI, which
records a card tender on the sale's order in the same commit as the payment, and calls
`done(tendered, error)` on the GUI thread (`tendered`: a tender is now on the sale). Without a
handler the Card button is disabled ("Card payments: coming soon").

The tip can be chosen until the order is covered: after a first part is paid (a split tender), the
tip still goes with the next tender. Keyboard (docs/keyboard.md): digits type an amount; Enter takes
it in cash, or the exact amount when nothing is typed (never the tip chip that had the focus);
Ctrl+0…Ctrl+5 choose the tip; Ctrl+K pays by card; Escape goes back.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dripos_terminal.services.sales import SaleSession, SalesService
from dripos_terminal.services.views import OrderView
from dripos_terminal.ui.i18n import money, tr_text
from dripos_terminal.ui.tasks import TaskRunner
from dripos_terminal.ui.widgets import (
    AmountEntry,
    FlowRow,
    MoneyLabel,
    WrapLabel,
    describe,
    make_button,
    make_label,
    shown_error,
    touch_list,
)

CardDone = Callable[[bool, BaseException | None], None]  # (a tender went on the sale, error)
CardHandler = Callable[[SaleSession, int, QWidget, CardDone], None]
QUICK_STEPS = (100, 500, 1000, 2000)


def quick_cash_amounts(remaining: int) -> list[int]:
    """Exact, then the next whole $1, $5, $10, $20 strictly above `remaining` (no duplicates)."""
    amounts = [remaining]
    for step in QUICK_STEPS:
        value = -(-remaining // step) * step
        if value == remaining:
            value += step
        if value not in amounts:
            amounts.append(value)
    return amounts


class TenderDialog(QDialog):
    """Emits `completed(OrderView)` after the durable commit, when the barista taps Done."""

    completed = Signal(object)

    def __init__(
        self,
        sale: SaleSession,
        sales: SalesService,
        tasks: TaskRunner,
        *,
        card_handler: CardHandler | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tenderDialog")
        self.setWindowTitle(self.tr("Payment"))
        describe(self, self.tr("Take payment: tip, cash or card; split across several tenders."))
        self._sale, self._sales, self._tasks, self._card_handler = sale, sales, tasks, card_handler
        self._currency = sale.view().currency.lower()
        self._saving = False
        self.committed: OrderView | None = None
        self.quick_buttons: list[QPushButton] = []

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_header())
        layout.addLayout(self._build_tips())
        body = QHBoxLayout()
        body.addLayout(self._build_cash(), 3)
        side = QWidget()
        side.setMinimumWidth(260)
        side.setLayout(self._build_side())
        body.addWidget(side, 2)
        layout.addLayout(body)
        self._refresh()
        self.amount.setFocus()

    # -- construction -------------------------------------------------------------------------
    def _build_header(self) -> QGridLayout:
        grid = QGridLayout()
        self.due_label = MoneyLabel(0, self._currency, role="total")
        self.due_label.setObjectName("tenderDue")
        self.remaining_label = MoneyLabel(0, self._currency, role="big")
        self.remaining_label.setObjectName("tenderRemaining")
        self.due_label.setAccessibleName(self.tr("Total due"))
        self.remaining_label.setAccessibleName(self.tr("Left to pay"))
        self.remaining_caption = make_label(self.tr("Left to pay"), "muted")
        grid.addWidget(make_label(self.tr("Total due"), "muted"), 0, 0)
        grid.addWidget(self.due_label, 1, 0)
        grid.addWidget(self.remaining_caption, 0, 1)
        grid.addWidget(self.remaining_label, 1, 1)
        return grid

    def _build_tips(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(make_label(self.tr("Tip"), "muted"), 0, Qt.AlignmentFlag.AlignTop)
        self.tip_buttons: list[QPushButton] = []
        chips = FlowRow(spacing=6)
        for index, (label, amount) in enumerate([("No tip", 0), *self._sale.tip_options()]):
            shown = self.tr("No tip") if amount == 0 else f"{label}  {money(amount, self._currency)}"
            button = make_button(
                shown,
                "chip",
                name=f"tip_{label.rstrip('%').replace(' ', '_')}",
                description=self.tr("Tip choice (Ctrl+{key}).").format(key=index),
            )
            button.setCheckable(True)
            button.clicked.connect(lambda _checked=False, a=amount, b=button: self._set_tip(a, b))
            chips.add(button)
            self.tip_buttons.append(button)
        self.tip_buttons[0].setChecked(True)
        row.addWidget(chips, 1)
        return row

    def _build_cash(self) -> QVBoxLayout:
        col = QVBoxLayout()
        self.quick_row = FlowRow(spacing=6, stretch_items=True)
        col.addWidget(self.quick_row)
        self.amount = AmountEntry(self._currency)
        self.amount.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        describe(self.amount, self.tr("The cash handed over: type it on the keypad or the keyboard."))
        col.addWidget(self.amount)
        self.cash_button = make_button(
            self.tr("Take cash"),
            "primary",
            name="takeCash",
            description=self.tr("Take the amount typed in cash (Enter); less than is due is a split tender."),
        )
        self.cash_button.clicked.connect(self._take_typed_cash)
        self.amount.changed.connect(lambda _v: self._refresh_buttons())
        col.addWidget(self.cash_button)
        return col

    def _build_side(self) -> QVBoxLayout:
        col = QVBoxLayout()
        self.card_button = make_button(
            self.tr("Card"), name="cardButton", description=self.tr("Pay what is left by card (Ctrl+K).")
        )
        if self._card_handler is None:
            self.card_button.setToolTip(self.tr("Card payments: coming soon"))
        self.card_button.clicked.connect(self._card)
        col.addWidget(self.card_button)
        col.addWidget(make_label(self.tr("Tenders"), "muted"))
        self.tender_list = QListWidget()
        self.tender_list.setObjectName("tenderList")
        touch_list(self.tender_list)
        describe(
            self.tender_list, self.tr("What has been paid so far, tender by tender."), self.tr("Tenders")
        )
        col.addWidget(self.tender_list, 1)
        self.change_caption = make_label("", "muted")
        self.change_label = make_label("", "big", name="changeDue")
        self.status = WrapLabel("", "muted", name="tenderStatus")
        for widget in (self.change_caption, self.change_label, self.status):
            col.addWidget(widget)
        self.cancel_button = make_button(
            self.tr("Back"), name="tenderCancel", description=self.tr("Back to the order (Escape).")
        )
        self.retry_button = make_button(
            self.tr("Try again"), "warning", name="tenderRetry", description=self.tr("Save the order again.")
        )
        self.done_button = make_button(
            self.tr("Done"),
            "primary",
            name="tenderDone",
            description=self.tr("Finish and show the receipt (Enter)."),
        )
        col.addWidget(FlowRow([self.cancel_button, self.retry_button, self.done_button], align_right=True))
        self.cancel_button.clicked.connect(self.reject)
        self.retry_button.clicked.connect(self._commit)
        self.done_button.clicked.connect(self._done)
        self.retry_button.hide()
        self.done_button.hide()
        return col

    # -- actions ------------------------------------------------------------------------------
    def _set_tip(self, amount: int, button: QPushButton) -> None:
        if not self._tip_open():
            return
        for other in self.tip_buttons:
            other.setChecked(other is button)
        try:
            self._sale.set_tip(amount)
        except ValueError as exc:
            self.status.setText(shown_error(exc))
        self._refresh()

    def _tip_open(self) -> bool:
        """A tip can go on the next tender while something is left to pay."""
        return not self._saving and self.committed is None and self._sale.view().remaining > 0

    def take_cash(self, tendered: int) -> None:
        """Hand over `tendered` cash (minor units): all of it, or part of what is left (split)."""
        if self._saving or self.committed is not None or tendered <= 0:
            return
        try:
            self._sale.add_cash(tendered)
        except ValueError as exc:
            self.status.setText(shown_error(exc))
            return
        self.amount.set_amount(0)
        self._refresh()
        if self._sale.view().remaining <= 0:
            self._commit()

    def _take_typed_cash(self) -> None:
        self.take_cash(self.amount.amount())

    def _card(self) -> None:
        if self._card_handler is None or self._saving or self.committed is not None:
            return
        remaining = self._sale.view().remaining

        def done(tendered: bool, error: BaseException | None) -> None:
            if error is not None:
                self.status.setText(shown_error(error))
            elif tendered:  # already on the sale's committed order
                self._refresh()
                if self._sale.view().remaining <= 0:
                    self._commit()

        self._card_handler(self._sale, remaining, self, done)

    def _commit(self) -> None:
        if self._saving or self.committed is not None:
            return
        self._saving = True
        self.retry_button.hide()
        self.status.setText(self.tr("Saving…"))
        self.status.setProperty("role", "muted")
        self._refresh_buttons()
        self._tasks.run(lambda: self._sales.complete(self._sale), self._committed)

    def _committed(self, view: OrderView | None, error: BaseException | None) -> None:
        self._saving = False
        if error is not None or view is None:
            if getattr(error, "user_message", None):
                message = shown_error(error)
            else:
                message = self.tr("The order could not be saved: {error}").format(error=shown_error(error))
            self.status.setText(
                self.tr("{message}\nThe order is kept — tap Try again.").format(message=message)
            )
            self.status.setProperty("role", "error")
            self.status.style().polish(self.status)
            self.retry_button.show()
            self._refresh_buttons()
            return
        self.committed = view
        self.status.setText(self.tr("Paid — order {number}").format(number=view.display_number))
        self.status.setProperty("role", "ok")
        self.status.style().polish(self.status)
        self.done_button.show()
        self.done_button.setDefault(True)
        self.done_button.setFocus()
        self._refresh()

    def _done(self) -> None:
        if self.committed is not None:
            self.completed.emit(self.committed)
            self.accept()

    def reject(self) -> None:
        if self._saving:
            return  # never abandon a commit in flight
        if self.committed is not None:
            self._done()
            return
        super().reject()

    # -- drawing ------------------------------------------------------------------------------
    def _refresh(self) -> None:
        view = self.committed or self._sale.view()
        self.due_label.set_amount(view.due)
        self.remaining_label.set_amount(max(view.remaining, 0))
        self.tender_list.clear()
        for tender in view.tenders:
            text = f"{tr_text(tender.label)}  {money(tender.amount, self._currency)}"
            if tender.change:
                text += self.tr("  (given {amount})").format(amount=money(tender.tendered, self._currency))
            self.tender_list.addItem(text)
        if view.change or view.remaining <= 0:
            self.change_caption.setText(self.tr("Change due"))
            self.change_label.setText(money(view.change, self._currency))
        self._rebuild_quick(max(view.remaining, 0))
        self._refresh_buttons()

    def _rebuild_quick(self, remaining: int) -> None:
        for button in self.quick_buttons:
            self.quick_row.remove(button)
            button.deleteLater()
        self.quick_buttons = []
        if remaining <= 0:
            return
        for index, value in enumerate(quick_cash_amounts(remaining)):
            amount = money(value, self._currency)
            text = self.tr("Exact {amount}").format(amount=amount) if index == 0 else amount
            button = make_button(
                text,
                "key",
                name="quickExact" if index == 0 else f"quick_{value}",
                description=self.tr("{amount} handed over in cash.").format(amount=amount),
            )
            button.setStyleSheet("font-size: 17px; padding: 4px 10px;")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _checked=False, v=value: self.take_cash(v))
            self.quick_row.add(button)
            self.quick_buttons.append(button)

    def _refresh_buttons(self) -> None:
        open_ = not self._saving and self.committed is None
        self.cash_button.setEnabled(open_ and self.amount.amount() > 0)
        self.card_button.setEnabled(open_ and self._card_handler is not None)
        self.cancel_button.setEnabled(not self._saving)
        self.cancel_button.setText(self.tr("Close") if self.committed is not None else self.tr("Back"))
        for button in self.quick_buttons:
            button.setEnabled(open_)
        tips = self._tip_open()
        for button in self.tip_buttons:
            button.setEnabled(tips)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key, ctrl = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.committed is not None:
                self._done()
            elif self.amount.amount() > 0:
                self._take_typed_cash()
            elif self.quick_buttons:
                self.quick_buttons[0].click()
        elif key == Qt.Key.Key_Escape:
            self.reject()
        elif ctrl and Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            index = key - Qt.Key.Key_0
            if index < len(self.tip_buttons) and self.tip_buttons[index].isEnabled():
                self.tip_buttons[index].click()
        elif ctrl and key == Qt.Key.Key_K:
            if self.card_button.isEnabled():
                self.card_button.click()
        elif not self.amount.press_key(event):
            super().keyPressEvent(event)
