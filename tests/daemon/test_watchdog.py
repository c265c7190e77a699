"""The watchdog tells the truth (issue 18): the real daemon process feeds systemd's watchdog only while commands
can flow, so a plugin's MQTT subscriber that blocks the dispatcher stops the feeding (and feeding resumes once
it returns). The daemon and the notify socket are those of :mod:`tests.daemon.test_runner`."""

from __future__ import annotations

import json
import re
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MosquittoBroker, MqttRecorder
from tests.daemon.test_runner import (  # noqa: F401  (fixtures)
    TIMEOUT_S,
    commander,
    DaemonProcess,
    NotifySocket,
    needs_model,
    notify_socket,
    ready_line,
    start_daemon,
    uid,
    wait_for_file,
    write_home,
)
from homeslm.daemon.speaker import CUT_ENDING, MAX_SPOKEN_CHARS, clip_spoken
from homeslm.mqtt import MqttClient

STUCK = re.compile(r"STATUS=not feeding the watchdog: the MQTT dispatcher has processed nothing for ([0-9.]+) s")


def blocking_subscriber_home(tmp_path: Path, broker: MosquittoBroker, uid: str) -> tuple[Path, Path, Path, str]:
    """A home with a plugin whose MQTT subscriber (on the returned topic) touches a marker file, then blocks
    until a release file exists; (config, marker, release, topic)."""
    plugin_dir = tmp_path / "plugins"
    plugin_dir.mkdir()
    marker, release, topic = tmp_path / "in-subscriber", tmp_path / "release", f"hang-{uid}/state"
    (plugin_dir / "blocking.py").write_text(
        "import pathlib, time\n"
        "from homeslm import hookimpl\n"
        "@hookimpl\n"
        "def daemon_started(context):\n"
        "    def on_state(topic, payload):\n"
        f"        pathlib.Path({str(marker)!r}).touch()\n"
        "        deadline = time.monotonic() + 120\n"
        f"        while not pathlib.Path({str(release)!r}).exists() and time.monotonic() < deadline:\n"
        "            time.sleep(0.05)\n"
        f"    context.mqtt.subscribe({topic!r}, on_state)\n"
    )
    config = write_home(tmp_path / "home.yaml", broker, uid, extra=f"  paths: [{plugin_dir}]\n")
    return config, marker, release, topic


@needs_model
def test_a_blocking_plugin_subscriber_stops_the_watchdog_until_it_returns(
    tmp_path: Path, mosquitto: MosquittoBroker, notify_socket: NotifySocket,
    start_daemon: Callable[..., DaemonProcess], uid: str,
) -> None:
    config, marker, release, topic = blocking_subscriber_home(tmp_path, mosquitto, uid)
    watchdog_s = 2.0  # fed every 0.67 s while commands flow; withheld once dispatch lags 1 s
    daemon = start_daemon(config, notify_socket, watchdog_usec=int(watchdog_s * 1e6))
    notify_socket.wait_for(ready_line, what="READY=1")
    notify_socket.wait_for(lambda line: line == "WATCHDOG=1", TIMEOUT_S, "WATCHDOG=1 before the subscriber blocks")

    publisher = MqttClient(mosquitto.mqtt_config(), site=f"publisher-{uid}", availability=False)
    publisher.start()
    try:
        assert publisher.wait_connected(10.0), "the test's publisher did not connect"
        assert publisher.publish(topic, b"{}", qos=1).wait(10.0), "the broker did not take the state message"
    finally:
        publisher.stop()
    wait_for_file(marker, daemon, "the plugin's subscriber was not called")

    # The daemon says how long dispatch has been stuck at every check: wait until it says 3 periods of
    # WatchdogSec (several feeding ticks), then no WATCHDOG=1 may have come since it first said so.
    def stuck_for(line: str) -> float:
        found = STUCK.match(line)
        return float(found.group(1)) if found else -1.0

    notify_socket.wait_for(lambda line: stuck_for(line) >= 3 * watchdog_s, TIMEOUT_S,
                           "saying dispatch is stuck for 3 periods of WatchdogSec")
    lines = notify_socket.lines()
    first = next(i for i, line in enumerate(lines) if stuck_for(line) >= 0)
    last = next(i for i, line in enumerate(lines) if stuck_for(line) >= 3 * watchdog_s)
    assert "WATCHDOG=1" not in lines[first:last], lines[first:last + 1]
    assert "not feeding the watchdog, so that systemd restarts the service" in daemon.log()

    release.touch()  # the subscriber returns: commands flow again, and the watchdog is fed again
    notify_socket.wait_for(lambda line: line.endswith("the MQTT dispatcher runs again"), TIMEOUT_S,
                           "saying dispatch runs again")
    again = next(i for i, line in enumerate(notify_socket.lines()) if line.endswith("dispatcher runs again"))
    fed_before = notify_socket.lines()[:again].count("WATCHDOG=1")
    notify_socket.arrival_of(lambda line: line == "WATCHDOG=1", fed_before + 1, TIMEOUT_S, "WATCHDOG=1 again")
    assert "Traceback" not in daemon.log()


def hanging_speech_home(tmp_path: Path, broker: MosquittoBroker, uid: str) -> tuple[Path, Path, Path]:
    """A home whose only ``speak`` plugin writes each text it gets (a JSON line) to a file, then hangs until a
    release file exists; (config, spoken file, release)."""
    plugin_dir = tmp_path / "plugins"
    plugin_dir.mkdir()
    spoken, release = tmp_path / "spoken.jsonl", tmp_path / "release"
    (plugin_dir / "hanging_tts.py").write_text(
        "import json, pathlib, time\n"
        "from homeslm import hookimpl\n"
        "@hookimpl\n"
        "def speak(text):\n"
        f"    with open({str(spoken)!r}, 'a') as f:\n"
        "        f.write(json.dumps(text) + '\\n')\n"
        "    deadline = time.monotonic() + 120\n"
        f"    while not pathlib.Path({str(release)!r}).exists() and time.monotonic() < deadline:\n"
        "        time.sleep(0.05)\n"
        "    return True\n"
    )
    config = write_home(tmp_path / "home.yaml", broker, uid, extra=f"  paths: [{plugin_dir}]\n")
    return config, spoken, release


def spoken_texts(path: Path, n: int, daemon: DaemonProcess) -> list[str]:
    """The first ``n`` texts the speak plugin got (waiting for them)."""
    wait_for_file(path, daemon, "nothing was spoken")

    def lines() -> list[str]:
        return [json.loads(line) for line in path.read_text().splitlines() if line.endswith('"')]

    deadline = time.monotonic() + TIMEOUT_S
    while len(lines()) < n:
        if time.monotonic() > deadline:
            pytest.fail(f"{n} texts were not spoken; got {lines()}; log:\n{daemon.log()[-3000:]}")
        time.sleep(0.02)
    return lines()[:n]


@needs_model
def test_answers_are_clipped_and_spoken_off_the_worker(
    tmp_path: Path, mosquitto: MosquittoBroker, mqtt_recorder: MqttRecorder, notify_socket: NotifySocket,
    start_daemon: Callable[..., DaemonProcess], commander: Callable[..., None], uid: str,
) -> None:
    site = f"test-{uid}"
    config, spoken, release = hanging_speech_home(tmp_path, mosquitto, uid)
    daemon = start_daemon(config, notify_socket)
    notify_socket.wait_for(ready_line, what="READY=1")

    long_area = "cellar " * 150  # a 1 KB area name, read back in the answer
    commander(site, {"text": "turn on the lights", "area": long_area, "id": 1})
    first = mqtt_recorder.wait_for(lambda m: m.topic == f"homeslm/{site}/response" and m.json().get("id") == 1,
                                   TIMEOUT_S)
    [said] = spoken_texts(spoken, 1, daemon)
    # published and spoken clipped alike (homeslm/pipeline.py, MAX_ANSWER_CHARS)
    assert len(first.json()["text"]) <= MAX_SPOKEN_CHARS and first.json()["text"].endswith(CUT_ENDING), first.json()
    assert len(said) <= MAX_SPOKEN_CHARS and said.endswith(CUT_ENDING) and said == first.json()["text"], said

    # The speak plugin hangs on the first answer: the worker goes on with the next command all the same.
    commander(site, {"text": "turn off the ceiling light", "id": 2})
    second = mqtt_recorder.wait_for(lambda m: m.topic == f"homeslm/{site}/response" and m.json().get("id") == 2,
                                    TIMEOUT_S)
    assert mqtt_recorder.wait_for(f"z2m-{uid}/kitchen_ceiling/set", TIMEOUT_S).json() == {"state": "OFF"}
    assert not release.exists() and len(spoken_texts(spoken, 1, daemon)) == 1  # still speaking the first one
    release.touch()
    assert spoken_texts(spoken, 2, daemon)[1] == second.json()["text"]
    daemon.signal(signal.SIGTERM)
    assert daemon.wait(10.0) == 0
    assert "Traceback" not in daemon.log()


@pytest.mark.parametrize("text", ["Turning on the lights.", "x" * 1000, "word " * 400, "Sorry, there is no " + "a" * 500])
def test_clip_spoken_keeps_short_answers_and_cuts_long_ones_at_a_word(text: str) -> None:
    clipped = clip_spoken(text)
    assert len(clipped) <= MAX_SPOKEN_CHARS
    if len(text) <= MAX_SPOKEN_CHARS:
        assert clipped == text
    else:
        assert clipped.endswith(CUT_ENDING) and text.startswith(clipped[:-len(CUT_ENDING)])


@needs_model
def test_a_dead_command_connection_stops_the_watchdog(
    tmp_path: Path, mosquitto: MosquittoBroker, notify_socket: NotifySocket, uid: str,
) -> None:
    # The command topic has a connection of its own (homeslm/mqtt/durable.py): when its network thread is gone
    # no command can come in, so the watchdog must go unfed although the main connection's dispatcher runs.
    import threading

    from homeslm.config.loader import load_config
    from homeslm.daemon.runner import Daemon
    from homeslm.daemon.sdnotify import Notifier

    watchdog_s = 2.0
    daemon = Daemon(load_config(write_home(tmp_path / "home.yaml", mosquitto, uid)), state_dir=tmp_path / "state",
                    notifier=Notifier({"NOTIFY_SOCKET": notify_socket.path, "WATCHDOG_USEC": str(int(watchdog_s * 1e6))}))
    runner = threading.Thread(target=daemon.run, name="test-daemon", daemon=True)
    runner.start()
    try:
        notify_socket.wait_for(ready_line, what="READY=1")
        notify_socket.wait_for(lambda line: line == "WATCHDOG=1", TIMEOUT_S, "WATCHDOG=1 while commands flow")
        commands_in = daemon._commands_in
        assert commands_in is not None
        commands_in._client.loop_stop()  # its network thread ends, as a crash of it would
        dead = "STATUS=not feeding the watchdog: the command connection's network thread died"
        notify_socket.arrival_of(lambda line: line == dead, 3, TIMEOUT_S, "saying so at three checks")
        lines = notify_socket.lines()
        first = lines.index(dead)
        third = [i for i, line in enumerate(lines) if line == dead][2]
        assert "WATCHDOG=1" not in lines[first:third], lines[first:third + 1]
    finally:
        daemon.stop()
        runner.join(TIMEOUT_S)
    assert not runner.is_alive()
