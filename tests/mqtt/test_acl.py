"""The Mosquitto ACL of docs/service.md ("Threat model"), ``config/mosquitto-acl.conf``, on a real mosquitto
started with that ``acl_file`` and a password file (issue 18): each user can do what the file says and
nothing else; above all, a user without rights cannot publish a command or open a microphone.

A publish the ACL refuses is dropped silently by the broker; mosquitto handles one client's messages
in order and routes each before acknowledging it, so a refused message sent (and acknowledged) before an
allowed marker would reach the watcher before that marker: once the marker is seen, its absence is proof.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from homeslm.mqtt import MqttClient
from tests.conftest import MosquittoBroker, MqttRecorder

REPO = Path(__file__).resolve().parents[2]
ACL_FILE = REPO / "config" / "mosquitto-acl.conf"
USERS = {"homeslm": "pw-homeslm", "homeassistant": "pw-ha", "satellite-kitchen": "pw-satellite", "guest": "pw-guest"}
TIMEOUT_S = 30.0

Publish = Callable[[str, str, str], None]


@pytest.fixture
def acl_broker(tmp_path: Path) -> Iterator[MosquittoBroker]:
    broker = MosquittoBroker(tmp_path / "acl-broker", users=USERS, persistence=False)
    broker.config_file.write_text(broker.config_file.read_text() + f"acl_file {ACL_FILE}\n")
    broker.start()
    yield broker
    broker.stop()


@pytest.fixture
def publish(acl_broker: MosquittoBroker) -> Iterator[Publish]:
    """``publish(user, topic, text)``: as that user, QoS 1, waiting for the broker's acknowledgement."""
    clients: dict[str, MqttClient] = {}

    def send(user: str, topic: str, text: str) -> None:
        client = clients.get(user)
        if client is None:
            client = MqttClient(acl_broker.mqtt_config(username=user, password=USERS[user]),
                                site=f"acl-{user}-{uuid.uuid4().hex[:6]}", availability=False)
            client.start()
            clients[user] = client
            if not client.wait_connected(TIMEOUT_S):
                pytest.fail(f"{user} could not connect to the broker:\n{acl_broker.log_tail()}")
        client.publish(topic, text, qos=1).wait(TIMEOUT_S)  # refused or not, the broker acknowledges it

    yield send
    for client in clients.values():
        client.stop()


def seen(recorder: MqttRecorder, topic: str, marker: str) -> list[str]:
    """Wait for ``marker`` on ``topic``; the texts the recorder got there, in order."""
    recorder.wait_for(lambda m: m.topic == topic and m.text == marker, TIMEOUT_S)
    return [m.text for m in recorder.messages(topic)]


def test_the_acl_file_is_the_one_docs_service_md_gives() -> None:
    assert "config/mosquitto-acl.conf" in (REPO / "docs" / "service.md").read_text(encoding="utf-8")


def test_a_user_without_rights_cannot_publish_commands_or_open_the_microphone(
    acl_broker: MosquittoBroker, publish: Publish, mqtt_recorder_factory: Callable[..., MqttRecorder],
) -> None:
    watcher = mqtt_recorder_factory(acl_broker, username="homeslm", password=USERS["homeslm"], topic_filter="homeslm/#")
    command, listen = "homeslm/kitchen/command", "homeslm/kitchen/listen"
    publish("guest", command, "guest: unlock the front door")
    publish("guest", listen, "guest: listen")
    publish("homeassistant", listen, "homeassistant: listen")  # Home Assistant commands, never listens
    publish("satellite-kitchen", "homeslm/living-room/command", "satellite: another site")
    publish("satellite-kitchen", "homeslm/living-room/listen", "satellite: another site's microphone")
    publish("guest", "homeslm/kitchen/response", "guest: a forged answer")
    publish("homeassistant", command, "homeassistant: allowed")
    publish("satellite-kitchen", listen, "satellite: allowed")
    assert seen(watcher, command, "homeassistant: allowed") == ["homeassistant: allowed"]
    assert seen(watcher, listen, "satellite: allowed") == ["satellite: allowed"]
    publish("satellite-kitchen", command, "satellite: own site")
    assert seen(watcher, command, "satellite: own site") == ["homeassistant: allowed", "satellite: own site"]
    assert watcher.messages("homeslm/living-room/#") == [] and watcher.messages("homeslm/kitchen/response") == []


def test_home_assistant_reads_the_answers_but_not_what_the_microphone_hears(
    acl_broker: MosquittoBroker, publish: Publish, mqtt_recorder_factory: Callable[..., MqttRecorder],
) -> None:
    home_assistant = mqtt_recorder_factory(acl_broker, username="homeassistant", password=USERS["homeassistant"],
                                           topic_filter="homeslm/#")
    guest = mqtt_recorder_factory(acl_broker, username="guest", password=USERS["guest"], topic_filter="homeslm/#")
    for kind in ("partial", "transcript", "response"):  # the daemon, as user homeslm, publishes them
        publish("homeslm", f"homeslm/kitchen/{kind}", f"{kind} text")
    publish("homeslm", "homeslm/kitchen/command", "marker")  # homeslm may also write commands (the CLI)
    assert seen(home_assistant, "homeslm/kitchen/response", "response text") == ["response text"]
    got = [m.topic for m in home_assistant.messages("homeslm/#")]
    assert got == ["homeslm/kitchen/response"], got
    publish("homeslm", "homeslm/kitchen/status", "online")
    seen(home_assistant, "homeslm/kitchen/status", "online")
    assert guest.messages("homeslm/#") == [], "a user without rights reads nothing"
