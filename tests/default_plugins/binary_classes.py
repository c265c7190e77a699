"""What a binary sensor of each Home Assistant device class answers, written by hand (not read from
homeslm.device_classes, which it checks): the plugin tests ask each class through a real broker.

Per class: the answer's words for on and off, the schema's value for on and off (what the resolver puts in
``value``), the notation's tokens for on and off, and the zigbee2mqtt payload of the on and off state.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class ClassCase(NamedTuple):
    device_class: str
    said_on: str
    said_off: str
    state_on: str
    state_off: str
    token_on: str
    token_off: str
    z2m_on: dict[str, Any]
    z2m_off: dict[str, Any]


def _onoff(attr: str) -> tuple[dict[str, Any], dict[str, Any]]:
    return {attr: True}, {attr: False}


_STATE = ({"state": "ON"}, {"state": "OFF"})  # a class zigbee2mqtt has no attribute of ours for
_CONTACT = ({"contact": False}, {"contact": True})  # contact is true when closed

CASES: list[ClassCase] = [
    ClassCase("battery", "low", "normal", "on", "off", "low", "normal", *_onoff("battery_low")),
    ClassCase("battery_charging", "charging", "not charging", "on", "off", "charging", "not_charging", *_STATE),
    ClassCase("carbon_monoxide", "detecting carbon monoxide", "clear", "on", "off", "detected", "clear",
              *_onoff("carbon_monoxide")),
    ClassCase("cold", "cold", "normal", "on", "off", "cold", "normal", *_STATE),
    ClassCase("connectivity", "connected", "disconnected", "on", "off", "connected", "disconnected", *_STATE),
    ClassCase("door", "open", "closed", "open", "closed", "open", "closed", *_CONTACT),
    ClassCase("garage_door", "open", "closed", "open", "closed", "open", "closed", *_CONTACT),
    ClassCase("gas", "detecting gas", "clear", "on", "off", "detected", "clear", *_onoff("gas")),
    ClassCase("heat", "hot", "normal", "on", "off", "hot", "normal", *_STATE),
    ClassCase("light", "detecting light", "clear", "on", "off", "detected", "clear", *_STATE),
    ClassCase("lock", "unlocked", "locked", "unlocked", "locked", "unlocked", "locked", *_STATE),
    ClassCase("moisture", "wet", "dry", "on", "off", "wet", "dry", *_onoff("water_leak")),
    ClassCase("motion", "detecting motion", "clear", "on", "off", "detected", "clear", *_onoff("occupancy")),
    ClassCase("moving", "moving", "not moving", "on", "off", "moving", "not_moving", *_onoff("moving")),
    ClassCase("occupancy", "detecting someone", "clear", "on", "off", "detected", "clear", *_onoff("occupancy")),
    ClassCase("opening", "open", "closed", "open", "closed", "open", "closed", *_CONTACT),
    ClassCase("plug", "plugged in", "unplugged", "on", "off", "plugged_in", "unplugged", *_STATE),
    ClassCase("power", "powered", "not powered", "on", "off", "on", "off", *_STATE),
    ClassCase("presence", "detecting someone", "clear", "on", "off", "home", "away", *_onoff("presence")),
    ClassCase("problem", "reporting a problem", "ok", "on", "off", "problem", "ok", *_STATE),
    ClassCase("running", "running", "not running", "on", "off", "running", "not_running", *_STATE),
    ClassCase("safety", "unsafe", "safe", "on", "off", "unsafe", "safe", *_STATE),
    ClassCase("smoke", "detecting smoke", "clear", "on", "off", "detected", "clear", *_onoff("smoke")),
    ClassCase("sound", "detecting sound", "clear", "on", "off", "detected", "clear", *_STATE),
    ClassCase("tamper", "detecting tampering", "clear", "on", "off", "detected", "clear", *_onoff("tamper")),
    ClassCase("update", "out of date", "up to date", "on", "off", "on", "off", *_STATE),
    ClassCase("vibration", "detecting vibration", "clear", "on", "off", "detected", "clear", *_onoff("vibration")),
    ClassCase("window", "open", "closed", "open", "closed", "open", "closed", *_CONTACT),
]

PARAMS = CASES  # one test per class: ``pytest.mark.parametrize("case", PARAMS, ids=...)``
IDS = [c.device_class for c in CASES]


def expected(case: ClassCase, name: str, on: bool, asked: str | None) -> str:
    """The answer of a sensor called ``name`` in state ``on`` to a question asking ``asked`` (one of the
    case's states or tokens, or ``None``)."""
    said = case.said_on if on else case.said_off
    base = f"the {name} is {said}."
    if asked is None:
        return base[0].upper() + base[1:]
    asked_on = asked in (case.state_on, case.token_on)
    return ("Yes, " if asked_on == on else "No, ") + base


def askings(case: ClassCase) -> list[str | None]:
    """What a question may ask: nothing, the schema's states and the notation's tokens."""
    return [None, *dict.fromkeys([case.state_on, case.state_off, case.token_on, case.token_off])]
