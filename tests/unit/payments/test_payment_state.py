from __future__ import annotations

import itertools

import pytest

from dripos_terminal.domain.payment import (
    ALLOWED_TRANSITIONS,
    FINAL_STATES,
    IllegalTransitionError,
    PaymentStatus,
    check_transition,
    decline_reason,
    decline_text,
)

S = PaymentStatus


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (S.PENDING, S.SENDING),
        (S.PENDING, S.CANCELED),
        (S.SENDING, S.SUCCEEDED),
        (S.SENDING, S.DECLINED),
        (S.SENDING, S.CANCELED),
        (S.SENDING, S.UNKNOWN),
        (S.UNKNOWN, S.SENDING),
        (S.UNKNOWN, S.SUCCEEDED),
        (S.UNKNOWN, S.DECLINED),
        (S.UNKNOWN, S.CANCELED),
        (S.SENDING, S.PARKED),
        (S.UNKNOWN, S.PARKED),
        (S.PARKED, S.UNKNOWN),
        (S.PARKED, S.SUCCEEDED),
        (S.PARKED, S.DECLINED),
        (S.PARKED, S.CANCELED),
    ],
)
def test_allowed(a: PaymentStatus, b: PaymentStatus) -> None:
    assert check_transition(a, b) is b


def test_everything_else_is_illegal() -> None:
    for a, b in itertools.product(S, S):
        if b in ALLOWED_TRANSITIONS[a]:
            continue
        with pytest.raises(IllegalTransitionError):
            check_transition(a, b)


def test_final_states_have_no_exit() -> None:
    assert {S.SUCCEEDED, S.DECLINED, S.CANCELED} == FINAL_STATES
    for s in FINAL_STATES:
        assert s.is_final and not ALLOWED_TRANSITIONS[s]
    assert not S.PENDING.can_become(S.SUCCEEDED)  # nothing succeeds without being sent
    assert not S.PENDING.can_become(S.PARKED) and not S.PARKED.can_become(S.SENDING)  # parked waits


def test_decline_texts() -> None:
    assert decline_text("insufficient_funds") == "Declined: insufficient funds — ask for another card"
    for code in ("lost_card", "stolen_card", "fraudulent", "pickup_card"):
        text = decline_text(code)
        assert text == "Declined — ask for another payment method"
        assert "stolen" not in text.lower() and "lost" not in text.lower() and "fraud" not in text.lower()
    assert "expired" in decline_text(None, "expired_card")
    assert "security code" in decline_text(None, "incorrect_cvc")
    assert "card number" in decline_text("incorrect_number")
    assert decline_text("processing_error").endswith("try again")
    assert decline_reason("processing_error").same_card_may_work
    assert decline_text("some_new_code", "card_declined") == "Declined — ask for another card"
    assert decline_text(None, None) == "Declined — ask for another card"
