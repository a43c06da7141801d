"""The menu page in Settings and the sell screen: an item "86'd" is greyed out on the till at once
and cannot be rung up, comes back when un-86'd, and is back by itself on the next business day;
a price edited there is on the till's tile without a restart."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.clock import FakeClock
from dripos_terminal.composition.till import Features
from dripos_terminal.domain.staff import Role
from dripos_terminal.ui.menu_screen import MenuPage
from dripos_terminal.ui.settings_screen import SettingsScreen
from tests.ui.helpers_till import add_item, login
from tests.ui.setup_helpers import fill, idle


@pytest.fixture
def shop_app(make_app: Callable[..., Application], data_dir: Path) -> Application:
    app = make_app(
        data_dir,
        demo=False,
        passphrase_provider=lambda: "correct horse battery",
        first_manager=lambda: ("Alex", "9999"),
        features=Features(settings=True),
    )
    alex = app.services.staff.members()[0]
    app.services.staff.add(alex, "Sam", Role.BARISTA, "1111")
    return app


def _menu_page(qtbot: QtBot, app: Application) -> tuple[SettingsScreen, MenuPage]:
    nav = app.window.findChild(QPushButton, "settingsNav")
    qtbot.mouseClick(nav, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: app.window.current_screen_name() == "settings")
    screen: SettingsScreen = app.settings_screen
    page = screen.page_of(MenuPage)
    screen.sections.setCurrentRow(screen.pages.index(page))
    idle(qtbot, page)
    return screen, page


def _set_86(qtbot: QtBot, page: MenuPage, item_id: str, gone: bool) -> None:
    page.select(item_id)
    assert page.unavailable.isChecked() is not gone
    page.unavailable.click()
    idle(qtbot, page)
    qtbot.wait_until(lambda: (item_id in page.gone) is gone)


def _sign_out_and_in(qtbot: QtBot, app: Application, pin: str) -> None:
    qtbot.mouseClick(app.till.sign_out_nav, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: app.window.current_screen_name() == "login")
    login(qtbot, app, pin)


def _tile(app: Application, item_id: str) -> QPushButton:
    return app.till.sell.tiles[item_id]


def test_an_86_greys_the_item_out_on_the_till_until_the_next_business_day(
    qtbot: QtBot, shop_app: Application, fake_clock: FakeClock
) -> None:
    app = shop_app
    login(qtbot, app, "9999")
    screen, page = _menu_page(qtbot, app)
    _set_86(qtbot, page, "croissant", gone=True)
    assert "Butter Croissant is 86 for today" in page.message.text()
    qtbot.wait_until(lambda: not _tile(app, "croissant").isEnabled())  # at once, no restart
    assert "86 — sold out" in _tile(app, "croissant").text()
    assert _tile(app, "scone").isEnabled() and "$3.25" in _tile(app, "scone").text()
    qtbot.mouseClick(screen.done_button, Qt.MouseButton.LeftButton)

    sell = app.till.sell
    qtbot.mouseClick(_tile(app, "croissant"), Qt.MouseButton.LeftButton)
    sell.tap_item("croissant")  # not even by a stray call
    assert sell.view().is_empty and sell.dialog is None
    add_item(qtbot, app, "scone", warm=[])  # the rest of the menu sells
    assert [line.item_id for line in sell.view().lines] == ["scone"]

    _sign_out_and_in(qtbot, app, "1111")  # Sam's shift: still off today
    assert not _tile(app, "croissant").isEnabled()

    midnight = (fake_clock.now().astimezone() + timedelta(days=1)).replace(hour=0, minute=0, second=0)
    fake_clock.advance((midnight - fake_clock.now()).total_seconds() + 6 * 3600)  # 6 am tomorrow
    _sign_out_and_in(qtbot, app, "1111")  # the morning shift signs in
    qtbot.wait_until(lambda: _tile(app, "croissant").isEnabled())
    assert "$3.50" in _tile(app, "croissant").text()
    add_item(qtbot, app, "croissant", warm=["warmed"])
    assert "croissant" in [line.item_id for line in sell.view().lines]


def test_bringing_an_item_back_and_a_new_price_reach_the_till_at_once(
    qtbot: QtBot, shop_app: Application
) -> None:
    app = shop_app
    login(qtbot, app, "9999")
    _screen, page = _menu_page(qtbot, app)
    _set_86(qtbot, page, "mug", gone=True)
    qtbot.wait_until(lambda: not _tile(app, "mug").isEnabled())
    _set_86(qtbot, page, "mug", gone=False)  # found a box in the back
    qtbot.wait_until(lambda: _tile(app, "mug").isEnabled())

    page.select("mug")
    fill(page, "menuItemPrice", "15.50")
    qtbot.mouseClick(app.settings_screen.save_button, Qt.MouseButton.LeftButton)
    idle(qtbot, page)
    assert "saved" in page.message.text()
    qtbot.wait_until(lambda: "$15.50" in _tile(app, "mug").text())
    entries = [(e.actor_id, e.action) for e in app.services.audit.list(action="menu").result()]
    alex = app.till.actor.staff_id
    assert entries == [
        (alex, "menu.item_unavailable"),
        (alex, "menu.item_available"),
        (alex, "menu.saved"),
    ]
