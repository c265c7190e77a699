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
"""

from __future__ import annotations

from homeslm.understanding.vocab import CLASS_WORDS, MASS_NOUNS

# Polite wrappers and fillers, around any single command.
PREFIXES = [
    "please", "could you", "can you", "could you please", "can you please", "would you", "would you please",
    "would you mind", "will you", "i want you to", "i would like you to", "i need you to", "go ahead and",
    "hey", "ok", "okay", "kindly", "just", "quickly", "hey can you", "ok so", "right", "alright",
    "computer", "hey computer", "ok computer", "um", "uh", "er", "so", "yo", "could you just", "now",
    "i would like to", "let us", "mind", "be a dear and", "do me a favour and", "can i get you to",
    "would you be able to", "are you able to", "i was wondering if you could", "any chance you could", "please could you",
    "can you go ahead and", "hey there", "excuse me", "sorry", "right then", "okay then", "oi", "hiya", "listen", "actually",
    "oh and", "also", "now then", "if you could", "could you possibly", "would you kindly",
    "do us a favour and", "can you just", "when you get a chance", "hey so",
]
SUFFIXES = [
    "please", "thanks", "thank you", "for me", "now", "right now", "if you can", "cheers", "please thanks",
    "for me please", "asap", "when you can", "straight away", "if you would", "will you", "ta",
    "when you get a chance", "if you do not mind", "if that is ok", "would you", "ta very much", "thank you very much",
    "much appreciated", "lovely", "mate", "love", "buddy", "pal", "please and thank you", "for us", "real quick", "pronto",
    "cheers mate", "thanks a lot", "please mate", "if possible",
]
FILLERS = ["um", "uh", "er", "erm", "like", "you know", "hmm", "ah", "uhh", "umm", "so", "i mean", "well", "actually",
           "oh", "basically", "sort of", "uh huh", "errr"]

# Joining several commands in one breath.
JOINERS = [" and ", " and then ", " then ", ", ", ", then ", " and also ", " also ", " plus ", " after that ", " and after that "]

# Location phrases.
HERE = ["", "", "", "in here", "here", "in this room"]
HOUSE = ["everywhere", "in the whole house", "in the house", "throughout the house", "all over the house",
         "in every room", "around the house", "in all rooms", "in the entire house",
         "all around the house", "in all the rooms", "across the house", "in the whole place", "everywhere in the house",
         "all through the house", "in every single room", "in the flat", "in the apartment", "in the cottage",
         "around the flat", "throughout the apartment", "in the whole flat", "in the whole apartment", "around the home"]
AREA = ["in the {a}", "in the {a}", "in {a}", "in the {a} please", "for the {a}", "in the {a} room", "over in the {a}",
        "through in the {a}", "{a}", "inside the {a}", "in our {a}", "in my {a}"]
FLOOR = ["{f}", "on the {f}", "{f}", "across the {f}", "on {f}", "all over the {f}", "across the whole {f}", "on the {f} please"]

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
    "pomodoro", "lamb", "turkey", "biscuits", "beans", "focus", "lunch", "dinner", "washing", "spuds", "veg",
    "sourdough", "gym", "meeting", "sauce", "curry", "stew", "brownies", "scones", "popcorn", "noodles", "porridge",
    "sprouts", "salmon", "fish", "ham", "pie", "crumble", "chips", "dough", "jelly", "drying", "dishes", "medicine",
    "tablets", "piano", "practice", "screen time", "game", "run", "stretch", "face mask", "hair dye", "paint",
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
            "(give me|i need|we need) some light {w}", "light {w} please", "lights {w}",
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
            "lights out {w}", "lights off {w}",
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
            "is it (warm|cold|hot) {w}", "what temperature is it {w}", "check the temperature {w}",
            "how is the temperature {w}", "current temperature {w}", "whats the temperature like {w}",
        ],
        "dev": ["what is the temperature (on|of|at) {t}", "what is {t} (reading|showing|at)", "what does {t} say",
                "how warm is {t}", "(read|check) {t}", "temperature (on|of) {t}", "what temperature is {t} (at|showing)"],
    },
    "get_state": {
        "dev": [
            "is {t} {v}", "(are|is) {t} {v} (right now|at the moment)", "did (i|we|you|someone) leave {t} {v}",
            "(check|tell me) (if|whether) {t} is {v}", "is {t} {v} or not", "(can you|could you) check (if|whether) {t} is {v}",
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
        "grp.lock": ["lock up {w}", "lock [all ]the doors {w}", "lock everything {w}"],
        # the whole house, with no location spoken: labelled house-wide
        "house.lock": [
            "lock the house", "secure the (house|place)", "lock (everything|up everything|the whole house|the whole place)",
            "lock up the house", "lock (all the doors|every door|all the locks) in the house", "lock up the whole house",
            "(make sure|check) the (house|whole house) is locked", "lock (up|everything) (for the night|before bed)",
            "lock up [(now|please|would you|will you|then)]", "(time to|let us|can you) lock up",
        ],
    },
    "unlock": {
        "any": [
            "unlock {t}", "(open|release|unbolt) {t}", "{t} unlock[ed]", "(can you|could you) unlock {t}",
            "let me in (through|at) {t}", "unlock {t} (now|for me|please)", "i want {t} unlocked", "disengage {t}",
        ],
    },
    "media_pause": {
        "any": ["pause {t}", "pause [the ](music|song|movie|show|film|playback) on {t}", "{t} pause", "hold {t}",
                "(hit|press) pause on {t}", "stop {t} for a (sec|moment|bit)", "put {t} on pause"],
        "none": ["pause", "pause [the ](music|song|movie|show|film|video|playback|tv)", "hit pause", "pause it",
                 "hold on pause [the ](music|movie)", "pause for a (sec|moment)", "(stop|halt) the music"],
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
        "none": ["next [(song|track|episode)]", "skip (this|the) [(song|track)]", "skip", "skip it",
                 "play the next (song|track|episode)", "go to the next (song|track)", "skip ahead", "next please",
                 "i do not like this song", "change the song", "move on to the next (song|track)"],
    },
    "media_previous": {
        "any": ["(previous|last) [(song|track|episode)] on {t}", "go back [a (track|song)] on {t}",
                "play the previous (song|track) on {t}", "{t} previous [(song|track)]", "rewind {t} to the last (song|track)"],
        "none": ["previous [(song|track|episode)]", "go back [(a (song|track))]", "(play|replay) the (last|previous) (song|track) [again]",
                 "back a track", "last song", "play that song again", "go back to the (previous|last) (song|track)"],
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
        "none": ["(cancel|stop|delete|remove|clear|kill|end) all [of ][(the|my)] timers",
                 "(cancel|stop|clear|delete) every timer", "(cancel|stop|clear|delete) all timers",
                 "(get rid of|turn off|silence) all [(the|my)] timers", "no more timers", "timers off", "clear the timers",
                 "delete them all the timers", "(cancel|stop|clear) (the|my) timers"],
    },
    "pause_timer": {
        "none": ["pause [(the|my)] timer", "(hold|freeze|suspend) (the|my) timer", "timer pause", "put the timer on hold",
                 "pause the countdown", "stop the timer for a (sec|moment|bit)", "hold the countdown"],
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

# A second, broader wave of phrasings per action: indirect requests ("it's freezing in here"), wishes
# ("i'd love some music"), questions, odd word order ("the kitchen lights, off"), phrasal verbs
# ("knock the heating up"), British and American idioms. Merged into PHRASES below.
_MORE: dict[str, dict[str, list[str]]] = {
    "turn_on": {
        "any": [
            "(turn|switch) on {t} (would you|will you|then)", "(turn|switch|put) {t} on (would you|will you|then|for us)",
            "(i would like|i want|i need|i would love) to (turn|switch) on {t}", "(can|could) (i|we) (get|have) {t} on [please]",
            "(i would love|i would really like|i fancy) {t} on", "(let us|lets) (get|put|switch) {t} on",
            "is it possible to (turn|switch) on {t}", "would it be possible to (turn|switch) {t} on",
            "(do you mind|would you mind) (turning|switching) on {t}", "mind (turning|switching) {t} on",
            "(turning|switching) on {t}", "{t} on if you (can|would|could)", "(put|get) {t} on for (me|us)",
            "(set|turn) {t} to on", "{t} to on", "{t} back on", "{t} on again", "{t} on (thanks|cheers|then|mate)",
            "(fire|power|start|boot) {t} up", "(energise|energize|engage) {t}", "(get|have) {t} (switched|turned) on",
            "(put|switch|turn) on {t} quickly", "{t} (on|on please) (now|straight away)", "(i need|we need) {t} (on|running|going)",
            "(can|could) you (put|switch|turn) {t} on", "(i would|i'd) like {t} (switched|turned) on",
            "why is {t} not on (turn|switch) it on", "[please ](switch|turn) {t} on (now|already)",
            "{t} needs to go on", "(turn|switch) {t} on will you",
            "(leave|keep) {t} on", "{t} on for (a while|a bit|the evening|the night)",
        ],
        "dev.light": ["(turn|switch|flick|put) on {t} so (i|we) can see", "(i|we) can not see (turn|switch) on {t}",
                      "(get|put) {t} lit", "(i need|we need) {t} on to see",
                      "(flick|switch) {t} on (would you|please)"],
        "grp.light": [
            "(can|could) (we|i) (have|get) [some] (light|lights) {w}", "lights on {w} please", "lights {w} on [please]",
            "(turn|switch|put|flick|flip) on the (lights|lighting) {w}", "(flick|flip|put|get|bang) the lights on {w}",
            "(it is|it's) (pitch black|pitch dark|getting dark|dark) {w}", "(i|we) can not see (a thing|anything) {w}",
            "(on with|let us have) the lights {w}", "(i would|i'd) like the lights on {w}", "the lights {w} on",
            "(light|lights) (please|on) {w}", "(i|we) need (the|some) lights on {w}", "(too|very|so) dark {w}",
            "(we are|i am) sitting in the dark {w}", "(bring|turn) the lights on {w}", "why is it so dark {w}",
            "(can|could) you light (it|the room|things) up {w}",
            # a complaint about the dark asks for the lights on (the targets' convention), not brighter ones
            "(it is|it's) (rather|quite|too|so|very|a bit|a little|getting) (dim|gloomy) {w}", "(bit|too) gloomy {w}",
        ],
        "grp.climate": [
            "(it is|it's|i am) (freezing|cold|chilly|nippy|parky|baltic|frozen) {w}", "(it is|it's) (a bit|rather|quite|really|bloody) (cold|chilly|nippy) {w}",
            "(turn|switch|put|stick|pop|whack|bang) the (heating|heat) on {w}", "(turn|switch|put) on the (heating|heat) {w}", "(heating|heat) on {w} [please]",
            "(can|could) (we|i) have the heating on {w}", "(warm|heat) (the place|the house|the room|us) up {w}",
            "my (hands|feet|toes) are (freezing|cold|like ice) {w}", "(brr|brrr) (it is|it's) (cold|freezing) {w}",
            "(turn|switch) on the (air conditioning|ac|air con|aircon) {w}", "(i|we) need [some ](heat|warmth) {w}",
            "(it is|it's) (perishing|freezing cold|cold as ice) {w}", "(get|put) the heating (going|on) {w}",
            "(start|fire up) the (heating|boiler|radiators) {w}",
            "(put|stick|turn) the heating on full (blast|whack) {w}", "(get|put) some heat on {w}",
        ],
        "grp.fan": [
            "(it is|it's) (sweltering|muggy|stuffy|close|airless) {w}", "(i need|we need|i could use|i could do with) (a breeze|some air|some fresh air|a bit of air) {w}",
            "(turn|switch|put) on the fan[s] {w}", "fans on {w}", "(get|put) the fan[s] (on|going) {w}",
            "(get|keep) [some ]air moving {w}",
            "(put|stick|turn) the fan[s] on full blast {w}", "fans on full (blast|whack) {w}",
        ],
        "grp.media_player": [
            "(put|stick|pop|turn|switch) the (telly|tv|television|box) on {w}", "(tv|telly|television) on {w} [please]",
            "(i want|i would like|i'd like) to watch (tv|telly|television|something) {w}", "(put|stick|pop) (some|the) music on {w}",
            "(i would love|i'd love|i want|i fancy|can we have) some music {w}", "(let us|lets) (watch some telly|have some music) {w}",
            "(turn|switch) on the (music|speakers|stereo|radio) {w}", "music on {w} [please]",
        ],
        "grp.valve": [
            "(turn|switch) on the (sprinklers|irrigation|watering|hose|water) {w}", "(sprinklers|irrigation|watering) on {w}",
            "give the (garden|lawn|plants|flower beds|veg patch) a (drink|water|good soak) {w}",
            "the (garden|lawn|plants) (needs|need) water[ing] {w}", "(start|run) the (sprinklers|irrigation) {w}",
        ],
        "dev.media_player": ["(put|stick|pop) on {t}", "(i want|i would like) to (watch|listen to) {t}", "(turn|switch|put) {t} on (please|for the news|for me)",
                             "(fire|boot) up {t}"],
        "dev.scene": [
            "set the scene to {t}", "(put|switch) (the house|the room|us|everything) (in|into) {t} [mode]", "{t} time",
            "(we are|i am) ready for {t}", "time for {t}", "go into {t} [mode]", "(change|switch) [over ]to {t} [(mode|scene)]",
            "(let us|lets) (go|do) {t}", "do the {t} scene", "(i want|i would like|i'd like) the {t} (scene|mode|setting)",
            "(load|recall|use|play) [the ]{t} [scene]", "{t} scene please", "(activate|turn on|start|run) [the ]{t} scene",
            "can we have {t} [please]", "(it is|it's) time for {t}", "(set|put) the (mood|lighting|lights|room) to {t}",
            "{t} (mode|scene) (on|please|now)", "(give me|i need) {t}", "(switch|flip) (on|to) {t} mode",
        ],
        "dev.script": [
            "(fire|kick) off {t}", "(launch|start|run|trigger) the {t} (script|automation|routine)", "[please ]execute {t}",
            "{t} script", "(start|do) {t} routine", "(can|could) you run {t}", "(set|get) {t} going", "go ahead with {t}",
            "(run|do|start) {t} (please|for me|now)", "(activate|begin) {t}", "(time to|let us) (run|do) {t}",
        ],
        "dev.valve": ["(start|run) {t}", "get the water (going|running) (on|for|with) {t}", "(start|begin) watering (with|from) {t}",
                      "(turn|switch) {t} on (for a bit|please)", "water the garden with {t}"],
        "dev.fan": ["(get|set|start) {t} (going|spinning|running)", "(turn|switch) on {t} (it is|it's) (hot|warm|stuffy)",
                    "(put|stick) {t} on (it is|it's) (boiling|roasting)", "(i need|we need) {t} on",
            "(put|turn|stick) {t} on full (blast|whack|power)", "{t} on full blast", "(blast|run) {t} on full",
        ],
    },
    "turn_off": {
        "any": [
            "(turn|switch) off {t} (would you|will you|then)", "(turn|switch|put) {t} off (would you|will you|then|for us)",
            "(i would like|i want|i need) to (turn|switch) off {t}", "(can|could) (i|we) (get|have) {t} off [please]",
            "(let us|lets) (get|put|switch|have) {t} off", "is it possible to (turn|switch) off {t}",
            "(do you mind|would you mind) (turning|switching) off {t}", "mind (turning|switching) {t} off",
            "(turning|switching) off {t}", "{t} off if you (can|would|could)", "(put|get) {t} off for (me|us)",
            "(set|turn) {t} to off", "{t} to off", "{t} off again", "{t} off (thanks|cheers|then|mate)",
            "nobody is using {t}", "(power|shut) {t} (down|off)", "(kill|cut) the power to {t}",
            "(get|have) {t} (switched|turned) off", "(i would|i'd) like {t} (switched|turned) off",
            "(can|could) you (put|switch|turn) {t} off", "{t} (can|should) (go off|be off) now",
            "why is {t} [still ]on (turn|switch) it off", "(i am|we are) (done|finished) with {t} (turn|switch) it off",
            "{t} (off|off please) (now|straight away)", "[please ](switch|turn) {t} off (now|already)",
            "(shut|turn) off {t} (for the night|for now)", "{t} needs to go off", "(stop|halt) {t} (now|please)",
            "(i do not|we do not) want {t} on", "{t} is (wasting|using) (power|electricity) (turn|switch) it off",
        ],
        "dev.light": ["(turn|switch|put) {t} out", "{t} out [please]", "(put|turn|switch) out {t} (would you|please)",
                      "(kill|cut) {t} (please|now)"],
        "grp.light": [
            "(turn|switch|flick|flip|shut) off the (lights|lighting) {w}", "(lights|lighting) off {w} please", "the lights {w} off",
            "lights {w} off [please]", "(no more|enough) (light|lights) {w}", "(can|could) (we|i) have the lights off {w}",
            "(i|we) (do not|don't) need the lights [on] {w}", "(shut|turn|put|knock|flick) the lights (off|out) {w}",
            "off with the lights {w}", "(i would|i'd) like the lights off {w}", "(let us|lets) have the lights off {w}",
            "(get|put) the lights (off|out) {w}", "nobody is (in|using) the (room|lights) {w} (turn|switch) them off",
            "(i am|we are) (leaving|going out|off to bed) (turn|switch) the lights off {w}", "lights out (please|now) {w}",
            "(plunge|put) (it|the room) into darkness {w}", "(no|turn off all the) lights {w} please",
        ],
        "grp.climate": [
            "(heating|heat) off {w} [please]", "(turn|switch|shut|knock) off the (heating|heat|radiators) {w}",
            "(turn|switch|knock) the (heating|heat|radiators) off {w}", "(we|i) (do not|don't) need the heating [on] {w}",
            "(it is|it's) (warm|hot) enough {w}", "(turn|switch) off the (air conditioning|ac|air con|aircon) {w}",
            "(ac|air con|air conditioning) off {w}", "(i am|we are|it is|it's) (roasting|boiling|baking|sweltering) turn the heating off {w}",
            "no more heating {w}", "(we|i) (can|could) do without the heating {w}",
        ],
        "grp.fan": ["(turn|switch) off the fan[s] {w}", "fans off {w}", "(stop|kill) the fan[s] {w}", "(enough|no more) (breeze|draught) {w}",
                    "(it is|it's) [too ]draughty {w}", "(turn|switch) the fan[s] off {w}"],
        "grp.media_player": [
            "(tv|telly|television) off {w} [please]", "(turn|switch|shut|knock) off the (music|telly|tv|box|radio|stereo) {w}",
            "(turn|switch|knock) the (telly|tv|box|radio) off {w}", "(i am|we are) (done|finished) watching {w}",
            "(that is|that's) enough (tv|telly|television|music) {w}", "no more (tv|telly|music) {w}", "music off {w} [please]",
            "nobody is watching the (tv|telly) {w}",
        ],
        "grp.valve": [
            "(turn|switch|shut) off the (sprinklers|irrigation|watering|hose|water) {w}", "(sprinklers|irrigation|watering) off {w}",
            "stop [the ]watering {w}", "the (garden|lawn|plants) (has|have) had enough water {w}", "(enough|no more) watering {w}",
        ],
        "dev.valve": ["(shut|cut) off {t}", "(stop|cut) the water (to|for|from) {t}", "(turn|switch) {t} off (now|please)"],
        "dev.fan": ["(stop|kill) {t} (spinning|now)", "(turn|switch) off {t} (it is|it's) (cold|chilly) [now]", "{t} off (it is|it's) (freezing|cold)"],
        "dev.media_player": ["(turn|switch|shut) off {t} (i am|we are) (done|finished) (watching|with it)", "(i am|we are) done with {t}"],
    },
    "toggle": {
        "any": [
            "(switch|flip) {t} (over|around)", "(flip|change) {t} (on or off|over)", "{t} toggle", "hit the switch (on|for) {t}",
            "toggle the (state|power) of {t}", "(turn|switch) {t} on or off", "flip the state of {t}", "(click|tap|push) {t}",
            "toggle power (on|for) {t}", "{t} flip", "give {t} a toggle", "switch {t} over", "(toggle|flip) {t} (now|again|for me)",
            "(can|could) you toggle {t}", "(flick|flip) the switch (for|on) {t}", "toggle {t} (would you|will you)",
            "(i want|i'd like) to toggle {t}",
        ],
    },
    "set_brightness": {
        "any": [
            "(dim|brighten|turn|put|set) {t} (to|at) {v} brightness", "make {t} {v} bright", "{t} at {v} [please]",
            "(could|can) you (dim|set|put|turn) {t} to {v}", "(i want|i would like|i'd like) {t} (at|on|to) {v}",
            "(adjust|change) {t} brightness to {v}", "{t} brightness (to|at) {v}", "{t} should be (at|on) {v}",
            "bring {t} to {v}", "(set|turn) the brightness (of|on|for) {t} (to|at) {v}", "brightness (to|at) {v} (on|for) {t}",
            "(dim|brighten) {t} (down|up) to {v}", "(take|knock|bump) {t} (down|up) to {v}", "(put|leave) {t} (at|on) {v}",
            "(let us|lets) have {t} at {v}", "(drop|lower) {t} to {v}", "(raise|boost|up) {t} to {v}", "change {t} to {v} brightness",
            "{t} {v} brightness", "{v} brightness (on|for) {t}", "{t} (to|at) {v} (please|thanks)", "{t} (dimmed|brightened) to {v}",
            "(can|could) (we|i) have {t} at {v}", "(set|put) {t} (on|at) {v} (please|for me)",
            "{t} (at|to) {v} thanks", "(dim|set) {t} (to|at) {v} for (me|us)", "(brightness|level) {v} (on|for) {t}",
            "(can|could) {t} be (at|on) {v}", "(i need|we need) {t} at {v}",
        ],
        "grp.light": [
            "(lights|lighting) {w} (to|at) {v} [brightness]", "(dim|bring|turn) the lights (down|up) to {v} {w}",
            "brightness (to|at) {v} {w}", "(i want|i would like|i'd like) the lights {w} at {v}",
            "(set|put) the brightness {w} (to|at) {v}", "(make|put) the lights {w} {v} [bright]", "(set|turn) the lighting {w} to {v}",
            "{v} brightness {w} [please]", "(can|could) (we|i) have the lights at {v} {w}",
            "{v} lights {w}", "{v} on the lights {w}",
        ],
    },
    "increase_brightness": {
        "any": [
            "(turn|crank|pump|bump|boost|knock) {t} up [a (bit|notch|little|touch|tad)]", "brighten up {t}",
            "(make|get) {t} (a lot|much|a touch|a tad|slightly) brighter", "{t} a (bit|little|touch|tad) brighter",
            "(more|a bit more) brightness (on|from) {t}", "(turn|put) the brightness (up|higher) (on|for) {t}",
            "(can|could) {t} be brighter", "{t} (is|are) (a bit dim|not bright enough|too dim)", "(raise|increase|up) the brightness (of|on) {t}",
            "{t} (higher|brighter) [please]", "(brighter|more light) on {t}", "(bring|turn) {t} up (some|more)",
            "{t} needs to be brighter", "(i want|i need|i would like) {t} brighter", "(up|raise) {t} a (bit|notch|little)",
            "give {t} a (boost|bit more)", "(can|could) you brighten {t}", "{t} (is|are) [too ](dim|dark) (turn|bring) (it|them) up",
            "(brighten|turn up|bring up) {t} (slightly|a touch|a tad)", "(make|turn) {t} brighter (please|for me)",
        ],
        "grp.light": [
            "a (bit|touch|tad|little|lot) brighter {w} [please]", "(turn|bring|crank|put) the lights up {w}", "(turn|bring) up the lights {w}",
            "(make|get) it (a bit|a little|a lot) brighter {w}",
            "(make|get) it brighter {w}", "(can|could) (it|we) be brighter {w}", "not bright enough {w}",
            "(increase|raise|up) the brightness {w}", "(turn|bring) the brightness up {w}", "brightness up {w} [please]",
            "(the lights|lighting) brighter {w}",
        ],
        "by": ["(increase|raise|boost|bump up|bring up) {t} by {v}", "{v} brighter (on|for) {t}", "{t} brighter by {v}",
               "make {t} brighter by {v}", "(add|give) {v} [more ]brightness to {t}", "(turn|crank|knock) {t} up by {v}",
               "brighten {t} up by {v}", "up {t} by {v}", "{t} up {v}"],
    },
    "decrease_brightness": {
        "any": [
            "(turn|knock|bring|take) {t} down [a (bit|notch|little|touch|tad)]", "dim {t} (down|a bit|a little|slightly|a touch)",
            "(make|get) {t} (a touch|a tad|a lot|much|slightly) (dimmer|darker)", "{t} a (bit|little|touch|tad) (dimmer|darker|lower)",
            "(less|a bit less) brightness (on|from) {t}", "(turn|put) the brightness (down|lower) (on|for) {t}",
            "(can|could) {t} be dimmer", "{t} (is|are) (a bit|rather|far|way) too bright", "(lower|decrease|reduce) the brightness (of|on) {t}",
            "{t} (down|lower|dimmer) [please]", "{t} needs to be dimmer", "(i want|i need|i would like) {t} dimmer",
            "take {t} down a (notch|bit|peg)", "(soften|lower) {t} a (bit|little)", "(turn|dim) {t} right down", "darken {t}",
            "(can|could) you dim {t}", "{t} (is|are) (blinding|dazzling) (me|us) (turn|bring) (it|them) down",
            "(dim|turn down|bring down) {t} (slightly|a touch|a tad)", "(make|turn) {t} dimmer (please|for me)",
        ],
        "grp.light": [
            "a (bit|touch|tad|little|lot) dimmer {w} [please]", "(turn|bring|knock|take) the lights down {w}", "(turn|bring) down the lights {w}",
            "(it is|it's) (rather|quite|far too|a touch too|way too|too) bright {w}", "(make|get) it (a bit|a little|a lot) (darker|dimmer) {w}",
            "(make|get) it (darker|dimmer) {w}", "tone (it|the lights) down {w}", "(reduce|lower|turn down) the brightness {w}",
            "brightness down {w} [please]", "the lights are (too bright|blinding|dazzling) {w}", "(soften|dim) the lighting {w}",
            "(can|could) (we|i) (have|get) (softer|dimmer|less) light[ing] {w}", "(it is|it's) (blinding|dazzling) {w}",
        ],
        "by": ["(decrease|reduce|dim|turn down|bring down|take down|knock down) {t} by {v}", "{v} dimmer (on|for) {t}", "{t} dimmer by {v}",
               "(take|knock) {v} off {t}", "{t} down {v}", "make {t} darker by {v}", "lower the brightness (of|on) {t} by {v}"],
    },
    "set_color": {
        "any": [
            "(can|could) you (make|turn) {t} {v}", "(i want|i would like|i'd like) {t} (to be|in) {v}", "(switch|change) {t} [over ]to {v}",
            "{t} should be {v}", "turn {t} (to|into) {v}", "set {t} colo[u]r to {v}", "(change|switch) the colo[u]r (on|for|of) {t} to {v}",
            "make {t} go {v}", "{t} go {v}", "{v} (on|for) {t}", "(let us|lets) have {t} (in|on) {v}", "(put|set) {t} (on|to) {v}",
            "paint {t} {v}", "{t} in {v} please", "i fancy {v} (on|for) {t}", "{t} colo[u]r to {v}", "(make|turn) {t} {v} (please|for me)",
            "(can|could) (i|we) have {t} {v}", "{t} to {v} colo[u]r", "change {t} colo[u]r to {v}", "(give|show) me {v} (on|from) {t}",
            "(turn|make) {t} all {v}", "{t} {v} now",
            "(can|could) {t} be {v}", "(turn|make) {t} a nice {v} [colo[u]r]",
        ],
        "grp.light": [
            "(make|turn) it {v} {w}", "(i want|i would like|i'd like) {v} (light|lights|lighting) {w}",
            "(change|switch) the (light|lighting|lights) to {v} {w}", "{v} lighting {w}", "(let us|lets) go {v} {w}",
            "(set|change) the colo[u]r {w} to {v}", "colo[u]r {v} {w}", "(paint|bathe|flood) (it|the place|everything) [in ]{v} {w}",
            "(can|could) (we|i) have {v} lights {w}", "the lights {w} {v} [please]",
            "(switch|change) (the lights|everything) to {v} {w}", "(i want|i fancy) [some ]{v} (light|lighting) {w}",
        ],
    },
    "set_color_temp": {
        "any": [
            "set the white (temperature|balance) of {t} to {v}", "(change|adjust) the colo[u]r temp[erature] (of|on|for) {t} to {v}",
            "{t} (warmth|white temperature|colo[u]r temp) {v}", "(set|put) {t} (on|at) {v}", "{v} white (on|for) {t}",
            "(i want|i would like|i'd like) {t} at {v}", "set the kelvin (of|on) {t} to {v}", "warm {t} [down] to {v}",
            "cool {t} [up] to {v}", "(dial|set) {t} to {v} (white|colo[u]r temperature)", "{v} [please ](on|for) {t}",
            "(make|turn) {t} {v} white", "{t} white to {v}", "(can|could) you set {t} to {v}", "{t} to {v} please",
            "(change|switch) {t} to {v} white", "colo[u]r temp (of|on) {t} (to|at) {v}",
        ],
        "grp.light": [
            "(set|make|turn) (the lights|the lighting) {w} [to ]{v}", "colo[u]r temp[erature] {w} (to|at) {v}",
            "(i want|i would like|i'd like) {v} (light|lighting|white) {w}", "white (temperature|balance) {v} {w}",
            "{v} lighting {w}", "(warm|cool) the lights {w} to {v}", "{v} white light {w} [please]",
        ],
    },
    "set_temperature": {
        "any": [
            "(crank|bump|knock|whack|put|push) {t} (up|down) to {v}", "(i want|i would like|i'd like) {t} (on|at|set to) {v}",
            "{t} should be (at|on) {v}", "(make|keep) {t} at {v}", "(change|adjust|set) the temp[erature] (of|on|for) {t} to {v}",
            "{t} temperature (to|at) {v}", "(can|could) (we|i) have {t} (on|at) {v}", "{v} (on|for) {t}", "put {t} on {v}",
            "set {t} for {v}", "(warm|heat) {t} up to {v}", "(program|set) {t} (at|for) {v}", "(leave|keep) {t} (on|at) {v}",
            "(turn|set) {t} (up|down) (to|at) {v} please", "(raise|lower|drop|increase|decrease) {t} to {v}",
            "(can|could) you (turn|put|set) {t} to {v}", "{t} at {v} please", "(get|bring) {t} (up|down) to {v}",
        ],
        "grp.climate": [
            "(i want|i would like|i'd like) it [to be ]{v} {w}", "(can|could) (we|you) make it {v} {w}",
            "(bring|get|warm) (it|the place|the house) up to {v} {w}", "(set|put) the heat[ing] (on|to|at) {v} {w}",
            "(heating|thermostat|temperature|temp) {w} to {v}", "(crank|bump|knock|turn) the (heat|heating|thermostat) (up|down) to {v} {w}",
            "(can we|could we) have it (at|on) {v} {w}", "{v} would be (nice|good|perfect|lovely) {w}",
            "(it should|it needs to) be {v} {w}", "(keep|hold) (it|the temperature) at {v} {w}",
            "(set|change) the (thermostat|heating) {w} to {v}", "(heat|warm) (it|the place) up to {v} {w}",
            "(cool|bring) (it|the place|things) down to {v} {w}", "(let us|lets) have it at {v} {w}",
            "(i want|i would like|i'd like) {v} {w}", "(put|set|turn) the (heat|heating) (on|to|up to|down to) {v} {w}", "(can|could) you (set|put) the (heating|thermostat|temperature) (to|at|on) {v} {w}",
            "{v} {w} (then|thanks)", "(make|get) it {v} {w} please", "(change|adjust) the (heating|thermostat) to {v} {w}",
        ],
    },
    "get_temperature": {
        "grp": [
            "how many degrees [is it ]{w}", "what is the (temp|temperature) (like|reading|at) {w}",
            "what (temp|temperature) is it {w} (right now|at the moment|now)", "is it (chilly|freezing|warm enough|cold enough) {w}",
            "(do you know|can you tell me) (what the temperature is|how warm it is|how cold it is) {w}",
            "what is the current temp[erature] {w}", "(check|read|tell me) the (temp|temperature) {w}",
            "temperature (check|reading|please) {w}", "how (hot|warm|cold) has it got {w}", "is it (cold|warm|hot) {w} (right now|at the moment)",
            "what does the (thermometer|thermostat) (say|read) {w}", "what is it like {w} temperature wise",
            "how (warm|cold|hot) is it {w} (right now|at the moment|now)", "(give me|what is) the (temperature|temp) reading {w}",
            "(any idea|do you know) how (warm|cold) it is {w}", "how (warm|cold) is the room {w}",
        ],
        "dev": [
            "what is the reading (on|from) {t}", "what temperature (does|is) {t} (say|saying|showing|reading)",
            "(give me|tell me) the temperature (on|from|of) {t}", "{t} temperature [please]", "how (warm|cold|hot) does {t} say it is",
            "what is {t} (at|reading|showing) (right now|at the moment)", "temperature reading (on|from) {t}",
            "check the temperature (on|of|at) {t}", "how many degrees (is|on) {t}", "(what is|what's) the temp (on|of) {t}",
            "(can|could) you (check|read) {t} for me",
        ],
    },
    "get_state": {
        "dev": [
            "is {t} {v} right now", "(do you know|can you tell me) (if|whether) {t} is {v}", "is {t} still {v} (do you know)",
            "[quick ]question is {t} {v}", "(was {t} left|has {t} been left) {v}", "(has|have) (someone|anyone|somebody) left {t} {v}",
            "(any idea|do you know) (if|whether) {t} is {v}", "(check|see) (if|whether) {t} (is|are) {v}", "is {t} {v} at all",
            "is {t} definitely {v}", "[please ](check|find out) (if|whether) {t} is {v}", "(is|are) {t} {v} or what",
            "i think i left {t} {v} (is it|did i)", "could you tell me if {t} is {v}", "is {t} {v} at the moment",
            "who left {t} {v}", "{t} is {v} is it", "(is|are) {t} {v} by any chance",
            "i can not remember if {t} is {v}", "(i am|we are) not sure if {t} is {v}", "let me know if {t} is {v}",
            "{t} is {v} right", "what about {t} is it {v}", "is {t} {v} yet",
            "[please ]tell me whether {t} is {v}", "did (i|we) leave {t} {v} again", "(check|see) for me if {t} is {v}",
            "is {t} {v} now", "would you check if {t} is {v}", "is {t} (still|currently) {v} do you know",
        ],
        "grp": [
            "(are|is) (any|all) [of ]the {c} {w} {v}", "(have (i|we|you)|has (someone|anyone)) left (any|the) {c} {v} {w}",
            "are all the {c} {v} {w}", "(do you know|can you tell me) if (the|any|all the) {c} (are|is) {v} {w}",
            "any of the {c} {v} {w}", "(are|is) there any {c} still {v} {w}", "are the {c} {w} {v}",
            "are the {c} {v} {w} (right now|at the moment)", "[quick ]question are the {c} {v} {w}",
            "(is|are) (any|all) {c} {v} {w} or not", "did (anyone|someone|somebody) leave (any|the) {c} {v} {w}",
            "(check|see) (if|whether) (any|all) [of ]the {c} (are|is) {v} {w}",
            "(any|are there) {c} [left ]{v} {w}",
            "how many {c} are {v} {w}", "which {c} are {v} {w}", "i can not remember if the {c} are {v} {w}",
            "did (somebody|someone) leave the {c} {v} {w} again", "(are|is) any [of the ]{c} {v} {w} at all", "let me know if any {c} are {v} {w}",
            "are (any|all) [of ]the {c} {v} {w} do you know", "(are|is) there (any|some) {c} {v} {w} right now", "who left the {c} {v} {w}",
        ],
    },
}
_MORE.update({
    "open": {
        "any": [
            "(roll|wind|crank|pull|draw|bring) {t} (up|back)", "(can|could) (i|we) (have|get) {t} (open|up)",
            "(i would like|i'd like|i want) {t} (opened|up)", "(let us|lets) open [up ]{t}", "open {t} (up|please|for me|fully)",
            "{t} open please", "(part|throw open|fling open) {t}", "raise {t} (fully|completely)", "open {t} completely",
            "(pull|put|bring|roll|take) {t} up", "{t} up please", "lift up {t}", "(can|could) you (open|raise) {t}",
            "(get|have) {t} opened", "{t} (needs|need) opening", "(open|raise) {t} (would you|will you)",
            "(slide|pull) {t} open", "{t} up (now|then)", "open {t} (now|again)", "open up {t} (please|for me)",
            "crack [open ]{t}", "(open|crack) {t} (a little|a bit|slightly)", "(i want|i'd like) to open {t}",
            "(get|have) {t} open (please|now)",
        ],
        "grp.cover": [
            "let (some|the) (daylight|sunshine|sun) in {w}", "(i want|let us have) some (daylight|sunlight|natural light) {w}",
            "open everything up {w}", "(let us|lets) see (outside|the view) {w}", "(it is|it's) (morning|daytime) open (up|everything) {w}",
        ],
        "dev.valve": ["(turn|let) the water (run|flow) (through|from) {t}", "open {t} (fully|up)"],
    },
    "close": {
        "any": [
            "(close|shut|draw) {t} (please|for me|fully|completely)", "(roll|wind|pull|let|bring) {t} down",
            "(can|could) (i|we) (have|get) {t} (closed|shut|down)", "(i would like|i'd like) {t} (closed|shut|down)",
            "{t} (closed|shut|down) please", "(pull|draw) {t} (to|together|across)", "(let|put|bring) down {t}",
            "(take|bring) {t} down", "lower {t} (fully|completely|all the way)", "{t} all the way down",
            "(can|could) you (close|lower|shut) {t}", "(get|have) {t} (closed|shut)", "{t} (needs|need) closing",
            "(close|lower) {t} (would you|will you)", "(slide|pull) {t} (shut|closed)", "close {t} (now|again)",
            "(shut|close) {t} for the night",
            "(i want|i'd like) to close {t}", "(get|have) {t} (shut|closed) (please|now)", "(make sure|check that) {t} (is|are) (closed|shut)",
        ],
        "grp.cover": [
            "(keep|shut) the (sun|glare|heat) out {w}", "the sun is in my eyes {w}", "(it is|it's) too (sunny|glary) {w}",
            "(i want|i need) [some ]privacy {w}", "(close|shut) everything {w}", "close everything up for the night {w}",
            "(people|the neighbours|the neighbors) can see in {w}", "(block|keep) out the glare {w}",
            "(it is|it's) (getting dark|night time) close (up|everything) {w}",
        ],
        "dev.valve": ["close {t} (fully|off)"],
    },
    "set_position": {
        "any": [
            "{t} {v} open", "(open|close|raise|lower) {t} (up|down) to {v}",
            "(i want|i would like|i'd like) {t} (at|to) {v}", "(can|could) you (put|set) {t} (at|to) {v}", "{t} to {v} please",
            "(roll|wind|pull) {t} (up|down) to {v}", "(set|put) the position of {t} to {v}", "position {t} at {v}",
            "(have|leave|make) {t} {v} open", "(open|raise) {t} {v} of the way", "{v} on {t}",
            "(drop|lower) {t} to {v}", "(lift|raise) {t} to {v}", "{t} at {v} please", "(adjust|change) {t} to {v}",
            "(open|raise) {t} to {v} open", "{t} should be (at|on) {v}",
            "(i need|we need) {t} at {v}", "(can|could) {t} be (at|on) {v}",
            "{t} to {v} open", "(set|move) {t} to {v} open",
        ],
    },
    "lock": {
        "any": [
            "(lock|bolt) {t} (please|for me|tonight|behind me)", "{t} needs locking", "(i would like|i'd like) {t} locked",
            "(get|have) {t} locked", "lock down {t}", "{t} on lock", "(set|put) {t} to locked", "{t} should be locked",
            "[double ]lock {t} (now|for the night)", "(do not|don't) forget to lock {t}", "secure {t} (now|for the night)",
            "lock {t} (would you|will you)", "(can|could) {t} be locked", "keep {t} locked", "make sure {t} is locked (please|tonight)",
            "(lock|bolt) {t} (up|shut)", "(i am|we are) (leaving|going out|off to bed) lock {t}", "(can|could) you bolt {t}",
            "(i want|i'd like) to lock {t}", "{t} (locked|lock) please", "lock {t} (behind|after) (me|us|them)",
        ],
        "grp.lock": [
            "lock [all ][the ]doors {w}", "(lock|secure) (everything|the place|all the doors) {w}", "lock up for the night {w}",
            "(we are|i am) (going to bed|leaving|heading out) lock (up|the doors) {w}", "make sure [all ]the doors are locked {w}",
            "lock all the locks {w}", "lock it all down {w}", "(secure|lock) [all the ](doors|locks) {w} please",
        ],
    },
    "unlock": {
        "any": [
            "(unlock|unbolt|unlatch) {t} (please|for me|now)", "(let|buzz) (me|us|them) in (through|at|via) {t}", "(open up|release) {t}",
            "take {t} off [the ]lock", "(i need|i want|i would like|i'd like) {t} unlocked", "{t} needs (unlocking|to be unlocked)",
            "(can|could) (you|we) (get|have) {t} unlocked", "unlock {t} (would you|will you)", "(get|have) {t} unlocked",
            "(let|buzz) the (guests|kids|delivery driver|cleaner|postman|dog walker) in (at|through) {t}", "(set|put) {t} to unlocked",
            "{t} should be unlocked", "(i am|we are) (home|here|outside) unlock {t}", "unlatch {t}", "(can|could) you unlock {t} for (me|us)",
            "let (me|us) in (at|through) {t} please", "{t} unlock please",
            "(i want|i'd like) to unlock {t}", "(open|unlock) {t} (i am|we are) (home|here|outside)", "{t} (open|unlocked) please",
        ],
        "grp.lock": ["unlock [all ][the ]doors {w}", "(unlock|unbolt) everything {w}", "unlock all the locks {w}",
                     "(let|buzz) (me|us) in {w}"],
    },
    "media_pause": {
        "any": [
            "(pause|hold|freeze) {t} (please|for a (sec|moment|bit))", "(put|pop) {t} on (pause|hold)",
            "pause [the ](music|song|film|movie|show|video|telly|tv|programme) on {t}", "{t} (pause|hold on|wait)",
            "(can|could) you pause {t}", "hit the pause [button ]on {t}", "(freeze|stop) the (film|movie|video|show) on {t}",
            "pause whatever is (playing|on) [on ]{t}", "(give|hold) {t} a (sec|moment)", "{t} pause please", "pause {t} (now|quickly)",
        ],
        "none": [
            "(pause|stop) (this|that|the) (song|track|film|movie|show|programme|episode|video)", "pause (it|that|this) [for a (sec|moment|bit)]",
            "(hold on|wait) pause [the ](music|telly|tv|film)", "(put|pop) (it|the (music|film|show|tv|telly)) on pause",
            "(freeze|pause) the (telly|tv|film|frame)", "(pause|stop) playback", "(hang on|hold on|wait) pause (it|that)", "pause please",
            "(i need to|let me) (take|answer) the (call|phone) pause (it|the music)", "pause the (tunes|podcast|audiobook|radio)",
            "(can|could) you pause (it|this|the music)", "pause what is playing", "(hold|freeze) it there", "pause for now",
        ],
    },
    "media_resume": {
        "any": [
            "(unpause|resume|continue) [the ](music|film|movie|show|song|video|programme|playback) [on ]{t}", "(press|hit) play on {t} again",
            "{t} (resume|continue|unpause|play again)", "(carry on|keep) playing [on ]{t}", "(start|get) {t} (playing|going) again",
            "(can|could) you (resume|unpause) {t}", "play [the ](music|film|show) on {t} again", "back to [the ](music|show|film) on {t}",
            "(take|get) {t} off pause", "unfreeze {t}", "{t} (carry on|keep going)",
        ],
        "none": [
            "(unpause|resume) (it|that|this)", "take it off pause", "(let us|lets) (continue|carry on|keep) (watching|listening)",
            "(continue|keep|carry on) (watching|listening|the playback)", "(put|get) (it|the music|the film) (back on|going again)",
            "press play", "(resume|unpause) the (tv|telly|podcast|audiobook|radio|video|episode)", "play on", "un pause",
            "(i am|we are) back (carry on|resume|unpause)", "(ok|okay|right) resume", "hit play again", "back to the (film|programme|episode)",
            "(carry on|continue) where (we|i|it) left off", "(start|play) the (music|film) again",
            "(resume|continue|keep) playing", "(unpause|resume) [the ](music|show|film) please",
        ],
    },
    "media_next": {
        "any": [
            "(skip|next) (this|the) (song|track|tune|episode) on {t}", "(skip|jump) (ahead|forward) on {t}", "{t} skip",
            "(can|could) you skip [the ](song|track) on {t}", "(change|switch) the (song|track) on {t}", "next (tune|episode|video) on {t}",
            "skip to the next (song|track|episode) on {t}", "move {t} [on ]to the next (song|track)", "{t} next (song|track) please",
        ],
        "none": [
            "skip (this|the) (tune|episode|video|ad|advert)", "skip to the next (song|track|episode|tune)", "(next|another) (tune|song) please",
            "(change|switch) [the ](track|tune|song)", "(i|we) (hate|do not like|can not stand) this (song|track|tune)",
            "(move|jump|skip) (ahead|forward) a (track|song)", "play something else", "not this (song|track) [again]",
            "(skip|fast forward) to the next (song|track)", "skip forward", "on to the next (song|track)", "next (song|track) please",
            "(can|could) you skip (this|it)", "(i am|we are) (sick|bored) of this (song|track)", "skip this (please|song please)",
        ],
    },
    "media_previous": {
        "any": [
            "(go|skip|jump) back (a (song|track)|to the (last|previous) (song|track)) on {t}", "(replay|repeat) the (last|previous) (song|track) on {t}",
            "{t} (go back|back a track)", "(back|previous) (track|song) on {t}", "(can|could) you go back a (song|track) on {t}",
            "play the (last|previous) (song|track|episode) again on {t}",
        ],
        "none": [
            "(go|skip|jump) back (a (song|track|tune)|to the (last|previous) (song|track|tune|episode))", "(play|put on) the (last|previous) (song|track|tune|episode) again",
            "previous (tune|video)", "back a (song|track|tune)", "(i want|i'd like) to hear (the|that) (last|previous) (song|track) again",
            "(replay|repeat) the (last|previous) (song|track)", "skip back[wards]", "(go|skip) backwards", "last (track|tune) please",
            "(bring|put) back the (last|previous) (song|track)", "play that last (song|track) again", "the (song|track) before (this|that) please",
            "(can|could) you go back a (song|track)", "previous (song|track) please",
        ],
    },
    "set_volume": {
        "any": [
            "(turn|put|set) {t} to {v}", "volume (on|of) {t} (to|at) {v}", "(turn|put|bring) the volume (on|of) {t} (up|down) to {v}",
            "{t} volume {v} please", "(i want|i'd like|i would like) {t} at {v} [volume]", "{t} at {v}",
            "(can|could) you set the volume (on|of) {t} to {v}", "(raise|lower|drop|increase|decrease|reduce) the volume (on|of) {t} to {v}",
            "(raise|lower|drop) {t} to {v}", "sound (on|of) {t} (to|at) {v}", "(crank|turn|bring) {t} (up|down) to {v}",
            "(make|have) {t} play at {v} [volume]", "set {t} to volume {v}",
        ],
        "none": [
            "(turn|crank|bring|put) (it|the volume|the sound|the music|the tv|the telly) (up|down) to {v}",
            "(raise|lower|drop|increase|decrease|reduce) the volume to {v}", "volume level {v}", "(make|set) the volume {v}",
            "(i want|can i have|let us have) the volume (at|on) {v}", "(sound|volume level) (to|at) {v}", "(put|set) it (at|on) {v} volume",
            "set the sound to {v}", "(change|adjust) the volume [level ]to {v}", "(can|could) you (put|set|turn) the volume (to|at|on) {v}",
            "(music|tv|telly|sound) volume {v}", "volume (up|down) to {v}",
            "(make|set|turn) the (music|sound|tv|telly) {v}", "volume (on|at) {v} please", "(put|turn) it (up|down) to {v} [please]",
            "(could|can) (you|we) have the volume at {v}", "(set|change) the (music|sound|tv|telly) volume to {v}",
        ],
    },
    "start_timer": {
        "none": [
            "(set|start|put on|make) a timer (of|for) {v}", "timer (of|for) {v} please", "(can|could) (i|we) (have|get) a {v} timer",
            "(set|start|put) me a {v} (countdown|timer)", "(count|time) {v} (for me|please|from now)", "countdown (from|for|of) {v}",
            "(let me know|tell me|give me a shout|shout) when {v} (is|are) up", "(remind|call|alert|nudge|ping|buzz) me (in|after) {v}",
            "(wake|get) me up (in|after) {v}", "{v} timer (please|starting now|go)", "timer {v} [starting] now",
            "(set|put) the (timer|clock|countdown) (for|to|on) {v}", "(i need|give me|get me) {v} on the (timer|clock)",
            "count down {v} [from now]", "(begin|start) a countdown (of|for|from) {v}", "(set|start) a timer going for {v}",
            "set timer {v}", "(can|could) you time {v} for me", "(start|set) a {v} timer (please|now)", "timer {v} go",
            "(i would like|i'd like|i want) a {v} timer", "(let us|lets) (do|have) a {v} timer", "(start|set) a timer (that goes off|to go off) in {v}",
            "(ring|beep) in {v}", "in {v} (remind me|let me know|wake me|tell me)",
            "(i need|i want) a {v} timer", "start timing {v}", "(set|start|put on) a {v} timer (for me|please)",
            "(a|the) {v} timer please", "(set|start) (a|the) timer [going ]for {v}", "(time|count) {v} for me",
            "(ok|right) {v} timer", "{v} on the timer please", "(can|could) you start a {v} countdown",
            "(alarm|timer|countdown) (in|for) {v}",
        ],
        "named": [
            "(set|start|put on) (a|the) {n} timer (for|to|of) {v}", "(start|set) a {v} timer (for|called|named|labelled) [the ]{n}",
            "(remind|tell) me (to check|about) the {n} in {v}", "the {n} needs {v}",
            "(the|my) {n} (will be|is) (done|ready) in {v}", "{v} (on|for) the {n} [timer]", "{n} timer {v} please",
            "(i need|give me|can i get) a {n} timer for {v}", "(set|start) a {v} timer [and ]call it {n}", "(create|make) a timer (called|named) {n} (for|of) {v}",
            "timer (called|named) {n} for {v}", "(set|start) (a|the) timer for the {n} (for|to) {v}", "{v} {n} timer", "(set|start) a {n} countdown (for|of) {v}",
            "(set|start) a timer for [the ]{n} (for|of) {v}", "(set|start) a timer for {v} for (the|my) {n}", "{n} {v} timer",
            "(i need|i want) a {v} timer for the {n}", "the {n} (takes|needs) {v} (set|start) a timer", "{v} for the {n} please",
        ],
    },
    "cancel_timer": {
        "none": [
            "(stop|cancel|kill|switch off|turn off) the (alarm|beeping|buzzer|ringing)", "(scrap|scratch|drop|forget|ditch|bin) (the|my|that) timer",
            "forget about (the|my) timer", "(i do not|i don't) need (a|the|that) timer (anymore|now)", "(turn|switch) [the ]timer off",
            "(cancel|stop|end|kill) the count down", "never mind (the|that) timer", "(delete|remove|clear) (the|my) current timer",
            "(stop|end) [the ]timing", "(cancel|stop) (the|that|my) timer (please|now)", "timer (cancel|stop|off) please",
            "(you can|go ahead and) cancel the timer", "(the|my) timer (can go|is not needed)", "(cancel|stop) the (running|current|active) timer",
            "abort [the ]countdown", "(can|could) you (cancel|stop) the timer", "cancel countdown",
            "[the ]timer can stop", "(ok|alright|right) (stop|cancel) the timer", "(i am|we are) done cancel the timer",
            "(kill|stop|cancel|silence) (that|the) (beeping|noise|racket|alarm)", "(cancel|stop) my countdown",
        ],
        "named": [
            "(scrap|forget|ditch|turn off|switch off|silence) (the|my) {n} timer", "(i don't|i do not) need the {n} timer (anymore|any more)",
            "(cancel|stop|kill|delete) [the ]timer (for|called|named|on) [the ]{n}", "(cancel|stop) {n} timer",
            "the {n} (is|are) (done|ready) (cancel|stop) the timer", "forget [about ]the {n} timer", "(no more|never mind the) {n} timer",
            "(cancel|stop|end) the {n} countdown", "(can|could) you (cancel|stop) the {n} timer",
        ],
        "len": [
            "(scrap|forget|ditch|turn off|switch off|silence) the {v} timer", "(cancel|stop|kill|delete|remove|clear) the timer (for|of|set for) {v}",
            "(i don't|i do not) need the {v} timer [anymore]", "(cancel|stop|kill) the {v} countdown", "{v} timer (off|cancel|stop) please",
            "never mind the {v} timer", "(cancel|stop) my {v} timer", "(can|could) you (cancel|stop) the {v} timer",
        ],
    },
    "cancel_all_timers": {
        "none": [
            "(cancel|stop|clear|delete|kill|remove|scrap|end|ditch) all [of ](my|the) (timers|countdowns)", "(get rid of|turn off|switch off|silence) every timer",
            "all timers (off|cancelled|cancel|stop)", "(i do not|i don't) need any [of the ]timers", "(cancel|stop|clear) (both|all) [the ]timers",
            "wipe [all ](the|my) timers", "never mind the timers", "cancel every single timer", "(cancel|stop) all the (running|active|current) timers",
            "clear all timers please", "(kill|stop) all countdowns", "every timer (off|cancel)", "(can|could) you (cancel|clear) all (my|the) timers",
            "(get rid of|delete) all the timers",
        ],
    },
    "pause_timer": {
        "none": [
            "(pause|hold|freeze|suspend) the (countdown|clock)", "pause (the|my|this) timer (please|for now|for a (sec|moment|bit))",
            "(put|pop) (the|my) timer on (hold|pause)", "(hang on|hold on|wait) pause the timer", "timer (hold|freeze|on hold)",
            "(can|could) you pause the timer", "(pause|hold) the countdown for (now|a (bit|moment))", "hold the timer",
            "stop the timer for (now|a bit|a moment) [but do not cancel it]", "freeze the countdown", "stop the clock",
        ],
        "named": [
            "(pause|hold|freeze|suspend) the {n} (timer|countdown)", "(put|pop) the {n} timer on (hold|pause)",
            "pause the timer (for|on|called) [the ]{n}", "{n} timer (hold|freeze|on hold)", "stop the {n} timer for (now|a bit|a moment)",
            "(can|could) you pause the {n} timer",
        ],
    },
    "resume_timer": {
        "none": [
            "(unpause|resume|continue|restart) (the|my) (countdown|clock)", "(start|set) the (timer|countdown|clock) (going|running) again",
            "(take|get) (the|my) timer off (hold|pause)", "timer (back on|go again)", "(carry on|keep going) with the (timer|countdown)",
            "(unfreeze|un pause) the timer", "(restart|resume|continue) the paused timer", "(get|set) the timer (going|running|ticking) again",
            "(can|could) you (resume|unpause) the timer", "back on with the timer", "start the clock again",
        ],
        "named": [
            "(unfreeze|resume|unpause|continue) the {n} (timer|countdown)", "(start|get) the {n} timer (going|running) again",
            "take the {n} timer off (hold|pause)", "{n} timer (go|back on|unpause)", "(resume|continue) the timer (for|on|called) [the ]{n}",
            "(can|could) you (resume|unpause) the {n} timer",
        ],
    },
    "increase_timer": {
        "none": [
            "(add|stick|throw|put) {v} [more ]on (the|my) timer", "extend (the|my) (timer|countdown) by (another|an extra) {v}",
            "give (it|the timer) (another|an extra) {v}", "(i need|we need|give me|give it) (another|an extra) {v}",
            "{v} (longer|more) on the (timer|clock)", "(make|set) (the|my) timer {v} longer", "(bump|push) (the|my) timer (up|out|back) by {v}",
            "top up the timer (by|with) {v}", "(lengthen|prolong) the timer by {v}", "(can|could) you add {v} to the timer",
            "another {v} on the timer [please]", "timer add {v}", "(it|the timer) needs (another|an extra) {v}", "(add|put) {v} (to|on) it",
            "add (another|an extra) {v}", "add {v} [more]", "{v} more please",
            "(another|an extra) {v} please", "snooze [it ]for {v}", "(give|put) (it|the timer) {v} more",
            "extend it by {v}",
        ],
        "named": [
            "(add|put|stick) (another|an extra) {v} (on|to|onto) the {n} [timer]", "(extend|lengthen) the {n} [timer] by {v}",
            "give the {n} (another|an extra) {v}", "the {n} needs (another|an extra) {v}", "{v} more for the {n}",
            "(bump|push) the {n} timer (up|out|back) by {v}", "{n} timer plus {v}", "(add|put) {v} to the timer for the {n}",
        ],
    },
    "decrease_timer": {
        "none": [
            "(take|knock|shave|cut|chop|drop) {v} off (the|my) (timer|countdown)", "(shorten|reduce|cut|decrease) the (countdown|clock) by {v}",
            "(make|set) (the|my) timer {v} (shorter|less)", "(remove|subtract) {v} (from|off) (it|the timer|the countdown)",
            "{v} (less|fewer) on the (timer|clock)", "(take|knock) (the|my) timer down by {v}", "(bring|move) the timer (down|forward) by {v}",
            "(lower|drop) the timer by {v}", "(can|could) you (take|knock) {v} off the timer", "timer (take|knock) off {v}", "timer down by {v}",
            "(take|knock|shave) {v} off", "minus {v}", "(take|knock) {v} off (it|that)",
            "{v} less please", "(shorten|reduce) it by {v}",
        ],
        "named": [
            "(take|knock|shave|cut) {v} off the {n} [timer]", "(shorten|reduce|cut) the {n} [timer] by {v}", "the {n} needs {v} less",
            "{n} timer minus {v}", "make the {n} timer {v} shorter", "{v} less (on|for) the {n} [timer]",
        ],
    },
    "timer_status": {
        "none": [
            "(how (long|much time) is|how many (minutes|seconds) are) (left|remaining|to go) on (the|my) (timer|countdown)",
            "(what is|what's) (left|remaining) on the (timer|countdown|clock)", "(how is|how's) the (timer|countdown) (going|looking)",
            "(has the timer (gone off|finished)|is the timer (done|up)) [yet]", "(when|what time) (will|does) the timer (go off|ring|finish|end)",
            "how long (till|until) the timer [is ](done|finished|up)", "(check on|look at|check) the (timer|countdown)",
            "(what is|what's) the timer (at|on|saying|showing)", "(tell|give) me the time (left|remaining) [on the timer]",
            "how much longer [on the timer]", "(time|minutes) (remaining|left) on the (timer|clock)", "(are|is) there any timers (running|going|set)",
            "do i have (any|a) timer (running|going|set)", "(what|which) timers (are|do i have) (running|set|going)", "timer check",
            "how long have i got [left]", "(how is|how's) my countdown (doing|going)", "how much time is left on it",
            "(is|are) (my|the) timer[s] still (running|going|on)", "how long on the timer", "(what is|what's) the status of (my|the) timer",
            "how far along is the timer", "(how long|how much time) (have i|do we) got left", "(is|are) there (a|any) timer[s] (on|running|going)",
            "(how long|how much longer) (till|until) (it is|it's) (done|ready)", "(how is|how's) the timer looking", "(tell|remind) me how long is left",
        ],
        "named": [
            "(how (long|much time) is|how many minutes are) (left|remaining) (on|for) the {n}[ timer]", "(what is|what's) (left|remaining) on the {n} timer",
            "(is the {n} [timer ](done|finished|up)|has the {n} [timer ](gone off|finished)) [yet]", "how long (until|till) the {n} (is|will be) (done|ready)",
            "(how is|how's) the {n} (coming along|getting on|going)", "check on the {n} timer", "(time|minutes) left (on|for) (the|my) {n} [timer]",
            "how much longer (on|for) the {n}[ timer]", "(is|are) the {n} ready yet", "what is the {n} timer (at|on|saying)",
            "how long (has|does) the {n} [timer ](got|have) left", "(is|are) the {n} [timer ]still (running|going|on)", "how much time [is ]left (on|for) the {n}",
            "(what is|what's) the status of the {n} timer", "how far along is the {n} [timer]", "(when|how soon) will the {n} be (done|ready)",
        ],
    },
    "vacuum_start": {
        "any": [
            "(start|run|launch|fire up|kick off|power up) {t} (now|please)", "(send|set) {t} (off|to clean|cleaning|on its way)",
            "(have|let) {t} (do|clean) the (floors|house|carpets|rugs)", "get {t} to clean the (floors|house|carpets)", "{t} (start|go) cleaning", "(start|begin) (a clean|a cleaning cycle|a run) with {t}",
            "(tell|ask) {t} to (clean|start|vacuum|hoover|get to work)", "{t} (get to work|do your thing|time to clean)",
            "(wake up|unleash|deploy) {t}", "(let|set) {t} loose", "put {t} to work", "(i want|i'd like|i would like) {t} to (clean|vacuum|hoover) [the floors]",
            "(can|could) you (start|run) {t}", "(get|send) {t} (round|around) the house",
        ],
        "none": [
            "(hoover|vacuum) [the ](carpets|rugs|place)", "the floors (need|could do with) a (hoover|vacuum|clean)",
            "the (carpet|floor|rug) is (dirty|filthy|covered in crumbs)", "there are crumbs (everywhere|all over the floor)",
            "(start|run|do) a (clean|cleaning cycle|vacuum|hoover|sweep)", "(send|get|let) the (robot|vacuum|hoover|roomba|robot vacuum|robovac) (out|going|to work|cleaning)",
            "give the (house|floors|place) a [quick ](hoover|vacuum|clean)", "(can|could) you (hoover|vacuum) (up|the floors|the house)",
            "(hoover|vacuum) up [the ](mess|crumbs|dust|dog hair)", "release the (robot|roomba)", "(start|begin) the cleaning (cycle|run)",
            "(it is|it's) time to (hoover|vacuum)", "[please ]clean up the (floor|floors|crumbs)",
        ],
    },
    "vacuum_return_to_base": {
        "any": [
            "(send|get) {t} [back ]to (its|the) (charging station|docking station|base station)", "(tell|ask) {t} to (go|head) (home|back to (base|the dock))",
            "{t} (back to base|back to the dock|go charge|stop and dock|head home)", "(recharge|charge) {t}", "(stop|pause) {t} and (dock|go home|return to base)",
            "(park|home|retire) {t}", "{t} (that is|that's) enough (cleaning|for today) go home", "(call|bring) {t} (back|home|in)",
            "{t} (can|should) (go|head) home [now]", "put {t} (away|to bed)", "return {t} to (its|the) (dock|base|charger)",
            "(can|could) you (dock|send home) {t}", "{t} stop cleaning and go home",
        ],
        "none": [
            "(that is|that's) enough (vacuuming|hoovering|cleaning) [(for today|for now)]", "(call|bring) the (robot|vacuum|hoover|roomba|robovac) (back|home|in)",
            "tell the (robot|vacuum|hoover|roomba) to (go|head) (home|back to (base|its dock|the charger))",
            "(stop|end|quit) (cleaning|hoovering|vacuuming) and (go home|dock|go back to base)", "(robot|roomba|hoover|vacuum) (go|head) (home|back to base|to the dock|charge)",
            "(park|recharge|charge) the (robot|vacuum|roomba|hoover|robovac)", "put the (robot|hoover|roomba|vacuum) (away|back on charge|on its dock)",
            "(cleaning|vacuuming|hoovering) (done|over|finished) (go home|back to base)",
        ],
    },
    "cancel": {
        "none": [
            "[oh ]never mind (then|about it|that)", "(scrap|ditch|drop) (it|that|all that)", "forget what i said",
            "(cancel|abort) (it|the last (command|request|thing))", "(no|nope) (wait|sorry|cancel)", "(sorry|oops) (my bad|wrong (thing|button))",
            "(i|we) (changed|have changed) (my|our) mind", "(do not|don't) (bother|do that|worry)", "(actually|wait) (no|do not|don't) [(do that|bother)]",
            "ignore what i [just ]said", "(i was|that was) (just talking|talking to (someone else|my (wife|husband|partner|son|daughter|friend)))",
            "(leave it|let it be)", "(cancel|forget) (that|my last) (request|command|instruction)", "false alarm",
            "nah (forget it|never mind|leave it)", "no (no|don't|do not) (do that|bother)", "(nothing for now|that is it|that's it|that will be all|all done)",
            "(sorry|whoops) i did not mean that", "(hold on|wait) cancel that", "(it is|it's) fine (never mind|forget it)", "stop stop",
        ],
    },
})

for _action, _kinds in _MORE.items():
    for _kind, _templates in _kinds.items():
        PHRASES[_action].setdefault(_kind, []).extend(_templates)
del _action, _kinds, _kind, _templates

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

#: Situations said before a command ("i'm off out, lock the back door"). Alone they are remarks, out of
#: domain; followed by a command, the command is what counts.
REMARKS = [
    "the kids are asleep", "the little one is napping", "the dog is asleep", "i am off to bed", "i'm off to bed",
    "i am going to bed", "we're off out", "i'm popping out", "we are off to the shops", "it is getting late", "it's late",
    "we are going out", "i am home", "i'm home", "i'm back", "movie time", "that is enough", "that's enough", "i am done",
    "i'm done", "i'm finished in here", "we are leaving now", "guests are coming", "dinner is ready", "time for bed",
    "bedtime", "i am going out", "i'm off to work", "we are done here", "morning", "good morning", "good night",
    "night night", "i am leaving", "i'm going to read", "i'm trying to sleep", "right i'm done", "i have heard enough",
    "it's bedtime", "we're watching a film", "i'm working from home today", "nobody is in there", "no one is using it",
    "it's a nice day", "it's getting dark", "i'm cooking", "i'm in the shower", "we have visitors", "i'm about to leave",
    "i'm going for a nap", "lunch is ready", "it's very quiet", "hang on", "oh wait", "ok right", "right ok",
    "you know what", "come to think of it", "on second thought", "the glare is awful", "it's boiling today",
    "the postman is here", "i've got a headache", "the match is starting", "my hands are full", "i'm on a call",
    "we're about to eat", "the cat's gone out", "i'm having a bath", "everyone's gone home", "the film is over",
]

#: Said after a command, asking for nothing more ("turn the fan off, it's cool enough now").
AFTERTHOUGHTS = [
    "it's cool enough now", "it's warm enough now", "nobody needs it", "it's bright enough", "it's too noisy",
    "it's been on all day", "we don't need it", "it's wasting power", "i can't hear myself think", "it's stuffy in here",
    "the room is empty", "i've finished with it", "it's giving me a headache", "it's nice and sunny", "we're going out",
    "i'm heading to bed", "that's better", "cheers", "i'm all done", "no one's watching", "the kids have gone to school",
]

_MORE_2: dict[str, dict[str, list[str]]] = {
    "turn_off": {
        "any": [
            "lose {t}", "knock {t} off", "{t} can go off [now]", "(i am|we are|i'm|we're) (done|finished) with {t} (turn|switch) it off",
            "(i am|we are|i'm) done with {t} [now ]you can (turn|switch) it off", "we (do not|don't) need {t} (any more|anymore|now)",
            "nobody is using {t} (turn|switch) it off", "(turn|switch) {t} off (then|too|as well)", "{t} (can|could) be off now",
            "(turn|switch) {t} off (we are|i am|i'm|we're) (going out|off|leaving)", "no need for {t} (now|any more)",
        ],
        "dev.media_player": [
            "(i have|i've) heard enough of {t} (turn|switch) it off", "enough of {t} [(turn|switch) it off]",
            "(turn|switch) {t} off (i am|i'm|nobody is) (not listening|not watching|watching)",
        ],
    },
    "turn_on": {
        "any": [
            "(put|get) {t} (going|on) for (me|us)", "(i would|i'd) like {t} on (now|please)", "(turn|switch) {t} on (then|too|as well)",
            "(can|could) we have {t} on [please]", "(turn|switch|put) on {t} (would you|will you|for a bit)",
        ],
        "dev.media_player": ["put {t} on (for|so) (me|us)", "put {t} on for some background noise"],
    },
    "increase_timer": {
        "named": [
            "give (the|my) {n} [timer] (another|an extra) {v}", "(add|put|stick) (another|an extra) {v} on the {n} [timer]",
            "the {n} (needs|could do with) (another|an extra) {v}", "{n} (needs|timer needs) {v} more", "(extend|push) the {n} by {v}",
        ],
    },
    "decrease_timer": {
        "named": ["take {v} off the {n} [timer]", "the {n} needs {v} less", "(cut|knock) {v} off the {n} timer"],
    },
    "timer_status": {
        "named": [
            "how long (until|till|before) the {n} [timer] (goes off|is done|rings|finishes|is ready)",
            "(when|what time) (will|does) the {n} [timer] (go off|be done|finish|ring)", "is the {n} [timer] (done|finished|up) yet",
            "how much longer (on|for) the {n} [timer]", "how long (has|have) the {n} got [left]",
        ],
    },
}
for _action, _kinds in _MORE_2.items():
    for _kind, _templates in _kinds.items():
        PHRASES.setdefault(_action, {}).setdefault(_kind, []).extend(_templates)
del _action, _kinds, _kind, _templates

#: Every device of a place at once ("turn off everything in the study"): the notation's domain ``all``.
EVERYTHING: dict[str, list[str]] = {
    "turn_off": [
        "(turn|switch|power) off everything {w}", "(turn|switch) everything off {w}", "everything off {w}",
        "kill everything {w}", "(shut|power) everything down {w}", "(turn|switch) off the lot {w}", "the lot off {w}",
        "(turn|switch) off all the things {w}", "(turn|switch) off every device {w}", "(turn|switch) off absolutely everything {w}",
        "can you (turn|switch) everything off {w}", "everything {w} off [please]",
    ],
    "turn_on": [
        "(turn|switch|power) on everything {w}", "(turn|switch) everything on {w}", "everything on {w}",
        "(turn|switch) on the lot {w}", "(fire|power) up everything {w}", "(turn|switch) on every device {w}",
    ],
}

#: Openings that suit a question or a remark as well as a request ("hey, what time is it"); request
#: openings ("could you", "i want you to") go only before commands and requests.
ATTENTION_PREFIXES = [
    "hey", "ok", "okay", "hey computer", "ok computer", "computer", "um", "uh", "er", "so", "right", "alright",
    "excuse me", "sorry", "actually", "listen", "hey there", "hiya", "oh and", "also", "now then", "hey so", "quick question",
    "ok so", "right then", "okay then",
]
#: First words of a question or a remark ("is the door locked", "it is freezing in here", "the kids are asleep"),
#: not of a request: only :data:`ATTENTION_PREFIXES` go before them, never "could you".
NON_REQUEST_OPENERS = frozenset({
    "is", "are", "was", "were", "what", "whats", "how", "hows", "did", "does", "has", "have", "had", "when", "where", "who",
    "which", "why", "any", "it", "its", "that", "thats", "there", "the", "my", "our", "good", "hello", "hi", "thank", "thanks",
    "yes", "no", "maybe", "okay", "ok", "cool", "goodbye", "see", "blah", "testing", "quick", "nobody", "am", "should",
    "what's", "how's", "it's", "that's", "there's", "where's", "who's", "when's",
})

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
    "ditto (for|with) {t}", "(repeat|do) that (for|with) {t}", "{t} as well please", "same again (for|with) {t}",
    "same thing (for|with) {t}", "then {t}", "[oh ]and {t} while you are at it", "could you do {t} as well",
]

_MORE_FOLLOWUP_IT: dict[str, list[str]] = {
    "turn_on": ["(put|stick|flick) (it|them) back on", "(it|them) on again [please]", "(switch|turn) (that|those) on [too]"],
    "turn_off": ["(turn|switch|flick) (it|them) off (now|again)", "(that|those) off (too|as well)", "(kill|cut) (it|them)", "(put|turn) (it|them) out"],
    "toggle": ["(toggle|flip|switch) (it|them) (again|back)"],
    "increase_brightness": ["a (bit|touch|little) (brighter|more)", "(brighter|up) (still|again)", "more please", "(even|a bit) brighter"],
    "decrease_brightness": ["a (bit|touch|little) (dimmer|darker|less)", "(darker|dimmer|down) (still|again)", "less please", "(even|a bit) dimmer"],
    "set_brightness": ["(make|set) (it|them) {v}", "(try|how about) {v}", "(dim|bring|turn) (it|them) (down|up) to {v}"],
    "set_color": ["{v} (please|then)", "(how about|what about|try) {v} [instead]", "(make|turn) (it|them) {v} instead"],
    "open": ["(open|pull|put) (it|them) (up|back up)", "(open|raise) (that|those) [too]"],
    "close": ["(put|pull|bring) (it|them) (down|back down)", "(close|shut) (that|those) [too]"],
    "lock": ["(lock|bolt) (it|them) (up|too)", "lock (that|those) [too]"],
    "unlock": ["(unbolt|open) (it|them)", "unlock (that|those) [too]"],
}
for _action, _templates in _MORE_FOLLOWUP_IT.items():
    FOLLOWUP_IT.setdefault(_action, []).extend(_templates)
del _action, _templates

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
#: Words before a thing that make a device the home may not have ("the heated towel rail").
UNKNOWN_QUALIFIERS = ["heated", "electric", "smart", "outdoor", "spare", "portable", "wireless", "automatic", "mini",
                      "heated towel", "infrared", "hanging", "glass", "solar", "battery", "wifi", "usb"]
#: Rooms and things no generated home has, combined with class words ("the attic light", "the cellar door"):
#: a room the home lacks must be refused, not read as "here".
UNKNOWN_PLACES = ["attic", "cellar", "summer house", "loft", "shed", "basement", "garage", "boathouse", "sauna", "studio",
                  "pool house", "wine cellar", "treehouse", "panic room", "guest house", "barn", "stable", "chapel"]
UNKNOWN_TEMPLATES = [
    "(turn|switch) on (the|my) {x}", "(turn|switch) off (the|my) {x}", "(open|close) (the|my) {x}", "start the {x}",
    "(lock|unlock) the {x}", "set the {x} to {num} percent", "is the {x} on", "dim the {x}", "stop the {x}", "{x} on",
    "{x} off", "turn the {x} (on|off)", "activate the {x}", "(pause|play) the {x}",
]


#: Readings of a sensor with no state asked ("what does the power meter say", "how humid is it in the
#: bathroom"): ``get_state`` with no value. ``dev`` names the sensor; ``humidity`` asks a room's (or the
#: house's) humidity sensor by what it measures. Temperature questions are ``get_temperature``.
READINGS: dict[str, list[str]] = {
    "dev": [
        "what (does|is) {t} (say|saying|read|reading|show|showing)", "what is {t} at [(now|right now|at the moment)]",
        "(check|read) {t} [for me]", "(give me|tell me) the reading (on|from) {t}", "{t} reading [please]",
        "what is the reading (on|from) {t}", "what number is {t} showing", "(any idea|do you know) what {t} (says|is reading)",
        "(can|could) you (check|read) {t} [for me]", "how is {t} looking", "what level is {t} (at|showing)",
        "check the level on {t}", "status of {t} [please]",
    ],
    "humidity": [
        "how humid is it {w}", "what is the humidity {w}", "what is the humidity (like|level|at|reading) {w}",
        "(tell me|give me|check) the humidity {w}", "humidity {w} [please]", "how (damp|muggy|steamy) is it {w}",
        "is it (humid|damp|muggy|steamy) {w}", "(any idea|do you know) how humid it is {w}", "what is the humidity level {w} (now|right now|at the moment)",
        "how much humidity is there {w}", "is the air (damp|dry|humid) {w}", "what percent humidity is it {w}",
        "how (humid|damp) has it got {w}", "(check|see) if it is (damp|humid) {w}",
    ],
}
