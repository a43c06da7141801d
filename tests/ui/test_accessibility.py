"""Every control of every screen and dialog has an accessible name and an accessible description.

The product's till (`Features.product()`, the demo simulators) is taken through the same tour as the
layout check (`tests/support/screen_driver.tour`: selling, the options, the tender and card dialogs, the
incident and offline payments, the manager's close-out screens, Settings' pages, the kiosk exit, F1's
keys); in each state every visible window is walked, then every screen in the window's stack, and the
dialogs the tour does not open (manager override, discount, keyed card, passphrase, first manager,
offline settings, crash report, message boxes, the set-up wizard). In English and in Spanish.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.clock import SystemClock
from dripos_terminal.composition.till import Features
from dripos_terminal.crash import CrashReport
from dripos_terminal.domain.staff import Permission
from dripos_terminal.ui.crash_dialog import CrashDialog
from dripos_terminal.ui.discount_dialog import DiscountDialog
from dripos_terminal.ui.i18n import Installed, install_language
from dripos_terminal.ui.manual_entry_dialog import ManualEntryDialog
from dripos_terminal.ui.message_box import ask, warn
from dripos_terminal.ui.override_dialog import OverrideDialog
from dripos_terminal.ui.passphrase_dialog import PassphraseDialog
from dripos_terminal.ui.setup_dialog import FirstManagerDialog
from dripos_terminal.ui.setup_wizard import SetupWizard
from tests.support.accessibility import unnamed_controls
from tests.support.screen_driver import tour


@pytest.fixture(params=["en", "es"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    installed: Installed = install_language(request.param, "es_ES" if request.param == "es" else "en_US")
    assert not installed.missing, "run `make translations`: the Spanish catalogue is not built"
    yield request.param
    installed.remove()


def _walk(found: dict[str, list[str]], state: str, widget: QWidget) -> None:
    for line in unnamed_controls(widget):
        found.setdefault(line, []).append(state)


def _extra_dialogs(app: Application) -> list[QWidget]:
    """The dialogs the tour does not open, built as the screens build them."""
    services, window = app.services, app.window
    assert services is not None and window is not None and app.till is not None
    manager = app.till.actor
    dialogs: list[QWidget] = [
        OverrideDialog(
            services.staff, app.tasks, manager, Permission.REFUND, reason="Refund order #0001", parent=window
        ),
        DiscountDialog("Discount on the order", "usd", parent=window),
        ManualEntryDialog(1250, "usd", lambda: datetime.now(UTC), parent=window),
        PassphraseDialog(create=True, parent=window),
        PassphraseDialog(create=False, parent=window),
        FirstManagerDialog(parent=window),
        CrashDialog(CrashReport(Path("crash-report.txt"), "ValueError: boom", "Traceback …"), parent=window),
        ask(window, name="confirm", title="Void", text="Void order #0001?", yes="Void", no="Keep it"),
        warn(window, title="Printer", text="Out of paper", ok="OK"),
    ]
    if app.offline is not None:
        dialogs.append(app.offline.open_settings(window))
    if app.settings_screen is not None:
        dialogs.append(SetupWizard(app.settings_screen.deps))
    return dialogs


def test_every_control_is_named_and_described(
    qtbot: QtBot, make_app: Callable[..., Application], tmp_path: Path, language: str
) -> None:
    app = make_app(tmp_path / "till", features=Features.product(), clock=SystemClock())
    assert app.window is not None
    found: dict[str, list[str]] = {}
    visited: list[str] = []

    def visit(state: str, screenshot: bool = False) -> None:
        visited.append(state)
        for top in QApplication.topLevelWidgets():
            if top.isVisible():
                _walk(found, state, top)

    def wait(condition: Callable[[], Any], timeout_s: float = 20, what: str = "") -> None:
        qtbot.wait_until(lambda: bool(condition()), timeout=int(timeout_s * 1000))

    tour(app, visit, wait)
    assert {"sell", "card-payment", "offline", "batch", "z-report", "settings-0", "help"} <= set(visited)
    for name, screen in app.window.screens().items():
        _walk(found, f"screen {name}", screen)
    for dialog in _extra_dialogs(app):
        _walk(found, f"dialog {dialog.objectName()}", dialog)
        dialog.deleteLater()
    report = [f"{line}   [{', '.join(sorted(set(states))[:3])}]" for line, states in sorted(found.items())]
    assert not report, f"{len(report)} controls without an accessible name or description:\n" + "\n".join(
        report
    )
