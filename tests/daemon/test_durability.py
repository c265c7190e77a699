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


def _gated_home(tmp_path: Path, broker: MosquittoBroker, uid: str) -> tuple[Path, Path, Path]:
    """A home whose kettle's plugin touches ``entered`` and waits (at most 60 s) until ``release`` exists;
    (config, entered, release)."""
    plugin_dir = tmp_path / "plugins"
    plugin_dir.mkdir()
    entered, release = tmp_path / "entered", tmp_path / "release"
    (plugin_dir / "gate.py").write_text(
        "import pathlib, time\n"
        "from homeslm import ActionResult, hookimpl\n"
        "@hookimpl\n"
        "def register_actions(register):\n"
        "    def gated(device):\n"
        f"        pathlib.Path({str(entered)!r}).touch()\n"
        "        deadline = time.monotonic() + 60\n"
        f"        while not pathlib.Path({str(release)!r}).exists() and time.monotonic() < deadline:\n"
        "            time.sleep(0.02)\n"
        "        return ActionResult(ok=True)\n"
        "    register('switch', 'turn_on', gated)\n"
    )
    devices = "  - {name: kettle, area: kitchen, type: switch, plugin: gate}\n"
    config = write_home(tmp_path / "home.yaml", broker, uid, devices=devices, extra=f"  paths: [{plugin_dir}]\n")
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
