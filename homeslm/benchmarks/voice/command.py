"""``homeslm bench voice`` itself: its arguments, the built-in home, the whole run (:func:`bench`) and
``--wake-only``."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import yaml

from homeslm.benchmarks.voice.broker import LOOPBACK, BrokerSide
from homeslm.benchmarks.voice.report import build_report, format_comparison, format_table
from homeslm.benchmarks.voice.rig import Clip, ClipResult, VoiceRig, daemon_rss_mb
from homeslm.benchmarks.voice.speech import RATE_HZ
from homeslm.benchmarks.voice.speech import (
    CHATTER,
    SpeechBank,
    add_noise,
    english_voices,
    expand_voices,
    have_espeak,
    parse_snrs,
    snr_label,
    speech_rms,
    voice_engine,
    voice_problem,
    zeros,
)
from homeslm.benchmarks.voice.wake import format_wake, wake_benchmark, wake_report_dict

if TYPE_CHECKING:
    from homeslm.config.model import Config

DEFAULT_VOICES = ("en-us", "en-gb", "en+f3", "en-us+m3")
DEFAULT_SNRS = ("clean", "20", "10")
COMMAND_SEED = 101
"""Seed of the commands drawn from the grammar (the recogniser's language model uses seed 0)."""


def default_home() -> dict[str, Any]:
    """The built-in home (YAML shape of docs/DESIGN.md section 2): zigbee2mqtt, Tasmota and generic MQTT devices."""
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


def run_wake_only(args: argparse.Namespace, voices: list[str], snrs: list[float | None]) -> int:
    """``--wake-only``: the wake phrase section alone (no broker, daemon or intent model).

    The commands said after the wake phrase are the spoken forms of ``--count`` sentences drawn from the
    home's grammar (not filtered by what the intent model understands, as the full run does).
    """
    from homeslm.voice.asr import spoken_form
    from homeslm.config.loader import config_from_dict
    from homeslm.grammar.data import sample_commands
    from homeslm.voice.loop import VoiceSettings

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
# CLI


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--count", type=int, default=100,
                        help="command sentences (default 100); each is spoken in every voice")
    parser.add_argument("--voices", default=",".join(DEFAULT_VOICES),
                        help=f"voices, comma-separated: espeak-ng voices, flite:NAME for Debian's flite (kal16, awb, "
                             f"rms, slt), festival:NAME for Debian's festival (cmu_us_slt_arctic_hts, kal_diphone, "
                             f"ked_diphone); 'all' for every English voice installed, 'flite:all', 'festival:all' "
                             f"(--list-voices shows them) (default {','.join(DEFAULT_VOICES)})")
    parser.add_argument("--list-voices", action="store_true",
                        help="print the English voices installed here ('--voices all') and exit")
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
    parser.add_argument("--fast-tail", action="store_true",
                        help="hand the quiet after each clip's words to the loop as fast as it takes it, as before "
                             "2026-12-07 (default: in real time, as a microphone gives it; an early decoding, "
                             "voice.early_decode_s, has no time to work with a fast tail)")
    parser.add_argument("--quick", action="store_true",
                        help="a small run: 24 commands, 12 chatter sentences, 3 wake minutes, no daemon RSS")
    parser.add_argument("--vad", default=None, metavar="NAMES",
                        help="end-of-speech detectors to compare on the same clips, comma-separated: energy, silero "
                             "(voice.vad); each recogniser runs once per detector; default: the config's voice.vad")
    parser.add_argument("--recognizers", default=None, metavar="NAMES",
                        help="recognisers to compare on the same clips, one after the other, comma-separated: a "
                             "voice.recognizer name, 'whisper:MODEL' for voice.whisper_model (e.g. "
                             "pocketsphinx,whisper,whisper:base); default: the config's voice.recognizer")
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
    from homeslm.understanding.model import REQUIRED_FILES, default_model_dir

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
    if getattr(args, "list_voices", False):
        for voice in english_voices():
            print(f"{voice:34} {voice_engine(voice)}")
        return 0
    voices = expand_voices([v.strip() for v in args.voices.split(",") if v.strip()])
    snrs = parse_snrs(args.snr)
    if args.count < 1 or not voices:
        raise SystemExit("--count must be at least 1 and --voices name at least one voice")
    if not 0 <= args.chatter <= len(CHATTER):
        raise SystemExit(f"--chatter must be between 0 and {len(CHATTER)} (the built-in chatter sentences)")
    if not have_espeak():
        raise SystemExit("espeak-ng and sox are needed to synthesise speech: apt install espeak-ng sox")
    for voice in voices:
        problem = voice_problem(voice)
        if problem:
            raise SystemExit(f"--voices: {problem}")
    if args.wake_only:
        return run_wake_only(args, voices, snrs)
    with tempfile.TemporaryDirectory(prefix="homeslm-bench-voice-") as tmp:
        runs = bench(args, Path(tmp), voices, snrs)
    for label, report, _ in runs:
        print()
        if len(runs) > 1:
            print(f"## {label}\n")
        print(format_table(report))
        if report["chatter"]["executed_examples"]:
            print("\nchatter executed:\n" + "\n".join(f"- {e}" for e in report["chatter"]["executed_examples"]))
    if len(runs) > 1:
        print("\nside by side (the same clips, one recogniser after the other):\n")
        print(format_comparison([(label, report) for label, report, _ in runs]))
    if args.json:
        reports: Any = runs[0][1] if len(runs) == 1 else {label: report for label, report, _ in runs}
        args.json.write_text(json.dumps(reports, indent=2, default=str))
    if args.results:
        with open(args.results, "w", encoding="utf-8") as fh:
            for label, _, results in runs:
                for r in results:
                    fh.write(json.dumps({**dataclasses.asdict(r.clip), "recognizer": label, "transcript": r.transcript,
                                         "confidences": r.confidences, "accepted": r.accepted, "intents": r.intents,
                                         "statuses": r.statuses, "correct": r.correct,
                                         "device_latency_ms": None if r.device_latency_s is None
                                         else round(1000 * r.device_latency_s, 1)}) + "\n")
    return 0


def recognizer_choices(args: argparse.Namespace, data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """``--recognizers`` as (label, ``voice:`` settings over the config's) pairs; the config's own without it."""
    voice = data.get("voice") if isinstance(data.get("voice"), dict) else {}
    if not args.recognizers:
        return [(str((voice or {}).get("recognizer", "") or "default"), {})]
    out: list[tuple[str, dict[str, Any]]] = []
    for label in (x.strip() for x in args.recognizers.split(",") if x.strip()):
        name, _, model = label.partition(":")
        out.append((label, {"recognizer": name, **({"whisper_model": model} if model else {})}))
    return out


def vad_choices(args: argparse.Namespace,
                choices: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    """Each recogniser choice once per ``--vad`` detector (labelled ``NAME vad=VAD``); unchanged without it."""
    from homeslm.config.voice import VADS

    vads = [x.strip() for x in (getattr(args, "vad", None) or "").split(",") if x.strip()]
    for vad in vads:
        if vad not in VADS:
            raise SystemExit(f"--vad: expected {', '.join(VADS)}, got {vad!r}")
    if not vads:
        return choices
    return [(f"{label} vad={vad}", {**overrides, "vad": vad}) for label, overrides in choices for vad in vads]


def bench(args: argparse.Namespace, workdir: Path, voices: list[str],
          snrs: list[float | None]) -> list[tuple[str, dict[str, Any], list[ClipResult]]]:
    """The whole benchmark in ``workdir``: for each recogniser (``--recognizers``, one after the other on the
    same clips) its label, report and every utterance's result."""
    import psutil

    from homeslm.voice.asr import spoken_form
    from homeslm.benchmarks.soak import Broker
    from homeslm.config.loader import config_from_dict
    from homeslm.grammar.data import sample_commands
    from homeslm.voice.loop import VoiceSettings

    started = time.monotonic()
    me = psutil.Process()
    rss_baseline = me.memory_info().rss / 2**20
    base_data, source = _config_data(args)
    model_dir = _model_dir(args, base_data, source)
    broker = Broker(workdir, args.mosquitto)
    broker.start()
    base_data["mqtt"] = {"host": LOOPBACK, "port": broker.port}
    plugins = base_data.setdefault("plugins", {}) or {}
    base_data["plugins"] = plugins
    plugins["disable"] = sorted({*(plugins.get("disable") or []), "espeak"})  # no sound card to speak on
    base_data["model"] = {**(base_data.get("model") or {}), "path": str(model_dir)}
    base_dir = source.parent if source is not None else None

    def say(line: str) -> None:
        print(line, flush=True)

    runs: list[tuple[str, dict[str, Any], list[ClipResult]]] = []
    bank = SpeechBank()
    clips: list[Clip] = []
    commands: list[tuple[str, str, tuple[dict[str, Any], ...]]] = []
    rejected = 0
    bus: BrokerSide | None = None
    rig: VoiceRig | None = None
    try:
        for label, overrides in vad_choices(args, recognizer_choices(args, base_data)):
            data = {**base_data, "voice": {**(base_data.get("voice") or {}), **overrides}}
            config: Config = config_from_dict(data, source=str(source or "bench-voice home"), base_dir=base_dir)
            voice_data = dict(config.voice)
            voice_data["wake_phrase"] = None
            rig_config = dataclasses.replace(config, followup_window_s=0.0, voice=voice_data)
            settings = VoiceSettings.from_config(rig_config)
            if bus is None:
                bus = BrokerSide(broker.port, config)
                bus.start()
            rss_before = me.memory_info().rss / 2**20
            rig = VoiceRig(rig_config, settings, bus, realtime_tail=not args.fast_tail)
            second = getattr(rig.recognizer.inner, "second", None)  # voice.second_opinion, as built ("auto" resolved)
            second_name = second.name if second is not None else None
            say(f"recogniser {label} ({rig.recognizer.name}"
                f"{f', second opinion {second_name}' if second_name else ''}): built in {rig.recognizer_build_s:.1f} s; "
                f"starting the daemon (model {model_dir}, broker port {broker.port})")
            rig.start()
            rss_started = me.memory_info().rss / 2**20
            if not clips:
                # Commands: grammar sentences whose text the daemon understands; their intents are the target.
                seen: set[str] = set()
                drawn = 0
                for text in sample_commands(config, args.count * 4, seed=args.seed):
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
                    raise SystemExit(f"only {len(commands)} of {drawn} sentences drawn from the grammar were understood "
                                     f"as text; is the model ({model_dir}) trained for this grammar?")
                for i, (text, spoken, target) in enumerate(commands):
                    for j, voice in enumerate(voices):
                        clips.append(Clip("command", text, spoken, voice, snrs[(i + j) % len(snrs)], target))
                for i, text in enumerate(CHATTER[: args.chatter]):
                    for j, voice in enumerate(voices):
                        clips.append(Clip("chatter", text, text, voice, snrs[(i + j) % len(snrs)]))
                random.Random(args.seed).shuffle(clips)
                say(f"{len(commands)} commands ({rejected} drawn sentences not understood as text were skipped) and "
                    f"{args.chatter} chatter sentences, in {len(voices)} voices: {len(clips)} utterances")

            results: list[ClipResult] = []
            rss_peak = rss_started
            tail_s = settings.silence_s + 0.4
            run_started = time.monotonic()
            for k, clip in enumerate(clips):
                clean = bank.clean(clip.spoken, clip.voice)
                ref = speech_rms(clean)
                audio = add_noise(np.concatenate([zeros(0.4), clean, zeros(tail_s)]), clip.snr_db, ref, seed=k)
                extension = iter(range(10**6))

                def extend(seconds: float, snr: float | None = clip.snr_db, ref: float = ref, k: int = k) -> np.ndarray:
                    return add_noise(zeros(seconds), snr, ref, seed=1_000_000 + 1000 * k + next(extension))

                level = np.abs(clean.astype(np.int32))
                loud = np.nonzero(level > 0.01 * level.max(initial=1))[0]  # espeak-ng pads its words with silence
                words_end_s = 0.4 + ((loud[-1] + 1) if len(loud) else len(clean)) / RATE_HZ
                results.append(rig.say(clip, audio, extend, speech_end_s=words_end_s))
                if k % 10 == 0:
                    rss_peak = max(rss_peak, me.memory_info().rss / 2**20)
                if (k + 1) % 50 == 0 or k + 1 == len(clips):
                    done = [r for r in results if r.clip.kind == "command"]
                    say(f"  {label}: {k + 1}/{len(clips)} utterances, commands correct so far "
                        f"{sum(r.correct for r in done)}/{len(done)}, {time.monotonic() - started:.0f} s")
            rss_peak = max(rss_peak, me.memory_info().rss / 2**20)
            loop = rig.loop
            early = {"started": loop.early_decodings, "used": loop.early_used} if loop is not None else None
            rig.stop()
            rig = None

            report = build_report(results, voices, snrs)
            report["early_decodings"] = early
            if early and early["started"]:
                say(f"  {label}: early decodings (voice.early_decode_s) started {early['started']}, used for "
                    f"{early['used']} utterances")
            report["commands"]["drawn_not_understood_as_text"] = rejected
            report["rss_mb"] = {"baseline": round(rss_baseline, 1), "before_this_recognizer": round(rss_before, 1),
                                "after_start": round(rss_started, 1), "peak": round(rss_peak, 1)}
            if args.wake_minutes > 0 and not runs:
                say(f"wake phrase: {args.wake_minutes:g} minutes of synthesised speech ...")
                wake = wake_benchmark(VoiceSettings.from_config(config), bank, voices, snrs,
                                      [spoken for _, spoken, _ in commands], args.wake_minutes)
                report["wake"] = wake_report_dict(wake)
            if not args.no_daemon_rss:
                _measure_daemon_rss(report, results, data, config, voices, bank, workdir, bus, say)
            report["setup"] = {
                "config": str(source) if source else "built-in home", "model": str(model_dir),
                "recognizer": settings.recognizer, "second_opinion": second_name, "label": label, "voices": voices,
                "snr": [snr_label(s) for s in snrs],
                "voice_settings": {k: v for k, v in dataclasses.asdict(settings).items() if k != "pocketsphinx"},
                "commands_seed": args.seed, "cpu_count": os.cpu_count(),
                "how": "commands and chatter as after push-to-talk (no wake phrase: measured on its own), "
                       "follow-ups off; the words fed faster than real time, "
                       + ("the quiet after them too" if args.fast_tail else "the quiet after them in real time")
                       + ", one utterance at a time",
                "elapsed_s": round(time.monotonic() - run_started, 1),
            }
            runs.append((label, report, results))
        return runs
    finally:
        if rig is not None:
            rig.stop()
        if bus is not None:
            bus.stop()
        broker.stop()


def _measure_daemon_rss(report: dict[str, Any], results: list[ClipResult], data: dict[str, Any], config: Config,
                        voices: list[str], bank: SpeechBank, workdir: Path, bus: BrokerSide,
                        say: Any) -> None:
    """RSS of a separate ``homeslm run --input`` replaying a command this recogniser got right (clean if possible)."""
    from homeslm.voice.loop import VoiceSettings

    replayable = sorted((r for r in results if r.clip.kind == "command" and r.clip.voice == voices[0]),
                        key=lambda r: (not r.correct, r.device_latency_s is None, r.clip.snr_db is not None))
    if not replayable:
        return
    good = replayable[0]
    phrase = VoiceSettings.from_config(config).wake_phrase
    pieces = [zeros(0.5)]
    if phrase:
        pieces += [bank.clean(phrase, voices[0]), zeros(0.25)]
    pieces += [bank.clean(good.clip.spoken, voices[0]), zeros(1.5)]
    clean = np.concatenate(pieces)
    said = f"{phrase}, {good.clip.spoken}" if phrase else good.clip.spoken
    say(f"daemon RSS: 'homeslm run --input' with {said!r} ...")
    rss, note = daemon_rss_mb(data, config.site, workdir, add_noise(clean, None, speech_rms(clean), seed=7), bus)
    report["rss_mb"]["daemon"] = None if rss is None else round(rss, 1)
    report["rss_mb"]["daemon_note"] = note
