"""A whole sale by keyboard, and the keys the till lists (F1) are the keys docs/keyboard.md lists.

Every key goes where a real keyboard sends it: to the widget that has the focus (Qt passes what it
does not use up to its parents), never straight to the handler.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.ui.discount_dialog import DiscountDialog
from dripos_terminal.ui.help_overlay import key_sections
from dripos_terminal.ui.override_dialog import OverrideDialog

DOC = Path(__file__).resolve().parents[2] / "docs" / "keyboard.md"
NO_MODS = Qt.KeyboardModifier.NoModifier


def _doc_sections() -> list[tuple[str, list[tuple[str, str]]]]:
    sections: list[tuple[str, list[tuple[str, str]]]] = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            sections.append((line[3:].strip(), []))
        elif sections and line.startswith("| ") and not line.startswith("| Keys") and "---" not in line:
            keys, what = (cell.strip() for cell in line.strip("|").split("|"))
            sections[-1][1].append((keys, what))
    return sections


def test_the_help_overlay_lists_the_keys_of_the_manual() -> None:
    assert key_sections() == _doc_sections()


def _focused() -> QWidget | None:
    """Where a key goes: an open dialog's focus widget (a window manager activates the dialog; the
    offscreen platform does not), else the application's."""
    modal = QApplication.activeModalWidget()
    if modal is not None:
        return modal.focusWidget() or modal
    if QApplication.focusWidget() is not None:
        return QApplication.focusWidget()
    top = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow()]
    return (top[0].focusWidget() or top[0]) if len(top) == 1 else None


def _press(qtbot: QtBot, key: Qt.Key, mods: Qt.KeyboardModifier = NO_MODS) -> None:
    focused = _focused()
    assert isinstance(focused, QWidget), "nothing has the keyboard focus"
    qtbot.keyClick(focused, key, mods)


def _type(qtbot: QtBot, digits: str) -> None:
    for digit in digits:
        _press(qtbot, Qt.Key(Qt.Key.Key_0 + int(digit)))


def test_a_whole_cash_sale_by_keyboard(qtbot: QtBot, app: Application) -> None:
    window, till = app.window, app.till
    assert window is not None and till is not None
    window.activateWindow()
    qtbot.wait_until(lambda: QApplication.focusWidget() is not None)

    _type(qtbot, "1111")  # Sam's PIN, then Enter
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: window.current_screen_name() == "sell")
    sell = till.sell
    qtbot.wait_until(lambda: QApplication.focusWidget() is not None)

    # Merch (category 5), the first tile is focused: the mug, twice with "+".
    _press(qtbot, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    qtbot.wait_until(lambda: QApplication.focusWidget() is sell.tiles["mug"])
    _press(qtbot, Qt.Key.Key_Space)
    qtbot.wait_until(lambda: sell.lines.count() == 1)
    _press(qtbot, Qt.Key.Key_Plus)
    qtbot.wait_until(lambda: sell.view().lines[0].quantity == 2)
    # Beans (category 4): the second tile by arrow, then "−" undoes a mistaken second one.
    _press(qtbot, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    first = QApplication.focusWidget()
    _press(qtbot, Qt.Key.Key_Right)
    assert QApplication.focusWidget() is not first
    assert QApplication.focusWidget() is sell.tiles["beans_ethiopia"]
    _press(qtbot, Qt.Key.Key_Space)
    _press(qtbot, Qt.Key.Key_Plus)
    qtbot.wait_until(lambda: sell.lines.count() == 2 and sell.view().lines[1].quantity == 2)
    _press(qtbot, Qt.Key.Key_Minus)  # the line just added, not the first one
    qtbot.wait_until(lambda: sell.view().lines[1].quantity == 1)
    assert sell.view().lines[0].quantity == 2

    # Two mugs ($14.00, 8.75 % tax) and Ethiopia beans ($19.00, no tax): $49.45.
    assert sell.total_label.amount() == 2800 + 1900 + 245 == 4945
    _press(qtbot, Qt.Key.Key_Return)  # Pay
    qtbot.wait_until(lambda: sell.dialog is not None and QApplication.focusWidget() is not None)
    tender = sell.dialog
    _type(qtbot, "6000")  # $60.00 handed over, Enter takes it in cash
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: tender.committed is not None)
    assert tender.change_label.text() == "$10.55"  # $60.00 - $49.45
    _press(qtbot, Qt.Key.Key_Return)  # Done: the receipt
    qtbot.wait_until(lambda: window.current_screen_name() == "receipt")

    record = app.services.orders.get_by_number(1).result()
    assert record is not None and record.status == "paid"
    assert record.total_minor == 4945
    assert [(t["kind"], t["amount"]) for t in record.doc["tenders"]] == [
        ("cash", {"amount": 4945, "currency": "USD"})
    ]

    _press(qtbot, Qt.Key.Key_Return)  # a new order
    qtbot.wait_until(lambda: window.current_screen_name() == "sell" and sell.view().is_empty)


def test_enter_in_the_managers_pin_dialog_approves(qtbot: QtBot, app: Application) -> None:
    """The override dialog's default button is Approve and it opens on the PIN: PIN + Enter never
    cancels (it used to start on Cancel)."""
    window, till = app.window, app.till
    assert window is not None and till is not None
    till.login.type_pin("1111")  # Sam, a barista: an order discount needs a manager
    till.login.submit()
    qtbot.wait_until(lambda: window.current_screen_name() == "sell")
    sell = till.sell
    sell._add(lambda: sell.sale.add_item("mug", {}))
    qtbot.keyClick(sell, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait_until(lambda: isinstance(sell.dialog, OverrideDialog))
    assert sell.dialog is not None and sell.dialog.ok_button.isDefault()
    _type(qtbot, "9999")
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: isinstance(sell.dialog, DiscountDialog))  # approved: the discounts
    actions = [e.action for e in app.services.audit.list().result()]
    assert "override.granted" in actions
