"""The menu as files: TOML (the whole catalog, the shipped file's format) and CSV (items only).

TOML export writes the catalog document; TOML import is `parse_catalog`, so a bad file is refused
with the entry it names. The CSV has one row per item (`id, name, category, category_name, price,
tax_class, modifier_groups`, groups separated by spaces); importing it replaces the items, adds any
category it names that the menu lacks, and keeps the tax classes and modifier groups.
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from collections.abc import Mapping
from typing import Any

from dripos_terminal.domain.catalog import CatalogError

CSV_COLUMNS = ("id", "name", "category", "category_name", "price", "tax_class", "modifier_groups")


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        # A JSON string is a TOML basic string, except that TOML also wants DEL escaped.
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_key(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _key(key: str) -> str:
    return key if key.replace("_", "").replace("-", "").isalnum() and key.isascii() else json.dumps(key)


def catalog_to_toml(doc: Mapping[str, Any]) -> str:
    out = ["# Dripos Terminal menu (prices are strings in the menu's currency)", ""]
    out += [f"version = {doc['version']}", f"currency = {_toml_value(doc['currency'])}", "", "[tax_classes]"]
    out += [f"{_key(k)} = {_toml_value(v)}" for k, v in doc["tax_classes"].items()]
    for table in ("categories", "modifier_groups", "items"):
        for entry in doc.get(table, []):
            out += ["", f"[[{table}]]"]
            nested = {k: v for k, v in entry.items() if isinstance(v, Mapping)}
            out += [f"{_key(k)} = {_toml_value(v)}" for k, v in entry.items() if k not in nested]
            for name, sub in nested.items():
                out += [f"[{table}.{name}]"] + [f"{_key(k)} = {_toml_value(v)}" for k, v in sub.items()]
    return "\n".join(out) + "\n"


def catalog_from_toml(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"the menu file is not valid TOML: {exc}") from None


def items_to_csv(doc: Mapping[str, Any]) -> str:
    names = {c["id"]: c["name"] for c in doc["categories"]}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180; a CR in a field is then quoted too
    writer.writerow(CSV_COLUMNS)
    for item in doc["items"]:
        writer.writerow(
            [
                item["id"],
                item["name"],
                item["category"],
                names.get(item["category"], ""),
                item["price"],
                item["tax_class"],
                " ".join(item.get("modifier_groups", [])),
            ]
        )
    return buffer.getvalue()


def merge_items_csv(doc: Mapping[str, Any], text: str) -> dict[str, Any]:
    """`doc` with its items replaced by the CSV's (a new document; validate it with `parse_catalog`)."""
    # Spreadsheets save "CSV UTF-8" with a byte order mark, which would hide the "id" column.
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        return _merge_rows(doc, reader)
    except csv.Error as exc:
        raise CatalogError(f"CSV line {reader.line_num + 1}: {exc}") from None  # the line being read


def _merge_rows(doc: Mapping[str, Any], reader: csv.DictReader[str]) -> dict[str, Any]:
    missing = [
        c for c in ("id", "name", "category", "price", "tax_class") if c not in (reader.fieldnames or [])
    ]
    if missing:
        raise CatalogError(f"the CSV has no {missing[0]!r} column (columns: {', '.join(CSV_COLUMNS)})")
    categories = [dict(c) for c in doc["categories"]]
    known = {c["id"] for c in categories}
    old = {it["id"]: it for it in doc["items"]}
    items: list[dict[str, Any]] = []
    for number, row in enumerate(reader, start=2):
        values = {k: (v or "").strip() for k, v in row.items() if k is not None}
        if not any(values.values()):
            continue
        category = values["category"]
        if category and category not in known:
            categories.append({"id": category, "name": values.get("category_name") or category})
            known.add(category)
        item: dict[str, Any] = {
            "id": values["id"],
            "name": values["name"],
            "category": category,
            "price": values["price"],
            "tax_class": values["tax_class"],
        }
        groups = values.get("modifier_groups", "").split()
        if groups:
            item["modifier_groups"] = groups
        previous = old.get(values["id"], {})
        kept = {k: v for k, v in previous.get("option_prices", {}).items()}
        if kept and groups == previous.get("modifier_groups", []):
            item["option_prices"] = kept  # per-item upsizes have no CSV column; keep them
        if not values["id"]:
            raise CatalogError(f"CSV line {number}: the item has no id")
        items.append(item)
    return {**doc, "categories": categories, "items": items}
