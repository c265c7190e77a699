"""Where the config comes from and how it is read: :func:`find_config_path` (which file),
:func:`load_config` (a file into a :class:`~homeslm.config.model.Config`), :func:`check_config_file`
(every problem of a file at once, for ``homeslm check``) and :func:`config_from_dict` (a mapping built
in Python: tests, training on generic homes).

Every error is a :class:`homeslm.errors.ConfigError` that reads ``file:line: key.path: problem``, e.g.
``config/homeslm.yaml:14: devices[3].topic: expected a string, got 3`` (list indices count from 0).
The YAML is read with line numbers by :mod:`homeslm.config.yamlcheck` and checked section by section by
:mod:`homeslm.config.parse` into the dataclasses of :mod:`homeslm.config.model`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from homeslm.config.model import Config
from homeslm.config.parse import collect_config, parse_config
from homeslm.config.yamlcheck import Checker, read_yaml
from homeslm.errors import ConfigError

logger = logging.getLogger(__name__)

#: Environment variable naming the config file (second in the search order of :func:`find_config_path`).
CONFIG_ENV_VAR = "HOMESLM_CONFIG"
#: System-wide config file, last in the search order.
SYSTEM_CONFIG_PATH = Path("/etc/homeslm/homeslm.yaml")
#: The largest config file read, in bytes (1 MiB: a home of a thousand devices takes about 200 KB). A
#: larger file is refused before parsing: YAML of 30 MB took 2.4 GB of memory and two minutes.
MAX_CONFIG_BYTES = 1024 * 1024


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read, validate and resolve the YAML config at ``path``.

    Raises :class:`ConfigError` reading ``file:line: key.path: problem`` for anything wrong with the
    file, its YAML or its content (including an unreadable password file or unset password variable);
    several problems of the content are raised together as :class:`homeslm.errors.ConfigErrors`, one
    line each.
    """
    ctx, data = _read_config_file(path)
    config = parse_config(ctx, data)
    logger.debug("loaded %s: %d devices in %d areas", ctx.source, len(config.devices), len(config.areas))
    return config


def check_config_file(path: str | os.PathLike[str]) -> tuple[Config | None, list[ConfigError]]:
    """Every problem of the YAML config at ``path`` in one pass (``homeslm check``), by line, with the
    :class:`Config` of what is valid in it (a device with a problem is left out of it); the config is
    ``None`` when the file cannot be read, is not YAML, or is not a mapping. No problems: the config is
    what :func:`load_config` returns.
    """
    try:
        ctx, data = _read_config_file(path)
    except ConfigError as exc:
        return None, [exc]
    config = collect_config(ctx, data)
    return config, ctx.sorted_errors()


def _read_config_file(path: str | os.PathLike[str]) -> tuple[Checker, Any]:
    """The checker (source, lines, base directory) and the parsed YAML of the file at ``path``; raises
    :class:`ConfigError` when it cannot be read, is not YAML or is empty."""
    source = os.fspath(path)
    file = Path(source).expanduser()
    try:
        with file.open("rb") as stream:
            raw = stream.read(MAX_CONFIG_BYTES + 1)
        if len(raw) > MAX_CONFIG_BYTES:
            raise ConfigError(f"the file is larger than {MAX_CONFIG_BYTES // 1024} KiB, the most a config may be; "
                              "is it the right file? (split out what is not the home's config)", file=source)
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise ConfigError("no such file; pass --config PATH (see config/homeslm.yaml for an example)", file=source) from None
    except OSError as exc:
        raise ConfigError(f"cannot read the config file: {exc.strerror or exc}", file=source) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text (byte {exc.start}); save the file as UTF-8", file=source) from None
    data, lines = read_yaml(text, source)
    if data is None:
        raise ConfigError("the file is empty; see config/homeslm.yaml for an example", file=source, line=1)
    return Checker(source, lines, base_dir=file.resolve().parent, file=file), data


def config_from_dict(data: Any, source: str | None = None, *, base_dir: str | os.PathLike[str] | None = None) -> Config:
    """Validate a config given as Python data (the parsed YAML shape of docs/DESIGN.md section 2).

    ``source`` names the origin in error messages (no line numbers are known); relative file paths are
    resolved against ``base_dir`` when given, else left as written.
    """

    ctx = Checker(source, {}, base_dir=Path(base_dir) if base_dir is not None else None, file=None)
    return parse_config(ctx, data)


def find_config_path(
    cli_value: str | os.PathLike[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    system_path: Path = SYSTEM_CONFIG_PATH,
) -> Path:
    """The config file to use: ``--config``, then ``$HOMESLM_CONFIG``, then
    ``$XDG_CONFIG_HOME/homeslm/homeslm.yaml`` (default ``~/.config/...``), then ``/etc/homeslm/homeslm.yaml``.

    An explicit ``--config`` or ``$HOMESLM_CONFIG`` must exist; otherwise the first existing file wins.
    Raises :class:`ConfigError` listing the places searched when there is none.
    """
    env = os.environ if environ is None else environ
    if cli_value is not None and os.fspath(cli_value) != "":
        chosen = Path(cli_value).expanduser()
        if not chosen.is_file():
            raise ConfigError(f"--config {os.fspath(cli_value)}: {'not a file' if chosen.exists() else 'no such file'}")
        return chosen
    from_env = env.get(CONFIG_ENV_VAR, "")
    if from_env:
        chosen = Path(from_env).expanduser()
        if not chosen.is_file():
            raise ConfigError(f"${CONFIG_ENV_VAR}={from_env}: no such file")
        return chosen
    xdg = env.get("XDG_CONFIG_HOME", "")
    home = Path(env["HOME"]) if env.get("HOME") else Path.home()
    user_dir = Path(xdg) if xdg and os.path.isabs(xdg) else home / ".config"
    candidates = [user_dir / "homeslm" / "homeslm.yaml", system_path]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    searched = ", ".join(["--config (not given)", f"${CONFIG_ENV_VAR} (not set)", *map(str, candidates)])
    raise ConfigError(
        f"no config file found; searched {searched}. "
        "Pass --config config/homeslm.yaml, or copy that example to one of these places and edit it"
    )

