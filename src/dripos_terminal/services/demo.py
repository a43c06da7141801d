"""Demo seeding: the staff of the demo shop and the demo data directory's recovery passphrase.

Demo credentials (documented on purpose; demo data only, never a real shop):

=========  ========  =====
Name       Role      PIN
=========  ========  =====
Sam        barista   1111
Alex       manager   9999
=========  ========  =====

The demo data directory's database key has a recovery copy wrapped with the passphrase
``dripos-demo`` (`DEMO_PASSPHRASE`). `dripos-terminal run --demo` uses it automatically when no OS
keyring is usable, so the demo starts without a prompt on machines and CI runners without one.

Demo and shop never mix. A demo data directory is marked when it is created — a `DEMO-DATA.txt`
beside the database (checked before anything is opened, so a refusal changes nothing) and
`meta.data_mode = 'demo'` inside it. The demo refuses any directory that is not marked (a shop's
database would otherwise get the documented demo PINs, and its stored cards would be "forwarded" to
the simulator and lost), and a shop till refuses a marked one.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from dripos_terminal.domain.staff import Role
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.services.demo_folder import (
    DEMO_MARKER,
    DEMO_PASSPHRASE,
    META_DATA_MODE,
    DataModeMismatch,
    check_data_dir,
    prepare_demo_dir,
)

if TYPE_CHECKING:
    from dripos_terminal.services.staff import StaffService
    from dripos_terminal.store.database import Database

log = logging.getLogger("dripos_terminal.services")

__all__ = [
    "DEMO_MARKER",
    "DEMO_PASSPHRASE",
    "DEMO_SHOP",
    "DEMO_STAFF",
    "META_DATA_MODE",
    "DataModeMismatch",
    "check_data_dir",
    "check_database_mode",
    "prepare_demo_dir",
    "seed_demo_staff",
]

DEMO_SHOP = {"name": "Dripos Demo Café", "address": "1 Espresso Lane, Portland OR 97205"}


def check_database_mode(db: Database, *, demo: bool) -> None:
    """Mark a new database with its mode, or refuse one of the other mode (`DataModeMismatch`)."""
    wanted = "demo" if demo else "shop"

    def run(conn: object) -> str:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (META_DATA_MODE,)).fetchone()  # type: ignore[attr-defined]
        if row is None:
            conn.execute("INSERT INTO meta(key, value) VALUES (?, ?)", (META_DATA_MODE, wanted))  # type: ignore[attr-defined]
            return wanted
        return str(row[0])

    found = db.transaction(run).result()
    if found != wanted:
        message = (
            QT_TRANSLATE_NOOP(
                "Demo",
                "This database belongs to a demo till, not a shop's one; it was not used. Run it "
                "with --demo.",
            )
            if found == "demo"
            else QT_TRANSLATE_NOOP(
                "Demo",
                "This database belongs to a shop's till, not a demo one; it was not used. "
                "The demo never opens a shop's database.",
            )
        )
        raise DataModeMismatch(message)


DEMO_STAFF: tuple[tuple[str, str, Role, str], ...] = (
    ("demo-sam", "Sam", Role.BARISTA, "1111"),
    ("demo-alex", "Alex", Role.MANAGER, "9999"),
)


def seed_demo_staff(staff: StaffService) -> int:
    """BLOCKING: add the demo staff that are missing (by id); returns how many were added."""
    existing = {m.staff_id for m in staff.members()}
    added = 0
    for staff_id, name, role, pin in DEMO_STAFF:
        if staff_id not in existing:
            staff.add_member(name, role, pin, staff_id=staff_id)
            added += 1
    if added:
        log.info("seeded %d demo staff members", added)
    return added
