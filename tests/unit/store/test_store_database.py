"""Database: open sequence, owner thread, transactions, error mapping, on-disk secrecy."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from pathlib import Path

import pytest
import sqlcipher3

from dripos_terminal.clock import FakeClock
from dripos_terminal.store import database as database_module
from dripos_terminal.store.database import Database, check_cipher_version
from dripos_terminal.store.errors import (
    CipherUnavailable,
    DatabaseLocked,
    DatabaseMissing,
    DatabaseTooNew,
    DiskFull,
    NotADatabase,
    ReadOnly,
    StoreBug,
    StoreEnvironmentError,
    WrongKey,
    translate_error,
)

MARKER = "MARKER-5f1c-plaintext-must-not-appear"


def _insert_marker(db: Database) -> None:
    db.transaction(
        lambda c: c.execute(
            "INSERT INTO settings(key, value, updated_at) VALUES (?, ?, ?)", ("marker", MARKER, "t")
        )
    ).result()


def _pragma(db: Database, name: str) -> object:
    return db.call(lambda c: c.execute(f"PRAGMA {name}").fetchone()[0])


# -- open / close ------------------------------------------------------------------------------------


def test_create_close_reopen_keeps_data(db_path: Path, key: bytes, fake_clock: FakeClock) -> None:
    db = Database.open(db_path, key, clock=fake_clock, create=True)
    _insert_marker(db)
    db.close()
    db.close()  # idempotent
    assert db.closed
    reopened = Database.open(db_path, key, clock=fake_clock)
    try:
        value = reopened.call(lambda c: c.execute("SELECT value FROM settings WHERE key='marker'").fetchone())
        assert value["value"] == MARKER  # rows are sqlcipher3.Row with name access
        assert reopened.path == db_path
    finally:
        reopened.close()


def test_missing_file_without_create_is_refused_and_not_created(
    db_path: Path, key: bytes, fake_clock: FakeClock
) -> None:
    with pytest.raises(DatabaseMissing) as info:
        Database.open(db_path, key, clock=fake_clock)
    assert info.value.user_message
    assert not db_path.exists()


@pytest.mark.parametrize("bad", [b"", b"short", bytes(31), bytes(33)])
def test_key_must_be_32_raw_bytes(db_path: Path, fake_clock: FakeClock, bad: bytes) -> None:
    with pytest.raises(StoreBug):
        Database.open(db_path, bad, clock=fake_clock, create=True)
    assert not db_path.exists()


def test_wrong_key_is_refused_and_file_untouched(db: Database, db_path: Path, fake_clock: FakeClock) -> None:
    _insert_marker(db)
    db.close()
    before = db_path.read_bytes()
    with pytest.raises(WrongKey) as info:
        Database.open(db_path, os.urandom(32), clock=fake_clock)
    assert "recovery passphrase" in info.value.user_message
    assert db_path.read_bytes() == before


def test_plain_sqlite_file_is_refused(tmp_path: Path, key: bytes, fake_clock: FakeClock) -> None:
    path = tmp_path / "plain.db"
    plain = sqlite3.connect(path)
    plain.execute("CREATE TABLE t(x)")
    plain.execute("INSERT INTO t VALUES (1)")
    plain.commit()
    plain.close()
    before = path.read_bytes()
    assert before.startswith(b"SQLite format 3\x00")
    with pytest.raises(NotADatabase) as info:
        Database.open(path, key, clock=fake_clock)
    assert "plain" in str(info.value)
    assert path.read_bytes() == before


def test_text_file_is_not_a_database(tmp_path: Path, key: bytes, fake_clock: FakeClock) -> None:
    path = tmp_path / "notes.db"
    path.write_text("espresso, latte, flat white\n" * 40)
    with pytest.raises(NotADatabase):
        Database.open(path, key, clock=fake_clock)


def test_plain_build_is_refused(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, key: bytes, fake_clock: FakeClock
) -> None:
    # A plain SQLite build answers PRAGMA cipher_version with no row at all.
    monkeypatch.setattr(database_module, "read_cipher_version", lambda conn: None)
    with pytest.raises(CipherUnavailable) as info:
        Database.open(db_path, key, clock=fake_clock, create=True)
    assert "SQLCipher" in info.value.user_message
    assert not db_path.exists()  # the empty file made for it is removed again


@pytest.mark.parametrize("version", [None, "", "3.4.2", "5.0.0", "community"])
def test_cipher_version_other_than_4_is_refused(version: str | None) -> None:
    with pytest.raises(CipherUnavailable):
        check_cipher_version(version)


def test_bundled_cipher_is_4(db: Database) -> None:
    version = _pragma(db, "cipher_version")
    assert isinstance(version, str)
    assert version.startswith("4.")
    check_cipher_version(version)


def test_durability_and_secrecy_pragmas_are_in_effect(db: Database) -> None:
    assert _pragma(db, "journal_mode") == "wal"
    assert _pragma(db, "synchronous") == 2  # FULL
    assert _pragma(db, "foreign_keys") == 1
    assert _pragma(db, "secure_delete") == 1
    assert _pragma(db, "temp_store") == 2  # MEMORY
    # Off by decision: docs/threat-model.md (it would wipe only SQLite's copies of a card number).
    assert str(_pragma(db, "cipher_memory_security")) == "0"


def test_files_are_private(db: Database, db_path: Path) -> None:
    _insert_marker(db)
    for path in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        assert path.exists(), path
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_database_and_wal_are_ciphertext(db: Database, db_path: Path) -> None:
    _insert_marker(db)
    wal = Path(f"{db_path}-wal")
    assert wal.stat().st_size > 0  # the marker is (at least) in the WAL right now
    for path in (db_path, wal):
        data = path.read_bytes()
        assert not data.startswith(b"SQLite format 3")
        assert MARKER.encode() not in data
        assert b"CREATE TABLE" not in data
    db.close()
    data = db_path.read_bytes()
    assert not data.startswith(b"SQLite format 3")
    assert MARKER.encode() not in data


def test_newer_database_is_refused(db: Database, db_path: Path, key: bytes, fake_clock: FakeClock) -> None:
    db.call(lambda c: c.execute("PRAGMA user_version = 99"))
    db.close()
    with pytest.raises(DatabaseTooNew) as info:
        Database.open(db_path, key, clock=fake_clock)
    assert "newer version" in info.value.user_message
    # ... and left as it was.
    raw = sqlcipher3.connect(str(db_path))
    raw.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 99
    raw.close()


# -- owner thread and futures ------------------------------------------------------------------------


def test_all_work_runs_on_the_one_owner_thread(db: Database) -> None:
    seen: list[int] = []
    callers: set[int] = set()
    lock = threading.Lock()

    def work(_conn: object) -> int:
        seen.append(threading.get_ident())  # only ever appended on the owner thread
        return threading.get_ident()

    def caller() -> None:
        with lock:
            callers.add(threading.get_ident())
        futures = [db.submit(work) for _ in range(25)]
        futures.append(db.transaction(work))
        for fut in futures:
            fut.result()

    threads = [threading.Thread(target=caller) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 12 * 26
    assert len(set(seen)) == 1
    assert seen[0] not in callers
    assert seen[0] != threading.get_ident()


def test_concurrent_counter_increments_are_serialized(db: Database) -> None:
    from dripos_terminal.store.counters import next_value

    results: list[int] = []
    lock = threading.Lock()

    def caller() -> None:
        for _ in range(20):
            value = db.transaction(lambda c: next_value(c, "n")).result()
            with lock:
                results.append(value)

    threads = [threading.Thread(target=caller) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == list(range(1, 161))


def test_close_drains_queued_work(db: Database) -> None:
    futures = [db.submit(lambda c, i=i: c.execute("SELECT ?", (i,)).fetchone()[0]) for i in range(200)]
    db.close()
    assert [f.result(timeout=0) for f in futures] == list(range(200))
    with pytest.raises(StoreBug):
        db.submit(lambda c: None)


def test_call_from_owner_thread_is_a_bug(db: Database) -> None:
    fut = db.submit(lambda c: db.call(lambda c2: 1))
    with pytest.raises(StoreBug):
        fut.result()


def test_transaction_commits(db: Database) -> None:
    db.transaction(lambda c: c.execute("INSERT INTO meta(key, value) VALUES ('k', 'v')")).result()
    assert db.call(lambda c: c.execute("SELECT value FROM meta WHERE key='k'").fetchone()[0]) == "v"
    assert db.call(lambda c: c.in_transaction) is False


def test_transaction_rolls_back_and_reraises(db: Database) -> None:
    class BoomError(Exception):
        pass

    def fn(c: sqlite3.Connection) -> None:
        c.execute("INSERT INTO meta(key, value) VALUES ('k', 'v')")
        raise BoomError

    with pytest.raises(BoomError):
        db.transaction(fn).result()
    assert db.call(lambda c: c.execute("SELECT count(*) FROM meta WHERE key='k'").fetchone()[0]) == 0
    assert db.call(lambda c: c.in_transaction) is False


def test_sql_errors_in_work_become_store_bugs_with_cause(db: Database) -> None:
    with pytest.raises(StoreBug) as info:
        db.call(lambda c: c.execute("SELECT * FROM no_such_table"))
    assert isinstance(info.value.__cause__, sqlcipher3.OperationalError)
    with pytest.raises(StoreBug) as info:
        db.transaction(
            lambda c: c.execute("INSERT INTO meta(key, value) VALUES ('database_id', 'x')")
        ).result()
    assert isinstance(info.value.__cause__, sqlcipher3.IntegrityError)


# -- environment errors from real conditions ---------------------------------------------------------


def test_locked_database(db: Database, db_path: Path, key: bytes) -> None:
    other = sqlcipher3.connect(str(db_path), isolation_level=None, timeout=0)
    other.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    other.execute("BEGIN IMMEDIATE")  # holds the write lock
    try:
        db.call(lambda c: c.execute("PRAGMA busy_timeout = 50"))
        with pytest.raises(DatabaseLocked) as info:
            db.transaction(lambda c: c.execute("INSERT INTO meta(key, value) VALUES ('a', 'b')")).result()
        assert "busy" in info.value.user_message
    finally:
        other.execute("ROLLBACK")
        other.close()
    # The database keeps working once the other writer is gone.
    db.transaction(lambda c: c.execute("INSERT INTO meta(key, value) VALUES ('a', 'b')")).result()


def test_disk_full(db: Database) -> None:
    def fill(c: sqlite3.Connection) -> None:
        pages = c.execute("PRAGMA page_count").fetchone()[0]
        c.execute(f"PRAGMA max_page_count = {pages + 2}")
        c.execute("INSERT INTO meta(key, value) VALUES ('big', ?)", ("x" * 200_000,))

    with pytest.raises(DiskFull) as info:
        db.transaction(fill).result()
    assert "disk is full" in info.value.user_message
    assert isinstance(info.value, StoreEnvironmentError)
    assert db.call(lambda c: c.in_transaction) is False


def test_read_only_database_maps_to_read_only(db: Database, db_path: Path, key: bytes) -> None:
    _insert_marker(db)
    ro = sqlcipher3.connect(f"{db_path.as_uri()}?mode=ro", uri=True, isolation_level=None)
    ro.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    try:
        with pytest.raises(sqlcipher3.OperationalError) as info:
            ro.execute("INSERT INTO meta(key, value) VALUES ('a', 'b')")
    finally:
        ro.close()
    assert isinstance(translate_error(info.value), ReadOnly)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("database or disk is full", DiskFull),
        ("database is locked", DatabaseLocked),
        ("file is not a database", NotADatabase),
        ("attempt to write a readonly database", ReadOnly),
        ("unable to open database file", StoreEnvironmentError),
        ('near "SELEC": syntax error', StoreBug),
    ],
)
def test_translate_by_message(message: str, expected: type[Exception]) -> None:
    mapped = translate_error(sqlcipher3.OperationalError(message))
    assert type(mapped) is expected


def test_translated_messages_are_redacted() -> None:
    mapped = translate_error(sqlcipher3.OperationalError("bad value 4242 4242 4242 4242"))
    assert "4242 4242 4242 4242" not in str(mapped)
