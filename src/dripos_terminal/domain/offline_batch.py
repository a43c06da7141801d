"""Closing an offline batch (money rule 5): what a batch adds up to, and why it may not close yet.

A batch is every stored (offline) card payment since the last closed batch. It closes only when
none is still pending, sending, unknown or parked, when every decline has a manager's decision, and
when its totals add up exactly from the individual outcomes. A closed batch is numbered and never
changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dripos_terminal.domain.errors import DomainError
from dripos_terminal.domain.payment import UNRESOLVED_STATES, PaymentStatus
from dripos_terminal.i18n import QT_TRANSLATE_NOOP


class BatchNotClosable(DomainError):
    """The batch cannot close yet; the message says what is left to do."""


@dataclass(frozen=True)
class BatchLine:
    """One stored payment as the batch counts it."""

    payment_id: str
    status: PaymentStatus
    charge_minor: int  # sale + tip


@dataclass(frozen=True)
class Outcome:
    count: int = 0
    amount: int = 0


@dataclass(frozen=True)
class BatchTotals:
    """Per outcome: how many and how much (sale + tip); `total` is the whole batch."""

    by_status: Mapping[PaymentStatus, Outcome]
    total: Outcome

    @classmethod
    def of(cls, lines: Iterable[BatchLine]) -> BatchTotals:
        counts: dict[PaymentStatus, list[int]] = {}
        every = [0, 0]
        for line in lines:
            entry = counts.setdefault(line.status, [0, 0])
            entry[0] += 1
            entry[1] += line.charge_minor
            every[0] += 1
            every[1] += line.charge_minor
        by_status = {s: Outcome(c, a) for s, (c, a) in counts.items()}
        return cls(by_status, Outcome(every[0], every[1]))

    def of_status(self, status: PaymentStatus) -> Outcome:
        return self.by_status.get(status, Outcome())

    @property
    def adds_up(self) -> bool:
        """The outcomes account for the whole batch, to the minor unit."""
        count = sum(o.count for o in self.by_status.values())
        amount = sum(o.amount for o in self.by_status.values())
        return (count, amount) == (self.total.count, self.total.amount)


def check_closable(lines: list[BatchLine], undecided_declines: Iterable[str], totals: BatchTotals) -> None:
    """Raise `BatchNotClosable` with what is left to do, or return (the batch may close)."""
    if not lines:
        raise BatchNotClosable(QT_TRANSLATE_NOOP("OfflineBatch", "There is nothing in the batch to close."))
    waiting = [line for line in lines if line.status in UNRESOLVED_STATES]
    if waiting:
        parked = sum(1 for line in waiting if line.status is PaymentStatus.PARKED)
        raise BatchNotClosable(
            QT_TRANSLATE_NOOP(
                "OfflineBatch",
                "{count} stored payment(s) have no final outcome yet ({parked} waiting for a "
                "decision): forward them, or decide on the ones that need attention, first.",
            ).format(count=len(waiting), parked=parked)
        )
    undecided = sorted(undecided_declines)
    if undecided:
        raise BatchNotClosable(
            QT_TRANSLATE_NOOP(
                "OfflineBatch",
                "{count} declined payment(s) have no decision yet: contact the customer, record "
                "the cash collected, or write it off.",
            ).format(count=len(undecided))
        )
    if not totals.adds_up:
        raise BatchNotClosable(
            QT_TRANSLATE_NOOP(
                "OfflineBatch", "The batch totals do not add up from its payments; nothing was closed."
            )
        )
