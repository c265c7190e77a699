"""Speech recognisers behind one interface (:mod:`homeslm.asr.base`), and how to build one for a home.

* :func:`build_recognizer` reads ``voice.recognizer`` (``pocketsphinx`` by default, or ``vosk``) and
  biases the recogniser to the home: its names (:func:`homeslm.asr.base.home_phrases`) and command
  sentences from the training grammar (:func:`command_sentences`).
* :func:`transcribe_file` is ``homeslm transcribe FILE.wav``.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from homeslm.asr.base import Partial, Recognizer, Transcript, home_phrases, normalise_text, transcribe_samples
from homeslm.config import Config

if TYPE_CHECKING:
    from homeslm.asr.pocketsphinx import PocketsphinxSettings
    from homeslm.voice import VoiceSettings

logger = logging.getLogger(__name__)

__all__ = [
    "Partial",
    "Recognizer",
    "Transcript",
    "build_recognizer",
    "command_sentences",
    "home_phrases",
    "spoken_form",
    "transcribe_file",
]


def spoken_form(sentence: str) -> str:
    """A sentence as it is spoken: digits as words ("30 percent" -> "thirty percent"), ``%`` as "percent"."""
    from homeslm.training.data import spell

    text = sentence.lower().replace("%", " percent ").replace("°c", " degrees ").replace("°f", " degrees ")

    def number(match: re.Match[str]) -> str:
        value = float(match.group(0))
        return f" {spell(value)} " if value <= 9999 else match.group(0)

    text = re.sub(r"\d+(?:\.\d+)?", number, text)
    return normalise_text(text)


def command_sentences(config: Config, n: int, seed: int = 0) -> list[str]:
    """``n`` spoken command sentences for this home, from the intent model's training grammar."""
    if n <= 0:
        return []
    from homeslm.training.data import sample_commands

    return [spoken_form(s) for s in sample_commands(config, n, seed=seed)]


def pocketsphinx_settings(settings: "VoiceSettings", config: Config | None = None) -> "PocketsphinxSettings":
    """``voice.pocketsphinx`` as :class:`PocketsphinxSettings` (unknown keys refused with file and line)."""
    from dataclasses import fields

    from homeslm.asr.pocketsphinx import PocketsphinxSettings
    from homeslm.errors import ConfigError

    known = {f.name for f in fields(PocketsphinxSettings)}
    for key in settings.pocketsphinx:
        if key not in known:
            problem = f"unknown pocketsphinx setting; expected one of {', '.join(sorted(known))}"
            if config is not None:
                raise config.error(f"voice.pocketsphinx.{key}", problem)
            raise ConfigError(problem, key=f"voice.pocketsphinx.{key}")
    return PocketsphinxSettings(**settings.pocketsphinx)


def build_recognizer(config: Config, settings: "VoiceSettings | None" = None) -> Recognizer:
    """The recogniser ``voice.recognizer`` names, biased to this home's names and commands."""
    from homeslm.voice import VoiceSettings

    settings = settings or VoiceSettings.from_config(config)
    phrases = home_phrases(config)
    sentences = command_sentences(config, settings.lm_sentences)
    if settings.recognizer == "vosk":
        from homeslm.asr.vosk import VoskRecognizer
        from homeslm.models_store import installed_model_dir

        model_dir = Path(settings.vosk_model).expanduser() if settings.vosk_model else installed_model_dir("vosk-en")
        return VoskRecognizer(model_dir, phrases, sentences, use_grammar=settings.vosk_grammar)
    from homeslm.asr.pocketsphinx import PocketsphinxRecognizer

    return PocketsphinxRecognizer(sentences, phrases, pocketsphinx_settings(settings, config))


def transcribe_file(path: str | Path, config: Config, recognizer: Recognizer | None = None) -> Transcript:
    """The transcript of one WAV file (converted to 16 kHz mono if needed)."""
    from homeslm.audio import read_wav_file

    samples = read_wav_file(path)
    return transcribe_samples(recognizer or build_recognizer(config), samples)
