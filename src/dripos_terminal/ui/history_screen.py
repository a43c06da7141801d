"""The shift's orders: number, time, staff, status, total; receipt, void and refund (manager override).

Orders follow their payments: an order whose stored card payment was declined when forwarded is listed
(whatever its day) as "payment declined — balance due" with its number, and is settled one of three
ways — take another payment ("Take payment": the till takes the balance like any sale), "Cash
collected" (the manager took it in cash), or "Write off" — each audited. Void and refund are refused
for it, and the screen says why.

The list is an `OrdersModel` (the sale facts, a page at a time, fetched off the GUI thread), so a day of
10,000 orders never stalls the till; an order is loaded in full only to print its receipt. Loading
and every change run through `TaskRunner`; void and refund need `Permission.VOID` /
`Permission.REFUND`, cash collected and write off `Permission.CLOSE_BATCH` (a barista gets the
manager PIN prompt). A failure shows its message and the list is reloaded, so the screen always
shows what the database holds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from dripos_terminal.domain.staff import Permission
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.services.order_list import OrderLine, OrderList, OrderQuery
from dripos_terminal.services.views import OrderView
from dripos_terminal.ui.i18n import money, tr_text
from dripos_terminal.ui.model_table import ModelTable
from dripos_terminal.ui.orders_model import OrdersModel
from dripos_terminal.ui.override_dialog import OverrideDialog, request_permission
from dripos_terminal.ui.tasks import TaskRunner
from dripos_terminal.ui.widgets import FlowRow, WrapLabel, describe, make_button, make_label, shown_error

BALANCE_DUE = "balance_due"
OWED_TEXT = QT_TRANSLATE_NOOP(
    "HistoryScreen",
    "A stored card payment on order {number} was declined when it was sent: {due} is due. "
    "Take another payment, record cash collected, or write it off — refunds and voids wait until then.",
)
UNFINISHED_TEXT = QT_TRANSLATE_NOOP(
    "HistoryScreen",
    "Order {number} was not paid in full when the till stopped: {due} is due. "
    "Take another payment, record cash collected, or write it off — refunds and voids wait until then.",
)


class HistoryScreen(QWidget):
    back_requested = Signal()
    receipt_requested = Signal(object)  # OrderView
    changed = Signal(object)  # OrderView after a void, refund or settlement is committed
    collect_requested = Signal(object)  # SaleSession: take the balance of an order that owes money

    def __init__(
        self,
        *,
        sales: Any,
        staff: Any,
        tasks: TaskRunner,
        orders: OrderList,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self._sales, self._staff, self._tasks = sales, staff, tasks
        self._actor: Any = None
        self._keep: OrderLine | None = None  # the selected order, selected again after a reload
        self.busy = False
        self.dialog: OverrideDialog | None = None

        describe(self, self.tr("The orders of this business day: receipts, voids, refunds and balances due."))
        col = QVBoxLayout(self)
        col.setContentsMargins(12, 12, 12, 12)
        col.addWidget(make_label(self.tr("Orders"), "title"))
        self.model = OrdersModel(orders, tasks, self)
        self.table = ModelTable("historyTable", self.tr("Orders of the day"))
        self.table.setModel(self.model)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._refresh_buttons())
        self.model.loaded.connect(lambda _n: self._loaded())
        self.model.failed.connect(self._failed)
        col.addWidget(self.table, 1)
        self.message = WrapLabel("", "muted", name="historyMessage")
        self.message.setAccessibleName(self.tr("Orders message"))
        col.addWidget(self.message)

        self.back_button = make_button(
            self.tr("Back to till"), name="historyBack", description=self.tr("Back to selling (Escape).")
        )
        self.refresh_button = make_button(
            self.tr("Refresh"), name="historyRefresh", description=self.tr("Read the orders again.")
        )
        self.receipt_button = make_button(
            self.tr("Receipt"),
            name="historyReceipt",
            description=self.tr("Show the selected order's receipt (Enter)."),
        )
        self.void_button = make_button(
            self.tr("Void"),
            "danger",
            name="historyVoid",
            description=self.tr("Void the selected order (a manager's PIN for a barista)."),
        )
        self.refund_button = make_button(
            self.tr("Refund"),
            "warning",
            name="historyRefund",
            description=self.tr("Refund the selected order (a manager's PIN for a barista)."),
        )
        col.addWidget(
            FlowRow(
                [
                    self.back_button,
                    self.refresh_button,
                    self.receipt_button,
                    self.void_button,
                    self.refund_button,
                ]
            )
        )
        col.addLayout(self._build_owed())
        self.back_button.clicked.connect(self.back_requested.emit)
        self.refresh_button.clicked.connect(self.reload)
        self.receipt_button.clicked.connect(self._receipt)
        self.void_button.clicked.connect(lambda: self._change(Permission.VOID))
        self.refund_button.clicked.connect(lambda: self._change(Permission.REFUND))
        self._refresh_buttons()

    def _build_owed(self) -> QHBoxLayout:
        """What settles an order that owes money (shown only for one)."""
        owed = QHBoxLayout()
        self.owed_label = WrapLabel("", "error", name="historyOwed")
        self.owed_label.setAccessibleName(self.tr("What is owed"))
        self.collect_button = make_button(
            self.tr("Take payment"),
            "primary",
            name="historyCollect",
            description=self.tr("Take the balance due of the selected order on the till."),
        )
        self.cash_button = make_button(
            self.tr("Cash collected"),
            name="historyCashCollected",
            description=self.tr("A manager collected the balance due in cash."),
        )
        self.write_off_button = make_button(
            self.tr("Write off"),
            "danger",
            name="historyWriteOff",
            description=self.tr("Write the balance due off (a manager decides)."),
        )
        owed.addWidget(self.owed_label, 1)
        owed.addWidget(
            FlowRow([self.collect_button, self.cash_button, self.write_off_button], align_right=True)
        )
        self.collect_button.clicked.connect(self._collect)
        self.cash_button.clicked.connect(lambda: self._settle(cash=True))
        self.write_off_button.clicked.connect(lambda: self._settle(cash=False))
        return owed

    def set_actor(self, actor: Any) -> None:
        self._actor = actor

    # -- loading ------------------------------------------------------------------------------
    @property
    def orders(self) -> list[OrderLine]:
        """The rows fetched so far (newest first; older orders still owing at the top)."""
        return self.model.rows

    def reload(self) -> None:
        """Today's orders (and any older order still owed money), counted and paged off the GUI thread."""
        self.busy = True
        self.message.setText(self.tr("Loading…"))
        self._keep = self.selected()
        self._refresh_buttons()
        self.model.load(OrderQuery(self._sales.business_date(), owed_from_earlier=True))

    def _loaded(self) -> None:
        self.busy = False
        self.message.setText("")
        kept = getattr(self, "_keep", None)
        if kept is not None:
            self.select_order(kept.order_id)
        self._refresh_buttons()

    def _failed(self, error: str) -> None:
        self.busy = False
        self.message.setText(
            self.tr("The orders could not be read: {error}").format(error=shown_error(None, error))
        )
        self._refresh_buttons()

    def _run(self, fn: Callable[[], Any], done: Callable[[Any], None], note: str) -> None:
        self.busy = True
        self.message.setText(note)
        self._refresh_buttons()

        def finished(result: Any, error: BaseException | None) -> None:
            self.busy = False
            if error is not None:
                self.message.setText(shown_error(error))
                self._refresh_buttons()
                self.reload()
                return
            self.message.setText("")
            done(result)

        self._tasks.run(fn, finished)

    # -- actions ------------------------------------------------------------------------------
    def selected(self) -> OrderLine | None:
        row = self.table.selected_row()
        return None if row is None else self.model.line(row)

    def select_number(self, number: int) -> None:
        for r, line in enumerate(self.model.rows):
            if line.number == number:
                self.table.selectRow(r)

    def select_order(self, order_id: str) -> None:
        for r, line in enumerate(self.model.rows):
            if line.order_id == order_id:
                self.table.selectRow(r)

    def _receipt(self) -> None:
        line = self.selected()
        if line is None or self.busy:
            return
        order_id = line.order_id
        self._run(lambda: self._sales.view_of(self._sales.load(order_id)), self.receipt_requested.emit, "")

    def _change(self, permission: Permission) -> None:
        view = self.selected()
        if view is None or self.busy:
            return
        void = permission is Permission.VOID
        total = money(view.total, view.currency.lower())
        number = view.display_number

        def granted(authorization: Any) -> None:
            self.dialog = None
            if void:
                work = lambda: self._sales.void(view.order_id, authorization, "void from history")  # noqa: E731
                note = self.tr("Void of order {number}…").format(number=number)
            else:
                work = lambda: self._sales.refund(view.order_id, authorization, "refund from history")  # noqa: E731
                note = self.tr("Refund of order {number}…").format(number=number)
            self._run(work, self._changed, note)

        reason = (
            self.tr("Void order {number} ({total}) needs a manager.")
            if void
            else self.tr("Refund order {number} ({total}) needs a manager.")
        )
        self.dialog = request_permission(
            self,
            self._staff,
            self._tasks,
            self._actor,
            permission,
            reason=reason.format(number=number, total=total),
            on_granted=granted,
        )

    def _changed(self, view: OrderView) -> None:
        self.message.setText(
            self.tr("Order {number} is now {status}.").format(
                number=view.display_number, status=tr_text(view.status_text)
            )
        )
        self.changed.emit(view)
        self.reload()

    # -- an order that owes money ----------------------------------------------------------------
    def _collect(self) -> None:
        """Take the balance like any sale: the till's tender dialog, on this order."""
        view = self.selected()
        if view is None or view.status != BALANCE_DUE or self.busy or self._actor is None:
            return
        actor, order_id = self._actor, view.order_id

        def loaded(sale: Any) -> None:
            self.collect_requested.emit(sale)

        self._run(
            lambda: self._sales.resume(order_id, actor),
            loaded,
            self.tr("Opening order {number}…").format(number=view.display_number),
        )

    def _settle(self, *, cash: bool) -> None:
        view = self.selected()
        if view is None or view.status != BALANCE_DUE or self.busy:
            return
        due, number = money(view.balance_due, view.currency.lower()), view.display_number
        if cash:
            note = self.tr("Record {due} collected in cash on order {number}…")
            reason = self.tr("Record {due} collected in cash on order {number}: a manager decides.")
        else:
            note = self.tr("Write off the {due} due on order {number}…")
            reason = self.tr("Write off the {due} due on order {number}: a manager decides.")

        def granted(authorization: Any) -> None:
            self.dialog = None
            if cash:
                work = lambda: self._sales.record_cash_collected(view.order_id, authorization)  # noqa: E731
            else:
                work = lambda: self._sales.write_off(view.order_id, authorization, "written off from Orders")  # noqa: E731
            self._run(work, self._changed, note.format(due=due, number=number))

        self.dialog = request_permission(
            self,
            self._staff,
            self._tasks,
            self._actor,
            Permission.CLOSE_BATCH,
            reason=reason.format(due=due, number=number),
            on_granted=granted,
        )

    def _refresh_buttons(self) -> None:
        view = self.selected()
        idle = not self.busy
        owes = view is not None and view.status == BALANCE_DUE
        self.refresh_button.setEnabled(idle)
        self.receipt_button.setEnabled(idle and view is not None)
        self.void_button.setEnabled(idle and view is not None and view.status == "paid")
        self.refund_button.setEnabled(
            idle and view is not None and view.status in ("paid", "partially_refunded")
        )
        for button in (self.collect_button, self.cash_button, self.write_off_button):
            button.setVisible(owes)
            button.setEnabled(idle and owes)
        if owes and view is not None:
            due = money(view.balance_due, view.currency.lower())
            text = OWED_TEXT if view.declined else UNFINISHED_TEXT
            self.owed_label.setText(tr_text(text.format(number=view.display_number, due=due)))
        self.owed_label.setVisible(owes)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.back_requested.emit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._receipt()
        else:
            super().keyPressEvent(event)
