"""Staff PIN login, permissions, and manager override (plain Python, no Qt).

`login` and `authorize(..., override_pin=...)` are BLOCKING (a scrypt check per staff member plus a
database read/write): call them from a worker. `has_permission` and `authorize` without a PIN, for
an actor who already holds the permission, never touch the disk.

Lockout: after `max_attempts` wrong PINs in a row (login or override), PIN entry is refused for
`lockout_seconds` (measured on the injected clock's monotonic time). Every override — granted or
refused — goes to the audit log.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from dripos_terminal.clock import Clock
from dripos_terminal.domain.staff import (
    Permission,
    PermissionDeniedError,
    PinHash,
    Role,
    StaffError,
    StaffMember,
    hash_pin,
)
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.staff_repo import StaffRecord, StaffRepo

log = logging.getLogger("dripos_terminal.services")

AUDIT_LOGIN = "staff.login"
AUDIT_LOGIN_FAILED = "staff.login_failed"
AUDIT_OVERRIDE = "override.granted"
AUDIT_OVERRIDE_REFUSED = "override.refused"

__all__ = [
    "Authorization",
    "InvalidPin",
    "LockedOut",
    "Permission",
    "PermissionDeniedError",
    "Role",
    "StaffMember",
    "StaffService",
]


class InvalidPin(StaffError):
    """Wrong PIN; the message says how many tries are left."""


class LockedOut(StaffError):
    """Too many wrong PINs; the message says how long to wait."""


@dataclass(frozen=True)
class Authorization:
    """Proof that `actor` may do `permission` now, approved by `approver` (the actor, or a manager)."""

    actor: StaffMember
    approver: StaffMember
    permission: Permission
    overridden: bool

    def require(self, permission: Permission) -> None:
        if self.permission is not permission or not self.approver.can(permission):
            raise PermissionDeniedError(f"not authorised to {permission.value.replace('_', ' ')}")


def _member(record: StaffRecord) -> StaffMember:
    return StaffMember(
        record.id, record.name, Role(record.role), PinHash.decode(record.pin_hash), record.active
    )


class StaffService:
    def __init__(
        self,
        repo: StaffRepo,
        audit: AuditLog,
        clock: Clock,
        *,
        max_attempts: int = 5,
        lockout_seconds: float = 60.0,
    ) -> None:
        self._repo, self._audit, self._clock = repo, audit, clock
        self._max_attempts, self._lockout = max_attempts, lockout_seconds
        self._lock = threading.Lock()
        self._failures = 0
        self._locked_until = 0.0
        self._names: dict[str, str] = {}

    # -- directory ----------------------------------------------------------------------------
    def members(self) -> list[StaffMember]:
        """BLOCKING: active staff, refreshed from the store."""
        members = [_member(r) for r in self._repo.list().result()]
        with self._lock:
            self._names.update({m.staff_id: m.name for m in members})
        return members

    def name_of(self, staff_id: str) -> str:
        with self._lock:
            return self._names.get(staff_id, staff_id[:8])

    def add_member(self, name: str, role: Role, pin: str, *, staff_id: str | None = None) -> StaffMember:
        """BLOCKING: hash the PIN and store a new staff member."""
        pin_hash = hash_pin(pin)
        record = self._repo.add(name, role.value, pin_hash.encode(), staff_id=staff_id).result()
        with self._lock:
            self._names[record.id] = record.name
        return _member(record)

    # -- PINs ---------------------------------------------------------------------------------
    def _check_lockout(self) -> None:
        with self._lock:
            left = self._locked_until - self._clock.monotonic()
        if left > 0:
            raise LockedOut(f"Too many wrong PINs. Try again in {int(left) + 1} seconds.")

    def _failed(self) -> str:
        with self._lock:
            self._failures += 1
            left = self._max_attempts - self._failures
            if left <= 0:
                self._failures = 0
                self._locked_until = self._clock.monotonic() + self._lockout
                return f"Too many wrong PINs. PIN entry is locked for {int(self._lockout)} seconds."
        return f"That PIN is not right. {left} {'try' if left == 1 else 'tries'} left."

    def _succeeded(self) -> None:
        with self._lock:
            self._failures = 0

    def _match(self, pin: str) -> StaffMember | None:
        # Check every member so timing does not reveal where in the list a match sits.
        found = None
        for member in self.members():
            if member.check_pin(pin) and found is None:
                found = member
        return found

    def login(self, pin: str) -> StaffMember:
        """BLOCKING: the staff member with this PIN; raises `InvalidPin` or `LockedOut`."""
        self._check_lockout()
        member = self._match(pin)
        if member is None:
            message = self._failed()
            self._audit.record(None, AUDIT_LOGIN_FAILED, None, {}).result()
            if message.startswith("Too many"):
                raise LockedOut(message)
            raise InvalidPin(message)
        self._succeeded()
        self._audit.record(
            member.staff_id, AUDIT_LOGIN, member.staff_id, {"role": member.role.value}
        ).result()
        log.info("staff %s signed in", member.name)
        return member

    # -- permissions --------------------------------------------------------------------------
    def has_permission(self, actor: StaffMember, permission: Permission) -> bool:
        return actor.can(permission)

    def authorize(
        self, actor: StaffMember, permission: Permission, override_pin: str | None = None
    ) -> Authorization:
        """Authorize `actor` for `permission`, by their own role or by a manager's PIN (override).

        Without a PIN this never blocks; with one it is BLOCKING (PIN check and audit write).
        """
        if override_pin is None:
            actor.require(permission)
            return Authorization(actor, actor, permission, overridden=False)
        self._check_lockout()
        approver = self._match(override_pin)
        if approver is None or not approver.can(permission):
            message = self._failed() if approver is None else f"{approver.name} may not approve this."
            self._audit.record(
                actor.staff_id,
                AUDIT_OVERRIDE_REFUSED,
                permission.value,
                {"actor": actor.staff_id, "approver": approver.staff_id if approver else None},
            ).result()
            raise (LockedOut if message.startswith("Too many") else PermissionDeniedError)(message)
        self._succeeded()
        self._audit.record(
            actor.staff_id,
            AUDIT_OVERRIDE,
            permission.value,
            {"actor": actor.staff_id, "approver": approver.staff_id, "approver_name": approver.name},
        ).result()
        log.info("override of %s for %s approved by %s", permission.value, actor.name, approver.name)
        return Authorization(actor, approver, permission, overridden=True)
