"""Orders of a business day as a lazily fetched table model (a day of 10,000 orders never stalls).

`OrdersModel` asks `services.order_list.OrderList` for the count and then for one page at a time, on
the task runner's workers; each page arrives on the GUI thread and is inserted with
`beginInsertRows` (a few hundred small rows: well under a frame). The view asks for more as it
scrolls (`canFetchMore` / `fetchMore`). Nothing here builds an order: a row is what the sale facts
say. `load(query)` starts again (a new day, a new search); late pages of an old query are dropped.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal

from dripos_terminal.services.order_list import PAGE_SIZE, OrderLine, OrderList, OrderQuery
from dripos_terminal.ui.i18n import date_text, money, time_text, tr_text
from dripos_terminal.ui.model_table import ColumnsModel, Index
from dripos_terminal.ui.tasks import TaskRunner


class OrdersModel(ColumnsModel):
    loaded = Signal(int)  # the number of orders the query matches, once counted
    page_arrived = Signal(int)  # rows now fetched
    failed = Signal(str)

    def __init__(self, orders: OrderList, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._orders, self._tasks = orders, tasks
        self.rows: list[OrderLine] = []
        self.total = 0
        self.query: OrderQuery | None = None
        self._generation = 0
        self._fetching = False
        self.columns = (
            self.tr("Order"),
            self.tr("Time"),
            self.tr("Staff"),
            self.tr("Status"),
            self.tr("Total"),
        )

    # -- loading ----------------------------------------------------------------------------------

    def load(self, query: OrderQuery) -> None:
        """Start over with `query`: count on a worker, then the first page."""
        self._generation += 1
        generation = self._generation
        self.beginResetModel()
        self.rows, self.total, self.query, self._fetching = [], 0, query, True
        self.endResetModel()
        orders = self._orders

        def work() -> tuple[int, list[OrderLine]]:
            return orders.count(query), orders.page(query, 0, PAGE_SIZE)

        self._tasks.run(work, lambda result, error: self._counted(generation, result, error))

    def _counted(
        self, generation: int, result: tuple[int, list[OrderLine]] | None, error: BaseException | None
    ) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        if error is not None or result is None:
            self.failed.emit(tr_text(error))
            return
        self.total = result[0]
        self._append(result[1])
        self.loaded.emit(self.total)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and not self._fetching and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        if not self.canFetchMore(parent) or self.query is None:
            return
        self._fetching = True
        generation, query, offset, orders = self._generation, self.query, len(self.rows), self._orders
        self._tasks.run(
            lambda: orders.page(query, offset, PAGE_SIZE),
            lambda result, error: self._more(generation, result, error),
        )

    def _more(self, generation: int, result: list[OrderLine] | None, error: BaseException | None) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        if error is not None or result is None:
            self.failed.emit(tr_text(error))
            return
        self._append(result)

    def _append(self, page: list[OrderLine]) -> None:
        if page:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()
        self.page_arrived.emit(len(self.rows))

    @property
    def busy(self) -> bool:
        return self._fetching

    def fetch_all(self) -> None:
        """Keep fetching until every row is here (tests and the bench; a view fetches as it scrolls)."""
        self.page_arrived.connect(lambda _n: self.fetchMore())
        self.fetchMore()

    # -- the table --------------------------------------------------------------------------------

    def row_total(self) -> int:
        return len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        line = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return line.order_id
        return None

    def text(self, row: int, column: int) -> str:
        line = self.rows[row]
        r = line.row
        if column == 0:
            return (
                line.display_number
                if r.business_date == _day(self.query)
                else f"{line.display_number} ({date_text(r.business_date)})"
            )
        if column == 1:
            return time_text(datetime.fromisoformat(r.sold_at)) if r.sold_at else ""
        if column == 2:
            return line.staff_name
        if column == 3:
            return tr_text(line.status_text)
        return money(r.total, r.currency.lower())

    def line(self, row: int) -> OrderLine | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None


def _day(query: OrderQuery | None) -> str:
    return "" if query is None else query.business_date.isoformat()
