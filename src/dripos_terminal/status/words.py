"""One vocabulary for the state of card payments: what the footer, the offline strip, the incident
banner and the card dialog say, derived from one place so they can never disagree.

`till_status(connectivity, latest_failure, cards)` is the only function that decides:

- the footer's word and tone ("Cards ready" in green only while cards really work);
- the offline strip's sentence, and which of its buttons it offers;
- what the banner may offer (never "Switch to offline payments" once the till takes offline
  payments; "Go back online" only when Stripe is back) and, once offline, the guidance that replaces
  a status page's "switch to offline payments" advice.

`payment_outcome(failure, unknown=...)` says what happened to one card payment, with one piece of
advice that fits its outcome: after a failure nothing was charged ("switch to offline payments or
take cash"); when the outcome is unknown the card may have been charged, so the only advice is
"do not take another card payment — check again", never "try again" beside it.

Plain Python (no Qt); the messages are `i18n.Text`, translated where they are shown.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from dripos_terminal.domain.connectivity import Connectivity
from dripos_terminal.i18n import QT_TRANSLATE_NOOP, Text
from dripos_terminal.payments.failures import FailureKind
from dripos_terminal.status.model import Action, Severity

CONTEXT = "TillStatus"


class CardsState(enum.Enum):
    """The card path on this till, apart from connectivity."""

    OFF = "off"  # no Stripe key, no reader, safe mode: `off_reason` says which
    CHECKING = "checking"  # the start-up recovery of earlier card payments is running
    READY = "ready"
    UNCONFIRMED = "unconfirmed"  # ready, but earlier payments could not be confirmed at start-up


class Tone(enum.Enum):
    OK = "ok"
    MUTED = "muted"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class TillStatus:
    footer: Text
    footer_tone: Tone
    strip: Text
    strip_warning: bool
    actions: frozenset[Action]  # what the banner may offer (besides "Got it")
    guidance: Text | None  # replaces the banner's guidance; None keeps it

    @property
    def offer_switch(self) -> bool:
        return Action.SWITCH_TO_OFFLINE in self.actions

    @property
    def offer_online(self) -> bool:
        return Action.GO_BACK_ONLINE in self.actions


READER_FAILURES = frozenset(
    {FailureKind.READER_OFFLINE, FailureKind.READER_TIMEOUT, FailureKind.READER_HARDWARE}
)
API_FAILURES = frozenset({FailureKind.API_UNREACHABLE, FailureKind.API_SERVER_ERROR})

FAILURE_CAUSE: dict[FailureKind, Text] = {
    FailureKind.READER_OFFLINE: QT_TRANSLATE_NOOP("TillStatus", "The card reader is offline."),
    FailureKind.READER_TIMEOUT: QT_TRANSLATE_NOOP("TillStatus", "The card reader did not respond."),
    FailureKind.READER_BUSY: QT_TRANSLATE_NOOP("TillStatus", "The card reader is busy with another payment."),
    FailureKind.READER_HARDWARE: QT_TRANSLATE_NOOP("TillStatus", "The card reader has a hardware fault."),
    FailureKind.API_UNREACHABLE: QT_TRANSLATE_NOOP("TillStatus", "Stripe cannot be reached."),
    FailureKind.API_SERVER_ERROR: QT_TRANSLATE_NOOP("TillStatus", "Stripe is having problems."),
    FailureKind.API_RATE_LIMITED: QT_TRANSLATE_NOOP("TillStatus", "Stripe is busy."),
    FailureKind.CARD_DECLINED: QT_TRANSLATE_NOOP("TillStatus", "The card was declined."),
}

FOOTER_READY = QT_TRANSLATE_NOOP("TillStatus", "Cards ready")
FOOTER_CHECKING = QT_TRANSLATE_NOOP("TillStatus", "Cards: checking earlier payments…")
FOOTER_UNCONFIRMED = QT_TRANSLATE_NOOP("TillStatus", "Cards ready — earlier payments not confirmed yet")
FOOTER_READER_DOWN = QT_TRANSLATE_NOOP("TillStatus", "Cards: reader not responding")
FOOTER_API_DOWN = QT_TRANSLATE_NOOP("TillStatus", "Cards: Stripe not reachable")
FOOTER_DEGRADED = QT_TRANSLATE_NOOP("TillStatus", "Cards: Stripe slow or failing")
FOOTER_REPORTED = QT_TRANSLATE_NOOP("TillStatus", "Cards: Stripe reports problems")
FOOTER_OFFLINE = QT_TRANSLATE_NOOP("TillStatus", "Cards stored offline")
FOOTER_RECOVERING = QT_TRANSLATE_NOOP("TillStatus", "Cards stored offline — Stripe is back")

STRIP_ONLINE = QT_TRANSLATE_NOOP("TillStatus", "Card payments online")
STRIP_READER_DOWN = QT_TRANSLATE_NOOP(
    "TillStatus", "The card reader is not responding — key cards in, switch to offline payments, or take cash"
)
STRIP_API_DOWN = QT_TRANSLATE_NOOP(
    "TillStatus", "Stripe is not reachable — switch to offline payments, or take cash"
)
STRIP_DEGRADED = QT_TRANSLATE_NOOP(
    "TillStatus", "Stripe is slow or failing — card payments may not go through"
)
STRIP_REPORTED = QT_TRANSLATE_NOOP("TillStatus", "Stripe reports problems with card payments")
STRIP_OFFLINE = QT_TRANSLATE_NOOP(
    "TillStatus", "Offline payments — cards are stored on this till and sent when Stripe is back"
)
STRIP_RECOVERING = QT_TRANSLATE_NOOP(
    "TillStatus", "Stripe is reachable again — card payments are still stored until you go back online"
)

GUIDANCE_OFFLINE = QT_TRANSLATE_NOOP(
    "TillStatus",
    "The till is taking offline payments: cards are stored on this till and sent when Stripe is back. "
    "Keep selling; cash works as usual.",
)
GUIDANCE_RECOVERING = QT_TRANSLATE_NOOP(
    "TillStatus",
    "Stripe is reachable again. Go back online when you are ready; the stored payments will be sent.",
)

ADVICE_READER = QT_TRANSLATE_NOOP(
    "TillStatus", "Nothing was charged. Try again, key the card in, or take the payment another way."
)
ADVICE_API = QT_TRANSLATE_NOOP("TillStatus", "Nothing was charged. Switch to offline payments, or take cash.")
ADVICE_WAIT = QT_TRANSLATE_NOOP("TillStatus", "Nothing was charged. Wait a moment and try again.")
ADVICE_NOTHING_CHARGED = QT_TRANSLATE_NOOP("TillStatus", "Nothing was charged.")
ADVICE_UNKNOWN = QT_TRANSLATE_NOOP(
    "TillStatus",
    "Stripe has not confirmed whether the card was charged. Do not take another card payment for this "
    "order — tap Check again.",
)

_ONLINE_ACTIONS = frozenset({Action.SWITCH_TO_OFFLINE, Action.MANUAL_CARD_ENTRY, Action.DETAILS})


def till_status(
    connectivity: Connectivity,
    latest_failure: FailureKind | None = None,
    cards: CardsState = CardsState.READY,
    off_reason: Text | None = None,
    reported: Severity | None = None,
) -> TillStatus:
    """What every part of the screen says about card payments in this state.

    `latest_failure`: the newest reader/API failure not yet followed by a success (None when the
    last card payment or health check worked). `reported`: the severity a status page gives the
    incident on the banner (None: no incident reported)."""
    if connectivity is Connectivity.OFFLINE:
        return TillStatus(
            FOOTER_OFFLINE, Tone.WARNING, STRIP_OFFLINE, True, frozenset({Action.DETAILS}), GUIDANCE_OFFLINE
        )
    if connectivity is Connectivity.RECOVERING:
        return TillStatus(
            FOOTER_RECOVERING,
            Tone.WARNING,
            STRIP_RECOVERING,
            True,
            frozenset({Action.GO_BACK_ONLINE, Action.DETAILS}),
            GUIDANCE_RECOVERING,
        )
    # Online or degraded: the card path is Stripe's; the switch to offline payments is offered.
    if latest_failure in READER_FAILURES:
        return TillStatus(FOOTER_READER_DOWN, Tone.ERROR, STRIP_READER_DOWN, True, _ONLINE_ACTIONS, None)
    if latest_failure in API_FAILURES:
        # Keyed entry needs the API as much as the reader does: not offered.
        actions = frozenset({Action.SWITCH_TO_OFFLINE, Action.DETAILS})
        return TillStatus(FOOTER_API_DOWN, Tone.ERROR, STRIP_API_DOWN, True, actions, None)
    if connectivity is Connectivity.DEGRADED:
        return TillStatus(FOOTER_DEGRADED, Tone.WARNING, STRIP_DEGRADED, True, _ONLINE_ACTIONS, None)
    if reported in (Severity.OUTAGE, Severity.DEGRADED):  # never "Cards ready" in green meanwhile
        return TillStatus(FOOTER_REPORTED, Tone.WARNING, STRIP_REPORTED, True, _ONLINE_ACTIONS, None)
    # Online and nothing failing. A "card payments work again" banner's "Go back online" means
    # nothing to a till that never left: "Got it" closes that banner.
    actions = _ONLINE_ACTIONS
    if cards is CardsState.OFF:
        footer = off_reason or QT_TRANSLATE_NOOP("TillStatus", "Cards off")
        return TillStatus(footer, Tone.ERROR, STRIP_ONLINE, False, actions, None)
    if cards is CardsState.CHECKING:
        return TillStatus(FOOTER_CHECKING, Tone.MUTED, STRIP_ONLINE, False, actions, None)
    if cards is CardsState.UNCONFIRMED:
        return TillStatus(FOOTER_UNCONFIRMED, Tone.ERROR, STRIP_ONLINE, False, actions, None)
    return TillStatus(FOOTER_READY, Tone.OK, STRIP_ONLINE, False, actions, None)


@dataclass(frozen=True)
class PaymentWords:
    cause: Text | None  # what went wrong (None: no systemic failure known)
    advice: Text

    def lines(self) -> tuple[Text, ...]:
        return (self.cause, self.advice) if self.cause is not None else (self.advice,)


def payment_outcome(failure: FailureKind | None, *, unknown: bool) -> PaymentWords:
    """One card payment that did not go through: what happened and the one thing to do next."""
    cause = FAILURE_CAUSE.get(failure) if failure is not None else None
    if unknown:
        return PaymentWords(cause, ADVICE_UNKNOWN)
    if failure in READER_FAILURES:
        return PaymentWords(cause, ADVICE_READER)
    if failure in API_FAILURES:
        return PaymentWords(cause, ADVICE_API)
    if failure in (FailureKind.READER_BUSY, FailureKind.API_RATE_LIMITED):
        return PaymentWords(cause, ADVICE_WAIT)
    return PaymentWords(cause, ADVICE_NOTHING_CHARGED)
