"""Secrets sealed inside the encrypted store (the Stripe key on a till without an OS keyring).

The store is already SQLCipher ciphertext on disk; sealing each secret as well (AES-256-GCM under a
key derived from the database key, `Database.sealing_key`, with the secret's name and the database id
as associated data) keeps it out of any plaintext export, dump or copied page of the database, and
ties a sealed value to its slot. The sealing itself is `store.keys.seal`, the one the recovery copy
of the database key uses. Nothing here logs or raises with a secret in it.
"""

from __future__ import annotations

import concurrent.futures

from cryptography.exceptions import InvalidTag

from dripos_terminal.clock import Clock
from dripos_terminal.store.database import Connection, Database
from dripos_terminal.store.errors import StoreBug
from dripos_terminal.store.keys import seal, unseal
from dripos_terminal.store.migrations import iso_utc

_NONCE = 12


class SealedSecrets:
    """The only writer of `sealed_secrets`."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db, self._clock = db, clock

    def _aad(self, conn: Connection, name: str) -> bytes:
        row = conn.execute("SELECT value FROM meta WHERE key = 'database_id'").fetchone()
        return f"dripos-terminal/sealed/{row[0] if row else ''}/{name}".encode()

    def put(self, name: str, value: str) -> concurrent.futures.Future[None]:
        key = self._db.sealing_key()
        if not key:
            raise StoreBug("the database has no sealing key")

        def run(conn: Connection) -> None:
            nonce, sealed = seal(key, value.encode("utf-8"), self._aad(conn, name))
            conn.execute(
                "INSERT INTO sealed_secrets(name, sealed, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at",
                (name, nonce + sealed, iso_utc(self._clock.now())),
            )

        return self._db.transaction(run)

    def get(self, name: str) -> concurrent.futures.Future[str | None]:
        key = self._db.sealing_key()

        def run(conn: Connection) -> str | None:
            row = conn.execute("SELECT sealed FROM sealed_secrets WHERE name = ?", (name,)).fetchone()
            if row is None:
                return None
            blob = bytes(row[0])
            try:
                return unseal(key, blob[:_NONCE], blob[_NONCE:], self._aad(conn, name)).decode("utf-8")
            except (InvalidTag, ValueError):
                raise StoreBug(f"sealed secret {name!r} does not open with this database's key") from None

        return self._db.submit(run)

    def delete(self, name: str) -> concurrent.futures.Future[None]:
        def run(conn: Connection) -> None:
            conn.execute("DELETE FROM sealed_secrets WHERE name = ?", (name,))

        return self._db.transaction(run)
