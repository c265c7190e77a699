"""homeslm.discovery and ``homeslm import``: devices from zigbee2mqtt's bridge/devices (and groups of lights
from its bridge/groups) and Home Assistant MQTT discovery, read from a real mosquitto broker, printed as
YAML that homeslm's own loader accepts."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

from homeslm import Intent, cli
from homeslm.config.model import Config, Device
from homeslm.config.loader import config_from_dict, load_config
from homeslm.discovery import (
    Candidate,
    Skipped,
    collect_announcements,
    discovery_candidates,
    format_import,
    import_devices,
    plan_import,
    speakable,
    zigbee2mqtt_candidates,
)
from homeslm.errors import HomeslmError
from homeslm.mqtt import MqttClient

from tests.conftest import MosquittoBroker, free_port

TIMEOUT_S = 10.0
WAIT_S = 1.0  # the collection window: retained announcements arrive right after subscribing

# -- what a real zigbee2mqtt (2.x) publishes, trimmed to the fields that matter --------------------

_STATE = {"type": "binary", "name": "state", "property": "state", "access": 7, "value_on": "ON", "value_off": "OFF"}
_LQI = {"type": "numeric", "name": "linkquality", "property": "linkquality", "access": 1, "unit": "lqi"}
_BATTERY = {"type": "numeric", "name": "battery", "property": "battery", "access": 1, "unit": "%"}

Z2M_DEVICES: list[dict[str, Any]] = [
    {"ieee_address": "0x00124b0024c1a2b3", "type": "Coordinator", "network_address": 0, "supported": True,
     "friendly_name": "Coordinator", "disabled": False, "definition": None, "interview_completed": True},
    {"ieee_address": "0x0017880108a1b2c3", "type": "Router", "network_address": 4660, "supported": True,
     "friendly_name": "kitchen/ceiling_light", "description": "", "disabled": False, "interview_completed": True,
     "definition": {"model": "9290022166", "vendor": "Philips", "description": "Hue white and color ambiance E26/E27",
                    "exposes": [
                        {"type": "light", "features": [
                            _STATE,
                            {"type": "numeric", "name": "brightness", "property": "brightness", "access": 7,
                             "value_min": 0, "value_max": 254},
                            {"type": "numeric", "name": "color_temp", "property": "color_temp", "access": 7,
                             "unit": "mired", "value_min": 153, "value_max": 500},
                            {"type": "composite", "name": "color_xy", "property": "color", "access": 7, "features": [
                                {"type": "numeric", "name": "x", "property": "x", "access": 7},
                                {"type": "numeric", "name": "y", "property": "y", "access": 7}]}]},
                        {"type": "enum", "name": "effect", "property": "effect", "access": 2,
                         "values": ["blink", "breathe", "okay"]},
                        _LQI]}},
    {"ieee_address": "0x000d6ffffe2f3c4d", "type": "Router", "network_address": 1234, "supported": True,
     "friendly_name": "Coffee_Machine", "disabled": False, "interview_completed": True,
     "definition": {"model": "E1603/E1702/E1708", "vendor": "IKEA", "description": "TRADFRI control outlet",
                    "exposes": [{"type": "switch", "features": [_STATE]},
                                {"type": "enum", "name": "power_on_behavior", "property": "power_on_behavior",
                                 "access": 7, "values": ["off", "on", "toggle", "previous"]}, _LQI]}},
    {"ieee_address": "0x00158d0002c3d4e5", "type": "EndDevice", "network_address": 5678, "supported": True,
     "friendly_name": "Bedroom Window", "description": "Bedroom", "disabled": False, "interview_completed": True,
     "definition": {"model": "MCCGQ11LM", "vendor": "Aqara", "description": "Door and window contact sensor",
                    "exposes": [{"type": "binary", "name": "contact", "property": "contact", "access": 1,
                                 "value_on": False, "value_off": True},
                                _BATTERY, {"type": "numeric", "name": "device_temperature",
                                           "property": "device_temperature", "access": 1, "unit": "°C"}, _LQI]}},
    {"ieee_address": "0x00158d0001f2e3d4", "type": "EndDevice", "network_address": 9012, "supported": True,
     "friendly_name": "hallway_motion", "disabled": False, "interview_completed": True,
     "definition": {"model": "RTCGQ11LM", "vendor": "Aqara", "description": "Motion sensor",
                    "exposes": [{"type": "binary", "name": "occupancy", "property": "occupancy", "access": 1,
                                 "value_on": True, "value_off": False}, _BATTERY, _LQI]}},
    {"ieee_address": "0x000b57fffe8a9b0c", "type": "EndDevice", "network_address": 3456, "supported": True,
     "friendly_name": "0x000b57fffe8a9b0c", "disabled": False, "interview_completed": True,
     "definition": {"model": "WSDCGQ11LM", "vendor": "Aqara", "description": "Temperature, humidity and pressure sensor",
                    "exposes": [{"type": "numeric", "name": "temperature", "property": "temperature", "access": 1},
                                {"type": "numeric", "name": "humidity", "property": "humidity", "access": 1},
                                {"type": "numeric", "name": "pressure", "property": "pressure", "access": 1},
                                _BATTERY, _LQI]}},
    {"ieee_address": "0x000d6ffffe1a2b3c", "type": "EndDevice", "network_address": 7890, "supported": True,
     "friendly_name": "sofa_remote", "disabled": False, "interview_completed": True,
     "definition": {"model": "E1743", "vendor": "IKEA", "description": "TRADFRI on/off switch",
                    "exposes": [{"type": "enum", "name": "action", "property": "action", "access": 1,
                                 "values": ["on", "off", "brightness_move_up", "brightness_stop"]}, _BATTERY, _LQI]}},
    {"ieee_address": "0x001788010b2c3d4e", "type": "Router", "network_address": 2345, "supported": True,
     "friendly_name": "living room/floor_lamp", "disabled": False, "interview_completed": True,
     "definition": {"model": "LWA017", "vendor": "Philips", "description": "Hue white A60 bulb E27",
                    "exposes": [{"type": "light", "features": [
                        _STATE, {"type": "numeric", "name": "brightness", "property": "brightness", "access": 7,
                                 "value_min": 0, "value_max": 254}]}, _LQI]}},
]

_CEILING, _FLOOR_LAMP, _COFFEE = "0x0017880108a1b2c3", "0x001788010b2c3d4e", "0x000d6ffffe2f3c4d"

#: zigbee2mqtt's retained <base>/bridge/groups.
Z2M_GROUPS: list[dict[str, Any]] = [
    {"id": 1, "friendly_name": "Downstairs lights", "description": None,
     "members": [{"ieee_address": _CEILING, "endpoint": 11}, {"ieee_address": _FLOOR_LAMP, "endpoint": 11}],
     "scenes": [{"id": 1, "name": "Evening"}]},
    {"id": 2, "friendly_name": "cooking_lights", "members": [{"ieee_address": _CEILING, "endpoint": 11}], "scenes": []},
    {"id": 3, "friendly_name": "bedroom/reading_lights", "members": [{"ieee_address": _FLOOR_LAMP, "endpoint": 11}],
     "scenes": []},
    {"id": 4, "friendly_name": "Party", "members": [], "scenes": [{"id": 2, "name": "Disco"}]},
    {"id": 5, "friendly_name": "Plugs", "members": [{"ieee_address": _COFFEE, "endpoint": 1}], "scenes": []},
]

# -- Home Assistant discovery configs as real firmwares publish them ----------------------------------

HA_CONFIGS: dict[str, dict[str, Any]] = {
    # A light with a command topic, abbreviated keys and a "~" base (as ESPHome/Tasmota-style firmwares do).
    "homeassistant/light/office_lamp/light/config": {
        "name": None, "uniq_id": "office_lamp_light", "~": "home/office_lamp", "cmd_t": "~/set", "stat_t": "~/state",
        "pl_on": "on", "pl_off": "off", "bri_cmd_t": "~/brightness/set", "bri_scl": 255, "clr_temp_cmd_t": "~/ct/set",
        "rgb_cmd_t": "~/rgb/set", "dev": {"ids": ["office_lamp_01"], "name": "Office Lamp", "sa": "Living Room", "mf": "DIY"}},
    # A Tasmota plug (legacy Home Assistant discovery): the tasmota plugin drives it.
    "homeassistant/switch/8F3A21/relay_0/config": {
        "name": "Kettle", "stat_t": "stat/kettle_plug/POWER", "cmd_t": "cmnd/kettle_plug/POWER", "pl_on": "ON",
        "pl_off": "OFF", "uniq_id": "8F3A21_RL_1", "dev": {"ids": ["8F3A21"], "name": "Kettle Plug", "sa": "Kitchen"}},
    # A plain MQTT relay board's second channel.
    "homeassistant/switch/relayboard/ch2/config": {
        "name": "Fountain pump", "cmd_t": "garden/relays/2/set", "stat_t": "garden/relays/2", "pl_on": 1, "pl_off": 0,
        "stat_on": "1", "stat_off": "0"},
    # Diagnostics and platforms homeslm does not drive.
    "homeassistant/sensor/8F3A21/rssi/config": {
        "name": "RSSI", "stat_t": "tele/kettle_plug/STATE", "val_tpl": "{{ value_json.Wifi.RSSI }}",
        "ent_cat": "diagnostic", "uniq_id": "8F3A21_rssi", "dev": {"ids": ["8F3A21"], "name": "Kettle Plug"}},
    "homeassistant/number/8F3A21/pulse/config": {
        "name": "Pulse time", "cmd_t": "cmnd/kettle_plug/PulseTime", "uniq_id": "8F3A21_pulse",
        "dev": {"ids": ["8F3A21"], "name": "Kettle Plug"}},
    # What zigbee2mqtt itself announces for Home Assistant: imported from bridge/devices instead.
    "homeassistant/light/0x0017880108a1b2c3/light/config": {
        "name": None, "schema": "json", "command_topic": "zigbee2mqtt/kitchen/ceiling_light/set",
        "state_topic": "zigbee2mqtt/kitchen/ceiling_light", "brightness": True,
        "origin": {"name": "Zigbee2MQTT", "sw": "2.1.0"},
        "device": {"identifiers": ["zigbee2mqtt_0x0017880108a1b2c3"], "name": "kitchen/ceiling_light"}},
}


def _publish_retained(broker: MosquittoBroker, messages: dict[str, Any]) -> None:
    """Publish like zigbee2mqtt and the firmwares do: retained, acknowledged by the broker."""
    client = MqttClient(broker.mqtt_config(), site="announcer", client_id="announcer", availability=False)
    client.start()
    try:
        if not client.wait_connected(TIMEOUT_S):
            pytest.fail(f"announcer did not connect to the broker on port {broker.port}")
        tickets = [client.publish(topic, json.dumps(payload), qos=1, retain=True) for topic, payload in messages.items()]
        for ticket in tickets:
            if not ticket.wait(TIMEOUT_S):
                pytest.fail(f"the broker did not acknowledge {ticket.message.topic}")
    finally:
        client.stop()


@pytest.fixture
def bus(mosquitto_factory: Callable[..., MosquittoBroker]) -> Iterator[MosquittoBroker]:
    """A broker of its own holding the announcements (retained messages never leak into other tests)."""
    broker = mosquitto_factory(persistence=False)
    _publish_retained(broker, {"zigbee2mqtt/bridge/devices": Z2M_DEVICES, "zigbee2mqtt/bridge/groups": Z2M_GROUPS,
                               **HA_CONFIGS})
    yield broker


def _home_yaml(broker: MosquittoBroker, devices: str = "") -> str:
    return (
        "site: test\n"
        f"mqtt: {{host: {broker.host}, port: {broker.port}}}\n"
        "areas: [kitchen, living room, bedroom, hallway]\n"
        "devices:\n"
        "  - {name: hallway motion, type: binary_sensor, device_class: motion, area: hallway, plugin: zigbee2mqtt, "
        "topic: hallway_motion}\n"
        + devices
    )


def _merged(home: Path, snippet: str) -> Config:
    """The user's config with the imported entries copied under its devices:, through homeslm's loader."""
    imported = yaml.safe_load(snippet)["devices"]
    merged = home.with_name("merged.yaml")
    data = yaml.safe_load(home.read_text())
    data["devices"] += imported
    merged.write_text(yaml.safe_dump(data, sort_keys=False))
    return load_config(merged)


def _by_name(config: Config) -> dict[str, Device]:
    return {d.name: d for d in config.devices}


def test_speakable_names() -> None:
    assert speakable("Living_Room/CeilingBulb") == "living room ceiling bulb"
    assert speakable("  Coffee-Machine (2) ") == "coffee machine 2"


def test_import_maps_announced_devices_into_a_loadable_config(bus: MosquittoBroker, tmp_path: Path) -> None:
    home = tmp_path / "home.yaml"
    home.write_text(_home_yaml(bus))
    config = load_config(home)
    plan = import_devices(config, wait_s=WAIT_S, connect_timeout_s=TIMEOUT_S)
    text = format_import(plan, config)

    merged = _merged(home, text)
    assert cli.check_plugins(merged)[1] == []  # every imported device has a loaded plugin that drives its type
    devices = _by_name(merged)
    z2m = {name: (d.type, d.device_class, d.area, d.plugin, d.topic) for name, d in devices.items()
           if d.plugin == "zigbee2mqtt"}
    assert z2m == {
        "hallway motion": ("binary_sensor", "motion", "hallway", "zigbee2mqtt", "hallway_motion"),  # the user's own
        "kitchen ceiling light": ("light", None, "kitchen", "zigbee2mqtt", "kitchen/ceiling_light"),
        "coffee machine": ("switch", None, None, "zigbee2mqtt", "Coffee_Machine"),
        "bedroom window": ("binary_sensor", "window", "bedroom", "zigbee2mqtt", "Bedroom Window"),
        "living room floor lamp": ("light", None, "living room", "zigbee2mqtt", "living room/floor_lamp"),
        # zigbee2mqtt groups of lights: the group's own area hint first, else the one area of all its members
        "downstairs lights": ("light", None, None, "zigbee2mqtt", "Downstairs lights"),
        "cooking lights": ("light", None, "kitchen", "zigbee2mqtt", "cooking_lights"),
        "bedroom reading lights": ("light", None, "bedroom", "zigbee2mqtt", "bedroom/reading_lights"),
    }
    lamp, kettle = devices["office lamp"], devices["kettle plug"]
    assert (lamp.type, lamp.plugin, lamp.area, lamp.topic) == ("light", "mqtt", "living room", "home/office_lamp/state")
    assert lamp.options["actions"] == {
        "turn_on": {"topic": "home/office_lamp/set", "payload": "on"},
        "turn_off": {"topic": "home/office_lamp/set", "payload": "off"},
        "set_brightness": {"topic": "home/office_lamp/brightness/set", "payload": "{value_255}"},  # bri_scl 255
        "set_color_temp": {"topic": "home/office_lamp/ct/set", "payload": "{mireds}"},  # Home Assistant's default unit
        "set_color": {"topic": "home/office_lamp/rgb/set", "payload": "{rgb}"},  # its default payload, "r,g,b"
    }
    assert (kettle.type, kettle.plugin, kettle.area, kettle.topic, kettle.options) == (
        "switch", "tasmota", "kitchen", "kettle_plug", {})
    pump = devices["fountain pump"]
    assert (pump.type, pump.plugin, pump.area, pump.topic) == ("switch", "mqtt", None, "garden/relays/2")
    assert pump.options["actions"] == {"turn_on": {"topic": "garden/relays/2/set", "payload": 1},
                                       "turn_off": {"topic": "garden/relays/2/set", "payload": 0}}
    assert "reports '1' for on" in text
    assert len(devices) == 11  # nothing else: the coordinator, remote, diagnostics, z2m's HA copies, the empty
    # group and the group of plugs are skipped

    skipped = {s.source.split(",")[0]: s.reason for s in plan.skipped}
    assert skipped["zigbee2mqtt Coordinator (0x00124b0024c1a2b3)"] == "the Zigbee coordinator"
    assert "already configured" in skipped["zigbee2mqtt hallway_motion (0x00158d0001f2e3d4)"]
    assert "'action' events" in skipped["zigbee2mqtt sofa_remote (0x000d6ffffe1a2b3c)"]
    assert "zigbee2mqtt" in skipped["homeassistant/light/0x0017880108a1b2c3/light/config"]
    assert skipped["homeassistant/sensor/8F3A21/rssi/config"] == "a diagnostic entity"
    assert "'number'" in skipped["homeassistant/number/8F3A21/pulse/config"]
    assert skipped["zigbee2mqtt group Party (id 4)"] == ("an empty group: it has no members (add lights to it in "
                                                         "zigbee2mqtt, then import again)")
    assert skipped["zigbee2mqtt group Plugs (id 5)"] == ("not a group of lights (Coffee_Machine is a switch): only "
                                                         "groups of lights are imported")
    assert "#   zigbee2mqtt group Party (id 4): an empty group" in text  # in the report's "Not imported" list
    group = text[text.index("# zigbee2mqtt group Downstairs lights (id 1)"):text.index("- name: downstairs lights")]
    assert "#   light group: brightness (what all its members can do)" in group
    assert "#   2 members: kitchen/ceiling_light, living room/floor_lamp" in group
    assert "#   also has zigbee2mqtt scenes Evening (not imported)" in group
    assert "#   area kitchen: where all its members are" in text
    # The sensor zigbee2mqtt never renamed is written commented out, for the user to name.
    assert "  #   type: sensor" in text and "  # - name: '0x000b57fffe8a9b0c'" in text
    assert [c.entry["device_class"] for c in plan.unnamed] == ["temperature"]
    assert "no friendly name in zigbee2mqtt" in text
    assert "light: brightness, colour, colour temperature" in text
    assert "# area:   # which room?" in text  # the coffee machine announced no area


@contextmanager
def _imported_home(bus: MosquittoBroker, tmp_path: Path, plugin: str) -> Iterator[tuple[Config, Any]]:
    """The test home with what ``homeslm import`` prints merged in, and an action registry of ``plugin``
    on a connected client: the imported entries driven as the daemon drives them."""
    from homeslm.plugins import ActionRegistry, build_plugin_manager

    home = tmp_path / "home.yaml"
    home.write_text(_home_yaml(bus))
    config = load_config(home)
    merged = _merged(home, format_import(import_devices(config, wait_s=WAIT_S, connect_timeout_s=TIMEOUT_S), config))
    client = MqttClient(merged.mqtt, site="test", availability=False)
    client.start()
    try:
        assert client.wait_connected(TIMEOUT_S)
        yield merged, ActionRegistry(build_plugin_manager([plugin], load_entry_points=False), merged, mqtt=client)
    finally:
        client.stop()


def test_imported_mqtt_device_drives_the_announced_topics(bus: MosquittoBroker, tmp_path: Path,
                                                          mqtt_recorder_factory: Callable[..., Any]) -> None:
    recorder = mqtt_recorder_factory(bus, topic_filter="home/#")
    with _imported_home(bus, tmp_path, "homeslm.default_plugins.mqtt") as (merged, registry):
        lamp = merged.device("office lamp")
        assert lamp is not None
        for action, value, unit in (("turn_on", None, None), ("set_brightness", 40, "%"), ("set_color_temp", 2700, "K"),
                                    ("set_color", "orange", None)):
            intent = Intent(action=action, device=lamp.name, area=lamp.area, domain="light", value=value, unit=unit)
            assert registry.execute(intent, lamp, timeout_s=TIMEOUT_S).ok
        assert recorder.wait_for("home/office_lamp/set").text == "on"
        assert recorder.wait_for("home/office_lamp/brightness/set").text == "102"  # 40 % of its 0-255 scale
        assert recorder.wait_for("home/office_lamp/ct/set").text == "370"  # 2700 K in mireds
        assert recorder.wait_for("home/office_lamp/rgb/set").text == "255,165,0"  # orange


def test_imported_light_group_is_driven_on_the_group_topic(bus: MosquittoBroker, tmp_path: Path,
                                                           mqtt_recorder_factory: Callable[..., Any]) -> None:
    recorder = mqtt_recorder_factory(bus, topic_filter="zigbee2mqtt/Downstairs lights/set")
    with _imported_home(bus, tmp_path, "homeslm.default_plugins.zigbee2mqtt") as (merged, registry):
        group = merged.device("downstairs lights")
        assert group is not None
        for action, value in (("turn_on", None), ("set_brightness", 40)):
            intent = Intent(action=action, device=group.name, area=group.area, domain="light", value=value,
                            unit="%" if value else None)
            assert registry.execute(intent, group, timeout_s=TIMEOUT_S).ok
        sent = [m.json() for m in recorder.wait_count("zigbee2mqtt/Downstairs lights/set", 2)]
        assert sent == [{"state": "ON"}, {"brightness": 102}]


def test_cli_prints_yaml_and_skips_configured_devices(bus: MosquittoBroker, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home.yaml"
    home.write_text(_home_yaml(bus, "  - {name: kettle, type: switch, area: kitchen, plugin: tasmota, topic: kettle_plug}\n"
                                    "  - {name: pump, type: switch, plugin: mqtt, topic: x, aliases: [fountain pump]}\n"
                                    "  - {name: lamp, type: light, plugin: zigbee2mqtt, topic: Coffee_Machine}\n"))
    assert cli.main(["import", "--config", str(home), "--wait", str(WAIT_S)]) == 0
    out, err = capsys.readouterr()
    assert err == "homeslm: 7 devices to add, 1 to name first, 11 not imported\n"
    devices = _by_name(_merged(home, out))
    # The user's devices are kept as they are; the announced ones they already have are not added again.
    assert set(devices) == {"hallway motion", "kettle", "pump", "lamp", "kitchen ceiling light", "bedroom window",
                            "office lamp", "living room floor lamp", "downstairs lights", "cooking lights",
                            "bedroom reading lights"}
    assert "already configured: device 'lamp' has topic 'Coffee_Machine'" in out  # same plugin and topic
    assert "already configured: device 'kettle' has topic 'kettle_plug'" in out
    assert "already configured: 'fountain pump' names device 'pump'" in out  # an alias


def test_cli_write_creates_a_new_file_and_never_touches_the_config(bus: MosquittoBroker, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home.yaml"
    home.write_text(_home_yaml(bus))
    before = home.read_text()
    target = tmp_path / "imported.yaml"
    assert cli.main(["import", "--config", str(home), "--wait", str(WAIT_S), "--write", str(target)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (f"homeslm: wrote {target} (10 devices to add, 1 to name first, 8 not imported); copy its entries "
                   f"under devices: in {home}\n")
    assert "kitchen ceiling light" in _by_name(_merged(home, target.read_text()))
    assert cli.main(["import", "--config", str(home), "--write", str(target)]) == 2
    assert "the file exists; give a new file name" in capsys.readouterr().err
    assert cli.main(["import", "--config", str(home), "--write", str(home)]) == 2
    assert "that is the config file in use; homeslm import never edits it" in capsys.readouterr().err
    assert home.read_text() == before


def test_import_through_tls_and_a_password(mosquitto_factory: Callable[..., MosquittoBroker], tmp_path: Path) -> None:
    broker = mosquitto_factory(users={"importer": "s3cret"}, tls=True, persistence=False)
    client = MqttClient(broker.mqtt_config(), site="announcer", client_id="announcer", availability=False)
    client.start()
    try:
        assert client.wait_connected(TIMEOUT_S)
        assert client.publish("z2m/bridge/devices", json.dumps(Z2M_DEVICES[:3]), retain=True).wait(TIMEOUT_S)
    finally:
        client.stop()
    assert broker.tls is not None
    (tmp_path / "pass").write_text("s3cret\n")
    (tmp_path / "pass").chmod(0o600)
    home = tmp_path / "home.yaml"
    home.write_text(f"mqtt: {{host: {broker.host}, port: {broker.port}, username: importer, password_file: pass, "
                    f"tls: {{ca_file: {broker.tls.ca_file}}}}}\nareas: [kitchen]\nplugins: {{zigbee2mqtt: {{base_topic: z2m}}}}\n")
    config = load_config(home)
    plan = import_devices(config, wait_s=WAIT_S, connect_timeout_s=TIMEOUT_S)
    assert [(c.name, c.entry["topic"]) for c in plan.devices] == [("kitchen ceiling light", "kitchen/ceiling_light"),
                                                                    ("coffee machine", "Coffee_Machine")]


def test_unreachable_broker_names_host_port_and_the_fix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    port = free_port()  # nothing listens there
    home = tmp_path / "home.yaml"
    home.write_text(f"mqtt: {{host: 127.0.0.1, port: {port}}}\n")
    assert cli.main(["import", "--config", str(home), "--timeout", "0.5"]) == 1
    err = capsys.readouterr().err
    assert f"cannot reach the MQTT broker at 127.0.0.1:{port} within 0.5 s" in err
    assert f"mqtt.host, mqtt.port, mqtt.username and mqtt.tls in {home}" in err


def test_nothing_announced_names_the_topics_listened_to(mosquitto_factory: Callable[..., MosquittoBroker],
                                                        tmp_path: Path) -> None:
    broker = mosquitto_factory(persistence=False)
    config = config_from_dict({"mqtt": {"host": broker.host, "port": broker.port},
                               "plugins": {"zigbee2mqtt": {"base_topic": "z2m"}}})
    with pytest.raises(HomeslmError) as caught:
        import_devices(config, wait_s=0.2, connect_timeout_s=TIMEOUT_S, discovery_prefix="ha")
    assert "nothing announced on 127.0.0.1:" in str(caught.value)
    assert "z2m/bridge/devices, z2m/bridge/groups, ha/+/+/config, ha/+/+/+/config" in str(caught.value)


def test_removed_announcements_and_bad_payloads(mosquitto_factory: Callable[..., MosquittoBroker]) -> None:
    broker = mosquitto_factory(persistence=False)
    client = MqttClient(broker.mqtt_config(), site="announcer", client_id="announcer", availability=False)
    client.start()
    try:
        assert client.wait_connected(TIMEOUT_S)
        tickets = [client.publish("homeassistant/switch/gone/config", json.dumps({"name": "Gone", "cmd_t": "x/set"}),
                                  retain=True),
                   client.publish("homeassistant/switch/gone/config", "", retain=True),  # removal
                   client.publish("homeassistant/fan/broken/config", "{not json", retain=True)]
        assert all(t.wait(TIMEOUT_S) for t in tickets)
    finally:
        client.stop()
    heard = collect_announcements(broker.mqtt_config(), wait_s=WAIT_S, connect_timeout_s=TIMEOUT_S)
    assert heard.z2m_devices is None and heard.discovery == {}
    assert len(heard.problems) == 1 and heard.problems[0].startswith("homeassistant/fan/broken/config: not JSON")
    plan = plan_import(heard, Config())
    assert plan.devices == () and plan.skipped[0].source == "homeassistant/fan/broken/config"


def test_zigbee2mqtt_mapping_of_covers_sensors_and_descriptions() -> None:
    cover = {"type": "cover", "features": [{"type": "enum", "name": "state", "property": "state", "access": 7},
                                           {"type": "numeric", "name": "position", "property": "position", "access": 7}]}
    devices = [
        {"ieee_address": "0x01", "type": "EndDevice", "friendly_name": "Lounge Curtains", "description": "living room",
         "definition": {"vendor": "Aqara", "model": "ZNCLDJ12LM", "description": "Curtain motor", "exposes": [cover]}},
        {"ieee_address": "0x02", "type": "Router", "friendly_name": "garage_door",
         "description": "Opener in the garage, above the car",
         "definition": {"vendor": "Tuya", "model": "TS0601", "description": "Garage door opener", "exposes": [cover]}},
        {"ieee_address": "0x03", "type": "EndDevice", "friendly_name": "bathroom/climate",
         "definition": {"vendor": "Aqara", "model": "WSDCGQ11LM", "description": "Temperature and humidity sensor",
                        "exposes": [{"type": "numeric", "name": "temperature", "property": "temperature"},
                                    {"type": "numeric", "name": "humidity", "property": "humidity"}, _BATTERY]}},
        {"ieee_address": "0x04", "type": "EndDevice", "friendly_name": "Indoor sensor", "interview_completed": False,
         "definition": None},
    ]
    found = zigbee2mqtt_candidates(devices, ("living room", "bathroom", "garage"))
    entries = [c.entry for c in found if isinstance(c, Candidate)]
    assert entries == [
        {"name": "lounge curtains", "type": "cover", "device_class": "curtain", "area": "living room",
         "plugin": "zigbee2mqtt", "topic": "Lounge Curtains"},
        {"name": "garage door", "type": "cover", "device_class": "garage", "plugin": "zigbee2mqtt",
         "topic": "garage_door", "confirm": True},  # a sentence as description is not an area
        {"name": "bathroom climate", "type": "sensor", "device_class": "temperature", "area": "bathroom",
         "plugin": "zigbee2mqtt", "topic": "bathroom/climate"},
        {"name": "bathroom climate humidity", "type": "sensor", "device_class": "humidity", "area": "bathroom",
         "plugin": "zigbee2mqtt", "topic": "bathroom/climate"},
    ]
    assert found[-1] == Skipped("zigbee2mqtt Indoor sensor (0x04)",
                                "not interviewed yet: it announces nothing homeslm could drive")


def test_discovery_mapping_of_other_components() -> None:
    configs = {
        "homeassistant/cover/garage/door/config": {
            "name": "Garage Door", "cmd_t": "garage/door/cmd", "pos_t": "garage/door/pos", "set_pos_t": "garage/door/pos/set",
            "dev_cla": "garage"},
        "homeassistant/lock/front/config": {"name": "Front Door", "cmd_t": "door/front/set", "stat_t": "door/front",
                                            "val_tpl": "{{ value_json.lock }}"},
        "homeassistant/valve/garden/config": {"name": "Garden Valve", "cmd_t": "garden/valve/set"},
        "homeassistant/vacuum/robo/config": {"name": "Robo", "cmd_t": "robo/cmd", "payload_start": "clean"},
        "homeassistant/button/bell/config": {"name": "Door Bell", "cmd_t": "bell/press"},
        "homeassistant/climate/hall/config": {
            "name": "Hall thermostat", "temp_cmd_t": "hall/trv/target/set", "mode_cmd_t": "hall/trv/mode/set",
            "modes": ["off", "heat"], "curr_temp_t": "hall/trv/state", "curr_temp_tpl": "{{ value_json['temp'] }}"},
        "homeassistant/light/desk/config": {
            "name": "Desk", "schema": "json", "cmd_t": "desk/set", "stat_t": "desk", "sup_clrm": ["color_temp"],
            "clr_temp_k": True, "bri_scl": 255},
        "homeassistant/light/porch/config": {"name": "Porch", "cmd_t": "porch/set", "bri_cmd_t": "porch/dim",
                                             "bri_scl": 100, "clr_temp_cmd_t": "porch/ct"},
        "homeassistant/light/stairs/config": {"name": "Stairs", "schema": "json", "cmd_t": "stairs/set",
                                              "sup_clrm": ["color_temp"]},
        "homeassistant/light/shed/config": {"name": "Shed", "cmd_t": "shed/set", "bri_cmd_t": "shed/dim"},  # 255
        "homeassistant/light/strip/config": {"name": "Strip", "schema": "json", "cmd_t": "strip/set",
                                             "sup_clrm": ["rgbw", "color_temp"]},
        "homeassistant/light/globe/config": {"name": "Globe", "schema": "json", "cmd_t": "globe/set", "sup_clrm": ["hs"]},
        "homeassistant/light/bloom/config": {"name": "Bloom", "cmd_t": "bloom/set", "xy_cmd_t": "bloom/xy"},
        "homeassistant/light/neon/config": {"name": "Neon", "cmd_t": "neon/set", "rgb_cmd_t": "neon/rgb",
                                            "rgb_cmd_tpl": "{{ red }}-{{ green }}-{{ blue }}"},
        "homeassistant/light/attic/config": {"name": "Attic", "cmd_t": "attic/set", "bri_cmd_t": "attic/dim",
                                             "bri_scl": 0},
        "homeassistant/device/garden01/config": {
            "dev": {"ids": ["garden01"], "name": "Garden Sensor"}, "o": {"name": "diy"}, "stat_t": "garden/state",
            "cmps": {"t": {"p": "sensor", "dev_cla": "temperature", "unit_of_meas": "°C",
                           "val_tpl": "{{ value_json.temperature }}"},
                     "m": {"p": "binary_sensor", "name": "Motion", "dev_cla": "motion", "val_tpl": "{{ value_json.pir }}"}}},
    }
    found = {c.name: c for c in discovery_candidates(configs, ()) if isinstance(c, Candidate)}
    garage = found["garage door"].entry
    assert garage["type"] == "cover" and garage["device_class"] == "garage" and garage["confirm"] is True
    assert garage["options"]["actions"]["set_position"] == {"topic": "garage/door/pos/set", "payload": "{value}"}
    lock = found["front door"].entry
    assert lock["options"]["state_key"] == "lock" and lock["options"]["actions"]["unlock"]["payload"] == "UNLOCK"
    # fixed payloads on the command topic: the announced one, else Home Assistant's default
    assert found["garden valve"].entry["options"]["actions"] == {
        "open": {"topic": "garden/valve/set", "payload": "OPEN"}, "close": {"topic": "garden/valve/set", "payload": "CLOSE"}}
    assert found["robo"].entry["options"]["actions"] == {
        "vacuum_start": {"topic": "robo/cmd", "payload": "clean"},
        "vacuum_return_to_base": {"topic": "robo/cmd", "payload": "return_to_base"}}
    assert found["door bell"].entry["options"]["actions"] == {"turn_on": {"topic": "bell/press", "payload": "PRESS"}}
    climate = found["hall thermostat"].entry
    assert climate["options"]["actions"]["turn_on"] == {"topic": "hall/trv/mode/set", "payload": "heat"}
    assert climate["options"]["temperature_key"] == "temp" and climate["topic"] == "hall/trv/state"
    desk = found["desk"]
    assert desk.entry["options"]["actions"]["set_color_temp"]["payload"] == {"state": "ON", "color_temp": "{value}"}
    # brightness on the light's own scale: percent scaled by the mqtt plugin's {value_N} (Home Assistant's default 255)
    assert desk.entry["options"]["actions"]["set_brightness"] == {
        "topic": "desk/set", "payload": {"state": "ON", "brightness": "{value_255}"}}
    assert not any("brightness" in note for note in desk.notes)
    assert found["porch"].entry["options"]["actions"]["set_brightness"] == {"topic": "porch/dim", "payload": "{value}"}
    assert found["shed"].entry["options"]["actions"]["set_brightness"] == {"topic": "shed/dim", "payload": "{value_255}"}
    # colour temperature in Home Assistant's default unit, mireds: the mqtt plugin's {mireds}
    assert found["porch"].entry["options"]["actions"]["set_color_temp"] == {"topic": "porch/ct", "payload": "{mireds}"}
    assert found["stairs"].entry["options"]["actions"]["set_color_temp"] == {
        "topic": "stairs/set", "payload": {"state": "ON", "color_temp": "{mireds}"}}
    assert found["stairs"].entry["options"]["actions"]["set_brightness"]["payload"]["brightness"] == "{value_255}"
    assert not any("colour temperature" in note for c in found.values() for note in c.notes)
    # colours in each light's own terms, through the mqtt plugin's colour fields
    assert found["strip"].entry["options"]["actions"]["set_color"] == {
        "topic": "strip/set", "payload": {"state": "ON", "color": {"r": "{red}", "g": "{green}", "b": "{blue}"}}}
    assert found["globe"].entry["options"]["actions"]["set_color"]["payload"]["color"] == {"h": "{hue}", "s": "{saturation}"}
    assert found["bloom"].entry["options"]["actions"]["set_color"] == {"topic": "bloom/xy", "payload": "{xy}"}
    assert "set_color" not in found["neon"].entry["options"]["actions"]
    assert "its rgb command template is Jinja" in " ".join(found["neon"].notes)
    assert "set_color" not in found["porch"].entry["options"]["actions"]  # announces no colour
    attic = found["attic"]
    assert "set_brightness" not in attic.entry["options"]["actions"] and attic.entry["options"]["actions"]["turn_on"]
    assert "brightness_scale 0 is not a whole number from 1 to 999999: brightness not imported" in " ".join(attic.notes)
    assert found["garden sensor"].entry["device_class"] == "temperature"
    assert found["garden sensor"].entry["options"] == {"state_key": "temperature", "temperature_key": "temperature"}
    assert found["garden sensor motion"].entry["topic"] == "garden/state"
    # All of it loads as devices of a config.
    text = format_import(plan_import(_announced(configs), Config()), Config())
    loaded = config_from_dict(yaml.safe_load(text))
    assert {d.name for d in loaded.devices} == set(found)
    assert cli.check_plugins(loaded)[1] == []  # the mqtt plugin accepts every imported template


def _announced(configs: dict[str, Any]) -> Any:
    from homeslm.discovery import Announcements, subscription_topics

    return Announcements("zigbee2mqtt", "homeassistant", subscription_topics("zigbee2mqtt", "homeassistant"),
                         None, dict(configs))


def test_zigbee2mqtt_groups_without_devices_unknown_members_and_bad_payloads() -> None:
    from homeslm.discovery import decode_announcements, zigbee2mqtt_group_candidates

    lights = {"id": 7, "friendly_name": "Hall lights", "members": [
        {"ieee_address": _FLOOR_LAMP, "endpoint": 11}, {"ieee_address": _FLOOR_LAMP, "endpoint": 12},
        {"ieee_address": "0x00000000deadbeef", "endpoint": 1}]}
    lost = {"id": 8, "friendly_name": "Lost", "members": [{"ieee_address": "0x00000000deadbeef", "endpoint": 1}]}
    found = zigbee2mqtt_group_candidates([lights, lost, "junk"], Z2M_DEVICES, ("hallway", "living room"))
    assert isinstance(found[0], Candidate)
    assert found[0].entry == {"name": "hall lights", "type": "light", "area": "living room", "plugin": "zigbee2mqtt",
                              "topic": "Hall lights"}
    assert "1 member: living room/floor_lamp; 1 more not in bridge/devices" in found[0].notes
    assert found[1] == Skipped("zigbee2mqtt group Lost (id 8)", "none of its 1 members is in bridge/devices")
    assert found[2] == Skipped("zigbee2mqtt bridge/groups", "an entry that is not an object: 'junk'")
    # bridge/devices not heard: the members' kinds are unknown
    (alone,) = zigbee2mqtt_group_candidates([lights], None, ())
    assert isinstance(alone, Skipped) and alone.reason.startswith("bridge/devices was not heard")
    heard = decode_announcements({"zigbee2mqtt/bridge/groups": b'{"id": 1}'})
    assert heard.z2m_groups is None and not heard.empty
    assert heard.problems == ("zigbee2mqtt/bridge/groups: expected a JSON list of groups, got dict",)
    heard = decode_announcements({"zigbee2mqtt/bridge/groups": json.dumps(Z2M_GROUPS).encode()})
    assert heard.z2m_groups == tuple(Z2M_GROUPS) and heard.z2m_devices is None
    plan = plan_import(heard, Config())
    assert plan.devices == () and len(plan.skipped) == len(Z2M_GROUPS)
