"""The dialog shown for an unhandled error, instead of the till vanishing or failing silently.

`CrashNotifier.notify(report)` may be called from any thread (it is `crash.CrashReporter`'s
`notify`): reports reach the GUI thread through a queued signal. While the event loop runs, the
dialog opens without blocking, and further reports while it is up are added to it (no stack of
dialogs). When no event loop runs any more (the till is going down), it is shown modally, except on
the offscreen platform, where nobody could close it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QTextEdit, QWidget

from dripos_terminal.crash import CrashReport
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.ui.i18n import tr_text
from dripos_terminal.ui.widgets import describe

CONTEXT = "CrashDialog"
TITLE = QT_TRANSLATE_NOOP("CrashDialog", "Dripos Terminal — something went wrong")
TEXT = QT_TRANSLATE_NOOP(
    "CrashDialog", "Something went wrong and the till could not finish what it was doing."
)
REASSURANCE = QT_TRANSLATE_NOOP(
    "CrashDialog",
    "Completed sales and stored card payments were saved before they were shown as done. "
    "If the till misbehaves, close it and start it again.",
)


def _where(report: CrashReport) -> str:
    if report.path is None:
        return tr_text(
            QT_TRANSLATE_NOOP("CrashDialog", "The report could not be saved; the till's log has the details.")
        )
    return tr_text(
        QT_TRANSLATE_NOOP("CrashDialog", "A report for support was saved as {path}").format(path=report.path)
    )


class CrashDialog(QMessageBox):
    def __init__(self, report: CrashReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle(tr_text(TITLE))
        self.setText(tr_text(TEXT))
        describe(self, tr_text(TEXT), tr_text(TITLE))
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reports: list[CrashReport] = []
        ok = self.addButton(self.tr("Keep working"), QMessageBox.ButtonRole.AcceptRole)
        describe(ok, self.tr("Close this message and carry on."), self.tr("Keep working"))
        self.setDefaultButton(ok)
        self.add(report)

    def add(self, report: CrashReport) -> None:
        self.reports.append(report)
        more = (
            "\n\n" + self.tr("({count} errors since this message appeared.)").format(count=len(self.reports))
            if len(self.reports) > 1
            else ""
        )
        self.setInformativeText(f"{tr_text(REASSURANCE)}\n\n{_where(report)}{more}")
        self.setDetailedText("\n".join(f"[{r.thread}] {r.summary}" for r in self.reports))
        for details in self.findChildren(QTextEdit):  # Qt's own details box
            describe(details, self.tr("What went wrong, for support."), self.tr("Technical details"))
        for button in self.buttons():  # Qt's own "Show Details…" too
            if not button.accessibleDescription():
                describe(button, self.tr("Show or hide the technical details for support."), button.text())


class CrashNotifier(QObject):
    arrived = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dialog: CrashDialog | None = None
        self.arrived.connect(self.show_report, Qt.ConnectionType.QueuedConnection)

    def notify(self, report: CrashReport) -> None:
        """Any thread. Queued to the GUI thread; shown at once when no event loop will deliver it."""
        app = QApplication.instance()
        on_gui_thread = app is not None and QThread.currentThread() is app.thread()
        if on_gui_thread and QThread.currentThread().loopLevel() == 0:
            self.show_report(report, wait=QApplication.platformName() != "offscreen")
            return
        self.arrived.emit(report)

    def show_report(self, report: CrashReport, *, wait: bool = False) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add(report)
            return
        self.dialog = CrashDialog(report)
        if wait:
            self.dialog.exec()
        else:
            self.dialog.open()
