"""PaymentIntent helpers shared by the card-present and manual-entry adapters and checkout."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from dripos_terminal.payments.ports import PaymentRequest, PaymentResult, ResultStatus
from dripos_terminal.payments.stripe_gateway import AnswerBuffer, GatewayError, StripeGateway

log = logging.getLogger("dripos_terminal.payments")

PI_PURPOSE = "payment_intent"
PAID_STATUSES = frozenset({"succeeded", "requires_capture"})


def payment_intent_params(
    request: PaymentRequest, *, till_id: str, method_types: list[str], tip_on_reader: bool = False
) -> dict[str, Any]:
    """Create params. With tip-on-reader the reader adds the tip; otherwise the till tip is included."""
    amount = request.amount_minor if tip_on_reader else request.charge_minor
    return {
        "amount": amount,
        "currency": request.currency.lower(),
        "allowed_payment_method_types": list(method_types),
        "capture_method": "automatic",
        "metadata": {"payment_id": request.payment_id, "order_id": request.order_id, "till_id": till_id},
    }


def is_paid(pi: Mapping[str, Any]) -> bool:
    return pi.get("status") in PAID_STATUSES


def is_settled(pi: Mapping[str, Any]) -> bool:
    return is_paid(pi) or pi.get("status") == "canceled"


def tip_from_intent(pi: Mapping[str, Any], sale_minor: int, till_tip_minor: int) -> int:
    """Tip kept separately: `amount_details.tip.amount`, else what was received above the sale."""
    tip = ((pi.get("amount_details") or {}).get("tip") or {}).get("amount")
    if isinstance(tip, int):
        return tip
    received = pi.get("amount_received") or pi.get("amount") or 0
    if isinstance(received, int) and received >= sale_minor:
        return received - sale_minor
    return till_tip_minor


def charge_card_facts(gw: StripeGateway, pi: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """(brand, last4) of the charge, best effort: a missing detail never changes the outcome."""
    charge = pi.get("latest_charge")
    try:
        if isinstance(charge, str):
            charge = gw.get(f"/v1/charges/{charge}")
        if isinstance(charge, Mapping):
            details = charge.get("payment_method_details") or {}
            card = details.get(details.get("type") or "") or {}
            if card.get("last4"):
                return card.get("brand"), card.get("last4")
        pm = pi.get("payment_method")
        if isinstance(pm, str):
            pm = gw.get(f"/v1/payment_methods/{pm}")
        if isinstance(pm, Mapping):
            card = pm.get(pm.get("type") or "") or {}
            return card.get("brand"), card.get("last4")
    except GatewayError as exc:
        log.info("card details unavailable (%s); the payment stands", exc.code or exc.outcome.value)
    return None, None


def result_from_intent(
    request: PaymentRequest, pi: Mapping[str, Any], tip: int, facts: tuple[str | None, str | None]
) -> PaymentResult:
    return PaymentResult(
        status=ResultStatus.APPROVED,
        payment_id=request.payment_id,
        amount_minor=request.amount_minor,
        tip_minor=tip,
        payment_intent_id=str(pi["id"]),
        brand=facts[0],
        last4=facts[1],
    )


def cancel_payment_intent(
    gw: StripeGateway, payment_id: str, pi_id: str, answers: AnswerBuffer | None = None
) -> dict[str, Any] | None:
    """Fence: return the PaymentIntent once it is paid or canceled (canceling it if not paid).

    Returns None when the truth cannot be learned (API unreachable, or the PaymentIntent is still
    `processing`); the caller reports UNKNOWN and reconciliation tries again later.
    """
    try:
        pi: dict[str, Any] | None = gw.retrieve_payment_intent(pi_id)
    except GatewayError:
        pi = None
    if pi is not None and is_settled(pi):
        return pi
    if pi is not None and pi.get("status") == "processing":
        return None
    try:
        path = f"/v1/payment_intents/{pi_id}/cancel"
        return gw.post(payment_id, "cancel_payment_intent", path, {}, buffer=answers)
    except GatewayError as exc:
        log.info("canceling PaymentIntent refused (%s); re-reading it", exc.code or exc.outcome.value)
    try:
        pi = gw.retrieve_payment_intent(pi_id)
    except GatewayError:
        return None
    return pi if is_settled(pi) else None
