"""Shared by the status tests: where the real Statuspage payloads are (beside the repo, in shared/)."""

from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
REFERENCE = SHARED / "reference" / "statuspage"
GITHUB = "statuspage-summary-unresolved-incident-github-2022-11-25.json"
DISCORD = "statuspage-summary-all-operational-discord-2022-02-15.json"
DISCORD_MAINT = "statuspage-scheduled-maintenances-completed-discord.json"


def reference(name: str) -> bytes:
    return (REFERENCE / name).read_bytes()
