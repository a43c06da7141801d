"""The offline forwarder: sends stored offline payments to Stripe in the background, oldest first.

- Plain Python threads (`concurrency` workers); `start()` / `stop()`; `stop` is prompt and clean:
  every state change is a committed transaction (`sending` before each call), and a worker stopping
  between the PaymentMethod and the PaymentIntent leaves the row UNKNOWN, due now (same keys).
- At start-up (`recover`) every `sending` row becomes `unknown` and is reconciled (replay < 23 h, else
  search by metadata) BEFORE any pending row is sent.
- Rate-limit friendly (DESIGN rule 6): a random start-up delay (many tills coming back after one
  outage must not stampede), and one `RatePacer` shared by the workers: a token bucket per endpoint
  starting at `PacerSettings.initial_rate` (Stripe's 25 req/s per endpoint), AIMD-adapted (a 429 cuts
  that endpoint's rate, successes raise it again). The rate-limited request itself is re-sent with the
  same key after exponential backoff with jitter; `Stripe-Should-Retry: false` (carried on the
  gateway's error) parks the row for a manager instead. `SharedBackoff` only counts 429s now (it used
  to pause every worker).
- Progress callbacks (`ForwardProgress`) for the manager screen; they run on worker threads.
- After a batch with final outcomes, `PRAGMA wal_checkpoint(TRUNCATE)`.

Manager actions (`list_needs_attention`, `retry_with_new_key`, `requeue`, `collect_another_way`,
`acknowledge`) are audited. A parked row still holds the stored card number, so it is escalated once
it passes the forwarding deadline (audited and logged once, flagged on the manager's list), and the
number is destroyed as soon as a decision makes the row final.
"""

from __future__ import annotations

import logging
import random
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from dripos_terminal.clock import Clock
from dripos_terminal.domain.payment import IllegalTransitionError, PaymentKind, PaymentStatus
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.payments.charge_check import ChargeCheck, ChargeCheckService, Verdict
from dripos_terminal.payments.offline_capture import forward_requests
from dripos_terminal.payments.offline_reconcile import (
    ForwardJob,
    JobSettings,
    RowOutcome,
    RowResult,
)
from dripos_terminal.payments.rate_pacer import PacerSettings, RatePacer, Slot
from dripos_terminal.payments.stripe_gateway import GatewayError, RetryPolicy, StripeGateway
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.outbox import (
    AUDIT_ACK,
    AUDIT_CHECKED,
    AUDIT_NEW_KEY,
    AUDIT_NOT_CHARGED,
    AUDIT_PARKED_OVERDUE,
    AUDIT_REQUEUE,
    NOT_CHARGED_CODE,
    PI_PURPOSE,
    Outbox,
    OutboxItem,
)
from dripos_terminal.store.payment_records import NewPayment
from dripos_terminal.store.payments import AuditNote, PaymentStore

log = logging.getLogger("dripos_terminal.payments")


def forwarding_gateway(
    api_key: str, api_base: str, store: PaymentStore, clock: Clock, *, timeout_s: float = 15.0
) -> StripeGateway:
    """A `StripeGateway` for forwarding: one try per call (the forwarder owns retries and backoff)."""
    return StripeGateway.connect(
        api_key, api_base, store, clock, timeout_s=timeout_s, retry=RetryPolicy(attempts=1)
    )


# -- shared backoff ----------------------------------------------------------------------------------


class SharedBackoff:
    """429 bookkeeping shared by the workers (and any forwarders) using it.

    It used to pause every worker after a 429, which left the account idle for most of the pause.
    Pacing is now `RatePacer`'s job (per endpoint, AIMD) and the re-sent request backs off by itself;
    this keeps `rate_limited` (every 429 seen) and the streak of 429s not yet offset by successes.
    """

    def __init__(
        self, clock: Clock, rng: random.Random, *, base_s: float = 0.25, cap_s: float = 30.0
    ) -> None:
        self._clock = clock
        self._rng = rng
        self._base = base_s
        self._cap = cap_s
        self._lock = threading.Lock()
        self._streak = 0
        self.rate_limited = 0

    def on_rate_limited(self) -> float:
        """Count one 429; returns the jittered exponential delay the current streak suggests."""
        with self._lock:
            self.rate_limited += 1
            self._streak = min(self._streak + 1, 16)
            ceiling = min(self._cap, self._base * 2 ** (self._streak - 1))
            return float(ceiling * self._rng.uniform(0.5, 1.0))

    def on_success(self) -> None:
        with self._lock:
            self._streak = max(0, self._streak - 1)


class _CountingPacer(RatePacer):
    """The forwarder's pacer, also counting every 429 in its `SharedBackoff`."""

    def __init__(
        self, clock: Clock, rng: random.Random, settings: PacerSettings, backoff: SharedBackoff
    ) -> None:
        super().__init__(clock, rng, settings)
        self._backoff = backoff

    def on_rate_limited(self, slot: Slot) -> bool:
        self._backoff.on_rate_limited()
        return super().on_rate_limited(slot)

    def on_success(self, slot: Slot) -> None:
        self._backoff.on_success()
        super().on_success(slot)


# -- progress ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ForwardProgress:
    done: int
    total: int
    result: RowResult


@dataclass
class ForwardReport:
    results: list[RowResult] = field(default_factory=list)

    def count(self, outcome: RowOutcome) -> int:
        return sum(1 for r in self.results if r.outcome is outcome)

    @property
    def succeeded(self) -> int:
        return self.count(RowOutcome.SUCCEEDED)

    @property
    def declined(self) -> int:
        return self.count(RowOutcome.DECLINED)


@dataclass(frozen=True)
class AttentionItem:
    item: OutboxItem
    reason: str  # what the manager reads: decline reason or why it is parked
    overdue: bool = False  # parked past the forwarding deadline, card number still stored: decide now


ProgressFn = Callable[[ForwardProgress], None]


@dataclass
class ForwarderSettings:
    concurrency: int = 4
    startup_jitter_s: float = 10.0
    idle_poll_s: float = 5.0
    job: JobSettings = field(default_factory=JobSettings)
    pacing: PacerSettings = field(default_factory=PacerSettings)
    deadline: timedelta = timedelta(hours=24)  # a stored payment's forwarding deadline (offline policy)


class Forwarder:
    def __init__(
        self,
        payments: PaymentStore,
        gateway: StripeGateway,
        clock: Clock,
        *,
        audit: AuditLog,
        settings: ForwarderSettings | None = None,
        rng: random.Random | None = None,
        sleep: Callable[[float], None] | None = None,
        is_online: Callable[[], bool] = lambda: True,
        backoff: SharedBackoff | None = None,
        till_id: str = "till-1",
    ) -> None:
        self._payments = payments
        self._outbox = Outbox(payments)
        self._audit = audit
        self._gw = gateway
        self._clock = clock
        self.settings = settings or ForwarderSettings()
        self._rng = rng or random.Random()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._sleep = sleep or self._stop.wait
        self._is_online = is_online
        self.backoff = backoff or SharedBackoff(clock, self._rng)
        self.pacer: RatePacer = _CountingPacer(clock, self._rng, self.settings.pacing, self.backoff)
        self._till_id = till_id
        self._checks = ChargeCheckService(gateway, clock)
        self._listeners: list[ProgressFn] = []
        self._lock = threading.Lock()
        self._pass = threading.Lock()  # one forwarding pass at a time
        self._thread: threading.Thread | None = None
        self.job = ForwardJob(
            payments,
            gateway,
            clock,
            rng=self._rng,
            settings=self.settings.job,
            pacer=self.pacer,
            sleep=self._sleep,
        )

    def add_progress_listener(self, fn: ProgressFn) -> None:
        self._listeners.append(fn)

    # -- background -----------------------------------------------------------------------------------

    def start(self) -> None:
        """Recover, wait a random start-up delay, then forward whenever `is_online()`."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._main, name="dripos-offline-forwarder", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                log.warning("offline forwarder did not stop within %.0f s", timeout or 0)
                return
        self._stop.clear()  # synchronous passes (manager "forward now") work again

    def wake(self) -> None:
        """Something changed (came online, new payment stored): look at the queue now."""
        self._wake.set()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _main(self) -> None:
        try:
            self.recover()
            jitter = self._rng.uniform(0.0, self.settings.startup_jitter_s)
            self._sleep(jitter)
            while not self._stop.is_set():
                if self._is_online():
                    self.forward_all(wait_for_retries=False)
                self.escalate_overdue()
                self._wake.clear()
                nxt = self._outbox.next_wakeup()
                wait = self.settings.idle_poll_s
                if nxt is not None:
                    wait = max(0.05, min(wait, (nxt - self._clock.now()).total_seconds()))
                self._wake.wait(wait)
        except Exception:
            log.exception("offline forwarder stopped on an error; stored payments are safe")

    # -- passes ---------------------------------------------------------------------------------------

    def recover(self) -> ForwardReport:
        """Start-up: SENDING → UNKNOWN, then reconcile those rows before anything else is sent."""
        with self._pass:
            ids = self._payments.sending_to_unknown([PaymentKind.OFFLINE_CARD])
            if ids:
                log.warning("reconciling %d offline payments interrupted mid-send", len(ids))
            items = [self._outbox.get(pid) for pid in ids]
            return self._run_items(deque(items), len(items), refill=False)

    def forward_all(
        self,
        *,
        wait_for_retries: bool = True,
        cancel: Callable[[], bool] | None = None,
        on_progress: ProgressFn | None = None,
    ) -> ForwardReport:
        """Forward every due row; with `wait_for_retries`, also wait out backoffs until none is left
        except parked ones. Blocking; returns early when stopped. `cancel` (a manager's "Cancel")
        stops taking new rows — rows already being sent finish, so none is left half-sent — and
        `on_progress` hears this pass only. Passes never overlap (the background thread's and a
        manager's "Forward now" take turns)."""
        cancelled = cancel or (lambda: False)
        report = ForwardReport()
        with self._pass:
            while not self._stop.is_set() and not cancelled():
                total = len(self._outbox.due(self._clock.now(), limit=1_000_000))
                if total:
                    report.results += self._run_items(
                        deque(), total, refill=True, cancel=cancelled, on_progress=on_progress
                    ).results
                if report.results and any(r.outcome.final for r in report.results):
                    self._payments.checkpoint()
                nxt = self._outbox.next_wakeup()
                if not wait_for_retries or nxt is None:
                    break
                self._sleep(max(0.0, (nxt - self._clock.now()).total_seconds()))
        return report

    def _run_items(
        self,
        queue: deque[OutboxItem],
        total: int,
        *,
        refill: bool,
        cancel: Callable[[], bool] = lambda: False,
        on_progress: ProgressFn | None = None,
    ) -> ForwardReport:
        report = ForwardReport()
        inflight: set[str] = set()
        seen: set[str] = set()  # each row at most once per run: a row that keeps failing cannot spin
        done = [0]

        def claim() -> OutboxItem | None:
            with self._lock:
                if self._stop.is_set() or cancel():
                    return None
                if not queue and refill:
                    fresh = self._outbox.due(self._clock.now(), frozenset(inflight | seen), limit=64)
                    queue.extend(fresh)
                if not queue:
                    return None
                item = queue.popleft()
                inflight.add(item.id)
                seen.add(item.id)
                return item

        def worker() -> None:
            while (item := claim()) is not None:
                result = self.forward_one(item)
                with self._lock:
                    inflight.discard(item.id)
                    report.results.append(result)
                    done[0] += 1 if result.outcome is not RowOutcome.RETRY_LATER else 0
                    progress = ForwardProgress(done[0], max(total, done[0]), result)
                self._emit(progress, on_progress)

        n = max(1, min(self.settings.concurrency, max(total, 1)))
        threads = [threading.Thread(target=worker, name=f"dripos-forward-{i}", daemon=True) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return report

    def forward_one(self, item: OutboxItem) -> RowResult:
        """Forward one row picked from the queue; never raises (the row keeps its committed state)."""
        try:
            result = self.job.run(item, stop=self._stop.is_set)
        except IllegalTransitionError:
            # Settled elsewhere between picking and sending (a manager voided it): nothing was sent.
            log.info("offline payment %s changed before it was sent; skipped", item.id)
            return RowResult(
                item.id, item.order_id, RowOutcome.RETRY_LATER, "state_changed", "Changed before it was sent."
            )
        except GatewayError as exc:  # a read outside the job's own handling
            log.warning("forwarding %s: %s", item.id, exc)
            return RowResult(item.id, item.order_id, RowOutcome.RETRY_LATER, exc.code, str(exc))
        except Exception as exc:  # store trouble: the row keeps its committed state; next pass retries
            log.exception("forwarding %s failed", item.id)
            return RowResult(item.id, item.order_id, RowOutcome.RETRY_LATER, None, type(exc).__name__)
        return result

    def _emit(self, progress: ForwardProgress, also: ProgressFn | None = None) -> None:
        for fn in [*self._listeners, *([also] if also is not None else [])]:
            try:
                fn(progress)
            except Exception:
                log.exception("progress listener failed")

    # -- manager actions ------------------------------------------------------------------------------

    def list_needs_attention(self) -> list[AttentionItem]:
        """Declines not yet acknowledged, and rows parked for a decision (overdue ones flagged);
        oldest first."""
        acked = self._audit.subjects(AUDIT_ACK)
        out: list[AttentionItem] = []
        for item in self._outbox.items([PaymentStatus.DECLINED, PaymentStatus.PARKED]):
            why = item.outcome_message or item.outcome_code
            if item.status is PaymentStatus.DECLINED and item.id not in acked:
                out.append(
                    AttentionItem(
                        item,
                        QT_TRANSLATE_NOOP("Forwarder", "Declined after forwarding: {reason}").format(
                            reason=why
                        ),
                    )
                )
            elif item.parked and self._overdue(item):
                text = QT_TRANSLATE_NOOP(
                    "Forwarder",
                    "Past its 24-hour deadline and the card number is still stored — decide now: {reason}",
                ).format(reason=why)
                out.append(AttentionItem(item, text, overdue=True))
            elif item.parked:
                out.append(
                    AttentionItem(
                        item, QT_TRANSLATE_NOOP("Forwarder", "Needs a decision: {reason}").format(reason=why)
                    )
                )
        return out

    def _overdue(self, item: OutboxItem) -> bool:
        return self._clock.now() - item.stored_at >= self.settings.deadline

    def escalate_overdue(self) -> list[str]:
        """Parked rows past the deadline keep a stored card number until a manager decides: audit and
        log each once (the manager's list flags them on every read). Returns the ids escalated now."""
        done = self._audit.subjects(AUDIT_PARKED_OVERDUE)
        fresh = [
            item
            for item in self._outbox.items([PaymentStatus.PARKED])
            if item.id not in done and self._overdue(item)
        ]
        for item in fresh:
            hours = (self._clock.now() - item.stored_at).total_seconds() / 3600
            details = {"order_id": item.order_id, "hours_stored": round(hours, 1), "has_card": item.has_card}
            self._audit.record(None, AUDIT_PARKED_OVERDUE, item.id, details).result()
            log.warning(
                "offline payment %s is past its deadline and still waits for a manager's decision", item.id
            )
        return [item.id for item in fresh]

    def acknowledge(self, payment_id: str, actor_id: str) -> None:
        self._audit.record(actor_id, AUDIT_ACK, payment_id).result()

    def requeue(self, payment_id: str, actor_id: str) -> None:
        """Retry a parked row with its SAME keys (e.g. after Stripe-Should-Retry: false), with a fresh
        budget of attempts."""
        self._payments.requeue(payment_id, audit=AuditNote(actor_id, AUDIT_REQUEUE, {"new_requests": []}))
        self.wake()

    def retry_with_new_key(self, payment_id: str, actor_id: str) -> ChargeCheck:
        """Manager decision for a parked row: a new key only once Stripe has shown that no earlier key
        charged (`ChargeCheck`). Charged → recorded as approved, nothing sent. Not charged → new keys,
        requeued with a fresh budget. Not known yet → left parked, nothing sent. Returns what was
        checked (the screen shows it); audited either way."""
        item = self._outbox.get(payment_id)
        if not item.parked:
            raise ValueError("only a payment waiting for a decision can be retried with a new key")
        check = self._checks.prove(payment_id, self.job.keys_to_check(item))
        details = {"verdict": check.verdict.value, "checks": list(check.checks)}
        self._audit.record(actor_id, AUDIT_CHECKED, payment_id, details).result()
        if check.verdict is Verdict.CHARGED and check.intent is not None:
            self.job.settle_charged(self._outbox.get(payment_id), check.intent)
        elif check.verdict is Verdict.NOT_CHARGED:
            key, _ = self._outbox.request_key(payment_id, PI_PURPOSE)
            payment = NewPayment(
                item.id,
                item.order_id,
                PaymentKind.OFFLINE_CARD,
                item.amount_minor,
                item.tip_minor,
                item.currency,
            )
            fresh = forward_requests(payment, till_id=self._till_id, stored_at=item.stored_at)
            log.warning("manager %s retries %s with new keys (old key %s…)", actor_id, payment_id, key[:16])
            note = AuditNote(actor_id, AUDIT_NEW_KEY, {"new_requests": [r.purpose for r in fresh]})
            self._payments.requeue(payment_id, new_requests=fresh, audit=note)
            self.wake()
        return check

    def collect_another_way(self, payment_id: str, actor_id: str) -> ChargeCheck:
        """Manager decision for a parked row: do not charge this card; the order owes its amount and is
        collected another way (another card, cash, or written off, on the order). Allowed only once
        Stripe has shown nothing was charged: then the row is final (its stored card number destroyed
        in the same transaction) and the order shows the balance due. Charged → recorded as approved
        instead. Not known yet → nothing changes. Returns what was checked; audited either way."""
        item = self._outbox.get(payment_id)
        if not item.parked:
            raise ValueError("only a payment waiting for a decision can be collected another way")
        check = self._checks.prove(payment_id, self.job.keys_to_check(item))
        details = {"verdict": check.verdict.value, "checks": list(check.checks)}
        self._audit.record(actor_id, AUDIT_CHECKED, payment_id, details).result()
        if check.verdict is Verdict.CHARGED and check.intent is not None:
            self.job.settle_charged(self._outbox.get(payment_id), check.intent)
        elif check.verdict is Verdict.NOT_CHARGED:
            self._payments.transition(
                payment_id,
                PaymentStatus.DECLINED,
                actor_id=actor_id,
                outcome_code=NOT_CHARGED_CODE,
                outcome_message="Not charged: a manager chose to collect this payment another way",
                audit=AuditNote(actor_id, AUDIT_NOT_CHARGED, {"order_id": item.order_id}),
            )
            self._payments.checkpoint()  # the destroyed card number must not linger in the WAL
        return check


__all__ = [
    "AttentionItem",
    "ForwardProgress",
    "ForwardReport",
    "Forwarder",
    "ForwarderSettings",
    "PacerSettings",
    "RatePacer",
    "SharedBackoff",
    "forwarding_gateway",
]
