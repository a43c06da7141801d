"""The X and Z reports: today's X report at any time, "Take Z report" to close the day, and exports
(CSV, PDF with the chart, the receipt printer).

A Z is refused while payments are unresolved; the screen then says so and offers the manager's
explicit decision to carry them over (a confirm; the service audits it). Everything runs through the
task runner; the figures come from `services.reports` and are shown by `ReportView`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QMessageBox, QVBoxLayout, QWidget

from dripos_terminal.domain.report import DayReport
from dripos_terminal.domain.staff import Permission, StaffMember
from dripos_terminal.services import report_export as export
from dripos_terminal.services.reports import ReportService, ZRefused
from dripos_terminal.services.staff import Authorization, StaffService
from dripos_terminal.ui.i18n import tr_text
from dripos_terminal.ui.message_box import ask
from dripos_terminal.ui.override_dialog import OverrideDialog, request_permission
from dripos_terminal.ui.report_pdf import report_pdf
from dripos_terminal.ui.report_view import ReportView
from dripos_terminal.ui.tasks import TaskRunner
from dripos_terminal.ui.widgets import FlowRow, WrapLabel, describe, make_button, make_label


@dataclass
class ReportDeps:
    reports: ReportService  # blocking: through `tasks`
    tasks: TaskRunner
    staff: StaffService
    actor: Callable[[], StaffMember | None]
    export_dir: Path
    shop_name: str = ""
    print_lines: Callable[[list[str]], object] | None = None  # blocking: the receipt printer


def export_report(report: DayReport, kind: str, folder: Path, shop_name: str) -> Path:
    """BLOCKING: write the report as CSV or PDF into `folder` (atomic, 0600); returns the path."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    name = f"{'z' if report.number is not None else 'x'}-report-{report.business_day}"
    if report.number is None:
        name += f"-{report.generated_at[11:16].replace(':', '')}"
    if kind == "csv":
        return export.write_export(folder / f"{name}.csv", export.report_csv(report))
    data, drawn = report_pdf(report, shop_name=shop_name)
    return export.write_export(folder / f"{name}.pdf", data, texts=drawn)


class ReportScreen(QWidget):
    back_requested = Signal()

    def __init__(self, deps: ReportDeps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self._deps = deps
        self.report: DayReport | None = None
        self.busy = False
        self.dialog: OverrideDialog | None = None
        self.confirm: QMessageBox | None = None
        self.last_export: Path | None = None
        col = QVBoxLayout(self)
        col.setContentsMargins(12, 12, 12, 12)
        col.addWidget(make_label(self.tr("Reports"), "title"))
        self.view = ReportView()
        col.addWidget(self.view, 1)
        self.message = WrapLabel("", "muted", name="reportMessage")
        self.message.setAccessibleName(self.tr("Report message"))
        col.addWidget(self.message)
        self.carry_over = QCheckBox(self.tr("Carry unresolved payments over to the next day"))
        self.carry_over.setObjectName("reportCarryOver")
        describe(
            self.carry_over,
            self.tr("A manager's decision, recorded: the Z report closes the day with them carried over"),
            self.carry_over.text(),
        )
        self.carry_over.hide()
        col.addWidget(self.carry_over)
        self.back_button = make_button(
            self.tr("Back"), name="reportBack", description=self.tr("Returns to the manager's screen")
        )
        self.x_button = make_button(
            self.tr("X report"),
            name="reportX",
            description=self.tr("Adds up the day so far without closing it"),
        )
        self.z_button = make_button(
            self.tr("Take Z report…"),
            "warning",
            name="reportZ",
            description=self.tr("Closes the business day with a numbered report that never changes"),
        )
        self.csv_button = make_button(
            self.tr("Export CSV"), name="reportCsv", description=self.tr("Saves the report as a CSV file")
        )
        self.pdf_button = make_button(
            self.tr("Export PDF"), name="reportPdf", description=self.tr("Saves the report as a PDF file")
        )
        self.print_button = make_button(
            self.tr("Print"),
            name="reportPrint",
            description=self.tr("Prints the report on the receipt printer"),
        )
        col.addWidget(
            FlowRow(
                (
                    self.back_button,
                    self.x_button,
                    self.z_button,
                    self.csv_button,
                    self.pdf_button,
                    self.print_button,
                )
            )
        )
        self.back_button.clicked.connect(self.back_requested.emit)
        self.x_button.clicked.connect(self.load_x)
        self.z_button.clicked.connect(self.take_z)
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.print_button.clicked.connect(self.print_report)
        self.print_button.setVisible(deps.print_lines is not None)
        self._refresh()

    # -- loading ----------------------------------------------------------------------------------

    def load_x(self) -> None:
        reports = self._deps.reports
        self._run(reports.x_report, self._shown, self.tr("Adding up the day…"))

    def show_stored_or_x(self) -> None:
        """On opening: today's Z if it was taken, else the X report so far."""
        reports = self._deps.reports

        def work() -> DayReport:
            return reports.z_report(reports.today()) or reports.x_report()

        self._run(work, self._shown, self.tr("Adding up the day…"))

    def _shown(self, report: DayReport) -> None:
        self.report = report
        self.view.show_report(report)
        self.message.setText("")
        self._refresh()

    # -- the Z --------------------------------------------------------------------------------------

    def take_z(self) -> None:
        actor = self._deps.actor()
        if actor is None or self.busy:
            return
        carry = self.carry_over.isVisible() and self.carry_over.isChecked()

        def granted(authorization: Authorization) -> None:
            self.dialog = None
            self._confirm_z(authorization, carry)

        self.dialog = request_permission(
            self,
            self._deps.staff,
            self._deps.tasks,
            actor,
            Permission.REPORTS,
            reason=self.tr("Taking the Z report closes the business day: a manager decides."),
            on_granted=granted,
        )

    def _confirm_z(self, authorization: Authorization, carry: bool) -> None:
        text = self.tr(
            "The Z report closes today's business day: it is numbered and never changes, and new sales "
            "go to the next business day."
        )
        if carry:
            text += "\n\n" + self.tr(
                "Payments without a final outcome are carried over to the next day. This decision is "
                "recorded with your name."
            )
        box = ask(
            self,
            name="reportZConfirm",
            title=self.tr("Take the Z report"),
            text=text,
            yes=self.tr("Take Z report"),
            no=self.tr("Cancel"),
        )
        self.confirm = box
        reports = self._deps.reports

        def finished(result: int) -> None:
            self.confirm = None
            box.deleteLater()
            if result == QMessageBox.StandardButton.Yes.value:
                self._run(
                    lambda: reports.take_z(authorization, carry_over=carry),
                    self._z_taken,
                    self.tr("Closing the day…"),
                )

        box.finished.connect(finished)
        box.open()

    def _z_taken(self, report: DayReport) -> None:
        self.carry_over.hide()
        self.carry_over.setChecked(False)
        self._shown(report)
        self.message.setText(
            self.tr("Z report #{0} taken; the business day is closed.").format(report.number)
        )

    # -- exports ------------------------------------------------------------------------------------

    def export(self, kind: str) -> None:
        report = self.report
        if report is None or self.busy:
            return
        folder, shop = self._deps.export_dir, self._deps.shop_name

        def done(path: Path) -> None:
            self.last_export = path
            self.message.setText(self.tr("Saved {0}").format(path))

        self._run(lambda: export_report(report, kind, folder, shop), done, self.tr("Saving…"))

    def print_report(self) -> None:
        report, printer = self.report, self._deps.print_lines
        if report is None or printer is None or self.busy:
            return
        lines = export.z_receipt_lines(report, shop_name=self._deps.shop_name)
        self._run(
            lambda: printer(lines), lambda _r: self.message.setText(self.tr("Printed")), self.tr("Printing…")
        )

    # -- helpers ------------------------------------------------------------------------------------

    def _run(self, fn: Callable[[], object], done: Callable[..., None], note: str) -> None:
        self.busy = True
        self.message.setText(note)
        self._refresh()

        def finished(result: object, error: BaseException | None) -> None:
            self.busy = False
            if error is not None:
                self.message.setText(tr_text(error))
                self.carry_over.setVisible(isinstance(error, ZRefused) and "carry" in str(error))
            else:
                done(result)
            self._refresh()

        self._deps.tasks.run(fn, finished)

    def _refresh(self) -> None:
        idle = not self.busy
        has = self.report is not None
        for button in (self.x_button, self.z_button):
            button.setEnabled(idle)
        for button in (self.csv_button, self.pdf_button, self.print_button):
            button.setEnabled(idle and has)
