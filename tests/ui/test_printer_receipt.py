"""Printing from the receipt screen to the virtual printer, through the composition root."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.composition.printer import PrinterOptions
from dripos_terminal.composition.till import Features
from dripos_terminal.peripherals.virtual_printer import add_virtual_printer, remove_virtual_printer
from dripos_terminal.ui.demo_screen import DemoScreen
from dripos_terminal.ui.printer_status import DemoPrinterPanel
from tests.ui.helpers_till import add_item, button, login, open_tender


def printer_app(make_app: Callable[..., Application], data_dir: Path, qtbot: QtBot) -> Application:
    # The Print button's own path: auto-print (the product's default) is tests/ui/test_printer_autoprint.py
    app = make_app(data_dir, features=Features(printer=PrinterOptions(auto_print=False), demo_screen=True))
    qtbot.wait_until(lambda: app.printer.indicator.text() == "Printer ready")
    return app


def cash_sale(qtbot: QtBot, app: Application) -> None:
    login(qtbot, app, "1111")
    add_item(qtbot, app, "mug")  # $14.00 + 8.75 % = $15.23
    tender = open_tender(qtbot, app)
    qtbot.mouseClick(button(tender, "quickExact"), Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: tender.committed is not None)
    qtbot.mouseClick(tender.done_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: app.window.current_screen_name() == "receipt")


def test_print_button_prints_the_receipt_and_cash_opens_the_drawer(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    app = printer_app(make_app, data_dir, qtbot)
    device, receipt = app.printer.device, app.till.receipt
    cash_sale(qtbot, app)
    qtbot.wait_until(lambda: device.kicks == 1)  # cash: the drawer opens after the commit
    assert device.receipts == []
    assert receipt.print_button.isVisible()

    qtbot.mouseClick(receipt.print_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: receipt.print_message.text() == "Receipt printed")
    assert receipt.print_button.isEnabled()
    [text] = device.receipts
    for expected in ("Order #0001", "1 x Dripos Mug", "TOTAL", "$15.23", "Cash", "Served by Sam"):
        assert expected in text, expected
    panel = app.window.findChild(DemoPrinterPanel)
    assert panel is not None and "Order #0001" in panel.receipt_label.text()
    assert "opened 1 time" in panel.drawer_label.text()


def test_paper_out_is_shown_and_reprint_works_after_loading_paper(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    app = printer_app(make_app, data_dir, qtbot)
    device, receipt, indicator = app.printer.device, app.till.receipt, app.printer.indicator
    cash_sale(qtbot, app)
    app.window.show_screen("demo")
    panel = app.window.findChild(DemoScreen).findChild(DemoPrinterPanel)
    panel.paper_out_box.click()  # the demo panel plays the empty roll
    assert device.paper_out
    qtbot.wait_until(lambda: indicator.text() == "Printer is out of paper — load a new roll")
    assert indicator.problem

    app.window.show_screen("receipt")
    qtbot.mouseClick(receipt.print_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: "out of paper" in receipt.print_message.text())
    assert receipt.print_message.text() == "Printer is out of paper — load a new roll, then press Print again"
    assert device.receipts == [] and device.discarded_bytes == 0

    panel.paper_out_box.click()  # paper loaded
    qtbot.wait_until(lambda: indicator.text() == "Printer ready")
    qtbot.mouseClick(receipt.print_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: receipt.print_message.text() == "Receipt printed")
    assert "Order #0001" in device.last_receipt
    assert not indicator.problem


def test_cover_open_message(qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path) -> None:
    app = printer_app(make_app, data_dir, qtbot)
    cash_sale(qtbot, app)
    app.printer.device.cover_open = True
    qtbot.mouseClick(app.till.receipt.print_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: "cover is open" in app.till.receipt.print_message.text())
    assert app.printer.device.receipts == []


def test_configured_printer_that_is_unplugged_then_comes_back(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    (data_dir / "config.toml").write_text('[printer]\nurl = "virtual://shop-printer"\n', encoding="utf-8")
    app = make_app(data_dir, features=Features(printer=PrinterOptions(timeout_s=0.05)))
    indicator, receipt = app.printer.indicator, app.till.receipt
    qtbot.wait_until(lambda: indicator.text().startswith("Printer not connected"))
    assert app.printer.device is None  # configured URL: no demo printer, even in demo mode

    device = add_virtual_printer("shop-printer")  # plugged in
    try:
        cash_sale(qtbot, app)
        qtbot.wait_until(lambda: device.kicks == 1)
        qtbot.mouseClick(receipt.print_button, Qt.MouseButton.LeftButton)
        qtbot.wait_until(lambda: receipt.print_message.text() == "Receipt printed")
        assert "Order #0001" in device.last_receipt
        qtbot.wait_until(lambda: indicator.text() == "Printer ready")
    finally:
        remove_virtual_printer("shop-printer")
