"""One sale's tender loop, without Qt: the card dialogs, a command line and the tests drive it alike.

`SaleCheckout` takes the payments of one `SaleSession`: it routes a card tender to the reader path or
to offline storage (`card_route`, from the connectivity state), runs it, records each tender on the
order in the same transaction as the payment's outcome, and completes the order. Its blocking methods
(`start_card`, `run_card`, `check_card`, `store_offline`, `complete`) run on a worker; the sale it
holds is updated only from a committed order (`SaleSession.adopt`), so whatever a screen shows about
money was durable before it was shown.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from dripos_terminal.domain.card import KeyedCard
from dripos_terminal.domain.money import Money
from dripos_terminal.domain.order import Order
from dripos_terminal.domain.order_state import OrderState
from dripos_terminal.domain.payment import PaymentKind
from dripos_terminal.domain.staff import StaffMember
from dripos_terminal.domain.tender import TenderKind, card_tender
from dripos_terminal.payments.offline_capture import OfflineCapture, OfflineCaptureResult
from dripos_terminal.payments.ports import PaymentRequest, PaymentResult, Prompt
from dripos_terminal.services.card_payments import CardCheckout, CheckoutError
from dripos_terminal.services.order_book import card_info
from dripos_terminal.services.sales import SaleSession, SalesService
from dripos_terminal.services.views import OrderView
from dripos_terminal.store.database import Connection
from dripos_terminal.store.orders_repo import OrderRecord
from dripos_terminal.store.payment_records import PaymentRecord


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
        offline: OfflineCapture | None = None,
        takes_offline: Callable[[], bool] = lambda: False,
    ) -> None:
        self.sale = sale
        self._sales = sales
        self._cards = cards
        self._offline = offline
        self._takes_offline = takes_offline

    @property
    def card_route(self) -> CardRoute:
        if self._offline is not None and self._takes_offline():
            return CardRoute.OFFLINE
        return CardRoute.READER if self._cards is not None else CardRoute.NONE

    # -- card, online -------------------------------------------------------------------------------

    def _card_path(self) -> CardCheckout:
        if self._cards is None:
            raise CheckoutError("Card payments are off on this till")
        return self._cards

    def start_card(
        self, kind: PaymentKind, amount_minor: int, tip_minor: int, keyed_card: KeyedCard | None = None
    ) -> PaymentRequest:
        """BLOCKING: commit the order and the payment row (nothing sent yet)."""
        order = self.sale.order
        return self._card_path().start(
            order.order_id,
            amount_minor,
            order.currency.lower(),
            tip_minor=tip_minor,
            kind=kind,
            keyed_card=keyed_card,
            sale=self.sale,
        )

    def run_card(self, request: PaymentRequest, prompt: Prompt) -> TenderOutcome:
        """BLOCKING: take the payment; returns once its outcome (and tender) is committed."""
        return self._settled(self._card_path().run(request, prompt))

    def check_card(self, payment_id: str, prompt: Prompt) -> TenderOutcome:
        """BLOCKING: settle an unconfirmed payment against Stripe (the same PaymentIntent) and record it."""
        return self._settled(self._card_path().resolve(payment_id, prompt))

    def cancel_card(self, kind: PaymentKind) -> None:
        """Ask the running card payment to stop; returns at once (the PaymentIntent decides)."""
        if self._cards is not None:
            self._cards.cancel(kind)

    def _settled(self, result: PaymentResult) -> TenderOutcome:
        if not result.paid:
            return TenderOutcome(result)
        record = self._card_path().order_record(self.sale.order.order_id)
        if record is not None:
            self.sale.adopt(record)
        return TenderOutcome(result, record)

    # -- card, offline ------------------------------------------------------------------------------

    def store_offline(
        self,
        amount_minor: int,
        tip_minor: int,
        card: KeyedCard,
        *,
        actor: StaffMember,
        override_by: StaffMember | None = None,
    ) -> OfflineCaptureResult:
        """BLOCKING: store the card payment and its tender on the order in ONE transaction."""
        if self._offline is None:
            raise CheckoutError("Offline card payments are off on this till")
        sale, book = self.sale, self._sales.book
        base = sale.order.to_dict()
        currency = sale.order.currency
        saved: list[OrderRecord] = []

        def with_order(conn: Connection, payment: PaymentRecord) -> None:
            order = Order.from_dict(base)  # the sale in memory changes only after the commit
            tender = card_tender(
                f"tnd-{payment.id}",
                TenderKind.OFFLINE_CARD,
                Money(payment.amount_minor, currency),
                card=card_info(payment),
                reference=payment.id,
                tip=Money(payment.tip_minor, currency),
            )
            order.add_tender(tender, staff_id=actor.staff_id, at=self._sales.clock.now())
            paid = order.state is OrderState.PAID
            saved.append(
                book.save_in(
                    conn,
                    order,
                    actor_id=actor.staff_id,
                    event="paid" if paid else "tender_added",
                    payload={"payment_id": payment.id, "kind": payment.kind.value},
                    base_version=sale.version,
                )
            )

        stored = self._offline.capture(
            sale.order.order_id,
            amount_minor,
            card,
            actor_id=actor.staff_id,
            tip_minor=tip_minor,
            override_by=override_by,
            with_order=with_order,
        )
        sale.adopt(saved[0])
        return stored

    # -- the end ------------------------------------------------------------------------------------

    def complete(self) -> OrderView:
        """BLOCKING: commit the paid order (a no-op when its last card tender already did)."""
        return self._sales.complete(self.sale)
