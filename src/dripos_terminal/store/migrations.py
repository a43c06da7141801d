"""Schema migrations, one `PRAGMA user_version` step at a time (Electrum `_convert_version_N`).

`migrate` reads `user_version` and runs `_migrate_to_<n>` for every step up to `SCHEMA_VERSION`,
each inside its own `BEGIN IMMEDIATE ... COMMIT` together with the `user_version` bump, so a crash
leaves the database at a whole version. A database newer than this code is refused, untouched.

Conventions: ids are TEXT, timestamps ISO-8601 UTC TEXT (`iso_utc`), money INTEGER minor units,
JSON documents TEXT. To add version N: write `_migrate_to_N(conn, clock)`, append it to `MIGRATIONS`,
and add a fixture at version N-1 to `tests/fixtures/make_store_fixtures.py`.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import sqlcipher3

from dripos_terminal.clock import Clock
from dripos_terminal.store.errors import DatabaseTooNew, StoreBug

log = logging.getLogger("dripos_terminal.store")


def iso_utc(moment: datetime) -> str:
    """The one timestamp format of the store: `2026-03-31T17:47:00.000000Z`."""
    if moment.tzinfo is None:
        raise StoreBug("naive datetime passed to the store")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _append_only(table: str) -> str:
    return f"""
    CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
    BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;
    CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
    BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;
    """


_SCHEMA_V1 = (
    """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE staff (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('barista', 'manager')),
    pin_hash   TEXT NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL
);
CREATE INDEX staff_active ON staff(active, name);

CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE orders (
    id          TEXT PRIMARY KEY,
    number      INTEGER NOT NULL UNIQUE,
    status      TEXT NOT NULL,
    currency    TEXT NOT NULL,
    total_minor INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    doc         TEXT NOT NULL CHECK (json_valid(doc))
);
CREATE INDEX orders_created_at ON orders(created_at);
CREATE INDEX orders_status ON orders(status);

CREATE TABLE order_events (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id TEXT NOT NULL REFERENCES orders(id),
    at       TEXT NOT NULL,
    kind     TEXT NOT NULL,
    actor_id TEXT,
    payload  TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(payload))
);
CREATE INDEX order_events_order ON order_events(order_id, id);

CREATE TABLE payments (
    id                TEXT PRIMARY KEY,
    order_id          TEXT,
    kind              TEXT NOT NULL
                      CHECK (kind IN ('cash', 'card_present', 'manual_card', 'offline_card')),
    status            TEXT NOT NULL,
    amount_minor      INTEGER NOT NULL,
    tip_minor         INTEGER NOT NULL DEFAULT 0,
    currency          TEXT NOT NULL,
    payment_intent_id TEXT,
    brand             TEXT,
    last4             TEXT,
    exp_month         INTEGER,
    exp_year          INTEGER,
    pan               TEXT NULL,
    postal_code       TEXT NULL,
    outcome_code      TEXT,
    outcome_message   TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    finalized_at      TEXT,
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_at   TEXT NULL
);
CREATE INDEX payments_status ON payments(status, created_at);
CREATE INDEX payments_order ON payments(order_id);
CREATE INDEX payments_intent ON payments(payment_intent_id) WHERE payment_intent_id IS NOT NULL;

CREATE TABLE stripe_requests (
    idempotency_key TEXT PRIMARY KEY,
    payment_id      TEXT,
    purpose         TEXT NOT NULL,
    method          TEXT NOT NULL,
    path            TEXT NOT NULL,
    params          TEXT NOT NULL CHECK (json_valid(params)),
    created_at      TEXT NOT NULL,
    state           TEXT NOT NULL,
    response        TEXT NULL,
    error           TEXT NULL,
    updated_at      TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX stripe_requests_payment ON stripe_requests(payment_id, created_at);
CREATE INDEX stripe_requests_state ON stripe_requests(state);

CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       TEXT NOT NULL,
    actor_id TEXT,
    action   TEXT NOT NULL,
    subject  TEXT,
    details  TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details))
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_action ON audit_log(action, at);

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT
) WITHOUT ROWID;
"""
    + _append_only("audit_log")
    + _append_only("order_events")
)


def _migrate_to_1(conn: Any, clock: Clock) -> None:
    _exec_script(conn, _SCHEMA_V1)
    now = iso_utc(clock.now())
    conn.executemany(
        "INSERT INTO meta(key, value) VALUES (?, ?)",
        [("database_id", secrets.token_hex(16)), ("created_at", now)],
    )


def _exec_script(conn: Any, script: str) -> None:
    """Run `;`-separated DDL inside the current transaction (`executescript` would COMMIT first)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlcipher3.complete_statement(buffer):
            conn.execute(buffer)
            buffer = ""
    if buffer.strip():
        conn.execute(buffer)


# v2 (day one in a real shop): a shift-lead role (SQLite cannot widen a CHECK, so `staff` is rebuilt),
# the PIN lockout that must survive a restart, secrets sealed under a key derived from the database
# key (the Stripe key on a till without an OS keyring), and the shop's own menu with its "86" list.
_SCHEMA_V2 = """
CREATE TABLE staff_v2 (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('barista', 'shift_lead', 'manager')),
    pin_hash   TEXT NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL
);
INSERT INTO staff_v2(id, name, role, pin_hash, active, created_at)
    SELECT id, name, role, pin_hash, active, created_at FROM staff;
DROP TABLE staff;
ALTER TABLE staff_v2 RENAME TO staff;
CREATE INDEX staff_active ON staff(active, name);

CREATE TABLE pin_lockout (
    scope        TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
    locked_until TEXT NULL
) WITHOUT ROWID;

CREATE TABLE sealed_secrets (
    name       TEXT PRIMARY KEY,
    sealed     BLOB NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE menu (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    doc        TEXT NOT NULL CHECK (json_valid(doc)),
    updated_at TEXT NOT NULL,
    updated_by TEXT
);

CREATE TABLE menu_unavailable (
    item_id       TEXT NOT NULL,
    business_date TEXT NOT NULL,
    at            TEXT NOT NULL,
    actor_id      TEXT,
    PRIMARY KEY (item_id, business_date)
) WITHOUT ROWID;
"""


def _migrate_to_2(conn: Any, clock: Clock) -> None:
    _exec_script(conn, _SCHEMA_V2)


# v3 (close-out): the facts each order contributes to the reports, kept beside it so an X or Z report
# is a few SQL aggregates over indexed rows, never a rebuild of every order; closed offline batches
# and Z reports (numbered, append-only); cash drawer sessions and their paid in / paid out / counts.
_SCHEMA_V3 = (
    """
CREATE TABLE sale_facts (
    order_id          TEXT PRIMARY KEY,
    number            INTEGER NOT NULL,
    daily_number      INTEGER NOT NULL,
    business_date     TEXT NOT NULL,
    till_id           TEXT NOT NULL,
    status            TEXT NOT NULL,
    currency          TEXT NOT NULL,
    opened_at         TEXT NOT NULL,
    sold_at           TEXT NOT NULL,
    sold_hour         INTEGER NOT NULL CHECK (sold_hour BETWEEN 0 AND 23),
    staff_id          TEXT NOT NULL,
    subtotal_minor    INTEGER NOT NULL,
    discount_minor    INTEGER NOT NULL,
    tax_minor         INTEGER NOT NULL,
    total_minor       INTEGER NOT NULL,
    tip_minor         INTEGER NOT NULL,
    paid_minor        INTEGER NOT NULL,
    refunded_minor    INTEGER NOT NULL,
    written_off_minor INTEGER NOT NULL,
    owed_minor        INTEGER NOT NULL,
    is_sale           INTEGER NOT NULL CHECK (is_sale IN (0, 1)),
    voided            INTEGER NOT NULL CHECK (voided IN (0, 1))
) WITHOUT ROWID;
CREATE INDEX sale_facts_day ON sale_facts(business_date, till_id, daily_number);
CREATE INDEX sale_facts_status ON sale_facts(status, business_date);
CREATE INDEX sale_facts_day_total ON sale_facts(business_date, total_minor);

CREATE TABLE sale_fact_lines (
    order_id    TEXT NOT NULL,
    line_id     INTEGER NOT NULL,
    item_id     TEXT NOT NULL,
    name        TEXT NOT NULL,
    quantity    INTEGER NOT NULL,
    gross_minor INTEGER NOT NULL,
    net_minor   INTEGER NOT NULL,
    PRIMARY KEY (order_id, line_id)
) WITHOUT ROWID;

CREATE TABLE sale_fact_taxes (
    order_id   TEXT NOT NULL,
    tax_class  TEXT NOT NULL,
    rate_bp    INTEGER NOT NULL,
    base_minor INTEGER NOT NULL,
    tax_minor  INTEGER NOT NULL,
    PRIMARY KEY (order_id, tax_class)
) WITHOUT ROWID;

CREATE TABLE sale_fact_tenders (
    order_id       TEXT NOT NULL,
    tender_id      TEXT NOT NULL,
    kind           TEXT NOT NULL,
    reference      TEXT,
    amount_minor   INTEGER NOT NULL,
    tip_minor      INTEGER NOT NULL,
    refunded_minor INTEGER NOT NULL,
    brand          TEXT,
    last4          TEXT,
    at             TEXT NOT NULL,
    declined       INTEGER NOT NULL CHECK (declined IN (0, 1)),
    reason         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (order_id, tender_id)
) WITHOUT ROWID;
CREATE INDEX sale_fact_tenders_last4 ON sale_fact_tenders(last4) WHERE last4 IS NOT NULL;
CREATE INDEX sale_fact_tenders_reference ON sale_fact_tenders(reference) WHERE reference IS NOT NULL;
CREATE INDEX sale_fact_tenders_kind_at ON sale_fact_tenders(kind, at);

CREATE TABLE sale_fact_returns (
    order_id     TEXT NOT NULL,
    return_id    TEXT NOT NULL,
    tender_id    TEXT NOT NULL,
    tender_kind  TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    at           TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('refund', 'void')),
    PRIMARY KEY (order_id, return_id)
) WITHOUT ROWID;
CREATE INDEX sale_fact_returns_kind_at ON sale_fact_returns(tender_kind, at);

CREATE INDEX payments_kind ON payments(kind, created_at);

CREATE TABLE offline_batches (
    number          INTEGER PRIMARY KEY,
    till_id         TEXT NOT NULL,
    currency        TEXT NOT NULL,
    opened_at       TEXT NOT NULL,
    closed_at       TEXT NOT NULL,
    closed_by       TEXT NOT NULL,
    approved_by     TEXT NOT NULL,
    payments        INTEGER NOT NULL,
    total_minor     INTEGER NOT NULL,
    approved_count  INTEGER NOT NULL,
    approved_minor  INTEGER NOT NULL,
    declined_count  INTEGER NOT NULL,
    declined_minor  INTEGER NOT NULL,
    canceled_count  INTEGER NOT NULL,
    canceled_minor  INTEGER NOT NULL,
    CHECK (payments = approved_count + declined_count + canceled_count),
    CHECK (total_minor = approved_minor + declined_minor + canceled_minor)
);

CREATE TABLE offline_batch_items (
    payment_id        TEXT PRIMARY KEY,
    batch_number      INTEGER NOT NULL REFERENCES offline_batches(number),
    order_id          TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('succeeded', 'declined', 'canceled')),
    amount_minor      INTEGER NOT NULL,
    tip_minor         INTEGER NOT NULL,
    currency          TEXT NOT NULL,
    brand             TEXT,
    last4             TEXT,
    outcome_code      TEXT,
    payment_intent_id TEXT,
    stored_at         TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX offline_batch_items_batch ON offline_batch_items(batch_number);

CREATE TABLE z_reports (
    business_date TEXT NOT NULL,
    till_id       TEXT NOT NULL,
    number        INTEGER NOT NULL,
    taken_at      TEXT NOT NULL,
    taken_by      TEXT NOT NULL,
    approved_by   TEXT NOT NULL,
    carried_over  INTEGER NOT NULL DEFAULT 0,
    doc           TEXT NOT NULL CHECK (json_valid(doc)),
    PRIMARY KEY (business_date, till_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX z_reports_number ON z_reports(till_id, number);

CREATE TABLE drawer_sessions (
    id             TEXT PRIMARY KEY,
    number         INTEGER NOT NULL,
    till_id        TEXT NOT NULL,
    business_date  TEXT NOT NULL,
    currency       TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('open', 'closed')),
    opened_at      TEXT NOT NULL,
    opened_by      TEXT NOT NULL,
    float_minor    INTEGER NOT NULL,
    float_counts   TEXT NOT NULL CHECK (json_valid(float_counts)),
    closed_at      TEXT,
    closed_by      TEXT,
    counted_minor  INTEGER,
    counted_counts TEXT CHECK (counted_counts IS NULL OR json_valid(counted_counts)),
    expected_minor INTEGER,
    variance_minor INTEGER
);
CREATE UNIQUE INDEX drawer_sessions_one_open ON drawer_sessions(till_id) WHERE state = 'open';
CREATE UNIQUE INDEX drawer_sessions_number ON drawer_sessions(till_id, number);
CREATE INDEX drawer_sessions_day ON drawer_sessions(business_date, till_id);
CREATE TRIGGER drawer_sessions_closed_is_final BEFORE UPDATE ON drawer_sessions
WHEN OLD.state = 'closed'
BEGIN SELECT RAISE(ABORT, 'a closed drawer session never changes'); END;
CREATE TRIGGER drawer_sessions_no_delete BEFORE DELETE ON drawer_sessions
BEGIN SELECT RAISE(ABORT, 'drawer_sessions is append-only'); END;

CREATE TABLE drawer_movements (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id   TEXT NOT NULL REFERENCES drawer_sessions(id),
    at           TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('paid_in', 'paid_out', 'count')),
    amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
    reason       TEXT NOT NULL DEFAULT '',
    actor_id     TEXT NOT NULL,
    approved_by  TEXT NOT NULL,
    counts       TEXT CHECK (counts IS NULL OR json_valid(counts))
);
CREATE INDEX drawer_movements_session ON drawer_movements(session_id, id);
"""
    + _append_only("offline_batches")
    + _append_only("offline_batch_items")
    + _append_only("z_reports")
    + _append_only("drawer_movements")
)


def _migrate_to_3(conn: Any, clock: Clock) -> None:
    from dripos_terminal.store.sale_facts_repo import backfill_in  # the writer of the facts tables

    _exec_script(conn, _SCHEMA_V3)
    backfill_in(conn)


Migration = Callable[[Any, Clock], None]

#: MIGRATIONS[n - 1] upgrades version n - 1 to version n.
MIGRATIONS: list[Migration] = [_migrate_to_1, _migrate_to_2, _migrate_to_3]
SCHEMA_VERSION = len(MIGRATIONS)


def user_version(conn: Any) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: Any, clock: Clock, *, target: int | None = None) -> int:
    """Bring the database to `target` (default: the latest) one step at a time; returns the version."""
    latest = len(MIGRATIONS)
    target = latest if target is None else target
    current = user_version(conn)
    if current > latest:
        raise DatabaseTooNew(f"database schema v{current} is newer than supported v{latest}")
    while current < target:
        step = MIGRATIONS[current]
        log.info("migrating database schema v%d -> v%d", current, current + 1)
        conn.execute("BEGIN IMMEDIATE")
        try:
            step(conn, clock)
            conn.execute(f"PRAGMA user_version = {current + 1:d}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        current += 1
    return current
