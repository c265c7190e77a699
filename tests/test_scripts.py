"""scripts/: ``bootstrap.sh`` (what ``make run`` / ``make test`` set up) and ``run-local.sh`` (``make run``),
run for real on a copy of the repository's layout with a fake ``PATH``: the commands they would run on a
fresh machine (``apt-get``, ``mosquitto``, ``homeslm``) are small scripts that record how they were called.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def fake_command(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)


def script_copy(tmp_path: Path, name: str) -> Path:
    """``scripts/<name>`` copied into ``tmp_path/repo/scripts``: it ``cd``s to ``tmp_path/repo``, not this checkout."""
    scripts = tmp_path / "repo" / "scripts"
    scripts.mkdir(parents=True)
    shutil.copy2(REPO / "scripts" / name, scripts / name)
    return scripts / name


def fake_path(bin_dir: Path) -> str:
    """The fake commands first, then only what the scripts need of the system (bash, dirname, cat)."""
    system = bin_dir.parent / "system-bin"
    system.mkdir()
    for tool in ("bash", "dirname", "cat", "sh"):
        found = shutil.which(tool)
        assert found is not None, f"{tool} is needed to run the scripts"
        (system / tool).symlink_to(found)
    return f"{bin_dir}:{system}"


def test_bootstrap_waits_for_the_dpkg_lock_of_unattended_upgrades(tmp_path: Path) -> None:
    script = script_copy(tmp_path, "bootstrap.sh")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "apt-calls"
    fake_command(bin_dir, "dpkg", "exit 1\n")  # nothing installed: a fresh machine
    fake_command(bin_dir, "id", "echo 0\n")  # root: no sudo
    fake_command(bin_dir, "apt-get", f'echo "$*" >> {calls}\n')
    # Stop right after the packages: the venv step would install for real.
    fake_command(bin_dir, "python3-missing", "echo 'no python here' >&2; exit 3\n")
    env = {"PATH": fake_path(bin_dir), "PYTHON": "python3-missing", "HOME": str(tmp_path)}
    done = subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 3, done.stderr
    lines = calls.read_text().splitlines()
    assert len(lines) == 2 and " update" in lines[0] and " install " in lines[1], lines
    for line in lines:
        assert "-o DPkg::Lock::Timeout=600" in line, f"apt-get must wait for the dpkg lock: {line}"
    assert "mosquitto" in lines[1] and "install -y" in lines[1]

    env["BOOTSTRAP_LOCK_TIMEOUT_S"] = "30"
    calls.unlink()
    subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True, timeout=60)
    assert all("-o DPkg::Lock::Timeout=30" in line for line in calls.read_text().splitlines())


def broker_listens_on_1883() -> bool:
    with socket.socket() as probe:
        probe.settimeout(1.0)
        return probe.connect_ex(("127.0.0.1", 1883)) == 0


def test_run_local_says_how_to_stop_the_mosquitto_it_started(tmp_path: Path) -> None:
    if broker_listens_on_1883():
        pytest.skip("a broker listens on localhost:1883 here, so run-local.sh starts none")
    script = script_copy(tmp_path, "run-local.sh")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    started = tmp_path / "mosquitto-pid"
    fake_command(bin_dir, "mosquitto", f'echo "$$ $*" > {started}\n')
    homeslm = tmp_path / "repo" / ".venv" / "bin"
    homeslm.mkdir(parents=True)
    fake_command(homeslm, "homeslm", f'echo "$*" > {tmp_path / "homeslm-args"}\n')
    env = {"PATH": fake_path(bin_dir), "HOME": str(tmp_path), "TMPDIR": str(tmp_path)}
    done = subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "homeslm-args").read_text().split() == ["-v", "run", "--config", "config/homeslm.yaml"]
    # The fake broker ran in the background; the message names its pid and the command that stops it.
    deadline = time.monotonic() + 10.0
    while not (started.exists() and started.read_text().endswith("\n")):
        assert time.monotonic() < deadline, "the fake mosquitto was not started"
        time.sleep(0.02)
    pid, *args = started.read_text().split()
    assert args == ["-p", "1883"]
    assert f"started mosquitto (pid {pid}" in done.stderr
    assert f"stop it with: kill {pid}" in done.stderr
