"""One command of the training data generator: an action, a target (a device, a group in a place,
or none), a value, a template of :mod:`homeslm.grammar.phrases` filled in; timers, and the actions
plugins add (``extra_actions``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from homeslm.understanding.notation import EVERYTHING
from homeslm.grammar import phrases as P
from homeslm.grammar.followups import FollowupDraws
from homeslm.grammar.homes import Home, HomeDevice, random_word
from homeslm.grammar.phrases import sensors as S
from homeslm.grammar.spec import ACTION_TYPES, ACTION_WEIGHTS, GROUP_TYPES, TIMER_ACTIONS, Skip, Spec
from homeslm.grammar.templates import render

# A group command with no place spoken that still says "all" means the whole house ("lock everything",
# "turn off all the lights", "warm the house up"), as "all the lights" does in :meth:`Generator._group_phrase`.
_UNIVERSAL = re.compile(r"\b(all|every|everything|everywhere|whole|entire|house)\b")
#: Types asked "is it turned on" (:data:`phrases.sensors.ACTION_QUESTIONS`'s ``any``).
_ON_OFF = ("light", "switch", "fan", "media_player", "climate")
#: Group commands drawn leaving a room or a device out, and how that is said.
_LEAVE_OUT = ("turn_on", "turn_off", "open", "close", "set_brightness", "decrease_brightness", "lock")
_EXCEPT = ["except", "except", "except for", "apart from", "but not", "other than", "all except", "but leave out"]


def _opening_words(states: dict[str, list[str]]) -> bool:
    """A class said open/closed or locked/unlocked (a door, a letterbox, a lock): never asked "is it on"."""
    return bool({"open", "locked"} & set(states))


def _own_words(dev: HomeDevice) -> bool:
    """A binary sensor whose class has words other than a door's (a smoke alarm, a leak sensor, a lock sensor):
    asked with them, never with the open/closed of a plain binary-sensor question."""
    table = S.BINARY_CLASSES.get(dev.device_class or "") if dev.type == "binary_sensor" else None
    return table is not None and set(table["states"]) != {"open", "closed"}


#: Two places one class question asks of ("is there a leak in the bathroom or the utility room").
_TWO_PLACES = ["in the {a} or the {b}", "in the {a} or {b}", "in the {a} and the {b}", "in {a} or {b}",
               "(either|in either) the {a} or the {b}", "in the {a} or in the {b}"]

#: The class questions that say a quantifier (:data:`homeslm.grammar.phrases.sensors.QUANTIFIERS`).
_QUANTIFIED_ASKS = [t for t in S.CLASS_ASKS if S.QUANTIFIERS.get(t)]

class SingleDraws(FollowupDraws):
    """Drawing one command; a part of :class:`homeslm.grammar.data.Generator`."""

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
            return self._draw_timer(action, home)
        if allow_followup and r.random() < 0.07 and action in P.FOLLOWUP_IT:
            return self._draw_followup_it(home, action)
        if action in P.EVERYTHING and r.random() < 0.06:
            return self._draw_everything(home, action)
        if action == "get_state" and (r.random() < 0.13 or r.random() < 0.4 and self._things_sensors(home)):
            return self._draw_reading(home)
        if action == "get_state" and r.random() < 0.5:
            return self._draw_question(home)
        kinds = []
        # a reading of a sensor that measures something else is get_state: "what does the hygrometer say"
        devs = [d for d in home.devices if d.type in ACTION_TYPES.get(action, ())
                and not (action == "get_temperature" and d.type == "sensor" and d.device_class not in (None, "temperature"))]
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
            if action == "get_state" and _own_words(dev):  # never "is the smoke alarm open": its class's words
                return self._ask_named_sensor(home, dev)
            spec.device = dev
            self._spec_value(spec, dev.type if not dev.device_class else dev.type)
            templates = table.get("any", []) + table.get("dev", []) + table.get(f"dev.{dev.type}", []) * 3
            if "by" in table and r.random() < 0.2:  # "brighten the lamp by 20 percent", "turn the tv up by 10"
                templates = table["by"]
                self._delta(spec)
            fixed = self._fixed(spec, f"dev.{dev.type}") or self._fixed(spec, "any")  # "did i lock the back door"
            # several devices, same verb: "turn off the heater and the pump"
            specs = [spec]
            phrase = self._device_phrase(home, dev, spec)
            # a state asked of both must suit both ("is the lamp and the blind open" does not)
            others = [d for d in devs if d is not dev and (action != "get_state" or spec.word in P.STATES.get(d.type, ["on", "off"])
                                                           and not _own_words(d))]
            if r.random() < 0.08 and others:
                other = r.choice(others)
                o = Spec(action, device=other, number=spec.number, unit=spec.unit, word=spec.word, shared_value=True,
                         fixed=spec.fixed)
                specs.append(o)
                third = [d for d in others if d is not other]
                if third and r.random() < 0.35:  # "switch off the kettle, the fan and the radio": the verb holds for all
                    last = r.choice(third)
                    specs.append(Spec(action, device=last, number=spec.number, unit=spec.unit, word=spec.word,
                                      shared_value=True, fixed=spec.fixed))
                    second = self._device_phrase(home, other, o, place=other.name == dev.name)
                    phrase = (f"{phrase}, {second}{r.choice([' and ', ' and ', ', '])}"
                              f"{self._device_phrase(home, last, specs[-1], place=last.name in (dev.name, other.name))}")
                else:
                    phrase = f"{phrase}{r.choice([' and ', ' and ', ', '])}{self._device_phrase(home, other, o, place=other.name == dev.name)}"
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
                tpl = self._fixed(spec, f"dev.{dtype}") or r.choice(table["dev"])  # "is the blind down"
                text = render(tpl, r, lambda s: phrase if s == "t" else self._value(spec) if s == "v" else "")
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
                spec.quantifier = S.quantifier_of(tpl, text)  # "which lights are on": q:which, like the class questions
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
                    if not fixed and "grp.by" in table and r.random() < 0.2:  # "make it two degrees warmer in here"
                        gtemps = table["grp.by"]
                        self._delta(spec)
                    text = render(fixed or r.choice(gtemps), r, lambda s: self._value(spec) if s == "v" else where if s == "w" else "")
                    if not spec.loc and not where and _UNIVERSAL.search(text):
                        spec.loc = [("house", "")]  # "lock everything", "turn off all the lights please"
                else:
                    fixed = self._fixed(spec, "any")
                    if not fixed and "by" in table and r.random() < 0.2:
                        templates = table["by"]
                        self._delta(spec)
                    if spec.one:  # a singular class reference must be spoken: "what does the kitchen thermostat say"
                        templates = [t for t in templates if "{t}" in t] or [t for t in table.get("dev", []) if "{t}" in t]
                    tpl = fixed or r.choice(templates)
                    if "{t}" not in tpl:
                        spec.one = False  # "what temperature is it in the kitchen" names no device
                    phrase = self._group_phrase(spec, pl, sg)
                    text = render(tpl, r, lambda s: phrase if s == "t" else self._value(spec) if s == "v"
                                  else self._where(spec) if s == "w" else "")
            if (action in _LEAVE_OUT and not spec.one and len(spec.loc) == 1 and spec.loc[0][0] in ("house", "floor")
                    and r.random() < 0.25):  # "turn off the lights upstairs except in the office"
                text = self._leave_out(home, spec, text)
            if len(spec.loc) > 1:
                specs = [Spec(**{**spec.__dict__, "loc": [loc]}) for loc in spec.loc]
            return specs, text
        # no target ("pause", "volume 30 percent")
        self._spec_value(spec, "media_player")
        fixed = self._fixed(spec, "none")
        if action == "set_volume" and not fixed:
            spec.number, spec.unit = float(r.choice([r.randint(1, 100), 10, 20, 30, 40, 50])), "%"
        templates = table["none"]
        if not fixed and "none.by" in table and r.random() < 0.2:  # "volume up 10 percent"
            templates = table["none.by"]
            self._delta(spec)
        text = render(fixed or r.choice(templates), r, lambda s: self._value(spec) if s == "v" else "")
        return [spec], text

    def _leave_out(self, home: Home, spec: Spec, text: str) -> str:
        """``text`` with a room or a device of the group's scope left out ("... except the kitchen", "... apart
        from the desk lamp"), recorded in ``spec.excluded``; unchanged when the scope has only one room of them."""
        r = self.rng
        kind, name = spec.loc[0]
        dtype, _, cls = (spec.domain or "").partition(":")
        scope = set(home.floors.get(name, ())) if kind == "floor" else set(home.areas)
        devs = [d for d in home.devices if d.type == dtype and d.area in scope and (not cls or d.device_class == cls)]
        areas = sorted({d.area for d in devs if d.area})
        if len(areas) < 2:
            return text
        if r.random() < 0.65:
            area = r.choice(areas)
            spec.excluded = [("area", area)]
            said = r.choice([f"the {area}", f"in the {area}", f"the {area}", f"the ones in the {area}", f"the {area} ones"])
        else:
            dev = r.choice(devs)
            if dev.name in text or all(d.name == dev.name for d in devs):
                return text  # "the heating everywhere but not the heating"; a name every one of them shares leaves none
            spec.excluded = [("device", dev.name)]
            said = f"the {dev.name}"
        return f"{text} {r.choice(_EXCEPT)} {said}"

    @staticmethod
    def _things_sensors(home: Home) -> list[HomeDevice]:
        """The sensors of things that are several entities ("the kettle": a switch, its power and energy sensors)."""
        return [d for d in home.devices if d.type == "sensor" and d.device_class in S.SENSOR_READS
                and sum(o.name == d.name and o.area == d.area for o in home.devices) > 1]

    def _draw_reading(self, home: Home) -> tuple[list[Spec], str]:
        """A sensor read with no state asked (:data:`phrases.READINGS`): a named sensor, or a room's or the
        house's humidity ("how humid is it in the bathroom": the room's one humidity sensor)."""
        r = self.rng
        sensors = [d for d in home.devices if d.type == "sensor" and d.device_class != "temperature"]
        # a sensor of a thing that is several entities ("the kettle": a switch, its power and energy sensors) is
        # read by its quantity's words; 12 in 100000 examples were such readings when drawn like any sensor
        of_things = self._things_sensors(home)
        if of_things and r.random() < 0.75:
            dev = r.choice(of_things)
            spec = Spec("get_state", device=dev, domain=f"sensor:{dev.device_class}")
            phrase = self._device_phrase(home, dev, spec)
            # what an appliance draws, not what it makes ("what is the kettle making" is not its power)
            quantity = [t for t in S.SENSOR_READS[dev.device_class or ""] if t not in S.SENSOR_READS_UNNAMED
                        and not re.search(r"making|producing|generating|putting out", t)]
            return [spec], render(r.choice(quantity), r, lambda s: phrase if s == "t" else "")
        if sensors and r.random() < 0.45:
            dev = r.choice(sensors)
            spec = Spec("get_state", device=dev)
            phrase = self._device_phrase(home, dev, spec)
            own = S.SENSOR_READS.get(dev.device_class or "", [])
            tpl = r.choice(own) if own and r.random() < 0.5 else r.choice(P.READINGS["dev"])  # "how much is the solar making"
            if tpl in own and sum(d.name == dev.name and d.area == dev.area for d in home.devices) > 1:
                if tpl in S.SENSOR_READS_UNNAMED:
                    raise Skip  # "what does the freezer say" names no quantity of a thing of several entities
                spec.domain = f"sensor:{dev.device_class}"  # "what's the kettle drawing": its power sensor, not its switch
            return [spec], render(tpl, r, lambda s: phrase if s == "t" else "")
        spec = Spec("get_state", domain="sensor:humidity", one=True)
        x = r.random()
        if x < 0.55:
            spec.loc = [("area", r.choice(home.areas))]
        elif x < 0.85:
            spec.loc = []
        else:
            spec.loc, spec.one = [("house", "")], False
        where = self._where(spec)
        return [spec], " ".join(render(r.choice(P.READINGS["humidity"]), r, lambda s: where if s == "w" else "").split())

    def _draw_question(self, home: Home) -> tuple[list[Spec], str]:
        """A question that never acts (:mod:`homeslm.grammar.phrases.sensors`): a binary sensor class with its
        state words over a place, a quantity a sensor measures, a named binary sensor's state, a person's
        presence, or a device asked about with an action verb in the question."""
        r = self.rng
        x = r.random()
        if x < 0.36:  # "is any leak sensor wet upstairs", "is there smoke in the kitchen"
            classes = list(S.BINARY_CLASSES)
            cls = r.choices(classes, [S.CLASS_WEIGHTS.get(c, 1.0) for c in classes])[0]
            table = S.BINARY_CLASSES[cls]
            state = r.choice(list(table["states"]))
            said = r.choice(table["states"][state])
            pl, sg = r.choice(table["words"])
            own = [(t, v) for t, v in table["own"] if v == state]
            spec = Spec("get_state", domain=f"binary_sensor:{cls}", word=state)
            if r.random() < 0.25:  # "is the leak sensor in the laundry dry": the room's one, when it has one
                return self._ask_singular_class(home, spec, table)
            # 60% of the class questions say a quantifier ("how many", "which", "are all"), so that the model
            # learns the q: tokens (13 of 4000 drawn examples carried one when the templates were drawn evenly)
            tpl = (r.choice(own)[0] if own and r.random() < 0.4
                   else r.choice(_QUANTIFIED_ASKS) if r.random() < 0.6 else r.choice(S.CLASS_ASKS))
            # "is anyone in the study", "is the laundry floor dry": a room asked, its one sensor when it has one
            spec.one = "{wa}" in tpl
            y = r.random()
            if "{wa}" in tpl or y < 0.45:
                spec.loc = [("area", r.choice(home.areas))]
            elif y < 0.6 and home.floors:
                spec.loc = [("floor", r.choice(list(home.floors)))]
            elif y < 0.8:
                spec.loc = [("house", "")]
            where = self._where(spec, asked=True)
            if "{wa}" in tpl:
                where = r.choice(["the ", "the ", ""]) + spec.loc[0][1]
            text = render(tpl, r, lambda s: pl if s == "c" else sg if s == "s" else said if s == "st" else where)
            if not spec.loc and not where and (not spec.one or _UNIVERSAL.search(text)):
                # a class asked of no place ("are any windows open", "which doors are unlocked") is the whole
                # home's; "in here" is the microphone's room, "the leak sensor" the room's one
                spec.loc = [("house", "")]
            spec.quantifier = S.quantifier_of(tpl, text)  # "how many windows are open": q:count
            if (text.endswith(where) and where and spec.loc and spec.loc[0][0] == "area" and "{wa}" not in tpl
                    and len(home.areas) > 2 and r.random() < 0.12):
                # "is there a leak in the bathroom or the utility room": the same question of each place
                other = r.choice([a for a in home.areas if a != spec.loc[0][1]])
                second = replace(spec, loc=[("area", other)])
                both = render(r.choice(_TWO_PLACES), r, lambda s: spec.loc[0][1] if s == "a" else other)
                return [spec, second], " ".join((text[: -len(where)] + both).split())
            return [spec], " ".join(text.split())
        if x < 0.56:  # "what is the co2 level in the office"
            cls = r.choice(list(S.MEASURES))
            spec = Spec("get_state", domain=f"sensor:{cls}", one=True)
            y = r.random()
            if y < 0.55:
                spec.loc = [("area", r.choice(home.areas))]
            elif y < 0.85:
                spec.loc = []
            else:
                spec.loc, spec.one = [("house", "")], False
            where = self._where(spec)
            return [spec], " ".join(render(r.choice(S.MEASURES[cls]), r, lambda s: where).split())
        people = [d for d in home.devices if d.type == "person"]
        if x < 0.68 and people:  # "is alice home", "is anyone home"
            if r.random() < 0.3:
                tpl, state = r.choice(S.ANYONE_ASKS)
                text = render(tpl, r, lambda s: "")
                return [Spec("get_state", domain="person", loc=[("house", "")], word=state,
                             quantifier=S.quantifier_of(tpl, text))], text
            dev = r.choice(people)
            tpl, pstate = r.choice(S.PEOPLE_ASKS)
            return [Spec("get_state", device=dev, word=pstate)], render(tpl, r, lambda s: dev.name)
        sensors = [d for d in home.devices if d.type == "binary_sensor" and d.device_class in S.BINARY_CLASSES]
        if x < 0.78 and sensors:  # "is the bathroom leak sensor wet", "is the letterbox on", "internet status"
            return self._ask_named_sensor(home, r.choice(sensors))
        if x < 0.86:  # "is the timer still running": a timer's status, never a new timer
            if r.random() < 0.4:
                name = self._timer_name()
                return [Spec("timer_status", domain="timer", timer_name=name)], render(
                    r.choice(S.TIMER_QUESTIONS["named"]), r, lambda s: name)
            return [Spec("timer_status", domain="timer")], render(r.choice(S.TIMER_QUESTIONS["none"]), r, lambda s: "")
        # "is the lamp turned on", "did i lock the back door", "how bright is the lamp"
        devs = [d for d in home.devices if d.type in S.ACTION_QUESTIONS or d.type in _ON_OFF]
        if not devs:
            raise Skip
        dev = r.choice(devs)
        table_q = S.ACTION_QUESTIONS.get(dev.type, []) + (S.ACTION_QUESTIONS["any"] if dev.type in _ON_OFF else [])
        tpl, qstate = r.choice(table_q)
        spec = Spec("get_state", device=dev, word=qstate)
        phrase = self._device_phrase(home, dev, spec)
        return [spec], render(tpl, r, lambda s: phrase)

    def _ask_named_sensor(self, home: Home, dev: HomeDevice) -> tuple[list[Spec], str]:
        """A named binary sensor asked for its state with its class's words ("is the frost sensor freezing"), or
        with general words ("is the internet on", "what does the letterbox say", "dog camera status"); the value
        is always one of its class's tokens (never "is the smoke alarm running")."""
        r = self.rng
        states = S.BINARY_CLASSES[dev.device_class or ""]["states"]
        tokens = list(states)  # the class's on token first
        general = [(t, on) for t, on in S.NAMED_GENERAL if not _opening_words(states) or not re.search(r"\bo(n|ff)\b", t)]
        if r.random() < 0.3:
            tpl, on = r.choice(general)
            spec = Spec("get_state", device=dev, word=None if on is None else tokens[0] if on else tokens[1])
            phrase = self._device_phrase(home, dev, spec)
            return [spec], render(tpl, r, lambda s: phrase)
        state = r.choice(tokens)
        spec = Spec("get_state", device=dev, word=state)
        phrase = self._device_phrase(home, dev, spec)
        said = r.choice(states[state])
        return [spec], render(r.choice(S.NAMED_ASKS), r, lambda s: phrase if s == "t" else said)

    def _ask_singular_class(self, home: Home, spec: Spec, table: S.BinaryClass) -> tuple[list[Spec], str]:
        """A singular class reference ("is the leak sensor in the laundry dry", "is the hall motion sensor
        triggered"): ``one``, which the resolver reads as the room's one such sensor where it has exactly one
        (a group where it has several); the plural and quantified wordings stay groups."""
        r = self.rng
        pl, sg = r.choice(table["words"])
        spec.one = True
        spec.loc = [("area", r.choice(home.areas))] if r.random() < 0.7 else []
        phrase = self._group_phrase(spec, pl, sg)
        said = r.choice(table["states"][spec.word or ""])
        return [spec], " ".join(render(r.choice(S.NAMED_ASKS), r, lambda s: phrase if s == "t" else said).split())

    def _draw_everything(self, home: Home, action: str) -> tuple[list[Spec], str]:
        """"Turn off everything in the study": every device there (domain ``all``); with no place
        spoken but "in here", the microphone's room; with none at all, the whole house."""
        r = self.rng
        spec = Spec(action, domain=EVERYTHING)
        x = r.random()
        if x < 0.45:
            spec.loc = [("area", r.choice(home.areas))]
            where = self._where(spec)
        elif x < 0.6 and home.floors:
            spec.loc = [("floor", r.choice(list(home.floors)))]
            where = self._where(spec)
        elif x < 0.8:
            where = r.choice(["in here", "here", "in this room", "in here please"])
        else:
            spec.loc = [("house", "")]
            where = r.choice(["", "", *P.HOUSE])
        text = render(r.choice(P.EVERYTHING[action]), r, lambda s: where if s == "w" else "")
        return [spec], " ".join(text.split())

    def _draw_timer(self, action: str, home: Home) -> tuple[list[Spec], str]:
        r = self.rng
        table = P.PHRASES[action]
        spec = Spec(action, domain="timer")
        kinds = ["none"] * 5 + (["named"] * 2 if "named" in table else []) + (["len"] if "len" in table else [])
        if "area" in table and home.areas and r.random() < 0.5:  # a timer by the room it was started in, now and then
            kinds.append("area")
        kind = r.choice(kinds)
        area = r.choice(home.areas) if kind == "area" else ""
        if area and action != "start_timer":  # a new timer starts where it is said (docs/DESIGN.md section 3)
            spec.loc = [("area", area)]
        name = self._timer_name() if kind == "named" else ""
        if kind == "named":
            spec.timer_name = name
        dur = ""
        if action in ("start_timer", "increase_timer", "decrease_timer") or kind == "len":
            dur = self._draw_duration(spec, delta=action != "start_timer")
            if kind == "len":
                spec.timer_len = True
                dur = dur.replace("minutes", "minute").replace("hours", "hour").replace("seconds", "second") if r.random() < 0.7 else dur
        text = render(r.choice(table[kind]), r, lambda s: dur if s == "v" else name if s == "n" else area if s == "a" else "")
        return [spec], text

    def _timer_name(self) -> str:
        """A timer's name: mostly a common one, now and then a made-up word or two, so that the model
        copies names it never saw ("the zabu timer") instead of recalling a list."""
        r = self.rng
        x = r.random()
        if x < 0.7:
            return r.choice(P.TIMER_NAMES)
        if x < 0.9:
            return random_word(r)
        return f"{r.choice(P.TIMER_NAMES)} {random_word(r)}" if r.random() < 0.5 else f"{random_word(r)} {r.choice(P.TIMER_NAMES)}"

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
            sentence = sentence.replace("{device}", self._device_phrase(home, dev, spec))
        else:
            spec.domain = dtype or None
        return [spec], sentence
