"""cold_start and time_to_pin: the real `dripos-terminal run --demo` process against a bare window.

Each run spawns, one after the other (their order alternating run by run), the bare window probe
(`tests.bench.startup_probe`) and the till exactly as a shop starts it (`python -m dripos_terminal.cli
run --demo`, its data folder found in a temporary home as a shop's is, made by a first run that is
not counted; no OS keyring, as on these machines: the recovery passphrase is unwrapped at every
start). Time runs from spawning the process
to reading its line on stderr, so interpreter start-up and every import count on both sides:

- cold_start: the till's first paint (the log line `READY_TEXT`, written once the first window's
  first paint is flushed, found as the probe finds the bare window's) ÷ the bare window's first paint;
- time_to_pin: until the sign-in screen accepts a PIN (`PIN_READY_TEXT`) ÷ the same bare paint.

The till is then stopped with SIGTERM (its clean shutdown is not timed).
"""

from __future__ import annotations

import compileall
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from dripos_terminal.composition.diagnostics import PIN_READY_TEXT, READY_TEXT
from tests.bench.figures import Figure

TIMEOUT_S = 120.0
REPO = Path(__file__).resolve().parents[2]  # `-m tests.bench.startup_probe` from the till's home folder


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DRIPOS_")}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(tmp / "home"), DRIPOS_TERMINAL_LOG_DIR=str(tmp / "logs"))
    return env


def _lines(stream: object, into: queue.Queue[tuple[float, str]]) -> None:
    for text in stream:  # type: ignore[attr-defined]
        into.put((time.perf_counter(), text))
    into.put((time.perf_counter(), ""))


def _spawn(argv: list[str], env: dict[str, str], wanted: list[str]) -> list[float]:
    """Seconds from spawn until each of `wanted` first appears on stderr; then SIGTERM and wait."""
    found: dict[str, float] = {}
    seen: list[str] = []
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env, cwd=env["HOME"]
    )
    lines: queue.Queue[tuple[float, str]] = queue.Queue()
    threading.Thread(target=_lines, args=(proc.stderr, lines), daemon=True).start()
    try:
        while len(found) < len(wanted):
            stamp, text = lines.get(timeout=TIMEOUT_S)
            if not text:
                raise RuntimeError(f"{argv[2]} exited before {wanted}:\n{''.join(seen)[-3000:]}")
            seen.append(text)
            for marker in wanted:
                if marker in text and marker not in found:
                    found[marker] = stamp - start
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return [found[m] * 1000 for m in wanted]


def _compile_bytecode() -> None:
    """The till's and the probe's modules compiled to bytecode first, as an installed till has them
    (pip compiles on install; the packaged app ships bytecode). Without it, wherever
    PYTHONDONTWRITEBYTECODE is set (these machines), every start would compile the till's ~60
    modules on the way to its first paint (~20 ms) while the floor's PySide6 is already compiled."""
    for folder in (REPO / "src" / "dripos_terminal", REPO / "tests" / "bench"):
        compileall.compile_dir(folder, quiet=1)


def measure(runs: int) -> list[Figure]:
    py = sys.executable
    _compile_bytecode()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "home").mkdir()
        env = _env(tmp)
        # As a shop starts it: no --data-dir, the demo's folder found in the (temporary) home.
        till_argv = [py, "-m", "dripos_terminal.cli", "run", "--demo"]
        bare_argv = [py, "-m", "tests.bench.startup_probe"]
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
        _spawn(till_argv, env, [PIN_READY_TEXT])  # first run: makes the demo store (not counted)
        _spawn(bare_argv, env, ["PAINTED"])
        bare: list[float] = []
        paint: list[float] = []
        pin: list[float] = []
        for run in range(runs):
            order = ("bare", "till") if run % 2 == 0 else ("till", "bare")
            for side in order:
                if side == "bare":
                    bare.extend(_spawn(bare_argv, env, ["PAINTED"]))
                else:
                    first, ready = _spawn(till_argv, env, [READY_TEXT, PIN_READY_TEXT])
                    paint.append(first)
                    pin.append(ready)
    floor_is = (
        "bare PySide6 window (one label) painted once, same first-paint watcher, process spawn included; "
        "both compiled to bytecode first, as installed"
    )
    return [
        Figure("cold_start", "ms", paint, bare, goal="ratio <= 1.5", floor_is=floor_is),
        Figure(
            "time_to_pin",
            "ms",
            pin,
            bare,
            goal="(reported)",
            floor_is=floor_is,
            note="start until the sign-in screen accepts a PIN (demo, no OS keyring: scrypt unwrap at start)",
        ),
    ]
