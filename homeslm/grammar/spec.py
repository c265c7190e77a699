"""What one draw of the training data generator is made of: the action tables (which device types
and groups an action applies to, how often it is drawn), :class:`Spec` (one intent before
placeholders), :class:`Example` (one labelled sentence) and :class:`Skip` (this draw failed, draw again).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from homeslm.actions import BUILTIN_ACTIONS
from homeslm.grammar.homes import HomeDevice

# The action tables derive from homeslm.actions.BUILTIN_ACTIONS, in its rows' order (the draws depend on it).
# Which device types each action applies to (fewer than the run time accepts: BuiltinAction.grammar_types).
ACTION_TYPES: dict[str, tuple[str, ...]] = {a.name: a.grammar_types for a in BUILTIN_ACTIONS if a.grammar_types}
# Group commands make sense for these (action -> domains).
GROUP_TYPES: dict[str, tuple[str, ...]] = {a.name: a.group_types for a in BUILTIN_ACTIONS if a.group_types}
ACTION_WEIGHTS: dict[str, float] = {a.name: a.weight for a in BUILTIN_ACTIONS}
PCT_ACTIONS = tuple(a.name for a in BUILTIN_ACTIONS if a.percent_value)
#: Relative actions whose step, when one is said, is in percent ("brighter by 20 percent", "volume up 10").
RELATIVE_PCT_ACTIONS = tuple(a.name for a in BUILTIN_ACTIONS if a.relative and a.unit == "%")
TIMER_ACTIONS = tuple(a.name for a in BUILTIN_ACTIONS if a.timer)


class Skip(Exception):
    """This draw cannot make a valid example; draw again."""


@dataclass
class Spec:
    """One intent in entity space, before placeholders."""

    action: str
    device: HomeDevice | None = None
    domain: str | None = None
    loc: list[tuple[str, str]] = field(default_factory=list)
    """("area", name) / ("floor", name) / ("house", "")."""
    one: bool = False
    it: bool = False
    unknown: str | None = None
    number: float | None = None
    unit: str | None = None
    word: str | None = None
    duration: list[tuple[float, str]] = field(default_factory=list)
    timer_len: bool = False
    timer_name: str | None = None
    excluded: list[tuple[str, str]] = field(default_factory=list)
    """What a group command leaves out: ("area", name) / ("device", name) ("all the lights except the kitchen")."""
    quantifier: str | None = None
    """What a question over a group asks (``all``, ``count``, ``which``: :data:`phrases.sensors.QUANTIFIERS`), or ``None``."""
    shared_value: bool = False
    """The value was spoken once for several targets ("set the lamp and the strip to 40 percent")."""
    fixed: bool = False
    """The value comes from an idiom ("half way", "max volume", :data:`phrases.FIXED_VALUES`): the label
    uses the number the normaliser made of it, or the value itself when the idiom stayed words."""


@dataclass
class Example:
    source: str
    """Model input: normalised, with placeholders."""
    target: str
    """Model output: notation | response."""
    raw: str
    """The sentence as a person would say it (for speech LMs and debugging)."""
