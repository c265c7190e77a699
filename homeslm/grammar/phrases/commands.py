"""The plain templates per action and kind of target (``PLAIN[action][kind]``, see
:mod:`homeslm.grammar.phrases`), a few more of them (``EXTRA``), every device of a place at once
(``EVERYTHING``) and the readings of a sensor (``READINGS``)."""

from __future__ import annotations

PLAIN: dict[str, dict[str, list[str]]] = {
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
    # relative colour warmth: never a level, never off ("turn the lights warmer")
    "warmer_color_temp": {
        "any": [
            "(make|turn|set) {t} warmer", "{t} warmer [please]", "make {t} a (bit|little|touch|tad) warmer",
            "(give|make) {t} a warmer (white|colo[u]r|tone|glow)", "{t} (is|are|looks|look) too (cold|blue|harsh|white)",
            "warmer (light|white|tone) (on|from|for) {t}", "(shift|move|nudge) {t} (towards|to) warm[er] [white]",
            "less blue (on|from) {t}", "more yellow (on|from) {t}", "(turn|bring) {t} warmer [please]",
            "{t} (a bit|a little|slightly) warmer", "warm up the colo[u]r (of|on) {t}", "can {t} be warmer",
        ],
        "grp.light": [
            "(make|turn) the (lights|lighting) {w} warmer", "warmer (light|lights|lighting|white) {w} [please]",
            "the (lights|lighting) {w} (are|is|look|looks) too (cold|blue|harsh)", "(make|turn) the lights {w} a (bit|little|touch) warmer",
            "(a|some) warmer light {w} [please]", "(can|could) (we|i) have warmer light {w}",
            "the lights {w} warmer [please]", "less harsh light {w} please",
        ],
    },
    "cooler_color_temp": {
        "any": [
            "(make|turn|set) {t} cooler", "{t} cooler [please]", "make {t} a (bit|little|touch|tad) cooler",
            "(give|make) {t} a cooler (white|colo[u]r|tone)", "{t} (is|are|looks|look) too (yellow|orange|warm)",
            "cooler (light|white|tone) (on|from|for) {t}", "(shift|move|nudge) {t} (towards|to) cool[er] [white]",
            "more blue (on|from) {t}", "less yellow (on|from) {t}", "make {t} (whiter|bluer|crisper)",
            "{t} (a bit|a little|slightly) cooler", "(turn|bring) {t} cooler [please]", "can {t} be cooler",
        ],
        "grp.light": [
            "(make|turn) the (lights|lighting) {w} cooler", "cooler (light|lights|lighting|white) {w} [please]",
            "the (lights|lighting) {w} (are|is|look|looks) too (yellow|orange|warm)", "(make|turn) the lights {w} a (bit|little|touch) cooler",
            "(a|some) cooler light {w} [please]", "(can|could) (we|i) have (cooler|crisper|whiter) light {w}",
            "the lights {w} cooler [please]", "crisper (light|lighting) {w} please",
        ],
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
    # relative temperature: a step up or down from the set point, never a level ("turn the heating up a bit")
    "increase_temperature": {
        "any": [
            "(turn|put|bump|crank|push) up {t}", "(turn|put|bump|crank|push) {t} up", "{t} up [a bit] [please]",
            "(raise|increase|up) {t}", "(turn|put|nudge|knock) {t} up a (bit|notch|touch|little)",
            "make {t} (warmer|hotter)", "(can|could) (you|we) (turn|put) {t} up", "(up|raise) the temperature (of|on) {t}",
            "{t} (warmer|higher) [please]", "{t} needs (turning|to go) up [a bit]",
        ],
        "grp.climate": [
            "(make|get) it (warmer|hotter|a bit warmer|a little warmer|a touch warmer) {w}", "(a bit|a little|slightly) warmer {w} please",
            "(turn|put|bump|crank|push) (up|the heating up|up the heating|the heat up|up the heat) {w}",
            "(raise|increase|up) the temperature {w}", "(turn|put) the thermostat up {w}", "(turn|put) up the thermostat {w}",
            "warm (it|things|the place|the room) up a (bit|little|touch) {w}", "(can|could) (you|we) make it warmer {w}",
            "(i want|i would like|we want) it warmer {w}", "warmer {w} please", "heat it up a bit {w}",
            "more heat {w} [please]", "(it could|it needs to) be (a bit|a little) warmer {w}", "nudge the heating up {w}",
        ],
        "by": [
            "(turn|put|bump) up {t} by {v}", "(turn|put|bump) {t} up by {v}", "(raise|increase) {t} by {v}",
            "make {t} {v} (warmer|hotter)", "{t} up {v}", "(raise|increase) the temperature (of|on) {t} by {v}",
        ],
        "grp.by": [
            "(make|get) it {v} warmer {w}", "(turn|put) the heating up (by|another) {v} {w}", "(raise|increase) the temperature by {v} {w}",
            "{v} warmer {w} please", "(bump|turn) (it|the heat) up {v} {w}",
        ],
    },
    "decrease_temperature": {
        "any": [
            "(turn|put|knock|bring) down {t}", "(turn|put|knock|bring) {t} down", "{t} down [a bit] [please]",
            "(lower|decrease|reduce|drop) {t}", "(turn|put|nudge|knock) {t} down a (bit|notch|touch|little)",
            "make {t} (cooler|colder)", "(can|could) (you|we) (turn|put) {t} down", "(lower|drop|reduce) the temperature (of|on) {t}",
            "{t} (cooler|lower) [please]", "{t} needs (turning|to go) down [a bit]",
        ],
        "grp.climate": [
            "(make|get) it (cooler|colder|a bit cooler|a little cooler|a touch cooler) {w}", "(a bit|a little|slightly) cooler {w} please",
            "(turn|put|knock|bring) (down|the heating down|down the heating|the heat down|down the heat) {w}",
            "(lower|decrease|reduce|drop) the temperature {w}", "(turn|put) the thermostat down {w}", "(turn|put) down the thermostat {w}",
            "cool (it|things|the place|the room) down a (bit|little|touch) {w}", "(can|could) (you|we) make it cooler {w}",
            "(i want|i would like|we want) it cooler {w}", "cooler {w} please", "less heat {w} [please]",
            "(it could|it needs to) be (a bit|a little) cooler {w}", "nudge the heating down {w}",
        ],
        "by": [
            "(turn|put|knock) down {t} by {v}", "(turn|put|knock) {t} down by {v}", "(lower|decrease|reduce|drop) {t} by {v}",
            "make {t} {v} (cooler|colder)", "{t} down {v}", "(lower|drop) the temperature (of|on) {t} by {v}",
        ],
        "grp.by": [
            "(make|get) it {v} cooler {w}", "(turn|put) the heating down (by|another) {v} {w}", "(lower|drop|reduce) the temperature by {v} {w}",
            "{v} cooler {w} please", "(knock|turn) (it|the heat) down {v} {w}",
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
    # relative volume: a step, never a level ("turn the tv down a bit")
    "increase_volume": {
        "any": [
            "(turn|crank|bump|pump) up {t}", "(turn|crank|bump|pump) {t} up", "make {t} louder", "{t} louder [please]",
            "(raise|increase|up) the volume (on|of) {t}", "(turn|put) the volume up on {t}", "louder on {t} [please]",
            "{t} (is|are) too quiet", "(i|we) (can not|can't) hear {t}", "(turn|nudge) {t} up a (bit|notch|little|touch)",
            "more volume (on|from) {t}", "{t} up a bit", "volume up on {t}",
        ],
        "none": [
            "(turn|crank|bump) it up [a bit]", "louder [please]", "(a bit|a little|bit) louder [please]", "volume up [please]",
            "(turn|put) the (volume|music|sound) up [a bit]", "(turn|put) up the (volume|music|sound)", "(raise|increase) the volume",
            "(make|can you make) it louder", "i (can not|can't) hear (it|anything|the music)", "pump up the volume",
            "it is too quiet", "more volume [please]", "up the volume",
        ],
        "by": ["(turn|bump) {t} up by {v}", "(raise|increase) the volume (on|of) {t} by {v}", "make {t} {v} louder", "{t} louder by {v}"],
        "none.by": ["(turn|put) the volume up by {v}", "volume up {v}", "(raise|increase) the volume by {v}", "{v} louder [please]"],
    },
    "decrease_volume": {
        "any": [
            "(turn|bring|knock) down {t}", "(turn|bring|knock) {t} down", "make {t} quieter", "{t} quieter [please]",
            "(lower|decrease|reduce) the volume (on|of) {t}", "(turn|put) the volume down on {t}", "quieter on {t} [please]",
            "{t} (is|are) too loud", "(turn|nudge) {t} down a (bit|notch|little|touch)", "less volume (on|from) {t}",
            "{t} down a bit", "volume down on {t}", "(lower|reduce) {t}",
        ],
        "none": [
            "(turn|bring|knock) it down [a bit]", "quieter [please]", "(a bit|a little|bit) quieter [please]", "volume down [please]",
            "(turn|put) the (volume|music|sound) down [a bit]", "(turn|put) down the (volume|music|sound)", "(lower|reduce) the volume",
            "(make|can you make) it quieter", "(it is|that is|this is) (too|way too|far too) loud", "keep it down [please]",
            "less volume [please]", "not so loud [please]", "softer [please]",
        ],
        "by": ["(turn|knock) {t} down by {v}", "(lower|reduce) the volume (on|of) {t} by {v}", "make {t} {v} quieter", "{t} quieter by {v}"],
        "none.by": ["(turn|put) the volume down by {v}", "volume down {v}", "(lower|reduce) the volume by {v}", "{v} quieter [please]"],
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
        # {a}: a room said of a new timer, which starts where it is said (start_timer keeps no area: labelled without)
        "area": [
            "(set|start) a timer in the {a} for {v}", "(set|start) a {a} timer for {v}", "{a} timer [for ]{v}",
            "(set|start) a {v} timer in the {a}", "(set|start) a timer for {v} in the {a}",
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
        # {a}: the room the timer was started in ("the kitchen timer")
        "area": ["(cancel|stop|delete|remove|end|kill|clear|turn off) (the|my) {a} timer", "(cancel|stop) the timer in the {a}",
                 "{a} timer (off|cancel|stop)", "get rid of the timer in the {a}"],
    },
    "cancel_all_timers": {
        "none": ["(cancel|stop|delete|remove|clear|kill|end) all [of ][(the|my)] timers",
                 "(cancel|stop|clear|delete) every timer", "(cancel|stop|clear|delete) all timers",
                 "(get rid of|turn off|silence) all [(the|my)] timers", "no more timers", "timers off", "clear the timers",
                 "delete them all the timers", "(cancel|stop|clear) (the|my) timers"],
        "area": ["(cancel|stop|clear) all [(the|my)] {a} timers", "(cancel|stop|clear) all [of ]the timers in the {a}"],
    },
    "pause_timer": {
        "none": ["pause [(the|my)] timer", "(hold|freeze|suspend) (the|my) timer", "timer pause", "put the timer on hold",
                 "pause the countdown", "stop the timer for a (sec|moment|bit)", "hold the countdown"],
        "named": ["pause (the|my) {n} timer", "(hold|freeze) the {n} timer", "{n} timer pause"],
        "area": ["pause (the|my) {a} timer", "(hold|freeze) the timer in the {a}", "pause the timer in the {a}"],
    },
    "resume_timer": {
        "none": ["(resume|unpause|continue|restart) [(the|my)] timer", "timer (resume|continue|go)", "start the timer again",
                 "(resume|continue) the countdown", "carry on with the timer", "let the timer (run|continue|go) [again]",
                 "keep the timer going"],
        "named": ["(resume|unpause|continue) (the|my) {n} timer", "{n} timer (resume|continue)", "start the {n} timer again"],
        "area": ["(resume|unpause|continue) (the|my) {a} timer", "start the timer in the {a} again"],
    },
    "increase_timer": {
        "none": ["add {v} (to|on to|onto) [(the|my)] timer", "(extend|increase) [(the|my)] timer by {v}", "{v} more [on the timer]",
                 "give me {v} more", "put {v} more on the timer", "(add|put) (another|an extra) {v} (on|to) the timer",
                 "timer plus {v}", "(make|add) the timer {v} longer", "(increase|extend) the countdown by {v}"],
        "named": ["add {v} to (the|my) {n} timer", "(extend|increase) the {n} timer by {v}", "{v} more on the {n} timer"],
        "area": ["add {v} to the {a} timer", "(extend|increase) the timer in the {a} by {v}", "{v} more on the {a} timer"],
    },
    "decrease_timer": {
        "none": ["(take|remove|subtract) {v} (off|from) [(the|my)] timer", "(reduce|shorten|decrease|cut) [(the|my)] timer by {v}",
                 "timer minus {v}", "{v} less on the timer", "make the timer {v} shorter", "knock {v} off the timer",
                 "(reduce|shorten) the countdown by {v}"],
        "named": ["(take|remove) {v} (off|from) the {n} timer", "(reduce|shorten) the {n} timer by {v}"],
        "area": ["(take|remove) {v} (off|from) the {a} timer", "(reduce|shorten) the timer in the {a} by {v}"],
    },
    "timer_status": {
        "none": ["how (long|much time) [is ](left|remaining) on [(the|my)] timer", "how much time [is ](left|remaining)",
                 "(check|status of) (the|my) timer", "time left", "how long (is|do i have) left", "when (is|does) (the|my) timer (done|end|go off|finish)",
                 "what is [left on ](the|my) timer", "timer status", "how is (the|my) timer doing", "is the timer (done|finished) yet",
                 "how many minutes [are ]left", "how long until the timer (goes off|is done)", "any time left on the timer",
                 "what is the time remaining", "how long to go"],
        "named": ["how (long|much time) is left on (the|my) {n} timer", "(check|status of) the {n} timer", "how is (the|my) {n} [timer ]doing",
                  "when (is|will) the {n} [timer ][be ]done", "{n} timer status", "time left (on|for) the {n}[ timer]"],
        "area": ["how (long|much time) is (left|remaining) on the timer in the {a}", "how (long|much time) is left on the {a} timer",
                 "(check|status of) the {a} timer", "when will the {a} timer be done", "what is left on the timer in the {a}"],
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

#: Further plain phrasings of switching and timers, merged after the idioms of the second wave.
EXTRA: dict[str, dict[str, list[str]]] = {
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
    "pause_timer": {
        "len": ["pause the {v} timer", "(hold|freeze) the {v} (timer|one)", "put the {v} timer on hold", "pause the timer (for|of) {v}"],
    },
    "resume_timer": {
        "len": ["(resume|unpause|continue) the {v} timer", "(start|restart) the {v} timer again", "let the {v} (timer|one) (run|carry on)"],
    },
    "timer_status": {
        "len": ["how (long|much time) is left on the {v} timer", "(check|status of) the {v} timer", "is the {v} timer (done|finished) yet",
                "how is the {v} timer doing", "when will the {v} timer (go off|be done|finish)"],
        "named": [
            "how long (until|till|before) the {n} [timer] (goes off|is done|rings|finishes|is ready)",
            "(when|what time) (will|does) the {n} [timer] (go off|be done|finish|ring)", "is the {n} [timer] (done|finished|up) yet",
            "how much longer (on|for) the {n} [timer]", "how long (has|have) the {n} got [left]",
        ],
    },
}

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
