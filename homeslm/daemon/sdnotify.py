"""systemd's notification protocol (``sd_notify``) over ``$NOTIFY_SOCKET``, without a dependency.

With ``Type=notify`` systemd waits for ``READY=1`` before it considers the service started, shows the
last ``STATUS=`` line in ``systemctl status``, and with ``WatchdogSec=`` restarts the service when
``WATCHDOG=1`` stops arriving (``$WATCHDOG_USEC`` says how often it is expected).

Outside systemd (no ``$NOTIFY_SOCKET``) every call does nothing. Sending never raises: a lost
notification is logged at DEBUG and must never take the daemon down.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

logger = logging.getLogger(__name__)


class Notifier:
    """Sends ``KEY=value`` lines to the service manager's notification socket.

    :param environ: where ``NOTIFY_SOCKET``, ``WATCHDOG_USEC`` and ``WATCHDOG_PID`` are read
        (default ``os.environ``); read once, here.
    :param pid: this process's id, compared with ``WATCHDOG_PID`` (default ``os.getpid()``).
    """

    def __init__(self, environ: Mapping[str, str] | None = None, *, pid: int | None = None) -> None:
        env = os.environ if environ is None else environ
        self.address: str | None = _address(env.get("NOTIFY_SOCKET", ""))
        self.watchdog_interval_s: float | None = _watchdog_interval_s(env, os.getpid() if pid is None else pid)
        """How often systemd expects ``WATCHDOG=1`` (``WATCHDOG_USEC``), or ``None`` without a watchdog."""

    @property
    def enabled(self) -> bool:
        """Whether a notification socket was given."""
        return self.address is not None

    def notify(self, *lines: str) -> bool:
        """Send ``lines`` (``"READY=1"``, ``"STATUS=..."``) in one datagram; ``True`` when sent."""
        if self.address is None or not lines:
            return False
        message = "\n".join(line.replace("\n", " ") for line in lines).encode("utf-8")
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.sendto(message, self.address)
        except OSError as exc:  # the manager went away or the socket is not ours to write: never fatal
            logger.debug("sd_notify %r to %r failed: %s", lines, self.address, exc)
            return False
        return True

    def ready(self, status: str | None = None) -> bool:
        """``READY=1`` (and a status line): start-up, or the end of a reload, is complete."""
        return self.notify("READY=1", *([f"STATUS={status}"] if status else []))

    def reloading(self, status: str | None = None) -> bool:
        """``RELOADING=1``: a configuration reload has begun (follow with :meth:`ready`)."""
        return self.notify("RELOADING=1", *([f"STATUS={status}"] if status else []))

    def stopping(self, status: str | None = None) -> bool:
        """``STOPPING=1``: the service is shutting down."""
        return self.notify("STOPPING=1", *([f"STATUS={status}"] if status else []))

    def status(self, text: str) -> bool:
        """``STATUS=<text>``: one line for ``systemctl status``."""
        return self.notify(f"STATUS={text}")

    def watchdog(self) -> bool:
        """``WATCHDOG=1``: still alive. Does nothing when systemd asked for no watchdog."""
        if self.watchdog_interval_s is None:
            return False
        return self.notify("WATCHDOG=1")


def _address(value: str) -> str | None:
    """``@name`` is an abstract socket (leading NUL); a path is used as it is."""
    if not value:
        return None
    if value.startswith("@"):
        return "\0" + value[1:]
    if value.startswith("/"):
        return value
    logger.warning("NOTIFY_SOCKET=%r is neither an absolute path nor an abstract '@name'; not notifying systemd", value)
    return None


def _watchdog_interval_s(env: Mapping[str, str], pid: int) -> float | None:
    usec = env.get("WATCHDOG_USEC", "")
    if not usec:
        return None
    watchdog_pid = env.get("WATCHDOG_PID", "")
    if watchdog_pid and watchdog_pid.strip() != str(pid):
        return None  # meant for another process (we were started by the watched one)
    try:
        value = int(usec)
    except ValueError:
        logger.warning("WATCHDOG_USEC=%r is not a number of microseconds; watchdog disabled", usec)
        return None
    return value / 1e6 if value > 0 else None
