"""The daemon's signal handlers: SIGTERM and SIGINT stop it, SIGHUP reloads its config.

The handlers only call the given callbacks, which only set flags that the daemon's main loop polls
(taking a lock in a handler can deadlock)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType


def install_signals(on_stop: Callable[[], None], on_reload: Callable[[], None]) -> Callable[[], None]:
    """Route SIGTERM and SIGINT to ``on_stop`` and SIGHUP to ``on_reload``; returns a function that puts the
    previous handlers back. Off the main thread (signals reach only the main thread) nothing is installed."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None  # signals reach only the main thread; run() elsewhere is stopped by stop()

    def stop_handler(signum: int, frame: FrameType | None) -> None:
        # Only flags here: the main loop polls them (taking a lock in a handler can deadlock).
        on_stop()

    def reload_handler(signum: int, frame: FrameType | None) -> None:
        on_reload()

    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    signal.signal(signal.SIGTERM, stop_handler)
    signal.signal(signal.SIGINT, stop_handler)
    signal.signal(signal.SIGHUP, reload_handler)

    def restore() -> None:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    return restore
