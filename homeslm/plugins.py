"""Loading plugins and dispatching actions to them (DESIGN.md section 5).

- :func:`build_plugin_manager` returns a new :class:`pluggy.PluginManager` holding the built-in
  plugins, the ``homeslm`` entry points and the ``*.py`` files of extra directories; a plugin that
  fails to import is logged and skipped, a plugin implementing an unknown hook (a typo) raises
  :class:`PluginError` at start-up.
- :class:`ActionRegistry` calls each plugin's ``register_actions`` on its own, so a refusing or
  raising plugin is named and isolated, and runs action handlers inside one error boundary and a
  time limit (:meth:`ActionRegistry.execute`).
- :func:`call_each` / :func:`call_first` call any hook plugin by plugin, isolated the same way.
- Speech recognisers and wake engines that plugins provide are collected by
  :class:`homeslm.engines.SpeechEngines` (the same isolation, same helpers).

Nothing in here imports a plugin by itself: the caller passes the built-ins.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import inspect
import logging
import os
import re
import string
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol, TypeVar

import pluggy

from homeslm import hookspecs
from homeslm.config import Config, Device
from homeslm.errors import HomeslmError, PluginError
from homeslm.schema import ACTIONS, DEVICE_TYPES, EXTRA_DOMAINS, UNITS, ActionResult, Intent

logger = logging.getLogger(__name__)

#: Entry-point group of third-party plugins.
ENTRY_POINT_GROUP = hookspecs.PROJECT

#: What an action handler may ask for, by parameter name.
HANDLER_PARAMS: frozenset[str] = frozenset({"intent", "device", "mqtt", "settings", "config", "announce", "state"})

#: Placeholders an example sentence may contain.
EXAMPLE_PLACEHOLDERS: frozenset[str] = frozenset({"device", "area", "floor", "value"})

_ACTION_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

T = TypeVar("T")


class MqttLike(Protocol):
    """What plugins use of :class:`homeslm.mqtt.MqttClient`."""

    def publish(self, topic: str, payload: str | bytes | dict[str, Any], *, qos: int = 1, retain: bool = False) -> Any: ...

    def subscribe(self, topic_filter: str, callback: Callable[[str, bytes], None], qos: int = 1) -> Any: ...


class StateCache:
    """One plugin's thread-safe cache of device state, plus its long-lived helper objects.

    Keys are whatever the plugin addresses devices by (a zigbee2mqtt friendly name, a Tasmota topic).
    Values are dicts, merged on :meth:`update`. Each key has a version that grows on every update,
    so a handler can ask for a refresh and wait for the answer (:meth:`wait_for_update`).
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._states: dict[str, dict[str, Any]] = {}
        self._versions: dict[str, int] = {}
        self._resources: dict[str, Any] = {}

    def get(self, key: str) -> dict[str, Any] | None:
        """A copy of the cached state of ``key``, or ``None`` when nothing was seen yet."""
        with self._cond:
            st = self._states.get(key)
            return dict(st) if st is not None else None

    def version(self, key: str) -> int:
        """How many updates ``key`` has had (0: none)."""
        with self._cond:
            return self._versions.get(key, 0)

    def update(self, key: str, values: Mapping[str, Any], *, replace: bool = False) -> None:
        """Merge ``values`` into the state of ``key`` (or replace it) and wake waiting handlers."""
        with self._cond:
            if replace or key not in self._states:
                self._states[key] = dict(values)
            else:
                self._states[key].update(values)
            self._versions[key] = self._versions.get(key, 0) + 1
            self._cond.notify_all()

    def wait_for_update(self, key: str, since: int, timeout_s: float) -> dict[str, Any] | None:
        """Wait until ``key`` has a version above ``since``; its state, or ``None`` on timeout."""
        with self._cond:
            if not self._cond.wait_for(lambda: self._versions.get(key, 0) > since, timeout=timeout_s):
                return None
            return dict(self._states[key])

    def keys(self) -> list[str]:
        with self._cond:
            return list(self._states)

    def resource(self, name: str, factory: Callable[[], T]) -> T:
        """The plugin's long-lived object ``name`` (a scheduler, a flag), made by ``factory`` on first use."""
        with self._cond:
            if name not in self._resources:
                self._resources[name] = factory()
            return self._resources[name]  # type: ignore[no-any-return]


@dataclass(frozen=True)
class PluginContext:
    """What ``daemon_started`` / ``daemon_stopping`` receive: one plugin's view of the daemon."""

    plugin: str
    """This plugin's name."""
    config: Config
    settings: dict[str, Any]
    """This plugin's settings block (``plugins: {<name>: {...}}`` in the config; ``{}`` when absent)."""
    mqtt: MqttLike | None
    """The MQTT client, or ``None`` when running without a broker."""
    state: StateCache
    """This plugin's state cache, the one its handlers receive as ``state``."""
    announce: Callable[[str], None]
    """Speak and publish a message now (timer ends, alarms); never raises."""
    state_dir: Path | None = None
    """Where this plugin may keep files across restarts and reloads: the daemon's state directory
    (:func:`default_state_dir`), shared by all plugins, so name files after the plugin; it may not
    exist yet. ``None`` when not running as the daemon (one-shot commands, tests): keep nothing then."""


def default_state_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The daemon's state directory: systemd's ``$STATE_DIRECTORY`` (the unit's ``StateDirectory=homeslm``,
    ``/var/lib/homeslm``; the first when it lists several), else ``$XDG_STATE_HOME/homeslm``, else
    ``~/.local/state/homeslm``. Nothing is created here."""
    env = os.environ if environ is None else environ
    systemd = env.get("STATE_DIRECTORY", "")
    if systemd:
        return Path(systemd.split(":")[0])
    xdg = env.get("XDG_STATE_HOME", "")
    if xdg and os.path.isabs(xdg):  # the XDG spec: a relative path is invalid and ignored
        return Path(xdg) / "homeslm"
    home = env.get("HOME") or os.path.expanduser("~")
    return Path(home) / ".local" / "state" / "homeslm"


@dataclass(frozen=True)
class PluginInfo:
    """Where a loaded plugin came from."""

    name: str
    source: str
    """``builtin``, ``entry point <dist>`` or the file path."""
    version: str | None


class HomeslmPluginManager(pluggy.PluginManager):
    """A :class:`pluggy.PluginManager` that also remembers where plugins came from and which failed."""

    def __init__(self) -> None:
        super().__init__(hookspecs.PROJECT)
        self.add_hookspecs(hookspecs)
        self.infos: dict[str, PluginInfo] = {}
        """Loaded plugins by name."""
        self.failures: dict[str, str] = {}
        """Plugins (or directories) that could not be loaded, with the reason."""


def _module_version(obj: object) -> str | None:
    version = getattr(obj, "__version__", None)
    return str(version) if version is not None else None


def _one_line(exc: BaseException) -> str:
    return "; ".join(line.strip() for line in str(exc).splitlines() if line.strip())


def _add_plugin(pm: HomeslmPluginManager, obj: object, name: str, source: str, version: str | None) -> None:
    if pm.has_plugin(name) or name in pm.infos:
        msg = f"plugin {name!r} from {source} not loaded: a plugin of that name is already loaded from {pm.infos[name].source}"
        logger.error("%s", msg)
        pm.failures[name] = msg
        return
    try:
        pm.register(obj, name=name)
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"plugin {name!r} ({source}): {_one_line(exc)}") from exc
    for caller in pm.get_hookcallers(obj) or []:
        if any(impl.plugin is obj and (impl.hookwrapper or impl.wrapper) for impl in caller.get_hookimpls()):
            raise PluginError(f"plugin {name!r} ({source}): hook {caller.name!r}: hook wrappers are not supported; "
                              f"implement the hook itself")
    pm.infos[name] = PluginInfo(name=name, source=source, version=version)


def _builtin_version(module: object) -> str | None:
    from homeslm import __version__  # late: homeslm/__init__ imports this module

    return _module_version(module) or __version__


def _load_file(path: Path) -> ModuleType:
    module_name = f"homeslm_plugin_{re.sub(r'[^0-9A-Za-z_]', '_', path.stem)}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path} as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[module_name]
        raise
    return module


def build_plugin_manager(
    builtins: Iterable[ModuleType | str],
    *,
    load_entry_points: bool = True,
    paths: Iterable[str | Path] = (),
    disable: Iterable[str] = (),
) -> HomeslmPluginManager:
    """A new plugin manager holding the built-ins, the entry-point plugins and the directory plugins.

    :param builtins: plugin modules, or dotted module names to import (``"plugins.timers"``); a
        module's plugin name is its ``PLUGIN_NAME`` attribute or the last part of its module name.
    :param load_entry_points: also load every entry point of the ``homeslm`` group (its name is the
        plugin name; it may point at a module or any object with hook implementations).
    :param paths: directories whose ``*.py`` files (not starting with ``_``) are plugins named
        after the file.
    :param disable: plugin names not to load.

    A plugin that fails to import is logged and recorded in ``failures``; the others still load.
    :raises PluginError: naming the plugin when a plugin implements a hook that does not exist
        (a misspelled name) or with arguments the hook does not have.
    """
    pm = HomeslmPluginManager()
    disabled = set(disable)

    for item in builtins:
        name = item.rsplit(".", 1)[-1] if isinstance(item, str) else None
        if name in disabled:
            logger.info("plugin %s disabled by the config", name)
            continue
        try:
            module = importlib.import_module(item) if isinstance(item, str) else item
        except Exception as exc:  # boundary: one plugin's import
            logger.exception("built-in plugin %s failed to import; skipped", item)
            pm.failures[str(name)] = f"import failed: {exc!r}"
            continue
        name = str(getattr(module, "PLUGIN_NAME", None) or module.__name__.rsplit(".", 1)[-1])
        if name in disabled:
            logger.info("plugin %s disabled by the config", name)
            continue
        _add_plugin(pm, module, name, "builtin", _builtin_version(module))

    if load_entry_points:
        seen: set[tuple[str, str]] = set()
        for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
            if (ep.name, ep.value) in seen:  # the same distribution found twice on sys.path
                continue
            seen.add((ep.name, ep.value))
            if ep.name in disabled:
                logger.info("plugin %s disabled by the config", ep.name)
                continue
            dist = getattr(ep, "dist", None)
            source = f"entry point {dist.name if dist else ep.value}"
            try:
                obj = ep.load()
                if inspect.isclass(obj):
                    obj = obj()
            except Exception as exc:  # boundary: one plugin's import
                logger.exception("plugin %s (%s = %s) failed to import; skipped", ep.name, source, ep.value)
                pm.failures[ep.name] = f"import failed: {exc!r}"
                continue
            version = dist.version if dist is not None else _module_version(obj)
            _add_plugin(pm, obj, ep.name, source, version)

    for directory in paths:
        folder = Path(directory)
        if not folder.is_dir():
            msg = f"plugin directory {folder} does not exist (plugins.paths in the config)"
            logger.error("%s", msg)
            pm.failures[str(folder)] = msg
            continue
        for file in sorted(folder.glob("*.py")):
            if file.name.startswith("_") or file.stem in disabled:
                continue
            try:
                module = _load_file(file)
            except Exception as exc:  # boundary: one plugin's import
                logger.exception("plugin file %s failed to import; skipped", file)
                pm.failures[file.stem] = f"import of {file} failed: {exc!r}"
                continue
            _add_plugin(pm, module, file.stem, str(file), _module_version(module))

    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        name = pm.get_name(exc.plugin) or repr(exc.plugin)
        known = ", ".join(sorted(n for n, caller in vars(pm.hook).items() if caller.has_spec()))
        source = pm.infos[name].source if name in pm.infos else "?"
        raise PluginError(f"plugin {name!r} ({source}): {_one_line(exc)} (known hooks: {known})") from exc
    logger.info("plugins loaded: %s", ", ".join(pm.infos) or "none")
    return pm


def plugin_manager_from_config(config: Config, *, load_entry_points: bool = True) -> HomeslmPluginManager:
    """The daemon's plugin manager: the built-ins of the ``plugins`` package plus what the config adds.

    Relative ``plugins.paths`` are taken relative to the config file.
    """
    package = importlib.import_module("plugins")
    builtins: tuple[str, ...] | None = getattr(package, "BUILTINS", None)
    if builtins is None:  # a folder named plugins/ (no __init__.py) in the current directory shadows ours
        where = ", ".join(str(p) for p in getattr(package, "__path__", [])) or repr(package)
        raise PluginError(f"'import plugins' found {where}, not homeslm's built-in plugins; "
                          f"run homeslm from another directory or rename that folder")
    base = Path(config.source).parent if config.source else Path.cwd()
    paths = [p if Path(p).is_absolute() else str(base / p) for p in config.plugins.paths]
    return build_plugin_manager(builtins, load_entry_points=load_entry_points, paths=paths, disable=config.plugins.disable)


# --- calling hooks plugin by plugin -----------------------------------------------------------


def _impls(pm: pluggy.PluginManager, hook_name: str) -> list[Any]:
    """Hook implementations in registration order (pluggy calls them in the reverse order)."""
    caller = getattr(pm.hook, hook_name, None)
    if caller is None:
        raise PluginError(f"no hook named {hook_name!r}")
    return [impl for impl in caller.get_hookimpls() if not (impl.hookwrapper or impl.wrapper)]


def _call_impl(impl: Any, kwargs: Mapping[str, Any]) -> Any:
    return impl.function(*[kwargs[name] for name in impl.argnames])


def call_each(pm: pluggy.PluginManager, hook_name: str, **kwargs: Any) -> list[tuple[str, Any]]:
    """Call ``hook_name`` on every plugin, each in its own error boundary, in registration order.

    Returns ``(plugin name, result)`` for the plugins that did not raise; a raising plugin is logged
    with ``logger.exception`` and left out.
    """
    results: list[tuple[str, Any]] = []
    for impl in _impls(pm, hook_name):
        try:
            results.append((impl.plugin_name, _call_impl(impl, kwargs)))
        except Exception:  # boundary: one plugin's hook
            logger.exception("plugin %s failed in hook %s", impl.plugin_name, hook_name)
    return results


def call_first(pm: pluggy.PluginManager, hook_name: str, **kwargs: Any) -> tuple[str, Any] | None:
    """Call ``hook_name`` plugin by plugin in pluggy's order (last registered first) until one returns
    something other than ``None``/``False``; ``(plugin name, result)`` or ``None``.

    A raising plugin is logged and the next one is tried.
    """
    for impl in reversed(_impls(pm, hook_name)):
        try:
            result = _call_impl(impl, kwargs)
        except Exception:  # boundary: one plugin's hook
            logger.exception("plugin %s failed in hook %s", impl.plugin_name, hook_name)
            continue
        if result is not None and result is not False:
            return impl.plugin_name, result
    return None


# --- the action registry ----------------------------------------------------------------------


@dataclass(frozen=True)
class ActionExample:
    """One example sentence of an action, for the model trainer."""

    text: str
    """The sentence, with ``{device}``, ``{area}``, ``{floor}``, ``{value}`` placeholders."""
    value: Any = None
    """A fixed intent value, or (when ``text`` has ``{value}``) a tuple of sample values."""
    unit: str | None = None


@dataclass(frozen=True)
class ExtraAction:
    """An action a plugin declared, with its example sentences."""

    plugin: str
    action: str
    domain: str
    """The device type (``switch``) or device-less domain (``timer``) it applies to."""
    examples: tuple[ActionExample, ...]


@dataclass(frozen=True)
class _Handler:
    plugin: str
    domain: str
    action: str
    function: Callable[..., Any]
    params: frozenset[str]
    examples: tuple[ActionExample, ...] = field(default=())


def _handler_params(plugin: str, where: str, handler: Callable[..., Any]) -> frozenset[str]:
    try:
        sig = inspect.signature(handler)
    except (TypeError, ValueError) as exc:
        raise PluginError(f"plugin {plugin!r}: {where}: cannot read the handler's signature: {exc}") from exc
    wanted: set[str] = set()
    for p in sig.parameters.values():
        if p.kind is inspect.Parameter.VAR_KEYWORD:
            wanted |= HANDLER_PARAMS
        elif p.kind is inspect.Parameter.VAR_POSITIONAL:
            continue
        elif p.name in HANDLER_PARAMS and p.kind is not inspect.Parameter.POSITIONAL_ONLY:
            wanted.add(p.name)
        elif p.default is inspect.Parameter.empty:
            raise PluginError(
                f"plugin {plugin!r}: {where}: handler {getattr(handler, '__name__', handler)!r} asks for "
                f"{p.name!r}; a handler may ask for {', '.join(sorted(HANDLER_PARAMS))}"
            )
    return frozenset(wanted)


def _parse_examples(plugin: str, where: str, domain: str, examples: Iterable[Any]) -> tuple[ActionExample, ...]:
    if isinstance(examples, (str, bytes)):
        raise PluginError(f"plugin {plugin!r}: {where}: examples must be a list of sentences, not one string")
    out: list[ActionExample] = []
    for ex in examples:
        fields: Any = {}
        if isinstance(ex, tuple) and len(ex) == 2:
            ex, fields = ex
        if not isinstance(ex, str) or not ex.strip() or not isinstance(fields, Mapping):
            raise PluginError(f"plugin {plugin!r}: {where}: an example is a sentence or (sentence, {{fields}}), got {ex!r}")
        try:
            names = {n for _, n, _, _ in string.Formatter().parse(ex) if n is not None}
        except ValueError as exc:
            raise PluginError(f"plugin {plugin!r}: {where}: example {ex!r}: {exc}") from exc
        if names - EXAMPLE_PLACEHOLDERS:
            raise PluginError(
                f"plugin {plugin!r}: {where}: example {ex!r} uses {sorted(names - EXAMPLE_PLACEHOLDERS)}; "
                f"placeholders are {{device}}, {{area}}, {{floor}}, {{value}}"
            )
        if "device" in names and domain not in DEVICE_TYPES:
            raise PluginError(f"plugin {plugin!r}: {where}: example {ex!r}: {domain!r} has no devices, so no {{device}}")
        if set(fields) - {"value", "unit"}:
            raise PluginError(f"plugin {plugin!r}: {where}: example {ex!r}: fields may be 'value' and 'unit', got {sorted(fields)}")
        value = fields.get("value")
        unit = fields.get("unit")
        if unit is not None and unit not in UNITS:
            raise PluginError(f"plugin {plugin!r}: {where}: example {ex!r}: unit {unit!r} is not one of {sorted(UNITS)}")
        if "value" in names:
            if not isinstance(value, (list, tuple)) or not value:
                raise PluginError(f"plugin {plugin!r}: {where}: example {ex!r} has {{value}}: give fields {{'value': [sample values]}}")
            value = tuple(value)
        elif value is not None and (isinstance(value, bool) or not isinstance(value, (int, float, str))):
            raise PluginError(f"plugin {plugin!r}: {where}: example {ex!r}: value must be a number or a string, got {value!r}")
        out.append(ActionExample(text=ex, value=value, unit=unit))
    return tuple(out)


#: How a refusal names what a device cannot do: "The hallway sensor can't <phrase>."
_CANNOT = {
    "turn_on": "be turned on", "turn_off": "be turned off", "toggle": "be toggled",
    "set_brightness": "be dimmed", "increase_brightness": "be brightened", "decrease_brightness": "be dimmed",
    "set_color": "change colour", "set_color_temp": "change its colour temperature",
    "set_temperature": "be set to a temperature", "get_temperature": "tell the temperature",
    "get_state": "tell its state", "open": "be opened", "close": "be closed",
    "set_position": "be moved to a position", "lock": "be locked", "unlock": "be unlocked",
    "media_pause": "be paused", "media_resume": "resume playing", "media_next": "skip to the next track",
    "media_previous": "go back a track", "set_volume": "change its volume",
    "vacuum_start": "start cleaning", "vacuum_return_to_base": "return to its base",
}


def the(name: str) -> str:
    """``"The hallway sensor"``: a device name at the start of a sentence."""
    return f"The {name}"


class ActionRegistry:
    """Which plugin handles which action on which device type, and the time-limited dispatch to it.

    Building one calls every plugin's ``register_actions`` separately: a plugin whose registration
    raises is logged, recorded in :attr:`errors` and left out; the others are unaffected.

    :param pm: from :func:`build_plugin_manager`.
    :param config: the home; handlers get it as ``config``, and each plugin its settings block.
    :param mqtt: the started MQTT client, or ``None`` (handlers that need it then refuse politely).
    :param announce: speaks and publishes a message (timer ends); ``None`` only logs it.
    :param state_dir: the daemon's state directory, given to plugins as ``context.state_dir``;
        ``None`` (one-shot commands, tests): plugins keep nothing on disk.
    :param strict: re-raise the first registration error (``homeslm check-config``): a
        :class:`ConfigError` for invalid plugin settings, else a :class:`PluginError`.
    """

    def __init__(
        self,
        pm: pluggy.PluginManager,
        config: Config,
        *,
        mqtt: MqttLike | None = None,
        announce: Callable[[str], None] | None = None,
        strict: bool = False,
        state_dir: Path | None = None,
    ) -> None:
        self.pm = pm
        self.config = config
        self.mqtt = mqtt
        self._announce_fn = announce
        self.state_dir = state_dir
        self._handlers: dict[tuple[str, str, str], _Handler] = {}
        self._domains: dict[tuple[str, str], _Handler] = {}
        self._states: dict[str, StateCache] = {}
        self._contexts: dict[str, PluginContext] = {}
        self.errors: dict[str, str] = {}
        """Plugins whose ``register_actions`` failed, with the error."""
        for impl in _impls(pm, "register_actions"):
            self._register_plugin(impl, strict=strict)

    # -- registration --

    def settings_for(self, plugin: str) -> dict[str, Any]:
        block = self.config.plugins.settings.get(plugin)
        return dict(block) if isinstance(block, Mapping) else {}

    def state_for(self, plugin: str) -> StateCache:
        """The plugin's state cache (created on first use, one per registry)."""
        if plugin not in self._states:
            self._states[plugin] = StateCache()
        return self._states[plugin]

    def _register_plugin(self, impl: Any, *, strict: bool) -> None:
        plugin: str = impl.plugin_name
        pending: list[_Handler] = []

        def register(
            device_type_or_domain: str,
            action: str,
            handler: Callable[..., Any],
            examples: Iterable[Any] = (),
        ) -> None:
            where = f"register({device_type_or_domain!r}, {action!r})"
            if device_type_or_domain not in DEVICE_TYPES and device_type_or_domain not in EXTRA_DOMAINS:
                raise PluginError(
                    f"plugin {plugin!r}: {where}: unknown device type or domain {device_type_or_domain!r}; "
                    f"expected one of {', '.join(sorted(DEVICE_TYPES | EXTRA_DOMAINS))}"
                )
            if not isinstance(action, str) or not _ACTION_NAME.match(action):
                raise PluginError(f"plugin {plugin!r}: {where}: an action name is lower_case_with_underscores")
            if action == "cancel":
                raise PluginError(f"plugin {plugin!r}: {where}: 'cancel' (never mind) is handled by homeslm itself")
            if not callable(handler):
                raise PluginError(f"plugin {plugin!r}: {where}: the handler must be callable, got {handler!r}")
            params = _handler_params(plugin, where, handler)
            parsed = _parse_examples(plugin, where, device_type_or_domain, examples)
            for h in pending:
                if h.domain == device_type_or_domain and h.action == action:
                    raise PluginError(f"plugin {plugin!r}: {where}: registered twice")
            if device_type_or_domain not in DEVICE_TYPES:
                other = self._domains.get((device_type_or_domain, action))
                if other is not None:
                    raise PluginError(f"plugin {plugin!r}: {where}: already handled by plugin {other.plugin!r}")
            if action not in ACTIONS and not parsed and not self._has_examples(action, pending):
                raise PluginError(
                    f"plugin {plugin!r}: {where}: {action!r} is a new action: give examples=[...] sentences "
                    f"so the intent model can learn it"
                )
            pending.append(_Handler(plugin, device_type_or_domain, action, handler, params, parsed))

        try:
            _call_impl(impl, {"register": register, "config": self.config, "settings": self.settings_for(plugin)})
        except Exception as exc:  # boundary: one plugin's registration
            logger.exception("plugin %s failed to register its actions; it is left out", plugin)
            self.errors[plugin] = str(exc) if isinstance(exc, HomeslmError) else f"register_actions failed: {exc!r}"
            if strict:
                if isinstance(exc, HomeslmError):  # PluginError, or ConfigError for bad settings
                    raise
                raise PluginError(f"plugin {plugin!r}: register_actions failed: {exc!r}") from exc
            return
        for h in pending:
            if h.domain in DEVICE_TYPES:
                self._handlers[(plugin, h.domain, h.action)] = h
            else:
                self._domains[(h.domain, h.action)] = h

    def _all_handlers(self) -> Iterator[_Handler]:
        yield from self._handlers.values()
        yield from self._domains.values()

    def _has_examples(self, action: str, pending: list[_Handler]) -> bool:
        return any(h.action == action and h.examples for h in [*self._all_handlers(), *pending])

    # -- queries --

    def supports(self, plugin: str, device_type: str, action: str) -> bool:
        """Whether ``plugin`` handles ``action`` on devices of ``device_type`` (or the device-less domain)."""
        if (plugin, device_type, action) in self._handlers:
            return True
        h = self._domains.get((device_type, action))
        return h is not None and h.plugin == plugin

    def actions_for(self, device: Device) -> list[str]:
        """The actions the device's plugin supports for it, sorted."""
        return sorted(a for (p, t, a) in self._handlers if p == device.plugin and t == device.type)

    def extra_actions(self, *, include_builtin: bool = False) -> list[ExtraAction]:
        """Plugin-declared actions that are not in :data:`homeslm.ACTIONS`, with their examples
        (``include_builtin``: also the extra example sentences given for built-in actions)."""
        out = []
        for h in self._all_handlers():
            if h.action not in ACTIONS or (include_builtin and h.examples):
                out.append(ExtraAction(plugin=h.plugin, action=h.action, domain=h.domain, examples=h.examples))
        return sorted(out, key=lambda e: (e.action, e.domain, e.plugin))

    def describe(self) -> list[dict[str, Any]]:
        """What ``homeslm plugins`` prints: per plugin its name, version, source, hooks, actions
        by device type or domain, the speech recognisers and wake engines it provides (by the names
        ``voice.recognizer`` / ``voice.wake_engine`` choose them), and the error when it failed to
        load or register."""
        from homeslm.engines import SpeechEngines  # late: it imports this module

        engines = SpeechEngines(self.pm, self.config)
        infos: dict[str, PluginInfo] = getattr(self.pm, "infos", {})
        failures: dict[str, str] = getattr(self.pm, "failures", {})
        out: list[dict[str, Any]] = []
        for name, plugin in self.pm.list_name_plugin():
            info = infos.get(name)
            actions: dict[str, list[str]] = {}
            for h in self._all_handlers():
                if h.plugin == name:
                    actions.setdefault(h.domain, []).append(h.action)
            errors = [e for e in (self.errors.get(name), engines.errors.get(name)) if e]
            out.append({
                "name": name,
                "version": info.version if info else _module_version(plugin),
                "source": info.source if info else "registered directly",
                "hooks": sorted(c.name for c in self.pm.get_hookcallers(plugin) or []),
                "actions": {d: sorted(a) for d, a in sorted(actions.items())},
                **engines.provided_by(name),
                "error": "; ".join(errors) if errors else None,
            })
        for name, reason in failures.items():
            out.append({"name": name, "version": None, "source": None, "hooks": [], "actions": {},
                        "recognizers": [], "wake_engines": [], "error": reason})
        return out

    def describe_text(self) -> str:
        """:meth:`describe` as the lines ``homeslm plugins`` prints."""
        lines = []
        for row in self.describe():
            head = f"{row['name']} {row['version'] or ''}".rstrip()
            lines.append(f"{head} ({row['source']})" if row["source"] else head)
            if row["hooks"]:
                lines.append(f"  hooks: {', '.join(row['hooks'])}")
            for domain, actions in row["actions"].items():
                lines.append(f"  {domain}: {', '.join(actions)}")
            if row["recognizers"]:
                lines.append(f"  recognizers (voice.recognizer): {', '.join(row['recognizers'])}")
            if row["wake_engines"]:
                lines.append(f"  wake engines (voice.wake_engine): {', '.join(row['wake_engines'])}")
            if row["error"]:
                lines.append(f"  FAILED: {row['error']}")
        return "\n".join(lines)

    def check_devices(self) -> list[str]:
        """Problems with the configured devices: a plugin that is not loaded, or that drives no device
        of that type. Empty when every device has a plugin that handles it."""
        problems = []
        loaded = {name for name, _ in self.pm.list_name_plugin()}
        for dev in self.config.devices:
            where = f"device {dev.name!r}"
            if dev.plugin not in loaded:
                problems.append(f"{where}: plugin {dev.plugin!r} is not loaded (loaded: {', '.join(sorted(loaded))})")
            elif dev.plugin in self.errors:
                problems.append(f"{where}: plugin {dev.plugin!r} failed to register: {self.errors[dev.plugin]}")
            elif not self.actions_for(dev):
                problems.append(f"{where}: plugin {dev.plugin!r} does not drive devices of type {dev.type!r}")
        return problems

    # -- lifecycle --

    def announce(self, text: str) -> None:
        """Speak and publish ``text`` through the daemon's announcer; never raises."""
        if self._announce_fn is None:
            logger.info("announcement (nothing attached to speak it): %s", text)
            return
        try:
            self._announce_fn(text)
        except Exception:  # boundary: the announcer (TTS, MQTT)
            logger.exception("announcing %r failed", text)

    def context_for(self, plugin: str) -> PluginContext:
        if plugin not in self._contexts:
            self._contexts[plugin] = PluginContext(
                plugin=plugin, config=self.config, settings=self.settings_for(plugin), mqtt=self.mqtt,
                state=self.state_for(plugin), announce=self.announce, state_dir=self.state_dir,
            )
        return self._contexts[plugin]

    def daemon_started(self) -> None:
        """Call every plugin's ``daemon_started`` with its context, each isolated."""
        for impl in _impls(self.pm, "daemon_started"):
            try:
                _call_impl(impl, {"context": self.context_for(impl.plugin_name)})
            except Exception:  # boundary: one plugin's hook
                logger.exception("plugin %s failed in daemon_started", impl.plugin_name)

    def daemon_stopping(self) -> None:
        """Call every plugin's ``daemon_stopping`` (reverse order), each isolated."""
        for impl in reversed(_impls(self.pm, "daemon_stopping")):
            try:
                _call_impl(impl, {"context": self.context_for(impl.plugin_name)})
            except Exception:  # boundary: one plugin's hook
                logger.exception("plugin %s failed in daemon_stopping", impl.plugin_name)

    # -- dispatch --

    def _find(self, intent: Intent, device: Device | None) -> _Handler | ActionResult:
        if device is not None:
            h = self._handlers.get((device.plugin, device.type, intent.action))
            if h is not None:
                return h
            if not self.pm.has_plugin(device.plugin) or device.plugin in self.errors:
                logger.warning("device %s: plugin %s is not loaded", device.name, device.plugin)
                return ActionResult(
                    ok=False, speech=f"I can't reach the {device.name}: its plugin {device.plugin} is not loaded.",
                    data={"refusal": "plugin_missing"},
                )
            phrase = _CANNOT.get(intent.action, f"do {intent.action.replace('_', ' ')}")
            return ActionResult(ok=False, speech=f"{the(device.name)} can't {phrase}.", data={"refusal": "unsupported"})
        domain = (intent.domain or "").split(":", 1)[0]
        h = self._domains.get((domain, intent.action))
        if h is not None:
            return h
        if domain in DEVICE_TYPES:
            return ActionResult(ok=False, speech=f"Which {domain.replace('_', ' ')} do you mean?", data={"refusal": "no_device"})
        return ActionResult(ok=False, speech="I can't do that.", data={"refusal": "unsupported"})

    def execute(self, intent: Intent, device: Device | None = None, *, timeout_s: float = 10.0) -> ActionResult:
        """Run ``intent`` on ``device`` (``None`` for device-less domains such as ``timer``).

        Finds the handler of the device's plugin (or of the plugin that registered the domain),
        calls it in a worker thread with a time limit and one error boundary, and always returns an
        :class:`ActionResult`: a refusal when the action is not supported, a failure with a spoken
        sentence when the handler raised (logged with plugin, intent and device) or did not finish
        within ``timeout_s``. ``cancel`` ("never mind") does nothing and succeeds.
        """
        if intent.action == "cancel":
            return ActionResult(ok=True)
        found = self._find(intent, device)
        if isinstance(found, ActionResult):
            return found
        h = found
        what = f"the {device.name}" if device is not None else f"the {h.plugin} plugin"
        if "mqtt" in h.params and self.mqtt is None:
            return ActionResult(ok=False, speech=f"I'm not connected to the MQTT broker, so I can't reach {what}.",
                                data={"refusal": "no_mqtt"})
        available = {
            "intent": intent, "device": device, "mqtt": self.mqtt, "settings": self.settings_for(h.plugin),
            "config": self.config, "announce": self.announce, "state": self.state_for(h.plugin),
        }
        kwargs = {k: v for k, v in available.items() if k in h.params}
        box: dict[str, Any] = {}

        def run() -> None:
            try:
                box["result"] = h.function(**kwargs)
            except Exception as exc:  # boundary: one plugin's handler (reported below)
                box["error"] = exc
                logger.exception("plugin %s failed on %s for device %s", h.plugin, intent.to_dict(),
                                 device.name if device else None)

        worker = threading.Thread(target=run, name=f"homeslm-action-{h.plugin}-{intent.action}", daemon=True)
        worker.start()
        worker.join(timeout_s)
        if worker.is_alive():
            logger.error("plugin %s did not finish %s for device %s within %.1f s", h.plugin, intent.to_dict(),
                         device.name if device else None, timeout_s)
            name = the(device.name) if device is not None else f"The {h.plugin} plugin"
            return ActionResult(ok=False, speech=f"{name} did not answer.", data={"error": "timeout", "plugin": h.plugin})
        if "error" in box:
            return ActionResult(ok=False, speech=f"Sorry, something went wrong with {what}.",
                                data={"error": repr(box["error"]), "plugin": h.plugin})
        result = box.get("result")
        if not isinstance(result, ActionResult):
            logger.error("plugin %s returned %r for %s, not an ActionResult", h.plugin, result, intent.to_dict())
            return ActionResult(ok=False, speech=f"Sorry, something went wrong with {what}.",
                                data={"error": "invalid result", "plugin": h.plugin})
        logger.debug("plugin %s: %s on %s -> %s", h.plugin, intent.action, device.name if device else None, result)
        return result
