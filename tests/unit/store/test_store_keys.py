"""Key management: keyring, passphrase-wrapped recovery copy, and the open_store decision tree."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from keyring.backends import fail, null
from keyring.errors import KeyringError

from dripos_terminal.clock import FakeClock
from dripos_terminal.store import audit as audit_actions
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.database import Database
from dripos_terminal.store.errors import (
    DatabaseMissing,
    KeyUnavailable,
    RecoveryFileDamaged,
    StoreEnvironmentError,
    WeakPassphrase,
    WrongKey,
    WrongPassphrase,
)
from dripos_terminal.store.keys import (
    DATABASE_FILENAME,
    DEFAULT_SCRYPT,
    RECOVERY_FILENAME,
    KeyManager,
    ScryptParams,
    atomic_write,
    change_recovery_passphrase,
    keyring_usable,
    open_store,
)

PASSPHRASE = "flat white at dawn"
FAST_SCRYPT = ScryptParams(n=2**10, r=8, p=1)  # production cost is DEFAULT_SCRYPT


def provider(*answers: str | None) -> Callable[[], str | None]:
    queue = list(answers)

    def ask() -> str | None:
        assert queue, "passphrase asked for more often than expected"
        return queue.pop(0)

    return ask


def never_asked() -> str | None:
    raise AssertionError("the passphrase must not be asked for")


class BrokenKeyring:
    """A backend that claims to work but fails on use (locked Secret Service, D-Bus gone...)."""

    priority = 5

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringError("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringError("locked")


@pytest.fixture
def open_(data_dir: Path, fake_clock: FakeClock) -> Iterator[Callable[..., Database]]:
    opened: list[Database] = []

    def _open(keyring_backend: object, ask: Callable[[], str | None], *, create: bool = False) -> Database:
        db = open_store(
            data_dir,
            keyring_backend=keyring_backend,
            passphrase_provider=ask,
            clock=fake_clock,
            create_if_missing=create,
            scrypt_params=FAST_SCRYPT,
            actor_id="m1",
        )
        opened.append(db)
        return db

    yield _open
    for db in opened:
        db.close()


def _manager(data_dir: Path, backend: object, clock: FakeClock) -> KeyManager:
    return KeyManager(data_dir, backend, clock=clock, scrypt_params=FAST_SCRYPT)


def _actions(db: Database, clock: FakeClock) -> list[str]:
    return [e.action for e in AuditLog(db, clock).list(action="key").result()]


def _all_bytes(directory: Path) -> list[tuple[Path, bytes]]:
    return [(p, p.read_bytes()) for p in directory.rglob("*") if p.is_file()]


def _database_id(db: Database) -> str:
    return str(db.call(lambda c: c.execute("SELECT value FROM meta WHERE key='database_id'").fetchone()[0]))


# -- creation ----------------------------------------------------------------------------------------


def test_create_stores_key_in_keyring_and_recovery_file(
    open_: Callable[..., Database], data_dir: Path, memory_keyring: object, fake_clock: FakeClock
) -> None:
    db = open_(memory_keyring, provider(PASSPHRASE), create=True)
    database_id = _database_id(db)
    assert db.path == data_dir / DATABASE_FILENAME
    assert list(memory_keyring.secrets) == [("dripos-terminal", f"database:{database_id}")]  # type: ignore[attr-defined]
    recovery = data_dir / RECOVERY_FILENAME
    assert stat.S_IMODE(recovery.stat().st_mode) == 0o600
    doc = json.loads(recovery.read_text())
    assert doc["database_id"] == database_id
    assert doc["kdf"] | {"salt": None} == {"name": "scrypt", "n": 2**10, "r": 8, "p": 1, "salt": None}
    assert doc["cipher"]["name"] == "AES-256-GCM"
    # the key itself appears nowhere on disk
    key = _manager(data_dir, memory_keyring, fake_clock).key_from_keyring(database_id)
    assert key is not None
    for path, data in _all_bytes(data_dir):
        assert key not in data and key.hex().encode() not in data, path
    assert not list(data_dir.glob("*.new*")) and not list(data_dir.glob(".*.tmp"))
    assert _actions(db, fake_clock) == [audit_actions.KEY_CREATED]


def test_missing_database_without_create(open_: Callable[..., Database], memory_keyring: object) -> None:
    with pytest.raises(DatabaseMissing):
        open_(memory_keyring, never_asked)


def test_create_needs_a_passphrase(
    open_: Callable[..., Database], data_dir: Path, memory_keyring: object
) -> None:
    with pytest.raises(KeyUnavailable) as info:
        open_(memory_keyring, provider(None), create=True)
    assert "recovery passphrase" in info.value.user_message
    with pytest.raises(WeakPassphrase):
        open_(memory_keyring, provider("short"), create=True)
    assert not (data_dir / DATABASE_FILENAME).exists()
    assert not (data_dir / RECOVERY_FILENAME).exists()
    assert memory_keyring.secrets == {}  # type: ignore[attr-defined]


def test_reopen_uses_keyring_without_asking(
    open_: Callable[..., Database], memory_keyring: object, fake_clock: FakeClock
) -> None:
    open_(memory_keyring, provider(PASSPHRASE), create=True).close()
    db = open_(memory_keyring, never_asked)
    assert _actions(db, fake_clock) == [audit_actions.KEY_CREATED, audit_actions.KEY_UNLOCKED_KEYRING]


# -- no usable keyring -------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring(), None, BrokenKeyring()])
def test_without_keyring_the_passphrase_unlocks_and_no_key_is_stored(
    open_: Callable[..., Database], data_dir: Path, fake_clock: FakeClock, backend: object
) -> None:
    db = open_(backend, provider(PASSPHRASE), create=True)
    database_id = _database_id(db)
    db.close()
    key = _manager(data_dir, backend, fake_clock).unwrap(
        _manager(data_dir, backend, fake_clock).read_recovery(),  # type: ignore[arg-type]
        PASSPHRASE,
    )
    for path, data in _all_bytes(data_dir):
        assert key not in data and key.hex().encode() not in data, path
    db = open_(backend, provider(PASSPHRASE))
    assert _database_id(db) == database_id
    assert _actions(db, fake_clock) == [audit_actions.KEY_CREATED, audit_actions.KEY_UNLOCKED_PASSPHRASE]


def test_keyring_usable(memory_keyring: object) -> None:
    assert keyring_usable(memory_keyring)
    assert not keyring_usable(fail.Keyring())
    assert not keyring_usable(null.Keyring())
    assert not keyring_usable(None)


# -- passphrase unlock -------------------------------------------------------------------------------


def test_lost_keyring_entry_unlocks_with_passphrase_and_restores_it(
    open_: Callable[..., Database], memory_keyring: object, fake_clock: FakeClock
) -> None:
    open_(memory_keyring, provider(PASSPHRASE), create=True).close()
    fresh = type(memory_keyring)()  # e.g. the till's OS profile was rebuilt
    db = open_(fresh, provider(PASSPHRASE))
    assert fresh.secrets == memory_keyring.secrets  # type: ignore[attr-defined]
    assert _actions(db, fake_clock)[-2:] == [
        audit_actions.KEY_UNLOCKED_PASSPHRASE,
        audit_actions.KEY_STORED_IN_KEYRING,
    ]
    db.close()
    open_(fresh, never_asked).close()


def test_wrong_passphrase(open_: Callable[..., Database], data_dir: Path, memory_keyring: object) -> None:
    open_(memory_keyring, provider(PASSPHRASE), create=True).close()
    before = _all_bytes(data_dir)
    with pytest.raises(WrongPassphrase) as info:
        open_(fail.Keyring(), provider("not the passphrase"))
    assert isinstance(info.value, StoreEnvironmentError)
    assert "not correct" in info.value.user_message
    assert _all_bytes(data_dir) == before


def test_no_passphrase_given(open_: Callable[..., Database], memory_keyring: object) -> None:
    open_(memory_keyring, provider(PASSPHRASE), create=True).close()
    with pytest.raises(KeyUnavailable) as info:
        open_(fail.Keyring(), provider(None))
    assert "recovery passphrase" in info.value.user_message


def test_stale_keyring_key_falls_back_to_passphrase_and_is_replaced(
    open_: Callable[..., Database], memory_keyring: object, fake_clock: FakeClock
) -> None:
    db = open_(memory_keyring, provider(PASSPHRASE), create=True)
    entry = ("dripos-terminal", f"database:{_database_id(db)}")
    good = memory_keyring.secrets[entry]  # type: ignore[attr-defined]
    db.close()
    memory_keyring.secrets[entry] = "v1:" + "00" * 32  # type: ignore[attr-defined]
    open_(memory_keyring, provider(PASSPHRASE)).close()
    assert memory_keyring.secrets[entry] == good  # type: ignore[attr-defined]


def test_recovery_copy_is_bound_to_its_database_id(
    open_: Callable[..., Database], data_dir: Path, memory_keyring: object
) -> None:
    open_(memory_keyring, provider(PASSPHRASE), create=True).close()
    recovery = data_dir / RECOVERY_FILENAME
    doc = json.loads(recovery.read_text())
    doc["database_id"] = "0" * 32
    recovery.write_text(json.dumps(doc))
    with pytest.raises(WrongPassphrase):
        open_(fail.Keyring(), provider(PASSPHRASE))


def test_damaged_recovery_file(
    open_: Callable[..., Database], data_dir: Path, memory_keyring: object
) -> None:
    open_(memory_keyring, provider(PASSPHRASE), create=True).close()
    (data_dir / RECOVERY_FILENAME).write_text("{not json")
    with pytest.raises(RecoveryFileDamaged) as info:
        open_(memory_keyring, never_asked)
    assert "damaged: it is not valid JSON" in info.value.user_message


# -- an existing database never gets a new key -------------------------------------------------------


@pytest.mark.parametrize("create", [False, True])
def test_existing_database_with_missing_key_is_never_rekeyed_or_replaced(
    open_: Callable[..., Database], data_dir: Path, memory_keyring: object, create: bool
) -> None:
    open_(memory_keyring, provider(PASSPHRASE), create=True).close()
    (data_dir / RECOVERY_FILENAME).unlink()
    before = _all_bytes(data_dir)
    empty = type(memory_keyring)()
    with pytest.raises(KeyUnavailable) as info:
        open_(empty, provider(PASSPHRASE), create=create)
    assert "key.recovery.json" in info.value.user_message
    assert _all_bytes(data_dir) == before
    assert empty.secrets == {}


# -- changing the passphrase -------------------------------------------------------------------------


def test_change_passphrase_with_old_passphrase(
    open_: Callable[..., Database], data_dir: Path, memory_keyring: object, fake_clock: FakeClock
) -> None:
    db = open_(memory_keyring, provider(PASSPHRASE), create=True)
    keys = _manager(data_dir, memory_keyring, fake_clock)
    with pytest.raises(WrongPassphrase):
        change_recovery_passphrase(
            db,
            keys,
            old_passphrase="wrong passphrase",
            new_passphrase="a brand new one",
            clock=fake_clock,
            actor_id="m1",
        )
    change_recovery_passphrase(
        db, keys, old_passphrase=PASSPHRASE, new_passphrase="a brand new one", clock=fake_clock, actor_id="m1"
    )
    assert _actions(db, fake_clock)[-1] == audit_actions.KEY_PASSPHRASE_CHANGED
    db.close()
    with pytest.raises(WrongPassphrase):
        open_(fail.Keyring(), provider(PASSPHRASE))
    open_(fail.Keyring(), provider("a brand new one")).close()


def test_change_passphrase_via_keyring_checks_the_key(
    open_: Callable[..., Database], data_dir: Path, memory_keyring: object, fake_clock: FakeClock
) -> None:
    db = open_(memory_keyring, provider(PASSPHRASE), create=True)
    keys = _manager(data_dir, memory_keyring, fake_clock)
    entry = ("dripos-terminal", f"database:{_database_id(db)}")
    good = memory_keyring.secrets[entry]  # type: ignore[attr-defined]
    memory_keyring.secrets[entry] = "v1:" + "11" * 32  # type: ignore[attr-defined]
    before = (data_dir / RECOVERY_FILENAME).read_bytes()
    with pytest.raises(WrongKey):
        keys.change_passphrase(None, "a brand new one")
    assert (data_dir / RECOVERY_FILENAME).read_bytes() == before
    memory_keyring.secrets[entry] = good  # type: ignore[attr-defined]
    change_recovery_passphrase(
        db, keys, old_passphrase=None, new_passphrase="a brand new one", clock=fake_clock, actor_id="m1"
    )
    db.close()
    open_(fail.Keyring(), provider("a brand new one")).close()
    with pytest.raises(WeakPassphrase):
        keys.change_passphrase(None, "tiny")


# -- pieces ------------------------------------------------------------------------------------------


def test_default_scrypt_cost_is_documented() -> None:
    assert ScryptParams(n=2**17, r=8, p=1) == DEFAULT_SCRYPT
    assert DEFAULT_SCRYPT.maxmem > 128 * 8 * 2**17


def test_atomic_write(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    target.write_text("old")
    target.chmod(0o644)
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]


def test_recovery_file_repr_has_no_secret(
    data_dir: Path, fake_clock: FakeClock, memory_keyring: object
) -> None:
    keys = _manager(data_dir, memory_keyring, fake_clock)
    keys.write_recovery("0123456789abcdef" * 2, bytes(32), PASSPHRASE)
    recovery = keys.read_recovery()
    assert recovery is not None
    assert "wrapped" not in repr(recovery) and "salt" not in repr(recovery)
    assert keys.unwrap(recovery, PASSPHRASE) == bytes(32)
