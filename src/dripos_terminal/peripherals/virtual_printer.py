"""A virtual ESC/POS receipt printer behind a real pyserial URL: ``virtual://NAME``.

For the demo and the tests: `add_virtual_printer(name)` makes an in-memory `VirtualPrinter` and
registers our pyserial URL handler package, so ``serial.serial_for_url("virtual://NAME")`` opens a
`VirtualSerial` port wired to it. The till then talks to it exactly as to a printer on a cable:
the device parses the ESC/POS byte stream (text, print modes, feeds, cuts, drawer kicks) and
answers ``DLE EOT n`` with status bytes from its state. Staff-visible faults are settable:
paper out / near end, cover open, unplugged (`connected`), hung (`responding`).

Printed receipts are kept as text (`receipts`, `last_receipt`), decoded in the code page the host
selected (``ESC t n``); drawer kicks are counted. Every byte received is kept (`received`) and a
readable account of it (`journal`: commands by name, text lines, status replies) for golden tests.
While offline (paper out, cover open, error) a real printer holds data until it is back; the
virtual one throws it away and counts it in `discarded_bytes`, so a test sees "nothing printed".
"""

from __future__ import annotations

import logging
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import serial
from serial.serialutil import PortNotOpenError, SerialBase, SerialException

from dripos_terminal.peripherals.escpos import (
    CODE_PAGE_BY_NUMBER,
    PC437,
    CodePage,
    PrinterStatus,
    encode_status,
)

log = logging.getLogger("dripos_terminal.peripherals")

SCHEME = "virtual"
KEEP_BYTES = 1 << 20  # `received` and `journal` are trimmed to their recent half past these
KEEP_JOURNAL_LINES = 50_000
HANDLER_PACKAGE = "dripos_terminal.peripherals.urlhandler"

_devices: dict[str, VirtualPrinter] = {}  # pyserial finds ports by URL only: the one registry we need
_devices_lock = threading.Lock()


def register_url_handler() -> None:
    """Let `serial.serial_for_url` open ``virtual://`` URLs (idempotent)."""
    if HANDLER_PACKAGE not in serial.protocol_handler_packages:
        serial.protocol_handler_packages.append(HANDLER_PACKAGE)


def add_virtual_printer(name: str) -> VirtualPrinter:
    """A new virtual printer reachable at ``virtual://name``."""
    register_url_handler()
    device = VirtualPrinter(name)
    with _devices_lock:
        if name in _devices:
            raise ValueError(f"a virtual printer {name!r} already exists")
        _devices[name] = device
    return device


def remove_virtual_printer(name: str) -> None:
    with _devices_lock:
        _devices.pop(name, None)


def find_virtual_printer(name: str) -> VirtualPrinter | None:
    with _devices_lock:
        return _devices.get(name)


# command prefix -> total length in bytes (GS V with m = 65/66 takes one more byte)
_FIXED_LENGTH: dict[bytes, int] = {
    b"\x1b@": 2,
    b"\x1bt": 3,
    b"\x1bE": 3,
    b"\x1b!": 3,
    b"\x1ba": 3,
    b"\x1bd": 3,
    b"\x1bp": 5,
    b"\x1d!": 3,
    b"\x10\x04": 3,
    b"\x10\x14": 5,
}


_NAMES: dict[bytes, str] = {
    b"\x1b@": "ESC @ init",
    b"\x1bt": "ESC t code page",
    b"\x1bE": "ESC E emphasis",
    b"\x1b!": "ESC ! mode",
    b"\x1ba": "ESC a align",
    b"\x1bd": "ESC d feed",
    b"\x1bp": "ESC p drawer",
    b"\x1d!": "GS ! size",
    b"\x10\x14": "DLE DC4 real-time",
    b"\x1dV": "GS V cut",
}


def _describe(command: bytes) -> str:
    """`<ESC t code page 19>`: a command as the journal shows it."""
    args = " ".join(str(b) for b in command[2:])
    return f"<{_NAMES.get(command[:2], command[:2].hex())}{' ' + args if args else ''}>"


@dataclass(eq=False)
class VirtualPrinter:
    """The device. Its methods are thread-safe (a worker writes, the demo panel and tests read)."""

    name: str
    paper_out: bool = False
    paper_near_end: bool = False
    cover_open: bool = False
    error: bool = False
    connected: bool = True  # False: the cable is out (opening and writing fail)
    responding: bool = True  # False: hung (accepts bytes, never answers)
    drawer_open: bool = False
    receipts: list[str] = field(default_factory=list)
    kicks: int = 0
    discarded_bytes: int = 0
    status_requests: int = 0
    unknown_commands: list[bytes] = field(default_factory=list)
    code_page: CodePage = PC437
    received: bytearray = field(default_factory=bytearray)
    journal: list[str] = field(default_factory=list)
    on_change: list[Callable[[], None]] = field(default_factory=list)  # called on the writer's thread
    _lines: list[str] = field(default_factory=list)
    _line: bytearray = field(default_factory=bytearray)
    _pending: bytearray = field(default_factory=bytearray)
    _lock: threading.RLock = field(default_factory=threading.RLock)

    @property
    def url(self) -> str:
        return f"{SCHEME}://{self.name}"

    # -- state -------------------------------------------------------------------------------
    def status(self) -> PrinterStatus:
        with self._lock:
            offline = self.paper_out or self.cover_open or self.error
            return PrinterStatus(
                online=not offline,
                cover_open=self.cover_open,
                paper_out=self.paper_out,
                paper_near_end=self.paper_near_end or self.paper_out,
                drawer_open=self.drawer_open,
                error=self.error,
            )

    def load_paper(self) -> None:
        with self._lock:
            self.paper_out = self.paper_near_end = False
        self._changed()

    @property
    def last_receipt(self) -> str:
        with self._lock:
            return self.receipts[-1] if self.receipts else ""

    @property
    def printed_text(self) -> str:
        """Everything printed so far, cut or not."""
        with self._lock:
            return "\n".join([*self.receipts, *self._lines])

    def _changed(self) -> None:
        for listener in list(self.on_change):
            listener()

    # -- the wire ----------------------------------------------------------------------------
    def receive(self, data: bytes) -> bytes:
        """Bytes from the host; returns the printer's replies (status bytes)."""
        with self._lock:
            self.received += data
            if len(self.received) > KEEP_BYTES:  # a demo runs all day: keep the recent past only
                del self.received[: len(self.received) - KEEP_BYTES // 2]
                del self.journal[: max(0, len(self.journal) - KEEP_JOURNAL_LINES // 2)]
            self._pending += data
            replies = bytearray()
            while self._pending:
                used = self._step(replies)
                if used == 0:
                    break  # an incomplete command: wait for more bytes
                del self._pending[:used]
            answer = bytes(replies) if self.responding else b""
        self._changed()
        return answer

    def _step(self, replies: bytearray) -> int:
        buf = self._pending
        first = buf[0]
        if first == 0x0A:
            self._print_byte(None)
            return 1
        if first not in (0x1B, 0x1D, 0x10):
            self._print_byte(first)
            return 1
        if len(buf) < 2:
            return 0
        prefix = bytes(buf[:2])
        length = _FIXED_LENGTH.get(prefix)
        if prefix == b"\x1dV":
            if len(buf) < 3:
                return 0
            length = 4 if buf[2] in (65, 66, 97, 98) else 3
        if length is None:
            self.unknown_commands.append(prefix)
            return 2
        if len(buf) < length:
            return 0
        self._command(bytes(buf[:length]), replies)
        return length

    def _online(self) -> bool:
        return not (self.paper_out or self.cover_open or self.error)

    def _print_byte(self, value: int | None) -> None:
        if not self._online():
            self.discarded_bytes += 1
            return
        if value is None:
            text = self._line.decode(self.code_page.codec, errors="replace")
            self._lines.append(text)
            self.journal.append(f"| {text}")
            self._line.clear()
        elif value != 0x0D:
            self._line.append(value)

    def _command(self, command: bytes, replies: bytearray) -> None:
        prefix = command[:2]
        if prefix == b"\x10\x04":  # real-time: answered even offline
            self.status_requests += 1
            reply = encode_status(self.status()).get(command[2], 0x12)
            replies.append(reply)
            self.journal.append(f"<DLE EOT {command[2]}> -> 0x{reply:02x}")
            return
        self.journal.append(_describe(command))
        if prefix == b"\x1bt" and self._online():
            page = CODE_PAGE_BY_NUMBER.get(command[2])
            if page is None:
                self.unknown_commands.append(command)
            else:
                self.code_page = page
        if prefix == b"\x10\x14":
            if command[2] == 1:
                self._kick()
        elif not self._online():
            self.discarded_bytes += len(command)
        elif prefix == b"\x1bp":
            self._kick()
        elif prefix == b"\x1bd":
            if self._line:
                self._print_byte(None)
            self._lines.extend([""] * command[2])
        elif prefix == b"\x1b@":
            self._line.clear()
            self.code_page = PC437
        elif prefix == b"\x1dV":
            self._cut()

    def _kick(self) -> None:
        self.kicks += 1
        self.drawer_open = True

    def _cut(self) -> None:
        if self._line:
            self._print_byte(None)
        while self._lines and not self._lines[-1]:
            self._lines.pop()
        self.receipts.append("\n".join(self._lines))
        self._lines.clear()


class VirtualSerial(SerialBase):  # type: ignore[misc]  # pyserial has no type hints
    """The pyserial port class for ``virtual://NAME`` (found by `serial.serial_for_url`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.is_open: bool = False
        self._device: VirtualPrinter | None = None
        self._rx = bytearray()
        self._rx_ready = threading.Condition()
        super().__init__(*args, **kwargs)

    def open(self) -> None:
        if self.is_open:
            raise SerialException("Port is already open.")
        if self._port is None:
            raise SerialException("Port must be configured before it can be used.")
        parts = urllib.parse.urlsplit(self._port)
        name = parts.netloc or parts.path.lstrip("/")
        if parts.scheme != SCHEME or not name:
            raise SerialException(f"expected {SCHEME}://NAME, not {self._port!r}")
        device = find_virtual_printer(name)
        if device is None or not device.connected:
            raise SerialException(f"could not open port {self._port}: no such device")
        self._device = device
        self._rx.clear()
        self.is_open = True

    def close(self) -> None:
        self.is_open = False
        self._device = None
        with self._rx_ready:
            self._rx_ready.notify_all()

    def _reconfigure_port(self) -> None:
        """Baud rate and framing mean nothing in memory."""

    def _live(self) -> VirtualPrinter:
        if not self.is_open or self._device is None:
            raise PortNotOpenError()
        if not self._device.connected:
            raise SerialException("device disconnected")
        return self._device

    @property
    def in_waiting(self) -> int:
        self._live()
        with self._rx_ready:
            return len(self._rx)

    def write(self, data: bytes) -> int:
        reply = self._live().receive(bytes(data))
        if reply:
            with self._rx_ready:
                self._rx += reply
                self._rx_ready.notify_all()
        return len(data)

    def read(self, size: int = 1) -> bytes:
        self._live()
        with self._rx_ready:
            self._rx_ready.wait_for(lambda: len(self._rx) >= size or not self.is_open, timeout=self._timeout)
            data = bytes(self._rx[:size])
            del self._rx[:size]
        return data

    def flush(self) -> None:
        self._live()

    def reset_input_buffer(self) -> None:
        self._live()
        with self._rx_ready:
            self._rx.clear()

    def reset_output_buffer(self) -> None:
        self._live()

    def cancel_read(self) -> None:
        with self._rx_ready:
            self._rx_ready.notify_all()
