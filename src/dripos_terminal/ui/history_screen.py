"""The shift's orders: number, time, staff, status, total; receipt, void and refund (manager override).

Loading and every change run through `TaskRunner`; void and refund need `Permission.VOID` /
`Permission.REFUND` (a barista gets the manager PIN prompt). A failure shows its message and the
list is reloaded, so the screen always shows what the database holds.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dripos_terminal.domain.staff import Permission
from dripos_terminal.services.views import OrderView
from dripos_terminal.ui.override_dialog import OverrideDialog, request_permission
from dripos_terminal.ui.tasks import TaskRunner
from dripos_terminal.ui.widgets import format_minor, make_button, make_label

COLUMNS = ("Order", "Time", "Staff", "Status", "Total")


class HistoryScreen(QWidget):
    back_requested = Signal()
    receipt_requested = Signal(object)  # OrderView
    changed = Signal(object)  # OrderView after a void or refund is committed

    def __init__(self, *, sales: Any, staff: Any, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self._sales, self._staff, self._tasks = sales, staff, tasks
        self._actor: Any = None
        self.orders: list[OrderView] = []
        self.busy = False
        self.dialog: OverrideDialog | None = None

        col = QVBoxLayout(self)
        col.setContentsMargins(12, 12, 12, 12)
        col.addWidget(make_label("Today's orders", "title"))
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("historyTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._refresh_buttons)
        col.addWidget(self.table, 1)
        self.message = make_label("", "muted", name="historyMessage")
        self.message.setWordWrap(True)
        col.addWidget(self.message)

        row = QHBoxLayout()
        self.back_button = make_button("Back to till", name="historyBack")
        self.refresh_button = make_button("Refresh", name="historyRefresh")
        self.receipt_button = make_button("Receipt", name="historyReceipt")
        self.void_button = make_button("Void", "danger", name="historyVoid")
        self.refund_button = make_button("Refund", "warning", name="historyRefund")
        for button in (
            self.back_button,
            self.refresh_button,
            self.receipt_button,
            self.void_button,
            self.refund_button,
        ):
            row.addWidget(button)
        col.addLayout(row)
        self.back_button.clicked.connect(self.back_requested.emit)
        self.refresh_button.clicked.connect(self.reload)
        self.receipt_button.clicked.connect(self._receipt)
        self.void_button.clicked.connect(lambda: self._change(Permission.VOID))
        self.refund_button.clicked.connect(lambda: self._change(Permission.REFUND))
        self._refresh_buttons()

    def set_actor(self, actor: Any) -> None:
        self._actor = actor

    # -- loading ------------------------------------------------------------------------------
    def reload(self) -> None:
        self._run(self._sales.history, self._loaded, "Loading…")

    def _run(self, fn: Callable[[], Any], done: Callable[[Any], None], note: str) -> None:
        self.busy = True
        self.message.setText(note)
        self._refresh_buttons()

        def finished(result: Any, error: BaseException | None) -> None:
            self.busy = False
            if error is not None:
                self.message.setText(getattr(error, "user_message", None) or str(error))
                self._refresh_buttons()
                if done != self._loaded:
                    self.reload()
                return
            self.message.setText("")
            done(result)

        self._tasks.run(fn, finished)

    def _loaded(self, orders: list[OrderView]) -> None:
        selected = self.selected()
        self.orders = orders
        self.table.setRowCount(len(orders))
        for r, view in enumerate(orders):
            when = datetime.fromisoformat(view.completed_at or view.created_at).astimezone().strftime("%H:%M")
            cells = (
                view.display_number,
                when,
                view.staff_name,
                view.status.replace("_", " "),
                format_minor(view.total, view.currency.lower()),
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == len(cells) - 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        if selected is not None:
            for r, view in enumerate(orders):
                if view.order_id == selected.order_id:
                    self.table.selectRow(r)
        self._refresh_buttons()

    # -- actions ------------------------------------------------------------------------------
    def selected(self) -> OrderView | None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self.orders[row] if 0 <= row < len(self.orders) else None

    def select_number(self, number: int) -> None:
        for r, view in enumerate(self.orders):
            if view.number == number:
                self.table.selectRow(r)

    def _receipt(self) -> None:
        view = self.selected()
        if view is not None:
            self.receipt_requested.emit(view)

    def _change(self, permission: Permission) -> None:
        view = self.selected()
        if view is None or self.busy:
            return
        verb = "Void" if permission is Permission.VOID else "Refund"

        def granted(authorization: Any) -> None:
            self.dialog = None
            if permission is Permission.VOID:
                work = lambda: self._sales.void(view.order_id, authorization, "void from history")  # noqa: E731
            else:
                work = lambda: self._sales.refund(view.order_id, authorization, "refund from history")  # noqa: E731
            self._run(work, self._changed, f"{verb} of order {view.display_number}…")

        self.dialog = request_permission(
            self,
            self._staff,
            self._tasks,
            self._actor,
            permission,
            reason=f"{verb} order {view.display_number} ({format_minor(view.total, view.currency.lower())}) "
            "needs a manager.",
            on_granted=granted,
        )

    def _changed(self, view: OrderView) -> None:
        self.message.setText(f"Order {view.display_number} is now {view.status.replace('_', ' ')}.")
        self.changed.emit(view)
        self.reload()

    def _refresh_buttons(self) -> None:
        view = self.selected()
        idle = not self.busy
        self.refresh_button.setEnabled(idle)
        self.receipt_button.setEnabled(idle and view is not None)
        self.void_button.setEnabled(idle and view is not None and view.status == "paid")
        self.refund_button.setEnabled(
            idle and view is not None and view.status in ("paid", "partially_refunded")
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.back_requested.emit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._receipt()
        else:
            super().keyPressEvent(event)
