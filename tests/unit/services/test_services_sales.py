from __future__ import annotations

import pytest

from dripos_terminal.domain.errors import DomainError
from dripos_terminal.domain.staff import Permission, PermissionDeniedError
from dripos_terminal.services.sales import SaleError
from tests.unit.services.services_shop import Shop, make_shop


def _latte_and_beans(shop: Shop):
    sale = shop.sales.start_order(shop.barista)
    sale.add_item("latte", {"size": ["large"], "milk": ["oat"]})
    sale.add_item("beans_house")
    return sale


def test_totals_with_modifiers_discount_and_tax(shop: Shop) -> None:
    sale = _latte_and_beans(shop)
    auth = shop.staff.authorize(shop.barista, Permission.DISCOUNT, override_pin="9999")
    sale.set_order_discount("percent", 1000, auth)
    view = sale.view()
    assert view.subtotal == 2225
    assert view.discount == 223
    assert view.tax == 49  # only the latte is taxed: 562 x 8.75 %
    assert view.total == 2051
    assert view.number is None and view.status == "open"


def test_cash_sale_commits_with_change_and_number(shop: Shop) -> None:
    sale = _latte_and_beans(shop)
    sale.add_cash(2500)
    view = shop.sales.complete(sale)
    assert view.status == "paid"
    assert view.number == 1 and view.display_number == "#0001"
    assert view.change == 2500 - view.total
    record = shop.orders.get(view.order_id).result()
    assert record is not None and record.status == "paid" and record.number == 1
    assert record.doc["tenders"][0]["change"]["amount"] == view.change
    events = shop.orders.events(view.order_id).result()
    assert [e.kind for e in events] == ["paid"]


def test_the_committed_record_is_the_order_as_stored(shop: Shop) -> None:
    """The document is serialised once, before the transaction, with the numbers put in front at
    commit: what the sale adopts is exactly what a later read finds."""
    first, second = _latte_and_beans(shop), _latte_and_beans(shop)
    first.add_cash(5000)
    second.add_cash(5000)
    shop.sales.commit(first)
    record = shop.sales.commit(second)
    stored = shop.orders.get(record.id).result()
    assert stored == record
    assert (stored.number, stored.doc["number"], stored.doc["daily_number"]) == (2, 2, 2)
    assert second.order.display_number == "#0002" and second.order.to_dict() == stored.doc
    assert shop.sales.view_of(second.order).total == second.view().total == stored.total_minor


def test_complete_twice_is_idempotent(shop: Shop) -> None:
    sale = _latte_and_beans(shop)
    sale.add_cash(5000)
    first = shop.sales.complete(sale)
    assert shop.sales.complete(sale) == first
    assert shop.sales.last_order_number() == 1


def test_split_tender_two_cash_parts(shop: Shop) -> None:
    sale = shop.sales.start_order(shop.barista)
    sale.add_item("mug")  # 14.00 + 8.75 % = 15.23
    sale.add_cash(1000)
    assert sale.view().remaining == 523
    with pytest.raises(SaleError):
        shop.sales.complete(sale)
    sale.add_cash(600)
    view = shop.sales.complete(sale)
    assert [t.amount for t in view.tenders] == [1000, 523]
    assert view.change == 77


def test_tip_goes_on_the_first_tender(shop: Shop) -> None:
    sale = shop.sales.start_order(shop.barista)
    sale.add_item("espresso", {})
    options = dict(sale.tip_options())
    sale.set_tip(options["20%"])
    assert sale.view().tip == 60
    sale.add_cash(2000)
    view = shop.sales.complete(sale)
    assert view.tip == 60 and view.change == 2000 - view.total - 60


def test_discount_requires_permission(shop: Shop) -> None:
    sale = _latte_and_beans(shop)
    with pytest.raises(PermissionDeniedError):
        shop.staff.authorize(shop.barista, Permission.DISCOUNT)
    with pytest.raises(PermissionDeniedError):
        shop.staff.authorize(
            shop.barista, Permission.DISCOUNT, override_pin="1111"
        )  # a barista cannot approve
    auth = shop.staff.authorize(shop.manager, Permission.DISCOUNT)
    sale.set_line_discount(1, "fixed", 100, auth)
    assert sale.view().lines[0].discount == 100


def test_edits_after_tender_are_refused(shop: Shop) -> None:
    sale = _latte_and_beans(shop)
    sale.add_cash(500)
    with pytest.raises(DomainError):
        sale.add_item("mug")


def test_void_and_refund_are_audited_events(shop: Shop) -> None:
    sales = []
    for _ in range(2):
        sale = _latte_and_beans(shop)
        sale.add_cash(5000)
        sales.append(shop.sales.complete(sale))
    void_auth = shop.staff.authorize(shop.barista, Permission.VOID, override_pin="9999")
    voided = shop.sales.void(sales[0].order_id, void_auth, "customer left")
    assert voided.status == "voided"
    refund_auth = shop.staff.authorize(shop.manager, Permission.REFUND)
    refunded = shop.sales.refund(sales[1].order_id, refund_auth, "cold")
    assert refunded.status == "refunded" and refunded.refunded == refunded.paid
    assert shop.orders.get(sales[0].order_id).result().status == "voided"
    kinds = [e.kind for e in shop.orders.events(sales[1].order_id).result()]
    assert kinds == ["paid", "refunded"]
    actions = [e.action for e in shop.audit.list().result()]
    assert "override.granted" in actions and "order.voided" in actions and "order.refunded" in actions
    with pytest.raises(DomainError):
        shop.sales.refund(sales[1].order_id, refund_auth)
    with pytest.raises(PermissionDeniedError):
        shop.sales.void(sales[1].order_id, refund_auth)


def test_history_lists_the_days_orders_newest_first(shop: Shop) -> None:
    for _ in range(3):
        sale = _latte_and_beans(shop)
        sale.add_cash(5000)
        shop.sales.complete(sale)
        shop.clock.advance(60)
    history = shop.sales.history()
    assert [v.number for v in history] == [3, 2, 1]
    assert history[0].staff_name == "Sam"


def test_order_numbers_survive_a_restart(shop: Shop, data_dir, memory_keyring) -> None:
    sale = _latte_and_beans(shop)
    sale.add_cash(5000)
    assert shop.sales.complete(sale).number == 1
    shop.db.close()
    again = make_shop(data_dir, memory_keyring, shop.clock, seed=False)
    try:
        sale = again.sales.start_order(again.barista)
        sale.add_item("mug")
        sale.add_cash(2000)
        view = again.sales.complete(sale)
        assert view.number == 2 and view.display_number == "#0002"
    finally:
        again.db.close()


def test_failed_commit_keeps_the_sale(shop: Shop) -> None:
    from dripos_terminal.store.errors import DiskFull

    sale = _latte_and_beans(shop)
    sale.add_cash(5000)
    pages = shop.db.call(lambda c: c.execute("PRAGMA page_count").fetchone()[0])
    shop.db.call(lambda c: c.execute(f"PRAGMA max_page_count = {pages}"))
    with pytest.raises(DiskFull):
        # the first order on a fresh database needs new pages for orders, events and counters
        for _ in range(50):
            s = _latte_and_beans(shop)
            s.add_cash(5000)
            shop.sales.complete(s)
    failing = s
    assert not failing.committed and failing.view().status == "paid"
    shop.db.call(lambda c: c.execute("PRAGMA max_page_count = 1073741823"))
    view = shop.sales.complete(failing)
    assert view.number is not None


class _FlakyCashRefunds:
    """Records every refund id; the first attempt fails after 'reaching the processor'."""

    def __init__(self) -> None:
        self.ids: list[str] = []

    def refund(self, order, tender, amount, *, refund_id: str, reason: str) -> str | None:  # type: ignore[no-untyped-def]
        self.ids.append(refund_id)
        if len(self.ids) == 1:
            raise ConnectionError("lost the answer")
        return None


def test_a_retried_refund_reuses_its_refund_id(shop: Shop) -> None:
    """A refund that failed before it was recorded is retried under the same id: the processor,
    idempotent on that id, can never refund the customer twice."""
    sale = _latte_and_beans(shop)
    sale.add_cash(5000)
    order = shop.sales.complete(sale)
    processor = _FlakyCashRefunds()
    from dripos_terminal.domain.tender import TenderKind

    shop.sales.register_processor(TenderKind.CASH, processor)
    auth = shop.staff.authorize(shop.manager, Permission.REFUND)
    with pytest.raises(ConnectionError):
        shop.sales.refund(order.order_id, auth)
    assert shop.sales.refund(order.order_id, auth).status == "refunded"
    assert len(processor.ids) == 2 and processor.ids[0] == processor.ids[1]
