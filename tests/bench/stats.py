"""Small, dependency-free statistics for the bench printout."""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100); exact for the sample sizes we use."""
    if not values:
        raise ValueError("no samples")
    ordered = sorted(values)
    rank = max(1, round(p / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def line(label: str, value: str) -> None:
    print(f"  {label:<58} {value}", flush=True)


def header(title: str) -> None:
    print(f"\n{title}", flush=True)
