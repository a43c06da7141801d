"""History (void, refund with manager override), wrong PINs, and storage errors that lose nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from tests.ui.helpers_till import (
    add_item,
    approve_override,
    button,
    login,
    make_read_only,
    open_tender,
)


def _sell_espresso(qtbot: QtBot, app: Application) -> None:
    add_item(qtbot, app, "espresso")
    tender = open_tender(qtbot, app)
    qtbot.mouseClick(button(tender, "quickExact"), Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: tender.committed is not None)
    qtbot.mouseClick(tender.done_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: app.window.current_screen_name() == "receipt")
    qtbot.mouseClick(app.till.receipt.new_button, Qt.MouseButton.LeftButton)


def test_void_and_refund_from_history_with_override(qtbot: QtBot, app: Application) -> None:
    login(qtbot, app, "1111")
    _sell_espresso(qtbot, app)
    _sell_espresso(qtbot, app)
    qtbot.mouseClick(app.till.history_nav, Qt.MouseButton.LeftButton)
    history = app.till.history
    qtbot.wait_until(lambda: history.table.rowCount() == 2 and not history.busy)

    history.select_number(1)
    qtbot.mouseClick(history.void_button, Qt.MouseButton.LeftButton)
    approve_override(qtbot, history, "1111")  # a barista's PIN does not approve
    qtbot.wait_until(lambda: "may not approve" in history.dialog.message.text())
    history.dialog.type_pin("9999")
    qtbot.mouseClick(history.dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: app.services.orders.get_by_number(1).result().status == "voided")
    qtbot.wait_until(lambda: not history.busy and history.table.rowCount() == 2)

    history.select_number(2)
    with qtbot.wait_signal(history.changed) as changed:
        qtbot.mouseClick(history.refund_button, Qt.MouseButton.LeftButton)
        approve_override(qtbot, history, "9999")
    assert changed.args[0].status == "refunded"
    assert app.services.orders.get_by_number(2).result().status == "refunded"
    qtbot.wait_until(lambda: not history.busy and history.table.item(1, 3).text() == "voided")
    actions = [e.action for e in app.services.audit.list().result()]
    assert actions.count("override.granted") == 2
    assert "override.refused" in actions and "order.voided" in actions and "order.refunded" in actions


def test_manager_voids_without_a_prompt(qtbot: QtBot, app: Application) -> None:
    login(qtbot, app, "9999")
    _sell_espresso(qtbot, app)
    qtbot.mouseClick(app.till.history_nav, Qt.MouseButton.LeftButton)
    history = app.till.history
    qtbot.wait_until(lambda: history.table.rowCount() == 1 and not history.busy)
    history.select_number(1)
    with qtbot.wait_signal(history.changed):
        qtbot.mouseClick(history.void_button, Qt.MouseButton.LeftButton)
    assert history.dialog is None


def test_wrong_pin_is_refused(qtbot: QtBot, app: Application) -> None:
    screen = app.till.login
    screen.type_pin("4321")
    qtbot.mouseClick(screen.sign_in, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: "not right" in screen.message.text())
    assert app.window.current_screen_name() == "login"
    assert screen.dots.text().strip() == ""
    login(qtbot, app, "1111")


def test_lockout_after_repeated_wrong_pins(qtbot: QtBot, app: Application) -> None:
    screen = app.till.login
    for _ in range(5):
        screen.type_pin("4321")
        screen.submit()
        qtbot.wait_until(lambda: not screen.pin.busy)
    assert "locked" in screen.message.text()
    screen.type_pin("1111")
    screen.submit()
    qtbot.wait_until(lambda: "Try again in" in screen.message.text())
    assert app.window.current_screen_name() == "login"


def test_storage_error_keeps_the_order_and_retry_commits_it(qtbot: QtBot, app: Application) -> None:
    db = app.services.db
    login(qtbot, app, "1111")
    add_item(qtbot, app, "latte", size=["medium"], milk=["whole"])
    add_item(qtbot, app, "croissant", warm=["warmed"])
    tender = open_tender(qtbot, app)
    make_read_only(db)  # the real database now refuses every write
    qtbot.mouseClick(button(tender, "quick_2000"), Qt.MouseButton.LeftButton)
    qtbot.wait_until(tender.retry_button.isVisible)
    assert "cannot be written" in tender.status.text()  # ReadOnly.user_message
    assert tender.committed is None and app.services.sales.last_order_number() == 0
    view = app.till.sell.view()
    assert len(view.lines) == 2 and view.remaining <= 0  # nothing lost: lines and cash still there

    make_read_only(db, False)  # the disk is writable again
    qtbot.mouseClick(tender.retry_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: tender.committed is not None)
    record = app.services.orders.get_by_number(1).result()
    assert record is not None and record.status == "paid" and len(record.doc["cart"]["lines"]) == 2
