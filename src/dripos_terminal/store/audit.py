"""The append-only audit log: who did what, when (card-data access, offline switches, key
operations, overrides, batch close-out). The table itself refuses UPDATE and DELETE (triggers).

`record` runs its own transaction; `record_in` writes inside a transaction the caller already holds,
so the audit entry commits (or rolls back) together with the change it describes.
Details are JSON; string values pass through `redact` so a card number can never be recorded.
"""

from __future__ import annotations

import builtins
import concurrent.futures
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dripos_terminal.clock import Clock
from dripos_terminal.redaction import redact
from dripos_terminal.store.database import Connection, Database
from dripos_terminal.store.migrations import iso_utc

# Actions written by the store itself (other packages use their own dotted names).
KEY_CREATED = "key.created"
KEY_UNLOCKED_KEYRING = "key.unlocked.keyring"
KEY_UNLOCKED_PASSPHRASE = "key.unlocked.passphrase"
KEY_STORED_IN_KEYRING = "key.stored_in_keyring"
KEY_PASSPHRASE_CHANGED = "key.passphrase_changed"
KEY_REPLACED_LOST_DATABASE = "key.replaced_lost_database"  # subject: the lost database's id
SETTING_CHANGED = "setting.changed"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: str
    actor_id: str | None
    action: str
    subject: str | None
    details: dict[str, Any]


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, Mapping):
        return {str(k): _scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(v) for v in value]
    return value


def _row_to_entry(row: Any) -> AuditEntry:
    return AuditEntry(
        id=int(row["id"]),
        at=row["at"],
        actor_id=row["actor_id"],
        action=row["action"],
        subject=row["subject"],
        details=json.loads(row["details"]),
    )


class AuditLog:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def record_in(
        self,
        conn: Connection,
        actor_id: str | None,
        action: str,
        subject: str | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> int:
        """Append an entry inside the caller's transaction; returns its id."""
        payload = json.dumps(_scrub(dict(details or {})), sort_keys=True, separators=(",", ":"))
        cur = conn.execute(
            "INSERT INTO audit_log(at, actor_id, action, subject, details) VALUES (?, ?, ?, ?, ?)",
            (iso_utc(self._clock.now()), actor_id, action, subject, payload),
        )
        return int(cur.lastrowid or 0)

    def record(
        self,
        actor_id: str | None,
        action: str,
        subject: str | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> concurrent.futures.Future[int]:
        """Append an entry in its own transaction."""
        return self._db.transaction(lambda conn: self.record_in(conn, actor_id, action, subject, details))

    def list(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        action: str | None = None,
        actor_id: str | None = None,
        limit: int = 1000,
    ) -> concurrent.futures.Future[builtins.list[AuditEntry]]:
        """Entries oldest first, filtered by time range [since, until), action prefix and actor."""
        clauses: builtins.list[str] = []
        args: builtins.list[Any] = []
        if since is not None:
            clauses.append("at >= ?")
            args.append(iso_utc(since))
        if until is not None:
            clauses.append("at < ?")
            args.append(iso_utc(until))
        if action is not None:
            clauses.append("(action = ? OR action LIKE ? ESCAPE '\\')")
            escaped = action.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            args.extend([action, escaped + ".%"])
        if actor_id is not None:
            clauses.append("actor_id = ?")
            args.append(actor_id)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        sql = f"SELECT * FROM audit_log {where} ORDER BY id LIMIT ?"  # noqa: S608 - fixed fragments
        args.append(int(limit))

        def run(conn: Connection) -> builtins.list[AuditEntry]:
            return [_row_to_entry(r) for r in conn.execute(sql, args)]

        return self._db.submit(run)

    def subjects(self, action: str) -> frozenset[str]:
        """BLOCKING: every subject an entry of exactly `action` names (say, the declines a manager
        acknowledged)."""
        rows = self._db.call(
            lambda conn: conn.execute(
                "SELECT DISTINCT subject FROM audit_log WHERE action = ? AND subject IS NOT NULL", (action,)
            ).fetchall()
        )
        return frozenset(str(r[0]) for r in rows)
