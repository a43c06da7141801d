"""The pyserial printer against the virtual ESC/POS device, through the real `serial.serial_for_url`."""

from __future__ import annotations

import pytest
import serial

from dripos_terminal.peripherals.escpos import PrinterProblem
from dripos_terminal.peripherals.printer import PrinterError, SerialReceiptPrinter
from dripos_terminal.peripherals.virtual_printer import VirtualPrinter, VirtualSerial
from dripos_terminal.services.receipt import format_receipt
from dripos_terminal.services.views import LineView, OrderView, TenderView


def paid_view() -> OrderView:
    line = LineView(1, "latte", "Latte", ("Oat milk",), 1, 525, 525, 0, "", 525)
    tenders = (
        TenderView("card_present", 300, 300, 0, "Visa •••• 4242"),
        TenderView("cash", 271, 300, 29, "Cash"),
    )
    return OrderView(
        order_id="o-1",
        number=42,
        display_number="#0042",
        status="paid",
        currency="usd",
        lines=(line,),
        subtotal=525,
        discount=0,
        order_discount_label="",
        tax=46,
        taxes=(("prepared_food", 875, 46),),
        tip=0,
        total=571,
        paid=571,
        remaining=0,
        change=29,
        tenders=tenders,
        staff_name="Sam",
        created_at="2026-03-02T09:15:00+00:00",
        completed_at="2026-03-02T09:16:00+00:00",
    )


def receipt_text() -> str:
    return "\n".join(
        format_receipt(paid_view(), shop_name="Dripos Coffee", address="1 Main St", till_id="till-1")
    )


def test_the_virtual_url_opens_through_serial_for_url(device: VirtualPrinter) -> None:
    port = serial.serial_for_url(device.url, baudrate=19200, timeout=0.05)
    try:
        assert isinstance(port, VirtualSerial) and port.is_open
        port.write(b"\x10\x04\x01")
        assert port.read(1) == b"\x12"
    finally:
        port.close()


def test_prints_a_real_receipt(device: VirtualPrinter, printer: SerialReceiptPrinter) -> None:
    assert printer.status().problem() is None
    printer.print_receipt(receipt_text())
    assert len(device.receipts) == 1
    text = device.last_receipt
    assert "Dripos Coffee" in text.splitlines()[0]
    for expected in ("Order #0042", "1 x Latte", "Oat milk", "TOTAL", "$5.71", "Visa **** 4242", "Change"):
        assert expected in text, expected
    assert "4242424242424242" not in text
    assert device.unknown_commands == [] and device.discarded_bytes == 0


def test_paper_out_refuses_and_prints_nothing(device: VirtualPrinter, printer: SerialReceiptPrinter) -> None:
    device.paper_out = True
    with pytest.raises(PrinterError) as caught:
        printer.print_receipt(receipt_text())
    assert caught.value.problem is PrinterProblem.PAPER_OUT
    assert str(caught.value) == "Printer is out of paper — load a new roll, then press Print again"
    assert device.receipts == [] and device.printed_text == "" and device.discarded_bytes == 0

    device.load_paper()  # the reprint works: the order was never lost
    printer.print_receipt(receipt_text())
    assert "Order #0042" in device.last_receipt


def test_cover_open_refuses(device: VirtualPrinter, printer: SerialReceiptPrinter) -> None:
    device.cover_open = True
    status = printer.status()
    assert status.cover_open and not status.online
    with pytest.raises(PrinterError, match="cover is open — close it, then press Print again") as caught:
        printer.print_receipt(receipt_text())
    assert caught.value.problem is PrinterProblem.COVER_OPEN
    assert device.receipts == []


def test_paper_low_still_prints(device: VirtualPrinter, printer: SerialReceiptPrinter) -> None:
    device.paper_near_end = True
    assert printer.status().summary() == "Printer ready — paper low"
    printer.print_receipt("hello")
    assert device.last_receipt == "hello"


@pytest.mark.parametrize("url", ["virtual://nobody-here", "nosuchscheme://x", "/dev/dripos-no-such-tty"])
def test_not_connected(url: str) -> None:
    printer = SerialReceiptPrinter(url, timeout_s=0.05)
    with pytest.raises(PrinterError, match="Printer not connected — check its cable and power") as caught:
        printer.print_receipt("x")
    assert caught.value.problem is PrinterProblem.NOT_CONNECTED
    with pytest.raises(PrinterError):
        printer.status()


def test_no_reply_is_not_responding(device: VirtualPrinter, printer: SerialReceiptPrinter) -> None:
    device.responding = False
    with pytest.raises(PrinterError, match="Printer not responding") as caught:
        printer.status()
    assert caught.value.problem is PrinterProblem.NOT_RESPONDING
    device.responding = True
    assert printer.status().online


def test_a_device_that_is_not_a_printer_is_a_bad_reply() -> None:
    printer = SerialReceiptPrinter("loop://", timeout_s=0.05)  # echoes our DLE EOT back
    with pytest.raises(PrinterError, match="unexpected reply") as caught:
        printer.status()
    assert caught.value.problem is PrinterProblem.BAD_REPLY
    printer.close()


def test_reconnects_on_the_next_call_after_a_failure(
    device: VirtualPrinter, printer: SerialReceiptPrinter
) -> None:
    printer.print_receipt("first")
    device.connected = False  # the cable is pulled: the open port fails
    with pytest.raises(PrinterError) as caught:
        printer.print_receipt("lost")
    assert caught.value.problem is PrinterProblem.NOT_CONNECTED
    with pytest.raises(PrinterError):  # still unplugged: reopening fails too
        printer.status()
    device.connected = True
    printer.print_receipt("second")
    assert device.receipts == ["first", "second"]


def test_closed_printer_stays_closed(device: VirtualPrinter, printer: SerialReceiptPrinter) -> None:
    printer.status()
    printer.close()
    with pytest.raises(PrinterError):
        printer.print_receipt("after shutdown")
    assert device.receipts == []


def test_kick_drawer(device: VirtualPrinter, printer: SerialReceiptPrinter) -> None:
    printer.kick_drawer()
    assert device.kicks == 1 and device.drawer_open
    assert printer.status().drawer_open


def test_kick_drawer_while_out_of_paper_uses_the_real_time_pulse(
    device: VirtualPrinter, printer: SerialReceiptPrinter
) -> None:
    device.paper_out = True
    printer.kick_drawer()
    assert device.kicks == 1 and device.discarded_bytes == 0


def test_kick_drawer_not_connected() -> None:
    printer = SerialReceiptPrinter("virtual://unplugged", timeout_s=0.05)
    with pytest.raises(PrinterError, match="not connected — check its cable and power, then try again"):
        printer.kick_drawer()


def test_the_device_parses_split_writes(device: VirtualPrinter) -> None:
    port = serial.serial_for_url(device.url, timeout=0.05)
    try:
        for chunk in (b"\x1b", b"@Hel", b"lo\n\x1d", b"V", b"B", b"\x00", b"\x10", b"\x04", b"\x04"):
            port.write(chunk)
        assert device.receipts == ["Hello"]
        assert port.read(1) == b"\x12"
    finally:
        port.close()


def test_the_virtual_printer_keeps_only_the_recent_past_of_its_wire_log(
    device: VirtualPrinter, printer: SerialReceiptPrinter, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dripos_terminal.peripherals.virtual_printer as virtual

    monkeypatch.setattr(virtual, "KEEP_BYTES", 400)
    for n in range(20):
        printer.print_receipt(f"receipt {n}")
    cut_then_confirmed = b"\x1dVB\x00" + b"".join(b"\x10\x04" + bytes([n]) for n in (1, 2, 4))
    assert 0 < len(device.received) <= 400 and device.received.endswith(cut_then_confirmed)
    assert device.journal[-5:-3] == ["<ESC d feed 1>", "<GS V cut 66 0>"] and "| receipt 19" in device.journal
    assert device.journal[-3:] == ["<DLE EOT 1> -> 0x12", "<DLE EOT 2> -> 0x12", "<DLE EOT 4> -> 0x12"]
    assert len(device.receipts) == 20  # what was printed is kept; only the wire log is trimmed
