"""homeslm.understanding.confirmation: which actions ask first, the ``confirm:`` key that chooses them, and the question,
acknowledgement and "OK, I won't ..." built from the parts of the intent. End to end (real model, plugins
and broker): tests/test_pipeline.py and tests/daemon/test_runner.py."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from homeslm.config.model import Config, Device
from homeslm.config.loader import load_config
from homeslm.understanding.confirmation import (
    acknowledgement,
    asks_before,
    confirmation_question,
    declined_answer,
    describe_guard,
    guarded_actions,
    split_plans,
)
from homeslm.errors import ConfigError
from homeslm.understanding.resolve import Plan
from homeslm.understanding.understander import yes_or_no
from homeslm.schema import Intent


def _device(name: str, dtype: str, *, device_class: str | None = None, confirm: bool | tuple[str, ...] = True,
            area: str | None = "hallway") -> Device:
    return Device(name=name, type=dtype, plugin="zigbee2mqtt", area=area, device_class=device_class, confirm=confirm)


# --------------------------------------------------------------------------------------------------
# The policy, from one table: (confirm, type, device_class, action, value) -> asks first


ASKS = [
    # confirm: true guards the risky direction of locks and door-like covers
    (True, "lock", None, "unlock", None, True),
    (True, "lock", None, "open", None, True),  # unlatching
    (True, "lock", None, "lock", None, False),
    (True, "lock", None, "get_state", "locked", False),
    (True, "cover", "garage", "open", None, True),
    (True, "cover", "garage", "set_position", 40, True),
    (True, "cover", "garage", "set_position", 0, False),  # closing
    (True, "cover", "garage", "close", None, False),
    (True, "cover", "gate", "open", None, True),
    (True, "cover", "door", "toggle", None, True),
    # a kind without a risky direction: every change, as confirm: true always meant
    (True, "cover", "curtain", "open", None, True),
    (True, "switch", None, "turn_on", None, True),
    (True, "switch", None, "turn_off", None, True),
    (True, "switch", None, "disarm", None, True),  # a plugin's alarm panel
    (True, "switch", None, "get_state", "on", False),
    # explicit lists: exactly those actions
    (("unlock",), "lock", None, "unlock", None, True),
    (("unlock",), "lock", None, "open", None, False),
    (("lock",), "lock", None, "lock", None, True),
    (("disarm",), "switch", None, "disarm", None, True),
    (("disarm",), "switch", None, "turn_on", None, False),
    (("set_position",), "cover", "blind", "set_position", 0, False),
    # never
    (False, "lock", None, "unlock", None, False),
    ((), "lock", None, "unlock", None, False),
]


@pytest.mark.parametrize(("confirm", "dtype", "device_class", "action", "value", "asks"), ASKS)
def test_which_actions_ask_first(confirm: bool | tuple[str, ...], dtype: str, device_class: str | None, action: str,
                                 value: Any, asks: bool) -> None:
    device = _device("thing", dtype, device_class=device_class, confirm=confirm)
    assert asks_before(device, Intent(action, domain=dtype, value=value)) is asks


def test_what_check_says_about_a_device() -> None:
    assert describe_guard(_device("front door", "lock")) == "asks before: open, toggle, unlock"
    assert describe_guard(_device("oven", "switch")) == "asks before every change"
    assert describe_guard(_device("front door", "lock", confirm=("unlock",))) == "asks before: unlock"
    assert describe_guard(_device("front door", "lock", confirm=False)) == ""
    assert guarded_actions(_device("oven", "switch")) is None


# --------------------------------------------------------------------------------------------------
# Splitting a sentence: what runs now, what waits


def test_a_fan_out_is_cut_into_what_runs_now_and_what_waits() -> None:
    garage = _device("garage door", "cover", device_class="garage", area="garage")
    blind = _device("garage blind", "cover", device_class="blind", confirm=False, area="garage")
    lamp = _device("ceiling light", "light", confirm=False, area="kitchen")
    open_all = Plan(Intent("open", area="garage", domain="cover"), (blind, garage), "Opening the covers in the garage.")
    dim = Plan(Intent("set_brightness", area="kitchen", domain="light", value=30, unit="%"), (lamp,), "Dimming.")
    timer = Plan(Intent("start_timer", domain="timer", value=60, unit="s"), (), "Starting a timer for 1 minute.")
    [(now_dim, held_dim), (now_open, held_open), (now_timer, held_timer)] = split_plans([dim, open_all, timer])
    assert now_dim == dim and held_dim is None
    assert now_open is not None and now_open.devices == (blind,) and now_open.intent == open_all.intent
    assert held_open is not None and held_open.devices == (garage,)
    assert now_timer == timer and held_timer is None
    assert acknowledgement(now_open) == "Opening the garage blind."
    assert confirmation_question([held_open]) == "Do you want me to open the garage door?"


# --------------------------------------------------------------------------------------------------
# What is said, built from the parts (action, devices, value, area)


def test_the_question_and_the_refusal_name_what_is_guarded() -> None:
    door = _device("front door", "lock")
    garage = _device("garage door", "cover", device_class="garage", area="garage")
    unlock = Plan(Intent("unlock", device="front door", area="hallway", domain="lock"), (door,), "Unlocking it.")
    halfway = Plan(Intent("set_position", device="garage door", area="garage", domain="cover", value=50, unit="%"),
                   (garage,), "Garage door, half open.")  # the model's wording is not parsed back
    assert confirmation_question([unlock]) == "Do you want me to unlock the front door?"
    assert confirmation_question([unlock, halfway]) == (
        "Do you want me to unlock the front door and set the garage door to 50 percent?")
    assert declined_answer([unlock]) == "OK, I won't unlock the front door."
    assert acknowledgement(halfway) == "Setting the garage door to 50 percent."


YES_NO = [
    ("yes", True), ("Yes, please!", True), ("OK.", True), ("sure, go ahead", True), ("um yes", True),
    ("no", False), ("no thanks", False), ("don't", False), ("never mind", False), ("no, do not", False),
    # a command is never an answer, even when it starts like one
    ("okay turn on the light", None), ("yes and open the garage", None), ("no, turn on the light", None),
    ("stop the music", None), ("please", None), ("unlock the front door", None),
]


@pytest.mark.parametrize(("text", "answer"), YES_NO)
def test_only_a_whole_answer_is_a_yes_or_a_no(text: str, answer: bool | None) -> None:
    assert yes_or_no(text) is answer


# --------------------------------------------------------------------------------------------------
# The confirm: key


def _load(tmp_path: Path, devices: str) -> Config:
    path = tmp_path / "homeslm.yaml"
    path.write_text("areas: [hallway, garage]\ndevices:\n" + textwrap.dedent(devices))
    return load_config(path)


def test_confirm_takes_true_false_or_the_actions(tmp_path: Path) -> None:
    config = _load(tmp_path, """\
        - {name: front door, area: hallway, type: lock, plugin: zigbee2mqtt, confirm: true}
        - {name: back door, area: hallway, type: lock, plugin: zigbee2mqtt, confirm: [unlock, Open, unlock]}
        - {name: side door, area: hallway, type: lock, plugin: zigbee2mqtt, confirm: unlock}
        - {name: alarm, area: hallway, type: switch, plugin: someplugin, confirm: [disarm]}
        - {name: garage door, area: garage, type: cover, device_class: garage, plugin: zigbee2mqtt, confirm: false}
        - {name: garage light, area: garage, type: light, plugin: zigbee2mqtt}
    """)
    confirms = {d.name: d.confirm for d in config.devices}
    assert confirms == {"front door": True, "back door": ("unlock", "open"), "side door": ("unlock",),
                        "alarm": ("disarm",), "garage door": False, "garage light": False}


@pytest.mark.parametrize(("devices", "line", "key", "problem"), [
    pytest.param("""\
        - name: front door
          type: lock
          plugin: zigbee2mqtt
          confirm: [unlock, unlcok]
    """, 6, "devices[0].confirm[1]", "unknown action 'unlcok'; did you mean 'unlock'?", id="typo"),
    pytest.param("""\
        - name: front door
          type: lock
          plugin: zigbee2mqtt
          confirm: [get_state]
    """, 6, "devices[0].confirm[0]", "'get_state' only reads the device, so there is nothing to confirm", id="read-only"),
    pytest.param("""\
        - name: front door
          type: lock
          plugin: zigbee2mqtt
          confirm: 3
    """, 6, "devices[0].confirm", "expected true or false, got 3 (or the actions that ask first, such as [unlock, open])",
        id="number"),
    pytest.param("""\
        - name: front door
          type: lock
          plugin: zigbee2mqtt
          confirm: [{unlock: true}]
    """, 6, "devices[0].confirm[0]", "expected an action name such as unlock, got", id="not-a-name"),
])
def test_a_bad_confirm_names_file_line_and_key(tmp_path: Path, devices: str, line: int, key: str, problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, devices)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'homeslm.yaml'}:{line}: {key}: "), message
    assert problem in message


def test_check_refuses_a_confirm_action_the_device_does_not_have(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from homeslm import cli

    path = tmp_path / "homeslm.yaml"
    path.write_text(
        "areas: [hallway]\n"
        "devices:\n"
        "  - {name: front door, area: hallway, type: lock, plugin: zigbee2mqtt, confirm: [unlock, open]}\n"
        "  - {name: alarm, area: hallway, type: switch, plugin: tasmota, confirm: [disarm]}\n"
    )
    assert cli.main(["check", "--config", str(path)]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith(f"{path}:")]
    assert errors == [f"{path}:4: devices[1].confirm: 'alarm' has no action 'disarm' (plugin 'tasmota' gives a switch "
                      "these: get_state, toggle, turn_off, turn_on); correct the name, or it guards nothing"]
