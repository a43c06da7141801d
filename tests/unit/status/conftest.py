"""Fixtures of the status tests: a loopback Statuspage simulator on a fake clock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dripos_terminal.clock import FakeClock
from dripos_terminal.sim.statuspage import StatuspageSimulator


@pytest.fixture
def sim(fake_clock: FakeClock) -> Iterator[StatuspageSimulator]:
    simulator = StatuspageSimulator(clock=fake_clock)
    simulator.start()
    try:
        yield simulator
    finally:
        simulator.stop()
