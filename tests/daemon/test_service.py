"""The systemd service: the unit's hardening (systemd-analyze), its contract with the CLI, the
sysusers/tmpfiles snippets applied for real (``--root``), ``homeslm install-service``, and the reason
``MemoryDenyWriteExecute=`` is off (checked with the kernel's own W^X switch, ``PR_SET_MDWE``)."""

from __future__ import annotations

import os
import platform
import re
import shlex
import shutil
import signal
import socket
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from homeslm import cli
from homeslm.daemon import service
from homeslm.errors import HomeslmError

REPO = Path(__file__).resolve().parents[2]
UNIT = REPO / "systemd" / "homeslm.service"
SYSUSERS = REPO / "systemd" / "homeslm.sysusers.conf"
TMPFILES = REPO / "systemd" / "homeslm.tmpfiles.conf"
EXAMPLE = REPO / "config" / "homeslm.yaml"
MAX_EXPOSURE = 2.5
ANALYZE = shutil.which("systemd-analyze")
STRACE = shutil.which("strace")
SYSUSERS_TOOL = shutil.which("systemd-sysusers")
TMPFILES_TOOL = shutil.which("systemd-tmpfiles")


def unit_entries(text: str) -> list[tuple[str, str, str]]:
    """``(section, key, value)`` for every assignment of a unit file, in order (keys may repeat)."""
    entries = []
    section = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        key, sep, value = line.partition("=")
        if not sep:
            raise AssertionError(f"not an assignment in the unit: {raw!r}")
        entries.append((section, key.strip(), value.strip()))
    return entries


def setting(text: str, key: str, section: str = "Service") -> list[str]:
    return [v for s, k, v in unit_entries(text) if s == section and k == key]


def venv_homeslm() -> str:
    return service.default_exec_command()


def rendered_unit(tmp_path: Path) -> Path:
    """The unit as install-service writes it (ExecStart = this homeslm), so that verify finds the program."""
    path = tmp_path / "homeslm.service"
    path.write_text(service.render_unit(UNIT.read_text(), venv_homeslm()))
    return path


def analyze(*args: str) -> subprocess.CompletedProcess[str]:
    assert ANALYZE is not None
    return subprocess.run([ANALYZE, *args], capture_output=True, text=True, timeout=60, check=False)


def require_offline_analyze() -> None:
    if ANALYZE is None:
        pytest.skip("systemd-analyze is not installed (Debian package 'systemd')")
    help_text = analyze("security", "--help").stdout
    if "--offline" not in help_text:
        pytest.skip("this systemd-analyze has no 'security --offline' (needs systemd 250 or newer)")


# --------------------------------------------------------------------------------------------------
# systemd-analyze


def test_unit_exposure_is_at_most_2_5(tmp_path: Path) -> None:
    require_offline_analyze()
    for unit in (UNIT, rendered_unit(tmp_path)):
        result = analyze("security", "--offline=true", "--no-pager", str(unit))
        assert result.returncode == 0, result.stderr
        match = re.search(r"Overall exposure level for homeslm\.service: (\d+(?:\.\d+)?)", result.stdout)
        assert match, f"no overall exposure line in:\n{result.stdout[-2000:]}"
        exposure = float(match.group(1))
        assert exposure <= MAX_EXPOSURE, f"{unit}: exposure {exposure} > {MAX_EXPOSURE}:\n{result.stdout}"
        complaints = [line for line in result.stderr.splitlines() if "homeslm.service" in line]
        assert complaints == [], "systemd did not accept every line of the unit:\n" + "\n".join(complaints)


def test_exposure_check_fails_for_a_weak_unit(tmp_path: Path) -> None:
    """The exposure parsing above can fail: a unit without the hardening scores far above 2.5."""
    require_offline_analyze()
    weak = tmp_path / "homeslm.service"
    weak.write_text("[Unit]\nDescription=weak\n[Service]\nType=notify\nExecStart=/bin/true\n")
    result = analyze("security", "--offline=true", "--no-pager", str(weak))
    match = re.search(r"Overall exposure level for homeslm\.service: (\d+(?:\.\d+)?)", result.stdout)
    assert match and float(match.group(1)) > 8.0


def test_unit_verifies_without_warnings(tmp_path: Path) -> None:
    if ANALYZE is None:
        pytest.skip("systemd-analyze is not installed (Debian package 'systemd')")
    unit = rendered_unit(tmp_path)
    result = analyze("verify", "--man=no", str(unit))
    assert result.returncode == 0, result.stderr
    problems = [line for line in result.stderr.splitlines() if "homeslm.service" in line]
    assert problems == [], "\n".join(problems)
    broken = tmp_path / "broken" / "homeslm.service"
    broken.parent.mkdir()
    broken.write_text(unit.read_text().replace("Restart=on-failure", "Restart=on-failure\nRestartt=always"))
    result = analyze("verify", "--man=no", str(broken))
    assert any("Unknown key" in line and "Restartt" in line for line in result.stderr.splitlines()), result.stderr


# --------------------------------------------------------------------------------------------------
# The unit's contract with the daemon and the CLI


def test_unit_runs_the_daemon_as_a_notify_service_with_a_watchdog() -> None:
    text = UNIT.read_text()
    assert setting(text, "Type") == ["notify"]
    assert setting(text, "NotifyAccess") == ["main"]
    assert int(setting(text, "WatchdogSec")[0]) >= 10
    assert setting(text, "Restart") == ["on-failure"]
    assert setting(text, "ExecReload") == ["/bin/kill -HUP $MAINPID"]
    # a configuration error (exit status 2) is not retried every RestartSec
    assert setting(text, "RestartPreventExitStatus") == [str(cli.EXIT_CONFIG)]
    assert setting(text, "User") == ["homeslm"] and setting(text, "SupplementaryGroups") == ["audio"]
    assert setting(text, "StateDirectory") == ["homeslm"] and setting(text, "ConfigurationDirectory") == ["homeslm"]


def test_exec_start_is_a_valid_homeslm_run_command_line() -> None:
    (exec_start,) = setting(UNIT.read_text(), "ExecStart")
    program, *arguments = shlex.split(exec_start)
    assert program.startswith("/")
    args = cli.build_parser().parse_args(arguments)
    assert args.func is cli._cmd_run
    assert args.config == "/etc/homeslm/homeslm.yaml"


def test_the_unit_grants_the_sound_card_and_nothing_else() -> None:
    text = UNIT.read_text()
    assert setting(text, "DevicePolicy") == ["closed"]
    assert setting(text, "DeviceAllow") == ["char-alsa rw"]
    assert setting(text, "CapabilityBoundingSet") == [""]
    assert setting(text, "RestrictAddressFamilies") == ["AF_UNIX AF_INET AF_INET6"]


# --------------------------------------------------------------------------------------------------
# sysusers / tmpfiles snippets, applied for real under --root


def _passwd(root: Path) -> dict[str, list[str]]:
    return {line.split(":")[0]: line.split(":") for line in (root / "etc/passwd").read_text().splitlines() if line}


def _groups(root: Path) -> dict[str, list[str]]:
    return {line.split(":")[0]: line.split(":") for line in (root / "etc/group").read_text().splitlines() if line}


def test_install_service_into_a_prefix_creates_user_directories_and_config(tmp_path: Path) -> None:
    if SYSUSERS_TOOL is None or TMPFILES_TOOL is None:
        pytest.skip("systemd-sysusers/systemd-tmpfiles are not installed (Debian package 'systemd')")
    root = tmp_path / "root"
    (root / "etc").mkdir(parents=True)
    (root / "etc/group").write_text("root:x:0:\naudio:x:29:\n")
    (root / "etc/passwd").write_text("root:x:0:0:root:/root:/bin/sh\n")
    lines: list[str] = []
    steps = service.install_service(prefix=root, exec_command="/opt/homeslm/bin/homeslm", report=lines.append)
    assert [s.what for s in steps] == ["write", "write", "write", "mkdir", "copy", "run", "run"]

    user = _passwd(root)["homeslm"]
    assert user[5:] == ["/var/lib/homeslm", "/usr/sbin/nologin"]
    groups = _groups(root)
    assert "homeslm" in groups["audio"][3].split(",")
    gid = int(groups["homeslm"][2])
    uid = int(user[2])

    config_dir = root / "etc/homeslm"
    info = config_dir.stat()
    assert stat.S_IMODE(info.st_mode) == 0o750 and (info.st_uid, info.st_gid) == (0, gid)
    config = config_dir / "homeslm.yaml"
    info = config.stat()
    assert stat.S_IMODE(info.st_mode) == 0o640 and (info.st_uid, info.st_gid) == (0, gid)
    assert config.read_text() == EXAMPLE.read_text()
    for state in ("var/lib/homeslm", "var/lib/homeslm/models", "var/cache/homeslm"):
        info = (root / state).stat()
        assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (uid, gid, 0o750), state

    unit = (root / "etc/systemd/system/homeslm.service").read_text()
    assert setting(unit, "ExecStart") == ["/opt/homeslm/bin/homeslm run --config /etc/homeslm/homeslm.yaml"]
    assert (root / "etc/sysusers.d/homeslm.conf").read_text() == SYSUSERS.read_text()
    assert (root / "etc/tmpfiles.d/homeslm.conf").read_text() == TMPFILES.read_text()
    assert any(line.startswith("ran systemd-sysusers --root=") for line in lines)


def test_reinstalling_keeps_the_config_and_updates_only_what_changed(tmp_path: Path) -> None:
    root = tmp_path / "root"
    first = service.install_service(prefix=root, exec_command="/opt/homeslm/bin/homeslm", apply=False, report=lambda _: None)
    assert [s.what for s in first] == ["write", "write", "write", "mkdir", "copy"]
    config = root / "etc/homeslm/homeslm.yaml"
    config.write_text("site: mine\n")
    again = service.install_service(prefix=root, exec_command="/opt/homeslm/bin/homeslm", apply=False, report=lambda _: None)
    assert [s.what for s in again] == ["unchanged", "unchanged", "unchanged", "keep"]
    assert config.read_text() == "site: mine\n"
    moved = service.install_service(prefix=root, exec_command="/usr/local/bin/homeslm", apply=False, report=lambda _: None)
    assert [s.what for s in moved] == ["write", "unchanged", "unchanged", "keep"]
    assert "ExecStart=/usr/local/bin/homeslm run " in (root / "etc/systemd/system/homeslm.service").read_text()


def test_install_service_installs_the_given_config(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text("site: attic\n")
    root = tmp_path / "root"
    service.install_service(prefix=root, config=mine, exec_command="/opt/homeslm/bin/homeslm", apply=False,
                            report=lambda _: None)
    assert (root / "etc/homeslm/homeslm.yaml").read_text() == "site: attic\n"


def test_dry_run_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "root"
    root.mkdir()
    assert cli.main(["install-service", "--dry-run", "--prefix", str(root), "--exec", "/opt/homeslm/bin/homeslm"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert list(root.iterdir()) == []
    assert out[0] == f"would write {root}/etc/systemd/system/homeslm.service"
    assert f"would copy {EXAMPLE} to {root}/etc/homeslm/homeslm.yaml" in "\n".join(out)
    if SYSUSERS_TOOL is not None:
        assert f"would run systemd-sysusers --root={root} homeslm.conf" in out


@pytest.mark.parametrize("place", ["/home/pi/homeslm/.venv/bin/homeslm", "/root/.venv/bin/homeslm", "/tmp/x/homeslm"])
def test_a_homeslm_the_service_cannot_see_is_refused(tmp_path: Path, place: str) -> None:
    with pytest.raises(HomeslmError, match="ProtectHome=yes") as info:
        service.install_service(prefix=tmp_path, exec_command=place, apply=False, report=lambda _: None)
    assert "/opt/homeslm" in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_a_relative_exec_is_refused(tmp_path: Path) -> None:
    with pytest.raises(HomeslmError, match="absolute path"):
        service.install_service(prefix=tmp_path, exec_command="homeslm", apply=False, report=lambda _: None)


def test_a_directory_that_is_not_a_checkout_is_named(tmp_path: Path) -> None:
    with pytest.raises(HomeslmError, match=r"not a homeslm checkout \(missing systemd/homeslm.service"):
        service.install_service(prefix=tmp_path / "root", source=tmp_path, exec_command="/opt/homeslm/bin/homeslm")


def test_paths_with_spaces_are_quoted_for_systemd() -> None:
    unit = service.render_unit(UNIT.read_text(), service._quote("/opt/my homeslm/bin/homeslm"))
    (exec_start,) = setting(unit, "ExecStart")
    assert shlex.split(exec_start)[:2] == ["/opt/my homeslm/bin/homeslm", "run"]


def test_installing_into_the_real_root_needs_root(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("running as root: installing into / would really install")
    with pytest.raises(HomeslmError, match="needs root"):
        service.install_service(exec_command="/opt/homeslm/bin/homeslm", report=lambda _: None)


# --------------------------------------------------------------------------------------------------
# MemoryDenyWriteExecute=: why it is off, shown with the kernel's W^X switch (prctl PR_SET_MDWE, Linux 6.3+)


_MDWE_PRELUDE = textwrap.dedent(
    """
    import ctypes, mmap, sys
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(65, 1, 0, 0, 0) != 0:  # PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN
        print("NO-MDWE"); sys.exit(0)
    try:
        mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
        print("NO-MDWE"); sys.exit(0)
    except OSError:
        pass
    """
)


def _python(body: str, *, mdwe: bool, env: dict[str, str] | None = None, timeout_s: float = 120) -> str:
    """Run ``body`` in a fresh interpreter, under the kernel's W^X switch when ``mdwe``; its stdout."""
    code = (_MDWE_PRELUDE if mdwe else "") + textwrap.dedent(body)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout_s, cwd=REPO,
                            env=env, check=False)
    if "NO-MDWE" in result.stdout:
        pytest.skip("this kernel has no PR_SET_MDWE (Linux 6.3+) to emulate MemoryDenyWriteExecute=")
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


_OPEN_MICROPHONE = """
    import sounddevice
    try:
        sounddevice.InputStream(samplerate=16000, channels=1, dtype="int16", callback=lambda *a: None).close()
        print("OPENED")
    except MemoryError as exc:
        print("MEMORY-ERROR", exc)
    """


def test_microphone_callbacks_need_write_execute_memory_so_the_unit_allows_it(tmp_path: Path) -> None:
    pytest.importorskip("sounddevice", reason="sounddevice (homeslm[voice]) is not installed")
    # A sound card without hardware: ALSA's null device as the default PCM (read from $HOME/.asoundrc).
    (tmp_path / ".asoundrc").write_text("pcm.!default { type null }\n")
    env = {**os.environ, "HOME": str(tmp_path)}
    assert _python(_OPEN_MICROPHONE, mdwe=False, env=env).startswith("OPENED")
    out = _python(_OPEN_MICROPHONE, mdwe=True, env=env)
    assert out.startswith("MEMORY-ERROR") and "write+execute" in out, out
    assert setting(UNIT.read_text(), "MemoryDenyWriteExecute") in ([], ["no"])


_UNDERSTAND = """
    import json, sys
    from homeslm.config.loader import config_from_dict
    from homeslm.understanding.backend import write_execute_denied
    from homeslm.errors import ModelSelfCheckError
    from homeslm.daemon.build import build_understander
    print("W^X", write_execute_denied())
    config = config_from_dict({"areas": ["kitchen"], "devices": [
        {"name": "ceiling light", "area": "kitchen", "type": "light", "plugin": "zigbee2mqtt", "topic": "k"}]})
    try:
        und = build_understander(config)
    except ModelSelfCheckError as exc:
        print("REFUSED", exc)
        sys.exit(0)
    result = und.understand("turn on the ceiling light").result
    print("UNDERSTOOD", [(i.action, i.device) for i in result.intents])
    """


def _env_without_backend_choice(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CT2_USE_MKL"}
    return {**env, **extra}


def _require_model() -> None:
    from homeslm.understanding.model import REQUIRED_FILES, default_model_dir

    model_dir = default_model_dir()
    if any(not (model_dir / name).is_file() for name in REQUIRED_FILES):
        pytest.skip(f"the shipped intent model is not in {model_dir} yet")


def test_the_intent_model_runs_without_write_execute_memory() -> None:
    """What docs/service.md promises: a text-only daemon may add MemoryDenyWriteExecute=yes, on every CPU.

    CTranslate2's default backend differs by CPU vendor (MKL on Intel, oneDNN's JIT on AMD); homeslm
    selects MKL on x86-64 when W+X memory is denied, so the answer is the same whichever CI lands on."""
    _require_model()
    out = _python(_UNDERSTAND, mdwe=True, env=_env_without_backend_choice())
    assert out.startswith("W^X True"), out
    assert "UNDERSTOOD [('turn_on', 'ceiling light')]" in out, out


def test_a_backend_that_cannot_run_under_wx_is_refused_at_load_never_silent_garbage() -> None:
    """oneDNN (what AMD CPUs get, forced here with CT2_USE_MKL=0 on any vendor) writes garbage without
    W+X memory; the self-check on the sentences training recorded refuses the model and says why."""
    _require_model()
    out = _python(_UNDERSTAND, mdwe=True, env=_env_without_backend_choice(CT2_USE_MKL="0"))
    assert out.startswith("W^X True"), out
    if platform.machine().lower() in ("x86_64", "amd64"):  # oneDNN on x86-64 is JIT only
        assert "REFUSED" in out, out
        assert "failed its self-check" in out and "MemoryDenyWriteExecute" in out and "CT2_USE_MKL=0" in out, out
    else:  # ARM64: ruy and OpenBLAS generate no code, so the model is right or refused, never garbage
        assert "REFUSED" in out or "UNDERSTOOD [('turn_on', 'ceiling light')]" in out, out


def test_the_daemon_refuses_to_start_on_a_backend_that_computes_wrongly(tmp_path: Path) -> None:
    """`homeslm run` on that backend exits 2 (the unit's RestartPreventExitStatus) with the reason."""
    _require_model()
    config = tmp_path / "home.yaml"
    config.write_text("mqtt: {host: 127.0.0.1, port: 1}\nareas: [kitchen]\ndevices: []\n")
    out = _python(
        f"""
        import sys
        from homeslm import cli
        sys.stderr = sys.stdout  # the error line, read below
        code = cli.main(["run", "--config", {str(config)!r}])
        print("EXIT", code)
        """,
        mdwe=True, env=_env_without_backend_choice(CT2_USE_MKL="0"),
    )
    if platform.machine().lower() not in ("x86_64", "amd64"):
        pytest.skip("oneDNN is the backend that needs W+X memory, and only x86-64 has it")
    assert out.strip().endswith("EXIT 2"), out
    assert "failed its self-check" in out and "Refusing to serve" in out, out
    assert setting(UNIT.read_text(), "RestartPreventExitStatus") == ["2"]


# --------------------------------------------------------------------------------------------------
# SystemCallFilter=: every system call the real daemon makes is allowed by the unit


def syscall_groups() -> dict[str, list[str]]:
    """``systemd-analyze syscall-filter``: each ``@group`` and its members (names and ``@groups``)."""
    out = analyze("syscall-filter", "--no-pager").stdout
    groups: dict[str, list[str]] = {}
    current: str | None = None
    for line in out.splitlines():
        if line.startswith("@"):
            current = line.strip()
            groups[current] = []
        elif line.startswith("    ") and current is not None and not line.strip().startswith("#"):
            groups[current].append(line.strip())
        elif not line.strip():
            current = None
    return groups


def allowed_syscalls(unit_text: str, groups: dict[str, list[str]]) -> set[str]:
    """What the unit's ``SystemCallFilter=`` lines allow (``@default`` is always allowed)."""

    def expand(item: str, seen: set[str]) -> set[str]:
        if not item.startswith("@"):
            return {item}
        if item in seen:
            return set()
        seen.add(item)
        return set().union(*(expand(member, seen) for member in groups[item]))

    allow: set[str] = set()
    deny: set[str] = set()
    for value in setting(unit_text, "SystemCallFilter"):
        target = deny if value.startswith("~") else allow
        for item in value.lstrip("~").split():
            target |= expand(item, set())
    return (allow | expand("@default", set())) - deny


def traced_syscalls(summary: str) -> set[str]:
    """Syscall names from ``strace -c`` output (the last column of each row of the table)."""
    names = set()
    for line in summary.splitlines():
        parts = line.split()
        if len(parts) >= 4 and re.fullmatch(r"\d+\.\d+", parts[0]) and parts[-1] != "total":
            names.add(parts[-1])
    return names


class NotifyListener:
    """A notification socket of our own, as systemd would give ``NOTIFY_SOCKET``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        self.lines: list[str] = []

    def wait_for(self, line: str, count: int, timeout_s: float, proc: subprocess.Popen[bytes], log: Path) -> None:
        deadline = time.monotonic() + timeout_s
        while self.lines.count(line) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or proc.poll() is not None:
                pytest.fail(f"no {line} #{count} within {timeout_s} s (exit status {proc.poll()}); notifications "
                            f"{self.lines[-5:]}; log:\n{log.read_text(errors='replace')[-3000:]}")
            self.sock.settimeout(min(0.5, remaining))
            try:
                self.lines += self.sock.recv(4096).decode().splitlines()
            except TimeoutError:
                continue

    def close(self) -> None:
        self.sock.close()


@pytest.mark.slow
def test_every_system_call_of_the_daemon_is_allowed_by_the_unit(mosquitto: Any, mqtt_recorder: Any,
                                                                tmp_path: Path) -> None:
    """Start, one command, SIGHUP reload and SIGTERM of ``homeslm run`` under ``strace -f -c``: every system
    call made is inside the unit's SystemCallFilter (else, under systemd, it would fail with EPERM)."""
    from homeslm.understanding.model import REQUIRED_FILES, default_model_dir

    if ANALYZE is None or STRACE is None:
        pytest.skip("needs systemd-analyze and strace (Debian packages 'systemd', 'strace')")
    if any(not (default_model_dir() / name).is_file() for name in REQUIRED_FILES):
        pytest.skip(f"the shipped intent model is not in {default_model_dir()} yet")
    psutil = pytest.importorskip("psutil")
    import paho.mqtt.publish as publish

    config = tmp_path / "homeslm.yaml"
    config.write_text(textwrap.dedent(f"""\
        site: strace
        area: kitchen
        mqtt: {{host: {mosquitto.host}, port: {mosquitto.port}}}
        areas: [kitchen]
        devices:
          - {{name: desk lamp, area: kitchen, type: light, plugin: zigbee2mqtt, topic: desk_lamp}}
        plugins: {{disable: [espeak]}}
        """))
    notify = NotifyListener(tmp_path / "notify.sock")
    summary = tmp_path / "strace.txt"
    log = tmp_path / "daemon.log"
    env = {**os.environ, "NOTIFY_SOCKET": str(notify.path), "WATCHDOG_USEC": "3000000"}
    env.pop("WATCHDOG_PID", None)
    with open(log, "wb") as out:
        proc = subprocess.Popen([STRACE, "-f", "-c", "-o", str(summary), sys.executable, "-m", "homeslm", "run",
                                 "--config", str(config)], stdout=out, stderr=subprocess.STDOUT, env=env, cwd=tmp_path)
    try:
        notify.wait_for("READY=1", 1, 180, proc, log)
        (daemon,) = psutil.Process(proc.pid).children()
        publish.single("homeslm/strace/command", "turn on the desk lamp", qos=1, hostname=mosquitto.host,
                       port=mosquitto.port)
        mqtt_recorder.wait_for("homeslm/strace/response", timeout_s=60)
        daemon.send_signal(signal.SIGHUP)
        notify.wait_for("READY=1", 2, 60, proc, log)
        daemon.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0, log.read_text(errors="replace")[-3000:]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        notify.close()
    assert "WATCHDOG=1" in notify.lines
    used = traced_syscalls(summary.read_text())
    assert {"execve", "openat", "futex"} <= used, summary.read_text()[-2000:]
    refused = used - allowed_syscalls(UNIT.read_text(), syscall_groups())
    assert refused == set(), f"system calls the unit would refuse with EPERM: {sorted(refused)}"


def test_the_syscall_check_can_fail() -> None:
    """The allowed set really excludes what the unit denies: a unit without @resources refuses mbind."""
    if ANALYZE is None:
        pytest.skip("systemd-analyze is not installed (Debian package 'systemd')")
    groups = syscall_groups()
    allowed = allowed_syscalls(UNIT.read_text(), groups)
    assert "reboot" not in allowed and "mount" not in allowed and "openat" in allowed
    stricter = UNIT.read_text().replace("SystemCallFilter=~@privileged", "SystemCallFilter=~@privileged @resources")
    assert "mbind" in allowed and "mbind" not in allowed_syscalls(stricter, groups)
