"""The printer's indicator in the status strip, and the demo printer panel.

Both only draw: the composition root (`composition.printer`) reads the printer on a worker and calls
`PrinterIndicator.show_status` / `show_problem` with the outcome. The demo panel flips the virtual
printer's faults (in-memory flags, no I/O) and shows the last receipt it printed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.ui.i18n import tr_text
from dripos_terminal.ui.widgets import describe, make_button, make_label

NO_PRINTER = QT_TRANSLATE_NOOP("PrinterIndicator", "No printer")
NO_PRINTER_TEXT = str(NO_PRINTER)


def _set_role(widget: QWidget, role: str) -> None:
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class PrinterIndicator(QLabel):
    """The status strip's word on the printer: "Printer ready", "Printer is out of paper — …"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr_text(NO_PRINTER), parent)
        self.setObjectName("printerStatus")
        self.setProperty("role", "muted")
        describe(self, self.tr("Whether the receipt printer is ready."), self.tr("Printer"))
        self.problem = False

    def show_text(self, text: str, *, problem: bool) -> None:
        self.problem = problem
        text = tr_text(text)
        self.setText(text)
        self.setToolTip(text)
        _set_role(self, "error" if problem else "muted")


class DemoPrinterPanel(QGroupBox):
    """Demo only: `device` is a `peripherals.virtual_printer.VirtualPrinter` (duck-typed).

    `changed` fires after a toggle, so the composition root can re-read the printer's status.
    Call `refresh()` (GUI thread) after the device printed or kicked.
    """

    changed = Signal()

    def __init__(self, device: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Demo receipt printer"))
        self.setObjectName("demoPrinterPanel")
        self._device = device
        col = QVBoxLayout(self)
        row = QHBoxLayout()
        self.paper_out_box = QCheckBox(self.tr("Paper out"))
        self.paper_out_box.setObjectName("demoPaperOut")
        self.near_end_box = QCheckBox(self.tr("Paper low"))
        self.near_end_box.setObjectName("demoPaperLow")
        self.cover_box = QCheckBox(self.tr("Cover open"))
        self.cover_box.setObjectName("demoCoverOpen")
        for box, help_text in (
            (self.paper_out_box, self.tr("Demo: the printer runs out of paper.")),
            (self.near_end_box, self.tr("Demo: the paper roll is nearly finished.")),
            (self.cover_box, self.tr("Demo: the printer's cover is open.")),
        ):
            describe(box, help_text, box.text())
        self.close_drawer_button = make_button(
            self.tr("Close drawer"),
            name="demoCloseDrawer",
            description=self.tr("Demo: close the cash drawer."),
        )
        for widget in (self.paper_out_box, self.near_end_box, self.cover_box, self.close_drawer_button):
            row.addWidget(widget)
        row.addStretch(1)
        col.addLayout(row)
        self.drawer_label = make_label("", "muted", name="demoDrawer")
        col.addWidget(self.drawer_label)
        col.addWidget(make_label(self.tr("Last receipt printed:"), "muted"))
        self.receipt_label = QLabel("")
        self.receipt_label.setObjectName("demoLastReceipt")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.receipt_label.setFont(font)
        col.addWidget(self.receipt_label)

        self.paper_out_box.toggled.connect(lambda on: self._set("paper_out", on))
        self.near_end_box.toggled.connect(lambda on: self._set("paper_near_end", on))
        self.cover_box.toggled.connect(lambda on: self._set("cover_open", on))
        self.close_drawer_button.clicked.connect(lambda: self._set("drawer_open", False))
        self.refresh()

    def _set(self, attribute: str, value: bool) -> None:
        setattr(self._device, attribute, value)
        self.refresh()
        self.changed.emit()

    def refresh(self) -> None:
        device = self._device
        for box, on in (
            (self.paper_out_box, device.paper_out),
            (self.near_end_box, device.paper_near_end),
            (self.cover_box, device.cover_open),
        ):
            if box.isChecked() != on:
                box.blockSignals(True)
                box.setChecked(on)
                box.blockSignals(False)
        text = (
            self.tr("Cash drawer open — opened {count} time(s)")
            if device.drawer_open
            else self.tr("Cash drawer closed — opened {count} time(s)")
        )
        self.drawer_label.setText(text.format(count=device.kicks))
        self.close_drawer_button.setEnabled(device.drawer_open)
        self.receipt_label.setText(device.last_receipt or self.tr("(nothing printed yet)"))
