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
from pathlib import Path

from dripos_terminal.domain.staff import Role
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.services.staff import StaffService
from dripos_terminal.store.database import Database

log = logging.getLogger("dripos_terminal.services")

DEMO_MARKER = "DEMO-DATA.txt"
META_DATA_MODE = "data_mode"
DEMO_SHOP = {"name": "Dripos Demo Café", "address": "1 Espresso Lane, Portland OR 97205"}
_MARKER_TEXT = (
    "This folder holds the Dripos Terminal DEMO's data (documented PINs, simulated payments).\n"
    "`dripos-terminal run --demo` uses only folders marked by this file; a shop's till refuses them.\n"
)
# A folder holding only these has no shop data to lose (a log, settings written before a first
# run); anything else — a database, a key's recovery copy — means it is in use.
_IGNORED = {"dripos-terminal.log", "config.toml"}


class DataModeMismatch(Exception):
    """Demo asked for on a shop's folder, or the other way round. Nothing was opened or changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.user_message = message


def check_data_dir(data_dir: Path, *, demo: bool) -> None:
    """Refuse to mix demo and shop data; only reads the folder. Raises `DataModeMismatch`."""
    marked = (data_dir / DEMO_MARKER).exists()
    if demo and not marked:
        in_use = (
            sorted(p.name for p in data_dir.iterdir() if p.name not in _IGNORED) if data_dir.is_dir() else []
        )
        if in_use:
            raise DataModeMismatch(
                QT_TRANSLATE_NOOP(
                    "Demo",
                    "{folder} is not a demo data folder (it holds {files}). The demo never "
                    "opens a shop's data: nothing was changed. Run the demo without --data-dir, or "
                    "give it an "
                    "empty folder.",
                ).format(folder=data_dir, files=", ".join(in_use[:3]))
            )
    if not demo and marked:
        raise DataModeMismatch(
            QT_TRANSLATE_NOOP(
                "Demo",
                "{folder} holds the demo's data (documented PINs, simulated payments), so a shop's till "
                "will not use it. Use `run --demo` for it, or choose another data folder for the shop.",
            ).format(folder=data_dir)
        )


def prepare_demo_dir(data_dir: Path) -> None:
    """Mark a fresh folder as demo data (call after `check_data_dir(..., demo=True)`)."""
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    marker = data_dir / DEMO_MARKER
    if not marker.exists():
        marker.write_text(_MARKER_TEXT, encoding="utf-8")


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


DEMO_PASSPHRASE = "dripos-demo"
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
