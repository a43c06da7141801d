"""Incident status: Statuspage feed client, local health detection, and the banner to show.

Plain Python (no Qt). Public API:

- `model`: `Severity`, `Action`, `Banner`, `BannerUpdate`, `Feed`, `FeedError`
- `statuspage.parse_summary`, `atom.parse_history`, `poller.parse_feed`
- `decision`: `FeedSpec`, `decide`
- `poller`: `StatusPoller`, `PollerState`, `PollPolicy`, `FeedSnapshot`, `FeedHealth`
- `http`: `Fetcher`, `UrllibFetcher`, `FetchResponse`, `FetchError`
- `health`: `LocalHealthMonitor`, `FailureKind`, `Check`
- `incident`: `IncidentBoard`, `BoardState`
- `cli.register`
"""
