"""Home Assistant MQTT discovery of homeslm itself (issue 17 item 3): a real daemon and broker; the configs
checked against Home Assistant's discovery schema for each component used; the mute switch really mutes the
voice front end (faked: the microphone); a site removed from the config has its announcements removed."""

from __future__ import annotations

import dataclasses
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from homeslm.config.model import CommandsConfig, Config, HermesConfig, HomeAssistantConfig, PluginsConfig, Satellite
from homeslm.daemon.runner import Daemon
from homeslm.mqtt import MqttClient
from homeslm.mqtt.ha_discovery import discovery_messages
from homeslm.understanding.model import default_model_dir
from homeslm.voice.asr.base import Recognizer
from homeslm.voice.link import VoiceFrontEnd, VoiceHooks
from tests.conftest import MosquittoBroker, MqttRecorder

TIMEOUT_S = 60.0

pytestmark = pytest.mark.skipif(not (default_model_dir() / "model.bin").is_file(),
                                reason="the shipped intent model is not there yet")

#: Home Assistant's MQTT discovery: what each component used requires, and what every entity here carries.
REQUIRED = {"binary_sensor": {"state_topic"}, "sensor": {"state_topic"}, "switch": {"command_topic"},
            "button": {"command_topic"}}
COMMON = {"name", "unique_id", "device", "availability_topic", "payload_available", "payload_not_available"}
#: Keys of the MQTT integration's schemas for these components (full names: no abbreviations are used).
ALLOWED = COMMON | {"object_id", "icon", "entity_category", "state_topic", "value_template", "device_class",
                    "payload_on", "payload_off", "command_topic", "payload_press"}
DEVICE_KEYS = {"identifiers", "name", "manufacturer", "model", "sw_version", "suggested_area", "via_device"}


class FakeMicrophone:
    """The voice front end, faked: records whether it is muted."""

    def __init__(self) -> None:
        self.muted = False

    def start(self) -> None: ...

    def stop(self, timeout_s: float = 5.0) -> None: ...

    def push_to_talk(self) -> None: ...

    def mute(self) -> None:
        self.muted = True

    def unmute(self, followup: bool = True) -> None:
        self.muted = False

    def replace_recognizer(self, recognizer: Recognizer) -> None: ...


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.fixture
def run_hub(mosquitto: MosquittoBroker) -> Iterator[Callable[[Config], tuple[Daemon, FakeMicrophone]]]:
    if not mosquitto.running:
        mosquitto.start()
    running: list[tuple[Daemon, threading.Thread]] = []

    def run(config: Config) -> tuple[Daemon, FakeMicrophone]:
        microphone = FakeMicrophone()

        def voice_factory(hooks: VoiceHooks) -> VoiceFrontEnd:
            return microphone

        daemon = Daemon(config, voice_factory=voice_factory)
        runner = threading.Thread(target=daemon.run, name="test-ha-hub", daemon=True)
        runner.start()
        running.append((daemon, runner))
        assert daemon.wait_started(TIMEOUT_S) and daemon.wait_ready(TIMEOUT_S)
        return daemon, microphone

    yield run
    for daemon, runner in running:
        daemon.stop()
        runner.join(TIMEOUT_S)


def hub_config(mosquitto: MosquittoBroker, site: str, satellites: tuple[Satellite, ...]) -> Config:
    return Config(site=site, area="living room", areas=("living room", "kitchen"), mqtt=mosquitto.mqtt_config(),
                  plugins=PluginsConfig(disable=("espeak",)), commands=CommandsConfig(remote_listen=True),
                  hermes=HermesConfig(enabled=True, audio=False, satellites=satellites),  # discovery only: no voice loops
                  homeassistant=HomeAssistantConfig(discovery=True, prefix=f"ha-{site}"))


def test_each_site_is_announced_as_a_device_following_the_discovery_schema(
        mosquitto: MosquittoBroker, run_hub: Callable[[Config], tuple[Daemon, FakeMicrophone]],
        mqtt_recorder: MqttRecorder, mqtt_recorder_factory: Callable[..., MqttRecorder]) -> None:
    site = f"hub-{uuid.uuid4().hex[:8]}"
    config = hub_config(mosquitto, site, (Satellite(f"{site}-kitchen", "kitchen"),))
    run_hub(config)
    expected = discovery_messages(config)
    assert len(expected) == 2 * 3 + 2  # status, transcript, response per site; mute and listen for the hub's
    mqtt_recorder.wait_count(f"ha-{site}/#", len(expected), TIMEOUT_S)
    late = mqtt_recorder_factory(mosquitto)  # subscribes after: gets what is retained, flagged so
    found = {m.topic: m for m in late.wait_count(f"ha-{site}/#", len(expected), TIMEOUT_S)}
    assert set(found) == set(expected)
    unique_ids = set()
    for topic, message in found.items():
        assert message.retain, f"{topic} is retained"
        component = topic.split("/")[1]
        payload = message.json()
        assert REQUIRED[component] <= set(payload), f"{topic} has what {component} requires"
        assert COMMON <= set(payload) <= ALLOWED, f"{topic}: {sorted(set(payload) - ALLOWED)}"
        assert set(payload["device"]) <= DEVICE_KEYS and payload["device"]["identifiers"]
        assert payload["availability_topic"] == f"homeslm/{site}/status"
        unique_ids.add(payload["unique_id"])
    assert len(unique_ids) == len(found)
    devices = {json.dumps(m.json()["device"]["identifiers"]) for m in found.values()}
    assert len(devices) == 2  # one device per site
    status = found[f"ha-{site}/binary_sensor/homeslm_{site.replace('-', '-')}/{site}_status/config"].json()
    assert status["state_topic"] == f"homeslm/{site}/status" and status["device_class"] == "connectivity"
    kitchen = found[f"ha-{site}/sensor/homeslm_{site}/{site}-kitchen_transcript/config"].json()
    assert kitchen["state_topic"] == f"homeslm/{site}-kitchen/transcript"
    assert kitchen["device"]["suggested_area"] == "Kitchen" and kitchen["device"]["via_device"] == f"homeslm_{site}"


def test_the_mute_switch_really_mutes_the_microphone_and_reports_its_state(
        mosquitto: MosquittoBroker, run_hub: Callable[[Config], tuple[Daemon, FakeMicrophone]],
        mqtt_recorder: MqttRecorder) -> None:
    site = f"hub-{uuid.uuid4().hex[:8]}"
    daemon, microphone = run_hub(hub_config(mosquitto, site, ()))
    mqtt_recorder.wait_for(lambda m: m.topic == f"homeslm/{site}/mute" and m.payload == b"OFF", TIMEOUT_S)
    client = MqttClient(mosquitto.mqtt_config(), site=f"ha-{uuid.uuid4().hex[:8]}", availability=False)
    client.start()
    try:
        assert client.wait_connected(10.0)
        assert client.publish(f"homeslm/{site}/mute/set", "ON", qos=1).wait(10.0)
        mqtt_recorder.wait_for(lambda m: m.topic == f"homeslm/{site}/mute" and m.payload == b"ON", TIMEOUT_S)
        assert microphone.muted
        daemon._speak_now("Turning on the light.")  # an answer spoken meanwhile does not unmute it
        assert microphone.muted
        assert client.publish(f"homeslm/{site}/mute/set", "OFF", qos=1).wait(10.0)
        wait_until(lambda: not microphone.muted, "the microphone unmuted")
    finally:
        client.stop()


def test_a_site_removed_from_the_config_is_removed_from_home_assistant(
        mosquitto: MosquittoBroker, run_hub: Callable[[Config], tuple[Daemon, FakeMicrophone]],
        mqtt_recorder: MqttRecorder, mqtt_recorder_factory: Callable[..., MqttRecorder]) -> None:
    site = f"hub-{uuid.uuid4().hex[:8]}"
    before = hub_config(mosquitto, site, (Satellite(f"{site}-kitchen", "kitchen"),))
    daemon, _ = run_hub(before)
    mqtt_recorder.wait_count(f"ha-{site}/#", len(discovery_messages(before)), TIMEOUT_S)
    daemon.stop()
    after = hub_config(mosquitto, site, ())
    run_hub(after)  # a restart without the satellite: its retained configs are cleared
    gone = [t for t in discovery_messages(before) if t not in discovery_messages(after)]
    assert len(gone) == 3
    for topic in gone:
        mqtt_recorder.wait_for(lambda m, t=topic: m.topic == t and m.payload == b"", TIMEOUT_S)
    late = mqtt_recorder_factory(mosquitto)  # what Home Assistant finds when it connects now
    kept = late.wait_count(f"ha-{site}/#", len(discovery_messages(after)), TIMEOUT_S)
    assert {m.topic for m in kept} == set(discovery_messages(after)) and all(m.retain and m.payload for m in kept)


def test_a_satellite_heard_by_the_hub_has_its_own_status_mute_switch_and_listen_button() -> None:
    """The configs themselves (a real daemon announcing them is above; tests/hermes/test_sites.py drives the
    switch, the button and the status of a streaming satellite)."""
    config = Config(site="hub", area="living room", areas=("living room", "kitchen"),
                    commands=CommandsConfig(remote_listen=True),
                    hermes=HermesConfig(enabled=True, audio=True, satellites=(Satellite("kitchen-pi", "kitchen"),)),
                    homeassistant=HomeAssistantConfig(discovery=True))
    found = discovery_messages(config)
    assert len(found) == 2 * 5  # status, transcript, response, mute and listen per site
    for topic, payload in found.items():
        component = topic.split("/")[1]
        assert REQUIRED[component] <= set(payload) and COMMON <= set(payload) <= ALLOWED, topic
    node = "homeassistant/{}/homeslm_hub/kitchen-pi_{}/config"
    status = found[node.format("binary_sensor", "status")]
    assert (status["state_topic"], status["value_template"], status["payload_on"], status["payload_off"]) == \
        ("homeslm/kitchen-pi/microphone", "{{ value_json.state }}", "ok", "lost")
    assert found[node.format("switch", "mute")]["command_topic"] == "homeslm/kitchen-pi/mute/set"
    assert found[node.format("switch", "mute")]["state_topic"] == "homeslm/kitchen-pi/mute"
    assert found[node.format("button", "listen")]["command_topic"] == "homeslm/kitchen-pi/listen"
    without = dataclasses.replace(config, commands=CommandsConfig(remote_listen=False))
    assert not [t for t in discovery_messages(without) if "/button/" in t], "the listen button is opt-in"
    text_only = dataclasses.replace(config, hermes=dataclasses.replace(config.hermes, audio=False))
    assert discovery_messages(text_only)[node.format("binary_sensor", "status")]["state_topic"] == "homeslm/hub/status"
    assert not [t for t in discovery_messages(text_only) if "kitchen-pi_mute" in t or "kitchen-pi_listen" in t]
