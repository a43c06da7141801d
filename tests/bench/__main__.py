"""Run every bench section (or the ones named on the command line) and print figures."""

from __future__ import annotations

import importlib
import sys

SECTIONS = ["startup", "store_commit", "cards", "offline", "status", "closeout"]


def main(argv: list[str]) -> int:
    chosen = argv or SECTIONS
    for name in chosen:
        module = importlib.import_module(f"tests.bench.bench_{name}")
        module.run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
