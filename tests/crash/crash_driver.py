"""Child process for the crash test: the till's offline payment path, killed at random by the parent.

    python -m tests.crash.crash_driver DB_PATH SIM_URL CAPTURES SEED
        (key hex in DRIPOS_CRASH_KEY, API key in DRIPOS_CRASH_API_KEY)

Opens the real SQLCipher store, recovers (sending → unknown → reconciled), captures CAPTURES offline
payments of random amounts and tips, printing "ACK <payment_id> <sale> <tip> <currency>" only after
each commit returned (what the barista is told was taken), forwards everything printing a marker per
row, then prints "DONE". stdout is flushed per line so the parent sees each marker at once.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

from dripos_terminal.clock import SystemClock
from dripos_terminal.domain.card import KeyedCard
from dripos_terminal.domain.offline_policy import OfflineLimits
from dripos_terminal.domain.payment import PaymentKind
from dripos_terminal.payments.forwarder import Forwarder, ForwarderSettings, forwarding_gateway
from dripos_terminal.payments.offline_capture import SETTING_OFFLINE_MANUAL_ENTRY, OfflineCapture
from dripos_terminal.payments.offline_reconcile import JobSettings
from dripos_terminal.payments.offline_store import OfflineStoreAdapter
from dripos_terminal.payments.ports import NullPrompt
from dripos_terminal.services.card_payments import CardCheckout
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.database import Database
from dripos_terminal.store.payments import PaymentStore
from dripos_terminal.store.settings_repo import SettingsRepo

PAN = "4242424242424242"
LIMITS = OfflineLimits(per_payment_cap_minor=10**9, total_cap_minor=10**12, count_cap=10**6)


def out(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    db_path, sim_url, captures, seed = Path(argv[0]), argv[1], int(argv[2]), int(argv[3])
    key = bytes.fromhex(os.environ["DRIPOS_CRASH_KEY"])
    clock = SystemClock()
    db = Database.open(db_path, key, clock=clock, create=not db_path.exists())
    audit = AuditLog(db, clock)
    settings = SettingsRepo(db, clock, audit)
    payments = PaymentStore(db, clock, audit=audit)
    if settings.get(SETTING_OFFLINE_MANUAL_ENTRY).result() != "true":
        settings.set(SETTING_OFFLINE_MANUAL_ENTRY, "true", actor_id="mgr").result()
    capture = OfflineCapture(payments, settings, audit, clock, limits=LIMITS, till_id=db_path.stem)
    store = OfflineStoreAdapter(capture, clock, till_id=db_path.stem)
    checkout = CardCheckout(payments, {PaymentKind.OFFLINE_CARD: store}, clock, audit=audit)
    gateway = forwarding_gateway(os.environ["DRIPOS_CRASH_API_KEY"], sim_url, payments, clock, timeout_s=5.0)
    fwd = Forwarder(
        payments,
        gateway,
        clock,
        audit=audit,
        settings=ForwarderSettings(
            concurrency=2, startup_jitter_s=0.0, job=JobSettings(retry_base_s=0.01, retry_cap_s=0.05)
        ),
        rng=random.Random(seed),
    )
    fwd.add_progress_listener(lambda p: out(f"FWD {p.result.payment_id} {p.result.outcome.value}"))
    out("OPEN")
    fwd.recover()
    out("RECOVERED")
    rng = random.Random(seed)
    for i in range(captures):
        card = KeyedCard.parse(PAN, "12/30", "731", "97205", now=clock.now())
        sale, tip = rng.randint(100, 2000), rng.choice((0, 0, 50, 75, 100, 315))
        order_id = f"{db_path.stem}-{seed}-{i}"
        res = checkout.pay(
            order_id,
            sale,
            "usd",
            NullPrompt(),
            kind=PaymentKind.OFFLINE_CARD,
            keyed_card=card,
            tip_minor=tip,
            actor_id="bar",
        )
        out(f"ACK {res.payment_id} {sale} {tip} usd")
    fwd.forward_all()
    out("DONE")
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
