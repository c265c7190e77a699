"""homeslm.benchmarks.soak: the command plan, the generated config and the pairing of device commands
with the commands that caused them (the figures themselves come from ``homeslm bench soak``)."""

from __future__ import annotations

import json
from pathlib import Path

from homeslm.benchmarks.soak import (
    BASE_TOPIC,
    DEVICES,
    Received,
    friendly_name,
    match_device_messages,
    percentiles,
    plan_commands,
    soak_config,
)
from homeslm.benchmarks.soak.command import daemon_env
from homeslm.config.loader import config_from_dict


def test_consecutive_commands_to_one_device_never_expect_the_same_payload() -> None:
    planned = plan_commands(200)
    assert [c.index for c in planned] == list(range(200))
    assert {c.device for c in planned} == {name for name, _, _ in DEVICES}
    last: dict[str, object] = {}
    for command in planned:
        assert command.topic == f"{BASE_TOPIC}/{friendly_name(command.device)}/set"
        assert command.device in command.text
        assert last.get(command.topic) != command.payload, command
        last[command.topic] = command.payload
    set_brightness = [c for c in planned if "percent" in c.text]
    assert set_brightness and all(0 < c.payload["brightness"] <= 254 for c in set_brightness)


def test_the_generated_config_loads_and_every_device_is_a_zigbee2mqtt_device() -> None:
    config = config_from_dict(soak_config(1883, None, rate_limit_per_s=100.0, burst=500), source="soak.yaml")
    assert config.mqtt.port == 1883 and config.site == "soak"
    assert config.commands.rate_per_s == 100.0 and config.commands.burst == 500
    assert {(d.name, d.plugin, d.topic) for d in config.devices} == {
        (name, "zigbee2mqtt", friendly_name(name)) for name, _, _ in DEVICES}
    assert "espeak" in config.plugins.disable


def _message(topic: str, payload: dict[str, object], at_s: float) -> Received:
    return Received(topic, json.dumps(payload).encode(), at_s)


def test_device_commands_are_paired_in_order_with_duplicates_and_gaps() -> None:
    planned = plan_commands(len(DEVICES) * 3)  # every device three times: on, set (or off), off (or on)
    sent_at = {c.index: float(c.index) for c in planned}
    first, second, third = (c for c in planned if c.device == DEVICES[0][0])
    other = next(c for c in planned if c.device == DEVICES[1][0])
    messages = [
        _message(first.topic, first.payload, 100.0),
        _message(first.topic, first.payload, 100.5),  # QoS 1 redelivery
        _message(third.topic, third.payload, 101.0),  # the second command never arrived
        _message(other.topic, {"state": "TOGGLE"}, 102.0),  # nothing asked for this
        _message(other.topic, other.payload, 103.0),
        Received(other.topic, b"not json", 104.0),
    ]
    latency, duplicates, unexpected = match_device_messages(planned, sent_at, messages)
    assert latency == {first.index: 100.0 - first.index, third.index: 101.0 - third.index,
                       other.index: 103.0 - other.index}
    assert second.index not in latency
    assert duplicates == 1 and unexpected == 2


def test_a_command_that_never_reached_the_daemon_does_not_take_a_later_ones_device_command() -> None:
    planned = plan_commands(len(DEVICES) * 4)
    sent_at = {c.index: float(c.index) for c in planned}
    lamp = [c for c in planned if c.device == DEVICES[0][0]]
    assert lamp[0].payload == lamp[3].payload  # on, set, off, on: the fourth repeats the first
    message = _message(lamp[3].topic, lamp[3].payload, 100.0)
    answered = set(sent_at) - {lamp[0].index}
    latency, _, _ = match_device_messages(planned, sent_at, [message], candidates=answered)
    assert latency == {lamp[3].index: 100.0 - lamp[3].index}


def test_a_redelivery_after_a_restart_is_a_duplicate_not_a_later_command() -> None:
    planned = plan_commands(len(DEVICES) * 6)
    sent_at = {c.index: float(c.index) for c in planned}
    lamp = [c for c in planned if c.device == DEVICES[0][0]]  # on, set, off, on, set, off
    messages = [_message(c.topic, c.payload, 100.0 + k) for k, c in enumerate(lamp[:3])]
    messages.append(_message(lamp[2].topic, lamp[2].payload, 110.0))  # "off" again: its PUBACK was lost
    messages += [_message(c.topic, c.payload, 120.0 + k) for k, c in enumerate(lamp[3:])]
    latency, duplicates, unexpected = match_device_messages(planned, sent_at, messages)
    assert set(latency) == {c.index for c in lamp} and duplicates == 1 and unexpected == 0
    assert latency[lamp[5].index] == 122.0 - lamp[5].index


def test_commands_never_sent_are_never_matched() -> None:
    planned = plan_commands(3)
    latency, _, unexpected = match_device_messages(planned, {}, [_message(planned[0].topic, planned[0].payload, 1.0)])
    assert latency == {} and unexpected == 1


def test_percentiles_are_nearest_rank_in_milliseconds() -> None:
    assert percentiles([]) == {}
    stats = percentiles([i / 1000 for i in range(1, 101)])  # 1 ms .. 100 ms
    assert stats == {"p50": 50.0, "p95": 95.0, "p99": 99.0, "max": 100.0}


def test_daemon_log_problems_are_grouped_by_their_first_words() -> None:
    from homeslm.benchmarks.soak import summarise_problems

    log = "\n".join([
        "2026-11-22 05:40:29,063 INFO homeslm.mqtt: MQTT connected to 127.0.0.1:59825",
        "WARNING homeslm.daemon.runner: dropped a command: the queue of 32 commands is full (1 dropped so far)",
        "WARNING homeslm.daemon.runner: dropped a command: the queue of 32 commands is full (7 dropped so far)",
        "2026-11-22 05:40:31,681 ERROR homeslm.mqtt: failed to receive on socket: [Errno 104] reset",
    ])
    assert summarise_problems(log) == {
        "WARNING homeslm.daemon.runner: dropped a command: the queue of N commands is full (N dropped so far)"[:90]: 2,
        "ERROR homeslm.mqtt: failed to receive on socket: [Errno N] reset": 1,
    }


def test_a_command_executed_but_never_answered_counts_as_executed_not_lost() -> None:
    # the daemon was killed between sending the device command and answering: no answer, but it ran
    planned = plan_commands(len(DEVICES) * 3)
    sent_at = {c.index: float(c.index) for c in planned}
    lamp = [c for c in planned if c.device == DEVICES[0][0]]  # on, set, off
    answered = set(sent_at) - {lamp[1].index}
    messages = [_message(c.topic, c.payload, 100.0 + k) for k, c in enumerate(lamp)]
    latency, duplicates, unexpected = match_device_messages(planned, sent_at, messages, candidates=answered)
    assert set(latency) == {c.index for c in lamp} and duplicates == 0 and unexpected == 0
    # a device command arriving before the unanswered command was sent is not its own
    early = [_message(lamp[1].topic, lamp[1].payload, lamp[1].index - 0.5)]
    latency, _, unexpected = match_device_messages(planned, sent_at, early, candidates=answered)
    assert latency == {} and unexpected == 1


def test_the_soak_parser_takes_kill_daemon_at_and_the_report_has_the_issues_keys() -> None:
    import argparse
    from dataclasses import asdict

    from homeslm.benchmarks.soak import Report, add_arguments

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(["--kill-daemon-at", "0.5", "--restart-at", "-1"])
    assert args.kill_daemon_at == 0.5 and args.restart_at == -1
    assert parser.parse_args([]).kill_daemon_at < 0  # never, unless asked
    figures = asdict(Report(count=10, rate_per_s=5.0))
    assert {"sent", "executed", "lost", "duplicates", "kill_at_command", "lost_around_kill"} <= set(figures)


def test_each_soak_run_keeps_its_executed_ids_in_a_state_directory_of_its_own(tmp_path: Path) -> None:
    # The ids of an earlier run's commands are the same numbers: a command delivered again after the kill
    # must not be taken as already run because an earlier run ran its namesake (the 2,000-command run lost
    # id 1000 so, with the user's state directory).
    env = daemon_env(tmp_path, tmp_path / "notify.sock", 10.0)
    assert env["STATE_DIRECTORY"] == str(tmp_path / "state")
    assert env["NOTIFY_SOCKET"] == str(tmp_path / "notify.sock") and env["WATCHDOG_USEC"] == "10000000"
    assert "WATCHDOG_USEC" not in daemon_env(tmp_path, tmp_path / "notify.sock", None)
