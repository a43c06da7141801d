"""Idempotency as Stripe documents it: replay (500s too), mismatch, concurrent use, pruning after 24 h."""

from __future__ import annotations

import threading
import time

import pytest
import stripe

from dripos_terminal.clock import FakeClock
from dripos_terminal.sim.stripe import StripeSimulator
from tests.unit.sim.sim_helpers import ClientFactory, raw

PI_PARAMS = {
    "amount": 450,
    "currency": "usd",
    "allowed_payment_method_types": ["card"],
    "metadata": {"payment_id": "pay_42"},
}


def _wait_for_key(sim: StripeSimulator, key: str) -> None:
    deadline = time.monotonic() + 5
    while key not in sim.api.idempotency.active_keys():
        assert time.monotonic() < deadline, "the first request never reserved its key"
        time.sleep(0.005)


def test_replay_returns_the_saved_response(client: stripe.StripeClient, sim: StripeSimulator) -> None:
    first = client.v1.payment_intents.create(PI_PARAMS, {"idempotency_key": "order-1-pi"})  # type: ignore[arg-type]
    again = client.v1.payment_intents.create(PI_PARAMS, {"idempotency_key": "order-1-pi"})  # type: ignore[arg-type]
    assert again.id == first.id
    assert again.last_response is not None
    assert again.last_response.headers["Idempotent-Replayed"] == "true"
    assert first.last_response is not None and "Idempotent-Replayed" not in first.last_response.headers
    assert len(sim.ledger.payment_intents()) == 1
    log = [e for e in sim.ledger.request_log() if e.idempotency_key == "order-1-pi"]
    assert [e.replayed for e in log] == [False, True] and {e.status for e in log} == {200}


def test_confirmed_payment_replayed_charges_once(client: stripe.StripeClient, sim: StripeSimulator) -> None:
    params = {**PI_PARAMS, "payment_method": "pm_card_visa", "confirm": True}
    a = client.v1.payment_intents.create(params, {"idempotency_key": "k-confirm"})  # type: ignore[arg-type]
    b = client.v1.payment_intents.create(params, {"idempotency_key": "k-confirm"})  # type: ignore[arg-type]
    assert a.id == b.id and b.status == "succeeded"
    assert len(sim.ledger.charges_for_metadata("payment_id", "pay_42")) == 1
    assert sim.ledger.duplicates() == {}
    # A fresh key is a new payment: exactly what the till must never do on a retry.
    client.v1.payment_intents.create(params)  # type: ignore[arg-type]
    assert sim.ledger.duplicates() == {"pay_42": 2}


def test_declines_are_replayed_too(client: stripe.StripeClient, sim: StripeSimulator) -> None:
    params = {**PI_PARAMS, "payment_method": "pm_card_chargeDeclined", "confirm": True}
    errors = []
    for _ in range(2):
        with pytest.raises(stripe.CardError) as exc:
            client.v1.payment_intents.create(params, {"idempotency_key": "k-decline"})  # type: ignore[arg-type]
        errors.append(exc.value)
    assert errors[0].error is not None and errors[1].error is not None
    assert errors[0].error.payment_intent is not None and errors[1].error.payment_intent is not None
    assert errors[0].error.payment_intent.id == errors[1].error.payment_intent.id
    assert errors[1].headers is not None and errors[1].headers.get("Idempotent-Replayed") == "true"
    assert len(sim.ledger.payment_intents()) == 1


def test_same_key_different_params_is_an_idempotency_error(client: stripe.StripeClient) -> None:
    client.v1.payment_intents.create(PI_PARAMS, {"idempotency_key": "k-mismatch"})  # type: ignore[arg-type]
    with pytest.raises(stripe.IdempotencyError) as exc:
        client.v1.payment_intents.create(
            {**PI_PARAMS, "amount": 451},  # type: ignore[arg-type]
            {"idempotency_key": "k-mismatch"},
        )
    assert exc.value.http_status == 400 and exc.value.error is not None
    assert exc.value.error.type == "idempotency_error"
    # Another endpoint under the same key is a mismatch as well.
    with pytest.raises(stripe.IdempotencyError):
        client.v1.payment_methods.create(
            {"type": "card", "card": {"number": "4242424242424242", "exp_month": 1, "exp_year": 2031}},  # type: ignore[typeddict-item]
            {"idempotency_key": "k-mismatch"},
        )


def test_validation_failure_saves_nothing(client: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.payment_intents.create({"amount": 450}, {"idempotency_key": "k-invalid"})  # type: ignore[typeddict-item]
    ok = client.v1.payment_intents.create(PI_PARAMS, {"idempotency_key": "k-invalid"})  # type: ignore[arg-type]
    assert ok.status == "requires_payment_method"


def test_concurrent_request_with_the_same_key_gets_409(
    make_client: ClientFactory, sim: StripeSimulator
) -> None:
    sim.faults.latency(0.5, path_prefix="/v1/payment_intents")
    results: dict[str, object] = {}

    def first() -> None:
        results["first"] = make_client().v1.payment_intents.create(PI_PARAMS, {"idempotency_key": "k-busy"})  # type: ignore[arg-type]

    t = threading.Thread(target=first)
    t.start()
    _wait_for_key(sim, "k-busy")
    client = make_client()
    with pytest.raises(stripe.APIError) as exc:
        client.v1.payment_intents.create(PI_PARAMS, {"idempotency_key": "k-busy"})  # type: ignore[arg-type]
    t.join(5)
    assert exc.value.http_status == 409
    assert exc.value.error is not None and exc.value.error.code == "idempotency_key_in_use"
    assert exc.value.code is None  # SDK gotcha: APIError carries the code only in .error
    first_pi = results["first"]
    replay = client.v1.payment_intents.create(PI_PARAMS, {"idempotency_key": "k-busy"})  # type: ignore[arg-type]
    assert replay.id == first_pi.id  # type: ignore[attr-defined]
    assert len(sim.ledger.payment_intents()) == 1


def test_keys_are_pruned_after_24_hours(client: stripe.StripeClient, fake_clock: FakeClock) -> None:
    first = client.v1.payment_intents.create(PI_PARAMS, {"idempotency_key": "k-old"})  # type: ignore[arg-type]
    fake_clock.advance(23 * 3600)
    assert client.v1.payment_intents.create(PI_PARAMS, {"idempotency_key": "k-old"}).id == first.id  # type: ignore[arg-type]
    fake_clock.advance(3600)
    fresh = client.v1.payment_intents.create(PI_PARAMS, {"idempotency_key": "k-old"})  # type: ignore[arg-type]
    assert fresh.id != first.id
    fake_clock.advance(24 * 3600)
    other = client.v1.payment_intents.create({**PI_PARAMS, "amount": 999}, {"idempotency_key": "k-old"})  # type: ignore[arg-type]
    assert other.amount == 999


def test_saved_500_is_replayed(client: stripe.StripeClient, sim: StripeSimulator) -> None:
    sim.faults.api_error(500, path_prefix="/v1/payment_intents", saved=True)
    for _ in range(2):
        with pytest.raises(stripe.APIError) as exc:
            client.v1.payment_intents.create(PI_PARAMS, {"idempotency_key": "k-500"})  # type: ignore[arg-type]
        assert exc.value.http_status == 500
    assert exc.value.headers is not None and exc.value.headers.get("Idempotent-Replayed") == "true"
    assert sim.ledger.payment_intents() == []
    assert client.v1.payment_intents.create(PI_PARAMS, {"idempotency_key": "k-500b"}).status  # type: ignore[arg-type]


def test_unsaved_500_lets_the_same_key_execute(client: stripe.StripeClient, sim: StripeSimulator) -> None:
    sim.faults.api_error(503, path_prefix="/v1/payment_intents")
    with pytest.raises(stripe.APIError) as exc:
        client.v1.payment_intents.create(PI_PARAMS, {"idempotency_key": "k-503"})  # type: ignore[arg-type]
    assert exc.value.http_status == 503
    assert client.v1.payment_intents.create(PI_PARAMS, {"idempotency_key": "k-503"}).amount == 450  # type: ignore[arg-type]


def test_raw_replay_headers_and_key_length(sim: StripeSimulator) -> None:
    body = "amount=450&currency=usd&allowed_payment_method_types[0]=card_present"
    s1, h1, b1 = raw(sim, "POST", "/v1/payment_intents", body, {"Idempotency-Key": "raw-1"})
    s2, h2, b2 = raw(sim, "POST", "/v1/payment_intents", body, {"Idempotency-Key": "raw-1"})
    assert s1 == s2 == 200 and b1 == b2
    assert h2["idempotent-replayed"] == "true" and h2["original-request"] == h1["request-id"]
    assert h2["request-id"] != h1["request-id"]
    status, _, err = raw(sim, "POST", "/v1/payment_intents", body, {"Idempotency-Key": "x" * 256})
    assert status == 400 and err["error"]["type"] == "invalid_request_error"
    # GETs ignore idempotency keys.
    s3, h3, _ = raw(sim, "GET", f"/v1/payment_intents/{b1['id']}", None, {"Idempotency-Key": "raw-1"})
    assert s3 == 200 and "idempotent-replayed" not in h3
