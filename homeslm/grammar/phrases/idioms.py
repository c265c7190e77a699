"""Idioms that carry their own value (``FIXED_VALUES``): "half way", "max volume", "mute", and states
asked with the verb that makes them ("did i lock the back door")."""

from __future__ import annotations

#: Idioms that carry their own value: action -> kind -> (value, template). "half way" is position 50,
#: "all the way up" and "full brightness" 100 %, "max volume" and "full volume" 100 %, "half volume"
#: 50 %, "mute" volume 0 %, and "the lowest setting" of a light brightness 1 % (the dimmest a light
#: goes while still on: 0 would be off, and 10 is no one's lowest). The label carries the value as
#: the placeholder of the number the normaliser made of the idiom ("half way" -> "50 percent" ->
#: ``<num1>``, what the model reads at run time), else as a literal number ("max volume" -> ``100``).
#: For ``get_state`` the value is the state in the label ("is the heating running" -> ``on``).
#: Kinds: ``any`` a target ``{t}`` (device or group), ``grp.<type>`` a group and a location ``{w}``,
#: ``none`` no target. No ``{v}`` slot: the template itself says the value.
FIXED_VALUES: dict[str, dict[str, list[tuple[float | str, str]]]] = {
    "decrease_brightness": {
        "any": [(25, "(dim|lower|turn down|bring down) {t} by a quarter"), (50, "(dim|lower|turn down) {t} by half"),
                (50, "halve the brightness (of|on) {t}"), (25, "take a quarter off the brightness (of|on) {t}")],
    },
    "increase_brightness": {
        "any": [(25, "(brighten|raise|turn up|bring up) {t} by a quarter"), (50, "(brighten|turn up) {t} by half")],
    },
    "set_position": {
        "any": [
            (50, "(open|raise|lower|close|put|set|move|bring) {t} (half way|halfway)"), (50, "{t} (half way|halfway) [(up|down|open)]"),
            (50, "(set|put|move|open|close) {t} to (half way|halfway)"), (50, "(i want|i would like) {t} (half way|halfway) (open|up)"),
            (50, "(can|could) you (open|close|put) {t} (half way|halfway)"), (50, "(open|close|lower|raise) {t} only (half way|halfway)"),
            (25, "(open|raise|lift|put) {t} a quarter [of the way] [(up|open)]"), (25, "{t} a quarter (open|of the way up|up)"),
            (100, "(raise|lift|roll|pull|bring|put) {t} all the way up"), (100, "open {t} all the way (up|open)"),
            (100, "{t} all the way (up|open)"), (100, "(set|move) {t} all the way (up|open)"),
        ],
    },
    "set_brightness": {
        "any": [
            (100, "(set|put|turn) {t} (to|on|at) full brightness"), (100, "full brightness (on|for) {t}"),
            (100, "{t} (to|at|on) full brightness"), (100, "{t} full brightness [please]"),
            (100, "(make|turn|set) {t} as bright as (it|they) (goes|go|can go|will go)"),
            (100, "{t} as bright as (it|they) (goes|go|can go|can be)"), (100, "(set|put|turn) {t} (to|on) (max|maximum) [brightness]"),
            (100, "(max|maximum) brightness (on|for) {t}"), (100, "{t} (to|at|on) (max|maximum) brightness"),
            (100, "(turn|bring|put) {t} all the way up"), (100, "brighten {t} (all the way|fully|to the max)"),
            (50, "(set|put|turn|dim) {t} to half brightness"), (50, "{t} (at|to|on) half brightness"), (50, "half brightness (on|for) {t}"),
            (25, "(set|put|turn|dim) {t} to (a quarter|quarter) brightness"), (25, "{t} (at|to|on) (a quarter|quarter) brightness"),
            (1, "(set|put|turn|dim) {t} to the lowest (setting|level|brightness)"), (1, "{t} (on|to|at) the lowest (setting|level)"),
            (1, "(dim|turn) {t} (right|all the way) down to the lowest (setting|level)"),
            (1, "(make|set) {t} as dim as (it|they) (goes|go|can go|will go)"), (1, "(min|minimum) brightness (on|for) {t}"),
            (1, "(set|put|dim) {t} to (min|minimum) brightness"), (1, "{t} (to|on|at) the dimmest (setting|level)"),
        ],
        "grp.light": [
            (100, "full brightness {w} [please]"), (100, "(lights|lighting) {w} (to|at|on) full brightness"),
            (100, "(max|maximum) brightness {w}"), (100, "(turn|put) the lights (up to|to|on) full brightness {w}"),
            (100, "(make|get) it as bright as (possible|it goes|it can be) {w}"),
            (50, "half brightness {w} [please]"), (50, "(set|put|dim) the lights to half brightness {w}"),
            (1, "(set|put|dim) the lights to the lowest setting {w}"), (1, "lights {w} (on|to) the lowest setting"),
            (1, "(min|minimum) brightness {w}"), (1, "(make|get) it as dim as (possible|it goes) {w}"),
        ],
    },
    "set_volume": {
        "any": [
            (100, "(max|maximum|full) volume (on|for) {t}"), (100, "(turn|crank|put|set) {t} [up ]to (max|maximum|full) volume"),
            (100, "{t} (to|at|on) (max|maximum|full) volume"), (100, "(crank|turn|pump) {t} up to the max"),
            (100, "(make|turn|set) {t} as loud as (it goes|it can go|possible)"), (100, "(turn|crank) {t} all the way up"),
            (50, "half volume (on|for) {t}"), (50, "(set|put|turn) {t} (to|at|on) half volume"), (50, "{t} (at|to|on) half volume"),
            (0, "mute {t}"), (0, "(put|set) {t} on mute"), (0, "{t} on mute [please]"), (0, "silence {t}"), (0, "{t} mute"),
            (0, "(can|could) you mute {t}"), (0, "turn {t} (down to zero|all the way down)"),
            (0, "(set|turn) the volume (on|of) {t} to (zero|nothing)"), (0, "mute the sound on {t}"),
        ],
        "none": [
            (100, "(max|maximum|full) volume [please]"), (100, "(turn|crank|put|pump) (it|the volume|the music|the sound) up to (max|the max|maximum|full)"),
            (100, "(set|put) the volume to (max|maximum|full)"), (100, "as loud as it goes"), (100, "(turn|crank) it all the way up"),
            (50, "half volume [please]"), (50, "(set|put) the volume to half"), (50, "volume (to|at) half"),
            (0, "mute"), (0, "mute (it|the sound|the music|the speakers|the telly)"), (0, "(turn|set) the volume (to|down to) (zero|nothing)"),
            (0, "mute please"), (0, "(put|set) it on mute"), (0, "sound off"),
        ],
    },
    "get_state": {
        "grp.climate": [
            ("on", "is the (heating|heat|air con|ac|air conditioning) (running|going|blasting) {w}"),
            ("on", "(did|have) (i|we) (leave|left) the (heating|air con|ac) running {w}"),
            ("on", "is the (heating|air con|ac) still (running|going) {w}"),
        ],
    },
}

# States asked with the verb that makes them ("did i lock the back door" -> ``locked``): per device type,
# read by the single-command drawer like the idioms above.
FIXED_VALUES["get_state"].update({
    "dev.lock": [
        ("locked", "did (i|we|you|someone|anyone) (lock|bolt) {t}"), ("locked", "did (i|we) remember to lock {t}"),
        ("locked", "(have|has) (i|we|you|someone) locked {t}"), ("unlocked", "did (i|we|you|someone) (forget to lock|unlock) {t}"),
        ("locked", "(is|was) {t} (bolted|locked up)"), ("locked", "check (that|if) (i|we) locked {t}"),
    ],
    "dev.cover": [
        ("closed", "is {t} (down|lowered|drawn|shut)"), ("open", "is {t} (up|raised|rolled up)"),
        ("closed", "did (i|we|you|someone) (close|shut|lower|draw) {t}"), ("open", "did (i|we|you|someone) (open|raise) {t}"),
        ("closed", "(are|is) {t} down (at the moment|right now|yet)"), ("open", "(are|is) {t} still up"),
    ],
    "dev.binary_sensor": [
        ("closed", "did (i|we|you|someone) (close|shut) {t}"), ("open", "did (someone|anyone|you|i) (open|leave open) {t}"),
        ("open", "(has|have) (someone|anyone|you|i) opened {t}"), ("closed", "(check|see) (that|if) {t} (is|has been) shut"),
        ("closed", "is {t} shut"), ("open", "is {t} (ajar|wide open)"),
    ],
    "dev.light": [
        ("off", "did (i|we|you|someone) (turn|switch) off {t}"), ("off", "did (i|we|you|someone) (turn|switch) {t} off"),
        ("on", "did (i|we|you|someone) (turn|switch|leave) {t} on"), ("on", "is {t} (lit|still lit|shining)"),
    ],
    "dev.switch": [
        ("off", "did (i|we|you|someone) (turn|switch) off {t}"), ("off", "did (i|we|you) (turn|switch) {t} off"),
        ("on", "is {t} (running|going|powered|live)"), ("on", "is {t} still (running|going)"),
    ],
    "dev.fan": [
        ("on", "is {t} (running|going|spinning|blowing)"), ("off", "did (i|we|you) (turn|switch) off {t}"),
        ("on", "is {t} still (running|going)"),
    ],
    "dev.media_player": [
        ("off", "did (i|we|you|someone) (turn|switch) off {t}"), ("on", "is {t} (still on|going|running)"),
        ("on", "(is|has) (someone|anyone) (using|watching|listening to) {t}"),
    ],
    "dev.valve": [
        ("open", "is {t} (on|running|going)"), ("closed", "is {t} off"), ("open", "is {t} still (on|running|watering)"),
        ("closed", "did (i|we|you|someone) (turn|switch|shut) off {t}"), ("open", "did (i|we|you|someone) (leave|turn) {t} on"),
    ],
})
