"""Durable counters (order numbers). A value handed out is never handed out again, even after a
crash, because it is taken inside the transaction that uses it."""

from __future__ import annotations

from dripos_terminal.store.database import Connection
from dripos_terminal.store.errors import StoreBug

ORDER_NUMBER = "order_number"


def next_value(conn: Connection, name: str) -> int:
    """Increment counter `name` (starting at 1) and return the new value. Call inside a transaction."""
    if not conn.in_transaction:
        raise StoreBug("next_value must run inside a transaction")
    row = conn.execute(
        "INSERT INTO counters(name, value) VALUES (?, 1) "
        "ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value",
        (name,),
    ).fetchone()
    return int(row[0])


def next_values(conn: Connection, *names: str) -> dict[str, int]:
    """`next_value` for several counters in ONE statement (an order's store-wide and daily numbers)."""
    if not conn.in_transaction:
        raise StoreBug("next_values must run inside a transaction")
    rows = conn.execute(
        f"INSERT INTO counters(name, value) VALUES {', '.join('(?, 1)' for _ in names)} "  # noqa: S608 - placeholders only
        "ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING name, value",
        names,
    ).fetchall()
    return {str(row[0]): int(row[1]) for row in rows}


def current_value(conn: Connection, name: str) -> int:
    """The last value handed out (0 if none)."""
    row = conn.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()
    return int(row[0]) if row else 0
