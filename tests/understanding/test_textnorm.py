"""Text normalisation: what the intent model reads is the same in training and in service."""

import pytest

from homeslm.understanding.textnorm import normalize, singular


@pytest.mark.parametrize(
    ("spoken", "normalised"),
    [
        ("Set a timer for one and a half minutes, please!", "set a timer for 1.5 minutes please"),
        ("Dim the kitchen lights to twenty-one %", "dim the kitchen lights to 21 percent"),
        ("set it to one hundred and five", "set it to 105"),
        ("set a timer for two hours and thirty minutes", "set a timer for 2 hours and 30 minutes"),
        ("half an hour timer", "30 minutes timer"),
        ("an hour and a half", "1.5 hours"),
        ("a quarter of an hour", "15 minutes"),
        ("an hour and a quarter", "1.25 hours"),
        ("two hours and a half", "2.5 hours"),
        ("two and a half hour timer for the lamb", "2.5 hour timer for the lamb"),
        ("a half hour timer", "a 30 minute timer"),
        ("twenty and a quarter minutes", "20.25 minutes"),
        ("set the heating to nineteen point five", "set the heating to 19.5"),
        ("set the temperature to 21.5°C", "set the temperature to 21.5 degrees celsius"),
        ("set the lamp to 2700K", "set the lamp to 2700 kelvin"),
        ("twenty seven hundred kelvin", "2700 kelvin"),
        ("What's the temperature?", "what is the temperature"),
        ("Who's home?", "who is home"),
        ("whos in", "who is in"),
        ("who's been at the heating", "who has been at the heating"),
        ("open the blinds halfway", "open the blinds 50 percent"),
        ("nudge the radiator up a degree", "nudge the radiator up 1 degree"),
        ("make it a single degree warmer", "make it 1 degree warmer"),
        ("she has a degree in physics", "she has a degree in physics"),
        ("turn it up a degree or two", "turn it up a degree or 2"),
        ("it was a degree warmer outside yesterday", "it was a degree warmer outside yesterday"),
        ("turn the heating up another a degree", "turn the heating up another 1 degree"),
        ("a degree warmer in here please", "1 degree warmer in here please"),
        ("make the radiator a degree cooler", "make the radiator 1 degree cooler"),
        ("a minute", "1 minute"),
        ("turn on bedroom two lights", "turn on bedroom 2 lights"),
        ("is the CO2 high in here", "is the carbon dioxide high in here"),
        ("what's the c o two level", "what is the carbon dioxide level"),
        ("what's the pm2.5 like", "what is the particulates like"),
        ("set the heating to 20.2", "set the heating to 20.2"),
    ],
)
def test_numbers_and_idioms_are_normalised(spoken: str, normalised: str) -> None:
    assert normalize(spoken) == normalised


def test_separate_number_words_stay_separate() -> None:
    assert normalize("one two three") == "1 2 3"


def test_punctuation_and_case_are_removed() -> None:
    assert normalize("  Turn OFF the Lights... NOW!!  ") == "turn off the lights now"


@pytest.mark.parametrize(("word", "sing"), [("lights", "light"), ("blinds", "blind"), ("batteries", "battery"),
                                            ("switches", "switch"), ("glass", "glass"), ("status", "status")])
def test_singular(word: str, sing: str) -> None:
    assert singular(word) == sing


@pytest.mark.parametrize(
    ("spoken", "normalised"),
    [
        ("skip to the next one", "skip to the next one"),
        ("turn on this one", "turn on this one"),
        ("no not that one", "no not that one"),
        ("the one in the kitchen", "the one in the kitchen"),
        ("turn off one of the lamps", "turn off one of the lamps"),
        ("pause the tv for a second", "pause the tv for a second"),
        ("set a second timer for ten minutes", "set a second timer for 10 minutes"),
    ],
)
def test_one_and_a_second_stay_words_outside_numbers(spoken: str, normalised: str) -> None:
    assert normalize(spoken) == normalised


@pytest.mark.parametrize(
    ("spoken", "normalised"),
    [
        ("set it to one", "set it to 1"),
        ("the one hundred percent setting", "the 100 percent setting"),
        ("cancel the one minute timer", "cancel the 1 minute timer"),
        ("the next one and a half minutes", "the next 1.5 minutes"),
        ("bedroom one", "bedroom 1"),
        ("one light", "1 light"),
        ("wait for one second", "wait for 1 second"),
        ("an hour", "1 hour"),
    ],
)
def test_one_is_a_number_where_a_number_belongs(spoken: str, normalised: str) -> None:
    assert normalize(spoken) == normalised
