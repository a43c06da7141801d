"""Cart, discounts, tax and tips: worked examples plus properties over random carts."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dripos_terminal.domain.cart import Cart, CartError, CartLine, price_cart
from dripos_terminal.domain.catalog import Catalog, SelectionError
from dripos_terminal.domain.discount import Discount, DiscountError, DiscountKind
from dripos_terminal.domain.money import Money
from dripos_terminal.domain.tax import TaxError, TaxTable, compute_taxes, tax_on
from dripos_terminal.domain.tip import TipError, custom_tip, tip_for_rate, tip_options
from tests.unit.domain.domain_helpers import RATES


def usd(cents: int) -> Money:
    return Money(cents, "USD")


def big_order(catalog: Catalog) -> Cart:
    cart = Cart("USD")
    cart, _ = cart.add_item(catalog, "latte", {"size": ["large"], "milk": ["oat"]}, quantity=2)
    cart, _ = cart.add_item(catalog, "croissant")
    cart, _ = cart.add_item(catalog, "beans_house")
    cart, _ = cart.add_item(catalog, "mug")
    return cart


class TestCart:
    def test_lines_snapshot_prices_and_modifiers(self, catalog: Catalog) -> None:
        cart, line = Cart("usd").add_item(catalog, "latte", {"size": ["large"], "milk": ["oat"]}, quantity=2)
        assert line.line_id == 1 and cart.next_line_id == 2
        assert line.unit_total == usd(625)  # 4.50 + 1.00 large + 0.75 oat
        assert line.gross == usd(1250)
        assert cart.line(1) == line

    def test_edits_return_new_carts(self, catalog: Catalog) -> None:
        cart = big_order(catalog)
        fewer = cart.remove_line(2)
        assert [x.line_id for x in fewer.lines] == [1, 3, 4]
        assert len(cart.lines) == 4  # unchanged
        more, line = fewer.add_item(catalog, "scone")
        assert line.line_id == 5  # ids never reused
        assert more.set_quantity(5, 3).line(5).quantity == 3

    @pytest.mark.parametrize("quantity", [0, -1, 1000, 1.5, True])
    def test_quantity_bounds(self, catalog: Catalog, quantity: object) -> None:
        cart, _ = Cart("USD").add_item(catalog, "scone")
        with pytest.raises(CartError, match="quantity"):
            cart.set_quantity(1, quantity)  # type: ignore[arg-type]

    def test_unknown_line_and_bad_selection(self, catalog: Catalog) -> None:
        with pytest.raises(CartError, match="no line 9"):
            Cart("USD").remove_line(9)
        with pytest.raises(SelectionError):
            Cart("USD").add_item(catalog, "latte")  # size is required

    def test_currency_mismatch(self, catalog: Catalog) -> None:
        with pytest.raises(CartError, match="catalog is in USD"):
            Cart("EUR").add_item(catalog, "scone")
        line = CartLine(1, "x", "X", Money(100, "EUR"), 1, "prepared_food")
        with pytest.raises(CartError, match="another currency"):
            Cart("USD", (line,), None, 2)

    def test_add_line_must_use_next_id(self) -> None:
        with pytest.raises(CartError, match="id 1"):
            Cart("USD").add_line(CartLine(7, "x", "X", usd(100), 1, "prepared_food"))


class TestDiscount:
    def test_validation(self) -> None:
        bads: list[Callable[[], Discount]] = [
            lambda: Discount.percent(0, "m1"),
            lambda: Discount.percent(10_001, "m1"),
            lambda: Discount.fixed(-5, "m1"),
            lambda: Discount.fixed(100, ""),
        ]
        for bad in bads:
            with pytest.raises(DiscountError):
                bad()

    def test_amounts(self) -> None:
        assert Discount.percent(1000, "m1").amount_off(455) == 46  # 45.5 → 46, the half cent to the customer
        assert Discount.percent(10_000, "m1").amount_off(455) == 455
        assert Discount.fixed(100, "m1").amount_off(100) == 100
        with pytest.raises(DiscountError, match="more than"):
            Discount.fixed(101, "m1").amount_off(100)

    def test_labels_and_round_trip(self) -> None:
        assert Discount.percent(1000, "m1").label() == "10%"
        assert Discount.percent(1250, "m1").label() == "12.5%"
        d = Discount(DiscountKind.FIXED, 50, "m1", "regular")
        assert Discount.from_dict(d.to_dict()) == d

    def test_line_discount_larger_than_line_is_refused(self, catalog: Catalog) -> None:
        cart, _ = Cart("USD").add_item(catalog, "scone")  # 3.25
        with pytest.raises(DiscountError):
            cart.set_line_discount(1, Discount.fixed(326, "m1"))
        assert cart.set_line_discount(1, Discount.fixed(325, "m1")).totals(TaxTable(RATES)).total == usd(0)

    def test_order_discount_larger_than_order_is_refused(self, catalog: Catalog) -> None:
        cart, _ = Cart("USD").add_item(catalog, "scone")
        with pytest.raises(DiscountError):
            cart.set_discount(Discount.fixed(400, "m1"))

    def test_removing_a_line_under_a_fixed_discount_is_refused(self, catalog: Catalog) -> None:
        cart = big_order(catalog).set_discount(Discount.fixed(2000, "m1"))
        with pytest.raises(DiscountError):
            cart.remove_line(3).remove_line(4).remove_line(2)


class TestWorkedExample:
    def test_mixed_tax_classes_with_an_order_discount(self, catalog: Catalog) -> None:
        cart = big_order(catalog).set_discount(Discount.percent(1000, "m1", "staff"))
        t = cart.totals(TaxTable(RATES))
        assert t.subtotal == usd(4600)
        assert t.order_discount == usd(460)
        assert [x.order_discount.amount for x in t.lines] == [125, 35, 160, 140]
        assert [x.net.amount for x in t.lines] == [1125, 315, 1440, 1260]
        assert [(x.tax_class, x.base, x.tax) for x in t.taxes] == [
            ("grocery", 1440, 0),
            ("merchandise", 1260, 110),  # 110.25 → 110
            ("prepared_food", 1440, 126),
        ]
        assert t.tax == usd(236)
        assert t.net == usd(4140)
        assert t.total == usd(4376)

    def test_tax_rounds_half_up_per_class_not_per_line(self, catalog: Catalog) -> None:
        # Two lines of $1.00 at 8.75%: per line 8.75 → 9 each = 18; per class 17.5 → 18.
        # Three lines: per line 27, per class 26.25 → 26. We charge the per-class amount.
        line = CartLine(0, "x", "X", usd(100), 1, "prepared_food")
        cart = Cart("USD")
        for i in range(1, 4):
            cart = cart.add_line(CartLine(i, line.item_id, line.name, line.unit_price, 1, line.tax_class))
        assert cart.totals(TaxTable(RATES)).tax == usd(26)

    def test_missing_rate_is_an_error(self, catalog: Catalog) -> None:
        cart, _ = Cart("USD").add_item(catalog, "mug")
        with pytest.raises(TaxError, match="merchandise"):
            cart.totals(TaxTable({"prepared_food": 875}))

    def test_empty_cart(self) -> None:
        t = Cart("USD").totals(TaxTable(RATES))
        assert (t.subtotal, t.tax, t.total, t.taxes) == (usd(0), usd(0), usd(0), ())


class TestTax:
    @pytest.mark.parametrize(
        ("base", "rate", "tax"), [(100, 875, 9), (200, 875, 18), (0, 875, 0), (1000, 0, 0)]
    )
    def test_tax_on(self, base: int, rate: int, tax: int) -> None:
        assert tax_on(base, rate) == tax

    def test_refusals(self) -> None:
        with pytest.raises(TaxError):
            tax_on(-1, 875)
        with pytest.raises(TaxError):
            TaxTable({"x": 8750.0})  # type: ignore[dict-item]
        with pytest.raises(TaxError):
            TaxTable({"x": 50_001})

    def test_compute_groups_by_class(self) -> None:
        lines = compute_taxes([("a", 100), ("b", 50), ("a", 100)], TaxTable({"a": 875, "b": 1000}))
        assert [(x.tax_class, x.base, x.tax) for x in lines] == [("a", 200, 18), ("b", 50, 5)]


class TestTip:
    def test_presets_on_the_discounted_pre_tax_amount(self) -> None:
        options = tip_options(usd(650), (1500, 1800, 2000, 2250))
        assert [(o.label, o.amount) for o in options] == [
            ("15%", usd(98)),  # 97.5 → 98
            ("18%", usd(117)),
            ("20%", usd(130)),
            ("22.5%", usd(146)),  # 146.25 → 146
        ]

    def test_custom_and_refusals(self) -> None:
        assert custom_tip(usd(200), "usd") == usd(200)
        with pytest.raises(TipError):
            custom_tip(usd(-1), "USD")
        with pytest.raises(TipError):
            custom_tip(Money(1, "EUR"), "USD")
        with pytest.raises(TipError):
            tip_for_rate(usd(100), 10_001)
        with pytest.raises(TipError):
            tip_for_rate(usd(-100), 1000)


# -- properties over random carts -----------------------------------------------------------------


@st.composite
def carts(draw: st.DrawFn, catalog: Catalog) -> Cart:
    cart = Cart("USD")
    for _ in range(draw(st.integers(0, 8))):
        item = draw(st.sampled_from(catalog.items))
        picks = {}
        for group in catalog.groups_for(item):
            count = draw(st.integers(group.min_select, group.max_select))
            picks[group.id] = draw(st.permutations([o.id for o in group.options]))[:count]
        cart, line = cart.add_item(catalog, item.id, picks, quantity=draw(st.integers(1, 12)))
        kind = draw(st.sampled_from(["none", "percent", "fixed"]))
        if kind == "percent":
            cart = cart.set_line_discount(line.line_id, Discount.percent(draw(st.integers(1, 10_000)), "m1"))
        elif kind == "fixed":
            cart = cart.set_line_discount(
                line.line_id, Discount.fixed(draw(st.integers(1, line.gross.amount)), "m1")
            )
    base = price_cart(cart, TaxTable(RATES)).net.amount
    kind = draw(st.sampled_from(["none", "percent", "fixed"]))
    if kind == "percent":
        cart = cart.set_discount(Discount.percent(draw(st.integers(1, 10_000)), "m1"))
    elif kind == "fixed" and base > 0:
        cart = cart.set_discount(Discount.fixed(draw(st.integers(1, base)), "m1"))
    return cart


rates = st.fixed_dictionaries(
    {
        "prepared_food": st.integers(0, 2500),
        "grocery": st.integers(0, 2500),
        "merchandise": st.integers(0, 2500),
    }
)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), rate_map=rates)
def test_pricing_invariants(catalog: Catalog, data: st.DataObject, rate_map: dict[str, int]) -> None:
    cart = data.draw(carts(catalog))
    t = cart.totals(TaxTable(rate_map))
    # exact integer arithmetic everywhere
    assert all(
        type(m.amount) is int for m in (t.subtotal, t.tax, t.total, t.order_discount, t.line_discounts)
    )
    # the order discount's shares add up exactly, and no line goes negative
    assert sum(x.order_discount.amount for x in t.lines) == t.order_discount.amount
    assert all(x.net.amount >= 0 for x in t.lines)
    assert all(x.gross - x.line_discount - x.order_discount == x.net for x in t.lines)
    # totals = subtotal − discounts + tax
    assert t.total == t.subtotal - t.line_discounts - t.order_discount + t.tax
    assert sum(x.net.amount for x in t.lines) == t.net.amount
    # tax never negative, per class within half a cent of the exact figure, rounded half-up
    assert t.tax.amount >= 0
    for tl in t.taxes:
        exact = Fraction(tl.base * tl.rate_bp, 10_000)
        assert abs(tl.tax - exact) <= Fraction(1, 2)
        assert tl.tax - exact != Fraction(-1, 2)  # a half always rounds up
        assert tl.base == sum(x.net.amount for x in t.lines if x.tax_class == tl.tax_class)
    assert t.tax.amount == sum(x.tax for x in t.taxes)
    # pricing is a pure function
    assert cart.totals(TaxTable(rate_map)) == t
