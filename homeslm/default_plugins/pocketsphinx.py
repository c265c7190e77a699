"""Built-in pocketsphinx engines: the default speech recogniser and the keyword-spotting wake engine.

Both use the English acoustic model that ships in the ``pocketsphinx`` wheel, so nothing has to be
downloaded:

- recogniser ``pocketsphinx`` (``voice.recognizer: pocketsphinx``, the default): a language model
  built at start from the home's command sentences and names
  (:class:`homeslm.PocketsphinxRecognizer`, tuned by ``voice.pocketsphinx``);
- wake engine ``pocketsphinx`` (``voice.wake_engine: pocketsphinx``, the default): keyword spotting
  of ``voice.wake_phrase`` (:class:`homeslm.KeywordSpotter`).

Declaring them loads nothing; each factory builds its engine itself from what it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from homeslm import Config, VoiceSettings, hookimpl

if TYPE_CHECKING:
    from homeslm import Recognizer, SharedModels, WakeDetector

NAME = "pocketsphinx"


def make_recognizer(config: Config, voice: VoiceSettings, phrases: Sequence[str], sentences: Sequence[str],
                    shared: SharedModels) -> Recognizer:
    """The home-biased pocketsphinx recogniser (language model from the home's sentences and names); its
    pronunciation dictionary read once per cache of loaded models (``shared``: a hub's satellites)."""
    from homeslm import PocketsphinxRecognizer, pocketsphinx_settings  # late: the native library

    return PocketsphinxRecognizer(sentences, phrases, pocketsphinx_settings(voice, config), shared=shared)


def make_wake_engine(voice: VoiceSettings) -> WakeDetector:
    """pocketsphinx keyword spotting of ``voice.wake_phrase``."""
    from homeslm import KeywordSpotter, pocketsphinx_settings  # late: the native library

    if voice.wake_phrase is None:  # the caller asks only when there is a wake phrase
        raise ValueError("no wake phrase to spot (voice.wake_phrase is null)")
    ps = pocketsphinx_settings(voice)
    return KeywordSpotter(voice.wake_phrase, threshold=voice.wake_threshold, sensitivity=voice.wake_sensitivity,
                          pronunciations=ps.pronunciations, model_dir=ps.model_dir)


@hookimpl
def register_recognizers(register: Callable[..., None]) -> None:
    register(NAME, make_recognizer, description="pocketsphinx with a language model of this home's commands "
                                                "(English model in the wheel, nothing to download)")


@hookimpl
def register_wake_engines(register: Callable[..., None]) -> None:
    register(NAME, make_wake_engine, description="pocketsphinx keyword spotting of voice.wake_phrase")
