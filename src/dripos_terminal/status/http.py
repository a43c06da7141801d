"""The HTTP port of the status poller and its default `urllib` implementation.

`Fetcher.fetch` returns a `FetchResponse` for any HTTP status (304, 429 and 5xx included, so the
poller can read `Retry-After`) and raises `FetchError` only for transport problems: timeout, refused,
DNS, TLS, too many redirects, a body over the size limit, a response slower than the deadline.
"""

from __future__ import annotations

import email.utils
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.client import HTTPException, HTTPResponse
from typing import Protocol

DEFAULT_TIMEOUT_S = 10.0
DEFAULT_MAX_BYTES = 1_000_000
DEFAULT_MAX_REDIRECTS = 3
USER_AGENT = "dripos-terminal-status/1"


class FetchError(Exception):
    """A transport failure. `reason` is short and safe to show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class FetchResponse:
    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)  # keys lower-case

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


class Fetcher(Protocol):
    def fetch(self, url: str, headers: Mapping[str, str], timeout: float) -> FetchResponse: ...


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """`Retry-After` as seconds from now: delta-seconds or an HTTP date; None if absent/garbled."""
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(min(int(text), 86_400))
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = DEFAULT_MAX_REDIRECTS
    max_repeats = 2


class UrllibFetcher:
    """Default fetcher: `urllib.request`, http/https only, limited redirects, size and time caps."""

    def __init__(
        self,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_redirects: int = DEFAULT_MAX_REDIRECTS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_bytes = max_bytes
        handler = type("_Redirects", (_LimitedRedirects,), {"max_redirections": max_redirects})
        self._opener = urllib.request.build_opener(handler())
        self._monotonic = monotonic

    def fetch(self, url: str, headers: Mapping[str, str], timeout: float) -> FetchResponse:
        if not url.lower().startswith(("http://", "https://")):
            raise FetchError("only http(s) URLs are polled")
        req_headers = {"User-Agent": USER_AGENT, "Accept": "application/json, application/atom+xml, */*"}
        req_headers.update(headers)
        request = urllib.request.Request(url, headers=req_headers, method="GET")  # noqa: S310 - scheme checked
        deadline = self._monotonic() + timeout * 3  # socket timeout is per read; cap the whole exchange
        try:
            with self._opener.open(request, timeout=timeout) as resp:
                return self._read(resp, deadline)
        except urllib.error.HTTPError as exc:
            try:
                body = self._read_body(exc, deadline) if exc.fp is not None else b""
            except FetchError:
                body = b""
            finally:
                exc.close()
            hdrs = {k.lower(): v for k, v in exc.headers.items()} if exc.headers else {}
            if 300 <= exc.code < 400 and exc.code != 304:
                raise FetchError("too many redirects") from None
            return FetchResponse(exc.code, body, hdrs)
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError | socket.timeout):
                raise FetchError("timed out") from None
            raise FetchError(f"unreachable ({type(reason).__name__})") from None
        except TimeoutError:
            raise FetchError("timed out") from None
        except (HTTPException, OSError, ValueError) as exc:
            raise FetchError(f"connection failed ({type(exc).__name__})") from None

    def _read(self, resp: HTTPResponse, deadline: float) -> FetchResponse:
        hdrs = {k.lower(): v for k, v in resp.headers.items()}
        return FetchResponse(resp.status, self._read_body(resp, deadline), hdrs)

    def _read_body(self, resp: object, deadline: float) -> bytes:
        headers = getattr(resp, "headers", None)
        length = headers.get("Content-Length") if headers is not None else None
        if length is not None and length.strip().isdigit() and int(length) > self.max_bytes:
            raise FetchError(f"response too large ({int(length)} bytes)")
        chunks: list[bytes] = []
        total = 0
        read = getattr(resp, "read")  # noqa: B009 - HTTPResponse or HTTPError
        while True:
            if self._monotonic() > deadline:
                raise FetchError("timed out (response too slow)")
            chunk: bytes = read(min(65_536, self.max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > self.max_bytes:
                raise FetchError(f"response too large (over {self.max_bytes} bytes)")
        return b"".join(chunks)
