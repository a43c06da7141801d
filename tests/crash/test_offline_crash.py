"""SIGKILL the till's offline payment path at random points; nothing acknowledged is lost or doubled.

Each lane is one till (its own SQLCipher store) running `crash_driver.py` in a child process against
the simulator in THIS process. The parent reads the child's progress markers and kills it with
SIGKILL after a random marker plus a random few milliseconds: while it stores payments, while it
forwards them, and while it reconciles after the previous kill. `DRIPOS_CRASH_KILLS` (default 100)
sets the number of kills across all lanes; the run's seed is the suite seed (printed; set it with
`DRIPOS_TEST_SEED`). At the end every lane runs to completion and, by value: every ACKed payment
was charged exactly once for the sale, tip and currency it was ACKed with; the till recorded what it
ACKed; nothing was charged that a till does not record as paid.
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
from dripos_terminal.store.database import Database
from dripos_terminal.store.outbox import Outbox
from dripos_terminal.store.payments import PaymentStore
from tests.support.money import Sale, assert_stripe_matches_till
from tests.support.seed import suite_seed

pytestmark = pytest.mark.crash

REPO = Path(__file__).resolve().parents[2]
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
        self.acked: dict[str, Sale] = {}
        self.kills = 0

    def _spawn(self, captures: int) -> subprocess.Popen[str]:
        env = dict(os.environ, DRIPOS_CRASH_KEY=KEY.hex(), DRIPOS_CRASH_API_KEY=self.sim.api_key)
        args = [str(self.db), self.sim.base_url, str(captures), str(self.rng.randrange(1 << 30))]
        with self.log.open("a") as err:
            return subprocess.Popen(
                [sys.executable, "-m", "tests.crash.crash_driver", *args],
                cwd=REPO,
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
            self._ack(line)
            if line == "DONE":
                proc.wait()
                return True
            if kill_after is not None and seen >= kill_after:
                time.sleep(self.rng.random() * 0.02)
                proc.send_signal(signal.SIGKILL)
                for rest in proc.stdout:  # ACKs printed before the kill landed still count
                    self._ack(rest.strip())
                proc.wait()
                self.kills += 1
                return False
        proc.wait()
        return False

    def _ack(self, line: str) -> None:
        if line.startswith("ACK "):
            pid, sale, tip, currency = line[4:].split()
            self.acked[pid] = Sale(int(sale), int(tip), currency)

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
    seed = suite_seed()
    print(f"crash test seed {seed}")  # shown with the failure; DRIPOS_TEST_SEED reruns it
    master = random.Random(seed)
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

    acked = {pid: sale for lane in lanes for pid, sale in lane.acked.items()}
    assert sum(lane.kills for lane in lanes) >= kills_wanted, f"seed {seed}"
    assert acked, "no payment was ever acknowledged"
    clock = SystemClock()
    dbs = [Database.open(lane.db, KEY, clock=clock) for lane in lanes]
    try:
        # a row committed but killed before its ACK was printed is still charged once, as recorded
        recorded = assert_stripe_matches_till(sim.ledger, dbs, sold=acked, acknowledged=acked)
        for db in dbs:
            _check_store(db, clock)
    finally:
        for db in dbs:
            db.close()
    assert {p.status for p in recorded.values()} == {"succeeded"}, f"seed {seed}"
    for lane in lanes:
        for path in (lane.db, Path(f"{lane.db}-wal"), Path(f"{lane.db}-shm"), lane.log):
            if path.exists():
                assert PAN not in path.read_bytes(), path.name


def _check_store(db: Database, clock: SystemClock) -> None:
    items = Outbox(PaymentStore(db, clock)).items()
    assert all(i.status is PaymentStatus.SUCCEEDED for i in items), [i.status for i in items]
    assert all(not i.has_card for i in items)  # every stored card number destroyed
