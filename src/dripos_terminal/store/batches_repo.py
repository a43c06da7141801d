"""Closed offline batches: the one writer of `offline_batches` and `offline_batch_items`.

The open batch is every stored (offline) payment not yet in a closed batch; it is read from the
payments table, which only the payments repository writes. Closing copies each payment's outcome
into `offline_batch_items` under the next batch number, in ONE transaction that first re-reads the
batch and runs the caller's check (money rule 5) on what it read. Both tables are append-only
(triggers): a closed batch never changes. Blocking: call from workers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dripos_terminal.domain.offline_batch import BatchLine, BatchTotals
from dripos_terminal.domain.payment import PaymentKind, PaymentStatus
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.counters import next_value
from dripos_terminal.store.database import Connection, Database
from dripos_terminal.store.payment_records import PAYMENT_COLS, PaymentRecord, payment_from_row

BATCH_COUNTER = "offline_batch_number"
AUDIT_BATCH_CLOSED = "offline.batch_closed"
AUDIT_DECLINE_RESOLVED = "offline.decline_resolved"  # a manager's decision on a declined payment
_OPEN_BATCH = (
    f"SELECT {PAYMENT_COLS} FROM payments p WHERE p.kind = ? "  # noqa: S608 - fixed columns
    "AND NOT EXISTS (SELECT 1 FROM offline_batch_items i WHERE i.payment_id = p.id) "
    "ORDER BY p.created_at, p.id"
)


@dataclass(frozen=True)
class ClosedBatch:
    number: int
    till_id: str
    currency: str
    opened_at: str
    closed_at: str
    closed_by: str
    approved_by: str
    payments: int
    total_minor: int
    approved_count: int
    approved_minor: int
    declined_count: int
    declined_minor: int
    canceled_count: int
    canceled_minor: int


@dataclass(frozen=True)
class BatchItem:
    payment_id: str
    batch_number: int
    order_id: str
    status: PaymentStatus
    amount_minor: int
    tip_minor: int
    currency: str
    brand: str | None
    last4: str | None
    outcome_code: str | None
    payment_intent_id: str | None
    stored_at: str

    @property
    def charge_minor(self) -> int:
        return self.amount_minor + self.tip_minor


@dataclass(frozen=True)
class CloseRequest:
    till_id: str
    closed_at: str
    closed_by: str
    approved_by: str
    currency: str


def _closed(row: Any) -> ClosedBatch:
    return ClosedBatch(*[row[k] for k in ClosedBatch.__dataclass_fields__])


def _item(row: Any) -> BatchItem:
    values = {k: row[k] for k in BatchItem.__dataclass_fields__}
    values["status"] = PaymentStatus(values["status"])
    return BatchItem(**values)


def _chunks(values: list[str], size: int = 500) -> list[list[str]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


def decisions_in(conn: Connection, payment_ids: list[str]) -> dict[str, str]:
    """The latest recorded decision on each of these declined payments ("contact customer")."""
    found: dict[str, str] = {}
    for chunk in _chunks(sorted(set(payment_ids))):
        marks = ",".join("?" * len(chunk))
        sql = (
            "SELECT subject, json_extract(details, '$.resolution') FROM audit_log "  # noqa: S608
            f"WHERE action = ? AND subject IN ({marks}) ORDER BY id"
        )
        for row in conn.execute(sql, [AUDIT_DECLINE_RESOLVED, *chunk]):
            found[str(row[0])] = str(row[1] or "").replace("_", " ")
    return found


def lines_of(payments: list[PaymentRecord]) -> list[BatchLine]:
    return [BatchLine(p.id, p.status, p.charge_minor) for p in payments]


class BatchesRepo:
    def __init__(self, db: Database, audit: AuditLog) -> None:
        self._db = db
        self._audit = audit

    def open_batch_in(self, conn: Connection) -> list[PaymentRecord]:
        rows = conn.execute(_OPEN_BATCH, (PaymentKind.OFFLINE_CARD.value,)).fetchall()
        return [payment_from_row(r) for r in rows]

    def open_batch(self) -> list[PaymentRecord]:
        """The stored payments not in a closed batch, oldest first."""
        return self._db.call(self.open_batch_in)

    def close(
        self,
        request: CloseRequest,
        check: Callable[[Connection, list[PaymentRecord], BatchTotals], None],
    ) -> ClosedBatch:
        """Close the open batch: `check` runs inside the transaction on what it holds and raises to
        refuse (nothing is written). Returns the numbered batch."""

        def tx(conn: Connection) -> ClosedBatch:
            payments = self.open_batch_in(conn)
            totals = BatchTotals.of(lines_of(payments))
            check(conn, payments, totals)
            number = next_value(conn, BATCH_COUNTER)
            approved = totals.of_status(PaymentStatus.SUCCEEDED)
            declined = totals.of_status(PaymentStatus.DECLINED)
            canceled = totals.of_status(PaymentStatus.CANCELED)
            conn.execute(
                "INSERT INTO offline_batches (number, till_id, currency, opened_at, closed_at, closed_by, "
                "approved_by, payments, total_minor, approved_count, approved_minor, declined_count, "
                "declined_minor, canceled_count, canceled_minor) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    number,
                    request.till_id,
                    request.currency,
                    payments[0].created_at,
                    request.closed_at,
                    request.closed_by,
                    request.approved_by,
                    totals.total.count,
                    totals.total.amount,
                    approved.count,
                    approved.amount,
                    declined.count,
                    declined.amount,
                    canceled.count,
                    canceled.amount,
                ),
            )
            conn.executemany(
                "INSERT INTO offline_batch_items (payment_id, batch_number, order_id, status, amount_minor, "
                "tip_minor, currency, brand, last4, outcome_code, payment_intent_id, stored_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        p.id,
                        number,
                        p.order_id,
                        p.status.value,
                        p.amount_minor,
                        p.tip_minor,
                        p.currency,
                        p.brand,
                        p.last4,
                        p.outcome_code,
                        p.payment_intent_id,
                        p.created_at,
                    )
                    for p in payments
                ],
            )
            details = {
                "number": number,
                "payments": totals.total.count,
                "total_minor": totals.total.amount,
                "approved": [approved.count, approved.amount],
                "declined": [declined.count, declined.amount],
                "canceled": [canceled.count, canceled.amount],
                "approver": request.approved_by,
            }
            self._audit.record_in(conn, request.closed_by, AUDIT_BATCH_CLOSED, str(number), details)
            row = conn.execute("SELECT * FROM offline_batches WHERE number = ?", (number,)).fetchone()
            return _closed(row)

        return self._db.transaction(tx).result()

    def context_of(self, order_ids: list[str], payment_ids: list[str]) -> dict[str, Any]:
        """For the batch screen: each order's day number, who took it and its state; each payment's
        recorded decision."""

        def run(conn: Connection) -> dict[str, Any]:
            orders: dict[str, dict[str, Any]] = {}
            for chunk in _chunks(sorted(set(order_ids))):
                marks = ",".join("?" * len(chunk))
                sql = (
                    "SELECT order_id, daily_number, staff_id, status FROM sale_facts "  # noqa: S608
                    f"WHERE order_id IN ({marks})"
                )
                for row in conn.execute(sql, chunk):
                    orders[row[0]] = {"daily_number": int(row[1]), "staff_id": row[2], "status": row[3]}
            return {"orders": orders, "decisions": decisions_in(conn, payment_ids)}

        return self._db.call(run)

    def undecided_declines_in(self, conn: Connection, payments: list[PaymentRecord]) -> list[str]:
        """Declined payments whose order still owes and on which no manager has decided."""
        declined = [p for p in payments if p.status is PaymentStatus.DECLINED]
        decided = decisions_in(conn, [p.id for p in declined])
        owing: set[str] = set()
        for chunk in _chunks(sorted({p.order_id for p in declined})):
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT order_id FROM sale_facts WHERE status = 'balance_due' AND order_id IN ({marks})"  # noqa: S608
            owing.update(str(r[0]) for r in conn.execute(sql, chunk))
        return [p.id for p in declined if p.id not in decided and p.order_id in owing]

    def closed(self, limit: int = 100) -> list[ClosedBatch]:
        rows = self._db.call(
            lambda conn: conn.execute(
                "SELECT * FROM offline_batches ORDER BY number DESC LIMIT ?", (limit,)
            ).fetchall()
        )
        return [_closed(r) for r in rows]

    def get(self, number: int) -> ClosedBatch | None:
        row = self._db.call(
            lambda conn: conn.execute("SELECT * FROM offline_batches WHERE number = ?", (number,)).fetchone()
        )
        return None if row is None else _closed(row)

    def items(self, number: int) -> list[BatchItem]:
        rows = self._db.call(
            lambda conn: conn.execute(
                "SELECT * FROM offline_batch_items WHERE batch_number = ? ORDER BY stored_at, payment_id",
                (number,),
            ).fetchall()
        )
        return [_item(r) for r in rows]
