"""Cash in the drawer: counted by denomination, and what the drawer should hold.

A count is a number of pieces per denomination (in minor units: a $20 bill is 2000); its total is
exact integer arithmetic. The drawer's identity (money rules, close-out):

    expected = float + cash sales − cash refunds + paid in − paid out
    variance = counted − expected      (negative: cash is missing)

where cash sales are the cash tenders taken while the drawer was open (amount + tip: the change went
straight back out) and cash refunds every cash given back, by a refund or a void.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dripos_terminal.domain.errors import DomainError
from dripos_terminal.domain.money import normalize_currency

# Notes and coins a till meets, largest first, in minor units.
DENOMINATIONS: Mapping[str, tuple[int, ...]] = {
    "USD": (10000, 5000, 2000, 1000, 500, 200, 100, 25, 10, 5, 1),
    "CAD": (10000, 5000, 2000, 1000, 500, 200, 100, 25, 10, 5),
    "AUD": (10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5),
    "NZD": (10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10),
    "EUR": (50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1),
    "GBP": (5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1),
    "CHF": (20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5),
    "JPY": (10000, 5000, 2000, 1000, 500, 100, 50, 10, 5, 1),
}
MAX_PIECES = 100_000  # per denomination: a typo, not a drawer


class CashCountError(DomainError):
    """A count that cannot be right (an unknown denomination, a negative number of pieces)."""


def denominations(currency: str) -> tuple[int, ...]:
    return DENOMINATIONS.get(normalize_currency(currency), (1,))


@dataclass(frozen=True)
class CashCount:
    """Pieces per denomination (minor units → count); zero counts are dropped."""

    currency: str
    pieces: Mapping[int, int]

    def __post_init__(self) -> None:
        allowed = set(denominations(self.currency))
        cleaned: dict[int, int] = {}
        for value, count in self.pieces.items():
            if type(value) is not int or type(count) is not int:
                raise CashCountError("denominations and counts are whole numbers")
            if value not in allowed:
                raise CashCountError(f"{value} is not a {normalize_currency(self.currency)} note or coin")
            if not 0 <= count <= MAX_PIECES:
                raise CashCountError(f"{count} pieces of {value} cannot be right")
            if count:
                cleaned[value] = count
        object.__setattr__(self, "currency", normalize_currency(self.currency))
        object.__setattr__(self, "pieces", dict(sorted(cleaned.items(), reverse=True)))

    @property
    def total(self) -> int:
        return sum(value * count for value, count in self.pieces.items())

    def to_dict(self) -> dict[str, int]:
        return {str(value): count for value, count in self.pieces.items()}

    @classmethod
    def from_dict(cls, currency: str, data: Mapping[str, int]) -> CashCount:
        try:
            return cls(currency, {int(k): int(v) for k, v in data.items()})
        except (TypeError, ValueError) as exc:
            raise CashCountError(f"not a cash count: {exc}") from None

    @classmethod
    def parse(cls, currency: str, items: Iterable[str]) -> CashCount:
        """`["2000x3", "25x8"]` (denomination in minor units × pieces), as the command line takes it."""
        pieces: dict[int, int] = {}
        for item in items:
            value, sep, count = item.lower().partition("x")
            if not sep or not value.strip().isdigit() or not count.strip().isdigit():
                raise CashCountError(f"{item!r}: write DENOMINATIONxPIECES, e.g. 2000x3 for three $20 notes")
            pieces[int(value)] = pieces.get(int(value), 0) + int(count)
        return cls(currency, pieces)


def expected_cash(
    *, float_minor: int, cash_sales: int, cash_refunds: int, paid_in: int, paid_out: int
) -> int:
    """What the drawer should hold (the drawer identity)."""
    return float_minor + cash_sales - cash_refunds + paid_in - paid_out
