"""Orders follow their payments: a stored card payment declined when forwarded leaves its order owing.

The order says so (Orders, with its number; its receipt reprints with it), refunds and voids are
refused with the reason, and a manager settles it one of three ways — another payment, cash collected,
or a write-off — each audited. Real parts: SQLCipher store, the Stripe simulator over HTTP, the real
offline forwarder, dialogs and manager PIN prompts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.domain.order_state import InvalidTransition, OrderState
from dripos_terminal.domain.payment import PaymentStatus
from dripos_terminal.domain.staff import Permission
from dripos_terminal.services.order_book import AUDIT_COLLECTED, AUDIT_DECLINED
from dripos_terminal.services.sales import AUDIT_WRITTEN_OFF
from dripos_terminal.ui.card_checkout_dialog import CardCheckoutDialog, Phase
from dripos_terminal.ui.history_screen import HistoryScreen
from dripos_terminal.ui.tender_dialog import TenderDialog
from tests.support.money import assert_orders_match_payments, assert_stripe_matches_till
from tests.ui.card_helpers import VISA, WAIT_MS
from tests.ui.helpers_till import approve_override
from tests.ui.offline_helpers import DECLINE_PAN, MANAGER_PIN, OfflineRig, start_offline_till


@pytest.fixture
def owed(qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path) -> tuple[OfflineRig, str]:
    """A till whose stored payment for one order (a latte with a tip) was declined when forwarded."""
    rig = start_offline_till(qtbot, make_app, data_dir)
    rig.sim.faults.add("reader_offline", count=None)
    rig.switch_offline()
    payment_id = rig.sell_offline(DECLINE_PAN, tip="15")
    rig.recover()
    outbox = rig.payments.outbox
    qtbot.wait_until(lambda: outbox.get(payment_id).status is PaymentStatus.DECLINED, timeout=WAIT_MS)
    return rig, outbox.get(payment_id).order_id


def _orders(rig: OfflineRig, order_id: str) -> HistoryScreen:
    """Open Orders and select the order."""
    rig.click(rig.app.till.history_nav)
    history = rig.app.till.history
    rig.qtbot.wait_until(lambda: not history.busy and any(v.order_id == order_id for v in history.orders))
    number = rig.services.sales.load(order_id).number
    history.select_number(number)
    assert history.selected() is not None and history.selected().order_id == order_id
    return history


def _actions(rig: OfflineRig, order_id: str) -> list[str]:
    return [e.action for e in rig.audit_actions() if e.subject == order_id]


def test_the_order_receipt_and_orders_say_balance_due_and_refunds_wait(owed: tuple[OfflineRig, str]) -> None:
    rig, order_id = owed
    order = rig.services.sales.load(order_id)
    assert order.state is OrderState.BALANCE_DUE
    due = order.balance_due.amount
    assert due == order.totals.total.amount and order.tenders == ()
    assert rig.sim.ledger.charges() == []
    history = _orders(rig, order_id)
    row = [v.order_id for v in history.orders].index(order_id)
    assert history.table.item(row, 0).text() == order.display_number
    assert history.table.item(row, 3).text() == "payment declined — balance due"
    owed_text = history.owed_label.text()
    assert history.owed_label.isVisible() and order.display_number in owed_text and "is due" in owed_text
    assert not history.refund_button.isEnabled() and not history.void_button.isEnabled()
    for button in (history.collect_button, history.cash_button, history.write_off_button):
        assert button.isVisible() and button.isEnabled()
    rig.click(history.receipt_button)  # the receipt reprints with the decline and the balance
    rig.qtbot.wait_until(lambda: rig.app.window.current_screen_name() == "receipt")
    receipt = rig.app.till.receipt.text.text()
    assert "•••• 9995 (stored offline)" in receipt and "DECLINED" in receipt
    assert "BALANCE DUE" in receipt and "*** PAYMENT DECLINED — BALANCE DUE ***" in receipt
    assert DECLINE_PAN not in receipt
    manager = next(m for m in rig.services.staff.members() if m.can(Permission.REFUND))
    for permission, action in (
        (Permission.REFUND, rig.services.sales.refund),
        (Permission.VOID, rig.services.sales.void),
    ):
        with pytest.raises(
            InvalidTransition, match="declined and a balance is due — collect it or write it off"
        ):
            action(order_id, rig.services.staff.authorize(manager, permission))
    assert rig.services.sales.load(order_id).state is OrderState.BALANCE_DUE
    assert AUDIT_DECLINED in _actions(rig, order_id)
    assert_stripe_matches_till(rig.sim.ledger, rig.services.db)
    assert_orders_match_payments(rig.services.db)


def test_the_balance_is_collected_by_another_card_payment(owed: tuple[OfflineRig, str]) -> None:
    rig, order_id = owed
    due = rig.services.sales.load(order_id).balance_due.amount
    history = _orders(rig, order_id)
    rig.click(history.collect_button)
    sell = rig.app.till.sell
    rig.qtbot.wait_until(lambda: isinstance(sell.dialog, TenderDialog), timeout=WAIT_MS)
    tender = sell.dialog
    assert isinstance(tender, TenderDialog) and tender.remaining_label.amount() == due
    rig.click(tender.card_button)
    dialog = rig.cards.dialog
    assert isinstance(dialog, CardCheckoutDialog)
    rig.qtbot.wait_until(lambda: not dialog.display_pending, timeout=WAIT_MS)
    rig.charge(dialog)
    rig.present(VISA)
    rig.wait_phase(dialog, Phase.APPROVED)
    receipt = rig.finish_sale(tender, dialog)
    assert "•••• 4242" in receipt and "BALANCE DUE" not in receipt
    order = rig.services.sales.load(order_id)
    assert order.state is OrderState.PAID and order.balance_due.amount == 0
    [charge] = rig.sim.ledger.charges()
    assert charge["amount"] == due and charge["metadata"]["order_id"] == order_id
    assert AUDIT_COLLECTED in _actions(rig, order_id)
    assert_stripe_matches_till(rig.sim.ledger, rig.services.db)
    assert_orders_match_payments(rig.services.db)


def test_a_manager_records_the_balance_collected_in_cash(owed: tuple[OfflineRig, str]) -> None:
    rig, order_id = owed
    due = rig.services.sales.load(order_id).balance_due.amount
    history = _orders(rig, order_id)
    with rig.qtbot.wait_signal(history.changed, timeout=WAIT_MS) as changed:
        rig.click(history.cash_button)
        approve_override(rig.qtbot, history, MANAGER_PIN)
    assert changed.args[0].status == "paid"
    order = rig.services.sales.load(order_id)
    assert order.state is OrderState.PAID and [t.kind.value for t in order.tenders] == ["cash"]
    assert order.tenders[0].amount.amount == due
    [entry] = [e for e in rig.audit_actions() if e.action == AUDIT_COLLECTED and e.subject == order_id]
    assert entry.details["event"] == "cash_collected" and entry.details["approver"] == "demo-alex"
    assert rig.sim.ledger.charges() == []
    assert_orders_match_payments(rig.services.db)


def test_a_manager_writes_the_balance_off(owed: tuple[OfflineRig, str]) -> None:
    rig, order_id = owed
    due = rig.services.sales.load(order_id).balance_due.amount
    history = _orders(rig, order_id)
    with rig.qtbot.wait_signal(history.changed, timeout=WAIT_MS) as changed:
        rig.click(history.write_off_button)
        approve_override(rig.qtbot, history, MANAGER_PIN)
    assert changed.args[0].status == "written_off" and changed.args[0].written_off == due
    order = rig.services.sales.load(order_id)
    assert order.state is OrderState.WRITTEN_OFF and order.written_off.amount == due
    [entry] = [e for e in rig.audit_actions() if e.action == AUDIT_WRITTEN_OFF and e.subject == order_id]
    assert entry.details["amount"] == due and entry.details["approver"] == "demo-alex"
    rig.qtbot.wait_until(
        lambda: not history.busy and any(v.status == "written_off" for v in history.orders), timeout=WAIT_MS
    )
    history.select_number(order.number)
    rig.click(history.receipt_button)
    rig.qtbot.wait_until(lambda: rig.app.window.current_screen_name() == "receipt")
    assert "*** BALANCE WRITTEN OFF ***" in rig.app.till.receipt.text.text()
    assert rig.sim.ledger.charges() == []
    assert_orders_match_payments(rig.services.db)
