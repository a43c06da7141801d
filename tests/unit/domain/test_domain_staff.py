from __future__ import annotations

import pytest

from dripos_terminal.domain.staff import (
    ROLE_PERMISSIONS,
    Permission,
    PermissionDeniedError,
    PinHash,
    Role,
    StaffError,
    StaffMember,
    hash_pin,
    validate_pin,
    verify_pin,
)

# One hash for the module: scrypt is deliberately slow and the suite must stay fast.
HASH = hash_pin("2468")


class TestPolicy:
    @pytest.mark.parametrize("pin", ["1234", "00000000", "975310"])
    def test_accepts(self, pin: str) -> None:
        validate_pin(pin)

    @pytest.mark.parametrize(
        "pin", ["", "123", "123456789", "12a4", "12 34", " 1234", "１２３４", "١٢٣٤", None, 1234]
    )
    def test_refuses(self, pin: object) -> None:
        with pytest.raises(StaffError, match="4 to 8 digits"):
            validate_pin(pin)  # type: ignore[arg-type]


class TestHashing:
    def test_verify(self) -> None:
        assert verify_pin("2468", HASH)
        assert not verify_pin("2469", HASH)
        assert not verify_pin("24680", HASH)
        assert not verify_pin("abcd", HASH)  # malformed input is just "no"

    def test_each_hash_has_its_own_salt(self) -> None:
        other = hash_pin("2468")
        assert other.salt != HASH.salt and other.digest != HASH.digest and len(other.salt) == 16
        assert verify_pin("2468", other)

    def test_explicit_salt_is_deterministic(self) -> None:
        salt = bytes(range(16))
        assert hash_pin("1357", salt=salt) == hash_pin("1357", salt=salt)

    def test_hashing_enforces_the_policy(self) -> None:
        with pytest.raises(StaffError):
            hash_pin("12")

    def test_repr_never_shows_the_hash(self) -> None:
        text = repr(HASH) + str(HASH)
        assert HASH.salt.hex() not in text and HASH.digest.hex() not in text
        assert "redacted" in text
        member = StaffMember("m1", "Maya", Role.MANAGER, HASH)
        text = repr(member) + str(member)
        assert "PinHash" not in text and HASH.digest.hex() not in text and "Maya" in text

    def test_encode_decode(self) -> None:
        encoded = HASH.encode()
        assert encoded.startswith("scrypt$16384$8$1$")
        decoded = PinHash.decode(encoded)
        assert decoded == HASH and verify_pin("2468", decoded)

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "scrypt$1$2",
            "bcrypt$16384$8$1$AA==$AA==",
            "scrypt$x$8$1$AA==$AA==",
            "scrypt$16384$8$1$!!$AA==",
            "scrypt$1000$8$1$AA==$AA==",
            "scrypt$16384$0$1$AA==$AA==",
        ],
    )
    def test_decode_refuses_without_echoing(self, text: str) -> None:
        with pytest.raises(StaffError, match="malformed") as info:
            PinHash.decode(text)
        assert "AA==" not in str(info.value)


class TestRoles:
    def test_role_map(self) -> None:
        assert set(ROLE_PERMISSIONS) == set(Role)
        assert ROLE_PERMISSIONS[Role.MANAGER] == frozenset(Permission)
        barista = ROLE_PERMISSIONS[Role.BARISTA]
        assert Permission.SELL in barista
        for gated in (
            Permission.DISCOUNT,
            Permission.VOID,
            Permission.REFUND,
            Permission.NO_SALE,
            Permission.GO_OFFLINE,
            Permission.SETTINGS,
            Permission.CLOSE_BATCH,
            Permission.CASH_DRAWER,
            Permission.REPORTS,
        ):
            assert gated not in barista

    def test_require_and_extra_grants(self) -> None:
        barista = StaffMember("b1", "Ben", Role.BARISTA, HASH)
        with pytest.raises(PermissionDeniedError, match="Ben may not close batch"):
            barista.require(Permission.CLOSE_BATCH)
        senior = StaffMember("b2", "Bo", Role.BARISTA, HASH, extra_permissions=frozenset({Permission.REFUND}))
        senior.require(Permission.REFUND)
        assert not senior.can(Permission.VOID)

    def test_inactive_member_has_nothing(self) -> None:
        gone = StaffMember("m2", "Max", Role.MANAGER, HASH, active=False)
        assert gone.permissions == frozenset()
        assert not gone.check_pin("2468")
        assert StaffMember("m1", "Maya", Role.MANAGER, HASH).check_pin("2468")
