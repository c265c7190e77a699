"""Word lists shared by the runtime and the grammar: the words for a kind of device.

The resolver (:mod:`homeslm.understanding.resolve`) keeps the class a sentence names ("lower the
blinds": ``cover:blind``), the lexicon (:mod:`homeslm.understanding.lexicon`) never takes such a word
alone for a device name, and the grammar (:mod:`homeslm.grammar.phrases`) phrases group commands
with them. The runtime reads them from here; the grammar imports this module (training reads them
through the grammar) and this module imports nothing of homeslm. The recogniser's cache digest
(:mod:`homeslm.voice.asr`) hashes this file with the grammar's.
"""

from __future__ import annotations

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
                ("heaters", "heater", None), ("air conditioning", "air conditioning", None), ("ac", "ac", None),
                ("air con", "air con", None)],
    "lock": [("locks", "lock", None), ("doors", "door", None)],
    "media_player": [("tv", "tv", None), ("speakers", "speaker", None), ("music", "music", None),
                     ("television", "television", None), ("telly", "telly", None)],
    "binary_sensor": [("windows", "window", "window"), ("doors", "door", "door")],
    "vacuum": [("vacuum", "vacuum", None), ("robot vacuum", "robot vacuum", None), ("hoover", "hoover", None),
               ("robot", "robot", None)],
    "valve": [("sprinklers", "sprinkler", None), ("valves", "valve", None), ("water", "water", None)],
    "sensor": [("humidity sensors", "humidity sensor", "humidity"), ("humidity", "humidity", "humidity")],
}

# Class words that are mass nouns or read the same in the plural: "the heating" is never one device.
MASS_NOUNS = frozenset({"heating", "lighting", "music", "water", "air conditioning", "ac", "air con"})
