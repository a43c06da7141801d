"""Child process for the cold-start bench: prints seconds from interpreter start to first paint.

`python -m tests.bench.startup_probe bare|till DATA_DIR`. The parent measures from spawn, so
interpreter start-up and imports are included in both figures.
"""

from __future__ import annotations

import os
import sys
import time

T0 = time.perf_counter()


def main() -> None:
    kind, data_dir = sys.argv[1], sys.argv[2]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication([])

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                print(f"PAINTED {time.perf_counter() - T0:.6f}", flush=True)
                QTimer.singleShot(0, app.quit)
                app.removeEventFilter(self)
            return False

    spy = FirstPaint()
    app.installEventFilter(spy)
    if kind == "bare":
        window = QLabel("Dripos")
        window.resize(1024, 768)
        window.show()
    else:
        from dripos_terminal.app import build_for_bench

        window = build_for_bench(app, data_dir)
        window.show()
    app.exec()


if __name__ == "__main__":
    main()
