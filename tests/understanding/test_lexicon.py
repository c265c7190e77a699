"""Finding the home's names in sentences and replacing them with typed placeholders."""

from homeslm.understanding.lexicon import Lexicon


def _lexicon() -> Lexicon:
    return Lexicon.from_names(
        [("arc lamp", "light", ()), ("washing machine", "switch", ("washer",)), ("garage door", "cover", ()),
         ("dehumidifier", "switch", ()), ("smart lock", "lock", ("door lock",)), ("kitchen light", "light", ())],
        ["kitchen", "lounge", "guest room", "garage"],
        ["upstairs"],
    )


def test_names_become_typed_placeholders_numbered_by_kind() -> None:
    t = _lexicon().tag("switch on the arc lamp and the kitchen light in the lounge")
    assert t.text == "switch on the <light1> and the <light2> in the <area1>"
    assert t.entity("<light1>").name == "arc lamp"  # type: ignore[union-attr]
    assert t.entity("<light2>").name == "kitchen light"  # type: ignore[union-attr]
    assert t.entity("<area1>").name == "lounge"  # type: ignore[union-attr]


def test_aliases_map_to_the_canonical_name() -> None:
    t = _lexicon().tag("washer on and lock the door lock")
    assert t.text == "<switch1> on and lock the <lock1>"
    assert t.entity("<switch1>").name == "washing machine"  # type: ignore[union-attr]
    assert t.entity("<lock1>").name == "smart lock"  # type: ignore[union-attr]


def test_numbers_become_number_placeholders() -> None:
    t = _lexicon().tag("set the arc lamp to forty percent for two minutes")
    assert t.text == "set the <light1> to <num1> percent for <num2> minutes"
    assert t.number("<num1>") == 40.0
    assert t.number("<num2>") == 2.0


def test_plural_slips_and_small_misspellings_still_match() -> None:
    lx = _lexicon()
    assert lx.tag("turn off the arc lamps").text == "turn off the <light1>"
    assert lx.tag("turn on the washin machine").text == "turn on the <switch1>"


def test_a_misheard_short_word_matches_only_beside_words_said_exactly() -> None:
    lx = _lexicon()
    assert lx.tag("switch the arc lamb on").text == "switch the <light1> on"  # the recogniser's "lamb"
    assert lx.tag("roast the lamb").text == "roast the lamb"  # a short word alone is never a slip
    assert lx.tag("the ark lamb").text == "the ark lamb"  # two slips in a name are not a name
    assert lx.tag("open the garage dour").text == "open the <cover1>"


def test_a_shared_word_alone_never_matches_a_name() -> None:
    # "pod bay doors" shares "door" with "garage door": it must stay plain text
    assert _lexicon().tag("open the pod bay doors").text == "open the pod bay doors"
    assert _lexicon().tag("turn on the dishwasher").text == "turn on the dishwasher"


def test_longest_name_wins_over_an_area_inside_it() -> None:
    assert _lexicon().tag("turn on the kitchen light").text == "turn on the <light1>"
    assert _lexicon().tag("turn on the lights in the kitchen").text == "turn on the lights in the <area1>"


def test_area_and_device_with_the_same_name_are_told_apart_by_the_preposition() -> None:
    lx = Lexicon.from_names([("garage", "cover", ())], ["garage", "kitchen"])
    assert lx.tag("open the garage").text == "open the <cover1>"
    assert lx.tag("turn on the lights in the garage").text == "turn on the lights in the <area1>"


def test_floors_are_found() -> None:
    assert _lexicon().tag("turn off all the lights upstairs").text == "turn off all the lights <floor1>"


def test_a_name_word_split_in_two_by_the_recogniser_still_matches() -> None:
    lx = Lexicon.from_names([("projector", "media_player", ()), ("tv backlight", "light", ())], ["bedroom"], [])
    assert lx.tag("pause the pro jector").text == "pause the <media_player1>"
    assert lx.tag("turn on the tv back light").text == "turn on the <light1>"
    assert lx.tag("lights in the bed room").text == "lights in the <area1>"
    assert lx.tag("turn on the tv").text == "turn on the tv"  # part of a name is not the name
    assert lx.tag("switch on projector").text == "switch on <media_player1>"  # "on" + "projector" is no name


def test_the_last_word_of_a_name_names_the_device_when_it_names_nothing_else() -> None:
    lx = Lexicon.from_names([("air purifier", "fan", ()), ("kitchen radio", "media_player", ("roberts",)),
                             ("desk lamp", "light", ()), ("espresso machine", "switch", ()),
                             ("garden radio", "media_player", ()), ("reading lamp", "light", ())], ["study"], [])
    assert lx.tag("the purifier can go off").text == "the <fan1> can go off"
    assert lx.tag("turn off the radio").text == "turn off the radio"  # two radios: which one is not guessed
    assert lx.tag("turn on the lamp").text == "turn on the lamp"  # a kind of device, never a name
    assert lx.tag("turn on the machine").text == "turn on the machine"
    assert lx.tag("turn on the air purifier").text == "turn on the <fan1>"
    # a comparative that is a command of its own never names a device alone; the whole name still does
    lx = Lexicon.from_names([("towel warmer", "switch", ()), ("hall dimmer", "light", ())], ["bathroom"], [])
    assert lx.tag("make the lights warmer in here").text == "make the lights warmer in here"
    assert lx.tag("a bit dimmer please").text == "a bit dimmer please"
    assert lx.tag("turn on the towel warmer").text == "turn on the <switch1>"
    assert lx.tag("turn off the hall dimmer").text == "turn off the <light1>"
    assert lx.tag("turn off the dimmer").text == "turn off the dimmer"  # a comparative alone: not guessed


def test_a_word_for_a_room_in_an_area_name_names_that_area_when_nothing_else_has_it() -> None:
    lx = Lexicon.from_names([("bedroom lamp", "light", ()), ("office fan", "fan", ())],
                            ["main bedroom", "home office", "kitchen diner", "guest bathroom", "family bathroom", "kids room"],
                            ["garden floor"])
    assert lx.tag("turn off the lights in the kitchen").slots == lx.tag("turn off the lights in the kitchen diner").slots
    assert lx.tag("turn off the lights in the kitchen").text == "turn off the lights in the <area1>"
    assert lx.tag("is the bathroom warm").text == "is the bathroom warm"  # two bathrooms: which is not guessed
    assert lx.tag("turn on the bedroom lamp").text == "turn on the <light1>"  # a device's word: no area
    assert lx.tag("it is warm in the office").text == "it is warm in the office"  # the office fan has the word
    assert lx.tag("tidy your room").text == "tidy your room"  # "room" is no room's name
    garden = Lexicon.from_names([], ["back garden", "front garden"], [])
    assert garden.tag("lights in the garden").text == "lights in the garden"


def test_a_common_word_or_a_word_of_a_scene_is_never_a_name_alone() -> None:
    lx = Lexicon.from_names([("wind down", "script", ()), ("date night", "scene", ()), ("stair lanterns", "light", ()),
                             ("roberts radio", "media_player", ())], [], [])
    assert lx.tag("turn the volume down to ten").text == "turn the volume down to <num1>"
    assert lx.tag("good night").text == "good night"
    assert lx.tag("run wind down").text == "run <script1>"
    assert lx.tag("switch on the lanterns").text == "switch on the <light1>"


def test_another_english_word_is_never_a_slip_of_a_one_word_name() -> None:
    lx = Lexicon.from_names([("thermostat", "climate", ("heating",)), ("projector", "media_player", ())], ["hall"])
    assert lx.tag("we are heading out lock the door").text == "we are heading out lock the door"
    assert lx.tag("turn off the heatin").text == "turn off the <climate1>"  # a typo is still forgiven
    assert lx.tag("pause the pro jector").text == "pause the <media_player1>"  # and a split word


def test_upstairs_and_downstairs_name_a_two_storey_homes_floors() -> None:
    from pathlib import Path

    from homeslm.config.loader import load_config
    from homeslm.understanding.lexicon import stairs_aliases

    assert stairs_aliases(["ground floor", "first floor"], set()) == {"downstairs": "ground floor", "upstairs": "first floor"}
    assert stairs_aliases(["ground floor", "upstairs"], set()) == {"downstairs": "ground floor"}  # already a name
    assert stairs_aliases(["ground floor", "first floor", "second floor"], set()) == {}  # which one is "upstairs"?
    assert stairs_aliases(["ground floor", "first floor"], {"downstairs"}) == {"upstairs": "first floor"}  # a room's name
    assert stairs_aliases(["east wing", "west wing"], set()) == {}
    # a basement is called the basement: the two storeys above it still are downstairs and upstairs
    assert stairs_aliases(["ground floor", "upstairs", "basement"], set()) == {"downstairs": "ground floor"}
    # a bungalow with a loft
    assert stairs_aliases(["main floor", "loft"], set()) == {"downstairs": "main floor", "upstairs": "loft"}
    # the example home: floors "ground floor" and "upstairs"
    config = load_config(Path(__file__).resolve().parents[2] / "config" / "homeslm.yaml")
    t = Lexicon.from_config(config).tag("turn on all the lights downstairs")
    assert t.text == "turn on all the lights <floor1>" and t.entity("<floor1>").name == "ground floor"  # type: ignore[union-attr]


def test_a_one_word_name_that_opens_the_command_as_its_verb_stays_a_word() -> None:
    lexicon = Lexicon.from_names([("robot", "vacuum", ("hoover", "vacuum")), ("lamp", "light", ())], ["kitchen"])
    assert lexicon.tag("vacuum the kitchen").text == "vacuum the <area1>"
    assert lexicon.tag("can you hoover the house").text == "can you hoover the house"
    # the name itself still is one
    assert lexicon.tag("start the hoover").text == "start the <vacuum1>"
    assert lexicon.tag("hoover please").text == "<vacuum1> please"
    assert lexicon.tag("vacuum off").text == "<vacuum1> off"


def test_an_exact_name_beats_a_near_one_and_a_slip_never_names_a_lock() -> None:
    """Issue 13: "open the patio doors" unlatched a lock called "patio door" (a near-plural) when a cover
    called "patio doors" was meant; a slip or a near-plural never names a lock, a garage/door/gate cover."""
    lex = Lexicon.from_names([("patio door", "lock", [], None), ("patio doors", "cover", [], "curtain")])
    tagged = lex.tag("open the patio doors")
    assert tagged.text == "open the <cover1>" and tagged.names["<cover1>"] == ("patio doors",)
    assert lex.tag("lock the patio door").text == "lock the <lock1>"
    alone = Lexicon.from_names([("front door", "lock", [], None), ("garage door", "cover", [], "garage"),
                                ("study blind", "cover", [], "blind")])
    assert alone.tag("unlock the front dour").slots == {}  # a slip of a letter never names a lock
    assert alone.tag("open the garrage door").slots == {}
    assert alone.tag("unlock the front door").text == "unlock the <lock1>"
    assert alone.tag("make sure the front doors locked").text == "make sure the <lock1> locked"  # "door's": its only name
    assert alone.tag("open the study blinds").text == "open the <cover1>"  # a blind is no risk


def test_a_shared_name_keeps_every_device_it_may_name() -> None:
    lex = Lexicon.from_names([("phone", "sensor", [], "battery"), ("phone", "binary_sensor", [], "battery_charging"),
                              ("big light", "light", ["ceiling light"], None), ("ceiling light", "light", [], None)],
                             ["kitchen"])
    assert lex.tag("is the phone charging").names == {"<binary_sensor1>": ("phone",)}
    tagged = lex.tag("turn on the ceiling light in the kitchen")
    assert tagged.text == "turn on the <light1> in the <area1>"
    assert set(tagged.names["<light1>"]) == {"big light", "ceiling light"}
    assert lex.tag("turn off the light", skip=frozenset({"big light", "ceiling light"})).slots == {}


def test_a_name_shared_across_types_gets_one_placeholder_type_whatever_the_config_order() -> None:
    # what acts, then what has states, then what measures: the model sees one convention, the resolver picks
    for order in ([("kettle", "sensor", [], "power"), ("kettle", "switch", [], None)],
                  [("kettle", "switch", [], None), ("kettle", "sensor", [], "power")]):
        assert Lexicon.from_names(order).tag("turn on the kettle").text == "turn on the <switch1>"
    phone = [("phone", "sensor", [], "battery"), ("phone", "binary_sensor", [], "presence")]
    for order in (phone, phone[::-1]):
        assert Lexicon.from_names(order).tag("is the phone home").text == "is the <binary_sensor1> home"
