"""What every area of the till is built on: the services of the open store, the main window with its
till, the one task runner, the clock, whether this is the demo, and the shop's settings and secrets
(`composition.setup`; None when a test builds a till without them)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dripos_terminal.clock import Clock
from dripos_terminal.composition.core import Services
from dripos_terminal.composition.setup import ShopServices
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
    shop: ShopServices | None = None
    data_dir: Path | None = None  # the till's data folder (exports go beside the store)
