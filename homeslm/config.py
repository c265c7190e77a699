"""The home, described once in YAML (DESIGN.md section 2), as frozen dataclasses.

``load_config(path)`` turns the YAML into a :class:`Config`; every error is a
:class:`homeslm.errors.ConfigError` that reads ``file:line: key.path: problem``, e.g.
``config/homeslm.yaml:14: devices[3].topic: expected a string, got 3`` (list indices count from 0).
``config_from_dict(data)`` does the same for a mapping built in Python (tests, training on generic homes),
and ``find_config_path(cli_value)`` says which file to load.

Conventions of the loaded :class:`Config`:

- Names are canonical: device names, aliases, area and floor names, types and device classes are
  stripped, inner whitespace collapsed to one space and lowercased (:func:`normalize_name`), so
  ``"Kitchen  Light"`` in the YAML is ``"kitchen light"`` in the config, in intents and in answers.
  Topics, plugin names, plugin settings and device ``options`` are kept as written.
- Relative file paths (``mqtt.password_file``, ``mqtt.tls.*_file``, ``model.path``, ``plugins.paths``)
  are relative to the directory of the config file (``~`` is expanded).
- Unknown keys are refused with a did-you-mean, so typos never pass silently; plugin-specific device
  keys go under the device's ``options:`` mapping. Top-level keys starting with ``x-`` are ignored: they
  hold YAML anchors (``x-light: &z2m {type: light, plugin: zigbee2mqtt}``) for ``<<: *z2m`` merges.
- Secrets: ``mqtt.password_file`` (first line of the file) or ``mqtt.password_env`` (an environment
  variable name) fill :attr:`MqttConfig.password`; an inline ``mqtt.password`` is accepted with a warning.
  Secrets are never logged and never appear in error messages.
- Defaults live only in the dataclasses below.
"""

from __future__ import annotations

import difflib
import logging
import os
import re
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from homeslm.errors import ConfigError
from homeslm.schema import DEVICE_TYPES

logger = logging.getLogger(__name__)

#: Environment variable naming the config file (second in the search order of :func:`find_config_path`).
CONFIG_ENV_VAR = "HOMESLM_CONFIG"
#: System-wide config file, last in the search order.
SYSTEM_CONFIG_PATH = Path("/etc/homeslm/homeslm.yaml")
#: Values of ``units.temperature``.
TEMPERATURE_UNITS: tuple[str, ...] = ("celsius", "fahrenheit")


@dataclass(frozen=True)
class TlsConfig:
    """TLS towards the broker."""

    ca_file: str | None = None
    """CA bundle that signed the broker's certificate; ``None`` uses the system store."""
    cert_file: str | None = None
    """Client certificate (PEM) for mutual TLS."""
    key_file: str | None = None
    """Client private key (PEM) for mutual TLS."""
    insecure: bool = False
    """Skip hostname verification (self-signed test brokers only)."""


@dataclass(frozen=True)
class MqttConfig:
    """Connection to the MQTT broker."""

    host: str = "localhost"
    port: int = 1883
    username: str | None = None
    """``None`` connects without authentication."""
    password: str | None = field(default=None, repr=False)
    """Resolved secret: from ``password_file`` or ``password_env`` in the YAML; never logged."""
    tls: TlsConfig | None = None
    """``None`` (or ``tls: false``) for plain TCP."""
    client_id: str | None = None
    """``None`` derives ``homeslm-<site>``."""
    keepalive_s: int = 30
    """MQTT keepalive interval in seconds."""
    reconnect_min_s: float = 1.0
    """First delay before reconnecting to a lost broker, in seconds; it doubles up to ``reconnect_max_s``."""
    reconnect_max_s: float = 30.0
    """Longest delay between reconnection attempts, in seconds."""
    queue_max: int = 1000
    """Commands kept while the broker is away; the oldest are reported failed beyond this."""
    queue_max_age_s: float = 300.0
    """Commands older than this when the broker returns are reported failed, not sent."""


@dataclass(frozen=True)
class Floor:
    """A floor and the areas on it."""

    name: str
    """Canonical floor name (normalised like every name, see :func:`normalize_name`)."""
    areas: tuple[str, ...] = ()
    """Canonical names of the areas on this floor; each is also in :attr:`Config.areas`."""


@dataclass(frozen=True)
class Device:
    """One household device, addressed through one plugin."""

    name: str
    """What people say; the canonical name in intents (normalised, see :func:`normalize_name`)."""
    type: str
    """Home Assistant domain: light, switch, fan, cover, valve, climate, lock, media_player, sensor,
    binary_sensor, vacuum, scene, script, person."""
    plugin: str
    """Name of the plugin that drives it (``zigbee2mqtt``, ``tasmota``, ``mqtt``, ...)."""
    area: str | None = None
    """Canonical name of a configured area; ``None`` for things that live nowhere (scenes, scripts)."""
    aliases: tuple[str, ...] = ()
    """Other names people use, normalised; unique across all devices' names and aliases."""
    device_class: str | None = None
    """Optional refinement: curtain, garage, blind, door, window, humidity, ..."""
    topic: str | None = None
    """Plugin-specific addressing (zigbee2mqtt friendly name, Tasmota topic, MQTT base topic)."""
    confirm: bool = False
    """Ask "Are you sure?" before acting (front door lock, garage door)."""
    options: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    """Plugin-specific extra keys of this device (templates, value keys), as written in the YAML."""
    line: int | None = field(default=None, hash=False, compare=False)
    """Line of the device in the config file, for error messages."""


@dataclass(frozen=True)
class ModelConfig:
    """The intent model."""

    path: str | None = None
    """Model directory from ``homeslm train``; ``None`` uses the default model shipped in the package."""
    threshold: float = 0.5
    """Parses with a confidence below this are answered "I did not understand" and do nothing."""
    threads: int = 1
    """CTranslate2 intra-op threads (1 is fastest at batch size 1 on small CPUs)."""


@dataclass(frozen=True)
class PluginsConfig:
    """Which plugins load and their settings."""

    paths: tuple[str, ...] = ()
    """Extra directories whose ``*.py`` modules are loaded as plugins."""
    disable: tuple[str, ...] = ()
    """Plugin names not to load."""
    settings: dict[str, dict[str, Any]] = field(default_factory=dict, hash=False, compare=False)
    """Per-plugin settings blocks (``zigbee2mqtt: {base_topic: z2m}``), keyed by plugin name."""


@dataclass(frozen=True)
class Config:
    """The whole configuration."""

    site: str = "default"
    """This daemon's site id, used in MQTT topics ``homeslm/<site>/...``."""
    area: str | None = None
    """The room this microphone is in: "turn on the lights" means here."""
    mqtt: MqttConfig = field(default_factory=MqttConfig)
    language: str = "en"
    """Language of the spoken commands (ISO 639-1)."""
    temperature_unit: str = "celsius"
    """From ``units: {temperature: celsius|fahrenheit}``."""
    floors: tuple[Floor, ...] = ()
    areas: tuple[str, ...] = ()
    """Every configured area: the ``areas:`` list in its order, then areas named only under ``floors:``."""
    devices: tuple[Device, ...] = ()
    model: ModelConfig = field(default_factory=ModelConfig)
    plugins: PluginsConfig = field(default_factory=PluginsConfig)
    followup_window_s: float = 30.0
    """From ``followup: {window_s: ...}``, in seconds: how long "turn it off" / "and the bedroom too" refer to the previous command."""
    voice: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    """Voice front end settings (audio device, wake phrase, recogniser); parsed by the voice modules."""
    source: str | None = None
    """Path of the YAML file this came from."""

    def device(self, name: str) -> Device | None:
        """The device with this canonical name (compared after :func:`normalize_name`), or ``None``."""
        key = normalize_name(name)
        for dev in self.devices:
            if dev.name == key:
                return dev
        return None

    def floor_of(self, area: str) -> str | None:
        """The name of the floor this area is on, or ``None``."""
        key = normalize_name(area)
        for fl in self.floors:
            if key in fl.areas:
                return fl.name
        return None


# --------------------------------------------------------------------------------------------------
# Public functions


def normalize_name(text: str) -> str:
    """The canonical form of a spoken name: stripped, inner whitespace collapsed, lowercased."""
    return " ".join(text.split()).lower()


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read, validate and resolve the YAML config at ``path``.

    Raises :class:`ConfigError` reading ``file:line: key.path: problem`` for anything wrong with the
    file, its YAML or its content (including an unreadable password file or unset password variable).
    """
    source = os.fspath(path)
    file = Path(source).expanduser()
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("no such file; pass --config PATH (see config/homeslm.yaml for an example)", file=source) from None
    except OSError as exc:
        raise ConfigError(f"cannot read the config file: {exc.strerror or exc}", file=source) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text (byte {exc.start}); save the file as UTF-8", file=source) from None
    data, lines = _read_yaml(text, source)
    if data is None:
        raise ConfigError("the file is empty; see config/homeslm.yaml for an example", file=source, line=1)
    ctx = _Ctx(source, lines, base_dir=file.resolve().parent, file=file)
    config = _config_from_dict(ctx, data)
    logger.debug("loaded %s: %d devices in %d areas", source, len(config.devices), len(config.areas))
    return config


def config_from_dict(data: Any, source: str | None = None, *, base_dir: str | os.PathLike[str] | None = None) -> Config:
    """Validate a config given as Python data (the parsed YAML shape of DESIGN.md section 2).

    ``source`` names the origin in error messages (no line numbers are known); relative file paths are
    resolved against ``base_dir`` when given, else left as written.
    """
    ctx = _Ctx(source, {}, base_dir=Path(base_dir) if base_dir is not None else None, file=None)
    return _config_from_dict(ctx, data)


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
            raise ConfigError(f"--config {os.fspath(cli_value)}: no such file")
        return chosen
    from_env = env.get(CONFIG_ENV_VAR, "")
    if from_env:
        chosen = Path(from_env).expanduser()
        if not chosen.is_file():
            raise ConfigError(f"${CONFIG_ENV_VAR}={from_env}: no such file")
        return chosen
    xdg = env.get("XDG_CONFIG_HOME", "")
    user_dir = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".config"
    candidates = [user_dir / "homeslm" / "homeslm.yaml", system_path]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    searched = ", ".join(["--config (not given)", f"${CONFIG_ENV_VAR} (not set)", *map(str, candidates)])
    raise ConfigError(
        f"no config file found; searched {searched}. "
        "Pass --config config/homeslm.yaml, or copy that example to one of these places and edit it"
    )


# --------------------------------------------------------------------------------------------------
# YAML with line numbers

Key = str | int
KeyPath = tuple[Key, ...]


def _read_yaml(text: str, source: str) -> tuple[Any, dict[KeyPath, int]]:
    """Parse YAML into plain dicts/lists plus the 1-based line of every key path."""
    loader = yaml.SafeLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = f"invalid YAML: {exc.problem or exc.context or exc}"
            if mark is not None:
                problem += f" (column {mark.column + 1})"
            if exc.context and exc.problem:
                began = exc.context_mark
                if began is not None and mark is not None and began.line != mark.line:
                    problem += f", {exc.context} that began on line {began.line + 1}"
                else:
                    problem += f", {exc.context}"
            if "'\\t'" in problem:
                problem += "; indent YAML with spaces, not tabs"
            raise ConfigError(
                problem,
                file=source,
                line=mark.line + 1 if mark is not None else None,
            ) from None
        except yaml.YAMLError as exc:
            raise ConfigError(f"invalid YAML: {exc}", file=source) from None
        if node is None:
            return None, {}
        lines: dict[KeyPath, int] = {(): node.start_mark.line + 1}
        data = _plain(loader, node, (), lines, source, set())
        return data, lines
    finally:
        loader.dispose()


_MERGE_TAG = "tag:yaml.org,2002:merge"


def _plain(loader: Any, node: Any, path: KeyPath, lines: dict[KeyPath, int], source: str, active: set[int]) -> Any:
    if isinstance(node, yaml.ScalarNode):
        try:
            return loader.construct_object(node, deep=True)
        except yaml.MarkedYAMLError as exc:
            raise ConfigError(f"invalid YAML value: {exc.problem}", file=source, line=node.start_mark.line + 1,
                              key=_fmt(path) or None) from None
    if id(node) in active:
        raise ConfigError("recursive YAML alias", file=source, line=node.start_mark.line + 1, key=_fmt(path) or None)
    active.add(id(node))
    try:
        if isinstance(node, yaml.SequenceNode):
            items: list[Any] = []
            for i, item in enumerate(node.value):
                lines[path + (i,)] = item.start_mark.line + 1
                items.append(_plain(loader, item, path + (i,), lines, source, active))
            return items
        # A mapping: resolve `<<` merges on a copy; own keys override merged ones, own duplicates are errors.
        own_count = sum(1 for key_node, _ in node.value if key_node.tag != _MERGE_TAG)
        flat = yaml.MappingNode(node.tag, list(node.value), node.start_mark, node.end_mark)
        try:
            loader.flatten_mapping(flat)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            raise ConfigError(f"invalid YAML merge: {exc.problem}", file=source,
                              line=mark.line + 1 if mark else None, key=_fmt(path) or None) from None
        n_merged = len(flat.value) - own_count
        out: dict[str, Any] = {}
        own_keys: set[str] = set()
        for index, (key_node, value_node) in enumerate(flat.value):
            if not isinstance(key_node, yaml.ScalarNode):
                raise ConfigError("expected a plain key, got a list or mapping as key", file=source,
                                  line=key_node.start_mark.line + 1, key=_fmt(path) or None)
            key = str(key_node.value)  # as written: `on:` stays "on", not True
            key_path = path + (key,)
            if index >= n_merged:
                if key in own_keys:
                    raise ConfigError(f"duplicate key (first at line {lines[key_path]}); keep one", file=source,
                                      line=key_node.start_mark.line + 1, key=_fmt(key_path))
                own_keys.add(key)
            lines[key_path] = key_node.start_mark.line + 1
            out[key] = _plain(loader, value_node, key_path, lines, source, active)
        return out
    finally:
        active.discard(id(node))


def _fmt(path: KeyPath) -> str:
    """``("devices", 3, "topic")`` -> ``devices[3].topic``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


# --------------------------------------------------------------------------------------------------
# Validation helpers


class _Ctx:
    """Where values come from: the source name, the line of every key path, the base of relative paths."""

    def __init__(self, source: str | None, lines: dict[KeyPath, int], *, base_dir: Path | None, file: Path | None) -> None:
        self.source = source
        self.lines = lines
        self.base_dir = base_dir
        self.file = file

    def line(self, path: KeyPath) -> int | None:
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None

    def error(self, path: KeyPath, problem: str) -> ConfigError:
        return ConfigError(problem, file=self.source, line=self.line(path), key=_fmt(path) or None)

    def where(self, path: KeyPath) -> str:
        """``file:line: key`` for log messages."""
        line = self.line(path)
        prefix = f"{self.source}:{line}: " if self.source and line else (f"{self.source}: " if self.source else "")
        return f"{prefix}{_fmt(path)}"


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return repr(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    options = list(choices)
    matches = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not matches and len(word) >= 2:  # `ca` for `ca_file`, `window` for `window_s`
        matches = [option for option in options if option.startswith(word)][:1]
    return f"; did you mean {matches[0]!r}?" if matches else ""


def _check_keys(ctx: _Ctx, data: dict[str, Any], path: KeyPath, allowed: Iterable[str]) -> None:
    known = tuple(allowed)
    for key in data:
        if not path and key.startswith("x-"):
            continue  # top-level `x-...` keys hold YAML anchors for reuse, as in docker compose files
        if key not in known:
            raise ctx.error(path + (key,), f"unknown key{_did_you_mean(key, known)} (known keys: {', '.join(known)})")


def _given(data: dict[str, Any], key: str) -> bool:
    """A key counts as given when present and not null (``area: null`` means no area)."""
    return data.get(key) is not None


def _mapping(ctx: _Ctx, value: Any, path: KeyPath, what: str = "a mapping") -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ctx.error(path, f"expected {what}, got {_describe(value)}")
    return value


def _list(ctx: _Ctx, value: Any, path: KeyPath, what: str = "a list") -> list[Any]:
    if not isinstance(value, list):
        raise ctx.error(path, f"expected {what}, got {_describe(value)}")
    return value


def _string(ctx: _Ctx, value: Any, path: KeyPath, what: str = "a string") -> str:
    if not isinstance(value, str):
        raise ctx.error(path, f"expected {what}, got {_describe(value)}")
    if not value.strip():
        raise ctx.error(path, f"expected {what}, got an empty string")
    return value.strip()


def _name(ctx: _Ctx, value: Any, path: KeyPath, what: str = "a name") -> str:
    return normalize_name(_string(ctx, value, path, what))


def _required(ctx: _Ctx, data: dict[str, Any], path: KeyPath, key: str, what: str) -> Any:
    if not _given(data, key):
        raise ctx.error(path + (key,), f"missing; expected {what}")
    return data[key]


def _bool(ctx: _Ctx, value: Any, path: KeyPath) -> bool:
    if not isinstance(value, bool):
        raise ctx.error(path, f"expected true or false, got {_describe(value)}")
    return value


def _int(ctx: _Ctx, value: Any, path: KeyPath, *, minimum: int, maximum: int | None = None) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ctx.error(path, f"expected a whole number, got {_describe(value)}")
    if value < minimum or (maximum is not None and value > maximum):
        bounds = f"from {minimum} to {maximum}" if maximum is not None else f"of at least {minimum}"
        raise ctx.error(path, f"expected a whole number {bounds}, got {value}")
    return value


def _number(ctx: _Ctx, value: Any, path: KeyPath, *, minimum: float = 0.0, maximum: float | None = None,
            positive: bool = False) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value != value:
        raise ctx.error(path, f"expected a number, got {_describe(value)}")
    if value < minimum or (positive and value == 0) or (maximum is not None and value > maximum):
        if maximum is not None:
            bounds = f"from {minimum:g} to {maximum:g}"
        else:
            bounds = "above 0" if positive and minimum == 0 else f"of at least {minimum:g}"
        raise ctx.error(path, f"expected a number {bounds}, got {value}")
    return float(value)


def _path(ctx: _Ctx, value: Any, path: KeyPath, what: str = "a file path") -> Path:
    chosen = Path(_string(ctx, value, path, what)).expanduser()
    if not chosen.is_absolute() and ctx.base_dir is not None:
        chosen = ctx.base_dir / chosen
    return chosen


def _existing_file(ctx: _Ctx, value: Any, path: KeyPath) -> str:
    chosen = _path(ctx, value, path)
    if not chosen.is_file():
        raise ctx.error(path, f"file {chosen} does not exist")
    return str(chosen)


def _others_can_read(file: Path) -> int | None:
    """The permission bits when every user may read ``file``, else ``None`` (also when it cannot be stat'ed)."""
    try:
        mode = stat.S_IMODE(file.stat().st_mode)
    except OSError:
        return None
    return mode if mode & stat.S_IROTH else None


def _area_ref(ctx: _Ctx, value: Any, path: KeyPath, areas: tuple[str, ...]) -> str:
    area = _name(ctx, value, path, "an area name")
    if area not in areas:
        configured = ", ".join(areas) if areas else "none"
        raise ctx.error(path, f"unknown area {area!r}{_did_you_mean(area, areas)} (configured areas: {configured}); "
                              "add it to areas: or to a floor")
    return area


# --------------------------------------------------------------------------------------------------
# Sections: one function each

_TOP_KEYS = ("site", "area", "mqtt", "language", "units", "floors", "areas", "devices", "model", "plugins",
             "followup", "voice")
_MQTT_KEYS = ("host", "port", "username", "password", "password_file", "password_env", "tls", "client_id",
              "keepalive_s", "reconnect_min_s", "reconnect_max_s", "queue_max", "queue_max_age_s")
_SECRET_KEYS = ("password", "password_file", "password_env")
_TLS_KEYS = ("ca_file", "cert_file", "key_file", "insecure")
_DEVICE_KEYS = ("name", "aliases", "area", "type", "device_class", "plugin", "topic", "confirm", "options")
_MODEL_KEYS = ("path", "threshold", "threads")
_PLUGINS_KEYS = ("paths", "disable")
_SITE_RE = re.compile(r"[^\s/+#]+")


def _config_from_dict(ctx: _Ctx, data: Any) -> Config:
    root = _mapping(ctx, data, (), "a mapping of settings (site, area, mqtt, areas, devices, ...)")
    _check_keys(ctx, root, (), _TOP_KEYS)
    kw: dict[str, Any] = {"source": ctx.source}
    if _given(root, "site"):
        site = _string(ctx, root["site"], ("site",), "a site id")
        if not _SITE_RE.fullmatch(site):
            raise ctx.error(("site",), f"expected a site id without spaces, '/', '+' or '#' (e.g. living-room), got {site!r}")
        kw["site"] = site
    if _given(root, "language"):
        kw["language"] = _string(ctx, root["language"], ("language",), "a language code such as en").lower()
    if _given(root, "mqtt"):
        kw["mqtt"] = _mqtt_from_dict(ctx, root["mqtt"], ("mqtt",))
    if _given(root, "units"):
        unit = _units_from_dict(ctx, root["units"], ("units",))
        if unit is not None:
            kw["temperature_unit"] = unit
    areas, floors = _areas_from_dict(ctx, root)
    kw["areas"], kw["floors"] = areas, floors
    if _given(root, "area"):
        kw["area"] = _area_ref(ctx, root["area"], ("area",), areas)
    if _given(root, "devices"):
        kw["devices"] = _devices_from_list(ctx, root["devices"], ("devices",), areas)
    if _given(root, "model"):
        kw["model"] = _model_from_dict(ctx, root["model"], ("model",))
    if _given(root, "plugins"):
        kw["plugins"] = _plugins_from_dict(ctx, root["plugins"], ("plugins",))
    if _given(root, "followup"):
        window = _followup_from_dict(ctx, root["followup"], ("followup",))
        if window is not None:
            kw["followup_window_s"] = window
    if _given(root, "voice"):
        kw["voice"] = _mapping(ctx, root["voice"], ("voice",), "a mapping of voice settings")
    return Config(**kw)


def _mqtt_from_dict(ctx: _Ctx, value: Any, path: KeyPath) -> MqttConfig:
    data = _mapping(ctx, value, path, "a mapping with host, port, username, password_file, tls, ...")
    _check_keys(ctx, data, path, _MQTT_KEYS)
    kw: dict[str, Any] = {}
    if _given(data, "host"):
        host = _string(ctx, data["host"], path + ("host",), "a host name or address")
        if any(ch.isspace() for ch in host) or "/" in host:
            raise ctx.error(path + ("host",), f"expected a host name or address (no scheme, no spaces), got {host!r}")
        kw["host"] = host
    if _given(data, "port"):
        kw["port"] = _int(ctx, data["port"], path + ("port",), minimum=1, maximum=65535)
    if _given(data, "username"):
        kw["username"] = _string(ctx, data["username"], path + ("username",), "a user name")
    if _given(data, "client_id"):
        kw["client_id"] = _string(ctx, data["client_id"], path + ("client_id",), "a client id")
    given = [key for key in data if key in _SECRET_KEYS and _given(data, key)]  # in the order written
    if len(given) > 1:
        raise ctx.error(path + (given[1],), f"give only one of {', '.join('mqtt.' + k for k in given)}")
    if given:
        if "username" not in kw:
            raise ctx.error(path + (given[0],), "a password needs mqtt.username")
        kw["password"] = _password(ctx, data, path, given[0])
    if _given(data, "tls") or data.get("tls") is False:
        kw["tls"] = _tls_from_value(ctx, data["tls"], path + ("tls",))
    if _given(data, "keepalive_s"):
        kw["keepalive_s"] = _int(ctx, data["keepalive_s"], path + ("keepalive_s",), minimum=1, maximum=65535)
    for key in ("reconnect_min_s", "reconnect_max_s", "queue_max_age_s"):
        if _given(data, key):
            kw[key] = _number(ctx, data[key], path + (key,), positive=True)
    if _given(data, "queue_max"):
        kw["queue_max"] = _int(ctx, data["queue_max"], path + ("queue_max",), minimum=0)
    mqtt = MqttConfig(**kw)
    if mqtt.reconnect_max_s < mqtt.reconnect_min_s:
        raise ctx.error(path + ("reconnect_max_s",),
                        f"must not be below reconnect_min_s ({mqtt.reconnect_min_s:g}), got {mqtt.reconnect_max_s:g}")
    return mqtt


def _password(ctx: _Ctx, data: dict[str, Any], path: KeyPath, key: str) -> str:
    """Resolve the broker password; its value never enters a message."""
    key_path = path + (key,)
    value = data[key]
    if key == "password":
        if not isinstance(value, str) or value == "":
            raise ctx.error(key_path, "expected the password as a non-empty quoted string")
        if ctx.file is not None:
            mode = _others_can_read(ctx.file)
            if mode is not None:
                logger.warning("%s: inline password in a file every user can read (mode %03o); "
                               "use mqtt.password_file (chmod 600) or mqtt.password_env", ctx.where(key_path), mode)
            else:
                logger.warning("%s: inline password; prefer mqtt.password_file or mqtt.password_env "
                               "so the config can be shared without the secret", ctx.where(key_path))
        return value
    if key == "password_env":
        var = _string(ctx, value, key_path, "the name of an environment variable")
        secret = os.environ.get(var)
        if secret is None:
            raise ctx.error(key_path, f"environment variable {var} is not set; set it (e.g. Environment= in the "
                                      "systemd unit) or use mqtt.password_file")
        if secret == "":
            raise ctx.error(key_path, f"environment variable {var} is empty")
        return secret
    file = _path(ctx, value, key_path, "the path of a file holding the password")
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ctx.error(key_path, f"cannot read password file {file}: {exc.strerror or exc}; put the password on "
                                  "one line in it, readable by the user running homeslm (chmod 600)") from None
    except UnicodeDecodeError:
        raise ctx.error(key_path, f"password file {file} is not UTF-8 text") from None
    secret = text.rstrip("\r\n")
    if "\n" in secret:
        raise ctx.error(key_path, f"password file {file} holds more than one line; keep only the password")
    if secret == "":
        raise ctx.error(key_path, f"password file {file} is empty")
    mode = _others_can_read(file)
    if mode is not None:
        logger.warning("%s: password file %s is readable by every user (mode %03o); run: chmod 600 %s",
                       ctx.where(key_path), file, mode, file)
    return secret


def _tls_from_value(ctx: _Ctx, value: Any, path: KeyPath) -> TlsConfig | None:
    if value is None or value is False:
        return None
    if value is True:
        return TlsConfig()
    data = _mapping(ctx, value, path, "true, false or a mapping with ca_file, cert_file, key_file, insecure")
    _check_keys(ctx, data, path, _TLS_KEYS)
    kw: dict[str, Any] = {}
    for key in ("ca_file", "cert_file", "key_file"):
        if _given(data, key):
            kw[key] = _existing_file(ctx, data[key], path + (key,))
    if _given(data, "insecure"):
        kw["insecure"] = _bool(ctx, data["insecure"], path + ("insecure",))
    if ("cert_file" in kw) != ("key_file" in kw):
        present, missing = ("cert_file", "key_file") if "cert_file" in kw else ("key_file", "cert_file")
        raise ctx.error(path + (present,), f"client certificates need both cert_file and key_file; add {missing}")
    if "key_file" in kw:
        mode = _others_can_read(Path(kw["key_file"]))
        if mode is not None:
            logger.warning("%s: private key %s is readable by every user (mode %03o); run: chmod 600 %s",
                           ctx.where(path + ("key_file",)), kw["key_file"], mode, kw["key_file"])
    return TlsConfig(**kw)


def _units_from_dict(ctx: _Ctx, value: Any, path: KeyPath) -> str | None:
    data = _mapping(ctx, value, path, "a mapping such as {temperature: celsius}")
    _check_keys(ctx, data, path, ("temperature",))
    if not _given(data, "temperature"):
        return None
    unit = _name(ctx, data["temperature"], path + ("temperature",), "celsius or fahrenheit")
    if unit not in TEMPERATURE_UNITS:
        raise ctx.error(path + ("temperature",),
                        f"expected celsius or fahrenheit, got {unit!r}{_did_you_mean(unit, TEMPERATURE_UNITS)}")
    return unit


def _areas_from_dict(ctx: _Ctx, root: dict[str, Any]) -> tuple[tuple[str, ...], tuple[Floor, ...]]:
    """Areas from ``areas:`` and from ``floors:`` (an area named only under a floor is configured too)."""
    areas: list[str] = []
    area_at: dict[str, KeyPath] = {}
    if _given(root, "areas"):
        for i, item in enumerate(_list(ctx, root["areas"], ("areas",), "a list of area names")):
            item_path: KeyPath = ("areas", i)
            area = _name(ctx, item, item_path, "an area name")
            if area in area_at:
                raise ctx.error(item_path, f"area {area!r} is listed twice (first at line {ctx.line(area_at[area])})")
            area_at[area] = item_path
            areas.append(area)
    floors: list[Floor] = []
    floor_at: dict[str, KeyPath] = {}
    floor_of: dict[str, tuple[str, KeyPath]] = {}
    if _given(root, "floors"):
        for i, item in enumerate(_list(ctx, root["floors"], ("floors",), "a list of floors")):
            path: KeyPath = ("floors", i)
            data = _mapping(ctx, item, path, "a mapping with name and areas")
            _check_keys(ctx, data, path, ("name", "areas"))
            name = _name(ctx, _required(ctx, data, path, "name", "the floor's name"), path + ("name",), "a floor name")
            if name in floor_at:
                raise ctx.error(path + ("name",), f"floor {name!r} is defined twice (first at line {ctx.line(floor_at[name])})")
            floor_at[name] = path + ("name",)
            on_floor: list[str] = []
            if _given(data, "areas"):
                for j, entry in enumerate(_list(ctx, data["areas"], path + ("areas",), "a list of area names")):
                    entry_path = path + ("areas", j)
                    area = _name(ctx, entry, entry_path, "an area name")
                    if area in floor_of:
                        other, other_path = floor_of[area]
                        raise ctx.error(entry_path, f"area {area!r} is already on floor {other!r} (line "
                                                    f"{ctx.line(other_path)}); an area belongs to one floor")
                    floor_of[area] = (name, entry_path)
                    on_floor.append(area)
                    if area not in area_at:
                        area_at[area] = entry_path
                        areas.append(area)
            floors.append(Floor(name=name, areas=tuple(on_floor)))
    return tuple(areas), tuple(floors)


def _devices_from_list(ctx: _Ctx, value: Any, path: KeyPath, areas: tuple[str, ...]) -> tuple[Device, ...]:
    devices: list[Device] = []
    spoken_at: dict[str, tuple[KeyPath, str]] = {}  # name or alias -> (where, device name)
    for i, item in enumerate(_list(ctx, value, path, "a list of devices")):
        device, spoken = _device_from_dict(ctx, item, path + (i,), areas)
        for word, word_path in spoken:
            if word in spoken_at:
                other_path, other = spoken_at[word]
                raise ctx.error(word_path, f"{word!r} already names device {other!r} ({_fmt(other_path)}, line "
                                           f"{ctx.line(other_path)}); names and aliases must be unique")
        for word, word_path in spoken:
            spoken_at[word] = (word_path, device.name)
        devices.append(device)
    return tuple(devices)


def _device_from_dict(ctx: _Ctx, value: Any, path: KeyPath, areas: tuple[str, ...]
                      ) -> tuple[Device, list[tuple[str, KeyPath]]]:
    """One device, plus every name it answers to with where it was written."""
    data = _mapping(ctx, value, path, "a device: a mapping with name, type, plugin, area, ...")
    _check_keys(ctx, data, path, _DEVICE_KEYS)
    kw: dict[str, Any] = {"line": ctx.line(path)}
    kw["name"] = _name(ctx, _required(ctx, data, path, "name", "what people call the device, e.g. ceiling light"),
                       path + ("name",), "the device's name")
    dtype = _name(ctx, _required(ctx, data, path, "type", "a device type such as light"), path + ("type",),
                  "a device type")
    if dtype not in DEVICE_TYPES:
        raise ctx.error(path + ("type",), f"unknown device type {dtype!r}{_did_you_mean(dtype, DEVICE_TYPES)} "
                                          f"(expected one of: {', '.join(sorted(DEVICE_TYPES))})")
    kw["type"] = dtype
    kw["plugin"] = _string(ctx, _required(ctx, data, path, "plugin", "the plugin that drives it, e.g. zigbee2mqtt"),
                           path + ("plugin",), "a plugin name")
    if _given(data, "area"):
        kw["area"] = _area_ref(ctx, data["area"], path + ("area",), areas)
    spoken: list[tuple[str, KeyPath]] = [(kw["name"], path + ("name",))]
    if _given(data, "aliases"):
        raw = data["aliases"]
        entries = [(raw, path + ("aliases",))] if isinstance(raw, str) else [
            (alias, path + ("aliases", j))
            for j, alias in enumerate(_list(ctx, raw, path + ("aliases",), "a list of other names"))
        ]
        aliases: list[str] = []
        for alias, alias_path in entries:
            word = _name(ctx, alias, alias_path, "an alias (another name people use)")
            if word != kw["name"] and word not in aliases:  # repeating a name is harmless
                aliases.append(word)
                spoken.append((word, alias_path))
        kw["aliases"] = tuple(aliases)
    if _given(data, "device_class"):
        kw["device_class"] = _name(ctx, data["device_class"], path + ("device_class",), "a device class such as curtain")
    if _given(data, "topic"):
        topic = _string(ctx, data["topic"], path + ("topic",), "a string")
        if "+" in topic or "#" in topic:
            raise ctx.error(path + ("topic",), f"a device topic cannot hold the MQTT wildcards + or #, got {topic!r}")
        kw["topic"] = topic
    if _given(data, "confirm"):
        kw["confirm"] = _bool(ctx, data["confirm"], path + ("confirm",))
    if _given(data, "options"):
        kw["options"] = dict(_mapping(ctx, data["options"], path + ("options",), "a mapping of plugin-specific settings"))
    return Device(**kw), spoken


def _model_from_dict(ctx: _Ctx, value: Any, path: KeyPath) -> ModelConfig:
    data = _mapping(ctx, value, path, "a mapping with path, threshold, threads")
    _check_keys(ctx, data, path, _MODEL_KEYS)
    kw: dict[str, Any] = {}
    if _given(data, "path"):
        kw["path"] = str(_path(ctx, data["path"], path + ("path",), "a model directory"))
    if _given(data, "threshold"):
        kw["threshold"] = _number(ctx, data["threshold"], path + ("threshold",), minimum=0.0, maximum=1.0)
    if _given(data, "threads"):
        kw["threads"] = _int(ctx, data["threads"], path + ("threads",), minimum=1, maximum=64)
    return ModelConfig(**kw)


def _plugins_from_dict(ctx: _Ctx, value: Any, path: KeyPath) -> PluginsConfig:
    data = _mapping(ctx, value, path, "a mapping with paths, disable and per-plugin settings")
    kw: dict[str, Any] = {}
    if _given(data, "paths"):
        dirs: list[str] = []
        for i, item in enumerate(_list(ctx, data["paths"], path + ("paths",), "a list of directories")):
            directory = _path(ctx, item, path + ("paths", i), "a directory")
            if not directory.is_dir():
                raise ctx.error(path + ("paths", i), f"directory {directory} does not exist")
            dirs.append(str(directory))
        kw["paths"] = tuple(dirs)
    if _given(data, "disable"):
        raw = data["disable"]
        names = [raw] if isinstance(raw, str) else _list(ctx, raw, path + ("disable",), "a list of plugin names")
        kw["disable"] = tuple(_string(ctx, name, path + ("disable", i), "a plugin name") for i, name in enumerate(names))
    settings: dict[str, dict[str, Any]] = {}
    for key, block in data.items():
        if key in _PLUGINS_KEYS:
            continue
        if block is None:  # `zigbee2mqtt:` with nothing under it
            block = {}
        if not isinstance(block, dict):
            raise ctx.error(path + (key,), f"expected the settings of plugin {key!r} as a mapping, got "
                                           f"{_describe(block)}{_did_you_mean(key, _PLUGINS_KEYS)}")
        settings[key.strip()] = block
    kw["settings"] = settings
    return PluginsConfig(**kw)


def _followup_from_dict(ctx: _Ctx, value: Any, path: KeyPath) -> float | None:
    data = _mapping(ctx, value, path, "a mapping such as {window_s: 30}")
    _check_keys(ctx, data, path, ("window_s",))
    if not _given(data, "window_s"):
        return None
    return _number(ctx, data["window_s"], path + ("window_s",), minimum=0.0)
