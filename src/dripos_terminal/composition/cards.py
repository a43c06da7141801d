"""Card checkout wiring: Stripe client (the embedded simulator in demo), CheckoutService, the dialog.

`install_card_checkout(app)` is one of `app.default_plugins`. It

1. picks the Stripe endpoint: in demo mode a `StripeSimulator` started here with a registered demo
   reader; otherwise `config.stripe` with the key from `composition.setup.stripe_key_for` (the OS
   keyring or the sealed store, never a file). No key, safe mode, or no reader: cards stay off and
   the status strip says why;
2. builds `PaymentStore`, `StripeGateway`, both adapters and `CheckoutService` (with the audit log);
3. registers refund processors for CARD_PRESENT and MANUAL_CARD tenders;
4. runs `reconcile_unknown()` once on a worker, and only then enables the Card button;
5. stops the simulator and cancels a running payment when the window closes.

`CardPayments.on_payment_failure` / `on_payment_success` are plain callback lists, called on the GUI
thread after every card result, for the incident banner's local health monitor.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dripos_terminal.clock import Clock
from dripos_terminal.composition.setup import stripe_key_for
from dripos_terminal.domain.money import Money
from dripos_terminal.domain.order import Order
from dripos_terminal.domain.payment import PaymentKind, PaymentStatus
from dripos_terminal.domain.tender import Tender, TenderKind
from dripos_terminal.payments.checkout import (
    CardAdapter,
    CheckoutError,
    CheckoutService,
    RefundStatus,
    client_ref_of,
)
from dripos_terminal.payments.failures import FailureKind
from dripos_terminal.payments.manual_entry import ManualEntryAdapter, ManualEntrySettings
from dripos_terminal.payments.ports import PaymentResult, ResultStatus
from dripos_terminal.payments.stripe_gateway import RetryPolicy, StripeGateway
from dripos_terminal.payments.stripe_terminal import StripeTerminalAdapter, TerminalSettings
from dripos_terminal.payments.terminal_admin import CartLine, TerminalAdmin
from dripos_terminal.services.sales import SaleError
from dripos_terminal.store.payments import PaymentRecord, PaymentStore, RequestState, StoredRequest

log = logging.getLogger("dripos_terminal.payments")

NO_READER_TEXT = "Cards off: no card reader (Settings → Card reader)"
CHECKING_TEXT = "Cards: checking earlier payments…"
READY_TEXT = "Cards ready"
NOT_CHECKED_TEXT = "Cards ready — earlier payments not confirmed yet"


@dataclass(frozen=True)
class CardOptions:
    """Overrides for tests and the bench; the defaults are the product's."""

    clock: Clock | None = None  # the payment path's clock (polling sleeps); default: the app's clock
    rate_limit: float | None = None  # demo simulator's limiter (None: Stripe's test-mode rate)
    poll_interval_s: float | None = None
    payment_timeout_s: float | None = None
    cancel_grace_s: float | None = None
    offline_grace_s: float | None = None
    retry: RetryPolicy | None = None


@dataclass
class CardPayments:
    """The built card path. Blocking members are only ever called through `TaskRunner`."""

    checkout: CheckoutService
    store: PaymentStore
    gateway: StripeGateway
    admin: TerminalAdmin
    reader_id: str
    tasks: Any
    tip_on_reader: bool
    now: Callable[[], Any]
    sim: Any = None  # the demo `StripeSimulator`
    on_payment_failure: list[Callable[[FailureKind], None]] = field(default_factory=list)
    on_payment_success: list[Callable[[PaymentKind], None]] = field(default_factory=list)
    ready: bool = False
    reconciled: list[PaymentResult] = field(default_factory=list)
    go_offline: Callable[[], None] | None = None  # set by composition.offline
    dialog: Any = None  # the open CardCheckoutDialog (tests drive it)
    api_key: str = ""  # the Stripe endpoint the card path uses (offline forwarding uses the same)
    api_base: str = ""
    # Other areas wrap the till's card handler (offline payments); applied by `till_handler`.
    handler_wrappers: list[Callable[[Callable[..., None]], Callable[..., None]]] = field(default_factory=list)

    def till_handler(self) -> Callable[..., None]:
        """The card handler the tender dialog gets: `handler` wrapped by each `handler_wrappers`."""
        handler: Callable[..., None] = self.handler
        for wrap in self.handler_wrappers:
            handler = wrap(handler)
        return handler

    # -- the tender dialog's card handler ---------------------------------------------------------
    def handler(self, sale: Any, amount_minor: int, parent: Any, done: Callable[..., None]) -> None:
        from PySide6.QtCore import Qt

        from dripos_terminal.ui.card_checkout_dialog import CardCheckoutDeps, CardCheckoutDialog

        deps = CardCheckoutDeps(
            checkout=self.checkout,
            tasks=self.tasks,
            now=self.now,
            tip_on_reader=self.tip_on_reader,
            show_cart=self.show_cart,
            report=self.report,
            demo_panel=self._demo_panel if self.sim is not None else None,
            go_offline=self.go_offline,
        )
        dialog = CardCheckoutDialog(deps, sale, amount_minor, done, parent)
        self.dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)

        def closed(_result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(closed)
        dialog.open()

    def _demo_panel(self, parent: Any) -> Any:
        from dripos_terminal.ui.demo_reader_panel import DemoReaderPanel

        return DemoReaderPanel(self.sim, self.tasks, parent)

    def show_cart(self, view: Any) -> Any:
        """BLOCKING (worker): the cart on the reader's screen while the customer pays."""
        lines = [CartLine(f"{ln.quantity} x {ln.name}", ln.total, 1) for ln in view.lines]
        return self.admin.set_reader_display(
            self.reader_id, lines, tax_minor=view.tax, total_minor=view.total, currency=view.currency
        )

    def report(self, result: PaymentResult) -> None:
        """GUI thread, after every result: feed the health monitor's callbacks."""
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


class CardRefundProcessor:
    """`TenderProcessor` for card tenders: a Stripe refund through `CheckoutService.refund`.

    The refund's idempotency key comes from SalesService's `refund_id` (`client_ref`): repeating the
    same `refund_id` never refunds twice, and a different `refund_id` is a different refund (two
    deliberate equal partial refunds are two refunds). Two cases SalesService cannot express, since it
    only records a refund after this returns and draws a fresh `refund_id` for each attempt:
    - an earlier attempt that reached Stripe but never got recorded on the order (no answer, or a
      crash) is an *orphan*: its `refund_ref` is not among the order's refunds. One for the same
      amount is taken over (re-sent under its SAME key, or its confirmed answer returned) instead of
      making a second refund;
    - more than Stripe has left, already covered by confirmed refunds: nothing is sent; the latest
      confirmed refund is returned (as before).
    BLOCKING: runs on the worker SalesService runs on. `OfflineRefundProcessor` uses `refund_payment`.
    """

    def __init__(self, checkout: CheckoutService, store: PaymentStore) -> None:
        self._checkout, self._store = checkout, store

    def refund(
        self, order: Order, tender: Tender, amount: Money, *, refund_id: str, reason: str
    ) -> str | None:
        rec = self._payment_for(order.order_id, tender.reference)
        return self.refund_payment(order, rec.id, amount.amount, refund_id=refund_id)

    def refund_payment(
        self, order: Order, payment_id: str, amount_minor: int, *, refund_id: str
    ) -> str | None:
        """Refund `amount_minor` of the approved payment `payment_id` as the order's refund `refund_id`."""
        requests = self._checkout.refund_requests(payment_id)
        client_ref = refund_id
        if all(client_ref_of(r) != refund_id for r in requests):
            recorded = {r.refund_id for r in order.refunds}
            orphans = [
                r
                for r in requests
                if (ref := client_ref_of(r)) is not None
                and ref not in recorded
                and r.state is not RequestState.FAILED
                and int(r.params["amount"]) == amount_minor
            ]
            if orphans:
                client_ref = client_ref_of(orphans[0]) or refund_id
                log.info("refund %s takes over unrecorded refund %s at Stripe", refund_id, client_ref)
            else:
                covered = self._already_covered(payment_id, amount_minor, requests)
                if covered is not None:
                    return covered
        try:
            result = self._checkout.refund(
                payment_id, amount_minor, reason="requested_by_customer", client_ref=client_ref
            )
        except CheckoutError as exc:
            raise SaleError(str(exc)) from None
        if result.status in (RefundStatus.SUCCEEDED, RefundStatus.PENDING):
            return result.refund_id
        if result.status is RefundStatus.UNKNOWN:
            raise SaleError("Stripe did not confirm the refund — try again; it will not be refunded twice")
        raise SaleError(f"Stripe refused the refund: {result.message or 'unknown reason'}")

    def _already_covered(
        self, payment_id: str, amount_minor: int, requests: list[StoredRequest]
    ) -> str | None:
        unconfirmed = [r for r in requests if r.state in (RequestState.PENDING, RequestState.UNKNOWN)]
        for req in unconfirmed:  # settled first, under their SAME keys: a new refund waits for them
            if self._checkout.retry_refund(req.idempotency_key).status is RefundStatus.UNKNOWN:
                raise SaleError("An earlier refund is still unconfirmed by Stripe — try again shortly")
        rec = self._store.get(payment_id)
        done = [r for r in self._checkout.refund_requests(payment_id) if r.state is RequestState.SUCCEEDED]
        refunded = sum(int(r.params["amount"]) for r in done)
        left = rec.amount_minor + rec.tip_minor - refunded
        if done and amount_minor > left and refunded >= amount_minor:
            log.info("that refund was already made at Stripe; not sending it again")
            return str((done[-1].response or {}).get("id") or "") or None
        return None

    def _payment_for(self, order_id: str, reference: str | None) -> PaymentRecord:
        for rec in self._store.for_order(order_id):
            if rec.status is PaymentStatus.SUCCEEDED and reference in (rec.payment_intent_id, rec.id):
                return rec
        raise SaleError("The card payment for this tender is not on this till; refund it in Stripe")


# -- installation -----------------------------------------------------------------------------------


class CardInstaller:
    """A plugin (`installer(app)`); keeps what it built in `.cards` for tests and other plugins."""

    def __init__(self, options: CardOptions | None = None) -> None:
        self.options = options or CardOptions()
        self.cards: CardPayments | None = None
        self.status_label: Any = None

    def __call__(self, app: Any) -> None:
        services = app.services
        if services is None or app.window is None:
            return
        from dripos_terminal.ui.widgets import make_label

        self.status_label = make_label("", "muted", name="cardStatus")
        app.window.add_status_widget(self.status_label)
        endpoint = self._endpoint(app)
        if endpoint is None:
            return
        cards = self._build(app, *endpoint)
        self.cards = cards
        app.cards = cards
        cards.on_payment_failure.append(app.report_payment_failure)
        cards.on_payment_success.append(lambda _kind: app.report_payment_success())
        for kind in (TenderKind.CARD_PRESENT, TenderKind.MANUAL_CARD):
            services.sales.register_processor(kind, CardRefundProcessor(cards.checkout, cards.store))
        app.window.add_close_hook(cards.shutdown)
        if cards.sim is not None:
            app.demo_panels.append(lambda: cards._demo_panel(None))
        self._set_status(CHECKING_TEXT, "muted")
        app.tasks.run(cards.checkout.reconcile_unknown, lambda r, e: self._reconciled(app, cards, r, e))

    def _endpoint(self, app: Any) -> tuple[str, str, str, Any] | None:
        """(api_key, api_base, reader_id, simulator or None), or None when cards must stay off."""
        stripe = app.services.config.stripe
        if app.demo:
            from dripos_terminal.sim.stripe import StripeSimulator

            sim = StripeSimulator(rate_limit=self.options.rate_limit)
            base = sim.start()
            _location, reader_id = sim.register_demo_reader()
            return sim.api_key, base, reader_id, sim
        key, why_off = stripe_key_for(app)  # the keyring or the sealed store; never a file or env
        if not key:
            self._set_status(why_off, "error")
            return None
        if not stripe.reader_id:
            self._set_status(NO_READER_TEXT, "error")
            return None
        return key, stripe.api_base, stripe.reader_id, None

    def _build(self, app: Any, key: str, base: str, reader_id: str, sim: Any) -> CardPayments:
        services, opts = app.services, self.options
        stripe = services.config.stripe
        till_id = services.config.shop.till_id
        clock = opts.clock or app.clock
        store = PaymentStore(services.db, clock)
        gateway = StripeGateway.connect(
            key, base, store, clock, timeout_s=stripe.request_timeout_s, retry=opts.retry
        )
        base_settings = TerminalSettings(reader_id=reader_id, till_id=till_id)
        settings = TerminalSettings(
            reader_id=reader_id,
            till_id=till_id,
            tip_on_reader=stripe.tip_on_reader,
            poll_interval_s=_pick(opts.poll_interval_s, stripe.poll_interval_s),
            payment_timeout_s=_pick(opts.payment_timeout_s, stripe.payment_timeout_s),
            cancel_grace_s=_pick(opts.cancel_grace_s, base_settings.cancel_grace_s),
            offline_grace_s=_pick(opts.offline_grace_s, base_settings.offline_grace_s),
        )
        adapters: dict[PaymentKind, CardAdapter] = {
            PaymentKind.CARD_PRESENT: StripeTerminalAdapter(gateway, clock, settings),
            PaymentKind.MANUAL_CARD: ManualEntryAdapter(gateway, clock, ManualEntrySettings(till_id)),
        }
        checkout = CheckoutService(store, gateway, adapters, clock, services.audit)
        return CardPayments(
            checkout=checkout,
            store=store,
            gateway=gateway,
            admin=TerminalAdmin(gateway),
            reader_id=reader_id,
            tasks=app.tasks,
            tip_on_reader=stripe.tip_on_reader,
            now=app.clock.now,
            sim=sim,
            api_key=key,
            api_base=base,
        )

    def _reconciled(
        self, app: Any, cards: CardPayments, results: list[PaymentResult] | None, error: BaseException | None
    ) -> None:
        if error is not None:
            log.warning("start-up reconciliation of card payments failed: %s", error)
        cards.reconciled = list(results or [])
        unresolved = error is not None or any(r.status is ResultStatus.UNKNOWN for r in cards.reconciled)
        cards.ready = True
        app.set_card_handler(cards.till_handler())
        self._set_status(NOT_CHECKED_TEXT if unresolved else READY_TEXT, "error" if unresolved else "ok")

    def _set_status(self, text: str, role: str) -> None:
        from dripos_terminal.ui.widgets import set_role

        if self.status_label is not None:
            self.status_label.setText(text)
            self.status_label.setToolTip(text)
            set_role(self.status_label, role)


def _pick(override: float | None, default: float) -> float:
    return default if override is None else override


def install_card_checkout(app: Any) -> None:
    """The plugin `app.default_plugins` lists."""
    CardInstaller()(app)
