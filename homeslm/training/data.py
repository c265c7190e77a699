"""The training data generator: (model input, model output) pairs from the grammar.

One example: pick a home, an action and a template from :mod:`homeslm.training.phrases`, fill it
with the home's devices, areas, floors, numbers, colours and durations, wrap it in politeness and
recogniser noise, then run the *runtime* normaliser and lexicon over the sentence so the model input
is exactly what it will see in service. The output notation (:mod:`homeslm.notation`) is built
from what was filled in, mapped to the placeholders the lexicon chose, followed by the response.
Examples whose names the noise destroyed are dropped, never mislabelled.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Iterator

from homeslm import notation
from homeslm.lexicon import Entity, Lexicon, Tagged
from homeslm.responses import describe
from homeslm.textnorm import normalize
from homeslm.training import multi as M
from homeslm.training import ood as OOD
from homeslm.training import phrases as P
from homeslm.training.homes import Home, HomeDevice, random_home
from homeslm.training.templates import render

# Which device types each action applies to.
ACTION_TYPES: dict[str, tuple[str, ...]] = {
    "turn_on": ("light", "switch", "fan", "media_player", "climate", "valve", "scene", "script"),
    "turn_off": ("light", "switch", "fan", "media_player", "climate", "valve"),
    "toggle": ("light", "switch", "fan"),
    "set_brightness": ("light",), "increase_brightness": ("light",), "decrease_brightness": ("light",),
    "set_color": ("light",), "set_color_temp": ("light",),
    "set_temperature": ("climate",), "get_temperature": ("climate", "sensor"),
    "get_state": ("light", "switch", "fan", "cover", "lock", "binary_sensor", "media_player", "valve", "vacuum", "climate"),
    "open": ("cover", "valve"), "close": ("cover", "valve"), "set_position": ("cover",),
    "lock": ("lock",), "unlock": ("lock",),
    "media_pause": ("media_player",), "media_resume": ("media_player",), "media_next": ("media_player",),
    "media_previous": ("media_player",), "set_volume": ("media_player",),
    "vacuum_start": ("vacuum",), "vacuum_return_to_base": ("vacuum",),
}
# Group commands make sense for these (action -> domains).
GROUP_TYPES: dict[str, tuple[str, ...]] = {
    "turn_on": ("light", "switch", "fan", "media_player", "climate", "valve"),
    "turn_off": ("light", "switch", "fan", "media_player", "climate", "valve"),
    "set_brightness": ("light",), "increase_brightness": ("light",), "decrease_brightness": ("light",),
    "set_color": ("light",), "set_color_temp": ("light",), "set_temperature": ("climate",),
    "get_temperature": ("climate",), "get_state": ("light", "cover", "lock", "binary_sensor", "switch", "fan", "climate"),
    "open": ("cover",), "close": ("cover",), "set_position": ("cover",), "lock": ("lock",), "unlock": ("lock",),
    "toggle": ("light",),
}
ACTION_WEIGHTS: dict[str, float] = {
    "turn_on": 14, "turn_off": 14, "toggle": 1.5, "set_brightness": 5, "increase_brightness": 3, "decrease_brightness": 3,
    "set_color": 3, "set_color_temp": 1.5, "set_temperature": 3.5, "get_temperature": 2.5, "get_state": 6,
    "open": 3.5, "close": 3.5, "set_position": 2, "lock": 2, "unlock": 2, "media_pause": 1.5, "media_resume": 1.2,
    "media_next": 1.2, "media_previous": 1, "set_volume": 1.5, "start_timer": 4, "cancel_timer": 1.5,
    "cancel_all_timers": 0.8, "pause_timer": 0.7, "resume_timer": 0.7, "increase_timer": 0.8, "decrease_timer": 0.6,
    "timer_status": 1.5, "vacuum_start": 1, "vacuum_return_to_base": 0.8, "cancel": 1.5,
}
PCT_ACTIONS = ("set_brightness", "set_position", "set_volume")
TIMER_ACTIONS = ("start_timer", "cancel_timer", "cancel_all_timers", "pause_timer", "resume_timer", "increase_timer",
                 "decrease_timer", "timer_status")


# First words of a sentence that is already phrased as a request: no polite prefix goes before them.
_REQUEST_OPENERS = frozenset({"can", "could", "would", "will", "please", "i", "i'd", "we", "let", "lets", "let's",
                              "go", "kindly", "mind", "do", "be", "first", "so", "ok", "okay", "hey"})
# A group command with no place spoken that still says "all" means the whole house ("lock everything",
# "turn off all the lights", "warm the house up"), as "all the lights" does in :meth:`Generator._group_phrase`.
_UNIVERSAL = re.compile(r"\b(all|every|everything|everywhere|whole|entire|house)\b")


class Skip(Exception):
    """This draw cannot make a valid example; draw again."""


@dataclass
class Spec:
    """One intent in entity space, before placeholders."""

    action: str
    device: HomeDevice | None = None
    domain: str | None = None
    loc: list[tuple[str, str]] = field(default_factory=list)
    """("area", name) / ("floor", name) / ("house", "")."""
    one: bool = False
    it: bool = False
    unknown: str | None = None
    number: float | None = None
    unit: str | None = None
    word: str | None = None
    duration: list[tuple[float, str]] = field(default_factory=list)
    timer_len: bool = False
    timer_name: str | None = None
    shared_value: bool = False
    """The value was spoken once for several targets ("set the lamp and the strip to 40 percent")."""
    fixed: bool = False
    """The value comes from an idiom ("half way", "max volume", :data:`phrases.FIXED_VALUES`): the label
    uses the number the normaliser made of it, or the value itself when the idiom stayed words."""


@dataclass
class Example:
    source: str
    """Model input: normalised, with placeholders."""
    target: str
    """Model output: notation | response."""
    raw: str
    """The sentence as a person would say it (for speech LMs and debugging)."""


# -- spelling numbers ---------------------------------------------------------------------------
_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def spell(n: float, rng: random.Random | None = None) -> str:
    """English words for ``n`` (integers up to 9999, halves, one decimal)."""
    if n != int(n):
        whole = int(n)
        frac = round(n - whole, 1)
        if frac == 0.5 and rng is not None and rng.random() < 0.5:
            return f"{spell(whole)} and a half"
        return f"{spell(whole)} point {_ONES[int(round(frac * 10))]}"
    k = int(n)
    if k < 20:
        return _ONES[k]
    if k < 100:
        return _TENS[k // 10] + ("" if k % 10 == 0 else " " + _ONES[k % 10])
    if k < 1000:
        rest = k % 100
        return _ONES[k // 100] + " hundred" + ("" if rest == 0 else (" and " if rng and rng.random() < 0.5 else " ") + spell(rest))
    if k % 100 == 0 and k < 10000 and k // 100 % 10 != 0 and rng is not None and rng.random() < 0.5:
        return spell(k // 100) + " hundred"  # "twenty seven hundred"
    rest = k % 1000
    return spell(k // 1000) + " thousand" + ("" if rest == 0 else " " + spell(rest))


def say_number(n: float, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return spell(n, rng)
    return str(int(n)) if n == int(n) else f"{n:g}"


#: The idioms' values as the notation writes them (:data:`notation.NUMBER_WORDS`).
_VALUE_WORD = {float(v): w for w, v in notation.NUMBER_WORDS.items()}
_DIGITS = re.compile(r"\b\d+\b")


class Generator:
    """Draws examples; seeded, so a data set is reproducible."""

    def __init__(self, seed: int = 0, homes: list[Home] | None = None, home_weight: float = 0.0,
                 extra_actions: dict[str, list[tuple[str, str]]] | None = None, slips: bool = True) -> None:
        """``slips``: recogniser-like slips in the text (typos, "of" for "off", dropped articles) as the
        intent model must tolerate; ``False`` for sentences to be spoken (speech language models, benchmarks)."""
        self.rng = random.Random(seed)
        self.slips = slips
        self.fixed_homes = homes or []
        self.home_weight = home_weight
        self.extra_actions = extra_actions or {}
        self._lex_cache: dict[int, Lexicon] = {}

    # -- homes ----------------------------------------------------------------------------------
    def _home(self) -> Home:
        if self.fixed_homes and self.rng.random() < self.home_weight:
            return self.rng.choice(self.fixed_homes)
        return random_home(self.rng)

    def _lexicon(self, home: Home) -> Lexicon:
        key = id(home)
        lex = self._lex_cache.get(key) if home in self.fixed_homes else None
        if lex is None:
            lex = Lexicon.from_names(((d.name, d.type, d.aliases) for d in home.devices), home.areas, list(home.floors))
            if home in self.fixed_homes:
                self._lex_cache[key] = lex
        return lex

    # -- rendering helpers ------------------------------------------------------------------------
    def _device_phrase(self, home: Home, dev: HomeDevice) -> str:
        r = self.rng
        name = r.choice(dev.aliases) if dev.aliases and r.random() < 0.4 else dev.name
        art = r.choice(["the ", "the ", "the ", "", "my ", "our "])
        if dev.type in ("scene", "script"):
            art = r.choice(["", "", "the "])
        x = r.random()
        if dev.area and dev.area not in name and x < 0.12:
            return f"the {dev.area} {name}"
        if dev.area and dev.area not in name and x < 0.2:
            return f"{art}{name} in the {dev.area}"
        return f"{art}{name}"

    def _class_words(self, domain: str) -> tuple[str, str, str | None]:
        return self.rng.choice(P.CLASS_WORDS[domain])

    def _group_phrase(self, spec: Spec, pl: str, sg: str) -> str:
        r = self.rng
        if spec.one:
            if spec.loc and spec.loc[0][0] == "area":
                a = spec.loc[0][1]
                return r.choice([f"the {a} {sg}", f"the {sg} in the {a}", f"the {sg} in {a}", f"{a} {sg}"])
            return r.choice([f"the {sg}", f"the {sg}", f"this {sg}", f"the {sg} in here"])
        if not spec.loc:
            return r.choice([f"the {pl}", f"the {pl}", pl, f"the {pl} in here", f"the {pl} here", f"the {pl} in this room"])
        kinds = [k for k, _ in spec.loc]
        names = [n for _, n in spec.loc]
        if kinds[0] == "house":
            return r.choice([f"all the {pl}", f"all {pl}", f"every {sg}", f"every {sg} in the house", f"the {pl} everywhere",
                             f"all the {pl} in the house", f"all the {pl} in the whole house", f"all of the {pl}",
                             f"every single {sg}", f"the {pl} in every room", f"all {pl} in the house", f"the whole house {pl}"])
        joined = names[0] if len(names) == 1 else (", ".join(names[:-1]) + r.choice([" and ", " and the "]) + names[-1])
        if kinds[0] == "area":
            return r.choice([f"the {joined} {pl}", f"the {pl} in the {joined}", f"all the {pl} in the {joined}",
                             f"{joined} {pl}", f"the {pl} in {joined}", f"all {joined} {pl}", f"the {joined} {sg}s"
                             if not sg.endswith("s") else f"the {joined} {pl}"])
        return r.choice([f"the {pl} {joined}", f"the {joined} {pl}", f"all the {pl} {joined}", f"the {pl} on the {joined}",
                         f"all {joined} {pl}", f"{pl} {joined}", f"all the {pl} on the {joined}"])

    def _where(self, spec: Spec) -> str:
        r = self.rng
        if not spec.loc:
            return r.choice(P.HERE)
        kind, name = spec.loc[0]
        if kind == "house":
            return r.choice(P.HOUSE)
        if kind == "area":
            template = r.choice(P.AREA)
            if name.endswith("room") and template.endswith(" room"):  # never "in the emmas room room"
                template = "in the {a}"
            return template.format(a=name)
        return r.choice(P.FLOOR).format(f=name)

    def _value(self, spec: Spec) -> str:
        r = self.rng
        a = spec.action
        if a in PCT_ACTIONS or (a in ("increase_brightness", "decrease_brightness") and spec.number is not None):
            n = spec.number if spec.number is not None else 50
            s = say_number(n, r)
            return r.choice([f"{s} percent", f"{s} percent", f"{s}%", f"{s} per cent", s]) if a != "set_volume" or r.random() < 0.8 else s
        if a == "set_color_temp":
            s = say_number(spec.number or 2700, r)
            return r.choice([f"{s} kelvin", f"{s}k", f"{s} k", f"{s} kelvin"])
        if a == "set_temperature":
            s = say_number(spec.number or 20, r)
            if spec.unit == "C":
                return r.choice([f"{s} degrees celsius", f"{s} celsius", f"{s} degrees centigrade", f"{s}°c"])
            if spec.unit == "F":
                return r.choice([f"{s} degrees fahrenheit", f"{s} fahrenheit", f"{s}°f"])
            return r.choice([f"{s} degrees", f"{s} degrees", s, f"{s}°"])
        if a == "set_color":
            return spec.word or "red"
        if a == "get_state":
            return spec.word or "on"
        return ""

    def _draw_duration(self, spec: Spec, delta: bool = False) -> str:
        r = self.rng
        x = r.random()
        if x < 0.06:
            spec.duration = [(30, "min")]
            return r.choice(["half an hour", "30 minutes", "thirty minutes"])
        if x < 0.1:
            spec.duration = [(15, "min")]
            return r.choice(["a quarter of an hour", "quarter of an hour", "15 minutes", "fifteen minutes"])
        if x < 0.15:
            spec.duration = [(1, "h")] if r.random() < 0.5 else [(1, "min")]
            return "an hour" if spec.duration[0][1] == "h" else "a minute"
        if x < 0.2:
            spec.duration = [(1.5, r.choice(["min", "h"]))]
            unit = spec.duration[0][1]
            return r.choice([f"one and a half {'minutes' if unit == 'min' else 'hours'}",
                             f"a {'minute' if unit == 'min' else 'hour'} and a half", f"1.5 {'minutes' if unit == 'min' else 'hours'}"])
        if x < 0.3 and not delta:
            h, m = r.randint(1, 3), r.choice([5, 10, 15, 20, 30, 40, 45])
            spec.duration = [(h, "h"), (m, "min")]
            return f"{say_number(h, r)} {'hour' if h == 1 else 'hours'} and {say_number(m, r)} minutes"
        if x < 0.36 and not delta:
            m, s = r.randint(1, 10), r.choice([10, 15, 20, 30, 45])
            spec.duration = [(m, "min"), (s, "s")]
            return f"{say_number(m, r)} {'minute' if m == 1 else 'minutes'} and {say_number(s, r)} seconds"
        unit = r.choices(["s", "min", "h"], [2, 8, 1.5])[0]
        n = {"s": r.choice([10, 15, 20, 30, 40, 45, 50, 60, 90, 5, 25, 120]),
             "min": r.choice(list(range(2, 61)) + [2, 3, 5, 5, 10, 10, 15, 20, 25, 30, 45, 90]),
             "h": r.choice([2, 3, 4, 5, 6, 8, 12, 24])}[unit]
        spec.duration = [(n, unit)]
        words = {"s": ["seconds", "secs", "second"], "min": ["minutes", "minutes", "mins", "minute"], "h": ["hours", "hrs", "hour"]}[unit]
        word = r.choice(words)
        if word.endswith(("second", "minute", "hour")) and r.random() < 0.8:
            word += "s"
        return f"{say_number(n, r)} {word}"

    # -- drawing specs ----------------------------------------------------------------------------
    def _pick_action(self, exclude: tuple[str, ...] = ()) -> str:
        actions = [a for a in ACTION_WEIGHTS if a not in exclude]
        extra = list(self.extra_actions)
        weights = [ACTION_WEIGHTS[a] for a in actions] + [3.0] * len(extra)
        return self.rng.choices(actions + extra, weights)[0]

    def _fixed(self, spec: Spec, kind: str, p: float = 0.25) -> str | None:
        """Now and then an idiom that carries its own value (:data:`phrases.FIXED_VALUES`): sets the
        spec's value and returns the template, else ``None`` (the spec is left alone)."""
        table = P.FIXED_VALUES.get(spec.action, {}).get(kind)
        if not table or self.rng.random() >= p:
            return None
        value, tpl = self.rng.choice(table)
        if isinstance(value, str):
            spec.word = value
        else:
            spec.number, spec.unit, spec.fixed = float(value), "%", True
        return tpl

    def _spec_value(self, spec: Spec, dtype: str) -> None:
        r = self.rng
        a = spec.action
        if a in PCT_ACTIONS:
            spec.number = r.choice([r.randint(1, 100), r.choice([10, 20, 25, 30, 40, 50, 60, 70, 75, 80, 90, 100])])
            spec.unit = "%"
        elif a == "set_color_temp":
            spec.number = r.choice([2000, 2200, 2500, 2700, 3000, 3500, 4000, 4500, 5000, 5500, 6000, 6500, r.randint(20, 65) * 100])
            spec.unit = "K"
        elif a == "set_temperature":
            spec.unit = r.choices([None, "C", "F"], [8, 1.5, 1])[0]
            if spec.unit == "F":
                spec.number = float(r.randint(55, 85))
            else:
                spec.number = r.choice([float(r.randint(10, 30)), r.randint(32, 56) / 2])
        elif a == "set_color":
            spec.word = r.choice(P.COLORS)
        elif a == "get_state":
            dom = dtype
            spec.word = r.choice(P.STATES.get(dom, ["on", "off"]))

    def _draw_single(self, home: Home, action: str | None = None, allow_followup: bool = True) -> tuple[list[Spec], str]:
        """One command: specs and the sentence (without wrappers)."""
        r = self.rng
        action = action or self._pick_action()
        if action in self.extra_actions:
            return self._draw_extra(home, action)
        table = P.PHRASES[action]
        if action == "cancel":
            return [Spec("cancel")], render(r.choice(table["none"]), r, lambda s: "")
        if action in TIMER_ACTIONS:
            return self._draw_timer(action)
        if allow_followup and r.random() < 0.07 and action in P.FOLLOWUP_IT:
            return self._draw_followup_it(home, action)
        kinds = []
        devs = [d for d in home.devices if d.type in ACTION_TYPES.get(action, ())]
        if devs and ("any" in table or "dev" in table):
            kinds += ["dev"] * 6
        if action in GROUP_TYPES and ("any" in table or "grp" in table):
            kinds += ["grp"] * 3 + ["one"]
        if "none" in table:
            kinds += ["none"] * (4 if not devs else 2)
        if not kinds:
            raise Skip
        kind = r.choice(kinds)
        spec = Spec(action)
        if kind == "dev":
            dev = r.choice(devs)
            spec.device = dev
            self._spec_value(spec, dev.type if not dev.device_class else dev.type)
            templates = table.get("any", []) + table.get("dev", []) + table.get(f"dev.{dev.type}", []) * 3
            if action in ("increase_brightness", "decrease_brightness") and r.random() < 0.2:
                templates = table["by"]
                spec.number, spec.unit = float(r.choice([10, 20, 25, 30, 50, r.randint(5, 60)])), "%"
            fixed = self._fixed(spec, "any")
            # several devices, same verb: "turn off the heater and the pump"
            specs = [spec]
            phrase = self._device_phrase(home, dev)
            # a state asked of both must suit both ("is the lamp and the blind open" does not)
            others = [d for d in devs if d is not dev and (action != "get_state" or spec.word in P.STATES.get(d.type, ["on", "off"]))]
            if r.random() < 0.08 and others:
                other = r.choice(others)
                o = Spec(action, device=other, number=spec.number, unit=spec.unit, word=spec.word, shared_value=True,
                         fixed=spec.fixed)
                specs.append(o)
                phrase = f"{phrase}{r.choice([' and ', ' and ', ', '])}{self._device_phrase(home, other)}"
            tpl = fixed or r.choice(templates)
            text = render(tpl, r, lambda s: phrase if s == "t" else self._value(spec) if s == "v" else "")
            return specs, text
        if kind in ("grp", "one"):
            dom_choices = [t for t in GROUP_TYPES[action] if t in {d.type for d in home.devices}] or list(GROUP_TYPES[action])
            dtype = r.choice(dom_choices)
            if action == "get_state" and r.random() < 0.3:
                dtype = "binary_sensor"
            pl, sg, cls = self._class_words(dtype)
            spec.domain = f"{dtype}:{cls}" if cls else dtype
            # singular or not must be audible: "the tv" is one device, "the heating" never is
            spec.one = kind == "one" and sg not in P.MASS_NOUNS or (pl == sg and pl not in P.MASS_NOUNS)
            lr = r.random()
            if lr < 0.35 or (spec.one and lr < 0.5):
                spec.loc = []
            elif lr < 0.75 or spec.one:
                spec.loc = [("area", r.choice(home.areas))]
            elif lr < 0.87 and home.floors:
                spec.loc = [("floor", r.choice(list(home.floors)))]
            else:
                spec.loc = [("house", "")]
            self._spec_value(spec, dtype)
            specs = [spec]
            # "the kitchen and bedroom lights": one intent per area
            if not spec.one and spec.loc and spec.loc[0][0] == "area" and len(home.areas) > 1 and r.random() < 0.1:
                other_area = r.choice([a for a in home.areas if a != spec.loc[0][1]])
                spec.loc = [spec.loc[0], ("area", other_area)]
            if action == "get_state" and spec.one:
                phrase = self._group_phrase(spec, pl, sg)
                text = render(r.choice(table["dev"]), r, lambda s: phrase if s == "t" else self._value(spec) if s == "v" else "")
            elif action == "get_state":
                c = pl
                gkey = f"grp.{dtype}"  # "is the heating on": a class with its own questions
                fixed = self._fixed(spec, gkey) if len(spec.loc) <= 1 else None
                if fixed or (gkey in table and len(spec.loc) <= 1 and (dtype == "climate" or r.random() < 0.3)):
                    spec.domain = dtype
                    tpl = fixed or r.choice(table[gkey])
                else:
                    tpl = r.choice(table["grp"])
                text = render(tpl, r, lambda s: c if s == "c" else self._value(spec) if s == "v" else self._where(spec) if s == "w" else "")
            else:
                gkey = f"grp.{dtype}"
                gtemps = table.get(gkey, []) if not spec.one and len(spec.loc) <= 1 else []
                templates = table.get("any", []) + table.get("grp", [])
                house = table.get(f"house.{dtype}", []) if not spec.one and len(spec.loc) <= 1 else []
                fixed = None
                if house and r.random() < 0.2:  # "lock the house": the whole house, whatever was drawn
                    spec.domain, spec.loc = dtype, [("house", "")]
                    text = render(r.choice(house), r, lambda s: "")
                elif gtemps and ((fixed := self._fixed(spec, gkey)) or r.random() < 0.35):
                    spec.domain = dtype
                    where = self._where(spec)
                    text = render(fixed or r.choice(gtemps), r, lambda s: self._value(spec) if s == "v" else where if s == "w" else "")
                    if not spec.loc and not where and _UNIVERSAL.search(text):
                        spec.loc = [("house", "")]  # "lock everything", "turn off all the lights please"
                else:
                    fixed = self._fixed(spec, "any")
                    if not fixed and action in ("increase_brightness", "decrease_brightness") and r.random() < 0.2:
                        templates = table["by"]
                        spec.number, spec.unit = float(r.choice([10, 20, 25, 30, 50])), "%"
                    if spec.one:  # a singular class reference must be spoken: "what does the kitchen thermostat say"
                        templates = [t for t in templates if "{t}" in t] or [t for t in table.get("dev", []) if "{t}" in t]
                    tpl = fixed or r.choice(templates)
                    if "{t}" not in tpl:
                        spec.one = False  # "what temperature is it in the kitchen" names no device
                    phrase = self._group_phrase(spec, pl, sg)
                    text = render(tpl, r, lambda s: phrase if s == "t" else self._value(spec) if s == "v"
                                  else self._where(spec) if s == "w" else "")
            if len(spec.loc) > 1:
                specs = [Spec(**{**spec.__dict__, "loc": [loc]}) for loc in spec.loc]
            return specs, text
        # no target ("pause", "volume 30 percent")
        self._spec_value(spec, "media_player")
        fixed = self._fixed(spec, "none")
        if action == "set_volume" and not fixed:
            spec.number, spec.unit = float(r.choice([r.randint(1, 100), 10, 20, 30, 40, 50])), "%"
        text = render(fixed or r.choice(table["none"]), r, lambda s: self._value(spec) if s == "v" else "")
        return [spec], text

    def _draw_timer(self, action: str) -> tuple[list[Spec], str]:
        r = self.rng
        table = P.PHRASES[action]
        spec = Spec(action, domain="timer")
        kinds = ["none"] * 5 + (["named"] * 2 if "named" in table else []) + (["len"] if "len" in table else [])
        kind = r.choice(kinds)
        name = r.choice(P.TIMER_NAMES) if kind == "named" else ""
        if kind == "named":
            spec.timer_name = name
        dur = ""
        if action in ("start_timer", "increase_timer", "decrease_timer") or kind == "len":
            dur = self._draw_duration(spec, delta=action != "start_timer")
            if kind == "len":
                spec.timer_len = True
                dur = dur.replace("minutes", "minute").replace("hours", "hour").replace("seconds", "second") if r.random() < 0.7 else dur
        text = render(r.choice(table[kind]), r, lambda s: dur if s == "v" else name if s == "n" else "")
        return [spec], text

    def _draw_followup_it(self, home: Home, action: str) -> tuple[list[Spec], str]:
        r = self.rng
        spec = Spec(action, it=True)
        self._spec_value(spec, "light")
        text = render(r.choice(P.FOLLOWUP_IT[action]), r, lambda s: self._value(spec) if s == "v" else "")
        return [spec], text

    def _draw_same(self, home: Home) -> tuple[list[Spec], str]:
        r = self.rng
        spec = Spec(notation.SAME)
        text = render(r.choice(P.FOLLOWUP_SAME), r, lambda s: "\x00")
        before = text.split("\x00", 1)[0].split()
        after_preposition = bool(before) and before[-1] in ("in", "for", "with", "on")  # never "and in in the kitchen"
        if home.devices and r.random() < 0.4:
            dev = r.choice(home.devices)
            spec.device = dev
            phrase = self._device_phrase(home, dev)
        elif home.floors and r.random() < 0.2:
            fl = r.choice(list(home.floors))
            spec.loc = [("floor", fl)]
            phrase = r.choice([fl, f"the {fl}"])
        else:
            a = r.choice(home.areas)
            spec.loc = [("area", a)]
            phrase = r.choice([f"the {a}", a] + ([] if after_preposition else [f"in the {a}"]))
        return [spec], text.replace("\x00", phrase)

    def _unknown_name(self, home: Home) -> str:
        """A device name this home does not have: a thing, a room it lacks + a class word ("the attic
        light"), or a qualifier + a class word ("the desk lamp" where there is none)."""
        from homeslm.training.homes import AREAS, DEVICE_WORDS, QUALIFIERS

        r = self.rng
        x = r.random()
        if x < 0.3:
            places = [p for p in P.UNKNOWN_PLACES + AREAS if p not in home.areas] or ["attic"]
            pl, sg, _ = self._class_words(r.choice(["light", "light", "cover", "switch", "lock", "media_player", "fan"]))
            return f"{r.choice(places)} {r.choice([pl, sg, sg])}"
        if x < 0.55:
            dtype = r.choice(["light", "light", "switch", "fan", "cover", "media_player"])
            return f"{r.choice(QUALIFIERS)} {r.choice(DEVICE_WORDS[dtype])}"
        return r.choice(P.UNKNOWN_DEVICES)

    def _draw_unknown(self, home: Home) -> tuple[list[Spec], str]:
        """A command for a device the home does not have: the model copies its name, we refuse it."""
        r = self.rng
        name = self._unknown_name(home)
        if r.random() < 0.6:  # the ordinary grammar, aimed at a device that is not there
            action = r.choice([a for a in ACTION_TYPES if "any" in P.PHRASES[a] or "dev" in P.PHRASES[a]])
            table = P.PHRASES[action]
            spec = Spec(action, unknown=name)
            self._spec_value(spec, r.choice(ACTION_TYPES[action]))
            phrase = f"{r.choice(['the ', 'the ', 'my ', 'our ', ''])}{name}"
            text = render(r.choice(table.get("any", []) + table.get("dev", [])), r,
                          lambda s: phrase if s == "t" else self._value(spec) if s == "v" else "")
            return [spec], text
        tpl = r.choice(P.UNKNOWN_TEMPLATES)
        action = "turn_on"
        text = render(tpl, r, lambda s: name if s == "x" else say_number(r.randint(10, 90), r))
        if " off" in text or text.startswith("turn the") and text.endswith("off") or "stop" in text:
            action = "turn_off"
        for verb, act in (("open", "open"), ("close", "close"), ("unlock", "unlock"), ("lock", "lock"), ("dim", "decrease_brightness"),
                          ("percent", "set_brightness"), ("is the", "get_state"), ("pause", "media_pause"), ("play", "media_resume")):
            if verb in text:
                action = act
                break
        spec = Spec(action, unknown=name)
        if action == "set_brightness":
            words = normalize(text).split()
            if not words[-2].isdigit():
                raise Skip
            spec.number, spec.unit = float(words[-2]), "%"
        return [spec], text

    def _draw_extra(self, home: Home, action: str) -> tuple[list[Spec], str]:
        r = self.rng
        sentence, dtype = r.choice(self.extra_actions[action])
        spec = Spec(action)
        devs = [d for d in home.devices if d.type == dtype] if dtype else []
        if "{device}" in sentence:
            dev = r.choice(devs) if devs else HomeDevice(f"{r.choice(P.PREFIXES[:3])} {dtype}", dtype, None)
            if dev not in home.devices:
                raise Skip
            spec.device = dev
            sentence = sentence.replace("{device}", self._device_phrase(home, dev))
        else:
            spec.domain = dtype or None
        return [spec], sentence

    # -- several commands in one breath -------------------------------------------------------------
    def _draw_multi(self, home: Home) -> tuple[list[Spec], str]:
        """Several commands in one sentence, by one of :data:`multi.CONSTRUCTIONS`; one spec per device
        or group, in spoken order, labelled as the single commands are."""
        r = self.rng
        kind = r.choices(list(M.CONSTRUCTIONS), list(M.CONSTRUCTIONS.values()))[0]
        specs, text = {"concat": self._multi_concat, "shared_verb": self._multi_shared_verb, "shared_loc": self._multi_shared_loc,
                       "pronoun": self._multi_pronoun, "values": self._multi_values,
                       "areas": self._multi_areas}[kind](home)
        if r.random() < 0.3:  # a recogniser's transcript: no punctuation, no capitals, sometimes noise
            text = " ".join(w.strip(",.;:!?") for w in text.split()).lower()
            if r.random() < 0.5:
                text = self._noise(text)
        return specs, text

    def _join(self, parts: list[str]) -> str:
        r = self.rng
        if r.random() < 0.3:  # the plain joiners of the single-command grammar
            text = parts[0]
            for p in parts[1:]:
                text += r.choice(P.JOINERS) + p
            return text
        tpl = r.choice(M.JOIN2 if len(parts) == 2 else M.JOIN3)
        return render(tpl, r, lambda s: parts["abc".index(s)])

    def _multi_concat(self, home: Home) -> tuple[list[Spec], str]:
        """Independent commands and a joiner: "lock the front door, then turn off the tv"."""
        r = self.rng
        n = r.choice([2, 2, 2, 3])
        all_specs: list[Spec] = []
        parts: list[str] = []
        for _ in range(n):
            s, t = self._draw_single(home, self._pick_action(exclude=("cancel",)), allow_followup=False)
            all_specs += s
            parts.append(t)
        return all_specs, self._wrap(self._join(parts))

    def _multi_target(self, home: Home, action: str, taken: set[tuple[str, str]], allow_group: bool = True,
                      domain: str | None = None) -> tuple[Spec, str]:
        """One target of ``action``: a device ("the desk lamp") or a group ("the kitchen lights"),
        not one of ``taken``."""
        r = self.rng
        types = (domain,) if domain else ACTION_TYPES.get(action, ())
        devs = [d for d in home.devices if d.type in types and ("device", d.name) not in taken]
        if devs and (not allow_group or action not in GROUP_TYPES or r.random() < 0.65):
            dev = r.choice(devs)
            taken.add(("device", dev.name))
            return Spec(action, device=dev), self._device_phrase(home, dev)
        if not allow_group or action not in GROUP_TYPES:
            raise Skip
        gtypes = [t for t in GROUP_TYPES[action] if not domain or t == domain]
        present = [t for t in gtypes if t in {d.type for d in home.devices}]
        dtype = r.choice(present or gtypes)
        pl, sg, cls = self._class_words(dtype)
        spec = Spec(action, domain=f"{dtype}:{cls}" if cls else dtype)
        spec.one = pl == sg and pl not in P.MASS_NOUNS
        x = r.random()
        if x < 0.6:
            spec.loc = [("area", self._area_with(home, dtype))]
        elif x < 0.72 and home.floors:
            spec.loc = [("floor", r.choice(list(home.floors)))]
        elif x < 0.82 and not spec.one:
            spec.loc = [("house", "")]
        key = (spec.domain or "", repr(spec.loc))
        if key in taken or (spec.one and spec.loc and spec.loc[0][0] != "area"):
            raise Skip
        taken.add(key)
        return spec, self._group_phrase(spec, pl, sg)

    def _area_with(self, home: Home, dtype: str) -> str:
        """A room, usually one that has devices of ``dtype`` (people mostly talk about what is there)."""
        having = sorted({d.area for d in home.devices if d.type == dtype and d.area in home.areas})
        return self.rng.choice(having if having and self.rng.random() < 0.75 else home.areas)

    def _list(self, phrases: list[str], at_end: bool = False) -> str:
        """``phrases`` as a spoken list; ``at_end``: the list ends the sentence ("... and the fan too")."""
        table = M.LIST2 if len(phrases) == 2 else M.LIST3  # "both" only for two
        if at_end and self.rng.random() < 0.25:
            table = M.LIST2_END if len(phrases) == 2 else M.LIST3_END
        tpl = self.rng.choice(table)
        return render(tpl, self.rng, lambda s: phrases["xyz".index(s)])

    def _multi_shared_verb(self, home: Home) -> tuple[list[Spec], str]:
        """One verb over several targets: "turn off the lamp, the fan and the kitchen lights"."""
        r = self.rng
        action = r.choices(list(M.SHARED_VERB), [{"turn_on": 8, "turn_off": 8, "open": 2.5, "close": 2.5, "lock": 2,
                                                   "unlock": 1}.get(a, 1.0) for a in M.SHARED_VERB])[0]
        n = 2 if r.random() < 0.75 else 3
        taken: set[tuple[str, str]] = set()
        specs: list[Spec] = []
        phrases: list[str] = []
        for _ in range(n):
            spec, phrase = self._multi_target(home, action, taken)
            specs.append(spec)
            phrases.append(phrase)
        first = specs[0]
        self._spec_value(first, first.device.type if first.device else (first.domain or "light").partition(":")[0])
        for spec in specs[1:]:
            spec.number, spec.unit, spec.word, spec.shared_value = first.number, first.unit, first.word, True
        tpl = r.choice(M.SHARED_VERB[action])
        at_end = tpl.endswith("{t}")
        text = render(tpl, r, lambda s: self._list(phrases, at_end) if s == "t" else self._value(first) if s == "v" else "")
        return specs, self._wrap(text)

    def _multi_areas(self, home: Home) -> tuple[list[Spec], str]:
        """One group over several rooms: "turn off the lights in the kitchen and the hall" (an intent per room)."""
        r = self.rng
        action = r.choices(["turn_on", "turn_off", "open", "close", "lock", "set_brightness", "set_temperature", "set_color"],
                           [6, 6, 2, 2, 1, 1.5, 1.5, 1])[0]
        n = 2 if r.random() < 0.75 or len(home.areas) < 3 else 3
        if len(home.areas) < n:
            raise Skip
        areas = r.sample(home.areas, n)
        dtype = r.choice([t for t in GROUP_TYPES[action] if t not in ("media_player",)])
        pl, sg, cls = self._class_words(dtype)
        if pl == sg and pl not in P.MASS_NOUNS:
            raise Skip
        specs = [Spec(action, domain=f"{dtype}:{cls}" if cls else dtype, loc=[("area", a)]) for a in areas]
        self._spec_value(specs[0], dtype)
        for spec in specs[1:]:
            spec.number, spec.unit, spec.word, spec.shared_value = specs[0].number, specs[0].unit, specs[0].word, True
        verb = r.choice(M.SHARED_VERB[action])
        tpl = r.choice([t for t in M.AREA_GROUP if n == 2 or "both" not in t] + (M.AREA_GROUP2 if n == 2 else [])
                       + (M.AREA_GROUP2_END if n == 2 and verb.endswith("{t}") and "{v}" not in verb else []))
        names = (", ".join(areas[:-1]) + r.choice([" and ", " and the ", ", "]) + areas[-1])
        group = render(tpl, r, lambda s: pl if s == "pl" else names if s == "names" else areas[0] if s == "a1" else
                       areas[1] if s == "a2" else
                       f"the {areas[0]} and the {areas[1]}" if s == "names2" else self._list([f"the {a}" for a in areas]))
        text = render(verb, r, lambda s: group if s == "t" else self._value(specs[0]))
        return specs, self._wrap(text)

    def _multi_shared_loc(self, home: Home) -> tuple[list[Spec], str]:
        """Several group commands, one location: "turn off the lights and close the blinds in the kitchen"."""
        r = self.rng
        (a1, d1), (a2, d2) = r.sample(M.LOC_ACTIONS, 2)
        if r.random() < 0.4:  # one verb too: "turn off the lights and the tv in the living room"
            a2, d2 = r.choice([(a, d) for a, d in M.LOC_ACTIONS if a == a1 and d != d1] or [(a2, d2)])
        if d1 == d2:
            raise Skip
        if a1 == a2 and a1 in M.SHARED_VERB:
            return self._multi_shared_verb_loc(home, a1, [d1, d2])
        x = r.random()
        if x < 0.65:
            loc = [("area", self._area_with(home, d1))]
        elif x < 0.82 and home.floors:
            loc = [("floor", r.choice(list(home.floors)))]
        else:
            loc = [("house", "")]
        specs: list[Spec] = []
        parts: list[str] = []
        for action, dtype in ((a1, d1), (a2, d2)):
            pl, sg, cls = self._class_words(dtype)
            if pl == sg and pl not in P.MASS_NOUNS:
                raise Skip  # "the tv in the kitchen": a single device, not a group under a shared location
            spec = Spec(action, domain=f"{dtype}:{cls}" if cls else dtype, loc=list(loc))
            self._spec_value(spec, dtype)
            group = r.choice([f"the {pl}", f"the {pl}", pl, f"all the {pl}"])
            parts.append(render(r.choice(M.GROUP_VERB[action]), r, lambda s: group if s == "t" else self._value(spec)))
            specs.append(spec)
        text = render(r.choice(M.SHARED_LOC), r, lambda s: parts["ab".index(s)] if s in "ab" else self._where(specs[0]))
        if not self._where(specs[0]):
            raise Skip
        return specs, self._wrap(text)

    def _multi_shared_verb_loc(self, home: Home, action: str, dtypes: list[str]) -> tuple[list[Spec], str]:
        """One verb, several classes, one room: "turn off the lights and the tv in the living room"."""
        r = self.rng
        area = self._area_with(home, dtypes[0])
        specs: list[Spec] = []
        groups: list[str] = []
        for dtype in dtypes:
            pl, sg, cls = self._class_words(dtype)
            spec = Spec(action, domain=f"{dtype}:{cls}" if cls else dtype, loc=[("area", area)])
            spec.one = pl == sg and pl not in P.MASS_NOUNS  # "the tv in the living room": that one device
            specs.append(spec)
            groups.append(r.choice([f"the {pl}", f"the {pl}", pl, f"all the {pl}"]) if not spec.one else f"the {sg}")
        self._spec_value(specs[0], dtypes[0])
        for spec in specs[1:]:
            spec.number, spec.unit, spec.word, spec.shared_value = specs[0].number, specs[0].unit, specs[0].word, True
        where = r.choice([f"in the {area}", f"in the {area}", f"in {area}"])
        tpl = r.choice([t for t in M.SHARED_VERB[action] if t.endswith("{t}")] or M.SHARED_VERB[action])
        text = render(tpl, r, lambda s: self._list(groups) if s == "t" else self._value(specs[0]))
        text = f"{text} {where}" if r.random() < 0.75 else f"{where}{r.choice([' ', ', '])}{text}"
        return specs, self._wrap(text)

    def _multi_pronoun(self, home: Home) -> tuple[list[Spec], str]:
        """A second command on the first one's target: "turn on the lamp and set it to 50 percent"."""
        r = self.rng
        first_action, second_action, templates = r.choice(M.PRONOUN)
        dtype = {"set_volume": "media_player", "media_pause": "media_player"}.get(
            second_action, "cover" if first_action in ("open", "close") else "lock" if first_action == "unlock"
            else "light" if second_action in GROUP_TYPES and "light" in GROUP_TYPES[second_action] and
            second_action not in ("turn_on", "turn_off") else r.choice(["light", "light", "fan", "switch", "media_player"]))
        if dtype not in ACTION_TYPES.get(first_action, ()) or dtype not in ACTION_TYPES.get(second_action, ()):
            raise Skip
        first, phrase = self._multi_target(home, first_action, set(), allow_group=second_action in GROUP_TYPES and
                                           first_action in GROUP_TYPES, domain=dtype)
        self._spec_value(first, dtype)
        second = Spec(second_action, device=first.device, domain=first.domain, loc=list(first.loc), one=first.one)
        self._spec_value(second, dtype)
        mass = first.device is None and any(f" {m} " in f" {phrase} " for m in P.MASS_NOUNS)  # "the lighting": it
        plural = (first.device is None and not first.one and not mass) or phrase.endswith("s") and not phrase.endswith("ss")
        pron = "them" if plural else "it"
        table = P.PHRASES[first_action]
        kinds = table.get("any", []) + table.get("dev" if first.device else "grp", [])
        kinds = [t for t in kinds if "{t}" in t and "{w}" not in t] or M.SHARED_VERB[first_action]
        if first_action in M.SHARED_VERB and r.random() < 0.5:
            kinds = M.SHARED_VERB[first_action]
        a = render(r.choice(kinds), r, lambda s: phrase if s == "t" else self._value(first) if s == "v" else "")
        b = render(r.choice(templates), r, lambda s: pron if s == "p" else self._value(second) if s == "v" else "")
        return [first, second], self._wrap(a + r.choice(M.PRONOUN_JOIN) + b)

    def _multi_values(self, home: Home) -> tuple[list[Spec], str]:
        """One verb, a value per target: "set the kitchen to 20 and the bedroom to 18 degrees"."""
        r = self.rng
        action = r.choices(list(M.VALUE_VERB), [3, 2, 1, 1, 3])[0]
        n = 2 if r.random() < 0.8 else 3
        taken: set[tuple[str, str]] = set()
        specs: list[Spec] = []
        targets: list[str] = []
        values: list[str] = []
        for i in range(n):
            if action == "set_temperature" and r.random() < 0.6:  # "the kitchen to 20": a room's heating
                area = r.choice(home.areas)
                key = ("climate", repr([("area", area)]))
                if key in taken:
                    raise Skip
                taken.add(key)
                spec, phrase = Spec(action, domain="climate", loc=[("area", area)]), r.choice([f"the {area}", area])
            else:
                spec, phrase = self._multi_target(home, action, taken)
            dtype = spec.device.type if spec.device else (spec.domain or "light").partition(":")[0]
            self._spec_value(spec, dtype)
            if action == "set_temperature":
                spec.unit = None  # "to 20 and 18 degrees": a unit, if any, is not spoken per value
                spec.number = float(r.randint(15, 25))
            last = i == n - 1
            value = self._value(spec)
            if not last and action != "set_color" and r.random() < 0.6:  # the unit once, at the end
                value = value.split()[0] if " " in value else value.rstrip("%°")
            targets.append(phrase)
            values.append(value)
            specs.append(spec)
        tpl = r.choice(M.VALUE_VERB[action])
        slot = "pairs" if "{pairs}" in tpl else "pairs_to"
        forms = M.PAIR[slot] if action != "set_color" or slot == "pairs" else ["{t} to {v}"]  # never "at red"
        pairs = [render(r.choice(forms), r, {"t": t, "v": v}.__getitem__) for t, v in zip(targets, values)]
        joined = self._list(pairs) if r.random() < 0.8 else " and ".join(pairs)
        text = render(tpl, r, lambda s: joined)
        return specs, self._wrap(text)

    # -- wrappers and noise -------------------------------------------------------------------------
    def _wrap(self, text: str) -> str:
        r = self.rng
        # a polite prefix, unless the sentence already opens as a request ("could you ...", "i want ...");
        # before a question or a remark only an opening that suits one ("hey, is the door locked", never
        # "could you is the door locked")
        first = text.split(" ", 1)[0].lower()
        if r.random() < 0.22 and first not in _REQUEST_OPENERS:
            text = f"{r.choice(P.ATTENTION_PREFIXES if first in P.NON_REQUEST_OPENERS else P.PREFIXES)} {text}"
        if r.random() < 0.15:
            text = f"{text} {r.choice(P.SUFFIXES)}"
        return text

    def _wrap_out_of_domain(self, text: str) -> str:
        """Openings on what is not a command: a request ("could you tell me a joke") takes any, a
        question or a remark ("hey, what time is it") only one that suits it."""
        r = self.rng
        if r.random() < 0.2:
            first = text.split(" ", 1)[0].lower()
            request = first not in _REQUEST_OPENERS and first not in P.NON_REQUEST_OPENERS
            text = f"{r.choice(P.PREFIXES if request else P.ATTENTION_PREFIXES)} {text}"
        return text

    def _noise(self, text: str) -> str:
        if not self.slips:
            return text
        r = self.rng
        words = text.split()
        if r.random() < 0.1:
            words = [w for w in words if not (w == "the" and r.random() < 0.6)]
        if r.random() < 0.06:
            words = ["of" if w == "off" else w for w in words]
        if r.random() < 0.08 and words:
            words.insert(r.randrange(len(words) + 1), r.choice(P.FILLERS))
        if r.random() < 0.03 and words:
            i = r.randrange(len(words))
            words.insert(i, words[i])
        if r.random() < 0.04:
            words = [w for w in words if w not in ("please", "a", "to") or r.random() < 0.5]
        if r.random() < 0.04:
            i = r.randrange(len(words))
            w = words[i]
            if len(w) >= 6:
                j = r.randrange(1, len(w) - 1)
                words[i] = w[:j] + w[j + 1 :]
        if r.random() < 0.05:
            words = [("too" if w == "to" and r.random() < 0.5 else w) for w in words]
        return " ".join(words)

    # -- output -----------------------------------------------------------------------------------
    def _frame_tokens(self, spec: Spec, tagged: Tagged, ph_of: dict[tuple[str, str], str], nums: list[tuple[str, float]],
                      spent: list[tuple[str, float]] | None = None) -> str:
        toks = [spec.action]
        spent = spent if spent is not None else []

        def num_ph(value: float) -> str:
            if spec.shared_value:  # the number spoken once for all targets: the one the first target used
                for ph, v in reversed(spent):
                    if abs(v - value) < 1e-6:
                        return ph
            for i, (ph, v) in enumerate(nums):
                if abs(v - value) < 1e-6:
                    spent.append(nums.pop(i))
                    return ph
            if spec.fixed:  # an idiom the normaliser left as words ("max volume"): the value, as a word
                word = _VALUE_WORD.get(value)
                if word is None:
                    raise Skip
                return word
            raise Skip

        if spec.device is not None:
            ph = ph_of.get(("device", spec.device.name))
            if ph is None:
                raise Skip
            toks.append(ph)
        if spec.unknown:
            toks.append("?" + spec.unknown.replace(" ", "_"))
        if spec.it:
            toks.append("it")
        if spec.domain and spec.domain != "timer":
            toks.append(spec.domain)
        for kind, name in spec.loc:
            if kind == "house":
                toks.append("house")
            else:
                ph = ph_of.get((kind, name))
                if ph is None:
                    raise Skip
                toks.append(ph)
        if spec.one:
            toks.append("one")
        if spec.timer_len:
            toks.append("len")
        if spec.timer_name:
            toks.append("=" + spec.timer_name.replace(" ", "_"))
        for value, unit in spec.duration:
            toks += [num_ph(value), unit]
        if spec.number is not None:
            toks.append(num_ph(spec.number))
            if spec.unit:
                toks.append(spec.unit)
        if spec.word:
            toks.append(spec.word.replace(" ", "_"))
        return " ".join(toks)

    def _example(self, specs: list[Spec], raw: str, home: Home) -> Example:
        norm = normalize(raw)
        tagged = self._lexicon(home).tag(norm, normalized=True)
        ph_of: dict[tuple[str, str], str] = {}
        nums: list[tuple[str, float]] = []
        for ph, val in tagged.slots.items():
            if isinstance(val, Entity):
                ph_of[(val.kind, val.name)] = ph
            else:
                nums.append((ph, val))
        # an unknown device must not have been matched to a real one
        if any(spec.unknown and spec.unknown not in tagged.text for spec in specs):
            raise Skip
        if specs:
            spent: list[tuple[str, float]] = []
            head = " ; ".join(self._frame_tokens(s, tagged, ph_of, nums, spent) for s in specs)
            frames = notation.parse(head, frozenset(self.extra_actions)).frames
            response = _DIGITS.sub(lambda m: spell(float(m.group())), describe(frames))  # no digit pieces
            used = set(head.split())
            if any(isinstance(v, Entity) and v.kind == "device" and ph not in used for ph, v in tagged.slots.items()):
                raise Skip  # a word of the sentence is a device name here: the label would be wrong
            if nums:  # a spoken number the label does not account for: the label would be wrong
                raise Skip
        else:
            head = notation.NONE
            response = describe([])
        return Example(tagged.text, f"{head} | {response}", raw)

    def sample(self) -> Example:
        """One training example (retries internally until a valid one is drawn)."""
        for _ in range(50):
            try:
                return self._sample_once()
            except Skip:
                continue
        raise RuntimeError("the grammar failed to produce an example 50 times in a row")

    def _sample_once(self) -> Example:
        r = self.rng
        home = self._home()
        x = r.random()
        if x < 0.15:  # out of domain: mostly the grammar of ood.py (its home slots filled from this home)
            if r.random() < 0.75:
                raw = OOD.draw(r, home, _REQUEST_OPENERS)
            else:
                raw = self._wrap_out_of_domain(render(r.choice(P.OUT_OF_DOMAIN), r, lambda s: ""))
            raw = self._noise(raw) if r.random() < 0.2 else raw
            return self._example([], raw, home)
        if x < 0.226:
            specs, text = self._draw_unknown(home)
            return self._example(specs, self._wrap(text), home)
        if x < 0.264:
            specs, text = self._draw_same(home)
            return self._example(specs, text, home)
        if x < 0.475:
            specs, text = self._draw_multi(home)
            return self._example(specs, text, home)
        specs, text = self._draw_single(home)
        text = self._wrap(text)
        if r.random() < 0.3:
            text = self._noise(text)
        return self._example(specs, text, home)

    def __iter__(self) -> Iterator[Example]:
        while True:
            yield self.sample()


def sample_commands(config: "object", n: int, seed: int = 0) -> list[str]:
    """``n`` plain command sentences for the configured home, as people say them (for speech language
    models and spoken benchmarks: no typos or other recogniser slips)."""
    from homeslm.training.homes import home_from_config

    home = home_from_config(config)
    gen = Generator(seed=seed, homes=[home], home_weight=1.0, slips=False)
    out: list[str] = []
    while len(out) < n:
        ex = gen.sample()
        if not ex.target.startswith(notation.NONE):
            out.append(normalize(ex.raw))
    return out
