"""Turn-taking: the wake phrase, end of speech, and the optional chime.

* :class:`KeywordSpotter` listens for the wake phrase with pocketsphinx keyword spotting. The
  default phrase is the single distinctive word ``computer``: multi-word phrases made of common
  words ("hey home") are barely detected on synthesised speech, while "computer" is caught reliably
  (numbers at :func:`sensitivity_to_threshold`).
* :class:`EndOfSpeech` decides when an utterance is over: silence after speech (energy above an
  adaptive noise floor), a maximum length, or no speech at all within a timeout.
* Push-to-talk needs no detector: :meth:`homeslm.voice.VoiceLoop.push_to_talk` starts an utterance.
"""

from __future__ import annotations

import collections
import enum
import logging
import math
import os
import tempfile
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from homeslm.errors import AudioError

logger = logging.getLogger(__name__)

RATE_HZ = 16000
DEFAULT_WAKE_PHRASE = "computer"
DEFAULT_WAKE_SENSITIVITY = 0.5


class WakeDetector(ABC):
    """Something that hears the wake phrase in a continuous stream."""

    phrase: str = ""

    @abstractmethod
    def process(self, samples: np.ndarray) -> bool:
        """Feed 16 kHz mono int16 samples; True when the wake phrase was just heard (then it resets itself)."""

    @abstractmethod
    def reset(self) -> None:
        """Forget the audio heard so far."""


def sensitivity_to_threshold(sensitivity: float) -> float:
    """Map a 0..1 sensitivity to pocketsphinx's keyword threshold (higher sensitivity: lower threshold).

    0 gives 1e-15 (strict: few false alarms, misses), 1 gives 1e-55 (eager); 0.5 gives 1e-35. Measured
    on espeak-ng speech in 4 voices (chatter, pause, "computer", pause, a command): heard 40/41 times
    clean, 41/41 at 20 dB SNR, 38/41 at 10 dB; 3 false alarms in 19.6 min of other speech (half of it
    at 20 dB), all in noise, e.g. "can you please put out ...". Sensitivity 0.4: 2 false alarms.
    """
    if not 0.0 <= sensitivity <= 1.0:
        raise AudioError(f"voice.wake_sensitivity must be between 0 and 1, got {sensitivity}")
    return float(10.0 ** -(15.0 + 40.0 * sensitivity))


class KeywordSpotter(WakeDetector):
    """pocketsphinx keyword spotting of one wake phrase.

    :param phrase: the wake word or phrase (every word must be pronounceable: CMUdict, a compound of
        dictionary words, or ``pronunciations``).
    :param threshold: pocketsphinx ``kws_threshold``; ``None`` derives it from ``sensitivity``.
    :param sensitivity: 0..1, used when ``threshold`` is ``None``.
    :param restart_s: the search restarts after this much audio without a detection (bounds memory).
    """

    def __init__(
        self,
        phrase: str = DEFAULT_WAKE_PHRASE,
        *,
        threshold: float | None = None,
        sensitivity: float = DEFAULT_WAKE_SENSITIVITY,
        pronunciations: dict[str, str] | None = None,
        model_dir: str | Path | None = None,
        restart_s: float = 20.0,
    ) -> None:
        from homeslm.asr.pocketsphinx import build_dictionary, default_model_dir, read_cmudict

        try:
            from pocketsphinx import Decoder
        except ImportError as exc:
            raise AudioError("wake phrase detection needs pocketsphinx: pip install pocketsphinx") from exc
        self.phrase = " ".join(phrase.lower().split())
        if not self.phrase:
            raise AudioError("voice.wake_phrase is empty: give a word such as 'computer', or null to disable it")
        self.threshold = threshold if threshold is not None else sensitivity_to_threshold(sensitivity)
        if not 0 < self.threshold < 1:
            raise AudioError(f"voice.wake_threshold must be between 0 and 1 (e.g. 1e-25), got {self.threshold}")
        base = Path(model_dir) if model_dir else default_model_dir()
        dict_text, missing = build_dictionary(self.phrase.split(), read_cmudict(base / "cmudict-en-us.dict"), pronunciations)
        if missing:
            raise AudioError(f"voice.wake_phrase: no pronunciation for {', '.join(missing)}; choose another phrase or "
                             "add it under voice.pocketsphinx.pronunciations (CMU phones)")
        with tempfile.TemporaryDirectory(prefix="homeslm-kws-") as tmp:
            dict_path = os.path.join(tmp, "wake.dict")
            Path(dict_path).write_text(dict_text, encoding="utf-8")
            self._decoder: Any = Decoder(hmm=str(base / "en-us"), dict=dict_path, keyphrase=self.phrase,
                                         kws_threshold=self.threshold, samprate=RATE_HZ, logfn=os.devnull)
        self.restart_samples = int(restart_s * RATE_HZ)
        self._fed = 0
        self._decoder.start_utt()
        logger.info("wake phrase %r (threshold %.0e)", self.phrase, self.threshold)

    def process(self, samples: np.ndarray) -> bool:
        self._decoder.process_raw(np.ascontiguousarray(samples, dtype=np.int16).tobytes(), False, False)
        self._fed += len(samples)
        if self._decoder.hyp() is not None:
            logger.debug("wake phrase %r heard", self.phrase)
            self.reset()
            return True
        if self._fed >= self.restart_samples:
            self.reset()
        return False

    def reset(self) -> None:
        self._decoder.end_utt()
        self._decoder.start_utt()
        self._fed = 0


# --------------------------------------------------------------------------- end of speech


MIN_SPEECH_FRAMES = 3
"""Consecutive 20 ms frames above the margin that count as speech (shorter bursts count as silence)."""


class EndReason(enum.Enum):
    """Why an utterance ended."""

    SILENCE = "silence"
    """Speech, then ``silence_s`` of quiet."""
    MAX_LENGTH = "max_length"
    """The utterance reached ``max_s``."""
    NO_SPEECH = "no_speech"
    """Nothing was said within ``no_speech_s``."""


@dataclass(frozen=True)
class EndOfSpeechSettings:
    """When an utterance is over (``voice.*`` in the config)."""

    silence_s: float = 0.7
    """Quiet after speech that ends the utterance."""
    max_s: float = 8.0
    """Longest utterance."""
    no_speech_s: float = 4.0
    """Give up when nothing is said for this long after the wake phrase or push-to-talk."""
    margin_db: float = 9.0
    """A frame is speech when it is this much louder than the noise floor."""
    min_speech_s: float = 0.15
    """This much speech (in frames above the margin) is needed before silence can end the utterance."""
    floor_window_s: float = 3.0
    """The noise floor is the quietest 20 ms frame of this much recent audio."""


class EndOfSpeech:
    """Energy-based speech/silence tracking over 20 ms frames with an adaptive noise floor (minimum statistics).

    Feed it the audio of the utterance with :meth:`feed`; between utterances, :meth:`observe` keeps
    the noise floor current. :meth:`speech_onset` detects the start of speech (follow-up window).
    """

    frame = RATE_HZ // 50

    def __init__(self, settings: EndOfSpeechSettings | None = None) -> None:
        self.settings = settings or EndOfSpeechSettings()
        self.floor_db = 30.0  # int16 RMS in dB (20*log10 rms); a quiet room is ~25-35
        self._history: collections.deque[float] = collections.deque(maxlen=int(self.settings.floor_window_s * 50))
        self._smoothed_power: float | None = None
        self._rest = np.zeros(0, np.int16)
        self.reset()

    def reset(self, guard_s: float = 0.0) -> None:
        """Start a new utterance; the first ``guard_s`` are not counted as speech (the end of the wake phrase)."""
        self.guard_s = guard_s
        self._speech_run = 0
        self.elapsed_s = 0.0
        self.speech_s = 0.0
        self.silence_run_s = 0.0
        self.onset_run_s = 0.0
        self._rest = np.zeros(0, np.int16)

    def _frames_db(self, samples: np.ndarray) -> np.ndarray:
        data = np.concatenate([self._rest, np.asarray(samples, dtype=np.int16)])
        n = len(data) // self.frame * self.frame
        self._rest = data[n:]
        if n == 0:
            return np.zeros(0)
        frames = data[:n].astype(np.float64).reshape(-1, self.frame)
        power = np.mean(frames**2, axis=1)
        smoothed = np.empty_like(power)
        level = self._smoothed_power
        for i, p in enumerate(power):  # ~60 ms smoothing: room noise (pink, fans) no longer flickers into "speech"
            level = p if level is None else 0.7 * level + 0.3 * p
            smoothed[i] = level
        self._smoothed_power = level
        return 10.0 * np.log10(np.maximum(smoothed, 1.0))

    def _update_floor(self, db: float, speech: bool) -> None:
        """Minimum statistics: the floor is the quietest frame of the last ``floor_window_s``.

        Pauses between words keep it at the noise level during speech, and it follows a noise that
        gets louder (a fan switched on) within the window.
        """
        self._history.append(db)
        if db <= self.floor_db or len(self._history) == self._history.maxlen or len(self._history) < 5:
            self.floor_db = min(self._history)

    def _is_speech(self, db: float) -> bool:
        return db > self.floor_db + self.settings.margin_db

    def observe(self, samples: np.ndarray) -> None:
        """Background audio between utterances: only tracks the noise floor."""
        for db in self._frames_db(samples):
            self._update_floor(float(db), self._is_speech(float(db)))

    def speech_onset(self, samples: np.ndarray, min_s: float = 0.1) -> bool:
        """Track background audio; True once ``min_s`` of consecutive speech frames were heard."""
        onset = False
        for db in self._frames_db(samples):
            speech = self._is_speech(float(db))
            self._update_floor(float(db), speech)
            self.onset_run_s = self.onset_run_s + 0.02 if speech else 0.0
            if self.onset_run_s >= min_s:
                onset = True
        return onset

    def feed(self, samples: np.ndarray) -> EndReason | None:
        """Audio of the current utterance; the reason it ended, or ``None`` while it goes on."""
        s = self.settings
        for db in self._frames_db(samples):
            speech = self._is_speech(float(db))
            self._update_floor(float(db), speech)
            self.elapsed_s += 0.02
            if self.elapsed_s <= self.guard_s:
                continue
            self._speech_run = self._speech_run + 1 if speech else 0
            if self._speech_run >= MIN_SPEECH_FRAMES:  # a lone loud frame (a click, a noise peak) is not speech
                self.speech_s += 0.02 * (MIN_SPEECH_FRAMES if self._speech_run == MIN_SPEECH_FRAMES else 1)
                self.silence_run_s = 0.0
            else:
                self.silence_run_s += 0.02
            if self.speech_s >= s.min_speech_s and self.silence_run_s >= s.silence_s:
                return EndReason.SILENCE
            if self.elapsed_s >= s.max_s:
                return EndReason.MAX_LENGTH
            if self.speech_s < s.min_speech_s and self.elapsed_s >= s.no_speech_s:
                return EndReason.NO_SPEECH
        return None


# --------------------------------------------------------------------------- chime


def chime(rate_hz: int = RATE_HZ, *, duration_s: float = 0.15, freqs_hz: tuple[float, float] = (880.0, 1320.0),
          level: float = 0.25) -> np.ndarray:
    """A short two-tone chime (int16) played when the wake phrase is heard."""
    n = int(duration_s * rate_hz)
    t = np.arange(n) / rate_hz
    half = n // 2
    tone = np.concatenate([np.sin(2 * math.pi * freqs_hz[0] * t[:half]), np.sin(2 * math.pi * freqs_hz[1] * t[half:])])
    envelope = np.minimum(1.0, np.minimum(t, t[::-1]) / 0.01)  # 10 ms fades: no clicks
    return np.round(tone * envelope * level * 32767).astype(np.int16)
