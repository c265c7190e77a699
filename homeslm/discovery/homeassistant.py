"""Home Assistant MQTT discovery mapping: ``<prefix>/<component>/[<node_id>/]<object_id>/config`` payloads
(abbreviated keys, ``~`` and device-based ``cmps`` discovery understood) to ``plugin: mqtt`` devices with
per-action templates (``options.actions``), or ``plugin: tasmota`` devices for Tasmota's
``cmnd/<topic>/POWER``. Entities that zigbee2mqtt announces for Home Assistant are skipped: they are
imported from its ``bridge/devices``."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from homeslm.discovery.announcements import DEFAULT_DISCOVERY_PREFIX, DEFAULT_Z2M_BASE
from homeslm.discovery.candidates import (
    MQTT_PLUGIN,
    TASMOTA_PLUGIN,
    Candidate,
    Skipped,
    device_entry,
    is_speakable,
    match_area,
    speakable,
)

#: Abbreviations of Home Assistant discovery payloads (the keys read here).
ABBREVIATIONS = {
    "cmd_t": "command_topic", "cmd_tpl": "command_template", "stat_t": "state_topic", "val_tpl": "value_template",
    "stat_val_tpl": "state_value_template", "pl_on": "payload_on", "pl_off": "payload_off", "stat_on": "state_on",
    "stat_off": "state_off", "bri_cmd_t": "brightness_command_topic", "bri_scl": "brightness_scale",
    "bri_stat_t": "brightness_state_topic", "clr_temp_cmd_t": "color_temp_command_topic",
    "clr_temp_k": "color_temp_kelvin", "rgb_cmd_t": "rgb_command_topic", "xy_cmd_t": "xy_command_topic",
    "hs_cmd_t": "hs_command_topic", "sup_clrm": "supported_color_modes", "cmd_on_tpl": "command_on_template",
    "rgb_cmd_tpl": "rgb_command_template", "xy_cmd_tpl": "xy_command_template", "hs_cmd_tpl": "hs_command_template",
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
    area, hint = match_area([device.get("suggested_area"), config.get("suggested_area")], areas)
    name = _ha_name(config, object_id)
    notes: list[str] = []
    needs_name = not is_speakable(name)
    if needs_name:
        notes.append("no speakable name announced: name it here, then uncomment")
        name = name or object_id
    tasmota = _tasmota(config, component)
    if tasmota is not None:
        tasmota_topic, relay = tasmota
        notes.append("a Tasmota device (cmnd/<topic>/POWER): driven by the tasmota plugin")
        entry = device_entry(name, HA_TYPES[component], TASMOTA_PLUGIN, tasmota_topic, area=area,
                             options={"relay": relay} if relay > 1 else None)
        return Candidate(entry, source, tuple(notes), hint, needs_name)
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
    entry = device_entry(name, dtype, MQTT_PLUGIN, topic if isinstance(topic, str) else None,
                         device_class=device_class, area=area, options=options)
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


#: The largest N of the mqtt plugin's ``{value_N}`` template field (``value_`` and at most six digits).
_MAX_SCALE = 999_999


def _brightness_field(config: Mapping[str, Any], notes: list[str]) -> str | None:
    """The mqtt plugin's template field for the light's ``brightness_scale`` (Home Assistant's default 255):
    ``{value}`` (percent) on a 0-100 scale, else ``{value_N}`` (percent scaled to 0..N: 40 % -> 102 of 255);
    ``None``, with a note, when the announced scale is not a whole number from 1 to 999999."""
    scale = config.get("brightness_scale", 255)
    if isinstance(scale, float) and scale.is_integer():
        scale = int(scale)
    if isinstance(scale, bool) or not isinstance(scale, int) or not 1 <= scale <= _MAX_SCALE:
        notes.append(f"brightness_scale {scale!r} is not a whole number from 1 to {_MAX_SCALE}: brightness not "
                     "imported (add options.actions.set_brightness by hand)")
        return None
    return "{value}" if scale == 100 else f"{{value_{scale}}}"


def _color_temp_field(config: Mapping[str, Any]) -> str:
    """The mqtt plugin's template field for the light's colour temperature: ``{value}`` (the kelvin asked for)
    with ``color_temp_kelvin``, else Home Assistant's default, mireds: ``{mireds}`` (2700 K -> 370)."""
    return "{value}" if config.get("color_temp_kelvin") else "{mireds}"


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
        if "brightness_command_topic" in config:
            _send(actions, "set_brightness", config["brightness_command_topic"], _brightness_field(config, notes))
        if "color_temp_command_topic" in config:
            _send(actions, "set_color_temp", config["color_temp_command_topic"], _color_temp_field(config))
        _map_color_topic(config, actions, notes)
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
        field = _brightness_field(config, notes)
        if field is not None:
            _send(actions, "set_brightness", cmd, {"state": "ON", "brightness": field})
    if "color_temp" in modes:
        _send(actions, "set_color_temp", cmd, {"state": "ON", "color_temp": _color_temp_field(config)})
    # the colour in the light's own terms (the mqtt plugin's colour fields); the old json flags too
    if any(m in modes for m in ("rgb", "rgbw", "rgbww")) or config.get("rgb") is True:
        _send(actions, "set_color", cmd, {"state": "ON", "color": {"r": "{red}", "g": "{green}", "b": "{blue}"}})
    elif "hs" in modes or config.get("hs") is True:
        _send(actions, "set_color", cmd, {"state": "ON", "color": {"h": "{hue}", "s": "{saturation}"}})
    elif "xy" in modes or config.get("xy") is True:
        _send(actions, "set_color", cmd, {"state": "ON", "color": {"x": "{x}", "y": "{y}"}})
    return None


#: A default-schema light's colour topics, most direct first, with the mqtt plugin field Home Assistant's
#: default payload for it is (``255,0,0``, ``0,100``, ``0.6401,0.33``).
_COLOR_TOPICS = (("rgb", "{rgb}"), ("hs", "{hs}"), ("xy", "{xy}"))


def _map_color_topic(config: Mapping[str, Any], actions: dict[str, dict[str, Any]], notes: list[str]) -> None:
    """``set_color`` on the first colour topic whose payload is Home Assistant's default one; a topic with
    a command template (Jinja) is left for the user, said in a note."""
    templated = []
    for kind, field in _COLOR_TOPICS:
        topic = config.get(f"{kind}_command_topic")
        if not isinstance(topic, str) or not topic:
            continue
        if config.get(f"{kind}_command_template"):
            templated.append(kind)
            continue
        _send(actions, "set_color", topic, field)
        return
    if templated:
        notes.append(f"colour not imported: its {'/'.join(templated)} command template is Jinja, which homeslm "
                     "cannot run (write options.actions.set_color by hand with the mqtt plugin's colour fields)")


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


def _map_commands(*commands: tuple[str, str, str]) -> Any:
    """A mapper for entities driven by fixed payloads on their ``command_topic``: each command is
    ``(action, payload key in the discovery config, Home Assistant's default payload)``."""
    def mapper(config: Mapping[str, Any], actions: dict[str, dict[str, Any]], options: dict[str, Any],
               notes: list[str]) -> str | None:
        problem = _need_command(config, options)
        if problem:
            return problem
        for action, payload_key, default in commands:
            _send(actions, action, config["command_topic"], config.get(payload_key, default))
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
    "light": _map_light, "switch": _map_onoff, "fan": _map_onoff, "cover": _map_cover, "climate": _map_climate,
    "lock": _map_commands(("lock", "payload_lock", "LOCK"), ("unlock", "payload_unlock", "UNLOCK")),
    "valve": _map_commands(("open", "payload_open", "OPEN"), ("close", "payload_close", "CLOSE")),
    "vacuum": _map_commands(("vacuum_start", "payload_start", "start"),
                            ("vacuum_return_to_base", "payload_return_to_base", "return_to_base")),
    "scene": _map_commands(("turn_on", "payload_on", "ON")),
    "button": _map_commands(("turn_on", "payload_press", "PRESS")),
    "binary_sensor": _map_reading, "sensor": _map_reading,
}
