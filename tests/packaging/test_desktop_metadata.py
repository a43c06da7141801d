"""The desktop integration files: the .desktop entry names a shipped icon, the AppStream metainfo
validates and points at the .desktop file, and every PNG of the icon set is the SVG rendered at its size."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from dripos_terminal.composition.diagnostics import APP_NAME, DESKTOP_ID, ICON_SIZES, app_icon
from dripos_terminal.paths import resource_path

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / f"{DESKTOP_ID}.desktop"
METAINFO = PACKAGING / f"{DESKTOP_ID}.metainfo.xml"


def _entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_desktop_entry_names_the_shipped_icon_and_the_command() -> None:
    entry = _entry()
    assert entry["Type"] == "Application" and entry["Name"] == "Dripos Terminal"
    assert entry["Icon"] == APP_NAME and resource_path(f"icons/{APP_NAME}.svg").is_file()
    assert entry["Exec"].split()[0] == "dripos-terminal"  # the console script / the bundle's executable
    assert entry["Categories"].endswith(";")


def test_the_metainfo_matches_the_desktop_entry() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == DESKTOP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("icon") == APP_NAME
    assert root.findtext("name") == _entry()["Name"]


def test_the_metainfo_validates() -> None:
    tool = shutil.which("appstreamcli")
    if tool is None:
        pytest.skip("appstreamcli is missing: `apt-get install appstream` (.ci/run and `make package` do)")
    done = subprocess.run(
        [tool, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert not [line for line in done.stdout.splitlines() if line[:2] in ("E:", "W:")], done.stdout


@pytest.mark.usefixtures("qapp")
def test_every_png_is_the_svg_rendered_at_its_size() -> None:
    import sys

    sys.path.insert(0, str(PACKAGING))
    try:
        from render_icons import render  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(PACKAGING))
    svg = resource_path(f"icons/{APP_NAME}.svg")
    for size in ICON_SIZES:
        png = QImage(str(resource_path(f"icons/{APP_NAME}-{size}.png")))
        assert (png.width(), png.height()) == (size, size), size
        fresh = render(svg, size).convertToFormat(png.format())
        assert fresh == png, f"{size} px: rerun packaging/render_icons.py after editing the SVG"
    assert sorted(s.width() for s in app_icon().availableSizes()) == list(ICON_SIZES)


def test_the_running_app_carries_its_name_version_and_icon(qapp: object) -> None:
    from PySide6.QtWidgets import QApplication

    from dripos_terminal.composition.diagnostics import DISPLAY_NAME, set_identity

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = (
        app.applicationName(),
        app.applicationDisplayName(),
        app.applicationVersion(),
        app.desktopFileName(),
    )
    icon_before = app.windowIcon()
    try:
        set_identity(app, "9.9.9")
        assert (app.applicationName(), app.applicationDisplayName()) == (APP_NAME, DISPLAY_NAME)
        assert app.applicationVersion() == "9.9.9" and app.desktopFileName() == DESKTOP_ID == DESKTOP.stem
        assert not app.windowIcon().isNull() and app.windowIcon().actualSize(QSize(64, 64)).width() == 64
    finally:
        app.setApplicationName(before[0])
        app.setApplicationDisplayName(before[1])
        app.setApplicationVersion(before[2])
        app.setDesktopFileName(before[3])
        app.setWindowIcon(icon_before)
