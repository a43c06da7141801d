"""orders_10k_stall and z_report_10k: a day of 10,000 orders on the Orders screen and in the Z report.

The day is sold once, through the real services, by the close-out's `demo seed-day` (not timed), in
a demo data folder; then, in the whole demo till opened on that folder:

- orders_10k_stall (ms, each run's worst): the 2 ms stall meter on the GUI thread from a manager
  pressing Orders until every order of the day is in the screen's model (the first page as the
  screen asks for it, then page after page as scrolling to the end would). Floor: the same meter on
  the idle event loop for as long. `extra` has the time to the first page and to the last.
- commit_while_orders (ms, per run): a cash sale's durable commit (`SalesService.commit`, from a
  worker thread as the payment dialog makes it) started while Orders pages through the day — the
  commit must not queue behind the screen's reads. Floor, in the same runs: the same commit with the
  till idle.
- z_report_10k (ms per run): the Z report's figures for that day (`Reports.x_report`: the SQL a Z
  report takes its snapshot with). Floor, in the same runs: one indexed pass over the day's facts
  through the same store thread (count and sums of the day's sales), the least any day report reads.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from dripos_terminal.app import Application
from dripos_terminal.domain.staff import Permission
from tests.bench.fig_commit import _sale
from tests.bench.figures import Figure
from tests.bench.gui import IDLE_FLOOR, StallMeter, idle_gap, qt_app, wait_until
from tests.bench.till import demo_till

ORDERS = int(os.environ.get("DRIPOS_BENCH_ORDERS", "10000"))
FLOOR_SQL = (
    "SELECT count(*), sum(total_minor), sum(tip_minor), sum(paid_minor) FROM sale_facts "
    "WHERE business_date = ? AND is_sale"
)


def _seed(folder: Path) -> None:
    """`demo seed-day` for today (the Orders screen opens on today), as its own process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DRIPOS_TERMINAL")}
    subprocess.run(
        [sys.executable, "-m", "dripos_terminal.cli", "demo", "seed-day", "--orders", str(ORDERS),
         "--data-dir", str(folder)],
        capture_output=True, text=True, check=True, env=env,
    )  # fmt: skip


def _timed_commit(app: Application, staff: Any) -> float:
    """ms for one cash sale's durable commit, the sale built beforehand."""
    assert app.services is not None
    sale = _sale(app.services, staff)
    started = time.perf_counter()
    app.services.sales.commit(sale)
    return (time.perf_counter() - started) * 1000


def _orders_once(
    app: Application, meter: StallMeter, staff: Any, commits: list[float]
) -> tuple[float, float, float, float]:
    """(longest gap ms, seconds, first page s, all rows s) for one opening of Orders; a sale's commit
    timed while the pages load goes to `commits`."""
    assert app.till is not None
    till, history = app.till, app.till.history
    till.show_sell()
    model = history.model
    meter.start()
    started = time.perf_counter()
    till.show_history()
    wait_until(lambda: model.total > 0 and len(model.rows) > 0, 60, "first page")
    first = time.perf_counter() - started
    sale = threading.Thread(target=lambda: commits.append(_timed_commit(app, staff)), name="bench-sale")
    sale.start()  # while the screen pages through the day
    while len(model.rows) < model.total:
        count = len(model.rows)
        model.fetchMore()
        wait_until(lambda count=count: len(model.rows) > count, 60, "next page")
    every = time.perf_counter() - started
    sale.join()
    return meter.stop(), every, first, every


def _z_once(app: Application) -> tuple[float, float]:
    """(Z report's figures ms, floor ms), one after the other on the same store."""
    assert app.services is not None and app.wiring is not None and app.wiring.closeout is not None
    reports, db = app.wiring.closeout.closeout.reports, app.services.db
    day = app.services.sales.business_date().isoformat()
    started = time.perf_counter()
    report = reports.x_report(app.services.sales.business_date())
    z = time.perf_counter() - started
    if report.orders < ORDERS // 2:
        raise RuntimeError(f"the report counted {report.orders} sales, not a seeded day")
    started = time.perf_counter()
    db.call(lambda conn: conn.execute(FLOOR_SQL, (day,)).fetchone())
    return z * 1000, (time.perf_counter() - started) * 1000


def measure(runs: int) -> list[Figure]:
    qt_app()
    stalls: list[float] = []
    floors: list[float] = []
    firsts: list[float] = []
    alls: list[float] = []
    zs: list[float] = []
    busy_commits: list[float] = []
    idle_commits: list[float] = []
    z_floors: list[float] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        folder = Path(tmp_name) / "demo"
        _seed(folder)
        app = demo_till(folder)
        try:
            assert app.till is not None and app.services is not None
            manager = next(m for m in app.services.staff.members() if m.can(Permission.SETTINGS))
            app.till.signed_in(manager)
            meter = StallMeter()
            _orders_once(app, meter, manager, [])  # warm-up: the page cache, the screen's first layout
            _z_once(app)
            _timed_commit(app, manager)
            for _ in range(runs):
                stall, seconds, first, every = _orders_once(app, meter, manager, busy_commits)
                idle_commits.append(_timed_commit(app, manager))
                stalls.append(stall)
                floors.append(idle_gap(seconds))
                firsts.append(first * 1000)
                alls.append(every * 1000)
                z, z_floor = _z_once(app)
                zs.append(z)
                z_floors.append(z_floor)
        finally:
            app.close()
    idle = IDLE_FLOOR
    return [
        Figure(
            "orders_10k_stall",
            "ms",
            stalls,
            floors,
            goal="<= 16 ms",
            floor_is=idle,
            note=(
                f"each run: longest GUI-thread gap from Orders to all {ORDERS:,} orders of the day in the "
                f"screen (first page median {statistics.median(firsts):.0f} ms, all "
                f"{statistics.median(alls):.0f} ms); the day sold by `demo seed-day`"
            ),
            extra={
                "first_page_ms": [round(v, 1) for v in firsts],
                "all_rows_ms": [round(v, 1) for v in alls],
            },
        ),
        Figure(
            "commit_while_orders",
            "ms",
            busy_commits,
            idle_commits,
            goal="ratio ~ 1",
            floor_is="the same cash-sale commit with the till idle, in the same runs",
            note=f"each run: a cash sale committed by a worker while Orders pages through {ORDERS:,} orders",
        ),
        Figure(
            "z_report_10k",
            "ms",
            zs,
            z_floors,
            goal="(reported)",
            floor_is="one indexed pass over the day's sale facts (count and sums) through the store's thread",
            note=f"each run: the Z report's figures for a day of {ORDERS:,} orders",
        ),
    ]
