"""The base of the training data generator (:class:`homeslm.grammar.data.Generator`): its state
(the seeded random source, the configured homes, the lexicon cache), the words for a device, a group,
a place, a value and a duration, the values a spec is given, the polite wrappers and the recogniser
noise. The drawing of whole commands builds on it (:mod:`homeslm.grammar.followups`,
:mod:`homeslm.grammar.single`, :mod:`homeslm.grammar.multi_draw`).
"""

from __future__ import annotations

import random

from homeslm.understanding.lexicon import Lexicon
from homeslm.grammar import phrases as P
from homeslm.grammar.homes import Home, HomeDevice, random_home
from homeslm.grammar.spec import PCT_ACTIONS, RELATIVE_PCT_ACTIONS, Spec
from homeslm.grammar.spelling import say_number

# First words of a sentence that is already phrased as a request: no polite prefix goes before them.
_REQUEST_OPENERS = frozenset({"can", "could", "would", "will", "please", "i", "i'd", "we", "let", "lets", "let's",
                              "go", "kindly", "mind", "do", "be", "first", "so", "ok", "okay", "hey"})



def _plural(name: str) -> str:
    """"ceiling lights", "lamps", "blinds", "switches", "tvs"."""
    if name.endswith("s"):
        return name
    if name.endswith(("ch", "sh", "x")):
        return name + "es"
    if name.endswith("y") and name[-2:-1] not in "aeiou":
        return name[:-1] + "ies"
    return name + "s"


class Phrasing:
    """The generator's state and phrasing helpers; a part of :class:`homeslm.grammar.data.Generator`."""

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
    def _device_phrase(self, home: Home, dev: HomeDevice, spec: Spec | None, *, place: bool = False) -> str:
        """How a device is said: its name or an alias, now and then with its room ("the kitchen ceiling
        light", "the lamp in the study") or floor ("the ceiling light upstairs"). A place said is part of
        the label: it goes into ``spec.loc`` (the model writes ``<light1> <area1>``, which is how one of
        several devices sharing a name is told apart). A name several rooms share is said with its place
        more often; ``place`` forces it (the same name twice in one sentence)."""
        r = self.rng
        shared = sum(d.name == dev.name for d in home.devices) > 1
        name = r.choice(dev.aliases) if dev.aliases and r.random() < 0.4 else dev.name
        art = r.choice(["the ", "the ", "the ", "", "my ", "our "])
        if dev.type in ("scene", "script"):
            art = r.choice(["", "", "the "])
        x = r.random()
        odds = 0.65 if shared else 0.2
        floor = home.floor_of(dev.area) if dev.area else None
        alike = [d for d in home.devices if d.name == dev.name and d.type == dev.type]
        if (spec is not None and not place and len(alike) > 1 and spec.action != "get_state" and not spec.loc
                and name == dev.name and spec.action not in ("get_temperature", "get_humidity") and x < 0.12):
            return self._every_one(spec, name, len(alike), floor if floor and sum(
                home.floor_of(d.area or "") == floor for d in alike) > 1 else None)
        if (place or x < odds) and dev.area and dev.area not in name:
            if shared and floor and r.random() < 0.15 and sum(
                    d.name == dev.name and home.floor_of(d.area or "") == floor for d in home.devices) == 1:
                if spec is not None:
                    spec.loc.append(("floor", floor))
                return r.choice([f"the {floor} {name}", f"{art}{name} {floor}", f"{art}{name} on the {floor}"])
            if spec is not None:
                spec.loc.append(("area", dev.area))
            return r.choice([f"the {dev.area} {name}", f"the {dev.area} {name}", f"{art}{name} in the {dev.area}"])
        return f"{art}{name}"

    def _every_one(self, spec: Spec, name: str, count: int, floor: str | None) -> str:
        """"Close all the blinds", "turn off every ceiling light upstairs": a name several rooms share, said of
        them all, is every device of that name (``house`` after the name, docs/DESIGN.md section 2), on the
        floor said when one is."""
        r = self.rng
        pl = _plural(name)
        if floor and r.random() < 0.35:
            spec.loc += [("floor", floor), ("house", "")]
            return r.choice([f"all the {pl} {floor}", f"all the {pl} on the {floor}", f"every {name} on the {floor}",
                             f"all {pl} {floor}", f"each {name} on the {floor}", f"all of the {pl} {floor}"])
        spec.loc.append(("house", ""))
        return r.choice([f"all the {pl}", f"all {pl}", f"every {name}", f"all of the {pl}", f"each {name}", f"every single {name}",
                         f"every {name} in the house", f"the {pl} in every room", f"all the {pl} in the house"]
                        + ([f"both {pl}", f"both the {pl}", f"both of the {pl}"] if count == 2 else []))

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
                             if not sg.endswith("s") else f"the {joined} {pl}", f"every {sg} in the {joined}"])
        # "every light on the first floor" keeps its floor: "every" alone is the whole house
        return r.choice([f"the {pl} {joined}", f"the {joined} {pl}", f"all the {pl} {joined}", f"the {pl} on the {joined}",
                         f"all {joined} {pl}", f"{pl} {joined}", f"all the {pl} on the {joined}", f"every {sg} on the {joined}",
                         f"every single {sg} {joined}"])

    def _where(self, spec: Spec, asked: bool = False) -> str:
        """The place of ``spec`` as said; ``asked``: of a question, where the whole home may be "anywhere"."""
        r = self.rng
        if not spec.loc:
            return r.choice(P.HERE)
        kind, name = spec.loc[0]
        if kind == "house":
            return r.choice(P.HOUSE_ASKED if asked else P.HOUSE)
        if kind == "area":
            template = r.choice(P.AREA)
            if name.endswith("room") and template.endswith(" room"):  # never "in the emmas room room"
                template = "in the {a}"
            return template.format(a=name)
        return r.choice(P.FLOOR).format(f=name)

    def _value(self, spec: Spec) -> str:
        r = self.rng
        a = spec.action
        if a in ("increase_temperature", "decrease_temperature") and spec.number is not None:
            n = spec.number
            return r.choice([f"{say_number(n, r)} degrees", f"{say_number(n, r)} degrees", f"{say_number(n, r)}°"]) if n != 1 \
                else r.choice(["one degree", "1 degree", "a degree", "a single degree"])
        if a in PCT_ACTIONS or (a in RELATIVE_PCT_ACTIONS and spec.number is not None):
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
                             f"{'a minute' if unit == 'min' else 'an hour'} and a half", f"1.5 {'minutes' if unit == 'min' else 'hours'}"])
        if x < 0.23:  # "two and a half hours", "an hour and a quarter", "a two and a half hour timer"
            n, frac = r.choice([1, 2, 3, 4, 5, 10]), r.choice([0.5, 0.25])
            unit = r.choice(["min", "h"])
            spec.duration = [(n + frac, unit)]
            noun = "minute" if unit == "min" else "hour"
            part = "a half" if frac == 0.5 else "a quarter"
            one = ("an" if unit == "h" else "a") if n == 1 else say_number(n, r)
            return r.choice([f"{say_number(n, r)} and {part} {noun}s", f"{one} {noun}{'s' if n > 1 else ''} and {part}",
                             f"{say_number(n, r)} and {part} {noun}"])
        if x < 0.3 and not delta:
            h, m = r.randint(1, 3), r.choice([5, 10, 15, 20, 30, 40, 45])
            spec.duration = [(h, "h"), (m, "min")]
            return f"{say_number(h, r)} {'hour' if h == 1 else 'hours'} and {say_number(m, r)} minutes"
        if x < 0.33 and not delta:  # one timer of three parts: "1 hour 15 minutes and 30 seconds"
            h, m, s = r.randint(1, 3), r.choice([5, 10, 15, 20, 30, 45]), r.choice([10, 15, 20, 30, 45])
            spec.duration = [(h, "h"), (m, "min"), (s, "s")]
            return (f"{say_number(h, r)} {'hour' if h == 1 else 'hours'}{r.choice([' ', ', ', ' and '])}{say_number(m, r)} minutes"
                    f"{r.choice([' and ', ' ', ', '])}{say_number(s, r)} seconds")
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

    # -- values -----------------------------------------------------------------------------------
    def _delta(self, spec: Spec) -> None:
        """The step of a relative command that says one: percent for brightness and volume, degrees for
        the temperature ("two degrees warmer": a number with no unit, as a spoken set point has none)."""
        r = self.rng
        if spec.action in ("increase_temperature", "decrease_temperature"):
            spec.number, spec.unit = float(r.choice([1, 2, 2, 3, 1, 4, 5])), None
        else:
            spec.number, spec.unit = float(r.choice([10, 20, 25, 30, 50, r.randint(5, 60)])), "%"

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

    # -- wrappers and noise -------------------------------------------------------------------------
    def _wrap(self, text: str) -> str:
        r = self.rng
        # a polite prefix, unless the sentence already opens as a request ("could you ...", "i want ...");
        # before a question or a remark only an opening that suits one ("hey, is the door locked", never
        # "could you is the door locked")
        first = text.split(" ", 1)[0].lower()
        if r.random() < 0.22 and first not in _REQUEST_OPENERS:
            text = f"{r.choice(P.ATTENTION_PREFIXES if first in P.NON_REQUEST_OPENERS else P.PREFIXES)} {text}"
        x = r.random()
        # Only the curated situations and afterthoughts go around a command: run 15, trained with any talk about the
        # home after a command half the time, acted on 2 to 7 points more of every chatter set (docs/benchmarks.md).
        if x < 0.04:  # the situation first: "i'm off out, lock the back door"
            joiners = [", ", " so ", " ", ", so "] + ([" can you "] if first not in P.NON_REQUEST_OPENERS else [])
            text = f"{r.choice(P.REMARKS)}{r.choice(joiners)}{text}"
        elif x < 0.065:  # or after: "switch the fan off, nobody is in there" (the remark asks for nothing more)
            text = f"{text}{r.choice([', ', ' ', ' because ', ', ', ' and ', ', thanks, '])}{r.choice(P.REMARKS + P.AFTERTHOUGHTS)}"
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
