"""The sale facts: the one writer of `sale_facts` and its child tables, and the SQL the reports, the
drawer and the Orders lists read them with.

`write_in` replaces an order's facts inside the transaction that saves the order (the order book
calls it), so the facts never disagree with the order. Reads are aggregates over indexed columns
(`sale_facts_day`, `sale_fact_tenders_kind_at`, …): a day of 10,000 orders is summed by SQLite, not
rebuilt in Python. Offline tenders are split into forwarded / outstanding by joining the payment's
current status, since forwarding an approved payment does not touch its order.

Blocking: the methods wait on the database thread; call them from workers.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from dripos_terminal.domain.errors import DomainError
from dripos_terminal.domain.order import Order
from dripos_terminal.domain.payment import UNRESOLVED_STATES
from dripos_terminal.domain.sale_facts import SaleFacts, facts_of
from dripos_terminal.store.database import Connection, Database

log = logging.getLogger("dripos_terminal.store")

_UNRESOLVED = tuple(sorted(s.value for s in UNRESOLVED_STATES))
_UNRESOLVED_SQL = ", ".join(f"'{s}'" for s in _UNRESOLVED)  # fixed enum values, never input
DEFAULT_TILL = "till-1"
T = TypeVar("T")


def write_in(conn: Connection, facts: SaleFacts, *, new: bool = False) -> None:
    """Replace the order's facts (inside the caller's transaction). `new`: the order is being
    inserted in this transaction, so it has none to replace (a duplicate would fail the insert)."""
    oid = facts.order_id
    if not new:
        for table in ("sale_fact_lines", "sale_fact_taxes", "sale_fact_tenders", "sale_fact_returns"):
            conn.execute(f"DELETE FROM {table} WHERE order_id = ?", (oid,))  # noqa: S608 - fixed names
    verb = "INSERT" if new else "INSERT OR REPLACE"
    conn.execute(
        f"{verb} INTO sale_facts (order_id, number, daily_number, business_date, till_id, status, "
        "currency, opened_at, sold_at, sold_hour, staff_id, subtotal_minor, discount_minor, tax_minor, "
        "total_minor, tip_minor, paid_minor, refunded_minor, written_off_minor, owed_minor, is_sale, voided) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            oid,
            facts.number,
            facts.daily_number,
            facts.business_date,
            facts.till_id,
            facts.status,
            facts.currency,
            facts.opened_at,
            facts.sold_at,
            facts.sold_hour,
            facts.staff_id,
            facts.subtotal,
            facts.discount,
            facts.tax,
            facts.total,
            facts.tip,
            facts.paid,
            facts.refunded,
            facts.written_off,
            facts.owed,
            int(facts.is_sale),
            int(facts.voided),
        ),
    )
    _insert_rows(
        conn,
        "INSERT INTO sale_fact_lines VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(oid, x.line_id, x.item_id, x.name, x.quantity, x.gross, x.net) for x in facts.lines],
    )
    _insert_rows(
        conn,
        "INSERT INTO sale_fact_taxes VALUES (?, ?, ?, ?, ?)",
        [(oid, t.tax_class, t.rate_bp, t.base, t.tax) for t in facts.taxes],
    )
    _insert_rows(
        conn,
        "INSERT INTO sale_fact_tenders VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                oid,
                t.tender_id,
                t.kind,
                t.reference,
                t.amount,
                t.tip,
                t.refunded,
                t.brand,
                t.last4,
                t.at,
                int(t.declined),
                t.reason,
            )
            for t in facts.tenders
        ],
    )
    _insert_rows(
        conn,
        "INSERT INTO sale_fact_returns VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(oid, r.return_id, r.tender_id, r.tender_kind, r.amount, r.at, r.kind) for r in facts.returns],
    )


def _insert_rows(conn: Connection, sql: str, rows: list[tuple[Any, ...]]) -> None:
    if rows:  # most orders have no returns, some no tax: no statement for nothing
        conn.executemany(sql, rows)


def backfill_in(conn: Connection) -> int:
    """Schema v3: facts for the orders an earlier version saved. An order document this code cannot
    read is left out of the reports (and logged), never guessed at. Returns how many were written."""
    written = 0
    for row in conn.execute("SELECT id, doc FROM orders ORDER BY number").fetchall():
        try:
            order = Order.from_dict(json.loads(row[1]))
        except (DomainError, ValueError, TypeError) as exc:
            log.warning("order %s left out of the reports: %s", row[0], exc)
            continue
        first = conn.execute(
            "SELECT payload FROM order_events WHERE order_id = ? ORDER BY id LIMIT 1", (row[0],)
        ).fetchone()
        till = (json.loads(first[0]) if first else {}).get("till") or DEFAULT_TILL
        write_in(conn, facts_of(order, till_id=str(till)))
        written += 1
    return written


# -- what the reports read (inside one read or transaction: a consistent snapshot) -------------------------


@dataclass(frozen=True)
class DayTotals:
    orders: int = 0
    gross: int = 0
    discounts: int = 0
    tax: int = 0
    tips: int = 0
    refunds: int = 0
    owed: int = 0
    written_off: int = 0
    currency: str = ""


@dataclass(frozen=True)
class TenderSum:
    name: str  # report tender name (domain.report.TENDER_NAMES)
    count: int
    amount: int  # taken − given back


@dataclass(frozen=True)
class DeclinedRow:
    payment_id: str
    order_id: str
    daily_number: int
    amount: int
    tip: int
    reason: str
    status: str
    owed: int


@dataclass(frozen=True)
class UnresolvedRow:
    payment_id: str
    order_id: str
    kind: str
    status: str
    charge: int


@dataclass(frozen=True)
class OrderRow:
    """One line of an Orders list: what a table shows without loading the order."""

    order_id: str
    number: int
    daily_number: int
    business_date: str
    sold_at: str
    staff_id: str
    status: str
    currency: str
    total: int
    tip: int
    owed: int
    declined: bool


@dataclass(frozen=True)
class OrderFilter:
    """Which orders of a day to list: all of them, or those matching any of the search fields given."""

    business_date: str
    till_id: str | None = None
    number: int | None = None  # the day's number (#0042) or the store-wide one
    last4: str | None = None
    amount: int | None = None  # an order total, or what one tender charged
    owed_from_earlier: bool = False  # also list earlier days' orders that still owe (today's Orders)


def day_totals(conn: Connection, day: str, till_id: str) -> DayTotals:
    sql = (
        "SELECT COUNT(*), TOTAL(subtotal_minor), TOTAL(discount_minor), TOTAL(tax_minor), "
        "TOTAL(tip_minor), TOTAL(refunded_minor), TOTAL(owed_minor), TOTAL(written_off_minor), "
        "MAX(currency) FROM sale_facts WHERE business_date = ? AND till_id = ? AND is_sale = 1"
    )
    row = conn.execute(sql, (day, till_id)).fetchone()
    n = [int(v or 0) for v in row[:8]]
    return DayTotals(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], currency=str(row[8] or ""))


def tenders(conn: Connection, day: str, till_id: str) -> list[TenderSum]:
    sql = (
        "SELECT CASE WHEN t.kind != 'offline_card' THEN t.kind "  # noqa: S608 - fixed enum values
        f"WHEN p.status IN ({_UNRESOLVED_SQL}) THEN 'offline_outstanding' "
        "ELSE 'offline_forwarded' END AS name, COUNT(*), "
        "TOTAL(t.amount_minor + t.tip_minor - t.refunded_minor) "
        "FROM sale_facts f JOIN sale_fact_tenders t ON t.order_id = f.order_id "
        "LEFT JOIN payments p ON t.kind = 'offline_card' AND p.id = t.reference "
        "WHERE f.business_date = ? AND f.till_id = ? AND f.is_sale = 1 AND t.declined = 0 "
        "GROUP BY name"
    )
    rows = conn.execute(sql, (day, till_id)).fetchall()
    return [TenderSum(str(r[0]), int(r[1]), int(r[2])) for r in rows]


def voids(conn: Connection, day: str, till_id: str) -> tuple[int, int]:
    sql = (
        "SELECT COUNT(*), TOTAL(total_minor) FROM sale_facts "
        "WHERE business_date = ? AND till_id = ? AND voided = 1"
    )
    row = conn.execute(sql, (day, till_id)).fetchone()
    return int(row[0]), int(row[1])


def refund_count(conn: Connection, day: str, till_id: str) -> int:
    sql = (
        "SELECT COUNT(*) FROM sale_facts f JOIN sale_fact_returns r ON r.order_id = f.order_id "
        "WHERE f.business_date = ? AND f.till_id = ? AND f.is_sale = 1 AND r.kind = 'refund'"
    )
    return int(conn.execute(sql, (day, till_id)).fetchone()[0])


def taxes(conn: Connection, day: str, till_id: str) -> list[tuple[str, int, int]]:
    sql = (
        "SELECT x.tax_class, MAX(x.rate_bp), TOTAL(x.tax_minor) FROM sale_facts f "
        "JOIN sale_fact_taxes x ON x.order_id = f.order_id "
        "WHERE f.business_date = ? AND f.till_id = ? AND f.is_sale = 1 "
        "GROUP BY x.tax_class ORDER BY x.tax_class"
    )
    rows = conn.execute(sql, (day, till_id)).fetchall()
    return [(str(r[0]), int(r[1]), int(r[2])) for r in rows]


def hours(conn: Connection, day: str, till_id: str) -> list[tuple[int, int, int]]:
    sql = (
        "SELECT sold_hour, COUNT(*), TOTAL(total_minor) FROM sale_facts "
        "WHERE business_date = ? AND till_id = ? AND is_sale = 1 GROUP BY sold_hour ORDER BY sold_hour"
    )
    rows = conn.execute(sql, (day, till_id)).fetchall()
    return [(int(r[0]), int(r[1]), int(r[2])) for r in rows]


def top_items(conn: Connection, day: str, till_id: str, limit: int = 10) -> list[tuple[str, str, int, int]]:
    sql = (
        "SELECT l.item_id, MAX(l.name), TOTAL(l.quantity) AS qty, TOTAL(l.net_minor) FROM sale_facts f "
        "JOIN sale_fact_lines l ON l.order_id = f.order_id "
        "WHERE f.business_date = ? AND f.till_id = ? AND f.is_sale = 1 "
        "GROUP BY l.item_id ORDER BY qty DESC, l.item_id LIMIT ?"
    )
    rows = conn.execute(sql, (day, till_id, limit)).fetchall()
    return [(str(r[0]), str(r[1]), int(r[2]), int(r[3])) for r in rows]


def declined(conn: Connection, day: str, till_id: str) -> list[DeclinedRow]:
    sql = (
        "SELECT t.reference, f.order_id, f.daily_number, t.amount_minor, t.tip_minor, t.reason, "
        "f.status, f.owed_minor FROM sale_facts f JOIN sale_fact_tenders t ON t.order_id = f.order_id "
        "WHERE f.business_date = ? AND f.till_id = ? AND f.is_sale = 1 AND t.declined = 1 "
        "ORDER BY f.daily_number"
    )
    rows = conn.execute(sql, (day, till_id)).fetchall()
    return [
        DeclinedRow(str(r[0]), str(r[1]), int(r[2]), int(r[3]), int(r[4]), str(r[5]), str(r[6]), int(r[7]))
        for r in rows
    ]


def unresolved(conn: Connection, day: str, till_id: str) -> list[UnresolvedRow]:
    """Payments of this day's orders (or earlier days') with no final outcome yet."""
    sql = (
        "SELECT p.id, p.order_id, p.kind, p.status, p.amount_minor + p.tip_minor FROM payments p "  # noqa: S608
        "JOIN sale_facts f ON f.order_id = p.order_id "
        f"WHERE p.status IN ({_UNRESOLVED_SQL}) AND f.business_date <= ? AND f.till_id = ? "
        "ORDER BY p.created_at, p.id"
    )
    rows = conn.execute(sql, (day, till_id)).fetchall()
    return [UnresolvedRow(str(r[0]), str(r[1]), str(r[2]), str(r[3]), int(r[4])) for r in rows]


def owed_before(conn: Connection, day: str, till_id: str) -> tuple[int, int]:
    """Orders of earlier days that still owe money: how many, how much."""
    sql = (
        "SELECT COUNT(*), TOTAL(owed_minor) FROM sale_facts "
        "WHERE status IN ('balance_due', 'tendering', 'open') AND business_date < ? AND till_id = ? "
        "AND is_sale = 1 AND owed_minor > 0"
    )
    row = conn.execute(sql, (day, till_id)).fetchone()
    return int(row[0]), int(row[1])


def cash_between(conn: Connection, start: str, end: str) -> tuple[int, int]:
    """Cash taken (amount + tip) and cash given back (refunds and voids) in [start, end]: a tender
    recorded in the same instant as the close was taken before it."""
    taken = conn.execute(
        "SELECT TOTAL(amount_minor + tip_minor) FROM sale_fact_tenders "
        "WHERE kind = 'cash' AND at >= ? AND at <= ?",
        (start, end),
    ).fetchone()[0]
    back = conn.execute(
        "SELECT TOTAL(amount_minor) FROM sale_fact_returns "
        "WHERE tender_kind = 'cash' AND at >= ? AND at <= ?",
        (start, end),
    ).fetchone()[0]
    return int(taken), int(back)


def business_days(conn: Connection, till_id: str, limit: int = 366) -> list[str]:
    """Days with orders, newest first."""
    sql = (
        "SELECT DISTINCT business_date FROM sale_facts WHERE till_id = ? ORDER BY business_date DESC LIMIT ?"
    )
    rows = conn.execute(sql, (till_id, limit)).fetchall()
    return [str(r[0]) for r in rows]


class SaleFactsRepo:
    """The Orders lists (a page at a time) and any read of the functions above."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def read(self, fn: Callable[[Connection], T]) -> T:
        return self._db.call(fn)

    # -- Orders lists ------------------------------------------------------------------------------

    def count_orders(self, query: OrderFilter) -> int:
        where, args = _where(query)
        sql = f"SELECT COUNT(*) FROM sale_facts f WHERE {where}"  # noqa: S608 - fixed fragments
        return int(self._db.call(lambda conn: conn.execute(sql, args).fetchone()[0]))

    def orders(self, query: OrderFilter, *, offset: int, limit: int) -> list[OrderRow]:
        """One page, the day's newest first (earlier days' owing orders, when asked, first of all)."""
        where, args = _where(query)
        sql = (
            "SELECT f.order_id, f.number, f.daily_number, f.business_date, f.sold_at, f.staff_id, "  # noqa: S608
            "f.status, "
            "f.currency, f.total_minor, f.tip_minor, f.owed_minor, EXISTS (SELECT 1 FROM sale_fact_tenders d "
            "WHERE d.order_id = f.order_id AND d.declined = 1) "
            f"FROM sale_facts f WHERE {where} "
        )
        if query.owed_from_earlier:  # earlier days' owing orders first, then the day's, newest first
            sql += "ORDER BY f.business_date = ? , f.business_date DESC, f.daily_number DESC LIMIT ? OFFSET ?"
            params = [*args, query.business_date, int(limit), int(offset)]
        else:
            # One day: the day index (business_date, till_id, daily_number) gives the order, so a page
            # is read in index order instead of sorting the whole day for every page.
            sql += "ORDER BY f.daily_number DESC LIMIT ? OFFSET ?"
            params = [*args, int(limit), int(offset)]
        rows = self._db.call(lambda conn: conn.execute(sql, params).fetchall())
        return [
            OrderRow(
                str(r[0]),
                int(r[1]),
                int(r[2]),
                str(r[3]),
                str(r[4]),
                str(r[5]),
                str(r[6]),
                str(r[7]),
                int(r[8]),
                int(r[9]),
                int(r[10]),
                bool(r[11]),
            )
            for r in rows
        ]


def _where(query: OrderFilter) -> tuple[str, list[Any]]:
    listed = "(f.is_sale = 1 OR f.voided = 1)"
    day = "f.business_date = ?"
    args: list[Any] = [query.business_date]
    if query.owed_from_earlier:
        day = "(f.business_date = ? OR (f.status = 'balance_due' AND f.business_date < ?))"
        args.append(query.business_date)
    clauses: list[str] = [day, listed]
    if query.till_id is not None:
        clauses.append("f.till_id = ?")
        args.append(query.till_id)
    found: list[str] = []
    if query.number is not None:
        found.append("(f.daily_number = ? OR f.number = ?)")
        args += [query.number, query.number]
    if query.last4 is not None:
        found.append(
            "EXISTS (SELECT 1 FROM sale_fact_tenders t WHERE t.order_id = f.order_id AND t.last4 = ?)"
        )
        args.append(query.last4)
    if query.amount is not None:
        found.append(
            "(f.total_minor = ? OR EXISTS (SELECT 1 FROM sale_fact_tenders a WHERE a.order_id = f.order_id "
            "AND a.amount_minor + a.tip_minor = ?))"
        )
        args += [query.amount, query.amount]
    if found:
        clauses.append("(" + " OR ".join(found) + ")")
    return " AND ".join(clauses), args
