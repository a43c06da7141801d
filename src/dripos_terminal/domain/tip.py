"""Tips: preset percentages and custom amounts, always separate from the sale amount.

Tip base: the pre-tax total after all discounts (`Totals.net`). Tipping on tax is not customary,
and tipping on the undiscounted price would make a comped drink cost the customer a tip on money
they never paid. Percentages round half-up to a minor unit. A tip is recorded on the tender that
pays it (`Tender.tip`), never added to the order total, so sales, tax and tip stay separate in
every report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dripos_terminal.domain.errors import DomainError
from dripos_terminal.domain.money import Money
from dripos_terminal.i18n import QT_TRANSLATE_NOOP

DEFAULT_PRESETS_BP: tuple[int, ...] = (1500, 1800, 2000, 2500)
MAX_TIP_BP = 10_000  # a preset above 100 % is a configuration mistake


class TipError(DomainError):
    """A negative tip, a preset out of range, or a tip in another currency."""


@dataclass(frozen=True, slots=True)
class TipOption:
    """One button on the tip screen: "18%  $1.17"."""

    rate_bp: int
    amount: Money

    @property
    def label(self) -> str:
        whole, frac = divmod(self.rate_bp, 100)
        return f"{whole}%" if not frac else f"{whole}.{frac:02d}".rstrip("0") + "%"


def tip_for_rate(base: Money, rate_bp: int) -> Money:
    """`rate_bp` of `base` (the order's `Totals.net`), rounded half-up."""
    if type(rate_bp) is not int or not 0 <= rate_bp <= MAX_TIP_BP:
        raise TipError(f"tip rate must be 0..{MAX_TIP_BP} bp, got {rate_bp!r}")
    if base.is_negative:
        raise TipError("tip base cannot be negative")
    return base.basis_points(rate_bp)


def tip_options(base: Money, presets_bp: Sequence[int] = DEFAULT_PRESETS_BP) -> tuple[TipOption, ...]:
    """The preset buttons for `base`; config gives whole percents, so pass `p * 100`."""
    return tuple(TipOption(bp, tip_for_rate(base, bp)) for bp in presets_bp)


def custom_tip(amount: Money, currency: str) -> Money:
    """Validate a tip typed by hand (use `Money.parse` first): non-negative, right currency."""
    if amount.currency != Money.zero(currency).currency:
        raise TipError(f"tip is in {amount.currency}, order in {currency.upper()}")
    if amount.is_negative:
        raise TipError(QT_TRANSLATE_NOOP("Tender", "A tip cannot be negative."))
    return amount
