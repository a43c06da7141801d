"""Golden receipts: every kind of receipt the till prints, byte for byte as the printer receives it.

Each receipt goes the product's way: `format_receipt` → `SerialReceiptPrinter` → pyserial's
`serial_for_url` → the virtual ESC/POS printer, which keeps every byte (`received`, compared with
`tests/fixtures/receipts/NAME.bin`) and a readable account of them (`journal`, compared with
`NAME.txt`: commands by name, status replies, printed lines in the selected code page).

A change to a receipt fails here until the golden files are rewritten on purpose:
`UPDATE_GOLDEN=1 make test PYTEST_ARGS=tests/unit/peripherals/test_receipt_golden.py` rewrites them
and reports each rewritten test as skipped; review `git diff tests/fixtures/receipts` and commit.
A missing golden file is a failure, never created silently.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dripos_terminal.i18n import ENGLISH, Localizer
from dripos_terminal.peripherals.escpos import CODE_PAGES
from dripos_terminal.peripherals.printer import SerialReceiptPrinter
from dripos_terminal.peripherals.virtual_printer import add_virtual_printer, remove_virtual_printer
from dripos_terminal.services.receipt import OFFLINE_NOTICE, TOTAL, format_receipt
from tests.unit.peripherals.receipt_orders import RECEIPT_OPTIONS, RECEIPTS, catalog_in, view_of

GOLDEN_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "receipts"
ENV_UPDATE = "UPDATE_GOLDEN"


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Receipts print local time: pin the zone so the golden files do not depend on the machine's."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def localizer_for(options: dict[str, object]) -> Localizer:
    """English by default; a shipped translation (Qt's, from the built catalogue) when asked."""
    language = str(options.get("language", "en"))
    if language == "en":
        return ENGLISH
    from PySide6.QtCore import QTranslator
    from PySide6.QtWidgets import QApplication

    from dripos_terminal.ui.i18n import catalogue_path

    app = QApplication.instance() or QApplication([])
    translator = QTranslator(app)
    assert translator.load(str(catalogue_path(language))), "build the catalogues first: make translations"
    return Localizer(lambda c, s: translator.translate(c, s) or s, str(options["locale"]))


def print_receipt(name: str, tmp_path: Path) -> tuple[bytes, str, str]:
    currency, page, build = RECEIPTS[name]
    options = RECEIPT_OPTIONS.get(name, {})
    words = localizer_for(options)
    catalog = catalog_in(currency, tmp_path)
    text = "\n".join(
        format_receipt(
            view_of(build(catalog), catalog),
            shop_name="Dripos Coffee",
            address="1 Main St",
            till_id="till-1",
            words=words,
            reprint=bool(options.get("reprint", False)),
        )
    )
    device = add_virtual_printer(f"golden-{name}")
    printer = SerialReceiptPrinter(device.url, timeout_s=1.0, code_page=CODE_PAGES[page])
    try:
        printer.print_receipt(text, total_word=words.text(TOTAL))
    finally:
        printer.close()
        remove_virtual_printer(device.name)
    assert device.unknown_commands == [] and device.discarded_bytes == 0
    journal = f"# {name}: {currency} receipt on code page {page}\n" + "\n".join(device.journal) + "\n"
    return bytes(device.received), journal, device.last_receipt


def check_golden(name: str, data: bytes, journal: str) -> None:
    binary, readable = GOLDEN_DIR / f"{name}.bin", GOLDEN_DIR / f"{name}.txt"
    if os.environ.get(ENV_UPDATE) == "1":
        binary.write_bytes(data)
        readable.write_text(journal, encoding="utf-8")
        pytest.skip(f"{ENV_UPDATE}=1: rewrote {binary.name} and {readable.name}; review the diff")
    assert binary.exists(), f"no golden file {binary.name}: create it on purpose with {ENV_UPDATE}=1"
    assert readable.read_text(encoding="utf-8") == journal  # the readable diff first
    assert binary.read_bytes() == data


@pytest.mark.parametrize("name", sorted(RECEIPTS))
def test_golden_receipt(name: str, tmp_path: Path) -> None:
    data, journal, _printed = print_receipt(name, tmp_path)
    check_golden(name, data, journal)


def test_each_kind_says_what_it_is(tmp_path: Path) -> None:
    """What a customer reads on each kind, beyond the bytes (so a golden file cannot hide a wrong one)."""
    printed = {name: print_receipt(name, tmp_path)[2] for name in RECEIPTS}
    assert "Change" in printed["sale-cash"] and "$20.00" in printed["sale-cash"]
    assert "Visa **** 4242" in printed["sale-card"] and "Tip" in printed["sale-card"]
    assert "Cash" in printed["sale-split-tender"] and "Mastercard **** 4444" in printed["sale-split-tender"]
    assert "Payment stored offline - will be processed" in printed["sale-offline-card"]
    assert OFFLINE_NOTICE not in printed["sale-card"]  # only where a payment is stored offline
    assert "*** REFUNDED ***" in printed["refund"] and "Refunded" in printed["refund"]
    assert "*** VOIDED ***" in printed["void"]
    assert "EUR 20.00" in printed["sale-cash-eur-pc437"] and "?" not in printed["sale-cash-eur-pc437"]
    assert "€20.00" in printed["sale-cash-eur-pc858"]
    assert "£20.00" in printed["sale-cash-gbp-pc437"]
    assert "COPY" in printed["reprint-sale-card"] and "COPY" not in printed["sale-card"]
    spanish = printed["sale-offline-card-es"]
    assert "Pago guardado sin conexión" in spanish and "€" in spanish and "31/3/23" in spanish
    assert "REEMBOLSADO" in printed["refund-es"] and "Reembolsado" in printed["refund-es"]
    for name, text in printed.items():
        assert all(len(line) <= 42 for line in text.splitlines()), name  # nothing wraps on 80 mm paper


def test_the_euro_sign_is_the_code_pages_own_byte() -> None:
    """The bytes behind the EUR/GBP golden files: PC858 0xD5 is €, PC437 0x9C is £, ESC t 19 selects PC858."""
    eur = (GOLDEN_DIR / "sale-cash-eur-pc858.bin").read_bytes()
    assert b"\x1bt\x13" in eur and b"\xd520.00" in eur and b"?20.00" not in eur
    eur437 = (GOLDEN_DIR / "sale-cash-eur-pc437.bin").read_bytes()
    assert b"\x1bt\x00" in eur437 and b"EUR 20.00" in eur437 and b"?" not in eur437.replace(b"\x3f", b"")
    assert b"\x9c20.00" in (GOLDEN_DIR / "sale-cash-gbp-pc437.bin").read_bytes()
