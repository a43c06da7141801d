"""Manual card entry through the UI: online approval and decline, inline validation, no PAN anywhere."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.domain.card import CardField
from dripos_terminal.ui.card_checkout_dialog import Phase
from dripos_terminal.ui.manual_entry_dialog import ManualEntryDialog
from tests.ui.card_helpers import CardRig, start_card_till, type_into

MC = "5555555555554444"


@pytest.fixture
def rig(qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path) -> CardRig:
    return start_card_till(qtbot, make_app, data_dir)


def test_manual_entry_approved(rig: CardRig, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    tender, dialog = rig.open_card()
    rig.manual(dialog, MC, "1230", "123", "97205")
    rig.wait_phase(dialog, Phase.APPROVED)
    assert "Mastercard •••• 4444" in dialog.detail_label.text()
    receipt = rig.finish_sale(tender, dialog)
    assert "Mastercard •••• 4444" in receipt and MC not in receipt
    record = rig.services.orders.get_by_number(1).result()
    assert record is not None and record.doc["tenders"][0]["kind"] == "manual_card"
    assert MC not in caplog.text and "123" not in [r.getMessage() for r in caplog.records]
    rig.assert_money_safe()


def test_manual_entry_declined_then_another_card(rig: CardRig, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    tender, dialog = rig.open_card()
    rig.manual(dialog, "4000000000009995", "12/30", "123")
    rig.wait_phase(dialog, Phase.DECLINED)
    assert "insufficient funds" in dialog.prompt_label.text()
    assert tender.committed is None and not rig.app.till.sell.sale.has_tenders
    rig.click(dialog.retry_button)  # manual again: a blank form
    rig.qtbot.wait_until(lambda: isinstance(dialog.manual_dialog, ManualEntryDialog))
    form = dialog.manual_dialog
    assert form is not None and form.number.text() == "" and form.cvc.text() == ""
    form.reject()
    rig.click(dialog.retry_button)
    rig.qtbot.wait_until(lambda: dialog.manual_dialog is not None)
    form = dialog.manual_dialog
    assert form is not None
    for edit, text in ((form.number, MC), (form.expiry, "1230"), (form.cvc, "321")):
        type_into(rig.qtbot, edit, text)
    rig.click(form.charge_button)
    rig.wait_phase(dialog, Phase.APPROVED)
    rig.finish_sale(tender, dialog)
    assert "4000000000009995" not in caplog.text and MC not in caplog.text
    rig.assert_money_safe()


def test_field_errors_are_inline_and_never_show_the_number(rig: CardRig) -> None:
    tender, dialog = rig.open_card()
    rig.click(dialog.manual_button)
    rig.qtbot.wait_until(lambda: dialog.manual_dialog is not None)
    form = dialog.manual_dialog
    assert form is not None
    bad = "4242424242424241"  # fails Luhn
    type_into(rig.qtbot, form.number, bad)
    assert form.number.text() == "4242 4242 4242 4241"  # grouped while typing
    assert form.brand_label.text() == "Visa"
    type_into(rig.qtbot, form.expiry, "1320")
    type_into(rig.qtbot, form.cvc, "12")
    rig.click(form.charge_button)
    errors = {field: label.text() for field, label in form.errors.items()}
    assert "not valid" in errors[CardField.NUMBER]
    assert "01 to 12" in errors[CardField.EXPIRY]
    assert "3 digits" in errors[CardField.CVC]
    shown = " ".join(errors.values()) + dialog.prompt_label.text() + dialog.detail_label.text()
    assert bad not in shown and bad[-8:] not in shown.replace(" ", "")
    assert form.isVisible() and dialog.phase is Phase.TIP
    assert rig.sim.ledger.payment_intents() == []

    form.number.clear()
    type_into(rig.qtbot, form.number, "4242٤٢")  # Arabic-Indic digits are not card digits
    assert form.errors[CardField.NUMBER].text() == "Use the digits 0-9 only"
    assert form.number.text() == "4242"

    type_into(rig.qtbot, form.number, "424242424242")
    assert form.cvc.echoMode() is form.cvc.EchoMode.Password
    form.reject()  # closing clears every field, whatever the outcome
    assert form.number.text() == "" and form.cvc.text() == "" and form.expiry.text() == ""
    assert not form.number.isUndoAvailable() and not form.cvc.isUndoAvailable()
    dialog.reject()
    rig.qtbot.wait_until(lambda: rig.cards.dialog is None)
    tender.reject()
