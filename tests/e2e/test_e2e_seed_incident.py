"""The seed incident, replayed through the till's UI end to end.

Stripe's card readers fail; the first failed tap raises the banner with "Switch to offline payments";
staff switch (manager PIN); orders keep being sold offline (tips, one over the cap with a manager
override, one card that will be declined) and one for cash; the status page posts and resolves the
incident, the readers come back; recovery is offered and staff go back online; the queue drains.
Nothing is lost, nothing is charged twice, and the audit log tells the story.

Real parts: SQLCipher store, the stripe SDK over HTTP to the embedded Stripe simulator, the embedded
Statuspage simulator polled by the status bridge, the real override and offline card dialogs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.domain.connectivity import Connectivity
from dripos_terminal.domain.offline_policy import OfflineLimits
from dripos_terminal.domain.order_state import OrderState
from dripos_terminal.domain.payment import PaymentStatus
from dripos_terminal.services.offline_payments import AUDIT_WENT_OFFLINE, AUDIT_WENT_ONLINE
from dripos_terminal.status.model import Action
from dripos_terminal.store.outbox import AUDIT_OUTCOME, AUDIT_STORED
from dripos_terminal.ui.card_checkout_dialog import Phase
from dripos_terminal.ui.demo_status_panel import DemoStatusPanel
from tests.support.money import assert_orders_match_payments, assert_stripe_matches_till
from tests.ui.helpers_till import add_item, open_tender
from tests.ui.offline_helpers import DECLINE_PAN, OfflineRig, offline_options, start_offline_till

VISA = "4242424242424242"
MASTERCARD = "5555555555554444"
WAIT_MS = 20_000


def _banner_button(rig: OfflineRig, name: str) -> QPushButton:
    button = rig.app.banner.findChild(QPushButton, name)
    assert button is not None, name
    return button


def _first_failed_tap(rig: OfflineRig) -> None:
    """The reader fails; the barista's first tap fails and the banner offers the switch at once."""
    tender, dialog = rig.open_card()
    rig.charge(dialog)
    rig.wait_phase(dialog, Phase.FAILED)
    assert "Nothing was charged" in dialog.detail_label.text()
    rig.qtbot.wait_until(lambda: not rig.app.banner.isHidden(), timeout=WAIT_MS)
    banner = rig.app.status_bridge.state().banner
    assert banner is not None and Action.SWITCH_TO_OFFLINE in banner.actions
    assert _banner_button(rig, "bannerSwitchOffline").isVisible()
    rig.click(dialog.other_button)  # back out of the card dialog and the tender dialog
    rig.click(tender.cancel_button)
    rig.qtbot.wait_until(lambda: rig.app.till.sell.dialog is None)


def _switch_from_banner(rig: OfflineRig) -> None:
    rig.click(_banner_button(rig, "bannerSwitchOffline"))
    rig.approve(rig.payments)
    rig.qtbot.wait_until(lambda: rig.state is Connectivity.OFFLINE)


def _pay_open_order_offline(rig: OfflineRig, number: str, tip: str) -> str:
    tender = open_tender(rig.qtbot, rig.app)
    rig.click(tender.card_button)
    dialog = rig.payments.dialog
    rig.qtbot.wait_until(lambda: dialog.decision is not None, timeout=WAIT_MS)
    rig.store(dialog, number, tip)
    payment_id: str = dialog.stored.payment_id
    receipt = rig.finish_offline_sale(tender, dialog)
    assert f"•••• {number[-4:]}" in receipt
    return payment_id


def _over_the_cap(rig: OfflineRig) -> str:
    add_item(rig.qtbot, rig.app, "beans_house")  # $16.00 > the $10.00 offline cap
    tender = open_tender(rig.qtbot, rig.app)
    rig.click(tender.card_button)
    dialog = rig.payments.dialog
    rig.wait_decided(dialog)
    rig.click(dialog.override_button)
    rig.approve(dialog)
    rig.qtbot.wait_until(lambda: dialog.approver is not None)
    rig.key_card(dialog, MASTERCARD)
    rig.click(dialog.charge_button)
    rig.qtbot.wait_until(lambda: dialog.stored is not None, timeout=WAIT_MS)
    payment_id: str = dialog.stored.payment_id
    rig.finish_offline_sale(tender, dialog)
    return payment_id


def _cash_sale(rig: OfflineRig) -> None:
    add_item(rig.qtbot, rig.app, "croissant")
    tender = open_tender(rig.qtbot, rig.app)
    quick = tender.findChild(QPushButton, "quickExact")
    assert quick is not None
    rig.click(quick)
    rig.qtbot.wait_until(lambda: tender.committed is not None, timeout=WAIT_MS)
    rig.click(tender.done_button)
    rig.qtbot.wait_until(lambda: rig.app.window.current_screen_name() == "receipt")
    rig.click(rig.app.till.receipt.new_button)


def _status_panel(rig: OfflineRig) -> DemoStatusPanel:
    panel = rig.app.window.screen_widget("demo").findChild(DemoStatusPanel)
    assert isinstance(panel, DemoStatusPanel)
    return panel


def test_seed_incident_replayed_end_to_end(
    qtbot: QtBot, make_app: Callable[..., Application], tmp_path: Path
) -> None:
    options = offline_options(limits=OfflineLimits(per_payment_cap_minor=1_000))
    rig = start_offline_till(qtbot, make_app, tmp_path / "till", offline=options, demo_screen=True)
    panel = _status_panel(rig)
    # 1:47 pm — the readers fail. The till says so on the first failed tap.
    rig.sim.faults.add("reader_offline", count=None)
    _first_failed_tap(rig)
    # 1:57 pm — the status page posts the incident; the till keeps showing it.
    with qtbot.wait_signal(panel.finished, timeout=WAIT_MS):
        rig.click(panel.start_button)
    rig.app.status_bridge.poll_now()
    # One obvious action: switch to offline payments (manager PIN), from the banner.
    _switch_from_banner(rig)
    # The open order is paid offline, then more orders; one over the cap; one card that will decline.
    stored = [_pay_open_order_offline(rig, VISA, "15")]
    stored.append(rig.sell_offline(VISA, tip="18"))
    stored.append(rig.sell_offline(DECLINE_PAN, tip="20"))
    stored.append(rig.sell_offline(MASTERCARD, tip="25", item="scone"))
    stored.append(rig.sell_offline(VISA, tip="15", item="banana_bread"))
    stored.append(_over_the_cap(rig))
    _cash_sale(rig)
    assert rig.sim.ledger.charges() == []  # nothing charged while offline
    shown = rig.payments.strip
    qtbot.wait_until(lambda: shown.summary is not None and shown.summary.count == 6, timeout=WAIT_MS)
    # 2:07 pm — Stripe mitigates; 2:21 pm — resolved. Recovery is offered, not taken.
    with qtbot.wait_signal(panel.finished, timeout=WAIT_MS):
        rig.click(panel.resolve_button)
    rig.app.status_bridge.poll_now()
    rig.sim.faults.clear()
    qtbot.wait_until(lambda: rig.state is Connectivity.RECOVERING, timeout=WAIT_MS)
    strip = rig.payments.strip
    qtbot.wait_until(strip.online_button.isVisible)
    assert rig.sim.ledger.charges() == []  # still nothing sent: going back online is the staff's call
    rig.click(strip.online_button)
    qtbot.wait_until(lambda: rig.state is Connectivity.ONLINE)
    # The queue drains by itself once online.
    outbox = rig.payments.outbox
    qtbot.wait_until(lambda: outbox.unfinished() == [], timeout=WAIT_MS)
    items = {pid: outbox.get(pid) for pid in stored}
    declined = [pid for pid, it in items.items() if it.status is PaymentStatus.DECLINED]
    approved = [pid for pid, it in items.items() if it.status is PaymentStatus.SUCCEEDED]
    assert len(declined) == 1 and len(approved) == 5
    assert not any(it.has_card for it in items.values())  # stored card numbers destroyed
    surfaced = {a.item.id for a in rig.payments.forwarder.list_needs_attention()}
    assert surfaced == set(declined)
    # By value: Stripe charged each approved payment once, for the sale + tip the till recorded;
    # nothing else (not the declined one); each order's card tender is that payment.
    recorded = assert_stripe_matches_till(rig.sim.ledger, rig.services.db, acknowledged=approved)
    assert_orders_match_payments(rig.services.db)  # the declined order owes its balance
    for pid in stored:  # each order paid in full by its one card payment; tips on all but the last
        sale = recorded[pid].sale
        order = rig.services.sales.load(str(recorded[pid].order_id))
        assert sale.sale_minor == order.totals.total.amount, pid
        assert (sale.tip_minor > 0) is (pid != stored[-1]), pid
    [owing] = declined  # its order follows it: a balance due, not "paid"
    owed = rig.services.sales.load(str(recorded[owing].order_id))
    assert owed.state is OrderState.BALANCE_DUE and owed.balance_due.amount == recorded[owing].sale.sale_minor
    assert {c["metadata"]["payment_id"] for c in rig.sim.ledger.charges()} == set(approved)
    actions = [e.action for e in rig.audit_actions()]
    assert AUDIT_WENT_OFFLINE in actions and AUDIT_WENT_ONLINE in actions
    assert actions.count(AUDIT_STORED) == 6 and actions.count(AUDIT_OUTCOME) == 6
    assert actions.index(AUDIT_WENT_OFFLINE) < actions.index(AUDIT_STORED)
