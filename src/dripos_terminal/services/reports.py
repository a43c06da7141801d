"""X and Z reports without Qt (money rules 9 and 10), computed with SQL aggregates over the sale facts.

- `x_report(day)`: the business day's figures now; never stored.
- `take_z(authorization, day, carry_over=False)`: closes the business day. Refused while a payment of
  the day (or an earlier one) has no final outcome — unless a manager explicitly carries them over,
  which is audited and listed on the Z — and while a drawer session of the day is still open. One Z
  per business day per till, numbered, stored as taken and never changed; selling goes on under the
  next business day (`SalesService.close_business_day`).
- `z_report(day)`: a stored Z, as it was taken.

Every figure of one report is read inside one database call (or, for a Z, the transaction that
stores it), so the report is a consistent snapshot. Blocking: call from a worker or a command line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from dripos_terminal.clock import Clock
from dripos_terminal.domain.errors import DomainError
from dripos_terminal.domain.money import Money
from dripos_terminal.domain.order import order_number_text
from dripos_terminal.domain.report import (
    TENDER_NAMES,
    CashSummary,
    DayReport,
    DeclinedPayment,
    DrawerLine,
    HourSales,
    OfflineSummary,
    ReportKind,
    TaxByClass,
    TopItem,
)
from dripos_terminal.domain.staff import Permission
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.services.drawer import summary_in
from dripos_terminal.services.sales import SalesService
from dripos_terminal.services.staff import Authorization
from dripos_terminal.store import sale_facts_repo as facts
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.batches_repo import decisions_in
from dripos_terminal.store.database import Connection, Database
from dripos_terminal.store.drawer_repo import paid_totals_in, sessions_for_day_in
from dripos_terminal.store.migrations import iso_utc
from dripos_terminal.store.z_reports_repo import StoredZ, ZAlreadyTaken, ZReportsRepo

AUDIT_CARRY_OVER = "report.z_carry_over"
_RESOLUTION = {"balance_due": "balance due", "written_off": "written off"}

__all__ = ["ReportService", "ZAlreadyTaken", "ZRefused"]


class ZRefused(DomainError):
    """The Z report cannot be taken yet; the message says what to do first."""


@dataclass(frozen=True)
class DayEntry:
    """A business day in the Past days list."""

    business_day: str
    z_number: int | None


class ReportService:
    def __init__(
        self,
        *,
        db: Database,
        zs: ZReportsRepo,
        sales: SalesService,
        audit: AuditLog,
        clock: Clock,
        till_id: str,
        currency: str,
        staff_name: Callable[[str], str],
    ) -> None:
        self._db = db
        self._zs = zs
        self._sales = sales
        self._audit = audit
        self._clock = clock
        self.till_id = till_id
        self.currency = currency
        self._staff_name = staff_name

    def today(self) -> date:
        return self._sales.business_date()

    # -- reports ----------------------------------------------------------------------------------

    def x_report(self, day: date | None = None) -> DayReport:
        wanted = (day or self.today()).isoformat()
        return self._db.call(lambda conn: self.compute_in(conn, wanted, ReportKind.X))

    def z_report(self, day: date) -> DayReport | None:
        stored = self._zs.find(day.isoformat(), self.till_id)
        return None if stored is None else DayReport.from_json(stored.doc)

    def unresolved(self, day: date | None = None) -> list[facts.UnresolvedRow]:
        wanted = (day or self.today()).isoformat()
        return self._db.call(lambda conn: facts.unresolved(conn, wanted, self.till_id))

    def take_z(
        self, authorization: Authorization, day: date | None = None, *, carry_over: bool = False
    ) -> DayReport:
        """Close the business day with its Z report (see the module docstring for the refusals)."""
        authorization.require(Permission.REPORTS)
        wanted = day or self.today()
        if wanted > self._clock.now().astimezone().date() and wanted > self.today():
            raise ZRefused(QT_TRANSLATE_NOOP("Reports", "That business day has not started yet."))
        key = wanted.isoformat()
        who = authorization.actor.staff_id
        carried: list[str] = []

        def build(conn: Connection, number: int) -> dict[str, object]:
            waiting = facts.unresolved(conn, key, self.till_id)
            if waiting and not carry_over:
                amount = sum(w.charge for w in waiting)
                raise ZRefused(
                    QT_TRANSLATE_NOOP(
                        "Reports",
                        "{count} payment(s) ({amount}) have no final outcome yet: forward and resolve them "
                        "first, or carry them over to the next day (a manager's decision, recorded).",
                    ).format(count=len(waiting), amount=Money(amount, self.currency))
                )
            if any(s.state.value == "open" for s in sessions_for_day_in(conn, key, self.till_id)):
                raise ZRefused(
                    QT_TRANSLATE_NOOP(
                        "Reports",
                        "A drawer session of this day is still open: count and close the drawer first.",
                    )
                )
            carried.extend(w.payment_id for w in waiting)
            if waiting:
                details = {
                    "business_day": key,
                    "payments": [w.payment_id for w in waiting],
                    "amount_minor": sum(w.charge for w in waiting),
                    "approver": authorization.approver.staff_id,
                    "override": authorization.overridden,
                }
                self._audit.record_in(conn, who, AUDIT_CARRY_OVER, key, details)
            report = self.compute_in(
                conn,
                key,
                ReportKind.Z,
                number=number,
                carried=tuple(carried),
                taken_by=self._staff_name(who),
            )
            if not report.balances:
                raise ZRefused(
                    QT_TRANSLATE_NOOP(
                        "Reports", "The day's figures do not balance; nothing was stored. Report this."
                    )
                )
            return report.to_json()

        stored = self._zs.take(
            key,
            self.till_id,
            taken_at=iso_utc(self._clock.now()),
            taken_by=who,
            approved_by=authorization.approver.staff_id,
            carried_over=carry_over,
            build=build,
            audit_details={"carried_over": carried, "approver": authorization.approver.staff_id},
        )
        self._sales.close_business_day(wanted)
        return DayReport.from_json(stored.doc)

    def days(self, limit: int = 366) -> list[DayEntry]:
        """Business days with orders or a Z, newest first."""
        zs = {z.business_date: z.number for z in self._zs.days(self.till_id, limit)}
        listed = self._db.call(lambda conn: facts.business_days(conn, self.till_id, limit))
        every = sorted(set(listed) | set(zs), reverse=True)[:limit]
        return [DayEntry(d, zs.get(d)) for d in every]

    def stored_z(self, day: date) -> StoredZ | None:
        return self._zs.find(day.isoformat(), self.till_id)

    # -- the figures ------------------------------------------------------------------------------

    def compute_in(
        self,
        conn: Connection,
        day: str,
        kind: ReportKind,
        *,
        number: int | None = None,
        carried: tuple[str, ...] = (),
        taken_by: str = "",
    ) -> DayReport:
        till = self.till_id
        totals = facts.day_totals(conn, day, till)
        tenders = {name: 0 for name in TENDER_NAMES}
        for t in facts.tenders(conn, day, till):
            tenders[t.name] = tenders.get(t.name, 0) + t.amount
        tenders["written_off"] += totals.written_off
        outstanding = [t for t in facts.tenders(conn, day, till) if t.name == "offline_outstanding"]
        declined = facts.declined(conn, day, till)
        decisions = decisions_in(conn, [d.payment_id for d in declined])
        drawers = []
        for session in sessions_for_day_in(conn, day, till):
            summary = summary_in(conn, session, paid_totals_in(conn, session.id))
            drawers.append(
                DrawerLine(
                    session.number,
                    session.state.value,
                    summary.float_minor,
                    summary.cash_sales,
                    summary.cash_refunds,
                    summary.paid_in,
                    summary.paid_out,
                    summary.expected,
                    summary.counted,
                    summary.variance,
                )
            )
        voids = facts.voids(conn, day, till)
        owed_before = facts.owed_before(conn, day, till)
        return DayReport(
            kind=kind,
            business_day=day,
            till_id=till,
            currency=(totals.currency or self.currency).lower(),
            generated_at=iso_utc(self._clock.now()),
            number=number,
            taken_by=taken_by,
            orders=totals.orders,
            gross_sales=totals.gross,
            discounts=totals.discounts,
            tax=totals.tax,
            tips=totals.tips,
            refunds=totals.refunds,
            balance_due=totals.owed,
            tenders=tenders,
            cash=_cash(drawers, tenders["cash"]),
            offline=OfflineSummary(
                outstanding_count=sum(t.count for t in outstanding),
                outstanding_amount=sum(t.amount for t in outstanding),
                declined_count=len(declined),
            ),
            refund_count=facts.refund_count(conn, day, till),
            voids_count=voids[0],
            voids_amount=voids[1],
            taxes=tuple(TaxByClass(c, r, t) for c, r, t in facts.taxes(conn, day, till)),
            hours=tuple(HourSales(h, n, a) for h, n, a in facts.hours(conn, day, till)),
            top_items=tuple(TopItem(i, n, q, a) for i, n, q, a in facts.top_items(conn, day, till)),
            declined=tuple(
                DeclinedPayment(
                    payment_id=d.payment_id,
                    order=order_number_text(d.daily_number),
                    amount=d.amount + d.tip,
                    reason=d.reason,
                    resolution=_RESOLUTION.get(d.status, "collected"),
                    owed=d.owed,
                    decision=decisions.get(d.payment_id, ""),
                )
                for d in declined
            ),
            drawers=tuple(drawers),
            carried_over=carried,
            owed_earlier_count=owed_before[0],
            owed_earlier_amount=owed_before[1],
        )


def _cash(drawers: list[DrawerLine], cash_tendered: int) -> CashSummary:
    """The day's drawer: its sessions added up; with no session, what the cash sales should have left."""
    if not drawers:
        return CashSummary(cash_tendered, None, None)
    expected = sum(d.expected for d in drawers)
    if any(d.counted is None for d in drawers):
        return CashSummary(expected, None, None)
    counted = sum(d.counted or 0 for d in drawers)
    return CashSummary(expected, counted, counted - expected)
