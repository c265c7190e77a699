"""The rig of ``homeslm bench voice``: the daemon with its real voice loop, fed synthesised audio through a
queue instead of a microphone, a recogniser wrapper that times each utterance, the clips and their
results, and the daemon as a process of its own for its RSS."""

from __future__ import annotations

import logging
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import yaml

from homeslm.voice.asr.base import Partial, Recognizer, Transcript, normalise_text
from homeslm.voice.audio import AudioChunk, AudioSource
from homeslm.benchmarks.voice.broker import BrokerSide, Message
from homeslm.benchmarks.voice.speech import RATE_HZ

if TYPE_CHECKING:
    from homeslm.config.model import Config
    from homeslm.daemon.runner import Daemon
    from homeslm.voice.link import VoiceFrontEnd, VoiceHooks
    from homeslm.voice.loop import VoiceLoop, VoiceSettings

logger = logging.getLogger(__name__)

WAIT_ANSWER_S = 30.0
"""Longest wait for the daemon's answer to one utterance."""


# --------------------------------------------------------------------------------------------------
# The microphone seam and the timed recogniser


class QueueSource(AudioSource):
    """Audio pushed by the benchmark, read by the voice loop; :meth:`wait_drained` waits until the loop
    asked for more than was pushed (so everything pushed has been processed)."""

    def __init__(self) -> None:
        self._queue: queue.Queue[tuple[np.ndarray, bool]] = queue.Queue()
        self._drained = threading.Event()
        self._stopped = False
        self._due = 0.0
        self.read_samples = 0
        """Samples handed to the loop so far (the stream's audio time)."""

    def start(self) -> None:
        self._stopped = False

    def push(self, samples: np.ndarray, chunk: int = 1600, paced: bool = False) -> None:
        """``paced``: handed over no faster than a microphone gives them (real time), from the first of them on."""
        self._drained.clear()
        for i in range(0, len(samples), chunk):
            self._queue.put((samples[i : i + chunk], paced))

    def wait_drained(self, timeout_s: float) -> bool:
        return self._drained.wait(timeout_s)

    def read(self, timeout_s: float) -> AudioChunk | None:
        try:
            samples, paced = self._queue.get_nowait()
        except queue.Empty:
            self._drained.set()
            try:
                samples, paced = self._queue.get(timeout=timeout_s)
            except queue.Empty:
                return None
        now = time.monotonic()
        if not paced:
            self._due = 0.0
        else:  # a chunk's audio is handed over when it would have been spoken, as a microphone's
            if self._due > now:
                time.sleep(self._due - now)
            self._due = max(now, self._due) + len(samples) / RATE_HZ
        self.read_samples += len(samples)
        return AudioChunk(RATE_HZ, 1, samples)

    @property
    def finished(self) -> bool:
        return self._stopped

    def stop(self) -> None:
        self._stopped = True


@dataclass
class Utterance:
    """One utterance as the loop ended it."""

    eos_at: float
    """``time.monotonic()`` when the loop asked for the final result (end of speech decided)."""
    transcript: Transcript
    audio_s: float
    busy_s: float
    """Time spent in the recogniser for this utterance (accept + finish)."""
    final_s: float
    """Time the final result took (``finish``: the end of decoding, a re-decode when unsure)."""
    accepted: bool = False
    """Handed to the daemon (not empty, confident enough)."""
    eos_sample: int = 0
    """The stream's audio time (samples read from the source) when end of speech was decided."""


class TimedRecognizer(Recognizer):
    """The real recogniser, with the time it takes and the moment each utterance ends recorded."""

    def __init__(self, inner: Recognizer, position: Callable[[], int] | None = None) -> None:
        self.inner = inner
        self.position = position
        self.name = inner.name
        self.utterances: list[Utterance] = []
        self.second_opinions = 0
        """Utterances the loop asked the second recogniser about (``voice.second_opinion``)."""
        self._audio = 0
        self._busy = 0.0
        self._early_busy = 0.0

    def start_utterance(self) -> None:
        self._audio = 0
        self._busy = 0.0
        started = time.perf_counter()
        self.inner.start_utterance()
        self._busy += time.perf_counter() - started

    def accept(self, samples: np.ndarray) -> Partial | None:
        started = time.perf_counter()
        partial = self.inner.accept(samples)
        self._busy += time.perf_counter() - started
        self._audio += len(samples)
        return partial

    def finish(self) -> Transcript:
        return self._ended(self.inner.finish, busy=True)

    def early(self) -> Callable[[], Transcript] | None:
        decode = self.inner.early()
        if decode is None:
            return None

        def timed() -> Transcript:
            started = time.perf_counter()
            try:
                return decode()
            finally:
                self._early_busy += time.perf_counter() - started  # on the worker: counted when it is used
        self._early_busy = 0.0
        return timed

    def finish_with(self, early: Callable[[], Transcript]) -> Transcript:
        transcript = self._ended(lambda: self.inner.finish_with(early), busy=False)
        self._busy += self._early_busy  # the decoding's own time (the wait for it is not work)
        self.utterances[-1].busy_s = self._busy
        return transcript

    def _ended(self, end: Callable[[], Transcript], busy: bool) -> Transcript:
        """``final_s``: from the end of speech to the transcript (what is left of an early decoding, or all of
        a decoding from the end); ``busy``: that time is the recogniser's work."""
        eos_at = time.monotonic()
        started = time.perf_counter()
        transcript = end()
        final_s = time.perf_counter() - started
        self._busy += final_s if busy else 0.0
        self.utterances.append(Utterance(eos_at, transcript, self._audio / RATE_HZ, self._busy, final_s,
                                         eos_sample=self.position() if self.position is not None else 0))
        return transcript

    def set_vocabulary(self, phrases: Sequence[str]) -> None:
        self.inner.set_vocabulary(phrases)

    def second_opinion(self) -> Transcript | None:
        started = time.perf_counter()
        second = self.inner.second_opinion()
        self._busy += time.perf_counter() - started
        if second is not None:
            self.second_opinions += 1
        return second

    def close(self) -> None:
        self.inner.close()



# --------------------------------------------------------------------------------------------------
# Utterances through the daemon


@dataclass(frozen=True)
class Clip:
    kind: str
    """``command`` or ``chatter``."""
    text: str
    """What the speaker means (the grammar's sentence)."""
    spoken: str
    """What espeak-ng says and the reference for the word error rate."""
    voice: str
    snr_db: float | None
    target: tuple[dict[str, Any], ...] = ()
    """The intents of ``text`` (commands)."""


@dataclass
class ClipResult:
    clip: Clip
    transcript: str = ""
    confidences: list[float] = field(default_factory=list)
    """The recogniser's confidence in each utterance of the clip."""
    accepted: int = 0
    dropped: int = 0
    """Utterances with words that the loop ignored (confidence below ``voice.min_confidence``)."""
    intents: list[dict[str, Any]] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    device_latency_s: float | None = None
    answer_latency_s: float | None = None
    speech_end_to_eos_s: float | None = None
    """Audio time from the end of the spoken words to the loop deciding end of speech (the first utterance):
    what a speaker waits on top of the end of speech -> device latency (``silence_s`` and the detector's lag)."""
    final_s: float | None = None
    """How long the recogniser's final result of the first accepted utterance took (part of both latencies)."""
    audio_s: float = 0.0
    busy_s: float = 0.0
    word_errors: int = 0
    ref_words: int = 0
    timed_out: bool = False

    @property
    def correct(self) -> bool:
        return self.clip.kind == "command" and bool(self.clip.target) and list(self.clip.target) == self.intents

    @property
    def executed(self) -> bool:
        return bool(self.intents)


def word_errors(reference: str, hypothesis: str) -> int:
    """Word-level edit distance (substitutions + deletions + insertions)."""
    ref, hyp = reference.split(), hypothesis.split()
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


class VoiceRig:
    """The daemon (in this process) with the real voice loop reading a :class:`QueueSource`."""

    def __init__(self, config: Config, settings: VoiceSettings, broker_side: BrokerSide, realtime_tail: bool = True) -> None:
        """``realtime_tail``: the quiet after a clip's words is handed to the loop in real time (the words
        themselves as fast as it takes them), so that the end of speech comes as late after the words as with
        a microphone and an early decoding has the time it has there."""
        from homeslm.daemon.build import speech_engines

        self.realtime_tail = realtime_tail
        self.config = config
        self.settings = settings
        self.bus = broker_side
        self.source = QueueSource()
        built = time.perf_counter()
        # through the plugins, as the daemon builds it: `voice.recognizer` may name a plugin's recogniser
        self.recognizer = TimedRecognizer(speech_engines(config).make_recognizer(settings),
                                          position=lambda: self.source.read_samples)
        self.recognizer_build_s = time.perf_counter() - built
        self.loop: VoiceLoop | None = None
        self.daemon: Daemon | None = None
        self._thread: threading.Thread | None = None
        self._error: Exception | None = None

    def _voice_factory(self, hooks: VoiceHooks) -> VoiceFrontEnd:
        from homeslm.voice.loop import VoiceLoop

        utterances = self.recognizer.utterances

        def on_transcript(transcript: Transcript) -> None:
            if utterances:
                utterances[-1].accepted = True
            hooks.submit(transcript.text, transcript.confidence)

        # As build_voice_loop builds it, minus the wake phrase (measured on its own) and follow-ups: with what a
        # transcript means to the daemon, the readings' agreement and a second opinion are weighed as it weighs them
        self.loop = VoiceLoop(self.source, None, self.recognizer, on_transcript,
                              end_of_speech=self.settings.end_of_speech(), followup_s=0.0,
                              min_confidence=self.settings.min_confidence, meaning=hooks.meaning,
                              min_agreement=self.settings.min_agreement,
                              second_opinion_confidence=self.settings.second_opinion_confidence)
        return self.loop

    def start(self, timeout_s: float = 120.0) -> None:
        from homeslm.daemon.runner import Daemon

        self.daemon = Daemon(self.config, voice_factory=self._voice_factory)

        def run() -> None:
            try:
                assert self.daemon is not None
                self.daemon.run()
            except Exception as exc:  # boundary: the daemon's thread; start() reports it
                logger.exception("the daemon stopped with an error")
                self._error = exc

        self._thread = threading.Thread(target=run, name="bench-daemon", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout_s
        while not self.daemon.wait_started(0.2):
            if self._error is not None or time.monotonic() > deadline:
                raise SystemExit(f"the daemon did not start: {self._error or f'not running after {timeout_s} s'}")
        if self.daemon.mqtt is None or not self.daemon.mqtt.wait_subscribed(timeout_s):
            raise SystemExit("the daemon did not connect to the benchmark's broker")
        if self.loop is None:
            raise SystemExit("the daemon did not start its voice front end (see the log above)")

    def stop(self) -> None:
        if self.daemon is not None:
            self.daemon.stop()
        if self._thread is not None:
            self._thread.join(15.0)

    def target(self, text: str) -> tuple[dict[str, Any], ...]:
        """The intents the daemon's own understander gives the text (site apart: no follow-up memory)."""
        assert self.daemon is not None and self.daemon.understander is not None
        understanding = self.daemon.understander.understand(text, site="homeslm-bench-voice-target")
        return tuple(i.to_dict() for i in understanding.result.intents)

    def say(self, clip: Clip, audio: np.ndarray, extend: Callable[[float], np.ndarray],
            speech_end_s: float | None = None) -> ClipResult:
        """Push one clip into the loop, wait for the utterance(s) to end and the daemon's answers.

        ``speech_end_s``: where in ``audio`` the spoken words end (for :attr:`ClipResult.speech_end_to_eos_s`)."""
        assert self.loop is not None
        from homeslm.mqtt import intent_topic
        from homeslm.voice.loop import LoopState

        result = ClipResult(clip)
        mark = self.bus.mark()
        first = len(self.recognizer.utterances)
        start_sample = self.source.read_samples  # drained after the clip before: read == pushed
        # the words as fast as the loop takes them; from their end on in real time, as a microphone gives the
        # quiet that ends the utterance (what an early decoding, voice.early_decode_s, has to work in)
        cut = len(audio) if speech_end_s is None or not self.realtime_tail else int(speech_end_s * RATE_HZ)
        self.source.push(audio[:cut])
        self.source.push(audio[cut:], paced=True)
        if not self.source.wait_drained(60.0):
            raise SystemExit("the voice loop stopped reading audio (see the log above)")
        extra_s = 0.0
        while self.loop.state is LoopState.LISTENING and extra_s <= self.settings.max_utterance_s + 1.0:
            # the room goes on; the loop ends the utterance by its own rules
            self.source.push(extend(0.5), paced=self.realtime_tail)
            self.source.wait_drained(60.0)
            extra_s += 0.5
        utterances = self.recognizer.utterances[first:]
        accepted = [u for u in utterances if u.accepted]
        result.transcript = " ".join(u.transcript.text for u in utterances if u.transcript.text)
        result.accepted = len(accepted)
        result.dropped = sum(1 for u in utterances if u.transcript.text and not u.accepted)
        result.confidences = [round(u.transcript.confidence, 3) for u in utterances if u.transcript.text]
        result.audio_s = sum(u.audio_s for u in utterances)
        if utterances and speech_end_s is not None:
            result.speech_end_to_eos_s = (utterances[0].eos_sample - start_sample) / RATE_HZ - speech_end_s
        result.busy_s = sum(u.busy_s for u in utterances)
        topic = intent_topic(self.config.site)
        if accepted:
            def answered(msgs: list[Message]) -> bool:
                return sum(m.topic == topic for m in msgs) >= len(accepted)

            result.timed_out = not self.bus.wait(answered, mark, WAIT_ANSWER_S)
            msgs = self.bus.since(mark)
            answers = [m for m in msgs if m.topic == topic]
            for m in answers:
                payload = m.json() or {}
                result.intents += list(payload.get("intents") or [])
                result.statuses.append(str(payload.get("status")))
            eos = accepted[0].eos_at
            result.final_s = accepted[0].final_s
            if answers:
                result.answer_latency_s = answers[0].at - eos
            device = [m for m in msgs if m.at >= eos and self.bus.is_device_command(m)]
            if device:
                result.device_latency_s = device[0].at - eos
        if clip.kind == "command":
            ref = normalise_text(clip.spoken)
            result.ref_words = len(ref.split())
            result.word_errors = word_errors(ref, normalise_text(result.transcript))
        return result



# --------------------------------------------------------------------------------------------------
# The daemon as a process of its own, for its RSS


def _peak_rss_mb(pid: int) -> float | None:
    """The peak RSS of a running process since it started its program (Linux ``VmHWM``), else its RSS now."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    try:
        import psutil

        return float(psutil.Process(pid).memory_info().rss) / 2**20
    except Exception:  # gone, or a zombie: nothing more to read
        return None


class _PeakWatch(threading.Thread):
    """Samples a process's peak RSS every ``interval_s`` until it exits: the highest reading is its peak. (The
    kernel's ``ru_maxrss`` of a reaped child is no use here: it starts from the parent's peak at the fork.)"""

    def __init__(self, pid: int, interval_s: float = 0.02) -> None:
        super().__init__(daemon=True, name="peak-rss")
        self.pid, self.interval_s = pid, interval_s
        self.peak_mb: float | None = None
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            mb = _peak_rss_mb(self.pid)
            if mb is not None:
                self.peak_mb = mb if self.peak_mb is None else max(self.peak_mb, mb)
            self._stop_event.wait(self.interval_s)

    def stop(self) -> float | None:
        self._stop_event.set()
        self.join(5.0)
        return self.peak_mb


def daemon_rss_mb(config_data: dict[str, Any], site: str, workdir: Path, audio: np.ndarray, bus: BrokerSide,
                  start_timeout_s: float = 90.0) -> tuple[float | None, str]:
    """Peak RSS of ``homeslm run --input WAV`` over its whole run (start, models loaded, the spoken command in
    ``audio`` answered); (MB, note). Sampled while it runs (:class:`_PeakWatch`): ``run --input`` exits by itself
    once the last command is answered, too soon for one reading after the answer.

    Waits for the daemon's retained ``online``, then for its answer on ``homeslm/<site>/intent`` (at most
    the length of the audio plus 15 s: a command the loop ignored gets no answer), then for it to exit.
    """
    import wave

    from homeslm.mqtt import intent_topic, status_topic

    config_path = workdir / "daemon.yaml"
    config_path.write_text(yaml.safe_dump(config_data, sort_keys=False))
    wav_path = workdir / "command.wav"
    with wave.open(str(wav_path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE_HZ)
        wav.writeframes(audio.astype(np.int16).tobytes())
    log_path = workdir / "daemon.log"
    mark = bus.mark()
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "homeslm", "run", "--config", str(config_path), "--input",
                                 str(wav_path)], stdout=log, stderr=log, stdin=subprocess.DEVNULL)
    watch = _PeakWatch(proc.pid)
    watch.start()

    def log_tail() -> str:
        return " | ".join(log_path.read_text(errors="replace").strip().splitlines()[-3:])

    def ended(timeout_s: float) -> bool:
        try:
            proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            return False
        return True

    online = bus.wait(lambda msgs: any(m.topic == status_topic(site) and m.payload == b"online" for m in msgs),
                      mark, start_timeout_s)
    answered = online and bus.wait(lambda msgs: any(m.topic == intent_topic(site) for m in msgs), mark,
                                   len(audio) / RATE_HZ + 15.0)
    stopped = ""
    if not ended(15.0 if answered else 0.0):  # it never came online, never answered, or is slow to stop
        proc.send_signal(signal.SIGTERM)
        stopped = " (stopped with SIGTERM)"
        if not ended(15.0):
            proc.kill()
            stopped = " (killed)"
            ended(5.0)
    peak = watch.stop()
    if not online:
        return None, f"the daemon was not online within {start_timeout_s:.0f} s: {log_tail()}"
    if peak is None:
        return None, f"no reading of the daemon's memory{stopped}: {log_tail()}"
    if not answered:
        return peak, f"peak; the command got no answer{stopped}: {log_tail()}"
    if proc.returncode != 0 or stopped:
        return peak, f"peak; the daemon exited with {proc.returncode} after answering{stopped}: {log_tail()}"
    return peak, "peak over its run, start to the command answered"
