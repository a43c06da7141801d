"""No sale: permission required, audited before the kick, and the answers staff see."""

from __future__ import annotations

import concurrent.futures
import logging
from typing import Any

import pytest

from dripos_terminal.domain.staff import PermissionDeniedError, PinHash, Role, StaffMember
from dripos_terminal.peripherals.drawer import AUDIT_NO_SALE, AUDIT_NO_SALE_FAILED, CashDrawer
from dripos_terminal.peripherals.printer import SerialReceiptPrinter
from dripos_terminal.peripherals.virtual_printer import VirtualPrinter
from dripos_terminal.services.staff import Authorization, Permission


class RecordingAudit:
    """Stands in for `store.audit.AuditLog` (same `record` signature); the UI tests use the real one."""

    def __init__(self) -> None:
        self.entries: list[tuple[str | None, str, str | None, dict[str, Any]]] = []

    def record(
        self, actor_id: str | None, action: str, subject: str | None = None, details: Any = None
    ) -> concurrent.futures.Future[int]:
        self.entries.append((actor_id, action, subject, dict(details or {})))
        done: concurrent.futures.Future[int] = concurrent.futures.Future()
        done.set_result(len(self.entries))
        return done


PIN = PinHash(salt=b"s", digest=b"d", n=2, r=1, p=1)
SAM = StaffMember("sam", "Sam", Role.BARISTA, PIN)
ALEX = StaffMember("alex", "Alex", Role.MANAGER, PIN)


def test_no_sale_with_a_managers_override_is_audited_then_kicks(
    device: VirtualPrinter, printer: SerialReceiptPrinter, caplog: pytest.LogCaptureFixture
) -> None:
    audit = RecordingAudit()
    with caplog.at_level(logging.INFO, logger="dripos_terminal"):
        result = CashDrawer(printer, audit, till_id="till-1").no_sale(
            Authorization(SAM, ALEX, Permission.NO_SALE, overridden=True)
        )
    assert result.opened and device.kicks == 1
    # the log names staff by id only: names are personal data and the log file is not encrypted
    assert "staff sam, approved by alex" in caplog.text
    assert "Sam" not in caplog.text and "Alex" not in caplog.text
    [(actor, action, subject, details)] = audit.entries
    assert (actor, action, subject) == ("sam", AUDIT_NO_SALE, "till-1")
    assert details["approver"] == "alex" and details["overridden"] is True


def test_a_barista_alone_may_not(device: VirtualPrinter, printer: SerialReceiptPrinter) -> None:
    audit = RecordingAudit()
    with pytest.raises(PermissionDeniedError):
        CashDrawer(printer, audit).no_sale(Authorization(SAM, SAM, Permission.NO_SALE, overridden=False))
    assert device.kicks == 0 and audit.entries == []


def test_no_printer_still_audits() -> None:
    audit = RecordingAudit()
    result = CashDrawer(None, audit).no_sale(Authorization(ALEX, ALEX, Permission.NO_SALE, overridden=False))
    assert not result.opened and result.message == "No cash drawer connected"
    assert [e[1] for e in audit.entries] == [AUDIT_NO_SALE]
    assert audit.entries[0][3]["drawer"] == "none"


def test_a_failed_kick_is_audited_too(device: VirtualPrinter, printer: SerialReceiptPrinter) -> None:
    audit = RecordingAudit()
    device.connected = False
    result = CashDrawer(printer, audit).no_sale(
        Authorization(ALEX, ALEX, Permission.NO_SALE, overridden=False)
    )
    assert not result.opened and "not connected" in result.message
    assert [e[1] for e in audit.entries] == [AUDIT_NO_SALE, AUDIT_NO_SALE_FAILED]


def test_cash_sale_opens_the_drawer(device: VirtualPrinter, printer: SerialReceiptPrinter) -> None:
    assert CashDrawer(printer, RecordingAudit()).open_for_cash().opened
    assert device.kicks == 1
    assert not CashDrawer(None, RecordingAudit()).open_for_cash().opened
