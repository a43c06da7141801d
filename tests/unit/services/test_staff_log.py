"""The log names staff by id, never by name: a log file leaves the till (support tickets, backups)."""

from __future__ import annotations

import logging

import pytest

from dripos_terminal.domain.staff import Permission, Role
from tests.unit.services.services_shop import Shop


def test_staff_actions_log_ids_not_names(shop: Shop, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="dripos_terminal")
    added = shop.staff.add_member("Priyanka Example", Role.BARISTA, "4321")
    shop.staff.login("4321")
    shop.staff.authorize(added, Permission.REFUND, override_pin="9999")
    shop.staff.set_active(shop.manager, added.staff_id, False)
    text = caplog.text
    assert added.staff_id in text and "alex" in text  # the events were logged, by id
    for name in ("Priyanka", "Example", "Alex", "Sam"):
        assert name not in text
