"""Managing staff on a real encrypted store: add, edit, disable and enable, PINs, roles, the last
manager, permission to manage, and the audit trail of every change."""

from __future__ import annotations

import pytest

from dripos_terminal.domain.staff import Permission, PermissionDeniedError, Role, StaffError, StaffMember
from dripos_terminal.services.staff import InvalidPin, StaffChangeRefused
from tests.unit.services.services_shop import Shop

P = Permission
# The domain's words (domain/staff.py, the staff page's intro): baristas sell (and key a card),
# shift leads also run the floor, managers do everything. Written out here so that a widened or
# narrowed role fails this test instead of silently changing who may do what.
EXPECTED = {
    Role.BARISTA: {P.SELL, P.MANUAL_CARD_ENTRY},
    Role.SHIFT_LEAD: {
        P.SELL, P.MANUAL_CARD_ENTRY, P.DISCOUNT, P.VOID, P.REFUND, P.NO_SALE, P.GO_OFFLINE, P.CLOSE_BATCH,
        P.CASH_DRAWER,
    },
    Role.MANAGER: set(Permission),
}  # fmt: skip


def _staff_audit(shop: Shop) -> list[tuple[str | None, str, str | None]]:
    return [(e.actor_id, e.action, e.subject) for e in shop.audit.list(action="staff").result()]


def _by_name(shop: Shop, name: str) -> StaffMember:
    return next(m for m in shop.staff.all_members() if m.name == name)


def test_add_edit_disable_enable_each_audited_with_its_actor(shop: Shop) -> None:
    alex = shop.manager
    assert alex is not None
    before = _staff_audit(shop)
    bea = shop.staff.add(alex, "  Bea   Lee ", Role.BARISTA, "2468")
    assert (bea.name, bea.role, bea.active) == ("Bea Lee", Role.BARISTA, True)
    assert shop.staff.login("2468").staff_id == bea.staff_id

    bea = shop.staff.edit(alex, bea.staff_id, name="Bea L.", role=Role.SHIFT_LEAD)
    assert (bea.name, bea.role) == ("Bea L.", Role.SHIFT_LEAD)
    assert _by_name(shop, "Bea L.").role is Role.SHIFT_LEAD  # read back from the store

    bea = shop.staff.set_active(alex, bea.staff_id, False)
    assert not bea.active and bea.permissions == frozenset()
    assert bea.staff_id not in {m.staff_id for m in shop.staff.members()}
    with pytest.raises(InvalidPin):
        shop.staff.login("2468")  # a disabled member never signs in

    bea = shop.staff.set_active(alex, bea.staff_id, True)
    assert bea.active and shop.staff.login("2468").name == "Bea L."

    changes = _staff_audit(shop)[len(before) :]
    changes = [c for c in changes if not c[1].startswith("staff.login")]
    assert changes == [
        (alex.staff_id, "staff.added", bea.staff_id),
        (alex.staff_id, "staff.changed", bea.staff_id),
        (alex.staff_id, "staff.disabled", bea.staff_id),
        (alex.staff_id, "staff.enabled", bea.staff_id),
    ]
    edit = shop.audit.list(action="staff.changed").result()[-1]
    assert edit.details == {
        "name": "Bea L.", "role": "shift_lead", "was_name": "Bea Lee", "was_role": "barista",
    }  # fmt: skip


def test_change_pin_by_a_manager_and_by_oneself_never_audits_the_pin(shop: Shop) -> None:
    alex, sam = shop.manager, shop.barista
    assert alex is not None and sam is not None
    shop.staff.change_pin(alex, sam.staff_id, "3579")
    assert shop.staff.login("3579").name == "Sam"
    with pytest.raises(InvalidPin):
        shop.staff.login("1111")  # the old PIN is gone
    shop.staff.change_pin(sam, sam.staff_id, "86420")  # anyone may change their own
    assert shop.staff.login("86420").name == "Sam"
    entries = shop.audit.list(action="staff.pin_changed").result()
    assert [(e.actor_id, e.subject) for e in entries] == [(alex.staff_id, "sam"), ("sam", "sam")]
    stored = " ".join(str(e.details) for e in shop.audit.list().result())
    assert "3579" not in stored and "86420" not in stored and "scrypt$" not in stored


def test_pins_are_unique_across_everyone_including_disabled_members(shop: Shop) -> None:
    alex, sam = shop.manager, shop.barista
    assert alex is not None and sam is not None
    with pytest.raises(StaffChangeRefused, match="already in use"):
        shop.staff.add(alex, "Cy", Role.BARISTA, "1111")  # Sam's
    shop.staff.set_active(alex, sam.staff_id, False)
    with pytest.raises(StaffChangeRefused, match="already in use"):
        shop.staff.add(alex, "Cy", Role.BARISTA, "1111")  # still Sam's while Sam is disabled
    cy = shop.staff.add(alex, "Cy", Role.BARISTA, "2222")
    with pytest.raises(StaffChangeRefused, match="already in use"):
        shop.staff.change_pin(alex, cy.staff_id, "1111")
    with pytest.raises(StaffChangeRefused, match="already in use"):
        shop.staff.change_pin(cy, cy.staff_id, "9999")  # a manager's, asked by oneself
    shop.staff.set_active(alex, sam.staff_id, True)  # enabling again can never make a clash
    assert shop.staff.login("1111").name == "Sam" and shop.staff.login("2222").name == "Cy"
    assert [m.name for m in shop.staff.all_members()] == ["Alex", "Cy", "Sam"]


@pytest.mark.parametrize("role", list(Role))
def test_each_role_has_exactly_the_permissions_the_domain_names(shop: Shop, role: Role) -> None:
    assert shop.manager is not None
    member = shop.staff.add(shop.manager, f"New {role.value}", role, "4321")
    stored = _by_name(shop, f"New {role.value}")  # the role round-trips through the store
    assert stored.role is role
    assert set(stored.permissions) == EXPECTED[role]
    for permission in Permission:
        assert shop.staff.has_permission(member, permission) is (permission in EXPECTED[role])
    assert set(shop.staff.login("4321").permissions) == EXPECTED[role]


@pytest.mark.parametrize("role", [Role.BARISTA, Role.SHIFT_LEAD])
def test_only_manage_staff_may_change_staff(shop: Shop, role: Role) -> None:
    assert shop.manager is not None and shop.barista is not None
    actor = shop.staff.add(shop.manager, "Lee", role, "5555")
    everyone, audit = shop.staff.all_members(), shop.audit.list().result()
    other = shop.barista.staff_id
    attempts = {
        "add": lambda: shop.staff.add(actor, "Cy", Role.BARISTA, "2222"),
        "add a manager": lambda: shop.staff.add(actor, "Cy", Role.MANAGER, "2222"),
        "rename": lambda: shop.staff.edit(actor, other, name="Samuel"),
        "promote oneself": lambda: shop.staff.edit(actor, actor.staff_id, role=Role.MANAGER),
        "disable": lambda: shop.staff.set_active(actor, other, False),
        "set another's PIN": lambda: shop.staff.change_pin(actor, other, "7777"),
    }
    for what, attempt in attempts.items():
        with pytest.raises(PermissionDeniedError, match="manage staff"):
            attempt()
        assert shop.staff.all_members() == everyone, what
    assert shop.audit.list().result() == audit  # nothing happened, so nothing to record
    assert shop.staff.login("1111").name == "Sam"


def test_the_last_active_manager_cannot_be_disabled_or_demoted(shop: Shop) -> None:
    alex = shop.manager
    assert alex is not None
    for attempt in (
        lambda: shop.staff.set_active(alex, alex.staff_id, False),
        lambda: shop.staff.edit(alex, alex.staff_id, role=Role.SHIFT_LEAD),
        lambda: shop.staff.edit(None, alex.staff_id, role=Role.BARISTA),  # support at the CLI too
    ):
        with pytest.raises(StaffChangeRefused, match="last manager"):
            attempt()
        assert _by_name(shop, "Alex").role is Role.MANAGER and _by_name(shop, "Alex").active

    # A disabled manager is no second manager.
    dana = shop.staff.add(alex, "Dana", Role.MANAGER, "4444")
    shop.staff.set_active(alex, dana.staff_id, False)
    with pytest.raises(StaffChangeRefused, match="last manager"):
        shop.staff.set_active(alex, alex.staff_id, False)

    # With another active manager, either step is allowed; then the other is the last one.
    shop.staff.set_active(alex, dana.staff_id, True)
    shop.staff.edit(dana, alex.staff_id, role=Role.SHIFT_LEAD)
    assert _by_name(shop, "Alex").role is Role.SHIFT_LEAD
    with pytest.raises(StaffChangeRefused, match="last manager"):
        shop.staff.set_active(dana, dana.staff_id, False)
    assert [e.actor_id for e in shop.audit.list(action="staff.changed").result()] == [dana.staff_id]


def test_refusals_name_the_rule_and_store_nothing(shop: Shop) -> None:
    alex = shop.manager
    assert alex is not None
    everyone = shop.staff.all_members()
    for attempt, words in (
        (lambda: shop.staff.add(alex, "Cy", Role.BARISTA, "12"), "4 to 8 digits"),
        (lambda: shop.staff.add(alex, "Cy", Role.BARISTA, "１２３４"), "4 to 8 digits"),
        (lambda: shop.staff.add(alex, "   ", Role.BARISTA, "2222"), "1 to 40 characters"),
        (lambda: shop.staff.set_active(alex, "nobody", False), "no such member"),
        (lambda: shop.staff.change_pin(alex, "nobody", "2222"), "no such member"),
    ):
        with pytest.raises(StaffError, match=words):
            attempt()
    assert shop.staff.all_members() == everyone
    assert shop.audit.list(action="staff.added").result() == []
