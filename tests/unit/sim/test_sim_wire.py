"""Wire format, auth, the control API, the CLI, and card data hygiene."""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import logging
import threading

import pytest
import stripe

from dripos_terminal.sim.stripe import StripeSimulator
from dripos_terminal.sim.stripe.forms import parse_form
from dripos_terminal.sim.stripe_cli import register, run
from tests.unit.sim.sim_helpers import card_present_pi, raw


def test_parse_form_brackets() -> None:
    parsed = parse_form(
        "amount=450&metadata[order_id]=o%201&allowed_payment_method_types[0]=card_present"
        "&allowed_payment_method_types[1]=interac_present&process_config[tipping][amount_eligible]=400"
        "&expand[]=latest_charge&expand[]=payment_method&cart%5Bline_items%5D%5B0%5D%5Bamount%5D=5"
    )
    assert parsed == {
        "amount": "450",
        "metadata": {"order_id": "o 1"},
        "allowed_payment_method_types": ["card_present", "interac_present"],
        "process_config": {"tipping": {"amount_eligible": "400"}},
        "expand": ["latest_charge", "payment_method"],
        "cart": {"line_items": [{"amount": "5"}]},
    }


def test_auth(sim: StripeSimulator) -> None:
    bad = stripe.StripeClient("sk_test_wrong", base_addresses={"api": sim.base_url}, http_client=None)
    with pytest.raises(stripe.AuthenticationError) as exc:
        bad.v1.payment_intents.list()
    assert exc.value.http_status == 401
    status, _, body = raw(sim, "GET", "/v1/payment_intents", auth=False)
    assert status == 401 and body["error"]["type"] == "invalid_request_error"
    basic = base64.b64encode(f"{sim.api_key}:".encode()).decode()
    status, _, body = raw(
        sim, "GET", "/v1/payment_intents", auth=False, headers={"Authorization": f"Basic {basic}"}
    )
    assert status == 200 and body["object"] == "list"


def test_unknown_url_and_raw_form_post(sim: StripeSimulator) -> None:
    status, _, body = raw(sim, "GET", "/v1/nothing_here")
    assert status == 404 and "Unrecognized request URL" in body["error"]["message"]
    status, headers, pi = raw(
        sim,
        "POST",
        "/v1/payment_intents",
        "amount=450&currency=USD&allowed_payment_method_types%5B0%5D=card_present&metadata[order_id]=o1",
    )
    assert (
        status == 200
        and headers["content-type"] == "application/json"
        and headers["request-id"].startswith("req_")
    )
    assert pi["currency"] == "usd" and pi["metadata"] == {"order_id": "o1"}
    assert pi["allowed_payment_method_types"] == ["card_present"]


def test_error_json_shape_for_a_decline(sim: StripeSimulator) -> None:
    status, _, body = raw(
        sim,
        "POST",
        "/v1/payment_intents",
        "amount=500&currency=usd&payment_method=pm_card_chargeDeclined&confirm=true",
    )
    assert status == 402
    err = body["error"]
    assert (
        err["type"] == "card_error"
        and err["code"] == "card_declined"
        and err["decline_code"] == "generic_decline"
    )
    assert err["charge"].startswith("ch_") and err["payment_intent"]["status"] == "requires_payment_method"
    assert err["doc_url"].startswith("https://docs.stripe.com/error-codes/") and err["message"]


def test_control_api(sim: StripeSimulator) -> None:
    status, _, health = raw(sim, "GET", "/_sim/health", auth=False)
    assert status == 200 and health["ok"] and health["base_url"] == sim.base_url
    status, _, created = raw(sim, "POST", "/_sim/readers", auth=False, json_body={})
    assert created["reader"].startswith("tmr_") and created["location"].startswith("tml_")
    _, _, pi = raw(
        sim,
        "POST",
        "/v1/payment_intents",
        "amount=700&currency=usd&allowed_payment_method_types[0]=card_present&metadata[payment_id]=demo",
    )
    raw(
        sim,
        "POST",
        f"/v1/terminal/readers/{created['reader']}/process_payment_intent",
        f"payment_intent={pi['id']}",
    )
    status, _, reader = raw(sim, "POST", "/_sim/present", json_body={"amount_tip": 50})
    assert status == 200 and reader["action"]["status"] == "succeeded"
    status, _, ledger = raw(sim, "GET", "/_sim/ledger")
    assert [c["amount"] for c in ledger["charges"]] == [750] and ledger["charges"][0]["metadata"] == {
        "payment_id": "demo"
    }
    assert ledger["duplicates"] == {} and ledger["requests"][-1]["path"].endswith("/process_payment_intent")
    status, _, settings = raw(sim, "POST", "/_sim/settings", json_body={"processing_seconds": 1.5})
    assert settings["processing_seconds"] == 1.5 and sim.processing_seconds == 1.5
    status, _, _ = raw(sim, "POST", "/_sim/settings", json_body={"nope": 1})
    assert status == 400
    status, _, _ = raw(sim, "GET", "/_sim/nothing")
    assert status == 404


def test_no_card_number_or_cvc_is_kept(
    client: stripe.StripeClient, sim: StripeSimulator, reader: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    pans = ["4000000000009995", "5555555555554444", "4242424242424242", "4000000000000002"]
    cvc = "987"
    for pan in pans[:2]:
        pm = client.v1.payment_methods.create(
            {"type": "card", "card": {"number": pan, "exp_month": 12, "exp_year": 2031, "cvc": cvc}},  # type: ignore[typeddict-item]
            {"idempotency_key": f"pm-{pan[-4:]}"},
        )
        with contextlib.suppress(stripe.CardError):
            client.v1.payment_intents.create(
                {"amount": 500, "currency": "usd", "payment_method": pm.id, "confirm": True},
                {"idempotency_key": f"pi-{pan[-4:]}"},
            )
    for pan in pans[2:]:
        pi = card_present_pi(client)
        client.v1.terminal.readers.process_payment_intent(reader, {"payment_intent": pi.id})
        client.v1.test_helpers.terminal.readers.present_payment_method(
            reader, {"card_present": {"number": pan}}, {"idempotency_key": f"present-{pan[-4:]}"}
        )
    with pytest.raises(stripe.CardError):
        client.v1.payment_methods.create(
            {
                "type": "card",
                "card": {"number": "4242424242424241", "exp_month": 1, "exp_year": 2031, "cvc": cvc},
            }  # type: ignore[typeddict-item]
        )
    dumps = [
        repr(vars(sim.state)),
        repr(sim.api.idempotency.entries()),
        json.dumps(sim.ledger.to_json(), default=str),
        # The simulator's own logs. (The stripe SDK's DEBUG log prints post_data with the PAN and CVC:
        # the product must never run the "stripe" logger at DEBUG without redaction.)
        "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("dripos_terminal")),
    ]
    for text in dumps:
        for pan in [*pans, "4242424242424241"]:
            assert pan not in text

    def walk(node: object) -> None:
        if isinstance(node, dict):
            assert "cvc" not in node and "number" not in node
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        else:
            assert node != cvc

    for table in (sim.state.payment_methods, sim.state.payment_intents, sim.state.charges):
        walk(table)


def test_cli_register_and_run(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["sim", "--port", "0"])
    assert args.live is False and args.port == 0
    stop = threading.Event()
    stop.set()
    assert run(args, stop_event=stop) == 0
    out = capsys.readouterr().out
    assert "http://127.0.0.1:" in out and "sk_test_sim_" in out and "tmr_" in out
    live = parser.parse_args(["sim", "--port", "0", "--live"])
    assert run(live, stop_event=stop) == 0
    assert "sk_live_sim_" in capsys.readouterr().out


def test_start_stop_idempotent_and_context_manager() -> None:
    with StripeSimulator(rate_limit=0) as sim:
        assert sim.start() == sim.base_url
        status, _, body = raw(sim, "GET", "/_sim/health")
        assert status == 200 and body["livemode"] is False
    sim.stop()
