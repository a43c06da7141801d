"""`dripos-terminal doctor`: the table of checks (services.doctor); exit 0 only when all pass."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from dripos_terminal.cli_common import (
    EXIT_OK,
    EXIT_REFUSED,
    CommandError,
    add_data_dir,
    open_till,
    run_command,
)


def register(subparsers: Any) -> None:
    doctor = subparsers.add_parser("doctor", help="check the till's set-up and say how to fix what fails")
    add_data_dir(doctor)
    doctor.set_defaults(func=lambda args: run_command(lambda: _doctor(args)))


def _doctor(args: argparse.Namespace) -> int:
    import keyring

    from dripos_terminal.cli_common import data_dir_of
    from dripos_terminal.clock import SystemClock
    from dripos_terminal.services.doctor import DoctorContext, format_table, run_checks
    from dripos_terminal.services.setup import read_config_file
    from dripos_terminal.services.stripe_setup import StripeSetupError

    data_dir = data_dir_of(args)
    config_file = read_config_file(data_dir)
    backend = keyring.get_keyring()
    try:
        with open_till(args) as till:
            setup = till.stripe_setup()
            has_key = till.secrets.stripe_key() is not None

            def reader_status(reader_id: str) -> Any:
                try:
                    return setup.reader_status(reader_id)
                except StripeSetupError as exc:
                    raise RuntimeError(str(exc)) from None

            ctx = DoctorContext(
                data_dir, config_file, backend, till.db, till.config(), till.secrets, clock=till.clock
            )
            checks = run_checks(ctx, reader_status=reader_status if has_key else None)
    except CommandError as exc:
        ctx = DoctorContext(data_dir, config_file, backend, store_problem=str(exc), clock=SystemClock())
        checks = run_checks(ctx)
    sys.stdout.write(format_table(checks) + "\n")
    return EXIT_OK if all(c.ok for c in checks) else EXIT_REFUSED
