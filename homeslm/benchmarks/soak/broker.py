"""The soak's broker: mosquitto on a free loopback port with persistence (also used by ``homeslm bench voice``)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

LOOPBACK = "127.0.0.1"


# --------------------------------------------------------------------------------------------------
# The broker


class Broker:
    """mosquitto on loopback with persistence (sessions and queued messages survive a restart)."""

    def __init__(self, workdir: Path, executable: str | None = None) -> None:
        self.workdir = workdir
        self.executable = executable or shutil.which("mosquitto") or "/usr/sbin/mosquitto"
        self.port = _free_port()
        self.log_file = workdir / "mosquitto.log"
        self.config_file = workdir / "mosquitto.conf"
        import pwd

        self.config_file.write_text("\n".join([
            f"user {pwd.getpwuid(os.getuid()).pw_name}",
            f"listener {self.port} {LOOPBACK}",
            "allow_anonymous true",
            "persistence true",
            f"persistence_location {workdir}/",
            "persistence_file mosquitto.db",
            "autosave_interval 0",
            "max_queued_messages 100000",
            f"log_dest file {self.log_file}",
            "connection_messages true",
        ]) + "\n")
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout_s: float = 10.0) -> None:
        if not Path(self.executable).exists():
            raise SystemExit(f"mosquitto not found ({self.executable}); install it: apt install mosquitto")
        with open(self.workdir / "mosquitto.stderr", "ab") as err:
            self._proc = subprocess.Popen([self.executable, "-c", str(self.config_file)], stdout=err, stderr=err,
                                          stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout_s
        while True:
            if self._proc.poll() is not None:
                raise SystemExit(f"mosquitto exited with {self._proc.returncode}; see {self.log_file}")
            try:
                with socket.create_connection((LOOPBACK, self.port), timeout=0.5):
                    return
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit(f"mosquitto did not accept connections within {timeout_s} s") from None
                time.sleep(0.02)

    def stop(self, timeout_s: float = 10.0) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()  # SIGTERM: mosquitto saves its database
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=timeout_s)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])
