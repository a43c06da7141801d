"""`dripos-terminal sim --port N [--live]`: run the Stripe simulator in the foreground."""

from __future__ import annotations

import argparse
import threading
from typing import Any


def register(subparsers: Any) -> None:
    """Add the `sim` sub-command to the `dripos-terminal` parser's sub-parsers."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "sim", help="run the embedded Stripe API simulator in the foreground (Ctrl-C stops it)"
    )
    parser.add_argument("--port", type=int, default=12111, help="port on 127.0.0.1 (0: any free port)")
    parser.add_argument(
        "--live", action="store_true", help="livemode objects and the 100 req/s live rate limit"
    )
    parser.add_argument(
        "--rate-limit",
        type=float,
        default=None,
        help="requests per second (default 25 test / 100 live; 0: off)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, *, stop_event: threading.Event | None = None) -> int:
    from dripos_terminal.sim.stripe import StripeSimulator

    sim = StripeSimulator(livemode=args.live, port=args.port, rate_limit=args.rate_limit)
    base_url = sim.start()
    try:
        location_id, reader_id = sim.register_demo_reader()
        print(f"Stripe simulator listening on {base_url}", flush=True)
        print(f"API key:  {sim.api_key}", flush=True)
        print(f"Location: {location_id}", flush=True)
        print(f"Reader:   {reader_id} (simulated-wpe)", flush=True)
        print(
            f"Control:  {base_url}/_sim/ledger, POST {base_url}/_sim/present, {base_url}/_sim/faults",
            flush=True,
        )
        print("Ctrl-C to stop.", flush=True)
        (stop_event or threading.Event()).wait()
    except KeyboardInterrupt:
        print("\nstopping", flush=True)
    finally:
        sim.stop()
    return 0
