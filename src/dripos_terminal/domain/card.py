"""Keyed card input: parsing, validation, brand detection and a masked in-memory card type.

Card data rules (DESIGN.md "Card data"): ASCII digits only, Luhn, 12-19 digits, expiry checked against an
injected `now`, and the PAN/CVC never appear in a repr, str, f-string, log line, pickle or exception
message. `CardNumber` and `KeyedCard` keep the digits in private slots and give them out only through
`reveal()` / `reveal_cvc()`; `drop()` forgets them once the payment call is made.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NoReturn

from dripos_terminal.i18n import QT_TRANSLATE_NOOP

ASCII_DIGITS = frozenset("0123456789")
_GROUPING = frozenset(" -")
MIN_PAN_LENGTH = 12
MAX_PAN_LENGTH = 19


class CardBrand(enum.Enum):
    VISA = "visa"
    MASTERCARD = "mastercard"
    AMEX = "amex"
    DISCOVER = "discover"
    DINERS = "diners"
    JCB = "jcb"
    UNIONPAY = "unionpay"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    CardBrand.VISA: "Visa",
    CardBrand.MASTERCARD: "Mastercard",
    CardBrand.AMEX: "American Express",
    CardBrand.DISCOVER: "Discover",
    CardBrand.DINERS: "Diners Club",
    CardBrand.JCB: "JCB",
    CardBrand.UNIONPAY: "UnionPay",
    CardBrand.UNKNOWN: "Card",
}

# (brand, prefix ranges as (low, high) inclusive over the first len(low) digits). Order matters: the more
# specific prefixes first (Discover's 622126-622925 sits inside UnionPay's 62).
_PREFIXES: tuple[tuple[CardBrand, tuple[tuple[str, str], ...]], ...] = (
    (CardBrand.AMEX, (("34", "34"), ("37", "37"))),
    (CardBrand.DINERS, (("300", "305"), ("36", "36"), ("38", "39"))),
    (CardBrand.DISCOVER, (("6011", "6011"), ("622126", "622925"), ("644", "649"), ("65", "65"))),
    (CardBrand.JCB, (("3528", "3589"),)),
    (CardBrand.MASTERCARD, (("51", "55"), ("2221", "2720"))),
    (CardBrand.UNIONPAY, (("62", "62"), ("81", "81"))),
    (CardBrand.VISA, (("4", "4"),)),
)

# Display grouping (digit counts per group) and accepted lengths per brand.
_GROUPS: dict[CardBrand, tuple[int, ...]] = {
    CardBrand.AMEX: (4, 6, 5),
    CardBrand.DINERS: (4, 6, 4),
}
_LENGTHS: dict[CardBrand, frozenset[int]] = {
    CardBrand.VISA: frozenset({13, 16, 19}),
    CardBrand.MASTERCARD: frozenset({16}),
    CardBrand.AMEX: frozenset({15}),
    CardBrand.DISCOVER: frozenset(range(16, 20)),
    CardBrand.DINERS: frozenset(range(14, 20)),
    CardBrand.JCB: frozenset(range(16, 20)),
    CardBrand.UNIONPAY: frozenset(range(16, 20)),
}


class CardField(enum.Enum):
    NUMBER = "number"
    EXPIRY = "expiry"
    CVC = "cvc"
    POSTAL_CODE = "postal_code"


class CardValidationError(ValueError):
    """A keyed card field is invalid. The message is safe to show and never contains the input."""

    def __init__(self, field: CardField, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _fail(field: CardField, message: str) -> NoReturn:
    # `from None` everywhere: no chained exception may carry the raw input.
    raise CardValidationError(field, message)


def luhn_valid(digits: str) -> bool:
    """Luhn checksum over an ASCII digit string (False for anything else)."""
    if not digits or not set(digits) <= ASCII_DIGITS:
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def detect_brand(digits: str) -> CardBrand:
    """Brand from the leading digits; works on partial input (for live detection while typing)."""
    for brand, ranges in _PREFIXES:
        for low, high in ranges:
            n = len(low)
            if len(digits) >= n and low <= digits[:n] <= high:
                return brand
    return CardBrand.UNKNOWN


def strip_grouping(text: str, field: CardField = CardField.NUMBER) -> str:
    """Remove spaces and dashes typed as grouping; reject anything that is not an ASCII digit.

    `str.isdigit` accepts Arabic-Indic and other Unicode digits; card input must not.
    """
    digits = []
    for ch in text.strip():
        if ch in ASCII_DIGITS:
            digits.append(ch)
        elif ch not in _GROUPING:
            _fail(field, QT_TRANSLATE_NOOP("Card", "Use the digits 0-9 only"))
    return "".join(digits)


def group_for_display(partial: str) -> str:
    """Group what has been typed so far the way the card prints it (4-4-4-4, Amex 4-6-5).

    Characters other than ASCII digits are dropped rather than raising, so the field can re-render on
    every keystroke. Output is capped at 19 digits.
    """
    digits = "".join(ch for ch in partial if ch in ASCII_DIGITS)[:MAX_PAN_LENGTH]
    groups = _GROUPS.get(detect_brand(digits))
    parts: list[str] = []
    pos = 0
    if groups is not None:
        for size in groups:
            if pos >= len(digits):
                break
            parts.append(digits[pos : pos + size])
            pos += size
    while pos < len(digits):
        parts.append(digits[pos : pos + 4])
        pos += 4
    return " ".join(parts)


def _no_pickle(obj: object) -> NoReturn:
    raise TypeError(f"{type(obj).__name__} holds card data and cannot be pickled or copied")


class CardNumber:
    """A validated PAN. Masked everywhere; the digits come out only through `reveal()`."""

    __slots__ = ("_brand", "_digits", "_last4")

    def __init__(self, text: str) -> None:
        digits = strip_grouping(text)
        if not MIN_PAN_LENGTH <= len(digits) <= MAX_PAN_LENGTH:
            _fail(CardField.NUMBER, QT_TRANSLATE_NOOP("Card", "Card number must be 12 to 19 digits"))
        if not luhn_valid(digits):
            _fail(CardField.NUMBER, QT_TRANSLATE_NOOP("Card", "Card number is not valid — check the digits"))
        brand = detect_brand(digits)
        allowed = _LENGTHS.get(brand)
        if allowed is not None and len(digits) not in allowed:
            message = QT_TRANSLATE_NOOP("Card", "{brand} numbers have {lengths} digits")
            _fail(CardField.NUMBER, message.format(brand=brand.label, lengths=_lengths_text(allowed)))
        self._digits: str | None = digits
        self._last4 = digits[-4:]
        self._brand = brand

    @property
    def last4(self) -> str:
        return self._last4

    @property
    def brand(self) -> CardBrand:
        return self._brand

    @property
    def masked(self) -> str:
        return f"****{self._last4}"

    def reveal(self) -> str:
        """The full digits, for the one call that sends them. Raises once `drop()` was called."""
        if self._digits is None:
            raise ValueError("card number was already dropped")
        return self._digits

    def drop(self) -> None:
        self._digits = None

    def __repr__(self) -> str:
        return f"CardNumber({self.masked})"

    def __str__(self) -> str:
        return self.masked

    def __format__(self, spec: str) -> str:
        return format(self.masked, spec)

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)

    def __reduce_ex__(self, protocol: Any) -> NoReturn:
        _no_pickle(self)

    def __copy__(self) -> NoReturn:
        _no_pickle(self)

    def __deepcopy__(self, memo: Any) -> NoReturn:
        _no_pickle(self)


def _lengths_text(lengths: frozenset[int]) -> str:
    ordered = sorted(lengths)
    if len(ordered) == 1:
        return str(ordered[0])
    if ordered == list(range(ordered[0], ordered[-1] + 1)):
        return QT_TRANSLATE_NOOP("Card", "{low} to {high}").format(low=ordered[0], high=ordered[-1])
    first = ", ".join(str(n) for n in ordered[:-1])
    return QT_TRANSLATE_NOOP("Card", "{first} or {last}").format(first=first, last=ordered[-1])


@dataclass(frozen=True)
class Expiry:
    month: int
    year: int  # four digits

    def __str__(self) -> str:
        return f"{self.month:02d}/{self.year % 100:02d}"


_EXPIRY_RE = re.compile(r"^([0-9]{1,2})\s*/?\s*([0-9]{2}|[0-9]{4})$")


def parse_expiry(text: str, now: datetime) -> Expiry:
    """MM/YY (or MMYY, MM/YYYY). A card is valid through the last day of its expiry month."""
    raw = text.strip()
    if not set(raw) <= ASCII_DIGITS | {"/", " "}:
        _fail(CardField.EXPIRY, QT_TRANSLATE_NOOP("Card", "Use the digits 0-9 only (MM/YY)"))
    compact = raw.replace(" ", "")
    if "/" not in compact and len(compact) == 4:
        compact = f"{compact[:2]}/{compact[2:]}"
    match = _EXPIRY_RE.match(compact)
    if match is None:
        _fail(CardField.EXPIRY, QT_TRANSLATE_NOOP("Card", "Enter the expiry as MM/YY"))
    month = int(match.group(1))
    year = int(match.group(2))
    if year < 100:
        year += (now.year // 100) * 100
    if not 1 <= month <= 12:
        _fail(CardField.EXPIRY, QT_TRANSLATE_NOOP("Card", "Expiry month must be 01 to 12"))
    if (year, month) < (now.year, now.month):
        _fail(CardField.EXPIRY, QT_TRANSLATE_NOOP("Card", "This card has expired"))
    if year > now.year + 20:
        _fail(CardField.EXPIRY, QT_TRANSLATE_NOOP("Card", "Expiry year is too far in the future"))
    return Expiry(month, year)


def parse_cvc(text: str, brand: CardBrand) -> str:
    raw = text.strip()
    want = 4 if brand is CardBrand.AMEX else 3
    if not raw or not set(raw) <= ASCII_DIGITS:
        _fail(CardField.CVC, QT_TRANSLATE_NOOP("Card", "Use the digits 0-9 only"))
    if len(raw) != want:
        _fail(
            CardField.CVC,
            QT_TRANSLATE_NOOP("Card", "Security code must be {count} digits").format(count=want),
        )
    return raw


_POSTAL_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 -]{1,8}[A-Za-z0-9]$")


def parse_postal_code(text: str) -> str:
    """US ZIP (5 or ZIP+4) or a 3-10 character alphanumeric code (CA, UK, ...). ASCII only."""
    raw = text.strip()
    if not raw.isascii() or _POSTAL_RE.match(raw) is None:
        _fail(CardField.POSTAL_CODE, QT_TRANSLATE_NOOP("Card", "Enter a valid postal code"))
    return raw.upper()


class KeyedCard:
    """A card typed on the till. In memory only; masked in every textual form; not picklable."""

    __slots__ = ("_cvc", "expiry", "number", "postal_code")

    def __init__(self, number: CardNumber, expiry: Expiry, cvc: str, postal_code: str | None) -> None:
        self.number = number
        self.expiry = expiry
        self._cvc: str | None = cvc
        self.postal_code = postal_code

    @classmethod
    def parse(
        cls, number: str, expiry: str, cvc: str, postal_code: str | None, *, now: datetime
    ) -> KeyedCard:
        """Validate all fields; raises `CardValidationError` naming the first bad field."""
        pan = CardNumber(number)
        exp = parse_expiry(expiry, now)
        code = parse_cvc(cvc, pan.brand)
        postal = parse_postal_code(postal_code) if postal_code else None
        return cls(pan, exp, code, postal)

    @property
    def last4(self) -> str:
        return self.number.last4

    @property
    def brand(self) -> CardBrand:
        return self.number.brand

    @property
    def masked(self) -> str:
        return self.number.masked

    def reveal(self) -> str:
        return self.number.reveal()

    def reveal_cvc(self) -> str:
        if self._cvc is None:
            raise ValueError("security code was already dropped")
        return self._cvc

    def drop(self) -> None:
        """Forget PAN and CVC; brand, last 4 and expiry remain."""
        self.number.drop()
        self._cvc = None

    @property
    def dropped(self) -> bool:
        return self._cvc is None

    def __repr__(self) -> str:
        return f"KeyedCard({self.brand.value} {self.masked} exp {self.expiry})"

    def __str__(self) -> str:
        return f"{self.brand.label} {self.masked}"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __reduce_ex__(self, protocol: Any) -> NoReturn:
        _no_pickle(self)

    def __copy__(self) -> NoReturn:
        _no_pickle(self)

    def __deepcopy__(self, memo: Any) -> NoReturn:
        _no_pickle(self)
