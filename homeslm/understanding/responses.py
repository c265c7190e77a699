"""Spoken acknowledgements: "Turning off the lights in the kitchen and locking the front door."

:func:`describe` writes the acknowledgement of parsed frames in placeholder space
(``turning off the lights in <area1>``). It produces the responses the model is trained to write,
and is the fallback when the model's own response does not fit what was understood.
:func:`fill` replaces placeholders by spoken names and numbers.
"""

from __future__ import annotations

import re
from typing import Callable

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
_VERB = {
    "turn_on": "turning on", "turn_off": "turning off", "toggle": "toggling", "set_brightness": "setting",
    "increase_brightness": "brightening", "decrease_brightness": "dimming", "set_color": "making",
    "set_color_temp": "setting", "set_temperature": "setting", "open": "opening", "close": "closing",
    "set_position": "setting", "lock": "locking", "unlock": "unlocking", "vacuum_start": "starting",
    "vacuum_return_to_base": "sending", "get_state": "checking", "get_temperature": "checking the temperature",
    "media_pause": "pausing", "media_resume": "resuming", "media_next": "skipping to the next track",
    "media_previous": "going back a track", "set_volume": "setting the volume",
}
#: The same verbs in the infinitive, for questions ("do you want me to unlock the front door?").
_INFINITIVE = {
    "turn_on": "turn on", "turn_off": "turn off", "toggle": "toggle", "set_brightness": "set",
    "increase_brightness": "brighten", "decrease_brightness": "dim", "set_color": "make",
    "set_color_temp": "set", "set_temperature": "set", "open": "open", "close": "close",
    "set_position": "set", "lock": "lock", "unlock": "unlock", "vacuum_start": "start",
    "vacuum_return_to_base": "send", "get_state": "check", "get_temperature": "check the temperature",
    "media_pause": "pause", "media_resume": "resume", "media_next": "skip to the next track",
    "media_previous": "go back a track", "set_volume": "set the volume",
}
_TIMER = {
    "cancel_timer": "cancelling the timer", "cancel_all_timers": "cancelling all timers", "pause_timer": "pausing the timer",
    "resume_timer": "resuming the timer", "timer_status": "checking the timer",
}


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
    """Where a reading is taken: " in the kitchen", " upstairs", " around the house" or nothing."""
    if fr.areas:
        return " in " + " and ".join(fr.areas)
    if fr.floors:
        return " on " + " and ".join(fr.floors)
    return " around the house" if fr.house else ""


def _target(fr: Frame) -> str:
    if fr.device:
        return fr.device
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


def _timer(fr: Frame) -> str:
    """The timer a change applies to: "the pasta timer", or "the timer"."""
    return f"the {fr.timer_name} timer" if fr.timer_name else "the timer"


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


def plugin_action_phrase(action: str, target: str, *, infinitive: bool = False) -> str:
    """How an action a plugin added is acknowledged (or asked about, ``infinitive``): its name read as a
    verb and, after ``_``, what it acts on; the device is its object when the name is a bare verb.
    ``descale`` on "the coffee machine" -> "descaling the coffee machine", ``boil_water`` on "the kettle"
    -> "boiling water on the kettle", ``boil_water`` with no target -> "boiling water"."""
    verb, *rest = [w for w in action.split("_") if w]
    words = [verb if infinitive else gerund(verb), *rest]
    if target:
        words += [target] if not rest else ["on", target]
    return " ".join(words)


def describe_frame(fr: Frame, *, infinitive: bool = False) -> str:
    """One frame's acknowledgement ("turning off the lights"); ``infinitive``: the same parts as a
    request ("turn off the lights"), for questions about actions on devices."""
    a = fr.action
    tgt = _target(fr)
    if fr.unknown:
        return f"sorry, there is no {fr.unknown} here"
    if a == "cancel":
        return "okay"
    if a == "same":
        return f"doing the same for {tgt}".strip()
    if a in _TIMER:
        if fr.timer_name:
            return _TIMER[a].replace("the timer", f"the {fr.timer_name} timer")
        if fr.timer_len and fr.duration:  # "the 5 minute timer"
            return _TIMER[a].replace("the timer", f"the {_duration(fr, singular=True)} timer")
        return _TIMER[a]
    if a == "start_timer":
        name = f" {fr.timer_name}" if fr.timer_name else ""
        return f"starting a{name} timer for {_duration(fr)}"
    if a == "increase_timer":
        return f"adding {_duration(fr)} to {_timer(fr)}"
    if a == "decrease_timer":
        return f"taking {_duration(fr)} off {_timer(fr)}"
    if a not in _VERB:  # an action a plugin added
        return plugin_action_phrase(a, tgt, infinitive=infinitive)
    verb = (_INFINITIVE if infinitive else _VERB).get(a, a.replace("_", " "))
    if tgt == "it" and a in ("turn_on", "turn_off"):
        return f"turning it {a[5:]}"
    if a in ("set_brightness", "set_position") and fr.number:
        return f"{verb} {tgt} to {fr.number} percent".replace("  ", " ")
    if a in ("increase_brightness", "decrease_brightness") and fr.number:
        return f"{verb} {tgt} by {fr.number} percent"
    if a == "set_color" and fr.word:
        return f"{verb} {tgt} {fr.word}"
    if a == "set_color_temp" and fr.number:
        return f"{verb} {tgt} to {fr.number} kelvin"
    if a == "set_temperature" and fr.number:
        return f"{verb} {tgt} to {fr.number} degrees".replace("setting  to", "setting the temperature to")
    if a == "set_volume":
        on = f" of {tgt}" if tgt else ""
        return f"{verb}{on} to {fr.number} percent" if fr.number else f"{verb}{on}"
    if a == "get_temperature":
        if fr.device:
            return f"{verb} of {tgt}"
        return f"{verb}{_place(fr)}"
    if a == "get_state" and fr.domain == "sensor:humidity":
        return f"checking the humidity{_place(fr)}"
    if a in ("media_pause", "media_resume"):  # "pausing the tv"
        return f"{verb} {tgt}" if fr.device else verb
    if a in ("media_next", "media_previous"):  # "skipping to the next track on the tv"
        return f"{verb} on {tgt}" if fr.device else verb
    if a == "vacuum_return_to_base":
        return f"{verb} {tgt or 'the vacuum'} home"
    return f"{verb} {tgt}".strip()


def describe(frames: list[Frame]) -> str:
    """The acknowledgement of ``frames``, lower case, in placeholder space."""
    if not frames:
        return "sorry, i did not understand that"
    parts = [describe_frame(fr) for fr in frames]
    if len(parts) == 1:
        return parts[0]
    return " , ".join(parts[:-1]) + " and " + parts[-1]


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


def fill(text: str, spoken: Callable[[str], str | None]) -> str | None:
    """Replace placeholders with ``spoken(ph)``; ``None`` when one cannot be filled.

    The result is capitalised and ends with a full stop.
    """
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
    if not out:
        return None
    out = out[0].upper() + out[1:]
    return out if out.endswith((".", "?", "!")) else out + "."
