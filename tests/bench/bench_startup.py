"""Cold start to first paint of the till window vs a bare PySide6 window (the floor)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

from tests.bench.stats import header, line, median

RUNS = 7


def _one(kind: str, data_dir: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "tests.bench.startup_probe", kind, data_dir],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    ).stdout
    elapsed = time.perf_counter() - start
    if "PAINTED" not in out:
        raise RuntimeError(f"{kind} window never painted")
    return elapsed


def run() -> None:
    header(f"Cold start to first paint (offscreen, median of {RUNS} runs, process spawn included)")
    with tempfile.TemporaryDirectory() as data_dir:
        _one("till", data_dir)  # first run creates the demo store; cold start is every later run
        bare = [_one("bare", data_dir) for _ in range(RUNS)]
        till = [_one("till", data_dir) for _ in range(RUNS)]
    line("bare PySide6 window (floor)", f"{median(bare) * 1000:.0f} ms")
    line("till window (login screen, store unlocked)", f"{median(till) * 1000:.0f} ms")
    line("ratio till / floor", f"{median(till) / median(bare):.2f}x")
