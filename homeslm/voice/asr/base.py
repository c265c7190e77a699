"""The one small interface every speech recogniser implements, and helpers they share.

A recogniser hears one utterance at a time::

    rec.start_utterance()
    for samples in chunks:              # 16 kHz mono int16
        partial = rec.accept(samples)   # a Partial now and then, for the live display / MQTT
    transcript = rec.finish()           # Transcript(text, confidence)

``set_vocabulary(phrases)`` biases it towards the home's names (device names, aliases, areas) and
the command sentences; it may be called again when the configuration changes.
"""

from __future__ import annotations

import difflib
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any, TypeVar

import numpy as np

from homeslm.config.model import Config
from homeslm.errors import ConfigError

_S = TypeVar("_S")

RATE_HZ = 16000
"""Every recogniser takes 16 kHz mono int16 samples."""


@dataclass(frozen=True)
class Transcript:
    """What was said in one utterance."""

    text: str
    """Lower-case words separated by single spaces; empty when nothing was recognised."""
    confidence: float
    """0..1, the recogniser's own estimate (word-posterior based); 0 for an empty transcript."""
    alternatives: tuple[tuple[tuple[str, float], ...], ...] = ()
    """The recogniser's doubts: for each word it was unsure of, the readings it weighed there (``text``
    itself and ``text`` with that word heard otherwise), each with its probability; empty when it gives
    none. The voice loop acts only when, at every doubt, the readings that mean what ``text`` means hold
    enough of the belief (``voice.min_agreement``, for all doubts together)."""


@dataclass(frozen=True)
class Partial:
    """The best guess so far within an utterance (shown live, published on MQTT, never executed)."""

    text: str


class Recognizer(ABC):
    """A streaming speech recogniser for one utterance at a time (not thread-safe: one loop owns it)."""

    name: str = "recognizer"

    @abstractmethod
    def start_utterance(self) -> None:
        """Forget any previous audio and start a new utterance."""

    @abstractmethod
    def accept(self, samples: np.ndarray) -> Partial | None:
        """Feed 16 kHz mono int16 samples; return a new partial result when it changed, else ``None``."""

    @abstractmethod
    def finish(self) -> Transcript:
        """End the utterance and return its transcript (empty text when nothing was recognised)."""

    @abstractmethod
    def set_vocabulary(self, phrases: Sequence[str]) -> None:
        """Bias recognition towards these phrases (names and command sentences of this home)."""

    def transcribe(self, samples: np.ndarray) -> Transcript:
        """One whole utterance at once (files, benchmarks); recognisers may decode it better than streaming."""
        self.start_utterance()
        for i in range(0, len(samples), 1600):
            self.accept(samples[i : i + 1600])
        return self.finish()

    def second_opinion(self) -> Transcript | None:
        """Another recogniser's transcript of the utterance just finished (:class:`SecondOpinion`), heard only
        when asked; ``None`` when there is none."""
        return None

    def early(self) -> Callable[[], Transcript] | None:
        """A decoding of the utterance so far that may run on another thread while audio still comes in: the
        voice loop starts one when a pause begins (``voice.early_decode_s`` of quiet) and, when that pause
        ends the utterance, finishes with its transcript (:meth:`finish_with`) instead of decoding from the
        end of speech. ``None`` (the default): this recogniser does not decode early (pocketsphinx and Vosk
        decode as the words come)."""
        return None

    def finish_with(self, early: Callable[[], Transcript]) -> Transcript:
        """End the utterance with the transcript of an early decoding (:meth:`early`; ``early()`` waits for
        it), the audio after it having been quiet."""
        self.finish()
        return early()

    def close(self) -> None:
        """Release native resources (optional)."""


class SecondOpinion(Recognizer):
    """``primary`` hears every utterance and ``second`` hears it alongside, from the same audio
    (``voice.second_opinion``); ``second``'s transcript is finished only when asked: the voice loop asks when it
    would ignore ``primary``'s transcript, and runs it only when both mean the same intents
    (:class:`homeslm.voice.loop.VoiceLoop`). Two recognisers of different kinds rarely hear one command as the
    same wrong one. ``second`` decodes as the words come (pocketsphinx streams), so asking costs little after
    the end of speech."""

    def __init__(self, primary: Recognizer, second: Recognizer) -> None:
        self.primary, self.second = primary, second
        self.name = primary.name
        self._open = False

    def start_utterance(self) -> None:
        self.primary.start_utterance()
        self.second.start_utterance()
        self._open = True

    def accept(self, samples: np.ndarray) -> Partial | None:
        self.second.accept(samples)
        return self.primary.accept(samples)

    def finish(self) -> Transcript:
        return self.primary.finish()

    def set_vocabulary(self, phrases: Sequence[str]) -> None:
        self.primary.set_vocabulary(phrases)
        self.second.set_vocabulary(phrases)

    def early(self) -> Callable[[], Transcript] | None:
        return self.primary.early()

    def finish_with(self, early: Callable[[], Transcript]) -> Transcript:
        return self.primary.finish_with(early)  # the second one's utterance stays open for second_opinion()

    def second_opinion(self) -> Transcript | None:
        if not self._open:
            return None
        self._open = False
        return self.second.finish()

    def close(self) -> None:
        try:
            self.primary.close()
        finally:
            self.second.close()


def normalise_text(text: str) -> str:
    """Lower-case, drop punctuation and filler tokens (``[unk]``, ``<sil>``), single spaces."""
    text = re.sub(r"\[[^\]]*\]|<[^>]*>|\(\d+\)", " ", text.lower())
    text = re.sub(r"[^\w' %-]+", " ", text)
    return " ".join(text.split())


def home_phrases(config: Config) -> list[str]:
    """The names people say in this home: device names and aliases, areas and floors (lower-case, unique)."""
    seen: dict[str, None] = {}
    for dev in config.devices:
        for name in (dev.name, *dev.aliases):
            seen.setdefault(normalise_text(name), None)
    for area in (*config.areas, *(a for fl in config.floors for a in fl.areas)):
        seen.setdefault(normalise_text(area), None)
    if config.area:
        seen.setdefault(normalise_text(config.area), None)
    for fl in config.floors:
        seen.setdefault(normalise_text(fl.name), None)
    return [p for p in seen if p]


def transcribe_samples(recognizer: Recognizer, samples: np.ndarray, chunk_samples: int = 1600) -> Transcript:
    """Stream one whole utterance through a recogniser in chunks, as the voice loop does."""
    recognizer.start_utterance()
    for i in range(0, len(samples), chunk_samples):
        recognizer.accept(samples[i : i + chunk_samples])
    return recognizer.finish()


class NameCorrector:
    """Pulls near-miss words in a transcript towards the home's names ("kitchen lied" -> "kitchen light").

    Each word span of the transcript as long as a name (in words, or one word longer for a name
    heard as two words) is compared with that name by character similarity; spans at least
    ``min_ratio`` similar and not already exact are replaced, best matches first, never
    overlapping. Plural and singular forms are left alone ("porch lights" may mean every light on
    the porch). Names shorter than four characters are not considered.
    """

    def __init__(self, phrases: Iterable[str], min_ratio: float = 0.8) -> None:
        self.min_ratio = min_ratio
        self.phrases = sorted({normalise_text(p) for p in phrases if len(normalise_text(p)) >= 4},
                              key=lambda p: (-len(p.split()), p))

    def correct(self, text: str) -> str:
        words = text.split()
        if not words or not self.phrases:
            return text
        candidates: list[tuple[float, int, int, str]] = []
        for phrase in self.phrases:
            n_words = len(phrase.split())
            for n in (n_words, n_words + 1):  # n + 1: a name split in two ("sound bar")
                for start in range(0, len(words) - n + 1):
                    span = " ".join(words[start : start + n])
                    if span == phrase:
                        candidates.append((2.0, start, start + n, phrase))  # exact matches win their span
                        continue
                    if span.replace(" ", "") == phrase.replace(" ", ""):
                        candidates.append((1.5, start, start + n, phrase))
                        continue
                    if span in (phrase + "s", phrase + "es") or phrase in (span + "s", span + "es"):
                        continue  # plural or singular: "porch lights" may mean every light of the porch
                    ratio = difflib.SequenceMatcher(None, span, phrase).ratio()
                    if ratio >= self.min_ratio:
                        candidates.append((ratio, start, start + n, phrase))
        taken = [False] * len(words)
        replacements: dict[int, tuple[int, str]] = {}
        for _ratio, start, end, phrase in sorted(candidates, key=lambda c: (-c[0], c[1])):
            if any(taken[start:end]):
                continue
            taken[start:end] = [True] * (end - start)
            replacements[start] = (end, phrase)
        out: list[str] = []
        i = 0
        while i < len(words):
            if i in replacements:
                end, phrase = replacements[i]
                out.append(phrase)
                i = end
            else:
                out.append(words[i])
                i += 1
        return " ".join(out)


def engine_settings(cls: type[_S], section: str, raw: dict[str, Any], config: Config | None = None) -> _S:
    """A recogniser's ``voice.<section>`` mapping as its settings dataclass ``cls``: an unknown key or a bad
    value is refused as a config error at ``voice.<section>[.key]`` (with file and line when ``config`` is
    given)."""
    def refuse(key: str, problem: str) -> ConfigError:
        return config.error(key, problem) if config is not None else ConfigError(problem, key=key)

    known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    for key in raw:
        if key not in known:
            raise refuse(f"voice.{section}.{key}", f"unknown {section} setting; expected one of {', '.join(sorted(known))}")
    try:
        return cls(**raw)
    except (TypeError, ValueError) as error:
        raise refuse(f"voice.{section}", str(error)) from None
