"""Wires the incident banner: status feeds (the simulator's in demo mode) + local failure detection."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dripos_terminal.config import StatusFeedConfig, replace
from dripos_terminal.payments.failures import FailureKind
from dripos_terminal.sim.statuspage import StatuspageSimulator
from dripos_terminal.status.health import Check
from dripos_terminal.status.model import Action
from dripos_terminal.ui.banner import IncidentBanner
from dripos_terminal.ui.demo_status_panel import DemoStatusPanel
from dripos_terminal.ui.status_bridge import StatusBridge

if TYPE_CHECKING:
    from dripos_terminal.app import Application

# Demo feeds poll quickly so an incident started from the demo panel shows within seconds.
DEMO_POLL_S = 5.0


def install_status_banner(app: Application) -> None:
    assert app.services is not None and app.window is not None
    status_config = app.services.config.status
    simulator: StatuspageSimulator | None = None
    if app.demo:
        simulator = StatuspageSimulator()
        simulator.start()
        feed = StatusFeedConfig(
            name="Stripe (demo)", url=simulator.summary_url, components=("Terminal", "Card readers", "API")
        )
        status_config = replace(
            status_config, feeds=(feed,), poll_ok_s=DEMO_POLL_S, poll_problem_s=DEMO_POLL_S
        )

    bridge = StatusBridge.from_config(status_config, clock=app.clock, parent=app.window)
    banner = IncidentBanner(app.clock, last_checked=bridge.last_checked)
    bridge.board_changed.connect(banner.set_state)
    banner.acknowledged.connect(bridge.acknowledge)
    banner.action_requested.connect(app.run_incident_action)
    app.window.set_banner(banner)
    app.status_bridge = bridge
    app.banner = banner
    # Going back online is offered by the banner; whoever performs it tells the bridge afterwards.
    app.incident_actions.setdefault(Action.GO_BACK_ONLINE, bridge.went_back_online)

    def on_failure(kind: FailureKind) -> None:
        bridge.report_failure(kind)

    def on_success() -> None:
        bridge.report_success(Check.PAYMENT)

    app.payment_failure_listeners.append(on_failure)
    app.payment_success_listeners.append(on_success)

    def shut_down() -> None:
        bridge.stop()
        if simulator is not None:
            simulator.stop()

    app.window.add_close_hook(shut_down)
    if simulator is not None:
        sim = simulator
        app.demo_panels.append(lambda: DemoStatusPanel(sim, app.tasks, on_changed=bridge.poll_now))
    bridge.start()
