"""Fallback feeds: Statuspage `/history.atom` and `/history.rss`.

They carry no component list and no impact, only entries whose HTML content lists the updates
(`<strong>Resolved</strong> - text`, newest first). The resulting `Feed` has `components=None` and
every incident has `impact=UNKNOWN` and no components; `decision` treats that carefully (it matches
watched component names in the text and never escalates such an incident to OUTAGE).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET  # only after the DOCTYPE/ENTITY guard below
from datetime import datetime
from email.utils import parsedate_to_datetime

from dripos_terminal.status.model import (
    Feed,
    FeedError,
    FeedFormat,
    Impact,
    Incident,
    IncidentStatus,
    IncidentUpdate,
    parse_timestamp,
    to_utc,
)
from dripos_terminal.status.statuspage import decode_text

_ATOM = "{http://www.w3.org/2005/Atom}"
_MAINTENANCE = {IncidentStatus.SCHEDULED, IncidentStatus.IN_PROGRESS, IncidentStatus.VERIFYING}
_UPDATE_RE = re.compile(
    r"<strong>\s*([^<]{1,40}?)\s*</strong>\s*(?:-|&#8211;|–)?\s*(.*?)(?=</p>|<p>|$)", re.S
)
_TAG_RE = re.compile(r"<[^>]*>")
_MAX_ENTRIES = 500


def parse_history(body: bytes) -> Feed:
    """Parse an Atom or RSS history feed. Raises `FeedError` only."""
    text = decode_text(body)
    head = text.lstrip()[:2048].lower()
    if not head.startswith("<"):
        raise FeedError("feed is not XML")
    if "<!doctype" in text.lower() or "<!entity" in text.lower():
        raise FeedError("feed declares a DTD (refused)")
    try:
        root = ET.fromstring(text)  # noqa: S314 - DTDs/entities refused above, size capped
    except (ET.ParseError, ValueError, RecursionError):
        raise FeedError("feed is not well-formed XML") from None
    if root.tag == f"{_ATOM}feed":
        return _atom(root)
    if root.tag == "rss":
        return _rss(root)
    if root.tag.lower() == "html":
        raise FeedError("got an HTML page instead of a feed")
    raise FeedError("neither Atom nor RSS")


def _text(elem: ET.Element | None) -> str:
    if elem is None:
        return ""
    return "".join(elem.itertext()).strip()


def _updates(incident_id: str, content: str, newest_at: datetime | None) -> tuple[IncidentUpdate, ...]:
    found = _UPDATE_RE.findall(content)
    updates: list[IncidentUpdate] = []
    total = len(found)
    for n, (status, raw) in enumerate(found):
        body = html.unescape(_TAG_RE.sub("", raw)).strip()
        updates.append(
            IncidentUpdate(
                id=f"{incident_id}-{total - n}",  # counted from the oldest: stable as updates arrive
                status=IncidentStatus.parse(html.unescape(status)),
                body=body,
                posted_at=newest_at if n == 0 else None,
            )
        )
    return tuple(updates)


def _incident(ident: str, title: str, content: str, updated: datetime | None, link: str) -> Incident:
    incident_id = ident.rsplit("/", 1)[-1] or ident
    updates = _updates(incident_id, content, updated)
    if not updates:
        body = html.unescape(_TAG_RE.sub(" ", content)).strip()
        updates = (IncidentUpdate(f"{incident_id}-1", IncidentStatus.UNKNOWN, body, updated),)
    status = updates[0].status
    maintenance = any(u.status in _MAINTENANCE for u in updates)
    return Incident(
        id=incident_id,
        name=title or "(untitled incident)",
        status=status,
        impact=Impact.UNKNOWN,
        updates=updates,
        components=(),
        updated_at=updated,
        shortlink=link,
        is_maintenance=maintenance,
    )


def _split(incidents: list[Incident]) -> tuple[tuple[Incident, ...], tuple[Incident, ...]]:
    return (
        tuple(i for i in incidents if not i.is_maintenance),
        tuple(i for i in incidents if i.is_maintenance),
    )


def _atom(root: ET.Element) -> Feed:
    entries = root.findall(f"{_ATOM}entry")[:_MAX_ENTRIES]
    incidents: list[Incident] = []
    for entry in entries:
        ident = _text(entry.find(f"{_ATOM}id"))
        if not ident:
            raise FeedError("atom entry without id")
        link_el = entry.find(f"{_ATOM}link")
        link = link_el.get("href", "") if link_el is not None else ""
        updated = parse_timestamp(_text(entry.find(f"{_ATOM}updated"))) or parse_timestamp(
            _text(entry.find(f"{_ATOM}published"))
        )
        incidents.append(
            _incident(
                ident, _text(entry.find(f"{_ATOM}title")), _text(entry.find(f"{_ATOM}content")), updated, link
            )
        )
    inc, maint = _split(incidents)
    return Feed(
        format=FeedFormat.ATOM,
        page_name=_text(root.find(f"{_ATOM}title")),
        updated_at=parse_timestamp(_text(root.find(f"{_ATOM}updated"))),
        components=None,
        incidents=inc,
        maintenances=maint,
    )


def _rfc822(value: str) -> datetime | None:
    if not value:
        return None
    try:
        return to_utc(parsedate_to_datetime(value))
    except (TypeError, ValueError, IndexError):
        return None


def _rss(root: ET.Element) -> Feed:
    channel = root.find("channel")
    if channel is None:
        raise FeedError("rss without channel")
    incidents: list[Incident] = []
    for item in channel.findall("item")[:_MAX_ENTRIES]:
        ident = _text(item.find("guid")) or _text(item.find("link"))
        if not ident:
            raise FeedError("rss item without guid or link")
        incidents.append(
            _incident(
                ident,
                _text(item.find("title")),
                _text(item.find("description")),
                _rfc822(_text(item.find("pubDate"))),
                _text(item.find("link")),
            )
        )
    inc, maint = _split(incidents)
    return Feed(
        format=FeedFormat.RSS,
        page_name=_text(channel.find("title")),
        updated_at=None,
        components=None,
        incidents=inc,
        maintenances=maint,
    )
