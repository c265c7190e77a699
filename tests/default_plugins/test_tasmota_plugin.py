"""Tasmota plugin against the real broker: exact command topics and payloads, state from stat/tele."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from homeslm.config.model import Device
from tests.default_plugins.binary_classes import CASES, IDS as CLASS_IDS, ClassCase, askings, expected

PLUGIN = "homeslm.default_plugins.tasmota"


@pytest.fixture
def home(make_home: Callable[..., Any], uid: str) -> Any:
    t = "tasmota"
    h = make_home([PLUGIN], [
        Device(name="porch light", type="light", plugin=t, topic=f"porch_{uid}"),
        Device(name="printer", type="switch", plugin=t, topic=f"printer_{uid}"),
        Device(name="garden pump", type="switch", plugin=t, topic=f"relays_{uid}", options={"relay": 2}),
        Device(name="shutters", type="cover", plugin=t, topic=f"shutters_{uid}"),
        Device(name="drip valve", type="valve", plugin=t, topic=f"drip_{uid}"),
        Device(name="attic sensor", type="sensor", plugin=t, topic=f"attic_{uid}"),
        Device(name="ceiling fan", type="fan", plugin=t),
    ], {"tasmota": {"state_timeout_s": 0.5}})
    h.uid = uid
    return h


@pytest.mark.parametrize(
    ("device", "action", "value", "unit", "command", "payload"),
    [
        ("porch light", "turn_on", None, None, "porch/POWER", "ON"),
        ("porch light", "turn_off", None, None, "porch/POWER", "OFF"),
        ("porch light", "toggle", None, None, "porch/POWER", "TOGGLE"),
        ("porch light", "set_brightness", 30, "%", "porch/Dimmer", "30"),
        ("porch light", "set_brightness", 130, "%", "porch/Dimmer", "100"),
        ("porch light", "increase_brightness", None, None, "porch/Dimmer", "+"),
        ("porch light", "decrease_brightness", 20, "%", "porch/Dimmer", "-"),
        ("porch light", "warmer_color_temp", None, None, "porch/CT", "+"),  # CT in mireds: up is warmer
        ("porch light", "cooler_color_temp", None, None, "porch/CT", "-"),
        ("porch light", "set_color_temp", 2700, "K", "porch/CT", "370"),
        ("porch light", "set_color_temp", 10000, "K", "porch/CT", "153"),
        ("porch light", "set_color_temp", 1800, "K", "porch/CT", "500"),
        ("porch light", "set_color", "red", None, "porch/Color", "#FF0000"),
        ("porch light", "set_color", "warm white", None, "porch/CT", "370"),
        ("printer", "turn_off", None, None, "printer/POWER", "OFF"),
        ("garden pump", "turn_on", None, None, "relays/POWER2", "ON"),
        ("shutters", "open", None, None, "shutters/ShutterOpen1", ""),
        ("shutters", "close", None, None, "shutters/ShutterClose1", ""),
        ("shutters", "set_position", 40, "%", "shutters/ShutterPosition1", "40"),
        ("drip valve", "open", None, None, "drip/POWER", "ON"),
        ("drip valve", "close", None, None, "drip/POWER", "OFF"),
    ],
)
def test_command_topic_and_payload(home: Any, mqtt_recorder: Any, device: str, action: str, value: Any,
                                   unit: str | None, command: str, payload: str) -> None:
    result = home.do(action, device, value=value, unit=unit)
    assert result.ok, result
    name, cmd = command.split("/")
    topic = f"cmnd/{name}_{home.uid}/{cmd}"
    msg = mqtt_recorder.wait_for(topic)
    assert msg.text == payload
    assert (msg.qos, msg.retain) == (1, False), "Tasmota commands are never retained"


def test_relative_dimming_uses_the_known_level(home: Any, device_bus: Any, mqtt_recorder: Any) -> None:
    topic = f"porch_{home.uid}"
    since = home.registry.state_for("tasmota").version(topic)
    device_bus.publish(f"stat/{topic}/RESULT", {"POWER": "ON", "Dimmer": 50})
    home.wait_state("tasmota", topic, since)
    assert home.do("increase_brightness", "porch light").ok
    assert mqtt_recorder.wait_for(f"cmnd/{topic}/Dimmer").text == "75"
    assert home.do("get_state", "porch light").speech == "The porch light is on at 50 percent."


def test_warmer_and_cooler_step_the_known_colour_temperature_within_range(home: Any, device_bus: Any,
                                                                          mqtt_recorder: Any) -> None:
    topic = f"porch_{home.uid}"
    since = home.registry.state_for("tasmota").version(topic)
    device_bus.publish(f"stat/{topic}/RESULT", {"POWER": "ON", "CT": 480})
    home.wait_state("tasmota", topic, since)
    assert home.do("warmer_color_temp", "porch light").ok
    assert mqtt_recorder.wait_for(f"cmnd/{topic}/CT").text == "500"  # 530 clamped to the warmest
    mqtt_recorder.clear()
    assert home.do("cooler_color_temp", "porch light").ok
    assert mqtt_recorder.wait_for(f"cmnd/{topic}/CT").text == "430"


def test_power_state_from_stat_power(home: Any, device_bus: Any) -> None:
    topic = f"printer_{home.uid}"
    since = home.registry.state_for("tasmota").version(topic)
    device_bus.publish(f"stat/{topic}/POWER", "ON")
    home.wait_state("tasmota", topic, since)
    assert home.do("get_state", "printer").speech == "The printer is on."
    assert home.do("get_state", "printer", value="off").speech == "No, the printer is on."


def test_state_from_tele_state_and_second_relay(home: Any, device_bus: Any) -> None:
    topic = f"relays_{home.uid}"
    since = home.registry.state_for("tasmota").version(topic)
    device_bus.publish(f"tele/{topic}/STATE", {"POWER1": "ON", "POWER2": "OFF", "Wifi": {"RSSI": 70}}, retain=True)
    home.wait_state("tasmota", topic, since)
    result = home.do("get_state", "garden pump")
    assert result.speech == "The garden pump is off."
    assert result.state["POWER1"] == "ON"
    device_bus.publish(f"tele/{topic}/STATE", "", retain=True)


def test_shutter_position_and_valve_state(home: Any, device_bus: Any) -> None:
    cache = home.registry.state_for("tasmota")
    for topic, suffix, payload in [(f"shutters_{home.uid}", "RESULT", {"Shutter1": {"Position": 40, "Direction": 0}}),
                                   (f"drip_{home.uid}", "POWER", "OFF")]:
        since = cache.version(topic)
        device_bus.publish(f"stat/{topic}/{suffix}", payload)
        home.wait_state("tasmota", topic, since)
    assert home.do("get_state", "shutters").speech == "The shutters are 40 percent open."
    assert home.do("get_state", "drip valve", value="closed").speech == "Yes, the drip valve is closed."


def test_temperature_from_tele_sensor(home: Any, device_bus: Any) -> None:
    topic = f"attic_{home.uid}"
    since = home.registry.state_for("tasmota").version(topic)
    device_bus.publish(f"tele/{topic}/SENSOR", {"Time": "2024-01-01T00:00:00", "AM2301": {"Temperature": 21.5, "Humidity": 40}, "TempUnit": "C"})
    home.wait_state("tasmota", topic, since)
    result = home.do("get_temperature", "attic sensor")
    assert result.ok and result.speech == "The attic sensor reads 21.5 degrees."
    assert home.do("get_state", "attic sensor").speech == "The attic sensor reads 21.5 degrees."


def test_sensor_status_answer_is_used(home: Any, device_bus: Any, mqtt_recorder: Any) -> None:
    topic = f"attic_{home.uid}"
    device_bus.respond(f"cmnd/{topic}/STATUS", lambda t, p: (f"stat/{topic}/STATUS10",
                                                              {"StatusSNS": {"DS18B20": {"Temperature": 68.0}, "TempUnit": "F"}}))
    result = home.do("get_temperature", "attic sensor")
    assert result.ok and result.speech == "The attic sensor reads 20 degrees."
    assert mqtt_recorder.wait_for(f"cmnd/{topic}/STATUS").text == "10"


def test_unknown_state_asks_with_state_command(home: Any, mqtt_recorder: Any) -> None:
    result = home.do("get_state", "printer")
    assert not result.ok and result.speech == "I don't know the state of the printer yet."
    msg = mqtt_recorder.wait_for(f"cmnd/printer_{home.uid}/STATE")
    assert msg.retain is False


def test_device_without_topic_is_refused(home: Any) -> None:
    result = home.do("turn_on", "ceiling fan")
    assert not result.ok and result.speech == "The ceiling fan has no Tasmota topic configured."


def test_unsupported_action_is_refused(home: Any) -> None:
    assert home.do("lock", "printer").speech == "The printer can't be locked."
    assert home.do("set_color", "porch light", value="no such colour").speech == "I don't know the colour no such colour."


def test_unknown_settings_are_refused(make_home: Callable[..., Any]) -> None:
    home = make_home([PLUGIN], [], {"tasmota": {"prefix": "x"}}, start=False)
    assert home.registry.errors["tasmota"] == "plugins.tasmota.prefix: unknown setting of plugin 'tasmota'; known: state_timeout_s"


@pytest.mark.parametrize("case", CASES, ids=CLASS_IDS)
def test_every_binary_sensor_class_answers_in_its_words_and_yes_or_no(make_home: Callable[..., Any], device_bus: Any,
                                                                       uid: str, case: ClassCase) -> None:
    """A switch input's ``Switch1`` ``ON`` is Home Assistant's on (a door's open, a lock's unlocked), said in the
    class's words; yes/no for an asked state written as the schema or the notation writes it."""
    name, topic = f"{case.device_class.replace('_', ' ')} device", f"{case.device_class}_{uid}"
    device = Device(name=name, type="binary_sensor", device_class=case.device_class, plugin="tasmota", topic=topic)
    home = make_home([PLUGIN], [device], {"tasmota": {"state_timeout_s": 0.5}})
    cache = home.registry.state_for("tasmota")
    for on in (True, False):
        since = cache.version(topic)
        device_bus.publish(f"tele/{topic}/SENSOR", {"Time": "2024-01-01T00:00:00", "Switch1": "ON" if on else "OFF"})
        home.wait_state("tasmota", topic, since)
        for asked in askings(case):
            result = home.do("get_state", name, value=asked)
            assert result.ok and result.speech == expected(case, name, on, asked), (on, asked)
