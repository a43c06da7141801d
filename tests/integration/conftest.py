"""Real parts for every integration suite: the embedded Stripe simulator and a fresh SQLCipher key."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from dripos_terminal.sim.stripe import StripeSimulator


@pytest.fixture
def sim() -> Iterator[StripeSimulator]:
    # Fast polling would trip the 25 req/s test-mode limiter; 429s are tested through faults and the
    # throughput tests, which build their own live-mode simulator.
    s = StripeSimulator(rate_limit=0)
    s.start()
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "till.db"


@pytest.fixture
def db_key() -> bytes:
    return secrets.token_bytes(32)
