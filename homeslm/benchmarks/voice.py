"""``homeslm bench voice``: spoken commands and chatter through the real voice daemon to a real broker.

What runs is what ``homeslm run`` runs: the config's recogniser (pocketsphinx with the home's language
model by default), the listening loop with its end-of-speech detection, the daemon's worker, the
intent model, the real plugins and a real mosquitto started on a free loopback port. Only the
microphone is replaced: the benchmark pushes synthesised audio into the loop (faster than real time,
one utterance at a time, waiting for its answer before the next).

- **Commands**: ``--count`` sentences drawn from the home's training grammar
  (:func:`homeslm.training.data.sample_commands`, a seed other than the recogniser's language model's),
  each kept only when its *text* is understood; the intents of the text are the target. Every command
  is spoken by espeak-ng in every ``--voices`` voice, each voice at one ``--snr`` level in turn (so every
  voice meets every level), always over a noise floor 40 dB below the speech. A command is *executed
  correctly* when the intents the daemon published on ``homeslm/<site>/intent`` for it equal the target.
  Follow-ups are disabled (``followup_window_s: 0``) so that a misheard command does not change how the
  next one is judged.
- **Chatter**: ``--chatter`` everyday sentences that are not commands, spoken the same way; *wrongly
  executed* when the daemon published any intent for one.
- **Word error rate** of the commands' transcripts against their spoken form.
- **Latency**: from the end-of-speech decision (``voice.silence_s`` after the last word, when the loop
  asks the recogniser for its final result) to the first device command arriving from the broker at a
  subscriber; and to the answer on ``homeslm/<site>/intent``.
- **Real-time factor**: the recogniser's processing time over the audio it was fed.
- **RSS**: this process (the daemon runs inside it) and, unless ``--no-daemon-rss``, a real
  ``homeslm run --input`` child process after it executed a spoken "<wake phrase>, <command>".
- **Wake phrase**: the configured keyword spotter (:class:`homeslm.wake.KeywordSpotter`) on a long
  synthesised stream of chatter with the wake phrase (followed by a command) inserted every few
  sentences, in every voice and noise level: detection rate, and false alarms per hour of the rest.

The devices are simulated on the broker: zigbee2mqtt devices publish (retained) state and answer
``/get`` and ``/set``; Tasmota devices answer ``cmnd`` with ``stat``; generic MQTT devices have a
retained state. Without a ``--config``, a built-in home of 19 devices on these three plugins is used.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import queue
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import yaml

from homeslm.asr.base import Partial, Recognizer, Transcript, normalise_text
from homeslm.audio import AudioChunk, AudioSource

if TYPE_CHECKING:
    from homeslm.config import Config
    from homeslm.daemon import Daemon, VoiceFrontEnd, VoiceHooks
    from homeslm.voice import VoiceLoop, VoiceSettings

logger = logging.getLogger(__name__)

HELP = ("voice: spoken commands and chatter (espeak-ng, several voices and noise levels) through the recogniser, "
        "the daemon and plugins to a real broker: commands executed correctly, chatter executed, WER, "
        "end of speech -> device command p50/p95, real-time factor, RSS, wake phrase detection and false alarms")

RATE_HZ = 16000
FLOOR_SNR_DB = 40.0
LOOPBACK = "127.0.0.1"
DEFAULT_VOICES = ("en-us", "en-gb", "en+f3", "en-us+m3")
DEFAULT_SNRS = ("clean", "20", "10")
COMMAND_SEED = 101
"""Seed of the commands drawn from the grammar (the recogniser's language model uses seed 0)."""
WAIT_ANSWER_S = 30.0
"""Longest wait for the daemon's answer to one utterance."""
WAKE_HIT_AFTER_S = 0.5
"""A detection up to this long after the wake phrase ends counts as hearing it."""

TARGETS = {
    "clean en-us commands executed correctly": ">= 95%",
    "commands executed correctly (all voices)": ">= 85%",
    "chatter wrongly executed": "<= 2%",
    "end of speech -> device command p95": "<= 300 ms",
    "daemon RSS": "<= 250 MB",
    "wake phrase detected": ">= 90%",
    "wake false alarms": "<= 1 per hour of speech",
}

#: Everyday sentences that are not commands (a few mention rooms and devices, as people do).
CHATTER: tuple[str, ...] = (
    "i need to call the dentist tomorrow morning",
    "the children are playing in the garden",
    "we are out of bread and eggs again",
    "did you remember to buy some milk",
    "the train was late again this morning",
    "what should we have for dinner tonight",
    "my sister is coming to visit next weekend",
    "i think it is going to rain this afternoon",
    "have you seen my reading glasses anywhere",
    "the football match starts at eight",
    "can you believe how expensive petrol is now",
    "i finished the book you lent me",
    "the cat knocked a glass off the table",
    "we should paint the fence this summer",
    "my phone battery is almost empty",
    "the meeting ran over by half an hour",
    "i left my keys at the office",
    "the neighbours are having a party on saturday",
    "this soup needs a little more salt",
    "let me tell you about my day",
    "the doctor said everything looks fine",
    "we could go to the beach if it stays sunny",
    "i am not sure where i put the receipt",
    "the dog needs a walk before it gets dark",
    "our flight leaves early on friday",
    "he fixed the bike chain yesterday",
    "the kids have homework to finish first",
    "that film was much better than i expected",
    "i will pick up the parcel on my way home",
    "the bakery on the corner closed down",
    "she started a new job last month",
    "the garden looks lovely in the spring",
    "i can never remember her husband's name",
    "the printer at work is broken again",
    "we need a new mattress for the spare room",
    "the traffic on the motorway was terrible",
    "my back hurts from carrying those boxes",
    "let us invite them for lunch on sunday",
    "the coffee here is too strong for me",
    "there is a spider in the bath",
    "he plays the guitar in a band",
    "i wonder if the post has come yet",
    "the museum is free on the first monday",
    "tomorrow is my grandmother's birthday",
    "the bus was completely full this morning",
    "the kitchen light was flickering yesterday evening",
    "i turned the heating off before we left",
    "the bedroom is much warmer than the living room",
    "the front door was open when i got home",
    "we should buy a new lamp for the hallway",
    "the music at the party was far too loud",
    "my brother put new blinds in his kitchen",
    "the television in the hotel did not work",
    "i like the colour of your new curtains",
    "who left the window open in the bathroom",
    "the kettle at work takes ages to boil",
    "she is learning to play the piano",
    "we watched the fireworks from the bridge",
    "the shop was out of fresh strawberries",
    "our holiday photos came out really well",
)


def default_home() -> dict[str, Any]:
    """The built-in home (YAML shape of DESIGN.md section 2): zigbee2mqtt, Tasmota and generic MQTT devices."""
    def dev(name: str, type_: str, area: str, plugin: str, topic: str, **extra: Any) -> dict[str, Any]:
        return {"name": name, "type": type_, "area": area, "plugin": plugin, "topic": topic, **extra}

    return {
        "site": "bench",
        "area": "living room",
        "floors": [{"name": "ground floor", "areas": ["kitchen", "living room", "hallway", "garden"]},
                   {"name": "upstairs", "areas": ["bedroom", "bathroom", "office"]}],
        "areas": ["kitchen", "living room", "hallway", "garden", "bedroom", "bathroom", "office"],
        "devices": [
            dev("ceiling light", "light", "kitchen", "zigbee2mqtt", "kitchen_ceiling", aliases=["main light"]),
            dev("floor lamp", "light", "living room", "zigbee2mqtt", "living_floor_lamp"),
            dev("reading lamp", "light", "living room", "zigbee2mqtt", "living_reading_lamp"),
            dev("hallway light", "light", "hallway", "zigbee2mqtt", "hallway_light"),
            dev("bedside lamp", "light", "bedroom", "zigbee2mqtt", "bedside_lamp"),
            dev("garden lights", "light", "garden", "zigbee2mqtt", "garden_lights"),
            dev("desk lamp", "light", "office", "tasmota", "desk_lamp"),
            dev("mirror light", "light", "bathroom", "tasmota", "mirror_light"),
            dev("blinds", "cover", "living room", "zigbee2mqtt", "living_blinds", device_class="blind"),
            dev("curtains", "cover", "bedroom", "zigbee2mqtt", "bedroom_curtains", device_class="curtain"),
            dev("front door", "lock", "hallway", "zigbee2mqtt", "front_door_lock"),
            dev("thermostat", "climate", "hallway", "zigbee2mqtt", "thermostat", aliases=["heating"]),
            dev("ceiling fan", "fan", "bedroom", "zigbee2mqtt", "bedroom_fan"),
            dev("outdoor sensor", "sensor", "garden", "zigbee2mqtt", "outdoor_sensor", device_class="temperature"),
            dev("kettle", "switch", "kitchen", "tasmota", "kettle"),
            dev("coffee machine", "switch", "kitchen", "tasmota", "coffee_machine"),
            dev("tv", "media_player", "living room", "mqtt", "living/tv", aliases=["television"]),
            dev("vacuum", "vacuum", "hallway", "mqtt", "home/vacuum", aliases=["robot vacuum"]),
            dev("movie night", "scene", "living room", "mqtt", "scenes/movie_night"),
        ],
    }


# --------------------------------------------------------------------------------------------------
# Synthesised speech (the same recipe as the tests' audio: espeak-ng, sox, pink noise floor)


def have_espeak() -> bool:
    return shutil.which("espeak-ng") is not None and shutil.which("sox") is not None


def espeak(text: str, voice: str) -> np.ndarray:
    """``text`` spoken by espeak-ng in ``voice``, as 16 kHz mono int16 (no padding, no noise)."""
    speech = subprocess.run(["espeak-ng", "-v", voice, "--stdout", text], check=True, capture_output=True,
                            timeout=60).stdout
    raw = subprocess.run(
        ["sox", "-t", "wav", "-", "-t", "raw", "-r", str(RATE_HZ), "-c", "1", "-b", "16", "-e", "signed-integer", "-"],
        input=speech, check=True, capture_output=True, timeout=60,
    ).stdout
    return np.frombuffer(raw, dtype=np.int16).copy()


def speech_rms(samples: np.ndarray) -> float:
    """RMS over the voiced 20 ms frames (above 1% of the peak): the reference level for SNR."""
    x = samples.astype(np.float64)
    if x.size == 0:
        return 0.0
    n = x.size // 320 * 320
    frames = x[:n].reshape(-1, 320) if n else x.reshape(1, -1)
    rms = np.sqrt(np.mean(frames**2, axis=1))
    voiced = rms[rms > 0.01 * float(np.max(np.abs(x)))]
    return float(np.sqrt(np.mean(voiced**2))) if voiced.size else float(np.sqrt(np.mean(x**2)))


def pink_noise(n: int, rng: np.random.Generator) -> np.ndarray:
    """Unit-RMS 1/f noise above 50 Hz (room noise as a microphone picks it up)."""
    white = rng.standard_normal(n + 1)
    spectrum = np.fft.rfft(white)
    freqs = np.fft.rfftfreq(n + 1, 1.0 / RATE_HZ)
    shaped = np.where(freqs >= 50.0, spectrum / np.sqrt(np.maximum(freqs, 1.0)), 0.0)
    pink = np.fft.irfft(shaped, n=n + 1)[:n]
    return pink / (np.sqrt(np.mean(pink**2)) or 1.0)


def add_noise(samples: np.ndarray, snr_db: float | None, ref_rms: float, seed: int) -> np.ndarray:
    """``samples`` plus a pink noise floor 40 dB below ``ref_rms`` and, with ``snr_db``, pink noise at that SNR.

    espeak-ng pads with digital silence, which no microphone produces and which throws the recogniser off.
    """
    rng = np.random.default_rng(seed)
    ref = max(ref_rms, 300.0)
    x = samples.astype(np.float64)
    x += pink_noise(x.size, rng) * ref / 10 ** (FLOOR_SNR_DB / 20)
    if snr_db is not None:
        x += pink_noise(x.size, rng) * ref / 10 ** (snr_db / 20)
    return np.clip(np.round(x), -32768, 32767).astype(np.int16)


def zeros(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE_HZ), np.int16)


def snr_label(snr_db: float | None) -> str:
    return "clean" if snr_db is None else f"{snr_db:g} dB"


def parse_snrs(text: str) -> list[float | None]:
    out: list[float | None] = []
    for part in text.split(","):
        part = part.strip().lower().removesuffix("db").strip()
        if part == "clean":
            out.append(None)
            continue
        try:
            out.append(float(part))
        except ValueError:
            raise SystemExit(f"--snr: {part!r} is neither 'clean' nor a number of dB (e.g. clean,20,10)") from None
    if not out:
        raise SystemExit("--snr: give at least one level, e.g. clean,20,10")
    return out


class SpeechBank:
    """Clean espeak-ng speech, synthesised once per (text, voice)."""

    def __init__(self) -> None:
        self._clean: dict[tuple[str, str], np.ndarray] = {}

    def clean(self, text: str, voice: str) -> np.ndarray:
        key = (text, voice)
        if key not in self._clean:
            self._clean[key] = espeak(text, voice)
        return self._clean[key]


# --------------------------------------------------------------------------------------------------
# The microphone seam and the timed recogniser


class QueueSource(AudioSource):
    """Audio pushed by the benchmark, read by the voice loop; :meth:`wait_drained` waits until the loop
    asked for more than was pushed (so everything pushed has been processed)."""

    def __init__(self) -> None:
        self._queue: queue.Queue[np.ndarray] = queue.Queue()
        self._drained = threading.Event()
        self._stopped = False

    def start(self) -> None:
        self._stopped = False

    def push(self, samples: np.ndarray, chunk: int = 1600) -> None:
        self._drained.clear()
        for i in range(0, len(samples), chunk):
            self._queue.put(samples[i : i + chunk])

    def wait_drained(self, timeout_s: float) -> bool:
        return self._drained.wait(timeout_s)

    def read(self, timeout_s: float) -> AudioChunk | None:
        try:
            samples = self._queue.get_nowait()
        except queue.Empty:
            self._drained.set()
            try:
                samples = self._queue.get(timeout=timeout_s)
            except queue.Empty:
                return None
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


class TimedRecognizer(Recognizer):
    """The real recogniser, with the time it takes and the moment each utterance ends recorded."""

    def __init__(self, inner: Recognizer) -> None:
        self.inner = inner
        self.name = inner.name
        self.utterances: list[Utterance] = []
        self._audio = 0
        self._busy = 0.0

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
        eos_at = time.monotonic()
        started = time.perf_counter()
        transcript = self.inner.finish()
        final_s = time.perf_counter() - started
        self._busy += final_s
        self.utterances.append(Utterance(eos_at, transcript, self._audio / RATE_HZ, self._busy, final_s))
        return transcript

    def set_vocabulary(self, phrases: Sequence[str]) -> None:
        self.inner.set_vocabulary(phrases)

    def close(self) -> None:
        self.inner.close()


# --------------------------------------------------------------------------------------------------
# The broker side: a recorder of everything published, and simulated devices


@dataclass(frozen=True)
class Message:
    topic: str
    payload: bytes
    at: float
    """``time.monotonic()`` on arrival."""

    def json(self) -> Any:
        try:
            return json.loads(self.payload)
        except ValueError:
            return None


def _device_state(device_type: str) -> dict[str, Any]:
    states: dict[str, dict[str, Any]] = {
        "light": {"state": "OFF", "brightness": 128, "color_temp": 300},
        "cover": {"state": "CLOSE", "position": 0},
        "lock": {"state": "LOCK", "lock_state": "locked"},
        "climate": {"local_temperature": 20.5, "occupied_heating_setpoint": 20, "system_mode": "heat"},
        "sensor": {"temperature": 12.5, "humidity": 70, "battery": 90},
        "binary_sensor": {"contact": True, "battery": 90},
    }
    return dict(states.get(device_type, {"state": "OFF"}))


class BrokerSide:
    """One MQTT client that records every message (``#``) and plays the configured devices.

    Device commands are the messages the daemon's plugins publish to devices: anything outside
    ``homeslm/`` that is neither a state query (``.../get``, Tasmota ``STATE``/``STATUS``) nor a state
    this simulator published.
    """

    def __init__(self, port: int, config: Config) -> None:
        import paho.mqtt.client as paho
        from paho.mqtt.enums import CallbackAPIVersion

        self.port = port
        self._lock = threading.Condition()
        self.messages: list[Message] = []
        self._own_topics: set[str] = set()
        settings = config.plugins.settings.get("zigbee2mqtt", {})
        self._z2m_base = str(settings.get("base_topic", "zigbee2mqtt"))
        self._z2m: dict[str, dict[str, Any]] = {}
        self._tasmota: set[str] = set()
        self._generic: dict[str, dict[str, Any]] = {}
        for dev in config.devices:
            topic = dev.topic or dev.name
            if dev.plugin == "zigbee2mqtt":
                self._z2m[topic] = _device_state(dev.type)
            elif dev.plugin == "tasmota":
                self._tasmota.add(topic)
            elif dev.plugin == "mqtt":
                state_topic = str(dev.options.get("state_topic", topic))
                self._generic[state_topic] = ({"state": "playing"} if dev.type == "media_player"
                                              else {"temperature": 20.5} if dev.type == "climate" else {"state": "off"})
        self._subscribed = threading.Event()
        self.client = paho.Client(CallbackAPIVersion.VERSION2, client_id=f"homeslm-bench-voice-{os.getpid()}")
        self.client.on_connect = self._on_connect
        self.client.on_subscribe = lambda *a: self._subscribed.set()
        self.client.on_message = self._on_message

    def start(self, timeout_s: float = 10.0) -> None:
        self.client.connect_async(LOOPBACK, self.port, keepalive=30)
        self.client.loop_start()
        if not self._subscribed.wait(timeout_s):
            raise SystemExit(f"could not subscribe to the benchmark's broker on port {self.port} within {timeout_s} s")
        for name, state in self._z2m.items():
            self._publish(f"{self._z2m_base}/{name}", state)
        for state_topic, state in self._generic.items():
            self._publish(state_topic, state)

    def stop(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()

    def _on_connect(self, client: Any, userdata: Any, flags: Any, reason: Any, properties: Any) -> None:
        client.subscribe("#", qos=1)

    def _publish(self, topic: str, payload: dict[str, Any]) -> None:
        self._own_topics.add(topic)
        self.client.publish(topic, json.dumps(payload), qos=1, retain=True)

    def _on_message(self, client: Any, userdata: Any, message: Any) -> None:
        received = Message(message.topic, bytes(message.payload), time.monotonic())
        with self._lock:
            self.messages.append(received)
            self._lock.notify_all()
        try:
            self._simulate(received)
        except Exception:  # boundary: one simulated device answer; the recording goes on
            logger.exception("simulated device failed on %s", received.topic)

    def _simulate(self, msg: Message) -> None:
        parts = msg.topic.split("/")
        if msg.topic.startswith(self._z2m_base + "/") and parts[-1] in ("set", "get"):
            name = msg.topic[len(self._z2m_base) + 1 : -len(parts[-1]) - 1]
            if name in self._z2m:
                data = msg.json()
                if parts[-1] == "set" and isinstance(data, dict):
                    self._z2m[name].update(data)
                self._publish(f"{self._z2m_base}/{name}", self._z2m[name])
        elif len(parts) == 3 and parts[0] == "cmnd" and parts[1] in self._tasmota:
            command = parts[2].upper()
            if command == "STATUS":
                self._publish(f"stat/{parts[1]}/STATUS10", {"StatusSNS": {"Temperature": 21.0}})
            elif command == "STATE":
                self._publish(f"stat/{parts[1]}/RESULT", {"POWER": "OFF", "Dimmer": 50})
            else:
                self._publish(f"stat/{parts[1]}/RESULT", {command: msg.payload.decode("utf-8", "replace")})

    def is_device_command(self, msg: Message) -> bool:
        parts = msg.topic.split("/")
        if parts[0] in ("homeslm", "stat", "tele") or msg.topic in self._own_topics or parts[-1] == "get":
            return False
        return not (parts[0] == "cmnd" and parts[-1].upper() in ("STATE", "STATUS"))

    def mark(self) -> int:
        with self._lock:
            return len(self.messages)

    def since(self, mark: int) -> list[Message]:
        with self._lock:
            return self.messages[mark:]

    def wait(self, predicate: Callable[[list[Message]], bool], mark: int, timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        with self._lock:
            while not predicate(self.messages[mark:]):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._lock.wait(left)
            return True


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

    def __init__(self, config: Config, settings: VoiceSettings, broker_side: BrokerSide) -> None:
        from homeslm.voice import speech_engines

        self.config = config
        self.settings = settings
        self.bus = broker_side
        self.source = QueueSource()
        built = time.perf_counter()
        # through the plugins, as the daemon builds it: `voice.recognizer` may name a plugin's recogniser
        self.recognizer = TimedRecognizer(speech_engines(config).make_recognizer(settings))
        self.recognizer_build_s = time.perf_counter() - built
        self.loop: VoiceLoop | None = None
        self.daemon: Daemon | None = None
        self._thread: threading.Thread | None = None
        self._error: Exception | None = None

    def _voice_factory(self, hooks: VoiceHooks) -> VoiceFrontEnd:
        from homeslm.voice import VoiceLoop

        utterances = self.recognizer.utterances

        def on_transcript(transcript: Transcript) -> None:
            if utterances:
                utterances[-1].accepted = True
            hooks.submit(transcript.text, transcript.confidence)

        # As build_voice_loop builds it, minus the wake phrase (measured on its own) and follow-ups.
        self.loop = VoiceLoop(self.source, None, self.recognizer, on_transcript,
                              end_of_speech=self.settings.end_of_speech(), followup_s=0.0,
                              min_confidence=self.settings.min_confidence)
        return self.loop

    def start(self, timeout_s: float = 120.0) -> None:
        from homeslm.daemon import Daemon

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

    def say(self, clip: Clip, audio: np.ndarray, extend: Callable[[float], np.ndarray]) -> ClipResult:
        """Push one clip into the loop, wait for the utterance(s) to end and the daemon's answers."""
        assert self.loop is not None
        from homeslm.mqtt import intent_topic
        from homeslm.voice import LoopState

        result = ClipResult(clip)
        mark = self.bus.mark()
        first = len(self.recognizer.utterances)
        self.source.push(audio)
        if not self.source.wait_drained(60.0):
            raise SystemExit("the voice loop stopped reading audio (see the log above)")
        extra_s = 0.0
        while self.loop.state is LoopState.LISTENING and extra_s <= self.settings.max_utterance_s + 1.0:
            self.source.push(extend(0.5))  # the room goes on; the loop ends the utterance by its own rules
            self.source.wait_drained(60.0)
            extra_s += 0.5
        utterances = self.recognizer.utterances[first:]
        accepted = [u for u in utterances if u.accepted]
        result.transcript = " ".join(u.transcript.text for u in utterances if u.transcript.text)
        result.accepted = len(accepted)
        result.dropped = sum(1 for u in utterances if u.transcript.text and not u.accepted)
        result.confidences = [round(u.transcript.confidence, 3) for u in utterances if u.transcript.text]
        result.audio_s = sum(u.audio_s for u in utterances)
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
# The wake phrase on a long stream


@dataclass
class WakeReport:
    phrase: str
    threshold: float
    min_duration_s: float = 0.0
    """The spotter's duration check: shorter detections are refused."""
    denoise: bool = False
    """Whether the spotter suppresses noise before keyword spotting."""
    pause_s: float = 0.0
    """The quiet the spotter needs before the wake phrase."""
    inserted: int = 0
    detected: int = 0
    false_alarms: int = 0
    other_speech_s: float = 0.0
    """Audio outside the wake phrases and the commands after them, where any detection is a false alarm."""
    audio_s: float = 0.0
    busy_s: float = 0.0
    by_condition: dict[str, list[int]] = field(default_factory=dict)
    """``voice/snr`` -> [detected, inserted, false alarms]."""
    false_alarm_examples: list[str] = field(default_factory=list)
    rejected: int = 0
    """Detections the spotter refused (too short, or no pause before): neither hits nor false alarms."""

    @property
    def rate(self) -> float | None:
        return self.detected / self.inserted if self.inserted else None

    @property
    def false_alarms_per_h(self) -> float | None:
        return self.false_alarms / (self.other_speech_s / 3600) if self.other_speech_s else None


def wake_benchmark(settings: VoiceSettings, bank: SpeechBank, voices: Sequence[str], snrs: Sequence[float | None],
                   commands: Sequence[str], minutes: float, every: int = 4, seed: int = 0) -> WakeReport:
    """The keyword spotter on ``minutes`` of chatter in every voice and noise level, the wake phrase and a
    command inserted after every ``every`` sentences."""
    from homeslm.voice import build_wake
    from homeslm.wake import DEFAULT_WAKE_PHRASE, KeywordSpotter

    if settings.wake_phrase is None:
        settings = dataclasses.replace(settings, wake_phrase=DEFAULT_WAKE_PHRASE)
    spotter = build_wake(settings)
    assert isinstance(spotter, KeywordSpotter)
    report = WakeReport(spotter.phrase, spotter.threshold, spotter.min_duration_s, spotter.denoiser is not None,
                         spotter.pause_s)
    cells = [(v, s) for v in voices for s in snrs]
    per_cell_s = minutes * 60 / max(1, len(cells))
    rng = random.Random(seed)
    sentence = 0
    for ci, (voice, snr) in enumerate(cells):
        parts: list[np.ndarray] = []
        regions: list[tuple[float, float, float]] = []  # wake start, wake end, command end (s)
        said: list[tuple[float, str]] = []  # end (s) of each chatter sentence
        length = 0
        count = 0
        while length / RATE_HZ < per_cell_s:
            text = CHATTER[sentence % len(CHATTER)]
            sentence += 1
            count += 1
            for piece in (zeros(rng.uniform(0.5, 1.2)), bank.clean(text, voice)):
                parts.append(piece)
                length += len(piece)
            said.append((length / RATE_HZ, text))
            if count % every == every // 2 and commands:  # the first after every // 2 sentences: short runs get one
                gap, wake, pause = zeros(0.6), bank.clean(spotter.phrase, voice), zeros(0.25)
                command = bank.clean(commands[(sentence // every) % len(commands)], voice)
                start = (length + len(gap)) / RATE_HZ
                for piece in (gap, wake, pause, command):
                    parts.append(piece)
                    length += len(piece)
                regions.append((start, start + len(wake) / RATE_HZ, length / RATE_HZ))
        parts.append(zeros(1.0))
        clean = np.concatenate(parts)
        stream = add_noise(clean, snr, speech_rms(clean), seed=seed + ci)
        spotter.reset()
        rejected_before = sum(spotter.rejected.values())
        hits = [False] * len(regions)
        false_alarms = 0
        started = time.perf_counter()
        for i in range(0, len(stream), 320):
            if not spotter.process(stream[i : i + 320]):
                continue
            t = (i + 320) / RATE_HZ
            region = next((k for k, (ws, _, ce) in enumerate(regions) if ws <= t <= ce + 0.3), None)
            if region is None:
                false_alarms += 1
                if len(report.false_alarm_examples) < 10:
                    during = next((text for end, text in said if t <= end + 0.5), "")
                    report.false_alarm_examples.append(f"{voice} {snr_label(snr)} at {t:.1f} s, in {during!r}")
            elif t <= regions[region][1] + WAKE_HIT_AFTER_S:
                hits[region] = True
            # later in the command: the loop would be listening to the command, not spotting
        report.busy_s += time.perf_counter() - started
        total_s = len(stream) / RATE_HZ
        report.audio_s += total_s
        report.other_speech_s += total_s - sum(ce + 0.3 - ws for ws, _, ce in regions)
        report.inserted += len(regions)
        report.detected += sum(hits)
        report.false_alarms += false_alarms
        report.rejected += sum(spotter.rejected.values()) - rejected_before
        report.by_condition[f"{voice}/{snr_label(snr)}"] = [sum(hits), len(regions), false_alarms]
    return report


def wake_report_dict(wake: WakeReport) -> dict[str, Any]:
    """The JSON form of a :class:`WakeReport` (as ``report["wake"]``)."""
    return {**dataclasses.asdict(wake), "rate": wake.rate, "false_alarms_per_h": wake.false_alarms_per_h,
            "real_time_factor": wake.busy_s / wake.audio_s if wake.audio_s else None}


def format_wake(wake: dict[str, Any], voices: Sequence[str], snrs: Sequence[str]) -> str:
    """The wake phrase figures as a markdown table, then detections (false alarms) by voice and noise."""
    by_snr: dict[str, list[int]] = {}
    for key, (d, i, fa) in wake["by_condition"].items():
        cell = by_snr.setdefault(key.split("/", 1)[1], [0, 0, 0])
        cell[0], cell[1], cell[2] = cell[0] + d, cell[1] + i, cell[2] + fa
    rtf = wake.get("real_time_factor")
    lines = [
        "| measure | value | target |", "| --- | --- | --- |",
        f"| wake phrase {wake['phrase']!r} detected | {wake['detected']}/{wake['inserted']} ({_pct(wake['rate'])}) "
        f"| {TARGETS['wake phrase detected']} |",
        f"| wake false alarms per hour of speech | {wake['false_alarms_per_h'] or 0:.1f} ({wake['false_alarms']} in "
        f"{wake['other_speech_s'] / 60:.1f} min) | {TARGETS['wake false alarms']} |",
        f"| spotter settings | threshold {wake['threshold']:.0e}, at least {wake.get('min_duration_s', 0):.2f} s, "
        f"after {wake.get('pause_s', 0):.2f} s of quiet, noise suppression {'on' if wake.get('denoise') else 'off'} | |",
        f"| detections refused (too short, no pause before) | {wake.get('rejected', 0)} | |",
        f"| spotter real-time factor | {rtf:.3f} | |" if rtf else "| spotter real-time factor | - | |",
        "", "by voice and noise, detected/inserted (false alarms):", "",
        "| voice | " + " | ".join(snrs) + " |", "| --- |" + " --- |" * len(snrs),
    ]
    for v in voices:
        found = [wake["by_condition"].get(f"{v}/{s}") for s in snrs]
        lines.append(f"| {v} | " + " | ".join(f"{d}/{i} ({fa})" if i else "-" for d, i, fa in
                                              (x or (0, 0, 0) for x in found)) + " |")
    lines.append("| all | " + " | ".join(f"{by_snr[s][0]}/{by_snr[s][1]} ({by_snr[s][2]})" if s in by_snr else "-"
                                         for s in snrs) + " |")
    if wake.get("false_alarm_examples"):
        lines += ["", "false alarms:"] + [f"- {e}" for e in wake["false_alarm_examples"]]
    return "\n".join(lines)


def run_wake_only(args: argparse.Namespace, voices: list[str], snrs: list[float | None]) -> int:
    """``--wake-only``: the wake phrase section alone (no broker, daemon or intent model).

    The commands said after the wake phrase are the spoken forms of ``--count`` sentences drawn from the
    home's grammar (not filtered by what the intent model understands, as the full run does).
    """
    from homeslm.asr import spoken_form
    from homeslm.config import config_from_dict
    from homeslm.training.data import sample_commands
    from homeslm.voice import VoiceSettings

    if args.wake_minutes <= 0:
        raise SystemExit("--wake-only needs --wake-minutes above 0")
    data, source = _config_data(args)
    config = config_from_dict(data, source=str(source or "bench-voice home"),
                              base_dir=source.parent if source is not None else None)
    commands: list[str] = []
    for text in sample_commands(config, args.count * 4, seed=args.seed):
        spoken = spoken_form(text)
        if spoken not in commands:
            commands.append(spoken)
        if len(commands) == args.count:
            break
    print(f"wake phrase: {args.wake_minutes:g} minutes of synthesised speech in {len(voices)} voices ...", flush=True)
    started = time.monotonic()
    wake = wake_benchmark(VoiceSettings.from_config(config), SpeechBank(), voices, snrs, commands, args.wake_minutes)
    report = {"wake": wake_report_dict(wake),
              "setup": {"config": str(source) if source else "built-in home", "voices": voices,
                        "snr": [snr_label(s) for s in snrs], "commands_seed": args.seed, "commands": len(commands),
                        "wake_minutes": args.wake_minutes, "cpu_count": os.cpu_count(),
                        "elapsed_s": round(time.monotonic() - started, 1)}}
    print()
    print(format_wake(report["wake"], voices, [snr_label(s) for s in snrs]))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str))
    return 0


# --------------------------------------------------------------------------------------------------
# The daemon as a process of its own, for its RSS


def daemon_rss_mb(config_data: dict[str, Any], site: str, workdir: Path, audio: np.ndarray, bus: BrokerSide,
                  start_timeout_s: float = 90.0) -> tuple[float | None, str]:
    """RSS of ``homeslm run --input WAV`` once it answered the spoken command in ``audio``; (MB, note).

    Waits for the daemon's retained ``online``, then for its answer on ``homeslm/<site>/intent`` (at most
    the length of the audio plus 15 s: a command the loop ignored gets no answer).
    """
    from homeslm.mqtt import intent_topic, status_topic

    import wave

    import psutil

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
    def log_tail() -> str:
        return " | ".join(log_path.read_text(errors="replace").strip().splitlines()[-3:])

    try:
        online = bus.wait(lambda msgs: any(m.topic == status_topic(site) and m.payload == b"online" for m in msgs),
                          mark, start_timeout_s)
        if not online:
            return None, f"the daemon was not online within {start_timeout_s:.0f} s: {log_tail()}"
        wait_s = len(audio) / RATE_HZ + 15.0
        answered = bus.wait(lambda msgs: any(m.topic == intent_topic(site) for m in msgs), mark, wait_s)
        if proc.poll() is not None:
            return None, f"the daemon exited with {proc.returncode}: {log_tail()}"
        rss = psutil.Process(proc.pid).memory_info().rss / 2**20
        return rss, "after answering the command" if answered else f"the command got no answer within {wait_s:.0f} s"
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(15.0)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5.0)


# --------------------------------------------------------------------------------------------------
# Report


def percentiles_ms(values_s: Sequence[float]) -> dict[str, float]:
    from homeslm.benchmarks.soak import percentiles

    return {k: round(v, 1) for k, v in percentiles(values_s).items()}


def _cell(results: Sequence[ClipResult]) -> dict[str, Any]:
    n = len(results)
    ok = sum(r.correct for r in results)
    ref = sum(r.ref_words for r in results)
    return {"n": n, "correct": ok, "rate": ok / n if n else None,
            "wer": sum(r.word_errors for r in results) / ref if ref else None}


def build_report(results: Sequence[ClipResult], voices: Sequence[str], snrs: Sequence[float | None]) -> dict[str, Any]:
    commands = [r for r in results if r.clip.kind == "command"]
    chatter = [r for r in results if r.clip.kind == "chatter"]
    by_condition = {f"{v}/{snr_label(s)}": _cell([r for r in commands if r.clip.voice == v and r.clip.snr_db == s])
                    for v in voices for s in snrs}
    audio_s = sum(r.audio_s for r in results)
    executed_chatter = sum(r.executed for r in chatter)
    return {
        "commands": {
            **_cell(commands),
            "by_condition": by_condition,
            "by_voice": {v: _cell([r for r in commands if r.clip.voice == v]) for v in voices},
            "by_snr": {snr_label(s): _cell([r for r in commands if r.clip.snr_db == s]) for s in snrs},
            "sentences": len({r.clip.text for r in commands}),
            "not_heard": sum(r.accepted == 0 for r in commands),
            "dropped_low_confidence": sum(r.accepted == 0 and r.dropped > 0 for r in commands),
            "word_perfect": sum(r.ref_words > 0 and r.word_errors == 0 for r in commands),
            "word_perfect_correct": sum(r.ref_words > 0 and r.word_errors == 0 and r.correct for r in commands),
            "word_perfect_dropped": sum(r.ref_words > 0 and r.word_errors == 0 and r.accepted == 0 for r in commands),
            "answers_timed_out": sum(r.timed_out for r in results),
        },
        "chatter": {"n": len(chatter), "executed": executed_chatter,
                    "rate": executed_chatter / len(chatter) if chatter else None,
                    "passed_to_daemon": sum(r.accepted > 0 for r in chatter),
                    "executed_examples": [f"{r.clip.spoken!r} heard as {r.transcript!r} -> {r.intents}"
                                          for r in chatter if r.executed][:10]},
        "wer": _cell(commands)["wer"],
        "latency_ms": {"end_of_speech_to_device_command": {
                           **percentiles_ms([r.device_latency_s for r in results if r.device_latency_s is not None]),
                           "n": sum(r.device_latency_s is not None for r in results)},
                       "end_of_speech_to_intent": {
                           **percentiles_ms([r.answer_latency_s for r in results if r.answer_latency_s is not None]),
                           "n": sum(r.answer_latency_s is not None for r in results)},
                       "recogniser_final_result": {
                           **percentiles_ms([r.final_s for r in results if r.final_s is not None]),
                           "n": sum(r.final_s is not None for r in results)}},
        "real_time_factor": sum(r.busy_s for r in results) / audio_s if audio_s else None,
        "recognised_audio_s": round(audio_s, 1),
    }


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


def _frac(cell: dict[str, Any]) -> str:
    return f"{cell['correct']}/{cell['n']} ({_pct(cell['rate'])})" if cell["n"] else "-"


def format_table(report: dict[str, Any]) -> str:
    c, ch, lat = report["commands"], report["chatter"], report["latency_ms"]["end_of_speech_to_device_command"]
    ans = report["latency_ms"]["end_of_speech_to_intent"]
    fin = report["latency_ms"]["recogniser_final_result"]
    clean_us = c["by_condition"].get("en-us/clean")
    wake = report.get("wake")
    rss = report["rss_mb"]
    silence_s = report.get("setup", {}).get("voice_settings", {}).get("silence_s", 0.7)

    def ms(stats: dict[str, Any], key: str) -> str:
        return f"{stats[key]:.0f} ms" if key in stats else "-"

    rows = [
        ("clean en-us commands executed correctly", _frac(clean_us) if clean_us else "-",
         TARGETS["clean en-us commands executed correctly"]),
        ("commands executed correctly (all voices)", _frac(c), TARGETS["commands executed correctly (all voices)"]),
        ("chatter wrongly executed", f"{ch['executed']}/{ch['n']} ({_pct(ch['rate'])})",
         TARGETS["chatter wrongly executed"]),
        ("word error rate (commands)", _pct(report["wer"]), ""),
        ("commands heard word for word",
         f"{c['word_perfect']}/{c['n']}: {c['word_perfect_correct']} executed correctly, "
         f"{c['word_perfect_dropped']} ignored for low confidence", ""),
        ("commands ignored for low confidence (voice.min_confidence)", f"{c['dropped_low_confidence']}/{c['n']}", ""),
        (f"end of speech (decided after {silence_s:g} s of silence) -> device command p50 / p95",
         f"{ms(lat, 'p50')} / {ms(lat, 'p95')} (n={lat['n']})", TARGETS["end of speech -> device command p95"]),
        ("end of speech (decided) -> intent published p50 / p95",
         f"{ms(ans, 'p50')} / {ms(ans, 'p95')} (n={ans['n']})", ""),
        ("of which the recogniser's final result p50 / p95", f"{ms(fin, 'p50')} / {ms(fin, 'p95')}", ""),
        ("recogniser real-time factor (processing time / audio)",
         f"{report['real_time_factor']:.3f}" if report["real_time_factor"] else "-", ""),
        ("daemon RSS (homeslm run --input)", f"{rss['daemon']:.0f} MB ({rss['daemon_note']})" if rss.get("daemon") else
         f"- ({rss.get('daemon_note', 'not measured')})", TARGETS["daemon RSS"]),
        ("RSS of this process (daemon inside, and the synthesised audio; peak)",
         f"{rss['peak']:.0f} MB (before the daemon: {rss['baseline']:.0f} MB)", ""),
    ]
    if wake:
        rows += [
            (f"wake phrase {wake['phrase']!r} detected",
             f"{wake['detected']}/{wake['inserted']} ({_pct(wake['rate'])})", TARGETS["wake phrase detected"]),
            ("wake false alarms per hour of speech",
             f"{wake['false_alarms_per_h'] or 0:.1f} ({wake['false_alarms']} in {wake['other_speech_s'] / 60:.1f} min)",
             TARGETS["wake false alarms"]),
        ]
    lines = ["| measure | value | target |", "| --- | --- | --- |"]
    lines += [f"| {a} | {b} | {t} |" for a, b, t in rows]
    voices = list(c["by_voice"])
    snrs = list(c["by_snr"])
    lines += ["", "commands executed correctly (WER) by voice and noise:", "",
              "| voice | " + " | ".join(snrs) + " | all |", "| --- |" + " --- |" * (len(snrs) + 1)]
    for v in voices:
        cells = [c["by_condition"][f"{v}/{s}"] for s in snrs] + [c["by_voice"][v]]
        lines.append(f"| {v} | " + " | ".join(
            f"{_frac(x)}, WER {_pct(x['wer'])}" if x["n"] else "-" for x in cells) + " |")
    cells = [c["by_snr"][s] for s in snrs] + [c]
    lines.append("| all | " + " | ".join(f"{_frac(x)}, WER {_pct(x['wer'])}" if x["n"] else "-" for x in cells) + " |")
    if wake:
        lines += ["", f"wake phrase {wake['phrase']!r} detected (false alarms) by voice and noise:", "",
                  "| voice | " + " | ".join(snrs) + " |", "| --- |" + " --- |" * len(snrs)]
        for v in voices:
            found = [wake["by_condition"].get(f"{v}/{s}") for s in snrs]
            lines.append(f"| {v} | " + " | ".join(f"{d}/{i} ({fa})" if i else "-" for d, i, fa in
                                                  (x or (0, 0, 0) for x in found)) + " |")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------------
# CLI


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--count", type=int, default=100,
                        help="command sentences (default 100); each is spoken in every voice")
    parser.add_argument("--voices", default=",".join(DEFAULT_VOICES),
                        help=f"espeak-ng voices, comma-separated (default {','.join(DEFAULT_VOICES)})")
    parser.add_argument("--snr", default=",".join(DEFAULT_SNRS),
                        help="noise levels: 'clean' (40 dB floor only) or a signal-to-noise ratio in dB "
                             "(default clean,20,10); each voice takes them in turn")
    parser.add_argument("--chatter", type=int, default=40,
                        help=f"chatter sentences (default 40, at most {len(CHATTER)}); each spoken in every voice")
    parser.add_argument("--wake-minutes", type=float, default=60.0,
                        help="minutes of synthesised speech for the wake phrase (default 60; 0 skips it)")
    parser.add_argument("--wake-only", action="store_true",
                        help="only the wake phrase section (no broker, daemon or intent model); --count sets how "
                             "many different commands follow the wake phrase")
    parser.add_argument("--model", default=None, metavar="DIR",
                        help="intent model directory (default: model.path of the config, else the shipped model)")
    parser.add_argument("--seed", type=int, default=COMMAND_SEED, help="seed of the commands drawn from the grammar")
    parser.add_argument("--no-daemon-rss", action="store_true",
                        help="skip measuring a separate 'homeslm run --input' process's RSS")
    parser.add_argument("--quick", action="store_true",
                        help="a small run: 24 commands, 12 chatter sentences, 3 wake minutes, no daemon RSS")
    parser.add_argument("--mosquitto", default=None, metavar="PATH", help="the mosquitto program")
    parser.add_argument("--json", type=Path, default=None, metavar="OUT", help="write all figures as JSON")
    parser.add_argument("--results", type=Path, default=None, metavar="OUT",
                        help="write every utterance (text, transcript, intents, latency) as JSON lines")


def _config_data(args: argparse.Namespace) -> tuple[dict[str, Any], Path | None]:
    path = getattr(args, "config", None)
    if path is None:
        return default_home(), None
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SystemExit(f"{path}: cannot read the config: {exc}") from None
    if not isinstance(data, dict):
        raise SystemExit(f"{path}: expected a mapping at the top of the config")
    plugins = data.get("plugins")
    if isinstance(plugins, dict) and isinstance(plugins.get("paths"), list):
        plugins["paths"] = [str((path.parent / p).resolve()) for p in plugins["paths"]]
    return data, path


def _model_dir(args: argparse.Namespace, data: dict[str, Any], source: Path | None) -> Path:
    from homeslm.intent_model import REQUIRED_FILES, default_model_dir

    given = data.get("model")
    model: dict[str, Any] = given if isinstance(given, dict) else {}
    if args.model:
        model_dir = Path(args.model)
    elif model.get("path"):
        model_dir = Path(str(model["path"])).expanduser()
        if not model_dir.is_absolute() and source is not None:
            model_dir = source.parent / model_dir
    else:
        model_dir = default_model_dir()
    missing = [f for f in REQUIRED_FILES if not (model_dir / f).is_file()]
    if missing:
        raise SystemExit(f"no intent model at {model_dir} (missing {', '.join(missing)}): the shipped model is built "
                         "by 'homeslm train'; pass --model DIR or set model.path in the config")
    return model_dir.resolve()


def run(args: argparse.Namespace) -> int:
    if args.quick:
        args.count, args.chatter, args.wake_minutes, args.no_daemon_rss = 24, 12, 3.0, True
    voices = [v.strip() for v in args.voices.split(",") if v.strip()]
    snrs = parse_snrs(args.snr)
    if args.count < 1 or not voices:
        raise SystemExit("--count must be at least 1 and --voices name at least one voice")
    if not 0 <= args.chatter <= len(CHATTER):
        raise SystemExit(f"--chatter must be between 0 and {len(CHATTER)} (the built-in chatter sentences)")
    if not have_espeak():
        raise SystemExit("espeak-ng and sox are needed to synthesise speech: apt install espeak-ng sox")
    for voice in voices:
        if subprocess.run(["espeak-ng", "-v", voice, "-q", "x"], capture_output=True, timeout=30).returncode != 0:
            raise SystemExit(f"--voices: espeak-ng has no voice {voice!r} (espeak-ng --voices lists them)")
    if args.wake_only:
        return run_wake_only(args, voices, snrs)
    with tempfile.TemporaryDirectory(prefix="homeslm-bench-voice-") as tmp:
        report, results = bench(args, Path(tmp), voices, snrs)
    print()
    print(format_table(report))
    if report["chatter"]["executed_examples"]:
        print("\nchatter executed:\n" + "\n".join(f"- {e}" for e in report["chatter"]["executed_examples"]))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str))
    if args.results:
        with open(args.results, "w", encoding="utf-8") as fh:
            for r in results:
                fh.write(json.dumps({**dataclasses.asdict(r.clip), "transcript": r.transcript,
                                     "confidences": r.confidences, "accepted": r.accepted, "intents": r.intents,
                                     "statuses": r.statuses, "correct": r.correct,
                                     "device_latency_ms": None if r.device_latency_s is None
                                     else round(1000 * r.device_latency_s, 1)}) + "\n")
    return 0


def bench(args: argparse.Namespace, workdir: Path, voices: list[str],
          snrs: list[float | None]) -> tuple[dict[str, Any], list[ClipResult]]:
    """The whole benchmark in ``workdir``; returns the report and every utterance's result."""
    import psutil

    from homeslm.asr import spoken_form
    from homeslm.benchmarks.soak import Broker
    from homeslm.config import config_from_dict
    from homeslm.training.data import sample_commands
    from homeslm.voice import VoiceSettings

    started = time.monotonic()
    me = psutil.Process()
    rss_baseline = me.memory_info().rss / 2**20
    data, source = _config_data(args)
    model_dir = _model_dir(args, data, source)
    broker = Broker(workdir, args.mosquitto)
    broker.start()
    data["mqtt"] = {"host": LOOPBACK, "port": broker.port}
    plugins = data.setdefault("plugins", {}) or {}
    data["plugins"] = plugins
    plugins["disable"] = sorted({*(plugins.get("disable") or []), "espeak"})  # no sound card to speak on
    data["model"] = {**(data.get("model") or {}), "path": str(model_dir)}
    base_dir = source.parent if source is not None else None
    config: Config = config_from_dict(data, source=str(source or "bench-voice home"), base_dir=base_dir)
    voice_data = dict(config.voice)
    voice_data["wake_phrase"] = None
    rig_config = dataclasses.replace(config, followup_window_s=0.0, voice=voice_data)
    settings = VoiceSettings.from_config(rig_config)
    def say(line: str) -> None:
        print(line, flush=True)

    bus = BrokerSide(broker.port, config)
    rig: VoiceRig | None = None
    try:
        bus.start()
        rig = VoiceRig(rig_config, settings, bus)
        say(f"recogniser {rig.recognizer.name}: built in {rig.recognizer_build_s:.1f} s; starting the daemon "
            f"(model {model_dir}, broker port {broker.port})")
        rig.start()
        rss_started = me.memory_info().rss / 2**20

        # Commands: grammar sentences whose text the daemon understands; their intents are the target.
        commands: list[tuple[str, str, tuple[dict[str, Any], ...]]] = []
        seen: set[str] = set()
        drawn = 0
        rejected = 0
        pool = sample_commands(config, args.count * 4, seed=args.seed)
        for text in pool:
            drawn += 1
            spoken = spoken_form(text)
            if spoken in seen:
                continue
            seen.add(spoken)
            target = rig.target(text)
            if not target:
                rejected += 1
                continue
            commands.append((text, spoken, target))
            if len(commands) == args.count:
                break
        if len(commands) < args.count:
            raise SystemExit(f"only {len(commands)} of {drawn} sentences drawn from the grammar were understood as "
                             f"text; is the model ({model_dir}) trained for this grammar?")
        clips: list[Clip] = []
        for i, (text, spoken, target) in enumerate(commands):
            for j, voice in enumerate(voices):
                clips.append(Clip("command", text, spoken, voice, snrs[(i + j) % len(snrs)], target))
        for i, text in enumerate(CHATTER[: args.chatter]):
            for j, voice in enumerate(voices):
                clips.append(Clip("chatter", text, text, voice, snrs[(i + j) % len(snrs)]))
        random.Random(args.seed).shuffle(clips)
        say(f"{len(commands)} commands ({rejected} drawn sentences not understood as text were skipped) and "
            f"{args.chatter} chatter sentences, in {len(voices)} voices: {len(clips)} utterances")

        bank = SpeechBank()
        results: list[ClipResult] = []
        rss_peak = rss_started
        tail_s = settings.silence_s + 0.4
        for k, clip in enumerate(clips):
            clean = bank.clean(clip.spoken, clip.voice)
            ref = speech_rms(clean)
            audio = add_noise(np.concatenate([zeros(0.4), clean, zeros(tail_s)]), clip.snr_db, ref, seed=k)
            extension = iter(range(10**6))

            def extend(seconds: float, snr: float | None = clip.snr_db, ref: float = ref, k: int = k) -> np.ndarray:
                return add_noise(zeros(seconds), snr, ref, seed=1_000_000 + 1000 * k + next(extension))

            results.append(rig.say(clip, audio, extend))
            if k % 10 == 0:
                rss_peak = max(rss_peak, me.memory_info().rss / 2**20)
            if (k + 1) % 50 == 0 or k + 1 == len(clips):
                done = [r for r in results if r.clip.kind == "command"]
                say(f"  {k + 1}/{len(clips)} utterances, commands correct so far {sum(r.correct for r in done)}/"
                    f"{len(done)}, {time.monotonic() - started:.0f} s")
        rss_peak = max(rss_peak, me.memory_info().rss / 2**20)
        rig.stop()
        rig = None

        report = build_report(results, voices, snrs)
        report["commands"]["drawn_not_understood_as_text"] = rejected
        report["rss_mb"] = {"baseline": round(rss_baseline, 1), "after_start": round(rss_started, 1),
                            "peak": round(rss_peak, 1)}
        if args.wake_minutes > 0:
            say(f"wake phrase: {args.wake_minutes:g} minutes of synthesised speech ...")
            wake = wake_benchmark(VoiceSettings.from_config(config), bank, voices, snrs,
                                  [spoken for _, spoken, _ in commands], args.wake_minutes)
            report["wake"] = wake_report_dict(wake)
        if not args.no_daemon_rss:
            # Replay a command the daemon got right, clean if possible (else any command).
            replayable = sorted((r for r in results if r.clip.kind == "command" and r.clip.voice == voices[0]),
                                key=lambda r: (not r.correct, r.device_latency_s is None, r.clip.snr_db is not None))
            good = replayable[0] if replayable else None
            if good is not None:
                settings_full = VoiceSettings.from_config(config)
                phrase = settings_full.wake_phrase
                pieces = [zeros(0.5)]
                if phrase:
                    pieces += [bank.clean(phrase, voices[0]), zeros(0.25)]
                pieces += [bank.clean(good.clip.spoken, voices[0]), zeros(1.5)]
                clean = np.concatenate(pieces)
                said = f"{phrase}, {good.clip.spoken}" if phrase else good.clip.spoken
                say(f"daemon RSS: 'homeslm run --input' with {said!r} ...")
                rss, note = daemon_rss_mb(data, config.site, workdir, add_noise(clean, None, speech_rms(clean), seed=7),
                                          bus)
                report["rss_mb"]["daemon"] = None if rss is None else round(rss, 1)
                report["rss_mb"]["daemon_note"] = note
        report["setup"] = {
            "config": str(source) if source else "built-in home", "model": str(model_dir),
            "recognizer": settings.recognizer, "voices": voices, "snr": [snr_label(s) for s in snrs],
            "voice_settings": {k: v for k, v in dataclasses.asdict(settings).items() if k != "pocketsphinx"},
            "commands_seed": args.seed, "cpu_count": os.cpu_count(),
            "how": "commands and chatter as after push-to-talk (no wake phrase: measured on its own), "
                   "follow-ups off; audio fed faster than real time, one utterance at a time",
            "elapsed_s": round(time.monotonic() - started, 1),
        }
        return report, results
    finally:
        if rig is not None:
            rig.stop()
        bus.stop()
        broker.stop()
