"""Paint first: `Application.boot` (how `dripos-terminal run` starts) shows the window and its sign-in
screen before anything is unlocked, unlocks on a worker once the window is painted, and builds the
till behind the sign-in screen — and every start-up path still ends where `start` ends."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dripos_terminal.app import UNLOCK_TEXT, Application, passphrase_provider_for
from dripos_terminal.clock import FakeClock
from dripos_terminal.composition.till import Features
from dripos_terminal.store.keys import DATABASE_FILENAME, RECOVERY_FILENAME
from tests.conftest import CHEAP_SCRYPT
from tests.support.keyring import MemoryKeyring

PASSPHRASE = "correct horse battery"
WAIT_MS = 20_000


@pytest.fixture
def booted(qtbot: QtBot) -> Iterator[Callable[..., Application]]:
    made: list[Application] = []

    def boot(data_dir: Path, **kw: Any) -> Application:
        ask = kw.pop("ask_passphrase", None)
        demo = kw.pop("demo", True)
        app = Application(
            data_dir=data_dir,
            demo=demo,
            keyring_backend=kw.pop("keyring_backend", MemoryKeyring()),
            clock=FakeClock(),
            passphrase_provider=passphrase_provider_for(
                data_dir, demo=demo, env={}, ask=None, ask_later=True
            ),
            scrypt_params=CHEAP_SCRYPT,
            first_manager=kw.pop("first_manager", None),
            features=Features(),
            theme="",
            setup_wizard=kw.pop("setup_wizard", False),
            ask_passphrase=ask,
        )
        made.append(app)
        window = app.boot()
        qtbot.addWidget(window)
        window.show()
        return app

    yield boot
    for app in made:
        app.close()


def test_the_sign_in_screen_shows_before_the_store_is_opened(
    qtbot: QtBot, booted: Callable[..., Application], data_dir: Path
) -> None:
    opened_on: list[threading.Thread] = []
    app = booted(data_dir)
    login = app._boot_login
    assert app.boot_window is not None and login is not None
    assert app.services is None and not (data_dir / DATABASE_FILENAME).exists()  # nothing opened yet
    assert login.waiting and login.status.text() == UNLOCK_TEXT and not login.keypad.isEnabled()
    login.type_pin("1111")
    assert not login.sign_in.isEnabled()  # no PIN is taken before the till behind it is ready
    app.on_ready.append(lambda: opened_on.append(threading.current_thread()))

    qtbot.wait_until(lambda: bool(opened_on), timeout=WAIT_MS)
    assert opened_on == [threading.main_thread()]  # told on the GUI thread, once built
    assert app.window is app.boot_window and app.till is not None and app.till.login is login
    assert not login.waiting and login.keypad.isEnabled()
    assert app.boot_window.windowTitle().startswith("Dripos Demo Café")  # the shop, read after unlock
    login.reset()
    for digit in "1111":
        qtbot.keyClick(login, digit)
    qtbot.keyClick(login, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: app.window is not None and app.window.current_screen_name() == "sell")


def test_a_first_run_asks_on_the_gui_thread_then_the_wizard_comes_first(
    qtbot: QtBot, booted: Callable[..., Application], data_dir: Path
) -> None:
    asked: list[tuple[bool, threading.Thread]] = []

    def ask(*, create: bool) -> str:
        asked.append((create, threading.current_thread()))
        return PASSPHRASE

    app = booted(
        data_dir,
        demo=False,
        ask_passphrase=ask,
        first_manager=lambda: ("Alex", "9999"),
        setup_wizard=True,
    )
    qtbot.wait_until(lambda: app.wizard is not None, timeout=WAIT_MS)
    assert asked == [(True, threading.main_thread())]  # choose a passphrase: a new till
    assert (data_dir / RECOVERY_FILENAME).exists()
    assert app.boot_window is not None and not app.boot_window.isVisible()  # the wizard, not the till
    assert app.wizard.isVisible() and app.window is None
    names = [m.name for m in app.services.staff.members()]
    assert names == ["Alex"]
    app.finish_setup()  # the wizard's last step
    assert app.window is app.boot_window and app.window.isVisible() and app.till is not None


def test_a_locked_store_shows_the_recovery_screen_instead(
    qtbot: QtBot, booted: Callable[..., Application], data_dir: Path, make_app: Callable[..., Application]
) -> None:
    make_app(
        data_dir, demo=False, passphrase_provider=lambda: PASSPHRASE, first_manager=lambda: ("Alex", "9999")
    ).close()
    app = booted(data_dir, demo=False, keyring_backend=MemoryKeyring(), ask_passphrase=lambda **_: None)
    qtbot.wait_until(lambda: app.recovery is not None, timeout=WAIT_MS)
    assert app.recovery.isVisible() and "recovery passphrase" in app.recovery.message.text()
    assert app.boot_window is not None and not app.boot_window.isVisible()
    assert app.window is None and app.services is None

    app.recovery.passphrase.setText(PASSPHRASE)
    qtbot.mouseClick(app.recovery.unlock_button, Qt.MouseButton.LeftButton)
    assert app.window is app.boot_window and app.window.isVisible() and app.recovery is None


def test_a_spanish_shop_gets_its_till_in_spanish(
    qtbot: QtBot, booted: Callable[..., Application], data_dir: Path
) -> None:
    """The window paints before the shop's settings can be read (English); once they are, a shop set to
    Spanish gets its till built in Spanish, the sign-in screen included, and takes a PIN there."""
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "config.toml").write_text('[display]\nlanguage = "es"\nlocale = "es_ES"\n', encoding="utf-8")
    app = booted(data_dir)
    painted = app.boot_window
    ready: list[bool] = []
    app.on_ready.append(lambda: ready.append(True))
    qtbot.wait_until(lambda: bool(ready), timeout=WAIT_MS)
    try:
        assert app.window is not None and app.window is not painted and app.till is not None
        assert app.till.sell.pay_button.text().startswith("Cobrar")
        assert app.till.login.sign_in.text() == "Entrar"
        app.till.login.type_pin("1111")
        app.till.login.submit()
        qtbot.wait_until(lambda: app.window is not None and app.window.current_screen_name() == "sell")
    finally:
        if app.language is not None:
            app.language.remove()
