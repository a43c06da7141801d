"""RatePacer: per-endpoint token buckets with AIMD, driven by a FakeClock (no real sleeps)."""

from __future__ import annotations

import random

import pytest

from dripos_terminal.clock import FakeClock
from dripos_terminal.payments.rate_pacer import PacerSettings, RatePacer

PM = "POST /v1/payment_methods"
PI = "POST /v1/payment_intents"


def pacer(clock: FakeClock, **kw: float) -> RatePacer:
    return RatePacer(clock, random.Random(3), PacerSettings(**kw))  # type: ignore[arg-type]


def test_spaces_requests_at_the_configured_rate_per_endpoint() -> None:
    clock = FakeClock()
    p = pacer(clock)
    waits = [p.reserve(PM).wait for _ in range(5)]
    assert waits == pytest.approx([0.0, 0.04, 0.08, 0.12, 0.16])
    # another endpoint has its own lane
    assert p.reserve(PI).wait == 0.0


def test_sustained_rate_equals_the_configured_rate() -> None:
    clock = FakeClock()
    p = pacer(clock)
    start = clock.monotonic()
    for _ in range(250):
        slot = p.acquire(PM, clock.sleep)
        assert slot is not None
        p.on_success(slot)
    elapsed = clock.monotonic() - start
    assert 250 / elapsed == pytest.approx(25.0, rel=0.01)


def test_idle_time_is_not_banked_beyond_the_burst() -> None:
    clock = FakeClock()
    p = pacer(clock, burst=2.0)
    clock.advance(60)
    waits = [p.reserve(PM).wait for _ in range(3)]
    assert waits == pytest.approx([0.0, 0.0, 0.04])


def test_account_lane_caps_all_endpoints_together() -> None:
    clock = FakeClock()
    p = pacer(clock, account_rate=20.0, account_burst_s=0.0)
    waits = [p.reserve(ep).wait for ep in (PM, PI, PM, PI)]
    assert waits == pytest.approx([0.0, 0.05, 0.1, 0.15])


def test_429_cuts_the_rate_once_per_generation() -> None:
    clock = FakeClock()
    p = pacer(clock)
    clock.advance(10)  # goodput window is empty, so the cut is the largest allowed: max_cut
    a, b = p.reserve(PM), p.reserve(PM)
    assert p.on_rate_limited(a) is True
    cut = p.rate(PM)
    assert cut == pytest.approx(25.0 * PacerSettings().max_cut)
    assert p.on_rate_limited(b) is False  # sent at the old rate: not counted twice
    assert p.rate(PM) == cut
    assert p.rate(PI) == 25.0  # other endpoints untouched
    assert p.rate_limited == 2 and p.decreases == 1
    # the lane is re-spaced from now at the new rate
    assert p.reserve(PM).wait == pytest.approx(1.0 / cut)


def test_429_cut_follows_goodput_when_it_is_higher_than_the_floor() -> None:
    clock = FakeClock()
    p = pacer(clock)
    for _ in range(50):  # 2 s at 25/s: goodput 25/s
        slot = p.acquire(PM, clock.sleep)
        assert slot is not None
        p.on_success(slot)
    p.on_rate_limited(p.reserve(PM))
    assert p.rate(PM) == pytest.approx(12.5, rel=0.05)  # plain multiplicative decrease


def test_waiting_worker_rebooks_after_a_cut() -> None:
    clock = FakeClock()
    p = pacer(clock)
    first = p.reserve(PM)
    for _ in range(3):
        p.reserve(PM)  # three more workers booked ahead at 25/s

    def sleep(s: float) -> None:
        # while this worker waits, another one's request comes back 429
        if p.decreases == 0:
            p.on_rate_limited(first)
        clock.sleep(s)

    slot = p.acquire(PM, sleep)
    assert slot is not None and slot.generation == 1
    assert slot.at >= clock.monotonic() - 1e-9


def test_additive_increase_back_to_the_ceiling_and_never_above() -> None:
    clock = FakeClock()
    p = pacer(clock, min_rate=0.5)
    clock.advance(5)
    p.on_rate_limited(p.reserve(PM))
    low = p.rate(PM)
    for _ in range(20):
        slot = p.acquire(PM, clock.sleep)
        assert slot is not None
        p.on_success(slot)
    assert p.rate(PM) > low
    for _ in range(5000):
        slot = p.acquire(PM, clock.sleep)
        assert slot is not None
        p.on_success(slot)
    assert p.rate(PM) == 25.0


def test_growth_accelerates_with_time_since_the_last_429() -> None:
    def gained(quiet: float) -> float:
        clock = FakeClock()
        p = pacer(clock)
        clock.advance(5)
        p.on_rate_limited(p.reserve(PM))
        clock.advance(quiet)
        before = p.rate(PM)
        slot = p.reserve(PM)
        p.on_success(slot)
        return p.rate(PM) - before

    assert gained(20.0) > 2 * gained(0.0)


def test_floor_and_stop() -> None:
    clock = FakeClock()
    p = pacer(clock, min_rate=1.0)
    for _ in range(20):
        p.on_rate_limited(p.reserve(PM))
    assert p.rate(PM) == 1.0
    assert p.acquire(PM, clock.sleep, stopped=lambda: True) is None


def test_retry_delay_is_exponential_with_full_jitter_and_capped() -> None:
    clock = FakeClock()
    p = pacer(clock, retry_base_s=0.25, retry_cap_s=2.0)
    for retry, ceiling in [(0, 0.25), (1, 0.5), (2, 1.0), (3, 2.0), (10, 2.0)]:
        delays = [p.retry_delay(retry) for _ in range(200)]
        assert all(0.01 <= d <= ceiling for d in delays)
        assert max(delays) > ceiling * 0.8 and min(delays) < ceiling * 0.3  # jittered, not fixed


def test_settings_are_validated() -> None:
    with pytest.raises(ValueError):
        PacerSettings(initial_rate=30.0, max_rate=25.0)
    with pytest.raises(ValueError):
        PacerSettings(decrease=1.0)


def test_account_rate_follows_the_key_mode() -> None:
    from dripos_terminal.payments.rate_pacer import pacing_for_key

    assert pacing_for_key("sk_test_abc").account_rate == 25.0
    assert pacing_for_key("rk_test_abc").account_rate == 25.0
    assert pacing_for_key("sk_live_abc").account_rate == 100.0
