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

What runs below the UI is built by `composition.core.build_services`; the till's areas (incident
banner, card checkout, offline payments, printer, demo screen) are built and wired together, in one
fixed order, by `composition.till.wire_till` from a typed `Features` (the product's: all of them;
tests pick). The result is a typed `TillWiring`; nothing is installed into a shared bag.

Paint first (`main` → `Application.boot`): the window and its sign-in screen are on screen before the
key is unlocked, the keyring and Stripe's SDK are imported or the simulators started. This module
therefore imports nothing heavy at the top; `boot` shows the window, then one worker imports and
unlocks (`_open`: keyring, scrypt, SQLCipher, settings, services) while the screen says so, and the
rest of the till is built behind the sign-in screen, which takes a PIN once it is ready
(`on_ready`). `build_application` (tests, the bench) still builds everything before returning.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dripos_terminal.clock import Clock, SystemClock
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.services.demo_folder import (
    DEMO_PASSPHRASE,
    DataModeMismatch,
    check_data_dir,
    prepare_demo_dir,
)

if TYPE_CHECKING:
    from dripos_terminal.composition.cards import CardPayments
    from dripos_terminal.composition.core import Services, build_services
    from dripos_terminal.composition.offline import OfflineWiring
    from dripos_terminal.composition.printer import PrinterWiring
    from dripos_terminal.composition.setup import ShopServices
    from dripos_terminal.composition.till import Features, TillWiring
    from dripos_terminal.status.model import Action
    from dripos_terminal.store.recovery_file import ScryptParams
    from dripos_terminal.ui.banner import IncidentBanner
    from dripos_terminal.ui.i18n import Installed
    from dripos_terminal.ui.kiosk_dialog import KioskExitDialog
    from dripos_terminal.ui.login_screen import LoginScreen
    from dripos_terminal.ui.main_window import MainWindow
    from dripos_terminal.ui.override_dialog import OverrideDialog
    from dripos_terminal.ui.recovery_screen import RecoveryWindow
    from dripos_terminal.ui.settings_screen import SettingsScreen
    from dripos_terminal.ui.setup_wizard import SetupWizard
    from dripos_terminal.ui.status_bridge import StatusBridge
    from dripos_terminal.ui.till import Till

__all__ = ["Application", "Services", "build_application", "build_services", "main"]

log = logging.getLogger("dripos_terminal.app")

ENV_PASSPHRASE = "DRIPOS_TERMINAL_PASSPHRASE"
CONFIG_FILENAME = "config.toml"  # config.CONFIG_FILENAME

PassphraseAsker = Callable[..., "str | None"]  # ask(create=bool) -> passphrase or None
SYSTEM_KEYRING = "system"  # `keyring_backend`: the OS keyring, looked up on the start-up worker
DATABASE_FILENAME = "dripos.db"  # store.keys.DATABASE_FILENAME
RECOVERY_FILENAME = "key.recovery.json"  # store.keys.RECOVERY_FILENAME
UNLOCK_TEXT = "Unlocking the till's data…"
BUILD_TEXT = "Getting the till ready…"


def __getattr__(name: str) -> Any:
    """`Services` and `build_services` are re-exported without importing them at start-up."""
    if name in ("Services", "build_services"):
        from dripos_terminal.composition import core

        return getattr(core, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class PassphraseNeeded(Exception):
    """Start-up on a worker reached the point where a manager must type the passphrase (a dialog,
    so on the GUI thread): nothing was opened or written; `boot` asks and unlocks again."""

    def __init__(self, *, create: bool) -> None:
        super().__init__("the recovery passphrase is needed")
        self.create = create


def load_theme(theme: str = "standard") -> str:
    from dripos_terminal.theme import theme_sheet

    return theme_sheet(theme)


def passphrase_provider_for(
    data_dir: Path,
    *,
    demo: bool,
    env: Mapping[str, str],
    ask: PassphraseAsker | None,
    ask_later: bool = False,
) -> Callable[[], str | None]:
    """Where the recovery passphrase comes from: env, then the demo passphrase, then asking (with
    `ask_later`, from a worker: `PassphraseNeeded`, and the GUI thread asks)."""

    def provide() -> str | None:
        if env.get(ENV_PASSPHRASE):
            return env[ENV_PASSPHRASE]
        if demo:
            return DEMO_PASSPHRASE
        create = not (data_dir / DATABASE_FILENAME).exists()
        if ask_later:
            raise PassphraseNeeded(create=create)
        if ask is None:
            return None
        return ask(create=create)

    return provide


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
        scrypt_params: ScryptParams | None,
        first_manager: Callable[[], tuple[str, str] | None] | None,
        features: Features | None,
        theme: str | None,
        setup_wizard: bool = False,
        ask_passphrase: PassphraseAsker | None = None,
        windowed: bool = False,
    ) -> None:
        """`features` None: the product's (`Features.product()`, imported only when the till is built)."""
        from dripos_terminal.ui.tasks import TaskRunner

        self.data_dir, self.demo, self.clock = data_dir, demo, clock
        self._keyring, self._provider, self._scrypt = keyring_backend, passphrase_provider, scrypt_params
        self._first_manager, self._features = first_manager, features
        self._ask = ask_passphrase  # `boot` asks on the GUI thread when its worker needs a passphrase
        # The style sheet: `theme` when the caller fixed one (tests: ""), else config.display.theme's,
        # set once on the QApplication for every window (`set_theme`).
        self.theme_override = theme
        self._theme = theme if theme is not None else load_theme()
        self.windowed = windowed  # `run --windowed`: never the full-screen kiosk, whatever the setting
        self.language: Installed | None = None  # the installed translation (composition.display)
        self.kiosk_button: Any = None
        self.kiosk_dialog: KioskExitDialog | None = None
        self.override_dialog: OverrideDialog | None = None
        self.tasks = TaskRunner()
        self.services: Services | None = None
        self.window: MainWindow | None = None
        self.recovery: RecoveryWindow | None = None
        self.till: Till | None = None
        self.wiring: TillWiring | None = None
        self.error: BaseException | None = None
        # Day one in a real shop (composition.setup): settings, Stripe key and menu; the first-run
        # wizard (shown instead of the till until it finishes) and the Settings screen.
        self.setup_wizard = setup_wizard
        self.shop: ShopServices | None = None
        self.wizard: SetupWizard | None = None
        self.settings_screen: SettingsScreen | None = None
        # Paint first (`boot`): the window and sign-in screen shown before the till behind them.
        self.boot_window: MainWindow | None = None
        self._boot_login: LoginScreen | None = None
        self.on_ready: list[Callable[[], None]] = []  # told once the sign-in screen takes a PIN
        self._opened_here: Services | None = None  # what `boot`'s worker opened
        self._preload: _Preload | None = None

    @property
    def keyring_backend(self) -> Any:
        return self._keyring

    @property
    def theme(self) -> str:
        return self._theme

    def set_theme(self, sheet: str) -> None:
        """The style sheet for every window (and the dialogs they open) from now on: the
        QApplication's, unless the caller fixed one. Setting the same sheet again is skipped (it
        would re-polish every widget)."""
        from PySide6.QtWidgets import QApplication

        self._theme = sheet
        instance = QApplication.instance()
        unchanged = isinstance(instance, QApplication) and instance.styleSheet() == sheet
        if isinstance(instance, QApplication) and self.theme_override is None and not unchanged:
            instance.setStyleSheet(sheet)

    # -- what was built (typed views of the wiring) ---------------------------------------------
    @property
    def cards(self) -> CardPayments | None:
        return self.wiring.cards if self.wiring is not None else None

    @property
    def offline(self) -> OfflineWiring | None:
        return self.wiring.offline if self.wiring is not None else None

    @property
    def printer(self) -> PrinterWiring | None:
        return self.wiring.printer if self.wiring is not None else None

    @property
    def status_bridge(self) -> StatusBridge | None:
        status = self.wiring.status if self.wiring is not None else None
        return status.bridge if status is not None else None

    @property
    def banner(self) -> IncidentBanner | None:
        status = self.wiring.status if self.wiring is not None else None
        return status.banner if status is not None else None

    # -- start-up -----------------------------------------------------------------------------
    def start(self, passphrase: str | None = None, *, start_new: bool = False) -> bool:
        """Open the store and build the till; on failure build the recovery window. True if the till runs.
        `start_new`: a manager chose a new, empty database in place of a lost one (`open_store`)."""
        provider = (lambda: passphrase) if passphrase is not None else self._provider
        services = self._open_or_fail(provider, start_new)
        if services is None:
            return False
        self._finish(services)
        return True

    def _open_or_fail(self, provider: Callable[[], str | None], start_new: bool) -> Services | None:
        from dripos_terminal.domain.catalog import CatalogError
        from dripos_terminal.store.errors import StoreEnvironmentError

        try:
            return self._open(provider, start_new=start_new)
        except (StoreEnvironmentError, DataModeMismatch, CatalogError) as exc:
            self._failed(exc)
            return None

    def _open(self, provider: Callable[[], str | None], *, start_new: bool = False) -> Services:
        """BLOCKING, no Qt (`boot` runs it on a worker): the data folder checked, the key found and the
        store opened, the shop's settings and menu read, the services built, the demo's staff there.
        Raises what `open_store` raises, `DataModeMismatch`, `CatalogError` or `PassphraseNeeded`;
        a store it opened is closed again on any error. With `boot`'s preload, the rest of the till's
        modules are imported on another thread while the key is unwrapped (scrypt lets go of the
        interpreter lock): only then, and only what unlocking needs is imported here first."""
        from dripos_terminal.services.setup import read_config_file
        from dripos_terminal.store.keys import keyring_usable, open_store
        from dripos_terminal.store.recovery_file import DEFAULT_SCRYPT

        preload = self._preload
        if preload is not None and threading.current_thread() is threading.main_thread():
            preload.wait()  # a manager's unlock on the recovery screen: no import alongside it
        check_data_dir(self.data_dir, demo=self.demo)  # before anything is opened or written
        if self.demo:
            prepare_demo_dir(self.data_dir)
        config_file = read_config_file(self.data_dir)  # a broken file means safe mode, not a stop
        if self._keyring == SYSTEM_KEYRING:
            import keyring

            self._keyring = keyring.get_keyring()
        keyring_usable(self._keyring)  # its own lazy imports, before the preload starts
        if preload is not None:
            preload.start()
        db = open_store(
            self.data_dir,
            keyring_backend=self._keyring,
            passphrase_provider=provider,
            clock=self.clock,
            create_if_missing=True,
            scrypt_params=self._scrypt or DEFAULT_SCRYPT,
            start_new=start_new,
        )
        try:
            if preload is not None:
                preload.wait()
            from dripos_terminal.composition.core import build_services
            from dripos_terminal.composition.setup import open_shop
            from dripos_terminal.services.demo import seed_demo_staff

            config, catalog = open_shop(self, db, config_file)
            services = build_services(db, config=config, clock=self.clock, catalog=catalog)
            if self.demo:
                seed_demo_staff(services.staff)
        except BaseException:
            db.close()
            raise
        return services

    def _finish(self, services: Services) -> None:
        """GUI thread, once the store is open: the first manager on a new till, then the set-up
        wizard or the till."""
        from dripos_terminal.composition.setup import needs_setup, start_setup

        self.services = services
        try:
            manager = self._first_manager_if_new(services)
        except BaseException:
            services.db.close()
            raise
        if needs_setup(self, manager):
            start_setup(self, manager)
            if self.boot_window is not None:
                self.boot_window.hide()  # the wizard comes first; the till is built when it is done
            return
        self._build_window(services)

    def finish_setup(self) -> None:
        """The wizard is done (or skipped through): build the till on the settings it saved."""
        from dripos_terminal.composition.core import build_services
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

    def _first_manager_if_new(self, services: Services) -> Any:
        """On a new (non-demo) till, the first manager (returned when created now)."""
        if not self.demo and not services.staff.all_members() and self._first_manager is not None:
            answer = self._first_manager()
            if answer is not None:
                return services.staff.add_first_manager(answer[0], answer[1])
        return None

    def _failed(self, exc: BaseException) -> None:
        from dripos_terminal.store.errors import DatabaseLost, KeyUnavailable, WrongKey, WrongPassphrase
        from dripos_terminal.ui.recovery_screen import RecoveryWindow

        self.error = exc
        log.error("cannot start the till: %s", exc)
        message = getattr(exc, "user_message", None) or str(exc)
        has_recovery_file = (self.data_dir / RECOVERY_FILENAME).exists()
        can_unlock = isinstance(exc, KeyUnavailable | WrongKey | WrongPassphrase) and has_recovery_file
        can_start_new = isinstance(exc, DatabaseLost) and has_recovery_file
        title = (
            QT_TRANSLATE_NOOP("Recovery", "The till's data is locked")
            if can_unlock
            else QT_TRANSLATE_NOOP("Recovery", "The till cannot start")
        )
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
        from dripos_terminal.composition.display import apply_display, install_kiosk_exit, kiosk_wanted
        from dripos_terminal.composition.setup import install_shop_settings
        from dripos_terminal.composition.shell import Shell
        from dripos_terminal.composition.till import Features, wire_till
        from dripos_terminal.ui.history_screen import HistoryScreen
        from dripos_terminal.ui.login_screen import LoginScreen
        from dripos_terminal.ui.main_window import MainWindow
        from dripos_terminal.ui.receipt_view import ReceiptView
        from dripos_terminal.ui.sell_screen import SellScreen
        from dripos_terminal.ui.till import Till

        shop, display = services.config.shop, services.config.display
        english = self.language is None or self.language.language == "en"
        apply_display(self, display)  # the language must be in place before any screen is built
        kiosk = kiosk_wanted(self, display)
        window, login = self.boot_window, self._boot_login
        if window is not None and english and display.language != "en":
            # The sign-in screen was painted in English before the shop's settings could be read
            # (they are in the encrypted store): the till is built afresh in the shop's language.
            self.boot_window = self._boot_login = None
            window.hide()
            window.deleteLater()
            window = login = None
        if window is None or login is None:
            window = MainWindow(till_id=shop.till_id, clock=self.clock, shop_name=shop.name, kiosk=kiosk)
            if self.theme_override is not None:
                window.setStyleSheet(self._theme)
            login = LoginScreen(services.staff, self.tasks, shop.name)
        else:  # shown before the store was open: it learns the shop now
            window.set_shop(till_id=shop.till_id, shop_name=shop.name)
            if window.kiosk != kiosk:
                window.set_kiosk(kiosk)
            login.set_shop_name(shop.name)
            login.set_staff(services.staff)
        till = Till(
            window,
            login=login,
            sell=SellScreen(
                catalog=services.catalog, sales=services.sales, staff=services.staff, tasks=self.tasks
            ),
            receipt=ReceiptView(shop_name=shop.name, address=shop.address, till_id=shop.till_id),
            history=HistoryScreen(
                sales=services.sales, staff=services.staff, tasks=self.tasks, orders=services.order_list
            ),
        )
        window.set_order_number(services.sales.last_display_number() or None)
        self.window, self.till = window, till
        shell = Shell(services, window, till, self.tasks, self.clock, self.demo, self.shop, self.data_dir)
        features = self._features or Features.product()
        self.wiring = wire_till(shell, features)
        if features.settings:  # reads what wire_till built (the printer takes a new header)
            install_shop_settings(self)
        install_kiosk_exit(self)
        if login.waiting:
            login.ready()
        for ready in list(self.on_ready):
            ready()

    # -- paint first (`main`) ---------------------------------------------------------------------
    def boot(self, after_paint: Callable[[], None] | None = None) -> MainWindow:
        """`main`'s start: the window with its sign-in screen at once (on screen as soon as the event
        loop runs), saying what is happening; on a worker the heavy imports, the keyring, the key
        unwrap and the store; then the rest of the till behind the sign-in screen, which takes a PIN
        once it is built. A passphrase to type, a first manager, the set-up wizard and the recovery
        screen come as they do in `start`. `after_paint` runs once the window is painted, before the
        worker starts."""
        from dripos_terminal.ui.first_paint import on_first_paint
        from dripos_terminal.ui.login_screen import LoginScreen
        from dripos_terminal.ui.main_window import MainWindow

        # Full screen unless asked for a window: the shop's setting is read once the store is open.
        window = MainWindow(till_id="", clock=self.clock, kiosk=not self.windowed)
        if self.theme_override is not None:
            window.setStyleSheet(self._theme)
        login = LoginScreen(None, self.tasks)
        window.add_screen("login", login)
        window.show_screen("login")
        login.wait(UNLOCK_TEXT)
        self.boot_window, self._boot_login = window, login

        def painted() -> None:
            if after_paint is not None:
                after_paint()
            self._open_in_background(self._provider)

        # Only once the window is painted: a worker importing and unlocking at the same time would
        # take the interpreter lock from the paint again and again.
        on_first_paint(window, painted)
        return window

    def _open_in_background(self, provider: Callable[[], str | None]) -> None:
        if self._preload is None:
            self._preload = _Preload()  # the till's modules load here, not on the GUI thread

        def work() -> Services:
            services = self._open(provider)
            self._opened_here = services  # closed by `close` should the event loop stop first
            return services

        self.tasks.run(work, self._opened)

    def _opened(self, services: Services | None, error: BaseException | None) -> None:
        """GUI thread: the worker's answer. A passphrase to ask, the recovery screen, or the till."""
        from dripos_terminal.domain.catalog import CatalogError
        from dripos_terminal.store.errors import StoreEnvironmentError

        if isinstance(error, PassphraseNeeded):
            answer = self._ask(create=error.create) if self._ask is not None else None
            self._open_in_background(lambda: answer)  # None: open_store says why, as `start` would
            return
        if isinstance(error, StoreEnvironmentError | DataModeMismatch | CatalogError):
            self._failed(error)
            if self.boot_window is not None:
                self.boot_window.hide()
            self.show()
            return
        if error is not None:
            raise error  # a bug: the crash reporter has it
        assert services is not None
        if self._boot_login is not None:
            self._boot_login.wait(BUILD_TEXT)
        self._finish(services)
        self.show()

    # -- seams --------------------------------------------------------------------------------
    def run_incident_action(self, action: Action) -> None:
        """A banner button, as the banner runs it (what each one does is wired in `wire_till`)."""
        if self.wiring is not None:
            self.wiring.run_action(action)

    def show(self) -> None:
        shown = self.window or self.wizard or self.recovery or self.boot_window
        if shown is not None:
            shown.show()

    def close(self) -> None:
        """Close the windows (their close hooks cancel a running payment and stop pollers and
        simulators), then wait for background work, then close the database."""
        for window in (self.window, self.boot_window):
            if window is not None:
                window.close_for_good()  # a kiosk window refuses an ordinary close
        for widget in (self.wizard, self.recovery):
            if widget is not None:
                widget.close()
        self.tasks.wait_idle()
        services = self.services or self._opened_here  # a stop during start-up: the worker's store
        if services is not None:
            services.db.close()


class _Preload:
    """What opening the shop and building the till import (Qt widget modules among them; no widget
    is made), on a thread of its own, once, while `boot`'s worker unwraps the key. The worker waits
    for it before it imports anything more, so no module is ever imported by both at once."""

    def __init__(self) -> None:
        self._started = False
        self._done = threading.Event()
        self._error: BaseException | None = None

    def start(self) -> None:
        if not self._started:
            self._started = True
            threading.Thread(target=self._run, name="dripos-preload", daemon=True).start()

    def _run(self) -> None:
        try:
            import dripos_terminal.composition.core
            import dripos_terminal.composition.setup
            import dripos_terminal.composition.till
            import dripos_terminal.services.demo
            import dripos_terminal.ui.history_screen
            import dripos_terminal.ui.receipt_view
            import dripos_terminal.ui.sell_screen
            import dripos_terminal.ui.till  # noqa: F401
        except BaseException as exc:  # the worker raises it (a broken install)
            self._error = exc
        finally:
            self._done.set()

    def wait(self) -> None:
        if self._started:
            self._done.wait()
        if self._error is not None:
            raise self._error


def build_application(
    *,
    data_dir: Path,
    demo: bool,
    keyring_backend: Any,
    clock: Clock,
    passphrase_provider: Callable[[], str | None] | None = None,
    ask_passphrase: PassphraseAsker | None = None,
    first_manager: Callable[[], tuple[str, str] | None] | None = None,
    scrypt_params: ScryptParams | None = None,
    env: Mapping[str, str] | None = None,
    features: Features | None = None,
    theme: str | None = None,
    setup_wizard: bool = False,
    windowed: bool = False,
) -> Application:
    """Build the till on `data_dir` (needs a QApplication), everything before returning. Never raises
    for environment problems: they produce `app.recovery` (a `RecoveryWindow`) instead of
    `app.window`. (`main` starts the same till paint-first: `Application.boot`.)"""
    from dripos_terminal.composition.till import Features

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
        features=Features.product() if features is None else features,
        theme=theme,
        setup_wizard=setup_wizard,
        windowed=windowed,
    )
    app.start()
    return app


def data_dir_for(data_dir: str | None, demo: bool) -> Path:
    from dripos_terminal.paths import ENV_HOME, private_dir, resolve_data_dir

    base = resolve_data_dir(data_dir, demo=demo)
    if demo and not data_dir and os.environ.get(ENV_HOME):
        base = private_dir(base / "demo")  # demo data never mixes with the shop's, whatever the home is
    return base


def main(demo: bool = False, data_dir: str | None = None, *, windowed: bool = False) -> int:
    """`dripos-terminal run`: paint first (`Application.boot`), then the event loop."""
    from dripos_terminal.stripe_log_guard import disarm_stripe_console_log

    started = time.perf_counter()
    disarm_stripe_console_log()  # before the card path imports the stripe SDK
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from dripos_terminal.composition.diagnostics import announce_pin_ready, announce_ready, prepare_process
    from dripos_terminal.ui.refcount_guard import guard_singleton_refcounts

    guard_singleton_refcounts()
    share_the_interpreter_promptly()
    existing = QApplication.instance()
    qt_app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    from dripos_terminal.ui.gui_gc import GuiGarbageCollector

    collector = GuiGarbageCollector(qt_app)  # cyclic garbage (Qt objects among it) on this thread only
    collector.start()
    directory = data_dir_for(data_dir, demo)
    diagnostics = prepare_process(qt_app, demo=demo)  # no core dumps, name, icon, SIGTERM
    qt_app.setStyleSheet(load_theme())  # once, for every window; the shop's theme once it is read
    app = Application(
        data_dir=directory,
        demo=demo,
        keyring_backend=SYSTEM_KEYRING,
        clock=SystemClock(),
        passphrase_provider=passphrase_provider_for(
            directory, demo=demo, env=os.environ, ask=None, ask_later=True
        ),
        scrypt_params=None,
        first_manager=_ask_first_manager,
        features=None,  # the product's
        theme=None,  # config.display.theme's
        setup_wizard=True,
        ask_passphrase=_ask_passphrase,
        windowed=windowed,
    )

    def painted() -> None:
        diagnostics.watch_terminate()  # a stop asked for from now on is a clean one
        announce_ready(started)
        diagnostics.install()  # the log file and crash reports, now that the window is up
        log.info("starting Dripos Terminal (demo=%s) in %s", demo, directory)

    app.on_ready.append(lambda: announce_pin_ready(started))
    app.on_ready.append(lambda: QTimer.singleShot(0, keep_start_up_out_of_collections))
    window = app.boot(after_paint=painted)
    window.show()
    try:
        return int(qt_app.exec())
    finally:
        app.close()
        diagnostics.close()


# How long a thread may hold the interpreter lock while another waits for it (CPython's default is
# 5 ms). The till's work is many short hops between threads — a sale's commit goes from its worker to
# the store's thread and back — and with the default each hop could wait a whole interval behind a
# busy GUI thread (Orders loading a big day): a sale's commit took ~24 ms there instead of ~2.
SWITCH_INTERVAL_S = 0.0005


def share_the_interpreter_promptly() -> None:
    """Hand the interpreter lock over sooner, so short jobs on other threads are not held up."""
    sys.setswitchinterval(SWITCH_INTERVAL_S)


def keep_start_up_out_of_collections() -> None:
    """Once the till is built: what start-up made (modules, widgets, the SDK, the simulators) lives
    as long as the process, yet every full garbage collection walked all of it — ~30 ms with the
    interpreter lock held, a stall of the GUI thread whichever thread it ran on (seen while Orders
    loads a 10,000-order day). Collect once now, then freeze what is left out of later collections."""
    import gc

    gc.collect()
    gc.freeze()


def _ask_passphrase(*, create: bool) -> str | None:
    from dripos_terminal.ui.passphrase_dialog import ask_passphrase

    return ask_passphrase(create=create)


def _ask_first_manager() -> tuple[str, str] | None:
    from dripos_terminal.ui.setup_dialog import ask_first_manager

    return ask_first_manager()
