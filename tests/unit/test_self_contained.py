"""The repository stands alone: no source, test, build or documentation file refers to a path outside it.

A clone with nothing beside it must build, run and pass its tests. Three shapes have broken that:
an absolute path of one machine, a relative path that climbs out of the repository, and a
`Path(__file__).parents[…]` chain that lands above the repository root.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCANNED_DIRS = ("src", "tests", "docs", "packaging", ".ci")
SCANNED_FILES = ("Makefile", "README.md", "pyproject.toml", ".gitignore")
TEXT_SUFFIXES = {
    ".py",
    ".md",
    ".toml",
    ".txt",
    ".spec",
    ".desktop",
    ".qss",
    ".cfg",
    ".ini",
    ".sh",
    ".json",
    ".xml",
    ".svg",
}
SKIPPED_PARTS = {"__pycache__", ".venv", ".git", "build", "dist", ".mypy_cache", ".ruff_cache", ".hypothesis"}

# Home and scratch folders of the machines this project has been built on, and other users' homes.
_ABSOLUTE = re.compile(r"(?<![\w.:/])/(?:work|root|home|Users|mnt|srv)/[\w.-]+|\b[A-Z]:\\\\?Users\\")
# A relative path that climbs out of the repository: "..", a slash, a name (inside a URL, no path).
_CLIMBS_OUT = re.compile(r"(?<![\w/:.])\.\./(?!\.\./)[\w.-]+")
_FILE_PARENTS = re.compile(r"Path\(__file__\)(?:\.resolve\(\))?((?:\.parents\[\d+\]|\.parent\b)+)")


def _files(root: Path) -> list[Path]:
    found = [root / name for name in SCANNED_FILES if (root / name).is_file()]
    for top in SCANNED_DIRS:
        for path in sorted((root / top).rglob("*")):
            wanted = path.suffix in TEXT_SUFFIXES or path.parent.name == ".ci"
            if wanted and path.is_file() and not SKIPPED_PARTS & set(path.parts):
                found.append(path)
    return found


def _lands_at(source: Path, chain: str) -> Path:
    """Where `Path(__file__)<chain>` points when evaluated in `source`."""
    at = source
    for step in re.findall(r"\.parents\[(\d+)\]|\.parent\b", chain):
        at = at.parents[int(step)] if step else at.parent
    return at


def outside_references(root: Path) -> list[str]:
    """Every reference to a path outside `root`, as "file:line: what"."""
    problems: list[str] = []
    root = root.resolve()
    for path in _files(root):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        rel = path.relative_to(root)
        for number, line in enumerate(text.splitlines(), start=1):
            for pattern in (_ABSOLUTE, _CLIMBS_OUT):
                problems += [f"{rel}:{number}: {m.group(0)}" for m in pattern.finditer(line)]
            for m in _FILE_PARENTS.finditer(line):
                target = _lands_at(path.resolve(), m.group(1))
                if not target.is_relative_to(root):
                    problems.append(f"{rel}:{number}: {m.group(0)} is {target}, outside the repository")
    return problems


def test_nothing_refers_to_a_path_outside_the_repository() -> None:
    assert outside_references(ROOT) == []


@pytest.mark.parametrize(
    "line",
    [
        "REFERENCE = Path(__file__).resolve()" + '.parents[3].parent / "shared" / "reference"',
        "See `.." + "/shared/DESIGN.md` for the rules.",
        "    cd /wor" + "k/main && .venv/bin/python tests/fixtures/make.py",
        '"""Builders (see /wor' + 'k/shared/reference/stripe/*.json)."""',
        "data = open('/ho" + "me/alice/payloads/summary.json')",
    ],
)
def test_the_check_catches_each_shape(tmp_path: Path, line: str) -> None:
    nested = tmp_path / "tests" / "unit" / "status"
    nested.mkdir(parents=True)
    (nested / "helpers.py").write_text(f"{line}\n", encoding="utf-8")
    assert len(outside_references(tmp_path)) == 1


@pytest.mark.parametrize(
    "line",
    [
        'FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"',
        "url = 'https://example.com/a/../b'",
        "See [the design](docs/design.md).",
        "Unix time /10 and 7/10 of a second",
    ],
)
def test_the_check_lets_paths_inside_the_repository_pass(tmp_path: Path, line: str) -> None:
    nested = tmp_path / "tests" / "unit" / "store"
    nested.mkdir(parents=True)
    (nested / "helpers.py").write_text(f"{line}\n", encoding="utf-8")
    assert outside_references(tmp_path) == []
