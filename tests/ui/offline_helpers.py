"""Drive offline payments through the till: the real app (SQLCipher), cards + offline plugins, the
Stripe simulator over HTTP, and the manager's PIN through the real override dialog."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.composition.offline import OfflineOptions, OfflineWiring
from dripos_terminal.composition.till import Features
from dripos_terminal.domain.connectivity import Connectivity
from dripos_terminal.payments.forwarder import ForwarderSettings
from dripos_terminal.payments.offline_reconcile import JobSettings
from dripos_terminal.ui.offline_card_dialog import OfflineCardDialog, OfflinePhase
from dripos_terminal.ui.override_dialog import OverrideDialog
from dripos_terminal.ui.tender_dialog import TenderDialog
from tests.ui.card_helpers import WAIT_MS, CardRig, card_options, type_into
from tests.ui.helpers_till import add_item, login, open_tender

MANAGER_PIN = "9999"
BARISTA_PIN = "1111"
DECLINE_PAN = "4000000000009995"  # insufficient funds, when forwarded
CVC = "987"


def offline_options(**overrides: Any) -> OfflineOptions:
    options: dict[str, Any] = {
        "forwarder": ForwarderSettings(
            concurrency=2,
            startup_jitter_s=0.0,
            idle_poll_s=0.05,
            job=JobSettings(retry_base_s=0.01, retry_cap_s=0.05, max_attempts=5),
        ),
        "forward_timeout_s": 5.0,
        "probe_ms": 50,
        "refresh_ms": 200,
    }
    options.update(overrides)
    return OfflineOptions(**options)


@dataclass
class OfflineRig(CardRig):
    @property
    def payments(self) -> OfflineWiring:
        assert self.app.offline is not None
        return self.app.offline

    @property
    def state(self) -> Connectivity:
        return self.payments.connectivity.state

    def approve(self, holder: Any, pin: str = MANAGER_PIN, attr: str = "override_dialog") -> None:
        self.qtbot.wait_until(lambda: isinstance(getattr(holder, attr, None), OverrideDialog))
        dialog = getattr(holder, attr)
        dialog.type_pin(pin)
        self.click(dialog.ok_button)
        self.qtbot.wait_until(
            lambda: getattr(holder, attr) is None or not dialog.isVisible(), timeout=WAIT_MS
        )

    def switch_offline(self) -> None:
        """From the strip, with the manager's PIN (a barista is signed in)."""
        self.click(self.payments.strip.switch_button)
        self.approve(self.payments)
        self.qtbot.wait_until(lambda: self.state.takes_offline_payments)

    def open_offline(self, item: str = "espresso") -> tuple[TenderDialog, OfflineCardDialog]:
        add_item(self.qtbot, self.app, item)
        tender = open_tender(self.qtbot, self.app)
        self.click(tender.card_button)
        dialog = self.payments.dialog
        assert isinstance(dialog, OfflineCardDialog)
        self.qtbot.wait_until(lambda: dialog.phase is not OfflinePhase.LOADING, timeout=WAIT_MS)
        return tender, dialog

    def wait_decided(self, dialog: OfflineCardDialog) -> None:
        self.qtbot.wait_until(lambda: dialog.decision is not None, timeout=WAIT_MS)

    def key_card(self, dialog: OfflineCardDialog, number: str, cvc: str = CVC) -> None:
        type_into(self.qtbot, dialog.number, number)
        type_into(self.qtbot, dialog.expiry, "1230")
        type_into(self.qtbot, dialog.cvc, cvc)
        type_into(self.qtbot, dialog.postal, "97205")

    def store(self, dialog: OfflineCardDialog, number: str, tip: str | None = None) -> None:
        if tip is not None:
            self.click(dialog.tip_buttons[f"offlineTip_{tip}"])
        self.wait_decided(dialog)
        self.key_card(dialog, number)
        self.click(dialog.charge_button)
        self.qtbot.wait_until(lambda: dialog.phase is OfflinePhase.STORED, timeout=WAIT_MS)

    def finish_offline_sale(self, tender: TenderDialog, dialog: OfflineCardDialog) -> str:
        self.click(dialog.done_button)
        self.qtbot.wait_until(lambda: tender.committed is not None, timeout=WAIT_MS)
        self.click(tender.done_button)
        self.qtbot.wait_until(lambda: self.app.window.current_screen_name() == "receipt")
        text: str = self.app.till.receipt.text.text()
        self.click(self.app.till.receipt.new_button)
        return text

    def sell_offline(self, number: str, tip: str | None = None, item: str = "espresso") -> str:
        tender, dialog = self.open_offline(item)
        self.store(dialog, number, tip)
        assert dialog.stored is not None
        payment_id = dialog.stored.payment_id
        self.finish_offline_sale(tender, dialog)
        return payment_id

    def audit_actions(self) -> list[Any]:
        return list(self.services.audit.list(limit=10_000).result())

    def recover(self) -> None:
        """Clear reader faults; the probe offers going online; staff accept from the strip."""
        self.sim.faults.clear()
        self.qtbot.wait_until(lambda: self.state is Connectivity.RECOVERING, timeout=WAIT_MS)
        strip = self.payments.strip
        self.qtbot.wait_until(strip.online_button.isVisible)
        self.click(strip.online_button)
        self.qtbot.wait_until(lambda: self.state is Connectivity.ONLINE)


def start_offline_till(
    qtbot: QtBot,
    make_app: Callable[..., Application],
    data_dir: Path,
    *,
    pin: str = BARISTA_PIN,
    offline: OfflineOptions | None = None,
    demo_screen: bool = False,
    closeout: bool = False,
    **card_overrides: Any,
) -> OfflineRig:
    features = Features(
        status=True,
        cards=card_options(**card_overrides),
        offline=offline or offline_options(),
        demo_screen=demo_screen,
        closeout=closeout,
    )
    app = make_app(data_dir, features=features)
    rig = OfflineRig(qtbot, app)
    qtbot.wait_until(lambda: app.cards is not None and app.cards.ready, timeout=WAIT_MS)
    qtbot.wait_until(lambda: app.offline is not None and app.offline.ready, timeout=WAIT_MS)
    login(qtbot, app, pin)
    return rig


def click(qtbot: QtBot, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
