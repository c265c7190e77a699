"""Built-in pocketsphinx engines: the default speech recogniser and the keyword-spotting wake engine.

Both use the English acoustic model that ships in the ``pocketsphinx`` wheel, so nothing has to be
downloaded:

- recogniser ``pocketsphinx`` (``voice.recognizer: pocketsphinx``, the default): a language model
  built at start from the home's command sentences and names
  (:class:`homeslm.voice.asr.pocketsphinx.PocketsphinxRecognizer`, tuned by ``voice.pocketsphinx``);
- wake engine ``pocketsphinx`` (``voice.wake_engine: pocketsphinx``, the default): keyword spotting
  of ``voice.wake_phrase`` (:class:`homeslm.voice.wake.KeywordSpotter`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from homeslm import hookimpl

if TYPE_CHECKING:
    from homeslm.voice.asr.base import Recognizer
    from homeslm.config.model import Config
    from homeslm.voice.loop import VoiceSettings
    from homeslm.voice.wake import WakeDetector

NAME = "pocketsphinx"


def make_recognizer(config: Config, voice: VoiceSettings) -> Recognizer:
    """The home-biased pocketsphinx recogniser (language model from the home's sentences and names)."""
    from homeslm.voice.asr import build_recognizer

    return build_recognizer(config, dataclasses.replace(voice, recognizer=NAME))


def make_wake_engine(voice: VoiceSettings) -> WakeDetector:
    """pocketsphinx keyword spotting of ``voice.wake_phrase``."""
    from homeslm.voice.loop import build_wake

    detector = build_wake(voice)
    if detector is None:  # the caller asks only when there is a wake phrase
        raise ValueError("no wake phrase to spot (voice.wake_phrase is null)")
    return detector


@hookimpl
def register_recognizers(register: Callable[..., None]) -> None:
    register(NAME, make_recognizer, description="pocketsphinx with a language model of this home's commands "
                                                "(English model in the wheel, nothing to download)")


@hookimpl
def register_wake_engines(register: Callable[..., None]) -> None:
    register(NAME, make_wake_engine, description="pocketsphinx keyword spotting of voice.wake_phrase")
