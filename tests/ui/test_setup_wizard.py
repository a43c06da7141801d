"""Day one: a fresh data folder goes through the set-up wizard against the Stripe simulator, then a
barista added in the wizard takes a card payment on the reader registered by its code."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.composition.printer import PrinterOptions
from dripos_terminal.composition.till import Features
from dripos_terminal.peripherals.virtual_printer import add_virtual_printer, remove_virtual_printer
from dripos_terminal.sim.statuspage import StatuspageSimulator
from dripos_terminal.sim.stripe import StripeSimulator
from dripos_terminal.ui.card_checkout_dialog import Phase
from dripos_terminal.ui.settings_printer import PrinterPage
from dripos_terminal.ui.settings_shop import ShopPage
from dripos_terminal.ui.settings_status import StatusFeedPage
from dripos_terminal.ui.settings_stripe import ReaderPage, StripeKeyPage
from dripos_terminal.ui.setup_wizard import SetupWizard
from dripos_terminal.ui.staff_screen import StaffPage
from tests.support.money import Sale, assert_orders_match_payments, assert_stripe_matches_till, till_payments
from tests.ui.card_helpers import VISA, CardRig, card_options
from tests.ui.helpers_till import login
from tests.ui.setup_helpers import files_containing, fill, idle, next_step, write_config

PASSPHRASE = "correct horse battery"


class LogLines(logging.Handler):
    """Every log record of the run, formatted with its arguments, at DEBUG (the SDK's too)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.root = logging.getLogger()
        self.old_level = self.root.level
        self.root.setLevel(logging.DEBUG)
        self.root.addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name} {record.getMessage()} {record.exc_text or ''}")

    def remove(self) -> None:
        self.root.removeHandler(self)
        self.root.setLevel(self.old_level)


@pytest.fixture
def stripe_sim() -> Iterator[StripeSimulator]:
    sim = StripeSimulator(rate_limit=0)
    sim.start()
    yield sim
    sim.stop()


@pytest.fixture
def status_sim() -> Iterator[StatuspageSimulator]:
    sim = StatuspageSimulator()
    sim.start()
    yield sim
    sim.stop()


def test_fresh_till_through_the_wizard_then_a_barista_takes_a_card(
    qtbot: QtBot,
    make_app: Callable[..., Application],
    data_dir: Path,
    stripe_sim: StripeSimulator,
    status_sim: StatuspageSimulator,
    memory_keyring: object,
) -> None:
    log_lines = LogLines()
    write_config(data_dir, f'[stripe]\napi_base = "{stripe_sim.base_url}"\npoll_interval_s = 0.05\n')
    printer = add_virtual_printer("wizard-test")
    try:
        app = make_app(
            data_dir,
            demo=False,
            passphrase_provider=lambda: PASSPHRASE,
            first_manager=lambda: ("Alex", "9999"),
            setup_wizard=True,
            features=Features(cards=card_options(), printer=PrinterOptions(), settings=True),
        )
        wizard = app.wizard
        assert isinstance(wizard, SetupWizard) and app.window is None  # the app closes it

        shop = wizard.page
        assert isinstance(shop, ShopPage)
        fill(shop, "shopName", "Bean There")
        fill(shop, "shopAddress", "12 Harbour Road, Hobart")
        fill(shop, "taxRate_prepared_food", "10.00")
        next_step(qtbot, wizard)

        key_page = wizard.page
        assert isinstance(key_page, StripeKeyPage)
        fill(key_page, "stripeKey", "sk_test_not_the_right_key_at_all")
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
        idle(qtbot, key_page)
        assert "refused this key" in key_page.message.text()
        assert wizard.page is key_page  # a refused key does not move on
        fill(key_page, "stripeKey", stripe_sim.api_key)
        next_step(qtbot, wizard)
        assert "test mode" in key_page.message.text() and "keyring" in key_page.message.text()

        reader_page = wizard.page
        assert isinstance(reader_page, ReaderPage)
        idle(qtbot, reader_page)
        assert reader_page.location.currentData() == "__new__"  # no location at Stripe yet
        fill(reader_page, "locationCity", "Hobart")
        fill(reader_page, "locationPostal", "7000")
        fill(reader_page, "locationCountry", "AU")
        qtbot.mouseClick(reader_page.create_button, Qt.MouseButton.LeftButton)
        idle(qtbot, reader_page)
        assert reader_page.location.currentData().startswith("tml_")
        assert reader_page.simulated_button.isVisibleTo(reader_page)  # a test key: offered
        qtbot.mouseClick(reader_page.simulated_button, Qt.MouseButton.LeftButton)
        next_step(qtbot, wizard)
        with stripe_sim.state.lock:
            [(reader_id, reader)] = stripe_sim.state.readers.items()
            [(location_id, location)] = stripe_sim.state.locations.items()
        assert reader["location"] == location_id and location["display_name"] == "Bean There"

        feed_page = wizard.page
        assert isinstance(feed_page, StatusFeedPage)
        status_sim.start_incident("Card readers degraded", components=["Card readers"])
        fill(feed_page, "feedUrl", status_sim.summary_url)
        qtbot.mouseClick(feed_page.preview_button, Qt.MouseButton.LeftButton)
        idle(qtbot, feed_page)
        assert "Card readers degraded" in feed_page.preview_text.text()
        next_step(qtbot, wizard)

        printer_page = wizard.page
        assert isinstance(printer_page, PrinterPage)
        fill(printer_page, "printerUrl", printer.url)
        qtbot.mouseClick(printer_page.test_button, Qt.MouseButton.LeftButton)
        idle(qtbot, printer_page)
        assert "Test page printed" in printer_page.message.text()
        assert "Bean There" in printer.printed_text
        next_step(qtbot, wizard)

        next_step(qtbot, wizard, skip=True)  # offline cards: left off (the default)

        staff_page = wizard.page
        assert isinstance(staff_page, StaffPage)
        idle(qtbot, staff_page)
        fill(staff_page, "staffName", "Bea")
        fill(staff_page, "staffPin", "2468")
        fill(staff_page, "staffPinRepeat", "2468")
        next_step(qtbot, wizard)  # the last step: the till opens

        qtbot.wait_until(lambda: app.window is not None, timeout=15_000)
        qtbot.addWidget(app.window)
        assert app.services.config.stripe.reader_id == reader_id
        state = app.shop.settings.setup_state()
        assert state.finished and "offline" in state.skipped and "stripe_key" in state.done

        qtbot.wait_until(lambda: app.cards is not None and app.cards.ready, timeout=15_000)
        login(qtbot, app, "2468")
        assert app.till.actor.name == "Bea" and app.till.actor.role.value == "barista"
        rig = CardRig(qtbot, app)
        tender, dialog = rig.open_card("latte", size=["medium"])
        rig.charge(dialog)

        def reader_waiting() -> bool:
            with stripe_sim.state.lock:
                action = stripe_sim.state.readers[reader_id].get("action") or {}
            return action.get("status") == "in_progress"

        qtbot.wait_until(reader_waiting, timeout=15_000)
        stripe_sim.present(reader_id, number=VISA)
        assert rig.wait_phase(dialog, Phase.APPROVED, Phase.DECLINED) is Phase.APPROVED
        receipt = rig.finish_sale(tender, dialog)

        assert "Bean There" in receipt and "12 Harbour Road, Hobart" in receipt
        assert "Dripos Coffee" not in receipt and "1 Main Street" not in receipt
        # $4.50 + $0.50 medium, 10 % tax = $5.50, charged in USD by the simulator, no tip.
        sold = {pid: Sale(550, 0, "usd") for pid in till_payments(app.services.db)}
        assert len(sold) == 1
        assert_stripe_matches_till(stripe_sim.ledger, app.services.db, sold=sold)
        assert_orders_match_payments(app.services.db)
        assert [c["amount"] for c in stripe_sim.ledger.charges()] == [550]

        # The secret key: in the (memory) keyring, and in no file of the data folder nor any log line.
        app.close()
        key = stripe_sim.api_key
        assert key in memory_keyring.secrets.values()  # type: ignore[attr-defined]
        assert files_containing(data_dir, key.encode()) == []
        assert files_containing(data_dir, key.encode("utf-16-le")) == []
        assert log_lines.lines and not [line for line in log_lines.lines if key in line]
    finally:
        log_lines.remove()
        remove_virtual_printer(printer.name)


def test_the_currency_chosen_in_the_wizard_is_the_one_the_till_opens_with(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    app = make_app(
        data_dir,
        demo=False,
        passphrase_provider=lambda: PASSPHRASE,
        first_manager=lambda: ("Alex", "9999"),
        setup_wizard=True,
        features=Features(settings=True),
    )
    wizard = app.wizard
    shop = wizard.page
    assert isinstance(shop, ShopPage)
    fill(shop, "shopName", "Café Lumière")
    shop.currency.setCurrentText("JPY")  # the shipped menu's "4.50" is no yen price: refused
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    idle(qtbot, shop)
    assert "cannot be read in JPY" in shop.message.text() and wizard.page is shop
    shop.currency.setCurrentText("EUR")
    next_step(qtbot, wizard)
    while not wizard._done:
        next_step(qtbot, wizard, skip=True)
    qtbot.wait_until(lambda: app.window is not None, timeout=15_000)
    qtbot.addWidget(app.window)
    assert app.services.config.shop.currency == "eur"
    assert app.services.catalog.currency == "EUR"  # the menu the till sells from, not only the setting
    assert "€4.50" in app.till.sell.tiles["latte"].text()
    login(qtbot, app, "9999")
    assert app.till.sell.view().currency == "EUR"
