"""Built-in Vosk recogniser (``voice.recognizer: vosk``): streaming recognition with a downloaded model.

The model is ``voice.vosk_model`` or the one ``homeslm models pull vosk-en`` installed; recognition
is biased to the home with Vosk's runtime grammar where the model supports it
(``voice.vosk_grammar``) and transcripts are corrected toward the home's names
(:class:`homeslm.voice.asr.vosk.VoskRecognizer`). Declaring it loads nothing: the ``vosk`` package and the
model are needed only when the config chooses it.
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

NAME = "vosk"


def make_recognizer(config: Config, voice: VoiceSettings) -> Recognizer:
    """The Vosk recogniser of ``voice.vosk_model`` (or the pulled English model), biased to the home."""
    from homeslm.voice.asr import build_recognizer

    return build_recognizer(config, dataclasses.replace(voice, recognizer=NAME))


@hookimpl
def register_recognizers(register: Callable[..., None]) -> None:
    register(NAME, make_recognizer, description="Vosk streaming recognition with the home's runtime grammar "
                                                "(homeslm models pull vosk-en)")
