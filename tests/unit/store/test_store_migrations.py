"""Schema versioning: fresh databases, fixture databases at every older version, refusals."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from dripos_terminal.clock import FakeClock
from dripos_terminal.store import migrations
from dripos_terminal.store.database import Database
from dripos_terminal.store.errors import StoreBug
from tests.fixtures import make_store_fixtures as fixture_script


def _schema(db: Database) -> list[tuple[Any, ...]]:
    return db.call(
        lambda c: [
            tuple(r)
            for r in c.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
        ]
    )


def _counts(db: Database) -> dict[str, int]:
    def run(c: sqlite3.Connection) -> dict[str, int]:
        tables = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: c.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}

    return db.call(run)


def test_fresh_database_is_at_latest_version(db: Database) -> None:
    assert db.call(migrations.user_version) == migrations.SCHEMA_VERSION
    meta = db.call(lambda c: dict(c.execute("SELECT key, value FROM meta").fetchall()))
    assert len(meta["database_id"]) == 32
    assert meta["created_at"] == "2026-03-31T17:47:00.000000Z"


def test_database_ids_are_random(tmp_path: Path, key: bytes, fake_clock: FakeClock) -> None:
    ids = set()
    for name in ("a.db", "b.db"):
        with Database.open(tmp_path / name, key, clock=fake_clock, create=True) as db:
            ids.add(
                db.call(lambda c: c.execute("SELECT value FROM meta WHERE key='database_id'").fetchone()[0])
            )
    assert len(ids) == 2


def test_there_is_a_fixture_for_every_older_version() -> None:
    for version in range(migrations.SCHEMA_VERSION):
        assert fixture_script.fixture_path(version).exists(), (
            f"no fixture at v{version}: add a builder to tests/fixtures/make_store_fixtures.py"
        )


@pytest.mark.parametrize("version", sorted(fixture_script.BUILDERS))
def test_fixture_migrates_to_latest_schema(
    version: int, tmp_path: Path, db: Database, fake_clock: FakeClock
) -> None:
    source = fixture_script.fixture_path(version)
    target = tmp_path / f"v{version}.db"
    shutil.copyfile(source, target)
    assert not target.read_bytes().startswith(b"SQLite format 3")

    raw = fixture_script.connect(target)
    before_version = migrations.user_version(raw)
    before_counts = {
        t: raw.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
        for (t,) in raw.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
    }
    raw.close()
    assert before_version == version

    with Database.open(target, fixture_script.FIXTURE_KEY, clock=fake_clock) as migrated:
        assert migrated.call(migrations.user_version) == migrations.SCHEMA_VERSION
        assert _schema(migrated) == _schema(db)
        after = _counts(migrated)
        for table, count in before_counts.items():
            if table in after and table != "sqlite_sequence":
                assert after[table] >= count, f"{table} lost rows in migration"
        assert (
            migrated.call(lambda c: c.execute("SELECT value FROM meta WHERE key='database_id'").fetchone())
            is not None
        )


def test_failed_step_rolls_back_whole_step(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, key: bytes, fake_clock: FakeClock
) -> None:
    Database.open(db_path, key, clock=fake_clock, create=True).close()

    def _migrate_next(conn: Any, clock: Any) -> None:
        conn.execute("CREATE TABLE half_done(x)")
        raise RuntimeError("the next step failed")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, _migrate_next])
    with pytest.raises(RuntimeError):
        Database.open(db_path, key, clock=fake_clock)
    monkeypatch.undo()
    with Database.open(db_path, key, clock=fake_clock) as db:
        assert db.call(migrations.user_version) == migrations.SCHEMA_VERSION
        assert (
            db.call(lambda c: c.execute("SELECT name FROM sqlite_master WHERE name='half_done'").fetchone())
            is None
        )


def test_migrations_run_one_step_at_a_time(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, key: bytes, fake_clock: FakeClock
) -> None:
    seen: list[int] = []

    def _migrate_next(conn: Any, clock: Any) -> None:
        seen.append(migrations.user_version(conn))
        conn.execute("CREATE TABLE next_table(x)")

    latest = migrations.SCHEMA_VERSION
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, _migrate_next])
    with Database.open(db_path, key, clock=fake_clock, create=True) as db:
        assert db.call(migrations.user_version) == latest + 1
    assert seen == [latest]


@pytest.mark.parametrize("table", ["audit_log", "order_events"])
def test_append_only_tables_refuse_update_and_delete(db: Database, table: str) -> None:
    db.transaction(
        lambda c: c.execute("INSERT INTO orders VALUES ('o1', 1, 'open', 'USD', 0, 't', 't', '{}')")
    ).result()
    if table == "audit_log":
        insert = (
            "INSERT INTO audit_log(at, actor_id, action, subject, details) VALUES ('t', 's', 'a', NULL, '{}')"
        )
    else:
        insert = (
            "INSERT INTO order_events(order_id, at, kind, actor_id, payload) "
            "VALUES ('o1', 't', 'k', 's', '{}')"
        )
    db.transaction(lambda c: c.execute(insert)).result()
    with pytest.raises(StoreBug, match="append-only"):
        db.transaction(lambda c: c.execute(f"UPDATE {table} SET at = 'x'")).result()
    with pytest.raises(StoreBug, match="append-only"):
        db.transaction(lambda c: c.execute(f"DELETE FROM {table}")).result()
    assert db.call(lambda c: c.execute(f"SELECT count(*), max(at) FROM {table}").fetchone()[:]) == (1, "t")


def test_constraints(db: Database) -> None:
    with pytest.raises(StoreBug, match="CHECK"):
        db.transaction(
            lambda c: c.execute("INSERT INTO staff VALUES ('s', 'n', 'owner', 'h', 1, 't')")
        ).result()
    with pytest.raises(StoreBug, match="FOREIGN KEY"):
        db.transaction(
            lambda c: c.execute(
                "INSERT INTO order_events(order_id, at, kind, actor_id, payload) "
                "VALUES ('nope', 't', 'k', NULL, '{}')"
            )
        ).result()
    with pytest.raises(StoreBug, match="CHECK"):
        db.transaction(
            lambda c: c.execute(
                "INSERT INTO payments(id, kind, status, amount_minor, currency, created_at, updated_at) "
                "VALUES ('p', 'cheque', 'pending', 1, 'USD', 't', 't')"
            )
        ).result()


def test_v2_keeps_v1_staff_and_accepts_shift_leads(tmp_path: Path, fake_clock: FakeClock) -> None:
    target = tmp_path / "v1.db"
    shutil.copyfile(fixture_script.fixture_path(1), target)
    with Database.open(target, fixture_script.FIXTURE_KEY, clock=fake_clock) as db:
        rows = db.call(
            lambda c: [tuple(r) for r in c.execute("SELECT id, role, active FROM staff ORDER BY id")]
        )
        assert rows == [("s1", "manager", 1), ("s2", "barista", 1)]
        db.transaction(
            lambda c: c.execute("INSERT INTO staff VALUES ('s3', 'Cy', 'shift_lead', 'h', 1, 't')")
        ).result()
        with pytest.raises(StoreBug, match="CHECK"):
            db.transaction(lambda c: c.execute("INSERT INTO menu VALUES (2, '{}', 't', NULL)")).result()


def test_iso_utc_rejects_naive_datetimes() -> None:
    from datetime import datetime

    with pytest.raises(StoreBug):
        migrations.iso_utc(datetime(2026, 1, 1))
