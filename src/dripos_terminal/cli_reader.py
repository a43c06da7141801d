"""`dripos-terminal reader register|list`: Stripe Terminal readers, with the till's saved key."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from dripos_terminal.cli_common import EXIT_OK, CommandError, add_data_dir, open_till, run_command


def register(subparsers: Any) -> None:
    reader = subparsers.add_parser("reader", help="register or list card readers")
    sub = reader.add_subparsers(dest="reader_command", required=True)
    reg = sub.add_parser("register", help="register the reader showing a registration code")
    reg.add_argument("--code", required=True, help="the code the reader shows (simulated-wpe for a test key)")
    reg.add_argument("--label", required=True, help="a name for it, e.g. Counter")
    reg.add_argument("--location", help="Terminal location id (default: the till's location)")
    listing = sub.add_parser("list", help="readers on the Stripe account")
    for parser, func in ((reg, _register), (listing, _list)):
        add_data_dir(parser)
        parser.set_defaults(func=lambda args, f=func: run_command(lambda: f(args)))


def _stripe(work: Any) -> Any:
    from dripos_terminal.services.stripe_setup import StripeSetupError

    try:
        return work()
    except StripeSetupError as exc:
        raise CommandError(str(exc)) from None


def _register(args: argparse.Namespace) -> int:
    with open_till(args) as till:
        setup = till.stripe_setup()
        reader = _stripe(lambda: setup.register_reader(None, args.code, args.label, args.location))
        sys.stdout.write(
            f"registered {reader.label} ({reader.id}) at {reader.location}; the till will use it\n"
        )
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    with open_till(args) as till:
        setup = till.stripe_setup()
        chosen = till.config().stripe.reader_id
        readers = _stripe(setup.readers)
        sys.stdout.write(f"{'ID':28}{'LABEL':20}{'STATUS':10}{'LOCATION':28}\n")
        for r in readers:
            mark = "  (this till)" if r.id == chosen else ""
            sys.stdout.write(f"{r.id:28}{r.label:20}{(r.status or '?'):10}{(r.location or ''):28}{mark}\n")
    return EXIT_OK
