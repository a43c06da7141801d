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
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
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
from dripos_terminal.ui.i18n import money, tr_text
from dripos_terminal.ui.manual_entry_dialog import ManualEntryDialog
from dripos_terminal.ui.override_dialog import OverrideDialog, request_permission
from dripos_terminal.ui.tasks import TaskRunner
from dripos_terminal.ui.widgets import (
    FlowRow,
    WrapLabel,
    describe,
    make_button,
    make_label,
    set_role,
    shown_error,
)

log = logging.getLogger("dripos_terminal.ui")

Done = Callable[[bool, BaseException | None], None]  # (a tender went on the committed order, error)

CONTEXT = "OfflineCardDialog"
CHARGED_LATER = QT_TRANSLATE_NOOP(
    "OfflineCardDialog", "The customer's card is not charged now: it is charged when Stripe is back."
)
DISABLED_TEXT = QT_TRANSLATE_NOOP(
    "OfflineCardDialog",
    "Offline card entry is switched off on this till. While Stripe is unreachable, take cash — or a "
    "manager can switch offline card entry on (it stores typed card numbers, encrypted, until they "
    "can be sent).",
)
STORED_TEXT = QT_TRANSLATE_NOOP("OfflineCardDialog", "Stored — approved offline")


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
        self.setWindowTitle(self.tr("Offline card payment"))
        self.setMinimumWidth(560)
        describe(self, self.tr("A card payment stored on this till and charged when Stripe is back."))
        self._deps, self._sale, self._done = deps, sale, done
        self._currency = currency
        self._sale_minor = sale_part(sale, amount_minor)
        self._tip = int(getattr(sale, "pending_tip", 0))
        self._ask_tip = True  # after a split tender too: the tip rides on this payment
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
        self.later_label = WrapLabel(tr_text(CHARGED_LATER), "muted", name="offlineChargedLater")
        layout.insertWidget(2, self.later_label)
        self.decision_label = WrapLabel("", "error", name="offlineDecision")
        self.outcome_label = WrapLabel("", "big", name="offlineOutcome")
        self.detail_label = WrapLabel("", "muted", name="offlineDetail")
        count = layout.count()
        for offset, widget in enumerate((self.decision_label, self.outcome_label, self.detail_label)):
            layout.insertWidget(count - 1 + offset, widget)
        self.override_button = make_button(
            self.tr("Manager override"),
            "warning",
            name="offlineOverride",
            description=self.tr("A manager's PIN allows this payment over the offline limits."),
        )
        self.settings_button = make_button(
            self.tr("Offline card entry settings…"),
            None,
            name="offlineSettings",
            description=self.tr("A manager can switch offline card entry on or off."),
        )
        self.done_button = make_button(
            self.tr("Done"), "primary", name="offlineDone", description=self.tr("Close (Enter).")
        )
        layout.addWidget(
            FlowRow([self.override_button, self.settings_button, self.done_button], align_right=True)
        )
        self.override_button.clicked.connect(lambda _c=False: self.request_override())
        self.settings_button.clicked.connect(lambda _c=False: self.open_settings())
        self.done_button.clicked.connect(lambda _c=False: self.accept())
        self.charge_button.setObjectName("offlineStore")
        self.charge_button.setAccessibleDescription(
            self.tr("Store this card payment on the till; it is charged when Stripe is back (Enter).")
        )
        self.cancel_button.setObjectName("offlineCancel")

    def _build_tips(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(make_label(self.tr("Tip"), "muted"), 0, Qt.AlignmentFlag.AlignTop)
        self.tip_buttons: dict[str, QPushButton] = {}
        chips = FlowRow(spacing=6)
        for label, amount in [("No tip", 0), *self._sale.tip_options()]:
            text = self.tr("No tip") if amount == 0 else f"{label}  {money(amount, self._currency)}"
            name = f"offlineTip_{label.rstrip('%').replace(' ', '_')}"
            button = make_button(
                text, "chip", name=name, description=self.tr("The tip on this card payment.")
            )
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab goes from the title to the card number
            button.setCheckable(True)
            button.setChecked(amount == self._tip)
            button.clicked.connect(lambda _c=False, a=amount, n=name: self.set_tip(a, n))
            chips.add(button)
            self.tip_buttons[name] = button
        row.addWidget(chips, 1)
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
            self.decision_label.setText(
                self.tr("The offline setting could not be read: {error}").format(error=shown_error(error))
            )
        elif not enabled:
            self.phase = OfflinePhase.DISABLED
            self.decision_label.setText(tr_text(DISABLED_TEXT))
        else:
            self.phase = OfflinePhase.ENTRY
            self._check_caps()
        self._render()
        if self.phase is OfflinePhase.ENTRY:
            self.number.setFocus(Qt.FocusReason.OtherFocusReason)

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
                message = QT_TRANSLATE_NOOP(
                    "OfflineCardDialog", "The offline limits could not be checked: {error}"
                )
                self.decision = Decision(Verdict.REFUSED, message.format(error=shown_error(error)))
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
            reason=self.tr("{reason}\nA manager's PIN allows this payment offline.").format(
                reason=tr_text(self.decision.message)
            ),
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
        self.outcome_label.setText(self.tr("Storing the payment on this till…"))
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
                self.decision_label.setText(tr_text(DISABLED_TEXT))
            elif isinstance(error, CapExceeded):
                self.decision = error.decision
                self.approver = None
                self.error_text = self.tr("Not stored: {reason}").format(
                    reason=tr_text(error.decision.message)
                )
            else:
                log.error("offline payment not stored: %s", error)
                self.error_text = self.tr(
                    "Not stored — nothing was saved: {error}. Key the card again."
                ).format(error=shown_error(error))
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
        self.outcome_label.setText(tr_text(STORED_TEXT))
        set_role(self.outcome_label, "ok")
        shown = tr_text(card.masked)
        if result.tip_minor:
            shown = self.tr("{card} — tip {tip}").format(card=shown, tip=money(result.tip_minor, cur))
        self.detail_label.setText(
            self.tr("{card}. Stored offline: {later}").format(card=shown, later=tr_text(CHARGED_LATER))
        )
        self._deliver(True, None)
        self.done_button.setDefault(True)
        self.done_button.setFocus()

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
        self.title_label.setText(
            self.tr("Offline card payment — {amount}").format(amount=money(self.charge_minor, self._currency))
        )
        self.tip_row.setVisible(self._ask_tip and phase in (OfflinePhase.LOADING, OfflinePhase.ENTRY))
        for edit in (self.number, self.expiry, self.cvc, self.postal):
            edit.setEnabled(entry)
        self.charge_button.setText(
            self.tr("Store {amount} offline").format(amount=money(self.charge_minor, self._currency))
        )
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
            return self.tr("Allowed over the offline limit by {manager}.").format(
                manager=getattr(self.approver, "name", self.tr("a manager"))
            )
        return tr_text(decision.message)
