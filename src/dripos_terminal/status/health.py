"""Local detection: the payment path reports what happened; we decide whether the till is in trouble.

Rules:
- CARD_DECLINED is one card's problem and never raises a banner; neither does READER_BUSY (the
  reader is working, just occupied) nor API_RATE_LIMITED (the gateway backs off by itself).
- READER_OFFLINE / READER_TIMEOUT / READER_HARDWARE raise "card reader not responding" at once,
  offering SWITCH_TO_OFFLINE and MANUAL_CARD_ENTRY (keyed entry still works while the API is up).
- API_UNREACHABLE raises "can't reach the payment service" at once; API_SERVER_ERROR after
  two consecutive ones. Only SWITCH_TO_OFFLINE is offered (keyed entry needs the API too).
- A success of the failing side (health check or payment) ends the trouble; the banner then turns
  into "card payments are working again" offering GO_BACK_ONLINE. Nothing switches by itself; the
  recovery banner stays until `dismiss_recovery()` (the UI calls it once the user chose).

Thread-safe; `on_change(banner | None)` is called outside the lock, from the reporting thread.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from dripos_terminal.clock import Clock, SystemClock
from dripos_terminal.i18n import QT_TRANSLATE_NOOP, Text
from dripos_terminal.payments.failures import FailureKind
from dripos_terminal.status.model import Action, Banner, BannerUpdate, Severity

LOCAL_SOURCE = "local"
API_ERRORS_BEFORE_BANNER = 2


class Check(enum.Enum):
    """What a success proves works. A completed card payment proves both."""

    READER = "reader"
    API = "api"
    PAYMENT = "payment"


_READER_DOWN = {FailureKind.READER_OFFLINE, FailureKind.READER_TIMEOUT, FailureKind.READER_HARDWARE}
_TROUBLE = {*_READER_DOWN, FailureKind.API_UNREACHABLE, FailureKind.API_SERVER_ERROR}


def signals_trouble(kind: FailureKind) -> bool:
    """A failure of the reader or the payment service (not one card's decline, a busy reader or a
    rate limit): the kind of failure an incident on the provider's status page would explain."""
    return kind in _TROUBLE


CONTEXT = "LocalHealth"
_FAILURE_TEXT: dict[FailureKind, Text] = {
    FailureKind.READER_OFFLINE: QT_TRANSLATE_NOOP("LocalHealth", "The card reader is offline."),
    FailureKind.READER_TIMEOUT: QT_TRANSLATE_NOOP("LocalHealth", "The card reader did not answer in time."),
    FailureKind.READER_HARDWARE: QT_TRANSLATE_NOOP(
        "LocalHealth", "The card reader reported a hardware error."
    ),
    FailureKind.API_UNREACHABLE: QT_TRANSLATE_NOOP("LocalHealth", "The payment service cannot be reached."),
    FailureKind.API_SERVER_ERROR: QT_TRANSLATE_NOOP(
        "LocalHealth", "The payment service keeps returning errors."
    ),
}
_EVENT_LABELS: dict[str, Text] = {
    FailureKind.READER_OFFLINE.value: QT_TRANSLATE_NOOP("LocalHealth", "Reader offline"),
    FailureKind.READER_TIMEOUT.value: QT_TRANSLATE_NOOP("LocalHealth", "Reader timeout"),
    FailureKind.READER_HARDWARE.value: QT_TRANSLATE_NOOP("LocalHealth", "Reader hardware error"),
    FailureKind.API_UNREACHABLE.value: QT_TRANSLATE_NOOP("LocalHealth", "Payment service unreachable"),
    FailureKind.API_SERVER_ERROR.value: QT_TRANSLATE_NOOP("LocalHealth", "Payment service errors"),
    "recovered": QT_TRANSLATE_NOOP("LocalHealth", "Recovered"),
}
READER_GUIDANCE = QT_TRANSLATE_NOOP(
    "LocalHealth",
    "Card reader payments are failing. Key the card in with manual entry, or switch to offline payments; "
    "cash works as usual.",
)
API_GUIDANCE = QT_TRANSLATE_NOOP(
    "LocalHealth",
    "The till cannot reach the payment service. Switch to offline payments (or take cash) and keep selling.",
)
RECOVERY_GUIDANCE = QT_TRANSLATE_NOOP(
    "LocalHealth",
    "Card payments work again. Go back online when you are ready; offline payments will be sent.",
)


@dataclass(frozen=True)
class _Event:
    kind: str
    text: str
    at: datetime


class LocalHealthMonitor:
    def __init__(
        self,
        on_change: Callable[[Banner | None], None] | None = None,
        clock: Clock | None = None,
        api_errors_before_banner: int = API_ERRORS_BEFORE_BANNER,
    ) -> None:
        self._on_change = on_change
        self._clock: Clock = clock or SystemClock()
        self._threshold = api_errors_before_banner
        self._lock = threading.Lock()
        self._reader_down: FailureKind | None = None
        self._api_down: FailureKind | None = None
        self._api_errors = 0
        self._recovered = False
        self._episode = 0
        self._revision = 0
        self._history: list[_Event] = []
        self._banner: Banner | None = None

    @property
    def banner(self) -> Banner | None:
        with self._lock:
            return self._banner

    @property
    def in_trouble(self) -> bool:
        """The reader or the payment service is failing now (a recovery banner does not count)."""
        with self._lock:
            return self._reader_down is not None or self._api_down is not None

    def record_failure(self, kind: FailureKind) -> None:
        with self._lock:
            was_ok = self._reader_down is None and self._api_down is None
            if kind in _READER_DOWN:
                self._reader_down = kind
            elif kind is FailureKind.API_UNREACHABLE:
                self._api_down = kind
            elif kind is FailureKind.API_SERVER_ERROR:
                self._api_errors += 1
                if self._api_errors >= self._threshold:
                    self._api_down = kind
            else:
                return  # one card's problem, or transient: never a banner
            if was_ok and (self._reader_down or self._api_down):
                self._episode += 1
                self._recovered = False
                self._history.clear()
            if self._reader_down or self._api_down:
                self._history.append(_Event(kind.value, _FAILURE_TEXT[kind], self._clock.now()))
            changed = self._rebuild()
        self._notify(changed)

    def record_success(self, check: Check | FailureKind) -> None:
        side = _side(check)
        with self._lock:
            was_down = self._reader_down is not None or self._api_down is not None
            if side in ("reader", "both"):
                self._reader_down = None
            if side in ("api", "both"):
                self._api_down = None
                self._api_errors = 0
            if was_down and self._reader_down is None and self._api_down is None:
                self._recovered = True
                self._history.append(
                    _Event(
                        "recovered", QT_TRANSLATE_NOOP("LocalHealth", "Checks pass again."), self._clock.now()
                    )
                )
            changed = self._rebuild()
        self._notify(changed)

    def dismiss_recovery(self) -> None:
        """The user went back online (or chose to stay offline): drop the recovery banner."""
        with self._lock:
            self._recovered = False
            changed = self._rebuild()
        self._notify(changed)

    def _rebuild(self) -> Banner | bool | None:
        """Recompute the banner; returns the new banner if it changed, else False."""
        if self._api_down is not None:
            sev, title, guidance = (
                Severity.OUTAGE,
                QT_TRANSLATE_NOOP("LocalHealth", "Can't reach the payment service"),
                API_GUIDANCE,
            )
            actions: tuple[Action, ...] = (Action.SWITCH_TO_OFFLINE, Action.DETAILS)
            tag = f"api-{self._api_down.value}"
        elif self._reader_down is not None:
            sev, title, guidance = (
                Severity.OUTAGE,
                QT_TRANSLATE_NOOP("LocalHealth", "Card reader not responding"),
                READER_GUIDANCE,
            )
            actions = (Action.SWITCH_TO_OFFLINE, Action.MANUAL_CARD_ENTRY, Action.DETAILS)
            tag = f"reader-{self._reader_down.value}"
        elif self._recovered:
            sev, title, guidance = (
                Severity.INFO,
                QT_TRANSLATE_NOOP("LocalHealth", "Card payments are working again"),
                RECOVERY_GUIDANCE,
            )
            actions = (Action.GO_BACK_ONLINE, Action.DETAILS)
            tag = "recovered"
        else:
            if self._banner is None:
                return False
            self._banner = None
            return None
        if (
            self._banner is not None
            and self._banner.update_id is not None
            and self._banner.update_id.startswith(f"{self._episode}:{tag}:")
        ):
            return False
        self._revision += 1
        newest = self._history[-1] if self._history else None
        self._banner = Banner(
            severity=sev,
            title=title,
            update_text=newest.text if newest else "",
            posted_at=newest.at if newest else self._clock.now(),
            guidance=guidance,
            actions=actions,
            source=LOCAL_SOURCE,
            incident_id=f"local-{self._episode}",
            update_id=f"{self._episode}:{tag}:{self._revision}",
            history=tuple(
                BannerUpdate(f"local-{self._episode}-{n}", _EVENT_LABELS.get(e.kind, e.kind), e.text, e.at)
                for n, e in reversed(list(enumerate(self._history)))
            ),
        )
        return self._banner

    def _notify(self, changed: Banner | bool | None) -> None:
        if changed is False or self._on_change is None:
            return
        self._on_change(changed if isinstance(changed, Banner) else None)


def _side(check: Check | FailureKind) -> str:
    if check is Check.PAYMENT:
        return "both"
    if check is Check.READER or (isinstance(check, FailureKind) and check.value.startswith("reader")):
        return "reader"
    if check is Check.API or (isinstance(check, FailureKind) and check.value.startswith("api")):
        return "api"
    return "both"  # CARD_DECLINED as "success": the card reached the issuer, so both sides work
