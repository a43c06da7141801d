"""Payment records: kinds, the one status state machine, and decline reasons a barista can say out loud.

One table of moves serves every kind of card payment, online (card present, keyed) and offline (stored
on the till and forwarded later):

    PENDING ──► SENDING ──► SUCCEEDED | DECLINED | CANCELED | UNKNOWN | PARKED
                   ▲                                            │         │
                   └──────── replay with the SAME keys ◄────────┘         │
    UNKNOWN ──► SUCCEEDED | DECLINED | CANCELED | PARKED  (settled against Stripe, or parked)
    PARKED  ──► UNKNOWN                                    (a manager requeues it: a fresh budget)
    PARKED  ──► SUCCEEDED | DECLINED | CANCELED            (a check found Stripe's answer)
    PENDING ──► CANCELED                                   (abandoned or voided before anything was sent)

- PENDING: committed locally, nothing sent yet.
- SENDING: committed *before* a network call; a crash leaves it behind for start-up reconciliation.
- UNKNOWN: the outcome is ambiguous (timeout, dropped connection, reader lost mid-payment). It is
  never retried with a fresh key and never offered to the barista as "try again"; it is resolved by
  reading the PaymentIntent first.
- PARKED: still unknown, and no automatic retry may touch it (Stripe said not to retry, the tries
  ran out, or Stripe has no record yet): it waits for a manager's decision.
- SUCCEEDED, DECLINED, CANCELED are final: no transition leaves them (refunds are separate records),
  and a stored card number is destroyed in the transaction that reaches one.
  CANCELED means "nothing was charged" (customer/till cancel, or a systemic failure fenced by
  canceling the PaymentIntent, or a stored payment voided before it was sent).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import timedelta

from dripos_terminal.i18n import QT_TRANSLATE_NOOP, Text

# Stripe keeps an idempotency key for 24 h; a key is only ever re-sent while it is younger than this.
REPLAY_WINDOW = timedelta(hours=23)


class PaymentKind(enum.Enum):
    CASH = "cash"
    CARD_PRESENT = "card_present"
    MANUAL_CARD = "manual_card"
    OFFLINE_CARD = "offline_card"


class PaymentStatus(enum.Enum):
    PENDING = "pending"
    SENDING = "sending"
    SUCCEEDED = "succeeded"
    DECLINED = "declined"
    CANCELED = "canceled"
    UNKNOWN = "unknown"
    PARKED = "parked"

    @property
    def is_final(self) -> bool:
        return self in FINAL_STATES

    def can_become(self, target: PaymentStatus) -> bool:
        return target in ALLOWED_TRANSITIONS[self]


FINAL_STATES = frozenset({PaymentStatus.SUCCEEDED, PaymentStatus.DECLINED, PaymentStatus.CANCELED})
UNRESOLVED_STATES = frozenset(
    {PaymentStatus.PENDING, PaymentStatus.SENDING, PaymentStatus.UNKNOWN, PaymentStatus.PARKED}
)

_OUTCOMES = frozenset({PaymentStatus.SUCCEEDED, PaymentStatus.DECLINED, PaymentStatus.CANCELED})

ALLOWED_TRANSITIONS: dict[PaymentStatus, frozenset[PaymentStatus]] = {
    PaymentStatus.PENDING: frozenset({PaymentStatus.SENDING, PaymentStatus.CANCELED}),
    PaymentStatus.SENDING: _OUTCOMES | {PaymentStatus.UNKNOWN, PaymentStatus.PARKED},
    PaymentStatus.UNKNOWN: _OUTCOMES | {PaymentStatus.SENDING, PaymentStatus.PARKED},
    PaymentStatus.PARKED: _OUTCOMES | {PaymentStatus.UNKNOWN},
    PaymentStatus.SUCCEEDED: frozenset(),
    PaymentStatus.DECLINED: frozenset(),
    PaymentStatus.CANCELED: frozenset(),
}


class IllegalTransitionError(RuntimeError):
    def __init__(self, current: PaymentStatus, target: PaymentStatus) -> None:
        super().__init__(f"payment cannot go from {current.value} to {target.value}")
        self.current = current
        self.target = target


def check_transition(current: PaymentStatus, target: PaymentStatus) -> PaymentStatus:
    """Return `target` if the move is allowed, else raise `IllegalTransitionError`."""
    if not current.can_become(target):
        raise IllegalTransitionError(current, target)
    return target


@dataclass(frozen=True)
class DeclineReason:
    """What the barista says, and whether another try with the *same* card could work."""

    code: str
    text: Text
    same_card_may_work: bool = False


_ANOTHER_METHOD = QT_TRANSLATE_NOOP("Decline", "Declined — ask for another payment method")

# Keys are Stripe `decline_code`s first, then error `code`s (expired_card, incorrect_cvc, ...).
_DECLINES: dict[str, DeclineReason] = {
    "insufficient_funds": DeclineReason(
        "insufficient_funds",
        QT_TRANSLATE_NOOP("Decline", "Declined: insufficient funds — ask for another card"),
    ),
    # Never accuse the customer: lost/stolen/fraud/pickup all read the same neutral way.
    "lost_card": DeclineReason("lost_card", _ANOTHER_METHOD),
    "stolen_card": DeclineReason("stolen_card", _ANOTHER_METHOD),
    "pickup_card": DeclineReason("pickup_card", _ANOTHER_METHOD),
    "fraudulent": DeclineReason("fraudulent", _ANOTHER_METHOD),
    "merchant_blacklist": DeclineReason("merchant_blacklist", _ANOTHER_METHOD),
    "restricted_card": DeclineReason("restricted_card", _ANOTHER_METHOD),
    "security_violation": DeclineReason("security_violation", _ANOTHER_METHOD),
    "expired_card": DeclineReason(
        "expired_card", QT_TRANSLATE_NOOP("Decline", "Declined: card expired — ask for another card")
    ),
    "incorrect_cvc": DeclineReason(
        "incorrect_cvc",
        QT_TRANSLATE_NOOP("Decline", "Declined: security code incorrect — check it and try again"),
        True,
    ),
    "invalid_cvc": DeclineReason(
        "invalid_cvc",
        QT_TRANSLATE_NOOP("Decline", "Declined: security code incorrect — check it and try again"),
        True,
    ),
    "incorrect_number": DeclineReason(
        "incorrect_number",
        QT_TRANSLATE_NOOP("Decline", "Declined: card number incorrect — check it and try again"),
        True,
    ),
    "invalid_number": DeclineReason(
        "invalid_number",
        QT_TRANSLATE_NOOP("Decline", "Declined: card number incorrect — check it and try again"),
        True,
    ),
    "invalid_expiry_month": DeclineReason(
        "invalid_expiry_month",
        QT_TRANSLATE_NOOP("Decline", "Declined: expiry date incorrect — check it and try again"),
        True,
    ),
    "invalid_expiry_year": DeclineReason(
        "invalid_expiry_year",
        QT_TRANSLATE_NOOP("Decline", "Declined: expiry date incorrect — check it and try again"),
        True,
    ),
    "incorrect_zip": DeclineReason(
        "incorrect_zip",
        QT_TRANSLATE_NOOP("Decline", "Declined: postal code doesn't match — check it and try again"),
        True,
    ),
    "processing_error": DeclineReason(
        "processing_error", QT_TRANSLATE_NOOP("Decline", "Card couldn't be processed — try again"), True
    ),
    "try_again_later": DeclineReason(
        "try_again_later", QT_TRANSLATE_NOOP("Decline", "Card couldn't be processed — try again"), True
    ),
    "issuer_not_available": DeclineReason(
        "issuer_not_available",
        QT_TRANSLATE_NOOP("Decline", "Card issuer not reachable — try again or use another card"),
        True,
    ),
    "call_issuer": DeclineReason(
        "call_issuer", QT_TRANSLATE_NOOP("Decline", "Declined by the bank — ask for another card")
    ),
    "do_not_honor": DeclineReason(
        "do_not_honor", QT_TRANSLATE_NOOP("Decline", "Declined by the bank — ask for another card")
    ),
    "generic_decline": DeclineReason(
        "generic_decline", QT_TRANSLATE_NOOP("Decline", "Declined — ask for another card")
    ),
    "card_not_supported": DeclineReason(
        "card_not_supported",
        QT_TRANSLATE_NOOP("Decline", "Declined: this card isn't supported here — ask for another card"),
    ),
    "currency_not_supported": DeclineReason(
        "currency_not_supported",
        QT_TRANSLATE_NOOP("Decline", "Declined: card can't pay in this currency — ask for another card"),
    ),
    "card_velocity_exceeded": DeclineReason(
        "card_velocity_exceeded",
        QT_TRANSLATE_NOOP("Decline", "Declined: card limit reached — ask for another card"),
    ),
    "withdrawal_count_limit_exceeded": DeclineReason(
        "withdrawal_count_limit_exceeded",
        QT_TRANSLATE_NOOP("Decline", "Declined: card limit reached — ask for another card"),
    ),
    "incorrect_pin": DeclineReason(
        "incorrect_pin",
        QT_TRANSLATE_NOOP("Decline", "Declined: wrong PIN — ask the customer to try again"),
        True,
    ),
    "pin_try_exceeded": DeclineReason(
        "pin_try_exceeded",
        QT_TRANSLATE_NOOP("Decline", "Declined: too many PIN attempts — ask for another card"),
    ),
    "offline_pin_required": DeclineReason(
        "offline_pin_required",
        QT_TRANSLATE_NOOP("Decline", "Card needs its PIN — ask the customer to insert the card"),
        True,
    ),
    "online_or_offline_pin_required": DeclineReason(
        "online_or_offline_pin_required",
        QT_TRANSLATE_NOOP("Decline", "Card needs its PIN — ask the customer to insert the card"),
        True,
    ),
    "authentication_required": DeclineReason(
        "authentication_required",
        QT_TRANSLATE_NOOP("Decline", "Card needs the customer present — use the card reader"),
        True,
    ),
}

_GENERIC = DeclineReason("card_declined", QT_TRANSLATE_NOOP("Decline", "Declined — ask for another card"))


def decline_reason(decline_code: str | None, code: str | None = None) -> DeclineReason:
    """Map Stripe's `decline_code` (preferred) or error `code` to barista-sayable text."""
    for key in (decline_code, code):
        if key and key in _DECLINES:
            return _DECLINES[key]
    return _GENERIC


def decline_text(decline_code: str | None, code: str | None = None) -> Text:
    return decline_reason(decline_code, code).text
