"""commit: a cash sale's durable order commit against a bare sqlcipher3 insert+commit.

Till side: `SalesService.commit(sale)` for a paid cash sale (a latte with three modifiers and a
croissant) on a real SQLCipher store opened by `Database.open`: the call returns once the order,
its event and its numbers are committed (WAL, synchronous=FULL), as the tender dialog's worker sees
it. Floor: a bare `sqlcipher3` connection given every pragma the till's connection has (read back
from it: journal mode, synchronous, foreign keys, secure delete, temp store, memory security) doing
BEGIN IMMEDIATE; INSERT one row of the same size as the order document; COMMIT. The two alternate
commit by commit, so the machine's load falls on both alike. Each run's value is its p50.

A third side, reported with the figure (`extra.sql_only_ms`): the till's own statements for such a
commit (`SqlOnly`: recorded from a till, replayed bare on a copy of its database) — what the schema
itself costs: the order, its event and its sale facts touch many more pages (tables and indexes)
than the floor's one row.
"""

from __future__ import annotations

import json
import secrets
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import sqlcipher3

from dripos_terminal.clock import SystemClock
from dripos_terminal.composition.core import Services, build_services
from dripos_terminal.config import Config
from dripos_terminal.domain.catalog import default_catalog_path, load_catalog
from dripos_terminal.domain.staff import Role
from dripos_terminal.services.sales import SaleSession
from dripos_terminal.store.database import Database
from tests.bench.figures import Figure

SALES_PER_RUN = 200
PRAGMAS = (
    "journal_mode",
    "synchronous",
    "foreign_keys",
    "secure_delete",
    "temp_store",
    "cipher_memory_security",
)


def _sale(services: Services, barista: Any) -> SaleSession:
    sale = services.sales.start_order(barista)
    sale.add_item("latte", {"size": ["large"], "milk": ["oat"], "syrup": ["vanilla"]})
    sale.add_item("croissant")
    sale.add_cash(2000)
    return sale


def _pragmas_of(db: Database) -> dict[str, Any]:
    return db.call(lambda conn: {p: conn.execute(f"PRAGMA {p}").fetchone()[0] for p in PRAGMAS})


def _bare(path: Path, pragmas: dict[str, Any]) -> Any:
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA key = \"x'{secrets.token_hex(32)}'\"")
    for name, value in pragmas.items():
        conn.execute(f"PRAGMA {name} = {value}")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, doc TEXT)")
    return conn


class SqlOnly:
    """The till's own statements for paid cash sales, recorded from a till of their own (SQLite's
    trace of `SalesService.commit`, parameters written out) and replayed, commit by commit, on a bare
    connection to a copy of that till's database taken before they ran: the same schema, rows and
    pragmas, with no till code and no hop to the store's thread."""

    def __init__(self, tmp: Path, clock: SystemClock, count: int) -> None:
        key = secrets.token_bytes(32)
        db = Database.open(tmp / "recorded.db", key, clock=clock, create=True)
        try:
            services = build_services(
                db, config=Config(), clock=clock, catalog=load_catalog(default_catalog_path())
            )
            barista = services.staff.add_member("Sam", Role.BARISTA, "1111")
            services.sales.commit(_sale(services, barista))
            db.call(lambda conn: conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall())
            shutil.copyfile(tmp / "recorded.db", tmp / "replayed.db")
            pragmas = _pragmas_of(db)
            statements: list[str] = []
            db.call(lambda conn: conn.set_trace_callback(statements.append))
            self.commits: list[list[str]] = []
            for _ in range(count):
                statements.clear()
                services.sales.commit(_sale(services, barista))
                self.commits.append(list(statements))
            db.call(lambda conn: conn.set_trace_callback(None))
        finally:
            db.close()
        self.conn = sqlcipher3.connect(
            str(tmp / "replayed.db"), isolation_level=None, check_same_thread=False
        )
        self.conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        for name, value in pragmas.items():
            self.conn.execute(f"PRAGMA {name} = {value}")
        self.next = 0

    @property
    def statements_per_commit(self) -> int:
        return len(self.commits[0])

    def commit(self) -> None:
        for sql in self.commits[self.next]:
            self.conn.execute(sql).fetchall()
        self.next += 1


def measure(runs: int) -> list[Figure]:
    clock = SystemClock()
    till_p50: list[float] = []
    bare_p50: list[float] = []
    gaps: list[float] = []  # till minus floor, pair by pair: the till's own cost, whatever fsync costs now
    sql_p50: list[float] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        db = Database.open(tmp / "till.db", secrets.token_bytes(32), clock=clock, create=True)
        try:
            services = build_services(
                db, config=Config(), clock=clock, catalog=load_catalog(default_catalog_path())
            )
            barista = services.staff.add_member("Sam", Role.BARISTA, "1111")
            pragmas = _pragmas_of(db)
            warm = _sale(services, barista)
            services.sales.commit(warm)
            payload = "x" * len(json.dumps(warm.order.to_dict()))
            bare = _bare(tmp / "bare.db", pragmas)
            sql = SqlOnly(tmp, clock, runs * SALES_PER_RUN)
            for _ in range(runs):
                till: list[float] = []
                floor: list[float] = []
                sql_only: list[float] = []
                for _ in range(SALES_PER_RUN):
                    sale = _sale(services, barista)
                    start = time.perf_counter()
                    services.sales.commit(sale)
                    till.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    bare.execute("BEGIN IMMEDIATE")
                    bare.execute("INSERT INTO t (doc) VALUES (?)", (payload,))
                    bare.execute("COMMIT")
                    floor.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    sql.commit()
                    sql_only.append(time.perf_counter() - start)
                till_p50.append(statistics.median(till) * 1000)
                bare_p50.append(statistics.median(floor) * 1000)
                gaps.append(statistics.median(t - f for t, f in zip(till, floor, strict=True)) * 1000)
                sql_p50.append(statistics.median(sql_only) * 1000)
            bare.close()
            sql.conn.close()
        finally:
            db.close()
    shown = ", ".join(f"{k}={v}" for k, v in pragmas.items())
    return [
        Figure(
            "commit",
            "ms",
            till_p50,
            bare_p50,
            goal="ratio <= 1.3",
            floor_is=(
                f"bare sqlcipher3 BEGIN IMMEDIATE/INSERT {len(payload)} B/COMMIT"
                f" with the till's pragmas ({shown})"
            ),
            note=(
                f"each run: p50 of {SALES_PER_RUN} cash-sale commits, alternating with the floor; "
                f"till minus floor, pair by pair, median {statistics.median(gaps):.3f} ms; "
                f"the till's own SQL ({sql.statements_per_commit} statements) run bare: median "
                f"{statistics.median(sql_p50):.3f} ms "
                f"({statistics.median(sql_p50) / statistics.median(bare_p50):.2f}x the floor)"
            ),
            extra={
                "till_minus_floor_ms": [round(g, 3) for g in gaps],
                "sql_only_ms": [round(v, 3) for v in sql_p50],
            },
        )
    ]
