"""Demo only: buttons that play the seed incident on the embedded Statuspage simulator.

"Start incident" posts the seed story's first update ("Errors with in-person card payments", Terminal
and Card readers, impact major); "Post update" walks identified → monitoring; "Resolve" closes it;
"Schedule maintenance" announces a card-reader firmware window starting in an hour. Each call runs
through `TaskRunner` (the GUI thread stays free), then `on_changed()` asks the poller to look now
(the composition root passes `StatusBridge.poll_now`). Never built outside demo mode.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dripos_terminal.sim.statuspage import StatuspageSimulator
from dripos_terminal.ui.tasks import TaskRunner
from dripos_terminal.ui.widgets import describe, shown_error

log = logging.getLogger("dripos_terminal.ui")

SEED_NAME = "Errors with in-person card payments"
SEED_COMPONENTS = ("Terminal", "Card readers")
SEED_IMPACT = "major"
SEED_BODY = (
    "We have been made aware that card readers from Stripe are causing errors when trying to process "
    "a payment. Please use manual card entry in the meantime."
)
SEED_UPDATES: tuple[tuple[str, str], ...] = (
    (
        "identified",
        "Stripe confirms an issue with their card readers and is investigating. Keep using manual card "
        "entry or offline payments.",
    ),
    (
        "monitoring",
        "Stripe reports that mitigation on their end is working and they are beginning to see card "
        "readers recover. We are confirming with shops before calling it resolved.",
    ),
)
SEED_RESOLVED = (
    "We have confirmed with customers and our payment provider that in-person card payments with "
    "Stripe card readers are working again. Let us know if anything funky is still happening on your side."
)
MAINTENANCE_NAME = "Card reader firmware update"
MAINTENANCE_BODY = "Card readers may restart once during the window; keyed and offline payments keep working."


class DemoStatusPanel(QFrame):
    """Four buttons and a status line. `finished(str)` reports each completed step (tests, logs)."""

    finished = Signal(str)
    failed = Signal(str)

    def __init__(
        self,
        simulator: StatuspageSimulator,
        runner: TaskRunner,
        on_changed: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("demoStatusPanel")
        self._sim = simulator
        self._runner = runner
        self._on_changed = on_changed
        self.incident_id: str | None = None
        self._next_update = 0
        self._busy = False

        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Demo: status page"))
        heading.setProperty("role", "title")
        layout.addWidget(heading)
        describe(self, self.tr("Demo: play Stripe's status page."), self.tr("Demo: status page"))
        grid = QGridLayout()
        self.start_button = self._button(
            self.tr("Start incident"),
            "demoStartIncident",
            self.tr("Demo: the status page reports the card reader incident."),
            "warning",
        )
        self.update_button = self._button(
            self.tr("Post update"), "demoPostUpdate", self.tr("Demo: the next update of the incident.")
        )
        self.resolve_button = self._button(
            self.tr("Resolve"), "demoResolve", self.tr("Demo: the incident is resolved."), "primary"
        )
        self.maintenance_button = self._button(
            self.tr("Schedule maintenance"),
            "demoMaintenance",
            self.tr("Demo: a card reader maintenance window in an hour."),
        )
        for index, button in enumerate(
            (self.start_button, self.update_button, self.resolve_button, self.maintenance_button)
        ):
            grid.addWidget(button, index // 2, index % 2)
        layout.addLayout(grid)
        self.status_label = QLabel(self.tr("No incident posted."))
        self.status_label.setObjectName("demoStatusLine")
        self.status_label.setProperty("role", "muted")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)

        self.start_button.clicked.connect(self.start_incident)
        self.update_button.clicked.connect(self.post_update)
        self.resolve_button.clicked.connect(self.resolve)
        self.maintenance_button.clicked.connect(self.schedule_maintenance)
        self._sync_buttons()

    def _button(self, text: str, name: str, description: str, role: str | None = None) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        describe(button, description, text)
        if role:
            button.setProperty("role", role)
        button.setMinimumHeight(56)
        return button

    # -- the four steps ------------------------------------------------------------------------

    def start_incident(self) -> None:
        def work() -> str:
            return self._sim.start_incident(SEED_NAME, SEED_COMPONENTS, SEED_IMPACT, SEED_BODY)

        def done(result: object) -> str:
            self.incident_id = str(result)
            self._next_update = 0
            return self.tr("Incident posted: {name}").format(name=SEED_NAME)

        self._run("start", work, done)

    def post_update(self) -> None:
        incident_id = self.incident_id
        if incident_id is None:
            return
        status, body = SEED_UPDATES[min(self._next_update, len(SEED_UPDATES) - 1)]

        def done(_result: object) -> str:
            self._next_update += 1
            return self.tr("Update posted: {status}").format(status=status)

        self._run("update", lambda: self._sim.update_incident(incident_id, status, body), done)

    def resolve(self) -> None:
        incident_id = self.incident_id
        if incident_id is None:
            return

        def done(_result: object) -> str:
            self.incident_id = None
            return self.tr("Incident resolved.")

        self._run("resolve", lambda: self._sim.resolve_incident(incident_id, SEED_RESOLVED), done)

    def schedule_maintenance(self) -> None:
        def work() -> str:
            start = self._sim.clock.now() + timedelta(hours=1)
            return self._sim.schedule_maintenance(
                MAINTENANCE_NAME,
                ["Card readers"],
                scheduled_for=start,
                scheduled_until=start + timedelta(hours=1),
                body=MAINTENANCE_BODY,
            )

        self._run(
            "maintenance",
            work,
            lambda _r: self.tr("Maintenance scheduled: {name}").format(name=MAINTENANCE_NAME),
        )

    # -- plumbing ------------------------------------------------------------------------------

    def _run(self, step: str, work: Callable[[], object], done: Callable[[object], str]) -> None:
        if self._busy:
            return
        self._busy = True
        self._sync_buttons()
        self.status_label.setText(self.tr("Working…"))

        def finish(result: object, error: BaseException | None) -> None:
            self._busy = False
            if error is not None:
                log.warning("demo status step %s failed: %s", step, error)
                message = self.tr("Could not {step}: {error}").format(step=step, error=shown_error(error))
                self.status_label.setText(message)
                self._sync_buttons()
                self.failed.emit(message)
                return
            message = done(result)
            self.status_label.setText(message)
            self._sync_buttons()
            if self._on_changed is not None:
                self._on_changed()
            self.finished.emit(step)

        self._runner.run(work, finish)

    def _sync_buttons(self) -> None:
        open_incident = self.incident_id is not None
        self.start_button.setEnabled(not self._busy and not open_incident)
        self.update_button.setEnabled(not self._busy and open_incident)
        self.resolve_button.setEnabled(not self._busy and open_incident)
        self.maintenance_button.setEnabled(not self._busy)
