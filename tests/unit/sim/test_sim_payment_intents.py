"""PaymentIntents and PaymentMethods for keyed (manual entry) cards, lists, search and refunds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import stripe

from dripos_terminal.clock import FakeClock
from dripos_terminal.sim.stripe import StripeSimulator
from tests.unit.sim.sim_helpers import card_present_pi


def _keyed_pm(
    client: stripe.StripeClient, number: str = "4242424242424242", **card: object
) -> stripe.PaymentMethod:
    params = {"number": number, "exp_month": 12, "exp_year": 2030, "cvc": "123", **card}
    return client.v1.payment_methods.create(
        {"type": "card", "card": params, "billing_details": {"address": {"postal_code": "97205"}}}  # type: ignore[typeddict-item]
    )


def test_create_card_present_intent_shape(client: stripe.StripeClient, fake_clock: FakeClock) -> None:
    pi = card_present_pi(client, metadata={"payment_id": "p-1", "till": "t1"}, description="Latte")
    assert pi.id.startswith("pi_") and pi.object == "payment_intent"
    assert pi.allowed_payment_method_types == ["card_present"] and pi.payment_method_types == ["card_present"]
    assert pi.amount == 450 and pi.currency == "usd" and pi.livemode is False
    assert pi.created == int(fake_clock.now().timestamp())
    assert pi.client_secret.startswith(pi.id + "_secret_")
    assert pi.metadata["payment_id"] == "p-1" and pi.description == "Latte"
    assert pi.status == "requires_payment_method" and pi.latest_charge is None


def test_payment_method_types_is_rejected(client: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError) as exc:
        client.v1.payment_intents.create(
            {"amount": 450, "currency": "usd", "payment_method_types": ["card_present"]}  # type: ignore[typeddict-unknown-key]
        )
    assert exc.value.http_status == 400
    assert exc.value.code == "payment_method_types_no_longer_supported"
    assert exc.value.param == "payment_method_types"


@pytest.mark.parametrize(
    ("params", "code", "param"),
    [
        ({"currency": "usd"}, "parameter_missing", "amount"),
        ({"amount": 450}, "parameter_missing", "currency"),
        ({"amount": 10, "currency": "usd"}, "amount_too_small", "amount"),
        ({"amount": 450, "currency": "usd", "bogus": "1"}, "parameter_unknown", "bogus"),
        (
            {"amount": 450, "currency": "usd", "capture_method": "later"},
            "parameter_invalid_string",
            "capture_method",
        ),
    ],
)
def test_create_validation(
    client: stripe.StripeClient, params: dict[str, object], code: str, param: str
) -> None:
    with pytest.raises(stripe.InvalidRequestError) as exc:
        client.v1.payment_intents.create(params)  # type: ignore[arg-type]
    assert exc.value.code == code and exc.value.param == param


def test_keyed_card_approved(client: stripe.StripeClient, sim: StripeSimulator) -> None:
    pm = _keyed_pm(client)
    assert pm.id.startswith("pm_") and pm.type == "card"
    assert pm.card.last4 == "4242" and pm.card.brand == "visa" and pm.card.exp_year == 2030
    assert pm.card.fingerprint and pm.billing_details.address.postal_code == "97205"
    pi = client.v1.payment_intents.create(
        {
            "amount": 1250,
            "currency": "usd",
            "allowed_payment_method_types": ["card"],
            "payment_method": pm.id,
            "confirm": True,
            "metadata": {"payment_id": "manual-1"},
        }
    )
    assert pi.status == "succeeded" and pi.amount_received == 1250 and pi.payment_method == pm.id
    [charge] = sim.ledger.charges_for_metadata("payment_id", "manual-1")
    assert charge["payment_method_type"] == "card" and charge["amount"] == 1250


@pytest.mark.parametrize(
    ("number", "code", "decline_code"),
    [
        ("4000000000000002", "card_declined", "generic_decline"),
        ("4000000000009995", "card_declined", "insufficient_funds"),
        ("4000000000000069", "expired_card", "expired_card"),
        ("4000000000000127", "incorrect_cvc", "incorrect_cvc"),
    ],
)
def test_keyed_card_declined(
    client: stripe.StripeClient, sim: StripeSimulator, number: str, code: str, decline_code: str
) -> None:
    pm = _keyed_pm(client, number)
    with pytest.raises(stripe.CardError) as exc:
        client.v1.payment_intents.create(
            {"amount": 900, "currency": "usd", "payment_method": pm.id, "confirm": True}
        )
    err = exc.value
    assert err.http_status == 402 and err.code == code
    assert err.error is not None and err.error.decline_code == decline_code
    assert err.error.payment_intent is not None
    pi_id = err.error.payment_intent.id
    pi = client.v1.payment_intents.retrieve(pi_id)
    assert pi.status == "requires_payment_method" and pi.last_payment_error.decline_code == decline_code
    assert sim.ledger.charges() == []
    # Retry the same PaymentIntent with a good card through /confirm.
    good = _keyed_pm(client)
    assert client.v1.payment_intents.confirm(pi_id, {"payment_method": good.id}).status == "succeeded"


@pytest.mark.parametrize(
    ("card", "code", "param"),
    [
        ({"number": "4242424242424241"}, "incorrect_number", "card[number]"),
        ({"number": "42424242"}, "invalid_number", "card[number]"),
        ({"exp_year": 2020}, "invalid_expiry_year", "card[exp_year]"),
        ({"exp_month": 13}, "invalid_expiry_month", "card[exp_month]"),
        ({"exp_month": 2, "exp_year": 2026}, "invalid_expiry_month", "card[exp_month]"),
        ({"cvc": "12"}, "invalid_cvc", "card[cvc]"),
    ],
)
def test_keyed_card_validation(
    client: stripe.StripeClient, card: dict[str, object], code: str, param: str
) -> None:
    params: dict[str, object] = {
        "number": "4242424242424242",
        "exp_month": 12,
        "exp_year": 2030,
        "cvc": "123",
    }
    params.update(card)
    with pytest.raises(stripe.CardError) as exc:
        client.v1.payment_methods.create({"type": "card", "card": params})  # type: ignore[typeddict-item]
    assert exc.value.code == code and exc.value.param == param
    assert "4242424242424241" not in str(exc.value.json_body)


def test_test_payment_method_ids(client: stripe.StripeClient) -> None:
    ok = client.v1.payment_intents.create(
        {"amount": 500, "currency": "usd", "payment_method": "pm_card_visa", "confirm": True}
    )
    assert ok.status == "succeeded"
    with pytest.raises(stripe.CardError) as exc:
        client.v1.payment_intents.create(
            {
                "amount": 500,
                "currency": "usd",
                "payment_method": "pm_card_chargeDeclinedInsufficientFunds",
                "confirm": True,
            }
        )
    assert exc.value.error is not None and exc.value.error.decline_code == "insufficient_funds"


def test_expand_latest_charge_and_payment_method(client: stripe.StripeClient) -> None:
    pi = client.v1.payment_intents.create(
        {"amount": 500, "currency": "usd", "payment_method": "pm_card_visa", "confirm": True}
    )
    plain = client.v1.payment_intents.retrieve(pi.id)
    assert isinstance(plain.latest_charge, str) and isinstance(plain.payment_method, str)
    full = client.v1.payment_intents.retrieve(pi.id, {"expand": ["latest_charge", "payment_method"]})
    charge, method = full.latest_charge, full.payment_method
    assert not isinstance(charge, str) and charge is not None and charge.id == plain.latest_charge
    assert charge.amount == 500 and charge.payment_method_details.card.last4 == "4242"  # type: ignore[union-attr]
    assert not isinstance(method, str) and method is not None and method.id == plain.payment_method
    unpaid = client.v1.payment_intents.create({"amount": 500, "currency": "usd"})
    assert client.v1.payment_intents.retrieve(unpaid.id, {"expand": ["latest_charge"]}).latest_charge is None


def test_confirm_capture_cancel_and_update(client: stripe.StripeClient) -> None:
    pi = client.v1.payment_intents.create({"amount": 800, "currency": "usd", "capture_method": "manual"})
    pi = client.v1.payment_intents.update(pi.id, {"metadata": {"payment_id": "u1"}, "amount": 900})
    assert pi.amount == 900 and pi.metadata["payment_id"] == "u1"
    pi = client.v1.payment_intents.confirm(pi.id, {"payment_method": "pm_card_visa"})
    assert pi.status == "requires_capture" and pi.amount_capturable == 900
    with pytest.raises(stripe.InvalidRequestError) as too_much:
        client.v1.payment_intents.capture(pi.id, {"amount_to_capture": 1000})
    assert too_much.value.code == "amount_too_large"
    assert client.v1.payment_intents.capture(pi.id).status == "succeeded"
    with pytest.raises(stripe.InvalidRequestError) as exc:
        client.v1.payment_intents.cancel(pi.id)
    assert exc.value.code == "payment_intent_unexpected_state"
    held = client.v1.payment_intents.create(
        {
            "amount": 800,
            "currency": "usd",
            "capture_method": "manual",
            "payment_method": "pm_card_visa",
            "confirm": True,
        }
    )
    released = client.v1.payment_intents.cancel(held.id)
    assert released.status == "canceled" and released.canceled_at is not None
    assert client.v1.charges.retrieve(released.latest_charge).refunded is True


def test_list_with_limit_pagination_and_created(client: stripe.StripeClient, fake_clock: FakeClock) -> None:
    ids = []
    for _ in range(5):
        ids.append(card_present_pi(client).id)
        fake_clock.advance(10)
    page = client.v1.payment_intents.list({"limit": 2})
    assert [p.id for p in page.data] == ids[::-1][:2] and page.has_more
    nxt = client.v1.payment_intents.list({"limit": 2, "starting_after": page.data[-1].id})
    assert [p.id for p in nxt.data] == ids[::-1][2:4]
    start = int(datetime(2026, 3, 31, 17, 47, tzinfo=UTC).timestamp())
    recent = client.v1.payment_intents.list({"created": {"gte": start + 20}})
    assert {p.id for p in recent.data} == set(ids[2:])
    assert len(list(client.v1.payment_intents.list({"limit": 2}).auto_paging_iter())) == 5


def test_search_by_metadata(client: stripe.StripeClient, sim: StripeSimulator, fake_clock: FakeClock) -> None:
    a = card_present_pi(client, metadata={"payment_id": "A"})
    card_present_pi(client, metadata={"payment_id": "B"})
    a2 = card_present_pi(client, metadata={"payment_id": "A"})
    found = client.v1.payment_intents.search({"query": "metadata['payment_id']:'A'"})
    assert found.object == "search_result" and {p.id for p in found.data} == {a.id, a2.id}
    none = client.v1.payment_intents.search({"query": "metadata['payment_id']:'Z'"})
    assert none.data == [] and none.has_more is False
    both = client.v1.payment_intents.search(
        {"query": "metadata['payment_id']:'A' AND status:'requires_payment_method' AND amount>=450"}
    )
    assert len(both.data) == 2
    paged = client.v1.payment_intents.search({"query": "amount:450", "limit": 2})
    assert paged.has_more and paged.next_page
    rest = client.v1.payment_intents.search({"query": "amount:450", "limit": 2, "page": paged.next_page})
    assert len(rest.data) == 1
    with pytest.raises(stripe.InvalidRequestError) as bad:
        client.v1.payment_intents.search({"query": "metadata['payment_id']='A'"})
    assert bad.value.param == "query"
    # Search lags behind writes when configured, as Stripe's does ("under a minute").
    sim.state.search_lag_seconds = 30
    late = card_present_pi(client, metadata={"payment_id": "LATE"})
    assert client.v1.payment_intents.search({"query": "metadata['payment_id']:'LATE'"}).data == []
    fake_clock.advance(31)
    assert [
        p.id for p in client.v1.payment_intents.search({"query": "metadata['payment_id']:'LATE'"}).data
    ] == [late.id]


def test_search_lag_shows_the_old_version_of_a_changed_object(
    client: stripe.StripeClient, sim: StripeSimulator, fake_clock: FakeClock
) -> None:
    """Like Stripe's index: a change reaches search after the lag; until then search keeps the old
    version (an object never vanishes from search because it changed)."""
    pi = card_present_pi(client, metadata={"payment_id": "P"})
    sim.state.search_lag_seconds = 60
    client.v1.payment_intents.cancel(pi.id)
    query = {"query": "metadata['payment_id']:'P'"}
    [stale] = client.v1.payment_intents.search(query).data
    assert stale.id == pi.id and stale.status == "requires_payment_method"
    assert client.v1.payment_intents.retrieve(pi.id).status == "canceled"  # reads are never stale
    fake_clock.advance(59)
    assert client.v1.payment_intents.search(query).data[0].status == "requires_payment_method"
    fake_clock.advance(2)
    assert client.v1.payment_intents.search(query).data[0].status == "canceled"


def test_search_pages_see_every_match_once_while_new_ones_are_indexed(
    client: stripe.StripeClient, sim: StripeSimulator
) -> None:
    made = [card_present_pi(client, metadata={"payment_id": "MANY"}).id for _ in range(7)]
    query = "metadata['payment_id']:'MANY'"
    seen: list[str] = []
    page = client.v1.payment_intents.search({"query": query, "limit": 3})
    while True:
        seen += [p.id for p in page.data]
        made.append(card_present_pi(client, metadata={"payment_id": "MANY"}).id)  # newer: page 1 moved
        if not page.has_more:
            break
        page = client.v1.payment_intents.search({"query": query, "limit": 3, "page": page.next_page})
    assert seen == made[:7][::-1]  # newest first, each exactly once
    with pytest.raises(stripe.InvalidRequestError) as bad:
        client.v1.payment_intents.search({"query": query, "page": "page_not-a-cursor"})
    assert bad.value.param == "page"


def test_list_walks_past_the_newest_hundred(client: stripe.StripeClient, fake_clock: FakeClock) -> None:
    old = card_present_pi(client, metadata={"payment_id": "OLD"})
    fake_clock.advance(60)
    for _ in range(120):
        card_present_pi(client)
    first = client.v1.payment_intents.list({"limit": 100})
    assert first.has_more and old.id not in {p.id for p in first.data}
    walked = [p.id for p in client.v1.payment_intents.list({"limit": 100}).auto_paging_iter()]
    assert len(walked) == 121 and walked[-1] == old.id and len(set(walked)) == 121
    window = client.v1.payment_intents.list({"created": {"lte": old.created}, "limit": 100})
    assert [p.id for p in window.data] == [old.id]


def test_refunds(client: stripe.StripeClient, sim: StripeSimulator) -> None:
    pi = client.v1.payment_intents.create(
        {"amount": 1000, "currency": "usd", "payment_method": "pm_card_visa", "confirm": True}
    )
    r1 = client.v1.refunds.create({"payment_intent": pi.id, "amount": 400})
    assert r1.id.startswith("re_") and r1.object == "refund" and r1.status == "succeeded"
    assert r1.charge == pi.latest_charge and r1.payment_intent == pi.id
    with pytest.raises(stripe.InvalidRequestError) as exc:
        client.v1.refunds.create({"payment_intent": pi.id, "amount": 700})
    assert exc.value.code == "amount_too_large"
    r2 = client.v1.refunds.create({"charge": pi.latest_charge})
    assert r2.amount == 600
    assert client.v1.charges.retrieve(pi.latest_charge).refunded is True
    with pytest.raises(stripe.InvalidRequestError) as again:
        client.v1.refunds.create({"payment_intent": pi.id})
    assert again.value.code == "charge_already_refunded"
    assert {r.id for r in client.v1.refunds.list({"payment_intent": pi.id}).data} == {r1.id, r2.id}
    assert client.v1.refunds.retrieve(r1.id).amount == 400
    assert [r["id"] for r in sim.ledger.refunds()] == [r1.id, r2.id]
    unpaid = client.v1.payment_intents.create({"amount": 1000, "currency": "usd"})
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.refunds.create({"payment_intent": unpaid.id})


def test_refund_fail_card_turns_failed_later(
    client: stripe.StripeClient, reader: str, fake_clock: FakeClock
) -> None:
    pi = card_present_pi(client)
    client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": pi.id})
    client.v1.test_helpers.terminal.readers.present_payment_method(
        reader, {"card_present": {"number": "4000000000005126"}}
    )
    refund = client.v1.refunds.create({"payment_intent": pi.id})
    assert refund.status == "succeeded"
    fake_clock.advance(2)
    later = client.v1.refunds.retrieve(refund.id)
    assert later.status == "failed" and later.failure_reason
    assert client.v1.charges.retrieve(refund.charge).amount_refunded == 0
