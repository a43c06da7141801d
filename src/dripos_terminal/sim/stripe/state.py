"""The simulator's in-memory account: every Stripe object, guarded by one lock."""

from __future__ import annotations

import copy
import itertools
import secrets
import string
import threading
from dataclasses import dataclass, field
from typing import Any

from dripos_terminal.clock import Clock
from dripos_terminal.sim.stripe.cards import CardFacts
from dripos_terminal.sim.stripe.errors import not_found

Obj = dict[str, Any]

_ALPHABET = string.ascii_letters + string.digits


@dataclass
class PendingPresentation:
    """A card tapped on the reader and being authorized: the window where cancel_action loses the race."""

    due: float  # clock.monotonic() when the authorization completes
    pm_id: str
    tip: int


@dataclass
class ReaderRuntime:
    pending: PendingPresentation | None = None


@dataclass
class SimState:
    clock: Clock
    livemode: bool
    lock: threading.RLock = field(default_factory=threading.RLock)
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    locations: dict[str, Obj] = field(default_factory=dict)
    readers: dict[str, Obj] = field(default_factory=dict)
    reader_rt: dict[str, ReaderRuntime] = field(default_factory=dict)
    payment_intents: dict[str, Obj] = field(default_factory=dict)
    payment_methods: dict[str, Obj] = field(default_factory=dict)
    pm_facts: dict[str, CardFacts] = field(default_factory=dict)
    charges: dict[str, Obj] = field(default_factory=dict)
    refunds: dict[str, Obj] = field(default_factory=dict)
    refund_fail_due: dict[str, float] = field(default_factory=dict)
    # Stripe's search index, by object id: (visible from, the object as it was then), oldest first.
    search_index: dict[str, list[tuple[float, Obj]]] = field(default_factory=dict)
    touched: set[str] = field(default_factory=set)  # changed since the index last caught up
    # Seconds between a card being presented and the authorization result (0 = immediate).
    processing_seconds: float = 0.0
    # Seconds after which a refund of the refund-fail test card turns `failed`.
    refund_failure_seconds: float = 1.0
    # Seconds before a new or changed PaymentIntent shows in search (Stripe: "under a minute", longer
    # during incidents). Until then search finds nothing new, and the old version of what changed.
    search_lag_seconds: float = 0.0
    _counter: itertools.count[int] = field(default_factory=itertools.count)

    def new_id(self, prefix: str) -> str:
        tail = "".join(secrets.choice(_ALPHABET) for _ in range(24))
        return f"{prefix}_{next(self._counter):04d}{tail}"

    def random_token(self, n: int = 24) -> str:
        return "".join(secrets.choice(_ALPHABET) for _ in range(n))

    def now_ts(self) -> int:
        return int(self.clock.now().timestamp())

    def monotonic(self) -> float:
        return self.clock.monotonic()

    # -- lookups (caller holds the lock) -------------------------------------------------------------

    def get(self, table: dict[str, Obj], kind: str, object_id: str | None, param: str | None = None) -> Obj:
        if object_id is None or object_id not in table:
            raise not_found(kind, object_id or "", param=param)
        return table[object_id]

    def pi(self, pi_id: str | None, param: str | None = None) -> Obj:
        return self.get(self.payment_intents, "payment_intent", pi_id, param)

    def reader(self, reader_id: str | None) -> Obj:
        return self.get(self.readers, "terminal.reader", reader_id)

    def runtime(self, reader_id: str) -> ReaderRuntime:
        return self.reader_rt.setdefault(reader_id, ReaderRuntime())

    def touch(self, obj_id: str) -> None:
        """`obj_id` changed: the search index takes the new version once the request is done."""
        self.touched.add(obj_id)

    def index_touched(self) -> None:
        """Queue a snapshot of everything changed, searchable after `search_lag_seconds` (lock held)."""
        due = self.monotonic() + self.search_lag_seconds
        for obj_id in sorted(self.touched):
            obj = self.payment_intents.get(obj_id)
            if obj is not None:
                self.search_index.setdefault(obj_id, []).append((due, snapshot(obj)))
        self.touched.clear()

    def searchable_payment_intents(self) -> list[Obj]:
        """PaymentIntents as the search index sees them now, in creation order (lock held): the
        newest version that is due, and nothing for an object whose first version is not due yet."""
        self.index_touched()
        now = self.monotonic()
        out: list[Obj] = []
        for obj_id in self.payment_intents:
            seen = [obj for due, obj in self.search_index.get(obj_id, []) if due <= now]
            if seen:
                out.append(seen[-1])
        return out


def snapshot(obj: Obj) -> Obj:
    return copy.deepcopy(obj)
