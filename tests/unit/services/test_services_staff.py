from __future__ import annotations

import pytest

from dripos_terminal.domain.staff import Permission, Role
from dripos_terminal.services.demo import DEMO_PASSPHRASE, DEMO_STAFF, seed_demo_staff
from dripos_terminal.services.staff import InvalidPin, LockedOut
from tests.unit.services.services_shop import Shop


def test_login_with_pin(shop: Shop) -> None:
    assert shop.staff.login("1111").name == "Sam"
    assert shop.staff.login("9999").role is Role.MANAGER


def test_wrong_pin_then_lockout(shop: Shop) -> None:
    with pytest.raises(InvalidPin, match="2 tries left"):
        shop.staff.login("0000")
    with pytest.raises(InvalidPin, match="1 try left"):
        shop.staff.login("0001")
    with pytest.raises(LockedOut):
        shop.staff.login("0002")
    with pytest.raises(LockedOut, match="Try again in"):
        shop.staff.login("1111")
    shop.clock.advance(31)
    assert shop.staff.login("1111").name == "Sam"
    actions = [e.action for e in shop.audit.list().result()]
    assert actions.count("staff.login_failed") == 3


def test_override_is_audited(shop: Shop) -> None:
    auth = shop.staff.authorize(shop.barista, Permission.REFUND, override_pin="9999")
    assert auth.overridden and auth.approver.name == "Alex" and auth.actor.name == "Sam"
    entry = shop.audit.list(action="override").result()[-1]
    assert entry.action == "override.granted" and entry.details["approver"] == "alex"


def test_manager_acts_without_override(shop: Shop) -> None:
    auth = shop.staff.authorize(shop.manager, Permission.VOID)
    assert not auth.overridden
    assert shop.staff.has_permission(shop.manager, Permission.NO_SALE)
    assert not shop.staff.has_permission(shop.barista, Permission.NO_SALE)


def test_demo_seed_is_idempotent(data_dir, memory_keyring, fake_clock) -> None:
    from tests.unit.services.services_shop import make_shop

    shop = make_shop(data_dir, memory_keyring, fake_clock, seed=False)
    try:
        assert seed_demo_staff(shop.staff) == len(DEMO_STAFF)
        assert seed_demo_staff(shop.staff) == 0
        assert shop.staff.login("1111").name == "Sam"
        assert shop.staff.login("9999").name == "Alex"
        assert len(DEMO_PASSPHRASE) >= 10
    finally:
        shop.db.close()
