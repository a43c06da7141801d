"""Offline capture: while the till is offline, a keyed card payment is stored (encrypted) for later.

What the till allows when it stores card payments offline: the manager's setting (offline card
entry ships OFF), the caps, and the two requests a stored payment will be forwarded with.
`OfflineCapture.check_in` runs inside the transaction that stores a payment (the checkout's, for the
offline store adapter: `payments/offline_store.py`), so the setting and the caps are checked against
the rows as they are at that commit. Only after that commit does the till show "Approved (offline)".

Offline manual entry is OFF by default; `set_manual_entry(True, manager)` turns it on and records the
notice the manager accepted (`OFFLINE_MANUAL_ENTRY_NOTICE`).

Blocking (database fsync): call from a worker thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dripos_terminal.clock import Clock
from dripos_terminal.domain.offline_policy import (
    OFFLINE_MANUAL_ENTRY_NOTICE,
    Decision,
    OfflineLimits,
    QueueSummary,
    Verdict,
    check_capture,
    summarize,
)
from dripos_terminal.domain.staff import Permission, PermissionDeniedError, StaffMember
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.ids import new_id
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.database import Connection
from dripos_terminal.store.outbox import PI_PURPOSE, PM_PURPOSE
from dripos_terminal.store.payment_records import NewPayment, NewRequest, new_request
from dripos_terminal.store.payments import PaymentStore
from dripos_terminal.store.settings_repo import SettingsRepo

log = logging.getLogger("dripos_terminal.payments")

SETTING_OFFLINE_MANUAL_ENTRY = "offline_manual_entry_enabled"
AUDIT_MANUAL_ENTRY = "offline.manual_entry_setting"
AUDIT_CAP_OVERRIDE = "offline.cap_override"
PM_PATH = "/v1/payment_methods"
PI_PATH = "/v1/payment_intents"


class OfflineCaptureError(RuntimeError):
    """The payment was NOT stored. `str()` is safe to show to staff."""


class OfflineEntryDisabled(OfflineCaptureError):
    def __init__(self) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "OfflineCapture",
                "Offline card entry is switched off. A manager can enable it in Settings, or take cash.",
            )
        )


class CapExceeded(OfflineCaptureError):
    def __init__(self, decision: Decision) -> None:
        super().__init__(decision.message)
        self.decision = decision


@dataclass(frozen=True)
class OfflineCaptureResult:
    """What the till shows once the payment is durably stored ("Approved — offline")."""

    payment_id: str
    order_id: str
    amount_minor: int
    tip_minor: int
    currency: str
    brand: str
    last4: str
    stored_at: datetime
    overridden_by: str | None
    summary: QueueSummary | None

    @property
    def masked(self) -> str:
        return f"****{self.last4}"


def new_payment_id() -> str:
    return new_id("off")


def forward_requests(payment: NewPayment, *, till_id: str, stored_at: datetime) -> list[NewRequest]:
    """The two requests the forwarder will send, frozen now (no card data: it stays in the row)."""
    pm_params: dict[str, Any] = {"type": "card", "metadata": {"payment_id": payment.id}}
    pi_params: dict[str, Any] = {
        "amount": payment.charge_minor,
        "currency": payment.currency.lower(),
        "allowed_payment_method_types": ["card"],
        "capture_method": "automatic",
        "confirm": True,
        "description": f"Offline card payment, order {payment.order_id}",
        "metadata": {
            "payment_id": payment.id,
            "order_id": payment.order_id,
            "till_id": till_id,
            "offline_stored_at": str(int(stored_at.timestamp())),
        },
    }
    return [
        new_request(payment.id, PM_PURPOSE, PM_PATH, pm_params),
        new_request(payment.id, PI_PURPOSE, PI_PATH, pi_params),
    ]


class OfflineCapture:
    """The offline setting, the caps and the queue summary (reads, and the audited setting change)."""

    def __init__(
        self,
        payments: PaymentStore,
        settings: SettingsRepo,
        audit: AuditLog,
        clock: Clock,
        *,
        limits: OfflineLimits,
        till_id: str,
        currency: str = "usd",
    ) -> None:
        self._payments = payments
        self._db = payments.db
        self._settings = settings
        self._audit = audit
        self._clock = clock
        self._limits = limits
        self._till_id = till_id
        self._currency = currency.lower()

    # -- the manager setting ------------------------------------------------------------------------

    notice = OFFLINE_MANUAL_ENTRY_NOTICE

    def manual_entry_enabled(self) -> bool:
        return self._settings.get(SETTING_OFFLINE_MANUAL_ENTRY).result() == "true"

    def set_manual_entry(self, enabled: bool, manager: StaffMember) -> None:
        """Switch offline manual entry on/off (Permission.SETTINGS); audits the notice accepted."""
        set_manual_entry(self._db, self._settings, self._audit, enabled, manager)

    # -- caps and the queue -------------------------------------------------------------------------

    def queue_summary(self) -> QueueSummary:
        return summarize(self._payments.stored_for_policy(), self._clock.now(), self._limits, self._currency)

    def check(self, amount_minor: int, tip_minor: int = 0) -> Decision:
        """Pre-check for the tender dialog (the capture re-checks inside its transaction)."""
        return check_capture(amount_minor + tip_minor, self.queue_summary(), self._clock.now(), self._limits)

    # -- inside the transaction that stores a payment ----------------------------------------------

    def check_in(
        self,
        conn: Connection,
        payment_id: str,
        charge_minor: int,
        *,
        actor_id: str | None,
        override_by: StaffMember | None,
    ) -> str | None:
        """Inside the storing transaction: may this payment be stored, as things are now? Raises
        `OfflineEntryDisabled` or `CapExceeded` (nothing is stored); returns the id of the manager whose
        override allowed it over a cap (audited here), or None."""
        if self._settings.get_in(conn, SETTING_OFFLINE_MANUAL_ENTRY) != "true":
            raise OfflineEntryDisabled()
        now = self._clock.now()
        summary = summarize(self._payments.stored_for_policy_in(conn), now, self._limits, self._currency)
        decision = check_capture(charge_minor, summary, now, self._limits)
        if decision.verdict is Verdict.ALLOWED:
            return None
        if decision.verdict is Verdict.NEEDS_OVERRIDE and _may_override(override_by):
            assert override_by is not None
            details = {
                "caps": [c.value for c in decision.breached],
                "charge_minor": charge_minor,
                "requested_by": actor_id,
            }
            self._audit.record_in(conn, override_by.staff_id, AUDIT_CAP_OVERRIDE, payment_id, details)
            return override_by.staff_id
        raise CapExceeded(decision)


def _may_override(manager: StaffMember | None) -> bool:
    return manager is not None and manager.active and manager.can(Permission.OVERRIDE_OFFLINE_CAPS)


def set_manual_entry(db: Any, settings: Any, audit: AuditLog, enabled: bool, manager: StaffMember) -> None:
    """BLOCKING: the manager's choice on offline manual entry (also made in the set-up wizard and
    Settings, before any `OfflineCapture` exists), audited with the notice they accepted."""
    if not manager.can(Permission.SETTINGS):
        raise PermissionDeniedError(
            QT_TRANSLATE_NOOP("OfflineCapture", "Only a manager can change offline card entry")
        )
    value = "true" if enabled else "false"

    def tx(conn: Connection) -> None:
        settings.set_in(conn, SETTING_OFFLINE_MANUAL_ENTRY, value, actor_id=manager.staff_id)
        details = {"enabled": enabled, "notice": OFFLINE_MANUAL_ENTRY_NOTICE if enabled else ""}
        audit.record_in(conn, manager.staff_id, AUDIT_MANUAL_ENTRY, None, details)

    db.transaction(tx).result()
