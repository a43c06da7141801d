"""Parse Atlassian Statuspage v2 JSON (`/api/v2/summary.json`, also `incidents/unresolved.json` and
`scheduled-maintenances.json`) into a `Feed`.

Anything malformed raises `FeedError` with a short reason; no other exception escapes `parse_summary`.
Unknown enum values are kept as `UNKNOWN` (treated conservatively by `decision`), garbled or missing
timestamps become None; wrong JSON types for the fields we rely on are errors.
"""

from __future__ import annotations

import json
from typing import Any

from dripos_terminal.status.model import (
    Component,
    ComponentRef,
    ComponentStatus,
    Feed,
    FeedError,
    FeedFormat,
    Impact,
    Incident,
    IncidentStatus,
    IncidentUpdate,
    parse_timestamp,
)

MAX_BODY_BYTES = 1_000_000
_MAX_ITEMS = 2_000


def decode_text(body: bytes, limit: int = MAX_BODY_BYTES) -> str:
    if len(body) > limit:
        raise FeedError(f"feed too large ({len(body)} bytes)")
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FeedError("feed is not UTF-8 text") from None


def parse_summary(body: bytes) -> Feed:
    """Parse a Statuspage v2 JSON document. Raises `FeedError` only."""
    text = decode_text(body)
    stripped = text.lstrip()
    if not stripped:
        raise FeedError("empty feed")
    if stripped.startswith("<"):
        raise FeedError("got HTML/XML instead of JSON")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise FeedError("feed is not valid JSON") from None
    try:
        return _feed(data)
    except FeedError:
        raise
    except (TypeError, ValueError, KeyError, AttributeError, RecursionError) as exc:  # defensive: a bug
        raise FeedError(f"unexpected feed shape ({type(exc).__name__})") from None


def _feed(data: Any) -> Feed:
    if not isinstance(data, dict):
        raise FeedError("feed is not a JSON object")
    if not any(key in data for key in ("components", "incidents", "scheduled_maintenances")):
        raise FeedError("feed has no components, incidents or maintenances")
    page = data.get("page")
    page_name = ""
    updated_at = None
    if page is not None:
        page_obj = _obj(page, "page")
        page_name = _opt_str(page_obj, "name", "page")
        updated_at = parse_timestamp(page_obj.get("updated_at"))
    components: tuple[Component, ...] | None = None
    if "components" in data:
        components = tuple(_component(c) for c in _list(data["components"], "components"))
    incidents = tuple(_incident(i, False) for i in _list(data.get("incidents", []), "incidents"))
    maintenances = tuple(
        _incident(m, True) for m in _list(data.get("scheduled_maintenances", []), "scheduled_maintenances")
    )
    indicator = None
    status = data.get("status")
    if isinstance(status, dict) and isinstance(status.get("indicator"), str):
        indicator = status["indicator"]
    return Feed(
        format=FeedFormat.SUMMARY,
        page_name=page_name,
        updated_at=updated_at,
        components=components,
        incidents=incidents,
        maintenances=maintenances,
        indicator=indicator,
    )


def _obj(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise FeedError(f"{where} is not an object")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise FeedError(f"{where} is not a list")
    if len(value) > _MAX_ITEMS:
        raise FeedError(f"{where} has too many entries")
    return value


def _req_str(obj: dict[str, Any], key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise FeedError(f"{where}.{key} missing or not text")
    return value


def _opt_str(obj: dict[str, Any], key: str, where: str) -> str:
    value = obj.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise FeedError(f"{where}.{key} is not text")
    return value


def _component(value: Any) -> Component:
    obj = _obj(value, "component")
    group_id = obj.get("group_id")
    if group_id is not None and not isinstance(group_id, str):
        raise FeedError("component.group_id is not text")
    return Component(
        id=_req_str(obj, "id", "component"),
        name=_req_str(obj, "name", "component"),
        status=ComponentStatus.parse(_req_str(obj, "status", "component")),
        group_id=group_id,
        is_group=obj.get("group") is True,
    )


def _ref(value: Any, where: str) -> ComponentRef:
    obj = _obj(value, where)
    ident = obj.get("id", obj.get("code"))
    if not isinstance(ident, str) or not ident:
        raise FeedError(f"{where} has no id")
    raw_status = obj.get("status", obj.get("new_status"))
    status = ComponentStatus.parse(raw_status) if isinstance(raw_status, str) else None
    return ComponentRef(id=ident, name=_opt_str(obj, "name", where), status=status)


def _update(value: Any) -> IncidentUpdate:
    obj = _obj(value, "incident_update")
    affected_raw = obj.get("affected_components")
    affected = None
    if affected_raw is not None:
        affected = tuple(_ref(a, "affected_component") for a in _list(affected_raw, "affected_components"))
    posted = parse_timestamp(obj.get("display_at")) or parse_timestamp(obj.get("created_at"))
    raw_status = obj.get("status")
    if raw_status is not None and not isinstance(raw_status, str):
        raise FeedError("incident_update.status is not text")
    return IncidentUpdate(
        id=_req_str(obj, "id", "incident_update"),
        status=IncidentStatus.parse(raw_status),
        body=_opt_str(obj, "body", "incident_update").replace("\r\n", "\n"),
        posted_at=posted,
        affected_components=affected,
    )


def _incident(value: Any, maintenance: bool) -> Incident:
    where = "scheduled_maintenance" if maintenance else "incident"
    obj = _obj(value, where)
    raw_status = obj.get("status")
    if not isinstance(raw_status, str):
        raise FeedError(f"{where}.status missing or not text")
    raw_impact = obj.get("impact")
    if raw_impact is not None and not isinstance(raw_impact, str):
        raise FeedError(f"{where}.impact is not text")
    updates = [_update(u) for u in _list(obj.get("incident_updates", []), f"{where}.incident_updates")]
    # Newest first; updates without a time keep their feed order (Statuspage lists newest first).
    order = {id(u): n for n, u in enumerate(updates)}
    updates.sort(key=lambda u: (u.posted_at is not None, u.posted_at, -order[id(u)]), reverse=True)
    return Incident(
        id=_req_str(obj, "id", where),
        name=_opt_str(obj, "name", where) or "(untitled incident)",
        status=IncidentStatus.parse(raw_status),
        impact=Impact.parse(raw_impact),
        updates=tuple(updates),
        components=tuple(_ref(c, f"{where}.component") for c in _list(obj.get("components"), where)),
        created_at=parse_timestamp(obj.get("created_at")),
        updated_at=parse_timestamp(obj.get("updated_at")),
        shortlink=_opt_str(obj, "shortlink", where),
        is_maintenance=maintenance,
        scheduled_for=parse_timestamp(obj.get("scheduled_for")),
        scheduled_until=parse_timestamp(obj.get("scheduled_until")),
    )
