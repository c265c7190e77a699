"""The YAML-to-Config checker: parsed YAML (or the same shape built in Python) into :mod:`homeslm.config.model`'s
frozen dataclasses, one function per section of docs/DESIGN.md section 2.

:func:`parse_config` is called by :func:`homeslm.config.loader.load_config` and
:func:`homeslm.config.loader.config_from_dict` (use those); it checks types, ranges, unknown keys (with a
did-you-mean), area references, device names and aliases (repeated only across areas, types or classes),
resolves secrets and relative paths, and raises :class:`homeslm.errors.ConfigError` as ``file:line: key.path: problem`` through the
:class:`homeslm.config.yamlcheck.Checker` it is given. It finds every problem in one pass: independent keys
are checked in ``ctx.collecting()`` blocks, and several problems are raised together as
:class:`homeslm.errors.ConfigErrors` (:func:`collect_config` returns them with the valid part instead,
for ``homeslm check``). Defaults are not repeated here: a key left out leaves the dataclass default.
"""

from __future__ import annotations

import difflib
import logging
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

from homeslm.config.model import (
    TEMPERATURE_UNITS,
    CommandsConfig,
    Config,
    Device,
    Floor,
    ModelConfig,
    MqttConfig,
    PluginsConfig,
    Retrain,
    TlsConfig,
    normalize_name,
)
from homeslm.config.hub import hermes_from_dict, homeassistant_from_dict
from homeslm.understanding.confirmation import READ_ONLY_ACTIONS
from homeslm.schema import ACTIONS, DEVICE_TYPES
from homeslm.config.yamlcheck import Checker, KeyPath, describe, did_you_mean, format_key_path, given, others_can_read

#: The warnings about secrets keep the logger name they have always had (``WARNING homeslm.config.model: ...``).
logger = logging.getLogger("homeslm.config.model")


def _name(ctx: Checker, value: Any, path: KeyPath, what: str = "a name") -> str:
    return normalize_name(ctx.as_string(value, path, what))


def _identifier(ctx: Checker, value: Any, path: KeyPath, what: str) -> str:
    """Types and device classes: lowercase, words joined by ``_`` (``Media Player`` -> ``media_player``)."""
    return "_".join(ctx.as_string(value, path, what).lower().split())


def _area_ref(ctx: Checker, value: Any, path: KeyPath, areas: tuple[str, ...] | None) -> str:
    """A reference to a configured area; ``areas`` ``None`` (the areas have a problem) checks only the name."""
    area = _name(ctx, value, path, "an area name")
    if areas is not None and area not in areas:
        configured = ", ".join(areas) if areas else "none"
        raise ctx.error(path, f"unknown area {area!r}{did_you_mean(area, areas)} (configured areas: {configured}); "
                              "add it to areas: or to a floor")
    return area


_TOP_KEYS = ("site", "area", "mqtt", "language", "units", "floors", "areas", "devices", "model", "plugins",
             "followup", "voice", "commands", "hermes", "homeassistant")
_MQTT_KEYS = ("host", "port", "username", "password", "password_file", "password_env", "tls", "client_id",
              "keepalive_s", "reconnect_min_s", "reconnect_max_s", "queue_max", "queue_max_age_s")
_SECRET_KEYS = ("password", "password_file", "password_env")
_TLS_KEYS = ("ca_file", "cert_file", "key_file", "insecure")
_DEVICE_KEYS = ("name", "aliases", "area", "type", "device_class", "plugin", "topic", "confirm", "options")
_MODEL_KEYS = ("path", "threshold", "threads", "retrain")
_PLUGINS_KEYS = ("paths", "disable")
_SITE_RE = re.compile(r"[^\s/+#]+")
#: The longest site id, in characters: it is one level of every ``homeslm/<site>/...`` topic and part of
#: the MQTT client id (a 70,000-character one passed the check and then crashed ``homeslm run``).
SITE_MAX_CHARS = 64


def parse_config(ctx: Checker, data: Any) -> Config:
    """The whole config from parsed YAML (or Python data), checked section by section against ``ctx``.

    Every problem of the file is found in one pass (:func:`collect_config`); one is raised as it is,
    several as one :class:`homeslm.errors.ConfigErrors` listing them by line.
    """
    config = collect_config(ctx, data)
    ctx.raise_errors()
    assert config is not None  # no errors: the root was a mapping
    return config


def collect_config(ctx: Checker, data: Any) -> Config | None:
    """The config of what is valid in ``data``, every problem kept in ``ctx.errors`` instead of raised.

    A key, a device or a list entry with a problem is left out (a device with any bad key is left out
    whole) and the checks of the other keys go on, so ``homeslm check`` can list every problem of a file
    and still check the plugins of the devices that are right. When the areas themselves have a problem,
    references to areas are not checked (each would only repeat it). ``None`` when ``data`` is not a
    mapping at all.
    """
    with ctx.collecting():
        root = ctx.as_mapping(data, (), "a mapping of settings (site, area, mqtt, areas, devices, ...)")
    if not isinstance(data, dict):
        return None
    with ctx.collecting():
        ctx.check_keys(root, (), _TOP_KEYS, extension_prefix="x-")  # x-: anchors
    kw: dict[str, Any] = {"source": ctx.source, "key_lines": {format_key_path(p): n for p, n in ctx.lines.items() if p}}
    with ctx.collecting():
        if given(root, "site"):
            site = ctx.as_string(root["site"], ("site",), "a site id")
            if len(site) > SITE_MAX_CHARS:
                raise ctx.error(("site",), f"expected a site id of at most {SITE_MAX_CHARS} characters (e.g. living-room), "
                                           f"got {len(site)} characters: {site[:20]!r}...")
            if not _SITE_RE.fullmatch(site) or any(unicodedata.category(ch)[0] == "C" for ch in site):
                raise ctx.error(("site",), f"expected a site id without spaces, '/', '+' or '#' or control "
                                           f"characters (e.g. living-room), got {site!r}")
            kw["site"] = site
    with ctx.collecting():
        if given(root, "language"):
            kw["language"] = ctx.as_string(root["language"], ("language",), "a language code such as en").lower()
    with ctx.collecting():
        if given(root, "mqtt"):
            kw["mqtt"] = _mqtt_from_dict(ctx, root["mqtt"], ("mqtt",))
    with ctx.collecting():
        if given(root, "units"):
            unit = _units_from_dict(ctx, root["units"], ("units",))
            if unit is not None:
                kw["temperature_unit"] = unit
    before = len(ctx.errors)
    areas, floors = _areas_from_dict(ctx, root)
    kw["areas"], kw["floors"] = areas, floors
    known_areas = areas if len(ctx.errors) == before else None  # None: do not check references
    with ctx.collecting():
        if given(root, "area"):
            kw["area"] = _area_ref(ctx, root["area"], ("area",), known_areas)
    with ctx.collecting():
        if given(root, "devices"):
            kw["devices"] = _devices_from_list(ctx, root["devices"], ("devices",), known_areas)
    with ctx.collecting():
        if given(root, "model"):
            kw["model"] = _model_from_dict(ctx, root["model"], ("model",))
    with ctx.collecting():
        if given(root, "plugins"):
            kw["plugins"] = _plugins_from_dict(ctx, root["plugins"], ("plugins",))
    with ctx.collecting():
        if given(root, "followup"):
            window = _followup_from_dict(ctx, root["followup"], ("followup",))
            if window is not None:
                kw["followup_window_s"] = window
    with ctx.collecting():
        if given(root, "voice"):
            kw["voice"] = ctx.as_mapping(root["voice"], ("voice",), "a mapping of voice settings")
    with ctx.collecting():
        if given(root, "commands"):
            kw["commands"] = _commands_from_dict(ctx, root["commands"], ("commands",))
    with ctx.collecting():
        if given(root, "hermes"):
            kw["hermes"] = hermes_from_dict(ctx, root["hermes"], ("hermes",), site=kw.get("site", Config.site),
                                            area_ref=lambda c, v, p: _area_ref(c, v, p, known_areas))
    with ctx.collecting():
        if given(root, "homeassistant"):
            kw["homeassistant"] = homeassistant_from_dict(ctx, root["homeassistant"], ("homeassistant",))
    return Config(**kw)


def _mqtt_from_dict(ctx: Checker, value: Any, path: KeyPath) -> MqttConfig:
    data = ctx.as_mapping(value, path, "a mapping with host, port, username, password_file, tls, ...")
    before = len(ctx.errors)
    with ctx.collecting():
        ctx.check_keys(data, path, _MQTT_KEYS)
    kw: dict[str, Any] = {}
    with ctx.collecting():
        if given(data, "host"):
            host = ctx.as_string(data["host"], path + ("host",), "a host name or address")
            if any(ch.isspace() for ch in host) or "/" in host:
                raise ctx.error(path + ("host",), f"expected a host name or address (no scheme, no spaces), got {host!r}")
            kw["host"] = host
    with ctx.collecting():
        if given(data, "port"):
            kw["port"] = ctx.as_int(data["port"], path + ("port",), minimum=1, maximum=65535)
    with ctx.collecting():
        if given(data, "username"):
            kw["username"] = ctx.as_string(data["username"], path + ("username",), "a user name")
    with ctx.collecting():
        if given(data, "client_id"):
            kw["client_id"] = ctx.as_string(data["client_id"], path + ("client_id",), "a client id")
    with ctx.collecting():
        secrets = [key for key in data if key in _SECRET_KEYS and given(data, key)]  # in the order written
        if len(secrets) > 1:
            raise ctx.error(path + (secrets[1],), f"give only one of {', '.join('mqtt.' + k for k in secrets)}")
        if secrets:
            if not given(data, "username"):
                raise ctx.error(path + (secrets[0],), "a password needs mqtt.username")
            kw["password"] = _password(ctx, data, path, secrets[0])
    with ctx.collecting():
        if given(data, "tls") or data.get("tls") is False:
            kw["tls"] = _tls_from_value(ctx, data["tls"], path + ("tls",))
    with ctx.collecting():
        if given(data, "keepalive_s"):
            kw["keepalive_s"] = ctx.as_int(data["keepalive_s"], path + ("keepalive_s",), minimum=1, maximum=65535)
    for key in ("reconnect_min_s", "reconnect_max_s", "queue_max_age_s"):
        with ctx.collecting():
            if given(data, key):
                kw[key] = ctx.as_number(data[key], path + (key,), positive=True)
    with ctx.collecting():
        if given(data, "queue_max"):
            kw["queue_max"] = ctx.as_int(data["queue_max"], path + ("queue_max",), minimum=0)
    mqtt = MqttConfig(**kw)
    if mqtt.reconnect_max_s < mqtt.reconnect_min_s and len(ctx.errors) == before:
        raise ctx.error(path + ("reconnect_max_s",),
                        f"must not be below reconnect_min_s ({mqtt.reconnect_min_s:g}), got {mqtt.reconnect_max_s:g}")
    return mqtt


#: Longest password file read (it holds one line).
_MAX_PASSWORD_FILE_BYTES = 4096


def _password(ctx: Checker, data: dict[str, Any], path: KeyPath, key: str) -> str:
    """Resolve the broker password; its value never enters a message."""
    key_path = path + (key,)
    value = data[key]
    if key == "password":
        if not isinstance(value, str) or value == "":
            raise ctx.error(key_path, "expected the password as a non-empty quoted string")
        if ctx.file is not None:
            mode = others_can_read(ctx.file)
            if mode is not None:
                logger.warning("%s: inline password in a file every user can read (mode %03o); "
                               "use mqtt.password_file (chmod 600; as a service, with LoadCredential=)",
                               ctx.where(key_path), mode)
            else:
                logger.warning("%s: inline password; prefer mqtt.password_file (as a service, with LoadCredential=) "
                               "so the config can be shared without the secret", ctx.where(key_path))
        return value
    if key == "password_env":
        var = ctx.as_string(value, key_path, "the name of an environment variable")
        secret = os.environ.get(var)
        if secret is None:
            raise ctx.error(key_path, f"environment variable {var} is not set; set it, or use mqtt.password_file "
                                      "(as a systemd service, with LoadCredential=: docs/service.md; never Environment=)")
        if secret == "":
            raise ctx.error(key_path, f"environment variable {var} is empty")
        return secret
    file = ctx.as_path(value, key_path, "the path of a file holding the password")
    if file.exists() and not file.is_file():  # a device (/dev/zero) or a FIFO would be read without end
        raise ctx.error(key_path, f"password file {file} is not a regular file; put the password on one line in a file")
    try:
        with open(file, "rb") as handle:
            raw = handle.read(_MAX_PASSWORD_FILE_BYTES + 1)
        if len(raw) > _MAX_PASSWORD_FILE_BYTES:
            raise ctx.error(key_path, f"password file {file} is larger than {_MAX_PASSWORD_FILE_BYTES} bytes; "
                                      "keep only the password in it")
        text = raw.decode("utf-8")
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
    mode = others_can_read(file)
    if mode is not None:
        logger.warning("%s: password file %s is readable by every user (mode %03o); run: chmod 600 %s",
                       ctx.where(key_path), file, mode, file)
    return secret


def _tls_from_value(ctx: Checker, value: Any, path: KeyPath) -> TlsConfig | None:
    if value is None or value is False:
        return None
    if value is True:
        return TlsConfig()
    data = ctx.as_mapping(value, path, "true, false or a mapping with ca_file, cert_file, key_file, insecure")
    ctx.check_keys(data, path, _TLS_KEYS)
    kw: dict[str, Any] = {}
    for key in ("ca_file", "cert_file", "key_file"):
        if given(data, key):
            kw[key] = ctx.existing_file(data[key], path + (key,))
    if given(data, "insecure"):
        kw["insecure"] = ctx.as_bool(data["insecure"], path + ("insecure",))
    if ("cert_file" in kw) != ("key_file" in kw):
        present, missing = ("cert_file", "key_file") if "cert_file" in kw else ("key_file", "cert_file")
        raise ctx.error(path + (present,), f"client certificates need both cert_file and key_file; add {missing}")
    if "key_file" in kw:
        mode = others_can_read(Path(kw["key_file"]))
        if mode is not None:
            logger.warning("%s: private key %s is readable by every user (mode %03o); run: chmod 600 %s",
                           ctx.where(path + ("key_file",)), kw["key_file"], mode, kw["key_file"])
    return TlsConfig(**kw)


def _units_from_dict(ctx: Checker, value: Any, path: KeyPath) -> str | None:
    data = ctx.as_mapping(value, path, "a mapping such as {temperature: celsius}")
    ctx.check_keys(data, path, ("temperature",))
    if not given(data, "temperature"):
        return None
    unit = _name(ctx, data["temperature"], path + ("temperature",), "celsius or fahrenheit")
    if unit not in TEMPERATURE_UNITS:
        raise ctx.error(path + ("temperature",),
                        f"expected celsius or fahrenheit, got {unit!r}{did_you_mean(unit, TEMPERATURE_UNITS)}")
    return unit


def _areas_from_dict(ctx: Checker, root: dict[str, Any]) -> tuple[tuple[str, ...], tuple[Floor, ...]]:
    """Areas from ``areas:`` and from ``floors:`` (an area named only under a floor is configured too)."""
    areas: list[str] = []
    area_at: dict[str, KeyPath] = {}
    with ctx.collecting():
        if given(root, "areas"):
            for i, item in enumerate(ctx.as_list(root["areas"], ("areas",), "a list of area names")):
                with ctx.collecting():
                    item_path: KeyPath = ("areas", i)
                    area = _name(ctx, item, item_path, "an area name")
                    if area in area_at:
                        raise ctx.error(item_path, f"area {area!r} is listed twice (first at line {ctx.line(area_at[area])})")
                    area_at[area] = item_path
                    areas.append(area)
    floors: list[Floor] = []
    floor_at: dict[str, KeyPath] = {}
    floor_of: dict[str, tuple[str, KeyPath]] = {}
    with ctx.collecting():
        if given(root, "floors"):
            for i, item in enumerate(ctx.as_list(root["floors"], ("floors",), "a list of floors")):
                with ctx.collecting():
                    floors.append(_floor_from_dict(ctx, item, ("floors", i), areas, area_at, floor_at, floor_of))
    return tuple(areas), tuple(floors)


def _floor_from_dict(ctx: Checker, item: Any, path: KeyPath, areas: list[str], area_at: dict[str, KeyPath],
                     floor_at: dict[str, KeyPath], floor_of: dict[str, tuple[str, KeyPath]]) -> Floor:
    """One floor; its areas not yet listed are added to ``areas``."""
    data = ctx.as_mapping(item, path, "a mapping with name and areas")
    with ctx.collecting():
        ctx.check_keys(data, path, ("name", "areas"))
    name = _name(ctx, ctx.required(data, path, "name", "the floor's name"), path + ("name",), "a floor name")
    if name in floor_at:
        raise ctx.error(path + ("name",), f"floor {name!r} is defined twice (first at line {ctx.line(floor_at[name])})")
    floor_at[name] = path + ("name",)
    on_floor: list[str] = []
    if given(data, "areas"):
        for j, entry in enumerate(ctx.as_list(data["areas"], path + ("areas",), "a list of area names")):
            with ctx.collecting():
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
    return Floor(name=name, areas=tuple(on_floor))


def _devices_from_list(ctx: Checker, value: Any, path: KeyPath, areas: tuple[str, ...] | None) -> tuple[Device, ...]:
    """The devices; one with a problem is left out (its problems kept in ``ctx.errors``), the others checked on."""
    devices: list[Device] = []
    # (name or alias, area, type, device class) -> (where, device name): a name may repeat when the area or
    # the type/device class differs ("ceiling light" in every room; a phone that is several sensors), never
    # for two devices of one kind in one place, which no command could tell apart (docs/DESIGN.md section 2)
    spoken_at: dict[tuple[str, str | None, str, str | None], tuple[KeyPath, str]] = {}
    broken: dict[str, tuple[KeyPath, str]] = {}
    for i, item in enumerate(ctx.as_list(value, path, "a list of devices")):
        with ctx.collecting():
            device, spoken = _device_from_dict(ctx, item, path + (i,), areas)
            if device is None:  # its kind unknown: its names stay its own, so a later device cannot take them
                for word, word_path in spoken:
                    broken.setdefault(word, (word_path, spoken[0][0]))
                continue
            kind = (device.area, device.type, device.device_class)
            for word, word_path in spoken:
                if word in broken:
                    other_path, other = broken[word]
                    raise ctx.error(word_path, f"{word!r} already names device {other!r} ({format_key_path(other_path)}, "
                                               f"line {ctx.line(other_path)}), whose other keys have problems")
                if (word, *kind) in spoken_at:
                    other_path, other = spoken_at[(word, *kind)]
                    where = f"in the {device.area}" if device.area else "with no area"
                    cls = f" of class {device.device_class}" if device.device_class else ""
                    raise ctx.error(word_path, f"{word!r} already names device {other!r} ({format_key_path(other_path)}, "
                                               f"line {ctx.line(other_path)}), also a {device.type}{cls} {where}; a "
                                               "name or alias may repeat only for devices in another area or of "
                                               "another type or device class")
            for word, word_path in spoken:
                spoken_at[(word, *kind)] = (word_path, spoken[0][0])
            if device is not None:
                devices.append(device)
    return tuple(devices)


def _device_from_dict(ctx: Checker, value: Any, path: KeyPath, areas: tuple[str, ...] | None
                      ) -> tuple[Device | None, list[tuple[str, KeyPath]]]:
    """One device, plus every name it answers to with where it was written (its name first); the device
    is ``None`` when any of its keys has a problem (each kept in ``ctx.errors``: every bad key of a device
    is reported at once), and its names are still returned, so a later device cannot take them."""
    data = ctx.as_mapping(value, path, "a device: a mapping with name, type, plugin, area, ...")
    before = len(ctx.errors)
    with ctx.collecting():
        ctx.check_keys(data, path, _DEVICE_KEYS)
    kw: dict[str, Any] = {"line": ctx.line(path)}
    spoken: list[tuple[str, KeyPath]] = []
    with ctx.collecting():
        kw["name"] = _name(ctx, ctx.required(data, path, "name", "what people call the device, e.g. ceiling light"),
                           path + ("name",), "the device's name")
        spoken.append((kw["name"], path + ("name",)))
    with ctx.collecting():
        dtype = _identifier(ctx, ctx.required(data, path, "type", "a device type such as light"), path + ("type",),
                            "a device type")
        if dtype not in DEVICE_TYPES:
            raise ctx.error(path + ("type",), f"unknown device type {dtype!r}{did_you_mean(dtype, DEVICE_TYPES)} "
                                              f"(expected one of: {', '.join(sorted(DEVICE_TYPES))})")
        kw["type"] = dtype
    with ctx.collecting():
        kw["plugin"] = ctx.as_string(ctx.required(data, path, "plugin", "the plugin that drives it, e.g. zigbee2mqtt"),
                                     path + ("plugin",), "a plugin name")
    with ctx.collecting():
        if given(data, "area"):
            kw["area"] = _area_ref(ctx, data["area"], path + ("area",), areas)
    with ctx.collecting():
        if given(data, "aliases"):
            raw = data["aliases"]
            entries = [(raw, path + ("aliases",))] if isinstance(raw, str) else [
                (alias, path + ("aliases", j))
                for j, alias in enumerate(ctx.as_list(raw, path + ("aliases",), "a list of other names"))
            ]
            aliases: list[str] = []
            for alias, alias_path in entries:
                word = _name(ctx, alias, alias_path, "an alias (another name people use)")
                if word != kw.get("name") and word not in aliases:  # repeating a name is harmless
                    aliases.append(word)
                    spoken.append((word, alias_path))
            kw["aliases"] = tuple(aliases)
    with ctx.collecting():
        if given(data, "device_class"):
            kw["device_class"] = _identifier(ctx, data["device_class"], path + ("device_class",),
                                             "a device class such as curtain")
    with ctx.collecting():
        if given(data, "topic"):
            topic = ctx.as_string(data["topic"], path + ("topic",), "a string")
            if "+" in topic or "#" in topic:
                raise ctx.error(path + ("topic",), f"a device topic cannot hold the MQTT wildcards + or #, got {topic!r}")
            kw["topic"] = topic
    with ctx.collecting():
        if given(data, "confirm"):
            kw["confirm"] = _confirm_from_yaml(ctx, data["confirm"], path + ("confirm",))
    with ctx.collecting():
        if given(data, "options"):
            kw["options"] = dict(ctx.as_mapping(data["options"], path + ("options",), "a mapping of plugin-specific settings"))
    if len(ctx.errors) > before:
        return None, spoken
    return Device(**kw), spoken


_ACTION_RE = re.compile(r"[a-z][a-z0-9_]*")


def _confirm_from_yaml(ctx: Checker, value: Any, path: KeyPath) -> bool | tuple[str, ...]:
    """``confirm:``: ``true`` (the device's risky actions), ``false``, or the actions that ask first
    (``[unlock, open]``, or one name); see :mod:`homeslm.understanding.confirmation`. An action that only reads cannot
    be guarded; a name that is not a built-in action is taken as a plugin's own (``disarm``) unless it
    looks like a misspelt built-in one."""
    if isinstance(value, bool):
        return value
    if not isinstance(value, list) and not (isinstance(value, str) and _ACTION_RE.fullmatch(value.strip().lower())):
        raise ctx.error(path, f"expected true or false, got {describe(value)} (or the actions that ask first, "
                              "such as [unlock, open])")
    raw = [value] if isinstance(value, str) else value
    actions: list[str] = []
    for i, item in enumerate(raw):
        item_path = path if isinstance(value, str) else path + (i,)
        if not isinstance(item, str) or not _ACTION_RE.fullmatch(item.strip().lower()):
            raise ctx.error(item_path, f"expected an action name such as unlock, got {describe(item)}")
        action = item.strip().lower()
        if action in READ_ONLY_ACTIONS:
            raise ctx.error(item_path, f"{action!r} only reads the device, so there is nothing to confirm; "
                                       "list actions that change it, such as unlock or open")
        close = difflib.get_close_matches(action, sorted(ACTIONS - READ_ONLY_ACTIONS), n=1, cutoff=0.8)
        if action not in ACTIONS and close:  # a typo would leave the risky action unguarded
            raise ctx.error(item_path, f"unknown action {action!r}; did you mean {close[0]!r}? (a plugin's own "
                                       "action is allowed too: homeslm plugins lists them)")
        if action not in actions:
            actions.append(action)
    return tuple(actions)


def _model_from_dict(ctx: Checker, value: Any, path: KeyPath) -> ModelConfig:
    data = ctx.as_mapping(value, path, "a mapping with path, threshold, threads, retrain")
    with ctx.collecting():
        ctx.check_keys(data, path, _MODEL_KEYS)
    kw: dict[str, Any] = {}
    with ctx.collecting():
        if given(data, "path"):
            kw["path"] = str(ctx.as_path(data["path"], path + ("path",), "a model directory"))
    with ctx.collecting():
        if given(data, "threshold"):
            kw["threshold"] = ctx.as_number(data["threshold"], path + ("threshold",), minimum=0.0, maximum=1.0)
    with ctx.collecting():
        if given(data, "threads"):
            kw["threads"] = ctx.as_int(data["threads"], path + ("threads",), minimum=1, maximum=64)
    with ctx.collecting():
        if given(data, "retrain") or data.get("retrain") is False:
            kw["retrain"] = _retrain_mode(ctx, data["retrain"], path + ("retrain",))
    return ModelConfig(**kw)


def _retrain_mode(ctx: Checker, value: Any, path: KeyPath) -> Retrain:
    if value is False:  # YAML 1.1 reads an unquoted off as false
        return Retrain.OFF
    choices = [mode.value for mode in Retrain]
    word = value.strip().lower() if isinstance(value, str) else None
    if word not in choices:
        raise ctx.error(path, f"expected auto (retrain the model for this home in the background when its plugin "
                              f"actions or devices change) or off, got {describe(value)}"
                              f"{did_you_mean(word, choices) if word else ''}")
    return Retrain(word)


def _plugins_from_dict(ctx: Checker, value: Any, path: KeyPath) -> PluginsConfig:
    data = ctx.as_mapping(value, path, "a mapping with paths, disable and per-plugin settings")
    kw: dict[str, Any] = {}
    with ctx.collecting():
        if given(data, "paths"):
            dirs: list[str] = []
            for i, item in enumerate(ctx.as_list(data["paths"], path + ("paths",), "a list of directories")):
                with ctx.collecting():
                    directory = ctx.as_path(item, path + ("paths", i), "a directory")
                    if not directory.is_dir():
                        raise ctx.error(path + ("paths", i), f"directory {directory} does not exist")
                    dirs.append(str(directory))
            kw["paths"] = tuple(dirs)
    with ctx.collecting():
        if given(data, "disable"):
            raw = data["disable"]
            names = [raw] if isinstance(raw, str) else ctx.as_list(raw, path + ("disable",), "a list of plugin names")
            kw["disable"] = tuple(ctx.as_string(name, path + ("disable", i), "a plugin name") for i, name in enumerate(names))
    settings: dict[str, dict[str, Any]] = {}
    for key, block in data.items():
        if key in _PLUGINS_KEYS:
            continue
        if block is None:  # `zigbee2mqtt:` with nothing under it
            block = {}
        with ctx.collecting():
            if not isinstance(block, dict):
                raise ctx.error(path + (key,), f"expected the settings of plugin {key!r} as a mapping, got "
                                               f"{describe(block)}{did_you_mean(key, _PLUGINS_KEYS)}")
            settings[key.strip()] = block
    kw["settings"] = settings
    return PluginsConfig(**kw)


def _followup_from_dict(ctx: Checker, value: Any, path: KeyPath) -> float | None:
    data = ctx.as_mapping(value, path, "a mapping such as {window_s: 30}")
    ctx.check_keys(data, path, ("window_s",))
    if not given(data, "window_s"):
        return None
    return ctx.as_number(data["window_s"], path + ("window_s",), minimum=0.0)


def _commands_from_dict(ctx: Checker, value: Any, path: KeyPath) -> CommandsConfig:
    data = ctx.as_mapping(value, path, "a mapping such as {enabled: true, rate_per_s: 5, burst: 10}")
    with ctx.collecting():
        ctx.check_keys(data, path, ("enabled", "rate_per_s", "burst", "max_age_s", "remote_listen",
                                    "remote_listen_interval_s", "publish_partials"))
    kw: dict[str, Any] = {}
    for key in ("enabled", "remote_listen", "publish_partials"):
        with ctx.collecting():
            if given(data, key):
                kw[key] = ctx.as_bool(data[key], path + (key,))
    with ctx.collecting():
        if given(data, "remote_listen_interval_s"):
            kw["remote_listen_interval_s"] = ctx.as_number(data["remote_listen_interval_s"],
                                                           path + ("remote_listen_interval_s",), minimum=0.0)
    with ctx.collecting():
        if given(data, "rate_per_s"):
            kw["rate_per_s"] = ctx.as_number(data["rate_per_s"], path + ("rate_per_s",), positive=True)
    with ctx.collecting():
        if given(data, "burst"):
            kw["burst"] = ctx.as_int(data["burst"], path + ("burst",), minimum=1)
    with ctx.collecting():
        if given(data, "max_age_s"):
            kw["max_age_s"] = ctx.as_number(data["max_age_s"], path + ("max_age_s",), positive=True)
    return CommandsConfig(**kw)
