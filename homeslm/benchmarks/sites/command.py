"""``homeslm bench sites``: N simulated Hermes satellites talking at once to one hub (issue 17 item 4).

For each N of ``--sites`` (default 1,2,4,8) a fresh hub runs as a real ``homeslm run --no-voice`` process on a
real mosquitto (loopback, free port), configured with N satellites ``sat-1`` .. ``sat-N``, each in its own room
with a light called "ceiling light" (Tasmota) and nothing else telling them apart: "turn on the light" means
the light of the room of the satellite that heard it. The config's ``voice:`` defaults apply (Whisper tiny.en,
or pocketsphinx without it; wake phrase "computer"; one wake engine and recogniser per satellite on the hub, the
recognisers sharing one loaded model). Each of the N simulated
Rhasspy satellites (:mod:`homeslm.benchmarks.sites.simulated`: WAV audioFrames of 1024 frames in real time,
playBytes played for as long as they last, then playFinished) says ``--count`` commands, "computer, turn on the
light" and "computer, turn off the light" in turn, in one of ``--voices`` (espeak-ng, 40 dB noise floor), all
satellites at the same time, each waiting for its answer (or ``--answer-timeout-s``), for it to play, and
``--pause-s`` (6 s, give or take 0.5 s: past the follow-up window, so each command is woken by the wake phrase)
before its next one.

Measured per N:

- **latency**: from the satellite publishing the chunk that holds the last word to the hub's command arriving
  on ``cmnd/<room light>/POWER`` at a subscriber (includes ``voice.silence_s``, 0.7 s by default, the silence
  the hub waits for before deciding the utterance ended), p50 and p95 over every command executed correctly;
- **correct**: the command published on the satellite's own room light with the state said (ON/OFF);
- **mix-ups**: intents the hub published for one site (``homeslm/<siteId>/intent``) naming another room than that
  satellite's, plus commands on a light of no satellite's room (must be 0); commands on a room light that its
  satellite did not say are listed under the table;
- **transcript -> device**: from the hub publishing a satellite's final transcript (``homeslm/<siteId>/transcript``,
  on that satellite's loop thread, just before the command is queued) to its command arriving, p50 and p95: the
  part of the latency that the daemon's one worker adds (queue wait behind other sites' commands, understanding,
  executing), so the most that understanding the sites' commands concurrently could save;
- **CPU** of the hub process over the talking phase (user + system time / wall time, 100% = one core) and its
  peak **RSS**.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from homeslm.benchmarks.soak.broker import Broker
from homeslm.benchmarks.soak.report import percentiles
from homeslm.benchmarks.soak.watch import NotifySocket, RssSampler
from homeslm.benchmarks.sites.simulated import SimulatedSatellite
from homeslm.benchmarks.voice.speech import add_noise, espeak, have_espeak, speech_rms, zeros
from homeslm.config.model import MqttConfig
from homeslm.hermes import audio_frames as af
from homeslm.mqtt import MqttClient

HELP = ("sites: N simulated Hermes satellites streaming speech at once to one hub: per-site latency p50/p95, "
        "commands correct, cross-site mix-ups, the hub's CPU and RSS")
COMMANDS = ("turn on the light", "turn off the light")
STATES = {"turn on the light": "ON", "turn off the light": "OFF"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sites", default="1,2,4,8", help="numbers of satellites to run, one hub each (default 1,2,4,8)")
    parser.add_argument("--count", type=int, default=4, help="commands each satellite says (default 4)")
    parser.add_argument("--voices", default="en-us,en-gb", help="espeak-ng voices, one per satellite in turn")
    parser.add_argument("--answer-timeout-s", type=float, default=30.0,
                        help="how long a satellite waits for its answer before its next command (default 30)")
    parser.add_argument("--ready-timeout-s", type=float, default=600.0, help="how long the hub may take to start")
    parser.add_argument("--pause-s", type=float, default=6.0,
                        help="a satellite's pause after its answer before its next command, give or take 0.5 s "
                             "(default 6: past voice.followup_s, so every command is woken by the wake phrase)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="keep the work directory (configs, logs) here")


@dataclass
class SiteRun:
    """What one N measured."""

    sites: int
    said: int = 0
    correct: int = 0
    mixups: int = 0
    latencies_s: list[float] = field(default_factory=list)
    worker_s: list[float] = field(default_factory=list)
    """Transcript published -> command arrived, per command executed correctly."""
    cpu_percent: float = 0.0
    rss_mb: float = 0.0
    ready_s: float = 0.0
    talk_s: float = 0.0
    problems: list[str] = field(default_factory=list)


def hub_config(port: int, n: int) -> dict[str, Any]:
    rooms = [f"room {i}" for i in range(1, n + 1)]
    return {
        "site": "bench-hub", "area": "hall", "areas": ["hall", *rooms],
        "mqtt": {"host": "127.0.0.1", "port": port},
        "devices": [{"name": "ceiling light", "type": "light", "plugin": "tasmota", "area": room,
                     "topic": f"light_{i}"} for i, room in enumerate(rooms, 1)],
        "hermes": {"enabled": True, "satellites": [{"site_id": f"sat-{i}", "area": room}
                                                   for i, room in enumerate(rooms, 1)]},
        "commands": {"rate_per_s": 50, "burst": 50},
    }


class Recorder:
    """The device side: every ``cmnd/+/POWER`` and the hub's ``homeslm/+/intent``, with arrival times."""

    def __init__(self, port: int) -> None:
        self._client = MqttClient(MqttConfig(host="127.0.0.1", port=port), site="bench-sites-recorder",
                                  availability=False)
        self._lock = threading.Lock()
        self.power: list[tuple[str, str, float]] = []
        self.intents: list[tuple[str, dict[str, Any]]] = []
        self.transcripts: list[tuple[str, float]] = []
        self._client.subscribe("cmnd/+/POWER", self._on_power, qos=1, retained=False)
        self._client.subscribe("homeslm/+/intent", self._on_intent, qos=1, retained=False)
        self._client.subscribe("homeslm/+/transcript", self._on_transcript, qos=1, retained=False)

    def start(self) -> None:
        self._client.start()
        if not self._client.wait_connected(10.0):
            raise SystemExit("the recorder could not connect to the benchmark's broker")

    def stop(self) -> None:
        self._client.stop(timeout_s=1.0)

    def _on_power(self, topic: str, payload: bytes) -> None:
        with self._lock:
            self.power.append((topic.split("/")[1], payload.decode("utf-8", "replace").strip().upper(), time.monotonic()))

    def _on_transcript(self, topic: str, payload: bytes) -> None:
        with self._lock:
            self.transcripts.append((topic.split("/")[1], time.monotonic()))

    def transcript_before(self, site: str, after: float, at: float) -> float | None:
        """When the last transcript of ``site`` between ``after`` and ``at`` arrived."""
        with self._lock:
            times = [t for name, t in self.transcripts if name == site and after <= t <= at]
        return max(times) if times else None

    def _on_intent(self, topic: str, payload: bytes) -> None:
        import json

        try:
            data = json.loads(payload)
        except ValueError:
            return
        with self._lock:
            self.intents.append((topic.split("/")[1], data))

    def power_on(self, light: str, after: float) -> list[tuple[str, float]]:
        with self._lock:
            return [(state, at) for name, state, at in self.power if name == light and at >= after]


def utterance(command: str, voice: str, seed: int, cache: dict[tuple[str, str], np.ndarray]) -> tuple[np.ndarray, int]:
    """The wake phrase and ``command`` over a 40 dB noise floor, with the silence after it; where the words end."""
    def clean(text: str) -> np.ndarray:
        if (text, voice) not in cache:
            cache[(text, voice)] = espeak(text, voice)
        return cache[(text, voice)]

    words = clean(command)
    spoken = np.concatenate([zeros(0.3), clean("computer"), zeros(0.25), words])
    audio = np.concatenate([spoken, zeros(1.5)])
    return add_noise(audio, None, speech_rms(words), seed), len(spoken)


def run_sites(n: int, args: argparse.Namespace, workdir: Path, say: Any) -> SiteRun:
    import yaml

    result = SiteRun(n)
    run_dir = workdir / f"n{n}"
    run_dir.mkdir(parents=True, exist_ok=True)
    broker = Broker(run_dir)
    broker.start()
    config_path = run_dir / "hub.yaml"
    config_path.write_text(yaml.safe_dump(hub_config(broker.port, n), sort_keys=False))
    notify = NotifySocket(run_dir / "notify.sock")
    recorder = Recorder(broker.port)
    log_path = run_dir / "hub.log"
    env = {**os.environ, "NOTIFY_SOCKET": str(notify.path), "PYTHONUNBUFFERED": "1",
           "STATE_DIRECTORY": str(workdir / "state")}
    env.pop("WATCHDOG_USEC", None)
    proc: subprocess.Popen[bytes] | None = None
    satellites: list[SimulatedSatellite] = []
    sampler: RssSampler | None = None
    try:
        recorder.start()
        started = time.monotonic()
        with open(log_path, "ab") as log:
            proc = subprocess.Popen([sys.executable, "-m", "homeslm", "run", "--no-voice", "--config", str(config_path)],
                                    stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        hub = proc
        if not notify.wait_ready(args.ready_timeout_s, lambda: hub.poll() is None):
            raise SystemExit(f"the hub did not become READY (exit status {proc.poll()}); its log ends:\n"
                             f"{log_path.read_text(errors='replace')[-3000:]}")
        result.ready_s = time.monotonic() - started
        sampler = RssSampler(proc.pid)
        sampler.start()
        mqtt = MqttConfig(host="127.0.0.1", port=broker.port)
        voices = [v for v in args.voices.split(",") if v]
        satellites = [SimulatedSatellite(mqtt, f"sat-{i}", seed=args.seed + i, play_s=None) for i in range(1, n + 1)]
        for sat in satellites:
            sat.start()
        cache: dict[tuple[str, str], np.ndarray] = {}
        plans = [[utterance(COMMANDS[k % 2], voices[i % len(voices)], args.seed * 1000 + i * 100 + k, cache)
                  for k in range(args.count)] for i in range(n)]
        say(f"N={n}: hub READY after {result.ready_s:.1f} s; {n} satellites say {args.count} commands each")
        outcomes: list[list[tuple[str, float | None]]] = [[] for _ in range(n)]
        cpu0 = _cpu_s(proc.pid)
        t0 = time.monotonic()

        def talk(index: int) -> None:
            sat, rng = satellites[index], random.Random(args.seed * 7 + index)
            for k, (audio, speech_end) in enumerate(plans[index]):
                played_before = len(sat.played)
                spoken = sat.say(audio, speech_end)
                spoken.sent.wait(60.0)
                played = sat.wait_played(played_before + 1, args.answer_timeout_s)
                outcomes[index].append((COMMANDS[k % 2], spoken.speech_end_s))
                answer_s = af.wav_duration_s(played[-1].wav) if len(played) > played_before else 0.0
                # the answer plays, then the pause before the next command
                time.sleep(max(0.0, answer_s + args.pause_s + rng.uniform(-0.5, 0.5)))

        threads = [threading.Thread(target=talk, args=(i,), daemon=True) for i in range(n)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        result.talk_s = time.monotonic() - t0
        result.cpu_percent = 100.0 * (_cpu_s(proc.pid) - cpu0) / result.talk_s
        time.sleep(1.0)  # the last answers' messages reach the recorder
        sampler.stop()
        result.rss_mb = sampler.max_mb()
        _judge(result, outcomes, recorder)
        return result
    finally:
        for sat in satellites:
            sat.stop()
        if sampler is not None:
            sampler.stop()
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        recorder.stop()
        notify.close()
        broker.stop()


def _judge(result: SiteRun, outcomes: list[list[tuple[str, float | None]]], recorder: Recorder) -> None:
    for index, said in enumerate(outcomes):
        light, room = f"light_{index + 1}", f"room {index + 1}"
        commands = recorder.power_on(light, 0.0)
        used: set[int] = set()
        for k, (command, end_s) in enumerate(said):
            result.said += 1
            if end_s is None:
                continue
            next_end = said[k + 1][1] if k + 1 < len(said) and said[k + 1][1] is not None else float("inf")
            for j, (state, at) in enumerate(commands):
                if j not in used and end_s <= at < (next_end or float("inf")) and state == STATES[command]:
                    used.add(j)
                    result.correct += 1
                    result.latencies_s.append(at - end_s)
                    heard = recorder.transcript_before(f"sat-{index + 1}", end_s, at)
                    if heard is not None:
                        result.worker_s.append(at - heard)
                    break
        unasked = [c for j, c in enumerate(commands) if j not in used]
        if len(unasked) > 0:
            result.problems.append(f"sat-{index + 1}: {len(unasked)} commands on {light} not matched to what it said")
        for site, payload in recorder.intents:
            if site != f"sat-{index + 1}":
                continue
            for item in payload.get("intents", []) or []:
                area = item.get("area") if isinstance(item, dict) else None
                if area is not None and area != room:
                    result.mixups += 1
    lights = {f"light_{i + 1}" for i in range(len(outcomes))}
    with recorder._lock:
        stray = [name for name, _, _ in recorder.power if name not in lights]
    result.mixups += len(stray)


def _cpu_s(pid: int) -> float:
    import psutil

    times = psutil.Process(pid).cpu_times()
    return float(times.user + times.system)


def format_table(runs: list[SiteRun]) -> str:
    lines = ["| sites | commands said | correct | mix-ups | latency p50 (ms) | latency p95 (ms) | hub CPU (% of a core) "
             "| transcript -> device p50 / p95 (ms) | hub RSS (MB) | hub ready (s) |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in runs:
        p, w = percentiles(r.latencies_s), percentiles(r.worker_s)
        lines.append(f"| {r.sites} | {r.said} | {r.correct} ({100 * r.correct / max(1, r.said):.0f}%) | {r.mixups} "
                     f"| {p.get('p50', float('nan')):.0f} | {p.get('p95', float('nan')):.0f} | {r.cpu_percent:.0f} "
                     f"| {w.get('p50', float('nan')):.0f} / {w.get('p95', float('nan')):.0f} "
                     f"| {r.rss_mb:.0f} | {r.ready_s:.1f} |")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    if not have_espeak():
        raise SystemExit("homeslm bench sites speaks with espeak-ng and sox: apt install espeak-ng sox")
    sizes = [int(x) for x in str(args.sites).split(",") if x.strip()]
    if not sizes or min(sizes) < 1:
        raise SystemExit("--sites: expected numbers of satellites such as 1,2,4,8")
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="homeslm-bench-sites-"))
    workdir.mkdir(parents=True, exist_ok=True)

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    runs: list[SiteRun] = []
    try:
        for n in sizes:
            runs.append(run_sites(n, args, workdir, say))
            say(format_table(runs[-1:]).splitlines()[-1])
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(format_table(runs))
    for r in runs:
        for problem in r.problems:
            print(f"N={r.sites}: {problem}")
    return 0 if all(r.mixups == 0 for r in runs) else 1
