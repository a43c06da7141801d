"""The demo till as the bench drives it, and the simulated customer and server clock around it.

`demo_till` builds the whole till (every area the product runs: banner and status feed, cards,
offline payments, printer, demo screen, settings, close-out) on a real SQLCipher store in a demo data folder,
with an in-memory keyring and a cheap recovery-key KDF (start-up is measured elsewhere), on the
embedded Stripe simulator with its rate limiter off.

`InstantCustomer` taps a card the moment the reader is asked to take one (inside the simulator's
request handling, so no thread of the bench polls for it and the tap counts as server time).
`ServerClock` adds up what the simulator reports through `request_timer`: its whole HTTP layer,
from a request line arriving to the last byte of the answer.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from dripos_terminal.app import (
    Application,
    build_application,
    keep_start_up_out_of_collections,
    share_the_interpreter_promptly,
)
from dripos_terminal.clock import Clock, SystemClock
from dripos_terminal.composition.cards import CardOptions
from dripos_terminal.composition.offline import OfflineOptions
from dripos_terminal.composition.printer import PrinterOptions
from dripos_terminal.composition.till import Features
from dripos_terminal.payments.stripe_gateway import RetryPolicy
from dripos_terminal.sim.stripe import StripeSimulator
from dripos_terminal.store.keys import ScryptParams
from dripos_terminal.ui.gui_gc import GuiGarbageCollector
from tests.bench.gui import wait_until
from tests.support.keyring import MemoryKeyring

VISA = "4242424242424242"
POLL_S = 0.02


def card_options(clock: Clock | None = None) -> CardOptions:
    return CardOptions(
        clock=clock,
        rate_limit=0,
        poll_interval_s=POLL_S,
        payment_timeout_s=120.0,
        retry=RetryPolicy(attempts=5, base_s=0.01, cap_s=0.05),
    )


def demo_till(
    data_dir: Path,
    *,
    clock: Clock | None = None,
    offline: OfflineOptions | None = None,
    everything: bool = True,
) -> Application:
    from dripos_terminal.app import load_theme
    from tests.bench.gui import qt_app

    qt_app().setStyleSheet(
        load_theme()
    )  # as `app.main` does (once, for every window): stalls include styling
    cards = card_options(clock)
    features = (
        Features(
            status=True,
            cards=cards,
            offline=offline or OfflineOptions(),
            printer=PrinterOptions(),
            demo_screen=True,
            settings=True,
            closeout=True,
        )
        if everything
        else Features(cards=cards)
    )
    app = build_application(
        data_dir=data_dir,
        demo=True,
        keyring_backend=MemoryKeyring(),
        clock=SystemClock(),
        scrypt_params=ScryptParams(n=2**10, r=8, p=1),
        env={},
        features=features,
        theme="",  # windows take the application's style sheet, as in `app.main`
    )
    assert app.window is not None, app.error
    app.window.show()
    wait_until(lambda: app.cards is not None and app.cards.ready, 30, "cards ready")
    if app.offline is not None:
        wait_until(lambda: app.offline is not None and app.offline.ready, 30, "offline ready")
    keep_start_up_out_of_collections()  # as `app.main` does once the till is built
    share_the_interpreter_promptly()  # as `app.main` does at its start
    collector = GuiGarbageCollector(QApplication.instance())  # as `app.main` does: cycles on this thread
    collector.start()
    return app


def simulator(app: Application) -> StripeSimulator:
    assert app.cards is not None and isinstance(app.cards.sim, StripeSimulator)
    return app.cards.sim


class ServerClock:
    def __init__(self, sim: StripeSimulator) -> None:
        self._lock = threading.Lock()
        self.spent = 0.0
        self.requests = 0
        sim.request_timer = self._add

    def _add(self, seconds: float) -> None:
        with self._lock:
            self.spent += seconds
            self.requests += 1

    def reset(self) -> None:
        with self._lock:
            self.spent, self.requests = 0.0, 0


class InstantCustomer:
    """Presents `number` as soon as a `process_payment_intent` is accepted by the simulator."""

    def __init__(self, sim: StripeSimulator, number: str = VISA) -> None:
        inner = sim.api.handle

        def handle(request: Any) -> Any:
            response = inner(request)
            if request.path.endswith("/process_payment_intent") and response.status == 200:
                sim.present(number=number)
            return response

        sim.api.handle = handle  # type: ignore[method-assign]
