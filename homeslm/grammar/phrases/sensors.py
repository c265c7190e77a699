"""Questions about sensors, binary sensors, people and devices that never act (issue 13).

- :data:`BINARY_CLASSES`: a binary sensor class with Home Assistant's state words (a binary sensor is on
  or off; its class gives the words: battery low/normal, moisture wet/dry, motion detected/clear, ...),
  the words for a group of them and how each state is said. A question over the class ("is any window
  open upstairs", "which leak sensors are wet", "is there smoke in the kitchen") is ``get_state`` of
  ``binary_sensor:<class>`` with the place and the state word (the notation's token) as value.
- :data:`CLASS_ASKS`: quantified questions over a class, ``{c}`` the plural, ``{s}`` the singular,
  ``{st}`` the state as said, ``{w}`` the place.
- :data:`MEASURES`: a quantity a sensor of a class measures ("what is the humidity in the bathroom",
  "how much power is the house using"): ``get_state`` of ``sensor:<class>`` with no value.
- :data:`ACTION_QUESTIONS`: questions with an action verb in them ("is the lamp turned on", "did i lock
  the door", "how bright is the lamp"): the read-only intent, never the action. ``(template, state)``
  per device type, the state ``None`` for a question with no state asked.
- :data:`PEOPLE_ASKS`: presence of people (``person`` devices: ``home``/``away``).
Keep the sentences of shared/eval and tests/data out of here: those sets measure generalisation.
"""

from __future__ import annotations

import re
from typing import TypedDict

from homeslm.device_classes import GROUP_WORDS


class BinaryClass(TypedDict):
    """A binary sensor class: ``words`` (plural, singular), ``states`` {token: [how it is said]} (the
    class's on word first), ``own`` questions of its own [(template, token)]."""

    words: list[tuple[str, str]]
    states: dict[str, list[str]]
    own: list[tuple[str, str]]


def _words(device_class: str) -> list[tuple[str, str]]:
    return list(GROUP_WORDS[device_class])


#: class -> words (:data:`homeslm.device_classes.GROUP_WORDS`), state words, questions of its own
#: (:class:`BinaryClass`).
BINARY_CLASSES: dict[str, BinaryClass] = {
    "window": {"words": _words("window"),
               "states": {"open": ["open", "opened", "left open", "ajar"], "closed": ["closed", "shut"]},
               "own": [("is there a window open {w}", "open"), ("have we left a window open {w}", "open"),
                       ("is every window (shut|closed) {w}", "closed")]},
    "door": {"words": _words("door"),
             "states": {"open": ["open", "ajar", "left open"], "closed": ["closed", "shut"]},
             "own": [("is there a door open {w}", "open"), ("are the doors all shut {w}", "closed")]},
    "battery": {"words": _words("battery"),
                "states": {"low": ["low", "running low", "nearly flat", "flat", "dying", "nearly dead", "getting low", "dead"],
                           "normal": ["ok", "fine", "normal", "good", "all right"]},
                "own": [("(does|do) any (sensor|sensors|device|devices) need a new battery {w}", "low"),
                        ("(is|are) there any (low|flat) batteries {w}", "low"),
                        ("which (sensors|devices) have a low battery {w}", "low"),
                        ("(any|are there any) batteries (running low|to change) {w}", "low")]},
    "battery_charging": {"words": _words("battery_charging"),
                         "states": {"charging": ["charging", "on charge", "charging up"], "not_charging": ["not charging", "not on charge", "off charge"]},
                         "own": [("is anything (charging|on charge) {w}", "charging")]},
    "connectivity": {"words": _words("connectivity"),
                     "states": {"connected": ["connected", "online", "up", "working", "on the network", "on the wifi", "on"],
                                "disconnected": ["disconnected", "offline", "down", "not working", "off the network", "not connected",
                                                 "off"]},
                     "own": [("is anything offline {w}", "disconnected"), ("(has|did) anything (drop|dropped) off the network {w}", "disconnected")]},
    "moisture": {"words": _words("moisture"),
                 "states": {"wet": ["wet", "detecting water", "detecting a leak", "leaking", "flooded", "detecting moisture"],
                            "dry": ["dry", "ok", "clear", "fine"]},
                 "own": [("is there a leak {w}", "wet"), ("is there (any|some) water on the floor {w}", "wet"),
                         ("is anything leaking {w}", "wet"), ("(are there|any) leaks {w}", "wet"),
                         ("is (it|everything) dry {w}", "dry"), ("is the floor (dry|still dry) {w}", "dry"),
                         ("is the floor (wet|flooded) {w}", "wet"), ("is the {wa} floor (wet|flooded|soaking)", "wet"),
                         ("is there water on the {wa} floor", "wet"), ("has the {wa} flooded", "wet"),
                         ("is it (dry|still dry) (under|behind|around|by) the (sink|bath|washing machine|dishwasher|boiler|toilet|water tank) {w}", "dry"),
                         ("is (anything|something) (dripping|leaking) (under|behind) the (sink|bath|washing machine|dishwasher|boiler) {w}", "wet"),
                         ("(has|did) (anything|the washing machine|the dishwasher|a pipe) (leaked|leak|burst) {w}", "wet")]},
    "motion": {"words": _words("motion"),
               "states": {"detected": ["detecting motion", "triggered", "picking up movement", "seeing motion", "detecting movement",
                                       "picking anything up", "seeing anything", "on", "active"],
                          "clear": ["clear", "quiet", "not detecting anything", "idle", "off", "inactive"]},
               "own": [("is there (any motion|any movement|motion|movement) {w}", "detected"),
                       ("(has|did) (the|a) motion sensor (gone off|go off|trip|tripped) {w}", "detected"),
                       ("is anything moving {w}", "detected"), ("is it [all ]quiet {w}", "clear"),
                       ("has (anything|anyone|anybody|something|someone) (moved|been moving about|walked past) {w}", "detected"),
                       ("(has|did) (anything|something|anyone) (set off|trigger|triggered) the motion (sensor|sensors) {w}", "detected"),
                       ("has (everything|it) been still {w}", "clear")]},
    "occupancy": {"words": _words("occupancy"),
                  "states": {"detected": ["occupied", "detecting someone", "detecting anyone", "in use", "seeing someone", "on"],
                             "clear": ["empty", "clear", "unoccupied", "free", "not in use", "off"]},
                  "own": [("is (anyone|anybody|someone|somebody) in {wa}", "detected"), ("is {wa} (occupied|in use)", "detected"),
                          ("is {wa} empty", "clear"), ("is there (anyone|anybody|someone) in {wa}", "detected"),
                          ("is (anyone|anybody|somebody) using {wa}", "detected"), ("is {wa} free", "clear"),
                          ("is there (nobody|no one) in {wa}", "clear")]},
    "presence": {"words": _words("presence"),
                 "states": {"home": ["detecting someone", "seeing someone", "home", "detecting anyone", "detecting presence", "on"],
                            "away": ["away", "clear", "empty", "not detecting anyone", "off"]},
                 "own": [("is (anyone|anybody|someone|somebody) about {w}", "home")]},
    "smoke": {"words": _words("smoke"),
              "states": {"detected": ["going off", "detecting smoke", "triggered", "beeping", "sounding", "alarming"],
                         "clear": ["clear", "quiet", "ok", "fine", "silent"]},
              "own": [("is there smoke {w}", "detected"), ("(can you|do you) (smell|detect) smoke {w}", "detected"),
                      ("is something burning {w}", "detected")]},
    "gas": {"words": _words("gas"),
            "states": {"detected": ["detecting gas", "going off", "triggered"], "clear": ["clear"]},
            "own": [("is there a gas leak {w}", "detected"), ("is there gas {w}", "detected"), ("(any|is there any) gas {w}", "detected")]},
    "carbon_monoxide": {"words": _words("carbon_monoxide"),
                        "states": {"detected": ["going off", "detecting carbon monoxide", "triggered"], "clear": ["clear"]},
                        "own": [("is there [any ]carbon monoxide {w}", "detected")]},
    "problem": {"words": _words("problem"),
                "states": {"problem": ["reporting a problem", "showing a fault", "faulty", "showing an error", "in fault", "having a problem",
                                       "reporting an error", "broken", "in error", "playing up", "acting up", "on"],
                           "ok": ["ok", "working", "fine", "all right", "working properly", "healthy", "off"]},
                "own": [("is there a problem with anything {w}", "problem"), ("(are|is) there any (faults|problems|errors) {w}", "problem"),
                        ("is (anything|something) (wrong|playing up|broken) {w}", "problem"), ("is everything (ok|all right|working) {w}", "ok")]},
    "safety": {"words": _words("safety"),
               "states": {"unsafe": ["unsafe", "not safe", "reporting danger", "dangerous", "on"], "safe": ["safe", "ok", "all clear", "off"]},
               "own": [("is (it|everything) safe {w}", "safe"), ("is (anything|it) (unsafe|dangerous) {w}", "unsafe"),
                       ("is {wa} safe [for the (kids|children|baby|dog)]", "safe"),
                       ("is {wa} (unsafe|dangerous) [for the (kids|children|baby|dog)]", "unsafe")]},
    "vibration": {"words": _words("vibration"),
                  "states": {"detected": ["vibrating", "detecting vibration", "shaking"], "clear": ["clear", "quiet"]},
                  "own": []},
    "running": {"words": _words("running"),
                "states": {"running": ["running", "going", "on", "still running", "still going", "in use", "busy", "working"],
                           "not_running": ["finished", "done", "stopped", "off", "idle", "not running"]},
                "own": [("is (anything|something) (running|still going) {w}", "running"),
                        ("is (anything|something) (on a cycle|mid cycle|in the middle of a cycle) {w}", "running"),
                        ("has (everything|the (wash|washing|cycle|load)) finished {w}", "not_running")]},
    "plug": {"words": _words("plug"),
             "states": {"plugged_in": ["plugged in", "connected", "on charge"], "unplugged": ["unplugged", "not plugged in", "disconnected"]},
             "own": [("is (anything|the car|the charger) plugged in {w}", "plugged_in"), ("did (i|we|someone) unplug (anything|the charger) {w}", "unplugged")]},
    "cold": {"words": _words("cold"),
             "states": {"cold": ["too cold", "freezing", "reporting cold", "frosty", "below freezing", "detecting frost", "on"],
                      "normal": ["ok", "normal", "fine", "above freezing", "off"]},
             "own": [("is (it|anything) (freezing|too cold) {w}", "cold"), ("(is|are) the pipes (at risk of freezing|freezing) {w}", "cold")]},
    "heat": {"words": _words("heat"),
             "states": {"hot": ["too hot", "overheating", "reporting heat"], "normal": ["ok", "normal", "fine"]},
             "own": [("is (anything|something) overheating {w}", "hot"), ("is it (too hot|overheating) {w}", "hot")]},
    "moving": {"words": _words("moving"),
               "states": {"moving": ["moving", "being moved", "tilted"], "not_moving": ["still", "not moving", "stationary"]},
               "own": [("has (anything|something) been moved {w}", "moving")]},
    "sound": {"words": _words("sound"),
              "states": {"detected": ["hearing something", "detecting sound", "picking up noise"], "clear": ["quiet", "clear"]},
              "own": [("is there (any noise|a noise|any sound) {w}", "detected"), ("is (it|the baby) (crying|making noise) {w}", "detected"),
                      ("is (anyone|anybody|someone|the dog) making (noise|a noise|a racket|a fuss) {w}", "detected"),
                      ("(can you|do you) hear (anything|something|a noise) {w}", "detected")]},
    "tamper": {"words": _words("tamper"),
               "states": {"detected": ["tampered with", "reporting tampering", "opened up"], "clear": ["ok", "untouched", "clear"]},
               "own": [("has (anything|anyone) been tampering with (the sensors|anything) {w}", "detected")]},
    "opening": {"words": _words("opening"),
                "states": {"open": ["open", "opened", "ajar", "left open"], "closed": ["closed", "shut"]},
                "own": [("(has|did) (the post|the mail|anything) (come|arrived) {w}", "open"), ("is anything (open|left open) {w}", "open")]},
    "garage_door": {"words": _words("garage_door"),
                    "states": {"open": ["open", "up", "left open"], "closed": ["closed", "shut", "down"]},
                    "own": [("did (i|we) leave the garage (open|up) {w}", "open")]},
    "lock": {"words": _words("lock"),
             "states": {"locked": ["locked", "bolted", "secure"], "unlocked": ["unlocked", "unbolted", "not secure"]},
             "own": []},
    # a light-class binary sensor says whether it is light ("is the daylight sensor dark"): never the lights
    "light": {"words": _words("light"),
              "states": {"detected": ["light", "daylight", "bright", "light outside", "detecting light", "detecting daylight", "on"],
                         "clear": ["dark", "dark outside", "not detecting light", "off"]},
              "own": [("is it (light|daylight|bright|getting light) (outside|out|out there) [yet] {w}", "detected"),
                      ("is it (dark|getting dark) (outside|out|out there) [yet] {w}", "clear"), ("is the sun up [yet] {w}", "detected"),
                      ("has it (got|gone) dark [outside] [yet] {w}", "clear"), ("is it daylight [yet] {w}", "detected")]},
    "power": {"words": _words("power"),
              "states": {"on": ["on", "powered", "getting power", "live", "drawing power", "using power"], "off": ["off", "not powered", "without power", "dead"]},
              "own": [("is the (power|mains) (out|down) {w}", "off"), ("is there (power|mains power) {w}", "on"),
                      ("is (anything|something) (drawing|pulling|using) power {w}", "on"), ("(has|did) the power (gone|go) off {w}", "off")]},
}

#: How often a class is drawn for a class question (the ones every home has, more often); others 1.
CLASS_WEIGHTS: dict[str, float] = {"window": 2.5, "door": 2.5, "motion": 2, "occupancy": 2, "moisture": 2, "battery": 1.5,
                                   "smoke": 1.5, "presence": 1.5}

#: Quantified questions over a class.
CLASS_ASKS: list[str] = [
    "(is|are) any [of the ]{c} {st} {w}", "(is|are) there any {c} {st} {w}", "which {c} are {st} {w}", "which {s} is {st} {w}",
    "are all [of ]the {c} {st} {w}", "are the {c} {st} {w}", "how many {c} are {st} {w}", "is any {s} {st} {w}",
    "(check|see) (if|whether) any {c} (is|are) {st} {w}", "(tell me|do you know) if any {c} (is|are) {st} {w}",
    "is every {s} {st} {w}", "any {c} {st} {w}", "is there a {s} {st} {w}", "are any {c} {st} {w} right now",
    "(which|what) {c} (are|is) {st} at the moment {w}", "(list|tell me) the {c} (that are|which are) {st} {w}",
    "(is|are) each {s} {st} {w}", "(is|are) any {c} {w} {st}", "are (all|any) {c} {w} {st}",
    "how many of the {c} are {st} {w}", "(do you know|can you tell me) how many {c} are {st} {w}",
    "are the {c} all {st} {w}", "which of the {c} (are|is) {st} {w}",
]
#: A named binary sensor asked for its state ("is the bathroom leak sensor wet", "is bob's phone charging").
NAMED_ASKS: list[str] = [
    "is {t} {st}", "is {t} {st} (now|right now|at the moment)", "(check|see) (if|whether) {t} is {st}", "is {t} still {st}",
    "(tell me|do you know) if {t} is {st}", "{t} {st}", "has {t} been {st}", "(can you check|could you see) if {t} is {st}",
    "(any idea|do you know) (if|whether) {t} is {st}", "is {t} {st} or not", "(tell me|check) (if|whether) {t} (is|says) {st}",
    "is {t} (saying|showing|reporting) {st}", "is {t} {st} yet",
]
#: A named binary sensor asked with general words, not its class's ("is the letterbox on", "what does the internet
#: say", "dog camera status"): ``(template, on)``, on True / False for its class's on / off token, ``None`` for
#: no state asked. The on/off ones are not drawn for the opening and lock classes ("is the back door on").
NAMED_GENERAL: list[tuple[str, bool | None]] = [
    ("is {t} on", True), ("is {t} (turned|switched) on", True), ("is {t} off", False), ("is {t} on or off", None),
    ("what (does|is) {t} (say|saying|show|showing|report|reporting)", None), ("what is {t} reading", None),
    ("{t} status", None), ("what is the status of {t}", None), ("(check|read) {t} [for me]", None),
    ("what is {t} (doing|at)", None), ("how is {t} [looking]", None), ("(give me|tell me) the status of {t}", None),
    ("(any news|anything) from {t}", None), ("what state is {t} in", None), ("(is|has) {t} (triggered|gone off)", True),
]

#: sensor class -> ([how the quantity is asked, ``{w}`` the place]).
MEASURES: dict[str, list[str]] = {
    "humidity": ["what is the humidity {w}", "how humid is it {w}", "humidity level {w}", "what is the relative humidity {w}"],
    "carbon_dioxide": ["what is the carbon dioxide (level|reading) {w}", "how much carbon dioxide is there {w}",
                       "how (stale|fresh) is the air {w}", "what is the carbon dioxide {w}", "carbon dioxide {w}"],
    "pressure": ["what is the (air|atmospheric|barometric) pressure {w}", "what is the pressure {w}", "what does the barometer say {w}"],
    "battery": ["what is the battery (level|at|on) {w}", "how much battery is left {w}", "how charged is the battery {w}",
                "what percent is the battery {w}"],
    "power": ["how much power (is|are) (we|the house|it) using {w}", "what is the power (draw|usage|consumption) {w}",
              "how many watts (are we|is it) using {w}", "what is the current power {w}", "how much electricity are we using (right now|now) {w}"],
    "energy": ["how much energy (have we|did we|has the house) used {w}", "what is the energy (usage|consumption|total) {w}",
               "how many (kilowatt hours|kwh|units) (have we|did we) use {w}", "what is the energy meter (at|reading) {w}"],
    "illuminance": ["how (bright|light|dark) is it {w}", "what is the (light level|illuminance|lux) {w}", "how many lux (is it|are there) {w}"],
    "speed": ["what is the [wind ]speed {w}", "how fast is the wind {w}", "how windy is it {w}"],
    # "pm2.5" / "pm 2.5" / "pm two point five" are "particulates" after the normaliser (the tokenizer has no digits)
    "pm25": ["what is the particulates (level|reading|count) {w}", "(how many|how much) particulates (are there|is there) {w}",
             "particulates {w}", "what are the particulates (like|at) {w}", "what is the (fine dust|particulate|fine particle) (level|reading) {w}",
             "(check|tell me) the particulates {w}"],
}

#: A named sensor read with its quantity's words (class -> templates, ``{t}`` the sensor: "how much are the solar
#: panels making", "what is the energy meter on"): ``get_state`` of the sensor, no value.
SENSOR_READS: dict[str, list[str]] = {
    "power": ["how much (power|electricity) is {t} (using|drawing|pulling)", "how much power (does|do) {t} (use|draw|take) [right now]",
              "what is {t} (using|drawing|pulling) in watts", "how many watts (does|do) {t} (use|draw|pull)",
              "what is the (power|wattage) (of|on) {t}", "(check|tell me) the power (draw|usage) (of|on) {t}", "how much (is|are) {t} (making|producing|generating) [right now]",
              "how many watts (is|are) {t} (using|making|producing|on)", "what (is|are) {t} (drawing|producing|generating|making)",
              "what (is|are) {t} (putting out|pulling)"],
    "energy": ["how much (energy|electricity) (has|have) {t} (used|made|produced|generated) [today]",
               "how much energy (has|have) {t} used (so far|in total)", "what is the energy (usage|total|use) (of|on|for) {t}",
               "how many (kilowatt hours|kwh|units) (does|do) {t} use", "how much (has|have) {t} (used|made) in kilowatt hours",
               "how many (kilowatt hours|kwh|units) (is|has|are) {t} (on|used|made)", "what is {t} (on|up to)",
               "what does {t} say", "what is the reading on {t}"],
    "humidity": ["how humid does {t} say it is", "what humidity is {t} (showing|reading)"],
    "carbon_dioxide": ["what carbon dioxide (level|reading) is {t} showing", "how stale does {t} say the air is"],
    "illuminance": ["how (bright|light|dark) does {t} say it is", "what light level is {t} (showing|reading)",
                    "how many lux is {t} (reading|showing)"],
    "pressure": ["what pressure is {t} (showing|reading)", "what is {t} (reading|at)"],
    "battery": ["how much battery (has|is) {t} (got|left)", "how charged is {t}", "what percent is {t} (on|at)",
                "how much charge (is left on|has) {t} [got]", "what is the battery (level|percentage) (of|on) {t}",
                "what is the battery on {t}", "is {t} (low on|running out of) (battery|charge)", "how full is {t}",
                "how much battery (does|do) {t} have [left]", "what is {t} (charged to|at percent)", "is the battery (on|of) {t} (low|full|ok)",
                "how (low|high) is the battery (on|of) {t}", "(check|tell me) the battery (on|of) {t}", "how many percent is {t} (on|at)"],
    "speed": ["how fast is {t} (reading|showing)", "what speed is {t} (showing|reading)"],
    "pm25": ["what is {t} (showing|reading) for particulates", "what particulates is {t} (showing|reading)"],
}

#: The templates of :data:`SENSOR_READS` that do not say the quantity ("what does {t} say"): a thing of several
#: entities ("the freezer": a switch, its power and its energy sensor) is not read with them.
SENSOR_READS_UNNAMED: frozenset[str] = frozenset({
    "what is {t} (on|up to)", "what does {t} say", "what is the reading on {t}", "what is {t} (reading|at)",
})

#: Questions with action verbs (type -> [(template, state)]): ``get_state`` of the device, never the action.
ACTION_QUESTIONS: dict[str, list[tuple[str, str | None]]] = {
    "any": [("is {t} (turned|switched) on", "on"), ("is {t} (turned|switched) off", "off"), ("did (i|we|you) (turn|switch) on {t}", "on"),
            ("did (i|we|you) (turn|switch) off {t}", "off"), ("did (i|we) leave {t} on", "on"), ("have (i|we|you) (turned|switched) {t} off", "off"),
            ("has {t} been (turned|switched) (off|on)", None), ("did (someone|anyone|somebody) (turn|switch) {t} on", "on"),
            ("(has|did) {t} (got|get) (turned|switched) off", "off"), ("was {t} (turned|switched) on", "on"),
            ("did you (turn|switch) {t} (off|on) (yet|already)", None), ("is {t} still (turned|switched) on", "on"),
            ("(can you|could you) (check|tell me) (if|whether) (i|we) (turned|switched) off {t}", "off"),
            ("should (i|we) (turn|switch) off {t}", None), ("do (i|we) need to (turn|switch) on {t}", None)],
    "light": [("how bright is {t}", None), ("what brightness is {t} (at|set to|on)", None), ("is {t} dimmed", None),
              ("what colo[u]r is {t}", None), ("(has|did) (someone|anyone) (dimmed|dim) {t}", None),
              ("is {t} (turned|switched) (up|down)", None)],
    "cover": [("are {t} open", "open"), ("(is|are) {t} (opened|open) (yet|already|now)", "open"), ("did (i|we|you) (open|close) {t}", None),
              ("(is|are) {t} (closed|shut) (yet|already)", "closed"), ("did (i|we) leave {t} open", "open"),
              ("have (i|we|you) closed {t}", "closed"), ("how (far|much) (is|are) {t} open", None)],
    "lock": [("did (i|we|you) lock {t}", "locked"), ("have (i|we|you) locked {t}", "locked"), ("did (i|we) unlock {t}", "unlocked"),
             ("did (i|we|someone) leave {t} unlocked", "unlocked"), ("(has|did) (someone|anyone|somebody) (unlocked|unlock) {t}", "unlocked"),
             ("should (i|we) lock {t}", None), ("is {t} (locked|secure) (yet|already|now)", "locked")],
    "media_player": [("is {t} [still ]playing", "playing"), ("(did|has) (someone|anyone) (paused|pause) {t}", None),
                     ("is {t} (paused|on pause)", "paused"), ("what is {t} (playing|on)", None), ("how loud is {t}", None),
                     ("(did|has) (someone|anyone|somebody|you) (turn|turned) {t} (up|down)", None)],
    "climate": [("is {t} (heating|running|turned on)", "on"), ("what is {t} set to", None),
                ("(did|has) (someone|anyone|somebody|you) (turn|turned) {t} (up|down)", None)],
    "vacuum": [("is {t} [still ](cleaning|running)", "running"), ("is {t} [back ](docked|home|on (its|the) dock)", "docked"),
               ("did {t} (finish|go home)", None), ("has {t} started [yet]", None)],
    "valve": [("is {t} (turned|switched) on", "open"), ("did (i|we) turn off {t}", "closed"), ("is {t} [still ]watering", "open")],
}

#: Questions about timers with action verbs: ``timer_status``, never a new timer. ``{n}`` a timer name.
TIMER_QUESTIONS: dict[str, list[str]] = {
    "none": ["is the timer [still ]running", "is (my|the) timer [still ]going", "did (i|you) (set|start) a timer",
             "have (i|you) started (a|the) timer", "is there a timer (on|running|set)", "(did|has) (the|my) timer (stop|stopped|finish|finished)",
             "is (my|the) timer paused", "how long did i set the timer for", "are any timers (running|going|set)",
             "did you (start|set) the timer (yet|already)"],
    "named": ["is the {n} timer [still ]running", "did (i|you) (set|start) the {n} timer", "is the {n} timer (paused|going|on)",
              "how long is (left|remaining) on the {n} timer", "has the {n} timer (finished|gone off|started) [yet]",
              "what is left on the {n} one"],
}

#: People's presence (``person`` devices): ``(template, state)``, ``{t}`` a person.
PEOPLE_ASKS: list[tuple[str, str | None]] = [
    ("is {t} (home|at home|in|back)", "home"), ("is {t} (out|away|not home)", "away"), ("where is {t}", None),
    ("(has|did) {t} (got|get|come) home [yet]", "home"), ("is {t} [back ]home (yet|already)", "home"),
    ("(do you know|can you tell me) (if|whether) {t} is home", "home"), ("has {t} left", "away"), ("where is {t} (right now|now)", None),
    ("is {t} still (out|away)", "away"),
]
#: Anyone at all ("is anyone home"): ``person`` for the whole house.
ANYONE_ASKS: list[tuple[str, str]] = [
    ("is (anyone|anybody|someone|somebody) (home|at home|in)", "home"), ("is everyone (home|in)", "home"),
    ("(is|are) (everybody|everyone) (out|away|gone)", "away"), ("who is (home|in|at home)", "home"),
    ("(has|is) (anyone|anybody) [come ]home [yet]", "home"),
]

#: The quantifier a question over a group says, by its template (:data:`CLASS_ASKS`, a class's ``own``,
#: :data:`ANYONE_ASKS`): the label writes it (``q:all``, ``q:count``, ``q:which``, docs/DESIGN.md section 3). A
#: template not here is "is any" ("is any window open", "are there any", "are the windows open"); ``said``: the
#: word drawn says it ("are (all|any) ..."). Keyed by template so the drawing stays as it was.
QUANTIFIERS: dict[str, str] = {
    "which {c} are {st} {w}": "which", "which {s} is {st} {w}": "which", "(which|what) {c} (are|is) {st} at the moment {w}": "which",
    "(list|tell me) the {c} (that are|which are) {st} {w}": "which", "how many {c} are {st} {w}": "count",
    "are all [of ]the {c} {st} {w}": "all", "is every {s} {st} {w}": "all", "(is|are) each {s} {st} {w}": "all",
    "are (all|any) {c} {w} {st}": "said",
    "how many of the {c} are {st} {w}": "count", "(do you know|can you tell me) how many {c} are {st} {w}": "count",
    "are the {c} all {st} {w}": "all", "which of the {c} (are|is) {st} {w}": "which",
    "is every window (shut|closed) {w}": "all", "are the doors all shut {w}": "all",
    "which (sensors|devices) have a low battery {w}": "which",
    "is everyone (home|in)": "all", "(is|are) (everybody|everyone) (out|away|gone)": "all", "who is (home|in|at home)": "which",
    # questions over a group of devices ("are all the lights on", "which blinds are open":
    # :data:`homeslm.grammar.phrases.indirect_lights.INDIRECT_LIGHTS` ``get_state``/``grp``), {v} the state
    "how many {c} are {v} {w}": "count", "which {c} are {v} {w}": "which", "are all the {c} {v} {w}": "all",
    "(are|is) (any|all) [of ]the {c} {w} {v}": "said", "(do you know|can you tell me) if (the|any|all the) {c} (are|is) {v} {w}": "said",
    "(check|see) (if|whether) (any|all) [of ]the {c} (are|is) {v} {w}": "said", "(is|are) (any|all) {c} {v} {w} or not": "said",
    "are (any|all) [of ]the {c} {v} {w} do you know": "said",
    # and :data:`homeslm.grammar.phrases.commands.PLAIN`' ``get_state``/``grp``
    "(are|is) (any|all) [of ][the ]{c} {v} {w}": "said", "(are|is) (all|any) {c} still {v} {w}": "said",
}

#: "said": the word drawn says "all" ("are all the ...", "if all the ..."), never a place's ("in all the rooms").
_SAID_ALL = re.compile(r"\b(are|is|if|whether) all\b")


def quantifier_of(template: str, text: str) -> str | None:
    """The quantifier of a question drawn from ``template`` and rendered as ``text`` (:data:`QUANTIFIERS`)."""
    q = QUANTIFIERS.get(template)
    if q == "said":
        return "all" if _SAID_ALL.search(text) else None
    return q
