"""What every settings page shares, in the set-up wizard and on the Settings screen.

A page is one area (shop, Stripe key, reader, status feed, printer, offline cards, staff, menu). It
reads the current values in `load()` and saves in `save()`, always on a worker through `TaskRunner`,
then emits `saved(message)`; a refusal is shown on the page (wrapped, never widening the window).
The wizard's "Save and continue" and the Settings screen's "Save" both call `save()`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from dripos_terminal.config import Config
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.services.setup import Step
from dripos_terminal.ui.i18n import tr_text
from dripos_terminal.ui.tasks import TaskRunner
from dripos_terminal.ui.widgets import describe, make_label, set_role, shown_error

W = TypeVar("W", bound=QWidget)
LABEL_WIDTH = 190


@dataclass
class SettingsDeps:
    shop: Any  # composition.setup.ShopServices
    staff: Any  # services.staff.StaffService
    tasks: TaskRunner
    clock: Any
    actor: Callable[[], Any]  # the signed-in manager (the wizard: the first manager)
    config: Callable[[], Config]
    tax_classes: Callable[[], dict[str, str]]

    def stripe_setup(self) -> Any:
        return self.shop.stripe_setup(self.config())


def wrapped(text: str = "", role: str | None = None, *, name: str | None = None) -> QLabel:
    """A label that wraps instead of widening its window (long paths, error messages)."""
    label = make_label(text, role, name=name)
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    label.setMinimumWidth(0)
    return label


class SettingsPage(QWidget):
    """Base of every page: a title, an intro, a form in a scroll area, a message line.

    Subclasses give `title`, `intro` and `save_text` as `QT_TRANSLATE_NOOP` texts (class attributes
    are made before any translator exists); the page shows them translated."""

    saved = Signal(str)
    title: str = ""
    intro: str = ""
    step: Step | None = None
    save_text: str = QT_TRANSLATE_NOOP("SettingsPage", "Save")

    def __init__(self, deps: SettingsDeps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.deps = deps
        self.busy = False
        self._after_load = ""  # a change's message, shown again once the page has reloaded
        self._queued: tuple[Callable[[], Any], Callable[[Any], str | None]] | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(make_label(self.title_text, "title"))
        describe(self, self.intro_text or self.title_text, self.title_text)
        if self.intro:
            outer.addWidget(wrapped(self.intro_text, "muted"))
        body = QWidget()
        body.setObjectName("screen")
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(0, 8, 8, 8)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.body.addLayout(self.form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.message = wrapped("", "muted", name=f"{type(self).__name__}Message")
        outer.addWidget(self.message)

    @property
    def title_text(self) -> str:
        return tr_text(self.title)

    @property
    def intro_text(self) -> str:
        return tr_text(self.intro)

    @property
    def save_label(self) -> str:
        return tr_text(self.save_text)

    def row(self, label: str, widget: W, description: str = "") -> W:
        text = make_label(label)
        text.setWordWrap(True)
        text.setFixedWidth(LABEL_WIDTH)  # long labels wrap in their column, never hide or widen
        text.setBuddy(widget)
        describe(widget, description or label, label)
        self.form.addRow(text, widget)
        return widget

    # -- the page's life -------------------------------------------------------------------------
    def load(self) -> None:
        """Fill the fields from the current settings (GUI thread; slow reads go through `run`)."""

    def save(self) -> None:
        """Validate and store; emit `saved`. Pages without anything to save just say so."""
        self.saved.emit("")

    def show_message(self, text: str, role: str = "muted") -> None:
        self.message.setText(text)
        set_role(self.message, role)

    def run(self, work: Callable[[], Any], ok: Callable[[Any], str | None], *, saving: bool = True) -> None:
        """`work` on a worker; then `ok(result)` → message (and `saved` when `saving`), or the error.

        One piece of work at a time: a save asked for while the page is still busy (loading, on a
        slow keyring or disk) runs as soon as that finishes, instead of being dropped unseen."""
        if self.busy:
            if saving:
                self._queued = (work, ok)
            return
        self.busy = True
        self.show_message(self.tr("Working…"))

        def done(result: Any, error: BaseException | None) -> None:
            self.busy = False
            if error is not None:
                self._after_load = ""
                self.show_message(shown_error(error, type(error).__name__), "error")
            else:
                self._finished(ok(result), saving)
            if self._queued is not None and not self.busy:  # else after the reload `ok` started
                queued, self._queued = self._queued, None
                self.run(*queued)

        self.deps.tasks.run(work, done)

    def _finished(self, text: str | None, saving: bool) -> None:
        if text is None:
            return
        role = "ok" if saving else "muted"
        if not text and self._after_load:  # the reload after a change: keep saying what changed
            text, role, self._after_load = self._after_load, "ok", ""
        self.show_message(text, role)
        if saving:
            self.saved.emit(text)

    def reload_showing(self, text: str) -> str:
        """After a change: `load()` the page again and keep `text` on show once it has loaded (a
        load's own empty message would otherwise wipe it at once)."""
        self._after_load = text
        self.load()
        return text
