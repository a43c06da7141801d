"""Sales tax by tax class, in basis points, with one documented rounding rule.

Rounding rule (the one place it is decided):
  tax for a class = round_half_up(taxable base of that class × rate_bp / 10 000)
where the taxable base is the sum of that class's line amounts *after* line discounts and after
each line's share of any order discount. Tax is rounded once per class per order, not per line:
per-line rounding drifts by up to half a cent per line on a long order, and US states that publish
a rule accept (most require) computing on the invoice total per rate. Halves round up (away from
zero), the common "bracket" convention. Tax-inclusive pricing is not supported: prices are net.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from dripos_terminal.domain.errors import DomainError
from dripos_terminal.domain.money import BASIS_POINTS_PER_WHOLE, div_round_half_up

MAX_RATE_BP = 5_000  # 50 %: anything above is a typo (875 meant, 8750 typed)


class TaxError(DomainError):
    """A tax class without a rate, or a rate out of range."""


@dataclass(frozen=True)
class TaxTable:
    """Rates in basis points per tax class id (875 = 8.75 %). Snapshotted into each order."""

    rates_bp: Mapping[str, int]

    def __post_init__(self) -> None:
        for tax_class, rate in self.rates_bp.items():
            if type(rate) is not int or not 0 <= rate <= MAX_RATE_BP:
                raise TaxError(
                    f"tax class {tax_class!r}: rate must be an int 0..{MAX_RATE_BP} bp, got {rate!r}"
                )
        object.__setattr__(self, "rates_bp", dict(self.rates_bp))

    def rate(self, tax_class: str) -> int:
        try:
            return self.rates_bp[tax_class]
        except KeyError:
            raise TaxError(f"no tax rate configured for tax class {tax_class!r}") from None

    def to_dict(self) -> dict[str, int]:
        return dict(self.rates_bp)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TaxTable:
        return cls(dict(data))


@dataclass(frozen=True, slots=True)
class TaxLine:
    """Tax owed for one class: `tax` minor units on `base` minor units at `rate_bp`."""

    tax_class: str
    base: int
    rate_bp: int
    tax: int


def tax_on(base: int, rate_bp: int) -> int:
    """Tax on a non-negative base, rounded half-up to a minor unit."""
    if base < 0:
        raise TaxError("taxable base cannot be negative")
    return div_round_half_up(base * rate_bp, BASIS_POINTS_PER_WHOLE)


def compute_taxes(lines: Iterable[tuple[str, int]], table: TaxTable) -> tuple[TaxLine, ...]:
    """Group `(tax_class, taxable amount)` pairs by class and tax each class once.

    Returned sorted by class id so receipts and reports are stable; zero-rate classes are included
    (a receipt may show "Grocery 0.00 %").
    """
    bases: dict[str, int] = {}
    for tax_class, amount in lines:
        bases[tax_class] = bases.get(tax_class, 0) + amount
    return tuple(
        TaxLine(cls, base, table.rate(cls), tax_on(base, table.rate(cls)))
        for cls, base in sorted(bases.items())
    )
