"""Follow-ups and unknown devices for the training data generator: "set it to 50 percent", "and
the kitchen too" (a command that repeats the last one elsewhere), and commands for a device the
home does not have (the model copies the name, the runtime refuses it).
"""

from __future__ import annotations

from homeslm.understanding import notation
from homeslm.understanding.textnorm import normalize
from homeslm.grammar import phrases as P
from homeslm.grammar.homes import Home
from homeslm.grammar.phrasing import Phrasing
from homeslm.grammar.spec import ACTION_TYPES, Skip, Spec
from homeslm.grammar.spelling import say_number
from homeslm.grammar.templates import render


class FollowupDraws(Phrasing):
    """Drawing follow-ups and unknown devices; a part of :class:`homeslm.grammar.data.Generator`."""

    # -- follow-ups and unknown devices -----------------------------------------------------------
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
            phrase = self._device_phrase(home, dev, spec)
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
        from homeslm.grammar.homes import AREAS, DEVICE_WORDS, PEOPLE, QUALIFIERS, random_word

        r = self.rng
        x = r.random()
        if x < 0.3:
            places = [p for p in P.UNKNOWN_PLACES + AREAS if p not in home.areas] or ["attic"]
            pl, sg, _ = self._class_words(r.choice(["light", "light", "cover", "switch", "lock", "media_player", "fan"]))
            return f"{r.choice(places)} {r.choice([pl, sg, sg])}"
        if x < 0.55:
            dtype = r.choice(["light", "light", "switch", "fan", "cover", "media_player"])
            return f"{r.choice(QUALIFIERS)} {r.choice(DEVICE_WORDS[dtype])}"
        if x < 0.7:  # a thing of a kind the grammar does not list: "the heated drying rack", "the zorvi"
            words = [w for ws in DEVICE_WORDS.values() for w in ws]
            thing = r.choice([*P.UNKNOWN_DEVICES, *words])
            made = r.random()
            name = (f"{r.choice(P.UNKNOWN_QUALIFIERS)} {thing}" if made < 0.4 else
                    f"{r.choice(PEOPLE)}s {thing}" if made < 0.6 else  # "lucys lamp" where only bob has one
                    f"{random_word(r)} {thing}" if made < 0.85 else random_word(r))
            taken = {n for d in home.devices for n in (d.name, *d.aliases)} | set(home.areas) | set(home.floors)
            if name in taken:
                raise Skip
            return name
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
