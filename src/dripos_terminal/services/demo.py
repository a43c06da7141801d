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
"""

from __future__ import annotations

import logging

from dripos_terminal.domain.staff import Role
from dripos_terminal.services.staff import StaffService

log = logging.getLogger("dripos_terminal.services")

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
