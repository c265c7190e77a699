"""The compact notation the intent model writes, and its strict parser.

One line, intents separated by ``;``, then ``|`` and the spoken response::

    turn_off light <area1> ; lock <lock1> | turning off the lights in <area1> and locking <lock1>

An intent is an action followed by tokens, each of which is one of:

========================  =====================================================================
``<light1>``, ``<cover2>``  a configured device (placeholder from :mod:`homeslm.understanding.lexicon`)
``<area1>`` ``<floor1>``   a configured area / floor
``house``                 the whole house (no area constraint)
``it``                    the previous command's targets (follow-ups)
``one``                   a singular reference by class ("the bedroom lamp")
``light`` ``cover:blind``  the domain of a group command
``?dish_washer``          a device the home does not have (words joined by ``_``)
``<num1>`` ``30``          a number, optionally followed by a unit: ``%`` ``K`` ``C`` ``F`` ``s`` ``min`` ``h``
``max`` ``half``          a value an idiom carries ("max volume", "half way"): :data:`NUMBER_WORDS`
``len``                   the following duration identifies a timer ("the five minute timer")
``=pasta``                a timer name
``except <area1> <lamp1>``  what a group command leaves out: the areas and devices after it
``q:all`` ``q:count``     what a question over a group asks ("are all ...", "how many ...", "which ..."):
``q:which``               :data:`QUANTIFIER_TOKENS`; none is "is any"
other words               a value: a colour, a state asked about (``on``, ``locked``)
========================  =====================================================================

``none`` alone means "no intent" (out of domain). :func:`parse` raises :class:`NotationError` on
anything else that does not fit; the caller treats that as "not understood".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from homeslm.schema import ACTIONS, DEVICE_TYPES, EXTRA_DOMAINS, QUANTIFIERS

NONE = "none"
#: What a group command leaves out follows it: ``turn_off light house except <area1>``.
EXCEPT = "except"
#: Internal action of follow-ups: repeat the previous command on a new target ("and the bedroom too").
SAME = "same"
UNITS = ("%", "K", "C", "F", "s", "min", "h")
#: The quantifier of a question over a group, written after its class and place ("are all the windows closed
#: upstairs": ``get_state binary_sensor:window <floor1> q:all closed``): token -> the schema's ``quantifier``.
#: Not ``all`` alone: that is the domain of "everything" (:data:`EVERYTHING`).
QUANTIFIER_TOKENS: dict[str, str] = {f"q:{q}": q for q in QUANTIFIERS}
DURATION_UNITS = {"s": 1, "min": 60, "h": 3600}

_DEVICE_PH = re.compile(r"^<([a-z_]+?)(\d)>$")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_NAME = re.compile(r"^[a-z0-9_']+$")
#: Values the model writes as words: they come from idioms ("max volume", "half way", "mute"), not from a
#: spoken number (those are ``<numN>`` placeholders), and the tokenizer has no pieces for digits.
NUMBER_WORDS: dict[str, str] = {"zero": "0", "lowest": "1", "quarter": "25", "half": "50", "max": "100"}

#: Words allowed as values.
COLORS: tuple[str, ...] = (
    "red", "green", "blue", "yellow", "orange", "purple", "pink", "white", "warm_white", "cool_white",
    "cyan", "magenta", "violet", "lavender", "turquoise", "teal", "gold", "amber", "lime", "indigo",
    "crimson", "coral", "salmon", "peach", "aqua", "navy", "maroon", "olive", "mint", "lilac",
)
STATES: tuple[str, ...] = (
    "on", "off", "open", "closed", "locked", "unlocked", "playing", "paused", "running", "docked",
    "home", "away", "wet", "dry", "detected", "clear",
    # Home Assistant's binary_sensor state words (docs/DESIGN.md section 3), multi-word ones with "_"
    "low", "normal", "charging", "not_charging", "connected", "disconnected", "plugged_in", "unplugged",
    "occupied", "unoccupied", "safe", "unsafe", "problem", "ok", "not_running", "hot", "cold", "moving",
    "not_moving",
)
#: Device classes that may follow a domain after a colon.
DEVICE_CLASSES: tuple[str, ...] = (
    "curtain", "blind", "shutter", "shade", "garage", "awning", "gate", "door", "window", "motion",
    "occupancy", "humidity", "temperature", "battery", "smoke", "moisture", "tv", "speaker", "outlet",
    "plug", "heater",
    # Home Assistant's binary_sensor and sensor device classes
    "battery_charging", "carbon_monoxide", "cold", "connectivity", "gas", "heat", "moving", "presence", "problem",
    "running", "safety", "sound", "tamper", "vibration", "opening", "garage_door", "light", "power", "energy",
    "pressure", "carbon_dioxide", "illuminance", "speed", "wind_speed", "voltage", "current", "pm25", "lock",
)


class NotationError(ValueError):
    """The model's output does not fit the notation."""


@dataclass
class Frame:
    """One parsed intent, still in placeholder space."""

    action: str
    device: str | None = None
    """Device placeholder (``<light1>``)."""
    unknown: str | None = None
    """A device name the home does not have, as spoken."""
    areas: list[str] = field(default_factory=list)
    floors: list[str] = field(default_factory=list)
    house: bool = False
    it: bool = False
    one: bool = False
    domain: str | None = None
    number: str | None = None
    """Placeholder (``<num1>``) or literal number."""
    unit: str | None = None
    duration: list[tuple[str, str]] = field(default_factory=list)
    """(number, unit) pairs of a spoken duration ("2 h 30 min")."""
    timer_len: bool = False
    timer_name: str | None = None
    word: str | None = None
    """Colour or state."""
    excluded_areas: list[str] = field(default_factory=list)
    """Area placeholders a group command leaves out ("all the lights except the kitchen")."""
    excluded_devices: list[str] = field(default_factory=list)
    """Device placeholders a group command leaves out ("everything but the lamp")."""
    quantifier: str | None = None
    """What a question over a group asks (``all``, ``count``, ``which``; :data:`QUANTIFIER_TOKENS`), ``None`` "any"."""

    @property
    def leaves_out(self) -> bool:
        return bool(self.excluded_areas or self.excluded_devices)


@dataclass
class Parsed:
    frames: list[Frame]
    response: str


#: The domain of "turn off everything in the study": every device there that can do the action.
EVERYTHING = "all"


def _is_domain(tok: str) -> bool:
    if tok == EVERYTHING:
        return True
    base, _, cls = tok.partition(":")
    if base not in DEVICE_TYPES and base not in EXTRA_DOMAINS:
        return False
    return not cls or cls in DEVICE_CLASSES


def parse(text: str, extra_actions: frozenset[str] = frozenset()) -> Parsed:
    """Parse model output strictly; raise :class:`NotationError` when it does not fit."""
    text = text.strip()
    head, sep, response = text.partition(" | ")
    if not sep and text.endswith("|"):
        head = text[:-1]
    head = head.strip()
    if head == NONE:
        return Parsed([], response.strip())
    actions = ACTIONS | extra_actions | {SAME}
    frames: list[Frame] = []
    for part in head.split(" ; "):
        toks = part.split()
        if not toks:
            raise NotationError("empty intent")
        if toks[0] not in actions:
            raise NotationError(f"unknown action {toks[0]!r}")
        frames.append(_parse_frame(toks[0], toks[1:]))
    if len(frames) > 6:
        raise NotationError("too many intents")
    return Parsed(frames, response.strip())


def _parse_frame(action: str, toks: list[str]) -> Frame:
    fr = Frame(action)
    if EXCEPT in toks:
        cut = toks.index(EXCEPT)
        toks, left_out = toks[:cut], toks[cut + 1:]
        for tok in left_out:
            m = _DEVICE_PH.match(tok)
            if m and m.group(1) == "area":
                fr.excluded_areas.append(tok)
            elif m and m.group(1) in DEVICE_TYPES:
                fr.excluded_devices.append(tok)
            else:
                raise NotationError(f"only areas and devices are left out, not {tok!r}")
        if not left_out:
            raise NotationError("nothing after except")
    i = 0
    while i < len(toks):
        tok = toks[i]
        m = _DEVICE_PH.match(tok)
        if m and m.group(1) == "num":
            i = _parse_number(fr, toks, i)
            continue
        if _NUMBER.match(tok) or tok in NUMBER_WORDS:
            i = _parse_number(fr, toks, i)
            continue
        if m and m.group(1) == "area":
            fr.areas.append(tok)
        elif m and m.group(1) == "floor":
            fr.floors.append(tok)
        elif m:
            if fr.device is not None:
                raise NotationError("two devices in one intent")
            if m.group(1) not in DEVICE_TYPES:
                raise NotationError(f"unknown placeholder {tok}")
            fr.device = tok
        elif tok == "house":
            fr.house = True
        elif tok == "it":
            fr.it = True
        elif tok == "one":
            fr.one = True
        elif tok == "len":
            fr.timer_len = True
        elif tok in QUANTIFIER_TOKENS:
            if fr.quantifier is not None:
                raise NotationError("two quantifiers in one intent")
            if action != "get_state":
                raise NotationError(f"a quantifier only asks a question over a group, not {action}")
            fr.quantifier = QUANTIFIER_TOKENS[tok]
        elif tok.startswith("?") and len(tok) > 1 and _NAME.match(tok[1:]):
            fr.unknown = tok[1:].replace("_", " ")
        elif tok.startswith("=") and len(tok) > 1 and _NAME.match(tok[1:]):
            fr.timer_name = tok[1:].replace("_", " ")
        elif _is_domain(tok):
            if fr.domain is not None:
                raise NotationError("two domains in one intent")
            fr.domain = tok
        elif tok in COLORS or tok in STATES:
            if fr.word is not None:
                raise NotationError("two values in one intent")
            fr.word = tok.replace("_", " ")
        else:
            raise NotationError(f"unexpected token {tok!r}")
        i += 1
    return fr


def _parse_number(fr: Frame, toks: list[str], i: int) -> int:
    num = NUMBER_WORDS.get(toks[i], toks[i])
    unit = toks[i + 1] if i + 1 < len(toks) and toks[i + 1] in UNITS else None
    if unit in DURATION_UNITS:
        fr.duration.append((num, unit))
        return i + 2
    if fr.number is not None:
        raise NotationError("two numbers in one intent")
    fr.number = num
    fr.unit = unit
    return i + (2 if unit else 1)
