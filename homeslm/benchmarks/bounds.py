"""``homeslm bench bounds``: what the daemon keeps stays bounded, whatever devices and plugins do (issue 18).

It starts the soak's mosquitto and home (:mod:`homeslm.benchmarks.soak`: simulated zigbee2mqtt devices) plus
one device whose plugin hangs (a generated plugin in the work directory whose handler sleeps ``--hang-s``),
starts the real daemon (``python -m homeslm run --no-voice``, as systemd runs it) and measures:

- **a flooded state topic**: ``--flood-keys`` distinct keys published to one device's state topic
  (``zigbee2mqtt/<name>``, ``--keys-per-message`` a message, QoS 1), as a broken or hostile device could; the
  daemon's resident memory (RSS) before, at most while, and once it settled afterwards. Each plugin's state
  cache keeps at most ``MAX_STATE_KEYS`` keys a device (:class:`homeslm.plugins.context.StateCache`);
  before that bound, 1M keys took the daemon from 87 to 257 MB;
- **timed-out actions**: ``--hung-actions`` commands to the hanging device, one after the other, each
  answered "... did not answer." after the action time limit (10 s) or at once once the plugin has its
  ``MAX_ACTION_THREADS_PER_PLUGIN`` threads hanging; the daemon's thread count before and after (each one
  leaked a thread before: 7 -> 14);
- that the daemon still executes a command afterwards, and stops cleanly on SIGTERM.

It prints a table (``--json`` writes the figures). Timings and memory vary with the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from homeslm.benchmarks.soak.broker import Broker
from homeslm.benchmarks.soak.clients import Devices, Sender, _connect, _persistent_client
from homeslm.benchmarks.soak.command import daemon_env
from homeslm.benchmarks.soak.plan import BASE_TOPIC, SITE, PlannedCommand, friendly_name, plan_commands, soak_config
from homeslm.benchmarks.soak.watch import NotifySocket, RssSampler

logger = logging.getLogger(__name__)

HELP = ("bounds: the daemon's memory with a device state topic flooded with distinct keys, and its threads "
        "after many timed-out actions")

#: The device whose plugin hangs, and the generated plugin's name.
HUNG_DEVICE = "attic fan"
HUNG_PLUGIN = "hangs"
#: RSS counts as settled once it moved less than this in :data:`SETTLE_S`.
SETTLE_MB = 0.5
SETTLE_S = 3.0


@dataclass
class BoundsReport:
    flood_keys: int = 0
    flood_messages: int = 0
    flood_publish_s: float = 0.0
    rss_mb: dict[str, float] = field(default_factory=dict)
    """``ready``, ``after warm-up``, ``after flood`` (settled), ``max during flood``, ``end``."""
    rss_growth_flood_mb: float = 0.0
    hung_actions: int = 0
    hung_answered: int = 0
    hung_answers: dict[str, int] = field(default_factory=dict)
    """The answers to the hanging device's commands, each with how many times it came."""
    threads: dict[str, int] = field(default_factory=dict)
    """``after warm-up``, ``after hung actions``, ``max``."""
    executes_afterwards: bool = False
    exit_code: int | None = None
    stop_s: float = 0.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--flood-keys", type=int, default=1_000_000,
                        help="distinct keys published to one device's state topic (default 1000000)")
    parser.add_argument("--keys-per-message", type=int, default=100, help="keys in one state message (default 100)")
    parser.add_argument("--hung-actions", type=int, default=20,
                        help="commands to the device whose plugin hangs (default 20)")
    parser.add_argument("--hang-s", type=float, default=3600.0,
                        help="how long the hanging plugin's handler sleeps (default 3600: never returns)")
    parser.add_argument("--model", default=None, metavar="DIR", help="intent model directory (default: the shipped one)")
    parser.add_argument("--ready-timeout-s", type=float, default=120.0)
    parser.add_argument("--mosquitto", default=None, metavar="PATH", help="the mosquitto program")
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR",
                        help="work in DIR and keep the daemon's and the broker's logs there")
    parser.add_argument("--json", type=Path, default=None, help="write the figures as JSON")


def _write_home(workdir: Path, port: int, model: str | None, hang_s: float) -> Path:
    plugin_dir = workdir / "plugins"
    plugin_dir.mkdir(exist_ok=True)
    (plugin_dir / f"{HUNG_PLUGIN}.py").write_text(
        "import time\n"
        "from homeslm import ActionResult, hookimpl\n"
        "@hookimpl\n"
        "def register_actions(register):\n"
        "    def hang(device):\n"
        f"        time.sleep({hang_s!r})  # a device call that never comes back\n"
        "        return ActionResult(ok=True)\n"
        "    register('switch', 'turn_on', hang)\n"
    )
    config: dict[str, Any] = soak_config(port, model, 1000.0, 1000)
    config["devices"].append({"name": HUNG_DEVICE, "type": "switch", "area": "office", "plugin": HUNG_PLUGIN})
    config["plugins"]["paths"] = [str(plugin_dir)]
    path = workdir / "homeslm.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def _ask(sender: Sender, devices: Devices, command: PlannedCommand, timeout_s: float) -> str | None:
    """Send one command and wait for its answer's text (``None``: no answer within ``timeout_s``)."""
    sender.publish(command)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for message in reversed(list(devices.responses)):
            try:
                data = json.loads(message.payload)
            except ValueError:
                continue
            if isinstance(data, dict) and data.get("id") == command.index:
                return str(data.get("text", ""))
        devices.wait_answers({command.index}, timeout_s=min(0.5, max(0.0, deadline - time.monotonic())))
    return None


def _flood(port: int, keys: int, per_message: int) -> tuple[int, float]:
    """Publish ``keys`` distinct keys to one device's state topic; (messages, seconds until all acknowledged)."""
    client = _persistent_client("flood")
    connected = threading.Event()
    client.on_connect = lambda c, u, f, reason, p: connected.set() if not reason.is_failure else None
    _connect(client, port)
    if not connected.wait(10.0):
        raise SystemExit(f"the flooding client could not connect on port {port} within 10 s")
    topic = f"{BASE_TOPIC}/{friendly_name('ceiling light')}"
    started = time.monotonic()
    infos = []
    sent = 0
    messages = 0
    while sent < keys:
        n = min(per_message, keys - sent)
        payload = json.dumps({f"k{sent + i}": sent + i for i in range(n)})
        infos.append(client.publish(topic, payload, qos=1))
        sent += n
        messages += 1
        if len(infos) >= 1000:  # keep paho's own queue small
            for info in infos:
                info.wait_for_publish(60)
            infos.clear()
    for info in infos:
        info.wait_for_publish(60)
    elapsed = time.monotonic() - started
    client.disconnect()
    client.loop_stop()
    return messages, elapsed


def _settled_rss(sampler: RssSampler, limit_s: float = 120.0) -> float:
    """The RSS once it moved less than :data:`SETTLE_MB` in :data:`SETTLE_S` (at most ``limit_s``)."""
    deadline = time.monotonic() + limit_s
    window: list[tuple[float, float]] = []
    while True:
        now, rss = time.monotonic(), sampler.now_mb()
        window = [(t, r) for t, r in window if now - t <= SETTLE_S] + [(now, rss)]
        if now - window[0][0] >= SETTLE_S - 0.3 and max(r for _, r in window) - min(r for _, r in window) < SETTLE_MB:
            return rss
        if now > deadline:
            return rss
        time.sleep(0.25)  # sampling the daemon's memory


def bounds(args: argparse.Namespace, workdir: Path, say: Any = print) -> BoundsReport:
    import psutil

    report = BoundsReport(flood_keys=args.flood_keys, hung_actions=args.hung_actions)
    broker = Broker(workdir, args.mosquitto)
    broker.start()
    config = _write_home(workdir, broker.port, args.model, args.hang_s)
    notify = NotifySocket(workdir / "notify.sock")
    devices = Devices(broker.port, SITE)
    sender = Sender(broker.port, SITE)
    env = daemon_env(workdir, notify.path, None)
    proc: subprocess.Popen[bytes] | None = None
    try:
        devices.start()
        sender.start()
        with open(workdir / "daemon.log", "ab") as log:
            proc = subprocess.Popen([sys.executable, "-m", "homeslm", "run", "--no-voice", "--config", str(config)],
                                    stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        daemon = proc
        if not notify.wait_ready(args.ready_timeout_s, lambda: daemon.poll() is None):
            tail = (workdir / "daemon.log").read_text(errors="replace")[-3000:]
            raise SystemExit(f"the daemon did not become READY within {args.ready_timeout_s} s; its log ends:\n{tail}")
        process = psutil.Process(proc.pid)
        sampler = RssSampler(proc.pid)
        report.rss_mb["ready"] = sampler.now_mb()
        planned = plan_commands(60)
        for command in planned[:50]:  # warm-up: the model's buffers and the caches
            if _ask(sender, devices, command, 30.0) is None:
                raise SystemExit(f"no answer to the warm-up command {command.text!r}")
        report.rss_mb["after warm-up"] = _settled_rss(sampler)
        report.threads["after warm-up"] = process.num_threads()
        say(f"daemon READY (pid {proc.pid}); after warm-up RSS {report.rss_mb['after warm-up']:.1f} MB, "
            f"{report.threads['after warm-up']} threads; flooding with {args.flood_keys} keys")

        sampler.start()
        report.flood_messages, report.flood_publish_s = _flood(broker.port, args.flood_keys, args.keys_per_message)
        report.rss_mb["after flood"] = _settled_rss(sampler)
        sampler.stop()
        report.rss_mb["max during flood"] = max(sampler.max_mb(), report.rss_mb["after flood"])
        report.rss_growth_flood_mb = report.rss_mb["after flood"] - report.rss_mb["after warm-up"]
        say(f"flood published in {report.flood_publish_s:.1f} s; RSS {report.rss_mb['after flood']:.1f} MB; "
            f"sending {args.hung_actions} commands to the hanging {HUNG_DEVICE}")

        max_threads = report.threads["after warm-up"]
        for i in range(args.hung_actions):
            command = PlannedCommand(100_000 + i, f"turn on the {HUNG_DEVICE}", HUNG_DEVICE, "", {})
            answer = _ask(sender, devices, command, 60.0)
            max_threads = max(max_threads, process.num_threads())
            if answer is not None:
                report.hung_answered += 1
                report.hung_answers[answer] = report.hung_answers.get(answer, 0) + 1
        report.threads["after hung actions"] = process.num_threads()
        report.threads["max"] = max(max_threads, report.threads["after hung actions"])
        report.executes_afterwards = _ask(sender, devices, planned[50], 30.0) is not None
        report.rss_mb["end"] = sampler.now_mb()

        stop_started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        try:
            report.exit_code = proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            report.exit_code = proc.wait(timeout=10)
        report.stop_s = time.monotonic() - stop_started
        return report
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(10)
        for closer in (sender.stop, devices.stop, notify.close, broker.stop):
            try:
                closer()
            except Exception:  # boundary: cleaning up must go on
                logger.exception("bench bounds: cleaning up failed")


def format_report(report: BoundsReport) -> str:
    rss = report.rss_mb
    rows = [
        ("state keys flooded (distinct, one device)", f"{report.flood_keys} in {report.flood_messages} messages, "
                                                     f"published in {report.flood_publish_s:.1f} s"),
        ("daemon RSS MB: ready / after warm-up", f"{rss.get('ready', 0):.1f} / {rss.get('after warm-up', 0):.1f}"),
        ("daemon RSS MB: after flood (settled) / max during", f"{rss.get('after flood', 0):.1f} / "
                                                             f"{rss.get('max during flood', 0):.1f}"),
        ("RSS growth from the flood", f"{report.rss_growth_flood_mb:+.1f} MB"),
        ("commands to the hanging device", f"{report.hung_actions}, {report.hung_answered} answered: " +
         "; ".join(f"{count} x {text!r}" for text, count in report.hung_answers.items())),
        ("daemon threads: after warm-up / after hung actions / max",
         f"{report.threads.get('after warm-up', 0)} / {report.threads.get('after hung actions', 0)} / "
         f"{report.threads.get('max', 0)}"),
        ("a command executed afterwards", "yes" if report.executes_afterwards else "NO"),
        ("SIGTERM -> exit", f"status {report.exit_code} in {report.stop_s:.1f} s"),
    ]
    width = max(len(name) for name, _ in rows)
    lines = [f"| {'metric'.ljust(width)} | value |", f"| {'-' * width} | --- |"]
    lines += [f"| {name.ljust(width)} | {value} |" for name, value in rows]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    if args.flood_keys < 0 or args.keys_per_message < 1 or args.hung_actions < 0:
        raise SystemExit("--flood-keys and --hung-actions must not be negative, --keys-per-message at least 1")
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        report = bounds(args, args.keep.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="homeslm-bounds-") as tmp:
            report = bounds(args, Path(tmp))
    print()
    print(format_report(report))
    if args.json:
        args.json.write_text(json.dumps(asdict(report), indent=2))
    return 0
