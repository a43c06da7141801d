"""Hypothesis: sell / go offline / crash / restart / forward / come online. Always: every charge at
Stripe is one the till records, once, for its sale + tip in its currency (by value); what was sold is
what the till recorded; the stored total equals the sum of the unfinished payments. At the end:
every approved payment charged, every declined one not, nothing twice."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from dripos_terminal.clock import FakeClock
from dripos_terminal.domain.connectivity import Connectivity, ConnectivityMachine
from dripos_terminal.domain.payment import UNRESOLVED_STATES, PaymentStatus
from dripos_terminal.payments.forwarder import forwarding_gateway
from dripos_terminal.payments.offline_capture import CapExceeded
from dripos_terminal.sim.stripe import StripeSimulator
from dripos_terminal.store.outbox import PI_PURPOSE
from dripos_terminal.store.payments import PaymentStore
from tests.integration.offline.offline_harness import (
    BARISTA,
    DECLINE_PAN,
    MANAGER,
    TEST_PAN,
    Till,
    assert_exactly_once,
    open_till,
)
from tests.support.money import assert_stripe_matches_till


class OfflineTill(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.sim = StripeSimulator(rate_limit=0)
        self.sim.start()
        self.dir = Path(tempfile.mkdtemp(prefix="dripos-stateful-"))
        self.key = os.urandom(32)
        self.clock = FakeClock()
        self.net = ConnectivityMachine(offline_after_failures=1, recover_after_successes=1)
        self.till: Till = open_till(self.dir / "till.db", self.key, self.sim, self.clock, concurrency=2)
        self.declining: set[str] = set()

    def _reopen(self) -> None:
        sold = self.till.sold
        self.till = open_till(self.dir / "till.db", self.key, self.sim, self.clock, concurrency=2, sold=sold)

    @rule()
    def go_offline(self) -> None:
        if self.net.state is not Connectivity.OFFLINE:
            self.net.force_offline(BARISTA, self.clock.now(), approver=MANAGER)

    @precondition(lambda self: self.net.state is Connectivity.OFFLINE)
    @rule()
    def stripe_comes_back(self) -> None:
        self.net.report_success(self.clock.now())

    @precondition(lambda self: self.net.state is Connectivity.RECOVERING)
    @rule()
    def come_online(self) -> None:
        self.net.accept_online(BARISTA, self.clock.now())

    @precondition(lambda self: self.net.state.takes_offline_payments)
    @rule(amount=st.integers(50, 5000), tip=st.sampled_from([0, 1, 75, 450]), decline=st.booleans())
    def sell(self, amount: int, tip: int, decline: bool) -> None:
        try:
            pid = self.till.sell(amount, number=DECLINE_PAN if decline else TEST_PAN, tip=tip)
        except CapExceeded as exc:  # the 24 h age cap: refused with a message, nothing stored
            assert "24-hour deadline" in str(exc)
            return
        if decline:
            self.declining.add(pid)

    @rule(steps=st.integers(0, 3), hours=st.sampled_from([0, 1, 23]))
    def crash(self, steps: int, hours: int) -> None:
        """Die mid-forward (after 0-3 of: commit sending, PaymentMethod, PaymentIntent), then restart."""
        pending = self.till.outbox.items([PaymentStatus.PENDING])
        if pending and steps:
            job, item = self.till.forwarder.job, pending[0]
            job.begin(item)
            pm = job.send_payment_method(item) if steps >= 2 else None
            if steps == 3 and isinstance(pm, str):  # the PaymentIntent POST went out; its answer is lost
                key, _ = self.till.outbox.request_key(item.id, PI_PURPOSE)
                store = PaymentStore(self.till.db, self.clock)
                in_flight = forwarding_gateway(self.sim.api_key, self.sim.base_url, store, self.clock)
                with contextlib.suppress(Exception):  # a decline: its answer is lost with the crash
                    in_flight.send(key, secret_params={"payment_method": pm})
        self.till.close()
        self.clock.advance(hours * 3600)
        self._reopen()
        self.till.forwarder.recover()

    @precondition(lambda self: self.net.state is Connectivity.ONLINE)
    @rule()
    def forward(self) -> None:
        self.till.forwarder.recover()
        self.till.forwarder.forward_all()
        for pid in self.till.sold:
            item = self.till.outbox.get(pid)
            if item.parked:  # too old to replay and nothing found: the manager's decision
                self.till.forwarder.retry_with_new_key(pid, "mgr-1")
        self.till.forwarder.forward_all()

    @invariant()
    def charged_as_recorded(self) -> None:
        # a row whose PaymentIntent POST went out before a crash may be charged while still unknown
        assert_stripe_matches_till(self.sim.ledger, self.till.db, sold=self.till.sold, settled=False)

    @invariant()
    def nothing_lost_and_stored_total_matches(self) -> None:
        charged = {c["metadata"]["payment_id"] for c in self.sim.ledger.charges()}
        unfinished = 0
        for pid, sale in self.till.sold.items():
            status = self.till.outbox.get(pid).status
            if status in UNRESOLVED_STATES:
                unfinished += sale.charge_minor
            elif status is PaymentStatus.SUCCEEDED:
                assert pid in charged and pid not in self.declining
            else:
                assert status is PaymentStatus.DECLINED and pid in self.declining and pid not in charged
        assert self.till.capture.queue_summary().total_minor == unfinished

    def teardown(self) -> None:
        try:
            self.till.forwarder.recover()
            self.till.forwarder.forward_all()
            for pid in self.till.sold:
                if self.till.outbox.get(pid).parked:
                    self.till.forwarder.retry_with_new_key(pid, "mgr-1")
            self.till.forwarder.forward_all()
            approved = [p for p in self.till.sold if p not in self.declining]
            assert_exactly_once(self.sim, self.till, approved)
            assert all(self.till.status(p) is PaymentStatus.DECLINED for p in self.declining)
        finally:
            self.till.close()
            self.sim.stop()
            shutil.rmtree(self.dir, ignore_errors=True)


OfflineTill.TestCase.settings = settings(max_examples=20, stateful_step_count=15, deadline=None)
TestOfflineTill = OfflineTill.TestCase
