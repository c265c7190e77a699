"""The one table of binary-sensor classes and person states (homeslm/device_classes.py): its invariants, that
the grammar's classes and tokens are its own, and the schema's get_state values it gives."""

from __future__ import annotations

import pytest

from homeslm import device_classes as dc
from homeslm.default_plugins import tasmota, zigbee2mqtt
from homeslm.device_classes import BINARY_CLASSES, OPENING_CLASSES, BinaryClass, schema_state, state_said
from homeslm.grammar.phrases.sensors import BINARY_CLASSES as GRAMMAR_CLASSES
from homeslm.understanding.notation import DEVICE_CLASSES, STATES

#: Home Assistant's binary_sensor device classes (its documentation's list).
HOME_ASSISTANT_CLASSES = {
    "battery", "battery_charging", "carbon_monoxide", "cold", "connectivity", "door", "garage_door", "gas", "heat",
    "light", "lock", "moisture", "motion", "moving", "occupancy", "opening", "plug", "power", "presence", "problem",
    "running", "safety", "smoke", "sound", "tamper", "update", "vibration", "window",
}
ROWS = [pytest.param(c, id=c.name) for c in BINARY_CLASSES.values()]


def test_the_table_has_exactly_home_assistants_classes() -> None:
    assert set(BINARY_CLASSES) == HOME_ASSISTANT_CLASSES
    assert all(name == row.name for name, row in BINARY_CLASSES.items())
    # the notation can write a class question over all but these (a new class token needs a fine-tune)
    assert set(BINARY_CLASSES) - set(DEVICE_CLASSES) <= {"lock", "update"}


@pytest.mark.parametrize("row", ROWS)
def test_a_rows_tokens_are_notation_states_and_its_two_states_differ(row: BinaryClass) -> None:
    assert row.on in STATES and row.off in STATES
    assert len({row.on, row.off}) == 2 and len({row.said_on, row.said_off}) == 2
    assert len({row.on_state, row.off_state}) == 2
    for word, on in row.also:
        assert row.meaning(word) is on


@pytest.mark.parametrize("row", ROWS)
def test_the_schema_state_is_home_assistants_on_off_except_openings_and_locks(row: BinaryClass) -> None:
    if row.name in ("door", "window", "garage_door", "opening"):
        assert (row.on_state, row.off_state) == ("open", "closed")
    elif row.name == "lock":  # Home Assistant's lock binary sensor is on when unlocked
        assert (row.on_state, row.off_state) == ("unlocked", "locked")
    else:
        assert (row.on_state, row.off_state) == ("on", "off")
    assert OPENING_CLASSES == {"door", "window", "garage_door", "opening"}


@pytest.mark.parametrize("row", ROWS)
def test_every_way_of_writing_a_state_means_it(row: BinaryClass) -> None:
    """The schema's state, the notation's token and the answer's words mean the same state; ``on``/``off`` are
    Home Assistant's on and off; a word of no state of the class means nothing."""
    for on in (True, False):
        for written in (row.state(on), row.on if on else row.off, row.said(on), "on" if on else "off"):
            assert row.meaning(written) is on, written
            assert row.meaning(written.upper().replace(" ", "_")) is on, written
    assert row.meaning("purple") is None and row.meaning(None) is None and row.meaning(3) is None


def test_the_grammars_classes_are_rows_with_the_same_tokens() -> None:
    """The grammar draws the tokens the table reads (in either order: the grammar's draws do not depend on it)."""
    for name, cls in GRAMMAR_CLASSES.items():
        row = BINARY_CLASSES[name]
        assert set(cls["states"]) == {row.on, row.off}, name


def test_zigbee2mqtt_attributes_are_what_zigbee2mqtt_publishes() -> None:
    """contact is true when closed; the others are true when on."""
    assert {n: (r.z2m, r.z2m_true_is_off) for n, r in BINARY_CLASSES.items() if r.z2m} == {
        "battery": (("battery_low",), False), "carbon_monoxide": (("carbon_monoxide",), False),
        "door": (("contact",), True), "garage_door": (("contact",), True), "gas": (("gas",), False),
        "moisture": (("water_leak",), False), "motion": (("occupancy",), False), "moving": (("moving",), False),
        "occupancy": (("occupancy", "presence"), False), "opening": (("contact",), True),
        "presence": (("presence",), False), "smoke": (("smoke",), False), "tamper": (("tamper",), False),
        "vibration": (("vibration",), False), "window": (("contact",), True)}


def test_no_plugin_keeps_a_table_of_its_own() -> None:
    """The facts derive from the table: zigbee2mqtt's _BINARY and tasmota's _OPENING are gone."""
    assert not hasattr(zigbee2mqtt, "_BINARY") and not hasattr(tasmota, "_OPENING")


@pytest.mark.parametrize(("device_type", "device_class", "token", "value"), [
    ("binary_sensor", "moisture", "wet", "on"), ("binary_sensor", "moisture", "dry", "off"),
    ("binary_sensor", "battery", "low", "on"), ("binary_sensor", "battery_charging", "not_charging", "off"),
    ("binary_sensor", "window", "open", "open"), ("binary_sensor", "door", "closed", "closed"),
    ("binary_sensor", "lock", "unlocked", "unlocked"), ("binary_sensor", "lock", "on", "unlocked"),
    ("binary_sensor", "window", "on", "open"), ("binary_sensor", "presence", "away", "off"),
    ("binary_sensor", "motion", "detected", "on"), ("binary_sensor", "occupancy", "clear", "off"),
    ("binary_sensor", "plug", "plugged_in", "on"), ("binary_sensor", "safety", "unsafe", "on"),
    # no class configured: the token's meaning where every class that has it agrees
    ("binary_sensor", None, "wet", "on"), ("binary_sensor", None, "detected", "on"), ("binary_sensor", None, "open", "open"),
    ("binary_sensor", None, "normal", "off"), ("binary_sensor", None, "on", "on"),
    # a word of another class stays as written (no yes/no is made up from it) ...
    ("binary_sensor", "window", "wet", "wet"), ("binary_sensor", "smoke", "charging", "charging"),
    # ... unless it is a general one, known by several classes with one meaning
    ("binary_sensor", "sound", "detected", "on"), ("binary_sensor", "heat", "clear", "off"),
    ("binary_sensor", "vibration", "open", "on"), ("binary_sensor", "battery_charging", "closed", "off"),
    ("binary_sensor", "power", "running", "on"), ("binary_sensor", "power", "not_running", "off"),
    ("person", None, "home", "home"), ("person", None, "away", "not_home"),
    ("valve", None, "open", "open"), ("light", None, "on", "on"), ("lock", None, "locked", "locked"),
])
def test_schema_state(device_type: str, device_class: str | None, token: str, value: str) -> None:
    assert schema_state(device_type, device_class, token) == value


def test_person_states() -> None:
    assert dc.PERSON_TOKENS == {"home": "home", "away": "not_home"}
    assert [dc.person_meaning(w) for w in ("home", "not_home", "away", "work", None)] == [True, False, False, None, None]


@pytest.mark.parametrize(("device_class", "after", "token"), [
    ("connectivity", "still connected to the wifi", "connected"),
    ("connectivity", "disconnected", "disconnected"),
    ("connectivity", "not connected", "connected"),  # the class is what it picks; the model's word keeps the sense
    ("battery_charging", "not charging", "not_charging"),  # the longer form first
    ("battery_charging", "on charge", "charging"),
    ("plug", "plugged in at home", "plugged_in"),
    ("presence", "plugged in at home", None),  # only right after the name: "home" there is not the car's presence
    ("moisture", "dry", "dry"),
    ("door", "open", None),  # words every opening says tell no class
    ("connectivity", "on", None),
    ("no_such_class", "connected", None),
])
def test_the_state_said_right_after_a_name_in_a_classs_own_words(device_class: str, after: str, token: str | None) -> None:
    assert state_said(device_class, after.split()) == token


@pytest.mark.parametrize(("token", "device_class", "said"), [
    ("plugged_in", "connectivity", "connected"), ("unplugged", "connectivity", "disconnected"),
    ("plugged_in", "battery_charging", "charging"), ("occupied", "motion", "detected"),  # an occupancy word
    ("locked", "door", None), ("unlocked", "door", None),  # a lock's word is never a contact's "closed"/"open"
    ("cold", "door", None), ("running", "door", None), ("connected", "connectivity", None),  # its own word: as it is
    ("plugged_in", "no_such_class", None),
])
def test_a_state_word_of_an_alike_class_is_said_in_the_devices_own_words(token: str, device_class: str,
                                                                         said: str | None) -> None:
    assert dc.alike_state(token, device_class) == said
