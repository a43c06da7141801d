"""print_stall: the GUI thread while a receipt prints on the (virtual, pyserial) receipt printer.

Each run: a cash sale is committed and its receipt shown (not timed); then the 2 ms stall meter runs
on the GUI thread from pressing Print until the receipt screen says "Receipt printed" and the
printer's status has been read back (the serial I/O runs on a worker; the demo printer panel
updates on the GUI thread). The run's value is its longest gap; the floor, the same meter on the
idle event loop for as long.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from dripos_terminal.app import Application
from dripos_terminal.composition.printer import PRINTED_TEXT
from tests.bench.figures import Figure
from tests.bench.gui import StallMeter, qt_app, stall_figure, wait_until
from tests.bench.till import demo_till


def _one_run(app: Application, meter: StallMeter) -> tuple[float, float]:
    assert app.services is not None and app.till is not None and app.printer is not None
    services, receipt, printer = app.services, app.till.receipt, app.printer
    sale = services.sales.start_order(services.staff.members()[0])
    sale.add_item("latte", {"size": ["large"], "milk": ["oat"]})
    sale.add_item("croissant")
    sale.add_cash(2000)
    app.till.show_receipt(services.sales.complete(sale))
    wait_until(lambda: not printer.busy, 30, "printer idle")
    meter.start()
    started = time.perf_counter()
    receipt.print_button.click()
    wait_until(lambda: receipt.print_message.text() == PRINTED_TEXT and not printer.busy, 30, "printed")
    return meter.stop(), time.perf_counter() - started


def measure(runs: int) -> list[Figure]:
    qt_app()
    with tempfile.TemporaryDirectory() as tmp_name:
        app = demo_till(Path(tmp_name) / "data")
        try:
            meter = StallMeter()
            # run 0, the warm-up: the serial port opened, the first receipt formatted
            return [
                stall_figure(
                    "print_stall",
                    "each run: longest GUI-thread gap from Print until printed and the status read back",
                    runs,
                    lambda _run: _one_run(app, meter),
                )
            ]
        finally:
            app.close()
