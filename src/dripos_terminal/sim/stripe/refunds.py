"""Refunds. The refund-fail test card (4000000000005126) refunds `succeeded`, then turns `failed`."""

from __future__ import annotations

from dripos_terminal.sim.stripe import objects
from dripos_terminal.sim.stripe.errors import invalid, state_error
from dripos_terminal.sim.stripe.forms import Params, check_known, get_enum, get_int, get_metadata, get_str
from dripos_terminal.sim.stripe.listing import paginate
from dripos_terminal.sim.stripe.state import Obj, SimState

_ACTIVE = ("succeeded", "pending", "requires_action")


def refunded_amount(st: SimState, ch_id: str) -> int:
    return sum(r["amount"] for r in st.refunds.values() if r["charge"] == ch_id and r["status"] in _ACTIVE)


def _sync_charge(st: SimState, ch: Obj) -> None:
    released = ch["amount"] - ch["amount_captured"] if ch["captured"] else 0
    ch["amount_refunded"] = released + refunded_amount(st, ch["id"])
    ch["refunded"] = ch["amount_refunded"] >= ch["amount"]


def create_refund(st: SimState, params: Params) -> Obj:
    check_known(params, {"payment_intent", "charge", "amount", "reason", "metadata", "instructions_email"})
    pi_id, ch_id = get_str(params, "payment_intent"), get_str(params, "charge")
    if not pi_id and not ch_id:
        raise invalid("One of `charge` or `payment_intent` is required.", param="payment_intent")
    amount = get_int(params, "amount", minimum=1)
    reason = get_enum(params, "reason", ("duplicate", "fraudulent", "requested_by_customer"))
    metadata = get_metadata(params) or {}
    if pi_id:
        pi = st.pi(pi_id, param="payment_intent")
        if pi["status"] != "succeeded" or not pi["latest_charge"]:
            raise state_error(
                f"This PaymentIntent ({pi_id}) does not have a successful charge to refund.",
                code="charge_not_refundable",
                param="payment_intent",
            )
        ch = st.charges[pi["latest_charge"]]
    else:
        ch = st.get(st.charges, "charge", ch_id, param="charge")
        if ch["status"] != "succeeded" or not ch["captured"]:
            raise state_error(
                f"Charge {ch_id} cannot be refunded.", code="charge_not_refundable", param="charge"
            )
    remaining = ch["amount_captured"] - refunded_amount(st, ch["id"])
    if remaining <= 0:
        raise state_error(f"Charge {ch['id']} has already been refunded.", code="charge_already_refunded")
    amount = remaining if amount is None else amount
    if amount > remaining:
        raise state_error(
            f"Refund amount ({amount}) is greater than unrefunded amount on charge ({remaining})",
            code="amount_too_large",
            param="amount",
        )
    re_id = st.new_id("re")
    refund = objects.refund(
        re_id, charge_obj=ch, amount=amount, reason=reason, metadata=metadata, created=st.now_ts()
    )
    st.refunds[re_id] = refund
    pm_id = ch["payment_method"]
    if pm_id in st.pm_facts and st.pm_facts[pm_id].outcome.refund_fails:
        st.refund_fail_due[re_id] = st.monotonic() + st.refund_failure_seconds
    _sync_charge(st, ch)
    return refund


def settle_refunds(st: SimState) -> None:
    """Turn due refund-fail refunds `failed` (called on every request, lock held)."""
    now = st.monotonic()
    for re_id, due in list(st.refund_fail_due.items()):
        if now >= due:
            del st.refund_fail_due[re_id]
            refund = st.refunds[re_id]
            refund["status"] = "failed"
            refund["failure_reason"] = "expired_or_canceled_card"
            _sync_charge(st, st.charges[refund["charge"]])


def retrieve_refund(st: SimState, _params: Params, re_id: str) -> Obj:
    return st.get(st.refunds, "refund", re_id)


def list_refunds(st: SimState, params: Params) -> Obj:
    check_known(params, {"limit", "starting_after", "ending_before", "created", "payment_intent", "charge"})
    pi_id, ch_id = get_str(params, "payment_intent"), get_str(params, "charge")

    def keep(r: Obj) -> bool:
        return (pi_id is None or r["payment_intent"] == pi_id) and (ch_id is None or r["charge"] == ch_id)

    return paginate(st.refunds.values(), params, url="/v1/refunds", extra=keep)
