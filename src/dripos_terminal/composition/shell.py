"""What every area of the till is built on: the services of the open store, the main window with its
till, the one task runner, the clock, and whether this is the demo."""

from __future__ import annotations

from dataclasses import dataclass

from dripos_terminal.clock import Clock
from dripos_terminal.composition.core import Services
from dripos_terminal.ui.main_window import MainWindow
from dripos_terminal.ui.tasks import TaskRunner
from dripos_terminal.ui.till import Till


@dataclass(frozen=True)
class Shell:
    services: Services
    window: MainWindow
    till: Till
    tasks: TaskRunner
    clock: Clock
    demo: bool
