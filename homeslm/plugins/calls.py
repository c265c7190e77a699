"""Calling a hook plugin by plugin, each call in its own error boundary (pluggy stops at the first
exception): :func:`call_each`, :func:`call_first`, and the helpers the registry and
:mod:`homeslm.voice.engines` share."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Mapping
from typing import Any

import pluggy

from homeslm.errors import PluginError

# The package's name, as before the split: log lines (and tests' caplog) say homeslm.plugins.
logger = logging.getLogger("homeslm.plugins")


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


def wanted_params(plugin: str, where: str, function: Callable[..., Any], allowed: frozenset[str], what: str) -> frozenset[str]:
    """Which of ``allowed`` a plugin's ``function`` (an action handler, an engine factory) asks for by
    name (all of them with ``**kwargs``); :class:`PluginError` for a required parameter outside them
    or an unreadable signature. ``what`` names the function in errors ("handler", "factory")."""
    try:
        sig = inspect.signature(function)
    except (TypeError, ValueError) as exc:
        raise PluginError(f"plugin {plugin!r}: {where}: cannot read the {what}'s signature: {exc}") from exc
    wanted: set[str] = set()
    for p in sig.parameters.values():
        if p.kind is inspect.Parameter.VAR_KEYWORD:
            wanted |= allowed
        elif p.kind is inspect.Parameter.VAR_POSITIONAL:
            continue
        elif p.name in allowed and p.kind is not inspect.Parameter.POSITIONAL_ONLY:
            wanted.add(p.name)
        elif p.default is inspect.Parameter.empty:
            raise PluginError(
                f"plugin {plugin!r}: {where}: {what} {getattr(function, '__name__', function)!r} asks for "
                f"{p.name!r}; a {what} may ask for {', '.join(sorted(allowed))}"
            )
    return frozenset(wanted)
