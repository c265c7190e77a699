"""The grammar's questions that never act (homeslm/grammar/phrases/sensors.py, issue 13): binary-sensor
classes with Home Assistant's state words, sensor quantities, people, questions with action verbs, timer
status; timers of three parts; household chatter. Labels are checked against the runtime's notation,
lexicon and resolver on the drawn home."""

from __future__ import annotations

import random

from homeslm.grammar import ood
from homeslm.grammar.data import Generator, Skip, Spec
from homeslm.grammar.homes import Home, HomeDevice
from homeslm.grammar.phrases import sensors as S
from homeslm.grammar.templates import render
from homeslm.understanding import notation, policies
from homeslm.understanding.lexicon import Lexicon
from homeslm.understanding.resolve import Refusal, Resolver
from homeslm.understanding.textnorm import normalize
from tests.training.grammar_config import config_of

READ_ONLY = {"get_state", "get_temperature", "timer_status"}


def _home() -> Home:
    devices = [
        HomeDevice("ceiling light", "light", "kitchen"), HomeDevice("desk lamp", "light", "office"),
        HomeDevice("front door", "lock", "hallway"), HomeDevice("roller blind", "cover", "office", device_class="blind"),
        HomeDevice("kettle", "switch", "kitchen"), HomeDevice("telly", "media_player", "lounge"),
        HomeDevice("robot vacuum", "vacuum", "hallway"), HomeDevice("thermostat", "climate", "lounge"),
        HomeDevice("sink leak sensor", "binary_sensor", "kitchen", device_class="moisture"),
        HomeDevice("hall motion", "binary_sensor", "hallway", device_class="motion"),
        HomeDevice("office window", "binary_sensor", "office", device_class="window"),
        HomeDevice("smoke alarm", "binary_sensor", "kitchen", device_class="smoke"),
        HomeDevice("washer", "binary_sensor", "kitchen", device_class="running"),
        HomeDevice("phone charging", "binary_sensor", "office", device_class="battery_charging"),
        HomeDevice("kitchen humidity", "sensor", "kitchen", device_class="humidity"),
        HomeDevice("office carbon dioxide", "sensor", "office", device_class="carbon_dioxide"),
        HomeDevice("grid power", "sensor", "hallway", device_class="power"),
        HomeDevice("alice", "person", None), HomeDevice("bob", "person", None),
    ]
    return Home(["kitchen", "office", "hallway", "lounge"], {"downstairs": ["kitchen", "hallway", "lounge"], "upstairs": ["office"]},
                devices, "kitchen")




def test_every_binary_sensor_class_says_its_home_assistant_state_words_in_the_notation() -> None:
    for cls, table in S.BINARY_CLASSES.items():
        assert cls in notation.DEVICE_CLASSES, cls
        states = table["states"]
        assert len(states) == 2, cls  # a binary sensor is on or off
        assert all(state in notation.STATES for state in states), (cls, states)
        assert all(state in states for _, state in table["own"]), cls
    for cls in S.MEASURES:
        assert cls in notation.DEVICE_CLASSES, cls
    # the words of Home Assistant for the classes the issue names
    wanted = {"battery": {"low", "normal"}, "moisture": {"wet", "dry"}, "motion": {"detected", "clear"},
              "presence": {"home", "away"}, "battery_charging": {"charging", "not_charging"},
              "connectivity": {"connected", "disconnected"}, "running": {"running", "not_running"},
              "smoke": {"detected", "clear"}, "gas": {"detected", "clear"}, "safety": {"unsafe", "safe"}, "problem": {"problem", "ok"}}
    for cls, words in wanted.items():
        assert set(S.BINARY_CLASSES[cls]["states"]) == words, cls


def test_questions_are_labelled_read_only_and_resolve_on_their_home() -> None:
    home = _home()
    config = config_of(home)
    lexicon = Lexicon.from_config(config)
    resolver = Resolver(config)
    gen = Generator(seed=21, homes=[home], home_weight=1.0)
    seen: dict[str, int] = {}
    resolved = 0
    for _ in range(700):
        try:
            specs, raw = gen._draw_question(home)
            ex = gen._example(specs, raw, home)
        except Skip:
            continue
        frames = notation.parse(ex.target).frames
        assert frames and all(fr.action in READ_ONLY for fr in frames), (raw, ex.target)
        for fr in frames:
            key = fr.domain or fr.action
            seen[key.partition(":")[0] if fr.device else key] = seen.get(key, 0) + 1
            if fr.domain and fr.domain.startswith("binary_sensor:"):  # the state word belongs to the class
                cls = fr.domain.partition(":")[2]
                assert fr.word is None or fr.word.replace(" ", "_") in S.BINARY_CLASSES[cls]["states"], (raw, ex.target)
        tagged = lexicon.tag(normalize(raw), normalized=True)
        assert tagged.text == ex.source, raw
        try:
            plans = resolver.resolve(frames, tagged, home.context_area, ())
        except Refusal:
            continue  # a class asked where the home has none: refused, never acted
        assert all(p.intent.action in READ_ONLY for p, _ in plans), (raw, ex.target)
        resolved += 1
    assert resolved >= 200, resolved
    for kind in ("binary_sensor:moisture", "binary_sensor:motion", "binary_sensor:battery", "sensor:humidity", "sensor:power",
                 "timer_status", "person"):
        assert seen.get(kind, 0) >= 3, (kind, seen)


def test_a_named_binary_sensor_and_a_person_are_asked_with_their_state_words() -> None:
    home = _home()
    gen = Generator(seed=3, homes=[home], home_weight=1.0)
    leak = next(d for d in home.devices if d.name == "sink leak sensor")
    ex = gen._example([Spec("get_state", device=leak, word="wet")], "is the sink leak sensor wet", home)
    assert ex.target.split(" | ")[0] == "get_state <binary_sensor1> wet"
    alice = next(d for d in home.devices if d.name == "alice")
    ex = gen._example([Spec("get_state", device=alice, word="home")], "is alice home yet", home)
    assert ex.target.split(" | ")[0] == "get_state <person1> home"
    plans = Resolver(config_of(home)).resolve(notation.parse(ex.target).frames,
                                            Lexicon.from_config(config_of(home)).tag("is alice home yet"), "kitchen", ())
    assert [(p.intent.action, p.intent.device, p.intent.value) for p, _ in plans] == [("get_state", "alice", "home")]


def test_questions_with_action_verbs_are_questions_to_the_guard_too() -> None:
    """The model is trained on them as questions, and the structural guard (policies.question_never_acts)
    reads them as questions as well: twice enforced. A polite opening ("could you check if i turned off
    ...") reads as a request to the guard, so those rely on the model alone and are left out here."""
    rng = random.Random(4)
    templates = ([t for table in S.ACTION_QUESTIONS.values() for t, _ in table] + S.TIMER_QUESTIONS["none"]
                 + S.TIMER_QUESTIONS["named"] + [t for t, _ in S.PEOPLE_ASKS] + [t for t, _ in S.ANYONE_ASKS])
    checked = 0
    for tpl in templates:
        if tpl.startswith("(can you|could you)"):
            continue
        for _ in range(8):
            text = render(tpl, rng, lambda slot: "the lamp" if slot == "t" else "pasta")
            assert policies.is_question(text), (tpl, text)
            checked += 1
    assert checked > 400


def test_a_duration_of_three_parts_is_one_timer() -> None:
    home = _home()
    gen = Generator(seed=5, homes=[home], home_weight=1.0)
    spec = Spec("start_timer", domain="timer", duration=[(1, "h"), (15, "min"), (30, "s")])
    raw = "set a timer for 1 hour 15 minutes and 30 seconds"
    ex = gen._example([spec], raw, home)
    assert ex.target.split(" | ")[0] == "start_timer <num1> h <num2> min <num3> s"
    config = config_of(home)
    plans = Resolver(config).resolve(notation.parse(ex.target).frames, Lexicon.from_config(config).tag(normalize(raw), normalized=True),
                                     "kitchen", ())
    assert [(p.intent.action, p.intent.value, p.intent.unit) for p, _ in plans] == [("start_timer", 4530, "s")]
    drawn = 0
    for _ in range(3000):
        spec = Spec("start_timer", domain="timer")
        said = gen._draw_duration(spec)
        if len(spec.duration) == 3:
            drawn += 1
            assert "seconds" in said and "minutes" in said, said
    assert drawn >= 20


def test_household_chatter_with_room_and_device_words_is_out_of_domain() -> None:
    home = _home()
    category = next(c for c in ood.CATEGORIES if c.name == "household chatter with home words")
    assert len(category.templates) >= 35
    gen = Generator(seed=8, homes=[home], home_weight=1.0)
    rng = random.Random(2)
    with_home_words = 0
    words = set(home.areas) | {w for pairs in ood.THINGS.values() for pair in pairs for w in pair}
    for tpl in category.templates:
        text = render(tpl, rng, ood.filler(home, rng))
        assert gen._example([], text, home).target.startswith("none |"), text
        with_home_words += any(f" {w} " in f" {text} " for w in words)
    assert with_home_words >= len(category.templates) // 2, with_home_words
