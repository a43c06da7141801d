"""forward_stall: the GUI thread while the offline queue drains after the till goes back online.

Each run: the demo till goes offline, stores `STORED_PER_RUN` keyed card payments (each with its
order, as the offline card dialog would: not timed), the reader probe offers recovery, and with a
manager looking at the Offline queue screen the till goes back online. The 2 ms stall meter runs
on the GUI thread from "Go back online" until the queue screen shows every payment forwarded (the
background forwarder sends them on its workers; progress and the refreshed table arrive on the GUI
thread). The run's value is its longest gap; the floor, the same meter on the idle event loop for
as long.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from dripos_terminal.app import Application
from dripos_terminal.composition.offline import OfflineOptions
from dripos_terminal.domain.card import KeyedCard
from dripos_terminal.domain.connectivity import Connectivity
from dripos_terminal.domain.offline_policy import OfflineLimits
from dripos_terminal.domain.staff import Permission
from dripos_terminal.payments.forwarder import ForwarderSettings
from tests.bench.figures import Figure
from tests.bench.gui import StallMeter, qt_app, stall_figure, wait_until
from tests.bench.till import VISA, demo_till

STORED_PER_RUN = 20
LIMITS = OfflineLimits(per_payment_cap_minor=10**9, total_cap_minor=10**12, count_cap=10**6)


def _store(app: Application, count: int) -> None:
    assert app.offline is not None and app.services is not None
    service, sales = app.offline.service, app.services.sales
    actor = app.services.staff.members()[0]
    for _ in range(count):
        sale = sales.start_order(actor)
        sale.add_item("espresso")
        checkout = service.sale_checkout(sale, None)
        card = KeyedCard.parse(VISA, "12/30", "123", "97205", now=app.clock.now())
        checkout.store_offline(sale.order.balance_due.amount, 0, card)
        checkout.complete()


def _one_run(app: Application, meter: StallMeter, forwarded_before: int) -> tuple[float, float]:
    assert app.offline is not None and app.services is not None
    offline = app.offline
    manager = next(m for m in app.services.staff.members() if m.can(Permission.SETTINGS))
    offline.service.switch_offline(manager)
    _store(app, STORED_PER_RUN)
    while offline.connectivity.state is not Connectivity.RECOVERING:
        offline.service.probe()  # the reader answers again: recovery is offered
    queue = offline.queue
    offline.show_queue()
    wait_until(lambda: queue.totals is not None and queue.totals.stored == STORED_PER_RUN, 30, "queue shown")
    expected = forwarded_before + STORED_PER_RUN
    meter.start()
    started = time.perf_counter()
    offline.go_back_online()
    wait_until(lambda: queue.totals is not None and queue.totals.forwarded == expected, 120, "queue drained")
    return meter.stop(), time.perf_counter() - started


def measure(runs: int) -> list[Figure]:
    qt_app()
    options = OfflineOptions(limits=LIMITS, forwarder=ForwarderSettings(startup_jitter_s=0.0))
    with tempfile.TemporaryDirectory() as tmp_name:
        app = demo_till(Path(tmp_name) / "data", offline=options)
        try:
            assert app.till is not None and app.services is not None
            manager = next(m for m in app.services.staff.members() if m.can(Permission.SETTINGS))
            app.till.signed_in(manager)
            meter = StallMeter()
            return [
                stall_figure(
                    "forward_stall",
                    f"each run: longest GUI-thread gap while {STORED_PER_RUN} stored payments forward,"
                    " queue screen shown",
                    runs,
                    lambda run: _one_run(app, meter, run * STORED_PER_RUN),  # run 0: the warm-up
                )
            ]
        finally:
            app.close()
