"""The hub's ears and mouth for its Hermes satellites (``hermes: {enabled: true, audio: true}``).

Each configured satellite gets its own voice front end on this daemon: a :class:`FrameSource` filled from
its ``hermes/audioServer/<siteId>/audioFrame`` WAV chunks (on the MQTT dispatcher thread, which only decodes
and enqueues) and its own :class:`homeslm.voice.loop.VoiceLoop` on its own thread (its own wake engine, end
of speech and recogniser, built by the daemon's ``make_loop``), so that sites are heard at the same time and
one site's utterance never mixes with another's. Its transcripts go to the daemon (``on_transcript``) as
commands of that site: its room as the microphone's room, its own follow-ups and questions.

The **stream timeout**: a satellite that stops sending frames for ``hermes.stream_timeout_s`` while an
utterance is being heard has that utterance dropped (:meth:`homeslm.voice.loop.VoiceLoop.abort`: nothing
runs, its Hermes session ends with ``timeout``), and its retained ``homeslm/<siteId>/microphone`` says
``lost`` until frames come again (``ok``).

**Answers** (:meth:`SatelliteAudio.say`, from the worker) are synthesised on this module's own thread by the
``synthesize_speech`` plugins and sent as ``hermes/audioServer/<siteId>/playBytes/<requestId>``; the site's
loop is muted until the satellite says ``playFinished`` with that id (or the answer's length and
:data:`PLAY_MARGIN_S` have passed), then opens its follow-up window, as the daemon's own microphone does
after speaking.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from homeslm.config.model import Config, Satellite
from homeslm.hermes import audio_frames as af
from homeslm.log_throttle import LogThrottle
from homeslm.mqtt import MqttClient, microphone_topic
from homeslm.voice.asr.base import Transcript
from homeslm.voice.audio import RATE_HZ, AudioChunk, AudioSource
from homeslm.voice.loop import LoopState, VoiceLoop

logger = logging.getLogger(__name__)

#: Audio waiting for a site's loop, in seconds; more (a hub far behind) drops the newest frames, counted.
MAX_QUEUED_S = 30.0
#: After this long past the end of an answer without ``playFinished``, the site hears again.
PLAY_MARGIN_S = 1.0
#: Answers waiting to be synthesised; more are sent as text only (``hermes/tts/say`` already has them).
ANSWER_QUEUE = 16
#: How often the stream timeouts and the answers being played are checked.
CHECK_INTERVAL_S = 0.1
LOG_INTERVAL_S = 60.0

LoopFactory = Callable[[Satellite, AudioSource, Callable[[Transcript], None], Callable[[], None]], VoiceLoop]
"""``make_loop(satellite, source, on_transcript, on_wake)``: the daemon's builder of one site's voice loop."""


class FrameSource(AudioSource):
    """One satellite's audio: chunks put by the MQTT dispatcher (:meth:`put`), read by the site's loop."""

    def __init__(self, max_queued_s: float = MAX_QUEUED_S, clock: Callable[[], float] = time.monotonic) -> None:
        self._queue: queue.Queue[np.ndarray] = queue.Queue()
        self._max_samples = int(max_queued_s * RATE_HZ)
        self._queued = 0
        self._lock = threading.Lock()
        self._clock = clock
        self.last_frame_s: float | None = None
        """When the last frame arrived (monotonic seconds); ``None`` before the first."""
        self.dropped = 0
        """Frames dropped because the loop was :data:`MAX_QUEUED_S` behind."""

    def start(self) -> None:
        pass  # nothing to open: frames arrive over MQTT

    def put(self, samples: np.ndarray) -> bool:
        """Queue one frame (dispatcher thread); ``False`` when dropped (the loop is too far behind)."""
        with self._lock:
            self.last_frame_s = self._clock()
            if self._queued + len(samples) > self._max_samples:
                self.dropped += 1
                return False
            self._queued += len(samples)
        self._queue.put(samples)
        return True

    def read(self, timeout_s: float) -> AudioChunk | None:
        try:
            samples = self._queue.get(timeout=timeout_s)
        except queue.Empty:
            return None
        with self._lock:
            self._queued -= len(samples)
        return AudioChunk(RATE_HZ, 1, samples)

    def silent_for_s(self) -> float:
        """Seconds since the last frame arrived, counted only once every frame was read (0 while some wait)."""
        with self._lock:
            if self._queued > 0 or self.last_frame_s is None:
                return 0.0
            return self._clock() - self.last_frame_s

    def stop(self) -> None:
        pass  # the loop stops reading; frames still queued are dropped with the source


@dataclass
class _Site:
    satellite: Satellite
    source: FrameSource
    loop: VoiceLoop | None = None
    streaming: bool | None = None
    """Whether frames come (published as ``ok``/``lost``); ``None`` before the first frame."""
    playing: dict[str, float] = field(default_factory=dict)
    """Answers sent as playBytes and not yet finished: request id -> when to hear again anyway."""
    muted: bool = False
    """Muted by Home Assistant's switch (:meth:`SatelliteAudio.set_muted`): an answer played never unmutes it."""


class SatelliteAudio:
    """See the module docstring.

    :param config: the daemon's config (``hermes.satellites``, ``hermes.stream_timeout_s``).
    :param mqtt: the daemon's client.
    :param make_loop: builds one site's voice loop (the daemon's: recogniser and wake engine from its plugins).
    :param on_transcript: ``on_transcript(satellite, text, confidence)``: a site's final transcript (its loop
        thread): the daemon publishes it and queues it as that site's command.
    :param on_wake: ``on_wake(site)``: the wake phrase was heard at a site (its loop thread).
    :param on_abandoned: ``on_abandoned(site)``: an utterance was dropped by the stream timeout.
    :param synthesize: the answer as a WAV file (the ``synthesize_speech`` plugins), ``None`` when none made one.
    """

    def __init__(self, config: Config, mqtt: MqttClient, *, make_loop: LoopFactory,
                 on_transcript: Callable[[Satellite, str, float | None], None],
                 on_wake: Callable[[str], None] | None = None, on_abandoned: Callable[[str], None] | None = None,
                 synthesize: Callable[[str], bytes | None] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._mqtt = mqtt
        self._make_loop = make_loop
        self._on_transcript = on_transcript
        self._on_wake = on_wake
        self._on_abandoned = on_abandoned
        self._synthesize = synthesize
        self._clock = clock
        self._timeout_s = config.hermes.stream_timeout_s
        self._sites: dict[str, _Site] = {s.site_id: _Site(s, FrameSource(clock=clock)) for s in config.hermes.satellites}
        self._lock = threading.Lock()
        self._answers: queue.Queue[tuple[str, str, str | None] | None] = queue.Queue(maxsize=ANSWER_QUEUE)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._log = LogThrottle(LOG_INTERVAL_S)
        self.timeouts = 0
        """Utterances dropped because their satellite stopped streaming."""

    @property
    def sites(self) -> frozenset[str]:
        return frozenset(self._sites)

    def loop(self, site: str) -> VoiceLoop | None:
        """The voice loop of a site (``None`` for a site not served here or before :meth:`start`)."""
        entry = self._sites.get(site)
        return entry.loop if entry is not None else None

    # -- life ---------------------------------------------------------------------------------------------

    def start(self) -> None:
        """Build and start every site's loop, subscribe to the audio topics, start the answer and check threads.
        A loop that cannot be built raises (the daemon refuses to start: the config names an engine it lacks)."""
        for entry in self._sites.values():
            entry.loop = self._make_loop(entry.satellite, entry.source, self._transcript_of(entry.satellite),
                                         self._wake_of(entry.satellite.site_id))
        for site, entry in self._sites.items():
            assert entry.loop is not None
            entry.loop.start()
            entry.streaming = False  # a stale retained "ok" of a previous run must not say it streams
            self._publish_microphone(site, "lost", "no audio from the satellite yet")
        self._mqtt.subscribe(af.AUDIO_FRAME_ANY, self._on_frame, qos=0, retained=False)
        self._mqtt.subscribe(af.PLAY_FINISHED_ANY, self._on_play_finished, qos=1, retained=False)
        for name, target in (("homeslm-hermes-answers", self._answer_loop), ("homeslm-hermes-check", self._check_loop)):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        logger.info("listening to %d Hermes satellites' audio: %s", len(self._sites), ", ".join(sorted(self._sites)))

    def stop(self, timeout_s: float = 2.0) -> None:
        """Stop the loops (an utterance being heard is dropped) and the threads."""
        self._stop.set()
        try:
            self._answers.put_nowait(None)
        except queue.Full:
            pass  # the answer thread sees _stop at its next turn
        for entry in self._sites.values():
            if entry.loop is not None:
                entry.loop.stop(timeout_s)
        for thread in self._threads:
            thread.join(timeout_s)

    def reload(self, config: Config) -> None:
        """Take the satellites' rooms from a reloaded config; added or removed satellites need a restart."""
        new = {s.site_id: s for s in config.hermes.satellites}
        if set(new) != set(self._sites) or config.hermes.stream_timeout_s != self._timeout_s:
            logger.warning("hermes.satellites or stream_timeout_s changed: restart homeslm to listen to the new "
                           "set of satellites; the rooms of those still configured are updated")
        with self._lock:
            for site, entry in self._sites.items():
                if site in new:
                    entry.satellite = new[site]

    # -- in: audio and playFinished (MQTT dispatcher thread: decode and enqueue only) -----------------------

    def _on_frame(self, topic: str, payload: bytes) -> None:
        site = af.site_of_topic(topic)
        entry = self._sites.get(site) if site is not None else None
        if site is None or entry is None:
            return  # another hub's satellite, or one not configured here
        try:
            audio = af.decode_wav(payload)
        except af.AudioFrameError as exc:
            self._warn(f"frame-{site}", "dropped an audio frame from %s: %s", site, exc)
            return
        if not entry.source.put(audio.samples):
            self._warn(f"behind-{site}", "dropped audio from %s: its voice loop is %.0f s behind", site, MAX_QUEUED_S)
        if entry.streaming is not True:
            entry.streaming = True
            self._publish_microphone(site, "ok", "the satellite streams audio")

    def _on_play_finished(self, topic: str, payload: bytes) -> None:
        site = af.site_of_topic(topic)
        request_id = af.finished_id(payload)
        entry = self._sites.get(site) if site is not None else None
        if entry is None or request_id is None:
            return
        with self._lock:
            if entry.playing.pop(request_id, None) is None:
                return
            if not entry.playing and not entry.muted and entry.loop is not None:
                logger.debug("satellite %s played answer %s: hearing again", site, request_id)
                entry.loop.unmute()

    # -- push-to-talk (a satellite's own hotword) ---------------------------------------------------------

    def listen(self, site: str) -> bool:
        """Start listening at ``site`` now (its hotword, or Home Assistant's listen button); ``False`` for a site
        not heard here or muted."""
        entry = self._sites.get(site)
        if entry is None or entry.loop is None or entry.muted:
            return False
        entry.loop.push_to_talk()
        return True

    def set_muted(self, site: str, muted: bool) -> bool:
        """Mute or unmute a satellite (Home Assistant's switch, MQTT dispatcher thread): while muted its loop
        hears nothing (an utterance being heard is dropped), its frames still say it streams; ``False`` for a
        site not heard here. Unmuting opens no follow-up window."""
        entry = self._sites.get(site)
        if entry is None or entry.loop is None:
            return False
        with self._lock:  # the muted flag and the loop's together: an answer's end checks the flag under it
            entry.muted = muted
            if muted:
                entry.loop.mute()
            elif not entry.playing:  # else the answer's end unmutes it
                entry.loop.unmute(followup=False)
        logger.info("satellite %s %s by Home Assistant's switch", site, "muted" if muted else "unmuted")
        return True

    def muted(self, site: str) -> bool:
        entry = self._sites.get(site)
        return entry is not None and entry.muted

    # -- out: answers as playBytes ------------------------------------------------------------------------

    def say(self, site: str, text: str, session_id: str | None = None) -> None:
        """Play ``text`` on a satellite (worker thread): queued for the answer thread."""
        if site not in self._sites or not text.strip():
            return
        try:
            self._answers.put_nowait((site, text, session_id))
        except queue.Full:
            self._warn("answers", "not playing an answer at %s: %d answers wait already (sent as text)", site,
                       ANSWER_QUEUE)

    def _answer_loop(self) -> None:
        while not self._stop.is_set():
            item = self._answers.get()
            if item is None:
                return
            site, text, _session = item
            try:
                self._play(site, text)
            except Exception:  # boundary: one answer (a plugin, a publication)
                logger.exception("could not play the answer %r at satellite %s", text, site)

    def _play(self, site: str, text: str) -> None:
        wav = self._synthesize(text) if self._synthesize is not None else None
        if wav is None:
            self._warn("no-tts", "no synthesize_speech plugin made audio for %s (sent as hermes/tts/say only)", site)
            return
        request_id = uuid.uuid4().hex
        entry = self._sites[site]
        with self._lock:
            entry.playing[request_id] = self._clock() + min(af.wav_duration_s(wav), af.MAX_PLAY_S) + PLAY_MARGIN_S
        if entry.loop is not None:
            entry.loop.mute()  # the satellite's microphone would hear the answer
        self._mqtt.publish(af.play_bytes_topic(site, request_id), wav, qos=1)

    # -- the stream timeout and answers never finished (check thread) ---------------------------------------

    def _check_loop(self) -> None:
        while not self._stop.wait(CHECK_INTERVAL_S):
            for site, entry in self._sites.items():
                try:
                    self._check(site, entry)
                except Exception:  # boundary: one site's check
                    logger.exception("checking satellite %s failed", site)

    def _check(self, site: str, entry: _Site) -> None:
        loop = entry.loop
        if loop is None:
            return
        silent_s = entry.source.silent_for_s()
        if silent_s > self._timeout_s:
            if loop.state is LoopState.LISTENING:
                self.timeouts += 1
                logger.warning("satellite %s stopped streaming in the middle of an utterance (%.1f s without "
                               "audio): the utterance is dropped", site, silent_s)
                loop.abort()
                if self._on_abandoned is not None:
                    self._on_abandoned(site)
            if entry.streaming:
                entry.streaming = False
                self._publish_microphone(site, "lost", f"no audio from the satellite for {self._timeout_s:g} s")
        now = self._clock()
        with self._lock:
            overdue = [rid for rid, until in entry.playing.items() if now > until]
            for rid in overdue:
                del entry.playing[rid]
            if overdue and not entry.playing and not entry.muted:
                logger.debug("satellite %s did not say playFinished: hearing again", site)
                loop.unmute()

    # -- helpers ------------------------------------------------------------------------------------------

    def _transcript_of(self, satellite: Satellite) -> Callable[[Transcript], None]:
        site = satellite.site_id

        def on_transcript(transcript: Transcript) -> None:
            with self._lock:
                current = self._sites[site].satellite  # its room as reloaded
            self._on_transcript(current, transcript.text, transcript.confidence)
        return on_transcript

    def _wake_of(self, site: str) -> Callable[[], None]:
        def on_wake() -> None:
            if self._on_wake is not None:
                self._on_wake(site)
        return on_wake

    def _publish_microphone(self, site: str, state: str, message: str) -> None:
        logger.info("satellite %s: %s", site, message)
        try:
            self._mqtt.publish(microphone_topic(site), {"state": state, "message": message}, qos=1, retain=True)
        except Exception:  # boundary: one publication
            logger.exception("could not publish the microphone state of %s", site)

    def _warn(self, kind: str, message: str, *args: object) -> None:
        not_logged = self._log.allow(kind)
        if not_logged is not None:
            logger.warning(message + " (%d more like it not logged)", *args, not_logged)
