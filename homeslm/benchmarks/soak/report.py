"""What the soak measured: :class:`Report`, the pairing of device commands with the commands that caused
them, latency percentiles, the daemon's log problems, the target and the table."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from homeslm.benchmarks.soak.clients import Devices, Received, Sender
from homeslm.benchmarks.soak.plan import PlannedCommand
from homeslm.benchmarks.soak.watch import RssSampler


# --------------------------------------------------------------------------------------------------
# Measuring


@dataclass
class Report:
    count: int
    rate_per_s: float
    sent: int = 0
    """Commands published (``count`` unless the run was cut short)."""
    executed: int = 0
    """Commands whose device command arrived (``executed_as_expected``; a redelivery counts once)."""
    executed_unanswered: int = 0
    """Of ``executed``: commands whose answer never came (the daemon killed between acting and answering)."""
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
    kill_at_command: int | None = None
    """The command before which the daemon was killed with SIGKILL and started again (``--kill-daemon-at``)."""
    daemon_back_after_s: float = 0.0
    """From the SIGKILL to the new daemon's READY."""
    lost_around_kill: int = 0
    """Lost commands issued between the SIGKILL and the new daemon's READY."""
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
    command of a later one with the same payload. A message no candidate explains goes to the first
    unanswered command of its topic and payload sent before it arrived (executed, but its answer was lost:
    the daemon killed in between, or the answer dropped), so such a command is not counted lost.
    """
    expected: dict[str, list[PlannedCommand]] = defaultdict(list)
    unanswered: dict[str, list[PlannedCommand]] = defaultdict(list)
    for command in planned:
        if command.index in sent_at:
            if candidates is None or command.index in candidates:
                expected[command.topic].append(command)
            else:
                unanswered[command.topic].append(command)
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
            late = next((c for c in unanswered.get(message.topic, ())
                         if c.index not in latency and c.payload == payload and sent_at[c.index] <= message.at_s), None)
            if late is None:
                unexpected += 1
            else:
                latency[late.index] = message.at_s - sent_at[late.index]
                last_payload[message.topic] = payload
            continue
        command = queue[found]
        latency[command.index] = message.at_s - sent_at[command.index]
        next_index[message.topic] = found + 1
        last_payload[message.topic] = payload
    return latency, duplicates, unexpected


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
             devices: Devices, restart_window: tuple[float, float] | None,
             kill_window: tuple[float, float] | None = None) -> None:
    report.sent = len(sent_at)
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
    report.executed_as_expected = report.executed = len(latency)
    executed = set(latency)
    report.executed_unanswered = len(executed - set(answered_at))
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
    if kill_window is not None:
        report.lost_around_kill = sum(1 for i in lost if kill_window[0] <= sent_at[i] <= kill_window[1])


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
        ("commands sent", f"{report.sent} of {report.count} at {report.rate_per_s:g}/s in {report.send_duration_s:.1f} s"),
        ("acknowledged by the broker (PUBACK)", str(report.acknowledged)),
        ("answered on homeslm/soak/response", str(report.answered)),
        ("executed as expected (device command arrived)", str(report.executed_as_expected)),
        ("  of which never answered", str(report.executed_unanswered)),
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
        ("daemon SIGKILL", "none" if report.kill_at_command is None
         else f"at command {report.kill_at_command}, READY again after {report.daemon_back_after_s:.1f} s, "
              f"{report.lost_around_kill} lost in between"),
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
