"""``homeslm parse``, ``do``, ``run`` and ``plugins``: commands understood, executed once, or by the daemon,
and the plugins that execute them."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from homeslm.cli.common import EXIT_ERROR, EXIT_OK, _CliLogHandler, _config_from_args, _subparser
from homeslm.config.model import Config
from homeslm.config.loader import find_config_path, load_config
from homeslm.errors import ConfigError, HomeslmError
from homeslm.config.yamlcheck import did_you_mean

if TYPE_CHECKING:  # imported where used: plugins and the model load only for the commands that need them
    from homeslm.mqtt import MqttClient
    from homeslm.understanding.understander import Understander, Understanding
    from homeslm.plugins import ActionRegistry, HomeslmPluginManager

logger = logging.getLogger(__name__)


def _add_parse(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = _subparser(
        subparsers, "parse", help="understand a command and print its intents (nothing is executed)",
        description="Run the intent model and the resolution against the configured home on TEXT and print the "
                    "intents, their devices and the response. With - read one command per line from stdin (the "
                    "model is loaded once; blank lines are skipped). --json prints the schema of docs/DESIGN.md "
                    "section 3, one JSON object per line.",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per command (text, intents, response, confidence)")
    parser.add_argument("--area", metavar="ROOM", help="the room the command is spoken in (default: the config's area)")
    parser.add_argument("text", nargs="+", metavar="TEXT", help="the command (quoted or not), or - for stdin")
    parser.set_defaults(func=_cmd_parse)


def _add_do(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = _subparser(
        subparsers, "do", help="understand and execute a command through the plugins and MQTT, print the answer",
        description="Understand TEXT and execute it like the daemon does (device commands through the plugins on "
                    "the configured broker, intent and response published on homeslm/<site>/...), then print "
                    "(and speak) the answer. Exits 1 when the broker cannot be reached, the command was not "
                    "understood or an action failed.",
    )
    parser.add_argument("--area", metavar="ROOM", help="the room the command is spoken in (default: the config's area)")
    parser.add_argument("--yes", action="store_true", help="answer yes when a device asks for confirmation")
    parser.add_argument("--no-speak", action="store_true", help="print the answer only (no text to speech)")
    parser.add_argument("--timeout", type=float, default=5.0, metavar="SECONDS",
                        help="how long to wait for the broker's connection and acknowledgements (default 5)")
    parser.add_argument("text", nargs="+", metavar="TEXT", help="the command, e.g. turn off the kitchen light")
    parser.set_defaults(func=_cmd_do)


def _add_run(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = _subparser(
        subparsers, "run", help="run the daemon (commands on homeslm/<site>/command; systemd Type=notify)",
        description="Run the daemon: execute text arriving on homeslm/<site>/command (and speech when a voice "
                    "front end is configured), publish transcript, intent, response and status. SIGTERM stops "
                    "it cleanly, SIGHUP reloads the config. Logs one INFO line per command to stderr.",
    )
    parser.add_argument("--no-voice", action="store_true",
                        help="no microphone: take commands from MQTT only")
    parser.add_argument("--input", metavar="WAV", type=Path,
                        help="feed this WAV file (or directory of them) as if it were the microphone")
    parser.set_defaults(func=_cmd_run)


def _add_plugins(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = _subparser(
        subparsers, "plugins", help="list the loaded plugins: versions, hooks, device types and actions",
        description="Load the plugins the config asks for (built-ins, entry points, plugins.paths) and list each "
                    "with its version, source, hooks and the actions it supports per device type or domain.",
    )
    parser.add_argument("--json", action="store_true", help="print the list as JSON")
    parser.set_defaults(func=_cmd_plugins)


# --------------------------------------------------------------------------------------------------
# homeslm parse / do / run / plugins


def _check_area(config: Config, area: str | None) -> str | None:
    """``--area ROOM`` as a configured area name; :class:`ConfigError` (exit 2) naming the choices otherwise."""
    if area is None:
        return None
    from homeslm.config.model import normalize_name

    name = normalize_name(area)
    if name not in config.areas:
        raise ConfigError(f"--area {area!r}: not a configured area{did_you_mean(name, config.areas)} "
                          f"(areas: {', '.join(config.areas) or 'none'})")
    return name


def _command_text(words: Sequence[str]) -> str:
    text = " ".join(words).strip()
    if not text:
        raise ConfigError("TEXT is empty: give a command such as: turn off the kitchen light")
    return text


def _plugins_for(config: Config, mqtt: MqttClient | None = None) -> tuple[HomeslmPluginManager, ActionRegistry]:
    """The plugin manager and an action registry for ``config`` (handlers get ``mqtt``)."""
    from homeslm.plugins import ActionRegistry, plugin_manager_from_config

    pm = plugin_manager_from_config(config)
    return pm, ActionRegistry(pm, config, mqtt=mqtt)


def _understander_for(config: Config, registry: ActionRegistry) -> Understander:
    """The intent model of the config, refusing what the devices' plugins cannot do."""
    from homeslm.daemon.build import build_understander

    return build_understander(config, supports=lambda d, a: registry.supports(d.plugin, d.type, a))


def format_understanding(understanding: Understanding) -> str:
    """``homeslm parse`` without ``--json``: the text, each intent with its devices, the response."""
    result = understanding.result
    lines = [result.text]
    if not understanding.plans:
        lines.append(f"  not executed ({result.refusal or 'not understood'}): {result.response}")
    for plan in understanding.plans:
        intent = plan.intent
        fields = " ".join(f"{key}={value}" for key, value in intent.to_dict().items()
                          if key != "action" and value is not None)
        devices = ", ".join(d.name for d in plan.devices)
        lines.append(f"  {intent.action}" + (f"  {fields}" if fields else "") + (f"  -> {devices}" if devices else ""))
    if understanding.plans:
        from homeslm.understanding.confirmation import what_waits

        waits = what_waits(understanding.plans)
        confirm = f"  (asks first whether to {waits})" if waits else ""
        lines.append(f"  response: {result.response}{confirm}")
    lines.append(f"  confidence: {result.confidence:.2f}")
    return "\n".join(lines)


def _cmd_parse(args: argparse.Namespace) -> int:
    import json

    config = _config_from_args(args)
    area = _check_area(config, args.area)
    from_stdin = args.text == ["-"]
    text = None if from_stdin else _command_text(args.text)
    _, registry = _plugins_for(config)
    understander = _understander_for(config, registry)

    from homeslm.outcomes import Status
    from homeslm.pipeline import parse_status, understanding_payload

    def show(line: str) -> None:
        understanding = understander.understand(line, area=area)
        if args.json:  # the status and refusal fields as on the intent topic (one function builds both)
            payload = understanding_payload(understanding, parse_status(understanding))
            print(json.dumps(payload, ensure_ascii=False), flush=True)
        else:
            print(format_understanding(understanding), flush=True)

    if text is not None:
        show(text)
        return EXIT_OK
    first = True
    for raw in sys.stdin:
        line = raw.strip()
        if not line:
            continue
        if not args.json and not first:
            print()
        first = False
        try:
            show(line)
        except Exception as exc:  # boundary: one line of a batch; the others still get their answer
            logger.exception("could not parse %r", line)
            if args.json:
                payload = understanding_payload(None, Status.ERROR, text=line)
                payload["error"] = f"{type(exc).__name__}: {exc}"
                print(json.dumps(payload, ensure_ascii=False), flush=True)
    return EXIT_OK


def _cmd_do(args: argparse.Namespace) -> int:
    from homeslm.plugins.bus import speak_with_plugins
    from homeslm.mqtt import MqttClient, OutgoingMessage
    from homeslm.outcomes import Status
    from homeslm.pipeline import Pipeline

    config = _config_from_args(args)
    area = _check_area(config, args.area)
    text = _command_text(args.text)
    if args.timeout <= 0:
        raise ConfigError(f"--timeout {args.timeout:g}: expected a positive number of seconds")
    undelivered: list[str] = []

    def on_failed(message: OutgoingMessage, reason: str) -> None:
        undelivered.append(f"{message.topic}: {reason}")

    # A client of its own: never the daemon's client id, never the daemon's retained status.
    mqtt = MqttClient(config.mqtt, site=config.site, client_id=f"homeslm-{config.site}-do-{os.getpid()}",
                      on_failed=on_failed, availability=False)
    pm, registry = _plugins_for(config, mqtt)
    mqtt.start()  # connects while the model loads
    try:
        understander = _understander_for(config, registry)
        if not mqtt.wait_connected(args.timeout):
            raise HomeslmError(f"cannot reach the MQTT broker at {config.mqtt.host}:{config.mqtt.port} within "
                               f"{args.timeout:g} s; check that it runs and mqtt.host/mqtt.port in {config.source}")
        registry.daemon_started()
        def speak(said: str) -> None:
            speak_with_plugins(pm, said)

        pipeline = Pipeline(understander, registry, mqtt, config, speak=None if args.no_speak else speak)
        outcome = pipeline.handle_text(text, source="cli", area=area)
        print(outcome.response, flush=True)
        if outcome.status == Status.ASKED:
            if args.yes:
                answer: str | None = "yes"
            elif sys.stdin.isatty():
                answer = input("(yes/no) ")
            else:
                answer = None
            if answer is None:
                from homeslm.understanding.confirmation import what_waits

                waits = what_waits(outcome.understanding.plans if outcome.understanding else ())
                print(f"homeslm: not done: {waits or 'what was asked about'} (it asks for confirmation); "
                      "pass --yes to confirm", file=sys.stderr)
                registry.daemon_stopping()
                return EXIT_ERROR
            outcome = pipeline.handle_text(answer, source="cli", area=area)
            print(outcome.response, flush=True)
        if any(p.intent.domain == "timer" for p in (outcome.understanding.plans if outcome.understanding else ())):
            print("homeslm: note: timers run in the daemon (homeslm run); this one ends with this command",
                  file=sys.stderr)
        registry.daemon_stopping()
    finally:
        mqtt.stop(timeout_s=args.timeout)  # waits for the broker's acknowledgements
    if undelivered:
        raise HomeslmError(f"{len(undelivered)} MQTT message(s) not delivered: {'; '.join(undelivered)}")
    return EXIT_OK if outcome.ok else EXIT_ERROR


def _cmd_run(args: argparse.Namespace) -> int:
    from homeslm.daemon.runner import Daemon
    from homeslm.voice.link import VoiceFrontEnd, VoiceHooks

    config = _config_from_args(args)
    if not args.debug and not args.verbose:  # a daemon logs one INFO line per command (journald keeps stderr)
        root = logging.getLogger()
        for handler in root.handlers:
            if isinstance(handler, _CliLogHandler):
                handler.setLevel(logging.INFO)
        root.setLevel(min(root.level, logging.INFO) if root.level != logging.NOTSET else logging.INFO)
    voice_factory = None
    if not args.no_voice:
        def voice_factory(hooks: VoiceHooks) -> VoiceFrontEnd:
            from homeslm.daemon.build import build_voice_loop

            return build_voice_loop(hooks.config, hooks.submit, input_path=args.input,
                                    plugin_manager=hooks.plugin_manager, on_partial=hooks.on_partial,
                                    on_status=hooks.on_status, on_input_end=hooks.on_input_end,
                                    meaning=hooks.meaning)
    elif args.input is not None:
        raise ConfigError("--input feeds the voice front end; leave out --no-voice")
    return Daemon(config, voice_factory=voice_factory).run()


def _cmd_plugins(args: argparse.Namespace) -> int:
    import json

    try:
        path = find_config_path(args.config)
    except ConfigError:
        if args.config is not None:
            raise
        logger.warning("no config file found; listing the plugins of the default configuration")
        config = Config()
    else:
        config = load_config(path)
    _, registry = _plugins_for(config)
    from homeslm.understanding.model_fit import configured_model_dir, read_metadata, retrain_command

    model_dir = configured_model_dir(config)
    learned = read_metadata(model_dir).get("extra_actions", [])
    model_actions = set(learned) if isinstance(learned, list) else set()
    if args.json:
        print(json.dumps(registry.describe(model_actions), indent=2, ensure_ascii=False))
        return EXIT_OK
    print(registry.describe_text(model_actions))
    if any(row.get("unknown_to_model") for row in registry.describe(model_actions)):
        print(f"\n(unknown to the model): the intent model {model_dir} was trained without these actions and cannot "
              f"produce them; retrain it for your home: {retrain_command(config)} (or model: {{retrain: auto}}), "
              "see docs/plugins.md")
    return EXIT_OK
