"""``homeslm bench soak``: the daemon under a long stream of MQTT text commands, with a broker restart.

It starts its own mosquitto on a free loopback port (persistent sessions, like a real broker), writes a
config of simulated zigbee2mqtt lights and switches, starts the real daemon as a child process (with an
``sd_notify`` socket it owns, so READY and WATCHDOG are real), and then:

- publishes ``--count`` commands (``{"text": "turn on the desk lamp", "id": N}``, QoS 1) to
  ``homeslm/<site>/command`` at ``--rate`` per second, cycling through the devices with turn on, set
  to N percent and turn off, so that consecutive commands to one device always differ;
- plays the devices: a subscriber on ``zigbee2mqtt/+/set`` records each device command (and answers
  with the new state, as zigbee2mqtt does) and watches ``homeslm/<site>/response`` and ``intent``;
- stops the broker once at ``--restart-at`` (a fraction of the run) for ``--outage-s`` seconds while
  commands keep being issued;
- waits for the answers, stops the daemon with SIGTERM and prints what it measured.

"Lost" counts commands that were issued but neither answered nor executed. Commands the model got
wrong are counted apart ("misunderstood"); they are the model's accuracy, not the daemon's
reliability. Latency is from the command's publication to its device command's arrival. RSS is the
daemon's resident memory: after READY, after the warm-up (the first 5 % of commands, which fill
CTranslate2's buffers and the caches) and at the end; growth is end minus warm-up.

The daemon is ``python -m homeslm run --no-voice --config CONFIG``, as systemd runs it; the generated
config raises ``commands: {rate_per_s, burst}`` above ``--rate`` (the default limit protects the command
topic from floods and would drop most of a soak).
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

logger = logging.getLogger(__name__)

HELP = ("soak: N text commands over MQTT at R/s against simulated zigbee2mqtt devices, one broker restart: "
        "commands lost, latency percentiles, daemon RSS growth")

SITE = "soak"
BASE_TOPIC = "zigbee2mqtt"
LOOPBACK = "127.0.0.1"

#: Simulated devices: (name, type, area). Names are unique, so no command needs an area.
DEVICES: tuple[tuple[str, str, str], ...] = (
    ("ceiling light", "light", "kitchen"),
    ("floor lamp", "light", "living room"),
    ("desk lamp", "light", "office"),
    ("reading light", "light", "bedroom"),
    ("porch light", "light", "garden"),
    ("mirror light", "light", "bathroom"),
    ("pendant light", "light", "dining room"),
    ("bedside lamp", "light", "bedroom"),
    ("coffee machine", "switch", "kitchen"),
    ("kettle", "switch", "kitchen"),
    ("heater", "switch", "office"),
    ("ceiling fan", "fan", "bedroom"),
)


# --------------------------------------------------------------------------------------------------
# The commands and what each should make a device receive


@dataclass(frozen=True)
class PlannedCommand:
    index: int
    text: str
    device: str
    topic: str
    """The device topic the command should reach (``zigbee2mqtt/<friendly name>/set``)."""
    payload: dict[str, Any]
    """What zigbee2mqtt should receive there."""


def friendly_name(device: str) -> str:
    return "soak_" + device.replace(" ", "_")


def plan_commands(count: int) -> list[PlannedCommand]:
    """``count`` commands cycling through :data:`DEVICES`; each device alternates between its actions, so
    two consecutive commands to one device never expect the same payload (duplicates stay recognisable)."""
    commands: list[PlannedCommand] = []
    visits: dict[str, int] = defaultdict(int)
    for i in range(count):
        name, dtype, _ = DEVICES[i % len(DEVICES)]
        visit = visits[name]
        visits[name] += 1
        topic = f"{BASE_TOPIC}/{friendly_name(name)}/set"
        step = visit % 3 if dtype == "light" else visit % 2 * 2  # lights: on, set, off; others: on, off
        if step == 0:
            commands.append(PlannedCommand(i, f"turn on the {name}", name, topic, {"state": "ON"}))
        elif step == 1:
            percent = 10 + (visit * 7) % 81
            commands.append(PlannedCommand(i, f"set the {name} to {percent} percent", name, topic,
                                           {"brightness": round(percent * 254 / 100)}))
        else:
            commands.append(PlannedCommand(i, f"turn off the {name}", name, topic, {"state": "OFF"}))
    return commands


def soak_config(port: int, model_path: str | None, rate_limit_per_s: float = 100.0, burst: int = 100) -> dict[str, Any]:
    """The generated home: the simulated devices on the soak broker; no text to speech."""
    areas = sorted({area for _, _, area in DEVICES})
    config: dict[str, Any] = {
        "site": SITE,
        "area": "living room",
        "mqtt": {"host": LOOPBACK, "port": port},  # the default reconnect back-off, as deployed
        "areas": areas,
        "devices": [{"name": n, "type": t, "area": a, "plugin": "zigbee2mqtt", "topic": friendly_name(n)}
                    for n, t, a in DEVICES],
        "plugins": {"disable": ["espeak"]},
        "commands": {"rate_per_s": rate_limit_per_s, "burst": burst},
    }
    if model_path:  # the config lives in the work directory: make the path absolute
        config["model"] = {"path": str(Path(model_path).expanduser().resolve())}
    return config


# --------------------------------------------------------------------------------------------------
# Measuring


@dataclass
class Received:
    topic: str
    payload: bytes
    at_s: float
    """``time.monotonic()`` on arrival."""


@dataclass
class Report:
    count: int
    rate_per_s: float
    send_duration_s: float = 0.0
    acknowledged: int = 0
    """Commands the broker acknowledged (PUBACK) to the sender."""
    answered: int = 0
    """Commands with an answer on ``homeslm/<site>/response`` carrying their id."""
    executed_as_expected: int = 0
    misunderstood: int = 0
    """Answered, but the expected device command never came (the model's accuracy)."""
    lost: int = 0
    """Neither answered nor executed."""
    lost_ids: list[int] = field(default_factory=list)
    lost_around_restart: int = 0
    """Lost commands issued between the broker stopping and the daemon's ``online`` after it."""
    too_many: int = 0
    """``Too many commands.`` answers (the daemon's rate limit or full queue)."""
    dropped: int = 0
    """Commands answered ``Too many commands.`` with their id: refused by the daemon, not executed."""
    duplicates: int = 0
    """Device commands received twice (QoS 1 redelivery after the restart)."""
    unexpected_device_messages: int = 0
    latency_ms: dict[str, float] = field(default_factory=dict)
    answer_latency_ms: dict[str, float] = field(default_factory=dict)
    restart_latency_ms: dict[str, float] = field(default_factory=dict)
    """Latency of the commands issued while the broker was down or reconnecting."""
    steady_latency_ms: dict[str, float] = field(default_factory=dict)
    """Latency of the other commands."""
    restart_at_command: int | None = None
    outage_s: float = 0.0
    rss_mb: dict[str, float] = field(default_factory=dict)
    rss_growth_mb: float = 0.0
    watchdog_pings: int = 0
    ready_after_s: float = 0.0
    exit_code: int | None = None
    stop_s: float = 0.0
    offline_published: bool = False
    daemon_problems: dict[str, int] = field(default_factory=dict)
    """WARNING and ERROR lines of the daemon's log, by their first words, with how often each came."""


def percentiles(values_s: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99/max in milliseconds (nearest rank); empty when there is nothing to measure."""
    if not values_s:
        return {}
    ordered = sorted(values_s)

    def rank(p: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))] * 1000

    return {"p50": rank(50), "p95": rank(95), "p99": rank(99), "max": ordered[-1] * 1000}


def match_device_messages(
    planned: Sequence[PlannedCommand], sent_at: dict[int, float], messages: Sequence[Received],
    candidates: set[int] | None = None,
) -> tuple[dict[int, float], int, int]:
    """Pair device commands with the commands that caused them, per device topic and in order.

    Returns (command index -> latency in s, duplicates, unexpected messages).
    A message belongs to the next command to its topic when the payloads agree; else a payload equal to
    the previous match on that topic is a redelivery; else it belongs to the first later command
    expecting it (the ones skipped produced nothing). ``candidates`` (the
    commands the daemon answered) keeps commands that never reached the daemon from taking the device
    command of a later one with the same payload.
    """
    expected: dict[str, list[PlannedCommand]] = defaultdict(list)
    for command in planned:
        if command.index in sent_at and (candidates is None or command.index in candidates):
            expected[command.topic].append(command)
    next_index: dict[str, int] = defaultdict(int)
    last_payload: dict[str, Any] = {}
    latency: dict[int, float] = {}
    duplicates = unexpected = 0
    for message in messages:
        try:
            payload = json.loads(message.payload)
        except ValueError:
            unexpected += 1
            continue
        queue = expected.get(message.topic, [])
        start = next_index[message.topic]
        if start < len(queue) and queue[start].payload == payload:
            found: int | None = start
        elif message.topic in last_payload and last_payload[message.topic] == payload:
            duplicates += 1  # a redelivery of the previous one (QoS 1 after a lost acknowledgement)
            continue
        else:  # the commands in between never produced theirs (misunderstood)
            found = next((k for k in range(start, len(queue)) if queue[k].payload == payload), None)
        if found is None:
            unexpected += 1
            continue
        command = queue[found]
        latency[command.index] = message.at_s - sent_at[command.index]
        next_index[message.topic] = found + 1
        last_payload[message.topic] = payload
    return latency, duplicates, unexpected


# --------------------------------------------------------------------------------------------------
# The broker


class Broker:
    """mosquitto on loopback with persistence (sessions and queued messages survive a restart)."""

    def __init__(self, workdir: Path, executable: str | None = None) -> None:
        self.workdir = workdir
        self.executable = executable or shutil.which("mosquitto") or "/usr/sbin/mosquitto"
        self.port = _free_port()
        self.log_file = workdir / "mosquitto.log"
        self.config_file = workdir / "mosquitto.conf"
        import pwd

        self.config_file.write_text("\n".join([
            f"user {pwd.getpwuid(os.getuid()).pw_name}",
            f"listener {self.port} {LOOPBACK}",
            "allow_anonymous true",
            "persistence true",
            f"persistence_location {workdir}/",
            "persistence_file mosquitto.db",
            "autosave_interval 0",
            "max_queued_messages 100000",
            f"log_dest file {self.log_file}",
            "connection_messages true",
        ]) + "\n")
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout_s: float = 10.0) -> None:
        if not Path(self.executable).exists():
            raise SystemExit(f"mosquitto not found ({self.executable}); install it: apt install mosquitto")
        with open(self.workdir / "mosquitto.stderr", "ab") as err:
            self._proc = subprocess.Popen([self.executable, "-c", str(self.config_file)], stdout=err, stderr=err,
                                          stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout_s
        while True:
            if self._proc.poll() is not None:
                raise SystemExit(f"mosquitto exited with {self._proc.returncode}; see {self.log_file}")
            try:
                with socket.create_connection((LOOPBACK, self.port), timeout=0.5):
                    return
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit(f"mosquitto did not accept connections within {timeout_s} s") from None
                time.sleep(0.02)

    def stop(self, timeout_s: float = 10.0) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()  # SIGTERM: mosquitto saves its database
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=timeout_s)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


# --------------------------------------------------------------------------------------------------
# MQTT clients of the soak: the devices/observer and the sender


def _persistent_client(name: str) -> Any:
    import paho.mqtt.client as paho
    from paho.mqtt.enums import CallbackAPIVersion

    client = paho.Client(CallbackAPIVersion.VERSION2, client_id=f"homeslm-soak-{name}-{os.getpid()}",
                         protocol=paho.MQTTv5)
    client.reconnect_delay_set(0.1, 1.0)  # type: ignore[arg-type]  # floats work
    client.max_inflight_messages_set(100)
    return client


def _connect(client: Any, port: int) -> None:
    from paho.mqtt.packettypes import PacketTypes
    from paho.mqtt.properties import Properties

    props = Properties(PacketTypes.CONNECT)
    props.SessionExpiryInterval = 3600  # the broker keeps our session (and queues for it) across a restart
    client.connect_async(LOOPBACK, port, keepalive=30, clean_start=False, properties=props)
    client.loop_start()


class Devices:
    """Simulated zigbee2mqtt devices plus an observer of the daemon's answers."""

    def __init__(self, port: int, site: str) -> None:
        self.port = port
        self.site = site
        self.device_messages: list[Received] = []
        self.responses: list[Received] = []
        self.intents: list[Received] = []
        self.statuses: list[Received] = []
        self._cond = threading.Condition()
        self._subscribed = threading.Event()
        self.client = _persistent_client("devices")
        self.client.on_connect = self._on_connect
        self.client.on_subscribe = self._on_subscribe
        self.client.on_message = self._on_message

    def start(self, timeout_s: float = 10.0) -> None:
        _connect(self.client, self.port)
        if not self._subscribed.wait(timeout_s):
            raise SystemExit(f"the simulated devices could not subscribe on port {self.port} within {timeout_s} s")

    def stop(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()

    def _on_connect(self, client: Any, userdata: Any, flags: Any, reason: Any, properties: Any) -> None:
        if reason.is_failure:
            return
        if flags.session_present:
            self._subscribed.set()
            return
        client.subscribe([(f"{BASE_TOPIC}/+/set", 1), (f"homeslm/{self.site}/response", 1),
                          (f"homeslm/{self.site}/intent", 1), (f"homeslm/{self.site}/status", 1)])

    def _on_subscribe(self, client: Any, userdata: Any, mid: int, reasons: Any, properties: Any) -> None:
        self._subscribed.set()

    def _on_message(self, client: Any, userdata: Any, message: Any) -> None:
        received = Received(message.topic, bytes(message.payload), time.monotonic())
        topic: str = message.topic
        with self._cond:
            if topic.startswith(BASE_TOPIC + "/"):
                self.device_messages.append(received)
            elif topic.endswith("/response"):
                self.responses.append(received)
            elif topic.endswith("/intent"):
                self.intents.append(received)
            elif topic.endswith("/status"):
                self.statuses.append(received)
            self._cond.notify_all()
        if topic.startswith(BASE_TOPIC + "/") and topic.endswith("/set"):
            # zigbee2mqtt answers a command with the device's new state on <base>/<name>
            try:
                state = json.loads(received.payload)
            except ValueError:
                return
            if isinstance(state, dict):
                client.publish(topic[: -len("/set")], json.dumps(state), qos=0)

    def answered_ids(self) -> set[int]:
        with self._cond:
            responses = list(self.responses)
        ids = set()
        for message in responses:
            try:
                data = json.loads(message.payload)
            except ValueError:
                continue
            if isinstance(data, dict) and isinstance(data.get("id"), int):
                ids.add(data["id"])
        return ids

    def wait_answers(self, ids: set[int], timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if ids <= self.answered_ids():
                return
            with self._cond:
                self._cond.wait(0.2)


class Sender:
    """Publishes the commands (QoS 1, persistent session: paho keeps what the broker has not acknowledged
    and sends it again after a reconnect)."""

    def __init__(self, port: int, site: str) -> None:
        self.port = port
        self.topic = f"homeslm/{site}/command"
        self.client = _persistent_client("sender")
        self._connected = threading.Event()
        self._lock = threading.Lock()
        self._mid_to_index: dict[int, int] = {}
        self._early_acks: set[int] = set()
        self.acked: set[int] = set()
        self.client.on_connect = lambda c, u, f, reason, p: self._connected.set() if not reason.is_failure else None
        self.client.on_publish = self._on_publish

    def start(self, timeout_s: float = 10.0) -> None:
        _connect(self.client, self.port)
        if not self._connected.wait(timeout_s):
            raise SystemExit(f"the soak sender could not connect on port {self.port} within {timeout_s} s")

    def stop(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()

    def publish(self, command: PlannedCommand) -> None:
        # Never hold our lock while calling into paho: paho calls on_publish holding its own lock.
        info = self.client.publish(self.topic, json.dumps({"text": command.text, "id": command.index}), qos=1)
        with self._lock:
            if info.mid in self._early_acks:  # acknowledged before publish() returned
                self._early_acks.discard(info.mid)
                self.acked.add(command.index)
            else:
                self._mid_to_index[info.mid] = command.index

    def _on_publish(self, client: Any, userdata: Any, mid: int, reason: Any, properties: Any) -> None:
        with self._lock:
            index = self._mid_to_index.pop(mid, None)
            if index is None:
                self._early_acks.add(mid)
            else:
                self.acked.add(index)


class NotifySocket:
    """A ``NOTIFY_SOCKET`` of our own: what the daemon tells systemd (READY, STATUS, WATCHDOG)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        path.unlink(missing_ok=True)  # left by an earlier run in the same --keep directory
        self.sock.bind(str(path))
        self.sock.settimeout(0.2)
        self.ready_at: float | None = None
        self.watchdog_pings = 0
        self.status = ""
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._read, name="soak-notify", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.sock.recv(4096).decode("utf-8", "replace")
            except TimeoutError:
                continue
            except OSError:
                return
            for line in data.splitlines():
                if line == "READY=1" and self.ready_at is None:
                    self.ready_at = time.monotonic()
                    self._ready.set()
                elif line == "WATCHDOG=1":
                    self.watchdog_pings += 1
                elif line.startswith("STATUS="):
                    self.status = line[len("STATUS="):]

    def wait_ready(self, timeout_s: float, alive: Callable[[], bool]) -> bool:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and alive():
            if self._ready.wait(0.2):
                return True
        return self._ready.is_set()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2.0)
        self.sock.close()


class RssSampler:
    """Samples the daemon's resident memory twice a second."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.process = psutil.Process(pid)
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="soak-rss", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def now_mb(self) -> float:
        return float(self.process.memory_info().rss) / 2**20

    def _run(self) -> None:
        import psutil

        while not self._stop.wait(0.5):
            try:
                self.samples.append((time.monotonic(), int(self.process.memory_info().rss)))
            except psutil.Error:
                return

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(2.0)

    def max_mb(self) -> float:
        return max((rss for _, rss in self.samples), default=0) / 2**20


# --------------------------------------------------------------------------------------------------
# The run


def soak(args: argparse.Namespace, workdir: Path, say: Callable[[str], None] = print) -> Report:
    """Run one soak in ``workdir`` (see the module docstring) and return what was measured."""
    planned = plan_commands(args.count)
    report = Report(count=args.count, rate_per_s=args.rate)
    broker = Broker(workdir, args.mosquitto)
    broker.start()
    rate_limit = args.daemon_rate_limit or max(2 * args.rate, 10.0)
    burst = args.daemon_burst or max(10, int(rate_limit * 5))
    config_path = workdir / "homeslm.yaml"
    config_path.write_text(yaml.safe_dump(soak_config(broker.port, args.model, rate_limit, burst), sort_keys=False))
    notify = NotifySocket(workdir / "notify.sock")
    devices = Devices(broker.port, SITE)
    sender = Sender(broker.port, SITE)
    daemon_log = workdir / "daemon.log"
    env = {**os.environ, "NOTIFY_SOCKET": str(notify.path), "WATCHDOG_USEC": str(int(args.watchdog_s * 1e6)),
           "PYTHONUNBUFFERED": "1"}
    env.pop("WATCHDOG_PID", None)
    proc: subprocess.Popen[bytes] | None = None
    sampler: RssSampler | None = None
    try:
        devices.start()
        sender.start()
        started = time.monotonic()
        with open(daemon_log, "wb") as log:
            proc = subprocess.Popen([sys.executable, "-m", "homeslm", "run", "--no-voice", "--config", str(config_path)],
                                    stdout=log,
                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        sampler = RssSampler(proc.pid)
        daemon = proc
        if not notify.wait_ready(args.ready_timeout_s, lambda: daemon.poll() is None):
            tail = daemon_log.read_text(errors="replace")[-3000:]
            raise SystemExit(f"the daemon did not become READY within {args.ready_timeout_s} s "
                             f"(exit status {proc.poll()}); its log ends:\n{tail}")
        assert notify.ready_at is not None
        report.ready_after_s = notify.ready_at - started
        report.rss_mb["ready"] = sampler.now_mb()
        sampler.start()
        say(f"daemon READY after {report.ready_after_s:.1f} s (pid {proc.pid}, RSS {report.rss_mb['ready']:.1f} MB); "
            f"sending {args.count} commands at {args.rate:g}/s")

        restart_index = int(args.count * args.restart_at) if 0 <= args.restart_at < 1 else None
        restart_times: dict[str, float] = {}
        restarter: threading.Thread | None = None
        sent_at: dict[int, float] = {}
        t0 = time.monotonic()
        for command in planned:
            delay = t0 + command.index / args.rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)  # the sending schedule
            if command.index == restart_index:
                report.restart_at_command = command.index
                report.outage_s = args.outage_s

                def bounce() -> None:
                    restart_times["down"] = time.monotonic()
                    broker.stop()
                    time.sleep(args.outage_s)  # the outage being measured, not a wait for something
                    broker.start()
                    restart_times["up"] = time.monotonic()

                restarter = threading.Thread(target=bounce, name="soak-broker-restart", daemon=True)
                restarter.start()
            sent_at[command.index] = time.monotonic()
            sender.publish(command)
            if (command.index + 1) % max(1, args.count // 10) == 0:
                say(f"  {command.index + 1}/{args.count} sent, {len(devices.answered_ids())} answered, "
                    f"RSS {sampler.now_mb():.1f} MB")
        report.send_duration_s = time.monotonic() - t0
        if restarter is not None:
            restarter.join(30)
        devices.wait_answers(set(sent_at), timeout_s=args.drain_timeout_s)
        restart_window = None
        if "down" in restart_times:
            # commands issued while the broker was down, and while everyone reconnected (2 s)
            restart_window = (restart_times["down"], restart_times.get("up", math.inf) + 2.0)
        report.rss_mb["end"] = sampler.now_mb()

        # stop the daemon as systemd would
        stop_started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        try:
            report.exit_code = proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            report.exit_code = proc.wait(timeout=10)
        report.stop_s = time.monotonic() - stop_started
        sampler.stop()
        warm = _warm_rss_mb(sampler, devices, max(1, args.count // 20))
        if warm is not None:
            report.rss_mb["after warm-up"] = warm
        report.rss_mb["max"] = max(sampler.max_mb(), *report.rss_mb.values())
        base = report.rss_mb.get("after warm-up", report.rss_mb["ready"])
        report.rss_growth_mb = report.rss_mb["end"] - base
        report.watchdog_pings = notify.watchdog_pings
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not any(s.payload == b"offline" for s in devices.statuses):
            time.sleep(0.05)
        report.offline_published = any(s.payload == b"offline" for s in devices.statuses)
        _analyse(report, planned, sent_at, sender, devices, restart_window)
        report.daemon_problems = summarise_problems(daemon_log.read_text(errors="replace"))
        _dump_events(workdir / "events.jsonl", planned, sent_at, sender, devices, t0)
        return report
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(10)
        if sampler is not None:
            sampler.stop()
        for closer in (sender.stop, devices.stop, notify.close, broker.stop):
            try:
                closer()
            except Exception:  # boundary: cleaning up must go on
                logger.exception("soak: cleaning up failed")


def _dump_events(path: Path, planned: Sequence[PlannedCommand], sent_at: dict[int, float], sender: Sender,
                 devices: Devices, t0: float) -> None:
    """Every command and every message seen, one JSON object per line, times in s from the first command
    (for finding out what happened to a lost command)."""
    events: list[dict[str, Any]] = []
    for command in planned:
        if command.index in sent_at:
            events.append({"t": sent_at[command.index] - t0, "kind": "sent", "id": command.index, "text": command.text,
                           "acked": command.index in sender.acked, "expect": [command.topic, command.payload]})
    for kind, messages in (("device", devices.device_messages), ("response", devices.responses),
                           ("intent", devices.intents), ("status", devices.statuses)):
        for message in list(messages):
            events.append({"t": message.at_s - t0, "kind": kind, "topic": message.topic,
                           "payload": message.payload.decode("utf-8", "replace")[:300]})
    events.sort(key=lambda e: float(e["t"]))
    with open(path, "w", encoding="utf-8") as out:
        for event in events:
            out.write(json.dumps(event) + "\n")


def _warm_rss_mb(sampler: RssSampler, devices: Devices, warmup: int) -> float | None:
    """The first RSS sample taken after the first ``warmup`` commands were all answered."""
    answered: dict[int, float] = {}
    for message in devices.responses:
        try:
            data = json.loads(message.payload)
        except ValueError:
            continue
        if isinstance(data, dict) and isinstance(data.get("id"), int) and data["id"] < warmup:
            answered.setdefault(data["id"], message.at_s)
    if len(answered) < warmup:
        return None
    done_at = max(answered.values())
    return next((rss / 2**20 for at, rss in sampler.samples if at >= done_at), None)


def _analyse(report: Report, planned: Sequence[PlannedCommand], sent_at: dict[int, float], sender: Sender,
             devices: Devices, restart_window: tuple[float, float] | None) -> None:
    report.acknowledged = len(sender.acked)
    answered_at: dict[int, float] = {}
    dropped: set[int] = set()
    for message in devices.responses:
        try:
            data = json.loads(message.payload)
        except ValueError:
            continue
        if not isinstance(data, dict):
            continue
        too_many = data.get("text") == "Too many commands."
        report.too_many += int(too_many)
        if isinstance(data.get("id"), int):
            if too_many:
                dropped.add(data["id"])
            else:
                answered_at.setdefault(data["id"], message.at_s)
    report.answered = len(set(answered_at) & set(sent_at))
    latency, report.duplicates, report.unexpected_device_messages = match_device_messages(
        planned, sent_at, devices.device_messages, candidates=set(answered_at))
    report.executed_as_expected = len(latency)
    executed = set(latency)
    report.dropped = len((dropped & set(sent_at)) - set(answered_at) - executed)
    lost = sorted(i for i in sent_at if i not in answered_at and i not in executed and i not in dropped)
    report.lost = len(lost)
    report.lost_ids = lost[:50]
    report.misunderstood = len([i for i in answered_at if i in sent_at and i not in executed])
    report.latency_ms = percentiles(list(latency.values()))
    report.answer_latency_ms = percentiles([answered_at[i] - sent_at[i] for i in answered_at if i in sent_at])
    start, end = restart_window if restart_window is not None else (math.inf, math.inf)
    report.restart_latency_ms = percentiles([v for i, v in latency.items() if start <= sent_at[i] <= end])
    report.steady_latency_ms = percentiles([v for i, v in latency.items() if not start <= sent_at[i] <= end])
    if restart_window is not None:
        back_online = min((m.at_s for m in devices.statuses if m.payload == b"online" and m.at_s > start),
                          default=math.inf)
        report.lost_around_restart = sum(1 for i in lost if start <= sent_at[i] <= back_online)


def summarise_problems(log_text: str, width: int = 90) -> dict[str, int]:
    """Count the WARNING/ERROR lines of a log by their start (numbers blanked, so repeats group)."""
    import re

    counts: dict[str, int] = {}
    for line in log_text.splitlines():
        match = re.search(r"\b(WARNING|ERROR|CRITICAL) (.*)$", line)
        if match is None:
            continue
        key = re.sub(r"\d+", "N", f"{match.group(1)} {match.group(2)}")[:width]
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: -item[1]))


def target_met(report: Report) -> bool:
    """The issue's target: every command executed or answered, none dropped, RSS growth under 10 MB, exit 0."""
    return report.lost == 0 and report.dropped == 0 and report.rss_growth_mb < 10.0 and report.exit_code == 0


def format_report(report: Report) -> str:
    def ms(stats: dict[str, float]) -> str:
        if not stats:
            return "-"
        return " / ".join(f"{stats[k]:.0f}" for k in ("p50", "p95", "p99", "max"))

    restart = ("none" if report.restart_at_command is None
               else f"at command {report.restart_at_command}, broker down {report.outage_s:g} s")
    rss = report.rss_mb
    rows = [
        ("commands sent", f"{report.count} at {report.rate_per_s:g}/s in {report.send_duration_s:.1f} s"),
        ("acknowledged by the broker (PUBACK)", str(report.acknowledged)),
        ("answered on homeslm/soak/response", str(report.answered)),
        ("executed as expected (device command arrived)", str(report.executed_as_expected)),
        ("misunderstood (answered, other or no device command)", str(report.misunderstood)),
        ("LOST (neither answered nor executed)", str(report.lost) + (f" e.g. ids {report.lost_ids[:10]}" if report.lost else "")),
        ('DROPPED by the daemon ("Too many commands." with their id)', str(report.dropped)),
        ('"Too many commands." answers in all', str(report.too_many)),
        ("duplicate / unexpected device messages", f"{report.duplicates} / {report.unexpected_device_messages}"),
        ("latency command -> device, ms p50/p95/p99/max", ms(report.latency_ms)),
        ("latency command -> answer, ms p50/p95/p99/max", ms(report.answer_latency_ms)),
        ("  of commands issued away from the restart", ms(report.steady_latency_ms)),
        ("  of commands issued during the restart (+2 s)", ms(report.restart_latency_ms)),
        ("broker restart", restart),
        ("daemon RSS MB: ready / after warm-up / end / max",
         " / ".join(f"{rss[k]:.1f}" if k in rss else "-" for k in ("ready", "after warm-up", "end", "max"))),
        ("RSS growth (end - after warm-up)", f"{report.rss_growth_mb:+.1f} MB"),
        ("READY after start", f"{report.ready_after_s:.1f} s"),
        ("watchdog pings (WATCHDOG=1)", str(report.watchdog_pings)),
        ("SIGTERM -> exit", f"status {report.exit_code} in {report.stop_s:.1f} s, "
                            f"offline {'published' if report.offline_published else 'NOT published'}"),
    ]
    width = max(len(k) for k, _ in rows)
    lines = [f"| {'metric'.ljust(width)} | value |", f"| {'-' * width} | --- |"]
    lines += [f"| {k.ljust(width)} | {v} |" for k, v in rows]
    met = target_met(report)
    if report.lost_around_restart:
        lines.append("")
        lines.append(f"{report.lost_around_restart} of the lost commands were issued between the broker stopping and the "
                     "daemon being back online: the broker keeps commands for a client only in a persistent session "
                     "(clean_session=False / MQTT 5 session expiry); with a clean one they are dropped until the "
                     "daemon subscribes again.")
    if report.daemon_problems:
        lines.append("")
        lines.append("daemon log, warnings and errors (count, first words):")
        lines += [f"  {n:>6}  {text}" for text, n in list(report.daemon_problems.items())[:8]]
    lines.append("")
    lines.append(f"target (none lost or dropped, RSS growth < 10 MB, clean stop): {'MET' if met else 'MISSED'}")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------------
# homeslm bench soak


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--count", type=int, default=10_000, help="commands to send (default 10000)")
    parser.add_argument("--rate", type=float, default=50.0, help="commands per second (default 50)")
    parser.add_argument("--restart-at", type=float, default=0.5, metavar="FRACTION",
                        help="restart the broker after this fraction of the commands (default 0.5; -1: never)")
    parser.add_argument("--outage-s", type=float, default=2.0, help="how long the broker stays down (default 2)")
    parser.add_argument("--model", default=None, metavar="DIR", help="intent model directory (default: the shipped one)")
    parser.add_argument("--daemon-rate-limit", type=float, default=None, metavar="PER_S",
                        help="commands.rate_per_s of the generated config (default: twice --rate)")
    parser.add_argument("--daemon-burst", type=int, default=None, metavar="N",
                        help="commands.burst of the generated config (default: 5 s worth of the rate limit, so "
                             "that the backlog delivered after the broker restart is not refused by the limit)")
    parser.add_argument("--watchdog-s", type=float, default=10.0, help="WATCHDOG_USEC given to the daemon, in s")
    parser.add_argument("--ready-timeout-s", type=float, default=120.0)
    parser.add_argument("--drain-timeout-s", type=float, default=60.0,
                        help="how long to wait for the last answers after sending (default 60)")
    parser.add_argument("--mosquitto", default=None, metavar="PATH", help="the mosquitto program")
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR",
                        help="work in DIR and keep the daemon's and the broker's logs there, and every command and "
                             "message seen in events.jsonl")
    parser.add_argument("--json", type=Path, default=None, help="write the figures as JSON")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the target is missed")


def run(args: argparse.Namespace) -> int:
    if args.count < 1 or args.rate <= 0:
        raise SystemExit("--count must be at least 1 and --rate positive")
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        report = soak(args, args.keep.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="homeslm-soak-") as tmp:
            report = soak(args, Path(tmp))
    print()
    print(format_report(report))
    if args.json:
        args.json.write_text(json.dumps(asdict(report), indent=2))
    return 0 if target_met(report) or not args.strict else 1
