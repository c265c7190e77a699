"""Audio sources: WAV files as the microphone, device selection, and a microphone that comes and goes.

There is no microphone here, so the microphone's PortAudio seam (:class:`StreamBackend`) is faked;
everything else is real.
"""

from __future__ import annotations

import threading
import time
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from homeslm.voice.audio import (
    RATE_HZ,
    AudioChunk,
    InputDevice,
    MicrophoneSource,
    WavSource,
    list_input_devices,
    read_wav_file,
    resolve_device,
)
from homeslm.errors import AudioError

from audio_synth import write_wav


def drain(source: WavSource) -> list[AudioChunk]:
    chunks: list[AudioChunk] = []
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        chunk = source.read(0.1)
        if chunk is None:
            if source.finished:
                return chunks
            continue
        chunks.append(chunk)
    raise AssertionError("WavSource did not finish within 10 s")


def tone(seconds: float, freq: float = 440.0, level: int = 8000) -> np.ndarray:
    t = np.arange(int(seconds * RATE_HZ)) / RATE_HZ
    return (np.sin(2 * np.pi * freq * t) * level).astype(np.int16)


def test_wav_source_feeds_files_then_room_noise_then_finishes(tmp_path: Path) -> None:
    write_wav(tmp_path / "b.wav", tone(0.5, 440))
    write_wav(tmp_path / "a.wav", tone(0.25, 880))
    source = WavSource(tmp_path, chunk_ms=100, gap_s=0.4, noise_rms=30)
    assert [p.name for p in source.files] == ["a.wav", "b.wav"], "a directory is read in name order"
    source.start()
    chunks = drain(source)
    samples = np.concatenate([c.samples for c in chunks])
    assert all(c.rate_hz == RATE_HZ and c.channels == 1 and c.samples.dtype == np.int16 for c in chunks)
    assert len(samples) == 4000 + 6400 + 8000 + 6400
    assert all(len(c.samples) == 1600 for c in chunks[:-1])
    gap = samples[int(0.25 * RATE_HZ) : int(0.65 * RATE_HZ)]
    assert 10 < np.sqrt(np.mean(gap.astype(float) ** 2)) < 60, "the gap is quiet room noise"
    assert np.count_nonzero(gap == 0) < len(gap) // 10, "never digital silence"
    np.testing.assert_array_equal(samples[: int(0.25 * RATE_HZ)], tone(0.25, 880))


def test_wav_source_converts_rate_and_channels(tmp_path: Path) -> None:
    stereo = np.stack([tone(1.0, 300), tone(1.0, 300)], axis=1)
    path = tmp_path / "stereo.wav"
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(2)
        wav.setsampwidth(2)
        wav.setframerate(44100)
        t = np.arange(44100) / 44100
        data = (np.sin(2 * np.pi * 300 * t) * 8000).astype(np.int16)
        wav.writeframes(np.stack([data, data], axis=1).tobytes())
    samples = read_wav_file(path)
    assert len(samples) == RATE_HZ
    assert np.corrcoef(samples[100:-100].astype(float), stereo[100:-100, 0].astype(float))[0, 1] > 0.99


def test_bad_audio_files_are_refused_with_the_fix(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="nowhere.wav: no such WAV file"):
        WavSource(tmp_path / "nowhere.wav")
    with pytest.raises(AudioError, match="no .wav files"):
        WavSource(tmp_path)
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"not a wav file at all")
    with pytest.raises(AudioError, match="junk.wav: not a PCM WAV file.*sox"):
        read_wav_file(junk)


def test_realtime_wav_source_is_paced(tmp_path: Path) -> None:
    write_wav(tmp_path / "a.wav", tone(0.3))
    source = WavSource(tmp_path / "a.wav", realtime=True, gap_s=0.0)
    source.start()
    first = source.read(1.0)
    second = source.read(0.001)
    assert first is not None
    assert second is None, "the next 100 ms chunk is not due yet after 1 ms"


DEVICES = [
    InputDevice(0, "HDA Intel PCH: ALC257 Analog (hw:0,0)", 2, 48000.0, is_default=True),
    InputDevice(3, "USB PnP Sound Device: Audio (hw:1,0)", 1, 44100.0),
]


def test_device_is_chosen_by_name_index_or_default() -> None:
    assert resolve_device(None, DEVICES).index == 0
    assert resolve_device("usb pnp", DEVICES).index == 3
    assert resolve_device(3, DEVICES).index == 3
    assert resolve_device("3", DEVICES).index == 3
    with pytest.raises(AudioError, match=r"no input device named like 'respeaker'; input devices are 0: HDA.*3: USB"):
        resolve_device("respeaker", DEVICES)
    with pytest.raises(AudioError, match="no input device number 7"):
        resolve_device(7, DEVICES)
    with pytest.raises(AudioError, match="no audio input device found: connect a microphone.*homeslm devices"):
        resolve_device(None, [])


class FakeStream:
    """A capture stream fed by a thread, like PortAudio's callback thread."""

    def __init__(self, callback: Callable[[np.ndarray], None], present: threading.Event) -> None:
        self.callback = callback
        self.present = present
        self.active = True
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set() and self.present.is_set():
            self.callback(tone(0.02))
            self._stop.wait(0.02)
        self.active = False  # the USB device vanished: PortAudio stops calling back

    def start(self) -> None:
        pass

    def stop(self) -> None:
        self._stop.set()

    def close(self) -> None:
        self._thread.join(2)


class FakeBackend:
    """The PortAudio seam with one USB microphone that can be unplugged."""

    def __init__(self) -> None:
        self.present = threading.Event()
        self.present.set()
        self.opened = 0

    def input_devices(self) -> list[InputDevice]:
        return list(DEVICES) if self.present.is_set() else DEVICES[:1]

    def rescan(self) -> None:
        pass

    def open(self, device: int, rate_hz: int, blocksize: int, callback: Callable[[np.ndarray], None]) -> FakeStream:
        assert rate_hz == RATE_HZ
        self.opened += 1
        return FakeStream(callback, self.present)


def read_until(source: MicrophoneSource, condition: Callable[[], bool], timeout_s: float = 10.0) -> int:
    """Read (as the voice loop does) until ``condition`` holds; return the chunks read."""
    got = 0
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if source.read(0.05) is not None:
            got += 1
        if condition():
            return got
    raise AssertionError("condition not reached within the timeout")


def test_unplugged_microphone_is_reported_and_picked_up_again() -> None:
    backend = FakeBackend()
    statuses: list[tuple[str, str]] = []
    mic = MicrophoneSource("USB PnP", backend=backend, on_status=lambda s, m: statuses.append((s, m)),
                           retry_s=0.05, stall_s=0.3)
    mic.start()
    try:
        chunk = mic.read(2.0)
        assert chunk is not None and chunk.samples.dtype == np.int16 and chunk.rate_hz == RATE_HZ
        backend.present.clear()  # unplugged
        read_until(mic, lambda: mic.lost)
        assert statuses and statuses[-1][0] == "lost" and "USB PnP" in statuses[-1][1]
        assert mic.read(0.2) is None and mic.lost, "no audio and still lost while the device is away"
        backend.present.set()  # plugged back in
        read_until(mic, lambda: not mic.lost)
        assert statuses[-1][0] == "ok"
        assert mic.read(2.0) is not None, "audio flows again"
        assert backend.opened == 2
    finally:
        mic.stop()


def test_capture_callback_drops_the_oldest_when_the_reader_falls_behind() -> None:
    mic = MicrophoneSource(backend=FakeBackend(), queue_max_chunks=3)
    for i in range(5):
        mic._on_audio(np.full(10, i, np.int16))  # what PortAudio's thread does
    got = [mic.read(0.1) for _ in range(3)]
    assert [int(c.samples[0]) for c in got if c is not None] == [2, 3, 4]
    assert mic.dropped_chunks == 2


def test_real_portaudio_without_a_microphone_names_the_fix() -> None:
    devices = list_input_devices()
    if devices:
        pytest.skip(f"this machine has input devices ({devices[0].name}); the no-device error cannot be observed")
    with pytest.raises(AudioError, match="no audio input device found: connect a microphone.*homeslm devices.*--input"):
        MicrophoneSource().start()
