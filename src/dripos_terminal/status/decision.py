"""Decide the banner for one feed from the *watched* components and the unresolved incidents that
list them. The page-wide `status.indicator` is never used: it blends components we do not care about
and understates incidents (GitHub's "minor" indicator during a "major" incident).

Rules (documented here, tested in tests/unit/status/test_decision.py):

- Watched entries match a component's id or name, case-insensitively; a watched group also watches
  its children.
- Component status alone: degraded_performance/partial_outage/unknown → DEGRADED,
  major_outage → OUTAGE, under_maintenance → MAINTENANCE.
- An unresolved incident is relevant when its `components` or any update's `affected_components`
  name a watched component. Its severity is the worst of its impact (critical/major → OUTAGE,
  minor/unknown → DEGRADED, none → INFO) and the statuses of the watched components it lists.
- An incident that lists no components at all (unknown scope): impact major/critical → DEGRADED
  (conservative: it may be ours, but we do not claim an outage of our components), minor/unknown →
  INFO, none → ignored. In Atom/RSS feeds (no components, no impact) an incident whose title or text
  names a watched component counts as relevant with unknown impact (DEGRADED); others are INFO.
  Atom/RSS entries older than 7 days are ignored (history feeds keep old entries forever).
- Maintenance in progress/verifying affecting watched components (or unknown scope with impact
  ≥ major) → MAINTENANCE, "Maintenance in progress"; scheduled and starting within 24 h →
  MAINTENANCE, "Scheduled maintenance"; completed or past its window → nothing.
- The most severe candidate wins; on a tie an incident beats a bare component status, then the newest.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import MappingProxyType

from dripos_terminal.config import StatusFeedConfig
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.status.model import (
    Action,
    Banner,
    BannerUpdate,
    Component,
    ComponentStatus,
    Feed,
    FeedFormat,
    Impact,
    Incident,
    IncidentStatus,
    Severity,
)

DEFAULT_GUIDANCE: Mapping[Severity, str] = MappingProxyType(
    {
        Severity.OUTAGE: QT_TRANSLATE_NOOP(
            "Guidance",
            "Card payments may fail. Switch to offline payments (or take cash) and keep selling; "
            "everything else on the till still works.",
        ),
        Severity.DEGRADED: QT_TRANSLATE_NOOP(
            "Guidance", "Card payments may be slow or fail. If a payment fails, switch to offline payments."
        ),
        Severity.MAINTENANCE: QT_TRANSLATE_NOOP(
            "Guidance",
            "Planned maintenance by the payment provider. If card payments fail, switch to offline payments.",
        ),
        Severity.INFO: QT_TRANSLATE_NOOP(
            "Guidance", "For information. No action needed unless card payments fail."
        ),
    }
)

SCHEDULED_HORIZON = timedelta(hours=24)
HISTORY_MAX_AGE = timedelta(days=7)

_COMPONENT_SEVERITY = {
    ComponentStatus.OPERATIONAL: None,
    ComponentStatus.DEGRADED_PERFORMANCE: Severity.DEGRADED,
    ComponentStatus.PARTIAL_OUTAGE: Severity.DEGRADED,
    ComponentStatus.MAJOR_OUTAGE: Severity.OUTAGE,
    ComponentStatus.UNDER_MAINTENANCE: Severity.MAINTENANCE,
    ComponentStatus.UNKNOWN: Severity.DEGRADED,
}
_IMPACT_SEVERITY = {
    Impact.CRITICAL: Severity.OUTAGE,
    Impact.MAJOR: Severity.OUTAGE,
    Impact.MINOR: Severity.DEGRADED,
    Impact.UNKNOWN: Severity.DEGRADED,
    Impact.NONE: Severity.INFO,
}

log = logging.getLogger("dripos_terminal.status")


@dataclass(frozen=True)
class FeedSpec:
    """One feed to watch: where, which components, and what we tell the barista per severity."""

    name: str
    url: str
    components: tuple[str, ...]
    guidance: Mapping[Severity, str] = field(default_factory=lambda: DEFAULT_GUIDANCE, hash=False)

    @classmethod
    def from_config(cls, config: StatusFeedConfig) -> FeedSpec:
        guidance = dict(DEFAULT_GUIDANCE)
        for key, text in config.guidance.items():
            try:
                guidance[Severity.from_key(str(key))] = str(text)
            except ValueError:
                log.warning("status feed %s: ignoring guidance for unknown severity %r", config.name, key)
        return cls(config.name, config.url, tuple(config.components), MappingProxyType(guidance))

    def guidance_for(self, severity: Severity) -> str:
        return self.guidance.get(severity, DEFAULT_GUIDANCE[severity])


def worst(severities: Iterable[Severity | None]) -> Severity | None:
    best: Severity | None = None
    for sev in severities:
        if sev is not None and (best is None or sev.rank > best.rank):
            best = sev
    return best


@dataclass(frozen=True)
class _Candidate:
    severity: Severity
    banner: Banner
    from_incident: bool


class _Watch:
    def __init__(self, spec: FeedSpec, components: tuple[Component, ...] | None) -> None:
        self.keys = {c.strip().casefold() for c in spec.components if c.strip()}
        self.by_id: dict[str, Component] = {}
        matched: dict[str, Component] = {}
        for comp in components or ():
            self.by_id[comp.id] = comp
            if self.match(comp.id, comp.name):
                matched[comp.id] = comp
        for comp in components or ():
            if comp.group_id is not None and comp.group_id in matched:
                matched[comp.id] = comp
        self.watched = matched

    def match(self, ident: str, name: str) -> bool:
        return ident.casefold() in self.keys or name.strip().casefold() in self.keys

    def in_text(self, text: str) -> bool:
        folded = text.casefold()
        return any(key in folded for key in self.keys)


def decide(feed: Feed, spec: FeedSpec, now: datetime | None = None) -> Banner | None:
    """The banner for this feed, or None when every watched thing is fine."""
    watch = _Watch(spec, feed.components)
    candidates: list[_Candidate] = []
    for comp in watch.watched.values():
        sev = _COMPONENT_SEVERITY[comp.status]
        if sev is not None and not comp.is_group:
            candidates.append(_component_candidate(spec, comp, sev))
    history_feed = feed.format is not FeedFormat.SUMMARY
    for incident in feed.incidents:
        if incident.status.is_closed or incident.is_maintenance:
            continue
        if history_feed and now is not None and _too_old(incident, now):
            continue
        cand = _incident_candidate(spec, watch, incident, history_feed)
        if cand is not None:
            candidates.append(cand)
    for maint in (*feed.maintenances, *(i for i in feed.incidents if i.is_maintenance)):
        cand = _maintenance_candidate(spec, watch, maint, now, history_feed)
        if cand is not None:
            candidates.append(cand)
    if not candidates:
        return None
    epoch = datetime.min.replace(tzinfo=None)

    def rank(c: _Candidate) -> tuple[int, bool, datetime]:
        posted = c.banner.posted_at.replace(tzinfo=None) if c.banner.posted_at else epoch
        return (c.severity.rank, c.from_incident, posted)

    return max(candidates, key=rank).banner


def _too_old(incident: Incident, now: datetime) -> bool:
    stamp = incident.updated_at or (incident.updates[0].posted_at if incident.updates else None)
    return stamp is not None and now - stamp > HISTORY_MAX_AGE


def _actions(severity: Severity, names: Iterable[str], in_progress: bool = True) -> tuple[Action, ...]:
    if severity in (Severity.OUTAGE, Severity.DEGRADED):
        # Keyed entry still needs the API: offer it only when the API itself is not what is failing.
        api_down = any("api" in n.casefold().split() or n.casefold() == "api" for n in names)
        if api_down:
            return (Action.SWITCH_TO_OFFLINE, Action.DETAILS)
        return (Action.SWITCH_TO_OFFLINE, Action.MANUAL_CARD_ENTRY, Action.DETAILS)
    if severity is Severity.MAINTENANCE and in_progress:
        return (Action.SWITCH_TO_OFFLINE, Action.DETAILS)
    return (Action.DETAILS,)


def _component_candidate(spec: FeedSpec, comp: Component, sev: Severity) -> _Candidate:
    banner = Banner(
        severity=sev,
        title=QT_TRANSLATE_NOOP("StatusFeed", "{feed} {component}: {status}").format(
            feed=spec.name, component=comp.name, status=comp.status.label
        ),
        update_text=QT_TRANSLATE_NOOP("StatusFeed", "{feed} reports {component} as {status}.").format(
            feed=spec.name, component=comp.name, status=comp.status.label
        ),
        posted_at=None,
        guidance=spec.guidance_for(sev),
        actions=_actions(sev, [comp.name]),
        source=spec.name,
        incident_id=None,
        update_id=f"component:{comp.id}:{comp.status.value}",
    )
    return _Candidate(sev, banner, False)


def _history(incident: Incident) -> tuple[BannerUpdate, ...]:
    return tuple(BannerUpdate(u.id, u.status.label, u.body, u.posted_at) for u in incident.updates)


def _incident_banner(
    spec: FeedSpec, incident: Incident, sev: Severity, title: str, actions: tuple[Action, ...]
) -> Banner:
    newest = incident.updates[0] if incident.updates else None
    return Banner(
        severity=sev,
        title=title,
        update_text=newest.body if newest else "",
        posted_at=newest.posted_at if newest else incident.updated_at,
        guidance=spec.guidance_for(sev),
        actions=actions,
        source=spec.name,
        incident_id=incident.id,
        update_id=newest.id if newest else None,
        history=_history(incident),
        details_url=incident.shortlink,
        scheduled_for=incident.scheduled_for,
        scheduled_until=incident.scheduled_until,
    )


def _relevant_names(watch: _Watch, incident: Incident) -> list[str] | None:
    """Names of watched components the incident lists; None when it lists no components at all."""
    refs = incident.all_components()
    if not refs:
        return None
    names: list[str] = []
    for ref in refs:
        if ref.id in watch.watched or watch.match(ref.id, ref.name):
            comp = watch.by_id.get(ref.id)
            names.append(comp.name if comp else ref.name)
    return names


def _incident_candidate(
    spec: FeedSpec, watch: _Watch, incident: Incident, history_feed: bool
) -> _Candidate | None:
    names = _relevant_names(watch, incident)
    if names is not None and not names:
        return None
    if names is None:
        text = " ".join([incident.name, *(u.body for u in incident.updates[:3])])
        if history_feed and watch.in_text(text):
            sev: Severity | None = Severity.DEGRADED
            names = [k for k in watch.keys if k in text.casefold()]
        elif incident.impact in (Impact.MAJOR, Impact.CRITICAL):
            sev = Severity.DEGRADED
        elif incident.impact is Impact.NONE:
            sev = None
        else:
            sev = Severity.INFO
        if sev is None:
            return None
    else:
        statuses: list[Severity | None] = [_IMPACT_SEVERITY[incident.impact]]
        for ref in incident.all_components():
            comp = watch.by_id.get(ref.id)
            if ref.id in watch.watched or watch.match(ref.id, ref.name):
                current = comp.status if comp else ref.status
                if current is not None and current is not ComponentStatus.UNDER_MAINTENANCE:
                    statuses.append(_COMPONENT_SEVERITY[current])
        sev = worst(statuses) or Severity.DEGRADED
    banner = _incident_banner(spec, incident, sev, incident.name, _actions(sev, names or []))
    return _Candidate(sev, banner, True)


def _maintenance_candidate(
    spec: FeedSpec, watch: _Watch, maint: Incident, now: datetime | None, history_feed: bool
) -> _Candidate | None:
    if maint.status.is_closed:
        return None
    names = _relevant_names(watch, maint)
    if names is None:
        text = " ".join([maint.name, *(u.body for u in maint.updates[:3])])
        relevant = maint.impact in (Impact.MAJOR, Impact.CRITICAL) or (history_feed and watch.in_text(text))
        if not relevant:
            return None
    elif not names:
        return None
    if maint.status in (IncidentStatus.IN_PROGRESS, IncidentStatus.VERIFYING):
        title = QT_TRANSLATE_NOOP("StatusFeed", "Maintenance in progress: {name}").format(name=maint.name)
        in_progress = True
    else:
        if now is not None:
            if maint.scheduled_until is not None and maint.scheduled_until < now:
                return None
            if maint.scheduled_for is not None and maint.scheduled_for - now > SCHEDULED_HORIZON:
                return None
        title = QT_TRANSLATE_NOOP("StatusFeed", "Scheduled maintenance: {name}").format(name=maint.name)
        in_progress = False
    sev = Severity.MAINTENANCE
    banner = _incident_banner(spec, maint, sev, title, _actions(sev, names or [], in_progress))
    return _Candidate(sev, banner, True)
