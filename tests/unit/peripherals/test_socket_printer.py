"""`socket://` (an Ethernet printer's raw port) against a real TCP peer on loopback, through
pyserial's own socket handler, and `dripos-terminal printer test` against it: exit codes and bytes."""

from __future__ import annotations

import socket

import pytest

from dripos_terminal.cli import main as cli_main
from dripos_terminal.peripherals.escpos import CODE_PAGES, PrinterProblem, PrinterStatus, encode_receipt
from dripos_terminal.peripherals.printer import PrinterError, SerialReceiptPrinter
from dripos_terminal.services.checks import printer_test_page
from tests.support.escpos_peer import EscPosPeer

STATUS_QUERIES = b"\x10\x04\x01\x10\x04\x02\x10\x04\x04"  # DLE EOT 1, 2, 4: status before printing


def test_a_receipt_over_socket_reaches_the_peer_byte_for_byte() -> None:
    text = "Dripos Coffee\n1 x Latte      €4.50\nTOTAL          €4.50"
    with EscPosPeer() as peer:
        printer = SerialReceiptPrinter(peer.url, timeout_s=2.0, code_page=CODE_PAGES["pc858"])
        try:
            assert printer.status().problem() is None
            printer.print_receipt(text)
        finally:
            printer.close()
        # the status asked, the status before printing, the receipt, the status again (confirmed)
        receipt = encode_receipt(text.split("\n"), page=CODE_PAGES["pc858"])
        expected = STATUS_QUERIES * 2 + receipt + STATUS_QUERIES
        assert peer.wait_for(len(expected)) == expected
        assert b"\xd54.50" in expected  # the euro sign as PC858's byte, not "?"


@pytest.mark.parametrize(
    ("status", "problem"),
    [
        (PrinterStatus(online=False, paper_out=True), PrinterProblem.PAPER_OUT),
        (PrinterStatus(online=False, cover_open=True), PrinterProblem.COVER_OPEN),
    ],
)
def test_the_peer_refusing_stops_the_print(status: PrinterStatus, problem: PrinterProblem) -> None:
    with EscPosPeer(status) as peer:
        printer = SerialReceiptPrinter(peer.url, timeout_s=2.0)
        try:
            with pytest.raises(PrinterError) as caught:
                printer.print_receipt("nothing to see")
        finally:
            printer.close()
        assert caught.value.problem is problem
        assert peer.wait_for(len(STATUS_QUERIES)) == STATUS_QUERIES  # asked, then sent nothing


def test_printer_test_prints_the_page_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    with EscPosPeer() as peer:
        assert cli_main(["printer", "test", "--url", peer.url, "--code-page", "pc858"]) == 0
        page = printer_test_page("", "", "", port=peer.url, code_page="pc858")
        expected = (
            STATUS_QUERIES + encode_receipt(page.split("\n"), page=CODE_PAGES["pc858"]) + STATUS_QUERIES
        )
        assert peer.wait_for(len(expected)) == expected
    out = capsys.readouterr().out
    assert f"Test page printed — check it came out ({peer.url})" in out
    assert b"\xd54.50" in expected and b"If you can read this, the printer works." in expected


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (PrinterStatus(online=False, paper_out=True), "Printer is out of paper — load a new roll"),
        (PrinterStatus(online=False, cover_open=True), "Printer cover is open — close it"),
    ],
)
def test_printer_test_exits_1_with_the_reason_when_the_printer_refuses(
    status: PrinterStatus, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with EscPosPeer(status) as peer:
        assert cli_main(["printer", "test", "--url", peer.url]) == 1
        assert peer.wait_for(len(STATUS_QUERIES)) == STATUS_QUERIES
    assert capsys.readouterr().err == f"{peer.url}: {reason}\n"


def test_printer_test_exits_2_when_nothing_listens(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.create_server(("127.0.0.1", 0)) as placeholder:
        port = placeholder.getsockname()[1]
    url = f"socket://127.0.0.1:{port}"  # the port was just freed: connection refused
    assert cli_main(["printer", "test", "--url", url, "--timeout", "1"]) == 2
    assert "Printer not connected" in capsys.readouterr().err


def test_printer_test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli_main(["printer", "test"])
    assert caught.value.code == 2 and "--url" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        cli_main(["printer", "test", "--url", "socket://x:1", "--code-page", "klingon"])
    assert caught.value.code == 2


def test_printer_test_on_a_virtual_printer_shows_the_page(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["printer", "test", "--url", "virtual://preview-437"]) == 0
    out = capsys.readouterr().out
    assert "Money: $4.50 EUR 4.50 £4.50 ¥500" in out and "?" not in out
