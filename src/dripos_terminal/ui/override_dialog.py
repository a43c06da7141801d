"""Manager override: a PIN prompt shown when the signed-in staff member lacks a permission.

`request_permission(...)` is the one entry point screens use: it grants at once (no dialog) when the
actor holds the permission, otherwise opens `OverrideDialog` (window-modal, non-blocking) and calls
`on_granted(authorization)` once a manager PIN is accepted. The PIN check runs through `TaskRunner`.

Keyboard: the dialog itself has the focus, so digits type the PIN at once; Enter approves (the
default button), Escape cancels.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from dripos_terminal.ui.i18n import tr_text
from dripos_terminal.ui.tasks import TaskRunner
from dripos_terminal.ui.widgets import (
    FlowRow,
    Keypad,
    PinInput,
    WrapLabel,
    describe,
    make_button,
    make_label,
    shown_error,
)


class OverrideDialog(QDialog):
    """Asks for a manager PIN to authorize `permission` for `actor`; `authorization` holds the grant."""

    def __init__(
        self,
        staff: Any,
        tasks: TaskRunner,
        actor: Any,
        permission: Any,
        *,
        reason: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("overrideDialog")
        self.setWindowTitle(self.tr("Manager override"))
        self.setMaximumWidth(560)
        self._staff, self._tasks, self._actor, self._permission = staff, tasks, actor, permission
        self.authorization: Any = None

        layout = QVBoxLayout(self)
        layout.addWidget(make_label(self.tr("Manager override"), "title"))
        layout.addWidget(WrapLabel(tr_text(reason), "muted", name="overrideReason"))
        self.dots = make_label(" ", "big", name="overrideDots")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots.setAccessibleName(self.tr("PIN typed so far"))
        layout.addWidget(self.dots)
        self.message = WrapLabel("", "error", name="overrideMessage")
        layout.addWidget(self.message)
        self.keypad = Keypad(extra="C")
        layout.addWidget(self.keypad)
        self.cancel_button = make_button(
            self.tr("Cancel"), name="overrideCancel", description=self.tr("Close without approving (Escape).")
        )
        self.ok_button = make_button(
            self.tr("Approve"),
            "primary",
            name="overrideApprove",
            description=self.tr("Check the manager's PIN and allow it (Enter)."),
        )
        layout.addWidget(FlowRow([self.cancel_button, self.ok_button], align_right=True))
        # The PIN is typed straight away: the dialog holds the focus, not the first button (Cancel),
        # so digits go to the PIN and Enter approves.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        describe(self, tr_text(reason))

        self.pin = PinInput(self.dots, self.keypad, self)
        self.pin.typed.connect(lambda: self.message.setText(""))
        self.pin.changed.connect(self._refresh)
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self.submit)
        self.ok_button.setDefault(True)
        self._refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def _refresh(self) -> None:
        self.ok_button.setEnabled(self.pin.complete)

    def type_pin(self, pin: str) -> None:
        self.pin.type_pin(pin)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
        elif event.key() == Qt.Key.Key_Escape:
            self.reject()
        elif not self.pin.press_key(event):
            super().keyPressEvent(event)

    def submit(self) -> None:
        if not self.pin.complete:
            return
        pin = self.pin.take()
        self.pin.busy = True
        self.message.setText(self.tr("Checking…"))
        self._refresh()
        actor, permission = self._actor, self._permission
        self._tasks.run(lambda: self._staff.authorize(actor, permission, override_pin=pin), self._done)

    def _done(self, authorization: Any, error: BaseException | None) -> None:
        self.pin.busy = False
        self._refresh()
        if error is not None:
            self.message.setText(shown_error(error) or self.tr("Override refused."))
            return
        self.authorization = authorization
        self.accept()


def request_permission(
    parent: QWidget,
    staff: Any,
    tasks: TaskRunner,
    actor: Any,
    permission: Any,
    *,
    reason: str,
    on_granted: Callable[[Any], None],
) -> OverrideDialog | None:
    """Run `on_granted(authorization)` now if `actor` may, else after a manager override.

    Returns the dialog when one was opened (tests drive it), else None.
    """
    if staff.has_permission(actor, permission):
        on_granted(staff.authorize(actor, permission))
        return None
    dialog = OverrideDialog(staff, tasks, actor, permission, reason=reason, parent=parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)

    def finished(result: int) -> None:
        if result == QDialog.DialogCode.Accepted and dialog.authorization is not None:
            on_granted(dialog.authorization)
        dialog.deleteLater()

    dialog.finished.connect(finished)
    dialog.open()
    return dialog
