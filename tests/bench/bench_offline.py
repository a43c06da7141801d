"""Offline store-and-forward: durable capture latency, forwarding throughput at the live rate limit
(one till, then 20 tills as separate processes sharing one simulated account).

    python -m tests.bench bench_offline        (section name "offline")
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dripos_terminal.clock import SystemClock
from dripos_terminal.domain.card import KeyedCard
from dripos_terminal.domain.offline_policy import OfflineLimits
from dripos_terminal.domain.payment import PaymentKind
from dripos_terminal.payments.forwarder import Forwarder, ForwarderSettings, forwarding_gateway
from dripos_terminal.payments.offline_capture import SETTING_OFFLINE_MANUAL_ENTRY, OfflineCapture
from dripos_terminal.payments.offline_store import OfflineStoreAdapter
from dripos_terminal.payments.ports import NullPrompt
from dripos_terminal.services.card_payments import CardCheckout
from dripos_terminal.sim.stripe import StripeSimulator
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.database import Database
from dripos_terminal.store.payments import PaymentStore
from dripos_terminal.store.settings_repo import SettingsRepo
from tests.bench.stats import header, line, ms, percentile

KIND = PaymentKind.OFFLINE_CARD
PAYMENTS = 1000
TILLS = 20
LIVE_RATE = 100.0
ENDPOINT_RATE = 25.0
LIMITS = OfflineLimits(per_payment_cap_minor=10**9, total_cap_minor=10**12, count_cap=10**6)


def _till(
    path: Path, base_url: str, api_key: str, *, concurrency: int, seed: int
) -> tuple[Database, CardCheckout, Forwarder]:
    clock = SystemClock()
    db = Database.open(path, os.urandom(32), clock=clock, create=True)
    audit = AuditLog(db, clock)
    settings = SettingsRepo(db, clock, audit)
    settings.set(SETTING_OFFLINE_MANUAL_ENTRY, "true", actor_id="bench").result()
    payments = PaymentStore(db, clock, audit=audit)
    capture = OfflineCapture(payments, settings, audit, clock, limits=LIMITS, till_id=path.stem)
    store = OfflineStoreAdapter(capture, clock, till_id=path.stem)
    checkout = CardCheckout(payments, {PaymentKind.OFFLINE_CARD: store}, clock, audit=audit)
    gateway = forwarding_gateway(api_key, base_url, payments, clock, timeout_s=10.0)
    fwd = Forwarder(
        payments,
        gateway,
        clock,
        audit=audit,
        settings=ForwarderSettings(concurrency=concurrency, startup_jitter_s=0.0),
        rng=random.Random(seed),
    )
    return db, checkout, fwd


def _capture(checkout: CardCheckout, n: int, tag: str) -> list[float]:
    clock = SystemClock()
    times = []
    for i in range(n):
        card = KeyedCard.parse("4242424242424242", "12/30", "123", "97205", now=clock.now())
        start = time.perf_counter()
        checkout.pay(
            f"{tag}-{i}", 450 + i % 100, "usd", NullPrompt(), kind=KIND, keyed_card=card, actor_id="bench"
        )
        times.append(time.perf_counter() - start)
    return times


def _child(argv: list[str]) -> None:
    """One till process: capture N, say READY, wait for GO, forward, print the elapsed time."""
    path, base_url, api_key, n, seed = Path(argv[0]), argv[1], argv[2], int(argv[3]), int(argv[4])
    db, capture, fwd = _till(path, base_url, api_key, concurrency=4, seed=seed)
    _capture(capture, n, path.stem)
    print("READY", flush=True)
    sys.stdin.readline()
    time.sleep(random.Random(seed).uniform(0.0, 1.0))  # start-up jitter (ForwarderSettings.startup_jitter_s)
    start = time.perf_counter()
    report = fwd.forward_all()
    print(f"DONE {time.perf_counter() - start:.3f} {report.succeeded} {fwd.backoff.rate_limited}", flush=True)
    db.close()


def _ideal_s(payments: int) -> float:
    # Two POST endpoints, 25/s each, and 100/s for the account: whichever binds.
    return max(2 * payments / LIVE_RATE, payments / ENDPOINT_RATE)


def _one_till(tmp: Path) -> None:
    with StripeSimulator(livemode=True) as sim:
        db, capture, fwd = _till(tmp / "one.db", sim.base_url, sim.api_key, concurrency=8, seed=1)
        lat = _capture(capture, PAYMENTS, "one")
        line("durable offline capture p50 (commit, synchronous=FULL)", ms(percentile(lat, 50)))
        line("durable offline capture p99", ms(percentile(lat, 99)))
        start = time.perf_counter()
        report = fwd.forward_all()
        elapsed = time.perf_counter() - start
        ok = [r for r in sim.ledger.request_log() if r.status == 200]
        limited = sum(1 for r in sim.ledger.request_log() if r.status == 429)
        db.close()
        assert report.succeeded == PAYMENTS and sim.ledger.duplicates() == {}
    line(
        f"forward {PAYMENTS} payments, one till (8 workers)",
        f"{elapsed:.1f} s ({PAYMENTS / elapsed:.1f} payments/s)",
    )
    line(
        "successful requests/s, as a fraction of 100 req/s",
        f"{len(ok) / elapsed:.1f} ({len(ok) / elapsed / LIVE_RATE:.0%})",
    )
    line(
        "ideal time (25 req/s per POST endpoint binds)",
        f"{_ideal_s(PAYMENTS):.1f} s -> {_ideal_s(PAYMENTS) / elapsed:.0%} of ideal",
    )
    line("429 answers seen", str(limited))


def _many_tills(tmp: Path) -> None:
    per = PAYMENTS // TILLS
    with StripeSimulator(livemode=True) as sim:
        procs = []
        for n in range(TILLS):
            args = [str(tmp / f"till{n}.db"), sim.base_url, sim.api_key, str(per), str(n)]
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "tests.bench.bench_offline", *args],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                )
            )
        for p in procs:
            assert p.stdout is not None and p.stdout.readline().strip() == "READY"
        start = time.perf_counter()
        for p in procs:
            assert p.stdin is not None
            p.stdin.write("GO\n")
            p.stdin.flush()
        results = []
        for p in procs:
            out, _ = p.communicate(timeout=900)
            results.append(out.split())
        elapsed = time.perf_counter() - start
        charged = len(sim.ledger.charges())
        dupes = sim.ledger.duplicates()
        limited = sum(1 for r in sim.ledger.request_log() if r.status == 429)
    assert charged == per * TILLS and dupes == {}
    line(f"{TILLS} tills x {per} payments, separate processes, one account", f"{elapsed:.1f} s total")
    line(
        "ideal time for the same work",
        f"{_ideal_s(per * TILLS):.1f} s -> {_ideal_s(per * TILLS) / elapsed:.0%} of ideal",
    )
    line(
        "slowest / fastest till",
        f"{max(float(r[1]) for r in results):.1f} s / {min(float(r[1]) for r in results):.1f} s",
    )
    line("429 answers seen (all tills)", str(limited))


def run() -> None:
    header(
        f"Offline store-and-forward (simulator in live mode: {LIVE_RATE:.0f} req/s, "
        f"{ENDPOINT_RATE:.0f}/s per endpoint)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        _one_till(Path(tmp))
        _many_tills(Path(tmp))


if __name__ == "__main__":
    _child(sys.argv[1:])
