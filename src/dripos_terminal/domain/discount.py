"""Discounts: a percentage (basis points) or a fixed amount, always carrying who authorised it.

Whether the person *may* discount is the caller's business (`staff.Permission.DISCOUNT`, manager
override); the domain only refuses discounts that make no sense, such as more than the amount.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dripos_terminal.domain.errors import DomainError
from dripos_terminal.domain.money import BASIS_POINTS_PER_WHOLE, div_round_half_up
from dripos_terminal.i18n import QT_TRANSLATE_NOOP


class DiscountError(DomainError):
    """A discount that is malformed or larger than what it applies to."""


class DiscountKind(enum.Enum):
    PERCENT = "percent"  # value in basis points: 1 000 = 10 %
    FIXED = "fixed"  # value in minor units of the order currency


@dataclass(frozen=True, slots=True)
class Discount:
    kind: DiscountKind
    value: int
    authorised_by: str  # staff id of whoever approved it (the manager on an override)
    reason: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.kind, DiscountKind):
            raise DiscountError(f"unknown discount kind {self.kind!r}")
        if type(self.value) is not int or self.value <= 0:
            raise DiscountError(QT_TRANSLATE_NOOP("Discount", "A discount must be a positive whole number."))
        if self.kind is DiscountKind.PERCENT and self.value > BASIS_POINTS_PER_WHOLE:
            raise DiscountError(QT_TRANSLATE_NOOP("Discount", "A percentage discount cannot exceed 100 %."))
        if not isinstance(self.authorised_by, str) or not self.authorised_by:
            raise DiscountError("a discount must name who authorised it")

    @classmethod
    def percent(cls, bp: int, authorised_by: str, reason: str = "") -> Discount:
        return cls(DiscountKind.PERCENT, bp, authorised_by, reason)

    @classmethod
    def fixed(cls, minor_units: int, authorised_by: str, reason: str = "") -> Discount:
        return cls(DiscountKind.FIXED, minor_units, authorised_by, reason)

    def amount_off(self, base: int) -> int:
        """Minor units taken off `base`. Percentages round half-up (the half cent goes to the
        customer); a fixed discount larger than `base` is refused, never silently capped."""
        if base < 0:
            raise DiscountError("cannot discount a negative amount")
        if self.kind is DiscountKind.PERCENT:
            return div_round_half_up(base * self.value, BASIS_POINTS_PER_WHOLE)
        if self.value > base:
            raise DiscountError(
                QT_TRANSLATE_NOOP(
                    "Discount", "A discount of {discount} is more than the {base} it applies to."
                ).format(discount=self.value, base=base)
            )
        return self.value

    def label(self) -> str:
        """Short text for a receipt: "10%" / "12.5%"; fixed discounts are formatted by the caller."""
        if self.kind is DiscountKind.PERCENT:
            whole, frac = divmod(self.value, 100)
            return f"{whole}%" if not frac else f"{whole}.{frac:02d}".rstrip("0") + "%"
        return "fixed"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "value": self.value,
            "authorised_by": self.authorised_by,
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Discount:
        return cls(DiscountKind(data["kind"]), data["value"], data["authorised_by"], data.get("reason", ""))
