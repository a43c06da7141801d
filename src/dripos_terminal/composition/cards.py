"""Card checkout wiring: the Stripe endpoint (the embedded simulator in demo), the card core, the dialog.

`build_cards(shell, options, status)`:

1. picks the Stripe endpoint: in demo mode a `StripeSimulator` started here with a registered demo
   reader; otherwise `config.stripe` with the key from `composition.setup.stripe_key_for` (the OS
   keyring or the sealed store, never a file). No key, safe mode, or no reader: cards stay off and
   the status strip says why (None) — through the till's one status vocabulary
   (`composition.till_status`), which also hears that earlier payments are being checked, then ready;
2. builds the card core (`composition.core.build_card_core`) on the services' payments repository;
3. registers refund processors for CARD_PRESENT and MANUAL_CARD tenders, and a close hook that stops
   a running payment and the simulator.

`CardPayments.start(on_ready)` runs the start-up recovery once on a worker (card payments left
unconfirmed are settled and their orders finished: `services.recovery`), and only then calls
`on_ready` (which enables the Card button). `on_payment_failure` / `on_payment_success` are the
observers the composition root connects (the incident banner, the connectivity state); they are
called on the GUI thread after every card result.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from dripos_terminal.clock import Clock, SplitClock
from dripos_terminal.composition.core import CardCore, build_card_core
from dripos_terminal.composition.setup import stripe_key_for
from dripos_terminal.composition.shell import Shell
from dripos_terminal.composition.till_status import TillStatusPresenter
from dripos_terminal.domain.payment import PaymentKind
from dripos_terminal.domain.tender import TenderKind
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.payments.failures import FailureKind
from dripos_terminal.payments.ports import PaymentResult, ResultStatus
from dripos_terminal.payments.stripe_gateway import RetryPolicy
from dripos_terminal.payments.stripe_terminal import TerminalSettings
from dripos_terminal.payments.terminal_admin import CartLine, ReaderInfo
from dripos_terminal.services.checkout import SaleCheckout
from dripos_terminal.services.recovery import Recovery, recover_at_start_up
from dripos_terminal.services.refunds import CardRefundProcessor
from dripos_terminal.services.sales import SaleSession
from dripos_terminal.services.views import OrderView
from dripos_terminal.status.words import FOOTER_CHECKING, FOOTER_READY, FOOTER_UNCONFIRMED, CardsState
from dripos_terminal.ui.card_checkout_dialog import CardCheckoutDeps, CardCheckoutDialog
from dripos_terminal.ui.checkout_bridge import CheckoutBridge
from dripos_terminal.ui.demo_reader_panel import DemoReaderPanel
from dripos_terminal.ui.tender_dialog import CardDone

if TYPE_CHECKING:
    from dripos_terminal.sim.stripe import StripeSimulator

log = logging.getLogger("dripos_terminal.payments")

NO_READER = QT_TRANSLATE_NOOP("TillStatus", "Cards off: no card reader (Settings → Card reader)")
# In English, for tests and logs (the footer shows them translated).
NO_READER_TEXT = str(NO_READER)
CHECKING_TEXT = str(FOOTER_CHECKING)
READY_TEXT = str(FOOTER_READY)
NOT_CHECKED_TEXT = str(FOOTER_UNCONFIRMED)


@dataclass(frozen=True)
class CardOptions:
    """Overrides for tests and the bench; the defaults are the product's."""

    clock: Clock | None = None  # the payment path's timers and sleeps (polling); default: the app's clock
    rate_limit: float | None = None  # demo simulator's limiter (None: Stripe's test-mode rate)
    poll_interval_s: float | None = None
    payment_timeout_s: float | None = None
    cancel_grace_s: float | None = None
    offline_grace_s: float | None = None
    retry: RetryPolicy | None = None


@dataclass(frozen=True)
class Endpoint:
    api_key: str
    api_base: str
    reader_id: str
    sim: StripeSimulator | None = None  # the demo's embedded simulator


class CardPayments:
    """The built card path. Blocking members are only ever called through the task runner."""

    def __init__(self, shell: Shell, core: CardCore, endpoint: Endpoint, status: TillStatusPresenter) -> None:
        self._shell = shell
        self.core = core
        self.checkout = core.checkout
        self.store = shell.services.payments
        self.refunds = core.refunds
        self.admin = core.admin
        self.reader_id = core.reader_id
        self.api_key, self.api_base, self.sim = endpoint.api_key, endpoint.api_base, endpoint.sim
        self.tip_on_reader = shell.services.config.stripe.tip_on_reader
        self.status = status
        self.status_label: QLabel = status.footer
        self.on_payment_failure: list[Callable[[FailureKind], None]] = []
        self.on_payment_success: list[Callable[[PaymentKind], None]] = []
        self.go_offline: Callable[[], None] | None = None  # the till's switch, when offline payments exist
        self.ready = False
        self.reconciled: list[PaymentResult] = []
        self.dialog: CardCheckoutDialog | None = None  # the open dialog (tests drive it)

    # -- start-up -----------------------------------------------------------------------------------
    def start(self, on_ready: Callable[[], None]) -> None:
        """Recover on a worker, then `on_ready` (GUI thread). Selling by card waits for it."""
        services, checkout, store = self._shell.services, self.checkout, self.store
        self.status.cards_state(CardsState.CHECKING)

        def done(recovery: Recovery | None, error: BaseException | None) -> None:
            if error is not None:
                log.warning("start-up recovery of card payments failed: %s", error)
            self.reconciled = list(recovery.payments) if recovery is not None else []
            unresolved = error is not None or (recovery is not None and recovery.unresolved)
            self.ready = True
            on_ready()
            self.status.cards_state(CardsState.UNCONFIRMED if unresolved else CardsState.READY)

        self._shell.tasks.run(lambda: recover_at_start_up(checkout, services.sales, store), done)

    # -- the tender dialog's card handler -----------------------------------------------------------
    def handler(self, sale: SaleSession, amount_minor: int, parent: QWidget, done: CardDone) -> None:
        """Card by reader (or keyed, online) for `sale`."""
        checkout = SaleCheckout(sale, self._shell.services.sales, cards=self.checkout)
        self.open_dialog(checkout, amount_minor, parent, done)

    def open_dialog(self, checkout: SaleCheckout, amount_minor: int, parent: QWidget, done: CardDone) -> None:
        shell = self._shell
        bridge = CheckoutBridge(checkout, shell.tasks)
        deps = CardCheckoutDeps(
            checkout=bridge,
            tasks=shell.tasks,
            now=shell.clock.now,
            tip_on_reader=self.tip_on_reader,
            show_cart=self.show_cart,
            report=self.report,
            demo_panel=self.demo_panel if self.sim is not None else None,
            go_offline=self.go_offline,
        )
        dialog = CardCheckoutDialog(deps, checkout.sale, amount_minor, done, parent)
        bridge.setParent(dialog)
        self.dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)

        def closed(_result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(closed)
        dialog.open()

    def demo_panel(self, parent: QWidget | None = None) -> QWidget:
        assert self.sim is not None
        return DemoReaderPanel(self.sim, self._shell.tasks, parent)

    def show_cart(self, view: OrderView) -> ReaderInfo:
        """BLOCKING (worker): the cart on the reader's screen while the customer pays."""
        lines = [CartLine(f"{ln.quantity} x {ln.name}", ln.total, 1) for ln in view.lines]
        return self.admin.set_reader_display(
            self.reader_id, lines, tax_minor=view.tax, total_minor=view.total, currency=view.currency
        )

    def report(self, result: PaymentResult) -> None:
        """GUI thread, after every result: tell the observers (banner, connectivity)."""
        try:
            if result.status is ResultStatus.APPROVED:
                kind = self.dialog.kind if self.dialog is not None else PaymentKind.CARD_PRESENT
                for on_success in list(self.on_payment_success):
                    on_success(kind)
            elif result.failure is not None:
                for on_failure in list(self.on_payment_failure):
                    on_failure(result.failure)
        except Exception:
            log.exception("a card result callback failed")

    def shutdown(self) -> None:
        """Window closing: stop a running payment (the PaymentIntent decides) and the simulator."""
        for kind in (PaymentKind.CARD_PRESENT, PaymentKind.MANUAL_CARD):
            self.checkout.cancel(kind)
        if self.sim is not None:
            self.sim.stop()


def build_cards(shell: Shell, options: CardOptions, status: TillStatusPresenter) -> CardPayments | None:
    """The card path, or None (and the status strip saying why) when there is no Stripe endpoint."""
    endpoint = _endpoint(shell, options, status)
    if endpoint is None:
        return None
    services = shell.services
    stripe = services.config.stripe
    # Records and key ages follow the till's clock; polling and retry waits may use another.
    clock = shell.clock if options.clock is None else SplitClock(shell.clock, options.clock)
    default = TerminalSettings(reader_id=endpoint.reader_id, till_id=services.config.shop.till_id)
    terminal = TerminalSettings(
        reader_id=endpoint.reader_id,
        till_id=services.config.shop.till_id,
        tip_on_reader=stripe.tip_on_reader,
        poll_interval_s=_pick(options.poll_interval_s, stripe.poll_interval_s),
        payment_timeout_s=_pick(options.payment_timeout_s, stripe.payment_timeout_s),
        cancel_grace_s=_pick(options.cancel_grace_s, default.cancel_grace_s),
        offline_grace_s=_pick(options.offline_grace_s, default.offline_grace_s),
    )
    core = build_card_core(
        services,
        api_key=endpoint.api_key,
        api_base=endpoint.api_base,
        terminal=terminal,
        clock=clock,
        timeout_s=stripe.request_timeout_s,
        retry=options.retry,
    )
    cards = CardPayments(shell, core, endpoint, status)
    for kind in (TenderKind.CARD_PRESENT, TenderKind.MANUAL_CARD):
        services.sales.register_processor(kind, CardRefundProcessor(cards.refunds, cards.store))
    shell.window.add_close_hook(cards.shutdown)
    return cards


def _endpoint(shell: Shell, options: CardOptions, status: TillStatusPresenter) -> Endpoint | None:
    """The Stripe endpoint, or None when cards must stay off (the status label says why)."""
    stripe = shell.services.config.stripe
    if shell.demo:
        from dripos_terminal.sim.stripe import StripeSimulator

        sim = StripeSimulator(rate_limit=options.rate_limit)
        base = sim.start()
        _location, reader_id = sim.register_demo_reader()
        return Endpoint(sim.api_key, base, reader_id, sim)
    key, why_off = stripe_key_for(shell)  # the keyring or the sealed store; never a file or env
    if not key:
        status.cards_state(CardsState.OFF, why_off)
        return None
    if not stripe.reader_id:
        status.cards_state(CardsState.OFF, NO_READER)
        return None
    return Endpoint(key, stripe.api_base, stripe.reader_id)


def _pick(override: float | None, default: float) -> float:
    return default if override is None else override


__all__ = [
    "CHECKING_TEXT",
    "NOT_CHECKED_TEXT",
    "NO_READER_TEXT",
    "READY_TEXT",
    "CardOptions",
    "CardPayments",
    "build_cards",
]
