"""``homeslm install-service``: put the systemd unit, the sysusers/tmpfiles snippets and a config in place.

What it does, in order (``--dry-run`` prints the same steps and changes nothing):

1. writes ``<prefix>/etc/systemd/system/homeslm.service`` from ``systemd/homeslm.service`` with
   ``ExecStart=`` pointing at the homeslm that runs this command (or ``--exec``);
2. writes ``<prefix>/etc/sysusers.d/homeslm.conf`` and ``<prefix>/etc/tmpfiles.d/homeslm.conf``;
3. creates ``<prefix>/etc/homeslm/`` and copies the example config (or ``--config FILE``) to
   ``homeslm.yaml`` there, unless a config is already there (it is never overwritten);
4. applies the snippets with ``systemd-sysusers`` and ``systemd-tmpfiles --create`` (with
   ``--root=<prefix>`` for another root), then ``systemctl daemon-reload`` when systemd runs this machine.

Files that already hold the same content are left alone; a changed unit or snippet is replaced (that
is how an update reaches the service), so local changes belong in a drop-in (``systemctl edit homeslm``).

The source files come from a homeslm checkout (``systemd/``, ``config/homeslm.yaml``): the one this
package was installed from in editable mode, the copy a wheel installs in ``<prefix>/share/homeslm``,
or ``--source DIR``.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from homeslm.errors import HomeslmError

logger = logging.getLogger(__name__)

UNIT_NAME = "homeslm.service"
#: Files of a homeslm checkout that are installed, relative to its root.
UNIT_SOURCE = PurePosixPath("systemd/homeslm.service")
SYSUSERS_SOURCE = PurePosixPath("systemd/homeslm.sysusers.conf")
TMPFILES_SOURCE = PurePosixPath("systemd/homeslm.tmpfiles.conf")
EXAMPLE_CONFIG_SOURCE = PurePosixPath("config/homeslm.yaml")
#: Where they go, relative to the prefix.
UNIT_TARGET = PurePosixPath("etc/systemd/system") / UNIT_NAME
SYSUSERS_TARGET = PurePosixPath("etc/sysusers.d/homeslm.conf")
TMPFILES_TARGET = PurePosixPath("etc/tmpfiles.d/homeslm.conf")
CONFIG_DIR_TARGET = PurePosixPath("etc/homeslm")
CONFIG_TARGET = CONFIG_DIR_TARGET / "homeslm.yaml"
#: Directories the unit hides from the service (ProtectHome=yes, PrivateTmp=yes): homeslm must not live there.
HIDDEN_FROM_SERVICE = ("/home", "/root", "/run/user", "/tmp", "/var/tmp")

_EXEC_START = re.compile(r"^ExecStart=(?P<command>\S+)(?P<rest> run\b.*)$", re.MULTILINE)


@dataclass(frozen=True)
class Step:
    """One thing install-service does (or, with ``--dry-run``, would do)."""

    what: str
    """``write``, ``unchanged``, ``mkdir``, ``copy``, ``keep`` or ``run``."""
    target: str
    """The file or directory, or the command line for ``run``."""
    detail: str = ""

    def describe(self, dry_run: bool) -> str:
        verbs = {
            "write": ("would write", "wrote"),
            "unchanged": ("would leave unchanged", "unchanged"),
            "mkdir": ("would create", "created"),
            "copy": ("would copy", "copied"),
            "keep": ("would keep", "kept"),
            "run": ("would run", "ran"),
        }
        verb = verbs[self.what][0 if dry_run else 1]
        return f"{verb} {self.target}" + (f" ({self.detail})" if self.detail else "")


# --------------------------------------------------------------------------------------------------
# Finding what to install


def default_source_dir() -> Path | None:
    """Where the unit comes from: the checkout this package lives in (editable install), else the
    ``<prefix>/share/homeslm`` a wheel installs (``systemd/``, ``config/``); None when neither has it."""
    for root in (Path(__file__).resolve().parents[2], Path(sys.prefix) / "share" / "homeslm"):
        if (root / UNIT_SOURCE).is_file():
            return root
    return None


def find_source_dir(source: Path | None) -> Path:
    """The homeslm checkout holding the unit and snippets; :class:`HomeslmError` saying what to pass otherwise."""
    chosen = source if source is not None else default_source_dir()
    if chosen is None:
        raise HomeslmError(
            f"cannot find {UNIT_SOURCE} next to this homeslm package ({Path(__file__).resolve().parent}); "
            "pass --source DIR, the homeslm source checkout (the directory holding systemd/ and config/)"
        )
    missing = [str(rel) for rel in (UNIT_SOURCE, SYSUSERS_SOURCE, TMPFILES_SOURCE) if not (chosen / rel).is_file()]
    if missing:
        raise HomeslmError(f"--source {chosen}: not a homeslm checkout (missing {', '.join(missing)})")
    return chosen


def default_exec_command() -> str:
    """The command that starts this homeslm: the ``homeslm`` script beside the interpreter, or ``python -m homeslm``.

    The interpreter path is kept as given (not resolved), so a virtual environment stays a virtual environment.
    """
    interpreter = Path(sys.executable)
    script = interpreter.parent / "homeslm"
    if script.is_file() and os.access(script, os.X_OK):
        return _quote(str(script))
    return f"{_quote(str(interpreter))} -m homeslm"


def check_exec_command(command: str) -> None:
    """Refuse an ``ExecStart`` the service could not run: not absolute, or hidden by ``ProtectHome``/``PrivateTmp``."""
    try:
        program = shlex.split(command)[0]
    except (ValueError, IndexError):
        raise HomeslmError(f"--exec {command!r}: not a command line (unbalanced quotes, or empty)") from None
    if not program.startswith("/"):
        raise HomeslmError(f"--exec {program}: systemd needs an absolute path to the homeslm command")
    for hidden in HIDDEN_FROM_SERVICE:
        if program == hidden or program.startswith(hidden + "/"):
            raise HomeslmError(
                f"homeslm would start from {program}, under {hidden}, which the hardened service cannot see "
                "(ProtectHome=yes, PrivateTmp=yes). Install homeslm outside it, e.g. "
                "`sudo python3 -m venv /opt/homeslm && sudo /opt/homeslm/bin/pip install 'PATH/TO/homeslm[voice]'`, "
                "then run `sudo /opt/homeslm/bin/homeslm install-service --source PATH/TO/homeslm`, or pass --exec"
            )


def _quote(path: str) -> str:
    """A path as one word of a systemd command line."""
    if re.search(r'[\s"\\$%;]', path):
        escaped = path.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%").replace("$", "$$")
        return f'"{escaped}"'
    return path


def render_unit(template: str, exec_command: str) -> str:
    """The unit text with ``ExecStart=<exec_command> run ...``; :class:`HomeslmError` when the template has no such line."""
    if len(_EXEC_START.findall(template)) != 1:
        raise HomeslmError(f"{UNIT_SOURCE}: expected exactly one 'ExecStart=<homeslm> run ...' line")
    return _EXEC_START.sub(lambda m: f"ExecStart={exec_command}{m.group('rest')}", template)


# --------------------------------------------------------------------------------------------------
# Installing


def _target(prefix: Path, rel: PurePosixPath) -> Path:
    return prefix.joinpath(*rel.parts)


def _plan_file(path: Path, content: str) -> Step:
    if path.is_file() and path.read_bytes() == content.encode("utf-8"):
        return Step("unchanged", str(path))
    return Step("write", str(path), "replacing the old one" if path.exists() else "")


def systemd_is_running() -> bool:
    """Whether systemd manages this machine (``/run/systemd/system`` exists; what ``sd_booted()`` checks)."""
    return Path("/run/systemd/system").is_dir()


def apply_commands(prefix: Path, *, daemon_reload: bool) -> list[list[str]]:
    """The commands that create the user and the directories (and reload systemd) for ``prefix``."""
    root = [] if prefix == Path("/") else [f"--root={prefix}"]
    commands = [
        ["systemd-sysusers", *root, SYSUSERS_TARGET.name],
        ["systemd-tmpfiles", *root, "--create", TMPFILES_TARGET.name],
    ]
    if daemon_reload:
        commands.append(["systemctl", "daemon-reload"])
    return commands


def install_service(
    *,
    prefix: Path = Path("/"),
    source: Path | None = None,
    config: Path | None = None,
    exec_command: str | None = None,
    dry_run: bool = False,
    apply: bool = True,
    report: Callable[[str], None] = print,
    runner: Callable[[Sequence[str]], subprocess.CompletedProcess[str]] | None = None,
) -> list[Step]:
    """Install the service under ``prefix`` (see the module docstring); returns the steps taken.

    :param prefix: the root to install into (``/`` for this machine; another directory builds an image).
    :param source: the homeslm checkout (default: the one this package comes from).
    :param config: the config to install when ``<prefix>/etc/homeslm/homeslm.yaml`` is absent
        (default: the checkout's example ``config/homeslm.yaml``).
    :param exec_command: the homeslm command for ``ExecStart`` (default: :func:`default_exec_command`).
    :param dry_run: report the steps, change nothing.
    :param apply: run ``systemd-sysusers``/``systemd-tmpfiles`` (and ``daemon-reload``) after writing.
    :param report: receives one line per step.
    :param runner: runs one command (default: :func:`subprocess.run`, checked, output captured).
    """
    src = find_source_dir(source)
    command = exec_command if exec_command is not None else default_exec_command()
    check_exec_command(command)
    config_source = config if config is not None else src / EXAMPLE_CONFIG_SOURCE
    if not config_source.is_file():
        raise HomeslmError(f"{config_source}: no such config file to install")
    if prefix == Path("/") and not dry_run and os.geteuid() != 0:
        raise HomeslmError("installing into / needs root: run `sudo homeslm install-service` (or --dry-run to see the steps)")

    unit = render_unit((src / UNIT_SOURCE).read_text(encoding="utf-8"), command)
    files = [
        (_target(prefix, UNIT_TARGET), unit, 0o644),
        (_target(prefix, SYSUSERS_TARGET), (src / SYSUSERS_SOURCE).read_text(encoding="utf-8"), 0o644),
        (_target(prefix, TMPFILES_TARGET), (src / TMPFILES_SOURCE).read_text(encoding="utf-8"), 0o644),
    ]
    steps: list[Step] = []
    for path, content, mode in files:
        step = _plan_file(path, content)
        if step.what == "write" and not dry_run:
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_atomic(path, content, mode)
        steps.append(step)
        report(step.describe(dry_run))

    config_dir = _target(prefix, CONFIG_DIR_TARGET)
    if not config_dir.is_dir():
        step = Step("mkdir", str(config_dir), "mode 0750")
        if not dry_run:
            config_dir.mkdir(parents=True, exist_ok=True)
            config_dir.chmod(0o750)
        steps.append(step)
        report(step.describe(dry_run))
    config_target = _target(prefix, CONFIG_TARGET)
    if config_target.exists():
        step = Step("keep", str(config_target), "an existing config is never overwritten")
    else:
        step = Step("copy", f"{config_source} to {config_target}", "mode 0640; edit it, then `homeslm check --config "
                    f"/{CONFIG_TARGET}`")
        if not dry_run:
            _write_atomic(config_target, config_source.read_text(encoding="utf-8"), 0o640)
    steps.append(step)
    report(step.describe(dry_run))

    commands = apply_commands(prefix, daemon_reload=prefix == Path("/") and systemd_is_running())
    for cmd in commands:
        line = " ".join(cmd)
        if not apply:
            report(f"then run: {line}")
            continue
        if shutil.which(cmd[0]) is None:
            report(f"{cmd[0]} is not installed here; on the target machine run: {line}")
            continue
        step = Step("run", line)
        if not dry_run:
            _run(cmd, runner)
        steps.append(step)
        report(step.describe(dry_run))
    return steps


def _write_atomic(path: Path, content: str, mode: int) -> None:
    """Write ``content`` to a temporary file beside ``path`` with ``mode``, then rename it over ``path``."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
        os.chmod(tmp, mode)  # the umask may have taken bits away
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _run(cmd: Sequence[str], runner: Callable[[Sequence[str]], subprocess.CompletedProcess[str]] | None) -> None:
    try:
        if runner is not None:
            result = runner(cmd)
        else:
            result = subprocess.run(list(cmd), capture_output=True, text=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise HomeslmError(f"`{' '.join(cmd)}` could not run: {exc}") from exc
    if result.returncode != 0:
        output = (result.stderr or result.stdout or "").strip()
        raise HomeslmError(f"`{' '.join(cmd)}` failed with exit status {result.returncode}: {output}")
    if result.stderr and result.stderr.strip():
        logger.info("%s: %s", cmd[0], result.stderr.strip())


# --------------------------------------------------------------------------------------------------
# The subcommand


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``homeslm install-service`` (``--config`` comes from the common options)."""
    parser.add_argument("--prefix", type=Path, default=Path("/"), metavar="DIR",
                        help="install under DIR instead of / (an image or a test); sysusers/tmpfiles get --root=DIR")
    parser.add_argument("--source", type=Path, default=None, metavar="DIR",
                        help="the homeslm source checkout holding systemd/ and config/ (default: the one this "
                             "homeslm was installed from)")
    parser.add_argument("--exec", dest="exec_command", default=None, metavar="PATH",
                        help="the homeslm command for ExecStart (default: the homeslm beside this Python)")
    parser.add_argument("--dry-run", action="store_true", help="print what would be done, change nothing")
    parser.add_argument("--no-apply", action="store_true",
                        help="only write the files; print the systemd-sysusers/systemd-tmpfiles commands to run")


def run(args: argparse.Namespace) -> int:
    """``homeslm install-service``: install, then print the next steps."""
    prefix: Path = args.prefix.resolve() if args.prefix != Path("/") else Path("/")
    config = Path(args.config).expanduser() if getattr(args, "config", None) else None
    install_service(prefix=prefix, source=args.source, config=config, exec_command=args.exec_command,
                    dry_run=args.dry_run, apply=not args.no_apply)
    if prefix == Path("/") and not args.dry_run:
        print("next: edit /etc/homeslm/homeslm.yaml, check it with `homeslm check --config /etc/homeslm/homeslm.yaml`, "
              "then `sudo systemctl enable --now homeslm` and follow the log with `journalctl -u homeslm -f`")
    return 0
