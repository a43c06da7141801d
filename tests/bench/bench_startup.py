"""Cold start to first paint of the till window vs a bare PySide6 window (the floor)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import time

from dripos_terminal.store.keys import DEFAULT_SCRYPT
from tests.bench.stats import header, line, median

RUNS = 7


def _one(kind: str, data_dir: str) -> float:
    """Seconds from spawning the process to its first paint (shutdown is not part of cold start)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    start = time.perf_counter()
    with subprocess.Popen(
        [sys.executable, "-m", "tests.bench.startup_probe", kind, data_dir],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    ) as proc:
        assert proc.stdout is not None
        for text in proc.stdout:
            if text.startswith("PAINTED"):
                elapsed = time.perf_counter() - start
                break
        else:
            raise RuntimeError(f"{kind} window never painted")
        proc.wait(timeout=120)
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
    scrypt = median([_scrypt_once() for _ in range(3)])
    line("of which: recovery-key unwrap (scrypt; no OS keyring here)", f"{scrypt * 1000:.0f} ms")


def _scrypt_once() -> float:
    """A till with an OS keyring skips this; these machines have none, so every start pays it."""
    params = DEFAULT_SCRYPT
    start = time.perf_counter()
    hashlib.scrypt(
        b"dripos-demo", salt=b"0" * 16, n=params.n, r=params.r, p=params.p, maxmem=256 * 1024 * 1024, dklen=32
    )
    return time.perf_counter() - start
