"""Loading plugins and dispatching actions to them (DESIGN.md section 5).

- :func:`build_plugin_manager` returns a new :class:`pluggy.PluginManager` holding the built-in
  plugins, the ``homeslm`` entry points and the ``*.py`` files of extra directories; a plugin that
  fails to import or implements an unknown hook (a typo: the message says which hook it meant) is
  logged, left out and recorded in its ``failures``; the others load.
- :class:`ActionRegistry` calls each plugin's ``register_actions`` on its own, so a refusing or
  raising plugin is named and isolated, and runs action handlers inside one error boundary and a
  time limit (:meth:`ActionRegistry.execute`).
- :func:`call_each` / :func:`call_first` call any hook plugin by plugin, isolated the same way.
- Speech recognisers and wake engines that plugins provide are collected by
  :class:`homeslm.voice.engines.SpeechEngines` (the same isolation, same helpers).

Nothing in here imports a plugin by itself: the caller passes the built-ins.

Where things are: ``manager`` (loading plugins), ``registry`` (:class:`ActionRegistry`), ``examples``
(plugins' example sentences), ``calls`` (:func:`call_each`, :func:`call_first`) and ``context`` (what
a plugin gets: :class:`PluginContext`, :class:`StateCache`). Everything public is importable from
``homeslm.plugins`` itself; all of it logs as ``homeslm.plugins``.
"""

from homeslm.plugins.calls import _call_impl as _call_impl  # used by homeslm.voice.engines
from homeslm.plugins.calls import _impls as _impls  # used by homeslm.voice.engines
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
