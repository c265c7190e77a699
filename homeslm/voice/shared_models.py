"""Speech models loaded once and shared by several recognisers or wake engines (docs/DESIGN.md section 5).

A hub with N Hermes satellites builds N recognisers (one per site: each hears its own utterance) but needs
only one copy of the heavy part, the model: Whisper's CTranslate2 model and tokenizer (about 95 MB with
tiny.en, measured), a Vosk ``Model``. The per-utterance state (the buffered audio, a decoder stream, a Vosk
``KaldiRecognizer``) stays in each recogniser. A factory that asks for ``shared`` (a parameter of
``register_recognizers`` / ``register_wake_engines`` factories) gets one :class:`SharedModels` and keeps its
model there under a key naming everything that changes the loaded model (engine, model path, settings such
as threads); every factory call given the same cache with the same key gets the same object. Whoever builds
the engines decides what is shared: the hub passes one cache to every satellite's factory calls; the
daemon's own voice loop gets a fresh one each time it is built (a reload reads the model again).

Only what is safe to use from several threads at once may be kept here (the plugin's promise); a loaded
object is never unloaded while the cache lives.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

_T = TypeVar("_T")


class SharedModels:
    """Loaded models by key, each loaded once (thread-safe: builders on several threads wait for one load)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._models: dict[Hashable, Any] = {}
        self._loading: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, load: Callable[[], _T]) -> _T:
        """The model kept under ``key``, loaded by ``load()`` the first time it is asked for.

        A ``load`` that raises keeps nothing (the next call tries again) and its error propagates."""
        with self._lock:
            if key in self._models:
                return self._models[key]  # type: ignore[no-any-return]
            loading = self._loading.setdefault(key, threading.Lock())
        with loading:  # one load per key; others asking for it wait, other keys load meanwhile
            with self._lock:
                if key in self._models:
                    return self._models[key]  # type: ignore[no-any-return]
            model = load()
            with self._lock:
                self._models[key] = model
                self._loading.pop(key, None)
            logger.info("speech model %s loaded; shared by whoever asks for it again", key)
            return model

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._models

    def __len__(self) -> int:
        with self._lock:
            return len(self._models)

    def keys(self) -> list[Hashable]:
        """The keys of the models loaded so far."""
        with self._lock:
            return list(self._models)
