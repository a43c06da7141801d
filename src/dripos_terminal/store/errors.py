"""Storage errors, split the qutebrowser way (`sql.KnownError` / `sql.BugError`).

* `StoreEnvironmentError` - something about the machine (disk full, locked file, missing key, wrong
  passphrase). It carries a `user_message` the till shows to staff; the app keeps running and nothing
  already committed is lost.
* `StoreBug` - our own mistake (bad SQL, a constraint we broke, misuse of the API). Report it.

`translate_error` turns a `sqlcipher3` exception into one of these. Messages never contain keys,
passphrases or card data: they are built from SQLite's error text, which carries no bound values.
"""

from __future__ import annotations

import sqlcipher3

from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.redaction import redact


class StoreError(Exception):
    """Base of every error the store raises."""


class StoreEnvironmentError(StoreError):
    """An error caused by the environment; `user_message` is safe and meant for staff."""

    default_user_message: str = QT_TRANSLATE_NOOP(
        "StoreError",
        "The till could not use its local database. Keep selling with cash; nothing saved has been lost.",
    )

    def __init__(self, message: str | None = None, *, user_message: str | None = None) -> None:
        self.user_message = user_message or self.default_user_message
        super().__init__(message or self.user_message)


class DiskFull(StoreEnvironmentError):
    default_user_message: str = QT_TRANSLATE_NOOP(
        "StoreError",
        "The till's disk is full, so the last change was not saved. Everything saved before is safe. "
        "Ask a manager to free disk space; take cash until then.",
    )


class DatabaseLocked(StoreEnvironmentError):
    default_user_message: str = QT_TRANSLATE_NOOP(
        "StoreError",
        "The till's database is busy (another copy of Dripos Terminal may be running). "
        "Close other copies and try again; nothing has been lost.",
    )


class WrongKey(StoreEnvironmentError):
    default_user_message: str = QT_TRANSLATE_NOOP(
        "StoreError",
        "The stored key does not open this till's database (or the file is damaged). "
        "Nothing has been changed. A manager can unlock it with the recovery passphrase.",
    )


class NotADatabase(StoreEnvironmentError):
    default_user_message: str = QT_TRANSLATE_NOOP(
        "StoreError",
        "The till's database file is not a Dripos Terminal database, or it is damaged. "
        "Nothing has been changed; contact support with this message.",
    )


class DatabaseMissing(StoreEnvironmentError):
    default_user_message: str = QT_TRANSLATE_NOOP(
        "StoreError",
        "The till's database file was not found. Nothing has been created; check the data folder "
        "or contact support.",
    )


class DatabaseLost(StoreEnvironmentError):
    """The database is missing while its key's recovery copy is here (or it is an empty file).

    Nothing is created in its place without a manager's decision: the recovery screen offers
    "Start a new, empty till database" behind the recovery passphrase (`open_store(start_new=True)`).
    """

    default_user_message: str = QT_TRANSLATE_NOOP(
        "StoreError",
        "The till's database (dripos.db) is missing from the data folder, but the recovery copy of its "
        "key (key.recovery.json) is there: the database was moved or deleted, or a backup was only "
        "partly restored. Nothing has been changed. Restore dripos.db from a backup and start the till "
        "again. If it cannot be found, a manager can start a new, empty till database; the sales in the "
        "missing one will not be in it, and its recovery file is kept.",
    )


class DatabaseEmpty(DatabaseLost):
    default_user_message: str = QT_TRANSLATE_NOOP(
        "StoreError",
        "The till's database file (dripos.db) is empty (0 bytes): a copy or a disk failure lost its "
        "content. Nothing has been changed. Restore dripos.db from a backup and start the till again. "
        "If there is no backup, a manager can start a new, empty till database; the empty file and the "
        "old recovery file are kept.",
    )


class DatabaseDamaged(StoreEnvironmentError):
    default_user_message: str = QT_TRANSLATE_NOOP(
        "StoreError",
        "Part of the till's database file (dripos.db) is damaged: it failed its integrity check, so the "
        "till will not use it. Nothing has been changed. Keep the file, restore dripos.db from a backup, "
        "or contact support with this message.",
    )


class RecoveryFileDamaged(StoreEnvironmentError):
    """key.recovery.json cannot be used; `problem` names the field and what is wrong with it."""

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(
            f"recovery file unusable: {problem}",
            user_message=QT_TRANSLATE_NOOP(
                "StoreError",
                "The recovery copy of the database key (key.recovery.json) is damaged: {problem}. "
                "Nothing has been changed; restore it from a backup or contact support.",
            ).format(problem=problem),
        )


class KeyUnavailable(StoreEnvironmentError):
    default_user_message: str = QT_TRANSLATE_NOOP(
        "StoreError",
        "The key for this till's encrypted database is not available from the system keyring. "
        "A manager can unlock the database with the recovery passphrase chosen at setup. "
        "No new key or database will be created, so no sales records are put at risk.",
    )


class WrongPassphrase(StoreEnvironmentError):
    default_user_message: str = QT_TRANSLATE_NOOP(
        "StoreError", "That recovery passphrase is not correct. Nothing has been changed; try again."
    )


class WeakPassphrase(StoreEnvironmentError):
    default_user_message: str = QT_TRANSLATE_NOOP(
        "StoreError", "Choose a recovery passphrase of at least 10 characters."
    )


class CipherUnavailable(StoreEnvironmentError):
    default_user_message: str = QT_TRANSLATE_NOOP(
        "StoreError",
        "This installation lacks database encryption (SQLCipher 4), so the till refuses to store "
        "anything. Reinstall Dripos Terminal or contact support.",
    )


class ReadOnly(StoreEnvironmentError):
    default_user_message: str = QT_TRANSLATE_NOOP(
        "StoreError",
        "The till's database cannot be written (read-only disk or wrong file permissions). "
        "The last change was not saved; contact support.",
    )


class DatabaseTooNew(StoreEnvironmentError):
    default_user_message: str = QT_TRANSLATE_NOOP(
        "StoreError",
        "This database was written by a newer version of Dripos Terminal. Install that version "
        "(or newer) to open it; nothing has been changed.",
    )


class StoreBug(StoreError):
    """A programming error in the store or its callers; not the environment's fault."""


def _primary_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def translate_error(exc: BaseException) -> StoreError:
    """Map a `sqlcipher3` (or `sqlite3`) error to a `StoreError`; the caller chains the original.

    Mapping by SQLite result code first, by message second (codes are missing on some paths, e.g.
    errors raised while preparing a statement in older builds).
    """
    if isinstance(exc, StoreError):
        return exc
    code = _primary_code(exc)
    text = redact(str(exc))
    lowered = text.lower()
    detail = f"{type(exc).__name__}: {text}"
    if code == sqlcipher3.SQLITE_FULL or "database or disk is full" in lowered:
        return DiskFull(detail)
    if code in (sqlcipher3.SQLITE_BUSY, sqlcipher3.SQLITE_LOCKED) or "database is locked" in lowered:
        return DatabaseLocked(detail)
    if code in (sqlcipher3.SQLITE_NOTADB, sqlcipher3.SQLITE_CORRUPT) or (
        "file is not a database" in lowered or "malformed" in lowered
    ):
        return NotADatabase(detail)
    if code == sqlcipher3.SQLITE_READONLY or "readonly database" in lowered:
        return ReadOnly(detail)
    if code in (sqlcipher3.SQLITE_CANTOPEN, sqlcipher3.SQLITE_PERM, sqlcipher3.SQLITE_IOERR) or (
        "unable to open database" in lowered or "disk i/o error" in lowered
    ):
        return StoreEnvironmentError(detail)
    return StoreBug(detail)
