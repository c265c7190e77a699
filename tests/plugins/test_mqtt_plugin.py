"""Generic MQTT plugin against the real broker: default JSON commands, per-action templates, state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from homeslm.config import Device

PLUGIN = "plugins.mqtt"


@pytest.fixture
def home(make_home: Callable[..., Any], uid: str) -> Any:
    g = "mqtt"
    h = make_home([PLUGIN], [
        Device(name="soundbar", type="media_player", plugin=g, topic=f"{uid}/lounge/soundbar", options={"actions": {
            "media_pause": {"topic": f"{uid}/lounge/soundbar/cmd", "payload": "PAUSE"},
            "set_volume": {"topic": f"{uid}/lounge/soundbar/cmd", "payload": "VOLUME {value}"},
            "turn_on": {"payload": {"power": True, "volume": "{value}"}},
            "media_next": "NEXT",
        }}),
        Device(name="dinner party", type="scene", plugin=g, topic=f"{uid}/scenes/dinner"),
        Device(name="robot", type="vacuum", plugin=g, topic=f"{uid}/robot"),
        Device(name="boiler", type="switch", plugin=g, topic=f"{uid}/boiler", options={"state_topic": f"{uid}/boiler/state"}),
        Device(name="cellar sensor", type="sensor", plugin=g, topic=f"{uid}/cellar"),
        Device(name="gate", type="cover", plugin=g, topic=f"{uid}/gate", options={"state_key": "door"}),
        Device(name="lost lamp", type="light", plugin=g),
        Device(name="broken", type="switch", plugin=g, topic=f"{uid}/broken", options={"actions": {"turn_on": {"topik": "x"}}}),
    ], {"mqtt": {"state_timeout_s": 0.3}})
    h.uid = uid
    return h


@pytest.mark.parametrize(
    ("device", "action", "value", "unit", "topic", "payload"),
    [
        ("dinner party", "turn_on", None, None, "scenes/dinner/set", {"action": "turn_on", "value": None, "unit": None}),
        ("robot", "vacuum_start", None, None, "robot/set", {"action": "vacuum_start", "value": None, "unit": None}),
        ("robot", "vacuum_return_to_base", None, None, "robot/set", {"action": "vacuum_return_to_base", "value": None, "unit": None}),
        ("soundbar", "media_resume", None, None, "lounge/soundbar/set", {"action": "media_resume", "value": None, "unit": None}),
        ("boiler", "turn_off", None, None, "boiler/set", {"action": "turn_off", "value": None, "unit": None}),
        ("gate", "set_position", 30, "%", "gate/set", {"action": "set_position", "value": 30, "unit": "%"}),
    ],
)
def test_default_command_is_json_on_set(home: Any, mqtt_recorder: Any, device: str, action: str, value: Any,
                                        unit: str | None, topic: str, payload: dict[str, Any]) -> None:
    assert home.do(action, device, value=value, unit=unit).ok
    msg = mqtt_recorder.wait_for(f"{home.uid}/{topic}")
    assert msg.json() == payload
    assert (msg.qos, msg.retain) == (1, False)


@pytest.mark.parametrize(
    ("action", "value", "topic", "payload"),
    [
        ("media_pause", None, "lounge/soundbar/cmd", "PAUSE"),
        ("set_volume", 30, "lounge/soundbar/cmd", "VOLUME 30"),
        ("media_next", None, "lounge/soundbar/set", "NEXT"),
    ],
)
def test_text_templates(home: Any, mqtt_recorder: Any, action: str, value: Any, topic: str, payload: str) -> None:
    assert home.do(action, "soundbar", value=value, unit="%" if value else None).ok
    assert mqtt_recorder.wait_for(f"{home.uid}/{topic}").text == payload


def test_json_template_keeps_value_type(home: Any, mqtt_recorder: Any) -> None:
    result = home.do("turn_on", "soundbar", value=25)
    assert result.ok and result.data["payload"] == {"power": True, "volume": 25}
    assert mqtt_recorder.wait_for(f"{home.uid}/lounge/soundbar/set").json() == {"power": True, "volume": 25}


def test_malformed_template_is_refused(home: Any) -> None:
    result = home.do("turn_on", "broken")
    assert not result.ok and result.speech == "The broken is misconfigured for turn on."


def test_device_without_topic_is_refused(home: Any) -> None:
    result = home.do("turn_on", "lost lamp")
    assert not result.ok and result.speech == "The lost lamp has no MQTT topic configured."


def test_plain_retained_state(make_home: Callable[..., Any], device_bus: Any, uid: str) -> None:
    device_bus.publish(f"{uid}/tv", "playing", retain=True)
    home = make_home([PLUGIN], [Device(name="tv", type="media_player", plugin="mqtt", topic=f"{uid}/tv")])
    result = home.do("get_state", "tv")
    assert result.ok and result.speech == "The tv is playing."
    assert home.do("get_state", "tv", value="paused").speech == "No, the tv is playing."
    device_bus.publish(f"{uid}/tv", "", retain=True)


def test_json_state_on_state_topic_and_state_key(home: Any, device_bus: Any) -> None:
    cache = home.registry.state_for("mqtt")
    since = cache.version("boiler")
    device_bus.publish(f"{home.uid}/boiler/state", {"state": "ON", "flow": 40})
    home.wait_state("mqtt", "boiler", since)
    assert home.do("get_state", "boiler").speech == "The boiler is on."
    since = cache.version("gate")
    device_bus.publish(f"{home.uid}/gate", {"door": "close"})
    home.wait_state("mqtt", "gate", since)
    assert home.do("get_state", "gate", value="closed").speech == "Yes, the gate is closed."


def test_temperature_from_plain_and_json_state(home: Any, device_bus: Any) -> None:
    cache = home.registry.state_for("mqtt")
    since = cache.version("cellar sensor")
    device_bus.publish(f"{home.uid}/cellar", "12.5")
    home.wait_state("mqtt", "cellar sensor", since)
    assert home.do("get_temperature", "cellar sensor").speech == "The cellar sensor reads 12.5 degrees."
    since = cache.version("cellar sensor")
    device_bus.publish(f"{home.uid}/cellar", {"temperature": 13, "humidity": 80})
    home.wait_state("mqtt", "cellar sensor", since)
    assert home.do("get_temperature", "cellar sensor").speech == "The cellar sensor reads 13 degrees."


def test_no_state_yet(home: Any) -> None:
    result = home.do("get_state", "robot")
    assert not result.ok and result.speech == "I don't know the state of the robot yet."


def test_unsupported_action_is_refused(home: Any) -> None:
    assert home.do("turn_on", "cellar sensor").speech == "The cellar sensor can't be turned on."
    assert home.do("turn_off", "dinner party").speech == "The dinner party can't be turned off."
