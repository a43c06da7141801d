"""Connectivity of the till's card path: an explicit state machine (no Qt, no I/O).

    ONLINE ──failures──► DEGRADED ──Stripe unreachable / forced──► OFFLINE
      │                     │  ▲                                       │
      └──forced────────────►│  └──failures clear (never left online)   │ health checks pass
                            ▼                                          ▼
                         OFFLINE ◄────────── failure again ────── RECOVERING
                                                                       │ staff accept
                                                                       ▼
                                                                     ONLINE

Only Stripe being unreachable moves the till OFFLINE by itself (`report_failure(..., unreachable=True)`):
then nothing else can take cards. Any other failure (a reader offline, busy or timing out, Stripe
answering with errors) goes no further than DEGRADED, where staff are offered the switch, behind a
manager's PIN where the shop says so; the till never bypasses that PIN on its own.
Going back ONLINE from RECOVERING is *offered*, never silent: only `accept_online` by a member of
staff moves there. Every change is recorded (who, why, when, automatic or not) and handed to the
listeners (the service that audits it, the bridge that shows the banner).
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from dripos_terminal.domain.errors import DomainError
from dripos_terminal.domain.staff import Permission, PermissionDeniedError, StaffMember
from dripos_terminal.i18n import QT_TRANSLATE_NOOP

SYSTEM_ACTOR = "system"


class Connectivity(enum.Enum):
    ONLINE = "online"
    DEGRADED = "degraded"  # failures seen; still online
    OFFLINE = "offline"  # card tenders are stored and forwarded later
    RECOVERING = "recovering"  # health checks pass; going online is offered to staff

    @property
    def takes_offline_payments(self) -> bool:
        return self in (Connectivity.OFFLINE, Connectivity.RECOVERING)


TRANSITIONS: dict[Connectivity, frozenset[Connectivity]] = {
    Connectivity.ONLINE: frozenset({Connectivity.DEGRADED, Connectivity.OFFLINE}),
    Connectivity.DEGRADED: frozenset({Connectivity.ONLINE, Connectivity.OFFLINE}),
    Connectivity.OFFLINE: frozenset({Connectivity.RECOVERING}),
    Connectivity.RECOVERING: frozenset({Connectivity.ONLINE, Connectivity.OFFLINE}),
}


class ConnectivityError(DomainError):
    """A change the state machine refuses (message is safe to show)."""


class Reason(enum.Enum):
    FAILURES_SEEN = "failures_seen"
    FAILURES_CLEARED = "failures_cleared"
    STRIPE_UNREACHABLE = "stripe_unreachable"
    FORCED_BY_STAFF = "forced_by_staff"
    HEALTH_CHECKS_PASS = "health_checks_pass"
    HEALTH_CHECK_FAILED = "health_check_failed"
    ACCEPTED_BY_STAFF = "accepted_by_staff"
    STAFF_STAYED_OFFLINE = "staff_stayed_offline"


@dataclass(frozen=True)
class ConnectivityChange:
    before: Connectivity
    after: Connectivity
    at: datetime
    actor_id: str  # staff id, or "system" for automatic changes
    reason: Reason
    detail: str = ""
    approver_id: str | None = None  # the manager whose PIN allowed it, when not the actor

    @property
    def automatic(self) -> bool:
        return self.actor_id == SYSTEM_ACTOR


Listener = Callable[[ConnectivityChange], None]


class ConnectivityMachine:
    """Thread-safe; listeners run on the caller's thread after the lock is released."""

    def __init__(
        self,
        *,
        offline_after_failures: int = 3,
        recover_after_successes: int = 2,
        manager_pin_to_go_offline: bool = True,
        initial: Connectivity = Connectivity.ONLINE,
    ) -> None:
        self._state = initial
        self._failures = 0
        self._unreachable = 0  # failures in a row that were "Stripe cannot be reached"
        self._successes = 0
        self._offline_after = max(1, offline_after_failures)
        self._recover_after = max(1, recover_after_successes)
        self._manager_pin = manager_pin_to_go_offline
        self._lock = threading.Lock()
        self._listeners: list[Listener] = []
        self.history: list[ConnectivityChange] = []

    @property
    def state(self) -> Connectivity:
        with self._lock:
            return self._state

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    # -- automatic signals (health detection, failed API calls) ---------------------------------------

    def report_failure(
        self, now: datetime, detail: str = "", *, unreachable: bool = False
    ) -> ConnectivityChange | None:
        """A Stripe call or health check failed. `unreachable` (Stripe could not be reached at all)
        enough times in a row, and the till goes OFFLINE by itself; other failures stop at DEGRADED."""
        with self._lock:
            self._successes = 0
            self._failures += 1
            self._unreachable = self._unreachable + 1 if unreachable else 0
            go_offline = self._unreachable >= self._offline_after
            state = self._state
            if state is Connectivity.ONLINE:
                target, reason = Connectivity.DEGRADED, Reason.FAILURES_SEEN
                if go_offline:
                    target, reason = Connectivity.OFFLINE, Reason.STRIPE_UNREACHABLE
            elif state is Connectivity.DEGRADED and go_offline:
                target, reason = Connectivity.OFFLINE, Reason.STRIPE_UNREACHABLE
            elif state is Connectivity.RECOVERING:
                target, reason = Connectivity.OFFLINE, Reason.HEALTH_CHECK_FAILED
            else:
                return None
            change = self._move(target, now, SYSTEM_ACTOR, reason, detail)
        self._notify(change)
        return change

    def report_success(self, now: datetime, detail: str = "") -> ConnectivityChange | None:
        """A call or health check succeeded. OFFLINE only ever becomes RECOVERING (an offer)."""
        with self._lock:
            self._failures = 0
            self._unreachable = 0
            self._successes += 1
            state = self._state
            if state is Connectivity.DEGRADED:
                change = self._move(Connectivity.ONLINE, now, SYSTEM_ACTOR, Reason.FAILURES_CLEARED, detail)
            elif state is Connectivity.OFFLINE and self._successes >= self._recover_after:
                change = self._move(
                    Connectivity.RECOVERING, now, SYSTEM_ACTOR, Reason.HEALTH_CHECKS_PASS, detail
                )
            else:
                return None
        self._notify(change)
        return change

    # -- staff decisions -----------------------------------------------------------------------------

    def may_force_offline(self, actor: StaffMember, approver: StaffMember | None = None) -> bool:
        who = approver or actor
        if self._manager_pin:
            return who.active and who.can(Permission.GO_OFFLINE)
        return actor.active and (actor.can(Permission.SELL) or actor.can(Permission.GO_OFFLINE))

    def force_offline(
        self, actor: StaffMember, now: datetime, *, reason: str = "", approver: StaffMember | None = None
    ) -> ConnectivityChange:
        """Staff switch to offline payments. Needs GO_OFFLINE (a manager's PIN where configured)."""
        if not self.may_force_offline(actor, approver):
            raise PermissionDeniedError(
                QT_TRANSLATE_NOOP("Connectivity", "Switching to offline payments needs a manager's PIN")
            )
        with self._lock:
            if self._state is Connectivity.OFFLINE:
                raise ConnectivityError(
                    QT_TRANSLATE_NOOP("Connectivity", "The till is already taking offline payments")
                )
            if self._state is Connectivity.RECOVERING:
                change = self._move(
                    Connectivity.OFFLINE, now, actor.staff_id, Reason.STAFF_STAYED_OFFLINE, reason
                )
            else:
                change = self._move(Connectivity.OFFLINE, now, actor.staff_id, Reason.FORCED_BY_STAFF, reason)
            if approver is not None and approver.staff_id != actor.staff_id:
                change = _with_approver(change, approver.staff_id)
                self.history[-1] = change
        self._notify(change)
        return change

    def accept_online(self, actor: StaffMember, now: datetime) -> ConnectivityChange:
        """Staff accept the offer to go back online (only from RECOVERING)."""
        if not actor.active:
            raise PermissionDeniedError(QT_TRANSLATE_NOOP("Connectivity", "Log in to go back online"))
        with self._lock:
            if self._state is not Connectivity.RECOVERING:
                raise ConnectivityError(
                    QT_TRANSLATE_NOOP(
                        "Connectivity", "Stripe is not reachable yet, so the till stays offline"
                    )
                )
            change = self._move(Connectivity.ONLINE, now, actor.staff_id, Reason.ACCEPTED_BY_STAFF, "")
        self._notify(change)
        return change

    # -- internals -----------------------------------------------------------------------------------

    def _move(
        self, target: Connectivity, now: datetime, actor_id: str, reason: Reason, detail: str
    ) -> ConnectivityChange:
        current = self._state
        if target not in TRANSITIONS[current]:
            raise ConnectivityError(f"cannot go from {current.value} to {target.value}")
        self._state = target
        if target is Connectivity.OFFLINE:
            self._successes = 0
        if target is Connectivity.ONLINE:
            self._failures = 0
            self._unreachable = 0
        change = ConnectivityChange(current, target, now, actor_id, reason, detail)
        self.history.append(change)
        return change

    def _notify(self, change: ConnectivityChange) -> None:
        for listener in list(self._listeners):
            listener(change)


def _with_approver(change: ConnectivityChange, approver_id: str) -> ConnectivityChange:
    return ConnectivityChange(
        change.before, change.after, change.at, change.actor_id, change.reason, change.detail, approver_id
    )
