"""The shop's menu on a real encrypted store: editing an item's price, modifiers, category and tax
class (and the next sale charging them), who may change it, and "86" for one business day."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dripos_terminal.domain.catalog import CatalogError, SelectionError
from dripos_terminal.domain.money import Money
from dripos_terminal.domain.staff import PermissionDeniedError, Role
from dripos_terminal.services.menu import MenuService
from dripos_terminal.store.menu_repo import MenuRepo
from tests.unit.services.services_shop import Shop


def menu_of(shop: Shop) -> MenuService:
    return MenuService(MenuRepo(shop.db, shop.clock, shop.audit), shop.clock, currency="usd")


def _menu_audit(shop: Shop) -> list[tuple[str | None, str, str | None]]:
    return [(e.actor_id, e.action, e.subject) for e in shop.audit.list(action="menu").result()]


def test_the_shipped_menu_is_the_starting_point(shop: Shop) -> None:
    menu = menu_of(shop)
    assert menu.catalog() == shop.catalog  # nothing stored yet: the shipped coffee menu
    assert menu.unavailable_today() == frozenset()


def test_edit_price_modifiers_category_and_tax_class_then_the_next_sale_charges_them(shop: Shop) -> None:
    menu, alex = menu_of(shop), shop.manager
    heard: list[object] = []
    menu.listeners.append(lambda catalog, gone: heard.append((catalog, gone)))

    menu.update_item(alex, {"id": "latte", "price": "4.95", "modifier_groups": ["size", "milk"]})
    menu.save_category(alex, "to_go", "To go")
    catalog = menu.update_item(alex, {"id": "latte", "category": "to_go", "tax_class": "grocery"})
    latte = catalog.item("latte")
    assert latte.price == Money(495, "USD")
    assert latte.modifier_group_ids == ("size", "milk")
    assert (latte.category_id, latte.tax_class) == ("to_go", "grocery")
    assert [c.name for c in catalog.categories][-1] == "To go"
    assert menu_of(shop).catalog() == catalog  # stored: a new service (a restart) reads the same
    assert heard and heard[-1] == (catalog, frozenset())  # the sell screen hears every change

    # The drip coffee's own upsizes belong to its old groups; changing them drops the overrides.
    catalog = menu.update_item(alex, {"id": "drip", "modifier_groups": ["size", "syrup"]})
    assert dict(catalog.item("drip").option_prices) == {}
    catalog = menu.save_option(alex, "syrup", "vanilla", name="Vanilla", price="0.80")
    assert catalog.option_price(catalog.item("drip"), "syrup", "vanilla") == Money(80, "USD")

    shop.sales.catalog = catalog  # what the composition root does when the menu changes
    sale = shop.sales.start_order(shop.barista)
    sale.add_item("latte", {"size": ["large"], "milk": ["oat"]})  # 4.95 + 1.00 + 0.75, untaxed now
    sale.add_item("drip", {"size": ["small"], "syrup": ["vanilla"]})  # 2.50 + 0.80, 8.75 %
    view = sale.view()
    assert (view.subtotal, view.tax, view.total) == (670 + 330, 29, 1029)
    with pytest.raises(SelectionError, match="shots"):
        sale.add_item("latte", {"size": ["small"], "shots": ["extra_shot"]})  # no longer offered

    saved = [a for a in _menu_audit(shop) if a[1] == "menu.saved"]
    assert saved == [(alex.staff_id, "menu.saved", None)] * 5  # type: ignore[union-attr]


def test_an_edit_that_breaks_the_menu_is_refused_and_nothing_changes(shop: Shop) -> None:
    menu, alex = menu_of(shop), shop.manager
    menu.update_item(alex, {"id": "latte", "price": "4.95"})
    before, audit = menu.document(), _menu_audit(shop)
    for item, words in (
        ({"id": "latte", "price": "4.955"}, "bad price"),
        ({"id": "latte", "price": 4.95}, "must be a string"),
        ({"id": "latte", "tax_class": "luxury"}, "unknown tax class 'luxury'"),
        ({"id": "latte", "category": "nowhere"}, "unknown category 'nowhere'"),
        ({"id": "latte", "modifier_groups": ["size", "sprinkles"]}, "unknown modifier group 'sprinkles'"),
        ({"id": "new", "name": "New", "price": "1.00", "category": "pastry"}, "'tax_class'"),
    ):
        with pytest.raises(CatalogError, match=words):
            menu.update_item(alex, item)
    with pytest.raises(CatalogError, match="no item 'ghost'"):
        menu.remove_item(alex, "ghost")
    assert menu.document() == before and _menu_audit(shop) == audit


def test_only_settings_may_edit_the_menu_but_anyone_selling_may_86(shop: Shop) -> None:
    menu, alex = menu_of(shop), shop.manager
    lead = shop.staff.add(alex, "Lee", Role.SHIFT_LEAD, "5555")  # type: ignore[arg-type]
    before = menu.document()
    for actor in (shop.barista, lead):
        for attempt in (
            lambda a=actor: menu.update_item(a, {"id": "latte", "price": "0.50"}),
            lambda a=actor: menu.remove_item(a, "latte"),
            lambda a=actor: menu.save_category(a, "free", "Free"),
            lambda a=actor: menu.import_text(a, menu.export_text("toml"), "toml"),
        ):
            with pytest.raises(PermissionDeniedError, match="settings"):
                attempt()
    assert menu.document() == before and _menu_audit(shop) == []
    assert menu.set_unavailable(shop.barista, "croissant", True) == frozenset({"croissant"})
    disabled = shop.staff.set_active(alex, lead.staff_id, False)  # type: ignore[arg-type]
    with pytest.raises(PermissionDeniedError):
        menu.set_unavailable(disabled, "scone", True)


def test_an_86_lasts_the_business_day_and_the_item_is_back_the_next(shop: Shop) -> None:
    menu, sam = menu_of(shop), shop.barista
    heard: list[frozenset[str]] = []
    menu.listeners.append(lambda _catalog, gone: heard.append(gone))
    today = menu.business_date()
    assert menu.set_unavailable(sam, "croissant", True) == frozenset({"croissant"})
    assert menu.set_unavailable(sam, "scone", True) == frozenset({"croissant", "scone"})
    assert menu.set_unavailable(sam, "scone", False) == frozenset({"croissant"})  # found another tray
    assert heard == [frozenset({"croissant"}), frozenset({"croissant", "scone"}), frozenset({"croissant"})]
    with pytest.raises(CatalogError, match="no item 'ghost'"):
        menu.set_unavailable(sam, "ghost", True)

    shop.clock.advance(3600)  # later the same day: still off
    assert menu_of(shop).unavailable_today() == frozenset({"croissant"})
    midnight = (shop.clock.now().astimezone() + timedelta(days=1)).replace(hour=0, minute=0, second=0)
    shop.clock.advance((midnight - shop.clock.now()).total_seconds() - 1)
    assert menu.business_date() == today and menu.unavailable_today() == frozenset({"croissant"})
    shop.clock.advance(1)  # the next business day
    assert menu.business_date() == today + timedelta(days=1)
    assert menu.unavailable_today() == frozenset()
    assert menu.catalog().item("croissant") == shop.catalog.item("croissant")  # never removed

    entries = shop.audit.list(action="menu").result()
    assert [(e.actor_id, e.action, e.subject, e.details["business_date"]) for e in entries] == [
        ("sam", "menu.item_unavailable", "croissant", today.isoformat()),
        ("sam", "menu.item_unavailable", "scone", today.isoformat()),
        ("sam", "menu.item_available", "scone", today.isoformat()),
    ]
