"""Labelling for the training data generator: the drawn specs and sentence become an :class:`Example`.
The *runtime* normaliser and lexicon run over the sentence (the model input), the notation is
built from the specs with the placeholders the lexicon chose, then the response (the model output).
A label that could be wrong raises :class:`Skip`.
"""

from __future__ import annotations

from homeslm.understanding import notation
from homeslm.understanding.resolve import canonical
from homeslm.understanding.lexicon import Entity, Tagged
from homeslm.understanding.responses import as_trained, describe
from homeslm.understanding.textnorm import normalize
from homeslm.grammar.homes import Home
from homeslm.grammar.phrasing import Phrasing
from homeslm.grammar.spec import Example, Skip, Spec

#: The idioms' values as the notation writes them (:data:`notation.NUMBER_WORDS`).
_VALUE_WORD = {float(v): w for w, v in notation.NUMBER_WORDS.items()}


class Labelling(Phrasing):
    """Turning specs and a sentence into a labelled example; a part of :class:`homeslm.grammar.data.Generator`."""

    # -- output -----------------------------------------------------------------------------------
    def _frame_tokens(self, spec: Spec, tagged: Tagged, ph_of: dict[tuple[str, str], str], nums: list[tuple[str, float]],
                      spent: list[tuple[str, float]] | None = None) -> str:
        dtype = spec.device.type if spec.device is not None else (spec.domain or "").partition(":")[0]
        action, word = canonical(spec.action, dtype, spec.word)  # "turn the sprinkler on" is open
        toks = [action]
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
        if spec.quantifier:  # after the class and the place: "get_state binary_sensor:window <area1> q:count open"
            toks.append(f"q:{spec.quantifier}")
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
        if isinstance(word, str) and word:
            toks.append(word.replace(" ", "_"))
        if spec.excluded:
            toks.append(notation.EXCEPT)
            for kind, name in spec.excluded:
                ph = ph_of.get((kind, name))
                if ph is None:
                    raise Skip
                toks.append(ph)
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
            try:
                frames = notation.parse(head, frozenset(self.extra_actions)).frames
            except notation.NotationError:
                raise Skip from None  # more intents than the notation carries (a long list of lists)
            response = as_trained(frames)
            used = set(head.split())
            if any(isinstance(v, Entity) and v.kind == "device" and ph not in used for ph, v in tagged.slots.items()):
                raise Skip  # a word of the sentence is a device name here: the label would be wrong
            if nums:  # a spoken number the label does not account for: the label would be wrong
                raise Skip
        else:
            head = notation.NONE
            response = describe([])
        return Example(tagged.text, f"{head} | {response}", raw)
