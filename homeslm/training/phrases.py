"""How people phrase home commands: the hand-written grammar, as data.

Slots: ``{t}`` the target (a device, a group such as "the kitchen lights", or a singular class
reference such as "the bedroom lamp"), ``{v}`` the value (rendered to suit the action: "40 percent",
"twenty one degrees", "purple", "five minutes"), ``{w}`` a location phrase for commands whose target
is implicit ("it's too dark {w}"), ``{n}`` a timer name.

``PHRASES[action][kind]`` lists templates; ``kind`` is ``dev`` (a named device), ``grp`` (a group),
``one`` (singular class reference), ``any`` (either), ``none`` (no target), or a domain-specific key
``dev.light`` / ``grp.media_player`` that adds templates for that device type only.
Keep the sentences of shared/eval and tests/data out of here: those sets measure generalisation.
"""

from __future__ import annotations

# Polite wrappers and fillers, around any single command.
PREFIXES = [
    "please", "could you", "can you", "could you please", "can you please", "would you", "would you please",
    "would you mind", "will you", "i want you to", "i would like you to", "i need you to", "go ahead and",
    "hey", "ok", "okay", "kindly", "just", "quickly", "hey can you", "ok so", "right", "alright",
    "computer", "hey computer", "ok computer", "um", "uh", "er", "so", "yo", "could you just", "now",
    "i would like to", "let us", "mind", "be a dear and", "do me a favour and", "can i get you to",
]
SUFFIXES = [
    "please", "thanks", "thank you", "for me", "now", "right now", "if you can", "cheers", "please thanks",
    "for me please", "asap", "when you can", "straight away", "if you would", "will you", "ta",
]
FILLERS = ["um", "uh", "er", "erm", "like", "you know", "hmm", "ah", "uhh", "umm", "so"]

# Joining several commands in one breath.
JOINERS = [" and ", " and then ", " then ", ", ", ", then ", " and also ", " also ", " plus ", " after that ", " and after that "]

# Words for a group of devices of one domain (plural / singular), with the class they imply.
CLASS_WORDS: dict[str, list[tuple[str, str, str | None]]] = {
    # domain: (plural, singular, device_class)
    "light": [("lights", "light", None), ("lamps", "lamp", None), ("bulbs", "bulb", None),
              ("lighting", "lighting", None), ("light", "light", None)],
    "switch": [("plugs", "plug", None), ("sockets", "socket", None), ("switches", "switch", None),
               ("outlets", "outlet", None)],
    "fan": [("fans", "fan", None), ("ceiling fans", "ceiling fan", None)],
    "cover": [("blinds", "blind", "blind"), ("curtains", "curtain", "curtain"), ("shutters", "shutter", "shutter"),
              ("shades", "shade", "shade"), ("garage door", "garage door", "garage"), ("awning", "awning", "awning"),
              ("roller shutters", "roller shutter", "shutter"), ("drapes", "drape", "curtain")],
    "climate": [("heating", "heating", None), ("thermostat", "thermostat", None), ("radiators", "radiator", None),
                ("heaters", "heater", None), ("air conditioning", "air conditioning", None), ("ac", "ac", None)],
    "lock": [("locks", "lock", None), ("doors", "door", None)],
    "media_player": [("tv", "tv", None), ("speakers", "speaker", None), ("music", "music", None),
                     ("television", "television", None)],
    "binary_sensor": [("windows", "window", "window"), ("doors", "door", "door")],
    "vacuum": [("vacuum", "vacuum", None), ("robot vacuum", "robot vacuum", None), ("hoover", "hoover", None),
               ("robot", "robot", None)],
    "valve": [("sprinklers", "sprinkler", None), ("valves", "valve", None), ("water", "water", None)],
}

# Class words that are mass nouns or read the same in the plural: "the heating" is never one device.
MASS_NOUNS = frozenset({"heating", "lighting", "music", "water", "air conditioning", "ac", "light"})

# Location phrases.
HERE = ["", "", "", "in here", "here", "in this room"]
HOUSE = ["everywhere", "in the whole house", "in the house", "throughout the house", "all over the house",
         "in every room", "around the house", "in all rooms", "in the entire house"]
AREA = ["in the {a}", "in the {a}", "in {a}", "in the {a} please", "for the {a}", "in the {a} room"]
FLOOR = ["{f}", "on the {f}", "{f}", "across the {f}", "on {f}"]

STATES = {
    "light": ["on", "off"], "switch": ["on", "off"], "fan": ["on", "off"], "media_player": ["on", "off", "playing"],
    "cover": ["open", "closed"], "lock": ["locked", "unlocked"], "binary_sensor": ["open", "closed"],
    "climate": ["on", "off"], "valve": ["open", "closed"], "vacuum": ["running", "docked"],
}

COLORS = [
    "red", "green", "blue", "yellow", "orange", "purple", "pink", "white", "cyan", "magenta", "violet",
    "lavender", "turquoise", "teal", "gold", "amber", "lime", "indigo", "crimson", "coral", "salmon",
    "peach", "aqua", "navy", "maroon", "olive", "mint", "lilac", "warm white", "cool white",
]

TIMER_NAMES = [
    "pasta", "egg", "eggs", "pizza", "tea", "laundry", "oven", "cake", "bread", "rice", "nap", "homework",
    "workout", "meditation", "chicken", "roast", "cookies", "parking", "steak", "potato", "soup", "study",
    "break", "reading", "bath", "kids", "dog", "coffee", "yoga", "plank", "timeout", "bedtime", "muffins",
]

PHRASES: dict[str, dict[str, list[str]]] = {
    "turn_on": {
        "any": [
            "(turn|switch|put|flick|flip) on {t}", "(turn|switch|put|flick|flip) {t} on", "{t} on",
            "(power|fire) up {t}", "activate {t}", "enable {t}", "start {t}", "start up {t}", "get {t} on",
            "(i want|i need|i would like) {t} on", "on with {t}", "{t} on please", "bring {t} on",
            "can (i|we) have {t} on", "let us have {t} on", "(turn|switch) {t} back on", "boot up {t}",
            "(pop|stick|bang|throw) on {t}", "(pop|stick) {t} on", "{t} on now",
            "(can|could) (you|we) get {t} (going|running|started)", "i (would|would really) like {t} (on|going)",
            "(let us|lets) (have|get) {t} on", "{t} needs switching on", "time to (turn|switch) on {t}",
            "(wake up|start up|fire up|kick on) {t}", "{t} (go|come) on", "could {t} be on", "on goes {t}",
            "(turn|switch) on {t} (now|again)", "{t} needs to be on", "make sure {t} (is|are) on",
            "power on {t}", "(turn|switch) on {t} for me", "(put|switch) {t} on (now|again)", "{t} should be on",
        ],
        "dev.light": ["light up {t}", "illuminate {t}", "lights on {t}"],
        "grp.light": [
            "(it is|it's) (too|really|so|a bit|very) dark {w}", "i can not see (anything|a thing) {w}",
            "(give me|i need|we need) (some|more) light {w}", "light {w} please", "lights {w}",
            "(let there be|let us have some) light {w}", "(turn|switch) the lights on {w}", "lights on {w}",
            "(light|lights) up {w}", "some light {w} please", "can we get some light {w}",
        ],
        "grp.valve": ["start watering {w}", "water the (garden|plants|lawn|beds) {w}", "(turn|switch) on the (sprinklers|irrigation) {w}"],
        "grp.climate": ["(it is|it's|i am) (freezing|cold|chilly) {w}", "(turn|put) the heat[ing] on {w}", "warm (it|things) up {w}"],
        "grp.fan": ["(it is|it's|i am) (so|too|really) (hot|warm|stuffy) {w}", "i need some air {w}"],
        "dev.media_player": ["(put|switch) on {t}", "(turn|switch) {t} on so i can watch"],
        "grp.media_player": ["(put|switch) the (tv|telly|television) on {w}", "(turn|switch) on the telly {w}"],
        "dev.scene": [
            "activate {t}", "(turn|switch) on {t}", "{t} (scene|mode)", "(set|start) [the ]{t} (scene|mode)",
            "(set the mood to|go to|switch to|enable|run|trigger|apply|set) {t}", "(it is|it's) {t} time",
            "(start|begin|launch) {t}", "{t} please", "scene {t}", "{t} mode on", "i want {t}", "let us do {t}",
            "set up {t}", "(activate|enable) the {t} scene",
        ],
        "dev.script": [
            "run {t}", "(start|execute|trigger|launch|do) {t}", "run the {t} script", "(start|begin) the {t} (routine|sequence)",
            "{t} routine", "(run|do) {t} now", "kick off {t}", "go {t}",
        ],
        "dev.valve": ["(turn|switch) on the water (to|for) {t}", "water (on|with) {t}", "start watering with {t}"],
        "dev.fan": ["get {t} going", "get {t} spinning", "crank up {t}"],
    },
    "turn_off": {
        "any": [
            "(turn|switch|put|flick|flip|shut) off {t}", "(turn|switch|shut|flick|flip) {t} off", "{t} off",
            "(power|shut) down {t}", "deactivate {t}", "disable {t}", "kill {t}", "stop {t}", "cut {t}",
            "(i want|i need|i would like) {t} off", "off with {t}", "{t} off please", "get {t} off",
            "(turn|switch) {t} back off", "no more {t}", "(turn|switch) off {t} (now|again)", "{t} needs to be off",
            "make sure {t} (is|are) off", "power off {t}", "(turn|switch) off {t} for me", "{t} should be off",
            "shut {t}", "(i do not|we do not) need {t} (anymore|any more|on)", "knock off {t}", "(pop|stick) {t} off",
            "{t} needs switching off", "time to (turn|switch) off {t}", "(can|could) (you|we) get {t} off",
            "i (am|m) done with {t}", "(we are|i am) finished with {t}", "{t} can go off", "put {t} to sleep",
            "(leave|keep) {t} off", "enough of {t}", "{t} is not needed", "could {t} be off", "cut the power to {t}",
        ],
        "dev.light": ["(kill|douse|extinguish) {t}", "lights off {t}", "(turn|switch) out {t}", "put out {t}"],
        "grp.light": [
            "(it is|it's) (too|really|so|way too) bright {w}", "lights out {w}", "lights off {w}",
            "(kill|douse|cut|get) the lights {w}", "(turn|switch) the lights (off|out) {w}", "darkness {w} please",
            "(i am|we are) going to bed (turn|switch) off the lights {w}", "no lights {w}", "(make it|go) dark {w}",
        ],
        "grp.climate": ["(it is|it's|i am) (too|so|really) (hot|warm|boiling) {w}", "(turn|put) the heat[ing] off {w}"],
        "grp.media_player": ["(turn|switch) off the (telly|tv|television) {w}", "(shut|turn) the music off {w}", "enough tv {w}"],
        "dev.valve": ["(turn|switch) off the water (to|for) {t}", "stop watering with {t}"],
    },
    "toggle": {
        "any": ["toggle {t}", "flip {t}", "switch {t}", "toggle {t} (on or off|please)", "flip the switch on {t}",
                "(change|switch) the state of {t}", "press {t}", "click {t}", "toggle the power on {t}"],
    },
    "set_brightness": {
        "any": [
            "set {t} to {v}", "(dim|brighten|adjust|change|turn|put) {t} to {v}", "{t} (to|at) {v}",
            "set the brightness of {t} to {v}", "(make|have) {t} {v}", "brightness of {t} {v}", "{t} brightness {v}",
            "set {t} brightness to {v}", "(turn|set) {t} (up|down) to {v}", "i want {t} at {v}", "{v} on {t}",
            "(can you|could you) set {t} to {v}", "change the brightness (on|of) {t} to {v}", "bring {t} (up|down) to {v}",
            "put {t} on {v}", "set {t} at {v} brightness", "{t} {v}", "dim {t} down to {v}", "{t} to {v} brightness",
        ],
        "grp.light": ["set the lights {w} to {v}", "(dim|brighten) the lights {w} to {v}", "brightness {v} {w}",
                      "lights {w} (to|at) {v}"],
    },
    "increase_brightness": {
        "any": [
            "brighten {t}", "(turn|bring) up {t}", "(turn|bring) {t} up", "make {t} brighter", "{t} brighter",
            "increase [the ]brightness (of|on) {t}", "raise {t}", "more light from {t}", "{t} up a bit",
            "{t} (is|are) too dark", "make {t} a (bit|little) brighter", "boost {t}", "up {t}", "brighter {t}",
            "increase {t}", "(turn|bring) {t} up a (bit|notch|little)", "{t} could be brighter",
        ],
        "grp.light": ["(brighter|a bit brighter|more light) {w} please", "brighter {w}", "(it is|it's) a (bit|little) dim {w}",
                      "(more|extra) light {w}", "can we have more light {w}", "it needs to be brighter {w}",
                      "too dim {w}", "brighten things up {w}"],
        "by": ["(brighten|turn up|raise) {t} by {v}", "increase [the ]brightness of {t} by {v}", "make {t} {v} brighter",
               "{t} up by {v}", "bump {t} up by {v}"],
    },
    "decrease_brightness": {
        "any": [
            "dim {t}", "(turn|bring) down {t}", "(turn|bring) {t} down", "make {t} dimmer", "{t} dimmer",
            "decrease [the ]brightness (of|on) {t}", "lower {t}", "less light from {t}", "{t} down a bit",
            "{t} (is|are) too bright", "make {t} a (bit|little) darker", "soften {t}", "dim down {t}", "darker {t}",
            "reduce {t}", "(turn|bring) {t} down a (bit|notch|little)", "tone down {t}", "{t} could be dimmer",
        ],
        "grp.light": ["(dimmer|a bit dimmer|less light) {w} please", "dim the lights {w}", "(it is|it's) a (bit|little) bright {w}",
                      "less light {w}", "dimmer {w}", "too bright {w}", "mood lighting {w}",
                      "lower the lights {w}"],
        "by": ["(dim|turn down|lower) {t} by {v}", "decrease [the ]brightness of {t} by {v}", "make {t} {v} dimmer",
               "{t} down by {v}", "drop {t} by {v}"],
    },
    "set_color": {
        "any": [
            "(make|turn|set|change) {t} {v}", "(set|change|switch|turn) {t} to {v}", "{t} (to|in) {v}",
            "(change|set) the colo[u]r of {t} to {v}", "{v} {t}", "i want {t} {v}", "{t} {v} please",
            "(make|paint) {t} glow {v}", "colo[u]r {t} {v}", "{t} colo[u]r {v}", "go {v} on {t}",
            "can (i|we) have {t} in {v}", "give me {v} on {t}", "{v} light (from|on) {t}",
        ],
        "grp.light": ["(make|turn) the lights {w} {v}", "{v} lights {w}", "(set|change) the lights {w} to {v}",
                      "{v} light {w} please", "make it {v} {w}"],
    },
    "set_color_temp": {
        "any": [
            "set {t} to {v}", "(change|make|turn) {t} to {v}", "{t} (to|at) {v}", "set the colo[u]r temperature of {t} to {v}",
            "colo[u]r temperature {v} on {t}", "{t} colo[u]r temperature {v}", "make {t} {v}", "{v} on {t}",
            "set {t} white (balance|temperature) to {v}",
        ],
        "grp.light": ["set the lights {w} to {v}", "colo[u]r temperature {v} {w}", "lights {w} to {v}"],
    },
    "set_temperature": {
        "any": [
            "set {t} to {v}", "(change|turn|put|adjust) {t} to {v}", "{t} (to|at) {v}", "set the temperature (of|on) {t} to {v}",
            "(make|have) {t} {v}", "i want {t} at {v}", "set {t} (temperature|thermostat) to {v}", "{t} {v}",
            "(turn|bring) {t} (up|down) to {v}", "(heat|cool) {t} to {v}", "(can you|could you) set {t} to {v}",
        ],
        "grp.climate": [
            "set the (temperature|heating|thermostat|heat) {w} to {v}", "(make|keep) it {v} {w}", "{v} {w} please",
            "(heat|warm|cool) (it|the room|the house|things) [(up|down)] to {v} {w}", "i want it {v} {w}",
            "(temperature|thermostat) {w} (to|at) {v}", "(turn|put) the heating [(up|down)] to {v} {w}",
            "(set|change) the (temp|temperature) to {v} {w}",
        ],
    },
    "get_temperature": {
        "grp": [
            "what is the temperature {w}", "how (warm|cold|hot) is it {w}", "what is the (temp|temperature) {w}",
            "(tell me|give me) the temperature {w}", "temperature {w}", "how many degrees is it {w}",
            "(is it|it is) (warm|cold|hot) {w}", "what temperature is it {w}", "check the temperature {w}",
            "how is the temperature {w}", "current temperature {w}", "whats the temperature like {w}",
        ],
        "dev": ["what is the temperature (on|of|at) {t}", "what is {t} (reading|showing|at)", "what does {t} say",
                "how warm is {t}", "(read|check) {t}", "temperature (on|of) {t}", "what temperature is {t} (at|showing)"],
    },
    "get_state": {
        "dev": [
            "is {t} {v}", "(are|is) {t} {v} (right now|at the moment)", "did (i|we|you|someone) leave {t} {v}",
            "(check|tell me) (if|whether) {t} is {v}", "is {t} {v} or not", "{t} {v}", "(can you|could you) check (if|whether) {t} is {v}",
            "i (wonder|want to know) (if|whether) {t} is {v}", "have (i|we) left {t} {v}", "was {t} left {v}",
            "is {t} still {v}", "tell me if {t} is {v}", "is {t} currently {v}",
        ],
        "grp": [
            "(are|is) (any|all) [of ][the ]{c} {v} {w}", "are the {c} {v} {w}", "(is|are) there [any ]{c} {v} {w}",
            "did (i|we) leave [any ][the ]{c} {v} {w}", "(check|tell me) (if|whether) (any|the) {c} (is|are) {v} {w}",
            "any {c} {v} {w}", "(are|is) (all|any) {c} still {v} {w}",
        ],
    },
    "open": {
        "any": [
            "open {t}", "open [up ]{t}", "(raise|lift|roll up|pull up) {t}", "{t} (up|open)", "(i want|i need) {t} open",
            "can you open {t}", "open {t} (all the way|fully|up)", "(draw|pull) back {t}", "let [some ]light in through {t}",
            "put {t} up", "get {t} open", "{t} should be open",
        ],
        "grp.cover": ["let (some|the) (light|sun) in {w}", "open up {w}"],
        "dev.valve": ["open {t}", "let the water (flow|run) through {t}"],
    },
    "close": {
        "any": [
            "close {t}", "shut {t}", "(lower|drop|roll down|pull down|draw) {t}", "{t} (down|closed|shut)",
            "(i want|i need) {t} closed", "can you close {t}", "close {t} (all the way|fully)", "put {t} down",
            "get {t} closed", "{t} should be closed", "pull {t} (shut|closed|down)",
        ],
        "grp.cover": ["(block|keep) [out ]the (sun|light) {w}", "(give me|we need) some privacy {w}", "too much sun {w}"],
    },
    "set_position": {
        "any": [
            "(set|open|close|put|move|raise|lower) {t} to {v}", "{t} (to|at) {v}", "open {t} {v}", "(set|move) {t} position to {v}",
            "i want {t} {v} open", "(open|close) {t} (to|by) {v}", "{t} position {v}", "(bring|roll) {t} (up|down) to {v}",
        ],
    },
    "lock": {
        "any": [
            "lock {t}", "lock up {t}", "(secure|bolt|latch|deadbolt) {t}", "{t} lock[ed]", "(make sure|check that) {t} (is|are) locked",
            "(can you|could you) lock {t}", "engage {t}", "put {t} on lock", "lock {t} (now|for the night|up)",
            "i want {t} locked", "{t} needs to be locked",
        ],
        "grp.lock": ["lock up {w}", "lock [all ]the doors {w}", "lock everything {w}", "lock the house", "secure the house"],
    },
    "unlock": {
        "any": [
            "unlock {t}", "(open|release|unbolt) {t}", "{t} unlock[ed]", "(can you|could you) unlock {t}",
            "let me in (through|at) {t}", "unlock {t} (now|for me|please)", "i want {t} unlocked", "disengage {t}",
        ],
    },
    "media_pause": {
        "any": ["pause {t}", "pause [the ](music|song|movie|show|film|playback) on {t}", "{t} pause", "hold {t}",
                "(hit|press) pause on {t}", "stop {t} for a (second|moment|bit)", "put {t} on pause"],
        "none": ["pause", "pause [the ](music|song|movie|show|film|video|playback|tv)", "hit pause", "pause it",
                 "hold on pause [the ](music|movie)", "pause for a (second|sec|moment)", "(stop|halt) the music"],
    },
    "media_resume": {
        "any": ["(resume|unpause|continue) {t}", "(resume|continue) [the ](music|song|movie|show|playback) on {t}",
                "(press|hit) play on {t}", "{t} play", "play {t} again", "start {t} again", "carry on playing on {t}"],
        "none": ["(resume|unpause|continue)", "(resume|continue|unpause) [the ](music|song|movie|show|film|playback)",
                 "(hit|press) play", "play again", "keep playing", "carry on [playing]", "back to the (music|movie|show)",
                 "start the music again"],
    },
    "media_next": {
        "any": ["(next|skip) [(song|track|episode)] on {t}", "skip (this|the) (song|track) on {t}", "{t} next [(song|track)]",
                "play the next (song|track|episode) on {t}", "skip ahead on {t}", "go to the next (track|song) on {t}"],
        "none": ["next [(song|track|episode|one)]", "skip (this|the) [(song|track|one)]", "skip", "skip it",
                 "play the next (song|track|episode|one)", "go to the next (song|track|one)", "skip ahead", "next please",
                 "i do not like this song", "change the song", "move on to the next (song|track)"],
    },
    "media_previous": {
        "any": ["(previous|last) [(song|track|episode)] on {t}", "go back [(a track|one song)] on {t}",
                "play the previous (song|track) on {t}", "{t} previous [(song|track)]", "rewind {t} to the last (song|track)"],
        "none": ["previous [(song|track|episode|one)]", "go back [(a (song|track))]", "(play|replay) the (last|previous) (song|track|one) [again]",
                 "back (one|a track)", "last song", "play that (song|one) again", "go back to the (previous|last) (song|track)"],
    },
    "set_volume": {
        "any": ["set [the ]volume (of|on) {t} to {v}", "set {t} volume to {v}", "{t} volume [(to|at)] {v}",
                "volume {v} on {t}", "(turn|put) {t} [(up|down)] to {v} volume", "change the volume of {t} to {v}",
                "make {t} {v} (loud|volume)", "{t} at {v} volume", "adjust {t} volume to {v}"],
        "none": ["(set|change|put|turn) [the ]volume to {v}", "volume [(to|at)] {v}", "volume {v}", "(turn|set) it to {v} volume",
                 "(turn|set) the (music|sound|tv) [(up|down)] to {v}", "{v} volume [please]", "make it {v} volume"],
    },
    "start_timer": {
        "none": [
            "set a timer for {v}", "(start|set|create|make) a {v} timer", "timer [for ]{v}", "{v} timer",
            "(start|set) a timer {v}", "(count|countdown) {v}", "(remind|tell) me in {v}", "(set|start) (the|a) timer to {v}",
            "timer {v} please", "can you (set|start) a timer for {v}", "(i need|give me) a timer for {v}",
            "(set|start) a countdown (for|of) {v}", "wake me [up ]in {v}", "let me know when {v} (is up|has passed|are up)",
            "alert me in {v}", "put a timer on for {v}", "(set|start) me a timer for {v}", "{v} countdown",
        ],
        "named": [
            "set a {n} timer for {v}", "(start|set) a timer for {v} (called|named|for) {n}", "{n} timer [for ]{v}",
            "(start|set|make) a {v} {n} timer", "timer for the {n} [(for|in)] {v}", "(set|start) a timer called {n} for {v}",
            "{v} timer for [(the|my)] {n}", "(set|start) the {n} timer (for|to) {v}", "time the {n} for {v}",
        ],
    },
    "cancel_timer": {
        "none": ["(cancel|stop|delete|remove|end|kill|clear|turn off|dismiss|disable) [(the|my|this)] timer",
                 "(cancel|stop) that timer", "(i do not|we do not) need the timer (anymore|any more)", "timer off",
                 "(cancel|stop|kill) the countdown", "never mind the timer", "get rid of the timer", "no more timer",
                 "silence the timer", "shut the timer up", "abort the timer"],
        "named": ["(cancel|stop|delete|remove|end|kill|clear) (the|my) {n} timer", "{n} timer (off|cancel|stop)",
                  "(cancel|stop) the timer (for|called) [the ]{n}"],
        "len": ["(cancel|stop|delete|remove|end|kill|clear) (the|my) {v} timer", "(cancel|stop) the timer (for|of) {v}",
                "{v} timer (off|cancel|stop)", "get rid of the {v} timer"],
    },
    "cancel_all_timers": {
        "none": ["(cancel|stop|delete|remove|clear|kill|end) (all|every) [of ][(the|my)] timers",
                 "(cancel|stop|clear|delete) every timer", "(cancel|stop|clear|delete) all timers",
                 "(get rid of|turn off|silence) all [(the|my)] timers", "no more timers", "timers off", "clear the timers",
                 "delete them all the timers", "(cancel|stop|clear) (the|my) timers"],
    },
    "pause_timer": {
        "none": ["pause [(the|my)] timer", "(hold|freeze|suspend) (the|my) timer", "timer pause", "put the timer on hold",
                 "pause the countdown", "stop the timer for a (second|moment|bit)", "hold the countdown"],
        "named": ["pause (the|my) {n} timer", "(hold|freeze) the {n} timer", "{n} timer pause"],
    },
    "resume_timer": {
        "none": ["(resume|unpause|continue|restart) [(the|my)] timer", "timer (resume|continue|go)", "start the timer again",
                 "(resume|continue) the countdown", "carry on with the timer", "let the timer (run|continue|go) [again]",
                 "keep the timer going"],
        "named": ["(resume|unpause|continue) (the|my) {n} timer", "{n} timer (resume|continue)", "start the {n} timer again"],
    },
    "increase_timer": {
        "none": ["add {v} (to|on to|onto) [(the|my)] timer", "(extend|increase) [(the|my)] timer by {v}", "{v} more [on the timer]",
                 "give me {v} more", "put {v} more on the timer", "(add|put) (another|an extra) {v} (on|to) the timer",
                 "timer plus {v}", "(make|add) the timer {v} longer", "(increase|extend) the countdown by {v}"],
        "named": ["add {v} to (the|my) {n} timer", "(extend|increase) the {n} timer by {v}", "{v} more on the {n} timer"],
    },
    "decrease_timer": {
        "none": ["(take|remove|subtract) {v} (off|from) [(the|my)] timer", "(reduce|shorten|decrease|cut) [(the|my)] timer by {v}",
                 "timer minus {v}", "{v} less on the timer", "make the timer {v} shorter", "knock {v} off the timer",
                 "(reduce|shorten) the countdown by {v}"],
        "named": ["(take|remove) {v} (off|from) the {n} timer", "(reduce|shorten) the {n} timer by {v}"],
    },
    "timer_status": {
        "none": ["how (long|much time) [is ](left|remaining) on [(the|my)] timer", "how much time [is ](left|remaining)",
                 "(check|status of) (the|my) timer", "time left", "how long (is|do i have) left", "when (is|does) (the|my) timer (done|end|go off|finish)",
                 "what is [left on ](the|my) timer", "timer status", "how is (the|my) timer doing", "is the timer (done|finished) yet",
                 "how many minutes [are ]left", "how long until the timer (goes off|is done)", "any time left on the timer",
                 "what is the time remaining", "how long to go"],
        "named": ["how (long|much time) is left on (the|my) {n} timer", "(check|status of) the {n} timer", "how is (the|my) {n} [timer ]doing",
                  "when (is|will) the {n} [timer ][be ]done", "{n} timer status", "time left (on|for) the {n}[ timer]"],
    },
    "vacuum_start": {
        "any": ["(start|run|turn on|launch) {t}", "(send|get) {t} (cleaning|out|going|to work)", "(let|have) {t} (clean|hoover|vacuum)[ the floors]",
                "{t} (start|go|clean)", "start cleaning with {t}", "can {t} (clean|vacuum|hoover)"],
        "none": ["(vacuum|hoover) (the floors|the house|the floor|up)", "(start|run|begin) [the ](vacuuming|hoovering|cleaning)",
                 "clean the (floors|floor|house)", "time to (vacuum|hoover|clean)", "(do|start) the (vacuuming|hoovering)",
                 "get the (robot|vacuum|hoover|roomba) (going|started|cleaning|to clean)", "start the (robot|roomba|vacuum|hoover)"],
    },
    "vacuum_return_to_base": {
        "any": ["(send|bring) {t} [back ](home|to (its|the) (dock|base|charger))", "dock {t}", "{t} (go home|return to base|dock)",
                "(return|park) {t}", "tell {t} to go home", "stop {t} and send it home", "recall {t}", "put {t} back on (its|the) (dock|charger)"],
        "none": ["(stop|finish) [the ](vacuuming|hoovering|cleaning)", "send the (robot|vacuum|roomba|hoover) [back ](home|to (its|the) dock)",
                 "dock the (robot|vacuum|roomba|hoover)", "(robot|vacuum|roomba|hoover) (go home|back to base)"],
    },
    "cancel": {
        "none": ["never mind", "nevermind", "cancel", "cancel that", "forget it", "forget [about ]it", "nothing", "ignore (that|me)",
                 "no (nothing|never mind)", "that is all", "stop", "scratch that", "oops (never mind|cancel)", "abort", "do not worry about it",
                 "nothing thanks", "sorry (never mind|wrong (room|thing))", "not you", "i was not talking to you", "disregard [that]",
                 "cancel (the|that) (command|request)", "actually never mind", "oh forget it", "my mistake", "no thanks"],
    },
}

# Follow-ups: targets refer to the previous command.
FOLLOWUP_IT = {
    "turn_on": ["(turn|switch) (it|them) [back ]on", "(turn|put) (it|them) back on", "on again", "(put|switch) it on [again]"],
    "turn_off": ["(turn|switch) (it|them) [back ]off", "(turn|put) (it|them) back off", "off again", "kill it", "(shut|switch) it off [again]"],
    "toggle": ["toggle (it|them)", "flip it"],
    "increase_brightness": ["(make|turn) (it|them) [(a bit |a little )]brighter", "(turn|bring) (it|them) up [(a bit|a little)]", "brighter", "more"],
    "decrease_brightness": ["(make|turn) (it|them) [(a bit |a little )]dimmer", "(turn|bring) (it|them) down [(a bit|a little)]", "dimmer", "less"],
    "set_brightness": ["(set|make|put) (it|them) (to|at) {v}", "[now ](to|at) {v}", "{v} instead"],
    "set_color": ["(make|turn) (it|them) {v}", "(now|try) {v}", "{v} instead", "(change|set) (it|them) to {v}"],
    "open": ["open (it|them) [(again|back up)]", "(raise|lift) (it|them)"],
    "close": ["close (it|them) [again]", "(lower|shut) (it|them)"],
    "lock": ["lock (it|them) [again]"],
    "unlock": ["unlock (it|them) [again]"],
}
FOLLOWUP_SAME = [
    "and {t} too", "[and ]{t} (too|as well)", "same (for|with) {t}", "do the same (for|with|in) {t}", "also {t}",
    "now {t}", "and [also ]{t}", "(what about|how about) {t}", "{t} also", "and in {t}", "and {t} please", "also do {t}",
]

# Things that are not commands for this home.
OUT_OF_DOMAIN = [
    "what is the weather [like ][(today|tomorrow|this weekend)]",
    "what is the weather [like] in (london|paris|cornwall|new york|spain|the lake district|town)",
    "how (hot|cold|warm) is it in (london|paris|cornwall|spain|australia|the desert) [today]",
    "what is the temperature (on|of) (mars|the sun|the sea|the oven|venus)", "how cold is space",
    "(is it|will it be) (sunny|windy|cold|hot|raining) (today|tomorrow|outside|at the weekend)",
    "it is (a lovely|such a nice|a rainy) day", "what a (lovely|rainy) day",
    "(lock|open) (the|my) (phone|laptop|computer|car|account)", "close (the|my) (app|tab|browser)",
    "turn the page", "switch (channels|to channel four)", "turn (left|right|around)", "set the table",
    "light a candle", "open a (bottle|beer|tin) of (wine|beans)", "close your eyes", "the lights are (lovely|too modern)",
    "will it rain (today|tomorrow)", "tell me a joke", "how are you",
    "good (morning|night|evening|afternoon)", "hello", "hi there", "thank you", "thanks", "who (are|made) you", "what time is it",
    "what is the date [today]", "play [some ](jazz|music|the beatles|my playlist|a podcast) on spotify", "call (mum|mom|dad|john)",
    "send a message to (sarah|tom)", "(what|who) is the (president|capital of france|tallest mountain)", "how far is the moon",
    "set an alarm for (7|seven) (am|tomorrow)", "add (milk|eggs|bread) to (my|the) shopping list", "what is on my calendar",
    "read me the news", "who won the (game|match) (last night|yesterday)", "how do you spell (necessary|rhythm)",
    "what is (2|two) plus (2|two)", "order (a pizza|some food)", "book a table for (2|two)", "i love you", "sing me a song",
    "what can you do", "open the pod bay doors", "(translate|say) hello in (french|spanish)", "how tall is the eiffel tower",
    "is it going to be sunny", "navigate (home|to work)", "find my phone", "turn left at the next junction", "what is for dinner",
    "recommend a (movie|book)", "how many calories in an apple", "what is the meaning of life", "remind me to call the dentist",
    "buy [more ](dog food|batteries)", "what is the traffic like", "tell me about (dinosaurs|black holes)", "start a new email",
    "how old is the universe", "(next|play) episode on netflix", "watch (the news|a film) on (netflix|youtube)",
    "what is my name", "lets play a game", "flip a coin", "roll a die", "spell (cat|dog)", "define (serendipity|ephemeral)",
    "i am (bored|tired|hungry)", "the (kids|dog) (are|is) (noisy|asleep)", "(my|the) (car|bike) (is|needs) (broken|petrol)",
    "what is the score", "take a picture", "where are my keys", "did you hear that", "blah blah blah", "the quick brown fox",
    "can you hear me", "testing testing", "are you there", "what is [the ](stock price|bitcoin) [today]", "convert (10|ten) miles to km",
    "how do i make pancakes", "goodbye", "see you later", "yes", "no", "maybe", "i do not know", "okay", "cool",
    "that is (great|nice|fine)", "what did you say", "repeat that", "louder", "speak up",
]
# Things people ask of devices that a home does not have ("turn on the {x}" with x unknown).
UNKNOWN_DEVICES = [
    "dishwasher", "oven", "kettle", "coffee machine", "toaster", "microwave", "iron", "hair dryer", "jacuzzi", "sauna",
    "pool pump", "hot tub", "fridge", "freezer", "tumble dryer", "boiler", "car", "lawn mower", "drone", "robot arm",
    "pod bay doors", "warp drive", "hyperdrive", "alarm system", "doorbell", "intercom", "playstation", "xbox", "printer",
    "projector", "treadmill", "aquarium", "fish tank", "christmas tree", "fireplace", "electric blanket", "bread maker",
    "sprinkler system", "gate", "elevator", "escalator", "submarine", "rocket", "chimney", "disco ball", "lava lamp",
    "spaceship", "time machine", "mixer", "blender", "air fryer", "slow cooker", "steam room", "hallway heater", "pressure cooker",
]
#: Rooms and things no generated home has, combined with class words ("the attic light", "the cellar door"):
#: a room the home lacks must be refused, not read as "here".
UNKNOWN_PLACES = ["attic", "cellar", "summer house", "loft", "shed", "basement", "garage", "boathouse", "sauna", "studio",
                  "pool house", "wine cellar", "treehouse", "panic room", "guest house", "barn", "stable", "chapel"]
UNKNOWN_TEMPLATES = [
    "(turn|switch) on (the|my) {x}", "(turn|switch) off (the|my) {x}", "(open|close) (the|my) {x}", "start the {x}",
    "(lock|unlock) the {x}", "set the {x} to {num} percent", "is the {x} on", "dim the {x}", "stop the {x}", "{x} on",
    "{x} off", "turn the {x} (on|off)", "activate the {x}", "(pause|play) the {x}",
]
