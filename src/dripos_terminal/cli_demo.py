"""`dripos-terminal demo seed-day --orders N [--day YYYY-MM-DD] --data-dir DIR`: a realistic business
day in a demo data folder, sold through the real services (`services.demo_day`), card payments on the
embedded Stripe simulator. The folder is marked as demo data (documented PINs, simulated payments):
open it with `run --demo --data-dir DIR` or the close-out commands' `--demo`.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import UTC, date, datetime
from typing import Any

from dripos_terminal.cli_common import EXIT_OK, CommandError, Progress, add_data_dir, open_till, run_command


def register(subparsers: Any) -> None:
    demo = subparsers.add_parser("demo", help="demo data for demos, screenshots and benchmarks")
    sub = demo.add_subparsers(dest="demo_command", required=True)
    seed = sub.add_parser("seed-day", help="fill a demo data folder with a realistic business day")
    seed.add_argument("--orders", type=int, required=True, help="how many orders (1 to 50,000)")
    seed.add_argument("--day", type=date.fromisoformat, help="business day YYYY-MM-DD (default: today)")
    seed.add_argument("--seed", type=int, default=1, help="random seed (the same seed sells the same day)")
    seed.add_argument("--json", action="store_true", help="print what was sold as JSON")
    add_data_dir(seed)
    seed.set_defaults(func=lambda args: run_command(lambda: _seed_day(args)), demo=True)


def _seed_day(args: argparse.Namespace) -> int:
    from dripos_terminal.clock import FakeClock
    from dripos_terminal.composition.core import build_card_core, build_closeout, build_services
    from dripos_terminal.domain.tender import TenderKind
    from dripos_terminal.payments.offline_capture import SETTING_OFFLINE_MANUAL_ENTRY
    from dripos_terminal.payments.stripe_terminal import TerminalSettings
    from dripos_terminal.services.demo import DEMO_SHOP, seed_demo_staff
    from dripos_terminal.services.demo_day import OPEN_AT, DaySeeder, SeedParts, _local
    from dripos_terminal.services.refunds import CardRefundProcessor, OfflineRefundProcessor
    from dripos_terminal.sim.stripe import StripeSimulator

    logging.getLogger("dripos_terminal.payments").setLevel(logging.ERROR)  # declines are the point here
    if not 1 <= args.orders <= 50_000:
        raise CommandError("--orders is 1 to 50,000.")
    day = args.day or datetime.now(UTC).astimezone().date()
    clock = FakeClock(_local(day, OPEN_AT, 0))
    sim = StripeSimulator(rate_limit=0)
    base = sim.start()
    sim.processing_seconds = 0.0
    try:
        with open_till(args, create=True) as till:
            till.clock = clock
            if not till.settings.document().get("shop"):
                till.settings.update(None, "shop", DEMO_SHOP)
            config = till.config()
            till.menu.catalog()
            services = build_services(till.db, config=config, clock=clock, catalog=till.menu.catalog())
            seed_demo_staff(services.staff)
            members = {m.name: m for m in services.staff.members()}
            barista, manager = members["Sam"], members["Alex"]
            if services.settings.get(SETTING_OFFLINE_MANUAL_ENTRY).result() is None:
                services.settings.set(
                    SETTING_OFFLINE_MANUAL_ENTRY, "true", actor_id=manager.staff_id
                ).result()
            _location, reader_id = sim.register_demo_reader()
            core = build_card_core(
                services,
                api_key=sim.api_key,
                api_base=base,
                terminal=TerminalSettings(
                    reader_id=reader_id, till_id=config.shop.till_id, poll_interval_s=0.01
                ),
                clock=clock,
                timeout_s=15.0,
            )
            offline = _offline_payments(services, config, sim.api_key, base, clock)
            for kind in (TenderKind.CARD_PRESENT, TenderKind.MANUAL_CARD):
                services.sales.register_processor(kind, CardRefundProcessor(core.refunds, services.payments))
            services.sales.register_processor(
                TenderKind.OFFLINE_CARD,
                OfflineRefundProcessor(services.payments, services.audit, core.refunds),
            )
            closeout = build_closeout(services, forwarder=offline.forwarder)
            if closeout.reports.stored_z(day) is not None:
                raise CommandError(f"{day} already has its Z report in this folder; choose another --day.")
            parts = SeedParts(
                sales=services.sales,
                staff=services.staff,
                cards=core.checkout,
                offline=offline,
                drawer=closeout.drawer,
                reader=sim,
                reader_id=reader_id,
                clock=clock,
            )
            seeder = DaySeeder(parts, barista=barista, manager=manager, seed=args.seed)
            report = seeder.run(args.orders, day, Progress("selling", enabled=not args.json))
    finally:
        sim.stop()
    data = {
        "business_day": day.isoformat(),
        "orders": report.orders,
        "cash": report.cash,
        "card_present": report.card_present,
        "manual_card": report.manual_card,
        "offline": report.offline,
        "offline_declined": report.offline_declined,
        "declined_at_counter": report.declined_at_counter,
        "voids": report.voids,
        "refunds": report.refunds,
        "discounts": report.discounts,
        "tips": report.tips,
        "seconds": round(report.seconds, 2),
        "seconds_by_kind": {k: round(v, 2) for k, v in sorted(report.seconds_by_kind.items())},
    }
    if args.json:
        sys.stdout.write(json.dumps(data, sort_keys=True) + "\n")
    else:
        sys.stdout.write(
            f"{report.orders} orders on {day} in {report.seconds:.1f} s: cash {report.cash}, reader "
            f"{report.card_present}, keyed {report.manual_card}, offline {report.offline} "
            f"({report.offline_declined} to be declined), voids {report.voids}, refunds {report.refunds}\n"
        )
    return EXIT_OK


def _offline_payments(services: Any, config: Any, api_key: str, base: str, clock: Any) -> Any:
    """Offline payments on the embedded simulator, as the till builds them (caps wide open: a demo
    day's incident stores more than a shop's defaults allow)."""
    from dripos_terminal.domain.offline_policy import OfflineLimits
    from dripos_terminal.payments.forwarder import ForwarderSettings, forwarding_gateway
    from dripos_terminal.payments.rate_pacer import PacerSettings
    from dripos_terminal.services.offline_payments import OfflinePayments, OfflineSetup

    # The embedded simulator has no rate limit, and the seeder's clock is a fake one that real waits
    # would never move: no pacing.
    unpaced = 1_000_000.0
    pacing = PacerSettings(initial_rate=unpaced, max_rate=unpaced, account_rate=0.0, burst=unpaced)
    return OfflinePayments(
        setup=OfflineSetup(
            limits=OfflineLimits(per_payment_cap_minor=100_000, total_cap_minor=10**9, count_cap=10**6),
            till_id=config.shop.till_id,
            currency=config.shop.currency,
            forwarder=ForwarderSettings(concurrency=4, startup_jitter_s=0.0, pacing=pacing),
        ),
        payments=services.payments,
        sales=services.sales,
        settings=services.settings,
        audit=services.audit,
        gateway=forwarding_gateway(api_key, base, services.payments, clock, timeout_s=15.0),
        clock=clock,
        reader_online=lambda: True,
    )
