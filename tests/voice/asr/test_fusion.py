"""The home's language model weighing the readings of a recogniser (:func:`homeslm.voice.asr.fusion.fuse`), on
readings and probabilities Whisper tiny.en really gave and the real home language model of the Whisper tests."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from homeslm.voice.asr import spoken_form
from homeslm.voice.asr.fusion import fuse
from homeslm.voice.asr.language_model import NGramScorer
from whisper_home import PHRASES, SENTENCES

# Whisper tiny.en, greedy, the Whisper tests' home (tests/voice/asr/test_whisper.py) as prompt, on espeak-ng en-gb
# saying "switch on the tradfri bulb in the den" at 20 dB: it wrote "Switch on the tradfri bulb in the vent." and
# doubted four word tokens, least certain first: each option is (token id, the decoder's probability, its text).
PIECES = ["{0}", " on the ", "{1}", "{2}", " bulb in the ", "{3}"]  # where each doubt's token goes
DOUBTS = [  # captured from the decoder's distributions
    [(7651, 0.1925, "vent"), (21160, 0.1128, "bend"), (2853, 0.0809, "den")],
    [(2083, 0.2814, "trad"), (2610, 0.0863, "track"), (491, 0.0463, "tr")],
    [(69, 0.8393, "fri"), (277, 0.0399, " fri"), (12, 0.0199, " ri")],
    [(14645, 0.8817, "switch"), (5078, 0.1056, "switch"), (311, 0.0008, "s")],
]
ORDER = [3, 1, 2, 0]  # the piece each doubt fills, by doubt


@pytest.fixture(scope="module")
def home() -> NGramScorer:
    return NGramScorer([spoken_form(s) for s in [*SENTENCES, *PHRASES]])


def reader(home: NGramScorer, read_log: list[tuple[int, ...]] | None = None
           ) -> Callable[[tuple[int, ...]], tuple[str, float]]:
    """The reading of a choice and its log10 probability in the home (as the recogniser's ``read``)."""
    def read(choice: tuple[int, ...]) -> tuple[str, float]:
        if read_log is not None:
            read_log.append(choice)
        said = {ORDER[k]: DOUBTS[k][i][2] for k, i in enumerate(choice)}
        text = "".join(piece.format(*(said[n] for n in range(4))) for piece in PIECES)
        return text, sum(home.word_logprobs(text.split()))
    return read


def options() -> list[list[tuple[int, float]]]:
    return [[(token, p) for token, p, _ in opts] for opts in DOUBTS]


def test_without_the_home_the_decoders_own_reading_wins_with_its_own_shares(home: NGramScorer) -> None:
    fused = fuse(options(), reader(home), 0.0)
    assert fused.choice == (0, 0, 0, 0) and fused.text == "switch on the tradfri bulb in the vent"
    (first, share), *others = fused.readings[0]
    assert first == fused.text and share == pytest.approx(0.1925 / (0.1925 + 0.1128 + 0.0809))
    assert [text for text, _ in others] == ["switch on the tradfri bulb in the bend", "switch on the tradfri bulb in the den"]
    assert fused.probs == (0.1925, 0.2814, 0.8393, 0.8817)


def test_the_home_makes_the_doubted_word_it_knows_win(home: NGramScorer) -> None:
    fused = fuse(options(), reader(home), 0.5)
    assert fused.text == "switch on the tradfri bulb in the den" and fused.choice == (2, 0, 0, 0)
    (chosen, share), *others = fused.readings[0]
    assert chosen == fused.text and share > 0.99 and fused.shares[0] == share
    assert {text for text, _ in others} == {"switch on the tradfri bulb in the vent", "switch on the tradfri bulb in the bend"}
    assert all(math.isclose(sum(s for _, s in readings), 1.0) for readings in fused.readings), "normalised per doubt"
    assert all(readings[0][0] == fused.text for readings in fused.readings), "every doubt weighed around the choice"
    assert fused.probs[0] == 0.0809, "the decoder's own probability of the chosen word"
    # a word the home does not know is not made up: "trackfri" and "trfri" never win over "tradfri"
    assert fuse(options(), reader(home), 3.0).choice[1:3] == (0, 0)


def test_readings_are_scored_once_and_a_tie_keeps_the_decoders_choice(home: NGramScorer) -> None:
    log: list[tuple[int, ...]] = []
    fuse(options(), reader(home, log), 0.5)
    assert len(log) == len(set(log)) <= 1 + 4 * 2 * 2, "each reading read once, at most two passes over the doubts"
    same = [[(1, 0.5), (2, 0.5)]]
    assert fuse(same, lambda choice: ("turn on the den light", -3.0), 1.0).choice == (0,)
    with pytest.raises(ValueError, match="lm_weight: expected 0 or more"):
        fuse(same, lambda choice: ("", 0.0), -1.0)
