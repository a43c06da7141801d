"""The selling screen: category tabs and item tiles on the left, the cart on the right, Pay.

All edits go to a `SaleSession` (services.sales) and the cart is redrawn from its `OrderView`.
Discounts are gated by `Permission.DISCOUNT` (manager override when the barista lacks it). Pay opens
`TenderDialog`, which commits the order through `TaskRunner` and reports `completed(view)`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dripos_terminal.domain.staff import Permission
from dripos_terminal.services.views import LineView, OrderView
from dripos_terminal.ui.discount_dialog import DiscountDialog
from dripos_terminal.ui.modifier_dialog import ModifierDialog
from dripos_terminal.ui.override_dialog import request_permission
from dripos_terminal.ui.tasks import TaskRunner
from dripos_terminal.ui.tender_dialog import TenderDialog
from dripos_terminal.ui.widgets import MoneyLabel, format_minor, make_button, make_label

TILE_COLUMNS = 3


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
        self.tiles: dict[str, QPushButton] = {}
        self.unavailable: frozenset[str] = frozenset()  # items "86'd" for today
        self.dialog: QDialog | None = None  # the dialog currently open from this screen (tests drive it)

        row = QHBoxLayout(self)
        row.setContentsMargins(12, 12, 12, 12)
        self.tabs = self._build_menu()
        row.addWidget(self.tabs, 3)
        row.addWidget(self._build_cart(), 2)
        self._refresh()

    # -- construction -------------------------------------------------------------------------
    def _build_menu(self) -> QTabWidget:
        tabs = QTabWidget()
        tabs.setObjectName("categoryTabs")
        for category in self._catalog.categories:
            page = QWidget()
            grid = QGridLayout(page)
            grid.setSpacing(10)
            for index, item in enumerate(self._catalog.items_in(category.id)):
                gone = item.id in self.unavailable
                text = f"{item.name}\n{'86 — sold out' if gone else item.price.format()}"
                tile = make_button(text, "tile", name=f"tile_{item.id}")
                tile.setEnabled(not gone)
                tile.clicked.connect(lambda _checked=False, i=item.id: self.tap_item(i))
                grid.addWidget(tile, index // TILE_COLUMNS, index % TILE_COLUMNS)
                self.tiles[item.id] = tile
            grid.setRowStretch(grid.rowCount(), 1)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(page)
            tabs.addTab(scroll, category.name.replace("&", "&&"))
        return tabs

    def _build_cart(self) -> QFrame:
        panel = QFrame()
        panel.setObjectName("cartPanel")
        col = QVBoxLayout(panel)
        self.order_title = make_label("New order", "title", name="orderTitle")
        col.addWidget(self.order_title)
        self.lines = QListWidget()
        self.lines.setObjectName("cartLines")
        self.lines.setAlternatingRowColors(True)
        self.lines.currentRowChanged.connect(lambda _row: self._refresh_line_buttons())
        col.addWidget(self.lines, 1)

        line_row = QHBoxLayout()
        self.minus_button = make_button("−", "key", name="qtyMinus")
        self.plus_button = make_button("+", "key", name="qtyPlus")
        self.remove_button = make_button("Remove", "danger", name="removeLine")
        self.line_discount_button = make_button("Line discount", name="lineDiscount")
        for button in (self.minus_button, self.plus_button, self.remove_button, self.line_discount_button):
            line_row.addWidget(button)
        col.addLayout(line_row)

        totals = QGridLayout()
        self.subtotal_label = MoneyLabel(0, self._currency)
        self.discount_label = MoneyLabel(0, self._currency)
        self.tax_label = MoneyLabel(0, self._currency)
        self.total_label = MoneyLabel(0, self._currency, role="total")
        self.total_label.setObjectName("cartTotal")
        for r, (text, label) in enumerate(
            (
                ("Subtotal", self.subtotal_label),
                ("Discounts", self.discount_label),
                ("Tax", self.tax_label),
                ("Total", self.total_label),
            )
        ):
            totals.addWidget(make_label(text, "total" if text == "Total" else "muted"), r, 0)
            totals.addWidget(label, r, 1)
        col.addLayout(totals)

        actions = QHBoxLayout()
        self.order_discount_button = make_button("Order discount", name="orderDiscount")
        self.clear_button = make_button("Clear", "danger", name="clearOrder")
        actions.addWidget(self.order_discount_button)
        actions.addWidget(self.clear_button)
        self.no_sale_button = make_button("No sale", name="noSale")
        self.no_sale_button.hide()  # shown by the composition root when the drawer is wired
        actions.addWidget(self.no_sale_button)
        col.addLayout(actions)
        self.pay_button = make_button("Pay", "primary", name="payButton")
        self.pay_button.setMinimumHeight(64)
        col.addWidget(self.pay_button)
        self.notice_label = make_label("", "muted", name="sellNotice")
        self.notice_label.setWordWrap(True)
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

    def reload_menu(self, catalog: Any, unavailable: frozenset[str] = frozenset()) -> None:
        """HOOK (menu settings): sell from `catalog` now; `unavailable` items are greyed out."""
        self._catalog, self.unavailable = catalog, frozenset(unavailable)
        old, index = self.tabs, self.tabs.currentIndex()
        self.tiles = {}
        self.tabs = self._build_menu()
        layout = self.layout()
        assert layout is not None
        layout.replaceWidget(old, self.tabs)
        old.deleteLater()
        self.tabs.setCurrentIndex(min(max(index, 0), self.tabs.count() - 1))

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
            self._guard(lambda: self.sale.add_item(item_id, {}))
            return
        dialog = ModifierDialog(self._catalog, item, self)
        self._open(dialog, lambda: self._guard(lambda: self.sale.add_item(item_id, dialog.selections())))

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
            QMessageBox.warning(self, "Not possible", str(exc))
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
            f"Discount on {line.name}",
            lambda kind, value, auth: self.sale.set_line_discount(line.line_id, kind, value, auth),
        )

    def order_discount(self) -> None:
        if self.sale is None or self.sale.view().is_empty:
            return
        self._discount("Discount on the order", self.sale.set_order_discount)

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
            reason="Discounts need a manager. Ask a manager to enter their PIN.",
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
            reason="Opening the drawer without a sale needs a manager. Ask a manager to enter their PIN.",
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
                "Finish or clear the order on the till first, then take that payment.", error=True
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
        self.tax_label.set_amount(view.tax)
        self.total_label.set_amount(view.total)
        self.pay_button.setText(f"Pay {format_minor(view.total, self._currency)}" if view.lines else "Pay")
        self.pay_button.setEnabled(bool(view.lines))
        self.order_discount_button.setEnabled(bool(view.lines))
        self.clear_button.setEnabled(bool(view.lines) and not self.sale.has_tenders)
        self._refresh_line_buttons()

    def _line_text(self, line: LineView) -> str:
        text = f"{line.quantity} × {line.name}    {format_minor(line.gross, self._currency)}"
        if line.modifiers:
            text += "\n    " + ", ".join(line.modifiers)
        if line.discount:
            text += f"\n    {line.discount_label} −{format_minor(line.discount, self._currency)}"
        return text

    def _refresh_line_buttons(self) -> None:
        editable = self.sale is not None and not self.sale.has_tenders
        has_line = self.selected_line() is not None and editable
        for button in (self.minus_button, self.plus_button, self.remove_button, self.line_discount_button):
            button.setEnabled(has_line)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.pay_button.isEnabled():
            self.pay()
        elif event.key() == Qt.Key.Key_Plus:
            self._change_quantity(+1)
        elif event.key() == Qt.Key.Key_Minus:
            self._change_quantity(-1)
        elif event.key() == Qt.Key.Key_Delete:
            self._remove_line()
        else:
            super().keyPressEvent(event)
