"""The cash drawer: open with a counted float, paid in / paid out with a reason, count, and close with
a count by denomination — what it should hold, what was counted, and the variance.

The count is entered per note and coin (`CashCountInput`); every operation takes
`Permission.CASH_DRAWER` (a manager's PIN for a barista) and runs through the task runner on
`services.drawer`, which audits it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from dripos_terminal.domain.cash import MAX_PIECES, CashCount, denominations
from dripos_terminal.domain.money import MoneyError, parse_money
from dripos_terminal.domain.staff import Permission, StaffMember
from dripos_terminal.services.drawer import DrawerService, DrawerView
from dripos_terminal.services.staff import Authorization, StaffService
from dripos_terminal.ui.i18n import money, tr_text
from dripos_terminal.ui.override_dialog import OverrideDialog, request_permission
from dripos_terminal.ui.tasks import TaskRunner
from dripos_terminal.ui.widgets import FlowRow, make_button, make_label, muted_label

COUNT_COLUMNS = 4


@dataclass
class DrawerDeps:
    drawer: DrawerService  # blocking: through `tasks`
    tasks: TaskRunner
    staff: StaffService
    actor: Callable[[], StaffMember | None]


class CashCountInput(QWidget):
    """Pieces per note and coin, and their total."""

    changed = Signal(int)

    def __init__(self, currency: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currency = currency
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.spins: dict[int, QSpinBox] = {}
        for index, value in enumerate(denominations(currency)):
            spin = QSpinBox()
            spin.setRange(0, MAX_PIECES)
            spin.setObjectName(f"count_{value}")
            label = money(value, currency)
            spin.setAccessibleName(self.tr("Pieces of {0}").format(label))
            spin.setAccessibleDescription(self.tr("How many {0} pieces are in the drawer").format(label))
            spin.valueChanged.connect(lambda _v: self.changed.emit(self.count().total))
            row, column = divmod(index, COUNT_COLUMNS)
            grid.addWidget(make_label(label, "muted"), row, column * 2)
            grid.addWidget(spin, row, column * 2 + 1)
            self.spins[value] = spin

    def count(self) -> CashCount:
        return CashCount(self.currency, {v: s.value() for v, s in self.spins.items()})

    def set_pieces(self, pieces: dict[int, int]) -> None:
        for value, spin in self.spins.items():
            spin.setValue(pieces.get(value, 0))

    def clear(self) -> None:
        self.set_pieces({})


class DrawerScreen(QWidget):
    back_requested = Signal()

    def __init__(self, deps: DrawerDeps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self._deps = deps
        self.view: DrawerView | None = None
        self.busy = False
        self.dialog: OverrideDialog | None = None
        cur = deps.drawer.currency
        col = QVBoxLayout(self)
        col.setContentsMargins(12, 12, 12, 12)
        col.addWidget(make_label(self.tr("Cash drawer"), "title"))
        self.state_label = muted_label("drawerState", self.tr("Drawer state"))
        col.addWidget(self.state_label)
        self.summary_label = muted_label("drawerSummary", self.tr("What the drawer should hold"))
        col.addWidget(self.summary_label)
        col.addWidget(make_label(self.tr("Count by note and coin"), None))
        self.counter = CashCountInput(cur)
        self.counter.changed.connect(self._count_changed)
        col.addWidget(self.counter)
        self.count_total = muted_label("drawerCountTotal", self.tr("Counted total"))
        col.addWidget(self.count_total)
        self.open_button = self._button(
            self.tr("Open drawer with this float"),
            "primary",
            "drawerOpen",
            self.tr("Opens a drawer session with the counted notes and coins as its float"),
        )
        self.count_button = self._button(
            self.tr("Record count"),
            None,
            "drawerCount",
            self.tr("Records the counted cash and shows the variance; the drawer stays open"),
        )
        self.close_button = self._button(
            self.tr("Close drawer with this count"),
            "warning",
            "drawerClose",
            self.tr("Closes the drawer session with the counted cash"),
        )
        col.addWidget(FlowRow((self.open_button, self.count_button, self.close_button)))
        paid = QHBoxLayout()
        self.amount = QLineEdit()
        self.amount.setObjectName("drawerAmount")
        self.amount.setPlaceholderText(self.tr("Amount"))
        self.amount.setAccessibleName(self.tr("Paid in or out amount"))
        self.amount.setAccessibleDescription(self.tr("The cash put in or taken out, e.g. 12.50"))
        self.reason = QLineEdit()
        self.reason.setObjectName("drawerReason")
        self.reason.setPlaceholderText(self.tr("Reason (kept with it)"))
        self.reason.setAccessibleName(self.tr("Reason for paid in or out"))
        self.reason.setAccessibleDescription(self.tr("Why the cash goes in or out; kept with it"))
        self.paid_in_button = self._button(
            self.tr("Paid in"), None, "drawerPaidIn", self.tr("Records the amount put into the drawer")
        )
        self.paid_out_button = self._button(
            self.tr("Paid out"), None, "drawerPaidOut", self.tr("Records the amount taken out of the drawer")
        )
        for widget in (self.amount, self.reason, self.paid_in_button, self.paid_out_button):
            paid.addWidget(widget, 2 if widget is self.reason else 1)
        col.addLayout(paid)
        self.message = muted_label("drawerMessage", self.tr("Drawer message"))
        col.addWidget(self.message)
        col.addStretch(1)
        self.back_button = self._button(
            self.tr("Back"), None, "drawerBack", self.tr("Returns to the manager's screen")
        )
        col.addWidget(self.back_button)
        self._connect()
        self._count_changed(0)
        self._refresh()

    def _connect(self) -> None:
        self.back_button.clicked.connect(self.back_requested.emit)
        self.open_button.clicked.connect(lambda: self._counted_op("open"))
        self.count_button.clicked.connect(lambda: self._counted_op("count"))
        self.close_button.clicked.connect(lambda: self._counted_op("close"))
        self.paid_in_button.clicked.connect(lambda: self._paid(True))
        self.paid_out_button.clicked.connect(lambda: self._paid(False))

    def _button(self, text: str, role: str | None, name: str, description: str) -> Any:
        return make_button(text, role, name=name, description=description)

    def _count_changed(self, total: int) -> None:
        self.count_total.setText(self.tr("Counted: {0}").format(money(total, self._deps.drawer.currency)))

    # -- loading ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        self._run(self._deps.drawer.current, self._shown, self.tr("Loading…"))

    def _shown(self, view: DrawerView | None) -> None:
        self.view = view
        cur = self._deps.drawer.currency

        def m(amount: int | None) -> str:
            return "—" if amount is None else money(amount, cur)

        if view is None or not view.open:
            self.state_label.setText(self.tr("The drawer is closed. Count the float and open it."))
            self.summary_label.setText("")
        else:
            s = view.summary
            self.state_label.setText(self.tr("Drawer session {0} is open.").format(view.session.number))
            self.summary_label.setText(
                self.tr(
                    "Float {0} + cash sales {1} − cash refunds {2} + paid in {3} − paid out {4} "
                    "= expected {5}. "
                    "Last count {6}, variance {7}."
                ).format(
                    m(s.float_minor),
                    m(s.cash_sales),
                    m(s.cash_refunds),
                    m(s.paid_in),
                    m(s.paid_out),
                    m(s.expected),
                    m(view.last_count),
                    m(view.variance),
                )
            )
        self._refresh()

    # -- operations -------------------------------------------------------------------------------

    def _counted_op(self, what: str) -> None:
        try:
            count = self.counter.count()
        except ValueError as exc:
            self.message.setText(tr_text(exc))
            return
        drawer = self._deps.drawer
        work: dict[str, Callable[[Authorization], DrawerView]] = {
            "open": lambda auth: drawer.open(auth, count),
            "count": lambda auth: drawer.count(auth, count),
            "close": lambda auth: drawer.close(auth, count),
        }

        def done(view: DrawerView) -> None:
            self.counter.clear()
            self._shown(view if view.open else None)
            if not view.open:
                s = view.summary
                self.message.setText(
                    self.tr("Closed: expected {0}, counted {1}, variance {2}.").format(
                        money(s.expected, drawer.currency),
                        money(s.counted or 0, drawer.currency),
                        money(s.variance or 0, drawer.currency),
                    )
                )

        self._as_manager(lambda auth: self._run(lambda: work[what](auth), done, self.tr("Saving…")))

    def _paid(self, paid_in: bool) -> None:
        drawer = self._deps.drawer
        try:
            amount = parse_money(self.amount.text(), drawer.currency).amount
        except (MoneyError, ValueError):
            self.message.setText(self.tr("Enter the amount, e.g. 12.50"))
            return
        reason = self.reason.text()

        def work(auth: Authorization) -> DrawerView:
            return drawer.paid_in(auth, amount, reason) if paid_in else drawer.paid_out(auth, amount, reason)

        def done(view: DrawerView) -> None:
            self.amount.clear()
            self.reason.clear()
            self._shown(view)

        self._as_manager(lambda auth: self._run(lambda: work(auth), done, self.tr("Saving…")))

    # -- helpers ----------------------------------------------------------------------------------

    def _as_manager(self, then: Callable[[Authorization], None]) -> None:
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
            Permission.CASH_DRAWER,
            reason=self.tr("The cash drawer needs a shift lead or a manager."),
            on_granted=granted,
        )

    def _run(self, fn: Callable[[], Any], done: Callable[[Any], None], note: str) -> None:
        self.busy = True
        self.message.setText(note)
        self._refresh()

        def finished(result: Any, error: BaseException | None) -> None:
            self.busy = False
            self.message.setText("" if error is None else tr_text(error))
            if error is None:
                done(result)
            self._refresh()

        self._deps.tasks.run(fn, finished)

    def _refresh(self) -> None:
        idle = not self.busy
        is_open = self.view is not None and self.view.open
        self.open_button.setEnabled(idle and not is_open)
        for button in (self.count_button, self.close_button, self.paid_in_button, self.paid_out_button):
            button.setEnabled(idle and is_open)
