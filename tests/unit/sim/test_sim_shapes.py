"""The simulator answers with Stripe's shapes: every field of Stripe's own fixture object (kept in
tests/fixtures/stripe/, see SOURCES.md) is present in what the simulator returns for that object type,
and nested objects carry Stripe's fields too. Values differ (Stripe's are placeholders); shapes must not,
or code written against the simulator would break on Stripe."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import stripe

from dripos_terminal.sim.stripe import StripeSimulator

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "stripe"
# Fields Stripe's fixtures show that an API response does not carry unless asked for.
NOT_RETURNED = {
    "charge": {"refunds"},  # an expandable list, not included by default since API 2022-11-15
}
USER_DATA = {"metadata"}  # the fixture's keys there are placeholders, not part of the shape


def missing_fields(want: Any, got: Any, path: str, depth: int = 3) -> list[str]:
    if not (isinstance(want, dict) and isinstance(got, dict)) or depth == 0:
        return []
    out: list[str] = []
    for key, value in want.items():
        if key in USER_DATA:
            continue
        if key not in got:
            out.append(f"{path}.{key}")
        else:
            out += missing_fields(value, got[key], f"{path}.{key}", depth - 1)
    return out


def _objects(sim: StripeSimulator, client: stripe.StripeClient, reader: str) -> dict[str, dict[str, Any]]:
    location = client.v1.terminal.locations.create(
        {
            "display_name": "Shop",
            "address": {"line1": "1 Main St", "city": "Portland", "country": "US", "postal_code": "97205"},
        }
    )
    pm = client.v1.payment_methods.create(
        {"type": "card", "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2031}}  # type: ignore[typeddict-item]
    )
    pi = client.v1.payment_intents.create(
        {
            "amount": 450,
            "currency": "usd",
            "payment_method": pm.id,
            "confirm": True,
            "allowed_payment_method_types": ["card"],  # type: ignore[typeddict-unknown-key]
        }
    )
    charge = client.v1.charges.retrieve(str(pi.latest_charge))
    refund = client.v1.refunds.create({"payment_intent": pi.id})
    return {
        "terminal_location": location.to_dict(),
        "terminal_reader": client.v1.terminal.readers.retrieve(reader).to_dict(),
        "payment_method": pm.to_dict(),
        "payment_intent": client.v1.payment_intents.retrieve(pi.id).to_dict(),
        "charge": charge.to_dict(),
        "refund": refund.to_dict(),
    }


def test_every_fixture_is_checked() -> None:
    names = {p.stem for p in FIXTURES.glob("*.json")}
    assert names == {
        "terminal_location",
        "terminal_reader",
        "payment_method",
        "payment_intent",
        "charge",
        "refund",
    }


@pytest.fixture
def objects(sim: StripeSimulator, client: stripe.StripeClient, reader: str) -> dict[str, dict[str, Any]]:
    return _objects(sim, client, reader)


@pytest.mark.parametrize(
    "name", ["terminal_location", "terminal_reader", "payment_method", "payment_intent", "charge", "refund"]
)
def test_simulated_object_has_stripes_fields(name: str, objects: dict[str, dict[str, Any]]) -> None:
    want = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    got = objects[name]
    assert got["object"] == want["object"]
    missing = [
        m for m in missing_fields(want, got, name) if m.split(".")[1] not in NOT_RETURNED.get(name, ())
    ]
    assert missing == []


def test_the_shape_check_sees_a_missing_nested_field() -> None:
    want = {"a": 1, "b": {"c": 2, "d": {"e": 3}}, "metadata": {"order_id": "x"}}
    assert missing_fields(want, {"a": 0, "b": {"c": 0, "d": {}}, "metadata": {}}, "o") == ["o.b.d.e"]
