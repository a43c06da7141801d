"""What the payments repository stores and hands back: one record type per table, one row mapper each.

`payments` holds every card payment of every kind (card present, keyed online, stored offline);
`stripe_requests` every Stripe POST we made or will make, under our own idempotency key with a frozen
copy of its parameters. Nothing here writes: `store.payments.PaymentStore` is the only writer.

`stripe_requests.state`: `pending` (written, not yet answered; possibly in flight), `succeeded`,
`failed` (a definitive error answer: nothing was done), `unknown` (no answer we can trust). A record
once `unknown` may have charged: it can still become `succeeded` (a replay answered) but never
`failed`, and `succeeded` is final (`merge_request_state`).
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dripos_terminal.domain.card import CardNumber
from dripos_terminal.domain.payment import PaymentKind, PaymentStatus
from dripos_terminal.ids import new_id
from dripos_terminal.redaction import redact


class RequestState(enum.Enum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    UNKNOWN = "unknown"


def merge_request_state(current: RequestState, answered: RequestState) -> RequestState:
    """What a request record becomes when an attempt is answered `answered`.

    A success is final; an unknown (possibly executed) record never becomes failed: a later refusal
    (a 429 on a replay, say) says nothing about the attempt that may have charged.
    """
    if current is RequestState.SUCCEEDED:
        return current
    if current is RequestState.UNKNOWN and answered is RequestState.FAILED:
        return current
    return answered


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

    @property
    def charge_minor(self) -> int:
        return self.amount_minor + self.tip_minor


class StoredCard:
    """A stored offline card: in the row until the payment is final, in memory for one send.
    Masked in every textual form."""

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

    __str__ = __repr__


@dataclass(frozen=True)
class PaymentRecord:
    """One `payments` row, whatever its kind."""

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
    next_attempt_at: datetime | None = None
    has_card: bool = False  # a stored card number is still in the row (offline, not final yet)

    @property
    def charge_minor(self) -> int:
        return self.amount_minor + self.tip_minor

    @property
    def stored_at(self) -> datetime:
        return datetime.fromisoformat(self.created_at)

    @property
    def masked(self) -> str:
        return f"{self.brand or 'card'} ****{self.last4 or '????'}"

    @property
    def parked(self) -> bool:
        return self.status is PaymentStatus.PARKED


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

    @property
    def created(self) -> datetime:
        return datetime.fromisoformat(self.created_at)

    @property
    def answered_id(self) -> str | None:
        """The id of the object Stripe answered with (a PaymentIntent, a refund…), if it answered."""
        found = (self.response or {}).get("id")
        return None if found is None else str(found)


@dataclass(frozen=True)
class RequestAnswer:
    """How one attempt of a persisted request was answered, to be written to its record — at once,
    or with the next write its payment makes anyway (the next request record, the outcome)."""

    key: str
    state: RequestState
    response: Mapping[str, Any] | None = None
    error: str | None = None


def stored_request(request: NewRequest, params: str, created_at: str) -> StoredRequest:
    """The record as `PaymentStore` has just written it (frozen params `params`), without reading it."""
    return StoredRequest(
        idempotency_key=request.idempotency_key,
        payment_id=request.payment_id,
        purpose=request.purpose,
        method=request.method,
        path=request.path,
        params=json.loads(params),
        state=RequestState.PENDING,
        response=None,
        error=None,
        created_at=created_at,
    )


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


PAYMENT_COLS = (
    "id, order_id, kind, status, amount_minor, tip_minor, currency, payment_intent_id, brand, last4, "
    "exp_month, exp_year, outcome_code, outcome_message, created_at, updated_at, finalized_at, attempts, "
    "next_attempt_at, pan IS NOT NULL AS has_card"
)
REQUEST_COLS = (
    "idempotency_key, payment_id, purpose, method, path, params, state, response, error, created_at"
)


def _dt(value: Any) -> datetime | None:
    return None if value is None else datetime.fromisoformat(str(value))


def payment_from_row(row: Any) -> PaymentRecord:
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
        next_attempt_at=_dt(row["next_attempt_at"]),
        has_card=bool(row["has_card"]),
    )


def request_from_row(row: Any) -> StoredRequest:
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
