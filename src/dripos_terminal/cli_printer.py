"""`dripos-terminal printer test --url URL`: print a test page on a receipt printer.

The URL is anything pyserial opens: a serial or USB-serial port (`/dev/ttyUSB0`, `COM3`), an
Ethernet printer's raw port (`socket://192.168.1.50:9100`) or `virtual://NAME`, the in-memory
printer, which this command creates for itself and whose printout it shows on stdout (a preview of
the page in a code page, no hardware needed). The printer's status is read first (`DLE EOT`), so a
printer that cannot print refuses with the reason instead of swallowing the page.

Exit codes: 0 printed; 1 the printer refused (out of paper, cover open, offline: the reason on
stderr); 2 usage, or the port cannot be opened or does not answer like a printer.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from dripos_terminal.cli_common import EXIT_ENVIRONMENT, EXIT_OK, EXIT_REFUSED, run_command

# Problems that mean "this port is not a working printer" rather than "the printer said no".
_CANNOT_OPEN = {"not_connected", "not_responding", "bad_reply"}


def register(subparsers: Any) -> None:
    from dripos_terminal.peripherals.escpos import CODE_PAGES

    printer = subparsers.add_parser("printer", help="receipt printer tools")
    sub = printer.add_subparsers(dest="printer_command", required=True)
    test = sub.add_parser("test", help="print a test page (exit 0 printed, 1 refused, 2 cannot open)")
    test.add_argument("--url", required=True, help="/dev/ttyUSB0, COM3, socket://HOST:9100, virtual://NAME")
    test.add_argument("--baudrate", type=int, default=19200, help="serial speed (default 19200)")
    test.add_argument("--code-page", choices=sorted(CODE_PAGES), default="pc437", help="default pc437")
    test.add_argument("--timeout", type=float, default=3.0, help="seconds to wait for the printer")
    test.set_defaults(func=lambda args: run_command(lambda: printer_test(args)))


@contextmanager
def _virtual_device(url: str) -> Iterator[Any]:
    """For `virtual://NAME`: a virtual printer of that name in this process while the page prints."""
    from dripos_terminal.peripherals.virtual_printer import (
        SCHEME,
        add_virtual_printer,
        remove_virtual_printer,
    )

    scheme, _, name = url.partition("://")
    if scheme != SCHEME or not name:
        yield None
        return
    device = add_virtual_printer(name)
    try:
        yield device
    finally:
        remove_virtual_printer(name)


def printer_test(args: argparse.Namespace) -> int:
    from dripos_terminal.peripherals.escpos import CODE_PAGES
    from dripos_terminal.services.checks import printer_test_page, printer_test_print

    page = printer_test_page("", "", "", port=args.url, code_page=args.code_page)
    with _virtual_device(args.url) as device:
        result = printer_test_print(
            args.url, args.baudrate, page, timeout_s=args.timeout, code_page=CODE_PAGES[args.code_page]
        )
        if device is not None and result.ok:
            sys.stdout.write(device.last_receipt + "\n")
    if result.ok:
        sys.stdout.write(f"{result.text} ({args.url})\n")
        return EXIT_OK
    sys.stderr.write(f"{args.url}: {result.text}\n")
    return EXIT_ENVIRONMENT if result.problem in _CANNOT_OPEN else EXIT_REFUSED
