"""How people phrase home commands: the hand-written grammar, as data.

Slots: ``{t}`` the target (a device, a group such as "the kitchen lights", or a singular class
reference such as "the bedroom lamp"), ``{v}`` the value (rendered to suit the action: "40 percent",
"twenty one degrees", "purple", "five minutes"), ``{w}`` a location phrase for commands whose target
is implicit ("it's too dark {w}"), ``{n}`` a timer name.

``PHRASES[action][kind]`` lists templates; ``kind`` is ``dev`` (a named device), ``grp`` (a group),
``one`` (singular class reference), ``any`` (either), ``none`` (no target), or a domain-specific key
``dev.light`` / ``grp.media_player`` that adds templates for that device type only, or ``house.lock``
(the whole house with no location spoken: "lock the house"). Idioms that say their own value ("half
way", "max volume", "mute") are in :data:`FIXED_VALUES`, each with its value.
Keep the sentences of shared/eval and tests/data out of here: those sets measure generalisation.

The grammar is assembled here from its parts: :mod:`~.wrappers` (what goes around a command),
:mod:`~.slots` (words that fill the slots), :mod:`~.commands` (the plain templates per action),
:mod:`~.indirect_lights` and :mod:`~.indirect_devices` (the second, broader wave), :mod:`~.idioms`
(templates that say their own value), :mod:`~.followups`, :mod:`~.out_of_domain`; the words for a
kind of device are shared with the runtime in :mod:`homeslm.understanding.vocab`.
"""

from __future__ import annotations

from homeslm.understanding.vocab import CLASS_WORDS, MASS_NOUNS
from homeslm.grammar.phrases.commands import EVERYTHING, EXTRA, PLAIN, READINGS
from homeslm.grammar.phrases.followups import FOLLOWUP_IT, FOLLOWUP_SAME
from homeslm.grammar.phrases.idioms import FIXED_VALUES
from homeslm.grammar.phrases.indirect_devices import INDIRECT_DEVICES
from homeslm.grammar.phrases.indirect_lights import INDIRECT_LIGHTS
from homeslm.grammar.phrases.out_of_domain import (OUT_OF_DOMAIN, UNKNOWN_DEVICES, UNKNOWN_PLACES, UNKNOWN_QUALIFIERS,
                                                    UNKNOWN_TEMPLATES)
from homeslm.grammar.phrases.slots import AREA, COLORS, FLOOR, HERE, HOUSE, HOUSE_ASKED, STATES, TIMER_NAMES
from homeslm.grammar.phrases.wrappers import (AFTERTHOUGHTS, ATTENTION_PREFIXES, FILLERS, JOINERS, NON_REQUEST_OPENERS,
                                               PREFIXES, REMARKS, SUFFIXES)

__all__ = ["AFTERTHOUGHTS", "AREA", "ATTENTION_PREFIXES", "CLASS_WORDS", "COLORS", "EVERYTHING", "FILLERS", "FIXED_VALUES",
           "FLOOR", "FOLLOWUP_IT", "FOLLOWUP_SAME", "HERE", "HOUSE", "HOUSE_ASKED", "JOINERS", "MASS_NOUNS", "NON_REQUEST_OPENERS",
           "OUT_OF_DOMAIN", "PHRASES", "PREFIXES", "READINGS", "REMARKS", "STATES", "SUFFIXES", "TIMER_NAMES",
           "UNKNOWN_DEVICES", "UNKNOWN_PLACES", "UNKNOWN_QUALIFIERS", "UNKNOWN_TEMPLATES"]

#: Every template: ``PHRASES[action][kind]``, the plain ones, then the second wave, then the later
#: additions, in this order (the order is part of the grammar: a seed draws the same sentences).
PHRASES: dict[str, dict[str, list[str]]] = {action: {kind: list(templates) for kind, templates in kinds.items()}
                                            for action, kinds in PLAIN.items()}
for _part in (INDIRECT_LIGHTS, INDIRECT_DEVICES):
    for _action, _kinds in _part.items():
        for _kind, _templates in _kinds.items():
            PHRASES[_action].setdefault(_kind, []).extend(_templates)
del _part, _action, _kinds, _kind, _templates

# "one" as a pronoun stays a word in the normaliser ("the next one"), so these are whole commands now
PHRASES["media_next"]["none"] += ["[(skip to|go to|play)] the next one [please]", "next one [please]", "skip this one",
                                  "(i do not|don't) like this one skip it"]
PHRASES["media_next"]["any"] += ["(play|skip to) the next one on {t}", "next one on {t}"]
PHRASES["media_previous"]["none"] += ["[(go back to|play)] the (previous|last) one [again]", "(previous|last) one [please]",
                                      "go back one", "the one before [please]"]
PHRASES["media_previous"]["any"] += ["(play|go back to) the previous one on {t}"]

# "is the heating on": climate states, asked of the heating or the air conditioning as a whole (no class word to count)
PHRASES["get_state"]["grp.climate"] = [
    "is the (heating|heat) {v} {w}", "is the (air con|ac|air conditioning|aircon) {v} {w}", "is the heating still {v} {w}",
    "(did|have) (i|we|you) (leave|left) the (heating|air con|ac) {v} {w}", "(check|tell me) (if|whether) the heating is {v} {w}",
    "(do you know|can you tell me) if the (heating|air con|ac) is {v} {w}", "(is|are) the radiators {v} {w}",
    "is the (heating|air con|ac) {v} at the moment {w}",
]

for _action, _kinds in EXTRA.items():
    for _kind, _templates in _kinds.items():
        PHRASES.setdefault(_action, {}).setdefault(_kind, []).extend(_templates)
del _action, _kinds, _kind, _templates
