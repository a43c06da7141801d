"""What the simulated account charged and what was asked of it: for tests and the demo."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from dripos_terminal.sim.stripe.refunds import settle_refunds
from dripos_terminal.sim.stripe.state import Obj, SimState, snapshot
from dripos_terminal.sim.stripe.terminal import settle_presentations

_PAID = ("succeeded", "requires_capture")


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str  # without the query string
    idempotency_key: str | None
    status: int | None  # None: the connection was dropped without a response
    timestamp: float  # simulator clock, seconds since the epoch
    replayed: bool = False
    fault: str | None = None


def settle(st: SimState) -> None:
    """Apply everything that was due by now on the simulator clock (lock held)."""
    settle_presentations(st)
    settle_refunds(st)


class Ledger:
    """Thread-safe read access to charges, PaymentIntents and refunds, plus the request log."""

    def __init__(self, state: SimState) -> None:
        self._state = state
        self._log_lock = threading.Lock()
        self._logged = threading.Condition(self._log_lock)
        self._log: list[LoggedRequest] = []

    def record(self, entry: LoggedRequest) -> None:
        with self._logged:
            self._log.append(entry)
            self._logged.notify_all()

    def wait_for_request(self, predicate: Callable[[LoggedRequest], bool], *, timeout: float) -> bool:
        """Block until a request matching `predicate` has been answered (or dropped); False on timeout."""
        with self._logged:
            return self._logged.wait_for(lambda: any(predicate(r) for r in self._log), timeout)

    def request_log(self) -> list[LoggedRequest]:
        with self._log_lock:
            return list(self._log)

    def charges(self) -> list[dict[str, Any]]:
        """Successful charges of PaymentIntents that are paid (succeeded, or authorized awaiting capture)."""
        st = self._state
        with st.lock:
            settle(st)
            out = []
            for ch in st.charges.values():
                pi = st.payment_intents.get(ch["payment_intent"])
                if ch["status"] != "succeeded" or pi is None or pi["status"] not in _PAID:
                    continue
                tip = (pi.get("amount_details") or {}).get("tip", {}).get("amount") or 0
                out.append(
                    {
                        "id": ch["id"],
                        "payment_intent": ch["payment_intent"],
                        "amount": ch["amount"],
                        "amount_captured": ch["amount_captured"],
                        "amount_refunded": ch["amount_refunded"],
                        "amount_tip": tip,
                        "currency": ch["currency"],
                        "captured": ch["captured"],
                        "metadata": dict(pi["metadata"]),
                        "payment_method_type": ch["payment_method_details"]["type"],
                        "last4": ch["payment_method_details"][ch["payment_method_details"]["type"]]["last4"],
                        "created": ch["created"],
                    }
                )
            return out

    def charges_for_metadata(self, key: str, value: str) -> list[dict[str, Any]]:
        return [c for c in self.charges() if c["metadata"].get(key) == value]

    def duplicates(self, key: str = "payment_id") -> dict[str, int]:
        """Metadata values charged more than once → how many times."""
        counts = Counter(c["metadata"][key] for c in self.charges() if key in c["metadata"])
        return {value: n for value, n in counts.items() if n > 1}

    def payment_intents(self) -> list[Obj]:
        with self._state.lock:
            settle(self._state)
            return [snapshot(pi) for pi in self._state.payment_intents.values()]

    def refunds(self) -> list[Obj]:
        with self._state.lock:
            settle(self._state)
            return [snapshot(r) for r in self._state.refunds.values()]

    def to_json(self) -> dict[str, Any]:
        return {
            "charges": self.charges(),
            "payment_intents": self.payment_intents(),
            "refunds": self.refunds(),
            "duplicates": self.duplicates(),
            "requests": [asdict(r) for r in self.request_log()],
        }
