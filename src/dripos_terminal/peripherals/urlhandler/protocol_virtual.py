"""``virtual://NAME``: the in-memory ESC/POS printer (see `peripherals.virtual_printer`)."""

from dripos_terminal.peripherals.virtual_printer import VirtualSerial as Serial

__all__ = ["Serial"]
