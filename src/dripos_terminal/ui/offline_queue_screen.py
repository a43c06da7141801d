"""Manager close-out of offline payments: the queue, "Forward now" with progress, and the outcomes.

The queue lists every offline payment on this till (masked card, amount + tip, order, age, the
countdown to the 24-hour deadline, state). "Forward now" wakes the background forwarder (or runs one
pass on a worker when it is not running); its progress callbacks arrive from worker threads and
reach `on_progress` through a queued signal (the composition root connects it). Outcomes: approved,
declined (with the reason and the order — never lost: it stays listed until a manager acknowledges
it), needs attention (parked: requeue with the same keys, "retry with a new key" after a confirm
that explains Stripe is searched first so the customer is never charged twice, or "collect another
way", which destroys the stored card number once Stripe shows nothing was charged). Parked payments
past their deadline are flagged OVERDUE: they still hold a card number.

Every action takes `Permission.CLOSE_BATCH` (a manager's PIN when a barista is signed in) and runs
through `TaskRunner`; nothing blocks the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QMessageBox,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dripos_terminal.domain.connectivity import Connectivity
from dripos_terminal.domain.offline_policy import OfflineLimits
from dripos_terminal.domain.payment import PaymentStatus
from dripos_terminal.domain.staff import Permission, StaffMember
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.payments.charge_check import ChargeCheck
from dripos_terminal.payments.forwarder import AttentionItem, Forwarder, ForwardProgress, ForwardReport
from dripos_terminal.redaction import redact
from dripos_terminal.services.staff import Authorization, StaffService
from dripos_terminal.store.outbox import Outbox, OutboxItem
from dripos_terminal.ui.i18n import money, tr_stored, tr_text
from dripos_terminal.ui.message_box import ask
from dripos_terminal.ui.override_dialog import OverrideDialog, request_permission
from dripos_terminal.ui.tasks import TaskRunner
from dripos_terminal.ui.widgets import (
    FlowRow,
    WrapLabel,
    describe,
    make_button,
    make_label,
    shown_error,
    touch_list,
)

CONTEXT = "OfflineQueueScreen"
QUEUE_COLUMNS = (
    QT_TRANSLATE_NOOP("OfflineQueueScreen", "Card"),
    QT_TRANSLATE_NOOP("OfflineQueueScreen", "Amount"),
    QT_TRANSLATE_NOOP("OfflineQueueScreen", "Tip"),
    QT_TRANSLATE_NOOP("OfflineQueueScreen", "Order"),
    QT_TRANSLATE_NOOP("OfflineQueueScreen", "Age"),
    QT_TRANSLATE_NOOP("OfflineQueueScreen", "Deadline"),
    QT_TRANSLATE_NOOP("OfflineQueueScreen", "State"),
)
ATTENTION_COLUMNS = (
    QT_TRANSLATE_NOOP("OfflineQueueScreen", "Order"),
    QT_TRANSLATE_NOOP("OfflineQueueScreen", "Card"),
    QT_TRANSLATE_NOOP("OfflineQueueScreen", "Amount"),
    QT_TRANSLATE_NOOP("OfflineQueueScreen", "What happened"),
)
NEW_KEY_TEXT = QT_TRANSLATE_NOOP(
    "OfflineQueueScreen",
    "Retry this payment with a new idempotency key?\n\n"
    "Stripe is checked first: every earlier key of this payment still inside Stripe's 24-hour memory "
    "is sent again exactly as it was (Stripe answers with what it did), and older ones are looked up "
    "by this payment's id, page by page. If Stripe already charged the card, that charge is recorded "
    "and nothing is sent. Only once Stripe shows nothing was charged is it sent again under new keys; "
    "if Stripe cannot show that yet, nothing is sent. The customer is never charged twice.",
)
UNFINISHED = (PaymentStatus.PENDING, PaymentStatus.SENDING, PaymentStatus.UNKNOWN)
STATE_WORDS = {
    PaymentStatus.PENDING: QT_TRANSLATE_NOOP("OfflineQueueScreen", "Stored — waiting to be sent"),
    PaymentStatus.SENDING: QT_TRANSLATE_NOOP("OfflineQueueScreen", "Sending…"),
    PaymentStatus.UNKNOWN: QT_TRANSLATE_NOOP("OfflineQueueScreen", "Not confirmed — will be checked again"),
    PaymentStatus.SUCCEEDED: QT_TRANSLATE_NOOP("OfflineQueueScreen", "Approved"),
    PaymentStatus.DECLINED: QT_TRANSLATE_NOOP("OfflineQueueScreen", "Declined"),
    PaymentStatus.CANCELED: QT_TRANSLATE_NOOP("OfflineQueueScreen", "Voided — never sent"),
}


@dataclass
class OfflineQueueDeps:
    forwarder: Forwarder  # blocking methods through `tasks` only
    outbox: Outbox  # blocking
    tasks: TaskRunner
    staff: StaffService
    now: Callable[[], datetime]
    limits: OfflineLimits
    actor: Callable[[], StaffMember | None]
    is_online: Callable[[], bool]
    forwarder_running: Callable[[], bool]
    open_settings: Callable[[QWidget, Callable[[], None] | None], object] | None = None
    on_changed: Callable[[], None] | None = None  # the strip's summary
    # BLOCKING: "#0042" for each order id (the number staff call the order by)
    order_numbers: Callable[[list[str]], dict[str, str]] = lambda ids: {}


def _hm(delta: timedelta) -> str:
    minutes = max(0, int(delta.total_seconds() // 60))
    return QCoreApplication.translate("OfflineQueueScreen", "{hours} h {minutes} min").format(
        hours=minutes // 60, minutes=f"{minutes % 60:02d}"
    )


@dataclass(frozen=True)
class Totals:
    stored: int
    stored_minor: int
    forwarded: int
    approved: int
    approved_minor: int
    declined: int
    declined_minor: int
    voided: int

    @classmethod
    def of(cls, items: list[OutboxItem]) -> Totals:
        def pick(*statuses: PaymentStatus) -> list[OutboxItem]:
            return [i for i in items if i.status in statuses]

        stored = pick(*UNFINISHED)
        approved = pick(PaymentStatus.SUCCEEDED)
        declined = pick(PaymentStatus.DECLINED)
        return cls(
            stored=len(stored),
            stored_minor=sum(i.charge_minor for i in stored),
            forwarded=len(approved) + len(declined),
            approved=len(approved),
            approved_minor=sum(i.charge_minor for i in approved),
            declined=len(declined),
            declined_minor=sum(i.charge_minor for i in declined),
            voided=len(pick(PaymentStatus.CANCELED)),
        )

    def text(self, currency: str) -> str:
        return QCoreApplication.translate(
            "OfflineQueueScreen",
            "Stored: {stored} ({stored_amount})   Forwarded: {forwarded}   Approved: {approved} "
            "({approved_amount})   Declined: {declined} ({declined_amount})   Voided: {voided}",
        ).format(
            stored=self.stored,
            stored_amount=money(self.stored_minor, currency),
            forwarded=self.forwarded,
            approved=self.approved,
            approved_amount=money(self.approved_minor, currency),
            declined=self.declined,
            declined_amount=money(self.declined_minor, currency),
            voided=self.voided,
        )


class OfflineQueueScreen(QWidget):
    def __init__(self, deps: OfflineQueueDeps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self._deps = deps
        self.items: list[OutboxItem] = []
        self.attention: list[AttentionItem] = []
        self.numbers: dict[str, str] = {}
        self.check_text = ""  # what the last "retry with a new key" checked with Stripe
        self.totals: Totals | None = None
        self.override_dialog: OverrideDialog | None = None
        self.confirm: QMessageBox | None = None
        describe(
            self, self.tr("The offline payments stored on this till: forward them and settle each outcome.")
        )
        self.results: dict[str, int] = {"approved": 0, "declined": 0, "parked": 0}
        self._loading = False
        self._load_again = False
        self._build()
        self.set_connectivity(Connectivity.ONLINE)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        # The state beside the title, not under it: at 1024×768 the screen fits under an expanded
        # incident banner without scrolling.
        head = QHBoxLayout()
        head.setSpacing(16)
        head.addWidget(make_label(self.tr("Offline queue"), "title"))
        self.online_label = WrapLabel("", "muted", name="offlineQueueOnline")
        head.addWidget(self.online_label, 1)
        layout.addLayout(head)
        self.totals_label = WrapLabel("", None, name="offlineTotals")
        layout.addWidget(self.totals_label)
        self.table = self._table(
            "offlineQueueTable",
            QUEUE_COLUMNS,
            self.tr("Stored payments"),
            self.tr("Every offline payment on this till: card, amount, order, age, deadline and state."),
        )
        layout.addWidget(self.table, 2)
        row = QHBoxLayout()
        self.forward_button = make_button(
            self.tr("Forward now"),
            "primary",
            name="offlineForward",
            description=self.tr("Send the stored payments to Stripe now (a manager's PIN)."),
        )
        self.progress = QProgressBar()
        self.progress.setObjectName("offlineProgress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setMinimumHeight(44)
        describe(
            self.progress, self.tr("How many stored payments have been sent."), self.tr("Forwarding progress")
        )
        self.progress_label = WrapLabel("", "muted", name="offlineProgressText")
        row.addWidget(self.forward_button)
        row.addWidget(self.progress, 1)
        row.addWidget(self.progress_label, 1)
        layout.addLayout(row)
        self.attention_label = WrapLabel("", "muted", name="offlineAttentionCount")
        layout.addWidget(self.attention_label)
        self.attention_table = self._table(
            "offlineAttention",
            ATTENTION_COLUMNS,
            self.tr("Needs attention"),
            self.tr("Declines and payments waiting for a manager's decision; select one to act on it."),
        )
        layout.addWidget(self.attention_table, 1)
        self.ack_button = make_button(
            self.tr("Acknowledge decline"),
            None,
            name="offlineAcknowledge",
            description=self.tr("The selected decline has been seen and dealt with (a manager's PIN)."),
        )
        self.requeue_button = make_button(
            self.tr("Requeue (same keys)"),
            None,
            name="offlineRequeue",
            description=self.tr("Send the selected payment again with the same keys."),
        )
        self.new_key_button = make_button(
            self.tr("Retry with a new key…"),
            "warning",
            name="offlineNewKey",
            description=self.tr("Check Stripe first, then send the selected payment under a new key."),
        )
        self.another_way_button = make_button(
            self.tr("Collect another way…"),
            None,
            name="offlineAnotherWay",
            description=self.tr("The customer paid the selected payment another way (a manager's PIN)."),
        )
        self.settings_button = make_button(
            self.tr("Offline card entry settings…"),
            None,
            name="offlineSettingsOpen",
            description=self.tr("Switch offline card entry on or off (a manager's PIN)."),
        )
        self.refresh_button = make_button(
            self.tr("Refresh"), None, name="offlineRefresh", description=self.tr("Read the queue again.")
        )
        layout.addWidget(
            FlowRow(
                [
                    self.ack_button,
                    self.requeue_button,
                    self.new_key_button,
                    self.another_way_button,
                    self.settings_button,
                    self.refresh_button,
                ]
            )
        )
        self.message = WrapLabel("", "error", name="offlineQueueMessage", hide_empty=True)
        layout.addWidget(self.message)
        self.forward_button.clicked.connect(lambda _c=False: self.forward_now())
        self.ack_button.clicked.connect(lambda _c=False: self.acknowledge_selected())
        self.requeue_button.clicked.connect(lambda _c=False: self.requeue_selected())
        self.new_key_button.clicked.connect(lambda _c=False: self.retry_with_new_key_selected())
        self.another_way_button.clicked.connect(lambda _c=False: self.collect_another_way_selected())
        self.settings_button.clicked.connect(lambda _c=False: self._open_settings())
        self.refresh_button.clicked.connect(lambda _c=False: self.refresh())
        self.attention_table.itemSelectionChanged.connect(self._render_actions)
        self._render_actions()

    def _table(self, name: str, columns: tuple[str, ...], title: str, description: str) -> QTableWidget:
        table = QTableWidget(0, len(columns))
        table.setObjectName(name)
        table.setHorizontalHeaderLabels([tr_text(c) for c in columns])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().setVisible(False)
        touch_list(table)
        table.setMinimumHeight(44 + 48 + 4)  # the titles and one row: the rest scrolls in the table
        describe(table, description, title)
        return table

    # -- loading ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self._loading:
            self._load_again = True
            return
        self._loading = True
        outbox, forwarder, numbers = self._deps.outbox, self._deps.forwarder, self._deps.order_numbers

        def load() -> tuple[list[OutboxItem], list[AttentionItem], dict[str, str]]:
            items, attention = outbox.items(), forwarder.list_needs_attention()
            return items, attention, numbers([i.order_id for i in items])

        self._deps.tasks.run(load, self._loaded)

    def _loaded(
        self,
        result: tuple[list[OutboxItem], list[AttentionItem], dict[str, str]] | None,
        error: BaseException | None,
    ) -> None:
        self._loading = False
        if error is not None or result is None:
            self.message.setText(
                self.tr("The offline queue could not be read: {error}").format(error=shown_error(error))
            )
        else:
            self.items, self.attention, self.numbers = list(result[0]), list(result[1]), dict(result[2])
            self.totals = Totals.of(self.items)
            self._fill()
        if self._load_again:
            self._load_again = False
            self.refresh()

    def _fill(self) -> None:
        now = self._deps.now()
        currency = self.items[0].currency if self.items else "usd"
        self.totals_label.setText(self.totals.text(currency) if self.totals else "")
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            deadline = item.stored_at + self._deps.limits.max_age - now
            if item.status not in UNFINISHED:
                countdown = "—"
            elif deadline.total_seconds() < 0:
                countdown = self.tr("Overdue {time}").format(time=_hm(-deadline))
            else:
                countdown = self.tr("Forward within {time}").format(time=_hm(deadline))
            state = self.tr("Needs a decision") if item.parked else tr_text(STATE_WORDS[item.status])
            if item.status is PaymentStatus.DECLINED:
                # rows written before today's redaction are masked again when shown
                reason = (
                    tr_stored(redact(item.outcome_message)) if item.outcome_message else item.outcome_code
                )
                state = self.tr("Declined: {reason}").format(reason=reason or self.tr("no reason given"))
            cells: tuple[str, ...] = (
                item.masked,
                money(item.charge_minor, item.currency),
                money(item.tip_minor, item.currency),
                self.order_number(item.order_id),
                _hm(now - item.stored_at),
                countdown,
                state,
            )
            self._set_row(self.table, row, cells, item.id)
        self.attention_table.setRowCount(len(self.attention))
        for row, entry in enumerate(self.attention):
            it = entry.item
            number = self.order_number(it.order_id)
            reason = redact(tr_text(entry.reason))
            if entry.overdue:
                reason = self.tr("OVERDUE — {reason}").format(reason=reason)
            row_cells = (number, it.masked, money(it.charge_minor, it.currency), reason)
            self._set_row(self.attention_table, row, row_cells, it.id)
        self.attention_label.setText(
            self.tr("Needs attention: {count} (declines and payments waiting for a decision)").format(
                count=len(self.attention)
            )
        )
        self._render_actions()

    def order_number(self, order_id: str) -> str:
        """The order's number ("#0042"), as staff call it; its id only if this till has no such order."""
        return self.numbers.get(order_id, order_id)

    @staticmethod
    def _set_row(table: QTableWidget, row: int, cells: tuple[str, ...], payment_id: str) -> None:
        for col, text in enumerate(cells):
            cell = QTableWidgetItem(text)
            cell.setData(Qt.ItemDataRole.UserRole, payment_id)
            table.setItem(row, col, cell)

    def set_connectivity(self, state: Connectivity) -> None:
        online = state is Connectivity.ONLINE
        self.online_label.setText(
            self.tr("Stripe is reachable: stored payments are being sent.")
            if online
            else self.tr("The till is offline: stored payments are sent once the till is back online.")
        )
        self.forward_button.setEnabled(online)

    # -- forwarding -------------------------------------------------------------------------------
    def forward_now(self) -> None:
        if not self._deps.is_online():
            self.message.setText(
                self.tr("Go back online first: stored payments can only be sent when Stripe is back.")
            )
            return
        self._as_manager(
            self.tr("Forward the stored offline payments to Stripe."), lambda _m: self._forward()
        )

    def _forward(self) -> None:
        self.message.setText("")
        self.results = {"approved": 0, "declined": 0, "parked": 0}
        due = sum(1 for i in self.items if i.status in UNFINISHED and not i.parked)
        self.progress.setRange(0, max(1, due))
        self.progress.setValue(0)
        self.progress_label.setText(self.tr("Forwarding…"))
        forwarder = self._deps.forwarder
        if self._deps.forwarder_running():
            forwarder.wake()
            if due == 0:
                self.progress.setValue(1)
                self.progress_label.setText(self.tr("Nothing waiting to be sent"))
            return

        def done(report: ForwardReport | None, error: BaseException | None) -> None:
            if error is not None:
                self.message.setText(
                    self.tr("Forwarding stopped: {error}. Nothing is lost; try again.").format(
                        error=shown_error(error)
                    )
                )
            elif report is not None and not report.results:
                self.progress.setRange(0, 1)
                self.progress.setValue(1)
                self.progress_label.setText(self.tr("Nothing waiting to be sent"))
            self._changed()

        self._deps.tasks.run(lambda: forwarder.forward_all(wait_for_retries=False), done)

    def on_progress(self, progress: ForwardProgress) -> None:
        """GUI thread (queued from the forwarder's workers)."""
        outcome = progress.result.outcome.value
        key = {"succeeded": "approved", "declined": "declined", "parked": "parked"}.get(outcome)
        if key is not None:
            self.results[key] += 1
        self.progress.setRange(0, max(1, progress.total))
        self.progress.setValue(min(progress.done, progress.total))
        self.progress_label.setText(
            self.tr(
                "{done} of {total} sent — approved {approved}, declined {declined}, waiting for a "
                "decision {parked}"
            ).format(
                done=progress.done,
                total=progress.total,
                approved=self.results["approved"],
                declined=self.results["declined"],
                parked=self.results["parked"],
            )
        )
        if progress.done >= progress.total:
            self._changed()

    @property
    def progress_percent(self) -> int:
        maximum = self.progress.maximum()
        return int(100 * self.progress.value() / maximum) if maximum else 0

    # -- decisions on one payment -----------------------------------------------------------------
    def selected_payment(self) -> str | None:
        rows = self.attention_table.selectionModel().selectedRows()
        if not rows:
            return None
        cell = self.attention_table.item(rows[0].row(), 0)
        return None if cell is None else str(cell.data(Qt.ItemDataRole.UserRole))

    def select_attention(self, payment_id: str) -> None:
        for row, entry in enumerate(self.attention):
            if entry.item.id == payment_id:
                self.attention_table.selectRow(row)

    def _selected_entry(self) -> AttentionItem | None:
        pid = self.selected_payment()
        return next((e for e in self.attention if e.item.id == pid), None)

    def acknowledge_selected(self) -> None:
        entry = self._selected_entry()
        if entry is None or entry.item.status is not PaymentStatus.DECLINED:
            return
        forwarder, pid = self._deps.forwarder, entry.item.id
        self._as_manager(
            self.tr("Acknowledge the declined payment of order {number}.").format(
                number=self.order_number(entry.item.order_id)
            ),
            lambda m: self._run(lambda: forwarder.acknowledge(pid, m.staff_id)),
        )

    def requeue_selected(self) -> None:
        entry = self._selected_entry()
        if entry is None or not entry.item.parked:
            return
        forwarder, pid = self._deps.forwarder, entry.item.id
        self._as_manager(
            self.tr("Send the payment of order {number} again with the same keys.").format(
                number=self.order_number(entry.item.order_id)
            ),
            lambda m: self._run(lambda: forwarder.requeue(pid, m.staff_id)),
        )

    def retry_with_new_key_selected(self) -> None:
        entry = self._selected_entry()
        if entry is None or not entry.item.parked:
            return
        forwarder, pid = self._deps.forwarder, entry.item.id

        def decided(manager: StaffMember) -> None:
            box = ask(
                self,
                name="offlineNewKeyConfirm",
                title=self.tr("Retry with a new key"),
                text=tr_text(NEW_KEY_TEXT),
                yes=self.tr("Check Stripe, then retry"),
                no=self.tr("Cancel"),
            )
            self.confirm = box

            def finished(result: int) -> None:
                self.confirm = None
                box.deleteLater()
                if result == QMessageBox.StandardButton.Yes.value:
                    self._run(lambda: forwarder.retry_with_new_key(pid, manager.staff_id), self._checked)

            box.finished.connect(finished)
            box.open()

        self._as_manager(
            self.tr("Decide on the payment of order {number}.").format(
                number=self.order_number(entry.item.order_id)
            ),
            decided,
        )

    def collect_another_way_selected(self) -> None:
        """The manager decides not to charge this card: Stripe is asked first; only when it shows
        nothing was charged is the stored card number destroyed and the order left owing."""
        entry = self._selected_entry()
        if entry is None or not entry.item.parked:
            return
        forwarder, pid = self._deps.forwarder, entry.item.id
        self._as_manager(
            f"Do not charge the stored card of order {self.order_number(entry.item.order_id)}; "
            "collect it another way.",
            lambda m: self._run(lambda: forwarder.collect_another_way(pid, m.staff_id), self._checked),
        )

    # -- helpers ----------------------------------------------------------------------------------
    def _as_manager(self, reason: str, then: Callable[[StaffMember], None]) -> None:
        actor = self._deps.actor()
        if actor is None:
            self.message.setText(self.tr("Sign in first."))
            return

        def granted(authorization: Authorization) -> None:
            self.override_dialog = None
            then(authorization.approver)

        self.override_dialog = request_permission(
            self,
            self._deps.staff,
            self._deps.tasks,
            actor,
            Permission.CLOSE_BATCH,
            reason=reason,
            on_granted=granted,
        )

    def _run(self, fn: Callable[[], object], then: Callable[[object], None] | None = None) -> None:
        def done(result: object, error: BaseException | None) -> None:
            self.message.setText(
                "" if error is None else self.tr("Not done: {error}").format(error=shown_error(error))
            )
            if error is None and then is not None:
                then(result)
            self._changed()

        self._deps.tasks.run(fn, done)

    def _checked(self, check: object) -> None:
        """What Stripe was asked before any new key, and what it said (the manager reads this)."""
        assert isinstance(check, ChargeCheck)
        self.check_text = tr_text(check.summary)
        self.message.setText(self.check_text)

    def _changed(self) -> None:
        self.refresh()
        if self._deps.on_changed is not None:
            self._deps.on_changed()

    def _open_settings(self) -> None:
        if self._deps.open_settings is not None:
            self._deps.open_settings(self, None)

    def _render_actions(self) -> None:
        entry = self._selected_entry()
        declined = entry is not None and entry.item.status is PaymentStatus.DECLINED
        parked = entry is not None and entry.item.parked
        self.ack_button.setEnabled(declined)
        self.requeue_button.setEnabled(parked)
        self.new_key_button.setEnabled(parked)
        self.another_way_button.setEnabled(parked)
        self.settings_button.setVisible(self._deps.open_settings is not None)
