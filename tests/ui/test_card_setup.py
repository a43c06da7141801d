"""Card checkout set-up: off without a key (and saying why), and the GUI never stalls on Stripe."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.composition.cards import READY_TEXT
from dripos_terminal.composition.setup import NO_KEY_TEXT
from dripos_terminal.composition.till import Features
from dripos_terminal.ui.card_checkout_dialog import Phase
from tests.ui.card_helpers import VISA, WAIT_MS, card_options, start_card_till
from tests.ui.helpers_till import add_item, open_tender


def test_without_an_api_key_cards_stay_off_and_the_till_says_why(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    features = Features(cards=card_options())
    app = make_app(data_dir, demo=False, features=features, passphrase_provider=lambda: "correct horse")
    assert app.cards is None
    status = app.window.findChild(QLabel, "cardStatus")
    assert status is not None and status.text() == NO_KEY_TEXT
    assert app.till.sell.card_handler is None


def test_cards_are_enabled_after_start_up_reconciliation(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    rig = start_card_till(qtbot, make_app, data_dir)
    assert rig.cards.status_label.text() == READY_TEXT
    assert rig.app.till.sell.card_handler is not None
    add_item(qtbot, rig.app, "espresso")
    tender = open_tender(qtbot, rig.app)
    assert tender.card_button.isEnabled()
    tender.reject()


class StallMeter:
    """A 10 ms timer on the GUI thread; the longest gap between its ticks is the worst stall."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._last = time.monotonic()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.monotonic()
        self.longest = max(self.longest, now - self._last)
        self._last = now

    def start(self) -> None:
        self._last = time.monotonic()
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return self.longest


@pytest.mark.slow
def test_gui_never_stalls_while_stripe_is_slow(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    rig = start_card_till(qtbot, make_app, data_dir, payment_timeout_s=120.0)
    tender, dialog = rig.open_card()
    rig.sim.faults.add("latency", seconds=2, count=None)
    meter = StallMeter()
    meter.start()
    rig.charge(dialog)
    qtbot.wait_until(rig.reader_waiting, timeout=4 * WAIT_MS)
    rig.sim.present(number=VISA)
    qtbot.wait_until(lambda: dialog.phase is Phase.APPROVED, timeout=4 * WAIT_MS)
    longest = meter.stop()
    rig.sim.faults.clear()
    assert longest < 0.5, f"the GUI thread stalled for {longest * 1000:.0f} ms"
    rig.finish_sale(tender, dialog)
    rig.assert_money_safe()
