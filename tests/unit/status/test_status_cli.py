"""`status check`: exit 0 when clear or decided, 2 when unknown; files and the simulator URL."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

from dripos_terminal.sim.statuspage import StatuspageSimulator
from dripos_terminal.status.cli import EXIT_OK, EXIT_UNKNOWN, main, register
from tests.unit.status.status_helpers import DISCORD, GITHUB, REFERENCE


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["status", "check", *argv], out=out)
    return code, out.getvalue()


def test_register_adds_status_check() -> None:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["status", "check", "--feed", "x.json", "--component", "API"])
    assert args.component == ["API"] and callable(args.func)


def test_file_with_banner() -> None:
    code, text = run("--feed", str(REFERENCE / GITHUB), "--component", "Packages", "--name", "GitHub")
    assert code == EXIT_OK
    assert "OUTAGE: Incident with Packages and Pages" in text
    assert "Latest update (2022-11-25 15:50 UTC)" in text
    assert "What to do:" in text


def test_file_all_clear_json() -> None:
    code, text = run("--feed", str(REFERENCE / DISCORD), "--component", "South Korea", "--json")
    assert code == EXIT_OK and json.loads(text) == {"state": "clear"}


def test_unknown_exit_codes(tmp_path: Path) -> None:
    broken = tmp_path / "summary.json"
    broken.write_bytes(b'{"components": [')
    code, text = run("--feed", str(broken))
    assert code == EXIT_UNKNOWN and "not an all-clear" in text
    code, text = run("--feed", str(tmp_path / "missing.json"), "--json")
    assert code == EXIT_UNKNOWN and json.loads(text)["state"] == "unknown"


def test_simulator_url(sim: StatuspageSimulator) -> None:
    code, text = run("--feed", sim.summary_url, "--json")
    assert code == EXIT_OK and json.loads(text) == {"state": "clear"}
    sim.start_incident("Errors with in-person card payments", ["Card readers"], "major", "Readers fail.")
    code, text = run("--feed", sim.summary_url, "--component", "card readers", "--json")
    payload = json.loads(text)
    assert code == EXIT_OK and payload["severity"] == "outage" and payload["update"] == "Readers fail."
    sim.set_fault("error", status=500)
    code, _ = run("--feed", sim.summary_url)
    assert code == EXIT_UNKNOWN
