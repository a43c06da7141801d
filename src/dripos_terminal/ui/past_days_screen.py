"""Past days: the orders and the reports of any business day, with search by order number, card last 4
and amount.

Days are listed from the store (those with orders or a Z report); a day's orders are an `OrdersModel`
(the sale facts, paged off the GUI thread) and its report is its stored Z — as it was taken — or, for a
day without one, the X report computed now. Opening an order shows its receipt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QTabWidget, QVBoxLayout, QWidget

from dripos_terminal.domain.report import DayReport
from dripos_terminal.services.order_list import OrderList, OrderQuery
from dripos_terminal.services.reports import DayEntry, ReportService
from dripos_terminal.ui.i18n import date_text, tr_text
from dripos_terminal.ui.model_table import ModelTable
from dripos_terminal.ui.orders_model import OrdersModel
from dripos_terminal.ui.report_view import ReportView
from dripos_terminal.ui.tasks import TaskRunner
from dripos_terminal.ui.widgets import FlowRow, WrapLabel, describe, make_button, make_label


@dataclass
class PastDaysDeps:
    reports: ReportService  # blocking: through `tasks`
    orders: OrderList
    tasks: TaskRunner


class PastDaysScreen(QWidget):
    back_requested = Signal()
    receipt_requested = Signal(object)  # OrderView

    def __init__(self, deps: PastDaysDeps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self._deps = deps
        self.days: list[DayEntry] = []
        self.busy = False
        col = QVBoxLayout(self)
        col.setContentsMargins(12, 12, 12, 12)
        col.addWidget(make_label(self.tr("Past days"), "title"))
        top = QHBoxLayout()
        self.day_box = QComboBox()
        self.day_box.setObjectName("pastDay")
        describe(
            self.day_box,
            self.tr("The business day whose orders and report are shown"),
            self.tr("Business day"),
        )
        self.search = QLineEdit()
        self.search.setObjectName("pastSearch")
        self.search.setPlaceholderText(self.tr("Order number, card last 4 or amount"))
        describe(
            self.search,
            self.tr("Finds the day's orders by order number, card last 4 or amount; Enter searches"),
            self.tr("Search orders"),
        )
        self.search.setClearButtonEnabled(True)
        top.addWidget(self.day_box, 1)
        top.addWidget(self.search, 2)
        col.addLayout(top)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("pastTabs")
        describe(self.tabs, self.tr("The day's orders, or its report"), self.tr("Orders or report"))
        orders_page = QWidget()
        orders_col = QVBoxLayout(orders_page)
        self.model = OrdersModel(deps.orders, deps.tasks, self)
        self.table = ModelTable("pastOrders", self.tr("Orders of the day"))
        self.table.setModel(self.model)
        self.table.doubleClicked.connect(lambda _i: self.open_order())
        orders_col.addWidget(self.table, 1)
        self.found_label = WrapLabel("", "muted", name="pastFound")
        self.found_label.setAccessibleName(self.tr("Orders found"))
        orders_col.addWidget(self.found_label)
        self.report_view = ReportView()
        self.tabs.addTab(orders_page, self.tr("Orders"))
        self.tabs.addTab(self.report_view, self.tr("Report"))
        col.addWidget(self.tabs, 1)
        self.message = WrapLabel("", "muted", name="pastMessage")
        self.message.setAccessibleName(self.tr("Past days message"))
        col.addWidget(self.message)
        self.back_button = make_button(
            self.tr("Back"), name="pastBack", description=self.tr("Returns to the manager's screen")
        )
        self.receipt_button = make_button(
            self.tr("Receipt"),
            name="pastReceipt",
            description=self.tr("Shows the receipt of the selected order"),
        )
        self.x_button = make_button(
            self.tr("X report now"),
            name="pastX",
            description=self.tr("Adds up the chosen day now, as an X report"),
        )
        col.addWidget(FlowRow((self.back_button, self.receipt_button, self.x_button)))
        self._connect()

    def _connect(self) -> None:
        self.back_button.clicked.connect(self.back_requested.emit)
        self.receipt_button.clicked.connect(self.open_order)
        self.x_button.clicked.connect(self.show_x)
        self.day_box.currentIndexChanged.connect(lambda _i: self.load_day())
        self.search.returnPressed.connect(self.load_orders)
        self.model.loaded.connect(lambda n: self.found_label.setText(self.tr("{0} orders").format(n)))

    def refresh(self) -> None:
        """The list of days, then the newest one."""
        self._run(self._deps.reports.days, self._days)

    def _days(self, days: list[DayEntry]) -> None:
        self.days = days
        self.day_box.blockSignals(True)
        self.day_box.clear()
        for entry in days:
            label = date_text(entry.business_day) + (
                self.tr(" — Z #{0}").format(entry.z_number) if entry.z_number else ""
            )
            self.day_box.addItem(label, entry.business_day)
        self.day_box.blockSignals(False)
        if days:
            self.day_box.setCurrentIndex(0)
            self.load_day()
        else:
            self.message.setText(self.tr("No business day has orders yet."))

    def day(self) -> date | None:
        value = self.day_box.currentData()
        return None if value is None else date.fromisoformat(str(value))

    def choose(self, day: date) -> None:
        index = self.day_box.findData(day.isoformat())
        if index >= 0:
            self.day_box.setCurrentIndex(index)

    def load_day(self) -> None:
        self.load_orders()
        day, reports = self.day(), self._deps.reports
        if day is None:
            return

        def work() -> DayReport:
            return reports.z_report(day) or reports.x_report(day)

        self._run(work, self.report_view.show_report)

    def load_orders(self) -> None:
        day = self.day()
        if day is not None:
            self.model.load(OrderQuery(day, self.search.text()))

    def show_x(self) -> None:
        day, reports = self.day(), self._deps.reports
        if day is not None:
            self._run(lambda: reports.x_report(day), self.report_view.show_report)
            self.tabs.setCurrentIndex(1)

    def open_order(self) -> None:
        row = self.table.selected_row()
        line = None if row is None else self.model.line(row)
        if line is None:
            return
        orders, order_id = self._deps.orders, line.order_id
        self._run(lambda: orders.view(order_id), self.receipt_requested.emit)

    def _run(self, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self.busy = True

        def finished(result: Any, error: BaseException | None) -> None:
            self.busy = False
            if error is not None:
                self.message.setText(tr_text(error))
            else:
                done(result)

        self._deps.tasks.run(fn, finished)
