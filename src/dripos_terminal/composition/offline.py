"""Offline payments on the till's screens: the strip, the offline card dialog, the queue, the settings.

`build_offline(shell, cards, status, options)` builds the Qt-free `services.offline_payments`
(connectivity and its audit trail, the health probe, routing, the offline store and its forwarder,
on the SAME Stripe endpoint as the cards) and puts it on screen:

1. the offline strip under the banner (the one-tap switch, the stored total and the 24 h countdown);
2. the card handler: while offline payments are taken, "Card" opens the offline card dialog;
3. the manager's "Offline queue" screen and the offline entry setting;
4. a probe timer that, while offline or recovering, asks Stripe for the reader on a worker (recovery
   is detected and *offered*, never taken silently) and tells the status bridge what it learned;
5. the OFFLINE_CARD refund/void processor, and in demo mode offline entry switched on for the demo
   data directory if no manager ever chose (the product default stays OFF), saying so;
6. start-up recovery of interrupted forwards on a worker, then the forwarder; stopped on close.

Connectivity changes arrive from any thread and reach the screens through a queued bridge.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from dripos_terminal.composition.cards import CardPayments
from dripos_terminal.composition.shell import Shell
from dripos_terminal.domain.connectivity import Connectivity, ConnectivityError
from dripos_terminal.domain.offline_policy import OfflineLimits, QueueSummary
from dripos_terminal.domain.staff import Permission, PermissionDeniedError, StaffMember
from dripos_terminal.domain.tender import TenderKind
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.payments.forwarder import ForwarderSettings, forwarding_gateway
from dripos_terminal.payments.rate_pacer import pacing_for_key
from dripos_terminal.services.offline_payments import OfflinePayments, OfflineSetup, Probe
from dripos_terminal.services.refunds import OfflineRefundProcessor
from dripos_terminal.services.sales import SaleSession
from dripos_terminal.services.staff import Authorization
from dripos_terminal.status.health import Check
from dripos_terminal.ui.checkout_bridge import CheckoutBridge
from dripos_terminal.ui.i18n import tr_text
from dripos_terminal.ui.offline_card_dialog import OfflineCardDeps, OfflineCardDialog
from dripos_terminal.ui.offline_queue_screen import OfflineQueueDeps, OfflineQueueScreen
from dripos_terminal.ui.offline_settings_dialog import OfflineSettingsDialog
from dripos_terminal.ui.offline_strip import OfflineStrip
from dripos_terminal.ui.override_dialog import OverrideDialog, request_permission
from dripos_terminal.ui.tasks import CallbackBridge
from dripos_terminal.ui.tender_dialog import CardDone
from dripos_terminal.ui.widgets import WrapLabel, shown_error

if TYPE_CHECKING:
    from dripos_terminal.composition.status import StatusWiring
    from dripos_terminal.composition.till_status import TillStatusPresenter

log = logging.getLogger("dripos_terminal.payments")

CONTEXT = "OfflinePayments"
DEMO_TEXT = QT_TRANSLATE_NOOP(
    "OfflinePayments",
    "Demo: offline card entry is switched ON for this demo data only (no manager had chosen). In a "
    "real shop it is OFF until a manager enables it in Offline queue → Offline card entry settings.",
)
PROBE_MS = 15_000
SWITCH_REASON = QT_TRANSLATE_NOOP(
    "OfflinePayments",
    "Switch to offline payments: cards are stored on this till and sent when Stripe is back.",
)


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


class OfflineWiring:
    """The built offline path on screen; everything blocking goes through the task runner."""

    def __init__(
        self,
        shell: Shell,
        cards: CardPayments,
        service: OfflinePayments,
        options: OfflineOptions,
        status: StatusWiring | None,
    ) -> None:
        self._shell, self.cards, self.service, self.options = shell, cards, service, options
        self._status = status
        self.tasks, self.clock = shell.tasks, shell.clock
        self.connectivity, self.outbox = service.connectivity, service.outbox
        self.forwarder, self.capture, self.limits = service.forwarder, service.policy, service.setup.limits
        self.ready = False
        self.dialog: OfflineCardDialog | None = None
        self.settings_dialog: OfflineSettingsDialog | None = None
        self.override_dialog: OverrideDialog | None = None  # the manager PIN prompt for going offline
        self.summary: QueueSummary | None = None
        self.words: TillStatusPresenter | None = None  # set by wire_till: the shared status vocabulary
        self._probing = self._refreshing = self._refresh_again = False
        window = shell.window
        self.strip = OfflineStrip(options.refresh_ms)
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
                staff=shell.services.staff,
                now=self.clock.now,
                limits=self.limits,
                actor=self.actor,
                is_online=lambda: self.connectivity.state is Connectivity.ONLINE,
                forwarder_running=lambda: self.forwarder.running,
                open_settings=self.open_settings,
                on_changed=self.refresh,
                order_numbers=shell.services.sales.display_numbers,
            )
        )
        self.progress.fired.connect(self.queue.on_progress)
        window.add_screen("offlineQueue", self.queue)
        window.add_nav_button(
            tr_text(QT_TRANSLATE_NOOP("OfflinePayments", "Offline queue")),
            self.show_queue,
            name="offlineQueueNav",
            description=tr_text(
                QT_TRANSLATE_NOOP("OfflinePayments", "The card payments stored offline on this till.")
            ),
        )
        self.connectivity.add_listener(self.changes.emit_later)
        self.forwarder.add_progress_listener(self.progress.emit_later)
        self.probe_timer = QTimer(window)
        self.probe_timer.setInterval(options.probe_ms)
        self.probe_timer.timeout.connect(self.probe)
        self.probe_timer.start()
        window.add_close_hook(self.shutdown)

    # -- start-up and shutdown ----------------------------------------------------------------------
    def start(self) -> None:
        """Recover interrupted forwards on a worker (and the demo's entry setting), then forward."""
        demo_manager = self._demo_manager()
        self.tasks.run(lambda: self.service.start_up(demo_manager=demo_manager), self._started)

    def _demo_manager(self) -> StaffMember | None:
        if not (self._shell.demo and self.options.demo_manual_entry):
            return None
        return next((m for m in self._shell.services.staff.members() if m.can(Permission.SETTINGS)), None)

    def _started(self, summary: QueueSummary | None, error: BaseException | None) -> None:
        if error is not None:
            log.error("offline start-up recovery failed (stored payments are safe): %s", error)
            self.strip.show_message(
                QT_TRANSLATE_NOOP(
                    "OfflinePayments", "Stored offline payments could not be checked at start-up"
                ),
                warning=True,
            )
        if self.options.start_forwarder:
            self.forwarder.start()
        self.ready = True
        self._summary_ready(summary, None)

    def shutdown(self) -> None:
        self.probe_timer.stop()
        self.strip.timer.stop()
        self.forwarder.stop()

    def demo_panel(self) -> QLabel:
        return WrapLabel(tr_text(DEMO_TEXT), "muted", name="offlineDemoText")

    def show_queue(self) -> None:
        self._shell.window.show_screen("offlineQueue")
        self.queue.refresh()

    def actor(self) -> StaffMember | None:
        actor: StaffMember | None = self._shell.till.actor
        return actor

    # -- connectivity (GUI thread) ------------------------------------------------------------------
    def _changed(self, _change: object) -> None:
        state = self.connectivity.state
        if self.words is not None:
            self.words.refresh()
        else:
            self.strip.set_state(state)
        self.queue.set_connectivity(state)
        if state is Connectivity.ONLINE:
            self.forwarder.wake()
        self.refresh()

    def switch_offline(self) -> None:
        """The one obvious action (strip and banner): manager PIN where the shop says so."""
        if self.connectivity.state is Connectivity.OFFLINE:
            self.strip.show_message(
                QT_TRANSLATE_NOOP("OfflinePayments", "The till is already taking offline payments")
            )
            return
        actor = self.actor()
        if actor is None:
            self.strip.show_message(
                QT_TRANSLATE_NOOP("OfflinePayments", "Sign in to switch to offline payments"), warning=True
            )
            return
        if not self.service.needs_approval(actor):
            self._force_offline(actor, None)
            return

        def granted(authorization: Authorization) -> None:
            self.override_dialog = None
            self._force_offline(actor, authorization.approver)

        self.override_dialog = request_permission(
            self._shell.window,
            self._shell.services.staff,
            self.tasks,
            actor,
            Permission.GO_OFFLINE,
            reason=tr_text(SWITCH_REASON),
            on_granted=granted,
        )

    def _force_offline(self, actor: StaffMember, approver: StaffMember | None) -> None:
        try:
            self.service.switch_offline(actor, approver)
        except (ConnectivityError, PermissionDeniedError) as exc:
            self.strip.show_message(shown_error(exc), warning=True)
            return
        self.strip.show_message("")

    def go_back_online(self) -> None:
        """Only from RECOVERING, by a member of staff; then the status bridge drops its banner."""
        state = self.connectivity.state
        if state is Connectivity.RECOVERING:
            actor = self.actor()
            if actor is None:
                self.strip.show_message(
                    QT_TRANSLATE_NOOP("OfflinePayments", "Sign in to go back online"), warning=True
                )
                return
            try:
                self.service.accept_online(actor)
            except (ConnectivityError, PermissionDeniedError) as exc:
                self.strip.show_message(shown_error(exc), warning=True)
                return
        elif state is Connectivity.OFFLINE:
            self.strip.show_message(
                QT_TRANSLATE_NOOP(
                    "OfflinePayments", "Stripe is not reachable yet, so the till stays offline"
                ),
                warning=True,
            )
            return
        if self._status is not None:
            self._status.bridge.went_back_online()

    def manual_card_entry(self) -> None:
        """Banner action: take the current order's payment by keyed card."""
        till = self._shell.till
        if till.actor is None:
            self.strip.show_message(
                QT_TRANSLATE_NOOP("OfflinePayments", "Sign in to take a card payment"), warning=True
            )
            return
        self._shell.window.show_screen("sell")
        view = till.sell.view()
        if view is not None and not view.is_empty:
            till.sell.pay()
        self.strip.show_message(
            QT_TRANSLATE_NOOP("OfflinePayments", "To key a card: Pay → Card")
            if self.service.takes_offline_payments
            else QT_TRANSLATE_NOOP("OfflinePayments", "To key a card: Pay → Card, then Manual card entry")
        )

    # -- health probe while offline -----------------------------------------------------------------
    def probe(self) -> None:
        """Timer: while offline or recovering, ask Stripe for the reader's status on a worker."""
        if self._probing or not self.service.takes_offline_payments:
            return
        self._probing = True
        self.tasks.run(self.service.probe, self._probed)

    def _probed(self, result: Probe | None, error: BaseException | None) -> None:
        self._probing = False
        if error is not None:
            log.warning("reader health probe failed: %s", error)
        if result is None:
            return
        if self.words is not None:
            if result.online:
                self.words.payment_worked()
            elif result.failure is not None:
                self.words.payment_failed(result.failure)
        if self._status is None:
            return
        if result.online:
            self._status.bridge.report_success(Check.READER)
            self._status.bridge.report_success(Check.API)
        elif result.failure is not None:
            self._status.bridge.report_failure(result.failure)

    # -- the card handler ---------------------------------------------------------------------------
    def card_handler(self, sale: SaleSession, amount_minor: int, parent: QWidget, done: CardDone) -> None:
        """The till's Card button: the offline card dialog while offline, else the reader's."""
        if self.service.takes_offline_payments:
            self.open_card_dialog(sale, amount_minor, parent, done)
        else:
            self.cards.open_dialog(
                self.service.sale_checkout(sale, self.cards.checkout), amount_minor, parent, done
            )

    def open_card_dialog(
        self, sale: SaleSession, amount_minor: int, parent: QWidget, done: CardDone
    ) -> OfflineCardDialog:
        bridge = CheckoutBridge(self.service.sale_checkout(sale, self.cards.checkout), self.tasks)
        deps = OfflineCardDeps(
            checkout=bridge,
            capture=self.capture,
            tasks=self.tasks,
            staff=self._shell.services.staff,
            now=self.clock.now,
            actor=self.actor,
            open_settings=self.open_settings,
            on_stored=lambda _result: self._stored(),
        )
        dialog = OfflineCardDialog(deps, sale, amount_minor, done, parent)
        bridge.setParent(dialog)
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

    def open_settings(
        self, parent: QWidget, on_changed: Callable[[], None] | None = None
    ) -> OfflineSettingsDialog:
        dialog = OfflineSettingsDialog(
            self.capture, self._shell.services.staff, self.tasks, self.actor, parent
        )
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

    # -- the strip's summary ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute the queue summary on a worker (coalesced), then show it."""
        if self._refreshing:
            self._refresh_again = True
            return
        self._refreshing = True
        self.tasks.run(self.service.queue_summary, self._summary_ready)

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


def build_offline(
    shell: Shell, cards: CardPayments, options: OfflineOptions, status: StatusWiring | None
) -> OfflineWiring:
    """Offline payments on the cards' Stripe endpoint (stored payments are forwarded there)."""
    services = shell.services
    config = services.config
    setup = OfflineSetup(
        limits=options.limits or OfflineLimits.from_config(config.offline),
        till_id=config.shop.till_id,
        currency=config.shop.currency,
        manager_pin_to_go_offline=bool(config.offline.manager_pin_to_go_offline),
        offline_after_failures=options.offline_after_failures,
        recover_after_successes=options.recover_after_successes,
        forwarder=options.forwarder
        or ForwarderSettings(
            concurrency=config.offline.forward_concurrency, pacing=pacing_for_key(cards.api_key)
        ),
    )
    gateway = forwarding_gateway(
        cards.api_key, cards.api_base, services.payments, shell.clock, timeout_s=options.forward_timeout_s
    )
    admin, reader_id = cards.admin, cards.reader_id
    service = OfflinePayments(
        setup=setup,
        payments=services.payments,
        sales=services.sales,
        settings=services.settings,
        audit=services.audit,
        gateway=gateway,
        clock=shell.clock,
        reader_online=lambda: admin.reader_status(reader_id).online,
    )
    processor = OfflineRefundProcessor(services.payments, services.audit, cards.refunds)
    services.sales.register_processor(TenderKind.OFFLINE_CARD, processor)
    return OfflineWiring(shell, cards, service, options, status)


__all__ = ["DEMO_TEXT", "OfflineOptions", "OfflineWiring", "build_offline"]
