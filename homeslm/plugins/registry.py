"""The action registry: which plugin handles which action on which device type (each plugin's
``register_actions`` called on its own), the plugins' lifecycle hooks, and the time-limited dispatch
of an intent to its handler inside one error boundary (:meth:`ActionRegistry.execute`)."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pluggy

from homeslm.actions import BUILTIN_ACTIONS
from homeslm.config.model import Config, Device, with_article
from homeslm.errors import ConfigError, PluginError
from homeslm.plugins.calls import wanted_params
from homeslm.plugins.context import MqttLike, PluginContext, StateCache
from homeslm.plugins.engine_registry import EngineRegistry
from homeslm.plugins.examples import ActionExample, ExtraAction, _parse_examples
from homeslm.plugins.isolation import call_isolated, hook_impls
from homeslm.plugins.manager import PluginInfo, _module_version
from homeslm.schema import ACTIONS, DEVICE_TYPES, EXTRA_DOMAINS, ActionResult, Intent

# The package's name, as before the split: log lines (and tests' caplog) say homeslm.plugins.
logger = logging.getLogger("homeslm.plugins")

#: What an action handler may ask for, by parameter name.
HANDLER_PARAMS: frozenset[str] = frozenset({"intent", "device", "mqtt", "settings", "config", "announce", "state",
                                            "area"})

_ACTION_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class _Handler:
    plugin: str
    domain: str
    action: str
    function: Callable[..., Any]
    params: frozenset[str]
    examples: tuple[ActionExample, ...] = field(default=())


#: How a refusal names what a device cannot do: "The hallway sensor can't <phrase>."
#: (:attr:`homeslm.actions.BuiltinAction.cannot`).
_CANNOT = {a.name: a.cannot for a in BUILTIN_ACTIONS if a.cannot}


#: The most handler threads of one plugin that may still run after their action timed out. A handler that
#: never returns keeps its thread (Python cannot stop one), so without a bound each timed-out action leaked
#: a thread; once a plugin has this many overdue, its further actions fail at once ("did not answer")
#: without a new thread, until one of them returns. Handlers within their time are not counted: a sentence
#: runs its devices side by side ("turn off all the lights": one handler per light at once). Other plugins
#: are not affected.
MAX_ACTION_THREADS_PER_PLUGIN = 4
#: The most handler threads of one plugin running at all (a sentence on more devices than this has the rest
#: refused as busy): what many actions that all hang within one time limit can hold.
MAX_RUNNING_PER_PLUGIN = 64
#: At most one log line a minute per plugin about actions refused for that.
_BUSY_LOG_INTERVAL_S = 60.0


def the(name: str) -> str:
    """``"The hallway sensor"``, "Gemma's phone": a device name at the start of a sentence."""
    return with_article(name, capital=True)


class ActionRegistry:
    """Which plugin handles which action on which device type, and the time-limited dispatch to it.

    Building one calls every plugin's ``register_actions`` separately: a plugin whose registration
    raises is logged, recorded in :attr:`errors` and left out; the others are unaffected.

    :param pm: from :func:`build_plugin_manager`.
    :param config: the home; handlers get it as ``config``, and each plugin its settings block.
    :param mqtt: the started MQTT client, or ``None`` (handlers that need it then refuse politely).
    :param announce: speaks and publishes a message (timer ends); ``None`` only logs it.
    :param announce_at: ``announce_at(text, site)``: the same at a site; an action run for a site
        (:meth:`execute`'s ``site``) gets an ``announce`` that says it there (a timer started from a
        satellite ends on that satellite). Without it, ``announce``.
    :param state_dir: the daemon's state directory, given to plugins as ``context.state_dir``;
        ``None`` (one-shot commands, tests): plugins keep nothing on disk.
    :param strict: re-raise the first registration error: a :class:`ConfigError` for invalid
        plugin settings, else a :class:`PluginError`.
    :param log_problems: log each configuration problem a plugin reports (``report_problem``) at
        ERROR as it comes; ``False`` when the caller prints :attr:`config_problems` itself
        (``homeslm check-config``).
    """

    def __init__(
        self,
        pm: pluggy.PluginManager,
        config: Config,
        *,
        mqtt: MqttLike | None = None,
        announce: Callable[[str], None] | None = None,
        announce_at: Callable[[str, str], None] | None = None,
        strict: bool = False,
        state_dir: Path | None = None,
        log_problems: bool = True,
    ) -> None:
        self.pm = pm
        self.config = config
        self.mqtt = mqtt
        self._announce_fn = announce
        self._announce_at = announce_at
        self.state_dir = state_dir
        self._handlers: dict[tuple[str, str, str], _Handler] = {}
        self._domains: dict[tuple[str, str], _Handler] = {}
        self._states: dict[str, StateCache] = {}
        self._contexts: dict[str, PluginContext] = {}
        self._threads_lock = threading.Lock()
        self._running: dict[str, int] = {}
        """Per plugin, how many of its handler threads are running."""
        self._overdue: dict[str, int] = {}
        """Per plugin, how many of those run past their action's time limit (no new handler starts while there are
        :data:`MAX_ACTION_THREADS_PER_PLUGIN`; handlers started together before any was late may all be here)."""
        self._busy_logged_s: dict[str, float] = {}
        self.errors: dict[str, str] = {}
        """Plugins whose ``register_actions`` failed, with the error."""
        self.config_problems: dict[str, list[ConfigError]] = {}
        """Per plugin, the configuration problems it reported through ``report_problem`` while
        registering (a device's bad options): the plugin is loaded and drives its other devices, but
        the config is wrong; ``homeslm check-config`` fails on them."""
        self._log_problems = log_problems
        for impl in hook_impls(pm, "register_actions"):
            self._register_plugin(impl, strict=strict)

    # -- registration --

    def settings_for(self, plugin: str) -> dict[str, Any]:
        block = self.config.plugins.settings.get(plugin)
        return dict(block) if isinstance(block, Mapping) else {}

    def state_for(self, plugin: str) -> StateCache:
        """The plugin's state cache (created on first use, one per registry)."""
        if plugin not in self._states:
            self._states[plugin] = StateCache(plugin)
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
            params = wanted_params(plugin, where, handler, HANDLER_PARAMS, "handler")
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

        def report_problem(problem: ConfigError | str) -> None:
            if isinstance(problem, str):
                problem = ConfigError(f"plugin {plugin!r}: {problem}", file=self.config.source)
            elif not isinstance(problem, ConfigError):
                raise PluginError(f"plugin {plugin!r}: report_problem: expected a ConfigError (from config.error(...)) "
                                  f"or a message, got {problem!r}")
            self.config_problems.setdefault(plugin, []).append(problem)
            if self._log_problems:  # not raised: the plugin goes on driving the devices that are right
                logger.error("%s (plugin %s)", problem, plugin)

        registered = call_isolated(
            impl, {"register": register, "config": self.config, "settings": self.settings_for(plugin),
                   "report_problem": report_problem},
            hook="register_actions", failed="failed to register its actions; it is left out",
            failures=self.errors, strict=strict, log=logger)
        if not registered.ok:
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

    def describe(self, model_actions: Collection[str] | None = None) -> list[dict[str, Any]]:
        """What ``homeslm plugins`` prints: per plugin its name, version, source, hooks, actions
        by device type or domain, the speech recognisers and wake engines it provides (by the names
        ``voice.recognizer`` / ``voice.wake_engine`` choose them), and the error when it failed to
        load or register. Given the plugin actions the intent model learned (``model_actions``), each
        row also lists the actions it adds that the model cannot produce (``unknown_to_model``)."""
        engines = EngineRegistry(self.pm, self.config)
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
            if model_actions is not None:
                out[-1]["unknown_to_model"] = sorted({h.action for h in self._all_handlers() if h.plugin == name
                                                      and h.action not in ACTIONS and h.action not in model_actions})
        for name, reason in failures.items():
            out.append({"name": name, "version": None, "source": None, "hooks": [], "actions": {},
                        "recognizers": [], "wake_engines": [], "error": reason})
        return out

    def describe_text(self, model_actions: Collection[str] | None = None) -> str:
        """:meth:`describe` as the lines ``homeslm plugins`` prints; actions the model cannot produce
        (``model_actions``: see :meth:`describe`) are marked ``(unknown to the model)``."""
        lines = []
        for row in self.describe(model_actions):
            unknown = set(row.get("unknown_to_model", ()))
            head = f"{row['name']} {row['version'] or ''}".rstrip()
            lines.append(f"{head} ({row['source']})" if row["source"] else head)
            if row["hooks"]:
                lines.append(f"  hooks: {', '.join(row['hooks'])}")
            for domain, actions in row["actions"].items():
                lines.append(f"  {domain}: {', '.join(a + ' (unknown to the model)' if a in unknown else a for a in actions)}")
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

    def plugin_status(self) -> dict[str, Any]:
        """Which plugins run and which were refused, as the daemon publishes it (``homeslm/<site>/plugins``):
        ``{"loaded": [names], "refused": {name: why}}``; refused are the plugins that failed to load (they
        do not import, implement a misspelled hook, ...) and those whose ``register_actions`` raised."""
        failures: dict[str, str] = getattr(self.pm, "failures", {})
        refused = {**failures, **self.errors}
        return {"loaded": sorted(name for name, _ in self.pm.list_name_plugin() if name not in refused),
                "refused": dict(sorted(refused.items()))}

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

    def announcer(self, site: str | None) -> Callable[[str], None]:
        """The ``announce`` an action run for ``site`` gets: it says the text at that site; never raises."""
        announce_at = self._announce_at
        if site is None or announce_at is None:
            return self.announce

        def announce(text: str) -> None:
            try:
                announce_at(text, site)
            except Exception:  # boundary: the announcer (TTS, MQTT)
                logger.exception("announcing %r at %s failed", text, site)
        return announce

    def area_of(self, site: str | None) -> str | None:
        """The room a command of ``site`` was said in: that satellite's ``area``, else the daemon's ``area``
        (``None``: the config names no room)."""
        for satellite in self.config.hermes.satellites:
            if satellite.site_id == site:
                return satellite.area
        return self.config.area

    def context_for(self, plugin: str) -> PluginContext:
        if plugin not in self._contexts:
            self._contexts[plugin] = PluginContext(
                plugin=plugin, config=self.config, settings=self.settings_for(plugin), mqtt=self.mqtt,
                state=self.state_for(plugin), announce=self.announce, state_dir=self.state_dir,
            )
        return self._contexts[plugin]

    def daemon_started(self) -> None:
        """Call every plugin's ``daemon_started`` with its context, each isolated."""
        for impl in hook_impls(self.pm, "daemon_started"):
            call_isolated(impl, {"context": self.context_for(impl.plugin_name)}, hook="daemon_started",
                          failed="failed in daemon_started", log=logger)

    def daemon_stopping(self) -> None:
        """Call every plugin's ``daemon_stopping`` (reverse order), each isolated."""
        for impl in reversed(hook_impls(self.pm, "daemon_stopping")):
            call_isolated(impl, {"context": self.context_for(impl.plugin_name)}, hook="daemon_stopping",
                          failed="failed in daemon_stopping", log=logger)

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

    def running_threads(self, plugin: str) -> int:
        """How many handler threads of ``plugin`` are running now (those of timed-out actions included)."""
        with self._threads_lock:
            return self._running.get(plugin, 0)

    def _take_thread(self, plugin: str) -> bool:
        """Count one more handler thread of ``plugin``; ``False`` (and a log line a minute at most) when it
        already has :data:`MAX_ACTION_THREADS_PER_PLUGIN` running past their time limit, or
        :data:`MAX_RUNNING_PER_PLUGIN` running at all."""
        with self._threads_lock:
            overdue, running = self._overdue.get(plugin, 0), self._running.get(plugin, 0)
            if overdue < MAX_ACTION_THREADS_PER_PLUGIN and running < MAX_RUNNING_PER_PLUGIN:
                self._running[plugin] = running + 1
                return True
            now = time.monotonic()
            log = now - self._busy_logged_s.get(plugin, -1e9) >= _BUSY_LOG_INTERVAL_S
            if log:
                self._busy_logged_s[plugin] = now
        if log and overdue >= MAX_ACTION_THREADS_PER_PLUGIN:
            logger.error("plugin %s still runs %d actions that did not finish in time: its further actions fail "
                         "until one returns (fix or remove the plugin whose handler hangs)", plugin, overdue)
        elif log:
            logger.error("plugin %s already runs %d actions at once: further ones fail until some return", plugin,
                         running)
        return False

    def execute(self, intent: Intent, device: Device | None = None, *, timeout_s: float = 10.0,
                site: str | None = None, area: str | None = None) -> ActionResult:
        """Run ``intent`` on ``device`` (``None`` for device-less domains such as ``timer``).

        Finds the handler of the device's plugin (or of the plugin that registered the domain),
        calls it in a worker thread with a time limit and one error boundary, and always returns an
        :class:`ActionResult`: a refusal when the action is not supported, a failure with a spoken
        sentence when the handler raised (logged with plugin, intent and device) or did not finish
        within ``timeout_s``, or at once when the plugin already has :data:`MAX_ACTION_THREADS_PER_PLUGIN`
        handlers running (hung ones: each keeps its thread). ``cancel`` ("never mind") does nothing and succeeds.
        ``site``: the site whose command it is (its handler's ``announce`` says things there: :meth:`announcer`).
        ``area``: the room the command was said in, when the caller knows it (a command sent with its room);
        else the site's (:meth:`area_of`). A handler asking for ``area`` gets it (a timer remembers it).
        """
        if intent.action == "cancel":
            return ActionResult(ok=True)
        found = self._find(intent, device)
        if isinstance(found, ActionResult):
            return found
        h = found
        what = with_article(device.name) if device is not None else f"the {h.plugin} plugin"
        if "mqtt" in h.params and self.mqtt is None:
            return ActionResult(ok=False, speech=f"I'm not connected to the MQTT broker, so I can't reach {what}.",
                                data={"refusal": "no_mqtt"})
        available = {
            "intent": intent, "device": device, "mqtt": self.mqtt, "settings": self.settings_for(h.plugin),
            "config": self.config, "announce": self.announcer(site), "state": self.state_for(h.plugin),
            "area": area if area is not None else self.area_of(site),
        }
        kwargs = {k: v for k, v in available.items() if k in h.params}
        box: dict[str, Any] = {}
        name = the(device.name) if device is not None else f"The {h.plugin} plugin"
        if not self._take_thread(h.plugin):
            return ActionResult(ok=False, speech=f"{name} did not answer.", data={"error": "busy", "plugin": h.plugin})

        def run() -> None:
            try:
                box["result"] = h.function(**kwargs)
            except Exception as exc:  # boundary: one plugin's handler (reported below)
                box["error"] = exc
                logger.exception("plugin %s failed on %s for device %s", h.plugin, intent.to_dict(),
                                 device.name if device else None)
            finally:
                with self._threads_lock:
                    self._running[h.plugin] -= 1
                    box["done"] = True
                    if box.get("overdue"):
                        self._overdue[h.plugin] -= 1

        worker = threading.Thread(target=run, name=f"homeslm-action-{h.plugin}-{intent.action}", daemon=True)
        try:
            worker.start()
        except BaseException:
            with self._threads_lock:
                self._running[h.plugin] -= 1
            raise
        worker.join(timeout_s)
        with self._threads_lock:
            late = not box.get("done")
            if late:  # it runs on past its time limit: counted until it returns
                box["overdue"] = True
                self._overdue[h.plugin] = self._overdue.get(h.plugin, 0) + 1
        if late:
            logger.error("plugin %s did not finish %s for device %s within %.1f s", h.plugin, intent.to_dict(),
                         device.name if device else None, timeout_s)
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
