"""The shop's menu: the shipped coffee menu until a manager changes it, then the shop's own copy in
the encrypted store; edits, "86" for the day, import and export (plain Python, no Qt).

Every method that touches the store BLOCKS: call it from a worker (the menu screen) or the CLI.
Every edit is validated by building the whole catalog again (`parse_catalog`): a menu the till could
not sell from is never saved. Changes need `Permission.SETTINGS`; an "86" needs `Permission.SELL`
(whoever sees the milk run out), and both are audited. Listeners hear about every change so the
sell screen can redraw without a restart.

The menu's currency is always the shop's (`ShopConfig.currency`): prices are strings like "4.50".
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from dripos_terminal.clock import Clock
from dripos_terminal.domain.catalog import (
    Catalog,
    CatalogError,
    catalog_document,
    default_catalog_path,
    load_catalog,
    parse_catalog,
)
from dripos_terminal.domain.staff import Permission, StaffMember
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.services.menu_io import catalog_from_toml, catalog_to_toml, items_to_csv, merge_items_csv
from dripos_terminal.store.menu_repo import MenuRepo

log = logging.getLogger("dripos_terminal.services")

MenuListener = Callable[[Catalog, frozenset[str]], None]


class MenuService:
    def __init__(
        self,
        repo: MenuRepo,
        clock: Clock,
        *,
        currency: str,
        shipped: Path | None = None,
    ) -> None:
        self._repo, self._clock = repo, clock
        self._currency = currency.upper()
        self._shipped = shipped or default_catalog_path()
        self.listeners: list[MenuListener] = []

    # -- reading ------------------------------------------------------------------------------
    def document(self) -> dict[str, Any]:
        """BLOCKING: the stored menu document, else the shipped one; in the shop's currency."""
        doc = self._repo.document().result()
        if doc is None:
            doc = catalog_document(load_catalog(self._shipped))
        return {**doc, "currency": self._currency}

    def catalog(self) -> Catalog:
        """BLOCKING. `CatalogError` if the stored menu no longer parses (e.g. a currency change)."""
        return parse_catalog(self.document())

    def check_currency(self, currency: str) -> None:
        """BLOCKING: `CatalogError` unless the menu's prices can be read in `currency` (asked before
        the shop's currency changes: the next start reads the menu in it, and must not fail)."""
        try:
            parse_catalog({**self.document(), "currency": currency.upper()})
        except CatalogError as exc:
            raise CatalogError(
                QT_TRANSLATE_NOOP(
                    "Menu",
                    "The menu's prices cannot be read in {currency} ({reason}); the currency stays "
                    "{current}.",
                ).format(currency=currency.upper(), reason=exc, current=self._currency)
            ) from None

    def business_date(self) -> date:
        return self._clock.now().astimezone().date()

    def unavailable_today(self) -> frozenset[str]:
        return frozenset(self._repo.unavailable(self.business_date()).result())

    # -- changing -----------------------------------------------------------------------------
    def save(self, actor: StaffMember | None, doc: Mapping[str, Any], *, what: str = "edited") -> Catalog:
        """BLOCKING: validate and store a whole menu document; `actor` None is support at the CLI."""
        if actor is not None:
            actor.require(Permission.SETTINGS)
        doc = {**doc, "currency": self._currency}
        catalog = parse_catalog(doc)
        summary = {"what": what, "items": len(catalog.items), "categories": len(catalog.categories)}
        self._repo.save(catalog_document(catalog), actor_id=_id(actor), summary=summary).result()
        log.info("menu %s: %d items", what, len(catalog.items))
        self._notify(catalog)
        return catalog

    def update_item(self, actor: StaffMember | None, item: Mapping[str, Any]) -> Catalog:
        """Add or replace one item (by id) in the menu."""
        doc = self.document()
        items = [dict(it) for it in doc["items"]]
        for index, existing in enumerate(items):
            if existing["id"] == item["id"]:
                merged = {**existing, **item}
                if list(merged.get("modifier_groups", [])) != list(existing.get("modifier_groups", [])):
                    merged.pop("option_prices", None)  # overrides name options of the old groups
                items[index] = {k: v for k, v in merged.items() if v not in (None, [], {})}
                break
        else:
            items.append({k: v for k, v in item.items() if v not in (None, [], {})})
        return self.save(actor, {**doc, "items": items}, what=f"item {item['id']} saved")

    def remove_item(self, actor: StaffMember | None, item_id: str) -> Catalog:
        doc = self.document()
        items = [it for it in doc["items"] if it["id"] != item_id]
        if len(items) == len(doc["items"]):
            raise CatalogError(f"no item {item_id!r} on the menu")
        return self.save(actor, {**doc, "items": items}, what=f"item {item_id} removed")

    def save_category(self, actor: StaffMember | None, category_id: str, name: str) -> Catalog:
        doc = self.document()
        categories = [dict(c) for c in doc["categories"]]
        for category in categories:
            if category["id"] == category_id:
                category["name"] = name
                break
        else:
            categories.append({"id": category_id, "name": name})
        return self.save(actor, {**doc, "categories": categories}, what=f"category {category_id} saved")

    def save_option(
        self, actor: StaffMember | None, group_id: str, option_id: str, *, name: str, price: str
    ) -> Catalog:
        """Rename or reprice a modifier option (the group's default delta)."""
        doc = self.document()
        groups = [dict(g, options=[dict(o) for o in g["options"]]) for g in doc["modifier_groups"]]
        for group in groups:
            if group["id"] == group_id:
                for option in group["options"]:
                    if option["id"] == option_id:
                        option.update(name=name, price=price)
                        break
                else:
                    group["options"].append({"id": option_id, "name": name, "price": price})
                break
        else:
            raise CatalogError(f"no modifier group {group_id!r} on the menu")
        what = f"option {group_id}/{option_id} saved"
        return self.save(actor, {**doc, "modifier_groups": groups}, what=what)

    def set_unavailable(self, actor: StaffMember | None, item_id: str, unavailable: bool) -> frozenset[str]:
        """ "86" an item for today (or bring it back); returns today's unavailable items."""
        if actor is not None:
            actor.require(Permission.SELL)
        catalog = self.catalog()
        catalog.item(item_id)  # raises CatalogError for an unknown item
        self._repo.set_unavailable(item_id, self.business_date(), unavailable, actor_id=_id(actor)).result()
        self._notify(catalog)
        return self.unavailable_today()

    def _notify(self, catalog: Catalog) -> None:
        unavailable = self.unavailable_today()
        for listener in list(self.listeners):
            try:
                listener(catalog, unavailable)
            except Exception:
                log.exception("a menu listener failed")

    # -- files --------------------------------------------------------------------------------
    def export_text(self, fmt: str) -> str:
        doc = self.document()
        return catalog_to_toml(doc) if fmt == "toml" else items_to_csv(doc)

    def import_text(self, actor: StaffMember | None, text: str, fmt: str) -> Catalog:
        doc = catalog_from_toml(text) if fmt == "toml" else merge_items_csv(self.document(), text)
        return self.save(actor, doc, what=f"imported from {fmt.upper()}")


def format_of(path: Path | str, explicit: str | None = None) -> str:
    """ "toml" or "csv", from `explicit` or the file name; `CatalogError` otherwise."""
    fmt = (explicit or Path(path).suffix.lstrip(".")).lower()
    if fmt not in ("toml", "csv"):
        raise CatalogError("the menu file must be .toml or .csv (or say --format toml|csv)")
    return fmt


def _id(actor: StaffMember | None) -> str | None:
    return None if actor is None else actor.staff_id


__all__: Sequence[str] = ("MenuService", "format_of")
