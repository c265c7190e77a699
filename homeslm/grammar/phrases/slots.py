"""The words that fill the slots of a template besides the home's names: location phrases (``{w}``),
states, colours and timer names."""

from __future__ import annotations

# Location phrases.
HERE = ["", "", "", "in here", "here", "in this room", "in my room", "in here in my room", "right here"]
HOUSE = ["everywhere", "in the whole house", "in the house", "throughout the house", "all over the house",
         "in every room", "around the house", "in all rooms", "in the entire house",
         "all around the house", "in all the rooms", "across the house", "in the whole place", "everywhere in the house",
         "all through the house", "in every single room", "in the flat", "in the apartment", "in the cottage",
         "around the flat", "throughout the apartment", "in the whole flat", "in the whole apartment", "around the home"]
#: The whole home as the place of a question ("is there a leak anywhere", "are any windows open in the house at all"):
#: questions say "anywhere", commands do not ("turn off the lights anywhere").
HOUSE_ASKED = [*HOUSE, "anywhere", "anywhere in the house", "in the house at all", "anywhere at all", "anywhere in the flat",
               "anywhere in the home"]
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
