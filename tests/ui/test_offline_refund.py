"""An offline card sale voided from the history screen before it was forwarded: never charged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.domain.payment import PaymentStatus
from dripos_terminal.store.outbox import AUDIT_VOIDED, VOIDED_CODE
from tests.ui.card_helpers import WAIT_MS
from tests.ui.helpers_till import approve_override
from tests.ui.offline_helpers import MANAGER_PIN, start_offline_till

VISA = "4242424242424242"


def test_void_of_a_pending_offline_sale_from_history_is_never_forwarded(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    rig = start_offline_till(qtbot, make_app, data_dir)
    rig.sim.faults.add("reader_offline", count=None)
    rig.switch_offline()
    voided = rig.sell_offline(VISA)
    kept = rig.sell_offline(VISA)
    outbox = rig.payments.outbox
    assert outbox.get(voided).status is PaymentStatus.PENDING

    rig.click(rig.app.till.history_nav)
    history = rig.app.till.history
    qtbot.wait_until(lambda: history.table.rowCount() == 2 and not history.busy)
    history.select_number(1)
    with qtbot.wait_signal(history.changed, timeout=15_000) as changed:
        rig.click(history.void_button)
        approve_override(qtbot, history, MANAGER_PIN)
    assert changed.args[0].status == "voided"

    item = outbox.get(voided)
    assert item.status is PaymentStatus.CANCELED and item.outcome_code == VOIDED_CODE
    assert not item.has_card
    assert any(e.action == AUDIT_VOIDED and e.subject == voided for e in rig.audit_actions())
    assert outbox.get(kept).status is PaymentStatus.PENDING

    rig.recover()  # back online: the forwarder sends what is due
    qtbot.wait_until(lambda: outbox.get(kept).status is PaymentStatus.SUCCEEDED, timeout=WAIT_MS)
    charged = {c["metadata"].get("payment_id") for c in rig.sim.ledger.charges()}
    assert charged == {kept}
    assert outbox.get(voided).status is PaymentStatus.CANCELED
    assert rig.sim.ledger.refunds() == []
