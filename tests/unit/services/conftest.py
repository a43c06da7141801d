"""Fixtures for the service tests: a shop on a real encrypted store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dripos_terminal.clock import FakeClock
from tests.unit.services.services_shop import Shop, make_shop


@pytest.fixture
def shop(data_dir: Path, memory_keyring: object, fake_clock: FakeClock) -> Iterator[Shop]:
    s = make_shop(data_dir, memory_keyring, fake_clock)
    yield s
    s.db.close()
