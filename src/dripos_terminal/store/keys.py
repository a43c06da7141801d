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
Nothing here logs, prints or puts a key or a passphrase into an exception.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import logging
import os
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from keyring.errors import KeyringError

from dripos_terminal.clock import Clock
from dripos_terminal.store import audit as audit_actions
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.database import KEY_BYTES, Database
from dripos_terminal.store.errors import (
    DatabaseMissing,
    KeyUnavailable,
    StoreBug,
    WeakPassphrase,
    WrongKey,
    WrongPassphrase,
)
from dripos_terminal.store.migrations import iso_utc

log = logging.getLogger("dripos_terminal.store")

DATABASE_FILENAME = "dripos.db"
RECOVERY_FILENAME = "key.recovery.json"
KEYRING_SERVICE = "dripos-terminal"
MIN_PASSPHRASE_LENGTH = 10

_FORMAT = "dripos-terminal/key-recovery"
_FORMAT_VERSION = 1
_KEYRING_PREFIX = "v1:"

PassphraseProvider = Callable[[], "str | None"]


@dataclass(frozen=True, slots=True)
class ScryptParams:
    """scrypt cost. Memory is about 128 * r * n bytes."""

    n: int = 2**17
    r: int = 8
    p: int = 1

    @property
    def maxmem(self) -> int:
        return 128 * self.r * (self.n + 2) + 128 * self.r * self.p + (1 << 20)


DEFAULT_SCRYPT = ScryptParams()


@dataclass(frozen=True, slots=True)
class RecoveryFile:
    """The parsed `key.recovery.json` (no secret in clear: the key is wrapped)."""

    database_id: str
    salt: bytes
    params: ScryptParams
    nonce: bytes
    wrapped: bytes
    created_at: str
    updated_at: str

    def __repr__(self) -> str:
        return f"RecoveryFile(database_id={self.database_id!r}, params={self.params!r})"


# -- helpers ---------------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("expected base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _aad(database_id: str) -> bytes:
    return f"{_FORMAT}/v{_FORMAT_VERSION}/{database_id}".encode()


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
    nonce = secrets.token_bytes(12)
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
        """The recovery file, None if absent; `KeyUnavailable` if it is damaged."""
        try:
            raw = self.recovery_path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            doc = json.loads(raw)
            if doc.get("format") != _FORMAT or doc.get("version") != _FORMAT_VERSION:
                raise ValueError("unknown recovery file format")
            kdf = doc["kdf"]
            if kdf.get("name") != "scrypt" or doc["cipher"].get("name") != "AES-256-GCM":
                raise ValueError("unknown algorithm")
            return RecoveryFile(
                database_id=str(doc["database_id"]),
                salt=_unb64(kdf["salt"]),
                params=ScryptParams(n=int(kdf["n"]), r=int(kdf["r"]), p=int(kdf["p"])),
                nonce=_unb64(doc["cipher"]["nonce"]),
                wrapped=_unb64(doc["wrapped_key"]),
                created_at=str(doc.get("created_at", "")),
                updated_at=str(doc.get("updated_at", "")),
            )
        except (ValueError, KeyError, TypeError, AttributeError, binascii.Error) as exc:
            raise KeyUnavailable(
                f"recovery file unreadable: {type(exc).__name__}",
                user_message=(
                    "The recovery copy of the database key (key.recovery.json) is damaged. "
                    "Nothing has been changed; restore it from a backup or contact support."
                ),
            ) from None

    def write_recovery(
        self, database_id: str, key: bytes, passphrase: str, *, created_at: str | None = None
    ) -> None:
        """Wrap `key` under `passphrase` and write the recovery file atomically."""
        check_passphrase(passphrase)
        salt = secrets.token_bytes(16)
        wrapping = _derive(passphrase, salt, self._params)
        nonce, wrapped = seal(wrapping, key, _aad(database_id))
        now = iso_utc(self._clock.now())
        doc = {
            "format": _FORMAT,
            "version": _FORMAT_VERSION,
            "database_id": database_id,
            "kdf": {
                "name": "scrypt",
                "n": self._params.n,
                "r": self._params.r,
                "p": self._params.p,
                "salt": _b64(salt),
            },
            "cipher": {"name": "AES-256-GCM", "nonce": _b64(nonce)},
            "wrapped_key": _b64(wrapped),
            "created_at": created_at or now,
            "updated_at": now,
        }
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(self.recovery_path, (json.dumps(doc, indent=2, sort_keys=True) + "\n").encode())

    def unwrap(self, recovery: RecoveryFile, passphrase: str) -> bytes:
        """The key from the recovery copy; `WrongPassphrase` if the passphrase does not open it."""
        wrapping = _derive(passphrase, recovery.salt, recovery.params)
        try:
            key = unseal(wrapping, recovery.nonce, recovery.wrapped, _aad(recovery.database_id))
        except InvalidTag:
            raise WrongPassphrase("recovery passphrase rejected") from None
        if len(key) != KEY_BYTES:
            raise KeyUnavailable("recovery copy holds a key of the wrong length")
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


_NO_RECOVERY_FILE = (
    "The key for this till's encrypted database is not in the system keyring, and the recovery file "
    "(key.recovery.json) is missing from the data folder. Nothing has been changed. Restore that file "
    "from a backup, then unlock with the recovery passphrase, or contact support."
)
_PASSPHRASE_NEEDED_TO_CREATE = (
    "Setting up the till's encrypted database needs a recovery passphrase chosen by a manager. "
    "Nothing has been created."
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
) -> Database:
    """Open (or create) the till's database in `data_dir`, finding its key.

    Existing database: keyring key first; if absent or stale, `passphrase_provider()` once and
    unwrap the recovery copy (then put the key back into the keyring when one is usable). Raises
    `KeyUnavailable` (no key, no passphrase, or no recovery file), `WrongPassphrase` (call again to
    retry), or any `Database.open` error.

    Missing database: `DatabaseMissing` unless `create_if_missing`; then a passphrase is required,
    a new key is made, and the database is built under a temporary name and moved into place only
    after the recovery copy (and keyring entry) exist, so a crash never leaves a keyless database.
    """
    keys = KeyManager(data_dir, keyring_backend, clock=clock, scrypt_params=scrypt_params)
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


def _create(
    keys: KeyManager, passphrase_provider: PassphraseProvider, clock: Clock, actor_id: str | None
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
    # A recovery file without a database may belong to a database that was lost or moved away:
    # keep it (key material is never deleted) under a name that says which database it opens.
    if keys.recovery_path.exists():
        try:
            old = keys.read_recovery()
        except KeyUnavailable:
            old = None
        suffix = old.database_id if old else secrets.token_hex(4)
        orphan = keys.recovery_path.with_name(f"key.recovery.{suffix}.orphaned.json")
        os.replace(keys.recovery_path, orphan)
        log.warning("kept a recovery file with no database as %s", orphan.name)

    key = secrets.token_bytes(KEY_BYTES)
    database_id = secrets.token_hex(16)
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
        AuditLog(db, clock).record(
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
