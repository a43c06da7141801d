"""Settings page: the receipt printer's port, with a test print."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.services.checks import printer_test_page, printer_test_print
from dripos_terminal.services.setup import Step
from dripos_terminal.ui.i18n import localizer, tr_text
from dripos_terminal.ui.settings_common import SettingsDeps, SettingsPage
from dripos_terminal.ui.widgets import describe, make_button

BAUD_RATES = ("9600", "19200", "38400", "57600", "115200")


class PrinterPage(SettingsPage):
    title = QT_TRANSLATE_NOOP("PrinterPage", "Receipt printer")
    intro = QT_TRANSLATE_NOOP(
        "PrinterPage",
        "The ESC/POS printer's port: /dev/ttyUSB0 (USB or serial), COM3 on Windows, or "
        "socket://192.168.1.50:9100 for a network printer. The cash drawer plugs into the printer.",
    )
    step = Step.PRINTER

    def __init__(self, deps: SettingsDeps, parent: QWidget | None = None) -> None:
        super().__init__(deps, parent)
        self.url = self.row(
            self.tr("Port"),
            QLineEdit(),
            self.tr("Where the printer is: /dev/ttyUSB0, COM3 or socket://host:9100."),
        )
        self.url.setObjectName("printerUrl")
        self.baud = self.row(
            self.tr("Speed (baud)"), QComboBox(), self.tr("The serial speed set on the printer.")
        )
        self.baud.setObjectName("printerBaud")
        self.baud.addItems(BAUD_RATES)
        self.auto_print = QCheckBox(self.tr("Print the receipt of every sale, refund and void at once"))
        self.auto_print.setObjectName("printerAutoPrint")
        describe(
            self.auto_print,
            self.tr("Off: receipts print only from the Print button."),
            self.tr("Print receipts automatically"),
        )
        self.body.addWidget(self.auto_print)
        self.test_button = make_button(
            self.tr("Test print"),
            name="printerTest",
            description=self.tr("Print a test page on this port now."),
        )
        self.test_button.clicked.connect(self.test_print)
        self.body.addWidget(self.test_button)
        self.body.addStretch(1)

    def load(self) -> None:
        printer = self.deps.config().printer
        self.url.setText(printer.url)
        self.baud.setCurrentText(str(printer.baudrate))
        self.auto_print.setChecked(printer.auto_print)

    def test_print(self) -> None:
        url, baud = self.url.text().strip(), int(self.baud.currentText())
        if not url:
            self.show_message(self.tr("Enter the printer's port first."), "error")
            return
        shop = self.deps.config().shop
        text = printer_test_page(shop.name, shop.address, shop.till_id, words=localizer())

        def ok(result: Any) -> str:
            self.show_message(tr_text(result.text), "ok" if result.ok else "error")
            return None  # type: ignore[return-value]

        self.run(lambda: printer_test_print(url, baud, text), ok, saving=False)

    def save(self) -> None:
        values = {
            "url": self.url.text().strip(),
            "baudrate": int(self.baud.currentText()),
            "auto_print": self.auto_print.isChecked(),
        }
        settings, actor = self.deps.shop.settings, self.deps.actor()
        self.run(
            lambda: settings.update(actor, "printer", values),
            lambda _c: self.tr("Saved. The till uses this printer from its next start."),
        )
