"""PaymentIntents, PaymentMethods and charges. Every function runs with `st.lock` held."""

from __future__ import annotations

import re

from dripos_terminal.sim.stripe import objects
from dripos_terminal.sim.stripe.cards import TEST_PAYMENT_METHODS, CardFacts, facts_for, manual_card_facts
from dripos_terminal.sim.stripe.errors import StripeError, invalid, state_error
from dripos_terminal.sim.stripe.forms import (
    Params,
    check_known,
    get_bool,
    get_dict,
    get_enum,
    get_int,
    get_list,
    get_metadata,
    get_str,
    merge_metadata,
)
from dripos_terminal.sim.stripe.listing import paginate, search
from dripos_terminal.sim.stripe.state import Obj, SimState, snapshot

PAYMENT_METHOD_TYPES = ("card", "card_present", "interac_present")
CAPTURE_METHODS = ("automatic", "automatic_async", "manual")
CANCELABLE = ("requires_payment_method", "requires_capture", "requires_confirmation", "requires_action")
CONFIRMABLE = ("requires_payment_method", "requires_confirmation")

_PI_CREATE = {
    "amount", "currency", "allowed_payment_method_types", "capture_method", "metadata", "description",
    "payment_method", "confirm", "payment_method_options", "receipt_email", "statement_descriptor",
    "statement_descriptor_suffix", "customer", "setup_future_usage", "confirmation_method", "off_session",
    "return_url", "transfer_group", "error_on_requires_action", "use_stripe_sdk", "payment_method_types",
}  # fmt: skip
_PI_CONFIRM = {
    "payment_method", "return_url", "payment_method_options", "receipt_email", "off_session",
    "error_on_requires_action", "use_stripe_sdk", "capture_method", "setup_future_usage",
}  # fmt: skip
_PI_UPDATE = {"amount", "currency", "metadata", "description", "receipt_email", "capture_method",
              "payment_method", "statement_descriptor", "statement_descriptor_suffix",
              "allowed_payment_method_types", "payment_method_options"}  # fmt: skip


def _currency(params: Params, required: bool) -> str | None:
    cur = get_str(params, "currency", required=required)
    if cur is not None and not re.fullmatch(r"[a-zA-Z]{3}", cur):
        raise invalid(f"Invalid currency: {cur[:10]}", param="currency", code="parameter_invalid_string")
    return cur.lower() if cur else None


def _amount(params: Params, required: bool) -> int | None:
    amount = get_int(params, "amount", required=required, minimum=1)
    if amount is not None and amount < 50:
        raise invalid("Amount must be at least 50 cents.", param="amount", code="amount_too_small")
    if amount is not None and amount > 99_999_999:
        raise invalid("Amount must be no more than 999,999.99.", param="amount", code="amount_too_large")
    return amount


def _allowed_types(params: Params) -> list[str] | None:
    types = get_list(params, "allowed_payment_method_types")
    if types is None:
        return None
    if not types:
        raise invalid("allowed_payment_method_types cannot be empty.", param="allowed_payment_method_types")
    for i, t in enumerate(types):
        if t not in PAYMENT_METHOD_TYPES:
            raise invalid(
                f"The payment method type {str(t)[:30]!r} is invalid.",
                param=f"allowed_payment_method_types[{i}]",
                code="payment_intent_invalid_parameter",
            )
    return list(types)


def resolve_pm(st: SimState, pm_id: str, param: str = "payment_method") -> Obj:
    """A PaymentMethod by id; Stripe's test ids (`pm_card_visa`…) make a fresh PaymentMethod."""
    if pm_id in TEST_PAYMENT_METHODS:
        now = st.clock.now()
        facts = facts_for(TEST_PAYMENT_METHODS[pm_id], 12, now.year + 3, st.secret)
        return _store_pm(st, "card", facts, {})
    return st.get(st.payment_methods, "payment_method", pm_id, param)


def _store_pm(st: SimState, type_: str, facts: CardFacts, metadata: dict[str, str]) -> Obj:
    pm_id = st.new_id("pm")
    pm = objects.payment_method(
        pm_id, type_=type_, facts=facts, created=st.now_ts(), livemode=st.livemode, metadata=metadata
    )
    st.payment_methods[pm_id] = pm
    st.pm_facts[pm_id] = facts
    return pm


def store_present_pm(st: SimState, type_: str, facts: CardFacts) -> Obj:
    return _store_pm(st, type_, facts, {})


# -- payment methods -----------------------------------------------------------------------------


def create_payment_method(st: SimState, params: Params) -> Obj:
    check_known(params, {"type", "card", "billing_details", "metadata", "allow_redisplay"})
    type_ = get_str(params, "type", required=True)
    if type_ != "card":
        raise invalid(f"Invalid type: {str(type_)[:30]} (the simulator supports card)", param="type")
    card = get_dict(params, "card")
    for key in card:
        if key not in ("number", "exp_month", "exp_year", "cvc"):
            raise invalid(f"Received unknown parameter: card[{key}]", param=f"card[{key}]")
    metadata = get_metadata(params) or {}
    facts = manual_card_facts(
        card.get("number"),
        card.get("exp_month"),
        card.get("exp_year"),
        card.get("cvc"),
        now=st.clock.now(),
        secret=st.secret,
    )
    pm = _store_pm(st, "card", facts, metadata)
    billing = get_dict(params, "billing_details")
    address = billing.get("address")
    if isinstance(address, dict):
        pm["billing_details"]["address"].update(
            {k: v for k, v in address.items() if k in pm["billing_details"]["address"]}
        )
    for key in ("name", "email", "phone"):
        if isinstance(billing.get(key), str):
            pm["billing_details"][key] = billing[key]
    return pm


def retrieve_payment_method(st: SimState, _params: Params, pm_id: str) -> Obj:
    return st.get(st.payment_methods, "payment_method", pm_id)


# -- payment intents -----------------------------------------------------------------------------


def create_payment_intent(st: SimState, params: Params) -> Obj:
    if "payment_method_types" in params:
        raise invalid(
            "`payment_method_types` is no longer supported on this API version; "
            "use `allowed_payment_method_types`.",
            param="payment_method_types",
            code="payment_method_types_no_longer_supported",
        )
    check_known(params, _PI_CREATE)
    amount = _amount(params, required=True)
    currency = _currency(params, required=True)
    types = _allowed_types(params) or ["card"]
    capture = get_enum(params, "capture_method", CAPTURE_METHODS, default="automatic_async")
    metadata = get_metadata(params) or {}
    confirm = get_bool(params, "confirm")
    pm_param = get_str(params, "payment_method")
    pm = resolve_pm(st, pm_param) if pm_param else None
    if confirm and pm is None:
        raise invalid(
            "You cannot confirm this PaymentIntent because it's missing a payment method.",
            param="payment_method",
            code="payment_intent_unexpected_state",
        )
    if pm is not None and pm["type"] not in types:
        raise invalid(
            f"The PaymentMethod type {pm['type']} is not allowed by allowed_payment_method_types.",
            param="payment_method",
            code="payment_intent_incompatible_payment_method",
        )
    pi_id = st.new_id("pi")
    pi = objects.payment_intent(
        pi_id,
        st.random_token(),
        created=st.now_ts(),
        livemode=st.livemode,
        amount=amount,
        currency=currency,
        allowed_payment_method_types=types,
        payment_method_types=types,
        capture_method=capture,
        metadata=metadata,
        description=get_str(params, "description"),
        receipt_email=get_str(params, "receipt_email"),
        payment_method_options=get_dict(params, "payment_method_options"),
        payment_method=pm["id"] if pm else None,
        status="requires_confirmation" if pm else "requires_payment_method",
    )
    st.payment_intents[pi_id] = pi
    st.touch(pi_id)
    if confirm and pm is not None:
        _confirm_keyed(st, pi, pm)
    return pi


def _confirm_keyed(st: SimState, pi: Obj, pm: Obj) -> None:
    if pm["type"] == "card_present":
        raise state_error(
            "card_present PaymentMethods are confirmed on the reader (process_payment_intent).",
            code="payment_intent_unexpected_state",
            param="payment_method",
        )
    error = attempt_payment(st, pi, pm, tip=0)
    if error is not None:
        raise error


def attempt_payment(st: SimState, pi: Obj, pm: Obj, *, tip: int) -> StripeError | None:
    """Authorize `pi` with `pm`: success → charge; decline → failed charge + `last_payment_error`."""
    facts = st.pm_facts[pm["id"]]
    outcome = facts.outcome
    ch_id = st.new_id("ch")
    amount = pi["amount"] + tip
    manual = pi["capture_method"] == "manual"
    failure = (
        None if outcome.approved else (outcome.code or "", outcome.decline_code or "", outcome.message or "")
    )
    ch = objects.charge(
        ch_id,
        pi=pi,
        pm=pm,
        facts=facts,
        amount=amount,
        captured=not manual,
        created=st.now_ts(),
        failure=failure,
    )
    st.charges[ch_id] = ch
    pi["latest_charge"] = ch_id
    st.touch(pi["id"])
    if failure is None:
        if tip:
            pi["amount"] = amount
            pi["amount_details"] = {"tip": {"amount": tip}}
        pi["payment_method"] = pm["id"]
        pi["last_payment_error"] = None
        if manual:
            pi["status"] = "requires_capture"
            pi["amount_capturable"] = amount
        else:
            pi["status"] = "succeeded"
            pi["amount_received"] = amount
        return None
    err = StripeError(
        402,
        "card_error",
        failure[2],
        code=failure[0],
        decline_code=failure[1],
        charge=ch_id,
    )
    last_error = err.error_object()
    last_error["payment_method"] = snapshot(pm)
    pi["last_payment_error"] = last_error
    pi["payment_method"] = None
    pi["status"] = "requires_payment_method"
    err.payment_intent = snapshot(pi)
    return err


def retrieve_payment_intent(st: SimState, _params: Params, pi_id: str) -> Obj:
    return st.pi(pi_id)


def update_payment_intent(st: SimState, params: Params, pi_id: str) -> Obj:
    check_known(params, _PI_UPDATE)
    pi = st.pi(pi_id)
    money_fields = {"amount", "currency", "capture_method", "payment_method", "allowed_payment_method_types"}
    if money_fields & params.keys() and pi["status"] not in CANCELABLE:
        raise state_error(
            f"You cannot update this PaymentIntent because it has a status of {pi['status']}.",
            code="payment_intent_unexpected_state",
        )
    amount, currency = _amount(params, required=False), _currency(params, required=False)
    if amount is not None:
        pi["amount"] = amount
    if currency is not None:
        pi["currency"] = currency
    types = _allowed_types(params)
    if types is not None:
        pi["allowed_payment_method_types"] = pi["payment_method_types"] = types
    capture = get_enum(params, "capture_method", CAPTURE_METHODS)
    if capture is not None:
        pi["capture_method"] = capture
    pm_param = get_str(params, "payment_method")
    if pm_param:
        pi["payment_method"] = resolve_pm(st, pm_param)["id"]
        pi["status"] = "requires_confirmation"
    pi["metadata"] = merge_metadata(pi["metadata"], get_metadata(params))
    for key in ("description", "receipt_email"):
        if key in params:
            pi[key] = get_str(params, key)
    st.touch(pi_id)
    return pi


def confirm_payment_intent(st: SimState, params: Params, pi_id: str) -> Obj:
    check_known(params, _PI_CONFIRM)
    pi = st.pi(pi_id)
    if pi["status"] not in CONFIRMABLE:
        raise state_error(
            f"This PaymentIntent's status is {pi['status']}, so it cannot be confirmed.",
            code="payment_intent_unexpected_state",
            payment_intent=snapshot(pi),
        )
    pm_param = get_str(params, "payment_method")
    pm_id = pm_param or pi["payment_method"]
    if pm_id is None:
        raise invalid(
            "You cannot confirm this PaymentIntent because it's missing a payment method.",
            param="payment_method",
            code="payment_intent_unexpected_state",
        )
    pm = resolve_pm(st, pm_id)
    if pm["type"] not in pi["allowed_payment_method_types"]:
        raise invalid(
            f"The PaymentMethod type {pm['type']} is not allowed by allowed_payment_method_types.",
            param="payment_method",
            code="payment_intent_incompatible_payment_method",
        )
    capture = get_enum(params, "capture_method", CAPTURE_METHODS)
    if capture is not None:
        pi["capture_method"] = capture
    _confirm_keyed(st, pi, pm)
    return pi


def capture_payment_intent(st: SimState, params: Params, pi_id: str) -> Obj:
    check_known(params, {"amount_to_capture", "metadata", "statement_descriptor", "final_capture"})
    pi = st.pi(pi_id)
    if pi["status"] != "requires_capture":
        raise state_error(
            f"This PaymentIntent could not be captured because it has a status of {pi['status']}. "
            "Only a PaymentIntent with one of the following statuses may be captured: requires_capture.",
            code="payment_intent_unexpected_state",
            payment_intent=snapshot(pi),
        )
    amount = get_int(params, "amount_to_capture", minimum=1) or pi["amount_capturable"]
    if amount > pi["amount_capturable"]:
        raise invalid(
            "The amount to capture is greater than the amount capturable.",
            param="amount_to_capture",
            code="amount_too_large",
        )
    ch = st.charges[pi["latest_charge"]]
    ch["captured"] = True
    ch["amount_captured"] = amount
    ch["amount_refunded"] = ch["amount"] - amount
    pi["amount_received"] = amount
    pi["amount_capturable"] = 0
    pi["status"] = "succeeded"
    pi["metadata"] = merge_metadata(pi["metadata"], get_metadata(params))
    st.touch(pi_id)
    return pi


def cancel_payment_intent(st: SimState, params: Params, pi_id: str) -> Obj:
    check_known(params, {"cancellation_reason"})
    reason = get_enum(
        params,
        "cancellation_reason",
        ("duplicate", "fraudulent", "requested_by_customer", "abandoned"),
    )
    pi = st.pi(pi_id)
    if pi["status"] not in CANCELABLE:
        raise state_error(
            f"You cannot cancel this PaymentIntent because it has a status of {pi['status']}. "
            "Only a PaymentIntent with one of the following statuses may be canceled: "
            f"{', '.join(CANCELABLE)}.",
            code="payment_intent_unexpected_state",
            payment_intent=snapshot(pi),
        )
    if pi["status"] == "requires_capture":
        ch = st.charges[pi["latest_charge"]]
        ch["amount_refunded"] = ch["amount"]
        ch["refunded"] = True
        pi["amount_capturable"] = 0
    pi["status"] = "canceled"
    pi["canceled_at"] = st.now_ts()
    pi["cancellation_reason"] = reason
    for reader in st.readers.values():
        action = reader.get("action")
        if (
            action
            and action["status"] == "in_progress"
            and (action.get("process_payment_intent") or {}).get("payment_intent") == pi_id
        ):
            reader["action"] = None
    st.touch(pi_id)
    return pi


def list_payment_intents(st: SimState, params: Params) -> Obj:
    check_known(params, {"limit", "starting_after", "ending_before", "created", "customer"})
    return paginate(st.payment_intents.values(), params, url="/v1/payment_intents")


def search_payment_intents(st: SimState, params: Params) -> Obj:
    check_known(params, {"query", "limit", "page"})
    return search(st.searchable_payment_intents(), params, url="/v1/payment_intents/search")


# -- charges -------------------------------------------------------------------------------------


def retrieve_charge(st: SimState, _params: Params, ch_id: str) -> Obj:
    return st.get(st.charges, "charge", ch_id)


def list_charges(st: SimState, params: Params) -> Obj:
    check_known(params, {"limit", "starting_after", "ending_before", "created", "payment_intent", "customer"})
    pi_id = get_str(params, "payment_intent")
    return paginate(
        st.charges.values(),
        params,
        url="/v1/charges",
        extra=(lambda c: c["payment_intent"] == pi_id) if pi_id else None,
    )
