"""The order life cycle: an enum and the one table of allowed transitions.

    OPEN ──► TENDERING ──► PAID ──► PARTIALLY_REFUNDED ──► REFUNDED
      ▲          │           │  └──────────────────────────► ▲
      └──────────┘ (reopen, only before any tender)          │
    OPEN, TENDERING, PAID ──► VOIDED  (same business day, no refunds yet)

    PAID, PARTIALLY_REFUNDED ──► BALANCE_DUE  (a stored payment was declined when it was forwarded)
    TENDERING ──► BALANCE_DUE                  (a sale interrupted part-paid, found at start-up)
    BALANCE_DUE ──► PAID         (another payment, or cash collected, covers it)
    BALANCE_DUE ──► WRITTEN_OFF  (a manager writes the debt off)

OPEN is the only state where lines change. TENDERING locks the cart while money is being taken.
A void cancels the whole sale (money taken is given back by the payments layer); once the business
day is closed, or after any refund, a paid order can only be refunded. BALANCE_DUE says the order
follows its payments: money it counted on was not taken, and until a manager settles it the order
can be neither refunded nor voided. REFUNDED, VOIDED and WRITTEN_OFF are final.
Guards that depend on amounts or dates live in `order.py`; this table says which moves exist.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from dripos_terminal.domain.errors import DomainError
from dripos_terminal.i18n import QT_TRANSLATE_NOOP, Text


class OrderState(enum.Enum):
    OPEN = "open"
    TENDERING = "tendering"
    PAID = "paid"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"
    VOIDED = "voided"
    BALANCE_DUE = "balance_due"  # a payment it counted on was declined: money is owed
    WRITTEN_OFF = "written_off"

    @property
    def label(self) -> Text:
        """The state as staff read it ("partially refunded"), translatable."""
        return STATE_LABELS[self]


STATE_LABELS: Mapping[OrderState, Text] = {
    OrderState.OPEN: QT_TRANSLATE_NOOP("Order", "open"),
    OrderState.TENDERING: QT_TRANSLATE_NOOP("Order", "tendering"),
    OrderState.PAID: QT_TRANSLATE_NOOP("Order", "paid"),
    OrderState.PARTIALLY_REFUNDED: QT_TRANSLATE_NOOP("Order", "partially refunded"),
    OrderState.REFUNDED: QT_TRANSLATE_NOOP("Order", "refunded"),
    OrderState.VOIDED: QT_TRANSLATE_NOOP("Order", "voided"),
    OrderState.BALANCE_DUE: QT_TRANSLATE_NOOP("Order", "balance due"),
    OrderState.WRITTEN_OFF: QT_TRANSLATE_NOOP("Order", "written off"),
}

ALLOWED_TRANSITIONS: Mapping[OrderState, frozenset[OrderState]] = {
    OrderState.OPEN: frozenset({OrderState.TENDERING, OrderState.VOIDED}),
    OrderState.TENDERING: frozenset(
        {OrderState.OPEN, OrderState.PAID, OrderState.VOIDED, OrderState.BALANCE_DUE}
    ),
    OrderState.PAID: frozenset(
        {OrderState.PARTIALLY_REFUNDED, OrderState.REFUNDED, OrderState.VOIDED, OrderState.BALANCE_DUE}
    ),
    # A second partial refund keeps the state: listed so it is an explicit, allowed move.
    OrderState.PARTIALLY_REFUNDED: frozenset(
        {OrderState.PARTIALLY_REFUNDED, OrderState.REFUNDED, OrderState.BALANCE_DUE}
    ),
    # Part of the balance collected, or another stored payment declined: still owed.
    OrderState.BALANCE_DUE: frozenset({OrderState.BALANCE_DUE, OrderState.PAID, OrderState.WRITTEN_OFF}),
    OrderState.REFUNDED: frozenset(),
    OrderState.VOIDED: frozenset(),
    OrderState.WRITTEN_OFF: frozenset(),
}

BALANCE_DUE_TEXT = QT_TRANSLATE_NOOP(
    "Order", "a payment on this order was declined and a balance is due — collect it or write it off first"
)
FINAL_TEXT = QT_TRANSLATE_NOOP("Order", "the order is final")
NOT_ALLOWED_TEXT = QT_TRANSLATE_NOOP("Order", "not an allowed transition")

FINAL_STATES = frozenset(s for s, targets in ALLOWED_TRANSITIONS.items() if not targets)


class InvalidTransition(DomainError):
    """A move the order life cycle does not allow (or whose guard failed)."""

    def __init__(self, current: OrderState, target: OrderState, why: str = "") -> None:
        self.current = current
        self.target = target
        if why:
            text = QT_TRANSLATE_NOOP("Order", "cannot go from {current} to {target}: {why}").format(
                current=current.value, target=target.value, why=why
            )
        else:
            text = QT_TRANSLATE_NOOP("Order", "cannot go from {current} to {target}").format(
                current=current.value, target=target.value
            )
        super().__init__(text)


def check_transition(current: OrderState, target: OrderState) -> None:
    """Raise `InvalidTransition` unless the table allows `current → target`."""
    if target not in ALLOWED_TRANSITIONS[current]:
        raise InvalidTransition(current, target, why_not(current))


def why_not(current: OrderState) -> str:
    """What to tell staff when `current` refuses a move."""
    if current is OrderState.BALANCE_DUE:
        return BALANCE_DUE_TEXT
    return FINAL_TEXT if current in FINAL_STATES else NOT_ALLOWED_TEXT
