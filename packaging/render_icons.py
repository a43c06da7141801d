"""Render the app icon's PNG sizes from its SVG with Qt's own SVG renderer (no other tool needed).

Run from the repository root after editing the SVG, and commit the PNGs:

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py

`tests/packaging/test_icons.py` fails when a PNG is missing, has the wrong size, or no longer
matches what the SVG renders to.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICON_DIR = Path(__file__).resolve().parent.parent / "src" / "dripos_terminal" / "resources" / "icons"
NAME = "dripos-terminal"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(svg: Path, size: int) -> QImage:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    svg = ICON_DIR / f"{NAME}.svg"
    for size in SIZES:
        target = ICON_DIR / f"{NAME}-{size}.png"
        if not render(svg, size).save(str(target), "PNG"):
            print(f"could not write {target}", file=sys.stderr)
            return 1
        print(target.relative_to(ICON_DIR.parents[3]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
