"""homeslm's built-in plugins (docs/DESIGN.md section 5).

Each module is a plugin named after itself; they go through the same plugin manager as third-party
plugins (``homeslm.plugins.build_plugin_manager(homeslm.default_plugins.BUILTINS)``).
:mod:`homeslm.default_plugins.common` holds helpers they share and is not a plugin; nor is
:mod:`homeslm.default_plugins.timer_file`, the timers plugin's file on disk.
"""

from __future__ import annotations

#: The built-in plugins, as module names for :func:`homeslm.plugins.build_plugin_manager`.
BUILTINS: tuple[str, ...] = (
    "homeslm.default_plugins.zigbee2mqtt",
    "homeslm.default_plugins.tasmota",
    "homeslm.default_plugins.mqtt",
    "homeslm.default_plugins.timers",
    "homeslm.default_plugins.espeak",
    "homeslm.default_plugins.pocketsphinx",
    "homeslm.default_plugins.vosk",
    "homeslm.default_plugins.whisper",
)
