"""`StripeSimulator`: the Stripe API subset over real HTTP on loopback (stdlib `ThreadingHTTPServer`)."""

from __future__ import annotations

import contextlib
import secrets
import socket
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from dripos_terminal.clock import Clock, SystemClock
from dripos_terminal.sim.stripe import terminal
from dripos_terminal.sim.stripe.api import Request, Response, StripeApi
from dripos_terminal.sim.stripe.control import Control
from dripos_terminal.sim.stripe.faults import FaultInjector
from dripos_terminal.sim.stripe.ledger import Ledger, settle
from dripos_terminal.sim.stripe.permissions import RESOURCES
from dripos_terminal.sim.stripe.ratelimit import ENDPOINT_RATE, LIVE_RATE, TEST_RATE, RateLimiter
from dripos_terminal.sim.stripe.state import Obj, SimState

MAX_BODY = 1_000_000


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    sim: StripeSimulator

    def __init__(self, address: tuple[str, int], sim: StripeSimulator) -> None:
        self.sim = sim
        self.connections: set[socket.socket] = set()
        self.conn_lock = threading.Lock()
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server
    timeout = 60  # idle keep-alive connections
    _began = 0.0

    def setup(self) -> None:
        super().setup()
        # Headers and body are separate writes: without this, Nagle + delayed ACK add ~40 ms per call.
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.server.conn_lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            super().finish()
        with self.server.conn_lock:
            self.server.connections.discard(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: the ledger's request log records method, path, key and status (never bodies)."""

    def parse_request(self) -> bool:
        # The request line has just arrived: from here on the time is the simulator's (its HTTP
        # layer included), which `StripeSimulator.request_timer` is told once the answer is written.
        self._began = time.perf_counter()
        return super().parse_request()

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def _dispatch(self, method: str) -> None:
        try:
            self._answer(method)
        finally:
            timer = self.server.sim.request_timer
            if timer is not None:
                timer(time.perf_counter() - self._began)

    def _answer(self, method: str) -> None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self._send(Response(413, b'{"error": {"type": "invalid_request_error", "message": "Bad body"}}'))
            self.close_connection = True
            return
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        url = urlsplit(self.path)
        sim = self.server.sim
        if url.path.startswith("/_sim/"):
            resp = sim.control.handle(method, url.path, body)
        else:
            headers = {k.lower(): v for k, v in self.headers.items()}
            resp = sim.api.handle(Request(method, url.path, url.query, headers, body))
        if resp.drop:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self._send(resp)

    def _send(self, resp: Response) -> None:
        self.send_response(resp.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(resp.body)))
        self.send_header("Cache-Control", "no-cache, no-store")
        for name, value in resp.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(resp.body)


class StripeSimulator:
    """Serve the Stripe API subset on a background thread. Use `start()` → base URL, then `stop()`."""

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        livemode: bool = False,
        host: str = "127.0.0.1",
        port: int = 0,
        rate_limit: float | None = None,
    ) -> None:
        self.clock: Clock = clock or SystemClock()
        self.livemode = livemode
        self.host, self.port = host, port
        self.state = SimState(self.clock, livemode)
        self.api_key = f"sk_{'live' if livemode else 'test'}_sim_{secrets.token_hex(12)}"
        self.faults = FaultInjector()
        self.ledger = Ledger(self.state)
        rate = (LIVE_RATE if livemode else TEST_RATE) if rate_limit is None else float(rate_limit)
        self.rate_limiter = RateLimiter(self.clock, rate, ENDPOINT_RATE)
        self.api = StripeApi(self.state, self.faults, self.ledger, self.rate_limiter, self.api_key)
        self.control = Control(self)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""
        # Told the seconds each request spent in the simulator, from its request line to the last
        # byte of its answer (the bench counts that as server time, HTTP parsing included).
        self.request_timer: Callable[[float], None] | None = None

    def start(self) -> str:
        if self._server is not None:
            return self.base_url
        self._server = _Server((self.host, self.port), self)
        self.port = int(self._server.server_address[1])
        self.base_url = f"http://{self.host}:{self.port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="stripe-sim", daemon=True
        )
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        with server.conn_lock:
            conns = list(server.connections)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> StripeSimulator:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- conveniences for tests and the demo --------------------------------------------------------

    @property
    def processing_seconds(self) -> float:
        return self.state.processing_seconds

    @processing_seconds.setter
    def processing_seconds(self, value: float) -> None:
        with self.state.lock:
            self.state.processing_seconds = float(value)

    def restricted_key(self, *permissions: str) -> str:
        """A new restricted key (`rk_…`) of this account allowed only `permissions`, each a resource
        and an access such as "terminal_reader_write" (which includes read); see `permissions.py`."""
        for permission in permissions:
            resource, _, access = permission.rpartition("_")
            if resource not in RESOURCES or access not in ("read", "write"):
                raise ValueError(f"unknown permission {permission!r}")
        key = f"rk_{'live' if self.livemode else 'test'}_sim_{secrets.token_hex(12)}"
        self.api.restricted_keys[key] = frozenset(permissions)
        return key

    def register_demo_reader(self) -> tuple[str, str]:
        """A location ("Dripos Demo Café") and a registered `simulated-wpe` reader."""
        st = self.state
        with st.lock:
            loc = terminal.create_location(
                st,
                {
                    "display_name": "Dripos Demo Café",
                    "address": {"line1": "1 Espresso Lane", "city": "Portland", "state": "OR",
                                "postal_code": "97205", "country": "US"},
                },
            )  # fmt: skip
            reader = terminal.create_reader(
                st, {"registration_code": "simulated-wpe", "label": "Counter", "location": loc["id"]}
            )
            return loc["id"], reader["id"]

    def _pick_reader(self, reader_id: str | None) -> str:
        if reader_id is not None:
            return reader_id
        st = self.state
        waiting = [
            r["id"] for r in st.readers.values() if (r.get("action") or {}).get("status") == "in_progress"
        ]
        return waiting[0] if waiting else next(iter(st.readers), "")

    def customer_cancel(self, reader_id: str | None = None) -> Obj:
        """The customer presses cancel on the reader (action fails with `customer_canceled`)."""
        st = self.state
        with st.lock:
            settle(st)
            reader = terminal.customer_cancel(st, self._pick_reader(reader_id))
            return terminal.render_reader(st, self.faults, reader)

    def present(
        self,
        reader_id: str | None = None,
        *,
        number: str | None = None,
        amount_tip: int | None = None,
        type_: str = "card_present",
    ) -> Obj:
        """The customer taps a card: like the test helper, without HTTP. Returns the reader."""
        st = self.state
        with st.lock:
            settle(st)
            reader_id = self._pick_reader(reader_id)
            params: dict[str, Any] = {"type": type_}
            if number is not None:
                params[type_] = {"number": str(number)}
            if amount_tip is not None:
                params["amount_tip"] = str(int(amount_tip))
            reader = terminal.present(st, params, reader_id)
            return terminal.render_reader(st, self.faults, reader)
