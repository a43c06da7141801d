"""Receipt printer and cash drawer wiring.

`build_printer(shell, options)`:

1. builds the printer from `config.printer` (`SerialReceiptPrinter` on its pyserial URL). In demo
   mode with no URL configured it starts a virtual printer (``virtual://demo-…``) and adds a demo
   panel factory (paper out / cover open toggles, the last printed receipt). No URL and not demo:
   no printer — the receipt has no Print button and "No sale" answers "No cash drawer connected";
2. enables Print on the receipt view: the receipt text (`services.receipt.format_receipt`) goes to
   the printer on a worker; a refusal (out of paper, cover open, not connected…) is shown under the
   buttons with what to do — the order is already committed, Print again reprints it;
3. puts a printer indicator in the status strip, refreshed after every print and kick, on a slow
   timer and when the demo panel changes the virtual printer;
4. shows "No sale" on the sell screen: `Permission.NO_SALE` (a manager's PIN for a barista), audited
   as ``drawer.no_sale`` with who approved, then the drawer kick on a worker;
5. kicks the drawer after every committed sale with a cash tender, when a printer is configured.

Serial I/O and audit writes only ever run through `app.tasks`.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QTimer

from dripos_terminal.composition.shell import Shell
from dripos_terminal.peripherals.drawer import CashDrawer, DrawerResult
from dripos_terminal.peripherals.escpos import CODE_PAGES, PROBLEM_TEXT, PrinterStatus
from dripos_terminal.peripherals.printer import DEFAULT_TIMEOUT_S, PrinterError, SerialReceiptPrinter
from dripos_terminal.peripherals.virtual_printer import (
    VirtualPrinter,
    add_virtual_printer,
    remove_virtual_printer,
)
from dripos_terminal.services.receipt import format_receipt
from dripos_terminal.services.views import OrderView
from dripos_terminal.ui.printer_status import NO_PRINTER_TEXT, DemoPrinterPanel, PrinterIndicator
from dripos_terminal.ui.tasks import CallbackBridge

log = logging.getLogger("dripos_terminal.peripherals")

POLL_MS = 60_000
PRINTING_TEXT = "Printing…"
PRINTED_TEXT = "Receipt printed"
NOT_RECORDED_TEXT = "No sale could not be recorded — the drawer stays closed. Try again."


@dataclass(frozen=True)
class PrinterOptions:
    """Overrides for tests; the defaults are the product's."""

    timeout_s: float = DEFAULT_TIMEOUT_S
    poll_ms: int = POLL_MS


class PrinterWiring:
    """The built printer area (`app.printer`): the printer, the drawer, the indicator, the callbacks.

    Every method runs on the GUI thread; blocking work goes through `tasks`.
    """

    def __init__(
        self,
        shell: Shell,
        printer: SerialReceiptPrinter | None,
        device: VirtualPrinter | None,
        indicator: PrinterIndicator,
    ) -> None:
        self.printer, self.device, self.indicator = printer, device, indicator
        self.shop = shell.services.config.shop
        self.drawer = CashDrawer(printer, shell.services.audit, till_id=self.shop.till_id)
        self.tasks, self.receipt, self.sell = shell.tasks, shell.till.receipt, shell.till.sell
        self.demo_panel: DemoPrinterPanel | None = None
        self.timer: QTimer | None = None
        self.busy: set[str] = set()

    # -- status -------------------------------------------------------------------------------
    def show_error(self, error: BaseException) -> None:
        if isinstance(error, PrinterError):
            self.indicator.show_text(PROBLEM_TEXT[error.problem], problem=True)
        else:
            log.error("printer: unexpected error %s", error, exc_info=error)
            self.indicator.show_text("Printer error — see the log", problem=True)

    def refresh_status(self) -> None:
        if self.printer is None or "status" in self.busy:
            return
        self.busy.add("status")
        self.tasks.run(self.printer.status, self._status_done)

    def _status_done(self, status: PrinterStatus | None, error: BaseException | None) -> None:
        self.busy.discard("status")
        if error is not None:
            self.show_error(error)
        elif status is not None:
            self.indicator.show_text(status.summary(), problem=status.problem() is not None)

    # -- printing -----------------------------------------------------------------------------
    def print_order(self, view: OrderView) -> None:
        printer = self.printer
        if printer is None or "print" in self.busy:
            return
        shop = self.shop
        lines = format_receipt(view, shop_name=shop.name, address=shop.address, till_id=shop.till_id)
        text = "\n".join(lines)
        self.busy.add("print")
        self.receipt.set_print_state(busy=True, message=PRINTING_TEXT)
        self.tasks.run(lambda: printer.print_receipt(text), self._print_done)

    def _print_done(self, _result: Any, error: BaseException | None) -> None:
        self.busy.discard("print")
        if error is None:
            self.receipt.set_print_state(busy=False, message=PRINTED_TEXT)
        elif isinstance(error, PrinterError):
            self.receipt.set_print_state(busy=False, message=str(error), error=True)
        else:
            self.receipt.set_print_state(busy=False, message="Printing failed — see the log", error=True)
        if error is not None:
            self.show_error(error)
        self.refresh_status()

    # -- the drawer ---------------------------------------------------------------------------
    def order_completed(self, view: OrderView) -> None:
        """After a committed sale: a cash tender opens the drawer."""
        if self.printer is not None and any(t.kind == "cash" for t in view.tenders):
            self.tasks.run(self.drawer.open_for_cash, self._cash_kick_done)

    def _cash_kick_done(self, result: DrawerResult | None, error: BaseException | None) -> None:
        if error is not None:
            self.show_error(error)
        elif result is not None and not result.opened:
            self.receipt.set_print_state(busy="print" in self.busy, message=result.message, error=True)
        self.refresh_status()

    def no_sale(self, authorization: Any) -> None:
        """`sell.no_sale_granted`: audit and open the drawer on a worker."""
        self.sell.show_notice("Opening the drawer…")
        self.tasks.run(lambda: self.drawer.no_sale(authorization), self._no_sale_done)

    def _no_sale_done(self, result: DrawerResult | None, error: BaseException | None) -> None:
        if error is not None or result is None:
            log.error("no sale failed: %s", error, exc_info=error)
            self.sell.show_notice(NOT_RECORDED_TEXT, error=True)
            return
        self.sell.show_notice(result.message, error=not result.opened)
        self.refresh_status()

    # -- demo and shutdown ----------------------------------------------------------------------
    def build_demo_panel(self) -> DemoPrinterPanel:
        assert self.device is not None
        panel = DemoPrinterPanel(self.device)
        panel.changed.connect(self.refresh_status)
        self.demo_panel = panel
        return panel

    def device_changed(self, _payload: object = None) -> None:
        if self.demo_panel is not None:
            self.demo_panel.refresh()

    def shut_down(self) -> None:
        if self.timer is not None:
            self.timer.stop()
        if self.device is not None:
            self.device.on_change.clear()
            remove_virtual_printer(self.device.name)
        if self.printer is not None:
            self.printer.close()


def build_printer(shell: Shell, options: PrinterOptions) -> PrinterWiring:
    config, window = shell.services.config.printer, shell.window
    url, device = config.url, None
    if not url and shell.demo:
        device = add_virtual_printer(f"demo-{secrets.token_hex(4)}")
        url = device.url
    printer = None
    if url:
        printer = SerialReceiptPrinter(
            url, baudrate=config.baudrate, timeout_s=options.timeout_s, code_page=CODE_PAGES[config.code_page]
        )
    indicator = PrinterIndicator(window)
    window.add_status_widget(indicator)
    wiring = PrinterWiring(shell, printer, device, indicator)

    sell, receipt = shell.till.sell, shell.till.receipt
    sell.enable_no_sale()
    sell.no_sale_granted.connect(wiring.no_sale)
    if printer is not None:
        receipt.enable_printing()
        receipt.print_requested.connect(wiring.print_order)
        sell.order_completed.connect(wiring.order_completed)
        wiring.timer = QTimer(window)
        wiring.timer.setInterval(options.poll_ms)
        wiring.timer.timeout.connect(wiring.refresh_status)
        wiring.timer.start()
        indicator.show_text("Printer: checking…", problem=False)
        wiring.refresh_status()
    else:
        indicator.show_text(NO_PRINTER_TEXT, problem=False)

    if device is not None:
        bridge = CallbackBridge(window)  # the device calls back on the writer's thread
        bridge.fired.connect(wiring.device_changed)
        device.on_change.append(bridge.emit_later)
    window.add_close_hook(wiring.shut_down)
    return wiring
