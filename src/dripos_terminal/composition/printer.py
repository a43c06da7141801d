"""Receipt printer and cash drawer wiring.

`build_printer(shell, options)`:

1. builds the printer from `config.printer` (`SerialReceiptPrinter` on its pyserial URL). In demo
   mode with no URL configured it starts a virtual printer (``virtual://demo-…``) and adds a demo
   panel factory (paper out / cover open toggles, the last printed receipt). No URL and not demo:
   no printer — the receipt has no Print button and "No sale" answers "No cash drawer connected";
2. prints receipts: automatically (`printer.auto_print`, on by default) for every committed sale
   (cash, card, split, stored offline) and every refund or void made in Orders, and on the receipt
   view's Print button. The text (`services.receipt.format_receipt`, in the shop's language and
   locale) goes to the printer on a worker; a refusal (out of paper, cover open, not connected…) is
   shown under the buttons with what to do — the order is already committed, Print prints it. A
   receipt the printer did not confirm (it stopped answering, or ran out of paper, while printing)
   is marked on the receipt view and in the status strip, and offered for reprint; every receipt
   printed after a first attempt is marked as a copy;
3. puts a printer indicator in the status strip, refreshed after every print and kick, and while
   idle by a `DLE EOT` status query every `printer.status_poll_s` seconds (on a worker; skipped
   while a receipt is printing), and when the demo panel changes the virtual printer;
4. shows "No sale" on the sell screen: `Permission.NO_SALE` (a manager's PIN for a barista), audited
   as ``drawer.no_sale`` with who approved, then the drawer kick on a worker;
5. kicks the drawer after every committed sale with a cash tender, when a printer is configured.

Serial I/O and audit writes only ever run through `app.tasks`.
"""

from __future__ import annotations

import enum
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QTimer

from dripos_terminal.composition.shell import Shell
from dripos_terminal.i18n import QT_TRANSLATE_NOOP, Text
from dripos_terminal.peripherals.drawer import CashDrawer, DrawerResult
from dripos_terminal.peripherals.escpos import CODE_PAGES, PROBLEM_TEXT, PrinterStatus
from dripos_terminal.peripherals.printer import DEFAULT_TIMEOUT_S, PrinterError, SerialReceiptPrinter
from dripos_terminal.peripherals.virtual_printer import (
    VirtualPrinter,
    add_virtual_printer,
    remove_virtual_printer,
)
from dripos_terminal.services.receipt import TOTAL, format_receipt
from dripos_terminal.services.views import OrderView
from dripos_terminal.ui.i18n import localizer, tr_text
from dripos_terminal.ui.printer_status import NO_PRINTER, DemoPrinterPanel, PrinterIndicator
from dripos_terminal.ui.tasks import CallbackBridge

log = logging.getLogger("dripos_terminal.peripherals")

CONTEXT = "PrinterWiring"
PRINTING = QT_TRANSLATE_NOOP("PrinterWiring", "Printing…")
PRINTED = QT_TRANSLATE_NOOP("PrinterWiring", "Receipt printed")
NOT_RECORDED = QT_TRANSLATE_NOOP(
    "PrinterWiring", "No sale could not be recorded — the drawer stays closed. Try again."
)
OPENING = QT_TRANSLATE_NOOP("PrinterWiring", "Opening the drawer…")
FAILED = QT_TRANSLATE_NOOP("PrinterWiring", "Printing failed — see the log")
ERROR = QT_TRANSLATE_NOOP("PrinterWiring", "Printer error — see the log")
CHECKING = QT_TRANSLATE_NOOP("PrinterWiring", "Printer: checking…")
UNCONFIRMED_MARK = QT_TRANSLATE_NOOP(
    "PrinterWiring", "This receipt may not have printed. Check the printer, then press Reprint."
)
UNCONFIRMED_COUNT = QT_TRANSLATE_NOOP(
    "PrinterWiring", "{status} — receipt {numbers} not confirmed (reprint it)"
)
# In English (tests and logs; the screens show them translated).
PRINTING_TEXT, PRINTED_TEXT, NOT_RECORDED_TEXT = str(PRINTING), str(PRINTED), str(NOT_RECORDED)


class ReceiptOutcome(enum.Enum):
    """What became of the last attempt to print an order's receipt."""

    PRINTED = "printed"
    UNCONFIRMED = "unconfirmed"  # sent, but the printer did not confirm it: marked, offered for reprint
    REFUSED = "refused"  # nothing was printed (paper out before, not connected…)


@dataclass(frozen=True)
class PrinterOptions:
    """Overrides for tests; the defaults are the product's (from `config.printer`)."""

    timeout_s: float = DEFAULT_TIMEOUT_S
    poll_ms: int | None = None  # idle status poll; None: `printer.status_poll_s`
    auto_print: bool | None = None  # None: `printer.auto_print`


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
        self.outcomes: dict[str, ReceiptOutcome] = {}  # order id → its receipt's last print
        self.unconfirmed: dict[str, OrderView] = {}  # receipts to reprint, oldest first
        self.queue: list[OrderView] = []  # receipts waiting while another prints (auto-print)
        self._status: tuple[Text, bool] = (CHECKING, False)

    # -- status -------------------------------------------------------------------------------
    def show_error(self, error: BaseException) -> None:
        if isinstance(error, PrinterError):
            self.show_text(PROBLEM_TEXT[error.problem], problem=True)
        else:
            log.error("printer: unexpected error %s", error, exc_info=error)
            self.show_text(ERROR, problem=True)

    def show_text(self, text: Text, *, problem: bool) -> None:
        self._status = (text, problem)
        if self.unconfirmed:
            numbers = ", ".join(v.display_number for v in self.unconfirmed.values())
            self.indicator.show_text(UNCONFIRMED_COUNT.format(status=text, numbers=numbers), problem=True)
        else:
            self.indicator.show_text(text, problem=problem)

    def refresh_status(self) -> None:
        """`DLE EOT` on a worker; the idle timer calls it too, but never while a receipt prints."""
        if self.printer is None or self.busy:
            return
        self.busy.add("status")
        self.tasks.run(self.printer.status, self._status_done)

    def _status_done(self, status: PrinterStatus | None, error: BaseException | None) -> None:
        self.busy.discard("status")
        if error is not None:
            self.show_error(error)
        elif status is not None:
            self.show_text(status.summary(), problem=status.problem() is not None)
        self._next()

    # -- printing -----------------------------------------------------------------------------
    def auto_print(self, view: OrderView) -> None:
        """A sale, refund or void was committed: its receipt goes to the printer (in turn)."""
        if self.printer is None:
            return
        self.queue.append(view)
        self._next()

    def _next(self) -> None:
        if self.queue and not self.busy:
            self.print_order(self.queue.pop(0))

    def print_order(self, view: OrderView) -> None:
        printer = self.printer
        if printer is None or "print" in self.busy:
            return
        if self.busy:  # a status query is on the wire: print right after it
            self.queue.insert(0, view)
            return
        shop, words = self.shop, localizer()
        reprint = (
            view.order_id in self.outcomes and self.outcomes[view.order_id] is not ReceiptOutcome.REFUSED
        )
        lines = format_receipt(
            view,
            shop_name=shop.name,
            address=shop.address,
            till_id=shop.till_id,
            words=words,
            reprint=reprint,
        )
        text, total = "\n".join(lines), words.text(TOTAL)
        self.busy.add("print")
        self._receipt_state(view.order_id, busy=True, message=PRINTING)
        self.tasks.run(
            lambda: printer.print_receipt(text, total_word=total), lambda r, e: self._print_done(view, r, e)
        )

    def _print_done(self, view: OrderView, _result: Any, error: BaseException | None) -> None:
        self.busy.discard("print")
        order_id = view.order_id
        if error is None:
            self.outcomes[order_id] = ReceiptOutcome.PRINTED
            self.unconfirmed.pop(order_id, None)
            self._receipt_state(order_id, busy=False, message=PRINTED)
        elif isinstance(error, PrinterError) and error.unconfirmed:
            log.warning(
                "receipt of order %s not confirmed by the printer (%s)", view.display_number, error.problem
            )
            self.outcomes[order_id] = ReceiptOutcome.UNCONFIRMED
            self.unconfirmed[order_id] = view
            self._receipt_state(order_id, busy=False, message=error.args[0], error=True)
        elif isinstance(error, PrinterError):
            self.outcomes.setdefault(order_id, ReceiptOutcome.REFUSED)
            self._receipt_state(order_id, busy=False, message=error.args[0], error=True)
        else:
            log.error("printing failed: %s", error, exc_info=error)
            self._receipt_state(order_id, busy=False, message=FAILED, error=True)
        if error is not None:
            self.show_error(error)
        self.refresh_status()

    def _receipt_state(self, order_id: str, *, busy: bool, message: Text, error: bool = False) -> None:
        """What the receipt view shows — only when it shows this order."""
        shown = self.receipt.view
        if shown is not None and shown.order_id == order_id:
            self.receipt.set_print_state(busy=busy, message=tr_text(message), error=error)
            self.order_shown(shown)

    def order_shown(self, view: OrderView) -> None:
        """The receipt view shows `view`: mark an unconfirmed receipt, and say Reprint after a print."""
        outcome = self.outcomes.get(view.order_id)
        mark = tr_text(UNCONFIRMED_MARK) if outcome is ReceiptOutcome.UNCONFIRMED else ""
        self.receipt.set_printed(
            printed_before=outcome in (ReceiptOutcome.PRINTED, ReceiptOutcome.UNCONFIRMED), mark=mark
        )

    # -- the drawer ---------------------------------------------------------------------------
    def order_completed(self, view: OrderView) -> None:
        """After a committed sale: a cash tender opens the drawer."""
        if self.printer is not None and any(t.kind == "cash" for t in view.tenders):
            self.tasks.run(self.drawer.open_for_cash, self._cash_kick_done)

    def _cash_kick_done(self, result: DrawerResult | None, error: BaseException | None) -> None:
        if error is not None:
            self.show_error(error)
        elif result is not None and not result.opened:
            self.receipt.set_print_state(
                busy="print" in self.busy, message=tr_text(result.message), error=True
            )
        self.refresh_status()

    def no_sale(self, authorization: Any) -> None:
        """`sell.no_sale_granted`: audit and open the drawer on a worker."""
        self.sell.show_notice(tr_text(OPENING))
        self.tasks.run(lambda: self.drawer.no_sale(authorization), self._no_sale_done)

    def _no_sale_done(self, result: DrawerResult | None, error: BaseException | None) -> None:
        if error is not None or result is None:
            log.error("no sale failed: %s", error, exc_info=error)
            self.sell.show_notice(tr_text(NOT_RECORDED), error=True)
            return
        self.sell.show_notice(tr_text(result.message), error=not result.opened)
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

    sell, receipt, history = shell.till.sell, shell.till.receipt, shell.till.history
    sell.enable_no_sale()
    sell.no_sale_granted.connect(wiring.no_sale)
    if printer is not None:
        receipt.enable_printing()
        receipt.print_requested.connect(wiring.print_order)
        receipt.order_shown.connect(wiring.order_shown)
        sell.order_completed.connect(wiring.order_completed)
        auto = config.auto_print if options.auto_print is None else options.auto_print
        if auto:  # the sale's receipt, and a refund's or a void's, without a tap
            sell.order_completed.connect(wiring.auto_print)
            history.changed.connect(wiring.auto_print)
        wiring.timer = QTimer(window)
        poll_ms = options.poll_ms if options.poll_ms is not None else int(config.status_poll_s * 1000)
        wiring.timer.setInterval(poll_ms)
        wiring.timer.timeout.connect(wiring.refresh_status)
        wiring.timer.start()
        wiring.show_text(CHECKING, problem=False)
        wiring.refresh_status()
    else:
        indicator.show_text(NO_PRINTER, problem=False)

    if device is not None:
        bridge = CallbackBridge(window)  # the device calls back on the writer's thread
        bridge.fired.connect(wiring.device_changed)
        device.on_change.append(bridge.emit_later)
    window.add_close_hook(wiring.shut_down)
    return wiring
