"""The whole till built by the composition root on a real SQLCipher store in a temp data dir."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application, build_application
from dripos_terminal.clock import FakeClock
from dripos_terminal.store.keys import ScryptParams

CHEAP_SCRYPT = ScryptParams(n=2**10, r=8, p=1)


@pytest.fixture
def make_app(
    qtbot: QtBot, memory_keyring: object, fake_clock: FakeClock
) -> Iterator[Callable[..., Application]]:
    built: list[Application] = []

    def make(data_dir: Path, **kwargs: object) -> Application:
        options: dict[str, object] = {
            "demo": True,
            "keyring_backend": memory_keyring,
            "clock": fake_clock,
            "scrypt_params": CHEAP_SCRYPT,
            "env": {},
            "plugins": (),
            "theme": "",
        }
        options.update(kwargs)
        app = build_application(data_dir=data_dir, **options)  # type: ignore[arg-type]
        built.append(app)
        for widget in (app.window, app.recovery):
            if widget is not None:
                qtbot.addWidget(widget)
        app.show()
        return app

    yield make
    for app in built:
        app.close()


@pytest.fixture
def app(make_app: Callable[..., Application], data_dir: Path) -> Application:
    return make_app(data_dir)
