"""The menu: categories, items, modifier groups, tax classes, loaded from a TOML file.

The loader validates everything up front and raises `CatalogError` naming the bad entry, so a typo
in the menu file is found when the till starts, not when a barista taps the item at 8 a.m.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dripos_terminal.domain.errors import DomainError
from dripos_terminal.domain.money import (
    CURRENCY_EXPONENTS,
    Money,
    MoneyError,
    normalize_currency,
    parse_money,
)
from dripos_terminal.paths import resource_path

SUPPORTED_VERSION = 1


class CatalogError(DomainError):
    """The catalog file is unreadable or inconsistent; the message names the offending entry."""


class SelectionError(DomainError):
    """A modifier selection breaks an item's rules (size missing, too many syrups, unknown option)."""


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class ModifierOption:
    id: str
    name: str
    price: Money  # default delta added to the item price; an item may override it


@dataclass(frozen=True, slots=True)
class ModifierGroup:
    """Options the customer picks between `min_select` and `max_select` of (size: exactly one)."""

    id: str
    name: str
    min_select: int
    max_select: int
    options: tuple[ModifierOption, ...]

    @property
    def required(self) -> bool:
        return self.min_select > 0

    def option(self, option_id: str) -> ModifierOption:
        for opt in self.options:
            if opt.id == option_id:
                return opt
        raise SelectionError(f"{self.name}: unknown option {option_id!r}")


@dataclass(frozen=True, slots=True)
class LineModifier:
    """A chosen option as priced when it was rung up (a snapshot: later menu edits do not change it)."""

    group_id: str
    option_id: str
    name: str
    price: Money

    def to_dict(self) -> dict[str, Any]:
        return {
            "group_id": self.group_id,
            "option_id": self.option_id,
            "name": self.name,
            "price": self.price.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LineModifier:
        return cls(data["group_id"], data["option_id"], data["name"], Money.from_dict(data["price"]))


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    name: str
    category_id: str
    price: Money
    tax_class: str
    modifier_group_ids: tuple[str, ...] = ()
    # option id → price delta for this item only (e.g. drip coffee's cheaper upsizes)
    option_prices: Mapping[str, Money] = field(default_factory=dict)


@dataclass(frozen=True)
class Catalog:
    currency: str
    tax_classes: Mapping[str, str]  # id → display name
    categories: tuple[Category, ...]
    modifier_groups: Mapping[str, ModifierGroup]
    items: tuple[Item, ...]

    def item(self, item_id: str) -> Item:
        for it in self.items:
            if it.id == item_id:
                return it
        raise CatalogError(f"no item {item_id!r} in the catalog")

    def items_in(self, category_id: str) -> tuple[Item, ...]:
        return tuple(it for it in self.items if it.category_id == category_id)

    def groups_for(self, item: Item) -> tuple[ModifierGroup, ...]:
        return tuple(self.modifier_groups[g] for g in item.modifier_group_ids)

    def option_price(self, item: Item, group_id: str, option_id: str) -> Money:
        """What this option costs on this item (item override, else the group's delta)."""
        opt = self.modifier_groups[group_id].option(option_id)
        return item.option_prices.get(option_id, opt.price)

    def resolve_modifiers(
        self, item: Item, selections: Mapping[str, Sequence[str]]
    ) -> tuple[LineModifier, ...]:
        """Check `selections` (group id → option ids) against the item's rules and price them.

        The result is ordered by the item's group order then the group's option order, so the same
        choice always yields the same line (and the same receipt).
        """
        unknown = set(selections) - set(item.modifier_group_ids)
        if unknown:
            raise SelectionError(f"{item.name}: no modifier group {sorted(unknown)[0]!r} on this item")
        chosen: list[LineModifier] = []
        for group in self.groups_for(item):
            picked = list(selections.get(group.id, ()))
            if len(set(picked)) != len(picked):
                raise SelectionError(f"{item.name}: {group.name} option chosen twice")
            if not group.min_select <= len(picked) <= group.max_select:
                raise SelectionError(_count_message(item, group, len(picked)))
            for opt in group.options:  # iterate the group to keep a canonical order
                if opt.id in picked:
                    price = self.option_price(item, group.id, opt.id)
                    chosen.append(LineModifier(group.id, opt.id, opt.name, price))
            for option_id in picked:
                group.option(option_id)  # raises SelectionError for an unknown option
        return tuple(chosen)


def _count_message(item: Item, group: ModifierGroup, count: int) -> str:
    if group.min_select == group.max_select:
        need = f"exactly {group.min_select}"
    else:
        need = f"between {group.min_select} and {group.max_select}"
    return f"{item.name}: choose {need} {group.name.lower()} option(s), got {count}"


def price_text(money: Money) -> str:
    """The catalog's spelling of a price: "4.50" (no symbol), exact in the currency's minor units."""
    exp = CURRENCY_EXPONENTS[money.currency]
    units, minor = divmod(abs(money.amount), 10**exp)
    text = f"{units}.{minor:0{exp}d}" if exp else str(units)
    return f"-{text}" if money.amount < 0 else text


def catalog_document(catalog: Catalog) -> dict[str, Any]:
    """The inverse of `parse_catalog`: the document a catalog file (or the store) holds."""
    return {
        "version": SUPPORTED_VERSION,
        "currency": catalog.currency,
        "tax_classes": dict(catalog.tax_classes),
        "categories": [{"id": c.id, "name": c.name} for c in catalog.categories],
        "modifier_groups": [
            {
                "id": g.id,
                "name": g.name,
                "min": g.min_select,
                "max": g.max_select,
                "options": [{"id": o.id, "name": o.name, "price": price_text(o.price)} for o in g.options],
            }
            for g in catalog.modifier_groups.values()
        ],
        "items": [_item_document(it) for it in catalog.items],
    }


def _item_document(item: Item) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": item.id,
        "name": item.name,
        "category": item.category_id,
        "price": price_text(item.price),
        "tax_class": item.tax_class,
    }
    if item.modifier_group_ids:
        doc["modifier_groups"] = list(item.modifier_group_ids)
    if item.option_prices:
        doc["option_prices"] = {k: price_text(v) for k, v in item.option_prices.items()}
    return doc


def default_catalog_path() -> Path:
    """The catalog shipped in the package's `resources/`."""
    return resource_path("catalog.toml")


def load_catalog(path: Path | str) -> Catalog:
    """Read and validate a catalog file; raise `CatalogError` with a precise message on any problem."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise CatalogError(f"cannot read catalog {path}: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"catalog {path} is not valid TOML: {exc}") from exc
    return parse_catalog(data)


def parse_catalog(data: Mapping[str, Any]) -> Catalog:
    """Build a `Catalog` from an already-parsed TOML document (also handy in tests)."""
    _known_keys(
        data, {"version", "currency", "tax_classes", "categories", "modifier_groups", "items"}, "catalog"
    )
    version = data.get("version")
    if version != SUPPORTED_VERSION:
        raise CatalogError(f"catalog version {version!r} is not supported (expected {SUPPORTED_VERSION})")
    try:
        currency = normalize_currency(_str(data, "currency", "catalog"))
    except MoneyError as exc:
        raise CatalogError(f"catalog: {exc}") from exc
    tax_classes = _tax_classes(data.get("tax_classes"))
    categories = _categories(_table_list(data, "categories", "catalog"))
    groups = _groups(_table_list(data, "modifier_groups", "catalog", required=False), currency)
    items = _items(_table_list(data, "items", "catalog"), currency, tax_classes, categories, groups)
    return Catalog(currency, tax_classes, categories, groups, items)


# -- validation helpers -----------------------------------------------------------------------------


def _str(table: Mapping[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(f"{where}: {key!r} must be a non-empty string")
    return value


def _int(table: Mapping[str, Any], key: str, where: str) -> int:
    value = table.get(key)
    if type(value) is not int:
        raise CatalogError(f"{where}: {key!r} must be an integer")
    return value


def _price(value: object, currency: str, where: str) -> Money:
    # Strings only: a TOML float like 4.1 has already lost exactness by the time we see it.
    if not isinstance(value, str):
        raise CatalogError(f'{where}: price must be a string like "4.50", got {value!r}')
    try:
        return parse_money(value, currency)
    except MoneyError as exc:
        raise CatalogError(f"{where}: bad price {value!r}") from exc


def _table_list(
    data: Mapping[str, Any], key: str, where: str, *, required: bool = True
) -> list[Mapping[str, Any]]:
    value = data.get(key, None if required else [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise CatalogError(f"{where}: {key!r} must be an array of tables")
    if required and not value:
        raise CatalogError(f"{where}: {key!r} is empty")
    return value


def _known_keys(table: Mapping[str, Any], allowed: set[str], where: str) -> None:
    # A misspelt key ("prise") would otherwise be silently ignored and the item priced wrongly.
    extra = sorted(set(table) - allowed)
    if extra:
        raise CatalogError(f"{where}: unknown key {extra[0]!r}")


def _check_unique(ids: Sequence[str], what: str) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise CatalogError(f"duplicate {what} id {ident!r}")
        seen.add(ident)


def _tax_classes(value: object) -> dict[str, str]:
    if not isinstance(value, dict) or not value:
        raise CatalogError("catalog: 'tax_classes' must be a non-empty table of id = \"name\"")
    for key, name in value.items():
        if not isinstance(name, str) or not name.strip():
            raise CatalogError(f"tax class {key!r}: name must be a non-empty string")
    return dict(value)


def _categories(tables: list[Mapping[str, Any]]) -> tuple[Category, ...]:
    for i, t in enumerate(tables):
        _known_keys(t, {"id", "name"}, f"category #{i + 1}")
    cats = tuple(
        Category(_str(t, "id", f"category #{i + 1}"), _str(t, "name", f"category #{i + 1}"))
        for i, t in enumerate(tables)
    )
    _check_unique([c.id for c in cats], "category")
    return cats


def _groups(tables: list[Mapping[str, Any]], currency: str) -> dict[str, ModifierGroup]:
    groups: dict[str, ModifierGroup] = {}
    for i, t in enumerate(tables):
        gid = _str(t, "id", f"modifier group #{i + 1}")
        where = f"modifier group {gid!r}"
        _known_keys(t, {"id", "name", "min", "max", "options"}, where)
        for o in t.get("options", []) if isinstance(t.get("options"), list) else []:
            if isinstance(o, dict):
                _known_keys(o, {"id", "name", "price"}, f"{where} option {o.get('id')!r}")
        options_raw = _table_list(t, "options", where)
        options = tuple(
            ModifierOption(
                _str(o, "id", f"{where} option #{j + 1}"),
                _str(o, "name", f"{where} option #{j + 1}"),
                _price(o.get("price"), currency, f"{where} option {o.get('id')!r}"),
            )
            for j, o in enumerate(options_raw)
        )
        _check_unique([o.id for o in options], f"{where} option")
        lo, hi = _int(t, "min", where), _int(t, "max", where)
        if not 0 <= lo <= hi or hi < 1 or hi > len(options):
            raise CatalogError(
                f"{where}: need 0 <= min <= max, 1 <= max <= {len(options)} options; got min={lo} max={hi}"
            )
        if gid in groups:
            raise CatalogError(f"duplicate modifier group id {gid!r}")
        groups[gid] = ModifierGroup(gid, _str(t, "name", where), lo, hi, options)
    return groups


_ITEM_KEYS = {"id", "name", "category", "price", "tax_class", "modifier_groups", "option_prices"}


def _items(
    tables: list[Mapping[str, Any]],
    currency: str,
    tax_classes: Mapping[str, str],
    categories: tuple[Category, ...],
    groups: Mapping[str, ModifierGroup],
) -> tuple[Item, ...]:
    category_ids = {c.id for c in categories}
    items: list[Item] = []
    for i, t in enumerate(tables):
        iid = _str(t, "id", f"item #{i + 1}")
        where = f"item {iid!r}"
        _known_keys(t, _ITEM_KEYS, where)
        category = _str(t, "category", where)
        if category not in category_ids:
            raise CatalogError(f"{where}: unknown category {category!r}")
        tax_class = _str(t, "tax_class", where)
        if tax_class not in tax_classes:
            raise CatalogError(f"{where}: unknown tax class {tax_class!r}")
        group_ids = t.get("modifier_groups", [])
        if not isinstance(group_ids, list) or not all(isinstance(g, str) for g in group_ids):
            raise CatalogError(f"{where}: 'modifier_groups' must be a list of group ids")
        for gid in group_ids:
            if gid not in groups:
                raise CatalogError(f"{where}: unknown modifier group {gid!r}")
        if len(set(group_ids)) != len(group_ids):
            raise CatalogError(f"{where}: a modifier group is listed twice")
        overrides_raw = t.get("option_prices", {})
        if not isinstance(overrides_raw, dict):
            raise CatalogError(f"{where}: 'option_prices' must be a table")
        option_ids = [o.id for g in group_ids for o in groups[g].options]
        if len(set(option_ids)) != len(option_ids):
            # option_prices is keyed by option id, so ids must be unambiguous within an item
            raise CatalogError(f"{where}: two of its modifier groups share an option id")
        own_options = set(option_ids)
        overrides: dict[str, Money] = {}
        for oid, raw in overrides_raw.items():
            if oid not in own_options:
                raise CatalogError(f"{where}: option_prices names {oid!r}, not an option of this item")
            overrides[oid] = _price(raw, currency, f"{where} option {oid!r}")
        items.append(
            Item(
                iid,
                _str(t, "name", where),
                category,
                _price(t.get("price"), currency, where),
                tax_class,
                tuple(group_ids),
                overrides,
            )
        )
    _check_unique([it.id for it in items], "item")
    return tuple(items)
