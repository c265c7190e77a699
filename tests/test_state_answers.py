"""A state asked of several devices answered in one sentence (homeslm/state_answers.py), from the parts the
built-in plugins' results carry (homeslm.default_plugins.common.answered)."""

from __future__ import annotations

import pytest

from homeslm import Device
from homeslm.default_plugins.common import binary_answer, person_answer, state_answer
from homeslm.schema import ActionResult
from homeslm.state_answers import group_answer


def _window(name: str, is_open: bool, asked: str | None = "open") -> ActionResult:
    return binary_answer(Device(name, "binary_sensor", "zigbee2mqtt", device_class="window"), is_open, asked)


def _failed(name: str) -> ActionResult:
    return ActionResult(ok=False, speech=f"The {name} did not answer.")


@pytest.mark.parametrize(("results", "answer"), [
    # some are, some are not: both parts, no yes or no (true for "is any", "are all" and "which")
    ([_window("kitchen window", True), _window("bedroom window", False), _window("hall window", False)],
     "The kitchen window is open; the bedroom window and the hall window are closed."),
    ([_window("kitchen window", True), _window("bedroom window", True), _window("hall window", False)],
     "The kitchen window and the bedroom window are open; the hall window is closed."),
    ([_window(f"window {i}", i < 4) for i in range(6)], "4 of 6 windows are open; the window 4 and the window 5 are closed."),
    # asked "closed" ("are all the windows closed") with one open: never a yes
    ([_window("kitchen window", False, "closed"), _window("bedroom window", True, "closed")],
     "The kitchen window is closed; the bedroom window is open."),
    # all in the state asked, or none
    ([_window("kitchen window", False, "closed"), _window("bedroom window", False, "closed")],
     "Yes, the kitchen window and the bedroom window are closed."),
    ([_window(f"window {i}", False, "closed") for i in range(5)], "Yes, all 5 windows are closed."),
    ([_window(f"window {i}", False) for i in range(5)], "No, all 5 windows are closed."),
    ([_window("kitchen window", False), _window("bedroom window", False)], "No, both windows are closed."),
    # what did not answer is said after it: a yes is no longer "all" of them
    ([_window("kitchen window", True), _failed("bedroom window")],
     "Yes, the kitchen window is open. The bedroom window did not answer."),
    ([_window("kitchen window", False), _window("hall window", False), _failed("bedroom window")],
     "No, the 2 windows I could read are closed. The bedroom window did not answer."),
    ([_window("kitchen window", False), _failed("bedroom window")],
     "No, the kitchen window is closed. The bedroom window did not answer."),
    ([_window("w0", False), *[_failed(f"w{i}") for i in range(1, 6)]], "No, the w0 is closed. 5 did not answer."),
    # people: "is anyone home"
    ([person_answer(Device("anna", "person", "mqtt"), "not_home", "home"),
      person_answer(Device("bob", "person", "mqtt"), "work", "home")], "No, none of the 2 people is home."),
    ([person_answer(Device("anna", "person", "mqtt"), "home", "home"),
      person_answer(Device("bob", "person", "mqtt"), "home", "home")], "Yes, anna and bob are home."),
    # lights at different levels: the state asked, for those in it
    ([state_answer(Device("lamp", "light", "zigbee2mqtt"), "on at 40 percent", "on"),
      state_answer(Device("strip", "light", "zigbee2mqtt"), "on", "on"),
      state_answer(Device("spot", "light", "zigbee2mqtt"), "off", "on"),
      state_answer(Device("desk", "light", "zigbee2mqtt"), "off", "on")],
     "The lamp and the strip are on; the spot and the desk are off."),
])
def test_a_question_over_several_devices_gets_one_short_answer(results: list[ActionResult], answer: str) -> None:
    assert group_answer(results) == answer


@pytest.mark.parametrize("results", [
    [_window("kitchen window", True)],  # one device: its own answer
    [_window("kitchen window", True, None), _window("hall window", False, None)],  # no state asked ("which ...")
    [_window("kitchen window", True), ActionResult(ok=True, speech="The hall window reads 3.")],  # not an answer
    [_failed("kitchen window"), _failed("hall window")],
])
def test_results_that_are_not_answers_to_one_asked_state_speak_for_themselves(results: list[ActionResult]) -> None:
    assert group_answer(results) is None


def test_a_long_answer_stays_bounded() -> None:
    results = [_window("window " + "x" * 200 + str(i), i % 2 == 0) for i in range(40)]
    assert group_answer(results) == "20 of 40 windows are open; the other 20 are closed."


def _person(name: str, where: str, asked: str = "home") -> ActionResult:
    return person_answer(Device(name, "person", "mqtt"), where, asked)


@pytest.mark.parametrize(("quantifier", "results", "answer"), [
    # count: how many, and which they are (bounded); none is a plain no
    ("count", [_window("kitchen window", True), _window("hall window", True), _window("bedroom window", False)],
     "Two windows are open: the kitchen window and the hall window."),
    ("count", [_window("kitchen window", False), _window("hall window", False)], "No windows are open."),
    ("count", [_window("kitchen window", True), _window("hall window", False)], "One is open: the kitchen window."),
    ("count", [_window(f"window {i}", i < 5) for i in range(7)], "Five windows are open."),
    # what did not answer: the count is of those read, and says so
    ("count", [_window("kitchen window", True), _window("hall window", False), _failed("bedroom window")],
     "Of the 2 windows I could read, one is open: the kitchen window. The bedroom window did not answer."),
    ("count", [_window("kitchen window", False), _failed("bedroom window")],
     "The kitchen window is closed. The bedroom window did not answer."),
    ("count", [_window("kitchen window", False), _window("hall window", False), _failed("bedroom window")],
     "None of the 2 windows I could read are open. The bedroom window did not answer."),
    # all: yes only when every one is; a no names those that are not
    ("all", [_window("kitchen window", True, "closed"), _window("hall window", False, "closed"),
             _window("bedroom window", False, "closed")], "No, the kitchen window is open."),
    ("all", [_window(f"window {i}", False, "closed") for i in range(3)], "Yes, all 3 windows are closed."),
    ("all", [_window(f"window {i}", i < 4, "closed") for i in range(6)], "No, 4 of 6 windows are open."),
    ("all", [_window("kitchen window", False, "closed"), _failed("hall window")],
     "The kitchen window is closed. The hall window did not answer."),  # never a yes with one unread
    ("all", [_person("anna", "home"), _person("bob", "work")], "No, bob is at work."),
    ("all", [_person("anna", "home"), _person("bob", "home")], "Yes, both people are home."),
    # which: the list, or none
    ("which", [_window("kitchen window", True), _window("hall window", True), _window("bedroom window", False)],
     "The kitchen window and the hall window are open."),
    ("which", [_window("kitchen window", False), _window("hall window", False)], "None of the windows are open."),
    ("which", [_window(f"window {i}", i < 5) for i in range(6)], "5 of 6 windows are open."),
    ("which", [_window("kitchen window", True)], "The kitchen window is open."),
    ("which", [_person("anna", "home"), _person("bob", "home"), _person("carl", "not_home")], "Anna and bob are home."),
])
def test_a_quantified_question_is_answered_as_asked(quantifier: str, results: list[ActionResult], answer: str) -> None:
    assert group_answer(results, quantifier) == answer


@pytest.mark.parametrize("quantifier", ["all", "count", "which"])
def test_a_quantified_question_with_no_state_asked_speaks_per_device(quantifier: str) -> None:
    results = [_window("kitchen window", True, None), _window("hall window", False, None)]
    assert group_answer(results, quantifier) is None
    assert group_answer([_failed("kitchen window")], quantifier) is None
