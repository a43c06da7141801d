from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot

from dripos_terminal.ui.tasks import CallbackBridge, TaskRunner


def test_result_is_delivered_on_the_gui_thread(qtbot: QtBot) -> None:
    runner = TaskRunner()
    gui = threading.get_ident()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    def done(result: object, error: BaseException | None) -> None:
        seen.update(result=result, error=error, callback=threading.get_ident())

    runner.run(work, done)
    qtbot.wait_until(lambda: "callback" in seen)
    assert seen["result"] == 42 and seen["error"] is None
    assert seen["callback"] == gui != seen["worker"]
    assert runner.pending == 0


def test_errors_come_back_as_values(qtbot: QtBot) -> None:
    runner = TaskRunner()
    box: list[BaseException | None] = []

    def boom() -> None:
        raise RuntimeError("disk full")

    runner.run(boom, lambda _r, e: box.append(e))
    qtbot.wait_until(lambda: bool(box))
    assert isinstance(box[0], RuntimeError)


def test_bridge_queues_calls_from_other_threads(qtbot: QtBot) -> None:
    bridge = CallbackBridge()
    got: list[tuple[object, int]] = []
    bridge.fired.connect(lambda p: got.append((p, threading.get_ident())))
    t = threading.Thread(target=bridge.emit_later, args=("reader offline",))
    with qtbot.wait_signal(bridge.fired, timeout=2000):
        t.start()
    t.join()
    assert got == [("reader offline", threading.get_ident())]


@pytest.mark.parametrize("n", [20])
def test_many_tasks_all_finish(qtbot: QtBot, n: int) -> None:
    runner = TaskRunner()
    results: list[object] = []
    for i in range(n):
        runner.run(lambda i=i: i * i, lambda r, _e: results.append(r))
    qtbot.wait_until(lambda: len(results) == n)
    assert sorted(results) == sorted(i * i for i in range(n))  # type: ignore[type-var]
