"""The acknowledgements written from frames (the training targets' responses, and the runtime's own
when the model's does not fit)."""

from __future__ import annotations

import pytest

from homeslm.config.model import Device, with_article
from homeslm.default_plugins.common import binary_answer
from homeslm.understanding.notation import parse
from homeslm.understanding.responses import as_trained, describe, the


@pytest.mark.parametrize(
    ("notation", "said"),
    [
        ("turn_off light <area1> ; lock <lock1>", "turning off the lights in <area1> and locking <lock1>"),
        ("get_temperature climate <area1>", "checking the temperature in <area1>"),
        ("get_temperature climate <floor1>", "checking the temperature on <floor1>"),
        ("get_temperature climate house", "checking the temperature around the house"),
        ("get_temperature <climate1>", "checking the temperature of <climate1>"),
        ("get_state sensor:humidity <area1> one", "checking the humidity in <area1>"),
        ("get_state sensor:humidity house", "checking the humidity around the house"),
        ("cancel_timer len <num1> min", "cancelling the <num1> minute timer"),
        ("start_timer =pasta <num1> min", "starting a pasta timer for <num1> minutes"),
        ("increase_timer =pasta <num1> min", "adding <num1> minutes to the pasta timer"),
        ("media_pause <media_player1>", "pausing <media_player1>"),
        ("media_next <media_player1>", "skipping to the next track on <media_player1>"),
        ("decrease_timer <num1> min", "taking <num1> minutes off the timer"),
        ("turn_on ?hot_tub", "sorry, there is no hot tub here"),
        # a device said with its place (one of several "ceiling light"s) is acknowledged with it
        ("turn_on <light1> <area1> ; turn_on <light1> <area2>", "turning on <light1> in <area1> and turning on <light1> in <area2>"),
        ("turn_off <light1> <floor1>", "turning off <light1> on <floor1>"),
        # relative temperature and volume: a step, never a level
        ("increase_temperature climate <area1>", "turning up the heating in <area1>"),
        ("decrease_temperature <climate1> <num1>", "turning down <climate1> by <num1> degrees"),
        ("increase_temperature", "turning up the heating"),
        ("decrease_volume <media_player1>", "turning down <media_player1>"),
        ("increase_volume <num1> %", "turning up the volume by <num1> percent"),
    ],
)
def test_the_acknowledgement_says_what_is_done_where(notation: str, said: str) -> None:
    assert describe(parse(notation).frames) == said


def test_nothing_understood_is_said_politely() -> None:
    assert describe([]) == "sorry, i did not understand that"


def test_filled_numbers_agree_with_their_units() -> None:
    from homeslm.understanding.responses import fill

    values = {"<num1>": "1", "<num2>": "21"}
    assert fill("starting a timer for <num1> hours", values.get) == "Starting a timer for 1 hour."
    assert fill("setting <num2> degrees", values.get) == "Setting 21 degrees."


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("starting a timer for <num1> hours", "Starting a timer for 1 hour 30 minutes."),  # 1.5
        ("starting a timer for <num2> hours", "Starting a timer for 30 minutes."),  # 0.5
        ("starting a timer for <num3> minutes", "Starting a timer for 2 minutes 15 seconds."),  # 2.25
        ("setting <dev1> to <num1> degrees", "Setting the heater to 1.5 degrees."),  # not a duration
        ("starting a egg timer", "Starting an egg timer."),
        ("starting a oven timer and a <num4> minute timer", "Starting an oven timer and an 8 minute timer."),
        ("a unit, a user, a one and a usb plug", "A unit, a user, a one and a usb plug."),
    ],
)
def test_filled_responses_read_aloud_well(text: str, said: str) -> None:
    from homeslm.understanding.responses import fill

    values = {"<num1>": "1.5", "<num2>": "0.5", "<num3>": "2.25", "<num4>": "8", "<dev1>": "the heater"}
    assert fill(text, values.get) == said


PLUGIN_ACTIONS = frozenset({"boil_water", "brew_coffee", "descale"})


@pytest.mark.parametrize(
    ("notation", "said"),
    [
        ("boil_water <switch1>", "Boiling water on the kettle."),
        ("brew_coffee <switch1> <num1>", "Brewing coffee on the kettle."),
        ("descale <switch1>", "Descaling the kettle."),
        ("boil_water switch <area1>", "Boiling water on the switches in the kitchen."),
        ("boil_water", "Boiling water."),
        ("turn_on <switch1> ; boil_water <switch1>", "Turning on the kettle and boiling water on the kettle."),
    ],
)
def test_a_plugin_actions_default_acknowledgement_is_a_sentence(notation: str, said: str) -> None:
    from homeslm.understanding.responses import fill

    names = {"<switch1>": "the kettle", "<area1>": "the kitchen", "<num1>": "2"}
    assert fill(describe(parse(notation, PLUGIN_ACTIONS).frames), names.get) == said


@pytest.mark.parametrize(("verb", "ing"), [
    ("brew", "brewing"), ("make", "making"), ("stop", "stopping"), ("tie", "tying"), ("open", "opening"),
    ("heat", "heating"), ("set", "setting"), ("fix", "fixing"), ("play", "playing"), ("see", "seeing"),
    ("water", "watering"), ("refill", "refilling"), ("quit", "quitting"), ("be", "being"),
])
def test_gerunds_of_plugin_verbs(verb: str, ing: str) -> None:
    from homeslm.understanding.responses import gerund

    assert gerund(verb) == ing


def test_a_plugin_action_is_asked_about_in_the_infinitive() -> None:
    from homeslm.understanding.responses import plugin_action_phrase

    assert plugin_action_phrase("boil_water", "the kettle", infinitive=True) == "boil water on the kettle"
    assert plugin_action_phrase("descale", "the kettle", infinitive=True) == "descale the kettle"


# --------------------------------------------------------------------------------------------------
# Built from parts: an acknowledgement and a request are two renderings of one clause


@pytest.mark.parametrize(
    ("notation", "doing", "do"),
    [
        ("turn_off light <area1>", "turning off the lights in <area1>", "turn off the lights in <area1>"),
        ("set_position <cover1> <num1>", "setting <cover1> to <num1> percent", "set <cover1> to <num1> percent"),
        ("set_temperature <climate1> <num1>", "setting <climate1> to <num1> degrees", "set <climate1> to <num1> degrees"),
        ("set_volume <media_player1> <num1>", "setting the volume of <media_player1> to <num1> percent",
         "set the volume of <media_player1> to <num1> percent"),
        ("media_next <media_player1>", "skipping to the next track on <media_player1>",
         "skip to the next track on <media_player1>"),
        ("vacuum_return_to_base <vacuum1>", "sending <vacuum1> home", "send <vacuum1> home"),
        ("pause_timer =pasta", "pausing the pasta timer", "pause the pasta timer"),
        ("cancel_timer len <num1> min", "cancelling the <num1> minute timer", "cancel the <num1> minute timer"),
        ("turn_off it", "turning it off", "turn it off"),
        ("boil_water <switch1>", "boiling water on <switch1>", "boil water on <switch1>"),
    ],
)
def test_an_acknowledgement_and_a_request_are_renderings_of_the_same_parts(notation: str, doing: str, do: str) -> None:
    from homeslm.understanding.responses import clause, describe_frame

    [frame] = parse(notation, frozenset({"boil_water"})).frames
    assert describe_frame(frame) == clause(frame).said() == doing
    assert describe_frame(frame, infinitive=True) == clause(frame).said(infinitive=True) == do


def test_a_part_left_out_leaves_no_gap() -> None:
    from homeslm.understanding.notation import Frame
    from homeslm.understanding.responses import Clause, describe_frame

    assert Clause("setting", "set", "", "to 20 percent").said() == "setting to 20 percent"
    assert describe_frame(Frame("set_temperature", number="<num1>")) == "setting the temperature to <num1> degrees"
    assert describe_frame(Frame("decrease_brightness", number="<num1>")) == "dimming by <num1> percent"


def test_clauses_are_said_as_one_sentence() -> None:
    from homeslm.understanding.responses import fill_clause, sentence, spoken_list

    assert spoken_list(["locking the front door"]) == "locking the front door"
    assert spoken_list(["a", "b", "c"]) == "a, b and c"
    assert sentence("locking the front door") == "Locking the front door."
    assert sentence("do you want me to unlock the front door?") == "Do you want me to unlock the front door?"
    names = {"<lock1>": "the front door", "<area1>": "the kitchen", "<num1>": "1"}
    clauses = [fill_clause(t, names.get) for t in ("locking <lock1>", "turning off the lights in <area1>",
                                                   "starting a timer for <num1> hours")]
    assert sentence(spoken_list([c for c in clauses if c])) == (
        "Locking the front door, turning off the lights in the kitchen and starting a timer for 1 hour.")
    assert fill_clause("locking <lock2>", names.get) is None


@pytest.mark.parametrize(("name", "said", "opening"), [
    ("ceiling light", "the ceiling light", "The ceiling light"),
    ("gemma's phone", "gemma's phone", "Gemma's phone"),  # a person's possessive takes no article
    ("ella's room", "ella's room", "Ella's room"),
    ("twins' lamp", "the twins' lamp", "The twins' lamp"),  # a common noun's plural possessive
    ("kids' lamp", "the kids' lamp", "The kids' lamp"),  # a common noun's possessive keeps it
    ("dog's bed", "the dog's bed", "The dog's bed"),
    ("nana's", "nana's", "Nana's"),  # an area called after its person
    ("mum and dad's room", "mum and dad's room", "Mum and dad's room"),
    ("James\u2019 phone", "James\u2019 phone", "James\u2019 phone"),  # a curly apostrophe
    ("son's room", "the son's room", "The son's room"),
    ("st john's wort lamp", "st john's wort lamp", "St john's wort lamp"),
])
def test_a_name_is_said_with_its_article_but_a_persons_possessive_has_none(name: str, said: str, opening: str) -> None:
    assert with_article(name) == said
    assert with_article(name, capital=True) == opening
    assert the(name) == said


def test_answers_about_a_persons_thing_say_no_article() -> None:
    phone = Device("gemma's phone", "binary_sensor", "mqtt", device_class="battery_charging")
    assert binary_answer(phone, True).speech == "Gemma's phone is charging."
    assert binary_answer(Device("hall sensor", "binary_sensor", "mqtt", device_class="motion"), False).speech == \
        "The hall sensor is clear."


def test_the_response_the_model_is_trained_to_write_has_its_numbers_as_words() -> None:
    frames = parse("decrease_brightness light 50 % ; set_temperature <climate1> 21").frames
    assert describe(frames) == "dimming the lights by 50 percent and setting <climate1> to 21 degrees"
    assert as_trained(frames) == "dimming the lights by fifty percent and setting <climate1> to twenty one degrees"
