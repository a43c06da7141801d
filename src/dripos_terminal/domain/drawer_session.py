"""A cash drawer session: opened with a counted float, paid in / paid out with a reason, counted and
closed. One table of moves; the drawer identity itself is `cash.expected_cash`.

    OPEN ──► CLOSED     (closed with a count by denomination; a closed session never changes)
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from dripos_terminal.domain.cash import expected_cash
from dripos_terminal.domain.errors import DomainError


class DrawerState(enum.Enum):
    OPEN = "open"
    CLOSED = "closed"


ALLOWED_TRANSITIONS: dict[DrawerState, frozenset[DrawerState]] = {
    DrawerState.OPEN: frozenset({DrawerState.CLOSED}),
    DrawerState.CLOSED: frozenset(),
}


class MovementKind(enum.Enum):
    PAID_IN = "paid_in"  # cash put in that is not a sale (change from the bank)
    PAID_OUT = "paid_out"  # cash taken out that is not a refund (milk from the shop next door)
    COUNT = "count"  # a count while open (a mid-shift check); moves no money


class DrawerError(DomainError):
    """A drawer operation refused (no open session, one already open, a reason missing)."""


def check_transition(current: DrawerState, target: DrawerState) -> None:
    if target not in ALLOWED_TRANSITIONS[current]:
        raise DrawerError(f"a {current.value} drawer session cannot become {target.value}")


@dataclass(frozen=True)
class DrawerSummary:
    """The drawer's numbers (minor units); `counted`/`variance` are None until it is counted."""

    float_minor: int
    cash_sales: int
    cash_refunds: int
    paid_in: int
    paid_out: int
    counted: int | None = None

    @property
    def expected(self) -> int:
        return expected_cash(
            float_minor=self.float_minor,
            cash_sales=self.cash_sales,
            cash_refunds=self.cash_refunds,
            paid_in=self.paid_in,
            paid_out=self.paid_out,
        )

    @property
    def variance(self) -> int | None:
        return None if self.counted is None else self.counted - self.expected
