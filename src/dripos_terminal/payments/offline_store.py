"""The offline store as a reader adapter: while the till is offline, a keyed card is stored, not sent.

Same port as the Stripe Terminal and manual-entry adapters. Nothing goes to Stripe now, so `pay`
only says the card is to be stored (`ResultStatus.STORED`) and writes nothing; the checkout records
it in ONE transaction — the payment row (PENDING, with the card number, expiry and postal code until
the payment is final; never the CVC), the two requests the forwarder will send later
(`initial_requests`: our idempotency keys with frozen params that hold no card data), an audit entry,
and the tender on its order — after `check_in` has checked, inside that same transaction, that
offline entry is on and the caps allow it (or a manager's override does). Only that commit makes the
till say "Approved (offline)".
"""

from __future__ import annotations

from collections.abc import Sequence

from dripos_terminal.clock import Clock
from dripos_terminal.domain.payment import PaymentKind
from dripos_terminal.payments.offline_capture import OfflineCapture, forward_requests
from dripos_terminal.payments.ports import PaymentRequest, PaymentResult, Prompt, ResultStatus
from dripos_terminal.store.database import Connection
from dripos_terminal.store.payment_records import NewPayment, NewRequest, PaymentRecord, StoredRequest


def new_payment(request: PaymentRequest) -> NewPayment:
    """The payment row for a request (brand, last 4 and expiry from the keyed card)."""
    card = request.keyed_card
    return NewPayment(
        id=request.payment_id,
        order_id=request.order_id,
        kind=request.kind,
        amount_minor=request.amount_minor,
        tip_minor=request.tip_minor,
        currency=request.currency,
        brand=card.brand.value if card else None,
        last4=card.last4 if card else None,
        exp_month=card.expiry.month if card else None,
        exp_year=card.expiry.year if card else None,
    )


class OfflineStoreAdapter:
    kind = PaymentKind.OFFLINE_CARD
    commits_first = False

    def __init__(self, policy: OfflineCapture, clock: Clock, *, till_id: str) -> None:
        self._policy = policy
        self._clock = clock
        self._till_id = till_id

    def initial_requests(self, request: PaymentRequest) -> Sequence[NewRequest]:
        return forward_requests(new_payment(request), till_id=self._till_id, stored_at=self._clock.now())

    def pay(self, request: PaymentRequest, prompt: Prompt) -> PaymentResult:
        card = request.keyed_card
        if card is None or card.dropped:
            raise ValueError("an offline payment needs a KeyedCard that was not dropped")
        return PaymentResult(
            ResultStatus.STORED,
            request.payment_id,
            request.amount_minor,
            request.tip_minor,
            brand=card.brand.value,
            last4=card.last4,
        )

    def check_in(self, conn: Connection, request: PaymentRequest) -> str | None:
        """Inside the storing transaction: raises when the payment may not be stored; returns the
        manager whose override allowed it over a cap."""
        return self._policy.check_in(
            conn,
            request.payment_id,
            request.charge_minor,
            actor_id=request.actor_id,
            override_by=request.override_by,
        )

    def resolve(
        self, payment: PaymentRecord, requests: Sequence[StoredRequest], prompt: Prompt
    ) -> PaymentResult:
        """A stored payment is settled by the forwarder, never here."""
        return PaymentResult(ResultStatus.UNKNOWN, payment.id, payment.amount_minor, payment.tip_minor)

    def cancel(self) -> None:
        return None
