"""Cash drawer sessions without Qt: open with a counted float, paid in / paid out with a reason, counts,
and the close with a count by denomination — expected against counted, and the variance.

Expected cash is the drawer identity (`domain.cash.expected_cash`): float + cash sales − cash refunds
+ paid in − paid out, where cash sales and refunds are the cash tenders and cash given back (refunds
and voids) recorded while the session was open, read from the sale facts. Every operation takes
`Permission.CASH_DRAWER` (a manager's override for a barista) and is audited in its own commit.

Blocking (database): call from a worker or a command line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dripos_terminal.clock import Clock
from dripos_terminal.domain.cash import CashCount
from dripos_terminal.domain.drawer_session import DrawerError, DrawerState, DrawerSummary, MovementKind
from dripos_terminal.domain.staff import Permission
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.ids import new_id
from dripos_terminal.services.staff import Authorization
from dripos_terminal.store.database import Connection
from dripos_terminal.store.drawer_repo import DrawerRepo, MovementRecord, NewSession, SessionRecord
from dripos_terminal.store.migrations import iso_utc
from dripos_terminal.store.sale_facts_repo import SaleFactsRepo, cash_between

_OPEN_END = "9999"  # an open session counts everything recorded since it opened


@dataclass(frozen=True)
class DrawerView:
    """A session and its numbers, as the drawer screen and the command line show them."""

    session: SessionRecord
    summary: DrawerSummary
    movements: tuple[MovementRecord, ...]
    last_count: int | None = None  # the latest count while open (a mid-shift check)

    @property
    def open(self) -> bool:
        return self.session.state is DrawerState.OPEN

    @property
    def variance(self) -> int | None:
        """Counted (at close, or the latest count while open) minus expected."""
        counted = self.summary.counted if self.summary.counted is not None else self.last_count
        return None if counted is None else counted - self.summary.expected


def summary_in(conn: Connection, session: SessionRecord, paid: tuple[int, int]) -> DrawerSummary:
    """The session's numbers, read inside one database call."""
    taken, back = cash_between(conn, session.opened_at, session.closed_at or _OPEN_END)
    return DrawerSummary(
        float_minor=session.float_minor,
        cash_sales=taken,
        cash_refunds=back,
        paid_in=paid[0],
        paid_out=paid[1],
        counted=session.counted_minor,
    )


class DrawerService:
    def __init__(
        self,
        repo: DrawerRepo,
        facts: SaleFactsRepo,
        clock: Clock,
        *,
        till_id: str,
        currency: str,
        kick: Callable[[], object] | None = None,
    ) -> None:
        self._repo = repo
        self._facts = facts
        self._clock = clock
        self.till_id = till_id
        self.currency = currency
        self._kick = kick  # opens the physical drawer (the printer's kick-out), when there is one

    def business_day(self) -> str:
        return self._clock.now().astimezone().date().isoformat()

    # -- reads ------------------------------------------------------------------------------------

    def current(self) -> DrawerView | None:
        session = self._repo.open_session(self.till_id)
        return None if session is None else self.view(session.id)

    def view(self, session_id: str) -> DrawerView:
        session = self._repo.get(session_id)
        paid = self._repo.paid_totals(session_id)
        summary = self._facts.read(lambda conn: summary_in(conn, session, paid))
        movements = tuple(self._repo.movements(session_id))
        counts = [m.amount_minor for m in movements if m.kind is MovementKind.COUNT]
        return DrawerView(session, summary, movements, counts[-1] if counts else None)

    def for_day(self, business_day: str) -> list[DrawerView]:
        return [self.view(s.id) for s in self._repo.for_day(business_day, self.till_id)]

    # -- operations -------------------------------------------------------------------------------

    def open(self, authorization: Authorization, float_count: CashCount) -> DrawerView:
        authorization.require(Permission.CASH_DRAWER)
        self._same_currency(float_count)
        who = authorization.actor.staff_id
        session = self._repo.open(
            NewSession(
                id=new_id("drw"),
                till_id=self.till_id,
                business_date=self.business_day(),
                currency=self.currency,
                opened_at=iso_utc(self._clock.now()),
                opened_by=who,
                float_minor=float_count.total,
                float_counts=float_count.to_dict(),
            ),
            audit_details={**_who(authorization), "float_minor": float_count.total},
        )
        self._open_drawer()
        return self.view(session.id)

    def paid_in(self, authorization: Authorization, amount_minor: int, reason: str) -> DrawerView:
        return self._move(authorization, MovementKind.PAID_IN, amount_minor, reason)

    def paid_out(self, authorization: Authorization, amount_minor: int, reason: str) -> DrawerView:
        return self._move(authorization, MovementKind.PAID_OUT, amount_minor, reason)

    def count(self, authorization: Authorization, counted: CashCount) -> DrawerView:
        """A count while the drawer stays open (a mid-shift check): recorded, nothing closes."""
        authorization.require(Permission.CASH_DRAWER)
        self._same_currency(counted)
        session = self._require_open()
        before = self.view(session.id)
        details = {
            **_who(authorization),
            "counted_minor": counted.total,
            "expected_minor": before.summary.expected,
            "variance_minor": counted.total - before.summary.expected,
        }
        self._repo.add_movement(
            session.id,
            MovementKind.COUNT,
            at=iso_utc(self._clock.now()),
            amount_minor=counted.total,
            reason="count",
            actor_id=authorization.actor.staff_id,
            approved_by=authorization.approver.staff_id,
            counts=counted.to_dict(),
            audit_details=details,
        )
        return self.view(session.id)

    def close(self, authorization: Authorization, counted: CashCount) -> DrawerView:
        """Close with a count by denomination: expected, counted and the variance are kept."""
        authorization.require(Permission.CASH_DRAWER)
        self._same_currency(counted)
        session = self._require_open()
        expected = self.view(session.id).summary.expected
        closed = self._repo.close(
            session.id,
            at=iso_utc(self._clock.now()),
            closed_by=authorization.actor.staff_id,
            counted_minor=counted.total,
            counts=counted.to_dict(),
            expected_minor=expected,
            audit_details={
                **_who(authorization),
                "counted_minor": counted.total,
                "expected_minor": expected,
                "variance_minor": counted.total - expected,
            },
        )
        return self.view(closed.id)

    def _move(self, authorization: Authorization, kind: MovementKind, amount: int, reason: str) -> DrawerView:
        authorization.require(Permission.CASH_DRAWER)
        if type(amount) is not int or amount <= 0:
            raise DrawerError(QT_TRANSLATE_NOOP("Drawer", "The amount must be more than zero."))
        why = " ".join(str(reason).split())
        if not why:
            raise DrawerError(
                QT_TRANSLATE_NOOP("Drawer", "Say why the cash goes in or out (a reason is kept with it).")
            )
        session = self._require_open()
        self._repo.add_movement(
            session.id,
            kind,
            at=iso_utc(self._clock.now()),
            amount_minor=amount,
            reason=why[:200],
            actor_id=authorization.actor.staff_id,
            approved_by=authorization.approver.staff_id,
            audit_details={**_who(authorization), "amount_minor": amount, "reason": why[:200]},
        )
        self._open_drawer()
        return self.view(session.id)

    def _require_open(self) -> SessionRecord:
        session = self._repo.open_session(self.till_id)
        if session is None:
            raise DrawerError(
                QT_TRANSLATE_NOOP(
                    "Drawer", "No drawer session is open: open the drawer with its float first."
                )
            )
        return session

    def _same_currency(self, count: CashCount) -> None:
        if count.currency.lower() != self.currency.lower():
            raise DrawerError(
                QT_TRANSLATE_NOOP("Drawer", "The count is in {counted}, the till in {till}.").format(
                    counted=count.currency, till=self.currency.upper()
                )
            )

    def _open_drawer(self) -> None:
        if self._kick is not None:
            self._kick()


def _who(authorization: Authorization) -> dict[str, object]:
    return {
        "actor": authorization.actor.staff_id,
        "approver": authorization.approver.staff_id,
        "override": authorization.overridden,
    }
