"""Settings page: the shop's name and address (on every receipt), currency, tax rates and tips."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from dripos_terminal.domain.money import CURRENCY_EXPONENTS
from dripos_terminal.services.setup import Step
from dripos_terminal.ui.settings_common import SettingsDeps, SettingsPage

_PERCENT = re.compile(r"^\s*([0-9]{1,2})(?:\.([0-9]{1,2}))?\s*%?\s*$")


def percent_to_bp(text: str) -> int:
    """ "8.75" → 875 basis points (exact: no float)."""
    match = _PERCENT.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a percentage like 8.75")
    return int(match[1]) * 100 + int((match[2] or "0").ljust(2, "0"))


def bp_to_percent(bp: int) -> str:
    return f"{bp // 100}.{bp % 100:02d}"


class ShopPage(SettingsPage):
    title = "Your shop"
    intro = "The name and address printed on every receipt, the currency, and the sales tax rates."
    step = Step.SHOP

    def __init__(self, deps: SettingsDeps, parent: QWidget | None = None) -> None:
        super().__init__(deps, parent)
        self.name = self.row("Shop name", QLineEdit())
        self.name.setObjectName("shopName")
        self.name.setMaxLength(60)
        self.address = self.row("Address (one line)", QLineEdit())
        self.address.setObjectName("shopAddress")
        self.address.setMaxLength(200)
        self.currency = self.row("Currency", QComboBox())
        self.currency.setObjectName("shopCurrency")
        self.currency.addItems(sorted(CURRENCY_EXPONENTS))
        self.rates: dict[str, QLineEdit] = {}
        for tax_class, label in deps.tax_classes().items():
            edit = self.row(f"Tax % — {label}", QLineEdit())
            edit.setObjectName(f"taxRate_{tax_class}")
            self.rates[tax_class] = edit
        self.tips = self.row("Tip choices (percent, comma separated)", QLineEdit())
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
            raise ValueError("Enter the shop's name: it heads every receipt.")
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
            self.show_message(str(exc), "error")
            return
        shop, actor = self.deps.shop, self.deps.actor()
        new_currency = values["currency"] != self.deps.config().shop.currency

        def work() -> object:
            if new_currency:  # the next start reads the menu in it: refuse one it cannot be read in
                shop.menu.check_currency(str(values["currency"]))
            return shop.settings.update(actor, "shop", values)

        done = "Saved. Receipts use the new name at once."
        self.run(
            work, lambda _c: f"{done} The new currency applies from the next start." if new_currency else done
        )
