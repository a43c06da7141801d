"""The demo's data folder: marked as demo data, checked before anything is opened, and unlocked with
the documented demo passphrase. (`services.demo` has the rest: its staff, its shop, the database's
mode.) Light to import (the standard library and the message marker): the till checks the folder
before its window shows.
"""

from __future__ import annotations

from pathlib import Path

from dripos_terminal.i18n import QT_TRANSLATE_NOOP

DEMO_MARKER = "DEMO-DATA.txt"
META_DATA_MODE = "data_mode"
_MARKER_TEXT = (
    "This folder holds the Dripos Terminal DEMO's data (documented PINs, simulated payments).\n"
    "`dripos-terminal run --demo` uses only folders marked by this file; a shop's till refuses them.\n"
)
# A folder holding only these has no shop data to lose (a log, settings written before a first
# run); anything else — a database, a key's recovery copy — means it is in use.
_IGNORED = {"dripos-terminal.log", "config.toml"}


class DataModeMismatch(Exception):
    """Demo asked for on a shop's folder, or the other way round. Nothing was opened or changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.user_message = message


def check_data_dir(data_dir: Path, *, demo: bool) -> None:
    """Refuse to mix demo and shop data; only reads the folder. Raises `DataModeMismatch`."""
    marked = (data_dir / DEMO_MARKER).exists()
    if demo and not marked:
        in_use = (
            sorted(p.name for p in data_dir.iterdir() if p.name not in _IGNORED) if data_dir.is_dir() else []
        )
        if in_use:
            raise DataModeMismatch(
                QT_TRANSLATE_NOOP(
                    "Demo",
                    "{folder} is not a demo data folder (it holds {files}). The demo never "
                    "opens a shop's data: nothing was changed. Run the demo without --data-dir, or "
                    "give it an "
                    "empty folder.",
                ).format(folder=data_dir, files=", ".join(in_use[:3]))
            )
    if not demo and marked:
        raise DataModeMismatch(
            QT_TRANSLATE_NOOP(
                "Demo",
                "{folder} holds the demo's data (documented PINs, simulated payments), so a shop's till "
                "will not use it. Use `run --demo` for it, or choose another data folder for the shop.",
            ).format(folder=data_dir)
        )


def prepare_demo_dir(data_dir: Path) -> None:
    """Mark a fresh folder as demo data (call after `check_data_dir(..., demo=True)`)."""
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    marker = data_dir / DEMO_MARKER
    if not marker.exists():
        marker.write_text(_MARKER_TEXT, encoding="utf-8")


# The demo data directory's recovery passphrase (documented: demo data only, never a real shop).
DEMO_PASSPHRASE = "dripos-demo"
