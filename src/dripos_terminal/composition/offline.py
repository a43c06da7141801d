"""Offline payments on the till: connectivity, the strip, the offline card dialog, forwarding, close-out.

`install_offline_payments(app)` is one of `app.default_plugins` (after cards and the status banner,
before the demo screen). Without card payments (no Stripe endpoint) it does nothing: stored payments
could never be forwarded. Otherwise it

1. builds the `ConnectivityMachine` (manager PIN to go offline from `config.offline`), `Outbox`,
   `OfflineCapture` (caps from `config.offline`) and a `Forwarder` on the SAME Stripe endpoint as the
   cards (the demo simulator in demo mode), forwarding only while the machine is ONLINE;
2. feeds the machine from the payment path (`app.payment_failure_listeners` / `..._success_...`;
   a declined card is one card's problem and never counts) and, while OFFLINE or RECOVERING, from a
   reader health probe on a worker (recovery is detected and *offered*, never taken silently);
3. audits every connectivity change (who, why, which manager approved) with `AuditLog.record`;
4. registers the banner actions SWITCH_TO_OFFLINE, GO_BACK_ONLINE (accepts online, then calls the
   status bridge's own handler) and MANUAL_CARD_ENTRY;
5. wraps the till's card handler: while offline payments are taken, "Card" opens the offline card
   dialog instead of the reader;
6. registers the OFFLINE_CARD refund/void processor (`OfflineRefundProcessor`);
7. adds the offline strip under the banner, the "Offline queue" screen (manager close-out), and in
   demo mode switches offline manual entry on for the demo data directory if no manager ever chose
   (the product default stays OFF), saying so on the demo screen;
8. runs start-up recovery of interrupted forwards on a worker, then starts the forwarder; stops it
   when the window closes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dripos_terminal.domain.connectivity import Connectivity, ConnectivityChange, ConnectivityMachine
from dripos_terminal.domain.offline_policy import OfflineLimits, QueueSummary
from dripos_terminal.domain.payment import PaymentKind
from dripos_terminal.domain.staff import Permission
from dripos_terminal.domain.tender import TenderKind
from dripos_terminal.payments.failures import FailureKind
from dripos_terminal.payments.forwarder import Forwarder, ForwarderSettings, forwarding_gateway
from dripos_terminal.payments.offline_capture import SETTING_OFFLINE_MANUAL_ENTRY, OfflineCapture
from dripos_terminal.payments.offline_store import OfflineStoreAdapter
from dripos_terminal.payments.rate_pacer import pacing_for_key
from dripos_terminal.services.card_payments import CardCheckout
from dripos_terminal.services.checkout import SaleCheckout
from dripos_terminal.services.refunds import OfflineRefundProcessor
from dripos_terminal.status.health import Check
from dripos_terminal.status.model import Action
from dripos_terminal.store.outbox import Outbox

log = logging.getLogger("dripos_terminal.payments")

AUDIT_WENT_OFFLINE = "offline.went_offline"
AUDIT_WENT_ONLINE = "offline.went_online"
AUDIT_CONNECTIVITY = "offline.connectivity"
DEMO_TEXT = (
    "Demo: offline card entry is switched ON for this demo data only (no manager had chosen). In a "
    "real shop it is OFF until a manager enables it in Offline queue → Offline card entry settings."
)
PROBE_MS = 15_000


@dataclass(frozen=True)
class OfflineOptions:
    """Overrides for tests and the demo; the defaults are the product's."""

    limits: OfflineLimits | None = None  # default: from config.offline
    forwarder: ForwarderSettings | None = None  # default: concurrency from config.offline
    forward_timeout_s: float = 15.0
    probe_ms: int = PROBE_MS  # reader health probe while offline/recovering
    refresh_ms: int = 30_000  # strip countdown refresh
    offline_after_failures: int = 3
    recover_after_successes: int = 2
    start_forwarder: bool = True
    demo_manual_entry: bool = True  # demo data dir: enable offline entry when unset


class OfflinePayments:
    """The built offline path; everything blocking goes through `app.tasks`."""

    def __init__(self, app: Any, cards: Any, options: OfflineOptions) -> None:
        services = app.services
        config = services.config
        self.app, self.cards, self.options = app, cards, options
        self.services, self.tasks, self.clock = services, app.tasks, app.clock
        self.manager_pin = bool(config.offline.manager_pin_to_go_offline)
        self.limits = options.limits or OfflineLimits.from_config(config.offline)
        self.connectivity = ConnectivityMachine(
            offline_after_failures=options.offline_after_failures,
            recover_after_successes=options.recover_after_successes,
            manager_pin_to_go_offline=self.manager_pin,
        )
        self.outbox = Outbox(cards.store)
        self.capture = OfflineCapture(
            cards.store,
            services.settings,
            services.audit,
            app.clock,
            limits=self.limits,
            till_id=config.shop.till_id,
            currency=config.shop.currency,
        )
        store_adapter = OfflineStoreAdapter(self.capture, app.clock, till_id=config.shop.till_id)
        self.checkout = CardCheckout(
            cards.store,
            {PaymentKind.OFFLINE_CARD: store_adapter},
            app.clock,
            orders=services.sales.book,
            audit=services.audit,
        )
        gateway = forwarding_gateway(
            cards.api_key, cards.api_base, cards.store, app.clock, timeout_s=options.forward_timeout_s
        )
        settings = options.forwarder or ForwarderSettings(
            concurrency=config.offline.forward_concurrency, pacing=pacing_for_key(self.cards.api_key)
        )
        self.forwarder = Forwarder(
            cards.store,
            gateway,
            app.clock,
            audit=services.audit,
            settings=settings,
            is_online=lambda: self.connectivity.state is Connectivity.ONLINE,
            till_id=config.shop.till_id,
        )
        self.ready = False
        self.dialog: Any = None  # the open OfflineCardDialog
        self.settings_dialog: Any = None
        self.override_dialog: Any = None  # the manager PIN prompt for going offline
        self.summary: QueueSummary | None = None
        self._probing = False
        self._refreshing = False
        self._refresh_again = False
        self._went_back_online: Callable[[], None] | None = app.incident_actions.get(Action.GO_BACK_ONLINE)
        self._build_ui()

    # -- ui --------------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        from PySide6.QtCore import QTimer

        from dripos_terminal.ui.offline_queue_screen import OfflineQueueDeps, OfflineQueueScreen
        from dripos_terminal.ui.offline_strip import OfflineStrip
        from dripos_terminal.ui.tasks import CallbackBridge

        window = self.app.window
        self.strip = OfflineStrip(self.options.refresh_ms)
        window.add_top_widget(self.strip)
        self.strip.switch_requested.connect(self.switch_offline)
        self.strip.online_requested.connect(self.go_back_online)
        self.strip.refresh_due.connect(self.refresh)
        self.changes = CallbackBridge(window)
        self.changes.fired.connect(self._changed)
        self.progress = CallbackBridge(window)
        self.queue = OfflineQueueScreen(
            OfflineQueueDeps(
                forwarder=self.forwarder,
                outbox=self.outbox,
                tasks=self.tasks,
                staff=self.services.staff,
                now=self.clock.now,
                limits=self.limits,
                actor=self.actor,
                is_online=lambda: self.connectivity.state is Connectivity.ONLINE,
                forwarder_running=lambda: self.forwarder.running,
                open_settings=self.open_settings,
                on_changed=self.refresh,
                order_numbers=self.services.sales.display_numbers,
            )
        )
        self.progress.fired.connect(self.queue.on_progress)
        window.add_screen("offlineQueue", self.queue)
        window.add_nav_button("Offline queue", self.show_queue, name="offlineQueueNav")
        self.probe_timer = QTimer(window)
        self.probe_timer.setInterval(self.options.probe_ms)
        self.probe_timer.timeout.connect(self.probe)
        self.probe_timer.start()

    def show_queue(self) -> None:
        self.app.window.show_screen("offlineQueue")
        self.queue.refresh()

    def actor(self) -> Any:
        till = self.app.till
        return None if till is None else till.actor

    # -- wiring ----------------------------------------------------------------------------------
    def install(self) -> None:
        app = self.app
        self.connectivity.add_listener(self._audit_change)
        self.connectivity.add_listener(self.changes.emit_later)
        self.forwarder.add_progress_listener(self.progress.emit_later)
        app.payment_failure_listeners.append(self._payment_failed)
        app.payment_success_listeners.append(self._payment_succeeded)
        app.incident_actions[Action.SWITCH_TO_OFFLINE] = self.switch_offline
        app.incident_actions[Action.GO_BACK_ONLINE] = self.go_back_online
        app.incident_actions[Action.MANUAL_CARD_ENTRY] = self.manual_card_entry
        self.cards.handler_wrappers.append(self.wrap_card_handler)
        self.cards.go_offline = self.switch_offline  # offered in the card dialog after a reader failure
        if self.cards.ready:
            app.set_card_handler(self.cards.till_handler())
        services = self.services
        processor = OfflineRefundProcessor(self.cards.store, services.audit, self.cards.refunds)
        services.sales.register_processor(TenderKind.OFFLINE_CARD, processor)
        app.window.add_close_hook(self.shutdown)
        if app.demo and self.options.demo_manual_entry:
            app.demo_panels.append(self._demo_panel)
        self.tasks.run(self._start_up, self._started)

    def _start_up(self) -> QueueSummary:
        """Worker: demo default for offline entry, then reconcile forwards a crash interrupted."""
        if self.app.demo and self.options.demo_manual_entry:
            enable_demo_manual_entry(self.services, self.capture)
        self.forwarder.recover()
        return self.capture.queue_summary()

    def _started(self, summary: QueueSummary | None, error: BaseException | None) -> None:
        if error is not None:
            log.error("offline start-up recovery failed (stored payments are safe): %s", error)
            self.strip.show_message("Stored offline payments could not be checked at start-up", warning=True)
        if self.options.start_forwarder:
            self.forwarder.start()
        self.ready = True
        self._summary_ready(summary, None)

    def shutdown(self) -> None:
        self.probe_timer.stop()
        self.strip.timer.stop()
        self.forwarder.stop()

    def _demo_panel(self) -> Any:
        from dripos_terminal.ui.widgets import make_label

        label = make_label(DEMO_TEXT, "muted", name="offlineDemoText")
        label.setWordWrap(True)
        return label

    # -- connectivity ----------------------------------------------------------------------------
    def _payment_failed(self, kind: FailureKind) -> None:
        if kind.is_systemic:
            self.connectivity.report_failure(self.clock.now(), kind.value)

    def _payment_succeeded(self) -> None:
        self.connectivity.report_success(self.clock.now(), "card payment approved")

    def _audit_change(self, change: ConnectivityChange) -> None:
        """Any thread: append the change to the audit log (not waited on; failures are logged)."""
        if change.after is Connectivity.OFFLINE:
            action = AUDIT_WENT_OFFLINE
        elif change.after is Connectivity.ONLINE and change.before.takes_offline_payments:
            action = AUDIT_WENT_ONLINE
        else:
            action = AUDIT_CONNECTIVITY
        details = {
            "from": change.before.value,
            "to": change.after.value,
            "reason": change.reason.value,
            "automatic": change.automatic,
            "approver": change.approver_id,
            "detail": change.detail,
        }
        future = self.services.audit.record(change.actor_id, action, None, details)
        future.add_done_callback(_log_audit_failure)

    def _changed(self, change: Any) -> None:
        """GUI thread, after every connectivity change."""
        state = self.connectivity.state
        self.strip.set_state(state)
        self.queue.set_connectivity(state)
        if state is Connectivity.ONLINE:
            self.forwarder.wake()
        self.refresh()

    def switch_offline(self) -> None:
        """The one obvious action (strip and banner): manager PIN where configured."""
        state = self.connectivity.state
        if state is Connectivity.OFFLINE:
            self.strip.show_message("The till is already taking offline payments")
            return
        actor = self.actor()
        if actor is None:
            self.strip.show_message("Sign in to switch to offline payments", warning=True)
            return
        if not self.manager_pin and actor.can(Permission.SELL):
            self._force_offline(actor, None)
            return
        from dripos_terminal.ui.override_dialog import request_permission

        def granted(authorization: Any) -> None:
            self.override_dialog = None
            self._force_offline(actor, authorization.approver)

        self.override_dialog = request_permission(
            self.app.window,
            self.services.staff,
            self.tasks,
            actor,
            Permission.GO_OFFLINE,
            reason="Switch to offline payments: cards are stored on this till and sent when Stripe is back.",
            on_granted=granted,
        )

    def _force_offline(self, actor: Any, approver: Any) -> None:
        try:
            self.connectivity.force_offline(
                actor, self.clock.now(), reason="switched by staff", approver=approver
            )
        except Exception as exc:  # ConnectivityError / PermissionDeniedError: safe to show
            self.strip.show_message(str(exc), warning=True)
            return
        self.strip.show_message("")

    def go_back_online(self) -> None:
        """Only from RECOVERING, by a member of staff; then the status bridge drops its banner."""
        state = self.connectivity.state
        if state is Connectivity.RECOVERING:
            actor = self.actor()
            if actor is None:
                self.strip.show_message("Sign in to go back online", warning=True)
                return
            try:
                self.connectivity.accept_online(actor, self.clock.now())
            except Exception as exc:
                self.strip.show_message(str(exc), warning=True)
                return
        elif state is Connectivity.OFFLINE:
            self.strip.show_message("Stripe is not reachable yet, so the till stays offline", warning=True)
            return
        if self._went_back_online is not None:
            self._went_back_online()

    def manual_card_entry(self) -> None:
        """Banner action: take the current order's payment by keyed card."""
        till = self.app.till
        if till is None or till.actor is None:
            self.strip.show_message("Sign in to take a card payment", warning=True)
            return
        self.app.window.show_screen("sell")
        view = till.sell.view()
        if view is not None and not view.is_empty:
            till.sell.pay()
        how = "Card" if self.connectivity.state.takes_offline_payments else "Card, then Manual card entry"
        self.strip.show_message(f"To key a card: Pay → {how}")

    # -- health probe while offline --------------------------------------------------------------
    def probe(self) -> None:
        """Timer: while offline or recovering, ask Stripe for the reader's status on a worker."""
        if self._probing or not self.connectivity.state.takes_offline_payments:
            return
        self._probing = True
        admin, reader_id = self.cards.admin, self.cards.reader_id
        self.tasks.run(lambda: admin.reader_status(reader_id), self._probed)

    def _probed(self, info: Any, error: BaseException | None) -> None:
        self._probing = False
        bridge = self.app.status_bridge
        now = self.clock.now()
        if error is None and info is not None and info.online:
            self.connectivity.report_success(now, "reader online")
            if bridge is not None:
                bridge.report_success(Check.READER)
                bridge.report_success(Check.API)
            return
        kind = getattr(error, "failure", None) or (
            FailureKind.READER_OFFLINE if error is None else FailureKind.API_UNREACHABLE
        )
        self.connectivity.report_failure(now, kind.value)
        if bridge is not None:
            bridge.report_failure(kind)

    # -- the card handler ------------------------------------------------------------------------
    def wrap_card_handler(self, handler: Callable[..., None]) -> Callable[..., None]:
        def till_card(sale: Any, amount_minor: int, parent: Any, done: Callable[..., None]) -> None:
            if self.connectivity.state.takes_offline_payments:
                self.open_card_dialog(sale, amount_minor, parent, done)
            else:
                handler(sale, amount_minor, parent, done)

        return till_card

    def open_card_dialog(self, sale: Any, amount_minor: int, parent: Any, done: Callable[..., None]) -> Any:
        from PySide6.QtCore import Qt

        from dripos_terminal.ui.offline_card_dialog import OfflineCardDeps, OfflineCardDialog

        deps = OfflineCardDeps(
            checkout=SaleCheckout(
                sale,
                self.services.sales,
                cards=self.cards.checkout,
                offline=self.checkout,
                policy=self.capture,
                takes_offline=lambda: self.connectivity.state.takes_offline_payments,
            ),
            capture=self.capture,
            tasks=self.tasks,
            staff=self.services.staff,
            now=self.clock.now,
            actor=self.actor,
            open_settings=self.open_settings,
            on_stored=lambda _result: self._stored(),
        )
        dialog = OfflineCardDialog(deps, sale, amount_minor, done, parent)
        self.dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)

        def closed(_result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(closed)
        dialog.open()
        return dialog

    def _stored(self) -> None:
        self.forwarder.wake()
        self.refresh()

    def open_settings(self, parent: Any, on_changed: Callable[[], None] | None = None) -> Any:
        from PySide6.QtCore import Qt

        from dripos_terminal.ui.offline_settings_dialog import OfflineSettingsDialog

        dialog = OfflineSettingsDialog(self.capture, self.services.staff, self.tasks, self.actor, parent)
        self.settings_dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        if on_changed is not None:
            dialog.changed.connect(lambda _enabled: on_changed())

        def closed(_result: int) -> None:
            if self.settings_dialog is dialog:
                self.settings_dialog = None
            dialog.deleteLater()

        dialog.finished.connect(closed)
        dialog.open()
        return dialog

    # -- the strip's summary ---------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute the queue summary on a worker (coalesced), then show it."""
        if self._refreshing:
            self._refresh_again = True
            return
        self._refreshing = True
        self.tasks.run(self.capture.queue_summary, self._summary_ready)

    def _summary_ready(self, summary: QueueSummary | None, error: BaseException | None) -> None:
        self._refreshing = False
        if error is not None:
            log.warning("offline queue summary failed: %s", error)
        elif summary is not None:
            self.summary = summary
            self.strip.set_summary(summary)
        if self._refresh_again:
            self._refresh_again = False
            self.refresh()


def _log_audit_failure(future: Any) -> None:
    error = future.exception()
    if error is not None:
        log.error("connectivity change could not be audited: %s", error)


def enable_demo_manual_entry(services: Any, capture: OfflineCapture) -> bool:
    """BLOCKING. Demo data only: switch offline entry on if no manager ever set it (audited as the
    demo manager). Returns True if it was switched on now."""
    if services.settings.get(SETTING_OFFLINE_MANUAL_ENTRY).result() is not None:
        return False
    manager = next((m for m in services.staff.members() if m.can(Permission.SETTINGS)), None)
    if manager is None:
        return False
    capture.set_manual_entry(True, manager)
    log.info("demo: offline manual entry switched on for the demo data directory")
    return True


# -- refunds and voids ----------------------------------------------------------------------------


class OfflineInstaller:
    """A plugin (`installer(app)`); keeps what it built in `.payments` for tests."""

    def __init__(self, options: OfflineOptions | None = None) -> None:
        self.options = options or OfflineOptions()
        self.payments: OfflinePayments | None = None

    def __call__(self, app: Any) -> None:
        if app.services is None or app.window is None or app.cards is None:
            return  # no Stripe endpoint: nothing stored could ever be forwarded
        payments = OfflinePayments(app, app.cards, self.options)
        payments.install()
        self.payments = payments


def install_offline_payments(app: Any) -> None:
    """The plugin `app.default_plugins` lists."""
    OfflineInstaller()(app)


__all__ = [
    "OfflineInstaller",
    "OfflineOptions",
    "OfflinePayments",
    "install_offline_payments",
]
