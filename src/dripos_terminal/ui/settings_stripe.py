"""Settings pages for Stripe: the secret key (checked, kept in the keyring), the Terminal location,
and the card reader registered by the code it shows (the simulated reader for test keys)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.services.setup import Step
from dripos_terminal.services.stripe_setup import SIMULATED_READER_CODE
from dripos_terminal.ui.i18n import tr_text
from dripos_terminal.ui.settings_common import SettingsDeps, SettingsPage, wrapped
from dripos_terminal.ui.widgets import make_button

NEW_LOCATION = "__new__"


class StripeKeyPage(SettingsPage):
    title = QT_TRANSLATE_NOOP("StripeKeyPage", "Stripe key")
    intro = QT_TRANSLATE_NOOP(
        "StripeKeyPage",
        "Paste the shop's Stripe restricted key (rk_live_… or rk_test_… for testing). The till checks "
        "it with Stripe, then keeps it in the system keyring — never in a file.",
    )
    step = Step.STRIPE_KEY
    save_text = QT_TRANSLATE_NOOP("StripeKeyPage", "Check and save")

    def __init__(self, deps: SettingsDeps, parent: QWidget | None = None) -> None:
        super().__init__(deps, parent)
        self.key = self.row(
            self.tr("Secret key"),
            QLineEdit(),
            self.tr("The restricted key; checked, then kept in the keyring."),
        )
        self.key.setObjectName("stripeKey")
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setPlaceholderText("rk_live_…")
        self.current = self.row(self.tr("Saved key"), wrapped("", "muted", name="stripeKeyCurrent"))
        self.advice = wrapped("", "muted", name="stripeKeyAdvice")
        self.body.addWidget(self.advice)
        self.body.addStretch(1)

    def load(self) -> None:
        setup = self.deps.stripe_setup()
        self.run(setup.key_check, self._show_current, saving=False)

    def _show_current(self, check: Any) -> str:
        self.current.setText(tr_text(check.summary) if check is not None else self.tr("none yet"))
        return ""

    def save(self) -> None:
        key = self.key.text().strip()
        if not key:
            self.show_message(self.tr("Paste the key first."), "error")
            return
        self.key.clear()  # the key leaves the field as it is handed over
        setup, actor = self.deps.stripe_setup(), self.deps.actor()

        def ok(result: Any) -> str:
            check, where = result
            self.current.setText(tr_text(check.summary))
            self.advice.setText(tr_text(check.advice))
            return self.tr(
                "Stripe accepted the key ({summary}); kept in {where}. Cards use it from the till's "
                "next start."
            ).format(summary=tr_text(check.summary), where=tr_text(where))

        self.run(lambda: setup.save_key(actor, key), ok)


class ReaderPage(SettingsPage):
    title = QT_TRANSLATE_NOOP("ReaderPage", "Location and card reader")
    intro = QT_TRANSLATE_NOOP(
        "ReaderPage",
        "Stripe keeps readers at a location (your shop's address). Choose it or create it, then type "
        "the registration code the reader shows (Settings → Generate pairing code on the reader).",
    )
    step = Step.READER
    save_text = QT_TRANSLATE_NOOP("ReaderPage", "Register reader")

    def __init__(self, deps: SettingsDeps, parent: QWidget | None = None) -> None:
        super().__init__(deps, parent)
        self.location = self.row(
            self.tr("Location"), QComboBox(), self.tr("The Stripe location the reader belongs to.")
        )
        self.location.setObjectName("locationChoice")
        self.location.currentIndexChanged.connect(self._location_changed)
        self.new_name = self.row(self.tr("New location name"), QLineEdit())
        self.new_name.setObjectName("locationName")
        self.line1 = self.row(self.tr("Street"), QLineEdit())
        self.line1.setObjectName("locationLine1")
        self.city = self.row(self.tr("City"), QLineEdit())
        self.city.setObjectName("locationCity")
        self.state = self.row(self.tr("State / region"), QLineEdit())
        self.state.setObjectName("locationState")
        self.postal = self.row(self.tr("Postal code"), QLineEdit())
        self.postal.setObjectName("locationPostal")
        self.country = self.row(self.tr("Country (2 letters)"), QLineEdit("US"), self.tr("Like US, CA, ES."))
        self.country.setObjectName("locationCountry")
        self.country.setMaxLength(2)
        self.create_button = make_button(
            self.tr("Create location"),
            name="createLocation",
            description=self.tr("Create the new location at Stripe."),
        )
        self.create_button.clicked.connect(self.create_location)
        self.body.addWidget(self.create_button)
        self.code = self.row(
            self.tr("Registration code"), QLineEdit(), self.tr("The pairing code the reader shows.")
        )
        self.code.setObjectName("readerCode")
        self.label = self.row(self.tr("Reader name"), QLineEdit(self.tr("Counter")))
        self.label.setObjectName("readerLabel")
        row = QHBoxLayout()
        self.simulated_button = make_button(
            self.tr("Use the simulated reader (test key)"),
            name="useSimulatedReader",
            description=self.tr("Fill in Stripe's simulated reader code (test keys only)."),
        )
        self.simulated_button.clicked.connect(lambda: self.code.setText(SIMULATED_READER_CODE))
        self.simulated_button.hide()
        row.addWidget(self.simulated_button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.current = wrapped("", "muted", name="readerCurrent")
        self.body.addWidget(self.current)
        self.body.addStretch(1)

    def load(self) -> None:
        setup = self.deps.stripe_setup()
        self.run(lambda: (setup.key_check(), setup.locations()), self._loaded, saving=False)

    def _loaded(self, result: Any) -> str:
        check, locations = result
        self.simulated_button.setVisible(check is not None and check.mode.value == "test")
        chosen = self.deps.config().stripe.location_id
        self.location.blockSignals(True)
        self.location.clear()
        for loc in locations:
            self.location.addItem(f"{loc.display_name} ({loc.id})", loc.id)
        self.location.addItem(self.tr("New location…"), NEW_LOCATION)
        index = self.location.findData(chosen) if chosen else -1
        self.location.setCurrentIndex(index if index >= 0 else 0)
        self.location.blockSignals(False)
        self._location_changed()
        reader = self.deps.config().stripe.reader_id
        self.current.setText(
            self.tr("This till's reader: {reader}").format(reader=reader)
            if reader
            else self.tr("No reader registered yet.")
        )
        return ""

    def _location_changed(self, _index: int = 0) -> None:
        new = self.location.currentData() == NEW_LOCATION
        for edit in (self.new_name, self.line1, self.city, self.state, self.postal, self.country):
            edit.setEnabled(new)
        self.create_button.setEnabled(new)
        if new and not self.new_name.text():
            shop = self.deps.config().shop
            self.new_name.setText(shop.name)
            self.line1.setText(shop.address)

    def create_location(self) -> None:
        name = self.new_name.text().strip()
        address = {
            "line1": self.line1.text().strip(),
            "city": self.city.text().strip(),
            "state": self.state.text().strip(),
            "postal_code": self.postal.text().strip(),
            "country": self.country.text().strip().upper(),
        }
        if not name or len(address["country"]) != 2:
            self.show_message(self.tr("A location needs a name and a 2-letter country."), "error")
            return
        setup, actor = self.deps.stripe_setup(), self.deps.actor()

        def ok(location: Any) -> str:
            self.location.blockSignals(True)
            self.location.insertItem(0, f"{location.display_name} ({location.id})", location.id)
            self.location.setCurrentIndex(0)
            self.location.blockSignals(False)
            self._location_changed()
            return self.tr("Location {name} created.").format(name=location.display_name)

        self.run(
            lambda: setup.create_location(actor, name, {k: v for k, v in address.items() if v}),
            ok,
            saving=False,
        )

    def save(self) -> None:
        location = self.location.currentData()
        if not location or location == NEW_LOCATION:
            self.show_message(self.tr("Create the location first (or choose one)."), "error")
            return
        code = self.code.text().strip()
        setup, actor = self.deps.stripe_setup(), self.deps.actor()
        if not code:  # keep the current reader, but remember the location
            self.run(lambda: setup.choose(actor, location_id=location), lambda _r: self.tr("Location saved."))
            return
        label = self.label.text().strip()

        def ok(reader: Any) -> str:
            self.code.clear()
            self.current.setText(
                self.tr("This till's reader: {reader}").format(reader=f"{reader.label} ({reader.id})")
            )
            return self.tr(
                "Reader {name} registered; the till takes cards on it from its next start."
            ).format(name=reader.label)

        self.run(lambda: setup.register_reader(actor, code, label, location), ok)
