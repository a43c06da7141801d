"""Manager runtime settings (e.g. offline manual entry enabled) as key -> TEXT value.

Typing and defaults live with the settings declarations elsewhere; this stores strings. Every change
is audited in the same transaction.
"""

from __future__ import annotations

import concurrent.futures

from dripos_terminal.clock import Clock
from dripos_terminal.store.audit import SETTING_CHANGED, AuditLog
from dripos_terminal.store.database import Connection, Database
from dripos_terminal.store.migrations import iso_utc


class SettingsRepo:
    def __init__(self, db: Database, clock: Clock, audit: AuditLog) -> None:
        self._db = db
        self._clock = clock
        self._audit = audit

    def get_in(self, conn: Connection, key: str) -> str | None:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def get(self, key: str) -> concurrent.futures.Future[str | None]:
        return self._db.submit(lambda conn: self.get_in(conn, key))

    def get_all(self) -> concurrent.futures.Future[dict[str, str]]:
        return self._db.submit(
            lambda conn: {str(r[0]): str(r[1]) for r in conn.execute("SELECT key, value FROM settings")}
        )

    def set_in(self, conn: Connection, key: str, value: str, *, actor_id: str | None) -> None:
        old = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        conn.execute(
            "INSERT INTO settings(key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, "
            "updated_by = excluded.updated_by",
            (key, value, iso_utc(self._clock.now()), actor_id),
        )
        self._audit.record_in(
            conn, actor_id, SETTING_CHANGED, key, {"old": None if old is None else old[0], "new": value}
        )

    def set(self, key: str, value: str, *, actor_id: str | None) -> concurrent.futures.Future[None]:
        """Store `value` and audit the change (old and new value) in one transaction."""
        return self._db.transaction(lambda conn: self.set_in(conn, key, value, actor_id=actor_id))
