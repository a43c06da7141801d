"""Readers, locations, process_payment_intent, present_payment_method and cancel_action, through the SDK."""

from __future__ import annotations

import pytest
import stripe

from dripos_terminal.clock import FakeClock
from dripos_terminal.sim.stripe import StripeSimulator
from dripos_terminal.sim.stripe.errors import StripeError
from tests.unit.sim.sim_helpers import card_present_pi

DECLINES = [
    ("4000000000000002", "card_declined", "generic_decline"),
    ("4000000000009995", "card_declined", "insufficient_funds"),
    ("4000000000009987", "card_declined", "lost_card"),
    ("4000000000009979", "card_declined", "stolen_card"),
    ("4000000000000069", "expired_card", "expired_card"),
    ("4000000000000119", "processing_error", "processing_error"),
]
APPROVALS = [
    "4242424242424242",
    "4000056655665556",
    "5555555555554444",
    "378282246310005",
    "6011111111111117",
]


def test_register_location_and_readers(client: stripe.StripeClient) -> None:
    loc = client.v1.terminal.locations.create(
        {"display_name": "Main St", "address": {"line1": "1 Main", "city": "Austin", "country": "US"}}
    )
    assert loc.id.startswith("tml_") and loc.object == "terminal.location"
    assert loc.address.city == "Austin" and loc.address.line2 is None
    wpe = client.v1.terminal.readers.create(
        {"registration_code": "simulated-wpe", "location": loc.id, "label": "Till 1"}
    )
    s700 = client.v1.terminal.readers.create({"registration_code": "simulated-s700", "location": loc.id})
    assert wpe.id.startswith("tmr_") and wpe.object == "terminal.reader"
    assert wpe.device_type == "simulated_wisepos_e" and wpe.ip_address == "0.0.0.0"
    assert wpe.serial_number.startswith("simulated-wpe-")
    assert s700.device_type == "simulated_stripe_s700"
    assert wpe.status == "online" and wpe.action is None and wpe.location == loc.id and wpe.livemode is False
    listed = client.v1.terminal.readers.list({"location": loc.id})
    assert {r.id for r in listed.data} == {wpe.id, s700.id}
    assert client.v1.terminal.readers.retrieve(wpe.id).label == "Till 1"
    assert [x.id for x in client.v1.terminal.locations.list().data] == [loc.id]
    with pytest.raises(stripe.InvalidRequestError) as exc:
        client.v1.terminal.readers.create({"registration_code": "purple-cat-dog", "location": loc.id})
    assert exc.value.param == "registration_code" and exc.value.http_status == 400
    with pytest.raises(stripe.InvalidRequestError) as missing:
        client.v1.terminal.readers.retrieve("tmr_nope")
    assert missing.value.http_status == 404 and missing.value.code == "resource_missing"


def test_process_then_approved_card(client: stripe.StripeClient, reader: str) -> None:
    pi = card_present_pi(client, metadata={"payment_id": "pay_1"})
    assert pi.status == "requires_payment_method"
    r = client.v1.terminal.readers.process_payment_intent(
        reader, {"payment_intent": pi.id, "process_config": {"skip_tipping": True}}
    )
    assert r.action.type == "process_payment_intent" and r.action.status == "in_progress"
    assert r.action.process_payment_intent.payment_intent == pi.id
    assert r.action.process_payment_intent.process_config.skip_tipping is True
    r = client.v1.test_helpers.terminal.readers.present_payment_method(reader, {"amount_tip": 75})
    assert r.action.status == "succeeded" and r.action.failure_code is None
    done = client.v1.payment_intents.retrieve(pi.id)
    assert done.status == "succeeded" and done.amount == 450 and done.amount_received == 450  # skip_tipping
    charge = client.v1.charges.retrieve(done.latest_charge)
    assert charge.object == "charge" and charge.paid and charge.captured and charge.payment_intent == pi.id
    details = charge.payment_method_details
    assert details.type == "card_present" and details.card_present.last4 == "4242"
    assert charge.metadata["payment_id"] == "pay_1"


@pytest.mark.parametrize("number", APPROVALS)
def test_approved_test_cards_with_tip(
    client: stripe.StripeClient, reader: str, sim: StripeSimulator, number: str
) -> None:
    pi = card_present_pi(client, metadata={"payment_id": number})
    client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": pi.id})
    client.v1.test_helpers.terminal.readers.present_payment_method(
        reader, {"card_present": {"number": number}, "amount_tip": 100}
    )
    done = client.v1.payment_intents.retrieve(pi.id)
    assert done.status == "succeeded" and done.amount == 550
    assert done.amount_details.tip.amount == 100
    [charge] = sim.ledger.charges_for_metadata("payment_id", number)
    assert charge["amount"] == 550 and charge["amount_tip"] == 100 and charge["last4"] == number[-4:]


@pytest.mark.parametrize(("number", "code", "decline_code"), DECLINES)
def test_declining_test_cards(
    client: stripe.StripeClient, reader: str, sim: StripeSimulator, number: str, code: str, decline_code: str
) -> None:
    pi = card_present_pi(client)
    client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": pi.id})
    r = client.v1.test_helpers.terminal.readers.present_payment_method(
        reader, {"type": "card_present", "card_present": {"number": number}}
    )
    assert r.action.status == "failed"
    assert r.action.failure_code == code and r.action.failure_message
    assert r.action.api_error.type == "card_error"
    assert r.action.api_error.code == code and r.action.api_error.decline_code == decline_code
    after = client.v1.payment_intents.retrieve(pi.id)
    assert after.status == "requires_payment_method"
    assert after.last_payment_error.code == code and after.last_payment_error.decline_code == decline_code
    assert client.v1.charges.retrieve(after.latest_charge).status == "failed"
    assert sim.ledger.charges() == []
    # The same PaymentIntent can be retried with another card.
    client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": pi.id})
    client.v1.test_helpers.terminal.readers.present_payment_method(reader, {})
    assert client.v1.payment_intents.retrieve(pi.id).status == "succeeded"
    assert len(sim.ledger.charges()) == 1


def test_manual_capture_on_reader(client: stripe.StripeClient, reader: str) -> None:
    pi = card_present_pi(client, capture_method="manual")
    client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": pi.id})
    client.v1.test_helpers.terminal.readers.present_payment_method(reader, {})
    held = client.v1.payment_intents.retrieve(pi.id)
    assert held.status == "requires_capture" and held.amount_capturable == 450
    captured = client.v1.payment_intents.capture(pi.id, {"amount_to_capture": 400})
    assert captured.status == "succeeded" and captured.amount_received == 400


def test_reader_busy_while_in_progress_and_wrong_intent_state(
    client: stripe.StripeClient, reader: str
) -> None:
    pi1, pi2 = card_present_pi(client), card_present_pi(client)
    client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": pi1.id})
    with pytest.raises(stripe.InvalidRequestError) as busy:
        client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": pi2.id})
    assert busy.value.code == "terminal_reader_busy"
    client.v1.test_helpers.terminal.readers.present_payment_method(reader, {})
    with pytest.raises(stripe.InvalidRequestError) as state:
        client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": pi1.id})
    assert state.value.code == "intent_invalid_state"
    keyed_only = client.v1.payment_intents.create({"amount": 500, "currency": "usd"})
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": keyed_only.id})


def test_present_without_action_is_rejected(client: stripe.StripeClient, reader: str) -> None:
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.test_helpers.terminal.readers.present_payment_method(reader, {})


def test_cancel_action_before_presentation(
    client: stripe.StripeClient, reader: str, sim: StripeSimulator
) -> None:
    pi = card_present_pi(client)
    client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": pi.id})
    r = client.v1.terminal.readers.cancel_action(reader)
    assert r.action is None
    assert client.v1.payment_intents.retrieve(pi.id).status == "requires_payment_method"
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.test_helpers.terminal.readers.present_payment_method(reader, {})
    assert sim.ledger.charges() == []
    # The PaymentIntent can go to the reader again after the cancel.
    client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": pi.id})


def test_cancel_action_loses_the_race_once_the_card_is_processing(
    client: stripe.StripeClient, reader: str, sim: StripeSimulator, fake_clock: FakeClock
) -> None:
    sim.processing_seconds = 2.0
    pi = card_present_pi(client, metadata={"payment_id": "race"})
    client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": pi.id})
    r = client.v1.test_helpers.terminal.readers.present_payment_method(reader, {})
    assert r.action.status == "in_progress"
    assert client.v1.payment_intents.retrieve(pi.id).status == "processing"
    with pytest.raises(stripe.InvalidRequestError) as exc:
        client.v1.terminal.readers.cancel_action(reader)
    assert exc.value.code == "terminal_reader_busy"
    with pytest.raises(stripe.InvalidRequestError) as cancel_pi:
        client.v1.payment_intents.cancel(pi.id)
    assert cancel_pi.value.code == "payment_intent_unexpected_state"
    fake_clock.advance(2.0)
    assert client.v1.terminal.readers.retrieve(reader).action.status == "succeeded"
    assert client.v1.payment_intents.retrieve(pi.id).status == "succeeded"
    with pytest.raises(stripe.InvalidRequestError) as after:
        client.v1.terminal.readers.cancel_action(reader)
    assert after.value.code == "intent_invalid_state"
    assert len(sim.ledger.charges_for_metadata("payment_id", "race")) == 1


def test_cancel_after_decline_clears_the_action(client: stripe.StripeClient, reader: str) -> None:
    pi = card_present_pi(client)
    client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": pi.id})
    client.v1.test_helpers.terminal.readers.present_payment_method(
        reader, {"card_present": {"number": "4000000000000002"}}
    )
    assert client.v1.terminal.readers.cancel_action(reader).action is None


def test_cancel_payment_intent_clears_reader_action(client: stripe.StripeClient, reader: str) -> None:
    pi = card_present_pi(client)
    client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": pi.id})
    canceled = client.v1.payment_intents.cancel(pi.id, {"cancellation_reason": "abandoned"})
    assert canceled.status == "canceled" and canceled.cancellation_reason == "abandoned"
    assert client.v1.terminal.readers.retrieve(reader).action is None


def test_set_reader_display_cart(client: stripe.StripeClient, reader: str) -> None:
    r = client.v1.terminal.readers.set_reader_display(
        reader,
        {
            "type": "cart",
            "cart": {
                "currency": "usd",
                "line_items": [
                    {"amount": 450, "description": "Latte", "quantity": 1},
                    {"amount": 300, "description": "Croissant", "quantity": 2},
                ],
                "tax": 84,
                "total": 1134,
            },
        },
    )
    assert r.action.type == "set_reader_display" and r.action.status == "succeeded"
    cart = r.action.set_reader_display.cart
    assert (
        cart.total == 1134
        and cart.line_items[1].description == "Croissant"
        and cart.line_items[1].quantity == 2
    )
    # A payment can follow the cart display.
    pi = card_present_pi(client, amount=1134)
    client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": pi.id})


def test_sim_present_convenience(client: stripe.StripeClient, reader: str, sim: StripeSimulator) -> None:
    pi = card_present_pi(client)
    client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": pi.id})
    out = sim.present(number="4000000000009995")
    assert out["action"]["status"] == "failed" and out["action"]["failure_code"] == "card_declined"


def test_customer_cancel_on_the_reader(
    client: stripe.StripeClient, reader: str, sim: StripeSimulator
) -> None:
    pi = card_present_pi(client)
    client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": pi.id})
    out = sim.customer_cancel()
    assert out["action"]["status"] == "failed" and out["action"]["failure_code"] == "customer_canceled"
    r = client.v1.terminal.readers.retrieve(reader)
    assert r.action.api_error is None and r.action.failure_message
    assert client.v1.payment_intents.retrieve(pi.id).status == "requires_payment_method"
    with pytest.raises(StripeError):  # the Python API raises the simulator's own error type
        sim.customer_cancel(reader)
