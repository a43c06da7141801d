"""Drive card sales through the till: the real app (SQLCipher), the card plugin, the Stripe simulator.

The till's card path talks to the simulator through the real `stripe` SDK over loopback HTTP; the test
plays the customer (`present`, `customer_cancel`) on the simulator, like the demo reader panel does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application, Services
from dripos_terminal.clock import SystemClock
from dripos_terminal.composition.cards import CardOptions, CardPayments
from dripos_terminal.composition.till import Features
from dripos_terminal.payments.stripe_gateway import RetryPolicy
from dripos_terminal.sim.stripe import StripeSimulator
from dripos_terminal.ui.card_checkout_dialog import CardCheckoutDialog, Phase
from dripos_terminal.ui.manual_entry_dialog import ManualEntryDialog
from dripos_terminal.ui.tender_dialog import TenderDialog
from tests.support.money import assert_orders_match_payments, assert_stripe_matches_till
from tests.ui.helpers_till import add_item, login, open_tender

FAST_RETRY = RetryPolicy(attempts=5, base_s=0.01, cap_s=0.05)
VISA = "4242424242424242"
WAIT_MS = 15_000


def card_options(**overrides: Any) -> CardOptions:
    options: dict[str, Any] = {
        "clock": SystemClock(),
        "rate_limit": 0,
        "poll_interval_s": 0.02,
        "payment_timeout_s": 10.0,
        "cancel_grace_s": 3.0,
        "offline_grace_s": 0.05,
        "retry": FAST_RETRY,
    }
    options.update(overrides)
    return CardOptions(**options)


@dataclass
class CardRig:
    qtbot: QtBot
    app: Application

    @property
    def cards(self) -> CardPayments:
        assert self.app.cards is not None
        return self.app.cards

    @property
    def services(self) -> Services:
        assert self.app.services is not None
        return self.app.services

    @property
    def sim(self) -> StripeSimulator:
        sim = self.cards.sim
        assert isinstance(sim, StripeSimulator)
        return sim

    # -- the customer ------------------------------------------------------------------------------
    def reader_waiting(self) -> bool:
        with self.sim.state.lock:
            action = self.sim.state.readers[self.cards.reader_id].get("action") or {}
            return action.get("type") == "process_payment_intent" and action.get("status") == "in_progress"

    def present(self, number: str = VISA, **kw: Any) -> None:
        self.qtbot.wait_until(self.reader_waiting, timeout=WAIT_MS)
        self.sim.present(number=number, **kw)

    def customer_cancel(self) -> None:
        self.qtbot.wait_until(self.reader_waiting, timeout=WAIT_MS)
        self.sim.customer_cancel()

    # -- the barista -------------------------------------------------------------------------------
    def open_card(
        self, item: str = "espresso", **choices: list[str]
    ) -> tuple[TenderDialog, CardCheckoutDialog]:
        add_item(self.qtbot, self.app, item, **choices)
        tender = open_tender(self.qtbot, self.app)
        self.qtbot.mouseClick(tender.card_button, Qt.MouseButton.LeftButton)
        dialog = self.cards.dialog
        assert isinstance(dialog, CardCheckoutDialog)
        self.qtbot.wait_until(lambda: not dialog.display_pending, timeout=WAIT_MS)
        return tender, dialog

    def charge(self, dialog: CardCheckoutDialog) -> None:
        self.qtbot.mouseClick(dialog.charge_button, Qt.MouseButton.LeftButton)

    def wait_phase(self, dialog: CardCheckoutDialog, *phases: Phase) -> Phase:
        self.qtbot.wait_until(lambda: dialog.phase in phases, timeout=WAIT_MS)
        return dialog.phase

    def click(self, widget: Any) -> None:
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)

    def finish_sale(self, tender: TenderDialog, dialog: CardCheckoutDialog) -> str:
        """Approved: Done on the card dialog, then the tender dialog, then the receipt's text."""
        self.click(dialog.done_button)
        self.qtbot.wait_until(lambda: tender.committed is not None, timeout=WAIT_MS)
        self.click(tender.done_button)
        self.qtbot.wait_until(lambda: self.app.window.current_screen_name() == "receipt")
        text: str = self.app.till.receipt.text.text()
        self.click(self.app.till.receipt.new_button)
        return text

    def manual(
        self, dialog: CardCheckoutDialog, number: str, expiry: str, cvc: str, postal: str = ""
    ) -> None:
        self.click(dialog.manual_button)
        self.qtbot.wait_until(lambda: isinstance(dialog.manual_dialog, ManualEntryDialog))
        form = dialog.manual_dialog
        assert form is not None
        type_into(self.qtbot, form.number, number)
        type_into(self.qtbot, form.expiry, expiry)
        type_into(self.qtbot, form.cvc, cvc)
        type_into(self.qtbot, form.postal, postal)
        self.click(form.charge_button)

    # -- money safety ----------------------------------------------------------------------------
    def assert_money_safe(self) -> None:
        """Stripe charged what the till recorded, once each, by value; the orders agree with both."""
        assert_stripe_matches_till(self.sim.ledger, self.services.db)
        assert_orders_match_payments(self.services.db)


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Type like a keyboard would; characters QTest cannot map (e.g. "٤") go in as key events."""
    edit.setFocus()
    for ch in text:
        if ch.isascii():
            qtbot.keyClick(edit, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch)
            QApplication.sendEvent(edit, event)


def start_card_till(
    qtbot: QtBot,
    make_app: Callable[..., Application],
    data_dir: Path,
    *,
    pin: str = "1111",
    **options: Any,
) -> CardRig:
    app = make_app(data_dir, features=Features(cards=card_options(**options)))
    rig = CardRig(qtbot, app)
    qtbot.wait_until(lambda: app.cards is not None and app.cards.ready, timeout=WAIT_MS)
    login(qtbot, app, pin)
    return rig
