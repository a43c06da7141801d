"""Suite-wide fixtures: headless Qt, an explicit in-memory keyring, isolated data directories."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application, build_application
from dripos_terminal.clock import FakeClock
from dripos_terminal.composition.till import Features
from dripos_terminal.store.keys import ScryptParams
from dripos_terminal.ui.gui_gc import GuiGarbageCollector
from dripos_terminal.ui.refcount_guard import guard_singleton_refcounts
from tests.support.keyring import MemoryKeyring
from tests.support.seed import ENV_SEED, suite_seed

guard_singleton_refcounts()  # no-op on 3.12+; see the module for the PySide6 6.12 bug on 3.11


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    # Runs before Hypothesis' own configure, which reads the option: every Hypothesis test and the
    # crash test draw from the one printed suite seed unless --hypothesis-seed says otherwise.
    if config.getoption("hypothesis_seed", default=None) is None:
        config.option.hypothesis_seed = str(suite_seed())


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    seed = config.getoption("hypothesis_seed", default=None)
    terminalreporter.write_line(f"random seed {seed}: reproduce with {ENV_SEED}={seed} make test")


@pytest.fixture(scope="session", autouse=True)
def gui_thread_gc(qapp: object) -> Iterator[GuiGarbageCollector]:
    """As the till runs (`app.main`): cyclic garbage — Qt objects among it — is collected on the GUI
    thread only, never by whichever worker thread allocates when a threshold is crossed."""
    collector = GuiGarbageCollector()
    collector.start()
    yield collector
    collector.stop()


@pytest.fixture(autouse=True)
def _collect_between_tests(gui_thread_gc: GuiGarbageCollector) -> Iterator[None]:
    yield
    gui_thread_gc.collect_due()  # on the main thread, between tests


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("DRIPOS_TERMINAL_HOME", str(home))
    yield home


# -- the whole till, built by the composition root on a real SQLCipher store ----------------------

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
            "features": Features(),
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
