"""Settings page: offline card payments — off by default — and their caps."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from dripos_terminal.domain.money import MoneyError, parse_money
from dripos_terminal.domain.offline_policy import OFFLINE_MANUAL_ENTRY_NOTICE
from dripos_terminal.domain.staff import Permission
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.payments.offline_capture import SETTING_OFFLINE_MANUAL_ENTRY, set_manual_entry
from dripos_terminal.services.setup import Step
from dripos_terminal.ui.i18n import tr_text
from dripos_terminal.ui.settings_common import SettingsDeps, SettingsPage, wrapped
from dripos_terminal.ui.widgets import describe


class OfflinePage(SettingsPage):
    title = QT_TRANSLATE_NOOP("OfflinePage", "Offline card payments")
    intro = QT_TRANSLATE_NOOP(
        "OfflinePage",
        "When Stripe or the readers fail, the till can store keyed card payments and send them later. "
        "The shop carries the risk of a decline, so this stays off until a manager switches it on.",
    )
    step = Step.OFFLINE

    def __init__(self, deps: SettingsDeps, parent: QWidget | None = None) -> None:
        super().__init__(deps, parent)
        self.enabled = QCheckBox(self.tr("Allow offline card entry"))
        self.enabled.setObjectName("offlineEnabled")
        describe(self.enabled, tr_text(OFFLINE_MANUAL_ENTRY_NOTICE), self.tr("Allow offline card entry"))
        self.body.insertWidget(0, self.enabled)
        self.body.insertWidget(1, wrapped(tr_text(OFFLINE_MANUAL_ENTRY_NOTICE), "muted"))
        currency = deps.config().shop.currency.upper()
        self.per_payment = self.row(
            self.tr("Largest single payment ({currency})").format(currency=currency),
            QLineEdit(),
            self.tr("No one stored payment may be larger, like 100.00."),
        )
        self.per_payment.setObjectName("offlinePerPayment")
        self.total = self.row(
            self.tr("Most stored in total ({currency})").format(currency=currency),
            QLineEdit(),
            self.tr("The stored payments together may not pass this, like 500.00."),
        )
        self.total.setObjectName("offlineTotal")
        self.count = self.row(
            self.tr("Most stored payments"), QLineEdit(), self.tr("A whole number, like 100.")
        )
        self.count.setObjectName("offlineCount")
        self.manager_pin = QCheckBox(self.tr("A manager's PIN is needed to switch to offline payments"))
        describe(
            self.manager_pin,
            self.tr("Off: any barista may switch to offline payments."),
            self.tr("A manager's PIN is needed to switch to offline payments"),
        )
        self.body.addWidget(self.manager_pin)
        self.body.addStretch(1)

    def load(self) -> None:
        config = self.deps.config()
        offline, currency = config.offline, config.shop.currency
        self.per_payment.setText(_amount(offline.per_payment_cap_minor, currency))
        self.total.setText(_amount(offline.total_cap_minor, currency))
        self.count.setText(str(offline.count_cap))
        self.manager_pin.setChecked(offline.manager_pin_to_go_offline)
        settings = self.deps.shop.settings
        self.run(lambda: settings.get_raw(SETTING_OFFLINE_MANUAL_ENTRY), self._loaded, saving=False)

    def _loaded(self, value: object) -> str:
        self.enabled.setChecked(value == "true")
        return ""

    def save(self) -> None:
        currency = self.deps.config().shop.currency
        try:
            values = {
                "per_payment_cap_minor": parse_money(self.per_payment.text(), currency).amount,
                "total_cap_minor": parse_money(self.total.text(), currency).amount,
                "count_cap": int(self.count.text()),
                "manager_pin_to_go_offline": self.manager_pin.isChecked(),
            }
        except (MoneyError, ValueError):
            self.show_message(
                self.tr("Enter the caps as amounts like 100.00 and a whole number of payments."), "error"
            )
            return
        actor, enabled = self.deps.actor(), self.enabled.isChecked()
        shop = self.deps.shop

        def work() -> None:
            actor.require(Permission.SETTINGS)
            shop.settings.update(actor, "offline", values)
            set_manual_entry(shop.db, shop.settings.repo, shop.audit, enabled, actor)

        self.run(
            work,
            lambda _r: (
                self.tr("Saved. New caps apply from the next start.")
                if enabled
                else self.tr("Saved; offline card entry stays off. New caps apply from the next start.")
            ),
        )


def _amount(minor: int, currency: str) -> str:
    from dripos_terminal.domain.catalog import price_text
    from dripos_terminal.domain.money import Money

    return price_text(Money(minor, currency.upper()))
