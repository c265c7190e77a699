"""homeslm: an offline voice command daemon for smart homes.

The public surface for plugins: import only from here.
"""

from __future__ import annotations

from homeslm.errors import AudioError, ConfigError, HomeslmError, ModelError, PluginError
from homeslm.hookspecs import hookimpl
from homeslm.plugins import PluginContext, StateCache
from homeslm.schema import ACTIONS, ActionResult, Intent, ParseResult

__version__ = "0.1.0"

__all__ = [
    "ACTIONS",
    "ActionResult",
    "AudioError",
    "ConfigError",
    "HomeslmError",
    "Intent",
    "ModelError",
    "ParseResult",
    "PluginContext",
    "PluginError",
    "StateCache",
    "__version__",
    "hookimpl",
]
