"""Several commands in one breath for the training data generator, by the constructions of
:mod:`homeslm.grammar.multi` ("turn off the lamp and the fan", "turn on the lamp and set it to 50
percent", "set the kitchen to 20 and the bedroom to 18 degrees").
"""

from __future__ import annotations

from homeslm.grammar import multi as M
from homeslm.grammar import phrases as P
from homeslm.grammar.homes import Home
from homeslm.grammar.single import SingleDraws
from homeslm.grammar.spec import ACTION_TYPES, GROUP_TYPES, Skip, Spec
from homeslm.grammar.templates import render


class MultiDraws(SingleDraws):
    """Drawing several commands in one sentence; a part of :class:`homeslm.grammar.data.Generator`."""

    # -- several commands in one breath -------------------------------------------------------------
    def _draw_multi(self, home: Home) -> tuple[list[Spec], str]:
        """Several commands in one sentence, by one of :data:`multi.CONSTRUCTIONS`; one spec per device
        or group, in spoken order, labelled as the single commands are."""
        r = self.rng
        kind = r.choices(list(M.CONSTRUCTIONS), list(M.CONSTRUCTIONS.values()))[0]
        specs, text = {"concat": self._multi_concat, "shared_verb": self._multi_shared_verb, "shared_loc": self._multi_shared_loc,
                       "pronoun": self._multi_pronoun, "values": self._multi_values,
                       "areas": self._multi_areas, "timers": self._multi_timers}[kind](home)
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
        devs = [d for d in home.devices if d.type in types and ("device", f"{d.name}@{d.area}") not in taken]
        if devs and (not allow_group or action not in GROUP_TYPES or r.random() < 0.65):
            dev = r.choice(devs)
            # a name said before in this sentence (another room's "ceiling light") is said with its place
            again = ("name", dev.name) in taken
            taken |= {("device", f"{dev.name}@{dev.area}"), ("name", dev.name)}
            spec = Spec(action, device=dev)
            return spec, self._device_phrase(home, dev, spec, place=again)
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

    def _multi_timers(self, home: Home) -> tuple[list[Spec], str]:
        """Two new timers in one breath: "set one timer for eight minutes and another for twelve"."""
        r = self.rng
        first, second = Spec("start_timer", domain="timer"), Spec("start_timer", domain="timer")
        a, b = self._draw_duration(first), self._draw_duration(second)
        if first.duration == second.duration:
            raise Skip
        unit = b.split()[-1] if len(b.split()) == 2 else ""
        if unit in ("minutes", "seconds", "hours") and a.endswith(unit) and r.random() < 0.5:
            b = b.split()[0]  # "eight minutes and another for twelve": the unit said once
        return [first, second], self._wrap(render(r.choice(M.TWO_TIMERS), r, {"a": a, "b": b}.__getitem__))

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
