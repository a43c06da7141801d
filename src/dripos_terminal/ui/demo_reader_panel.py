"""Demo only: play the customer at the simulated reader, and break things on purpose.

Choose a test card and "Tap card" (the customer presents it), "Customer cancels" (the reader's
cancel key), and toggles for "Reader offline" / "Stripe API down" so the seed incident can be played
on stage. Every simulator call goes through `TaskRunner` (it takes the simulator's lock).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QHBoxLayout, QVBoxLayout, QWidget

from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.ui.i18n import tr_text
from dripos_terminal.ui.tasks import TaskRunner
from dripos_terminal.ui.widgets import FlowRow, WrapLabel, describe, make_button, set_role, shown_error

# (label, number): Stripe's documented test cards (reference/stripe-terminal-facts.md §2).
CONTEXT = "DemoReaderPanel"
TEST_CARDS: tuple[tuple[str, str], ...] = (
    (QT_TRANSLATE_NOOP("DemoReaderPanel", "Visa 4242 — approved"), "4242424242424242"),
    (QT_TRANSLATE_NOOP("DemoReaderPanel", "Mastercard 4444 — approved"), "5555555555554444"),
    (QT_TRANSLATE_NOOP("DemoReaderPanel", "Amex 0005 — approved"), "378282246310005"),
    (QT_TRANSLATE_NOOP("DemoReaderPanel", "Declined — generic"), "4000000000000002"),
    (QT_TRANSLATE_NOOP("DemoReaderPanel", "Declined — insufficient funds"), "4000000000009995"),
    (QT_TRANSLATE_NOOP("DemoReaderPanel", "Declined — lost card"), "4000000000009987"),
    (QT_TRANSLATE_NOOP("DemoReaderPanel", "Declined — stolen card"), "4000000000009979"),
    (QT_TRANSLATE_NOOP("DemoReaderPanel", "Declined — expired card"), "4000000000000069"),
    (QT_TRANSLATE_NOOP("DemoReaderPanel", "Declined — processing error"), "4000000000000119"),
)

READER_OFFLINE = "reader_offline"
API_DOWN = "api_error"


class DemoReaderPanel(QGroupBox):
    """`sim` is a `sim.stripe.StripeSimulator` (duck-typed: present, customer_cancel, faults)."""

    def __init__(self, sim: Any, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Demo reader — the customer's side"))
        self.setObjectName("demoReaderPanel")
        self._sim, self._tasks = sim, tasks
        self._fault_ids: dict[str, str] = {}
        self.busy = False
        col = QVBoxLayout(self)
        self.card_choice = QComboBox()
        self.card_choice.setObjectName("demoCard")
        describe(self.card_choice, self.tr("Demo: the test card the customer holds."), self.tr("Test card"))
        for label, number in TEST_CARDS:
            self.card_choice.addItem(tr_text(label), number)
        self.tap_button = make_button(
            self.tr("Tap card"),
            "primary",
            name="demoTap",
            description=self.tr("Demo: the customer taps the card."),
        )
        self.cancel_button = make_button(
            self.tr("Customer cancels"),
            None,
            name="demoCustomerCancel",
            description=self.tr("Demo: the customer presses cancel on the reader."),
        )
        col.addWidget(FlowRow([self.card_choice, self.tap_button, self.cancel_button]))
        faults = QHBoxLayout()
        self.offline_box = QCheckBox(self.tr("Reader offline"))
        self.offline_box.setObjectName("demoReaderOffline")
        describe(
            self.offline_box, self.tr("Demo: the card reader stops answering."), self.tr("Reader offline")
        )
        self.api_box = QCheckBox(self.tr("Stripe API down"))
        self.api_box.setObjectName("demoApiDown")
        describe(
            self.api_box,
            self.tr("Demo: Stripe answers every call with an error."),
            self.tr("Stripe API down"),
        )
        faults.addWidget(self.offline_box)
        faults.addWidget(self.api_box)
        col.addLayout(faults)
        self.message = WrapLabel("", "muted", name="demoMessage")
        col.addWidget(self.message)
        self.tap_button.clicked.connect(lambda _c=False: self.tap())
        self.cancel_button.clicked.connect(lambda _c=False: self.customer_cancel())
        self.offline_box.toggled.connect(lambda on: self.set_fault(READER_OFFLINE, on))
        self.api_box.toggled.connect(lambda on: self.set_fault(API_DOWN, on))
        self.refresh()

    def select_card(self, number: str) -> None:
        index = self.card_choice.findData(number)
        if index < 0:
            raise ValueError("not a demo test card")
        self.card_choice.setCurrentIndex(index)

    def tap(self) -> None:
        number = str(self.card_choice.currentData())
        label = self.card_choice.currentText()
        self._run(
            lambda: self._sim.present(number=number),
            self.tr("Customer tapped {card}").format(card=label.split(" — ")[0]),
        )

    def customer_cancel(self) -> None:
        self._run(self._sim.customer_cancel, self.tr("Customer pressed cancel on the reader"))

    def set_fault(self, name: str, on: bool) -> None:
        """Turn a standing fault on (until cleared) or off. In-memory and immediate."""
        current = self._fault_ids.pop(name, None)
        if current is not None:
            self._sim.faults.clear(current)
        if on:
            if name == API_DOWN:
                fault = self._sim.faults.add(API_DOWN, count=None, status=503)
            else:
                fault = self._sim.faults.add(name, count=None)
            self._fault_ids[name] = fault.id
        self.message.setText(_fault_text(name, on))

    def refresh(self) -> None:
        """Reflect the simulator's standing faults (another panel may have toggled them)."""
        active = {f["name"]: f["id"] for f in self._sim.faults.active() if f.get("count") is None}
        for name, box in ((READER_OFFLINE, self.offline_box), (API_DOWN, self.api_box)):
            box.blockSignals(True)
            box.setChecked(name in active)
            box.blockSignals(False)
            if name in active:
                self._fault_ids[name] = active[name]
            else:
                self._fault_ids.pop(name, None)

    def _run(self, call: Callable[[], Any], ok_text: str) -> None:
        self.busy = True
        self.tap_button.setEnabled(False)
        self.cancel_button.setEnabled(False)

        def done(_result: Any, error: BaseException | None) -> None:
            self.busy = False
            self.tap_button.setEnabled(True)
            self.cancel_button.setEnabled(True)
            self.message.setText(
                ok_text
                if error is None
                else self.tr("The reader is not waiting for a card ({error})").format(
                    error=shown_error(error)
                )
            )
            set_role(self.message, "muted" if error is None else "error")

        self._tasks.run(call, done)


def _fault_text(name: str, on: bool) -> str:
    what = (
        QT_TRANSLATE_NOOP("DemoReaderPanel", "Reader offline: {state}")
        if name == READER_OFFLINE
        else QT_TRANSLATE_NOOP("DemoReaderPanel", "Stripe API down (503): {state}")
    )
    state = QT_TRANSLATE_NOOP("DemoReaderPanel", "on") if on else QT_TRANSLATE_NOOP("DemoReaderPanel", "off")
    return tr_text(what.format(state=state))
