"""The zero-download default recogniser: pocketsphinx with a language model built for this home.

pocketsphinx's wheel ships an English acoustic model and the CMU pronouncing dictionary; its stock
language model is too broad for commands. At start-up :class:`PocketsphinxRecognizer` builds, in pure
Python, a language model of the command sentences and the home's names
(:mod:`homeslm.voice.asr.language_model`) and a pronunciation dictionary of its words
(:mod:`homeslm.voice.asr.pronunciation`), then decodes with them: streamed partial results, the
speaker's pitch choosing a frequency warp, comfort noise under very clean input, and a confidence lowered
for word sequences the home's language model finds implausible. This module is the recogniser and its
settings (:class:`PocketsphinxSettings`).
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from homeslm.errors import AudioError
from homeslm.voice.asr.base import RATE_HZ, NameCorrector, Partial, Recognizer, Transcript, normalise_text
from homeslm.voice.asr.language_model import BOS, EOS, BackgroundModel, build_arpa, english_background, sentence_tokens
from homeslm.voice.asr.pitch import PitchTracker, warp_for
from homeslm.voice.asr.pronunciation import build_dictionary, default_model_dir, read_cmudict
from homeslm.voice.shared_models import SharedModels

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PocketsphinxSettings:
    """Tuning of the pocketsphinx recogniser (``voice.pocketsphinx`` in the config)."""

    order: int = 3
    """n-gram order of the home language model."""
    background_weight: float = 0.0
    """Share of unigram probability given to common English words (chatter absorption), 0..1."""
    background_words: int = 0
    """How many of the most frequent English words form that background (0: none; at most 3000)."""
    language_weight: float | None = None
    """pocketsphinx ``lw``; ``None`` keeps the acoustic model's default."""
    word_insertion_penalty: float | None = None
    """pocketsphinx ``wip``; ``None`` keeps the default."""
    pronunciations: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    """Extra pronunciations, word -> CMU phones, for names CMUdict lacks."""
    model_dir: str | None = None
    """Acoustic model directory (containing ``en-us/`` and ``cmudict-en-us.dict``); ``None``: the wheel's."""
    decoder_options: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    """Further pocketsphinx decoder options (``beam``, ``wbeam``, ``fillprob``, ...), for tuning."""
    redecode_below: float = 1.01
    """One of the first ``redecode_first`` streamed utterances whose lowest word posterior is below this is
    decoded again as a whole, with its own cepstral mean (right after start-up the live mean has nothing
    to go on yet: words are added or lost); the default takes them all; 0 disables."""
    redecode_first: int = 2
    """How many utterances after start-up may be decoded again. Later ones are not: the live cepstral mean
    has settled, and decoding again costs the whole utterance's decoding time in latency (measured on
    bench clips: the same commands right with and without it once the mean has settled)."""
    comfort_noise_rms: float = 100.0
    """Pink noise of this RMS (int16 units; 100 is about -50 dBFS, 30 dB below speech at a normal level)
    added to the audio before recognition. The acoustic model was trained on recordings with a noise floor;
    very clean input (a good microphone in a quiet room, synthesised speech) is recognised worse: on the
    clean `homeslm bench voice` clips (40 dB noise floor) it took word errors from 30% to 20% and commands
    whose words were right from 15 to 23 of 40; 0 disables."""
    lm_mean_floor: float | None = -1.0
    """Plausibility of the transcript as a command: when the mean log10 probability of its words in the
    home language model (each given the words before it, ``</s>`` included) is below this floor, the
    confidence is divided by 10 per unit short of it. Chatter forced into the home's words makes word
    sequences the commands never have ("my tv to you have the"); ``None`` leaves it out.
    Measured (320 clips of our own: 40 commands and 40 sentences of chatter not in the benchmark, 4
    voices, clean / 20 / 10 dB, `voice.min_confidence` chosen there for at most 3 of 160 chatter executed):
    the mean with a floor of -1.0 at 0.1 kept 48 commands executed correctly against 46 for the worst
    word below -2.5 (``lm_floor``, the former default) at 0.05 with 5 chatter; on `homeslm bench voice`
    (its own commands and chatter) 113/400 and 3/160 chatter against 117/400 and 5/160."""
    pitch_warps: tuple[tuple[float, float], ...] = ((0.0, 0.9), (160.0, 1.3))
    """Vocal tract length normalisation by the speaker's pitch: ``(from_hz, warp)`` rows in rising order;
    the utterance is decoded with the warp of the last row its median F0 reaches (:mod:`homeslm.voice.asr.pitch`),
    each warp keeping its own live cepstral mean. Decoding starts once ``warp_voiced_frames`` voiced
    frames (20 ms each) are heard, so partial results come that much later. Empty: no warping.
    Measured on 320 clips of our own (40 commands, 40 chatter sentences, 4 espeak-ng voices, clean / 20 /
    10 dB; not the benchmark's): commands executed correctly at ``voice.min_confidence`` 0.1 went from 48
    (3 chatter executed) without warping to 59 (3 chatter) with it (0.9 below 160 Hz, 1.3 above); the low voices
    gain most at 0.9, the high one (en+f3, about 210 Hz) at 1.3 to 1.6. 1.3 is kept for high voices as the
    closest to the factors published for women's voices (synthetic voices are an extreme)."""
    warp_voiced_frames: int = 15
    """Voiced frames heard before the warp is chosen (the rest of the utterance cannot change it)."""
    lm_floor: float | None = None
    """Like ``lm_mean_floor`` for the least likely word alone: each unit that word's log10 probability is
    short of this floor divides the confidence by 10 (the former rule, -2.5); ``None`` leaves it out."""

    def __post_init__(self) -> None:
        rows: list[tuple[float, float]] = []
        for row in self.pitch_warps or ():
            try:
                from_hz, warp = (float(x) for x in row)
            except (TypeError, ValueError):
                raise ValueError(f"pitch_warps: {row!r} is not a [from_hz, warp] pair, e.g. [160, 1.3]") from None
            if not 0.7 <= warp <= 1.6:
                raise ValueError(f"pitch_warps: warp {warp:g} is outside 0.7..1.6")
            if rows and from_hz <= rows[-1][0]:
                raise ValueError("pitch_warps: rows must rise in from_hz, e.g. [[0, 0.9], [160, 1.3]]")
            rows.append((from_hz, warp))
        object.__setattr__(self, "pitch_warps", tuple(rows))


class PocketsphinxRecognizer(Recognizer):
    """pocketsphinx with a language model built from ``sentences`` and the home's ``phrases``.

    ``shared``: loaded data other recognisers may use too (a hub's satellites): the pronunciation dictionary
    (about 30 MB of Python objects, measured; only read once loaded) is kept there and read once. The decoder
    itself (its acoustic model and language model) is each recogniser's own: pocketsphinx's Python API gives
    no way to share it.
    """

    name = "pocketsphinx"

    def __init__(
        self,
        sentences: Iterable[str],
        phrases: Sequence[str] = (),
        settings: PocketsphinxSettings | None = None,
        background: "Mapping[str, float] | BackgroundModel | None" = None,
        shared: SharedModels | None = None,
    ) -> None:
        self.settings = settings or PocketsphinxSettings()
        self._sentences = [normalise_text(s) for s in sentences if normalise_text(s)]
        self._background: BackgroundModel | None = None
        if isinstance(background, BackgroundModel):
            self._background = background
        elif background:
            self._background = BackgroundModel.from_unigrams(background)
        model_dir = Path(self.settings.model_dir) if self.settings.model_dir else default_model_dir()
        self._hmm = model_dir / "en-us"
        self._cmudict_path = model_dir / "cmudict-en-us.dict"
        if not self._hmm.is_dir() or not self._cmudict_path.is_file():
            raise AudioError(f"{model_dir}: not a pocketsphinx model directory (expected en-us/ and cmudict-en-us.dict); "
                             "reinstall pocketsphinx or fix voice.pocketsphinx.model_dir")
        path = self._cmudict_path
        self._cmudict: Mapping[str, list[str]] = read_cmudict(path) if shared is None else \
            shared.get(("cmudict", str(path.resolve())), lambda: dict(read_cmudict(path)))  # a dict: lookups never add
        if self.settings.background_words and self._background is None:
            self._background = english_background(self.settings.background_words)
        self._decoder: Any = None
        self._audio: list[np.ndarray] = []
        self._in_utterance = False
        self.corrector = NameCorrector(phrases)
        self._last_partial = ""
        self._last_posterior = 0.0
        self._finished = 0
        self._noise = comfort_noise(self.settings.comfort_noise_rms) if self.settings.comfort_noise_rms > 0 else None
        self._noise_pos = 0
        self.missing_words: list[str] = []
        self._warp = self.settings.pitch_warps[0][1] if self.settings.pitch_warps else 1.0
        self._cmn_by_warp: dict[float, str] = {}
        self._tracker: PitchTracker | None = None  # the utterance's pitch while its warp is not chosen yet
        self._held: list[np.ndarray] = []  # its audio until then
        self.set_vocabulary(phrases)

    def set_vocabulary(self, phrases: Sequence[str]) -> None:
        from pocketsphinx import Decoder

        phrases = [normalise_text(p) for p in phrases if normalise_text(p)]
        corpus = [*self._sentences, *phrases]
        words = {w for s in corpus for w in sentence_tokens(s)}
        if self.settings.background_weight > 0 and self._background is not None:
            words |= {w for w in self._background.unigrams if w in self._cmudict}
        dict_text, missing = build_dictionary(words, self._cmudict, self.settings.pronunciations)
        name_words = {w for p in phrases for w in sentence_tokens(p)}
        missing_names = sorted(set(missing) & name_words)
        if missing_names:
            logger.warning("pocketsphinx: no pronunciation for %s; these words cannot be recognised "
                           "(add them under voice.pocketsphinx.pronunciations)", ", ".join(missing_names))
        if len(missing) > len(missing_names):  # typos and abbreviations of the grammar's sentences
            logger.debug("pocketsphinx: sentence words without pronunciation, left out: %s",
                         ", ".join(sorted(set(missing) - name_words)))
        self.missing_words = sorted(missing)
        known = words - set(missing)
        arpa = build_arpa(corpus, order=self.settings.order, background=self._background,
                          background_weight=self.settings.background_weight, vocabulary=known)
        kwargs: dict[str, Any] = dict(self.settings.decoder_options)
        if self.settings.language_weight is not None:
            kwargs["lw"] = self.settings.language_weight
        if self.settings.word_insertion_penalty is not None:
            kwargs["wip"] = self.settings.word_insertion_penalty
        if self.settings.pitch_warps:
            kwargs.setdefault("warp_type", "inverse_linear")
            kwargs["warp_params"] = str(self._warp)
        with tempfile.TemporaryDirectory(prefix="homeslm-ps-") as tmp:
            lm_path = os.path.join(tmp, "home.arpa")
            dict_path = os.path.join(tmp, "home.dict")
            Path(lm_path).write_text(arpa, encoding="utf-8")
            Path(dict_path).write_text(dict_text, encoding="utf-8")
            self._decoder = Decoder(hmm=str(self._hmm), lm=lm_path, dict=dict_path, samprate=RATE_HZ,
                                    logfn=os.devnull, **kwargs)
        self.corrector = NameCorrector(phrases)
        logger.info("pocketsphinx: language model of %d sentences, %d words", len(corpus), len(known))

    def start_utterance(self) -> None:
        if self._in_utterance:  # the previous one was abandoned (loop stopped mid-utterance)
            self._decoder.end_utt()
            self._in_utterance = False
        self._last_partial = ""
        self._audio = []
        self._held = []
        if self.settings.pitch_warps:
            self._tracker = PitchTracker()  # decoding starts when the warp is chosen (accept)
        else:
            self._begin(None)

    @property
    def warp(self) -> float:
        """The frequency warp the last utterance was decoded with (1.0 without warping by pitch)."""
        return self._warp

    def _begin(self, pitch: float | None) -> None:
        """Start decoding, with the warp for ``pitch`` when warping by pitch."""
        if self.settings.pitch_warps:
            warp = warp_for(pitch, self.settings.pitch_warps)
            if warp != self._warp:
                current = self._decoder.get_cmn(False)
                self._cmn_by_warp[self._warp] = current
                self._decoder.config["warp_params"] = str(warp)
                self._decoder.reinit_feat()
                # this warp's own mean; the first time, the other's (closer than the cold default)
                self._decoder.set_cmn(self._cmn_by_warp.get(warp, current))
                self._warp = warp
                logger.debug("pitch %.0f Hz: frequency warp %.2f", pitch or 0.0, warp)
        self._tracker = None
        self._decoder.start_utt()
        self._in_utterance = True
        held, self._held = self._held, []
        for samples in held:
            self._decoder.process_raw(self._condition(samples).tobytes(), False, False)

    def _condition(self, samples: np.ndarray) -> np.ndarray:
        """``samples`` with the comfort noise added (int16)."""
        if self._noise is None or not len(samples):
            return samples
        n = len(samples)
        idx = (self._noise_pos + np.arange(n)) % len(self._noise)
        self._noise_pos = (self._noise_pos + n) % len(self._noise)
        return np.clip(samples.astype(np.float32) + self._noise[idx], -32768, 32767).astype(np.int16)

    def accept(self, samples: np.ndarray) -> Partial | None:
        samples = np.ascontiguousarray(samples, dtype=np.int16)
        self._audio.append(samples)
        if self._tracker is not None:  # still listening for the speaker's pitch
            self._tracker.feed(samples)
            self._held.append(samples)
            if self._tracker.voiced_frames < self.settings.warp_voiced_frames:
                return None
            self._begin(self._tracker.pitch())
        else:
            self._decoder.process_raw(self._condition(samples).tobytes(), False, False)
        hyp = self._decoder.hyp()
        text = normalise_text(hyp.hypstr) if hyp is not None else ""
        if text and text != self._last_partial:
            self._last_partial = text
            return Partial(text)
        return None

    def transcribe(self, samples: np.ndarray) -> Transcript:
        """Decode a whole utterance with its own cepstral mean (batch CMN, as the acoustic model was trained)."""
        samples = np.ascontiguousarray(samples, dtype=np.int16)
        self.start_utterance()
        if self._tracker is not None:
            self._tracker.feed(samples)
            self._begin(self._tracker.pitch())
        self._decoder.process_raw(self._condition(samples).tobytes(), False, True)
        return self._result()

    def finish(self) -> Transcript:
        audio, self._audio = self._audio, []
        streamed = self._result()
        self._finished += 1
        if self._finished <= self.settings.redecode_first and self._last_posterior < self.settings.redecode_below and audio:
            whole = self.transcribe(np.concatenate(audio))
            if logger.isEnabledFor(logging.DEBUG):
                logger.debug("re-decoded %r (%.2f) as %r (%.2f)", streamed.text, streamed.confidence,
                             whole.text, whole.confidence)
            return whole
        return streamed

    def _result(self) -> Transcript:
        if self._tracker is not None:  # an utterance too short to hear the pitch well: what there is
            self._begin(self._tracker.pitch())
        self._decoder.end_utt()
        self._in_utterance = False
        self._last_posterior = 0.0
        hyp = self._decoder.hyp()
        if hyp is None:
            return Transcript("", 0.0)
        text = normalise_text(hyp.hypstr)
        if not text:
            return Transcript("", 0.0)
        self._last_posterior = self._posterior()
        return Transcript(self.corrector.correct(text), self._confidence(hyp.hypstr.split()))

    def _confidence(self, words: Sequence[str]) -> float:
        """The lowest word posterior, lowered for word sequences the home language model finds implausible
        (``lm_mean_floor``, ``lm_floor``)."""
        posterior = self._last_posterior
        mean_floor, floor = self.settings.lm_mean_floor, self.settings.lm_floor
        if posterior <= 0.0 or (mean_floor is None and floor is None):
            return posterior
        logprobs = self.word_logprobs(words)
        shortfall = 0.0
        if mean_floor is not None:
            shortfall += min(0.0, sum(logprobs) / len(logprobs) - mean_floor)
        if floor is not None:
            shortfall += min(0.0, min(logprobs) - floor)
        return posterior * 10**shortfall

    def _posterior(self) -> float:
        """The lowest word posterior probability of the best path (from the lattice): chatter forced into
        the home's vocabulary usually has a word the lattice is unsure of."""
        posteriors = [float(seg.prob) for seg in self._decoder.seg()
                      if seg.word and seg.word[0] not in "<[" and not seg.word.startswith("++")]
        return min(1.0, max(0.0, min(posteriors))) if posteriors else 0.0

    def word_logprobs(self, words: Sequence[str]) -> list[float]:
        """log10 P(word | words before it) in the recogniser's language model for each word of a sentence
        and its end ``</s>`` (filler tokens skipped)."""
        lm = self._decoder.get_lm()
        logmath = self._decoder.get_logmath()
        tokens = [BOS, *(w for w in words if w and w[0] not in "<[" and not w.startswith("++")), EOS]
        out = []
        for i in range(1, len(tokens)):
            history = tokens[max(0, i - self.settings.order + 1) : i]
            out.append(logmath.log_to_log10(lm.prob([tokens[i], *reversed(history)])))
        return out


def comfort_noise(rms: float, seconds: float = 7.0, seed: int = 0) -> np.ndarray:
    """A loop of pink (1/f) noise above 50 Hz with the given RMS, as float32 samples at 16 kHz."""
    n = int(seconds * RATE_HZ)
    rng = np.random.default_rng(seed)
    spectrum = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1.0 / RATE_HZ)
    spectrum = np.where(freqs >= 50.0, spectrum / np.sqrt(np.maximum(freqs, 1.0)), 0.0)
    pink = np.fft.irfft(spectrum, n=n)
    return (pink * (rms / (float(np.sqrt(np.mean(pink**2))) or 1.0))).astype(np.float32)
