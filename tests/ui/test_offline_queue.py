"""The manager's close-out: forward the queue with a progress bar; declines surfaced and never lost."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.domain.order_state import OrderState
from dripos_terminal.domain.payment import PaymentStatus
from dripos_terminal.store.outbox import AUDIT_ACK
from dripos_terminal.ui.offline_queue_screen import OfflineQueueScreen
from tests.support.money import assert_orders_match_payments, assert_stripe_matches_till
from tests.ui.offline_helpers import DECLINE_PAN, OfflineRig, offline_options, start_offline_till

VISA = "4242424242424242"


def _queue(rig: OfflineRig) -> OfflineQueueScreen:
    rig.click(rig.app.window.findChild(type(rig.payments.strip.switch_button), "offlineQueueNav"))
    assert rig.app.window.current_screen_name() == "offlineQueue"
    screen = rig.payments.queue
    rig.qtbot.wait_until(lambda: screen.totals is not None)
    return screen


def test_forward_from_the_queue_screen_with_progress_and_a_decline_surfaced(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    rig = start_offline_till(qtbot, make_app, data_dir, offline=offline_options(start_forwarder=False))
    rig.sim.faults.add("reader_offline", count=None)
    rig.switch_offline()
    approved = rig.sell_offline(VISA, tip="15")
    declined = rig.sell_offline(DECLINE_PAN)
    screen = _queue(rig)
    assert screen.table.rowCount() == 2
    assert {screen.table.item(r, 0).text()[-8:] for r in range(2)} == {"****4242", "****9995"}
    assert screen.table.item(0, 5).text().startswith("Forward within")
    assert not screen.forward_button.isEnabled()  # offline: nothing can be sent
    rig.recover()
    assert screen.forward_button.isEnabled()
    rig.click(screen.forward_button)
    rig.approve(screen)  # a barista is signed in: the manager's PIN (close batch)
    qtbot.wait_until(lambda: screen.progress_percent == 100, timeout=20_000)
    qtbot.wait_until(lambda: screen.totals is not None and screen.totals.forwarded == 2, timeout=20_000)
    totals = screen.totals
    assert totals is not None
    assert (totals.stored, totals.approved, totals.declined) == (0, 1, 1)
    assert "Approved: 1" in screen.totals_label.text() and "Declined: 1" in screen.totals_label.text()
    assert rig.payments.outbox.get(approved).status is PaymentStatus.SUCCEEDED
    item = rig.payments.outbox.get(declined)
    assert item.status is PaymentStatus.DECLINED and not item.has_card
    # The decline is surfaced with its reason and its order's number, and stays until acknowledged.
    number = rig.services.sales.load(item.order_id).display_number
    assert screen.attention_table.rowCount() == 1
    assert "Declined" in screen.attention_table.item(0, 3).text()
    assert screen.attention_table.item(0, 0).text() == number and number.startswith("#")
    assert "Needs attention: 1" in screen.attention_label.text()  # counts what it lists
    assert {screen.table.item(r, 3).text() for r in range(2)} == {
        rig.services.sales.load(rig.payments.outbox.get(p).order_id).display_number
        for p in (approved, declined)
    }
    assert "waiting for a decision 0" in screen.progress_label.text()
    assert not screen.new_key_button.isEnabled() and not screen.requeue_button.isEnabled()
    screen.select_attention(declined)
    assert screen.ack_button.isEnabled()
    rig.click(screen.ack_button)
    rig.approve(screen)
    qtbot.wait_until(lambda: screen.attention_table.rowCount() == 0, timeout=15_000)
    assert any(e.action == AUDIT_ACK and e.subject == declined for e in rig.audit_actions())
    assert screen.table.rowCount() == 2  # the decline stays in the batch, never lost
    assert sum("Declined" in screen.table.item(r, 6).text() for r in range(2)) == 1
    assert "Needs attention: 0" in screen.attention_label.text()
    recorded = assert_stripe_matches_till(rig.sim.ledger, rig.services.db, acknowledged=[approved])
    assert [p for p, r in recorded.items() if r.status == "succeeded"] == [approved]
    assert recorded[approved].sale.tip_minor > 0
    assert_orders_match_payments(rig.services.db)


def test_an_order_whose_offline_payment_is_declined_is_not_shown_as_paid(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    rig = start_offline_till(qtbot, make_app, data_dir)
    rig.sim.faults.add("reader_offline", count=None)
    rig.switch_offline()
    declined = rig.sell_offline(DECLINE_PAN, tip="15")
    rig.recover()
    qtbot.wait_until(
        lambda: rig.payments.outbox.get(declined).status is PaymentStatus.DECLINED, timeout=20_000
    )
    assert rig.sim.ledger.charges() == []
    assert_orders_match_payments(rig.services.db)


def test_retry_with_a_new_key_checks_stripe_first_and_says_what_it_checked(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    """A row parked after a lost answer and a refused replay: the manager's new-key retry finds the
    charge by re-sending the row's own key, records it, sends nothing new, and the screen says so."""
    rig = start_offline_till(qtbot, make_app, data_dir, offline=offline_options(start_forwarder=False))
    rig.sim.faults.add("reader_offline", count=None)
    rig.switch_offline()
    pid = rig.sell_offline(VISA, tip="15")
    rig.recover()
    forwarder = rig.payments.forwarder
    rig.sim.faults.commit_then_drop(count=1, path_prefix="/v1/payment_intents", method="POST")
    forwarder.forward_all(wait_for_retries=False)
    rig.sim.faults.rate_limit_storm(count=1, path_prefix="/v1/payment_intents", should_retry=False)
    rig.app.clock.advance(60)  # type: ignore[attr-defined]  # FakeClock: its backoff is over
    forwarder.forward_all(wait_for_retries=False)
    assert rig.payments.outbox.get(pid).status is PaymentStatus.PARKED
    assert len(rig.sim.ledger.charges()) == 1  # Stripe charged once; the till has not heard
    screen = _queue(rig)
    qtbot.wait_until(lambda: screen.attention_table.rowCount() == 1)
    screen.select_attention(pid)
    assert screen.new_key_button.isEnabled() and screen.requeue_button.isEnabled()
    assert not screen.ack_button.isEnabled()
    rig.click(screen.new_key_button)
    rig.approve(screen)
    qtbot.wait_until(lambda: isinstance(screen.confirm, QMessageBox))
    box = screen.confirm
    assert box is not None and "Stripe is checked first" in box.text()
    rig.click(box.button(QMessageBox.StandardButton.Yes))
    qtbot.wait_until(lambda: "already charged" in screen.message.text(), timeout=15_000)
    assert "Re-sent key" in screen.message.text()  # what was checked, for the manager
    assert rig.payments.outbox.get(pid).status is PaymentStatus.SUCCEEDED
    qtbot.wait_until(lambda: screen.attention_table.rowCount() == 0, timeout=10_000)
    assert len(rig.sim.ledger.charges()) == 1
    assert_stripe_matches_till(rig.sim.ledger, rig.services.db)
    assert_orders_match_payments(rig.services.db)


def test_an_overdue_parked_payment_is_flagged_and_collected_another_way(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    """The till died mid-send; a day later Stripe has no record, so the row waits for a manager with
    the card number still stored. The screen flags it OVERDUE; "Collect another way" checks Stripe,
    destroys the card number and leaves the order owing."""
    rig = start_offline_till(qtbot, make_app, data_dir, offline=offline_options(start_forwarder=False))
    rig.sim.faults.add("reader_offline", count=None)
    rig.switch_offline()
    pid = rig.sell_offline(VISA, tip="15")
    rig.recover()
    forwarder = rig.payments.forwarder
    forwarder.job.begin(rig.payments.outbox.get(pid))  # committed `sending`, then the till died
    rig.app.clock.advance(25 * 3600)  # type: ignore[attr-defined]  # FakeClock
    forwarder.recover()
    assert rig.payments.outbox.get(pid).parked and rig.payments.outbox.get(pid).has_card
    screen = _queue(rig)
    qtbot.wait_until(lambda: screen.attention_table.rowCount() == 1)
    assert screen.attention_table.item(0, 3).text().startswith("OVERDUE — ")
    screen.select_attention(pid)
    assert screen.another_way_button.isEnabled()
    rig.click(screen.another_way_button)
    rig.approve(screen)
    qtbot.wait_until(lambda: "nothing was charged" in screen.message.text(), timeout=15_000)
    item = rig.payments.outbox.get(pid)
    assert item.status is PaymentStatus.DECLINED and not item.has_card
    order = rig.services.sales.load(item.order_id)
    assert order.state is OrderState.BALANCE_DUE
    assert rig.sim.ledger.charges() == []
    assert_orders_match_payments(rig.services.db)
