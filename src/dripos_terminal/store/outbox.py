"""The offline outbox: stored card payments (kind `offline_card`) waiting to be forwarded to Stripe.

One row in `payments` per stored payment, plus its two `stripe_requests` records (PaymentMethod and
PaymentIntent create+confirm), each with our idempotency key and frozen params, all written in ONE
transaction with an audit entry (`store`). The PAN and postal code live only in the payment row
(`pan`, `postal_code`; the database is SQLCipher-encrypted), never in frozen params, and are set to
NULL in the same transaction that records a final outcome (`settle`). The CVC is never written.

Per-row state machine (`domain.payment`): pending → sending → succeeded | declined | unknown, and
unknown → sending (replay with the SAME keys) or → an outcome (reconciled against Stripe).
`sending` is committed before each network call; `sending_to_unknown` runs at start-up.
A void before forwarding is pending → canceled (`cancel_pending`: card destroyed, audited, one
transaction); nothing else can be canceled here, as a sending/unknown row may already be charged.

All methods block on the database thread: call them from workers, never the GUI thread.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from dripos_terminal.clock import Clock
from dripos_terminal.domain.card import CardNumber
from dripos_terminal.domain.offline_policy import StoredPayment
from dripos_terminal.domain.payment import PaymentKind, PaymentStatus, check_transition
from dripos_terminal.redaction import redact
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.database import Connection, Database
from dripos_terminal.store.payments import NewRequest, freeze_params, insert_request

T = TypeVar("T")
log = logging.getLogger("dripos_terminal.payments")

OFFLINE_KIND = PaymentKind.OFFLINE_CARD.value
PM_PURPOSE = "offline_payment_method"
PI_PURPOSE = "offline_payment_intent"

AUDIT_STORED = "offline.stored"
AUDIT_OUTCOME = "offline.forward_outcome"
AUDIT_NEW_KEY = "offline.retry_new_key"
AUDIT_ACK = "offline.decline_acknowledged"
AUDIT_REQUEUE = "offline.requeued"
AUDIT_VOIDED = "offline.voided_before_forwarding"
VOIDED_CODE = "voided_before_forwarding"  # outcome_code of a row `cancel_pending` canceled
VOIDED_TEXT = "Voided before it was sent to Stripe"


class Parked(enum.Enum):
    """Why an UNKNOWN row waits for a person instead of an automatic retry (in `outcome_code`)."""

    NOT_FOUND = "parked_not_found"  # key too old to replay and no PaymentIntent found by metadata
    REFUSED = "parked_refused"  # Stripe refused the request (4xx) or said Stripe-Should-Retry: false
    TOO_MANY_TRIES = "parked_too_many_tries"


PARKED_CODES = frozenset(p.value for p in Parked)


@dataclass(frozen=True)
class NewOfflinePayment:
    id: str
    order_id: str
    amount_minor: int
    tip_minor: int
    currency: str
    brand: str
    last4: str
    exp_month: int
    exp_year: int

    @property
    def charge_minor(self) -> int:
        return self.amount_minor + self.tip_minor


@dataclass(frozen=True)
class OutboxItem:
    id: str
    order_id: str
    status: PaymentStatus
    amount_minor: int
    tip_minor: int
    currency: str
    brand: str | None
    last4: str | None
    exp_month: int | None
    exp_year: int | None
    stored_at: datetime
    attempts: int
    next_attempt_at: datetime | None
    payment_intent_id: str | None
    outcome_code: str | None
    outcome_message: str | None
    has_card: bool  # the PAN is still stored (no final outcome yet)

    @property
    def charge_minor(self) -> int:
        return self.amount_minor + self.tip_minor

    @property
    def masked(self) -> str:
        return f"{self.brand or 'card'} ****{self.last4 or '????'}"

    @property
    def parked(self) -> bool:
        return self.status is PaymentStatus.UNKNOWN and self.outcome_code in PARKED_CODES


class StoredCard:
    """Card fields materialised from the row for one send. Masked in every textual form."""

    __slots__ = ("exp_month", "exp_year", "number", "postal_code")

    def __init__(self, number: CardNumber, exp_month: int, exp_year: int, postal_code: str | None) -> None:
        self.number = number
        self.exp_month = exp_month
        self.exp_year = exp_year
        self.postal_code = postal_code

    def secret_params(self) -> dict[str, Any]:
        """What `StripeGateway.send(secret_params=...)` merges in memory into the PaymentMethod call."""
        out: dict[str, Any] = {
            "card": {"number": self.number.reveal(), "exp_month": self.exp_month, "exp_year": self.exp_year}
        }
        if self.postal_code:
            out["billing_details"] = {"address": {"postal_code": self.postal_code}}
        return out

    def drop(self) -> None:
        self.number.drop()
        self.postal_code = None

    def __repr__(self) -> str:
        return f"StoredCard({self.number.masked})"


_COLS = (
    "id, order_id, status, amount_minor, tip_minor, currency, brand, last4, exp_month, exp_year, "
    "created_at, attempts, next_attempt_at, payment_intent_id, outcome_code, outcome_message, "
    "pan IS NOT NULL AS has_card"
)


def _dt(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _item(row: Any) -> OutboxItem:
    stored = _dt(row["created_at"])
    assert stored is not None
    return OutboxItem(
        id=row["id"],
        order_id=row["order_id"],
        status=PaymentStatus(row["status"]),
        amount_minor=int(row["amount_minor"]),
        tip_minor=int(row["tip_minor"] or 0),
        currency=row["currency"],
        brand=row["brand"],
        last4=row["last4"],
        exp_month=row["exp_month"],
        exp_year=row["exp_year"],
        stored_at=stored,
        attempts=int(row["attempts"] or 0),
        next_attempt_at=_dt(row["next_attempt_at"]),
        payment_intent_id=row["payment_intent_id"],
        outcome_code=row["outcome_code"],
        outcome_message=row["outcome_message"],
        has_card=bool(row["has_card"]),
    )


class Outbox:
    def __init__(self, db: Database, clock: Clock, audit: AuditLog) -> None:
        self._db = db
        self._clock = clock
        self._audit = audit

    def _now(self) -> str:
        return self._clock.now().isoformat()

    def _write(self, fn: Callable[[Connection], T]) -> T:
        return self._db.transaction(fn).result()

    def _read(self, fn: Callable[[Connection], T]) -> T:
        return self._db.call(fn)

    # -- capture ------------------------------------------------------------------------------------

    def store(
        self,
        payment: NewOfflinePayment,
        card: CardNumber,
        postal_code: str | None,
        requests: Sequence[NewRequest],
        *,
        actor_id: str | None,
        audit_details: Mapping[str, Any],
        check: Callable[[Connection], None] | None = None,
    ) -> OutboxItem:
        """Payment row + request records + audit entry in ONE committed transaction (synchronous=FULL).

        `check(conn)` runs first inside the transaction (e.g. re-checking the caps against the rows as
        they are now) and may raise to abort without writing anything.
        """
        for req in requests:
            freeze_params(req.params)  # refuse card data in frozen params before opening the transaction
        pan = card.reveal()

        def tx(conn: Connection) -> None:
            if check is not None:
                check(conn)
            now = self._now()
            conn.execute(
                "INSERT INTO payments (id, order_id, kind, status, amount_minor, tip_minor, currency, "
                "brand, last4, exp_month, exp_year, pan, postal_code, created_at, updated_at, attempts) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                (
                    payment.id,
                    payment.order_id,
                    OFFLINE_KIND,
                    PaymentStatus.PENDING.value,
                    payment.amount_minor,
                    payment.tip_minor,
                    payment.currency,
                    payment.brand,
                    payment.last4,
                    payment.exp_month,
                    payment.exp_year,
                    pan,
                    postal_code,
                    now,
                    now,
                ),
            )
            for req in requests:
                insert_request(conn, req, freeze_params(req.params), now)
            self._audit.record_in(conn, actor_id, AUDIT_STORED, payment.id, audit_details)

        self._write(tx)
        return self.get(payment.id)

    # -- reads --------------------------------------------------------------------------------------

    def get(self, payment_id: str) -> OutboxItem:
        row = self._read(
            lambda conn: conn.execute(
                f"SELECT {_COLS} FROM payments WHERE id = ? AND kind = ?",  # noqa: S608 - fixed columns
                (payment_id, OFFLINE_KIND),
            ).fetchone()
        )
        if row is None:
            raise KeyError(payment_id)
        return _item(row)

    def items(self, statuses: Sequence[PaymentStatus] | None = None) -> list[OutboxItem]:
        """Offline payments, oldest first (optionally only these statuses)."""
        wanted = [s.value for s in statuses] if statuses is not None else [s.value for s in PaymentStatus]
        marks = ",".join("?" for _ in wanted)
        sql = (
            f"SELECT {_COLS} FROM payments WHERE kind = ? AND status IN ({marks}) "  # noqa: S608 - fixed
            "ORDER BY created_at, id"
        )
        rows = self._read(lambda conn: conn.execute(sql, (OFFLINE_KIND, *wanted)).fetchall())
        return [_item(r) for r in rows]

    def unfinished(self) -> list[OutboxItem]:
        return self.items([PaymentStatus.PENDING, PaymentStatus.SENDING, PaymentStatus.UNKNOWN])

    def stored_for_policy(self) -> list[StoredPayment]:
        return self._read(stored_for_policy_in)

    def due(self, now: datetime, exclude: frozenset[str] = frozenset(), limit: int = 50) -> list[OutboxItem]:
        """PENDING rows, and UNKNOWN rows whose backoff is over and that are not parked; oldest first."""
        out: list[OutboxItem] = []
        for item in self.items([PaymentStatus.PENDING, PaymentStatus.UNKNOWN]):
            if item.id in exclude or item.parked:
                continue
            if item.next_attempt_at is not None and item.next_attempt_at > now:
                continue
            out.append(item)
            if len(out) >= limit:
                break
        return out

    def next_wakeup(self) -> datetime | None:
        waits = [
            i.next_attempt_at
            for i in self.items([PaymentStatus.UNKNOWN])
            if not i.parked and i.next_attempt_at is not None
        ]
        return min(waits) if waits else None

    def card_for(self, payment_id: str) -> StoredCard | None:
        """The stored card, materialised in memory for one send; None once destroyed."""
        row = self._read(
            lambda conn: conn.execute(
                "SELECT pan, exp_month, exp_year, postal_code FROM payments WHERE id = ? AND kind = ?",
                (payment_id, OFFLINE_KIND),
            ).fetchone()
        )
        if row is None or row["pan"] is None:
            return None
        return StoredCard(
            CardNumber(str(row["pan"])), int(row["exp_month"]), int(row["exp_year"]), row["postal_code"]
        )

    def request_key(self, payment_id: str, purpose: str) -> tuple[str, datetime]:
        """The newest request record of `purpose` for the payment: (idempotency key, created_at)."""
        row = self._read(
            lambda conn: conn.execute(
                "SELECT idempotency_key, created_at FROM stripe_requests "
                "WHERE payment_id = ? AND purpose = ? ORDER BY created_at DESC, idempotency_key DESC LIMIT 1",
                (payment_id, purpose),
            ).fetchone()
        )
        if row is None:
            raise KeyError(f"{payment_id}/{purpose}")
        return str(row["idempotency_key"]), datetime.fromisoformat(row["created_at"])

    def acknowledged(self) -> frozenset[str]:
        rows = self._read(
            lambda conn: conn.execute(
                "SELECT DISTINCT subject FROM audit_log WHERE action = ?", (AUDIT_ACK,)
            ).fetchall()
        )
        return frozenset(str(r[0]) for r in rows)

    # -- state changes ------------------------------------------------------------------------------

    def _move(
        self, conn: Connection, payment_id: str, target: PaymentStatus, sets: Mapping[str, Any]
    ) -> PaymentStatus:
        row = conn.execute(
            "SELECT status FROM payments WHERE id = ? AND kind = ?", (payment_id, OFFLINE_KIND)
        ).fetchone()
        if row is None:
            raise KeyError(payment_id)
        current = PaymentStatus(row["status"])
        if current is not target:
            check_transition(current, target)
        cols = {"status": target.value, "updated_at": self._now(), **sets}
        assignments = ", ".join(f"{k} = ?" for k in cols)
        extra = ", attempts = attempts + 1" if target is PaymentStatus.SENDING else ""
        conn.execute(
            f"UPDATE payments SET {assignments}{extra} WHERE id = ?",  # noqa: S608 - fixed column names
            (*cols.values(), payment_id),
        )
        return current

    def mark_sending(self, payment_id: str) -> None:
        """Commit SENDING before the network call (PENDING/UNKNOWN → SENDING)."""
        self._write(
            lambda conn: self._move(
                conn, payment_id, PaymentStatus.SENDING, {"next_attempt_at": None, "outcome_code": None}
            )
        )

    def mark_unknown(
        self,
        payment_id: str,
        *,
        retry_at: datetime | None,
        code: str | None = None,
        message: str | None = None,
    ) -> None:
        """No trustworthy answer: retry later with the SAME keys (`retry_at`), or park (`retry_at=None`
        with a `Parked` code) for a manager."""
        sets = {
            "next_attempt_at": None if retry_at is None else retry_at.isoformat(),
            "outcome_code": code,
            "outcome_message": None if message is None else redact(message),
        }
        self._write(lambda conn: self._move(conn, payment_id, PaymentStatus.UNKNOWN, sets))

    def settle(
        self,
        payment_id: str,
        target: PaymentStatus,
        *,
        payment_intent_id: str | None = None,
        code: str | None = None,
        message: str | None = None,
        audit_details: Mapping[str, Any] | None = None,
    ) -> None:
        """Record a final outcome AND destroy the stored PAN and postal code, in one transaction."""
        if not target.is_final:
            raise ValueError(f"{target.value} is not a final outcome")
        now = self._now()
        sets: dict[str, Any] = {
            "pan": None,
            "postal_code": None,
            "finalized_at": now,
            "next_attempt_at": None,
            "outcome_code": code,
            "outcome_message": None if message is None else redact(message),
        }
        if payment_intent_id is not None:
            sets["payment_intent_id"] = payment_intent_id

        def tx(conn: Connection) -> None:
            before = self._move(conn, payment_id, target, sets)
            details = {
                "from": before.value,
                "to": target.value,
                "code": code,
                "payment_intent": payment_intent_id,
            }
            details.update(audit_details or {})
            self._audit.record_in(conn, None, AUDIT_OUTCOME, payment_id, details)

        self._write(tx)

    def cancel_pending(
        self,
        payment_id: str,
        *,
        actor_id: str | None,
        reason: str,
        details: Mapping[str, Any] | None = None,
    ) -> bool:
        """Void a stored payment that was never sent: PENDING → CANCELED, PAN and postal code
        destroyed, audited (`AUDIT_VOIDED`), in ONE transaction that re-reads the status.

        Returns True when this call canceled it. Anything not PENDING is left untouched and False is
        returned: SENDING/UNKNOWN may already be charged (wait for the forward or its reconciliation),
        a final row already has its outcome; the caller re-reads the row to say which. Because
        `mark_sending` also moves only a PENDING/UNKNOWN row, a forward starting at the same moment
        either finds it CANCELED (and sends nothing) or makes this return False.
        Raises KeyError for an unknown payment id.
        """

        def tx(conn: Connection) -> bool:
            row = conn.execute(
                "SELECT status FROM payments WHERE id = ? AND kind = ?", (payment_id, OFFLINE_KIND)
            ).fetchone()
            if row is None:
                raise KeyError(payment_id)
            if PaymentStatus(row["status"]) is not PaymentStatus.PENDING:
                return False
            now = self._now()
            sets = {
                "pan": None,
                "postal_code": None,
                "finalized_at": now,
                "next_attempt_at": None,
                "outcome_code": VOIDED_CODE,
                "outcome_message": VOIDED_TEXT,
            }
            self._move(conn, payment_id, PaymentStatus.CANCELED, sets)
            entry = {**(details or {}), "from": PaymentStatus.PENDING.value, "reason": reason}
            self._audit.record_in(conn, actor_id, AUDIT_VOIDED, payment_id, entry)
            return True

        canceled = self._write(tx)
        if canceled:
            try:
                self.checkpoint()  # the erased PAN must not linger in the WAL either
            except Exception:  # the forwarder's next checkpoint folds it in
                log.warning("WAL checkpoint after voiding %s failed", payment_id, exc_info=True)
        return canceled

    def sending_to_unknown(self) -> list[str]:
        """Start-up: every row left SENDING (a crash mid-call) becomes UNKNOWN, due now."""

        def tx(conn: Connection) -> list[str]:
            rows = conn.execute(
                "SELECT id FROM payments WHERE kind = ? AND status = ? ORDER BY created_at, id",
                (OFFLINE_KIND, PaymentStatus.SENDING.value),
            ).fetchall()
            ids = [str(r[0]) for r in rows]
            for pid in ids:
                self._move(conn, pid, PaymentStatus.UNKNOWN, {"next_attempt_at": None, "outcome_code": None})
            return ids

        return self._write(tx)

    def requeue(
        self, payment_id: str, actor_id: str | None, *, new_requests: Sequence[NewRequest] = ()
    ) -> None:
        """Manager: make a parked UNKNOWN row due again (same keys, or with `new_requests` added)."""

        def tx(conn: Connection) -> None:
            now = self._now()
            for req in new_requests:
                insert_request(conn, req, freeze_params(req.params), now)
            self._move(
                conn,
                payment_id,
                PaymentStatus.UNKNOWN,
                {"next_attempt_at": None, "outcome_code": None, "outcome_message": None},
            )
            action = AUDIT_NEW_KEY if new_requests else AUDIT_REQUEUE
            keys = [r.purpose for r in new_requests]
            self._audit.record_in(conn, actor_id, action, payment_id, {"new_requests": keys})

        self._write(tx)

    def acknowledge(self, payment_id: str, actor_id: str | None) -> None:
        self._audit.record(actor_id, AUDIT_ACK, payment_id).result()

    def checkpoint(self) -> None:
        """Fold the WAL back into the (encrypted) main file and truncate it; space freed by
        `secure_delete` is then overwritten in both."""
        self._read(lambda conn: conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone())


def stored_for_policy_in(conn: Connection) -> list[StoredPayment]:
    """Unfinished offline payments as the policy sees them (inside the caller's transaction)."""
    rows = conn.execute(
        "SELECT amount_minor + tip_minor AS charge, created_at FROM payments "
        "WHERE kind = ? AND status IN (?, ?, ?)",
        (OFFLINE_KIND, PaymentStatus.PENDING.value, PaymentStatus.SENDING.value, PaymentStatus.UNKNOWN.value),
    ).fetchall()
    return [StoredPayment(int(r["charge"]), datetime.fromisoformat(r["created_at"])) for r in rows]
