"""Calling a hook plugin by plugin, each call in its own error boundary (pluggy stops at the first
exception): :func:`call_each`, :func:`call_first` (through :func:`homeslm.plugins.isolation.call_isolated`),
and :func:`wanted_params`, which the registries use to check a plugin's handlers and factories."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pluggy

from homeslm.errors import PluginError
from homeslm.plugins.isolation import call_isolated, hook_impls


def call_each(pm: pluggy.PluginManager, hook_name: str, **kwargs: Any) -> list[tuple[str, Any]]:
    """Call ``hook_name`` on every plugin, each in its own error boundary, in registration order.

    Returns ``(plugin name, result)`` for the plugins that did not raise; a raising plugin is logged
    with ``logger.exception`` and left out.
    """
    outcomes = [call_isolated(impl, kwargs, hook=hook_name) for impl in hook_impls(pm, hook_name)]
    return [(o.plugin, o.result) for o in outcomes if o.ok]


def call_first(pm: pluggy.PluginManager, hook_name: str, **kwargs: Any) -> tuple[str, Any] | None:
    """Call ``hook_name`` plugin by plugin in pluggy's order (last registered first) until one returns
    something other than ``None``/``False``; ``(plugin name, result)`` or ``None``.

    A raising plugin is logged and the next one is tried.
    """
    for impl in reversed(hook_impls(pm, hook_name)):
        outcome = call_isolated(impl, kwargs, hook=hook_name)
        if outcome.ok and outcome.result is not None and outcome.result is not False:
            return outcome.plugin, outcome.result
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
