"""Fault injection: reader failures, 5xx, latency, dropped connections, 429 storms.

Every fault fires for the next `count` matching requests (`count=None`: until cleared).
Thread-safe; also exposed over HTTP under `/_sim/faults` (see control.py).
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import asdict, dataclass, field
from typing import Any

FAULT_NAMES = (
    "reader_offline",  # reader actions → 400 terminal_reader_offline; reader.status "offline"
    "reader_busy",  # reader actions → 400 terminal_reader_busy
    "reader_timeout",  # process accepted by the reader, caller gets 400 terminal_reader_timeout
    "api_error",  # 5xx before execution (or, with saved=True, saved as the idempotent result)
    "latency",  # sleep `seconds` while executing (the idempotency key is held meanwhile)
    "drop_connection",  # close the socket with no response, before executing
    "commit_then_drop",  # execute and save the idempotent result, then close with no response
    "rate_limit_storm",  # 429 rate_limit with Stripe-Should-Retry
)


@dataclass
class Fault:
    id: str
    name: str
    count: int | None = 1
    path_prefix: str | None = None
    method: str | None = None
    reader_id: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    fired: int = 0

    def matches(self, path: str | None, method: str | None, reader_id: str | None) -> bool:
        if self.count is not None and self.count <= 0:
            return False
        if self.path_prefix and (path is None or not path.startswith(self.path_prefix)):
            return False
        if self.method and (method is None or method.upper() != self.method.upper()):
            return False
        return not (self.reader_id and reader_id != self.reader_id)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class FaultInjector:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fired = threading.Condition(self._lock)
        self._faults: list[Fault] = []
        self._ids = itertools.count(1)

    def add(
        self,
        name: str,
        *,
        count: int | None = 1,
        path_prefix: str | None = None,
        method: str | None = None,
        reader_id: str | None = None,
        **params: Any,
    ) -> Fault:
        if name not in FAULT_NAMES:
            raise ValueError(f"unknown fault {name!r}; expected one of {', '.join(FAULT_NAMES)}")
        if count is not None and count < 1:
            raise ValueError("count must be >= 1 or None (until cleared)")
        if name == "latency" and float(params.get("seconds", 0)) <= 0:
            raise ValueError("latency needs seconds > 0")
        fault = Fault(
            id=f"flt_{next(self._ids)}",
            name=name,
            count=count,
            path_prefix=path_prefix,
            method=method,
            reader_id=reader_id,
            params=params,
        )
        with self._lock:
            self._faults.append(fault)
        return fault

    # -- conveniences ----------------------------------------------------------------------------

    def reader_offline(self, reader_id: str | None = None, *, count: int | None = 1) -> Fault:
        return self.add("reader_offline", count=count, reader_id=reader_id)

    def reader_busy(self, reader_id: str | None = None, *, count: int | None = 1) -> Fault:
        return self.add("reader_busy", count=count, reader_id=reader_id)

    def reader_timeout(
        self, reader_id: str | None = None, *, count: int | None = 1, present_number: str | None = None
    ) -> Fault:
        """The reader takes the PaymentIntent but the API answers terminal_reader_timeout.

        With `present_number`, the customer's card is also presented at once, so the PaymentIntent
        reaches its outcome although the caller only saw a timeout.
        """
        return self.add("reader_timeout", count=count, reader_id=reader_id, present_number=present_number)

    def api_error(
        self,
        status: int = 500,
        *,
        count: int | None = 1,
        path_prefix: str | None = None,
        method: str | None = None,
        saved: bool = False,
    ) -> Fault:
        return self.add(
            "api_error", count=count, path_prefix=path_prefix, method=method, status=status, saved=saved
        )

    def latency(
        self,
        seconds: float,
        *,
        count: int | None = 1,
        path_prefix: str | None = None,
        method: str | None = None,
    ) -> Fault:
        return self.add("latency", count=count, path_prefix=path_prefix, method=method, seconds=seconds)

    def drop_connection(
        self, *, count: int | None = 1, path_prefix: str | None = None, method: str | None = None
    ) -> Fault:
        return self.add("drop_connection", count=count, path_prefix=path_prefix, method=method)

    def commit_then_drop(
        self, *, count: int | None = 1, path_prefix: str | None = None, method: str | None = None
    ) -> Fault:
        return self.add("commit_then_drop", count=count, path_prefix=path_prefix, method=method)

    def rate_limit_storm(
        self, *, count: int | None = 1, path_prefix: str | None = None, should_retry: bool = True
    ) -> Fault:
        return self.add("rate_limit_storm", count=count, path_prefix=path_prefix, should_retry=should_retry)

    # -- management ------------------------------------------------------------------------------

    def clear(self, name_or_id: str | None = None) -> int:
        """Remove all faults, or those with this name or id. Returns how many were removed."""
        with self._lock:
            keep = [f for f in self._faults if name_or_id is not None and name_or_id not in (f.name, f.id)]
            removed = len(self._faults) - len(keep)
            self._faults = keep
            return removed

    def active(self) -> list[dict[str, Any]]:
        with self._lock:
            return [f.to_json() for f in self._faults if f.count is None or f.count > 0]

    def take(
        self, name: str, *, path: str | None = None, method: str | None = None, reader_id: str | None = None
    ) -> Fault | None:
        """Consume one firing of the first matching fault."""
        with self._lock:
            for fault in self._faults:
                if fault.name == name and fault.matches(path, method, reader_id):
                    fault.fired += 1
                    self._fired.notify_all()
                    if fault.count is not None:
                        fault.count -= 1
                    if fault.count == 0:
                        self._faults.remove(fault)
                    return Fault(**{**asdict(fault), "params": dict(fault.params)})
            return None

    def wait_fired(self, fault: Fault, times: int = 1, *, timeout: float) -> bool:
        """Block until `fault` (as returned by `add`) has fired `times` times; False on timeout.

        A fault fires when the simulator takes it for a request, before it acts: a `latency` fault
        that has fired holds a request in flight."""
        with self._fired:
            return self._fired.wait_for(lambda: fault.fired >= times, timeout)

    def peek(self, name: str, *, reader_id: str | None = None) -> bool:
        with self._lock:
            return any(f.name == name and f.matches(None, None, reader_id) for f in self._faults)
