"""Watching the daemon as systemd would: its ``sd_notify`` messages (READY, STATUS, WATCHDOG) on a socket
of our own, and its resident memory."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path


class NotifySocket:
    """A ``NOTIFY_SOCKET`` of our own: what the daemon tells systemd (READY, STATUS, WATCHDOG)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        path.unlink(missing_ok=True)  # left by an earlier run in the same --keep directory
        self.sock.bind(str(path))
        self.sock.settimeout(0.2)
        self.ready_at: float | None = None
        self.ready_count = 0
        """READY=1 messages received (a daemon started again after a SIGKILL sends another)."""
        self.watchdog_pings = 0
        self.status = ""
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._read, name="soak-notify", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.sock.recv(4096).decode("utf-8", "replace")
            except TimeoutError:
                continue
            except OSError:
                return
            for line in data.splitlines():
                if line == "READY=1":
                    self.ready_count += 1
                    if self.ready_at is None:
                        self.ready_at = time.monotonic()
                        self._ready.set()
                elif line == "WATCHDOG=1":
                    self.watchdog_pings += 1
                elif line.startswith("STATUS="):
                    self.status = line[len("STATUS="):]

    def wait_ready(self, timeout_s: float, alive: Callable[[], bool]) -> bool:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and alive():
            if self._ready.wait(0.2):
                return True
        return self._ready.is_set()

    def wait_ready_count(self, count: int, timeout_s: float, alive: Callable[[], bool]) -> bool:
        """Wait until ``count`` READY messages in all have come (a restarted daemon's READY)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and alive():
            if self.ready_count >= count:
                return True
            time.sleep(0.05)
        return self.ready_count >= count

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2.0)
        self.sock.close()


class RssSampler:
    """Samples the daemon's resident memory twice a second."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.process = psutil.Process(pid)
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="soak-rss", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def now_mb(self) -> float:
        return float(self.process.memory_info().rss) / 2**20

    def _run(self) -> None:
        import psutil

        while not self._stop.wait(0.5):
            try:
                self.samples.append((time.monotonic(), int(self.process.memory_info().rss)))
            except psutil.Error:
                return

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(2.0)

    def max_mb(self) -> float:
        return max((rss for _, rss in self.samples), default=0) / 2**20
