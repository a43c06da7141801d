"""Everything below the UI, built on an open database: no Qt here, so a command line, a crash-test child
or a bench builds exactly what the till runs.

- `build_services`: repositories and the services the screens use, around the ONE payments repository
  (its follower is the order book, so orders follow their payments inside the payments' commits).
- `build_card_core`: the card path on one Stripe endpoint (the gateway, the reader and keyed adapters,
  the card checkout, refunds, reader admin).
- `build_closeout`: the manager's close-out (offline batch, cash drawer, X/Z reports, the Orders
  lists), on the services and, when the till takes cards, the offline forwarder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from dripos_terminal.clock import Clock
from dripos_terminal.config import Config
from dripos_terminal.domain.catalog import Catalog, default_catalog_path, load_catalog
from dripos_terminal.domain.payment import PaymentKind
from dripos_terminal.domain.tax import TaxTable
from dripos_terminal.payments.forwarder import Forwarder
from dripos_terminal.payments.manual_entry import ManualEntryAdapter, ManualEntrySettings
from dripos_terminal.payments.stripe_gateway import RetryPolicy, StripeGateway
from dripos_terminal.payments.stripe_terminal import StripeTerminalAdapter, TerminalSettings
from dripos_terminal.payments.terminal_admin import TerminalAdmin
from dripos_terminal.services.card_payments import CardAdapter, CardCheckout
from dripos_terminal.services.drawer import DrawerService
from dripos_terminal.services.offline_batch import BatchService
from dripos_terminal.services.order_list import OrderList
from dripos_terminal.services.refunds import Refunds
from dripos_terminal.services.reports import ReportService
from dripos_terminal.services.sales import SalesService
from dripos_terminal.services.staff import StaffService
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.batches_repo import BatchesRepo
from dripos_terminal.store.database import Database
from dripos_terminal.store.drawer_repo import DrawerRepo
from dripos_terminal.store.orders_repo import OrdersRepo
from dripos_terminal.store.payments import PaymentStore
from dripos_terminal.store.sale_facts_repo import SaleFactsRepo
from dripos_terminal.store.settings_repo import SettingsRepo
from dripos_terminal.store.staff_repo import StaffRepo
from dripos_terminal.store.z_reports_repo import ZReportsRepo


@dataclass
class Services:
    """Everything below the UI, built once on an open database. Not frozen: `config` and `catalog`
    follow what a manager saves in Settings (`composition.setup.apply_settings`)."""

    db: Database
    audit: AuditLog
    orders: OrdersRepo
    settings: SettingsRepo
    staff: StaffService
    sales: SalesService
    payments: PaymentStore
    catalog: Catalog
    config: Config
    clock: Clock
    order_list: OrderList  # the Orders lists (a page at a time, from the sale facts)


def build_services(db: Database, *, config: Config, clock: Clock, catalog: Catalog | None = None) -> Services:
    catalog = catalog or load_catalog(default_catalog_path())
    audit = AuditLog(db, clock)
    orders = OrdersRepo(db, clock)
    staff = StaffService(StaffRepo(db, clock), audit, clock)
    sales = SalesService(
        db=db,
        orders=orders,
        audit=audit,
        catalog=catalog,
        tax_table=TaxTable(config.shop.tax_rates_bp),
        clock=clock,
        staff_name=staff.name_of,
        tip_presets_bp=[p * 100 for p in config.shop.tip_presets_percent],
        till_id=config.shop.till_id,
    )
    payments = PaymentStore(db, clock, audit=audit, follower=sales.book)
    settings = SettingsRepo(db, clock, audit)
    order_list = OrderList(SaleFactsRepo(db), sales, staff.name_of)
    return Services(db, audit, orders, settings, staff, sales, payments, catalog, config, clock, order_list)


@dataclass(frozen=True)
class CardCore:
    """The card path on one Stripe endpoint (blocking parts: call them from workers)."""

    gateway: StripeGateway
    checkout: CardCheckout
    refunds: Refunds
    admin: TerminalAdmin
    reader_id: str


def build_card_core(
    services: Services,
    *,
    api_key: str,
    api_base: str,
    terminal: TerminalSettings,
    clock: Clock,
    timeout_s: float,
    retry: RetryPolicy | None = None,
) -> CardCore:
    """`clock` paces the card path (polls, retry waits); records keep the services' clock."""
    payments = services.payments
    gateway = StripeGateway.connect(api_key, api_base, payments, clock, timeout_s=timeout_s, retry=retry)
    adapters: dict[PaymentKind, CardAdapter] = {
        PaymentKind.CARD_PRESENT: StripeTerminalAdapter(gateway, clock, terminal),
        PaymentKind.MANUAL_CARD: ManualEntryAdapter(gateway, clock, ManualEntrySettings(terminal.till_id)),
    }
    checkout = CardCheckout(payments, adapters, clock, orders=services.sales.book, audit=services.audit)
    refunds = Refunds(payments, gateway, clock, services.audit)
    return CardCore(gateway, checkout, refunds, TerminalAdmin(gateway), terminal.reader_id)


@dataclass(frozen=True)
class Closeout:
    """The manager's close-out, without Qt (the screens and `dripos-terminal batch|drawer|report`)."""

    batches: BatchService
    drawer: DrawerService
    reports: ReportService
    orders: OrderList


def build_closeout(
    services: Services,
    *,
    forwarder: Forwarder | None,
    kick: Callable[[], object] | None = None,
) -> Closeout:
    """BLOCKING (reads the last Z report): the close-out on the services' store. `forwarder` sends
    the offline batch (None: no card payments on this till); `kick` opens the cash drawer."""
    db, audit, sales, config = services.db, services.audit, services.sales, services.config
    till, currency = config.shop.till_id, config.shop.currency
    facts = SaleFactsRepo(db)
    zs = ZReportsRepo(db, audit)  # a Z report closes its business day, also after a restart
    latest = zs.days(till, limit=1)
    if latest:  # after a restart, a closed business day stays closed
        sales.close_business_day(date.fromisoformat(latest[0].business_date))
    name = services.staff.name_of
    batches = BatchService(
        batches=BatchesRepo(db, audit),
        sales=sales,
        audit=audit,
        clock=services.clock,
        staff_name=name,
        till_id=till,
        currency=currency,
        max_age=timedelta(hours=config.offline.max_age_hours),
        forwarder=forwarder,
    )
    drawer = DrawerService(
        DrawerRepo(db, audit), facts, services.clock, till_id=till, currency=currency, kick=kick
    )
    reports = ReportService(
        db=db,
        zs=zs,
        sales=sales,
        audit=audit,
        clock=services.clock,
        till_id=till,
        currency=currency,
        staff_name=name,
    )
    return Closeout(batches, drawer, reports, services.order_list)
