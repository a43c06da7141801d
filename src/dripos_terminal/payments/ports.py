"""The card path's small interfaces: what an adapter does, and how it talks to the UI.

Adapters never touch widgets: they call a `Prompt` (the UI implements it by emitting queued signals).
Prompts are neutral instructions only ("Tap, insert or swipe card", "Processing…"): an adapter
never announces an outcome. Whether money was taken is said by the screen from the *committed* result, so
nothing reads "Approved" before the outcome row is durable (money rule 7).
`ReaderAdapter.pay` blocks (network, polling) and runs on a worker thread; `cancel` is thread-safe and
returns at once.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from dripos_terminal.domain.card import KeyedCard
from dripos_terminal.domain.payment import PaymentKind, PaymentStatus
from dripos_terminal.domain.staff import StaffMember
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.payments.failures import FailureKind
from dripos_terminal.store.payment_records import PaymentRecord, RequestAnswer, StoredRequest


class PromptKind(enum.Enum):
    TAP_INSERT_SWIPE = "tap_insert_swipe"
    PROCESSING = "processing"
    REMOVE_CARD = "remove_card"
    CHECKING = "checking"  # ambiguous outcome being resolved: do not retry, do not hand back the cup


PROMPT_TEXT: dict[PromptKind, str] = {
    PromptKind.TAP_INSERT_SWIPE: QT_TRANSLATE_NOOP("Prompt", "Tap, insert or swipe card"),
    PromptKind.PROCESSING: QT_TRANSLATE_NOOP("Prompt", "Processing…"),
    PromptKind.REMOVE_CARD: QT_TRANSLATE_NOOP("Prompt", "Remove card"),
    PromptKind.CHECKING: QT_TRANSLATE_NOOP("Prompt", "Checking the payment with Stripe — please wait"),
}


class Prompt(Protocol):
    def show(self, kind: PromptKind, text: str) -> None:
        """Tell the barista/customer what to do. Called from the worker thread; must not block."""
        ...


class NullPrompt:
    def show(self, kind: PromptKind, text: str) -> None:
        return None


class RecordingPrompt:
    """Keeps every prompt; for the CLI and tests."""

    def __init__(self) -> None:
        self.shown: list[tuple[PromptKind, str]] = []

    def show(self, kind: PromptKind, text: str) -> None:
        self.shown.append((kind, text))

    @property
    def kinds(self) -> list[PromptKind]:
        return [k for k, _ in self.shown]


@dataclass(frozen=True)
class PaymentRequest:
    """One card payment attempt. `payment_id` is already committed (PENDING) when an adapter sees it.

    `amount_minor` is the sale total (tax included, tip excluded); `tip_minor` is a tip chosen on the
    till (0 when the tip is asked on the reader). The PaymentIntent amount is their sum. `keys` are the
    idempotency keys of the request records committed with the payment row, by purpose; `records`
    those records as committed (when the checkout has them), so the first send reads nothing back.
    """

    payment_id: str
    order_id: str
    amount_minor: int
    currency: str
    tip_minor: int = 0
    kind: PaymentKind = PaymentKind.CARD_PRESENT
    keyed_card: KeyedCard | None = field(default=None, repr=False, compare=False)
    keys: Mapping[str, str] = field(default_factory=dict, compare=False)
    records: Mapping[str, StoredRequest] = field(default_factory=dict, repr=False, compare=False)
    actor_id: str | None = None  # who takes it (recorded on the order's events)
    override_by: StaffMember | None = field(default=None, compare=False)  # over an offline cap

    @property
    def charge_minor(self) -> int:
        return self.amount_minor + self.tip_minor


class ResultStatus(enum.Enum):
    APPROVED = "approved"  # money taken: show approved, print receipt, close the order
    DECLINED = "declined"  # card refused: say decline_text, offer another card/method
    CANCELED = "canceled"  # canceled by customer or till; nothing charged
    FAILED = "failed"  # systemic failure (see `failure`), verified nothing charged; safe to try again
    UNKNOWN = "unknown"  # could not learn the outcome: do NOT retry; resolve via reconcile
    STORED = "stored"  # offline: stored on the till to be forwarded ("approved offline" once recorded)


@dataclass(frozen=True)
class PaymentResult:
    status: ResultStatus
    payment_id: str
    amount_minor: int
    tip_minor: int = 0
    payment_intent_id: str | None = None
    brand: str | None = None
    last4: str | None = None
    decline_code: str | None = None
    decline_text: str | None = None
    message: str | None = None
    failure: FailureKind | None = None
    overridden_by: str | None = None  # the manager who allowed a stored payment over an offline cap
    # How the payment's last requests were answered, written in the transaction that records this
    # result (not in one of their own): see `stripe_gateway.AnswerBuffer`.
    answers: tuple[RequestAnswer, ...] = field(default=(), repr=False, compare=False)

    @property
    def record_status(self) -> PaymentStatus:
        return _RECORD_STATUS[self.status]

    @property
    def paid(self) -> bool:
        return self.status is ResultStatus.APPROVED

    @property
    def tendered(self) -> bool:
        """A tender goes on the order: approved, or stored offline to be charged later."""
        return self.status in (ResultStatus.APPROVED, ResultStatus.STORED)


_RECORD_STATUS = {
    ResultStatus.APPROVED: PaymentStatus.SUCCEEDED,
    ResultStatus.DECLINED: PaymentStatus.DECLINED,
    ResultStatus.CANCELED: PaymentStatus.CANCELED,
    ResultStatus.FAILED: PaymentStatus.CANCELED,
    ResultStatus.UNKNOWN: PaymentStatus.UNKNOWN,
    ResultStatus.STORED: PaymentStatus.PENDING,
}


class ReaderAdapter(Protocol):
    """One way of taking a card payment (Stripe Terminal reader, manual entry, offline store).

    An adapter returns results and never writes the store: the checkout records what it returns
    (the Stripe request log is written by the gateway, before each send and after each answer).
    `commits_first`: the payment row is committed before `pay` (anything that talks to Stripe);
    otherwise the row is written when the result is recorded (the offline store sends nothing).
    """

    kind: PaymentKind
    commits_first: bool

    def pay(self, request: PaymentRequest, prompt: Prompt) -> PaymentResult:
        """Run the payment to a result. Blocks; call on a worker thread."""
        ...

    def resolve(
        self, payment: PaymentRecord, requests: Sequence[StoredRequest], prompt: Prompt
    ) -> PaymentResult:
        """Settle a payment left SENDING/UNKNOWN: read Stripe's truth before doing anything new."""
        ...

    def cancel(self) -> None:
        """Ask the running `pay` to stop. Thread-safe, non-blocking; the PaymentIntent decides."""
        ...
