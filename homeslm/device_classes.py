"""Home Assistant's binary-sensor device classes and person states (docs/DESIGN.md section 3), one row
per class: the one place a class's states are described.

A binary sensor is on or off; its class says what on means (Home Assistant's ``binary_sensor`` device
classes): ``moisture`` on is wet, ``battery`` on is low, ``lock`` on is *unlocked*, ``door`` on is open.
Each row gives, for the class's on and off state:

- the notation's tokens (:data:`homeslm.understanding.notation.STATES`; the grammar's ``BINARY_CLASSES``
  of :mod:`homeslm.grammar.phrases.sensors` writes the same ones), what the model writes for a question;
- the schema's value (the intent's ``value`` of ``get_state``): ``on`` / ``off`` as Home Assistant has
  it, except the opening classes (``open`` / ``closed``, as covers) and ``lock`` (``unlocked`` /
  ``locked``, as locks);
- the words of a spoken answer ("wet" / "dry", "detecting motion" / "clear");
- the zigbee2mqtt attributes that carry it (``contact`` is true when *closed*).

A person (Home Assistant's ``person`` entity) is ``home``, ``not_home`` or the name of a zone.

Beside the binary sensors: :data:`SENSOR_UNITS`, the unit a sensor class's reading is spoken in ("48
percent", "612 parts per million"), with :func:`named_by_quantity` (a sensor named "humidity" is said with its
room); :data:`TYPE_STATES` and :func:`has_state`, the states each device type is asked about (which of the
devices sharing a name a question means).

What derives from this table: the resolver's ``get_state`` values
(:func:`homeslm.understanding.resolve.canonical`'s schema side, :func:`schema_state`), the built-in
plugins' answers (zigbee2mqtt's attributes, tasmota's and mqtt's words, ``state_sentence`` of
:mod:`homeslm.default_plugins.common`). The grammar keeps its own phrasings; ``tests/test_device_classes.py``
checks that its classes and tokens are these. This module imports nothing of homeslm: it is the bottom
of the import layering, beside :mod:`homeslm.actions`; plugins reach it through :mod:`homeslm`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class BinaryClass:
    """One binary-sensor device class and every fact the core keeps about its states."""

    name: str
    """Home Assistant's device class (``battery_charging``)."""
    plural: str
    """What a group of such sensors is called in an answer ("All 3 leak sensors are dry.")."""
    on: str = "on"
    """The notation's token for the on state (``wet``); ``on`` where the notation has no word of its own."""
    off: str = "off"
    """The notation's token for the off state (``dry``)."""
    said_on: str = "on"
    """The on state in an answer: "the bathroom leak sensor is <said_on>"."""
    said_off: str = "off"
    """The off state in an answer."""
    on_state: str = "on"
    """The schema's ``get_state`` value for the on state: Home Assistant's ``on``, except the opening classes
    (``open``) and ``lock`` (``unlocked``)."""
    off_state: str = "off"
    """The schema's value for the off state (``off``, ``closed``, ``locked``)."""
    z2m: tuple[str, ...] = ()
    """zigbee2mqtt's boolean attributes that carry the state, the usual one first; empty where none is known."""
    z2m_true_is_off: bool = False
    """The attribute is true in the *off* state (``contact``: true when closed)."""
    sensed: tuple[str, ...] = ()
    """Words that, ending a device's name, name what is sensed rather than a thing ("hallway motion"): the
    answer calls it a sensor ("the hallway motion sensor is detecting motion")."""
    also: tuple[tuple[str, bool], ...] = ()
    """Other words or tokens of a state, with whether they mean on (``occupied``, ``empty``)."""

    def meaning(self, value: object) -> bool | None:
        """Whether ``value`` (an asked state: schema value, notation token, answer words, ``on``/``off``) means
        the on state (True), the off state (False), or neither of this class (None)."""
        if not isinstance(value, str):
            return None
        word = " ".join(value.strip().lower().replace("_", " ").split())
        if word in {self.on_state, self.on.replace("_", " "), self.said_on, "on"}:
            return True
        if word in {self.off_state, self.off.replace("_", " "), self.said_off, "off"}:
            return False
        return next((on for other, on in self.also if other.replace("_", " ") == word), None)

    def said(self, on: bool) -> str:
        return self.said_on if on else self.said_off

    def state(self, on: bool) -> str:
        return self.on_state if on else self.off_state


_CONTACT = ("contact",)


def _opening(name: str, plural: str) -> BinaryClass:
    return BinaryClass(name, plural, "open", "closed", "open", "closed", "open", "closed", z2m=_CONTACT,
                       z2m_true_is_off=True)


def _detection(name: str, plural: str, what: str, z2m: tuple[str, ...], sensed: tuple[str, ...],
               also: tuple[tuple[str, bool], ...] = ()) -> BinaryClass:
    return BinaryClass(name, plural, "detected", "clear", f"detecting {what}", "clear", z2m=z2m, sensed=sensed,
                       also=also)


#: Home Assistant's binary-sensor device classes, by name.
BINARY_CLASSES: dict[str, BinaryClass] = {c.name: c for c in (
    BinaryClass("battery", "batteries", "low", "normal", "low", "normal", z2m=("battery_low",)),
    BinaryClass("battery_charging", "chargers", "charging", "not_charging", "charging", "not charging",
                sensed=("charging", "charger"), also=(("on charge", True),)),
    _detection("carbon_monoxide", "carbon monoxide detectors", "carbon monoxide", ("carbon_monoxide",),
               ("monoxide", "co")),
    BinaryClass("cold", "cold sensors", "cold", "normal", "cold", "normal", sensed=("cold",)),
    BinaryClass("connectivity", "connectivity sensors", "connected", "disconnected", "connected", "disconnected",
                sensed=("connectivity", "connection", "network")),
    _opening("door", "doors"),
    _opening("garage_door", "garage doors"),
    _detection("gas", "gas detectors", "gas", ("gas",), ("gas",)),
    BinaryClass("heat", "heat sensors", "hot", "normal", "hot", "normal", sensed=("heat",)),
    _detection("light", "light sensors", "light", (), ("light",)),
    BinaryClass("lock", "locks", "unlocked", "locked", "unlocked", "locked", "unlocked", "locked"),
    BinaryClass("moisture", "leak sensors", "wet", "dry", "wet", "dry", z2m=("water_leak",),
                sensed=("moisture", "leak", "water", "flood"), also=(("leaking", True), ("detected", True), ("clear", False))),
    _detection("motion", "motion sensors", "motion", ("occupancy",), ("motion", "movement", "pir"),
               (("motion", True), ("triggered", True))),
    BinaryClass("moving", "moving sensors", "moving", "not_moving", "moving", "not moving", z2m=("moving",),
                sensed=("moving", "movement")),
    _detection("occupancy", "occupancy sensors", "someone", ("occupancy", "presence"), ("occupancy",),
               (("occupied", True), ("unoccupied", False), ("empty", False))),
    _opening("opening", "openings"),
    BinaryClass("plug", "plugs", "plugged_in", "unplugged", "plugged in", "unplugged"),
    BinaryClass("power", "power sensors", "on", "off", "powered", "not powered", sensed=("power",),
                also=(("running", True), ("not_running", False), ("drawing power", True), ("using power", True))),
    BinaryClass("presence", "presence sensors", "home", "away", "detecting someone", "clear", z2m=("presence",),
                sensed=("presence",), also=(("detected", True), ("occupied", True), ("not_home", False))),
    BinaryClass("problem", "sensors", "problem", "ok", "reporting a problem", "ok", sensed=("problem", "fault")),
    BinaryClass("running", "machines", "running", "not_running", "running", "not running", sensed=("running",),
                also=(("going", True), ("finished", False))),
    BinaryClass("safety", "safety sensors", "unsafe", "safe", "unsafe", "safe", sensed=("safety",)),
    _detection("smoke", "smoke detectors", "smoke", ("smoke",), ("smoke",)),
    _detection("sound", "sound sensors", "sound", (), ("sound", "noise")),
    _detection("tamper", "tamper sensors", "tampering", ("tamper",), ("tamper", "tampering")),
    BinaryClass("update", "updates", "on", "off", "out of date", "up to date", sensed=("update", "firmware")),
    _detection("vibration", "vibration sensors", "vibration", ("vibration",), ("vibration",)),
    _opening("window", "windows"),
)}
#: What people call a group of a class's sensors, (plural, singular), the usual first: the grammar phrases class
#: questions with them ("are all the leak sensors dry"), and a binary sensor named with one of its own class's
#: words ("leak sensor" in every room) never captures the word (policy ``generic_word_domain``).
GROUP_WORDS: dict[str, tuple[tuple[str, str], ...]] = {
    "window": (("windows", "window"), ("window sensors", "window sensor")),
    "door": (("doors", "door"), ("door sensors", "door sensor")),
    "battery": (("batteries", "battery"), ("battery sensors", "battery sensor")),
    "battery_charging": (("chargers", "charger"),),
    "connectivity": (("connectivity sensors", "connectivity sensor"), ("network sensors", "network sensor")),
    "moisture": (("leak sensors", "leak sensor"), ("water sensors", "water sensor"),
                 ("moisture sensors", "moisture sensor"), ("flood sensors", "flood sensor")),
    "motion": (("motion sensors", "motion sensor"), ("pir sensors", "pir sensor"),
               ("movement sensors", "movement sensor")),
    "occupancy": (("occupancy sensors", "occupancy sensor"),),
    "presence": (("presence sensors", "presence sensor"), ("mmwave sensors", "mmwave sensor")),
    "smoke": (("smoke detectors", "smoke detector"), ("smoke alarms", "smoke alarm")),
    "gas": (("gas sensors", "gas sensor"), ("gas detectors", "gas detector")),
    "carbon_monoxide": (("co detectors", "co detector"), ("carbon monoxide alarms", "carbon monoxide alarm"),
                        ("carbon monoxide detectors", "carbon monoxide detector")),
    "problem": (("sensors", "sensor"), ("devices", "device")),
    "safety": (("safety sensors", "safety sensor"),),
    "vibration": (("vibration sensors", "vibration sensor"),),
    "running": (("machines", "machine"), ("appliances", "appliance")),
    "plug": (("plugs", "plug"), ("plug sensors", "plug sensor")),
    "cold": (("cold sensors", "cold sensor"), ("freeze sensors", "freeze sensor"), ("frost sensors", "frost sensor")),
    "heat": (("heat sensors", "heat sensor"), ("overheat sensors", "overheat sensor")),
    "moving": (("movement sensors", "movement sensor"), ("tilt sensors", "tilt sensor")),
    "sound": (("sound sensors", "sound sensor"), ("noise sensors", "noise sensor")),
    "tamper": (("tamper sensors", "tamper sensor"), ("alarm sensors", "alarm sensor")),
    "opening": (("openings", "opening"), ("contact sensors", "contact sensor"), ("letterboxes", "letterbox")),
    "garage_door": (("garage doors", "garage door"), ("garage door sensors", "garage door sensor")),
    "lock": (("lock sensors", "lock sensor"), ("bolt sensors", "bolt sensor")),
    "light": (("light sensors", "light sensor"), ("daylight sensors", "daylight sensor"),
              ("dusk sensors", "dusk sensor")),
    "power": (("power sensors", "power sensor"), ("mains sensors", "mains sensor")),
}

#: The classes that are on when open (the schema's ``open`` / ``closed``).
OPENING_CLASSES: frozenset[str] = frozenset(c.name for c in BINARY_CLASSES.values() if c.on_state == "open")

#: A person at home and away: Home Assistant's states (any other state is the zone the person is in).
PERSON_HOME = "home"
PERSON_AWAY = "not_home"
#: The notation's person tokens -> the schema's state.
PERSON_TOKENS: dict[str, str] = {"home": PERSON_HOME, "away": PERSON_AWAY}


def binary_class(device_class: str | None, token: object = None) -> BinaryClass | None:
    """The row of ``device_class``; with no class (or an unknown one), the only class whose states include
    ``token`` (a binary sensor asked "is it wet" is a moisture sensor), else ``None``."""
    row = BINARY_CLASSES.get(device_class or "")
    if row is not None or token is None:
        return row
    rows = [c for c in BINARY_CLASSES.values() if c.meaning(token) is not None and token not in ("on", "off")]
    return rows[0] if len(rows) == 1 else None


#: A state word is general when this many classes know it, all with one meaning (``detected``, ``clear``,
#: ``open``, ``closed``, ``normal``): asked of a class that does not know it, it keeps that meaning.
GENERAL_WORD_CLASSES = 3


def _general_meaning(token: str) -> bool | None:
    """The meaning of a general state word (:data:`GENERAL_WORD_CLASSES`), else ``None``: a word of one
    class ("wet") asked of another ("is the window wet") means nothing there."""
    meanings = [on for row in BINARY_CLASSES.values() if (on := row.meaning(token)) is not None]
    return meanings[0] if len(meanings) >= GENERAL_WORD_CLASSES and len(set(meanings)) == 1 else None


def _states_meant(token: str) -> set[str]:
    """The schema states ``token`` stands for in the classes that know it."""
    out: set[str] = set()
    for row in BINARY_CLASSES.values():
        on = row.meaning(token)
        if on is not None:
            out.add(row.state(on))
    return out


def schema_state(device_type: str, device_class: str | None, token: str) -> str:
    """The ``get_state`` value the schema carries for the notation's ``token`` asked of a ``device_type``
    device (of ``device_class`` when known): a binary sensor's ``on`` / ``off`` (``open`` / ``closed``,
    ``unlocked`` / ``locked``), a person's ``home`` / ``not_home``; anything else unchanged."""
    if device_type == "person":
        return PERSON_TOKENS.get(token, token)
    if device_type != "binary_sensor":
        return token
    row = binary_class(device_class, token)
    if row is not None:
        on = row.meaning(token)
        if on is None:  # a general state word of other classes ("is the baby monitor detecting anything")
            on = _general_meaning(token)
        return token if on is None else row.state(on)
    # A class-less token of several classes ("detected", "open"): one state in all of them, else as written.
    states = _states_meant(token)
    return states.pop() if len(states) == 1 else token


#: Home Assistant's sensor device classes a reading is spoken with: the unit said after the number
#: (temperatures are spoken in the home's unit by the plugins).
SENSOR_UNITS: dict[str, str] = {
    "humidity": "percent", "battery": "percent", "moisture": "percent", "power": "watts",
    "energy": "kilowatt hours", "illuminance": "lux", "pressure": "hectopascals", "atmospheric_pressure": "hectopascals",
    "carbon_dioxide": "parts per million", "carbon_monoxide": "parts per million", "pm25": "micrograms per cubic metre",
    "pm10": "micrograms per cubic metre", "voltage": "volts", "current": "amps", "wind_speed": "kilometres per hour",
    "speed": "kilometres per hour", "sound_pressure": "decibels", "signal_strength": "decibels",
}
#: Words that name a quantity: a sensor named with only these ("humidity", "light level", "co2") is said
#: with its room ("The living room humidity is 48 percent.").
QUANTITY_WORDS: frozenset[str] = frozenset(
    {w for cls in SENSOR_UNITS for w in cls.split("_")}
    | {"temperature", "co2", "light", "level", "air", "quality", "particulates", "noise", "wind", "usage",
       "consumption", "reading", "outdoor", "outside", "indoor", "temp", "pm2.5", "pm1", "voc"})


def named_by_quantity(name: str, area: str | None = None) -> bool:
    """Whether a sensor's name is only the quantity it measures ("humidity", "light level"), after its
    room's name ("kitchen humidity")."""
    text = name.lower()
    if area and text.startswith(area.lower() + " "):
        text = text[len(area) + 1:]
    words = text.split()
    return bool(words) and all(w in QUANTITY_WORDS for w in words)


#: The states each device type (other than binary sensors and people) is asked about.
TYPE_STATES: dict[str, frozenset[str]] = {
    "light": frozenset({"on", "off"}), "switch": frozenset({"on", "off"}), "fan": frozenset({"on", "off"}),
    "climate": frozenset({"on", "off"}), "media_player": frozenset({"on", "off", "playing", "paused"}),
    "cover": frozenset({"open", "closed"}), "valve": frozenset({"open", "closed"}),
    "lock": frozenset({"locked", "unlocked"}), "vacuum": frozenset({"running", "docked"}),
}


#: State words that many classes say: they tell no class (:func:`state_said`).
_EVERY_CLASS_WORDS = frozenset({"on", "off", "normal", "clear", "detected", "open", "closed"})


#: Words between a name and the state said of it ("is the phone *still* connected", "*not* charging").
_BEFORE_STATE = frozenset({"still", "not", "currently", "being", "been", "now", "yet", "already", "no", "longer",
                           "actually", "really", "is", "it", "properly"})


def state_said(device_class: str | None, after: Sequence[str]) -> str | None:
    """The state of a binary sensor of ``device_class`` said in that class's own words right after its name
    (``after``: the sentence's words after the name; "[is the phone] still connected to the wifi", "[the
    phone] on charge"; the longest form first, so "not charging" is not "charging"), as the notation's token
    (``connected``, ``charging``); ``None`` when none is. A word two classes share ("connected": a plug's and
    a connection's) is read by the class the device has."""
    row = BINARY_CLASSES.get(device_class or "")
    if row is None:
        return None
    words = list(after)
    while words and words[0] in _BEFORE_STATE and not any(
            " ".join(words).startswith(f) for f in (row.said_off, row.off.replace("_", " "))):
        words = words[1:]
    text = " ".join(words) + " "
    forms = [(row.said_on, True), (row.on.replace("_", " "), True), (row.said_off, False), (row.off.replace("_", " "), False)]
    forms += [(word.replace("_", " "), on) for word, on in row.also]
    for form, on in sorted(forms, key=lambda f: -len(f[0])):
        if form not in _EVERY_CLASS_WORDS and text.startswith(f"{form} "):
            return row.on if on else row.off
    return None


#: Classes whose states say the same thing in other words ("connected": a plug's plugged in, a connection's
#: connected; "on charge"), so that a state word of one asked of a device of another keeps its sense.
ALIKE_CLASSES: tuple[frozenset[str], ...] = (
    frozenset({"plug", "connectivity", "battery_charging"}), frozenset({"door", "window", "opening", "garage_door"}),
    frozenset({"motion", "occupancy", "presence"}), frozenset({"power", "running"}))


def alike_state(token: str, device_class: str | None) -> str | None:
    """``token``, a state word of a class alike to ``device_class`` (:data:`ALIKE_CLASSES`) that this class does not
    know, in this class's own words ("plugged_in" asked of a connectivity sensor: ``connected``); ``None`` where the
    class knows the word, no alike class does, or they disagree ("locked" is never a door contact's "closed")."""
    row = BINARY_CLASSES.get(device_class or "")
    group = next((g for g in ALIKE_CLASSES if device_class in g), frozenset())
    if row is None or row.meaning(token) is not None:
        return None
    meanings = {on for name in group if (on := BINARY_CLASSES[name].meaning(token)) is not None}
    return (row.on if meanings.pop() else row.off) if len(meanings) == 1 else None


def has_state(device_type: str, device_class: str | None, token: str) -> bool:
    """Whether a device of this type and class has the state ``token`` as its own word ("running" for a
    running sensor, not for the switch of the same name; "on" for the switch, not for a binary sensor,
    whose every class says on and off)."""
    if device_type == "person":
        return token in PERSON_TOKENS
    if device_type == "binary_sensor":
        row = BINARY_CLASSES.get(device_class or "")
        return row is not None and token not in ("on", "off") and row.meaning(token) is not None
    return token in TYPE_STATES.get(device_type, frozenset())


def person_meaning(value: object) -> bool | None:
    """Whether an asked person state means at home (True), away (False), or neither (a zone: None)."""
    if not isinstance(value, str):
        return None
    word = value.strip().lower().replace(" ", "_")
    state = PERSON_TOKENS.get(word, word)
    return True if state == PERSON_HOME else False if state in (PERSON_AWAY, "out", "not_at_home") else None
