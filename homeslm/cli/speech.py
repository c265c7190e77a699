"""``homeslm transcribe``, ``devices`` and ``models``: recognising WAV files, listing microphones,
downloading speech models."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from homeslm.cli.common import EXIT_OK, _common_options, _config_from_args, _subparser
from homeslm.errors import HomeslmError


def _add_transcribe(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = _subparser(subparsers, "transcribe", help="print the transcript of WAV files",
                        description="Recognise WAV files with the configured recogniser (voice.recognizer), biased "
                                    "to this home's names and commands; one transcript per line.")
    parser.add_argument("files", nargs="+", metavar="FILE.wav", help="16 kHz mono WAV (others are converted)")
    parser.set_defaults(func=_cmd_transcribe)


def _cmd_transcribe(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from homeslm.voice.asr import transcribe_file
    from homeslm.daemon.build import speech_engines

    config = _config_from_args(args)
    # voice.recognizer, from the plugin providing it; a second opinion is only asked by the voice loop
    recognizer = speech_engines(config).make_recognizer(replace(config.voice_settings, second_opinion=None))
    for path in args.files:
        transcript = transcribe_file(path, recognizer)
        print(transcript.text if len(args.files) == 1 else f"{path}: {transcript.text}")
    return EXIT_OK


def _add_devices(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = _subparser(subparsers, "devices", help="list audio input devices (for voice.input_device)")
    parser.set_defaults(func=_cmd_devices)


def _cmd_devices(args: argparse.Namespace) -> int:
    from homeslm.voice.audio import NO_INPUT_FIX, list_input_devices

    devices = list_input_devices()
    if not devices:
        raise HomeslmError(f"no audio input device found: {NO_INPUT_FIX}")
    for dev in devices:
        default = "  (default)" if dev.is_default else ""
        print(f"{dev.index:>3}  {dev.name}  [{dev.channels} ch, {dev.default_rate_hz:g} Hz]{default}")
    return EXIT_OK


def _add_models(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from homeslm.voice.models_store import model_names

    parser = _subparser(subparsers, "models", help="download speech models (Whisper, the English Vosk model)")
    parser.set_defaults(func=_cmd_models_list)  # the inner subcommand is required; this keeps every parser callable
    inner = parser.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    pull = inner.add_parser("pull", parents=[_common_options()], help="download, verify and unpack a model",
                            description="Download a pinned model (resumable, SHA-256 verified) into "
                                        "$XDG_DATA_HOME/homeslm/models, or install it from --archive.")
    pull.add_argument("name", nargs="?", default="vosk-en", choices=model_names(), help="model (default: vosk-en)")
    pull.add_argument("--archive", metavar="FILE.zip", type=Path, help="install from this file instead of downloading")
    pull.add_argument("--dir", metavar="DIR", type=Path, help="models directory (default: $XDG_DATA_HOME/homeslm/models)")
    pull.add_argument("--force", action="store_true", help="replace an installed model")
    pull.set_defaults(func=_cmd_models_pull)
    listing = inner.add_parser("list", parents=[_common_options()], help="list the models and whether they are installed")
    listing.add_argument("--dir", metavar="DIR", type=Path, help="models directory")
    listing.set_defaults(func=_cmd_models_list)


def _cmd_models_pull(args: argparse.Namespace) -> int:
    from homeslm.voice.models_store import find_spec, pull_model

    target = pull_model(find_spec(args.name), args.dir, archive=args.archive, progress=sys.stderr.isatty(),
                        force=args.force)
    print(target)
    return EXIT_OK


def _cmd_models_list(args: argparse.Namespace) -> int:
    from homeslm.voice.models_store import find_spec, installed_model_dir, model_names

    for name in model_names():
        spec = find_spec(name)
        where = installed_model_dir(name, args.dir)
        state = f"installed in {where}" if where.is_dir() else "not installed"
        print(f"{name}: {spec.description}; {state}")
    return EXIT_OK
