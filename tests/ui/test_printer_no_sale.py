""" "No sale": manager-gated, audited with who approved, then the drawer kick on the virtual printer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.composition.printer import PrinterOptions
from dripos_terminal.composition.till import Features
from dripos_terminal.ui.override_dialog import OverrideDialog
from tests.ui.helpers_till import approve_override, login

PRINTER = Features(printer=PrinterOptions())


def no_sale_entries(app: Application) -> list[object]:
    return app.services.audit.list(action="drawer").result()


def test_barista_needs_a_manager_pin_audited_and_kicks(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    app = make_app(data_dir, features=PRINTER)
    device, sell = app.printer.device, app.till.sell
    login(qtbot, app, "1111")  # Sam, a barista
    assert sell.no_sale_button.isVisible()
    qtbot.mouseClick(sell.no_sale_button, Qt.MouseButton.LeftButton)
    approve_override(qtbot, sell, "9999")  # Alex approves
    qtbot.wait_until(lambda: sell.notice_label.text() == "Drawer opened (no sale)")
    assert device.kicks == 1 and device.drawer_open
    [entry] = no_sale_entries(app)
    assert entry.action == "drawer.no_sale" and entry.actor_id == "demo-sam"
    assert entry.details["approver"] == "demo-alex" and entry.details["overridden"] is True
    assert sell.dialog is None


def test_wrong_pin_does_not_kick(qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path) -> None:
    app = make_app(data_dir, features=PRINTER)
    device, sell = app.printer.device, app.till.sell
    login(qtbot, app, "1111")
    qtbot.mouseClick(sell.no_sale_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: isinstance(sell.dialog, OverrideDialog))
    dialog = sell.dialog
    dialog.type_pin("1234")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: "not right" in dialog.message.text())
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: sell.dialog is None)
    assert device.kicks == 0 and no_sale_entries(app) == []
    assert "override.refused" in [e.action for e in app.services.audit.list().result()]


def test_manager_opens_without_a_prompt(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    app = make_app(data_dir, features=PRINTER)
    sell = app.till.sell
    login(qtbot, app, "9999")
    qtbot.mouseClick(sell.no_sale_button, Qt.MouseButton.LeftButton)
    assert sell.dialog is None
    qtbot.wait_until(lambda: app.printer.device.kicks == 1)
    [entry] = no_sale_entries(app)
    assert entry.details["approver"] == "demo-alex" and entry.details["overridden"] is False


def test_no_printer_still_audits_and_says_so(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    app = make_app(
        data_dir,
        demo=False,
        passphrase_provider=lambda: "correct horse battery",
        first_manager=lambda: ("Alex", "9999"),
        features=PRINTER,
    )
    sell, receipt = app.till.sell, app.till.receipt
    assert app.printer.printer is None and app.printer.indicator.text() == "No printer"
    assert not receipt.print_button.isVisibleTo(app.window)
    login(qtbot, app, "9999")
    qtbot.mouseClick(sell.no_sale_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: sell.notice_label.text() == "No cash drawer connected")
    [entry] = no_sale_entries(app)
    assert entry.action == "drawer.no_sale" and entry.details["drawer"] == "none"
