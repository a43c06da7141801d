"""The Settings screen (managers): every set-up page, plus staff and the menu, in one place.

A barista who opens it is asked for a manager's PIN (`Permission.SETTINGS`); changes are saved by
each page through the services, which check the permission again and audit the change.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QStackedWidget, QVBoxLayout, QWidget

from dripos_terminal.domain.staff import Permission
from dripos_terminal.ui.menu_screen import MenuPage
from dripos_terminal.ui.override_dialog import request_permission
from dripos_terminal.ui.settings_common import SettingsDeps, SettingsPage, wrapped
from dripos_terminal.ui.settings_display import DisplayPage
from dripos_terminal.ui.setup_wizard import WIZARD_PAGES
from dripos_terminal.ui.widgets import describe, make_button, touch_list

SETTINGS_PAGES: tuple[type[SettingsPage], ...] = (*WIZARD_PAGES, MenuPage, DisplayPage)


class SettingsScreen(QWidget):
    closed = Signal()

    def __init__(self, deps: SettingsDeps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        describe(
            self,
            self.tr("Settings for managers: the shop, Stripe, the printer, staff, the menu and display."),
        )
        self.deps = deps
        self.approver: Any = None  # the manager whose authority the changes are made under
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 12, 12, 12)
        side = QVBoxLayout()
        self.sections = QListWidget()
        self.sections.setObjectName("settingsSections")
        self.sections.setFixedWidth(220)
        touch_list(self.sections)
        describe(
            self.sections, self.tr("The settings pages; choose one to show it."), self.tr("Settings pages")
        )
        side.addWidget(self.sections, 1)
        self.done_button = make_button(
            self.tr("Back to the till"), name="settingsDone", description=self.tr("Leave Settings.")
        )
        side.addWidget(self.done_button)
        row.addLayout(side)
        main = QVBoxLayout()
        self.stack = QStackedWidget()
        main.addWidget(self.stack, 1)
        bottom = QHBoxLayout()
        self.who = wrapped("", "muted", name="settingsWho")
        bottom.addWidget(self.who, 1)
        self.save_button = make_button(
            self.tr("Save"), "primary", name="settingsSave", description=self.tr("Save this page's settings.")
        )
        bottom.addWidget(self.save_button)
        main.addLayout(bottom)
        row.addLayout(main, 1)
        page_deps = SettingsDeps(
            shop=deps.shop, staff=deps.staff, tasks=deps.tasks, clock=deps.clock,
            actor=lambda: self.approver, config=deps.config, tax_classes=deps.tax_classes,
        )  # fmt: skip
        self.pages: list[SettingsPage] = []
        for page_type in SETTINGS_PAGES:
            page = page_type(page_deps)
            self.stack.addWidget(page)
            self.sections.addItem(page.title_text)
            self.pages.append(page)
        self.sections.currentRowChanged.connect(self.show_page)
        self.save_button.clicked.connect(self.save_page)
        self.done_button.clicked.connect(self.leave)
        self.override: Any = None
        self.sections.setCurrentRow(0)
        self._set_open(False)

    def _set_open(self, is_open: bool) -> None:
        # Nothing can be changed without a manager's authority (the services would take None as
        # support staff at the command line).
        self.stack.setEnabled(is_open)
        self.save_button.setEnabled(is_open)

    def leave(self) -> None:
        self.approver = None
        self._set_open(False)
        self.who.setText("")
        self.closed.emit()

    @property
    def page(self) -> SettingsPage:
        return self.pages[self.stack.currentIndex()]

    def page_of(self, page_type: type[SettingsPage]) -> Any:
        return next(p for p in self.pages if isinstance(p, page_type))

    def save_page(self) -> None:
        # Looked up at the click: connecting `self.page.save` would bind the first page for good.
        self.page.save()

    def show_page(self, index: int) -> None:
        if index < 0:
            return
        self.stack.setCurrentIndex(index)
        self.save_button.setText(self.page.save_label)
        if self.approver is not None:
            self.page.load()

    def open_for(self, actor: Any, on_open: Any) -> None:
        """For `actor`: a manager at once, anyone else after a manager's PIN; then `on_open()`."""

        def granted(authorization: Any) -> None:
            self.override = None
            self.approver = authorization.approver
            self.who.setText(
                self.tr("Changes are made as {name} and recorded in the audit log.").format(
                    name=self.approver.name
                )
            )
            self._set_open(True)
            self.page.load()
            on_open()

        self.approver = None
        self._set_open(False)
        self.override = request_permission(
            self,
            self.deps.staff,
            self.deps.tasks,
            actor,
            Permission.SETTINGS,
            reason=self.tr("Settings are for managers. Ask a manager to enter their PIN."),
            on_granted=granted,
        )
