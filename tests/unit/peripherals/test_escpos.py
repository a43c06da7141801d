"""ESC/POS bytes (golden) and the decoding of DLE EOT status bytes, bit by bit."""

from __future__ import annotations

import pytest

from dripos_terminal.peripherals.escpos import (
    CODE_PAGES,
    INIT,
    PARTIAL_CUT,
    PC437,
    PrinterProblem,
    PrinterStatus,
    decode_status,
    drawer_kick,
    encode_receipt,
    encode_status,
    encode_text,
    is_status_byte,
    realtime_drawer_kick,
    status_request,
)

OK_PRINTER, OK_OFFLINE, OK_PAPER = 0x12, 0x12, 0x12  # fixed bits only: online, all clear


def test_golden_command_bytes() -> None:
    assert INIT == b"\x1b\x40"
    assert PC437.select == b"\x1b\x74\x00"
    assert {k: p.select for k, p in CODE_PAGES.items()} == {
        "pc437": b"\x1bt\x00", "pc850": b"\x1bt\x02", "wpc1252": b"\x1bt\x10", "pc858": b"\x1bt\x13",
    }  # fmt: skip
    assert PARTIAL_CUT == b"\x1d\x56\x42\x00"
    assert drawer_kick() == b"\x1b\x70\x00\x19\xfa"  # pin 2, 50 ms on, 500 ms off
    assert drawer_kick(pin=5, on_ms=100, off_ms=200) == b"\x1b\x70\x01\x32\x64"
    assert realtime_drawer_kick() == b"\x10\x14\x01\x00\x01"
    assert [status_request(n) for n in (1, 2, 4)] == [b"\x10\x04\x01", b"\x10\x04\x02", b"\x10\x04\x04"]


@pytest.mark.parametrize(
    "call",
    [
        lambda: status_request(5),
        lambda: drawer_kick(pin=3),
        lambda: drawer_kick(on_ms=1000),
        lambda: realtime_drawer_kick(pulse_100ms=9),
    ],
)
def test_out_of_range_commands_are_refused(call: object) -> None:
    with pytest.raises(ValueError):
        call()  # type: ignore[operator]


def test_text_is_cp437_without_control_characters() -> None:
    assert encode_text("Café ½") == "Café ½".encode("cp437")
    assert encode_text("Visa •••• 4242 — ok") == b"Visa **** 4242 - ok"
    assert encode_text("Tea\x1b@\x1dV\x00") == b"Tea@V"  # no command can be smuggled in a name
    assert encode_text("€5 漢") == b"EUR 5 ?"  # a readable stand-in where there is one, else "?"


def test_a_symbol_the_code_page_lacks_prints_as_its_code_keeping_the_column() -> None:
    row = "Latte" + " " * 32 + "€4.50"  # 42 characters, the amount right-aligned
    assert encode_text(row) == ("Latte" + " " * 29 + "EUR 4.50").encode("cp437")  # still 42 wide
    assert len(encode_text(row)) == len(row)
    assert encode_text(row, CODE_PAGES["pc858"]) == row.encode("cp858")  # PC858 has the euro: 0xD5
    assert encode_text("€4.50", CODE_PAGES["pc858"]) == b"\xd54.50"
    assert encode_text("-€1.00") == b"-EUR 1.00"
    assert encode_text("£4.50") == b"\x9c4.50"  # PC437 has the pound sign
    assert encode_text("Crème brûlée ő") == "Crème brûlée o".encode("cp437")  # the bare letter for ő


def test_receipt_header_large_total_emphasised_then_cut() -> None:
    data = encode_receipt(["   Dripos Coffee", "", "1 x Latte   $4.50", "TOTAL   $4.90", "Thank you!"])
    assert data.startswith(INIT + PC437.select)
    assert b"\x1ba\x01\x1b!\x38Dripos Coffee\n\x1b!\x00\x1ba\x00" in data  # centred, bold, double
    assert b"\x1b!\x18TOTAL   $4.90\n\x1b!\x00" in data  # bold, double height
    assert b"1 x Latte   $4.50\n" in data
    assert data.endswith(b"\x1bd\x01" + PARTIAL_CUT)


def test_status_byte_fixed_bits() -> None:
    assert is_status_byte(0x12) and is_status_byte(0x12 | 0x04 | 0x08 | 0x20 | 0x40 | 0x0C | 0x60)
    for bad in (0x00, 0x10, 0x02, 0x13, 0x92, 0x1B, 0x100):
        assert not is_status_byte(bad)
    with pytest.raises(ValueError):
        decode_status(0x10, OK_OFFLINE, OK_PAPER)


def test_all_clear_is_ready() -> None:
    status = decode_status(OK_PRINTER, OK_OFFLINE, OK_PAPER)
    assert status == PrinterStatus(online=True)
    assert status.problem() is None and status.summary() == "Printer ready"


@pytest.mark.parametrize(
    ("printer", "offline", "paper", "expected"),
    [
        (0x12 | 0x08, OK_OFFLINE, OK_PAPER, PrinterStatus(online=False)),  # n=1 bit 3
        (0x12 | 0x04, OK_OFFLINE, OK_PAPER, PrinterStatus(online=True, drawer_open=True)),  # n=1 bit 2
        (0x1A, 0x12 | 0x04, OK_PAPER, PrinterStatus(online=False, cover_open=True)),  # n=2 bit 2
        (0x1A, 0x12 | 0x08, OK_PAPER, PrinterStatus(online=False, feeding=True)),  # n=2 bit 3
        (0x1A, 0x12 | 0x20, OK_PAPER, PrinterStatus(online=False, paper_out=True)),  # n=2 bit 5
        (0x1A, 0x12 | 0x40, OK_PAPER, PrinterStatus(online=False, error=True)),  # n=2 bit 6
        (OK_PRINTER, OK_OFFLINE, 0x12 | 0x0C, PrinterStatus(online=True, paper_near_end=True)),  # n=4 b2-3
        (OK_PRINTER, OK_OFFLINE, 0x12 | 0x60, PrinterStatus(online=True, paper_out=True)),  # n=4 bits 5-6
    ],
)
def test_each_status_bit(printer: int, offline: int, paper: int, expected: PrinterStatus) -> None:
    assert decode_status(printer, offline, paper) == expected


def test_one_bit_of_a_pair_is_not_enough() -> None:
    status = decode_status(OK_PRINTER, OK_OFFLINE, 0x12 | 0x04 | 0x20)
    assert not status.paper_near_end and not status.paper_out


def test_drawer_polarity_is_configurable() -> None:
    assert decode_status(OK_PRINTER, OK_OFFLINE, OK_PAPER, drawer_open_when_high=False).drawer_open
    assert not decode_status(0x16, OK_OFFLINE, OK_PAPER, drawer_open_when_high=False).drawer_open


@pytest.mark.parametrize(
    ("status", "problem", "words"),
    [
        (
            PrinterStatus(online=False, paper_out=True, cover_open=True),
            PrinterProblem.PAPER_OUT,
            "out of paper",
        ),
        (PrinterStatus(online=False, cover_open=True), PrinterProblem.COVER_OPEN, "cover is open"),
        (PrinterStatus(online=False), PrinterProblem.OFFLINE, "offline"),
        (PrinterStatus(online=True, error=True), PrinterProblem.OFFLINE, "offline"),
        (PrinterStatus(online=True, paper_near_end=True), None, "paper low"),
    ],
)
def test_problem_and_summary(status: PrinterStatus, problem: PrinterProblem | None, words: str) -> None:
    assert status.problem() is problem
    assert words in status.summary()


@pytest.mark.parametrize(
    "status",
    [
        PrinterStatus(online=True),
        PrinterStatus(online=True, drawer_open=True, paper_near_end=True),
        PrinterStatus(online=False, cover_open=True),
        PrinterStatus(online=False, paper_out=True, paper_near_end=True),
        PrinterStatus(online=False, error=True),
    ],
)
def test_encode_status_round_trips(status: PrinterStatus) -> None:
    replies = encode_status(status)
    assert all(is_status_byte(b) for b in replies.values())
    assert decode_status(replies[1], replies[2], replies[4]) == status
