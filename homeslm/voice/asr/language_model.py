"""The home language model of the pocketsphinx recogniser, built in pure Python.

A trigram ARPA language model (interpolated Witten-Bell smoothing) from the command sentences of the
training grammar plus the home's names (:func:`build_arpa`), optionally mixed with a background of
common English words (:class:`BackgroundModel`, :func:`english_background`, :func:`common_words`) so that
chatter comes out as chatter rather than as a command. The recogniser itself is
:mod:`homeslm.voice.asr.pocketsphinx`; the pronunciations of the model's words are
:mod:`homeslm.voice.asr.pronunciation`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from homeslm.errors import AudioError, HomeslmError
from homeslm.voice.asr.base import normalise_text

BOS, EOS = "<s>", "</s>"


def sentence_tokens(sentence: str) -> list[str]:
    """The words of ``sentence`` as the language model counts them (normalised, ``%`` as "percent")."""
    return normalise_text(sentence).replace("%", " percent ").split()


@dataclass(frozen=True)
class BackgroundModel:
    """A bigram model of everyday English over a fixed set of words (normalised over them): what the
    recogniser may hear instead of a command. Mixed into the home language model, it lets chatter come
    out as chatter (which the intent model refuses) rather than as the home's words forced into a command."""

    unigrams: dict[str, float]
    """P(word), summing to 1 over the words (``<s>`` has none)."""
    backoffs: dict[str, float]
    """Back-off weight of each word as a history (linear)."""
    bigrams: dict[tuple[str, str], float]
    """P(word | previous word) where the model has it explicitly (linear)."""

    def prob(self, word: str, previous: str | None = None) -> float:
        """P(word | previous), backing off to the unigram; 0 for a word the model does not have."""
        if previous is not None:
            p = self.bigrams.get((previous, word))
            if p is not None:
                return p
            return self.backoffs.get(previous, 1.0) * self.unigrams.get(word, 0.0)
        return self.unigrams.get(word, 0.0)

    @classmethod
    def from_unigrams(cls, weights: Mapping[str, float]) -> "BackgroundModel":
        """A model without bigrams from word weights (any positive numbers)."""
        total = sum(weights.values())
        if total <= 0:
            raise ValueError("background word weights must be positive")
        return cls({w: p / total for w, p in weights.items() if w != BOS}, {}, {})

    def restricted(self, words: Iterable[str]) -> "BackgroundModel":
        """The model over ``words`` only (``<s>`` and ``</s>`` always kept), renormalised."""
        keep = {*words, BOS, EOS}
        total = sum(p for w, p in self.unigrams.items() if w in keep)
        if total <= 0:
            raise ValueError("none of the words is in the background model")
        explicit: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for (a, b), p in self.bigrams.items():
            if a in keep and b in keep:
                explicit[a].append((b, p))
        unigrams = {w: p / total for w, p in self.unigrams.items() if w in keep}
        backoffs: dict[str, float] = {}
        bigrams: dict[tuple[str, str], float] = {}
        for a, bow in self.backoffs.items():
            if a not in keep:
                continue
            pairs = explicit.get(a, [])
            seen_mass = sum(p for _, p in pairs)
            seen_uni = sum(self.unigrams.get(b, 0.0) for b, _ in pairs)
            z = seen_mass + bow * max(0.0, total - seen_uni)
            if z <= 0:
                continue
            for b, p in pairs:
                bigrams[(a, b)] = p / z
            backoffs[a] = bow * total / z
        return BackgroundModel(unigrams, backoffs, bigrams)


def build_arpa(
    sentences: Iterable[str],
    *,
    order: int = 3,
    background: "Mapping[str, float] | BackgroundModel | None" = None,
    background_weight: float = 0.0,
    vocabulary: Iterable[str] | None = None,
) -> str:
    """An ARPA n-gram language model of ``sentences`` (interpolated Witten-Bell smoothing).

    :param sentences: training sentences (plain text; normalised to lower-case words).
    :param order: the n of the n-grams (1..5).
    :param background: optional model of other speech (everyday English) that the recogniser may hear
        instead of a command: a :class:`BackgroundModel`, or word weights (a unigram model). The result
        is the linear interpolation ``(1 - background_weight) * home + background_weight * background``,
        written as a normalised back-off model (explicit n-grams of both, back-off weights recomputed).
    :param background_weight: 0..1 (0: the home model alone).
    :param vocabulary: if given, only these words are kept; sentences are cut at other words.
    """
    probs, bows = _ngrams(sentences, order=order, background=background, background_weight=background_weight,
                          vocabulary=vocabulary)
    return _write_arpa(probs, bows)


def _ngrams(
    sentences: Iterable[str],
    *,
    order: int,
    background: "Mapping[str, float] | BackgroundModel | None" = None,
    background_weight: float = 0.0,
    vocabulary: Iterable[str] | None = None,
) -> tuple[list[dict[tuple[str, ...], float]], list[dict[tuple[str, ...], float]]]:
    """The probabilities and back-off weights by order of :func:`build_arpa`'s model (linear)."""
    if not 1 <= order <= 5:
        raise ValueError(f"order must be 1..5, got {order}")
    if not 0.0 <= background_weight < 1.0:
        raise ValueError(f"background_weight must be in [0, 1), got {background_weight}")
    allowed = set(vocabulary) if vocabulary is not None else None
    counts: list[dict[tuple[str, ...], int]] = [defaultdict(int) for _ in range(order + 1)]
    n_sentences = 0
    for sentence in sentences:
        words = sentence_tokens(sentence)
        # Split at out-of-vocabulary words: their neighbours must not become n-grams.
        pieces: list[list[str]] = [[]]
        for w in words:
            if allowed is not None and w not in allowed:
                pieces.append([])
            else:
                pieces[-1].append(w)
        for piece in pieces:
            if not piece:
                continue
            n_sentences += 1
            toks = [BOS, *piece, EOS]
            for k in range(1, order + 1):
                for i in range(len(toks) - k + 1):
                    gram = tuple(toks[i : i + k])
                    if gram == (BOS,):
                        continue
                    counts[k][gram] += 1
    if n_sentences == 0:
        raise HomeslmError("cannot build a language model from no sentences: the home has no names and no commands")

    # Unigrams: add-half smoothing over the seen words.
    uni_total = sum(counts[1].values())
    denom = uni_total + 0.5 * len(counts[1])
    probs: list[dict[tuple[str, ...], float]] = [{} for _ in range(order + 1)]
    bows: list[dict[tuple[str, ...], float]] = [{} for _ in range(order + 1)]
    probs[1] = {gram: (c + 0.5) / denom for gram, c in counts[1].items()}

    # Higher orders: P(w|h) = (c(h,w) + T(h) P_lower(w|h')) / (c(h) + T(h)); bow(h) = T(h) / (c(h) + T(h)).
    for k in range(2, order + 1):
        hist_count: dict[tuple[str, ...], int] = defaultdict(int)
        hist_types: dict[tuple[str, ...], int] = defaultdict(int)
        for gram, c in counts[k].items():
            hist_count[gram[:-1]] += c
            hist_types[gram[:-1]] += 1
        for gram, c in counts[k].items():
            h = gram[:-1]
            lower = _lookup(probs, bows, gram[1:])
            probs[k][gram] = (c + hist_types[h] * lower) / (hist_count[h] + hist_types[h])
        for h, c in hist_count.items():
            bows[k - 1][h] = hist_types[h] / (c + hist_types[h])

    if background and background_weight > 0:
        bg = background if isinstance(background, BackgroundModel) else BackgroundModel.from_unigrams(background)
        if allowed is not None:
            bg = bg.restricted(allowed)
        probs, bows = _interpolate(probs, bows, bg, background_weight)
    return probs, bows


class NGramScorer:
    """The home language model of :func:`build_arpa` held in memory, to score a transcript another recogniser
    made (Whisper's): how plausible its word sequence is as one of this home's commands.

    :param sentences: the command sentences and names (spoken form: numbers as words).
    :param unknown_logprob: log10 probability of a word the sentences never have.
    """

    def __init__(self, sentences: Iterable[str], *, order: int = 3, unknown_logprob: float = -6.0) -> None:
        self.order = order
        self.unknown = 10.0**unknown_logprob
        self._probs, self._bows = _ngrams(sentences, order=order)

    def word_logprobs(self, words: Iterable[str]) -> list[float]:
        """log10 P(word | the words before it) for each word and the sentence end ``</s>``."""
        tokens = [BOS, *(w for w in words if w), EOS]
        out = []
        for i in range(1, len(tokens)):
            gram = tuple(tokens[max(0, i - self.order + 1) : i + 1])
            out.append(math.log10(max(_lookup(self._probs, self._bows, gram, self.unknown), 1e-30)))
        return out

    def mean_logprob(self, words: Iterable[str]) -> float:
        """The mean of :meth:`word_logprobs`: the plausibility ``lm_mean_floor`` gates on."""
        logprobs = self.word_logprobs(words)
        return sum(logprobs) / len(logprobs)


def _lookup(probs: list[dict[tuple[str, ...], float]], bows: list[dict[tuple[str, ...], float]], gram: tuple[str, ...],
            unknown: float = 1e-9) -> float:
    """Back-off probability of ``gram`` from the orders built so far (``unknown`` for a word not in the model)."""
    k = len(gram)
    if gram in probs[k]:
        return probs[k][gram]
    if k == 1:
        return unknown
    return bows[k - 1].get(gram[:-1], 1.0) * _lookup(probs, bows, gram[1:], unknown)


def _interpolate(
    probs: list[dict[tuple[str, ...], float]],
    bows: list[dict[tuple[str, ...], float]],
    bg: BackgroundModel,
    weight: float,
) -> tuple[list[dict[tuple[str, ...], float]], list[dict[tuple[str, ...], float]]]:
    """``(1 - weight) * home + weight * bg`` as a back-off model: every explicit n-gram of either model gets
    the interpolated probability; back-off weights are recomputed so each history's distribution sums to 1."""
    order = len(probs) - 1
    mixed: list[dict[tuple[str, ...], float]] = [{} for _ in range(order + 1)]
    mixed_bows: list[dict[tuple[str, ...], float]] = [{} for _ in range(order + 1)]
    vocab = ({g[0] for g in probs[1]} | set(bg.unigrams)) - {BOS}
    mixed[1] = {(w,): (1 - weight) * probs[1].get((w,), 0.0) + weight * bg.unigrams.get(w, 0.0) for w in vocab}
    total = sum(mixed[1].values())
    mixed[1] = {g: p / total for g, p in mixed[1].items()}
    for k in range(2, order + 1):
        explicit: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for gram in probs[k]:
            explicit[gram[:-1]].add(gram[-1])
        if k == 2:
            for a, b in bg.bigrams:
                if (a in vocab or a == BOS) and b in vocab:
                    explicit[(a,)].add(b)
        for h, words in explicit.items():
            seen = 0.0
            lower = 0.0
            for w in words:
                p = (1 - weight) * _lookup(probs, bows, (*h, w), 0.0) + weight * bg.prob(w, h[-1])
                mixed[k][(*h, w)] = p
                seen += p
                lower += _lookup(mixed, mixed_bows, (*h[1:], w), 0.0)
            mixed_bows[k - 1][h] = max(1.0 - seen, 1e-6) / max(1.0 - lower, 1e-6)
    return mixed, mixed_bows


def _write_arpa(probs: list[dict[tuple[str, ...], float]], bows: list[dict[tuple[str, ...], float]]) -> str:
    order = len(probs) - 1
    lines = ["\\data\\"]
    lines_by_order: list[list[str]] = [[] for _ in range(order + 1)]
    bos_bow = f" {math.log10(bows[1][(BOS,)]):.4f}" if order > 1 and (BOS,) in bows[1] else ""
    lines_by_order[1] = [f"-99.0000 {BOS}{bos_bow}"]
    for k in range(1, order + 1):
        for gram, p in sorted(probs[k].items()):
            if p <= 0:
                continue
            entry = f"{math.log10(p):.4f} {' '.join(gram)}"
            if k < order and gram in bows[k]:
                entry += f" {math.log10(bows[k][gram]):.4f}"
            lines_by_order[k].append(entry)
    for k in range(1, order + 1):
        lines.append(f"ngram {k}={len(lines_by_order[k])}")
    for k in range(1, order + 1):
        lines += ["", f"\\{k}-grams:", *lines_by_order[k]]
    lines += ["", "\\end\\", ""]
    return "\n".join(lines)


COMMON_WORDS_FILE = Path(__file__).resolve().parents[2] / "data" / "english_common_words.txt"


def common_words(n_words: int, path: Path = COMMON_WORDS_FILE) -> dict[str, float]:
    """The ``n_words`` most frequent English words with Zipf probabilities (1/rank), the chatter background."""
    if not path.is_file():
        raise AudioError(f"{path}: missing from the installation; reinstall homeslm or set voice.pocketsphinx.background_words: 0")
    words: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            word = line.strip()
            if word and not word.startswith("#"):
                words.append(word)
            if len(words) >= n_words:
                break
    return {w: 1.0 / (rank + 1) for rank, w in enumerate(words)}


BACKGROUND_FILE = Path(__file__).resolve().parents[2] / "data" / "english_bigrams.txt.gz"


def english_background(n_words: int, path: Path = BACKGROUND_FILE) -> BackgroundModel:
    """Everyday English as a bigram model over its ``n_words`` most frequent words (at most 2000): the
    unigrams and strong bigrams of pocketsphinx's stock English language model, renormalised."""
    import gzip

    if not path.is_file():
        raise AudioError(f"{path}: missing from the installation; reinstall homeslm or set voice.pocketsphinx.background_words: 0")
    unigrams: dict[str, float] = {}
    backoffs: dict[str, float] = {}
    bigrams: dict[tuple[str, str], float] = {}
    section = 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            if line.startswith("\\"):
                section = 1 if line.startswith("\\1-grams") else 2
                continue
            parts = line.split()
            if section == 1 and len(parts) == 3:
                unigrams[parts[1]] = 10 ** float(parts[0])
                backoffs[parts[1]] = 10 ** float(parts[2])
            elif section == 2 and len(parts) == 3:
                bigrams[(parts[1], parts[2])] = 10 ** float(parts[0])
    ranked = sorted((w for w in unigrams if w not in (BOS, EOS)), key=lambda w: -unigrams[w])
    unigrams[BOS] = 0.0
    return BackgroundModel(unigrams, backoffs, bigrams).restricted(ranked[:n_words])

