"""Generic MQTT plugin against the real broker: default JSON commands, per-action templates, state."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from homeslm import Intent
from homeslm.config.model import Device
from tests.default_plugins.binary_classes import CASES, IDS as CLASS_IDS, ClassCase, askings, expected

PLUGIN = "homeslm.default_plugins.mqtt"


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
        Device(name="heating", type="climate", plugin=g, topic=f"{uid}/heating"),
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
        ("soundbar", "increase_volume", None, None, "lounge/soundbar/set", {"action": "increase_volume", "value": None, "unit": None}),
        ("soundbar", "decrease_volume", 10, "%", "lounge/soundbar/set", {"action": "decrease_volume", "value": 10, "unit": "%"}),
        ("heating", "increase_temperature", None, None, "heating/set", {"action": "increase_temperature", "value": None, "unit": None}),
        ("heating", "decrease_temperature", 2, None, "heating/set", {"action": "decrease_temperature", "value": 2, "unit": None}),
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
    cache = home.registry.state_for("mqtt")  # kept by state topic: device names may repeat
    since = cache.version(f"{home.uid}/boiler/state")
    device_bus.publish(f"{home.uid}/boiler/state", {"state": "ON", "flow": 40})
    home.wait_state("mqtt", f"{home.uid}/boiler/state", since)
    assert home.do("get_state", "boiler").speech == "The boiler is on."
    since = cache.version(f"{home.uid}/gate")
    device_bus.publish(f"{home.uid}/gate", {"door": "close"})
    home.wait_state("mqtt", f"{home.uid}/gate", since)
    assert home.do("get_state", "gate", value="closed").speech == "Yes, the gate is closed."


def test_temperature_from_plain_and_json_state(home: Any, device_bus: Any) -> None:
    cache = home.registry.state_for("mqtt")
    since = cache.version(f"{home.uid}/cellar")
    device_bus.publish(f"{home.uid}/cellar", "12.5")
    home.wait_state("mqtt", f"{home.uid}/cellar", since)
    assert home.do("get_temperature", "cellar sensor").speech == "The cellar sensor reads 12.5 degrees."
    since = cache.version(f"{home.uid}/cellar")
    device_bus.publish(f"{home.uid}/cellar", {"temperature": 13, "humidity": 80})
    home.wait_state("mqtt", f"{home.uid}/cellar", since)
    assert home.do("get_temperature", "cellar sensor").speech == "The cellar sensor reads 13 degrees."


def test_devices_sharing_a_name_each_read_their_own_state(make_home: Callable[..., Any], device_bus: Any,
                                                          uid: str) -> None:
    """Names repeat (issue 13): two "ceiling light" switches in two rooms and a phone that is two sensors
    reading one payload; each answers from its own topic and key, never from the other's."""
    devices = [
        Device(name="ceiling light", type="switch", plugin="mqtt", area="kitchen", topic=f"{uid}/kitchen/ceiling"),
        Device(name="ceiling light", type="switch", plugin="mqtt", area="bedroom", topic=f"{uid}/bedroom/ceiling"),
        Device(name="phone", type="sensor", device_class="battery", plugin="mqtt", topic=f"{uid}/phone",
               options={"state_key": "battery"}),
        Device(name="phone", type="binary_sensor", device_class="battery_charging", plugin="mqtt", topic=f"{uid}/phone",
               options={"state_key": "charging"}),
    ]
    device_bus.publish(f"{uid}/kitchen/ceiling", "ON", retain=True)
    device_bus.publish(f"{uid}/bedroom/ceiling", "OFF", retain=True)
    device_bus.publish(f"{uid}/phone", {"battery": 64, "charging": False}, retain=True)
    home = make_home([PLUGIN], devices)

    def ask(dev: Device) -> str:
        intent = Intent("get_state", device=dev.name, area=dev.area, domain=dev.type)
        return home.registry.execute(intent, dev, timeout_s=10.0).speech

    assert [ask(d) for d in devices] == ["The ceiling light is on.", "The ceiling light is off.", "The phone reads 64 percent.",
                                         "The phone is not charging."]
    for topic in ("kitchen/ceiling", "bedroom/ceiling", "phone"):
        device_bus.publish(f"{uid}/{topic}", "", retain=True)


def test_no_state_yet(home: Any) -> None:
    result = home.do("get_state", "robot")
    assert not result.ok and result.speech == "I don't know the state of the robot yet."


def test_unsupported_action_is_refused(home: Any) -> None:
    assert home.do("turn_on", "cellar sensor").speech == "The cellar sensor can't be turned on."
    assert home.do("turn_off", "dinner party").speech == "The dinner party can't be turned off."


# -- scaled template fields: {value_N}, {mireds}, {kelvin}, colours ---------------------------------


@pytest.fixture
def scaled_home(make_home: Callable[..., Any], uid: str) -> Any:
    g = "mqtt"
    h = make_home([PLUGIN], [
        Device(name="desk lamp", type="light", plugin=g, topic=f"{uid}/desk", options={"actions": {
            "set_brightness": {"payload": {"state": "ON", "brightness": "{value_255}"}},
            "increase_brightness": "DIM +{value_254}",
            "set_color_temp": {"payload": {"color_temp": "{mireds}"}},
            "set_color": {"payload": {"color_temp": "{mireds}", "kelvin": "{kelvin}"}},
        }}),
        Device(name="led strip", type="light", plugin=g, topic=f"{uid}/strip", options={"actions": {
            "set_color": {"topic": f"{uid}/strip/rgb/set", "payload": "{rgb}"},
        }}),
        Device(name="bulb", type="light", plugin=g, topic=f"{uid}/bulb", options={"actions": {
            "set_color": {"payload": {"state": "ON", "color": {"h": "{hue}", "s": "{saturation}"}}},
        }}),
        Device(name="hue lamp", type="light", plugin=g, topic=f"{uid}/huelamp", options={"actions": {
            "set_color": {"payload": {"color": {"x": "{x}", "y": "{y}"}, "hex": "{hex}", "xy": "{xy}", "hs": "{hs}"}},
        }}),
        Device(name="speaker", type="media_player", plugin=g, topic=f"{uid}/speaker", options={"actions": {
            "set_volume": {"topic": f"{uid}/speaker/{{action}}", "payload": "{value_1}"},
            "turn_on": {"payload": {"power": True, "volume": "{value_1}"}},
        }}),
    ])
    h.uid = uid
    return h


@pytest.mark.parametrize(
    ("device", "action", "value", "unit", "topic", "payload"),
    [
        ("desk lamp", "set_brightness", 30, "%", "desk/set", {"state": "ON", "brightness": 77}),
        ("desk lamp", "set_brightness", 50, "%", "desk/set", {"state": "ON", "brightness": 128}),
        ("desk lamp", "set_brightness", 100, "%", "desk/set", {"state": "ON", "brightness": 255}),
        ("desk lamp", "set_brightness", 0, "%", "desk/set", {"state": "ON", "brightness": 0}),
        ("desk lamp", "set_brightness", 150, "%", "desk/set", {"state": "ON", "brightness": 255}),
        ("desk lamp", "set_brightness", 33.3, "%", "desk/set", {"state": "ON", "brightness": 85}),
        ("desk lamp", "increase_brightness", 10, "%", "desk/set", "DIM +25"),
        ("desk lamp", "set_color_temp", 2700, "K", "desk/set", {"color_temp": 370}),
        ("desk lamp", "set_color_temp", 4000, "K", "desk/set", {"color_temp": 250}),
        ("desk lamp", "set_color_temp", 10000, "K", "desk/set", {"color_temp": 153}),
        ("desk lamp", "set_color_temp", 1000, "K", "desk/set", {"color_temp": 500}),
        ("desk lamp", "set_color", "warm white", None, "desk/set", {"color_temp": 370, "kelvin": 2700}),
        ("desk lamp", "set_color", "daylight", None, "desk/set", {"color_temp": 154, "kelvin": 6500}),
        ("led strip", "set_color", "red", None, "strip/rgb/set", "255,0,0"),
        ("led strip", "set_color", "Light Blue", None, "strip/rgb/set", "173,216,230"),
        ("led strip", "set_color", "warm white", None, "strip/rgb/set", "255,167,87"),
        ("bulb", "set_color", "purple", None, "bulb/set", {"state": "ON", "color": {"h": 300, "s": 100}}),
        ("hue lamp", "set_color", "red", None, "huelamp/set",
         {"color": {"x": 0.6401, "y": 0.33}, "hex": "#ff0000", "xy": "0.6401,0.33", "hs": "0,100"}),
        ("speaker", "set_volume", 35, "%", "speaker/set_volume", "0.35"),
        ("speaker", "set_volume", 7, "%", "speaker/set_volume", "0.07"),
        ("speaker", "set_volume", 100, "%", "speaker/set_volume", "1"),
        ("speaker", "set_volume", 120, "%", "speaker/set_volume", "1"),
        ("speaker", "set_volume", 44.6, "%", "speaker/set_volume", "0.45"),
    ],
)
def test_scaled_fields_are_rounded_and_clamped(scaled_home: Any, mqtt_recorder: Any, device: str, action: str,
                                               value: Any, unit: str | None, topic: str, payload: Any) -> None:
    result = scaled_home.do(action, device, value=value, unit=unit)
    assert result.ok, result.speech
    msg = mqtt_recorder.wait_for(f"{scaled_home.uid}/{topic}")
    assert (msg.json() if isinstance(payload, dict) else msg.text) == payload
    assert (msg.qos, msg.retain) == (1, False)


def test_json_scaled_field_keeps_its_number_type(scaled_home: Any, mqtt_recorder: Any) -> None:
    result = scaled_home.do("turn_on", "speaker", value=25, unit="%")
    assert result.ok and result.data["payload"] == {"power": True, "volume": 0.25}
    assert mqtt_recorder.wait_for(f"{scaled_home.uid}/speaker/set").json() == {"power": True, "volume": 0.25}


@pytest.mark.parametrize(
    ("action", "value", "unit", "speech"),
    [
        ("set_brightness", None, None, "What brightness should the desk lamp have?"),
        ("set_color_temp", 500, "K", "500 kelvin is not a colour temperature I can set."),
        ("set_color", "red", None, "The desk lamp takes only whites here (warm white, cool white, daylight, ...), not red."),
    ],
)
def test_scaled_field_without_a_usable_value_is_refused_and_nothing_sent(
        scaled_home: Any, mqtt_recorder: Any, action: str, value: Any, unit: str | None, speech: str) -> None:
    result = scaled_home.do(action, "desk lamp", value=value, unit=unit)
    assert not result.ok and result.speech == speech
    # a command after the refusal is the first message on the topic: the refused one was never published
    assert scaled_home.do("set_brightness", "desk lamp", value=40, unit="%").ok
    topic = f"{scaled_home.uid}/desk/set"
    assert mqtt_recorder.wait_for(topic).json() == {"state": "ON", "brightness": 102}
    assert len(mqtt_recorder.messages(topic)) == 1


def test_unknown_template_field_is_a_config_error_naming_device_and_field(
        make_home: Callable[..., Any], mqtt_recorder: Any, uid: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("ERROR", logger="homeslm.default_plugins.mqtt"):
        home = make_home([PLUGIN], [
            Device(name="strip", type="light", plugin="mqtt", topic=f"{uid}/strip", options={"actions": {
                "set_brightness": {"payload": {"brightness": "{brightness_255}"}},
                "turn_on": {"payload": "ON"},
            }}),
        ])
    # reported when the plugins load (the registry logs it), not raised: the plugin stays loaded
    at_start = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(at_start) == 1, at_start
    assert at_start[0].startswith("devices[0].options.actions.set_brightness: device 'strip': unknown template field "
                                  "{brightness_255}; known fields: {value}, {unit}, {action}, {value_N}")
    assert at_start[0].endswith("(plugin mqtt)")
    [reported] = home.registry.config_problems["mqtt"]
    assert reported.key == "devices[0].options.actions.set_brightness" and "{brightness_255}" in reported.problem
    caplog.clear()
    with caplog.at_level("ERROR", logger="homeslm.default_plugins.mqtt"):
        result = home.do("set_brightness", "strip", value=30, unit="%")
    assert not result.ok and result.speech == "The strip is misconfigured for set brightness."
    assert result.data["refusal"] == "config"
    assert any("device 'strip'" in r.getMessage() and "{brightness_255}" in r.getMessage() for r in caplog.records)
    # the device's other actions and the plugin still work
    assert home.do("turn_on", "strip").ok
    assert mqtt_recorder.wait_for(f"{uid}/strip/set").text == "ON"


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("{value_0}", "unknown template field {value_0}"),
        ({"payload": "{volume}", "topic": "x/{where}"}, "unknown template field {volume}, {where}"),
        ({"payload": "x", "qos": 3}, "qos: expected 0, 1 or 2, got 3"),
        ({"payload": "x", "retain": "yes"}, "retain: expected true or false, got 'yes'"),
        ({"payload": {"volume": {"value_1": None}}},
         'write the field in quotes, "{value_1}": without them YAML reads {value_1} as a mapping'),
    ],
)
def test_template_errors_name_file_line_device_and_field(tmp_path: Any, caplog: pytest.LogCaptureFixture,
                                                         template: Any, problem: str) -> None:
    from homeslm.config.loader import load_config
    from homeslm.plugins import ActionRegistry, build_plugin_manager

    path = tmp_path / "homeslm.yaml"
    path.write_text(
        "site: test\n"
        "devices:\n"
        "  - {name: lamp, type: light, plugin: mqtt, topic: lamp}\n"
        "  - name: radio\n"
        "    type: media_player\n"
        "    plugin: mqtt\n"
        "    topic: radio\n"
        "    options:\n"
        "      actions:\n"
        "        set_volume: " + json.dumps(template) + "\n"
    )
    config = load_config(path)
    with caplog.at_level("ERROR"):
        registry = ActionRegistry(build_plugin_manager([PLUGIN], load_entry_points=False), config)
    assert "mqtt" not in registry.errors  # the plugin still drives the other devices
    [reported] = registry.config_problems["mqtt"]  # what homeslm check-config prints
    assert str(reported).startswith(f"{path}:10: devices[1].options.actions.set_volume: device 'radio': {problem}")
    messages = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"{path}:10: devices[1].options.actions.set_volume: device 'radio': {problem}")


def test_a_colour_field_with_an_unknown_colour_is_refused_and_nothing_sent(scaled_home: Any, mqtt_recorder: Any) -> None:
    result = scaled_home.do("set_color", "led strip", value="sparkly")
    assert not result.ok and result.speech == "I don't know the colour sparkly."
    assert scaled_home.do("set_color", "led strip", value="green").ok
    topic = f"{scaled_home.uid}/strip/rgb/set"
    assert mqtt_recorder.wait_for(topic).text == "0,128,0"
    assert len(mqtt_recorder.messages(topic)) == 1


def _example_vacuum(uid: str) -> Device:
    """The example config's robot vacuum (config/homeslm.yaml), its topics moved under this test's ``uid``."""
    from dataclasses import replace
    from pathlib import Path

    from homeslm.config.loader import load_config

    example = load_config(Path(__file__).resolve().parents[2] / "config" / "homeslm.yaml")
    device = example.device("robot vacuum")
    assert device is not None and device.plugin == "mqtt"
    moved = json.loads(json.dumps(device.options).replace('"valetudo/', f'"{uid}/valetudo/'))
    return replace(device, topic=f"{uid}/{device.topic}", options=moved)


@pytest.mark.parametrize(("action", "payload"), [("vacuum_start", "START"), ("vacuum_return_to_base", "HOME")])
def test_example_valetudo_vacuum_gets_valetudo_basic_control_payloads(
        make_home: Callable[..., Any], mqtt_recorder: Any, uid: str, action: str, payload: str) -> None:
    home = make_home([PLUGIN], [_example_vacuum(uid)])
    assert home.do(action, "robot vacuum").ok
    msg = mqtt_recorder.wait_for(f"{uid}/valetudo/robot/BasicControlCapability/operation/set")
    assert msg.text == payload


def test_example_valetudo_vacuum_reads_valetudo_status(make_home: Callable[..., Any], device_bus: Any,
                                                       uid: str) -> None:
    device_bus.publish(f"{uid}/valetudo/robot/StatusStateAttribute/status", "docked", retain=True)
    home = make_home([PLUGIN], [_example_vacuum(uid)])
    assert home.do("get_state", "robot vacuum").speech == "The robot vacuum is docked."
    device_bus.publish(f"{uid}/valetudo/robot/StatusStateAttribute/status", "", retain=True)


# -- binary sensors and people: Home Assistant's states ----------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=CLASS_IDS)
def test_every_binary_sensor_class_answers_in_its_words_and_yes_or_no(make_home: Callable[..., Any], device_bus: Any,
                                                                       uid: str, case: ClassCase) -> None:
    """A state published as Home Assistant does (``ON``/``OFF``; retained), said in the class's words; yes/no for
    an asked state written as the schema or the notation writes it."""
    name, topic = f"{case.device_class.replace('_', ' ')} device", f"{uid}/{case.device_class}"
    device = Device(name=name, type="binary_sensor", device_class=case.device_class, plugin="mqtt", topic=topic)
    device_bus.publish(topic, "ON", retain=True)
    home = make_home([PLUGIN], [device])
    cache = home.registry.state_for("mqtt")
    for on in (True, False):
        if not on:
            since = cache.version(topic)
            device_bus.publish(topic, "OFF", retain=True)
            home.wait_state("mqtt", topic, since)
        for asked in askings(case):
            result = home.do("get_state", name, value=asked)
            assert result.ok and result.speech == expected(case, name, on, asked), (on, asked)
    device_bus.publish(topic, "", retain=True)


@pytest.mark.parametrize(("device_class", "published", "asked", "speech"), [
    ("window", "open", "closed", "No, the sensor is open."),
    ("window", {"state": "closed"}, "closed", "Yes, the sensor is closed."),
    ("moisture", "wet", "on", "Yes, the sensor is wet."),
    ("moisture", "true", "dry", "No, the sensor is wet."),
    ("lock", "locked", "unlocked", "No, the sensor is locked."),
    ("occupancy", "occupied", "clear", "No, the sensor is detecting someone."),
    ("battery", {"state": False}, "low", "No, the sensor is normal."),
])
def test_a_binary_sensor_state_written_as_a_word_of_its_class_is_read(make_home: Callable[..., Any], device_bus: Any,
                                                                     uid: str, device_class: str, published: Any,
                                                                     asked: str, speech: str) -> None:
    topic = f"{uid}/sensor"
    device = Device(name="sensor", type="binary_sensor", device_class=device_class, plugin="mqtt", topic=topic)
    device_bus.publish(topic, published, retain=True)
    home = make_home([PLUGIN], [device])
    assert home.do("get_state", "sensor", value=asked).speech == speech
    device_bus.publish(topic, "", retain=True)


@pytest.mark.parametrize(("state", "asked", "speech"), [
    ("home", None, "Anna is home."),
    ("home", "home", "Yes, anna is home."),
    ("home", "not_home", "No, anna is home."),
    ("not_home", "home", "No, anna is away."),
    ("not_home", None, "Anna is away."),
    ("not_home", "not_home", "Yes, anna is away."),
    ("not_home", "away", "Yes, anna is away."),  # the notation's token
    ("work", "home", "No, anna is at work."),
    ("work", "not_home", "Yes, anna is at work."),
    ("work", None, "Anna is at work."),
])
def test_a_person_answers_home_away_or_the_zone(make_home: Callable[..., Any], device_bus: Any, uid: str, state: str,
                                                asked: str | None, speech: str) -> None:
    """Home Assistant's person states (``home``, ``not_home``, a zone's name), e.g. from its MQTT statestream."""
    topic = f"{uid}/person/anna"
    device = Device(name="anna", type="person", plugin="mqtt", topic=topic)
    device_bus.publish(topic, state, retain=True)
    home = make_home([PLUGIN], [device])
    result = home.do("get_state", "anna", value=asked)
    assert result.ok and result.speech == speech
    device_bus.publish(topic, "", retain=True)
