"""Real parts for the offline tests: SQLCipher store, the stripe SDK over HTTP to the simulator."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from dripos_terminal.clock import Clock, FakeClock
from dripos_terminal.domain.card import KeyedCard
from dripos_terminal.domain.offline_policy import OfflineLimits
from dripos_terminal.domain.payment import PaymentKind, PaymentStatus
from dripos_terminal.domain.staff import Role, StaffMember, hash_pin
from dripos_terminal.payments.forwarder import Forwarder, ForwarderSettings, forwarding_gateway
from dripos_terminal.payments.offline_capture import SETTING_OFFLINE_MANUAL_ENTRY, OfflineCapture
from dripos_terminal.payments.offline_reconcile import JobSettings
from dripos_terminal.payments.offline_store import OfflineStoreAdapter
from dripos_terminal.payments.ports import NullPrompt, PaymentResult
from dripos_terminal.services.card_payments import CardCheckout
from dripos_terminal.sim.stripe import StripeSimulator
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.database import Database
from dripos_terminal.store.outbox import Outbox
from dripos_terminal.store.payments import PaymentStore
from dripos_terminal.store.settings_repo import SettingsRepo
from tests.support.money import Sale, assert_stripe_matches_till

TEST_PAN = "4242424242424242"
DECLINE_PAN = "4000000000009995"  # insufficient funds
TEST_CVC = "731"
_PIN_HASH = hash_pin("1234", salt=b"0" * 16)
MANAGER = StaffMember("mgr-1", "Maya", Role.MANAGER, _PIN_HASH)
BARISTA = StaffMember("bar-1", "Ben", Role.BARISTA, _PIN_HASH)
BIG_LIMITS = OfflineLimits(per_payment_cap_minor=10**9, total_cap_minor=10**12, count_cap=10**6)


def keyed(clock: Clock, number: str = TEST_PAN) -> KeyedCard:
    return KeyedCard.parse(number, "12/30", TEST_CVC, "97205", now=clock.now())


@dataclass
class Till:
    path: Path
    key: bytes
    clock: Clock
    db: Database
    payments: PaymentStore
    outbox: Outbox
    capture: OfflineCapture
    checkout: CardCheckout  # the offline store adapter: what the till's card button uses offline
    forwarder: Forwarder
    audit: AuditLog
    sold: dict[str, Sale] = field(default_factory=dict)  # what the till was asked to take, by payment

    def store(
        self,
        order_id: str,
        amount: int,
        card: KeyedCard,
        *,
        tip: int = 0,
        actor_id: str = BARISTA.staff_id,
        override_by: StaffMember | None = None,
    ) -> PaymentResult:
        """Store one offline card payment, as the till's card button does while offline."""
        return self.checkout.pay(
            order_id,
            amount,
            "usd",
            NullPrompt(),
            kind=PaymentKind.OFFLINE_CARD,
            keyed_card=card,
            tip_minor=tip,
            actor_id=actor_id,
            override_by=override_by,
        )

    def sell(self, amount: int = 450, number: str = TEST_PAN, tip: int = 0) -> str:
        res = self.store(f"ord-{len(self.sold)}", amount, keyed(self.clock, number), tip=tip)
        self.sold[res.payment_id] = Sale(amount, tip, "usd")
        return res.payment_id

    def status(self, pid: str) -> PaymentStatus:
        return self.outbox.get(pid).status

    def close(self) -> None:
        self.forwarder.stop()
        self.db.close()


def open_till(
    path: Path,
    key: bytes,
    sim: StripeSimulator,
    clock: Clock,
    *,
    limits: OfflineLimits = BIG_LIMITS,
    concurrency: int = 4,
    seed: int = 7,
    enable: bool = True,
    timeout_s: float = 5.0,
    max_attempts: int = 10,
    sold: dict[str, Sale] | None = None,
) -> Till:
    db = Database.open(path, key, clock=clock, create=not path.exists())
    audit = AuditLog(db, clock)
    settings = SettingsRepo(db, clock, audit)
    store = PaymentStore(db, clock, audit=audit)
    outbox = Outbox(store)
    capture = OfflineCapture(store, settings, audit, clock, limits=limits, till_id="till-t", currency="usd")
    if enable and settings.get(SETTING_OFFLINE_MANUAL_ENTRY).result() != "true":
        capture.set_manual_entry(True, MANAGER)
    adapter = OfflineStoreAdapter(capture, clock, till_id="till-t")
    checkout = CardCheckout(store, {PaymentKind.OFFLINE_CARD: adapter}, clock, audit=audit)
    gateway = forwarding_gateway(sim.api_key, sim.base_url, store, clock, timeout_s=timeout_s)
    rng = random.Random(seed)
    sleep = clock.sleep if isinstance(clock, FakeClock) else None
    fwd = Forwarder(
        store,
        gateway,
        clock,
        audit=audit,
        settings=ForwarderSettings(
            concurrency=concurrency,
            startup_jitter_s=0.0,
            idle_poll_s=0.05,
            job=JobSettings(retry_base_s=0.01, retry_cap_s=0.05, max_attempts=max_attempts),
        ),
        rng=rng,
        sleep=sleep,
        till_id="till-t",
    )
    return Till(path, key, clock, db, store, outbox, capture, checkout, fwd, audit, dict(sold or {}))


def assert_exactly_once(sim: StripeSimulator, tills: Till | list[Till], acked: list[str]) -> None:
    """Every acknowledged payment charged exactly once, for the sale, tip and currency it was sold
    for (and the tills recorded); nothing charged that a till does not record as paid."""
    tills = tills if isinstance(tills, list) else [tills]
    sold = {pid: sale for till in tills for pid, sale in till.sold.items() if pid in acked}
    assert set(sold) == set(acked), "the test sold these itself; it knows their amounts"
    assert_stripe_matches_till(sim.ledger, [t.db for t in tills], sold=sold, acknowledged=acked)


def advance(clock: Clock, hours: float) -> None:
    assert isinstance(clock, FakeClock)
    clock.advance(timedelta(hours=hours).total_seconds())
