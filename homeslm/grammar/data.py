"""The training data generator: (model input, model output) pairs from the grammar.

One example: pick a home, an action and a template from :mod:`homeslm.grammar.phrases`, fill it
with the home's devices, areas, floors, numbers, colours and durations, wrap it in politeness and
recogniser noise, then run the *runtime* normaliser and lexicon over the sentence so the model input
is exactly what it will see in service. The output notation (:mod:`homeslm.understanding.notation`) is built
from what was filled in, mapped to the placeholders the lexicon chose, followed by the response.
Examples whose names the noise destroyed are dropped, never mislabelled.

The generator is one class, :class:`Generator`, assembled from parts by concern:

- :mod:`homeslm.grammar.spelling`: numbers as words (``spell``, ``say_number``);
- :mod:`homeslm.grammar.spec`: the action tables, :class:`Spec`, :class:`Example`, :class:`Skip`;
- :mod:`homeslm.grammar.phrasing`: the state, the words for devices, groups, places, values and
  durations, the values of a spec, polite wrappers and recogniser noise;
- :mod:`homeslm.grammar.followups`: "set it to ...", "and the kitchen too", devices the home lacks;
- :mod:`homeslm.grammar.single`: one command (and timers, and plugins' extra actions);
- :mod:`homeslm.grammar.multi_draw`: several commands in one breath;
- :mod:`homeslm.grammar.labels`: the model input and output of a drawn sentence;
- here: :meth:`Generator.sample` (what share of each kind) and :func:`sample_commands`.
"""

from __future__ import annotations

from typing import Iterator

from homeslm.understanding import notation
from homeslm.understanding.textnorm import normalize
from homeslm.grammar import ood as OOD
from homeslm.grammar import phrases as P
from homeslm.grammar.labels import _VALUE_WORD, Labelling
from homeslm.grammar.multi_draw import MultiDraws
from homeslm.grammar.phrasing import _REQUEST_OPENERS
from homeslm.grammar.single import _UNIVERSAL
from homeslm.grammar.spec import (ACTION_TYPES, ACTION_WEIGHTS, GROUP_TYPES, PCT_ACTIONS, TIMER_ACTIONS, Example, Skip,
                                   Spec)
from homeslm.grammar.spelling import _ONES, _TENS, say_number, spell
from homeslm.grammar.templates import render

# Re-exported: other modules and the tests import these names from homeslm.grammar.data.
__all__ = ["ACTION_TYPES", "ACTION_WEIGHTS", "GROUP_TYPES", "PCT_ACTIONS", "TIMER_ACTIONS", "_ONES",
           "_REQUEST_OPENERS", "_TENS", "_UNIVERSAL", "_VALUE_WORD", "Example", "Generator", "Skip", "Spec",
           "sample_commands", "say_number", "spell"]


class Generator(MultiDraws, Labelling):
    """Draws examples; seeded, so a data set is reproducible."""

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
        if x < 0.17:  # out of domain: mostly the grammar of ood.py (its home slots filled from this home)
            if r.random() < 0.75:
                raw = OOD.draw(r, home, _REQUEST_OPENERS)
            elif r.random() < 0.85:
                raw = self._wrap_out_of_domain(render(r.choice(P.OUT_OF_DOMAIN), r, lambda s: ""))
            else:  # a remark alone ("we are heading out") asks for nothing; before a command it counts (_wrap)
                raw = self._wrap_out_of_domain(r.choice(P.REMARKS))
            raw = self._noise(raw) if r.random() < 0.2 else raw
            return self._example([], raw, home)
        if x < 0.246:
            specs, text = self._draw_unknown(home)
            return self._example(specs, self._wrap(text), home)
        if x < 0.284:
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
    from homeslm.grammar.homes import home_from_config

    home = home_from_config(config)
    gen = Generator(seed=seed, homes=[home], home_weight=1.0, slips=False)
    out: list[str] = []
    while len(out) < n:
        ex = gen.sample()
        if not ex.target.startswith(notation.NONE):
            out.append(normalize(ex.raw))
    return out
