"""Where a command acts: the policies of scope (docs/DESIGN.md section 3), rows of
:data:`homeslm.understanding.policies.POLICIES` like every other policy.

A scope wider than the one said is the dangerous error: what a command leaves out is never acted on, every room
only when the sentence says all of them, a name said once is one device, a place the home lacks is refused and not
replaced by the microphone's room, and nothing said for later is done now.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from homeslm.actions import BY_NAME
from homeslm.outcomes import RefusalKind
from homeslm.understanding.confirmation import changes
from homeslm.understanding.refusal import Refusal
from homeslm.understanding.textnorm import singular

__all__ = ["a_place_the_home_lacks", "a_time_of_day_sets_nothing", "house_needs_a_scope_word", "nothing_is_done_later", "nothing_left_out_is_acted_on",
           "plural_name_is_each", "whole_home_was_said"]


#: Words that leave something out of a command ("all the lights except the kitchen").
_EXCLUSION = re.compile(r"\b(?:except|excluding|apart from|other than|aside from|save for|but not|but leave|"
                        r"everything but|all but)\b")


def nothing_left_out_is_acted_on(text: str, actions: Sequence[str], left_out: bool = False) -> None:
    """A command that leaves something out ("turn off the lights except in the kitchen", "everything but the
    lamp") is refused unless its reading left it out too (``left_out``: the model wrote ``except``, and the
    resolver kept those devices out): a reading without it acts on what was left out, or on it alone.
    Questions ("which lights are on apart from the lamp") read and pass."""
    if not left_out and _EXCLUSION.search(text) and any(changes(a) for a in actions):
        raise Refusal(RefusalKind.UNSUPPORTED, "Sorry, I can't leave anything out of a command yet. "
                      "Please name the rooms or the devices instead.")


#: A quantifier said of a name ("all the ceiling lights", "every radiator", "each of the blinds", "both lamps").
_QUANTIFIERS = frozenset({"all", "every", "each", "both"})
#: A place that is the whole home, said anywhere in the sentence ("everywhere", "in the whole house", "in every room").
_WHOLE_HOME = re.compile(
    r"\b(?:everywhere|throughout|all over|all around|in every (?:single )?room|in all (?:the |of the )?rooms"
    r"|(?:on|across) (?:both|all|every) (?:the )?(?:floors?|storeys?|levels?)"
    r"|(?:in|around|across|through|throughout) the (?:whole |entire )?(?:house|home|flat|apartment|place|cottage)"
    r"|(?:whole|entire) (?:house|home|flat|apartment|place|cottage))\b")


def house_needs_a_scope_word(names: Iterable[str], said: str, words: Sequence[str], ph: str) -> bool:
    """Whether a named device may be acted on in every place that has one (the model's whole-house scope):
    only when the sentence says so, of that name: a quantifier in the three words before it ("turn off all the
    ceiling lights", not "..., thanks a lot" nor "that's all"), the whole home as a place ("everywhere", "in the
    whole house", not "we're leaving the house"), or the name in the plural (``said``, the words the name
    replaced: "the radiators"; ``names``: its name and aliases). "Ella's ceiling light off" read as every
    ceiling light of the home turned nine lights off; without such words the scope is dropped and the name
    settled as one device (:func:`shared_name`: the room said, the microphone's room, or asked back). A scope
    wider than the one said is the dangerous error. ``words``: the sentence with placeholders, ``ph`` the name's."""
    words = list(words)
    before = {w for i, w in enumerate(words) if w == ph for w in words[max(0, i - 3):i]}
    return (bool(before & _QUANTIFIERS) or bool(_WHOLE_HOME.search(" ".join(words)))
            or plural_name_is_each(names, said))


#: Words that say all of a kind of device wherever it is ("all the lights", "switch on every plug", "everything off",
#: "the house lights", "lock up", "secure the place"); not "both" ("the lights in both bedrooms" is two rooms, which a
#: home may call otherwise), nor a quantifier of places ("in every bedroom": the whole home only as "in every room",
#: :data:`_WHOLE_HOME`).
_ALL_OF_THEM = re.compile(r"(?<!\bin )\b(?:all|every|each|everything|house|home|flat|apartment|the place|lock up"
                          r"|locking up)\b")


def whole_home_was_said(text: str, action: str) -> None:
    """A command over a kind of device acts in every room (the model's whole-house scope) only when the sentence
    says all of them ("all the lights off", "close every blind", "everything off") or the whole home as a place
    ("lights off everywhere"): "turn off the lights in both bedrooms", in a home whose bedrooms are "the main bedroom"
    and "ella's room", read as every light of the home turned thirteen lights off. Else it is refused (the rooms
    asked for), never narrowed to a guess; a question reads. ``text``: the sentence with placeholders."""
    if _acts(action) and not _ALL_OF_THEM.search(text) and not _WHOLE_HOME.search(text):
        raise Refusal(RefusalKind.NOT_UNDERSTOOD, "Sorry, which rooms do you mean?")


#: A command said for later ("in ten minutes", "in the morning", "at 10 pm", "at half past ten", "tomorrow"):
#: nothing is scheduled yet.
_LATER = re.compile(r"\b(?:in (?:<num\d+>|\d+|an?|a few|a couple of) (?:minutes?|mins?|hours?|seconds?|secs?)"
                    r"|in (?:a (?:bit|while|moment|sec|second)|the (?:morning|afternoon|evening))|tomorrow"
                    r"|at (?:noon|midnight|(?:half|quarter) (?:past|to) (?:<num\d+>|\d+)"
                    r"|(?:<num\d+>|\d+)(?: (?:<num\d+>|\d+))? (?:oclock|am|pm)))(?!\w)")
#: "At six" said of an action that takes no number ("turn the heating on at six"): a time.
_AT_A_NUMBER = re.compile(r"\bat (?:<num\d+>|\d+)(?!\w)")
#: Actions that take no number, whose "at <number>" can only be a time.
_NO_NUMBER = frozenset({"turn_on", "turn_off", "toggle", "open", "close", "lock", "unlock", "media_pause",
                        "media_resume", "media_next", "media_previous", "vacuum_start", "vacuum_return_to_base"})


def nothing_is_done_later(text: str, action: str, actions: Sequence[str] = ()) -> None:
    """A command said for later ("turn off the lights in ten minutes", "open the blinds in the morning", "put the
    heating on at 6:30 pm"; "at six" too where no action of the sentence takes a number: "turn the heating on at
    six", not "close the blind and put it at forty") is refused, never done now: homeslm schedules nothing yet (a
    timer is its own command, and a time said with one is the timer's). A question reads. ``text``: the whole
    sentence as normalised (numbers as digits) or with placeholders (``<numN>``); ``actions``: every action read
    from it (``action`` alone when not given)."""
    actions = actions or (action,)
    if any(_timer(a) for a in actions):
        return  # "alert me in 48 minutes": the time is the timer's
    numberless = all(a in _NO_NUMBER for a in actions)
    if _acts(action) and (_LATER.search(text) or (numberless and _AT_A_NUMBER.search(text))):
        raise Refusal(RefusalKind.UNSUPPORTED, "Sorry, I can't do things later yet. Say it when you want it done.")


def a_time_of_day_sets_nothing(text: str, number: str) -> None:
    """A number said as a time of day ("it's only seven o'clock", "7 pm") is no level, temperature or position: a
    reading that sets one from it is refused ("it's only seven o'clock and i'm ready for bed" set the heating to 7
    degrees). ``number``: the placeholder the value was read from (``<num1>``); ``text``: the sentence with them."""
    if re.search(rf"{re.escape(number)}(?: <num\d+>)? (?:oclock|am|pm)(?!\w)", text):
        raise Refusal(RefusalKind.NOT_UNDERSTOOD, "Sorry, that sounded like a time, not a setting.")


#: A place said after "in" that the home's names do not cover ("turn off the lights in the attic", "the lamp on in
#: bens room"), right after what the command acts on or its particle: not "i'm in the bath, lights on", not "on" or
#: "at" ("turn on the light", "at the back"), not "in my eyes" (the sentence as normalised: no apostrophes).
_PLACE_SAID = re.compile(
    r"(?:<[a-z_]+\d+>|\b(?:lights?|lamps?|lighting|blinds?|curtains?|shades?|heating|heaters?|radiators?|fans?|"
    r"everything|tv|telly|music|speakers?|on|off|up|down|open|closed|shut)) (?:in|inside) "
    r"((the|my|our|(?!(?:its|this|as|is|us|his|has|was)\b)[a-z]{2,}s) ([a-z]+)( rooms?)?)\b")
#: Words after "in the" that name no room: the whole home, a time, a manner ("in the dark", "in the corner").
_NO_ROOM = frozenset({"house", "home", "flat", "apartment", "place", "cottage", "bungalow", "building", "whole", "entire",
                      "morning", "afternoon", "evening", "night", "day", "week", "meantime", "mean", "middle", "end",
                      "way", "dark", "mood",
                      "background", "same", "other", "first", "next", "last", "moment", "bit", "while", "rest", "lot",
                      "hour", "minute", "right", "left", "top", "bottom", "front", "back", "side", "corner", "room"})


#: A floor said that the home's names do not cover ("turn everything off upstairs" where the floors are "the street
#: floor" and "the bedroom floor"); not "this floor" (the microphone's), not "on the floor" (a thing's place).
_FLOOR_SAID = re.compile(
    r"\b(?:upstairs|downstairs|(?:on|across) the (?!this\b|my\b|our\b|that\b)[a-z]+ (?:floor|storey|level))\b")


def a_place_the_home_lacks(text: str, action: str, where: str = "") -> None:
    """A command naming a place the home does not have ("turn off the lights in the attic", "the lamp in the den",
    "the lights in the kids room" where the room is "finn's room", "everything off upstairs" in a home with no floor
    of that name) is refused by the place, never done in the microphone's room instead, nor on a device elsewhere
    ("turn the fan off in the bedroom" of the one fan, in the shower room). ``text``: the sentence with placeholders; a place the lexicon knows is one (``<area1>``), and so
    are the words that name no room (the whole home, a time, a side). ``where``: the room of the one device the
    command names, when it has one: a place said with a word of it is that room ("the lamp in the bedroom" of the
    main bedroom's)."""
    if not _acts(action):
        return
    floor = _FLOOR_SAID.search(text)
    if floor:  # the whole home read for it turned off every light of a home whose floors have other names
        raise Refusal(RefusalKind.NO_DEVICES, f"Sorry, I don't know a floor called {floor.group(0).split(' the ')[-1]}.")
    for m in _PLACE_SAID.finditer(text):
        said, owner, word, room = m.groups()
        own_room = bool(set(said.split()) & (set(where.split()) - {"the", "room"}))  # a word of the device's room
        no_room = owner in ("the", "my", "our") and not room and word in _NO_ROOM  # "in the dark", "in my eyes"
        my_room = owner in ("my", "our") and bool(room)  # "in my room": the microphone's
        if not (own_room or no_room or my_room):  # "the attic", "the front room", "bens room", "my study"
            raise Refusal(RefusalKind.NO_DEVICES, f"Sorry, I don't know a room called {said}.")


def _timer(action: str) -> bool:
    built_in = BY_NAME.get(action)
    return built_in is not None and built_in.timer


def _acts(action: str) -> bool:
    return changes(action) and not _timer(action)


def plural_name_is_each(names: Iterable[str], said: str) -> bool:
    """"Turn the radiators off upstairs", "the ceiling lights in the annex": a device name (or an alias of it:
    ``names``) said in the plural (``said``, the words the name replaced) with a place is each device of that
    name there, as "all the radiators upstairs" is (the resolver takes every one there that can do the action
    when there are several; one there is that one). The singular, and the plural with no place said, stay with
    :func:`shared_name` (the microphone's room, or asked back): a scope wider than the one said is the dangerous
    error."""
    said, known = " ".join(said.split()), set(names)
    return said not in known and singular(said) in known


# -- where a command that says no place acts (the resolver) ------------------------------------------

_HERE = re.compile(r"\b(?:here|this room|my room)\b")  # the microphone's room, read as no place said
_THIS_FLOOR = re.compile(r"\b(?:this|my) (?:floor|level|storey|story)\b")


def asks_the_whole_home(one: bool, quantifier: str | None, base: str, text: str) -> bool:
    """Whether a question over a group with no place said asks the whole home, not the microphone's room
    (docs/DESIGN.md section 3): a binary-sensor class ("is there a leak", "which windows are open") or any group with
    a quantifier ("which lights are on"); never one thing (``one``: "is the window shut"), the room said as here ("is
    the floor wet in here", "which lights are on in my room") or its floor ("on this floor"), nor "are the lights
    on". ``text``: the sentence."""
    return (not one and (quantifier is not None or base == "binary_sensor") and not _HERE.search(text)
            and not says_this_floor(text))


def says_this_floor(text: str) -> bool:
    """Whether a command with no place said names the microphone's floor ("turn off the lights on this floor")."""
    return bool(_THIS_FLOOR.search(text))
