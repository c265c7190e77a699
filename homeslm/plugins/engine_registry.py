"""The speech recognisers and wake engines the plugins declare, by name (docs/DESIGN.md section 5).

Plugins declare them with the ``register_recognizers`` and ``register_wake_engines`` hooks
(:mod:`homeslm.plugins.hookspecs`), each plugin through the one error boundary
(:func:`homeslm.plugins.isolation.call_isolated`): a plugin that raises or registers something wrong is
logged and left out, like in the action registry. :class:`EngineRegistry` knows the names, who provides
them and whether the configured ones exist (a name no plugin provides is a :class:`homeslm.ConfigError`
at that key, listing the installed choices); declaring builds nothing, so ``homeslm plugins`` lists every
choice cheaply. Building the configured ones is :class:`homeslm.voice.engines.SpeechEngines`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pluggy

from homeslm.config.model import Config
from homeslm.config.voice import VoiceSettings
from homeslm.errors import ConfigError, PluginError
from homeslm.plugins.calls import wanted_params
from homeslm.plugins.isolation import call_isolated, hook_impls

# As before the split (the declarations were read in homeslm.voice.engines): tests' caplog say so.
logger = logging.getLogger("homeslm.voice.engines")

#: What a recogniser factory may ask for, by parameter name (``shared``: a
#: :class:`homeslm.voice.shared_models.SharedModels` to keep a loaded model in, shared by every engine built
#: with the same cache, e.g. all the satellites of a hub).
RECOGNIZER_PARAMS: frozenset[str] = frozenset({"config", "voice", "settings", "phrases", "sentences", "shared"})
#: What a wake engine factory may ask for, by parameter name.
WAKE_ENGINE_PARAMS: frozenset[str] = frozenset({"config", "voice", "settings", "phrase", "sensitivity", "threshold",
                                                "shared"})

_ENGINE_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")


@dataclass(frozen=True)
class EngineKind:
    """Recognisers or wake engines: the hook that declares them and the config key that chooses one."""

    hook: str
    key: str
    """The config key naming the engine to use (``voice.recognizer``)."""
    noun: str
    params: frozenset[str]


RECOGNIZER = EngineKind("register_recognizers", "voice.recognizer", "recogniser", RECOGNIZER_PARAMS)
WAKE_ENGINE = EngineKind("register_wake_engines", "voice.wake_engine", "wake engine", WAKE_ENGINE_PARAMS)


@dataclass(frozen=True)
class Engine:
    """One recogniser or wake engine a plugin declared."""

    plugin: str
    name: str
    factory: Callable[..., Any]
    params: frozenset[str]
    """The factory's parameters (a subset of the kind's ``params``)."""
    description: str = ""


class EngineRegistry:
    """The recognisers and wake engines the loaded plugins declare.

    :param pm: the plugin manager (:func:`homeslm.plugins.build_plugin_manager`).
    :param config: the home; factories get it as ``config``, and each plugin its settings block.
    :param strict: re-raise the first declaration error instead of logging it and leaving the plugin out.
    """

    def __init__(self, pm: pluggy.PluginManager, config: Config, *, strict: bool = False) -> None:
        self.pm = pm
        self.config = config
        self.recognizers: dict[str, Engine] = {}
        """Recognisers by name."""
        self.wake_engines: dict[str, Engine] = {}
        """Wake engines by name."""
        self.errors: dict[str, str] = {}
        """Plugins whose declarations failed (and were left out), with the error."""
        for kind, table in ((RECOGNIZER, self.recognizers), (WAKE_ENGINE, self.wake_engines)):
            for impl in hook_impls(pm, kind.hook):
                self._register_plugin(impl, kind, table, strict=strict)

    def settings_for(self, plugin: str) -> dict[str, Any]:
        block = self.config.plugins.settings.get(plugin)
        return dict(block) if isinstance(block, Mapping) else {}

    def _register_plugin(self, impl: Any, kind: EngineKind, table: dict[str, Engine], *, strict: bool) -> None:
        plugin: str = impl.plugin_name
        pending: dict[str, Engine] = {}

        def register(name: str, factory: Callable[..., Any], description: str = "") -> None:
            where = f"{kind.hook}: register({name!r})"
            if not isinstance(name, str) or not _ENGINE_NAME.match(name):
                raise PluginError(f"plugin {plugin!r}: {where}: a {kind.noun} name is lower case letters, digits, "
                                  "'-' and '_', starting with a letter")
            if name in pending:
                raise PluginError(f"plugin {plugin!r}: {where}: registered twice")
            if name in table:
                raise PluginError(f"plugin {plugin!r}: {where}: the {kind.noun} {name!r} is already provided by "
                                  f"plugin {table[name].plugin!r}; choose another name")
            if not callable(factory):
                raise PluginError(f"plugin {plugin!r}: {where}: the factory must be callable, got {factory!r}")
            if not isinstance(description, str):
                raise PluginError(f"plugin {plugin!r}: {where}: the description must be a string, got {description!r}")
            params = wanted_params(plugin, where, factory, kind.params, "factory")
            pending[name] = Engine(plugin=plugin, name=name, factory=factory, params=params,
                                   description=" ".join(description.split()))

        declared = call_isolated(impl, {"register": register, "config": self.config, "settings": self.settings_for(plugin)},
                                 hook=kind.hook, failed=f"failed in {kind.hook}; its {kind.noun}s are left out",
                                 failures=self.errors, strict=strict, log=logger)
        if declared.ok:
            table.update(pending)

    # -- queries --

    def provided_by(self, plugin: str) -> dict[str, list[str]]:
        """``{"recognizers": [...], "wake_engines": [...]}``: the names ``plugin`` declared, sorted."""
        return {
            "recognizers": sorted(n for n, e in self.recognizers.items() if e.plugin == plugin),
            "wake_engines": sorted(n for n, e in self.wake_engines.items() if e.plugin == plugin),
        }

    def problems(self, voice: VoiceSettings | None = None) -> list[ConfigError]:
        """What stops the configured recogniser and wake engine from being built, without building them:
        a name no plugin provides, as a :class:`homeslm.ConfigError` at its key (``homeslm check-config``)."""
        voice = voice or self.config.voice_settings
        wanted = [(RECOGNIZER, self.recognizers, voice.recognizer)]
        if voice.wake_phrase is not None:
            wanted.append((WAKE_ENGINE, self.wake_engines, voice.wake_engine))
        out = []
        for kind, table, name in wanted:
            try:
                self._find(kind, table, name)
            except ConfigError as exc:
                out.append(exc)
        return out

    def _find(self, kind: EngineKind, table: Mapping[str, Engine], name: str) -> Engine:
        engine = table.get(name)
        if engine is not None:
            return engine
        installed = ", ".join(sorted(table)) or "none"
        problem = f"no plugin provides the {kind.noun} {name!r}; installed: {installed}"
        failed = sorted({*self.errors, *getattr(self.pm, "failures", {})})
        if failed:
            problem += f" (plugins that failed to load or register: {', '.join(failed)})"
        raise self.config.error(kind.key, problem + "; `homeslm plugins` lists what each plugin provides")
