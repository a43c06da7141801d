from __future__ import annotations

import pytest

from dripos_terminal.clock import FakeClock
from dripos_terminal.domain.connectivity import (
    SYSTEM_ACTOR,
    TRANSITIONS,
    Connectivity,
    ConnectivityChange,
    ConnectivityError,
    ConnectivityMachine,
    Reason,
)
from dripos_terminal.domain.staff import PermissionDeniedError, Role, StaffMember, hash_pin

PIN = hash_pin("1234", salt=b"0" * 16)
MANAGER = StaffMember("m1", "Maya", Role.MANAGER, PIN)
BARISTA = StaffMember("b1", "Ben", Role.BARISTA, PIN)


def test_transition_table_is_explicit_and_online_only_via_recovering() -> None:
    assert set(TRANSITIONS) == set(Connectivity)
    assert Connectivity.ONLINE not in TRANSITIONS[Connectivity.OFFLINE]
    assert TRANSITIONS[Connectivity.RECOVERING] == {Connectivity.ONLINE, Connectivity.OFFLINE}


def test_stripe_unreachable_degrades_then_goes_offline_automatically(fake_clock: FakeClock) -> None:
    m = ConnectivityMachine(offline_after_failures=3)
    seen: list[ConnectivityChange] = []
    m.add_listener(seen.append)
    m.report_failure(fake_clock.now(), "timeout", unreachable=True)
    assert m.state is Connectivity.DEGRADED
    m.report_success(fake_clock.now())
    assert m.state is Connectivity.ONLINE  # never left online: no offer needed
    for _ in range(3):
        m.report_failure(fake_clock.now(), "api_unreachable", unreachable=True)
    assert m.state is Connectivity.OFFLINE
    assert seen[-1].reason is Reason.STRIPE_UNREACHABLE and seen[-1].actor_id == SYSTEM_ACTOR
    assert seen[-1].automatic and seen[-1].detail == "api_unreachable"


@pytest.mark.parametrize("manager_pin", [True, False])
def test_other_failures_never_switch_offline_by_themselves(fake_clock: FakeClock, manager_pin: bool) -> None:
    """A reader offline/busy/timing out, or Stripe answering with errors, goes no further than
    DEGRADED however often it happens: switching is offered to staff (behind the manager's PIN where
    the shop says so), never done by the till on its own."""
    m = ConnectivityMachine(offline_after_failures=1, manager_pin_to_go_offline=manager_pin)
    for detail in ["reader_offline", "reader_timeout", "api_server_error", "reader_busy"] * 5:
        m.report_failure(fake_clock.now(), detail)
    assert m.state is Connectivity.DEGRADED
    assert [c.after for c in m.history] == [Connectivity.DEGRADED]


def test_only_unreachable_failures_in_a_row_count(fake_clock: FakeClock) -> None:
    m = ConnectivityMachine(offline_after_failures=2)
    m.report_failure(fake_clock.now(), "api_unreachable", unreachable=True)
    m.report_failure(fake_clock.now(), "reader_offline")  # the API answered: the run is broken
    m.report_failure(fake_clock.now(), "api_unreachable", unreachable=True)
    assert m.state is Connectivity.DEGRADED
    m.report_failure(fake_clock.now(), "api_unreachable", unreachable=True)
    assert m.state is Connectivity.OFFLINE


def test_recovery_is_offered_never_silent(fake_clock: FakeClock) -> None:
    m = ConnectivityMachine(offline_after_failures=1, recover_after_successes=2)
    m.report_failure(fake_clock.now(), unreachable=True)
    assert m.state is Connectivity.OFFLINE
    m.report_success(fake_clock.now())
    assert m.state is Connectivity.OFFLINE
    m.report_success(fake_clock.now())
    assert m.state is Connectivity.RECOVERING
    for _ in range(5):
        m.report_success(fake_clock.now())
    assert m.state is Connectivity.RECOVERING  # health alone never makes it ONLINE
    change = m.accept_online(BARISTA, fake_clock.now())
    assert m.state is Connectivity.ONLINE and change.actor_id == "b1"
    assert change.reason is Reason.ACCEPTED_BY_STAFF


def test_failure_while_recovering_goes_back_offline(fake_clock: FakeClock) -> None:
    m = ConnectivityMachine(offline_after_failures=1, recover_after_successes=1)
    m.report_failure(fake_clock.now(), unreachable=True)
    m.report_success(fake_clock.now())
    m.report_failure(fake_clock.now(), "reader_offline")  # any failure while recovering: stay offline
    assert m.state is Connectivity.OFFLINE
    with pytest.raises(ConnectivityError):
        m.accept_online(MANAGER, fake_clock.now())


def test_forcing_offline_needs_go_offline_permission(fake_clock: FakeClock) -> None:
    m = ConnectivityMachine(manager_pin_to_go_offline=True)
    with pytest.raises(PermissionDeniedError, match="manager"):
        m.force_offline(BARISTA, fake_clock.now(), reason="readers failing")
    change = m.force_offline(BARISTA, fake_clock.now(), reason="readers failing", approver=MANAGER)
    assert m.state is Connectivity.OFFLINE
    assert change.actor_id == "b1" and change.approver_id == "m1" and change.detail == "readers failing"
    assert m.history[-1] == change
    with pytest.raises(ConnectivityError):
        m.force_offline(MANAGER, fake_clock.now())


def test_without_manager_pin_setting_a_barista_may_go_offline(fake_clock: FakeClock) -> None:
    m = ConnectivityMachine(manager_pin_to_go_offline=False)
    m.force_offline(BARISTA, fake_clock.now())
    assert m.state.takes_offline_payments
