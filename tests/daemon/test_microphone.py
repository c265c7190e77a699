"""The daemon reports its microphone on ``homeslm/<site>/microphone`` (retained) while it keeps running.

The daemon runs in-process with the real model, plugins and broker; only the microphone is faked, at
the PortAudio seam (``tests/voice/test_audio.py``'s USB microphone that can be unplugged).
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from homeslm.voice.audio import MicrophoneSource
from homeslm.config.model import Config, Device, PluginsConfig
from homeslm.daemon.runner import Daemon
from homeslm.understanding.model import default_model_dir
from homeslm.daemon.build import speech_engines
from homeslm.voice.loop import VoiceLoop
from homeslm.voice.link import VoiceFrontEnd, VoiceHooks
from tests.conftest import MosquittoBroker, MqttRecorder
from tests.voice.test_audio import FakeBackend

TIMEOUT_S = 30.0


@pytest.mark.skipif(not (default_model_dir() / "model.bin").is_file(), reason="the shipped intent model is not there yet")
def test_unplugged_microphone_is_published_and_the_daemon_goes_on(mosquitto: MosquittoBroker,
                                                                   mqtt_recorder: MqttRecorder) -> None:
    pytest.importorskip("pocketsphinx")
    if not mosquitto.running:
        mosquitto.start()
    site = "test-microphone"
    config = Config(site=site, mqtt=mosquitto.mqtt_config(),
                    devices=(Device("coffee machine", "switch", "coffee", area="kitchen", topic="kitchen/coffee"),),
                    plugins=PluginsConfig(disable=("espeak",)),
                    voice={"recognizer": "coffee", "wake_phrase": None})
    backend = FakeBackend()
    given: list[VoiceHooks] = []

    def voice_factory(hooks: VoiceHooks) -> VoiceFrontEnd:
        given.append(hooks)
        recognizer = speech_engines(hooks.config, hooks.plugin_manager).make_recognizer()
        mic = MicrophoneSource("USB PnP", backend=backend, on_status=hooks.on_status, retry_s=0.05, stall_s=0.3)
        return VoiceLoop(mic, None, recognizer, lambda t: hooks.submit(t.text, t.confidence), hooks.on_partial,
                         followup_s=0)

    daemon = Daemon(config, voice_factory=voice_factory)
    runner = threading.Thread(target=daemon.run, name="test-daemon", daemon=True)
    runner.start()
    try:
        assert daemon.wait_started(TIMEOUT_S), "the daemon started"
        assert given[0].plugin_manager is daemon.pm, "the engines come from the daemon's own plugins"
        topic = f"homeslm/{site}/microphone"

        def state_after(state: str, index: int) -> Any:
            return mqtt_recorder.wait_for(
                lambda m: m.topic == topic and m.json()["state"] == state
                and mqtt_recorder.messages(topic).index(m) > index, TIMEOUT_S)

        ok = state_after("ok", -1)
        backend.present.clear()  # unplugged
        lost = state_after("lost", mqtt_recorder.messages(topic).index(ok))
        assert "USB PnP" in lost.json()["message"]
        assert daemon.voice is not None, "the voice front end keeps running, waiting for the device"
        backend.present.set()  # plugged back in
        state_after("ok", mqtt_recorder.messages(topic).index(lost))
        assert backend.opened == 2
    finally:
        daemon.stop()
        runner.join(TIMEOUT_S)
    assert not runner.is_alive()
    off = mqtt_recorder.wait_for(lambda m: m.topic == f"homeslm/{site}/microphone" and m.json()["state"] == "off", TIMEOUT_S)
    assert off.json() == {"state": "off", "message": "homeslm stopped"}
