"""Card payments online (reader, keyed): the one path from the tender to Stripe and back into the store.

- `start` commits, in ONE transaction, the order being paid (when a sale is given: it is saved before
  any money can move, so a crash can always be finished on it), the payment row (PENDING) and the
  adapter's first persisted Stripe request. Nothing touches the network before that commit.
- `run` commits SENDING, lets the adapter drive Stripe (it returns a result and writes nothing but
  its request records), and records the outcome: the payment's final state, for an approval its
  tender on the order, and how its last requests were answered, in ONE transaction (the payments
  repository's follower is the order book). Only then does it return, so whatever the screen says
  comes from a committed result.
- `pay` (start + run, as the card dialog runs them) writes the row already SENDING in the start's
  transaction: SENDING is still durable before the first byte leaves, without a commit of its own.
  A payment then costs three commits: start, the first answer with the next request's record, the
  outcome.
- An order with a payment still PENDING/SENDING/UNKNOWN cannot start another card payment: that one
  must be settled first (`resolve`), so a "retry" can never charge twice.
- `reconcile_unknown` runs at start-up (on a worker): every payment left behind is settled against
  Stripe — by its PaymentIntent, a metadata search, or a replay of the SAME key — and recorded, which
  also finishes its order ("payment approved, order open" cannot outlive a restart).

Everything here blocks on the database and the network: call it from a worker thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol, runtime_checkable

from dripos_terminal.clock import Clock
from dripos_terminal.domain.card import KeyedCard
from dripos_terminal.domain.payment import PaymentKind, PaymentStatus
from dripos_terminal.domain.staff import StaffMember
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.ids import new_id
from dripos_terminal.payments.offline_store import new_payment
from dripos_terminal.payments.ports import (
    NullPrompt,
    PaymentRequest,
    PaymentResult,
    Prompt,
    ReaderAdapter,
    ResultStatus,
)
from dripos_terminal.services.order_book import SYSTEM_ACTOR, OrderBook, PreparedOrder
from dripos_terminal.services.sales import SaleSession
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.database import Connection
from dripos_terminal.store.orders_repo import OrderRecord
from dripos_terminal.store.outbox import AUDIT_STORED
from dripos_terminal.store.payment_records import NewRequest, PaymentRecord, StoredRequest
from dripos_terminal.store.payments import PaymentStore

log = logging.getLogger("dripos_terminal.payments")

CARD_KINDS = (PaymentKind.CARD_PRESENT, PaymentKind.MANUAL_CARD)  # sent to Stripe as they are taken
KEYED_KINDS = (PaymentKind.MANUAL_CARD, PaymentKind.OFFLINE_CARD)
AUDIT_KEYED = "card.keyed_entry"
AUDIT_RECONCILED = "payment.reconciled"


class CardAdapter(ReaderAdapter, Protocol):
    def initial_requests(self, request: PaymentRequest) -> Sequence[NewRequest]: ...


@runtime_checkable
class StoringAdapter(CardAdapter, Protocol):
    """An adapter whose payments are stored, not sent (`commits_first` is False): the offline store."""

    def check_in(self, conn: Connection, request: PaymentRequest) -> str | None: ...


class CheckoutError(RuntimeError):
    """A request the checkout refuses (message is safe to show)."""


@dataclass(frozen=True)
class Recorded:
    """A payment's committed result and its order as that commit left it (None: not touched, or
    not known here)."""

    result: PaymentResult
    order: OrderRecord | None = None


_RESULT_OF = {
    PaymentStatus.SUCCEEDED: ResultStatus.APPROVED,
    PaymentStatus.DECLINED: ResultStatus.DECLINED,
    PaymentStatus.CANCELED: ResultStatus.CANCELED,
}


def result_from_record(rec: PaymentRecord) -> PaymentResult:
    return PaymentResult(
        status=_RESULT_OF.get(rec.status, ResultStatus.UNKNOWN),
        payment_id=rec.id,
        amount_minor=rec.amount_minor,
        tip_minor=rec.tip_minor,
        payment_intent_id=rec.payment_intent_id,
        brand=rec.brand,
        last4=rec.last4,
        message=rec.outcome_message,
    )


class CardCheckout:
    def __init__(
        self,
        payments: PaymentStore,
        adapters: Mapping[PaymentKind, CardAdapter],
        clock: Clock,
        *,
        orders: OrderBook | None = None,
        audit: AuditLog | None = None,
    ) -> None:
        self._payments = payments
        self._adapters = dict(adapters)
        self._clock = clock
        self._orders = orders
        self._audit = audit
        # Payments started in this process and not yet recorded: never reconciled behind their back,
        # and the only ones a `cancel` may reach; with what their recording still needs.
        self._lock = threading.Lock()
        self._in_flight: dict[str, PaymentKind] = {}
        self._starts: dict[str, tuple[list[NewRequest], SaleSession | None]] = {}
        self._sending: set[str] = set()  # started already SENDING (`send_now`)

    # -- paying -------------------------------------------------------------------------------------

    def start(
        self,
        order_id: str,
        amount_minor: int,
        currency: str,
        *,
        tip_minor: int = 0,
        kind: PaymentKind = PaymentKind.CARD_PRESENT,
        keyed_card: KeyedCard | None = None,
        sale: SaleSession | None = None,
        override_by: StaffMember | None = None,
        actor_id: str | None = None,
        send_now: bool = False,
    ) -> PaymentRequest:
        """A new card payment. For an adapter that talks to Stripe, the order (with `sale`), the
        PENDING payment row and its first requests are committed now, in one transaction (no network);
        a stored (offline) payment is written whole when its result is recorded. `send_now`: `run`
        follows at once, so the row is committed SENDING right away."""
        adapter = self._adapter(kind)
        if amount_minor <= 0 or tip_minor < 0:
            raise CheckoutError("Amount must be positive")
        if kind in KEYED_KINDS and keyed_card is None:
            raise CheckoutError("Keyed entry needs the card details")
        if sale is not None and sale.order.order_id != order_id:
            raise CheckoutError(QT_TRANSLATE_NOOP("CardPayment", "That sale is for another order"))
        request = PaymentRequest(
            payment_id=new_id("off" if kind is PaymentKind.OFFLINE_CARD else "pay"),
            order_id=order_id,
            amount_minor=amount_minor,
            currency=currency,
            tip_minor=tip_minor,
            kind=kind,
            keyed_card=keyed_card,
            actor_id=actor_id or getattr(getattr(sale, "actor", None), "staff_id", None),
            override_by=override_by,
        )
        initial = list(adapter.initial_requests(request))
        request = replace(request, keys={r.purpose: r.idempotency_key for r in initial})
        if adapter.commits_first:
            request = self._commit_start(request, initial, sale, sending=send_now)
        with self._lock:
            self._in_flight[request.payment_id] = kind
            self._starts[request.payment_id] = (initial, sale)
            if send_now and adapter.commits_first:
                self._sending.add(request.payment_id)
        return request

    def _commit_start(
        self,
        request: PaymentRequest,
        initial: Sequence[NewRequest],
        sale: SaleSession | None,
        *,
        sending: bool,
    ) -> PaymentRequest:
        card, actor = request.keyed_card, request.actor_id
        payment = new_payment(request)
        # An unsaved sale's document is made before the transaction (`OrderBook.prepare`).
        new_order = (
            self._orders.prepare(sale.order)
            if sale is not None and self._orders is not None and sale.record is None
            else None
        )

        def tx(conn: Connection) -> tuple[OrderRecord | None, list[StoredRequest]]:
            if self._payments.open_for_order_in(conn, request.order_id, CARD_KINDS):
                raise CheckoutError(
                    QT_TRANSLATE_NOOP(
                        "CardPayment",
                        "A card payment for this order is still being checked — wait for it to finish",
                    )
                )
            saved = self._save_order(conn, sale, request, new_order)
            records = self._payments.insert_in(conn, payment, initial, sending=sending)
            if request.kind is PaymentKind.MANUAL_CARD and self._audit is not None:
                details = {"last4": card.last4 if card else None}
                self._audit.record_in(conn, actor, AUDIT_KEYED, request.payment_id, details)
            return saved, records

        saved, records = self._payments.db.transaction(tx).result()
        if sale is not None and saved is not None:
            sale.adopt(saved, sale.order if new_order is not None else None)
        return replace(request, records={r.purpose: r for r in records})

    def _save_order(
        self, conn: Connection, sale: SaleSession | None, request: PaymentRequest, new: PreparedOrder | None
    ) -> OrderRecord | None:
        if sale is None or self._orders is None:
            return None
        payload = {"payment_id": request.payment_id, "kind": request.kind.value}
        actor, event = sale.actor.staff_id, "card_payment_started"
        if new is not None:
            return self._orders.create_in(conn, new, actor_id=actor, event=event, payload=payload)
        return self._orders.save_in(
            conn, sale.order, actor_id=actor, event=event, payload=payload, base_version=sale.version
        )

    def run(self, request: PaymentRequest, prompt: Prompt) -> PaymentResult:
        """Drive the adapter to a result and record it. Blocks until the outcome is committed (a
        commit that fails raises: nothing may say the payment went through)."""
        return self.run_recorded(request, prompt).result

    def run_recorded(self, request: PaymentRequest, prompt: Prompt) -> Recorded:
        """`run`, also handing back the order as the outcome's transaction left it (an approval's
        tender on it), so nobody reads it back."""
        adapter = self._adapter(request.kind)
        try:
            if not adapter.commits_first:
                return Recorded(self._store(request, adapter, prompt))
            with self._lock:
                sending = request.payment_id in self._sending
            if not sending:
                self._payments.transition(request.payment_id, PaymentStatus.SENDING)
            try:
                result = adapter.pay(request, prompt)
            except Exception:
                log.exception("card payment %s crashed; it will be reconciled", request.payment_id)
                if request.keyed_card is not None:
                    request.keyed_card.drop()
                return Recorded(self._record_crash(request))
            return Recorded(result, self._record(result, request.actor_id, sent=True))
        finally:
            with self._lock:
                self._in_flight.pop(request.payment_id, None)
                self._starts.pop(request.payment_id, None)
                self._sending.discard(request.payment_id)

    def _store(self, request: PaymentRequest, adapter: CardAdapter, prompt: Prompt) -> PaymentResult:
        """A stored (offline) payment: its row with the card, its forward requests, an audit entry and
        its tender on the order, in ONE transaction that re-checks the offline setting and caps.
        Raises (nothing stored) when they refuse it. The card leaves memory whatever happens."""
        card = request.keyed_card
        try:
            if not isinstance(adapter, StoringAdapter) or card is None:
                raise CheckoutError(QT_TRANSLATE_NOOP("CardPayment", "Nothing can store this payment"))
            result = adapter.pay(request, prompt)
            with self._lock:
                initial, sale = self._starts[request.payment_id]
            payment = new_payment(request)
            details = {
                "order_id": request.order_id,
                "charge_minor": request.charge_minor,
                "currency": request.currency,
                "card": f"{payment.brand} ****{payment.last4}",
            }
            actor = request.actor_id or (sale.actor.staff_id if sale else None)

            def tx(conn: Connection) -> tuple[str | None, OrderRecord | None]:
                overridden = adapter.check_in(conn, request)
                self._payments.insert_in(
                    conn, payment, initial, pan=card.number, postal_code=card.postal_code
                )
                if self._audit is not None:
                    self._audit.record_in(conn, actor, AUDIT_STORED, request.payment_id, details)
                saved = None
                if sale is not None and self._orders is not None:
                    stored = self._payments.get_in(conn, request.payment_id)
                    saved = self._orders.add_stored_tender_in(
                        conn, sale.order, stored, actor_id=actor or SYSTEM_ACTOR, base_version=sale.version
                    )
                return overridden, saved

            overridden, saved = self._payments.db.transaction(tx).result()
        finally:
            if card is not None:
                card.drop()
        if sale is not None and saved is not None:
            sale.adopt(saved)
        log.info("offline payment %s stored (%s ****%s)", request.payment_id, result.brand, result.last4)
        return replace(result, overridden_by=overridden)

    def pay(
        self,
        order_id: str,
        amount_minor: int,
        currency: str,
        prompt: Prompt,
        *,
        tip_minor: int = 0,
        kind: PaymentKind = PaymentKind.CARD_PRESENT,
        keyed_card: KeyedCard | None = None,
        sale: SaleSession | None = None,
        override_by: StaffMember | None = None,
        actor_id: str | None = None,
    ) -> PaymentResult:
        """`start` (the row committed SENDING) + `run`."""
        request = self.start(
            order_id,
            amount_minor,
            currency,
            tip_minor=tip_minor,
            kind=kind,
            keyed_card=keyed_card,
            sale=sale,
            override_by=override_by,
            actor_id=actor_id,
            send_now=True,
        )
        return self.run(request, prompt)

    def cancel(self, kind: PaymentKind = PaymentKind.CARD_PRESENT) -> None:
        """Ask the running payment to stop (thread-safe, returns at once). The PaymentIntent decides.

        Does nothing when no payment of that kind was started and is still running.
        """
        with self._lock:
            running = kind in self._in_flight.values()
        if running:
            self._adapter(kind).cancel()

    def payment(self, payment_id: str) -> PaymentRecord:
        return self._payments.get(payment_id)

    def order_record(self, order_id: str) -> OrderRecord | None:
        """The order as committed (after a recorded outcome, with its tender)."""
        orders = self._orders
        if orders is None:
            return None
        return self._payments.db.call(lambda conn: orders.record_in(conn, order_id))

    def _adapter(self, kind: PaymentKind) -> CardAdapter:
        try:
            return self._adapters[kind]
        except KeyError:
            raise CheckoutError(f"No adapter for {kind.value} payments") from None

    def _record(
        self, result: PaymentResult, actor_id: str | None, *, sent: bool = False
    ) -> OrderRecord | None:
        """The outcome, for an approval its tender on the order, and the answers the adapter kept
        back (`result.answers`), in ONE transaction; returns the order as it left it. `sent`: the row
        is known to be SENDING (the run that just sent it), so it is not read first."""
        target = result.record_status
        fields: dict[str, Any] = {
            "payment_intent_id": result.payment_intent_id,
            "brand": result.brand,
            "last4": result.last4,
            "tip_minor": result.tip_minor if result.paid else None,
        }
        code = result.decline_code or (result.failure.value if result.failure else result.status.value)
        message = result.decline_text or result.message

        def tx(conn: Connection) -> OrderRecord | None:
            if not sent and target is not PaymentStatus.CANCELED:
                current = self._payments.get_in(conn, result.payment_id).status
                if current is PaymentStatus.PENDING:
                    self._payments.transition_in(conn, result.payment_id, PaymentStatus.SENDING)
            self._payments.record_answers_in(conn, result.answers)
            return self._payments.settle_in(
                conn,
                result.payment_id,
                target,
                actor_id=actor_id,
                outcome_code=code,
                outcome_message=message,
                **fields,
            ).order

        order = self._payments.db.transaction(tx).result()
        log.info("card payment %s: %s", result.payment_id, result.status.value)
        return order

    def _record_crash(self, request: PaymentRequest) -> PaymentResult:
        current = self._payments.get(request.payment_id).status
        target = PaymentStatus.CANCELED if current is PaymentStatus.PENDING else PaymentStatus.UNKNOWN
        if not current.is_final and current is not target:
            self._payments.transition(request.payment_id, target, outcome_code="crashed")
        status = ResultStatus.CANCELED if target is PaymentStatus.CANCELED else ResultStatus.UNKNOWN
        return PaymentResult(
            status,
            request.payment_id,
            request.amount_minor,
            request.tip_minor,
            message=QT_TRANSLATE_NOOP("CardPayment", "Payment interrupted"),
        )

    # -- start-up reconciliation -------------------------------------------------------------------

    def reconcile_unknown(self, prompt: Prompt | None = None) -> list[PaymentResult]:
        """Settle every card payment left PENDING/SENDING/UNKNOWN. Call at start-up, before selling."""
        with self._lock:
            busy = set(self._in_flight)
        results = []
        for rec in self._payments.unresolved(CARD_KINDS):
            if rec.id not in busy:
                results.append(self._reconcile_one(rec, prompt or NullPrompt()))
        return results

    def resolve(self, payment_id: str, prompt: Prompt | None = None) -> PaymentResult:
        """Settle one UNKNOWN payment now (the "Check again" button). Final payments are returned as is."""
        rec = self._payments.get(payment_id)
        with self._lock:
            if payment_id in self._in_flight:
                raise CheckoutError(QT_TRANSLATE_NOOP("CardPayment", "That payment is still running"))
        if rec.status.is_final:
            return result_from_record(rec)
        return self._reconcile_one(rec, prompt or NullPrompt())

    def _reconcile_one(self, rec: PaymentRecord, prompt: Prompt) -> PaymentResult:
        if rec.status is PaymentStatus.PENDING:
            # Committed but never sent (SENDING is committed before any call): nothing to ask Stripe.
            self._payments.transition(rec.id, PaymentStatus.CANCELED, outcome_code="never_sent")
            return PaymentResult(ResultStatus.CANCELED, rec.id, rec.amount_minor, rec.tip_minor)
        if rec.status is PaymentStatus.SENDING:
            self._payments.transition(rec.id, PaymentStatus.UNKNOWN, outcome_code="interrupted")
        rec = self._payments.transition(rec.id, PaymentStatus.SENDING)
        try:
            result = self._adapter(rec.kind).resolve(rec, self._payments.requests_for(rec.id), prompt)
        except Exception:
            log.exception("reconciling payment %s failed; it stays unknown", rec.id)
            result = PaymentResult(ResultStatus.UNKNOWN, rec.id, rec.amount_minor, rec.tip_minor)
        self._record(result, None)
        self._record_audit(AUDIT_RECONCILED, rec.id, {"status": result.status.value})
        return result

    def _record_audit(self, action: str, subject: str, details: Mapping[str, object]) -> None:
        if self._audit is None:
            return
        try:
            self._audit.record(None, action, subject, details).result()
        except Exception:
            log.exception("audit entry %s for %s could not be written", action, subject)
