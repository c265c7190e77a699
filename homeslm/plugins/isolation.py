"""The one error boundary around a plugin's hook implementation (docs/DESIGN.md section 5).

pluggy calls every implementation of a hook in one go and stops at the first exception; homeslm calls
them plugin by plugin instead, each through :func:`call_isolated`, so one failing plugin never stops
another or the daemon. Every registry (the action registry, the speech engine registry) and
:func:`homeslm.plugins.call_each` go through it:

- :func:`hook_impls`: a hook's implementations in registration order;
- :func:`call_impl`: one implementation, given the arguments it asks for by name;
- :func:`call_isolated`: the same inside the boundary: a raising plugin is logged with
  ``logger.exception`` and its name, and, for a registry, recorded in its ``failures`` (plugin name ->
  reason) or re-raised when the registry is strict.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

import pluggy

from homeslm.errors import HomeslmError, PluginError

# The package's name, as before the split: log lines (and tests' caplog) say homeslm.plugins.
logger = logging.getLogger("homeslm.plugins")


def hook_impls(pm: pluggy.PluginManager, hook_name: str) -> list[Any]:
    """Hook implementations in registration order (pluggy calls them in the reverse order)."""
    caller = getattr(pm.hook, hook_name, None)
    if caller is None:
        raise PluginError(f"no hook named {hook_name!r}")
    return [impl for impl in caller.get_hookimpls() if not (impl.hookwrapper or impl.wrapper)]


def call_impl(impl: Any, kwargs: Mapping[str, Any]) -> Any:
    """Call one hook implementation with the arguments it asks for (taken from ``kwargs`` by name)."""
    return impl.function(*[kwargs[name] for name in impl.argnames])


@dataclass(frozen=True)
class Outcome:
    """What one isolated call of a plugin's hook implementation gave."""

    plugin: str
    ok: bool
    """``False`` when the implementation raised (it was logged, and recorded where asked)."""
    result: Any = None
    """What the implementation returned (``None`` when it raised)."""


def call_isolated(
    impl: Any,
    kwargs: Mapping[str, Any],
    *,
    hook: str,
    failed: str | None = None,
    failures: MutableMapping[str, str] | None = None,
    strict: bool = False,
    log: logging.Logger | None = None,
) -> Outcome:
    """Call one plugin's implementation of ``hook`` inside one error boundary.

    :param impl: from :func:`hook_impls`.
    :param kwargs: every argument of the hook, by name; the implementation gets those it asks for.
    :param hook: the hook's name, for the log and the recorded reason.
    :param failed: what the log line says after the plugin's name (default ``failed in hook <hook>``).
    :param failures: where a registry records why a plugin is left out (plugin name -> reason: the
        message of a :class:`homeslm.HomeslmError`, else ``<hook> failed: <exception>``); a second
        failure of the same plugin is appended after ``; ``.
    :param strict: re-raise instead of going on: a :class:`homeslm.HomeslmError` as it is (a
        :class:`homeslm.ConfigError` for bad settings), anything else as a :class:`homeslm.PluginError`
        naming the plugin.
    :param log: the logger of the caller (default ``homeslm.plugins``).
    """
    plugin: str = impl.plugin_name
    try:
        return Outcome(plugin, True, call_impl(impl, kwargs))
    except Exception as exc:  # boundary: one plugin's hook implementation
        (log or logger).exception("plugin %s %s", plugin, failed or f"failed in hook {hook}")
        if failures is not None:
            reason = str(exc) if isinstance(exc, HomeslmError) else f"{hook} failed: {exc!r}"
            failures[plugin] = f"{failures[plugin]}; {reason}" if plugin in failures else reason
        if strict:
            if isinstance(exc, HomeslmError):
                raise
            raise PluginError(f"plugin {plugin!r}: {hook} failed: {exc!r}") from exc
        return Outcome(plugin, False)
