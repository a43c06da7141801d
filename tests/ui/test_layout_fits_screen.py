"""The till fits its screen: the product's demo till is driven through every state a shop sees in a real
X server (Xvfb, Qt's xcb platform — never offscreen, which does not place or size windows as a screen
does) at 1024×768 and 1920×1080, and in each state:

- the main window is the whole screen (kiosk) and never larger — the incident banner, expanded, and
  the offline queue used to widen it to 1047 px at 1024×768 — and every dialog lies inside the screen;
- no button or label shows less than its text needs (cut off, or wrapped lines squeezed together), and
  no column title is cut off;
- every touch target (buttons, fields, check boxes, spin boxes, list and table rows) is at least 44 px;
- the selling screens (sell, the card prompt, offline with the banner expanded) do not scroll.

The tour is `tests.support.screen_driver`; `make screenshots` runs the same tour and keeps the PNGs.
`make test` installs Xvfb when missing (Makefile `xvfb`); without it this test fails, saying so.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
MUST_VISIT = {
    "sell",
    "tender",
    "card-payment",
    "incident",
    "offline",
    "offline-card",
    "offline-queue",
    "manager",
    "batch",
    "z-report",
    "settings-0",
    "kiosk-exit",
    "help",
}
NEVER_SCROLL = {"sell", "card-payment", "incident", "offline", "offline-queue", "batch"}


def _drive(size: str, language: str, tmp_path: Path) -> dict[str, Any]:
    if shutil.which("xvfb-run") is None:
        pytest.fail("xvfb-run is missing: `make xvfb` installs Xvfb (Debian: apt-get install xvfb xauth)")
    report = tmp_path / f"layout-{size}-{language}.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT)}
    command = [
        "xvfb-run",
        "-a",
        "-s",
        f"-screen 0 {size}x24",
        sys.executable,
        "-m",
        "tests.support.screen_driver",
        "--report",
        str(report),
        "--language",
        language,
    ]
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, f"the screen driver failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize(("size", "language"), [("1024x768", "en"), ("1024x768", "es"), ("1920x1080", "en")])
def test_every_state_fits_the_screen(size: str, language: str, tmp_path: Path) -> None:
    report = _drive(size, language, tmp_path)
    assert report["platform"] == "xcb"
    width, height = (int(n) for n in size.split("x"))
    assert report["screen"] == [width, height]
    states = {s["name"]: s for s in report["states"]}
    assert set(states) >= MUST_VISIT, f"states not reached: {sorted(MUST_VISIT - set(states))}"
    problems: list[str] = []
    for name, state in states.items():
        for window in state["windows"]:
            where = f"{window['x']},{window['y']} {window['width']}x{window['height']}"
            if not window["inside"]:
                problems.append(f"{name}: {window['kind']} at {where} is not inside the {size} screen")
            if window["kind"] == "MainWindow" and (window["width"], window["height"]) != (width, height):
                problems.append(f"{name}: the kiosk window is {where}, not the whole {size} screen")
        problems += [f"{name}: {line}" for line in state["clipped"] + state["small"]]
        if name in NEVER_SCROLL and state["scrolls"]:
            problems.append(f"{name}: the screen scrolls ({state['scrolls']})")
    assert not problems, "\n".join(problems)
