"""`dripos-terminal staff list|add|disable|set-pin`: the staff service, for support staff.

`staff add` on an empty data folder creates the shop's encrypted store; its first member must be a
manager. Members are named by id or by (unique) name. PINs come from a prompt or one stdin line.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from dripos_terminal.cli_common import (
    EXIT_OK,
    CommandError,
    add_data_dir,
    data_dir_of,
    open_till,
    read_pin,
    run_command,
)

ROLE_NAMES = ("barista", "shift_lead", "manager")


def register(subparsers: Any) -> None:
    staff = subparsers.add_parser("staff", help="list, add, disable staff or set a PIN")
    sub = staff.add_subparsers(dest="staff_command", required=True)
    listing = sub.add_parser("list", help="everyone, disabled members too")
    add = sub.add_parser("add", help="add a member (the PIN is asked for, or read from stdin)")
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, choices=ROLE_NAMES)
    disable = sub.add_parser("disable", help="stop a member signing in")
    disable.add_argument("member", help="staff id or name")
    set_pin = sub.add_parser("set-pin", help="give a member a new PIN (asked for, or read from stdin)")
    set_pin.add_argument("member", help="staff id or name")
    for parser, func in ((listing, _list), (add, _add), (disable, _disable), (set_pin, _set_pin)):
        add_data_dir(parser)
        parser.set_defaults(func=lambda args, f=func: run_command(lambda: f(args)))


def _find(staff: Any, who: str) -> Any:
    everyone = staff.all_members()
    matches = [m for m in everyone if m.staff_id == who] or [
        m for m in everyone if m.name.lower() == who.lower()
    ]
    if not matches:
        raise CommandError(f"No member of staff is called {who!r} (see `staff list`).")
    if len(matches) > 1:
        raise CommandError(f"More than one member is called {who!r}; use the staff id (see `staff list`).")
    return matches[0]


def _list(args: argparse.Namespace) -> int:
    with open_till(args) as till:
        members = till.staff.all_members()
        sys.stdout.write(f"{'ID':34}{'NAME':24}{'ROLE':12}STATUS\n")
        for m in members:
            sys.stdout.write(
                f"{m.staff_id:34}{m.name:24}{m.role.value:12}{'active' if m.active else 'disabled'}\n"
            )
    return EXIT_OK


def _add(args: argparse.Namespace) -> int:
    from dripos_terminal.domain.staff import Role
    from dripos_terminal.store.keys import DATABASE_FILENAME

    if args.role != "manager" and not (data_dir_of(args) / DATABASE_FILENAME).exists():
        raise CommandError("A new till's first member of staff must be a manager; nothing was created.")
    with open_till(args, create=True) as till:
        pin = read_pin(f"PIN for {args.name} (4 to 8 digits): ")
        member = till.staff.add(None, args.name, Role(args.role), pin)
        sys.stdout.write(f"added {member.name} ({member.role.value}), id {member.staff_id}\n")
    return EXIT_OK


def _disable(args: argparse.Namespace) -> int:
    with open_till(args) as till:
        member = till.staff.set_active(None, _find(till.staff, args.member).staff_id, False)
        sys.stdout.write(f"{member.name} can no longer sign in\n")
    return EXIT_OK


def _set_pin(args: argparse.Namespace) -> int:
    with open_till(args) as till:
        member = _find(till.staff, args.member)
        till.staff.change_pin(None, member.staff_id, read_pin(f"New PIN for {member.name}: "))
        sys.stdout.write(f"new PIN set for {member.name}\n")
    return EXIT_OK
