"""Remote listening on ``homeslm/<site>/listen`` is an opt-in, rate-limited and published (issue 18).

The daemon runs in-process with the real model, plugins and broker; only the voice front end (the
microphone) is faked: it records when it is told to listen.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from homeslm.config.model import CommandsConfig, Config, Device, PluginsConfig
from homeslm.daemon.runner import Daemon
from homeslm.mqtt import MqttClient
from homeslm.understanding.model import default_model_dir
from homeslm.voice.asr.base import Recognizer
from homeslm.voice.link import VoiceFrontEnd, VoiceHooks
from tests.conftest import MosquittoBroker, MqttRecorder

TIMEOUT_S = 60.0

pytestmark = pytest.mark.skipif(not (default_model_dir() / "model.bin").is_file(),
                                reason="the shipped intent model is not there yet")


class FakeMicrophone:
    """The voice front end, faked: counts the times it is told to listen."""

    def __init__(self) -> None:
        self.pushed = 0
        self.changed = threading.Condition()

    def start(self) -> None:
        pass

    def stop(self, timeout_s: float = 5.0) -> None:
        pass

    def push_to_talk(self) -> None:
        with self.changed:
            self.pushed += 1
            self.changed.notify_all()

    def mute(self) -> None:
        pass

    def unmute(self, followup: bool = True) -> None:
        pass

    def replace_recognizer(self, recognizer: Recognizer) -> None:
        recognizer.close()


def wait_until(condition: Callable[[], bool], what: str, timeout_s: float = TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout_s} s waiting for {what}")
        time.sleep(0.05)


RunDaemon = Callable[[CommandsConfig], tuple[Daemon, FakeMicrophone, str]]


@pytest.fixture
def run_daemon(mosquitto: MosquittoBroker) -> Iterator[RunDaemon]:
    if not mosquitto.running:
        mosquitto.start()
    running: list[tuple[Daemon, threading.Thread]] = []

    def run(commands: CommandsConfig) -> tuple[Daemon, FakeMicrophone, str]:
        site = f"test-listen-{uuid.uuid4().hex[:8]}"
        config = Config(site=site, mqtt=mosquitto.mqtt_config(), commands=commands,
                        devices=(Device("coffee machine", "switch", "tasmota", area="kitchen", topic=f"coffee_{site}"),),
                        plugins=PluginsConfig(disable=("espeak",)))
        microphone = FakeMicrophone()

        def voice_factory(hooks: VoiceHooks) -> VoiceFrontEnd:
            return microphone

        daemon = Daemon(config, voice_factory=voice_factory, command_rate_per_s=100.0, command_burst=100)
        runner = threading.Thread(target=daemon.run, name="test-daemon", daemon=True)
        runner.start()
        running.append((daemon, runner))
        assert daemon.wait_started(TIMEOUT_S), "the daemon started"
        assert daemon.wait_ready(TIMEOUT_S), "the daemon is ready: its command topic is subscribed"
        return daemon, microphone, site

    yield run
    for daemon, runner in running:
        daemon.stop()
        runner.join(TIMEOUT_S)


@pytest.fixture
def publisher(mosquitto: MosquittoBroker) -> Iterator[Callable[[str, Any], None]]:
    client = MqttClient(mosquitto.mqtt_config(), site=f"listen-publisher-{uuid.uuid4().hex[:8]}", availability=False)
    client.start()
    if not client.wait_connected(10.0):
        pytest.fail("the publishing client did not connect")

    def publish(topic: str, payload: Any) -> None:
        if not client.publish(topic, payload, qos=1).wait(10.0):
            pytest.fail(f"the broker did not acknowledge {topic}")

    yield publish
    client.stop()


def answered(recorder: MqttRecorder, site: str, request_id: str) -> Callable[[], bool]:
    return lambda: any(m.json().get("id") == request_id for m in recorder.messages(f"homeslm/{site}/intent"))


@pytest.mark.parametrize("commands", [
    pytest.param(CommandsConfig(), id="default-off"),
    pytest.param(CommandsConfig(enabled=False, remote_listen=True), id="commands-disabled"),
])
def test_the_listen_topic_opens_nothing_unless_opted_into(
    run_daemon: RunDaemon, publisher: Callable[[str, Any], None], mqtt_recorder: MqttRecorder,
    caplog: pytest.LogCaptureFixture, commands: CommandsConfig,
) -> None:
    caplog.set_level("INFO", logger="homeslm.daemon.remote_listen")
    daemon, microphone, site = run_daemon(commands)
    assert any(f"homeslm/{site}/listen is not subscribed" in r.getMessage() for r in caplog.records)
    assert daemon.mqtt is not None
    assert f"homeslm/{site}/listen" not in [sub.topic_filter for sub in daemon.mqtt._subscriptions]
    publisher(f"homeslm/{site}/listen", "")
    mqtt_recorder.wait_for(f"homeslm/{site}/listen", TIMEOUT_S)
    if commands.enabled:  # a command sent after the listen message is answered: the listen one went by
        publisher(f"homeslm/{site}/command", {"text": "turn on the coffee machine", "id": "after"})
        wait_until(answered(mqtt_recorder, site, "after"), "the command's answer")
    assert microphone.pushed == 0
    assert daemon._remote_listen.opened == 0 and daemon._remote_listen.refused == 0, "never reached the daemon"


def test_remote_listening_opens_the_microphone_at_most_once_per_interval_and_says_so(
    run_daemon: RunDaemon, publisher: Callable[[str, Any], None], mqtt_recorder: MqttRecorder,
) -> None:
    daemon, microphone, site = run_daemon(CommandsConfig(remote_listen=True, remote_listen_interval_s=3600.0))
    microphone_topic = f"homeslm/{site}/microphone"
    mqtt_recorder.wait_for(lambda m: m.topic == microphone_topic and m.json()["state"] == "ok", TIMEOUT_S)
    publisher(f"homeslm/{site}/listen", "")
    with microphone.changed:
        assert microphone.changed.wait_for(lambda: microphone.pushed == 1, TIMEOUT_S), "the microphone opened"
    opened = mqtt_recorder.wait_for(
        lambda m: m.topic == microphone_topic and "opened remotely" in m.json()["message"], TIMEOUT_S)
    assert opened.json()["state"] == "ok" and f"homeslm/{site}/listen" in opened.json()["message"]
    for _ in range(3):  # the attack of issue 18: the listen message repeated to read back the room
        publisher(f"homeslm/{site}/listen", "")
    wait_until(lambda: daemon._remote_listen.refused == 3, "the three requests too soon to be refused")
    assert microphone.pushed == 1 and daemon._remote_listen.opened == 1
