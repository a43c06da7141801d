"""Z reports: the one writer of `z_reports` (append-only; one per business day per till, numbered).

The report's JSON is stored as it was taken, so a Z reprints and exports the same figures forever,
whatever happens to the day's orders later. Blocking: call from workers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from dripos_terminal.domain.errors import DomainError
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.counters import next_value
from dripos_terminal.store.database import Connection, Database

AUDIT_Z_TAKEN = "report.z_taken"


class ZAlreadyTaken(DomainError):
    """The business day already has its Z report on this till."""


@dataclass(frozen=True)
class StoredZ:
    business_date: str
    till_id: str
    number: int
    taken_at: str
    taken_by: str
    approved_by: str
    carried_over: bool
    doc: dict[str, Any]


def _stored(row: Any) -> StoredZ:
    return StoredZ(
        row["business_date"],
        row["till_id"],
        int(row["number"]),
        row["taken_at"],
        row["taken_by"],
        row["approved_by"],
        bool(row["carried_over"]),
        json.loads(row["doc"]),
    )


class ZReportsRepo:
    def __init__(self, db: Database, audit: AuditLog) -> None:
        self._db = db
        self._audit = audit

    def find_in(self, conn: Connection, business_date: str, till_id: str) -> StoredZ | None:
        row = conn.execute(
            "SELECT * FROM z_reports WHERE business_date = ? AND till_id = ?", (business_date, till_id)
        ).fetchone()
        return None if row is None else _stored(row)

    def find(self, business_date: str, till_id: str) -> StoredZ | None:
        return self._db.call(lambda conn: self.find_in(conn, business_date, till_id))

    def take(
        self,
        business_date: str,
        till_id: str,
        *,
        taken_at: str,
        taken_by: str,
        approved_by: str,
        carried_over: bool,
        build: Callable[[Connection, int], Mapping[str, Any]],
        audit_details: Mapping[str, Any],
    ) -> StoredZ:
        """Number and store the day's Z in ONE transaction: `build(conn, number)` makes its JSON from
        what the transaction sees (it may raise to refuse). Refused if the day already has one."""

        def tx(conn: Connection) -> StoredZ:
            if self.find_in(conn, business_date, till_id) is not None:
                raise ZAlreadyTaken(
                    QT_TRANSLATE_NOOP(
                        "Reports", "The Z report for {day} was already taken on this till."
                    ).format(day=business_date)
                )
            number = next_value(conn, f"z_report_number:{till_id}")
            doc = dict(build(conn, number))
            conn.execute(
                "INSERT INTO z_reports (business_date, till_id, number, taken_at, taken_by, approved_by, "
                "carried_over, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    business_date,
                    till_id,
                    number,
                    taken_at,
                    taken_by,
                    approved_by,
                    int(carried_over),
                    json.dumps(doc, sort_keys=True),
                ),
            )
            self._audit.record_in(
                conn, taken_by, AUDIT_Z_TAKEN, business_date, {"number": number, **audit_details}
            )
            found = self.find_in(conn, business_date, till_id)
            assert found is not None
            return found

        return self._db.transaction(tx).result()

    def days(self, till_id: str, limit: int = 366) -> list[StoredZ]:
        rows = self._db.call(
            lambda conn: conn.execute(
                "SELECT * FROM z_reports WHERE till_id = ? ORDER BY business_date DESC LIMIT ?",
                (till_id, limit),
            ).fetchall()
        )
        return [_stored(r) for r in rows]
