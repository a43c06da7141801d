"""Fault injection through the Python API and the HTTP control API, observed through the SDK."""

from __future__ import annotations

import threading
import time

import pytest
import stripe

from dripos_terminal.sim.stripe import StripeSimulator
from tests.unit.sim.sim_helpers import ClientFactory, card_present_pi, raw


def test_reader_offline_until_cleared(client: stripe.StripeClient, sim: StripeSimulator, reader: str) -> None:
    sim.faults.reader_offline(reader, count=None)
    assert client.v1.terminal.readers.retrieve(reader).status == "offline"
    pi = card_present_pi(client)
    for _ in range(2):
        with pytest.raises(stripe.InvalidRequestError) as exc:
            client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": pi.id})
        assert exc.value.code == "terminal_reader_offline"
    assert sim.faults.clear("reader_offline") == 1
    assert client.v1.terminal.readers.retrieve(reader).status == "online"
    client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": pi.id})


def test_reader_busy_is_one_shot(client: stripe.StripeClient, sim: StripeSimulator, reader: str) -> None:
    sim.faults.reader_busy()
    pi = card_present_pi(client)
    with pytest.raises(stripe.InvalidRequestError) as exc:
        client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": pi.id})
    assert exc.value.code == "terminal_reader_busy"
    assert client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": pi.id}).action


def test_reader_timeout_hides_a_successful_payment(
    client: stripe.StripeClient, sim: StripeSimulator, reader: str
) -> None:
    sim.faults.reader_timeout(reader, present_number="4242424242424242")
    pi = card_present_pi(client, metadata={"payment_id": "ambiguous"})
    with pytest.raises(stripe.InvalidRequestError) as exc:
        client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": pi.id})
    assert exc.value.code == "terminal_reader_timeout"
    # The truth is the PaymentIntent: it was paid although the caller saw a timeout.
    assert client.v1.payment_intents.retrieve(pi.id).status == "succeeded"
    assert len(sim.ledger.charges_for_metadata("payment_id", "ambiguous")) == 1


def test_reader_timeout_leaves_the_action_in_progress(
    client: stripe.StripeClient, sim: StripeSimulator, reader: str
) -> None:
    sim.faults.reader_timeout()
    pi = card_present_pi(client)
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": pi.id})
    assert client.v1.terminal.readers.retrieve(reader).action.status == "in_progress"
    client.v1.test_helpers.terminal.readers.present_payment_method(reader, {})
    assert client.v1.payment_intents.retrieve(pi.id).status == "succeeded"


def test_api_error_for_n_requests_on_a_path(client: stripe.StripeClient, sim: StripeSimulator) -> None:
    sim.faults.api_error(503, count=2, path_prefix="/v1/payment_intents")
    pi_params = {"amount": 450, "currency": "usd"}
    client.v1.terminal.locations.list()  # another path: unaffected
    for _ in range(2):
        with pytest.raises(stripe.APIError) as exc:
            client.v1.payment_intents.create(pi_params)  # type: ignore[arg-type]
        assert exc.value.http_status == 503
    assert client.v1.payment_intents.create(pi_params).amount == 450  # type: ignore[arg-type]
    assert sim.faults.active() == []


def test_sdk_retries_a_5xx_with_the_same_key(make_client: ClientFactory, sim: StripeSimulator) -> None:
    client = make_client(max_network_retries=1)
    sim.faults.api_error(500, path_prefix="/v1/payment_intents")
    pi = client.v1.payment_intents.create({"amount": 450, "currency": "usd"})
    assert pi.status == "requires_payment_method"
    posts = [e for e in sim.ledger.request_log() if e.method == "POST"]
    assert [e.status for e in posts] == [500, 200] and posts[0].idempotency_key == posts[1].idempotency_key


def test_latency_times_out_the_caller_without_blocking_others(
    make_client: ClientFactory, sim: StripeSimulator
) -> None:
    sim.faults.latency(0.6, path_prefix="/v1/payment_intents", method="POST")
    slow = make_client(timeout=0.2)
    started = time.monotonic()
    with pytest.raises(stripe.APIConnectionError) as exc:
        slow.v1.payment_intents.create({"amount": 450, "currency": "usd"}, {"idempotency_key": "k-slow"})
    assert exc.value.should_retry
    assert time.monotonic() - started < 0.55
    # While the slow request still executes, other requests are served at once.
    fast = make_client()
    t0 = time.monotonic()
    fast.v1.terminal.locations.list()
    assert time.monotonic() - t0 < 0.3
    # The slow request did execute: the same key replays its result once it finished.
    deadline = time.monotonic() + 5
    while True:
        try:
            pi = fast.v1.payment_intents.create(
                {"amount": 450, "currency": "usd"}, {"idempotency_key": "k-slow"}
            )
            break
        except stripe.APIError as busy:
            assert busy.http_status == 409 and time.monotonic() < deadline
            time.sleep(0.05)
    assert pi.last_response is not None and pi.last_response.headers["Idempotent-Replayed"] == "true"


def test_latency_on_one_request_does_not_delay_a_concurrent_one(
    make_client: ClientFactory, sim: StripeSimulator
) -> None:
    sim.faults.latency(0.5, path_prefix="/v1/terminal/locations")
    done = threading.Event()
    t = threading.Thread(target=lambda: (make_client().v1.terminal.locations.list(), done.set()))
    t.start()
    client = make_client()
    t0 = time.monotonic()
    client.v1.payment_intents.list()
    assert time.monotonic() - t0 < 0.3 and not done.is_set()
    t.join(5)
    assert done.is_set()


def test_dropped_connection_executes_nothing(client: stripe.StripeClient, sim: StripeSimulator) -> None:
    sim.faults.drop_connection(path_prefix="/v1/payment_intents")
    with pytest.raises(stripe.APIConnectionError):
        client.v1.payment_intents.create({"amount": 450, "currency": "usd"}, {"idempotency_key": "k-drop"})
    assert sim.ledger.payment_intents() == []
    assert sim.ledger.request_log()[-1].status is None
    assert sim.ledger.request_log()[-1].fault == "drop_connection"
    pi = client.v1.payment_intents.create({"amount": 450, "currency": "usd"}, {"idempotency_key": "k-drop"})
    assert pi.last_response is not None and "Idempotent-Replayed" not in pi.last_response.headers


def test_commit_then_drop_is_recovered_by_replay(client: stripe.StripeClient, sim: StripeSimulator) -> None:
    sim.faults.commit_then_drop(path_prefix="/v1/payment_intents")
    params = {
        "amount": 450,
        "currency": "usd",
        "payment_method": "pm_card_visa",
        "confirm": True,
        "metadata": {"payment_id": "lost-response"},
    }
    with pytest.raises(stripe.APIConnectionError):
        client.v1.payment_intents.create(params, {"idempotency_key": "k-commit"})  # type: ignore[arg-type]
    assert len(sim.ledger.charges_for_metadata("payment_id", "lost-response")) == 1
    pi = client.v1.payment_intents.create(params, {"idempotency_key": "k-commit"})  # type: ignore[arg-type]
    assert pi.status == "succeeded"
    assert pi.last_response is not None and pi.last_response.headers["Idempotent-Replayed"] == "true"
    assert sim.ledger.duplicates() == {}
    found = client.v1.payment_intents.search({"query": "metadata['payment_id']:'lost-response'"})
    assert [p.id for p in found.data] == [pi.id]


@pytest.mark.parametrize("should_retry", [True, False])
def test_rate_limit_storm(client: stripe.StripeClient, sim: StripeSimulator, should_retry: bool) -> None:
    sim.faults.rate_limit_storm(count=2, should_retry=should_retry)
    for _ in range(2):
        with pytest.raises(stripe.RateLimitError) as exc:
            client.v1.payment_intents.list()
        assert exc.value.http_status == 429 and exc.value.error is not None
        assert exc.value.error.code == "rate_limit"
        assert exc.value.headers is not None
        assert exc.value.headers["Stripe-Should-Retry"] == ("true" if should_retry else "false")
    client.v1.payment_intents.list()


def test_faults_over_http(client: stripe.StripeClient, sim: StripeSimulator, reader: str) -> None:
    status, _, fault = raw(sim, "POST", "/_sim/faults", json_body={"name": "reader_offline", "count": None})
    assert status == 200 and fault["name"] == "reader_offline" and fault["count"] is None
    status, _, listed = raw(sim, "GET", "/_sim/faults")
    assert [f["id"] for f in listed["faults"]] == [fault["id"]]
    assert client.v1.terminal.readers.retrieve(reader).status == "offline"
    status, _, cleared = raw(sim, "DELETE", f"/_sim/faults/{fault['id']}")
    assert cleared == {"cleared": 1}
    raw(
        sim,
        "POST",
        "/_sim/faults",
        json_body={"name": "api_error", "status": 502, "path_prefix": "/v1/charges"},
    )
    raw(sim, "POST", "/_sim/faults", json_body={"name": "latency", "seconds": 0.01, "count": 3})
    status, _, cleared = raw(sim, "DELETE", "/_sim/faults")
    assert cleared == {"cleared": 2}
    status, _, err = raw(sim, "POST", "/_sim/faults", json_body={"name": "meteor_strike"})
    assert status == 400 and "unknown fault" in err["error"]["message"]
    status, _, err = raw(sim, "POST", "/_sim/faults", json_body={"name": "latency"})
    assert status == 400
