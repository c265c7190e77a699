"""Building the speech recogniser and the wake engine the config chooses, from the plugins that provide
them (docs/DESIGN.md section 5).

The declarations (which plugin provides which name, each plugin isolated) are
:class:`homeslm.plugins.engine_registry.EngineRegistry`; the built-ins are declared the same way by
``homeslm/default_plugins/pocketsphinx.py`` (the ``pocketsphinx`` recogniser and keyword-spotting wake
engine) and ``homeslm/default_plugins/vosk.py`` (the ``vosk`` recogniser). :class:`SpeechEngines` adds
building the one recogniser ``voice.recognizer`` names and the one wake engine ``voice.wake_engine``
names, each factory given what it asks for (the home's names and command sentences are drawn only
when asked for; ``shared``, the cache of loaded models the caller passes, so that the engines it builds
share one model: :mod:`homeslm.voice.shared_models`). A name no plugin provides is a
:class:`homeslm.ConfigError` at that key.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from homeslm.config.voice import AUTO_SECOND_OPINIONS, DEFAULT_RECOGNIZER, FALLBACK_RECOGNIZER, VoiceSettings
from homeslm.errors import AudioError, HomeslmError, PluginError
from homeslm.plugins.engine_registry import (
    RECOGNIZER,
    RECOGNIZER_PARAMS,
    WAKE_ENGINE,
    WAKE_ENGINE_PARAMS,
    Engine,
    EngineKind,
    EngineRegistry,
)
from homeslm.voice.asr import home_phrases, home_sentences
from homeslm.voice.asr.base import Recognizer, SecondOpinion
from homeslm.voice.shared_models import SharedModels
from homeslm.voice.wake import WakeDetector

logger = logging.getLogger(__name__)

__all__ = ["RECOGNIZER", "RECOGNIZER_PARAMS", "WAKE_ENGINE", "WAKE_ENGINE_PARAMS", "Engine", "EngineKind",
           "EngineRegistry", "SpeechEngines"]


class SpeechEngines(EngineRegistry):
    """The recognisers and wake engines the loaded plugins declare (:class:`EngineRegistry`), and building
    the configured ones.

    :param pm: the plugin manager (:func:`homeslm.plugins.build_plugin_manager`).
    :param config: the home; factories get it as ``config``, and each plugin its settings block.
    :param strict: re-raise the first declaration error instead of logging it and leaving the plugin out.
    """

    def _build(self, kind: EngineKind, engine: Engine, available: Mapping[str, Callable[[], Any]]) -> Any:
        kwargs = {name: make() for name, make in available.items() if name in engine.params}
        try:
            return engine.factory(**kwargs)
        except HomeslmError:
            raise  # says what to do (a missing model, a missing package)
        except Exception as exc:  # boundary: one plugin's factory
            logger.exception("plugin %s failed to build the %s %r", engine.plugin, kind.noun, engine.name)
            raise PluginError(f"plugin {engine.plugin!r}: the {kind.noun} {engine.name!r} could not be built: "
                              f"{exc!r}") from exc

    # -- building --

    def make_recognizer(self, voice: VoiceSettings | None = None, *, shared: SharedModels | None = None) -> Recognizer:
        """A new recogniser of the kind ``voice.recognizer`` names (``voice``: the config's when ``None``).

        ``shared``: the loaded models its factory may reuse and keep (when it asks for ``shared``): give the
        same cache to every call whose recognisers should share one model (a hub's satellites); ``None``, a
        fresh one (the model loaded for this recogniser alone). A factory that does not ask for it loads its
        own model each time, as before.

        Raises :class:`homeslm.ConfigError` (at ``voice.recognizer``) when no plugin provides it, the
        factory's :class:`homeslm.HomeslmError` as it is, and :class:`homeslm.PluginError` when the
        factory fails otherwise or returns something that is not a :class:`homeslm.Recognizer`.
        """
        voice = voice or self.config.voice_settings
        engine = self._find(RECOGNIZER, self.recognizers, voice.recognizer)
        config = self.config
        try:
            recognizer = self._build(RECOGNIZER, engine, {
                "config": lambda: config,
                "voice": lambda: voice,
                "settings": lambda: self.settings_for(engine.plugin),
                "phrases": lambda: home_phrases(config),
                "sentences": lambda: home_sentences(config, voice),
                "shared": lambda: shared if shared is not None else SharedModels(),
            })
        except AudioError as exc:
            # The default recogniser (Whisper) without its model: the config did not choose it, so the
            # zero-download one takes over; a recogniser the config names fails as it is.
            if "recognizer" in config.voice or voice.recognizer != DEFAULT_RECOGNIZER \
                    or FALLBACK_RECOGNIZER not in self.recognizers:
                raise
            logger.warning("the default recogniser %s cannot start (%s); using %s instead (set voice.recognizer "
                           "to choose one)", voice.recognizer, exc, FALLBACK_RECOGNIZER)
            return self.make_recognizer(replace(voice, recognizer=FALLBACK_RECOGNIZER), shared=shared)
        if not isinstance(recognizer, Recognizer):
            raise PluginError(f"plugin {engine.plugin!r}: the recogniser {engine.name!r} factory returned "
                              f"{type(recognizer).__name__}, not a homeslm.Recognizer")
        logger.info("recogniser %s (plugin %s)", engine.name, engine.plugin)
        wanted = voice.second_opinion
        if wanted == "auto":  # the measured pairing, when that recogniser is installed
            wanted = AUTO_SECOND_OPINIONS.get(engine.name)
            if wanted is not None and wanted not in self.recognizers:
                logger.info("no second opinion for %s: %s is not installed", engine.name, wanted)
                wanted = None
        if wanted and wanted != engine.name:
            if wanted not in self.recognizers:
                raise self.config.error("voice.second_opinion", f"no plugin provides the recognizer "
                                        f"{wanted!r}; installed: {', '.join(sorted(self.recognizers))}")
            try:
                second = self.make_recognizer(replace(voice, recognizer=wanted, second_opinion=None), shared=shared)
            except Exception as exc:
                if voice.second_opinion != "auto":
                    raise  # asked for by name: its error is the config's to fix
                logger.warning("no second opinion: %s cannot start (%s); %s hears alone", wanted, exc, engine.name)
                return recognizer
            logger.info("second opinion: %s", second.name)
            return SecondOpinion(recognizer, second)
        return recognizer

    def make_wake_engine(self, voice: VoiceSettings | None = None, *,
                         shared: SharedModels | None = None) -> WakeDetector | None:
        """A new wake engine of the kind ``voice.wake_engine`` names; ``None`` when ``voice.wake_phrase``
        is null (push-to-talk and follow-ups only). ``shared`` and errors as :meth:`make_recognizer`."""
        voice = voice or self.config.voice_settings
        if voice.wake_phrase is None:
            return None
        engine = self._find(WAKE_ENGINE, self.wake_engines, voice.wake_engine)
        config = self.config
        detector = self._build(WAKE_ENGINE, engine, {
            "config": lambda: config,
            "voice": lambda: voice,
            "settings": lambda: self.settings_for(engine.plugin),
            "phrase": lambda: voice.wake_phrase,
            "sensitivity": lambda: voice.wake_sensitivity,
            "threshold": lambda: voice.wake_threshold,
            "shared": lambda: shared if shared is not None else SharedModels(),
        })
        if not isinstance(detector, WakeDetector):
            raise PluginError(f"plugin {engine.plugin!r}: the wake engine {engine.name!r} factory returned "
                              f"{type(detector).__name__}, not a homeslm.WakeDetector")
        logger.info("wake engine %s (plugin %s)", engine.name, engine.plugin)
        return detector
