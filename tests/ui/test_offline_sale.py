"""Offline card sales through the till: stored durably, masked, capped, and explained when switched off."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.domain.offline_policy import OFFLINE_MANUAL_ENTRY_NOTICE, OfflineLimits, Verdict
from dripos_terminal.domain.payment import PaymentStatus
from dripos_terminal.domain.staff import Permission
from dripos_terminal.payments.offline_capture import AUDIT_CAP_OVERRIDE
from dripos_terminal.ui.offline_card_dialog import DISABLED_TEXT, STORED_TEXT, OfflinePhase
from dripos_terminal.ui.offline_settings_dialog import OfflineSettingsDialog
from tests.ui.offline_helpers import CVC, MANAGER_PIN, OfflineRig, offline_options, start_offline_till

VISA = "4242424242424242"


def _offline(qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path, **kw: object) -> OfflineRig:
    rig = start_offline_till(qtbot, make_app, data_dir, offline=offline_options(**kw))
    rig.sim.faults.add("reader_offline", count=None)
    rig.switch_offline()
    return rig


def _raw_row(rig: OfflineRig, payment_id: str) -> dict[str, object]:
    row = rig.services.db.call(
        lambda conn: conn.execute("SELECT * FROM payments WHERE id = ?", (payment_id,)).fetchone()
    )
    return {k: row[k] for k in row.keys()}  # noqa: SIM118 - sqlite3.Row


def test_offline_card_sale_is_stored_pending_with_the_pan_but_never_the_cvc(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    rig = _offline(qtbot, make_app, data_dir)
    tender, dialog = rig.open_offline()
    assert dialog.phase is OfflinePhase.ENTRY
    assert "charged when Stripe is back" in dialog.later_label.text()
    rig.store(dialog, VISA, tip="20")
    assert dialog.outcome_label.text() == STORED_TEXT
    assert "•••• 4242" in dialog.detail_label.text() and "Stored offline" in dialog.detail_label.text()
    assert dialog.number.text() == "" and dialog.cvc.text() == ""  # cleared once taken
    stored = dialog.stored
    assert stored is not None and stored.tip_minor > 0
    receipt = rig.finish_offline_sale(tender, dialog)
    assert "•••• 4242 (stored offline)" in receipt and VISA not in receipt

    item = rig.payments.outbox.get(stored.payment_id)
    assert item.status is PaymentStatus.PENDING and item.has_card
    row = _raw_row(rig, stored.payment_id)
    assert row["pan"] == VISA
    assert "cvc" not in {k.lower() for k in row}
    assert all(str(v) != CVC for v in row.values())
    params = rig.services.db.call(
        lambda conn: [r[0] for r in conn.execute("SELECT params FROM stripe_requests").fetchall()]
    )
    assert params and not any(CVC in p or VISA in p for p in params)
    qtbot.wait_until(lambda: rig.payments.strip.summary is not None and rig.payments.strip.summary.count == 1)
    assert "1 stored payment" in rig.payments.strip.summary_label.text()
    strip = rig.payments.strip
    assert strip.countdown_label.text() == "Forward within 24 h 00 min"
    assert not strip.countdown_warning
    rig.app.clock.advance(13 * 3600)  # type: ignore[attr-defined]  # FakeClock: from 12 h, a warning
    rig.payments.refresh()
    qtbot.wait_until(lambda: strip.countdown_warning)
    assert strip.countdown_label.text() == "Forward within 11 h 00 min"
    assert rig.sim.ledger.charges() == []  # nothing charged while offline


def test_over_the_cap_needs_a_manager_override(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    rig = _offline(qtbot, make_app, data_dir, limits=OfflineLimits(per_payment_cap_minor=200))
    tender, dialog = rig.open_offline()
    rig.wait_decided(dialog)
    assert dialog.decision is not None and dialog.decision.verdict is Verdict.NEEDS_OVERRIDE
    assert "limited to $2.00" in dialog.decision_label.text()
    assert not dialog.charge_button.isEnabled() and dialog.override_button.isVisible()
    rig.click(dialog.override_button)
    rig.approve(dialog)
    qtbot.wait_until(lambda: dialog.approver is not None)
    assert "Allowed over the offline limit by Alex" in dialog.decision_label.text()
    rig.key_card(dialog, VISA)
    rig.click(dialog.charge_button)
    qtbot.wait_until(lambda: dialog.phase is OfflinePhase.STORED, timeout=15_000)
    assert dialog.stored is not None and dialog.stored.overridden_by == "demo-alex"
    rig.finish_offline_sale(tender, dialog)
    assert any(e.action == AUDIT_CAP_OVERRIDE for e in rig.audit_actions())


def test_over_the_cap_is_refused_when_overrides_are_off(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    limits = OfflineLimits(per_payment_cap_minor=200, manager_override_caps=False)
    rig = _offline(qtbot, make_app, data_dir, limits=limits)
    _tender, dialog = rig.open_offline()
    rig.wait_decided(dialog)
    assert dialog.decision is not None and dialog.decision.verdict is Verdict.REFUSED
    assert "Take cash" in dialog.decision_label.text()
    assert not dialog.charge_button.isEnabled() and not dialog.override_button.isVisible()
    rig.key_card(dialog, VISA)
    rig.click(dialog.charge_button)  # disabled: nothing happens
    assert dialog.phase is OfflinePhase.ENTRY
    dialog.reject()
    assert rig.payments.outbox.items() == []


def test_disabled_offline_entry_explains_itself_and_offers_the_manager_setting(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    rig = _offline(qtbot, make_app, data_dir, demo_manual_entry=False)
    _tender, dialog = rig.open_offline()
    assert dialog.phase is OfflinePhase.DISABLED
    assert dialog.decision_label.text() == DISABLED_TEXT
    assert not dialog.number.isEnabled() and not dialog.charge_button.isVisible()
    assert dialog.settings_button.isVisible()
    rig.click(dialog.settings_button)
    settings = rig.payments.settings_dialog
    assert isinstance(settings, OfflineSettingsDialog)
    notice = settings.findChild(type(settings.state_label), "offlineNotice")
    assert notice is not None and notice.text() == OFFLINE_MANUAL_ENTRY_NOTICE
    qtbot.wait_until(lambda: settings.enabled is False)
    rig.click(settings.enable_button)
    rig.approve(settings, MANAGER_PIN)
    qtbot.wait_until(lambda: settings.enabled is True, timeout=15_000)
    qtbot.wait_until(lambda: dialog.phase is OfflinePhase.ENTRY, timeout=15_000)
    rig.click(settings.close_button)
    entries = [e for e in rig.audit_actions() if e.action == "offline.manual_entry_setting"]
    assert entries and entries[-1].actor_id == "demo-alex"
    assert entries[-1].details["notice"] == OFFLINE_MANUAL_ENTRY_NOTICE


def test_void_of_a_pending_offline_payment_is_never_forwarded(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    rig = _offline(qtbot, make_app, data_dir)
    payment_id = rig.sell_offline(VISA)
    order_id = rig.payments.outbox.get(payment_id).order_id
    manager = next(m for m in rig.services.staff.members() if m.can(Permission.VOID))
    auth = rig.services.staff.authorize(manager, Permission.VOID)
    done: list[object] = []
    rig.app.tasks.run(
        lambda: rig.services.sales.void(order_id, auth, "customer left"), lambda r, e: done.append(e)
    )
    qtbot.wait_until(lambda: bool(done), timeout=15_000)
    assert done == [None]
    item = rig.payments.outbox.get(payment_id)
    assert item.status is PaymentStatus.CANCELED and not item.has_card
    assert any(e.action == "offline.voided_before_forwarding" for e in rig.audit_actions())
    rig.recover()
    report = rig.payments.forwarder.forward_all(wait_for_retries=False)
    assert report.results == []
    assert rig.sim.ledger.charges() == []
