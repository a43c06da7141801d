"""Builders for Stripe-shaped JSON objects: the fields and nesting of Stripe's own fixture objects
(kept in tests/fixtures/stripe/, checked by tests/unit/sim/test_sim_shapes.py)."""

from __future__ import annotations

from typing import Any

from dripos_terminal.sim.stripe.cards import CardFacts

Obj = dict[str, Any]

_NO_ADDRESS: Obj = {
    "city": None,
    "country": None,
    "line1": None,
    "line2": None,
    "postal_code": None,
    "state": None,
}


def billing_details() -> Obj:
    return {"address": dict(_NO_ADDRESS), "email": None, "name": None, "phone": None, "tax_id": None}


def location(
    loc_id: str, *, display_name: str, address: Obj, metadata: dict[str, str], livemode: bool
) -> Obj:
    full = dict(_NO_ADDRESS)
    full.update({k: v for k, v in address.items() if k in full})
    return {
        "id": loc_id,
        "object": "terminal.location",
        "address": full,
        "display_name": display_name,
        "livemode": livemode,
        "metadata": metadata,
    }


def reader(
    reader_id: str,
    *,
    device_type: str,
    label: str,
    location_id: str | None,
    serial: str,
    metadata: dict[str, str],
    livemode: bool,
) -> Obj:
    return {
        "id": reader_id,
        "object": "terminal.reader",
        "action": None,
        "device_sw_version": "2.42.0.0",
        "device_type": device_type,
        "ip_address": "0.0.0.0",
        "label": label,
        "last_seen_at": None,
        "livemode": livemode,
        "location": location_id,
        "metadata": metadata,
        "serial_number": serial,
        "status": "online",
    }


def payment_intent(pi_id: str, secret: str, *, created: int, livemode: bool, **fields: Any) -> Obj:
    obj: Obj = {
        "id": pi_id,
        "object": "payment_intent",
        "amount": 0,
        "amount_capturable": 0,
        "amount_details": {"tip": {}},
        "amount_received": 0,
        "application": None,
        "application_fee_amount": None,
        "allowed_payment_method_types": ["card"],
        "automatic_payment_methods": None,
        "canceled_at": None,
        "cancellation_reason": None,
        "capture_method": "automatic",
        "client_secret": f"{pi_id}_secret_{secret}",
        "confirmation_method": "automatic",
        "created": created,
        "currency": "usd",
        "customer": None,
        "customer_account": None,
        "description": None,
        "excluded_payment_method_types": None,
        "last_payment_error": None,
        "latest_charge": None,
        "livemode": livemode,
        "managed_payments": {"enabled": False},
        "metadata": {},
        "next_action": None,
        "on_behalf_of": None,
        "payment_method": None,
        "payment_method_configuration_details": None,
        "payment_method_options": {},
        "payment_method_types": ["card"],
        "processing": None,
        "receipt_email": None,
        "review": None,
        "setup_future_usage": None,
        "shipping": None,
        "source": None,
        "statement_descriptor": None,
        "statement_descriptor_suffix": None,
        "status": "requires_payment_method",
        "transfer_data": None,
        "transfer_group": None,
    }
    obj.update(fields)
    return obj


def _card_details(facts: CardFacts) -> Obj:
    return {
        "brand": facts.brand,
        "country": facts.country,
        "exp_month": facts.exp_month,
        "exp_year": facts.exp_year,
        "fingerprint": facts.fingerprint,
        "funding": facts.funding,
        "last4": facts.last4,
    }


def payment_method(
    pm_id: str, *, type_: str, facts: CardFacts, created: int, livemode: bool, metadata: dict[str, str]
) -> Obj:
    details = _card_details(facts)
    if type_ == "card":
        details.update(
            {
                "checks": {
                    "address_line1_check": None,
                    "address_postal_code_check": None,
                    "cvc_check": "pass",
                },
                "display_brand": facts.brand,
                "networks": {"available": [facts.brand], "preferred": None},
                "three_d_secure_usage": {"supported": True},
                "wallet": None,
                "regulated_status": None,
                "generated_from": None,
            }
        )
    else:
        details.update({"networks": {"available": [facts.brand], "preferred": None}, "read_method": None})
    return {
        "id": pm_id,
        "object": "payment_method",
        "allow_redisplay": "unspecified",
        "billing_details": billing_details(),
        type_: details,
        "created": created,
        "customer": None,
        "customer_account": None,
        "livemode": livemode,
        "metadata": metadata,
        "type": type_,
    }


def _charge_outcome(failure: tuple[str, str, str] | None) -> Obj:
    approved = failure is None
    return {
        "network_status": "approved_by_network" if approved else "declined_by_network",
        "reason": None if failure is None else failure[1],
        "risk_level": "normal",
        "seller_message": "Payment complete."
        if approved
        else "The bank did not return any further details with this decline.",
        "type": "authorized" if approved else "issuer_declined",
        "advice_code": None,
        "network_advice_code": None,
        "network_decline_code": None,
    }


def charge(
    ch_id: str,
    *,
    pi: Obj,
    pm: Obj,
    facts: CardFacts,
    amount: int,
    captured: bool,
    created: int,
    failure: tuple[str, str, str] | None = None,
) -> Obj:
    """`failure` is (code, decline_code, message) for a declined attempt."""
    pm_type = pm["type"]
    details = _card_details(facts)
    details.update(
        {
            "amount_authorized": amount if failure is None else None,
            "authorization_code": "123456" if failure is None else None,
            "network": facts.brand,
            "network_transaction_id": None,
            "regulated_status": None,
        }
    )
    if pm_type == "card_present":
        details.update(
            {"read_method": "contactless_emv", "offline": None, "receipt": None, "cardholder_name": None}
        )
    else:
        details.update(
            {
                "checks": {
                    "address_line1_check": None,
                    "address_postal_code_check": None,
                    "cvc_check": "pass",
                },
                "extended_authorization": {"status": "disabled"},
                "incremental_authorization": {"status": "unavailable"},
                "installments": None,
                "mandate": None,
                "multicapture": {"status": "unavailable"},
                "network_token": {"used": False},
                "overcapture": {"maximum_amount_capturable": amount, "status": "unavailable"},
                "three_d_secure": None,
                "wallet": None,
                "transaction_link_id": None,
            }
        )
    return {
        "id": ch_id,
        "object": "charge",
        "amount": amount,
        "amount_captured": amount if captured and failure is None else 0,
        "amount_refunded": 0,
        "application": None,
        "application_fee": None,
        "application_fee_amount": None,
        "balance_transaction": None,
        "billing_details": billing_details(),
        "calculated_statement_descriptor": None,
        "captured": captured and failure is None,
        "created": created,
        "currency": pi["currency"],
        "customer": None,
        "description": pi["description"],
        "disputed": False,
        "failure_balance_transaction": None,
        "failure_code": failure[0] if failure else None,
        "failure_message": failure[2] if failure else None,
        "fraud_details": {},
        "livemode": pi["livemode"],
        "metadata": dict(pi["metadata"]),
        "on_behalf_of": None,
        "outcome": _charge_outcome(failure),
        "paid": failure is None,
        "payment_intent": pi["id"],
        "payment_method": pm["id"],
        "payment_method_details": {"type": pm_type, pm_type: details},
        "receipt_email": None,
        "receipt_number": None,
        "receipt_url": None,
        "refunded": False,
        "review": None,
        "shipping": None,
        "source": None,  # legacy Sources only; a PaymentIntent's charge has none
        "source_transfer": None,
        "statement_descriptor": None,
        "statement_descriptor_suffix": None,
        "status": "succeeded" if failure is None else "failed",
        "transfer_data": None,
        "transfer_group": None,
    }


def refund(
    re_id: str, *, charge_obj: Obj, amount: int, reason: str | None, metadata: dict[str, str], created: int
) -> Obj:
    return {
        "id": re_id,
        "object": "refund",
        "amount": amount,
        "balance_transaction": None,
        "charge": charge_obj["id"],
        "created": created,
        "currency": charge_obj["currency"],
        "customer": None,
        "customer_account": None,
        "destination_details": {"card": {"type": "reversal"}, "type": "card"},
        "failure_reason": None,
        "metadata": metadata,
        "payment_intent": charge_obj["payment_intent"],
        "payment_method": charge_obj["payment_method"],
        "reason": reason,
        "receipt_number": None,
        "source_transfer_reversal": None,
        "status": "succeeded",
        "transfer_reversal": None,
    }


def list_object(data: list[Obj], *, url: str, has_more: bool) -> Obj:
    return {"object": "list", "data": data, "has_more": has_more, "url": url}


def search_result(data: list[Obj], *, url: str, has_more: bool, next_page: str | None) -> Obj:
    return {
        "object": "search_result",
        "data": data,
        "has_more": has_more,
        "next_page": next_page,
        "url": url,
        "total_count": None,
    }
