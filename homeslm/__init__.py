"""homeslm: an offline voice command daemon for smart homes.

The public surface for plugins: import only from here (and, for the built-ins,
:mod:`homeslm.default_plugins.common`). Importing it loads no model, no audio code and no numpy: the
recogniser and wake engine classes below are imported on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from homeslm.config.model import Config, Device, with_article
from homeslm.config.voice import VoiceSettings
from homeslm.device_classes import (BINARY_CLASSES, PERSON_AWAY, PERSON_HOME, SENSOR_UNITS, BinaryClass, binary_class,
                                    named_by_quantity, person_meaning)
from homeslm.errors import AudioError, ConfigError, HomeslmError, ModelError, PluginError
from homeslm.plugins.context import PluginContext, StateCache
from homeslm.plugins.hookspecs import hookimpl
from homeslm.schema import ACTIONS, ActionResult, Intent, ParseResult
from homeslm.version import __version__

if TYPE_CHECKING:
    from homeslm.voice.asr import pocketsphinx_settings
    from homeslm.voice.asr.base import Partial, Recognizer, Transcript
    from homeslm.voice.asr.pocketsphinx import PocketsphinxRecognizer
    from homeslm.voice.asr.vosk import VoskRecognizer
    from homeslm.voice.asr.vosk import load_model as load_vosk_model
    from homeslm.voice.asr.whisper import WhisperModel, WhisperRecognizer, whisper_settings
    from homeslm.voice.asr.whisper_models import resolve_model as resolve_whisper_model
    from homeslm.voice.models_store import installed_model_dir
    from homeslm.voice.shared_models import SharedModels
    from homeslm.voice.wake import KeywordSpotter, WakeDetector

#: What recogniser and wake engine plugins use, by the module that defines it; imported on first use
#: (they need numpy, and the built-in engines their native libraries).
_LAZY = {
    "Partial": "homeslm.voice.asr.base",
    "Recognizer": "homeslm.voice.asr.base",
    "Transcript": "homeslm.voice.asr.base",
    "WakeDetector": "homeslm.voice.wake",
    "KeywordSpotter": "homeslm.voice.wake",
    "PocketsphinxRecognizer": "homeslm.voice.asr.pocketsphinx",
    "pocketsphinx_settings": "homeslm.voice.asr",
    "VoskRecognizer": "homeslm.voice.asr.vosk",
    "load_vosk_model": "homeslm.voice.asr.vosk",
    "installed_model_dir": "homeslm.voice.models_store",
    "WhisperRecognizer": "homeslm.voice.asr.whisper",
    "WhisperModel": "homeslm.voice.asr.whisper",
    "SharedModels": "homeslm.voice.shared_models",
    "whisper_settings": "homeslm.voice.asr.whisper",
    "resolve_whisper_model": "homeslm.voice.asr.whisper_models",
}

#: Public names that differ from the name in the defining module.
_RENAMED = {"resolve_whisper_model": "resolve_model", "load_vosk_model": "load_model"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), _RENAMED.get(name, name))
    raise AttributeError(f"module 'homeslm' has no attribute {name!r}")


__all__ = [
    "ACTIONS",
    "ActionResult",
    "AudioError",
    "BINARY_CLASSES",
    "SENSOR_UNITS",
    "BinaryClass",
    "Config",
    "ConfigError",
    "Device",
    "HomeslmError",
    "Intent",
    "KeywordSpotter",
    "ModelError",
    "PERSON_AWAY",
    "PERSON_HOME",
    "ParseResult",
    "Partial",
    "PluginContext",
    "PluginError",
    "PocketsphinxRecognizer",
    "Recognizer",
    "SharedModels",
    "StateCache",
    "Transcript",
    "VoiceSettings",
    "VoskRecognizer",
    "WakeDetector",
    "WhisperModel",
    "WhisperRecognizer",
    "__version__",
    "binary_class",
    "hookimpl",
    "installed_model_dir",
    "load_vosk_model",
    "named_by_quantity",
    "person_meaning",
    "pocketsphinx_settings",
    "resolve_whisper_model",
    "whisper_settings",
    "with_article",
]
