"""How an order is paid: cash with change, card (present, keyed, or stored offline), split tender.

A tender records the part of the sale it pays (`amount`) and the tip it carries (`tip`) separately;
what actually moved is `amount + tip` (`charged`). Card data here is display-safe only: brand and
last four digits. Full card numbers never enter the domain.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dripos_terminal.domain.errors import DomainError
from dripos_terminal.domain.money import Money
from dripos_terminal.i18n import QT_TRANSLATE_NOOP


class TenderError(DomainError):
    """A tender that cannot be taken: not enough cash, missing card details, wrong currency."""


class TenderKind(enum.Enum):
    CASH = "cash"
    CARD_PRESENT = "card_present"  # tapped/inserted on a Stripe Terminal reader
    MANUAL_CARD = "manual_card"  # keyed on the till and authorised online
    OFFLINE_CARD = "offline_card"  # keyed while offline, stored and forwarded later

    @property
    def is_card(self) -> bool:
        return self is not TenderKind.CASH


_LAST4 = re.compile(r"[0-9]{4}")
_BRAND = re.compile(r"[a-z][a-z_]{0,19}")
_BRAND_NAMES = {
    "amex": "Amex",
    "mastercard": "Mastercard",
    "visa": "Visa",
    "jcb": "JCB",
    "unionpay": "UnionPay",
}


@dataclass(frozen=True, slots=True)
class CardInfo:
    """Masked card: Stripe's lower-case brand ("visa") and the last four digits. Nothing else."""

    brand: str
    last4: str

    def __post_init__(self) -> None:
        if not isinstance(self.last4, str) or not _LAST4.fullmatch(self.last4):
            raise TenderError("last4 must be exactly four ASCII digits")
        if not isinstance(self.brand, str) or not _BRAND.fullmatch(self.brand):
            raise TenderError(f"card brand {self.brand!r} is not a brand code like 'visa'")

    @property
    def masked(self) -> str:
        """ "Visa •••• 4242", for screens and receipts."""
        name = _BRAND_NAMES.get(self.brand, self.brand.replace("_", " ").title())
        return f"{name} •••• {self.last4}"

    def to_dict(self) -> dict[str, str]:
        return {"brand": self.brand, "last4": self.last4}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CardInfo:
        return cls(data["brand"], data["last4"])


@dataclass(frozen=True, slots=True)
class Tender:
    tender_id: str
    kind: TenderKind
    amount: Money  # the part of the sale paid
    tip: Money
    reference: str | None = None  # PaymentIntent id, or the offline payment's local id; None for cash
    card: CardInfo | None = None
    cash_received: Money | None = None  # what the customer handed over (cash only)
    change: Money | None = None  # what went back to the customer (cash only)

    def __post_init__(self) -> None:
        if not self.tender_id:
            raise TenderError("a tender needs an id")
        cur = self.amount.currency
        if self.tip.currency != cur:
            raise TenderError("tip and amount are in different currencies")
        if self.amount.is_negative or self.tip.is_negative or (self.amount + self.tip).is_zero:
            raise TenderError("a tender must move a positive amount; amount and tip cannot be negative")
        if self.kind.is_card:
            if self.card is None or not self.reference:
                raise TenderError(f"a {self.kind.value} tender needs masked card info and a reference id")
            if self.cash_received is not None or self.change is not None:
                raise TenderError("a card tender has no cash received or change")
        else:
            if self.card is not None:
                raise TenderError("a cash tender carries no card")
            if self.cash_received is None or self.change is None:
                raise TenderError("a cash tender records cash received and change")
            if self.change.is_negative or self.cash_received != self.amount + self.tip + self.change:
                raise TenderError("cash received must equal amount + tip + change")

    @property
    def charged(self) -> Money:
        """What the customer actually paid by this tender: sale part plus tip."""
        return self.amount + self.tip

    def to_dict(self) -> dict[str, Any]:
        return {
            "tender_id": self.tender_id,
            "kind": self.kind.value,
            "amount": self.amount.to_dict(),
            "tip": self.tip.to_dict(),
            "reference": self.reference,
            "card": self.card.to_dict() if self.card else None,
            "cash_received": self.cash_received.to_dict() if self.cash_received is not None else None,
            "change": self.change.to_dict() if self.change is not None else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Tender:
        def money(key: str) -> Money | None:
            return Money.from_dict(data[key]) if data.get(key) is not None else None

        return cls(
            tender_id=data["tender_id"],
            kind=TenderKind(data["kind"]),
            amount=Money.from_dict(data["amount"]),
            tip=Money.from_dict(data["tip"]),
            reference=data.get("reference"),
            card=CardInfo.from_dict(data["card"]) if data.get("card") else None,
            cash_received=money("cash_received"),
            change=money("change"),
        )


def cash_tender(
    tender_id: str,
    received: Money,
    balance_due: Money,
    tip: Money | None = None,
    *,
    allow_partial: bool = False,
) -> Tender:
    """Cash handed over for `balance_due` (+ optional tip): change = received − due − tip.

    Less than the balance is refused unless `allow_partial` (a split tender: the cash covers what
    it can and the rest is paid another way).
    """
    tip = tip if tip is not None else Money.zero(balance_due.currency)
    if balance_due.amount <= 0:
        raise TenderError(QT_TRANSLATE_NOOP("Tender", "Nothing is due."))
    due = balance_due + tip
    if received >= due:
        return Tender(tender_id, TenderKind.CASH, balance_due, tip, None, None, received, received - due)
    if not allow_partial:
        raise TenderError(
            QT_TRANSLATE_NOOP("Tender", "{received} is less than the {due} due.").format(
                received=received, due=due
            )
        )
    if received <= tip:
        raise TenderError(
            QT_TRANSLATE_NOOP("Tender", "{received} does not cover the {tip} tip.").format(
                received=received, tip=tip
            )
        )
    zero = Money.zero(received.currency)
    return Tender(tender_id, TenderKind.CASH, received - tip, tip, None, None, received, zero)


def card_tender(
    tender_id: str,
    kind: TenderKind,
    amount: Money,
    *,
    card: CardInfo,
    reference: str,
    tip: Money | None = None,
) -> Tender:
    """An approved (or, for OFFLINE_CARD, stored) card payment of `amount` + `tip`."""
    if not kind.is_card:
        raise TenderError("use cash_tender for cash")
    tip = tip if tip is not None else Money.zero(amount.currency)
    return Tender(tender_id, kind, amount, tip, reference, card)


@dataclass(frozen=True, slots=True)
class Refund:
    """Money given back against one tender, at `at`, by `staff_id` (a recorded event, not an edit)."""

    refund_id: str
    tender_id: str
    amount: Money  # may include the tip part
    staff_id: str
    at: datetime
    reason: str = ""
    reference: str | None = None  # Stripe refund id for card tenders

    def __post_init__(self) -> None:
        if not self.refund_id or not self.tender_id or not self.staff_id:
            raise TenderError("a refund needs an id, a tender id and a staff id")
        if self.amount.amount <= 0:
            raise TenderError("a refund must be a positive amount")
        if self.at.tzinfo is None:
            raise TenderError("refund time must be timezone-aware")

    def to_dict(self) -> dict[str, Any]:
        return {
            "refund_id": self.refund_id,
            "tender_id": self.tender_id,
            "amount": self.amount.to_dict(),
            "staff_id": self.staff_id,
            "at": self.at.isoformat(),
            "reason": self.reason,
            "reference": self.reference,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Refund:
        return cls(
            refund_id=data["refund_id"],
            tender_id=data["tender_id"],
            amount=Money.from_dict(data["amount"]),
            staff_id=data["staff_id"],
            at=datetime.fromisoformat(data["at"]),
            reason=data.get("reason", ""),
            reference=data.get("reference"),
        )
