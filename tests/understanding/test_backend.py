"""CTranslate2's backend choice under W^X and the intent model's self-check (homeslm.understanding.backend).

The kernel-level checks (a real process under ``PR_SET_MDWE``) are in tests/daemon/test_service.py; here the
choice itself and the self-check on real models: the shipped one and a tiny trained one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from homeslm import cli
from homeslm.understanding import backend as ct2_backend
from homeslm.errors import ModelError, ModelSelfCheckError
from homeslm.understanding.model import SELF_CHECK_SOURCES, IntentModel, default_model_dir


def test_this_test_process_may_map_write_execute_memory() -> None:
    # the suite does not run under W^X; tests/daemon/test_service.py checks the denied side with PR_SET_MDWE
    assert ct2_backend.write_execute_denied() is False


def test_mkl_is_selected_on_x86_64_when_write_execute_memory_is_denied() -> None:
    env: dict[str, str] = {}
    reason = ct2_backend.choose_backend(env, machine="x86_64", denied=True)
    assert env == {"CT2_USE_MKL": "1"}
    assert reason is not None and "MemoryDenyWriteExecute" in reason


@pytest.mark.parametrize(("machine", "denied", "env"), [
    ("x86_64", False, {}),                     # W+X allowed: CTranslate2's own choice is kept
    ("aarch64", True, {}),                     # ARM64: ruy and OpenBLAS need no W+X memory, and no MKL exists
    ("x86_64", True, {"CT2_USE_MKL": "0"}),    # the user chose: kept, and the self-check judges it
])
def test_the_backend_is_left_alone_otherwise(machine: str, denied: bool, env: dict[str, str]) -> None:
    before = dict(env)
    assert ct2_backend.choose_backend(env, machine=machine, denied=denied) is None
    assert env == before


def test_the_backend_description_names_the_choice_and_wx() -> None:
    line = ct2_backend.describe_backend({"CT2_USE_MKL": "0"})
    assert "oneDNN (CT2_USE_MKL=0)" in line and "write+execute memory allowed" in line


def test_the_shipped_model_records_its_self_check_and_passes_it() -> None:
    meta = json.loads((default_model_dir() / "homeslm.json").read_text())
    assert [item["source"] for item in meta["self_check"]] == list(SELF_CHECK_SOURCES)
    model = IntentModel()  # raises when any recorded answer differs
    assert model.record_self_check() == meta["self_check"]
    assert meta["self_check"][0]["intents"] == "turn_on ?kitchen_light"


def _copy_shipped_model(tmp_path: Path) -> Path:
    out = tmp_path / "model"
    shutil.copytree(default_model_dir(), out, ignore=shutil.ignore_patterns("weights.pt"))
    return out


def test_a_model_that_answers_its_check_sentences_differently_is_refused(tmp_path: Path) -> None:
    # Real model, a record that is not its own (what a backend computing wrongly looks like from
    # outside: the model's answers differ from what its training saw).
    model_dir = _copy_shipped_model(tmp_path)
    meta = json.loads((model_dir / "homeslm.json").read_text())
    meta["self_check"][1]["intents"] = "get_humidity ?bedroom"
    (model_dir / "homeslm.json").write_text(json.dumps(meta))
    with pytest.raises(ModelSelfCheckError, match=r"failed its self-check \(1 of its check sentences") as err:
        IntentModel(model_dir)
    assert "'get_temperature ?bedroom'" in str(err.value) and "write+execute memory allowed" in str(err.value)
    # skipping the check is explicit (training does it while validating a model it just wrote)
    assert IntentModel(model_dir, self_check=False).intents_of(SELF_CHECK_SOURCES[0]) == "turn_on ?kitchen_light"


def test_the_cli_exits_2_on_a_model_that_fails_its_self_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model_dir = _copy_shipped_model(tmp_path)
    meta = json.loads((model_dir / "homeslm.json").read_text())
    meta["self_check"][0]["intents"] = "turn_off ?kitchen_light"
    (model_dir / "homeslm.json").write_text(json.dumps(meta))
    config = tmp_path / "home.yaml"
    config.write_text(f"model: {{path: {model_dir}}}\nareas: [kitchen]\ndevices: []\n")
    assert cli.main(["parse", "--config", str(config), "turn on the light"]) == cli.EXIT_CONFIG
    assert "failed its self-check" in capsys.readouterr().err


def test_a_malformed_self_check_record_is_a_clear_error(tmp_path: Path) -> None:
    model_dir = _copy_shipped_model(tmp_path)
    meta = json.loads((model_dir / "homeslm.json").read_text())
    meta["self_check"] = ["turn on the light"]
    (model_dir / "homeslm.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="self_check: expected a list of"):
        IntentModel(model_dir)
