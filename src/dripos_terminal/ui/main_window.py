"""The till's one window: banner slot on top, a stack of screens, a status strip at the bottom.

Hooks for other areas (the composition root calls them; nothing here knows about cards or incidents):
- `set_banner(widget)`: the incident banner goes in the top slot (replaces any previous one).
- `add_top_widget(widget)`: extra strips under the banner (e.g. the offline-payments strip).
- `add_status_widget(widget)`: small indicators on the right of the status strip.
- `add_screen(name, widget)` / `show_screen(name)`: more screens (e.g. manager close-out).
- `add_nav_button(text, callback, name=...)`: a button in the status strip's navigation area.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dripos_terminal.ui.widgets import make_button, make_label

STATUS_TEXT_MAX_WIDTH = 260


def _fitting_size(width: int, height: int) -> tuple[int, int]:
    """The preferred size, shrunk to the screen's available area (a 1024×768 till screen)."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return width, height
    area = screen.availableGeometry()
    return min(width, area.width()), min(height, area.height())


class MainWindow(QMainWindow):
    def __init__(self, *, till_id: str, clock: Any, shop_name: str = "Dripos Terminal") -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(f"{shop_name} — Dripos Terminal")
        self.resize(*_fitting_size(1280, 800))
        self._clock = clock
        self._screens: dict[str, QWidget] = {}
        self._close_hooks: list[Callable[[], None]] = []

        central = QWidget()
        root = QVBoxLayout(central)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        self.banner_slot = QVBoxLayout()
        self.banner_slot.setContentsMargins(0, 0, 0, 0)
        self.banner_slot.setSpacing(0)
        root.addLayout(self.banner_slot)
        self._banner: QWidget | None = None
        self.stack = QStackedWidget()
        root.addWidget(self.stack, 1)
        root.addWidget(self._build_status_strip(till_id))
        self.setCentralWidget(central)

        self._timer = QTimer(self)
        self._timer.setInterval(15_000)
        self._timer.timeout.connect(self.refresh_clock)
        self._timer.start()
        self.refresh_clock()

    def _build_status_strip(self, till_id: str) -> QFrame:
        strip = QFrame()
        strip.setObjectName("statusStrip")
        row = QHBoxLayout(strip)
        row.setContentsMargins(12, 4, 12, 4)
        self.staff_label = make_label("Signed out", name="statusStaff")
        self.till_label = make_label(till_id, "muted", name="statusTill")
        self.order_label = make_label("", "muted", name="statusOrder")
        self.clock_label = make_label("", "muted", name="statusClock")
        self.nav = QHBoxLayout()
        self.status_widgets = QHBoxLayout()
        for widget in (self.staff_label, self.till_label, self.order_label):
            row.addWidget(widget)
            row.addSpacing(16)
        row.addStretch(1)
        row.addLayout(self.nav)
        row.addLayout(self.status_widgets)
        row.addSpacing(16)
        row.addWidget(self.clock_label)
        return strip

    # -- hooks --------------------------------------------------------------------------------
    def set_banner(self, widget: QWidget | None) -> None:
        """HOOK (incident banner): put `widget` in the top slot, replacing any previous banner."""
        if self._banner is not None:
            self.banner_slot.removeWidget(self._banner)
            self._banner.setParent(None)
        self._banner = widget
        if widget is not None:
            self.banner_slot.insertWidget(0, widget)

    def add_top_widget(self, widget: QWidget) -> None:
        """HOOK (offline strip and similar): a full-width strip under the banner."""
        self.banner_slot.addWidget(widget)

    def add_status_widget(self, widget: QWidget) -> None:
        if isinstance(widget, QLabel):  # a long status wraps in its slot; it never widens the window
            widget.setWordWrap(True)
            widget.setMaximumWidth(STATUS_TEXT_MAX_WIDTH)
        self.status_widgets.addWidget(widget)

    def add_nav_button(self, text: str, callback: Callable[[], None], *, name: str = "") -> QPushButton:
        button = make_button(text, "chip", name=name)
        button.clicked.connect(lambda _checked=False: callback())
        self.nav.addWidget(button)
        return button

    def add_close_hook(self, hook: Callable[[], None]) -> None:
        """Called when the window closes (the composition root shuts workers and the store here)."""
        self._close_hooks.append(hook)

    def add_screen(self, name: str, widget: QWidget) -> None:
        if self._screens.get(name) is widget:
            return  # already here (the sign-in screen shows before the till is built)
        self._screens[name] = widget
        self.stack.addWidget(widget)

    def set_shop(self, *, till_id: str, shop_name: str) -> None:
        """HOOK (start-up): the window shows before the till's settings are read."""
        self.setWindowTitle(f"{shop_name} — Dripos Terminal")
        self.till_label.setText(till_id)

    def screen_widget(self, name: str) -> QWidget:
        return self._screens[name]

    def show_screen(self, name: str) -> None:
        widget = self._screens[name]
        self.stack.setCurrentWidget(widget)
        widget.setFocus()

    def current_screen_name(self) -> str:
        current = self.stack.currentWidget()
        return next((n for n, w in self._screens.items() if w is current), "")

    # -- status strip -------------------------------------------------------------------------
    def set_staff(self, member: Any | None) -> None:
        if member is None:
            self.staff_label.setText("Signed out")
        else:
            role = getattr(getattr(member, "role", None), "value", "")
            self.staff_label.setText(f"{member.name} ({role})" if role else str(member.name))

    def set_order_number(self, number: str | None) -> None:
        """Show the last committed order's number ("#0042")."""
        self.order_label.setText(f"Last order {number}" if number else "")

    def refresh_clock(self) -> None:
        now = self._clock.now().astimezone()
        self.clock_label.setText(now.strftime("%a %H:%M"))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._timer.stop()
        # Last registered, first run: offline forwarding stops before the card path's simulator it uses.
        for hook in reversed(self._close_hooks):
            hook()
        super().closeEvent(event)
