from __future__ import annotations

from pathlib import Path

from dripos_terminal.clock import FakeClock
from dripos_terminal.domain.payment import PaymentStatus
from dripos_terminal.payments.forwarder import ForwardProgress
from dripos_terminal.sim.stripe import StripeSimulator
from tests.integration.offline.offline_harness import DECLINE_PAN, assert_exactly_once, open_till


def test_forward_all_charges_each_once_and_destroys_pan(
    sim: StripeSimulator, db_path: Path, db_key: bytes
) -> None:
    clock = FakeClock()
    till = open_till(db_path, db_key, sim, clock)
    try:
        ids = [till.sell(100 + i) for i in range(6)]
        declined = till.sell(700, number=DECLINE_PAN)
        seen: list[ForwardProgress] = []
        till.forwarder.add_progress_listener(seen.append)
        report = till.forwarder.forward_all()
        assert report.succeeded == 6 and report.declined == 1
        assert seen[-1].done == 7 and seen[-1].total == 7
        assert_exactly_once(sim, till, ids)
        for pid in [*ids, declined]:
            row = till.db.call(
                lambda c, p=pid: c.execute(
                    "SELECT pan, postal_code, last4 FROM payments WHERE id=?", (p,)
                ).fetchone()
            )
            assert row["pan"] is None and row["postal_code"] is None and row["last4"] is not None
        assert till.status(declined) is PaymentStatus.DECLINED
        attention = till.forwarder.list_needs_attention()
        assert [a.item.id for a in attention] == [declined]
        assert attention[0].item.order_id == "ord-6" and "insufficient funds" in attention[0].reason
        till.forwarder.acknowledge(declined, "mgr-1")
        assert till.forwarder.list_needs_attention() == []
    finally:
        till.close()
