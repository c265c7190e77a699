"""The wake phrase part of ``homeslm bench voice``: the keyword spotter on a long synthesised stream of
chatter with the wake phrase (and a command) inserted every few sentences."""

from __future__ import annotations

import dataclasses
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from homeslm.benchmarks.voice.report import TARGETS, pct
from homeslm.benchmarks.voice.speech import CHATTER, RATE_HZ, SpeechBank, add_noise, snr_label, speech_rms, zeros

if TYPE_CHECKING:
    from homeslm.voice.loop import VoiceSettings

WAKE_HIT_AFTER_S = 0.5
"""A detection up to this long after the wake phrase ends counts as hearing it."""


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
    from homeslm.daemon.build import build_wake
    from homeslm.voice.wake import DEFAULT_WAKE_PHRASE, KeywordSpotter

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
        f"| wake phrase {wake['phrase']!r} detected | {wake['detected']}/{wake['inserted']} ({pct(wake['rate'])}) "
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
