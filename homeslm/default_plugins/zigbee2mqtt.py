"""zigbee2mqtt devices: JSON commands on ``<base>/<friendly_name>/set``, state from ``<base>/<friendly_name>``.

Settings (``plugins: {zigbee2mqtt: {...}}`` in the config):

- ``base_topic``: zigbee2mqtt's base topic, default ``zigbee2mqtt``.
- ``state_timeout_s``: how long ``get_state`` waits for an answer to ``<base>/<name>/get``, default 2.

A device's ``topic`` is its friendly name (its ``name`` when absent). Device options:
``setpoint_key`` (the thermostat's setpoint attribute; by default ``occupied_heating_setpoint`` when the
device reports it, else ``current_heating_setpoint``), ``heat_mode`` (``system_mode`` for ``turn_on``
of a thermostat, default ``heat``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from homeslm import (
    BINARY_CLASSES,
    ActionResult,
    BinaryClass,
    Config,
    Device,
    Intent,
    PluginContext,
    StateCache,
    binary_class,
    hookimpl,
    with_article,
)
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
    state_answer,
    stepped_setpoint,
    state_text,
    spoken_temperature,
    state_timeout_s,
    to_celsius,
    unknown_state,
    white_kelvin,
)

logger = logging.getLogger(__name__)

PLUGIN_NAME = "zigbee2mqtt"

_ONOFF = ("turn_on", "turn_off", "toggle", "get_state")
SUPPORTED: dict[str, tuple[str, ...]] = {
    "light": _ONOFF + ("set_brightness", "increase_brightness", "decrease_brightness", "set_color", "set_color_temp",
                       "warmer_color_temp", "cooler_color_temp"),
    "switch": _ONOFF,
    "fan": _ONOFF,
    "cover": ("open", "close", "set_position", "get_state"),
    "climate": ("set_temperature", "increase_temperature", "decrease_temperature", "get_temperature", "turn_on", "turn_off",
                "get_state"),
    "lock": ("lock", "unlock", "get_state"),
    "valve": ("open", "close", "turn_on", "turn_off", "get_state"),
    "sensor": ("get_state", "get_temperature"),
    "binary_sensor": ("get_state",),
}

#: Battery devices that do not answer ``/get``: their state is whatever they last published.
_SLEEPY = frozenset({"sensor", "binary_sensor"})

#: sensor device class -> the zigbee2mqtt attributes that carry its reading (units: homeslm.SENSOR_UNITS).
_READINGS: dict[str, tuple[str, ...]] = {
    "temperature": ("temperature", "local_temperature"), "humidity": ("humidity",), "battery": ("battery",),
    "illuminance": ("illuminance_lux", "illuminance"), "pressure": ("pressure",), "carbon_dioxide": ("co2",),
    "power": ("power",), "energy": ("energy",), "voltage": ("voltage",), "current": ("current",), "pm25": ("pm25",),
    "pm10": ("pm10",), "moisture": ("soil_moisture", "moisture"),
}
#: attribute -> the class whose unit it is said in (a sensor with no class is read by the first it reports).
_CLASS_OF_KEY = {key: cls for cls, keys in _READINGS.items() for key in keys}

DEFAULT_STEP_PCT = 25.0
STATE_TIMEOUT_S = 2.0


def _base(settings: dict[str, Any]) -> str:
    return str(settings.get("base_topic", "zigbee2mqtt")).rstrip("/")


def _name(device: Device) -> str:
    return device.topic or device.name


@hookimpl
def register_actions(register: Callable[..., None], config: Config, settings: dict[str, Any]) -> None:
    check_settings(config, PLUGIN_NAME, settings, ("base_topic", "state_timeout_s"))
    base = settings.get("base_topic", "zigbee2mqtt")
    if not isinstance(base, str) or not base.strip("/") or any(c in base for c in "+#"):
        raise config.error("plugins.zigbee2mqtt.base_topic", f"expected zigbee2mqtt's base topic (no wildcards), got {base!r}")
    register_table(register, SUPPORTED, {"get_state": get_state, "get_temperature": get_temperature}, command)


@hookimpl
def daemon_started(context: PluginContext) -> None:
    if context.mqtt is None:
        return
    for device in context.config.devices:
        if device.plugin == PLUGIN_NAME:
            _watch(device, context.mqtt, context.settings, context.state)


def _watch(device: Device, mqtt: Any, settings: dict[str, Any], state: StateCache) -> bool:
    """Subscribe to the device's state topic (once); True when subscribed just now."""
    name = _name(device)

    def on_state(topic: str, payload: bytes) -> None:
        data = decode(payload)
        if isinstance(data, dict):
            state.update(name, data)
        else:
            logger.debug("zigbee2mqtt: ignoring non-JSON state on %s: %r", topic, data)

    subs = state.resource("subscriptions", Subscriptions)
    return subs.ensure(mqtt, f"{_base(settings)}/{name}", on_state)


def _current(device: Device, mqtt: Any, settings: dict[str, Any], state: StateCache, keys: tuple[str, ...] = ()) -> dict[str, Any] | None:
    """The cached state; when empty (or lacking all of ``keys``), ask the device and wait briefly."""
    name = _name(device)
    since = state.version(name)
    _watch(device, mqtt, settings, state)
    cached = state.get(name)
    if cached is not None and (not keys or any(k in cached for k in keys)):
        return cached
    if device.type not in _SLEEPY:
        request = {k: "" for k in keys} if keys else {"state": ""}
        mqtt.publish(f"{_base(settings)}/{name}/get", request, qos=1, retain=False)
    # A fresh subscription also brings the retained state, if the broker has one.
    fresh = state.wait_for_update(name, since, state_timeout_s(settings, STATE_TIMEOUT_S))
    return fresh if fresh is not None else cached


def _setpoint_key(device: Device, cached: dict[str, Any] | None) -> str:
    key = device.options.get("setpoint_key")
    if isinstance(key, str) and key:
        return key
    if cached and "occupied_heating_setpoint" in cached:
        return "occupied_heating_setpoint"
    return "current_heating_setpoint"


def _payload(intent: Intent, device: Device, cached: dict[str, Any] | None, config: Config) -> dict[str, Any] | ActionResult:
    action, kind = intent.action, device.type
    if action in ("turn_on", "turn_off") and kind == "climate":
        return {"system_mode": device.options.get("heat_mode", "heat") if action == "turn_on" else "off"}
    if action in ("turn_on", "turn_off", "toggle"):
        return {"state": {"turn_on": "ON", "turn_off": "OFF", "toggle": "TOGGLE"}[action]}
    if action in ("open", "close"):
        if kind == "valve":
            return {"state": "ON" if action == "open" else "OFF"}
        return {"state": "OPEN" if action == "open" else "CLOSE"}
    if action in ("lock", "unlock"):
        return {"state": action.upper()}
    if action == "set_position":
        pos = need_value(intent, device, "position")
        return pos if isinstance(pos, ActionResult) else {"position": round(clamp(pos, 0, 100))}
    if action == "set_brightness":
        pct = need_value(intent, device, "brightness")
        return pct if isinstance(pct, ActionResult) else {"brightness": round(clamp(pct, 0, 100) * 254 / 100)}
    if action in ("increase_brightness", "decrease_brightness"):
        step = number(intent.value)
        step = DEFAULT_STEP_PCT if step is None else clamp(abs(step), 0, 100)
        sign = 1 if action == "increase_brightness" else -1
        return {"brightness_step": sign * round(step * 254 / 100)}
    if action == "set_color" and white_kelvin(intent.value) is not None:
        return {"color_temp": kelvin_to_mired(white_kelvin(intent.value) or 4000)}
    if action == "set_color":
        hex_code = color_hex(intent.value)
        if hex_code is None:
            return refuse(f"I don't know the colour {intent.value}." if intent.value else
                          f"Which colour should {with_article(device.name)} be?", "unknown_color")
        return {"color": {"hex": hex_code}}
    if action in ("warmer_color_temp", "cooler_color_temp"):  # mireds: the higher, the warmer
        return {"color_temp_step": COLOR_TEMP_STEP_MIRED if action == "warmer_color_temp" else -COLOR_TEMP_STEP_MIRED}
    if action == "set_color_temp":
        kelvin = need_value(intent, device, "colour temperature")
        if isinstance(kelvin, ActionResult):
            return kelvin
        if not 1000 <= kelvin <= 10000:
            return refuse(f"{spoken_number(kelvin)} kelvin is not a colour temperature I can set.", "out_of_range")
        return {"color_temp": kelvin_to_mired(kelvin)}
    if action == "set_temperature":
        value = need_value(intent, device, "temperature")
        if isinstance(value, ActionResult):
            return value
        celsius = round(to_celsius(value, intent.unit, config) * 2) / 2
        if not 4 <= celsius <= 35:
            return refuse(f"{spoken_temperature(celsius, config)} is outside what {with_article(device.name)} can be set to.", "out_of_range")
        return {_setpoint_key(device, cached): celsius}
    return refuse(f"{with_article(device.name, capital=True)} can't do that.", "unsupported")


def _stepped_setpoint(intent: Intent, device: Device, mqtt: Any, settings: dict[str, Any], state: StateCache,
                      config: Config) -> dict[str, Any] | ActionResult:
    """"Turn the heating up": the set point the device reports (asked for when not known), one step up or down."""
    key = _setpoint_key(device, state.get(_name(device)))
    st = _current(device, mqtt, settings, state, keys=(key,))
    key = _setpoint_key(device, st)
    current = number((st or {}).get(key))
    if current is None:
        return refuse(f"I don't know what {with_article(device.name)} is set to yet.", "unknown_state")
    return {key: stepped_setpoint(intent, current, config)}


def command(intent: Intent, device: Device, mqtt: Any, settings: dict[str, Any], state: StateCache, config: Config) -> ActionResult:
    """Every command action: build the JSON and publish it to ``<base>/<name>/set``."""
    if intent.action in ("increase_temperature", "decrease_temperature"):
        payload = _stepped_setpoint(intent, device, mqtt, settings, state, config)
    else:
        payload = _payload(intent, device, state.get(_name(device)), config)
    if isinstance(payload, ActionResult):
        return payload
    topic = f"{_base(settings)}/{_name(device)}/set"
    mqtt.publish(topic, payload, qos=1, retain=False)
    return sent(topic, payload)


def _state_word(device: Device, st: dict[str, Any]) -> str | None:
    kind = device.type
    if kind == "cover":
        pos = number(st.get("position"))
        if pos is not None:
            return "closed" if pos <= 0 else "open" if pos >= 100 else f"{spoken_number(pos)} percent open"
        s = str(st.get("state", "")).upper()
        return {"OPEN": "open", "CLOSE": "closed", "CLOSED": "closed"}.get(s)
    if kind == "lock":
        lock_state = state_text(st.get("lock_state"))
        if lock_state is not None:
            return lock_state.replace("_", " ")
        return {"LOCK": "locked", "UNLOCK": "unlocked"}.get(str(st.get("state", "")).upper())
    if kind == "climate":
        return state_text(st.get("system_mode"))
    raw = state_text(st.get("state"))
    if raw is None:
        return None
    word = {"ON": "on", "OFF": "off"}.get(raw.upper(), raw.lower())
    if kind == "valve":
        return {"on": "open", "off": "closed"}.get(word, word)
    brightness = number(st.get("brightness"))
    if kind == "light" and word == "on" and brightness is not None:
        return f"on at {round(clamp(brightness, 0, 254) * 100 / 254)} percent"
    return word


def _binary(device: Device, st: dict[str, Any]) -> tuple[BinaryClass | None, bool] | None:
    """A binary sensor's class and whether it is on, from the attributes its class has in zigbee2mqtt
    (:data:`homeslm.BINARY_CLASSES`: ``contact`` is true when closed, ``water_leak`` when wet), else its ``state``
    (``ON``/``OFF``). A device whose config names no class is read by the first class attribute it reports,
    and answered in that class's words."""
    row = binary_class(device.device_class)
    for cls in [row] if row is not None else list(BINARY_CLASSES.values()):
        for key in cls.z2m:
            if isinstance(st.get(key), bool):
                return cls, st[key] != cls.z2m_true_is_off
    raw = st.get("state")
    if isinstance(raw, bool):
        return row, raw
    on = {"ON": True, "OFF": False}.get(raw.upper()) if isinstance(raw, str) else None
    return None if on is None else (row, on)


def get_state(intent: Intent, device: Device, mqtt: Any, settings: dict[str, Any], state: StateCache, config: Config) -> ActionResult:
    st = _current(device, mqtt, settings, state)
    if st is None:
        return unknown_state(device)
    if device.type == "sensor":
        return _reading(device, st, config)
    if device.type == "climate":
        return _climate(device, st, config)
    if device.type == "binary_sensor":
        found = _binary(device, st)
        if found is None:
            return unknown_state(device)
        return binary_answer(device, found[1], intent.value, st, row=found[0])
    word = _state_word(device, st)
    if word is None:
        return unknown_state(device)
    return state_answer(device, word, intent.value, st)


def _reading(device: Device, st: dict[str, Any], config: Config) -> ActionResult:
    keys = _READINGS[device.device_class] if device.device_class in _READINGS else tuple(_CLASS_OF_KEY)
    for key in keys:
        value = number(st.get(key))
        if value is not None:
            cls = _CLASS_OF_KEY[key]
            said = spoken_temperature(value, config) if cls == "temperature" else reading_said(value, cls)
            return reading_answer(device, said, st)
    return unknown_state(device)


def _climate(device: Device, st: dict[str, Any], config: Config) -> ActionResult:
    parts = []
    setpoint = number(st.get(_setpoint_key(device, st)))
    if st.get("system_mode") == "off":
        parts.append(f"{with_article(device.name, capital=True)} is off")
    elif setpoint is not None:
        parts.append(f"{with_article(device.name, capital=True)} is set to {spoken_temperature(setpoint, config)}")
    temp = number(st.get("local_temperature", st.get("temperature")))
    if temp is not None:
        parts.append(f"it is {spoken_temperature(temp, config)}" if parts else f"{with_article(device.name, capital=True)} reads {spoken_temperature(temp, config)}")
    if not parts:
        return unknown_state(device)
    return ActionResult(ok=True, speech=" and ".join(parts) + ".", state=st)


def get_temperature(device: Device, mqtt: Any, settings: dict[str, Any], state: StateCache, config: Config) -> ActionResult:
    st = _current(device, mqtt, settings, state, keys=("local_temperature", "temperature") if device.type == "climate" else ())
    temp = number((st or {}).get("local_temperature", (st or {}).get("temperature")))
    if st is None or temp is None:
        return refuse(f"I don't know the temperature of {with_article(device.name)} yet.", "unknown_state")
    if device.type != "climate":  # a thermometer: "The living room temperature is 21 degrees."
        return reading_answer(device, spoken_temperature(temp, config), {"temperature": temp})
    speech = f"{with_article(device.name, capital=True)} reads {spoken_temperature(temp, config)}"
    setpoint = number(st.get(_setpoint_key(device, st)))
    if setpoint is not None and st.get("system_mode") != "off":
        speech += f" and is set to {spoken_temperature(setpoint, config)}"
    return ActionResult(ok=True, speech=speech + ".", state={"temperature": temp, **({"setpoint": setpoint} if setpoint is not None else {})})
