"""Know when a window has first been painted (start-up time in the log; the bench reads that line).

An event filter on the one window sees its first Paint event; a zero timer then fires once that
paint has been flushed to the screen. Only that window's own events pass the filter, so watching
costs nothing measurable, and it removes itself after the first paint.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class FirstPaint(QObject):
    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt names it
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)
        return False


def on_first_paint(window: QWidget, then: Callable[[], None]) -> FirstPaint:
    """Call `then()` once `window`'s first paint is on screen (owned by the window)."""
    return FirstPaint(window, then)
