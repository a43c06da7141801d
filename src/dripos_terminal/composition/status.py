"""Wires the incident banner: status feeds (the simulator's in demo mode) + local failure detection."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from dripos_terminal.composition.shell import Shell
from dripos_terminal.config import StatusFeedConfig, replace
from dripos_terminal.sim.statuspage import StatuspageSimulator
from dripos_terminal.ui.banner import IncidentBanner
from dripos_terminal.ui.demo_status_panel import DemoStatusPanel
from dripos_terminal.ui.status_bridge import StatusBridge

# Demo feeds poll quickly so an incident started from the demo panel shows within seconds.
DEMO_POLL_S = 5.0


@dataclass(frozen=True)
class StatusWiring:
    bridge: StatusBridge
    banner: IncidentBanner
    simulator: StatuspageSimulator | None  # the demo's status page

    def demo_panel(self, shell: Shell) -> QWidget:
        assert self.simulator is not None
        return DemoStatusPanel(self.simulator, shell.tasks, on_changed=self.bridge.poll_now)

    def shut_down(self) -> None:
        self.bridge.stop()
        if self.simulator is not None:
            self.simulator.stop()


def build_status(shell: Shell) -> StatusWiring:
    """The banner and its bridge, polling started. What its buttons do is wired by the caller."""
    status_config = shell.services.config.status
    simulator: StatuspageSimulator | None = None
    if shell.demo:
        simulator = StatuspageSimulator()
        simulator.start()
        feed = StatusFeedConfig(
            name="Stripe (demo)", url=simulator.summary_url, components=("Terminal", "Card readers", "API")
        )
        status_config = replace(
            status_config, feeds=(feed,), poll_ok_s=DEMO_POLL_S, poll_problem_s=DEMO_POLL_S
        )
    bridge = StatusBridge.from_config(status_config, clock=shell.clock, parent=shell.window)
    banner = IncidentBanner(shell.clock, last_checked=bridge.last_checked)
    bridge.board_changed.connect(banner.set_state)
    banner.acknowledged.connect(bridge.acknowledge)
    shell.window.set_banner(banner)
    wiring = StatusWiring(bridge, banner, simulator)
    shell.window.add_close_hook(wiring.shut_down)
    bridge.start()
    return wiring
