"""What one draw of the training data generator is made of: the action tables (which device types
and groups an action applies to, how often it is drawn), :class:`Spec` (one intent before
placeholders), :class:`Example` (one labelled sentence) and :class:`Skip` (this draw failed, draw again).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from homeslm.grammar.homes import HomeDevice

# Which device types each action applies to.
ACTION_TYPES: dict[str, tuple[str, ...]] = {
    "turn_on": ("light", "switch", "fan", "media_player", "climate", "valve", "scene", "script"),
    "turn_off": ("light", "switch", "fan", "media_player", "climate", "valve"),
    "toggle": ("light", "switch", "fan"),
    "set_brightness": ("light",), "increase_brightness": ("light",), "decrease_brightness": ("light",),
    "set_color": ("light",), "set_color_temp": ("light",), "warmer_color_temp": ("light",), "cooler_color_temp": ("light",),
    "set_temperature": ("climate",), "get_temperature": ("climate", "sensor"),
    "get_state": ("light", "switch", "fan", "cover", "lock", "binary_sensor", "media_player", "valve", "vacuum", "climate"),
    "open": ("cover", "valve"), "close": ("cover", "valve"), "set_position": ("cover",),
    "lock": ("lock",), "unlock": ("lock",),
    "media_pause": ("media_player",), "media_resume": ("media_player",), "media_next": ("media_player",),
    "media_previous": ("media_player",), "set_volume": ("media_player",),
    "vacuum_start": ("vacuum",), "vacuum_return_to_base": ("vacuum",),
}
# Group commands make sense for these (action -> domains).
GROUP_TYPES: dict[str, tuple[str, ...]] = {
    "turn_on": ("light", "switch", "fan", "media_player", "climate", "valve"),
    "turn_off": ("light", "switch", "fan", "media_player", "climate", "valve"),
    "set_brightness": ("light",), "increase_brightness": ("light",), "decrease_brightness": ("light",),
    "set_color": ("light",), "set_color_temp": ("light",), "warmer_color_temp": ("light",),
    "cooler_color_temp": ("light",), "set_temperature": ("climate",),
    "get_temperature": ("climate",), "get_state": ("light", "cover", "lock", "binary_sensor", "switch", "fan", "climate"),
    "open": ("cover",), "close": ("cover",), "set_position": ("cover",), "lock": ("lock",), "unlock": ("lock",),
    "toggle": ("light",),
}
ACTION_WEIGHTS: dict[str, float] = {
    "turn_on": 14, "turn_off": 14, "toggle": 1.5, "set_brightness": 5, "increase_brightness": 3, "decrease_brightness": 3,
    "set_color": 3, "set_color_temp": 1.5, "warmer_color_temp": 1.2, "cooler_color_temp": 1.0, "set_temperature": 3.5, "get_temperature": 2.5, "get_state": 9,
    "open": 3.5, "close": 3.5, "set_position": 2, "lock": 2, "unlock": 2, "media_pause": 1.5, "media_resume": 1.2,
    "media_next": 1.2, "media_previous": 1, "set_volume": 1.5, "start_timer": 4, "cancel_timer": 1.5,
    "cancel_all_timers": 0.8, "pause_timer": 0.7, "resume_timer": 0.7, "increase_timer": 0.8, "decrease_timer": 0.6,
    "timer_status": 1.5, "vacuum_start": 1, "vacuum_return_to_base": 0.8, "cancel": 1.5,
}
PCT_ACTIONS = ("set_brightness", "set_position", "set_volume")
TIMER_ACTIONS = ("start_timer", "cancel_timer", "cancel_all_timers", "pause_timer", "resume_timer", "increase_timer",
                 "decrease_timer", "timer_status")


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
