from __future__ import annotations

from dripos_terminal.payments.ports import ResultStatus
from dripos_terminal.payments.terminal_admin import CartLine, TerminalAdmin
from tests.integration.payments.payments_harness import Env


def test_locations_readers_and_display(env: Env) -> None:
    admin = TerminalAdmin(env.gateway)
    loc = admin.create_location("Second Shop", {"line1": "2 Main", "city": "Portland", "country": "US"})
    assert loc.id in {x.id for x in admin.list_locations()}
    reader = admin.register_reader("simulated-wpe", "Window", loc.id)
    assert reader.device_type == "simulated_wisepos_e" and reader.location == loc.id
    assert [r.id for r in admin.list_readers(loc.id)] == [reader.id]
    assert admin.reader_status(env.reader_id).online
    shown = admin.set_reader_display(
        env.reader_id,
        [CartLine("Latte", 450), CartLine("Cookie", 300, 2)],
        tax_minor=66,
        total_minor=816,
        currency="USD",
    )
    assert shown.action_type == "set_reader_display"
    assert env.reader()["action"]["set_reader_display"]["cart"]["total"] == 816
    admin.clear_reader_display(env.reader_id)
    assert env.reader()["action"] is None
    admin.set_reader_display(
        env.reader_id, [CartLine("Latte", 450)], tax_minor=0, total_minor=450, currency="usd"
    )
    # A payment takes over the display.
    fut = env.pay_async("o1", 450)
    env.present()
    assert fut.result(30).status is ResultStatus.APPROVED


def test_reader_status_offline(env: Env) -> None:
    env.sim.faults.reader_offline(env.reader_id)
    assert not TerminalAdmin(env.gateway).reader_status(env.reader_id).online
