"""Settings page: the shop's name and address (on every receipt), currency, tax rates and tips."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from dripos_terminal.domain.money import CURRENCY_EXPONENTS
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.services.setup import Step
from dripos_terminal.ui.settings_common import SettingsDeps, SettingsPage
from dripos_terminal.ui.widgets import shown_error

_PERCENT = re.compile(r"^\s*([0-9]{1,2})(?:\.([0-9]{1,2}))?\s*%?\s*$")


def percent_to_bp(text: str) -> int:
    """ "8.75" → 875 basis points (exact: no float)."""
    match = _PERCENT.match(text)
    if match is None:
        raise ValueError(
            QT_TRANSLATE_NOOP("ShopPage", "{text} is not a percentage like 8.75").format(text=repr(text))
        )
    return int(match[1]) * 100 + int((match[2] or "0").ljust(2, "0"))


def bp_to_percent(bp: int) -> str:
    return f"{bp // 100}.{bp % 100:02d}"


class ShopPage(SettingsPage):
    title = QT_TRANSLATE_NOOP("ShopPage", "Your shop")
    intro = QT_TRANSLATE_NOOP(
        "ShopPage", "The name and address printed on every receipt, the currency, and the sales tax rates."
    )
    step = Step.SHOP

    def __init__(self, deps: SettingsDeps, parent: QWidget | None = None) -> None:
        super().__init__(deps, parent)
        self.name = self.row(
            self.tr("Shop name"), QLineEdit(), self.tr("Printed at the top of every receipt.")
        )
        self.name.setObjectName("shopName")
        self.name.setMaxLength(60)
        self.address = self.row(
            self.tr("Address (one line)"), QLineEdit(), self.tr("Printed under the name on every receipt.")
        )
        self.address.setObjectName("shopAddress")
        self.address.setMaxLength(200)
        self.currency = self.row(
            self.tr("Currency"), QComboBox(), self.tr("The currency of the menu and of every payment.")
        )
        self.currency.setObjectName("shopCurrency")
        self.currency.addItems(sorted(CURRENCY_EXPONENTS))
        self.rates: dict[str, QLineEdit] = {}
        for tax_class, label in deps.tax_classes().items():
            edit = self.row(
                self.tr("Tax % — {tax_class}").format(tax_class=label),
                QLineEdit(),
                self.tr("The sales tax rate for {tax_class}, like 8.75.").format(tax_class=label),
            )
            edit.setObjectName(f"taxRate_{tax_class}")
            self.rates[tax_class] = edit
        self.tips = self.row(
            self.tr("Tip choices (percent, comma separated)"),
            QLineEdit(),
            self.tr("The tip buttons offered at payment, like 15, 18, 20."),
        )
        self.tips.setObjectName("tipPresets")

    def load(self) -> None:
        shop = self.deps.config().shop
        self.name.setText(shop.name)
        self.address.setText(shop.address)
        self.currency.setCurrentText(shop.currency.upper())
        for tax_class, edit in self.rates.items():
            edit.setText(bp_to_percent(shop.tax_rates_bp.get(tax_class, 0)))
        self.tips.setText(", ".join(str(p) for p in shop.tip_presets_percent))

    def values(self) -> dict[str, object]:
        if not self.name.text().strip():
            raise ValueError(self.tr("Enter the shop's name: it heads every receipt."))
        rates = {tax_class: percent_to_bp(edit.text()) for tax_class, edit in self.rates.items()}
        tips = (
            [int(t) for t in re.split(r"[,\s]+", self.tips.text().strip()) if t]
            if self.tips.text().strip()
            else []
        )
        return {
            "name": self.name.text().strip(),
            "address": self.address.text().strip(),
            "currency": self.currency.currentText().lower(),
            "tax_rates_bp": rates,
            "tip_presets_percent": tips,
        }

    def save(self) -> None:
        try:
            values = self.values()
        except ValueError as exc:
            self.show_message(shown_error(exc), "error")
            return
        shop, actor = self.deps.shop, self.deps.actor()
        new_currency = values["currency"] != self.deps.config().shop.currency

        def work() -> object:
            if new_currency:  # the next start reads the menu in it: refuse one it cannot be read in
                shop.menu.check_currency(str(values["currency"]))
            return shop.settings.update(actor, "shop", values)

        done = self.tr("Saved. Receipts use the new name at once.")
        later = self.tr(
            "Saved. Receipts use the new name at once. The new currency applies from the next start."
        )
        self.run(work, lambda _c: later if new_currency else done)
