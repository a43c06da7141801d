"""Orders as JSON documents plus an append-only event history.

Every change to an order writes the new document and appends an `order_events` row in the same
transaction, so the history always explains the current state. Order numbers come from the durable
`order_number` counter inside the creating transaction.

A write serialises the document once and hands back a record holding the document as given (never
re-read or re-parsed), so a commit costs its statements and one JSON encoding: an insert is one
INSERT plus the event's; an update is one UPDATE … RETURNING plus the event's.
"""

from __future__ import annotations

import builtins
import concurrent.futures
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from dripos_terminal.clock import Clock
from dripos_terminal.ids import new_id
from dripos_terminal.store.counters import ORDER_NUMBER, next_value
from dripos_terminal.store.database import Connection, Database
from dripos_terminal.store.errors import StoreBug
from dripos_terminal.store.migrations import iso_utc


@dataclass(frozen=True, slots=True)
class OrderRecord:
    id: str
    number: int
    status: str
    currency: str
    total_minor: int
    created_at: str
    updated_at: str
    doc: dict[str, Any]


@dataclass(frozen=True, slots=True)
class OrderEvent:
    id: int
    order_id: str
    at: str
    kind: str
    actor_id: str | None
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class NewOrder:
    """An order's first save, prepared before the transaction: its document without the numbers the
    store hands out at commit, that document serialised (once), and the columns of its row."""

    order_id: str
    doc: dict[str, Any]  # no "number" / "daily_number" yet
    body: str  # `doc` as JSON
    status: str
    currency: str
    total_minor: int

    @classmethod
    def of(
        cls, doc: Mapping[str, Any], *, order_id: str, status: str, currency: str, total_minor: int
    ) -> NewOrder:
        rest = {k: v for k, v in doc.items() if k not in _NUMBERS}
        return cls(order_id, rest, _dumps(rest), status, currency, int(total_minor))

    @property
    def business_date(self) -> str:
        return str(self.doc["business_date"])

    def numbered(self, number: int, daily_number: int) -> tuple[dict[str, Any], str]:
        """The document with its numbers, and its JSON: the numbers go in front of the text made
        before the transaction (a JSON object's members have no order), so it is encoded once."""
        doc = {**self.doc, "number": number, "daily_number": daily_number}
        return doc, f'{{"number":{int(number)},"daily_number":{int(daily_number)},{self.body[1:]}'


_NUMBERS = ("number", "daily_number")


def _dumps(value: Mapping[str, Any]) -> str:
    return json.dumps(dict(value), sort_keys=True, separators=(",", ":"))


def _order(row: Any) -> OrderRecord:
    return OrderRecord(
        id=row["id"],
        number=int(row["number"]),
        status=row["status"],
        currency=row["currency"],
        total_minor=int(row["total_minor"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        doc=json.loads(row["doc"]),
    )


def _event(row: Any) -> OrderEvent:
    return OrderEvent(
        id=int(row["id"]),
        order_id=row["order_id"],
        at=row["at"],
        kind=row["kind"],
        actor_id=row["actor_id"],
        payload=json.loads(row["payload"]),
    )


class OrdersRepo:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    # -- writes (each has an *_in variant for use inside a caller's transaction) ---------------

    def create_in(
        self,
        conn: Connection,
        doc: Mapping[str, Any],
        *,
        status: str,
        currency: str,
        total_minor: int,
        actor_id: str | None,
        order_id: str | None = None,
        event_kind: str = "created",
        event_payload: Mapping[str, Any] | None = None,
        number: int | None = None,
        text: str | None = None,
    ) -> OrderRecord:
        """Insert the order (`number` taken by the caller in this transaction, else the next one;
        `text`: `doc` already serialised)."""
        now = iso_utc(self._clock.now())
        oid = order_id or new_id()
        if number is None:
            number = next_value(conn, ORDER_NUMBER)
        conn.execute(
            "INSERT INTO orders(id, number, status, currency, total_minor, created_at, updated_at, doc) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (oid, number, status, currency, int(total_minor), now, now, text or _dumps(doc)),
        )
        self._append_event(conn, oid, at=now, kind=event_kind, actor_id=actor_id, payload=event_payload)
        return OrderRecord(oid, number, status, currency, int(total_minor), now, now, dict(doc))

    def create(
        self,
        doc: Mapping[str, Any],
        *,
        status: str,
        currency: str,
        total_minor: int,
        actor_id: str | None,
        order_id: str | None = None,
        event_kind: str = "created",
        event_payload: Mapping[str, Any] | None = None,
    ) -> concurrent.futures.Future[OrderRecord]:
        """Insert a new order with the next order number and its first event."""
        return self._db.transaction(
            lambda conn: self.create_in(
                conn,
                doc,
                status=status,
                currency=currency,
                total_minor=total_minor,
                actor_id=actor_id,
                order_id=order_id,
                event_kind=event_kind,
                event_payload=event_payload,
            )
        )

    def update_in(
        self,
        conn: Connection,
        order_id: str,
        doc: Mapping[str, Any],
        *,
        status: str,
        total_minor: int,
        actor_id: str | None,
        event_kind: str,
        event_payload: Mapping[str, Any] | None = None,
    ) -> OrderRecord:
        now = iso_utc(self._clock.now())
        rows = conn.execute(
            "UPDATE orders SET doc = ?, status = ?, total_minor = ?, updated_at = ? WHERE id = ? "
            "RETURNING number, currency, created_at",
            (_dumps(doc), status, int(total_minor), now, order_id),
        ).fetchall()
        if len(rows) != 1:
            raise StoreBug(f"no order {order_id!r}")
        self._append_event(conn, order_id, at=now, kind=event_kind, actor_id=actor_id, payload=event_payload)
        number, currency, created = rows[0]
        return OrderRecord(order_id, int(number), status, currency, int(total_minor), created, now, dict(doc))

    def update(
        self,
        order_id: str,
        doc: Mapping[str, Any],
        *,
        status: str,
        total_minor: int,
        actor_id: str | None,
        event_kind: str,
        event_payload: Mapping[str, Any] | None = None,
    ) -> concurrent.futures.Future[OrderRecord]:
        """Replace the order's document/status/total and append an event, atomically."""
        return self._db.transaction(
            lambda conn: self.update_in(
                conn,
                order_id,
                doc,
                status=status,
                total_minor=total_minor,
                actor_id=actor_id,
                event_kind=event_kind,
                event_payload=event_payload,
            )
        )

    def append_event_in(
        self,
        conn: Connection,
        order_id: str,
        kind: str,
        actor_id: str | None,
        payload: Mapping[str, Any] | None = None,
    ) -> int:
        return self._append_event(
            conn, order_id, at=iso_utc(self._clock.now()), kind=kind, actor_id=actor_id, payload=payload
        )

    @staticmethod
    def _append_event(
        conn: Connection,
        order_id: str,
        *,
        at: str,
        kind: str,
        actor_id: str | None,
        payload: Mapping[str, Any] | None,
    ) -> int:
        cur = conn.execute(
            "INSERT INTO order_events(order_id, at, kind, actor_id, payload) VALUES (?, ?, ?, ?, ?)",
            (order_id, at, kind, actor_id, _dumps(payload or {})),
        )
        return int(cur.lastrowid or 0)

    # -- reads -----------------------------------------------------------------------------------

    def get_in(self, conn: Connection, order_id: str) -> OrderRecord | None:
        row = conn.execute("SELECT * FROM orders WHERE id = ?", (order_id,)).fetchone()
        return None if row is None else _order(row)

    def get(self, order_id: str) -> concurrent.futures.Future[OrderRecord | None]:
        return self._db.submit(lambda conn: self.get_in(conn, order_id))

    def get_by_number(self, number: int) -> concurrent.futures.Future[OrderRecord | None]:
        def run(conn: Connection) -> OrderRecord | None:
            row = conn.execute("SELECT * FROM orders WHERE number = ?", (int(number),)).fetchone()
            return None if row is None else _order(row)

        return self._db.submit(run)

    def events(self, order_id: str) -> concurrent.futures.Future[builtins.list[OrderEvent]]:
        return self._db.submit(
            lambda conn: [
                _event(r)
                for r in conn.execute(
                    "SELECT * FROM order_events WHERE order_id = ? ORDER BY id", (order_id,)
                )
            ]
        )

    def list_between(
        self, start: datetime, end: datetime, *, statuses: builtins.list[str] | None = None
    ) -> concurrent.futures.Future[builtins.list[OrderRecord]]:
        """Orders created in [start, end) (a shift), oldest first, optionally only some statuses."""
        sql = "SELECT * FROM orders WHERE created_at >= ? AND created_at < ?"
        args: builtins.list[Any] = [iso_utc(start), iso_utc(end)]
        if statuses:
            sql += f" AND status IN ({','.join('?' * len(statuses))})"
            args.extend(statuses)
        sql += " ORDER BY created_at, number"
        return self._db.submit(lambda conn: [_order(r) for r in conn.execute(sql, args)])

    def list_for_day(
        self, day: date, *, tz: tzinfo = UTC, statuses: builtins.list[str] | None = None
    ) -> concurrent.futures.Future[builtins.list[OrderRecord]]:
        """Orders created on `day` in the shop's time zone `tz`."""
        start = datetime.combine(day, time.min, tzinfo=tz)
        end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)
        return self.list_between(start, end, statuses=statuses)
