"""Take a card payment while the till is offline: key the card, store it encrypted, charge it later.

The form is `ManualEntryDialog`'s (same fields, same local validation, same clearing on close); this
dialog adds the tip, the offline caps and the outcome. What the barista sees:

- the amount and the tip chips (like the card dialog); "The customer's card is charged later, when
  Stripe is back";
- the cap decision for amount + tip, checked on a worker whenever the tip changes: allowed; refused
  with a clear message (take cash); or "a manager can allow it" with a "Manager override" button
  (PIN through `OverrideDialog`);
- "Stored — approved offline" and the masked card ONLY after the sale's checkout stored it
  (`SaleCheckout.store_offline`: the payment row and its tender on the order, committed together);
- when offline manual entry is switched off: why, and a button for the manager setting.

The card number and security code live only in the fields and in the one `KeyedCard` handed to the
worker, which `capture` drops whatever happens. Nothing blocking runs on the GUI thread.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dripos_terminal.domain.card import KeyedCard
from dripos_terminal.domain.offline_policy import Decision, Verdict
from dripos_terminal.domain.staff import Permission, StaffMember
from dripos_terminal.domain.tender import CardInfo
from dripos_terminal.payments.offline_capture import (
    CapExceeded,
    OfflineCapture,
    OfflineCaptureResult,
    OfflineEntryDisabled,
)
from dripos_terminal.services.sales import SaleSession
from dripos_terminal.services.staff import Authorization, StaffService
from dripos_terminal.ui.card_checkout_dialog import sale_part
from dripos_terminal.ui.checkout_bridge import CheckoutBridge
from dripos_terminal.ui.manual_entry_dialog import ManualEntryDialog
from dripos_terminal.ui.override_dialog import OverrideDialog, request_permission
from dripos_terminal.ui.tasks import TaskRunner
from dripos_terminal.ui.widgets import format_minor, make_button, make_label, set_role, shown_error

log = logging.getLogger("dripos_terminal.ui")

Done = Callable[[bool, BaseException | None], None]  # (a tender went on the committed order, error)

CHARGED_LATER = "The customer's card is not charged now: it is charged when Stripe is back."
DISABLED_TEXT = (
    "Offline card entry is switched off on this till. While Stripe is unreachable, take cash — or a "
    "manager can switch offline card entry on (it stores typed card numbers, encrypted, until they "
    "can be sent)."
)
STORED_TEXT = "Stored — approved offline"


class OfflinePhase(enum.Enum):
    LOADING = "loading"  # reading the manager setting
    DISABLED = "disabled"  # offline manual entry is off
    ENTRY = "entry"  # keying the card
    STORING = "storing"  # capture running (durable commit)
    STORED = "stored"


@dataclass
class OfflineCardDeps:
    """What the dialog needs; built by `composition.offline` for each sale. Blocking members are only
    called through `tasks`."""

    checkout: CheckoutBridge  # the sale's tender loop: stores the payment with its tender
    capture: OfflineCapture  # the setting and the caps (reads)
    tasks: TaskRunner
    staff: StaffService
    now: Callable[[], datetime]
    actor: Callable[[], StaffMember | None]  # the signed-in member of staff
    open_settings: Callable[[QWidget, Callable[[], None]], object] | None = None  # (parent, on_changed)
    on_stored: Callable[[OfflineCaptureResult], None] | None = None  # queue changed (strip refresh)


class OfflineCardDialog(ManualEntryDialog):
    def __init__(
        self,
        deps: OfflineCardDeps,
        sale: SaleSession,
        amount_minor: int,
        done: Done,
        parent: QWidget | None = None,
    ) -> None:
        currency = str(sale.order.currency)
        super().__init__(amount_minor, currency, deps.now, parent)
        self.setObjectName("offlineCardDialog")
        self.setWindowTitle("Offline card payment")
        self.setMinimumWidth(640)
        self._deps, self._sale, self._done = deps, sale, done
        self._currency = currency
        self._sale_minor = sale_part(sale, amount_minor)
        self._tip = int(getattr(sale, "pending_tip", 0))
        self._ask_tip = not sale.has_tenders
        self.phase = OfflinePhase.LOADING
        self.decision: Decision | None = None
        self.approver: StaffMember | None = None  # the manager who allowed a payment over a cap
        self.override_dialog: OverrideDialog | None = None
        self.stored: OfflineCaptureResult | None = None
        self.error_text = ""
        self._delivered = False
        self._check_seq = 0
        deps.checkout.stored.connect(lambda result: self._stored(result, None))
        deps.checkout.failed.connect(lambda error: self._stored(None, error))
        self._extend()
        self._load_setting()

    # -- construction -----------------------------------------------------------------------------
    def _extend(self) -> None:
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        first = layout.itemAt(0)
        title = first.widget() if first is not None else None
        assert isinstance(title, QLabel)
        self.title_label = title
        self.tip_row = QWidget(self)
        self.tip_row.setLayout(self._build_tips())
        layout.insertWidget(1, self.tip_row)
        self.later_label = make_label(CHARGED_LATER, "muted", name="offlineChargedLater")
        self.later_label.setWordWrap(True)
        layout.insertWidget(2, self.later_label)
        self.decision_label = make_label("", "error", name="offlineDecision")
        self.decision_label.setWordWrap(True)
        self.outcome_label = make_label("", "big", name="offlineOutcome")
        self.outcome_label.setWordWrap(True)
        self.detail_label = make_label("", "muted", name="offlineDetail")
        self.detail_label.setWordWrap(True)
        count = layout.count()
        for offset, widget in enumerate((self.decision_label, self.outcome_label, self.detail_label)):
            layout.insertWidget(count - 1 + offset, widget)
        row = QHBoxLayout()
        self.override_button = make_button("Manager override", "warning", name="offlineOverride")
        self.settings_button = make_button("Offline card entry settings…", None, name="offlineSettings")
        self.done_button = make_button("Done", "primary", name="offlineDone")
        for button in (self.override_button, self.settings_button, self.done_button):
            row.addWidget(button)
        layout.addLayout(row)
        self.override_button.clicked.connect(lambda _c=False: self.request_override())
        self.settings_button.clicked.connect(lambda _c=False: self.open_settings())
        self.done_button.clicked.connect(lambda _c=False: self.accept())
        self.charge_button.setObjectName("offlineStore")
        self.cancel_button.setObjectName("offlineCancel")

    def _build_tips(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(make_label("Tip", "muted"))
        self.tip_buttons: dict[str, QPushButton] = {}
        for label, amount in [("No tip", 0), *self._sale.tip_options()]:
            text = label if amount == 0 else f"{label}  {format_minor(amount, self._currency)}"
            name = f"offlineTip_{label.rstrip('%').replace(' ', '_')}"
            button = make_button(text, "chip", name=name)
            button.setCheckable(True)
            button.setChecked(amount == self._tip)
            button.clicked.connect(lambda _c=False, a=amount, n=name: self.set_tip(a, n))
            row.addWidget(button)
            self.tip_buttons[name] = button
        return row

    # -- amounts ----------------------------------------------------------------------------------
    @property
    def charge_minor(self) -> int:
        return self._sale_minor + self._tip

    @property
    def tip_minor(self) -> int:
        return self._tip

    def set_tip(self, amount: int, name: str = "") -> None:
        if self.phase not in (OfflinePhase.ENTRY, OfflinePhase.LOADING) or amount < 0:
            return
        self._tip = amount
        for key, button in self.tip_buttons.items():
            button.setChecked(key == name)
        self.approver = None  # an override was for the old amount
        self._check_caps()

    # -- the manager setting ----------------------------------------------------------------------
    def _load_setting(self) -> None:
        self.phase = OfflinePhase.LOADING
        self._render()
        capture = self._deps.capture
        self._deps.tasks.run(capture.manual_entry_enabled, self._setting_loaded)

    def _setting_loaded(self, enabled: bool | None, error: BaseException | None) -> None:
        if self.phase is not OfflinePhase.LOADING:
            return
        if error is not None:
            self.phase = OfflinePhase.DISABLED
            self.decision_label.setText(f"The offline setting could not be read: {error}")
        elif not enabled:
            self.phase = OfflinePhase.DISABLED
            self.decision_label.setText(DISABLED_TEXT)
        else:
            self.phase = OfflinePhase.ENTRY
            self._check_caps()
        self._render()

    def open_settings(self) -> None:
        if self._deps.open_settings is not None and self.phase is OfflinePhase.DISABLED:
            self._deps.open_settings(self, self._load_setting)

    # -- caps -------------------------------------------------------------------------------------
    def _check_caps(self) -> None:
        self._check_seq += 1
        self.error_text = ""
        seq, capture = self._check_seq, self._deps.capture
        amount, tip = self._sale_minor, self._tip
        self.decision = None
        self._render()

        def checked(decision: Decision | None, error: BaseException | None) -> None:
            if seq != self._check_seq or self.phase is not OfflinePhase.ENTRY:
                return  # a newer check (the tip changed) or the payment moved on
            if error is not None or decision is None:
                self.decision = Decision(Verdict.REFUSED, f"The offline limits could not be checked: {error}")
            else:
                self.decision = decision
            self._render()

        self._deps.tasks.run(lambda: capture.check(amount, tip), checked)

    def request_override(self) -> None:
        """A manager's PIN allows this one payment over the offline caps."""
        if self.decision is None or self.decision.verdict is not Verdict.NEEDS_OVERRIDE:
            return
        actor = self._deps.actor()
        if actor is None:
            return

        def granted(authorization: Authorization) -> None:
            self.override_dialog = None
            self.approver = authorization.approver
            self.error_text = ""
            self._render()

        self.override_dialog = request_permission(
            self,
            self._deps.staff,
            self._deps.tasks,
            actor,
            Permission.OVERRIDE_OFFLINE_CAPS,
            reason=f"{self.decision.message}\nA manager's PIN allows this payment offline.",
            on_granted=granted,
        )

    @property
    def may_store(self) -> bool:
        if self.phase is not OfflinePhase.ENTRY or self.decision is None:
            return False
        if self.decision.verdict is Verdict.ALLOWED:
            return True
        return self.decision.verdict is Verdict.NEEDS_OVERRIDE and self.approver is not None

    # -- storing ----------------------------------------------------------------------------------
    def submit(self) -> None:
        """Validate the fields (base class), then store the payment on a worker."""
        if not self.may_store:
            return
        card = self._validate()
        if card is None:
            return
        self.clear()
        self._store(card)

    def _store(self, card: KeyedCard) -> None:
        self.phase = OfflinePhase.STORING
        self.outcome_label.setText("Storing the payment on this till…")
        set_role(self.outcome_label, "big")
        self._deps.checkout.store_offline(self._sale_minor, self._tip, card, self.approver)
        self._render()

    def _stored(self, result: OfflineCaptureResult | None, error: BaseException | None) -> None:
        if self.phase is not OfflinePhase.STORING:
            return
        if error is not None or result is None:
            self.phase = OfflinePhase.ENTRY
            self.outcome_label.setText("")
            if isinstance(error, OfflineEntryDisabled):
                self.phase = OfflinePhase.DISABLED
                self.decision_label.setText(DISABLED_TEXT)
            elif isinstance(error, CapExceeded):
                self.decision = error.decision
                self.approver = None
                self.error_text = f"Not stored: {error.decision.message}"
            else:
                log.error("offline payment not stored: %s", error)
                self.error_text = f"Not stored — nothing was saved: {shown_error(error)}. Key the card again."
            self._render()
            return
        self.stored = result
        self.phase = OfflinePhase.STORED
        self._show_stored(result)
        if self._deps.on_stored is not None:
            self._deps.on_stored(result)
        self._render()

    def _show_stored(self, result: OfflineCaptureResult) -> None:
        brand = result.brand if result.brand.isascii() and result.brand.isalpha() else "card"
        card = CardInfo(brand.lower(), result.last4)
        cur = self._currency
        self.outcome_label.setText(STORED_TEXT)
        set_role(self.outcome_label, "ok")
        tip = f" — tip {format_minor(result.tip_minor, cur)}" if result.tip_minor else ""
        self.detail_label.setText(f"{card.masked}{tip}. Stored offline: {CHARGED_LATER}")
        self._deliver(True, None)
        self.done_button.setDefault(True)

    def _deliver(self, tendered: bool, error: BaseException | None) -> None:
        if not self._delivered:
            self._delivered = True
            self._done(tendered, error)

    # -- closing ----------------------------------------------------------------------------------
    def reject(self) -> None:
        if self.phase is OfflinePhase.STORING:
            return  # the commit decides; never abandon it
        if self.phase is OfflinePhase.STORED:
            self.accept()
            return
        super().reject()

    def done(self, result: int) -> None:
        if self.override_dialog is not None:
            self.override_dialog.reject()
        self._deliver(self.phase is OfflinePhase.STORED, None)
        super().done(result)

    # -- drawing ----------------------------------------------------------------------------------
    def _render(self) -> None:
        phase = self.phase
        entry = phase is OfflinePhase.ENTRY
        self.title_label.setText(f"Offline card payment — {format_minor(self.charge_minor, self._currency)}")
        self.tip_row.setVisible(self._ask_tip and phase in (OfflinePhase.LOADING, OfflinePhase.ENTRY))
        for edit in (self.number, self.expiry, self.cvc, self.postal):
            edit.setEnabled(entry)
        self.charge_button.setText(f"Store {format_minor(self.charge_minor, self._currency)} offline")
        self.charge_button.setVisible(phase in (OfflinePhase.ENTRY, OfflinePhase.STORING))
        self.charge_button.setEnabled(self.may_store)
        self.cancel_button.setVisible(phase is not OfflinePhase.STORED)
        self.cancel_button.setEnabled(phase is not OfflinePhase.STORING)
        self.settings_button.setVisible(
            phase is OfflinePhase.DISABLED and self._deps.open_settings is not None
        )
        needs = self.decision is not None and self.decision.verdict is Verdict.NEEDS_OVERRIDE
        self.override_button.setVisible(entry and needs and self.approver is None)
        self.done_button.setVisible(phase is OfflinePhase.STORED)
        self.later_label.setVisible(phase is not OfflinePhase.DISABLED)
        if phase is OfflinePhase.ENTRY:
            self.decision_label.setText(self._decision_text())
        self.decision_label.setVisible(bool(self.decision_label.text()) and phase is not OfflinePhase.STORED)
        self.decision_label.setAlignment(Qt.AlignmentFlag.AlignLeft)

    def _decision_text(self) -> str:
        decision = self.decision
        if self.error_text:
            return self.error_text
        if decision is None or decision.verdict is Verdict.ALLOWED:
            return ""
        if decision.verdict is Verdict.NEEDS_OVERRIDE and self.approver is not None:
            return f"Allowed over the offline limit by {getattr(self.approver, 'name', 'a manager')}."
        return decision.message
