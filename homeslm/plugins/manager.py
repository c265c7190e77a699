"""Loading plugins: :func:`build_plugin_manager` (built-ins, ``homeslm`` entry points, plugin
directories) and :func:`plugin_manager_from_config`. A broken plugin is refused alone: one that fails
to import, implements an unknown hook (a typo: the error says which hook it meant) or a hook with
arguments the hook does not have is logged, left out and recorded in
:attr:`HomeslmPluginManager.failures`; the others load. ``homeslm check`` fails on such a failure,
the daemon runs without the plugin and reports it."""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import inspect
import logging
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pluggy

from homeslm.plugins import hookspecs
from homeslm.config.model import Config
from homeslm.errors import PluginError
from homeslm.version import __version__
from homeslm.config.yamlcheck import did_you_mean

# The package's name, as before the split: log lines (and tests' caplog) say homeslm.plugins.
logger = logging.getLogger("homeslm.plugins")

#: Entry-point group of third-party plugins.
ENTRY_POINT_GROUP = hookspecs.PROJECT


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
        problem = _hook_problem(pm, obj)
    except pluggy.PluginValidationError as exc:  # a hook with arguments its spec does not have
        problem = _argument_problem(pm, exc)
    except ValueError as exc:  # pluggy: the same object is already loaded under another name
        problem = str(exc)
    if problem is not None:
        _refuse(pm, obj, name, f"plugin {name!r} ({source}) not loaded: {problem}; fix the plugin, or list "
                               f"{name!r} in plugins.disable")
        return
    pm.infos[name] = PluginInfo(name=name, source=source, version=version)


def _hook_names(pm: pluggy.PluginManager) -> list[str]:
    """The hooks homeslm defines (its hookspecs), sorted."""
    return sorted(n for n, caller in vars(pm.hook).items() if not n.startswith("_") and caller.has_spec())


def _hook_problem(pm: pluggy.PluginManager, obj: object) -> str | None:
    """What is wrong with the hooks a just registered plugin implements: an unknown hook (a typo, with
    the hook it probably meant) or a hook wrapper; ``None`` when nothing is."""
    known = _hook_names(pm)
    for caller in pm.get_hookcallers(obj) or []:
        impls = [impl for impl in caller.get_hookimpls() if impl.plugin is obj]
        if not caller.has_spec() and any(not impl.optionalhook for impl in impls):
            return (f"{caller.name!r} is not a homeslm hook{did_you_mean(caller.name, known)} "
                    f"(hooks: {', '.join(known)})")
        if any(impl.hookwrapper or impl.wrapper for impl in impls):
            return f"hook {caller.name!r}: hook wrappers are not supported; implement the hook itself"
    return None


def _argument_problem(pm: pluggy.PluginManager, exc: pluggy.PluginValidationError) -> str:
    """pluggy's complaint about a hook implementation's arguments, said with the arguments the hook has."""
    match = re.search(r"for hook '([^']+)'", str(exc))
    caller = getattr(pm.hook, match.group(1), None) if match else None
    spec = caller.spec if caller is not None else None
    if spec is None:
        return _one_line(exc)
    unknown = sorted(set(re.findall(r"'([^']+)'", str(exc).rpartition("Argument(s)")[2])))
    allowed = [*spec.argnames, *spec.kwargnames]
    hints = "".join(did_you_mean(arg, allowed) for arg in unknown)
    return (f"hook {spec.name!r} has no argument {' or '.join(map(repr, unknown)) or '?'} "
            f"(its arguments: {', '.join(allowed) or 'none'}){hints}")


def _import_failed(name: str, source: str, exc: BaseException) -> str:
    return (f"plugin {name!r} ({source}) not loaded: import failed: {exc!r}; fix or reinstall the plugin, or list "
            f"{name!r} in plugins.disable")


def _refuse(pm: HomeslmPluginManager, obj: object, name: str, message: str) -> None:
    """Leave out a plugin that was (partly) registered: unregister it, log and record why."""
    if pm.get_plugin(name) is obj:
        pm.unregister(obj, name=name)
    logger.error("%s", message)
    pm.failures[name] = message


def _builtin_version(module: object) -> str | None:
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

    :param builtins: plugin modules, or dotted module names to import (``"homeslm.default_plugins.timers"``); a
        module's plugin name is its ``PLUGIN_NAME`` attribute or the last part of its module name.
    :param load_entry_points: also load every entry point of the ``homeslm`` group (its name is the
        plugin name; it may point at a module or any object with hook implementations).
    :param paths: directories whose ``*.py`` files (not starting with ``_``) are plugins named
        after the file.
    :param disable: plugin names not to load.

    A plugin that fails to import, implements a hook that does not exist (a misspelled name: the
    message says which hook it probably meant), a hook with arguments the hook does not have, or a
    hook wrapper is logged and recorded in ``failures`` (name -> message); the others still load.
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
            pm.failures[str(name)] = _import_failed(str(name), "builtin", exc)
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
                pm.failures[ep.name] = _import_failed(ep.name, source, exc)
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
                pm.failures[file.stem] = _import_failed(file.stem, str(file), exc)
                continue
            _add_plugin(pm, module, file.stem, str(file), _module_version(module))

    pm.check_pending()  # every plugin was checked as it was added (_hook_problem): never raises here
    logger.info("plugins loaded: %s", ", ".join(pm.infos) or "none")
    return pm


def plugin_manager_from_config(config: Config, *, load_entry_points: bool = True) -> HomeslmPluginManager:
    """The daemon's plugin manager: the built-ins (:mod:`homeslm.default_plugins`) plus what the config adds.

    Relative ``plugins.paths`` are taken relative to the config file.
    """
    from homeslm.default_plugins import BUILTINS  # inside the package: no other distribution can shadow it

    base = Path(config.source).parent if config.source else Path.cwd()
    paths = [p if Path(p).is_absolute() else str(base / p) for p in config.plugins.paths]
    return build_plugin_manager(BUILTINS, load_entry_points=load_entry_points, paths=paths, disable=config.plugins.disable)
