"""The banner as the composition root wires it in demo mode: local detection, the demo feed, and the
banner's buttons wired to the offline switch."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.composition.till import Features
from dripos_terminal.payments.failures import FailureKind
from dripos_terminal.payments.ports import PaymentResult, ResultStatus
from dripos_terminal.status.model import Action, Severity
from dripos_terminal.ui.demo_screen import DemoScreen
from dripos_terminal.ui.demo_status_panel import DemoStatusPanel


def _failed(kind: FailureKind) -> PaymentResult:
    return PaymentResult(
        ResultStatus.FAILED if kind.is_systemic else ResultStatus.DECLINED, "p", 450, failure=kind
    )


def test_first_reader_failure_raises_the_banner_with_the_offline_action(
    qtbot: QtBot, make_app: Callable[..., Application], tmp_path: Path
) -> None:
    app = make_app(tmp_path / "till", features=Features.product())
    assert app.banner is not None and app.banner.isHidden()
    assert app.cards is not None and app.offline is not None and app.status_bridge is not None
    app.cards.report(_failed(FailureKind.CARD_DECLINED))  # one card's problem: no banner
    app.cards.report(_failed(FailureKind.READER_OFFLINE))
    qtbot.wait_until(lambda: app.status_bridge is not None and app.status_bridge.state().banner is not None)
    state = app.status_bridge.state()
    assert state.banner is not None and state.banner.severity in (Severity.OUTAGE, Severity.DEGRADED)
    assert Action.SWITCH_TO_OFFLINE in state.banner.actions
    qtbot.wait_until(lambda: app.banner is not None and not app.banner.isHidden())

    # The banner's button runs the offline switch (nobody is signed in: it says so, nothing changes).
    app.run_incident_action(Action.SWITCH_TO_OFFLINE)
    assert app.offline.strip.message_label.text() == "Sign in to switch to offline payments"
    assert not app.offline.connectivity.state.takes_offline_payments


def test_payment_failures_reported_by_the_card_path_reach_the_status_poller(
    make_app: Callable[..., Application], tmp_path: Path
) -> None:
    """The wiring only (the poll it triggers is tested on the bridge, where no scheduled poll can
    interfere): the card path's failure observer tells the poller, a decline does not."""
    app = make_app(tmp_path / "till", features=Features.product())
    assert app.cards is not None and app.status_bridge is not None
    poller = app.status_bridge.poller
    app.cards.report(_failed(FailureKind.CARD_DECLINED))
    assert not poller.urgent
    app.cards.report(_failed(FailureKind.READER_OFFLINE))
    assert poller.urgent
    app.cards.report(PaymentResult(ResultStatus.APPROVED, "p", 450))
    assert not poller.urgent


def test_demo_mode_has_the_status_demo_panel_on_the_demo_screen(
    make_app: Callable[..., Application], tmp_path: Path
) -> None:
    app = make_app(tmp_path / "till", features=Features.product())
    assert app.window is not None
    demo = app.window.screen_widget("demo")
    assert isinstance(demo, DemoScreen)
    assert demo.findChild(DemoStatusPanel) is not None
