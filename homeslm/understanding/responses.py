"""Spoken acknowledgements: "Turning off the lights in the kitchen and locking the front door."

What is said about an action is built from its parts, a :class:`Clause` (verb, object, what follows:
"turning off" "the lights" "in <area1>"), so that the acknowledgement ("turning off the lights") and
the request a confirmation question asks about ("turn off the lights") are two renderings of the same
parts, never a string edited or parsed back.

:func:`describe` writes the acknowledgement of parsed frames in placeholder space
(``turning off the lights in <area1>``). It produces the responses the model is trained to write
(:func:`as_trained`: the same with numbers as words), and is the fallback when the model's own response does
not fit what was understood.
:func:`fill_clause` replaces placeholders by spoken names and numbers; :func:`sentence` says a clause as
a sentence, :func:`spoken_list` says several as one ("a, b and c"); :func:`fill` is both.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Callable

from homeslm.actions import BUILTIN_ACTIONS
from homeslm.grammar.spelling import spell
from homeslm.config.model import with_article
from homeslm.understanding.notation import EVERYTHING, Frame

_PLURAL = {
    "light": "lights", "switch": "switches", "fan": "fans", "cover": "covers", "climate": "heating", "lock": "locks",
    "media_player": "speakers", "sensor": "sensors", "binary_sensor": "sensors", "vacuum": "vacuums",
    "valve": "valves", "scene": "scenes", "script": "scripts", "person": "people",
}
_CLASS_PLURAL = {
    "curtain": "curtains", "blind": "blinds", "shutter": "shutters", "shade": "shades", "garage": "garage doors",
    "awning": "awnings", "gate": "gates", "door": "doors", "window": "windows", "motion": "motion sensors",
    "humidity": "humidity", "temperature": "temperature",
}
#: The answer's verbs of each built-in action, from :data:`homeslm.actions.BUILTIN_ACTIONS`, as
#: (gerund, infinitive): "turning on" for "Turning on the lights", "turn on" for questions ("do you
#: want me to turn on the lights?").
_VERBS: dict[str, tuple[str, str]] = {a.name: (a.gerund, a.infinitive) for a in BUILTIN_ACTIONS
                                      if a.gerund and a.infinitive}
_VERB = {a.name: _VERBS[a.name][0] for a in BUILTIN_ACTIONS if a.name in _VERBS and not a.timer}
_INFINITIVE = {a.name: _VERBS[a.name][1] for a in BUILTIN_ACTIONS if a.name in _VERBS and not a.timer}
#: Timer actions that name the timer they act on (the others also say a length: "adding 5 minutes to ...").
_TIMER: dict[str, tuple[str, str]] = {a.name: _VERBS[a.name] for a in BUILTIN_ACTIONS if a.name in _VERBS and a.timer
                                      and a.name not in ("start_timer", "increase_timer", "decrease_timer")}


def _group(fr: Frame) -> str:
    base, _, cls = (fr.domain or "light").partition(":")
    noun = _CLASS_PLURAL.get(cls) or _PLURAL.get(base, base.replace("_", " "))
    phrase = f"the {noun}"
    if base == EVERYTHING:
        phrase = "everything"
    elif fr.house:
        phrase = f"all the {noun}"
    if fr.areas:
        phrase += " in " + " and ".join(fr.areas)
    if fr.floors:
        phrase += " on " + " and ".join(fr.floors)
    return phrase


def _place(fr: Frame) -> str:
    """Where a reading is taken: "in the kitchen", "upstairs", "around the house" or nothing."""
    if fr.areas:
        return "in " + " and ".join(fr.areas)
    if fr.floors:
        return "on " + " and ".join(fr.floors)
    return "around the house" if fr.house else ""


def _target(fr: Frame) -> str:
    if fr.device:  # "the ceiling light in the kitchen": the place said picks one of the rooms' ceiling lights
        return f"{fr.device} {_place(fr)}" if fr.areas or fr.floors else fr.device
    if fr.it:
        return "it"
    if fr.domain:
        return _group(fr)
    if fr.areas:
        return " and ".join(fr.areas)
    if fr.floors:
        return " and ".join(fr.floors)
    return ""


def _duration(fr: Frame, singular: bool = False) -> str:
    names = {"s": "second", "min": "minute", "h": "hour"}
    return " ".join(f"{num} {names[unit]}{'' if singular else 's'}" for num, unit in fr.duration)


def _timer(fr: Frame, *, by_length: bool = False) -> str:
    """The timer an action applies to: "the pasta timer", with ``by_length`` "the 5 minute timer" (a
    duration that names the timer, not one to add), or "the timer"."""
    if fr.timer_name:
        return f"the {fr.timer_name} timer"
    if by_length and fr.timer_len and fr.duration:
        return f"the {_duration(fr, singular=True)} timer"
    return "the timer"


_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def gerund(verb: str) -> str:
    """The ``-ing`` form of an English verb: ``brew`` -> ``brewing``, ``make`` -> ``making``, ``stop`` ->
    ``stopping``, ``tie`` -> ``tying``, ``open`` -> ``opening`` (a final consonant is doubled only after
    one vowel in a word of one syllable)."""
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if len(verb) > 2 and verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        return verb[:-1] + "ing"
    sounds = verb.replace("qu", "q")  # the u of "quit" is not a vowel
    if (len(sounds) >= 3 and sounds[-1] not in "aeiouwxy" and sounds[-2] in "aeiou" and sounds[-3] not in "aeiou"
            and len(_VOWEL_GROUPS.findall(sounds)) == 1):
        return verb + verb[-1] + "ing"
    return verb + "ing"


@dataclass(frozen=True)
class Clause:
    """One action said in parts: the verb in its two forms, its object and what follows it.

    ``Clause("turning off", "turn off", "the lights", "in <area1>")`` is said "turning off the lights in
    <area1>" in an acknowledgement and "turn off the lights in <area1>" in a question. Empty parts are
    left out."""

    doing: str
    """The verb as a gerund, with any words that belong to it: "turning off", "setting the volume"."""
    do: str
    """The same verb in the infinitive: "turn off", "set the volume"."""
    object: str = ""
    """What it acts on: "the lights", "<light1>", "a pasta timer"."""
    rest: str = ""
    """What follows the object: a value, a place, a particle ("to <num1> percent", "in <area1>", "on")."""

    def said(self, *, infinitive: bool = False) -> str:
        """The clause in words: the acknowledgement, or (``infinitive``) the request."""
        return " ".join(part for part in (self.do if infinitive else self.doing, self.object, self.rest) if part)


def _fixed(words: str) -> Clause:
    """A clause said the same in both forms ("okay")."""
    return Clause(words, words)


def plugin_action_clause(action: str, target: str) -> Clause:
    """The parts of an action a plugin added: its name read as a verb and, after ``_``, what it acts on;
    the device is its object when the name is a bare verb, else said after "on"."""
    verb, *rest = [w for w in action.split("_") if w]
    if not rest:
        return Clause(gerund(verb), verb, target)
    return Clause(gerund(verb), verb, " ".join(rest), f"on {target}" if target else "")


def plugin_action_phrase(action: str, target: str, *, infinitive: bool = False) -> str:
    """How an action a plugin added is acknowledged (or asked about, ``infinitive``): its name read as a
    verb and, after ``_``, what it acts on; the device is its object when the name is a bare verb.
    ``descale`` on "the coffee machine" -> "descaling the coffee machine", ``boil_water`` on "the kettle"
    -> "boiling water on the kettle", ``boil_water`` with no target -> "boiling water"."""
    return plugin_action_clause(action, target).said(infinitive=infinitive)


def clause(fr: Frame) -> Clause:
    """The parts of what one frame does (:func:`describe_frame` says them), with what it leaves out
    ("turning off the lights around the house except in <area1>")."""
    parts = _clause(fr)
    if not fr.leaves_out:
        return parts
    left_out = " and ".join(([f"in {' and '.join(fr.excluded_areas)}"] if fr.excluded_areas else []) + fr.excluded_devices)
    return replace(parts, rest=f"{parts.rest} except {left_out}".strip())


def _clause(fr: Frame) -> Clause:
    a = fr.action
    tgt = _target(fr)
    if fr.unknown:
        return _fixed(f"sorry, there is no {fr.unknown} here")
    if a == "cancel":
        return _fixed("okay")
    if a == "same":
        return Clause("doing the same", "do the same", rest=f"for {tgt}".strip())
    if a in _TIMER:
        doing, do = _TIMER[a]
        return Clause(doing, do, "all timers" if a == "cancel_all_timers" else _timer(fr, by_length=True))
    if a == "start_timer":
        name = f" {fr.timer_name}" if fr.timer_name else ""
        return Clause(*_VERBS[a], f"a{name} timer", f"for {_duration(fr)}")
    if a == "increase_timer":
        return Clause(*_VERBS[a], _duration(fr), f"to {_timer(fr)}")
    if a == "decrease_timer":
        return Clause(*_VERBS[a], _duration(fr), f"off {_timer(fr)}")
    if a not in _VERB:  # an action a plugin added
        return plugin_action_clause(a, tgt)
    doing, do = _VERB[a], _INFINITIVE[a]
    if tgt == "it" and a in ("turn_on", "turn_off"):
        return Clause("turning", "turn", "it", a[5:])
    if a in ("set_brightness", "set_position") and fr.number:
        return Clause(doing, do, tgt, f"to {fr.number} percent")
    if a in ("increase_brightness", "decrease_brightness") and fr.number:
        return Clause(doing, do, tgt, f"by {fr.number} percent")
    if a == "set_color" and fr.word:
        return Clause(doing, do, tgt, fr.word)
    if a in ("warmer_color_temp", "cooler_color_temp"):  # "making the lights warmer"
        return Clause(doing, do, tgt or "the lights", a.partition("_")[0])
    if a == "set_color_temp" and fr.number:
        return Clause(doing, do, tgt, f"to {fr.number} kelvin")
    if a == "set_temperature" and fr.number:
        return Clause(doing, do, tgt or "the temperature", f"to {fr.number} degrees")
    if a == "set_volume":
        return Clause(doing, do, f"of {tgt}" if tgt else "", f"to {fr.number} percent" if fr.number else "")
    if a in ("increase_temperature", "decrease_temperature"):  # "turning up the heating by two degrees"
        return Clause(doing, do, tgt or "the heating", f"by {fr.number} degrees" if fr.number else "")
    if a in ("increase_volume", "decrease_volume"):  # "turning down the tv", "turning up the volume by 10 percent"
        return Clause(doing, do, tgt or "the volume", f"by {fr.number} percent" if fr.number else "")
    if a == "get_temperature":
        return Clause(doing, do, f"of {tgt}" if fr.device else "", "" if fr.device else _place(fr))
    if a == "get_state" and fr.domain == "sensor:humidity":
        return Clause("checking the humidity", "check the humidity", rest=_place(fr))
    if a in ("media_pause", "media_resume"):  # "pausing the tv"
        return Clause(doing, do, tgt if fr.device else "")
    if a in ("media_next", "media_previous"):  # "skipping to the next track on the tv"
        return Clause(doing, do, rest=f"on {tgt}" if fr.device else "")
    if a == "vacuum_return_to_base":
        return Clause(doing, do, tgt or "the vacuum", "home")
    return Clause(doing, do, tgt)


def describe_frame(fr: Frame, *, infinitive: bool = False) -> str:
    """One frame's acknowledgement ("turning off the lights"); ``infinitive``: the same parts as a
    request ("turn off the lights"), for questions about actions on devices."""
    return clause(fr).said(infinitive=infinitive)


def describe(frames: list[Frame]) -> str:
    """The acknowledgement of ``frames``, lower case, in placeholder space."""
    if not frames:
        return "sorry, i did not understand that"
    parts = [describe_frame(fr) for fr in frames]
    if len(parts) == 1:
        return parts[0]
    return " , ".join(parts[:-1]) + " and " + parts[-1]


_DIGITS = re.compile(r"\b\d+\b")


def as_trained(frames: list[Frame]) -> str:
    """The response the model is trained to write after ``frames``: :func:`describe` with its numbers as words
    (the training data has no digit pieces: "dimming the lights by fifty percent")."""
    return _spelled(describe(frames))


def clauses_as_trained(frames: list[Frame]) -> list[str]:
    """What each frame is said as in :func:`as_trained`, in order (``describe`` joins them with "," and "and")."""
    return [_spelled(describe_frame(fr)) for fr in frames]


def _spelled(text: str) -> str:
    return _DIGITS.sub(lambda m: spell(float(m.group())), text)


_PH = re.compile(r"<[a-z_]+\d>")


_FRACTION = re.compile(r"(?<![\d.])(\d+)\.(\d+) (hour|minute)s?\b")
_SMALLER = {"hour": "minute", "minute": "second"}
_A_BEFORE_VOWEL = re.compile(  # a vowel sound: not "a unit", "a user", "a one", "a euro"
    r"\b([Aa]) (?=[ai]|e(?!u|we)|o(?!ne\b|nce\b)|u(?!ni|s[eub]|r[aeiou]|ti|k)|(?:8|11|18|8\d|8\d\d)\b)")


def _whole_units(m: re.Match[str]) -> str:
    """ "1.5 hours" -> "1 hours 30 minutes" (the singular is fixed after); left alone when the
    fraction is not a whole number of the smaller unit."""
    whole, unit = int(m.group(1)), m.group(3)
    rest = round(float(f"0.{m.group(2)}") * 60, 6)
    if not rest.is_integer():
        return m.group(0)
    smaller = f"{int(rest)} {_SMALLER[unit]}s"
    return f"{whole} {unit}s {smaller}" if whole else smaller


def fill_clause(text: str, spoken: Callable[[str], str | None]) -> str | None:
    """Replace placeholders with ``spoken(ph)`` and make the words read aloud well ("the lights upstairs",
    "1 hour 30 minutes", "an egg timer"); ``None`` when a placeholder cannot be filled or nothing is left.
    The clause keeps its case and has no full stop: :func:`sentence` says it, alone or in a list."""
    missing = False

    def sub(m: re.Match[str]) -> str:
        nonlocal missing
        value = spoken(m.group(0))
        if value is None:
            missing = True
            return m.group(0)
        return value

    out = _PH.sub(sub, text)
    if missing:
        return None
    out = re.sub(r"\bthe the\b", "the", out).replace(" ,", ",").strip()
    out = re.sub(r"\bon (upstairs|downstairs)\b", r"\1", out)  # "the lights upstairs", not "on upstairs"
    out = _FRACTION.sub(_whole_units, out)  # "1 hour 30 minutes", not "1.5 hours" (read "one point five")
    out = re.sub(r"(?<![\d.])1 (hour|minute|second|degree)s\b", r"1 \1", out)  # "1 hour", not "1 hours"
    out = _A_BEFORE_VOWEL.sub(r"\1n ", out)  # "an egg timer", "an 8 minute timer"
    return out or None


def sentence(words: str) -> str:
    """``words`` said as a sentence: capitalised, ending with a full stop (unless it ends a question or an
    exclamation already)."""
    said = words[:1].upper() + words[1:]
    return said if said.endswith((".", "?", "!")) else said + "."


def the(name: str) -> str:
    """``name`` with its article as an answer says it (:func:`homeslm.config.model.with_article`)."""
    return with_article(name)


def spoken_list(items: Sequence[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def fill(text: str, spoken: Callable[[str], str | None]) -> str | None:
    """:func:`fill_clause` said as a :func:`sentence`; ``None`` when a placeholder cannot be filled."""
    words = fill_clause(text, spoken)
    return sentence(words) if words is not None else None
