from __future__ import annotations

import copy
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dripos_terminal.domain.catalog import (
    Catalog,
    CatalogError,
    SelectionError,
    default_catalog_path,
    load_catalog,
    parse_catalog,
)
from dripos_terminal.domain.money import Money


def usd(cents: int) -> Money:
    return Money(cents, "USD")


@pytest.fixture(scope="module")
def shipped() -> dict[str, Any]:
    with default_catalog_path().open("rb") as fh:
        return tomllib.load(fh)


class TestShippedCatalog:
    def test_default_path_points_at_the_package_resources(self) -> None:
        path = default_catalog_path()
        assert path.is_file()
        assert path.parent.name == "resources" and path.parent.parent.name == "dripos_terminal"

    def test_a_real_coffee_menu(self, catalog: Catalog) -> None:
        assert catalog.currency == "USD"
        assert {c.id for c in catalog.categories} == {"espresso", "coffee", "pastry", "beans", "merch"}
        latte = catalog.item("latte")
        assert latte.price == usd(450)
        assert latte.tax_class == "prepared_food"
        assert latte.modifier_group_ids[0] == "size"
        assert catalog.item("beans_house").tax_class == "grocery"
        assert catalog.item("mug").tax_class == "merchandise"
        assert {it.id for it in catalog.items_in("pastry")} >= {"croissant", "blueberry_muffin", "scone"}
        size = catalog.modifier_groups["size"]
        assert (size.min_select, size.max_select, size.required) == (1, 1, True)
        assert not catalog.modifier_groups["syrup"].required
        assert {o.id for o in catalog.modifier_groups["syrup"].options} == {"vanilla", "caramel", "hazelnut"}
        assert {o.id for o in catalog.modifier_groups["milk"].options} >= {"oat", "almond"}
        assert {o.id for o in catalog.modifier_groups["shots"].options} == {"extra_shot", "decaf"}

    def test_every_item_resolves_with_its_required_choices(self, catalog: Catalog) -> None:
        for item in catalog.items:
            picks = {g.id: [g.options[0].id] for g in catalog.groups_for(item) if g.required}
            catalog.resolve_modifiers(item, picks)

    def test_unknown_item(self, catalog: Catalog) -> None:
        with pytest.raises(CatalogError, match="unicorn"):
            catalog.item("unicorn_frappe")


class TestModifierSelection:
    def test_prices_and_canonical_order(self, catalog: Catalog) -> None:
        latte = catalog.item("latte")
        mods = catalog.resolve_modifiers(
            latte,
            {"syrup": ["vanilla"], "milk": ["oat"], "size": ["large"], "shots": ["decaf", "extra_shot"]},
        )
        assert [(m.group_id, m.option_id) for m in mods] == [
            ("size", "large"),
            ("milk", "oat"),
            ("syrup", "vanilla"),
            ("shots", "extra_shot"),
            ("shots", "decaf"),
        ]
        assert [m.price for m in mods] == [usd(100), usd(75), usd(60), usd(100), usd(0)]

    def test_item_override_of_option_price(self, catalog: Catalog) -> None:
        drip = catalog.item("drip")
        (mod,) = catalog.resolve_modifiers(drip, {"size": ["large"]})
        assert mod.price == usd(60)  # cheaper upsize than the group's default $1.00
        assert catalog.option_price(catalog.item("latte"), "size", "large") == usd(100)

    @pytest.mark.parametrize(
        ("picks", "message"),
        [
            ({}, "exactly 1 size"),
            ({"size": ["small", "large"]}, "exactly 1 size"),
            ({"size": ["small"], "syrup": ["vanilla", "caramel", "hazelnut"]}, "between 0 and 2"),
            ({"size": ["venti"]}, "unknown option"),
            ({"size": ["small"], "syrup": ["vanilla", "vanilla"]}, "twice"),
            ({"size": ["small"], "warm": ["warmed"]}, "no modifier group 'warm'"),
        ],
    )
    def test_refused(self, catalog: Catalog, picks: dict[str, list[str]], message: str) -> None:
        with pytest.raises(SelectionError, match=message):
            catalog.resolve_modifiers(catalog.item("latte"), picks)


def _item(doc: dict[str, Any], item_id: str) -> dict[str, Any]:
    return next(i for i in doc["items"] if i["id"] == item_id)


def _group(doc: dict[str, Any], group_id: str) -> dict[str, Any]:
    return next(g for g in doc["modifier_groups"] if g["id"] == group_id)


Mutation = Callable[[dict[str, Any]], None]

BROKEN: list[tuple[str, Mutation, str]] = [
    (
        "float price",
        lambda d: _item(d, "latte").__setitem__("price", 4.5),
        r"item 'latte': price must be a string",
    ),
    ("bad price", lambda d: _item(d, "latte").__setitem__("price", "4.555"), r"item 'latte': bad price"),
    ("negative", lambda d: _item(d, "latte").__setitem__("price", "-1.00"), r"item 'latte': bad price"),
    ("no name", lambda d: _item(d, "mug").pop("name"), r"item 'mug': 'name' must be a non-empty string"),
    ("category", lambda d: _item(d, "mug").__setitem__("category", "toys"), r"item 'mug': unknown category"),
    ("tax", lambda d: _item(d, "mug").__setitem__("tax_class", "luxury"), r"item 'mug': unknown tax class"),
    (
        "group",
        lambda d: _item(d, "latte")["modifier_groups"].append("sprinkles"),
        r"'latte': unknown modifier",
    ),
    (
        "group twice",
        lambda d: _item(d, "latte")["modifier_groups"].append("milk"),
        r"'latte': .* listed twice",
    ),
    ("typo key", lambda d: _item(d, "mug").__setitem__("prise", "1.00"), r"item 'mug': unknown key 'prise'"),
    ("dup item", lambda d: d["items"].append(copy.deepcopy(_item(d, "mug"))), r"duplicate item id 'mug'"),
    (
        "override",
        lambda d: _item(d, "mug").__setitem__("option_prices", {"large": "1"}),
        r"'mug': option_prices",
    ),
    ("min>max", lambda d: _group(d, "syrup").__setitem__("min", 3), r"modifier group 'syrup': need 0 <= min"),
    ("max>opts", lambda d: _group(d, "size").__setitem__("max", 4), r"modifier group 'size': need"),
    ("max 0", lambda d: _group(d, "size").update(min=0, max=0), r"modifier group 'size': need"),
    (
        "dup option",
        lambda d: _group(d, "size")["options"].append({"id": "small", "name": "S", "price": "0"}),
        "dup",
    ),
    (
        "opt price",
        lambda d: _group(d, "milk")["options"][2].__setitem__("price", 0.75),
        r"option 'oat': price",
    ),
    (
        "dup cat",
        lambda d: d["categories"].append({"id": "merch", "name": "M"}),
        r"duplicate category id 'merch'",
    ),
    ("currency", lambda d: d.__setitem__("currency", "DOGE"), r"unsupported currency"),
    ("version", lambda d: d.__setitem__("version", 2), r"version 2 is not supported"),
    ("no items", lambda d: d.__setitem__("items", []), r"'items' is empty"),
    ("no tax", lambda d: d.pop("tax_classes"), r"'tax_classes' must be"),
    ("top typo", lambda d: d.__setitem__("itemz", []), r"catalog: unknown key 'itemz'"),
]


@pytest.mark.parametrize(("mutate", "message"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_broken_catalog_names_the_culprit(shipped: dict[str, Any], mutate: Mutation, message: str) -> None:
    doc = copy.deepcopy(shipped)
    mutate(doc)
    with pytest.raises(CatalogError, match=message):
        parse_catalog(doc)


def test_parse_of_the_untouched_document_works(shipped: dict[str, Any]) -> None:
    assert len(parse_catalog(copy.deepcopy(shipped)).items) == len(shipped["items"])


def test_shared_option_ids_within_an_item_are_refused(shipped: dict[str, Any]) -> None:
    doc = copy.deepcopy(shipped)
    doc["modifier_groups"].append(
        {
            "id": "size2",
            "name": "Size again",
            "min": 0,
            "max": 1,
            "options": [{"id": "large", "name": "L", "price": "1"}],
        }
    )
    _item(doc, "latte")["modifier_groups"].append("size2")
    with pytest.raises(CatalogError, match="item 'latte': two of its modifier groups share an option id"):
        parse_catalog(doc)


def test_not_toml(tmp_path: Path) -> None:
    path = tmp_path / "catalog.toml"
    path.write_text('version = 1\nitems = [\n  { id = "latte", price = \n', encoding="utf-8")
    with pytest.raises(CatalogError, match="not valid TOML"):
        load_catalog(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="cannot read catalog"):
        load_catalog(tmp_path / "nope.toml")


def test_minimal_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "catalog.toml"
    path.write_text(
        'version = 1\ncurrency = "usd"\n[tax_classes]\nfood = "Food"\n'
        '[[categories]]\nid = "c"\nname = "C"\n'
        '[[items]]\nid = "x"\nname = "X"\ncategory = "c"\nprice = "1.25"\ntax_class = "food"\n',
        encoding="utf-8",
    )
    cat = load_catalog(str(path))
    assert cat.item("x").price == usd(125)
    assert cat.modifier_groups == {}
