"""The cold-start floor: a bare PySide6 window with one line of text, painted once.

    python -m tests.bench.startup_probe

Prints `PAINTED` on stderr once the window's first paint has finished, found exactly as the till
finds its own (`dripos_terminal.ui.first_paint`: an event filter on the one window, then a zero
timer, which runs once the paint is flushed). The same few lines are copied here instead of
imported so that this side loads nothing of the till: both sides pay the same watcher and nothing
else differs but what the till itself does before its first paint.
"""

from __future__ import annotations

import sys


def main() -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv[:1])
    window = QLabel("Dripos Terminal")
    window.resize(1280, 800)

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                obj.removeEventFilter(self)
                QTimer.singleShot(0, painted)
            return False

    def painted() -> None:
        sys.stderr.write("PAINTED\n")
        sys.stderr.flush()
        app.quit()

    watcher = FirstPaint(window)
    window.installEventFilter(watcher)
    window.show()
    app.exec()


if __name__ == "__main__":
    main()
