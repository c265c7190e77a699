"""Per-message log lines that come at most once per interval and key, counting the ones left out.

A flood (malformed commands, undeliverable messages, a subscriber failing on every message) must not
become a flood of log lines; the line that is logged says how many like it were not.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable


class LogThrottle:
    """``allow(key)`` is ``None`` while a line of ``key`` was logged less than ``interval_s`` ago (the event
    is counted), else the number of events of ``key`` not logged since the last line. Thread-safe."""

    def __init__(self, interval_s: float, *, max_keys: int = 64, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval_s = interval_s
        self.max_keys = max_keys
        """Keys kept at most (the keys may come from what the messages say): past it, all are forgotten."""
        self._clock = clock
        self._lock = threading.Lock()
        self._logged: dict[Hashable, tuple[float, int]] = {}

    def allow(self, key: Hashable) -> int | None:
        now = self._clock()
        with self._lock:
            last_s, not_logged = self._logged.get(key, (-1e18, 0))
            if now - last_s < self.interval_s:
                self._logged[key] = (last_s, not_logged + 1)
                return None
            if key not in self._logged and len(self._logged) >= self.max_keys:
                self._logged.clear()
            self._logged[key] = (now, 0)
            return not_logged
