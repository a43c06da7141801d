"""Durable order commit latency vs a bare sqlcipher3 insert+commit with the same pragmas (the floor)."""

from __future__ import annotations

import json
import secrets
import tempfile
import time
from pathlib import Path

import sqlcipher3

from dripos_terminal.app import build_services
from dripos_terminal.clock import SystemClock
from dripos_terminal.config import Config
from dripos_terminal.domain.catalog import default_catalog_path, load_catalog
from dripos_terminal.domain.staff import Role
from dripos_terminal.store.database import Database
from tests.bench.stats import header, line, percentile

SALES = 300


def _till_commits(directory: Path) -> tuple[list[float], int]:
    clock = SystemClock()
    db = Database.open(directory / "till.db", secrets.token_bytes(32), clock=clock, create=True)
    try:
        services = build_services(
            db, config=Config(), clock=clock, catalog=load_catalog(default_catalog_path())
        )
        barista = services.staff.add_member("Sam", Role.BARISTA, "1111")
        samples: list[float] = []
        doc_size = 0
        for _ in range(SALES):
            sale = services.sales.start_order(barista)
            sale.add_item("latte", {"size": ["large"], "milk": ["oat"], "syrup": ["vanilla"]})
            sale.add_item("croissant")
            sale.add_cash(2000)
            start = time.perf_counter()
            services.sales.complete(sale)  # order doc + event + order numbers, one fsync'd transaction
            samples.append(time.perf_counter() - start)
            doc_size = len(json.dumps(sale.order.to_dict()))
        return samples, doc_size
    finally:
        db.close()


def _bare_commits(directory: Path, doc_size: int) -> list[float]:
    conn = sqlcipher3.connect(str(directory / "bare.db"), isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA key = \"x'{secrets.token_hex(32)}'\"")
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "secure_delete=ON", "temp_store=MEMORY"):
        conn.execute(f"PRAGMA {pragma}")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, doc TEXT)")
    payload = "x" * doc_size
    samples: list[float] = []
    for _ in range(SALES):
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t (doc) VALUES (?)", (payload,))
        conn.execute("COMMIT")
        samples.append(time.perf_counter() - start)
    conn.close()
    return samples


def run() -> None:
    header(f"Durable order commit ({SALES} cash sales, WAL + synchronous=FULL, SQLCipher 4)")
    with tempfile.TemporaryDirectory() as tmp:
        till, doc_size = _till_commits(Path(tmp))
        bare = _bare_commits(Path(tmp), doc_size)
    for label, samples in (
        ("till order commit (SalesService.complete)", till),
        ("bare sqlcipher3 insert+commit", bare),
    ):
        line(
            f"{label} p50 / p99",
            f"{percentile(samples, 50) * 1000:.2f} / {percentile(samples, 99) * 1000:.2f} ms",
        )
    line("ratio till / floor p50", f"{percentile(till, 50) / percentile(bare, 50):.2f}x")
    line("ratio till / floor p99", f"{percentile(till, 99) / percentile(bare, 99):.2f}x")
