"""Run the built one-folder app the way a shop would, headless, and fail if any step fails.

`make package` runs it after PyInstaller: `.venv/bin/python packaging/check_build.py dist/dripos-terminal`.
Each step runs the frozen executable itself (never the source tree), offscreen, in a temporary home:

1. `--version` names the packaged version;
2. `status check` reads a fixture feed file and says all clear;
3. `printer test` prints a page to a loopback TCP peer that answers like an ESC/POS printer
   (pyserial's `socket://` handler is in the bundle) and to `virtual://` (our own handler package);
4. the demo starts, shows its first window (the log's "ready" line), its virtual printer port opens,
   it runs a few seconds and stops with exit code 0 on SIGTERM, without a traceback. Repeated to
   give the start time (spawn to first window) as min/median/max.

It prints the folder's size and the start times; exit status 1 if any step failed.
"""

from __future__ import annotations

import os
import queue
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.support.escpos_peer: the loopback printer
sys.path.insert(1, str(ROOT / "src"))

from tests.support.escpos_peer import EscPosPeer  # noqa: E402

from dripos_terminal.composition.diagnostics import READY_TEXT  # noqa: E402

FEED = (
    ROOT / "tests" / "fixtures" / "statuspage" / "statuspage-summary-all-operational-discord-2022-02-15.json"
)
DEMO_RUNS = 5
DEMO_SECONDS = 3.0
READY_TIMEOUT_S = 120.0
CUT = b"\x1dVB\x00"  # escpos.PARTIAL_CUT: ends the page (a status query follows it)


class CheckFailed(Exception):
    pass


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def run(
    exe: Path, *args: str, env: dict[str, str], timeout: float = 60.0
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(exe), *args], capture_output=True, text=True, env=env, timeout=timeout, check=False
    )


def expect(done: subprocess.CompletedProcess[str], code: int, *needles: str) -> None:
    output = done.stdout + done.stderr
    if done.returncode != code or any(n not in output for n in needles) or "Traceback" in output:
        raise CheckFailed(
            f"{' '.join(done.args)}: exit {done.returncode}, expected {code} and {needles}\n{output}"
        )


def _read_lines(stream: object, into: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.put(line)
    into.put("")


def demo_once(exe: Path, env: dict[str, str], data: Path) -> float:
    """Seconds from spawn to the first window; then a few seconds of running and a clean SIGTERM stop."""
    seen: list[str] = []
    lines: queue.Queue[str] = queue.Queue()
    start = time.perf_counter()
    with subprocess.Popen(
        [str(exe), "run", "--demo", "--data-dir", str(data)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
    ) as proc:  # fmt: skip
        threading.Thread(target=_read_lines, args=(proc.stderr, lines), daemon=True).start()
        try:
            while not any(READY_TEXT in line for line in seen):
                line = lines.get(timeout=READY_TIMEOUT_S)
                if not line:
                    raise CheckFailed("the demo exited before its first window:\n" + "".join(seen))
                seen.append(line)
            ready = time.perf_counter() - start
            try:  # it must keep running: an early exit here is a crash
                code = proc.wait(timeout=DEMO_SECONDS)
                raise CheckFailed(f"the demo stopped by itself (exit {code}):\n" + "".join(seen))
            except subprocess.TimeoutExpired:
                pass
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    while (line := lines.get(timeout=10)) != "":
        seen.append(line)
    output = "".join(seen)
    if code != 0 or "Traceback" in output or "not known" in output or "theme not found" in output:
        raise CheckFailed(f"the demo did not stop cleanly (exit {code}):\n{output}")
    if "printer port virtual://demo-" not in output:
        raise CheckFailed(f"the demo's virtual printer port never opened:\n{output}")
    return ready


def check(folder: Path) -> int:
    exe = folder / ("dripos-terminal.exe" if os.name == "nt" else "dripos-terminal")
    if not exe.is_file():
        print(f"package check: {exe} does not exist", file=sys.stderr)
        return 1
    size, count = folder_size(folder)
    print(f"package: {folder} — {size / 2**20:.1f} MiB in {count} files")
    with tempfile.TemporaryDirectory(prefix="dripos-package-") as tmp:
        home = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DRIPOS_", "PYTHON"))}
        env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), DRIPOS_TERMINAL_LOG_DIR=str(home / "logs"))
        try:
            from dripos_terminal.cli import version

            expect(run(exe, "--version", env=env), 0, f"dripos-terminal {version()}")
            print(f"ok  --version: dripos-terminal {version()}")
            feed = run(exe, "status", "check", "--feed", str(FEED), "--component", "Discord", env=env)
            expect(feed, 0, "All clear")
            print("ok  status check on a fixture feed: all clear")
            with EscPosPeer() as peer:
                expect(run(exe, "printer", "test", "--url", peer.url, env=env), 0, "Test page printed")
                # The page, its cut, then the status read back after printing (the receipt's
                # confirmation): the cut must come after the page's last line.
                received = peer.wait_until(lambda data: CUT in data)
                text_end = received.find(b"If you can read this, the printer works.")
                if text_end < 0 or received.find(CUT, text_end) < 0:
                    raise CheckFailed(f"the loopback printer did not get a whole test page: {received!r}")
            print(f"ok  printer test to {peer.url}: {len(received)} bytes, cut after the page")
            expect(run(exe, "printer", "test", "--url", "virtual://package", env=env), 0, "the printer works")
            print("ok  printer test to virtual://package")
            starts = [demo_once(exe, env, home / "demo-data") for _ in range(DEMO_RUNS)]
        except (CheckFailed, subprocess.TimeoutExpired, queue.Empty) as exc:
            print(f"FAILED: {exc}", file=sys.stderr)
            return 1
    warm = starts[1:]
    print(f"ok  demo: first window, {DEMO_SECONDS:.0f} s running, clean exit on SIGTERM ({DEMO_RUNS} runs)")
    print(
        f"start time (spawn to first window, offscreen): first run {starts[0] * 1000:.0f} ms (creates the "
        f"demo store); next {len(warm)} runs min {min(warm) * 1000:.0f} / median "
        f"{statistics.median(warm) * 1000:.0f} / max {max(warm) * 1000:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(check(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist" / "dripos-terminal"))
