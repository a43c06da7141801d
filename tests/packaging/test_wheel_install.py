"""A wheel carries the catalog, the theme and the Spanish catalogue: installed into a fresh virtual
environment, it loads all three.

The wheel is built offline from a copy of the source (`pip wheel --no-deps --no-build-isolation
--no-index`, so neither the repository nor the network is touched) and installed with `--no-deps`.
The fresh environment borrows the test environment's third-party packages through a plain `.pth`
line, which adds that folder to `sys.path` but does not run its `.pth` files, so the editable install
of this checkout stays invisible: the package can only come from the wheel.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHECK = """
import json, sys
import dripos_terminal
from dripos_terminal.app import load_theme
from dripos_terminal.domain.catalog import default_catalog_path, load_catalog
from dripos_terminal.ui.i18n import catalogue_path
from PySide6.QtCore import QTranslator
catalog = load_catalog(default_catalog_path())
spanish = QTranslator()
loaded = spanish.load(str(catalogue_path("es")))
print(json.dumps({
    "package": dripos_terminal.__file__,
    "catalog": str(default_catalog_path()),
    "currency": catalog.currency,
    "items": len(catalog.items),
    "theme_chars": len(load_theme()),
    "spanish_pay": spanish.translate("SellScreen", "Pay") if loaded else None,
    "path": sys.path,
}))
"""


def _build_wheel(tmp: Path) -> Path:
    source = tmp / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    shutil.copytree(ROOT / "src" / "dripos_terminal", source / "src" / "dripos_terminal", ignore=ignore)
    dist = tmp / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
         "--wheel-dir", str(dist), str(source)],
        check=True, cwd=tmp, capture_output=True, timeout=120,
    )  # fmt: skip
    (wheel,) = dist.glob("dripos_terminal-*.whl")
    return wheel


def test_an_installed_wheel_loads_the_catalog_and_the_theme(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    for resource in (
        "catalog.toml",
        "theme.qss",
        "icons/dripos-terminal.svg",
        "icons/dripos-terminal-256.png",
        "i18n/dripos_es.qm",
    ):
        assert f"dripos_terminal/resources/{resource}" in names, resource

    env_dir = tmp_path / "fresh"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
    )  # fmt: skip
    (purelib / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
         "--no-index", str(wheel)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip

    done = subprocess.run(
        [str(python), "-I", "-c", CHECK], check=True, capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    found = json.loads(done.stdout)
    assert Path(found["package"]).is_relative_to(purelib), found["package"]
    assert Path(found["catalog"]) == purelib / "dripos_terminal" / "resources" / "catalog.toml"
    assert str(ROOT / "src") not in found["path"]  # the checkout itself is not importable there
    assert found["currency"] == "USD" and found["items"] > 10
    assert found["theme_chars"] > 500
    assert found["spanish_pay"] == "Cobrar"
