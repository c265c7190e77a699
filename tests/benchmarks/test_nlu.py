"""``homeslm bench nlu``'s scoring (homeslm/benchmarks/nlu.py) and its suites (nlu_command.py): outcomes kept
apart (exact, false rejection, executed wrong, empty target executed, a question acted), per category, with the
schema-gap cases in a suite of their own. The end-to-end test runs the real model on a real-shaped home."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from homeslm import cli
from homeslm.benchmarks.nlu import Tally, canonical

REAL_HOMES = Path(__file__).parents[1] / "data" / "nlu" / "real_homes" / "homes"


def _intent(action: str, device: str | None = None, area: str | None = None, domain: str | None = None,
            value: Any = None) -> dict[str, Any]:
    return {"action": action, "device": device, "area": area, "floor": None, "domain": domain, "value": value,
            "unit": None}


LAMP_ON = _intent("turn_on", "lamp", "living room", "light")
LAMP_OFF = _intent("turn_off", "lamp", "living room", "light")
LAMP_ASKED = _intent("get_state", "lamp", "living room", "light", "on")

#: target, got, and the counters that case must move (the others stay 0).
TALLY_TABLE = [
    ([LAMP_ON], [LAMP_ON], {"exact": 1, "commands": 1}),
    ([LAMP_ON], [], {"commands": 1, "false_rejected": 1}),
    ([LAMP_ON], [LAMP_OFF], {"commands": 1, "executed_wrong": 1}),
    ([LAMP_ON], [LAMP_ON, LAMP_OFF], {"commands": 1, "executed_wrong": 1}),
    ([], [], {"exact": 1, "empty": 1}),
    ([], [LAMP_ON], {"empty": 1, "empty_executed": 1}),
    ([], [LAMP_ASKED], {"empty": 1, "empty_executed": 1}),
    ([LAMP_ASKED], [LAMP_ASKED], {"exact": 1, "commands": 1, "read_only": 1}),
    ([LAMP_ASKED], [LAMP_ON], {"commands": 1, "executed_wrong": 1, "read_only": 1, "read_only_acted": 1}),
    ([LAMP_ASKED], [], {"commands": 1, "false_rejected": 1, "read_only": 1}),
]


@pytest.mark.parametrize(("target", "got", "moved"), TALLY_TABLE)
def test_each_outcome_is_counted_apart(target: list[dict[str, Any]], got: list[dict[str, Any]],
                                       moved: dict[str, int]) -> None:
    tally = Tally()
    tally.add(target, got, canonical(got) == canonical(target))
    counters = {k: v for k, v in vars(tally).items() if k != "n"}
    assert tally.n == 1 and counters == {k: moved.get(k, 0) for k in counters}


def test_rates_are_shares_of_their_own_cases() -> None:
    tally = Tally()
    for target, got, _ in TALLY_TABLE:
        tally.add(target, got, canonical(got) == canonical(target))
    rates = tally.rates()
    assert rates["cases"] == 10 and rates["exact"] == pytest.approx(0.3)
    assert rates["false_rejection"] == pytest.approx(2 / 7) and rates["executed_wrong"] == pytest.approx(3 / 7)
    assert rates["empty_executed"] == pytest.approx(2 / 3)
    assert (rates["questions_acted"], rates["read_only_cases"]) == (1, 3)
    assert Tally().rates()["exact"] is None  # nothing measured is not 0%


def _case(n: int, text: str, area: str, category: str, intents: list[dict[str, Any]], gap: str | None = None) -> str:
    record: dict[str, Any] = {"id": f"t-{n}", "home": "maple_house", "text": text, "context_area": area,
                              "category": category, "target": {"intents": intents}}
    if gap:
        record["schema_gap"] = gap
    return json.dumps(record)


def test_bench_nlu_reports_outcomes_per_category_and_schema_gaps_apart(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    cases = tmp_path / "set" / "cases.jsonl"
    cases.parent.mkdir()
    cases.write_text("\n".join([
        _case(1, "turn on the lamp", "living room", "everyday", [LAMP_ON]),
        _case(2, "switch the lamp off", "living room", "everyday", [LAMP_OFF]),
        _case(3, "is the lamp on", "living room", "question", [LAMP_ASKED]),
        _case(4, "the soup needs more salt", "kitchen", "chatter", []),
        _case(5, "we should paint the living room", "living room", "chatter", []),
        _case(6, "make the lamp warmer", "living room", "relative",
              [_intent("decrease_color_temp", "lamp", "living room", "light")], gap="relative colour temperature"),
    ]) + "\n")
    out = tmp_path / "nlu.json"
    assert cli.main(["bench", "nlu", "--cases", str(cases), "--homes", str(REAL_HOMES), "--outcomes",
                     "--json", str(out)]) == 0
    rows = {row["suite"]: row for row in json.loads(out.read_text())}
    assert set(rows) == {"set/cases", "set/cases:schema_gap"}
    assert rows["set/cases"]["cases"] == 5 and rows["set/cases:schema_gap"]["cases"] == 1
    outcomes = rows["set/cases"]["outcomes_by_category"]
    assert set(outcomes) == {"everyday", "question", "chatter"}
    for category in ("everyday", "question"):  # a command is exact, rejected or executed wrong: nothing else
        r = outcomes[category]
        assert r["exact"] + r["false_rejection"] + r["executed_wrong"] == pytest.approx(1.0)
        assert r["empty_executed"] is None
    chatter = outcomes["chatter"]
    assert chatter["cases"] == 2 and chatter["exact"] == pytest.approx(1 - chatter["empty_executed"])
    assert chatter["false_rejection"] is None
    printed = capsys.readouterr().out
    assert "outcomes by category, default-int8 on set/cases:" in printed
    assert "| chatter | 2 |" in printed and "executed wrong" in printed


def test_same_devices_counts_intents_written_apart_that_do_the_same() -> None:
    """The bench's same_devices column: "light on please" said in a dining room whose one light is the "ceiling
    light" reads as the room's lights or as the named light, the same device either way; another device, value or
    action is not the same."""
    from homeslm.benchmarks.nlu import _effect, _meant
    from homeslm.config.loader import config_from_dict
    from homeslm.understanding.resolve import Resolver

    config = config_from_dict({"area": "dining room", "areas": ["dining room", "hall"], "devices": [
        {"name": "ceiling light", "area": "dining room", "type": "light", "plugin": "mqtt", "topic": "d"},
        {"name": "ceiling light", "area": "hall", "type": "light", "plugin": "mqtt", "topic": "h"}]}, source="same")
    resolver = Resolver(config)
    named = _intent("turn_on", "ceiling light", "dining room", "light")
    by_room = _intent("turn_on", None, "dining room", "light")
    assert [d.area for d in _meant(resolver, named)] == ["dining room"]
    assert _effect(named, _meant(resolver, named)) == _effect(by_room, _meant(resolver, by_room))
    for other in (_intent("turn_on", None, "hall", "light"), _intent("turn_off", None, "dining room", "light"),
                  _intent("turn_on", None, None, "light")):  # another room, action, or the whole house
        assert _effect(other, _meant(resolver, other)) != _effect(named, _meant(resolver, named))
