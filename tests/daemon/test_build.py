"""The builders (homeslm.daemon.build): a hub's satellites' voice loops built with one cache of loaded models
share one Whisper model (the real tiny.en) and each hears its own utterance when they speak at once, on espeak-ng
speech; the audio of one failing does not stop the others."""

from __future__ import annotations

import threading

import numpy as np
import pytest

import audio_synth
from homeslm.config.model import Config, Device, Satellite
from homeslm.daemon.build import build_satellite_loop
from homeslm.errors import AudioError
from homeslm.hermes.sites import FrameSource
from homeslm.plugins import HomeslmPluginManager, plugin_manager_from_config
from homeslm.voice.asr.base import SecondOpinion, Transcript
from homeslm.voice.asr.whisper import WhisperRecognizer
from homeslm.voice.asr.whisper_models import resolve_model
from homeslm.voice.audio import AudioChunk
from homeslm.voice.shared_models import SharedModels

pytestmark = pytest.mark.skipif(not audio_synth.have_espeak(), reason="espeak-ng and sox synthesise the speech")

TIMEOUT_S = 120.0
FRAME = 1024  # samples in a Rhasspy audioFrame

SATELLITES = (Satellite("kitchen-pi", "kitchen"), Satellite("bedroom-pi", "bedroom"), Satellite("den-pi", "den"))
SAID = {"kitchen-pi": ("turn on the kitchen light", "en-us"), "bedroom-pi": ("turn off the bedroom lamp", "en-us+m3"),
        "den-pi": ("turn on the den fan", "en-us")}


def hub(**voice: object) -> Config:
    return Config(site="hub", area="living room", areas=("living room", "kitchen", "bedroom", "den"),
                  devices=(Device("kitchen light", "light", "tasmota", area="kitchen", topic="kitchen_light"),
                           Device("bedroom lamp", "light", "tasmota", area="bedroom", topic="bedroom_lamp"),
                           Device("den fan", "fan", "tasmota", area="den", topic="den_fan")),
                  voice={"recognizer": "whisper", "lm_sentences": 3000, "vad": "energy", "followup_s": 0, **voice})


@pytest.fixture(scope="module")
def pm() -> HomeslmPluginManager:
    try:
        resolve_model("tiny.en")
    except AudioError as exc:
        pytest.skip(f"Whisper tiny.en is not installed ({exc})")
    return plugin_manager_from_config(Config())


class BrokenSource(FrameSource):
    """A satellite whose audio fails (its reader raises) after ``good`` frames: the thin seam of a broken stream."""

    def __init__(self, good: int) -> None:
        super().__init__()
        self.good = good
        self.failed = threading.Event()

    def read(self, timeout_s: float) -> AudioChunk | None:
        if self.good <= 0:
            self.failed.set()
            raise OSError("the satellite's audio stream broke")
        chunk = super().read(timeout_s)
        if chunk is not None:
            self.good -= 1
        return chunk


def test_satellites_share_one_whisper_model_and_each_hears_its_own_utterance_at_the_same_time(
        pm: HomeslmPluginManager) -> None:
    config = hub()
    shared = SharedModels()
    heard: dict[str, list[Transcript]] = {s.site_id: [] for s in SATELLITES}
    done = {s.site_id: threading.Event() for s in SATELLITES}
    sources = {"kitchen-pi": FrameSource(), "bedroom-pi": FrameSource(), "den-pi": BrokenSource(good=20)}

    def on_transcript(site: str):  # type: ignore[no-untyped-def]
        def got(transcript: Transcript) -> None:
            heard[site].append(transcript)
            done[site].set()
        return got

    loops = {s.site_id: build_satellite_loop(config, s, sources[s.site_id], on_transcript(s.site_id), lambda: None,
                                             plugin_manager=pm, shared=shared) for s in SATELLITES}
    # each hears with its own pocketsphinx alongside (voice.second_opinion: auto); Whisper is the first opinion
    assert all(isinstance(loop.recognizer, SecondOpinion) for loop in loops.values())
    recognizers = [loop.recognizer.primary for loop in loops.values() if isinstance(loop.recognizer, SecondOpinion)]
    assert all(isinstance(r, WhisperRecognizer) for r in recognizers)
    assert len({id(r) for r in recognizers}) == 3, "a recogniser each: its own utterance"
    models = {id(r.model) for r in recognizers if isinstance(r, WhisperRecognizer)}
    assert len(models) == 1, "one Whisper model for the three satellites"
    assert len({id(r.scorer) for r in recognizers if isinstance(r, WhisperRecognizer)}) == 1, "one home LM for the gate"
    assert len(shared) == 3, "one Whisper model, one home LM for its gate, one pocketsphinx pronunciation dictionary"
    assert len({id(loop.wake) for loop in loops.values()}) == 3

    audio = {site: audio_synth.synth(text, voice, lead_s=0.3, tail_s=1.5) for site, (text, voice) in SAID.items()}
    for loop in loops.values():
        loop.start()
    try:
        for loop in loops.values():
            loop.push_to_talk()  # each satellite's own hotword
        for i in range(0, max(len(a) for a in audio.values()), FRAME):  # the frames arrive interleaved, all at once
            for site, samples in audio.items():
                if i < len(samples):
                    sources[site].put(np.ascontiguousarray(samples[i : i + FRAME]))
        assert done["kitchen-pi"].wait(TIMEOUT_S) and done["bedroom-pi"].wait(TIMEOUT_S)
        assert sources["den-pi"].failed.wait(TIMEOUT_S)
        assert loops["den-pi"].wait(TIMEOUT_S), "the broken satellite's loop ended"
    finally:
        for loop in loops.values():
            loop.stop()
    assert [t.text for t in heard["kitchen-pi"]] == ["turn on the kitchen light"]
    assert [t.text for t in heard["bedroom-pi"]] == ["turn off the bedroom lamp"]
    assert heard["den-pi"] == [], "the den's half utterance was never recognised"


def test_without_the_hubs_cache_each_satellite_loads_its_own_model(pm: HomeslmPluginManager) -> None:
    config = hub(wake_phrase=None)
    first, second = (build_satellite_loop(config, s, FrameSource(), lambda t: None, lambda: None, plugin_manager=pm)
                     for s in SATELLITES[:2])
    whispers = [getattr(loop.recognizer, "primary", loop.recognizer) for loop in (first, second)]
    assert all(isinstance(r, WhisperRecognizer) for r in whispers)
    assert whispers[0].model is not whispers[1].model  # type: ignore[attr-defined]
