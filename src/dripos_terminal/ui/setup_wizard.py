"""The first-run set-up wizard (after the recovery passphrase and the first manager).

Steps: the shop (name, address, currency, tax), the Stripe key, the location and reader, the status
feed, the receipt printer, offline card payments, and staff. Each step is a settings page (the same
ones the Settings screen shows); "Save and continue" saves it, "Skip" leaves it for Settings later.
Progress is recorded in the store, and `finished_setup` fires after the last step.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from dripos_terminal.ui.settings_common import SettingsDeps, SettingsPage, wrapped
from dripos_terminal.ui.settings_offline import OfflinePage
from dripos_terminal.ui.settings_printer import PrinterPage
from dripos_terminal.ui.settings_shop import ShopPage
from dripos_terminal.ui.settings_status import StatusFeedPage
from dripos_terminal.ui.settings_stripe import ReaderPage, StripeKeyPage
from dripos_terminal.ui.staff_screen import StaffPage
from dripos_terminal.ui.widgets import describe, make_button, make_label, shown_error, touch_list

WIZARD_PAGES: tuple[type[SettingsPage], ...] = (
    ShopPage,
    StripeKeyPage,
    ReaderPage,
    StatusFeedPage,
    PrinterPage,
    OfflinePage,
    StaffPage,
)


class SetupWizard(QMainWindow):
    finished_setup = Signal()

    def __init__(self, deps: SettingsDeps) -> None:
        super().__init__()
        self.setObjectName("setupWizard")
        self.setWindowTitle(self.tr("Set up Dripos Terminal"))
        describe(self, self.tr("The first set-up of the till, step by step; every step can be skipped."))
        self.resize(980, 700)
        self.deps = deps
        central = QWidget()
        central.setObjectName("screen")
        row = QHBoxLayout(central)
        row.setContentsMargins(20, 20, 20, 20)
        side = QVBoxLayout()
        side.addWidget(make_label(self.tr("Set-up"), "title"))
        side.addWidget(wrapped(self.tr("Every step can be skipped and done later in Settings."), "muted"))
        self.steps = QListWidget()
        self.steps.setObjectName("setupSteps")
        self.steps.setFixedWidth(220)
        touch_list(self.steps)
        describe(self.steps, self.tr("The set-up steps and where you are."), self.tr("Set-up steps"))
        side.addWidget(self.steps, 1)
        row.addLayout(side)
        main = QVBoxLayout()
        self.stack = QStackedWidget()
        main.addWidget(self.stack, 1)
        buttons = QHBoxLayout()
        self.back_button = make_button(
            self.tr("Back"), name="setupBack", description=self.tr("The step before.")
        )
        self.skip_button = make_button(
            self.tr("Skip for now"),
            name="setupSkip",
            description=self.tr("Leave this step for Settings later."),
        )
        self.next_button = make_button(
            self.tr("Save and continue"),
            "primary",
            name="setupNext",
            description=self.tr("Save this step and go to the next."),
        )
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.next_button)
        main.addLayout(buttons)
        row.addLayout(main, 1)
        self.setCentralWidget(central)

        self.pages: list[SettingsPage] = []
        for page_type in WIZARD_PAGES:
            page = page_type(deps)
            page.saved.connect(lambda _text, p=page: self._page_saved(p))
            self.stack.addWidget(page)
            self.steps.addItem(page.title_text)
            self.pages.append(page)
        self.steps.setEnabled(False)  # the list shows progress; Back and Skip move
        self.back_button.clicked.connect(self.back)
        self.skip_button.clicked.connect(self.skip)
        self.next_button.clicked.connect(self.save_and_continue)
        self._done = False
        self.go(0)

    # -- navigation ------------------------------------------------------------------------------
    @property
    def page(self) -> SettingsPage:
        return self.pages[self.stack.currentIndex()]

    def go(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.steps.setCurrentRow(index)
        self.back_button.setEnabled(index > 0)
        last = index == len(self.pages) - 1
        action = self.page.save_label
        self.next_button.setText(
            self.tr("{action} and finish").format(action=action)
            if last
            else self.tr("{action} and continue").format(action=action)
        )
        self.skip_button.setText(self.tr("Skip and finish") if last else self.tr("Skip for now"))
        self.page.load()

    def back(self) -> None:
        if self.stack.currentIndex() > 0:
            self.go(self.stack.currentIndex() - 1)

    def save_and_continue(self) -> None:
        self.page.save()

    def skip(self) -> None:
        self._record(self.page, skipped=True)

    def _page_saved(self, page: SettingsPage) -> None:
        if page is self.page:
            self._record(page, skipped=False)

    def _record(self, page: SettingsPage, *, skipped: bool) -> None:
        settings, actor, step = self.deps.shop.settings, self.deps.actor(), page.step
        index = self.stack.currentIndex()
        last = index == len(self.pages) - 1

        def work() -> Any:
            if step is not None:
                settings.record_step(actor, step, skipped=skipped)
            if last:
                settings.finish_setup(actor)

        def done(_result: Any, error: BaseException | None) -> None:
            if error is not None:
                page.show_message(
                    self.tr("Could not record the step: {error}").format(error=shown_error(error)), "error"
                )
            elif last:
                self._done = True
                self.finished_setup.emit()
            else:
                self.go(index + 1)

        self.deps.tasks.run(work, done)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        # Closing the wizard early is a skip of everything left: the till opens; Settings finishes it.
        super().closeEvent(event)
