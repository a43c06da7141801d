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


def _sources() -> list[tuple[str, str]]:
    return [
        (str(p.relative_to(PACKAGE)), p.read_text(encoding="utf-8"))
        for p in sorted(PACKAGE.rglob("*.py"))
        if p.relative_to(PACKAGE).parts[0] != "sim"
    ]


def test_one_module_writes_the_payment_tables() -> None:
    """One writer per table: payments and stripe_requests are written by the payments repository only."""
    writers = {
        name
        for name, text in _sources()
        for statement in (
            "INSERT INTO payments",
            "UPDATE payments",
            "INTO stripe_requests",
            "UPDATE stripe_requests",
        )
        if statement in text
    }
    assert writers == {"store/payments.py"}


def test_only_the_gateway_imports_stripe() -> None:
    """Outside the simulator, the `stripe` SDK is reached through `StripeGateway` only."""
    importers = set()
    for name, _text in _sources():
        if "stripe" in _imports(PACKAGE / name):
            importers.add(name)
    assert importers == {"payments/stripe_gateway.py"}


def test_one_module_writes_each_close_out_table() -> None:
    """One writer per table: the sale facts, drawer sessions, closed batches and Z reports each have
    their own repository (the v3 migration backfills the facts through theirs)."""
    tables = {
        "sale_facts": "store/sale_facts_repo.py",
        "sale_fact_lines": "store/sale_facts_repo.py",
        "sale_fact_tenders": "store/sale_facts_repo.py",
        "drawer_sessions": "store/drawer_repo.py",
        "drawer_movements": "store/drawer_repo.py",
        "offline_batches": "store/batches_repo.py",
        "offline_batch_items": "store/batches_repo.py",
        "z_reports": "store/z_reports_repo.py",
    }
    for table, owner in tables.items():
        writers = {
            name
            for name, text in _sources()
            for verb in (f"INTO {table} ", f"INTO {table}\n", f"UPDATE {table} ", f"DELETE FROM {table} ")
            if verb in text
        }
        assert writers == {owner}, (table, writers)
