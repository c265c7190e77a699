"""The home's language model as a second voice in choosing among a recogniser's readings (a cheap shallow fusion).

Whisper's greedy decoding doubts some words (:attr:`homeslm.voice.asr.whisper.WhisperSettings.doubt_below`): at each
such word the decoder's own next choices are other readings of the utterance. :func:`fuse` weighs every reading by
``P_recogniser(reading) * P_home(reading) ** lm_weight`` and keeps the heaviest: a word the decoder doubted but that
makes a sentence of the home ("brighten the lamp" beside "right on the lamp") then wins instead of leaving the
command to a guess. ``lm_weight`` 0 weighs the recogniser alone (its greedy reading always wins).

Pure: the caller says what a choice of tokens reads as and how likely the home finds it (``read``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: One doubted word: the decoder's options there, (token, probability), its own choice first.
Options = Sequence[tuple[int, float]]


@dataclass(frozen=True)
class Fused:
    """The reading :func:`fuse` chose and how it was weighed against the others."""

    choice: tuple[int, ...]
    """For each doubt, the index of the option chosen there (0: the decoder's own)."""
    text: str
    """The chosen reading."""
    readings: tuple[tuple[tuple[str, float], ...], ...]
    """For each doubt, each of its options with every other doubt as chosen: (text, weight normalised over
    the doubt's options); the chosen option first (the shape of :attr:`Transcript.alternatives`)."""
    shares: tuple[float, ...]
    """For each doubt, the normalised weight of the option chosen there."""
    probs: tuple[float, ...]
    """For each doubt, the recogniser's own probability of the option chosen there."""


def fuse(doubts: Sequence[Options], read: Callable[[tuple[int, ...]], tuple[str, float]], lm_weight: float) -> Fused:
    """The reading with the highest ``P_recogniser * P_home ** lm_weight`` among the options at ``doubts``.

    :param doubts: the doubted words, each with its options (its own token first) and their probabilities.
    :param read: for a choice (an option index per doubt), the reading's text and its log10 probability in the
        home's language model (summed over its words, the end included).
    :param lm_weight: the exponent of the home's probability (0: the recogniser alone).

    The recogniser's probability of a reading is the product of the chosen options' probabilities (the words
    not doubted are the same in every reading). The choice is made one doubt at a time, least certain first as
    given, each against the others as chosen so far, twice over (at most 8 doubts: 3**8 readings are too many to
    score them all on a Pi); what wins at a doubt is its heaviest option with the rest fixed.
    """
    if lm_weight < 0:
        raise ValueError(f"lm_weight: expected 0 or more, got {lm_weight!r}")
    cache: dict[tuple[int, ...], tuple[str, float]] = {}

    def weigh(choice: tuple[int, ...]) -> tuple[str, float]:
        if choice not in cache:
            text, home = read(choice)
            own = sum(math.log(max(doubts[k][i][1], 1e-12)) for k, i in enumerate(choice))
            cache[choice] = (text, own + lm_weight * home * math.log(10.0))
        return cache[choice]

    choice = tuple(0 for _ in doubts)
    for _ in range(2):
        for k, options in enumerate(doubts):
            tries = [choice[:k] + (i,) + choice[k + 1:] for i in range(len(options))]
            choice = max(tries, key=lambda c: (weigh(c)[1], -c[k]))  # a tie keeps the decoder's own
    readings: list[tuple[tuple[str, float], ...]] = []
    shares: list[float] = []
    for k, options in enumerate(doubts):
        order = [choice[k], *(i for i in range(len(options)) if i != choice[k])]
        weighed = [weigh(choice[:k] + (i,) + choice[k + 1:]) for i in order]
        top = max(w for _, w in weighed)
        raw = [math.exp(w - top) for _, w in weighed]
        total = sum(raw)
        readings.append(tuple((text, r / total) for (text, _), r in zip(weighed, raw)))
        shares.append(raw[0] / total)
    return Fused(choice, weigh(choice)[0], tuple(readings), tuple(shares),
                 tuple(doubts[k][i][1] for k, i in enumerate(choice)))
