"""Property tests (hypothesis) on everything that reads untrusted or hand-written input: config files and
structures, text commands (normaliser, lexicon, the model notation, intents, yes/no), MQTT command
payloads, device state topics read by the real built-in plugins, and the real intent model on random
text. Each property: only the documented result or the documented error, never another exception, and
within a deadline. Bounded: the whole file runs in well
under a minute on a Raspberry Pi class CPU.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from homeslm.understanding import notation
from homeslm.config.model import Config
from homeslm.config.loader import config_from_dict, load_config
from homeslm.daemon.runner import MAX_COMMAND_BYTES, Command, CommandPayloadError, parse_command_payload
from homeslm.errors import ConfigError
from homeslm.understanding.lexicon import Lexicon, Tagged
from homeslm.understanding.understander import yes_or_no
from homeslm.schema import ACTIONS, DEVICE_TYPES, INTENT_KEYS, Intent
from homeslm.understanding.textnorm import normalize

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "config" / "homeslm.yaml"

# Deadlines are generous (a 2-core machine busy with a training run took 12 s for one config example);
# they catch unbounded work (alias bombs, runaway nesting), not slowness.
QUICK = settings(max_examples=150, deadline=timedelta(seconds=20), suppress_health_check=[HealthCheck.too_slow])
SLOWER = settings(max_examples=150, deadline=timedelta(seconds=30), suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------------------------------
# Strategies

CONFIG_KEYS = (
    "site", "area", "mqtt", "host", "port", "username", "password", "password_env", "password_file", "tls",
    "ca_file", "cert_file", "key_file", "insecure", "client_id", "keepalive_s", "reconnect_min_s",
    "reconnect_max_s", "queue_max", "queue_max_age_s", "language", "units", "temperature", "floors", "name",
    "areas", "devices", "aliases", "type", "device_class", "plugin", "topic", "confirm", "options", "model",
    "path", "threshold", "threads", "plugins", "paths", "disable", "followup", "window_s", "voice", "<<", "x-a",
    "commands", "enabled", "rate_per_s", "burst",
)
WORDS = (
    "kitchen", "living room", "bedroom", "hall", "ceiling light", "lamp", "front door", "garage door",
    "light", "switch", "cover", "lock", "climate", "scene", "fan", "zigbee2mqtt", "tasmota", "mqtt", "timers",
    "curtain", "garage", "celsius", "fahrenheit", "on", "off", "yes", "no", "null", "~", "true", "localhost",
    "", " ", "Kitchen  Light", "../etc/passwd",
)

scalars = (
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=24) | st.sampled_from(WORDS)
)
keys = st.sampled_from(CONFIG_KEYS) | st.text(max_size=12)
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5),
    max_leaves=25,
)


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly the plausible value, sometimes anything."""
    return st.one_of(strategy, strategy, strategy, values)


plausible_device = st.fixed_dictionaries(
    {},
    optional={
        "name": _maybe(st.sampled_from(("ceiling light", "lamp", "front door", "blinds", "Lamp", ""))),
        "aliases": _maybe(st.lists(st.sampled_from(("big light", "lamp", "door")), max_size=3)),
        "area": _maybe(st.sampled_from(("kitchen", "hall", "attic"))),
        "type": _maybe(st.sampled_from(sorted(DEVICE_TYPES) + ["toaster", "Garage Door"])),
        "device_class": _maybe(st.sampled_from(("curtain", "garage", "door", "Blind"))),
        "plugin": _maybe(st.sampled_from(("zigbee2mqtt", "tasmota", "mqtt"))),
        "topic": _maybe(st.sampled_from(("kitchen_ceiling", "a/b", "#", ""))),
        "confirm": _maybe(st.booleans()),
        "options": _maybe(st.dictionaries(st.text(max_size=6), scalars, max_size=3)),
    },
)
plausible_config = st.fixed_dictionaries(
    {},
    optional={
        "site": _maybe(st.sampled_from(("living-room", "a/b", "#", "+", ""))),
        "area": _maybe(st.sampled_from(("kitchen", "hall", "nowhere"))),
        "areas": _maybe(st.lists(st.sampled_from(("kitchen", "hall", "Kitchen", "")), max_size=4)),
        "floors": _maybe(st.lists(st.fixed_dictionaries(
            {"name": _maybe(st.sampled_from(("ground", "upstairs")))},
            optional={"areas": _maybe(st.lists(st.sampled_from(("kitchen", "attic")), max_size=3))}), max_size=3)),
        "devices": _maybe(st.lists(plausible_device, max_size=5)),
        "mqtt": _maybe(st.fixed_dictionaries({}, optional={
            "host": _maybe(st.sampled_from(("localhost", "", "192.0.2.1"))),
            "port": _maybe(st.integers(min_value=-5, max_value=70000)),
            "username": _maybe(st.just("homeslm")),
            "tls": _maybe(st.booleans()),
            "keepalive_s": _maybe(st.integers(min_value=-5, max_value=10**6)),
            "reconnect_min_s": _maybe(st.floats(allow_nan=True)),
        })),
        "units": _maybe(st.fixed_dictionaries({}, optional={"temperature": _maybe(st.sampled_from(("celsius", "kelvin")))})),
        "model": _maybe(st.fixed_dictionaries({}, optional={
            "threshold": _maybe(st.floats(allow_nan=True)), "threads": _maybe(st.integers(-3, 64))})),
        "plugins": _maybe(st.fixed_dictionaries({}, optional={
            "disable": _maybe(st.lists(st.sampled_from(("timers", "tasmota")), max_size=2)),
            "zigbee2mqtt": _maybe(st.fixed_dictionaries({}, optional={"base_topic": _maybe(st.just("z2m"))}))})),
        "followup": _maybe(st.fixed_dictionaries({}, optional={"window_s": _maybe(st.floats(allow_nan=True))})),
        "language": _maybe(st.sampled_from(("en", "de", ""))),
        "commands": _maybe(st.fixed_dictionaries({}, optional={
            "enabled": _maybe(st.booleans()), "rate_per_s": _maybe(st.floats(allow_nan=True)),
            "burst": _maybe(st.integers(-5, 10**6))})),
    },
)
config_data = plausible_config | values | st.dictionaries(keys, values, max_size=6)

YAML_FRAGMENTS = (
    "site: x", "areas: [kitchen, hall]", "devices:", "  - name: lamp", "    type: light", "    area: kitchen",
    "    plugin: zigbee2mqtt", "  - {name: door, type: lock, plugin: zigbee2mqtt, confirm: true}", "x-a: &a",
    "  type: light", "  <<: *a", "  - <<: *a", "- *a", "*a", "&b [1, 2]", "mqtt: {port: 1883}", "mqtt:",
    "  port: '1883'", "\tport: 1", "key: [unclosed", "key: {unclosed", "'quoted", '"dq\\x"', "? complex",
    ": value", "---", "...", "%YAML 1.1", "!!python/object:os.system", "!!binary aGVsbG8=", "on: yes",
    "site: site", "site: other", "  -", "- - -", "a: b: c", "#comment", "", "   ", "floors:",
    "  - name: up", "    areas: [attic]", "area: attic", "devices: []", "units: {temperature: kelvin}",
)
yaml_ish = st.lists(st.sampled_from(YAML_FRAGMENTS) | st.text(max_size=20), max_size=14).map("\n".join)
yaml_dumped = config_data.map(lambda data: yaml.safe_dump(data, allow_unicode=True))


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """A directory for config files (hypothesis cannot use function-scoped tmp_path)."""
    with tempfile.TemporaryDirectory(prefix="homeslm-fuzz-") as name:
        yield Path(name)


def _load_text(scratch: Path, content: str | bytes) -> Config | ConfigError:
    path = scratch / "homeslm.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
    try:
        config = load_config(path)
    except ConfigError as exc:
        assert str(exc).startswith(f"{path}:"), f"error does not name the file: {exc}"
        return exc
    assert isinstance(config, Config)
    return config


# --------------------------------------------------------------------------------------------------
# Configuration


@QUICK
@given(data=config_data, secret=st.text(alphabet="0123456789abcdef", min_size=24, max_size=24))
def test_config_from_any_structure_is_a_config_or_a_config_error(data: Any, secret: str) -> None:
    placed = isinstance(data, dict) and isinstance(data.get("mqtt"), dict) and secret not in repr(data)
    if placed:
        data["mqtt"]["password"] = secret
    try:
        config = config_from_dict(data, source="fuzz.yaml")
    except ConfigError as exc:
        assert str(exc)
        assert not placed or secret not in str(exc), "the password appeared in an error message"
        return
    assert isinstance(config, Config)
    assert not placed or secret not in repr(config), "the password appeared in the config's repr"
    for device in config.devices:
        assert device.type in DEVICE_TYPES and device.name == " ".join(device.name.split()).lower()
        assert device.area is None or device.area in config.areas


@QUICK
@given(text=yaml_ish | yaml_dumped)
@example(text="[" * 3000 + "]" * 3000)
@example(text="a:\n" + "".join(" " * (i + 1) + "a:\n" for i in range(2000)))
@example(text="x-a: &a [1]\nx-b: &b [*a, *a]\nsite: *b\n")
def test_config_files_load_or_fail_with_file_and_line(scratch: Path, text: str) -> None:
    _load_text(scratch, text)


@QUICK
@given(content=st.binary(max_size=400) | st.text(max_size=200).map(lambda t: t.encode("utf-16")))
@example(content=b"\xff\xfe\x00site: x")
@example(content=b"site: x\x00\n")
def test_config_files_with_arbitrary_bytes_fail_cleanly(scratch: Path, content: bytes) -> None:
    _load_text(scratch, content)


def test_a_yaml_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    """The "billion laughs": 9 levels of 9 aliases expand to 387 million strings; loading must stop early.
    Run in a child with a timeout, so a regression fails instead of hanging the suite."""
    levels = ["x-l0: &l0 [" + ", ".join(['"lol"'] * 9) + "]"]
    levels += [f"x-l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 9)]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(levels) + "\nsite: x\nvoice: {bomb: *l8}\n")
    code = textwrap.dedent(
        f"""
        from homeslm.config.loader import load_config
        from homeslm.errors import ConfigError
        try:
            load_config({str(bomb)!r})
            print("LOADED")
        except ConfigError as exc:
            print("CONFIG-ERROR", exc)
        """
    )
    try:
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO,
                                check=False)
    except subprocess.TimeoutExpired:
        pytest.fail("loading a YAML alias bomb did not finish within 60 s (aliases expanded without a limit)")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith(f"CONFIG-ERROR {bomb}:"), result.stdout


def test_password_files_that_never_end_are_refused(tmp_path: Path) -> None:
    """``password_file: /dev/zero`` (endless) or a FIFO (blocks) must be a ConfigError, not an endless read.
    In a child with a memory limit and a timeout, so a regression fails instead of taking the machine down."""
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    big = tmp_path / "big.pass"
    big.write_bytes(b"x" * 100_000)
    code = textwrap.dedent(
        """
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        from homeslm.config.loader import config_from_dict
        from homeslm.errors import ConfigError
        for path in sys.argv[1:]:
            try:
                config_from_dict({"mqtt": {"username": "u", "password_file": path}}, source="x.yaml")
                print("LOADED", path)
            except ConfigError as exc:
                print("CONFIG-ERROR", exc)
        """
    )
    try:
        result = subprocess.run([sys.executable, "-c", code, "/dev/zero", str(fifo), str(big)], capture_output=True,
                                text=True, timeout=60, cwd=REPO, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail("reading a password file never ended (a FIFO or a device read without a limit)")
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert len(lines) == 3 and all(line.startswith("CONFIG-ERROR x.yaml: mqtt.password_file: ") for line in lines), lines
    assert "not a regular file" in lines[0] and "not a regular file" in lines[1] and "larger than" in lines[2]


# --------------------------------------------------------------------------------------------------
# Text commands: normaliser, lexicon, notation, intents, yes/no

HOME_WORDS = (
    "turn", "on", "off", "the", "kitchen", "ceiling", "light", "lights", "lamp", "lampe", "bedroom", "set", "to",
    "percent", "twenty", "one", "a", "half", "hundred", "thousand", "and", "minutes", "hour", "degrees",
    "celsius", "°", "%", "it's", "don't", "front", "door", "garage", "upstairs", "ground", "floor", "5", "3.5",
    "1e9", "-", ".", "'", "timer", "for", "of", "an", "quarter", "couple", "dozen", "half an hour", "\u2019",
    "point", "¹", "²", "٣", "½", "Ⅻ",
)
sentences = st.text(max_size=200) | st.lists(st.sampled_from(HOME_WORDS) | st.text(max_size=8), max_size=40).map(" ".join)


@pytest.fixture(scope="module")
def example_config() -> Config:
    return load_config(EXAMPLE)


@QUICK
@given(text=sentences)
@example(text="¹ hundred")  # superscripts are digits (str.isdigit) that int() and float() refuse
@example(text="twenty ² minutes")
@example(text="5 point ³")
@example(text="٣ hundred")  # Arabic-Indic digits are decimal: 300
def test_normalize_returns_clean_text(text: str) -> None:
    out = normalize(text)
    assert isinstance(out, str)
    assert out == out.strip() and "  " not in out
    assert out == out.lower()


@QUICK
@given(text=sentences, names=st.lists(st.text(min_size=1, max_size=15) | st.sampled_from(HOME_WORDS), max_size=6))
@example(text="the " * 2000, names=["the"])
def test_lexicon_tag_never_fails_and_every_placeholder_is_explained(
    example_config: Config, text: str, names: list[str]
) -> None:
    for lexicon in (Lexicon.from_config(example_config),
                    Lexicon.from_names([(n, "light", ()) for n in names], areas=names[:2], floors=names[2:3])):
        tagged = lexicon.tag(text)
        assert isinstance(tagged, Tagged)
        placeholders = {w for w in tagged.text.split() if w.startswith("<") and w.endswith(">")}
        assert placeholders <= set(tagged.slots), (tagged.text, tagged.slots)


NOTATION_TOKENS = (
    *sorted(ACTIONS), "same", "none", "<light1>", "<light2>", "<area1>", "<floor1>", "<num1>", "<lock1>",
    "<cover9>", "<x1>", "house", "it", "one", "light", "cover:curtain", "cover:nope", "timer", "?dish_washer", "?",
    "30", "3.5", "-1", "%", "K", "C", "F", "s", "min", "h", "len", "=pasta", "=", "red", "warm_white", "on",
    "locked", ";", "|", " | ", " ; ", "<", ">", "<<light1>>",
)
notation_text = st.text(max_size=80) | st.lists(st.sampled_from(NOTATION_TOKENS) | st.text(max_size=5),
                                                max_size=30).map(" ".join)


@QUICK
@given(text=notation_text, extra=st.frozensets(st.sampled_from(("make_coffee", "none", "")), max_size=2))
@example(text="turn_on <light1> ; " * 10 + "| x", extra=frozenset())
def test_notation_parse_is_parsed_or_a_notation_error(text: str, extra: frozenset[str]) -> None:
    try:
        parsed = notation.parse(text, extra)
    except notation.NotationError:
        return
    assert isinstance(parsed, notation.Parsed)
    assert len(parsed.frames) <= 6
    allowed = ACTIONS | extra | {notation.SAME}
    assert all(frame.action in allowed for frame in parsed.frames)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=5),
    max_leaves=20,
)
near_intents = st.fixed_dictionaries({k: json_values | st.sampled_from(sorted(ACTIONS)) | st.none() for k in INTENT_KEYS})


@QUICK
@given(data=json_values | near_intents | near_intents.map(lambda d: {**d, "extra": 1}))
def test_intent_from_any_json_is_an_intent_or_a_value_error(data: Any) -> None:
    try:
        intent = Intent.from_dict(data)
    except ValueError as exc:
        assert str(exc).startswith(("an intent", "intent."))
        return
    assert intent.to_dict() == data
    assert json.loads(json.dumps(intent.to_dict(), allow_nan=False)) == data
    assert not isinstance(intent.value, float) or math.isfinite(intent.value)


@QUICK
@given(text=sentences | st.sampled_from(("yes", "Yes please!", "no", "nope", "um yes", "well no", "yesterday",
                                          "nothing", "okay then", "never mind", "")))
@example(text="yesterday")
@example(text="nobody")
def test_yes_or_no_is_true_false_or_none(text: str) -> None:
    answer = yes_or_no(text)
    assert answer in (True, False, None)
    if answer is not None:
        assert normalize(text), "an empty answer is neither yes nor no"


def test_yes_or_no_reads_words_not_prefixes() -> None:
    assert yes_or_no("yes") is True and yes_or_no("no thanks") is False
    assert yes_or_no("yesterday") is None and yes_or_no("nobody home") is None


# --------------------------------------------------------------------------------------------------
# MQTT command payloads

json_payloads = json_values.map(lambda v: json.dumps(v).encode())
command_objects = st.fixed_dictionaries(
    {"text": json_values | st.text(max_size=50)},
    optional={"area": json_values | st.text(max_size=10), "id": json_values | st.integers(), "other": json_values},
).map(lambda d: json.dumps(d).encode())
payloads = (
    st.binary(max_size=600) | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass"))
    | json_payloads | command_objects
    | st.binary(min_size=MAX_COMMAND_BYTES - 2, max_size=MAX_COMMAND_BYTES + 2)
)


@QUICK
@given(payload=payloads)
@example(payload=b"\x00\x01\x02binary")
@example(payload=b"turn on the light" * 1000)
@example(payload=b'{"text": "turn on", "area": 3}')
@example(payload=b'{"text": ' * 500)
@example(payload=b'"just a string"')
@example(payload=b'{"text": "a", "id": true}')
@example(payload=b'{"text": "\\u0000"}')
def test_command_payloads_are_commands_or_dropped_with_a_reason(payload: bytes) -> None:
    try:
        command = parse_command_payload(payload)
    except CommandPayloadError as exc:
        assert str(exc)
        return
    assert isinstance(command, Command)
    assert len(payload) <= MAX_COMMAND_BYTES
    assert command.text and command.text == " ".join(command.text.split())
    assert not any(ord(ch) < 32 or ord(ch) == 127 for ch in command.text)
    assert command.area is None or (isinstance(command.area, str) and command.area.strip())
    assert command.request_id is None or (isinstance(command.request_id, (str, int))
                                          and not isinstance(command.request_id, bool))


def test_deeply_nested_json_command_is_dropped_with_a_reason() -> None:
    with pytest.raises(CommandPayloadError):
        parse_command_payload(b"[" * 4000)


def test_command_payloads_keep_plain_text_and_json_text() -> None:
    assert parse_command_payload(b"  turn on\tthe   light ") == Command(text="turn on the light")
    assert parse_command_payload(b'{"text": "lock the door", "area": "hall", "id": 7}') == Command(
        text="lock the door", area="hall", request_id=7)
    with pytest.raises(CommandPayloadError, match="over the limit"):
        parse_command_payload(b"a" * (MAX_COMMAND_BYTES + 1))


# --------------------------------------------------------------------------------------------------
# The real intent model on random text


@pytest.fixture(scope="module")
def understander(example_config: Config) -> Any:
    from homeslm.understanding.model import REQUIRED_FILES, default_model_dir
    from homeslm.daemon.build import build_understander

    model_dir = default_model_dir()
    if any(not (model_dir / name).is_file() for name in REQUIRED_FILES):
        pytest.skip(f"the shipped intent model is not in {model_dir} yet")
    return build_understander(example_config)


@SLOWER
@given(text=sentences | st.text(max_size=400))
@example(text="")
@example(text="turn " * 300)
@example(text="<light1> | none ; turn_on")
def test_the_model_always_answers_with_schema_valid_intents(understander: Any, example_config: Config, text: str) -> None:
    understanding = understander.understand(text)
    result = understanding.result
    assert 0.0 <= result.confidence <= 1.0
    assert isinstance(result.response, str) and result.response
    names = {d.name for d in example_config.devices}
    for intent in result.intents:
        assert Intent.from_dict(intent.to_dict()) == intent
        # a timer's "device" is its name, copied from the sentence (docs/DESIGN.md 3), never a device
        assert intent.device is None or intent.device in names or (
            intent.domain == "timer" and (intent.device.startswith("timer:") or intent.device in normalize(text).split()
                                          or all(w in normalize(text).split() for w in intent.device.split())))
        assert intent.area is None or intent.area in example_config.areas
    if not result.intents:
        assert not understanding.plans


# --------------------------------------------------------------------------------------------------
# Device state topics through the real built-in plugins (zigbee2mqtt, tasmota, mqtt) and the real broker

FUZZ_TIMEOUT_S = 15.0
STATE_KEYS = (
    "state", "brightness", "position", "temperature", "local_temperature", "humidity", "battery", "contact",
    "occupancy", "lock_state", "system_mode", "current_heating_setpoint", "occupied_heating_setpoint", "power",
    "energy", "illuminance_lux", "POWER", "Dimmer", "Temperature", "TempUnit", "Humidity", "Shutter1", "DS18B20",
)
crafted_numbers = (
    st.integers() | st.integers(min_value=-(10**400), max_value=10**400)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from((10**400, -(10**309), 1e308, -1e308, 2**1024, 1e-320, 123456789.123456789, -0.04, 0.05))
    | st.sampled_from(("1e308", "-1e308", "9" * 400, "1e999", "NaN", "Infinity", "-inf", "30%", "21.456789",
                       "1_000", "0x10", "", "ON", "OFF", "heat", "off"))
)
state_values = st.recursive(
    crafted_numbers | json_values,
    lambda children: st.dictionaries(st.sampled_from(("Position", "Temperature", "Humidity")) | st.text(max_size=6),
                                     children, max_size=3),
    max_leaves=8,
)
device_states = st.dictionaries(st.sampled_from(STATE_KEYS) | st.text(max_size=8), state_values, max_size=8)


@pytest.fixture(scope="module")
def plugin_rig(mosquitto: Any) -> Iterator[tuple[Any, Any, Config, str]]:
    """The three device plugins on the real broker with devices of each kind that reads state, and a client
    publishing as the devices: ``(registry, device_client, config, uid)``."""
    import uuid

    from homeslm.config.model import Device, PluginsConfig
    from homeslm.mqtt import MqttClient
    from homeslm.plugins import ActionRegistry, build_plugin_manager

    if not mosquitto.running:
        mosquitto.start()
    uid = uuid.uuid4().hex[:8]
    z, t, g = "zigbee2mqtt", "tasmota", "mqtt"
    devices = (
        Device(name="lamp", type="light", plugin=z, topic="lamp"),
        Device(name="blind", type="cover", plugin=z, topic="lamp"),
        Device(name="radiator", type="climate", plugin=z, topic="lamp"),
        Device(name="door lock", type="lock", plugin=z, topic="lamp"),
        Device(name="window", type="binary_sensor", device_class="window", plugin=z, topic="lamp"),
        Device(name="thermometer", type="sensor", device_class="temperature", plugin=z, topic="lamp"),
        Device(name="meter", type="sensor", device_class="energy", plugin=z, topic="lamp"),
        Device(name="porch light", type="light", plugin=t, topic=f"porch_{uid}"),
        Device(name="shutters", type="cover", plugin=t, topic=f"porch_{uid}"),
        Device(name="attic sensor", type="sensor", plugin=t, topic=f"porch_{uid}"),
        Device(name="damp sensor", type="sensor", device_class="humidity", plugin=t, topic=f"porch_{uid}"),
        Device(name="boiler", type="switch", plugin=g, topic=f"{uid}/boiler"),
        Device(name="cellar sensor", type="sensor", plugin=g, topic=f"{uid}/cellar"),
    )
    config = Config(site=f"fuzz-{uid}", devices=devices, plugins=PluginsConfig(settings={
        z: {"base_topic": f"z2m_{uid}", "state_timeout_s": 0.05}, t: {"state_timeout_s": 0.05},
        g: {"state_timeout_s": 0.05}}))
    pm = build_plugin_manager([f"homeslm.default_plugins.{name}" for name in (z, t, g)], load_entry_points=False)
    daemon = MqttClient(mosquitto.mqtt_config(), site=f"fuzz-{uid}")
    devices_client = MqttClient(mosquitto.mqtt_config(), site=f"fuzz-devices-{uid}")
    for client in (daemon, devices_client):
        client.start()
        if not client.wait_connected(FUZZ_TIMEOUT_S):
            pytest.fail("could not connect to the test broker")
    registry = ActionRegistry(pm, config, mqtt=daemon, announce=lambda text: None)
    registry.daemon_started()
    if not daemon.wait_subscribed(FUZZ_TIMEOUT_S):
        pytest.fail("the plugins' subscriptions were not acknowledged")
    try:
        yield registry, devices_client, config, uid
    finally:
        registry.daemon_stopping()
        daemon.stop()
        devices_client.stop()


#: What the plugins are asked once the state arrived: (device, action, value).
STATE_READS = (
    ("lamp", "get_state", None), ("blind", "get_state", None), ("radiator", "get_state", None),
    ("radiator", "get_temperature", None), ("radiator", "set_temperature", 21), ("door lock", "get_state", None),
    ("window", "get_state", "open"), ("thermometer", "get_state", None), ("thermometer", "get_temperature", None),
    ("meter", "get_state", None), ("porch light", "get_state", "on"), ("porch light", "increase_brightness", 10),
    ("shutters", "get_state", None), ("attic sensor", "get_state", None), ("attic sensor", "get_temperature", None),
    ("damp sensor", "get_state", None), ("boiler", "get_state", None), ("cellar sensor", "get_state", None),
    ("cellar sensor", "get_temperature", None),
)


@settings(max_examples=60, deadline=timedelta(seconds=60), suppress_health_check=[HealthCheck.too_slow])
@given(state=device_states, scalar=crafted_numbers)
@example(state={"state": "ON", "brightness": 10**400, "Dimmer": 1e308, "POWER": "ON", "temperature": "9" * 400,
                "local_temperature": 2**1024, "current_heating_setpoint": -(10**309), "position": "1e999",
                "energy": 1e308, "Temperature": 10**400, "Shutter1": {"Position": 1e308}}, scalar=10**400)
@example(state={"state": 1e308, "temperature": float("inf"), "humidity": float("nan"), "Humidity": "1e308"},
         scalar="9" * 400)
@example(state={"lock_state": "9" * 400, "state": "9" * 400, "system_mode": "1e308"}, scalar="x" * 400)  # read out once
def test_device_state_with_crafted_numbers_is_read_sanely_by_the_plugins(
    plugin_rig: tuple[Any, Any, Config, str], state: dict[str, Any], scalar: Any
) -> None:
    """Whatever numbers a device publishes: no plugin raises (an OverflowError was seen), and no answer
    reads out a number of more than 12 digits (``1e308`` was read out as 309 digits)."""
    registry, devices_client, config, uid = plugin_rig
    publications = (
        ("zigbee2mqtt", "lamp", f"z2m_{uid}/lamp", json.dumps(state)),
        ("tasmota", f"porch_{uid}", f"tele/porch_{uid}/SENSOR", json.dumps(state)),
        ("tasmota", f"porch_{uid}", f"stat/porch_{uid}/RESULT", json.dumps(state)),
        # the mqtt plugin caches by state topic (names may repeat across rooms), the others by device
        ("mqtt", f"{uid}/boiler", f"{uid}/boiler", json.dumps(state)),
        ("mqtt", f"{uid}/cellar", f"{uid}/cellar", scalar if isinstance(scalar, str) else json.dumps(scalar)),
    )
    for plugin, key, topic, payload in publications:
        cache = registry.state_for(plugin)
        since = cache.version(key)
        if not devices_client.publish(topic, payload, qos=1).wait(FUZZ_TIMEOUT_S):
            pytest.fail(f"the broker did not take the device state on {topic}")
        if cache.wait_for_update(key, since, FUZZ_TIMEOUT_S) is None:
            pytest.fail(f"plugin {plugin}: the state published on {topic} did not arrive within {FUZZ_TIMEOUT_S} s")
    for name, action, value in STATE_READS:
        device = config.device(name)
        intent = Intent(action=action, device=name, domain=device.type, value=value,
                        unit="%" if action == "increase_brightness" else None)
        result = registry.execute(intent, device, timeout_s=FUZZ_TIMEOUT_S)
        assert "error" not in (result.data or {}), f"{name} {action} failed on state {state!r}: {result.data}"
        speech = result.speech or ""
        assert not re.search(r"\d{13,}", speech), f"{name} {action} read out {speech!r}"
        assert len(speech) < 400, speech
