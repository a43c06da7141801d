"""PDF exports of a report and a batch, drawn with Qt's `QPdfWriter` (the report shows the sales-by-hour
chart, drawn by the same code as the screen: `hourly_chart.paint_hours`).

`report_pdf` / `batch_pdf` return the PDF bytes and every text they drew; `services.report_export.
write_export` checks that text for card numbers (the PDF's own streams are compressed) and writes the
file atomically, 0600. They need a `QGuiApplication` (fonts): the till has one; the command line makes
an offscreen one (`ensure_gui`). Call them on the GUI thread or in a command line (painting a
`QPdfWriter` off the GUI thread is fine too: it is not a widget).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import QFont, QGuiApplication, QPageLayout, QPageSize, QPainter, QPdfWriter

from dripos_terminal.domain.report import TENDER_LABELS, TENDER_NAMES, DayReport
from dripos_terminal.services.offline_batch import BatchEntry, BatchState, masked
from dripos_terminal.store.batches_repo import BatchItem, ClosedBatch
from dripos_terminal.ui.hourly_chart import paint_hours
from dripos_terminal.ui.i18n import date_text, money, rate_text, tr_stored, tr_text

_app: QGuiApplication | None = None


# lupdate reads `translate("Context", "…")` calls: the PDF's words are in the catalogue too.
translate = QCoreApplication.translate


def ensure_gui() -> None:
    """A QGuiApplication for fonts (command line: offscreen, no display needed)."""
    global _app  # noqa: PLW0603 - the one process-wide application a command line needs
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app = QGuiApplication(["dripos-terminal"])


class _Page:
    """Lines of text down an A4 page (new pages as needed); records every text drawn."""

    def __init__(self, writer: QPdfWriter, painter: QPainter) -> None:
        self.writer, self.painter = writer, painter
        self.drawn: list[str] = []
        self.width = float(writer.width())
        self.height = float(writer.height())
        font = QFont("Sans Serif")
        font.setPointSizeF(9.5)
        painter.setFont(font)
        self.line = float(painter.fontMetrics().height()) * 1.25
        self.y = 0.0

    def room(self, needed: float) -> None:
        if self.y + needed > self.height:
            self.writer.newPage()
            self.y = 0.0

    def text(self, left: str, right: str = "", *, bold: bool = False) -> None:
        self.room(self.line)
        font = QFont(self.painter.font())
        font.setBold(bold)
        self.painter.setFont(font)
        row = QRectF(0, self.y, self.width, self.line)
        self.painter.drawText(row, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, left)
        if right:
            self.painter.drawText(row, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, right)
        self.drawn += [left, right]
        self.y += self.line

    def gap(self) -> None:
        self.y += self.line / 2


def _writer(buffer: QBuffer, title: str) -> QPdfWriter:
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("Dripos Terminal")
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    return writer


def _render(title: str, draw: object) -> tuple[bytes, list[str]]:
    ensure_gui()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = _writer(buffer, title)
    painter = QPainter(writer)
    page = _Page(writer, painter)
    try:
        draw(page)  # type: ignore[operator]
    finally:
        painter.end()
        buffer.close()
    return bytes(data.data()), [t for t in page.drawn if t]


def report_pdf(report: DayReport, *, shop_name: str = "") -> tuple[bytes, list[str]]:
    """The report as a PDF (figures, tenders, taxes, the chart, declines, drawer, top items)."""
    cur = report.currency

    def m(amount: int | None) -> str:
        return translate("ReportPdf", "not counted") if amount is None else money(amount, cur)

    title = (
        translate("ReportPdf", "Z report #{0}").format(report.number)
        if report.number is not None
        else translate("ReportPdf", "X report (not a close)")
    )

    def draw(page: _Page) -> None:
        if shop_name:
            page.text(shop_name, bold=True)
        page.text(
            translate("ReportPdf", "{0} — business day {1}").format(title, date_text(report.business_day)),
            report.till_id,
            bold=True,
        )
        page.text(
            translate("ReportPdf", "Generated {0}").format(report.generated_at),
            report.taken_by and translate("ReportPdf", "Taken by {0}").format(report.taken_by),
        )
        page.gap()
        for label, amount in (
            (translate("ReportPdf", "Gross sales"), report.gross_sales),
            (translate("ReportPdf", "Discounts"), -report.discounts),
            (translate("ReportPdf", "Tax"), report.tax),
            (translate("ReportPdf", "Tips"), report.tips),
            (translate("ReportPdf", "Refunds"), -report.refunds),
            (translate("ReportPdf", "Balance due"), report.balance_due),
        ):
            page.text(label, m(amount))
        page.text(translate("ReportPdf", "Orders"), str(report.orders))
        page.gap()
        page.text(translate("ReportPdf", "Tenders"), bold=True)
        for name in TENDER_NAMES:
            page.text(f"  {tr_text(TENDER_LABELS[name])}", m(report.tenders.get(name, 0)))
        page.text(translate("ReportPdf", "Tax by class"), bold=True)
        for t in report.taxes:
            page.text(f"  {t.tax_class} {rate_text(t.rate_bp)}", m(t.tax))
        page.text(translate("ReportPdf", "Voids ({0})").format(report.voids_count), m(report.voids_amount))
        page.text(translate("ReportPdf", "Refunds ({0})").format(report.refund_count), m(report.refunds))
        page.gap()
        page.room(page.height * 0.25)
        chart = QRectF(0, page.y, page.width, page.height * 0.22)
        page.drawn += paint_hours(
            page.painter, chart, report.hours, cur, title=translate("ReportPdf", "Sales by hour")
        )
        page.y += chart.height() + page.line
        page.text(translate("ReportPdf", "Cash drawer"), bold=True)
        page.text("  " + translate("ReportPdf", "Expected"), m(report.cash.expected))
        page.text("  " + translate("ReportPdf", "Counted"), m(report.cash.counted))
        if report.cash.variance is not None:
            page.text("  " + translate("ReportPdf", "Variance"), m(report.cash.variance))
        page.text(
            translate("ReportPdf", "Offline outstanding ({0})").format(report.offline.outstanding_count),
            m(report.offline.outstanding_amount),
        )
        if report.declined:
            page.text(translate("ReportPdf", "Declined after forwarding"), bold=True)
            for d in report.declined:
                decision = f" — {d.decision}" if d.decision else ""
                page.text(f"  {d.order} {tr_stored(d.reason)} ({d.resolution}{decision})", m(d.amount))
        if report.carried_over:
            page.text(
                translate("ReportPdf", "Carried over to the next day: {0} payment(s)").format(
                    len(report.carried_over)
                )
            )
        if report.top_items:
            page.text(translate("ReportPdf", "Top items"), bold=True)
            for item in report.top_items:
                page.text(f"  {item.quantity} x {item.name}", m(item.net))

    return _render(title, draw)


def batch_pdf(
    title: str, lines: Sequence[tuple[str, str, str, str, str]], totals: Sequence[tuple[str, str]]
) -> tuple[bytes, list[str]]:
    """A batch as a PDF: one line per payment (order, card, charge, state, outcome), then totals."""

    def draw(page: _Page) -> None:
        page.text(title, bold=True)
        page.gap()
        for order, card, charge, state, outcome in lines:
            page.text(f"{order}  {card}  {state}  {outcome}"[:110], charge)
        page.gap()
        for label, value in totals:
            page.text(label, value, bold=True)

    return _render(title, draw)


def open_batch_lines(
    entries: Sequence[BatchEntry], state_words: Mapping[BatchState, str] | None = None
) -> list[tuple[str, str, str, str, str]]:
    """One line per payment; `state_words`: the screen's words for each state (else the state's name)."""
    words = state_words or {s: s.value.replace("_", " ") for s in BatchState}
    return [
        (e.order, e.card, money(e.charge, e.currency), words[e.state], tr_stored(e.outcome)) for e in entries
    ]


def closed_batch_lines(
    items: Sequence[BatchItem], numbers: dict[str, str]
) -> list[tuple[str, str, str, str, str]]:
    return [
        (
            numbers.get(i.order_id, i.order_id),
            masked(i.brand, i.last4),
            money(i.charge_minor, i.currency),
            i.status.value,
            i.outcome_code or "",
        )
        for i in items
    ]


def closed_batch_totals(batch: ClosedBatch) -> list[tuple[str, str]]:
    cur = batch.currency

    def m(amount: int) -> str:
        return money(amount, cur)

    return [
        (translate("ReportPdf", "Approved ({0})").format(batch.approved_count), m(batch.approved_minor)),
        (translate("ReportPdf", "Declined ({0})").format(batch.declined_count), m(batch.declined_minor)),
        (
            translate("ReportPdf", "Voided before sending ({0})").format(batch.canceled_count),
            m(batch.canceled_minor),
        ),
        (translate("ReportPdf", "Total ({0})").format(batch.payments), m(batch.total_minor)),
    ]
