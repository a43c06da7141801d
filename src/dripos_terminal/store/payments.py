"""The payments repository: the one writer of `payments` and `stripe_requests`.

Rules it carries (docs/design.md, money rules 1-3 and the card-data rules):
- A payment row is committed before any network call, in the same transaction as its first Stripe
  request records (our idempotency keys + frozen copies of the params) — and, through the caller's
  transaction (`insert_in`), together with the order it pays.
- Every status change, online or offline, goes through `transition_in`: one function over the one
  table of moves (`domain.payment.ALLOWED_TRANSITIONS`). A final state erases a stored card number
  and postal code in the same statement; reaching one tells the `PaymentFollower` (the order book)
  inside the same transaction, so an order can never disagree with its payments.
- A request record is never re-keyed: a retry reloads it and sends the same key and params. Frozen
  params are checked for card data before they are written; the CVC is never written anywhere.

Blocking: every method waits on the database thread; call them from workers, never the GUI thread.
The `*_in` methods run inside a transaction the caller holds (`Database.transaction`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar

from dripos_terminal.clock import Clock
from dripos_terminal.domain.card import CardNumber
from dripos_terminal.domain.offline_policy import StoredPayment
from dripos_terminal.domain.payment import (
    UNRESOLVED_STATES,
    PaymentKind,
    PaymentStatus,
    check_transition,
)
from dripos_terminal.redaction import redact
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.database import Connection, Database
from dripos_terminal.store.orders_repo import OrderRecord
from dripos_terminal.store.payment_records import (
    PAYMENT_COLS,
    REQUEST_COLS,
    CardDataLeakError,
    NewPayment,
    NewRequest,
    PaymentNotFoundError,
    PaymentRecord,
    RequestAnswer,
    RequestState,
    StoredCard,
    StoredRequest,
    freeze_params,
    merge_request_state,
    new_request,
    payment_from_row,
    request_from_row,
    stored_request,
)

__all__ = [
    "AuditNote",
    "CardDataLeakError",
    "NewPayment",
    "NewRequest",
    "PaymentFollower",
    "PaymentNotFoundError",
    "PaymentRecord",
    "PaymentStore",
    "RequestAnswer",
    "RequestState",
    "Settled",
    "StoredCard",
    "StoredRequest",
    "freeze_params",
    "new_request",
]

T = TypeVar("T")
log = logging.getLogger("dripos_terminal.store")

_UPDATABLE = frozenset({"payment_intent_id", "brand", "last4", "exp_month", "exp_year", "tip_minor"})


class _Keep:
    """Leave a column as it is (the default for the outcome columns of a transition)."""


KEEP = _Keep()


@dataclass(frozen=True)
class AuditNote:
    """An audit entry written in the same transaction as the change it describes."""

    actor_id: str | None
    action: str
    details: Mapping[str, Any]


class PaymentFollower(Protocol):
    """Told, inside the transaction, that a payment reached a final state (the order book); returns
    the order it brought in step, as it now stands, if any."""

    def payment_settled(
        self, conn: Connection, payment: PaymentRecord, before: PaymentStatus, actor_id: str | None
    ) -> OrderRecord | None: ...


@dataclass(frozen=True)
class Settled:
    """A payment as a transition left it, and its order as the follower left it (if it touched one)."""

    payment: PaymentRecord
    order: OrderRecord | None = None


class PaymentStore:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        audit: AuditLog | None = None,
        follower: PaymentFollower | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._audit = audit
        self._follower = follower

    @property
    def db(self) -> Database:
        return self._db

    def _now(self) -> str:
        return self._clock.now().isoformat()

    def _write(self, fn: Callable[[Connection], T]) -> T:
        return self._db.transaction(fn).result()

    def _note(self, conn: Connection, subject: str, note: AuditNote | None) -> None:
        if note is None:
            return
        if self._audit is None:
            raise RuntimeError("this payment store was built without an audit log")
        self._audit.record_in(conn, note.actor_id, note.action, subject, note.details)

    # -- new payments -------------------------------------------------------------------------------

    def insert_in(
        self,
        conn: Connection,
        payment: NewPayment,
        requests: Iterable[NewRequest] = (),
        *,
        pan: CardNumber | None = None,
        postal_code: str | None = None,
        sending: bool = False,
    ) -> list[StoredRequest]:
        """Insert the payment (PENDING) and its request records inside the caller's transaction, and
        return those records as written. A stored offline card (`pan`, `postal_code`) stays in the
        row until the payment is final. `sending`: the caller sends the first request as soon as this
        transaction commits, so the row is born SENDING (its first attempt counted) — the move to
        SENDING is durable before the request leaves without a transaction of its own."""
        now = self._now()
        frozen = [(r, freeze_params(r.params)) for r in requests]
        status, attempts = (PaymentStatus.SENDING, 1) if sending else (PaymentStatus.PENDING, 0)
        conn.execute(
            "INSERT INTO payments (id, order_id, kind, status, amount_minor, tip_minor, currency, brand, "
            "last4, exp_month, exp_year, pan, postal_code, created_at, updated_at, attempts) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                payment.id,
                payment.order_id,
                payment.kind.value,
                status.value,
                payment.amount_minor,
                payment.tip_minor,
                payment.currency,
                payment.brand,
                payment.last4,
                payment.exp_month,
                payment.exp_year,
                None if pan is None else pan.reveal(),
                postal_code if pan is not None else None,
                now,
                now,
                attempts,
            ),
        )
        for req, params in frozen:
            _insert_request(conn, req, params, now)
        return [stored_request(req, params, now) for req, params in frozen]

    def create(self, payment: NewPayment, requests: Iterable[NewRequest] = ()) -> PaymentRecord:
        """Insert the payment (PENDING) and its first request records in ONE transaction."""
        pending = list(requests)
        for req in pending:
            freeze_params(req.params)  # refuse card data before opening the transaction
        self._write(lambda conn: self.insert_in(conn, payment, pending))
        return self.get(payment.id)

    # -- the one transition function ----------------------------------------------------------------

    def transition_in(
        self,
        conn: Connection,
        payment_id: str,
        target: PaymentStatus,
        *,
        actor_id: str | None = None,
        outcome_code: str | _Keep | None = KEEP,
        outcome_message: str | _Keep | None = KEEP,
        retry_at: datetime | None = None,
        fresh_budget: bool = False,
        audit: AuditNote | None = None,
        **fields: Any,
    ) -> PaymentRecord:
        """Move a payment to `target` (checked against the one state table) inside the caller's
        transaction, and return the row as it now is.

        Moving to SENDING counts an attempt; `fresh_budget` starts the count again (a manager's
        requeue). `retry_at` is when an UNKNOWN row is due again. A final state erases any stored card
        number and postal code and tells the follower (the order book) in this same transaction.
        """
        return self.settle_in(
            conn,
            payment_id,
            target,
            actor_id=actor_id,
            outcome_code=outcome_code,
            outcome_message=outcome_message,
            retry_at=retry_at,
            fresh_budget=fresh_budget,
            audit=audit,
            **fields,
        ).payment

    def settle_in(
        self,
        conn: Connection,
        payment_id: str,
        target: PaymentStatus,
        *,
        actor_id: str | None = None,
        outcome_code: str | _Keep | None = KEEP,
        outcome_message: str | _Keep | None = KEEP,
        retry_at: datetime | None = None,
        fresh_budget: bool = False,
        audit: AuditNote | None = None,
        **fields: Any,
    ) -> Settled:
        """`transition_in`, also handing back the order the follower brought in step (if any)."""
        unknown = set(fields) - _UPDATABLE
        if unknown:
            raise ValueError(f"not updatable: {sorted(unknown)}")
        before = _status_of(conn, payment_id)
        if before is not target:
            check_transition(before, target)
        cols: dict[str, Any] = {"status": target.value, "updated_at": self._now()}
        if target is PaymentStatus.SENDING or target.is_final:
            cols["next_attempt_at"] = None
        if target is PaymentStatus.UNKNOWN:
            cols["next_attempt_at"] = None if retry_at is None else retry_at.isoformat()
        if target.is_final and before is not target:
            cols.update(finalized_at=cols["updated_at"], pan=None, postal_code=None)
        if not isinstance(outcome_code, _Keep):
            cols["outcome_code"] = outcome_code
        if not isinstance(outcome_message, _Keep):
            cols["outcome_message"] = None if outcome_message is None else redact(outcome_message)
        cols.update({name: value for name, value in fields.items() if value is not None})
        attempts = "0" if fresh_budget else "attempts"
        if target is PaymentStatus.SENDING and before is not target:
            attempts += " + 1"
        assignments = ", ".join(f"{name} = ?" for name in cols)
        rows = conn.execute(
            f"UPDATE payments SET {assignments}, attempts = {attempts} WHERE id = ? RETURNING {PAYMENT_COLS}",  # noqa: S608 - fixed column names, bound values
            (*cols.values(), payment_id),
        ).fetchall()
        after = payment_from_row(rows[0])
        self._note(conn, payment_id, audit)
        order = None
        if target.is_final and before is not target and self._follower is not None:
            order = self._follower.payment_settled(conn, after, before, actor_id)
        return Settled(after, order)

    def transition(
        self,
        payment_id: str,
        target: PaymentStatus,
        *,
        actor_id: str | None = None,
        outcome_code: str | _Keep | None = KEEP,
        outcome_message: str | _Keep | None = KEEP,
        retry_at: datetime | None = None,
        fresh_budget: bool = False,
        audit: AuditNote | None = None,
        **fields: Any,
    ) -> PaymentRecord:
        """`transition_in` in a transaction of its own."""
        return self._write(
            lambda conn: self.transition_in(
                conn,
                payment_id,
                target,
                actor_id=actor_id,
                outcome_code=outcome_code,
                outcome_message=outcome_message,
                retry_at=retry_at,
                fresh_budget=fresh_budget,
                audit=audit,
                **fields,
            )
        )

    def cancel_pending(
        self, payment_id: str, *, outcome_code: str, outcome_message: str, audit: AuditNote
    ) -> bool:
        """Cancel a payment that was never sent (PENDING → CANCELED, any stored card erased, audited),
        in ONE transaction that re-reads the status. True when this call canceled it; anything not
        PENDING is left untouched (SENDING/UNKNOWN may be charged already; a final one has its
        outcome). Raises `PaymentNotFoundError` for an unknown id."""

        def tx(conn: Connection) -> bool:
            if _status_of(conn, payment_id) is not PaymentStatus.PENDING:
                return False
            self.transition_in(
                conn,
                payment_id,
                PaymentStatus.CANCELED,
                actor_id=audit.actor_id,
                outcome_code=outcome_code,
                outcome_message=outcome_message,
                audit=audit,
            )
            return True

        canceled = self._write(tx)
        if canceled:
            try:
                self.checkpoint()  # the erased card number must not linger in the WAL either
            except Exception:  # the forwarder's next checkpoint folds it in
                log.warning("WAL checkpoint after canceling %s failed", payment_id, exc_info=True)
        return canceled

    def sending_to_unknown(self, kinds: Iterable[PaymentKind]) -> list[str]:
        """Start-up: every row of these kinds left SENDING (a crash mid-call) becomes UNKNOWN, due now."""
        wanted = [k.value for k in kinds]
        marks = ",".join("?" for _ in wanted)

        def tx(conn: Connection) -> list[str]:
            rows = conn.execute(
                f"SELECT id FROM payments WHERE status = ? AND kind IN ({marks}) ORDER BY created_at, id",  # noqa: S608 - placeholders only
                (PaymentStatus.SENDING.value, *wanted),
            ).fetchall()
            ids = [str(r[0]) for r in rows]
            for pid in ids:
                self.transition_in(conn, pid, PaymentStatus.UNKNOWN, outcome_code=None)
            return ids

        return self._write(tx)

    def requeue(self, payment_id: str, *, new_requests: Sequence[NewRequest] = (), audit: AuditNote) -> None:
        """A manager's decision on a PARKED row: due again now with a fresh attempt budget, under its
        same keys or with `new_requests` added (only once Stripe showed the old ones charged nothing)."""
        for req in new_requests:
            freeze_params(req.params)

        def tx(conn: Connection) -> None:
            now = self._now()
            for req in new_requests:
                _insert_request(conn, req, freeze_params(req.params), now)
            self.transition_in(
                conn,
                payment_id,
                PaymentStatus.UNKNOWN,
                actor_id=audit.actor_id,
                outcome_code=None,
                outcome_message=None,
                fresh_budget=True,
                audit=audit,
            )

        self._write(tx)

    def checkpoint(self) -> None:
        """Fold the WAL back into the (encrypted) main file and truncate it; space freed by
        `secure_delete` (an erased card number) is then overwritten in both."""
        self._db.call(lambda conn: conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone())

    # -- reads --------------------------------------------------------------------------------------

    def get_in(self, conn: Connection, payment_id: str) -> PaymentRecord:
        row = conn.execute(
            f"SELECT {PAYMENT_COLS} FROM payments WHERE id = ?",  # noqa: S608 - fixed columns
            (payment_id,),
        ).fetchone()
        if row is None:
            raise PaymentNotFoundError(payment_id)
        return payment_from_row(row)

    def get(self, payment_id: str) -> PaymentRecord:
        return self._db.call(lambda conn: self.get_in(conn, payment_id))

    def select(
        self,
        *,
        kinds: Iterable[PaymentKind] | None = None,
        statuses: Iterable[PaymentStatus] | None = None,
        order_id: str | None = None,
    ) -> list[PaymentRecord]:
        """Payments matching every filter given, oldest first."""
        clauses: list[str] = []
        args: list[Any] = []
        for column, values in (
            ("kind", None if kinds is None else [k.value for k in kinds]),
            ("status", None if statuses is None else [s.value for s in statuses]),
        ):
            if values is not None:
                clauses.append(f"{column} IN ({','.join('?' for _ in values) or 'NULL'})")
                args.extend(values)
        if order_id is not None:
            clauses.append("order_id = ?")
            args.append(order_id)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        sql = f"SELECT {PAYMENT_COLS} FROM payments {where} ORDER BY created_at, id"  # noqa: S608 - fixed columns, placeholders
        return [payment_from_row(r) for r in self._db.call(lambda conn: conn.execute(sql, args).fetchall())]

    def unresolved(self, kinds: Iterable[PaymentKind] | None = None) -> list[PaymentRecord]:
        """Payments left PENDING/SENDING/UNKNOWN/PARKED (oldest first), e.g. after a crash."""
        return self.select(kinds=kinds, statuses=UNRESOLVED_STATES)

    def for_order(self, order_id: str) -> list[PaymentRecord]:
        return self.select(order_id=order_id)

    def open_for_order_in(self, conn: Connection, order_id: str, kinds: Iterable[PaymentKind]) -> bool:
        """Inside a transaction: has the order a payment of these kinds that is not final yet?"""
        unresolved = [s.value for s in UNRESOLVED_STATES]
        wanted = [k.value for k in kinds]
        marks, kind_marks = ",".join("?" for _ in unresolved), ",".join("?" for _ in wanted)
        where = f"order_id = ? AND status IN ({marks}) AND kind IN ({kind_marks})"
        sql = f"SELECT 1 FROM payments WHERE {where} LIMIT 1"  # noqa: S608 - placeholders only
        return conn.execute(sql, (order_id, *unresolved, *wanted)).fetchone() is not None

    def card_for(self, payment_id: str) -> StoredCard | None:
        """The stored card, materialised in memory for one send; None once erased."""
        row = self._db.call(
            lambda conn: conn.execute(
                "SELECT pan, exp_month, exp_year, postal_code FROM payments WHERE id = ?", (payment_id,)
            ).fetchone()
        )
        if row is None or row["pan"] is None:
            return None
        return StoredCard(
            CardNumber(str(row["pan"])), int(row["exp_month"]), int(row["exp_year"]), row["postal_code"]
        )

    def stored_for_policy_in(self, conn: Connection) -> list[StoredPayment]:
        """Unfinished stored (offline) payments as the offline policy sees them, inside a transaction."""
        unfinished = [s.value for s in UNRESOLVED_STATES]
        marks = ",".join("?" for _ in unfinished)
        cols = "amount_minor + tip_minor AS charge, created_at"
        sql = f"SELECT {cols} FROM payments WHERE kind = ? AND status IN ({marks})"  # noqa: S608 - fixed
        rows = conn.execute(sql, (PaymentKind.OFFLINE_CARD.value, *unfinished)).fetchall()
        return [StoredPayment(int(r["charge"]), datetime.fromisoformat(r["created_at"])) for r in rows]

    def stored_for_policy(self) -> list[StoredPayment]:
        return self._db.call(self.stored_for_policy_in)

    # -- stripe requests ----------------------------------------------------------------------------

    def insert_request_in(self, conn: Connection, request: NewRequest) -> None:
        _insert_request(conn, request, freeze_params(request.params), self._now())

    def add_request(self, request: NewRequest, answers: Sequence[RequestAnswer] = ()) -> StoredRequest:
        """Persist a request record before it is sent (one transaction, which also writes `answers`:
        how the payment's previous requests were answered); returns it as stored."""
        params = freeze_params(request.params)
        now = self._now()

        def tx(conn: Connection) -> None:
            self.record_answers_in(conn, answers)
            _insert_request(conn, request, params, now)

        self._write(tx)
        return stored_request(request, params, now)

    def add_request_once(
        self,
        request: NewRequest,
        guard: Callable[[list[StoredRequest]], None] | None = None,
    ) -> tuple[StoredRequest, bool]:
        """Persist a request under a caller-derived key unless that key is already stored.

        One transaction: if `request.idempotency_key` exists, nothing is written and the stored record
        is returned with False (its key and frozen params win; the caller re-sends those). Otherwise
        `guard` is called with the payment's request records as they are now (inside the
        transaction; it may raise to abort without writing), the record is inserted and returned with
        True. Two callers racing on one key therefore end up with one record.
        """
        params = freeze_params(request.params)
        now = self._now()

        def tx(conn: Connection) -> bool:
            if _request_row(conn, request.idempotency_key) is not None:
                return False
            if guard is not None:
                guard(_requests_of(conn, request.payment_id))
            _insert_request(conn, request, params, now)
            return True

        created = self._write(tx)
        return self.request(request.idempotency_key), created

    def find_request(self, key: str) -> StoredRequest | None:
        row = self._db.call(lambda conn: _request_row(conn, key))
        return None if row is None else request_from_row(row)

    def request(self, key: str) -> StoredRequest:
        found = self.find_request(key)
        if found is None:
            raise KeyError(key)
        return found

    def requests_for(self, payment_id: str, purpose: str | None = None) -> list[StoredRequest]:
        """The payment's request records, oldest first (optionally only one purpose)."""
        rows = self._db.call(lambda conn: _requests_of(conn, payment_id))
        return [r for r in rows if purpose is None or r.purpose == purpose]

    def record_answer(
        self,
        key: str,
        state: RequestState,
        *,
        response: Mapping[str, Any] | None = None,
        error: str | None = None,
    ) -> None:
        """Record how an attempt of request `key` was answered (`merge_request_state` decides what
        the record becomes: an unknown record never turns failed)."""
        self.record_answers([RequestAnswer(key, state, response, error)])

    def record_answers(self, answers: Sequence[RequestAnswer]) -> None:
        """`record_answer` for several answers, in one transaction."""
        if answers:
            self._write(lambda conn: self.record_answers_in(conn, answers))

    def record_answers_in(self, conn: Connection, answers: Iterable[RequestAnswer]) -> None:
        """Inside the caller's transaction (the next request's, or the payment's outcome)."""
        now = self._now()
        for answer in answers:
            _answer_in(conn, answer, now)


def _answer_in(conn: Connection, answer: RequestAnswer, now: str) -> None:
    key, state, error = answer.key, answer.state, answer.error
    body = None if answer.response is None else json.dumps(dict(answer.response), sort_keys=True)
    if body is not None and redact(body) != body:
        body = redact(body)
    row = conn.execute("SELECT state FROM stripe_requests WHERE idempotency_key = ?", (key,)).fetchone()
    if row is None:
        raise KeyError(key)
    merged = merge_request_state(RequestState(row["state"]), state)
    if merged is not state:  # the record keeps what it knew; the new error is kept for the log
        conn.execute(
            "UPDATE stripe_requests SET error = ?, updated_at = ? WHERE idempotency_key = ?",
            (None if error is None else redact(error), now, key),
        )
        return
    conn.execute(
        "UPDATE stripe_requests SET state = ?, response = ?, error = ?, updated_at = ? "
        "WHERE idempotency_key = ?",
        (state.value, body, None if error is None else redact(error), now, key),
    )


def _status_of(conn: Connection, payment_id: str) -> PaymentStatus:
    row = conn.execute("SELECT status FROM payments WHERE id = ?", (payment_id,)).fetchone()
    if row is None:
        raise PaymentNotFoundError(payment_id)
    return PaymentStatus(row["status"])


def _request_row(conn: Connection, key: str) -> Any:
    return conn.execute(
        f"SELECT {REQUEST_COLS} FROM stripe_requests WHERE idempotency_key = ?",  # noqa: S608 - fixed columns
        (key,),
    ).fetchone()


def _requests_of(conn: Connection, payment_id: str | None) -> list[StoredRequest]:
    rows = conn.execute(
        f"SELECT {REQUEST_COLS} FROM stripe_requests WHERE payment_id = ? "  # noqa: S608 - fixed columns
        "ORDER BY created_at, idempotency_key",
        (payment_id,),
    ).fetchall()
    return [request_from_row(r) for r in rows]


def _insert_request(conn: Connection, req: NewRequest, params: str, now: str) -> None:
    conn.execute(
        "INSERT INTO stripe_requests (idempotency_key, payment_id, purpose, method, path, params, "
        "created_at, state, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            req.idempotency_key,
            req.payment_id,
            req.purpose,
            req.method,
            req.path,
            params,
            now,
            RequestState.PENDING.value,
            now,
        ),
    )
