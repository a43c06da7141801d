"""The real `dripos-terminal run --demo` process: it logs into the log directory (rotating, 0600),
not the data folder, announces its first window, and stops cleanly (exit 0) on SIGTERM."""

from __future__ import annotations

import os
import queue
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from dripos_terminal.composition.diagnostics import READY_TEXT
from dripos_terminal.logs import ENV_LOG_DIR, LOG_FILENAME


def _lines(stream: object, into: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.put(line)
    into.put("")  # end of stream


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGTERM")
def test_the_demo_logs_privately_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    data, logs = tmp_path / "data", tmp_path / "logs"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DRIPOS_")}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), **{ENV_LOG_DIR: str(logs)})
    lines: queue.Queue[str] = queue.Queue()
    seen: list[str] = []
    with subprocess.Popen(
        [sys.executable, "-m", "dripos_terminal.cli", "run", "--demo", "--data-dir", str(data)],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env, cwd=tmp_path,
    ) as proc:  # fmt: skip
        reader = threading.Thread(target=_lines, args=(proc.stderr, lines), daemon=True)
        reader.start()
        try:
            while not any(READY_TEXT in line for line in seen):
                line = lines.get(timeout=90)
                assert line, "the till exited before its window was shown:\n" + "".join(seen)
                seen.append(line)
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=60) == 0, "".join(seen)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        reader.join(timeout=10)
    while (line := lines.get_nowait()) != "":
        seen.append(line)
    output = "".join(seen)
    assert "Traceback" not in output, output
    log_file = logs / "demo" / LOG_FILENAME
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    assert stat.S_IMODE((logs / "demo").stat().st_mode) == 0o700
    text = log_file.read_text(encoding="utf-8")
    assert READY_TEXT in text and "stopping on SIGTERM" in text
    assert not list(data.rglob("*.log"))  # the data folder holds data only
