"""The Settings screen on a shop's till: only a manager opens it (a barista with a manager's PIN
through the override dialog), and the shop's name, tax rates and tips apply to the very next sale
and receipt without a restart, each change audited under the manager who made it."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.composition.till import Features
from dripos_terminal.domain.staff import Role
from dripos_terminal.ui.override_dialog import OverrideDialog
from dripos_terminal.ui.settings_screen import SettingsScreen
from dripos_terminal.ui.settings_shop import ShopPage
from tests.ui.helpers_till import add_item, button, login, open_tender
from tests.ui.setup_helpers import fill, idle

PASSPHRASE = "correct horse battery"


@pytest.fixture
def shop_app(make_app: Callable[..., Application], data_dir: object) -> Application:
    """A shop's till (not the demo): Alex the first manager (9999), Sam a barista (1111), Lee a
    shift lead (5555)."""
    app = make_app(
        data_dir,
        demo=False,
        passphrase_provider=lambda: PASSPHRASE,
        first_manager=lambda: ("Alex", "9999"),
        features=Features(settings=True),
    )
    staff = app.services.staff
    alex = staff.members()[0]
    staff.add(alex, "Sam", Role.BARISTA, "1111")
    staff.add(alex, "Lee", Role.SHIFT_LEAD, "5555")
    return app


def _open_settings(qtbot: QtBot, app: Application) -> SettingsScreen:
    screen = app.settings_screen
    nav = app.window.findChild(QPushButton, "settingsNav")
    assert nav is not None and nav.isVisible()
    qtbot.mouseClick(nav, Qt.MouseButton.LeftButton)
    return screen


def _override(qtbot: QtBot, screen: SettingsScreen, pin: str) -> OverrideDialog:
    dialog = screen.override
    assert isinstance(dialog, OverrideDialog)
    dialog.type_pin(pin)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    return dialog


def _sign_out(qtbot: QtBot, app: Application) -> None:
    qtbot.mouseClick(app.till.sign_out_nav, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: app.window.current_screen_name() == "login")


def test_a_manager_opens_settings_a_barista_only_with_a_managers_pin(
    qtbot: QtBot, shop_app: Application
) -> None:
    app = shop_app
    login(qtbot, app, "1111")  # Sam, a barista
    screen = _open_settings(qtbot, app)
    dialog = _override(qtbot, screen, "1111")  # Sam's own PIN approves nothing
    qtbot.wait_until(lambda: "may not approve" in dialog.message.text())
    assert app.window.current_screen_name() == "sell" and screen.approver is None
    assert not screen.stack.isEnabled() and not screen.save_button.isEnabled()
    _override(qtbot, screen, "5555")  # nor does a shift lead's
    qtbot.wait_until(lambda: "Lee may not approve" in dialog.message.text())
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert app.window.current_screen_name() == "sell" and screen.approver is None

    screen = _open_settings(qtbot, app)
    _override(qtbot, screen, "9999")  # Alex's PIN
    qtbot.wait_until(lambda: app.window.current_screen_name() == "settings")
    assert screen.approver.name == "Alex" and screen.stack.isEnabled() and screen.save_button.isEnabled()
    assert "made as Alex" in screen.who.text()
    granted = app.services.audit.list(action="override.granted").result()[-1]
    assert (granted.actor_id, granted.subject) == (app.till.actor.staff_id, "settings")
    assert granted.details["approver_name"] == "Alex"

    qtbot.mouseClick(screen.done_button, Qt.MouseButton.LeftButton)  # back to the till: authority ends
    assert app.window.current_screen_name() == "sell" and screen.approver is None
    assert not screen.stack.isEnabled()
    screen = _open_settings(qtbot, app)
    assert isinstance(screen.override, OverrideDialog)  # asked again
    qtbot.mouseClick(screen.override.cancel_button, Qt.MouseButton.LeftButton)

    _sign_out(qtbot, app)
    login(qtbot, app, "9999")  # a manager: no PIN asked
    screen = _open_settings(qtbot, app)
    assert screen.override is None and app.window.current_screen_name() == "settings"
    assert screen.approver.name == "Alex"
    _sign_out(qtbot, app)  # signing out closes Settings
    assert screen.approver is None and not screen.stack.isEnabled()


def test_name_tax_and_tips_apply_to_the_next_sale_and_receipt_and_are_audited(
    qtbot: QtBot, shop_app: Application
) -> None:
    app = shop_app
    login(qtbot, app, "1111")
    screen = _open_settings(qtbot, app)
    _override(qtbot, screen, "9999")
    qtbot.wait_until(lambda: app.window.current_screen_name() == "settings")
    page = screen.page
    assert isinstance(page, ShopPage)
    fill(page, "shopName", "Bean There")
    fill(page, "shopAddress", "12 Harbour Road, Hobart")
    fill(page, "taxRate_prepared_food", "10.00")
    fill(page, "tipPresets", "10, 12")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    idle(qtbot, page)
    assert page.message.text() == "Saved. Receipts use the new name at once."
    assert "next start" not in page.message.text()
    qtbot.wait_until(lambda: app.services.config.shop.name == "Bean There")
    qtbot.mouseClick(screen.done_button, Qt.MouseButton.LeftButton)

    add_item(qtbot, app, "latte", size=["small"])  # $4.50, now taxed at 10 %
    assert app.till.sell.view().tax == 45
    tender = open_tender(qtbot, app)
    assert [b.objectName() for b in tender.tip_buttons] == ["tip_No_tip", "tip_10", "tip_12"]
    qtbot.mouseClick(button(tender, "tip_10"), Qt.MouseButton.LeftButton)  # 10 % of $4.50
    qtbot.mouseClick(tender.quick_buttons[0], Qt.MouseButton.LeftButton)  # exact, tip included
    qtbot.wait_until(lambda: tender.committed is not None)
    paid = tender.committed
    assert (paid.tax, paid.total, paid.tip, paid.paid) == (45, 495, 45, 540)
    qtbot.keyClick(tender, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: app.window.current_screen_name() == "receipt")
    receipt = app.till.receipt.text.text()
    assert "Bean There" in receipt and "12 Harbour Road, Hobart" in receipt
    assert "10.00%   $0.45" in receipt and "TOTAL                                $4.95" in receipt
    record = app.services.orders.get_by_number(1).result()
    assert (
        record is not None and record.total_minor == 495 and record.doc["tenders"][0]["tip"]["amount"] == 45
    )
    assert app.window.windowTitle().startswith("Bean There")

    [change] = app.services.audit.list(action="setting.changed").result()
    alex = next(m for m in app.services.staff.members() if m.name == "Alex")
    assert (change.actor_id, change.subject) == (alex.staff_id, "shop_config")  # not Sam's
    assert change.details["old"] is None
    assert json.loads(change.details["new"])["shop"] == {
        "name": "Bean There", "address": "12 Harbour Road, Hobart", "currency": "usd",
        "tax_rates_bp": {"prepared_food": 1000, "grocery": 0, "merchandise": 875},
        "tip_presets_percent": [10, 12],
    }  # fmt: skip
