"""The menu as files: TOML and CSV export → import give back the same menu by value (the writers
for any text a name may hold; the whole path from one shop's store into another's), and a
malformed file is refused with a message naming the problem while the menu stays as it was."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from dripos_terminal.clock import FakeClock
from dripos_terminal.domain.catalog import CatalogError, catalog_document, load_catalog, parse_catalog
from dripos_terminal.domain.catalog import default_catalog_path as shipped
from dripos_terminal.services.menu_io import catalog_from_toml, catalog_to_toml, items_to_csv, merge_items_csv
from tests.unit.services.services_shop import Shop, make_shop
from tests.unit.services.test_services_menu import menu_of

SHIPPED = catalog_document(load_catalog(shipped()))
# Names as people type them: any text without surrogates (which no file can hold).
NAMES = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30).filter(
    lambda s: s.strip() == s and s
)


def _renamed(doc: dict[str, Any], item_name: str, category_name: str, option_name: str) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    doc["items"][0]["name"] = item_name
    doc["categories"][0]["name"] = category_name
    doc["modifier_groups"][0]["options"][0]["name"] = option_name
    doc["tax_classes"]["hot.food"] = category_name  # a key TOML has to quote
    doc["items"][1]["tax_class"] = "hot.food"
    return doc


@given(NAMES, NAMES, NAMES)
@example("Caf\x7f", "Tab\there", "Line\u2028break")  # DEL must be escaped in TOML
def test_toml_round_trip_keeps_any_name(item: str, category: str, option: str) -> None:
    doc = _renamed(SHIPPED, item, category, option)
    assert parse_catalog(catalog_from_toml(catalog_to_toml(doc))) == parse_catalog(doc)


@given(NAMES, NAMES)
@example("Two\r\nlines", "Carriage\rreturn")  # a CR must be quoted, not read as a line end
def test_csv_round_trip_keeps_any_item_name(item: str, category: str) -> None:
    doc = copy.deepcopy(SHIPPED)
    doc["items"][0]["name"] = item
    doc["categories"].append({"id": "new_one", "name": category})
    doc["items"][1]["category"] = "new_one"
    back = merge_items_csv(SHIPPED, items_to_csv(doc))  # into the menu that lacks the category
    assert parse_catalog(back) == parse_catalog(doc)


@pytest.fixture
def other_shop(tmp_path: Path, memory_keyring: object, fake_clock: FakeClock) -> Iterator[Shop]:
    other = tmp_path / "other-shop"
    other.mkdir()
    s = make_shop(other, memory_keyring, fake_clock)
    yield s
    s.db.close()


def _edited(shop: Shop) -> None:
    menu, alex = menu_of(shop), shop.manager
    menu.save_category(alex, "specials", 'Specials & "Seasonal"')
    menu.update_item(
        alex,
        {
            "id": "pumpkin", "name": 'Pumpkin latte, "spiced" — 南瓜', "category": "specials",
            "price": "5.25", "tax_class": "prepared_food", "modifier_groups": ["size", "milk"],
        },
    )  # fmt: skip
    menu.update_item(alex, {"id": "latte", "price": "4.95", "tax_class": "grocery"})
    menu.remove_item(alex, "mug")


@pytest.mark.parametrize("fmt", ["toml", "csv"])
def test_export_then_import_into_another_shop_gives_the_same_menu(
    shop: Shop, other_shop: Shop, fmt: str
) -> None:
    _edited(shop)
    source = menu_of(shop)
    text = source.export_text(fmt)
    imported = menu_of(other_shop).import_text(other_shop.manager, text, fmt)
    assert imported == source.catalog()
    assert menu_of(other_shop).catalog() == source.catalog()  # as stored in the other shop
    assert menu_of(other_shop).export_text(fmt) == text
    entry = other_shop.audit.list(action="menu.saved").result()[-1]
    assert entry.actor_id == "alex" and entry.details["what"] == f"imported from {fmt.upper()}"


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
def test_a_spreadsheets_csv_imports_with_a_byte_order_mark_and_any_line_end(shop: Shop, newline: str) -> None:
    menu = menu_of(shop)
    lines = menu.export_text("csv").splitlines()
    lines[lines.index("latte,Latte,espresso,Espresso,4.50,prepared_food,size milk syrup shots")] = (
        "latte,Latte,espresso,Espresso,4.75,prepared_food,size milk syrup shots"
    )
    catalog = menu.import_text(shop.manager, "\ufeff" + newline.join(lines) + newline, "csv")
    assert catalog.item("latte").price.amount == 475
    assert [it.id for it in catalog.items] == [it.id for it in shop.catalog.items]


HEADER = "id,name,category,category_name,price,tax_class,modifier_groups"


def _csv(*rows: str) -> str:
    return "\n".join((HEADER, *rows)) + "\n"


BAD_FILES = {
    "TOML syntax": ("toml", '[[items]\nid = "latte"\n', "not valid TOML"),
    "TOML misspelt key": ("toml", None, "unknown key 'prise'"),
    "TOML float price": ("toml", None, 'price must be a string like "4.50"'),
    "TOML wrong version": ("toml", "version = 2\n", "version 2 is not supported"),
    "CSV missing column": ("csv", "id,name,category,tax_class\nx,X,pastry,grocery\n", "no 'price' column"),
    "CSV bad price": ("csv", _csv("latte,L,espresso,,4.555,grocery,size"), "bad price '4.555'"),
    "CSV unknown tax class": ("csv", _csv("latte,L,espresso,,4.50,luxury,"), "unknown tax class 'luxury'"),
    "CSV unknown group": ("csv", _csv("latte,L,espresso,,4.50,grocery,foam"), "modifier group 'foam'"),
    "CSV duplicate id": ("csv", _csv("tea,T,coffee,,2.75,grocery,", "tea,U,coffee,,3,grocery,"), "duplicate"),
    "CSV no id": ("csv", _csv(",Nameless,coffee,,2.75,grocery,"), "line 2: the item has no id"),
    "CSV no items": ("csv", _csv(), "'items' is empty"),
    "CSV not a CSV": ("csv", "\x00\x01binary", "no 'id' column"),
    "CSV field too large": ("csv", _csv("x" * 200_000), "line 2: field larger than field limit"),
}


def _bad_toml(case: str, good: str) -> str:
    if case == "TOML misspelt key":
        return good.replace('price = "4.95"', 'prise = "4.95"', 1)
    if case == "TOML float price":
        return good.replace('price = "4.95"', "price = 4.95", 1)
    raise AssertionError(case)


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_malformed_file_is_refused_clearly_and_changes_nothing(shop: Shop, case: str) -> None:
    _edited(shop)
    menu = menu_of(shop)
    heard: list[object] = []
    menu.listeners.append(lambda *change: heard.append(change))
    fmt, text, words = BAD_FILES[case]
    if text is None:
        text = _bad_toml(case, menu.export_text("toml"))
    before = (menu.document(), menu.export_text("toml"), menu.export_text("csv"))
    audit = shop.audit.list().result()
    with pytest.raises(CatalogError) as refused:
        menu.import_text(shop.manager, text, fmt)
    assert words in str(refused.value)
    assert "Traceback" not in str(refused.value) and len(str(refused.value)) < 300
    assert (menu.document(), menu.export_text("toml"), menu.export_text("csv")) == before
    assert shop.audit.list().result() == audit and heard == []
