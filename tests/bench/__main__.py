"""`make bench`: every figure with min/median/max over several runs and its floor measured side by side.

    python -m tests.bench                        every figure (a table), then the longer reports
    python -m tests.bench NAME... [--runs N]     those figures (or reports) only
    python -m tests.bench NAME... --json         {"figures": {NAME: {"median", "floor", "ratio", "unit",
                                                  "min", "max", "runs", ...}}} on stdout

Each group of figures runs in a fresh child process (`--child GROUP`), so no figure inherits another's
threads, caches or process-wide SQLCipher settings. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any

from tests.bench.figures import table


@dataclass(frozen=True)
class Group:
    module: str
    function: str
    figures: tuple[str, ...]
    runs: int


GROUPS: dict[str, Group] = {
    "startup": Group("tests.bench.fig_startup", "measure", ("cold_start", "time_to_pin"), 7),
    "commit": Group("tests.bench.fig_commit", "measure", ("commit",), 5),
    "card_overhead": Group("tests.bench.fig_cards", "measure_overhead", ("card_overhead",), 5),
    "card_stall": Group("tests.bench.fig_cards", "measure_stall", ("card_stall",), 7),
    "forward_stall": Group("tests.bench.fig_forward", "measure", ("forward_stall",), 5),
    "print_stall": Group("tests.bench.fig_print", "measure", ("print_stall",), 7),
    "closeout": Group(
        "tests.bench.fig_closeout", "measure", ("orders_10k_stall", "commit_while_orders", "z_report_10k"), 5
    ),
}
FIGURES = {name: group for group, g in GROUPS.items() for name in g.figures}
# Longer sections kept from earlier benches (text only, no floor): python -m tests.bench offline status
REPORTS = {"offline": "tests.bench.bench_offline", "status": "tests.bench.bench_status"}
CHILD_MARK = "BENCH-JSON "


def _child(group_name: str, runs: int) -> int:
    group = GROUPS[group_name]
    measure = getattr(importlib.import_module(group.module), group.function)
    results = measure(runs)
    print(CHILD_MARK + json.dumps({r.name: r.summary() for r in results}), flush=True)
    return 0


def _run_group(group_name: str, runs: int | None) -> dict[str, Any]:
    group = GROUPS[group_name]
    count = runs or group.runs
    sys.stderr.write(f"measuring {', '.join(group.figures)} ({count} runs)…\n")
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "tests.bench", "--child", group_name, "--runs", str(count)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith(CHILD_MARK)]
    if proc.returncode != 0 or not lines:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        raise SystemExit(f"bench group {group_name} failed (exit {proc.returncode})")
    sys.stderr.write(f"  done in {time.perf_counter() - started:.0f} s\n")
    summaries: dict[str, Any] = json.loads(lines[-1][len(CHILD_MARK) :])
    return summaries


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench")
    parser.add_argument("names", nargs="*", help=f"figures {sorted(FIGURES)} or reports {sorted(REPORTS)}")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--runs", type=int, default=None, help="runs per figure (default: each figure's)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args.child, args.runs or GROUPS[args.child].runs)
    unknown = [n for n in args.names if n not in FIGURES and n not in REPORTS]
    if unknown:
        parser.error(f"unknown figure(s) {unknown}; figures: {sorted(FIGURES)}; reports: {sorted(REPORTS)}")
    names = args.names or list(FIGURES)
    figures = [n for n in names if n in FIGURES]
    reports = [n for n in names if n in REPORTS] if args.names else ([] if args.json else list(REPORTS))
    groups = list(dict.fromkeys(FIGURES[n] for n in figures))  # each group once, in order
    measured: dict[str, Any] = {}
    for group in groups:
        measured.update(_run_group(group, args.runs))
    chosen = {n: measured[n] for n in figures}
    if args.json:
        print(json.dumps({"figures": chosen}, indent=2))
        return 0
    if chosen:
        command = " ".join(["python -m tests.bench", *argv])
        print(f"\nBench figures ({command}; medians over runs, floors measured in the same runs)\n")
        print(table(chosen))
    for report in reports:
        importlib.import_module(REPORTS[report]).run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
