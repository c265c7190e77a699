"""``homeslm bench soak``: its arguments, :func:`soak` (one whole run) and :func:`run`."""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import yaml

from homeslm.benchmarks.soak.broker import Broker
from homeslm.benchmarks.soak.clients import Devices, Sender
from homeslm.benchmarks.soak.plan import SITE, PlannedCommand, plan_commands, soak_config
from homeslm.benchmarks.soak.report import Report, _analyse, _warm_rss_mb, format_report, summarise_problems, target_met
from homeslm.benchmarks.soak.watch import NotifySocket, RssSampler

logger = logging.getLogger(__name__)


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
    env = daemon_env(workdir, notify.path, args.watchdog_s)
    proc: subprocess.Popen[bytes] | None = None
    sampler: RssSampler | None = None
    try:
        devices.start()
        sender.start()
        started = time.monotonic()

        def start_daemon() -> subprocess.Popen[bytes]:
            with open(daemon_log, "ab") as log:
                return subprocess.Popen([sys.executable, "-m", "homeslm", "run", "--no-voice", "--config",
                                         str(config_path)],
                                        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)

        proc = start_daemon()
        sampler = RssSampler(proc.pid)
        first_sampler = sampler
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
        kill_index = int(args.count * args.kill_daemon_at) if 0 <= args.kill_daemon_at < 1 else None
        restart_times: dict[str, float] = {}
        kill_times: dict[str, float] = {}
        kill_problem: list[str] = []
        restarter: threading.Thread | None = None
        killer: threading.Thread | None = None
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
            if command.index == kill_index:
                report.kill_at_command = command.index

                def kill_and_start() -> None:
                    nonlocal proc, sampler
                    assert proc is not None and sampler is not None
                    kill_times["killed"] = time.monotonic()
                    proc.send_signal(signal.SIGKILL)  # as a crash or systemd's watchdog would
                    proc.wait(timeout=30)
                    sampler.stop()
                    proc = start_daemon()
                    sampler = RssSampler(proc.pid)
                    sampler.start()
                    again = proc
                    if notify.wait_ready_count(2, args.ready_timeout_s, lambda: again.poll() is None):
                        kill_times["ready"] = time.monotonic()
                    else:
                        kill_problem.append(f"the daemon started again after SIGKILL did not become READY within "
                                            f"{args.ready_timeout_s} s (exit status {again.poll()})")

                killer = threading.Thread(target=kill_and_start, name="soak-daemon-kill", daemon=True)
                killer.start()
            sent_at[command.index] = time.monotonic()
            sender.publish(command)
            if (command.index + 1) % max(1, args.count // 10) == 0:
                say(f"  {command.index + 1}/{args.count} sent, {len(devices.answered_ids())} answered, "
                    f"RSS {sampler.now_mb():.1f} MB")
        report.send_duration_s = time.monotonic() - t0
        if restarter is not None:
            restarter.join(30)
        if killer is not None:
            killer.join(args.ready_timeout_s + 40)
            if kill_problem:
                say(kill_problem[0])
            if "ready" in kill_times:
                report.daemon_back_after_s = kill_times["ready"] - kill_times["killed"]
        assert proc is not None and sampler is not None
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
        warm = _warm_rss_mb(first_sampler, devices, max(1, args.count // 20))
        if warm is not None:
            report.rss_mb["after warm-up"] = warm
        report.rss_mb["max"] = max(first_sampler.max_mb(), sampler.max_mb(), *report.rss_mb.values())
        base = report.rss_mb.get("after warm-up", report.rss_mb["ready"])
        report.rss_growth_mb = report.rss_mb["end"] - base
        report.watchdog_pings = notify.watchdog_pings
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not any(s.payload == b"offline" for s in devices.statuses):
            time.sleep(0.05)
        report.offline_published = any(s.payload == b"offline" for s in devices.statuses)
        kill_window = None
        if "killed" in kill_times:
            kill_window = (kill_times["killed"], kill_times.get("ready", math.inf))
        _analyse(report, planned, sent_at, sender, devices, restart_window, kill_window)
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


def daemon_env(workdir: Path, notify_path: Path, watchdog_s: float | None) -> dict[str, str]:
    """The soak daemon's environment: our notify socket and watchdog, and a state directory of the run's own
    (``workdir/state``): the executed command ids kept there must not be an earlier run's, whose commands
    had the same ids (a command delivered again after the kill would be taken as already run)."""
    env = {**os.environ, "NOTIFY_SOCKET": str(notify_path), "PYTHONUNBUFFERED": "1",
           "STATE_DIRECTORY": str(workdir / "state")}
    env.pop("WATCHDOG_PID", None)
    if watchdog_s is None:
        env.pop("WATCHDOG_USEC", None)
    else:
        env["WATCHDOG_USEC"] = str(int(watchdog_s * 1e6))
    return env


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


# --------------------------------------------------------------------------------------------------
# homeslm bench soak


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--count", type=int, default=10_000, help="commands to send (default 10000)")
    parser.add_argument("--rate", type=float, default=50.0, help="commands per second (default 50)")
    parser.add_argument("--restart-at", type=float, default=0.5, metavar="FRACTION",
                        help="restart the broker after this fraction of the commands (default 0.5; -1: never)")
    parser.add_argument("--outage-s", type=float, default=2.0, help="how long the broker stays down (default 2)")
    parser.add_argument("--kill-daemon-at", type=float, default=-1.0, metavar="FRACTION",
                        help="SIGKILL the daemon after this fraction of the commands and start it again, as a crash "
                             "and systemd's restart would (default -1: never)")
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
