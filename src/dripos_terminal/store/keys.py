"""The database key: random, 256-bit, raw; kept in the OS keyring plus a passphrase-wrapped copy.

* The key is `secrets.token_bytes(32)`, used as a raw SQLCipher key (no KDF on open).
* The OS keyring holds it (service `dripos-terminal`, username `database:<database_id>`). The backend
  is injected; production passes `keyring.get_keyring()`. A backend that cannot store secrets (the
  `fail` backend, priority <= 0, or `KeyringError` on use) is treated as absent, and the key is then
  never written anywhere in plaintext.
* A recovery copy, `key.recovery.json` next to the database, wraps the key with AES-256-GCM under a
  key derived by scrypt from a manager passphrase (random 16-byte salt). The AAD binds the copy to
  the format version and the database id. Default scrypt cost n=2**17, r=8, p=1 (128 MiB, ~0.5 s):
  OWASP's recommendation; tests pass cheaper `ScryptParams`. The parameters are stored in the file,
  so they can be raised later (a passphrase change rewraps with the current defaults).
* The file is written atomically (Electrum `storage.py`): a 0600 temp file, fsync, `os.replace`,
  fsync of the directory.

`open_store` is the whole start-up decision tree. Its rule of rules: an existing database whose key
cannot be found never gets a new key, and its file is never replaced; the answer is `KeyUnavailable`.
Likewise a lost database (missing beside its recovery file, or an empty 0-byte file) is reported
(`DatabaseLost`, `DatabaseEmpty`) and replaced only on a manager's explicit decision, confirmed
with the recovery passphrase (`start_new=True`). The recovery file is parsed strictly
(`parse_recovery`): a field of the wrong type, out of range or missing is a `RecoveryFileDamaged`
naming it. Nothing here logs, prints or puts a key or a passphrase into an exception.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import secrets
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlcipher3
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from keyring.errors import KeyringError

from dripos_terminal.clock import Clock
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.ids import new_id
from dripos_terminal.store import audit as audit_actions
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.database import KEY_BYTES, Database, is_empty_database
from dripos_terminal.store.errors import (
    DatabaseEmpty,
    DatabaseLost,
    DatabaseMissing,
    KeyUnavailable,
    RecoveryFileDamaged,
    StoreBug,
    StoreEnvironmentError,
    WeakPassphrase,
    WrongKey,
    WrongPassphrase,
)
from dripos_terminal.store.migrations import iso_utc
from dripos_terminal.store.recovery_file import (
    DEFAULT_SCRYPT,
    MAX_RECOVERY_BYTES,
    NONCE_BYTES,
    RecoveryFile,
    ScryptParams,
    aad_for,
    parse_recovery,
)

log = logging.getLogger("dripos_terminal.store")

DATABASE_FILENAME = "dripos.db"
RECOVERY_FILENAME = "key.recovery.json"
KEYRING_SERVICE = "dripos-terminal"
MIN_PASSPHRASE_LENGTH = 10

_KEYRING_PREFIX = "v1:"

PassphraseProvider = Callable[[], "str | None"]


# -- helpers ---------------------------------------------------------------------------------------


def _normalize_passphrase(passphrase: str) -> bytes:
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _derive(passphrase: str, salt: bytes, params: ScryptParams) -> bytes:
    return hashlib_scrypt(_normalize_passphrase(passphrase), salt, params)


def hashlib_scrypt(secret: bytes, salt: bytes, params: ScryptParams) -> bytes:
    return hashlib.scrypt(
        secret, salt=salt, n=params.n, r=params.r, p=params.p, maxmem=params.maxmem, dklen=32
    )


def seal(key: bytes, plaintext: bytes, aad: bytes) -> tuple[bytes, bytes]:
    """AES-256-GCM under `key` with a fresh 96-bit nonce: (nonce, ciphertext+tag). The one sealing
    used for the recovery copy of the database key and for secrets kept inside the store."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce, AESGCM(key).encrypt(nonce, plaintext, aad)


def unseal(key: bytes, nonce: bytes, sealed: bytes, aad: bytes) -> bytes:
    """The plaintext of `seal`; raises `cryptography.exceptions.InvalidTag` for a wrong key or AAD."""
    return AESGCM(key).decrypt(nonce, sealed, aad)


def fsync_dir(directory: Path) -> None:
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(directory, flags)
    except OSError:  # pragma: no cover - platforms that cannot open directories (Windows)
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - file systems that refuse directory fsync
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so a crash leaves either the old file or the new one, mode 0600."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def keyring_usable(backend: Any) -> bool:
    """False for no backend, keyring's `fail`/`null` backends, or any backend of priority <= 0."""
    if backend is None:
        return False
    from keyring.backends import fail

    if isinstance(backend, fail.Keyring):
        return False
    try:
        priority = float(backend.priority)
    except Exception:  # a backend's priority property may itself probe the system and fail
        return False
    return priority > 0


def verify_key(path: Path, key: bytes) -> bool:
    """True if `key` opens the database at `path` (a short-lived read-only connection)."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        conn = sqlcipher3.connect(uri, uri=True, isolation_level=None)
    except sqlcipher3.Error:
        return False
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.Error:
        return False
    finally:
        conn.close()
    return True


# -- the key manager -------------------------------------------------------------------------------


class KeyManager:
    """Key storage for one data directory: keyring entry + recovery file."""

    def __init__(
        self,
        data_dir: Path,
        keyring_backend: Any,
        *,
        clock: Clock,
        scrypt_params: ScryptParams = DEFAULT_SCRYPT,
        service: str = KEYRING_SERVICE,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.database_path = self.data_dir / DATABASE_FILENAME
        self.recovery_path = self.data_dir / RECOVERY_FILENAME
        self._keyring = keyring_backend
        self._clock = clock
        self._params = scrypt_params
        self._service = service

    # keyring -------------------------------------------------------------------------------------

    @property
    def scrypt_params(self) -> ScryptParams:
        return self._params

    @property
    def keyring_usable(self) -> bool:
        return keyring_usable(self._keyring)

    @staticmethod
    def _username(database_id: str) -> str:
        return f"database:{database_id}"

    def key_from_keyring(self, database_id: str) -> bytes | None:
        if not self.keyring_usable:
            return None
        try:
            stored = self._keyring.get_password(self._service, self._username(database_id))
        except KeyringError as exc:
            log.warning("keyring read failed: %s", type(exc).__name__)
            return None
        if not stored:
            return None
        try:
            if not stored.startswith(_KEYRING_PREFIX):
                raise ValueError("unknown keyring entry format")
            key = bytes.fromhex(stored[len(_KEYRING_PREFIX) :])
        except ValueError:
            log.warning("ignoring a malformed keyring entry for database %s", database_id)
            return None
        if len(key) != KEY_BYTES:
            log.warning("ignoring a keyring entry of the wrong length for database %s", database_id)
            return None
        return key

    def store_in_keyring(self, database_id: str, key: bytes) -> bool:
        """Put the key in the keyring; False (and nothing stored anywhere) if there is no usable one."""
        if not self.keyring_usable:
            return False
        try:
            self._keyring.set_password(
                self._service, self._username(database_id), _KEYRING_PREFIX + key.hex()
            )
        except KeyringError as exc:
            log.warning("keyring write failed: %s", type(exc).__name__)
            return False
        return True

    # recovery file -----------------------------------------------------------------------------

    def read_recovery(self) -> RecoveryFile | None:
        """The recovery file, None if absent; `RecoveryFileDamaged` (naming the field) if unusable."""
        try:
            with self.recovery_path.open("rb") as handle:
                raw = handle.read(MAX_RECOVERY_BYTES + 1)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise RecoveryFileDamaged(f"it cannot be read ({exc.strerror or type(exc).__name__})") from None
        return parse_recovery(raw)

    def write_recovery(
        self, database_id: str, key: bytes, passphrase: str, *, created_at: str | None = None
    ) -> None:
        """Wrap `key` under `passphrase` and write the recovery file atomically."""
        check_passphrase(passphrase)
        salt = secrets.token_bytes(16)
        wrapping = _derive(passphrase, salt, self._params)
        nonce, wrapped = seal(wrapping, key, aad_for(database_id))
        now = iso_utc(self._clock.now())
        recovery = RecoveryFile(database_id, salt, self._params, nonce, wrapped, created_at or now, now)
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(self.recovery_path, recovery.to_bytes())

    def unwrap(self, recovery: RecoveryFile, passphrase: str) -> bytes:
        """The key from the recovery copy; `WrongPassphrase` if the passphrase does not open it."""
        try:
            wrapping = _derive(passphrase, recovery.salt, recovery.params)
            key = unseal(wrapping, recovery.nonce, recovery.wrapped, recovery.aad)
        except InvalidTag:
            raise WrongPassphrase("recovery passphrase rejected") from None
        except (ValueError, MemoryError) as exc:  # parse_recovery bounds every field; this is the backstop
            raise RecoveryFileDamaged(f"its parameters cannot be used ({type(exc).__name__})") from None
        if len(key) != KEY_BYTES:
            raise RecoveryFileDamaged("it holds a key of the wrong length")
        return key

    def change_passphrase(self, old_passphrase: str | None, new_passphrase: str) -> str:
        """Rewrap the key under `new_passphrase`; returns the database id.

        The key comes from the old passphrase, or (when `old_passphrase` is None) from the keyring,
        and is checked against the database before the old recovery copy is replaced.
        """
        check_passphrase(new_passphrase)
        recovery = self.read_recovery()
        if recovery is None:
            raise KeyUnavailable("no recovery file to rewrap")
        if old_passphrase is not None:
            key = self.unwrap(recovery, old_passphrase)
        else:
            found = self.key_from_keyring(recovery.database_id)
            if found is None:
                raise KeyUnavailable("no key in the keyring; the current passphrase is needed")
            key = found
        if not verify_key(self.database_path, key):
            raise WrongKey("the key to rewrap does not open the database; recovery copy left unchanged")
        self.write_recovery(recovery.database_id, key, new_passphrase, created_at=recovery.created_at)
        return recovery.database_id


def check_passphrase(passphrase: str) -> None:
    if len(unicodedata.normalize("NFC", passphrase).strip()) < MIN_PASSPHRASE_LENGTH:
        raise WeakPassphrase("recovery passphrase too short")


# -- start-up ----------------------------------------------------------------------------------------


_NO_RECOVERY_FILE = QT_TRANSLATE_NOOP(
    "StoreError",
    "The key for this till's encrypted database is not in the system keyring, and the recovery file "
    "(key.recovery.json) is missing from the data folder. Nothing has been changed. Restore that file "
    "from a backup, then unlock with the recovery passphrase, or contact support.",
)
_PASSPHRASE_NEEDED_TO_CREATE = QT_TRANSLATE_NOOP(
    "StoreError",
    "Setting up the till's encrypted database needs a recovery passphrase chosen by a manager. "
    "Nothing has been created.",
)
_EMPTY_WITHOUT_RECOVERY_FILE = QT_TRANSLATE_NOOP(
    "StoreError",
    "The till's database file (dripos.db) is empty (0 bytes), and the recovery file (key.recovery.json) "
    "is missing from the data folder. Nothing has been changed. Restore both from a backup, or contact "
    "support.",
)
_NOTHING_TO_REPLACE = QT_TRANSLATE_NOOP(
    "StoreError",
    "The till's database is in its place again, so nothing was replaced. Quit and start the till again.",
)
_PASSPHRASE_TO_START_NEW = QT_TRANSLATE_NOOP(
    "StoreError", "Type the recovery passphrase to start a new, empty till database."
)


def open_store(
    data_dir: Path,
    *,
    keyring_backend: Any,
    passphrase_provider: PassphraseProvider,
    clock: Clock,
    create_if_missing: bool,
    scrypt_params: ScryptParams = DEFAULT_SCRYPT,
    actor_id: str | None = None,
    start_new: bool = False,
) -> Database:
    """Open (or create) the till's database in `data_dir`, finding its key.

    Existing database: keyring key first; if absent or stale, `passphrase_provider()` once and
    unwrap the recovery copy (then put the key back into the keyring when one is usable). Raises
    `KeyUnavailable` (no key, no passphrase, or no recovery file), `WrongPassphrase` (call again to
    retry), `RecoveryFileDamaged`, or any `Database.open` error (`DatabaseDamaged`, ...).

    Missing database, no recovery file (a first run): `DatabaseMissing` unless `create_if_missing`;
    then a passphrase is required, a new key is made, and the database is built under a temporary
    name and moved into place only after the recovery copy (and keyring entry) exist, so a crash
    never leaves a keyless database.

    Lost database (missing while its recovery file is here, or an empty 0-byte file): `DatabaseLost`
    / `DatabaseEmpty`, and nothing is touched. Only `start_new=True` - a manager's decision on the
    recovery screen - replaces it: the passphrase from `passphrase_provider()` must open the old
    recovery copy, the empty file is set aside, the old recovery file is kept under its database id,
    and a new database with a new key is made (audited under the id it replaces).
    """
    keys = KeyManager(data_dir, keyring_backend, clock=clock, scrypt_params=scrypt_params)
    lost = _lost_database(keys)
    if start_new:
        if lost is None:
            raise StoreEnvironmentError("no lost database to replace", user_message=_NOTHING_TO_REPLACE)
        return _start_new(keys, lost, passphrase_provider, clock, actor_id)
    if lost is not None:
        raise lost
    if not keys.database_path.exists():
        if not create_if_missing:
            raise DatabaseMissing(f"no database in {data_dir}")
        return _create(keys, passphrase_provider, clock, actor_id)

    recovery = keys.read_recovery()
    if recovery is not None:
        key = keys.key_from_keyring(recovery.database_id)
        if key is not None:
            try:
                db = Database.open(keys.database_path, key, clock=clock)
            except WrongKey:
                log.warning("the keyring's key does not open the database; trying the recovery passphrase")
            else:
                AuditLog(db, clock).record(
                    actor_id, audit_actions.KEY_UNLOCKED_KEYRING, recovery.database_id
                ).result()
                return db
    if recovery is None:
        raise KeyUnavailable("no keyring key and no recovery file", user_message=_NO_RECOVERY_FILE)

    passphrase = passphrase_provider()
    if not passphrase:
        raise KeyUnavailable("no keyring key and no recovery passphrase given")
    key = keys.unwrap(recovery, passphrase)
    db = Database.open(keys.database_path, key, clock=clock)
    try:
        stored = keys.store_in_keyring(recovery.database_id, key)
        audit = AuditLog(db, clock)
        audit.record(
            actor_id,
            audit_actions.KEY_UNLOCKED_PASSPHRASE,
            recovery.database_id,
            {"keyring": keys.keyring_usable},
        ).result()
        if stored:
            audit.record(actor_id, audit_actions.KEY_STORED_IN_KEYRING, recovery.database_id).result()
    except BaseException:
        db.close()
        raise
    return db


def _lost_database(keys: KeyManager) -> DatabaseLost | None:
    """Why the database cannot be opened nor created without a decision; None when it can be.

    A damaged recovery file is reported as such first (`RecoveryFileDamaged`): it decides what a
    manager can do next.
    """
    recovery_present = keys.recovery_path.exists()
    if recovery_present:
        keys.read_recovery()
    if keys.database_path.exists():
        if not is_empty_database(keys.database_path):
            return None
        if recovery_present:
            return DatabaseEmpty(f"{DATABASE_FILENAME} is an empty file")
        return DatabaseEmpty(
            f"{DATABASE_FILENAME} is empty and there is no recovery file",
            user_message=_EMPTY_WITHOUT_RECOVERY_FILE,
        )
    if recovery_present:
        return DatabaseLost(f"{DATABASE_FILENAME} is missing but {RECOVERY_FILENAME} is present")
    return None


def _start_new(
    keys: KeyManager,
    lost: DatabaseLost,
    passphrase_provider: PassphraseProvider,
    clock: Clock,
    actor_id: str | None,
) -> Database:
    """The manager's decision: a new, empty database in place of a lost one (see `open_store`)."""
    recovery = keys.read_recovery()
    if recovery is None:
        raise lost  # no recovery file: no passphrase to prove who decides; nothing is replaced
    passphrase = passphrase_provider()
    if not passphrase:
        raise KeyUnavailable("no passphrase to confirm a new database", user_message=_PASSPHRASE_TO_START_NEW)
    keys.unwrap(recovery, passphrase)  # WrongPassphrase: nothing has been touched
    reason = "empty" if isinstance(lost, DatabaseEmpty) else "missing"
    if reason == "empty":
        _set_aside_empty(keys.database_path, clock)
    return _create(keys, lambda: passphrase, clock, actor_id, replaces=(recovery.database_id, reason))


def _set_aside_empty(path: Path, clock: Clock) -> None:
    """Move the 0-byte database aside (kept as evidence) and drop its empty WAL and shared-memory index."""
    if not is_empty_database(path):  # pragma: no cover - it changed under us; never move data
        raise StoreBug("the database file is no longer empty; refusing to move it")
    stamp = clock.now().strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.empty-{stamp}-{secrets.token_hex(2)}")
    os.rename(path, aside)
    for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
    fsync_dir(path.parent)
    log.warning("an empty database file was set aside as %s by a manager's decision", aside.name)


def _create(
    keys: KeyManager,
    passphrase_provider: PassphraseProvider,
    clock: Clock,
    actor_id: str | None,
    *,
    replaces: tuple[str, str] | None = None,
) -> Database:
    passphrase = passphrase_provider()
    if not passphrase:
        raise KeyUnavailable("no passphrase for a new database", user_message=_PASSPHRASE_NEEDED_TO_CREATE)
    check_passphrase(passphrase)
    final = keys.database_path
    staging = final.with_name(final.name + ".new")
    # Leftovers of an interrupted setup never held data: the file only moves into place when complete.
    for leftover in (staging, Path(f"{staging}-wal"), Path(f"{staging}-shm"), Path(f"{staging}-journal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    # Only after a manager's decision (`_start_new`): the old recovery file may still open a backup
    # of the lost database, so it is kept (key material is never deleted) under its database id.
    if keys.recovery_path.exists():
        try:
            old = keys.read_recovery()
        except StoreEnvironmentError:
            old = None
        suffix = old.database_id if old else secrets.token_hex(4)
        orphan = keys.recovery_path.with_name(f"key.recovery.{suffix}.orphaned.json")
        os.replace(keys.recovery_path, orphan)
        log.warning("kept a recovery file with no database as %s", orphan.name)

    key = secrets.token_bytes(KEY_BYTES)
    # Letters only, like every id of ours: hex ids sometimes hold a Luhn-valid run of 12+ digits
    # and would be masked as a card number wherever they are logged or audited.
    database_id = new_id(length=32)
    staged = Database.open(staging, key, clock=clock, create=True)
    try:
        staged.transaction(
            lambda conn: conn.execute("UPDATE meta SET value = ? WHERE key = 'database_id'", (database_id,))
        ).result()
    finally:
        staged.close()
    keys.write_recovery(database_id, key, passphrase)
    stored = keys.store_in_keyring(database_id, key)
    if final.exists():  # pragma: no cover - another process raced us; never overwrite a database
        raise StoreBug("a database appeared while creating one; refusing to replace it")
    os.replace(staging, final)
    fsync_dir(final.parent)

    db = Database.open(final, key, clock=clock)
    try:
        audit = AuditLog(db, clock)
        audit.record(
            actor_id,
            audit_actions.KEY_CREATED,
            database_id,
            {
                "keyring": stored,
                "kdf": "scrypt",
                "n": keys.scrypt_params.n,
                "r": keys.scrypt_params.r,
                "p": keys.scrypt_params.p,
            },
        ).result()
        if replaces is not None:
            old_id, reason = replaces
            details = {"reason": reason, "new_database_id": database_id}
            audit.record(actor_id, audit_actions.KEY_REPLACED_LOST_DATABASE, old_id, details).result()
    except BaseException:
        db.close()
        raise
    return db


def change_recovery_passphrase(
    db: Database,
    keys: KeyManager,
    *,
    old_passphrase: str | None,
    new_passphrase: str,
    clock: Clock,
    actor_id: str | None,
) -> None:
    """`KeyManager.change_passphrase` plus its audit entry (in the open database `db`)."""
    database_id = keys.change_passphrase(old_passphrase, new_passphrase)
    AuditLog(db, clock).record(
        actor_id,
        audit_actions.KEY_PASSPHRASE_CHANGED,
        database_id,
        {"via": "passphrase" if old_passphrase else "keyring"},
    ).result()


__all__ = [  # the scrypt cost is re-exported: callers choose it where they open the store
    "DATABASE_FILENAME",
    "DEFAULT_SCRYPT",
    "KEYRING_SERVICE",
    "MIN_PASSPHRASE_LENGTH",
    "RECOVERY_FILENAME",
    "KeyManager",
    "RecoveryFile",
    "ScryptParams",
    "atomic_write",
    "change_recovery_passphrase",
    "check_passphrase",
    "fsync_dir",
    "hashlib_scrypt",
    "keyring_usable",
    "open_store",
    "verify_key",
]
