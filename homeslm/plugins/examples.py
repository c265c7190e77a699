"""Example sentences plugins give with their actions (for the model trainer): :class:`ActionExample`,
:class:`ExtraAction`, and the checks that refuse a malformed example, naming the plugin."""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from homeslm.errors import PluginError
from homeslm.schema import DEVICE_TYPES, UNITS

#: Placeholders an example sentence may contain.
EXAMPLE_PLACEHOLDERS: frozenset[str] = frozenset({"device", "area", "floor", "value"})


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
