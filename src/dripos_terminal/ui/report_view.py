"""One X or Z report on screen: the figures, tenders and taxes, the sales-by-hour chart, declines,
the drawer and top items. Used by the report screen and Past days; it only shows a `DayReport`.

Everything wraps inside a scroll area, so the report fits a 1024×768 screen without widening it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from dripos_terminal.domain.report import TENDER_LABELS, TENDER_NAMES, DayReport
from dripos_terminal.ui.hourly_chart import HourlyChart
from dripos_terminal.ui.i18n import date_text, money, rate_text, tr_stored, tr_text
from dripos_terminal.ui.widgets import make_label


class ReportView(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportView")
        self.setAccessibleName(self.tr("Report"))
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        self._col = QVBoxLayout(body)
        self.title = self._label("title", "reportTitle", self.tr("Report title"))
        self.identity = self._label("muted", "reportIdentity", self.tr("Report balance check"))
        self.figures = QGridLayout()
        self.figures.setColumnStretch(0, 1)
        self.figures.setColumnStretch(2, 1)
        self._col.addWidget(self.title)
        self._col.addWidget(self.identity)
        self._col.addLayout(self.figures)
        self.chart = HourlyChart()
        self._col.addWidget(self.chart)
        self.details = self._label(None, "reportDetails", self.tr("Declines, drawer and top items"))
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self._col.addWidget(self.details)
        self._col.addStretch(1)
        self.setWidget(body)
        self.report: DayReport | None = None
        self._cells: list[QLabel] = []

    def _label(self, role: str | None, name: str, accessible: str) -> QLabel:
        label = make_label("", role, name=name)
        label.setWordWrap(True)
        label.setAccessibleName(accessible)
        return label

    def show_report(self, report: DayReport | None, *, empty: str = "") -> None:
        self.report = report
        for cell in self._cells:
            self.figures.removeWidget(cell)
            cell.deleteLater()
        self._cells = []
        if report is None:
            self.title.setText(empty)
            self.identity.setText("")
            self.details.setText("")
            self.chart.set_hours((), "usd")
            return
        cur = report.currency

        def m(amount: int | None) -> str:
            return self.tr("not counted") if amount is None else money(amount, cur)

        if report.number is not None:
            self.title.setText(
                self.tr("Z report #{0} — {1}").format(report.number, date_text(report.business_day))
            )
        else:
            self.title.setText(
                self.tr("X report — {0} (figures so far; not a close)").format(date_text(report.business_day))
            )
        check = self.tr("balances") if report.balances else self.tr("DOES NOT BALANCE")
        self.identity.setText(
            self.tr("Tenders {0} + balance due {1} = sales {2}: {3}").format(
                m(report.tendered), m(report.balance_due), m(report.expected_total), check
            )
        )
        left = [
            (self.tr("Orders"), str(report.orders)),
            (self.tr("Gross sales"), m(report.gross_sales)),
            (self.tr("Discounts"), m(-report.discounts)),
            (self.tr("Tax"), m(report.tax)),
            (self.tr("Tips"), m(report.tips)),
            (self.tr("Refunds ({0})").format(report.refund_count), m(-report.refunds)),
            (self.tr("Voids ({0})").format(report.voids_count), m(report.voids_amount)),
            (self.tr("Balance due"), m(report.balance_due)),
        ]
        right = [(tr_text(TENDER_LABELS[n]), m(report.tenders.get(n, 0))) for n in TENDER_NAMES]
        right += [
            (self.tr("Tax {0} {1}").format(t.tax_class, rate_text(t.rate_bp)), m(t.tax)) for t in report.taxes
        ]
        for column, rows in ((0, left), (2, right)):
            for row, (name, value) in enumerate(rows):
                for offset, text in ((0, name), (1, value)):
                    cell = make_label(text, None if offset == 0 else "value")
                    cell.setAccessibleName(f"{name}: {value}")
                    cell.setWordWrap(offset == 0)
                    if offset:
                        cell.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.figures.addWidget(cell, row, column + offset)
                    self._cells.append(cell)
        self.chart.set_hours(report.hours, cur)
        self.details.setText(self._details(report, m))

    def _details(self, report: DayReport, fmt: Callable[[int | None], str]) -> str:
        lines = [
            self.tr("Cash drawer: expected {0}, counted {1}, variance {2}").format(
                fmt(report.cash.expected), fmt(report.cash.counted), fmt(report.cash.variance)
            ),
            self.tr("Offline: {0} outstanding ({1}), {2} declined after forwarding").format(
                report.offline.outstanding_count,
                fmt(report.offline.outstanding_amount),
                report.offline.declined_count,
            ),
        ]
        # The report stores these words in English (its JSON never changes); shown translated.
        resolutions = {
            "balance due": self.tr("balance due"),
            "collected": self.tr("collected"),
            "written off": self.tr("written off"),
        }
        for d in report.declined:
            decision = f" — {d.decision}" if d.decision else ""
            lines.append(
                self.tr("  {0}: {1} declined ({2}); {3}{4}, still owed {5}").format(
                    d.order,
                    fmt(d.amount),
                    tr_stored(d.reason),
                    resolutions.get(d.resolution, d.resolution),
                    decision,
                    fmt(d.owed),
                )
            )
        if report.carried_over:
            lines.append(
                self.tr("Carried over to the next day: {0} payment(s)").format(len(report.carried_over))
            )
        if report.owed_earlier_count:
            lines.append(
                self.tr("Earlier days' orders still owing: {0} ({1})").format(
                    report.owed_earlier_count, fmt(report.owed_earlier_amount)
                )
            )
        if report.top_items:
            lines.append(self.tr("Top items:"))
            lines += [f"  {i.quantity} × {i.name}: {fmt(i.net)}" for i in report.top_items]
        return "\n".join(lines)
