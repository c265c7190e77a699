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
  ``<topic>/set``), ``retain`` (default false) and ``qos`` (default 1). ``{value}``, ``{unit}`` and
  ``{action}`` in the payload (and the topic) are replaced by the intent's fields; a JSON string
  that is exactly ``"{value}"`` becomes the value itself (a number stays a number).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from typing import Any

from homeslm import ActionResult, Intent, PluginContext, StateCache, hookimpl
from homeslm.config import Config, Device
from plugins.common import (
    Subscriptions,
    check_settings,
    decode,
    number,
    refuse,
    register_table,
    sent,
    spoken_number,
    spoken_temperature,
    state_sentence,
    state_timeout_s,
    unknown_state,
)

logger = logging.getLogger(__name__)

PLUGIN_NAME = "mqtt"

_ONOFF = ("turn_on", "turn_off", "toggle", "get_state")
_MEDIA = ("media_pause", "media_resume", "media_next", "media_previous", "set_volume")
SUPPORTED: dict[str, tuple[str, ...]] = {
    "light": _ONOFF + ("set_brightness", "increase_brightness", "decrease_brightness", "set_color", "set_color_temp"),
    "switch": _ONOFF,
    "fan": _ONOFF,
    "cover": ("open", "close", "set_position", "get_state"),
    "valve": ("open", "close", "get_state"),
    "climate": ("set_temperature", "get_temperature", "turn_on", "turn_off", "get_state"),
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


@hookimpl
def register_actions(register: Callable[..., None], config: Config, settings: dict[str, Any]) -> None:
    check_settings(config, PLUGIN_NAME, settings, ("state_timeout_s",))
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
    name = device.name

    def on_state(topic: str, payload: bytes) -> None:
        data = decode(payload)
        state.update(name, data if isinstance(data, dict) else {"state": data}, replace=True)

    topic = _state_topic(device)
    if topic:
        state.resource("subscriptions", Subscriptions).ensure(mqtt, topic, on_state)


def _fill(template: Any, fields: Mapping[str, Any]) -> Any:
    """Replace ``{value}``/``{unit}``/``{action}`` in strings, recursively; ``"{value}"`` alone keeps its type."""
    if isinstance(template, str):
        for key, val in fields.items():
            if template == "{" + key + "}":
                return val
        out = template
        for key, val in fields.items():
            text = "" if val is None else spoken_number(val) if isinstance(val, float) else str(val)
            out = out.replace("{" + key + "}", text)
        return out
    if isinstance(template, Mapping):
        return {k: _fill(v, fields) for k, v in template.items()}
    if isinstance(template, list):
        return [_fill(v, fields) for v in template]
    return template


def _template(device: Device, action: str) -> dict[str, Any] | None | ActionResult:
    actions = device.options.get("actions")
    if actions is None:
        return None
    if not isinstance(actions, Mapping):
        return refuse(f"The {device.name} is misconfigured: options.actions must be a mapping.", "config")
    tpl = actions.get(action)
    if tpl is None:
        return None
    if isinstance(tpl, str):
        return {"payload": tpl}
    if not isinstance(tpl, Mapping) or "payload" not in tpl or set(tpl) - _TEMPLATE_KEYS:
        logger.error("device %s: options.actions.%s: expected {topic?, payload, retain?, qos?} or a payload string, got %r",
                     device.name, action, tpl)
        return refuse(f"The {device.name} is misconfigured for {action.replace('_', ' ')}.", "config")
    return dict(tpl)


def command(intent: Intent, device: Device, mqtt: Any) -> ActionResult:
    """Publish the device's template for the action, or the default JSON on ``<topic>/set``."""
    tpl = _template(device, intent.action)
    if isinstance(tpl, ActionResult):
        return tpl
    fields = {"value": intent.value, "unit": intent.unit, "action": intent.action}
    default_topic = f"{device.topic}/set" if device.topic else None
    payload: Any
    if tpl is None:
        topic, payload, retain, qos = default_topic, fields, False, 1
    else:
        topic = _fill(tpl["topic"], fields) if "topic" in tpl else default_topic
        payload, retain, qos = _fill(tpl["payload"], fields), bool(tpl.get("retain", False)), int(tpl.get("qos", 1))
        if payload is None:
            payload = ""
        elif isinstance(payload, (int, float)) and not isinstance(payload, bool):
            payload = spoken_number(float(payload))
        elif not isinstance(payload, (str, dict)):
            payload = json.dumps(payload)
    if not isinstance(topic, str) or not topic:
        return refuse(f"The {device.name} has no MQTT topic configured.", "config")
    mqtt.publish(topic, payload, qos=qos, retain=retain)
    return sent(topic, payload)


def _current(device: Device, mqtt: Any, state: StateCache, settings: dict[str, Any]) -> dict[str, Any] | None:
    """The cached state; right after subscribing, wait briefly for the retained state."""
    since = state.version(device.name)
    _watch(device, mqtt, state)
    cached = state.get(device.name)
    if cached is not None or not _state_topic(device):
        return cached
    return state.wait_for_update(device.name, since, state_timeout_s(settings, STATE_TIMEOUT_S))


def get_state(intent: Intent, device: Device, mqtt: Any, state: StateCache, settings: dict[str, Any]) -> ActionResult:
    st = _current(device, mqtt, state, settings)
    key = str(device.options.get("state_key", "state"))
    value = st.get(key) if st is not None else None
    if value is None or value == "":
        return unknown_state(device)
    if isinstance(value, bool):
        word = "on" if value else "off"
    elif isinstance(value, (int, float)):
        return ActionResult(ok=True, speech=f"The {device.name} reads {spoken_number(float(value))}.", state=st)
    else:
        word = str(value).strip().lower().replace("_", " ")
        word = {"true": "on", "false": "off", "close": "closed", "lock": "locked", "unlock": "unlocked"}.get(word, word)
        if number(word) is not None:
            return ActionResult(ok=True, speech=f"The {device.name} reads {word}.", state=st)
    return ActionResult(ok=True, speech=state_sentence(device, word, intent.value), state=st)


def get_temperature(device: Device, mqtt: Any, state: StateCache, settings: dict[str, Any], config: Config) -> ActionResult:
    st = _current(device, mqtt, state, settings) or {}
    key = str(device.options.get("temperature_key", "temperature"))
    temp = number(st[key] if key in st else st.get("state"))
    if temp is None:
        return refuse(f"I don't know the temperature of the {device.name} yet.", "unknown_state")
    return ActionResult(ok=True, speech=f"The {device.name} reads {spoken_temperature(temp, config)}.", state={"temperature": temp})
