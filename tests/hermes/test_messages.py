"""Hermes payload builders and the action -> intent name table (homeslm/hermes/messages.py)."""

from __future__ import annotations

import pytest

from homeslm.hermes import messages as hm
from homeslm.schema import ACTIONS, Intent


def test_every_built_in_action_has_a_distinct_intent_name_and_a_plugins_action_gets_camel_case() -> None:
    assert set(hm.INTENT_NAMES) == set(ACTIONS)
    names = [hm.intent_name(a) for a in ACTIONS]
    assert len(set(names)) == len(names) and all(n[:1].isupper() and n.isalnum() for n in names)
    assert hm.intent_name("brew_coffee") == "BrewCoffee"


def test_slots_carry_the_resolved_value_and_the_words_that_named_it() -> None:
    intent = Intent("set_brightness", device=None, area="kitchen", domain="light", value=30, unit="%")
    slots = {s["slotName"]: s for s in hm.slots(intent, "Dim the Kitchen lights to 30 percent")}
    assert list(slots) == ["area", "domain", "value", "unit"]
    assert slots["area"]["rawValue"] == "Kitchen" and slots["area"]["value"] == {"kind": "Unknown", "value": "kitchen"}
    assert slots["area"]["range"] == {"start": 8, "end": 15, "rawStart": 8, "rawEnd": 15}
    assert slots["value"]["value"] == {"kind": "Number", "value": 30} and slots["value"]["rawValue"] == "30"
    assert slots["domain"]["range"] is None and slots["domain"]["rawValue"] == "light"


@pytest.mark.parametrize(("payload", "problem"), [
    (b"not json", "not JSON"),
    (b'{"siteId": "a"}', '"input"'),
    (b'{"input": "  "}', '"input"'),
    (b'{"input": "hi", "siteId": 3}', '"siteId"'),
    (b'{"input": "hi", "id": 3}', '"id"'),
    (b'{"input": "' + b"x" * 5000 + b'"}', "over the limit"),
])
def test_a_malformed_nlu_query_says_why(payload: bytes, problem: str) -> None:
    with pytest.raises(hm.HermesPayloadError, match=problem):
        hm.parse_nlu_query(payload)


def test_an_nlu_query_defaults_to_rhasspys_default_site() -> None:
    assert hm.parse_nlu_query(b'{"input": "turn it on"}') == hm.NluQuery("turn it on", "default", None, None)
