"""Staff PIN login, permissions, manager override, and managing the staff list (plain Python, no Qt).

`login` and `authorize(..., override_pin=...)` are BLOCKING (a scrypt check per staff member plus a
database read/write): call them from a worker. `has_permission` and `authorize` without a PIN, for
an actor who already holds the permission, never touch the disk.

Lockout: after `max_attempts` wrong PINs in a row (login or override), PIN entry is refused for
`lockout_seconds`. The count and the lock live in the store (wall-clock deadline), so restarting the
till does not hand out fresh tries. Every override — granted or refused — goes to the audit log.

Managing staff needs `Permission.MANAGE_STAFF` (anyone may change their own PIN): add, rename,
change role, disable/enable, set a PIN. PINs are unique on the till — a PIN is how the till knows
who is at the counter — checked against every member, disabled ones included, so enabling someone
again can never create a clash. The last active manager cannot be disabled or demoted. Each change
is audited without the PIN or its hash.
"""

from __future__ import annotations

import logging
import math
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from dripos_terminal.clock import Clock
from dripos_terminal.domain.staff import (
    Permission,
    PermissionDeniedError,
    PinHash,
    Role,
    StaffError,
    StaffMember,
    hash_pin,
    validate_name,
    validate_pin,
    verify_pin,
)
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.migrations import iso_utc
from dripos_terminal.store.staff_repo import LockoutState, StaffRecord, StaffRepo

log = logging.getLogger("dripos_terminal.services")

AUDIT_LOGIN = "staff.login"
AUDIT_LOGIN_FAILED = "staff.login_failed"
AUDIT_OVERRIDE = "override.granted"
AUDIT_OVERRIDE_REFUSED = "override.refused"
AUDIT_STAFF_ADDED = "staff.added"
AUDIT_STAFF_CHANGED = "staff.changed"
AUDIT_STAFF_ENABLED = "staff.enabled"
AUDIT_STAFF_DISABLED = "staff.disabled"
AUDIT_PIN_CHANGED = "staff.pin_changed"

__all__ = [
    "Authorization",
    "InvalidPin",
    "LockedOut",
    "Permission",
    "PermissionDeniedError",
    "Role",
    "StaffChangeRefused",
    "StaffMember",
    "StaffService",
]


class InvalidPin(StaffError):
    """Wrong PIN; the message says how many tries are left."""


class LockedOut(StaffError):
    """Too many wrong PINs; the message says how long to wait."""


class StaffChangeRefused(StaffError):
    """A staff change that would break a rule (PIN in use, last manager, unknown member)."""


@dataclass(frozen=True)
class Authorization:
    """Proof that `actor` may do `permission` now, approved by `approver` (the actor, or a manager)."""

    actor: StaffMember
    approver: StaffMember
    permission: Permission
    overridden: bool

    def require(self, permission: Permission) -> None:
        if self.permission is not permission or not self.approver.can(permission):
            raise PermissionDeniedError(
                QT_TRANSLATE_NOOP("Staff", "Not authorised to {action}.").format(action=permission.label)
            )


def _actor_id(actor: StaffMember | None) -> str | None:
    return None if actor is None else actor.staff_id


def _find(members: list[StaffMember], staff_id: str) -> StaffMember:
    for member in members:
        if member.staff_id == staff_id:
            return member
    raise StaffChangeRefused(QT_TRANSLATE_NOOP("Staff", "There is no such member of staff on this till."))


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
        self._names: dict[str, str] = {}

    # -- directory ----------------------------------------------------------------------------
    def members(self) -> list[StaffMember]:
        """BLOCKING: active staff, refreshed from the store."""
        members = [_member(r) for r in self._repo.list().result()]
        with self._lock:
            self._names.update({m.staff_id: m.name for m in members})
        return members

    def all_members(self) -> list[StaffMember]:
        """BLOCKING: everyone, disabled members included (the staff screen lists them)."""
        members = [_member(r) for r in self._repo.list(include_inactive=True).result()]
        with self._lock:
            self._names.update({m.staff_id: m.name for m in members})
        return members

    def name_of(self, staff_id: str) -> str:
        with self._lock:
            return self._names.get(staff_id, staff_id[:8])

    def add_member(self, name: str, role: Role, pin: str, *, staff_id: str | None = None) -> StaffMember:
        """BLOCKING: hash the PIN and store a new staff member (no permission check: set-up and the
        demo seed; screens and the CLI use `add`)."""
        pin_hash = hash_pin(pin)
        record = self._repo.add(
            validate_name(name), role.value, pin_hash.encode(), staff_id=staff_id
        ).result()
        with self._lock:
            self._names[record.id] = record.name
        return _member(record)

    # -- managing staff -----------------------------------------------------------------------
    def add_first_manager(self, name: str, pin: str) -> StaffMember:
        """BLOCKING: the first member of a new till, who must be a manager (someone must be able to
        manage staff); refused once anyone exists."""
        if self.all_members():
            raise StaffChangeRefused(
                QT_TRANSLATE_NOOP(
                    "Staff", "This till already has staff; a manager adds more in Settings → Staff."
                )
            )
        member = self.add_member(name, Role.MANAGER, pin)
        self._audit.record(member.staff_id, AUDIT_STAFF_ADDED, member.staff_id, {"role": "manager"}).result()
        return member

    def add(self, actor: StaffMember | None, name: str, role: Role, pin: str) -> StaffMember:
        """BLOCKING: a new member, by a manager (or, on an empty till, the first manager)."""
        everyone = self.all_members()
        if not everyone:
            if role is not Role.MANAGER:
                raise StaffChangeRefused(
                    QT_TRANSLATE_NOOP("Staff", "The first member of staff must be a manager.")
                )
            return self.add_first_manager(name, pin)
        self._require_manager(actor)
        validate_pin(pin)
        self._require_unused_pin(pin, everyone, except_id=None)
        member = self.add_member(name, role, pin)
        self._audit.record(
            _actor_id(actor), AUDIT_STAFF_ADDED, member.staff_id, {"name": member.name, "role": role.value}
        ).result()
        log.info("staff member %s added as %s", member.staff_id, role.value)
        return member

    def edit(
        self, actor: StaffMember | None, staff_id: str, *, name: str | None = None, role: Role | None = None
    ) -> StaffMember:
        """BLOCKING: rename and/or change the role of a member."""
        self._require_manager(actor)
        everyone = self.all_members()
        member = _find(everyone, staff_id)
        changes: dict[str, str] = {}
        if name is not None and validate_name(name) != member.name:
            changes["name"] = validate_name(name)
        if role is not None and role is not member.role:
            if member.role is Role.MANAGER and member.active:
                refused = QT_TRANSLATE_NOOP(
                    "Staff", "You cannot change the role of the last manager. Add another manager first."
                )
                self._require_other_manager(everyone, staff_id, refused)
            changes["role"] = role.value
        if "name" in changes:
            self._repo.set_name(staff_id, changes["name"]).result()
        if "role" in changes:
            self._repo.set_role(staff_id, changes["role"]).result()  # type: ignore[arg-type]
        if changes:
            details = {**changes, "was_role": member.role.value, "was_name": member.name}
            self._audit.record(_actor_id(actor), AUDIT_STAFF_CHANGED, staff_id, details).result()
        return _find(self.all_members(), staff_id)

    def set_active(self, actor: StaffMember | None, staff_id: str, active: bool) -> StaffMember:
        """BLOCKING: disable (they can no longer sign in) or enable a member again."""
        self._require_manager(actor)
        everyone = self.all_members()
        member = _find(everyone, staff_id)
        if member.active == active:
            return member
        if not active and member.role is Role.MANAGER:
            refused = QT_TRANSLATE_NOOP(
                "Staff", "You cannot disable the last manager. Add another manager first."
            )
            self._require_other_manager(everyone, staff_id, refused)
        self._repo.set_active(staff_id, active).result()
        action = AUDIT_STAFF_ENABLED if active else AUDIT_STAFF_DISABLED
        self._audit.record(_actor_id(actor), action, staff_id, {"name": member.name}).result()
        log.info("staff member %s %s", member.staff_id, "enabled" if active else "disabled")
        return _find(self.all_members(), staff_id)

    def change_pin(self, actor: StaffMember | None, staff_id: str, pin: str) -> None:
        """BLOCKING: a new PIN for `staff_id` — by a manager, or by that member for themselves."""
        if actor is None or actor.staff_id != staff_id:
            self._require_manager(actor)
        validate_pin(pin)
        everyone = self.all_members()
        _find(everyone, staff_id)
        self._require_unused_pin(pin, everyone, except_id=staff_id)
        self._repo.set_pin_hash(staff_id, hash_pin(pin).encode()).result()
        self._audit.record(_actor_id(actor), AUDIT_PIN_CHANGED, staff_id, {}).result()

    def _require_manager(self, actor: StaffMember | None) -> None:
        # None is support staff at the command line, who proved the recovery passphrase.
        if actor is not None:
            actor.require(Permission.MANAGE_STAFF)

    @staticmethod
    def _require_unused_pin(pin: str, everyone: list[StaffMember], *, except_id: str | None) -> None:
        for member in everyone:
            if member.staff_id != except_id and verify_pin(pin, member.pin_hash):
                raise StaffChangeRefused(
                    QT_TRANSLATE_NOOP("Staff", "That PIN is already in use on this till. Choose another one.")
                )

    @staticmethod
    def _require_other_manager(everyone: list[StaffMember], staff_id: str, refused: str) -> None:
        others = [m for m in everyone if m.active and m.role is Role.MANAGER and m.staff_id != staff_id]
        if not others:
            raise StaffChangeRefused(refused)

    # -- PINs ---------------------------------------------------------------------------------
    def _check_lockout(self) -> None:
        state = self._repo.lockout().result()
        if state.locked_until is None:
            return
        left = (datetime.fromisoformat(state.locked_until) - self._clock.now()).total_seconds()
        if left > 0:
            raise LockedOut(
                QT_TRANSLATE_NOOP("Staff", "Too many wrong PINs. Try again in {seconds} seconds.").format(
                    seconds=math.ceil(left)
                )
            )

    def _failed(self) -> str:
        with self._lock:
            failures = self._repo.lockout().result().failures + 1
            left = self._max_attempts - failures
            if left <= 0:
                until = self._clock.now() + timedelta(seconds=self._lockout)
                self._repo.set_lockout(LockoutState(0, iso_utc(until))).result()
                return QT_TRANSLATE_NOOP(
                    "Staff", "Too many wrong PINs. PIN entry is locked for {seconds} seconds."
                ).format(seconds=int(self._lockout))
            self._repo.set_lockout(LockoutState(failures, None)).result()
        if left == 1:
            return QT_TRANSLATE_NOOP("Staff", "That PIN is not right. 1 try left.")
        return QT_TRANSLATE_NOOP("Staff", "That PIN is not right. {count} tries left.").format(count=left)

    def _succeeded(self) -> None:
        with self._lock:
            if self._repo.lockout().result() != LockoutState(0, None):
                self._repo.set_lockout(LockoutState(0, None)).result()

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
        log.info("staff %s signed in", member.staff_id)
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
            message = (
                self._failed()
                if approver is None
                else QT_TRANSLATE_NOOP("Staff", "{name} may not approve this.").format(name=approver.name)
            )
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
        log.info("override of %s for %s approved by %s", permission.value, actor.staff_id, approver.staff_id)
        return Authorization(actor, approver, permission, overridden=True)
