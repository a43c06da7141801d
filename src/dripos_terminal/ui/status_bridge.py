"""The status area wired for the UI: feed poller + local health → incident board → a queued Qt signal.

Plain-Python services call back on whatever thread they run on (the poller's worker, the payment
path's worker, the GUI thread). This bridge owns the wiring so nothing else has to think about it:

    poller.on_change(FeedSnapshot)  → board.update_feed   (the feed's poller worker thread)
    health.on_change(Banner | None) → board.update_local  (the reporting thread)
    report_failure(reader/API kind) → poller.report_local_failure (poll now, then fast)
    board.on_change(BoardState)     → board_changed(BoardState), always queued to the GUI thread

Delivery re-reads `board.state()` on the GUI thread, so a state computed earlier on one thread can
never overwrite a newer one computed on another (the board notifies outside its lock); consecutive
duplicates are dropped, and an `alert` seen in a coalesced state is kept.

Composition root:

    bridge = StatusBridge.from_config(config.status, clock=clock)     # or StatusBridge(feeds, ...)
    banner = IncidentBanner(clock=clock, last_checked=bridge.last_checked)
    bridge.board_changed.connect(banner.set_state)
    banner.acknowledged.connect(bridge.acknowledge)
    banner.action_requested.connect(on_action)                      # offline switch, manual entry…
    bridge.start(); …; bridge.stop()                                 # stop() before the app quits
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QObject, Qt, Signal, Slot

from dripos_terminal.clock import Clock, SystemClock
from dripos_terminal.config import StatusConfig
from dripos_terminal.payments.failures import FailureKind
from dripos_terminal.status.decision import FeedSpec
from dripos_terminal.status.health import (
    API_ERRORS_BEFORE_BANNER,
    Check,
    LocalHealthMonitor,
    signals_trouble,
)
from dripos_terminal.status.http import DEFAULT_TIMEOUT_S, Fetcher
from dripos_terminal.status.incident import BoardState, IncidentBoard
from dripos_terminal.status.model import Banner
from dripos_terminal.status.poller import FeedSnapshot, PollPolicy, StatusPoller

log = logging.getLogger("dripos_terminal.status")

RESOLVED_PREFIX = "resolved:"  # the board's "resolved" banners carry update ids starting with this


class StatusBridge(QObject):
    """Owns poller, local health monitor and incident board; emits `board_changed` on the GUI thread.

    Create it on the GUI thread. Every public method is safe to call from any thread except where
    noted; none blocks on the network.
    """

    board_changed = Signal(object)  # BoardState, always delivered on the GUI thread
    _posted = Signal(object)  # internal: emitted from any thread, connected queued

    def __init__(
        self,
        feeds: Sequence[FeedSpec],
        *,
        clock: Clock | None = None,
        fetcher: Fetcher | None = None,
        policy: PollPolicy | None = None,
        rng: random.Random | None = None,
        timeout: float = DEFAULT_TIMEOUT_S,
        api_errors_before_banner: int = API_ERRORS_BEFORE_BANNER,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock: Clock = clock or SystemClock()
        self._lock = threading.Lock()
        self._last_checked: dict[str, datetime] = {}
        self._delivered: BoardState | None = None
        self._started = False
        self._posted.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.board = IncidentBoard(on_change=self._posted.emit, clock=self._clock)
        self.health = LocalHealthMonitor(self.board.update_local, self._clock, api_errors_before_banner)
        self.feeds = tuple(feeds)
        self.poller = StatusPoller(
            self.feeds,
            self._on_snapshot,
            fetcher=fetcher,
            clock=self._clock,
            rng=rng,
            policy=policy,
            timeout=timeout,
        )

    @classmethod
    def from_config(
        cls,
        config: StatusConfig,
        *,
        clock: Clock | None = None,
        fetcher: Fetcher | None = None,
        parent: QObject | None = None,
    ) -> StatusBridge:
        """Feeds without a URL are skipped (local detection still works with no feed at all)."""
        feeds = [FeedSpec.from_config(feed) for feed in config.feeds if feed.url]
        return cls(
            feeds,
            clock=clock,
            fetcher=fetcher,
            policy=PollPolicy.from_config(config),
            timeout=config.timeout_s,
            parent=parent,
        )

    # -- lifecycle (GUI thread) ----------------------------------------------------------------

    def start(self) -> None:
        """Start polling on the poller's worker thread (no-op without feeds or when started)."""
        if self._started or not self.feeds:
            return
        self._started = True
        self.poller.start()

    def stop(self) -> None:
        """Stop the poller thread (waits for it up to 5 s; a fetch in flight is capped by its timeout)."""
        if self._started:
            self.poller.stop()
            self._started = False

    @property
    def running(self) -> bool:
        return self._started

    # -- commands ------------------------------------------------------------------------------

    def state(self) -> BoardState:
        """The board's current state (also what the last `board_changed` carried, once delivered)."""
        return self.board.state()

    def acknowledge(self) -> None:
        """The user tapped "Got it": collapse until something changes (drops a "resolved" banner)."""
        self.board.acknowledge()

    def poll_now(self) -> None:
        """Ask the worker to poll every feed at once (after the demo changed the feed, went online…)."""
        if self._started:
            self.poller.poll_now()

    def report_failure(self, kind: FailureKind) -> None:
        """Payment path: something failed. Reader/API failures raise the local banner at once and
        make the poller look at the status feeds now, then often, while the trouble lasts."""
        self.health.record_failure(kind)
        if signals_trouble(kind):
            self.poller.report_local_failure()

    def report_success(self, check: Check | FailureKind = Check.PAYMENT) -> None:
        """Payment path or a health check: this side works (a card payment proves both)."""
        self.health.record_success(check)
        if not self.health.in_trouble:
            self.poller.report_local_recovery()

    def dismiss_recovery(self) -> None:
        """Drop the local "card payments are working again" banner (the user chose)."""
        self.health.dismiss_recovery()

    def went_back_online(self) -> None:
        """Convenience for the GO_BACK_ONLINE action once the till is online again: drops the local
        recovery banner and a feed's "resolved" banner, and re-checks the feeds."""
        self.health.dismiss_recovery()
        top = self.board.state().banner
        if top is not None and (top.update_id or "").startswith(RESOLVED_PREFIX):
            self.board.acknowledge()
        self.poll_now()

    def last_checked(self, source: str) -> datetime | None:
        """When the feed `source` was last fetched successfully (None: never, or a local banner)."""
        with self._lock:
            return self._last_checked.get(source)

    # -- wiring --------------------------------------------------------------------------------

    def _on_snapshot(self, snapshot: FeedSnapshot) -> None:
        """Poller worker thread. Record freshness first so the queued delivery can read it."""
        if snapshot.last_success_at is not None:
            with self._lock:
                self._last_checked[snapshot.name] = snapshot.last_success_at
        self.board.update_feed(snapshot)

    @Slot(object)
    def _deliver(self, posted: BoardState) -> None:
        """GUI thread: emit the board's newest state (never an older one that arrived late)."""
        latest = self.board.state()
        if posted.alert and not latest.alert and _same_banner(posted.banner, latest.banner):
            latest = replace(latest, alert=not latest.collapsed)
        previous = self._delivered
        if previous is not None and latest == previous:
            return
        if previous is not None and latest == replace(previous, alert=latest.alert) and not latest.alert:
            return
        self._delivered = latest
        self.board_changed.emit(latest)


def _same_banner(a: Banner | None, b: Banner | None) -> bool:
    return a is not None and b is not None and a.key == b.key
