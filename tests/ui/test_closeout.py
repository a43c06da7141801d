"""The manager's close-out after the seed incident, driven through the screens: the drawer opened with a
counted float, offline sales (one card that will be declined) and a cash sale, back online; then the
manager forwards with progress, settles the decline, closes the batch, counts and closes the drawer
and takes the Z report — whose numbers are the orders and payments in the store, by value, and whose
exports are owner-only files without a card number."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.domain.order_state import OrderState
from dripos_terminal.domain.payment import PaymentStatus
from dripos_terminal.services.offline_batch import BatchState
from dripos_terminal.ui.batch_screen import BatchScreen
from dripos_terminal.ui.drawer_screen import DrawerScreen
from dripos_terminal.ui.override_dialog import OverrideDialog
from tests.support.closeout import assert_no_card_number, assert_report_matches_store
from tests.support.money import assert_orders_match_payments, assert_stripe_matches_till
from tests.ui.offline_helpers import DECLINE_PAN, OfflineRig, offline_options, start_offline_till

VISA = "4242424242424242"
WAIT_MS = 20_000


def _manager_home(rig: OfflineRig) -> None:
    """A barista opens the manager screens with Alex's PIN (an audited override)."""
    closeout = rig.app.wiring.closeout
    rig.click(rig.app.window.findChild(QPushButton, "navManager"))
    rig.approve(closeout, attr="dialog")
    rig.qtbot.wait_until(lambda: rig.app.window.current_screen_name() == "manager")


def _drawer(rig: OfflineRig) -> DrawerScreen:
    closeout = rig.app.wiring.closeout
    _manager_home(rig)
    rig.click(closeout.home.drawer_button)
    screen = closeout.drawer
    rig.qtbot.wait_until(lambda: not screen.busy)
    return screen


def _cash_sale(rig: OfflineRig) -> None:
    from tests.ui.helpers_till import add_item, open_tender

    add_item(rig.qtbot, rig.app, "croissant")
    tender = open_tender(rig.qtbot, rig.app)
    rig.click(tender.findChild(QPushButton, "quickExact"))
    rig.qtbot.wait_until(lambda: tender.committed is not None, timeout=WAIT_MS)
    rig.click(tender.done_button)
    rig.qtbot.wait_until(lambda: rig.app.window.current_screen_name() == "receipt")
    rig.click(rig.app.till.receipt.new_button)


def _batch(rig: OfflineRig) -> BatchScreen:
    closeout = rig.app.wiring.closeout
    _manager_home(rig)
    rig.click(closeout.home.batch_button)
    screen = closeout.batch
    rig.qtbot.wait_until(lambda: screen.view is not None and not screen.busy)
    return screen


def test_close_out_after_the_incident_through_the_screens(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    rig = start_offline_till(
        qtbot, make_app, data_dir, offline=offline_options(start_forwarder=False), closeout=True
    )
    closeout = rig.app.wiring.closeout
    assert closeout is not None
    # Morning: the drawer is opened with a counted float of $100 (5 × $20).
    drawer = _drawer(rig)
    drawer.counter.set_pieces({2000: 5})
    rig.click(drawer.open_button)
    rig.approve(drawer, attr="dialog")
    qtbot.wait_until(lambda: drawer.view is not None and drawer.view.open, timeout=WAIT_MS)
    rig.click(rig.app.till.sell_nav)
    # The incident: readers fail, the till switches to offline payments; two stored cards, one cash sale.
    rig.sim.faults.add("reader_offline", count=None)
    rig.switch_offline()
    approved = rig.sell_offline(VISA, tip="15")
    declined = rig.sell_offline(DECLINE_PAN, tip="18")
    _cash_sale(rig)
    rig.recover()
    assert rig.sim.ledger.charges() == []  # nothing sent yet: the manager forwards
    # The batch screen: both stored payments, masked, with their order numbers and a countdown.
    batch = _batch(rig)
    assert batch.table.rowCount() == 2
    cards = {batch.table.item(r, 0).text()[-4:] for r in range(2)}
    assert cards == {"4242", "9995"}
    numbers = {
        rig.services.sales.load(rig.payments.outbox.get(p).order_id).display_number
        for p in (approved, declined)
    }
    assert {batch.table.item(r, 3).text() for r in range(2)} == numbers
    assert all(batch.table.item(r, 7).text().startswith("Forward within 2") for r in range(2))
    assert not batch.close_button.isEnabled()  # two payments have no outcome yet
    # Forward now: progress to the end, approved 1, declined 1.
    rig.click(batch.forward_button)
    rig.approve(batch, attr="dialog")
    qtbot.wait_until(lambda: batch.progress_percent == 100 and not batch.busy, timeout=WAIT_MS)
    qtbot.wait_until(lambda: batch.view is not None and len(batch.view.entries) == 2 and not batch.busy)
    assert "approved 1, declined 1" in batch.progress_label.text()
    states = {e.payment_id: e.state for e in batch.view.entries}
    assert states == {approved: BatchState.APPROVED, declined: BatchState.DECLINED}
    assert not batch.close_button.isEnabled()  # the decline has no decision yet
    # The decline: reason, order and what to do; the manager records the cash collected.
    batch.select(declined)
    assert "contact the customer, record the cash collected, or write it off" in batch.what_to_do.text()
    assert batch.cash_button.isEnabled() and not batch.requeue_button.isEnabled()
    rig.click(batch.cash_button)
    rig.approve(batch, attr="dialog")
    qtbot.wait_until(
        lambda: batch.view is not None and not batch.busy and any(e.decision for e in batch.view.entries),
        timeout=WAIT_MS,
    )
    owed = rig.services.sales.load(rig.payments.outbox.get(declined).order_id)
    assert owed.state is OrderState.PAID  # paid by the cash collected
    assert batch.close_button.isEnabled()
    rig.click(batch.close_button)
    rig.approve(batch, attr="dialog")
    qtbot.wait_until(lambda: "Batch 1 closed: 2 payments" in batch.message.text(), timeout=WAIT_MS)
    qtbot.wait_until(lambda: batch.view is not None and batch.view.entries == () and not batch.busy)
    [closed] = closeout.closeout.batches.closed_batches()
    items = closeout.closeout.batches.closed_batch(1)[1]
    assert (closed.approved_count, closed.declined_count, closed.payments) == (1, 1, 2)
    assert (
        closed.total_minor
        == sum(i.charge_minor for i in items)
        == closed.approved_minor + closed.declined_minor
    )
    # Evening: count the drawer (exactly what it should hold) and close it.
    drawer = _drawer(rig)
    qtbot.wait_until(lambda: drawer.view is not None)
    expected = drawer.view.summary.expected
    assert drawer.view.summary.float_minor == 10_000
    dollars, cents = divmod(expected, 100)
    drawer.counter.set_pieces({100: dollars, 1: cents})
    rig.click(drawer.close_button)
    rig.approve(drawer, attr="dialog")
    qtbot.wait_until(lambda: not drawer.busy and drawer.dialog is None, timeout=WAIT_MS)
    assert "variance $0.00" in drawer.message.text(), drawer.message.text()
    # The Z report (the manager's PIN, then a confirm).
    _manager_home(rig)
    rig.click(closeout.home.reports_button)
    reports = closeout.reports
    qtbot.wait_until(lambda: reports.report is not None and not reports.busy, timeout=WAIT_MS)
    rig.click(reports.z_button)
    rig.approve(reports, attr="dialog")
    qtbot.wait_until(lambda: isinstance(reports.confirm, QMessageBox))
    rig.click(reports.confirm.button(QMessageBox.StandardButton.Yes))
    qtbot.wait_until(lambda: reports.report is not None and reports.report.number == 1, timeout=WAIT_MS)
    z = reports.report.to_json()
    assert "Z report #1" in reports.view.title.text() and "balances" in reports.view.identity.text()
    store = assert_report_matches_store(z, rig.services.db)
    assert z["orders"] == 3 and z["offline"] == {
        "outstanding_count": 0,
        "outstanding_amount": 0,
        "declined_count": 1,
    }
    assert z["balance_due"] == 0 and z["tenders"]["offline_outstanding"] == 0
    assert z["cash"] == {"expected": expected, "counted": expected, "variance": 0}
    assert expected == 10_000 + store["cash_in"] - store["cash_back"]
    assert [d["decision"] for d in z["declined_after_forwarding"]] == ["cash collected"]
    assert reports.view.chart.drawn and sum(h["orders"] for h in z["sales_by_hour"]) == 3
    # Stripe charged exactly what the till recorded; the orders follow their payments.
    recorded = assert_stripe_matches_till(rig.sim.ledger, rig.services.db, acknowledged=[approved])
    assert recorded[declined].status == PaymentStatus.DECLINED.value
    assert z["tenders"]["offline_forwarded"] == recorded[approved].sale.charge_minor
    assert_orders_match_payments(rig.services.db)
    # Exports: CSV and PDF, owner-only, no card number; the Z stays as it was taken.
    for kind in ("csv", "pdf"):
        rig.click(reports.csv_button if kind == "csv" else reports.pdf_button)
        qtbot.wait_until(
            lambda k=kind: reports.last_export is not None and reports.last_export.suffix == f".{k}"
        )
        path = reports.last_export
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        shown = assert_no_card_number(path, VISA, DECLINE_PAN)
        if kind == "pdf":  # the figures and the chart's hour labels are in it
            assert any("Z report #1" in line for line in shown) and any(
                "Sales by hour" in line for line in shown
            )
    assert "gross_sales" in reports.last_export.with_suffix(".csv").read_text()
    from datetime import date

    again = closeout.closeout.reports.z_report(date.fromisoformat(z["business_day"]))
    assert again is not None and again.to_json()["gross_sales"] == z["gross_sales"]
    actions = [e.action for e in rig.audit_actions()]
    for action in (
        "closeout.opened",
        "offline.decline_resolved",
        "offline.batch_closed",
        "drawer.closed",
        "report.z_taken",
    ):
        assert action in actions, action


def test_a_barista_never_sees_the_manager_screens_without_a_manager_pin(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    rig = start_offline_till(qtbot, make_app, data_dir, closeout=True)
    closeout = rig.app.wiring.closeout
    rig.click(rig.app.window.findChild(QPushButton, "navManager"))
    qtbot.wait_until(lambda: isinstance(closeout.dialog, OverrideDialog))
    rig.click(closeout.dialog.cancel_button)
    qtbot.wait_until(lambda: not closeout.dialog.isVisible())
    assert rig.app.window.current_screen_name() == "sell"
    closeout.dialog.type_pin("1111")  # a barista's own PIN does not open it either
    assert "closeout.opened" not in [e.action for e in rig.audit_actions()]
    _manager_home(rig)
    [entry] = [e for e in rig.audit_actions() if e.action == "closeout.opened"]
    assert entry.details == {"approver": "demo-alex", "override": True}
    assert "with Alex's PIN" in closeout.home.who.text()


def test_the_z_report_waits_for_unresolved_offline_payments_unless_carried_over(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    rig = start_offline_till(
        qtbot, make_app, data_dir, offline=offline_options(start_forwarder=False), closeout=True
    )
    closeout = rig.app.wiring.closeout
    rig.sim.faults.add("reader_offline", count=None)
    rig.switch_offline()
    stored = rig.sell_offline(VISA)
    _manager_home(rig)
    rig.click(closeout.home.reports_button)
    reports = closeout.reports
    qtbot.wait_until(lambda: reports.report is not None and not reports.busy, timeout=WAIT_MS)
    assert reports.report.offline.outstanding_count == 1
    rig.click(reports.z_button)
    rig.approve(reports, attr="dialog")
    qtbot.wait_until(lambda: isinstance(reports.confirm, QMessageBox))
    rig.click(reports.confirm.button(QMessageBox.StandardButton.Yes))
    qtbot.wait_until(lambda: "no final outcome yet" in reports.message.text(), timeout=WAIT_MS)
    assert (
        reports.carry_over.isVisible()
        and closeout.closeout.reports.stored_z(rig.services.sales.business_date()) is None
    )
    reports.carry_over.setChecked(True)
    rig.click(reports.z_button)
    rig.approve(reports, attr="dialog")
    qtbot.wait_until(lambda: isinstance(reports.confirm, QMessageBox))
    assert "carried over" in reports.confirm.text()
    rig.click(reports.confirm.button(QMessageBox.StandardButton.Yes))
    qtbot.wait_until(lambda: reports.report is not None and reports.report.number == 1, timeout=WAIT_MS)
    z = reports.report.to_json()
    assert z["carried_over"] == [stored] and z["tenders"]["offline_outstanding"] > 0
    [carry] = [e for e in rig.audit_actions() if e.action == "report.z_carry_over"]
    assert carry.details["payments"] == [stored] and carry.details["approver"] == "demo-alex"
    assert_report_matches_store(z, rig.services.db)
    # One Z per business day: the next sale belongs to the next business day.
    assert rig.services.sales.business_date() > rig.services.sales.clock.now().astimezone().date()
    assert json.loads(json.dumps(z))["number"] == 1


def test_a_parked_payment_collected_another_way_from_the_batch_screen(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    """The till died mid-send and, a day later, Stripe has no record: the payment waits for a manager
    with its card number stored. From the batch screen the manager has Stripe checked and collects
    the sale another way: the number is destroyed, the order owes the sale, the cash is recorded and
    the batch closes."""
    rig = start_offline_till(
        qtbot, make_app, data_dir, offline=offline_options(start_forwarder=False), closeout=True
    )
    rig.sim.faults.add("reader_offline", count=None)
    rig.switch_offline()
    pid = rig.sell_offline(VISA, tip="15")
    rig.recover()
    forwarder = rig.payments.forwarder
    forwarder.job.begin(rig.payments.outbox.get(pid))  # committed `sending`, then the till died
    rig.app.clock.advance(25 * 3600)  # type: ignore[attr-defined]  # FakeClock
    forwarder.recover()
    assert rig.payments.outbox.get(pid).parked and rig.payments.outbox.get(pid).has_card
    batch = _batch(rig)
    batch.select(pid)
    assert batch.another_way_button.isEnabled() and not batch.cash_button.isEnabled()
    rig.click(batch.another_way_button)
    rig.approve(batch, attr="dialog")
    qtbot.wait_until(lambda: "nothing was charged" in batch.message.text(), timeout=WAIT_MS)
    item = rig.payments.outbox.get(pid)
    assert item.status is PaymentStatus.DECLINED and not item.has_card
    order = rig.services.sales.load(item.order_id)
    assert order.state is OrderState.BALANCE_DUE
    qtbot.wait_until(lambda: batch.view is not None and not batch.busy)
    batch.select(pid)
    assert batch.cash_button.isEnabled()
    rig.click(batch.cash_button)
    rig.approve(batch, attr="dialog")
    qtbot.wait_until(lambda: rig.services.sales.load(item.order_id).state is OrderState.PAID, timeout=WAIT_MS)
    qtbot.wait_until(batch.close_button.isEnabled, timeout=WAIT_MS)
    assert rig.sim.ledger.charges() == []
    assert_orders_match_payments(rig.services.db)
