"""Take one card payment for a sale: tip, the reader's live prompts, and a safe outcome.

What the barista sees, in large type: the amount, then the adapter's prompt as it comes ("Tap, insert
or swipe card", "Processing…", "Checking the payment with Stripe…"), then the outcome: "Approved",
"Declined: insufficient funds — ask for another card", the failure, or "not confirmed yet".

Safety rules this dialog carries:
- The GUI thread never waits on Stripe: the dialog talks to the sale's tender loop only through its
  `CheckoutBridge` (blocking calls on the task runner; prompts and outcomes arrive as queued
  signals). `cancel` only sets a flag.
- "Approved" is said only from a result whose outcome, and the tender on the order, were committed
  (`run_card` returns after that commit); a commit that fails leaves the payment "not confirmed".
- Cancel asks the running payment to stop, and then keeps waiting: if the card was already read, the
  PaymentIntent decides and the dialog shows its truth (possibly "Approved").
- "Try again" and "Other payment" exist only after a DECLINED/FAILED/CANCELED result, where nothing was
  charged; each new attempt is a NEW payment. An UNKNOWN result offers only "Check again" (`resolve`,
  the same PaymentIntent) — never anything that could charge twice.
- An approval is already on the sale's committed order; `done(True, None)` tells the tender dialog at
  once, even if this dialog stays open.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from dripos_terminal.domain.card import KeyedCard
from dripos_terminal.domain.payment import PaymentKind
from dripos_terminal.domain.tender import CardInfo
from dripos_terminal.payments.ports import PaymentRequest, PaymentResult, PromptKind, ResultStatus
from dripos_terminal.services.checkout import TenderOutcome
from dripos_terminal.services.sales import SaleSession
from dripos_terminal.services.views import OrderView
from dripos_terminal.status.words import payment_outcome
from dripos_terminal.ui.checkout_bridge import CheckoutBridge
from dripos_terminal.ui.i18n import money, tr_stored, tr_text
from dripos_terminal.ui.manual_entry_dialog import ManualEntryDialog
from dripos_terminal.ui.tasks import TaskRunner
from dripos_terminal.ui.widgets import (
    AmountEntry,
    FlowRow,
    MoneyLabel,
    WrapLabel,
    describe,
    make_button,
    make_label,
    set_role,
    shown_error,
)

log = logging.getLogger("dripos_terminal.ui")

# (a tender went on the sale's committed order, error)
Done = Callable[[bool, BaseException | None], None]


class Phase(enum.Enum):
    TIP = "tip"  # choosing the tip on the till, nothing started
    STARTING = "starting"  # committing the payment row
    PAYING = "paying"  # adapter running
    CANCELING = "canceling"  # cancel asked; waiting for the PaymentIntent's truth
    CHECKING = "checking"  # "Check again" (resolve) running
    APPROVED = "approved"
    DECLINED = "declined"
    FAILED = "failed"
    CANCELED = "canceled"
    UNKNOWN = "unknown"


_RETRYABLE = frozenset({Phase.DECLINED, Phase.FAILED, Phase.CANCELED})
_BUSY = frozenset({Phase.STARTING, Phase.PAYING, Phase.CANCELING, Phase.CHECKING})
_ALLOWED: dict[Phase, frozenset[Phase]] = {
    Phase.TIP: frozenset({Phase.STARTING}),
    Phase.STARTING: frozenset({Phase.PAYING, Phase.FAILED, Phase.UNKNOWN}),
    Phase.PAYING: frozenset({Phase.CANCELING, *_RETRYABLE, Phase.APPROVED, Phase.UNKNOWN}),
    Phase.CANCELING: frozenset({*_RETRYABLE, Phase.APPROVED, Phase.UNKNOWN}),
    Phase.CHECKING: frozenset({*_RETRYABLE, Phase.APPROVED, Phase.UNKNOWN}),
    Phase.DECLINED: frozenset({Phase.STARTING}),
    Phase.FAILED: frozenset({Phase.STARTING}),
    Phase.CANCELED: frozenset({Phase.STARTING}),
    Phase.UNKNOWN: frozenset({Phase.CHECKING}),
    Phase.APPROVED: frozenset(),
}
_PHASE_OF = {
    ResultStatus.APPROVED: Phase.APPROVED,
    ResultStatus.DECLINED: Phase.DECLINED,
    ResultStatus.FAILED: Phase.FAILED,
    ResultStatus.CANCELED: Phase.CANCELED,
    ResultStatus.UNKNOWN: Phase.UNKNOWN,
}


@dataclass
class CardCheckoutDeps:
    """What the dialog needs, built by `composition.cards` for each sale."""

    checkout: CheckoutBridge  # the sale's tender loop: asks return at once, answers arrive as signals
    tasks: TaskRunner
    now: Callable[[], datetime]
    tip_on_reader: bool = False
    show_cart: Callable[[OrderView], object] | None = None  # blocking, best effort: the cart on the reader
    report: Callable[[PaymentResult], None] | None = None  # every result, on the GUI thread
    demo_panel: Callable[[QWidget], QWidget] | None = None  # demo mode: the simulated customer
    # After a reader/API failure (not a decline): the till's "Switch to offline payments" action.
    go_offline: Callable[[], None] | None = None


def sale_part(sale: SaleSession, amount_minor: int) -> int:
    """The part of `amount_minor` that pays the sale (the rest is the tip chosen in the tender dialog)."""
    return sale.order.balance_due.amount


class CardCheckoutDialog(QDialog):
    def __init__(
        self,
        deps: CardCheckoutDeps,
        sale: SaleSession,
        amount_minor: int,
        done: Done,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("cardCheckoutDialog")
        self.setWindowTitle(self.tr("Card payment"))
        self.setMinimumWidth(560)
        describe(self, self.tr("A card payment: the tip, then the card reader's prompts and the outcome."))
        self._deps, self._sale, self._done = deps, sale, done
        self._currency = str(sale.order.currency)
        self._sale_minor = sale_part(sale, amount_minor)
        self._tip = int(getattr(sale, "pending_tip", 0)) if not deps.tip_on_reader else 0
        # The tip is asked on the till (unless the reader asks it), after a split tender too.
        self._ask_tip = not deps.tip_on_reader
        self.phase = Phase.TIP
        self.kind = PaymentKind.CARD_PRESENT
        self.request: PaymentRequest | None = None
        self.outcome: PaymentResult | None = None
        self.settled: TenderOutcome | None = None
        self.manual_dialog: ManualEntryDialog | None = None
        self.display_pending = False
        self._cancel_requested = False
        self._switch_to_manual = False
        self._delivered = False
        self._card: KeyedCard | None = None
        self.bridge = deps.checkout
        self.bridge.prompted.connect(self._prompted)
        self.bridge.started.connect(self._started)
        self.bridge.settled.connect(lambda settled: self._finished(settled, None))
        self.bridge.failed.connect(self._task_failed)
        self._build()
        self._show_cart()
        self._render()
        if not self._ask_tip:
            self._begin(PaymentKind.CARD_PRESENT)
        else:
            self.charge_button.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Enter charges (while choosing the tip) or closes an approved payment; Escape cancels."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.phase is Phase.TIP:
                self._charge()
            elif self.phase is Phase.APPROVED:
                self.accept()
            elif self.phase is Phase.UNKNOWN:
                self.check_again()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.reject()
            return
        if self.custom_tip.isVisible() and self.custom_tip.press_key(event):
            return
        super().keyPressEvent(event)

    # -- construction -----------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(make_label(self.tr("Card payment"), "title"))
        self.amount_label = MoneyLabel(self._charge_minor, self._currency, role="total")
        self.amount_label.setObjectName("cardAmount")
        self.amount_label.setAccessibleName(self.tr("Amount to charge"))
        layout.addWidget(self.amount_label)
        self.tip_row = QWidget()
        self.tip_row.setLayout(self._build_tips())
        layout.addWidget(self.tip_row)
        self.prompt_label = WrapLabel("", "big", name="cardPrompt")
        self.detail_label = WrapLabel("", "muted", name="cardDetail")
        layout.addWidget(self.prompt_label)
        layout.addWidget(self.detail_label)
        row = FlowRow(align_right=True)
        self.charge_button = self._button(
            row, "", "primary", "cardCharge", self._charge, self.tr("Charge the card on the reader (Enter).")
        )
        self.cancel_button = self._button(
            row,
            self.tr("Cancel"),
            "danger",
            "cardCancel",
            self.cancel,
            self.tr("Stop this payment; if the card was already read, Stripe decides (Escape)."),
        )
        self.manual_button = self._button(
            row,
            self.tr("Manual card entry"),
            None,
            "cardManual",
            self.manual_entry,
            self.tr("Key the card in on the till instead."),
        )
        self.retry_button = self._button(
            row, self.tr("Try again"), "warning", "cardRetry", self.try_again, self.tr("A new card payment.")
        )
        self.other_button = self._button(
            row,
            self.tr("Other payment"),
            None,
            "cardOther",
            self.other_payment,
            self.tr("Back to the payment screen to pay another way."),
        )
        self.offline_button = self._button(
            row,
            self.tr("Switch to offline payments"),
            "warning",
            "cardGoOffline",
            self.switch_to_offline,
            self.tr("Store card payments on this till and send them when Stripe is back."),
        )
        self._systemic_failure = False
        self.check_button = self._button(
            row,
            self.tr("Check again"),
            "warning",
            "cardCheckAgain",
            self.check_again,
            self.tr("Ask Stripe what happened to this payment (never charges again)."),
        )
        self.close_button = self._button(
            row,
            self.tr("Close"),
            None,
            "cardClose",
            self.other_payment,
            self.tr("Close; the payment stays to be checked."),
        )
        self.done_button = self._button(
            row,
            self.tr("Done"),
            "primary",
            "cardDone",
            self.accept,
            self.tr("Close the card payment (Enter)."),
        )
        layout.addWidget(row)
        if self._deps.demo_panel is not None:
            self.demo_panel: QWidget | None = self._deps.demo_panel(self)
            layout.addWidget(self.demo_panel)
        else:
            self.demo_panel = None

    def _button(  # noqa: PLR0917 — one call per button reads as a table of the dialog's buttons
        self, row: FlowRow, text: str, role: str | None, name: str, slot: Callable[[], None], description: str
    ) -> QPushButton:
        button = make_button(text, role, name=name, description=description)
        button.clicked.connect(lambda _checked=False: slot())
        row.add(button)
        return button

    def _build_tips(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(make_label(self.tr("Tip"), "muted"), 0, Qt.AlignmentFlag.AlignTop)
        self.tip_buttons: dict[str, QPushButton] = {}
        chips = FlowRow(spacing=6)
        options = [("No tip", 0), *self._sale.tip_options()]
        for label, amount in options:
            text = self.tr("No tip") if amount == 0 else f"{label}  {money(amount, self._currency)}"
            name = f"cardTip_{label.rstrip('%').replace(' ', '_')}"
            button = make_button(
                text, "chip", name=name, description=self.tr("The tip on this card payment.")
            )
            button.setCheckable(True)
            button.setChecked(amount == self._tip)
            button.clicked.connect(lambda _c=False, a=amount, n=name: self.set_tip(a, n))
            chips.add(button)
            self.tip_buttons[name] = button
        custom = make_button(
            self.tr("Custom"),
            "chip",
            name="cardTip_custom",
            description=self.tr("Type the tip on the keypad."),
        )
        custom.setCheckable(True)
        custom.clicked.connect(lambda _c=False: self._custom_tip())
        self.tip_buttons["cardTip_custom"] = custom
        chips.add(custom)
        column = QVBoxLayout()
        column.addWidget(chips)
        self.custom_tip = AmountEntry(self._currency)
        self.custom_tip.setObjectName("cardTipCustom")
        describe(self.custom_tip, self.tr("The custom tip typed on the keypad."), self.tr("Custom tip"))
        self.custom_tip.changed.connect(lambda v: self.set_tip(int(v), "cardTip_custom"))
        self.custom_tip.hide()
        column.addWidget(self.custom_tip)
        row.addLayout(column, 1)
        if not any(b.isChecked() for b in self.tip_buttons.values()):
            custom.setChecked(True)
        return row

    # -- tip --------------------------------------------------------------------------------------
    @property
    def _charge_minor(self) -> int:
        return self._sale_minor + self._tip

    def set_tip(self, amount: int, name: str = "") -> None:
        if self.phase is not Phase.TIP or amount < 0:
            return
        self._tip = amount
        for key, button in self.tip_buttons.items():
            button.setChecked(key == name)
        if name != "cardTip_custom":
            self.custom_tip.hide()
        self._render()

    def _custom_tip(self) -> None:
        self.custom_tip.show()
        self.set_tip(self.custom_tip.amount(), "cardTip_custom")

    # -- the reader's cart display (best effort) --------------------------------------------------
    def _show_cart(self) -> None:
        if self._deps.show_cart is None:
            return
        view = self._sale.view()
        self.display_pending = True

        def shown(_result: object, error: BaseException | None) -> None:
            self.display_pending = False
            if error is not None:
                log.info("cart not shown on the reader: %s", error)

        self._deps.tasks.run(lambda: self._deps.show_cart(view) if self._deps.show_cart else None, shown)

    # -- paying -----------------------------------------------------------------------------------
    def _move(self, phase: Phase) -> None:
        if phase not in _ALLOWED[self.phase]:
            raise RuntimeError(f"card checkout cannot go from {self.phase.value} to {phase.value}")
        self.phase = phase

    def _charge(self) -> None:
        if self.phase is Phase.TIP:
            self._begin(PaymentKind.CARD_PRESENT)

    def _begin(self, kind: PaymentKind, card: KeyedCard | None = None) -> None:
        self._move(Phase.STARTING)
        self.kind, self._card, self.outcome = kind, card, None
        self._cancel_requested = self._switch_to_manual = False
        self.prompt_label.setText(self.tr("Starting card payment…"))
        self.detail_label.setText("")
        self.bridge.pay(kind, self._sale_minor, self._tip, card)
        self._render()

    def _started(self, request: PaymentRequest) -> None:
        """The order and the payment row are committed; the payment is running."""
        if self.phase is not Phase.STARTING:
            return
        self.request = request
        self._move(Phase.PAYING)
        if self._cancel_requested:
            self.bridge.cancel(request.kind)
            self._move(Phase.CANCELING)
        self._render()

    def _task_failed(self, error: BaseException) -> None:
        if self.phase is Phase.STARTING:  # nothing was committed, nothing sent
            self._forget_card()
            self._move(Phase.FAILED)
            self._show_outcome(shown_error(error, self.tr("The payment could not be started")), "error")
            return
        if self.phase in _BUSY:
            self._finished(None, error)

    def _finished(self, settled: TenderOutcome | None, error: BaseException | None) -> None:
        self._forget_card()
        result = settled.result if settled is not None else None
        if error is not None or result is None:
            log.error("card payment task failed: %s", error)
            request = self.request
            if request is not None and self.outcome is None:
                # Not recorded (the store refused the outcome, or the task died): keep the payment
                # so "Check again" settles it against Stripe and records it before anything is said.
                self.outcome = PaymentResult(
                    ResultStatus.UNKNOWN, request.payment_id, request.amount_minor, request.tip_minor
                )
            self._move(Phase.UNKNOWN)
            words = payment_outcome(None, unknown=True)
            self._show_outcome(self.tr("Payment not confirmed yet"), "error", tr_text(words.advice))
            return
        self.outcome, self.settled = result, settled
        self._move(_PHASE_OF[result.status])
        if self._deps.report is not None:
            self._deps.report(result)
        handler = {
            Phase.APPROVED: self._approved,
            Phase.DECLINED: self._declined,
            Phase.FAILED: self._failed,
            Phase.CANCELED: self._canceled,
            Phase.UNKNOWN: self._unknown,
        }[self.phase]
        handler(result)

    def _forget_card(self) -> None:
        if self._card is not None:
            self._card.drop()
            self._card = None

    # -- outcomes ---------------------------------------------------------------------------------
    def _approved(self, result: PaymentResult) -> None:
        brand = result.brand or (self._card.brand.value if self._card else "card")
        card = CardInfo(brand if brand.isascii() else "card", result.last4 or "0000")
        detail = tr_text(card.masked)
        if result.tip_minor:
            detail = self.tr("{card} — tip {tip}").format(
                card=detail, tip=money(result.tip_minor, self._currency)
            )
        if self.settled is None or self.settled.order is None:
            # The money is recorded as taken; the order could not take it: say so loudly.
            self._show_outcome(
                self.tr("Approved, but not added to the order"),
                "error",
                self.tr("{card}. Call a manager.").format(card=detail),
            )
            return
        self._show_outcome(self.tr("Approved"), "ok", detail)
        self._deliver(True, None)
        self.done_button.setDefault(True)
        self.done_button.setFocus()

    def _declined(self, result: PaymentResult) -> None:
        text = (
            tr_text(result.decline_text)
            if result.decline_text
            else self.tr("Declined — ask for another card")
        )
        self._show_outcome(text, "error")

    def _failed(self, result: PaymentResult) -> None:
        """Nothing was charged: what failed, and the one thing to do next (`status.words`)."""
        self._systemic_failure = result.failure is not None and result.failure.is_systemic
        words = payment_outcome(result.failure, unknown=False)
        if words.cause is not None:
            self._show_outcome(tr_text(words.cause), "error", tr_text(words.advice))
        else:
            self._show_outcome(
                tr_text(result.message) if result.message else self.tr("Payment failed"),
                "error",
                tr_text(words.advice),
            )

    def _canceled(self, result: PaymentResult) -> None:
        self._show_outcome(self.tr("Payment canceled"), "muted", self.tr("Nothing was charged."))
        if self._switch_to_manual:
            self.manual_entry()

    def _unknown(self, result: PaymentResult) -> None:
        """The card may have been charged: one piece of advice only, never "try again" beside it."""
        words = payment_outcome(result.failure, unknown=True)
        self._show_outcome(
            self.tr("Payment not confirmed yet"), "error", "\n".join(tr_text(line) for line in words.lines())
        )

    def _show_outcome(self, text: str, role: str, detail: str = "") -> None:
        self.prompt_label.setText(text)
        set_role(self.prompt_label, "big" if role == "muted" else role)
        self.detail_label.setText(detail)
        self._render()

    def _prompted(self, kind: PromptKind, text: str) -> None:
        if self.phase not in _BUSY:
            return  # a late prompt must not hide the outcome
        if kind is PromptKind.TAP_INSERT_SWIPE and self.phase is Phase.CANCELING:
            return
        self.prompt_label.setText(tr_stored(text))  # a signal hands over a plain str
        set_role(self.prompt_label, "big")

    # -- buttons ----------------------------------------------------------------------------------
    def cancel(self) -> None:
        """Ask the running payment to stop; the dialog waits for the PaymentIntent's verdict."""
        if self.phase is Phase.STARTING:
            self._cancel_requested = True
            self.prompt_label.setText(self.tr("Canceling…"))
        elif self.phase is Phase.PAYING:
            self.bridge.cancel(self.kind)
            self._move(Phase.CANCELING)
            self.prompt_label.setText(self.tr("Canceling…"))
            self.detail_label.setText(
                self.tr("If the card was already read, the payment may still go through.")
            )
        elif self.phase not in _BUSY and self.phase is not Phase.APPROVED:
            self.other_payment()
        self._render()

    def try_again(self) -> None:
        """A NEW payment (the last one ended with nothing charged)."""
        if self.phase not in _RETRYABLE:
            return
        if self.kind is PaymentKind.MANUAL_CARD:
            self.manual_entry()
        else:
            self._begin(PaymentKind.CARD_PRESENT)

    def manual_entry(self) -> None:
        if self.phase in (Phase.PAYING, Phase.STARTING) and self.kind is PaymentKind.CARD_PRESENT:
            self._switch_to_manual = True  # leave the reader first; the canceled result opens the form
            self.cancel()
            return
        if self.phase is not Phase.TIP and self.phase not in _RETRYABLE:
            return
        dialog = ManualEntryDialog(self._charge_minor, self._currency, self._deps.now, self)
        self.manual_dialog = dialog
        dialog.card_entered.connect(lambda card: self._begin(PaymentKind.MANUAL_CARD, card))
        dialog.finished.connect(lambda _r: self._manual_closed(dialog))
        dialog.open()

    def _manual_closed(self, dialog: ManualEntryDialog) -> None:
        if self.manual_dialog is dialog:
            self.manual_dialog = None
        dialog.deleteLater()

    def check_again(self) -> None:
        if self.phase is not Phase.UNKNOWN or self.outcome is None:
            return
        self._move(Phase.CHECKING)
        self.prompt_label.setText(self.tr("Checking the payment with Stripe…"))
        self.bridge.check(self.outcome.payment_id)
        self._render()

    def other_payment(self) -> None:
        """Close without a card tender (nothing was charged, or it stays to be checked)."""
        if self.phase in _BUSY or self.phase is Phase.APPROVED:
            return
        self.reject()

    def _deliver(self, tendered: bool, error: BaseException | None) -> None:
        if self._delivered:
            return
        self._delivered = True
        self._done(tendered, error)

    # -- closing ----------------------------------------------------------------------------------
    def reject(self) -> None:
        if self.phase in _BUSY:
            self.cancel()  # Escape while paying means "cancel", and we wait for the verdict
            return
        if self.phase is Phase.APPROVED:
            self.accept()
            return
        super().reject()

    def done(self, result: int) -> None:
        self._forget_card()
        if self.manual_dialog is not None:
            self.manual_dialog.reject()
        self._deliver(self.phase is Phase.APPROVED, None)
        super().done(result)

    def switch_to_offline(self) -> None:
        """Nothing was charged; close so the Card button takes the card offline once the switch is made."""
        go_offline = self._deps.go_offline
        self.other_payment()
        if go_offline is not None:
            go_offline()

    # -- drawing ----------------------------------------------------------------------------------
    def _render(self) -> None:
        phase = self.phase
        self.amount_label.set_amount(self._charge_minor)
        self.tip_row.setVisible(self._ask_tip and phase is Phase.TIP)
        self.charge_button.setText(
            self.tr("Charge {amount}").format(amount=money(self._charge_minor, self._currency))
        )
        self.charge_button.setVisible(phase is Phase.TIP)
        self.cancel_button.setVisible(phase in (Phase.TIP, Phase.STARTING, Phase.PAYING))
        self.manual_button.setVisible(
            phase in (Phase.TIP, *_RETRYABLE)
            or (phase is Phase.PAYING and self.kind is PaymentKind.CARD_PRESENT)
        )
        self.retry_button.setVisible(phase in _RETRYABLE)
        self.other_button.setVisible(phase in _RETRYABLE)
        self.offline_button.setVisible(
            phase is Phase.FAILED and self._systemic_failure and self._deps.go_offline is not None
        )
        self.check_button.setVisible(phase is Phase.UNKNOWN)
        self.close_button.setVisible(phase is Phase.UNKNOWN)
        self.done_button.setVisible(phase is Phase.APPROVED)
        if phase is Phase.TIP:
            self.prompt_label.setText(self.tr("Choose the tip, then charge the card"))
