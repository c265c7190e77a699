"""Loading plugins and dispatching actions to them (docs/DESIGN.md section 5).

- :func:`build_plugin_manager` returns a new :class:`pluggy.PluginManager` holding the built-in
  plugins, the ``homeslm`` entry points and the ``*.py`` files of extra directories; a plugin that
  fails to import or implements an unknown hook (a typo: the message says which hook it meant) is
  logged, left out and recorded in its ``failures``; the others load.
- Every hook is called plugin by plugin through one error boundary (``isolation``:
  :func:`~homeslm.plugins.isolation.call_isolated`), so a refusing or raising plugin is logged, named
  and left out while the others go on.
- :class:`ActionRegistry` calls each plugin's ``register_actions`` that way and runs action handlers
  inside one error boundary and a time limit (:meth:`ActionRegistry.execute`).
- :class:`~homeslm.plugins.engine_registry.EngineRegistry` collects the speech recognisers and wake
  engines plugins declare the same way; :class:`homeslm.voice.engines.SpeechEngines` builds the
  configured ones.
- :func:`call_each` / :func:`call_first` call any hook plugin by plugin, isolated the same way.

Nothing in here imports a plugin by itself: the caller passes the built-ins.

Where things are, bottom up: ``hookspecs`` (the hooks), ``isolation`` (the error boundary), ``calls``
(:func:`call_each`, :func:`call_first`), ``context`` (what a plugin gets: :class:`PluginContext`,
:class:`StateCache`), ``examples`` (plugins' example sentences), ``manager`` (loading plugins),
``engine_registry`` (recognisers and wake engines by name) and ``registry`` (:class:`ActionRegistry`).
Nothing here imports the voice front end. Everything public is importable from
``homeslm.plugins`` itself; all of it logs as ``homeslm.plugins``.
"""

from homeslm.plugins.calls import call_each, call_first
from homeslm.plugins.context import MqttLike, PluginContext, StateCache, default_state_dir
from homeslm.plugins.examples import EXAMPLE_PLACEHOLDERS, ActionExample, ExtraAction
from homeslm.plugins.manager import (
    ENTRY_POINT_GROUP,
    HomeslmPluginManager,
    PluginInfo,
    build_plugin_manager,
    plugin_manager_from_config,
)
from homeslm.plugins.registry import HANDLER_PARAMS, ActionRegistry, the

__all__ = [
    "ENTRY_POINT_GROUP",
    "EXAMPLE_PLACEHOLDERS",
    "HANDLER_PARAMS",
    "ActionExample",
    "ActionRegistry",
    "ExtraAction",
    "HomeslmPluginManager",
    "MqttLike",
    "PluginContext",
    "PluginInfo",
    "StateCache",
    "build_plugin_manager",
    "call_each",
    "call_first",
    "default_state_dir",
    "plugin_manager_from_config",
    "the",
]
