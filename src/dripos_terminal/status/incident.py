"""Combine local and feed banners into the one the till shows.

- The banner shown is the most severe of the local banner and every feed's banner (ties: local first,
  then the newest update).
- `acknowledge()` collapses it until something changes: another incident, a new update id, a new
  severity. Stale-ness alone does not re-open it.
- When a feed's DEGRADED/OUTAGE banner clears on fresh data (not on a failure: that keeps it, stale),
  the board shows an INFO "resolved" banner offering GO_BACK_ONLINE; acknowledging it drops it.
- `alert` is true in the state produced by the change that brought a banner key never alerted before
  (the UI may flash/beep once); `history` lists what was shown, newest first.

Thread-safe; `on_change(BoardState)` is called outside the lock from whichever thread reported.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from dripos_terminal.clock import Clock, SystemClock
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.status.health import LOCAL_SOURCE
from dripos_terminal.status.model import Action, Banner, Severity
from dripos_terminal.status.poller import FeedHealth, FeedSnapshot

_HISTORY_KEEP = 100
_RESOLVED_PREFIX = "resolved:"


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    banner: Banner


@dataclass(frozen=True)
class BoardState:
    banner: Banner | None
    collapsed: bool
    alert: bool
    others: tuple[Banner, ...]
    unknown_feeds: tuple[str, ...]
    history: tuple[HistoryEntry, ...]


def _priority(banner: Banner) -> tuple[int, bool, float]:
    posted = banner.posted_at.timestamp() if banner.posted_at else 0.0
    return (banner.severity.rank, banner.source == LOCAL_SOURCE, posted)


class IncidentBoard:
    def __init__(
        self, on_change: Callable[[BoardState], None] | None = None, clock: Clock | None = None
    ) -> None:
        self._on_change = on_change
        self._clock: Clock = clock or SystemClock()
        self._lock = threading.Lock()
        self._local: Banner | None = None
        self._feeds: dict[str, Banner | None] = {}
        self._resolved: dict[str, Banner] = {}
        self._unknown: dict[str, bool] = {}
        self._ack_key: tuple[str, str | None, str | None, str] | None = None
        self._alerted: list[tuple[str, str | None, str | None, str]] = []
        self._history: list[HistoryEntry] = []
        self._state = BoardState(None, False, False, (), (), ())

    def state(self) -> BoardState:
        with self._lock:
            return self._state

    def update_local(self, banner: Banner | None) -> None:
        with self._lock:
            self._local = banner
            state = self._recompute()
        self._notify(state)

    def update_feed(self, snapshot: FeedSnapshot) -> None:
        with self._lock:
            name = snapshot.name
            previous = self._feeds.get(name)
            unknown = snapshot.health is FeedHealth.UNKNOWN
            self._unknown[name] = unknown
            banner = snapshot.banner
            if banner is None and unknown and previous is not None:
                banner = replace(previous, stale=True)  # unknown is never "all clear"
            if banner is not None:
                self._resolved.pop(name, None)
            elif (
                previous is not None
                and not unknown
                and previous.severity in (Severity.DEGRADED, Severity.OUTAGE)
            ):
                self._resolved[name] = _resolved_banner(previous, self._clock.now())
            self._feeds[name] = banner
            state = self._recompute()
        self._notify(state)

    def acknowledge(self) -> None:
        """Collapse the current banner until it changes; a "resolved" banner is dropped."""
        with self._lock:
            top = self._state.banner
            if top is not None and top.update_id is not None and top.update_id.startswith(_RESOLVED_PREFIX):
                self._resolved.pop(top.source, None)
            elif top is not None:
                self._ack_key = top.key
            state = self._recompute(alert_allowed=False)
        self._notify(state)

    def _recompute(self, alert_allowed: bool = True) -> BoardState | None:
        banners = [b for b in (self._local, *self._feeds.values(), *self._resolved.values()) if b is not None]
        banners.sort(key=_priority, reverse=True)
        top = banners[0] if banners else None
        alert = False
        if top is not None and top.key not in self._alerted:
            self._alerted = [*self._alerted, top.key][-_HISTORY_KEEP:]
            alert = alert_allowed
            self._history.insert(0, HistoryEntry(self._clock.now(), top))
            del self._history[_HISTORY_KEEP:]
        collapsed = top is not None and top.key == self._ack_key
        state = BoardState(
            banner=top,
            collapsed=collapsed,
            alert=alert and not collapsed,
            others=tuple(banners[1:]),
            unknown_feeds=tuple(sorted(n for n, unknown in self._unknown.items() if unknown)),
            history=tuple(self._history),
        )
        if state == replace(self._state, alert=state.alert) and not alert:
            return None
        self._state = state
        return state

    def _notify(self, state: BoardState | None) -> None:
        if state is not None and self._on_change is not None:
            self._on_change(state)


def _resolved_banner(previous: Banner, now: datetime) -> Banner:
    return Banner(
        severity=Severity.INFO,
        title=QT_TRANSLATE_NOOP("IncidentBoard", "Resolved: {title}").format(title=previous.title),
        update_text=QT_TRANSLATE_NOOP(
            "IncidentBoard", "{source} no longer reports a problem with the watched components."
        ).format(source=previous.source),
        posted_at=now,
        guidance=QT_TRANSLATE_NOOP(
            "IncidentBoard", "Card payments should work again. Go back online when you are ready."
        ),
        actions=(Action.GO_BACK_ONLINE, Action.DETAILS),
        source=previous.source,
        incident_id=previous.incident_id,
        update_id=f"{_RESOLVED_PREFIX}{previous.update_id}",
        history=previous.history,
        details_url=previous.details_url,
    )
