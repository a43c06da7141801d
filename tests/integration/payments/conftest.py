"""Real parts only: the stripe SDK over HTTP to the embedded simulator, a real SQLCipher store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from dripos_terminal.clock import SystemClock
from dripos_terminal.sim.stripe import StripeSimulator
from dripos_terminal.store.database import Database
from tests.integration.payments.payments_harness import Env, build_env


@pytest.fixture
def db(db_path: Path, db_key: bytes) -> Iterator[Database]:
    database = Database.open(db_path, db_key, clock=SystemClock(), create=True)
    try:
        yield database
    finally:
        database.close()


@pytest.fixture
def make_env(sim: StripeSimulator, db: Database, db_path: Path) -> Iterator[Callable[..., Env]]:
    _, reader_id = sim.register_demo_reader()
    made: list[Env] = []

    def make(**terminal_kw: object) -> Env:
        env = build_env(sim, db, db_path, reader_id, **terminal_kw)
        made.append(env)
        return env

    yield make
    for env in made:
        env.pool.shutdown(wait=True)
        env.assert_money_safe()


@pytest.fixture
def env(make_env: Callable[..., Env]) -> Env:
    return make_env()
