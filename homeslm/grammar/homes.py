"""Random generic homes, and the configured home, as training material.

A generic home has random areas, floors and devices with names drawn from common device names,
made-up words and people's names, so the training data covers names of every shape. The model
itself only ever sees placeholders for them; what the names teach is how sentences look around
them (and which words are *not* names: the unknown devices the home does not have).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

AREAS = [
    "kitchen", "living room", "bedroom", "bathroom", "hallway", "hall", "garage", "office", "study", "dining room",
    "lounge", "master bedroom", "guest room", "kids room", "nursery", "landing", "porch", "patio", "garden", "basement",
    "attic", "loft", "utility room", "laundry room", "den", "playroom", "conservatory", "sunroom", "pantry", "cellar",
    "games room", "gym", "library", "shed", "workshop", "balcony", "terrace", "back yard", "front yard", "driveway",
    "toilet", "ensuite", "walk in closet", "spare room", "family room", "tv room", "music room", "boot room", "snug",
    "entrance", "foyer", "stairs", "upstairs bathroom", "downstairs toilet", "back door", "front room", "annex",
    "emmas room", "jacks room", "sams bedroom", "lily's room", "granny flat", "studio", "mud room", "breakfast room",
]
FLOORS = [
    "upstairs", "downstairs", "ground floor", "first floor", "second floor", "basement level", "top floor",
    "main floor", "lower floor", "upper floor", "attic floor", "loft level",
]
#: Names Home Assistant users give binary sensors, with their class (what a name says is not always its class:
#: the "smoke alarm battery" is a battery, the "dog camera" a motion sensor, "daylight" a light sensor).
HA_BINARY_CLASS: dict[str, str] = {
    "frost sensor": "cold", "pipe freeze": "cold", "dog camera": "motion", "hallway pir": "motion", "pir": "motion",
    "driveway camera": "motion", "doorbell motion": "motion", "smoke alarm battery": "battery", "doorbell battery": "battery",
    "remote battery": "battery", "daylight": "light", "daylight sensor": "light", "dusk sensor": "light",
    "internet": "connectivity", "wifi": "connectivity", "nas": "connectivity", "printer online": "connectivity",
    "router": "connectivity", "boiler fault": "problem", "water softener": "problem", "printer error": "problem",
    "sump pump": "running", "dryer": "running", "oven": "running", "heat pump running": "running",
    "fridge door": "door", "freezer door": "door", "shed door": "door", "back door contact": "door",
    "mailbox": "opening", "post box": "opening", "cat flap": "opening", "front gate": "opening",
    "desk occupancy": "occupancy", "bed sensor": "occupancy", "sofa occupancy": "occupancy",
    "mmwave": "presence", "room presence": "presence", "smoke alarm": "smoke", "fire alarm": "smoke",
    "co detector": "carbon_monoxide", "under sink leak": "moisture", "dishwasher leak": "moisture",
    "water heater leak": "moisture", "ev charger": "plug", "car plugged in": "plug", "phone plugged in": "plug",
    "server overheat": "heat", "safe tamper": "tamper", "gate vibration": "vibration", "pool fence": "safety",
    "mains power": "power", "grid power status": "power", "baby crying": "sound", "garage door contact": "garage_door",
    "phone charger": "battery_charging", "tablet charging": "battery_charging",
}
HA_BINARY_NAMES = list(HA_BINARY_CLASS)
#: Names Home Assistant users give sensors, with their class (``None``: a class the notation has no token for).
HA_SENSOR_CLASS: dict[str, str | None] = {
    "water meter": None, "gas meter": None, "solar": "power", "solar panels": "power", "solar inverter": "power",
    "car charger power": "power", "fridge power": "power", "washer power": "power", "house power": "power",
    "energy meter": "energy", "electricity meter": "energy", "smart meter": "energy", "daily energy": "energy",
    "light level": "illuminance", "lux sensor": "illuminance", "outdoor light level": "illuminance",
    "carbon dioxide monitor": "carbon_dioxide", "air quality": "pm25", "particulate sensor": "pm25", "barometer": "pressure",
    "wind sensor": "speed", "anemometer": "speed", "phone battery": "battery", "doorbell battery level": "battery",
    "lock battery": "battery", "bathroom humidity": "humidity", "dehumidifier humidity": "humidity",
}
HA_SENSOR_NAMES = list(HA_SENSOR_CLASS)
DEVICE_WORDS: dict[str, list[str]] = {
    "light": ["light", "lamp", "lights", "bulb", "spotlights", "chandelier", "pendant", "led strip", "light strip",
              "fairy lights", "downlights", "sconce", "lantern", "night light", "strip light", "uplighter"],
    "switch": ["plug", "socket", "switch", "heater", "fan heater", "kettle", "coffee maker", "dehumidifier",
               "humidifier", "printer", "monitor", "speaker power", "charger", "pump", "water heater", "towel rail",
               "electric blanket", "christmas lights", "aquarium", "router", "amplifier", "space heater", "fridge"],
    "fan": ["fan", "ceiling fan", "air purifier", "extractor fan", "desk fan", "tower fan", "ventilation", "purifier"],
    "cover": ["blinds", "blind", "curtains", "shutters", "garage door", "roller blind", "awning", "skylight",
              "venetian blind", "drapes", "gate", "shades", "roller shutter", "window"],
    "climate": ["thermostat", "radiator", "heating", "air conditioner", "heat pump", "ac", "underfloor heating", "boiler", "trv"],
    "lock": ["front door", "back door", "door lock", "smart lock", "deadbolt", "side door", "garage lock", "gate lock", "patio door"],
    "media_player": ["tv", "television", "speaker", "soundbar", "stereo", "sonos", "radio", "chromecast", "record player",
                     "home cinema", "projector", "echo", "jukebox"],
    "sensor": ["temperature sensor", "humidity sensor", "thermometer", "air quality sensor", "power meter", "weather station",
               "humidity", "hygrometer", "humidity monitor", "energy monitor", "air monitor", *HA_SENSOR_NAMES],
    "binary_sensor": ["window sensor", "door sensor", "motion sensor", "leak sensor", "window contact", "smoke detector",
                      "occupancy sensor", "presence sensor", "gas detector", "co alarm", "water sensor", "vibration sensor",
                      "washing machine", "dishwasher", "phone charging", "low battery", "internet", "flood sensor",
                      "letterbox", "freezer alarm", "tumble dryer", "garage door sensor", "baby monitor", "car charger",
                      "loft heat sensor", "bike tilt sensor", "door lock sensor", "alarm panel tamper", *HA_BINARY_NAMES],
    "vacuum": ["vacuum", "robot vacuum", "roomba", "hoover", "robot", "mop"],
    "scene": ["movie night", "dinner party", "relax", "bedtime", "good morning", "reading mode", "romantic", "party mode",
              "cosy evening", "wake up", "all off", "focus", "chill", "date night", "game time", "breakfast"],
    "script": ["goodnight routine", "leaving home", "morning routine", "bedtime routine", "arrive home", "lock up", "feed the cat"],
    "valve": ["sprinkler", "water valve", "garden tap", "irrigation", "drip line", "main water valve"],
}
QUALIFIERS = [
    "ceiling", "floor", "desk", "reading", "bedside", "wall", "corner", "table", "standing", "accent", "mirror", "vanity",
    "big", "small", "little", "main", "side", "front", "back", "left", "right", "top", "bottom", "window", "sofa", "bed",
    "kitchen", "porch", "garden", "hall", "cabinet", "island", "counter", "shelf", "bookcase", "piano", "tv", "couch", "cot",
    "crib", "dresser", "arc", "globe", "salt", "paper", "retro", "blue", "green", "red", "old", "new", "tall", "round",
]
PEOPLE = ["bob", "alice", "mum", "dad", "emma", "jack", "grandma", "sam", "lily", "oliver", "sophie", "max", "nina",
          "tom", "kate", "leo", "mia", "noah", "zoe", "ben", "anna", "luke", "ella", "finn", "ruby"]
_CONS = "bcdfghjklmnprstvwz"
_VOW = "aeiou"

TYPE_WEIGHTS = {
    "light": 8, "switch": 4, "fan": 2, "cover": 3, "climate": 2, "lock": 1.5, "media_player": 2.5, "sensor": 1,
    "binary_sensor": 1.5, "vacuum": 0.7, "scene": 1.5, "script": 0.7, "valve": 0.6,
}
#: Types whose names real homes repeat in every room, and how often.
SHARED_NAME_WEIGHTS = {"light": 6, "switch": 1.5, "cover": 2, "climate": 1.5, "binary_sensor": 1.5, "sensor": 1,
                       "fan": 1, "media_player": 1}
SHARED_NAME_TYPES = list(SHARED_NAME_WEIGHTS)
#: Things Home Assistant shows as several entities under one name ("anna's phone": its battery level, charging,
#: connectivity and presence; "kettle": a smart plug's switch and its power sensor): (names, {place}, entities
#: (type, device_class) a home has two or more of). ``{p}`` a person's name; ``place`` "room" or "none".
MULTI_ENTITY: list[tuple[list[str], str, list[tuple[str, str | None]]]] = [
    (["{p}s phone", "{p}s iphone", "{p}s tablet", "{p}s ipad", "{p}s watch", "{p}s pixel"], "none",
     [("sensor", "battery"), ("binary_sensor", "battery_charging"), ("binary_sensor", "connectivity"),
      ("binary_sensor", "presence"), ("binary_sensor", "plug")]),
    (["kettle", "washing machine", "dishwasher", "tumble dryer", "coffee machine", "fridge", "freezer", "toaster",
      "microwave", "hot tub", "aquarium", "dehumidifier", "heater plug", "ev charger", "iron", "sky box"], "room",
     [("switch", None), ("sensor", "power"), ("sensor", "energy"), ("binary_sensor", "running"), ("binary_sensor", "plug")]),
    (["garage door", "gate", "garage"], "room", [("cover", "garage"), ("binary_sensor", "garage_door")]),
    (["back door", "front door", "patio door", "side door"], "room", [("lock", None), ("binary_sensor", "door")]),
    (["car", "tesla", "van"], "none", [("sensor", "battery"), ("binary_sensor", "plug"), ("binary_sensor", "battery_charging"),
                                      ("lock", None)]),
]

#: device_class per cover / binary_sensor word, when the word implies one.
CLASS_OF_WORD = {
    "blinds": "blind", "blind": "blind", "roller blind": "blind", "venetian blind": "blind", "curtains": "curtain",
    "drapes": "curtain", "shutters": "shutter", "roller shutter": "shutter", "garage door": "garage", "awning": "awning",
    "gate": "gate", "shades": "shade", "skylight": "window", "window": "window", "window sensor": "window",
    "window contact": "window", "door sensor": "door", "motion sensor": "motion", "leak sensor": "moisture",
    "smoke detector": "smoke", "occupancy sensor": "occupancy", "presence sensor": "presence", "gas detector": "gas",
    "co alarm": "carbon_monoxide", "water sensor": "moisture", "flood sensor": "moisture", "vibration sensor": "vibration",
    "washing machine": "running", "dishwasher": "running", "phone charging": "battery_charging", "low battery": "battery",
    "internet": "connectivity", "letterbox": "opening", "freezer alarm": "cold", "tumble dryer": "running",
    "garage door sensor": "garage_door", "baby monitor": "sound", "car charger": "plug", "loft heat sensor": "heat",
    "bike tilt sensor": "moving", "door lock sensor": "lock", "alarm panel tamper": "tamper", "humidity sensor": "humidity", "temperature sensor": "temperature", "thermometer": "temperature",
    "humidity": "humidity", "hygrometer": "humidity", "humidity monitor": "humidity",
    "power meter": "power", "energy monitor": "energy", **HA_BINARY_CLASS,
    **{word: cls for word, cls in HA_SENSOR_CLASS.items() if cls},
}


@dataclass
class HomeDevice:
    name: str
    type: str
    area: str | None
    aliases: list[str] = field(default_factory=list)
    device_class: str | None = None


@dataclass
class Home:
    areas: list[str]
    floors: dict[str, list[str]]
    devices: list[HomeDevice]
    context_area: str

    def floor_of(self, area: str) -> str | None:
        for fl, areas in self.floors.items():
            if area in areas:
                return fl
        return None


def random_word(rng: random.Random) -> str:
    n = rng.choice([2, 2, 3])
    w = "".join(rng.choice(_CONS) + rng.choice(_VOW) for _ in range(n))
    if rng.random() < 0.4:
        w += rng.choice(_CONS)
    return w


def _device_name(rng: random.Random, dtype: str, area: str | None) -> tuple[str, str | None]:
    word = rng.choice(DEVICE_WORDS[dtype])
    dclass = CLASS_OF_WORD.get(word)
    r = rng.random()
    if dtype in ("scene", "script"):
        name = word if r < 0.75 else f"{random_word(rng)} {rng.choice(['mode', 'time', 'scene', 'routine'])}"
    elif (word in HA_BINARY_CLASS or word in HA_SENSOR_CLASS) and r < 0.6:  # "the letterbox", "the solar": said as named
        name = word if r < 0.45 or not area else f"{area} {word}"
    elif r < 0.35:
        name = f"{rng.choice(QUALIFIERS)} {word}"
    elif r < 0.5 and area:
        name = f"{area} {word}"
    elif r < 0.6:
        name = f"{rng.choice(PEOPLE)}s {word}"
    elif r < 0.72:
        name = f"{random_word(rng)} {word}" if rng.random() < 0.6 else random_word(rng)
    elif r < 0.8:
        name = f"{rng.choice(QUALIFIERS)} {rng.choice(QUALIFIERS)} {word}"
    else:
        name = word
    return name, dclass


def random_home(rng: random.Random) -> Home:
    n_areas = rng.randint(2, 9)
    areas = rng.sample(AREAS, n_areas)
    if rng.random() < 0.15:
        areas[0] = f"{random_word(rng)} room" if rng.random() < 0.5 else random_word(rng)
    floors: dict[str, list[str]] = {}
    if rng.random() < 0.6 and n_areas >= 3:
        names = rng.sample(FLOORS, rng.choice([2, 2, 3]))
        for i, a in enumerate(areas):
            floors.setdefault(names[i % len(names)], []).append(a)
    types = list(TYPE_WEIGHTS)
    weights = [TYPE_WEIGHTS[t] for t in types]
    devices: list[HomeDevice] = []
    used: set[str] = set(areas) | set(floors)
    for _ in range(rng.randint(4, 28)):
        dtype = rng.choices(types, weights)[0]
        area = None if dtype in ("scene", "script") else rng.choice(areas)
        name, dclass = _device_name(rng, dtype, area)
        if name in used:
            continue
        used.add(name)
        aliases = []
        if rng.random() < 0.25:
            alias, _ = _device_name(rng, dtype, area)
            if alias not in used:
                aliases.append(alias)
                used.add(alias)
        devices.append(HomeDevice(name, dtype, area, aliases, dclass))
    if rng.random() < 0.35 and len(areas) >= 2:  # a name in several rooms ("ceiling light" in each), as real homes have
        for _ in range(rng.choice([1, 1, 2])):
            dtype = rng.choices(SHARED_NAME_TYPES, [SHARED_NAME_WEIGHTS[t] for t in SHARED_NAME_TYPES])[0]
            word = rng.choice(DEVICE_WORDS[dtype])
            name = f"{rng.choice(QUALIFIERS)} {word}" if rng.random() < 0.6 else word
            if name in used or any(a in name for a in areas):
                continue
            used.add(name)
            for area in rng.sample(areas, min(len(areas), rng.choice([2, 2, 3, 4]))):
                devices.append(HomeDevice(name, dtype, area, [], CLASS_OF_WORD.get(word)))
    if rng.random() < 0.35:  # one name, several entities ("is anna's phone charging", "how much power is the kettle using")
        names, place, kinds = rng.choice(MULTI_ENTITY)
        name = rng.choice(names).replace("{p}", rng.choice(PEOPLE))
        if name not in used:
            used.add(name)
            area = rng.choice(areas) if place == "room" else None
            # anywhere in the config's order: the lexicon's placeholder type does not depend on it
            for dtype, dclass in rng.sample(kinds, rng.randint(2, len(kinds))):
                devices.insert(rng.randint(0, len(devices)), HomeDevice(name, dtype, area, [], dclass))
    if rng.random() < 0.4:  # people ("is alice home"): person devices, no area
        for person in rng.sample([p for p in PEOPLE if p not in used], rng.randint(1, 3)):
            used.add(person)
            devices.append(HomeDevice(person, "person", None))
    return Home(areas, floors, devices, rng.choice(areas))


def home_from_config(config: "object") -> Home:
    """The configured home as a :class:`Home` (for per-home training and `sample_commands`)."""
    from homeslm.config.model import Config

    if not isinstance(config, Config):
        raise TypeError("home_from_config needs a homeslm.config.model.Config")
    floors = {f.name: list(f.areas) for f in config.floors}
    areas = list(dict.fromkeys([*config.areas, *(a for f in config.floors for a in f.areas)]))
    devices = [HomeDevice(d.name, d.type, d.area, list(d.aliases), d.device_class) for d in config.devices]
    return Home(areas or ["home"], floors, devices, config.area or (areas[0] if areas else "home"))
