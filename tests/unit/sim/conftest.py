"""Fixtures: a simulator on loopback (FakeClock, no rate limit unless asked) and SDK clients for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
import stripe

from dripos_terminal.clock import FakeClock
from dripos_terminal.sim.stripe import StripeSimulator
from tests.unit.sim.sim_helpers import ClientFactory


@pytest.fixture
def sim(fake_clock: FakeClock) -> Iterator[StripeSimulator]:
    simulator = StripeSimulator(clock=fake_clock, rate_limit=0)
    simulator.start()
    yield simulator
    simulator.stop()


@pytest.fixture
def make_client(sim: StripeSimulator) -> Iterator[ClientFactory]:
    """SDK clients bound to `sim`; their HTTP sessions are closed at teardown (no ResourceWarning)."""
    sessions: list[requests.Session] = []

    def factory(
        *, timeout: float = 10, max_network_retries: int = 0, api_key: str | None = None
    ) -> stripe.StripeClient:
        session = requests.Session()  # one per client, closed at teardown whichever thread used it
        sessions.append(session)
        http_client = stripe.RequestsClient(timeout=timeout, session=session)
        return stripe.StripeClient(
            api_key or sim.api_key,
            base_addresses={"api": sim.base_url},
            http_client=http_client,
            max_network_retries=max_network_retries,
        )

    yield factory
    for session in sessions:
        session.close()


@pytest.fixture
def client(make_client: ClientFactory) -> stripe.StripeClient:
    return make_client()


@pytest.fixture
def reader(sim: StripeSimulator) -> str:
    return sim.register_demo_reader()[1]
