"""Offline capture: while the till is offline, a keyed card payment is stored (encrypted) for later.

`OfflineCapture.capture` validates nothing itself (the `KeyedCard` was parsed and validated on entry),
checks the manager setting and the offline caps, and commits in ONE transaction: the payment row
(PENDING, with PAN, expiry, postal code, brand, last 4 — never the CVC), the two persisted Stripe
requests for the later forward (our idempotency keys + frozen params without any card data), and an
audit entry. Only after that commit returns does the caller show "Approved (offline)".

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
from dripos_terminal.domain.card import KeyedCard
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
from dripos_terminal.ids import new_id
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.database import Connection, Database
from dripos_terminal.store.outbox import (
    PI_PURPOSE,
    PM_PURPOSE,
    NewOfflinePayment,
    Outbox,
    OutboxItem,
    stored_for_policy_in,
)
from dripos_terminal.store.payments import NewRequest, new_request
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
            "Offline card entry is switched off. A manager can enable it in Settings, or take cash."
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
    summary: QueueSummary

    @property
    def masked(self) -> str:
        return f"****{self.last4}"


def new_payment_id() -> str:
    return new_id("off")


def forward_requests(payment: NewOfflinePayment, *, till_id: str, stored_at: datetime) -> list[NewRequest]:
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
    def __init__(
        self,
        db: Database,
        outbox: Outbox,
        settings: SettingsRepo,
        audit: AuditLog,
        clock: Clock,
        *,
        limits: OfflineLimits,
        till_id: str,
        currency: str = "usd",
    ) -> None:
        self._db = db
        self._outbox = outbox
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
        return summarize(self._outbox.stored_for_policy(), self._clock.now(), self._limits, self._currency)

    def check(self, amount_minor: int, tip_minor: int = 0) -> Decision:
        """Pre-check for the tender dialog (the capture re-checks inside its transaction)."""
        return check_capture(amount_minor + tip_minor, self.queue_summary(), self._clock.now(), self._limits)

    # -- capture ------------------------------------------------------------------------------------

    def capture(
        self,
        order_id: str,
        amount_minor: int,
        card: KeyedCard,
        *,
        actor_id: str | None,
        tip_minor: int = 0,
        override_by: StaffMember | None = None,
    ) -> OfflineCaptureResult:
        """Store the payment durably, or raise `OfflineCaptureError` having stored nothing.

        The card is dropped from memory (PAN and CVC) whatever happens.
        """
        try:
            if not self.manual_entry_enabled():
                raise OfflineEntryDisabled()
            return self._capture(
                order_id=order_id,
                amount_minor=amount_minor,
                tip_minor=tip_minor,
                card=card,
                actor_id=actor_id,
                override_by=override_by,
            )
        finally:
            card.drop()

    def _capture(
        self,
        *,
        order_id: str,
        amount_minor: int,
        tip_minor: int,
        card: KeyedCard,
        actor_id: str | None,
        override_by: StaffMember | None,
    ) -> OfflineCaptureResult:
        now = self._clock.now()
        payment = NewOfflinePayment(
            id=new_payment_id(),
            order_id=order_id,
            amount_minor=amount_minor,
            tip_minor=tip_minor,
            currency=self._currency,
            brand=card.brand.value,
            last4=card.last4,
            exp_month=card.expiry.month,
            exp_year=card.expiry.year,
        )
        overridden: list[str] = []

        def check(conn: Connection) -> None:
            summary = summarize(stored_for_policy_in(conn), now, self._limits, self._currency)
            decision = check_capture(payment.charge_minor, summary, now, self._limits)
            if decision.verdict is Verdict.ALLOWED:
                return
            if decision.verdict is Verdict.NEEDS_OVERRIDE and _may_override(override_by):
                assert override_by is not None
                overridden.append(override_by.staff_id)
                self._audit.record_in(
                    conn,
                    override_by.staff_id,
                    AUDIT_CAP_OVERRIDE,
                    payment.id,
                    {
                        "caps": [c.value for c in decision.breached],
                        "charge_minor": payment.charge_minor,
                        "requested_by": actor_id,
                    },
                )
                return
            raise CapExceeded(decision)

        details = {
            "order_id": order_id,
            "charge_minor": payment.charge_minor,
            "currency": payment.currency,
            "card": f"{payment.brand} ****{payment.last4}",
        }
        item = self._outbox.store(
            payment,
            card.number,
            card.postal_code,
            forward_requests(payment, till_id=self._till_id, stored_at=now),
            actor_id=actor_id,
            audit_details=details,
            check=check,
        )
        log.info("offline payment %s stored (%s ****%s)", item.id, payment.brand, payment.last4)
        return self._result(item, overridden[0] if overridden else None)

    def _result(self, item: OutboxItem, overridden_by: str | None) -> OfflineCaptureResult:
        return OfflineCaptureResult(
            payment_id=item.id,
            order_id=item.order_id,
            amount_minor=item.amount_minor,
            tip_minor=item.tip_minor,
            currency=item.currency,
            brand=item.brand or "unknown",
            last4=item.last4 or "",
            stored_at=item.stored_at,
            overridden_by=overridden_by,
            summary=self.queue_summary(),
        )


def _may_override(manager: StaffMember | None) -> bool:
    return manager is not None and manager.active and manager.can(Permission.OVERRIDE_OFFLINE_CAPS)


def set_manual_entry(db: Any, settings: Any, audit: AuditLog, enabled: bool, manager: StaffMember) -> None:
    """BLOCKING: the manager's choice on offline manual entry (also made in the set-up wizard and
    Settings, before any `OfflineCapture` exists), audited with the notice they accepted."""
    if not manager.can(Permission.SETTINGS):
        raise PermissionDeniedError("Only a manager can change offline card entry")
    value = "true" if enabled else "false"

    def tx(conn: Connection) -> None:
        settings.set_in(conn, SETTING_OFFLINE_MANUAL_ENTRY, value, actor_id=manager.staff_id)
        details = {"enabled": enabled, "notice": OFFLINE_MANUAL_ENTRY_NOTICE if enabled else ""}
        audit.record_in(conn, manager.staff_id, AUDIT_MANUAL_ENTRY, None, details)

    db.transaction(tx).result()
