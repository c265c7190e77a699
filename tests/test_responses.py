"""The acknowledgements written from frames (the training targets' responses, and the runtime's own
when the model's does not fit)."""

from __future__ import annotations

import pytest

from homeslm.notation import parse
from homeslm.responses import describe


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
        ("turn_on ?hot_tub", "sorry, there is no hot tub here"),
    ],
)
def test_the_acknowledgement_says_what_is_done_where(notation: str, said: str) -> None:
    assert describe(parse(notation).frames) == said


def test_nothing_understood_is_said_politely() -> None:
    assert describe([]) == "sorry, i did not understand that"


def test_filled_numbers_agree_with_their_units() -> None:
    from homeslm.responses import fill

    values = {"<num1>": "1", "<num2>": "21"}
    assert fill("starting a timer for <num1> hours", values.get) == "Starting a timer for 1 hour."
    assert fill("setting <num2> degrees", values.get) == "Setting 21 degrees."
