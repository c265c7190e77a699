"""``homeslm satellite`` (issue 17 item 1): a microphone streamed to a hub as Hermes audioFrames, the hub's
playBytes answers played. The hub is a real daemon (model, recogniser, wake engine, plugins, broker); only the
satellite's microphone (at the PortAudio seam) and loudspeaker are faked."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator

import numpy as np
import pytest

from homeslm.cli import build_parser
from homeslm.config.model import Config, Device, HermesConfig, Satellite
from homeslm.daemon.runner import Daemon
from homeslm.hermes.audio_frames import decode_wav
from homeslm.hermes.satellite import CHUNK_FRAMES, SatelliteClient
from homeslm.understanding.model import default_model_dir
from homeslm.voice.audio import RATE_HZ, InputDevice, MicrophoneSource
from tests import audio_synth
from tests.audio_synth import concat, synth
from tests.conftest import MosquittoBroker, MqttRecorder

TIMEOUT_S = 60.0

pytestmark = [
    pytest.mark.skipif(not (default_model_dir() / "model.bin").is_file(), reason="the shipped intent model is not there yet"),
    pytest.mark.skipif(not audio_synth.have_espeak(), reason="espeak-ng and sox synthesise the speech"),
]


class ScriptedStream:
    """A capture stream like PortAudio's: 20 ms blocks in real time, what was said, else a quiet room."""

    def __init__(self, callback: Callable[[np.ndarray], None], said: queue.Queue[np.ndarray]) -> None:
        self.callback, self.said, self.active = callback, said, True
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        block = RATE_HZ // 50
        pending = np.zeros(0, np.int16)
        while not self._stop.is_set():
            if len(pending) < block:
                try:
                    pending = np.concatenate([pending, self.said.get_nowait()])
                except queue.Empty:
                    pending = np.concatenate([pending, audio_synth.silence(0.02)])
            self.callback(pending[:block])
            pending = pending[block:]
            self._stop.wait(0.02)  # the sound card's pace

    def start(self) -> None:
        pass

    def stop(self) -> None:
        self._stop.set()

    def close(self) -> None:
        self._thread.join(2)


class ScriptedBackend:
    def __init__(self) -> None:
        self.said: queue.Queue[np.ndarray] = queue.Queue()

    def input_devices(self) -> list[InputDevice]:
        return [InputDevice(1, "USB PnP Sound Device", 1, 16000.0, is_default=True)]

    def rescan(self) -> None:
        pass

    def open(self, device: int, rate_hz: int, blocksize: int, callback: Callable[[np.ndarray], None]) -> ScriptedStream:
        return ScriptedStream(callback, self.said)


@pytest.fixture
def hub(mosquitto: MosquittoBroker) -> Iterator[Daemon]:
    pytest.importorskip("pocketsphinx")
    if not mosquitto.running:
        mosquitto.start()
    config = Config(site="hub-sat", area="living room", areas=("living room", "kitchen"), mqtt=mosquitto.mqtt_config(),
                    hermes=HermesConfig(enabled=True, satellites=(Satellite("kitchen-sat", "kitchen"),)),
                    devices=(Device("ceiling light", "light", "tasmota", area="kitchen", topic="kitchen_sat"),
                             Device("ceiling light", "light", "tasmota", area="living room", topic="living_sat")),
                    voice={"lm_sentences": 3000})
    daemon = Daemon(config, command_rate_per_s=100.0, command_burst=100)
    runner = threading.Thread(target=daemon.run, name="test-satellite-cli-hub", daemon=True)
    runner.start()
    assert daemon.wait_started(TIMEOUT_S) and daemon.wait_ready(TIMEOUT_S), "the hub is ready"
    yield daemon
    daemon.stop()
    runner.join(TIMEOUT_S)


def test_a_homeslm_satellite_is_heard_by_the_hub_and_plays_its_answer(
        hub: Daemon, mosquitto: MosquittoBroker, mqtt_recorder: MqttRecorder) -> None:
    backend = ScriptedBackend()
    played: list[tuple[np.ndarray, int]] = []
    speaker_done = threading.Event()

    def speaker(samples: np.ndarray, rate_hz: int) -> bool:
        played.append((samples, rate_hz))
        speaker_done.set()
        return True

    satellite = SatelliteClient(mosquitto.mqtt_config(), "kitchen-sat", MicrophoneSource(backend=backend),
                                play=speaker)
    satellite.start()
    try:
        assert satellite.wait_connected(10.0)
        backend.said.put(concat([synth("computer", tail_s=0.2), synth("turn on the light", lead_s=0.1, tail_s=1.5)]))
        power = mqtt_recorder.wait_for("cmnd/kitchen_sat/POWER", TIMEOUT_S)
        assert power.text.strip().upper() == "ON", "the kitchen's light: the satellite's room"
        frame = mqtt_recorder.messages("hermes/audioServer/kitchen-sat/audioFrame")[0]
        assert frame.payload[:4] == b"RIFF" and len(decode_wav(frame.payload).samples) == CHUNK_FRAMES, \
            "Rhasspy's chunks: one WAV file of 1024 frames each"
        assert speaker_done.wait(TIMEOUT_S), "the answer was played on the satellite"
        assert played[0][1] == RATE_HZ and len(played[0][0]) > RATE_HZ // 2
        request = mqtt_recorder.messages("hermes/audioServer/kitchen-sat/playBytes/+")[0].topic.rsplit("/", 1)[1]
        finished = mqtt_recorder.wait_for("hermes/audioServer/kitchen-sat/playFinished", TIMEOUT_S).json()
        assert finished["id"] == request and finished["siteId"] == "kitchen-sat"
        assert not mqtt_recorder.messages("cmnd/living_sat/#")
    finally:
        satellite.stop()


def test_the_satellite_subcommand_takes_a_site_id() -> None:
    args = build_parser().parse_args(["satellite", "--site-id", "kitchen-pi"])
    assert args.site_id == "kitchen-pi" and callable(args.func)
