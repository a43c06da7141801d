"""The cash drawer: opened by the receipt printer's kick-out pulse.

"No sale" (open the drawer without a sale) needs `Permission.NO_SALE`: the caller passes the
`Authorization` (the actor's own, or a manager's override). It is audited as ``drawer.no_sale``
BEFORE the drawer is kicked — an opening that cannot be recorded does not happen; a kick that fails
after the record adds ``drawer.no_sale_failed``. With no printer configured the request is still
audited and the answer is QT_TRANSLATE_NOOP("Drawer", "No cash drawer connected").

Every method BLOCKS (audit write, serial I/O): call it through `TaskRunner`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from dripos_terminal.domain.staff import Permission
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.peripherals.printer import PrinterError, ReceiptPrinter

log = logging.getLogger("dripos_terminal.peripherals")

AUDIT_NO_SALE = "drawer.no_sale"
AUDIT_NO_SALE_FAILED = "drawer.no_sale_failed"
NO_DRAWER_TEXT = QT_TRANSLATE_NOOP("Drawer", "No cash drawer connected")
OPENED_TEXT = QT_TRANSLATE_NOOP("Drawer", "Drawer opened (no sale)")


@dataclass(frozen=True)
class DrawerResult:
    opened: bool
    message: str


class CashDrawer:
    def __init__(self, printer: ReceiptPrinter | None, audit: Any, *, till_id: str = "") -> None:
        self.printer, self._audit, self._till_id = printer, audit, till_id

    @property
    def connected(self) -> bool:
        return self.printer is not None

    def no_sale(self, authorization: Any) -> DrawerResult:
        """BLOCKING: audit, then open the drawer. `authorization` must grant `Permission.NO_SALE`."""
        authorization.require(Permission.NO_SALE)
        actor, approver = authorization.actor, authorization.approver
        self._audit.record(
            actor.staff_id,
            AUDIT_NO_SALE,
            self._till_id or None,
            {
                "actor": actor.staff_id,
                "approver": approver.staff_id,
                "approver_name": approver.name,
                "overridden": authorization.overridden,
                "drawer": "connected" if self.printer is not None else "none",
            },
        ).result()
        if self.printer is None:
            return DrawerResult(False, NO_DRAWER_TEXT)
        try:
            self.printer.kick_drawer()
        except PrinterError as exc:
            self._audit.record(
                actor.staff_id, AUDIT_NO_SALE_FAILED, self._till_id or None, {"problem": exc.problem.value}
            ).result()
            return DrawerResult(
                False, QT_TRANSLATE_NOOP("Drawer", "Drawer did not open: {reason}").format(reason=exc)
            )
        log.info("no sale: drawer opened for staff %s, approved by %s", actor.staff_id, approver.staff_id)
        return DrawerResult(True, OPENED_TEXT)

    def open_for_cash(self) -> DrawerResult:
        """BLOCKING: after a committed cash sale (no audit: the order is the record)."""
        if self.printer is None:
            return DrawerResult(False, NO_DRAWER_TEXT)
        try:
            self.printer.kick_drawer()
        except PrinterError as exc:
            return DrawerResult(
                False, QT_TRANSLATE_NOOP("Drawer", "Drawer did not open: {reason}").format(reason=exc)
            )
        return DrawerResult(True, QT_TRANSLATE_NOOP("Drawer", "Drawer opened"))
