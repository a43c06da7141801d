"""The order life cycle: every allowed transition, every refused one, guards, and persistence."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypedDict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dripos_terminal.domain.catalog import Catalog
from dripos_terminal.domain.discount import Discount, DiscountError
from dripos_terminal.domain.money import Money
from dripos_terminal.domain.order import EventKind, Order, OrderError, OrderLockedError
from dripos_terminal.domain.order_state import (
    ALLOWED_TRANSITIONS,
    FINAL_STATES,
    InvalidTransition,
    OrderState,
    check_transition,
)
from dripos_terminal.domain.tender import CardInfo, Refund, Tender, TenderKind, card_tender, cash_tender
from tests.unit.domain.domain_helpers import DAY, T0, new_order, usd

S = OrderState
VISA = CardInfo("visa", "4242")


class Who(TypedDict):
    staff_id: str
    at: datetime


STAFF: Who = {"staff_id": "barista-1", "at": T0}
MANAGER: Who = {"staff_id": "manager-1", "at": T0 + timedelta(minutes=5)}


def state_of(order: Order) -> OrderState:
    # A function call, so mypy does not keep an earlier `order.state is X` narrowing after a mutation.
    return order.state


def _offline(tender_id: str, amount: Money) -> Tender:
    return card_tender(tender_id, TenderKind.OFFLINE_CARD, amount, card=VISA, reference=f"off-{tender_id}")


def order_in(state: OrderState, catalog: Catalog) -> Order:
    """Drive a fresh order into `state` using only the public API."""
    order = new_order()
    order.add_item(catalog, "latte", {"size": ["medium"]})  # 5.00 + 8.75 % = 5.44
    if state is S.OPEN:
        return order
    if state is S.VOIDED:
        order.void(**MANAGER, reason="customer left", open_business_date=DAY)
        return order
    order.begin_tendering(**STAFF)
    if state is S.TENDERING:
        return order
    if state in (S.PAID, S.REFUNDED):
        order.add_tender(_offline("t1", order.balance_due), **STAFF)
    elif state is S.PARTIALLY_REFUNDED:  # cash, then a stored card for the rest
        order.add_tender(cash_tender("t1", usd(300), order.balance_due, allow_partial=True), **STAFF)
        order.add_tender(_offline("t2", order.balance_due), **STAFF)
    else:  # cash and two stored cards; the last one is declined when forwarded
        order.add_tender(cash_tender("t1", usd(200), order.balance_due, allow_partial=True), **STAFF)
        order.add_tender(_offline("t2", usd(200)), **STAFF)
        order.add_tender(_offline("t3", order.balance_due), **STAFF)
        order.decline_tender("t3", reason="insufficient funds", **STAFF)
    if state is S.PARTIALLY_REFUNDED:
        order.refund(Refund("r1", "t1", usd(100), "manager-1", T0))
    elif state is S.REFUNDED:
        order.refund(Refund("r1", "t1", usd(544), "manager-1", T0))
    elif state is S.WRITTEN_OFF:
        order.write_off(reason="customer gone", **MANAGER)
    assert order.state is state
    return order


def attempt(order: Order, target: OrderState) -> None:
    """Ask the order, through its API, to move to `target`."""
    if target is S.OPEN:
        order.reopen(**STAFF)
    elif target is S.TENDERING:
        order.begin_tendering(**STAFF)
    elif target is S.PAID:
        if order.state in (S.TENDERING, S.BALANCE_DUE):
            order.add_tender(
                card_tender("t9", TenderKind.CARD_PRESENT, order.balance_due, card=VISA, reference="pi"),
                **STAFF,
            )
        else:
            order.complete(**STAFF)
    elif target is S.PARTIALLY_REFUNDED:
        order.refund(Refund("r9", "t1", usd(1), "manager-1", T0))
    elif target is S.REFUNDED:
        for n, tender in enumerate(order.tenders or [None]):
            left = order.refundable(tender.tender_id) if tender else usd(1)
            left = left if left.amount > 0 else usd(1)
            order.refund(Refund(f"r9{n}", tender.tender_id if tender else "t1", left, "manager-1", T0))
    elif target is S.VOIDED:
        order.void(**MANAGER, reason="test", open_business_date=DAY)
    elif target is S.BALANCE_DUE:
        if order.state is S.TENDERING:
            order.add_tender(cash_tender("t8", usd(100), order.balance_due, allow_partial=True), **STAFF)
        stored = [t for t in order.tenders if t.kind is TenderKind.OFFLINE_CARD]
        if order.state in (S.OPEN, S.TENDERING) or not stored:
            order.leave_balance_due(reason="interrupted", **STAFF)
        else:
            order.decline_tender(stored[-1].tender_id, reason="insufficient funds", **STAFF)
    elif target is S.WRITTEN_OFF:
        order.write_off(reason="test", **MANAGER)


ALL_PAIRS = list(itertools.product(S, S))
ALLOWED = [(a, b) for a, b in ALL_PAIRS if b in ALLOWED_TRANSITIONS[a]]
REFUSED = [(a, b) for a, b in ALL_PAIRS if b not in ALLOWED_TRANSITIONS[a]]


def _id(pair: tuple[OrderState, OrderState]) -> str:
    return f"{pair[0].value}->{pair[1].value}"


class TestTable:
    def test_the_table_is_what_the_design_says(self) -> None:
        assert {
            S.OPEN: {S.TENDERING, S.VOIDED},
            S.TENDERING: {S.OPEN, S.PAID, S.VOIDED, S.BALANCE_DUE},
            S.PAID: {S.PARTIALLY_REFUNDED, S.REFUNDED, S.VOIDED, S.BALANCE_DUE},
            S.PARTIALLY_REFUNDED: {S.PARTIALLY_REFUNDED, S.REFUNDED, S.BALANCE_DUE},
            S.BALANCE_DUE: {S.BALANCE_DUE, S.PAID, S.WRITTEN_OFF},
            S.REFUNDED: set(),
            S.VOIDED: set(),
            S.WRITTEN_OFF: set(),
        } == ALLOWED_TRANSITIONS
        assert {S.REFUNDED, S.VOIDED, S.WRITTEN_OFF} == FINAL_STATES

    @pytest.mark.parametrize("pair", REFUSED, ids=_id)
    def test_check_refuses(self, pair: tuple[OrderState, OrderState]) -> None:
        with pytest.raises(InvalidTransition, match=f"cannot go from {pair[0].value} to {pair[1].value}"):
            check_transition(*pair)

    @pytest.mark.parametrize("pair", ALLOWED, ids=_id)
    def test_check_allows(self, pair: tuple[OrderState, OrderState]) -> None:
        check_transition(*pair)


class TestThroughTheApi:
    @pytest.mark.parametrize("pair", ALLOWED, ids=_id)
    def test_every_allowed_transition(self, catalog: Catalog, pair: tuple[OrderState, OrderState]) -> None:
        source, target = pair
        order = order_in(source, catalog)
        attempt(order, target)
        assert order.state is target
        last = order.events[-1]
        assert (last.details["from_state"], last.details["to_state"]) == (source.value, target.value)

    @pytest.mark.parametrize("pair", REFUSED, ids=_id)
    def test_every_refused_transition_changes_nothing(
        self, catalog: Catalog, pair: tuple[OrderState, OrderState]
    ) -> None:
        source, target = pair
        order = order_in(source, catalog)
        before = order.to_dict()
        with pytest.raises(InvalidTransition) as info:
            attempt(order, target)
        assert info.value.current is source
        assert order.to_dict() == before

    @pytest.mark.parametrize(
        "state",
        [S.TENDERING, S.PAID, S.PARTIALLY_REFUNDED, S.REFUNDED, S.VOIDED, S.BALANCE_DUE, S.WRITTEN_OFF],
    )
    def test_lines_are_immutable_once_tendering(self, catalog: Catalog, state: OrderState) -> None:
        order = order_in(state, catalog)
        lines = order.lines
        edits: list[Callable[[], object]] = [
            lambda: order.add_item(catalog, "scone"),
            lambda: order.remove_line(1),
            lambda: order.set_quantity(1, 2),
            lambda: order.set_line_discount(1, Discount.percent(1000, "manager-1"), **MANAGER),
            lambda: order.set_discount(Discount.percent(1000, "manager-1"), **MANAGER),
        ]
        for edit in edits:
            with pytest.raises(OrderLockedError, match=f"#0042 is {state.label}"):
                edit()
        assert order.lines == lines


class TestGuards:
    def test_empty_order_cannot_be_tendered(self) -> None:
        order = new_order()
        with pytest.raises(InvalidTransition, match="no lines"):
            order.begin_tendering(**STAFF)
        with pytest.raises(InvalidTransition, match="no lines"):
            order.add_tender(cash_tender("t1", usd(100), usd(100)), **STAFF)
        assert order.state is S.OPEN

    def test_reopen_only_before_any_tender(self, catalog: Catalog) -> None:
        order = order_in(S.TENDERING, catalog)
        order.add_tender(cash_tender("t1", usd(100), order.balance_due, allow_partial=True), **STAFF)
        with pytest.raises(InvalidTransition, match="tender has already been taken"):
            order.reopen(**STAFF)

    def test_void_of_a_paid_order_after_close_of_day_is_refused(self, catalog: Catalog) -> None:
        order = order_in(S.PAID, catalog)
        with pytest.raises(InvalidTransition, match="business day 2026-03-31 is closed; refund"):
            order.void(**MANAGER, reason="late", open_business_date=DAY + timedelta(days=1))
        assert order.state is S.PAID

    def test_void_of_a_forgotten_open_order_from_yesterday_is_fine(self, catalog: Catalog) -> None:
        order = order_in(S.OPEN, catalog)
        assert order.void(**MANAGER, reason="parked", open_business_date=DAY + timedelta(days=1)) == ()
        assert order.state is S.VOIDED

    def test_void_returns_the_tenders_to_reverse(self, catalog: Catalog) -> None:
        order = order_in(S.PAID, catalog)
        reversed_tenders = order.void(**MANAGER, reason="wrong order", open_business_date=DAY)
        assert [t.tender_id for t in reversed_tenders] == ["t1"]
        event = order.events[-1]
        assert event.kind is EventKind.VOIDED and event.staff_id == "manager-1"
        assert event.details["tenders"] == "t1" and event.details["reason"] == "wrong order"

    def test_void_mid_split_tender(self, catalog: Catalog) -> None:
        order = order_in(S.TENDERING, catalog)
        order.add_tender(cash_tender("t1", usd(200), order.balance_due, allow_partial=True), **STAFF)
        assert [t.tender_id for t in order.void(**MANAGER, reason="x", open_business_date=DAY)] == ["t1"]

    def test_overpayment_is_refused(self, catalog: Catalog) -> None:
        order = order_in(S.OPEN, catalog)
        big = card_tender("t1", TenderKind.CARD_PRESENT, usd(545), card=VISA, reference="pi")
        with pytest.raises(OrderError, match=r"more than the \$5.44 due"):
            order.add_tender(big, **STAFF)
        assert order.state is S.OPEN and order.events[-1].kind is EventKind.OPENED

    def test_tender_checks(self, catalog: Catalog) -> None:
        order = order_in(S.TENDERING, catalog)
        with pytest.raises(OrderError, match="EUR"):
            order.add_tender(cash_tender("t1", Money(100, "EUR"), Money(100, "EUR")), **STAFF)
        order.add_tender(cash_tender("t1", usd(100), order.balance_due, allow_partial=True), **STAFF)
        with pytest.raises(OrderError, match="already recorded"):
            order.add_tender(cash_tender("t1", usd(100), order.balance_due, allow_partial=True), **STAFF)
        with pytest.raises(OrderError, match="staff"):
            order.add_tender(
                cash_tender("t2", usd(100), order.balance_due, allow_partial=True), staff_id="", at=T0
            )
        with pytest.raises(OrderError, match="timezone"):
            order.add_tender(
                cash_tender("t2", usd(100), order.balance_due, allow_partial=True),
                staff_id="b",
                at=T0.replace(tzinfo=None),
            )
        assert len(order.tenders) == 1

    def test_refund_checks(self, catalog: Catalog) -> None:
        order = order_in(S.PAID, catalog)
        with pytest.raises(OrderError, match="no tender t7"):
            order.refund(Refund("r1", "t7", usd(1), "m", T0))
        with pytest.raises(OrderError, match=r"more than the \$5.44 left"):
            order.refund(Refund("r1", "t1", usd(545), "m", T0))
        order.refund(Refund("r1", "t1", usd(44), "m", T0))
        with pytest.raises(OrderError, match="already recorded"):
            order.refund(Refund("r1", "t1", usd(1), "m", T0))
        assert order.refundable("t1") == usd(500)
        assert order.refunded_total == usd(44)
        # a partly refunded order can no longer be voided, only refunded further
        with pytest.raises(InvalidTransition):
            order.void(**MANAGER, reason="x", open_business_date=DAY)

    def test_complete_a_fully_comped_order(self, catalog: Catalog) -> None:
        order = order_in(S.OPEN, catalog)
        order.set_discount(Discount.percent(10_000, "manager-1", "comp"), **MANAGER)
        assert order.balance_due == usd(0)
        order.complete(**STAFF)
        assert order.state is S.PAID and order.tenders == ()
        assert [e.kind for e in order.events][-2:] == [EventKind.TENDERING_STARTED, EventKind.PAID]

    def test_discounts_record_who_authorised_them(self, catalog: Catalog) -> None:
        order = order_in(S.OPEN, catalog)
        order.set_line_discount(1, Discount.fixed(50, "manager-1", "regular"), **MANAGER)
        event = order.events[-1]
        assert event.kind is EventKind.LINE_DISCOUNT_SET
        assert event.details == {
            "line_id": 1,
            "discount": "fixed",
            "value": 50,
            "authorised_by": "manager-1",
            "reason": "regular",
        }
        with pytest.raises(DiscountError):
            order.set_discount(Discount.fixed(10_000, "manager-1"), **MANAGER)
        assert order.cart.discount is None and order.events[-1] is event
        order.set_line_discount(1, None, **MANAGER)
        assert order.events[-1].details == {"line_id": 1, "discount": None}


class TestMoneyFlow:
    def test_split_tender_cash_then_card_with_tip(self, catalog: Catalog) -> None:
        order = new_order()
        order.add_item(catalog, "latte", {"size": ["large"], "milk": ["oat"]}, quantity=2)
        order.add_item(catalog, "beans_house")
        # 12.50 + 8.75 % (1.09375 → 1.09) + 16.00 grocery = 29.59
        assert order.totals.total == usd(2959)
        order.add_tender(cash_tender("t1", usd(1000), order.balance_due, allow_partial=True), **STAFF)
        assert state_of(order) is S.TENDERING and order.balance_due == usd(1959)
        tip = order.tip_base.basis_points(1500)  # 15 % of 28.50 = 4.275 → 4.28
        card = card_tender(
            "t2", TenderKind.CARD_PRESENT, order.balance_due, card=VISA, reference="pi_1", tip=tip
        )
        order.add_tender(card, **STAFF)
        assert state_of(order) is S.PAID
        assert (order.balance_due, order.amount_paid, order.tip_total) == (usd(0), usd(2959), usd(428))
        kinds = [e.kind for e in order.events]
        assert kinds == [
            EventKind.OPENED,
            EventKind.TENDERING_STARTED,
            EventKind.TENDER_ADDED,
            EventKind.TENDER_ADDED,
            EventKind.PAID,
        ]

    def test_cash_change_and_full_refund_including_tip(self, catalog: Catalog) -> None:
        order = order_in(S.OPEN, catalog)
        order.add_tender(cash_tender("t1", usd(1000), order.balance_due, tip=usd(56)), **STAFF)
        assert (order.state, order.change_given, order.tip_total) == (S.PAID, usd(400), usd(56))
        order.refund(Refund("r1", "t1", usd(544), "manager-1", T0))
        assert state_of(order) is S.PARTIALLY_REFUNDED  # the tip is still with the shop
        order.refund(Refund("r2", "t1", usd(56), "manager-1", T0))
        assert state_of(order) is S.REFUNDED and order.refundable("t1") == usd(0)

    @settings(max_examples=40, deadline=None)
    @given(cuts=st.lists(st.integers(1, 10_000), max_size=4), quantity=st.integers(1, 20))
    def test_any_split_settles_exactly(self, catalog: Catalog, cuts: list[int], quantity: int) -> None:
        order = new_order()
        order.add_item(catalog, "mocha", {"size": ["small"]}, quantity=quantity)
        total = order.totals.total
        for i, cut in enumerate(cuts):
            if order.balance_due.amount <= 1:
                break
            part = usd(min(cut, order.balance_due.amount - 1))
            order.add_tender(cash_tender(f"c{i}", part, order.balance_due, allow_partial=True), **STAFF)
        order.add_tender(
            card_tender("last", TenderKind.MANUAL_CARD, order.balance_due, card=VISA, reference="pi"), **STAFF
        )
        assert order.state is S.PAID
        assert sum(t.amount.amount for t in order.tenders) == total.amount
        assert order.balance_due == usd(0)


class TestIdentityAndPersistence:
    def test_display_number(self) -> None:
        assert new_order(42).display_number == "#0042"
        assert new_order(12345).display_number == "#12345"
        assert "#0042" in repr(new_order(42))

    def test_numbers_come_from_the_store(self) -> None:
        with pytest.raises(OrderError):
            new_order(0)

    def test_round_trip_through_json(self, catalog: Catalog) -> None:
        order = new_order()
        order.add_item(
            catalog, "latte", {"size": ["large"], "milk": ["oat"], "syrup": ["vanilla"]}, 2, "extra hot"
        )
        order.add_item(catalog, "mug")
        order.add_item(catalog, "scone")
        order.remove_line(3)
        order.set_line_discount(2, Discount.fixed(200, "manager-1", "chipped"), **MANAGER)
        order.set_discount(Discount.percent(1000, "manager-1", "staff"), **MANAGER)
        order.add_tender(cash_tender("t1", usd(500), order.balance_due, allow_partial=True), **STAFF)
        rest = order.balance_due
        order.add_tender(
            card_tender("t2", TenderKind.OFFLINE_CARD, rest, card=VISA, reference="off_1", tip=usd(150)),
            **STAFF,
        )
        order.refund(Refund("r1", "t2", usd(100), "manager-1", T0 + timedelta(hours=1), "cold", "re_1"))

        doc = json.loads(json.dumps(order.to_dict()))
        again = Order.from_dict(doc)
        assert again.to_dict() == order.to_dict()
        assert again.totals == order.totals
        assert (again.state, again.events, again.tenders, again.refunds) == (
            order.state,
            order.events,
            order.tenders,
            order.refunds,
        )
        assert again.cart.next_line_id == 4

    def test_open_order_round_trip_keeps_working(self, catalog: Catalog) -> None:
        order = order_in(S.OPEN, catalog)
        again = Order.from_dict(json.loads(json.dumps(order.to_dict())))
        line = again.add_item(catalog, "croissant")
        assert line.line_id == 2

    def test_malformed_documents(self, catalog: Catalog) -> None:
        doc = order_in(S.PAID, catalog).to_dict()
        with pytest.raises(OrderError, match="schema"):
            Order.from_dict({**doc, "schema": 99})
        with pytest.raises(OrderError, match="malformed"):
            Order.from_dict({k: v for k, v in doc.items() if k != "cart"})
        with pytest.raises(OrderError, match="malformed"):
            Order.from_dict({**doc, "state": "lost"})


class TestBalanceDue:
    """The order follows its payments: a stored card declined after the sale leaves a balance due."""

    def _paid_by_stored_card(self, catalog: Catalog, tip: int = 80) -> Order:
        order = order_in(S.TENDERING, catalog)
        stored = card_tender(
            "t1", TenderKind.OFFLINE_CARD, order.balance_due, card=VISA, reference="off-1", tip=usd(tip)
        )
        order.add_tender(stored, **STAFF)
        assert order.state is S.PAID
        return order

    def test_a_declined_stored_card_leaves_the_sale_owed(self, catalog: Catalog) -> None:
        order = self._paid_by_stored_card(catalog)
        order.decline_tender("t1", reason="Declined: insufficient funds", **MANAGER)
        assert order.state is S.BALANCE_DUE
        assert order.tenders == () and order.amount_paid == usd(0)
        assert order.balance_due == usd(544)  # the sale; the declined tip is simply not had
        [declined] = order.declined_tenders
        assert declined.tender.tender_id == "t1" and declined.tender.tip == usd(80)
        assert declined.reason == "Declined: insufficient funds"
        event = order.events[-1]
        assert event.kind is EventKind.TENDER_DECLINED and event.details["to_state"] == "balance_due"
        assert (event.details["amount"], event.details["tip"]) == (544, 80)

    @pytest.mark.parametrize("action", ["refund", "void"])
    def test_refund_and_void_are_refused_with_the_reason(self, catalog: Catalog, action: str) -> None:
        order = self._paid_by_stored_card(catalog)
        order.decline_tender("t1", reason="declined", **MANAGER)
        before = order.to_dict()
        with pytest.raises(
            InvalidTransition, match="declined and a balance is due — collect it or write it off"
        ):
            if action == "refund":
                order.refund(Refund("r1", "t1", usd(1), "manager-1", T0))
            else:
                order.void(**MANAGER, reason="x", open_business_date=DAY)
        assert order.to_dict() == before

    def test_collected_in_parts_then_paid(self, catalog: Catalog) -> None:
        order = self._paid_by_stored_card(catalog)
        order.decline_tender("t1", reason="declined", **MANAGER)
        order.add_tender(cash_tender("c1", usd(200), order.balance_due, allow_partial=True), **MANAGER)
        assert order.state is S.BALANCE_DUE and order.balance_due == usd(344)
        order.add_tender(cash_tender("c2", usd(400), order.balance_due), **MANAGER)
        assert order.state is S.PAID and order.change_given == usd(56) and order.balance_due == usd(0)

    def test_written_off_is_final_and_says_how_much(self, catalog: Catalog) -> None:
        order = self._paid_by_stored_card(catalog)
        order.decline_tender("t1", reason="declined", **MANAGER)
        assert order.write_off(reason="customer unreachable", **MANAGER) == usd(544)
        assert order.state is S.WRITTEN_OFF and order.written_off == usd(544)
        assert order.events[-1].details["amount"] == 544
        with pytest.raises(InvalidTransition, match="not taking payments"):
            order.add_tender(cash_tender("c1", usd(544), usd(544)), **MANAGER)
        with pytest.raises(InvalidTransition, match="the order is final"):
            order.void(**MANAGER, reason="x", open_business_date=DAY)

    def test_only_stored_cards_can_be_declined_later(self, catalog: Catalog) -> None:
        order = order_in(S.TENDERING, catalog)
        order.add_tender(cash_tender("c1", usd(1000), order.balance_due), **STAFF)
        with pytest.raises(OrderError, match="only a stored"):
            order.decline_tender("c1", reason="x", **MANAGER)
        assert order.state is S.PAID and len(order.tenders) == 1

    def test_declined_while_still_being_paid_just_leaves_more_to_pay(self, catalog: Catalog) -> None:
        order = order_in(S.TENDERING, catalog)
        order.add_tender(_offline("t1", usd(300)), **STAFF)
        order.decline_tender("t1", reason="declined", **STAFF)
        assert order.state is S.TENDERING and order.balance_due == usd(544)
        assert order.events[-1].kind is EventKind.TENDER_DECLINED

    def test_round_trip_keeps_declines_and_write_offs(self, catalog: Catalog) -> None:
        order = self._paid_by_stored_card(catalog)
        order.decline_tender("t1", reason="declined", **MANAGER)
        order.write_off(reason="gone", **MANAGER)
        again = Order.from_dict(json.loads(json.dumps(order.to_dict())))
        assert again.to_dict() == order.to_dict()
        assert again.written_off == usd(544) and again.declined_tenders[0].tender.tender_id == "t1"
