"""A command the broker accepted is executed once, even across a crash (issue 18): the real daemon process
takes ``homeslm/<site>/command`` on a connection with a persistent session and acknowledges a command only
once it ran, so what is sent while it is killed with SIGKILL (or stopped) runs when it is back, and a
command delivered again is not run twice. The daemon and the notify socket are those of
:mod:`tests.daemon.test_runner`."""

from __future__ import annotations

import signal
from collections.abc import Callable
from pathlib import Path

from tests.conftest import MosquittoBroker, MqttRecorder
from tests.daemon.test_runner import (  # noqa: F401  (fixtures)
    TIMEOUT_S,
    DaemonProcess,
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
