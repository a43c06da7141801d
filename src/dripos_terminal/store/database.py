"""The SQLCipher database, owned by one thread (Electrum `sql_db.py`).

One dedicated thread opens the `sqlcipher3` connection, runs every statement, and closes it; callers
hand it callables and get `concurrent.futures.Future`s back. Nothing else ever touches the connection,
so there are no cross-thread SQLite surprises, and the GUI thread never waits on an fsync unless it
chooses to call `.result()`.

Errors raised by `sqlcipher3` inside submitted work are translated (`errors.translate_error`) into a
`StoreEnvironmentError` subclass (disk full, locked, ...) or `StoreBug`, with the original chained as
`__cause__`. Any other exception raised by the callable propagates unchanged.
"""

from __future__ import annotations

import concurrent.futures
import hmac
import logging
import os
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import sqlcipher3

from dripos_terminal.clock import Clock
from dripos_terminal.store import migrations
from dripos_terminal.store.errors import (
    CipherUnavailable,
    DatabaseDamaged,
    DatabaseEmpty,
    DatabaseMissing,
    NotADatabase,
    StoreBug,
    StoreEnvironmentError,
    StoreError,
    WrongKey,
    translate_error,
)

log = logging.getLogger("dripos_terminal.store")

T = TypeVar("T")

if TYPE_CHECKING:
    # sqlcipher3 ships no type information; its API is the stdlib `sqlite3` one, so type against that.
    from sqlite3 import Connection, Row
else:
    #: The connection type handed to submitted callables (rows are `sqlcipher3.Row`).
    Connection = sqlcipher3.Connection
    Row = sqlcipher3.Row

KEY_BYTES = 32
# Secrets kept inside the store are sealed under a key derived from the database key, never the key.
_SEALING_INFO = b"dripos-terminal/sealed-secrets/v1"
_PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"
_FILE_MODE = 0o600

# Durability (every commit fsync'd through the WAL) and secrecy (freed pages overwritten, temporary
# tables never on disk). Memory security stays OFF, on purpose: it wipes only SQLite's own freed
# memory while card numbers also live in Python strings, and costs ~0.4 ms per order commit
# (docs/threat-model.md explains the decision and what protects card data instead).
CONNECTION_PRAGMAS = (
    "synchronous=FULL",
    "foreign_keys=ON",
    "secure_delete=ON",
    "temp_store=MEMORY",
    "cipher_memory_security=OFF",
)

_Task = tuple[Callable[[Any], Any], "concurrent.futures.Future[Any]"]
_STOP = object()


def read_cipher_version(conn: Any) -> str | None:
    """`PRAGMA cipher_version`; a plain SQLite build returns no row (and silently ignores keys)."""
    row = conn.execute("PRAGMA cipher_version").fetchone()
    if row is None or row[0] is None:
        return None
    return str(row[0])


def check_cipher_version(version: str | None) -> None:
    if not version or not version.split(".", 1)[0].strip() == "4":
        raise CipherUnavailable(f"SQLCipher 4.x required; cipher_version={version!r}")


def _restrict_permissions(path: Path) -> None:
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            os.chmod(candidate, _FILE_MODE)
        except FileNotFoundError:
            continue


def _create_empty_file(path: Path) -> None:
    """Create the database file with 0600 before SQLite sees it (WAL/SHM inherit its mode)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _FILE_MODE)
    os.close(fd)


def is_empty_database(path: Path) -> bool:
    """An existing database file of 0 bytes with no write-ahead log content: it holds nothing.

    SQLite would take it for a brand-new database and build an empty one in its place; a file the
    till once wrote that is now empty is a lost database, so `Database.open` refuses it.
    """
    wal = Path(f"{path}-wal")
    try:
        return path.stat().st_size == 0 and (not wal.exists() or wal.stat().st_size == 0)
    except FileNotFoundError:
        return False


def _remove_if_empty(path: Path) -> None:
    """Undo `_create_empty_file` after a failed first open, never touching a file with content."""
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    try:
        if path.stat().st_size != 0 or (wal.exists() and wal.stat().st_size != 0):
            return
        for candidate in (wal, shm, path):
            candidate.unlink(missing_ok=True)
    except OSError:  # pragma: no cover - best effort
        pass


def _classify_unreadable(path: Path) -> StoreEnvironmentError:
    """Key verification failed: tell a wrong key from a file that was never ours."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(len(_PLAIN_SQLITE_HEADER))
    except OSError as exc:  # pragma: no cover - raced with deletion
        return StoreEnvironmentError(f"cannot read database file: {type(exc).__name__}")
    if head == _PLAIN_SQLITE_HEADER:
        return NotADatabase("plain (unencrypted) SQLite file; refusing to use it")
    if size % 512 != 0:
        return NotADatabase("file size is not a whole number of pages")
    return WrongKey("key verification failed (wrong key or damaged file)")


def _check_integrity(conn: Any) -> None:
    """Every page's HMAC, checked once at open: a damaged page is found now, not mid-shift.

    Reads the whole file; a till's database is a few megabytes, so this costs milliseconds.
    """
    try:
        problems = [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
    except sqlcipher3.DatabaseError as exc:
        raise translate_error(exc) from exc
    if problems:
        more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
        detail = f"{problems[0]}{more}"
        raise DatabaseDamaged(
            f"integrity check failed: {detail}",
            user_message=f"{DatabaseDamaged.default_user_message} (Details for support: {detail}.)",
        )


class Database:
    """An open, migrated SQLCipher database. Build it with `Database.open`."""

    def __init__(self, path: Path, *, clock: Clock) -> None:
        # Use `open`; the constructor only prepares the owner thread.
        self.path = path
        self._clock = clock
        self._queue: queue.SimpleQueue[_Task | object] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self._conn: Any = None
        self._sealing_key = b""
        self._thread = threading.Thread(target=self._run, name=f"dripos-store:{path.name}", daemon=True)

    # -- construction ------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, key: bytes, *, clock: Clock, create: bool = False) -> Database:
        """Open (and with `create=True`, create) the database at `path`, then migrate it.

        Raises `DatabaseMissing`, `DatabaseEmpty` (an existing 0-byte file is never built upon),
        `CipherUnavailable`, `WrongKey`, `NotADatabase`, `DatabaseDamaged` (a page fails
        `PRAGMA cipher_integrity_check`), `DatabaseTooNew`, `DatabaseLocked`, `DiskFull`, `ReadOnly`
        (all `StoreEnvironmentError`) or `StoreBug`.
        """
        if not isinstance(key, bytes | bytearray) or len(key) != KEY_BYTES:
            raise StoreBug("database key must be exactly 32 raw bytes")
        path = Path(path)
        created = False
        if not path.exists():
            if not create:
                raise DatabaseMissing(f"no database at {path}")
            _create_empty_file(path)
            created = True
        elif is_empty_database(path):
            raise DatabaseEmpty(f"{path.name} is an empty file")
        db = cls(path, clock=clock)
        db._thread.start()
        try:
            db.call(lambda _conn: db._connect(bytes(key)))
            db.call(lambda conn: migrations.migrate(conn, clock))
        except BaseException:
            db.close()
            if created:
                _remove_if_empty(path)
            raise
        _restrict_permissions(path)
        db._sealing_key = hmac.digest(bytes(key), _SEALING_INFO, "sha256")
        return db

    def _connect(self, key: bytes) -> None:
        """Runs on the owner thread: open, key, verify, tune."""
        conn = sqlcipher3.connect(str(self.path), isolation_level=None, timeout=5.0)
        self._conn = conn
        conn.row_factory = sqlcipher3.Row
        # SQLCipher would print decryption failures to stderr; we report them as exceptions instead.
        conn.execute("PRAGMA cipher_log_level = NONE")
        # Raw 256-bit key, no KDF. The statement text is never logged.
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        check_cipher_version(read_cipher_version(conn))
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as exc:
            mapped = translate_error(exc)
            if isinstance(mapped, NotADatabase):
                raise _classify_unreadable(self.path) from None
            raise mapped from exc
        _check_integrity(conn)
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreEnvironmentError(f"could not enable WAL journal (got {mode!r})")
        for pragma in CONNECTION_PRAGMAS:
            conn.execute(f"PRAGMA {pragma}")

    # -- the owner thread --------------------------------------------------------------------

    def _run(self) -> None:
        try:
            while True:
                item = self._queue.get()
                if item is _STOP:
                    break
                assert isinstance(item, tuple)
                fn: Callable[[Any], Any] = item[0]
                fut: concurrent.futures.Future[Any] = item[1]
                if not fut.set_running_or_notify_cancel():
                    continue
                try:
                    result = fn(self._conn)
                except sqlcipher3.Error as exc:
                    mapped = translate_error(exc)
                    if isinstance(mapped, StoreBug):
                        log.error("store bug: %s", mapped)
                    mapped.__cause__ = exc
                    fut.set_exception(mapped)
                except BaseException as exc:
                    fut.set_exception(exc)
                else:
                    fut.set_result(result)
        finally:
            if self._conn is not None:
                try:
                    self._conn.close()
                except sqlcipher3.Error as exc:  # pragma: no cover - close after disk failure
                    log.warning("closing database failed: %s", translate_error(exc))
                self._conn = None

    # -- public API --------------------------------------------------------------------------

    def submit(self, fn: Callable[[Connection], T]) -> concurrent.futures.Future[T]:
        """Queue `fn(conn)` for the owner thread; its result or exception lands in the future."""
        fut: concurrent.futures.Future[T] = concurrent.futures.Future()
        with self._lock:
            if self._closed:
                raise StoreBug("database is closed")
            self._queue.put((fn, fut))
        return fut

    def call(self, fn: Callable[[Connection], T]) -> T:
        """`submit(fn).result()`; calling it from the owner thread would deadlock, so that is a bug."""
        if threading.current_thread() is self._thread:
            raise StoreBug("Database.call from the owner thread; use the connection you were given")
        return self.submit(fn).result()

    def transaction(self, fn: Callable[[Connection], T]) -> concurrent.futures.Future[T]:
        """Run `fn(conn)` between BEGIN IMMEDIATE and COMMIT; ROLLBACK and re-raise on any error."""

        def run(conn: Connection) -> T:
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = fn(conn)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    try:
                        conn.execute("ROLLBACK")
                    except sqlcipher3.Error as exc:  # pragma: no cover - disk vanished
                        log.warning("rollback failed: %s", translate_error(exc))
                raise
            return result

        return self.submit(run)

    def close(self) -> None:
        """Drain queued work, close the connection, stop the thread. Safe to call twice."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._queue.put(_STOP)
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join()

    def sealing_key(self) -> bytes:
        """A 256-bit key derived from the database key (HMAC-SHA256), for `store.secrets_repo`."""
        return self._sealing_key

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open"
        return f"<Database {self.path.name} {state}>"


__all__ = [
    "Connection",
    "Database",
    "Row",
    "StoreError",
    "check_cipher_version",
    "is_empty_database",
    "read_cipher_version",
]
