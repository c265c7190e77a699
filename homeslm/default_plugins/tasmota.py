"""Tasmota devices: commands on ``cmnd/<topic>/<Command>``, state from ``stat/<topic>/...`` and ``tele/<topic>/...``.

Settings: ``state_timeout_s`` (how long a state question waits for the device's answer, default 2).
A device's ``topic`` is its Tasmota ``Topic`` (default FullTopic ``%prefix%/%topic%/``).
Device options: ``relay`` (the POWER index for multi-relay devices, default 1: ``POWER``; 2: ``POWER2``),
``shutter`` (the shutter index, default 1).

Commands: ``POWER`` ``ON``/``OFF``/``TOGGLE``; ``Dimmer`` 0..100; ``CT`` 153..500 mireds;
``Color`` ``#RRGGBB``; ``ShutterOpen<n>``, ``ShutterClose<n>``, ``ShutterPosition<n>`` 0..100.
Commands are never retained (a retained command replays on every reconnect of the device).

State: ``stat/<topic>/RESULT`` and ``tele/<topic>/STATE``/``SENSOR`` (JSON, merged),
``stat/<topic>/POWER<n>`` (plain ``ON``/``OFF``), ``stat/<topic>/STATUS10`` (sensors).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from homeslm import ActionResult, Config, Device, Intent, PluginContext, PluginError, StateCache, hookimpl, with_article
from homeslm.default_plugins.common import (
    COLOR_TEMP_STEP_MIRED,
    Subscriptions,
    binary_answer,
    check_settings,
    clamp,
    color_hex,
    decode,
    kelvin_to_mired,
    need_value,
    number,
    reading_answer,
    reading_said,
    refuse,
    register_table,
    sent,
    spoken_number,
    spoken_temperature,
    state_answer,
    state_timeout_s,
    unknown_state,
    white_kelvin,
)

logger = logging.getLogger(__name__)

PLUGIN_NAME = "tasmota"

_ONOFF = ("turn_on", "turn_off", "toggle", "get_state")
SUPPORTED: dict[str, tuple[str, ...]] = {
    "light": _ONOFF + ("set_brightness", "increase_brightness", "decrease_brightness", "set_color", "set_color_temp",
                       "warmer_color_temp", "cooler_color_temp"),
    "switch": _ONOFF,
    "fan": _ONOFF,
    "valve": ("open", "close", "turn_on", "turn_off", "get_state"),
    "cover": ("open", "close", "set_position", "get_state"),
    "sensor": ("get_state", "get_temperature"),
    "binary_sensor": ("get_state",),
}

DEFAULT_STEP_PCT = 25.0
STATE_TIMEOUT_S = 2.0


@hookimpl
def register_actions(register: Callable[..., None], config: Config, settings: dict[str, Any]) -> None:
    check_settings(config, PLUGIN_NAME, settings, ("state_timeout_s",))
    register_table(register, SUPPORTED, {"get_state": get_state, "get_temperature": get_temperature}, command)


@hookimpl
def daemon_started(context: PluginContext) -> None:
    if context.mqtt is None:
        return
    for device in context.config.devices:
        if device.plugin == PLUGIN_NAME and device.topic:
            _watch(device.topic, context.mqtt, context.state)


def _index(device: Device, key: str) -> int:
    value = device.options.get(key, 1)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 32:
        raise PluginError(f"device {device.name!r}: options.{key}: expected a number 1..32, got {value!r}")
    return value


def _power_key(device: Device) -> str:
    n = _index(device, "relay")
    return "POWER" if n == 1 else f"POWER{n}"


def _watch(topic: str, mqtt: Any, state: StateCache) -> bool:
    """Subscribe to the device's ``stat`` and ``tele`` topics (once); True when subscribed just now."""

    def on_message(msg_topic: str, payload: bytes) -> None:
        suffix = msg_topic.rsplit("/", 1)[-1]
        data = decode(payload)
        if isinstance(data, dict):
            if suffix.startswith("STATUS"):  # {"StatusSNS": {...}} / {"StatusSTS": {...}}
                for inner in data.values():
                    if isinstance(inner, dict):
                        state.update(topic, inner)
            elif suffix in ("RESULT", "STATE", "SENSOR"):
                state.update(topic, data)
        elif suffix.startswith("POWER"):
            state.update(topic, {suffix: data.upper()})
        elif suffix == "LWT":
            state.update(topic, {"LWT": data})

    subs = state.resource("subscriptions", Subscriptions)
    new = subs.ensure(mqtt, f"stat/{topic}/+", on_message)
    return subs.ensure(mqtt, f"tele/{topic}/+", on_message) or new


def _current(device: Device, topic: str, mqtt: Any, state: StateCache, settings: dict[str, Any]) -> dict[str, Any] | None:
    """The cached state; when empty, ask the device (``STATE``, or ``STATUS 10`` for sensors) and wait briefly."""
    since = state.version(topic)
    _watch(topic, mqtt, state)
    cached = state.get(topic)
    if cached is not None:
        return cached
    if device.type in ("sensor", "binary_sensor"):
        mqtt.publish(f"cmnd/{topic}/STATUS", "10", qos=1, retain=False)
    else:
        mqtt.publish(f"cmnd/{topic}/STATE", "", qos=1, retain=False)
    return state.wait_for_update(topic, since, state_timeout_s(settings, STATE_TIMEOUT_S))


def _command(intent: Intent, device: Device, cached: dict[str, Any] | None) -> tuple[str, str] | ActionResult:
    """``(Command, payload)`` for the intent, or a refusal."""
    action = intent.action
    if action in ("turn_on", "turn_off", "toggle", "open", "close") and device.type != "cover":
        word = {"turn_on": "ON", "open": "ON", "turn_off": "OFF", "close": "OFF", "toggle": "TOGGLE"}[action]
        return _power_key(device), word
    shutter = _index(device, "shutter") if device.type == "cover" else 1
    if action == "open":
        return f"ShutterOpen{shutter}", ""
    if action == "close":
        return f"ShutterClose{shutter}", ""
    if action == "set_position":
        pos = need_value(intent, device, "position")
        return pos if isinstance(pos, ActionResult) else (f"ShutterPosition{shutter}", str(round(clamp(pos, 0, 100))))
    if action == "set_brightness":
        pct = need_value(intent, device, "brightness")
        return pct if isinstance(pct, ActionResult) else ("Dimmer", str(round(clamp(pct, 0, 100))))
    if action in ("increase_brightness", "decrease_brightness"):
        step = number(intent.value)
        step = DEFAULT_STEP_PCT if step is None else clamp(abs(step), 0, 100)
        sign = 1 if action == "increase_brightness" else -1
        current = number((cached or {}).get("Dimmer"))
        if current is None:  # unknown level: Tasmota's own step (DimmerStep, 10 by default)
            return "Dimmer", "+" if sign > 0 else "-"
        return "Dimmer", str(round(clamp(current + sign * step, 0, 100)))
    if action == "set_color" and white_kelvin(intent.value) is not None:
        return "CT", str(round(clamp(kelvin_to_mired(white_kelvin(intent.value) or 4000), 153, 500)))
    if action == "set_color":
        hex_code = color_hex(intent.value)
        if hex_code is None:
            return refuse(f"I don't know the colour {intent.value}." if intent.value else
                          f"Which colour should {with_article(device.name)} be?", "unknown_color")
        return "Color", hex_code.upper()
    if action in ("warmer_color_temp", "cooler_color_temp"):  # CT in mireds, 153 (cold) .. 500 (warm)
        sign = 1 if action == "warmer_color_temp" else -1
        current = number((cached or {}).get("CT"))
        if current is None:  # unknown: Tasmota's own step
            return "CT", "+" if sign > 0 else "-"
        return "CT", str(round(clamp(current + sign * COLOR_TEMP_STEP_MIRED, 153, 500)))
    if action == "set_color_temp":
        kelvin = need_value(intent, device, "colour temperature")
        if isinstance(kelvin, ActionResult):
            return kelvin
        if not 1000 <= kelvin <= 10000:
            return refuse(f"{spoken_number(kelvin)} kelvin is not a colour temperature I can set.", "out_of_range")
        return "CT", str(round(clamp(kelvin_to_mired(kelvin), 153, 500)))
    return refuse(f"{with_article(device.name, capital=True)} can't do that.", "unsupported")


def _no_topic(device: Device) -> ActionResult:
    return refuse(f"{with_article(device.name, capital=True)} has no Tasmota topic configured.", "config")


def command(intent: Intent, device: Device, mqtt: Any, state: StateCache) -> ActionResult:
    """Every command action: publish the Tasmota command (never retained)."""
    if not device.topic:
        return _no_topic(device)
    cmd = _command(intent, device, state.get(device.topic))
    if isinstance(cmd, ActionResult):
        return cmd
    name, payload = cmd
    topic = f"cmnd/{device.topic}/{name}"
    mqtt.publish(topic, payload, qos=1, retain=False)
    return sent(topic, payload)


def _find(data: Any, key: str) -> Any:
    """The first value of ``key`` anywhere in nested dicts (``{"AM2301": {"Temperature": 21}}``)."""
    if isinstance(data, dict):
        if key in data:
            return data[key]
        for inner in data.values():
            found = _find(inner, key)
            if found is not None:
                return found
    return None


def _temperature_c(st: dict[str, Any]) -> float | None:
    temp = number(_find(st, "Temperature"))
    if temp is not None and str(st.get("TempUnit", "C")).upper() == "F":
        temp = (temp - 32) * 5 / 9
    return temp


def _state_word(device: Device, st: dict[str, Any]) -> str | None:
    if device.type == "cover":
        shutter = st.get(f"Shutter{_index(device, 'shutter')}")
        pos = number(shutter.get("Position")) if isinstance(shutter, dict) else None
        if pos is None:
            return None
        return "closed" if pos <= 0 else "open" if pos >= 100 else f"{spoken_number(pos)} percent open"
    key = _power_key(device)
    power = st.get(key, st.get("POWER1") if key == "POWER" else None)
    if not isinstance(power, str):
        return None
    word = {"ON": "on", "OFF": "off"}.get(power.upper(), power.lower())
    if device.type == "valve":
        return {"on": "open", "off": "closed"}.get(word, word)
    dimmer = number(st.get("Dimmer"))
    if device.type == "light" and word == "on" and dimmer is not None:
        return f"on at {spoken_number(clamp(dimmer, 0, 100))} percent"
    return word


#: sensor device class -> the key of Tasmota's sensor data that carries it (``tele/<topic>/SENSOR``).
_SENSOR_KEYS = {"humidity": "Humidity", "pressure": "Pressure", "illuminance": "Illuminance", "power": "Power",
                "energy": "Total", "voltage": "Voltage", "current": "Current", "carbon_dioxide": "CarbonDioxide",
                "pm25": "PM2.5", "pm10": "PM10"}


def get_state(intent: Intent, device: Device, mqtt: Any, state: StateCache, settings: dict[str, Any], config: Config) -> ActionResult:
    if not device.topic:
        return _no_topic(device)
    st = _current(device, device.topic, mqtt, state, settings)
    if st is None:
        return unknown_state(device)
    if device.type == "sensor":
        temp = _temperature_c(st)
        if temp is not None and device.device_class in (None, "temperature"):
            return reading_answer(device, spoken_temperature(temp, config), st)
        key = _SENSOR_KEYS.get(device.device_class or "")
        value = number(_find(st, key)) if key else None
        if value is None:
            return unknown_state(device)
        return reading_answer(device, reading_said(value, device.device_class), st)
    if device.type == "binary_sensor":  # a switch input (Tasmota's ON is Home Assistant's on)
        value = _find(st, "Switch1")
        on = {"ON": True, "OFF": False}.get(value.upper()) if isinstance(value, str) else None
        return unknown_state(device) if on is None else binary_answer(device, on, intent.value, st)
    word = _state_word(device, st)
    if word is None:
        return unknown_state(device)
    return state_answer(device, word, intent.value, st)


def get_temperature(device: Device, mqtt: Any, state: StateCache, settings: dict[str, Any], config: Config) -> ActionResult:
    if not device.topic:
        return _no_topic(device)
    st = _current(device, device.topic, mqtt, state, settings)
    temp = _temperature_c(st) if st is not None else None
    if temp is None:
        return refuse(f"I don't know the temperature of {with_article(device.name)} yet.", "unknown_state")
    return reading_answer(device, spoken_temperature(temp, config), {"temperature": round(temp, 2)})
