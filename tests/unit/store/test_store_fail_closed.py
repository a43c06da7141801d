"""The store fails closed: a lost or empty database, a damaged recovery file and a damaged page each
stop the start with a clear `StoreEnvironmentError`, and no file is created, renamed or changed until
a manager decides (every test compares the directory's names and file hashes before and after)."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dripos_terminal.clock import FakeClock
from dripos_terminal.store import audit as audit_actions
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.database import Database
from dripos_terminal.store.errors import (
    DatabaseDamaged,
    DatabaseEmpty,
    DatabaseLost,
    RecoveryFileDamaged,
    StoreEnvironmentError,
    WrongPassphrase,
)
from dripos_terminal.store.keys import DATABASE_FILENAME, RECOVERY_FILENAME, ScryptParams, open_store
from dripos_terminal.store.recovery_file import parse_recovery

PASSPHRASE = "flat white at dawn"
FAST_SCRYPT = ScryptParams(n=2**10, r=8, p=1)
PAGE = 4096  # SQLCipher 4's default page size


def snapshot(directory: Path) -> dict[str, str]:
    """Every file under `directory` by name, with a hash of its bytes."""
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def never_asked() -> str | None:
    raise AssertionError("the passphrase must not be asked for before a decision")


@pytest.fixture
def open_(data_dir: Path, fake_clock: FakeClock) -> Iterator[Callable[..., Database]]:
    opened: list[Database] = []

    def _open(keyring_backend: object, ask: Callable[[], str | None], **kw: Any) -> Database:
        options: dict[str, Any] = {"create_if_missing": True, "scrypt_params": FAST_SCRYPT, "actor_id": "m1"}
        options.update(kw)
        db = open_store(
            data_dir, keyring_backend=keyring_backend, passphrase_provider=ask, clock=fake_clock, **options
        )
        opened.append(db)
        return db

    yield _open
    for db in opened:
        db.close()


@pytest.fixture
def first_id(open_: Callable[..., Database], memory_keyring: object) -> str:
    """A till set up once (database, keyring entry, recovery file) and closed; its database id."""
    db = open_(memory_keyring, lambda: PASSPHRASE)
    db.transaction(
        lambda c: c.execute("INSERT INTO settings(key, value, updated_at) VALUES ('shop', 'open', 't')")
    ).result()
    database_id = _database_id(db)
    db.close()
    return database_id


def _database_id(db: Database) -> str:
    return str(db.call(lambda c: c.execute("SELECT value FROM meta WHERE key='database_id'").fetchone()[0]))


def _lose(data_dir: Path, how: str) -> None:
    path = data_dir / DATABASE_FILENAME
    if how == "missing":
        path.unlink()
    else:
        path.write_bytes(b"")


# -- a lost database is never replaced silently ------------------------------------------------------


@pytest.mark.parametrize("how", ["missing", "empty"])
@pytest.mark.parametrize("create", [True, False])
def test_a_lost_database_is_reported_and_nothing_is_touched(
    open_: Callable[..., Database],
    data_dir: Path,
    memory_keyring: Any,
    first_id: str,
    how: str,
    create: bool,
) -> None:
    _lose(data_dir, how)
    before, secrets_before = snapshot(data_dir), dict(memory_keyring.secrets)
    expected = DatabaseEmpty if how == "empty" else DatabaseLost
    with pytest.raises(expected) as info:
        open_(memory_keyring, never_asked, create_if_missing=create)
    assert isinstance(info.value, StoreEnvironmentError)
    assert "Nothing has been changed" in info.value.user_message
    assert "start a new, empty till database" in info.value.user_message
    assert snapshot(data_dir) == before  # not created, not renamed, not changed
    assert memory_keyring.secrets == secrets_before  # no new key either


def test_an_empty_file_is_never_built_upon_by_the_database_layer(
    data_dir: Path, fake_clock: FakeClock
) -> None:
    path = data_dir / DATABASE_FILENAME
    path.write_bytes(b"")
    before = snapshot(data_dir)
    for create in (False, True):
        with pytest.raises(DatabaseEmpty):
            Database.open(path, secrets.token_bytes(32), clock=fake_clock, create=create)
    assert snapshot(data_dir) == before


def test_an_empty_file_without_a_recovery_file_says_what_is_missing(
    open_: Callable[..., Database], data_dir: Path, memory_keyring: object, first_id: str
) -> None:
    _lose(data_dir, "empty")
    (data_dir / RECOVERY_FILENAME).unlink()
    before = snapshot(data_dir)
    with pytest.raises(DatabaseEmpty) as info:
        open_(memory_keyring, never_asked)
    assert "key.recovery.json) is missing" in info.value.user_message
    with pytest.raises(DatabaseEmpty):  # and no decision can be confirmed without it
        open_(memory_keyring, lambda: PASSPHRASE, start_new=True)
    assert snapshot(data_dir) == before


@pytest.mark.parametrize("how", ["missing", "empty"])
def test_a_managers_decision_starts_a_new_database_and_keeps_the_old_key(
    open_: Callable[..., Database],
    data_dir: Path,
    memory_keyring: Any,
    fake_clock: FakeClock,
    first_id: str,
    how: str,
) -> None:
    _lose(data_dir, how)
    old_recovery = (data_dir / RECOVERY_FILENAME).read_bytes()
    before = snapshot(data_dir)
    with pytest.raises(WrongPassphrase):  # the passphrase confirms who decided; a wrong one changes nothing
        open_(memory_keyring, lambda: "not the passphrase", start_new=True)
    assert snapshot(data_dir) == before

    (data_dir / f"{DATABASE_FILENAME}.new").write_bytes(b"half-built")  # an interrupted earlier setup
    db = open_(memory_keyring, lambda: PASSPHRASE, start_new=True)
    new_id = _database_id(db)
    assert new_id != first_id
    assert db.call(lambda c: c.execute("SELECT count(*) FROM settings WHERE key='shop'").fetchone()[0]) == 0
    # the old recovery file may still open a backup of the lost database: kept, byte for byte
    assert (data_dir / f"key.recovery.{first_id}.orphaned.json").read_bytes() == old_recovery
    assert json.loads((data_dir / RECOVERY_FILENAME).read_text())["database_id"] == new_id
    set_aside = sorted(p.name for p in data_dir.glob(f"{DATABASE_FILENAME}.empty-*"))
    assert len(set_aside) == (1 if how == "empty" else 0)
    assert all((data_dir / name).stat().st_size == 0 for name in set_aside)
    assert not (data_dir / f"{DATABASE_FILENAME}.new").exists()
    (replaced,) = AuditLog(db, fake_clock).list(action=audit_actions.KEY_REPLACED_LOST_DATABASE).result()
    assert (replaced.actor_id, replaced.subject) == ("m1", first_id)
    assert replaced.details == {"reason": how, "new_database_id": new_id}
    assert ("dripos-terminal", f"database:{new_id}") in memory_keyring.secrets


def test_start_new_replaces_nothing_when_the_database_is_back(
    open_: Callable[..., Database], data_dir: Path, memory_keyring: object, first_id: str
) -> None:
    before = snapshot(data_dir)
    with pytest.raises(StoreEnvironmentError) as info:
        open_(memory_keyring, never_asked, start_new=True)
    assert "nothing was replaced" in info.value.user_message
    assert snapshot(data_dir) == before


# -- the recovery file: every field bounded -----------------------------------------------------------


def _b64(n: int) -> str:
    return base64.b64encode(bytes(n)).decode()


def _set(doc: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = doc
    for part in parents:
        node = node[part]
    if value is _DELETE:
        del node[last]
    else:
        node[last] = value


_DELETE = object()
FIELD_CASES = [
    ("kdf.n", 2**30, "kdf.n = 1073741824 is out of range"),
    ("kdf.n", 2, "kdf.n = 2 is out of range"),
    ("kdf.n", 3000, "kdf.n = 3000 is not a power of two"),
    ("kdf.n", "131072", "kdf.n is not a whole number"),
    ("kdf.n", True, "kdf.n is not a whole number"),
    ("kdf.n", 1024.0, "kdf.n is not a whole number"),
    ("kdf.r", 0, "kdf.r = 0 is out of range"),
    ("kdf.r", 10**6, "kdf.r = 1000000 is out of range"),
    ("kdf.p", 0, "kdf.p = 0 is out of range"),
    ("kdf.p", 64, "kdf.p = 64 is out of range"),
    ("kdf.n", 2**20, "scrypt cost n=1048576 r=8 p=1 is out of range"),  # 1 GiB of memory
    ("kdf.salt", _b64(4), "kdf.salt is 4 bytes long, not 16..64"),
    ("kdf.salt", "not base64!", "kdf.salt is not base64"),
    ("kdf.salt", "ÿÿÿÿ", "kdf.salt is not base64"),
    ("cipher.nonce", _b64(8), "cipher.nonce is 8 bytes long, not 12"),
    ("cipher.nonce", _b64(16), "cipher.nonce is 16 bytes long, not 12"),
    ("cipher.nonce", 12, "cipher.nonce is not text"),
    ("cipher.nonce", _DELETE, "cipher.nonce is missing"),
    ("wrapped_key", _b64(32), "wrapped_key is 32 bytes long, not 48"),
    ("wrapped_key", _DELETE, "wrapped_key is missing"),
    ("database_id", "../../etc/passwd", "database_id is not a database id"),
    ("database_id", 42, "database_id is not text"),
    ("kdf", "scrypt", "kdf is not an object"),
    ("kdf", None, "kdf is not an object"),
    ("kdf", _DELETE, "kdf.name is missing"),
    ("cipher", [], "cipher is not an object"),
    ("created_at", 5, "created_at is not text"),
    ("created_at", "x" * 1000, "created_at is too long"),
    ("format", "something/else", "format or version"),
    ("version", 2, "format or version"),
]


@pytest.mark.parametrize(("field", "value", "problem"), FIELD_CASES)
def test_every_recovery_field_is_checked_before_use(
    open_: Callable[..., Database],
    data_dir: Path,
    first_id: str,
    field: str,
    value: Any,
    problem: str,
) -> None:
    recovery = data_dir / RECOVERY_FILENAME
    doc = json.loads(recovery.read_text())
    _set(doc, field, value)
    recovery.write_text(json.dumps(doc))
    before = snapshot(data_dir)
    with pytest.raises(RecoveryFileDamaged) as info:  # never a bare ValueError or a traceback
        open_(None, never_asked)  # no keyring: the recovery copy is the only way in
    assert problem in info.value.user_message
    assert "Nothing has been changed" in info.value.user_message
    assert snapshot(data_dir) == before


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"", "not valid JSON"),
        (b"\xff\xfe\x00", "not valid JSON"),
        (b"[" * 60_000, "not valid JSON"),  # nested too deep for the parser
        (b"[]", "not a JSON object"),
        (b"null", "not a JSON object"),
        (b'{"format": ' + b" " * 70_000 + b'"x"}', "far too large"),
    ],
)
def test_a_recovery_file_that_is_no_recovery_file(raw: bytes, problem: str) -> None:
    with pytest.raises(RecoveryFileDamaged) as info:
        parse_recovery(raw)
    assert problem in str(info.value.user_message)


def test_the_bounds_accept_what_the_till_writes(open_: Callable[..., Database], data_dir: Path) -> None:
    open_(None, lambda: PASSPHRASE).close()
    recovery = parse_recovery((data_dir / RECOVERY_FILENAME).read_bytes())
    assert recovery.params == FAST_SCRYPT and len(recovery.nonce) == 12 and len(recovery.wrapped) == 48
    assert parse_recovery(recovery.to_bytes()) == recovery


# -- a damaged page -----------------------------------------------------------------------------


def test_a_damaged_page_is_found_at_open_and_nothing_is_changed(
    tmp_path: Path, key: bytes, fake_clock: FakeClock
) -> None:
    path = tmp_path / "dripos.db"
    db = Database.open(path, key, clock=fake_clock, create=True)
    db.transaction(
        lambda c: c.executemany(
            "INSERT INTO settings(key, value, updated_at) VALUES (?, ?, 't')",
            [(f"k{i}", "v" * 200) for i in range(200)],
        )
    ).result()
    db.close()
    Database.open(path, key, clock=fake_clock).close()  # intact: opens
    data = bytearray(path.read_bytes())
    assert len(data) >= 4 * PAGE
    data[2 * PAGE + 200] ^= 0xFF  # one byte in page 3 (not the first page: the key check still passes)
    path.write_bytes(bytes(data))
    before = snapshot(tmp_path)
    with pytest.raises(DatabaseDamaged) as info:
        Database.open(path, key, clock=fake_clock)
    assert "damaged" in info.value.user_message and "page 3" in info.value.user_message
    assert "Nothing has been changed" in info.value.user_message
    assert snapshot(tmp_path) == before
