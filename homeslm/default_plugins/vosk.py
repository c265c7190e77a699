"""Built-in Vosk recogniser (``voice.recognizer: vosk``): streaming recognition with a downloaded model.

The model is ``voice.vosk_model`` or the one ``homeslm models pull vosk-en`` installed; recognition
is biased to the home with Vosk's runtime grammar where the model supports it
(``voice.vosk_grammar``) and transcripts are corrected toward the home's names
(:class:`homeslm.VoskRecognizer`). Declaring it loads nothing: the ``vosk`` package and the
model are needed only when the config chooses it, and the model is loaded once per cache of loaded models
(``shared``: a hub's satellites share one ``vosk.Model``, each with its own ``KaldiRecognizer``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from homeslm import VoiceSettings, hookimpl

if TYPE_CHECKING:
    from homeslm import Recognizer, SharedModels

NAME = "vosk"


def make_recognizer(voice: VoiceSettings, phrases: Sequence[str], sentences: Sequence[str],
                    shared: SharedModels) -> Recognizer:
    """The Vosk recogniser of ``voice.vosk_model`` (or the pulled English model), biased to the home, its
    model taken from ``shared`` (loaded there the first time)."""
    from homeslm import VoskRecognizer, installed_model_dir, load_vosk_model  # late: the vosk package

    model_dir = Path(voice.vosk_model).expanduser() if voice.vosk_model else installed_model_dir("vosk-en")
    model = shared.get(("vosk", str(model_dir.resolve())), lambda: load_vosk_model(model_dir))
    return VoskRecognizer(model_dir, phrases, sentences, use_grammar=voice.vosk_grammar, model=model)


@hookimpl
def register_recognizers(register: Callable[..., None]) -> None:
    register(NAME, make_recognizer, description="Vosk streaming recognition with the home's runtime grammar "
                                                "(homeslm models pull vosk-en)")
