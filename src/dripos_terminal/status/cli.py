"""`dripos-terminal status check`: what would the banner say for this feed?

Exit codes: 0 all clear or a banner decided; 2 unknown (fetch or parse failure: never "all clear").
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from dripos_terminal.clock import Clock, SystemClock
from dripos_terminal.config import StatusFeedConfig
from dripos_terminal.status.decision import FeedSpec, decide
from dripos_terminal.status.http import DEFAULT_TIMEOUT_S, Fetcher, FetchError, UrllibFetcher
from dripos_terminal.status.model import Banner, FeedError
from dripos_terminal.status.poller import parse_feed
from dripos_terminal.status.statuspage import MAX_BODY_BYTES

EXIT_OK = 0
EXIT_UNKNOWN = 2


def register(subparsers: Any) -> None:
    """Add `status check` to the top-level sub-parsers (`argparse._SubParsersAction`)."""
    status = subparsers.add_parser("status", help="incident status feed tools")
    sub = status.add_subparsers(dest="status_command", required=True)
    check = sub.add_parser("check", help="fetch a status feed and print what the banner would say")
    check.add_argument("--feed", required=True, help="Statuspage summary.json / history.atom URL or file")
    check.add_argument(
        "--component",
        action="append",
        default=None,
        help="watched component name or id (repeatable; default: the configured defaults)",
    )
    check.add_argument("--name", default="Stripe", help="feed name shown as the banner source")
    check.add_argument("--json", action="store_true", help="machine-readable output")
    check.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT_S,
        help="deadline for the whole fetch, seconds (default 10)",
    )
    check.set_defaults(func=run_check)


def _read_feed(source: str, fetcher: Fetcher, timeout: float) -> tuple[bytes, str]:
    if source.lower().startswith(("http://", "https://")):
        response = fetcher.fetch(source, {}, timeout)
        if response.status != 200:
            raise FetchError(f"HTTP {response.status}")
        return response.body, response.header("content-type") or ""
    path = Path(source)
    try:
        with path.open("rb") as handle:
            body = handle.read(MAX_BODY_BYTES + 1)
    except OSError as exc:
        raise FetchError(f"cannot read {path.name}: {exc.strerror or type(exc).__name__}") from None
    return body, ""


def banner_dict(banner: Banner) -> dict[str, Any]:
    return {
        "severity": banner.severity.key,
        "title": banner.title,
        "update": banner.update_text,
        "posted": banner.posted_at.isoformat() if banner.posted_at else None,
        "guidance": banner.guidance,
        "actions": [a.value for a in banner.actions],
        "source": banner.source,
        "incident_id": banner.incident_id,
        "update_id": banner.update_id,
        "stale": banner.stale,
    }


def run_check(
    args: argparse.Namespace,
    *,
    fetcher: Fetcher | None = None,
    clock: Clock | None = None,
    out: TextIO | None = None,
) -> int:
    out = out or sys.stdout
    clock = clock or SystemClock()
    components = tuple(args.component) if args.component else StatusFeedConfig().components
    spec = FeedSpec(args.name, args.feed, components)
    try:
        body, ctype = _read_feed(args.feed, fetcher or UrllibFetcher(), args.timeout)
        banner = decide(parse_feed(body, ctype), spec, clock.now())
    except (FetchError, FeedError) as exc:
        reason = exc.reason
        if args.json:
            out.write(json.dumps({"state": "unknown", "reason": reason}) + "\n")
        else:
            out.write(f"UNKNOWN: status could not be determined ({reason}). This is not an all-clear.\n")
        return EXIT_UNKNOWN
    if args.json:
        payload: dict[str, Any] = (
            {"state": "clear"} if banner is None else {"state": "banner", **banner_dict(banner)}
        )
        out.write(json.dumps(payload, ensure_ascii=False) + "\n")
        return EXIT_OK
    if banner is None:
        out.write(f"All clear: no problem reported for {', '.join(components)}.\n")
        return EXIT_OK
    posted = banner.posted_at.strftime("%Y-%m-%d %H:%M UTC") if banner.posted_at else "unknown time"
    out.write(f"{banner.severity.symbol} {banner.severity.label.upper()}: {banner.title}\n")
    if banner.update_text:
        out.write(f"Latest update ({posted}): {banner.update_text}\n")
    out.write(f"What to do: {banner.guidance}\n")
    out.write(f"Actions: {', '.join(a.value for a in banner.actions)}\n")
    return EXIT_OK


def main(argv: Sequence[str] | None = None, **kwargs: Any) -> int:
    """Stand-alone entry (tests, `python -m dripos_terminal.status.cli status check ...`)."""
    parser = argparse.ArgumentParser(prog="dripos-terminal")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    result: int = run_check(args, **kwargs)
    return result


if __name__ == "__main__":
    sys.exit(main())
