"""homeslm.config.model: YAML into frozen dataclasses, errors as ``file:line: key: problem``."""

from __future__ import annotations

import logging
import os
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from homeslm.config.model import (
    CommandsConfig,
    Config,
    Device,
    Floor,
    ModelConfig,
    MqttConfig,
    PluginsConfig,
    TlsConfig,
    normalize_name,
)
from homeslm.config.loader import MAX_CONFIG_BYTES, check_config_file, config_from_dict, find_config_path, load_config
from homeslm.errors import ConfigError, ConfigErrors

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "config" / "homeslm.yaml"

WriteConfig = Callable[..., Path]


@pytest.fixture
def write_config(tmp_path: Path) -> WriteConfig:
    """``write_config(text_or_mapping, name="homeslm.yaml", mode=0o600) -> Path`` in ``tmp_path``.

    Text is dedented (so tests can indent it); a mapping is dumped as YAML.
    """

    def write(content: str | dict[str, Any], name: str = "homeslm.yaml", mode: int = 0o600) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        path.chmod(mode)
        return path

    return write


def line_of(path: Path, needle: str) -> int:
    """1-based line of the first line of ``path`` containing ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def load_error(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return info.value


HOME = """
    site: hall-pi
    area: Living Room
    mqtt: {host: broker.lan, port: 8883, client_id: pi1, keepalive_s: 20}
    language: en
    units: {temperature: fahrenheit}
    floors:
      - name: Ground Floor
        areas: [kitchen, living room]
      - name: upstairs
        areas: [bedroom]
    areas: [kitchen, living room, garden]
    devices:
      - name: "  Ceiling   Light "
        aliases: [Big Light, main light, ceiling light]
        area: Kitchen
        type: light
        plugin: zigbee2mqtt
        topic: kitchen_ceiling
      - name: front door
        area: living room
        type: lock
        plugin: zigbee2mqtt
        topic: Front_Door
        confirm: true
        options: {on: "LOCK", invert: yes}
      - {name: curtains, area: bedroom, type: cover, device_class: Curtain, plugin: tasmota, topic: curtains}
      - {name: movie night, type: scene, plugin: mqtt, topic: scenes/movie, area: null, device_class: null}
    model: {path: models/home, threshold: 0.7, threads: 2}
    plugins:
      paths: [myplugins]
      disable: [tts]
      zigbee2mqtt: {base_topic: z2m}
      tasmota:
    followup: {window_s: 12.5}
    voice: {wake_phrase: hey home, device: 2}
"""


def test_valid_config_loads_into_the_dataclasses(write_config: WriteConfig, tmp_path: Path) -> None:
    (tmp_path / "myplugins").mkdir()
    path = write_config(HOME)
    config = load_config(path)
    expected = Config(
        site="hall-pi",
        area="living room",
        mqtt=MqttConfig(host="broker.lan", port=8883, client_id="pi1", keepalive_s=20),
        language="en",
        temperature_unit="fahrenheit",
        floors=(Floor("ground floor", ("kitchen", "living room")), Floor("upstairs", ("bedroom",))),
        areas=("kitchen", "living room", "garden", "bedroom"),
        devices=(
            Device(name="ceiling light", aliases=("big light", "main light"), area="kitchen", type="light",
                   plugin="zigbee2mqtt", topic="kitchen_ceiling"),
            Device(name="front door", area="living room", type="lock", plugin="zigbee2mqtt", topic="Front_Door",
                   confirm=True),
            Device(name="curtains", area="bedroom", type="cover", device_class="curtain", plugin="tasmota",
                   topic="curtains"),
            Device(name="movie night", type="scene", plugin="mqtt", topic="scenes/movie"),
        ),
        model=ModelConfig(path=str(tmp_path / "models" / "home"), threshold=0.7, threads=2),
        plugins=PluginsConfig(paths=(str(tmp_path / "myplugins"),), disable=("tts",)),
        followup_window_s=12.5,
        source=str(path),
    )
    assert config == expected
    # Fields excluded from equality, checked one by one.
    assert config.devices[1].options == {"on": "LOCK", "invert": True}  # key `on` stays a string
    assert [d.line for d in config.devices] == [
        line_of(path, '"  Ceiling'), line_of(path, "name: front door"),
        line_of(path, "name: curtains"), line_of(path, "name: movie night"),
    ]
    assert config.plugins.settings == {"zigbee2mqtt": {"base_topic": "z2m"}, "tasmota": {}}
    assert config.voice == {"wake_phrase": "hey home", "device": 2}


def test_config_from_dict_equals_load_config(write_config: WriteConfig, tmp_path: Path) -> None:
    (tmp_path / "myplugins").mkdir()
    path = write_config(HOME)
    data = yaml.safe_load(path.read_text())
    data["devices"][1]["options"] = {"on": "LOCK", "invert": True}  # safe_load reads the key `on` as True
    from_dict = config_from_dict(data, source=str(path), base_dir=tmp_path)
    from_file = load_config(path)
    assert from_dict == from_file
    assert from_dict.devices[1].options == from_file.devices[1].options
    assert from_dict.plugins.settings == from_file.plugins.settings


def test_names_are_canonical_and_lookups_normalise(write_config: WriteConfig, tmp_path: Path) -> None:
    (tmp_path / "myplugins").mkdir()
    config = load_config(write_config(HOME))
    assert normalize_name("  Big \t LIGHT ") == "big light"
    device = config.device("Ceiling  LIGHT")
    assert device is not None and device.name == "ceiling light"
    assert config.device("no such thing") is None
    assert config.floor_of("Living Room") == "ground floor"
    assert config.floor_of("garden") is None


def test_types_and_device_classes_are_identifiers() -> None:
    config = config_from_dict({"devices": [
        {"name": "tv", "type": "Media Player", "plugin": "mqtt"},
        {"name": "garage", "type": "binary_sensor", "device_class": " Garage  Door", "plugin": "mqtt"},
    ]})
    assert [(d.type, d.device_class) for d in config.devices] == [("media_player", None), ("binary_sensor", "garage_door")]


def test_config_error_points_other_modules_at_the_line_of_a_key(write_config: WriteConfig, tmp_path: Path) -> None:
    (tmp_path / "myplugins").mkdir()
    path = write_config(HOME)
    config = load_config(path)
    error = config.error("voice.device", "expected an audio device name, got 2")
    assert str(error) == f"{path}:{line_of(path, 'voice:')}: voice.device: expected an audio device name, got 2"
    assert config.error("plugins.zigbee2mqtt.base_topic", "bad").line == line_of(path, "zigbee2mqtt: {base_topic")
    # A key that is not in the file points at its nearest parent that is.
    assert config.error("devices[1].options.state_topic", "missing").line == line_of(path, "options: {on:")
    assert config.error("devices[2].options", "x").line == line_of(path, "name: curtains")
    assert config.error("nothing.here", "x").line is None
    assert str(config_from_dict({}, source="generated").error("voice.device", "x")) == "generated: voice.device: x"


def test_example_config_is_valid() -> None:
    config = load_config(EXAMPLE)
    assert config.source == str(EXAMPLE)
    assert config.site == "living-room" and config.area == "living room"
    assert (config.mqtt.host, config.mqtt.port, config.mqtt.username, config.mqtt.tls) == ("localhost", 1883, None, None)
    assert {d.plugin for d in config.devices} == {"zigbee2mqtt", "tasmota", "mqtt"}
    assert len(config.devices) >= 20
    types = {d.type for d in config.devices}
    assert {"light", "switch", "fan", "cover", "climate", "lock", "media_player", "sensor", "binary_sensor",
            "vacuum", "scene", "script"} <= types
    assert {d.device_class for d in config.devices if d.type == "cover"} >= {"curtain", "blind", "garage"}
    assert {d.device_class for d in config.devices if d.type == "binary_sensor"} >= {"window", "door"}
    locks = [d for d in config.devices if d.type == "lock"]
    assert locks and all(d.confirm for d in locks)
    assert len(config.floors) == 2
    assert all(d.area is None or d.area in config.areas for d in config.devices)


def test_minimal_example_config_is_valid() -> None:
    config = load_config(REPO / "config" / "minimal.yaml")
    assert [d.name for d in config.devices] == ["kitchen light", "kettle"]


def test_area_named_only_under_a_floor_is_configured() -> None:
    config = config_from_dict({
        "floors": [{"name": "upstairs", "areas": ["Attic"]}],
        "devices": [{"name": "attic light", "area": "attic", "type": "light", "plugin": "tasmota"}],
        "area": "attic",
    })
    assert config.areas == ("attic",)
    assert config.devices[0].area == "attic"


def test_yaml_anchors_under_x_keys_and_merges(write_config: WriteConfig) -> None:
    path = write_config("""
        x-z2m: &z2m {type: light, plugin: zigbee2mqtt}
        areas: [hall]
        devices:
          - <<: *z2m
            name: hall light
            area: hall
          - <<: *z2m
            name: hall lamp
            type: switch
    """)
    config = load_config(path)
    assert [(d.name, d.type, d.plugin) for d in config.devices] == [
        ("hall light", "light", "zigbee2mqtt"), ("hall lamp", "switch", "zigbee2mqtt")]


# ---------------------------------------------------------------------------------------------------
# Errors: every class names the file, the line and the key


@pytest.mark.parametrize(
    ("text", "marker", "key", "problem"),
    [
        pytest.param("""
            areas: [kitchen]
            devices:
              - {name: lamp, type: light, plugin: p}
              - {name: fan, type: fan, plugin: p, topic: 3}
            """, "name: fan", "devices[1].topic", "expected a string, got 3", id="wrong-type"),
        pytest.param("""
            site: x
            devics: []
            """, "devics", "devics", "unknown key; did you mean 'devices'?", id="unknown-top-key"),
        pytest.param("""
            devices:
              - name: lamp
                type: light
                plugin: p
                aliasses: [big lamp]
            """, "aliasses", "devices[0].aliasses", "unknown key; did you mean 'aliases'?", id="unknown-device-key"),
        pytest.param("""
            mqtt:
              host: localhost
              pasword_file: /x
            """, "pasword_file", "mqtt.pasword_file", "did you mean 'password_file'?", id="unknown-mqtt-key"),
        pytest.param("""
            areas: [kitchen, bedroom]
            devices:
              - name: lamp
                type: light
                plugin: p
                area: kitchn
            """, "area: kitchn", "devices[0].area", "unknown area 'kitchn'; did you mean 'kitchen'?", id="unknown-area"),
        pytest.param("""
            areas: [kitchen]
            area: garage
            """, "area: garage", "area", "unknown area 'garage'", id="unknown-site-area"),
        pytest.param("""
            devices:
              - {name: Lamp, type: light, plugin: p}
              - {name: lamp , type: light, plugin: p}
            """, "name: lamp ,", "devices[1].name", "'lamp' already names device 'lamp'", id="duplicate-name"),
        pytest.param("""
            devices:
              - {name: lamp, type: light, plugin: p}
              - name: sofa lamp
                aliases: [reading lamp, Lamp]
                type: light
                plugin: p
            """, "Lamp]", "devices[1].aliases[1]", "'lamp' already names device 'lamp'", id="alias-clash"),
        pytest.param("""
            devices:
              - {name: lamp, type: lights, plugin: p}
            """, "lights", "devices[0].type", "unknown device type 'lights'; did you mean 'light'?", id="bad-type"),
        pytest.param("""
            devices:
              - {type: light, plugin: p}
            """, "type: light", "devices[0].name", "missing; expected what people call the device", id="no-name"),
        pytest.param("""
            floors:
              - {name: ground, areas: [hall]}
              - {name: upstairs, areas: [landing, hall]}
            """, "landing", "floors[1].areas[1]", "area 'hall' is already on floor 'ground'", id="area-on-two-floors"),
        pytest.param("""
            areas: [hall, kitchen, hall]
            """, "areas:", "areas[2]", "area 'hall' is listed twice", id="duplicate-area"),
        pytest.param("""
            mqtt:
              host: a
              port: 1883
              host: b
            """, "host: b", "mqtt.host", "duplicate key (first at line 2)", id="duplicate-yaml-key"),
        pytest.param("""
            mqtt: {port: 70000}
            """, "port", "mqtt.port", "expected a whole number from 1 to 65535, got 70000", id="port-range"),
        pytest.param("""
            units: {temperature: celcius}
            """, "celcius", "units.temperature", "did you mean 'celsius'?", id="temperature-unit"),
        pytest.param("""
            site: living/room
            """, "site", "site", "without spaces, '/', '+' or '#'", id="site-id"),
        pytest.param("""
            site: "kitchen\\0"
            """, "site", "site", "or control characters", id="site-id-nul"),
        pytest.param("""
            site: "kitchen\\tnorth"
            """, "site", "site", "without spaces", id="site-id-tab"),
        pytest.param(f"""
            site: {"k" * 70_000}
            """, "site", "site", "at most 64 characters", id="site-id-too-long"),
        pytest.param("""
            model:
              threshold: 1.5
            """, "threshold", "model.threshold", "expected a number from 0 to 1, got 1.5", id="threshold"),
        pytest.param("""
            devices:
              - {name: lamp, type: light, plugin: p, confirm: "no way"}
            """, "confirm", "devices[0].confirm", "expected true or false, got 'no way'", id="bool"),
        pytest.param("""
            devices:
              - {name: lamp, type: light, plugin: p, topic: "kitchen/#"}
            """, "topic", "devices[0].topic", "cannot hold the MQTT wildcards", id="wildcard-topic"),
        pytest.param("""
            mqtt:
              password_env: X
            """, "password_env", "mqtt.password_env", "a password needs mqtt.username", id="password-no-user"),
        pytest.param("""
            mqtt:
              username: u
              password_env: X
              password_file: /y
            """, "password_file", "mqtt.password_file", "give only one of", id="two-secrets"),
        pytest.param("""
            mqtt:
              reconnect_min_s: 5
              reconnect_max_s: 2
            """, "reconnect_max_s", "mqtt.reconnect_max_s", "must not be below reconnect_min_s (5)", id="reconnect"),
        pytest.param("""
            plugins:
              path: [extra]
            """, "path:", "plugins.path", "did you mean 'paths'?", id="plugin-settings-not-mapping"),
        pytest.param("""
            plugins:
              paths: [does-not-exist]
            """, "paths", "plugins.paths[0]", "does-not-exist does not exist", id="plugin-dir-missing"),
        pytest.param("""
            devices:
              name: lamp
            """, "devices:", "devices", "expected a list of devices, got a mapping", id="devices-not-a-list"),
    ],
)
def test_errors_name_file_line_and_key(write_config: WriteConfig, text: str, marker: str, key: str, problem: str) -> None:
    path = write_config(text)
    error = load_error(path)
    line = line_of(path, marker)
    assert (error.file, error.line, error.key) == (str(path), line, key)
    assert str(error).startswith(f"{path}:{line}: {key}: ")
    assert problem in error.problem


def test_a_name_repeats_across_areas_types_and_classes_never_within_one_kind_in_one_place(write_config: WriteConfig) -> None:
    """Home Assistant users name things this way (issue 13): a "ceiling light" in every room, a phone
    that is several sensors; two lights called "ceiling light" in one kitchen could never be told apart."""
    path = write_config("""
        areas: [kitchen, bedroom]
        devices:
          - {name: ceiling light, area: kitchen, type: light, plugin: p}
          - {name: ceiling light, area: bedroom, type: light, plugin: p}
          - {name: big light, aliases: [ceiling light], area: kitchen, type: switch, plugin: p}
          - {name: phone, type: sensor, device_class: battery, plugin: p}
          - {name: phone, type: binary_sensor, device_class: battery_charging, plugin: p}
          - {name: phone, type: sensor, device_class: signal_strength, plugin: p}
        """)
    config = load_config(path)
    assert [(d.name, d.area, d.type) for d in config.devices if d.name == "ceiling light"] == [
        ("ceiling light", "kitchen", "light"), ("ceiling light", "bedroom", "light")]
    assert len([d for d in config.devices if d.name == "phone"]) == 3
    path = write_config("""
        areas: [kitchen]
        devices:
          - {name: ceiling light, area: kitchen, type: light, plugin: p}
          - {name: spots, area: kitchen, type: light, plugin: p}
          - {name: Ceiling  Light, area: kitchen, type: light, plugin: p}
        """)
    error = load_error(path)
    line = line_of(path, "Ceiling  Light")
    assert (error.line, error.key) == (line, "devices[2].name")
    assert "'ceiling light' already names device 'ceiling light' (devices[0].name, line 3)" in error.problem
    assert "also a light in the kitchen" in error.problem


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("site: x\nmqtt:\n  host: a\n port: 1\n", 4, "invalid YAML: expected <block end>"),
        ("site: x\nareas: [kitchen\nmqtt: {}\n", 3, "expected ',' or ']', but got ':' (column 5), while parsing a flow "
                                                "sequence that began on line 2"),
        ("mqtt:\n\thost: a\n", 2, "indent YAML with spaces, not tabs"),
        ("site: x\nsite: y: z\n", 2, "mapping values are not allowed here"),
        ("site: x\n---\nsite: y\n", 2, "expected a single document"),
    ],
)
def test_invalid_yaml_syntax_names_file_and_line(write_config: WriteConfig, text: str, line: int, problem: str) -> None:
    path = write_config(text)
    error = load_error(path)
    assert (error.file, error.line) == (str(path), line)
    assert str(error).startswith(f"{path}:{line}: invalid YAML: ")
    assert problem in str(error)


def test_top_level_must_be_a_mapping(write_config: WriteConfig) -> None:
    error = load_error(write_config("- site: x\n"))
    assert error.line == 1 and "expected a mapping of settings" in error.problem and "got a list" in error.problem


def test_empty_missing_and_unreadable_files_are_errors(write_config: WriteConfig, tmp_path: Path) -> None:
    empty = write_config("# only a comment\n")
    assert "the file is empty" in str(load_error(empty))
    missing = tmp_path / "nope.yaml"
    assert str(load_error(missing)) == f"{missing}: no such file; pass --config PATH (see config/homeslm.yaml for an example)"
    assert "cannot read the config file" in str(load_error(tmp_path))  # a directory
    binary = tmp_path / "latin1.yaml"
    binary.write_bytes(b"site: caf\xe9\n")
    assert "not UTF-8" in str(load_error(binary))


def test_config_from_dict_errors_name_source_and_key() -> None:
    with pytest.raises(ConfigError) as info:
        config_from_dict({"devices": [{"name": "x", "type": "lamp", "plugin": "p"}]}, source="generated home")
    assert str(info.value).startswith("generated home: devices[0].type: unknown device type 'lamp'")
    with pytest.raises(ConfigError) as info:
        config_from_dict({"devices": [{"name": "x", "type": "light"}]})
    assert str(info.value) == "devices[0].plugin: missing; expected the plugin that drives it, e.g. zigbee2mqtt"


def test_device_options_hold_plugin_keys_and_typos_are_still_refused(write_config: WriteConfig) -> None:
    path = write_config("""
        devices:
          - name: garage light
            type: light
            plugin: tasmota
            options: {relay: 2, payloads: {on: "1", off: "0"}}
          - name: porch light
            type: light
            plugin: tasmota
            relay: 2
    """)
    error = load_error(path)
    assert error.key == "devices[1].relay" and error.line == line_of(path, "    relay: 2")
    assert "unknown key" in error.problem and "options" in error.problem  # the known keys are listed
    path.write_text(path.read_text().replace("    relay: 2\n", ""))
    device = load_config(path).devices[0]
    assert device.options == {"relay": 2, "payloads": {"on": "1", "off": "0"}}


def test_single_alias_string_is_accepted_and_repeats_are_dropped() -> None:
    config = config_from_dict({"devices": [
        {"name": "tv", "aliases": "Television", "type": "media_player", "plugin": "mqtt"},
        {"name": "lamp", "aliases": ["LAMP", "light", "Light"], "type": "light", "plugin": "mqtt"},
    ]})
    assert [d.aliases for d in config.devices] == [("television",), ("light",)]


# ---------------------------------------------------------------------------------------------------
# Secrets and TLS

SECRET = "s3cr#t pass"


def mqtt_yaml(extra: str) -> str:
    return "mqtt:\n  host: localhost\n  username: homeslm\n" + textwrap.indent(textwrap.dedent(extra).strip("\n"), "  ") + "\n"


def test_password_from_file_strips_the_newline(write_config: WriteConfig, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    secret_file = tmp_path / "secrets" / "mqtt.pass"
    secret_file.parent.mkdir()
    secret_file.write_text(SECRET + "\r\n")
    secret_file.chmod(0o600)
    caplog.set_level(logging.DEBUG)
    config = load_config(write_config(mqtt_yaml("password_file: secrets/mqtt.pass")))  # relative to the config
    assert config.mqtt.username == "homeslm" and config.mqtt.password == SECRET
    assert SECRET not in repr(config)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert SECRET not in caplog.text


def test_world_readable_password_file_warns_without_the_secret(
    write_config: WriteConfig, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    secret_file = tmp_path / "mqtt.pass"
    secret_file.write_text(SECRET + "\n")
    secret_file.chmod(0o644)
    path = write_config(mqtt_yaml(f"password_file: {secret_file}"))
    with caplog.at_level(logging.WARNING, logger="homeslm.config.model"):
        config = load_config(path)
    assert config.mqtt.password == SECRET
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert f"{path}:{line_of(path, 'password_file')}: mqtt.password_file" in warnings[0]
    assert "readable by every user (mode 644)" in warnings[0] and f"chmod 600 {secret_file}" in warnings[0]
    assert SECRET not in caplog.text


@pytest.mark.parametrize(("content", "problem"), [("", "is empty"), ("\n", "is empty"), ("a\nb\n", "more than one line")])
def test_unusable_password_file_is_refused(write_config: WriteConfig, tmp_path: Path, content: str, problem: str) -> None:
    secret_file = tmp_path / "mqtt.pass"
    secret_file.write_text(content)
    error = load_error(write_config(mqtt_yaml(f"password_file: {secret_file}")))
    assert error.key == "mqtt.password_file" and problem in error.problem and str(secret_file) in error.problem


def test_missing_password_file_names_the_file(write_config: WriteConfig, tmp_path: Path) -> None:
    path = write_config(mqtt_yaml("password_file: /nonexistent/mqtt.pass"))
    error = load_error(path)
    assert str(error).startswith(f"{path}:{line_of(path, 'password_file')}: mqtt.password_file: cannot read password "
                                 "file /nonexistent/mqtt.pass: No such file or directory")


def test_password_from_environment(write_config: WriteConfig, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_config(mqtt_yaml("password_env: HOMESLM_TEST_MQTT_PASSWORD"))
    monkeypatch.delenv("HOMESLM_TEST_MQTT_PASSWORD", raising=False)
    error = load_error(path)
    assert error.key == "mqtt.password_env" and error.line == line_of(path, "password_env")
    assert "environment variable HOMESLM_TEST_MQTT_PASSWORD is not set" in error.problem
    monkeypatch.setenv("HOMESLM_TEST_MQTT_PASSWORD", SECRET)
    assert load_config(path).mqtt.password == SECRET


def test_inline_password_is_allowed_with_a_warning(write_config: WriteConfig, caplog: pytest.LogCaptureFixture) -> None:
    path = write_config(mqtt_yaml(f'password: "{SECRET}"'), mode=0o644)
    with caplog.at_level(logging.WARNING, logger="homeslm.config.model"):
        assert load_config(path).mqtt.password == SECRET
    assert "inline password in a file every user can read (mode 644)" in caplog.text
    assert SECRET not in caplog.text


def test_wrong_inline_password_type_does_not_echo_it(write_config: WriteConfig) -> None:
    error = load_error(write_config(mqtt_yaml("password: 98765432")))
    assert error.key == "mqtt.password" and "98765432" not in str(error)


def test_tls_forms(write_config: WriteConfig, tmp_path: Path) -> None:
    for name in ("ca.crt", "client.crt", "client.key"):
        (tmp_path / name).write_text("PEM\n")
    (tmp_path / "client.key").chmod(0o600)

    def tls(value: str) -> TlsConfig | None:
        return load_config(write_config(f"mqtt:\n  tls: {value}\n")).mqtt.tls

    assert tls("false") is None
    assert tls("null") is None
    assert tls("true") == TlsConfig()
    assert tls("{ca_file: ca.crt}") == TlsConfig(ca_file=str(tmp_path / "ca.crt"))
    assert tls(f"{{ca_file: {tmp_path / 'ca.crt'}, cert_file: client.crt, key_file: client.key, insecure: true}}") == TlsConfig(
        ca_file=str(tmp_path / "ca.crt"), cert_file=str(tmp_path / "client.crt"), key_file=str(tmp_path / "client.key"),
        insecure=True)


@pytest.mark.parametrize(
    ("value", "key", "problem"),
    [
        ("{ca_file: missing.crt}", "mqtt.tls.ca_file", "missing.crt does not exist"),
        ("{cert_file: client.crt}", "mqtt.tls.cert_file", "need both cert_file and key_file; add key_file"),
        ("{ca: ca.crt}", "mqtt.tls.ca", "unknown key; did you mean 'ca_file'?"),
        ("yes please", "mqtt.tls", "expected true, false or a mapping"),
        ("{insecure: 1}", "mqtt.tls.insecure", "expected true or false, got 1"),
    ],
)
def test_tls_errors(write_config: WriteConfig, tmp_path: Path, value: str, key: str, problem: str) -> None:
    (tmp_path / "client.crt").write_text("PEM\n")
    path = write_config(f"site: x\nmqtt:\n  tls: {value}\n")
    error = load_error(path)
    assert (error.line, error.key) == (3, key)
    assert problem in error.problem


# ---------------------------------------------------------------------------------------------------
# Where the config is found


@pytest.fixture
def search_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake HOME without any config, no $HOMESLM_CONFIG, no $XDG_CONFIG_HOME."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("HOMESLM_CONFIG", raising=False)
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return home


def test_search_path_order(search_env: Path, write_config: WriteConfig, monkeypatch: pytest.MonkeyPatch) -> None:
    system = write_config("site: system\n", name="etc/homeslm.yaml")
    user = search_env / ".config" / "homeslm" / "homeslm.yaml"
    from_env = write_config("site: env\n", name="env.yaml")
    explicit = write_config("site: cli\n", name="cli.yaml")

    assert find_config_path(None, system_path=system) == system
    user.parent.mkdir(parents=True)
    user.write_text("site: user\n")
    assert find_config_path(None, system_path=system) == user
    monkeypatch.setenv("HOMESLM_CONFIG", str(from_env))
    assert find_config_path(None, system_path=system) == from_env
    assert find_config_path(str(explicit), system_path=system) == explicit
    assert load_config(find_config_path(None, system_path=system)).site == "env"


def test_xdg_config_home_replaces_dot_config(search_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    xdg = tmp_path / "xdg"
    (xdg / "homeslm").mkdir(parents=True)
    (xdg / "homeslm" / "homeslm.yaml").write_text("site: xdg\n")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(xdg))
    assert find_config_path(None, system_path=tmp_path / "none.yaml") == xdg / "homeslm" / "homeslm.yaml"


def test_explicit_paths_must_exist(search_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError, match=r"--config /nonexistent\.yaml: no such file"):
        find_config_path("/nonexistent.yaml")
    monkeypatch.setenv("HOMESLM_CONFIG", str(tmp_path / "gone.yaml"))
    with pytest.raises(ConfigError, match=r"\$HOMESLM_CONFIG=.*gone\.yaml: no such file"):
        find_config_path(None)


def test_no_config_anywhere_lists_the_places_searched(search_env: Path, tmp_path: Path) -> None:
    system = tmp_path / "etc" / "homeslm.yaml"
    with pytest.raises(ConfigError) as info:
        find_config_path(None, system_path=system)
    message = str(info.value)
    assert "$HOMESLM_CONFIG (not set)" in message
    assert str(search_env / ".config" / "homeslm" / "homeslm.yaml") in message and str(system) in message
    assert "--config config/homeslm.yaml" in message


def test_find_config_path_reads_the_given_environment(tmp_path: Path) -> None:
    target = tmp_path / "c.yaml"
    target.write_text("site: x\n")
    assert find_config_path(None, environ={"HOMESLM_CONFIG": str(target)}) == target
    assert os.environ.get("HOMESLM_CONFIG") != str(target)
    user = tmp_path / ".config" / "homeslm" / "homeslm.yaml"
    user.parent.mkdir(parents=True)
    user.write_text("site: y\n")
    assert find_config_path(None, environ={"HOME": str(tmp_path)}, system_path=tmp_path / "none") == user
    with pytest.raises(ConfigError, match=r"--config .*: not a file"):
        find_config_path(tmp_path)


MANY_PROBLEMS = """
    site: living room
    areas: [kitchen, hallway]
    mqtt: {host: localhost, port: 99999, keepalive: 3}
    devices:
      - {name: lamp, area: kitchen, type: lite, plugin: zigbee2mqtt, topic: lamp}
      - {name: lamp two, area: attic, type: light, plugin: zigbee2mqtt, topic: lamp2, aliases: 3}
      - {name: door, area: hallway, type: lock, plugin: zigbee2mqtt, topic: door}
      - {name: Lamp, area: kitchen, type: light, plugin: tasmota, topic: lamp3}
    model: {threshold: 2}
    voice: {recognizer: pocketsphinx}
"""


def test_every_problem_of_a_file_is_reported_at_once_by_line(write_config: WriteConfig) -> None:
    path = write_config(MANY_PROBLEMS)
    error = load_error(path)
    assert isinstance(error, ConfigErrors)
    where = [(e.line, e.key) for e in error.errors]
    assert where == [
        (line_of(path, "site:"), "site"),
        (line_of(path, "mqtt:"), "mqtt.keepalive"),
        (line_of(path, "mqtt:"), "mqtt.port"),
        (line_of(path, "lite"), "devices[0].type"),
        (line_of(path, "attic"), "devices[1].area"),
        (line_of(path, "attic"), "devices[1].aliases"),
        (line_of(path, "name: Lamp,"), "devices[3].name"),  # lamp is still the first device's name
        (line_of(path, "threshold"), "model.threshold"),
    ]
    # the message has one `file:line: key: problem` line per problem, and the first one's fields
    assert str(error).splitlines() == [str(e) for e in error.errors]
    assert str(error).splitlines()[1] == (f"{path}:{line_of(path, 'mqtt:')}: mqtt.keepalive: unknown key; did you mean "
                                          "'keepalive_s'? (known keys: host, port, username, password, password_file, "
                                          "password_env, tls, client_id, keepalive_s, reconnect_min_s, reconnect_max_s, "
                                          "queue_max, queue_max_age_s)")
    assert (error.line, error.key) == where[0]


def test_check_config_file_keeps_the_valid_part(write_config: WriteConfig) -> None:
    path = write_config(MANY_PROBLEMS)
    config, errors = check_config_file(path)
    assert config is not None and len(errors) == 8
    assert [d.name for d in config.devices] == ["door"]  # each device with a problem is left out whole
    assert config.areas == ("kitchen", "hallway") and config.voice == {"recognizer": "pocketsphinx"}
    assert check_config_file(EXAMPLE) == (load_config(EXAMPLE), [])
    unreadable, [problem] = check_config_file(path.parent / "missing.yaml")
    assert unreadable is None and "no such file" in str(problem)


def test_bad_areas_do_not_make_every_area_reference_an_error(write_config: WriteConfig) -> None:
    path = write_config("""
        areas: [kitchen, [hallway]]
        area: hallway
        devices:
          - {name: lamp, area: kitchen, type: light, plugin: zigbee2mqtt}
          - {name: door, area: hallway, type: lock, plugin: zigbee2mqtt}
    """)
    error = load_error(path)
    assert not isinstance(error, ConfigErrors)  # the one real problem, not one per reference to an area
    assert error.key == "areas[1]" and error.line == 1


def test_one_problem_is_raised_as_itself(write_config: WriteConfig) -> None:
    path = write_config("site: a b\n")
    error = load_error(path)
    assert type(error) is ConfigError and str(error).count("\n") == 0 and error.key == "site"


def test_an_oversized_config_file_is_refused_before_parsing(write_config: WriteConfig) -> None:
    padding = "# " + "x" * 78 + "\n"
    path = write_config("site: kitchen\n" + padding * (MAX_CONFIG_BYTES // len(padding) + 1))
    error = load_error(path)
    assert error.file == str(path) and "larger than 1024 KiB" in error.problem
    config, errors = check_config_file(path)
    assert config is None and [e.problem for e in errors] == [error.problem]
    path.write_text("site: kitchen\n" + padding * (MAX_CONFIG_BYTES // len(padding) - 1), encoding="utf-8")
    assert load_config(path).site == "kitchen"


def test_remote_listening_and_partials_are_off_by_default_and_opted_into(write_config: WriteConfig) -> None:
    """Issue 18: the microphone belongs to the room; opening it or streaming partials over MQTT is opted into."""
    assert load_config(write_config("site: hall\n")).commands == CommandsConfig()
    defaults = CommandsConfig()
    assert (defaults.remote_listen, defaults.publish_partials) == (False, False)
    assert defaults.remote_listen_interval_s > 0
    config = load_config(write_config("""
        commands:
          remote_listen: true
          remote_listen_interval_s: 30
          publish_partials: true
        """))
    assert config.commands == CommandsConfig(remote_listen=True, remote_listen_interval_s=30.0, publish_partials=True)
    assert defaults.max_age_s == 60.0
    assert load_config(write_config("commands: {max_age_s: 5}\n")).commands.max_age_s == 5.0


@pytest.mark.parametrize(("text", "marker", "key", "problem"), [
    ("commands:\n  remote_listen: yes please\n", "remote_listen", "commands.remote_listen",
     "expected true or false, got"),
    ("commands:\n  publish_partials: 1\n", "publish_partials", "commands.publish_partials",
     "expected true or false, got"),
    ("commands:\n  remote_listen_interval_s: -1\n", "remote_listen_interval_s", "commands.remote_listen_interval_s",
     "expected a number of at least 0, got -1"),
    ("commands:\n  remote_listening: true\n", "remote_listening", "commands.remote_listening",
     "did you mean 'remote_listen'?"),
    ("commands:\n  max_age_s: 0\n", "max_age_s", "commands.max_age_s", "expected a number above 0, got 0"),
    ("commands:\n  max_age_s: soon\n", "max_age_s", "commands.max_age_s", "expected a number, got"),
])
def test_remote_listening_keys_errors_name_file_line_and_key(write_config: WriteConfig, text: str, marker: str,
                                                             key: str, problem: str) -> None:
    path = write_config(text)
    error = load_error(path)
    line = line_of(path, marker)
    assert (error.file, error.line, error.key) == (str(path), line, key)
    assert str(error).startswith(f"{path}:{line}: {key}: ") and problem in error.problem, error
