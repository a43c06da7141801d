"""The banner as the composition root wires it in demo mode: local detection and the demo feed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application, default_plugins
from dripos_terminal.payments.failures import FailureKind
from dripos_terminal.status.model import Action, Severity
from dripos_terminal.ui.demo_screen import DemoScreen
from dripos_terminal.ui.demo_status_panel import DemoStatusPanel


def test_first_reader_failure_raises_the_banner_with_the_offline_action(
    qtbot: QtBot, make_app: Callable[..., Application], tmp_path: Path
) -> None:
    app = make_app(tmp_path / "till", plugins=default_plugins())
    assert app.banner is not None and app.banner.isHidden()
    switched: list[str] = []
    app.incident_actions[Action.SWITCH_TO_OFFLINE] = lambda: switched.append("offline")

    app.report_payment_failure(FailureKind.CARD_DECLINED)  # one card's problem: no banner
    app.report_payment_failure(FailureKind.READER_OFFLINE)
    qtbot.wait_until(lambda: app.status_bridge.state().banner is not None)
    state = app.status_bridge.state()
    assert state.banner.severity in (Severity.OUTAGE, Severity.DEGRADED)
    assert Action.SWITCH_TO_OFFLINE in state.banner.actions
    qtbot.wait_until(lambda: not app.banner.isHidden())

    app.run_incident_action(Action.SWITCH_TO_OFFLINE)
    assert switched == ["offline"]


def test_payment_failures_reported_to_the_app_reach_the_status_poller(
    make_app: Callable[..., Application], tmp_path: Path
) -> None:
    """The wiring only (the poll it triggers is tested on the bridge, where no scheduled poll can
    interfere): the card path's failure listener tells the poller, a decline does not."""
    app = make_app(tmp_path / "till", plugins=default_plugins())
    poller = app.status_bridge.poller
    app.report_payment_failure(FailureKind.CARD_DECLINED)
    assert not poller.urgent
    app.report_payment_failure(FailureKind.READER_OFFLINE)
    assert poller.urgent
    app.report_payment_success()
    assert not poller.urgent


def test_demo_mode_has_the_status_demo_panel_on_the_demo_screen(
    make_app: Callable[..., Application], tmp_path: Path
) -> None:
    app = make_app(tmp_path / "till", plugins=default_plugins())
    demo = app.window.screen_widget("demo")
    assert isinstance(demo, DemoScreen)
    assert demo.findChild(DemoStatusPanel) is not None
