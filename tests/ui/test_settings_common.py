"""What every settings page shares: one piece of work at a time, and a save asked for while the page
is still loading (a slow keyring, a busy disk) runs once the load is done instead of being dropped."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from dripos_terminal.config import Config
from dripos_terminal.ui.settings_common import SettingsDeps, SettingsPage
from dripos_terminal.ui.tasks import TaskRunner


def test_a_save_during_a_load_runs_after_it_and_says_so(qtbot: QtBot) -> None:
    tasks = TaskRunner()
    deps = SettingsDeps(
        shop=None, staff=None, tasks=tasks, clock=None, actor=lambda: None,
        config=Config, tax_classes=dict,
    )  # fmt: skip
    page = SettingsPage(deps)
    qtbot.addWidget(page)
    saved: list[str] = []
    page.saved.connect(saved.append)
    loading, order = threading.Event(), []

    def slow_load() -> str:
        loading.wait(10)
        order.append("load")
        return "loaded"

    page.run(slow_load, lambda _r: "", saving=False)
    assert page.busy and page.message.text() == "Working…"
    page.run(lambda: order.append("save"), lambda _r: "Saved.")  # clicked while it loads
    assert order == []
    loading.set()
    qtbot.wait_until(lambda: saved == ["Saved."])
    assert order == ["load", "save"] and page.message.text() == "Saved." and not page.busy
    qtbot.wait_until(lambda: tasks.pending == 0)


def test_a_change_message_outlives_the_reload_it_starts(qtbot: QtBot) -> None:
    tasks = TaskRunner()
    deps = SettingsDeps(
        shop=None, staff=None, tasks=tasks, clock=None, actor=lambda: None,
        config=Config, tax_classes=dict,
    )  # fmt: skip

    class Page(SettingsPage):
        loads = 0

        def load(self) -> None:
            self.loads += 1
            self.run(lambda: None, lambda _r: "", saving=False)

    page = Page(deps)
    qtbot.addWidget(page)
    page.run(lambda: None, lambda _r: page.reload_showing("Bea added as barista."))
    qtbot.wait_until(lambda: page.loads == 1 and not page.busy)
    assert page.message.text() == "Bea added as barista."
    qtbot.wait_until(lambda: tasks.pending == 0)
