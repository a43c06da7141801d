from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dripos_terminal.domain.money import (
    CurrencyMismatchError,
    Money,
    MoneyError,
    allocate,
    div_round_half_up,
    format_money,
    parse_money,
)

USD = "USD"


def usd(cents: int) -> Money:
    return Money(cents, USD)


class TestMoney:
    def test_currency_is_normalised_to_upper_case(self) -> None:
        assert Money(450, "usd") == usd(450)
        assert Money(450, "usd").currency == "USD"

    @pytest.mark.parametrize("amount", [4.5, "450", True, None])
    def test_amount_must_be_an_int(self, amount: object) -> None:
        with pytest.raises(MoneyError):
            Money(amount, USD)  # type: ignore[arg-type]

    def test_unknown_currency_is_refused(self) -> None:
        with pytest.raises(MoneyError, match="XYZ"):
            Money(1, "XYZ")

    def test_arithmetic(self) -> None:
        assert usd(450) + usd(50) == usd(500)
        assert usd(450) - usd(500) == usd(-50)
        assert -usd(5) == usd(-5)
        assert usd(125) * 3 == 3 * usd(125) == usd(375)
        assert usd(1) < usd(2) <= usd(2) and usd(3) > usd(2) >= usd(2)
        assert Money.total([usd(1), usd(2)], "usd") == usd(3)
        assert Money.total([], USD) == Money.zero(USD)
        assert not Money.zero(USD) and usd(1)

    def test_mixing_currencies_is_refused(self) -> None:
        eur = Money(1, "EUR")
        for op in (lambda: usd(1) + eur, lambda: usd(1) - eur, lambda: usd(1) < eur, lambda: usd(1) >= eur):
            with pytest.raises(CurrencyMismatchError):
                op()
        assert usd(0) != Money(0, "EUR")

    def test_multiplying_by_a_float_is_refused(self) -> None:
        with pytest.raises(MoneyError):
            usd(100) * 1.5  # type: ignore[operator]

    def test_adding_a_plain_int_is_refused(self) -> None:
        with pytest.raises(TypeError):
            usd(100) + 5  # type: ignore[operator]

    @pytest.mark.parametrize(
        ("money", "text"),
        [
            (usd(450), "$4.50"),
            (usd(-100), "-$1.00"),
            (usd(5), "$0.05"),
            (usd(0), "$0.00"),
            (usd(123456), "$1,234.56"),
            (Money(500, "JPY"), "¥500"),
            (Money(450, "EUR"), "€4.50"),
            (Money(450, "CHF"), "CHF\u00a04.50"),  # CLDR's currency spacing: never "CHF4.50"
        ],
    )
    def test_format(self, money: Money, text: str) -> None:
        assert money.format() == text == str(money)

    @pytest.mark.parametrize(
        ("locale", "money", "text"),
        [
            ("es_ES", Money(123450, "EUR"), "1.234,50\u00a0€"),
            ("es_ES", Money(-450, "USD"), "-4,50\u00a0US$"),
            ("en_GB", Money(450, "GBP"), "£4.50"),
            ("en_CA", Money(450, "CAD"), "$4.50"),
            ("en_US", Money(450, "CAD"), "CA$4.50"),
            ("fr_CA", Money(450, "CAD"), "4,50\u00a0$"),
            ("ja_JP", Money(500, "JPY"), "￥500"),
        ],
    )
    def test_format_for_a_locale(self, locale: str, money: Money, text: str) -> None:
        """One formatter (Babel, CLDR data) for every screen, receipt and message: the shop's locale."""
        assert money.format(locale) == text == format_money(money.amount, money.currency, locale)

    def test_dict_round_trip_and_malformed(self) -> None:
        assert Money.from_dict(usd(450).to_dict()) == usd(450)
        with pytest.raises(MoneyError):
            Money.from_dict({"amount": 1})
        with pytest.raises(MoneyError):
            Money.from_dict({"amount": 1.0, "currency": USD})


class TestParse:
    @pytest.mark.parametrize(
        ("text", "cents"),
        [("4.5", 450), ("4.50", 450), ("4", 400), ("$4.50", 450), (" 0.05 ", 5), ("0", 0), ("12", 1200)],
    )
    def test_accepts(self, text: str, cents: int) -> None:
        assert parse_money(text, USD) == usd(cents)
        assert Money.parse(text, "usd") == usd(cents)

    @pytest.mark.parametrize(
        "text",
        [
            "",
            " ",
            "4.555",
            "4.",
            ".5",
            "1e3",
            "4,50",
            "1,000",
            "abc",
            "4.5.0",
            "--1",
            "+4",
            "٤.٥",
            "１",
            "$",
            "€4",
        ],
    )
    def test_refuses(self, text: str) -> None:
        with pytest.raises(MoneyError):
            parse_money(text, USD)

    def test_negative_only_when_allowed(self) -> None:
        with pytest.raises(MoneyError, match="negative"):
            parse_money("-1.00", USD)
        assert parse_money("-1.00", USD, allow_negative=True) == usd(-100)
        assert parse_money("-$1", USD, allow_negative=True) == usd(-100)

    def test_zero_exponent_currency_has_no_decimals(self) -> None:
        assert parse_money("500", "JPY") == Money(500, "JPY")
        with pytest.raises(MoneyError):
            parse_money("5.0", "JPY")

    @settings(max_examples=60)
    @given(st.integers(min_value=0, max_value=99_999_999))
    def test_parse_inverts_format(self, cents: int) -> None:
        text = usd(cents).format().replace(",", "")
        assert parse_money(text, USD) == usd(cents)


class TestRounding:
    @pytest.mark.parametrize(
        ("num", "den", "expected"),
        [(15, 10, 2), (14, 10, 1), (25, 10, 3), (-15, 10, -2), (-14, 10, -1), (0, 7, 0), (10, 10, 1)],
    )
    def test_half_up_away_from_zero(self, num: int, den: int, expected: int) -> None:
        assert div_round_half_up(num, den) == expected

    def test_denominator_must_be_positive(self) -> None:
        with pytest.raises(MoneyError):
            div_round_half_up(1, 0)

    @settings(max_examples=80)
    @given(st.integers(-(10**12), 10**12), st.integers(1, 10**6))
    def test_half_up_is_nearest_and_symmetric(self, num: int, den: int) -> None:
        q = div_round_half_up(num, den)
        assert abs(num - q * den) * 2 <= den  # within half a unit
        assert div_round_half_up(-num, den) == -q

    @pytest.mark.parametrize(
        ("total", "weights", "expected"),
        [
            (100, [1, 1, 1], [34, 33, 33]),  # tie: earliest line gets the extra cent
            (2, [1, 1, 1], [1, 1, 0]),
            (10, [0, 5, 5], [0, 5, 5]),
            (0, [3, 4], [0, 0]),
            (0, [], []),
            (0, [0, 0], [0, 0]),
            (7, [1, 2, 4], [1, 2, 4]),
        ],
    )
    def test_allocate_examples(self, total: int, weights: list[int], expected: list[int]) -> None:
        assert allocate(total, weights) == expected

    def test_allocate_largest_remainder_wins(self) -> None:
        # exact shares 1.5, 1.5, 2.0 → floors 1, 1, 2 (sum 4); one cent left goes to the first .5
        assert allocate(5, [3, 3, 4]) == [2, 1, 2]
        # exact shares 0.3, 0.7 → the larger remainder (index 1) gets the cent
        assert allocate(1, [3, 7]) == [0, 1]

    def test_allocate_refuses_nonsense(self) -> None:
        with pytest.raises(MoneyError):
            allocate(-1, [1])
        with pytest.raises(MoneyError):
            allocate(1, [0, 0])
        with pytest.raises(MoneyError):
            allocate(1, [-1, 2])

    @settings(max_examples=100)
    @given(st.data())
    def test_allocate_sums_exactly_and_never_exceeds_a_weight(self, data: st.DataObject) -> None:
        weights = data.draw(st.lists(st.integers(0, 100_000), min_size=1, max_size=12))
        total = data.draw(st.integers(0, sum(weights)))
        parts = allocate(total, weights)
        assert sum(parts) == total
        assert all(0 <= p <= w for p, w in zip(parts, weights, strict=True))
        # each part is within one unit of its exact proportional share
        whole = sum(weights)
        if whole:
            assert all(abs(p * whole - total * w) < whole for p, w in zip(parts, weights, strict=True))
        assert allocate(total, weights) == parts  # deterministic
