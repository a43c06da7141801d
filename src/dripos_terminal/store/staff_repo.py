"""Staff members and their roles. PINs are hashed by the caller; only the hash is stored."""

from __future__ import annotations

import builtins
import concurrent.futures
import uuid
from dataclasses import dataclass
from typing import Any, Literal

from dripos_terminal.clock import Clock
from dripos_terminal.store.database import Connection, Database
from dripos_terminal.store.errors import StoreBug
from dripos_terminal.store.migrations import iso_utc

Role = Literal["barista", "shift_lead", "manager"]
ROLES: tuple[Role, ...] = ("barista", "shift_lead", "manager")
LOCKOUT_SCOPE = "pin"  # one counter for the till: login and overrides share it


@dataclass(frozen=True, slots=True)
class LockoutState:
    failures: int
    locked_until: str | None  # ISO-8601 UTC; None when not locked


@dataclass(frozen=True, slots=True)
class StaffRecord:
    id: str
    name: str
    role: Role
    pin_hash: str
    active: bool
    created_at: str

    def __repr__(self) -> str:  # the PIN hash stays out of logs
        return f"StaffRecord(id={self.id!r}, name={self.name!r}, role={self.role!r}, active={self.active})"


def _row(row: Any) -> StaffRecord:
    return StaffRecord(
        id=row["id"],
        name=row["name"],
        role=row["role"],
        pin_hash=row["pin_hash"],
        active=bool(row["active"]),
        created_at=row["created_at"],
    )


class StaffRepo:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def add(
        self, name: str, role: Role, pin_hash: str, *, staff_id: str | None = None
    ) -> concurrent.futures.Future[StaffRecord]:
        if role not in ROLES:
            raise StoreBug(f"unknown role {role!r}")
        record = StaffRecord(
            id=staff_id or uuid.uuid4().hex,
            name=name,
            role=role,
            pin_hash=pin_hash,
            active=True,
            created_at=iso_utc(self._clock.now()),
        )

        def run(conn: Connection) -> StaffRecord:
            conn.execute(
                "INSERT INTO staff(id, name, role, pin_hash, active, created_at) VALUES (?, ?, ?, ?, 1, ?)",
                (record.id, record.name, record.role, record.pin_hash, record.created_at),
            )
            return record

        return self._db.transaction(run)

    def get(self, staff_id: str) -> concurrent.futures.Future[StaffRecord | None]:
        def run(conn: Connection) -> StaffRecord | None:
            row = conn.execute("SELECT * FROM staff WHERE id = ?", (staff_id,)).fetchone()
            return None if row is None else _row(row)

        return self._db.submit(run)

    def list(
        self, *, include_inactive: bool = False
    ) -> concurrent.futures.Future[builtins.list[StaffRecord]]:
        where = "" if include_inactive else " WHERE active = 1"
        sql = f"SELECT * FROM staff{where} ORDER BY name, id"  # noqa: S608 - fixed fragments
        return self._db.submit(lambda conn: [_row(r) for r in conn.execute(sql)])

    def _update(self, staff_id: str, column: str, value: object) -> concurrent.futures.Future[None]:
        def run(conn: Connection) -> None:
            cur = conn.execute(f"UPDATE staff SET {column} = ? WHERE id = ?", (value, staff_id))  # noqa: S608
            if cur.rowcount != 1:
                raise StoreBug(f"no staff member {staff_id!r}")

        return self._db.transaction(run)

    def set_active(self, staff_id: str, active: bool) -> concurrent.futures.Future[None]:
        return self._update(staff_id, "active", 1 if active else 0)

    def set_pin_hash(self, staff_id: str, pin_hash: str) -> concurrent.futures.Future[None]:
        return self._update(staff_id, "pin_hash", pin_hash)

    def set_role(self, staff_id: str, role: Role) -> concurrent.futures.Future[None]:
        if role not in ROLES:
            raise StoreBug(f"unknown role {role!r}")
        return self._update(staff_id, "role", role)

    def set_name(self, staff_id: str, name: str) -> concurrent.futures.Future[None]:
        return self._update(staff_id, "name", name)

    # -- PIN lockout (survives a restart: pulling the plug must not reset the count) ----------------
    def lockout(self) -> concurrent.futures.Future[LockoutState]:
        def run(conn: Connection) -> LockoutState:
            row = conn.execute(
                "SELECT failures, locked_until FROM pin_lockout WHERE scope = ?", (LOCKOUT_SCOPE,)
            ).fetchone()
            return LockoutState(0, None) if row is None else LockoutState(int(row[0]), row[1])

        return self._db.submit(run)

    def set_lockout(self, state: LockoutState) -> concurrent.futures.Future[None]:
        def run(conn: Connection) -> None:
            conn.execute(
                "INSERT INTO pin_lockout(scope, failures, locked_until) VALUES (?, ?, ?) "
                "ON CONFLICT(scope) DO UPDATE SET failures = excluded.failures, "
                "locked_until = excluded.locked_until",
                (LOCKOUT_SCOPE, state.failures, state.locked_until),
            )

        return self._db.transaction(run)
