"""Hermes satellites streaming audio to a hub (issue 17 item 1): a real daemon, model, recogniser, wake engine,
plugins and broker; simulated Rhasspy 2.5 satellites (:mod:`homeslm.benchmarks.sites.simulated`) stream
espeak-ng speech over a noise floor as WAV ``audioFrame`` chunks in real time and play the ``playBytes``
answers they get."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import numpy as np
import pytest

from homeslm.benchmarks.sites.simulated import SimulatedSatellite
from homeslm.config.model import CommandsConfig, Config, Device, HermesConfig, HomeAssistantConfig, Satellite
from homeslm.daemon.runner import Daemon
from homeslm.hermes.audio_frames import decode_wav
from homeslm.mqtt import MqttClient
from homeslm.understanding.model import default_model_dir
from tests import audio_synth
from tests.audio_synth import concat, synth
from tests.conftest import MosquittoBroker, MqttRecorder, RecordedMessage

TIMEOUT_S = 60.0

pytestmark = [
    pytest.mark.skipif(not (default_model_dir() / "model.bin").is_file(), reason="the shipped intent model is not there yet"),
    pytest.mark.skipif(not audio_synth.have_espeak(), reason="espeak-ng and sox synthesise the speech"),
]

SITES = {"kitchen-pi": "kitchen", "bedroom-pi": "bedroom"}


#: The pocketsphinx hub's voice settings: the clips were chosen with them.
POCKETSPHINX = {"lm_sentences": 3000, "recognizer": "pocketsphinx", "vad": "energy"}


@pytest.fixture
def hub(mosquitto: MosquittoBroker) -> Iterator[Callable[..., tuple[Daemon, str]]]:
    pytest.importorskip("pocketsphinx")
    if not mosquitto.running:
        mosquitto.start()
    running: list[tuple[Daemon, threading.Thread]] = []

    def start(tag: str, voice: dict[str, object] | None = None, sites: dict[str, str] | None = None) -> tuple[Daemon, str]:
        sites = SITES if sites is None else sites
        rooms = [a for a in dict.fromkeys(sites.values()) if a not in ("kitchen", "bedroom")]  # the den, when asked
        config = Config(
            site=f"hub-{tag}", area="living room", areas=("living room", "kitchen", "bedroom", *rooms),
            mqtt=mosquitto.mqtt_config(), commands=CommandsConfig(remote_listen=True, remote_listen_interval_s=0.0),
            homeassistant=HomeAssistantConfig(discovery=True, prefix=f"ha-{tag}"),  # the mute switches
            hermes=HermesConfig(enabled=True, stream_timeout_s=1.0,
                                satellites=tuple(Satellite(f"{s}-{tag}", a) for s, a in sites.items())),
            devices=(Device("ceiling light", "light", "tasmota", area="kitchen", topic=f"kitchen_{tag}"),
                     Device("ceiling light", "light", "tasmota", area="bedroom", topic=f"bedroom_{tag}"),
                     Device("ceiling light", "light", "tasmota", area="living room", topic=f"living_{tag}"),
                     *(Device("ceiling light", "light", "tasmota", area=a, topic=f"{a}_{tag}") for a in rooms)),
            voice=POCKETSPHINX if voice is None else voice)
        daemon = Daemon(config, command_rate_per_s=100.0, command_burst=100)
        runner = threading.Thread(target=daemon.run, name="test-satellite-hub", daemon=True)
        runner.start()
        running.append((daemon, runner))
        assert daemon.wait_started(TIMEOUT_S) and daemon.wait_ready(TIMEOUT_S), "the hub is ready"
        assert daemon.satellites is not None and daemon.satellites.sites == {f"{s}-{tag}" for s in sites}
        return daemon, tag

    yield start
    for daemon, runner in running:
        daemon.stop()
        runner.join(TIMEOUT_S)


@pytest.fixture
def satellites(mosquitto: MosquittoBroker) -> Iterator[Callable[..., SimulatedSatellite]]:
    made: list[SimulatedSatellite] = []

    def make(site_id: str, **kwargs: object) -> SimulatedSatellite:
        sat = SimulatedSatellite(mosquitto.mqtt_config(), site_id, seed=len(made), **kwargs)  # type: ignore[arg-type]
        sat.start()
        made.append(sat)
        return sat

    yield make
    for sat in made:
        sat.stop()


def woken(command: str, voice: str = "en-us") -> np.ndarray:
    """The wake phrase, then ``command``, then the room's noise long enough for the end of speech."""
    return concat([synth("computer", voice, tail_s=0.2), synth(command, voice, lead_s=0.1, tail_s=1.5)])


def power(recorder: MqttRecorder, topic: str) -> list[str]:
    return [m.text.strip().upper() for m in recorder.messages(f"cmnd/{topic}/POWER")]


def test_two_satellites_at_once_each_run_in_their_own_room_with_their_own_followups(
        hub: Callable[..., tuple[Daemon, str]], satellites: Callable[..., SimulatedSatellite],
        mqtt_recorder: MqttRecorder) -> None:
    daemon, tag = hub("two")
    kitchen, bedroom = satellites(f"kitchen-pi-{tag}"), satellites(f"bedroom-pi-{tag}")
    # both say the same words at the same time: only the room of the satellite that heard them decides
    kitchen.say(woken("turn on the light"))
    bedroom.say(woken("turn on the light", "en-gb"))

    def on(topic: str) -> Callable[[RecordedMessage], bool]:
        return lambda m: m.topic == f"cmnd/{topic}/POWER" and m.text.strip().upper() == "ON"

    mqtt_recorder.wait_for(on(f"kitchen_{tag}"), TIMEOUT_S)
    mqtt_recorder.wait_for(on(f"bedroom_{tag}"), TIMEOUT_S)
    for sat in (kitchen, bedroom):
        played = sat.wait_played(1, TIMEOUT_S)
        assert played, f"{sat.site_id} got its answer as playBytes"
        assert len(decode_wav(played[0].wav).samples) > 8000, "the answer is speech, as a WAV file"
        captured = mqtt_recorder.wait_for(lambda m, s=sat.site_id: m.topic == "hermes/asr/textCaptured"
                                          and m.json()["siteId"] == s, TIMEOUT_S).json()
        assert "light" in captured["text"]
        say = mqtt_recorder.wait_for(lambda m, s=sat.site_id: m.topic == "hermes/tts/say" and m.json()["siteId"] == s,
                                     TIMEOUT_S).json()
        assert say["text"]
    assert not mqtt_recorder.messages(f"cmnd/living_{tag}/#"), "the hub's own room was never meant"
    for sat in (kitchen, bedroom):  # the recorder's copy may arrive after the satellite's own
        mqtt_recorder.wait_for(lambda m, s=sat.site_id: m.topic.startswith(f"hermes/audioServer/{s}/playBytes/"),
                               TIMEOUT_S)
    assert {m.topic.split("/")[2] for m in mqtt_recorder.messages("hermes/audioServer/+/playBytes/+")} == \
        {kitchen.site_id, bedroom.site_id}, "each answer went to the satellite that spoke"

    # follow-ups, without the wake phrase (the window opens once the answer was played), at the same time
    kitchen.say(synth("switch it off", "en-us", lead_s=0.3, tail_s=1.5))
    bedroom.say(synth("switch it off", "en-gb", lead_s=0.3, tail_s=1.5))

    def off(topic: str) -> Callable[[RecordedMessage], bool]:
        return lambda m: m.topic == f"cmnd/{topic}/POWER" and m.text.strip().upper() == "OFF"

    mqtt_recorder.wait_for(off(f"kitchen_{tag}"), TIMEOUT_S)
    mqtt_recorder.wait_for(off(f"bedroom_{tag}"), TIMEOUT_S)
    assert power(mqtt_recorder, f"kitchen_{tag}") == ["ON", "OFF"]
    assert power(mqtt_recorder, f"bedroom_{tag}") == ["ON", "OFF"]
    assert not mqtt_recorder.messages(f"cmnd/living_{tag}/#")


def test_a_satellite_that_stops_streaming_mid_utterance_is_timed_out_cleanly(
        hub: Callable[..., tuple[Daemon, str]], satellites: Callable[..., SimulatedSatellite],
        mqtt_recorder: MqttRecorder) -> None:
    daemon, tag = hub("stall")
    site = f"kitchen-pi-{tag}"
    kitchen = satellites(site)
    cut = woken("turn on the light")
    half = cut[: len(cut) // 2 + 4000]  # the wake phrase and the start of the command, then nothing
    spoken = kitchen.say(half)
    started = mqtt_recorder.wait_for(lambda m: m.topic == "hermes/dialogueManager/sessionStarted"
                                     and m.json()["siteId"] == site, TIMEOUT_S).json()
    assert spoken.sent.wait(TIMEOUT_S)
    kitchen.stop_streaming()
    ended = mqtt_recorder.wait_for(lambda m: m.topic == "hermes/dialogueManager/sessionEnded"
                                   and m.json()["siteId"] == site, TIMEOUT_S).json()
    assert ended["sessionId"] == started["sessionId"] and ended["termination"]["reason"] == "timeout"
    lost = mqtt_recorder.wait_for(lambda m: m.topic == f"homeslm/{site}/microphone" and m.json()["state"] == "lost"
                                  and "yet" not in m.json()["message"], TIMEOUT_S)  # not the one before its first frame
    assert daemon.satellites is not None and daemon.satellites.timeouts == 1
    assert not mqtt_recorder.messages("hermes/asr/textCaptured"), "nothing half heard was recognised"
    assert not mqtt_recorder.messages(f"cmnd/+_{tag}/POWER")

    # the satellite comes back: the site is heard again, from a clean start
    kitchen.resume_streaming()
    mqtt_recorder.wait_for(lambda m: m.topic == f"homeslm/{site}/microphone" and m.json()["state"] == "ok"
                           and m.received_at > lost.received_at, TIMEOUT_S)
    kitchen.say(woken("turn on the light"))
    mqtt_recorder.wait_for(lambda m: m.topic == f"cmnd/kitchen_{tag}/POWER", TIMEOUT_S)
    assert power(mqtt_recorder, f"kitchen_{tag}") == ["ON"]


def test_home_assistants_mute_switch_and_listen_button_act_on_that_satellite_only(
        hub: Callable[..., tuple[Daemon, str]], satellites: Callable[..., SimulatedSatellite],
        mosquitto: MosquittoBroker, mqtt_recorder: MqttRecorder) -> None:
    daemon, tag = hub("ha")
    site = f"kitchen-pi-{tag}"
    mqtt_recorder.wait_for(lambda m: m.topic == f"homeslm/{site}/microphone" and m.json()["state"] == "lost",
                           TIMEOUT_S)  # its status before any frame came
    kitchen = satellites(site)
    mqtt_recorder.wait_for(lambda m: m.topic == f"homeslm/{site}/microphone" and m.json()["state"] == "ok", TIMEOUT_S)
    switch = MqttClient(mosquitto.mqtt_config(), site=f"ha-{tag}", availability=False)
    switch.start()
    try:
        assert switch.wait_connected(10.0)
        assert switch.publish(f"homeslm/{site}/mute/set", "ON", qos=1).wait(10.0)
        on = mqtt_recorder.wait_for(lambda m: m.topic == f"homeslm/{site}/mute" and m.payload == b"ON", TIMEOUT_S)
        muted = kitchen.say(woken("turn on the light"))
        assert muted.sent.wait(TIMEOUT_S)
        kitchen.stop_streaming()  # "lost" is said only once the loop read every frame: all of the muted command
        mqtt_recorder.wait_for(lambda m: m.topic == f"homeslm/{site}/microphone" and m.json()["state"] == "lost"
                               and "yet" not in m.json()["message"], TIMEOUT_S)
        assert not mqtt_recorder.messages(f"cmnd/kitchen_{tag}/POWER"), "a muted satellite is not heard"
        assert not [m for m in mqtt_recorder.messages("hermes/dialogueManager/sessionStarted")
                    if m.json()["siteId"] == site], "not even its wake phrase"

        assert switch.publish(f"homeslm/{site}/mute/set", "OFF", qos=1).wait(10.0)
        mqtt_recorder.wait_for(lambda m: m.topic == f"homeslm/{site}/mute" and m.payload == b"OFF"
                               and m.received_at > on.received_at, TIMEOUT_S)
        kitchen.resume_streaming()
        # the listen button: push-to-talk at that satellite, no wake phrase
        assert switch.publish(f"homeslm/{site}/listen", "listen", qos=1).wait(10.0)
        mqtt_recorder.wait_for(lambda m: m.topic == "hermes/dialogueManager/sessionStarted"
                               and m.json()["siteId"] == site, TIMEOUT_S)
        kitchen.say(synth("turn on the light", "en-us", lead_s=0.3, tail_s=1.5))
        mqtt_recorder.wait_for(lambda m: m.topic == f"cmnd/kitchen_{tag}/POWER", TIMEOUT_S)
    finally:
        switch.stop()
    assert power(mqtt_recorder, f"kitchen_{tag}") == ["ON"]
    assert not mqtt_recorder.messages(f"cmnd/bedroom_{tag}/#") and not mqtt_recorder.messages(f"cmnd/living_{tag}/#")


def test_a_whisper_hub_shares_one_model_hears_two_satellites_at_once_and_a_third_failing_stops_neither(
        hub: Callable[..., tuple[Daemon, str]], satellites: Callable[..., SimulatedSatellite],
        mqtt_recorder: MqttRecorder) -> None:
    pytest.importorskip("ctranslate2")
    from homeslm.voice.asr.whisper import WhisperRecognizer

    daemon, tag = hub("whisper", voice={"lm_sentences": 3000, "recognizer": "whisper", "vad": "energy"},
                      sites={**SITES, "den-pi": "den"})
    assert daemon.satellites is not None
    # Whisper is the first opinion, pocketsphinx hears alongside (voice.second_opinion: auto)
    recognizers = [getattr(r, "primary", r) for r in
                   (daemon.satellites.loop(f"{s}-{tag}").recognizer for s in ("kitchen-pi", "bedroom-pi", "den-pi"))]
    if not all(isinstance(r, WhisperRecognizer) for r in recognizers):
        pytest.skip("Whisper tiny.en is not installed (the hub fell back to pocketsphinx)")
    assert len({id(r) for r in recognizers}) == 3, "a recogniser per satellite"
    assert len({id(r.model) for r in recognizers if isinstance(r, WhisperRecognizer)}) == 1, "one model for all"
    assert len({id(r.scorer) for r in recognizers if isinstance(r, WhisperRecognizer)}) == 1, "one home LM for all"

    kitchen, bedroom, den = (satellites(f"{s}-{tag}") for s in ("kitchen-pi", "bedroom-pi", "den-pi"))
    cut = woken("turn on the light")
    spoken = den.say(cut[: len(cut) // 2 + 4000])  # the den's satellite breaks off in the middle of its command
    kitchen.say(woken("turn on the light"))  # the other two speak at the same time: other words in each room
    bedroom.say(woken("turn off the light", "en-us+m3"))
    assert spoken.sent.wait(TIMEOUT_S)
    den.stop_streaming()

    mqtt_recorder.wait_for(lambda m: m.topic == f"cmnd/kitchen_{tag}/POWER", TIMEOUT_S)
    mqtt_recorder.wait_for(lambda m: m.topic == f"cmnd/bedroom_{tag}/POWER", TIMEOUT_S)
    ended = mqtt_recorder.wait_for(lambda m: m.topic == "hermes/dialogueManager/sessionEnded"
                                   and m.json()["siteId"] == den.site_id, TIMEOUT_S).json()
    assert ended["termination"]["reason"] == "timeout"
    for sat in (kitchen, bedroom):
        assert sat.wait_played(1, TIMEOUT_S), f"{sat.site_id} got its answer"
    assert power(mqtt_recorder, f"kitchen_{tag}") == ["ON"] and power(mqtt_recorder, f"bedroom_{tag}") == ["OFF"]
    assert not mqtt_recorder.messages(f"cmnd/den_{tag}/#") and not mqtt_recorder.messages(f"cmnd/living_{tag}/#")
    assert {m.json()["siteId"] for m in mqtt_recorder.messages("hermes/asr/textCaptured")} == \
        {kitchen.site_id, bedroom.site_id}, "the den's half command was never recognised"
