"""homeslm: an offline voice command daemon for smart homes.

The public surface for plugins: import only from here.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from homeslm.errors import AudioError, ConfigError, HomeslmError, ModelError, PluginError
from homeslm.plugins.hookspecs import hookimpl
from homeslm.plugins import PluginContext, StateCache
from homeslm.schema import ACTIONS, ActionResult, Intent, ParseResult

if TYPE_CHECKING:
    from homeslm.voice.asr.base import Partial, Recognizer, Transcript
    from homeslm.voice.wake import WakeDetector

__version__ = "0.1.0"

#: What recogniser and wake engine plugins implement; imported on first use (they need numpy).
_LAZY = {"Partial": "homeslm.voice.asr.base", "Recognizer": "homeslm.voice.asr.base", "Transcript": "homeslm.voice.asr.base",
         "WakeDetector": "homeslm.voice.wake"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'homeslm' has no attribute {name!r}")


__all__ = [
    "ACTIONS",
    "ActionResult",
    "AudioError",
    "ConfigError",
    "HomeslmError",
    "Intent",
    "ModelError",
    "ParseResult",
    "Partial",
    "PluginContext",
    "PluginError",
    "Recognizer",
    "StateCache",
    "Transcript",
    "WakeDetector",
    "__version__",
    "hookimpl",
]
