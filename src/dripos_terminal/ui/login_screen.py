"""Staff PIN login: a big keypad, digits from the keyboard too, Enter to sign in.

The PIN check (a slow hash plus a database read) runs through `TaskRunner`; the screen only shows
"Checking…" meanwhile. Wrong PINs and lockouts come back from `StaffService` as exceptions whose
message is fit to show.

At start-up this screen is on display before the till's data is unlocked: `wait(text)` shows what is
happening under a busy bar and keeps the PIN pad off, `ready()` (once the till is built) turns it on.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QVBoxLayout, QWidget

from dripos_terminal.ui.tasks import TaskRunner
from dripos_terminal.ui.widgets import (
    Keypad,
    PinInput,
    WrapLabel,
    describe,
    make_button,
    make_label,
    shown_error,
)


class LoginScreen(QWidget):
    """Emits `logged_in(staff_member)` after a successful PIN check."""

    logged_in = Signal(object)

    def __init__(self, staff: Any, tasks: TaskRunner, shop_name: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("screen")
        self._staff, self._tasks = staff, tasks

        outer = QHBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        outer.addLayout(column)
        outer.addStretch(1)

        column.addStretch(1)
        describe(self, self.tr("Sign in: type your PIN on the keypad or the keyboard, then Enter."))
        self.shop_label = make_label(shop_name or "Dripos Terminal", "title", name="loginShopName")
        column.addWidget(self.shop_label, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(make_label(self.tr("Enter your PIN"), "muted"), 0, Qt.AlignmentFlag.AlignHCenter)
        self.dots = make_label("", "big", name="pinDots")
        self.dots.setMinimumHeight(48)
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots.setAccessibleName(self.tr("PIN typed so far"))
        column.addWidget(self.dots)
        self.message = WrapLabel("", "error", name="loginMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.message)
        self.status = make_label("", "muted", name="loginStatus")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.hide()
        column.addWidget(self.status)
        self.busy = QProgressBar()
        self.busy.setObjectName("loginBusy")
        self.busy.setRange(0, 0)  # no measure of a key unwrap's progress: a busy bar
        self.busy.setTextVisible(False)
        describe(
            self.busy, self.tr("The till is getting ready; a PIN is taken once it is."), self.tr("Starting")
        )
        self.busy.hide()
        column.addWidget(self.busy)
        self._waiting = False

        self.keypad = Keypad(extra="C")
        self.keypad.setMinimumSize(280, 300)
        column.addWidget(self.keypad)
        self.sign_in = make_button(
            self.tr("Sign in"),
            "primary",
            name="signIn",
            description=self.tr("Check the PIN and sign in (Enter)."),
        )
        self.sign_in.setMinimumHeight(56)
        column.addWidget(self.sign_in)
        column.addStretch(1)

        self.pin = PinInput(self.dots, self.keypad, self)
        self.pin.typed.connect(lambda: self.message.setText(""))
        self.pin.changed.connect(self._refresh)
        self.sign_in.clicked.connect(self.submit)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._refresh()

    def set_staff(self, staff: Any) -> None:
        """HOOK (start-up): the staff service, once the till's data is open."""
        self._staff = staff

    def wait(self, text: str) -> None:
        """Start-up: say what the till is doing; the PIN pad stays off until `ready()`."""
        self._waiting = True
        self.status.setText(text)
        self.status.show()
        self.busy.show()
        self.keypad.setEnabled(False)
        self._refresh()

    def ready(self) -> None:
        self._waiting = False
        self.status.hide()
        self.busy.hide()
        self.keypad.setEnabled(True)
        self._refresh()

    @property
    def waiting(self) -> bool:
        return self._waiting

    def set_shop_name(self, name: str) -> None:
        """HOOK (settings): the shop's name changed."""
        self.shop_label.setText(name or "Dripos Terminal")

    # -- input --------------------------------------------------------------------------------
    def reset(self) -> None:
        self.pin.clear()

    def _refresh(self) -> None:
        self.sign_in.setEnabled(self.pin.complete and not self._waiting)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self._waiting:
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
        elif not self.pin.press_key(event):
            super().keyPressEvent(event)

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        self.setFocus()

    # -- check --------------------------------------------------------------------------------
    def type_pin(self, pin: str) -> None:
        """Convenience for tests and scanners: enter digits as if tapped."""
        self.pin.type_pin(pin)

    def submit(self) -> None:
        if not self.pin.complete or self._waiting:
            return
        pin = self.pin.take()
        self.pin.busy = True
        self.message.setText(self.tr("Checking…"))
        self._refresh()
        self._tasks.run(lambda: self._staff.login(pin), self._done)

    def _done(self, member: Any, error: BaseException | None) -> None:
        self.pin.busy = False
        self._refresh()
        if error is not None:
            self.message.setText(shown_error(error) or self.tr("That PIN did not work."))
            return
        self.message.setText("")
        self.logged_in.emit(member)
