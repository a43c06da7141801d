"""Feed parsing: the three real payloads, Atom/RSS, and malformed input (never a crash)."""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dripos_terminal.status.atom import parse_history
from dripos_terminal.status.model import (
    ComponentStatus,
    FeedError,
    FeedFormat,
    Impact,
    IncidentStatus,
    parse_timestamp,
)
from dripos_terminal.status.poller import parse_feed
from dripos_terminal.status.statuspage import parse_summary
from tests.unit.status.status_helpers import DISCORD, DISCORD_MAINT, GITHUB, reference


def test_github_summary_parses_into_typed_values() -> None:
    feed = parse_summary(reference(GITHUB))
    assert feed.format is FeedFormat.SUMMARY
    assert feed.page_name == "GitHub"
    assert feed.indicator == "minor"
    assert feed.components is not None and len(feed.components) == 11
    packages = next(c for c in feed.components if c.name == "Packages")
    assert packages.status is ComponentStatus.PARTIAL_OUTAGE
    (incident,) = feed.incidents
    assert incident.impact is Impact.MAJOR
    assert incident.status is IncidentStatus.INVESTIGATING
    assert len(incident.updates) == 7
    newest = incident.updates[0]
    assert newest.id == "k0x2s8g2plxb"
    assert newest.posted_at == datetime(2022, 11, 25, 15, 50, 4, 967000, tzinfo=UTC)
    # affected_components null on some updates is kept as None, not an empty list
    assert incident.updates[1].affected_components is None
    assert {c.name for c in incident.components} == {"Packages", "Pages"}


def test_discord_offsets_become_utc() -> None:
    feed = parse_summary(reference(DISCORD))
    assert feed.updated_at == datetime(2022, 2, 15, 21, 37, 37, 407000, tzinfo=UTC)
    assert feed.incidents == () and feed.maintenances == ()


def test_completed_maintenance_keeps_crlf_and_unicode() -> None:
    feed = parse_summary(reference(DISCORD_MAINT))
    assert feed.components is None  # scheduled-maintenances.json has no component list
    (maint,) = feed.maintenances
    assert maint.is_maintenance and maint.status is IncidentStatus.COMPLETED
    assert maint.impact is Impact.MAJOR
    assert "\r" not in maint.updates[0].body and "〜(￣▽￣〜)" in maint.updates[0].body
    assert maint.scheduled_for == datetime(2015, 9, 22, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2022-11-25T15:50:04.967Z", datetime(2022, 11, 25, 15, 50, 4, 967000, tzinfo=UTC)),
        ("2022-02-15T13:37:37.407-08:00", datetime(2022, 2, 15, 21, 37, 37, 407000, tzinfo=UTC)),
        ("2022-02-15T13:37:37", datetime(2022, 2, 15, 13, 37, 37, tzinfo=UTC)),  # naive = UTC
        ("2021-08-11", datetime(2021, 8, 11, tzinfo=UTC)),
        ("yesterday", None),
        ("", None),
        (None, None),
        (12345, None),
    ],
)
def test_timestamps(raw: object, expected: datetime | None) -> None:
    assert parse_timestamp(raw) == expected


def _github() -> dict[str, object]:
    data: dict[str, object] = json.loads(reference(GITHUB))
    return data


MALFORMED: list[tuple[str, bytes]] = [
    ("empty", b""),
    ("truncated", reference(GITHUB)[:5000]),
    ("html", b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"),
    ("list", b"[]"),
    ("null", b"null"),
    ("no sections", b'{"page": {"name": "x"}}'),
    ("components not list", b'{"components": {"a": 1}}'),
    ("component id int", b'{"components": [{"id": 1, "name": "API", "status": "operational"}]}'),
    ("component missing status", b'{"components": [{"id": "a", "name": "API"}]}'),
    ("incident not object", b'{"incidents": ["boom"]}'),
    ("incident status missing", b'{"incidents": [{"id": "x", "name": "n"}]}'),
    ("update id missing", b'{"incidents": [{"id": "x", "status": "x", "incident_updates": [{}]}]}'),
    ("impact wrong type", b'{"incidents": [{"id": "x", "status": "investigating", "impact": 3}]}'),
    ("not utf-8", b'{"components": [{"id": "\xff"}]}'),
    ("deep nesting", b"[" * 100_000),
    ("too big", b" " * 1_000_001),
]


@pytest.mark.parametrize(("label", "body"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_summary_is_a_feed_error(label: str, body: bytes) -> None:
    with pytest.raises(FeedError) as info:
        parse_feed(body)
    assert info.value.reason
    assert len(info.value.reason) < 80


def test_unknown_enum_values_are_kept_as_unknown() -> None:
    data = _github()
    data["components"][7]["status"] = "on_fire"  # type: ignore[index]
    data["incidents"][0]["impact"] = "apocalyptic"  # type: ignore[index]
    feed = parse_summary(json.dumps(data).encode())
    assert feed.components is not None
    assert feed.components[7].status is ComponentStatus.UNKNOWN
    assert feed.incidents[0].impact is Impact.UNKNOWN


def test_missing_timestamps_are_none_not_errors() -> None:
    data = _github()
    for update in data["incidents"][0]["incident_updates"]:  # type: ignore[index]
        update.pop("display_at")
        update["created_at"] = "garbage"
    feed = parse_summary(json.dumps(data).encode())
    assert all(u.posted_at is None for u in feed.incidents[0].updates)
    assert feed.incidents[0].updates[0].id == "k0x2s8g2plxb"  # feed order kept


ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xml:lang="en-US" xmlns="http://www.w3.org/2005/Atom">
  <id>tag:status.stripe.com,2005:/history</id>
  <title>Stripe Status - Incident History</title>
  <updated>2023-03-31T18:21:00Z</updated>
  <entry>
    <id>tag:status.stripe.com,2005:Incident/15512345</id>
    <published>2023-03-31T17:53:00Z</published>
    <updated>2023-03-31T18:07:00-04:00</updated>
    <link rel="alternate" type="text/html" href="https://status.stripe.com/incidents/abc"/>
    <title>Errors with in-person card payments</title>
    <content type="html">&lt;p&gt;&lt;small&gt;Mar &lt;var data-var='date'&gt;31&lt;/var&gt;&lt;/small&gt;
&lt;br&gt;&lt;strong&gt;Identified&lt;/strong&gt; - Mitigation is working for Card readers.&lt;/p&gt;
&lt;p&gt;&lt;small&gt;Mar 31&lt;/small&gt;&lt;br&gt;
&lt;strong&gt;Investigating&lt;/strong&gt; - Terminal errors.&lt;/p&gt;
</content>
  </entry>
  <entry>
    <id>tag:status.stripe.com,2005:Incident/1</id>
    <updated>2023-03-01T10:00:00Z</updated>
    <title>Old thing</title>
    <content type="html">&lt;p&gt;&lt;strong&gt;Resolved&lt;/strong&gt; - Fixed.&lt;/p&gt;</content>
  </entry>
</feed>
"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Stripe Status</title>
<item><title>Scheduled API maintenance</title><guid>https://status.stripe.com/incidents/m1</guid>
<pubDate>Fri, 31 Mar 2023 17:00:00 -0400</pubDate>
<description>&lt;p&gt;&lt;strong&gt;In progress&lt;/strong&gt; - API maintenance is underway.&lt;/p&gt;
</description>
</item></channel></rss>
"""


def test_atom_history_has_no_components_and_unknown_impact() -> None:
    feed = parse_feed(ATOM.encode(), "application/atom+xml")
    assert feed.format is FeedFormat.ATOM and feed.components is None
    first, second = feed.incidents
    assert first.id == "15512345" and first.impact is Impact.UNKNOWN
    assert first.status is IncidentStatus.IDENTIFIED
    assert [u.status for u in first.updates] == [IncidentStatus.IDENTIFIED, IncidentStatus.INVESTIGATING]
    assert first.updates[0].posted_at == datetime(2023, 3, 31, 22, 7, tzinfo=UTC)
    assert first.updates[0].body == "Mitigation is working for Card readers."
    assert first.updates[0].id == "15512345-2"
    assert second.status.is_closed


def test_rss_maintenance() -> None:
    feed = parse_history(RSS.encode())
    assert feed.format is FeedFormat.RSS
    (maint,) = feed.maintenances
    assert maint.status is IncidentStatus.IN_PROGRESS
    assert maint.updated_at == datetime(2023, 3, 31, 21, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "body",
    [
        b"<feed xmlns='http://www.w3.org/2005/Atom'><entry>",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><feed>&a;</feed>',
        b"<html><body>oops</body></html>",
        b"<svg/>",
        b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>x</title></entry></feed>",
    ],
)
def test_malformed_history_is_a_feed_error(body: bytes) -> None:
    with pytest.raises(FeedError):
        parse_history(body)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_fuzz_bytes_never_crash(body: bytes) -> None:
    with contextlib.suppress(FeedError):
        parse_feed(body)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=10), kids, max_size=4),
    max_leaves=20,
)
_keys = st.sampled_from(
    ["id", "name", "status", "impact", "incident_updates", "components", "affected_components", "body",
     "created_at", "display_at", "group_id", "code", "new_status", "scheduled_for"]
)  # fmt: skip
_shaped = st.recursive(
    st.none()
    | st.text(max_size=12)
    | st.integers()
    | st.sampled_from(["operational", "major", "2022-11-25T15:50Z"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_keys, children, max_size=6),
    max_leaves=30,
)


_SECTIONS = st.sampled_from(["page", "components", "incidents", "scheduled_maintenances"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_SECTIONS, _shaped))
def test_fuzz_summary_shapes_never_crash(doc: dict[str, object]) -> None:
    with contextlib.suppress(FeedError):
        parse_summary(json.dumps(doc).encode())


@settings(max_examples=80, deadline=None)
@given(_json)
def test_fuzz_any_json_never_crashes(doc: object) -> None:
    with contextlib.suppress(FeedError):
        parse_summary(json.dumps(doc).encode())
