"""The one table of built-in actions (homeslm/actions.py): its invariants, and that the tables derived
from it say what its rows say."""

from __future__ import annotations

import importlib
import re

import pytest

from homeslm.actions import BUILTIN_ACTIONS, BY_NAME, BuiltinAction, camel_case
from homeslm.grammar import spec
from homeslm.hermes import messages
from homeslm.plugins import registry
from homeslm.schema import ACTIONS, DEVICE_TYPES, UNITS
from homeslm.understanding import confirmation, resolve
from homeslm.understanding.notation import Frame
from homeslm.understanding.responses import describe_frame

ROWS = [pytest.param(a, id=a.name) for a in BUILTIN_ACTIONS]


def test_every_schema_action_has_exactly_one_row() -> None:
    names = [a.name for a in BUILTIN_ACTIONS]
    assert len(names) == len(set(names)), "an action has two rows"
    assert set(names) == ACTIONS
    assert set(BY_NAME) == ACTIONS and all(BY_NAME[a.name] is a for a in BUILTIN_ACTIONS)


@pytest.mark.parametrize("action", ROWS)
def test_a_rows_device_types_are_schema_device_types_and_nest(action: BuiltinAction) -> None:
    """What the grammar draws the run time accepts; a group's domain is one the grammar draws the action for;
    the default domain is one the action applies to."""
    assert set(action.types) <= DEVICE_TYPES
    assert set(action.grammar_types) <= set(action.types)
    assert set(action.group_types) <= set(action.grammar_types)
    for types in (action.types, action.grammar_types, action.group_types):
        assert len(types) == len(set(types)), f"{action.name}: a device type listed twice"
    if action.default_domain is not None:
        assert action.default_domain in action.types


@pytest.mark.parametrize("action", ROWS)
def test_an_action_on_devices_has_a_refusal_phrase_and_one_on_none_has_none(action: BuiltinAction) -> None:
    """A timer action and ``cancel`` act on no device: no device types, no default domain, no refusal."""
    on_devices = not action.timer and action.name != "cancel"
    assert bool(action.types) == on_devices
    assert bool(action.cannot) == on_devices
    if not on_devices:
        assert action.default_domain is None and not action.grammar_types


def test_read_only_actions_are_exactly_the_ones_confirmation_and_the_question_guard_use() -> None:
    assert {a.name for a in BUILTIN_ACTIONS if a.read_only} == confirmation.READ_ONLY_ACTIONS
    assert confirmation.READ_ONLY_ACTIONS == {"get_state", "get_temperature", "timer_status"}


@pytest.mark.parametrize("action", ROWS)
def test_a_number_has_a_sensible_range_and_a_schema_unit(action: BuiltinAction) -> None:
    if action.value_range is not None:
        lo, hi = action.value_range
        assert lo < hi
    if action.unit is not None:
        assert action.unit in UNITS
    if action.percent_value:
        assert action.value_range == (0, 100) and not action.relative


@pytest.mark.parametrize("action", [pytest.param(a, id=a.name) for a in BUILTIN_ACTIONS if a.name != "cancel"])
def test_every_action_but_cancel_is_answered_with_its_verbs(action: BuiltinAction) -> None:
    """The acknowledgement starts with the row's gerund, the confirmation question's request with its
    infinitive (``cancel`` is answered "okay")."""
    assert action.gerund and action.infinitive
    frame = Frame(action=action.name, device=None if action.timer else "<light1>",
                  duration=[("5", "min")] if action.timer else [])
    assert describe_frame(frame).startswith(action.gerund + " ")
    assert describe_frame(frame, infinitive=True).startswith(action.infinitive + " ")


def test_cancel_has_no_verbs_and_is_answered_okay() -> None:
    assert BY_NAME["cancel"].gerund is None and BY_NAME["cancel"].infinitive is None
    assert describe_frame(Frame(action="cancel")) == "okay"


def test_hermes_intent_names_are_unique_camel_case_and_the_documented_ones() -> None:
    names = [a.hermes_name for a in BUILTIN_ACTIONS]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"(?:[A-Z][a-z]+)+", n) for n in names), names
    assert messages.INTENT_NAMES == dict(zip([a.name for a in BUILTIN_ACTIONS], names))
    assert messages.intent_name("set_color_temp") == "SetColorTemperature"  # a row's own name
    assert messages.intent_name("vacuum_return_to_base") == "VacuumReturnToBase"  # derived
    assert camel_case("brew_coffee") == "BrewCoffee"  # a plugin's action


def test_every_action_is_drawn_by_the_grammar() -> None:
    assert all(a.weight > 0 for a in BUILTIN_ACTIONS)


def test_the_derived_tables_say_what_the_rows_say() -> None:
    """Each old table keeps its name and is the table's column: nothing else describes a built-in action."""
    order = [a.name for a in BUILTIN_ACTIONS]
    assert list(spec.ACTION_WEIGHTS) == order  # the grammar's draws follow the rows' order
    assert list(spec.ACTION_TYPES) == [n for n in order if BY_NAME[n].grammar_types]
    for a in BUILTIN_ACTIONS:
        assert spec.ACTION_TYPES.get(a.name, ()) == a.grammar_types
        assert spec.GROUP_TYPES.get(a.name, ()) == a.group_types
        assert resolve.ACTION_TYPES.get(a.name, frozenset()) == frozenset(a.types)
        assert resolve.DEFAULT_DOMAIN.get(a.name) == a.default_domain
        assert resolve.RANGES.get(a.name) == a.value_range
        assert resolve.ACTION_UNITS.get(a.name) == a.unit
        assert registry._CANNOT.get(a.name) == a.cannot
        assert (a.name in resolve.TIMER_ACTIONS) == (a.name in spec.TIMER_ACTIONS) == a.timer
        assert (a.name in spec.PCT_ACTIONS) == a.percent_value


@pytest.mark.parametrize("plugin", ["zigbee2mqtt", "tasmota", "mqtt"])
def test_a_built_in_plugin_offers_a_built_in_action_only_on_the_types_its_row_lists(plugin: str) -> None:
    """The plugins keep their own per-type lists; a built-in action on a type its row leaves out would be
    the plugin's own meaning (no built-in range checked: resolve's ``_own_meaning``), so it must not happen."""
    supported = importlib.import_module(f"homeslm.default_plugins.{plugin}").SUPPORTED
    outside = sorted((dtype, action) for dtype, actions in supported.items() for action in actions
                     if action in BY_NAME and dtype not in BY_NAME[action].types)
    assert outside == []
