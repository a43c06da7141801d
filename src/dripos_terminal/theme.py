"""The till's style sheets: the standard theme and the high-contrast one (the standard sheet plus its
overrides). Plain file reads, light to import: the window's first paint already uses the sheet."""

from __future__ import annotations

import logging

from dripos_terminal.paths import resource_path

log = logging.getLogger("dripos_terminal.app")

THEME_FILES = {"standard": ("theme.qss",), "high_contrast": ("theme.qss", "theme-high-contrast.qss")}


def theme_sheet(theme: str = "standard") -> str:
    """The style sheet of `theme` ("standard", "high_contrast"); "" when the files are missing."""
    parts: list[str] = []
    for name in THEME_FILES.get(theme, THEME_FILES["standard"]):
        path = resource_path(name)
        try:
            parts.append(path.read_text(encoding="utf-8"))
        except OSError:
            log.warning("theme file not found at %s; using what there is", path)
    return "\n".join(parts)
