"""One name, several entities (issue 13 item 1): Home Assistant shows "anna's phone" as a battery sensor and
charging, connectivity and presence binary sensors, a "kettle" as a switch and its power sensor. The grammar's
homes have such things; a command or a state question drawn about one is labelled so that the runtime's lexicon,
notation and resolver pick the entity meant (by the action or by the state asked), and a reading that names
nothing to tell them apart asks back rather than guess."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator

from homeslm.device_classes import has_state
from homeslm.grammar.data import Generator, Skip
from homeslm.grammar.homes import Home, random_home
from homeslm.grammar.spec import Spec
from homeslm.understanding import notation
from homeslm.understanding.lexicon import Lexicon
from homeslm.understanding.policies import Ambiguous
from homeslm.understanding.resolve import Refusal, Resolver
from homeslm.understanding.textnorm import normalize
from tests.training.grammar_config import config_of




def _drawn_about_one(seed: int, homes: int, per_home: int, wanted: Callable[[Home], bool] = lambda h: True
                     ) -> Iterator[tuple[Home, Spec, str, list[notation.Frame], Resolver, Lexicon]]:
    """Single commands and questions about one device drawn in random homes (those ``wanted``): the home, the
    spec, the sentence, the frames of its label, and the home's resolver and lexicon."""
    rng = random.Random(seed)
    for k in range(homes):
        home = random_home(rng)
        if not wanted(home):
            continue
        config = config_of(home)
        resolver, lexicon = Resolver(config), Lexicon.from_config(config)
        gen = Generator(seed=k, homes=[home], home_weight=1.0)
        for _ in range(per_home):
            try:
                specs, raw = gen._draw_single(home)
                ex = gen._example(specs, raw, home)
            except Skip:
                continue
            if len(specs) == 1 and specs[0].device is not None:
                yield home, specs[0], raw, notation.parse(ex.target.partition(" | ")[0]).frames, resolver, lexicon


def _multi(home: Home) -> set[str]:
    return {d.name for d in home.devices if len({x.type for x in home.devices if x.name == d.name}) > 1}


def test_generated_homes_have_things_of_several_entities() -> None:
    rng = random.Random(5)
    homes = [random_home(rng) for _ in range(200)]
    multi = [h for h in homes if any(len({(x.type, x.device_class) for x in h.devices if x.name == d.name}) > 1
                                     and len({x.type for x in h.devices if x.name == d.name}) > 1 for d in h.devices)]
    assert 20 < len(multi) < 90, len(multi)


def test_a_command_or_state_question_about_one_resolves_to_the_entity_meant() -> None:
    outcome: Counter[str] = Counter()
    for home, spec, raw, frames, resolver, lexicon in _drawn_about_one(3, 300, 40, lambda h: bool(_multi(h))):
        dev = spec.device
        if dev is None or dev.name not in _multi(home):
            continue
        try:
            plans = resolver.resolve(frames, lexicon.tag(normalize(raw), normalized=True), home.context_area, ())
        except Ambiguous:
            # only a reading with nothing said to tell the entities apart ("what does the van say") asks back
            assert spec.action == "get_state" and spec.word is None, (raw, frames)
            outcome["asked back"] += 1
            continue
        except Refusal:
            outcome["refused"] += 1
            continue
        got = plans[0][0].devices[0]
        if spec.action == "get_state" and spec.word and (got.type, got.device_class) != (dev.type, dev.device_class):
            # "are the garage closed": the door and its contact sensor both have the state asked; either answers it
            assert got.name == dev.name and has_state(got.type, got.device_class, spec.word), (raw, frames, got)
            outcome["state"] += 1
            continue
        assert (got.type, got.device_class) == (dev.type, dev.device_class), (raw, frames, got)
        outcome["state" if spec.action == "get_state" else "action"] += 1
    assert outcome["state"] >= 10 and outcome["action"] >= 20, outcome
    assert outcome["refused"] <= outcome["state"] + outcome["action"], outcome


def test_a_shared_name_said_of_them_all_is_labelled_every_one_and_resolves_so() -> None:
    """"Close all the blinds", "turn off every ceiling light upstairs": a name several rooms share, said with
    all / every / each / both, is labelled with ``house`` after the name (and the floor said) and resolves to
    every device of that name there, never to the microphone's room's one or a question which."""
    seen = 0
    for home, spec, raw, frames, resolver, lexicon in _drawn_about_one(11, 400, 30):
        if ("house", "") not in spec.loc or spec.action == "get_state" or spec.device is None:
            continue
        assert frames[0].house and frames[0].device, (raw, frames)
        try:
            plans = resolver.resolve(frames, lexicon.tag(normalize(raw), normalized=True), home.context_area, ())
        except Refusal:
            continue  # an action some of them cannot do
        acted = [d for plan, _ in plans for d in plan.devices]
        floors = [n for kind, n in spec.loc if kind == "floor"]
        want = [d for d in home.devices if d.name == spec.device.name and d.type == spec.device.type
                and (not floors or home.floor_of(d.area or "") == floors[0])]
        assert len(acted) == len(want) or len(want) < 2, (raw, frames, acted)
        assert all(plan.intent.area == plan.devices[0].area for plan, _ in plans), (raw, frames)
        seen += 1
    assert seen >= 15, seen
