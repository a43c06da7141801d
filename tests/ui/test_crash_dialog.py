"""An exception in a Qt slot or a worker thread reaches the log and a report, and a dialog says so
(the till neither vanishes nor fails silently)."""

from __future__ import annotations

import logging
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QTimer, Signal
from pytestqt.qtbot import QtBot

from dripos_terminal.crash import CrashReporter
from dripos_terminal.logs import LOG_FILENAME, configure_logging
from dripos_terminal.paths import private_dir
from dripos_terminal.ui.crash_dialog import TEXT, CrashDialog, CrashNotifier

PAN = "4242424242424242"


class Button(QObject):
    clicked = Signal()


@pytest.fixture
def rig(tmp_path: Path, qtbot: QtBot) -> Iterator[tuple[CrashReporter, CrashNotifier, Path]]:
    log_dir = private_dir(tmp_path / "logs")
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    configure_logging(log_file=log_dir / LOG_FILENAME)
    notifier = CrashNotifier()
    reporter = CrashReporter(log_dir, notify=notifier.notify)
    reporter.install()
    yield reporter, notifier, log_dir
    reporter.uninstall()
    if notifier.dialog is not None:
        notifier.dialog.close()
        notifier.dialog.deleteLater()
    for handler in root.handlers[len(before) :]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


def _broken_slot() -> None:
    raise RuntimeError(f"tender failed for card {PAN}")


@pytest.mark.qt_no_exception_capture  # the product's hook, not pytest-qt's, must see it
def test_an_exception_in_a_slot_reaches_the_log_a_report_and_a_dialog(
    rig: tuple[CrashReporter, CrashNotifier, Path], qtbot: QtBot
) -> None:
    reporter, notifier, log_dir = rig
    button = Button()
    button.clicked.connect(_broken_slot)
    QTimer.singleShot(0, button.clicked.emit)  # delivered by the running event loop, as a click is
    qtbot.wait_until(lambda: notifier.dialog is not None and notifier.dialog.isVisible())

    (report,) = reporter.reports
    assert report.path is not None and stat.S_IMODE(report.path.stat().st_mode) == 0o600
    assert "_broken_slot" in report.path.read_text(encoding="utf-8")
    log_text = (log_dir / LOG_FILENAME).read_text(encoding="utf-8")
    assert "unhandled exception on thread MainThread" in log_text and "_broken_slot" in log_text
    assert PAN not in log_text and PAN not in report.path.read_text(encoding="utf-8")

    dialog = notifier.dialog
    assert isinstance(dialog, CrashDialog) and dialog.text() == TEXT
    assert str(report.path) in dialog.informativeText()
    assert "[PAN ****4242]" in dialog.detailedText() and PAN not in dialog.detailedText()


@pytest.mark.qt_no_exception_capture
def test_a_dying_thread_shows_the_dialog_on_the_gui_thread_and_errors_collect_in_it(
    rig: tuple[CrashReporter, CrashNotifier, Path], qtbot: QtBot
) -> None:
    reporter, notifier, _ = rig
    for name in ("worker-1", "worker-2"):
        thread = threading.Thread(target=_broken_slot, name=name)
        thread.start()
        thread.join(timeout=10)
    qtbot.wait_until(lambda: notifier.dialog is not None and len(notifier.dialog.reports) == 2)
    assert [r.thread for r in reporter.reports] == ["worker-1", "worker-2"]
    dialog = notifier.dialog
    assert dialog is not None and dialog.isVisible()
    assert "(2 errors since this message appeared.)" in dialog.informativeText()
