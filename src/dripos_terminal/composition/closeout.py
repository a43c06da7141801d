"""The manager's close-out on screen: the Manager home and its screens (offline batch, cash drawer,
X/Z reports, past days), on the Qt-free services of `composition.core.build_closeout`.

`build_closeout_screens(shell, offline, printer)`:

1. builds the close-out services on the till's store (the offline forwarder sends the batch; the
   printer's drawer kick opens the drawer; the receipt printer prints the Z report);
2. adds the screens and a "Manager" button for signed-in staff: a manager opens the home at once; a
   barista only with a manager's PIN (the override is audited, and so is the opening);
3. exports go to `<data folder>/exports` (atomic, owner-only files).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from dripos_terminal.composition.core import Closeout, build_closeout
from dripos_terminal.composition.offline import OfflineWiring
from dripos_terminal.composition.printer import PrinterWiring
from dripos_terminal.composition.shell import Shell
from dripos_terminal.domain.staff import Permission, StaffMember
from dripos_terminal.services.staff import Authorization
from dripos_terminal.ui.batch_screen import BatchDeps, BatchScreen
from dripos_terminal.ui.drawer_screen import DrawerDeps, DrawerScreen
from dripos_terminal.ui.manager_home import ManagerHome
from dripos_terminal.ui.override_dialog import OverrideDialog, request_permission
from dripos_terminal.ui.past_days_screen import PastDaysDeps, PastDaysScreen
from dripos_terminal.ui.report_screen import ReportDeps, ReportScreen

log = logging.getLogger("dripos_terminal.app")

AUDIT_HOME_OPENED = "closeout.opened"
HOME, BATCH, DRAWER, REPORTS, PAST_DAYS = "manager", "batch", "drawer", "reports", "pastDays"

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


class CloseoutWiring:
    """The built close-out on screen; everything blocking goes through the task runner."""

    def __init__(
        self, shell: Shell, closeout: Closeout, export_dir: Path, printer: PrinterWiring | None
    ) -> None:
        self._shell, self.closeout = shell, closeout
        self.dialog: OverrideDialog | None = None
        tasks, staff, window = shell.tasks, shell.services.staff, shell.window
        self.home = ManagerHome()
        self.batch = BatchScreen(
            BatchDeps(
                closeout.batches, tasks, staff, self.actor, shell.clock.now, export_dir, on_changed=None
            )
        )
        self.drawer = DrawerScreen(DrawerDeps(closeout.drawer, tasks, staff, self.actor))
        device = printer.printer if printer is not None else None
        shop = shell.services.config.shop
        self.reports = ReportScreen(
            ReportDeps(
                closeout.reports,
                tasks,
                staff,
                self.actor,
                export_dir,
                shop_name=shop.name,
                print_lines=(lambda lines: device.print_receipt("\n".join(lines)))
                if device is not None
                else None,
            )
        )
        self.past_days = PastDaysScreen(PastDaysDeps(closeout.reports, closeout.orders, tasks))
        for name, screen in (
            (HOME, self.home),
            (BATCH, self.batch),
            (DRAWER, self.drawer),
            (REPORTS, self.reports),
            (PAST_DAYS, self.past_days),
        ):
            window.add_screen(name, screen)
        self.home.open_batch.connect(lambda: self._show(BATCH, self.batch.refresh))
        self.home.open_drawer.connect(lambda: self._show(DRAWER, self.drawer.refresh))
        self.home.open_reports.connect(lambda: self._show(REPORTS, self.reports.show_stored_or_x))
        self.home.open_past_days.connect(lambda: self._show(PAST_DAYS, self.past_days.refresh))
        self.home.back_requested.connect(shell.till.show_sell)
        for screen in (self.batch, self.drawer, self.reports, self.past_days):
            screen.back_requested.connect(lambda: window.show_screen(HOME))
        self.past_days.receipt_requested.connect(
            lambda view: shell.till.show_receipt(view, headline=translate("ManagerHome", "Receipt"))
        )
        self.nav = window.add_nav_button(
            translate("ManagerHome", "Manager"), self.open_home, name="navManager"
        )
        self.nav.setAccessibleName(translate("ManagerHome", "Manager screens"))
        shell.till.add_signed_in_button(self.nav)
        shell.till.on_sign_out.append(self._signed_out)
        self.opened_by: StaffMember | None = None

    def actor(self) -> StaffMember | None:
        actor: StaffMember | None = self._shell.till.actor
        return actor

    def open_home(self) -> None:
        """Managers go straight in; anyone else needs a manager's PIN (audited), and never sees the
        home without one."""
        actor = self.actor()
        if actor is None:
            return

        def granted(authorization: Authorization) -> None:
            self.dialog = None
            self.opened_by = authorization.approver
            details = {"approver": authorization.approver.staff_id, "override": authorization.overridden}
            self._shell.services.audit.record(actor.staff_id, AUDIT_HOME_OPENED, None, details)
            who = authorization.approver.name
            text = translate("ManagerHome", "Opened by {0}").format(who)
            if authorization.overridden:
                text = translate("ManagerHome", "Opened for {0} with {1}'s PIN").format(actor.name, who)
            self.home.set_who(text)
            self._shell.window.show_screen(HOME)

        self.dialog = request_permission(
            self._shell.window,
            self._shell.services.staff,
            self._shell.tasks,
            actor,
            Permission.REPORTS,
            reason=translate("ManagerHome", "The manager screens need a manager's PIN."),
            on_granted=granted,
        )

    def _show(self, name: str, load: object) -> None:
        self._shell.window.show_screen(name)
        load()  # type: ignore[operator]

    def _signed_out(self) -> None:
        self.opened_by = None
        self.home.set_who("")


def build_closeout_screens(
    shell: Shell, offline: OfflineWiring | None, printer: PrinterWiring | None
) -> CloseoutWiring:
    """BLOCKING (reads the last Z report once, at start)."""
    kick = None
    if printer is not None and printer.printer is not None:
        drawer = printer.drawer
        kick = drawer.open_for_cash
    closeout = build_closeout(
        shell.services, forwarder=offline.forwarder if offline is not None else None, kick=kick
    )
    folder = (shell.data_dir or Path.home()) / "exports"
    wiring = CloseoutWiring(shell, closeout, folder, printer)
    if offline is not None:
        wiring.batch.set_on_changed(offline.refresh)
    return wiring
