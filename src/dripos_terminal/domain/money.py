"""Money as integer minor units with a currency, the integer rounding the whole till uses, and the
one money formatter (`format_money`).

Never float: a float cannot hold 0.10 exactly, and a till that is off by a cent at close of day is
a till nobody trusts. Every division in the domain goes through `div_round_half_up` or `allocate`.

Amounts are written for a locale by Babel from CLDR's data (`format_money`: "$4.50" in en_US,
"4,50 €" in es_ES, "¥500"), through `Decimal`, never float. Screens, receipts and messages all call
it, with the shop's locale (`config.display.locale`); `Money.format()` without one writes en_US.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from dripos_terminal.domain.errors import DomainError

# ISO 4217 exponents for the currencies a coffee shop till is likely to meet. A currency outside
# this table is refused rather than guessed, because a wrong exponent is a 100x pricing error.
CURRENCY_EXPONENTS: dict[str, int] = {
    "USD": 2,
    "CAD": 2,
    "AUD": 2,
    "NZD": 2,
    "EUR": 2,
    "GBP": 2,
    "CHF": 2,
    "JPY": 0,
}
DEFAULT_LOCALE = "en_US"
# The symbols a person may type in front of an amount (`parse_money`); writing is `format_money`'s.
_SYMBOLS: dict[str, str] = {
    "USD": "$",
    "CAD": "$",
    "AUD": "$",
    "NZD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
}

BASIS_POINTS_PER_WHOLE = 10_000  # 1 bp = 0.01 %, so 10 000 bp = 100 %


class MoneyError(DomainError):
    """Bad amount, unknown currency or unparseable user text."""


class CurrencyMismatchError(MoneyError):
    """Arithmetic or comparison between two different currencies."""


def normalize_currency(code: str) -> str:
    """Return the upper-case ISO code ("usd" → "USD"); raise `MoneyError` if unknown."""
    upper = code.upper()
    if upper not in CURRENCY_EXPONENTS:
        raise MoneyError(f"unsupported currency {code!r}")
    return upper


def _require_int(value: object, what: str) -> int:
    # bool is an int subclass; True cents is always a bug.
    if type(value) is not int:
        raise MoneyError(f"{what} must be an int, got {type(value).__name__}")
    return value


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount: `amount` minor units (cents) of `currency` (ISO 4217, stored upper-case)."""

    amount: int
    currency: str

    def __post_init__(self) -> None:
        _require_int(self.amount, "amount")
        if not isinstance(self.currency, str):
            raise MoneyError("currency must be a str")
        # Normalise so Money(1, "usd") == Money(1, "USD"): config and Stripe use lower case.
        object.__setattr__(self, "currency", normalize_currency(self.currency))

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    @classmethod
    def parse(cls, text: str, currency: str, *, allow_negative: bool = False) -> Money:
        return parse_money(text, currency, allow_negative=allow_negative)

    @classmethod
    def total(cls, items: Iterable[Money], currency: str) -> Money:
        """Sum of `items` (empty → zero); refuses items in another currency."""
        result = cls.zero(currency)
        for item in items:
            result = result + item
        return result

    # -- arithmetic ---------------------------------------------------------------------------
    def _same(self, other: object) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatchError(f"cannot combine {self.currency} with {other.currency}")
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._same(other).amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._same(other).amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __mul__(self, factor: int) -> Money:
        return Money(self.amount * _require_int(factor, "factor"), self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same(other).amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._same(other).amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._same(other).amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._same(other).amount

    def __bool__(self) -> bool:
        return self.amount != 0

    @property
    def is_zero(self) -> bool:
        return self.amount == 0

    @property
    def is_negative(self) -> bool:
        return self.amount < 0

    def basis_points(self, bp: int) -> Money:
        """`bp`/10 000 of this amount, rounded half-up (away from zero) to a minor unit."""
        return Money(
            div_round_half_up(self.amount * _require_int(bp, "bp"), BASIS_POINTS_PER_WHOLE), self.currency
        )

    # -- display and persistence --------------------------------------------------------------
    def format(self, locale: str = DEFAULT_LOCALE) -> str:
        """ "$4.50", "-$1.00", "$1,234.00", "¥500" in en_US; "4,50 €" in es_ES (`format_money`)."""
        return format_money(self.amount, self.currency, locale)

    def __str__(self) -> str:
        return self.format()

    def to_dict(self) -> dict[str, int | str]:
        return {"amount": self.amount, "currency": self.currency}

    @classmethod
    def from_dict(cls, data: object) -> Money:
        if not isinstance(data, dict) or set(data) != {"amount", "currency"}:
            raise MoneyError(f"not a money document: {data!r}")
        return cls(data["amount"], data["currency"])


def format_money(amount: int, currency: str, locale: str = DEFAULT_LOCALE) -> str:
    """`amount` minor units of `currency` written for `locale`: "$1,234.50" (en_US), "1.234,50 €"
    (es_ES), "¥500"; a minus sign where the locale puts it. Exact: minor units become a `Decimal`."""
    cur = normalize_currency(currency)
    value = Decimal(_require_int(amount, "amount")).scaleb(-CURRENCY_EXPONENTS[cur])
    return _format_currency(value, cur, locale)


@lru_cache(maxsize=4096)
def _format_currency(value: Decimal, currency: str, locale: str) -> str:
    # Cached: a screen redraw formats the same few amounts many times, and CLDR lookups are not free.
    from babel.numbers import format_currency, get_currency_symbol  # here: Babel's import is ~20 ms

    text = str(format_currency(value, currency, locale=locale))
    return _spaced(text, str(get_currency_symbol(currency, locale=locale)))


def _spaced(text: str, symbol: str) -> str:
    """CLDR's currency spacing, which Babel leaves out: a symbol ending in a letter gets a no-break
    space before the digits ("CHF 4.50", never "CHF4.50"); "$4.50" and "4,50 €" are left alone."""
    at = text.find(symbol)
    if at < 0 or not symbol[-1].isalpha():
        return text
    end = at + len(symbol)
    if end < len(text) and text[end].isdigit():
        return f"{text[:end]}\u00a0{text[end:]}"
    return text


def parse_money(text: str, currency: str, *, allow_negative: bool = False) -> Money:
    """Parse what a person typed: "4.5" → 450 cents, "$4.50" → 450, "4" → 400.

    Strict on purpose: ASCII digits only, at most one decimal point, no more fraction digits than
    the currency has ("4.555" is refused, never rounded), no exponents, no grouping commas, an
    optional leading symbol of this currency, a sign only when `allow_negative`.
    """
    cur = normalize_currency(currency)
    exp = CURRENCY_EXPONENTS[cur]
    symbol = re.escape(_SYMBOLS.get(cur, cur))
    fraction = rf"(?:\.(?P<frac>[0-9]{{1,{exp}}}))?" if exp else ""
    # [0-9], not \d: \d also matches Arabic-Indic and other Unicode digits.
    pattern = rf"(?P<sign>-)?(?:{symbol})?(?P<units>[0-9]{{1,9}}){fraction}"
    match = re.fullmatch(pattern, text.strip()) if isinstance(text, str) else None
    if match is None:
        raise MoneyError(f"{text!r} is not an amount of {cur}")
    if match["sign"] and not allow_negative:
        raise MoneyError(f"{text!r}: negative amounts are not allowed here")
    frac = (match.groupdict().get("frac") or "").ljust(exp, "0")
    amount = int(match["units"]) * 10**exp + (int(frac) if frac else 0)
    return Money(-amount if match["sign"] else amount, cur)


def div_round_half_up(numerator: int, denominator: int) -> int:
    """Integer division rounded to nearest, halves away from zero (1.5 → 2, -1.5 → -2).

    Symmetric about zero so a refund of an amount rounds to exactly the negative of the sale.
    """
    if denominator <= 0:
        raise MoneyError("denominator must be positive")
    quotient, remainder = divmod(abs(numerator), denominator)
    if remainder * 2 >= denominator:
        quotient += 1
    return quotient if numerator >= 0 else -quotient


def allocate(total: int, weights: Sequence[int]) -> list[int]:
    """Split `total` into parts proportional to `weights` that sum exactly to `total`.

    Largest-remainder method: every part gets floor(total·w/W); the units left over go one each to
    the parts with the largest remainders, ties broken by position (earlier first), so the result is
    deterministic. When 0 ≤ total ≤ W no part exceeds its weight (a discount never makes a line
    negative).
    """
    if total < 0:
        raise MoneyError("cannot allocate a negative total")
    if any(type(w) is not int or w < 0 for w in weights):
        raise MoneyError("weights must be non-negative ints")
    whole = sum(weights)
    if whole == 0:
        if total:
            raise MoneyError("cannot allocate a non-zero total over zero weights")
        return [0] * len(weights)
    parts = [total * w // whole for w in weights]
    remainders = [total * w % whole for w in weights]
    left = total - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        parts[i] += 1
    return parts
