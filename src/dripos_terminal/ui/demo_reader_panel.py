"""Demo only: play the customer at the simulated reader, and break things on purpose.

Choose a test card and "Tap card" (the customer presents it), "Customer cancels" (the reader's
cancel key), and toggles for "Reader offline" / "Stripe API down" so the seed incident can be played
on stage. Every simulator call goes through `TaskRunner` (it takes the simulator's lock).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QHBoxLayout, QVBoxLayout, QWidget

from dripos_terminal.ui.tasks import TaskRunner
from dripos_terminal.ui.widgets import make_button, make_label, set_role

# (label, number): Stripe's documented test cards (reference/stripe-terminal-facts.md §2).
TEST_CARDS: tuple[tuple[str, str], ...] = (
    ("Visa 4242 — approved", "4242424242424242"),
    ("Mastercard 4444 — approved", "5555555555554444"),
    ("Amex 0005 — approved", "378282246310005"),
    ("Declined — generic", "4000000000000002"),
    ("Declined — insufficient funds", "4000000000009995"),
    ("Declined — lost card", "4000000000009987"),
    ("Declined — stolen card", "4000000000009979"),
    ("Declined — expired card", "4000000000000069"),
    ("Declined — processing error", "4000000000000119"),
)

READER_OFFLINE = "reader_offline"
API_DOWN = "api_error"


class DemoReaderPanel(QGroupBox):
    """`sim` is a `sim.stripe.StripeSimulator` (duck-typed: present, customer_cancel, faults)."""

    def __init__(self, sim: Any, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__("Demo reader — the customer's side", parent)
        self.setObjectName("demoReaderPanel")
        self._sim, self._tasks = sim, tasks
        self._fault_ids: dict[str, str] = {}
        self.busy = False
        col = QVBoxLayout(self)
        row = QHBoxLayout()
        self.card_choice = QComboBox()
        self.card_choice.setObjectName("demoCard")
        for label, number in TEST_CARDS:
            self.card_choice.addItem(label, number)
        self.tap_button = make_button("Tap card", "primary", name="demoTap")
        self.cancel_button = make_button("Customer cancels", None, name="demoCustomerCancel")
        for widget in (self.card_choice, self.tap_button, self.cancel_button):
            row.addWidget(widget)
        col.addLayout(row)
        faults = QHBoxLayout()
        self.offline_box = QCheckBox("Reader offline")
        self.offline_box.setObjectName("demoReaderOffline")
        self.api_box = QCheckBox("Stripe API down")
        self.api_box.setObjectName("demoApiDown")
        faults.addWidget(self.offline_box)
        faults.addWidget(self.api_box)
        col.addLayout(faults)
        self.message = make_label("", "muted", name="demoMessage")
        self.message.setWordWrap(True)
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
        self._run(lambda: self._sim.present(number=number), f"Customer tapped {label.split(' — ')[0]}")

    def customer_cancel(self) -> None:
        self._run(self._sim.customer_cancel, "Customer pressed cancel on the reader")

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
                ok_text if error is None else f"The reader is not waiting for a card ({error})"
            )
            set_role(self.message, "muted" if error is None else "error")

        self._tasks.run(call, done)


def _fault_text(name: str, on: bool) -> str:
    what = "Reader offline" if name == READER_OFFLINE else "Stripe API down (503)"
    return f"{what}: {'on' if on else 'off'}"
