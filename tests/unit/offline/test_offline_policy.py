from __future__ import annotations

from datetime import timedelta

from dripos_terminal.clock import FakeClock
from dripos_terminal.config import OfflineConfig
from dripos_terminal.domain.offline_policy import (
    Cap,
    OfflineLimits,
    StoredPayment,
    Verdict,
    WarningLevel,
    check_capture,
    summarize,
)

LIMITS = OfflineLimits(
    per_payment_cap_minor=10_000, total_cap_minor=20_000, count_cap=3, manager_override_caps=False
)


def test_limits_from_config() -> None:
    limits = OfflineLimits.from_config(OfflineConfig(max_age_hours=24, warn_after_hours=12, count_cap=7))
    assert limits.max_age == timedelta(hours=24) and limits.warn_after == timedelta(hours=12)
    assert limits.count_cap == 7


def test_each_cap_refuses_with_a_clear_message(fake_clock: FakeClock) -> None:
    now = fake_clock.now()
    empty = summarize([], now, LIMITS)
    assert check_capture(10_000, empty, now, LIMITS).allowed
    d = check_capture(49, empty, now, LIMITS)
    assert d.verdict is Verdict.REFUSED and "at least $0.50" in d.message
    d = check_capture(10_001, empty, now, LIMITS)
    assert d.verdict is Verdict.REFUSED and d.breached == (Cap.PER_PAYMENT,)
    assert "limited to $100.00 each" in d.message and "Take cash" in d.message

    two = summarize([StoredPayment(9_000, now), StoredPayment(9_000, now)], now, LIMITS)
    d = check_capture(2_500, two, now, LIMITS)
    assert d.breached == (Cap.TOTAL,) and "$200.00 in total ($20.00 left)" in d.message

    three = summarize([StoredPayment(100, now)] * 3, now, LIMITS)
    d = check_capture(100, three, now, LIMITS)
    assert d.breached == (Cap.COUNT,) and "3 offline payments" in d.message

    old = summarize([StoredPayment(100, now - timedelta(hours=24))], now, LIMITS)
    d = check_capture(100, old, now, LIMITS)
    assert d.breached == (Cap.AGE,) and "24-hour deadline" in d.message


def test_manager_override_where_configured(fake_clock: FakeClock) -> None:
    limits = OfflineLimits(per_payment_cap_minor=1_000, manager_override_caps=True)
    d = check_capture(1_500, summarize([], fake_clock.now(), limits), fake_clock.now(), limits)
    assert d.verdict is Verdict.NEEDS_OVERRIDE and "A manager can allow it" in d.message


def test_warning_from_12h_and_countdown_to_24h(fake_clock: FakeClock) -> None:
    limits = OfflineLimits()
    stored = [StoredPayment(450, fake_clock.now()), StoredPayment(300, fake_clock.now() + timedelta(hours=1))]
    fake_clock.advance(3600 * 11 + 60 * 59)
    s = summarize(stored, fake_clock.now(), limits)
    assert s.warning is WarningLevel.NONE and s.count == 2 and s.total_minor == 750
    assert s.countdown_text() == "Forward within 12 h 01 min"
    fake_clock.advance(60)
    s = summarize(stored, fake_clock.now(), limits)
    assert s.warning is WarningLevel.WARN and s.countdown_text() == "Forward within 12 h 00 min"
    assert s.deadline == stored[0].stored_at + timedelta(hours=24)
    fake_clock.advance(3600 * 11 + 60 * 30)
    assert summarize(stored, fake_clock.now(), limits).warning is WarningLevel.URGENT
    fake_clock.advance(3600)
    s = summarize(stored, fake_clock.now(), limits)
    assert s.warning is WarningLevel.OVERDUE and s.countdown_text() == "Forward now: 0 h 30 min overdue"
    assert "2 offline payments stored ($7.50)" in s.banner_text()
