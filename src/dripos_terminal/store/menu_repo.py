"""The shop's menu (one JSON catalog document) and the items "86'd" for a business day.

The only writer of `menu` and `menu_unavailable`; every change is audited in the same transaction.
"""

from __future__ import annotations

import concurrent.futures
import json
from datetime import date
from typing import Any

from dripos_terminal.clock import Clock
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.database import Connection, Database
from dripos_terminal.store.migrations import iso_utc

AUDIT_MENU_SAVED = "menu.saved"
AUDIT_ITEM_86 = "menu.item_unavailable"
AUDIT_ITEM_BACK = "menu.item_available"


class MenuRepo:
    def __init__(self, db: Database, clock: Clock, audit: AuditLog) -> None:
        self._db, self._clock, self._audit = db, clock, audit

    def document(self) -> concurrent.futures.Future[dict[str, Any] | None]:
        def run(conn: Connection) -> dict[str, Any] | None:
            row = conn.execute("SELECT doc FROM menu WHERE id = 1").fetchone()
            return None if row is None else dict(json.loads(row[0]))

        return self._db.submit(run)

    def save(
        self, doc: dict[str, Any], *, actor_id: str | None, summary: dict[str, Any]
    ) -> concurrent.futures.Future[None]:
        text = json.dumps(doc, sort_keys=True, separators=(",", ":"))

        def run(conn: Connection) -> None:
            conn.execute(
                "INSERT INTO menu(id, doc, updated_at, updated_by) VALUES (1, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at, "
                "updated_by = excluded.updated_by",
                (text, iso_utc(self._clock.now()), actor_id),
            )
            self._audit.record_in(conn, actor_id, AUDIT_MENU_SAVED, None, summary)

        return self._db.transaction(run)

    def unavailable(self, day: date) -> concurrent.futures.Future[set[str]]:
        def run(conn: Connection) -> set[str]:
            rows = conn.execute(
                "SELECT item_id FROM menu_unavailable WHERE business_date = ?", (day.isoformat(),)
            )
            return {str(r[0]) for r in rows}

        return self._db.submit(run)

    def set_unavailable(
        self, item_id: str, day: date, unavailable: bool, *, actor_id: str | None
    ) -> concurrent.futures.Future[None]:
        def run(conn: Connection) -> None:
            if unavailable:
                conn.execute(
                    "INSERT OR IGNORE INTO menu_unavailable(item_id, business_date, at, actor_id) "
                    "VALUES (?, ?, ?, ?)",
                    (item_id, day.isoformat(), iso_utc(self._clock.now()), actor_id),
                )
            else:
                conn.execute(
                    "DELETE FROM menu_unavailable WHERE item_id = ? AND business_date = ?",
                    (item_id, day.isoformat()),
                )
            action = AUDIT_ITEM_86 if unavailable else AUDIT_ITEM_BACK
            self._audit.record_in(conn, actor_id, action, item_id, {"business_date": day.isoformat()})

        return self._db.transaction(run)
