"""`key.recovery.json`: the database key wrapped under a manager's passphrase, and its strict parser.

The file is JSON: format and version, the database id it opens, the scrypt parameters and salt,
the AES-256-GCM nonce and the wrapped key (base64), and two timestamps. `parse_recovery` checks
every field for type and range before any of it reaches scrypt or AES-GCM, which would otherwise
raise a bare ValueError (a short nonce, an n that is no power of two) or try to allocate gigabytes
(a forged cost); anything wrong is a `RecoveryFileDamaged` naming the field. `RecoveryFile.to_bytes`
writes the same shape. Wrapping, unwrapping and writing the file atomically are `keys.KeyManager`'s.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from typing import Any

from dripos_terminal.store.database import KEY_BYTES
from dripos_terminal.store.errors import RecoveryFileDamaged

_FORMAT = "dripos-terminal/key-recovery"
_FORMAT_VERSION = 1

# What a recovery file may say. Anything outside is a damaged or forged file, refused before any
# of it reaches scrypt or AES-GCM (which would raise a bare ValueError, or try to allocate
# gigabytes). The upper bounds leave room above the default cost (4x memory, 8x work) for raises.
MAX_RECOVERY_BYTES = 64 * 1024
SCRYPT_N_RANGE = (2**10, 2**20)  # a power of two
SCRYPT_R_RANGE = (1, 32)
SCRYPT_P_RANGE = (1, 16)
SCRYPT_MAX_MEMORY = 512 << 20  # 128 * r * n bytes; the default needs 128 MiB
SCRYPT_MAX_WORK = 2**23  # n * r * p; the default is 2**20 (about 0.5 s)
SALT_BYTES = (16, 64)
NONCE_BYTES = 12  # AES-GCM's standard nonce; what `write_recovery` writes
_WRAPPED_BYTES = KEY_BYTES + 16  # the key and the GCM tag
_DATABASE_ID = re.compile(r"[0-9a-z]{16,64}")  # hex (older tills) or letters (`ids.new_id`)
_MAX_STAMP_CHARS = 64


@dataclass(frozen=True, slots=True)
class ScryptParams:
    """scrypt cost. Memory is about 128 * r * n bytes."""

    n: int = 2**17
    r: int = 8
    p: int = 1

    @property
    def maxmem(self) -> int:
        return 128 * self.r * (self.n + 2) + 128 * self.r * self.p + (1 << 20)


DEFAULT_SCRYPT = ScryptParams()


@dataclass(frozen=True, slots=True)
class RecoveryFile:
    """The parsed `key.recovery.json` (no secret in clear: the key is wrapped)."""

    database_id: str
    salt: bytes
    params: ScryptParams
    nonce: bytes
    wrapped: bytes
    created_at: str
    updated_at: str

    def __repr__(self) -> str:
        return f"RecoveryFile(database_id={self.database_id!r}, params={self.params!r})"

    @property
    def aad(self) -> bytes:
        """What the wrapped key is bound to: this format and this database."""
        return aad_for(self.database_id)

    def to_bytes(self) -> bytes:
        doc = {
            "format": _FORMAT,
            "version": _FORMAT_VERSION,
            "database_id": self.database_id,
            "kdf": {
                "name": "scrypt",
                "n": self.params.n,
                "r": self.params.r,
                "p": self.params.p,
                "salt": _b64(self.salt),
            },
            "cipher": {"name": "AES-256-GCM", "nonce": _b64(self.nonce)},
            "wrapped_key": _b64(self.wrapped),
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }
        return (json.dumps(doc, indent=2, sort_keys=True) + "\n").encode()


def aad_for(database_id: str) -> bytes:
    return f"{_FORMAT}/v{_FORMAT_VERSION}/{database_id}".encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class _Bad(Exception):
    pass


def _get(doc: Any, path: str) -> Any:
    node = doc
    for part in path.split("."):
        if not isinstance(node, dict):
            raise _Bad(f"{path.rsplit('.', 1)[0]} is not an object")
        if part not in node:
            raise _Bad(f"{path} is missing")
        node = node[part]
    return node


def _text(doc: Any, path: str, *, max_chars: int = 4096) -> str:
    value = _get(doc, path)
    if not isinstance(value, str):
        raise _Bad(f"{path} is not text")
    if len(value) > max_chars:
        raise _Bad(f"{path} is too long")
    return value


def _whole(doc: Any, path: str, low: int, high: int) -> int:
    value = _get(doc, path)
    if not isinstance(value, int) or isinstance(value, bool):
        raise _Bad(f"{path} is not a whole number")
    if not low <= value <= high:
        raise _Bad(f"{path} = {value} is out of range ({low}..{high})")
    return value


def _bytes(doc: Any, path: str, low: int, high: int) -> bytes:
    text = _text(doc, path, max_chars=4 * high)
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error):
        raise _Bad(f"{path} is not base64") from None
    if not low <= len(data) <= high:
        expected = f"{low}" if low == high else f"{low}..{high}"
        raise _Bad(f"{path} is {len(data)} bytes long, not {expected}")
    return data


def _scrypt_params(doc: Any) -> ScryptParams:
    n = _whole(doc, "kdf.n", *SCRYPT_N_RANGE)
    if n & (n - 1):
        raise _Bad(f"kdf.n = {n} is not a power of two")
    r = _whole(doc, "kdf.r", *SCRYPT_R_RANGE)
    p = _whole(doc, "kdf.p", *SCRYPT_P_RANGE)
    if 128 * r * n > SCRYPT_MAX_MEMORY or n * r * p > SCRYPT_MAX_WORK:
        raise _Bad(f"the scrypt cost n={n} r={r} p={p} is out of range")
    return ScryptParams(n=n, r=r, p=p)


def parse_recovery(raw: bytes) -> RecoveryFile:
    """`key.recovery.json` with every field checked for type and range; `RecoveryFileDamaged` naming
    the first field that is wrong otherwise (never a bare ValueError, whatever the bytes)."""
    try:
        if len(raw) > MAX_RECOVERY_BYTES:
            raise _Bad("it is far too large")
        try:
            doc = json.loads(raw)
        except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
            raise _Bad("it is not valid JSON") from None
        if not isinstance(doc, dict):
            raise _Bad("it is not a JSON object")
        if doc.get("format") != _FORMAT or doc.get("version") != _FORMAT_VERSION:
            raise _Bad("its format or version is not one this till knows")
        if _text(doc, "kdf.name") != "scrypt" or _text(doc, "cipher.name") != "AES-256-GCM":
            raise _Bad("it names an algorithm this till does not use")
        database_id = _text(doc, "database_id")
        if not _DATABASE_ID.fullmatch(database_id):
            raise _Bad("database_id is not a database id")
        stamps = {
            name: _text(doc, name, max_chars=_MAX_STAMP_CHARS) if name in doc else ""
            for name in ("created_at", "updated_at")
        }
        return RecoveryFile(
            database_id=database_id,
            salt=_bytes(doc, "kdf.salt", *SALT_BYTES),
            params=_scrypt_params(doc),
            nonce=_bytes(doc, "cipher.nonce", NONCE_BYTES, NONCE_BYTES),
            wrapped=_bytes(doc, "wrapped_key", _WRAPPED_BYTES, _WRAPPED_BYTES),
            created_at=stamps["created_at"],
            updated_at=stamps["updated_at"],
        )
    except _Bad as bad:
        raise RecoveryFileDamaged(str(bad)) from None
