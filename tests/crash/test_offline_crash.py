"""SIGKILL the till's offline payment path at random points; nothing acknowledged is lost or doubled.

Each lane is one till (its own SQLCipher store) running `crash_driver.py` in a child process against
the simulator in THIS process. The parent reads the child's progress markers and kills it with
SIGKILL after a random marker plus a random few milliseconds: while it stores payments, while it
forwards them, and while it reconciles after the previous kill. `DRIPOS_CRASH_KILLS` (default 100)
sets the number of kills across all lanes. At the end every lane runs to completion and the
simulator's ledger must hold every ACKed payment exactly once.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dripos_terminal.clock import SystemClock
from dripos_terminal.domain.payment import PaymentStatus
from dripos_terminal.sim.stripe import StripeSimulator
from dripos_terminal.store.audit import AuditLog
from dripos_terminal.store.database import Database
from dripos_terminal.store.outbox import Outbox

pytestmark = pytest.mark.crash

DRIVER = Path(__file__).with_name("crash_driver.py")
KEY = bytes(range(32))  # fixed test key
LANES = 4
PAN = b"4242424242424242"


@pytest.fixture
def sim() -> Iterator[StripeSimulator]:
    s = StripeSimulator(rate_limit=0)
    s.start()
    try:
        yield s
    finally:
        s.stop()


class Lane:
    def __init__(self, n: int, tmp: Path, sim: StripeSimulator, rng: random.Random) -> None:
        self.db = tmp / f"till{n}.db"
        self.log = tmp / f"till{n}.log"
        self.sim = sim
        self.rng = rng
        self.acked: list[str] = []
        self.kills = 0
        self.runs = 0

    def _spawn(self, captures: int) -> subprocess.Popen[str]:
        env = dict(os.environ, DRIPOS_CRASH_KEY=KEY.hex(), DRIPOS_CRASH_API_KEY=self.sim.api_key)
        self.runs += 1
        args = [str(self.db), self.sim.base_url, str(captures), str(self.rng.randrange(1 << 30))]
        with self.log.open("a") as err:
            return subprocess.Popen(
                [sys.executable, str(DRIVER), *args],
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
                env=env,
            )

    def _read(self, proc: subprocess.Popen[str], kill_after: int | None) -> bool:
        """Collect ACKs; kill after `kill_after` markers (+ a random delay). True if it finished."""
        with proc:
            return self._read_lines(proc, kill_after)

    def _read_lines(self, proc: subprocess.Popen[str], kill_after: int | None) -> bool:
        assert proc.stdout is not None
        for seen, raw in enumerate(proc.stdout, start=1):
            line = raw.strip()
            if line.startswith("ACK "):
                self.acked.append(line[4:])
            if line == "DONE":
                proc.wait()
                return True
            if kill_after is not None and seen >= kill_after:
                time.sleep(self.rng.random() * 0.02)
                proc.send_signal(signal.SIGKILL)
                for rest in proc.stdout:  # ACKs printed before the kill landed still count
                    if rest.startswith("ACK "):
                        self.acked.append(rest.strip()[4:])
                proc.wait()
                self.kills += 1
                return False
        proc.wait()
        return False

    def crash_cycle(self) -> None:
        captures = self.rng.randint(0, 4)
        proc = self._spawn(captures)
        self._read(proc, self.rng.randint(1, 2 + 2 * captures))

    def finish(self) -> None:
        for _ in range(3):
            if self._read(self._spawn(0), None):
                return
        raise AssertionError(f"{self.db.name} never finished; see {self.log}")


def test_sigkill_anywhere_loses_nothing_and_charges_nothing_twice(
    sim: StripeSimulator, tmp_path: Path
) -> None:
    kills_wanted = int(os.environ.get("DRIPOS_CRASH_KILLS", "100"))
    master = random.Random(int(os.environ.get("DRIPOS_CRASH_SEED", str(random.randrange(1 << 30)))))
    lanes = [Lane(n, tmp_path, sim, random.Random(master.randrange(1 << 30))) for n in range(LANES)]
    lock = threading.Lock()
    budget = [kills_wanted]

    def drive(lane: Lane) -> None:
        while True:
            with lock:
                if budget[0] <= 0:
                    return
            before = lane.kills
            lane.crash_cycle()
            with lock:
                budget[0] -= lane.kills - before

    threads = [threading.Thread(target=drive, args=(lane,)) for lane in lanes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for lane in lanes:
        lane.finish()

    acked = [pid for lane in lanes for pid in lane.acked]
    assert sum(lane.kills for lane in lanes) >= kills_wanted
    assert acked, "no payment was ever acknowledged"
    assert sim.ledger.duplicates() == {}
    charged = [c["metadata"]["payment_id"] for c in sim.ledger.charges()]
    assert len(charged) == len(set(charged))
    lost = sorted(set(acked) - set(charged))
    assert lost == [], f"lost {len(lost)} acknowledged payments"
    for lane in lanes:
        _check_store(lane, set(charged))


def _check_store(lane: Lane, charged: set[str]) -> None:
    clock = SystemClock()
    db = Database.open(lane.db, KEY, clock=clock)
    try:
        outbox = Outbox(db, clock, AuditLog(db, clock))
        items = outbox.items()
        assert all(i.status is PaymentStatus.SUCCEEDED for i in items), [i.status for i in items]
        assert all(not i.has_card for i in items)
        assert {i.id for i in items} <= charged  # a row committed but not yet ACKed was still charged once
    finally:
        db.close()
    for path in (lane.db, Path(f"{lane.db}-wal"), Path(f"{lane.db}-shm"), lane.log):
        if path.exists():
            assert PAN not in path.read_bytes(), path.name
