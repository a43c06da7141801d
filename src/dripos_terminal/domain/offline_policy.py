"""Offline store-and-forward policy: caps on what may be stored, and the forwarding deadline.

Caps (per payment, total stored amount, count, age of the oldest stored payment) bound the merchant's
decline risk: a payment stored offline is charged later, and if the issuer declines then, the money is
gone. The sale that would cross a cap is refused with a clear message, or needs a manager's override
where the shop allows it. Stored payments must be forwarded within `max_age` (24 h): the sell screen
warns from `warn_after` (12 h) and counts down.

Pure: amounts are integer minor units, times come from the caller's clock.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from dripos_terminal.domain.money import Money
from dripos_terminal.i18n import QT_TRANSLATE_NOOP, Text

CONTEXT = "OfflinePolicy"


@dataclass(frozen=True)
class OfflineLimits:
    per_payment_cap_minor: int = 10_000
    total_cap_minor: int = 50_000
    count_cap: int = 100
    max_age: timedelta = timedelta(hours=24)
    warn_after: timedelta = timedelta(hours=12)
    manager_override_caps: bool = True
    min_charge_minor: int = 50  # Stripe refuses smaller charges (amount_too_small) when forwarded

    @classmethod
    def from_config(cls, config: object) -> OfflineLimits:
        """From `config.OfflineConfig` (duck-typed: the domain does not import config)."""
        return cls(
            per_payment_cap_minor=int(getattr(config, "per_payment_cap_minor", 10_000)),
            total_cap_minor=int(getattr(config, "total_cap_minor", 50_000)),
            count_cap=int(getattr(config, "count_cap", 100)),
            max_age=timedelta(hours=float(getattr(config, "max_age_hours", 24))),
            warn_after=timedelta(hours=float(getattr(config, "warn_after_hours", 12))),
            manager_override_caps=bool(getattr(config, "manager_override_caps", True)),
        )


class WarningLevel(enum.Enum):
    NONE = "none"
    WARN = "warn"  # oldest stored payment older than warn_after: forward soon
    URGENT = "urgent"  # less than an hour left
    OVERDUE = "overdue"  # past the deadline: forward now, stop storing


@dataclass(frozen=True)
class StoredPayment:
    """What the policy needs to know about one stored (not yet forwarded) payment."""

    charge_minor: int  # amount + tip
    stored_at: datetime


@dataclass(frozen=True)
class QueueSummary:
    count: int
    total_minor: int
    currency: str
    oldest_stored_at: datetime | None
    deadline: datetime | None  # oldest_stored_at + max_age
    time_left: timedelta | None  # deadline - now (negative when overdue)
    warning: WarningLevel

    @property
    def empty(self) -> bool:
        return self.count == 0

    @property
    def total(self) -> Money:
        return Money(self.total_minor, self.currency)

    def countdown_text(self) -> str:
        """'Forward within 11 h 42 min' / 'Forward now: 0 h 05 min overdue' / '' when nothing is stored."""
        if self.time_left is None:
            return ""
        left = self.time_left
        if left < timedelta(0):
            return QT_TRANSLATE_NOOP("OfflinePolicy", "Forward now: {time} overdue").format(time=_hm(-left))
        return QT_TRANSLATE_NOOP("OfflinePolicy", "Forward within {time}").format(time=_hm(left))

    def banner_text(self) -> str:
        if self.empty:
            return QT_TRANSLATE_NOOP("OfflinePolicy", "No offline payments stored")
        stored = (
            QT_TRANSLATE_NOOP("OfflinePolicy", "1 offline payment stored ({total}). {countdown}")
            if self.count == 1
            else QT_TRANSLATE_NOOP("OfflinePolicy", "{count} offline payments stored ({total}). {countdown}")
        )
        return stored.format(count=self.count, total=self.total, countdown=self.countdown_text())


def _hm(delta: timedelta) -> Text:
    minutes = int(delta.total_seconds() // 60)
    return QT_TRANSLATE_NOOP("OfflinePolicy", "{hours} h {minutes} min").format(
        hours=minutes // 60, minutes=f"{minutes % 60:02d}"
    )


def _sentences(parts: list[str]) -> str:
    """Reasons one after the other ("…. …"), each still translatable."""
    text = parts[0]
    for part in parts[1:]:
        text = QT_TRANSLATE_NOOP("OfflinePolicy", "{first}. {second}").format(first=text, second=part)
    return text


def summarize(
    stored: Iterable[StoredPayment], now: datetime, limits: OfflineLimits, currency: str = "usd"
) -> QueueSummary:
    items = list(stored)
    if not items:
        return QueueSummary(0, 0, currency, None, None, None, WarningLevel.NONE)
    oldest = min(i.stored_at for i in items)
    deadline = oldest + limits.max_age
    left = deadline - now
    if left <= timedelta(0):
        level = WarningLevel.OVERDUE
    elif left <= timedelta(hours=1):
        level = WarningLevel.URGENT
    elif now - oldest >= limits.warn_after:
        level = WarningLevel.WARN
    else:
        level = WarningLevel.NONE
    total = sum(i.charge_minor for i in items)
    return QueueSummary(len(items), total, currency, oldest, deadline, left, level)


class Cap(enum.Enum):
    PER_PAYMENT = "per_payment"
    TOTAL = "total"
    COUNT = "count"
    AGE = "age"


class Verdict(enum.Enum):
    ALLOWED = "allowed"
    NEEDS_OVERRIDE = "needs_override"  # a manager may allow it (Permission.OVERRIDE_OFFLINE_CAPS)
    REFUSED = "refused"


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    message: str = ""
    breached: tuple[Cap, ...] = ()

    @property
    def allowed(self) -> bool:
        return self.verdict is Verdict.ALLOWED


def _breaches(
    charge: int, summary: QueueSummary, now: datetime, limits: OfflineLimits
) -> list[tuple[Cap, str]]:
    cur = summary.currency
    out: list[tuple[Cap, str]] = []
    if charge > limits.per_payment_cap_minor:
        cap = Money(limits.per_payment_cap_minor, cur)
        out.append(
            (
                Cap.PER_PAYMENT,
                QT_TRANSLATE_NOOP("OfflinePolicy", "Offline card payments are limited to {cap} each").format(
                    cap=cap
                ),
            )
        )
    if summary.total_minor + charge > limits.total_cap_minor:
        room = max(0, limits.total_cap_minor - summary.total_minor)
        cap = Money(limits.total_cap_minor, cur)
        message = QT_TRANSLATE_NOOP(
            "OfflinePolicy", "Stored offline payments would pass {cap} in total ({left} left)"
        )
        out.append((Cap.TOTAL, message.format(cap=cap, left=Money(room, cur))))
    if summary.count + 1 > limits.count_cap:
        message = QT_TRANSLATE_NOOP(
            "OfflinePolicy", "The till already holds {count} offline payments (the limit)"
        )
        out.append((Cap.COUNT, message.format(count=summary.count)))
    if summary.oldest_stored_at is not None and now - summary.oldest_stored_at >= limits.max_age:
        out.append(
            (
                Cap.AGE,
                QT_TRANSLATE_NOOP(
                    "OfflinePolicy",
                    "Stored offline payments are past their 24-hour deadline — forward them first",
                ),
            )
        )
    return out


def check_capture(charge_minor: int, summary: QueueSummary, now: datetime, limits: OfflineLimits) -> Decision:
    """May a card payment of `charge_minor` (amount + tip) be stored offline now?"""
    if charge_minor < limits.min_charge_minor:
        minimum = Money(limits.min_charge_minor, summary.currency)
        message = QT_TRANSLATE_NOOP("OfflinePolicy", "Card payments must be at least {minimum}. Take cash.")
        return Decision(Verdict.REFUSED, message.format(minimum=minimum))
    found = _breaches(charge_minor, summary, now, limits)
    if not found:
        return Decision(Verdict.ALLOWED)
    caps = tuple(c for c, _ in found)
    text = _sentences([m for _, m in found])
    if limits.manager_override_caps:
        message = QT_TRANSLATE_NOOP("OfflinePolicy", "{reasons}. A manager can allow it, or take cash.")
        return Decision(Verdict.NEEDS_OVERRIDE, message.format(reasons=text), caps)
    message = QT_TRANSLATE_NOOP("OfflinePolicy", "{reasons}. Take cash or another payment.")
    return Decision(Verdict.REFUSED, message.format(reasons=text), caps)


#: What enabling offline manual entry means; shown (and audited) when a manager switches it on.
OFFLINE_MANUAL_ENTRY_NOTICE = QT_TRANSLATE_NOOP(
    "OfflinePolicy",
    "Offline manual card entry stores typed card numbers (encrypted) on this till until they can be "
    "sent to Stripe. This puts the till in PCI DSS scope for stored card data. Stripe must have "
    "enabled raw card data APIs for your account, or stored payments will be refused when forwarded. "
    "You carry all decline risk: payments are only checked when forwarded, and if the issuer "
    "declines, there's no way to recover the funds. Stored payments must be forwarded within 24 hours.",
)
