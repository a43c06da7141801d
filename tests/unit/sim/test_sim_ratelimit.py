"""Token buckets on the simulator clock: 25/s test, 100/s live, 25/s per endpoint."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
import stripe

from dripos_terminal.clock import FakeClock
from dripos_terminal.sim.stripe import StripeSimulator


@pytest.fixture
def limited(
    fake_clock: FakeClock, request: pytest.FixtureRequest
) -> Iterator[tuple[StripeSimulator, stripe.StripeClient]]:
    simulator = StripeSimulator(clock=fake_clock, livemode=request.param)
    url = simulator.start()
    session = requests.Session()
    client = stripe.StripeClient(
        simulator.api_key, base_addresses={"api": url}, http_client=stripe.RequestsClient(session=session)
    )
    yield simulator, client
    session.close()
    simulator.stop()


@pytest.mark.parametrize("limited", [False], indirect=True)
def test_test_mode_allows_25_per_second(
    limited: tuple[StripeSimulator, stripe.StripeClient], fake_clock: FakeClock
) -> None:
    sim, client = limited
    assert sim.api_key.startswith("sk_test_sim_")
    for i in range(25):
        # Spread over two endpoints: the account bucket is what runs out.
        (client.v1.payment_intents.list if i % 2 else client.v1.terminal.readers.list)()
    with pytest.raises(stripe.RateLimitError) as exc:
        client.v1.terminal.locations.list()
    assert exc.value.http_status == 429
    assert exc.value.headers is not None and exc.value.headers["Stripe-Should-Retry"] == "true"
    assert exc.value.error is not None and exc.value.error.code == "rate_limit"
    fake_clock.advance(0.2)  # refills 5 tokens
    for _ in range(5):
        client.v1.terminal.locations.list()
    with pytest.raises(stripe.RateLimitError):
        client.v1.terminal.locations.list()
    fake_clock.advance(1)
    client.v1.terminal.locations.list()
    assert [e.status for e in sim.ledger.request_log()].count(429) == 2


@pytest.mark.parametrize("limited", [True], indirect=True)
def test_live_mode_allows_100_per_second_but_25_per_endpoint(
    limited: tuple[StripeSimulator, stripe.StripeClient], fake_clock: FakeClock
) -> None:
    sim, client = limited
    assert sim.api_key.startswith("sk_live_sim_")
    for _ in range(25):
        client.v1.payment_intents.list()
    with pytest.raises(stripe.RateLimitError):
        client.v1.payment_intents.list()  # per-endpoint bucket
    calls = [client.v1.terminal.readers.list, client.v1.terminal.locations.list, client.v1.refunds.list]
    for call in calls:
        for _ in range(25):
            call()
    with pytest.raises(stripe.RateLimitError):
        client.v1.charges.list()  # the account's 100 are spent
    fake_clock.advance(1)
    assert client.v1.charges.list().object == "list"


@pytest.mark.parametrize("limited", [False], indirect=True)
def test_rate_limit_settings_over_http(limited: tuple[StripeSimulator, stripe.StripeClient]) -> None:
    sim, client = limited
    sim.control.handle("POST", "/_sim/settings", '{"rate_limit": 0}')
    for _ in range(60):
        client.v1.payment_intents.list()
    assert sim.rate_limiter.account_rate == 0
