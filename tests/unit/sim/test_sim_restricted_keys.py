"""Restricted keys on the simulator: allowed calls succeed, anything else is Stripe's 403 for a key
without the permission (through the real SDK as `stripe.PermissionError`), and nothing runs."""

from __future__ import annotations

import pytest
import stripe

from dripos_terminal.sim.stripe import StripeSimulator
from tests.unit.sim.sim_helpers import ClientFactory, raw


def test_a_key_without_terminal_is_refused_with_stripes_403(
    sim: StripeSimulator, make_client: ClientFactory
) -> None:
    key = sim.restricted_key("payment_intent_write")
    client = make_client(api_key=key)
    with pytest.raises(stripe.PermissionError) as refused:
        client.v1.terminal.locations.list()
    error = refused.value
    assert error.http_status == 403 and error.error is not None
    assert error.error.type == "invalid_request_error"
    message = error.error.message or ""
    assert "does not have the required permissions for this endpoint" in message
    assert "'rak_terminal_location_read' permission" in message
    assert key not in message and f"'rk_test_{'*' * (len(key) - 12)}{key[-4:]}'" in message  # masked
    assert sim.ledger.request_log()[-1].status == 403

    # What it may do, it does: PaymentIntents write includes read.
    created = client.v1.payment_intents.create(
        {"amount": 450, "currency": "usd", "allowed_payment_method_types": ["card_present"]}
    )
    assert client.v1.payment_intents.retrieve(created.id).amount == 450


def test_a_refused_write_changes_nothing_and_is_not_saved_for_replay(sim: StripeSimulator) -> None:
    key = sim.restricted_key("terminal_location_read", "terminal_reader_read")
    location, _reader = sim.register_demo_reader()
    auth = {"Authorization": f"Bearer {key}", "Idempotency-Key": "register-1"}
    body = f"registration_code=simulated-wpe&label=Till&location={location}"
    status, _, answer = raw(sim, "POST", "/v1/terminal/readers", body, auth, auth=False)
    assert status == 403 and "'rak_terminal_reader_write'" in answer["error"]["message"]
    with sim.state.lock:
        assert len(sim.state.readers) == 1  # only the demo reader
    status, _, readers = raw(sim, "GET", "/v1/terminal/readers", headers=auth, auth=False)
    assert status == 200 and len(readers["data"]) == 1
    # The same idempotency key with the full secret key runs the request: no 403 was saved for it.
    status, _, reader = raw(sim, "POST", "/v1/terminal/readers", body, {"Idempotency-Key": "register-1"})
    assert status == 200 and reader["label"] == "Till"


def test_the_secret_key_and_unknown_keys_are_unchanged(
    sim: StripeSimulator, make_client: ClientFactory
) -> None:
    sim.restricted_key("charge_read")
    assert make_client().v1.terminal.locations.list().data == []  # the secret key: everything
    with pytest.raises(stripe.AuthenticationError):
        make_client(api_key="rk_test_sim_not_issued_by_this_account").v1.charges.list()
    with pytest.raises(ValueError, match="unknown permission 'terminal_write'"):
        sim.restricted_key("terminal_write")
    status, _, made = raw(sim, "POST", "/_sim/restricted_keys", json_body={"permissions": ["refund_read"]})
    assert status == 200 and made["key"].startswith("rk_test_sim_")
    status, _, refused = raw(
        sim, "GET", "/v1/charges", headers={"Authorization": f"Bearer {made['key']}"}, auth=False
    )
    assert status == 403 and "'rak_charge_read'" in refused["error"]["message"]
