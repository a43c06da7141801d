"""The offline batch: every stored payment (masked card, amount, tip, order number, who took it and
when, its state and the 24 h countdown), totals by state, "Forward now" with a progress bar that can be
cancelled, a manager's decision on each decline or payment that needs attention, and closing the batch.

The list is a model filled from a `BatchView` loaded on a worker. Forwarding runs on a worker too; its
progress arrives from the forwarder's threads through a queued bridge, and "Cancel" stops it taking
new payments (those in flight finish). Every action takes `Permission.CLOSE_BATCH` (a manager's PIN
for a barista) and is audited by `services.offline_batch`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QProgressBar, QVBoxLayout, QWidget

from dripos_terminal.domain.staff import Permission, StaffMember
from dripos_terminal.payments.charge_check import ChargeCheck
from dripos_terminal.payments.forwarder import ForwardProgress, ForwardReport
from dripos_terminal.services import report_export as export
from dripos_terminal.services.offline_batch import BatchEntry, BatchService, BatchState, BatchView, Resolution
from dripos_terminal.services.staff import Authorization, StaffService
from dripos_terminal.ui.i18n import money, time_text, tr_stored, tr_text
from dripos_terminal.ui.message_box import ask
from dripos_terminal.ui.model_table import ColumnsModel, Index, ModelTable
from dripos_terminal.ui.override_dialog import OverrideDialog, request_permission
from dripos_terminal.ui.report_pdf import batch_pdf, open_batch_lines
from dripos_terminal.ui.tasks import CallbackBridge, TaskRunner
from dripos_terminal.ui.widgets import FlowRow, make_button, make_label, muted_label


@dataclass
class BatchDeps:
    batches: BatchService  # blocking: through `tasks`
    tasks: TaskRunner
    staff: StaffService
    actor: Callable[[], StaffMember | None]
    now: Callable[[], datetime]
    export_dir: Path
    on_changed: Callable[[], None] | None = None  # the offline strip's summary


def _hm(delta: timedelta) -> str:
    minutes = max(0, int(delta.total_seconds() // 60))
    return QCoreApplication.translate("BatchModel", "{0} h {1} min").format(
        minutes // 60, f"{minutes % 60:02d}"
    )


class BatchModel(ColumnsModel):
    def __init__(self, now: Callable[[], datetime], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._now = now
        self.entries: tuple[BatchEntry, ...] = ()
        self.columns = (
            self.tr("Card"),
            self.tr("Amount"),
            self.tr("Tip"),
            self.tr("Order"),
            self.tr("Taken by"),
            self.tr("When"),
            self.tr("State"),
            self.tr("Time left / outcome"),
        )
        self.state_words = {
            BatchState.WAITING: self.tr("Stored — waiting to be sent"),
            BatchState.SENDING: self.tr("Sending…"),
            BatchState.NEEDS_ATTENTION: self.tr("Needs attention"),
            BatchState.APPROVED: self.tr("Approved"),
            BatchState.DECLINED: self.tr("Declined"),
            BatchState.VOIDED: self.tr("Voided — never sent"),
        }

    def set_entries(self, entries: tuple[BatchEntry, ...]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def row_total(self) -> int:
        return len(self.entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        entry = self.entries[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return entry.payment_id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._cell(entry, index.column())

    def _cell(self, e: BatchEntry, column: int) -> str:
        now = self._now()
        if column == 0:
            return e.card
        if column in (1, 2):
            return money(e.amount if column == 1 else e.tip, e.currency)
        if column == 3:
            return e.order
        if column == 4:
            return e.taken_by
        if column == 5:
            return time_text(e.stored_at)
        if column == 6:
            return self.state_words[e.state]
        if e.unfinished:
            left = e.deadline - now
            if left.total_seconds() < 0:
                return self.tr("Overdue {0}").format(_hm(-left))
            text = self.tr("Forward within {0}").format(_hm(left))
            return f"{text} — {tr_stored(e.outcome)}" if e.outcome else text
        decided = f" [{e.decision}]" if e.decision else ""
        return f"{tr_stored(e.outcome)}{decided}"


class BatchScreen(QWidget):
    back_requested = Signal()

    def __init__(self, deps: BatchDeps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self._deps = deps
        self.view: BatchView | None = None
        self.busy = False
        self.forwarding = False
        self._cancel = threading.Event()
        self.dialog: OverrideDialog | None = None
        self.confirm: QMessageBox | None = None
        self.check_text = ""
        self.last_export: Path | None = None
        self.results = {"approved": 0, "declined": 0, "parked": 0}
        self._bridge = CallbackBridge(self)
        self._bridge.fired.connect(self.on_progress)
        self._build()

    def _build(self) -> None:
        col = QVBoxLayout(self)
        col.setContentsMargins(12, 12, 12, 12)
        col.addWidget(make_label(self.tr("Offline batch"), "title"))
        self.totals_label = muted_label("batchTotals", self.tr("Totals by state"))
        col.addWidget(self.totals_label)
        self.model = BatchModel(self._deps.now, self)
        self.table = ModelTable("batchTable", self.tr("Stored payments"))
        self.table.setModel(self.model)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._refresh())
        col.addWidget(self.table, 1)
        progress_row = QHBoxLayout()
        self.forward_button = self._button(
            self.tr("Forward now"),
            "primary",
            "batchForward",
            self.tr("Sends the stored offline payments to Stripe now"),
        )
        self.cancel_button = self._button(
            self.tr("Cancel"),
            None,
            "batchCancel",
            self.tr("Stops forwarding; the payments already being sent finish first"),
        )
        self.progress = QProgressBar()
        self.progress.setObjectName("batchProgress")
        self.progress.setAccessibleName(self.tr("Forwarding progress"))
        self.progress.setAccessibleDescription(self.tr("How many stored payments have been sent"))
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress_label = muted_label("batchProgressText", self.tr("Forwarding results"))
        progress_row.addWidget(self.forward_button)
        progress_row.addWidget(self.cancel_button)
        progress_row.addWidget(self.progress, 1)
        col.addLayout(progress_row)
        col.addWidget(self.progress_label)
        self.contact_button = self._button(
            self.tr("Contact customer"),
            None,
            "batchContact",
            self.tr("Records that the customer is contacted about a declined payment; the balance stays due"),
        )
        self.cash_button = self._button(
            self.tr("Cash collected"),
            None,
            "batchCashCollected",
            self.tr("Records the balance of a declined payment as collected in cash"),
        )
        self.write_off_button = self._button(
            self.tr("Write off"),
            "danger",
            "batchWriteOff",
            self.tr("Writes off the balance of a declined payment"),
        )
        self.requeue_button = self._button(
            self.tr("Send again"),
            None,
            "batchRequeue",
            self.tr("Sends a payment that needs a decision again with the same keys"),
        )
        self.new_key_button = self._button(
            self.tr("Retry with a new key…"),
            "warning",
            "batchNewKey",
            self.tr("Checks with Stripe first, then sends the payment under new keys if nothing was charged"),
        )
        self.another_way_button = self._button(
            self.tr("Collect another way…"),
            None,
            "batchAnotherWay",
            self.tr("Never charges the stored card; the sale is collected another way"),
        )
        col.addWidget(
            FlowRow(
                (
                    self.contact_button,
                    self.cash_button,
                    self.write_off_button,
                    self.requeue_button,
                    self.new_key_button,
                    self.another_way_button,
                )
            )
        )
        self.what_to_do = muted_label("batchWhatToDo", self.tr("What to do with the selected payment"))
        col.addWidget(self.what_to_do)
        self.back_button = self._button(
            self.tr("Back"), None, "batchBack", self.tr("Returns to the manager's screen")
        )
        self.refresh_button = self._button(
            self.tr("Refresh"), None, "batchRefresh", self.tr("Reads the stored payments again")
        )
        self.csv_button = self._button(
            self.tr("Export CSV"), None, "batchCsv", self.tr("Saves the open batch as a CSV file")
        )
        self.pdf_button = self._button(
            self.tr("Export PDF"), None, "batchPdf", self.tr("Saves the open batch as a PDF file")
        )
        self.close_button = self._button(
            self.tr("Close batch"),
            "warning",
            "batchClose",
            self.tr("Numbers the batch and closes it; it never changes afterwards"),
        )
        col.addWidget(
            FlowRow(
                (self.back_button, self.refresh_button, self.csv_button, self.pdf_button, self.close_button)
            )
        )
        self.message = muted_label("batchMessage", self.tr("Batch message"))
        col.addWidget(self.message)
        self._connect()
        self._refresh()

    def _connect(self) -> None:
        self.forward_button.clicked.connect(self.forward_now)
        self.cancel_button.clicked.connect(self.cancel_forwarding)
        self.contact_button.clicked.connect(lambda: self.decide(Resolution.CONTACT_CUSTOMER))
        self.cash_button.clicked.connect(lambda: self.decide(Resolution.CASH_COLLECTED))
        self.write_off_button.clicked.connect(lambda: self.decide(Resolution.WRITE_OFF))
        self.requeue_button.clicked.connect(lambda: self.decide(Resolution.REQUEUE))
        self.new_key_button.clicked.connect(lambda: self.decide(Resolution.NEW_KEY))
        self.another_way_button.clicked.connect(lambda: self.decide(Resolution.ANOTHER_WAY))
        self.back_button.clicked.connect(self.back_requested.emit)
        self.refresh_button.clicked.connect(self.refresh)
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.close_button.clicked.connect(self.close_batch)

    def _button(self, text: str, role: str | None, name: str, description: str) -> Any:
        return make_button(text, role, name=name, description=description)

    # -- loading ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        self._run(self._deps.batches.view, self._loaded, self.tr("Loading…"))

    def _loaded(self, view: BatchView) -> None:
        selected = self.selected()
        self.view = view
        self.model.set_entries(view.entries)
        if selected is not None:
            self.select(selected.payment_id)
        totals = view.state_totals()
        words = self._total_words()
        parts = [
            f"{words[s]}: {totals[s].count} ({money(totals[s].amount, view.currency)})"
            for s in BatchState
            if s in totals
        ]
        total = view.totals.total
        self.totals_label.setText(
            self.tr("{0} payments, {1} — {2}").format(
                total.count, money(total.amount, view.currency), ", ".join(parts)
            )
            if parts
            else self.tr("Nothing is stored: the batch is empty.")
        )

    def _total_words(self) -> dict[BatchState, str]:
        return {
            BatchState.WAITING: self.tr("waiting"),
            BatchState.SENDING: self.tr("sending"),
            BatchState.NEEDS_ATTENTION: self.tr("needs attention"),
            BatchState.APPROVED: self.tr("approved"),
            BatchState.DECLINED: self.tr("declined"),
            BatchState.VOIDED: self.tr("voided"),
        }

    def selected(self) -> BatchEntry | None:
        row = self.table.selected_row()
        entries = self.model.entries
        return entries[row] if row is not None and 0 <= row < len(entries) else None

    def select(self, payment_id: str) -> None:
        for row, entry in enumerate(self.model.entries):
            if entry.payment_id == payment_id:
                self.table.selectRow(row)

    # -- forwarding -------------------------------------------------------------------------------

    def forward_now(self) -> None:
        self._as_manager(self.tr("Send the stored offline payments to Stripe now."), self._forward)

    def _forward(self, authorization: Authorization) -> None:
        batches, bridge = self._deps.batches, self._bridge
        self._cancel.clear()
        self.forwarding = True
        self.results = {"approved": 0, "declined": 0, "parked": 0}
        waiting = [
            e for e in (self.view.entries if self.view else ()) if e.status.value in ("pending", "unknown")
        ]
        self.progress.setRange(0, max(1, len(waiting)))
        self.progress.setValue(0)
        self.progress_label.setText(self.tr("Forwarding…"))
        cancel = self._cancel

        def work() -> ForwardReport:
            return batches.forward(authorization, cancel=cancel.is_set, on_progress=bridge.emit_later)

        self._run(work, self._forwarded, self.tr("Forwarding…"))

    def cancel_forwarding(self) -> None:
        """Stop taking new payments; those being sent finish (none is left half-sent)."""
        self._cancel.set()
        self.progress_label.setText(self.tr("Cancelling — the payments already being sent finish first…"))

    def on_progress(self, progress: object) -> None:
        """GUI thread (queued from the forwarder's workers)."""
        if not isinstance(progress, ForwardProgress):
            return
        key = {"succeeded": "approved", "declined": "declined", "parked": "parked"}.get(
            progress.result.outcome.value
        )
        if key is not None:
            self.results[key] += 1
        self.progress.setRange(0, max(1, progress.total))
        self.progress.setValue(min(progress.done, progress.total))
        self.progress_label.setText(self._result_text(progress.done, progress.total))

    def _result_text(self, done: int, total: int) -> str:
        return self.tr("{0} of {1} sent — approved {2}, declined {3}, need attention {4}").format(
            done, total, self.results["approved"], self.results["declined"], self.results["parked"]
        )

    def _forwarded(self, report: ForwardReport) -> None:
        self.forwarding = False
        if self._cancel.is_set():
            self.progress_label.setText(
                self.tr("Cancelled. ") + self._result_text(self.progress.value(), self.progress.maximum())
            )
        elif not report.results:
            self.progress.setRange(0, 1)
            self.progress.setValue(1)
            self.progress_label.setText(self.tr("Nothing was waiting to be sent."))
        else:
            self.progress.setValue(self.progress.maximum())
        self._changed()

    @property
    def progress_percent(self) -> int:
        maximum = self.progress.maximum()
        return int(100 * self.progress.value() / maximum) if maximum else 0

    # -- decisions --------------------------------------------------------------------------------

    def decide(self, resolution: Resolution) -> None:
        entry = self.selected()
        if entry is None or self.busy:
            return
        batches, pid = self._deps.batches, entry.payment_id
        words = {
            Resolution.CONTACT_CUSTOMER: self.tr(
                "Contact the customer about order {0}: the balance stays due."
            ),
            Resolution.CASH_COLLECTED: self.tr("Record the balance of order {0} collected in cash."),
            Resolution.WRITE_OFF: self.tr("Write off the balance of order {0}."),
            Resolution.REQUEUE: self.tr("Send the payment of order {0} again with the same keys."),
            Resolution.NEW_KEY: self.tr("Decide on the payment of order {0}: retry with a new key."),
            Resolution.ANOTHER_WAY: self.tr(
                "Do not charge the stored card of order {0}; collect the sale another way."
            ),
        }

        def granted(authorization: Authorization) -> None:
            work = lambda: batches.resolve(pid, resolution, authorization)  # noqa: E731
            if resolution is Resolution.NEW_KEY:
                self._confirm_new_key(work)
            elif resolution is Resolution.ANOTHER_WAY:
                self._run(work, self._checked, self.tr("Checking with Stripe…"))
            else:
                self._run(work, lambda _r: self._changed(), self.tr("Recording the decision…"))

        self._as_manager(words[resolution].format(entry.order), granted)

    def _confirm_new_key(self, work: Callable[[], object]) -> None:
        box = ask(
            self,
            name="batchNewKeyConfirm",
            title=self.tr("Retry with a new key"),
            yes=self.tr("Retry with a new key"),
            no=self.tr("Cancel"),
            text=self.tr(
                "Stripe is checked first: every earlier key of this payment is sent again or looked up, and "
                "if the card was already charged that is recorded and nothing new is sent. Only once Stripe "
                "shows nothing was charged is it sent under new keys. The customer is never charged twice."
            ),
        )
        self.confirm = box

        def finished(result: int) -> None:
            self.confirm = None
            box.deleteLater()
            if result == QMessageBox.StandardButton.Yes.value:
                self._run(work, self._checked, self.tr("Checking with Stripe…"))

        box.finished.connect(finished)
        box.open()

    def _checked(self, check: object) -> None:
        if isinstance(check, ChargeCheck):
            self.check_text = tr_text(check.summary)
        self._changed()
        self.message.setText(self.check_text)

    # -- closing and exports ----------------------------------------------------------------------

    def close_batch(self) -> None:
        batches = self._deps.batches

        def granted(authorization: Authorization) -> None:
            def done(batch: Any) -> None:
                self._changed()
                self.message.setText(
                    self.tr("Batch {0} closed: {1} payments, {2}.").format(
                        batch.number, batch.payments, money(batch.total_minor, batch.currency)
                    )
                )

            self._run(lambda: batches.close(authorization), done, self.tr("Closing the batch…"))

        self._as_manager(self.tr("Close the offline batch: it is numbered and never changes."), granted)

    def export(self, kind: str) -> None:
        view = self.view
        if view is None or self.busy:
            return
        folder, stamp = self._deps.export_dir, export.stamp(self._deps.now())
        words, title = self._total_words(), self.tr("Offline batch")

        def work() -> Path:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            if kind == "csv":
                return export.write_export(
                    folder / f"offline-batch-{stamp}.csv", export.open_batch_csv(view.entries)
                )
            totals = [
                (f"{words[s]} ({o.count})", money(o.amount, view.currency))
                for s, o in view.state_totals().items()
            ]
            data, drawn = batch_pdf(title, open_batch_lines(view.entries, self.model.state_words), totals)
            return export.write_export(folder / f"offline-batch-{stamp}.pdf", data, texts=drawn)

        def done(path: Path) -> None:
            self.last_export = path
            self.message.setText(self.tr("Saved {0}").format(path))

        self._run(work, done, self.tr("Saving…"))

    # -- helpers ----------------------------------------------------------------------------------

    def _as_manager(self, reason: str, then: Callable[[Authorization], None]) -> None:
        actor = self._deps.actor()
        if actor is None or self.busy:
            return

        def granted(authorization: Authorization) -> None:
            self.dialog = None
            then(authorization)

        self.dialog = request_permission(
            self,
            self._deps.staff,
            self._deps.tasks,
            actor,
            Permission.CLOSE_BATCH,
            reason=reason,
            on_granted=granted,
        )

    def _run(self, fn: Callable[[], Any], done: Callable[[Any], None], note: str) -> None:
        self.busy = True
        self.message.setText(note)
        self._refresh()

        def finished(result: Any, error: BaseException | None) -> None:
            self.busy = False
            if error is not None:
                self.forwarding = False
                self.message.setText(self.tr("Not done: {0}").format(tr_text(error)))
                self._refresh()
                if fn != self._deps.batches.view:
                    self.refresh()
                return
            if self.message.text() == note:
                self.message.setText("")
            done(result)
            self._refresh()

        self._deps.tasks.run(fn, finished)

    def set_on_changed(self, callback: Callable[[], None]) -> None:
        """HOOK (offline strip): told after anything changed the batch."""
        self._deps.on_changed = callback

    def _changed(self) -> None:
        self.refresh()
        if self._deps.on_changed is not None:
            self._deps.on_changed()

    def _refresh(self) -> None:
        entry = self.selected()
        idle = not self.busy
        declined = entry is not None and entry.state is BatchState.DECLINED and not entry.decision
        owes = declined and entry is not None and entry.order_state == "balance_due"
        parked = entry is not None and entry.status.value == "parked"
        self.forward_button.setEnabled(idle)
        self.cancel_button.setEnabled(self.forwarding)
        for button in (self.contact_button, self.cash_button, self.write_off_button):
            button.setEnabled(idle and owes)
        for button in (self.requeue_button, self.new_key_button, self.another_way_button):
            button.setEnabled(idle and parked)
        has = self.view is not None and bool(self.view.entries)
        self.csv_button.setEnabled(idle and has)
        self.pdf_button.setEnabled(idle and has)
        self.close_button.setEnabled(idle and self.view is not None and self.view.closable)
        self.close_button.setToolTip(tr_text(self.view.why_not) if self.view is not None else "")
        self.what_to_do.setText(self._advice(entry))

    def _advice(self, entry: BatchEntry | None) -> str:
        if entry is None:
            return tr_text(self.view.why_not) if self.view is not None and not self.view.closable else ""
        if entry.state is BatchState.DECLINED:
            if entry.decision:
                return self.tr("Order {0}: declined ({1}); decided: {2}.").format(
                    entry.order, tr_stored(entry.outcome), entry.decision
                )
            return self.tr(
                "Order {0} was declined ({1}): contact the customer, record the cash collected, "
                "or write it off."
            ).format(entry.order, tr_stored(entry.outcome))
        if entry.status.value == "parked":
            return self.tr(
                "Order {0} needs a decision ({1}): send it again with the same keys, or retry with a new key."
            ).format(entry.order, tr_stored(entry.outcome))
        if entry.state is BatchState.NEEDS_ATTENTION:
            return self.tr(
                "Order {0}: the outcome is not confirmed yet; it is checked again automatically."
            ).format(entry.order)
        return ""
