"""Wiring for a real shop's day one: its settings, secrets and menu on the store, the set-up wizard,
the Settings screen, and the safe mode a broken `config.toml` puts the till in.

Hooks into `app.py` (each a call from `Application`):

- `open_shop(app, db)` — after the store opens: demo/shop mark checked, `app.shop` built (settings,
  secrets, menu), returns the effective `Config` and the menu to sell from;
- `needs_setup(app, created_manager)` / `start_setup(app)` — the first-run wizard, shown instead of
  the till until it finishes; then `app.finish_setup()` builds the till on the new settings, with
  `reopen_menu(app, config)` reading the menu in the currency the wizard saved;
- `stripe_key_for(app)` — the card path's one source of the Stripe key (None in safe mode);
- `install_shop_settings(app)` — once the till's areas are built: the Settings screen (managers),
  the safe-mode strip, and settings that apply without a restart (receipt header, tax rates and
  tips for the next order, the menu on the sell screen).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dripos_terminal.config import Config
from dripos_terminal.domain.catalog import Catalog
from dripos_terminal.domain.tax import TaxTable
from dripos_terminal.i18n import QT_TRANSLATE_NOOP, Text
from dripos_terminal.services.demo import DEMO_SHOP, check_database_mode
from dripos_terminal.services.menu import MenuService
from dripos_terminal.services.secrets import SecretStore
from dripos_terminal.services.setup import ConfigFile, ShopSettings
from dripos_terminal.services.stripe_setup import StripeSetup
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.database import Database
from dripos_terminal.store.menu_repo import MenuRepo
from dripos_terminal.store.settings_repo import SettingsRepo

if TYPE_CHECKING:
    from dripos_terminal.app import Application

log = logging.getLogger("dripos_terminal.app")

NO_KEY = QT_TRANSLATE_NOOP("TillStatus", "Cards off: no Stripe key (Settings → Stripe)")
SAFE_MODE = QT_TRANSLATE_NOOP("TillStatus", "Cards off: safe mode (see the top of the screen)")
NO_KEY_TEXT, SAFE_MODE_TEXT = str(NO_KEY), str(SAFE_MODE)  # in English (tests, logs)


@dataclass
class ShopServices:
    """What a shop keeps beyond sales: settings, the Stripe key, the menu (all on the store)."""

    config_file: ConfigFile
    settings: ShopSettings
    secrets: SecretStore
    menu: MenuService
    db: Database
    audit: AuditLog
    clock: Any

    def stripe_setup(self, config: Config) -> StripeSetup:
        return StripeSetup(
            self.db, self.clock, self.secrets, self.settings,
            api_base=config.stripe.api_base, timeout_s=config.stripe.request_timeout_s,
        )  # fmt: skip


def open_shop(app: Application, db: Database, config_file: ConfigFile) -> tuple[Config, Catalog]:
    """BLOCKING. `DataModeMismatch` for a database of the other mode; `CatalogError` for a menu that
    no longer parses."""
    check_database_mode(db, demo=app.demo)
    audit = AuditLog(db, app.clock)
    settings = ShopSettings(SettingsRepo(db, app.clock, audit), config_file)
    if app.demo and not settings.document().get("shop"):
        settings.update(None, "shop", DEMO_SHOP)  # the demo's receipts name the demo café
    config = settings.effective()
    secrets = SecretStore(db, audit, app.clock, app.keyring_backend)
    menu = _menu(db, audit, app.clock, config)
    app.shop = ShopServices(config_file, settings, secrets, menu, db, audit, app.clock)
    return config, menu.catalog()


def _menu(db: Database, audit: AuditLog, clock: Any, config: Config) -> MenuService:
    return MenuService(MenuRepo(db, clock, audit), clock, currency=config.shop.currency)


def reopen_menu(app: Application, config: Config) -> Catalog:
    """BLOCKING: the menu in the currency of `config`, as a start reads it — for the till the set-up
    wizard opens, whose currency was chosen after the store was opened. `CatalogError` as above."""
    assert app.shop is not None
    menu = app.shop.menu = _menu(app.shop.db, app.shop.audit, app.clock, config)
    return menu.catalog()


def stripe_key_for(app: Any) -> tuple[str | None, Text | None]:
    """(key, None) or (None, why cards are off). BLOCKING (keyring / store read)."""
    shop: ShopServices | None = getattr(app, "shop", None)
    if shop is None or shop.config_file.safe_mode:
        return None, SAFE_MODE
    key = shop.secrets.stripe_key()
    return (key, None) if key else (None, NO_KEY)


# -- the first-run wizard ------------------------------------------------------------------------


def needs_setup(app: Application, created_manager: Any) -> bool:
    shop = app.shop
    return bool(
        app.setup_wizard and not app.demo and created_manager is not None and shop is not None
        and not shop.settings.setup_state().finished
    )  # fmt: skip


def start_setup(app: Application, manager: Any) -> None:
    from dripos_terminal.composition.display import apply_display
    from dripos_terminal.ui.setup_wizard import SetupWizard

    assert app.services is not None and app.shop is not None
    apply_display(app, app.services.config.display)
    # The till is not built yet, so nothing applies saved settings: the wizard's pages read the
    # latest effective config from here (the listener runs on the worker that saved it).
    latest = [app.services.config]
    app.shop.settings.listeners.append(lambda _section, config: latest.__setitem__(0, config))
    deps = settings_deps(app, actor=lambda: manager)
    deps.config = lambda: latest[0]
    wizard = SetupWizard(deps)
    wizard.setStyleSheet(app.theme)
    wizard.finished_setup.connect(app.finish_setup)
    app.wizard = wizard


def settings_deps(app: Any, *, actor: Any) -> Any:
    from dripos_terminal.ui.settings_common import SettingsDeps

    return SettingsDeps(
        shop=app.shop,
        staff=app.services.staff,
        tasks=app.tasks,
        clock=app.clock,
        actor=actor,
        config=lambda: app.services.config,
        tax_classes=lambda: dict(app.services.catalog.tax_classes),
    )


# -- settings that apply at once -------------------------------------------------------------------


def apply_settings(app: Any, section: str, config: Config) -> None:
    """GUI thread: take a saved change into the running till where that is safe."""
    services = app.services
    if services is None:
        return
    services.config = config
    shop = config.shop
    if section == "display":
        from dripos_terminal.composition.display import display_changed

        display_changed(app, config)
    if section == "shop":
        services.sales.tax_table = TaxTable(shop.tax_rates_bp)
        services.sales.tip_presets_bp = tuple(p * 100 for p in shop.tip_presets_percent)
        if app.till is not None:
            app.till.receipt.set_shop(shop.name, shop.address)
            app.till.login.set_shop_name(shop.name)
            app.till.sell.renew_if_empty()  # an order takes its tax rates when it opens
        if app.printer is not None:
            app.printer.shop = shop
        if app.window is not None:
            app.window.set_title(shop.name)


def apply_menu(app: Any, catalog: Catalog, unavailable: frozenset[str]) -> None:
    """GUI thread: the sell screen sells from the new menu; 86'd items are greyed out."""
    services = app.services
    if services is None:
        return
    services.catalog = catalog
    services.sales.catalog = catalog
    if app.till is not None:
        app.till.sell.reload_menu(catalog, unavailable)


def install_shop_settings(app: Application) -> None:
    """After `composition.till.wire_till` (it reads the printer built there): Settings, the safe-mode
    strip, live changes."""
    if app.services is None or app.window is None or app.shop is None or app.till is None:
        return
    from dripos_terminal.ui.i18n import tr_text
    from dripos_terminal.ui.safe_mode_strip import SafeModeStrip
    from dripos_terminal.ui.settings_screen import SettingsScreen
    from dripos_terminal.ui.tasks import CallbackBridge

    shop, window = app.shop, app.window
    if shop.config_file.problem is not None:
        window.add_top_widget(SafeModeStrip(shop.config_file.problem))
    screen = SettingsScreen(settings_deps(app, actor=lambda: app.till.actor if app.till else None))
    window.add_screen("settings", screen)
    app.settings_screen = screen

    def show_settings() -> None:
        actor = app.till.actor if app.till else None
        if actor is not None:
            screen.open_for(actor, lambda: window.show_screen("settings"))

    button = window.add_nav_button(
        tr_text(QT_TRANSLATE_NOOP("Settings", "Settings")),
        show_settings,
        name="settingsNav",
        description=tr_text(QT_TRANSLATE_NOOP("Settings", "Settings for managers (a manager's PIN).")),
    )
    app.till.add_signed_in_button(button)
    screen.closed.connect(app.till.show_sell)
    app.till.on_sign_out.append(screen.leave)
    changes = CallbackBridge(window)  # settings and the menu change on workers; apply on the GUI thread
    changes.fired.connect(lambda payload: _apply(app, payload))
    shop.settings.listeners.append(lambda section, config: changes.emit_later(("settings", section, config)))
    shop.menu.listeners.append(lambda catalog, gone: changes.emit_later(("menu", catalog, gone)))

    def read_86s() -> None:  # today's, again at each sign-in: an 86 ends with its business day
        def done(gone: Any, error: BaseException | None) -> None:
            if error is None:
                _apply(app, ("menu", None, gone))

        app.tasks.run(shop.menu.unavailable_today, done)

    read_86s()
    app.till.login.logged_in.connect(lambda _member: read_86s())


def _apply(app: Any, payload: Any) -> None:
    kind = payload[0]
    if kind == "settings":
        apply_settings(app, payload[1], payload[2])
    elif app.services is not None:
        catalog, gone = payload[1], frozenset(payload[2] or ())
        shown = app.till.sell.unavailable if app.till is not None else frozenset()
        if catalog is not None or gone != shown:  # redraw the tiles only for a change
            apply_menu(app, catalog or app.services.catalog, gone)
