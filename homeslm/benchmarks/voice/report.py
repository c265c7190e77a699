"""The report of ``homeslm bench voice``: figures from the clips' results (JSON form) and the markdown table
with the targets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from homeslm.benchmarks.voice.rig import ClipResult
from homeslm.benchmarks.voice.speech import snr_label

#: Issue 14's targets for the default recogniser on this benchmark.
TARGETS = {
    "clean commands executed correctly": ">= 90%",
    "commands executed correctly (all voices)": ">= 75%",
    "chatter wrongly executed": "<= 1%",
    "commands executed wrongly": "<= 2%",
    "end of speech -> device command p95": "<= 400 ms",
    "daemon RSS": "<= 300 MB",
    "wake phrase detected": ">= 90%",
    "wake false alarms": "<= 1 per hour of speech",
}


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
            "executed_wrongly": sum(r.executed and not r.correct for r in commands),
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
                       "speech_end_to_end_of_speech": {
                           **percentiles_ms([r.speech_end_to_eos_s for r in commands
                                             if r.speech_end_to_eos_s is not None]),
                           "n": sum(r.speech_end_to_eos_s is not None for r in commands)},
                       "recogniser_final_result": {
                           **percentiles_ms([r.final_s for r in results if r.final_s is not None]),
                           "n": sum(r.final_s is not None for r in results)}},
        "real_time_factor": sum(r.busy_s for r in results) / audio_s if audio_s else None,
        "recognised_audio_s": round(audio_s, 1),
    }


def pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


def _frac(cell: dict[str, Any]) -> str:
    return f"{cell['correct']}/{cell['n']} ({pct(cell['rate'])})" if cell["n"] else "-"


def format_table(report: dict[str, Any]) -> str:
    c, ch, lat = report["commands"], report["chatter"], report["latency_ms"]["end_of_speech_to_device_command"]
    ans = report["latency_ms"]["end_of_speech_to_intent"]
    fin = report["latency_ms"]["recogniser_final_result"]
    clean = c["by_snr"].get("clean")
    wake = report.get("wake")
    rss = report["rss_mb"]
    silence_s = report.get("setup", {}).get("voice_settings", {}).get("silence_s", 0.7)

    def ms(stats: dict[str, Any], key: str) -> str:
        return f"{stats[key]:.0f} ms" if key in stats else "-"

    rows = [
        ("clean commands executed correctly (all voices)", _frac(clean) if clean else "-",
         TARGETS["clean commands executed correctly"]),
        ("commands executed correctly (all voices)", _frac(c), TARGETS["commands executed correctly (all voices)"]),
        ("chatter wrongly executed", f"{ch['executed']}/{ch['n']} ({pct(ch['rate'])})",
         TARGETS["chatter wrongly executed"]),
        ("commands executed wrongly (heard as another command)",
         f"{c.get('executed_wrongly', 0)}/{c['n']}", TARGETS["commands executed wrongly"]),
        ("word error rate (commands)", pct(report["wer"]), ""),
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
             f"{wake['detected']}/{wake['inserted']} ({pct(wake['rate'])})", TARGETS["wake phrase detected"]),
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
            f"{_frac(x)}, WER {pct(x['wer'])}" if x["n"] else "-" for x in cells) + " |")
    cells = [c["by_snr"][s] for s in snrs] + [c]
    lines.append("| all | " + " | ".join(f"{_frac(x)}, WER {pct(x['wer'])}" if x["n"] else "-" for x in cells) + " |")
    if wake:
        lines += ["", f"wake phrase {wake['phrase']!r} detected (false alarms) by voice and noise:", "",
                  "| voice | " + " | ".join(snrs) + " |", "| --- |" + " --- |" * len(snrs)]
        for v in voices:
            found = [wake["by_condition"].get(f"{v}/{s}") for s in snrs]
            lines.append(f"| {v} | " + " | ".join(f"{d}/{i} ({fa})" if i else "-" for d, i, fa in
                                                  (x or (0, 0, 0) for x in found)) + " |")
    return "\n".join(lines)


def format_comparison(reports: Sequence[tuple[str, dict[str, Any]]]) -> str:
    """One row per recogniser (``--recognizers``): the figures that choose the default, side by side."""
    lines = ["| recogniser | executed correctly (all) | clean voices | chatter executed | executed wrongly | WER "
             "| end of speech -> device p50 / p95 | words end -> end of speech p50 / p95 (audio) "
             "| final result p50 / p95 | daemon RSS |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for label, report in reports:
        c, ch = report["commands"], report["chatter"]
        lat = report["latency_ms"]["end_of_speech_to_device_command"]
        fin = report["latency_ms"]["recogniser_final_result"]
        eos = report["latency_ms"].get("speech_end_to_end_of_speech", {})
        clean = c["by_snr"].get("clean")
        rss = report["rss_mb"].get("daemon")

        def ms(stats: dict[str, Any]) -> str:
            return f"{stats['p50']:.0f} / {stats['p95']:.0f} ms" if "p50" in stats else "-"

        lines.append(f"| {label} | {_frac(c)} | {_frac(clean) if clean else '-'} | "
                     f"{ch['executed']}/{ch['n']} ({pct(ch['rate'])}) | "
                     f"{c.get('executed_wrongly', 0)}/{c['n']} ({pct(c.get('executed_wrongly', 0) / c['n'] if c['n'] else None)}) | "
                     f"{pct(report['wer'])} | {ms(lat)} | {ms(eos)} | {ms(fin)} | {f'{rss:.0f} MB' if rss else '-'} |")
    return "\n".join(lines)
