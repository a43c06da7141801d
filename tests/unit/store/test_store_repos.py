"""The small repositories: audit log, counters, orders, settings, staff."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from dripos_terminal.clock import FakeClock
from dripos_terminal.store.audit import SETTING_CHANGED, AuditLog
from dripos_terminal.store.counters import ORDER_NUMBER, current_value, next_value, next_values
from dripos_terminal.store.database import Database
from dripos_terminal.store.errors import StoreBug
from dripos_terminal.store.orders_repo import OrdersRepo
from dripos_terminal.store.settings_repo import SettingsRepo
from dripos_terminal.store.staff_repo import StaffRepo


def test_audit_record_and_list(db: Database, fake_clock: FakeClock) -> None:
    audit = AuditLog(db, fake_clock)
    first = audit.record("s1", "offline.enabled", None, {"reason": "reader down"}).result()
    fake_clock.advance(60)
    second = audit.record("s2", "offline.disabled").result()
    fake_clock.advance(60)
    audit.record("s1", "offline_extra").result()
    assert second > first
    entries = audit.list().result()
    assert [e.action for e in entries] == ["offline.enabled", "offline.disabled", "offline_extra"]
    assert entries[0].details == {"reason": "reader down"}
    assert entries[0].at == "2026-03-31T17:47:00.000000Z"
    assert [e.action for e in audit.list(action="offline").result()] == [
        "offline.enabled",
        "offline.disabled",
    ]
    assert [e.actor_id for e in audit.list(actor_id="s2").result()] == ["s2"]
    start = datetime(2026, 3, 31, 17, 48, tzinfo=UTC)
    assert [e.action for e in audit.list(since=start, until=start + timedelta(seconds=30)).result()] == [
        "offline.disabled"
    ]
    assert len(audit.list(limit=1).result()) == 1


def test_audit_record_in_joins_the_callers_transaction(db: Database, fake_clock: FakeClock) -> None:
    audit = AuditLog(db, fake_clock)

    def fn(conn: object) -> None:
        audit.record_in(conn, "s1", "batch.closed", "batch-1")  # type: ignore[arg-type]
        raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        db.transaction(fn).result()
    assert audit.list().result() == []


def test_audit_details_never_hold_a_card_number(db: Database, fake_clock: FakeClock) -> None:
    audit = AuditLog(db, fake_clock)
    audit.record(
        "s1", "card.viewed", "p1", {"note": "card 4242 4242 4242 4242", "nested": ["4000056655665556"]}
    ).result()
    raw = db.call(lambda c: c.execute("SELECT details FROM audit_log").fetchone()[0])
    assert "4242 4242 4242 4242" not in raw
    assert "4000056655665556" not in raw
    assert "[PAN]" in raw  # grouped: its last group might be a CVC, so no digits are shown
    assert "[PAN ****5556]" in raw


def test_counters(db: Database) -> None:
    with pytest.raises(StoreBug):
        db.call(lambda c: next_value(c, ORDER_NUMBER))
    assert db.transaction(lambda c: next_value(c, ORDER_NUMBER)).result() == 1
    assert db.transaction(lambda c: next_value(c, ORDER_NUMBER)).result() == 2
    assert db.transaction(lambda c: next_value(c, "other")).result() == 1

    def rolled_back(c: object) -> None:
        next_value(c, ORDER_NUMBER)  # type: ignore[arg-type]
        raise RuntimeError

    with pytest.raises(RuntimeError):
        db.transaction(rolled_back).result()
    assert db.call(lambda c: current_value(c, ORDER_NUMBER)) == 2
    assert db.call(lambda c: current_value(c, "unknown")) == 0


def test_an_order_takes_both_its_numbers_in_one_statement(db: Database) -> None:
    with pytest.raises(StoreBug):
        db.call(lambda c: next_values(c, ORDER_NUMBER, "daily:2026-03-31"))
    first = db.transaction(lambda c: next_values(c, ORDER_NUMBER, "daily:2026-03-31")).result()
    assert first == {ORDER_NUMBER: 1, "daily:2026-03-31": 1}
    second = db.transaction(lambda c: next_values(c, ORDER_NUMBER, "daily:2026-03-31")).result()
    assert second == {ORDER_NUMBER: 2, "daily:2026-03-31": 2}
    next_day = db.transaction(lambda c: next_values(c, ORDER_NUMBER, "daily:2026-04-01")).result()
    assert next_day == {ORDER_NUMBER: 3, "daily:2026-04-01": 1}
    assert db.call(lambda c: current_value(c, ORDER_NUMBER)) == 3


def test_orders_create_update_events(db: Database, fake_clock: FakeClock) -> None:
    orders = OrdersRepo(db, fake_clock)
    a = orders.create({"lines": []}, status="open", currency="USD", total_minor=0, actor_id="s1").result()
    b = orders.create({"lines": [1]}, status="open", currency="USD", total_minor=450, actor_id="s1").result()
    assert (a.number, b.number) == (1, 2)
    fake_clock.advance(30)
    updated = orders.update(
        a.id,
        {"lines": ["latte"]},
        status="paid",
        total_minor=450,
        actor_id="s2",
        event_kind="paid",
        event_payload={"tender": "cash"},
    ).result()
    assert updated.status == "paid"
    assert updated.doc == {"lines": ["latte"]}
    assert updated.updated_at > updated.created_at
    assert orders.get(a.id).result() == updated
    assert orders.get_by_number(2).result() == b
    assert orders.get("nope").result() is None
    events = orders.events(a.id).result()
    assert [(e.kind, e.actor_id, e.payload) for e in events] == [
        ("created", "s1", {}),
        ("paid", "s2", {"tender": "cash"}),
    ]
    with pytest.raises(StoreBug):
        orders.update("nope", {}, status="x", total_minor=0, actor_id=None, event_kind="k").result()


def test_order_update_and_event_are_atomic(db: Database, fake_clock: FakeClock) -> None:
    orders = OrdersRepo(db, fake_clock)
    a = orders.create({}, status="open", currency="USD", total_minor=0, actor_id=None).result()
    with pytest.raises(TypeError):  # an unserialisable payload fails after the UPDATE ran
        orders.update(
            a.id,
            {"x": 1},
            status="paid",
            total_minor=1,
            actor_id=None,
            event_kind="k",
            event_payload={"bad": object()},
        ).result()
    assert orders.get(a.id).result() == a


def test_orders_list_for_shift_and_day(db: Database, fake_clock: FakeClock) -> None:
    orders = OrdersRepo(db, fake_clock)
    first = orders.create({}, status="paid", currency="USD", total_minor=1, actor_id=None).result()
    fake_clock.advance(8 * 3600)  # 2026-04-01 01:47 UTC
    second = orders.create({}, status="void", currency="USD", total_minor=2, actor_id=None).result()
    assert orders.list_for_day(date(2026, 3, 31)).result() == [first]
    assert orders.list_for_day(date(2026, 4, 1)).result() == [second]
    pacific = timezone(timedelta(hours=-7))
    assert orders.list_for_day(date(2026, 3, 31), tz=pacific).result() == [first, second]
    start = datetime(2026, 3, 31, 12, tzinfo=UTC)
    assert orders.list_between(start, start + timedelta(days=1), statuses=["paid"]).result() == [first]


def test_settings(db: Database, fake_clock: FakeClock) -> None:
    audit = AuditLog(db, fake_clock)
    settings = SettingsRepo(db, fake_clock, audit)
    assert settings.get("offline_manual_entry").result() is None
    settings.set("offline_manual_entry", "true", actor_id="m1").result()
    settings.set("offline_manual_entry", "false", actor_id="m1").result()
    assert settings.get("offline_manual_entry").result() == "false"
    assert settings.get_all().result() == {"offline_manual_entry": "false"}
    changes = audit.list(action=SETTING_CHANGED).result()
    assert [(c.subject, c.details) for c in changes] == [
        ("offline_manual_entry", {"old": None, "new": "true"}),
        ("offline_manual_entry", {"old": "true", "new": "false"}),
    ]


def test_staff(db: Database, fake_clock: FakeClock) -> None:
    staff = StaffRepo(db, fake_clock)
    ada = staff.add("Ada", "manager", "hash-a", staff_id="s1").result()
    bo = staff.add("Bo", "barista", "hash-b").result()
    assert staff.get("s1").result() == ada
    assert "hash-a" not in repr(ada)
    assert [s.name for s in staff.list().result()] == ["Ada", "Bo"]
    staff.set_active(bo.id, False).result()
    assert [s.name for s in staff.list().result()] == ["Ada"]
    assert [s.name for s in staff.list(include_inactive=True).result()] == ["Ada", "Bo"]
    staff.set_pin_hash("s1", "hash-new").result()
    staff.set_role(bo.id, "manager").result()
    assert staff.get("s1").result().pin_hash == "hash-new"  # type: ignore[union-attr]
    assert staff.get(bo.id).result().role == "manager"  # type: ignore[union-attr]
    with pytest.raises(StoreBug):
        staff.add("Cy", "owner", "h")  # type: ignore[arg-type]
    with pytest.raises(StoreBug):
        staff.set_active("nobody", True).result()
