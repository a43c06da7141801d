from __future__ import annotations

import copy
import logging
import pickle
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dripos_terminal.domain.card import (
    CardBrand,
    CardField,
    CardNumber,
    CardValidationError,
    KeyedCard,
    detect_brand,
    group_for_display,
    luhn_valid,
    parse_cvc,
    parse_expiry,
    parse_postal_code,
)

NOW = datetime(2026, 3, 31, 17, 47, tzinfo=UTC)
PAN = "4242424242424242"


def _with_check_digit(body: str) -> str:
    for d in "0123456789":
        if luhn_valid(body + d):
            return body + d
    raise AssertionError


@pytest.mark.parametrize(
    ("number", "brand"),
    [
        ("4242424242424242", CardBrand.VISA),
        ("5555555555554444", CardBrand.MASTERCARD),
        ("2223003122003222", CardBrand.MASTERCARD),
        ("378282246310005", CardBrand.AMEX),
        ("6011111111111117", CardBrand.DISCOVER),
    ],
)
def test_brand_detection_and_valid_numbers(number: str, brand: CardBrand) -> None:
    card = CardNumber(number)
    assert card.brand is brand
    assert card.last4 == number[-4:]
    assert card.reveal() == number


@pytest.mark.parametrize(
    ("prefix", "brand"),
    [("305693", CardBrand.DINERS), ("356600", CardBrand.JCB), ("620000", CardBrand.UNIONPAY)],
)
def test_brand_detection_of_the_other_networks(prefix: str, brand: CardBrand) -> None:
    # Prefixes only: the repository holds no full card numbers beyond the house list of test cards.
    assert detect_brand(prefix) is brand


def test_partial_detection_while_typing() -> None:
    assert detect_brand("4") is CardBrand.VISA
    assert detect_brand("22") is CardBrand.UNKNOWN
    assert detect_brand("2221") is CardBrand.MASTERCARD
    assert detect_brand("2721") is CardBrand.UNKNOWN
    assert detect_brand("37") is CardBrand.AMEX
    assert detect_brand("") is CardBrand.UNKNOWN


def test_grouping() -> None:
    assert group_for_display("4242424242424242") == "4242 4242 4242 4242"
    assert group_for_display("378282246310005") == "3782 822463 10005"
    assert group_for_display("3782 82") == "3782 82"
    assert group_for_display("42-42 4") == "4242 4"
    assert group_for_display("4٤24") == "424"
    assert group_for_display("") == ""


@given(st.text(alphabet="0123456789", max_size=25))
def test_grouping_keeps_digits_in_order(digits: str) -> None:
    out = group_for_display(digits)
    assert out.replace(" ", "") == digits[:19]
    assert all(len(g) <= 6 for g in out.split(" ") if g)


@given(st.text(alphabet="0123456789", min_size=11, max_size=18))
def test_luhn_check_digit_roundtrip(body: str) -> None:
    number = _with_check_digit(body)
    assert luhn_valid(number)
    bad = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert not luhn_valid(bad)


@given(st.text(alphabet="0123456789", min_size=11, max_size=18), st.sampled_from([" ", "-"]))
def test_typed_grouping_is_accepted(body: str, sep: str) -> None:
    number = _with_check_digit(body)
    grouped = sep.join(number[i : i + 4] for i in range(0, len(number), 4))
    try:
        card = CardNumber(grouped)
    except CardValidationError as exc:
        assert number not in str(exc)
        return
    assert card.reveal() == number


@given(
    st.text(alphabet="0123456789", min_size=12, max_size=19),
    st.sampled_from(["٤", "４", "७", "²", "a", ".", "\u0663"]),
)
def test_non_ascii_digits_rejected(digits: str, intruder: str) -> None:
    text = digits[:6] + intruder + digits[6:]
    with pytest.raises(CardValidationError) as info:
        CardNumber(text)
    assert info.value.field is CardField.NUMBER
    assert digits not in str(info.value)
    assert info.value.__cause__ is None and info.value.__context__ is None


@pytest.mark.parametrize("text", ["42424242424", "4242424242424241", "42424242424242424242", "", "4242 4242"])
def test_bad_numbers_never_echo(text: str) -> None:
    with pytest.raises(CardValidationError) as info:
        CardNumber(text)
    if text:
        assert text not in str(info.value) and text not in repr(info.value)


def test_wrong_length_for_brand() -> None:
    with pytest.raises(CardValidationError, match="American Express numbers have 15 digits"):
        CardNumber(_with_check_digit("3782822463100"))


def test_masked_everywhere(caplog: pytest.LogCaptureFixture) -> None:
    card = KeyedCard.parse(PAN, "12/30", "123", "94107", now=NOW)
    for text in (
        repr(card),
        str(card),
        f"{card}",
        f"{card:>30}",
        repr(card.number),
        f"{card.number}",
        str([card]),
    ):
        assert PAN not in text and "123" not in text.replace("****", "")
        assert "4242" in text
    caplog.set_level(logging.DEBUG)
    logging.getLogger("dripos_terminal.payments").info("card %s %r", card, card.number)
    assert PAN not in caplog.text


def test_not_picklable_or_copyable() -> None:
    card = KeyedCard.parse(PAN, "12/30", "123", None, now=NOW)
    for obj in (card, card.number):
        with pytest.raises(TypeError):
            pickle.dumps(obj)
        with pytest.raises(TypeError):
            copy.copy(obj)
        with pytest.raises(TypeError):
            copy.deepcopy(obj)
    assert not hasattr(card, "__dict__")


def test_drop_forgets_pan_and_cvc() -> None:
    card = KeyedCard.parse(PAN, "1230", "123", None, now=NOW)
    assert card.reveal() == PAN and card.reveal_cvc() == "123"
    card.drop()
    assert card.dropped
    with pytest.raises(ValueError, match="dropped"):
        card.reveal()
    with pytest.raises(ValueError, match="dropped"):
        card.reveal_cvc()
    assert card.last4 == "4242" and card.brand is CardBrand.VISA and str(card.expiry) == "12/30"


@pytest.mark.parametrize(
    ("text", "month", "year"),
    [("03/26", 3, 2026), ("0326", 3, 2026), ("3/26", 3, 2026), ("12 / 2030", 12, 2030), ("01/27", 1, 2027)],
)
def test_expiry_ok(text: str, month: int, year: int) -> None:
    exp = parse_expiry(text, NOW)
    assert (exp.month, exp.year) == (month, year)


@pytest.mark.parametrize("text", ["02/26", "13/27", "00/27", "1/2", "ab/cd", "٠٣/٢٧", "03/60", ""])
def test_expiry_bad(text: str) -> None:
    with pytest.raises(CardValidationError) as info:
        parse_expiry(text, NOW)
    assert info.value.field is CardField.EXPIRY


def test_expiry_against_injected_clock() -> None:
    assert parse_expiry("03/26", NOW).month == 3
    with pytest.raises(CardValidationError, match="expired"):
        parse_expiry("03/26", datetime(2026, 4, 1, tzinfo=UTC))


def test_cvc() -> None:
    assert parse_cvc("123", CardBrand.VISA) == "123"
    assert parse_cvc("1234", CardBrand.AMEX) == "1234"
    for bad, brand in (
        ("1234", CardBrand.VISA),
        ("123", CardBrand.AMEX),
        ("12a", CardBrand.VISA),
        ("١٢٣", CardBrand.VISA),
    ):
        with pytest.raises(CardValidationError) as info:
            parse_cvc(bad, brand)
        assert bad not in str(info.value)


def test_postal_code() -> None:
    assert parse_postal_code("94107") == "94107"
    assert parse_postal_code("94107-1234") == "94107-1234"
    assert parse_postal_code("sw1a 1aa") == "SW1A 1AA"
    for bad in ("1", "94107!", "٩٤١٠٧", "12345678901"):
        with pytest.raises(CardValidationError):
            parse_postal_code(bad)


def test_keyed_card_names_first_bad_field() -> None:
    with pytest.raises(CardValidationError) as info:
        KeyedCard.parse(PAN, "12/30", "12", None, now=NOW)
    assert info.value.field is CardField.CVC
