"""Banner decisions from watched components and the incidents that list them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from dripos_terminal.config import StatusFeedConfig
from dripos_terminal.status.decision import DEFAULT_GUIDANCE, FeedSpec, decide
from dripos_terminal.status.model import Action, Severity
from dripos_terminal.status.poller import parse_feed
from dripos_terminal.status.statuspage import parse_summary
from tests.unit.status.status_helpers import DISCORD, DISCORD_MAINT, GITHUB, reference

NOW = datetime(2022, 11, 25, 16, 0, tzinfo=UTC)


def spec(*components: str) -> FeedSpec:
    return FeedSpec("GitHub", "https://example.invalid/api/v2/summary.json", components)


def github(mutate: Any = None) -> bytes:
    data = json.loads(reference(GITHUB))
    if mutate is not None:
        mutate(data)
    return json.dumps(data).encode()


def test_github_major_incident_is_an_outage_although_indicator_is_minor() -> None:
    feed = parse_summary(reference(GITHUB))
    assert feed.indicator == "minor"
    banner = decide(feed, spec("packages", "PAGES"), NOW)
    assert banner is not None
    assert banner.severity is Severity.OUTAGE
    assert banner.title == "Incident with Packages and Pages"
    assert banner.update_text.startswith("Packages is now experiencing degraded performance")
    assert banner.posted_at == datetime(2022, 11, 25, 15, 50, 4, 967000, tzinfo=UTC)
    assert banner.incident_id == "ljwdk6qml8z8" and banner.update_id == "k0x2s8g2plxb"
    assert banner.source == "GitHub"
    assert banner.guidance == DEFAULT_GUIDANCE[Severity.OUTAGE]
    assert Action.SWITCH_TO_OFFLINE in banner.actions and Action.DETAILS in banner.actions
    assert len(banner.history) == 7 and banner.history[0].id == "k0x2s8g2plxb"
    assert banner.details_url == "https://stspg.io/33vh8r7z43kh"
    assert not banner.stale


def test_watching_by_id_works_too() -> None:
    banner = decide(parse_summary(reference(GITHUB)), spec("vg70hn9s2tyj"), NOW)  # Pages, operational
    assert banner is not None and banner.severity is Severity.OUTAGE


def test_unwatched_components_do_not_raise_a_banner() -> None:
    assert decide(parse_summary(reference(GITHUB)), spec("Git Operations", "Webhooks"), NOW) is None


def test_discord_all_operational_no_banner() -> None:
    assert decide(parse_summary(reference(DISCORD)), spec("South Korea"), NOW) is None


def test_completed_maintenance_no_banner() -> None:
    assert decide(parse_summary(reference(DISCORD_MAINT)), spec("South Korea", "API"), NOW) is None


def test_component_status_alone_raises_banner() -> None:
    def degrade(data: dict[str, Any]) -> None:
        data["incidents"] = []
        data["components"][0]["status"] = "major_outage"

    banner = decide(parse_summary(github(degrade)), spec("Git Operations"), NOW)
    assert banner is not None and banner.severity is Severity.OUTAGE
    assert banner.incident_id is None and banner.update_id == "component:8l4ygp009s5s:major_outage"
    assert "Git Operations" in banner.title


def test_api_outage_does_not_offer_manual_entry() -> None:
    banner = decide(parse_summary(reference(GITHUB)), spec("API Requests", "Packages"), NOW)
    assert banner is not None
    assert Action.MANUAL_CARD_ENTRY in banner.actions  # Packages failing, API fine

    def api_down(data: dict[str, Any]) -> None:
        data["incidents"] = []
        data["components"][1]["status"] = "partial_outage"

    banner = decide(parse_summary(github(api_down)), spec("API Requests"), NOW)
    assert banner is not None and banner.severity is Severity.DEGRADED
    assert Action.MANUAL_CARD_ENTRY not in banner.actions


def test_incident_without_any_components_and_major_impact_is_conservative() -> None:
    def strip(data: dict[str, Any]) -> None:
        inc = data["incidents"][0]
        inc["components"] = []
        for update in inc["incident_updates"]:
            update["affected_components"] = None
        for comp in data["components"]:
            comp["status"] = "operational"

    banner = decide(parse_summary(github(strip)), spec("Git Operations"), NOW)
    assert banner is not None and banner.severity is Severity.DEGRADED  # may be ours: shown, not OUTAGE

    def minor(data: dict[str, Any]) -> None:
        strip(data)
        data["incidents"][0]["impact"] = "minor"

    banner = decide(parse_summary(github(minor)), spec("Git Operations"), NOW)
    assert banner is not None and banner.severity is Severity.INFO

    def none_impact(data: dict[str, Any]) -> None:
        strip(data)
        data["incidents"][0]["impact"] = "none"

    assert decide(parse_summary(github(none_impact)), spec("Git Operations"), NOW) is None


def test_incident_components_used_when_affected_components_null() -> None:
    def only_components(data: dict[str, Any]) -> None:
        for update in data["incidents"][0]["incident_updates"]:
            update["affected_components"] = None

    banner = decide(parse_summary(github(only_components)), spec("Pages"), NOW)
    assert banner is not None and banner.severity is Severity.OUTAGE


def test_resolved_incident_no_banner() -> None:
    def resolve(data: dict[str, Any]) -> None:
        data["incidents"][0]["status"] = "resolved"
        for comp in data["components"]:
            comp["status"] = "operational"

    assert decide(parse_summary(github(resolve)), spec("Packages"), NOW) is None


def _maintenance(status: str, start: datetime, end: datetime, components: list[str]) -> bytes:
    data = json.loads(reference(DISCORD_MAINT))
    maint = data["scheduled_maintenances"][0]
    maint["status"] = status
    maint["impact"] = "maintenance"
    maint["scheduled_for"] = start.isoformat()
    maint["scheduled_until"] = end.isoformat()
    maint["components"] = [{"id": c.lower(), "name": c, "status": "operational"} for c in components]
    return json.dumps(data).encode()


def test_in_progress_maintenance_is_shown_as_such() -> None:
    body = _maintenance("in_progress", NOW - timedelta(minutes=5), NOW + timedelta(hours=1), ["Terminal"])
    banner = decide(parse_summary(body), spec("terminal"), NOW)
    assert banner is not None and banner.severity is Severity.MAINTENANCE
    assert banner.title.startswith("Maintenance in progress")
    assert Action.SWITCH_TO_OFFLINE in banner.actions
    assert banner.scheduled_until == NOW + timedelta(hours=1)


def test_scheduled_maintenance_soon_shown_far_away_not() -> None:
    soon = _maintenance("scheduled", NOW + timedelta(hours=2), NOW + timedelta(hours=3), ["Terminal"])
    banner = decide(parse_summary(soon), spec("Terminal"), NOW)
    assert banner is not None and banner.title.startswith("Scheduled maintenance")
    assert banner.actions == (Action.DETAILS,)
    far = _maintenance("scheduled", NOW + timedelta(days=3), NOW + timedelta(days=3, hours=1), ["Terminal"])
    assert decide(parse_summary(far), spec("Terminal"), NOW) is None
    other = _maintenance("in_progress", NOW, NOW + timedelta(hours=1), ["Dashboard"])
    assert decide(parse_summary(other), spec("Terminal"), NOW) is None


def test_group_watch_includes_children() -> None:
    def group(data: dict[str, Any]) -> None:
        data["incidents"] = []
        data["components"].append(
            {"id": "grp1", "name": "Payments", "status": "partial_outage", "group": True, "group_id": None}
        )
        data["components"][0]["group_id"] = "grp1"
        data["components"][0]["status"] = "major_outage"

    banner = decide(parse_summary(github(group)), spec("payments"), NOW)
    assert banner is not None and banner.severity is Severity.OUTAGE


def test_atom_feed_matches_names_in_text_and_never_claims_outage() -> None:
    atom = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>S</title>'
        "<entry><id>tag:x,2005:Incident/9</id><updated>2022-11-25T15:00:00Z</updated>"
        "<title>Errors with in-person card payments</title>"
        '<content type="html">&lt;p&gt;&lt;strong&gt;Investigating&lt;/strong&gt; - '
        "Card readers fail.&lt;/p&gt;</content></entry></feed>"
    )
    feed = parse_feed(atom.encode())
    banner = decide(feed, spec("Card readers"), NOW)
    assert banner is not None and banner.severity is Severity.DEGRADED
    assert banner.update_text == "Card readers fail."
    other = decide(feed, spec("Dashboard"), NOW)
    assert other is not None and other.severity is Severity.INFO
    # a week later the history entry is ignored
    assert decide(feed, spec("Card readers"), NOW + timedelta(days=8)) is None


def test_guidance_from_config_field_when_present() -> None:
    config = StatusFeedConfig(
        name="GitHub", components=("Packages",), guidance={"outage": "Use the backup reader.", "bogus": "x"}
    )
    feed_spec = FeedSpec.from_config(config)
    banner = decide(parse_summary(reference(GITHUB)), feed_spec, NOW)
    assert banner is not None and banner.guidance == "Use the backup reader."
    default = FeedSpec.from_config(StatusFeedConfig())
    assert default.guidance_for(Severity.INFO) == DEFAULT_GUIDANCE[Severity.INFO]


@pytest.mark.parametrize("severity", list(Severity))
def test_severity_has_label_and_symbol(severity: Severity) -> None:
    assert severity.label and severity.symbol
    assert len({s.symbol for s in Severity}) == len(Severity)
