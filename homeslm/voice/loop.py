"""The listening loop: audio -> wake phrase or push-to-talk -> end of speech -> transcript.

:class:`VoiceLoop` owns one thread that reads an :class:`homeslm.voice.audio.AudioSource` and calls
``on_transcript(Transcript)`` once per utterance (and ``on_partial(Partial)`` while it is spoken).
The daemon builds the parts and passes them in::

    loop = VoiceLoop(source, wake, recognizer, on_transcript, on_partial)
    loop.start()
    loop.push_to_talk()          # homeslm/<site>/listen, or the CLI
    loop.mute(); speak(...); loop.unmute()   # no self-listening; opens the follow-up window
    loop.replace_recognizer(new)  # a reload: takes over between utterances
    loop.stop()

States: ``idle`` (waiting for the wake phrase; with ``wake=None`` any speech starts an utterance),
``listening`` (feeding the recogniser until end of speech), and within ``idle`` a follow-up window
after each transcript (or :meth:`VoiceLoop.unmute`) in which speech needs no wake phrase.
Time inside the loop is audio time (samples read), so files fed faster than real time behave the
same as the microphone.

:class:`VoiceSettings` (the ``voice:`` section of the config) comes from :mod:`homeslm.config.voice`;
:func:`homeslm.daemon.build.build_voice_loop` builds the whole front end from the config.
"""

from __future__ import annotations

import collections
import enum
import logging
import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from homeslm.voice.asr.base import Partial, Recognizer, Transcript
from homeslm.understanding.policies import heard_alike
from homeslm.voice.audio import RATE_HZ, AudioSource
from homeslm.config.model import Config
from homeslm.config.voice import VoiceSettings  # noqa: F401  re-exported: the settings this loop runs with
from homeslm.voice.vad import end_of_speech_detector
from homeslm.voice.wake import EndOfSpeechSettings, EndReason, WakeDetector

logger = logging.getLogger(__name__)

# --------------------------------------------------------------------------- loop


WAKE_GUARD_S = 0.3
"""After the wake phrase, this much audio does not count as speech for end-of-speech detection."""


class LoopState(enum.Enum):
    IDLE = "idle"
    LISTENING = "listening"


TranscriptCallback = Callable[[Transcript], None]
PartialCallback = Callable[[Partial], None]


class VoiceLoop:
    """Audio -> wake/push-to-talk -> recogniser -> ``on_transcript``, on its own thread.

    :param source: where audio comes from (started by :meth:`start`, stopped by :meth:`stop`).
    :param wake: the wake phrase detector; ``None``: any speech starts an utterance.
    :param recognizer: the speech recogniser.
    :param on_transcript: called on the loop thread with each non-empty transcript; keep it quick
        (hand the text to another thread), the audio waits meanwhile.
    :param on_partial: called with partial results while an utterance is spoken.
    :param on_wake: called when an utterance starts by wake phrase (the chime, when ``voice.chime``).
    :param on_push_to_talk: called when an utterance starts by :meth:`push_to_talk` (the chime, always: the
        microphone opened remotely must be heard in the room).
    :param on_input_end: called once on the loop thread when the source has no more audio (the end of
        the WAV files of ``homeslm run --input``), after the last transcript; never after :meth:`stop`.
    :param end_of_speech: silence / maximum length / no-speech timeouts.
    :param followup_s: the window after a transcript or :meth:`unmute` in which speech needs no wake phrase.
    :param preroll_s: audio kept from before push-to-talk or a follow-up onset, so first syllables are not lost.
    :param min_confidence: transcripts with a lower confidence are logged and ignored.
    :param meaning: what a transcript means (the intents the daemon would understand from it, no side
        effects), to weigh the recogniser's readings of an utterance (:attr:`Transcript.alternatives`).
    :param min_agreement: the share of the readings that must mean what the transcript means
        (:func:`homeslm.understanding.policies.heard_alike`); below it the transcript is logged and ignored.
    :param second_opinion_confidence: a transcript that would be ignored runs when the recogniser's second
        opinion (:meth:`Recognizer.second_opinion`, ``voice.second_opinion``) is at least this sure and means the
        same intents.
    """

    def __init__(
        self,
        source: AudioSource,
        wake: WakeDetector | None,
        recognizer: Recognizer,
        on_transcript: TranscriptCallback,
        on_partial: PartialCallback | None = None,
        *,
        on_wake: Callable[[], None] | None = None,
        on_push_to_talk: Callable[[], None] | None = None,
        on_input_end: Callable[[], None] | None = None,
        end_of_speech: EndOfSpeechSettings | None = None,
        followup_s: float = 5.0,
        preroll_s: float = 0.3,
        min_confidence: float = 0.0,
        meaning: Callable[[str], Hashable] | None = None,
        min_agreement: float = 0.0,
        second_opinion_confidence: float = 0.0,
    ) -> None:
        self.source = source
        self.wake = wake
        self.recognizer = recognizer
        self.on_transcript = on_transcript
        self.on_partial = on_partial
        self.on_wake = on_wake
        self.on_push_to_talk = on_push_to_talk
        self.on_input_end = on_input_end
        self.eos = end_of_speech_detector(end_of_speech)
        self.followup_s = followup_s
        self.min_confidence = min_confidence
        self.meaning = meaning
        self.min_agreement = min_agreement
        self.second_opinion_confidence = second_opinion_confidence
        self.preroll_samples = int(preroll_s * RATE_HZ)
        self.state = LoopState.IDLE
        self.utterances = 0
        """Utterances finished so far (with or without a transcript)."""
        self._preroll: collections.deque[np.ndarray] = collections.deque()
        self._preroll_len = 0
        self._audio_s = 0.0
        self._followup_until = -1.0
        self._ptt = threading.Event()
        self._followup_request: float | None = None
        self._muted = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._next_recognizer: Recognizer | None = None
        """Handed over by :meth:`replace_recognizer`; taken by the loop between utterances."""
        self._abort_requested = threading.Event()
        """Set by :meth:`abort`; taken by the loop thread at its next turn."""
        self.aborted = 0
        """Utterances dropped by :meth:`abort` so far."""
        self._early: Future[Transcript] | None = None
        """The recogniser's early decoding of the utterance up to the pause going on now (``early_s``)."""
        self._early_running: Future[Transcript] | None = None
        """The last early decoding started, which may still run after speech came again."""
        self._early_pool: ThreadPoolExecutor | None = None
        self._early_speech_s = 0.0
        """Speech heard in the utterance when the early decoding started: more since makes it stale."""
        self._early_quiet_db = 0.0
        """The loudest frame of the quiet chunk the early decoding started in: the level its quiet is held to."""
        self.early_decodings = 0
        """Early decodings started / used so far (:meth:`Recognizer.early`): used ones spared a decoding at the end."""
        self.early_used = 0

    # ---- control (any thread)

    def start(self) -> None:
        """Start the audio source (errors surface here) and the loop thread."""
        if self._thread is not None:
            return
        self.source.start()
        self._stop.clear()
        self._thread = threading.Thread(target=self._run_guarded, name="homeslm-voice", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        """Stop the loop thread and the audio source."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout_s)
            if thread.is_alive():
                logger.warning("voice loop did not stop within %.1f s", timeout_s)
        if self._early_pool is not None:
            self._early_pool.shutdown(wait=False)
            self._early_pool = None
        self.source.stop()

    def wait(self, timeout_s: float) -> bool:
        """Wait until the loop ends by itself (the source finished); True if it did within the timeout."""
        thread = self._thread
        if thread is None:
            return True
        thread.join(timeout_s)
        return not thread.is_alive()

    def push_to_talk(self) -> None:
        """Start listening now, without the wake phrase (``homeslm/<site>/listen``)."""
        self._ptt.set()

    def open_followup(self, window_s: float | None = None) -> None:
        """Let speech within ``window_s`` (default ``followup_s``) start an utterance without the wake phrase."""
        with self._lock:
            self._followup_request = self.followup_s if window_s is None else window_s

    def mute(self) -> None:
        """Ignore the audio (while the answer is spoken, so the loop does not hear itself)."""
        self._muted = True

    def unmute(self, followup: bool = True) -> None:
        """Hear again; with ``followup``, open the follow-up window."""
        if followup and self.followup_s > 0:
            self.open_followup()
        self._muted = False

    def abort(self) -> None:
        """Drop the utterance being heard, if any, without a transcript (a satellite stopped streaming in the
        middle of it): asked from any thread, done by the loop thread at its next turn (:meth:`process` or an
        empty read), so the recogniser is only ever used by one thread. Nothing is submitted; the recogniser
        is reset for the next utterance."""
        self._abort_requested.set()

    def replace_recognizer(self, recognizer: Recognizer) -> None:
        """Hear with ``recognizer`` from the next utterance on (a reload built it for the new config).

        The loop takes it at its next chunk of audio outside an utterance, so an utterance being heard
        finishes with the recogniser it started with; the old one is closed then. A recogniser handed
        over earlier and not taken yet is closed unused."""
        with self._lock:
            superseded, self._next_recognizer = self._next_recognizer, recognizer
        if superseded is not None:
            superseded.close()

    # ---- the loop (its own thread, or the caller's via run())

    def _run_guarded(self) -> None:
        try:
            self.run()
        except Exception:  # boundary: the thread must log why it died
            logger.exception("voice loop stopped by an error")

    def run(self) -> None:
        """Read audio until :meth:`stop` or until the source has no more; call the callbacks."""
        while not self._stop.is_set():
            chunk = self.source.read(0.2)
            if chunk is None:
                if self.source.finished:
                    break
                self._take_abort()
                continue
            try:
                self.process(chunk.samples)
            except Exception:  # boundary: one bad turn (recogniser, callback) must not end listening
                logger.exception("voice loop: failed to process %.2f s of audio in state %s",
                                 len(chunk.samples) / RATE_HZ, self.state.value)
                self._abort_utterance()
        if self.state is LoopState.LISTENING:
            self._finish(EndReason.SILENCE)
        if not self._stop.is_set() and self.on_input_end is not None:
            logger.info("the audio input ended after %d utterances", self.utterances)
            self._call("on_input_end", self.on_input_end)

    def process(self, samples: np.ndarray) -> None:
        """One chunk of audio through the state machine (the loop calls this; tests and benchmarks may too)."""
        self._take_abort()
        chunk_start_s = self._audio_s
        self._audio_s += len(samples) / RATE_HZ
        with self._lock:
            if self._followup_request is not None:
                self._followup_until = chunk_start_s + self._followup_request
                self._followup_request = None
            replaced: Recognizer | None = None
            if self._next_recognizer is not None and self.state is LoopState.IDLE:  # between utterances
                replaced, self.recognizer, self._next_recognizer = self.recognizer, self._next_recognizer, None
        if replaced is not None:
            logger.info("voice: the recogniser built for the new configuration takes over")
            try:
                replaced.close()
            except Exception:  # boundary: the old recogniser is done with either way
                logger.exception("voice: closing the previous recogniser failed")
        if self._muted:
            if self.state is LoopState.LISTENING:
                self._abort_utterance()
            self._ptt.clear()
            return
        if self.state is LoopState.LISTENING:
            self._listen(samples)
            return
        if self._ptt.is_set():
            self._ptt.clear()
            logger.info("push-to-talk: listening")
            if self.on_push_to_talk is not None:
                self._call("on_push_to_talk", self.on_push_to_talk)
            self._begin(self._take_preroll() + [samples])
            return
        if self.wake is None or chunk_start_s < self._followup_until:
            if self.eos.speech_onset(samples):
                if self.wake is not None:
                    logger.info("follow-up: listening without the wake phrase")
                self._followup_until = -1.0
                self._begin(self._take_preroll() + [samples])
                return
            self._keep_preroll(samples)
            return
        self.eos.observe(samples)
        step = 320
        for i in range(0, len(samples), step):
            if self.wake.process(samples[i : i + step]):
                logger.info("wake phrase heard: listening")
                if self.on_wake is not None:
                    self._call("on_wake", self.on_wake)
                self._preroll.clear()
                self._preroll_len = 0
                # The spotter fires near the end of the wake phrase: its tail must not count as the command.
                self._begin([samples[i + step :]], guard_s=WAKE_GUARD_S)
                return
        self._keep_preroll(samples)

    def _keep_preroll(self, samples: np.ndarray) -> None:
        self._preroll.append(samples)
        self._preroll_len += len(samples)
        while self._preroll and self._preroll_len - len(self._preroll[0]) >= self.preroll_samples:
            self._preroll_len -= len(self._preroll.popleft())

    def _take_preroll(self) -> list[np.ndarray]:
        out = list(self._preroll)
        self._preroll.clear()
        self._preroll_len = 0
        return out

    def _begin(self, pieces: list[np.ndarray], guard_s: float = 0.0) -> None:
        self.state = LoopState.LISTENING
        self.recognizer.start_utterance()
        self.eos.reset(guard_s)
        for piece in pieces:
            if len(piece) and self.state is LoopState.LISTENING:
                self._listen(piece)

    def _listen(self, samples: np.ndarray) -> None:
        partial = self.recognizer.accept(samples)
        if partial is not None and self.on_partial is not None:
            if logger.isEnabledFor(logging.DEBUG):
                logger.debug("partial: %s", partial.text)
            self._call("on_partial", self.on_partial, partial)
        peak = self.eos.peak_db(samples) if self.eos.settings.early_s else None  # only early decoding needs it
        if self._early is not None and peak is not None and peak > self._early_quiet_db + self.eos.settings.margin_db:
            # a sound in the quiet the early decoding did not hear, louder than the quiet it started in by the
            # speech margin (a soft last word the detector took for quiet): not used, the rest is decoded too
            self._early = None
        reason = self.eos.feed(samples)
        if reason is not None:
            self._finish(reason)
            return
        self._decode_early(peak)

    def _decode_early(self, peak_db: float | None) -> None:
        """At ``early_s`` of quiet after speech, the recogniser starts decoding the utterance so far on a
        worker thread (:meth:`Recognizer.early`); when the quiet goes on to end the utterance, :meth:`_finish`
        takes that transcript, ready sooner than a decoding started at the end of speech. Speech again
        makes it stale: a new pause starts a new one. ``peak_db``: the loudest frame of the chunk just heard,
        the level of the quiet the decoding starts in."""
        early_s = self.eos.settings.early_s
        if not early_s:
            return
        if self.eos.silence_run_s < early_s or self.eos.speech_s < self.eos.settings.min_speech_s:
            self._early = None
            return
        if self._early is not None:
            return
        if self._early_running is not None and not self._early_running.done():
            return  # one decoding at a time: a stale one still runs (try again at the next chunk, never wait here)
        try:
            decode = self.recognizer.early()
        except Exception:  # boundary: without an early decoding, the utterance is decoded at its end as before
            logger.exception("voice: the recogniser could not start an early decoding")
            return
        if decode is None:
            return
        if self._early_pool is None:
            self._early_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="early-decode")
        self._early = self._early_running = self._early_pool.submit(decode)
        self._early_speech_s = self.eos.speech_s
        self._early_quiet_db = peak_db if peak_db is not None else self.eos.floor_db  # the quiet it starts in
        self.early_decodings += 1

    def _wait_early(self) -> None:
        running, self._early_running = self._early_running, None
        if running is not None:
            try:
                running.result()
            except Exception:  # boundary: a stale decoding's failure is not this utterance's
                logger.debug("an early decoding failed", exc_info=True)

    def _end_utterance(self, reason: EndReason) -> Transcript:
        """The recogniser's transcript of the utterance ending now: the early decoding of this pause when the
        pause ended it (no speech since it started), else a decoding from here."""
        early, self._early = self._early, None
        if early is not None and reason is EndReason.SILENCE and self.eos.speech_s == self._early_speech_s:
            self._early_running = None
            self.early_used += 1
            return self.recognizer.finish_with(early.result)
        self._wait_early()
        return self.recognizer.finish()

    def _finish(self, reason: EndReason) -> None:
        self.state = LoopState.IDLE
        self.utterances += 1
        transcript = self._end_utterance(reason)
        if self.wake is not None:
            self.wake.reset()
        if not transcript.text:
            logger.info("utterance ended (%s): nothing recognised", reason.value)
            return
        if transcript.confidence < self.min_confidence:
            logger.info("ignored (%s, confidence %.2f < %.2f): %s", reason.value, transcript.confidence,
                        self.min_confidence, transcript.text)
            if not self._second_opinion_agrees(transcript):
                return
        elif transcript.alternatives and self.meaning is not None and self.min_agreement > 0:
            try:
                agreed = self._readings_agree(transcript, self.meaning)
            except Exception:  # boundary: what they mean is unknown, so nothing runs; listening goes on
                logger.exception("ignored (%s, the recogniser's readings could not be weighed): %s", reason.value,
                                 transcript.text)
                return
            if not agreed:
                logger.info("ignored (%s, the recogniser's readings disagree on what was meant): %s [%s]", reason.value,
                            transcript.text, "; ".join(f"{text} {share:.2f}" for readings in transcript.alternatives
                                                       for text, share in readings[1:]))
                if not self._second_opinion_agrees(transcript):
                    return
        logger.info("transcript (%s, confidence %.2f): %s", reason.value, transcript.confidence, transcript.text)
        if self.followup_s > 0:
            self._followup_until = self._audio_s + self.followup_s
        self._call("on_transcript", self.on_transcript, transcript)

    def _second_opinion_agrees(self, transcript: Transcript) -> bool:
        """Whether the recogniser's second opinion (``voice.second_opinion``: another recogniser hearing the same
        audio, asked only now) is sure enough and means the same intents as ``transcript``: two recognisers of
        different kinds rarely hear one command as the same wrong one."""
        if self.meaning is None:
            return False
        try:
            second = self.recognizer.second_opinion()
            if second is None or not second.text or second.confidence < self.second_opinion_confidence:
                return False
            meant = self.meaning(transcript.text)
            agreed = bool(meant) and self.meaning(second.text) == meant
        except Exception:  # boundary: a failing second opinion leaves the transcript ignored; listening goes on
            logger.exception("the second opinion on %r failed", transcript.text)
            return False
        if agreed:
            logger.info("a second opinion means the same (%s, confidence %.2f): %s", second.text, second.confidence,
                        transcript.text)
        return agreed

    def _readings_agree(self, transcript: Transcript, meaning: Callable[[str], Hashable]) -> bool:
        """Whether the recogniser's readings of the utterance mean what ``transcript`` means enough
        (:func:`heard_alike`); a transcript that means nothing is not weighed (the daemon refuses it)."""
        meanings = {transcript.text: meaning(transcript.text)}
        for readings in transcript.alternatives:
            for text, _ in readings:
                if text not in meanings:
                    meanings[text] = meaning(text)
        meant = meanings[transcript.text]
        doubts = [[(meanings[text], share) for text, share in readings] for readings in transcript.alternatives]
        return not meant or heard_alike(doubts, meant, self.min_agreement)

    def _take_abort(self) -> None:
        if self._abort_requested.is_set():
            self._abort_requested.clear()
            if self.state is LoopState.LISTENING:
                self.aborted += 1
                self.utterances += 1
                logger.info("utterance dropped: the audio stopped coming in the middle of it")
                self._abort_utterance()
                if self.wake is not None:
                    self.wake.reset()

    def _abort_utterance(self) -> None:
        if self.state is LoopState.LISTENING:
            self.state = LoopState.IDLE
            self._early = None
            self._wait_early()
            try:
                self.recognizer.finish()
            except Exception:  # boundary: the recogniser already failed once; reset quietly
                logger.debug("recogniser reset failed", exc_info=True)

    def _call(self, what: str, fn: Callable[..., None], *args: Any) -> None:
        try:
            fn(*args)
        except Exception:  # boundary: a failing listener must not stop listening
            logger.exception("voice loop: %s callback failed", what)


# --------------------------------------------------------------------------- reload


RESTART_KEYS: frozenset[str] = frozenset({
    "input_device", "wake_engine", "wake_phrase", "wake_sensitivity", "wake_threshold", "chime",
    "followup_s", "silence_s", "early_decode_s", "max_utterance_s", "no_speech_s", "vad", "min_confidence", "min_agreement",
    "second_opinion_confidence",
})
"""``voice:`` settings the running microphone, wake engine and listening loop were built with: a reload
cannot apply them. ``pocketsphinx`` (also read by the built-in wake engine) is applied to the recogniser only."""


@dataclass(frozen=True)
class VoiceReload:
    """What a config reload means for a running voice front end (:func:`plan_voice_reload`)."""

    rebuild_recognizer: bool
    """The recogniser depends on something that changed: the home's names, its ``voice:`` settings or the plugins'."""
    restart_keys: tuple[str, ...]
    """``voice.<key>`` settings that changed but only take effect after a restart (sorted)."""


def _recognizer_inputs(config: Config) -> tuple[object, ...]:
    """What a recogniser is built from besides the ``voice:`` settings: the home and the plugins."""
    return (config.devices, config.areas, config.floors, config.area, config.language, config.temperature_unit,
            config.plugins.paths, config.plugins.disable, config.plugins.settings)


def plan_voice_reload(old: Config, new: Config) -> VoiceReload:
    """Compare the running config with the reloaded one, as far as the voice front end is concerned.

    The recogniser is built from the names (devices and aliases, areas, floors, this microphone's area),
    the command sentences drawn for that home, the ``voice:`` settings other than :data:`RESTART_KEYS`
    and its plugin (whose settings, or which plugins load, may have changed)."""
    missing = object()
    changed = {key for key in {*old.voice, *new.voice} if old.voice.get(key, missing) != new.voice.get(key, missing)}
    rebuild = _recognizer_inputs(old) != _recognizer_inputs(new) or bool(changed - RESTART_KEYS)
    restart = changed & (RESTART_KEYS | ({"pocketsphinx"} if new.voice.get("wake_phrase", "") is not None else set()))
    return VoiceReload(rebuild, tuple(sorted(restart)))
