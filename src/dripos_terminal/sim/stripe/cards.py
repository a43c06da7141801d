"""Test cards: decide an outcome from a card number, then keep only brand, last 4, expiry and fingerprint.

The full number and the CVC never leave the function that receives them: callers get `CardFacts`.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from dripos_terminal.domain.card import luhn_valid
from dripos_terminal.sim.stripe.errors import StripeError


@dataclass(frozen=True)
class CardOutcome:
    approved: bool
    code: str | None = None
    decline_code: str | None = None
    message: str | None = None
    refund_fails: bool = False


APPROVED = CardOutcome(approved=True)

_DECLINE_MESSAGES = {
    "generic_decline": "Your card was declined.",
    "insufficient_funds": "Your card has insufficient funds.",
    "lost_card": "Your card was declined.",
    "stolen_card": "Your card was declined.",
    "expired_card": "Your card has expired.",
    "processing_error": "An error occurred while processing your card. Try again in a little bit.",
    "incorrect_cvc": "Your card's security code is incorrect.",
}


def _decline(decline_code: str, code: str = "card_declined") -> CardOutcome:
    return CardOutcome(
        approved=False, code=code, decline_code=decline_code, message=_DECLINE_MESSAGES[decline_code]
    )


# Numbers from stripe-terminal-facts.md §2 (and docs.stripe.com/testing for incorrect_cvc).
TEST_CARD_OUTCOMES: dict[str, CardOutcome] = {
    "4000000000000002": _decline("generic_decline"),
    "4000000000009995": _decline("insufficient_funds"),
    "4000000000009987": _decline("lost_card"),
    "4000000000009979": _decline("stolen_card"),
    "4000000000000069": _decline("expired_card", code="expired_card"),
    "4000000000000119": _decline("processing_error", code="processing_error"),
    "4000000000000127": _decline("incorrect_cvc", code="incorrect_cvc"),
    "4000000000005126": CardOutcome(approved=True, refund_fails=True),
}

# Stripe's test PaymentMethod ids (`payment_method=pm_card_visa`), mapped to the number they stand for.
TEST_PAYMENT_METHODS: dict[str, str] = {
    "pm_card_visa": "4242424242424242",
    "pm_card_visa_debit": "4000056655665556",
    "pm_card_mastercard": "5555555555554444",
    "pm_card_amex": "378282246310005",
    "pm_card_discover": "6011111111111117",
    "pm_card_chargeDeclined": "4000000000000002",
    "pm_card_chargeDeclinedInsufficientFunds": "4000000000009995",
    "pm_card_chargeDeclinedLostCard": "4000000000009987",
    "pm_card_chargeDeclinedStolenCard": "4000000000009979",
    "pm_card_chargeDeclinedExpiredCard": "4000000000000069",
    "pm_card_chargeDeclinedProcessingError": "4000000000000119",
    "pm_card_chargeDeclinedIncorrectCvc": "4000000000000127",
    "pm_card_refundFail": "4000000000005126",
}

DEFAULT_PRESENT_NUMBER = "4242424242424242"


@dataclass(frozen=True)
class CardFacts:
    """What the simulator keeps about a card: never the number or the CVC."""

    brand: str
    last4: str
    exp_month: int
    exp_year: int
    fingerprint: str
    funding: str
    outcome: CardOutcome

    @property
    def country(self) -> str:
        return "US"


def brand_of(digits: str) -> str:
    two, four = int(digits[:2]), int(digits[:4])
    if digits.startswith("4"):
        return "visa"
    if 51 <= two <= 55 or 2221 <= four <= 2720:
        return "mastercard"
    if two in (34, 37):
        return "amex"
    if digits.startswith(("6011", "65")) or 644 <= int(digits[:3]) <= 649:
        return "discover"
    if two == 35:
        return "jcb"
    if two in (30, 36, 38):
        return "diners"
    if two == 62:
        return "unionpay"
    return "unknown"


def _fingerprint(digits: str, secret: bytes) -> str:
    # Keyed with a per-simulator secret, so the fingerprint cannot be brute-forced back to the number.
    return hmac.new(secret, digits.encode(), hashlib.sha256).hexdigest()[:16]


def facts_for(number: str, exp_month: int, exp_year: int, secret: bytes) -> CardFacts:
    outcome = TEST_CARD_OUTCOMES.get(number, APPROVED)
    return CardFacts(
        brand=brand_of(number),
        last4=number[-4:],
        exp_month=exp_month,
        exp_year=exp_year,
        fingerprint=_fingerprint(number, secret),
        funding="debit" if number in ("4000056655665556", "5200828282828210") else "credit",
        outcome=outcome,
    )


def _card_error(message: str, code: str, param: str) -> StripeError:
    return StripeError(402, "card_error", message, code=code, param=param)


def check_number(number: str | None, param: str) -> str:
    """ASCII digits, 12–19 long, Luhn; the error never echoes the number."""
    if not number:
        raise _card_error("Your card number is incomplete.", "invalid_number", param)
    if not number.isascii() or not number.isdigit() or not 12 <= len(number) <= 19:
        raise _card_error("Your card number is invalid.", "invalid_number", param)
    if not luhn_valid(number):
        raise _card_error("Your card number is incorrect.", "incorrect_number", param)
    return number


def manual_card_facts(
    number: str | None,
    exp_month: str | None,
    exp_year: str | None,
    cvc: str | None,
    *,
    now: datetime,
    secret: bytes,
) -> CardFacts:
    """Validate a keyed card (`POST /v1/payment_methods`), as Stripe does, and reduce it to facts."""
    digits = check_number(number, "card[number]")
    if not exp_month or not exp_month.isdigit() or not 1 <= int(exp_month) <= 12:
        raise _card_error(
            "Your card's expiration month is invalid.", "invalid_expiry_month", "card[exp_month]"
        )
    if not exp_year or not exp_year.isdigit():
        raise _card_error("Your card's expiration year is invalid.", "invalid_expiry_year", "card[exp_year]")
    month, year = int(exp_month), int(exp_year)
    if year < 100:
        year += 2000
    if year < now.year or year > now.year + 50:
        raise _card_error("Your card's expiration year is invalid.", "invalid_expiry_year", "card[exp_year]")
    if year == now.year and month < now.month:
        raise _card_error(
            "Your card's expiration month is invalid.", "invalid_expiry_month", "card[exp_month]"
        )
    if cvc is not None:
        expected = 4 if brand_of(digits) == "amex" else 3
        if not cvc.isascii() or not cvc.isdigit() or len(cvc) not in (3, expected):
            raise _card_error("Your card's security code is invalid.", "invalid_cvc", "card[cvc]")
    return facts_for(digits, month, year, secret)


def present_card_facts(number: str | None, *, now: datetime, secret: bytes) -> CardFacts:
    """A card tapped on a simulated reader (`card_present[number]`)."""
    digits = check_number(number or DEFAULT_PRESENT_NUMBER, "card_present[number]")
    return facts_for(digits, 12, now.year + 3, secret)
