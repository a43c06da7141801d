"""The offline batch without Qt: every stored payment since the last closed batch, forwarding it with
progress (cancellable), a manager's decision on each decline or payment that needs attention, and
closing the batch (money rule 5). The batch screen and `dripos-terminal batch …` drive this object.

- `view()` lists the batch: masked card, amount and tip, order number, who took it and when, its state
  and the 24 h countdown, the outcome and any decision, with totals by state.
- `forward(cancel, on_progress)` runs one forwarding pass now (the background forwarder's passes take
  turns with it); cancelling stops taking new payments, never half-sends one.
- `resolve(...)`: a declined payment is settled by contacting the customer (the balance stays due),
  recording the cash collected, or writing it off; a parked one is sent again with the same keys, or
  with new keys once Stripe shows the old ones charged nothing. Each decision is audited.
- `close(...)`: refused while anything is pending, sending, unknown or parked, while a decline has no
  decision, or if the totals do not add up from the outcomes; otherwise numbered and kept as it is.

Blocking (database, network): call from a worker or a command line.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from dripos_terminal.clock import Clock
from dripos_terminal.domain.offline_batch import (
    BatchLine,
    BatchNotClosable,
    BatchTotals,
    Outcome,
    check_closable,
)
from dripos_terminal.domain.order import order_number_text
from dripos_terminal.domain.order_state import OrderState
from dripos_terminal.domain.payment import UNRESOLVED_STATES, PaymentStatus
from dripos_terminal.domain.staff import Permission
from dripos_terminal.domain.tender import CardInfo, TenderError
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.payments.charge_check import ChargeCheck
from dripos_terminal.payments.forwarder import Forwarder, ForwardReport, ProgressFn
from dripos_terminal.services.sales import SaleError, SalesService
from dripos_terminal.services.staff import Authorization
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.batches_repo import (
    AUDIT_DECLINE_RESOLVED as AUDIT_RESOLVED,
)
from dripos_terminal.store.batches_repo import BatchesRepo, BatchItem, ClosedBatch, CloseRequest
from dripos_terminal.store.database import Connection
from dripos_terminal.store.migrations import iso_utc
from dripos_terminal.store.outbox import AUDIT_ACK
from dripos_terminal.store.payment_records import PaymentRecord

AUDIT_ATTENTION = "offline.attention_resolved"


class Resolution(enum.Enum):
    CONTACT_CUSTOMER = "contact_customer"  # declined: the balance stays due; someone calls the customer
    CASH_COLLECTED = "cash_collected"  # declined: the customer paid the balance in cash
    WRITE_OFF = "write_off"  # declined: the shop writes the balance off
    REQUEUE = "requeue"  # needs attention: send again with the same keys
    NEW_KEY = "new_key"  # needs attention: new keys, only once Stripe shows nothing was charged
    # needs attention: do not charge the stored card (its number is destroyed) once Stripe shows
    # nothing was charged; the order owes the sale and is collected another way
    ANOTHER_WAY = "another_way"

    @property
    def for_declines(self) -> bool:
        return self in (Resolution.CONTACT_CUSTOMER, Resolution.CASH_COLLECTED, Resolution.WRITE_OFF)


class BatchState(enum.Enum):
    """How the batch screen groups a payment."""

    WAITING = "waiting"  # pending: stored, not sent yet
    SENDING = "sending"
    NEEDS_ATTENTION = "needs_attention"  # unknown (checked again automatically) or parked (a decision)
    APPROVED = "approved"
    DECLINED = "declined"
    VOIDED = "voided"  # canceled before it was sent


_STATE_OF = {
    PaymentStatus.PENDING: BatchState.WAITING,
    PaymentStatus.SENDING: BatchState.SENDING,
    PaymentStatus.UNKNOWN: BatchState.NEEDS_ATTENTION,
    PaymentStatus.PARKED: BatchState.NEEDS_ATTENTION,
    PaymentStatus.SUCCEEDED: BatchState.APPROVED,
    PaymentStatus.DECLINED: BatchState.DECLINED,
    PaymentStatus.CANCELED: BatchState.VOIDED,
}


@dataclass(frozen=True)
class BatchEntry:
    """One stored payment as the batch screen shows it (never more of the card than brand + last 4)."""

    payment_id: str
    order_id: str
    order: str  # "#0042"
    card: str  # "Visa •••• 4242"
    amount: int  # the sale part
    tip: int
    currency: str
    taken_by: str
    stored_at: datetime
    status: PaymentStatus
    deadline: datetime  # stored_at + the till's maximum age (24 h)
    outcome: str  # decline reason or why it waits
    decision: str  # the manager's recorded decision, if any
    order_state: str

    @property
    def charge(self) -> int:
        return self.amount + self.tip

    @property
    def state(self) -> BatchState:
        return _STATE_OF[self.status]

    @property
    def unfinished(self) -> bool:
        return self.status in UNRESOLVED_STATES

    @property
    def undecided_decline(self) -> bool:
        return (
            self.status is PaymentStatus.DECLINED and not self.decision and self.order_state == "balance_due"
        )


@dataclass(frozen=True)
class BatchView:
    entries: tuple[BatchEntry, ...]
    totals: BatchTotals
    closable: bool
    why_not: str  # what is left before it can close ("" when it can)
    currency: str

    def state_totals(self) -> dict[BatchState, Outcome]:
        out: dict[BatchState, list[int]] = {}
        for entry in self.entries:
            acc = out.setdefault(entry.state, [0, 0])
            acc[0] += 1
            acc[1] += entry.charge
        return {state: Outcome(c, a) for state, (c, a) in out.items()}


def masked(brand: str | None, last4: str | None) -> str:
    try:
        return CardInfo((brand or "card").lower(), last4 or "0000").masked
    except TenderError:
        return f"Card •••• {last4 or '????'}"


class BatchService:
    def __init__(
        self,
        *,
        batches: BatchesRepo,
        sales: SalesService,
        audit: AuditLog,
        clock: Clock,
        staff_name: Callable[[str], str],
        till_id: str,
        currency: str,
        max_age: timedelta,
        forwarder: Forwarder | None = None,
    ) -> None:
        self._batches = batches
        self._sales = sales
        self._audit = audit
        self._clock = clock
        self._staff_name = staff_name
        self.till_id = till_id
        self.currency = currency
        self._max_age = max_age
        self._forwarder = forwarder

    # -- the open batch ---------------------------------------------------------------------------

    def view(self) -> BatchView:
        payments = self._batches.open_batch()
        context = self._batches.context_of([p.order_id for p in payments], [p.id for p in payments])
        entries = tuple(self._entry(p, context) for p in payments)
        lines = [BatchLine(e.payment_id, e.status, e.charge) for e in entries]
        totals = BatchTotals.of(lines)
        why = ""
        try:
            check_closable(lines, [e.payment_id for e in entries if e.undecided_decline], totals)
        except BatchNotClosable as exc:  # what is left to do
            why = exc.args[0] if exc.args else str(exc)  # a `Text`: the screen translates it
        currency = payments[0].currency if payments else self.currency
        return BatchView(entries, totals, not why, why, currency)

    def _entry(self, p: PaymentRecord, context: dict[str, Any]) -> BatchEntry:
        order = context["orders"].get(p.order_id) or {}
        decision = context["decisions"].get(p.id, "")
        outcome = p.outcome_message or p.outcome_code or ""
        if p.status in (PaymentStatus.PENDING, PaymentStatus.SENDING):
            outcome = ""
        return BatchEntry(
            payment_id=p.id,
            order_id=p.order_id,
            order=order_number_text(order["daily_number"]) if order else p.order_id,
            card=masked(p.brand, p.last4),
            amount=p.amount_minor,
            tip=p.tip_minor,
            currency=p.currency,
            taken_by=self._staff_name(order["staff_id"]) if order else "",
            stored_at=p.stored_at,
            status=p.status,
            deadline=p.stored_at + self._max_age,
            outcome=outcome,
            decision=decision,
            order_state=str(order.get("status") or ""),
        )

    # -- forwarding -------------------------------------------------------------------------------

    def forward(
        self,
        authorization: Authorization,
        *,
        cancel: Callable[[], bool] | None = None,
        on_progress: ProgressFn | None = None,
    ) -> ForwardReport:
        """One forwarding pass now, with progress; `cancel` stops it between payments."""
        authorization.require(Permission.CLOSE_BATCH)
        if self._forwarder is None:
            raise SaleError(
                QT_TRANSLATE_NOOP(
                    "OfflineBatch", "Card payments are off on this till, so stored payments cannot be sent."
                )
            )
        self._audit.record(
            authorization.actor.staff_id,
            "offline.forward_now",
            None,
            {"approver": authorization.approver.staff_id, "override": authorization.overridden},
        ).result()
        return self._forwarder.forward_all(wait_for_retries=False, cancel=cancel, on_progress=on_progress)

    # -- decisions --------------------------------------------------------------------------------

    def resolve(
        self, payment_id: str, resolution: Resolution, authorization: Authorization, note: str = ""
    ) -> ChargeCheck | None:
        """A manager's decision on one payment of the batch; audited. A new-key retry returns what
        Stripe was asked first (the screen shows it)."""
        authorization.require(Permission.CLOSE_BATCH)
        entry = next((e for e in self.view().entries if e.payment_id == payment_id), None)
        if entry is None:
            raise SaleError(QT_TRANSLATE_NOOP("OfflineBatch", "That payment is not in the open batch."))
        details = {
            "resolution": resolution.value,
            "order": entry.order,
            "order_id": entry.order_id,
            "charge_minor": entry.charge,
            "note": note,
            "approver": authorization.approver.staff_id,
            "override": authorization.overridden,
        }
        actor = authorization.actor.staff_id
        if resolution.for_declines:
            if entry.status is not PaymentStatus.DECLINED:
                raise SaleError(
                    QT_TRANSLATE_NOOP("OfflineBatch", "Only a declined payment is settled this way.")
                )
            if resolution is Resolution.CASH_COLLECTED:
                self._sales.record_cash_collected(entry.order_id, authorization)
            elif resolution is Resolution.WRITE_OFF:
                self._sales.write_off(entry.order_id, authorization, note or "written off from the batch")
            elif entry.order_state != OrderState.BALANCE_DUE.value:
                raise SaleError(QT_TRANSLATE_NOOP("OfflineBatch", "Nothing is owed on that order any more."))
            self._audit.record(actor, AUDIT_RESOLVED, payment_id, details).result()
            self._audit.record(actor, AUDIT_ACK, payment_id).result()  # off the "needs attention" list
            return None
        if entry.status is not PaymentStatus.PARKED or self._forwarder is None:
            raise SaleError(
                QT_TRANSLATE_NOOP("OfflineBatch", "Only a payment waiting for a decision can be sent again.")
            )
        self._audit.record(actor, AUDIT_ATTENTION, payment_id, details).result()
        if resolution is Resolution.REQUEUE:
            self._forwarder.requeue(payment_id, actor)
            return None
        if resolution is Resolution.ANOTHER_WAY:
            return self._forwarder.collect_another_way(payment_id, actor)
        return self._forwarder.retry_with_new_key(payment_id, actor)

    # -- closing ----------------------------------------------------------------------------------

    def close(self, authorization: Authorization) -> ClosedBatch:
        """Close the open batch (money rule 5) in one transaction; numbered, never changed."""
        authorization.require(Permission.CLOSE_BATCH)

        def check(conn: Connection, payments: list[PaymentRecord], totals: BatchTotals) -> None:
            undecided = self._batches.undecided_declines_in(conn, payments)
            check_closable([BatchLine(p.id, p.status, p.charge_minor) for p in payments], undecided, totals)
            # The outcomes, added up one by one, must be what the batch says it holds.
            by_hand = sum(p.charge_minor for p in payments)
            if by_hand != totals.total.amount or len(payments) != totals.total.count:
                raise SaleError(
                    QT_TRANSLATE_NOOP(
                        "OfflineBatch",
                        "The batch totals do not add up from its payments; nothing was closed.",
                    )
                )

        view_currency = self.currency
        return self._batches.close(
            CloseRequest(
                till_id=self.till_id,
                closed_at=iso_utc(self._clock.now()),
                closed_by=authorization.actor.staff_id,
                approved_by=authorization.approver.staff_id,
                currency=view_currency,
            ),
            check,
        )

    # -- closed batches ---------------------------------------------------------------------------

    def closed_batches(self) -> list[ClosedBatch]:
        return self._batches.closed()

    def closed_batch(self, number: int) -> tuple[ClosedBatch, list[BatchItem]]:
        batch = self._batches.get(number)
        if batch is None:
            raise SaleError(
                QT_TRANSLATE_NOOP(
                    "OfflineBatch", "There is no closed batch number {number} on this till."
                ).format(number=number)
            )
        return batch, self._batches.items(number)
