"""The built-in espeak-ng speaker: real synthesis; no output device here, so playing must fail politely."""

from __future__ import annotations

import pytest

from homeslm.default_plugins.espeak import EspeakSpeaker, SpeechUnavailable, speak

import audio_synth

needs_espeak = pytest.mark.skipif(not audio_synth.have_espeak(), reason="espeak-ng is not installed")


@needs_espeak
def test_synthesis_produces_speech() -> None:
    samples, rate = EspeakSpeaker(voice="en-gb").synthesize("Turning on the porch light.")
    assert rate == 22050
    assert 0.8 < len(samples) / rate < 4.0
    assert int(abs(samples.astype(int)).max()) > 3000


def test_missing_espeak_is_named_with_the_fix(caplog: pytest.LogCaptureFixture) -> None:
    speaker = EspeakSpeaker(executable="espeak-ng-not-installed")
    with pytest.raises(SpeechUnavailable, match="is not installed: apt install espeak-ng"):
        speaker.synthesize("hello")
    assert speaker.say("hello") is False
    assert "not spoken" in caplog.text and "hello" in caplog.text


@needs_espeak
def test_speak_hook_without_an_output_device_lets_others_try(caplog: pytest.LogCaptureFixture) -> None:
    import sounddevice as sd

    if any(d["max_output_channels"] > 0 for d in sd.query_devices()):
        pytest.skip("this machine has an audio output; the no-device path cannot be observed")
    assert speak(text="The porch light is on.") is None
    assert "no usable audio output device" in caplog.text
