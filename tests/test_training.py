"""`homeslm train` end to end on a tiny budget: data, tokenizer, PyTorch, CTranslate2 int8, validation.

This proves the pipeline and the conversion, not accuracy (that is `homeslm bench nlu`'s job).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from homeslm.cli import main
from homeslm.config import load_config
from homeslm.intent_model import IntentModel
from homeslm.nlu import Understander
from homeslm.training.data import Generator, sample_commands
from homeslm.training.homes import home_from_config

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
