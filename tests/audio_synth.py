"""Real test audio: text spoken by espeak-ng at 16 kHz mono int16, with a realistic noise floor.

espeak-ng pads its output with exact digital silence, which no microphone produces and which throws
recognisers off (pocketsphinx loses a third of its accuracy on it), so every clip gets a (pink) noise
floor about 40 dB below the speech. ``snr_db`` mixes in louder noise (20 or 10 dB) on top.

Synthesised clips are cached as WAV files (keyed by text, voice, noise and padding) under
``$HOMESLM_AUDIO_CACHE`` or ``<tmp>/homeslm-audio-cache``, so reruns do not call espeak-ng again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import wave
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from homeslm.benchmarks.voice import add_noise as _bench_add_noise
from homeslm.benchmarks.voice import pink_noise, speech_rms  # noqa: F401  (re-exported for tests)
from homeslm.voice.audio import AudioChunk, AudioSource

if TYPE_CHECKING:
    from homeslm.voice.loop import VoiceLoop

RATE_HZ = 16000
FLOOR_SNR_DB = 40.0


def have_espeak() -> bool:
    """Whether espeak-ng and sox are installed (tests skip with a reason when not)."""
    return shutil.which("espeak-ng") is not None and shutil.which("sox") is not None


def cache_dir() -> Path:
    path = Path(os.environ.get("HOMESLM_AUDIO_CACHE", Path(tempfile.gettempdir()) / "homeslm-audio-cache"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def read_wav(path: str | Path) -> np.ndarray:
    """Samples of a 16 kHz mono int16 WAV file."""
    with wave.open(str(path), "rb") as wav:
        if wav.getframerate() != RATE_HZ or wav.getnchannels() != 1 or wav.getsampwidth() != 2:
            raise ValueError(f"{path}: expected 16 kHz mono 16-bit, got {wav.getframerate()} Hz "
                             f"{wav.getnchannels()} ch {8 * wav.getsampwidth()}-bit")
        return np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16).copy()


def write_wav(path: str | Path, samples: np.ndarray, rate_hz: int = RATE_HZ) -> Path:
    path = Path(path)
    tmp = path.with_name(path.name + f".{os.getpid()}.part")
    with wave.open(str(tmp), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate_hz)
        wav.writeframes(np.asarray(samples, dtype=np.int16).tobytes())
    tmp.replace(path)  # atomic: parallel test runs never read half a file
    return path


def _espeak_clean(text: str, voice: str, speed_wpm: int | None) -> np.ndarray:
    """espeak-ng output resampled to 16 kHz mono int16 by sox (no noise yet)."""
    if not have_espeak():
        raise RuntimeError("espeak-ng and sox are needed to synthesise test audio (apt install espeak-ng sox)")
    cmd = ["espeak-ng", "-v", voice, "--stdout"]
    if speed_wpm is not None:
        cmd += ["-s", str(speed_wpm)]
    speech = subprocess.run(cmd + [text], check=True, capture_output=True, timeout=60).stdout
    raw = subprocess.run(
        ["sox", "-t", "wav", "-", "-t", "raw", "-r", str(RATE_HZ), "-c", "1", "-b", "16", "-e", "signed-integer", "-"],
        input=speech, check=True, capture_output=True, timeout=60,
    ).stdout
    return np.frombuffer(raw, dtype=np.int16).copy()


def add_noise(samples: np.ndarray, snr_db: float | None, *, ref_rms: float | None = None, seed: int = 0) -> np.ndarray:
    """The samples plus a pink noise floor at 40 dB SNR and, when ``snr_db`` is given, pink noise at that SNR
    (the benchmark's own noise model, so tests and `homeslm bench voice` hear the same rooms)."""
    return _bench_add_noise(samples, snr_db, ref_rms if ref_rms is not None else speech_rms(samples), seed)


def silence(seconds: float, *, level_rms: float = 30.0, seed: int = 0) -> np.ndarray:
    """A quiet room: low white noise, never digital zeros."""
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE_HZ)
    return np.clip(np.round(rng.standard_normal(n) * level_rms), -32768, 32767).astype(np.int16)


def synth(
    text: str,
    voice: str = "en-us",
    *,
    snr_db: float | None = None,
    lead_s: float = 0.3,
    tail_s: float = 0.5,
    speed_wpm: int | None = None,
    seed: int = 0,
) -> np.ndarray:
    """``text`` spoken in ``voice`` with ``lead_s``/``tail_s`` of padding, a 40 dB noise floor and optional noise."""
    return read_wav(synth_wav(text, voice, snr_db=snr_db, lead_s=lead_s, tail_s=tail_s, speed_wpm=speed_wpm, seed=seed))


def synth_wav(
    text: str,
    voice: str = "en-us",
    *,
    snr_db: float | None = None,
    lead_s: float = 0.3,
    tail_s: float = 0.5,
    speed_wpm: int | None = None,
    seed: int = 0,
    directory: Path | None = None,
) -> Path:
    """Like :func:`synth` but returns the cached WAV file's path."""
    key = f"{text}|{voice}|{snr_db}|{lead_s}|{tail_s}|{speed_wpm}|{seed}|v3"
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
    path = (directory or cache_dir()) / f"{voice.replace('+', '_')}-{digest}.wav"
    if path.exists():
        return path
    clean = _espeak_clean(text, voice, speed_wpm)
    padded = np.concatenate([np.zeros(int(lead_s * RATE_HZ), np.int16), clean, np.zeros(int(tail_s * RATE_HZ), np.int16)])
    return write_wav(path, add_noise(padded, snr_db, ref_rms=speech_rms(clean), seed=seed))


def concat(parts: list[np.ndarray], gap_s: float = 0.0, *, seed: int = 0) -> np.ndarray:
    """Clips joined with ``gap_s`` of room noise between them, as loud as the end of the clip before
    (noise does not stop between sentences)."""
    out: list[np.ndarray] = []
    rng = np.random.default_rng(seed)
    for i, part in enumerate(parts):
        if i and gap_s > 0:
            tail = out[-1][-int(0.1 * RATE_HZ) :].astype(np.float64)
            level = float(np.sqrt(np.mean(tail**2))) if tail.size else 30.0
            gap = pink_noise(int(gap_s * RATE_HZ), rng) * max(level, 1.0)
            out.append(np.clip(np.round(gap), -32768, 32767).astype(np.int16))
        out.append(part)
    return np.concatenate(out) if out else np.zeros(0, np.int16)


class FedSource(AudioSource):
    """The microphone of a voice loop driven through ``process()`` (tests feed it; audio time comes from the
    samples fed): nothing to read."""

    def start(self) -> None:
        pass

    def read(self, timeout_s: float) -> AudioChunk | None:
        return None

    def stop(self) -> None:
        pass


def feed(loop: "VoiceLoop", audio: np.ndarray, chunk: int = 1600) -> None:
    """``audio`` through ``loop.process`` in microphone-sized chunks."""
    for i in range(0, len(audio), chunk):
        loop.process(audio[i : i + chunk])
