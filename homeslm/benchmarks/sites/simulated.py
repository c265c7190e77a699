"""A simulated Rhasspy 2.5 satellite: streams audio over MQTT exactly as ``rhasspy-microphone-*-hermes`` does
(every 1024 frames, 64 ms at 16 kHz, as one complete 16-bit mono WAV file on
``hermes/audioServer/<siteId>/audioFrame``, QoS 0, in real time, without pause: a quiet room's noise floor
between what is said), and plays ``playBytes`` answers the way ``rhasspy-speakers-*-hermes`` does (it
says ``playFinished`` with the request id once the answer has played).

Used by ``homeslm bench sites`` and the tests of :mod:`homeslm.hermes.sites`.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass, field

import numpy as np

from homeslm.config.model import MqttConfig
from homeslm.hermes import audio_frames as af
from homeslm.mqtt import MqttClient
from homeslm.voice.audio import RATE_HZ

#: Rhasspy's microphone services: 2048 bytes of 16-bit audio per chunk.
CHUNK_FRAMES = 1024


@dataclass
class Spoken:
    """One stretch of audio handed to :meth:`SimulatedSatellite.say`."""

    samples: np.ndarray
    speech_end: int
    """Index of the sample after the last word (the rest is the room's noise)."""
    speech_end_s: float | None = None
    """``time.monotonic()`` when the chunk holding the last word was published."""
    sent: threading.Event = field(default_factory=threading.Event)
    """Set once the whole stretch was published."""


@dataclass(frozen=True)
class Played:
    request_id: str
    wav: bytes
    at: float


class SimulatedSatellite:
    """See the module docstring.

    :param mqtt: the broker.
    :param site_id: its Hermes siteId.
    :param noise_rms: the room's noise floor between utterances (never digital silence).
    :param play_s: how long playing an answer takes before ``playFinished``: ``None`` as long as the WAV lasts,
        0 at once; ``playFinished`` is not sent at all with ``answer_finished=False``.
    :param speed: 1.0 streams in real time (as a microphone does).
    """

    def __init__(self, mqtt: MqttConfig, site_id: str, *, noise_rms: float = 30.0, seed: int = 0,
                 play_s: float | None = 0.0, answer_finished: bool = True, speed: float = 1.0) -> None:
        self.site_id = site_id
        self._client = MqttClient(mqtt, site=f"sim-{site_id}", availability=False)
        self._rng = np.random.default_rng(seed)
        self._noise_rms = noise_rms
        self._play_s = play_s
        self._answer_finished = answer_finished
        self._speed = speed
        self._pending: queue.Queue[Spoken] = queue.Queue()
        self._streaming = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.played: list[Played] = []
        self._played_cv = threading.Condition(self._lock)
        self.frames_sent = 0

    def start(self, timeout_s: float = 10.0) -> None:
        """Connect, subscribe to its playBytes, start streaming the noise floor."""
        self._client.subscribe(af.play_bytes_filter(self.site_id), self._on_play, qos=1, retained=False)
        self._client.start()
        if not self._client.wait_connected(timeout_s):
            raise RuntimeError(f"simulated satellite {self.site_id}: no connection to the broker")
        self._streaming.set()
        self._thread = threading.Thread(target=self._stream, name=f"sim-{self.site_id}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._streaming.set()
        if self._thread is not None:
            self._thread.join(5.0)
        self._client.stop(timeout_s=1.0)

    def say(self, samples: np.ndarray, speech_end: int | None = None) -> Spoken:
        """Stream ``samples`` next (after what is already queued); then the noise floor again."""
        spoken = Spoken(np.asarray(samples, dtype=np.int16), len(samples) if speech_end is None else speech_end)
        self._pending.put(spoken)
        return spoken

    def stop_streaming(self) -> None:
        """Stop sending frames altogether (a satellite that crashed or lost its network), after the current chunk."""
        self._streaming.clear()

    def resume_streaming(self) -> None:
        self._streaming.set()

    def wait_played(self, count: int, timeout_s: float) -> list[Played]:
        """Wait until ``count`` answers were played; what was played so far."""
        with self._played_cv:
            self._played_cv.wait_for(lambda: len(self.played) >= count, timeout=timeout_s)
            return list(self.played)

    # -- the microphone thread --------------------------------------------------------------------------

    def _noise(self, n: int) -> np.ndarray:
        return np.clip(np.round(self._rng.standard_normal(n) * self._noise_rms), -32768, 32767).astype(np.int16)

    def _stream(self) -> None:
        period_s = CHUNK_FRAMES / RATE_HZ / self._speed
        next_s = time.monotonic()
        current: Spoken | None = None
        offset = 0
        while not self._stop.is_set():
            if not self._streaming.is_set():
                self._streaming.wait(0.1)
                next_s = time.monotonic()
                continue
            if current is None:
                try:
                    current, offset = self._pending.get_nowait(), 0
                except queue.Empty:
                    current = None
            if current is not None:
                chunk = current.samples[offset: offset + CHUNK_FRAMES]
                if len(chunk) < CHUNK_FRAMES:
                    chunk = np.concatenate([chunk, self._noise(CHUNK_FRAMES - len(chunk))])
            else:
                chunk = self._noise(CHUNK_FRAMES)
            self._client.publish(af.audio_frame_topic(self.site_id), af.encode_wav(chunk), qos=0)
            self.frames_sent += 1
            if current is not None:
                if offset <= current.speech_end <= offset + CHUNK_FRAMES and current.speech_end_s is None:
                    current.speech_end_s = time.monotonic()
                offset += CHUNK_FRAMES
                if offset >= len(current.samples):
                    current.sent.set()
                    current = None
            next_s += period_s
            delay_s = next_s - time.monotonic()
            if delay_s > 0:
                self._stop.wait(delay_s)  # the microphone's pace: one chunk every 64 ms
            else:
                next_s = time.monotonic()

    # -- the loudspeaker --------------------------------------------------------------------------------

    def _on_play(self, topic: str, payload: bytes) -> None:
        request_id = af.request_of_topic(topic)
        if request_id is None:
            return
        with self._played_cv:
            self.played.append(Played(request_id, payload, time.monotonic()))
            self._played_cv.notify_all()
        if not self._answer_finished:
            return
        play_s = af.wav_duration_s(payload) if self._play_s is None else self._play_s

        def finished() -> None:
            self._client.publish(af.play_finished_topic(self.site_id), af.play_finished(request_id, self.site_id), qos=1)

        if play_s <= 0:
            finished()
        else:
            timer = threading.Timer(play_s / self._speed, finished)
            timer.daemon = True
            timer.start()
