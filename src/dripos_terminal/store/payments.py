"""Card payment rows and the persisted Stripe requests (idempotency keys + frozen params).

Rules this module carries (DESIGN.md "Money never lost, never taken twice"):
- A payment row is committed, PENDING, before any network call, in the same transaction as the first
  Stripe request record (our idempotency key + a frozen JSON copy of the params).
- Every status change goes through `domain.payment.check_transition` inside a write transaction.
- A request record is never re-keyed: a retry reloads it and sends the same key and params.
- Nothing here ever stores a PAN or CVC: frozen params are checked before they are written.

`stripe_requests.state`: `pending` (written, not yet answered; possibly in flight), `succeeded`,
`failed` (a definitive error answer), `unknown` (no answer we can trust: timeouts, dropped connection).
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from dripos_terminal.clock import Clock
from dripos_terminal.domain.payment import (
    UNRESOLVED_STATES,
    PaymentKind,
    PaymentStatus,
    check_transition,
)
from dripos_terminal.ids import new_id
from dripos_terminal.redaction import redact

T = TypeVar("T")


class Db(Protocol):
    """The part of `store.database.Database` used here."""

    def call(self, fn: Callable[[Any], T]) -> T: ...

    def transaction(self, fn: Callable[[Any], T]) -> Future[T]: ...


class RequestState(enum.Enum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    UNKNOWN = "unknown"


class CardDataLeakError(ValueError):
    """Raised before writing frozen params that look like they carry a card number or CVC."""


class PaymentNotFoundError(LookupError):
    pass


@dataclass(frozen=True)
class NewPayment:
    id: str
    order_id: str
    kind: PaymentKind
    amount_minor: int
    tip_minor: int
    currency: str
    brand: str | None = None
    last4: str | None = None
    exp_month: int | None = None
    exp_year: int | None = None


@dataclass(frozen=True)
class PaymentRecord:
    id: str
    order_id: str
    kind: PaymentKind
    status: PaymentStatus
    amount_minor: int
    tip_minor: int
    currency: str
    payment_intent_id: str | None
    brand: str | None
    last4: str | None
    exp_month: int | None
    exp_year: int | None
    outcome_code: str | None
    outcome_message: str | None
    created_at: str
    updated_at: str
    finalized_at: str | None
    attempts: int


@dataclass(frozen=True)
class NewRequest:
    idempotency_key: str
    payment_id: str | None
    purpose: str
    method: str
    path: str
    params: Mapping[str, Any]


@dataclass(frozen=True)
class StoredRequest:
    idempotency_key: str
    payment_id: str | None
    purpose: str
    method: str
    path: str
    params: dict[str, Any]
    state: RequestState
    response: dict[str, Any] | None
    error: str | None
    created_at: str


def new_request(
    payment_id: str | None, purpose: str, path: str, params: Mapping[str, Any], method: str = "post"
) -> NewRequest:
    """A request with a fresh idempotency key (UUID-like, < 255 chars, names the payment)."""
    key = f"dripos-{payment_id or 'none'}-{purpose}-{new_id(length=12)}"
    return NewRequest(key, payment_id, purpose, method, path, dict(params))


def freeze_params(params: Mapping[str, Any]) -> str:
    text = json.dumps(params, sort_keys=True, separators=(",", ":"))
    if redact(text) != text or _has_card_keys(params):
        raise CardDataLeakError("refusing to persist request params that contain card data")
    return text


def _has_card_keys(value: Any) -> bool:
    if isinstance(value, Mapping):
        for k, v in value.items():
            if k in {"number", "cvc"} and isinstance(v, str | int):
                return True
            if _has_card_keys(v):
                return True
    elif isinstance(value, list | tuple):
        return any(_has_card_keys(v) for v in value)
    return False


_PAYMENT_COLS = (
    "id, order_id, kind, status, amount_minor, tip_minor, currency, payment_intent_id, brand, last4, "
    "exp_month, exp_year, outcome_code, outcome_message, created_at, updated_at, finalized_at, attempts"
)
_REQUEST_COLS = (
    "idempotency_key, payment_id, purpose, method, path, params, state, response, error, created_at"
)
_UPDATABLE = frozenset({"payment_intent_id", "brand", "last4", "exp_month", "exp_year", "tip_minor"})


def _payment_from_row(row: Any) -> PaymentRecord:
    return PaymentRecord(
        id=row["id"],
        order_id=row["order_id"],
        kind=PaymentKind(row["kind"]),
        status=PaymentStatus(row["status"]),
        amount_minor=int(row["amount_minor"]),
        tip_minor=int(row["tip_minor"] or 0),
        currency=row["currency"],
        payment_intent_id=row["payment_intent_id"],
        brand=row["brand"],
        last4=row["last4"],
        exp_month=row["exp_month"],
        exp_year=row["exp_year"],
        outcome_code=row["outcome_code"],
        outcome_message=row["outcome_message"],
        created_at=str(row["created_at"]),
        updated_at=str(row["updated_at"]),
        finalized_at=None if row["finalized_at"] is None else str(row["finalized_at"]),
        attempts=int(row["attempts"] or 0),
    )


def _request_from_row(row: Any) -> StoredRequest:
    return StoredRequest(
        idempotency_key=row["idempotency_key"],
        payment_id=row["payment_id"],
        purpose=row["purpose"],
        method=row["method"],
        path=row["path"],
        params=json.loads(row["params"]),
        state=RequestState(row["state"]),
        response=None if row["response"] is None else json.loads(row["response"]),
        error=row["error"],
        created_at=str(row["created_at"]),
    )


class PaymentStore:
    """Card payment persistence. Blocking: call from a worker thread (it waits on the DB thread)."""

    def __init__(self, db: Db, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def _now(self) -> str:
        return self._clock.now().isoformat()

    def _write(self, fn: Callable[[Any], T]) -> T:
        return self._db.transaction(fn).result()

    # -- payments -------------------------------------------------------------------------------

    def create(self, payment: NewPayment, requests: Iterable[NewRequest] = ()) -> PaymentRecord:
        """Insert the payment (PENDING) and its first request records in ONE transaction."""
        now = self._now()
        frozen = [(r, freeze_params(r.params)) for r in requests]

        def tx(conn: Any) -> None:
            conn.execute(
                "INSERT INTO payments (id, order_id, kind, status, amount_minor, tip_minor, currency, "
                "brand, last4, exp_month, exp_year, created_at, updated_at, attempts) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                (
                    payment.id,
                    payment.order_id,
                    payment.kind.value,
                    PaymentStatus.PENDING.value,
                    payment.amount_minor,
                    payment.tip_minor,
                    payment.currency,
                    payment.brand,
                    payment.last4,
                    payment.exp_month,
                    payment.exp_year,
                    now,
                    now,
                ),
            )
            for req, params in frozen:
                insert_request(conn, req, params, now)

        self._write(tx)
        return self.get(payment.id)

    def get(self, payment_id: str) -> PaymentRecord:
        def read(conn: Any) -> Any:
            return conn.execute(
                f"SELECT {_PAYMENT_COLS} FROM payments WHERE id = ?",  # noqa: S608 - fixed columns
                (payment_id,),
            ).fetchone()

        row = self._db.call(read)
        if row is None:
            raise PaymentNotFoundError(payment_id)
        return _payment_from_row(row)

    def transition(
        self,
        payment_id: str,
        target: PaymentStatus,
        *,
        outcome_code: str | None = None,
        outcome_message: str | None = None,
        **fields: Any,
    ) -> PaymentRecord:
        """Move a payment to `target` (checked against the state machine) and set extra fields."""
        unknown = set(fields) - _UPDATABLE
        if unknown:
            raise ValueError(f"not updatable: {sorted(unknown)}")
        now = self._now()

        def tx(conn: Any) -> None:
            row = conn.execute("SELECT status FROM payments WHERE id = ?", (payment_id,)).fetchone()
            if row is None:
                raise PaymentNotFoundError(payment_id)
            current = PaymentStatus(row["status"])
            if current is not target:
                check_transition(current, target)
            sets = ["status = ?", "updated_at = ?"]
            args: list[Any] = [target.value, now]
            if target is PaymentStatus.SENDING and current is not target:
                sets.append("attempts = attempts + 1")
            if target.is_final:
                sets.append("finalized_at = ?")
                args.append(now)
            if outcome_code is not None or outcome_message is not None:
                sets += ["outcome_code = ?", "outcome_message = ?"]
                args += [outcome_code, None if outcome_message is None else redact(outcome_message)]
            for name, value in fields.items():
                if value is not None:
                    sets.append(f"{name} = ?")
                    args.append(value)
            conn.execute(f"UPDATE payments SET {', '.join(sets)} WHERE id = ?", (*args, payment_id))  # noqa: S608 - fixed column lists, bound values

        self._write(tx)
        return self.get(payment_id)

    def update(self, payment_id: str, **fields: Any) -> None:
        """Set descriptive fields (PI id, brand, last4, expiry) without a status change."""
        unknown = set(fields) - _UPDATABLE
        if unknown:
            raise ValueError(f"not updatable: {sorted(unknown)}")
        pairs = [(k, v) for k, v in fields.items() if v is not None]
        if not pairs:
            return
        now = self._now()

        def tx(conn: Any) -> None:
            sql = ", ".join(f"{k} = ?" for k, _ in pairs)
            conn.execute(
                f"UPDATE payments SET {sql}, updated_at = ? WHERE id = ?",  # noqa: S608 - fixed column lists, bound values
                (*[v for _, v in pairs], now, payment_id),
            )

        self._write(tx)

    def unresolved(self, kinds: Iterable[PaymentKind] | None = None) -> list[PaymentRecord]:
        """Payments left PENDING/SENDING/UNKNOWN (oldest first), e.g. after a crash."""
        wanted = {k.value for k in kinds} if kinds is not None else None
        statuses = tuple(s.value for s in UNRESOLVED_STATES)

        def read(conn: Any) -> list[Any]:
            marks = ",".join("?" for _ in statuses)
            return list(
                conn.execute(
                    f"SELECT {_PAYMENT_COLS} FROM payments WHERE status IN ({marks}) ORDER BY created_at, id",  # noqa: S608 - fixed column lists, bound values
                    statuses,
                ).fetchall()
            )

        records = [_payment_from_row(r) for r in self._db.call(read)]
        return [r for r in records if wanted is None or r.kind.value in wanted]

    def for_order(self, order_id: str) -> list[PaymentRecord]:
        def read(conn: Any) -> list[Any]:
            return list(
                conn.execute(
                    f"SELECT {_PAYMENT_COLS} FROM payments WHERE order_id = ? ORDER BY created_at, id",  # noqa: S608 - fixed column lists, bound values
                    (order_id,),
                ).fetchall()
            )

        return [_payment_from_row(r) for r in self._db.call(read)]

    # -- stripe requests ------------------------------------------------------------------------

    def add_request(self, request: NewRequest) -> StoredRequest:
        """Persist a request record (own transaction) before it is sent."""
        params = freeze_params(request.params)
        now = self._now()
        self._write(lambda conn: insert_request(conn, request, params, now))
        return self.request(request.idempotency_key)

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

        def tx(conn: Any) -> bool:
            if _request_row(conn, request.idempotency_key) is not None:
                return False
            if guard is not None:
                rows = conn.execute(
                    f"SELECT {_REQUEST_COLS} FROM stripe_requests WHERE payment_id = ? "  # noqa: S608 - fixed column lists, bound values
                    "ORDER BY created_at, idempotency_key",
                    (request.payment_id,),
                ).fetchall()
                guard([_request_from_row(r) for r in rows])
            insert_request(conn, request, params, now)
            return True

        created = self._write(tx)
        return self.request(request.idempotency_key), created

    def find_request(self, key: str) -> StoredRequest | None:
        row = self._db.call(lambda conn: _request_row(conn, key))
        return None if row is None else _request_from_row(row)

    def request(self, key: str) -> StoredRequest:
        found = self.find_request(key)
        if found is None:
            raise KeyError(key)
        return found

    def requests_for(self, payment_id: str, purpose: str | None = None) -> list[StoredRequest]:
        def read(conn: Any) -> list[Any]:
            return list(
                conn.execute(
                    f"SELECT {_REQUEST_COLS} FROM stripe_requests WHERE payment_id = ? "  # noqa: S608 - fixed column lists, bound values
                    "ORDER BY created_at, idempotency_key",
                    (payment_id,),
                ).fetchall()
            )

        rows = [_request_from_row(r) for r in self._db.call(read)]
        return [r for r in rows if purpose is None or r.purpose == purpose]

    def record_answer(
        self,
        key: str,
        state: RequestState,
        *,
        response: Mapping[str, Any] | None = None,
        error: str | None = None,
    ) -> None:
        body = None if response is None else json.dumps(dict(response), sort_keys=True)
        if body is not None and redact(body) != body:
            body = redact(body)
        now = self._now()
        self._write(
            lambda conn: conn.execute(
                "UPDATE stripe_requests SET state = ?, response = ?, error = ?, updated_at = ? "
                "WHERE idempotency_key = ?",
                (state.value, body, None if error is None else redact(error), now, key),
            )
        )


def _request_row(conn: Any, key: str) -> Any:
    return conn.execute(
        f"SELECT {_REQUEST_COLS} FROM stripe_requests WHERE idempotency_key = ?",  # noqa: S608 - fixed columns
        (key,),
    ).fetchone()


def insert_request(conn: Any, req: NewRequest, params: str, now: str) -> None:
    """Inside the caller's transaction: a request with its frozen params, not yet sent."""
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
