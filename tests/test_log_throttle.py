"""homeslm.log_throttle: one log line per interval and key, counting the ones left out."""

from __future__ import annotations

from homeslm.log_throttle import LogThrottle


def test_one_line_per_interval_and_key_counting_those_left_out() -> None:
    now = [0.0]
    throttle = LogThrottle(60.0, clock=lambda: now[0])
    assert throttle.allow("bad json") == 0
    assert [throttle.allow("bad json") for _ in range(3)] == [None, None, None]
    assert throttle.allow("not utf-8") == 0  # another key is logged at once
    now[0] = 60.0
    assert throttle.allow("bad json") == 3  # the next line says how many were not logged


def test_the_keys_kept_are_bounded() -> None:
    throttle = LogThrottle(60.0, max_keys=2, clock=lambda: 0.0)
    assert throttle.allow("a") == 0 and throttle.allow("b") == 0
    assert throttle.allow("c") == 0  # past max_keys everything is forgotten, so "a" logs again
    assert throttle.allow("a") == 0
