"""Where the till keeps its data: `--data-dir` > `DRIPOS_TERMINAL_HOME` > the platform default.

The data directory holds the encrypted database, the wrapped key and the log: only its owner may
list or enter it, so it is created 0700 and an existing one is tightened to 0700 at every start.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

ENV_HOME = "DRIPOS_TERMINAL_HOME"
RESOURCES_DIR = Path(__file__).resolve().parent / "resources"
DATA_DIR_MODE = 0o700

log = logging.getLogger("dripos_terminal.app")


def resource_path(name: str) -> Path:
    """A shipped resource (catalog, theme, icons), the one way to find one.

    Resources are package data (`dripos_terminal/resources/`, listed in pyproject's package-data),
    so they sit beside this module wherever the package is: a source checkout or editable install,
    an installed wheel, or a PyInstaller bundle (which keeps `__file__` pointing into its folder and
    collects the data there; packaging/dripos-terminal.spec)."""
    return RESOURCES_DIR / name


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None, *, demo: bool = False) -> Path:
    if explicit:
        base = Path(explicit)
    elif os.environ.get(ENV_HOME):
        base = Path(os.environ[ENV_HOME])
    else:
        import platformdirs  # only when no folder was given

        base = Path(platformdirs.user_data_dir("dripos-terminal", appauthor=False))
        # Demo data never mixes with a real shop's data on the same machine.
        if demo:
            base = base / "demo"
    private_dir(base)
    return base


def private_dir(path: Path) -> Path:
    """Create `path` 0700 (parents as needed), or tighten an existing one to 0700."""
    path.mkdir(parents=True, exist_ok=True, mode=DATA_DIR_MODE)
    if stat.S_IMODE(path.stat().st_mode) != DATA_DIR_MODE:
        try:
            os.chmod(path, DATA_DIR_MODE)
        except OSError as exc:  # not ours (a shared mount): its files are 0600 all the same
            log.warning("cannot restrict %s to its owner: %s", path, exc.strerror or type(exc).__name__)
    return path
