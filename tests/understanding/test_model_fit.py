"""homeslm.understanding.model_fit: the intent model (what its homeslm.json records it was trained with) against the home
(the plugin actions its devices can use, its devices and areas), and what ``homeslm check`` and
``homeslm plugins`` say about it. Real configs, the real plugins (the example plugin ``coffee`` adds
``brew_coffee``), the shipped model's metadata and a real (tiny) per-home training run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from homeslm import cli
from homeslm.config.model import Config, Retrain
from homeslm.config.loader import load_config
from homeslm.errors import ConfigError
from homeslm.understanding.model import default_model_dir
from homeslm.understanding.model_fit import (
    ModelFit,
    PluginAction,
    assess_model,
    home_actions,
    missing_training_packages,
    read_metadata,
)
from homeslm.plugins import ActionRegistry, plugin_manager_from_config

COFFEE_HOME = """\
site: fit
area: kitchen
areas: [kitchen, bedroom]
devices:
  - {name: ceiling light, area: kitchen, type: light, plugin: zigbee2mqtt, topic: kitchen_ceiling}
  - {name: coffee machine, area: kitchen, type: switch, plugin: coffee, topic: kitchen/coffee}
"""
NO_COFFEE_HOME = """\
site: fit
areas: [kitchen]
devices:
  - {name: ceiling light, area: kitchen, type: light, plugin: zigbee2mqtt, topic: kitchen_ceiling}
  - {name: kettle, area: kitchen, type: switch, plugin: tasmota, topic: kettle}
"""


def _config(tmp_path: Path, text: str, name: str = "home.yaml") -> Config:
    path = tmp_path / name
    path.write_text(text)
    return load_config(path)


def _fit(config: Config, model_dir: Path) -> ModelFit:
    registry = ActionRegistry(plugin_manager_from_config(config), config)
    if "coffee" not in registry.pm.infos:  # type: ignore[attr-defined]
        pytest.fail("the example plugin is not installed: pip install --no-deps --no-build-isolation -e tests/example_plugin")
    return assess_model(model_dir, read_metadata(model_dir), config, home_actions(config, registry))


@pytest.fixture(scope="module")
def coffee_model(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A model really fine-tuned for the coffee home (two steps: what it records matters, not its accuracy)."""
    pytest.importorskip("torch", reason="training needs the [train] extra")
    tmp = tmp_path_factory.mktemp("fit")
    config = tmp / "home.yaml"
    config.write_text(COFFEE_HOME)
    out = tmp / "model"
    assert cli.main(["train", "--config", str(config), "--out", str(out), "--steps", "2", "--batch-size", "4",
                     "--val-size", "4"]) == 0
    return config, out


def test_the_shipped_model_cannot_produce_a_plugin_action_the_home_uses(tmp_path: Path) -> None:
    fit = _fit(_config(tmp_path, COFFEE_HOME), default_model_dir())
    assert fit.unknown_actions == (PluginAction("brew_coffee", "coffee", "switch", "devices[1]"),)
    assert not fit.trained_for_home and fit.needs_retrain
    assert fit.reasons == ("plugin actions the model does not know: brew_coffee (plugin coffee)",)
    assert fit.to_dict()["unknown_actions"] == [{"action": "brew_coffee", "plugin": "coffee"}]


def test_a_plugin_action_no_configured_device_can_use_is_not_missed(tmp_path: Path) -> None:
    # the coffee plugin is installed (an entry point) but drives none of these devices
    fit = _fit(_config(tmp_path, NO_COFFEE_HOME), default_model_dir())
    assert fit.unknown_actions == ()
    assert not fit.needs_retrain and fit.reasons == ()


def test_a_model_trained_for_the_home_records_it_and_fits_it(coffee_model: tuple[Path, Path]) -> None:
    config_path, model = coffee_model
    meta = read_metadata(model)
    assert meta["extra_actions"] == ["brew_coffee"]
    assert meta["home"]["actions"] == ["brew_coffee"]
    fit = _fit(load_config(config_path), model)
    assert fit.trained_for_home and fit.unknown_actions == () and fit.changes == ()
    assert not fit.needs_retrain


@pytest.mark.parametrize(("edit", "changes"), [
    (lambda t: t + "  - {name: reading lamp, area: bedroom, type: light, plugin: zigbee2mqtt, topic: lamp}\n",
     ("devices added: reading lamp (bedroom)",)),
    (lambda t: t.replace("topic: kitchen_ceiling}", "topic: kitchen_ceiling, aliases: [big light]}"),
     ("devices changed: ceiling light (kitchen)",)),
    (lambda t: t.replace("areas: [kitchen, bedroom]", "areas: [kitchen, bedroom, garage]"),
     ("areas or floors changed",)),
    (lambda t: t.replace("plugin: coffee", "plugin: tasmota"),
     ("plugin actions removed: brew_coffee",)),
    (lambda t: t.replace("topic: kitchen/coffee", "topic: coffee2").replace("site: fit", "site: other"), ()),
], ids=["device added", "alias added", "area added", "plugin action gone", "topic and site: nothing to learn"])
def test_a_per_home_model_needs_a_retrain_when_what_it_learned_of_the_home_changed(
        coffee_model: tuple[Path, Path], tmp_path: Path, edit: object, changes: tuple[str, ...]) -> None:
    _, model = coffee_model
    fit = _fit(_config(tmp_path, edit(COFFEE_HOME)), model)  # type: ignore[operator]
    assert fit.changes == changes
    assert fit.needs_retrain == bool(changes)
    assert fit.reasons == changes


def test_model_retrain_is_off_by_default_and_checked_at_its_line(tmp_path: Path) -> None:
    assert _config(tmp_path, "site: a\n").model.retrain is Retrain.OFF
    assert _config(tmp_path, "model: {retrain: auto}\n").model.retrain is Retrain.AUTO
    assert _config(tmp_path, "model: {retrain: off}\n").model.retrain is Retrain.OFF  # YAML reads off as false
    with pytest.raises(ConfigError, match=r"home.yaml:3: model.retrain: expected auto .* or off, got 'automatic'; "
                                          r"did you mean 'auto'\?"):
        _config(tmp_path, "site: a\nmodel:\n  retrain: automatic\n")


def test_check_warns_of_plugin_actions_the_model_cannot_produce_and_says_how_to_retrain(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "home.yaml"
    path.write_text(COFFEE_HOME)
    assert cli.main(["check", "--config", str(path)]) == 0  # a warning: the daemon runs
    out, err = capsys.readouterr()
    assert out.endswith("every device has a plugin that drives it\n")
    assert err == (f"{path}:6: devices[1].plugin: warning: the intent model ({default_model_dir()}) cannot produce "
                   f"action 'brew_coffee' of plugin 'coffee' (it was trained without it), so its commands are refused "
                   f"or misread; retrain it for this home: homeslm train --config {path} --out "
                   "~/.local/share/homeslm/model, then set model: {path: ~/.local/share/homeslm/model} (or set model: "
                   "{retrain: auto} and the daemon does it in the background)\n")

    path.write_text(COFFEE_HOME + "model: {retrain: auto}\n")
    assert cli.main(["check", "--config", str(path)]) == 0
    assert "with model: {retrain: auto} the daemon retrains it for this home" in capsys.readouterr().err

    path.write_text(NO_COFFEE_HOME)
    assert cli.main(["check", "--config", str(path)]) == 0
    assert capsys.readouterr().err == ""


def test_check_says_when_retrain_auto_cannot_work_without_the_training_packages(tmp_path: Path) -> None:
    path = tmp_path / "home.yaml"
    path.write_text(COFFEE_HOME + "model: {retrain: auto}\n")
    # a Python where torch cannot be imported (None in sys.modules is how Python blocks an import)
    code = ("import sys; sys.modules['torch'] = None\n"
            "from homeslm.cli import main; sys.exit(main(['check', '--config', sys.argv[1]]))")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (f"{path}:7: model.retrain: warning: auto needs the train extra (torch not installed), so the daemon "
            "cannot retrain: pip install 'homeslm[train]', or set model: {retrain: off}") in done.stderr
    assert "retrain it for this home: homeslm train --config" in done.stderr  # by hand, then


def test_missing_training_packages_are_found_without_importing_them(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("torch", reason="training needs the [train] extra")
    assert missing_training_packages() == []
    monkeypatch.setitem(sys.modules, "torch", None)
    assert missing_training_packages() == ["torch"]


def test_plugins_marks_the_actions_the_model_cannot_produce(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            coffee_model: tuple[Path, Path]) -> None:
    path = tmp_path / "home.yaml"
    path.write_text(COFFEE_HOME)
    assert cli.main(["plugins", "--config", str(path)]) == 0
    out = capsys.readouterr().out
    assert "  switch: brew_coffee (unknown to the model), get_state, turn_off, turn_on\n" in out
    assert (f"(unknown to the model): the intent model {default_model_dir()} was trained without these actions "
            f"and cannot produce them; retrain it for your home: homeslm train --config {path}") in out
    assert cli.main(["plugins", "--json", "--config", str(path)]) == 0
    import json

    rows = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["coffee"]["unknown_to_model"] == ["brew_coffee"]
    assert rows["zigbee2mqtt"]["unknown_to_model"] == []

    _, model = coffee_model  # a model that learned brew_coffee: nothing marked
    path.write_text(COFFEE_HOME + f"model: {{path: {model}}}\n")
    assert cli.main(["plugins", "--config", str(path)]) == 0
    out = capsys.readouterr().out
    assert "  switch: brew_coffee, get_state, turn_off, turn_on\n" in out and "unknown to the model" not in out
