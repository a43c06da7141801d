"""The HTTP port of the status poller and its default `urllib` implementation.

`Fetcher.fetch` returns a `FetchResponse` for any HTTP status (304, 429 and 5xx included, so the
poller can read `Retry-After`) and raises `FetchError` only for transport problems: timeout, refused,
DNS, TLS, too many redirects, a body over the size limit, a response slower than the deadline.

`timeout` is a hard deadline for the whole exchange (name lookup, connect, headers, body, redirects),
not a per-read timeout: a server that drips one byte every half second keeps every single read
alive forever. `UrllibFetcher` runs the exchange on a short-lived worker thread and returns (raises)
at the deadline, after shutting down the exchange's sockets so the worker ends too.
"""

from __future__ import annotations

import contextlib
import email.utils
import functools
import http.client
import socket
import ssl
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.client import HTTPException, HTTPResponse
from typing import Any, Protocol

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


@functools.cache
def _tls() -> ssl.SSLContext:
    """One verifying TLS context for every fetch of the process (building one loads the CA store,
    ~20 ms; urllib would build one per opener)."""
    return ssl.create_default_context()


class _Exchange:
    """The sockets of one fetch, so the deadline can cut them from another thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._expired = False

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            expired = self._expired
        if expired:
            _shut(sock)

    def expire(self) -> None:
        with self._lock:
            self._expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    """Wake a read blocked on `sock` (it returns end-of-file) from any thread."""
    with contextlib.suppress(OSError):  # already closed or never connected
        sock.shutdown(socket.SHUT_RDWR)


class _WatchedHTTP(http.client.HTTPConnection):
    exchange: _Exchange

    def connect(self) -> None:
        super().connect()
        self.exchange.add(self.sock)


class _WatchedHTTPS(http.client.HTTPSConnection):
    exchange: _Exchange

    def connect(self) -> None:
        super().connect()
        self.exchange.add(self.sock)


def _watched(cls: type[http.client.HTTPConnection], exchange: _Exchange) -> Callable[..., Any]:
    def make(host: str, **kwargs: Any) -> http.client.HTTPConnection:
        conn = cls(host, **kwargs)
        conn.exchange = exchange  # type: ignore[attr-defined]
        return conn

    return make


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, exchange: _Exchange) -> None:
        super().__init__()
        self._exchange = exchange

    def http_open(self, req: urllib.request.Request) -> HTTPResponse:
        return self.do_open(_watched(_WatchedHTTP, self._exchange), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, exchange: _Exchange, context: ssl.SSLContext) -> None:
        super().__init__(context=context)
        self._exchange = exchange
        self._tls = context

    def https_open(self, req: urllib.request.Request) -> HTTPResponse:
        return self.do_open(_watched(_WatchedHTTPS, self._exchange), req, context=self._tls)


class UrllibFetcher:
    """Default fetcher: `urllib.request`, http/https only, limited redirects, size cap, hard deadline."""

    def __init__(
        self, max_bytes: int = DEFAULT_MAX_BYTES, max_redirects: int = DEFAULT_MAX_REDIRECTS
    ) -> None:
        self.max_bytes = max_bytes
        self._redirects = type("_Redirects", (_LimitedRedirects,), {"max_redirections": max_redirects})

    def fetch(self, url: str, headers: Mapping[str, str], timeout: float) -> FetchResponse:
        """The response, or `FetchError`; returns or raises within `timeout` seconds, whatever the server."""
        if not url.lower().startswith(("http://", "https://")):
            raise FetchError("only http(s) URLs are polled")
        exchange = _Exchange()
        outcome: list[FetchResponse | BaseException] = []
        done = threading.Event()

        def work() -> None:
            try:
                outcome.append(self._exchange(url, headers, timeout, exchange))
            except BaseException as exc:  # handed to the caller's thread below
                outcome.append(exc)
            finally:
                done.set()

        threading.Thread(target=work, name="status-fetch", daemon=True).start()
        if not done.wait(timeout):
            exchange.expire()
            raise FetchError("timed out")
        result = outcome[0]
        if isinstance(result, BaseException):
            raise result
        return result

    def _exchange(
        self, url: str, headers: Mapping[str, str], timeout: float, exchange: _Exchange
    ) -> FetchResponse:
        handlers = (self._redirects(), _HTTPHandler(exchange), _HTTPSHandler(exchange, _tls()))
        opener = urllib.request.build_opener(*handlers)
        req_headers = {"User-Agent": USER_AGENT, "Accept": "application/json, application/atom+xml, */*"}
        req_headers.update(headers)
        request = urllib.request.Request(url, headers=req_headers, method="GET")  # noqa: S310 - scheme checked
        try:
            with opener.open(request, timeout=timeout) as resp:
                return self._read(resp)
        except urllib.error.HTTPError as exc:
            try:
                body = self._read_body(exc) if exc.fp is not None else b""
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

    def _read(self, resp: HTTPResponse) -> FetchResponse:
        hdrs = {k.lower(): v for k, v in resp.headers.items()}
        return FetchResponse(resp.status, self._read_body(resp), hdrs)

    def _read_body(self, resp: object) -> bytes:
        headers = getattr(resp, "headers", None)
        length = headers.get("Content-Length") if headers is not None else None
        if length is not None and length.strip().isdigit() and int(length) > self.max_bytes:
            raise FetchError(f"response too large ({int(length)} bytes)")
        chunks: list[bytes] = []
        total = 0
        read = getattr(resp, "read")  # noqa: B009 - HTTPResponse or HTTPError
        while True:
            chunk: bytes = read(min(65_536, self.max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > self.max_bytes:
                raise FetchError(f"response too large (over {self.max_bytes} bytes)")
        return b"".join(chunks)
