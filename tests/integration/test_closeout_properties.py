"""Property tests over random business days sold through the real services (suite seed): every X report
keeps money rule 10 and equals the store by value, and the drawer's expected cash is float + cash sales
− cash refunds + paid in − paid out, counted here from what the test itself did."""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dripos_terminal.clock import FakeClock
from dripos_terminal.composition.core import build_closeout, build_services
from dripos_terminal.config import Config
from dripos_terminal.domain.cash import CashCount
from dripos_terminal.domain.offline_policy import OfflineLimits
from dripos_terminal.domain.payment import PaymentStatus
from dripos_terminal.domain.staff import Permission, Role
from dripos_terminal.domain.tender import TenderKind
from dripos_terminal.payments.forwarder import ForwarderSettings, forwarding_gateway
from dripos_terminal.payments.offline_reconcile import JobSettings
from dripos_terminal.services.offline_batch import Resolution
from dripos_terminal.services.offline_payments import OfflinePayments, OfflineSetup
from dripos_terminal.services.refunds import OfflineRefundProcessor
from dripos_terminal.sim.stripe import StripeSimulator
from dripos_terminal.store.database import Database
from tests.integration.offline.offline_harness import DECLINE_PAN, TEST_PAN, keyed
from tests.support.closeout import assert_report_matches_store

ITEMS = ("espresso", "croissant", "scone", "banana_bread", "beans_house", "mug")
Sale = tuple[str, list[str], int, int, int]  # kind, items, discount bp, tip, what happens after

sales = st.lists(
    st.tuples(
        st.sampled_from(["cash", "cash", "offline", "offline_declined"]),
        st.lists(st.sampled_from(ITEMS), min_size=1, max_size=3),
        st.sampled_from([0, 0, 1000, 2500]),
        st.integers(min_value=0, max_value=300),
        st.sampled_from(["keep", "keep", "keep", "void", "refund"]),
    ),
    min_size=1,
    max_size=8,
)
movements = st.lists(st.tuples(st.booleans(), st.integers(min_value=1, max_value=5_000)), max_size=3)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=sales, moves=movements, float_pieces=st.integers(min_value=0, max_value=20), settle=st.booleans())
def test_every_report_balances_and_the_drawer_adds_up(
    sim: StripeSimulator, day: list[Sale], moves: list[tuple[bool, int]], float_pieces: int, settle: bool
) -> None:
    clock = FakeClock()
    with tempfile.TemporaryDirectory() as folder:
        db = Database.open(Path(folder) / "till.db", secrets.token_bytes(32), clock=clock, create=True)
        try:
            _one_day(db, clock, sim, day, moves, float_pieces, settle)
        finally:
            db.close()


def _one_day(
    db: Database,
    clock: FakeClock,
    sim: StripeSimulator,
    day: list[Sale],
    moves: list[tuple[bool, int]],
    float_pieces: int,
    settle: bool,
) -> None:
    services = build_services(db, config=Config(), clock=clock)
    manager = services.staff.add_member("Alex", Role.MANAGER, "9999")
    offline = OfflinePayments(
        setup=OfflineSetup(
            limits=OfflineLimits(per_payment_cap_minor=10**6, total_cap_minor=10**8, count_cap=1000),
            till_id="till-1",
            forwarder=ForwarderSettings(
                concurrency=1, startup_jitter_s=0.0, job=JobSettings(retry_base_s=0.01)
            ),
        ),
        payments=services.payments,
        sales=services.sales,
        settings=services.settings,
        audit=services.audit,
        gateway=forwarding_gateway(sim.api_key, sim.base_url, services.payments, clock, timeout_s=5.0),
        clock=clock,
        reader_online=lambda: True,
    )
    services.sales.register_processor(
        TenderKind.OFFLINE_CARD, OfflineRefundProcessor(services.payments, services.audit, None)
    )
    offline.policy.set_manual_entry(True, manager)
    closeout = build_closeout(services, forwarder=offline.forwarder)
    drawer_auth = services.staff.authorize(manager, Permission.CASH_DRAWER)
    float_minor = 2000 * float_pieces
    closeout.drawer.open(drawer_auth, CashCount("usd", {2000: float_pieces}))
    cash_in = cash_back = paid_in = paid_out = 0
    offline.switch_offline(manager, manager)
    for kind, items, discount, tip, after in day:
        clock.advance(90)
        sale = services.sales.start_order(manager)
        for item in items:
            sale.add_item(item, {})
        if discount:
            sale.set_order_discount(
                "percent", discount, services.staff.authorize(manager, Permission.DISCOUNT)
            )
        due = sale.order.balance_due.amount
        if kind == "cash":
            sale.set_tip(tip)
            received = -(-(due + tip) // 500) * 500
            sale.add_cash(received)
            services.sales.complete(sale)
            cash_in += due + tip  # the change went straight back out
        else:
            number = DECLINE_PAN if kind == "offline_declined" else TEST_PAN
            offline.sale_checkout(sale, None).store_offline(due, tip, keyed(clock, number))
            services.sales.complete(sale)
        order_id = sale.order.order_id
        if after == "void":
            services.sales.void(order_id, services.staff.authorize(manager, Permission.VOID), "void")
            cash_back += due + tip if kind == "cash" else 0
        elif after == "refund" and kind == "cash":
            services.sales.refund(order_id, services.staff.authorize(manager, Permission.REFUND), "refund")
            cash_back += due + tip
    for paying_in, amount in moves:
        if paying_in:
            closeout.drawer.paid_in(drawer_auth, amount, "change")
            paid_in += amount
        else:
            closeout.drawer.paid_out(drawer_auth, amount, "supplies")
            paid_out += amount
    if settle:  # back online: forward; declines are settled one way or another
        offline.connectivity.report_success(clock.now())
        offline.connectivity.report_success(clock.now())
        offline.accept_online(manager)
        offline.forwarder.forward_all(wait_for_retries=True)
        batch_auth = services.staff.authorize(manager, Permission.CLOSE_BATCH)
        for index, entry in enumerate(closeout.batches.view().entries):
            if entry.status is PaymentStatus.DECLINED:
                how = (Resolution.CASH_COLLECTED, Resolution.WRITE_OFF, Resolution.CONTACT_CUSTOMER)[
                    index % 3
                ]
                closeout.batches.resolve(entry.payment_id, how, batch_auth)
                cash_in += entry.amount if how is Resolution.CASH_COLLECTED else 0
    report = closeout.reports.x_report()
    data = report.to_json()
    assert report.balances
    store = assert_report_matches_store(data, db)
    assert (store["cash_in"], store["cash_back"]) == (cash_in, cash_back)
    view = closeout.drawer.current()
    assert view is not None
    summary = view.summary
    assert (summary.cash_sales, summary.cash_refunds, summary.paid_in, summary.paid_out) == (
        cash_in,
        cash_back,
        paid_in,
        paid_out,
    )
    assert summary.expected == float_minor + cash_in - cash_back + paid_in - paid_out
    assert data["cash"]["expected"] == summary.expected
