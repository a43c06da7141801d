"""Auto-print (the product's default, `[printer] auto_print`): a committed sale's receipt goes to the
printer by itself, once; a receipt the printer did not confirm is marked and offered for reprint, and
the reprint says it is a copy. While idle the till asks the printer's status (`DLE EOT`) on its own, so
an empty roll shows before the next sale. Through the composition root to the virtual printer over
pyserial."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.composition.printer import PrinterOptions
from dripos_terminal.composition.till import Features
from tests.ui.test_printer_receipt import cash_sale


def _app(make_app: Callable[..., Application], data_dir: Path, qtbot: QtBot) -> Application:
    app = make_app(data_dir, features=Features(printer=PrinterOptions(), demo_screen=True))
    qtbot.wait_until(lambda: app.printer.indicator.text() == "Printer ready")
    return app


def test_a_sale_prints_its_receipt_by_itself_once(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    app = _app(make_app, data_dir, qtbot)
    device, receipt = app.printer.device, app.till.receipt
    cash_sale(qtbot, app)  # $14.00 mug + 8.75 % tax, paid exactly in cash
    qtbot.wait_until(lambda: receipt.print_message.text() == "Receipt printed")
    [printed] = device.receipts
    for expected in ("Order #0001", "1 x Dripos Mug", "TOTAL", "$15.23", "Cash"):
        assert expected in printed, expected
    assert "COPY" not in printed
    assert receipt.print_button.text() == "Reprint" and not receipt.unconfirmed_label.isVisible()

    qtbot.mouseClick(receipt.print_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: len(device.receipts) == 2)
    assert "*** COPY - REPRINTED ***" in device.receipts[1] and "$15.23" in device.receipts[1]


def test_a_receipt_the_printer_did_not_confirm_is_marked_and_offered_for_reprint(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    app = _app(make_app, data_dir, qtbot)
    device, receipt = app.printer.device, app.till.receipt

    def roll_runs_out() -> None:  # the paper ends as the receipt is cut: the check after it fails
        if device.receipts:
            device.paper_out = True

    device.on_change.append(roll_runs_out)
    cash_sale(qtbot, app)
    qtbot.wait_until(receipt.unconfirmed_label.isVisible)
    assert device.paper_out  # the fault fired
    assert "may not have printed" in receipt.unconfirmed_label.text()
    assert receipt.print_button.text() == "Reprint" and receipt.print_button.isEnabled()
    assert len(device.receipts) == 1  # sent once; never sent again by itself

    device.on_change.remove(roll_runs_out)
    device.load_paper()
    qtbot.mouseClick(receipt.print_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: receipt.print_message.text() == "Receipt printed")
    assert len(device.receipts) == 2 and "*** COPY - REPRINTED ***" in device.receipts[1]
    assert "Order #0001" in device.receipts[1] and "$15.23" in device.receipts[1]
    assert not receipt.unconfirmed_label.isVisible()


def test_while_idle_the_till_asks_the_printer_and_shows_an_empty_roll(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    app = make_app(data_dir, features=Features(printer=PrinterOptions(poll_ms=50, auto_print=False)))
    device, indicator = app.printer.device, app.printer.indicator
    qtbot.wait_until(lambda: indicator.text() == "Printer ready")
    asked = device.status_requests
    device.paper_out = True  # nobody tells the till: only its own status query can find out
    qtbot.wait_until(lambda: indicator.text() == "Printer is out of paper — load a new roll", timeout=10_000)
    assert device.status_requests > asked and indicator.problem
    device.load_paper()
    qtbot.wait_until(lambda: indicator.text() == "Printer ready", timeout=10_000)
