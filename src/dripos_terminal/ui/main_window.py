"""The till's one window: banner slot on top, a stack of screens, a status strip at the bottom.

Full screen by default (the counter's kiosk: `kiosk=True`): the window manager cannot close it, and
the way out is the composition root's manager-only "Exit" (`composition.display`), which switches to
a window or closes the till for good. Windowed (back office, `--windowed` or the display setting),
it opens at 1280×800 or the screen's size, whichever is smaller.

Nothing in the window may widen it past its screen: the status strip's navigation wraps onto a
second row (`FlowRow`), its status words stack and wrap, and the screens follow the same rule.

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

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dripos_terminal.ui.first_paint import on_first_paint
from dripos_terminal.ui.i18n import tr_text, weekday_time_text
from dripos_terminal.ui.widgets import FlowRow, WrapLabel, describe, make_button, make_label

STATUS_TEXT_MAX_WIDTH = 260
STATUS_TEXT_MIN_WIDTH = 150  # "Cards stored offline" on one line
WINDOWED_SIZE = (1280, 800)


def fitting_size(width: int, height: int) -> tuple[int, int]:
    """The preferred size, shrunk to the screen's available area (a 1024×768 till screen)."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return width, height
    area = screen.availableGeometry()
    return min(width, area.width()), min(height, area.height())


class ScreenFrame(QScrollArea):
    """Holds one screen: its full width, and its full height unless its *minimum* is more than there
    is room for, when it scrolls down (never sideways: screens wrap their text instead).

    Sized by hand, not by `widgetResizable`: that sizes a screen whose layout has height-for-width
    (any wrapped label) to its preferred height, and so scrolled screens that fitted."""

    def __init__(self, screen: QWidget) -> None:
        super().__init__()
        self.setObjectName("screenFrame")
        self.setWidgetResizable(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWidget(screen)
        screen.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            QTimer.singleShot(0, self, self._fit)  # after the screen's layout has settled (never if gone)
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        screen = self.widget()
        if screen is None:
            return
        room = self.viewport().size()
        needed = screen.minimumSizeHint().expandedTo(screen.minimumSize()).height()
        size = QSize(room.width(), max(room.height(), needed))
        if screen.size() != size:
            screen.resize(size)

    def scrolls(self) -> bool:
        """True when the screen is taller than its room (the layout check reports it)."""
        return self.verticalScrollBar().maximum() > 0


class MainWindow(QMainWindow):
    def __init__(
        self, *, till_id: str, clock: Any, shop_name: str = "Dripos Terminal", kiosk: bool = False
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self._clock = clock
        self._screens: dict[str, QWidget] = {}
        self._frames: dict[str, ScreenFrame] = {}
        self._close_hooks: list[Callable[[], None]] = []
        self._closing = False  # a deliberate close (manager, shutdown): the kiosk lets it happen
        self.kiosk = False
        self.set_title(shop_name)
        describe(self, self.tr("The till: the current screen, incident banner and status strip."))

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
        self.resize(*fitting_size(*WINDOWED_SIZE))
        self.set_kiosk(kiosk)

        self.help_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F1), self)
        self.help_shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self.help_requested = self.help_shortcut.activated
        self.help_requested.connect(self.show_help)
        self.help: QDialog | None = None

        self._timer = QTimer(self)
        self._timer.setInterval(15_000)
        self._timer.timeout.connect(self.refresh_clock)
        self._timer.start()
        # The clock once the window is on screen: writing it loads Babel's locale data, which the
        # first paint can do without.
        on_first_paint(self, self.refresh_clock)

    def set_title(self, shop_name: str) -> None:
        self.setWindowTitle(self.tr("{shop} — Dripos Terminal").format(shop=shop_name or "Dripos Terminal"))

    def _build_status_strip(self, till_id: str) -> QFrame:
        strip = QFrame()
        strip.setObjectName("statusStrip")
        grid = QGridLayout(strip)
        grid.setContentsMargins(12, 4, 12, 4)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(0)
        self.staff_label = make_label(self.tr("Signed out"), name="statusStaff")
        self.till_label = make_label(till_id, "muted", name="statusTill")
        self.order_label = make_label("", "muted", name="statusOrder")
        who = QVBoxLayout()
        who.setSpacing(0)
        who.addWidget(self.staff_label)
        where = QGridLayout()
        where.setHorizontalSpacing(12)
        where.addWidget(self.till_label, 0, 0)
        where.addWidget(self.order_label, 0, 1)
        who.addLayout(where)
        grid.addLayout(who, 0, 0, Qt.AlignmentFlag.AlignVCenter)
        self.nav = FlowRow(align_right=True)
        self.nav.setObjectName("navigation")
        grid.addWidget(self.nav, 0, 1)
        grid.setColumnStretch(1, 1)
        status = QVBoxLayout()
        status.setSpacing(0)
        self.status_widgets = QVBoxLayout()
        self.status_widgets.setSpacing(0)
        status.addLayout(self.status_widgets)
        self.clock_label = make_label("", "muted", name="statusClock")
        status.addWidget(self.clock_label)
        grid.addLayout(status, 0, 2, Qt.AlignmentFlag.AlignVCenter)
        return strip

    # -- kiosk --------------------------------------------------------------------------------
    def set_kiosk(self, on: bool) -> None:
        """Full screen, and closed only deliberately (`close_for_good`); off: an ordinary window."""
        self.kiosk = on
        state = self.windowState()
        if on:
            # A bare kiosk X session has no window manager to honour the full-screen hint: the
            # window also takes the screen's whole area itself.
            screen = self.screen() or QGuiApplication.primaryScreen()
            if screen is not None:
                self.setGeometry(screen.geometry())
            self.setWindowState(state | Qt.WindowState.WindowFullScreen)
        else:
            self.setWindowState(state & ~Qt.WindowState.WindowFullScreen)
            if self.isVisible():
                self.showNormal()
                self.resize(*fitting_size(*WINDOWED_SIZE))

    def close_for_good(self) -> bool:
        """Close the till (a manager chose to, or the process is shutting down)."""
        self._closing = True
        return self.close()

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
            widget.setMinimumWidth(STATUS_TEXT_MIN_WIDTH)
            widget.setMaximumWidth(STATUS_TEXT_MAX_WIDTH)
        self.status_widgets.addWidget(widget)

    def add_nav_button(
        self, text: str, callback: Callable[[], None], *, name: str = "", description: str = ""
    ) -> QPushButton:
        button = make_button(text, "chip", name=name, description=description or text)
        button.clicked.connect(lambda _checked=False: callback())
        self.nav.add(button)
        return button

    def show_help(self) -> None:
        """F1: the keys of every screen, over the current one (once; F1 again closes it)."""
        if self.help is not None:
            self.help.accept()
            return
        from dripos_terminal.ui.help_overlay import HelpOverlay  # F1 only: not before the first paint

        self.help = HelpOverlay(self)
        self.help.finished.connect(self._help_closed)
        self.help.open()

    def _help_closed(self, _result: int) -> None:
        if self.help is not None:
            self.help.deleteLater()
        self.help = None

    def add_close_hook(self, hook: Callable[[], None]) -> None:
        """Called when the window closes (the composition root shuts workers and the store here)."""
        self._close_hooks.append(hook)

    def add_screen(self, name: str, widget: QWidget) -> None:
        """A screen in the stack. It is held in a frame that scrolls down when the screen is taller
        than the room left (a 768 px screen with the banner and the offline strip up): the window
        never grows past its screen, whatever a screen asks for."""
        if self._screens.get(name) is widget:
            return  # already here (the sign-in screen shows before the till is built)
        self._screens[name] = widget
        frame = ScreenFrame(widget)
        self._frames[name] = frame
        self.stack.addWidget(frame)

    def set_shop(self, *, till_id: str, shop_name: str) -> None:
        """HOOK (start-up): the window shows before the till's settings are read."""
        self.setWindowTitle(self.tr("{shop} — Dripos Terminal").format(shop=shop_name or "Dripos Terminal"))
        self.till_label.setText(till_id)

    def screen_widget(self, name: str) -> QWidget:
        return self._screens[name]

    def screen_frame(self, name: str) -> ScreenFrame:
        return self._frames[name]

    def screens(self) -> dict[str, QWidget]:
        return dict(self._screens)

    def show_screen(self, name: str) -> None:
        self.stack.setCurrentWidget(self._frames[name])
        self._screens[name].setFocus()

    def current_screen_name(self) -> str:
        current = self.stack.currentWidget()
        return next((n for n, w in self._frames.items() if w is current), "")

    # -- status strip -------------------------------------------------------------------------
    def set_staff(self, member: Any | None) -> None:
        if member is None:
            self.staff_label.setText(self.tr("Signed out"))
        else:
            role = getattr(getattr(member, "role", None), "label", "")
            self.staff_label.setText(
                self.tr("{name} ({role})").format(name=member.name, role=tr_text(role))
                if role
                else str(member.name)
            )

    def set_order_number(self, number: str | None) -> None:
        """Show the last committed order's number, as everywhere else ("#0042")."""
        self.order_label.setText(self.tr("Last order {number}").format(number=number) if number else "")

    def refresh_clock(self) -> None:
        self.clock_label.setText(weekday_time_text(self._clock.now()))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.kiosk and not self._closing and event.spontaneous():
            # The counter's kiosk: the window manager's close (Alt+F4) is refused; the manager's
            # "Exit", a shutdown (SIGTERM quits the application) and the program itself still close it.
            event.ignore()
            return
        self._timer.stop()
        # Last registered, first run: offline forwarding stops before the card path's simulator it uses.
        hooks, self._close_hooks = self._close_hooks, []
        for hook in reversed(hooks):
            hook()
        super().closeEvent(event)


__all__ = ["STATUS_TEXT_MAX_WIDTH", "MainWindow", "WrapLabel", "fitting_size"]
