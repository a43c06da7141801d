"""Sales by hour as a bar chart: one drawing function for the screen and the PDF.

`paint_hours(painter, rect, hours, currency)` draws into any `QPainter` (the widget's, or a
`QPdfWriter`'s), so the report on screen and the exported PDF show the same chart. `HourlyChart` is
the small widget that paints it; it wraps nothing and never grows past its parent.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from dripos_terminal.domain.report import HourSales
from dripos_terminal.ui.i18n import money

BAR = QColor("#2f6f4f")
AXIS = QColor("#555555")
TEXT = QColor("#222222")


def hour_range(hours: Sequence[HourSales]) -> list[int]:
    """The hours to draw: opening to closing at least, every hour with sales included."""
    if not hours:
        return list(range(7, 19))
    first = min(7, *(h.hour for h in hours))
    last = max(18, *(h.hour for h in hours))
    return list(range(first, last + 1))


def paint_hours(
    painter: QPainter,
    rect: QRectF,
    hours: Sequence[HourSales],
    currency: str,
    *,
    title: str = "",
    empty_text: str = "No sales",
) -> list[str]:
    """Draw the chart inside `rect`; returns the texts it drew (the exports check them)."""
    drawn: list[str] = []
    painter.save()
    font = QFont(painter.font())
    font.setPointSizeF(max(6.0, min(10.0, rect.height() / 22)))
    painter.setFont(font)
    metrics = painter.fontMetrics()
    line = metrics.height()
    top = rect.top()
    if title:
        painter.setPen(TEXT)
        painter.drawText(QRectF(rect.left(), top, rect.width(), line), Qt.AlignmentFlag.AlignLeft, title)
        drawn.append(title)
        top += line * 1.3
    by_hour = {h.hour: h for h in hours}
    span = hour_range(hours)
    peak = max((h.amount for h in hours), default=0)
    plot = QRectF(rect.left() + 4, top + line, rect.width() - 8, rect.bottom() - top - 2.4 * line)
    painter.setPen(AXIS)
    painter.drawLine(plot.bottomLeft(), plot.bottomRight())
    if peak <= 0:
        painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, empty_text)
        drawn.append(empty_text)
        painter.restore()
        return drawn
    slot = plot.width() / len(span)
    label_every = 1 if slot >= metrics.horizontalAdvance("00") * 1.4 else 2
    for index, hour in enumerate(span):
        entry = by_hour.get(hour)
        amount = entry.amount if entry is not None else 0
        height = plot.height() * amount / peak
        bar = QRectF(plot.left() + index * slot + slot * 0.15, plot.bottom() - height, slot * 0.7, height)
        painter.fillRect(bar, BAR)
        if index % label_every == 0:
            label = f"{hour:02d}"
            painter.setPen(TEXT)
            painter.drawText(
                QRectF(plot.left() + index * slot, plot.bottom() + 2, slot * label_every, line),
                Qt.AlignmentFlag.AlignLeft,
                label,
            )
            drawn.append(label)
    peak_text = money(peak, currency)
    painter.setPen(TEXT)
    painter.drawText(QRectF(plot.left(), top, plot.width(), line), Qt.AlignmentFlag.AlignRight, peak_text)
    drawn.append(peak_text)
    painter.restore()
    return drawn


class HourlyChart(QWidget):
    """The chart on the report screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hourlyChart")
        self.setAccessibleName(self.tr("Sales by hour chart"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(120)
        self._hours: tuple[HourSales, ...] = ()
        self._currency = "usd"
        self.drawn: list[str] = []

    def set_hours(self, hours: Sequence[HourSales], currency: str) -> None:
        self._hours, self._currency = tuple(hours), currency
        self.setAccessibleDescription(
            ", ".join(f"{h.hour:02d}:00 {money(h.amount, currency)}" for h in self._hours)
            or self.tr("No sales")
        )
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(360, 180)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.drawn = paint_hours(
            painter,
            QRectF(self.rect()),
            self._hours,
            self._currency,
            title=self.tr("Sales by hour"),
            empty_text=self.tr("No sales"),
        )
        painter.end()
