"""A read-only table view over a model, with the few conveniences the screens and their tests use.

The screens show models filled off the GUI thread (never a `QTableWidget` filled row by row); this
view adds `rowCount()`, `item(row, column).text()` and `select_row` on top of `QTableView`, so a
screen reads like a table without holding one widget item per cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from dripos_terminal.ui.widgets import describe, touch_list

Index = QModelIndex | QPersistentModelIndex


class ColumnsModel(QAbstractTableModel):
    """A flat, read-only table: `columns` are its titles, `row_total()` how many rows it holds now;
    subclasses give `data`."""

    columns: tuple[str, ...] = ()

    def row_total(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.row_total()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section]
        return None


@dataclass(frozen=True)
class Cell:
    """What one cell shows (`text()`, like a `QTableWidgetItem`)."""

    value: str

    def text(self) -> str:
        return self.value


class ModelTable(QTableView):
    def __init__(
        self, name: str, accessible: str, description: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        describe(self, description or accessible, accessible)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.verticalHeader().setVisible(False)
        touch_list(self)  # 48 px rows a finger can hit
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def rowCount(self) -> int:  # noqa: N802 - reads like QTableWidget.rowCount
        model = self.model()
        return 0 if model is None else model.rowCount()

    def item(self, row: int, column: int) -> Cell:
        model: QAbstractItemModel | None = self.model()
        assert model is not None
        value = model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
        return Cell("" if value is None else str(value))

    def selected_row(self) -> int | None:
        selection = self.selectionModel()
        rows = [] if selection is None else selection.selectedRows()
        return rows[0].row() if len(rows) == 1 else None
