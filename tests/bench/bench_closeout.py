"""The close-out on a day of 10,000 orders: seeding the day (`demo seed-day`, through the real services),
the Z report's figures, and the Orders screen loading that day — its time and the longest stall of the
GUI thread while it loads (the goal: none over 16 ms).

    python -m tests.bench closeout
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from tests.bench.stats import header, line

ORDERS = int(os.environ.get("DRIPOS_BENCH_ORDERS", "10000"))
RUNS = 5
DAY = date(2026, 3, 31)


def _seed(folder: Path) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != "DRIPOS_TERMINAL_PASSPHRASE"}
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "dripos_terminal.cli", "demo", "seed-day", "--orders", str(ORDERS),
         "--day", DAY.isoformat(), "--data-dir", str(folder), "--json"],
        capture_output=True, text=True, check=True, env=env,
    )  # fmt: skip
    report: dict[str, object] = json.loads(out.stdout)
    report["wall"] = time.perf_counter() - started
    return report


def _spread(values: list[float]) -> str:
    ordered = sorted(values)
    return f"{ordered[0] * 1000:.1f} / {ordered[len(ordered) // 2] * 1000:.1f} / {ordered[-1] * 1000:.1f} ms"


def _open(folder: Path):  # type: ignore[no-untyped-def]
    from dripos_terminal.clock import SystemClock
    from dripos_terminal.composition.core import build_closeout, build_services
    from dripos_terminal.config import Config
    from dripos_terminal.services.demo import DEMO_PASSPHRASE
    from dripos_terminal.store.keys import open_store
    from tests.support.keyring import MemoryKeyring

    clock = SystemClock()
    db = open_store(
        folder,
        keyring_backend=MemoryKeyring(),
        passphrase_provider=lambda: DEMO_PASSPHRASE,
        clock=clock,
        create_if_missing=False,
    )
    services = build_services(db, config=Config(), clock=clock)
    services.staff.all_members()
    return db, services, build_closeout(services, forwarder=None)


def _z_report(folder: Path) -> tuple[list[float], int]:
    db, _services, closeout = _open(folder)
    try:
        samples = []
        for _ in range(RUNS):
            started = time.perf_counter()
            report = closeout.reports.x_report(DAY)  # the Z's figures: the same SQL, one snapshot
            samples.append(time.perf_counter() - started)
            assert report.balances
        return samples, report.orders
    finally:
        db.close()


def _one_load(services: object, tasks: object) -> tuple[float, float, float, int]:
    """One load of the day into the Orders model under a view: (first page, all rows, longest stall,
    rows), the stall measured as the longest gap between ticks of a 1 ms timer on the GUI thread."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer

    from dripos_terminal.services.order_list import OrderQuery
    from dripos_terminal.ui.model_table import ModelTable
    from dripos_terminal.ui.orders_model import OrdersModel

    model = OrdersModel(services.order_list, tasks)  # type: ignore[attr-defined, arg-type]
    table = ModelTable("benchOrders", "orders")
    table.setModel(model)
    table.resize(1000, 700)
    table.show()
    clock, longest, last = QElapsedTimer(), [0.0], [0.0]
    marks: dict[str, float] = {}
    loop = QEventLoop()
    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.setInterval(1)

    def tick() -> None:
        now = clock.nsecsElapsed() / 1e9
        longest[0] = max(longest[0], now - last[0])
        last[0] = now

    def arrived(count: int) -> None:
        marks.setdefault("first", clock.nsecsElapsed() / 1e9)
        if count >= model.total:
            marks["all"] = clock.nsecsElapsed() / 1e9
            loop.quit()
        else:
            model.fetchMore()

    ticker.timeout.connect(tick)
    model.page_arrived.connect(arrived)
    clock.start()
    ticker.start()
    model.load(OrderQuery(DAY))
    QTimer.singleShot(120_000, loop.quit)
    loop.exec()
    ticker.stop()
    table.close()
    return marks["first"], marks["all"], longest[0], model.rowCount()


def _orders_screen(folder: Path) -> tuple[list[float], list[float], list[float], int]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from dripos_terminal.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    db, services, _closeout = _open(folder)
    tasks = TaskRunner()
    runs = []
    try:
        runs = [_one_load(services, tasks) for _ in range(RUNS)]
        tasks.wait_idle()
    finally:
        db.close()
    del app
    return [r[0] for r in runs], [r[1] for r in runs], [r[2] for r in runs], runs[-1][3]


def run() -> None:
    header(
        f"Close-out on a day of {ORDERS:,} orders (seeded once with `demo seed-day`; "
        f"min / median / max of {RUNS})"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "demo"
        seeded = _seed(folder)
        kinds = ", ".join(f"{k} {seeded[k]}" for k in ("cash", "card_present", "manual_card", "offline"))
        line("seed-day through the real services (one run)", f"{float(str(seeded['wall'])):.1f} s ({kinds})")
        z, orders = _z_report(folder)
        line(f"z_report_10k: the Z report's figures ({orders:,} sales)", _spread(z))
        first, every, stalls, rows = _orders_screen(folder)
        line("Orders screen: first page shown", _spread(first))
        line(f"Orders screen: all {rows:,} rows fetched (200 a page)", _spread(every))
        line("orders_10k_stall: longest GUI-thread stall while loading", _spread(stalls))
