"""A bench figure: several runs of one measurement and, measured in the same runs, its floor.

Every figure is a list of per-run values (each run's own median or worst case, see the figure's
module) and a list of floor values taken side by side in the same runs: the same measurement on
the bare thing the till builds on (a bare PySide6 window, a bare sqlcipher3 insert+commit, the bare
SDK round trips, an idle event loop). The ratio is median / floor median. Nothing here is asserted:
`make bench` prints, a person reads.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Figure:
    name: str
    unit: str  # "ms" for every figure today
    values: list[float]  # one per run, in `unit`
    floors: list[float]  # one per run, in `unit`, measured in the same runs
    goal: str = ""  # what the issue asks, for the printout ("ratio <= 1.5", "median <= 20 ms")
    floor_is: str = ""  # what the floor measures, for the printout
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # more detail (JSON only)

    def summary(self) -> dict[str, Any]:
        median = statistics.median(self.values)
        floor = statistics.median(self.floors)
        return {
            "median": round(median, 3),
            "floor": round(floor, 3),
            "ratio": round(median / floor, 3) if floor > 0 else None,
            "unit": self.unit,
            "min": round(min(self.values), 3),
            "max": round(max(self.values), 3),
            "runs": len(self.values),
            "floor_min": round(min(self.floors), 3),
            "floor_max": round(max(self.floors), 3),
            "goal": self.goal,
            "floor_is": self.floor_is,
            "note": self.note,
            **({"extra": self.extra} if self.extra else {}),
        }


@dataclass(frozen=True)
class Unavailable:
    """A figure that cannot be measured on this code yet: said so, never a made-up number."""

    name: str
    unit: str
    note: str
    goal: str = ""

    def summary(self) -> dict[str, Any]:
        return {
            "median": None,
            "floor": None,
            "ratio": None,
            "unit": self.unit,
            "min": None,
            "max": None,
            "runs": 0,
            "goal": self.goal,
            "note": self.note,
        }


Result = Figure | Unavailable


def table(summaries: dict[str, dict[str, Any]]) -> str:
    """The human printout: one row per figure, then what each floor is and any notes."""
    head = f"{'figure':<20}{'median':>10}{'min':>10}{'max':>10}{'floor':>10}{'ratio':>8}  {'runs':>4}  goal"
    rows = [head, "-" * len(head)]
    notes: list[str] = []
    for name, s in summaries.items():
        if s["median"] is None:
            rows.append(f"{name:<20}{'—':>10}{'':>10}{'':>10}{'':>10}{'':>8}  {0:>4}  {s.get('goal', '')}")
            notes.append(f"{name}: {s['note']}")
            continue
        unit = s["unit"]
        ratio = f"{s['ratio']:.2f}x" if s["ratio"] is not None else "—"
        rows.append(
            f"{name:<20}{_num(s['median'], unit):>10}{_num(s['min'], unit):>10}{_num(s['max'], unit):>10}"
            f"{_num(s['floor'], unit):>10}{ratio:>8}  {s['runs']:>4}  {s.get('goal', '')}"
        )
        floor = f"floor {_num(s['floor_min'], unit)}..{_num(s['floor_max'], unit)}: {s.get('floor_is', '')}"
        notes.append(f"{name}: {floor}" + (f"; {s['note']}" if s.get("note") else ""))
    return "\n".join([*rows, "", *notes])


def _num(value: float, unit: str) -> str:
    if value >= 100:
        return f"{value:.0f} {unit}"
    if value >= 10:
        return f"{value:.1f} {unit}"
    return f"{value:.2f} {unit}"
