"""``homeslm satellite``: a Pi with a microphone and a loudspeaker as a Hermes satellite of a homeslm hub (or of
Rhasspy 2.5), without Rhasspy.

- microphone -> ``hermes/audioServer/<siteId>/audioFrame``: the audio in chunks of :data:`CHUNK_FRAMES`
  (64 ms), each one complete 16 kHz mono 16-bit WAV file, QoS 0, as Rhasspy's microphone services send them;
  while the broker is away, the audio is dropped (it would be stale), never queued;
- ``hermes/audioServer/<siteId>/playBytes/<requestId>`` -> loudspeaker, one answer after the other on the
  ``homeslm-satellite-play`` thread, then ``hermes/audioServer/<siteId>/playFinished`` ``{"id": <requestId>}``,
  which tells the hub it may listen again.

Everything else (wake phrase, end of speech, recognition, understanding) runs on the hub, whose
``hermes.satellites`` lists this ``siteId`` with its room.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

import numpy as np

from homeslm.config.model import MqttConfig
from homeslm.hermes import audio_frames as af
from homeslm.mqtt import MqttClient
from homeslm.voice.audio import RATE_HZ, AudioSource, play_samples

logger = logging.getLogger(__name__)

#: Frames per audioFrame: Rhasspy's microphone services send 2048 bytes of 16-bit audio per chunk.
CHUNK_FRAMES = 1024
#: Answers waiting to be played; more are dropped (and their playFinished sent, so the hub hears again).
PLAY_QUEUE = 8

Player = Callable[[np.ndarray, int], bool]
"""``play(samples, rate_hz)`` starts playing int16 samples; ``False`` when there is no output device."""


class SatelliteClient:
    """See the module docstring.

    :param mqtt: the hub's broker.
    :param site_id: this satellite's Hermes siteId (listed in the hub's ``hermes.satellites``).
    :param source: the microphone (:class:`homeslm.voice.audio.MicrophoneSource`; tests feed a fake one).
    :param play: the loudspeaker (default :func:`homeslm.voice.audio.play_samples`; tests pass a fake one).
    """

    def __init__(self, mqtt: MqttConfig, site_id: str, source: AudioSource, *, play: Player | None = None) -> None:
        self.site_id = site_id
        self._source = source
        self._play = play if play is not None else play_samples
        self._client = MqttClient(mqtt, site=site_id, client_id=f"homeslm-satellite-{site_id}", availability=False)
        self._answers: queue.Queue[tuple[str, bytes] | None] = queue.Queue(maxsize=PLAY_QUEUE)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.frames_sent = 0
        self.frames_dropped = 0
        """Audio not sent because the broker was away."""
        self.answers_played = 0

    def start(self) -> None:
        """Open the microphone (an :class:`homeslm.errors.AudioError` says what to fix), connect, start streaming."""
        self._source.start()
        self._client.subscribe(af.play_bytes_filter(self.site_id), self._on_play_bytes, qos=1, retained=False)
        self._client.start()
        for name, target in (("homeslm-satellite-mic", self._stream), ("homeslm-satellite-play", self._play_loop)):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        logger.info("satellite %s: streaming the microphone to %s", self.site_id, af.audio_frame_topic(self.site_id))

    def wait_connected(self, timeout_s: float) -> bool:
        return self._client.wait_connected(timeout_s)

    def stop(self, timeout_s: float = 2.0) -> None:
        self._stop.set()
        try:
            self._answers.put_nowait(None)
        except queue.Full:
            pass  # the play thread sees _stop after its current answer
        for thread in self._threads:
            thread.join(timeout_s)
        self._source.stop()
        self._client.stop(timeout_s=1.0)

    # -- microphone -> audioFrame -----------------------------------------------------------------------

    def _stream(self) -> None:
        pending = np.zeros(0, dtype=np.int16)
        topic = af.audio_frame_topic(self.site_id)
        while not self._stop.is_set():
            try:
                chunk = self._source.read(0.2)
            except Exception:  # boundary: the microphone thread must say why it stopped
                logger.exception("satellite %s: reading the microphone failed", self.site_id)
                return
            if chunk is None:
                if self._source.finished:
                    return
                continue
            pending = np.concatenate([pending, chunk.samples])
            while len(pending) >= CHUNK_FRAMES:
                frame, pending = pending[:CHUNK_FRAMES], pending[CHUNK_FRAMES:]
                if not self._client.connected:
                    self.frames_dropped += 1  # stale audio is worth nothing: never queued for later
                    continue
                try:
                    self._client.publish(topic, af.encode_wav(frame, RATE_HZ), qos=0)
                    self.frames_sent += 1
                except Exception:  # boundary: one publication (a client stopping meanwhile)
                    logger.exception("satellite %s: could not send audio", self.site_id)

    # -- playBytes -> loudspeaker -----------------------------------------------------------------------

    def _on_play_bytes(self, topic: str, payload: bytes) -> None:
        request_id = af.request_of_topic(topic)
        if request_id is None:
            return
        try:
            self._answers.put_nowait((request_id, payload))
        except queue.Full:
            logger.warning("satellite %s: %d answers wait already; not playing %s", self.site_id, PLAY_QUEUE, request_id)
            self._finished(request_id)

    def _play_loop(self) -> None:
        while not self._stop.is_set():
            item = self._answers.get()
            if item is None:
                return
            request_id, wav = item
            try:
                audio = af.decode_wav(wav, max_bytes=int(af.MAX_PLAY_S * 192000))
                seconds = min(len(audio.samples) / RATE_HZ, af.MAX_PLAY_S)
                if self._play(audio.samples, RATE_HZ):
                    self.answers_played += 1
                    self._stop.wait(seconds)  # until the loudspeaker has said it: then the hub may listen again
            except af.AudioFrameError as exc:
                logger.warning("satellite %s: cannot play %s: %s", self.site_id, request_id, exc)
            except Exception:  # boundary: one answer (the sound card)
                logger.exception("satellite %s: playing %s failed", self.site_id, request_id)
            self._finished(request_id)

    def _finished(self, request_id: str) -> None:
        try:
            self._client.publish(af.play_finished_topic(self.site_id), af.play_finished(request_id, self.site_id), qos=1)
        except Exception:  # boundary: one publication
            logger.exception("satellite %s: could not say playFinished", self.site_id)
