"""Staff, roles, permissions and PIN hashing.

PIN hashing: scrypt (RFC 7914) with N=2**14, r=8, p=1, a 32-byte key and a fresh 16-byte random
salt per PIN. That costs ~16 MiB and a few tens of milliseconds per check: fine at a till login,
expensive in bulk. Honesty about the limits: a 4-digit PIN has 10 000 values, so no hash stops an
attacker who holds the database; what protects PINs is the encrypted store plus lockout after failed
attempts (the caller's job). Salting stops one cracked table serving every till. The parameters are
stored with each hash, so they can be raised later without invalidating existing PINs.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from dripos_terminal.domain.errors import DomainError
from dripos_terminal.domain.pin_rules import PIN_MAX_LENGTH, PIN_MIN_LENGTH
from dripos_terminal.i18n import QT_TRANSLATE_NOOP, Text

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_DKLEN = 32
SALT_BYTES = 16
_MAXMEM = 64 * 1024 * 1024  # headroom over 128·N·r = 16 MiB; also bounds a hostile stored N
_PIN_RE = re.compile(rf"[0-9]{{{PIN_MIN_LENGTH},{PIN_MAX_LENGTH}}}")


class StaffError(DomainError):
    """Bad PIN format, malformed stored hash, or unknown staff data."""


class PermissionDeniedError(DomainError):
    """The staff member lacks a permission (the UI then offers a manager override)."""


class Role(enum.Enum):
    BARISTA = "barista"
    SHIFT_LEAD = "shift_lead"
    MANAGER = "manager"

    @property
    def label(self) -> Text:
        return ROLE_LABELS[self]


class Permission(enum.Enum):
    SELL = "sell"
    DISCOUNT = "discount"
    VOID = "void"
    REFUND = "refund"
    NO_SALE = "no_sale"  # open the cash drawer without a sale
    GO_OFFLINE = "go_offline"  # switch to offline card payments
    MANUAL_CARD_ENTRY = "manual_card_entry"
    OVERRIDE_OFFLINE_CAPS = "override_offline_caps"
    CLOSE_BATCH = "close_batch"  # forward the offline queue and close it out
    CASH_DRAWER = "cash_drawer"  # open, pay in / out, count and close a drawer session
    REPORTS = "reports"  # the manager home, X and Z reports, past days, exports
    SETTINGS = "settings"
    MANAGE_STAFF = "manage_staff"

    @property
    def label(self) -> Text:
        """What it allows, as in "Sam may not void" (translatable)."""
        return PERMISSION_LABELS[self]


ROLE_LABELS: Mapping[Role, Text] = {
    Role.BARISTA: QT_TRANSLATE_NOOP("Staff", "barista"),
    Role.SHIFT_LEAD: QT_TRANSLATE_NOOP("Staff", "shift lead"),
    Role.MANAGER: QT_TRANSLATE_NOOP("Staff", "manager"),
}
PERMISSION_LABELS: Mapping[Permission, Text] = {
    Permission.SELL: QT_TRANSLATE_NOOP("Staff", "sell"),
    Permission.DISCOUNT: QT_TRANSLATE_NOOP("Staff", "discount"),
    Permission.VOID: QT_TRANSLATE_NOOP("Staff", "void"),
    Permission.REFUND: QT_TRANSLATE_NOOP("Staff", "refund"),
    Permission.NO_SALE: QT_TRANSLATE_NOOP("Staff", "no sale"),
    Permission.GO_OFFLINE: QT_TRANSLATE_NOOP("Staff", "go offline"),
    Permission.MANUAL_CARD_ENTRY: QT_TRANSLATE_NOOP("Staff", "manual card entry"),
    Permission.OVERRIDE_OFFLINE_CAPS: QT_TRANSLATE_NOOP("Staff", "override offline caps"),
    Permission.CLOSE_BATCH: QT_TRANSLATE_NOOP("Staff", "close batch"),
    Permission.REPORTS: QT_TRANSLATE_NOOP("Staff", "reports"),
    Permission.SETTINGS: QT_TRANSLATE_NOOP("Staff", "settings"),
    Permission.MANAGE_STAFF: QT_TRANSLATE_NOOP("Staff", "manage staff"),
}


# Defaults; whether e.g. going offline needs a manager is also a shop setting, which the caller
# applies by checking the permission of whoever is asked (barista or overriding manager).
# A shift lead runs the floor without a manager: corrections at the counter, the drawer, the switch to
# offline payments and the close-out of the offline queue; shop settings, staff and reports stay
# with managers.
ROLE_PERMISSIONS: Mapping[Role, frozenset[Permission]] = {
    Role.BARISTA: frozenset({Permission.SELL, Permission.MANUAL_CARD_ENTRY}),
    Role.SHIFT_LEAD: frozenset(
        {
            Permission.SELL,
            Permission.MANUAL_CARD_ENTRY,
            Permission.DISCOUNT,
            Permission.VOID,
            Permission.REFUND,
            Permission.NO_SALE,
            Permission.GO_OFFLINE,
            Permission.CLOSE_BATCH,
            Permission.CASH_DRAWER,
        }
    ),
    Role.MANAGER: frozenset(Permission),
}
NAME_MAX_LENGTH = 40


def validate_name(name: str) -> str:
    """A staff name as shown on receipts and the status strip: trimmed, 1–40 printable characters."""
    cleaned = " ".join(str(name).split())
    if not cleaned or len(cleaned) > NAME_MAX_LENGTH or not cleaned.isprintable():
        raise StaffError(
            QT_TRANSLATE_NOOP("Staff", "A name is 1 to {count} characters.").format(count=NAME_MAX_LENGTH)
        )
    return cleaned


def validate_pin(pin: str) -> None:
    """PIN policy: 4–8 ASCII digits. Raises `StaffError` with a message fit for the PIN pad."""
    # [0-9] not \d: a full-width "１２３４" must not become a PIN nobody can type on the pad.
    if not isinstance(pin, str) or not _PIN_RE.fullmatch(pin):
        raise StaffError(
            QT_TRANSLATE_NOOP("Staff", "A PIN is {low} to {high} digits.").format(
                low=PIN_MIN_LENGTH, high=PIN_MAX_LENGTH
            )
        )


@dataclass(frozen=True, slots=True)
class PinHash:
    """A salted scrypt hash of a PIN. Its repr never shows the salt or the digest."""

    salt: bytes = field(repr=False)
    digest: bytes = field(repr=False)
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P

    def __repr__(self) -> str:
        return f"PinHash(scrypt n={self.n} r={self.r} p={self.p}, <redacted>)"

    def encode(self) -> str:
        """ "scrypt$16384$8$1$<salt b64>$<digest b64>" for the store."""
        b64 = base64.b64encode
        return f"scrypt${self.n}${self.r}${self.p}${b64(self.salt).decode()}${b64(self.digest).decode()}"

    @classmethod
    def decode(cls, text: str) -> PinHash:
        try:
            scheme, n, r, p, salt, digest = text.split("$")
            if scheme != "scrypt":
                raise ValueError(scheme)
            if int(n) < 2 or int(n) & (int(n) - 1) or int(r) < 1 or int(p) < 1:
                raise ValueError("scrypt parameters")
            return cls(
                base64.b64decode(salt, validate=True),
                base64.b64decode(digest, validate=True),
                int(n),
                int(r),
                int(p),
            )
        except ValueError as exc:
            # Never echo the text: it is the hash.
            raise StaffError("stored PIN hash is malformed") from exc


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("ascii"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=SCRYPT_DKLEN)


def hash_pin(pin: str, *, salt: bytes | None = None) -> PinHash:
    """Check the policy and hash `pin` with a fresh random salt (tests may pass one)."""
    validate_pin(pin)
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    return PinHash(salt, _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P))


def verify_pin(pin: str, stored: PinHash) -> bool:
    """True if `pin` matches; comparison in constant time. A malformed PIN is simply False."""
    try:
        validate_pin(pin)
    except StaffError:
        return False
    candidate = _scrypt(pin, stored.salt, stored.n, stored.r, stored.p)
    return hmac.compare_digest(candidate, stored.digest)


@dataclass(frozen=True, slots=True)
class StaffMember:
    staff_id: str
    name: str
    role: Role
    pin_hash: PinHash = field(repr=False)
    active: bool = True
    # Extra grants beyond the role (a senior barista allowed to refund); never removals.
    extra_permissions: frozenset[Permission] = frozenset()

    @property
    def permissions(self) -> frozenset[Permission]:
        if not self.active:
            return frozenset()
        return ROLE_PERMISSIONS[self.role] | self.extra_permissions

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    def require(self, permission: Permission) -> None:
        """Raise `PermissionDeniedError` unless allowed (the UI catches it to ask for a manager PIN)."""
        if not self.can(permission):
            raise PermissionDeniedError(
                QT_TRANSLATE_NOOP("Staff", "{name} may not {action}.").format(
                    name=self.name, action=permission.label
                )
            )

    def check_pin(self, pin: str) -> bool:
        """An inactive member never logs in, whatever the PIN."""
        return self.active and verify_pin(pin, self.pin_hash)
