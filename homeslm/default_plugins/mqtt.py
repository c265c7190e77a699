"""Generic MQTT devices: anything with a topic, for devices no ecosystem plugin covers.

A device with only ``topic: lounge/soundbar`` works: every command is published (QoS 1, not retained)
as JSON on ``<topic>/set``::

    {"action": "set_volume", "value": 30, "unit": "%"}

and the state is read from what the device publishes on ``<topic>`` (JSON object, or plain text such
as ``ON`` / ``playing`` / ``21.5``); each message replaces the previous state.

Settings: ``state_timeout_s`` (how long a state question waits for the retained state right after
subscribing, default 1).

Device options (the device's ``options:`` mapping in the YAML):

- ``state_topic``: where the state is published, default ``<topic>``.
- ``state_key``: the state's key in a JSON state, default ``state``.
- ``temperature_key``: the temperature's key in a JSON state, default ``temperature``.
- ``actions``: per-action templates replacing the default command, e.g.::

      options:
        actions:
          media_pause: {topic: lounge/soundbar/cmd, payload: PAUSE}
          set_volume: {topic: lounge/soundbar/cmd, payload: "VOLUME {value}"}
          turn_on: {payload: {power: true}}          # JSON payload on <topic>/set
          media_next: NEXT                           # shorthand: this payload on <topic>/set

  A template has ``payload`` (text, or a mapping sent as JSON) and optionally ``topic`` (default
  ``<topic>/set``), ``retain`` (default false) and ``qos`` (0, 1 or 2; default 1). Fields in braces
  in the payload (and the topic) are replaced:

  - ``{value}``, ``{unit}``, ``{action}``: the intent's fields as they are;
  - ``{value_N}`` (``N`` a whole number: ``{value_255}``, ``{value_254}``, ``{value_1}``): the
    percentage (brightness, volume, position) scaled to 0..N, clamped to that range, rounded to a
    whole number (``{value_1}``: to hundredths, 30 % -> 0.3);
  - ``{mireds}``: the colour temperature (``set_color_temp`` in kelvin, or a named white of
    ``set_color`` such as warm white) in mireds, 153..500; ``{kelvin}``: the same in kelvin,
    2000..6500, both whole numbers;
  - the colour of ``set_color`` (a colour's name, ``#rrggbb`` or a named white): ``{rgb}`` as text
    ``255,0,0`` and ``{red}`` ``{green}`` ``{blue}`` (0..255), ``{hex}`` (``#ff0000``), ``{hs}`` as
    ``0,100`` and ``{hue}`` (0..360) ``{saturation}`` (0..100), ``{xy}`` as ``0.6401,0.33`` and
    ``{x}`` ``{y}`` (CIE 1931), what Home Assistant's MQTT lights take.

  A JSON string that is exactly one field (``"{value}"``, ``"{value_255}"``) becomes the value
  itself (a number stays a number). A scaled field with no number to scale is refused ("What
  brightness should the lamp have?"). An unknown field, or a malformed template, is a configuration
  error (file, line, device, field): reported when the plugins load (``report_problem``: the daemon
  logs it and drives the other devices, ``homeslm check-config`` fails on it) and, when the action is
  asked for, logged again and answered "The <device> is misconfigured for <action>."
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from homeslm import ActionResult, Config, ConfigError, Device, Intent, PluginContext, StateCache, binary_class, hookimpl, with_article
from homeslm.default_plugins.common import (
    Subscriptions,
    binary_answer,
    check_settings,
    clamp,
    color_rgb,
    decode,
    kelvin_to_mired,
    MAX_STATE_WORD_CHARS,
    looks_numeric,
    need_value,
    number,
    reading_answer,
    reading_said,
    person_answer,
    refuse,
    register_table,
    rgb_to_hs,
    rgb_to_xy,
    sent,
    spoken_number,
    spoken_temperature,
    state_answer,
    state_timeout_s,
    unknown_state,
    white_kelvin,
)

logger = logging.getLogger(__name__)

PLUGIN_NAME = "mqtt"

_ONOFF = ("turn_on", "turn_off", "toggle", "get_state")
_MEDIA = ("media_pause", "media_resume", "media_next", "media_previous", "set_volume", "increase_volume", "decrease_volume")
SUPPORTED: dict[str, tuple[str, ...]] = {
    "light": _ONOFF + ("set_brightness", "increase_brightness", "decrease_brightness", "set_color", "set_color_temp",
                       "warmer_color_temp", "cooler_color_temp"),
    "switch": _ONOFF,
    "fan": _ONOFF,
    "cover": ("open", "close", "set_position", "get_state"),
    "valve": ("open", "close", "get_state"),
    "climate": ("set_temperature", "increase_temperature", "decrease_temperature", "get_temperature", "turn_on", "turn_off",
                "get_state"),
    "lock": ("lock", "unlock", "get_state"),
    "media_player": _ONOFF + _MEDIA,
    "vacuum": ("vacuum_start", "vacuum_return_to_base", "get_state"),
    "sensor": ("get_state", "get_temperature"),
    "binary_sensor": ("get_state",),
    "scene": ("turn_on",),
    "script": ("turn_on",),
    "person": ("get_state",),
}

STATE_TIMEOUT_S = 1.0
"""How long a state question waits for the retained state right after subscribing (setting ``state_timeout_s``)."""
_TEMPLATE_KEYS = frozenset({"topic", "payload", "retain", "qos"})
_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_SCALED = re.compile(r"value_([1-9][0-9]{0,5})")
_PLAIN_FIELDS = ("value", "unit", "action")
_COLOR_FIELDS = ("rgb", "red", "green", "blue", "hex", "hs", "hue", "saturation", "xy", "x", "y")
_KNOWN_FIELDS = ("{value}, {unit}, {action}, {value_N} (the percentage scaled to 0..N, e.g. {value_255}), {mireds}, "
                 "{kelvin}, " + ", ".join("{" + f + "}" for f in _COLOR_FIELDS))
MIREDS_RANGE = (153, 500)
"""``{mireds}`` is clamped to this range (6536 K .. 2000 K), like the tasmota plugin's ``CT``."""
KELVIN_RANGE = (2000, 6500)
"""``{kelvin}`` is clamped to this range."""
_WHAT = {"set_brightness": "brightness", "increase_brightness": "brightness", "decrease_brightness": "brightness",
         "set_volume": "volume", "increase_volume": "volume", "decrease_volume": "volume", "set_position": "position", "set_color_temp": "colour temperature",
         "set_temperature": "temperature"}


@hookimpl
def register_actions(register: Callable[..., None], config: Config, settings: dict[str, Any],
                     report_problem: Callable[[ConfigError], None]) -> None:
    check_settings(config, PLUGIN_NAME, settings, ("state_timeout_s",))
    for device in config.devices:
        if device.plugin == PLUGIN_NAME:
            for problem in _template_problems(device, config):
                report_problem(problem)  # not raised: one misconfigured device must not disable the others
    register_table(register, SUPPORTED, {"get_state": get_state, "get_temperature": get_temperature}, command)


@hookimpl
def daemon_started(context: PluginContext) -> None:
    if context.mqtt is None:
        return
    for device in context.config.devices:
        if device.plugin == PLUGIN_NAME and _state_topic(device):
            _watch(device, context.mqtt, context.state)


def _state_topic(device: Device) -> str | None:
    topic = device.options.get("state_topic", device.topic)
    return topic if isinstance(topic, str) and topic else None


def _watch(device: Device, mqtt: Any, state: StateCache) -> None:
    """Keep the state published on the device's state topic, cached by that topic: names may repeat across
    rooms and types (docs/DESIGN.md section 2), topics address one device (or several reading one payload)."""
    topic = _state_topic(device)
    if not topic:
        return

    def on_state(_topic: str, payload: bytes) -> None:
        data = decode(payload)
        state.update(topic, data if isinstance(data, dict) else {"state": data}, replace=True)

    state.resource("subscriptions", Subscriptions).ensure(mqtt, topic, on_state)


def _fields_in(template: Any) -> set[str]:
    """The field names in braces anywhere in a template's strings."""
    if isinstance(template, str):
        return set(_FIELD.findall(template))
    if isinstance(template, Mapping):
        return set().union(*(_fields_in(v) for v in template.values())) if template else set()
    if isinstance(template, list):
        return set().union(*(_fields_in(v) for v in template)) if template else set()
    return set()


def _is_field(name: str) -> bool:
    return (name in _PLAIN_FIELDS or name in ("mireds", "kelvin") or name in _COLOR_FIELDS
            or _SCALED.fullmatch(name) is not None)


def _unquoted_field(template: Any) -> str | None:
    """A known field written without quotes, which YAML reads as a mapping (``{value_255: null}``), or ``None``."""
    if isinstance(template, Mapping):
        if len(template) == 1:
            (key, val), = template.items()
            if val is None and isinstance(key, str) and _is_field(key):
                return key
        found = (_unquoted_field(v) for v in template.values())
    elif isinstance(template, list):
        found = (_unquoted_field(v) for v in template)
    else:
        return None
    return next((name for name in found if name is not None), None)


def _check_template(tpl: Any) -> str | None:
    """What is wrong with one ``options.actions`` entry, or ``None``."""
    if isinstance(tpl, str):
        tpl = {"payload": tpl}
    if not isinstance(tpl, Mapping) or "payload" not in tpl or set(tpl) - _TEMPLATE_KEYS:
        return f"expected {{topic?, payload, retain?, qos?}} or a payload string, got {tpl!r}"
    if "topic" in tpl and not isinstance(tpl["topic"], str):
        return f"topic: expected a string, got {tpl['topic']!r}"
    if not isinstance(tpl.get("retain", False), bool):
        return f"retain: expected true or false, got {tpl['retain']!r}"
    if tpl.get("qos", 1) not in (0, 1, 2) or isinstance(tpl.get("qos"), bool):
        return f"qos: expected 0, 1 or 2, got {tpl['qos']!r}"
    unquoted = _unquoted_field(tpl.get("payload"))
    if unquoted is not None:
        return f"write the field in quotes, \"{{{unquoted}}}\": without them YAML reads {{{unquoted}}} as a mapping"
    unknown = sorted(name for name in _fields_in(dict(tpl)) if not _is_field(name))
    if unknown:
        listed = ", ".join("{" + name + "}" for name in unknown)
        return f"unknown template field {listed}; known fields: {_KNOWN_FIELDS}"
    return None


def _config_error(device: Device, config: Config, key: str, problem: str) -> ConfigError:
    """``file:line: devices[i].options.<key>: device 'name': problem``."""
    index = next((i for i, dev in enumerate(config.devices) if dev is device), None)
    if index is None:
        index = next((i for i, dev in enumerate(config.devices) if dev.name == device.name), None)
    path = f"devices[{index}].options.{key}" if index is not None else f"options.{key}"
    return config.error(path, f"device {device.name!r}: {problem}")


def _actions_not_a_mapping(device: Device, config: Config) -> ConfigError:
    return _config_error(device, config, "actions",
                         f"expected a mapping of action -> template, got {device.options.get('actions')!r}")


def _template_problems(device: Device, config: Config) -> list[ConfigError]:
    """Every configuration error in the device's ``options.actions``."""
    actions = device.options.get("actions")
    if actions is None:
        return []
    if not isinstance(actions, Mapping):
        return [_actions_not_a_mapping(device, config)]
    problems = []
    for action, tpl in actions.items():
        problem = _check_template(tpl)
        if problem is not None:
            problems.append(_config_error(device, config, f"actions.{action}", problem))
    return problems


def _text(val: Any) -> str:
    """A field's value inside a text: numbers without needless decimals (``30``, ``0.35``)."""
    if val is None:
        return ""
    if isinstance(val, float):
        return spoken_number(val) if abs(val * 10 - round(val * 10)) < 1e-9 else f"{val:.2f}".rstrip("0").rstrip(".")
    return str(val)


def _fill(template: Any, fields: Mapping[str, Any]) -> Any:
    """Replace ``{field}`` in strings, recursively; a string that is exactly one field keeps the value's type.

    Every field in the template must be in ``fields`` (see :func:`_field_values`).
    """
    if isinstance(template, str):
        whole = _FIELD.fullmatch(template)
        if whole is not None:
            return fields[whole.group(1)]
        return _FIELD.sub(lambda m: _text(fields[m.group(1)]), template)
    if isinstance(template, Mapping):
        return {k: _fill(v, fields) for k, v in template.items()}
    if isinstance(template, list):
        return [_fill(v, fields) for v in template]
    return template


def _kelvin(intent: Intent, device: Device) -> float | ActionResult:
    """The colour temperature asked for, in kelvin: a named white, or the intent's number."""
    named = white_kelvin(intent.value)
    if named is not None:
        return float(named)
    if intent.action == "set_color" and isinstance(intent.value, str) and number(intent.value) is None:
        return refuse(f"{with_article(device.name, capital=True)} takes only whites here (warm white, cool white, daylight, ...), "
                      f"not {intent.value}.", "unknown_color")
    kelvin = need_value(intent, device, "colour temperature")
    if isinstance(kelvin, ActionResult):
        return kelvin
    if not 1000 <= kelvin <= 10000:
        return refuse(f"{spoken_number(kelvin)} kelvin is not a colour temperature I can set.", "out_of_range")
    return kelvin


def _field_value(name: str, intent: Intent, device: Device) -> Any:
    """One template field's value (an :class:`ActionResult` refusal when the intent lacks it)."""
    if name == "value":
        return intent.value
    if name == "unit":
        return intent.unit
    if name == "action":
        return intent.action
    if name in ("mireds", "kelvin"):
        kelvin = _kelvin(intent, device)
        if isinstance(kelvin, ActionResult):
            return kelvin
        if name == "kelvin":
            return int(clamp(math.floor(kelvin + 0.5), *KELVIN_RANGE))
        return int(clamp(kelvin_to_mired(kelvin), *MIREDS_RANGE))
    if name in _COLOR_FIELDS:
        return _color_field(name, intent, device)
    scaled = _SCALED.fullmatch(name)
    if scaled is None:  # _check_template refused the template before
        raise ValueError(f"unknown template field {{{name}}}")
    pct = need_value(intent, device, _WHAT.get(intent.action, "value"))
    if isinstance(pct, ActionResult):
        return pct
    top = int(scaled.group(1))
    pct = clamp(pct, 0, 100)
    if top == 1:
        return math.floor(pct + 0.5) / 100  # whole percent, as a fraction
    return math.floor(pct * top / 100 + 0.5)  # half up: 50 % of 255 is 128


def _color_field(name: str, intent: Intent, device: Device) -> Any:
    """One colour field of ``set_color``'s colour (see the module docstring), or a refusal."""
    rgb = color_rgb(intent.value)
    if rgb is None:
        return refuse(f"I don't know the colour {intent.value}." if intent.value else
                      f"Which colour should {with_article(device.name)} be?", "unknown_color")
    hue, sat = rgb_to_hs(rgb)
    x, y = rgb_to_xy(rgb)
    values: dict[str, Any] = {
        "rgb": ",".join(str(c) for c in rgb), "red": rgb[0], "green": rgb[1], "blue": rgb[2],
        "hex": "#%02x%02x%02x" % rgb, "hs": f"{_text(hue)},{_text(sat)}", "hue": hue, "saturation": sat,
        "xy": f"{x},{y}", "x": x, "y": y,
    }
    return values[name]


def _field_values(tpl: Mapping[str, Any], intent: Intent, device: Device) -> dict[str, Any] | ActionResult:
    """The values of the fields the template uses, or the refusal of the first one the intent cannot give."""
    fields: dict[str, Any] = {}
    for name in sorted(_fields_in(dict(tpl))):
        value = _field_value(name, intent, device)
        if isinstance(value, ActionResult):
            return value
        fields[name] = value
    return fields


def _template(device: Device, action: str, config: Config) -> dict[str, Any] | None | ActionResult:
    actions = device.options.get("actions")
    if actions is None:
        return None
    if not isinstance(actions, Mapping):
        logger.error("%s", _actions_not_a_mapping(device, config))
        return refuse(f"{with_article(device.name, capital=True)} is misconfigured: options.actions must be a mapping.", "config")
    tpl = actions.get(action)
    if tpl is None:
        return None
    problem = _check_template(tpl)
    if problem is not None:
        logger.error("%s", _config_error(device, config, f"actions.{action}", problem))
        return refuse(f"{with_article(device.name, capital=True)} is misconfigured for {action.replace('_', ' ')}.", "config")
    return {"payload": tpl} if isinstance(tpl, str) else dict(tpl)


def command(intent: Intent, device: Device, mqtt: Any, config: Config) -> ActionResult:
    """Publish the device's template for the action, or the default JSON on ``<topic>/set``."""
    tpl = _template(device, intent.action, config)
    if isinstance(tpl, ActionResult):
        return tpl
    default_topic = f"{device.topic}/set" if device.topic else None
    payload: Any
    if tpl is None:
        topic, retain, qos = default_topic, False, 1
        payload = {"value": intent.value, "unit": intent.unit, "action": intent.action}
    else:
        fields = _field_values(tpl, intent, device)
        if isinstance(fields, ActionResult):
            return fields
        topic = _fill(tpl["topic"], fields) if "topic" in tpl else default_topic
        payload, retain, qos = _fill(tpl["payload"], fields), bool(tpl.get("retain", False)), int(tpl.get("qos", 1))
        if payload is None:
            payload = ""
        elif isinstance(payload, (int, float)) and not isinstance(payload, bool):
            payload = _text(float(payload))
        elif not isinstance(payload, (str, dict)):
            payload = json.dumps(payload)
    if not isinstance(topic, str) or not topic:
        return refuse(f"{with_article(device.name, capital=True)} has no MQTT topic configured.", "config")
    mqtt.publish(topic, payload, qos=qos, retain=retain)
    return sent(topic, payload)


def _current(device: Device, mqtt: Any, state: StateCache, settings: dict[str, Any]) -> dict[str, Any] | None:
    """The cached state; right after subscribing, wait briefly for the retained state."""
    key = _state_topic(device)
    if key is None:
        return None
    since = state.version(key)
    _watch(device, mqtt, state)
    cached = state.get(key)
    if cached is not None:
        return cached
    return state.wait_for_update(key, since, state_timeout_s(settings, STATE_TIMEOUT_S))


def get_state(intent: Intent, device: Device, mqtt: Any, state: StateCache, settings: dict[str, Any]) -> ActionResult:
    st = _current(device, mqtt, state, settings)
    key = str(device.options.get("state_key", "state"))
    value = st.get(key) if st is not None else None
    if value is None or value == "":
        return unknown_state(device)
    if device.type in ("binary_sensor", "person"):
        answer = _class_answer(intent, device, value, st)
        if answer is not None:
            return answer
    if isinstance(value, bool):
        word = "on" if value else "off"
    elif looks_numeric(value):  # a reading: said rounded, or not at all when it is no sane number (1e308)
        reading = number(value)
        if reading is None:
            return unknown_state(device)
        if device.type == "sensor":
            return reading_answer(device, reading_said(reading, device.device_class), st)
        return ActionResult(ok=True, speech=f"{with_article(device.name, capital=True)} reads {spoken_number(reading)}.", state=st)
    elif not isinstance(value, str) or len(value) > MAX_STATE_WORD_CHARS:  # a structure or a text, not a state
        return unknown_state(device)
    else:
        word = value.strip().lower().replace("_", " ")
        word = {"true": "on", "false": "off", "close": "closed", "lock": "locked", "unlock": "unlocked"}.get(word, word)
    return state_answer(device, word, intent.value, st)


#: How a binary sensor's state may be published: Home Assistant's and the usual payloads.
_ON_OFF = {"on": True, "off": False, "true": True, "false": False, "1": True, "0": False}


def _class_answer(intent: Intent, device: Device, value: Any, st: dict[str, Any] | None) -> ActionResult | None:
    """A binary sensor's state (``ON``/``OFF``, true/false, or a word of its class: ``open``, ``wet``) or a
    person's (``home``, ``not_home``, a zone) answered in the words of its class; ``None`` for a state that
    is neither (said as it is)."""
    if device.type == "person":
        text = value.strip() if isinstance(value, str) else ""
        ok = bool(text) and len(text) <= MAX_STATE_WORD_CHARS and not looks_numeric(text)
        return person_answer(device, text, intent.value, st) if ok else None
    if isinstance(value, bool):
        on: bool | None = value
    elif isinstance(value, (str, int)) and len(str(value)) <= MAX_STATE_WORD_CHARS:
        word = str(value).strip().lower()
        row = binary_class(device.device_class)
        on = _ON_OFF.get(word, row.meaning(word) if row is not None else None)
    else:
        on = None
    return None if on is None else binary_answer(device, on, intent.value, st)


def get_temperature(device: Device, mqtt: Any, state: StateCache, settings: dict[str, Any], config: Config) -> ActionResult:
    st = _current(device, mqtt, state, settings) or {}
    key = str(device.options.get("temperature_key", "temperature"))
    temp = number(st[key] if key in st else st.get("state"))
    if temp is None:
        return refuse(f"I don't know the temperature of {with_article(device.name)} yet.", "unknown_state")
    return reading_answer(device, spoken_temperature(temp, config), {"temperature": temp})
