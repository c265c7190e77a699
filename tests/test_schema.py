"""The intent schema (homeslm/schema.py, docs/DESIGN.md section 3): the optional ``quantifier`` of a question
over a group ("how many windows are open": ``count``), printed only when set, refused anywhere else."""

from __future__ import annotations

import pytest

from homeslm.schema import INTENT_KEYS, Intent, ParseResult


def test_an_intent_without_a_quantifier_has_exactly_the_seven_keys() -> None:
    intent = Intent("get_state", area="kitchen", domain="binary_sensor:window", value="open")
    assert list(intent.to_dict()) == list(INTENT_KEYS)
    assert Intent.from_dict(intent.to_dict()) == intent


@pytest.mark.parametrize("quantifier", ["all", "count", "which"])
def test_a_quantifier_on_a_question_over_a_group_is_printed_and_read_back(quantifier: str) -> None:
    intent = Intent("get_state", floor="upstairs", domain="binary_sensor:window", value="open", quantifier=quantifier)
    data = intent.to_dict()
    assert data["quantifier"] == quantifier and {k: data[k] for k in INTENT_KEYS}["domain"] == "binary_sensor:window"
    assert Intent.from_dict(data) == intent
    assert ParseResult("how many windows are open", (intent,), "", 1.0).to_dict()["intents"] == [data]


@pytest.mark.parametrize(("kwargs", "problem"), [
    ({"action": "turn_off", "domain": "light", "quantifier": "all"}, "only for a question over a group"),
    ({"action": "get_state", "device": "kitchen window", "domain": "binary_sensor", "quantifier": "count"}, "no device"),
    ({"action": "get_state", "quantifier": "which"}, "only for a question over a group"),
    ({"action": "cancel_timer", "domain": "timer", "quantifier": "all"}, "only for a question over a group"),
    ({"action": "get_state", "domain": "light", "quantifier": "some"}, "must be one of all, count, which"),
])
def test_a_quantifier_anywhere_else_is_refused_with_a_clear_error(kwargs: dict[str, str], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        Intent(**kwargs)
    data = {k: kwargs.get(k) for k in INTENT_KEYS}
    data["quantifier"] = kwargs["quantifier"]
    with pytest.raises(ValueError, match=problem):
        Intent.from_dict(data)


def test_from_dict_refuses_a_quantifier_that_is_not_a_string() -> None:
    data = {**{k: None for k in INTENT_KEYS}, "action": "get_state", "domain": "light", "quantifier": 3}
    with pytest.raises(ValueError, match="intent.quantifier must be a string or null"):
        Intent.from_dict(data)
