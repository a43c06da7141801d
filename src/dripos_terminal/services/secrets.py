"""The Stripe secret key: checked against the API, kept in the OS keyring, never in a file.

Where it lives: the OS keyring (service `dripos-terminal`, username `stripe-api-key:<database id>`)
when one is usable; otherwise sealed in the encrypted store (`store.secrets_repo.SealedSecrets`,
AES-256-GCM under a key derived from the database key). There is no third place: no file, no
environment variable, no config key. Nothing here logs the key or puts it in a message; `KeyCheck`
carries only the mode and a masked tail.

A key is accepted only after Stripe (or the simulator, which serves the same endpoints) answered a
read with it: a 401 means the key is wrong or revoked; a 403 means a restricted key lacks the
Terminal permission; no answer means "not checked", and the key is not stored.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import re
from dataclasses import dataclass
from typing import Any

from keyring.errors import KeyringError

from dripos_terminal.clock import Clock
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.payments.stripe_gateway import GatewayError, Outcome, RetryPolicy, StripeGateway
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.database import Database
from dripos_terminal.store.keys import KEYRING_SERVICE, keyring_usable
from dripos_terminal.store.payments import PaymentStore
from dripos_terminal.store.secrets_repo import SealedSecrets

log = logging.getLogger("dripos_terminal.services")

STRIPE_KEY_NAME = "stripe_api_key"
AUDIT_KEY_SAVED = "stripe.key_saved"
AUDIT_KEY_REMOVED = "stripe.key_removed"
_KEY_FORMAT = re.compile(r"^(?P<kind>sk|rk)_(?P<mode>test|live)_[A-Za-z0-9_]{8,247}$")
CHECK_RETRY = RetryPolicy(attempts=2, base_s=0.2, cap_s=1.0)


class KeyMode(enum.Enum):
    TEST = "test"
    LIVE = "live"


class KeyProblem(ValueError):
    """The key was not accepted; `str()` says why and what to do (it never contains the key)."""


@dataclass(frozen=True)
class KeyCheck:
    mode: KeyMode
    restricted: bool
    tail: str  # the last 4 characters, for "…a1b2" on screen

    @property
    def summary(self) -> str:
        if self.restricted:
            text = QT_TRANSLATE_NOOP("StripeKey", "{mode} mode restricted key …{tail}")
        else:
            text = QT_TRANSLATE_NOOP("StripeKey", "{mode} mode secret key …{tail}")
        return text.format(mode=self.mode.value, tail=self.tail)

    @property
    def advice(self) -> str:
        if self.restricted:
            return ""
        return QT_TRANSLATE_NOOP(
            "StripeKey",
            "This is a full secret key. A restricted key (rk_…) allowed only Terminal and "
            "PaymentIntents is safer on a till; create one in the Stripe Dashboard when you can.",
        )


def key_format(key: str) -> KeyCheck:
    """Check the shape of a key before any network call; `KeyProblem` if it cannot be a Stripe key."""
    match = _KEY_FORMAT.match(key.strip())
    if match is None:
        if key.strip().startswith("pk_"):
            raise KeyProblem(
                QT_TRANSLATE_NOOP(
                    "StripeKey",
                    "That is a publishable key (pk_…). The till needs a secret or restricted key.",
                )
            )
        raise KeyProblem(
            QT_TRANSLATE_NOOP(
                "StripeKey",
                "That does not look like a Stripe secret key (sk_live_…, rk_live_… or the test kind).",
            )
        )
    return KeyCheck(KeyMode(match["mode"]), match["kind"] == "rk", key.strip()[-4:])


def check_key_with_stripe(
    key: str, api_base: str, db: Database, clock: Clock, *, timeout_s: float = 10.0
) -> KeyCheck:
    """BLOCKING: the key's format, then one read with it (`GET /v1/terminal/locations`)."""
    check = key_format(key)
    gateway = StripeGateway.connect(
        key.strip(), api_base, PaymentStore(db, clock), clock, timeout_s=timeout_s, retry=CHECK_RETRY
    )
    try:
        gateway.get("/v1/terminal/locations", {"limit": 1})
    except GatewayError as exc:
        raise KeyProblem(_why(exc)) from None
    return check


def _why(exc: GatewayError) -> str:
    if exc.http_status == 401:
        return QT_TRANSLATE_NOOP(
            "StripeKey",
            "Stripe refused this key (wrong, expired or revoked). Copy it again from the Stripe Dashboard.",
        )
    if exc.http_status == 403:
        return QT_TRANSLATE_NOOP(
            "StripeKey",
            "This restricted key may not use Stripe Terminal. Allow Terminal (write) for it in the "
            "Dashboard.",
        )
    if exc.outcome is Outcome.AMBIGUOUS:
        return QT_TRANSLATE_NOOP(
            "StripeKey",
            "Stripe could not be reached to check the key. Check the internet connection and try again.",
        )
    return QT_TRANSLATE_NOOP("StripeKey", "Stripe did not accept the key: {reason}").format(reason=exc)


class SecretStore:
    """Where the till keeps its Stripe key. Every method BLOCKS (keyring and store calls)."""

    def __init__(self, db: Database, audit: AuditLog, clock: Clock, keyring_backend: Any) -> None:
        self._db, self._audit, self._clock = db, audit, clock
        self._keyring = keyring_backend
        self._sealed = SealedSecrets(db, clock)

    @property
    def keyring_usable(self) -> bool:
        return keyring_usable(self._keyring)

    @property
    def where(self) -> str:
        return (
            QT_TRANSLATE_NOOP("StripeKey", "the system keyring")
            if self.keyring_usable
            else QT_TRANSLATE_NOOP("StripeKey", "the encrypted store (no system keyring)")
        )

    def _username(self) -> str:
        row = self._db.call(
            lambda c: c.execute("SELECT value FROM meta WHERE key = 'database_id'").fetchone()
        )
        return f"stripe-api-key:{row[0] if row else ''}"

    def stripe_key(self) -> str | None:
        if self.keyring_usable:
            try:
                found = self._keyring.get_password(KEYRING_SERVICE, self._username())
            except KeyringError as exc:
                log.warning("keyring read failed: %s", type(exc).__name__)
                found = None
            if found:
                return str(found)
        return self._sealed.get(STRIPE_KEY_NAME).result()

    def save_stripe_key(self, key: str, check: KeyCheck, *, actor_id: str | None) -> str:
        """Store a checked key (replacing any other); returns where it went, for the screen."""
        key = key.strip()
        stored_in_keyring = False
        if self.keyring_usable:
            try:
                self._keyring.set_password(KEYRING_SERVICE, self._username(), key)
                stored_in_keyring = True
            except KeyringError as exc:
                log.warning("keyring write failed: %s; sealing the key in the store", type(exc).__name__)
        if stored_in_keyring:
            self._sealed.delete(STRIPE_KEY_NAME).result()
        else:
            self._sealed.put(STRIPE_KEY_NAME, key).result()
        where = "keyring" if stored_in_keyring else "sealed_store"
        details = {
            "mode": check.mode.value,
            "restricted": check.restricted,
            "tail": check.tail,
            "where": where,
        }
        self._audit.record(actor_id, AUDIT_KEY_SAVED, None, details).result()
        return (
            QT_TRANSLATE_NOOP("StripeKey", "the system keyring")
            if stored_in_keyring
            else QT_TRANSLATE_NOOP("StripeKey", "the encrypted store")
        )

    def remove_stripe_key(self, *, actor_id: str | None) -> None:
        if self.keyring_usable:
            with contextlib.suppress(KeyringError):
                self._keyring.delete_password(KEYRING_SERVICE, self._username())
        self._sealed.delete(STRIPE_KEY_NAME).result()
        self._audit.record(actor_id, AUDIT_KEY_REMOVED, None, {}).result()
