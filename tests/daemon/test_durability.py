"""A command the broker accepted is executed once, even across a crash (issue 18): the real daemon process
takes ``homeslm/<site>/command`` on a connection with a persistent session and acknowledges a command only
once it ran, so what is sent while it is killed with SIGKILL (or stopped) runs when it is back, and a
command delivered again is not run twice. The daemon and the notify socket are those of
:mod:`tests.daemon.test_runner`."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from homeslm.daemon.ledger import journal_path
from homeslm.mqtt import MqttClient
from tests.conftest import MosquittoBroker, MqttRecorder
from tests.daemon.test_runner import (  # noqa: F401  (fixtures)
    TIMEOUT_S,
    DaemonProcess,
    wait_for_file,
    NotifySocket,
    commander,
    needs_model,
    notify_socket,
    ready_line,
    start_daemon,
    uid,
    write_home,
)


def _intent_ids(recorder: MqttRecorder, site: str) -> list[object]:
    return [m.json().get("id") for m in recorder.messages(f"homeslm/{site}/intent")]


def _wait_intent(recorder: MqttRecorder, site: str, request_id: str) -> None:
    recorder.wait_for(lambda m: m.topic == f"homeslm/{site}/intent" and m.json().get("id") == request_id, TIMEOUT_S)


@needs_model
def test_commands_sent_while_the_daemon_is_killed_run_once_when_it_is_back(
    tmp_path: Path, mosquitto: MosquittoBroker, mqtt_recorder: MqttRecorder, notify_socket: NotifySocket,
    start_daemon: Callable[..., DaemonProcess], commander: Callable[..., None], uid: str,
) -> None:
    site = f"test-{uid}"
    config = write_home(tmp_path / "home.yaml", mosquitto, uid)
    first = start_daemon(config, notify_socket)
    notify_socket.wait_for(ready_line, what="READY=1")
    commander(site, {"text": "turn on the kitchen light", "id": "before"})
    _wait_intent(mqtt_recorder, site, "before")  # the command session exists on the broker now
    first.signal(signal.SIGKILL)  # a crash: nothing is flushed, no session dropped
    assert first.wait(TIMEOUT_S) == -signal.SIGKILL
    commander(site, {"text": "turn off the kitchen light", "id": "while-dead-1"})
    commander(site, {"text": "turn on the bedroom lamp", "id": "while-dead-2"})
    second = start_daemon(config, notify_socket)
    notify_socket.wait_for(lambda line: notify_socket.count("READY=1") == 2, what="READY=1 of the second start")
    _wait_intent(mqtt_recorder, site, "while-dead-1")
    _wait_intent(mqtt_recorder, site, "while-dead-2")
    commander(site, {"text": "turn off the bedroom lamp", "id": "after"})
    _wait_intent(mqtt_recorder, site, "after")  # everything before it was delivered by now
    ids = _intent_ids(mqtt_recorder, site)
    # "before" may run twice: killed after running it but before acknowledging it, the broker delivers it
    # again (at least once); the commands sent while the daemon was dead run exactly once, in order
    assert [i for i in ids if i != "before"] == ["while-dead-1", "while-dead-2", "after"], ids
    assert 1 <= ids.count("before") <= 2 and ids[0] == "before", ids
    second.signal(signal.SIGTERM)
    assert second.wait(TIMEOUT_S) == 0


@needs_model
def test_commands_sent_while_the_daemon_is_stopped_run_once_at_its_next_start(
    tmp_path: Path, mosquitto: MosquittoBroker, mqtt_recorder: MqttRecorder, notify_socket: NotifySocket,
    start_daemon: Callable[..., DaemonProcess], commander: Callable[..., None], uid: str,
) -> None:
    site = f"test-{uid}"
    config = write_home(tmp_path / "home.yaml", mosquitto, uid)
    first = start_daemon(config, notify_socket)
    notify_socket.wait_for(ready_line, what="READY=1")
    commander(site, {"text": "turn on the kitchen light", "id": "before"})
    _wait_intent(mqtt_recorder, site, "before")
    first.signal(signal.SIGTERM)  # a restart by systemd
    assert first.wait(TIMEOUT_S) == 0
    commander(site, {"text": "turn off the kitchen light", "id": "while-stopped"})
    second = start_daemon(config, notify_socket)
    notify_socket.wait_for(lambda line: notify_socket.count("READY=1") == 2, what="READY=1 of the second start")
    commander(site, {"text": "turn on the bedroom lamp", "id": "live"})
    _wait_intent(mqtt_recorder, site, "live")
    assert _intent_ids(mqtt_recorder, site) == ["before", "while-stopped", "live"]  # a clean stop acknowledged "before"
    second.signal(signal.SIGTERM)
    assert second.wait(TIMEOUT_S) == 0


def _gated_home(tmp_path: Path, broker: MosquittoBroker, uid: str, *, publish_to: str | None = None,
                extra: str = "") -> tuple[Path, Path, Path]:
    """A home whose kettle's plugin touches ``entered`` and waits (at most 60 s) until ``release`` exists, then,
    with ``publish_to``, publishes the device's command there (as a zigbee2mqtt plugin would); (config,
    entered, release)."""
    plugin_dir = tmp_path / "plugins"
    plugin_dir.mkdir()
    entered, release = tmp_path / "entered", tmp_path / "release"
    (plugin_dir / "gate.py").write_text(
        "import pathlib, time\n"
        "from homeslm import ActionResult, hookimpl\n"
        "@hookimpl\n"
        "def register_actions(register):\n"
        "    def gated(device, mqtt):\n"
        f"        pathlib.Path({str(entered)!r}).touch()\n"
        "        deadline = time.monotonic() + 60\n"
        f"        while not pathlib.Path({str(release)!r}).exists() and time.monotonic() < deadline:\n"
        "            time.sleep(0.02)\n"
        + (f"        mqtt.publish({publish_to!r}, '{{\"state\": \"ON\"}}', qos=1)\n" if publish_to else "")
        + "        return ActionResult(ok=True)\n"
        "    register('switch', 'turn_on', gated)\n"
    )
    devices = "  - {name: kettle, area: kitchen, type: switch, plugin: gate}\n"
    config = write_home(tmp_path / "home.yaml", broker, uid, devices=devices,
                        extra=f"  paths: [{plugin_dir}]\n{extra}")
    return config, entered, release


@needs_model
def test_a_command_run_but_not_acknowledged_before_a_crash_is_not_run_again(
    tmp_path: Path, mosquitto_factory: Callable[..., MosquittoBroker],
    mqtt_recorder_factory: Callable[..., MqttRecorder], notify_socket: NotifySocket,
    start_daemon: Callable[..., DaemonProcess], uid: str,
) -> None:
    # The kettle's command runs while the broker is away, so its acknowledgement cannot reach the broker; the
    # daemon is then killed. The broker (persistent) delivers it again to the next daemon, marked DUP: the
    # executed ids kept on disk say it ran, so it is not run twice (the in-memory ones of before were lost).
    broker = mosquitto_factory(persistence=True)
    site = f"test-{uid}"
    config, entered, release = _gated_home(tmp_path, broker, uid)
    first = start_daemon(config, notify_socket)
    notify_socket.wait_for(ready_line, what="READY=1")
    sender = MqttClient(broker.mqtt_config(), site=f"sender-{uid}", availability=False)
    sender.start()
    try:
        assert sender.wait_connected(10.0)
        assert sender.publish(f"homeslm/{site}/command", {"text": "turn on the kettle", "id": "once"}, qos=1).wait(10.0)
        wait_for_file(entered, first, "the kettle's plugin was not called")
        broker.stop()  # saves the session: "once" is in flight to the daemon, not acknowledged
        release.touch()
        journal = journal_path(Path(os.environ["STATE_DIRECTORY"]), site)
        deadline = time.monotonic() + TIMEOUT_S
        while not (journal.exists() and json.dumps("once") in journal.read_text().splitlines()):
            if time.monotonic() > deadline:
                pytest.fail(f"the executed id was not written to {journal}; log:\n{first.log()[-3000:]}")
            time.sleep(0.02)
        first.signal(signal.SIGKILL)
        assert first.wait(TIMEOUT_S) == -signal.SIGKILL
        entered.unlink()
        broker.start()
        recorder = mqtt_recorder_factory(broker)
        second = start_daemon(config, notify_socket)
        notify_socket.wait_for(lambda line: notify_socket.count("READY=1") == 2, what="READY=1 of the second start")
        stats = recorder.wait_for(lambda m: m.topic == f"homeslm/{site}/stats"
                                  and m.json()["dropped"]["already_executed"] == 1, TIMEOUT_S)
        assert stats.json()["handled"] == 0
        assert not entered.exists()  # the kettle was not switched on a second time
        assert "delivered again, already executed: not run twice" in second.log()
        second.signal(signal.SIGTERM)
        assert second.wait(TIMEOUT_S) == 0
    finally:
        sender.stop()


@needs_model
def test_a_command_whose_device_message_had_not_left_when_the_daemon_was_killed_runs_again(
    tmp_path: Path, mosquitto_factory: Callable[..., MosquittoBroker],
    mqtt_recorder_factory: Callable[..., MqttRecorder], notify_socket: NotifySocket,
    start_daemon: Callable[..., DaemonProcess], uid: str,
) -> None:
    # The kettle's plugin publishes its device message while the broker is away: the message waits in the
    # daemon's outbox when the daemon is killed. The command must not count as executed (neither on disk nor
    # acknowledged), so the next daemon runs it and the kettle gets its message (0 lost; the soak lost one so).
    broker = mosquitto_factory(persistence=True)
    site = f"test-{uid}"
    device_topic = f"gate-{uid}/kettle/set"
    config, entered, release = _gated_home(tmp_path, broker, uid, publish_to=device_topic)
    first = start_daemon(config, notify_socket)
    notify_socket.wait_for(ready_line, what="READY=1")
    sender = MqttClient(broker.mqtt_config(), site=f"sender-{uid}", availability=False)
    sender.start()
    try:
        assert sender.wait_connected(10.0)
        assert sender.publish(f"homeslm/{site}/command", {"text": "turn on the kettle", "id": "kept"}, qos=1).wait(10.0)
        wait_for_file(entered, first, "the kettle's plugin was not called")
        broker.stop()
        release.touch()
        deadline = time.monotonic() + TIMEOUT_S
        while "utterance [mqtt] 'turn on the kettle'" not in first.log():  # run: its device message is queued
            if time.monotonic() > deadline:
                pytest.fail(f"the command did not finish; log:\n{first.log()[-3000:]}")
            time.sleep(0.02)
        first.signal(signal.SIGKILL)
        assert first.wait(TIMEOUT_S) == -signal.SIGKILL
        journal = journal_path(Path(os.environ["STATE_DIRECTORY"]), site)
        assert not journal.exists() or json.dumps("kept") not in journal.read_text().splitlines()
        broker.start()
        recorder = mqtt_recorder_factory(broker)
        second = start_daemon(config, notify_socket)
        notify_socket.wait_for(lambda line: notify_socket.count("READY=1") == 2, what="READY=1 of the second start")
        assert recorder.wait_for(device_topic, TIMEOUT_S).json() == {"state": "ON"}
        _wait_intent(recorder, site, "kept")
        assert "delivered again, already executed" not in second.log()
        second.signal(signal.SIGTERM)
        assert second.wait(TIMEOUT_S) == 0
    finally:
        sender.stop()


@needs_model
def test_a_backlog_the_broker_sends_all_at_once_is_run_none_dropped(
    tmp_path: Path, mosquitto: MosquittoBroker, mqtt_recorder: MqttRecorder, notify_socket: NotifySocket,
    start_daemon: Callable[..., DaemonProcess], commander: Callable[..., None], uid: str,
) -> None:
    # The daemon asks for at most 20 unacknowledged commands at a time (MQTT 5 Receive Maximum), but mosquitto
    # sends what it queued while the command connection was away all at once when it is back: more than the
    # worker's queue (64 here). They wait, in order, and run at the rate limit; none is "Too many commands."
    site = f"test-{uid}"
    config = write_home(tmp_path / "home.yaml", mosquitto, uid, extra="commands: {rate_per_s: 100, burst: 10}\n")
    first = start_daemon(config, notify_socket)
    notify_socket.wait_for(ready_line, what="READY=1")
    first.signal(signal.SIGTERM)
    assert first.wait(TIMEOUT_S) == 0
    count = 150
    for i in range(count):
        commander(site, {"text": f"turn {'on' if i % 2 else 'off'} the ceiling light", "id": i})
    second = start_daemon(config, notify_socket)
    notify_socket.wait_for(lambda line: notify_socket.count("READY=1") == 2, what="READY=1 of the second start")
    mqtt_recorder.wait_for(lambda m: m.topic == f"homeslm/{site}/intent" and m.json().get("id") == count - 1,
                           TIMEOUT_S)
    assert _intent_ids(mqtt_recorder, site) == list(range(count))
    assert not [m for m in mqtt_recorder.messages(f"homeslm/{site}/response") if "Too many" in m.text]
    assert "is full" not in second.log()
    second.signal(signal.SIGTERM)
    assert second.wait(TIMEOUT_S) == 0
