"""Terminal: locations, readers, server-driven actions and the present_payment_method test helper.

Every function runs with `st.lock` held. Reader faults (offline, busy, timeout) are consulted here.
"""

from __future__ import annotations

from typing import Any

from dripos_terminal.sim.stripe import objects
from dripos_terminal.sim.stripe.cards import present_card_facts
from dripos_terminal.sim.stripe.errors import StripeError, invalid, not_found, state_error
from dripos_terminal.sim.stripe.faults import FaultInjector
from dripos_terminal.sim.stripe.forms import (
    Params,
    check_known,
    get_bool,
    get_dict,
    get_int,
    get_list,
    get_metadata,
    get_str,
    merge_metadata,
)
from dripos_terminal.sim.stripe.listing import paginate
from dripos_terminal.sim.stripe.payments import attempt_payment, store_present_pm
from dripos_terminal.sim.stripe.state import Obj, PendingPresentation, SimState, snapshot

REGISTRATION_CODES = {
    "simulated-wpe": ("simulated_wisepos_e", "simulated-wpe"),
    "simulated-s700": ("simulated_stripe_s700", "simulated-s700"),
}


def _reader_error(code: str, message: str) -> StripeError:
    return StripeError(400, "invalid_request_error", message, code=code)


# -- locations -----------------------------------------------------------------------------------


def create_location(st: SimState, params: Params) -> Obj:
    check_known(params, {"display_name", "address", "metadata", "configuration_overrides"})
    name = get_str(params, "display_name", required=True)
    address = get_dict(params, "address")
    if not address.get("country"):
        raise invalid(
            "Missing required param: address[country].", param="address[country]", code="parameter_missing"
        )
    loc_id = st.new_id("tml")
    assert name is not None
    loc = objects.location(
        loc_id, display_name=name, address=address, metadata=get_metadata(params) or {}, livemode=st.livemode
    )
    st.locations[loc_id] = loc
    return loc


def retrieve_location(st: SimState, _params: Params, loc_id: str) -> Obj:
    return st.get(st.locations, "terminal.location", loc_id)


def list_locations(st: SimState, params: Params) -> Obj:
    check_known(params, {"limit", "starting_after", "ending_before"})
    return paginate(st.locations.values(), params, url="/v1/terminal/locations")


# -- readers -------------------------------------------------------------------------------------


def create_reader(st: SimState, params: Params) -> Obj:
    check_known(params, {"registration_code", "label", "location", "metadata"})
    code = get_str(params, "registration_code", required=True)
    assert code is not None
    if code not in REGISTRATION_CODES:
        raise invalid(
            "The registration code is invalid or expired (the simulator accepts simulated-wpe "
            "and simulated-s700).",
            param="registration_code",
        )
    loc_id = get_str(params, "location")
    if loc_id is not None and loc_id not in st.locations:
        raise not_found("terminal.location", loc_id, param="location")
    device_type, serial_prefix = REGISTRATION_CODES[code]
    reader_id = st.new_id("tmr")
    reader = objects.reader(
        reader_id,
        device_type=device_type,
        label=get_str(params, "label") or device_type.replace("_", " ").title(),
        location_id=loc_id,
        serial=f"{serial_prefix}-{st.random_token(12).lower()}",
        metadata=get_metadata(params) or {},
        livemode=st.livemode,
    )
    st.readers[reader_id] = reader
    return reader


def render_reader(st: SimState, faults: FaultInjector, reader: Obj) -> Obj:
    out = snapshot(reader)
    out["status"] = "offline" if faults.peek("reader_offline", reader_id=reader["id"]) else "online"
    if out["status"] == "online":
        out["last_seen_at"] = int(st.clock.now().timestamp() * 1000)
    return out


def retrieve_reader(st: SimState, _params: Params, reader_id: str) -> Obj:
    return st.reader(reader_id)


def update_reader(st: SimState, params: Params, reader_id: str) -> Obj:
    check_known(params, {"label", "metadata"})
    reader = st.reader(reader_id)
    label = get_str(params, "label")
    if label is not None:
        reader["label"] = label
    reader["metadata"] = merge_metadata(reader["metadata"], get_metadata(params))
    return reader


def list_readers(st: SimState, params: Params) -> Obj:
    check_known(
        params,
        {"limit", "starting_after", "ending_before", "location", "status", "device_type", "serial_number"},
    )
    filters = {k: get_str(params, k) for k in ("location", "device_type", "serial_number")}

    def keep(r: Obj) -> bool:
        return all(v is None or r.get(k) == v for k, v in filters.items())

    return paginate(st.readers.values(), params, url="/v1/terminal/readers", extra=keep)


def _check_reachable(st: SimState, faults: FaultInjector, reader_id: str, action: str) -> None:
    # The action's path lets a test aim a reader fault at one call (e.g. only process_payment_intent).
    path = f"/v1/terminal/readers/{reader_id}/{action}"
    if faults.take("reader_offline", path=path, reader_id=reader_id):
        raise _reader_error(
            "terminal_reader_offline",
            "Reader is currently offline, please ensure the reader is powered on and connected to the "
            "internet before retrying your request.",
        )
    if faults.take("reader_busy", path=path, reader_id=reader_id):
        raise _reader_error(
            "terminal_reader_busy", "Reader is currently busy processing another request. Please retry later."
        )


def _busy(reader: Obj) -> bool:
    action = reader.get("action")
    return bool(action and action["status"] == "in_progress")


def process_payment_intent(st: SimState, faults: FaultInjector, params: Params, reader_id: str) -> Obj:
    check_known(params, {"payment_intent", "process_config"})
    reader = st.reader(reader_id)
    pi_id = get_str(params, "payment_intent", required=True)
    pi = st.pi(pi_id, param="payment_intent")
    config_in = get_dict(params, "process_config")
    config: dict[str, Any] = {}
    for key in ("skip_tipping", "enable_customer_cancellation"):
        if key in config_in:
            config[key] = get_bool(config_in, key)
    tipping = get_dict(config_in, "tipping")
    if tipping:
        config["tipping"] = {"amount_eligible": get_int(tipping, "amount_eligible", minimum=0)}
    _check_reachable(st, faults, reader_id, "process_payment_intent")
    if _busy(reader):
        raise _reader_error(
            "terminal_reader_busy", "Reader is currently busy processing another request. Please retry later."
        )
    if pi["status"] not in ("requires_payment_method", "requires_confirmation"):
        raise state_error(
            f"This PaymentIntent has a status of {pi['status']} and cannot be processed.",
            code="intent_invalid_state",
            param="payment_intent",
        )
    if (
        "card_present" not in pi["allowed_payment_method_types"]
        and "interac_present" not in pi["allowed_payment_method_types"]
    ):
        raise state_error(
            "This PaymentIntent does not allow card_present in allowed_payment_method_types.",
            code="intent_invalid_state",
            param="payment_intent",
        )
    reader["action"] = {
        "type": "process_payment_intent",
        "status": "in_progress",
        "failure_code": None,
        "failure_message": None,
        "api_error": None,
        "process_payment_intent": {"payment_intent": pi_id, "process_config": config},
    }
    timeout = faults.take(
        "reader_timeout", path=f"/v1/terminal/readers/{reader_id}/process_payment_intent", reader_id=reader_id
    )
    if timeout is not None:
        number = timeout.params.get("present_number")
        if number:
            present(st, {"card_present": {"number": number}}, reader_id)
        raise _reader_error(
            "terminal_reader_timeout",
            "There was a timeout when sending this command to the reader. The outcome is unknown: "
            "retrieve the PaymentIntent before retrying.",
        )
    return reader


def cancel_action(st: SimState, faults: FaultInjector, params: Params, reader_id: str) -> Obj:
    check_known(params, set())
    reader = st.reader(reader_id)
    _check_reachable(st, faults, reader_id, "cancel_action")
    if st.runtime(reader_id).pending is not None:
        raise _reader_error(
            "terminal_reader_busy",
            "The reader is processing a payment that was already presented; it cannot be canceled. "
            "Retrieve the PaymentIntent for the outcome.",
        )
    action = reader.get("action")
    if action and action["type"] == "process_payment_intent" and action["status"] == "succeeded":
        pi_id = action["process_payment_intent"]["payment_intent"]
        status = st.payment_intents[pi_id]["status"]
        if status in ("succeeded", "requires_capture"):
            raise state_error(
                f"The PaymentIntent {pi_id} has a status of {status}; the action cannot be canceled.",
                code="intent_invalid_state",
            )
    reader["action"] = None
    return reader


def set_reader_display(st: SimState, faults: FaultInjector, params: Params, reader_id: str) -> Obj:
    check_known(params, {"type", "cart"})
    reader = st.reader(reader_id)
    if get_str(params, "type", required=True) != "cart":
        raise invalid("type must be cart", param="type")
    cart_in = get_dict(params, "cart")
    items = []
    for item in get_list(cart_in, "line_items") or []:
        if not isinstance(item, dict):
            raise invalid("Invalid line item", param="cart[line_items]")
        items.append(
            {
                "amount": get_int(item, "amount", required=True),
                "description": get_str(item, "description", required=True),
                "quantity": get_int(item, "quantity", required=True, minimum=1),
            }
        )
    cart = {
        "currency": (get_str(cart_in, "currency", required=True) or "").lower(),
        "line_items": items,
        "tax": get_int(cart_in, "tax"),
        "total": get_int(cart_in, "total", required=True),
    }
    _check_reachable(st, faults, reader_id, "set_reader_display")
    if _busy(reader) and reader["action"]["type"] != "set_reader_display":
        raise _reader_error(
            "terminal_reader_busy", "Reader is currently busy processing another request. Please retry later."
        )
    reader["action"] = {
        "type": "set_reader_display",
        "status": "succeeded",
        "failure_code": None,
        "failure_message": None,
        "api_error": None,
        "set_reader_display": {"type": "cart", "cart": cart},
    }
    return reader


# -- test helper: the customer taps a card ---------------------------------------------------------


def present(st: SimState, params: Params, reader_id: str) -> Obj:
    check_known(params, {"type", "card_present", "interac_present", "card", "amount_tip"})
    reader = st.reader(reader_id)
    type_ = get_str(params, "type") or "card_present"
    if type_ not in ("card_present", "interac_present", "card"):
        raise invalid("type must be card_present, interac_present or card", param="type")
    card = get_dict(params, type_)
    tip = get_int(params, "amount_tip", minimum=0) or 0
    if st.runtime(reader_id).pending is not None:
        raise _reader_error("terminal_reader_busy", "A card was already presented and is being processed.")
    action = reader.get("action")
    if not action or action["status"] != "in_progress" or action["type"] != "process_payment_intent":
        raise invalid("This reader has no in-progress action to present a payment method to.")
    number = card.get("number")
    facts = present_card_facts(
        number if isinstance(number, str) else None, now=st.clock.now(), secret=st.secret
    )
    pm = store_present_pm(st, "card" if type_ == "card" else type_, facts)
    if action["process_payment_intent"]["process_config"].get("skip_tipping"):
        tip = 0
    pi = st.payment_intents[action["process_payment_intent"]["payment_intent"]]
    pending = PendingPresentation(due=st.monotonic() + st.processing_seconds, pm_id=pm["id"], tip=tip)
    if st.processing_seconds > 0:
        st.runtime(reader_id).pending = pending
        pi["status"] = "processing"
        st.touch(pi["id"])
    else:
        _complete(st, reader, pending)
    return reader


def customer_cancel(st: SimState, reader_id: str) -> Obj:
    """The customer presses cancel on the reader: a reader-side failure, so `api_error` is null."""
    reader = st.reader(reader_id)
    action = reader.get("action")
    if not action or action["status"] != "in_progress" or st.runtime(reader_id).pending is not None:
        raise invalid("This reader has no in-progress action the customer could cancel.")
    action.update(
        status="failed",
        failure_code="customer_canceled",
        failure_message="The customer canceled the payment on the reader.",
        api_error=None,
    )
    return reader


def _complete(st: SimState, reader: Obj, pending: PendingPresentation) -> None:
    action = reader["action"]
    pi = st.payment_intents[action["process_payment_intent"]["payment_intent"]]
    if pi["status"] not in ("requires_payment_method", "requires_confirmation", "processing"):
        action.update(
            status="failed",
            failure_code="intent_invalid_state",
            failure_message=f"The PaymentIntent has a status of {pi['status']}.",
        )
        return
    error = attempt_payment(st, pi, st.payment_methods[pending.pm_id], tip=pending.tip)
    if error is None:
        action["status"] = "succeeded"
        return
    api_error = error.error_object()
    api_error.pop("payment_intent", None)
    api_error.setdefault("param", None)
    api_error.setdefault("advice_code", None)
    action.update(
        status="failed", failure_code=error.code, failure_message=error.message, api_error=api_error
    )


def settle_presentations(st: SimState) -> None:
    """Finish authorizations whose processing time has passed (called on every request, lock held)."""
    now = st.monotonic()
    for reader_id, rt in st.reader_rt.items():
        if rt.pending is not None and now >= rt.pending.due:
            pending, rt.pending = rt.pending, None
            _complete(st, st.readers[reader_id], pending)
