"""homeslm.understanding.policies: the run-time rules about safety and facts of the home, from tables.

One table of questions holding every action verb of the schema (none may act), one of polite requests
(all must act), and one table of cases per named policy (:data:`POLICIES`): each row calls the policy
with its inputs and expects its verdict or the refusal it raises. A policy without rows fails the test.
"""

from __future__ import annotations

from typing import Any

import pytest

from homeslm.config.loader import config_from_dict
from homeslm.config.model import Device
from homeslm.outcomes import RefusalKind
from homeslm.schema import ACTIONS
from homeslm.understanding.confirmation import READ_ONLY_ACTIONS
from homeslm.understanding.policies import (
    POLICIES,
    Ambiguous,
    Refusal,
    ambiguous_name_warnings,
    answer_picks,
    is_question,
    question_never_acts,
)
from homeslm.understanding.questions import is_negative, is_report

# -- a question never acts -------------------------------------------------------------------------

#: (question, the action a careless reading would execute): every action verb of the schema, asked about.
QUESTIONS: list[tuple[str, str]] = [
    ("did you turn on the kitchen light", "turn_on"),
    ("is the hallway light turned off?", "turn_off"),
    ("did someone toggle the fan", "toggle"),
    ("was the lamp dimmed to 30 percent", "set_brightness"),
    ("why is the bedroom light so bright", "increase_brightness"),
    ("has the lamp been dimmed", "decrease_brightness"),
    ("what colour is the lamp set to", "set_color"),
    ("is the colour temperature of the lamp warm white", "set_color_temp"),
    ("has the lamp gone warmer", "warmer_color_temp"),
    ("why are the kitchen lights cooler than before?", "cooler_color_temp"),
    ("is the thermostat set to 21 degrees", "set_temperature"),
    ("did somebody turn the heating up", "increase_temperature"),
    ("why has the thermostat been turned down?", "decrease_temperature"),
    ("which doors and windows are open", "open"),
    ("are the blinds closed", "close"),
    ("how far open are the curtains", "set_position"),
    ("is the front door locked", "lock"),
    ("did anyone unlock the back door", "unlock"),
    ("is the music paused", "media_pause"),
    ("has the tv resumed", "media_resume"),
    ("did it skip to the next song", "media_next"),
    ("did it go back to the previous track?", "media_previous"),
    ("what is the volume set to", "set_volume"),
    ("did you turn the tv up", "increase_volume"),
    ("is the music turned down in the kitchen", "decrease_volume"),
    ("is there a timer running", "start_timer"),
    ("did you cancel the timer", "cancel_timer"),
    ("were all the timers cancelled", "cancel_all_timers"),
    ("is the pasta timer paused", "pause_timer"),
    ("has the egg timer resumed", "resume_timer"),
    ("did you add five minutes to the timer", "increase_timer"),
    ("did you take a minute off the timer", "decrease_timer"),
    ("is the vacuum cleaning", "vacuum_start"),
    ("has the robot gone back to its dock", "vacuum_return_to_base"),
    ("the garage door is open, isn't it", "open"),
    ("the heating's on, right?", "turn_on"),
    ("tell me if the front door is unlocked", "unlock"),
    ("I wonder whether the lights are on in the kitchen", "turn_on"),
    ("can you tell me if the garage is open", "open"),
    ("do you know if the blinds are down", "close"),
    ("could you check if I turned off the lamp", "turn_off"),
    ("could you tell me whether the back door is locked", "lock"),
    ("would you please see if the blinds are closed", "close"),
    ("can you check for me whether the garage door is open", "open"),
    ("should I lock the front door", "lock"),
    ("how do I turn on the heating", "turn_on"),
    ("are there any lights on upstairs", "turn_on"),
    ("open the garage?", "open"),
    ("ben, why is the cooker fan on", "turn_on"),  # a question said to someone by name
    ("mum, did you lock the back door", "lock"),
    ("rob did you shut the barn door after you came in", "close"),  # the same with no comma, as a recogniser writes it
    ("so is the back door locked", "lock"),
    # "can ... be/go <state>" with more said of it asks: when, how, from where
    ("could the heating be warmer in winter?", "increase_temperature"),
    ("can the heating go up at night?", "increase_temperature"),
    ("can the front door be unlocked from outside?", "unlock"),
    ("could the garage door be locked remotely?", "lock"),
]

#: Polite requests are commands: they must act.
POLITE_REQUESTS: list[str] = [
    "can you turn on the light", "could you close the blinds", "would you mind closing the curtains",
    "would you please lock the front door", "can you please set a timer for ten minutes", "could you dim the lamp",
    "will you turn the heating up to 21", "please can you pause the music", "can I have the lights on",
    "could we get the blinds open", "do you mind turning off the tv", "turn off the lights, will you",
    "would it be possible to open the blinds", "is it possible to turn on the fan", "what about the kitchen",
    "how about the bedroom too", "why don't you turn on the fan", "hey, can you start the vacuum",
    "ok could you unlock the back door", "can you turn on the light?", "would you turn it off?",
    "turn on the light", "switch the light on please", "open the blinds", "Could you skip to the next song?",
    "do me a favour and turn the kettle off", "do us a favor and lock the garden gate",
    "can the picture lights go off", "can the ceiling light be a bit cooler", "could the telly be quieter", "could you check the lights are off and lock up", "could the blinds come down a bit?", "we're heading out, lock up the street door",
    "alexa, turn off the lamp", "lamp off, is that ok", "kitchen, lights off",
    "tom can you turn off the lamp", "we are heading out lock the door", "hey turn off the lamp",
    "also do the kitchen", "and do the same for the kitchen", "now do the same in the hall", "then do the bedroom",
    "ok do the kitchen too", "yes do it now", "right do the landing too", "goodnight have the heating off",
    "mum has the keys so lock the door", "do the same for the bedroom", "do the same",
]

#: "do" opening a sentence: the verb of a command when names (placeholders) and closing words follow it, an
#: auxiliary when a verb does; (what was said, the lexicon's reading, a question).
DO_OPENING: list[tuple[str, str, bool]] = [
    ("do the kitchen", "do the <area1>", False),
    ("do the bedtime routine", "do the <script1> routine", False),
    ("do the kitchen and the hall too", "do the <area1> and the <area2> too", False),
    ("do my room please", "do my <area1> please", False),
    ("do the blinds close at night", "do the <cover1> close at night", True),
    ("do the lights in the kitchen work", "do the lights in <area1> work", True),
    ("do the hallway next", "do the <area1> next", True),  # "next" may be the track: no reading is trusted
    ("do the same rules apply", "do the same rules apply", True),
    ("do you know if the lamp is on", "do you know if the <light1> is on", True),
]


def test_the_question_table_asks_about_every_action_verb_of_the_schema() -> None:
    assert {action for _, action in QUESTIONS} == ACTIONS - READ_ONLY_ACTIONS - {"cancel"}


@pytest.mark.parametrize(("question", "action"), QUESTIONS)
def test_a_question_never_acts(question: str, action: str) -> None:
    assert is_question(question)
    with pytest.raises(Refusal) as info:
        question_never_acts(question, action)
    assert info.value.kind == RefusalKind.NOT_UNDERSTOOD and "question" in info.value.speech
    for reading in READ_ONLY_ACTIONS:  # what a question may do: read
        question_never_acts(question, reading)


@pytest.mark.parametrize("request_", POLITE_REQUESTS)
def test_a_polite_request_is_a_command(request_: str) -> None:
    assert not is_question(request_)
    question_never_acts(request_, "turn_on")


#: Something the speaker did, told: never a command (policy a_report_never_acts); and requests that are not.
REPORTS: list[tuple[str, bool]] = [
    ("I've shut the coop door with the string, the sensor was in the way", True),
    ("we turned the heating off at lunch", True), ("I had the window open and the fan on", True),
    ("so I switched the lamp off already", True), ("I have put the kettle on", True), ("i left the lights on upstairs", True),
    ("i want the lights off", False), ("i need the heating on", False), ("i'd like the blinds down", False),
    ("i put the kettle on", False),  # the present too: not a report without "have"
    ("turn the lights off", False), ("can i have the lights on", False),
    ("i've got a headache, turn the lamp down", False),
]


#: Commands said in the negative never act (policy a_negative_never_acts); "don't forget to" asks for it.
NEGATIVES: list[tuple[str, bool]] = [
    ("do not unlock the front door", True), ("don't turn off the lights", True), ("never turn the heating off", True),
    ("please don't open the garage door", True), ("you don't need to lock the door", True),
    ("no, don't close the blinds", True),
    ("don't forget to lock the front door", False), ("turn off the lights", False), ("no turn the lights off", False),
    ("is the door not locked", False),
    ("we don't need the heating any more", False), ("we do not want the lamp on", False),  # requests to turn off
    ("don't leave the lights on", True),
]


@pytest.mark.parametrize(("text", "negative"), NEGATIVES)
def test_a_command_said_in_the_negative(text: str, negative: bool) -> None:
    assert is_negative(text) is negative


@pytest.mark.parametrize(("text", "report"), REPORTS)
def test_something_the_speaker_did_is_a_report(text: str, report: bool) -> None:
    assert is_report(text) is report


@pytest.mark.parametrize(("said", "tagged", "asks"), DO_OPENING)
def test_do_opening_a_sentence(said: str, tagged: str, asks: bool) -> None:
    assert is_question(said, tagged) is asks


# -- every policy, from one table ------------------------------------------------------------------

KITCHEN = Device(name="ceiling light", type="light", plugin="p", area="kitchen")
BEDROOM = Device(name="ceiling light", type="light", plugin="p", area="bedroom")
PHONE_BATTERY = Device(name="phone", type="sensor", plugin="p", device_class="battery")
PHONE_CHARGING = Device(name="phone", type="binary_sensor", plugin="p", device_class="battery_charging")
KETTLE = Device(name="kettle", type="switch", plugin="p", area="kitchen")
KETTLE_POWER = Device(name="kettle", type="sensor", plugin="p", area="kitchen", device_class="power")
WASHER = Device(name="washing machine", type="switch", plugin="p", area="utility")
WASHER_RUNNING = Device(name="washing machine", type="binary_sensor", plugin="p", area="utility", device_class="running")
WASHER_POWER = Device(name="washing machine", type="sensor", plugin="p", area="utility", device_class="power")
FRONT_LOCK = Device(name="front door", type="lock", plugin="p", area="hall", confirm=True)
GARAGE = Device(name="garage door", type="cover", plugin="p", device_class="garage", confirm=True)
GARAGE_CONTACT = Device(name="garage door", type="binary_sensor", plugin="p", device_class="garage_door")
FIELD_GATE = Device(name="field gate", type="binary_sensor", plugin="p", area="yard", device_class="opening")
STAIR_GATE = Device(name="stair gate", type="binary_sensor", plugin="p", area="landing", device_class="safety")
OPEN_GATE_SCRIPT = Device(name="open gate", type="script", plugin="p")


def _ANY(device: Device) -> bool:
    return True


def _OPENS(device: Device) -> bool:  # "is the gate open": the devices that have that state
    return device.device_class == "opening"


def _can(action: str) -> Any:
    return lambda d: action in {"light": {"turn_on", "turn_off", "get_state"}, "switch": {"turn_on", "turn_off", "get_state"},
                                "sensor": {"get_state"}, "binary_sensor": {"get_state"},
                                "cover": {"open", "close", "get_state"}, "vacuum": {"vacuum_start", "get_state"}}[d.type]


def _shared(candidates: list[Device], action: str = "turn_on", named: tuple[str, ...] = (), here: str | None = None,
            words: str = "", state: str | None = None, after: str = "") -> dict[str, Any]:
    return {"candidates": candidates, "named_areas": list(named), "context_area": here, "can": _can(action),
            "words": words.split(), "state": state, "after": after.split()}


#: (policy, inputs, expected: the value returned, or the RefusalKind raised)
def _scope(words: str, name: str = "ceiling light", said: str | None = None) -> dict[str, Any]:
    """The arguments of house_needs_a_scope_word for ``words``, the name's placeholder the first one in them."""
    ph = next(w for w in words.split() if w.startswith("<"))
    return {"names": [name], "said": said or name, "words": words.split(), "ph": ph}


CASES: list[tuple[str, dict[str, Any], Any]] = [
    ("question_never_acts", {"text": "which doors are open", "action": "open"}, RefusalKind.NOT_UNDERSTOOD),
    ("question_never_acts", {"text": "which doors are open", "action": "get_state"}, None),
    # something left out of a command: never acted on without it
    ("nothing_left_out_is_acted_on", {"text": "turn off all the lights except the kitchen", "actions": ["turn_off"]},
     RefusalKind.UNSUPPORTED),
    ("nothing_left_out_is_acted_on", {"text": "turn off everything but the lamp", "actions": ["turn_off"]},
     RefusalKind.UNSUPPORTED),
    ("nothing_left_out_is_acted_on", {"text": "close the blinds apart from the bedroom and lock up",
                                      "actions": ["close", "lock"]}, RefusalKind.UNSUPPORTED),
    ("nothing_left_out_is_acted_on", {"text": "which lights are on other than the lamp", "actions": ["get_state"]}, None),
    ("nothing_left_out_is_acted_on", {"text": "turn off all the lights except the kitchen", "actions": ["turn_off"],
                                      "left_out": True}, None),
    ("nothing_left_out_is_acted_on", {"text": "turn off the lights in the kitchen", "actions": ["turn_off"]}, None),
    ("nothing_left_out_is_acted_on", {"text": "the butler is not home but turn on the porch light",
                                      "actions": ["turn_on"]}, None),
    ("question_never_acts", {"text": "could you open the doors", "action": "open"}, None),
    # an action a question says of a device by name is asked as the state it leaves
    ("question_never_acts", {"text": "have the <cover1> been closed", "action": "close", "named": True}, "closed"),
    ("question_never_acts", {"text": "did I leave the <light1> on", "action": "turn_on", "named": True}, "on"),
    ("question_never_acts", {"text": "has anyone unlocked the <lock1>", "action": "unlock", "named": True}, "unlocked"),
    ("question_never_acts", {"text": "have the blinds been closed", "action": "close"}, RefusalKind.NOT_UNDERSTOOD),
    ("question_never_acts", {"text": "was the <light1> dimmed", "action": "decrease_brightness", "named": True},
     RefusalKind.NOT_UNDERSTOOD),  # no state it leaves: dropped
    ("question_never_acts", {"text": "close the <cover1>", "action": "close", "named": True}, None),
    ("question_never_acts", {"text": "is the <light1> on or off", "action": "toggle", "named": True}, ""),  # its state
    # a toggle only where a flip is said
    ("flip_was_said", {"text": "toggle the <light1>"}, None),
    ("flip_was_said", {"text": "flip the switch on the hall light"}, None),
    ("flip_was_said", {"text": "press the <switch1>"}, None),
    ("flip_was_said", {"text": "turn the <light1> on or off"}, None),
    ("flip_was_said", {"text": "will you turn the office lighting as well as the <light1> saw"},
     RefusalKind.NOT_UNDERSTOOD),
    ("flip_was_said", {"text": "turn the <switch1>"}, RefusalKind.NOT_UNDERSTOOD),  # a switch's placeholder is no flip
    ("flip_was_said", {"text": "switch the <switch1> over"}, None),
    # a shared name said in the plural (with a place, which the resolver checks) is each one there
    ("plural_name_is_each", {"names": ["radiator"], "said": "radiators"}, True),
    ("plural_name_is_each", {"names": ["ceiling light"], "said": "ceiling lights"}, True),
    ("plural_name_is_each", {"names": ["radiator"], "said": "radiator"}, False),
    ("plural_name_is_each", {"names": ["blinds"], "said": "blinds"}, False),  # a plural name said as it is
    ("plural_name_is_each", {"names": ["ceiling light"], "said": "ceiling lamp"}, False),  # an alias, not a plural
    ("plural_name_is_each", {"names": ["ceiling light", "big light"], "said": "big lights"}, True),  # an alias's plural
    # the whole house for a named device only where words say so of it (not "thanks a lot", "that's all", "leaving
    # the house", another command's "all")
    ("house_needs_a_scope_word", _scope("ellas <light1> off"), False),
    ("house_needs_a_scope_word", _scope("turn off every <light1>"), True),
    ("house_needs_a_scope_word", _scope("turn off all of the <light1>"), True),
    ("house_needs_a_scope_word", _scope("close the <cover1> in the whole house", name="blinds"), True),
    ("house_needs_a_scope_word", _scope("<light1> off everywhere", name="lamp"), True),
    ("house_needs_a_scope_word", _scope("<climate1> off", name="radiator", said="radiators"), True),
    ("house_needs_a_scope_word", _scope("ellas <light1> off thanks a lot"), False),
    ("house_needs_a_scope_word", _scope("ellas <light1> off thats all"), False),
    ("house_needs_a_scope_word", _scope("turn off the <light1> we are leaving the house"), False),
    ("house_needs_a_scope_word", _scope("turn off the <light1> and all the lamps"), False),
    ("house_needs_a_scope_word", _scope("all right turn off the <light1>"), False),
    # a name said short: the one configured name it ends, of those the one that fits; never a lock or a domain word
    ("a_name_said_short", {"said": "gate", "devices": [FIELD_GATE], "fits": _ANY}, "field gate"),
    ("a_name_said_short", {"said": "gate", "devices": [FIELD_GATE, STAIR_GATE], "fits": _OPENS}, "field gate"),
    ("a_name_said_short", {"said": "gate", "devices": [FIELD_GATE, STAIR_GATE], "fits": _ANY}, None),
    ("a_name_said_short", {"said": "door", "devices": [FRONT_LOCK], "fits": _ANY}, None),
    ("a_name_said_short", {"said": "light", "devices": [KITCHEN], "fits": _ANY}, None),
    ("a_name_said_short", {"said": "dishwasher", "devices": [FIELD_GATE], "fits": _ANY}, None),
    ("a_name_said_short", {"said": "gate", "devices": [FIELD_GATE, OPEN_GATE_SCRIPT], "fits": _ANY}, "field gate"),
    ("a_name_said_short", {"said": "gate", "devices": [STAIR_GATE, Device("field gate", "binary_sensor", "p",
                                                                          device_class="opening", confirm=True)],
                           "fits": _OPENS}, None),  # a device that asks first
    ("a_name_said_short", {"said": "gate", "devices": [FIELD_GATE, STAIR_GATE], "fits": _OPENS, "areas": ["landing"]},
     None),  # the room said has no gate that fits
    ("a_name_said_short", {"said": "gate", "devices": [FIELD_GATE, STAIR_GATE], "fits": _OPENS, "common": {"gate"}},
     None),  # a common word
    ("unknown_device_is_refused", {"unknown": "dishwasher", "said": "dishwasher"}, RefusalKind.UNKNOWN_DEVICE),
    ("unknown_device_is_refused", {"unknown": None, "said": None}, None),
    ("timer_name_was_said", {"action": "cancel_timer", "written": "taper", "said": None}, RefusalKind.NOT_UNDERSTOOD),
    ("timer_name_was_said", {"action": "pause_timer", "written": "wandwiset", "said": None}, RefusalKind.NOT_UNDERSTOOD),
    ("timer_name_was_said", {"action": "cancel_timer", "written": "pasta", "said": "pasta"}, None),
    ("timer_name_was_said", {"action": "cancel_timer", "written": None, "said": None}, None),
    ("timer_name_was_said", {"action": "start_timer", "written": "pasta", "said": None}, None),  # starts unnamed
    ("value_carried_by_a_word", {"value": 0, "words": "turn the volume down".split()}, False),
    ("value_carried_by_a_word", {"value": 0, "words": "mute the tv".split()}, True),
    ("value_carried_by_a_word", {"value": 100, "words": "blinds all the way up".split()}, True),
    ("value_carried_by_a_word", {"value": 50, "words": "blinds up".split(), "numbers": [50.0]}, True),
    ("the_only_player", {"everywhere": [KETTLE]}, [KETTLE]),
    ("the_only_player", {"everywhere": [KETTLE, KITCHEN]}, ()),
    ("it_needs_a_previous_command", {"it": True, "previous": ()}, RefusalKind.NOT_UNDERSTOOD),
    ("it_needs_a_previous_command", {"it": True, "previous": ("a plan",)}, None),
    ("risky_actions_ask_first", {"device": FRONT_LOCK, "action": "unlock"}, True),
    ("risky_actions_ask_first", {"device": FRONT_LOCK, "action": "lock"}, False),
    ("risky_actions_ask_first", {"device": GARAGE, "action": "open"}, True),
    ("risky_actions_ask_first", {"device": GARAGE, "action": "set_position", "value": 0}, False),
    ("risky_actions_ask_first", {"device": KITCHEN, "action": "turn_on"}, False),
    ("fuzzy_never_reaches_riskier", {"exact": False, "device_type": "lock", "device_class": None}, False),
    ("fuzzy_never_reaches_riskier", {"exact": False, "device_type": "cover", "device_class": "garage"}, False),
    ("fuzzy_never_reaches_riskier", {"exact": False, "device_type": "alarm_control_panel", "device_class": None}, False),
    ("fuzzy_never_reaches_riskier", {"exact": True, "device_type": "lock", "device_class": None}, True),
    ("fuzzy_never_reaches_riskier", {"exact": False, "device_type": "cover", "device_class": "blind"}, True),
    ("generic_word_domain", {"name": "light", "device_type": "sensor"}, "light"),
    ("generic_word_domain", {"name": "Fans", "device_type": "switch"}, "fan"),
    ("generic_word_domain", {"name": "heating", "device_type": "switch"}, "climate"),
    ("generic_word_domain", {"name": "heating", "device_type": "climate"}, None),
    ("generic_word_domain", {"name": "desk lamp", "device_type": "light"}, None),
    # a window contact named "window" (one in every room): "are the windows open" asks the class
    ("generic_word_domain", {"name": "Window", "device_type": "binary_sensor", "device_class": "window"},
     "binary_sensor:window"),
    ("generic_word_domain", {"name": "door", "device_type": "binary_sensor", "device_class": "door"}, "binary_sensor:door"),
    ("generic_word_domain", {"name": "window", "device_type": "binary_sensor", "device_class": "opening"}, None),
    ("generic_word_domain", {"name": "kitchen window", "device_type": "binary_sensor", "device_class": "window"}, None),
    # named with what a group of its class is called ("leak sensor" in every wet room): "are all the leak sensors
    # dry" asks the class; a word two classes share counts for each; another class's word is a name
    ("generic_word_domain", {"name": "Leak Sensor", "device_type": "binary_sensor", "device_class": "moisture"},
     "binary_sensor:moisture"),
    ("generic_word_domain", {"name": "smoke alarms", "device_type": "binary_sensor", "device_class": "smoke"},
     "binary_sensor:smoke"),
    ("generic_word_domain", {"name": "movement sensor", "device_type": "binary_sensor", "device_class": "moving"},
     "binary_sensor:moving"),
    ("generic_word_domain", {"name": "smoke alarm", "device_type": "binary_sensor", "device_class": "heat"}, None),
    # a group word that says a thing, not a sensor, is the one thing's name ("is the letterbox open")
    ("generic_word_domain", {"name": "letterbox", "device_type": "binary_sensor", "device_class": "opening"}, None),
    ("generic_word_domain", {"name": "charger", "device_type": "binary_sensor", "device_class": "battery_charging"},
     None),
    ("generic_word_domain", {"name": "sensor", "device_type": "binary_sensor", "device_class": "problem"}, None),
    ("generic_word_domain", {"name": "landing smoke alarm", "device_type": "binary_sensor", "device_class": "smoke"},
     None),
    # a binary sensor whose name is another domain's word, not its class's: that domain, as for other types
    ("generic_word_domain", {"name": "light", "device_type": "binary_sensor", "device_class": "light"}, "light"),
    # a sensor named by its own quantity ("temperature" in every room) is said as the quantity
    ("generic_word_domain", {"name": "Temperature", "device_type": "sensor", "device_class": "temperature"},
     "sensor:temperature"),
    ("generic_word_domain", {"name": "co2", "device_type": "sensor", "device_class": "carbon_dioxide"}, "sensor:carbon_dioxide"),
    ("generic_word_domain", {"name": "humidity", "device_type": "sensor", "device_class": "temperature"}, None),
    ("generic_word_domain", {"name": "fridge temperature", "device_type": "sensor", "device_class": "temperature"}, None),
    ("generic_word_domain", {"name": "door", "device_type": "binary_sensor", "device_class": "opening"}, "lock"),
    ("generic_word_domain", {"name": "heating", "device_type": "binary_sensor", "device_class": "running"}, "climate"),
    ("shared_name", _shared([KITCHEN, BEDROOM], named=("bedroom",)), BEDROOM),
    # the one device of a name, said in another room: refused, never acted on elsewhere
    ("shared_name", _shared([KETTLE], named=("bedroom",)), RefusalKind.NO_DEVICES),
    ("shared_name", _shared([KETTLE], named=("kitchen",)), KETTLE),
    ("shared_name", _shared([KETTLE]), KETTLE),
    ("shared_name", _shared([PHONE_BATTERY], named=("bedroom",)), PHONE_BATTERY),  # a thing of no room
    ("shared_name", _shared([KITCHEN, BEDROOM], here="kitchen"), KITCHEN),
    ("shared_name", _shared([KITCHEN, BEDROOM], named=("bedroom",), here="kitchen"), BEDROOM),
    ("shared_name", _shared([KITCHEN, BEDROOM], here="hallway"), RefusalKind.AMBIGUOUS),
    ("shared_name", _shared([KITCHEN, BEDROOM], named=("garage",)), RefusalKind.NO_DEVICES),
    ("shared_name", _shared([KETTLE, KETTLE_POWER], "turn_off"), KETTLE),
    ("shared_name", _shared([KETTLE, KETTLE_POWER], "get_state", words="what is the kettle power"), KETTLE_POWER),
    ("shared_name", _shared([PHONE_BATTERY, PHONE_CHARGING], "get_state", words="is the phone battery charging"),
     PHONE_CHARGING),
    ("shared_name", _shared([PHONE_BATTERY, PHONE_CHARGING], "get_state", words="what about the phone"),
     RefusalKind.AMBIGUOUS),
    # the state a question asks: the device that has it
    ("shared_name", _shared([WASHER, WASHER_RUNNING, WASHER_POWER], "get_state", words="is the washing machine running",
                            state="running"), WASHER_RUNNING),
    ("shared_name", _shared([WASHER, WASHER_RUNNING, WASHER_POWER], "get_state", words="is the washing machine done",
                            state="not_running"), WASHER_RUNNING),
    ("shared_name", _shared([WASHER, WASHER_RUNNING, WASHER_POWER], "get_state", words="is the washing machine on",
                            state="on"), WASHER),
    ("shared_name", _shared([WASHER, WASHER_RUNNING, WASHER_POWER], "get_state",
                            words="how much power is the washing machine using"), WASHER_POWER),
    # the model's word only on / off, which the switch has: the sensor whose own word the sentence says after the name
    ("shared_name", _shared([WASHER, WASHER_RUNNING, WASHER_POWER], "get_state", words="is the washing machine still going",
                            state="on", after="still going"), WASHER_RUNNING),
    ("shared_name", _shared([WASHER, WASHER_RUNNING, WASHER_POWER], "get_state", words="is the washing machine on",
                            state="on", after="on"), WASHER),
    ("shared_name", _shared([WASHER, WASHER_RUNNING, WASHER_POWER], "get_state", words="what about the washing machine"),
     RefusalKind.AMBIGUOUS),
    # a device and its own contact sensor in one place, both with the state asked: the sensor reads it
    ("shared_name", _shared([GARAGE, GARAGE_CONTACT], "get_state", words="is the garage door open", state="open"),
     GARAGE_CONTACT),
    ("shared_name", _shared([GARAGE, GARAGE_CONTACT], "open", words="open the garage door"), GARAGE),
    # ... but only when both have it: a state neither has still asks back, never the sensor by default
    ("shared_name", _shared([PHONE_BATTERY, PHONE_CHARGING], "get_state", words="is the phone home", state="home"),
     RefusalKind.AMBIGUOUS),
    ("warmth_of_a_light", {"action": "cooler_color_temp", "words": "make the kitchen a bit cooler".split(),
                           "names_a_light": False}, False),
    ("warmth_of_a_light", {"action": "cooler_color_temp", "words": "make the kitchen lights cooler".split(),
                           "names_a_light": False}, True),
    ("warmth_of_a_light", {"action": "warmer_color_temp", "words": "make <light1> warmer".split(),
                           "names_a_light": True}, True),
    ("warmth_of_a_light", {"action": "turn_on", "words": "it is cold".split(), "names_a_light": False}, True),
    # the recogniser's doubts about one utterance: per unsure word, (meaning, probability) of each reading
    ("heard_alike", {"doubts": [[("on", 0.6), ("on", 0.35), ("off", 0.05)]], "meant": "on", "floor": 0.9}, True),
    ("heard_alike", {"doubts": [[("on", 0.5), ("off", 0.3), ("on", 0.2)]], "meant": "on", "floor": 0.9}, False),
    ("heard_alike", {"doubts": [[("on", 0.5), ("off", 0.3), ("on", 0.2)]], "meant": "on", "floor": 0.7}, True),
    ("heard_alike", {"doubts": [[("on", 0.8), ("off", 0.2)], [("on", 0.8), ("dim", 0.2)]], "meant": "on", "floor": 0.7},
     False),  # each doubt alone would pass; together 0.64 of the belief means "on"
    ("heard_alike", {"doubts": [[("on", 0.4), ("on", 0.4)]], "meant": "on", "floor": 0.9}, True),  # unsure, same meaning
    ("heard_alike", {"doubts": [], "meant": "on", "floor": 0.9}, True),
    # a class asked where the place has none of it: a class that senses the same thing there, in its own token
    ("sensed_alike", {"device_class": "occupancy", "token": "detected", "has": lambda c: c == "motion"}, ("motion", "detected")),
    ("sensed_alike", {"device_class": "presence", "token": "home", "has": lambda c: c == "motion"}, ("motion", "detected")),
    ("sensed_alike", {"device_class": "presence", "token": "away", "has": lambda c: c == "occupancy"}, ("occupancy", "clear")),
    ("sensed_alike", {"device_class": "motion", "token": None, "has": lambda c: c == "presence"}, ("presence", None)),
    ("sensed_alike", {"device_class": "opening", "token": "closed", "has": lambda c: c == "garage_door"},
     ("garage_door", "closed")),
    ("sensed_alike", {"device_class": "window", "token": "open", "has": lambda c: True}, None),  # never a door for a window
    # people are tracked in the home, not in rooms: "is anyone in the yard" asks the yard's sensors
    ("sensed_alike", {"device_class": "person", "token": "home", "has": lambda c: c == "motion"}, ("motion", "detected")),
    # nothing said for later is done now
    ("nothing_is_done_later", {"text": "turn off the <light1> in <num1> minutes", "action": "turn_off"},
     RefusalKind.UNSUPPORTED),
    ("nothing_is_done_later", {"text": "open the blinds in the morning", "action": "open"}, RefusalKind.UNSUPPORTED),
    ("nothing_is_done_later", {"text": "put the heating on at <num1> pm", "action": "turn_on"}, RefusalKind.UNSUPPORTED),
    ("nothing_is_done_later", {"text": "put the <light1> at <num1> percent brightness", "action": "set_brightness"},
     None),
    ("nothing_is_done_later", {"text": "remind me in <num1> minutes", "action": "start_timer"}, None),
    ("nothing_is_done_later", {"text": "is the heating on in the morning", "action": "get_state"}, None),
    ("nothing_is_done_later", {"text": "turn the <climate1> on at <num1>", "action": "turn_on"}, RefusalKind.UNSUPPORTED),
    ("nothing_is_done_later", {"text": "set the <climate1> at <num1>", "action": "set_temperature"}, None),  # a value
    ("nothing_is_done_later", {"text": "put the heating on at <num1> <num2> pm", "action": "turn_on"},
     RefusalKind.UNSUPPORTED),
    ("nothing_is_done_later", {"text": "turn off the lights at half past 10", "action": "turn_off"},
     RefusalKind.UNSUPPORTED),
    ("nothing_is_done_later", {"text": "turn off the lights in a bit", "action": "turn_off"}, RefusalKind.UNSUPPORTED),
    ("nothing_is_done_later", {"text": "close the <cover1> and put it at <num1>", "action": "close",
                               "actions": ["close", "set_position"]}, None),  # the number is the position
    ("nothing_is_done_later", {"text": "next song and alert me in <num1> minutes", "action": "media_next",
                               "actions": ["media_next", "start_timer"]}, None),  # the time is the timer's
    # a command said in the negative never acts
    ("a_negative_never_acts", {"text": "do not unlock the front door", "action": "unlock"}, RefusalKind.NOT_UNDERSTOOD),
    ("a_negative_never_acts", {"text": "never turn the heating off", "action": "turn_off"}, RefusalKind.NOT_UNDERSTOOD),
    ("a_negative_never_acts", {"text": "don't forget to lock the front door", "action": "lock"}, None),
    ("a_negative_never_acts", {"text": "unlock the front door", "action": "unlock"}, None),
    # something the speaker did, told, is not a command
    ("a_report_never_acts", {"text": "I've shut the coop door", "action": "close"}, RefusalKind.NOT_UNDERSTOOD),
    ("a_report_never_acts", {"text": "I've shut the coop door, have I", "action": "get_state"}, None),
    ("a_report_never_acts", {"text": "shut the coop door", "action": "close"}, None),
    # a time of day is no setting
    ("a_time_of_day_sets_nothing", {"text": "its only <num1> oclock and im ready for bed", "number": "<num1>"},
     RefusalKind.NOT_UNDERSTOOD),
    ("a_time_of_day_sets_nothing", {"text": "heating to <num1> at <num2> pm", "number": "<num2>"},
     RefusalKind.NOT_UNDERSTOOD),
    ("a_time_of_day_sets_nothing", {"text": "heating to <num1> at <num2> pm", "number": "<num1>"}, None),
    ("a_time_of_day_sets_nothing", {"text": "set the <light1> to <num1>", "number": "<num1>"}, None),
    # a place the home does not have is refused, not replaced by the microphone's room
    ("a_place_the_home_lacks", {"text": "turn off the lights in the attic", "action": "turn_off"},
     RefusalKind.NO_DEVICES),
    ("a_place_the_home_lacks", {"text": "turn on the lights in the kids room", "action": "turn_on"},
     RefusalKind.NO_DEVICES),
    ("a_place_the_home_lacks", {"text": "turn off the lights in <area1>", "action": "turn_off"}, None),
    ("a_place_the_home_lacks", {"text": "turn on the light in here", "action": "turn_on"}, None),
    ("a_place_the_home_lacks", {"text": "turn off the lights in the whole house", "action": "turn_off"}, None),
    ("a_place_the_home_lacks", {"text": "the suns right in my eyes lower the blinds", "action": "close"}, None),
    ("a_place_the_home_lacks", {"text": "turn on the lamp in the corner", "action": "turn_on"}, None),
    ("a_place_the_home_lacks", {"text": "are the lights on in the attic", "action": "get_state"}, None),
    # a floor the home has no name for: refused, never the whole home
    ("a_place_the_home_lacks", {"text": "turn everything off upstairs", "action": "turn_off"}, RefusalKind.NO_DEVICES),
    ("a_place_the_home_lacks", {"text": "turn off the lights on the top floor", "action": "turn_off"},
     RefusalKind.NO_DEVICES),
    ("a_place_the_home_lacks", {"text": "turn everything off <floor1>", "action": "turn_off"}, None),
    ("a_place_the_home_lacks", {"text": "turn off the lights on this floor", "action": "turn_off"}, None),
    ("a_place_the_home_lacks", {"text": "pick the sock up off the floor and turn off the lights", "action": "turn_off"},
     None),
    # the one device of its name, placed by a word of its own room or refused
    ("a_place_the_home_lacks", {"text": "turn the <switch1> off in the bedroom", "action": "turn_off",
                                "where": "shower room"}, RefusalKind.NO_DEVICES),
    ("a_place_the_home_lacks", {"text": "turn the <fan1> off in the bedroom", "action": "turn_off",
                                "where": "main bedroom"}, None),
    ("a_place_the_home_lacks", {"text": "turn off the lights in bens room", "action": "turn_off"}, RefusalKind.NO_DEVICES),
    ("a_place_the_home_lacks", {"text": "turn off the lights in my study", "action": "turn_off"}, RefusalKind.NO_DEVICES),
    ("a_place_the_home_lacks", {"text": "turn off the lights in the front room", "action": "turn_off"},
     RefusalKind.NO_DEVICES),
    ("a_place_the_home_lacks", {"text": "turn off the lights in my room", "action": "turn_off"}, None),
    ("a_place_the_home_lacks", {"text": "turn on the lights im in the bath", "action": "turn_on"}, None),  # not said of them
    ("a_place_the_home_lacks", {"text": "the baby is asleep in the cot turn off the lights", "action": "turn_off"}, None),
    # every room only when all of them or the whole home is said
    ("whole_home_was_said", {"text": "turn off the lights in both bedrooms", "action": "turn_off"},
     RefusalKind.NOT_UNDERSTOOD),
    ("whole_home_was_said", {"text": "turn off the lights in <area1>", "action": "turn_off"}, RefusalKind.NOT_UNDERSTOOD),
    ("whole_home_was_said", {"text": "turn off all the lights", "action": "turn_off"}, None),
    ("whole_home_was_said", {"text": "close every blind", "action": "close"}, None),
    ("whole_home_was_said", {"text": "everything off", "action": "turn_off"}, None),
    ("whole_home_was_said", {"text": "lights off everywhere", "action": "turn_off"}, None),
    ("whole_home_was_said", {"text": "we are leaving the house turn the lights off", "action": "turn_off"}, None),
    ("whole_home_was_said", {"text": "are the lights on in both bedrooms", "action": "get_state"}, None),
    ("whole_home_was_said", {"text": "turn off the lights in every bedroom", "action": "turn_off"},
     RefusalKind.NOT_UNDERSTOOD),  # a quantifier of rooms the home may not have
    ("whole_home_was_said", {"text": "turn off the lights in all the bedrooms", "action": "turn_off"},
     RefusalKind.NOT_UNDERSTOOD),
    ("whole_home_was_said", {"text": "turn off the lights in every room", "action": "turn_off"}, None),
    ("whole_home_was_said", {"text": "house lights off", "action": "turn_off"}, None),
    ("whole_home_was_said", {"text": "turn off the lights on both floors", "action": "turn_off"}, None),
    ("sensed_alike", {"device_class": "person", "token": "not_home", "has": lambda c: c == "presence"}, ("presence", "away")),
    ("sensed_alike", {"device_class": "person", "token": "wet", "has": lambda c: True}, None),
    ("sensed_alike", {"device_class": "moving", "token": "moving", "has": lambda c: c == "motion"}, ("motion", "detected")),
    ("sensed_alike", {"device_class": "moving", "token": "moving", "has": lambda c: c == "occupancy"}, None),
    ("sensed_alike", {"device_class": "occupancy", "token": "detected", "has": lambda c: False}, None),
    ("sensed_alike", {"device_class": "motion", "token": "wet", "has": lambda c: True}, None),
    # the model's answer says what its intents do, or nothing runs
    ("model_says_what_it_does", {"wrote": "making <light1> warmer", "meant": ["making <light1> warmer"]}, None),
    ("model_says_what_it_does", {"wrote": "turning on  <light1> ", "meant": ["turning on <light1>"]}, None),
    ("model_says_what_it_does", {"wrote": "", "meant": ["turning on <light1>"]}, None),
    ("model_says_what_it_does", {"wrote": "turning off everything", "meant": ["turning off everything except <light1>"]},
     None),
    ("model_says_what_it_does", {"wrote": "turning on <light1> and <light1>", "meant": ["turning on <light1>"]},
     RefusalKind.NOT_UNDERSTOOD),
    ("model_says_what_it_does", {"wrote": "locking <lock1> and turning off <light1>",
                                 "meant": ["turning off <light1>", "locking <lock1>"]}, RefusalKind.NOT_UNDERSTOOD),
    ("model_says_what_it_does", {"wrote": "making <light1> magenta", "meant": ["making <light1> warmer"]},
     RefusalKind.NOT_UNDERSTOOD),
    ("model_says_what_it_does", {"wrote": "adding <num1> minutes to the timer", "meant": ["adding to the timer"]},
     RefusalKind.NOT_UNDERSTOOD),
    ("model_says_what_it_does", {"wrote": "checking the humidity in <area1> and",
                                 "meant": ["checking the humidity in <area1>", "turning on everything"]},
     RefusalKind.NOT_UNDERSTOOD),  # the second intent said by no word
    ("model_says_what_it_does", {"wrote": "checking <light1> , checking <lock1> and turning off <fan1>",
                                 "meant": ["checking <light1>", "checking <lock1>", "turning off <fan1>"]}, None),
]


def test_every_policy_is_in_the_table_and_documented() -> None:
    names = [p.name for p in POLICIES]
    assert len(names) == len(set(names))
    assert set(names) == {name for name, _, _ in CASES}
    for policy in POLICIES:
        assert policy.check.__name__ == policy.name and policy.check.__doc__ and policy.guards and policy.applied_in


@pytest.mark.parametrize(("name", "inputs", "expected"), CASES,
                         ids=[f"{name}-{i}" for i, (name, _, _) in enumerate(CASES)])
def test_policy(name: str, inputs: dict[str, Any], expected: Any) -> None:
    check = next(p.check for p in POLICIES if p.name == name)
    if isinstance(expected, RefusalKind):
        with pytest.raises(Refusal) as info:
            check(**inputs)
        assert info.value.kind == expected and info.value.speech
    else:
        assert check(**inputs) == expected


def test_the_question_back_names_what_tells_them_apart() -> None:
    with pytest.raises(Ambiguous) as info:
        _policy("shared_name")(**_shared([KITCHEN, BEDROOM]))
    assert info.value.speech == "Which ceiling light: the kitchen or the bedroom one?"
    assert info.value.candidates == (KITCHEN, BEDROOM)
    with pytest.raises(Ambiguous) as info:
        _policy("shared_name")(**_shared([PHONE_BATTERY, PHONE_CHARGING], "get_state"))
    assert info.value.speech == "Which phone: the battery or the battery charging one?"
    # one thing of several entities in one room: its type or class, not "the utility room vacuum"
    vacuum = Device(name="vacuum", type="vacuum", plugin="p", area="utility room")
    battery = Device(name="vacuum", type="sensor", plugin="p", area="utility room", device_class="battery")
    with pytest.raises(Ambiguous) as info:
        _policy("shared_name")(**_shared([vacuum, battery], "get_state", here="kitchen"))
    assert info.value.speech == "Which vacuum: the vacuum or the battery one?"
    assert answer_picks(["the", "battery", "one"], set(), [vacuum, battery]) == battery
    assert answer_picks(["the", "vacuum"], set(), [vacuum, battery]) == vacuum


def _policy(name: str) -> Any:
    return next(p.check for p in POLICIES if p.name == name)


@pytest.mark.parametrize(("answer", "areas", "picked"), [
    ("the kitchen one", {"kitchen"}, KITCHEN),
    ("kitchen", {"kitchen"}, KITCHEN),
    ("i mean the one in the bedroom", {"bedroom"}, BEDROOM),
    ("the garage one", {"garage"}, None),
    ("turn on the radio please", set(), None),
])
def test_an_answer_to_which_one(answer: str, areas: set[str], picked: Device | None) -> None:
    words = [w for w in answer.split() if w not in {a for area in areas for a in area.split()}]
    assert answer_picks(words, areas, (KITCHEN, BEDROOM)) == picked


def test_check_warns_about_names_that_stay_ambiguous_and_domain_words() -> None:
    config = config_from_dict({
        "areas": ["kitchen", "bedroom"],
        "devices": [
            {"name": "ceiling light", "area": "kitchen", "type": "light", "plugin": "p"},
            {"name": "ceiling light", "area": "bedroom", "type": "light", "plugin": "p"},
            {"name": "phone", "type": "sensor", "device_class": "battery", "plugin": "p"},
            {"name": "phone", "type": "sensor", "device_class": "signal_strength", "plugin": "p"},
            {"name": "light", "area": "kitchen", "type": "sensor", "device_class": "illuminance", "plugin": "p"},
            # told apart by the state asked ("is the phone charging", "is the phone connected"): no warning
            {"name": "phone", "type": "binary_sensor", "device_class": "battery_charging", "plugin": "p"},
            {"name": "phone", "type": "binary_sensor", "device_class": "connectivity", "plugin": "p"},
        ],
    })
    warnings = ambiguous_name_warnings(config)
    assert len(warnings) == 2, warnings
    assert "'phone' names 2 devices of type sensor in the same place" in warnings[0]
    assert "device 'light' (sensor) is named with a word for light devices" in warnings[1]
