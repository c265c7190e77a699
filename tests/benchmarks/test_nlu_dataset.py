"""Integrity of the held-out intent benchmark (tests/data/nlu/): every target is valid against its home.

The homes are read with pyyaml directly (not through ``homeslm.config.model``) so the dataset is checked on
its own terms. Each check collects every problem as ``<id>: <what is wrong>`` and fails with the list.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from homeslm.schema import ACTIONS, DEVICE_TYPES, INTENT_KEYS

NLU_DIR = Path(__file__).parents[1] / "data" / "nlu"
HOMES_DIR = NLU_DIR / "homes"
HELDOUT = NLU_DIR / "heldout.jsonl"

CATEGORIES = frozenset(
    {"single", "paraphrase", "group", "values", "state", "timer", "media", "multi", "noisy", "polite", "ood"}
)
RECORD_KEYS = ("id", "home", "text", "context_area", "category", "target")
PLUGINS = frozenset({"zigbee2mqtt", "tasmota", "mqtt"})
DEVICE_CLASSES: dict[str, frozenset[str]] = {
    "cover": frozenset({"curtain", "blind", "shutter", "garage"}),
    "binary_sensor": frozenset({"window", "door", "motion"}),
    "sensor": frozenset({"humidity", "temperature", "battery", "carbon_dioxide"}),
}
AREALESS_TYPES = frozenset({"scene", "script"})

_LIGHT = {"turn_on", "turn_off", "toggle", "set_brightness", "increase_brightness", "decrease_brightness",
          "set_color", "set_color_temp", "get_state"}
_ONOFF = {"turn_on", "turn_off", "toggle", "get_state"}
#: What each device type can be asked to do.
ACTIONS_BY_TYPE: dict[str, frozenset[str]] = {
    "light": frozenset(_LIGHT),
    "switch": frozenset(_ONOFF),
    "fan": frozenset(_ONOFF),
    "cover": frozenset({"open", "close", "set_position", "get_state"}),
    "valve": frozenset({"open", "close", "get_state"}),
    "climate": frozenset({"turn_on", "turn_off", "set_temperature", "get_temperature", "get_state"}),
    "lock": frozenset({"lock", "unlock", "get_state"}),
    "media_player": frozenset({"turn_on", "turn_off", "toggle", "media_pause", "media_resume", "media_next",
                               "media_previous", "set_volume", "get_state"}),
    "sensor": frozenset({"get_state"}),
    "binary_sensor": frozenset({"get_state"}),
    "vacuum": frozenset({"vacuum_start", "vacuum_return_to_base", "get_state"}),
    "scene": frozenset({"turn_on"}),
    "script": frozenset({"turn_on"}),
}
TIMER_ACTIONS = frozenset({"start_timer", "cancel_timer", "cancel_all_timers", "pause_timer", "resume_timer",
                           "increase_timer", "decrease_timer", "timer_status"})
TIMER_WITH_DURATION = frozenset({"start_timer", "increase_timer", "decrease_timer"})
PERCENT_ACTIONS = frozenset({"set_brightness", "set_position", "set_volume"})
STATES_BY_TYPE: dict[str, frozenset[str]] = {
    "lock": frozenset({"locked", "unlocked"}),
    "cover": frozenset({"open", "closed"}),
    "valve": frozenset({"open", "closed"}),
    "binary_sensor": frozenset({"open", "closed", "on", "off"}),
}
ON_OFF = frozenset({"on", "off"})
TIMER_BY_LENGTH = re.compile(r"^timer:[1-9][0-9]*s$")


@dataclass(frozen=True)
class Home:
    """One home YAML, indexed for the checks."""

    stem: str
    areas: frozenset[str]
    floors: dict[str, frozenset[str]]
    devices: dict[str, dict[str, Any]]
    temperature_unit: str


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def home_problems(stem: str, raw: object) -> list[str]:
    """Everything wrong with one home YAML as loaded by pyyaml."""
    where = f"homes/{stem}.yaml"
    if not isinstance(raw, dict):
        return [f"{where}: expected a mapping at the top"]
    problems: list[str] = []
    for key in ("site", "area", "floors", "areas", "devices"):
        if key not in raw:
            problems.append(f"{where}: missing key {key!r}")
    if problems:
        return problems
    areas = raw["areas"]
    if not isinstance(areas, list) or len(set(areas)) != len(areas):
        problems.append(f"{where}: areas: expected a list of distinct names")
        areas = []
    if raw["area"] not in areas:
        problems.append(f"{where}: area {raw['area']!r} is not one of the areas")
    seen_on_floor: set[str] = set()
    for floor in raw["floors"]:
        for area in floor.get("areas", []):
            if area not in areas:
                problems.append(f"{where}: floor {floor.get('name')!r}: unknown area {area!r}")
            if area in seen_on_floor:
                problems.append(f"{where}: area {area!r} is on two floors")
            seen_on_floor.add(area)
    floor_names = [floor.get("name") for floor in raw["floors"]]
    if set(floor_names) & set(areas):
        problems.append(f"{where}: names used both as floor and area: {set(floor_names) & set(areas)}")
    devices = raw["devices"]
    if not 15 <= len(devices) <= 30:
        problems.append(f"{where}: {len(devices)} devices, expected 15 to 30")
    spoken: Counter[str] = Counter()
    for device in devices:
        name = device.get("name")
        what = f"{where}: device {name!r}"
        spoken[name] += 1
        for alias in device.get("aliases", []):
            spoken[alias] += 1
        dtype = device.get("type")
        if dtype not in DEVICE_TYPES:
            problems.append(f"{what}: unknown type {dtype!r}")
        if dtype in AREALESS_TYPES:
            if device.get("area") is not None:
                problems.append(f"{what}: a {dtype} has no area")
        elif device.get("area") not in areas:
            problems.append(f"{what}: area {device.get('area')!r} is not one of the areas")
        device_class = device.get("device_class")
        if device_class is not None and device_class not in DEVICE_CLASSES.get(dtype, frozenset()):
            problems.append(f"{what}: device_class {device_class!r} does not fit type {dtype!r}")
        if device.get("plugin") not in PLUGINS:
            problems.append(f"{what}: plugin {device.get('plugin')!r}, expected one of {sorted(PLUGINS)}")
        if not isinstance(device.get("topic"), str) or not device["topic"]:
            problems.append(f"{what}: topic must be a non-empty string")
    for word, count in spoken.items():
        if count > 1:
            problems.append(f"{where}: {word!r} is used {count} times as a device name or alias")
    return problems


def load_home(path: Path) -> Home:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    problems = home_problems(path.stem, raw)
    if problems:
        raise ValueError("\n".join(problems))
    return Home(
        stem=path.stem,
        areas=frozenset(raw["areas"]),
        floors={floor["name"]: frozenset(floor["areas"]) for floor in raw["floors"]},
        devices={device["name"]: device for device in raw["devices"]},
        temperature_unit=raw.get("units", {}).get("temperature", "celsius"),
    )


def _matching_devices(home: Home, domain: str, scope: frozenset[str] | None) -> list[str]:
    base, _, device_class = domain.partition(":")
    return [
        name
        for name, device in home.devices.items()
        if device["type"] == base
        and (not device_class or device.get("device_class") == device_class)
        and (scope is None or device.get("area") in scope)
    ]


def _value_problems(intent: dict[str, Any], home: Home, device_type: str | None) -> list[str]:
    action, value, unit = intent["action"], intent["value"], intent["unit"]
    if action in PERCENT_ACTIONS:
        if not (_is_number(value) and 0 <= value <= 100 and unit == "%"):
            return [f"{action} needs a number 0-100 with unit '%', got {value!r} {unit!r}"]
    elif action in {"increase_brightness", "decrease_brightness"}:
        if not ((value is None and unit is None) or (_is_number(value) and 0 < value <= 100 and unit == "%")):
            return [f"{action} takes no value or a number with '%', got {value!r} {unit!r}"]
    elif action == "set_color":
        if not (isinstance(value, str) and value and unit is None):
            return [f"set_color needs a colour name and no unit, got {value!r} {unit!r}"]
    elif action == "set_color_temp":
        if not (_is_number(value) and 1000 <= value <= 10000 and unit == "K"):
            return [f"set_color_temp needs kelvin with unit 'K', got {value!r} {unit!r}"]
    elif action == "set_temperature":
        scale = {"°C": "celsius", "°F": "fahrenheit", None: home.temperature_unit}.get(unit)
        low, high = (40, 95) if scale == "fahrenheit" else (5, 35)
        if scale is None or not (_is_number(value) and low <= value <= high):
            return [f"set_temperature needs a {scale} number ({low}-{high}), got {value!r} {unit!r}"]
    elif action == "get_state":
        allowed = STATES_BY_TYPE.get(device_type or "", ON_OFF)
        if unit is not None or not (value is None or value in allowed):
            return [f"get_state of a {device_type} asks one of {sorted(allowed)}, got {value!r} {unit!r}"]
    elif action in TIMER_WITH_DURATION:
        if not (_is_number(value) and value > 0 and unit == "s"):
            return [f"{action} needs a duration in seconds with unit 's', got {value!r} {unit!r}"]
    elif value is not None or unit is not None:
        return [f"{action} carries no value or unit, got {value!r} {unit!r}"]
    return []


def intent_problems(intent: object, home: Home) -> list[str]:
    """Everything wrong with one target intent for this home."""
    if not isinstance(intent, dict):
        return [f"intent is not an object: {intent!r}"]
    if tuple(sorted(intent)) != tuple(sorted(INTENT_KEYS)):
        return [f"intent keys {sorted(intent)} are not exactly {list(INTENT_KEYS)}"]
    action, device, area, floor, domain = (intent[k] for k in ("action", "device", "area", "floor", "domain"))
    if action not in ACTIONS:
        return [f"unknown action {action!r}"]
    if action == "cancel":
        others = {k: v for k, v in intent.items() if k != "action" and v is not None}
        return [f"cancel carries no other field, got {others}"] if others else []
    problems: list[str] = []
    if action in TIMER_ACTIONS:
        if domain != "timer" or area is not None or floor is not None:
            problems.append(f"{action}: timers have domain 'timer' and no area/floor, got {domain!r} {area!r} {floor!r}")
        if device is not None and not (isinstance(device, str) and device.strip() and device == device.lower()):
            problems.append(f"{action}: timer name must be a lower-case string, got {device!r}")
        if isinstance(device, str) and device.startswith("timer:") and not TIMER_BY_LENGTH.match(device):
            problems.append(f"{action}: a timer named by length is 'timer:<seconds>s', got {device!r}")
        if action == "cancel_all_timers" and device is not None:
            problems.append("cancel_all_timers names no timer")
        return problems + _value_problems(intent, home, None)
    if domain == "timer":
        return [f"{action} is not a timer action but has domain 'timer'"]
    if device is not None:
        if device not in home.devices:
            aliases = {a: n for n, d in home.devices.items() for a in d.get("aliases", [])}
            hint = f" (an alias of {aliases[device]!r}: use the canonical name)" if device in aliases else ""
            return [f"device {device!r} is not in home {home.stem!r}{hint}"]
        config = home.devices[device]
        if area != config.get("area"):
            problems.append(f"device {device!r} is in area {config.get('area')!r}, target says {area!r}")
        if floor is not None:
            problems.append(f"device {device!r}: floor must be null when a device is named, got {floor!r}")
        if domain != config["type"]:
            problems.append(f"device {device!r} has domain {config['type']!r}, target says {domain!r}")
        if action not in ACTIONS_BY_TYPE.get(config["type"], frozenset()):
            problems.append(f"a {config['type']} cannot {action}")
        return problems + _value_problems(intent, home, config["type"])
    if area is not None and area not in home.areas:
        problems.append(f"unknown area {area!r}")
    if floor is not None and floor not in home.floors:
        problems.append(f"unknown floor {floor!r}")
    if area is not None and floor is not None:
        problems.append("a group command sets area or floor, not both")
    if problems:
        return problems
    if domain is None:
        if action not in {"turn_on", "turn_off"} or area is None:
            problems.append(f"a command without domain must be turn_on/turn_off everything in one area, got {action}")
        return problems
    base, _, device_class = domain.partition(":")
    if base not in ACTIONS_BY_TYPE or base in AREALESS_TYPES:
        return [f"group domain {domain!r} is not a device type that can be addressed as a group"]
    if device_class and device_class not in DEVICE_CLASSES.get(base, frozenset()):
        problems.append(f"domain {domain!r}: {device_class!r} is not a class of {base}")
    if action not in ACTIONS_BY_TYPE[base]:
        problems.append(f"a {base} group cannot {action}")
    if action != "get_temperature":
        scope: frozenset[str] | None = None
        if area is not None:
            scope = frozenset({area})
        elif floor is not None:
            scope = home.floors[floor]
        if not _matching_devices(home, domain, scope):
            problems.append(f"no {domain} device in {area or floor or 'the home'} for a group command")
    return problems + _value_problems(intent, home, base)


def record_problems(record: object, homes: dict[str, Home]) -> list[str]:
    """Everything wrong with one line of heldout.jsonl."""
    if not isinstance(record, dict):
        return ["line is not a JSON object"]
    rid = record.get("id", "<no id>")
    if tuple(record) != RECORD_KEYS:
        return [f"{rid}: keys {list(record)}, expected {list(RECORD_KEYS)} in that order"]
    home = homes.get(record["home"])
    if home is None:
        return [f"{rid}: unknown home {record['home']!r} (no homes/{record['home']}.yaml)"]
    problems: list[str] = []
    text = record["text"]
    if not isinstance(text, str) or not text.strip() or text != text.strip():
        problems.append(f"{rid}: text must be a non-empty string without outer spaces")
    if record["context_area"] not in home.areas:
        problems.append(f"{rid}: context_area {record['context_area']!r} is not an area of {home.stem}")
    category = record["category"]
    if category not in CATEGORIES:
        problems.append(f"{rid}: unknown category {category!r}")
    target = record["target"]
    if not isinstance(target, dict) or list(target) != ["intents"] or not isinstance(target["intents"], list):
        return problems + [f"{rid}: target must be {{'intents': [...]}}"]
    intents = target["intents"]
    if (category == "ood") != (intents == []):
        problems.append(f"{rid}: exactly the ood lines have no intents (category {category!r}, {len(intents)} intents)")
    if category == "multi" and not 2 <= len(intents) <= 3:
        problems.append(f"{rid}: a multi line has 2-3 intents, got {len(intents)}")
    if category not in {"multi", "ood"} and len(intents) != 1:
        problems.append(f"{rid}: a {category} line has one intent, got {len(intents)}")
    for index, intent in enumerate(intents):
        problems.extend(f"{rid}: intent {index}: {p}" for p in intent_problems(intent, home))
    return problems


def load_homes(directory: Path) -> dict[str, Home]:
    return {path.stem: load_home(path) for path in sorted(directory.glob("*.yaml"))}


def read_records(path: Path) -> list[dict[str, Any]]:
    """The JSON lines of a set; a line that is not JSON fails the test with its file and line."""
    rows: list[dict[str, Any]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as error:
            pytest.fail(f"{path}:{number}: not JSON: {error}")
    return rows


@pytest.fixture(scope="module")
def homes() -> dict[str, Home]:
    return load_homes(HOMES_DIR)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return read_records(HELDOUT)


def _fail_on(problems: Iterable[str]) -> None:
    problems = list(problems)
    if problems:
        pytest.fail(f"{len(problems)} problem(s):\n" + "\n".join(problems[:50]))


@pytest.mark.parametrize("path", sorted(HOMES_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_home_config_is_well_formed(path: Path) -> None:
    _fail_on(home_problems(path.stem, yaml.safe_load(path.read_text(encoding="utf-8"))))


def test_there_are_four_distinct_homes(homes: dict[str, Home]) -> None:
    assert len(homes) == 4
    device_sets = [frozenset(home.devices) for home in homes.values()]
    area_sets = [home.areas for home in homes.values()]
    assert len(set(device_sets)) == 4 and len(set(area_sets)) == 4


def test_every_line_is_valid_against_its_home(homes: dict[str, Home], records: list[dict[str, Any]]) -> None:
    _fail_on(p for record in records for p in record_problems(record, homes))


def test_ids_are_unique_and_texts_unique_per_home(records: list[dict[str, Any]]) -> None:
    ids = Counter(record["id"] for record in records)
    texts = Counter((record["home"], record["text"].lower()) for record in records)
    _fail_on([f"id {i!r} used {n} times" for i, n in ids.items() if n > 1]
             + [f"{h}: text {t!r} used {n} times" for (h, t), n in texts.items() if n > 1])


def test_size_and_category_mix(homes: dict[str, Home], records: list[dict[str, Any]]) -> None:
    assert len(records) >= 400
    categories = Counter(record["category"] for record in records)
    assert set(categories) == CATEGORIES, f"missing categories: {CATEGORIES - set(categories)}"
    assert categories["ood"] >= 70 and categories["multi"] >= 50, categories
    assert min(categories.values()) >= 20, categories
    per_home = Counter(record["home"] for record in records)
    assert set(per_home) == set(homes) and min(per_home.values()) >= 100, per_home


def test_numbers_are_often_spoken_as_words(records: list[dict[str, Any]]) -> None:
    with_values = [r for r in records if any(_is_number(i["value"]) for i in r["target"]["intents"])]
    in_words = [r for r in with_values if not re.search(r"\d", r["text"])]
    assert len(with_values) >= 80 and len(in_words) >= len(with_values) / 2, (len(with_values), len(in_words))


def test_checks_reject_broken_targets(homes: dict[str, Home]) -> None:
    """The validator itself can fail: each deliberate mistake is reported."""
    home = homes["family"]
    good = {"action": "turn_on", "device": "jack's lamp", "area": "jack's room", "floor": None,
            "domain": "light", "value": None, "unit": None}
    assert intent_problems(good, home) == []
    broken = [
        {**good, "area": "kitchen"},
        {**good, "domain": "switch"},
        {**good, "device": "emma's night light", "area": "emma's room"},
        {**good, "device": "dishwasher", "area": "kitchen", "domain": "switch", "action": "set_color"},
        {k: v for k, v in good.items() if k != "unit"},
        {**good, "device": None, "area": "garage"},
        {**good, "device": None, "area": None, "floor": "attic"},
        {**good, "action": "set_brightness", "value": 140, "unit": "%"},
        {"action": "start_timer", "device": None, "area": "kitchen", "floor": None, "domain": "timer",
         "value": 300, "unit": "s"},
        {"action": "cancel_timer", "device": "timer:5min", "area": None, "floor": None, "domain": "timer",
         "value": None, "unit": None},
        {"action": "cancel", "device": None, "area": "kitchen", "floor": None, "domain": None, "value": None,
         "unit": None},
        {**good, "device": None, "domain": "cover:curtain"},
    ]
    for intent in broken:
        assert intent_problems(intent, home), f"not reported: {intent}"
    record = {"id": "x-1", "home": "family", "text": "turn on the lamp", "context_area": "landing",
              "category": "ood", "target": {"intents": [good]}}
    assert record_problems(record, homes)
