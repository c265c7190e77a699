"""The notation the model writes is parsed strictly: anything malformed is an error, never a guess."""

import pytest

from homeslm.understanding.notation import NotationError, parse


def test_several_intents_and_a_response() -> None:
    p = parse("turn_off light <area1> ; lock <lock1> | turning off the lights in <area1> and locking <lock1>")
    assert [f.action for f in p.frames] == ["turn_off", "lock"]
    assert p.frames[0].domain == "light" and p.frames[0].areas == ["<area1>"]
    assert p.frames[1].device == "<lock1>"
    assert p.response.startswith("turning off")


def test_values_units_durations_and_names() -> None:
    p = parse("set_brightness <light1> <num1> % ; start_timer =pasta <num2> h <num3> min ; cancel_timer len <num4> min")
    a, b, c = p.frames
    assert (a.number, a.unit) == ("<num1>", "%")
    assert b.timer_name == "pasta" and b.duration == [("<num2>", "h"), ("<num3>", "min")]
    assert c.timer_len and c.duration == [("<num4>", "min")]


def test_none_means_no_intent() -> None:
    assert parse("none | sorry, i did not understand that").frames == []


def test_unknown_device_and_class_domains() -> None:
    p = parse("turn_on ?pod_bay_doors ; close cover:curtain house")
    assert p.frames[0].unknown == "pod bay doors"
    assert p.frames[1].domain == "cover:curtain" and p.frames[1].house


@pytest.mark.parametrize(
    "garbage",
    ["", "s s s s", "explode <light1>", "turn_on <light1> <light2>", "turn_on <num1> <num2>",
     "turn_on light cover", "set_color <light1> plaid", "turn_on <spaceship1>", "turn_on <light1> ; ; lock"],
)
def test_malformed_output_is_rejected(garbage: str) -> None:
    with pytest.raises(NotationError):
        parse(garbage)


@pytest.mark.parametrize(
    ("sentence", "segments"),
    [
        ("Turn off the desk lamp and lock the back door", ["turn off the desk lamp", "lock the back door"]),
        ("lock the door then turn off the light, open the blind",
         ["lock the door", "turn off the light", "open the blind"]),
        # typed commas split where the normaliser would drop them
        ("close the blind, turn off the lights and run wind down",
         ["close the blind", "turn off the lights", "run wind down"]),
        ("set a timer for 1 hour and 30 minutes", ["set a timer for 1 hour and 30 minutes"]),
        ("set a timer for one hour and thirty minutes", ["set a timer for 1 hour and 30 minutes"]),
        ("set a timer for one hour, thirty minutes", ["set a timer for 1 hour 30 minutes"]),
        ("dim the lamp to 40, and the fan off", ["dim the lamp to 40", "the fan off"]),
        ("set the heating to 1,000 degrees", ["set the heating to 1000 degrees"]),
        ("turn on the lights", ["turn on the lights"]),
    ],
)
def test_several_commands_are_split_but_durations_are_not(sentence: str, segments: list[str]) -> None:
    from homeslm.understanding.understander import split_commands

    assert split_commands(sentence) == segments


def test_what_a_group_command_leaves_out_follows_except() -> None:
    [fr] = parse("turn_off light <floor1> except <area1> <light1> | turning off the lights").frames
    assert (fr.floors, fr.excluded_areas, fr.excluded_devices, fr.leaves_out) == (["<floor1>"], ["<area1>"], ["<light1>"], True)
    assert not parse("turn_off light <floor1> | x").frames[0].leaves_out
    for bad in ("turn_off light house except", "turn_off light house except on", "turn_off light house except <num1>"):
        with pytest.raises(NotationError):
            parse(bad + " | x")


@pytest.mark.parametrize(("head", "quantifier"), [
    ("get_state binary_sensor:window <area1> q:count open", "count"),
    ("get_state binary_sensor:moisture <floor1> q:all dry", "all"),
    ("get_state light house q:which on", "which"),
    ("get_state person house q:all home", "all"),
    ("get_state binary_sensor:window <area1> open", None),  # an output of a model without quantifiers still parses
])
def test_a_question_over_a_group_carries_its_quantifier_after_class_and_place(head: str, quantifier: str | None) -> None:
    from homeslm.understanding.responses import describe

    [frame] = parse(head + " | checking").frames
    assert frame.quantifier == quantifier and frame.action == "get_state" and frame.word is not None
    # the acknowledgement is the same with or without it: the training targets differ only by the token
    plain = parse(" ".join(t for t in head.split() if not t.startswith("q:"))).frames
    assert describe([frame]) == describe(plain)


@pytest.mark.parametrize("garbage", [
    "turn_off light house q:all",  # a quantifier only asks; it never widens an action
    "get_state binary_sensor:window q:all q:count open",
    "get_state binary_sensor:window q:some open",
])
def test_a_quantifier_anywhere_but_on_a_question_is_rejected(garbage: str) -> None:
    with pytest.raises(NotationError):
        parse(garbage)
