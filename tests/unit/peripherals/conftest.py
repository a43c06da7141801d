"""Fixtures: a virtual ESC/POS printer behind ``virtual://NAME`` and the printer talking to it."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from dripos_terminal.peripherals.printer import SerialReceiptPrinter
from dripos_terminal.peripherals.virtual_printer import (
    VirtualPrinter,
    add_virtual_printer,
    remove_virtual_printer,
)

_names = itertools.count()


@pytest.fixture
def device() -> Iterator[VirtualPrinter]:
    printer = add_virtual_printer(f"unit-{next(_names)}")
    yield printer
    remove_virtual_printer(printer.name)


@pytest.fixture
def printer(device: VirtualPrinter) -> Iterator[SerialReceiptPrinter]:
    p = SerialReceiptPrinter(device.url, baudrate=19200, timeout_s=0.05)
    yield p
    p.close()
