"""Has Stripe charged this payment? Proof before a new idempotency key (money rule 8).

A payment may only be sent under a NEW key once Stripe has definitively said none of its earlier keys
took money. `ChargeCheck.prove` establishes that, key by key, and says in words what it checked:

- a key still inside Stripe's idempotency window (`REPLAY_WINDOW`, 23 h of Stripe's 24) is re-sent as
  it was: Stripe answers with what that key did (the PaymentIntent it made, or the error it saved);
- a key past the window is looked up by our `metadata.payment_id`: Stripe's search first (every page),
  and, since search lags behind writes (under a minute normally, longer during incidents) and can be
  rate-limited, a "nothing found" is only believed from Stripe's PaymentIntent *list* for the time
  the key could have run, walked page by page (never "the newest 100");
- every PaymentIntent found that did not charge is canceled first, so it can never charge later.

The verdict is CHARGED (with the PaymentIntent), NOT_CHARGED, or NOT_KNOWN_YET: a rate-limited,
lagging or failed look-up, or a key whose answer cannot be trusted, is never "not charged".
Blocking (network); call from a worker.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from dripos_terminal.clock import Clock
from dripos_terminal.domain.payment import REPLAY_WINDOW
from dripos_terminal.i18n import QT_TRANSLATE_NOOP, Text
from dripos_terminal.payments.stripe_gateway import GatewayError, Outcome, StripeGateway
from dripos_terminal.payments.stripe_intents import cancel_payment_intent, is_paid
from dripos_terminal.store.payment_records import StoredRequest

log = logging.getLogger("dripos_terminal.payments")

# Where the till's clock and Stripe's may disagree, and a request may still be in flight: the list
# look-up covers this much more time on either side of when a key could have run.
LIST_MARGIN = timedelta(hours=2)
MAX_PAGES = 200  # 20 000 PaymentIntents; past that the answer is "not known yet", never a guess

C = "ChargeCheck"


class Verdict(enum.Enum):
    CHARGED = "charged"
    NOT_CHARGED = "not_charged"
    NOT_KNOWN_YET = "not_known_yet"


@dataclass(frozen=True)
class ChargeCheck:
    verdict: Verdict
    checks: tuple[str, ...]  # what was checked, in the words the manager's screen shows
    intent: Mapping[str, Any] | None = None  # the PaymentIntent that charged (CHARGED)

    @property
    def summary(self) -> str:
        text: Text = {
            Verdict.CHARGED: QT_TRANSLATE_NOOP(
                "ChargeCheck", "Stripe has already charged this payment — nothing was sent again."
            ),
            Verdict.NOT_CHARGED: QT_TRANSLATE_NOOP(
                "ChargeCheck", "Stripe shows that nothing was charged for this payment."
            ),
            Verdict.NOT_KNOWN_YET: QT_TRANSLATE_NOOP(
                "ChargeCheck",
                "Stripe could not yet show whether this payment was charged — "
                "nothing was sent again; try again in a few minutes.",
            ),
        }[self.verdict]
        for check in self.checks:  # one bullet a line, each still translatable
            text = QT_TRANSLATE_NOOP("ChargeCheck", "{text}\n• {check}").format(text=text, check=check)
        return text


@dataclass(frozen=True)
class KeyToCheck:
    """One earlier key that could have charged, and how to re-send it exactly as it was."""

    request: StoredRequest
    replay: Callable[[], dict[str, Any]] | None  # None: it cannot be re-sent (its card is gone)


@dataclass
class _Findings:
    intents: dict[str, dict[str, Any]] = field(default_factory=dict)
    checks: list[str] = field(default_factory=list)
    look_up: bool = False  # a key's answer said nothing about what it did: Stripe's records decide
    unsure: bool = False  # something may still be running, or could not be read: not known yet

    def add(self, pi: Mapping[str, Any]) -> None:
        if pi.get("id"):
            self.intents.setdefault(str(pi["id"]), dict(pi))

    def paid(self) -> dict[str, Any] | None:
        return next((pi for pi in self.intents.values() if is_paid(pi)), None)


def is_refusal(exc: GatewayError) -> bool:
    """Stripe refused the request itself, so it did nothing: a 4xx other than a rate limit, a conflict
    or an idempotency mismatch. (A 429 or 409 is answered before Stripe looks at the key: it says
    nothing about what an earlier send of that key did.)"""
    return (
        exc.outcome is Outcome.REJECTED
        and exc.http_status not in (409, 429)
        and exc.code not in ("idempotency_error", "idempotency_key_in_use", "rate_limit")
    )


def _tail(key: str) -> str:
    return f"…{key[-6:]}"


def _ago(delta: timedelta) -> Text:
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes >= 60:
        return QT_TRANSLATE_NOOP("ChargeCheck", "{hours} h {minutes} min").format(
            hours=minutes // 60, minutes=f"{minutes % 60:02d}"
        )
    return QT_TRANSLATE_NOOP("ChargeCheck", "{minutes} min").format(minutes=minutes)


def _what(exc: GatewayError) -> str:
    if exc.http_status == 429:
        return QT_TRANSLATE_NOOP("ChargeCheck", "rate-limited (429)")
    return exc.code or QT_TRANSLATE_NOOP("ChargeCheck", "no answer")


def _charged(pi: Mapping[str, Any]) -> Text:
    return QT_TRANSLATE_NOOP("ChargeCheck", "PaymentIntent {id} is {status}: the card was charged").format(
        id=pi.get("id"), status=pi.get("status")
    )


class ChargeCheckService:
    def __init__(self, gateway: StripeGateway, clock: Clock, *, max_pages: int = MAX_PAGES) -> None:
        self._gw = gateway
        self._clock = clock
        self._max_pages = max_pages

    def prove(self, payment_id: str, keys: Sequence[KeyToCheck]) -> ChargeCheck:
        """Every earlier key of `payment_id` that could have charged, checked; see the module."""
        found = _Findings()
        now = self._clock.now()
        old = [k for k in keys if now - k.request.created >= REPLAY_WINDOW or k.replay is None]
        for key in keys:
            if key not in old:
                self._replay(key, found, now)
        paid = found.paid()
        if paid is None and (old or found.look_up or found.unsure):
            paid = self._look_up(payment_id, keys, found, now)
        if paid is not None:
            found.checks.append(_charged(paid))
            return ChargeCheck(Verdict.CHARGED, tuple(found.checks), paid)
        paid = self._fence(payment_id, found)
        if paid is not None:
            return ChargeCheck(Verdict.CHARGED, tuple(found.checks), paid)
        verdict = Verdict.NOT_KNOWN_YET if found.unsure else Verdict.NOT_CHARGED
        return ChargeCheck(verdict, tuple(found.checks))

    # -- keys inside the window: Stripe's own answer ----------------------------------------------

    def _replay(self, key: KeyToCheck, found: _Findings, now: datetime) -> None:
        request = key.request
        said = QT_TRANSLATE_NOOP("ChargeCheck", "Re-sent key {key} (made {age} ago)").format(
            key=_tail(request.idempotency_key), age=_ago(now - request.created)
        )
        assert key.replay is not None
        try:
            pi = key.replay()
        except GatewayError as exc:
            if exc.outcome is Outcome.DECLINED and exc.payment_intent:
                found.add(exc.payment_intent)
                found.checks.append(
                    QT_TRANSLATE_NOOP("ChargeCheck", "{said}: the card was declined ({code})").format(
                        said=said, code=exc.decline_code or exc.code
                    )
                )
            elif is_refusal(exc):
                found.checks.append(
                    QT_TRANSLATE_NOOP(
                        "ChargeCheck", "{said}: Stripe refused it ({code}); nothing was made"
                    ).format(said=said, code=exc.code or exc.http_status)
                )
            elif exc.http_status is None or exc.http_status == 409:
                # No answer, or the key is running right now: it may still make a PaymentIntent.
                found.unsure = True
                found.checks.append(
                    QT_TRANSLATE_NOOP("ChargeCheck", "{said}: {what} — not known yet").format(
                        said=said, what=exc.code or QT_TRANSLATE_NOOP("ChargeCheck", "no answer")
                    )
                )
            else:
                # A rate limit, or an error Stripe saved for that key: its records will tell.
                found.look_up = True
                what = _what(exc) if exc.http_status == 429 else (exc.code or f"HTTP {exc.http_status}")
                found.checks.append(
                    QT_TRANSLATE_NOOP(
                        "ChargeCheck", "{said}: {what}; its PaymentIntents are looked up instead"
                    ).format(said=said, what=what)
                )
            return
        found.add(pi)
        found.checks.append(
            QT_TRANSLATE_NOOP(
                "ChargeCheck", "{said}: Stripe answered with PaymentIntent {id} ({status})"
            ).format(said=said, id=pi.get("id"), status=pi.get("status"))
        )

    # -- keys past the window: search, then the list ------------------------------------------------

    def _look_up(
        self, payment_id: str, keys: Iterable[KeyToCheck], found: _Findings, now: datetime
    ) -> dict[str, Any] | None:
        try:
            for pi in self._gw.find_payment_intents(payment_id, max_pages=self._max_pages):
                found.add(pi)
            found.checks.append(
                QT_TRANSLATE_NOOP(
                    "ChargeCheck", "Searched Stripe by this payment's id: {count} PaymentIntent(s)"
                ).format(count=len(found.intents))
            )
        except GatewayError as exc:
            found.checks.append(
                QT_TRANSLATE_NOOP(
                    "ChargeCheck", "Stripe's search was {what}; looked in the list instead"
                ).format(what=_what(exc))
            )
        paid = found.paid()
        if paid is not None:
            return paid
        # Search may lag: only Stripe's list of what was created while the keys could run is proof.
        created = [k.request.created for k in keys]
        since, until = min(created) - LIST_MARGIN, min(now, max(created) + REPLAY_WINDOW + LIST_MARGIN)
        try:
            listed, complete = self._gw.list_payment_intents(
                created_from=int(since.timestamp()),
                created_to=int(until.timestamp()),
                max_pages=self._max_pages,
            )
        except GatewayError as exc:
            found.unsure = True
            found.checks.append(
                QT_TRANSLATE_NOOP(
                    "ChargeCheck", "Stripe's PaymentIntent list was {what} — not known yet"
                ).format(what=_what(exc))
            )
            return None
        mine = [pi for pi in listed if (pi.get("metadata") or {}).get("payment_id") == payment_id]
        for pi in mine:
            found.add(pi)
        span = f"{since:%Y-%m-%d %H:%M}–{until:%H:%M} UTC"
        found.checks.append(
            QT_TRANSLATE_NOOP(
                "ChargeCheck",
                "Listed every PaymentIntent Stripe made {span} ({listed}): {mine} for this payment",
            ).format(span=span, listed=len(listed), mine=len(mine))
        )
        if not complete:
            found.unsure = True
            found.checks.append(
                QT_TRANSLATE_NOOP("ChargeCheck", "Too many to list in one go — not known yet")
            )
        return found.paid()

    # -- nothing paid yet: make sure nothing found can charge later ---------------------------------

    def _fence(self, payment_id: str, found: _Findings) -> dict[str, Any] | None:
        for pi_id, pi in list(found.intents.items()):
            if pi.get("status") == "canceled":
                continue
            settled = cancel_payment_intent(self._gw, payment_id, pi_id)
            if settled is None:
                found.unsure = True
                found.checks.append(
                    QT_TRANSLATE_NOOP(
                        "ChargeCheck", "PaymentIntent {id} could not be canceled yet — not known yet"
                    ).format(id=pi_id)
                )
            elif is_paid(settled):
                found.checks.append(_charged(settled))
                return dict(settled)
            else:
                found.checks.append(
                    QT_TRANSLATE_NOOP(
                        "ChargeCheck", "PaymentIntent {id} canceled: it can never charge"
                    ).format(id=pi_id)
                )
        return None
