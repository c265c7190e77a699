"""The out-of-domain grammar (homeslm/grammar/ood.py): it renders, it is labelled "no intent", it speaks
about the home it is drawn for, and it never says what the command grammar says."""

from __future__ import annotations

import random
import re

from homeslm.understanding import notation
from homeslm.understanding.textnorm import normalize
from homeslm.grammar import ood
from homeslm.grammar import phrases as P
from homeslm.grammar.data import Generator, _REQUEST_OPENERS
from homeslm.grammar.homes import Home, HomeDevice
from homeslm.grammar.templates import compile_template, render, slots_of

HOME = Home(
    areas=["kitchen", "living room", "bedroom"],
    floors={"upstairs": ["bedroom"], "downstairs": ["kitchen", "living room"]},
    devices=[
        HomeDevice("ceiling light", "light", "kitchen"),
        HomeDevice("reading lamp", "light", "living room", ["floofy lamp"]),
        HomeDevice("bedroom blinds", "cover", "bedroom", device_class="blind"),
        HomeDevice("telly", "media_player", "living room"),
        HomeDevice("movie night", "scene", None),
    ],
    context_area="kitchen",
)


def test_every_template_renders_with_known_slots_and_is_labelled_none() -> None:
    rng = random.Random(0)
    gen = Generator(seed=0, homes=[HOME], home_weight=1.0)
    known = set(ood._HOME_SLOTS) | set(ood.WORDS)
    assert len(ood.templates()) >= 300
    for category, template in ood.templates():
        compile_template(template)
        assert slots_of(template) <= known, (category, template)
        assert not re.search(r"\)\?|\{\}", template), template  # no regex habits: "[x]" is optional
        for _ in range(3):
            text = render(template, rng, ood.filler(HOME, rng))
            assert "{" not in text and "  " not in text, text
            ex = gen._example([], text, HOME)
            assert ex.target.split(" | ")[0] == notation.NONE, (text, ex.target)


def test_home_slots_are_filled_from_the_home_and_a_named_device_still_means_none() -> None:
    rng = random.Random(1)
    gen = Generator(seed=1, homes=[HOME], home_weight=1.0)
    names = {"ceiling light", "reading lamp", "floofy lamp", "bedroom blinds", "telly"}
    with_device = [t for _, t in ood.templates() if "d" in slots_of(t)]
    with_area = [t for _, t in ood.templates() if "a" in slots_of(t)]
    assert len(with_device) >= 20 and len(with_area) >= 20
    devices_said = set()
    for template in with_device:
        text = render(template, rng, ood.filler(HOME, rng))
        said = {n for n in names if n in text}
        assert said, text  # a device of this home, never a scene ("the movie night is new")
        assert "movie night" not in text
        devices_said |= said
        ex = gen._example([], text, HOME)
        assert re.search(r"<\w+\d+>", ex.source), ex.source  # the lexicon made it a placeholder...
        assert ex.target.startswith(notation.NONE + " |"), ex.target  # ...and the label is still "none"
    assert len(devices_said) >= 4
    for template in with_area:  # the area may be optional ("[in the {a}]"): said in some of thirty draws
        texts = [render(template, rng, ood.filler(HOME, rng)) for _ in range(30)]
        assert any(a in text for text in texts for a in HOME.areas), texts
    # a home without floors or devices never gets a template that needs them
    bare = Home(areas=["kitchen"], floors={}, devices=[], context_area="kitchen")
    for _ in range(300):
        text = ood.draw(rng, bare)
        assert "{" not in text
    assert not ood._usable("the {d} is new", bare) and not ood._usable("the {f} is nice", bare)


def test_out_of_domain_sentences_are_never_command_sentences() -> None:
    gen = Generator(seed=2, homes=[HOME], home_weight=1.0)
    commands: set[str] = set()
    for _ in range(5000):
        ex = gen.sample()
        if not ex.target.startswith(notation.NONE):
            commands.add(normalize(ex.raw))
    rng = random.Random(3)
    ood_said = {normalize(ood.draw(rng, HOME, _REQUEST_OPENERS)) for _ in range(4000)}
    assert len(ood_said) > 2500  # the grammar is broad: few repeats
    assert not ood_said & commands, sorted(ood_said & commands)[:10]
    cancel = {normalize(render(t, rng, lambda s: "")) for t in P.PHRASES["cancel"]["none"] for _ in range(8)}
    assert not ood_said & cancel, sorted(ood_said & cancel)[:10]


def test_no_template_says_what_a_home_could_take_as_a_command() -> None:
    banned = re.compile(  # scenes, indirect requests, the cancel grammar
        r"\b(good night|goodnight|good morning|bedtime|movie night|breakfast|relax|dark in here|"
        r"too (dark|bright|loud|quiet|hot|cold|warm)|(it is|i am) freezing|freezing in here|boiling in here|"
        r"music please|never mind|forget it|no thanks|that is all)\b")
    # durations (timers are commands) only in the category of talk about time, and never as a request there:
    # each of its templates opens with a subject, a question word or a thing, not a verb said to the home
    durations = re.compile(r"\b(minutes?|seconds|hours?|timer)\b")
    request = re.compile(r"^\(?(set|start|add|put|make|time|count|remind|wake|cancel|stop|pause|resume)\b")
    for category, template in ood.templates():
        assert not banned.search(template), (category, template)
        if category == "durations and plans in talk":
            assert not request.match(template), template
        else:
            assert not durations.search(template), (category, template)


def test_the_generator_draws_out_of_domain_sentences_at_about_one_in_six_with_fitting_openings() -> None:
    gen = Generator(seed=4)
    examples = [gen.sample() for _ in range(1200)]
    none = [ex for ex in examples if ex.target.startswith(notation.NONE)]
    assert 0.12 <= len(none) / len(examples) <= 0.2, len(none) / len(examples)
    rng = random.Random(5)
    polite = set(P.PREFIXES) - set(P.ATTENTION_PREFIXES)
    openings = 0
    for _ in range(4000):
        text = ood.draw(rng, HOME, _REQUEST_OPENERS)
        said = max((p for p in P.PREFIXES + P.ATTENTION_PREFIXES if text.startswith(p + " ")), key=len, default="")
        if said in polite:
            openings += 1
            rest = text[len(said) + 1:].split(" ", 1)[0]
            assert rest not in P.NON_REQUEST_OPENERS and rest not in _REQUEST_OPENERS, text  # no "could you what is ..."
    assert openings > 0  # "could you tell me a joke": a request that is not a command may still be polite


def test_talk_runs_on_with_a_remark_that_asks_for_nothing() -> None:
    """What :func:`ood.remark` draws runs on after other talk: only categories that ask nothing, and the long breath
    stays "none". (It is not said around commands: run 15, trained so, acted on more chatter.)"""
    names = {c.name: c for c in ood.CATEGORIES}
    assert ood.REMARK_CATEGORIES <= set(names)
    assert not any(names[n].request for n in ood.REMARK_CATEGORIES)
    rng = random.Random(6)
    gen = Generator(seed=6, homes=[HOME], home_weight=1.0)
    run_on = [t for t in (ood.draw(rng, HOME) for _ in range(3000)) if any(j in t for j in (" anyway ", " although "))]
    assert len(run_on) > 20
    for text in run_on[:40]:
        assert gen._example([], text, HOME).target.startswith(notation.NONE + " |"), text
