"""Speech recognisers and wake engines provided by plugins, chosen by name (DESIGN.md section 5).

Plugins declare them with the ``register_recognizers`` and ``register_wake_engines`` hooks
(:mod:`homeslm.plugins.hookspecs`); the built-ins are declared the same way by ``homeslm/default_plugins/pocketsphinx.py``
(the ``pocketsphinx`` recogniser and the ``pocketsphinx`` keyword-spotting wake engine) and
``homeslm/default_plugins/vosk.py`` (the ``vosk`` recogniser).

:class:`SpeechEngines` collects the declarations, each plugin in its own error boundary (a plugin
that raises or registers something wrong is logged and left out, like in the action registry), and
builds the one recogniser ``voice.recognizer`` names and the one wake engine ``voice.wake_engine``
names. A name no plugin provides is a :class:`homeslm.ConfigError` at that key, listing the
installed choices. Declaring builds nothing, so ``homeslm plugins`` can list every choice cheaply.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pluggy

from homeslm.config.model import Config
from homeslm.errors import ConfigError, HomeslmError, PluginError
from homeslm.plugins.calls import _call_impl, _impls, wanted_params

if TYPE_CHECKING:
    from homeslm.voice.asr.base import Recognizer
    from homeslm.voice.loop import VoiceSettings
    from homeslm.voice.wake import WakeDetector

logger = logging.getLogger(__name__)

#: What a recogniser factory may ask for, by parameter name.
RECOGNIZER_PARAMS: frozenset[str] = frozenset({"config", "voice", "settings", "phrases", "sentences"})
#: What a wake engine factory may ask for, by parameter name.
WAKE_ENGINE_PARAMS: frozenset[str] = frozenset({"config", "voice", "settings", "phrase", "sensitivity", "threshold"})

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


class SpeechEngines:
    """The recognisers and wake engines the loaded plugins declare, and building the configured ones.

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
            for impl in _impls(pm, kind.hook):
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

        try:
            _call_impl(impl, {"register": register, "config": self.config, "settings": self.settings_for(plugin)})
        except Exception as exc:  # boundary: one plugin's declarations
            logger.exception("plugin %s failed in %s; its %ss are left out", plugin, kind.hook, kind.noun)
            reason = str(exc) if isinstance(exc, HomeslmError) else f"{kind.hook} failed: {exc!r}"
            self.errors[plugin] = f"{self.errors[plugin]}; {reason}" if plugin in self.errors else reason
            if strict:
                if isinstance(exc, HomeslmError):
                    raise
                raise PluginError(f"plugin {plugin!r}: {kind.hook} failed: {exc!r}") from exc
            return
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
        from homeslm.voice.loop import VoiceSettings

        voice = voice or VoiceSettings.from_config(self.config)
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

    def _build(self, kind: EngineKind, engine: Engine, available: Mapping[str, Callable[[], Any]]) -> Any:
        kwargs = {name: make() for name, make in available.items() if name in engine.params}
        try:
            return engine.factory(**kwargs)
        except HomeslmError:
            raise  # says what to do (a missing model, a missing package)
        except Exception as exc:  # boundary: one plugin's factory
            logger.exception("plugin %s failed to build the %s %r", engine.plugin, kind.noun, engine.name)
            raise PluginError(f"plugin {engine.plugin!r}: the {kind.noun} {engine.name!r} could not be built: "
                              f"{exc!r}") from exc

    # -- building --

    def make_recognizer(self, voice: VoiceSettings | None = None) -> Recognizer:
        """A new recogniser of the kind ``voice.recognizer`` names (``voice``: the config's when ``None``).

        Raises :class:`homeslm.ConfigError` (at ``voice.recognizer``) when no plugin provides it, the
        factory's :class:`homeslm.HomeslmError` as it is, and :class:`homeslm.PluginError` when the
        factory fails otherwise or returns something that is not a :class:`homeslm.Recognizer`.
        """
        from homeslm.voice.asr import home_phrases, home_sentences
        from homeslm.voice.asr.base import Recognizer
        from homeslm.voice.loop import VoiceSettings

        voice = voice or VoiceSettings.from_config(self.config)
        engine = self._find(RECOGNIZER, self.recognizers, voice.recognizer)
        config = self.config
        recognizer = self._build(RECOGNIZER, engine, {
            "config": lambda: config,
            "voice": lambda: voice,
            "settings": lambda: self.settings_for(engine.plugin),
            "phrases": lambda: home_phrases(config),
            "sentences": lambda: home_sentences(config, voice),
        })
        if not isinstance(recognizer, Recognizer):
            raise PluginError(f"plugin {engine.plugin!r}: the recogniser {engine.name!r} factory returned "
                              f"{type(recognizer).__name__}, not a homeslm.Recognizer")
        logger.info("recogniser %s (plugin %s)", engine.name, engine.plugin)
        return recognizer

    def make_wake_engine(self, voice: VoiceSettings | None = None) -> WakeDetector | None:
        """A new wake engine of the kind ``voice.wake_engine`` names; ``None`` when ``voice.wake_phrase``
        is null (push-to-talk and follow-ups only). Errors as :meth:`make_recognizer`."""
        from homeslm.voice.loop import VoiceSettings
        from homeslm.voice.wake import WakeDetector

        voice = voice or VoiceSettings.from_config(self.config)
        if voice.wake_phrase is None:
            return None
        engine = self._find(WAKE_ENGINE, self.wake_engines, voice.wake_engine)
        config = self.config
        detector = self._build(WAKE_ENGINE, engine, {
            "config": lambda: config,
            "voice": lambda: voice,
            "settings": lambda: self.settings_for(engine.plugin),
            "phrase": lambda: voice.wake_phrase,
            "sensitivity": lambda: voice.wake_sensitivity,
            "threshold": lambda: voice.wake_threshold,
        })
        if not isinstance(detector, WakeDetector):
            raise PluginError(f"plugin {engine.plugin!r}: the wake engine {engine.name!r} factory returned "
                              f"{type(detector).__name__}, not a homeslm.WakeDetector")
        logger.info("wake engine %s (plugin %s)", engine.name, engine.plugin)
        return detector
