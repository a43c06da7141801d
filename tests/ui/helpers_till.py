"""Drive the till like a barista: PINs, tiles, chips, dialogs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.ui.discount_dialog import DiscountDialog
from dripos_terminal.ui.modifier_dialog import ModifierDialog
from dripos_terminal.ui.override_dialog import OverrideDialog
from dripos_terminal.ui.tender_dialog import TenderDialog

# The offscreen platform warns on every top-level show; it says nothing about our code.


def button(parent: QWidget, name: str) -> QPushButton:
    found = parent.findChild(QPushButton, name)
    assert found is not None, f"no button {name!r}"
    return found


def login(qtbot: QtBot, app: Application, pin: str) -> None:
    screen = app.till.login
    for ch in pin:
        qtbot.keyClick(screen, ch)
    qtbot.keyClick(screen, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: app.window.current_screen_name() == "sell")


def add_item(qtbot: QtBot, app: Application, item_id: str, **choices: list[str]) -> None:
    sell = app.till.sell
    before = len(sell.view().lines)
    qtbot.mouseClick(sell.tiles[item_id], Qt.MouseButton.LeftButton)
    dialog = sell.dialog
    if isinstance(dialog, ModifierDialog):
        for group, options in choices.items():
            for option in options:
                dialog.choose(group, option)
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: len(sell.view().lines) == before + 1)


def approve_override(qtbot: QtBot, holder: object, pin: str) -> None:
    qtbot.wait_until(lambda: isinstance(getattr(holder, "dialog", None), OverrideDialog))
    dialog = holder.dialog  # type: ignore[attr-defined]
    dialog.type_pin(pin)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def order_discount(qtbot: QtBot, app: Application, chip: str, manager_pin: str | None) -> None:
    sell = app.till.sell
    qtbot.mouseClick(sell.order_discount_button, Qt.MouseButton.LeftButton)
    if manager_pin is not None:
        approve_override(qtbot, sell, manager_pin)
    qtbot.wait_until(lambda: isinstance(sell.dialog, DiscountDialog))
    qtbot.mouseClick(button(sell.dialog, chip), Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: sell.dialog is None)


def open_tender(qtbot: QtBot, app: Application) -> TenderDialog:
    sell = app.till.sell
    qtbot.mouseClick(sell.pay_button, Qt.MouseButton.LeftButton)
    assert isinstance(sell.dialog, TenderDialog)
    return sell.dialog


def make_read_only(db: object, read_only: bool = True) -> None:
    """Make the real database refuse writes (SQLITE_READONLY), as a read-only disk would."""
    db.call(lambda conn: conn.execute(f"PRAGMA query_only = {'ON' if read_only else 'OFF'}"))  # type: ignore[attr-defined]
