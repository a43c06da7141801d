"""An Atlassian Statuspage v2 feed over real HTTP on loopback, for the demo and the tests.

Serves `/api/v2/summary.json`, `/api/v2/incidents/unresolved.json`, `/api/v2/status.json` and
`/history.atom` with `ETag` / `Last-Modified` and 304s. Controlled from Python (the methods below) or
over HTTP with JSON POSTs:

    /_sim/incident/start    {"name", "components": [names], "impact", "body"}  -> {"id"}
    /_sim/incident/update   {"id", "status", "body"}
    /_sim/incident/resolve  {"id", "body"}
    /_sim/maintenance       {"name", "components", "status", "scheduled_for", "scheduled_until", "body"}
    /_sim/component         {"name", "status"}
    /_sim/fault             {"kind": malformed|html|error|slow|huge|huge_chunked|redirect_loop|none,
                             "status", "retry_after", "seconds", "size", "count"}
    /_sim/reset             {}
    GET /_sim/state

The seed story: `start_incident("Errors with in-person card payments", ["Terminal", "Card readers"],
"major", ...)`, then `update_incident(id, "identified", ...)`, then `resolve_incident(id, ...)`.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from dripos_terminal.clock import Clock, SystemClock

PAGE_ID = "dripsim00001"
COMPONENTS: tuple[tuple[str, str], ...] = (
    ("trm0000000001", "Terminal"),
    ("rdr0000000002", "Card readers"),
    ("api0000000003", "API"),
    ("dsh0000000004", "Dashboard"),
)
_IMPACT_STATUS = {
    "none": "operational",
    "minor": "degraded_performance",
    "major": "partial_outage",
    "critical": "major_outage",
}
FAULT_KINDS = ("malformed", "html", "error", "slow", "drip", "huge", "huge_chunked", "redirect_loop")
_FEED_PATHS = (
    "/api/v2/summary.json",
    "/api/v2/incidents/unresolved.json",
    "/api/v2/status.json",
    "/history.atom",
)


def iso(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


@dataclass
class Fault:
    kind: str
    status: int = 500
    retry_after: str | None = None
    seconds: float = 5.0  # "slow": the delay; "drip": the pause before each byte
    size: int = 10_000_000
    count: int | None = None  # requests affected; None = until cleared
    fired: int = 0  # requests that took this fault
    sent: int = 0  # "drip": bytes written so far
    cut: bool = False  # "drip": the client hung up before the whole answer was out
    finished: threading.Event = field(default_factory=threading.Event)  # "drip": a drip ended


@dataclass
class _Update:
    id: str
    status: str
    body: str
    at: datetime
    affected: list[dict[str, str]]


@dataclass
class _Incident:
    id: str
    name: str
    status: str
    impact: str
    components: list[str]  # component ids
    created_at: datetime
    updated_at: datetime
    updates: list[_Update] = field(default_factory=list)  # newest first
    maintenance: bool = False
    scheduled_for: datetime | None = None
    scheduled_until: datetime | None = None
    resolved_at: datetime | None = None


class StatuspageSimulator:
    def __init__(self, clock: Clock | None = None, host: str = "127.0.0.1", port: int = 0) -> None:
        self.clock: Clock = clock or SystemClock()
        self._host, self._port = host, port
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.requests: list[tuple[str, dict[str, str]]] = []  # (path, headers) of feed requests
        self.reset()

    # --- lifecycle -------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("simulator not started")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def summary_url(self) -> str:
        return f"{self.base_url}/api/v2/summary.json"

    def start(self) -> str:
        if self._server is None:
            handler = type("_BoundHandler", (_Handler,), {"sim": self})
            self._server = ThreadingHTTPServer((self._host, self._port), handler)
            self._server.daemon_threads = True
            self._stopping.clear()
            self._thread = threading.Thread(
                target=self._server.serve_forever, args=(0.05,), name="statuspage-sim", daemon=True
            )
            self._thread.start()
        return self.base_url

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def __enter__(self) -> StatuspageSimulator:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- control ---------------------------------------------------------------------------------

    def reset(self) -> None:
        with self._lock:
            self._status = {cid: "operational" for cid, _ in COMPONENTS}
            self._incidents: list[_Incident] = []
            self._fault: Fault | None = None
            self._counter = 0
            self._version = 0
            self._changed_at = self.clock.now().replace(microsecond=0)
            self._touch()

    def _touch(self) -> None:
        self._version += 1
        self._changed_at = self.clock.now().replace(microsecond=0)

    def _next_id(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}{self._counter:09d}"

    def _component_ids(self, names: list[str] | tuple[str, ...]) -> list[str]:
        ids = []
        for name in names:
            for cid, cname in COMPONENTS:
                if name.casefold() in (cname.casefold(), cid):
                    ids.append(cid)
                    break
            else:
                raise ValueError(f"unknown component {name!r}")
        return ids

    def _affected(self, ids: list[str], old: dict[str, str]) -> list[dict[str, str]]:
        names = dict(COMPONENTS)
        return [
            {"code": cid, "name": names[cid], "old_status": old[cid], "new_status": self._status[cid]}
            for cid in ids
        ]

    def set_component_status(self, name: str, status: str) -> None:
        with self._lock:
            (cid,) = self._component_ids([name])
            self._status[cid] = status
            self._touch()

    def start_incident(
        self, name: str, components: list[str] | tuple[str, ...], impact: str = "major", body: str = ""
    ) -> str:
        with self._lock:
            ids = self._component_ids(components)
            old = dict(self._status)
            for cid in ids:
                self._status[cid] = _IMPACT_STATUS.get(impact, "partial_outage")
            now = self.clock.now()
            inc = _Incident(self._next_id("inc"), name, "investigating", impact, ids, now, now)
            inc.updates.insert(
                0, _Update(self._next_id("upd"), "investigating", body, now, self._affected(ids, old))
            )
            self._incidents.append(inc)
            self._touch()
            return inc.id

    def update_incident(
        self, incident_id: str, status: str, body: str, component_status: str | None = None
    ) -> str:
        """Post an update; returns its id. `component_status` also changes the listed components."""
        with self._lock:
            inc = self._find(incident_id)
            old = dict(self._status)
            if component_status is not None:
                for cid in inc.components:
                    self._status[cid] = component_status
            if inc.maintenance and status in ("in_progress", "verifying"):
                for cid in inc.components:
                    self._status[cid] = "under_maintenance"
            if status in ("resolved", "completed", "postmortem"):
                for cid in inc.components:
                    self._status[cid] = "operational"
                inc.resolved_at = self.clock.now()
            inc.status = status
            inc.updated_at = self.clock.now()
            update = _Update(
                self._next_id("upd"), status, body, inc.updated_at, self._affected(inc.components, old)
            )
            inc.updates.insert(0, update)
            self._touch()
            return update.id

    def resolve_incident(self, incident_id: str, body: str = "This incident has been resolved.") -> str:
        with self._lock:
            status = "completed" if self._find(incident_id).maintenance else "resolved"
            return self.update_incident(incident_id, status, body)

    def schedule_maintenance(
        self,
        name: str,
        components: list[str] | tuple[str, ...],
        *,
        scheduled_for: datetime | None = None,
        scheduled_until: datetime | None = None,
        status: str = "scheduled",
        body: str = "",
        impact: str = "maintenance",
    ) -> str:
        with self._lock:
            ids = self._component_ids(components)
            now = self.clock.now()
            inc = _Incident(
                self._next_id("mnt"), name, "scheduled", impact, ids, now, now, maintenance=True,
                scheduled_for=scheduled_for or now, scheduled_until=scheduled_until,
            )  # fmt: skip
            inc.updates.insert(0, _Update(self._next_id("upd"), "scheduled", body, now, []))
            self._incidents.append(inc)
            self._touch()
        if status != "scheduled":
            self.update_incident(inc.id, status, body)
        return inc.id

    def set_fault(self, kind: str, **options: Any) -> Fault | None:
        """Every feed request from now on (or the next `count`) meets this fault; returns it so a
        test can see it fire."""
        if kind in ("none", ""):
            self.clear_fault()
            return None
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {kind!r}")
        fault = Fault(kind)
        for key, value in options.items():
            if value is not None:
                setattr(fault, key, value if key != "retry_after" else str(value))
        with self._lock:
            self._fault = fault
        return fault

    def clear_fault(self) -> None:
        with self._lock:
            self._fault = None

    def _find(self, incident_id: str) -> _Incident:
        for inc in self._incidents:
            if inc.id == incident_id:
                return inc
        raise KeyError(incident_id)

    def _take_fault(self) -> Fault | None:
        with self._lock:
            fault = self._fault
            if fault is not None:
                fault.fired += 1
                if fault.count is not None:
                    fault.count -= 1
                    if fault.count <= 0:
                        self._fault = None
            return fault

    # --- documents -------------------------------------------------------------------------------

    def _incident_json(self, inc: _Incident) -> dict[str, Any]:
        names = dict(COMPONENTS)
        doc: dict[str, Any] = {
            "id": inc.id,
            "name": inc.name,
            "status": inc.status,
            "created_at": iso(inc.created_at),
            "updated_at": iso(inc.updated_at),
            "monitoring_at": None,
            "resolved_at": iso(inc.resolved_at) if inc.resolved_at else None,
            "impact": inc.impact,
            "shortlink": f"{self.base_url if self._server else ''}/incidents/{inc.id}",
            "started_at": iso(inc.created_at),
            "page_id": PAGE_ID,
            "incident_updates": [
                {
                    "id": u.id,
                    "status": u.status,
                    "body": u.body,
                    "incident_id": inc.id,
                    "created_at": iso(u.at),
                    "updated_at": iso(u.at),
                    "display_at": iso(u.at),
                    "affected_components": u.affected or None,
                    "deliver_notifications": True,
                    "custom_tweet": None,
                    "tweet_id": None,
                }
                for u in inc.updates
            ],
            "components": [self._component_json(cid, names[cid]) for cid in inc.components],
        }
        if inc.maintenance:
            doc["scheduled_for"] = iso(inc.scheduled_for) if inc.scheduled_for else None
            doc["scheduled_until"] = iso(inc.scheduled_until) if inc.scheduled_until else None
        return doc

    def _component_json(self, cid: str, name: str) -> dict[str, Any]:
        return {
            "id": cid,
            "name": name,
            "status": self._status[cid],
            "created_at": "2023-03-31T17:00:00.000Z",
            "updated_at": iso(self._changed_at),
            "position": [c for c, _ in COMPONENTS].index(cid) + 1,
            "description": None,
            "showcase": False,
            "start_date": None,
            "group_id": None,
            "page_id": PAGE_ID,
            "group": False,
            "only_show_if_degraded": False,
        }

    def summary(self) -> dict[str, Any]:
        with self._lock:
            open_incidents = [i for i in self._incidents if not i.maintenance and i.resolved_at is None]
            maint = [i for i in self._incidents if i.maintenance and i.resolved_at is None]
            worst = max((i.impact for i in open_incidents), key=list(_IMPACT_STATUS).index, default="none")
            return {
                "page": {
                    "id": PAGE_ID,
                    "name": "Payments (simulated)",
                    "url": self.base_url if self._server else "",
                    "time_zone": "Etc/UTC",
                    "updated_at": iso(self._changed_at),
                },
                "components": [self._component_json(cid, name) for cid, name in COMPONENTS],
                "incidents": [self._incident_json(i) for i in reversed(open_incidents)],
                "scheduled_maintenances": [self._incident_json(i) for i in maint],
                "status": {"indicator": worst, "description": "simulated"},
            }

    def history_atom(self) -> str:
        with self._lock:
            entries = []
            for inc in sorted(self._incidents, key=lambda i: i.updated_at, reverse=True):
                content = "".join(
                    f"<p><small>{escape(u.at.strftime('%b %d, %H:%M UTC'))}</small><br>"
                    f"<strong>{escape(u.status.replace('_', ' ').capitalize())}</strong>"
                    f" - {escape(u.body)}</p>"
                    for u in inc.updates
                )
                entries.append(
                    "<entry>"
                    f"<id>tag:status.sim,2005:Incident/{inc.id}</id>"
                    f"<published>{iso(inc.created_at)}</published><updated>{iso(inc.updated_at)}</updated>"
                    f'<link rel="alternate" type="text/html" href="/incidents/{inc.id}"/>'
                    f"<title>{escape(inc.name)}</title>"
                    f'<content type="html">{escape(content)}</content>'
                    "</entry>"
                )
            return (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<feed xml:lang="en-US" xmlns="http://www.w3.org/2005/Atom">'
                "<id>tag:status.sim,2005:/history</id>"
                "<title>Payments (simulated) Status - Incident History</title>"
                f"<updated>{iso(self._changed_at)}</updated>{''.join(entries)}</feed>"
            )

    def validators(self) -> tuple[str, str, datetime]:
        with self._lock:
            return f'"v{self._version}"', format_datetime(self._changed_at, usegmt=True), self._changed_at

    def control(self, path: str, data: dict[str, Any]) -> dict[str, Any]:
        """The JSON control API (also callable in-process)."""
        action = path.removeprefix("/_sim/")
        if action == "incident/start":
            incident_id = self.start_incident(
                data["name"], data.get("components", []), data.get("impact", "major"), data.get("body", "")
            )
            return {"id": incident_id}
        if action == "incident/update":
            update_id = self.update_incident(
                data["id"], data["status"], data.get("body", ""), data.get("component_status")
            )
            return {"update_id": update_id}
        if action == "incident/resolve":
            return {"update_id": self.resolve_incident(data["id"], data.get("body", "Resolved."))}
        if action == "maintenance":
            when = {k: parsedate_or_iso(data.get(k)) for k in ("scheduled_for", "scheduled_until")}
            maintenance_id = self.schedule_maintenance(
                data["name"],
                data.get("components", []),
                scheduled_for=when["scheduled_for"],
                scheduled_until=when["scheduled_until"],
                status=data.get("status", "scheduled"),
                body=data.get("body", ""),
            )
            return {"id": maintenance_id}
        if action == "component":
            self.set_component_status(data["name"], data["status"])
            return {}
        if action == "fault":
            options = {k: data.get(k) for k in ("status", "retry_after", "seconds", "size", "count")}
            self.set_fault(data.get("kind", "none"), **options)
            return {}
        if action == "reset":
            self.reset()
            return {}
        raise KeyError(action)


def parsedate_or_iso(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return parsedate_to_datetime(value)


class _Handler(BaseHTTPRequestHandler):
    sim: StatuspageSimulator
    protocol_version = "HTTP/1.1"
    server_version = "StatuspageSim/1"

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_POST(self) -> None:
        if not self.path.startswith("/_sim/"):
            self._send(404, b'{"error":"not found"}', "application/json")
            return
        length = int(self.headers.get("Content-Length") or 0)
        try:
            data = json.loads(self.rfile.read(length) or b"{}")
            result = self.sim.control(self.path, data if isinstance(data, dict) else {})
        except (KeyError, ValueError, TypeError) as exc:
            self._send(400, json.dumps({"error": str(exc)}).encode(), "application/json")
            return
        self._send(200, json.dumps(result).encode(), "application/json")

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/_sim/state":
            self._send(200, json.dumps(self.sim.summary()).encode(), "application/json")
            return
        if path not in _FEED_PATHS:
            self._send(404, b"<html><body>Not found</body></html>", "text/html")
            return
        with self.sim._lock:
            self.sim.requests.append((path, {k.lower(): v for k, v in self.headers.items()}))
        fault = self.sim._take_fault()
        try:
            if fault is not None:
                self._fault(fault, path)
            else:
                self._feed(path)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True

    def _feed(self, path: str) -> None:
        etag, last_modified, changed_at = self.sim.validators()
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        not_modified = False
        if inm is not None:
            not_modified = etag in [t.strip() for t in inm.split(",")]
        elif ims is not None:
            try:
                not_modified = changed_at <= parsedate_to_datetime(ims)
            except (TypeError, ValueError):
                not_modified = False
        validators = {"ETag": etag, "Last-Modified": last_modified, "Cache-Control": "max-age=0"}
        if not_modified:
            self.send_response(304)
            for key, value in validators.items():
                self.send_header(key, value)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path == "/history.atom":
            self._send(200, self.sim.history_atom().encode(), "application/atom+xml", validators)
            return
        doc = self.sim.summary()
        if path.endswith("unresolved.json"):
            doc = {"page": doc["page"], "incidents": doc["incidents"]}
        elif path.endswith("status.json"):
            doc = {"page": doc["page"], "status": doc["status"]}
        self._send(200, json.dumps(doc).encode(), "application/json", validators)

    def _fault(self, fault: Fault, path: str) -> None:
        if fault.kind == "malformed":
            self._send(200, b'{"page": {"id": "x"}, "components": [{"id": 1, "name": ', "application/json")
        elif fault.kind == "html":
            self._send(200, b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>", "text/html")
        elif fault.kind == "error":
            extra = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            self._send(fault.status, b"<html><body>Server error</body></html>", "text/html", extra)
        elif fault.kind == "slow":
            if not self.sim._stopping.wait(fault.seconds):
                self._feed(path)
        elif fault.kind == "drip":
            self._drip(fault)
        elif fault.kind == "redirect_loop":
            self._send(302, b"", "text/plain", {"Location": path})
        elif fault.kind in ("huge", "huge_chunked"):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            if fault.kind == "huge":
                self.send_header("Content-Length", str(fault.size))
            else:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            chunk = b" " * 65_536
            sent = 0
            while sent < fault.size and not self.sim._stopping.is_set():
                piece = chunk[: fault.size - sent]
                self.wfile.write(piece)
                sent += len(piece)

    def _drip(self, fault: Fault) -> None:
        """The whole answer, status line and headers included, one byte every `fault.seconds`."""
        body = json.dumps(self.sim.summary()).encode()
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        )
        answer = head.encode() + body
        self.close_connection = True
        try:
            for i in range(len(answer)):
                if i and self.sim._stopping.wait(fault.seconds):
                    return
                self.wfile.write(answer[i : i + 1])
                with self.sim._lock:
                    fault.sent += 1
        except OSError:
            with self.sim._lock:
                fault.cut = True
        finally:
            fault.finished.set()
