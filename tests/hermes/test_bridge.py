"""Rhasspy 2.5 / Hermes on the text and intent side (issue 17): a real daemon, model, plugins and broker;
``hermes/nlu/query`` in, Rhasspy's payloads out, checked key by key against rhasspy-hermes' documented
messages (``NluIntent``, ``NluIntentParsed``, ``NluIntentNotRecognized``)."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from homeslm.config.model import Config, Device, HermesConfig, PluginsConfig, Satellite
from homeslm.daemon.intake import TOO_OLD
from homeslm.daemon.runner import Daemon
from homeslm.mqtt import MqttClient
from homeslm.mqtt.inbox import Command
from homeslm.understanding.model import default_model_dir
from tests.conftest import MosquittoBroker, MqttRecorder, RecordedMessage

TIMEOUT_S = 60.0

pytestmark = pytest.mark.skipif(not (default_model_dir() / "model.bin").is_file(),
                                reason="the shipped intent model is not there yet")

#: rhasspy-hermes NluIntent's keys (``hermes/intent/<intentName>``), NluIntentParsed's and NluIntentNotRecognized's.
NLU_INTENT_KEYS = {"input", "intent", "siteId", "id", "slots", "sessionId", "customData", "asrTokens",
                   "asrConfidence", "rawInput", "wakewordId", "lang"}
INTENT_PARSED_KEYS = {"input", "intent", "siteId", "id", "slots", "sessionId"}
NOT_RECOGNIZED_KEYS = {"input", "siteId", "id", "customData", "sessionId"}
#: rhasspy-hermes Slot (camelCase, as dataclasses_json writes it) and its ``value`` (``{"kind", "value"}``).
SLOT_KEYS = {"entity", "slotName", "value", "rawValue", "confidence", "range"}


@pytest.fixture
def hub(mosquitto: MosquittoBroker) -> Iterator[Callable[..., tuple[Daemon, str]]]:
    if not mosquitto.running:
        mosquitto.start()
    running: list[tuple[Daemon, threading.Thread]] = []

    def start(hermes: HermesConfig, tag: str) -> tuple[Daemon, str]:
        config = Config(site=f"hub-{tag}", area="living room", areas=("living room", "kitchen"),
                        mqtt=mosquitto.mqtt_config(), hermes=hermes, plugins=PluginsConfig(disable=("espeak",)),
                        devices=(Device("coffee machine", "switch", "tasmota", area="living room", aliases=("espresso maker",),
                                        topic=f"coffee_{tag}"),
                                 Device("ceiling light", "light", "tasmota", area="kitchen", topic=f"kitchen_{tag}"),
                                 Device("ceiling light", "light", "tasmota", area="living room", topic=f"living_{tag}")))
        daemon = Daemon(config, command_rate_per_s=100.0, command_burst=100)
        runner = threading.Thread(target=daemon.run, name="test-hermes-hub", daemon=True)
        runner.start()
        running.append((daemon, runner))
        assert daemon.wait_started(TIMEOUT_S) and daemon.wait_ready(TIMEOUT_S), "the hub is ready"
        return daemon, config.site

    yield start
    for daemon, runner in running:
        daemon.stop()
        runner.join(TIMEOUT_S)


@pytest.fixture
def publish(mosquitto: MosquittoBroker) -> Iterator[Callable[[str, Any], None]]:
    client = MqttClient(mosquitto.mqtt_config(), site=f"hermes-pub-{uuid.uuid4().hex[:8]}", availability=False)
    client.start()
    assert client.wait_connected(10.0)

    def send(topic: str, payload: Any) -> None:
        assert client.publish(topic, payload, qos=1).wait(10.0), f"the broker took {topic}"

    yield send
    client.stop()


def with_id(request_id: str) -> Callable[[RecordedMessage], bool]:
    def match(m: RecordedMessage) -> bool:
        return m.topic.startswith("hermes/") and m.payload[:1] == b"{" and m.json().get("id") == request_id
    return match


def test_an_nlu_query_runs_and_is_answered_in_rhasspys_shape(
        hub: Callable[..., tuple[Daemon, str]], publish: Callable[[str, Any], None], mqtt_recorder: MqttRecorder) -> None:
    tag = uuid.uuid4().hex[:8]
    _, site = hub(HermesConfig(enabled=True), tag)
    publish("hermes/nlu/query", {"input": "turn on the espresso maker", "siteId": site, "id": "q-on", "sessionId": "s-1"})

    intent = mqtt_recorder.wait_for(lambda m: m.topic == "hermes/intent/TurnOn" and m.json()["id"] == "q-on", TIMEOUT_S).json()
    assert set(intent) == NLU_INTENT_KEYS
    assert intent["input"] == "turn on the espresso maker" and intent["siteId"] == site and intent["sessionId"] == "s-1"
    assert set(intent["intent"]) == {"intentName", "confidenceScore"} and intent["intent"]["intentName"] == "TurnOn"
    assert 0.0 < intent["intent"]["confidenceScore"] <= 1.0
    by_name = {s["slotName"]: s for s in intent["slots"]}
    assert all(set(s) == SLOT_KEYS for s in intent["slots"])
    device = by_name["device"]
    assert device["entity"] == "device" and device["value"] == {"kind": "Unknown", "value": "coffee machine"}
    assert device["rawValue"] == "espresso maker"  # the words said; value is the configured device
    assert device["range"] == {"start": 12, "end": 26, "rawStart": 12, "rawEnd": 26}
    assert by_name["domain"]["value"]["value"] == "switch"

    parsed = mqtt_recorder.wait_for(lambda m: m.topic == "hermes/nlu/intentParsed" and m.json()["id"] == "q-on", TIMEOUT_S).json()
    assert set(parsed) == INTENT_PARSED_KEYS and parsed["intent"] == intent["intent"] and parsed["slots"] == intent["slots"]
    power = mqtt_recorder.wait_for(f"cmnd/coffee_{tag}/POWER", TIMEOUT_S)
    assert power.payload.upper() == b"ON"
    assert not mqtt_recorder.messages("hermes/nlu/intentNotRecognized")


def test_a_query_not_understood_is_not_recognized_and_runs_nothing(
        hub: Callable[..., tuple[Daemon, str]], publish: Callable[[str, Any], None], mqtt_recorder: MqttRecorder) -> None:
    tag = uuid.uuid4().hex[:8]
    _, site = hub(HermesConfig(enabled=True), tag)
    publish("hermes/nlu/query", {"input": "turn on the dishwasher", "siteId": site, "id": "q-unknown"})
    publish("hermes/nlu/query", {"input": "what is the capital of france", "siteId": site, "id": "q-ood"})
    for request_id, text in (("q-unknown", "turn on the dishwasher"), ("q-ood", "what is the capital of france")):
        message = mqtt_recorder.wait_for(lambda m, r=request_id: m.topic == "hermes/nlu/intentNotRecognized"
                                         and m.json()["id"] == r, TIMEOUT_S).json()
        assert set(message) == NOT_RECOGNIZED_KEYS and message["input"] == text and message["siteId"] == site
    assert not mqtt_recorder.messages("hermes/intent/#") and not mqtt_recorder.messages("hermes/nlu/intentParsed")
    assert not mqtt_recorder.messages(f"cmnd/+_{tag}/#")


def test_queries_of_sites_not_served_are_ignored_and_a_satellite_has_its_own_room_and_followups(
        hub: Callable[..., tuple[Daemon, str]], publish: Callable[[str, Any], None], mqtt_recorder: MqttRecorder) -> None:
    tag = uuid.uuid4().hex[:8]
    satellite = f"kitchen-{tag}"
    # text only (audio=False): a satellite running its own recogniser, so no voice loop is built for it here
    _, site = hub(HermesConfig(enabled=True, audio=False, satellites=(Satellite(satellite, "kitchen"),)), tag)
    publish("hermes/nlu/query", {"input": "turn on the light", "siteId": f"elsewhere-{tag}", "id": "q-stranger"})
    publish("hermes/nlu/query", {"input": "turn on the light", "siteId": satellite, "id": "q-sat-on"})
    publish("hermes/nlu/query", {"input": "turn on the coffee machine", "siteId": site, "id": "q-hub-on"})
    publish("hermes/nlu/query", {"input": "turn it off", "siteId": satellite, "id": "q-sat-off"})
    off = mqtt_recorder.wait_for(lambda m: m.topic == "hermes/intent/TurnOff" and m.json()["id"] == "q-sat-off", TIMEOUT_S).json()
    assert off["siteId"] == satellite
    assert {s["slotName"]: s["value"]["value"] for s in off["slots"]}["device"] == "ceiling light"
    # the satellite's "light" is the kitchen's (its room), and its "it" is its own previous command, not the hub's
    kitchen = [m.payload.upper() for m in mqtt_recorder.wait_count(f"cmnd/kitchen_{tag}/POWER", 2, TIMEOUT_S)]
    assert kitchen == [b"ON", b"OFF"]
    assert [m.payload.upper() for m in mqtt_recorder.messages(f"cmnd/coffee_{tag}/POWER")] == [b"ON"]
    assert not mqtt_recorder.messages(f"cmnd/living_{tag}/#")
    answered = mqtt_recorder.wait_for(f"homeslm/{satellite}/response", TIMEOUT_S).json()
    assert answered["id"].startswith("hermes-")
    say = mqtt_recorder.wait_for("hermes/tts/say", TIMEOUT_S).json()
    assert say["siteId"] == satellite and set(say) == {"text", "lang", "id", "siteId", "sessionId", "volume"}
    assert not mqtt_recorder.messages(f"homeslm/elsewhere-{tag}/#")
    assert not [m for m in mqtt_recorder.messages("hermes/#") if m.topic != "hermes/nlu/query"
                and m.payload[:1] == b"{" and m.json().get("id") == "q-stranger"]


def test_hermes_is_off_by_default(
        hub: Callable[..., tuple[Daemon, str]], publish: Callable[[str, Any], None], mqtt_recorder: MqttRecorder) -> None:
    tag = uuid.uuid4().hex[:8]
    _, site = hub(HermesConfig(), tag)
    publish("hermes/nlu/query", {"input": "turn on the coffee machine", "siteId": site, "id": "q-off"})
    publish(f"homeslm/{site}/command", {"text": "turn off the coffee machine", "id": "after"})
    mqtt_recorder.wait_for(lambda m: m.topic == f"homeslm/{site}/intent" and m.json().get("id") == "after", TIMEOUT_S)
    assert [m.payload.upper() for m in mqtt_recorder.messages(f"cmnd/coffee_{tag}/POWER")] == [b"OFF"]
    assert not [m for m in mqtt_recorder.messages("hermes/#") if m.topic != "hermes/nlu/query"]


def test_what_a_satellites_command_leads_to_later_is_said_at_the_satellite_not_at_the_hub(
        hub: Callable[..., tuple[Daemon, str]], publish: Callable[[str, Any], None],
        mqtt_recorder: MqttRecorder) -> None:
    tag = uuid.uuid4().hex[:8]
    satellite = f"kitchen-pi-{tag}"
    daemon, site = hub(HermesConfig(enabled=True, audio=False, satellites=(Satellite(satellite, "kitchen"),)), tag)
    spoken: list[str] = []

    def speak(text: str) -> bool:  # the hub's loudspeaker (faked)
        spoken.append(text)
        return True

    daemon._speaker.say = speak  # type: ignore[method-assign]

    def said_at(where: str, text: str) -> Callable[[RecordedMessage], bool]:
        return lambda m: m.topic == "hermes/tts/say" and m.json()["siteId"] == where and text in m.json()["text"]

    # a timer started from the satellite ends there
    publish("hermes/nlu/query", {"input": "start a tea timer for 2 seconds", "siteId": satellite, "id": "q-tea"})
    mqtt_recorder.wait_for(said_at(satellite, "Tea timer set"), TIMEOUT_S)
    done = mqtt_recorder.wait_for(said_at(satellite, "tea timer is done"), TIMEOUT_S).json()
    assert done["id"] and set(done) >= {"text", "siteId", "sessionId", "lang"}
    mqtt_recorder.wait_for(lambda m: m.topic == f"homeslm/{satellite}/response"
                           and m.json()["text"] == "Your tea timer is done.", TIMEOUT_S)

    # a satellite's spoken command that waited too long is answered there, the hub's own at the hub
    stale = time.monotonic() - 2 * daemon.config.commands.max_age_s
    assert daemon._hermes is not None
    daemon._hermes.captured(satellite, "turn on the light", 0.9)  # what the satellite's loop does before queueing it
    started = mqtt_recorder.wait_for(lambda m: m.topic == "hermes/dialogueManager/sessionStarted"
                                     and m.json()["siteId"] == satellite, TIMEOUT_S).json()
    assert daemon.submit(Command(text="turn on the light", source="voice", area="kitchen", site=satellite,
                                 received_s=stale))
    mqtt_recorder.wait_for(said_at(satellite, "came too late"), TIMEOUT_S)
    ended = mqtt_recorder.wait_for(lambda m: m.topic == "hermes/dialogueManager/sessionEnded"
                                   and m.json()["siteId"] == satellite, TIMEOUT_S).json()
    assert ended["sessionId"] == started["sessionId"] and ended["termination"]["reason"] == "error"
    assert daemon.submit(Command(text="turn on the light", source="voice", site=site, received_s=stale))
    mqtt_recorder.wait_for(lambda m: m.topic == f"homeslm/{site}/response" and "too late" in m.json()["text"],
                           TIMEOUT_S)
    deadline = time.monotonic() + TIMEOUT_S
    while not spoken and time.monotonic() < deadline:  # the speaker is handed the answer right after it is published
        time.sleep(0.02)
    assert spoken == [TOO_OLD], "the hub said only its own site's answer"
    assert not [m for m in mqtt_recorder.messages("hermes/tts/say") if m.json()["siteId"] == site]
    assert not mqtt_recorder.messages(f"cmnd/+_{tag}/POWER"), "nothing that came too late ran"
