"""Typed, frozen values of the status area: what a feed says, and the banner we decide to show.

Plain Python, no Qt, no I/O. Feed parsers (`statuspage`, `atom`) produce a `Feed`; `decision` turns a
`Feed` into a `Banner`; `health` produces local `Banner`s; `incident` picks the one to show.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime

from dripos_terminal.i18n import QT_TRANSLATE_NOOP, Text


class FeedError(Exception):
    """A feed that could not be fetched or understood. `reason` is short and safe to show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Severity(enum.Enum):
    """What a banner means. Ordered by `rank`; each has a label and a symbol (readable without colour).

    The symbols are ones common fonts (DejaVu, Noto) carry: a missing glyph would show as a box."""

    INFO = ("info", QT_TRANSLATE_NOOP("Severity", "Info"), "ℹ", 0)
    MAINTENANCE = ("maintenance", QT_TRANSLATE_NOOP("Severity", "Maintenance"), "⚙", 1)
    DEGRADED = ("degraded", QT_TRANSLATE_NOOP("Severity", "Degraded"), "⚠", 2)
    OUTAGE = ("outage", QT_TRANSLATE_NOOP("Severity", "Outage"), "✖", 3)

    def __init__(self, key: str, label: Text, symbol: str, rank: int) -> None:
        self.key = key
        self.label = label
        self.symbol = symbol
        self.rank = rank

    @classmethod
    def from_key(cls, key: str) -> Severity:
        for member in cls:
            if member.key == key:
                return member
        raise ValueError(key)


class Action(enum.Enum):
    """Buttons a banner offers. The UI decides how each is carried out (manager PIN etc.)."""

    SWITCH_TO_OFFLINE = "switch_to_offline"
    MANUAL_CARD_ENTRY = "manual_card_entry"
    GO_BACK_ONLINE = "go_back_online"
    DETAILS = "details"


class ComponentStatus(enum.Enum):
    OPERATIONAL = "operational"
    DEGRADED_PERFORMANCE = "degraded_performance"
    PARTIAL_OUTAGE = "partial_outage"
    MAJOR_OUTAGE = "major_outage"
    UNDER_MAINTENANCE = "under_maintenance"
    UNKNOWN = "unknown"  # a value Statuspage may add later; treated as degraded when watched

    @classmethod
    def parse(cls, value: str) -> ComponentStatus:
        try:
            return cls(value.strip().lower())
        except ValueError:
            return cls.UNKNOWN

    @property
    def label(self) -> str:
        return COMPONENT_STATUS_LABELS.get(self, self.value.replace("_", " "))


COMPONENT_STATUS_LABELS: dict[ComponentStatus, Text] = {
    ComponentStatus.OPERATIONAL: QT_TRANSLATE_NOOP("ComponentStatus", "operational"),
    ComponentStatus.DEGRADED_PERFORMANCE: QT_TRANSLATE_NOOP("ComponentStatus", "degraded performance"),
    ComponentStatus.PARTIAL_OUTAGE: QT_TRANSLATE_NOOP("ComponentStatus", "partial outage"),
    ComponentStatus.MAJOR_OUTAGE: QT_TRANSLATE_NOOP("ComponentStatus", "major outage"),
    ComponentStatus.UNDER_MAINTENANCE: QT_TRANSLATE_NOOP("ComponentStatus", "under maintenance"),
    ComponentStatus.UNKNOWN: QT_TRANSLATE_NOOP("ComponentStatus", "unknown"),
}


class Impact(enum.Enum):
    NONE = "none"
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"
    UNKNOWN = "unknown"  # missing (Atom/RSS) or a value we do not know

    @classmethod
    def parse(cls, value: str | None) -> Impact:
        if value is None:
            return cls.UNKNOWN
        try:
            return cls(value.strip().lower())
        except ValueError:
            return cls.UNKNOWN


class IncidentStatus(enum.Enum):
    INVESTIGATING = "investigating"
    IDENTIFIED = "identified"
    MONITORING = "monitoring"
    RESOLVED = "resolved"
    POSTMORTEM = "postmortem"
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    VERIFYING = "verifying"
    COMPLETED = "completed"
    UNKNOWN = "unknown"

    @classmethod
    def parse(cls, value: str | None) -> IncidentStatus:
        if value is None:
            return cls.UNKNOWN
        try:
            return cls(value.strip().lower().replace(" ", "_"))
        except ValueError:
            return cls.UNKNOWN

    @property
    def is_closed(self) -> bool:
        return self in (IncidentStatus.RESOLVED, IncidentStatus.POSTMORTEM, IncidentStatus.COMPLETED)

    @property
    def label(self) -> str:
        return INCIDENT_STATUS_LABELS.get(self, self.value.replace("_", " ").capitalize())


INCIDENT_STATUS_LABELS: dict[IncidentStatus, Text] = {
    IncidentStatus.INVESTIGATING: QT_TRANSLATE_NOOP("IncidentStatus", "Investigating"),
    IncidentStatus.IDENTIFIED: QT_TRANSLATE_NOOP("IncidentStatus", "Identified"),
    IncidentStatus.MONITORING: QT_TRANSLATE_NOOP("IncidentStatus", "Monitoring"),
    IncidentStatus.RESOLVED: QT_TRANSLATE_NOOP("IncidentStatus", "Resolved"),
    IncidentStatus.POSTMORTEM: QT_TRANSLATE_NOOP("IncidentStatus", "Postmortem"),
    IncidentStatus.SCHEDULED: QT_TRANSLATE_NOOP("IncidentStatus", "Scheduled"),
    IncidentStatus.IN_PROGRESS: QT_TRANSLATE_NOOP("IncidentStatus", "In progress"),
    IncidentStatus.VERIFYING: QT_TRANSLATE_NOOP("IncidentStatus", "Verifying"),
    IncidentStatus.COMPLETED: QT_TRANSLATE_NOOP("IncidentStatus", "Completed"),
}


@dataclass(frozen=True)
class Component:
    id: str
    name: str
    status: ComponentStatus
    group_id: str | None = None
    is_group: bool = False


@dataclass(frozen=True)
class ComponentRef:
    """A component named by an incident or one of its updates (`code`/`id` and name)."""

    id: str
    name: str
    status: ComponentStatus | None = None


@dataclass(frozen=True)
class IncidentUpdate:
    id: str
    status: IncidentStatus
    body: str
    posted_at: datetime | None
    affected_components: tuple[ComponentRef, ...] | None = None


@dataclass(frozen=True)
class Incident:
    """An incident or a scheduled maintenance (`is_maintenance`). `updates` are newest first."""

    id: str
    name: str
    status: IncidentStatus
    impact: Impact
    updates: tuple[IncidentUpdate, ...]
    components: tuple[ComponentRef, ...]
    created_at: datetime | None = None
    updated_at: datetime | None = None
    shortlink: str = ""
    is_maintenance: bool = False
    scheduled_for: datetime | None = None
    scheduled_until: datetime | None = None

    def all_components(self) -> tuple[ComponentRef, ...]:
        """The incident's own list plus every update's `affected_components` (either may be empty)."""
        refs: list[ComponentRef] = list(self.components)
        for update in self.updates:
            refs.extend(update.affected_components or ())
        return tuple(refs)


class FeedFormat(enum.Enum):
    SUMMARY = "summary"  # Statuspage v2 summary.json (or incidents/scheduled-maintenances.json)
    ATOM = "atom"
    RSS = "rss"


@dataclass(frozen=True)
class Feed:
    """What one fetch of a status page said. `components is None` means the format has no list."""

    format: FeedFormat
    page_name: str
    updated_at: datetime | None
    components: tuple[Component, ...] | None
    incidents: tuple[Incident, ...]
    maintenances: tuple[Incident, ...]
    indicator: str | None = None  # page-wide; informational only, never used to decide


@dataclass(frozen=True)
class BannerUpdate:
    """One entry of a banner's history (newest first in `Banner.history`)."""

    id: str
    status: str
    body: str
    posted_at: datetime | None


@dataclass(frozen=True)
class Banner:
    """What the till shows. `incident_id` + `update_id` identify the text (de-duplication)."""

    severity: Severity
    title: str
    update_text: str
    posted_at: datetime | None
    guidance: str
    actions: tuple[Action, ...]
    source: str  # feed name, or "local"
    incident_id: str | None = None
    update_id: str | None = None
    history: tuple[BannerUpdate, ...] = ()
    stale: bool = False
    details_url: str = ""
    scheduled_for: datetime | None = None
    scheduled_until: datetime | None = None

    @property
    def key(self) -> tuple[str, str | None, str | None, str]:
        """Changes whenever the banner says something new (new update, new severity, other incident)."""
        return (self.source, self.incident_id, self.update_id, self.severity.key)


def to_utc(value: datetime) -> datetime:
    """Aware UTC; a naive value is taken to be UTC already (documented assumption)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def parse_timestamp(value: object) -> datetime | None:
    """ISO-8601 (ms, `Z` or offset, naive = UTC) → aware UTC; anything else → None.

    A missing or garbled timestamp does not make a feed unusable: the banner just has no time.
    Date-only values (`2021-08-11`) become midnight UTC.
    """
    if not isinstance(value, str) or not value.strip() or len(value) > 64:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return to_utc(parsed)
