"""Store fixtures: an open database in tmp_path with a fresh random key."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from dripos_terminal.clock import FakeClock
from dripos_terminal.store.database import Database


@pytest.fixture
def key() -> bytes:
    return secrets.token_bytes(32)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "till.db"


@pytest.fixture
def db(db_path: Path, key: bytes, fake_clock: FakeClock) -> Iterator[Database]:
    database = Database.open(db_path, key, clock=fake_clock, create=True)
    yield database
    database.close()
