"""Peripherals on the till's serial ports (plain Python, no Qt).

- `escpos`: ESC/POS bytes and status decoding (pure);
- `printer`: the `ReceiptPrinter` port and its pyserial implementation (receipts, drawer kick);
- `virtual_printer`: an in-memory ESC/POS printer behind the pyserial URL ``virtual://NAME``;
- `drawer`: the cash drawer's "No sale" (audited) and cash-sale openings.
"""
