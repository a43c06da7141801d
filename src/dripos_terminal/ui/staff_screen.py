"""Settings page: staff — add, rename, change role, disable or enable, set a PIN.

Needs `Permission.MANAGE_STAFF` (the service checks it again). PINs are typed into masked fields
and handed to the service on a worker; the service refuses a PIN someone else already has.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QWidget

from dripos_terminal.domain.pin_rules import PIN_MAX_LENGTH, PIN_MIN_LENGTH
from dripos_terminal.domain.staff import Role
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.services.setup import Step
from dripos_terminal.ui.i18n import tr_text
from dripos_terminal.ui.settings_common import SettingsDeps, SettingsPage
from dripos_terminal.ui.widgets import describe, make_button, touch_list

NEW = "__new__"


class StaffPage(SettingsPage):
    title = QT_TRANSLATE_NOOP("StaffPage", "Staff")
    intro = QT_TRANSLATE_NOOP(
        "StaffPage",
        "Everyone who signs in with a PIN. Baristas sell; shift leads may also discount, void, refund "
        "and switch to offline payments; managers do everything, including Settings.",
    )
    step = Step.STAFF
    save_text = QT_TRANSLATE_NOOP("StaffPage", "Save member")

    def __init__(self, deps: SettingsDeps, parent: QWidget | None = None) -> None:
        super().__init__(deps, parent)
        self.members = QListWidget()
        self.members.setObjectName("staffList")
        self.members.setMinimumHeight(160)
        touch_list(self.members)
        describe(self.members, self.tr("Choose a member of staff to change, or add one."), self.tr("Staff"))
        self.members.currentRowChanged.connect(self._selected)
        self.body.insertWidget(0, self.members)
        self.name = self.row(self.tr("Name"), QLineEdit(), self.tr("The name shown when they sign in."))
        self.name.setObjectName("staffName")
        self.name.setMaxLength(40)
        self.role = self.row(self.tr("Role"), QComboBox(), self.tr("What they may do on the till."))
        self.role.setObjectName("staffRole")
        for role in Role:
            label = tr_text(role.label)
            self.role.addItem(label[:1].upper() + label[1:], role.value)
        validator = QRegularExpressionValidator(f"[0-9]{{0,{PIN_MAX_LENGTH}}}", self)
        self.pin = self.row(
            self.tr("PIN ({low} to {high} digits)").format(low=PIN_MIN_LENGTH, high=PIN_MAX_LENGTH),
            QLineEdit(),
            self.tr("A new PIN; leave empty to keep the current one."),
        )
        self.pin.setObjectName("staffPin")
        self.repeat = self.row(self.tr("PIN again"), QLineEdit(), self.tr("The same PIN once more."))
        self.repeat.setObjectName("staffPinRepeat")
        for edit in (self.pin, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setValidator(validator)
        buttons = QHBoxLayout()
        self.toggle_button = make_button(
            self.tr("Disable"),
            "danger",
            name="staffToggle",
            description=self.tr("Stop this member signing in, or let them sign in again."),
        )
        self.toggle_button.clicked.connect(self.toggle_active)
        buttons.addWidget(self.toggle_button)
        buttons.addStretch(1)
        self.body.addLayout(buttons)
        self.body.addStretch(1)
        self._everyone: list[Any] = []

    # -- list ----------------------------------------------------------------------------------
    def load(self) -> None:
        self.run(self.deps.staff.all_members, self._loaded, saving=False)

    def _loaded(self, members: list[Any]) -> str:
        current = self.selected_id()
        self._everyone = members
        self.members.blockSignals(True)
        self.members.clear()
        add = QListWidgetItem(self.tr("＋ Add a member of staff"))
        add.setData(256, NEW)
        self.members.addItem(add)
        for m in members:
            state = "" if m.active else self.tr(" — disabled")
            item = QListWidgetItem(f"{m.name} ({tr_text(m.role.label)}){state}")
            item.setData(256, m.staff_id)
            self.members.addItem(item)
        self.members.blockSignals(False)
        ids = [NEW, *[m.staff_id for m in members]]
        self.members.setCurrentRow(ids.index(current) if current in ids else 0)
        return ""

    def selected_id(self) -> str:
        item = self.members.currentItem()
        return str(item.data(256)) if item is not None else NEW

    def member(self) -> Any:
        return next((m for m in self._everyone if m.staff_id == self.selected_id()), None)

    def _selected(self, _row: int) -> None:
        member = self.member()
        self.pin.clear()
        self.repeat.clear()
        self.name.setText(member.name if member else "")
        self.role.setCurrentIndex(self.role.findData(member.role.value if member else Role.BARISTA.value))
        self.toggle_button.setVisible(member is not None)
        if member is not None:
            self.toggle_button.setText(self.tr("Disable") if member.active else self.tr("Enable again"))

    # -- changes -------------------------------------------------------------------------------
    def save(self) -> None:
        pin, again = self.pin.text(), self.repeat.text()
        if pin != again:
            self.show_message(self.tr("The two PINs differ."), "error")
            return
        member, staff, actor = self.member(), self.deps.staff, self.deps.actor()
        name, role = self.name.text(), Role(self.role.currentData())
        self.pin.clear()
        self.repeat.clear()
        if member is None:
            if not pin:
                self.show_message(self.tr("A new member needs a PIN."), "error")
                return

            def add() -> Any:
                return staff.add(actor, name, role, pin)

            self.run(
                add,
                lambda m: self.reload_showing(
                    self.tr("{name} added as {role}.").format(name=m.name, role=tr_text(m.role.label))
                ),
            )
            return

        def edit() -> Any:
            changed = staff.edit(actor, member.staff_id, name=name, role=role)
            if pin:
                staff.change_pin(actor, member.staff_id, pin)
            return changed

        saved = self.tr("{name} saved with a new PIN.") if pin else self.tr("{name} saved.")
        self.run(edit, lambda m: self.reload_showing(saved.format(name=m.name)))

    def toggle_active(self) -> None:
        member, staff, actor = self.member(), self.deps.staff, self.deps.actor()
        if member is None:
            return
        self.run(
            lambda: staff.set_active(actor, member.staff_id, not member.active),
            lambda m: self.reload_showing(
                (
                    self.tr("{name} can sign in again.")
                    if m.active
                    else self.tr("{name} can no longer sign in.")
                ).format(name=m.name)
            ),
        )
