"""Device import: turn what the MQTT bus already announces into ``devices:`` entries (``homeslm import``).

Two sources are read, both retained on the broker:

* zigbee2mqtt's ``<base>/bridge/devices`` (base from ``plugins.zigbee2mqtt.base_topic``, default
  ``zigbee2mqtt``): one JSON list of every paired device with its ``exposes``. Each becomes a
  ``plugin: zigbee2mqtt`` device whose ``topic`` is the friendly name.
* Home Assistant MQTT discovery, ``<prefix>/<component>/[<node_id>/]<object_id>/config`` (prefix default
  ``homeassistant``; abbreviated keys, ``~`` and device-based ``cmps`` discovery understood). Each entity
  becomes a ``plugin: mqtt`` device with per-action templates (``options.actions``) built from its
  ``command_topic``, ``payload_on`` / ``payload_off`` and friends; switches and lights on Tasmota's
  ``cmnd/<topic>/POWER`` become ``plugin: tasmota`` devices. Entities that zigbee2mqtt announces for
  Home Assistant are left to the first source.

:func:`collect_announcements` listens on the broker for a few seconds; :func:`plan_import` maps what
was heard to :class:`Candidate` devices (skipping the coordinator, diagnostics, what the config
already has and what homeslm cannot drive, each with a reason); :func:`format_import` writes the
YAML block, with comments for what could not be mapped. Nothing here edits the user's config.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from homeslm.config import Config, MqttConfig, normalize_name
from homeslm.errors import HomeslmError

logger = logging.getLogger(__name__)

DEFAULT_WAIT_S = 3.0
"""How long :func:`collect_announcements` listens after subscribing, in seconds."""
DEFAULT_CONNECT_TIMEOUT_S = 5.0
"""How long it waits for the broker to accept the connection, in seconds."""
DEFAULT_DISCOVERY_PREFIX = "homeassistant"
DEFAULT_Z2M_BASE = "zigbee2mqtt"

Z2M_PLUGIN = "zigbee2mqtt"
MQTT_PLUGIN = "mqtt"
TASMOTA_PLUGIN = "tasmota"


# --------------------------------------------------------------------------------------------------
# What was heard


@dataclass(frozen=True)
class Announcements:
    """What the broker held on the import topics."""

    z2m_base: str
    discovery_prefix: str
    topics: tuple[str, ...]
    """The topic filters listened to."""
    z2m_devices: tuple[Any, ...] | None = None
    """The entries of ``<base>/bridge/devices``; ``None`` when it was not heard."""
    discovery: dict[str, Any] = field(default_factory=dict)
    """Home Assistant discovery topic -> its decoded JSON payload (removed configs left out)."""
    problems: tuple[str, ...] = ()
    """Payloads that could not be read, as ``topic: problem``."""

    @property
    def empty(self) -> bool:
        return self.z2m_devices is None and not self.discovery and not self.problems


def subscription_topics(z2m_base: str, discovery_prefix: str) -> tuple[str, ...]:
    """The topic filters the import listens to."""
    for what, value in (("zigbee2mqtt base topic", z2m_base), ("discovery prefix", discovery_prefix)):
        if not value.strip("/") or any(c in value for c in "+#\x00"):
            raise HomeslmError(f"{what} {value!r}: expected a topic without wildcards, e.g. "
                               f"{DEFAULT_Z2M_BASE if 'zigbee' in what else DEFAULT_DISCOVERY_PREFIX}")
    base, prefix = z2m_base.strip("/"), discovery_prefix.strip("/")
    return (f"{base}/bridge/devices", f"{prefix}/+/+/config", f"{prefix}/+/+/+/config")


def decode_announcements(messages: Mapping[str, bytes], *, z2m_base: str = DEFAULT_Z2M_BASE,
                         discovery_prefix: str = DEFAULT_DISCOVERY_PREFIX) -> Announcements:
    """Sort retained payloads by topic into :class:`Announcements` (the last payload per topic counts)."""
    topics = subscription_topics(z2m_base, discovery_prefix)
    devices_topic = topics[0]
    z2m: tuple[Any, ...] | None = None
    discovery: dict[str, Any] = {}
    problems: list[str] = []
    for topic in sorted(messages):
        payload = messages[topic]
        if not payload:  # an empty retained message removes the announcement
            continue
        try:
            data = json.loads(payload.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            problems.append(f"{topic}: not JSON ({exc})")
            continue
        if topic == devices_topic:
            if isinstance(data, list):
                z2m = tuple(data)
            else:
                problems.append(f"{topic}: expected a JSON list of devices, got {type(data).__name__}")
        elif isinstance(data, dict):
            discovery[topic] = data
        else:
            problems.append(f"{topic}: expected a JSON object, got {type(data).__name__}")
    return Announcements(z2m_base.strip("/"), discovery_prefix.strip("/"), topics, z2m, discovery, tuple(problems))


def collect_announcements(mqtt: MqttConfig, *, site: str = "default", z2m_base: str = DEFAULT_Z2M_BASE,
                          discovery_prefix: str = DEFAULT_DISCOVERY_PREFIX, wait_s: float = DEFAULT_WAIT_S,
                          connect_timeout_s: float = DEFAULT_CONNECT_TIMEOUT_S, where: str = "the config") -> Announcements:
    """Connect with ``mqtt`` (auth and TLS as configured), listen ``wait_s`` seconds on the import topics
    and return what was announced. ``where`` names the config file in error messages.

    Raises :class:`HomeslmError` when the broker cannot be reached within ``connect_timeout_s`` or
    refuses the subscriptions.
    """
    from homeslm.mqtt import MqttClient  # paho is loaded only when the bus is read

    if wait_s < 0 or connect_timeout_s <= 0:
        raise HomeslmError(f"wait {wait_s:g} s, connect timeout {connect_timeout_s:g} s: expected positive numbers")
    topics = subscription_topics(z2m_base, discovery_prefix)
    lock = threading.Lock()
    heard: dict[str, bytes] = {}

    def on_message(topic: str, payload: bytes) -> None:
        with lock:
            heard[topic] = payload

    client = MqttClient(mqtt, site=site, client_id=f"homeslm-{site}-import-{os.getpid()}", availability=False)
    for topic in topics:
        client.subscribe(topic, on_message, qos=0)
    client.start()
    try:
        if not client.wait_connected(connect_timeout_s):
            raise HomeslmError(
                f"cannot reach the MQTT broker at {mqtt.host}:{mqtt.port} within {connect_timeout_s:g} s; check that "
                f"it runs and that mqtt.host, mqtt.port, mqtt.username and mqtt.tls in {where} are right (the "
                "warning above says why it failed), or give it longer with --timeout")
        if not client.wait_subscribed(connect_timeout_s):
            raise HomeslmError(f"the MQTT broker at {mqtt.host}:{mqtt.port} refused or did not confirm the "
                               f"subscriptions to {', '.join(topics)}; allow this user to read them in the broker's ACL")
        logger.info("listening %.1f s on %s", wait_s, ", ".join(topics))
        threading.Event().wait(wait_s)  # the collection window: retained announcements arrive at once
        with lock:
            messages = dict(heard)
    finally:
        client.stop(timeout_s=1.0)
    return decode_announcements(messages, z2m_base=z2m_base, discovery_prefix=discovery_prefix)


# --------------------------------------------------------------------------------------------------
# What to import


@dataclass(frozen=True)
class Candidate:
    """One device to add, as the YAML keys of a ``devices:`` entry."""

    entry: dict[str, Any]
    """name, type, device_class, area, plugin, topic, confirm, options (only those that apply)."""
    source: str
    """Where it was announced, e.g. ``zigbee2mqtt kitchen_ceiling (0x00178801...)``."""
    notes: tuple[str, ...] = ()
    """What could not be mapped, what to check; written as comments."""
    area_hint: str | None = None
    """An announced area that is not a configured one."""
    needs_name: bool = False
    """No speakable name was announced: written commented out, for the user to name."""

    @property
    def name(self) -> str:
        return str(self.entry["name"])


@dataclass(frozen=True)
class Skipped:
    """An announcement not imported, and why."""

    source: str
    reason: str


@dataclass(frozen=True)
class ImportPlan:
    """What :func:`plan_import` found: devices to add (some to be named first) and announcements skipped."""

    devices: tuple[Candidate, ...]
    skipped: tuple[Skipped, ...]
    announcements: Announcements

    @property
    def ready(self) -> tuple[Candidate, ...]:
        """Devices written as entries."""
        return tuple(c for c in self.devices if not c.needs_name)

    @property
    def unnamed(self) -> tuple[Candidate, ...]:
        """Devices written commented out, until the user names them."""
        return tuple(c for c in self.devices if c.needs_name)

    def summary(self) -> str:
        """``5 devices to add, 1 to name first, 6 not imported``."""
        ready = len(self.ready)
        return (f"{ready} device{'' if ready == 1 else 's'} to add, {len(self.unnamed)} to name first, "
                f"{len(self.skipped)} not imported")


_IEEE = re.compile(r"0x[0-9a-f]{16}", re.IGNORECASE)


def speakable(text: str) -> str:
    """A name people can say: ``Living_Room/CeilingBulb`` -> ``living room ceiling bulb``."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)
    text = re.sub(r"[_\-/.:,;|()\[\]{}]+", " ", text)
    text = re.sub(r"[^\w' ]+", "", text)
    return normalize_name(text)


def _is_speakable(name: str) -> bool:
    return bool(name) and not _IEEE.fullmatch(name.replace(" ", "")) and any(c.isalpha() for c in name)


def _area(hints: Iterable[Any], areas: Sequence[str]) -> tuple[str | None, str | None]:
    """(configured area, unconfigured hint) from announced area hints, first match wins."""
    unmatched = None
    for hint in hints:
        if not isinstance(hint, str) or not hint.strip():
            continue
        name = speakable(hint)
        if name in areas:
            return name, None
        unmatched = unmatched or hint.strip()
    return None, unmatched


def _entry(name: str, dtype: str, plugin: str, topic: str | None, *, device_class: str | None = None,
           area: str | None = None, options: dict[str, Any] | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": name, "type": dtype}
    if device_class:
        entry["device_class"] = device_class
    if area:
        entry["area"] = area
    entry["plugin"] = plugin
    if topic:
        entry["topic"] = topic
    if dtype == "lock" or (dtype == "cover" and device_class in ("garage", "gate", "door")):
        entry["confirm"] = True
    if options:
        entry["options"] = options
    return entry


def _class_from_words(text: str, classes: Sequence[str]) -> str | None:
    """The first of ``classes`` named in ``text`` (``Garage_Door`` names ``garage door``)."""
    words = f" {speakable(text)} "
    return next((cls for cls in classes if f" {cls} " in words), None)


# -- zigbee2mqtt ----------------------------------------------------------------------------------

_Z2M_SPECIFIC = ("light", "cover", "lock", "climate", "fan", "switch")
#: binary property -> binary_sensor device class.
_Z2M_BINARY = {"contact": "opening", "occupancy": "motion", "presence": "presence", "water_leak": "moisture",
               "smoke": "smoke", "vibration": "vibration"}
#: numeric property -> (sensor device class, words added to the name when it is not the device's first reading).
_Z2M_READINGS = {"temperature": ("temperature", "temperature"), "humidity": ("humidity", "humidity"),
                 "illuminance_lux": ("illuminance", "light level"), "illuminance": ("illuminance", "light level"),
                 "pressure": ("pressure", "pressure"), "co2": ("co2", "carbon dioxide")}
_COVER_CLASSES = ("curtain", "blind", "shade", "shutter", "awning", "garage", "gate")
_OPENING_CLASSES = ("garage door", "window", "door")


def _features(expose: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    out = [expose]
    for feature in expose.get("features") or ():
        if isinstance(feature, Mapping):
            out += _features(feature)
    return out


def _properties(exposes: Sequence[Any]) -> dict[str, Mapping[str, Any]]:
    """property/name -> feature, over every expose and nested feature."""
    found: dict[str, Mapping[str, Any]] = {}
    for expose in exposes:
        if isinstance(expose, Mapping):
            for feature in _features(expose):
                key = feature.get("property") or feature.get("name")
                if isinstance(key, str):
                    found.setdefault(key, feature)
    return found


def zigbee2mqtt_candidates(devices: Sequence[Any], areas: Sequence[str]) -> list[Candidate | Skipped]:
    """Map the entries of zigbee2mqtt's ``bridge/devices`` to devices (one or more per entry) or skips."""
    out: list[Candidate | Skipped] = []
    for dev in devices:
        if not isinstance(dev, Mapping):
            out.append(Skipped("zigbee2mqtt bridge/devices", f"an entry that is not an object: {dev!r:.60}"))
            continue
        out += _z2m_device(dev, areas)
    return out


def _z2m_device(dev: Mapping[str, Any], areas: Sequence[str]) -> list[Candidate | Skipped]:
    friendly = str(dev.get("friendly_name") or dev.get("ieee_address") or "?")
    ieee = dev.get("ieee_address")
    source = f"zigbee2mqtt {friendly}" + (f" ({ieee})" if ieee and ieee != friendly else "")
    if dev.get("type") == "Coordinator":
        return [Skipped(source, "the Zigbee coordinator")]
    if dev.get("disabled"):
        return [Skipped(source, "disabled in zigbee2mqtt")]
    definition = dev.get("definition")
    if not isinstance(definition, Mapping) or not isinstance(definition.get("exposes"), list):
        why = "not interviewed yet" if dev.get("interview_completed") is False else "not supported by zigbee2mqtt"
        return [Skipped(source, f"{why}: it announces nothing homeslm could drive")]
    exposes = [e for e in definition["exposes"] if isinstance(e, Mapping)]
    model = " ".join(str(definition[k]) for k in ("vendor", "model") if definition.get(k))
    about = f"{model}: {definition['description']}" if definition.get("description") else model
    source += f", {about}" if about else ""

    name = speakable(friendly)
    path = friendly.split("/")
    description = dev.get("description")
    if not isinstance(description, str) or len(description.split()) > 3:
        description = None  # a sentence about the device, not a room
    area, hint = _area([description, *(path[:-1] if len(path) > 1 else [])], areas)
    props = _properties(exposes)
    specific = [e for e in exposes if e.get("type") in _Z2M_SPECIFIC]
    notes: list[str] = []
    needs_name = not _is_speakable(name)
    if needs_name:
        notes.append("no friendly name in zigbee2mqtt: rename it there (or name it here), then uncomment")
        name = name or friendly.lower()
    readings = [p for p in _Z2M_READINGS if p in props]

    def made(entry: dict[str, Any], extra_notes: Sequence[str] = ()) -> Candidate:
        return Candidate(entry, source, tuple(notes) + tuple(extra_notes), hint, needs_name)

    if specific:
        kinds = [str(e["type"]) for e in specific]
        dtype = min(kinds, key=_Z2M_SPECIFIC.index)
        same = [e for e in specific if e.get("type") == dtype]
        endpoints = [str(e["endpoint"]) for e in same if e.get("endpoint")]
        if len(same) > 1:
            notes.append(f"{len(same)} {dtype} endpoints ({', '.join(endpoints) or 'unnamed'}): commands go to "
                         "zigbee2mqtt's default endpoint")
        device_class = None
        if dtype == "light":
            feats = {str(f.get("name")) for e in same for f in _features(e)}
            can = [word for key, word in (("brightness", "brightness"), ("color_xy", "colour"), ("color_hs", "colour"),
                                          ("color_temp", "colour temperature")) if key in feats]
            source_note = ", ".join(dict.fromkeys(can)) or "on/off only"
            notes.insert(0, f"light: {source_note}")
        elif dtype == "cover":
            device_class = _class_from_words(f"{friendly} {about}", _COVER_CLASSES)
        others = [p for p in ("power", "energy", *readings) if p in props]
        if others:
            notes.append(f"also reports {', '.join(others)} (not imported)")
        return [made(_entry(name, dtype, Z2M_PLUGIN, friendly, device_class=device_class, area=area))]

    binary = next((p for p in _Z2M_BINARY if p in props), None)
    if binary is not None:
        device_class = _Z2M_BINARY[binary]
        if binary == "contact":
            found = _class_from_words(friendly, _OPENING_CLASSES)
            device_class = found.replace(" ", "_") if found else "opening"
        extra = [f"also reports {', '.join(readings)} (not imported)"] if readings else []
        return [made(_entry(name, "binary_sensor", Z2M_PLUGIN, friendly, device_class=device_class, area=area), extra)]

    if readings:
        if needs_name and len(readings) > 1:  # one entry to name; importing again after renaming gives them all
            notes.append(f"also reports {', '.join(readings[1:])}: once it has a friendly name, import again for one "
                         "device per reading")
            readings = readings[:1]
        out: list[Candidate | Skipped] = []
        seen: set[str] = set()
        for i, prop in enumerate(readings):
            device_class, words = _Z2M_READINGS[prop]
            if device_class in seen:
                continue
            seen.add(device_class)
            reading_name = name if i == 0 else f"{name} {words}"
            out.append(made(_entry(reading_name, "sensor", Z2M_PLUGIN, friendly, device_class=device_class, area=area)))
        return out

    what = ", ".join(sorted(p for p in props if p not in ("linkquality", "battery", "voltage"))) or "nothing"
    reason = ("a remote or button: it sends 'action' events, which homeslm does not react to" if "action" in props
              else f"exposes nothing homeslm drives ({what})")
    return [Skipped(source, reason)]


# -- Home Assistant MQTT discovery ------------------------------------------------------------------

#: Abbreviations of Home Assistant discovery payloads (the keys read here).
ABBREVIATIONS = {
    "cmd_t": "command_topic", "cmd_tpl": "command_template", "stat_t": "state_topic", "val_tpl": "value_template",
    "stat_val_tpl": "state_value_template", "pl_on": "payload_on", "pl_off": "payload_off", "stat_on": "state_on",
    "stat_off": "state_off", "bri_cmd_t": "brightness_command_topic", "bri_scl": "brightness_scale",
    "bri_stat_t": "brightness_state_topic", "clr_temp_cmd_t": "color_temp_command_topic",
    "clr_temp_k": "color_temp_kelvin", "rgb_cmd_t": "rgb_command_topic", "xy_cmd_t": "xy_command_topic",
    "hs_cmd_t": "hs_command_topic", "sup_clrm": "supported_color_modes", "cmd_on_tpl": "command_on_template",
    "pl_open": "payload_open", "pl_cls": "payload_close", "pl_stop": "payload_stop", "pos_t": "position_topic",
    "set_pos_t": "set_position_topic", "set_pos_tpl": "set_position_template", "pos_open": "position_open",
    "pos_clsd": "position_closed", "pl_lock": "payload_lock", "pl_unlk": "payload_unlock",
    "temp_cmd_t": "temperature_command_topic", "temp_cmd_tpl": "temperature_command_template",
    "mode_cmd_t": "mode_command_topic", "mode_stat_t": "mode_state_topic", "curr_temp_t": "current_temperature_topic",
    "curr_temp_tpl": "current_temperature_template", "pl_strt": "payload_start",
    "pl_ret": "payload_return_to_base", "pl_prs": "payload_press", "dev_cla": "device_class",
    "unit_of_meas": "unit_of_measurement", "uniq_id": "unique_id", "obj_id": "object_id", "dev": "device",
    "ent_cat": "entity_category", "o": "origin", "p": "platform", "cmps": "components", "pct_cmd_t":
    "percentage_command_topic", "json_attr_t": "json_attributes_topic",
}
_DEVICE_ABBREVIATIONS = {"ids": "identifiers", "mf": "manufacturer", "mdl": "model", "sa": "suggested_area",
                         "sw": "sw_version", "hw": "hw_version", "name": "name"}
#: Home Assistant component -> homeslm device type.
HA_TYPES = {"light": "light", "switch": "switch", "fan": "fan", "cover": "cover", "lock": "lock", "climate": "climate",
            "valve": "valve", "vacuum": "vacuum", "binary_sensor": "binary_sensor", "sensor": "sensor",
            "scene": "scene", "button": "script"}
_VALUE_JSON = re.compile(r"\{\{\s*value_json(?:\.(\w+)|\[\s*['\"]([^'\"]+)['\"]\s*\])\s*(?:\|[^}]*)?\}\}")


def _expand(config: Mapping[str, Any]) -> dict[str, Any]:
    """Long keys, ``~`` replaced in topics, the device mapping expanded too."""
    out = {ABBREVIATIONS.get(str(k), str(k)): v for k, v in config.items()}
    base = out.get("~")
    if isinstance(base, str):
        for key, value in out.items():
            if key.endswith("_topic") and isinstance(value, str):
                if value.startswith("~"):
                    value = base + value[1:]
                elif value.endswith("~"):
                    value = value[:-1] + base
                out[key] = value
    device = out.get("device")
    if isinstance(device, Mapping):
        out["device"] = {_DEVICE_ABBREVIATIONS.get(str(k), str(k)): v for k, v in device.items()}
    return out


def _json_key(template: Any) -> str | None:
    """``state`` from ``{{ value_json.state }}`` (the only templates the mqtt plugin can follow)."""
    if not isinstance(template, str):
        return None
    match = _VALUE_JSON.fullmatch(template.strip())
    return (match.group(1) or match.group(2)) if match else None


def discovery_candidates(configs: Mapping[str, Any], areas: Sequence[str], *,
                         discovery_prefix: str = DEFAULT_DISCOVERY_PREFIX,
                         z2m_base: str = DEFAULT_Z2M_BASE) -> list[Candidate | Skipped]:
    """Map Home Assistant discovery configs (topic -> payload) to ``mqtt`` plugin devices or skips."""
    out: list[Candidate | Skipped] = []
    prefix = discovery_prefix.strip("/")
    for topic in sorted(configs):
        levels = topic.split("/")
        if topic.startswith(prefix + "/"):
            levels = topic[len(prefix) + 1:].split("/")
        if len(levels) not in (3, 4) or levels[-1] != "config" or not isinstance(configs[topic], Mapping):
            out.append(Skipped(topic, "not a discovery config topic or payload"))
            continue
        component, object_id = levels[0], levels[-2]
        config = _expand(configs[topic])
        if component == "device":  # device-based discovery: shared keys plus one config per component
            shared = {k: v for k, v in config.items() if k != "components"}
            components = config.get("components")
            if not isinstance(components, Mapping):
                out.append(Skipped(topic, "device discovery without components"))
                continue
            for comp_id, comp in components.items():
                if isinstance(comp, Mapping):
                    merged = _expand({**shared, **comp})
                    out.append(_ha_entity(f"{topic} ({comp_id})", str(merged.get("platform", "?")), str(comp_id),
                                          merged, areas, z2m_base))
            continue
        out.append(_ha_entity(topic, component, object_id, config, areas, z2m_base))
    return out


def _device_of(config: Mapping[str, Any]) -> Mapping[str, Any]:
    device = config.get("device")
    return device if isinstance(device, Mapping) else {}


def _ha_name(config: Mapping[str, Any], object_id: str) -> str:
    device = _device_of(config)
    dev_name = device.get("name") if isinstance(device.get("name"), str) else None
    ent_name = config.get("name") if isinstance(config.get("name"), str) else None
    ent, dev = speakable(ent_name or ""), speakable(dev_name or "")
    if ent and dev and not ent.startswith(dev) and ent not in dev:
        return f"{dev} {ent}"  # Home Assistant's friendly name: device name, then entity name
    return dev if dev and ent in dev else (ent or dev or speakable(object_id))


def _ha_entity(source: str, component: str, object_id: str, config: Mapping[str, Any], areas: Sequence[str],
               z2m_base: str) -> Candidate | Skipped:
    origin = config.get("origin")
    topics = [v for k, v in config.items() if k.endswith("_topic") and isinstance(v, str)]
    from_z2m = (isinstance(origin, Mapping) and str(origin.get("name", "")).lower() == "zigbee2mqtt") or any(
        t.startswith(z2m_base.strip("/") + "/") for t in topics)
    if from_z2m:
        return Skipped(source, "announced by zigbee2mqtt for Home Assistant: imported from its bridge/devices")
    if config.get("entity_category") in ("diagnostic", "config"):
        return Skipped(source, f"a {config['entity_category']} entity")
    dtype = HA_TYPES.get(component)
    if dtype is None:
        return Skipped(source, f"component {component!r} is not a homeslm device type")
    mapper = _HA_MAPPERS[component]
    device = _device_of(config)
    about = ", ".join(str(device[k]) for k in ("name", "manufacturer", "model") if isinstance(device.get(k), str))
    source += f", {about}" if about else ""
    area, hint = _area([device.get("suggested_area"), config.get("suggested_area")], areas)
    name = _ha_name(config, object_id)
    notes: list[str] = []
    needs_name = not _is_speakable(name)
    if needs_name:
        notes.append("no speakable name announced: name it here, then uncomment")
        name = name or object_id
    tasmota = _tasmota(config, component)
    if tasmota is not None:
        tasmota_topic, relay = tasmota
        notes.append("a Tasmota device (cmnd/<topic>/POWER): driven by the tasmota plugin")
        return Candidate(_entry(name, HA_TYPES[component], TASMOTA_PLUGIN, tasmota_topic, area=area,
                                options={"relay": relay} if relay > 1 else None), source, tuple(notes), hint, needs_name)
    options: dict[str, Any] = {}
    actions: dict[str, dict[str, Any]] = {}
    problem = mapper(config, actions, options, notes)
    if problem:
        return Skipped(source, problem)
    if config.get("command_template") and component not in ("light",):
        notes.append("its command_template is not applied: check the payloads")
    state_topic = config.get("state_topic")
    topic = state_topic if isinstance(state_topic, str) else options.pop("_topic", None)
    options.pop("_topic", None)
    key = _json_key(config.get("state_value_template") or config.get("value_template"))
    if key is not None and key != "state" and isinstance(state_topic, str):
        options["state_key"] = key
        if dtype == "sensor" and config.get("device_class") == "temperature":
            options["temperature_key"] = key
    elif config.get("value_template") and key is None and isinstance(state_topic, str):
        notes.append(f"state read from the whole payload: its value_template {config['value_template']!r} is not applied")
    if actions:
        options = {"actions": actions, **options}
    device_class = config.get("device_class") if isinstance(config.get("device_class"), str) else None
    entry = _entry(name, dtype, MQTT_PLUGIN, topic if isinstance(topic, str) else None, device_class=device_class,
                   area=area, options=options)
    if not isinstance(topic, str):
        notes.append("announces no topic to read its state from")
    return Candidate(entry, source, tuple(notes), hint, needs_name)


_TASMOTA_POWER = re.compile(r"cmnd/([^/+#]+)/POWER([0-9]*)")


def _tasmota(config: Mapping[str, Any], component: str) -> tuple[str, int] | None:
    """(Tasmota topic, relay) of a switch, fan or light announced with Tasmota's default FullTopic."""
    if component not in ("switch", "light", "fan"):
        return None
    match = _TASMOTA_POWER.fullmatch(str(config.get("command_topic", "")))
    if match is None:
        return None
    dimmer = config.get("brightness_command_topic")
    if component == "light" and dimmer is not None and dimmer != f"cmnd/{match.group(1)}/Dimmer":
        return None  # brightness elsewhere: not the Tasmota light the plugin knows
    return match.group(1), int(match.group(2) or 1)


def _send(actions: dict[str, dict[str, Any]], action: str, topic: Any, payload: Any) -> None:
    if isinstance(topic, str) and topic and payload is not None:
        actions[action] = {"topic": topic, "payload": payload}


def _need_command(config: Mapping[str, Any], options: dict[str, Any]) -> str | None:
    cmd = config.get("command_topic")
    if not isinstance(cmd, str) or not cmd:
        return "announces no command_topic"
    options["_topic"] = cmd
    return None


def _map_onoff(config: Mapping[str, Any], actions: dict[str, dict[str, Any]], options: dict[str, Any],
               notes: list[str]) -> str | None:
    problem = _need_command(config, options)
    if problem:
        return problem
    cmd = config["command_topic"]
    _send(actions, "turn_on", cmd, config.get("payload_on", "ON"))
    _send(actions, "turn_off", cmd, config.get("payload_off", "OFF"))
    for key, usual in (("state_on", "ON"), ("state_off", "OFF")):
        if key in config and str(config[key]).lower() != usual.lower():
            notes.append(f"reports {config[key]!r} for {usual.lower()}: its state is read as that word")
    if "percentage_command_topic" in config:
        notes.append("fan speed (percentage_command_topic) not imported")
    return None


def _map_light(config: Mapping[str, Any], actions: dict[str, dict[str, Any]], options: dict[str, Any],
               notes: list[str]) -> str | None:
    schema = str(config.get("schema", "default")).lower()
    if schema == "template":
        problem = _need_command(config, options) if "command_topic" in config else "announces no command_topic"
        notes.append("template schema: its command templates are Jinja, which homeslm cannot run; write "
                     "options.actions by hand")
        return problem
    if schema != "json":
        problem = _map_onoff(config, actions, options, notes)
        if problem:
            return problem
        scale = config.get("brightness_scale", 255)
        if "brightness_command_topic" in config:
            if scale == 100:
                _send(actions, "set_brightness", config["brightness_command_topic"], "{value}")
            else:
                notes.append(f"brightness on a 0-{scale} scale: homeslm sends percent, set brightness_scale: 100 on "
                             "the device or add options.actions.set_brightness by hand")
        if "color_temp_command_topic" in config:
            if config.get("color_temp_kelvin"):
                _send(actions, "set_color_temp", config["color_temp_command_topic"], "{value}")
            else:
                notes.append("colour temperature in mireds: not imported (homeslm sends kelvin)")
        if any(k in config for k in ("rgb_command_topic", "xy_command_topic", "hs_command_topic")):
            notes.append("colour (rgb/xy/hs) not imported: homeslm sends colour names")
        return None
    problem = _need_command(config, options)
    if problem:
        return problem
    cmd = config["command_topic"]
    _send(actions, "turn_on", cmd, {"state": "ON"})
    _send(actions, "turn_off", cmd, {"state": "OFF"})
    modes = config.get("supported_color_modes") or []
    modes = [str(m) for m in modes] if isinstance(modes, list) else []
    if config.get("brightness") or any(m != "onoff" for m in modes):
        scale = config.get("brightness_scale", 255)
        if scale == 100:
            _send(actions, "set_brightness", cmd, {"state": "ON", "brightness": "{value}"})
        else:
            notes.append(f"brightness on a 0-{scale} scale: homeslm sends percent, set brightness_scale: 100 on the "
                         "device or add options.actions.set_brightness by hand")
    if "color_temp" in modes:
        if config.get("color_temp_kelvin"):
            _send(actions, "set_color_temp", cmd, {"state": "ON", "color_temp": "{value}"})
        else:
            notes.append("colour temperature in mireds: not imported (homeslm sends kelvin)")
    if any(m in modes for m in ("hs", "xy", "rgb", "rgbw", "rgbww")):
        notes.append("colour (rgb/xy/hs) not imported: homeslm sends colour names")
    return None


def _map_cover(config: Mapping[str, Any], actions: dict[str, dict[str, Any]], options: dict[str, Any],
               notes: list[str]) -> str | None:
    cmd = config.get("command_topic")
    _send(actions, "open", cmd, config.get("payload_open", "OPEN"))
    _send(actions, "close", cmd, config.get("payload_close", "CLOSE"))
    position = config.get("set_position_topic")
    if isinstance(position, str):
        if config.get("position_open", 100) == 100 and config.get("position_closed", 0) == 0 and \
                not config.get("set_position_template"):
            _send(actions, "set_position", position, "{value}")
        else:
            notes.append("its position scale or template differs from 0-100: set_position not imported")
    if not actions:
        return "announces no command_topic or set_position_topic"
    options["_topic"] = config.get("position_topic") or cmd or position
    return None


def _map_lock(config: Mapping[str, Any], actions: dict[str, dict[str, Any]], options: dict[str, Any],
              notes: list[str]) -> str | None:
    problem = _need_command(config, options)
    if problem:
        return problem
    _send(actions, "lock", config["command_topic"], config.get("payload_lock", "LOCK"))
    _send(actions, "unlock", config["command_topic"], config.get("payload_unlock", "UNLOCK"))
    return None


def _map_valve(config: Mapping[str, Any], actions: dict[str, dict[str, Any]], options: dict[str, Any],
               notes: list[str]) -> str | None:
    problem = _need_command(config, options)
    if problem:
        return problem
    _send(actions, "open", config["command_topic"], config.get("payload_open", "OPEN"))
    _send(actions, "close", config["command_topic"], config.get("payload_close", "CLOSE"))
    return None


def _map_climate(config: Mapping[str, Any], actions: dict[str, dict[str, Any]], options: dict[str, Any],
                 notes: list[str]) -> str | None:
    _send(actions, "set_temperature", config.get("temperature_command_topic"), "{value}")
    if config.get("temperature_command_template"):
        notes.append("its temperature_command_template is not applied: check the payload")
    mode_topic = config.get("mode_command_topic")
    modes = [str(m) for m in config.get("modes", ["auto", "off", "cool", "heat", "dry", "fan_only"])]
    if isinstance(mode_topic, str):
        on_mode = "heat" if "heat" in modes else next((m for m in modes if m != "off"), None)
        _send(actions, "turn_on", mode_topic, on_mode)
        if "off" in modes:
            _send(actions, "turn_off", mode_topic, "off")
    if not actions:
        return "announces no temperature_command_topic or mode_command_topic"
    current = config.get("current_temperature_topic")
    if isinstance(current, str):
        options["state_topic"] = current
        key = _json_key(config.get("current_temperature_template"))
        if key:
            options["temperature_key"] = key
    options["_topic"] = config.get("mode_state_topic") or current or config.get("temperature_command_topic") or mode_topic
    return None


def _map_vacuum(config: Mapping[str, Any], actions: dict[str, dict[str, Any]], options: dict[str, Any],
                notes: list[str]) -> str | None:
    problem = _need_command(config, options)
    if problem:
        return problem
    _send(actions, "vacuum_start", config["command_topic"], config.get("payload_start", "start"))
    _send(actions, "vacuum_return_to_base", config["command_topic"], config.get("payload_return_to_base", "return_to_base"))
    return None


def _map_press(payload_key: str, default: str) -> Any:
    def mapper(config: Mapping[str, Any], actions: dict[str, dict[str, Any]], options: dict[str, Any],
               notes: list[str]) -> str | None:
        problem = _need_command(config, options)
        if problem:
            return problem
        _send(actions, "turn_on", config["command_topic"], config.get(payload_key, default))
        return None
    return mapper


def _map_reading(config: Mapping[str, Any], actions: dict[str, dict[str, Any]], options: dict[str, Any],
                 notes: list[str]) -> str | None:
    if not isinstance(config.get("state_topic"), str):
        return "announces no state_topic"
    if config.get("unit_of_measurement"):
        notes.append(f"unit: {config['unit_of_measurement']}")
    return None


_HA_MAPPERS: dict[str, Any] = {
    "light": _map_light, "switch": _map_onoff, "fan": _map_onoff, "cover": _map_cover, "lock": _map_lock,
    "valve": _map_valve, "climate": _map_climate, "vacuum": _map_vacuum, "scene": _map_press("payload_on", "ON"),
    "button": _map_press("payload_press", "PRESS"), "binary_sensor": _map_reading, "sensor": _map_reading,
}


# -- the plan -------------------------------------------------------------------------------------


def plan_import(announcements: Announcements, config: Config) -> ImportPlan:
    """Map the announcements to devices, skipping those the config already has (same name or alias,
    or same plugin and topic) and keeping names unique (``plug``, ``plug 2``)."""
    found: list[Candidate | Skipped] = []
    if announcements.z2m_devices is not None:
        found += zigbee2mqtt_candidates(announcements.z2m_devices, config.areas)
    found += discovery_candidates(announcements.discovery, config.areas, discovery_prefix=announcements.discovery_prefix,
                                  z2m_base=announcements.z2m_base)
    found += [Skipped(topic, why) for topic, _, why in (p.partition(": ") for p in announcements.problems)]
    names: dict[str, str] = {}
    for device in config.devices:
        for word in (device.name, *device.aliases):
            names[word] = device.name
    topics: dict[tuple[str, str], str] = {}
    for device in config.devices:
        topic = device.topic or (device.name if device.plugin == Z2M_PLUGIN else None)
        if topic:
            topics[(device.plugin, topic)] = device.name
    devices: list[Candidate] = []
    skipped: list[Skipped] = []
    taken: set[str] = set(names)
    for item in found:
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        entry = item.entry
        same_topic = topics.get((entry["plugin"], entry.get("topic", "")))
        if same_topic is not None:
            skipped.append(Skipped(item.source, f"already configured: device {same_topic!r} has topic {entry['topic']!r}"))
            continue
        if item.name in names:
            skipped.append(Skipped(item.source, f"already configured: {item.name!r} names device {names[item.name]!r}"))
            continue
        if item.name in taken:
            n = 2
            while f"{item.name} {n}" in taken:
                n += 1
            new = f"{item.name} {n}"
            item = Candidate({**entry, "name": new}, item.source,
                             item.notes + (f"renamed: {item.name!r} names another device",), item.area_hint, item.needs_name)
        taken.add(item.name)
        devices.append(item)
    return ImportPlan(tuple(devices), tuple(skipped), announcements)


# -- YAML -----------------------------------------------------------------------------------------


def _flow(value: Any) -> str:
    text = yaml.safe_dump(value, default_flow_style=True, sort_keys=False, allow_unicode=True, width=1 << 20)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def _block(key: str, value: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, Mapping) and any(isinstance(v, Mapping) for v in value.values()):
        lines = [f"{pad}{key}:"]
        for k, v in value.items():
            lines += _block(str(k), v, indent + 2)
        return lines
    return [f"{pad}{key}: {_flow(value)}"]


def _comment(text: str, indent: int) -> str:
    return " " * indent + "# " + text


def format_import(plan: ImportPlan, config: Config, *, broker: str | None = None) -> str:
    """The ``devices:`` block to paste into the config, with comments for what to check."""
    out: list[str] = []
    where = f" from {broker}" if broker else ""
    out.append(f"# homeslm import{where}: {plan.summary()} (listed at the end).")
    out.append("# Check each name (it is what people say) and set the missing areas, then copy the entries under")
    out.append(f"# devices: in {config.source or 'your config'}. Entries commented out need a name first.")
    if config.areas:
        out.append(f"# Configured areas: {', '.join(config.areas)}.")
    configured_base = str(config.plugins.settings.get(Z2M_PLUGIN, {}).get("base_topic", DEFAULT_Z2M_BASE)).strip("/")
    if any(c.entry["plugin"] == Z2M_PLUGIN for c in plan.devices) and plan.announcements.z2m_base != configured_base:
        out.append(f"# zigbee2mqtt uses the base topic {plan.announcements.z2m_base!r}: add to the config "
                   f"plugins: {{zigbee2mqtt: {{base_topic: {plan.announcements.z2m_base}}}}}")
    out.append("devices:" if plan.devices else "devices: []")
    for candidate in plan.devices:
        out.append("")
        out.append(_comment(candidate.source, 2))
        out += [_comment(f"  {note}", 2) for note in candidate.notes]
        entry = candidate.entry
        area_after = "device_class" if "device_class" in entry else "type"
        lines: list[str] = []
        for i, (key, value) in enumerate(entry.items()):
            block = _block(key, value, 0)
            lines.append(f"  {'- ' if i == 0 else '  '}{block[0]}")
            lines += [f"    {line}" for line in block[1:]]
            if key == area_after and "area" not in entry:
                if candidate.area_hint:
                    lines.append(f"    # area: {speakable(candidate.area_hint)}   # announced, but not a configured "
                                 "area: add it to areas: first")
                else:
                    lines.append("    # area:   # which room? (none announced)")
        if candidate.needs_name:
            lines = ["  # " + line[2:] for line in lines]
        out += lines
    if plan.skipped:
        out += ["", "# Not imported:"]
        out += [f"#   {s.source}: {s.reason}" for s in plan.skipped]
    return "\n".join(out) + "\n"


def import_devices(config: Config, *, wait_s: float = DEFAULT_WAIT_S,
                   connect_timeout_s: float = DEFAULT_CONNECT_TIMEOUT_S, z2m_base: str | None = None,
                   discovery_prefix: str = DEFAULT_DISCOVERY_PREFIX) -> ImportPlan:
    """Listen on the config's broker and plan the import (``homeslm import`` without the printing).

    ``z2m_base`` defaults to ``plugins.zigbee2mqtt.base_topic``. Raises :class:`HomeslmError` when the
    broker cannot be reached or nothing was announced within ``wait_s``.
    """
    if z2m_base is None:
        z2m_base = str(config.plugins.settings.get(Z2M_PLUGIN, {}).get("base_topic", DEFAULT_Z2M_BASE))
    heard = collect_announcements(config.mqtt, site=config.site, z2m_base=z2m_base, discovery_prefix=discovery_prefix,
                                  wait_s=wait_s, connect_timeout_s=connect_timeout_s,
                                  where=config.source or "the config")
    if heard.empty:
        raise HomeslmError(
            f"nothing announced on {config.mqtt.host}:{config.mqtt.port} within {wait_s:g} s on "
            f"{', '.join(heard.topics)}; check that zigbee2mqtt runs with this base topic (--base-topic, "
            "plugins.zigbee2mqtt.base_topic) or that your devices use Home Assistant discovery with this prefix "
            "(--discovery-prefix), or listen longer with --wait")
    return plan_import(heard, config)
