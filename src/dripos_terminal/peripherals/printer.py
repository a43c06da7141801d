"""The receipt printer (and the cash drawer on its kick-out connector) over pyserial.

`ReceiptPrinter` is the port the till uses; `SerialReceiptPrinter` implements it with
`serial.serial_for_url`, so one class serves ``/dev/ttyUSB0``, ``COM3``, ``socket://10.0.0.5:9100``
(an Ethernet printer's raw port), ``loop://`` and our ``virtual://NAME`` demo printer.

Every method is BLOCKING (serial I/O with a timeout): call it through `TaskRunner`, never in a slot.
Calls are serialised by a lock, so a status poll and a print never interleave on the wire.

Before printing, the printer's real-time status is read (``DLE EOT 1/2/4``); paper out, cover open
or offline refuse the print with a `PrinterError` whose message tells staff what to do. Nothing is
lost by a refusal: the order is already committed and can be printed again. After the receipt is
sent the status is read again: a printer that stops answering, runs out of paper or opens its
cover meanwhile has not confirmed the receipt (`PrinterError.unconfirmed`), which the till marks and
offers to reprint. A port that failed (cannot open, write error, no reply within the timeout) is
closed and reopened on the next call.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol

import serial

from dripos_terminal.i18n import QT_TRANSLATE_NOOP, Text
from dripos_terminal.peripherals.escpos import (
    PC437,
    PROBLEM_TEXT,
    STATUS_OFFLINE_CAUSE,
    STATUS_PRINTER,
    STATUS_ROLL_PAPER,
    CodePage,
    PrinterProblem,
    PrinterStatus,
    decode_status,
    drawer_kick,
    encode_receipt,
    is_status_byte,
    realtime_drawer_kick,
    status_request,
)

log = logging.getLogger("dripos_terminal.peripherals")

DEFAULT_TIMEOUT_S = 2.0
PortOpener = Callable[..., Any]  # serial.serial_for_url(url, baudrate=..., timeout=..., write_timeout=...)

# Problems that mean the port itself is suspect: close it, reopen on the next call.
_PORT_PROBLEMS = {PrinterProblem.NOT_CONNECTED, PrinterProblem.NOT_RESPONDING, PrinterProblem.BAD_REPLY}


PRESS_PRINT_AGAIN = QT_TRANSLATE_NOOP("Printer", "press Print again")
TRY_AGAIN = QT_TRANSLATE_NOOP("Printer", "try again")
THEN = QT_TRANSLATE_NOOP("Printer", "{problem}, then {next_step}")
UNCONFIRMED = QT_TRANSLATE_NOOP("Printer", "The receipt may not have printed: {problem}. Then reprint it.")


class PrinterError(Exception):
    """The printer cannot do it now; the message (`str`, or translated from `args[0]`, a `Text`) tells
    staff what to do next. `unconfirmed`: the receipt was sent but the printer did not confirm it."""

    def __init__(
        self,
        problem: PrinterProblem,
        *,
        next_step: Text | None = None,
        detail: str = "",
        unconfirmed: bool = False,
    ) -> None:
        text = PROBLEM_TEXT[problem]
        if unconfirmed:
            message = UNCONFIRMED.format(problem=text)
        else:
            message = THEN.format(problem=text, next_step=next_step) if next_step else text
        super().__init__(message)
        self.problem = problem
        self.detail = detail  # for the log, never shown
        self.unconfirmed = unconfirmed


class ReceiptPrinter(Protocol):
    """The till's view of a receipt printer with a cash drawer. All methods BLOCK."""

    def status(self) -> PrinterStatus: ...

    def print_receipt(self, text: str, *, total_word: str = "TOTAL") -> None:
        """Print `text` (lines split by newlines); if it cannot, raise `PrinterError` and print nothing
        (or, `unconfirmed`, when the printer did not confirm what it was sent)."""

    def kick_drawer(self) -> None:
        """Open the cash drawer; raises `PrinterError` when the printer cannot be reached."""

    def close(self) -> None: ...


class SerialReceiptPrinter:
    """An ESC/POS printer on a pyserial URL. Thread-safe; reconnects after a failure."""

    def __init__(
        self,
        url: str,
        *,
        baudrate: int = 19200,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        drawer_pin: int = 2,
        code_page: CodePage = PC437,
        open_port: PortOpener | None = None,
    ) -> None:
        self.url, self.code_page = url, code_page
        self._baudrate, self._timeout, self._pin = baudrate, timeout_s, drawer_pin
        self._open = open_port or serial.serial_for_url
        self._lock = threading.Lock()
        self._serial: Any = None
        self._closed = False

    # -- the port ------------------------------------------------------------------------------
    def _port(self) -> Any:
        if self._closed:
            raise PrinterError(PrinterProblem.NOT_CONNECTED, detail="closed")
        if self._serial is None:
            try:
                self._serial = self._open(
                    self.url, baudrate=self._baudrate, timeout=self._timeout, write_timeout=self._timeout
                )
            except (serial.SerialException, OSError, ValueError) as exc:
                raise PrinterError(PrinterProblem.NOT_CONNECTED, detail=str(exc)) from exc
            log.info("printer port %s opened", self.url)
        return self._serial

    def _drop_port(self) -> None:
        port, self._serial = self._serial, None
        if port is not None:
            try:
                port.close()
            except (serial.SerialException, OSError) as exc:
                log.debug("closing printer port: %s", exc)

    def _write(self, port: Any, data: bytes) -> None:
        try:
            port.write(data)
            port.flush()
        except serial.SerialTimeoutException as exc:
            raise PrinterError(PrinterProblem.NOT_RESPONDING, detail=str(exc)) from exc
        except (serial.SerialException, OSError) as exc:
            raise PrinterError(PrinterProblem.NOT_CONNECTED, detail=str(exc)) from exc

    def _query(self, port: Any, n: int) -> int:
        try:
            port.reset_input_buffer()  # drop stale bytes (a late reply to an earlier timeout)
        except (serial.SerialException, OSError) as exc:
            raise PrinterError(PrinterProblem.NOT_CONNECTED, detail=str(exc)) from exc
        self._write(port, status_request(n))
        try:
            reply = port.read(1)
        except (serial.SerialException, OSError) as exc:
            raise PrinterError(PrinterProblem.NOT_CONNECTED, detail=str(exc)) from exc
        if not reply:
            raise PrinterError(PrinterProblem.NOT_RESPONDING, detail=f"no reply to DLE EOT {n}")
        if not is_status_byte(reply[0]):
            raise PrinterError(PrinterProblem.BAD_REPLY, detail=f"DLE EOT {n} -> {reply!r}")
        return int(reply[0])

    def _read_status(self, port: Any) -> PrinterStatus:
        return decode_status(
            self._query(port, STATUS_PRINTER),
            self._query(port, STATUS_OFFLINE_CAUSE),
            self._query(port, STATUS_ROLL_PAPER),
        )

    def _guarded(self, work: Callable[[Any], Any], next_step: Text | None) -> Any:
        with self._lock:
            try:
                return work(self._port())
            except PrinterError as exc:
                if exc.problem in _PORT_PROBLEMS:
                    log.warning("printer %s: %s (%s)", self.url, exc.problem.value, exc.detail)
                    self._drop_port()
                if next_step is not None and not exc.unconfirmed:
                    raise PrinterError(exc.problem, next_step=next_step, detail=exc.detail) from exc
                raise

    # -- the port's operations -----------------------------------------------------------------
    def status(self) -> PrinterStatus:
        result: PrinterStatus = self._guarded(self._read_status, None)
        return result

    def print_receipt(self, text: str, *, total_word: str = "TOTAL") -> None:
        def work(port: Any) -> None:
            problem = self._read_status(port).problem()
            if problem is not None:
                raise PrinterError(problem)
            data = encode_receipt(text.split("\n"), page=self.code_page, total_word=total_word)
            self._write(port, data)
            log.info("receipt sent to the printer (%d bytes)", len(data))
            self._confirm(port)

        self._guarded(work, PRESS_PRINT_AGAIN)

    def _confirm(self, port: Any) -> None:
        """After a receipt: the printer still answers and can still print (no paper-out, no open
        cover in the middle of it), or the receipt is not confirmed."""
        try:
            after = self._read_status(port)
        except PrinterError as exc:
            raise PrinterError(exc.problem, detail=exc.detail, unconfirmed=True) from exc
        problem = after.problem()
        if problem is not None:
            raise PrinterError(problem, detail="after printing", unconfirmed=True)

    def kick_drawer(self) -> None:
        def work(port: Any) -> None:
            status = self._read_status(port)
            # Offline (paper out, cover open) the printer holds ESC p until it is back online;
            # the real-time pulse opens the drawer now.
            data = drawer_kick(self._pin) if status.online else realtime_drawer_kick(self._pin)
            self._write(port, data)
            log.info("cash drawer kicked")

        self._guarded(work, TRY_AGAIN)

    def close(self) -> None:
        """Close the port for good (the till is shutting down)."""
        with self._lock:
            self._closed = True
            self._drop_port()
