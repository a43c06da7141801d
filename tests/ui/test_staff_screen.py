"""The staff page in Settings: a manager adds, edits, disables and re-enables staff, and each change's
message stays on screen after the list reloads; refusals (a PIN in use, the last manager) say why."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.composition.till import Features
from dripos_terminal.ui.staff_screen import StaffPage
from tests.ui.helpers_till import login
from tests.ui.setup_helpers import fill, idle


def _select(page: StaffPage, name: str) -> None:
    for row in range(page.members.count()):
        if page.members.item(row).text().startswith(name):
            page.members.setCurrentRow(row)
            return
    raise AssertionError(f"{name} is not listed")


def test_a_manager_manages_staff_and_sees_what_happened(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    app = make_app(
        data_dir,
        demo=False,
        passphrase_provider=lambda: "correct horse battery",
        first_manager=lambda: ("Alex", "9999"),
        features=Features(settings=True),
    )
    login(qtbot, app, "9999")
    qtbot.mouseClick(app.window.findChild(QPushButton, "settingsNav"), Qt.MouseButton.LeftButton)
    screen = app.settings_screen
    page = screen.page_of(StaffPage)
    screen.sections.setCurrentRow(screen.pages.index(page))
    idle(qtbot, page)

    def save() -> str:
        qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
        idle(qtbot, page)
        return page.message.text()

    fill(page, "staffName", "Bea")
    page.role.setCurrentIndex(page.role.findData("barista"))
    fill(page, "staffPin", "2468")
    fill(page, "staffPinRepeat", "2468")
    assert save() == "Bea added as barista."  # still there once the list has reloaded
    assert [page.members.item(r).text() for r in range(page.members.count())][1:] == [
        "Alex (manager)", "Bea (barista)",
    ]  # fmt: skip

    fill(page, "staffName", "Cy")
    fill(page, "staffPin", "9999")
    fill(page, "staffPinRepeat", "9999")
    assert "already in use" in save()  # Alex's PIN
    assert page.members.count() == 3

    _select(page, "Bea")
    page.role.setCurrentIndex(page.role.findData("shift_lead"))
    fill(page, "staffPin", "1357")
    fill(page, "staffPinRepeat", "1357")
    assert save() == "Bea saved with a new PIN."
    qtbot.mouseClick(page.toggle_button, Qt.MouseButton.LeftButton)
    idle(qtbot, page)
    assert page.message.text() == "Bea can no longer sign in."
    assert page.toggle_button.text() == "Enable again"

    _select(page, "Alex")
    qtbot.mouseClick(page.toggle_button, Qt.MouseButton.LeftButton)
    idle(qtbot, page)
    assert "last manager" in page.message.text()

    members = {m.name: m for m in app.services.staff.all_members()}
    assert (members["Bea"].role.value, members["Bea"].active, members["Alex"].active) == (
        "shift_lead", False, True,
    )  # fmt: skip
    alex = members["Alex"].staff_id
    audit = [(e.actor_id, e.action) for e in app.services.audit.list(action="staff").result()]
    assert [a for a in audit if a[1] not in ("staff.login", "staff.login_failed")][-4:] == [
        (alex, "staff.added"), (alex, "staff.changed"), (alex, "staff.pin_changed"), (alex, "staff.disabled"),
    ]  # fmt: skip
