"""A card order refunded (and voided) from the history screen: a real Stripe refund, never two."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.domain.money import Money
from dripos_terminal.domain.tender import TenderKind
from dripos_terminal.services.refunds import CardRefundProcessor
from dripos_terminal.ui.card_checkout_dialog import Phase
from tests.ui.card_helpers import VISA, CardRig, start_card_till
from tests.ui.helpers_till import approve_override


def _card_sale(rig: CardRig) -> str:
    tender, dialog = rig.open_card()
    rig.charge(dialog)
    rig.present(VISA)
    rig.wait_phase(dialog, Phase.APPROVED)
    rig.finish_sale(tender, dialog)
    [charge] = [c for c in rig.sim.ledger.charges() if c["amount_refunded"] == 0]
    return str(charge["payment_intent"])


def _open_history(rig: CardRig, rows: int) -> None:
    rig.click(rig.app.till.history_nav)
    history = rig.app.till.history
    rig.qtbot.wait_until(lambda: history.table.rowCount() == rows and not history.busy)


def test_refund_from_history_refunds_at_stripe_once(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    rig = start_card_till(qtbot, make_app, data_dir)
    pi_id = _card_sale(rig)
    _open_history(rig, 1)
    history = rig.app.till.history
    history.select_number(1)
    with qtbot.wait_signal(history.changed, timeout=15_000) as changed:
        rig.click(history.refund_button)
        approve_override(qtbot, history, "9999")
    assert changed.args[0].status == "refunded"
    [refund] = rig.sim.ledger.refunds()
    [charge] = rig.sim.ledger.charges()
    assert refund["payment_intent"] == pi_id and refund["amount"] == charge["amount"]
    assert charge["amount_refunded"] == charge["amount"]
    order = rig.services.sales.load(changed.args[0].order_id)
    tender = order.tenders[0]
    assert order.refunds[0].reference == refund["id"]

    # A repeat of the same refund (as after a crash before it was recorded) is not sent again.
    processor = rig.services.sales.processors[TenderKind.CARD_PRESENT]
    assert isinstance(processor, CardRefundProcessor)
    again = processor.refund(order, tender, Money(charge["amount"], "usd"), refund_id="r-x", reason="")
    assert again == refund["id"] and len(rig.sim.ledger.refunds()) == 1
    rig.assert_money_safe()


def test_void_of_a_card_order_refunds_it(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    rig = start_card_till(qtbot, make_app, data_dir, pin="9999")
    pi_id = _card_sale(rig)
    _open_history(rig, 1)
    history = rig.app.till.history
    history.select_number(1)
    with qtbot.wait_signal(history.changed, timeout=15_000) as changed:
        rig.click(history.void_button)
    assert changed.args[0].status == "voided"
    [refund] = rig.sim.ledger.refunds()
    assert refund["payment_intent"] == pi_id
    rig.assert_money_safe()
