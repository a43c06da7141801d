"""Helpers: real services on a real SQLCipher store in a temporary data directory (cheap scrypt for speed)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dripos_terminal.clock import FakeClock
from dripos_terminal.domain.catalog import Catalog, default_catalog_path, load_catalog
from dripos_terminal.domain.staff import Role, StaffMember
from dripos_terminal.domain.tax import TaxTable
from dripos_terminal.services.sales import SalesService
from dripos_terminal.services.staff import StaffService
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.database import Database
from dripos_terminal.store.keys import ScryptParams, open_store
from dripos_terminal.store.orders_repo import OrdersRepo
from dripos_terminal.store.staff_repo import StaffRepo

CHEAP_SCRYPT = ScryptParams(n=2**10, r=8, p=1)
RATES = {"prepared_food": 875, "grocery": 0, "merchandise": 875}


@dataclass
class Shop:
    db: Database
    audit: AuditLog
    orders: OrdersRepo
    staff: StaffService
    sales: SalesService
    catalog: Catalog
    clock: FakeClock
    barista: StaffMember | None
    manager: StaffMember | None


def make_shop(data_dir: Path, keyring: object, clock: FakeClock, *, seed: bool = True) -> Shop:
    db = open_store(
        data_dir,
        keyring_backend=keyring,
        passphrase_provider=lambda: "correct horse battery",
        clock=clock,
        create_if_missing=True,
        scrypt_params=CHEAP_SCRYPT,
    )
    audit = AuditLog(db, clock)
    orders = OrdersRepo(db, clock)
    staff = StaffService(StaffRepo(db, clock), audit, clock, max_attempts=3, lockout_seconds=30)
    catalog = load_catalog(default_catalog_path())
    sales = SalesService(
        db=db,
        orders=orders,
        audit=audit,
        catalog=catalog,
        tax_table=TaxTable(RATES),
        clock=clock,
        staff_name=staff.name_of,
    )
    if seed and not staff.members():
        staff.add_member("Sam", Role.BARISTA, "1111", staff_id="sam")
        staff.add_member("Alex", Role.MANAGER, "9999", staff_id="alex")
    members = {m.staff_id: m for m in staff.members()}
    return Shop(db, audit, orders, staff, sales, catalog, clock, members.get("sam"), members.get("alex"))
