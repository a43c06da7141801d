"""Shared by the status tests: the real Statuspage payloads kept in `tests/fixtures/statuspage/`."""

from __future__ import annotations

from pathlib import Path

REFERENCE = Path(__file__).resolve().parents[2] / "fixtures" / "statuspage"
GITHUB = "statuspage-summary-unresolved-incident-github-2022-11-25.json"
DISCORD = "statuspage-summary-all-operational-discord-2022-02-15.json"
DISCORD_MAINT = "statuspage-scheduled-maintenances-completed-discord.json"


def reference(name: str) -> bytes:
    return (REFERENCE / name).read_bytes()
