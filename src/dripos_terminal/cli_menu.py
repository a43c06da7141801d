"""`dripos-terminal menu import|export`: the shop's menu as TOML (whole catalog) or CSV (items)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dripos_terminal.cli_common import EXIT_OK, CommandError, add_data_dir, open_till, run_command


def register(subparsers: Any) -> None:
    menu = subparsers.add_parser("menu", help="import or export the menu (TOML or CSV)")
    sub = menu.add_subparsers(dest="menu_command", required=True)
    imp = sub.add_parser("import", help="replace the menu (TOML) or its items (CSV) from a file")
    imp.add_argument("file")
    exp = sub.add_parser("export", help="write the menu to a file, or - for standard output")
    exp.add_argument("file")
    for parser, func in ((imp, _import), (exp, _export)):
        parser.add_argument("--format", choices=("toml", "csv"), help="default: from the file name")
        add_data_dir(parser)
        parser.set_defaults(func=lambda args, f=func: run_command(lambda: f(args)))


def _import(args: argparse.Namespace) -> int:
    from dripos_terminal.services.menu import format_of

    fmt = format_of(args.file, args.format)
    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"cannot read {args.file}: {getattr(exc, 'strerror', None) or exc}", 2) from None
    with open_till(args) as till:
        catalog = till.menu.import_text(None, text, fmt)
        sys.stdout.write(
            f"menu imported: {len(catalog.items)} items in {len(catalog.categories)} categories\n"
        )
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from dripos_terminal.services.menu import format_of

    fmt = args.format or ("toml" if args.file == "-" else format_of(args.file))
    with open_till(args) as till:
        text = till.menu.export_text(fmt)
    if args.file == "-":
        sys.stdout.write(text)
    else:
        Path(args.file).write_text(text, encoding="utf-8")
        sys.stderr.write(f"menu written to {args.file}\n")
    return EXIT_OK
