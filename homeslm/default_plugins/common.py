"""Helpers shared by the built-in device plugins: values, colours, payloads and state sentences.

Third-party plugins may import this module too (it depends only on :mod:`homeslm`'s public surface).
"""

from __future__ import annotations

import colorsys
import json
import logging
import math
import threading
from collections.abc import Callable
from typing import Any

from homeslm import (SENSOR_UNITS, ActionResult, BinaryClass, Config, Device, Intent, binary_class, named_by_quantity,
                     person_meaning, with_article)

logger = logging.getLogger(__name__)

#: CSS colour names (lower case, no spaces) to ``#rrggbb``.
CSS_COLORS: dict[str, str] = {
    "aliceblue": "#f0f8ff", "antiquewhite": "#faebd7", "aqua": "#00ffff", "aquamarine": "#7fffd4",
    "azure": "#f0ffff", "beige": "#f5f5dc", "bisque": "#ffe4c4", "black": "#000000",
    "blanchedalmond": "#ffebcd", "blue": "#0000ff", "blueviolet": "#8a2be2", "brown": "#a52a2a",
    "burlywood": "#deb887", "cadetblue": "#5f9ea0", "chartreuse": "#7fff00", "chocolate": "#d2691e",
    "coral": "#ff7f50", "cornflowerblue": "#6495ed", "cornsilk": "#fff8dc", "crimson": "#dc143c",
    "cyan": "#00ffff", "darkblue": "#00008b", "darkcyan": "#008b8b", "darkgoldenrod": "#b8860b",
    "darkgray": "#a9a9a9", "darkgreen": "#006400", "darkgrey": "#a9a9a9", "darkkhaki": "#bdb76b",
    "darkmagenta": "#8b008b", "darkolivegreen": "#556b2f", "darkorange": "#ff8c00", "darkorchid": "#9932cc",
    "darkred": "#8b0000", "darksalmon": "#e9967a", "darkseagreen": "#8fbc8f", "darkslateblue": "#483d8b",
    "darkslategray": "#2f4f4f", "darkslategrey": "#2f4f4f", "darkturquoise": "#00ced1",
    "darkviolet": "#9400d3", "deeppink": "#ff1493", "deepskyblue": "#00bfff", "dimgray": "#696969",
    "dimgrey": "#696969", "dodgerblue": "#1e90ff", "firebrick": "#b22222", "floralwhite": "#fffaf0",
    "forestgreen": "#228b22", "fuchsia": "#ff00ff", "gainsboro": "#dcdcdc", "ghostwhite": "#f8f8ff",
    "gold": "#ffd700", "goldenrod": "#daa520", "gray": "#808080", "green": "#008000",
    "greenyellow": "#adff2f", "grey": "#808080", "honeydew": "#f0fff0", "hotpink": "#ff69b4",
    "indianred": "#cd5c5c", "indigo": "#4b0082", "ivory": "#fffff0", "khaki": "#f0e68c",
    "lavender": "#e6e6fa", "lavenderblush": "#fff0f5", "lawngreen": "#7cfc00", "lemonchiffon": "#fffacd",
    "lightblue": "#add8e6", "lightcoral": "#f08080", "lightcyan": "#e0ffff",
    "lightgoldenrodyellow": "#fafad2", "lightgray": "#d3d3d3", "lightgreen": "#90ee90",
    "lightgrey": "#d3d3d3", "lightpink": "#ffb6c1", "lightsalmon": "#ffa07a", "lightseagreen": "#20b2aa",
    "lightskyblue": "#87cefa", "lightslategray": "#778899", "lightslategrey": "#778899",
    "lightsteelblue": "#b0c4de", "lightyellow": "#ffffe0", "lime": "#00ff00", "limegreen": "#32cd32",
    "linen": "#faf0e6", "magenta": "#ff00ff", "maroon": "#800000", "mediumaquamarine": "#66cdaa",
    "mediumblue": "#0000cd", "mediumorchid": "#ba55d3", "mediumpurple": "#9370db",
    "mediumseagreen": "#3cb371", "mediumslateblue": "#7b68ee", "mediumspringgreen": "#00fa9a",
    "mediumturquoise": "#48d1cc", "mediumvioletred": "#c71585", "midnightblue": "#191970",
    "mintcream": "#f5fffa", "mistyrose": "#ffe4e1", "moccasin": "#ffe4b5", "navajowhite": "#ffdead",
    "navy": "#000080", "oldlace": "#fdf5e6", "olive": "#808000", "olivedrab": "#6b8e23", "orange": "#ffa500",
    "orangered": "#ff4500", "orchid": "#da70d6", "palegoldenrod": "#eee8aa", "palegreen": "#98fb98",
    "paleturquoise": "#afeeee", "palevioletred": "#db7093", "papayawhip": "#ffefd5", "peachpuff": "#ffdab9",
    "peru": "#cd853f", "pink": "#ffc0cb", "plum": "#dda0dd", "powderblue": "#b0e0e6", "purple": "#800080",
    "red": "#ff0000", "rosybrown": "#bc8f8f", "royalblue": "#4169e1", "saddlebrown": "#8b4513",
    "salmon": "#fa8072", "sandybrown": "#f4a460", "seagreen": "#2e8b57", "seashell": "#fff5ee",
    "sienna": "#a0522d", "silver": "#c0c0c0", "skyblue": "#87ceeb", "slateblue": "#6a5acd",
    "slategray": "#708090", "slategrey": "#708090", "snow": "#fffafa", "springgreen": "#00ff7f",
    "steelblue": "#4682b4", "tan": "#d2b48c", "teal": "#008080", "thistle": "#d8bfd8", "tomato": "#ff6347",
    "turquoise": "#40e0d0", "violet": "#ee82ee", "wheat": "#f5deb3", "white": "#ffffff",
    "whitesmoke": "#f5f5f5", "yellow": "#ffff00", "yellowgreen": "#9acd32",
    "rebeccapurple": "#663399",
}


def check_settings(config: Config, plugin: str, settings: dict[str, Any], known: tuple[str, ...]) -> None:
    """Raise a :class:`homeslm.ConfigError` (file, line, key) for a settings key the plugin does not
    know, or an invalid ``state_timeout_s``."""
    for key in settings:
        if key not in known:
            raise config.error(f"plugins.{plugin}.{key}", f"unknown setting of plugin {plugin!r}; known: {', '.join(known) or 'none'}")
    if "state_timeout_s" in settings:
        value = settings["state_timeout_s"]
        seconds = None if isinstance(value, str) else number(value)
        if seconds is None or not 0 < seconds <= 60:
            raise config.error(f"plugins.{plugin}.state_timeout_s", f"expected seconds (0 < s <= 60), got {value!r}")


def state_timeout_s(settings: dict[str, Any], default: float) -> float:
    """The ``state_timeout_s`` setting (checked by :func:`check_settings`): how long a state question
    waits for the device's answer."""
    seconds = number(settings.get("state_timeout_s"))
    return default if seconds is None else seconds


def refuse(speech: str, reason: str = "invalid") -> ActionResult:
    """A failed result that says why (``reason`` goes to the intent topic as ``refusal``)."""
    return ActionResult(ok=False, speech=speech, data={"refusal": reason})


def sent(topic: str, payload: Any, *, speech: str | None = None, state: dict[str, Any] | None = None) -> ActionResult:
    """A successful command: what was published where (for the ``intent`` topic's results)."""
    return ActionResult(ok=True, speech=speech, state=state, data={"topic": topic, "payload": payload})


#: The largest magnitude of a number :func:`number` takes: beyond it a device's state or a command's value
#: is noise or crafted (``1e308``, a 400-digit integer), never a reading to act on or to read out.
NUMBER_LIMIT = 1e9
#: The longest text :func:`number` parses.
_NUMBER_TEXT_CHARS = 40


def number(value: Any) -> float | None:
    """``value`` as a finite number of magnitude at most :data:`NUMBER_LIMIT` (``30``, ``"30"``, ``"30%"``),
    or ``None``; never raises (a JSON integer too large for a float is ``None`` too)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        try:
            out = float(value)
        except OverflowError:
            return None
    elif isinstance(value, str):
        text = value.strip().rstrip("%").strip()
        if len(text) > _NUMBER_TEXT_CHARS:
            return None
        try:
            out = float(text)
        except ValueError:
            return None
    else:
        return None
    return out if math.isfinite(out) and abs(out) <= NUMBER_LIMIT else None


def looks_numeric(value: Any) -> bool:
    """Whether ``value`` is a number or a text of one, whether or not :func:`number` takes it (``"1e999"``,
    ``"nan"``, a 400-digit integer): a device state that is one is read by :func:`number` or not at all."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    if not isinstance(value, str):
        return False
    text = value.strip().rstrip("%").strip()
    if text.lstrip("+-").isdigit():  # a long integer: float() would do, slowly
        return True
    try:
        float(text[:_NUMBER_TEXT_CHARS * 2])
    except ValueError:
        return False
    return True


def spoken_number(x: float) -> str:
    """``21.0`` -> ``"21"``, ``21.5`` -> ``"21.5"`` (to one decimal); never a 309-digit number: beyond
    :data:`NUMBER_LIMIT`, and for infinities and NaN, a phrase."""
    if math.isnan(x):
        return "an unknown number"
    if abs(x) > NUMBER_LIMIT:
        return "more than a billion" if x > 0 else "less than minus a billion"
    if abs(x - round(x)) < 1e-9:
        return str(int(round(x)))
    text = f"{x:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def clamp(x: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, x))


def color_hex(name: Any) -> str | None:
    """``"light blue"`` -> ``"#add8e6"``; also accepts ``#rrggbb``; ``None`` for an unknown colour."""
    if not isinstance(name, str):
        return None
    key = name.strip().lower()
    if key.startswith("#") and len(key) == 7:
        try:
            int(key[1:], 16)
        except ValueError:
            return None
        return key
    return CSS_COLORS.get(key.replace(" ", "").replace("-", ""))


#: Whites people ask for by name, as colour temperatures in kelvin ("set the lamp to warm white").
WHITES_K: dict[str, int] = {
    "warm white": 2700, "soft white": 3000, "neutral white": 4000, "cool white": 5000,
    "cold white": 6000, "daylight": 6500,
}


def white_kelvin(name: Any) -> int | None:
    """``"warm white"`` -> 2700; ``None`` for anything else."""
    return WHITES_K.get(" ".join(name.strip().lower().split())) if isinstance(name, str) else None


#: How far "warmer" / "cooler" moves a light's colour temperature: 50 mireds, about a seventh of the usual
#: 153..500 range (4000 K -> 3333 K warmer).
COLOR_TEMP_STEP_MIRED = 50


def kelvin_to_mired(kelvin: float) -> int:
    return round(1_000_000 / kelvin)


def kelvin_rgb(kelvin: float) -> tuple[int, int, int]:
    """The colour of a white of ``kelvin`` (1000..40000 K) as 0..255 RGB (Tanner Helland's fit to the
    black-body colours): 2700 K -> (255, 167, 87), 6500 K -> (255, 254, 250)."""
    t = min(max(kelvin, 1000.0), 40000.0) / 100
    red = 255.0 if t <= 66 else 329.698727446 * (t - 60) ** -0.1332047592
    green = 99.4708025861 * math.log(t) - 161.1195681661 if t <= 66 else 288.1221695283 * (t - 60) ** -0.0755148492
    blue = 255.0 if t >= 66 else (0.0 if t <= 19 else 138.5177312231 * math.log(t - 10) - 305.0447927307)
    return tuple(int(min(max(round(c), 0), 255)) for c in (red, green, blue))  # type: ignore[return-value]


def color_rgb(name: Any) -> tuple[int, int, int] | None:
    """A colour's name (or ``#rrggbb``, or a named white such as warm white) as 0..255 RGB, or ``None``."""
    code = color_hex(name)
    if code is not None:
        return int(code[1:3], 16), int(code[3:5], 16), int(code[5:7], 16)
    kelvin = white_kelvin(name)
    return kelvin_rgb(kelvin) if kelvin is not None else None


def rgb_to_hs(rgb: tuple[int, int, int]) -> tuple[float, float]:
    """Hue in degrees (0..360) and saturation in percent (0..100), both to one decimal."""
    hue, sat, _ = colorsys.rgb_to_hsv(*(c / 255 for c in rgb))
    return round(hue * 360, 1), round(sat * 100, 1)


def rgb_to_xy(rgb: tuple[int, int, int]) -> tuple[float, float]:
    """CIE 1931 xy of an sRGB colour (what Hue and Home Assistant's ``xy`` take), to 4 decimals; white
    point D65 for black."""
    lin = [((c / 255 + 0.055) / 1.055) ** 2.4 if c / 255 > 0.04045 else c / 255 / 12.92 for c in rgb]
    x_ = lin[0] * 0.4124 + lin[1] * 0.3576 + lin[2] * 0.1805
    y_ = lin[0] * 0.2126 + lin[1] * 0.7152 + lin[2] * 0.0722
    z_ = lin[0] * 0.0193 + lin[1] * 0.1192 + lin[2] * 0.9505
    total = x_ + y_ + z_
    if total <= 0:
        return 0.3127, 0.329
    return round(x_ / total, 4), round(y_ / total, 4)


def to_celsius(value: float, unit: str | None, config: Config) -> float:
    """A spoken temperature in °C: ``unit`` if spoken, else the config's ``units.temperature``."""
    fahrenheit = unit == "°F" or (unit is None and config.temperature_unit == "fahrenheit")
    return (value - 32) * 5 / 9 if fahrenheit else value


#: The step of "turn the heating up" with no step said: one degree of the home's unit.
TEMPERATURE_STEP = 1.0
#: The range a relative temperature step stays in, °C (what thermostats take; ``set_temperature`` refuses outside it).
SETPOINT_RANGE_C = (5.0, 35.0)


def stepped_setpoint(intent: Intent, current_celsius: float, config: Config) -> float:
    """The new set point in °C of ``increase_temperature`` / ``decrease_temperature``: the current one
    plus or minus the step said (degrees of the unit said, else of the home's unit) or one degree,
    rounded to half a degree and kept within :data:`SETPOINT_RANGE_C`."""
    step = number(intent.value)
    step = TEMPERATURE_STEP if step is None else abs(step)
    fahrenheit = intent.unit == "°F" or (intent.unit is None and config.temperature_unit == "fahrenheit")
    delta = step * 5 / 9 if fahrenheit else step
    sign = 1 if intent.action == "increase_temperature" else -1
    return clamp(round((current_celsius + sign * delta) * 2) / 2, *SETPOINT_RANGE_C)


def reading_answer(device: Device, said: str, state: dict[str, Any] | None = None) -> ActionResult:
    """A sensor's reading, ``said`` with its unit ("48 percent", "19.5 degrees"): "The living room humidity
    is 48 percent." for a sensor named by its quantity alone (its room said before it), else "The cellar
    sensor reads 12.5 degrees."."""
    name = device.name
    if named_by_quantity(name, device.area):
        place = f"{device.area} " if device.area and device.area.lower() not in name.lower() else ""
        speech = f"{with_article(place + name, capital=True)} {is_are(name)} {said}."
    else:
        speech = f"{with_article(name, capital=True)} reads {said}."
    return ActionResult(ok=True, speech=speech, state=state)


def reading_said(value: float, device_class: str | None) -> str:
    """A reading that is not a temperature, rounded, with the unit of its class when known ("48 percent")."""
    unit = SENSOR_UNITS.get(device_class or "")
    return f"{spoken_number(round(value, 1))}{' ' + unit if unit else ''}"


def spoken_temperature(celsius: float, config: Config) -> str:
    """``"21.5 degrees"`` in the config's unit."""
    if config.temperature_unit == "fahrenheit":
        return f"{spoken_number(round(celsius * 9 / 5 + 32, 1))} degrees"
    return f"{spoken_number(round(celsius, 1))} degrees"


def decode(payload: bytes) -> dict[str, Any] | str:
    """An MQTT payload as a JSON object, or else as stripped text."""
    text = payload.decode("utf-8", errors="replace").strip()
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            return text
        if isinstance(data, dict):
            return data
    return text


def need_value(intent: Intent, device: Device, what: str) -> float | ActionResult:
    """The intent's number, or a refusal asking for it (``what``: "brightness", "position")."""
    value = number(intent.value)
    if value is None:
        return refuse(f"What {what} should {with_article(device.name)} have?", "missing_value")
    return value


#: Answers to "is it ...?" of a device that is no binary sensor or person (those answer from their class,
#: :func:`binary_answer`, :func:`person_answer`): the word asked about -> the state word it means.
_ASKED = {
    "on": "on", "off": "off", "running": "on", "open": "open", "opened": "open", "closed": "closed",
    "close": "closed", "shut": "closed", "locked": "locked", "lock": "locked", "unlocked": "unlocked",
    "unlock": "unlocked", "playing": "playing", "paused": "paused", "docked": "docked",
}
#: What a group of devices of a type is called in an answer ("No, all 3 lights are off.").
_PLURAL = {"light": "lights", "switch": "switches", "fan": "fans", "cover": "covers", "lock": "locks",
           "valve": "valves", "media_player": "media players", "vacuum": "vacuums", "climate": "thermostats",
           "person": "people", "binary_sensor": "sensors"}


#: The longest text a device may publish as its state and have read out ("not fully locked", "heat").
MAX_STATE_WORD_CHARS = 40


def state_text(value: Any) -> str | None:
    """``value`` when a device's state text may be read out as it is: a short text that is not a number
    (a 400-digit "state" or a paragraph is no state word, and is not read out)."""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_STATE_WORD_CHARS or looks_numeric(value):
        return None
    return value


def is_are(name: str) -> str:
    """``"is"``, or ``"are"`` for plural names (``shutters``, ``curtains``; not ``glass``, ``status``)."""
    last = name.strip().lower().rsplit(" ", 1)[-1]
    return "are" if last.endswith("s") and not last.endswith(("ss", "us", "is")) else "is"


def state_sentence(device: Device, word: str, asked: Any = None) -> str:
    """``"The smart lock is locked."``; ``"Yes, ..."``/``"No, ..."`` when the question named a state.

    A detail after `` at `` (``"on at 40 percent"``) is spoken but not compared: it answers "is it on?".
    """
    return _sentence(state_answer(device, word, asked))


def state_answer(device: Device, word: str, asked: Any = None, state: dict[str, Any] | None = None) -> ActionResult:
    """The answer to a state question about a device that is no binary sensor or person, as
    :func:`state_sentence` says it, with what a question over several devices is answered from
    (:func:`answered`)."""
    plain = word.partition(" at ")[0]
    want = _ASKED.get(asked.strip().lower()) if isinstance(asked, str) else None
    match = None if want is None or plain not in set(_ASKED.values()) else want == plain
    return answered(with_article(device.name), word, match, device, state, asked_said=want)


def binary_answer(device: Device, on: bool, asked: Any = None, state: dict[str, Any] | None = None,
                  row: BinaryClass | None = None) -> ActionResult:
    """A binary sensor's state in its class's words (:data:`homeslm.BINARY_CLASSES`): "The bathroom leak
    sensor is dry.", "Yes, the phone is charging." (a name that ends with the state word says it once), "No,
    the hallway motion sensor is clear." (a name that ends with what is sensed is called a sensor); yes or no
    when the question asked a state, written as the schema has it (``on``, ``open``, ``unlocked``) or as the
    notation does (``wet``, ``not_charging``). ``row``: the class when the device's config names none but its
    state does (a zigbee2mqtt ``water_leak`` attribute)."""
    row = row or binary_class(device.device_class)
    said = row.said(on) if row is not None else ("on" if on else "off")
    if row is None:
        meant = {"on": True, "off": False}.get(asked.strip().lower()) if isinstance(asked, str) else None
    else:
        meant = row.meaning(asked)
    asked_said = None if meant is None else (row.said(meant) if row is not None else ("on" if meant else "off"))
    return answered(with_article(_sensor_name(device.name, row, said)), said, None if meant is None else meant == on,
                    device, state, asked_said=asked_said, plural=row.plural if row is not None else None)


def person_answer(device: Device, where: str, asked: Any = None, state: dict[str, Any] | None = None) -> ActionResult:
    """A person's state as Home Assistant has it (``home``, ``not_home``, a zone's name): "Anna is home.",
    "No, anna is away.", "Yes, bob is at work." (away from home, in a zone)."""
    zone = where.strip().lower().replace("_", " ")
    at_home = person_meaning(where)
    said = "home" if at_home else "away" if at_home is False else f"at {zone}"
    meant = person_meaning(asked)
    match = None if meant is None else meant == bool(at_home)
    return answered(device.name, said, match, device, state, asked_said=None if meant is None else "home" if meant else "away")


def answered(subject: str, said: str, match: bool | None, device: Device, state: dict[str, Any] | None = None, *,
             asked_said: str | None = None, plural: str | None = None) -> ActionResult:
    """A state read: "<subject> is <said>.", after "Yes, " or "No, " when ``match`` says whether it is the state
    asked about. Its ``data`` keeps the parts (``subject``, ``said``, ``answer`` yes/no, ``asked`` as said,
    ``plural``), from which a question over several devices is answered in one sentence
    (:mod:`homeslm.state_answers`)."""
    data: dict[str, Any] = {"subject": subject, "said": said, "plural": plural or _PLURAL.get(device.type, "devices")}
    if match is not None:
        data["answer"] = "yes" if match else "no"
        if asked_said is not None:
            data["asked"] = asked_said
    result = ActionResult(ok=True, speech=None, state=state, data=data)
    return ActionResult(ok=True, speech=_sentence(result), state=state, data=data)


def _sentence(result: ActionResult) -> str:
    data = result.data
    subject = str(data["subject"])
    base = f"{subject} {is_are(subject)} {data['said']}."
    if "answer" not in data:
        return base[0].upper() + base[1:]
    return ("Yes, " if data["answer"] == "yes" else "No, ") + base


def _sensor_name(name: str, row: BinaryClass | None, said: str) -> str:
    """How an answer calls a binary sensor: its name, without last words that are a state of its class ("phone
    charging" is not charging: "the phone"), or with "sensor" after a last word that names what is sensed
    ("hallway motion": "the hallway motion sensor")."""
    if row is None:
        return name
    words = name.split()
    for state_words in (row.said_on, row.said_off, row.on.replace("_", " "), row.off.replace("_", " ")):
        tail = state_words.split()
        if len(words) > len(tail) and words[-len(tail):] == tail:
            return " ".join(words[:-len(tail)])
    if words and words[-1] in row.sensed:
        return f"{name} sensor"
    return name


def register_table(register: Callable[..., None], table: dict[str, tuple[str, ...]],
                   handlers: dict[str, Callable[..., ActionResult]], default: Callable[..., ActionResult]) -> None:
    """Register each ``table[device_type]`` action with ``handlers[action]``, else ``default``."""
    for device_type, actions in table.items():
        for action in actions:
            register(device_type, action, handlers.get(action, default))


def unknown_state(device: Device) -> ActionResult:
    return refuse(f"I don't know the state of {with_article(device.name)} yet.", "unknown_state")


class Subscriptions:
    """Topics a plugin has subscribed to, so that each is subscribed once (kept in its state cache)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._topics: set[str] = set()

    def ensure(self, mqtt: Any, topic: str, callback: Callable[[str, bytes], None]) -> bool:
        """Subscribe ``callback`` to ``topic`` unless done before; True when it subscribed now."""
        with self._lock:
            if topic in self._topics:
                return False
            self._topics.add(topic)
        mqtt.subscribe(topic, callback, qos=1)
        return True
