"""The card dialogs' side of a sale's tender loop: blocking calls on the task runner, answers as signals.

`SaleCheckout` (services, no Qt) is blocking and thread-agnostic; the dialogs must never wait on it.
This bridge (like `status_bridge.py`) owns that: `pay`, `check`, `store_offline` run on the task
runner and answer on the GUI thread as signals; the adapters' neutral prompts arrive queued as
`prompted`. The dialogs see only this object: they never call the checkout, the gateway or the store.

    started(PaymentRequest)    the order and the payment row are committed; the payment is running
    settled(TenderOutcome)     its outcome (and, when taken, its tender on the order) is committed
    stored(OfflineCaptureResult) a stored offline payment and its tender are committed
    failed(BaseException)      that step recorded nothing (the dialog's phase says which step)
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from dripos_terminal.domain.card import KeyedCard
from dripos_terminal.domain.payment import PaymentKind
from dripos_terminal.domain.staff import StaffMember
from dripos_terminal.payments.offline_capture import OfflineCaptureResult
from dripos_terminal.payments.ports import PaymentRequest, PromptKind
from dripos_terminal.services.checkout import CardRoute, SaleCheckout, TenderOutcome
from dripos_terminal.ui.tasks import TaskRunner


class CheckoutBridge(QObject):
    prompted = Signal(object, str)  # PromptKind, text
    started = Signal(object)  # PaymentRequest
    settled = Signal(object)  # TenderOutcome
    stored = Signal(object)  # OfflineCaptureResult
    failed = Signal(object)  # BaseException

    def __init__(self, checkout: SaleCheckout, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._checkout = checkout
        self._tasks = tasks

    @property
    def card_route(self) -> CardRoute:
        return self._checkout.card_route

    # -- the adapters' Prompt port (called on the worker; queued to the GUI thread) ------------------
    def show(self, kind: PromptKind, text: str) -> None:
        self.prompted.emit(kind, text)

    # -- asks (GUI thread; never block) ---------------------------------------------------------------
    def pay(
        self, kind: PaymentKind, amount_minor: int, tip_minor: int, card: KeyedCard | None = None
    ) -> None:
        """Start a card payment (committed first), then run it to its recorded outcome."""
        checkout = self._checkout

        def work() -> TenderOutcome:
            return checkout.pay_card(kind, amount_minor, tip_minor, self, card, started=self.started.emit)

        self._tasks.run(work, lambda result, error: self._answer(self.settled.emit, result, error))

    def check(self, payment_id: str) -> None:
        """Settle an unconfirmed payment against Stripe (its same PaymentIntent), and record it."""
        checkout = self._checkout
        self._tasks.run(
            lambda: checkout.check_card(payment_id, self),
            lambda result, error: self._answer(self.settled.emit, result, error),
        )

    def cancel(self, kind: PaymentKind) -> None:
        """Ask the running payment to stop (returns at once; the PaymentIntent decides)."""
        self._checkout.cancel_card(kind)

    def store_offline(
        self, amount_minor: int, tip_minor: int, card: KeyedCard, override_by: StaffMember | None
    ) -> None:
        """Store a keyed card offline with its tender on the order (one commit)."""
        checkout = self._checkout
        self._tasks.run(
            lambda: checkout.store_offline(amount_minor, tip_minor, card, override_by=override_by),
            lambda result, error: self._answer(self.stored.emit, result, error),
        )

    def _answer(self, emit: Callable[[object], None], result: object, error: BaseException | None) -> None:
        """A task's callback (GUI thread): its result, or its error on `failed`."""
        if error is not None or result is None:
            self.failed.emit(error or RuntimeError("the payment task gave no answer"))
            return
        emit(result)


__all__ = ["CheckoutBridge", "OfflineCaptureResult", "PaymentRequest", "TenderOutcome"]
