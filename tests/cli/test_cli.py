"""homeslm.cli: the command frame, error mapping, logging set-up and ``homeslm check``."""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
from pathlib import Path

import pytest

import homeslm
from homeslm import cli
from homeslm.errors import ConfigError, HomeslmError

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "config" / "homeslm.yaml"
BROKEN = REPO / "tests" / "data" / "config" / "broken_type.yaml"


@pytest.fixture
def no_default_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No config on the search path except what a test puts there (the real /etc is never created here)."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("HOMESLM_CONFIG", raising=False)
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)


def test_check_prints_a_summary_of_the_example_home(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "--config", str(EXAMPLE)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith(f"{EXAMPLE}: OK\n")
    assert "living-room (microphone in the living room)" in out
    assert "localhost:1883, auth: no, TLS: no" in out
    assert "  ground floor: kitchen, living room, hallway, garage" in out
    assert "  living room (ground floor, 6 devices, this microphone)" in out
    front_door = next(line for line in out.splitlines() if line.strip().startswith("front door "))
    assert front_door.split()[2:5] == ["lock", "zigbee2mqtt", "front_door_lock"]
    assert "aliases: door lock; asks before: open, toggle, unlock" in front_door
    assert "cover:curtain" in out and "cover:garage" in out and "binary_sensor:window" in out
    assert "  (no area) (2 devices)" in out
    totals = next(line for line in out.splitlines() if line.startswith("25 devices ("))
    assert totals.startswith("25 devices (2 binary_sensor, 1 climate, 3 cover,") and totals.endswith("9 areas, 2 floors")
    loaded = next(line for line in out.splitlines() if line.startswith("plugins loaded: "))
    assert {"mqtt", "tasmota", "timers", "zigbee2mqtt"} <= set(loaded.removeprefix("plugins loaded: ").split(", "))
    assert out.endswith("every device has a plugin that drives it\n")


def test_check_reports_devices_no_plugin_drives_at_their_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "home.yaml"
    path.write_text(
        "areas: [hall]\n"
        "devices:\n"
        "  - {name: lamp, type: light, plugin: zigbe2mqtt, area: hall}\n"
        "  - {name: me, type: person, plugin: tasmota}\n"
        "  - {name: kettle, type: switch, plugin: tasmota}\n"
        "plugins:\n"
        "  disable: [timers]\n"
        "  tasmot: {retain: false}\n"
        "  timers: {}\n"
    )
    assert cli.main(["check", "--config", str(path)]) == 2
    out, err = capsys.readouterr()
    # Plugins installed through entry points (a plugin author's example, say) may add to the built-ins.
    loaded = next(line for line in out.splitlines() if line.startswith("plugins loaded: "))
    names = loaded.removeprefix("plugins loaded: ").split(", ")
    assert {"mqtt", "tasmota", "zigbee2mqtt"} <= set(names) and "timers" not in names  # disabled
    assert err.splitlines() == [
        f"{path}:3: devices[0].plugin: plugin 'zigbe2mqtt' is not loaded; did you mean 'zigbee2mqtt'? "
        f"(loaded: {', '.join(names)})",
        f"{path}:4: devices[1].type: plugin 'tasmota' drives no device of type 'person'",
        f"{path}:8: plugins.tasmot: settings for plugin 'tasmot', which is not loaded; did you mean 'tasmota'?",
        f"homeslm: 3 problems with plugins in {path}",
    ]
    assert cli.main(["check", "--no-plugins", "--config", str(path)]) == 0
    assert "plugins loaded" not in capsys.readouterr().out


def _mqtt_lamp_yaml(brightness_template: str) -> str:
    return (
        "areas: [hall]\n"
        "devices:\n"
        "  - {name: radio, type: switch, plugin: mqtt, topic: hall/radio}\n"
        "  - name: lamp\n"
        "    type: light\n"
        "    area: hall\n"
        "    plugin: mqtt\n"
        "    topic: hall/lamp\n"
        "    options:\n"
        "      actions:\n"
        f"        set_brightness: {{payload: {{brightness: \"{brightness_template}\"}}}}\n"
    )


def test_check_fails_on_a_device_problem_a_plugin_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "home.yaml"
    path.write_text(_mqtt_lamp_yaml("{brightness_255}"))  # not a field of the mqtt plugin's templates
    assert cli.main(["check", "--config", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out.startswith(f"{path}: 1 problem (on stderr)\n") and "OK" not in out
    assert "every device has a plugin that drives it" not in out
    lines = err.splitlines()
    assert len(lines) == 2, lines  # printed once, not logged as well
    assert lines[0].startswith(f"{path}:11: devices[1].options.actions.set_brightness: device 'lamp': unknown template "
                               "field {brightness_255}; known fields: {value}, ")
    assert lines[1] == f"homeslm: 1 problem with plugins in {path}"

    path.write_text(_mqtt_lamp_yaml("{value_255}"))
    assert cli.main(["check", "--config", str(path)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith(f"{path}: OK\n") and out.endswith("every device has a plugin that drives it\n")


BROKEN_PLUGINS = REPO / "tests" / "data" / "broken_plugins"


def test_check_and_plugins_report_each_broken_plugin(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "home.yaml"
    path.write_text(
        "areas: [hall]\n"
        "devices:\n"
        "  - {name: lamp, type: light, plugin: mqtt, area: hall, topic: hall/lamp}\n"
        "plugins:\n"
        f"  paths: [{BROKEN_PLUGINS}]\n"
    )
    assert cli.main(["check", "--config", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out.startswith(f"{path}: 3 problems (on stderr)\n")
    problems = [line for line in err.splitlines() if line.startswith(f"{path}:")]
    assert problems == [
        f"{path}:4: plugins: plugin 'misspelled' ({BROKEN_PLUGINS / 'misspelled.py'}) not loaded: 'register_action' "
        "is not a homeslm hook; did you mean 'register_actions'? (hooks: daemon_started, daemon_stopping, "
        "register_actions, register_recognizers, register_wake_engines, speak, synthesize_speech); fix the plugin, or list 'misspelled' "
        "in plugins.disable",
        f"{path}:4: plugins: plugin 'unimportable' ({BROKEN_PLUGINS / 'unimportable.py'}) not loaded: import failed: "
        "ModuleNotFoundError(\"No module named 'homeslm_no_such_package'\"); fix or reinstall the plugin, or list "
        "'unimportable' in plugins.disable",
        f"{path}:4: plugins: plugin 'raising' is left out: register_actions failed: KeyError('volume'); fix the "
        "plugin, or list 'raising' in plugins.disable",
    ]
    assert err.endswith(f"homeslm: 3 problems with plugins in {path}\n")

    assert cli.main(["plugins", "--config", str(path)]) == 0
    out, _ = capsys.readouterr()
    assert "\nmqtt " in out and "  light: " in out  # the others are listed as usual
    failed = [line for line in out.splitlines() if line.startswith("  FAILED: ")]
    assert len(failed) == 3
    assert any("did you mean 'register_actions'?" in line for line in failed)
    assert any("homeslm_no_such_package" in line for line in failed)
    assert any("KeyError('volume')" in line for line in failed)

    # a device of a refused plugin: said once, at the device
    path.write_text(path.read_text().replace("devices:\n", "devices:\n  - {name: bell, type: switch, plugin: misspelled}\n"))
    assert cli.main(["check", "--config", str(path)]) == 2
    problems = [line for line in capsys.readouterr().err.splitlines() if line.startswith(f"{path}:")]
    assert len(problems) == 3 and problems[0].startswith(f"{path}:3: devices[0].plugin: plugin 'misspelled' is not loaded")
    assert "did you mean 'register_actions'?" in problems[0]
    assert not any("misspelled" in line for line in problems[1:])

    path.write_text(path.read_text().replace("  - {name: bell, type: switch, plugin: misspelled}\n", "")
                    + "  disable: [misspelled, unimportable, raising]\n")
    assert cli.main(["check", "--config", str(path)]) == 0
    assert capsys.readouterr().err == ""


def test_config_option_works_before_and_after_the_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--config", str(EXAMPLE), "check"]) == 0
    before = capsys.readouterr().out
    assert cli.main(["check-config", "--config", str(EXAMPLE)]) == 0  # the alias
    assert capsys.readouterr().out == before
    assert cli.main(["--config", str(BROKEN), "check", "--config", str(EXAMPLE)]) == 0  # the later one wins
    capsys.readouterr()


def test_check_on_a_broken_file_exits_2_with_file_line_and_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "--config", str(BROKEN)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (f"{BROKEN}:9: devices[1].type: unknown device type 'swtich'; did you mean 'switch'? (expected one "
                   "of: binary_sensor, climate, cover, fan, light, lock, media_player, person, scene, script, sensor, "
                   "switch, vacuum, valve)\n")


def test_config_error_traceback_only_with_debug(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "--config", str(BROKEN), "--debug"]) == 2
    err = capsys.readouterr().err
    # (with --debug the plugins' log lines may come first: they load to check the devices that are right)
    assert any(line.startswith(f"{BROKEN}:9: devices[1].type: ") for line in err.splitlines())
    assert "Traceback (most recent call last)" in err and "ConfigError" in err


def test_invalid_yaml_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("site: x\nmqtt:\n  host: a\n port: 1\n")
    assert cli.main(["check", "--config", str(path)]) == 2
    assert capsys.readouterr().err.startswith(f"{path}:4: invalid YAML: ")


def test_check_shows_auth_and_tls_but_never_the_password(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "ca.crt").write_text("PEM\n")
    secret = tmp_path / "mqtt.pass"
    secret.write_text("hunter2-very-secret\n")
    secret.chmod(0o644)  # world-readable: `check` must warn on stderr, still without the secret
    config = tmp_path / "home.yaml"
    config.write_text("mqtt: {host: broker.lan, port: 8883, username: pi, password_file: mqtt.pass, "
                      "tls: {ca_file: ca.crt}}\n")
    assert cli.main(["check", "--config", str(config)]) == 0
    out, err = capsys.readouterr()
    assert f"broker.lan:8883, auth: yes (user pi), TLS: yes (CA {tmp_path / 'ca.crt'})" in out
    assert "WARNING homeslm.config.model: " in err and "readable by every user (mode 644)" in err
    assert "hunter2" not in out + err


def test_config_is_found_through_the_environment(no_default_config: None, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HOMESLM_CONFIG", str(EXAMPLE))
    assert cli.main(["check"]) == 0
    assert capsys.readouterr().out.startswith(f"{EXAMPLE}: OK")


def test_no_config_found_exits_2_naming_the_places_searched(no_default_config: None,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    if Path("/etc/homeslm/homeslm.yaml").exists():
        pytest.skip("this machine has a system-wide homeslm config")
    assert cli.main(["check"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("homeslm: error: no config file found; searched --config (not given)")
    assert "/etc/homeslm/homeslm.yaml" in err and "Pass --config config/homeslm.yaml" in err


def test_version_and_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out == f"homeslm {homeslm.__version__}\n"
    assert cli.main([]) == 2
    assert "the following arguments are required: COMMAND" in capsys.readouterr().err
    assert cli.main(["no-such-command"]) == 2
    assert "invalid choice: 'no-such-command'" in capsys.readouterr().err
    assert cli.main(["--help"]) == 0
    assert "check" in capsys.readouterr().out


def test_every_subcommand_has_a_handler() -> None:
    parser = cli.build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert "check" in subparsers.choices
    for name, sub in subparsers.choices.items():
        assert callable(sub.get_default("func")), name
        assert sub.get_default("config") is None or sub.get_default("config") == argparse.SUPPRESS


def _raise(exc: BaseException) -> object:
    def handler(args: argparse.Namespace) -> int:
        raise exc

    return handler


@pytest.mark.parametrize(
    ("exc", "code", "message"),
    [
        (HomeslmError("the model directory /x is missing"), 1, "homeslm: error: the model directory /x is missing"),
        (ConfigError("no config", file=None), 2, "homeslm: error: no config"),
        (KeyboardInterrupt(), 130, "homeslm: interrupted"),
    ],
)
def test_errors_map_to_exit_codes(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                  exc: BaseException, code: int, message: str) -> None:
    monkeypatch.setattr(cli, "_cmd_check", _raise(exc))
    assert cli.main(["check"]) == code
    err = capsys.readouterr().err
    assert err.splitlines()[0] == message
    assert "Traceback" not in err


def test_unexpected_error_is_one_line_unless_debug(monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(cli, "_cmd_check", _raise(ZeroDivisionError("division by zero")))
    assert cli.main(["check"]) == 1
    err = capsys.readouterr().err
    assert err == ("ERROR homeslm.cli: unexpected error in 'homeslm check': ZeroDivisionError: division by zero "
                   "(a bug: run with --debug for the traceback and report it)\n")
    assert cli.main(["--debug", "check"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("ERROR homeslm.cli: unexpected error in 'homeslm check'\nTraceback (most recent call last)")
    assert "ZeroDivisionError: division by zero" in err


@pytest.mark.parametrize(("flags", "level"), [([], logging.WARNING), (["-v"], logging.INFO),
                                              (["-vv"], logging.DEBUG), (["--debug"], logging.DEBUG)])
def test_logging_goes_to_stderr_at_the_chosen_level_and_is_removed_after(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], flags: list[str], level: int
) -> None:
    seen: list[int] = []

    def handler(args: argparse.Namespace) -> int:
        handlers = [h for h in logging.getLogger().handlers if isinstance(h, cli._CliLogHandler)]
        assert len(handlers) == 1
        seen.append(handlers[0].level)
        logging.getLogger("homeslm.test").info("an info line")
        return 0

    before = list(logging.getLogger().handlers)
    monkeypatch.setattr(cli, "_cmd_check", handler)
    assert cli.main(["check", *flags]) == 0
    assert seen == [level]
    err = capsys.readouterr().err
    assert ("INFO homeslm.test: an info line" in err) == (level <= logging.INFO)
    assert logging.getLogger().handlers == before


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run([sys.executable, "-m", "homeslm", "check", "--config", str(BROKEN)],
                            capture_output=True, text=True, timeout=60, cwd=REPO)
    assert result.returncode == 2
    assert result.stderr.startswith(f"{BROKEN}:9: devices[1].type: unknown device type 'swtich'")


def test_bench_nlu_measures_one_homes_held_out_cases_and_refuses_an_unknown_home(tmp_path: Path) -> None:
    import json

    from homeslm.benchmarks.nlu import load_cases

    cases = Path(__file__).parents[1] / "data" / "nlu" / "heldout.jsonl"
    out = tmp_path / "nlu.json"
    assert cli.main(["bench", "nlu", "--home", "cottage", "--json", str(out)]) == 0
    [row] = json.loads(out.read_text())
    assert row["suite"] == "heldout:cottage" and row["cases"] == sum(1 for c in load_cases(cases) if c.home == "cottage")
    assert 0.0 < row["exact"] <= 1.0 and row["p50_ms"] > 0
    with pytest.raises(SystemExit, match="--home: no cases for nowhere .* its homes are apartment, cottage"):
        cli.main(["bench", "nlu", "--home", "nowhere"])


def test_check_reports_every_problem_of_a_file_in_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "home.yaml"
    path.write_text(
        "site: living room\n"
        "areas: [hall]\n"
        "mqtt: {port: 0}\n"
        "devices:\n"
        "  - {name: lamp, type: lite, plugin: zigbee2mqtt, area: hall}\n"
        "  - {name: kettle, type: switch, plugin: tasmta, area: hall}\n"
        "  - {name: fan, type: fan, plugin: tasmota, area: attic}\n"
    )
    assert cli.main(["check", "--config", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert [line.split(": ")[:2] for line in err.splitlines()] == [
        [f"{path}:1", "site"],
        [f"{path}:3", "mqtt.port"],
        [f"{path}:5", "devices[0].type"],
        # the second device is right as far as the file goes: its plugin is checked, at its own place
        [f"{path}:6", "devices[1].plugin"],
        [f"{path}:7", "devices[2].area"],
    ]
    assert "plugin 'tasmta' is not loaded; did you mean 'tasmota'?" in err
    assert cli.main(["check", "--no-plugins", "--config", str(path)]) == 2
    assert len(capsys.readouterr().err.splitlines()) == 4, "without the plugins, the file's own problems"


def _run_daemon(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "homeslm", "run", "--config", str(config), *args],
                          capture_output=True, text=True, timeout=60, cwd=REPO)


def test_run_refuses_a_device_whose_plugin_is_not_loaded(tmp_path: Path) -> None:
    path = tmp_path / "home.yaml"
    path.write_text(
        "site: refused\n"
        "areas: [hall]\n"
        "mqtt: {host: 127.0.0.1, port: 1}\n"  # never reached: the config is refused before connecting
        "plugins: {disable: [timers]}\n"
        "devices:\n"
        "  - {name: lamp, type: light, plugin: hue, area: hall}\n"
        "  - {name: door, type: lock, plugin: tasmota, area: hall}\n"
        "  - {name: fan, type: fan, plugin: tasmota, area: hall}\n"
        "  - {name: egg timer, type: switch, plugin: timers, area: hall}\n"
    )
    done = _run_daemon(path, "--no-voice")
    assert done.returncode == 2, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith(f"{path}:")]
    assert [line.split(": ")[:2] for line in errors] == [
        [f"{path}:6", "devices[0].plugin"], [f"{path}:7", "devices[1].type"], [f"{path}:9", "devices[3].plugin"],
    ]
    assert "plugin 'hue' is not loaded" in errors[0]
    assert "plugin 'tasmota' drives no device of type 'lock'" in errors[1]
    assert "listed in plugins.disable" in errors[2]
    assert "connected" not in done.stderr and "ready" not in done.stderr


def test_run_refuses_a_recognizer_no_plugin_provides(tmp_path: Path) -> None:
    path = tmp_path / "home.yaml"
    path.write_text(
        "site: refused\n"
        "mqtt: {host: 127.0.0.1, port: 1}\n"
        "voice: {recognizer: kaldi, wake_phrase: null}\n"
    )
    done = _run_daemon(path)
    assert done.returncode == 2, done.stderr
    assert f"{path}:3: voice.recognizer: no plugin provides the recogniser 'kaldi'" in done.stderr
    assert "running on MQTT commands only" not in done.stderr, "refused, not run without the voice front end"


def _readme_yaml_blocks() -> list[str]:
    """The ```yaml blocks of README.md, in order."""
    import re

    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^```yaml\n(.*?)^```$", text, flags=re.DOTALL | re.MULTILINE)


def test_the_readmes_config_examples_pass_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    blocks = _readme_yaml_blocks()
    assert blocks, "README.md has a ```yaml config example"
    monkeypatch.setenv("HOMESLM_MQTT_PASSWORD", "secret")  # the example's password_env
    for i, block in enumerate(blocks):
        path = tmp_path / f"readme-{i}.yaml"
        path.write_text(block, encoding="utf-8")
        code = cli.main(["check", "--config", str(path)])
        out, err = capsys.readouterr()
        assert (code, err) == (0, ""), f"README.md's yaml block {i + 1}:\n{block}\n{err}"
        assert out.endswith("every device has a plugin that drives it\n")


def test_check_warns_about_names_that_stay_ambiguous(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Shared names pass (issue 13); those no room or type tells apart, and a device named with a word
    for another kind of device, are warned about at their lines, and check still passes."""
    path = tmp_path / "home.yaml"
    path.write_text(
        "areas: [kitchen, bedroom]\n"
        "devices:\n"
        "  - {name: ceiling light, type: light, plugin: zigbee2mqtt, area: kitchen}\n"
        "  - {name: ceiling light, type: light, plugin: zigbee2mqtt, area: bedroom}\n"
        "  - {name: phone, type: sensor, device_class: battery, plugin: mqtt, topic: phone}\n"
        "  - {name: phone, type: sensor, device_class: signal_strength, plugin: mqtt, topic: phone}\n"
        "  - {name: light, type: sensor, device_class: illuminance, plugin: zigbee2mqtt, area: kitchen}\n")
    assert cli.main(["check", "--config", str(path)]) == 0
    _, err = capsys.readouterr()
    warnings = [line for line in err.splitlines() if ": warning: " in line]
    assert warnings[0].startswith(f"{path}:6: warning: 'phone' names 2 devices of type sensor in the same place "
                                  "(line 5, line 6)")
    assert warnings[1].startswith(f"{path}:7: warning: device 'light' (sensor) is named with a word for light devices")
    assert len(warnings) == 2 and "ceiling light" not in err
