"""The selling screen: category chips and item tiles on the left, the cart on the right, Pay.

All edits go to a `SaleSession` (services.sales) and the cart is redrawn from its `OrderView`.
Discounts are gated by `Permission.DISCOUNT` (manager override when the barista lacks it). Pay opens
`TenderDialog`, which commits the order through `TaskRunner` and reports `completed(view)`.

Keyboard (docs/keyboard.md): Ctrl+PgDown/PgUp or Alt+1…9 choose a category, arrows move between
tiles, Space adds the focused item; the line just added (or changed) is the selected line, which
"+", "−" and Delete act on (Ctrl+Up/Down select another line); Enter pays.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dripos_terminal.domain.staff import Permission
from dripos_terminal.services.views import LineView, OrderView
from dripos_terminal.ui.discount_dialog import DiscountDialog
from dripos_terminal.ui.i18n import money, tr_text
from dripos_terminal.ui.menu_tiles import CategoryPicker, Tile, tile_for
from dripos_terminal.ui.message_box import warn
from dripos_terminal.ui.modifier_dialog import ModifierDialog
from dripos_terminal.ui.override_dialog import request_permission
from dripos_terminal.ui.tasks import TaskRunner
from dripos_terminal.ui.tender_dialog import TenderDialog
from dripos_terminal.ui.widgets import (
    FlowRow,
    MoneyLabel,
    WrapLabel,
    describe,
    make_button,
    make_label,
    shown_error,
    touch_list,
)


class SellScreen(QWidget):
    """Emits `order_completed(OrderView)` once an order is durably committed as paid."""

    order_completed = Signal(object)
    no_sale_granted = Signal(object)  # Authorization for Permission.NO_SALE (the actor's, or an override)

    def __init__(
        self,
        *,
        catalog: Any,
        sales: Any,
        staff: Any,
        tasks: TaskRunner,
        card_handler: Callable[..., None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self._catalog, self._sales, self._staff, self._tasks = catalog, sales, staff, tasks
        self.card_handler = card_handler
        self._currency = catalog.currency.lower()
        self._actor: Any = None
        self.sale: Any = None
        self.tiles: dict[str, Tile] = {}
        self.unavailable: frozenset[str] = frozenset()  # items "86'd" for today
        self.dialog: QDialog | None = None  # the dialog currently open from this screen (tests drive it)
        self.warning: QDialog | None = None  # the last "not possible" message
        describe(self, self.tr("Sell: choose items on the left, the order and Pay on the right."))

        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 8)
        self.menu = self._build_menu()
        row.addWidget(self.menu, 3)
        row.addWidget(self._build_cart(), 2)
        self._refresh()

    # -- construction -------------------------------------------------------------------------
    def _build_menu(self) -> CategoryPicker:
        picker = CategoryPicker()
        for category in self._catalog.categories:
            page = picker.add_category(
                category.name, self.tr("The items of {category}.").format(category=category.name)
            )
            for item in self._catalog.items_in(category.id):
                gone = item.id in self.unavailable
                tile = tile_for(
                    item.name,
                    self.tr("86 — sold out") if gone else money(item.price.amount, item.price.currency),
                    enabled=not gone,
                    description=self.tr("Add {item} to the order.").format(item=item.name),
                    on_tap=partial(self.tap_item, item.id),
                )
                tile.setObjectName(f"tile_{item.id}")
                page.add(tile)
                self.tiles[item.id] = tile
        return picker

    def _build_cart(self) -> QFrame:
        panel = QFrame()
        panel.setObjectName("cartPanel")
        col = QVBoxLayout(panel)
        col.setContentsMargins(10, 8, 10, 10)
        col.setSpacing(6)
        self.order_title = make_label(self.tr("New order"), "title", name="orderTitle")
        col.addWidget(self.order_title)
        self.lines = QListWidget()
        self.lines.setObjectName("cartLines")
        self.lines.setAlternatingRowColors(True)
        self.lines.setWordWrap(True)
        touch_list(self.lines)
        self.lines.setMinimumHeight(96)  # two lines at least; the cart gives the rest to Pay on 768 px
        describe(
            self.lines,
            self.tr("The items of this order. The selected line is the one +, − and Remove change."),
            self.tr("Order lines"),
        )
        self.lines.currentRowChanged.connect(lambda _row: self._refresh_line_buttons())
        col.addWidget(self.lines, 1)

        self.minus_button = make_button(
            "−", "qty", name="qtyMinus", description=self.tr("One fewer of the selected line.")
        )
        self.minus_button.setAccessibleName(self.tr("Quantity down"))
        self.plus_button = make_button(
            "+", "qty", name="qtyPlus", description=self.tr("One more of the selected line.")
        )
        self.plus_button.setAccessibleName(self.tr("Quantity up"))
        self.remove_button = make_button(
            self.tr("Remove"), "danger", name="removeLine", description=self.tr("Take the selected line off.")
        )
        self.line_discount_button = make_button(
            self.tr("Line discount"),
            name="lineDiscount",
            description=self.tr("A discount on the selected line (a manager's PIN for a barista)."),
        )
        col.addWidget(
            FlowRow([self.minus_button, self.plus_button, self.remove_button, self.line_discount_button])
        )

        col.addLayout(self._build_totals())

        self.order_discount_button = make_button(
            self.tr("Order discount"),
            name="orderDiscount",
            description=self.tr("A discount on the whole order (a manager's PIN for a barista)."),
        )
        self.clear_button = make_button(
            self.tr("Clear"),
            "danger",
            name="clearOrder",
            description=self.tr("Start this order again, empty."),
        )
        self.no_sale_button = make_button(
            self.tr("No sale"),
            name="noSale",
            description=self.tr("Open the cash drawer without a sale (a manager's PIN for a barista)."),
        )
        self.no_sale_button.hide()  # shown by the composition root when the drawer is wired
        col.addWidget(FlowRow([self.order_discount_button, self.clear_button, self.no_sale_button]))
        self.pay_button = make_button(
            self.tr("Pay"),
            "primary",
            name="payButton",
            description=self.tr("Take payment for this order (Enter)."),
        )
        self.pay_button.setMinimumHeight(56)
        col.addWidget(self.pay_button)
        self.notice_label = WrapLabel("", "muted", name="sellNotice")
        self.notice_label.hide()
        col.addWidget(self.notice_label)

        self.minus_button.clicked.connect(lambda: self._change_quantity(-1))
        self.plus_button.clicked.connect(lambda: self._change_quantity(+1))
        self.remove_button.clicked.connect(self._remove_line)
        self.line_discount_button.clicked.connect(self.line_discount)
        self.order_discount_button.clicked.connect(self.order_discount)
        self.clear_button.clicked.connect(self._clear)
        self.pay_button.clicked.connect(self.pay)
        self.no_sale_button.clicked.connect(self.no_sale)
        return panel

    def _build_totals(self) -> QGridLayout:
        totals = QGridLayout()
        self.subtotal_label = MoneyLabel(0, self._currency)
        self.discount_label = MoneyLabel(0, self._currency)
        self.tax_label = MoneyLabel(0, self._currency)
        self.total_label = MoneyLabel(0, self._currency, role="total")
        self.total_label.setObjectName("cartTotal")
        rows = (
            (self.tr("Subtotal"), self.subtotal_label, "muted"),
            (self.tr("Discounts"), self.discount_label, "muted"),
            (self.tr("Tax"), self.tax_label, "muted"),
            (self.tr("Total"), self.total_label, "total"),
        )
        self.total_captions: dict[QWidget, QWidget] = {}
        for r, (text, label, role) in enumerate(rows):
            caption = make_label(text, role)
            totals.addWidget(caption, r, 0)
            totals.addWidget(label, r, 1)
            label.setAccessibleName(text)
            self.total_captions[label] = caption
        totals.setVerticalSpacing(0)
        return totals

    def reload_menu(self, catalog: Any, unavailable: frozenset[str] = frozenset()) -> None:
        """HOOK (menu settings): sell from `catalog` now; `unavailable` items are greyed out."""
        self._catalog, self.unavailable = catalog, frozenset(unavailable)
        old, index = self.menu, self.menu.current_index()
        self.tiles = {}
        self.menu = self._build_menu()
        layout = self.layout()
        assert layout is not None
        layout.replaceWidget(old, self.menu)
        old.deleteLater()
        self.menu.set_current(min(max(index, 0), self.menu.count() - 1))

    # -- session ------------------------------------------------------------------------------
    def begin(self, actor: Any) -> None:
        """Start (or continue) selling as `actor`; an unfinished order survives a staff change."""
        self._actor = actor
        if self.sale is None:
            self.sale = self._sales.start_order(actor)
        else:
            self.sale.actor = actor
        self._refresh()

    def new_order(self) -> None:
        self.sale = self._sales.start_order(self._actor) if self._actor is not None else None
        self._refresh()

    def renew_if_empty(self) -> None:
        """HOOK (shop settings): an order nothing was rung into yet starts again under the new tax
        rates; an order with items keeps the rates it was opened under."""
        if self.sale is not None and not self.sale.has_tenders and self.sale.view().is_empty:
            self.new_order()

    def view(self) -> OrderView | None:
        return self.sale.view() if self.sale is not None else None

    # -- items --------------------------------------------------------------------------------
    def tap_item(self, item_id: str) -> None:
        if self.sale is None or item_id in self.unavailable:
            return
        item = self._catalog.item(item_id)
        if not item.modifier_group_ids:
            self._add(lambda: self.sale.add_item(item_id, {}))
            return
        dialog = ModifierDialog(self._catalog, item, self)
        self._open(dialog, lambda: self._add(lambda: self.sale.add_item(item_id, dialog.selections())))

    def _add(self, add: Callable[[], int]) -> None:
        """Add an item; its line (new, or the existing one it joined) becomes the selected line, so
        "+" and "−" act on what was just rung up."""
        added: list[int] = []
        self._guard(lambda: added.append(add()))
        if added:
            self.select_line(added[0])

    def select_line(self, line_id: int) -> None:
        view = self.view()
        if view is None:
            return
        for row, line in enumerate(view.lines):
            if line.line_id == line_id:
                self.lines.setCurrentRow(row)
                return

    def _open(self, dialog: QDialog, on_accept: Callable[[], None]) -> None:
        self.dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)

        def finished(result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            if result == QDialog.DialogCode.Accepted:
                on_accept()
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()

    def _guard(self, edit: Callable[[], Any]) -> None:
        """Apply an edit to the sale; a refused edit (a business rule) is shown, not raised."""
        try:
            edit()
        except ValueError as exc:  # DomainError and friends
            self.warning = warn(self, title=self.tr("Not possible"), text=shown_error(exc), ok=self.tr("OK"))
        self._refresh()

    def selected_line(self) -> LineView | None:
        view = self.view()
        row = self.lines.currentRow()
        if view is None or not 0 <= row < len(view.lines):
            return None
        return view.lines[row]

    def _change_quantity(self, delta: int) -> None:
        line = self.selected_line()
        if line is not None:
            if line.quantity + delta < 1:
                self._remove_line()
                return
            row = self.lines.currentRow()
            self._guard(lambda: self.sale.set_quantity(line.line_id, line.quantity + delta))
            self.lines.setCurrentRow(row)

    def _remove_line(self) -> None:
        line = self.selected_line()
        if line is not None:
            self._guard(lambda: self.sale.remove_line(line.line_id))

    def _clear(self) -> None:
        if self.sale is not None and not self.sale.has_tenders:
            self.new_order()

    # -- discounts ----------------------------------------------------------------------------
    def line_discount(self) -> None:
        line = self.selected_line()
        if line is None:
            return
        self._discount(
            self.tr("Discount on {item}").format(item=line.name),
            lambda kind, value, auth: self.sale.set_line_discount(line.line_id, kind, value, auth),
        )

    def order_discount(self) -> None:
        if self.sale is None or self.sale.view().is_empty:
            return
        self._discount(self.tr("Discount on the order"), self.sale.set_order_discount)

    def _discount(self, title: str, apply: Callable[[str, int, Any], None]) -> None:
        def granted(authorization: Any) -> None:
            dialog = DiscountDialog(title, self._currency, self)

            def chosen() -> None:
                choice = dialog.choice()
                if choice is not None:
                    self._guard(lambda: apply(choice[0], choice[1], authorization))

            self._open(dialog, chosen)

        override = request_permission(
            self,
            self._staff,
            self._tasks,
            self._actor,
            Permission.DISCOUNT,
            reason=self.tr("Discounts need a manager. Ask a manager to enter their PIN."),
            on_granted=granted,
        )
        if override is not None:
            self.dialog = override

    # -- no sale (cash drawer) ------------------------------------------------------------------
    def enable_no_sale(self) -> None:
        """HOOK (peripherals): show "No sale"; connect `no_sale_granted` to the drawer."""
        self.no_sale_button.show()

    def no_sale(self) -> None:
        """Open the drawer without a sale: needs `Permission.NO_SALE` (a manager's PIN for a barista)."""
        if self._actor is None:
            return
        override = request_permission(
            self,
            self._staff,
            self._tasks,
            self._actor,
            Permission.NO_SALE,
            reason=self.tr(
                "Opening the drawer without a sale needs a manager. Ask a manager to enter their PIN."
            ),
            on_granted=self.no_sale_granted.emit,
        )
        if override is not None:
            self.dialog = override
            override.finished.connect(lambda _r: self._override_closed(override))

    def _override_closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def show_notice(self, text: str, *, error: bool = False) -> None:
        """HOOK (peripherals): a short line under Pay ("Drawer opened", "No cash drawer connected")."""
        self.notice_label.setText(text)
        self.notice_label.setProperty("role", "error" if error else "muted")
        self.notice_label.style().unpolish(self.notice_label)
        self.notice_label.style().polish(self.notice_label)
        self.notice_label.setVisible(bool(text))

    # -- pay ----------------------------------------------------------------------------------
    def pay(self) -> None:
        view = self.view()
        if view is None or view.is_empty:
            return
        dialog = TenderDialog(
            self.sale, self._sales, self._tasks, card_handler=self.card_handler, parent=self
        )
        self.dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.completed.connect(self._completed)
        dialog.finished.connect(lambda _r: self._tender_closed(dialog))
        dialog.open()

    def take_payment_for(self, sale: Any) -> bool:
        """An order that owes money (from Orders): take its balance like any sale. Refused while an
        order is being rung up here."""
        current = self.view()
        if current is not None and not current.is_empty and self.sale is not sale:
            self.show_notice(
                self.tr("Finish or clear the order on the till first, then take that payment."), error=True
            )
            return False
        self.sale = sale
        self._refresh()
        self.pay()
        return True

    def _tender_closed(self, dialog: TenderDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
        view = self.view()
        if view is not None and view.status == "balance_due":
            self.new_order()  # still owed: it stays in Orders; the till goes back to selling
        self._refresh()

    def _completed(self, view: OrderView) -> None:
        self.new_order()
        self.order_completed.emit(view)

    # -- drawing ------------------------------------------------------------------------------
    def _refresh(self) -> None:
        view = self.view()
        row = self.lines.currentRow()
        self.lines.clear()
        if view is None:
            self._refresh_line_buttons()
            return
        for line in view.lines:
            self.lines.addItem(QListWidgetItem(self._line_text(line)))
        if view.lines:
            self.lines.setCurrentRow(min(max(row, 0), len(view.lines) - 1))
        self.subtotal_label.set_amount(view.subtotal)
        self.discount_label.set_amount(-view.discount)
        for label in (self.discount_label, self.total_captions[self.discount_label]):
            label.setVisible(bool(view.discount))  # a row less on a 768 px screen when there is none
        self.tax_label.set_amount(view.tax)
        self.total_label.set_amount(view.total)
        self.pay_button.setText(
            self.tr("Pay {amount}").format(amount=money(view.total, self._currency))
            if view.lines
            else self.tr("Pay")
        )
        self.pay_button.setEnabled(bool(view.lines))
        self.order_discount_button.setEnabled(bool(view.lines))
        self.clear_button.setEnabled(bool(view.lines) and not self.sale.has_tenders)
        self._refresh_line_buttons()

    def _line_text(self, line: LineView) -> str:
        text = self.tr("{quantity} × {item}    {amount}").format(
            quantity=line.quantity, item=line.name, amount=money(line.gross, self._currency)
        )
        if line.modifiers:
            text += "\n    " + ", ".join(line.modifiers)
        if line.discount:
            text += f"\n    {tr_text(line.discount_label)} −{money(line.discount, self._currency)}"
        return text

    def _refresh_line_buttons(self) -> None:
        editable = self.sale is not None and not self.sale.has_tenders
        has_line = self.selected_line() is not None and editable
        for button in (self.minus_button, self.plus_button, self.remove_button, self.line_discount_button):
            button.setEnabled(has_line)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key, ctrl = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if self.menu.handle_key(event, QApplication.focusWidget()):
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.pay_button.isEnabled():
                self.pay()
        elif key == Qt.Key.Key_Plus:
            self._change_quantity(+1)
        elif key == Qt.Key.Key_Minus:
            self._change_quantity(-1)
        elif key == Qt.Key.Key_Delete:
            self._remove_line()
        elif ctrl and key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.lines.count():
            step = -1 if key == Qt.Key.Key_Up else 1
            self.lines.setCurrentRow(min(max(self.lines.currentRow() + step, 0), self.lines.count() - 1))
        elif ctrl and key == Qt.Key.Key_D:
            self.order_discount()
        else:
            super().keyPressEvent(event)
