"""Start-up, before anything is sold: finish what the last run left half-done (no Qt; usable by a CLI).

1. Every card payment left PENDING/SENDING/UNKNOWN is settled against Stripe and recorded, which puts an
   approved one on its order in the same transaction (`CardCheckout.reconcile_unknown`).
2. Every order the last run left open is finished (`SalesService.finish_interrupted`): paid in full →
   paid; part-paid → a balance due a manager sees in Orders; nothing taken → voided as abandoned. An
   order whose card payment Stripe could not confirm yet is left as it is (it is checked again later).

A crash anywhere between a card approval and its order's completion therefore never outlives the next
start: nothing is lost and nothing is charged twice (a payment is only ever settled under its own key).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dripos_terminal.payments.ports import PaymentResult, ResultStatus
from dripos_terminal.services.card_payments import CARD_KINDS, CardCheckout
from dripos_terminal.services.sales import SalesService
from dripos_terminal.services.views import OrderView
from dripos_terminal.store.payments import PaymentStore


@dataclass(frozen=True)
class Recovery:
    payments: list[PaymentResult] = field(default_factory=list)  # the card payments settled now
    orders: list[OrderView] = field(default_factory=list)  # the orders finished now

    @property
    def unresolved(self) -> bool:
        """Some card payment could not be confirmed with Stripe yet."""
        return any(r.status is ResultStatus.UNKNOWN for r in self.payments)


def recover_at_start_up(cards: CardCheckout, sales: SalesService, payments: PaymentStore) -> Recovery:
    """BLOCKING (database and network): call once, on a worker, before the Card button is enabled."""
    settled = cards.reconcile_unknown()
    waiting = {p.order_id for p in payments.unresolved(CARD_KINDS)}
    return Recovery(settled, sales.finish_interrupted(waiting))
