"""Card sales through the till's UI: approved, each decline family, cancels, tips."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.domain.payment import PaymentStatus
from dripos_terminal.payments.failures import FailureKind
from dripos_terminal.ui.card_checkout_dialog import Phase
from tests.ui.card_helpers import VISA, CardRig, start_card_till


@pytest.fixture
def rig(qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path) -> CardRig:
    return start_card_till(qtbot, make_app, data_dir)


def test_approved_card_sale_with_a_till_tip_shows_the_masked_card(rig: CardRig) -> None:
    successes: list[object] = []
    rig.cards.on_payment_success.append(successes.append)
    tender, dialog = rig.open_card("latte", size=["medium"], milk=["whole"])
    assert dialog.phase is Phase.TIP and dialog.tip_row.isVisible()
    due = tender.due_label.amount()
    tip = dict(rig.app.till.sell.sale.tip_options())["18%"]
    rig.click(dialog.tip_buttons["cardTip_18"])
    assert dialog.amount_label.amount() == due + tip
    rig.charge(dialog)
    rig.qtbot.wait_until(lambda: "Tap, insert or swipe" in dialog.prompt_label.text())
    assert not dialog.retry_button.isVisible()
    rig.present(VISA)
    rig.wait_phase(dialog, Phase.APPROVED)
    assert dialog.prompt_label.text() == "Approved"
    assert "Visa •••• 4242" in dialog.detail_label.text()
    assert not dialog.retry_button.isVisible() and not dialog.cancel_button.isVisible()

    receipt = rig.finish_sale(tender, dialog)
    assert "Visa •••• 4242" in receipt and VISA not in receipt
    [charge] = rig.sim.ledger.charges()
    assert charge["amount"] == due + tip and charge["last4"] == "4242"
    record = rig.services.orders.get_by_number(1).result()
    assert record is not None and record.status == "paid"
    assert record.doc["tenders"][0]["kind"] == "card_present"
    assert record.doc["tenders"][0]["tip"]["amount"] == tip
    assert record.doc["tenders"][0]["reference"] == charge["payment_intent"]
    assert successes and not rig.cards.dialog
    rig.assert_money_safe()


@pytest.mark.parametrize(
    ("number", "text"),
    [
        ("4000000000000002", "Declined — ask for another card"),
        ("4000000000009995", "Declined: insufficient funds — ask for another card"),
        ("4000000000009987", "Declined"),
        ("4000000000009979", "Declined"),
        ("4000000000000069", "expired"),
        ("4000000000000119", "couldn't be processed"),
    ],
)
def test_each_decline_family_is_said_and_a_new_attempt_works(rig: CardRig, number: str, text: str) -> None:
    failures: list[FailureKind] = []
    rig.cards.on_payment_failure.append(failures.append)
    tender, dialog = rig.open_card()
    rig.charge(dialog)
    rig.present(number)
    rig.wait_phase(dialog, Phase.DECLINED)
    assert text in dialog.prompt_label.text()
    assert number not in dialog.prompt_label.text() + dialog.detail_label.text()
    assert dialog.retry_button.isVisible() and dialog.other_button.isVisible()
    assert not dialog.check_button.isVisible()
    assert tender.committed is None and not rig.app.till.sell.sale.has_tenders
    assert failures == [FailureKind.CARD_DECLINED]
    first = dialog.outcome
    assert first is not None
    assert rig.cards.store.get(first.payment_id).status is PaymentStatus.DECLINED

    rig.click(dialog.retry_button)  # a NEW payment
    rig.present(VISA)
    rig.wait_phase(dialog, Phase.APPROVED)
    assert dialog.outcome is not None and dialog.outcome.payment_id != first.payment_id
    rig.finish_sale(tender, dialog)
    assert len(rig.sim.ledger.charges()) == 1
    rig.assert_money_safe()


def test_customer_cancels_on_the_reader(rig: CardRig) -> None:
    tender, dialog = rig.open_card()
    rig.charge(dialog)
    rig.customer_cancel()
    rig.wait_phase(dialog, Phase.CANCELED)
    assert dialog.prompt_label.text() == "Payment canceled"
    rig.click(dialog.other_button)
    rig.qtbot.wait_until(lambda: rig.cards.dialog is None)
    assert tender.committed is None and tender.isVisible()
    assert rig.sim.ledger.charges() == []
    rig.assert_money_safe()
    tender.reject()


def test_till_cancel_before_the_tap_charges_nothing(rig: CardRig) -> None:
    tender, dialog = rig.open_card()
    rig.charge(dialog)
    rig.qtbot.wait_until(rig.reader_waiting, timeout=10_000)
    rig.click(dialog.cancel_button)
    rig.wait_phase(dialog, Phase.CANCELED)
    assert rig.sim.ledger.charges() == []
    rig.click(dialog.retry_button)  # and the same order can still be paid by card
    rig.present(VISA)
    rig.wait_phase(dialog, Phase.APPROVED)
    rig.finish_sale(tender, dialog)
    rig.assert_money_safe()


def test_cancel_after_the_card_was_read_shows_the_payment_intents_truth(rig: CardRig) -> None:
    rig.sim.processing_seconds = 0.6  # the card is being authorised when the barista presses Cancel
    tender, dialog = rig.open_card()
    rig.charge(dialog)
    rig.present(VISA)
    rig.click(dialog.cancel_button)
    assert dialog.phase is Phase.CANCELING
    rig.wait_phase(dialog, Phase.APPROVED)  # the customer paid: the till says so
    assert dialog.prompt_label.text() == "Approved"
    rig.finish_sale(tender, dialog)
    assert len(rig.sim.ledger.charges()) == 1
    rig.assert_money_safe()


def test_escape_while_paying_cancels_instead_of_closing(rig: CardRig) -> None:
    tender, dialog = rig.open_card()
    rig.charge(dialog)
    rig.qtbot.wait_until(rig.reader_waiting, timeout=10_000)
    dialog.reject()
    assert dialog.isVisible()
    rig.wait_phase(dialog, Phase.CANCELED)
    dialog.reject()
    rig.qtbot.wait_until(lambda: rig.cards.dialog is None)
    assert tender.committed is None
    rig.assert_money_safe()
    tender.reject()


def test_demo_panel_taps_a_card(rig: CardRig) -> None:
    tender, dialog = rig.open_card()
    panel = dialog.demo_panel
    assert panel is not None
    rig.charge(dialog)
    rig.qtbot.wait_until(rig.reader_waiting, timeout=10_000)
    panel.select_card("5555555555554444")  # type: ignore[attr-defined]
    rig.click(panel.tap_button)  # type: ignore[attr-defined]
    rig.wait_phase(dialog, Phase.APPROVED)
    assert "Mastercard •••• 4444" in dialog.detail_label.text()
    assert "Mastercard •••• 4444" in rig.finish_sale(tender, dialog)
    rig.assert_money_safe()
