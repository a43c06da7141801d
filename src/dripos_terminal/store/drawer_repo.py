"""Cash drawer sessions: the one writer of `drawer_sessions` and `drawer_movements`.

A till has at most one open session (a partial unique index); a closed session never changes and
movements are append-only (triggers). Each write goes with its audit entry in one transaction.
Blocking: call from workers.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dripos_terminal.domain.drawer_session import DrawerError, DrawerState, MovementKind, check_transition
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.counters import next_value
from dripos_terminal.store.database import Connection, Database


@dataclass(frozen=True)
class SessionRecord:
    id: str
    number: int
    till_id: str
    business_date: str
    currency: str
    state: DrawerState
    opened_at: str
    opened_by: str
    float_minor: int
    float_counts: dict[str, int]
    closed_at: str | None
    closed_by: str | None
    counted_minor: int | None
    counted_counts: dict[str, int] | None
    expected_minor: int | None
    variance_minor: int | None


@dataclass(frozen=True)
class MovementRecord:
    id: int
    session_id: str
    at: str
    kind: MovementKind
    amount_minor: int
    reason: str
    actor_id: str
    approved_by: str
    counts: dict[str, int] | None


@dataclass(frozen=True)
class NewSession:
    id: str
    till_id: str
    business_date: str
    currency: str
    opened_at: str
    opened_by: str
    float_minor: int
    float_counts: Mapping[str, int]


def _session(row: Any) -> SessionRecord:
    return SessionRecord(
        id=row["id"],
        number=int(row["number"]),
        till_id=row["till_id"],
        business_date=row["business_date"],
        currency=row["currency"],
        state=DrawerState(row["state"]),
        opened_at=row["opened_at"],
        opened_by=row["opened_by"],
        float_minor=int(row["float_minor"]),
        float_counts=json.loads(row["float_counts"]),
        closed_at=row["closed_at"],
        closed_by=row["closed_by"],
        counted_minor=None if row["counted_minor"] is None else int(row["counted_minor"]),
        counted_counts=None if row["counted_counts"] is None else json.loads(row["counted_counts"]),
        expected_minor=None if row["expected_minor"] is None else int(row["expected_minor"]),
        variance_minor=None if row["variance_minor"] is None else int(row["variance_minor"]),
    )


def _movement(row: Any) -> MovementRecord:
    return MovementRecord(
        id=int(row["id"]),
        session_id=row["session_id"],
        at=row["at"],
        kind=MovementKind(row["kind"]),
        amount_minor=int(row["amount_minor"]),
        reason=row["reason"],
        actor_id=row["actor_id"],
        approved_by=row["approved_by"],
        counts=None if row["counts"] is None else json.loads(row["counts"]),
    )


def sessions_for_day_in(conn: Connection, business_date: str, till_id: str) -> list[SessionRecord]:
    rows = conn.execute(
        "SELECT * FROM drawer_sessions WHERE business_date = ? AND till_id = ? ORDER BY number",
        (business_date, till_id),
    ).fetchall()
    return [_session(r) for r in rows]


def paid_totals_in(conn: Connection, session_id: str) -> tuple[int, int]:
    """(paid in, paid out) of the session."""
    row = conn.execute(
        "SELECT TOTAL(CASE WHEN kind = 'paid_in' THEN amount_minor END), "
        "TOTAL(CASE WHEN kind = 'paid_out' THEN amount_minor END) "
        "FROM drawer_movements WHERE session_id = ?",
        (session_id,),
    ).fetchone()
    return int(row[0]), int(row[1])


class DrawerRepo:
    def __init__(self, db: Database, audit: AuditLog) -> None:
        self._db = db
        self._audit = audit

    # -- reads ----------------------------------------------------------------------------------

    def open_session_in(self, conn: Connection, till_id: str) -> SessionRecord | None:
        row = conn.execute(
            "SELECT * FROM drawer_sessions WHERE till_id = ? AND state = 'open'", (till_id,)
        ).fetchone()
        return None if row is None else _session(row)

    def open_session(self, till_id: str) -> SessionRecord | None:
        return self._db.call(lambda conn: self.open_session_in(conn, till_id))

    def get(self, session_id: str) -> SessionRecord:
        row = self._db.call(
            lambda conn: conn.execute("SELECT * FROM drawer_sessions WHERE id = ?", (session_id,)).fetchone()
        )
        if row is None:
            raise DrawerError(QT_TRANSLATE_NOOP("Drawer", "There is no such drawer session on this till."))
        return _session(row)

    def for_day(self, business_date: str, till_id: str) -> list[SessionRecord]:
        return self._db.call(lambda conn: sessions_for_day_in(conn, business_date, till_id))

    def movements(self, session_id: str) -> list[MovementRecord]:
        rows = self._db.call(
            lambda conn: conn.execute(
                "SELECT * FROM drawer_movements WHERE session_id = ? ORDER BY id", (session_id,)
            ).fetchall()
        )
        return [_movement(r) for r in rows]

    def paid_totals(self, session_id: str) -> tuple[int, int]:
        """(paid in, paid out) of the session."""
        return self._db.call(lambda conn: paid_totals_in(conn, session_id))

    # -- writes ---------------------------------------------------------------------------------

    def open(self, new: NewSession, *, audit_details: Mapping[str, Any]) -> SessionRecord:
        """Open a session (refused while one is open on the till), audited in the same commit."""

        def tx(conn: Connection) -> SessionRecord:
            if self.open_session_in(conn, new.till_id) is not None:
                raise DrawerError(
                    QT_TRANSLATE_NOOP(
                        "Drawer", "A drawer session is already open on this till: close it first."
                    )
                )
            number = next_value(conn, f"drawer_session_number:{new.till_id}")
            conn.execute(
                "INSERT INTO drawer_sessions (id, number, till_id, business_date, currency, state, "
                "opened_at, "
                "opened_by, float_minor, float_counts) VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)",
                (
                    new.id,
                    number,
                    new.till_id,
                    new.business_date,
                    new.currency,
                    new.opened_at,
                    new.opened_by,
                    new.float_minor,
                    json.dumps(dict(new.float_counts), sort_keys=True),
                ),
            )
            self._audit.record_in(
                conn, new.opened_by, "drawer.opened", new.id, {"number": number, **audit_details}
            )
            row = conn.execute("SELECT * FROM drawer_sessions WHERE id = ?", (new.id,)).fetchone()
            return _session(row)

        return self._db.transaction(tx).result()

    def add_movement(
        self,
        session_id: str,
        kind: MovementKind,
        *,
        at: str,
        amount_minor: int,
        reason: str,
        actor_id: str,
        approved_by: str,
        counts: Mapping[str, int] | None = None,
        audit_details: Mapping[str, Any],
    ) -> MovementRecord:
        def tx(conn: Connection) -> MovementRecord:
            state = conn.execute("SELECT state FROM drawer_sessions WHERE id = ?", (session_id,)).fetchone()
            if state is None or state[0] != DrawerState.OPEN.value:
                raise DrawerError(QT_TRANSLATE_NOOP("Drawer", "The drawer session is not open."))
            cur = conn.execute(
                "INSERT INTO drawer_movements (session_id, at, kind, amount_minor, reason, actor_id, "
                "approved_by, "
                "counts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    at,
                    kind.value,
                    amount_minor,
                    reason,
                    actor_id,
                    approved_by,
                    None if counts is None else json.dumps(dict(counts), sort_keys=True),
                ),
            )
            self._audit.record_in(conn, actor_id, f"drawer.{kind.value}", session_id, audit_details)
            row = conn.execute("SELECT * FROM drawer_movements WHERE id = ?", (cur.lastrowid,)).fetchone()
            return _movement(row)

        return self._db.transaction(tx).result()

    def close(
        self,
        session_id: str,
        *,
        at: str,
        closed_by: str,
        counted_minor: int,
        counts: Mapping[str, int],
        expected_minor: int,
        audit_details: Mapping[str, Any],
    ) -> SessionRecord:
        def tx(conn: Connection) -> SessionRecord:
            row = conn.execute("SELECT state FROM drawer_sessions WHERE id = ?", (session_id,)).fetchone()
            if row is None:
                raise DrawerError(
                    QT_TRANSLATE_NOOP("Drawer", "There is no such drawer session on this till.")
                )
            check_transition(DrawerState(row[0]), DrawerState.CLOSED)
            conn.execute(
                "UPDATE drawer_sessions SET state = 'closed', closed_at = ?, closed_by = ?, "
                "counted_minor = ?, "
                "counted_counts = ?, expected_minor = ?, variance_minor = ? WHERE id = ?",
                (
                    at,
                    closed_by,
                    counted_minor,
                    json.dumps(dict(counts), sort_keys=True),
                    expected_minor,
                    counted_minor - expected_minor,
                    session_id,
                ),
            )
            self._audit.record_in(conn, closed_by, "drawer.closed", session_id, audit_details)
            return _session(
                conn.execute("SELECT * FROM drawer_sessions WHERE id = ?", (session_id,)).fetchone()
            )

        return self._db.transaction(tx).result()
