"""PIN lockout survives a restart: the database is closed and opened again (a new process would do
no more), and the count and the lock are still there; the lock ends on the fake clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from dripos_terminal.clock import FakeClock
from dripos_terminal.domain.staff import Permission, PermissionDeniedError
from dripos_terminal.services.staff import InvalidPin, LockedOut
from tests.unit.services.services_shop import Shop, make_shop

# make_shop: 3 tries, then 30 s locked.


def _restart(shop: Shop, data_dir: Path, keyring: object, clock: FakeClock) -> Shop:
    shop.db.close()
    return make_shop(data_dir, keyring, clock)


def test_a_lockout_holds_across_a_restart_and_ends_on_the_clock(
    data_dir: Path, memory_keyring: object, fake_clock: FakeClock
) -> None:
    shop = make_shop(data_dir, memory_keyring, fake_clock)
    try:
        for pin in ("0000", "0001"):
            with pytest.raises(InvalidPin):
                shop.staff.login(pin)
        with pytest.raises(LockedOut, match="locked for 30 seconds"):
            shop.staff.login("0002")

        shop = _restart(shop, data_dir, memory_keyring, fake_clock)
        with pytest.raises(LockedOut, match="Try again in 30 seconds"):
            shop.staff.login("1111")  # the right PIN, but the till is still locked
        fake_clock.advance(20)
        shop = _restart(shop, data_dir, memory_keyring, fake_clock)
        with pytest.raises(LockedOut, match="Try again in 10 seconds"):
            shop.staff.login("9999")
        with pytest.raises(LockedOut):  # an override shares the lock
            assert shop.barista is not None
            shop.staff.authorize(shop.barista, Permission.REFUND, override_pin="9999")

        fake_clock.advance(10)
        shop = _restart(shop, data_dir, memory_keyring, fake_clock)
        assert shop.staff.login("1111").name == "Sam"
        with pytest.raises(InvalidPin, match="2 tries left"):  # a fresh count after the lock
            shop.staff.login("0003")
    finally:
        shop.db.close()


def test_failed_tries_count_across_a_restart(
    data_dir: Path, memory_keyring: object, fake_clock: FakeClock
) -> None:
    shop = make_shop(data_dir, memory_keyring, fake_clock)
    try:
        with pytest.raises(InvalidPin, match="2 tries left"):
            shop.staff.login("0000")
        assert shop.barista is not None
        with pytest.raises(PermissionDeniedError, match="1 try left"):  # a wrong override PIN counts
            shop.staff.authorize(shop.barista, Permission.VOID, override_pin="0001")

        shop = _restart(shop, data_dir, memory_keyring, fake_clock)  # pulling the plug resets nothing
        with pytest.raises(LockedOut, match="locked for 30 seconds"):
            shop.staff.login("0002")
        shop = _restart(shop, data_dir, memory_keyring, fake_clock)
        with pytest.raises(LockedOut):
            shop.staff.login("1111")
        failures = [e.action for e in shop.audit.list(action="staff.login_failed").result()]
        refused = shop.audit.list(action="override.refused").result()
        assert len(failures) == 2 and len(refused) == 1  # every wrong PIN is on the record
    finally:
        shop.db.close()


def test_a_right_pin_resets_the_count_durably(
    data_dir: Path, memory_keyring: object, fake_clock: FakeClock
) -> None:
    shop = make_shop(data_dir, memory_keyring, fake_clock)
    try:
        for pin in ("0000", "0001"):
            with pytest.raises(InvalidPin):
                shop.staff.login(pin)
        assert shop.staff.login("1111").name == "Sam"
        shop = _restart(shop, data_dir, memory_keyring, fake_clock)
        with pytest.raises(InvalidPin, match="2 tries left"):
            shop.staff.login("0002")
    finally:
        shop.db.close()
