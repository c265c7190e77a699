"""zigbee2mqtt plugin against the real broker: exact topics and payloads, state reads, refusals."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from homeslm import Intent
from homeslm.config.model import Device
from tests.default_plugins.binary_classes import CASES, IDS as CLASS_IDS, ClassCase, askings, expected
from homeslm.plugins.context import MAX_STATE_KEYS

PLUGIN = "homeslm.default_plugins.zigbee2mqtt"


def devices() -> list[Device]:
    z = "zigbee2mqtt"
    return [
        Device(name="ceiling light", type="light", plugin=z, area="kitchen", topic="kitchen_ceiling"),
        Device(name="kettle", type="switch", plugin=z, topic="kettle_plug"),
        Device(name="air purifier", type="fan", plugin=z, topic="purifier"),
        Device(name="roller blind", type="cover", plugin=z, topic="bedroom/blind"),
        Device(name="radiator", type="climate", plugin=z, topic="lounge_trv"),
        Device(name="old radiator", type="climate", plugin=z, topic="old_trv"),
        Device(name="smart lock", type="lock", plugin=z, topic="porch_lock"),
        Device(name="water valve", type="valve", plugin=z, topic="garden_valve"),
        Device(name="window sensor", type="binary_sensor", device_class="window", plugin=z, topic="guest_window"),
        Device(name="motion sensor", type="binary_sensor", device_class="motion", plugin=z, topic="hall_pir"),
        Device(name="humidity sensor", type="sensor", device_class="humidity", plugin=z, topic="utility_hum"),
        Device(name="hallway sensor", type="sensor", device_class="temperature", plugin=z, topic="hall_temp"),
        Device(name="desk lamp", type="light", plugin=z),  # no topic: its name is the friendly name
    ]


@pytest.fixture
def home(make_home: Callable[..., Any], uid: str) -> Any:
    h = make_home([PLUGIN], devices(), {"zigbee2mqtt": {"base_topic": f"z2m_{uid}", "state_timeout_s": 0.5}})
    h.base = f"z2m_{uid}"
    return h


@pytest.mark.parametrize(
    ("device", "action", "value", "unit", "friendly", "payload"),
    [
        ("ceiling light", "turn_on", None, None, "kitchen_ceiling", {"state": "ON"}),
        ("ceiling light", "turn_off", None, None, "kitchen_ceiling", {"state": "OFF"}),
        ("ceiling light", "toggle", None, None, "kitchen_ceiling", {"state": "TOGGLE"}),
        ("ceiling light", "set_brightness", 30, "%", "kitchen_ceiling", {"brightness": 76}),
        ("ceiling light", "set_brightness", 100, "%", "kitchen_ceiling", {"brightness": 254}),
        ("ceiling light", "increase_brightness", None, None, "kitchen_ceiling", {"brightness_step": 64}),
        ("ceiling light", "increase_brightness", 10, "%", "kitchen_ceiling", {"brightness_step": 25}),
        ("ceiling light", "decrease_brightness", 50, "%", "kitchen_ceiling", {"brightness_step": -127}),
        ("ceiling light", "set_color", "red", None, "kitchen_ceiling", {"color": {"hex": "#ff0000"}}),
        ("ceiling light", "set_color", "Light Blue", None, "kitchen_ceiling", {"color": {"hex": "#add8e6"}}),
        ("ceiling light", "set_color_temp", 2700, "K", "kitchen_ceiling", {"color_temp": 370}),
        ("ceiling light", "warmer_color_temp", None, None, "kitchen_ceiling", {"color_temp_step": 50}),  # mireds up
        ("ceiling light", "cooler_color_temp", None, None, "kitchen_ceiling", {"color_temp_step": -50}),
        ("ceiling light", "set_color", "warm white", None, "kitchen_ceiling", {"color_temp": 370}),
        ("ceiling light", "set_color", "Daylight", None, "kitchen_ceiling", {"color_temp": 154}),
        ("desk lamp", "turn_on", None, None, "desk lamp", {"state": "ON"}),
        ("kettle", "turn_on", None, None, "kettle_plug", {"state": "ON"}),
        ("air purifier", "turn_off", None, None, "purifier", {"state": "OFF"}),
        ("roller blind", "open", None, None, "bedroom/blind", {"state": "OPEN"}),
        ("roller blind", "close", None, None, "bedroom/blind", {"state": "CLOSE"}),
        ("roller blind", "set_position", 40, "%", "bedroom/blind", {"position": 40}),
        ("radiator", "set_temperature", 21, None, "lounge_trv", {"current_heating_setpoint": 21}),
        ("radiator", "set_temperature", 70, "°F", "lounge_trv", {"current_heating_setpoint": 21.0}),
        ("radiator", "turn_off", None, None, "lounge_trv", {"system_mode": "off"}),
        ("smart lock", "lock", None, None, "porch_lock", {"state": "LOCK"}),
        ("smart lock", "unlock", None, None, "porch_lock", {"state": "UNLOCK"}),
        ("water valve", "open", None, None, "garden_valve", {"state": "ON"}),
        ("water valve", "close", None, None, "garden_valve", {"state": "OFF"}),
    ],
)
def test_command_publishes_exact_json(home: Any, mqtt_recorder: Any, device: str, action: str, value: Any,
                                      unit: str | None, friendly: str, payload: dict[str, Any]) -> None:
    result = home.do(action, device, value=value, unit=unit)
    assert result.ok, result
    topic = f"{home.base}/{friendly}/set"
    msg = mqtt_recorder.wait_for(topic)
    assert msg.json() == payload
    assert (msg.qos, msg.retain) == (1, False)
    assert result.data == {"topic": topic, "payload": payload}


def test_unknown_colour_is_refused_and_nothing_is_sent(home: Any, mqtt_recorder: Any) -> None:
    refused = home.do("set_color", "ceiling light", value="blurple")
    assert not refused.ok
    assert refused.speech == "I don't know the colour blurple."
    home.do("turn_on", "ceiling light")  # the first message on the topic must be this one
    assert mqtt_recorder.wait_for(f"{home.base}/kitchen_ceiling/set").json() == {"state": "ON"}


def test_missing_brightness_is_asked_for(home: Any) -> None:
    result = home.do("set_brightness", "ceiling light")
    assert not result.ok and result.speech == "What brightness should the ceiling light have?"


def test_thermostat_setpoint_key_follows_the_device_state(home: Any, device_bus: Any, mqtt_recorder: Any) -> None:
    since = home.registry.state_for("zigbee2mqtt").version("old_trv")
    device_bus.publish(f"{home.base}/old_trv", {"occupied_heating_setpoint": 19, "local_temperature": 18.5})
    home.wait_state("zigbee2mqtt", "old_trv", since)
    assert home.do("set_temperature", "old radiator", value=22.5).ok
    assert mqtt_recorder.wait_for(f"{home.base}/old_trv/set").json() == {"occupied_heating_setpoint": 22.5}


@pytest.mark.parametrize(("action", "value", "unit", "sent"), [
    ("increase_temperature", None, None, 20.0),   # one degree up from 19
    ("decrease_temperature", None, None, 18.0),
    ("increase_temperature", 2, None, 21.0),      # "two degrees warmer"
    ("increase_temperature", 3, "°F", 20.5),      # 3 °F is 1.7 °C: to the half degree
    ("decrease_temperature", 30, None, 5.0),      # never below what a thermostat takes
])
def test_a_relative_temperature_steps_the_set_point_the_device_reports(home: Any, device_bus: Any, mqtt_recorder: Any,
                                                                      action: str, value: Any, unit: str | None,
                                                                      sent: float) -> None:
    since = home.registry.state_for("zigbee2mqtt").version("old_trv")
    device_bus.publish(f"{home.base}/old_trv", {"occupied_heating_setpoint": 19, "local_temperature": 18.5})
    home.wait_state("zigbee2mqtt", "old_trv", since)
    assert home.do(action, "old radiator", value=value, unit=unit).ok
    assert mqtt_recorder.wait_for(f"{home.base}/old_trv/set").json() == {"occupied_heating_setpoint": sent}


def test_a_relative_temperature_asks_the_device_for_its_set_point(home: Any, device_bus: Any, mqtt_recorder: Any) -> None:
    def answer(topic: str, payload: bytes) -> tuple[str, dict[str, Any]]:
        assert json.loads(payload) == {"current_heating_setpoint": ""}
        return f"{home.base}/lounge_trv", {"current_heating_setpoint": 21.5}

    device_bus.respond(f"{home.base}/lounge_trv/get", answer)
    assert home.do("decrease_temperature", "radiator").ok
    assert mqtt_recorder.wait_for(f"{home.base}/lounge_trv/set").json() == {"current_heating_setpoint": 20.5}


def test_a_relative_temperature_with_no_set_point_known_is_refused_and_nothing_is_set(home: Any, mqtt_recorder: Any) -> None:
    result = home.do("increase_temperature", "radiator")  # nobody answers the request for the state
    assert not result.ok and result.speech == "I don't know what the radiator is set to yet."
    home.do("turn_off", "radiator")  # the first message on the set topic must be this one
    assert mqtt_recorder.wait_for(f"{home.base}/lounge_trv/set").json() == {"system_mode": "off"}


def test_lock_state_from_retained_message(make_home: Callable[..., Any], device_bus: Any, uid: str) -> None:
    base = f"z2m_{uid}"
    device_bus.publish(f"{base}/porch_lock", {"state": "LOCK", "battery": 80}, retain=True)
    home = make_home([PLUGIN], devices(), {"zigbee2mqtt": {"base_topic": base}})
    result = home.do("get_state", "smart lock")
    assert result.ok and result.speech == "The smart lock is locked."
    assert result.state["battery"] == 80
    assert home.do("get_state", "smart lock", value="locked").speech == "Yes, the smart lock is locked."
    assert home.do("get_state", "smart lock", value="unlocked").speech == "No, the smart lock is locked."
    device_bus.publish(f"{base}/porch_lock", "", retain=True)  # clear the retained message


def test_state_follows_published_updates(home: Any, device_bus: Any) -> None:
    cache = home.registry.state_for("zigbee2mqtt")
    since = cache.version("kitchen_ceiling")
    device_bus.publish(f"{home.base}/kitchen_ceiling", {"state": "ON", "brightness": 127})
    home.wait_state("zigbee2mqtt", "kitchen_ceiling", since)
    assert home.do("get_state", "ceiling light").speech == "The ceiling light is on at 50 percent."
    assert home.do("get_state", "ceiling light", value="on").speech == "Yes, the ceiling light is on at 50 percent."
    since = cache.version("kitchen_ceiling")
    device_bus.publish(f"{home.base}/kitchen_ceiling", {"state": "OFF"})
    home.wait_state("zigbee2mqtt", "kitchen_ceiling", since)
    assert home.do("get_state", "ceiling light", value="on").speech == "No, the ceiling light is off."


def test_a_device_publishing_endless_keys_keeps_a_bounded_state(home: Any, device_bus: Any) -> None:
    cache = home.registry.state_for("zigbee2mqtt")
    for batch in range(3):
        since = cache.version("kitchen_ceiling")
        flood: dict[str, Any] = {f"attr_{batch}_{i}": i for i in range(20_000)}
        device_bus.publish(f"{home.base}/kitchen_ceiling", {"state": "ON", "brightness": 254, **flood})
        home.wait_state("zigbee2mqtt", "kitchen_ceiling", since)
    state = cache.get("kitchen_ceiling")
    assert state is not None and len(state) == MAX_STATE_KEYS and cache.dropped > 0
    assert home.do("get_state", "ceiling light").speech == "The ceiling light is on at 100 percent."


def test_unknown_state_asks_the_device_then_says_so(home: Any, mqtt_recorder: Any) -> None:
    result = home.do("get_state", "kettle")
    assert not result.ok
    assert result.speech == "I don't know the state of the kettle yet."
    assert mqtt_recorder.wait_for(f"{home.base}/kettle_plug/get").json() == {"state": ""}


def test_state_request_answered_by_the_device(home: Any, device_bus: Any) -> None:
    def answer(topic: str, payload: bytes) -> tuple[str, dict[str, Any]]:
        assert json.loads(payload) == {"state": ""}
        return f"{home.base}/bedroom/blind", {"state": "OPEN", "position": 40}

    device_bus.respond(f"{home.base}/bedroom/blind/get", answer)
    result = home.do("get_state", "roller blind")
    assert result.ok and result.speech == "The roller blind is 40 percent open."


def test_sensor_readings(home: Any, device_bus: Any) -> None:
    cache = home.registry.state_for("zigbee2mqtt")
    for topic, state in [("utility_hum", {"humidity": 45.2, "battery": 90}), ("hall_temp", {"temperature": 19.5}),
                         ("guest_window", {"contact": False}), ("hall_pir", {"occupancy": True}),
                         ("lounge_trv", {"local_temperature": 19.5, "current_heating_setpoint": 21, "system_mode": "heat"})]:
        since = cache.version(topic)
        device_bus.publish(f"{home.base}/{topic}", state)
        home.wait_state("zigbee2mqtt", topic, since)
    assert home.do("get_state", "humidity sensor").speech == "The humidity sensor reads 45.2 percent."
    assert home.do("get_temperature", "hallway sensor").speech == "The hallway sensor reads 19.5 degrees."
    assert home.do("get_state", "window sensor").speech == "The window sensor is open."
    assert home.do("get_state", "window sensor", value="open").speech == "Yes, the window sensor is open."
    assert home.do("get_state", "window sensor", value="closed").speech == "No, the window sensor is open."
    assert home.do("get_state", "motion sensor").speech == "The motion sensor is detecting motion."
    temp = home.do("get_temperature", "radiator")
    assert temp.ok and temp.speech == "The radiator reads 19.5 degrees and is set to 21 degrees."
    assert temp.state == {"temperature": 19.5, "setpoint": 21.0}
    assert home.do("get_state", "radiator").speech == "The radiator is set to 21 degrees and it is 19.5 degrees."


def test_a_sensor_named_by_its_quantity_is_answered_with_its_room_and_unit(make_home: Callable[..., Any], device_bus: Any,
                                                                         uid: str) -> None:
    """Real homes name sensors by what they measure, in every room: the answer says the room and the unit."""
    base = f"z2m_{uid}"
    sensors = [("humidity", "humidity", "living room", "lr_hum", {"humidity": 48}, "The living room humidity is 48 percent."),
               ("co2", "carbon_dioxide", "office", "of_co2", {"co2": 612}, "The office co2 is 612 parts per million."),
               ("pm2.5", "pm25", "office", "of_pm", {"pm25": 7.4}, "The office pm2.5 is 7.4 micrograms per cubic metre."),
               ("temperature", "temperature", "attic", "at_temp", {"temperature": 17.2}, "The attic temperature is 17.2 degrees."),
               ("kitchen humidity", "humidity", "kitchen", "k_hum", {"humidity": 61}, "The kitchen humidity is 61 percent."),
               ("air sensor", "pm25", "office", "of_air", {"pm25": 12}, "The air sensor reads 12 micrograms per cubic metre.")]
    for _, _, _, topic, st, _ in sensors:
        device_bus.publish(f"{base}/{topic}", st, retain=True)
    home = make_home([PLUGIN], [Device(name=name, type="sensor", device_class=cls, area=area, plugin="zigbee2mqtt", topic=topic)
                                for name, cls, area, topic, _, _ in sensors], {"zigbee2mqtt": {"base_topic": base}})
    for name, cls, area, _, _, said in sensors:
        dev = next(d for d in home.config.devices if (d.name, d.area) == (name, area))
        action = "get_temperature" if cls == "temperature" else "get_state"
        assert home.registry.execute(Intent(action, device=name, area=area, domain="sensor"), dev, timeout_s=10.0).speech == said
    for _, _, _, topic, _, _ in sensors:
        device_bus.publish(f"{base}/{topic}", "", retain=True)


def test_sleepy_sensor_without_state_is_not_asked(home: Any) -> None:
    result = home.do("get_temperature", "hallway sensor")
    assert not result.ok and result.speech == "I don't know the temperature of the hallway sensor yet."


def test_unsupported_action_is_refused(home: Any) -> None:
    result = home.do("turn_on", "hallway sensor")
    assert not result.ok
    assert result.speech == "The hallway sensor can't be turned on."
    assert home.do("set_brightness", "kettle", value=20).speech == "The kettle can't be dimmed."


@pytest.mark.parametrize("settings, problem", [
    ({"base_topic": "z2m/#"}, "plugins.zigbee2mqtt.base_topic: expected zigbee2mqtt's base topic (no wildcards), got 'z2m/#'"),
    ({"state_timeout_s": -1}, "plugins.zigbee2mqtt.state_timeout_s: expected seconds (0 < s <= 60), got -1"),
    ({"base": "x"}, "plugins.zigbee2mqtt.base: unknown setting of plugin 'zigbee2mqtt'; known: base_topic, state_timeout_s"),
])
def test_invalid_settings_leave_the_plugin_out(make_home: Callable[..., Any], settings: dict[str, Any], problem: str) -> None:
    home = make_home([PLUGIN], devices(), {"zigbee2mqtt": settings}, start=False)
    assert home.registry.errors["zigbee2mqtt"] == problem
    assert not home.registry.supports("zigbee2mqtt", "light", "turn_on")


def test_invalid_settings_name_the_config_line(tmp_path: Any) -> None:
    from homeslm.config.loader import load_config
    from homeslm.errors import ConfigError
    from homeslm.plugins import ActionRegistry, build_plugin_manager

    path = tmp_path / "home.yaml"
    path.write_text("site: test\nplugins:\n  zigbee2mqtt:\n    base_topic: 'z2m/+'\n")
    config = load_config(path)
    pm = build_plugin_manager([PLUGIN], load_entry_points=False)
    with pytest.raises(ConfigError, match=r"home\.yaml:4: plugins\.zigbee2mqtt\.base_topic: expected"):
        ActionRegistry(pm, config, strict=True)


def test_broker_restart_keeps_commands_and_state_flowing(home: Any, device_bus: Any, mqtt_recorder: Any, mosquitto: Any) -> None:
    mosquitto.stop()
    try:
        result = home.do("turn_on", "kettle")  # queued by the client while the broker is away
        assert result.ok
    finally:
        mosquitto.start()
    assert mqtt_recorder.wait_for(f"{home.base}/kettle_plug/set", timeout_s=15).json() == {"state": "ON"}
    assert home.mqtt.wait_subscribed(15), "state subscriptions are renewed after the reconnect"
    assert device_bus.client.wait_connected(15)
    since = home.registry.state_for("zigbee2mqtt").version("kettle_plug")
    device_bus.publish(f"{home.base}/kettle_plug", {"state": "ON"})
    home.wait_state("zigbee2mqtt", "kettle_plug", since, timeout_s=10)
    assert home.do("get_state", "kettle").speech == "The kettle is on."


# -- binary sensors: every Home Assistant device class (tests/default_plugins/binary_classes.py) ------


@pytest.mark.parametrize("case", CASES, ids=CLASS_IDS)
def test_every_binary_sensor_class_answers_in_its_words_and_yes_or_no(make_home: Callable[..., Any], device_bus: Any,
                                                                       uid: str, case: ClassCase) -> None:
    """The class's attribute (``contact`` true when closed, ``water_leak``, ``battery_low``, ...; ``state`` where
    zigbee2mqtt has none of ours) read as on/off, said in the class's words, yes/no for an asked state written as
    the schema (``on``, ``open``, ``unlocked``) or as the notation (``wet``, ``not_charging``) writes it."""
    name, topic, base = f"{case.device_class.replace('_', ' ')} device", f"{case.device_class}_{uid}", f"z2m_{uid}"
    device = Device(name=name, type="binary_sensor", device_class=case.device_class, plugin="zigbee2mqtt", topic=topic)
    home = make_home([PLUGIN], [device], {"zigbee2mqtt": {"base_topic": base, "state_timeout_s": 0.5}})
    cache = home.registry.state_for("zigbee2mqtt")
    for on, payload in ((True, case.z2m_on), (False, case.z2m_off)):
        since = cache.version(topic)
        device_bus.publish(f"{base}/{topic}", payload)
        home.wait_state("zigbee2mqtt", topic, since)
        for asked in askings(case):
            result = home.do("get_state", name, value=asked)
            assert result.ok and result.speech == expected(case, name, on, asked), (on, asked)


def test_a_binary_sensor_of_no_class_is_read_by_the_attribute_it_reports(make_home: Callable[..., Any], device_bus: Any,
                                                                          uid: str) -> None:
    topic, base = f"leak_{uid}", f"z2m_{uid}"
    device = Device(name="utility sensor", type="binary_sensor", plugin="zigbee2mqtt", topic=topic)
    home = make_home([PLUGIN], [device], {"zigbee2mqtt": {"base_topic": base, "state_timeout_s": 0.5}})
    since = home.registry.state_for("zigbee2mqtt").version(topic)
    device_bus.publish(f"{base}/{topic}", {"water_leak": True, "battery": 80})
    home.wait_state("zigbee2mqtt", topic, since)
    assert home.do("get_state", "utility sensor", value="wet").speech == "Yes, the utility sensor is wet."
    assert home.do("get_state", "utility sensor", value="on").speech == "Yes, the utility sensor is wet."
    assert home.do("get_state", "utility sensor", value="dry").speech == "No, the utility sensor is wet."


@pytest.mark.parametrize(("name", "device_class", "payload", "asked", "speech"), [
    ("phone charging", "battery_charging", {"state": "ON"}, "on", "Yes, the phone is charging."),
    ("phone charging", "battery_charging", {"state": "OFF"}, "charging", "No, the phone is not charging."),
    ("hallway motion", "motion", {"occupancy": True}, "on", "Yes, the hallway motion sensor is detecting motion."),
    ("front door", "door", {"contact": True}, "open", "No, the front door is closed."),
    ("bathroom leak sensor", "moisture", {"water_leak": False}, "wet", "No, the bathroom leak sensor is dry."),
    ("back door lock", "lock", {"state": "OFF"}, "locked", "Yes, the back door lock is locked."),
    ("washing machine", "running", {"state": "ON"}, "not_running", "No, the washing machine is running."),
])
def test_an_answer_says_the_name_without_repeating_the_state(make_home: Callable[..., Any], device_bus: Any, uid: str,
                                                             name: str, device_class: str, payload: dict[str, Any],
                                                             asked: str, speech: str) -> None:
    """A name ending with a state of its class says it once ("phone charging" is charging: "the phone"); a name
    ending with what is sensed is called a sensor ("hallway motion")."""
    topic, base = f"dev_{uid}", f"z2m_{uid}"
    device = Device(name=name, type="binary_sensor", device_class=device_class, plugin="zigbee2mqtt", topic=topic)
    home = make_home([PLUGIN], [device], {"zigbee2mqtt": {"base_topic": base, "state_timeout_s": 0.5}})
    since = home.registry.state_for("zigbee2mqtt").version(topic)
    device_bus.publish(f"{base}/{topic}", payload)
    home.wait_state("zigbee2mqtt", topic, since)
    assert home.do("get_state", name, value=asked).speech == speech
