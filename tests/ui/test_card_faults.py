"""Card sales through the UI when the reader or Stripe misbehaves: never a double charge."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.domain.payment import PaymentStatus
from dripos_terminal.payments.failures import FailureKind
from dripos_terminal.ui.card_checkout_dialog import Phase
from tests.ui.card_helpers import VISA, CardRig, start_card_till


def _rig(qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path, **kw: Any) -> CardRig:
    return start_card_till(qtbot, make_app, data_dir, **kw)


def test_reader_offline_fails_safely_and_works_again_once_back(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    rig = _rig(qtbot, make_app, data_dir)
    failures: list[FailureKind] = []
    rig.cards.on_payment_failure.append(failures.append)
    tender, dialog = rig.open_card()
    fault = rig.sim.faults.add("reader_offline", count=None)
    rig.charge(dialog)
    rig.wait_phase(dialog, Phase.FAILED)
    assert "The card reader is offline." in dialog.prompt_label.text()
    assert "Nothing was charged" in dialog.detail_label.text()
    assert dialog.retry_button.isVisible() and dialog.manual_button.isVisible()
    assert failures == [FailureKind.READER_OFFLINE]
    rig.sim.faults.clear(fault.id)
    rig.click(dialog.retry_button)
    rig.present(VISA)
    rig.wait_phase(dialog, Phase.APPROVED)
    rig.finish_sale(tender, dialog)
    rig.assert_money_safe()


def test_reader_busy_then_try_again(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    rig = _rig(qtbot, make_app, data_dir)
    tender, dialog = rig.open_card()
    # Scoped to the payment: the dialog's best-effort cart display may reach the reader first.
    rig.sim.faults.add("reader_busy", count=1, path_prefix=_process_path(rig))
    rig.charge(dialog)
    rig.wait_phase(dialog, Phase.FAILED)
    assert "busy" in dialog.prompt_label.text()
    rig.click(dialog.retry_button)
    rig.present(VISA)
    rig.wait_phase(dialog, Phase.APPROVED)
    rig.finish_sale(tender, dialog)
    rig.assert_money_safe()


def test_reader_timeout_but_the_customer_paid_shows_approved(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    rig = _rig(qtbot, make_app, data_dir)
    tender, dialog = rig.open_card()
    rig.sim.faults.add("reader_timeout", count=1, present_number=VISA, path_prefix=_process_path(rig))
    rig.charge(dialog)
    rig.wait_phase(dialog, Phase.APPROVED, Phase.FAILED, Phase.UNKNOWN, Phase.CANCELED)
    assert dialog.phase is Phase.APPROVED, dialog.prompt_label.text()
    rig.finish_sale(tender, dialog)
    assert len(rig.sim.ledger.charges()) == 1
    rig.assert_money_safe()


def test_api_5xx_is_retried_under_the_same_key(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    rig = _rig(qtbot, make_app, data_dir)
    tender, dialog = rig.open_card()
    rig.sim.faults.add("api_error", count=2, status=500, path_prefix="/v1/payment_intents", method="POST")
    rig.charge(dialog)
    rig.present(VISA)
    rig.wait_phase(dialog, Phase.APPROVED)
    creates = [
        r for r in rig.sim.ledger.request_log() if r.method == "POST" and r.path == "/v1/payment_intents"
    ]
    assert [r.status for r in creates] == [500, 500, 200]
    assert len({r.idempotency_key for r in creates}) == 1
    rig.finish_sale(tender, dialog)
    rig.assert_money_safe()


def test_429_backs_off_and_succeeds(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    rig = _rig(qtbot, make_app, data_dir)
    tender, dialog = rig.open_card()
    rig.sim.faults.add("rate_limit_storm", count=3, path_prefix="/v1/payment_intents")
    rig.charge(dialog)
    rig.present(VISA)
    rig.wait_phase(dialog, Phase.APPROVED)
    limited = [r for r in rig.sim.ledger.request_log() if r.status == 429]
    assert len(limited) == 3
    rig.finish_sale(tender, dialog)
    rig.assert_money_safe()


def test_unknown_offers_only_check_again_which_finds_the_approval(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    # The card is still being authorised when the till gives up waiting: the outcome is unknown.
    rig = _rig(qtbot, make_app, data_dir, payment_timeout_s=0.3)
    rig.sim.processing_seconds = 1.0
    tender, dialog = rig.open_card()
    rig.charge(dialog)
    rig.present(VISA)
    rig.wait_phase(dialog, Phase.UNKNOWN, Phase.APPROVED)
    assert dialog.phase is Phase.UNKNOWN
    assert dialog.check_button.isVisible()
    for button in (dialog.retry_button, dialog.other_button, dialog.manual_button, dialog.charge_button):
        assert not button.isVisible()
    detail = dialog.detail_label.text().lower()
    assert "do not take another card payment" in detail
    assert "try again" not in detail and "switch to offline" not in detail  # one piece of advice only
    outcome = dialog.outcome
    assert outcome is not None
    assert rig.cards.store.get(outcome.payment_id).status is PaymentStatus.UNKNOWN

    qtbot.wait_until(lambda: len(rig.sim.ledger.charges()) == 1, timeout=10_000)
    rig.click(dialog.check_button)
    assert rig.wait_phase(dialog, Phase.APPROVED, Phase.UNKNOWN, Phase.CANCELED) is Phase.APPROVED
    rig.finish_sale(tender, dialog)
    assert rig.cards.store.get(outcome.payment_id).status is PaymentStatus.SUCCEEDED
    rig.assert_money_safe()


def _process_path(rig: object) -> str:
    return f"/v1/terminal/readers/{rig.cards.reader_id}/process_payment_intent"  # type: ignore[attr-defined]
