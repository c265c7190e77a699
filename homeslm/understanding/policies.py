"""The run-time rules about safety and facts of the home, each a named policy (docs/DESIGN.md section 3).

Phrasing belongs in the grammar and the model (docs/development.md, "Where a fix goes"); what stays in
the runtime is what no reading of a sentence may override: a question never acts, a device the home
does not have is refused, a value comes from a word of the sentence, a fuzzy match never reaches a
riskier device, a shared name is settled by the home's facts or asked about, risky actions wait for a
yes. Each is a small function here and a row of :data:`POLICIES` (its name, what it guards, where it is
applied); resolution (:mod:`homeslm.understanding.resolve`), the lexicon and the understander call them,
and ``tests/understanding/test_policies.py`` tests them from one table, as hassil's
``requires_context`` / ``excludes_context`` are data tested from tables.

A policy either returns its verdict or raises :class:`Refusal` (a kind for machines, a sentence for
people). The policies of scope (what a command leaves out, every room, a place the home lacks, later) are
:mod:`homeslm.understanding.scope`, rows of the same table. This module imports of :mod:`homeslm.understanding`
only the confirmation table, what makes a sentence a question, the refusal and the scope policies, so every part
can call it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from homeslm.actions import BUILTIN_ACTIONS
from homeslm.config.model import with_article
from homeslm.device_classes import GROUP_WORDS, binary_class, has_state, person_meaning, state_said
from homeslm.outcomes import RefusalKind
from homeslm.understanding.confirmation import RISKY_ACTIONS, asks_before, changes
from homeslm.understanding.questions import is_negative, is_question, is_report
from homeslm.understanding.refusal import Refusal
from homeslm.understanding.scope import (a_place_the_home_lacks, a_time_of_day_sets_nothing, house_needs_a_scope_word,
                                         nothing_is_done_later, nothing_left_out_is_acted_on, plural_name_is_each,
                                         whole_home_was_said)
from homeslm.understanding.textnorm import normalize, singular
from homeslm.understanding.vocab import CLASS_WORDS

if TYPE_CHECKING:
    from homeslm.config.model import Config, Device

__all__ = ["Ambiguous", "POLICIES", "Policy", "Refusal", "a_place_the_home_lacks", "a_time_of_day_sets_nothing",
           "house_needs_a_scope_word", "is_question",
           "nothing_is_done_later", "nothing_left_out_is_acted_on", "plural_name_is_each", "whole_home_was_said"]


class Ambiguous(Refusal):
    """A name several devices share, and nothing in the sentence or the home says which one: asked back
    ("Which ceiling light: the kitchen or the bedroom one?"); the answer is taken as a follow-up."""

    def __init__(self, name: str, candidates: Sequence[Device]) -> None:
        super().__init__(RefusalKind.AMBIGUOUS, which_question(name, candidates))
        self.name = name
        self.candidates = tuple(candidates)


# -- a question never acts ---------------------------------------------------------------------------


#: The state each action leaves a device in (:attr:`homeslm.actions.BuiltinAction.leaves`).
_LEAVES = {a.name: a.leaves for a in BUILTIN_ACTIONS if a.leaves is not None}


def question_never_acts(text: str, action: str, tagged: str | None = None, named: bool = False) -> str | None:
    """A question never executes an action: any intent but a read-only one (:data:`READ_ONLY_ACTIONS`)
    read from a sentence that :func:`is_question` is refused ("which doors are open" never opens them), but an
    action on a device named (``named``: one whose state can be read) that leaves it in a state is asked as that
    state ("have the roman blinds been closed": are they closed; "did I leave the lamp on" read as turning it on: is
    it on). Returns the state to ask instead, ``None`` when the intent stands. ``tagged``: the sentence with the
    home's names as placeholders."""
    if changes(action) and is_question(text, tagged):
        if named and action in _LEAVES:
            return _LEAVES[action]  # "" (a flip): its state, whichever it is
        raise Refusal(RefusalKind.NOT_UNDERSTOOD,
                      "That sounded like a question, so I did not change anything. Say it as a command to do it.")
    return None


def a_report_never_acts(text: str, action: str) -> None:
    """Something the speaker tells they did ("I've shut the coop door with the string, the sensor was in the way",
    :func:`homeslm.understanding.questions.is_report`) is not a command: an action read from it is refused (a
    question about it reads)."""
    if changes(action) and is_report(text):
        raise Refusal(RefusalKind.NOT_UNDERSTOOD, "That sounded like something you did, so I did not change "
                                                  "anything. Say it as a command to do it.")


def a_negative_never_acts(text: str, action: str) -> None:
    """A command said in the negative ("do not unlock the front door", "never turn the heating off",
    :func:`homeslm.understanding.questions.is_negative`) never does anything: the model may read it as the very
    action it forbids (run 17 unlocked the front door). Refused, with what to say instead."""
    if changes(action) and is_negative(text):
        raise Refusal(RefusalKind.NOT_UNDERSTOOD, "OK, I won't. Say what you want done to do something.")


# -- names -----------------------------------------------------------------------------------------


def timer_name_was_said(action: str, written: str | None, said: str | None) -> None:
    """A timer name the model wrote that the sentence does not contain ("lily, turn the tap off" read as cancelling
    a timer called "taper") was made up: a reading that acts on running timers (cancel, pause, add time ...) is
    refused, never run on the timers without the name; a new timer just starts without it ("set a timer for 30
    minutes" read with a name). ``said``: the name as the sentence has it, ``None`` when it does not."""
    if written is not None and said is None and action != "start_timer":
        raise Refusal(RefusalKind.NOT_UNDERSTOOD, "Sorry, I did not understand which timer you mean.")


#: The words of a flip (the grammar's toggle phrasings all say one): "toggle the lamp", "flip the switch on ...",
#: "press the button", "switch the fan over", "turn it on or off".
_FLIP_WORDS = re.compile(r"\b(?:toggle\w*|flip\w*|flick\w*|switch\w*|press\w*|click\w*|tap|push\w*|hit|change|state|"
                         r"over|around|on or off)\b")


def flip_was_said(text: str) -> None:
    """A toggle flips a device whichever way it is, so it runs only when the sentence says a flip ("toggle",
    "flip", "press" ...): one read from a misheard "off" ("turn the garden light saw") is refused, never run."""
    if not _FLIP_WORDS.search(re.sub(r"<[^>]*>", " ", text.lower())):  # "<switch1>" is a name, not a flip
        raise Refusal(RefusalKind.NOT_UNDERSTOOD, "Sorry, I did not understand that.")


def unknown_device_is_refused(unknown: str | None, said: str | None) -> None:
    """A device the home does not have ("turn on the dishwasher") is refused by name, never replaced by a
    fuzzy match of something the home has. ``said``: the name as the sentence says it (``None`` when the
    model wrote a name the sentence does not contain)."""
    if unknown is not None:
        raise Refusal(RefusalKind.UNKNOWN_DEVICE, f"Sorry, I don't know a device called {said}." if said
                      else "Sorry, I don't know that device.")


def a_name_said_short(said: str | None, devices: Sequence[Device], fits: Callable[[Device], bool], *,
                      common: Container[str] = frozenset(), areas: Sequence[str] = ()) -> str | None:
    """The device a word the home has no name for stands for when it is the last word of several configured
    names of which one has a device that ``fits`` (can do the action, has the state asked): "has the gate been
    left open" in a home with a "field gate" (open or closed) and a "stair gate" (safe or not). The lexicon
    already takes the last word of a name that only one name ends with ("the purifier"), with the same limits
    as here: one word of four letters or more, never a common word (``common``) or a word for a kind of device,
    never a scene or a script, and none of the names a lock, a garage/door/gate cover, an alarm or a device
    that asks first (a name said short is not the name: :func:`fuzzy_never_reaches_riskier`); in the room said
    when one is (``areas``). ``None``: refused by :func:`unknown_device_is_refused`."""
    if not said or " " in said or len(said) < 4 or said in common or said in _GENERIC or said in _CLASS_NAMED:
        return None
    ends = [d for d in devices if d.type not in ("scene", "script") and len(d.name.split()) > 1
            and singular(normalize(d.name).split()[-1]) == singular(said)]
    if areas:
        ends = [d for d in ends if d.area in areas]
    if any(risky(d.type, d.device_class) or d.confirm for d in ends):
        return None
    names = {d.name for d in ends if fits(d)}
    return names.pop() if len(names) == 1 else None


def risky(device_type: str, device_class: str | None) -> bool:
    """A device whose risky direction :data:`RISKY_ACTIONS` lists: a lock, a garage, door or gate cover
    (an alarm panel a plugin adds has its own type, ``alarm_control_panel``)."""
    return ((device_type, device_class) in RISKY_ACTIONS or (device_type, None) in RISKY_ACTIONS
            or device_type == "alarm_control_panel")


def fuzzy_never_reaches_riskier(exact: bool, device_type: str, device_class: str | None) -> bool:
    """Whether the lexicon may take spoken words for a device of this type: words that are not exactly
    the name (a slip, a near-plural) never name a lock, a garage/door/gate cover or an alarm ("open the
    patio doors" must not unlock a lock called "patio door" when a cover is meant)."""
    return exact or not risky(device_type, device_class)


_GENERIC: dict[str, str] = {w: domain for domain, forms in CLASS_WORDS.items() for plural, single, _ in forms
                            for w in (plural, single) if domain not in ("binary_sensor", "sensor")}


#: Only a group word that says a sensor ("leak sensor", "smoke alarm"): one that says a thing ("letterbox",
#: "charger", "plug") is as often the name of the one thing the home has.
_SENSOR_NOUNS = frozenset({"sensor", "sensors", "detector", "detectors", "alarm", "alarms"})


def _class_named() -> dict[str, frozenset[str]]:
    words = [(w, cls) for plural, single, cls in CLASS_WORDS["binary_sensor"] for w in (plural, single)]
    words += [(w, cls) for cls, forms in GROUP_WORDS.items() for form in forms for w in form
              if len(w.split()) > 1 and w.split()[-1] in _SENSOR_NOUNS]
    out: dict[str, frozenset[str]] = {}
    for w, cls in words:
        out[w] = out.get(w, frozenset()) | {f"binary_sensor:{cls}"}
    return out


#: A binary-sensor class's words, by word: what people call the things themselves ("window", "door") and a group
#: of the sensors ("leak sensor", "smoke alarm", "motion sensor"; :data:`homeslm.device_classes.GROUP_WORDS`).
_CLASS_NAMED: dict[str, frozenset[str]] = _class_named()


#: Sensor classes whose quantity people name the sensors by ("temperature" in every room): the words, by class.
_QUANTITY_NAMED: dict[str, str] = {
    "temperature": "temperature", "humidity": "humidity", "pressure": "pressure", "air pressure": "pressure",
    "co2": "carbon_dioxide", "carbon dioxide": "carbon_dioxide", "light level": "illuminance", "illuminance": "illuminance",
    "lux": "illuminance", "power": "power", "energy": "energy", "battery": "battery",
}


def generic_word_domain(name: str, device_type: str, device_class: str | None = None) -> str | None:
    """The domain a device's name is an ordinary word for, when the device is of another type: a
    light-level sensor called "light", a switch called "heating"; or the class a binary sensor's name is
    the word of ("window", a window contact in every room: "are the windows open" asks the class; "leak sensor",
    one in every wet room: "are all the leak sensors dry" asks the class), or the
    quantity a sensor's name is ("temperature" in every room: "what's the temperature downstairs"). Such
    a name never captures the word in a command about that domain ("turn on the light" is the room's
    lights, not the sensor): the understander reads the sentence without the name too and takes that
    reading when it resolves to that domain."""
    words = " ".join(singular(w) for w in normalize(name).split())
    if device_type == "sensor" and device_class and _QUANTITY_NAMED.get(normalize(name)) == device_class:
        return f"sensor:{device_class}"  # "what's the temperature in the barn" asks the barn's, whatever it is called
    if device_type == "binary_sensor" and device_class:
        own = f"binary_sensor:{device_class}"
        if own in _CLASS_NAMED.get(words, frozenset()) | _CLASS_NAMED.get(normalize(name), frozenset()):
            return own
    domain = _GENERIC.get(words) or _GENERIC.get(normalize(name))
    return domain if domain is not None and domain != device_type else None


def the_only_player(everywhere: Sequence[Device]) -> Sequence[Device]:
    """"Pause the music" said where there is no player: the home's only one, never one of several."""
    return everywhere if len(everywhere) == 1 else ()


#: Binary-sensor classes that sense the same thing: people in a room (occupancy, motion, presence; and ``person``:
#: people are tracked in the home, not in rooms, so "is anyone in the yard" asks the yard's sensors), something that
#: moved in a place ("has anything moved in the yard": its motion sensor where it has no tilt sensor), and a generic
#: "opening" contact for any door or window contact. Keyed by the class asked.
SENSED_ALIKE: dict[str, tuple[str, ...]] = {
    "occupancy": ("motion", "presence"), "motion": ("occupancy", "presence"), "presence": ("occupancy", "motion"),
    "person": ("occupancy", "presence", "motion"), "moving": ("motion",),
    "opening": ("door", "window", "garage_door"), "door": ("opening",), "garage_door": ("opening",),
}
#: A person asked "on" / "off" (a model's generic word): someone there or not; other states as :func:`person_meaning`.
_PERSON_ON_OFF: dict[str, bool] = {"on": True, "off": False}


def sensed_alike(device_class: str, token: str | None, has: Callable[[str], bool]) -> tuple[str, str | None] | None:
    """"Is anyone in the study" read as the study's occupancy sensor where the study has a motion sensor: a
    binary-sensor class asked in a place with none of it (or people asked of a room: ``person``) is answered by the
    first class that senses the same thing and that the place has (``has``), with the state asked said in that
    class's token (``detected`` for presence's ``home``); ``None`` when none, or when the state has no meaning there.
    A window is never asked of a door."""
    asked = binary_class(device_class) if device_class != "person" else None
    for other in SENSED_ALIKE.get(device_class, ()):
        if not has(other):
            continue
        if token is None:
            return other, None
        on = ((_PERSON_ON_OFF.get(token, person_meaning(token))) if device_class == "person"
              else asked.meaning(token) if asked is not None else None)
        fam = binary_class(other)
        if on is None or fam is None:
            return None
        return other, fam.on if on else fam.off
    return None


def it_needs_a_previous_command(it: bool, previous: Sequence[object]) -> None:
    """"Turn it off" with no previous command asks what "it" is; the room's lights are never guessed."""
    if not previous:
        if it:
            raise Refusal(RefusalKind.NOT_UNDERSTOOD, "Sorry, which device do you mean by it? Please say its name.")
        raise Refusal(RefusalKind.NOT_UNDERSTOOD, "Sorry, I'm not sure what you are referring to.")


#: The words that back a value the model wrote as a word (notation.NUMBER_WORDS: the idioms of
#: homeslm.grammar.phrases.FIXED_VALUES). Without one in the sentence the value was made up: "turn the volume
#: down" is not "mute".
IDIOM_WORDS: dict[float, frozenset[str]] = {
    0: frozenset({"zero", "nothing", "mute", "muted", "silence", "silent", "off", "way"}),
    1: frozenset({"lowest", "min", "minimum", "dimmest", "dim", "way"}),
    25: frozenset({"quarter"}),
    50: frozenset({"half", "halve", "halfway"}),
    100: frozenset({"max", "maximum", "full", "fully", "way", "bright", "brightest", "loud", "loudest", "highest"}),
}


def value_carried_by_a_word(value: float, words: Iterable[str], numbers: Iterable[float] = ()) -> bool:
    """A value the model wrote as a word is carried by a word of the sentence, or by a number the
    normaliser made of one ("all the way up": 100); otherwise it was made up and the reading is refused."""
    backing = IDIOM_WORDS.get(value)
    return backing is None or not backing.isdisjoint(words) or any(n == value for n in numbers)


def risky_actions_ask_first(device: Device, action: str, value: float | str | None = None) -> bool:
    """The confirmation table (:data:`homeslm.understanding.confirmation.RISKY_ACTIONS`, chosen by the
    device's ``confirm:``): whether ``action`` on ``device`` waits for a yes."""
    from homeslm.schema import Intent

    return asks_before(device, Intent(action, device=device.name, value=value))


# -- shared names ----------------------------------------------------------------------------------


def which_question(name: str, candidates: Sequence[Device]) -> str:
    """"Which ceiling light: the kitchen or the bedroom one?" (by area when the areas differ, else by
    class or type)."""
    labels = [with_article(label) for label in dict.fromkeys(_label(d, candidates) for d in candidates)]
    said = labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} or {labels[-1]}"
    return f"Which {name}: {said} one?"


def _label(device: Device, candidates: Sequence[Device]) -> str:
    if len({d.area for d in candidates}) == len(candidates) and device.area:
        return device.area
    kind = (device.device_class or device.type).replace("_", " ")  # "the vacuum or the battery one"
    if len({d.device_class or d.type for d in candidates}) == len(candidates):
        return kind
    return " ".join(p for p in (device.area, kind) if p)


def shared_name(candidates: Sequence[Device], *, named_areas: Sequence[str], context_area: str | None,
                can: Callable[[Device], bool], words: Iterable[str] = (), where: str | None = None,
                state: str | None = None, after: Sequence[str] = ()) -> Device:
    """Which of the devices sharing a spoken name a command means, in order: the one in the room the
    sentence names, the one in the microphone's room, the only one whose type can do the action (a
    battery question to the battery sensor, "turn off" to the switch), the one that has the state a
    question asks (``state``, the notation's word: "is the washing machine running" to its running
    sensor, "is it on" to its switch; of a device and its own sensor in one place that both have it, the
    sensor: "is the garage door open"; where none has the model's word, the one whose class's own word the
    sentence says right after the name (``after``): "is gemma's phone connected", its connectivity sensor, not
    asked back because "connected" is a plug's word too; so too where the model's word is only on or off: "is the
    air fryer drawing power", its power sensor, not its switch), the one whose class the sentence names; otherwise
    :class:`Ambiguous` asks back. A room named where none of them is refuses (``where``: how the place
    was said, when it was a floor: "upstairs")."""
    pool = list(candidates)
    name = pool[0].name
    if named_areas and not (len(pool) == 1 and pool[0].area is None):  # a thing of no room (a phone) is anywhere
        pool = [d for d in pool if d.area in named_areas]
        if not pool:  # the one device of the name too: never acted on in a room other than the one said
            raise Refusal(RefusalKind.NO_DEVICES, f"Sorry, there is no {name} {where or 'in ' + with_article(named_areas[0])}.")
    if len(pool) <= 1:
        return pool[0]
    if len(pool) > 1 and context_area:
        here = [d for d in pool if d.area == context_area and can(d)]
        pool = here or pool
    if len(pool) > 1:
        pool = [d for d in pool if can(d)] or pool
    if len(pool) > 1 and state:
        having = [d for d in pool if has_state(d.type, d.device_class, state)]
        if not having or state in ("on", "off"):
            # the model's word is of no class here ("connected" read as a plug's), or only on/off, which every switch
            # has ("is the air fryer drawing power" read as on): the one whose own word the sentence says
            having = [d for d in pool if d.type == "binary_sensor" and state_said(d.device_class, after)] or having
        sensed = [d for d in having if d.type == "binary_sensor"]
        if len(having) > 1 and len(sensed) == 1 and len({d.area for d in having}) == 1:
            having = sensed  # "is the garage door open": a cover and its own contact sensor both know; the sensor reads it
        pool = having or pool
    if len(pool) > 1:
        said = set(words)
        by_class = [d for d in pool if d.device_class and set(d.device_class.split("_")) <= said]
        most = max((len(d.device_class.split("_")) for d in by_class if d.device_class), default=0)
        pool = [d for d in by_class if d.device_class and len(d.device_class.split("_")) == most] or pool
    if len(pool) == 1:
        return pool[0]
    raise Ambiguous(name, pool)


_ANSWER_FILLER = frozenset({"the", "one", "in", "on", "at", "i", "mean", "meant", "it", "is", "its", "that", "please",
                            "room", "a", "an", "oh", "um", "uh", "sorry", "yes", "no", "which", "is in", "thanks"})


def answer_picks(words: Sequence[str], areas: set[str], candidates: Sequence[Device]) -> Device | None:
    """The device an answer to :func:`which_question` picks ("the kitchen one", "kitchen", "the battery
    one"): ``words`` are the answer's words outside the names in ``areas`` (the areas it names). ``None``
    when it is no such answer (a new command) or still does not pick one."""
    rest = [w for w in words if w not in _ANSWER_FILLER]
    if len(rest) > 2:
        return None
    pool = [d for d in candidates if d.area in areas] if areas else list(candidates)
    if rest:
        said = set(rest)
        pool = [d for d in pool if said <= set((d.device_class or "").split("_")) | set(d.type.split("_"))]
    if not areas and not rest:
        return None
    return pool[0] if len(pool) == 1 else None


def ambiguous_name_warnings(config: Config) -> list[str]:
    """What ``homeslm check`` warns about names: devices sharing a spoken name that no room word, no type and
    no state asked tells apart (same area, same type, and for binary sensors the same class; or neither has an
    area), which every command will have to ask about; and names that are an ordinary word for another domain."""
    out: list[str] = []
    spoken: dict[str, list[Device]] = {}
    for dev in config.devices:
        for word in dict.fromkeys((dev.name, *dev.aliases)):
            spoken.setdefault(word, []).append(dev)
    def told_apart_by(d: Device) -> tuple[object, ...]:
        # binary sensors of one thing ("anna's phone": charging, connectivity, presence) are told apart by the
        # state asked ("is anna's phone charging"); sensors and the rest only by a room or a type
        return (d.area, d.type, d.device_class if d.type == "binary_sensor" else None)

    for word, devs in spoken.items():
        clash = [d for d in devs if sum(told_apart_by(o) == told_apart_by(d) for o in devs) > 1]
        if clash:
            where = ", ".join(f"line {d.line}" if d.line else d.name for d in clash)
            out.append(f"{config.source or 'config'}:{clash[-1].line or 0}: warning: {word!r} names {len(clash)} devices of type "
                       f"{clash[0].type} in the same place ({where}): commands naming it will be asked which one; "
                       "give each its own name or alias")
    for dev in config.devices:
        domain = generic_word_domain(dev.name, dev.type)
        if domain is not None:
            out.append(f"{config.source or 'config'}:{dev.line or 0}: warning: device {dev.name!r} ({dev.type}) is named "
                       f"with a word for {domain} devices: a command about the {domain}s never means it; "
                       "say it by a longer name or an alias")
    return out


#: Words that speak of lighting ("make the lights warmer", "a warmer lamp"): :func:`warmth_of_a_light`.
_LIGHT_WORDS = frozenset({"light", "lights", "lamp", "lamps", "bulb", "bulbs", "lighting", "glow", "white",
                          "spotlights", "downlights", "led", "strip"})


def warmth_of_a_light(action: str, words: Iterable[str], names_a_light: bool) -> bool:
    """"Warmer" and "cooler" change a light's colour only when the sentence speaks of a light (names one,
    or says lights, lamps, bulbs, lighting, white ...): "make the kitchen a bit cooler" is about the room's
    temperature, and a light changed for it is a wrong action (the answer then says how to set the heating).
    ``names_a_light``: the sentence names a light device."""
    if action not in ("warmer_color_temp", "cooler_color_temp"):
        return True
    return names_a_light or not _LIGHT_WORDS.isdisjoint(words)


def model_says_what_it_does(wrote: str, meant: Sequence[str]) -> None:
    """The model writes what it understood twice, as intents and as the words it answers with, and is trained
    to write the two alike (``meant``: what each intent is said as, in order,
    :func:`homeslm.understanding.responses.clauses_as_trained`, joined by "," or "and"). When its words say something the intents do not (``wrote``: "warmer_color_temp <light1> | making
    <light1> magenta"; "adding <num1> minutes to the timer" with no number in the intents), or say nothing of one of
    them ("checking the humidity in <area1> and" for a second intent turning everything on), it was not sure what
    was meant: nothing runs. Other words left out say nothing against the intents ("turning off everything" for
    everything except the lamp): ``wrote``'s words need only be ``meant``'s, in order, each intent's said at least
    once. An empty response says nothing against them."""
    said = wrote.split()
    if not said:
        return
    words: list[tuple[str, int]] = []  # (word, the intent it says; -1 for the words joining them)
    for i, clause in enumerate(meant):
        words += [(",", -1), ("and", -1)] if i else []
        words += [(w, i) for w in clause.split()]
    at, covered = 0, set()
    for word in said:
        while at < len(words) and words[at][0] != word:
            at += 1
        if at == len(words):
            raise Refusal(RefusalKind.NOT_UNDERSTOOD, "Sorry, I did not understand that.")
        covered.add(words[at][1])
        at += 1
    if not set(range(len(meant))) <= covered:
        raise Refusal(RefusalKind.NOT_UNDERSTOOD, "Sorry, I did not understand that.")


def heard_alike(doubts: Sequence[Sequence[tuple[Hashable, float]]], meant: Hashable, floor: float) -> bool:
    """A spoken command acts only when the recogniser's readings of it mean what the transcript means
    (``meant``: the intents understood from it) with at least ``floor`` of its belief. ``doubts``: for each
    word the recogniser was unsure of, the (meaning, probability) of each reading it weighed there; the
    share that means ``meant`` is multiplied over the doubts. "Turn the garden light sun", unsure between
    "sun" and "off", is a guess: nothing runs; unsure between "favour" and "favor", it means the same and
    runs. No doubts: nothing to weigh, the transcript stands."""
    agreed = 1.0
    for readings in doubts:
        total = sum(share for _, share in readings)
        if total > 0:
            agreed *= sum(share for meaning, share in readings if meaning == meant) / total
    return agreed >= floor


# -- the table -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    """One run-time rule about safety or a fact of the home."""

    name: str
    guards: str
    """What it keeps from happening, in one line."""
    check: Callable[..., object]
    """The function (its docstring says the rule)."""
    applied_in: str
    """Where it is applied."""


POLICIES: tuple[Policy, ...] = (
    Policy("question_never_acts", "a question executing an action", question_never_acts, "resolve.Resolver.resolve"),
    Policy("a_negative_never_acts", "'do not unlock the front door' unlocking it", a_negative_never_acts,
           "understander.Understander._accept"),
    Policy("a_report_never_acts", "'I've shut the coop door with the string' closing the coop door",
           a_report_never_acts, "understander.Understander._accept"),
    Policy("nothing_left_out_is_acted_on", "acting on what a command left out ('all the lights except the kitchen')",
           nothing_left_out_is_acted_on, "understander.Understander._accept"),
    Policy("unknown_device_is_refused", "a device the home lacks fuzzily replaced", unknown_device_is_refused,
           "resolve.Resolver.resolve"),
    Policy("a_name_said_short", "'the gate' refused in a home whose one gate is the 'field gate'", a_name_said_short,
           "resolve.Resolver.resolve"),
    Policy("value_carried_by_a_word", "a value the model made up", value_carried_by_a_word, "resolve.Resolver._value"),
    Policy("timer_name_was_said", "a timer acted on under a name the model made up", timer_name_was_said,
           "resolve.Resolver._plan"),
    Policy("flip_was_said", "a device flipped by a misheard command", flip_was_said, "resolve.Resolver.resolve"),
    Policy("the_only_player", "music paused on a guessed player", the_only_player, "resolve.Resolver._plan"),
    Policy("it_needs_a_previous_command", "'it' guessed with nothing before", it_needs_a_previous_command,
           "resolve.Resolver._followup"),
    Policy("risky_actions_ask_first", "a risky action without a yes", risky_actions_ask_first,
           "confirmation.asks_before (the table RISKY_ACTIONS)"),
    Policy("fuzzy_never_reaches_riskier", "a slip of a name unlocking a lock", fuzzy_never_reaches_riskier,
           "lexicon.Lexicon._match_at"),
    Policy("generic_word_domain", "a device named 'light' capturing light commands", generic_word_domain,
           "understander.Understander.understand"),
    Policy("shared_name", "a guessed device among those sharing a name", shared_name, "resolve.Resolver._named_device"),
    Policy("house_needs_a_scope_word", "'ella's ceiling light off' turning off every ceiling light",
           house_needs_a_scope_word, "resolve.Resolver._plan"),
    Policy("whole_home_was_said", "'the lights in both bedrooms' turning off every light of the home",
           whole_home_was_said, "resolve.Resolver._plan"),
    Policy("nothing_is_done_later", "'turn off the lights in ten minutes' done now", nothing_is_done_later,
           "understander.Understander._accept"),
    Policy("a_time_of_day_sets_nothing", "'it's only seven o'clock' setting the heating to 7 degrees",
           a_time_of_day_sets_nothing, "resolve.Resolver._value"),
    Policy("a_place_the_home_lacks", "'the lights in the attic' turned off in the microphone's room",
           a_place_the_home_lacks, "understander.Understander._read and _by_segments"),
    Policy("plural_name_is_each", "'the radiators upstairs' asked back as if one radiator were meant", plural_name_is_each,
           "resolve.Resolver.resolve"),
    Policy("sensed_alike", "'nobody is in the study' said of a room whose motion sensor was never asked", sensed_alike,
           "resolve.Resolver._plan"),
    Policy("warmth_of_a_light", "a room asked to be cooler getting a cooler light", warmth_of_a_light,
           "resolve.Resolver._plan"),
    Policy("model_says_what_it_does", "acting on intents the model's own answer contradicts", model_says_what_it_does,
           "understander.Understander._read and _by_segments"),
    Policy("heard_alike", "acting on one of several things a voice may have said", heard_alike,
           "voice.loop.VoiceLoop._finish (voice.min_agreement)"),
)
