"""Resolution of the model's frames against the configured home (config/homeslm.yaml).

These tests build the frames by parsing notation (what the model would write) over a sentence tagged
by the real lexicon, so they pin the resolver's behaviour independently of the model's accuracy.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from homeslm.config.model import Config, Device
from homeslm.outcomes import RefusalKind
from homeslm.config.loader import config_from_dict, load_config
from homeslm.understanding.policies import Ambiguous
from homeslm.understanding.resolve import Plan, Refusal, Resolver
from homeslm.understanding.lexicon import Lexicon
from homeslm.understanding.notation import parse

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "homeslm.yaml"


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(EXAMPLE)


def resolve(config: Config, sentence: str, notation: str, area: str | None = None, previous=()):  # type: ignore[no-untyped-def]
    tagged = Lexicon.from_config(config).tag(sentence)
    return Resolver(config).resolve(parse(notation).frames, tagged, area or config.area, previous)


def test_a_named_device_takes_its_own_area_and_type(config: Config) -> None:
    [(plan, _)] = resolve(config, "turn off the big light", "turn_off <light1>")
    assert plan.intent.to_dict() == {"action": "turn_off", "device": "ceiling light", "area": "kitchen", "floor": None,
                                     "domain": "light", "value": None, "unit": None}
    assert [d.name for d in plan.devices] == ["ceiling light"]


def test_lights_without_a_room_mean_the_microphones_room(config: Config) -> None:
    [(plan, _)] = resolve(config, "lights off", "turn_off light", area="bedroom")
    assert (plan.intent.area, plan.intent.device, plan.intent.domain) == ("bedroom", None, "light")
    assert [d.name for d in plan.devices] == ["bedside lamp"]


def test_a_floor_fans_out_to_every_matching_device_on_it(config: Config) -> None:
    [(plan, _)] = resolve(config, "turn off the lights upstairs", "turn_off light <floor1>")
    assert plan.intent.floor == "upstairs" and plan.intent.area is None
    assert {d.name for d in plan.devices} == {"bedside lamp", "night light", "desk lamp"}


def test_the_whole_house_has_no_area(config: Config) -> None:
    [(plan, _)] = resolve(config, "turn off all the lights", "turn_off light house")
    assert plan.intent.area is None and plan.intent.floor is None
    assert {d.name for d in plan.devices} == {d.name for d in config.devices if d.type == "light"}


def test_a_group_command_that_only_repeats_a_named_one_is_dropped(config: Config) -> None:
    # the curtains are the living room's only cover: "let some light in" read as opening every cover there
    # adds nothing to opening the curtains by name
    plans = resolve(config, "open the curtains and let some light in", "open <cover1> ; open cover",
                    area="living room")
    assert [(p.intent.action, p.intent.device) for p, _ in plans] == [("open", "curtains")]


def test_a_group_command_reaching_further_than_the_named_device_stays(config: Config) -> None:
    plans = resolve(config, "turn off the floor lamp and the lights upstairs", "turn_off <light1> ; turn_off light <floor1>")
    assert [(p.intent.action, p.intent.device, p.intent.floor) for p, _ in plans] == [
        ("turn_off", "floor lamp", None), ("turn_off", None, "upstairs")]
    # a different action on the same device is never "the same command"
    plans = resolve(config, "open the curtains and close the covers", "open <cover1> ; close cover", area="living room")
    assert [(p.intent.action, p.intent.device) for p, _ in plans] == [("open", "curtains"), ("close", None)]


STUDIO = """\
site: test
area: studio
areas: [studio]
devices:
  - {name: roller, area: studio, type: cover, device_class: blind, plugin: zigbee2mqtt, topic: roller}
  - {name: drapes left, area: studio, type: cover, device_class: curtain, plugin: zigbee2mqtt, topic: drapes}
  - {name: skylight, area: studio, type: cover, plugin: zigbee2mqtt, topic: skylight}
  - {name: door lock, area: studio, type: lock, plugin: zigbee2mqtt, topic: lock}
"""


def test_a_group_keeps_the_class_the_sentence_names_when_the_model_left_it_out(tmp_path: Path) -> None:
    home = tmp_path / "studio.yaml"
    home.write_text(STUDIO)
    studio = load_config(home)
    [(plan, fr)] = resolve(studio, "the sun is in my eyes lower the blinds", "close cover")
    assert plan.intent.domain == "cover:blind" and fr.domain == "cover:blind"
    assert [d.name for d in plan.devices] == ["roller"]
    # two classes named, or several commands: the model's reading stands
    [(plan, _)] = resolve(studio, "close the blinds or the curtains", "close cover")
    assert plan.intent.domain == "cover" and len(plan.devices) == 3
    plans = resolve(studio, "close the blinds and lock the door lock", "close cover ; lock <lock1>")
    assert plans[0][0].intent.domain == "cover"


@pytest.mark.parametrize(
    ("sentence", "notation", "value"),
    [("mute the tv", "set_volume <media_player1> zero", 0), ("max volume on the tv", "set_volume <media_player1> max", 100),
     ("half volume on the tv", "set_volume <media_player1> half", 50)],
)
def test_a_value_an_idiom_carries_is_kept(config: Config, sentence: str, notation: str, value: int) -> None:
    [(plan, _)] = resolve(config, sentence, notation)
    assert plan.intent.value == value


@pytest.mark.parametrize(
    ("sentence", "notation"),
    [("turn the tv volume down", "set_volume <media_player1> zero"), ("turn the tv up", "set_volume <media_player1> max")],
)
def test_a_value_no_word_of_the_sentence_carries_is_not_understood(config: Config, sentence: str, notation: str) -> None:
    # "down" is not "mute", "up" is not "as loud as it goes"
    with pytest.raises(Refusal) as refusal:
        resolve(config, sentence, notation)
    assert refusal.value.kind == "not_understood"


def test_a_state_question_where_there_is_nothing_to_ask_asks_the_whole_home(config: Config) -> None:
    [(plan, _)] = resolve(config, "are any windows open", "get_state binary_sensor:window open", area="kitchen")
    assert plan.intent.area is None and [d.name for d in plan.devices] == ["living room window"]
    # a command is not widened: nothing is switched on in another room
    with pytest.raises(Refusal):
        resolve(config, "open the windows", "open cover:window", area="kitchen")


def test_a_singular_state_question_where_there_is_none_asks_the_whole_home() -> None:
    config = config_from_dict({
        "area": "hallway", "areas": ["hallway", "kitchen", "bedroom"],
        "devices": [{"name": f"{room} window", "area": room, "type": "binary_sensor", "device_class": "window",
                     "plugin": "mqtt", "topic": f"{room}/window"} for room in ("kitchen", "bedroom")]
        + [{"name": "hall lamp", "area": "hallway", "type": "light", "plugin": "mqtt", "topic": "lamp"}],
    })
    [(plan, _)] = resolve(config, "is the window open", "get_state binary_sensor:window one open", area="hallway")
    assert plan.intent.area is None and plan.intent.device is None
    assert sorted(d.name for d in plan.devices) == ["bedroom window", "kitchen window"]
    # a command is not widened to the home
    with pytest.raises(Refusal):
        resolve(config, "open the window", "open cover:window one", area="hallway")


@pytest.mark.parametrize(("sentence", "notation", "whole_home"), [
    ("are any windows open", "get_state binary_sensor:window open", True),  # a class: the whole home's
    ("which windows have been left open", "get_state binary_sensor:window q:which open", True),
    ("which lights are on", "get_state light q:which on", True),  # a quantifier over any group
    ("is the window open", "get_state binary_sensor:window one open", False),  # one thing: the room's
    ("is the floor wet in here", "get_state binary_sensor:window open", False),  # "here": the room
    ("which lights are on in my room", "get_state light q:which on", False),
    ("are the lights on", "get_state light on", False),  # lights with no quantifier: the room's
])
def test_a_question_over_a_group_with_no_place_said_asks_the_whole_home(sentence: str, notation: str,
                                                                        whole_home: bool) -> None:
    """Even where the microphone's room has such a device (docs/DESIGN.md section 3)."""
    config = config_from_dict({
        "area": "kitchen", "areas": ["kitchen", "bedroom"],
        "devices": [{"name": f"{room} window", "area": room, "type": "binary_sensor", "device_class": "window",
                     "plugin": "mqtt", "topic": f"{room}/window"} for room in ("kitchen", "bedroom")]
        + [{"name": f"{room} lamp", "area": room, "type": "light", "plugin": "mqtt", "topic": f"{room}/lamp"}
           for room in ("kitchen", "bedroom")],
    })
    [(plan, _)] = resolve(config, sentence, notation, area="kitchen")
    assert {d.area for d in plan.devices} == ({"kitchen", "bedroom"} if whole_home else {"kitchen"})
    assert plan.intent.area == (None if whole_home else "kitchen")


def test_every_room_only_when_all_of_them_are_said(config: Config) -> None:
    """Policy whole_home_was_said: the model's whole-house scope for a kind of device, said of rooms the home calls
    otherwise, is refused, never every light of the home."""
    with pytest.raises(Refusal) as refusal:
        resolve(config, "turn off the lights in both bedrooms", "turn_off light house", area="kitchen")
    assert refusal.value.kind == "not_understood" and "which rooms" in refusal.value.speech
    [(plan, _)] = resolve(config, "turn off all the lights", "turn_off light house", area="kitchen")
    assert plan.intent.area is None and len({d.area for d in plan.devices}) > 2
    [(plan, _)] = resolve(config, "hoover the house", "vacuum_start vacuum house", area="kitchen")
    assert plan.intent.action == "vacuum_start"


@pytest.mark.parametrize(("sentence", "notation"), [
    ("turn off the lights on this floor", "turn_off light"), ("turn everything off on my floor", "turn_off all"),
    ("are any lights on on this level", "get_state light on")])
def test_this_floor_is_the_microphones_floor(config: Config, sentence: str, notation: str) -> None:
    [(plan, _)] = resolve(config, sentence, notation, area="kitchen")
    ground = set(next(f.areas for f in config.floors if f.name == "ground floor"))
    assert (plan.intent.area, plan.intent.floor) == (None, "ground floor")
    assert {d.area for d in plan.devices} <= ground and len({d.area for d in plan.devices}) > 1
    [(plan, _)] = resolve(config, "turn off the lights", "turn_off light", area="kitchen")  # no floor said: the room
    assert {d.area for d in plan.devices} == {"kitchen"}


def test_media_said_where_there_is_none_is_the_homes_only_player_by_name(config: Config) -> None:
    [(plan, _)] = resolve(config, "pause the music", "media_pause media_player", area="kitchen")
    assert (plan.intent.device, plan.intent.area) == ("tv", "living room")
    # other groups are not moved to another room
    with pytest.raises(Refusal):
        resolve(config, "turn on the fans", "turn_on fan", area="kitchen")


def test_a_missing_sensor_class_is_said_as_sensors(config: Config) -> None:
    with pytest.raises(Refusal) as refusal:
        resolve(config, "how humid is it in the kitchen", "get_state sensor:humidity <area1>")
    assert refusal.value.speech == "Sorry, there are no humidity sensors in the kitchen."


def test_a_group_refused_for_want_of_devices_says_where_as_people_do(config: Config) -> None:
    # "upstairs" is said as an adverb ("no windows upstairs", not "on the upstairs"); people are not "persons"
    with pytest.raises(Refusal) as refusal:
        resolve(config, "are any windows open upstairs", "get_state binary_sensor:window <floor1> open")
    assert refusal.value.speech == "Sorry, there are no windows upstairs."
    with pytest.raises(Refusal) as refusal:
        resolve(config, "is anyone home", "get_state person home")
    assert refusal.value.speech == "Sorry, no people are set up in this home."


def test_a_singular_class_reference_with_one_match_names_the_device(config: Config) -> None:
    [(plan, _)] = resolve(config, "is the hallway door open", "get_state binary_sensor:door <area1> one open")
    assert plan.intent.device == "front door sensor"
    assert plan.intent.domain == "binary_sensor" and plan.intent.value == "open"


def test_a_device_class_restricts_the_group(config: Config) -> None:
    [(plan, _)] = resolve(config, "close the curtains", "close cover:curtain", area="living room")
    assert plan.intent.domain == "cover:curtain" and [d.name for d in plan.devices] == ["curtains"]


def test_numbers_units_and_durations_are_restored(config: Config) -> None:
    plans = resolve(config, "dim the desk lamp to 30 percent and set a timer for 1 hour and 30 minutes",
                    "set_brightness <light1> <num1> % ; start_timer <num2> h <num3> min")
    assert (plans[0][0].intent.value, plans[0][0].intent.unit) == (30, "%")
    assert (plans[1][0].intent.value, plans[1][0].intent.unit, plans[1][0].intent.domain) == (5400, "s", "timer")


def test_a_timer_named_by_its_length(config: Config) -> None:
    [(plan, _)] = resolve(config, "cancel the 5 minute timer", "cancel_timer len <num1> min")
    assert plan.intent.device == "timer:300s" and plan.intent.value is None


@pytest.mark.parametrize(("sentence", "notation", "device", "area", "value"), [
    ("cancel the kitchen timer", "cancel_timer <area1>", None, "kitchen", None),
    ("how long is left on the timer in the bedroom", "timer_status <area1>", None, "bedroom", None),
    ("pause the pasta timer in the kitchen", "pause_timer =pasta <area1>", "pasta", "kitchen", None),
    ("add 5 minutes to the kitchen timer", "increase_timer <area1> <num1> min", None, "kitchen", 300),
    ("cancel the 5 minute timer in the bedroom", "cancel_timer len <num1> min <area1>", "timer:300s", "bedroom", None),
])
def test_a_timer_keeps_the_room_that_names_it(config: Config, sentence: str, notation: str, device: str | None,
                                              area: str, value: int | None) -> None:
    [(plan, _)] = resolve(config, sentence, notation, area="living room")
    assert (plan.intent.action, plan.intent.device, plan.intent.area, plan.intent.domain, plan.intent.value) == (
        notation.split()[0], device, area, "timer", value)
    assert plan.devices == ()


def test_a_timer_starts_where_it_is_said_not_in_the_room_it_names(config: Config) -> None:
    [(plan, _)] = resolve(config, "set a timer for 5 minutes in the kitchen", "start_timer <num1> min <area1>")
    assert (plan.intent.area, plan.intent.value) == (None, 300)


def test_an_unknown_device_is_refused_by_name(config: Config) -> None:
    with pytest.raises(Refusal) as err:
        resolve(config, "turn on the dishwasher", "turn_on ?dishwasher")
    assert err.value.kind == "unknown_device" and "dishwasher" in err.value.speech


def test_an_unknown_device_is_named_as_the_sentence_said_it(config: Config) -> None:
    sentence = "Turn off Ella's fairy lights, please."
    tagged = Lexicon.from_config(config).tag(sentence)
    with pytest.raises(Refusal) as err:
        Resolver(config).resolve(parse("turn_off ?ellas_fairy_lights").frames, tagged, None, said=sentence)
    assert err.value.speech == "Sorry, I don't know a device called Ella's fairy lights."


def test_a_name_said_short_is_the_one_configured_name_it_ends_that_has_the_state_asked() -> None:
    home = config_from_dict({"area": "hall", "areas": ["hall", "yard", "landing"], "devices": [
        {"name": "field gate", "area": "yard", "type": "binary_sensor", "device_class": "opening", "plugin": "mqtt",
         "topic": "g"},
        {"name": "stair gate", "area": "landing", "type": "binary_sensor", "device_class": "safety", "plugin": "mqtt",
         "topic": "s"},
        {"name": "back door", "area": "hall", "type": "lock", "plugin": "mqtt", "topic": "l"}]}, source="short")
    [(plan, _)] = resolve(home, "has the gate been left open", "get_state ?gate open")
    assert [d.name for d in plan.devices] == ["field gate"] and plan.intent.value == "open"
    for sentence, notation in (("is the gate safe", "get_state ?gate"),  # both gates could say: refused
                               ("unlock the door", "unlock ?door"),  # a lock is never reached by a short name
                               ("is the gate in the hall open", "get_state ?gate <area1> open"),  # not in the room said
                               ("is gate open", "get_state ?gate open")):  # "the gate", "my gate": a name said so
        with pytest.raises(Refusal) as err:
            resolve(home, sentence, notation)
        assert err.value.kind == "unknown_device"


def test_an_action_the_device_cannot_do_is_refused(config: Config) -> None:
    with pytest.raises(Refusal) as err:
        resolve(config, "lock the desk lamp", "lock <light1>")
    assert err.value.kind == "unsupported" and "desk lamp" in err.value.speech


def test_a_group_with_no_devices_is_refused(config: Config) -> None:
    with pytest.raises(Refusal) as err:
        resolve(config, "close the blinds in the kitchen", "close cover:blind <area1>")
    assert err.value.kind == "no_devices"


def test_out_of_range_values_are_refused(config: Config) -> None:
    with pytest.raises(Refusal) as err:
        resolve(config, "set the desk lamp to 150 percent", "set_brightness <light1> <num1> %")
    assert err.value.kind == "invalid_value"


KETTLE_PLUGIN = Path(__file__).resolve().parents[1] / "data" / "kettle_plugin"


def kettle_home(kettle_plugin: str = "kettle") -> tuple[Config, Resolver]:
    """A kettle (a switch whose plugin, tests/data/kettle_plugin, heats it to a temperature) beside a
    thermostat and a plug of built-in plugins; resolution as the daemon does it, with the real registry."""
    from homeslm.plugins import ActionRegistry, build_plugin_manager

    config = config_from_dict({
        "area": "kitchen",
        "areas": ["kitchen", "living room"],
        "devices": [
            {"name": "kettle", "area": "kitchen", "type": "switch", "plugin": kettle_plugin, "topic": "kettle"},
            {"name": "thermostat", "area": "living room", "type": "climate", "plugin": "mqtt", "topic": "thermostat"},
            {"name": "plug", "area": "kitchen", "type": "switch", "plugin": "mqtt", "topic": "plug"},
        ],
    })
    pm = build_plugin_manager(["homeslm.default_plugins.mqtt"], load_entry_points=False, paths=[KETTLE_PLUGIN])
    registry = ActionRegistry(pm, config)
    assert not pm.failures and not registry.errors
    return config, Resolver(config, supports=lambda d, a: registry.supports(d.plugin, d.type, a))


def test_a_plugin_action_with_its_own_meaning_gets_its_value_and_built_in_devices_keep_their_range() -> None:
    config, resolver = kettle_home()

    def plans(sentence: str, notation: str, previous: tuple[Plan, ...] = ()) -> tuple[Plan, ...]:
        tagged = Lexicon.from_config(config).tag(sentence)
        return tuple(p for p, _ in resolver.resolve(parse(notation).frames, tagged, "kitchen", previous))

    [kettle] = plans("set the kettle to 80 degrees", "set_temperature <switch1> <num1>")
    assert (kettle.intent.action, kettle.intent.device, kettle.intent.value) == ("set_temperature", "kettle", 80)
    for sentence, notation in [("set the thermostat to 80 degrees", "set_temperature <climate1> <num1>"),
                               ("set the heating to 80 degrees", "set_temperature climate <num1>")]:
        with pytest.raises(Refusal, match="80 is out of range") as refused:
            plans(sentence, notation)
        assert refused.value.kind == "invalid_value"
    # a value said for the kettle is not carried to the thermostat ("and the thermostat too")
    with pytest.raises(Refusal, match="80 is out of range"):
        plans("and the thermostat too", "same <climate1>", previous=(kettle,))
    [again] = plans("make it 90 degrees", "set_temperature it <num1>", previous=(kettle,))
    assert (again.intent.device, again.intent.value) == ("kettle", 90)
    # a switch whose plugin does not take temperatures still cannot be set to one
    with pytest.raises(Refusal, match="the plug can't do that"):
        plans("set the plug to 30 degrees", "set_temperature <switch1> <num1>")


def test_a_placeholder_the_sentence_does_not_contain_is_refused(config: Config) -> None:
    with pytest.raises(Refusal):
        resolve(config, "turn on the lights", "turn_on <light1>")


def test_follow_ups_reuse_the_previous_command(config: Config) -> None:
    first = [p for p, _ in resolve(config, "turn on the desk lamp", "turn_on <light1>")]
    [(plan, _)] = resolve(config, "turn it off", "turn_off it", previous=tuple(first))
    assert plan.intent.action == "turn_off" and plan.intent.device == "desk lamp"
    [(plan, _)] = resolve(config, "and the bedroom too", "same <area1>", previous=tuple(first))
    assert plan.intent.action == "turn_on" and plan.intent.area == "bedroom" and plan.intent.domain == "light"
    with pytest.raises(Refusal):
        resolve(config, "and the bedroom too", "same <area1>")


def test_confirm_devices_are_flagged(config: Config) -> None:
    [(plan, _)] = resolve(config, "unlock the front door", "unlock <lock1>")
    assert plan.devices[0].confirm is True


def test_a_timer_name_the_sentence_does_not_contain_is_dropped(config: Config) -> None:
    [(plan, _)] = resolve(config, "set a timer for 30 minutes", "start_timer =pasta <num1> min")
    assert plan.intent.device is None and plan.intent.value == 1800
    [(plan, _)] = resolve(config, "set a pasta timer for 30 minutes", "start_timer =pasta <num1> min")
    assert plan.intent.device == "pasta"
    # acting on running timers under a made-up name is refused (policy timer_name_was_said), never all of them
    with pytest.raises(Refusal) as refusal:
        resolve(config, "lily turn the tap off", "cancel_timer =taper")
    assert refusal.value.kind == RefusalKind.NOT_UNDERSTOOD


def test_a_timer_name_cut_short_in_copying_is_the_sentences_word(config: Config) -> None:
    """The model wrote "=past" for "a pasty timer" (the tokenizer's pieces "past" + "y"): the name is the word the
    sentence says; a word of two it could be is no name."""
    [(plan, _)] = resolve(config, "set a pasty timer for 45 minutes", "start_timer =past <num1> min")
    assert plan.intent.device == "pasty"
    [(plan, _)] = resolve(config, "stop the pasty timer", "cancel_timer =past")
    assert (plan.intent.action, plan.intent.device) == ("cancel_timer", "pasty")
    with pytest.raises(Refusal):
        resolve(config, "stop the pasty timer and the pastry one", "cancel_timer =past")
    # its last letter miscopied ("=pastu"): the sentence's word too; a word two letters off is none
    [(plan, _)] = resolve(config, "carry on with the pasty timer", "resume_timer =pastu")
    assert (plan.intent.action, plan.intent.device) == ("resume_timer", "pasty")
    with pytest.raises(Refusal):
        resolve(config, "stop the pasty timer", "cancel_timer =pasuu")


VALVE_HOME = {
    "site": "garden", "area": "patio", "mqtt": {"host": "127.0.0.1"}, "areas": ["patio", "lawn"],
    "devices": [{"name": "drip valve", "area": "patio", "type": "valve", "plugin": "zigbee2mqtt", "topic": "drip"},
                {"name": "sprinkler", "area": "lawn", "type": "valve", "plugin": "zigbee2mqtt", "topic": "sprinkler"}],
}


@pytest.mark.parametrize(("sentence", "notation", "action", "value"), [
    ("turn the drip valve on", "turn_on <valve1>", "open", None),
    ("shut off the drip valve", "turn_off <valve1>", "close", None),
    ("is the drip valve on", "get_state <valve1> on", "get_state", "open"),
    ("is the drip valve off", "get_state <valve1> off", "get_state", "closed"),
    ("open the drip valve", "open <valve1>", "open", None),
])
def test_a_valve_is_opened_and_closed_whatever_the_model_wrote(sentence: str, notation: str, action: str,
                                                              value: str | None) -> None:
    from homeslm.config.loader import config_from_dict

    home = config_from_dict(VALVE_HOME, source="valves")
    [(plan, _)] = resolve(home, sentence, notation)
    assert (plan.intent.action, plan.intent.device, plan.intent.value) == (action, "drip valve", value)


def test_valves_in_a_room_are_opened_and_one_that_only_switches_keeps_turn_on() -> None:
    from homeslm.config.loader import config_from_dict

    home = config_from_dict(VALVE_HOME, source="valves")
    [(plan, _)] = resolve(home, "water the lawn", "turn_on valve <area1>")
    assert (plan.intent.action, plan.intent.area, [d.name for d in plan.devices]) == ("open", "lawn", ["sprinkler"])
    # a plugin that can switch the valve but not open it: the command stays what the plugin can do
    switches_only = Resolver(home, supports=lambda device, action: action != "open")
    tagged = Lexicon.from_config(home).tag("turn the drip valve on")
    [(plan, _)] = switches_only.resolve(parse("turn_on <valve1>").frames, tagged, home.area)
    assert plan.intent.action == "turn_on"


def test_everything_in_a_room_is_every_device_there_that_can_do_it(config: Config) -> None:
    [(plan, _)] = resolve(config, "turn off everything in the bedroom", "turn_off all <area1>")
    assert plan.intent.to_dict() == {"action": "turn_off", "device": None, "area": "bedroom", "floor": None,
                                     "domain": None, "value": None, "unit": None}
    assert {d.name for d in plan.devices} == {"bedside lamp", "ceiling fan"}  # the blinds cannot be switched off
    [(here, _)] = resolve(config, "switch everything off in here", "turn_off all", area="bedroom")
    assert here.intent.area == "bedroom" and here.devices == plan.devices
    [(house, _)] = resolve(config, "turn everything off", "turn_off all house")
    assert house.intent.area is None and len(house.devices) > len(plan.devices)
    with pytest.raises(Refusal):
        resolve(config, "lock everything in the bedroom", "lock all <area1>")  # "everything" is for on and off


def test_a_sensor_is_read_the_way_its_class_asks(config: Config) -> None:
    # the model sees both as <sensor1>: a humidity sensor's reading is get_state with no value, a
    # thermometer's is get_temperature, whichever the model wrote
    [(humid, _)] = resolve(config, "what does the bathroom humidity say", "get_temperature <sensor1>")
    assert (humid.intent.action, humid.intent.device, humid.intent.value) == ("get_state", "bathroom humidity", None)
    [(temp, _)] = resolve(config, "what does the office temperature say", "get_state <sensor1>")
    assert (temp.intent.action, temp.intent.device) == ("get_temperature", "office temperature")
    [(asked, _)] = resolve(config, "how humid is it in the bathroom", "get_state sensor:humidity <area1> one")
    assert (asked.intent.action, asked.intent.device, asked.intent.domain) == ("get_state", "bathroom humidity", "sensor")


def with_plugins(config: Config, sentence: str, notation: str, area: str):  # type: ignore[no-untyped-def]
    """Resolution as the daemon does it: it knows the plugins can drive every configured device."""
    tagged = Lexicon.from_config(config).tag(sentence)
    return Resolver(config, supports=lambda device, action: True).resolve(parse(notation).frames, tagged, area)


def test_a_rooms_temperature_is_read_by_its_thermometer_where_it_has_no_heating(config: Config) -> None:
    [(plan, _)] = with_plugins(config, "how warm is the office", "get_temperature climate <area1>", "kitchen")
    assert (plan.intent.action, plan.intent.area, plan.intent.domain) == ("get_temperature", "office", "climate")
    assert [d.name for d in plan.devices] == ["office temperature"]


def test_the_heating_set_from_a_room_without_a_thermostat_is_the_homes(config: Config) -> None:
    [(plan, _)] = with_plugins(config, "set the heating to 20", "set_temperature climate <num1>", "kitchen")
    assert [d.name for d in plan.devices] == ["thermostat"] and plan.intent.value == 20


def test_heating_asked_of_a_room_without_any_is_refused_by_name(config: Config) -> None:
    with pytest.raises(Refusal, match="no heating in the bedroom") as refused:
        with_plugins(config, "set the bedroom to 19 degrees", "set_temperature climate <area1> <num1>", "kitchen")
    assert refused.value.kind == "no_devices"


def test_a_singular_reference_where_the_room_has_none_is_the_homes_only_one(config: Config) -> None:
    [(plan, _)] = with_plugins(config, "turn on the telly", "turn_on media_player one", "office")
    assert plan.intent.device == "tv" and [d.name for d in plan.devices] == ["tv"]
    with pytest.raises(Refusal, match="no lights in the bathroom"):  # several in the home: not guessed
        with_plugins(config, "turn on the lamp", "turn_on light one", "bathroom")


@pytest.mark.parametrize(("sentence", "notation"), [
    ("turn it off", "turn_off it"), ("turn it on", "turn_on it"), ("make it brighter", "increase_brightness it"),
    ("unlock it", "unlock it"),
])
def test_it_with_no_previous_command_asks_which_device_instead_of_acting(config: Config, sentence: str, notation: str) -> None:
    with pytest.raises(Refusal, match="which device do you mean by it"):
        resolve(config, sentence, notation, area="living room")


SHARED_HOME = {
    "site": "t", "area": "living room",
    "floors": [{"name": "ground floor", "areas": ["kitchen", "living room"]},
               {"name": "upstairs", "areas": ["bedroom", "office"]}],
    "devices": [{"name": "ceiling light", "area": a, "type": "light", "plugin": "zigbee2mqtt", "topic": f"{a}_ceiling"}
                for a in ("kitchen", "living room", "bedroom")],
}


def test_a_shared_name_is_placed_by_the_room_each_intent_names() -> None:
    home = config_from_dict(SHARED_HOME, source="shared")
    plans = resolve(home, "switch on the kitchen ceiling light and the bedroom ceiling light",
                    "turn_on <light1> <area1> ; turn_on <light1> <area2>")
    assert [p.intent.area for p, _ in plans] == ["kitchen", "bedroom"]
    assert [d.topic for p, _ in plans for d in p.devices] == ["kitchen_ceiling", "bedroom_ceiling"]


@pytest.mark.parametrize(("sentence", "notation"), [
    ("turn off the ceiling light upstairs", "turn_off <light1> <floor1>"),  # the model's reading
    ("turn off the ceiling light upstairs", "turn_off <light1>"),  # a model that left the floor out
    ("turn off the upstairs ceiling light", "turn_off <light1>"),
])
def test_a_shared_name_said_with_a_floor_is_the_one_on_that_floor(sentence: str, notation: str) -> None:
    home = config_from_dict(SHARED_HOME, source="shared")
    [(plan, _)] = resolve(home, sentence, notation)  # said in the living room, which has one too
    assert (plan.intent.area, [d.topic for d in plan.devices]) == ("bedroom", ["bedroom_ceiling"])


def test_a_shared_name_said_in_the_plural_with_a_place_is_each_one_there() -> None:
    # the policy plural_name_is_each: the plural with a place is every one there, as "all the ... there" is
    home = config_from_dict({**SHARED_HOME, "devices": [
        *SHARED_HOME["devices"], {"name": "ceiling light", "area": "office", "type": "light", "plugin": "zigbee2mqtt",
                                  "topic": "office_ceiling"}]}, source="shared")
    plans = resolve(home, "turn the ceiling lights off upstairs", "turn_off <light1> <floor1>")
    assert sorted(d.topic for p, _ in plans for d in p.devices) == ["bedroom_ceiling", "office_ceiling"]
    assert sorted(p.intent.area or "" for p, _ in plans) == ["bedroom", "office"]
    plans = resolve(home, "are the ceiling lights on upstairs", "get_state <light1> <floor1> on")
    assert sorted(d.topic for p, _ in plans for d in p.devices) == ["bedroom_ceiling", "office_ceiling"]
    # the singular on a floor with two is asked back; the plural with no place stays the microphone's room's
    with pytest.raises(Ambiguous):
        resolve(home, "turn the ceiling light off upstairs", "turn_off <light1> <floor1>")
    [(plan, _)] = resolve(home, "turn the ceiling lights off", "turn_off <light1>")
    assert [d.topic for d in plan.devices] == ["living room_ceiling"]
    # a place with one of them: that one
    [(plan, _)] = resolve(home, "turn off the ceiling lights in the kitchen", "turn_off <light1> <area1>")
    assert [d.topic for d in plan.devices] == ["kitchen_ceiling"]
    # said twice, once in the plural: the singular one upstairs is still asked about, never widened
    with pytest.raises(Ambiguous):
        resolve(home, "turn off the ceiling lights in the kitchen and the ceiling light upstairs",
                "turn_off <light1> <area1> ; turn_off <light1> <floor1>")


def test_a_shared_name_on_a_floor_without_one_is_refused_by_the_floor() -> None:
    home = config_from_dict({**SHARED_HOME, "devices": SHARED_HOME["devices"][:2]}, source="shared")
    with pytest.raises(Refusal) as err:
        resolve(home, "turn off the ceiling light upstairs", "turn_off <light1> <floor1>")
    assert err.value.speech == "Sorry, there is no ceiling light upstairs."


def test_a_room_word_said_with_a_shared_name_picks_the_rooms_that_have_it_in_their_name() -> None:
    # "bedroom" names no area (two rooms have it), but of the rooms with blinds only the main bedroom does
    home = config_from_dict({
        "area": "kitchen", "areas": ["kitchen", "main bedroom", "annex bedroom"],
        "devices": [{"name": "blinds", "area": "kitchen", "type": "cover", "plugin": "zigbee2mqtt", "topic": "k"},
                    {"name": "blinds", "area": "main bedroom", "type": "cover", "plugin": "zigbee2mqtt", "topic": "m"},
                    {"name": "lamp", "area": "main bedroom", "type": "light", "plugin": "zigbee2mqtt", "topic": "ml"},
                    {"name": "lamp", "area": "annex bedroom", "type": "light", "plugin": "zigbee2mqtt", "topic": "al"},
                    {"name": "lamp", "area": "kitchen", "type": "light", "plugin": "zigbee2mqtt", "topic": "kl"}]},
        source="rooms")
    [(plan, _)] = resolve(home, "open the bedroom blinds", "open <cover1>")
    assert (plan.intent.area, [d.topic for d in plan.devices]) == ("main bedroom", ["m"])
    [(plan, _)] = resolve(home, "did i shut the blinds in the bedroom", "get_state <cover1> closed")  # after, with "in"
    assert [d.topic for d in plan.devices] == ["m"]
    [(plan, _)] = resolve(home, "open the blinds", "open <cover1>")  # no word: the microphone's room
    assert [d.topic for d in plan.devices] == ["k"]
    with pytest.raises(Ambiguous):  # both bedrooms have a lamp: which one is asked, the kitchen's is not guessed
        resolve(home, "turn on the bedroom lamp", "turn_on <light1>")


@pytest.mark.parametrize(("sentence", "notation", "device_type", "value"), [
    ("is the washing machine running", "get_state <switch1> running", "binary_sensor", "on"),
    ("has the washing machine finished", "get_state <switch1> not_running", "binary_sensor", "off"),
    ("is the washing machine on", "get_state <switch1> on", "switch", "on"),
    ("how much power is the washing machine using", "get_state <switch1>", "sensor", None),
])
def test_a_question_about_a_name_of_several_devices_goes_to_the_one_with_what_it_asks(
        sentence: str, notation: str, device_type: str, value: str | None) -> None:
    config = config_from_dict({
        "area": "utility",
        "areas": ["utility", "kitchen"],
        "devices": [
            {"name": "washing machine", "area": "utility", "type": "switch", "plugin": "mqtt", "topic": "wm"},
            {"name": "washing machine", "area": "utility", "type": "binary_sensor", "device_class": "running",
             "plugin": "mqtt", "topic": "wm/running"},
            {"name": "washing machine", "area": "utility", "type": "sensor", "device_class": "power", "plugin": "mqtt",
             "topic": "wm/power"},
        ],
    })
    [(plan, _)] = resolve(config, sentence, notation, area="kitchen")
    assert [d.type for d in plan.devices] == [device_type]
    assert (plan.intent.action, plan.intent.device, plan.intent.value) == ("get_state", "washing machine", value)


def test_a_shared_name_said_with_the_whole_house_is_every_device_of_that_name() -> None:
    """"Close the blinds everywhere" closes every device called blinds, not the one in the microphone's room
    (nor does it ask which); one device of the name stays itself."""
    config = config_from_dict({
        "area": "kitchen", "areas": ["kitchen", "bedroom", "office"],
        "devices": [{"name": "blinds", "area": room, "type": "cover", "device_class": "blind", "plugin": "mqtt",
                     "topic": f"{room}/blinds"} for room in ("kitchen", "bedroom", "office")]
        + [{"name": "desk lamp", "area": "office", "type": "light", "plugin": "mqtt", "topic": "lamp"}],
    })
    plans = resolve(config, "close the blinds everywhere", "close <cover1> house", area="kitchen")
    # an intent per device, each with its room (a named device's area is its own)
    assert sorted((p.intent.action, p.intent.device, p.intent.area, p.intent.domain, tuple(d.area for d in p.devices))
                  for p, _ in plans) == [("close", "blinds", room, "cover", (room,)) for room in ("bedroom", "kitchen", "office")]
    [(plan, _)] = resolve(config, "close the blinds", "close <cover1>", area="kitchen")  # no scope said: this room's
    assert [d.area for d in plan.devices] == ["kitchen"]
    [(plan, _)] = resolve(config, "turn off the desk lamp everywhere", "turn_off <light1> house", area="kitchen")
    assert [d.name for d in plan.devices] == ["desk lamp"]


def test_a_whole_house_scope_no_word_said_is_dropped_and_a_room_word_before_the_name_places_it() -> None:
    """Policy house_needs_a_scope_word: "ella's ceiling light off" read with the whole house ("turn_off
    <light1> house") turned off every ceiling light of the home; without "all", "everywhere", ... or the
    name in the plural the scope is dropped, and a word of an area's name right before the name ("ella's",
    the area "ella's room") places it; with nothing to place it, it is asked back, never widened."""
    rooms = ("kitchen", "ella's room", "finn's room")
    home = config_from_dict({
        "area": "hall", "areas": [*rooms, "hall"],
        "devices": [{"name": "ceiling light", "area": room, "type": "light", "plugin": "mqtt", "topic": f"{room}/light"}
                    for room in rooms]}, source="ella")
    [(plan, _)] = resolve(home, "ella's ceiling light off, she's asleep", "turn_off <light1> house", area="kitchen")
    assert [d.area for d in plan.devices] == ["ella's room"]
    with pytest.raises(Ambiguous):  # said in no room, heard in none: asked back
        resolve(home, "ceiling light off", "turn_off <light1> house")
    for sentence in ("turn off all the ceiling lights", "ceiling lights off", "ceiling light off everywhere"):
        plans = resolve(home, sentence, "turn_off <light1> house", area="kitchen")
        assert sorted(d.area for p, _ in plans for d in p.devices) == sorted(rooms), sentence
    # a scope word of something else widens nothing
    for sentence in ("ella's ceiling light off, thanks a lot", "turn off the ceiling light, we're leaving the house",
                     "all right turn off the ceiling light"):
        plans = resolve(home, sentence, "turn_off <light1> house", area="kitchen")
        assert len([d for p, _ in plans for d in p.devices]) == 1, sentence
    # nor does a follow-up: "and ella's ceiling light" after "turn off the ceiling light"
    [(first, _)] = resolve(home, "turn off the ceiling light", "turn_off <light1>", area="kitchen")
    [(plan, _)] = resolve(home, "and ella's ceiling light", "same <light1> house", area="kitchen", previous=(first,))
    assert [d.area for d in plan.devices] == ["ella's room"]


def test_only_a_possessive_or_a_room_word_before_a_shared_name_places_it() -> None:
    """A word said right before a shared name picks a room only when it is a word for a room or the possessive of
    the room's name: "and", "open", "play" or "shower" before a name are no room's, the microphone's room stays."""
    rooms = ("kitchen", "mum and dad's room", "open plan kitchen", "play room", "shower room", "bathroom")
    home = config_from_dict({
        "area": "bathroom", "areas": list(rooms),
        "devices": [{"name": n, "area": room, "type": t, "plugin": "mqtt", "topic": f"{room}/{n}"}
                    for room in rooms for n, t in (("ceiling light", "light"), ("blinds", "cover"), ("radio", "media_player"),
                                                   ("extractor fan", "fan"))]
        + [{"name": "lamp", "area": "kitchen", "type": "light", "plugin": "mqtt", "topic": "lamp"}]}, source="words")
    for sentence, notation in (("turn on the lamp and ceiling light", "turn_on <light1> ; turn_on <light2>"),
                               ("open blinds", "open <cover1>"), ("play radio", "media_resume <media_player1>"),
                               ("turn on the shower extractor fan", "turn_on <fan1>")):
        plans = resolve(home, sentence, notation, area="kitchen")
        assert {d.area for p, _ in plans for d in p.devices} == {"kitchen"}, sentence
    [(plan, _)] = resolve(home, "turn off mum and dad's ceiling light", "turn_off <light1>", area="kitchen")
    assert [d.area for d in plan.devices] == ["mum and dad's room"]


def test_an_aliases_plural_is_each_device_of_the_name() -> None:
    home = config_from_dict({
        "area": "hall", "areas": ["hall", "kitchen", "bedroom"],
        "devices": [{"name": "ceiling light", "aliases": ["big light"], "area": room, "type": "light", "plugin": "mqtt",
                     "topic": f"{room}/light"} for room in ("hall", "kitchen", "bedroom")]}, source="alias")
    plans = resolve(home, "turn off the big lights", "turn_off <light1> house", area="hall")
    assert sorted(d.area for p, _ in plans for d in p.devices) == ["bedroom", "hall", "kitchen"]


@pytest.mark.parametrize(("sentence", "notation", "device_class", "value"), [
    # "connected" is a plug's word too: the model may write plugged_in, which none of the phone's classes has
    ("is gemma's phone still connected to the wifi", "get_state <binary_sensor1> plugged_in", "connectivity", "on"),
    ("is gemma's phone disconnected", "get_state <binary_sensor1> unplugged", "connectivity", "off"),
    ("is gemma's phone on charge", "get_state <binary_sensor1> plugged_in", "battery_charging", "on"),
    ("is gemma's phone not charging", "get_state <binary_sensor1> not_charging", "battery_charging", "off"),
    ("is gemma's phone home", "get_state <binary_sensor1> home", "presence", "on"),
    ("is gemma's phone not connected", "get_state <binary_sensor1> unplugged", "connectivity", "off"),
    # the sense of the model's word carried over, not the other clause's word
    ("is the laptop disconnected and is gemma's phone connected", "get_state <binary_sensor1> plugged_in",
     "connectivity", "on"),
])
def test_a_state_word_of_another_class_goes_to_the_sensor_whose_own_word_the_sentence_says(
        sentence: str, notation: str, device_class: str, value: str) -> None:
    home = config_from_dict({
        "area": "kitchen", "areas": ["kitchen"],
        "devices": [{"name": "gemma's phone", "type": "sensor", "device_class": "battery", "plugin": "mqtt", "topic": "b"}]
        + [{"name": "gemma's phone", "type": "binary_sensor", "device_class": cls, "plugin": "mqtt", "topic": cls}
           for cls in ("battery_charging", "connectivity", "presence")]}, source="phone")
    [(plan, _)] = resolve(home, sentence, notation)
    assert [d.device_class for d in plan.devices] == [device_class]
    assert (plan.intent.action, plan.intent.value) == ("get_state", value)


def test_a_state_word_of_no_class_the_thing_has_is_asked_back_unless_said_right_after_its_name() -> None:
    car = config_from_dict({
        "area": "garage", "areas": ["garage"],
        "devices": [{"name": "car", "type": "binary_sensor", "device_class": cls, "plugin": "mqtt", "topic": cls}
                    for cls in ("battery_charging", "presence", "problem")]}, source="car")
    with pytest.raises(Ambiguous):  # "home" is not said of the car: not its presence sensor
        resolve(car, "is the car plugged in at home", "get_state <binary_sensor1> plugged_in")
    door = config_from_dict({"area": "hall", "areas": ["hall"], "devices": [
        {"name": "back door", "type": "binary_sensor", "device_class": "lock", "plugin": "mqtt", "topic": "d"}]},
        source="door")
    [(plan, _)] = resolve(door, "is the back door not locked", "get_state <binary_sensor1> open")
    assert plan.intent.value == "unlocked"  # open, in a lock sensor's words


def test_a_shared_name_said_of_them_all_with_a_floor_is_every_one_on_that_floor() -> None:
    """"Turn off every ceiling light downstairs": the name's devices on that floor, not the one in the
    microphone's room, nor a question which; one left on the floor is that one."""
    home = config_from_dict(SHARED_HOME, source="shared")
    plans = resolve(home, "turn off every ceiling light on the ground floor", "turn_off <light1> <floor1> house",
                    area="bedroom")
    assert sorted(d.topic for p, _ in plans for d in p.devices) == ["kitchen_ceiling", "living room_ceiling"]
    [(plan, _)] = resolve(home, "turn off all the ceiling lights upstairs", "turn_off <light1> <floor1> house")
    assert [d.topic for d in plan.devices] == ["bedroom_ceiling"]


def test_a_thing_read_by_its_quantity_is_its_sensor_of_that_quantity() -> None:
    """"What's the kettle drawing": the model writes the class it heard (sensor:power) beside the name that a
    switch and a power sensor share; without it the reading asks which."""
    config = config_from_dict({
        "area": "kitchen", "areas": ["kitchen"],
        "devices": [{"name": "kettle", "area": "kitchen", "type": "switch", "plugin": "mqtt", "topic": "kettle"},
                    {"name": "kettle", "area": "kitchen", "type": "sensor", "device_class": "power", "plugin": "mqtt",
                     "topic": "kettle/power"}],
    })
    [(plan, _)] = resolve(config, "what's the kettle drawing", "get_state <switch1> sensor:power")
    assert [(d.type, d.device_class) for d in plan.devices] == [("sensor", "power")]
    [(plan, _)] = resolve(config, "turn the kettle on", "turn_on <switch1>")
    assert [d.type for d in plan.devices] == ["switch"]
    with pytest.raises(Ambiguous):
        resolve(config, "what's the kettle drawing", "get_state <switch1>")


def _except_home() -> Config:
    return config_from_dict({
        "area": "hallway", "areas": ["hallway", "kitchen", "lounge", "office", "bedroom", "bathroom"],
        "floors": [{"name": "downstairs", "areas": ["hallway", "kitchen", "lounge"]},
                   {"name": "upstairs", "areas": ["office", "bedroom", "bathroom"]}],
        "devices": [{"name": name, "area": area, "type": "light", "plugin": "mqtt", "topic": f"{area}/{name}"}
                    for name, area in [("ceiling light", "kitchen"), ("spots", "kitchen"), ("floor lamp", "lounge"),
                                       ("desk lamp", "office"), ("ceiling light", "office"), ("bedside lamp", "bedroom"),
                                       ("mirror light", "bathroom")]]
        + [{"name": "blind", "area": "office", "type": "cover", "plugin": "mqtt", "topic": "office/blind"}],
    })


def test_what_a_group_command_leaves_out_is_left_out_one_intent_per_area_left() -> None:
    config = _except_home()
    out = resolve(config, "turn off the lights upstairs except in the office", "turn_off light <floor1> except <area1>")
    assert [(p.intent.area, sorted(d.name for d in p.devices)) for p, _ in out] == [
        ("bedroom", ["bedside lamp"]), ("bathroom", ["mirror light"])]
    assert all(p.leaves_out and p.intent.floor is None and p.intent.domain == "light" for p, _ in out)
    # a device left out: its room's other lights by name, the other rooms whole
    out = resolve(config, "turn off all the lights except the desk lamp", "turn_off light house except <light1>")
    assert [(p.intent.device, p.intent.area) for p, _ in out] == [
        (None, "kitchen"), (None, "lounge"), ("ceiling light", "office"), (None, "bedroom"), (None, "bathroom")]
    assert "desk lamp" not in {d.name for p, _ in out for d in p.devices}


def test_everything_but_a_room_and_leaving_everything_out() -> None:
    config = _except_home()
    out = resolve(config, "turn off everything upstairs but the bedroom", "turn_off all <floor1> except <area1>")
    assert sorted(d.name for p, _ in out for d in p.devices) == ["ceiling light", "desk lamp", "mirror light"]  # no blind
    with pytest.raises(Refusal) as refused:
        resolve(config, "turn off the lights in the office except the office", "turn_off light <area1> except <area1>")
    assert refused.value.kind == RefusalKind.NO_DEVICES


def test_a_class_said_never_reaches_devices_of_another_class() -> None:
    config = config_from_dict({
        "area": "hallway", "areas": ["hallway", "garage"],
        "devices": [{"name": "garage door", "area": "garage", "type": "cover", "device_class": "garage", "plugin": "mqtt",
                     "topic": "g"},
                    {"name": "hall shade", "area": "hallway", "type": "cover", "plugin": "mqtt", "topic": "s"},
                    {"name": "letterbox", "area": "hallway", "type": "binary_sensor", "device_class": "opening",
                     "plugin": "mqtt", "topic": "l"}],
    })
    [(plan, _)] = resolve(config, "close all the curtains", "close cover:curtain house", area="hallway")
    assert [d.name for d in plan.devices] == ["hall shade"]  # a cover of no class may be them; the garage is not
    with pytest.raises(Refusal):
        resolve(config, "is anything plugged in", "get_state binary_sensor:plug house plugged_in", area="hallway")


@pytest.mark.parametrize(("sentence", "head", "quantifier"), [
    ("which lights are on in the kitchen", "get_state light <area1> q:which on", "which"),
    ("how many lights are on upstairs", "get_state light <floor1> q:count on", "count"),
    ("are all the lights off in the house", "get_state light house q:all off", "all"),
    ("are any lights on in the kitchen", "get_state light <area1> on", None),
])
def test_a_question_over_a_group_keeps_its_quantifier(config: Config, sentence: str, head: str, quantifier: str | None) -> None:
    [(plan, _)] = resolve(config, sentence, head)
    assert (plan.intent.action, plan.intent.domain, plan.intent.device, plan.intent.quantifier) == (
        "get_state", "light", None, quantifier)
    assert len(plan.devices) >= 1 and all(d.type == "light" for d in plan.devices)
    assert ("quantifier" in plan.intent.to_dict()) == (quantifier is not None)


def test_a_quantifier_the_schema_cannot_carry_is_dropped_leaving_any(config: Config) -> None:
    # a question about one named device has no group to quantify: read as today
    [(plan, _)] = resolve(config, "is the big light on", "get_state <light1> q:all on")
    assert (plan.intent.device, plan.intent.value, plan.intent.quantifier) == ("ceiling light", "on", None)


def test_a_follow_up_to_a_quantified_question_acts_without_it_or_asks_again_with_it(config: Config) -> None:
    [(asked, _)] = resolve(config, "which lights are on in the kitchen", "get_state light <area1> q:which on")
    # "turn them off": an action over the same lights, which no quantifier fits
    [(then, _)] = resolve(config, "turn them off", "turn_off it", previous=(asked,))
    assert (then.intent.action, then.intent.quantifier) == ("turn_off", None) and then.devices == asked.devices
    # "and upstairs?": the same question somewhere else
    [(again, _)] = resolve(config, "and upstairs", "same <floor1>", previous=(asked,))
    assert (again.intent.action, again.intent.floor, again.intent.quantifier) == ("get_state", "upstairs", "which")


def test_a_class_the_room_lacks_is_answered_by_the_sensor_there_that_senses_the_same() -> None:
    # "is anyone in the study" read as the study's occupancy sensor, where the study has a motion sensor (policy
    # sensed_alike); a window is never asked of a door
    home = Config(site="t", area="hall", areas=("study", "hall"), devices=(
        Device("study motion", "binary_sensor", "z", area="study", device_class="motion"),
        Device("hall door", "binary_sensor", "z", area="hall", device_class="door")))
    [(plan, _)] = resolve(home, "is anyone in the study", "get_state binary_sensor:occupancy <area1> one detected")
    assert (plan.intent.device, plan.intent.value) == ("study motion", "on")
    [(plan, _)] = resolve(home, "is the study empty", "get_state binary_sensor:presence <area1> one away")
    assert (plan.intent.device, plan.intent.value) == ("study motion", "off")
    [(plan, _)] = resolve(home, "is the hall contact closed", "get_state binary_sensor:opening <area1> one closed")
    assert (plan.intent.device, plan.intent.value) == ("hall door", "closed")
    with pytest.raises(Refusal) as refusal:
        resolve(home, "are the windows open in the hall", "get_state binary_sensor:window <area1> open")
    assert refusal.value.kind == RefusalKind.NO_DEVICES
    # people are tracked in the home, not in rooms: "is anyone in the study" read as people there asks its sensors;
    # "has anything moved in the study" (a tilt sensor's class) its motion sensor
    [(plan, _)] = resolve(home, "is there anyone in the study", "get_state person <area1> home")
    assert ([d.name for d in plan.devices], plan.intent.domain, plan.intent.value) == (
        ["study motion"], "binary_sensor:motion", "on")
    [(plan, _)] = resolve(home, "has anything moved in the study", "get_state binary_sensor:moving <area1> moving")
    assert ([d.name for d in plan.devices], plan.intent.domain, plan.intent.value) == (
        ["study motion"], "binary_sensor:motion", "on")
    with pytest.raises(Refusal) as refusal:  # "is anyone home" with no person configured is never one room's sensor
        resolve(home, "is anyone home", "get_state person home", area="study")
    assert refusal.value.kind == RefusalKind.NO_DEVICES
    with pytest.raises(Refusal) as refusal:  # the hall has no sensor of people: said as the class asked
        resolve(home, "is anyone in the hall", "get_state binary_sensor:occupancy <area1> detected")
    assert refusal.value.speech == "Sorry, there are no occupancy sensors in the hall."
    # with no place said, the home's sensors of the class asked, before another class in the microphone's room
    home = Config(site="t", area="hall", areas=("kitchen", "hall"), devices=(
        Device("hall contact", "binary_sensor", "z", area="hall", device_class="opening"),
        Device("back door", "binary_sensor", "z", area="kitchen", device_class="door")))
    [(plan, _)] = resolve(home, "are any doors open", "get_state binary_sensor:door open")
    assert [d.name for d in plan.devices] == ["back door"]
