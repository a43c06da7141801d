"""The manager's home: the offline batch, the cash drawer, the reports and past days.

Shown to managers; a barista opens it only with a manager's PIN (the composition root asks and
audits), and never sees it otherwise. It only switches screens.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QVBoxLayout, QWidget

from dripos_terminal.ui.widgets import WrapLabel, make_button, make_label


class ManagerHome(QWidget):
    open_batch = Signal()
    open_drawer = Signal()
    open_reports = Signal()
    open_past_days = Signal()
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        col = QVBoxLayout(self)
        col.setContentsMargins(12, 12, 12, 12)
        col.addWidget(make_label(self.tr("Manager"), "title"))
        self.who = WrapLabel("", "muted", name="managerWho")
        self.who.setAccessibleName(self.tr("Who opened the manager screens"))
        col.addWidget(self.who)
        grid = QGridLayout()
        self.batch_button = make_button(self.tr("Offline batch"), "tile", name="managerBatch")
        self.drawer_button = make_button(self.tr("Cash drawer"), "tile", name="managerDrawer")
        self.reports_button = make_button(self.tr("X and Z reports"), "tile", name="managerReports")
        self.past_button = make_button(self.tr("Past days"), "tile", name="managerPastDays")
        descriptions = (
            self.tr("Stored offline payments: forward them, decide on declines, close the batch"),
            self.tr("Open, count and close the cash drawer; paid in and paid out"),
            self.tr("Today's X report, and the Z report that closes the day"),
            self.tr("The orders and reports of earlier business days"),
        )
        for index, button in enumerate(
            (self.batch_button, self.drawer_button, self.reports_button, self.past_button)
        ):
            button.setAccessibleDescription(descriptions[index])
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.setMinimumHeight(88)
            grid.addWidget(button, index // 2, index % 2)
        col.addLayout(grid, 1)
        self.back_button = make_button(self.tr("Back to till"), name="managerBack")
        self.back_button.setAccessibleDescription(self.tr("Returns to selling"))
        col.addWidget(self.back_button)
        self.batch_button.clicked.connect(self.open_batch.emit)
        self.drawer_button.clicked.connect(self.open_drawer.emit)
        self.reports_button.clicked.connect(self.open_reports.emit)
        self.past_button.clicked.connect(self.open_past_days.emit)
        self.back_button.clicked.connect(self.back_requested.emit)

    def set_who(self, text: str) -> None:
        self.who.setText(text)
