"""Where the till keeps its data: `--data-dir` > `DRIPOS_TERMINAL_HOME` > the platform default."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

ENV_HOME = "DRIPOS_TERMINAL_HOME"


def resource_path(name: str) -> Path:
    """A shipped resource (catalog, theme): the repository's `resources/` when run from source or an
    editable install, the bundle's copy when frozen by PyInstaller (packaging/dripos-terminal.spec)."""
    bundle = getattr(sys, "_MEIPASS", None)
    base = Path(bundle) if bundle else Path(__file__).resolve().parents[2]
    return base / "resources" / name


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None, *, demo: bool = False) -> Path:
    if explicit:
        base = Path(explicit)
    elif os.environ.get(ENV_HOME):
        base = Path(os.environ[ENV_HOME])
    else:
        base = Path(platformdirs.user_data_dir("dripos-terminal", appauthor=False))
        # Demo data never mixes with a real shop's data on the same machine.
        if demo:
            base = base / "demo"
    base.mkdir(parents=True, exist_ok=True, mode=0o700)
    return base
