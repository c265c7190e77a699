"""`homeslm train` end to end on a tiny budget: data, tokenizer, PyTorch, CTranslate2 int8, validation.

This proves the pipeline and the conversion, not accuracy (that is `homeslm bench nlu`'s job).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from homeslm.cli import main
from homeslm import notation
from homeslm.config import Config, Device, Floor, load_config
from homeslm.intent_model import IntentModel
from homeslm.intents import Refusal, Resolver
from homeslm.nlu import Understander
from homeslm.textnorm import normalize
from homeslm.training.data import Generator, Skip, Spec, sample_commands
from homeslm.training.homes import Home, HomeDevice, home_from_config
from homeslm.training.multi import CONSTRUCTIONS

pytest.importorskip("torch", reason="training needs the [train] extra")

TINY_HOME = """\
site: test
area: kitchen
areas: [kitchen, bedroom]
devices:
  - {name: ceiling light, area: kitchen, type: light, plugin: zigbee2mqtt, topic: kitchen_ceiling}
  - {name: bedside lamp, area: bedroom, type: light, plugin: zigbee2mqtt, topic: bedside}
"""


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("train")
    cfg = tmp / "home.yaml"
    cfg.write_text(TINY_HOME)
    out = tmp / "model"
    code = main(["train", "--config", str(cfg), "--out", str(out), "--from-scratch", "--steps", "12",
                 "--batch-size", "8", "--d-model", "32", "--d-ff", "64", "--layers", "1", "--heads", "2",
                 "--vocab-size", "400", "--val-size", "8"])
    assert code == 0
    return cfg, out


def test_train_writes_an_int8_ctranslate2_model_with_its_tokenizer(tiny_model: tuple[Path, Path]) -> None:
    _, out = tiny_model
    for name in ("model.bin", "config.json", "shared_vocabulary.txt", "spm.model", "tokens.json", "homeslm.json", "weights.pt"):
        assert (out / name).is_file(), name
    meta = json.loads((out / "homeslm.json").read_text())
    assert meta["steps_done"] == 12
    assert meta["command"].startswith("homeslm train")
    assert 0.0 <= meta["validation_exact_match"] <= 1.0
    # the vocabulary CTranslate2 uses is exactly the SentencePiece one (ids line up)
    vocab = (out / "shared_vocabulary.txt").read_text().splitlines()
    assert vocab[:3] == ["<pad>", "</s>", "<unk>"]
    assert "\u00a7<light1>" in vocab and "\u00a7turn_off" in vocab  # specials are marked: see tokenizer.MARK
    assert json.loads((out / "config.json").read_text())["add_source_eos"] is True


def test_an_untrained_models_output_is_not_understood_and_nothing_is_planned(tiny_model: tuple[Path, Path]) -> None:
    cfg, out = tiny_model
    und = Understander(load_config(cfg), IntentModel(out))
    u = und.understand("turn off the ceiling light")
    # twelve steps teach nothing: whatever it wrote must be refused, never executed
    assert u.plans == ()
    assert u.result.intents == ()
    assert u.result.refusal in {"not_understood", "low_confidence", "out_of_domain"}
    assert u.result.response


def test_a_model_directory_that_is_incomplete_is_a_clear_error(tmp_path: Path) -> None:
    from homeslm.errors import ModelError

    with pytest.raises(ModelError, match="missing model.bin"):
        IntentModel(tmp_path)


def test_the_generator_is_reproducible_and_labels_match_its_placeholders() -> None:
    a = [Generator(seed=3).sample() for _ in range(1)]
    g1, g2 = Generator(seed=3), Generator(seed=3)
    a = [g1.sample() for _ in range(200)]
    b = [g2.sample() for _ in range(200)]
    assert [(e.source, e.target) for e in a] == [(e.source, e.target) for e in b]
    for ex in a:
        head = ex.target.split(" | ")[0]
        for tok in head.split():
            if tok.startswith("<"):
                assert tok in ex.source.split(), (ex.source, ex.target)


def test_sample_commands_speaks_about_the_configured_home(tmp_path: Path) -> None:
    cfg = tmp_path / "home.yaml"
    cfg.write_text(TINY_HOME)
    config = load_config(cfg)
    sentences = sample_commands(config, 200, seed=1)
    assert len(sentences) == 200
    assert any("ceiling light" in s or "bedside lamp" in s for s in sentences)
    assert home_from_config(config).context_area == "kitchen"


# -- several commands in one breath ----------------------------------------------------------------------
def _config_of(home: Home) -> Config:
    return Config(site="t", area=home.context_area, floors=tuple(Floor(f, tuple(a)) for f, a in home.floors.items()),
                  areas=tuple(home.areas), devices=tuple(Device(d.name, d.type, "zigbee2mqtt", area=d.area,
                                                                aliases=tuple(d.aliases), device_class=d.device_class)
                                                         for d in home.devices))


def test_multi_command_labels_have_one_intent_per_target_and_resolve_on_their_home() -> None:
    gen = Generator(seed=11)
    done = 0
    resolved = 0
    while done < 150:
        home = gen._home()
        try:
            specs, raw = gen._draw_multi(home)
            ex = gen._example(specs, raw, home)
        except Skip:
            continue
        done += 1
        head = ex.target.split(" | ")[0]
        frames = notation.parse(ex.target).frames
        assert len(frames) >= 2, (raw, ex.target)
        for tok in head.split():
            if tok.startswith("<"):
                assert tok in ex.source.split(), (ex.source, ex.target)
        tagged = gen._lexicon(home).tag(normalize(raw), normalized=True)
        try:
            plans = Resolver(_config_of(home)).resolve(frames, tagged, home.context_area, ())
        except Refusal as ref:
            # a random home may lack blinds in the room a sentence names; any other refusal is a wrong label
            assert ref.reason == "no_devices", (raw, ex.target, ref.reason)
            continue
        assert len(plans) == len(frames)
        resolved += 1
    assert resolved > 75


def test_a_shared_verb_and_a_shared_value_are_labelled_like_single_commands() -> None:
    lamp, strip, fan = (HomeDevice("desk lamp", "light", "office"), HomeDevice("led strip", "light", "office"),
                        HomeDevice("ceiling fan", "fan", "office"))
    home = Home(["office", "kitchen"], {}, [lamp, strip, fan], "office")
    gen = Generator(seed=0, homes=[home], home_weight=1.0)
    ex = gen._example([Spec("turn_off", device=lamp), Spec("turn_off", device=fan)], "turn off the desk lamp and the ceiling fan", home)
    assert ex.target.split(" | ")[0] == "turn_off <light1> ; turn_off <fan1>"
    both = [Spec("set_brightness", device=lamp, number=40, unit="%"),
            Spec("set_brightness", device=strip, number=40, unit="%", shared_value=True)]
    ex = gen._example(both, "set the desk lamp and the led strip to 40 percent", home)
    assert ex.target.split(" | ")[0] == "set_brightness <light1> <num1> % ; set_brightness <light2> <num1> %"
    pronoun = [Spec("turn_on", device=lamp), Spec("set_brightness", device=lamp, number=50, unit="%")]
    ex = gen._example(pronoun, "turn on the desk lamp and set it to 50 percent", home)
    assert ex.target.split(" | ")[0] == "turn_on <light1> ; set_brightness <light1> <num1> %"
    loc = [Spec("turn_off", domain="light", loc=[("area", "kitchen")]),
           Spec("close", domain="cover:blind", loc=[("area", "kitchen")])]
    ex = gen._example(loc, "turn off the lights and close the blinds in the kitchen", home)
    assert ex.target.split(" | ")[0] == "turn_off light <area1> ; close cover:blind <area1>"


def test_every_multi_command_construction_is_drawn_and_multi_commands_are_a_fifth_of_the_data() -> None:
    gen = Generator(seed=2)
    seen: set[str] = set()
    for name in CONSTRUCTIONS:
        method = getattr(gen, f"_multi_{name}")
        for _ in range(200):
            home = gen._home()
            try:
                specs, _ = method(home)
            except Skip:  # that draw could not be made in this home
                continue
            assert len(specs) >= 2
            seen.add(name)
            break
    assert seen == set(CONSTRUCTIONS)
    examples = [gen.sample() for _ in range(1500)]
    multi = sum(" ; " in ex.target.split(" | ")[0] for ex in examples) / len(examples)
    assert 0.15 <= multi <= 0.3, multi


# -- the grammar itself ------------------------------------------------------------------------------
def test_every_template_parses_and_carries_the_slots_its_label_needs() -> None:
    import random

    from homeslm.training import phrases as P
    from homeslm.training.templates import render, slots_of

    valued = {"set_brightness", "set_color", "set_color_temp", "set_temperature", "set_position", "set_volume",
              "start_timer", "increase_timer", "decrease_timer", "get_state"}
    fill = {"t": "the lamp", "v": "", "n": "pasta", "w": "in the kitchen", "c": "lights"}
    rng = random.Random(0)
    problems = []
    for action, table in P.PHRASES.items():
        for kind, templates in table.items():
            for tpl in templates:
                slots = slots_of(tpl)
                if (action in valued or kind in ("by", "len")) != ("v" in slots):
                    problems.append((action, kind, tpl, "a value slot {v} exactly where the label has a value"))
                if (kind in ("any", "dev") or kind.startswith("dev.")) and action != "get_temperature" and "t" not in slots:
                    problems.append((action, kind, tpl, "a target slot {t}"))
                if (kind == "none" or kind.startswith("grp.")) and "t" in slots:
                    problems.append((action, kind, tpl, "no target slot {t}"))
                if kind == "named" and "n" not in slots:
                    problems.append((action, kind, tpl, "a timer name slot {n}"))
                for _ in range(30):  # a number word the label does not carry ("next one") would be dropped as data
                    text = normalize(render(tpl, rng, lambda s: fill.get(s, "")))
                    if any(ch.isdigit() for ch in text):
                        problems.append((action, kind, tpl, f"no spoken number: {text!r}"))
                        break
    assert not problems, problems
