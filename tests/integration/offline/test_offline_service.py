"""Offline payments without Qt, as a command line would drive them: the switch (audited), a sale paid
by a stored card (payment and tender committed together), the reader probe offering recovery, staff
going back online, and the forward — on a fake clock, against the simulator over HTTP."""

from __future__ import annotations

from pathlib import Path

from dripos_terminal.clock import FakeClock
from dripos_terminal.composition.core import Services, build_services
from dripos_terminal.config import Config
from dripos_terminal.domain.connectivity import Connectivity
from dripos_terminal.domain.offline_policy import OfflineLimits
from dripos_terminal.domain.order_state import OrderState
from dripos_terminal.domain.payment import PaymentStatus
from dripos_terminal.payments.failures import FailureKind
from dripos_terminal.payments.forwarder import ForwarderSettings, forwarding_gateway
from dripos_terminal.payments.offline_reconcile import JobSettings
from dripos_terminal.services.offline_payments import (
    AUDIT_WENT_OFFLINE,
    AUDIT_WENT_ONLINE,
    OfflinePayments,
    OfflineSetup,
)
from dripos_terminal.sim.stripe import StripeSimulator
from dripos_terminal.store.database import Database
from tests.integration.offline.offline_harness import BARISTA, MANAGER, keyed
from tests.support.money import Sale, assert_orders_match_payments, assert_stripe_matches_till


def _offline_payments(
    sim: StripeSimulator, services: Services, clock: FakeClock, reader: dict[str, bool]
) -> OfflinePayments:
    return OfflinePayments(
        setup=OfflineSetup(
            limits=OfflineLimits(),
            till_id="till-cli",
            offline_after_failures=1,
            recover_after_successes=1,
            forwarder=ForwarderSettings(
                concurrency=1, startup_jitter_s=0.0, job=JobSettings(retry_base_s=0.01, retry_cap_s=0.05)
            ),
        ),
        payments=services.payments,
        sales=services.sales,
        settings=services.settings,
        audit=services.audit,
        gateway=forwarding_gateway(sim.api_key, sim.base_url, services.payments, clock, timeout_s=5.0),
        clock=clock,
        reader_online=lambda: reader["online"],
    )


def test_offline_payments_run_without_qt(sim: StripeSimulator, db_path: Path, db_key: bytes) -> None:
    clock = FakeClock()
    db = Database.open(db_path, db_key, clock=clock, create=True)
    try:
        services = build_services(db, config=Config(), clock=clock)
        reader = {"online": False}
        offline = _offline_payments(sim, services, clock, reader)
        offline.policy.set_manual_entry(True, MANAGER)
        offline.switch_offline(BARISTA, MANAGER)
        assert offline.takes_offline_payments
        sale = services.sales.start_order(BARISTA)
        sale.add_item("espresso")
        due = sale.order.balance_due.amount
        stored = offline.sale_checkout(sale, None).store_offline(due, 40, keyed(clock))
        assert sale.committed and sale.order.state is OrderState.PAID  # payment and tender, one commit
        assert offline.outbox.get(stored.payment_id).status is PaymentStatus.PENDING
        assert offline.probe() is not None and offline.connectivity.state is Connectivity.OFFLINE
        reader["online"] = True
        probe = offline.probe()
        assert probe is not None and probe.online
        assert offline.connectivity.state is Connectivity.RECOVERING  # offered, not taken
        offline.accept_online(BARISTA)
        assert offline.connectivity.state is Connectivity.ONLINE and offline.probe() is None
        assert offline.forwarder.forward_all().succeeded == 1
        actions = [e.action for e in services.audit.list().result()]
        assert AUDIT_WENT_OFFLINE in actions and AUDIT_WENT_ONLINE in actions
        sold = {stored.payment_id: Sale(due, 40, "usd")}
        assert_stripe_matches_till(sim.ledger, db, sold=sold, acknowledged=[stored.payment_id])
        assert_orders_match_payments(db)
    finally:
        db.close()


def test_only_stripe_unreachable_switches_offline_by_itself_and_is_audited_so(
    sim: StripeSimulator, db_path: Path, db_key: bytes
) -> None:
    clock = FakeClock()
    db = Database.open(db_path, db_key, clock=clock, create=True)
    try:
        services = build_services(db, config=Config(), clock=clock)
        offline = _offline_payments(sim, services, clock, {"online": False})
        for kind in [
            FailureKind.READER_OFFLINE,
            FailureKind.READER_TIMEOUT,
            FailureKind.API_SERVER_ERROR,
        ] * 4:
            offline.payment_failed(kind)
        # the readers failing is staff's call (behind the manager's PIN): offered, never taken
        assert offline.connectivity.state is Connectivity.DEGRADED and not offline.takes_offline_payments
        offline.payment_failed(FailureKind.API_UNREACHABLE)
        assert offline.connectivity.state is Connectivity.OFFLINE
        [entry] = services.audit.list(action=AUDIT_WENT_OFFLINE).result()
        assert entry.actor_id == "system"
        assert entry.details["automatic"] is True and entry.details["reason"] == "stripe_unreachable"
        assert entry.details["detail"] == "api_unreachable" and entry.details["approver"] is None
    finally:
        db.close()
