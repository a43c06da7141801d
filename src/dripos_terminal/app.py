"""Composition root: the one place that chooses implementations and wires the till together.

`main(demo, data_dir)` makes the QApplication, sets up the process (`composition.diagnostics`: name,
icon, redacted rotating log in the platform log directory, crash reports, SIGTERM), loads the theme
and runs the event loop. Everything else is in `build_application`, which tests call with an
injected keyring backend, clock, data directory and passphrase provider.

Key handling at start-up (the store's `open_store` makes the decisions; we only supply inputs):
keyring backend = `keyring.get_keyring()` (a backend that cannot store secrets counts as none);
the recovery passphrase comes from `DRIPOS_TERMINAL_PASSPHRASE`, else in demo mode the documented
demo passphrase (`services.demo.DEMO_PASSPHRASE`), else a Qt dialog (first run: choose it, twice).
Any `StoreEnvironmentError` (wrong key, missing key, damaged file, …) shows `RecoveryWindow` with
the store's `user_message`; no new key or file is ever made for an existing database.

Each feature area wires itself in `composition/` (see `default_plugins`): the incident banner, card
checkout, offline payments, the demo screen. They register banner actions in `app.incident_actions`
and payment-path listeners in `app.payment_failure_listeners` / `payment_success_listeners`.
Extra plugins can be passed to `build_application(plugins=...)`.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dripos_terminal.clock import Clock, SystemClock
from dripos_terminal.config import Config
from dripos_terminal.domain.catalog import Catalog, CatalogError, default_catalog_path, load_catalog
from dripos_terminal.domain.tax import TaxTable
from dripos_terminal.paths import resource_path
from dripos_terminal.payments.failures import FailureKind
from dripos_terminal.services.demo import (
    DEMO_PASSPHRASE,
    DataModeMismatch,
    check_data_dir,
    prepare_demo_dir,
    seed_demo_staff,
)
from dripos_terminal.services.sales import SalesService
from dripos_terminal.services.setup import read_config_file
from dripos_terminal.services.staff import StaffService
from dripos_terminal.status.model import Action
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.database import Database
from dripos_terminal.store.errors import (
    DatabaseLost,
    KeyUnavailable,
    StoreEnvironmentError,
    WrongKey,
    WrongPassphrase,
)
from dripos_terminal.store.keys import (
    DATABASE_FILENAME,
    DEFAULT_SCRYPT,
    RECOVERY_FILENAME,
    ScryptParams,
    open_store,
)
from dripos_terminal.store.orders_repo import OrdersRepo
from dripos_terminal.store.settings_repo import SettingsRepo
from dripos_terminal.store.staff_repo import StaffRepo

log = logging.getLogger("dripos_terminal.app")

ENV_PASSPHRASE = "DRIPOS_TERMINAL_PASSPHRASE"
CONFIG_FILENAME = "config.toml"  # config.CONFIG_FILENAME

PassphraseAsker = Callable[..., "str | None"]  # ask(create=bool) -> passphrase or None
Plugin = Callable[["Application"], None]


def load_theme() -> str:
    path = resource_path("theme.qss")
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        log.warning("theme not found at %s; using the default style", path)
        return ""


@dataclass
class Services:
    """Everything below the UI, built once on an open database."""

    db: Database
    audit: AuditLog
    orders: OrdersRepo
    settings: SettingsRepo
    staff: StaffService
    sales: SalesService
    catalog: Catalog
    config: Config
    clock: Clock


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
    return Services(db, audit, orders, SettingsRepo(db, clock, audit), staff, sales, catalog, config, clock)


def passphrase_provider_for(
    data_dir: Path, *, demo: bool, env: Mapping[str, str], ask: PassphraseAsker | None
) -> Callable[[], str | None]:
    """Where the recovery passphrase comes from: env, then the demo passphrase, then asking."""

    def provide() -> str | None:
        if env.get(ENV_PASSPHRASE):
            return env[ENV_PASSPHRASE]
        if demo:
            return DEMO_PASSPHRASE
        if ask is None:
            return None
        return ask(create=not (data_dir / DATABASE_FILENAME).exists())

    return provide


# -- the areas wired on top of the till ----------------------------------------------------------


def default_plugins() -> tuple[Plugin, ...]:
    """Each area's wiring lives in `composition/`; the order matters (cards, then the banner that
    listens to them, then the demo screen that collects the demo panels)."""
    from dripos_terminal.composition.cards import install_card_checkout
    from dripos_terminal.composition.demo import install_demo_screen
    from dripos_terminal.composition.offline import install_offline_payments
    from dripos_terminal.composition.printer import install_printer
    from dripos_terminal.composition.setup import install_shop_settings
    from dripos_terminal.composition.status import install_status_banner

    return (
        install_card_checkout,
        install_status_banner,
        install_offline_payments,
        install_printer,
        install_shop_settings,
        install_demo_screen,
    )


# -- the application ---------------------------------------------------------------------------------


class Application:
    """The built till (or its recovery window). `show()` displays whichever is current."""

    def __init__(
        self,
        *,
        data_dir: Path,
        demo: bool,
        keyring_backend: Any,
        clock: Clock,
        passphrase_provider: Callable[[], str | None],
        scrypt_params: ScryptParams,
        first_manager: Callable[[], tuple[str, str] | None] | None,
        plugins: Sequence[Plugin],
        theme: str,
        setup_wizard: bool = False,
    ) -> None:
        from dripos_terminal.ui.tasks import TaskRunner

        self.data_dir, self.demo, self.clock = data_dir, demo, clock
        self._keyring, self._provider, self._scrypt = keyring_backend, passphrase_provider, scrypt_params
        self._first_manager, self._plugins, self._theme = first_manager, plugins, theme
        self.tasks = TaskRunner()
        self.services: Services | None = None
        self.window: Any = None
        self.recovery: Any = None
        self.till: Any = None
        self.error: BaseException | None = None
        # Filled by the composition/ modules: banner actions, payment-path listeners, demo panels.
        self.incident_actions: dict[Action, Callable[[], None]] = {}
        self.payment_failure_listeners: list[Callable[[FailureKind], None]] = []
        self.payment_success_listeners: list[Callable[[], None]] = []
        self.demo_panels: list[Callable[[], Any]] = []  # factories: the demo screen builds them
        self.status_bridge: Any = None
        self.cards: Any = None  # composition.cards.CardPayments when cards are on
        self.banner: Any = None
        self.printer: Any = None  # composition.printer.PrinterWiring (receipt printer, cash drawer)
        # Day one in a real shop (composition.setup): settings, Stripe key and menu; the first-run
        # wizard (shown instead of the till until it finishes) and the Settings screen.
        self.setup_wizard = setup_wizard
        self.shop: Any = None  # composition.setup.ShopServices
        self.wizard: Any = None
        self.settings_screen: Any = None

    @property
    def keyring_backend(self) -> Any:
        return self._keyring

    @property
    def theme(self) -> str:
        return self._theme

    # -- start-up -----------------------------------------------------------------------------
    def start(self, passphrase: str | None = None, *, start_new: bool = False) -> bool:
        """Open the store and build the till; on failure build the recovery window. True if the till runs.
        `start_new`: a manager chose a new, empty database in place of a lost one (`open_store`)."""
        from dripos_terminal.composition.setup import needs_setup, open_shop, start_setup

        provider = (lambda: passphrase) if passphrase is not None else self._provider
        try:
            check_data_dir(self.data_dir, demo=self.demo)  # before anything is opened or written
            if self.demo:
                prepare_demo_dir(self.data_dir)
            config_file = read_config_file(self.data_dir)  # a broken file means safe mode, not a stop
            db = open_store(
                self.data_dir,
                keyring_backend=self._keyring,
                passphrase_provider=provider,
                clock=self.clock,
                create_if_missing=True,
                scrypt_params=self._scrypt,
                start_new=start_new,
            )
        except (StoreEnvironmentError, DataModeMismatch) as exc:
            self._failed(exc)
            return False
        try:
            config, catalog = open_shop(self, db, config_file)
        except (DataModeMismatch, CatalogError) as exc:
            db.close()
            self._failed(exc)
            return False
        except BaseException:
            db.close()
            raise
        try:
            self.services = build_services(db, config=config, clock=self.clock, catalog=catalog)
            manager = self._ensure_staff(self.services)
        except BaseException:
            db.close()
            raise
        if needs_setup(self, manager):
            start_setup(self, manager)
            return True
        self._build_window(self.services)
        return True

    def finish_setup(self) -> None:
        """The wizard is done (or skipped through): build the till on the settings it saved."""
        from dripos_terminal.composition.setup import reopen_menu

        assert self.services is not None and self.shop is not None
        wizard, self.wizard = self.wizard, None
        config = self.shop.settings.effective()
        catalog = reopen_menu(self, config)  # in the currency the wizard may just have chosen
        self.services = build_services(self.services.db, config=config, clock=self.clock, catalog=catalog)
        self._build_window(self.services)
        self.show()
        if wizard is not None:
            wizard.close()
            wizard.deleteLater()

    def _ensure_staff(self, services: Services) -> Any:
        """Demo staff, or on a new till the first manager (returned when created now)."""
        if self.demo:
            seed_demo_staff(services.staff)
        elif not services.staff.all_members() and self._first_manager is not None:
            answer = self._first_manager()
            if answer is not None:
                return services.staff.add_first_manager(answer[0], answer[1])
        return None

    def _failed(self, exc: BaseException) -> None:
        from dripos_terminal.ui.recovery_screen import RecoveryWindow

        self.error = exc
        log.error("cannot start the till: %s", exc)
        message = getattr(exc, "user_message", None) or str(exc)
        has_recovery_file = (self.data_dir / RECOVERY_FILENAME).exists()
        can_unlock = isinstance(exc, KeyUnavailable | WrongKey | WrongPassphrase) and has_recovery_file
        can_start_new = isinstance(exc, DatabaseLost) and has_recovery_file
        title = "The till's data is locked" if can_unlock else "The till cannot start"
        if self.recovery is not None:
            self.recovery.show_error(message)
            return
        self.recovery = RecoveryWindow(
            title=title,
            message=message,
            data_dir=self.data_dir,
            can_unlock=can_unlock,
            can_start_new=can_start_new,
        )
        self.recovery.setStyleSheet(self._theme)
        self.recovery.unlock_requested.connect(self._unlock)
        self.recovery.start_new_requested.connect(lambda passphrase: self._unlock(passphrase, start_new=True))
        self.recovery.quit_requested.connect(self.recovery.close)

    def _unlock(self, passphrase: str, *, start_new: bool = False) -> None:
        if self.start(passphrase, start_new=start_new) and self.recovery is not None:
            self.recovery.close()
            self.recovery.deleteLater()
            self.recovery = None
            self.show()

    def _build_window(self, services: Services) -> None:
        from dripos_terminal.ui.history_screen import HistoryScreen
        from dripos_terminal.ui.login_screen import LoginScreen
        from dripos_terminal.ui.main_window import MainWindow
        from dripos_terminal.ui.receipt_view import ReceiptView
        from dripos_terminal.ui.sell_screen import SellScreen
        from dripos_terminal.ui.till import Till

        shop = services.config.shop
        window = MainWindow(till_id=shop.till_id, clock=self.clock, shop_name=shop.name)
        window.setStyleSheet(self._theme)
        self.till = Till(
            window,
            login=LoginScreen(services.staff, self.tasks, shop.name),
            sell=SellScreen(
                catalog=services.catalog, sales=services.sales, staff=services.staff, tasks=self.tasks
            ),
            receipt=ReceiptView(shop_name=shop.name, address=shop.address, till_id=shop.till_id),
            history=HistoryScreen(sales=services.sales, staff=services.staff, tasks=self.tasks),
        )
        last = services.sales.last_order_number()
        window.set_order_number(f"#{last}" if last else None)
        self.window = window
        for plugin in self._plugins:
            plugin(self)

    # -- seams --------------------------------------------------------------------------------
    def run_incident_action(self, action: Action) -> None:
        """A banner button: each area registers what its action does (offline switch, manual entry…)."""
        handler = self.incident_actions.get(action)
        if handler is None:
            log.warning("no handler for incident action %s", action.value)
            return
        handler()

    def report_payment_failure(self, kind: FailureKind) -> None:
        for listener in self.payment_failure_listeners:
            listener(kind)

    def report_payment_success(self) -> None:
        for listener in self.payment_success_listeners:
            listener()

    def set_card_handler(self, handler: Callable[..., None] | None) -> None:
        """HOOK (card checkout): enable the Card button of the tender dialog."""
        if self.till is not None:
            self.till.sell.card_handler = handler

    def show(self) -> None:
        (self.window or self.wizard or self.recovery).show()

    def close(self) -> None:
        """Close the windows (their close hooks cancel a running payment and stop pollers and
        simulators), then wait for background work, then close the database."""
        for widget in (self.window, self.wizard, self.recovery):
            if widget is not None:
                widget.close()
        self.tasks.wait_idle()
        if self.services is not None:
            self.services.db.close()


def build_application(
    *,
    data_dir: Path,
    demo: bool,
    keyring_backend: Any,
    clock: Clock,
    passphrase_provider: Callable[[], str | None] | None = None,
    ask_passphrase: PassphraseAsker | None = None,
    first_manager: Callable[[], tuple[str, str] | None] | None = None,
    scrypt_params: ScryptParams = DEFAULT_SCRYPT,
    env: Mapping[str, str] | None = None,
    plugins: Sequence[Plugin] | None = None,
    theme: str | None = None,
    setup_wizard: bool = False,
) -> Application:
    """Build the till on `data_dir` (needs a QApplication). Never raises for environment problems:
    they produce `app.recovery` (a `RecoveryWindow`) instead of `app.window`."""
    provider = passphrase_provider or passphrase_provider_for(
        data_dir, demo=demo, env=os.environ if env is None else env, ask=ask_passphrase
    )
    app = Application(
        data_dir=data_dir,
        demo=demo,
        keyring_backend=keyring_backend,
        clock=clock,
        passphrase_provider=provider,
        scrypt_params=scrypt_params,
        first_manager=first_manager,
        plugins=default_plugins() if plugins is None else plugins,
        theme=load_theme() if theme is None else theme,
        setup_wizard=setup_wizard,
    )
    app.start()
    return app


def data_dir_for(data_dir: str | None, demo: bool) -> Path:
    from dripos_terminal.paths import ENV_HOME, private_dir, resolve_data_dir

    base = resolve_data_dir(data_dir, demo=demo)
    if demo and not data_dir and os.environ.get(ENV_HOME):
        base = private_dir(base / "demo")  # demo data never mixes with the shop's, whatever the home is
    return base


def main(demo: bool = False, data_dir: str | None = None) -> int:
    from dripos_terminal.stripe_log_guard import disarm_stripe_console_log

    started = time.perf_counter()
    disarm_stripe_console_log()  # before the card path imports the stripe SDK
    import keyring
    from PySide6.QtWidgets import QApplication

    from dripos_terminal.composition.diagnostics import announce_ready, prepare_process
    from dripos_terminal.ui.passphrase_dialog import ask_passphrase
    from dripos_terminal.ui.refcount_guard import guard_singleton_refcounts
    from dripos_terminal.ui.setup_dialog import ask_first_manager

    guard_singleton_refcounts()
    existing = QApplication.instance()
    qt_app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    directory = data_dir_for(data_dir, demo)
    diagnostics = prepare_process(qt_app, demo=demo)  # name, icon, log, crash reports, SIGTERM
    log.info("starting Dripos Terminal (demo=%s) in %s", demo, directory)
    theme = load_theme()
    qt_app.setStyleSheet(theme)
    app = build_application(
        data_dir=directory,
        demo=demo,
        keyring_backend=keyring.get_keyring(),
        clock=SystemClock(),
        ask_passphrase=ask_passphrase,
        first_manager=ask_first_manager,
        theme=theme,
        setup_wizard=True,
    )
    app.show()
    announce_ready(started)
    try:
        return int(qt_app.exec())
    finally:
        app.close()
        diagnostics.close()


def build_for_bench(qt_app: Any, data_dir: str) -> Any:
    """The demo till's first window exactly as `main` builds it, for the cold-start bench."""
    import keyring

    theme = load_theme()
    qt_app.setStyleSheet(theme)
    app = build_application(
        data_dir=Path(data_dir),
        demo=True,
        keyring_backend=keyring.get_keyring(),
        clock=SystemClock(),
        theme=theme,
    )
    qt_app.aboutToQuit.connect(app.close)
    return app.window or app.recovery
