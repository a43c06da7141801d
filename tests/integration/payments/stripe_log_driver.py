"""Child process for the STRIPE_LOG test: one keyed card payment, started through the real entry point.

    python -m tests.integration.payments.stripe_log_driver (entry|bare) DATA_DIR SIM_URL
        (the simulator's API key in DRIPOS_TEST_STRIPE_KEY)

`entry` starts the way the installed `dripos-terminal run` command does, through
`dripos_terminal.cli.main`, with the till's window replaced by one keyed payment (`pay`): whatever
the entry point does before the till's code runs has run. `bare` calls `pay` directly, as a control:
it shows what the SDK prints when nothing stops it.

`pay` keeps the till's own order of things: logging configured as `app.main` does (log file in the
data directory), the real SQLCipher store opened by `open_store`, the real `stripe` SDK over HTTP to
the simulator through `StripeGateway`, `ManualEntryAdapter` and `CardCheckout`. It prints
"RESULT <status> <amount> <currency>" on stdout.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import dripos_terminal.app as app_module  # no stripe import: the entry point must come first

PAN = "4242424242424242"
CVC = "739"
AMOUNT = 1250
PASSPHRASE = "flat white at dawn"
ENV_KEY = "DRIPOS_TEST_STRIPE_KEY"


def pay(data_dir: Path, sim_url: str) -> int:
    import random

    from dripos_terminal.clock import SystemClock
    from dripos_terminal.domain.card import KeyedCard
    from dripos_terminal.domain.payment import PaymentKind
    from dripos_terminal.logs import LOG_FILENAME, configure_logging
    from dripos_terminal.payments.manual_entry import ManualEntryAdapter, ManualEntrySettings
    from dripos_terminal.payments.ports import RecordingPrompt
    from dripos_terminal.payments.stripe_gateway import StripeGateway
    from dripos_terminal.services.card_payments import CardCheckout
    from dripos_terminal.store.audit import AuditLog
    from dripos_terminal.store.keys import ScryptParams, open_store
    from dripos_terminal.store.payments import PaymentStore

    configure_logging(log_file=str(data_dir / LOG_FILENAME))
    clock = SystemClock()
    db = open_store(
        data_dir,
        keyring_backend=None,
        passphrase_provider=lambda: PASSPHRASE,
        clock=clock,
        create_if_missing=True,
        scrypt_params=ScryptParams(n=2**10, r=8, p=1),
    )
    try:
        store = PaymentStore(db, clock)
        gateway = StripeGateway.connect(
            os.environ[ENV_KEY], sim_url, store, clock, timeout_s=5.0, rng=random.Random(1)
        )
        manual = ManualEntryAdapter(gateway, clock, ManualEntrySettings(till_id="till-1"))
        checkout = CardCheckout(store, {PaymentKind.MANUAL_CARD: manual}, clock, audit=AuditLog(db, clock))
        card = KeyedCard.parse(PAN, "12/30", CVC, "97205", now=datetime.now(UTC))
        result = checkout.pay(
            "order-stripe-log", AMOUNT, "usd", RecordingPrompt(), kind=PaymentKind.MANUAL_CARD,
            keyed_card=card,
        )  # fmt: skip
    finally:
        db.close()
    print(f"RESULT {result.status.value} {AMOUNT} usd", flush=True)
    return 0


def main(argv: list[str]) -> int:
    mode, data_dir, sim_url = argv[0], Path(argv[1]), argv[2]
    if mode == "bare":
        return pay(data_dir, sim_url)
    from dripos_terminal import cli

    app_module.main = lambda demo=False, data_dir=None, windowed=False: pay(Path(str(data_dir)), sim_url)  # type: ignore[assignment]
    return cli.main(["run", "--data-dir", str(data_dir)])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
