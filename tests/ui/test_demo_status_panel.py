"""The demo-only status panel drives the Statuspage simulator through TaskRunner, then asks for a poll."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dripos_terminal.clock import FakeClock
from dripos_terminal.sim.statuspage import StatuspageSimulator
from dripos_terminal.ui.demo_status_panel import (
    MAINTENANCE_NAME,
    SEED_BODY,
    SEED_NAME,
    DemoStatusPanel,
)
from dripos_terminal.ui.tasks import TaskRunner


@pytest.fixture
def sim(fake_clock: FakeClock) -> StatuspageSimulator:
    return StatuspageSimulator(clock=fake_clock)  # in-process calls only: no server needed


@pytest.fixture
def panel(qtbot: QtBot, sim: StatuspageSimulator) -> Iterator[tuple[DemoStatusPanel, list[int]]]:
    polls: list[int] = []
    runner = TaskRunner()
    made = DemoStatusPanel(sim, runner, on_changed=lambda: polls.append(1))
    qtbot.addWidget(made)
    made.show()
    yield made, polls
    runner.wait_idle()


def click(qtbot: QtBot, panel: DemoStatusPanel, button: object, step: str) -> None:
    with qtbot.wait_signal(panel.finished, check_params_cb=lambda s: s == step, timeout=3000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def test_seed_story_start_update_resolve(
    qtbot: QtBot, panel: tuple[DemoStatusPanel, list[int]], sim: StatuspageSimulator
) -> None:
    widget, polls = panel
    assert not widget.update_button.isEnabled() and not widget.resolve_button.isEnabled()
    click(qtbot, widget, widget.start_button, "start")
    incident = sim.summary()["incidents"][0]
    assert incident["name"] == SEED_NAME and incident["impact"] == "major"
    assert [c["name"] for c in incident["components"]] == ["Terminal", "Card readers"]
    assert incident["incident_updates"][0]["body"] == SEED_BODY
    assert polls == [1] and not widget.start_button.isEnabled()

    click(qtbot, widget, widget.update_button, "update")
    click(qtbot, widget, widget.update_button, "update")
    statuses = [u["status"] for u in sim.summary()["incidents"][0]["incident_updates"]]
    assert statuses == ["monitoring", "identified", "investigating"]

    click(qtbot, widget, widget.resolve_button, "resolve")
    assert sim.summary()["incidents"] == []
    assert widget.start_button.isEnabled() and not widget.resolve_button.isEnabled()
    assert len(polls) == 4


def test_schedule_maintenance(
    qtbot: QtBot, panel: tuple[DemoStatusPanel, list[int]], sim: StatuspageSimulator, fake_clock: FakeClock
) -> None:
    widget, polls = panel
    click(qtbot, widget, widget.maintenance_button, "maintenance")
    (maint,) = sim.summary()["scheduled_maintenances"]
    assert maint["name"] == MAINTENANCE_NAME and maint["status"] == "scheduled"
    assert polls == [1]
    assert MAINTENANCE_NAME in widget.status_label.text()


def test_a_failing_step_is_reported_not_raised(
    qtbot: QtBot, panel: tuple[DemoStatusPanel, list[int]], sim: StatuspageSimulator
) -> None:
    widget, polls = panel
    click(qtbot, widget, widget.start_button, "start")
    sim.reset()  # the incident is gone: updating it fails inside the worker
    with qtbot.wait_signal(widget.failed, timeout=3000):
        qtbot.mouseClick(widget.update_button, Qt.MouseButton.LeftButton)
    assert widget.status_label.text().startswith("Could not update")
    assert polls == [1] and widget.update_button.isEnabled()
