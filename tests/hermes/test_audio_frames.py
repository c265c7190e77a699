"""Hermes WAV chunks (:mod:`homeslm.hermes.audio_frames`): what Rhasspy satellites send, decoded for the voice
front end; what is not usable refused with a reason."""

from __future__ import annotations

import io
import wave

import numpy as np
import pytest

from homeslm.hermes import audio_frames as af


def wav(samples: np.ndarray, rate_hz: int, channels: int = 1, width: int = 2) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate_hz)
        w.writeframes(samples.tobytes())
    return out.getvalue()


def test_a_rhasspy_chunk_round_trips() -> None:
    samples = (np.sin(np.arange(1024) / 5) * 8000).astype(np.int16)
    audio = af.decode_wav(af.encode_wav(samples))
    assert audio.rate_hz == 16000 and audio.channels == 1
    assert np.array_equal(audio.samples, samples)
    assert af.wav_duration_s(af.encode_wav(samples)) == pytest.approx(1024 / 16000)


def test_other_rates_and_stereo_become_16_khz_mono() -> None:
    left = (np.sin(np.arange(4410) / 7) * 8000).astype(np.int16)
    stereo = np.stack([left, left], axis=1).reshape(-1)
    audio = af.decode_wav(wav(stereo, 44100, channels=2))
    assert audio.rate_hz == 44100 and audio.channels == 2
    assert len(audio.samples) == 1600 and audio.samples.dtype == np.int16
    assert np.abs(audio.samples).max() > 7000, "the signal survives the mix-down and resampling"


@pytest.mark.parametrize("payload, problem", [
    (b"not a wav", "not a WAV file"),
    (wav(np.zeros(100, np.uint8), 16000, width=1), "expected 16-bit"),
    (b"RIFF" + bytes(af.MAX_FRAME_BYTES), "more than"),
])
def test_unusable_chunks_are_refused_with_the_reason(payload: bytes, problem: str) -> None:
    with pytest.raises(af.AudioFrameError, match=problem):
        af.decode_wav(payload)


def test_topics_name_the_site_and_the_request() -> None:
    assert af.site_of_topic(af.audio_frame_topic("kitchen-pi")) == "kitchen-pi"
    topic = af.play_bytes_topic("kitchen-pi", "r1")
    assert af.site_of_topic(topic) == "kitchen-pi" and af.request_of_topic(topic) == "r1"
    assert af.finished_id(b'{"id": "r1", "sessionId": ""}') == "r1" and af.finished_id(b"[]") is None
