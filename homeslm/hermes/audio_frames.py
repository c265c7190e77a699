"""Hermes audio as Rhasspy 2.5 sends it (rhasspy-hermes' ``audioserver`` messages): the topics, WAV chunks in
and out, and ``playFinished``.

A Rhasspy satellite's microphone service publishes every chunk it reads (1024 frames by default, 64 ms at
16 kHz) as a complete little WAV file, header and all, on ``hermes/audioServer/<siteId>/audioFrame``; an
answer to be played is one WAV file on ``hermes/audioServer/<siteId>/playBytes/<requestId>``, and the
satellite's audio output says ``hermes/audioServer/<siteId>/playFinished`` ``{"id": <requestId>,
"sessionId"}`` once it has played it. :func:`decode_wav` turns a chunk into the voice front end's 16 kHz mono
int16 samples (other rates resampled, several channels mixed down); :func:`encode_wav` makes one.
"""

from __future__ import annotations

import io
import json
import wave
from dataclasses import dataclass

import numpy as np

from homeslm.voice.audio import RATE_HZ

AUDIO_FRAME_ANY = "hermes/audioServer/+/audioFrame"
PLAY_FINISHED_ANY = "hermes/audioServer/+/playFinished"
#: The largest audioFrame taken (a Rhasspy chunk is about 2 KB; a second of 48 kHz stereo is 192 KB).
MAX_FRAME_BYTES = 256 * 1024
#: The longest answer sent as playBytes, in seconds of audio.
MAX_PLAY_S = 60.0


class AudioFrameError(ValueError):
    """A payload that is not a usable WAV chunk (the message says what is wrong with it)."""


def audio_frame_topic(site_id: str) -> str:
    """``hermes/audioServer/<siteId>/audioFrame``."""
    return f"hermes/audioServer/{site_id}/audioFrame"


def play_bytes_topic(site_id: str, request_id: str) -> str:
    """``hermes/audioServer/<siteId>/playBytes/<requestId>``."""
    return f"hermes/audioServer/{site_id}/playBytes/{request_id}"


def play_bytes_filter(site_id: str) -> str:
    """Every ``playBytes`` for one site: ``hermes/audioServer/<siteId>/playBytes/+``."""
    return f"hermes/audioServer/{site_id}/playBytes/+"


def play_finished_topic(site_id: str) -> str:
    """``hermes/audioServer/<siteId>/playFinished``."""
    return f"hermes/audioServer/{site_id}/playFinished"


def site_of_topic(topic: str) -> str | None:
    """The ``<siteId>`` level of a ``hermes/audioServer/<siteId>/...`` topic."""
    parts = topic.split("/")
    return parts[2] if len(parts) >= 4 and parts[0] == "hermes" and parts[1] == "audioServer" else None


def request_of_topic(topic: str) -> str | None:
    """The ``<requestId>`` of a ``playBytes`` topic."""
    parts = topic.split("/")
    return parts[4] if len(parts) == 5 and parts[3] == "playBytes" else None


def play_finished(request_id: str, site_id: str, session_id: str = "") -> dict[str, str]:
    """``playFinished``'s payload (rhasspy-hermes ``AudioPlayFinished``: ``id``, ``sessionId``; ``siteId`` too)."""
    return {"id": request_id, "sessionId": session_id, "siteId": site_id}


def finished_id(payload: bytes) -> str | None:
    """The ``id`` of a ``playFinished`` payload (``None`` when it has none or is not JSON)."""
    try:
        data = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, str) and value else None


@dataclass(frozen=True)
class WavAudio:
    """A decoded WAV: samples as the voice front end takes them and what the file said it was."""

    samples: np.ndarray
    """int16, mono, at :data:`homeslm.voice.audio.RATE_HZ`."""
    rate_hz: int
    """The rate written in the file (resampled from when not 16 kHz)."""
    channels: int


def decode_wav(payload: bytes, max_bytes: int = MAX_FRAME_BYTES) -> WavAudio:
    """A WAV chunk as 16 kHz mono int16; :class:`AudioFrameError` for what is not 16-bit PCM WAV or too big."""
    if len(payload) > max_bytes:
        raise AudioFrameError(f"a WAV chunk of {len(payload)} bytes, more than {max_bytes}")
    try:
        with wave.open(io.BytesIO(payload), "rb") as wav:
            rate, channels, width = wav.getframerate(), wav.getnchannels(), wav.getsampwidth()
            # a streamed WAV may carry an unknown length in its header: read what is there
            frames = wav.readframes(max_bytes)
    except (wave.Error, EOFError) as exc:
        raise AudioFrameError(f"not a WAV file ({exc})") from exc
    if width != 2:
        raise AudioFrameError(f"expected 16-bit samples, got {8 * width}-bit (set the satellite to 16-bit)")
    if not 4000 <= rate <= 192000 or not 1 <= channels <= 8:
        raise AudioFrameError(f"unusable audio: {rate} Hz, {channels} channels")
    samples = np.frombuffer(frames[: len(frames) - len(frames) % (2 * channels)], dtype="<i2")
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    if rate != RATE_HZ and len(samples):
        n_out = max(1, int(round(len(samples) * RATE_HZ / rate)))
        positions = np.arange(n_out) * (rate / RATE_HZ)
        samples = np.interp(positions, np.arange(len(samples)), samples.astype(np.float64))
    return WavAudio(np.clip(np.round(samples), -32768, 32767).astype(np.int16), rate, channels)


def encode_wav(samples: np.ndarray, rate_hz: int = RATE_HZ) -> bytes:
    """One mono 16-bit WAV file of ``samples`` (an audioFrame, or an answer for playBytes)."""
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate_hz)
        wav.writeframes(np.asarray(samples, dtype="<i2").tobytes())
    return out.getvalue()


def wav_duration_s(payload: bytes) -> float:
    """How long a WAV file plays (0 when it is not one)."""
    try:
        with wave.open(io.BytesIO(payload), "rb") as wav:
            rate = wav.getframerate()
            frames = wav.getnframes()
            width = wav.getsampwidth() * wav.getnchannels()
    except (wave.Error, EOFError):
        return 0.0
    if not (0 < frames < 2**31 - 1):  # unknown length (espeak-ng writing to a pipe): from the size
        frames = max(0, len(payload) - 44) // max(1, width)
    return frames / rate if rate > 0 else 0.0
