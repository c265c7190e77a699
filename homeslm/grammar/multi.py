"""How people say several commands in one breath: the phrasing tables of the multi-command composer.

:meth:`homeslm.grammar.data.Generator._draw_multi` picks a construction from :data:`CONSTRUCTIONS`
and fills these tables. The label is always one intent per device or group, in spoken order, exactly
as the single commands are labelled: "turn off the lamp and the fan" is ``turn_off <light1> ;
turn_off <fan1>``; "turn on the lamp and set it to 50 percent" names the lamp in both intents (a
pronoun inside one utterance refers to the earlier command of the same sentence, never to the
previous utterance); "set the kitchen to 20 and the bedroom to 18 degrees" gives each area its value.

Slots: ``{t}`` a target (or a list of targets), ``{v}`` a value, ``{p}`` a pronoun ("it"/"them"),
``{w}`` a location, ``{a}``/``{b}``/``{c}`` whole commands. Same template language as
:mod:`homeslm.grammar.phrases`. Keep the sentences of shared/eval and tests/data out of here.
"""

from __future__ import annotations

#: Construction -> weight within the multi-command share.
CONSTRUCTIONS: dict[str, float] = {
    "concat": 3.0,       # independent commands and a joiner ("lock the door and then turn off the tv")
    "shared_verb": 3.0,  # one verb, several targets ("turn off the lamp, the fan and the tv")
    "areas": 0.8,        # one group, several rooms ("turn off the lights in the kitchen and the hall")
    "shared_loc": 1.2,   # one location, several commands ("turn off the lights and close the blinds in the kitchen")
    "pronoun": 1.5,      # a second command on the first one's target ("turn on the lamp and set it to 50 percent")
    "values": 1.3,       # one verb, a value per target ("set the kitchen to 20 and the bedroom to 18 degrees")
    "timers": 0.25,      # two new timers ("set one timer for eight minutes and another for twelve")
}

#: Two new timers in one breath: ``{a}``, ``{b}`` the durations (the second's unit may go unsaid when both share it).
TWO_TIMERS = [
    "set one timer for {a} and another for {b}", "set a timer for {a} and another one for {b}",
    "start two timers, one for {a} and one for {b}", "i need two timers, {a} and {b}", "timers for {a} and {b} please",
    "set a timer for {a} and a second one for {b}", "can you set two timers for {a} and {b}",
    "start a timer for {a} and one for {b}", "one timer for {a}, another for {b}",
]

# -- joining whole commands ------------------------------------------------------------------------
#: Two commands: ``{a}`` then ``{b}``.
JOIN2 = [
    "{a} and {b}", "{a} and {b}", "{a} and {b}", "{a}, and {b}", "{a} and then {b}", "{a}, then {b}", "{a} then {b}",
    "{a}, {b}", "{a}. {b}", "{a}; {b}", "{a} also {b}", "{a} and also {b}", "{a}, also {b}", "{a} plus {b}",
    "{a}. after that {b}", "{a} and after that {b}", "{a}, after that, {b}", "first {a}, then {b}",
    "first {a} and then {b}", "(first|firstly) {a}. (then|next) {b}", "{a}. oh and {b}", "{a}, oh and {b}",
    "{a} oh and also {b}", "{a} and (once|when) (that is|that's|you are) done {b}", "{a}. and {b}", "{a} {b}",
    "{a}, and (could|can) you [also ]{b}", "{a} and while you are at it {b}", "{a}. (also|and also), {b}",
    "{a} and next {b}", "{a}, next {b}", "{a} and (afterwards|later) {b}", "{a} and {b} (as well|too)",
    "{a}, and {b} as well", "{a}, and also {b} please", "{a} and (please|kindly) {b}", "{a} and {b} (after that|afterwards)",
]
#: Three commands.
JOIN3 = [
    "{a}, {b} and {c}", "{a}, {b}, and {c}", "{a} and {b} and {c}", "{a}, then {b}, then {c}",
    "first {a}, then {b}, and (finally|then|lastly) {c}", "{a}, {b}, {c}", "{a} and {b}, then {c}",
    "{a}. {b}. {c}", "{a}; {b}; {c}", "{a} then {b} then {c}", "{a}, {b}, oh and {c}", "{a} and then {b} and then {c}",
    "{a}, also {b} and {c}",
]

# -- lists of targets under one verb -------------------------------------------------------------------
#: Two targets (``{x}``, ``{y}``) under one verb.
LIST2 = [
    "{x} and {y}", "{x} and {y}", "{x} and {y}", "{x}, {y}", "{x} and also {y}", "both {x} and {y}", "{x} as well as {y}",
    "{x} plus {y}", "{x} and then {y}", "{x}, and {y}", "{x} along with {y}",
]
LIST3 = [
    "{x}, {y} and {z}", "{x}, {y}, and {z}", "{x} and {y} and {z}", "{x}, {y}, {z}", "{x}, {y} and also {z}",
    "{x}, {y} and then {z}",
]
#: Lists that end the sentence may close with "too", "as well", "both".
LIST2_END = ["{x} and {y} (too|as well)", "{x} and {y} both", "{x}, and {y} too", "{x} and {y} at the same time"]
LIST3_END = ["{x}, {y} and {z} (too|as well)", "{x}, {y} and {z}, all of them"]

#: One verb over a list ``{t}``, by action; ``{v}`` is the shared value.
SHARED_VERB: dict[str, list[str]] = {
    "turn_on": [
        "(turn|switch) on {t}", "(turn|switch) on {t}", "(turn|switch) {t} on", "put on {t}", "{t} on", "power up {t}",
        "(i want|i need|i would like) {t} on", "(can|could) you turn on {t}", "get {t} on", "start {t}", "fire up {t}",
        "(turn|switch) on {t} (please|now)", "(flick|flip) on {t}", "activate {t}",
    ],
    "turn_off": [
        "(turn|switch) off {t}", "(turn|switch) off {t}", "(turn|switch) {t} off", "(shut|power) off {t}", "{t} off",
        "kill {t}", "shut down {t}", "(can|could) you turn off {t}", "(i want|i need) {t} off", "(cut|stop) {t}",
        "(turn|switch) off {t} (please|now)", "(switch|turn) {t} off (please|now)", "deactivate {t}",
    ],
    "toggle": ["toggle {t}", "flip {t}", "toggle {t} (please|now)"],
    "open": ["open {t}", "open up {t}", "open {t} (please|now)", "(pull|draw) (back|open) {t}", "(can|could) you open {t}"],
    "close": ["close {t}", "shut {t}", "close {t} (please|now)", "(pull|draw) {t} (closed|shut)", "(can|could) you close {t}"],
    "lock": ["lock {t}", "lock {t}", "lock up {t}", "(secure|bolt) {t}", "(can|could) you lock {t}", "make sure {t} are locked"],
    "unlock": ["unlock {t}", "unlock {t} (please|now)", "(can|could) you unlock {t}", "unbolt {t}"],
    "media_pause": ["pause {t}", "pause {t} (please|now)", "put {t} on pause"],
    "media_resume": ["resume {t}", "unpause {t}", "(continue|resume) playing on {t}"],
    "set_brightness": ["(set|dim|put|turn) {t} to {v}", "{t} to {v}", "(set|put) {t} at {v}", "(bring|change) {t} to {v}",
                       "(set|make) the brightness of {t} {v}"],
    "set_color": ["(make|turn) {t} {v}", "(set|change) {t} to {v}", "{t} (in|to) {v}", "(colour|color) {t} {v}"],
    "set_position": ["(set|open|put) {t} to {v}", "{t} to {v}", "(move|lower|raise) {t} to {v}"],
    "set_volume": ["set the volume (on|of) {t} to {v}", "(set|turn) {t} to {v} volume", "volume (on|of) {t} to {v}"],
    "set_temperature": ["(set|put|turn) {t} to {v}", "(heat|warm) {t} to {v}", "{t} to {v}", "(make|set) {t} {v}"],
    "increase_brightness": ["(make|turn) {t} brighter", "brighten {t}", "turn up {t}", "(turn|bring) {t} up"],
    "decrease_brightness": ["dim {t}", "(make|turn) {t} dimmer", "turn down {t}", "(turn|bring) {t} down"],
}
#: One verb, a value per target: ``{pairs}`` is a list of "target value", ``{pairs_to}`` of "target to value".
VALUE_VERB: dict[str, list[str]] = {
    "set_brightness": ["(set|put|dim|turn) {pairs_to}", "{pairs_to}", "(set|change) the brightness of {pairs_to}",
                       "(can|could) you set {pairs_to}"],
    "set_color": ["(make|turn) {pairs}", "(set|change) {pairs_to}", "{pairs_to}", "{pairs}"],
    "set_position": ["(set|put|move) {pairs_to}", "{pairs_to}"],
    "set_volume": ["set the volume (on|of) {pairs_to}", "(set|turn) {pairs_to}"],
    "set_temperature": ["(set|put|turn) {pairs_to}", "{pairs_to}", "(set|change) the (temperature|heating) (in|of) {pairs_to}"],
}
#: How one pair reads.
PAIR: dict[str, list[str]] = {
    "pairs": ["{t} {v}"],
    "pairs_to": ["{t} to {v}", "{t} to {v}", "{t} at {v}"],
}

#: One group over several rooms: ``{pl}`` the class word, ``{areas}`` the rooms as a list ("the kitchen and the hall"),
#: ``{names}`` the rooms as bare words ("kitchen and hall"), ``{names2}`` two rooms ("the kitchen and the hall").
AREA_GROUP = [
    "{pl} in {areas}", "the {pl} in {areas}", "all the {pl} in {areas}", "the {names} {pl}", "{names} {pl}",
    "the {pl} in both {names2}", "the {pl} in the {names}",
]
#: Two rooms only, each said on its own (``{a1}``, ``{a2}``).
AREA_GROUP2 = [
    "the {a1} {pl} and the {a2} ones", "the {pl} in the {a1} and in the {a2}", "the {pl} in the {a1} and the ones in the {a2}",
    "the {a1} {pl} and the {a2} {pl}", "the {pl} in the {a1} and the {pl} in the {a2}", "{a1} {pl} and {a2} {pl}",
    "the {pl} in the {a1} and [also ]in the {a2}",
]
#: Two rooms, the second with the class word left out; only where the list ends the sentence.
AREA_GROUP2_END = [
    "the {a1} {pl} and the {a2} (too|as well)", "the {pl} in the {a1} and the {a2} (too|as well)",
    "the {a1} {pl}, and in the {a2} too", "the {pl} in the {a1}, and the {a2} (too|as well)",
]

# -- one location over several commands -------------------------------------------------------------------
#: ``{a}`` ``{b}`` are commands on groups with no location of their own; ``{w}`` the shared location.
SHARED_LOC = [
    "{a} and {b} {w}", "{a} and {b} {w}", "{a} and then {b} {w}", "{w} {a} and {b}", "{w}, {a} and {b}",
    "{w} (please|can you) {a} and {b}", "{a}, {b} {w}", "{w}: {a}, then {b}",
]
#: Commands on a group with no location, by action: ``{t}`` is the class phrase ("the lights").
GROUP_VERB: dict[str, list[str]] = {
    "turn_on": ["(turn|switch) on {t}", "(turn|switch) {t} on", "put {t} on", "{t} on"],
    "turn_off": ["(turn|switch) off {t}", "(turn|switch) {t} off", "kill {t}", "{t} off", "shut off {t}"],
    "open": ["open {t}", "open up {t}", "(pull|draw) back {t}"],
    "close": ["close {t}", "shut {t}"],
    "lock": ["lock {t}", "lock up {t}"],
    "set_brightness": ["(dim|set) {t} to {v}", "{t} to {v}"],
    "set_color": ["(make|turn) {t} {v}"],
    "set_temperature": ["(set|turn) {t} to {v}"],
    "set_position": ["(set|put) {t} to {v}"],
    "media_pause": ["pause {t}"],
}
#: Which (action, domain) commands combine under one location (domain class words from phrases.CLASS_WORDS).
LOC_ACTIONS: list[tuple[str, str]] = [
    ("turn_off", "light"), ("turn_on", "light"), ("close", "cover"), ("open", "cover"), ("turn_off", "media_player"),
    ("turn_on", "fan"), ("turn_off", "fan"), ("set_brightness", "light"), ("set_color", "light"),
    ("set_temperature", "climate"), ("turn_on", "climate"), ("turn_off", "switch"), ("set_position", "cover"),
    ("media_pause", "media_player"), ("turn_on", "media_player"),
]

# -- a pronoun back to the first command's target ---------------------------------------------------
#: (first action, second action, templates of the second command). ``{p}`` is "it" or "them".
PRONOUN: list[tuple[str, str, list[str]]] = [
    ("turn_on", "set_brightness", ["set {p} to {v}", "(dim|put) {p} (to|at) {v}", "make {p} {v}", "(set|put) {p} at {v}"]),
    ("turn_on", "set_color", ["make {p} {v}", "(set|change|turn) {p} to {v}", "turn {p} {v}"]),
    ("turn_on", "set_color_temp", ["set {p} to {v}", "make {p} {v}"]),
    ("turn_on", "increase_brightness", ["make {p} brighter", "turn {p} up", "brighten {p} up"]),
    ("turn_on", "decrease_brightness", ["dim {p}", "make {p} [(a bit|a little) ]dimmer", "turn {p} down (a bit|a little)"]),
    ("turn_on", "set_volume", ["set {p} to {v}", "(turn|put) the volume [(up|down) ]to {v}", "set the volume to {v}"]),
    ("turn_off", "turn_on", ["(turn|switch) {p} [back ]on[ again]", "(turn|switch) {p} back on", "[then ]on again"]),
    ("open", "close", ["close {p} again", "(shut|close) {p}[ again]", "then close {p}"]),
    ("close", "open", ["open {p} again", "open {p} [back ]up again", "then open {p}"]),
    ("close", "set_position", ["(open|set) {p} to {v}", "put {p} at {v}"]),
    ("open", "set_position", ["(lower|set) {p} to {v}", "put {p} at {v}"]),
    ("unlock", "lock", ["lock {p} again", "lock {p} (after|when) (i am|we are) (in|through)", "[then ]lock {p} again"]),
    ("set_brightness", "set_color", ["make {p} {v}", "(turn|change) {p} {v}"]),
    ("set_color", "set_brightness", ["set {p} to {v}", "(dim|put) {p} (to|at) {v}"]),
    ("turn_on", "media_pause", ["pause {p}", "[then ]pause {p}"]),
]
#: Joiners between the two halves of a pronoun construction.
PRONOUN_JOIN = [" and ", " and ", " and then ", ", then ", " then ", ", and ", " and also ", ". then ", " and after that "]
