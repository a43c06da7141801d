"""`dripos-terminal` entry point. Each area registers its own sub-commands; this module only dispatches.

Support commands (`staff`, `reader`, `menu`, `doctor`) and the close-out (`batch`, `report`, `drawer`,
`demo seed-day`) use the same services as the till's screens;
their exit codes are 0 done, 1 refused (with the reason), 2 usage or environment error.

`run` is the till at the counter, and its window must be on screen fast: its plain forms
(`run [--demo] [--data-dir DIR]`) are read without argparse, anything else (help, a typo) goes to
the full parser, which for `run` loads none of the support commands (their modules import much of
the till); `--version` is looked up only when asked for.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("dripos-terminal")
    except PackageNotFoundError:  # pragma: no cover - run from a bare source tree
        return "unknown"


def build_parser(*, support_commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; without `support_commands`, only `run` (what the till's start needs)."""
    import argparse

    class VersionAction(argparse.Action):
        """`--version`, reading the installed version only when it is asked for."""

        def __init__(self, option_strings: Sequence[str], dest: str, **kw: object) -> None:
            super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=str(kw["help"]))

        def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
            sys.stdout.write(f"dripos-terminal {version()}\n")
            parser.exit()

    parser = argparse.ArgumentParser(prog="dripos-terminal", description="Dripos Terminal point of sale")
    parser.add_argument("--version", action=VersionAction, help="show the version and exit")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="launch the till")
    run.add_argument("--demo", action="store_true", help="run on the embedded Stripe and status simulators")
    run.add_argument("--data-dir", help="data directory (default: $DRIPOS_TERMINAL_HOME or the platform's)")
    run.add_argument(
        "--windowed",
        action="store_true",
        help="show the till in a window (back office) instead of full screen, whatever the display setting",
    )
    run.set_defaults(func=_run)
    if not support_commands:
        return parser

    from dripos_terminal.cli_closeout import register as register_closeout
    from dripos_terminal.cli_demo import register as register_demo
    from dripos_terminal.cli_doctor import register as register_doctor
    from dripos_terminal.cli_menu import register as register_menu
    from dripos_terminal.cli_printer import register as register_printer
    from dripos_terminal.cli_reader import register as register_reader
    from dripos_terminal.cli_staff import register as register_staff
    from dripos_terminal.sim.stripe_cli import register as register_sim
    from dripos_terminal.status.cli import register as register_status

    for register in (
        register_staff,
        register_reader,
        register_menu,
        register_doctor,
        register_printer,
        register_status,
        register_sim,
        register_closeout,
        register_demo,
    ):
        register(sub)
    return parser


def _run(args: argparse.Namespace | SimpleNamespace) -> int:
    from dripos_terminal.app import data_dir_for
    from dripos_terminal.services.demo_folder import DataModeMismatch, check_data_dir

    directory = data_dir_for(args.data_dir, args.demo)
    try:  # before anything (even the log file) is written there
        check_data_dir(directory, demo=args.demo)
    except DataModeMismatch as exc:
        sys.stderr.write(f"refused: {exc}\n")
        return 1

    from dripos_terminal.app import main as app_main

    code: int = app_main(demo=args.demo, data_dir=args.data_dir, windowed=args.windowed)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    from dripos_terminal.stripe_log_guard import disarm_stripe_console_log

    disarm_stripe_console_log()  # before any sub-command can import the stripe SDK
    words = list(sys.argv[1:] if argv is None else argv)
    plain = _plain_run(words)
    if plain is not None:
        return _run(plain)
    parser = build_parser(support_commands=words[:1] != ["run"])
    args = parser.parse_args(words)
    result: int = args.func(args)
    return result


def _plain_run(words: list[str]) -> SimpleNamespace | None:
    """`run`, `run --demo`, `run --data-dir DIR` (or `=DIR`), `run --windowed`, in any order: what every
    start of the till looks like. None for anything else, which the full parser reads (and explains)."""
    if words[:1] != ["run"]:
        return None
    demo, windowed, data_dir, rest = False, False, None, words[1:]
    while rest:
        word = rest.pop(0)
        if word == "--demo" and not demo:
            demo = True
        elif word == "--windowed" and not windowed:
            windowed = True
        elif word == "--data-dir" and data_dir is None and rest and not rest[0].startswith("-"):
            data_dir = rest.pop(0)
        elif word.startswith("--data-dir=") and data_dir is None and len(word) > len("--data-dir="):
            data_dir = word.partition("=")[2]
        else:
            return None
    return SimpleNamespace(demo=demo, data_dir=data_dir, windowed=windowed)


if __name__ == "__main__":
    sys.exit(main())
