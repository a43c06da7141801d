"""Money rule 7 on the screen: "Approved" is said only once the outcome row is committed.

The store is made to refuse writes (as a read-only or full disk would) while Stripe approves the card:
the charge exists at Stripe, the till cannot record it, and the card dialog must never have said
"Approved". Once the store takes writes again, "Check again" records the approval and only then says so.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.domain.payment import PaymentStatus
from dripos_terminal.ui.card_checkout_dialog import Phase
from tests.ui.card_helpers import VISA, start_card_till
from tests.ui.helpers_till import make_read_only


def _texts_of(label: QLabel) -> list[str]:
    """Every text the label is given from now on (the dialog sets it from Python)."""
    seen = [label.text()]
    original = label.setText

    def record(text: str) -> None:
        seen.append(text)
        original(text)

    label.setText = record  # type: ignore[method-assign]
    return seen


def test_approval_that_cannot_be_committed_is_never_shown_as_approved(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    rig = start_card_till(qtbot, make_app, data_dir)
    db = rig.services.db
    rig.sim.processing_seconds = 0.5  # the card is being authorised while the store goes read-only
    tender, dialog = rig.open_card()
    said = _texts_of(dialog.prompt_label)
    detail = _texts_of(dialog.detail_label)
    rig.charge(dialog)
    rig.present(VISA)
    make_read_only(db)
    qtbot.wait_until(lambda: len(rig.sim.ledger.charges()) == 1, timeout=10_000)  # Stripe took the money
    rig.wait_phase(dialog, Phase.UNKNOWN, Phase.APPROVED)
    assert dialog.phase is Phase.UNKNOWN
    assert not [t for t in said + detail if "approved" in t.lower()], said
    assert "not confirmed" in dialog.prompt_label.text().lower()
    assert tender.committed is None and not rig.app.till.sell.sale.has_tenders
    outcome = dialog.outcome
    assert outcome is not None
    make_read_only(db, False)
    assert rig.cards.store.get(outcome.payment_id).status is not PaymentStatus.SUCCEEDED  # never recorded
    rig.click(dialog.check_button)
    rig.wait_phase(dialog, Phase.APPROVED)
    assert rig.cards.store.get(outcome.payment_id).status is PaymentStatus.SUCCEEDED
    assert said[-1] == "Approved"
    rig.finish_sale(tender, dialog)
    assert len(rig.sim.ledger.charges()) == 1
    rig.assert_money_safe()
