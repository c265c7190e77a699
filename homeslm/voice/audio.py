"""Audio in: the microphone (sounddevice/PortAudio) or WAV files, as 16 kHz mono int16 chunks.

This is the only module that touches the sound card. Everything downstream reads an
:class:`AudioSource`::

    source.start()
    chunk = source.read(timeout_s=0.2)   # AudioChunk, or None when nothing arrived in time
    source.finished                      # True once a file source has nothing more to give
    source.stop()

:class:`MicrophoneSource` survives a USB microphone being unplugged: it logs, reports ``lost``
through ``on_status``, retries every ``retry_s`` and reports ``ok`` when the device is back.
:class:`WavSource` feeds files (or a directory of them) as if they came from the microphone, in
real time or as fast as they are read, with quiet room noise after each file so that end-of-speech
detection triggers.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import wave
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

import numpy as np

from homeslm.errors import AudioError

logger = logging.getLogger(__name__)

RATE_HZ = 16000
"""The one sample rate of the voice front end (Vosk and pocketsphinx models are 16 kHz)."""

NO_INPUT_FIX = ("connect a microphone and check it with `arecord -l` (the daemon's user must be in the "
                "`audio` group), choose it with voice.input_device (list them with `homeslm devices`), "
                "or feed WAV files instead: `homeslm run --input FILE.wav`")

StatusCallback = Callable[[str, str], None]
"""``on_status(state, message)`` with state ``ok`` or ``lost``."""


@dataclass(frozen=True)
class AudioChunk:
    """A block of audio."""

    rate_hz: int
    """Sample rate (always :data:`RATE_HZ` from the sources here)."""
    channels: int
    """Always 1 from the sources here."""
    samples: np.ndarray
    """int16 samples, shape ``(frames,)``."""

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.rate_hz


@dataclass(frozen=True)
class InputDevice:
    """A sound card input as PortAudio sees it."""

    index: int
    name: str
    channels: int
    default_rate_hz: float
    is_default: bool = False


class AudioSource(ABC):
    """Where the voice loop gets its audio."""

    rate_hz: int = RATE_HZ

    @abstractmethod
    def start(self) -> None:
        """Open the input; raise :class:`AudioError` naming the fix when it cannot be opened."""

    @abstractmethod
    def read(self, timeout_s: float) -> AudioChunk | None:
        """The next chunk, or ``None`` when none arrived within ``timeout_s``."""

    @property
    def finished(self) -> bool:
        """True when no more audio will ever come (end of the files); a microphone never finishes."""
        return False

    @abstractmethod
    def stop(self) -> None:
        """Close the input (idempotent)."""

    def __enter__(self) -> "AudioSource":
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()


# --------------------------------------------------------------------------- microphone


class InputStream(Protocol):
    """The part of ``sounddevice.InputStream`` the microphone source uses."""

    active: bool

    def start(self) -> None: ...
    def stop(self) -> None: ...
    def close(self) -> None: ...


class StreamBackend(Protocol):
    """The thin seam in front of PortAudio (tests replace it: there is no microphone in CI)."""

    def input_devices(self) -> list[InputDevice]: ...
    def rescan(self) -> None: ...
    def open(self, device: int, rate_hz: int, blocksize: int, callback: Callable[[np.ndarray], None]) -> InputStream: ...


class SounddeviceBackend:
    """PortAudio through ``sounddevice``."""

    def __init__(self) -> None:
        try:
            import sounddevice
        except (ImportError, OSError) as exc:  # OSError: the PortAudio library itself is missing
            raise AudioError(f"audio capture needs sounddevice and PortAudio ({exc}): "
                             "pip install sounddevice and apt install libportaudio2") from exc
        self._sd: Any = sounddevice

    def input_devices(self) -> list[InputDevice]:
        sd = self._sd
        try:
            devices = sd.query_devices()
            default_in = sd.default.device[0] if sd.default.device is not None else -1
        except sd.PortAudioError as exc:
            raise AudioError(f"PortAudio cannot list audio devices ({exc}): {NO_INPUT_FIX}") from exc
        out = []
        for index, dev in enumerate(devices):
            if int(dev["max_input_channels"]) > 0:
                out.append(InputDevice(index, str(dev["name"]), int(dev["max_input_channels"]),
                                       float(dev["default_samplerate"]), index == default_in))
        return out

    def rescan(self) -> None:
        """Make PortAudio enumerate devices again (it caches the list from its initialisation)."""
        sd = self._sd
        sd._terminate()  # sounddevice has no public re-scan; this pair is how its docs suggest refreshing
        sd._initialize()

    def open(self, device: int, rate_hz: int, blocksize: int, callback: Callable[[np.ndarray], None]) -> InputStream:
        sd = self._sd

        def on_audio(indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
            callback(indata[:, 0].copy())  # only enqueue; never log or block in the audio thread

        try:
            stream = sd.InputStream(device=device, samplerate=rate_hz, channels=1, dtype="int16",
                                    blocksize=blocksize, callback=on_audio)
            stream.start()
        except sd.PortAudioError as exc:
            raise AudioError(f"cannot open audio input device {device} at {rate_hz} Hz mono ({exc}): {NO_INPUT_FIX}") from exc
        return stream  # type: ignore[no-any-return]


def list_input_devices(backend: StreamBackend | None = None) -> list[InputDevice]:
    """The input devices PortAudio sees (what `homeslm devices` prints)."""
    return (backend or SounddeviceBackend()).input_devices()


def resolve_device(device: str | int | None, devices: Sequence[InputDevice]) -> InputDevice:
    """Pick the input device named (case-insensitive substring), numbered, or the default one."""
    if not devices:
        raise AudioError(f"no audio input device found: {NO_INPUT_FIX}")
    listing = "; ".join(f"{d.index}: {d.name}" for d in devices)
    if device is None or device == "":
        for d in devices:
            if d.is_default:
                return d
        return devices[0]
    if isinstance(device, int) or (isinstance(device, str) and device.strip().isdigit()):
        index = int(device)
        for d in devices:
            if d.index == index:
                return d
        raise AudioError(f"voice.input_device: no input device number {index}; input devices are {listing}")
    matches = [d for d in devices if str(device).lower() in d.name.lower()]
    if not matches:
        raise AudioError(f"voice.input_device: no input device named like {device!r}; input devices are {listing}")
    exact = [d for d in matches if d.name.lower() == str(device).lower()]
    return (exact or matches)[0]


class MicrophoneSource(AudioSource):
    """Live capture, 16 kHz mono int16, from a device chosen by name or index.

    :param device: name (substring, case-insensitive), index, or ``None`` for the default input.
    :param chunk_ms: block size of the capture callback.
    :param on_status: called with (``"lost"``, message) when the device vanishes and (``"ok"``, message)
        when it is back.
    :param retry_s: how often to look for a vanished device.
    :param stall_s: no audio for this long means the device is gone.
    :param queue_max_chunks: chunks kept when the reader falls behind; the oldest are dropped.
    :param backend: the PortAudio seam (tests pass a fake one).
    """

    def __init__(
        self,
        device: str | int | None = None,
        *,
        chunk_ms: int = 100,
        on_status: StatusCallback | None = None,
        retry_s: float = 2.0,
        stall_s: float = 2.0,
        queue_max_chunks: int = 100,
        backend: StreamBackend | None = None,
    ) -> None:
        self.device = device
        self.blocksize = RATE_HZ * chunk_ms // 1000
        self.on_status = on_status
        self.retry_s = retry_s
        self.stall_s = stall_s
        self._backend = backend
        self._queue: queue.Queue[np.ndarray] = queue.Queue(maxsize=queue_max_chunks)
        self._stream: InputStream | None = None
        self._device_name = ""
        self._lost = False
        self._last_audio = 0.0
        self._next_retry = 0.0
        self._lock = threading.Lock()
        self.dropped_chunks = 0

    @property
    def lost(self) -> bool:
        """True while the device is gone and being looked for."""
        return self._lost

    def _on_audio(self, samples: np.ndarray) -> None:
        """Runs on PortAudio's thread: enqueue only (drop the oldest block when the reader is behind)."""
        try:
            self._queue.put_nowait(samples)
        except queue.Full:
            try:
                self._queue.get_nowait()
                self.dropped_chunks += 1
            except queue.Empty:  # the reader emptied it meanwhile
                pass
            try:
                self._queue.put_nowait(samples)
            except queue.Full:  # still full: lose this block, the reader is far behind
                self.dropped_chunks += 1

    def _open(self) -> None:
        backend = self._backend or SounddeviceBackend()
        self._backend = backend
        dev = resolve_device(self.device, backend.input_devices())
        self._stream = backend.open(dev.index, RATE_HZ, self.blocksize, self._on_audio)
        self._device_name = dev.name
        self._last_audio = time.monotonic()

    def start(self) -> None:
        with self._lock:
            if self._stream is not None:
                return
            self._open()
            self._lost = False
        logger.info("microphone: capturing from %r at %d Hz", self._device_name, RATE_HZ)

    def read(self, timeout_s: float) -> AudioChunk | None:
        if self._lost:
            self._try_reopen()
        try:
            samples = self._queue.get(timeout=timeout_s)
        except queue.Empty:
            self._check_alive()
            return None
        self._last_audio = time.monotonic()
        return AudioChunk(RATE_HZ, 1, samples)

    def _check_alive(self) -> None:
        stream = self._stream
        if self._lost or stream is None:
            return
        silent_for = time.monotonic() - self._last_audio
        if silent_for < self.stall_s and stream.active:
            return
        why = "stream stopped" if not stream.active else f"no audio for {silent_for:.1f} s"
        self._close_stream()
        self._lost = True
        self._next_retry = time.monotonic() + self.retry_s
        message = f"microphone {self._device_name!r} lost ({why}); retrying every {self.retry_s:g} s"
        logger.warning("%s", message)
        self._report("lost", message)

    def _try_reopen(self) -> None:
        now = time.monotonic()
        if now < self._next_retry:
            return
        self._next_retry = now + self.retry_s
        backend = self._backend
        try:
            if backend is not None:
                backend.rescan()
            self._open()
        except AudioError as exc:
            logger.debug("microphone still unavailable: %s", exc)
            return
        self._lost = False
        message = f"microphone {self._device_name!r} is back"
        logger.info("%s", message)
        self._report("ok", message)

    def _report(self, state: str, message: str) -> None:
        if self.on_status is None:
            return
        try:
            self.on_status(state, message)
        except Exception:  # boundary: a failing status listener must not stop capture
            logger.exception("microphone status callback failed (state %s)", state)

    def _close_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        try:
            stream.stop()
            stream.close()
        except Exception:  # boundary: PortAudio errors while closing a vanished device are expected
            logger.debug("closing the vanished audio stream failed", exc_info=True)

    def stop(self) -> None:
        with self._lock:
            self._close_stream()


def play_samples(samples: np.ndarray, rate_hz: int = RATE_HZ, device: str | int | None = None) -> bool:
    """Play int16 samples without waiting (the wake chime); False, with a log line, when there is no output."""
    try:
        import sounddevice as sd
    except (ImportError, OSError) as exc:
        logger.warning("cannot play audio (%s): pip install sounddevice; apt install libportaudio2", exc)
        return False
    try:
        sd.play(samples, rate_hz, device=device, blocking=False)
    except (sd.PortAudioError, ValueError) as exc:
        logger.warning("cannot play audio: no usable output device (%s)", exc)
        return False
    return True


# --------------------------------------------------------------------------- WAV files


def read_wav_file(path: str | Path) -> np.ndarray:
    """A WAV file as 16 kHz mono int16 samples (other rates and stereo are converted, with a log line)."""
    path = Path(path)
    try:
        with wave.open(str(path), "rb") as wav:
            rate, channels, width = wav.getframerate(), wav.getnchannels(), wav.getsampwidth()
            frames = wav.readframes(wav.getnframes())
    except (wave.Error, EOFError) as exc:
        raise AudioError(f"{path}: not a PCM WAV file ({exc}); convert it with `sox {path} -r 16000 -c 1 -b 16 out.wav`") from exc
    except OSError as exc:
        raise AudioError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if width != 2:
        raise AudioError(f"{path}: {8 * width}-bit samples; expected 16-bit: `sox {path} -r 16000 -c 1 -b 16 out.wav`")
    samples = np.frombuffer(frames, dtype=np.int16)
    if channels > 1:
        samples = samples[: len(samples) // channels * channels].reshape(-1, channels).mean(axis=1).astype(np.int16)
    if rate != RATE_HZ:
        logger.info("%s: resampling %d Hz to %d Hz", path, rate, RATE_HZ)
        n_out = int(round(len(samples) * RATE_HZ / rate))
        x_out = np.arange(n_out) * (rate / RATE_HZ)
        samples = np.interp(x_out, np.arange(len(samples)), samples.astype(np.float64)).round().astype(np.int16)
    return samples.copy()


def wav_files(path: str | Path) -> list[Path]:
    """A WAV file, or the ``*.wav`` files of a directory in name order."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".wav" and p.is_file())
        if not files:
            raise AudioError(f"{path}: no .wav files in this directory")
        return files
    if not path.is_file():
        raise AudioError(f"{path}: no such WAV file or directory")
    return [path]


def room_noise(n_samples: int, rms: float, rng: np.random.Generator) -> np.ndarray:
    """Low white noise: what a quiet room sounds like to a microphone (never digital zeros)."""
    return np.clip(np.round(rng.standard_normal(n_samples) * rms), -32768, 32767).astype(np.int16)


class WavSource(AudioSource):
    """WAV files played as if they were the microphone.

    :param paths: a WAV file, a directory of them, or a list of either.
    :param realtime: deliver chunks at the pace of real time (``False``: as fast as they are read).
    :param chunk_ms: chunk length.
    :param lead_s: quiet room noise before the first file.
    :param gap_s: quiet room noise after each file, long enough for end-of-speech detection.
    :param noise_rms: level of that room noise (int16 units).
    """

    def __init__(
        self,
        paths: str | Path | Sequence[str | Path],
        *,
        realtime: bool = False,
        chunk_ms: int = 100,
        lead_s: float = 0.0,
        gap_s: float = 1.5,
        noise_rms: float = 30.0,
        seed: int = 0,
    ) -> None:
        items = [paths] if isinstance(paths, (str, Path)) else list(paths)
        self.files = [f for p in items for f in wav_files(p)]
        self.realtime = realtime
        self.chunk = RATE_HZ * chunk_ms // 1000
        self.lead_s = lead_s
        self.gap_s = gap_s
        self.noise_rms = noise_rms
        self._rng = np.random.default_rng(seed)
        self._pending: list[np.ndarray] = []
        self._file_index = 0
        self._buffer = np.zeros(0, np.int16)
        self._sent_samples = 0
        self._t0 = 0.0
        self._started = False
        self._done = False

    def start(self) -> None:
        self._started = True
        self._t0 = time.monotonic()
        self._buffer = room_noise(int(self.lead_s * RATE_HZ), self.noise_rms, self._rng)

    def _fill(self) -> None:
        while len(self._buffer) < self.chunk and self._file_index < len(self.files):
            path = self.files[self._file_index]
            self._file_index += 1
            logger.info("audio input: %s", path)
            tail = room_noise(int(self.gap_s * RATE_HZ), self.noise_rms, self._rng)
            self._buffer = np.concatenate([self._buffer, read_wav_file(path), tail])

    def read(self, timeout_s: float) -> AudioChunk | None:
        if not self._started:
            raise AudioError("WavSource.read() before start()")
        self._fill()
        if len(self._buffer) == 0:
            self._done = True
            return None
        if self.realtime:
            due = self._t0 + self._sent_samples / RATE_HZ
            wait = due - time.monotonic()
            if wait > timeout_s:
                time.sleep(timeout_s)  # pacing the simulated microphone, not a test wait
                return None
            if wait > 0:
                time.sleep(wait)
        samples, self._buffer = self._buffer[: self.chunk], self._buffer[self.chunk :]
        self._sent_samples += len(samples)
        return AudioChunk(RATE_HZ, 1, samples)

    @property
    def finished(self) -> bool:
        return self._done

    def stop(self) -> None:
        self._buffer = np.zeros(0, np.int16)
        self._file_index = len(self.files)
        self._done = True
