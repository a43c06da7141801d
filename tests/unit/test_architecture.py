"""House rule 1: only ui/ and the composition root (app.py, composition/) import Qt."""

from __future__ import annotations

import ast
from pathlib import Path

import dripos_terminal

PACKAGE = Path(dripos_terminal.__file__).parent
QT_ALLOWED = {"ui", "app.py", "composition"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_ui_imports_qt() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        top = path.relative_to(PACKAGE).parts[0]
        if top in QT_ALLOWED:
            continue
        if {"PySide6", "shiboken6"} & _imports(path):
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_the_scan_sees_qt_imports(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text("from PySide6.QtCore import QObject\n")
    assert "PySide6" in _imports(sample)
