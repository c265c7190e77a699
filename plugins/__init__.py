"""homeslm's built-in plugins (DESIGN.md section 5).

Each module is a plugin named after itself; they go through the same plugin manager as third-party
plugins (``homeslm.plugins.build_plugin_manager(plugins.BUILTINS)``). :mod:`plugins.common` holds
helpers they share and is not a plugin.
"""

from __future__ import annotations

#: The built-in plugins, as module names for :func:`homeslm.plugins.build_plugin_manager`.
BUILTINS: tuple[str, ...] = (
    "plugins.zigbee2mqtt",
    "plugins.tasmota",
    "plugins.mqtt",
    "plugins.timers",
    "plugins.espeak",
    "plugins.pocketsphinx",
    "plugins.vosk",
)
