"""The offline outbox: a query over the payments repository for the stored (offline) card payments.

A stored payment is a `payments` row of kind `offline_card` with its two `stripe_requests` records
(PaymentMethod, then PaymentIntent create+confirm), all written by `PaymentStore` in ONE transaction
together with the order it pays and an audit entry. The card number and postal code live only in that
row (the database is SQLCipher-encrypted), never in frozen params, and are erased by the transition
that records a final outcome. Its states are the one payment state machine (`domain.payment`).

This module only reads; every change goes through `PaymentStore`. The names of the offline audit
entries and request purposes live here so the capture, the forwarder and the screens share them.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime

from dripos_terminal.domain.offline_policy import StoredPayment
from dripos_terminal.domain.payment import UNRESOLVED_STATES, PaymentKind, PaymentStatus
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.store.payment_records import PaymentRecord, StoredCard
from dripos_terminal.store.payments import PaymentStore

OFFLINE_KIND = PaymentKind.OFFLINE_CARD
PM_PURPOSE = "offline_payment_method"
PI_PURPOSE = "offline_payment_intent"

AUDIT_STORED = "offline.stored"
AUDIT_OUTCOME = "offline.forward_outcome"
AUDIT_NEW_KEY = "offline.retry_new_key"
AUDIT_ACK = "offline.decline_acknowledged"
AUDIT_REQUEUE = "offline.requeued"
AUDIT_VOIDED = "offline.voided_before_forwarding"
AUDIT_CHECKED = "offline.checked_with_stripe"
AUDIT_PARKED_OVERDUE = "offline.parked_past_deadline"
AUDIT_NOT_CHARGED = "offline.not_charged_by_decision"
NOT_CHARGED_CODE = "not_charged_manager_decision"
VOIDED_CODE = "voided_before_forwarding"  # outcome_code of a stored payment canceled before sending
VOIDED_TEXT = QT_TRANSLATE_NOOP("Outbox", "Voided before it was sent to Stripe")

# One row mapper for every payment: an outbox item is a payment record.
OutboxItem = PaymentRecord


class Parked(enum.Enum):
    """Why a row waits for a person instead of an automatic retry (its `outcome_code` while PARKED)."""

    NOT_FOUND = "parked_not_found"  # key too old to replay and no PaymentIntent found by metadata
    REFUSED = "parked_refused"  # Stripe refused the request (4xx) or said Stripe-Should-Retry: false
    TOO_MANY_TRIES = "parked_too_many_tries"


class Outbox:
    def __init__(self, payments: PaymentStore) -> None:
        self._payments = payments

    def get(self, payment_id: str) -> OutboxItem:
        item = self._payments.get(payment_id)
        if item.kind is not OFFLINE_KIND:
            raise KeyError(payment_id)
        return item

    def items(self, statuses: Sequence[PaymentStatus] | None = None) -> list[OutboxItem]:
        """Stored payments, oldest first (optionally only these statuses)."""
        return self._payments.select(kinds=[OFFLINE_KIND], statuses=statuses)

    def unfinished(self) -> list[OutboxItem]:
        return self.items(sorted(UNRESOLVED_STATES, key=lambda s: s.value))

    def stored_for_policy(self) -> list[StoredPayment]:
        return self._payments.stored_for_policy()

    def due(self, now: datetime, exclude: frozenset[str] = frozenset(), limit: int = 50) -> list[OutboxItem]:
        """PENDING rows, and UNKNOWN rows whose backoff is over; oldest first. PARKED rows wait."""
        out: list[OutboxItem] = []
        for item in self.items([PaymentStatus.PENDING, PaymentStatus.UNKNOWN]):
            if item.id in exclude:
                continue
            if item.next_attempt_at is not None and item.next_attempt_at > now:
                continue
            out.append(item)
            if len(out) >= limit:
                break
        return out

    def next_wakeup(self) -> datetime | None:
        waits = [i.next_attempt_at for i in self.items([PaymentStatus.UNKNOWN]) if i.next_attempt_at]
        return min(waits) if waits else None

    def card_for(self, payment_id: str) -> StoredCard | None:
        return self._payments.card_for(payment_id)

    def request_key(self, payment_id: str, purpose: str) -> tuple[str, datetime]:
        """The newest request record of `purpose` for the payment: (idempotency key, created at)."""
        found = self._payments.requests_for(payment_id, purpose)
        if not found:
            raise KeyError(f"{payment_id}/{purpose}")
        newest = max(found, key=lambda r: (r.created_at, r.idempotency_key))
        return newest.idempotency_key, newest.created
