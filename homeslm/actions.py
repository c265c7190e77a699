"""The built-in actions (docs/DESIGN.md section 3), one row each: the one place an action is described.

Every other table of built-in actions derives from :data:`BUILTIN_ACTIONS` and keeps its old name:

- :data:`homeslm.schema.ACTIONS`: the action names;
- :mod:`homeslm.understanding.resolve`: ``ACTION_TYPES`` (:attr:`BuiltinAction.types`),
  ``DEFAULT_DOMAIN``, ``RANGES``, ``TIMER_ACTIONS`` and ``ACTION_UNITS`` (the unit a number always has);
- :data:`homeslm.understanding.confirmation.READ_ONLY_ACTIONS`;
- :mod:`homeslm.understanding.responses`: the verbs of the answers ("turning on", "turn on");
- :data:`homeslm.plugins.registry`'s refusal wording ("The hallway sensor can't be turned on.");
- :data:`homeslm.hermes.messages.INTENT_NAMES`;
- :mod:`homeslm.grammar.spec`: ``ACTION_TYPES`` (:attr:`BuiltinAction.grammar_types`), ``GROUP_TYPES``,
  ``ACTION_WEIGHTS``, ``PCT_ACTIONS``, ``TIMER_ACTIONS``.

The rows' order is the grammar's drawing order (the generated data depends on it). What each plugin
sends for an action (its payloads, its per-type action lists) stays in the plugin; phrasings stay in
the grammar (:mod:`homeslm.grammar.phrases`). This module imports nothing of homeslm: it is the
bottom of the import layering, beside :mod:`homeslm.schema`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class BuiltinAction:
    """One built-in action and every fact the core keeps about it."""

    name: str
    """The action as the schema and the model's notation write it (``turn_on``)."""
    types: tuple[str, ...] = ()
    """Device types it applies to at run time (the resolver; a plugin registry refines it). Empty for the
    timer actions and ``cancel``, which act on no device."""
    grammar_types: tuple[str, ...] = ()
    """Device types the grammar draws it for, in drawing order: on purpose fewer than :attr:`types`
    where the run time accepts what the training data leaves out (``toggle`` on a media player,
    ``turn_on`` on a vacuum, ``open`` on a lock)."""
    group_types: tuple[str, ...] = ()
    """Domains the grammar draws a group command for ("all the lights"), in drawing order."""
    default_domain: str | None = None
    """The domain a command naming no device or domain addresses ("pause" -> the media players)."""
    value_range: tuple[float, float] | None = None
    """The built-in range of its number (``set_temperature``'s, 5..35 °C or 40..95 °F, is by unit in the
    resolver)."""
    unit: str | None = None
    """The unit its number always has (``%``, ``K``); ``None`` where the sentence says it (degrees) or
    where there is no number (a timer's length is a duration in seconds)."""
    relative: bool = False
    """Its value is a step from the current one ("brighter by 10 percent", "warmer", "add 5 minutes")."""
    read_only: bool = False
    """It only reads a state: never asked about, and what a question may do."""
    timer: bool = False
    """A timer action (the ``timers`` plugin; domain ``timer``)."""
    gerund: str | None = None
    """The answer's verb ("turning on the lights"); ``None`` where the answer is fixed (``cancel``)."""
    infinitive: str | None = None
    """The same verb in a question ("do you want me to turn on the lights?")."""
    cannot: str | None = None
    """How a refusal names it: "The hallway sensor can't <cannot>."; ``None`` for actions on no device."""
    leaves: str | None = None
    """The state it leaves a device in, which a question saying it asks ("have the blinds been closed": is the
    device closed; policy ``question_never_acts``); ``""`` for a flip ("is the lamp on or off": its state, whichever
    it is); ``None`` where it leaves no state to ask."""
    hermes: str | None = None
    """Its Hermes intent name where it is not the name in CamelCase (:attr:`hermes_name`)."""
    weight: float = 0.0
    """How often the grammar draws it (relative)."""

    @property
    def hermes_name(self) -> str:
        """The Hermes intent name (docs/hermes.md): :attr:`hermes`, else the name in CamelCase."""
        return self.hermes or camel_case(self.name)

    @property
    def percent_value(self) -> bool:
        """Its number is a level in percent ("set ... to 40 percent"), not a step."""
        return self.unit == "%" and not self.relative


def camel_case(action: str) -> str:
    """``vacuum_return_to_base`` -> ``VacuumReturnToBase``."""
    return "".join(part.capitalize() for part in re.split(r"[_\W]+", action) if part)


_SWITCHABLE = ("light", "switch", "fan", "media_player", "climate", "valve")
_L = ("light",)
_M = ("media_player",)

BUILTIN_ACTIONS: tuple[BuiltinAction, ...] = (
    BuiltinAction("turn_on", types=(*_SWITCHABLE, "scene", "script", "vacuum"),
                  grammar_types=(*_SWITCHABLE, "scene", "script"), group_types=_SWITCHABLE, default_domain="light",
                  gerund="turning on", infinitive="turn on", cannot="be turned on", leaves="on", weight=14),
    BuiltinAction("turn_off", types=(*_SWITCHABLE, "vacuum"), grammar_types=_SWITCHABLE, group_types=_SWITCHABLE,
                  default_domain="light", gerund="turning off", infinitive="turn off", cannot="be turned off",
                  leaves="off", weight=14),
    BuiltinAction("toggle", types=("light", "switch", "fan", "media_player"), grammar_types=("light", "switch", "fan"),
                  group_types=_L, default_domain="light", gerund="toggling", infinitive="toggle",
                  cannot="be toggled", leaves="", weight=1.5),
    BuiltinAction("set_brightness", types=_L, grammar_types=_L, group_types=_L, default_domain="light",
                  value_range=(0, 100), unit="%", gerund="setting", infinitive="set", cannot="be dimmed", weight=5),
    BuiltinAction("increase_brightness", types=_L, grammar_types=_L, group_types=_L, default_domain="light",
                  value_range=(0, 100), unit="%", relative=True, gerund="brightening", infinitive="brighten",
                  cannot="be brightened", weight=3),
    BuiltinAction("decrease_brightness", types=_L, grammar_types=_L, group_types=_L, default_domain="light",
                  value_range=(0, 100), unit="%", relative=True, gerund="dimming", infinitive="dim",
                  cannot="be dimmed", weight=3),
    BuiltinAction("set_color", types=_L, grammar_types=_L, group_types=_L, default_domain="light",
                  gerund="making", infinitive="make", cannot="change colour", weight=3),
    BuiltinAction("set_color_temp", types=_L, grammar_types=_L, group_types=_L, default_domain="light",
                  value_range=(1000, 10000), unit="K", gerund="setting", infinitive="set",
                  cannot="change its colour temperature", hermes="SetColorTemperature", weight=1.5),
    BuiltinAction("warmer_color_temp", types=_L, grammar_types=_L, group_types=_L, default_domain="light",
                  relative=True, gerund="making", infinitive="make", cannot="be made warmer",
                  hermes="WarmerColorTemperature", weight=1.2),
    BuiltinAction("cooler_color_temp", types=_L, grammar_types=_L, group_types=_L, default_domain="light",
                  relative=True, gerund="making", infinitive="make", cannot="be made cooler",
                  hermes="CoolerColorTemperature", weight=1.0),
    BuiltinAction("set_temperature", types=("climate",), grammar_types=("climate",), group_types=("climate",),
                  default_domain="climate", gerund="setting", infinitive="set", cannot="be set to a temperature",
                  weight=3.5),
    BuiltinAction("increase_temperature", types=("climate",), grammar_types=("climate",), group_types=("climate",),
                  default_domain="climate", value_range=(0.5, 10), relative=True, gerund="turning up",
                  infinitive="turn up", cannot="be turned up", weight=1.6),
    BuiltinAction("decrease_temperature", types=("climate",), grammar_types=("climate",), group_types=("climate",),
                  default_domain="climate", value_range=(0.5, 10), relative=True, gerund="turning down",
                  infinitive="turn down", cannot="be turned down", weight=1.3),
    BuiltinAction("get_temperature", types=("climate", "sensor"), grammar_types=("climate", "sensor"),
                  group_types=("climate",), default_domain="climate", read_only=True,
                  gerund="checking the temperature", infinitive="check the temperature",
                  cannot="tell the temperature", weight=2.5),
    BuiltinAction("get_state", types=("light", "switch", "fan", "cover", "lock", "binary_sensor", "media_player", "valve",
                                      "vacuum", "sensor", "climate", "person"),
                  grammar_types=("light", "switch", "fan", "cover", "lock", "binary_sensor", "media_player", "valve",
                                 "vacuum", "climate"),
                  group_types=("light", "cover", "lock", "binary_sensor", "switch", "fan", "climate"),
                  read_only=True, gerund="checking", infinitive="check", cannot="tell its state", weight=9),
    BuiltinAction("open", types=("cover", "valve", "lock"), grammar_types=("cover", "valve"), group_types=("cover",),
                  default_domain="cover", gerund="opening", infinitive="open", cannot="be opened", leaves="open", weight=3.5),
    BuiltinAction("close", types=("cover", "valve"), grammar_types=("cover", "valve"), group_types=("cover",),
                  default_domain="cover", gerund="closing", infinitive="close", cannot="be closed", leaves="closed", weight=3.5),
    BuiltinAction("set_position", types=("cover",), grammar_types=("cover",), group_types=("cover",),
                  default_domain="cover", value_range=(0, 100), unit="%", gerund="setting", infinitive="set",
                  cannot="be moved to a position", weight=2),
    BuiltinAction("lock", types=("lock",), grammar_types=("lock",), group_types=("lock",), default_domain="lock",
                  gerund="locking", infinitive="lock", cannot="be locked", leaves="locked", weight=2),
    BuiltinAction("unlock", types=("lock",), grammar_types=("lock",), group_types=("lock",), default_domain="lock",
                  gerund="unlocking", infinitive="unlock", cannot="be unlocked", leaves="unlocked",
                  weight=2),
    BuiltinAction("media_pause", types=_M, grammar_types=_M, default_domain="media_player", gerund="pausing",
                  infinitive="pause", cannot="be paused", weight=1.5),
    BuiltinAction("media_resume", types=_M, grammar_types=_M, default_domain="media_player", gerund="resuming",
                  infinitive="resume", cannot="resume playing", weight=1.2),
    BuiltinAction("media_next", types=_M, grammar_types=_M, default_domain="media_player",
                  gerund="skipping to the next track", infinitive="skip to the next track",
                  cannot="skip to the next track", weight=1.2),
    BuiltinAction("media_previous", types=_M, grammar_types=_M, default_domain="media_player",
                  gerund="going back a track", infinitive="go back a track", cannot="go back a track", weight=1),
    BuiltinAction("set_volume", types=_M, grammar_types=_M, default_domain="media_player", value_range=(0, 100),
                  unit="%", gerund="setting the volume", infinitive="set the volume", cannot="change its volume",
                  weight=1.5),
    BuiltinAction("increase_volume", types=_M, grammar_types=_M, group_types=_M, default_domain="media_player",
                  value_range=(1, 100), unit="%", relative=True, gerund="turning up", infinitive="turn up",
                  cannot="be turned up", weight=1.6),
    BuiltinAction("decrease_volume", types=_M, grammar_types=_M, group_types=_M, default_domain="media_player",
                  value_range=(1, 100), unit="%", relative=True, gerund="turning down", infinitive="turn down",
                  cannot="be turned down", weight=1.4),
    BuiltinAction("start_timer", timer=True, gerund="starting", infinitive="start", weight=4),
    BuiltinAction("cancel_timer", timer=True, gerund="cancelling", infinitive="cancel", weight=1.5),
    BuiltinAction("cancel_all_timers", timer=True, gerund="cancelling", infinitive="cancel", weight=0.8),
    BuiltinAction("pause_timer", timer=True, gerund="pausing", infinitive="pause", weight=0.7),
    BuiltinAction("resume_timer", timer=True, gerund="resuming", infinitive="resume", weight=0.7),
    BuiltinAction("increase_timer", timer=True, relative=True, gerund="adding", infinitive="add", weight=0.8),
    BuiltinAction("decrease_timer", timer=True, relative=True, gerund="taking", infinitive="take", weight=0.6),
    BuiltinAction("timer_status", timer=True, read_only=True, gerund="checking", infinitive="check", weight=1.5),
    BuiltinAction("vacuum_start", types=("vacuum",), grammar_types=("vacuum",), default_domain="vacuum",
                  gerund="starting", infinitive="start", cannot="start cleaning", weight=1),
    BuiltinAction("vacuum_return_to_base", types=("vacuum",), grammar_types=("vacuum",), default_domain="vacuum",
                  gerund="sending", infinitive="send", cannot="return to its base", weight=0.8),
    BuiltinAction("cancel", weight=1.5),  # "never mind": answered "okay", acts on nothing
)

#: The rows by action name.
BY_NAME: dict[str, BuiltinAction] = {a.name: a for a in BUILTIN_ACTIONS}
