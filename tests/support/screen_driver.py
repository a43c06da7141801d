"""Drive the demo till in a real X11 window (Xvfb) through the states a shop sees, and say how each
one fits the screen; optionally save a screenshot of each.

Run by `tests/ui/test_layout_fits_screen.py` (under `xvfb-run`, the xcb platform, never offscreen:
only a real window system places and sizes windows the way a till's screen does) and by
`make screenshots`:

    xvfb-run -a -s "-screen 0 1024x768x24" .venv/bin/python -m tests.support.screen_driver \\
        --report out.json [--screenshots docs/screenshots --suffix 1024x768] [--language es]

For every state it records the main window's and every visible dialog's frame, whether each lies
inside the screen, which buttons and labels show less than their text needs (clipped or
overlapping: a wrapped label shorter than its text at its width), and which controls are less than
44 px high (touch targets, list and table rows included). The till is the product's: the demo
simulators, the real theme, full screen (kiosk), `Features.product()`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollBar,
    QTabBar,
    QTableView,
    QWidget,
)

TOUCH_MIN = 44
MANAGER_PIN = "9999"


@dataclass
class Frame:
    kind: str
    name: str
    x: int
    y: int
    width: int
    height: int
    inside: bool


@dataclass
class State:
    name: str
    screen: str
    windows: list[Frame] = field(default_factory=list)
    clipped: list[str] = field(default_factory=list)
    small: list[str] = field(default_factory=list)
    scrolls: str = ""  # the screen shown, when it is taller than its room and scrolls
    screenshot: str = ""

    @property
    def fits(self) -> bool:
        return all(w.inside for w in self.windows)


def wait_until(condition: Callable[[], object], timeout_s: float = 20.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what or condition}")
        QTest.qWait(25)


def settle(ms: int = 350) -> None:
    """Let layouts, style polish and the window system catch up (resizes arrive asynchronously)."""
    QTest.qWait(ms)


def _label(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, QAbstractButton | QLabel):
        text = " ".join(widget.text().split())[:40]
    return f"{type(widget).__name__}#{widget.objectName() or '-'} {text!r}"


def _internal(widget: QWidget) -> bool:
    """Parts of Qt's own compound widgets (scroll bars, a tab bar's arrows, a combo box's list, a spin
    box's line edit)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QTabBar | QScrollBar | QAbstractSpinBox):
            return True
        if isinstance(parent, QAbstractScrollArea) and widget in (
            parent.horizontalScrollBar(),
            parent.verticalScrollBar(),
        ):
            return True
        parent = parent.parentWidget()
    return isinstance(widget, QScrollBar)


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def inspect(top: QWidget, state: State) -> None:
    for widget in [top, *top.findChildren(QWidget)]:
        if not _shown(widget) or _internal(widget):
            continue
        if isinstance(widget, QPushButton) and widget.sizeHint().width() > widget.width() + 1:
            state.clipped.append(
                f"{_label(widget)} needs {widget.sizeHint().width()} px, has {widget.width()}"
            )
        if isinstance(widget, QLabel) and widget.text() and type(widget).__name__ != "ElidedLabel":
            if widget.wordWrap():
                needed = widget.heightForWidth(widget.width())
                if needed > widget.height() + 1:
                    state.clipped.append(f"{_label(widget)} needs {needed} px high, has {widget.height()}")
            elif widget.sizeHint().width() > widget.width() + 1:
                state.clipped.append(
                    f"{_label(widget)} needs {widget.sizeHint().width()} px, has {widget.width()}"
                )
        touch = isinstance(widget, QPushButton | QCheckBox | QComboBox | QLineEdit | QAbstractSpinBox)
        if touch and widget.height() < TOUCH_MIN:
            state.small.append(f"{_label(widget)} is {widget.height()} px high")
        rows = widget.model() if isinstance(widget, QTableView) else None
        if (
            isinstance(widget, QTableView)
            and rows is not None
            and rows.rowCount() > 0
            and widget.rowHeight(0) < TOUCH_MIN
        ):
            state.small.append(f"{_label(widget)} rows are {widget.rowHeight(0)} px high")
        if isinstance(widget, QListView) and widget.model() is not None and widget.model().rowCount() > 0:
            height = widget.sizeHintForRow(0)
            if height < TOUCH_MIN:
                state.small.append(f"{_label(widget)} rows are {height} px high")
        if isinstance(widget, QHeaderView) and widget.orientation() == Qt.Orientation.Horizontal:
            state.clipped += _clipped_sections(widget)


def _clipped_sections(header: QHeaderView) -> list[str]:
    """Column titles cut off: a word wider than its column, or wrapped lines taller than the header."""
    model, metrics, clipped = header.model(), header.fontMetrics(), []
    if model is None:
        return clipped
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        text = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
        room = header.sectionSize(section) - 12  # the style's padding
        widest = max((metrics.horizontalAdvance(word) for word in text.split()), default=0)
        lines = metrics.boundingRect(QRect(0, 0, max(room, 1), 10_000), Qt.TextFlag.TextWordWrap, text)
        if widest > room or lines.height() > header.height():
            clipped.append(f"column {text!r} of {header.parentWidget().objectName()} is cut off")
    return clipped


class Driver:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.states: list[State] = []
        screen = QGuiApplication.primaryScreen()
        assert screen is not None
        self.screen = screen
        self.area: QRect = screen.geometry()

    # -- measuring -----------------------------------------------------------------------------
    def measure(self, name: str, *, screenshot: bool = False) -> State:
        settle()
        size = f"{self.area.width()}x{self.area.height()}"
        state = State(name, size)
        for top in QApplication.topLevelWidgets():
            if not top.isVisible() or top.windowType() not in (Qt.WindowType.Window, Qt.WindowType.Dialog):
                continue
            frame = top.frameGeometry()
            state.windows.append(
                Frame(
                    type(top).__name__,
                    top.objectName(),
                    frame.x(),
                    frame.y(),
                    frame.width(),
                    frame.height(),
                    self.area.contains(frame),
                )
            )
            inspect(top, state)
            stack = getattr(top, "stack", None)
            frame_of = getattr(top, "current_screen_name", None)
            if stack is not None and frame_of is not None:
                current = stack.currentWidget()
                if hasattr(current, "scrolls") and current.scrolls():
                    state.scrolls = f"{frame_of()} by {current.verticalScrollBar().maximum()} px"
        if screenshot and self.args.screenshots:
            folder = Path(self.args.screenshots)
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{name}-{self.args.suffix or size}.png"
            self.screen.grabWindow(0).save(str(path), "PNG")
            state.screenshot = str(path)
        self.states.append(state)
        return state

    # -- the tour ------------------------------------------------------------------------------
    def run(self) -> None:
        from dripos_terminal.app import build_application
        from dripos_terminal.clock import SystemClock
        from dripos_terminal.composition.till import Features
        from dripos_terminal.store.keys import ScryptParams
        from tests.support.keyring import MemoryKeyring

        home = Path(tempfile.mkdtemp(prefix="dripos-screens-"))
        data = home / "demo"
        data.mkdir()
        if self.args.language != "en":
            locale = {"es": "es_ES"}.get(self.args.language, "en_US")
            (data / "config.toml").write_text(
                f'[display]\nlanguage = "{self.args.language}"\nlocale = "{locale}"\n', encoding="utf-8"
            )
        app = build_application(
            data_dir=data,
            demo=True,
            keyring_backend=MemoryKeyring(),
            clock=SystemClock(),
            scrypt_params=ScryptParams(n=2**10, r=8, p=1),
            env={},
            features=Features.product(),
        )
        assert app.window is not None, f"the demo till did not start: {app.error}"
        app.show()
        window = app.window
        wait_until(lambda: window.isVisible() and window.windowHandle() is not None, what="the window")
        try:
            self._tour(app)
        finally:
            app.close()

    def _tour(self, app: Any) -> None:
        tour(app, lambda name, screenshot=False: self.measure(name, screenshot=screenshot), wait_until)


Visit = Callable[..., object]  # visit(state name, screenshot=False): the window is in that state now
Wait = Callable[..., None]  # wait(condition, timeout_s, what): until condition() is true


def tour(app: Any, visit: Visit, wait: Wait) -> None:
    """Every state a shop sees, in order: sign-in, selling, a card payment, the incident and offline
    payments, the close-out screens, the orders, every Settings page, the kiosk exit and F1's keys.
    `visit(name, screenshot=...)` is called in each state (the layout report; the accessibility
    walk of tests/ui/test_accessibility.py)."""
    from dripos_terminal.domain.connectivity import Connectivity
    from dripos_terminal.payments.ports import PROMPT_TEXT, PromptKind
    from dripos_terminal.status.model import Action
    from dripos_terminal.ui.card_checkout_dialog import Phase
    from dripos_terminal.ui.demo_status_panel import SEED_BODY, SEED_COMPONENTS, SEED_IMPACT, SEED_NAME
    from dripos_terminal.ui.i18n import tr_text

    window, till = app.window, app.till
    visit("login")
    till.login.type_pin(MANAGER_PIN)
    till.login.submit()
    wait(lambda: window.current_screen_name() == "sell", 20, "sign-in")
    wait(lambda: till.sell.card_handler is not None, 20, "the card path's start-up")
    sell = till.sell
    sell.menu.set_current(3)  # beans: the longest names on the menu
    for item in ("beans_ethiopia", "beans_decaf", "mug", "beans_ethiopia"):
        sell._add(lambda i=item: sell.sale.add_item(i, {}))
    visit("sell", screenshot=True)
    sell.menu.set_current(0)
    sell.tiles["latte"].click()  # an item with options: the options dialog
    wait(lambda: sell.dialog is not None, 20, "the options dialog")
    visit("options")
    sell.dialog.reject()
    wait(lambda: sell.dialog is None, 20, "options closed")

    # A card payment: the tender dialog, then the reader's prompt.
    sell.pay()
    tender = sell.dialog
    visit("tender")
    tender.card_button.click()
    wait(lambda: app.cards.dialog is not None, 20, "the card dialog")
    card = app.cards.dialog
    visit("card-tip")
    card.charge_button.click()
    tap = tr_text(PROMPT_TEXT[PromptKind.TAP_INSERT_SWIPE])
    paying = lambda: card.phase is Phase.PAYING and card.prompt_label.text() == tap  # noqa: E731
    wait(paying, 20, f"the reader's prompt ({tap!r})")
    visit("card-payment", screenshot=True)
    card.cancel()
    wait(lambda: card.phase not in (Phase.PAYING, Phase.CANCELING), 20, "cancel")
    card.other_payment()
    wait(lambda: app.cards.dialog is None, 20, "card dialog closed")
    tender.quick_buttons[0].click()  # exact cash
    wait(lambda: tender.committed is not None, 20, "the cash sale")
    visit("paid")
    tender.done_button.click()
    wait(lambda: window.current_screen_name() == "receipt", 20, "the receipt")
    visit("receipt")
    till.receipt.new_button.click()
    for item in ("beans_house", "mug"):
        sell._add(lambda i=item: sell.sale.add_item(i, {}))

    # The incident: the status page posts it, the banner shows it, the till switches offline.
    status = app.wiring.status
    status.simulator.start_incident(SEED_NAME, SEED_COMPONENTS, SEED_IMPACT, SEED_BODY)
    status.bridge.poll_now()
    wait(app.banner.isVisible, 20, "the banner")
    visit("incident", screenshot=True)
    app.run_incident_action(Action.SWITCH_TO_OFFLINE)
    wait(lambda: app.offline.connectivity.state is Connectivity.OFFLINE, 20, "offline")
    if app.banner.is_collapsed():
        app.banner.expand()
    window.show_screen("sell")
    visit("offline", screenshot=True)
    app.banner.open_details()
    visit("incident-details")
    app.banner.details_dialog.accept()

    sell.pay()
    tender = sell.dialog
    tender.card_button.click()
    wait(lambda: app.offline.dialog is not None, 20, "the offline card dialog")
    offline_card = app.offline.dialog
    wait(lambda: offline_card.decision is not None, 20, "the offline caps")
    visit("offline-card")
    offline_card.reject()
    tender.reject()
    wait(lambda: sell.dialog is None, 20, "tender closed")

    queue = app.offline.queue
    queue.totals = None
    app.offline.show_queue()
    wait(lambda: queue.totals is not None and not queue._loading, 20, "the queue")
    closeout = app.wiring.closeout
    visit("offline-queue", screenshot=True)
    window.show_screen("demo")
    visit("demo")
    till.show_history()
    wait(lambda: not till.history.busy and till.history.orders, 20, "the orders")
    visit("orders")
    if closeout is not None:  # last of the day's screens: the Z report closes the business day
        _closeout_tour(window, closeout, visit, wait)

    screen = app.settings_screen
    screen.open_for(till.actor, lambda: window.show_screen("settings"))
    wait(lambda: window.current_screen_name() == "settings", 20, "settings")
    for row in range(screen.sections.count()):
        screen.sections.setCurrentRow(row)
        settle(400)
        visit(f"settings-{row}", screenshot=row == 0)
    screen.leave()

    if app.kiosk_button is not None:
        app.kiosk_button.click()
        wait(lambda: app.kiosk_dialog is not None, 20, "the kiosk dialog")
        visit("kiosk-exit")
        app.kiosk_dialog.reject()

    window.help_requested.emit()
    wait(lambda: window.help is not None and window.help.isVisible(), 20, "the keys")
    visit("help")
    window.help.accept()


def _closeout_tour(window: Any, closeout: Any, visit: Visit, wait: Wait) -> None:
    """The manager's screens: home, the offline batch, the drawer, the reports (a Z), past days."""
    closeout.open_home()  # the tour signed in as a manager: no PIN asked
    wait(lambda: window.current_screen_name() == "manager", 20, "the manager's home")
    visit("manager")
    closeout.home.open_batch.emit()
    wait(lambda: closeout.batch.view is not None and not closeout.batch.busy, 20, "the batch")
    visit("batch", screenshot=True)
    closeout.home.open_drawer.emit()
    wait(lambda: not closeout.drawer.busy, 20, "the drawer")
    visit("drawer")
    closeout.home.open_reports.emit()
    wait(lambda: closeout.reports.report is not None and not closeout.reports.busy, 20, "the X report")
    visit("x-report")
    closeout.reports.carry_over.setChecked(True)
    closeout.reports.carry_over.show()  # the stored offline payments are carried over to tomorrow
    closeout.reports.take_z()
    wait(lambda: closeout.reports.confirm is not None, 20, "the Z confirmation")
    visit("z-confirm")
    closeout.reports.confirm.done(closeout.reports.confirm.StandardButton.Yes.value)
    wait(
        lambda: closeout.reports.report is not None and closeout.reports.report.number is not None,
        20,
        "the Z report",
    )
    visit("z-report", screenshot=True)
    closeout.home.open_past_days.emit()
    wait(lambda: not closeout.past_days.busy and closeout.past_days.days, 20, "past days")
    visit("past-days")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", help="write the JSON report here (default: stdout)")
    parser.add_argument("--screenshots", help="save PNGs of the main states into this folder")
    parser.add_argument("--suffix", default="", help="file name suffix of the PNGs (default: WxH)")
    parser.add_argument("--language", default="en", choices=("en", "es"))
    args = parser.parse_args(argv)
    qt_app = QApplication(sys.argv[:1])
    if QGuiApplication.platformName() != "xcb":
        sys.stderr.write(
            f"screen_driver needs a real X11 display (xcb), not {QGuiApplication.platformName()}\n"
        )
        return 2
    driver = Driver(args)
    driver.run()
    report = {
        "platform": QGuiApplication.platformName(),
        "screen": [driver.area.width(), driver.area.height()],
        "language": args.language,
        "states": [{**asdict(s), "fits": s.fits} for s in driver.states],
    }
    text = json.dumps(report, indent=1)
    if args.report:
        Path(args.report).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")
    qt_app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
