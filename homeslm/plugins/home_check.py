"""What the loaded plugins make of the configured home, as configuration errors.

Which plugin names exist, which device types they drive and which recognisers and wake engines they
provide is known only once the plugins are loaded, so these checks run after the config file itself
was checked: ``homeslm run`` refuses to start on them (exit 2, ``file:line: key: problem``, before it
connects to the broker; a reload that has them keeps the running configuration) and ``homeslm check``
lists them with the problems of the file.

- :func:`device_plugin_errors`: a device whose ``plugin`` is not loaded (misspelt, not installed,
  listed in ``plugins.disable``) or does not drive devices of its ``type``. A plugin that is installed
  but failed to load or to register its actions is not a problem of the config: the daemon refuses that
  plugin alone and runs the rest (``homeslm check`` reports it).
- :func:`confirm_errors`: an action a device's ``confirm:`` list names that is neither built in nor
  one its plugin registered for its type (a misspelt plugin action would leave the risky one unguarded).
- :func:`speech_engine_errors`: a ``voice.recognizer`` or ``voice.wake_engine`` that no plugin
  provides, or a ``voice`` section that is wrong (checked only when the voice front end runs).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from homeslm.config.model import Config
from homeslm.errors import ConfigError, ConfigErrors
from homeslm.config.yamlcheck import did_you_mean

if TYPE_CHECKING:
    import pluggy

    from homeslm.plugins import ActionRegistry


def device_plugin_errors(config: Config, registry: ActionRegistry) -> list[ConfigError]:
    """Each device whose plugin is not loaded or drives no device of its type, at ``devices[i].plugin``
    (``devices[i].type``), in the order of the devices; plugins that failed are left to the caller."""
    pm = registry.pm
    loaded = sorted(name for name, _ in pm.list_name_plugin())
    failed = set(getattr(pm, "failures", {})) | set(registry.errors)
    out: list[ConfigError] = []
    for i, device in enumerate(config.devices):
        plugin = device.plugin
        if plugin in failed:
            continue
        if plugin not in loaded:
            why = ("; it is listed in plugins.disable: remove it there, or give the device another plugin"
                   if plugin in config.plugins.disable else
                   "; install the plugin (a package, or a module in plugins.paths) or correct the name")
            out.append(config.error(f"devices[{i}].plugin", f"plugin {plugin!r} is not loaded"
                                    f"{did_you_mean(plugin, loaded)} (loaded: {', '.join(loaded) or 'none'}){why}"))
        elif not registry.actions_for(device):
            drives = _device_types_of(registry, plugin)
            out.append(config.error(f"devices[{i}].type", f"plugin {plugin!r} drives no device of type "
                                    f"{device.type!r} (it drives: {', '.join(drives) or 'none'}); `homeslm plugins` "
                                    "lists which plugin drives which type"))
    return out


def confirm_errors(config: Config, registry: ActionRegistry) -> list[ConfigError]:
    """Each action of a device's ``confirm:`` list that is neither a built-in action nor one the device's
    plugin registered for its type, at ``devices[i].confirm``; devices whose plugin is missing, failed or
    drives nothing of their type are left to :func:`device_plugin_errors` and the caller."""
    from homeslm.schema import ACTIONS

    out: list[ConfigError] = []
    for i, device in enumerate(config.devices):
        actions = registry.actions_for(device) if isinstance(device.confirm, tuple) else []
        for action in device.confirm if actions and isinstance(device.confirm, tuple) else ():
            if action not in ACTIONS and action not in actions:
                out.append(config.error(f"devices[{i}].confirm", f"{device.name!r} has no action {action!r}"
                                        f"{did_you_mean(action, actions)} (plugin {device.plugin!r} gives a "
                                        f"{device.type} these: {', '.join(actions)}); correct the name, or it "
                                        "guards nothing"))
    return out


def _device_types_of(registry: ActionRegistry, plugin: str) -> list[str]:
    """The device types ``plugin`` registered actions for."""
    from homeslm.schema import DEVICE_TYPES

    rows = [row for row in registry.describe() if row["name"] == plugin]
    return sorted(dtype for row in rows for dtype in row["actions"] if dtype in DEVICE_TYPES)


def speech_engine_errors(config: Config, pm: pluggy.PluginManager) -> list[ConfigError]:
    """The problems of ``voice.recognizer`` and ``voice.wake_engine`` (no plugin provides it) or of the
    ``voice`` section itself, without building the recogniser."""
    from homeslm.plugins.engine_registry import EngineRegistry  # the plugins' engine declarations

    try:
        return EngineRegistry(pm, config).problems()
    except ConfigError as exc:  # the voice section itself is wrong
        return [exc]


def raise_config_errors(errors: Sequence[ConfigError]) -> None:
    """Raise ``errors``: the one :class:`ConfigError`, or a :class:`ConfigErrors` of several; nothing when empty."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ConfigErrors(list(errors))
