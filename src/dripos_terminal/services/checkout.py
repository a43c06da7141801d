"""One sale's tender loop, without Qt: the card dialogs, a command line and the tests drive it alike.

`SaleCheckout` takes the payments of one `SaleSession`: it routes a card tender to the reader path or
to the offline store (`card_route`, from the connectivity state), runs the adapter, records each
tender on the order in the same transaction as the payment's outcome, and completes the order. Its
blocking methods (`start_card`, `run_card`, `check_card`, `store_offline`, `complete`) run on a
worker; the sale it holds is updated only from a committed order (`SaleSession.adopt`), so whatever a
screen shows about money was durable before it was shown.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from dripos_terminal.domain.card import KeyedCard
from dripos_terminal.domain.order_state import OrderState
from dripos_terminal.domain.payment import PaymentKind
from dripos_terminal.domain.staff import StaffMember
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.payments.offline_capture import OfflineCapture, OfflineCaptureResult
from dripos_terminal.payments.ports import NullPrompt, PaymentRequest, PaymentResult, Prompt, ResultStatus
from dripos_terminal.services.card_payments import CardCheckout, CheckoutError
from dripos_terminal.services.sales import SaleSession, SalesService
from dripos_terminal.services.views import OrderView
from dripos_terminal.store.orders_repo import OrderRecord


class CardRoute(enum.Enum):
    READER = "reader"  # online: the Stripe Terminal reader (or keyed entry, sent at once)
    OFFLINE = "offline"  # stored on the till, forwarded when Stripe is back
    NONE = "none"  # no card payments on this till


@dataclass(frozen=True)
class TenderOutcome:
    """A card payment's recorded result and, when it went on the order, the order as committed."""

    result: PaymentResult
    order: OrderRecord | None = None

    @property
    def paid(self) -> bool:
        """The order is fully paid and committed as such."""
        return self.order is not None and self.order.status == OrderState.PAID.value


class SaleCheckout:
    def __init__(
        self,
        sale: SaleSession,
        sales: SalesService,
        *,
        cards: CardCheckout | None = None,
        offline: CardCheckout | None = None,
        policy: OfflineCapture | None = None,
        takes_offline: Callable[[], bool] = lambda: False,
    ) -> None:
        self.sale = sale
        self._sales = sales
        self._cards = cards  # the reader and keyed adapters
        self._offline = offline  # the offline store adapter
        self._policy = policy
        self._takes_offline = takes_offline

    @property
    def card_route(self) -> CardRoute:
        """Where a card tender goes now: chosen from the connectivity state."""
        if self._offline is not None and self._takes_offline():
            return CardRoute.OFFLINE
        return CardRoute.READER if self._cards is not None else CardRoute.NONE

    def _path(self, kind: PaymentKind) -> CardCheckout:
        path = self._offline if kind is PaymentKind.OFFLINE_CARD else self._cards
        if path is None:
            raise CheckoutError(QT_TRANSLATE_NOOP("CardPayment", "Those card payments are off on this till"))
        return path

    # -- card tenders -------------------------------------------------------------------------------

    def start_card(
        self,
        kind: PaymentKind,
        amount_minor: int,
        tip_minor: int,
        keyed_card: KeyedCard | None = None,
        *,
        override_by: StaffMember | None = None,
    ) -> PaymentRequest:
        """BLOCKING: a new card payment for this sale (online: the order and the payment row are
        committed now, before anything is sent)."""
        order = self.sale.order
        return self._path(kind).start(
            order.order_id,
            amount_minor,
            order.currency.lower(),
            tip_minor=tip_minor,
            kind=kind,
            keyed_card=keyed_card,
            sale=self.sale,
            override_by=override_by,
        )

    def run_card(self, request: PaymentRequest, prompt: Prompt) -> TenderOutcome:
        """BLOCKING: take (or store) the payment; returns once its outcome and its tender are committed."""
        recorded = self._path(request.kind).run_recorded(request, prompt)
        return self._settled(request.kind, recorded.result, recorded.order)

    def pay_card(
        self,
        kind: PaymentKind,
        amount_minor: int,
        tip_minor: int,
        prompt: Prompt,
        keyed_card: KeyedCard | None = None,
        *,
        started: Callable[[PaymentRequest], None] | None = None,
    ) -> TenderOutcome:
        """BLOCKING: `start_card` then `run_card` at once, as the card dialog does: the payment row is
        committed already SENDING with the order (one commit fewer); `started` is told in between."""
        order = self.sale.order
        request = self._path(kind).start(
            order.order_id,
            amount_minor,
            order.currency.lower(),
            tip_minor=tip_minor,
            kind=kind,
            keyed_card=keyed_card,
            sale=self.sale,
            send_now=True,
        )
        if started is not None:
            started(request)
        return self.run_card(request, prompt)

    def check_card(self, payment_id: str, prompt: Prompt) -> TenderOutcome:
        """BLOCKING: settle an unconfirmed payment against Stripe (the same PaymentIntent) and record it."""
        return self._settled(
            PaymentKind.CARD_PRESENT, self._path(PaymentKind.CARD_PRESENT).resolve(payment_id, prompt)
        )

    def cancel_card(self, kind: PaymentKind) -> None:
        """Ask the running card payment to stop; returns at once (the PaymentIntent decides)."""
        if self._cards is not None and kind is not PaymentKind.OFFLINE_CARD:
            self._cards.cancel(kind)

    def _settled(
        self, kind: PaymentKind, result: PaymentResult, order: OrderRecord | None = None
    ) -> TenderOutcome:
        if result.status is ResultStatus.STORED:
            return TenderOutcome(result, self.sale.record)  # the sale adopted it in the commit
        if not result.paid:
            return TenderOutcome(result)
        # The order as the outcome's commit left it, else (settled elsewhere) as it is now.
        record = order or self._path(kind).order_record(self.sale.order.order_id)
        if record is not None:
            self.sale.adopt(record)
        return TenderOutcome(result, record)

    def store_offline(
        self,
        amount_minor: int,
        tip_minor: int,
        card: KeyedCard,
        *,
        override_by: StaffMember | None = None,
    ) -> OfflineCaptureResult:
        """BLOCKING: store the card payment and its tender on the order in ONE transaction; raises
        `OfflineCaptureError` (nothing stored) when offline entry or the caps refuse it."""
        request = self.start_card(
            PaymentKind.OFFLINE_CARD, amount_minor, tip_minor, card, override_by=override_by
        )
        result = self.run_card(request, NullPrompt()).result
        stored = self._path(PaymentKind.OFFLINE_CARD).payment(result.payment_id)
        summary = self._policy.queue_summary() if self._policy is not None else None
        return OfflineCaptureResult(
            payment_id=stored.id,
            order_id=stored.order_id,
            amount_minor=stored.amount_minor,
            tip_minor=stored.tip_minor,
            currency=stored.currency,
            brand=stored.brand or "unknown",
            last4=stored.last4 or "",
            stored_at=stored.stored_at,
            overridden_by=result.overridden_by,
            summary=summary,
        )

    # -- the end ------------------------------------------------------------------------------------

    def complete(self) -> OrderView:
        """BLOCKING: commit the paid order (a no-op when its last card tender already did)."""
        return self._sales.complete(self.sale)
