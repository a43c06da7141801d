"""Settings that the running till only takes at its next start say so when they are saved: the
Stripe key and the reader (the card path is built at start-up), the status feed, the printer, the
offline caps and the currency. A currency the menu's prices cannot be read in is refused."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QPushButton
from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.composition.till import Features
from dripos_terminal.sim.stripe import StripeSimulator
from dripos_terminal.ui.settings_common import SettingsPage
from dripos_terminal.ui.settings_offline import OfflinePage
from dripos_terminal.ui.settings_printer import PrinterPage
from dripos_terminal.ui.settings_screen import SettingsScreen
from dripos_terminal.ui.settings_shop import ShopPage
from dripos_terminal.ui.settings_status import StatusFeedPage
from dripos_terminal.ui.settings_stripe import ReaderPage, StripeKeyPage
from tests.ui.helpers_till import login
from tests.ui.setup_helpers import fill, idle, write_config

RESTART = "next start"
P = TypeVar("P", bound=SettingsPage)


@pytest.fixture
def stripe_sim() -> Iterator[StripeSimulator]:
    sim = StripeSimulator(rate_limit=0)
    sim.start()
    yield sim
    sim.stop()


@pytest.fixture
def settings(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path, stripe_sim: StripeSimulator
) -> SettingsScreen:
    write_config(data_dir, f'[stripe]\napi_base = "{stripe_sim.base_url}"\n')
    app = make_app(
        data_dir,
        demo=False,
        passphrase_provider=lambda: "correct horse battery",
        first_manager=lambda: ("Alex", "9999"),
        features=Features(settings=True),
    )
    login(qtbot, app, "9999")
    nav = app.window.findChild(QPushButton, "settingsNav")
    qtbot.mouseClick(nav, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: app.window.current_screen_name() == "settings")
    return app.settings_screen


def _page(qtbot: QtBot, screen: SettingsScreen, page_type: type[P]) -> P:
    page = screen.page_of(page_type)
    screen.sections.setCurrentRow(screen.pages.index(page))
    idle(qtbot, page)
    return page


def _save(qtbot: QtBot, screen: SettingsScreen, page: SettingsPage) -> str:
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    idle(qtbot, page)
    return page.message.text()


def test_printer_status_feed_and_offline_caps_say_they_wait_for_a_restart(
    qtbot: QtBot, settings: SettingsScreen
) -> None:
    printer = _page(qtbot, settings, PrinterPage)
    fill(printer, "printerUrl", "socket://127.0.0.1:9")
    assert RESTART in _save(qtbot, settings, printer)

    feed = _page(qtbot, settings, StatusFeedPage)
    fill(feed, "feedUrl", "https://status.example/api/v2/summary.json")
    assert RESTART in _save(qtbot, settings, feed)

    offline = _page(qtbot, settings, OfflinePage)
    fill(offline, "offlineCount", "20")
    assert RESTART in _save(qtbot, settings, offline)  # left off: the caps still wait
    offline.findChild(QCheckBox, "offlineEnabled").setChecked(True)
    fill(offline, "offlineCount", "30")
    assert RESTART in _save(qtbot, settings, offline)

    saved = settings.deps.shop.settings.effective()
    assert (saved.printer.url, saved.status.feeds[0].url, saved.offline.count_cap) == (
        "socket://127.0.0.1:9", "https://status.example/api/v2/summary.json", 30,
    )  # fmt: skip


def test_the_stripe_key_and_the_reader_say_cards_use_them_from_the_next_start(
    qtbot: QtBot, settings: SettingsScreen, stripe_sim: StripeSimulator
) -> None:
    key_page = _page(qtbot, settings, StripeKeyPage)
    fill(key_page, "stripeKey", stripe_sim.api_key)
    text = _save(qtbot, settings, key_page)
    assert "Stripe accepted the key" in text and RESTART in text

    reader_page = _page(qtbot, settings, ReaderPage)
    assert reader_page.location.currentData() == "__new__"
    fill(reader_page, "locationCity", "Hobart")
    fill(reader_page, "locationCountry", "AU")
    fill(reader_page, "locationName", "Bean There")
    qtbot.mouseClick(reader_page.create_button, Qt.MouseButton.LeftButton)
    idle(qtbot, reader_page)
    qtbot.mouseClick(reader_page.simulated_button, Qt.MouseButton.LeftButton)
    text = _save(qtbot, settings, reader_page)
    assert "registered" in text and RESTART in text
    with stripe_sim.state.lock:
        assert len(stripe_sim.state.readers) == 1


def test_a_currency_change_waits_for_a_restart_and_one_the_menu_cannot_use_is_refused(
    qtbot: QtBot, settings: SettingsScreen
) -> None:
    menu, stored = settings.deps.shop.menu, settings.deps.shop.settings
    shop = _page(qtbot, settings, ShopPage)
    fill(shop, "shopName", "Bean There")
    shop.currency.setCurrentText("JPY")  # no minor units: "4.50" is no yen price
    text = _save(qtbot, settings, shop)
    assert "The menu's prices cannot be read in JPY" in text and "the currency stays USD" in text
    assert stored.document() == {}  # nothing saved: the next start could not have opened the menu

    shop.currency.setCurrentText("EUR")
    text = _save(qtbot, settings, shop)
    assert "currency" in text and RESTART in text
    assert stored.effective().shop.currency == "eur"
    assert menu.catalog().currency == "USD"  # the running till keeps selling in dollars until then
