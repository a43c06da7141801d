"""Stripe's v1 idempotency (https://docs.stripe.com/api/idempotent_requests).

- The status and body of the first request are saved once execution begins and replayed, 500s included,
  with `Idempotent-Replayed: true`.
- Same key, different parameters (or endpoint) → 400 `idempotency_error`.
- Same key while the first request still executes → 409 `idempotency_key_in_use`; nothing is saved.
- Validation failures before execution save nothing.
- Keys are pruned once 24 h old on the simulator clock; a pruned key makes a new request.

Only a keyed hash of the parameters is kept, never the parameters (they may hold a card number).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from dripos_terminal.clock import Clock
from dripos_terminal.sim.stripe.errors import StripeError

TTL = timedelta(hours=24)
MAX_KEY_LENGTH = 255


@dataclass
class SavedResponse:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Entry:
    fingerprint: str
    created: datetime
    request_id: str
    response: SavedResponse | None = None  # None while the first request executes


class IdempotencyStore:
    def __init__(self, clock: Clock, secret: bytes) -> None:
        self._clock = clock
        self._secret = secret
        self._lock = threading.Lock()
        self._entries: dict[tuple[str, str], Entry] = {}

    def fingerprint(self, method: str, path: str, params: dict[str, Any]) -> str:
        canonical = json.dumps([method, path, params], sort_keys=True, separators=(",", ":"))
        return hmac.new(self._secret, canonical.encode(), hashlib.sha256).hexdigest()

    def entries(self) -> dict[tuple[str, str], Entry]:
        """A copy of everything kept, keyed by (API key, idempotency key): for inspection."""
        with self._lock:
            return dict(self._entries)

    def _prune(self) -> None:
        cutoff = self._clock.now() - TTL
        for k in [k for k, e in self._entries.items() if e.created <= cutoff and e.response is not None]:
            del self._entries[k]

    def begin(self, account: str, key: str, fingerprint: str, request_id: str) -> SavedResponse | None:
        """Reserve `key` for a new execution (→ None) or return the saved response to replay.

        Raises 400 idempotency_error for different parameters, 409 while the first request executes.
        """
        if len(key) > MAX_KEY_LENGTH:
            raise StripeError(
                400,
                "invalid_request_error",
                f"Idempotency-Key must be at most {MAX_KEY_LENGTH} characters long.",
                before_execution=True,
            )
        with self._lock:
            self._prune()
            entry = self._entries.get((account, key))
            if entry is None:
                self._entries[(account, key)] = Entry(fingerprint, self._clock.now(), request_id)
                return None
            if entry.fingerprint != fingerprint:
                raise StripeError(
                    400,
                    "idempotency_error",
                    "Keys for idempotent requests can only be used with the same parameters they were "
                    f"first used with. Try using a key other than '{key}' if you meant to execute a "
                    "different request.",
                    before_execution=True,
                )
            if entry.response is None:
                raise StripeError(
                    409,
                    "invalid_request_error",
                    "There is currently another in-progress request using this Idempotent Key (that probably "
                    "means you submitted twice, and that's fine), please retry later.",
                    code="idempotency_key_in_use",
                    before_execution=True,
                )
            return entry.response

    def original_request(self, account: str, key: str) -> str | None:
        with self._lock:
            entry = self._entries.get((account, key))
            return entry.request_id if entry else None

    def finish(self, account: str, key: str, response: SavedResponse) -> None:
        with self._lock:
            entry = self._entries.get((account, key))
            if entry is not None:
                entry.response = response

    def abandon(self, account: str, key: str) -> None:
        with self._lock:
            entry = self._entries.get((account, key))
            if entry is not None and entry.response is None:
                del self._entries[(account, key)]

    def active_keys(self) -> list[str]:
        with self._lock:
            self._prune()
            return [k for (_a, k) in self._entries]
