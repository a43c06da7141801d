"""Offline payments without Qt: connectivity, its audit trail, the health probe, routing, storing and
forwarding. The screens (`composition/offline.py`) and a command line drive the same object.

- `connectivity` is the state machine (`domain.connectivity`); every change is audited (who, why,
  which manager approved), from whatever thread made it.
- The payment path feeds it (`payment_failed` / `payment_succeeded`: a declined card is one card's
  problem and never counts); while offline or recovering, `probe` asks Stripe for the reader's status,
  so recovery is detected and *offered* (`accept_online` by staff), never taken silently.
- `takes_offline_payments` routes a card tender: to the offline store while offline, else the reader
  (`sale_checkout` builds a sale's tender loop with that routing).
- `checkout` stores offline card payments through the offline store adapter; `forwarder` sends them
  once ONLINE; `start_up` reconciles forwards a crash interrupted before anything new is sent.

Time comes from the injected clock; blocking methods (`probe`, `start_up`, the forwarder's passes)
belong on a worker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, replace

from dripos_terminal.clock import Clock
from dripos_terminal.domain.connectivity import Connectivity, ConnectivityChange, ConnectivityMachine
from dripos_terminal.domain.offline_policy import OfflineLimits, QueueSummary
from dripos_terminal.domain.payment import PaymentKind
from dripos_terminal.domain.staff import Permission, StaffMember
from dripos_terminal.payments.failures import FailureKind
from dripos_terminal.payments.forwarder import Forwarder, ForwarderSettings
from dripos_terminal.payments.offline_capture import SETTING_OFFLINE_MANUAL_ENTRY, OfflineCapture
from dripos_terminal.payments.offline_store import OfflineStoreAdapter
from dripos_terminal.payments.stripe_gateway import GatewayError, StripeGateway
from dripos_terminal.services.card_payments import CardCheckout
from dripos_terminal.services.checkout import SaleCheckout
from dripos_terminal.services.sales import SaleSession, SalesService
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.outbox import Outbox
from dripos_terminal.store.payments import PaymentStore
from dripos_terminal.store.settings_repo import SettingsRepo

log = logging.getLogger("dripos_terminal.payments")

AUDIT_WENT_OFFLINE = "offline.went_offline"
AUDIT_WENT_ONLINE = "offline.went_online"
AUDIT_CONNECTIVITY = "offline.connectivity"


@dataclass(frozen=True)
class OfflineSetup:
    """The shop's offline settings (from `config.offline`, with test overrides)."""

    limits: OfflineLimits
    till_id: str
    currency: str = "usd"
    manager_pin_to_go_offline: bool = True
    offline_after_failures: int = 3
    recover_after_successes: int = 2
    forwarder: ForwarderSettings | None = None


@dataclass(frozen=True)
class Probe:
    """What the reader health probe learned: online, or the failure to report."""

    online: bool
    failure: FailureKind | None = None


class OfflinePayments:
    def __init__(
        self,
        *,
        setup: OfflineSetup,
        payments: PaymentStore,
        sales: SalesService,
        settings: SettingsRepo,
        audit: AuditLog,
        gateway: StripeGateway,
        clock: Clock,
        reader_online: Callable[[], bool],
    ) -> None:
        self.setup = setup
        self.clock = clock
        self._audit = audit
        self._settings = settings
        self._sales = sales
        self._reader_online = reader_online
        self.connectivity = ConnectivityMachine(
            offline_after_failures=setup.offline_after_failures,
            recover_after_successes=setup.recover_after_successes,
            manager_pin_to_go_offline=setup.manager_pin_to_go_offline,
        )
        self.connectivity.add_listener(self._audit_change)
        self.outbox = Outbox(payments)
        self.policy = OfflineCapture(
            payments,
            settings,
            audit,
            clock,
            limits=setup.limits,
            till_id=setup.till_id,
            currency=setup.currency,
        )
        store = OfflineStoreAdapter(self.policy, clock, till_id=setup.till_id)
        self.checkout = CardCheckout(
            payments, {PaymentKind.OFFLINE_CARD: store}, clock, orders=sales.book, audit=audit
        )
        self.forwarder = Forwarder(
            payments,
            gateway,
            clock,
            audit=audit,
            # parked rows are escalated past the same deadline the policy gives stored payments
            settings=replace(setup.forwarder or ForwarderSettings(), deadline=setup.limits.max_age),
            is_online=lambda: self.connectivity.state is Connectivity.ONLINE,
            till_id=setup.till_id,
        )

    # -- routing ------------------------------------------------------------------------------------

    @property
    def takes_offline_payments(self) -> bool:
        return self.connectivity.state.takes_offline_payments

    def sale_checkout(self, sale: SaleSession, cards: CardCheckout | None) -> SaleCheckout:
        """One sale's tender loop: card tenders go to the offline store while offline, else `cards`."""
        return SaleCheckout(
            sale,
            self._sales,
            cards=cards,
            offline=self.checkout,
            policy=self.policy,
            takes_offline=lambda: self.takes_offline_payments,
        )

    # -- what moves the connectivity state ----------------------------------------------------------

    def payment_failed(self, kind: FailureKind) -> None:
        if kind.is_systemic:
            unreachable = kind is FailureKind.API_UNREACHABLE
            self.connectivity.report_failure(self.clock.now(), kind.value, unreachable=unreachable)

    def payment_succeeded(self) -> None:
        self.connectivity.report_success(self.clock.now(), "card payment approved")

    def switch_offline(self, actor: StaffMember, approver: StaffMember | None = None) -> None:
        """Staff switch to offline payments (a manager approves where the shop says so). Raises
        `ConnectivityError` / `PermissionDeniedError` with a message fit to show."""
        self.connectivity.force_offline(
            actor, self.clock.now(), reason="switched by staff", approver=approver
        )

    def needs_approval(self, actor: StaffMember) -> bool:
        """Does switching offline need a manager's PIN for this member of staff?"""
        return self.setup.manager_pin_to_go_offline or not actor.can(Permission.SELL)

    def accept_online(self, actor: StaffMember) -> None:
        """Staff accept the recovery the probe offered (RECOVERING → ONLINE)."""
        self.connectivity.accept_online(actor, self.clock.now())
        self.forwarder.wake()

    def probe(self) -> Probe | None:
        """BLOCKING: while offline or recovering, ask Stripe for the reader's status and feed the
        state machine. None when there is nothing to probe (online)."""
        if not self.takes_offline_payments:
            return None
        try:
            online = self._reader_online()
        except GatewayError as exc:
            result = Probe(False, exc.failure or FailureKind.API_UNREACHABLE)
        except Exception:
            log.warning("reader health probe failed", exc_info=True)
            result = Probe(False, FailureKind.API_UNREACHABLE)
        else:
            result = Probe(True) if online else Probe(False, FailureKind.READER_OFFLINE)
        now = self.clock.now()
        if result.online:
            self.connectivity.report_success(now, "reader online")
        else:
            failure = result.failure or FailureKind.API_UNREACHABLE
            unreachable = failure is FailureKind.API_UNREACHABLE
            self.connectivity.report_failure(now, failure.value, unreachable=unreachable)
        return result

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
        self._audit.record(change.actor_id, action, None, details).add_done_callback(_log_audit_failure)

    # -- start-up and the queue ---------------------------------------------------------------------

    def start_up(self, *, demo_manager: StaffMember | None = None) -> QueueSummary:
        """BLOCKING, before anything is sold: in a demo data directory, switch offline entry on if no
        manager ever chose (audited as the demo manager); then reconcile the forwards a crash
        interrupted, before any new one is sent."""
        if demo_manager is not None and self._settings.get(SETTING_OFFLINE_MANUAL_ENTRY).result() is None:
            self.policy.set_manual_entry(True, demo_manager)
            log.info("demo: offline manual entry switched on for the demo data directory")
        self.forwarder.recover()
        return self.policy.queue_summary()

    def queue_summary(self) -> QueueSummary:
        return self.policy.queue_summary()


def _log_audit_failure(future: Future[int]) -> None:
    error = future.exception()
    if error is not None:
        log.error("connectivity change could not be audited: %s", error)
