"""Switching to offline payments and back, from the strip and from the banner: PIN, audit, never silent."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.domain.connectivity import Connectivity
from dripos_terminal.services.offline_payments import AUDIT_WENT_OFFLINE, AUDIT_WENT_ONLINE
from dripos_terminal.status.model import Action
from dripos_terminal.ui.card_checkout_dialog import Phase
from dripos_terminal.ui.offline_card_dialog import OfflineCardDialog
from dripos_terminal.ui.offline_strip import OFFLINE_TEXT
from tests.ui.offline_helpers import OfflineRig, start_offline_till


def _rig(qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path) -> OfflineRig:
    return start_offline_till(qtbot, make_app, data_dir)


def test_switch_offline_from_the_strip_takes_a_manager_pin_and_is_audited(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    rig = _rig(qtbot, make_app, data_dir)
    strip = rig.payments.strip
    assert strip.switch_button.isVisible() and not strip.online_button.isVisible()
    rig.sim.faults.add("reader_offline", count=None)  # keep it offline (the probe sees the reader down)
    rig.switch_offline()
    assert rig.state is Connectivity.OFFLINE
    qtbot.wait_until(lambda: strip.state_label.text() == OFFLINE_TEXT)
    assert not strip.switch_button.isVisible()
    qtbot.wait_until(lambda: any(e.action == AUDIT_WENT_OFFLINE for e in rig.audit_actions()))
    entry = next(e for e in rig.audit_actions() if e.action == AUDIT_WENT_OFFLINE)
    assert entry.actor_id == "demo-sam" and entry.details["approver"] == "demo-alex"
    assert entry.details["reason"] == "forced_by_staff"


def test_a_wrong_pin_does_not_switch(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    rig = _rig(qtbot, make_app, data_dir)
    rig.click(rig.payments.strip.switch_button)
    dialog = rig.payments.override_dialog
    assert dialog is not None
    dialog.type_pin("1111")  # the barista's own PIN cannot approve
    rig.click(dialog.ok_button)
    qtbot.wait_until(lambda: "may not approve" in dialog.message.text() or "PIN" in dialog.message.text())
    assert rig.state is Connectivity.ONLINE
    dialog.reject()


def test_switch_offline_from_the_banner_action(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    rig = _rig(qtbot, make_app, data_dir)
    rig.sim.faults.add("reader_offline", count=None)
    rig.app.run_incident_action(Action.SWITCH_TO_OFFLINE)
    rig.approve(rig.payments)
    qtbot.wait_until(lambda: rig.state is Connectivity.OFFLINE)


def test_going_back_online_is_offered_only_when_recovering_and_taken_by_a_button(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    rig = _rig(qtbot, make_app, data_dir)
    rig.sim.faults.add("reader_offline", count=None)
    rig.switch_offline()
    strip = rig.payments.strip
    rig.app.run_incident_action(Action.GO_BACK_ONLINE)  # not offered yet: refused, says why
    assert rig.state is Connectivity.OFFLINE
    assert "not reachable yet" in strip.message_label.text()
    assert not strip.online_button.isVisible()
    rig.sim.faults.clear()
    qtbot.wait_until(lambda: rig.state is Connectivity.RECOVERING, timeout=10_000)
    qtbot.wait_until(strip.online_button.isVisible)
    assert rig.state is Connectivity.RECOVERING  # an offer, not a switch
    rig.click(strip.online_button)
    assert rig.state is Connectivity.ONLINE
    qtbot.wait_until(strip.switch_button.isVisible)
    qtbot.wait_until(lambda: any(e.action == AUDIT_WENT_ONLINE for e in rig.audit_actions()))
    entry = next(e for e in rig.audit_actions() if e.action == AUDIT_WENT_ONLINE)
    assert entry.actor_id == "demo-sam" and entry.details["reason"] == "accepted_by_staff"


def test_a_failed_tap_offers_the_switch_inside_the_card_dialog(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    """The seed incident at the counter: the reader fails mid-sale; one button, a manager PIN, and the
    same tender's Card button now takes the card offline."""
    rig = _rig(qtbot, make_app, data_dir)
    tender, dialog = rig.open_card()
    rig.sim.faults.add("reader_offline", count=None)
    rig.charge(dialog)
    rig.wait_phase(dialog, Phase.FAILED)
    qtbot.wait_until(dialog.offline_button.isVisible)
    rig.click(dialog.offline_button)
    rig.approve(rig.payments)
    qtbot.wait_until(lambda: rig.state is Connectivity.OFFLINE)
    rig.click(tender.card_button)
    assert isinstance(rig.payments.dialog, OfflineCardDialog)
    assert rig.sim.ledger.charges() == []


def test_a_declined_card_does_not_offer_the_switch(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    rig = _rig(qtbot, make_app, data_dir)
    _tender, dialog = rig.open_card()
    rig.charge(dialog)
    rig.present("4000000000009995")
    rig.wait_phase(dialog, Phase.DECLINED)
    assert not dialog.offline_button.isVisible()
