"""`dripos-terminal` entry point. Each area registers its own sub-commands; this module only dispatches."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dripos-terminal", description="Dripos Terminal point of sale")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="launch the till")
    run.add_argument("--demo", action="store_true", help="run on the embedded Stripe and status simulators")
    run.add_argument("--data-dir", help="data directory (default: $DRIPOS_TERMINAL_HOME or the platform's)")
    run.set_defaults(func=_run)

    from dripos_terminal.status.cli import register as register_status

    register_status(sub)

    from dripos_terminal.sim.stripe_cli import register as register_sim

    register_sim(sub)
    return parser


def _run(args: argparse.Namespace) -> int:
    from dripos_terminal.app import main as app_main

    code: int = app_main(demo=args.demo, data_dir=args.data_dir)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    from dripos_terminal.stripe_log_guard import disarm_stripe_console_log

    disarm_stripe_console_log()  # before any sub-command can import the stripe SDK
    parser = build_parser()
    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
