"""The ``homeslm`` command: argparse subcommands, logging set-up, errors mapped to exit codes.

Only this module configures logging (to stderr, which journald keeps). Exit codes: 0 success,
1 runtime error (:class:`HomeslmError`) or unexpected error, 2 configuration error
(:class:`ConfigError`) or bad command line, 130 interrupted. Tracebacks are printed only with ``--debug``.

Adding a subcommand ``foo``: write ``_add_foo(subparsers)``, which calls
``_subparser(subparsers, "foo", help=...)``, adds its arguments and ``set_defaults(func=_cmd_foo)``;
write ``_cmd_foo(args) -> int``; append ``_add_foo`` to :data:`SUBCOMMANDS`. Use
``_config_from_args(args)`` to load the configuration, and raise :class:`HomeslmError` subclasses for
failures the user can fix; :func:`main` turns them into a one-line message and an exit code.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from homeslm import __version__
from homeslm.config import Config, Device, MqttConfig, find_config_path, load_config
from homeslm.errors import ConfigError, HomeslmError
from homeslm.yamlcheck import did_you_mean

if TYPE_CHECKING:  # imported where used: plugins and the model load only for the commands that need them
    from homeslm.mqtt import MqttClient
    from homeslm.nlu import Understander, Understanding
    from homeslm.plugins import ActionRegistry, HomeslmPluginManager

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_CONFIG = 2
EXIT_INTERRUPTED = 130

_LOG_FORMAT = "%(levelname)s %(name)s: %(message)s"


# --------------------------------------------------------------------------------------------------
# Parser


def _common_options() -> argparse.ArgumentParser:
    """Options accepted before and after the subcommand (``homeslm --debug check`` = ``homeslm check --debug``).

    Their defaults are suppressed here and set once on the top-level parser, so a subcommand never
    overwrites a value given before it.
    """
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config", metavar="FILE", default=argparse.SUPPRESS,
        help="config file (default: $HOMESLM_CONFIG, then ~/.config/homeslm/homeslm.yaml, "
             "then /etc/homeslm/homeslm.yaml)",
    )
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="debug logging, and tracebacks on errors")
    common.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS,
                        help="more logging: -v info, -vv debug")
    return common


def _subparser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], name: str, *,
               help: str, description: str | None = None, aliases: Sequence[str] = ()) -> argparse.ArgumentParser:
    """Add one subcommand parser that also accepts the common options."""
    return subparsers.add_parser(
        name, parents=[_common_options()], help=help, description=description or help, aliases=list(aliases),
    )


def _add_check(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = _subparser(
        subparsers, "check", aliases=["check-config"],
        help="validate the config file and summarise the home",
        description="Validate the config file (errors name the file, line and key) and print a summary of the "
                    "home: site, broker, floors, areas and their devices.",
    )
    parser.add_argument("--no-plugins", action="store_true",
                        help="check only the file; skip loading the plugins and checking that they drive every device")
    parser.set_defaults(func=_cmd_check)


#: One function per subcommand, each adding its parser; append yours here (see the module docstring).
def _add_train(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from homeslm.training import command

    parser = _subparser(
        subparsers, "train",
        help="train the intent model for this home (or generic homes) and convert it to CTranslate2 int8",
        description="Generate training data from the grammar and the configured home, train the intent model "
                    "(needs `pip install homeslm[train]`), convert it to CTranslate2 int8 and validate it.",
    )
    command.add_arguments(parser)
    parser.set_defaults(func=_cmd_train)


def _cmd_train(args: argparse.Namespace) -> int:
    from homeslm.training import command

    return command.run(args, _config_from_args)


def _add_parse(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = _subparser(
        subparsers, "parse", help="understand a command and print its intents (nothing is executed)",
        description="Run the intent model and the resolution against the configured home on TEXT and print the "
                    "intents, their devices and the response. With - read one command per line from stdin (the "
                    "model is loaded once; blank lines are skipped). --json prints the schema of DESIGN.md "
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


def _add_bench(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    import importlib

    from homeslm.benchmarks import BENCHMARKS

    parser = _subparser(subparsers, "bench", help="measure latency, accuracy, memory and size (prints a table)",
                        description="User-facing benchmarks; each prints a table of what it measured.")
    def _usage(args: argparse.Namespace) -> int:
        parser.print_help()
        return EXIT_CONFIG

    parser.set_defaults(func=_usage)
    inner = parser.add_subparsers(dest="benchmark", metavar="BENCHMARK", required=True)
    for name, module_name in BENCHMARKS.items():
        module = importlib.import_module(module_name)
        sub = inner.add_parser(name, help=module.HELP, description=module.HELP, parents=[_common_options()])
        module.add_arguments(sub)
        sub.set_defaults(func=module.run)


def _add_transcribe(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = _subparser(subparsers, "transcribe", help="print the transcript of WAV files",
                        description="Recognise WAV files with the configured recogniser (voice.recognizer), biased "
                                    "to this home's names and commands; one transcript per line.")
    parser.add_argument("files", nargs="+", metavar="FILE.wav", help="16 kHz mono WAV (others are converted)")
    parser.set_defaults(func=_cmd_transcribe)


def _cmd_transcribe(args: argparse.Namespace) -> int:
    from homeslm.asr import transcribe_file
    from homeslm.voice import speech_engines

    config = _config_from_args(args)
    recognizer = speech_engines(config).make_recognizer()  # voice.recognizer, from the plugin providing it
    for path in args.files:
        transcript = transcribe_file(path, config, recognizer)
        print(transcript.text if len(args.files) == 1 else f"{path}: {transcript.text}")
    return EXIT_OK


def _add_devices(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = _subparser(subparsers, "devices", help="list audio input devices (for voice.input_device)")
    parser.set_defaults(func=_cmd_devices)


def _cmd_devices(args: argparse.Namespace) -> int:
    from homeslm.audio import NO_INPUT_FIX, list_input_devices

    devices = list_input_devices()
    if not devices:
        raise HomeslmError(f"no audio input device found: {NO_INPUT_FIX}")
    for dev in devices:
        default = "  (default)" if dev.is_default else ""
        print(f"{dev.index:>3}  {dev.name}  [{dev.channels} ch, {dev.default_rate_hz:g} Hz]{default}")
    return EXIT_OK


def _add_models(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from homeslm.models_store import MODELS

    parser = _subparser(subparsers, "models", help="download speech models (the English Vosk model)")
    parser.set_defaults(func=_cmd_models_list)  # the inner subcommand is required; this keeps every parser callable
    inner = parser.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    pull = inner.add_parser("pull", parents=[_common_options()], help="download, verify and unpack a model",
                            description="Download a pinned model (resumable, SHA-256 verified) into "
                                        "$XDG_DATA_HOME/homeslm/models, or install it from --archive.")
    pull.add_argument("name", nargs="?", default="vosk-en", choices=sorted(MODELS), help="model (default: vosk-en)")
    pull.add_argument("--archive", metavar="FILE.zip", type=Path, help="install from this file instead of downloading")
    pull.add_argument("--dir", metavar="DIR", type=Path, help="models directory (default: $XDG_DATA_HOME/homeslm/models)")
    pull.add_argument("--force", action="store_true", help="replace an installed model")
    pull.set_defaults(func=_cmd_models_pull)
    listing = inner.add_parser("list", parents=[_common_options()], help="list the models and whether they are installed")
    listing.add_argument("--dir", metavar="DIR", type=Path, help="models directory")
    listing.set_defaults(func=_cmd_models_list)


def _cmd_models_pull(args: argparse.Namespace) -> int:
    from homeslm.models_store import find_spec, pull_model

    target = pull_model(find_spec(args.name), args.dir, archive=args.archive, progress=sys.stderr.isatty(),
                        force=args.force)
    print(target)
    return EXIT_OK


def _cmd_models_list(args: argparse.Namespace) -> int:
    from homeslm.models_store import MODELS, installed_model_dir

    for name, spec in sorted(MODELS.items()):
        where = installed_model_dir(name, args.dir)
        state = f"installed in {where}" if where.is_dir() else "not installed"
        print(f"{name}: {spec.description}; {state}")
    return EXIT_OK


def _add_install_service(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from homeslm import service

    parser = _subparser(
        subparsers, "install-service",
        help="install the hardened systemd unit, its user and directories, and /etc/homeslm/homeslm.yaml",
        description="Write /etc/systemd/system/homeslm.service (ExecStart: this homeslm), the sysusers and tmpfiles "
                    "snippets, and /etc/homeslm/homeslm.yaml from --config (default: the example) if absent; then "
                    "create the homeslm user and directories. --dry-run prints the steps. See docs/service.md.",
    )
    service.add_arguments(parser)
    parser.set_defaults(func=_cmd_install_service)


def _cmd_install_service(args: argparse.Namespace) -> int:
    from homeslm import service

    return service.run(args)


def _add_import(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from homeslm import discovery

    parser = _subparser(
        subparsers, "import", help="print devices: entries for what the MQTT bus announces (zigbee2mqtt, Home Assistant discovery)",
        description="Listen on the configured broker for zigbee2mqtt's <base>/bridge/devices and bridge/groups (groups "
                    "of lights) and Home Assistant MQTT "
                    "discovery configs, and print a devices: block for those the config does not have yet, with "
                    "comments for what could not be mapped. The config itself is never changed: copy the entries "
                    "into it, or write them to a new file with --write.",
    )
    parser.add_argument("--wait", type=float, default=discovery.DEFAULT_WAIT_S, metavar="S",
                        help=f"how long to listen for announcements (default {discovery.DEFAULT_WAIT_S:g})")
    parser.add_argument("--timeout", type=float, default=discovery.DEFAULT_CONNECT_TIMEOUT_S, metavar="S",
                        help=f"how long to wait for the broker (default {discovery.DEFAULT_CONNECT_TIMEOUT_S:g})")
    parser.add_argument("--base-topic", metavar="TOPIC",
                        help="zigbee2mqtt's base topic (default: plugins.zigbee2mqtt.base_topic, else zigbee2mqtt)")
    parser.add_argument("--discovery-prefix", metavar="PREFIX", default=discovery.DEFAULT_DISCOVERY_PREFIX,
                        help=f"Home Assistant discovery prefix (default {discovery.DEFAULT_DISCOVERY_PREFIX})")
    parser.add_argument("--write", metavar="FILE", type=Path,
                        help="write the block to FILE (a new file, never the config) instead of printing it")
    parser.set_defaults(func=_cmd_import)


def _cmd_import(args: argparse.Namespace) -> int:
    from homeslm import discovery

    config = _config_from_args(args)
    if args.wait < 0 or args.timeout <= 0:
        raise ConfigError(f"--wait {args.wait:g} / --timeout {args.timeout:g}: expected seconds (wait >= 0, timeout > 0)")
    target: Path | None = args.write
    if target is not None:
        if config.source is not None and target.resolve() == Path(config.source).resolve():
            raise ConfigError(f"--write {target}: that is the config file in use; homeslm import never edits it: write "
                              "to a new file and copy its entries under devices:")
        if target.exists():
            raise ConfigError(f"--write {target}: the file exists; give a new file name (nothing is overwritten)")
    plan = discovery.import_devices(config, wait_s=args.wait, connect_timeout_s=args.timeout,
                                    z2m_base=args.base_topic, discovery_prefix=args.discovery_prefix)
    text = discovery.format_import(plan, config, broker=f"{config.mqtt.host}:{config.mqtt.port}")
    if target is None:
        print(text, end="")
    else:
        try:
            with open(target, "x", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as exc:
            raise HomeslmError(f"--write {target}: cannot write it: {exc.strerror or exc}") from None
        print(f"homeslm: wrote {target} ({plan.summary()}); copy its entries under devices: in {config.source}",
              file=sys.stderr)
        return EXIT_OK
    print(f"homeslm: {plan.summary()}", file=sys.stderr)
    return EXIT_OK


SUBCOMMANDS: tuple[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None], ...] = (
    _add_check,
    _add_train,
    _add_parse,
    _add_do,
    _add_run,
    _add_plugins,
    _add_bench,
    _add_transcribe,
    _add_devices,
    _add_models,
    _add_install_service,
    _add_import,
)


def build_parser() -> argparse.ArgumentParser:
    """The complete ``homeslm`` argument parser."""
    parser = argparse.ArgumentParser(
        prog="homeslm",
        description="Offline voice commands for smart homes: speech -> a tiny intent model -> plugins -> MQTT.",
        parents=[_common_options()],
    )
    parser.set_defaults(config=None, debug=False, verbose=0)
    parser.add_argument("--version", action="version", version=f"homeslm {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for add in SUBCOMMANDS:
        add(subparsers)
    return parser


# --------------------------------------------------------------------------------------------------
# Running


class _CliLogHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The stderr handler :func:`main` installs on the root logger (and removes again)."""


def _setup_logging(args: argparse.Namespace) -> tuple[_CliLogHandler, int]:
    if args.debug or args.verbose >= 2:
        level = logging.DEBUG
    elif args.verbose == 1:
        level = logging.INFO
    else:
        level = logging.WARNING
    root = logging.getLogger()
    handler = _CliLogHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(_LOG_FORMAT))
    handler.setLevel(level)
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(min(level, previous_level) if previous_level != logging.NOTSET else level)
    return handler, previous_level


def _teardown_logging(handler: _CliLogHandler, previous_level: int) -> None:
    root = logging.getLogger()
    root.removeHandler(handler)
    root.setLevel(previous_level)


def _exit_code(code: object) -> int:
    if code is None:
        return EXIT_OK
    return code if isinstance(code, int) else EXIT_ERROR


def _error_message(exc: HomeslmError) -> str:
    """``file:line: key: problem`` stays first on the line so editors can jump to it."""
    if isinstance(exc, ConfigError) and exc.file is not None:
        return str(exc)
    return f"homeslm: error: {exc}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``homeslm`` with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        args.argv = list(argv) if argv is not None else sys.argv[1:]
    except SystemExit as exc:  # --help, --version and usage errors; argparse has printed them
        return _exit_code(exc.code)
    handler, previous_level = _setup_logging(args)
    try:
        func: Callable[[argparse.Namespace], int] = args.func
        return int(func(args))
    except ConfigError as exc:
        print(_error_message(exc), file=sys.stderr)
        if args.debug:
            traceback.print_exc(file=sys.stderr)
        return EXIT_CONFIG
    except HomeslmError as exc:
        print(_error_message(exc), file=sys.stderr)
        if args.debug:
            traceback.print_exc(file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("homeslm: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # output piped into `head` and friends: stop quietly
        _silence_stdout()
        return EXIT_ERROR
    except Exception as exc:  # the outermost boundary: say what happened; the traceback is for --debug
        if args.debug:
            logger.exception("unexpected error in 'homeslm %s'", args.command)
        else:
            logger.error("unexpected error in 'homeslm %s': %s: %s (a bug: run with --debug for the traceback "
                         "and report it)", args.command, type(exc).__name__, exc)
        return EXIT_ERROR
    finally:
        _teardown_logging(handler, previous_level)


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the interpreter's final flush does not fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout without a file descriptor (captured in tests): nothing to flush
        pass


def _config_from_args(args: argparse.Namespace) -> Config:
    """Find and load the config named by ``--config`` (or the search path); raises :class:`ConfigError`."""
    return load_config(find_config_path(args.config))


# --------------------------------------------------------------------------------------------------
# homeslm check


def _cmd_check(args: argparse.Namespace) -> int:
    config = _config_from_args(args)
    if args.no_plugins:
        print(format_summary(config))
        return EXIT_OK
    loaded, problems = check_plugins(config)
    print(format_summary(config, problems=len(problems)))
    print(f"\nplugins loaded: {', '.join(loaded) or 'none'}")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"homeslm: {_count(len(problems), 'problem')} with plugins in {config.source}", file=sys.stderr)
        return EXIT_CONFIG
    print("every device has a plugin that drives it")
    return EXIT_OK


def check_plugins(config: Config) -> tuple[list[str], list[ConfigError]]:
    """Load the plugins the config asks for; return their names and, as errors at the config's lines,
    devices whose plugin is missing, failed or does not drive their type, the configuration problems
    plugins report while loading (``report_problem``: a device's bad options), settings of unknown
    plugins, and a recogniser or wake engine (``voice.recognizer``, ``voice.wake_engine``) that no plugin
    provides.
    """
    from homeslm.plugins import ActionRegistry, plugin_manager_from_config  # loads plugin code: only when asked

    pm = plugin_manager_from_config(config)
    registry = ActionRegistry(pm, config, log_problems=False)  # returned here instead of logged
    loaded = sorted(name for name, _ in pm.list_name_plugin())
    problems: list[ConfigError] = []
    for i, device in enumerate(config.devices):
        plugin = device.plugin
        if plugin not in loaded:
            why = (f"; it failed to load: {pm.failures[plugin]}" if plugin in pm.failures
                   else "; it is disabled in plugins.disable" if plugin in config.plugins.disable else "")
            problems.append(config.error(f"devices[{i}].plugin", f"plugin {plugin!r} is not loaded"
                                         f"{did_you_mean(plugin, loaded)} (loaded: {', '.join(loaded) or 'none'}){why}"))
        elif plugin in registry.errors:
            problems.append(config.error(f"devices[{i}].plugin",
                                         f"plugin {plugin!r} failed to register its actions: {registry.errors[plugin]}"))
        elif not registry.actions_for(device):
            problems.append(config.error(f"devices[{i}].type", f"plugin {plugin!r} drives no device of type "
                                                               f"{device.type!r}"))
    for reported in registry.config_problems.values():
        problems += reported
    for name in config.plugins.settings:
        if name not in loaded and name not in config.plugins.disable:
            problems.append(config.error(f"plugins.{name}", f"settings for plugin {name!r}, which is not loaded"
                                                            f"{did_you_mean(name, loaded)}"))
    from homeslm.engines import SpeechEngines  # voice.recognizer / voice.wake_engine: a plugin must provide them

    try:
        problems += SpeechEngines(pm, config).problems()
    except ConfigError as exc:  # the voice section itself is wrong
        problems.append(exc)
    return loaded, problems


def _describe_broker(mqtt: MqttConfig) -> str:
    auth = f"yes (user {mqtt.username})" if mqtt.username is not None else "no"
    if mqtt.tls is None:
        tls = "no"
    else:
        notes = [note for flag, note in ((mqtt.tls.cert_file is not None, "client certificate"),
                                         (mqtt.tls.ca_file is not None, f"CA {mqtt.tls.ca_file}"),
                                         (mqtt.tls.insecure, "hostname NOT verified")) if flag]
        tls = "yes" + (f" ({', '.join(notes)})" if notes else "")
    return f"{mqtt.host}:{mqtt.port}, auth: {auth}, TLS: {tls}"


def _device_row(device: Device) -> list[str]:
    kind = device.type + (f":{device.device_class}" if device.device_class else "")
    extras = []
    if device.aliases:
        extras.append("aliases: " + ", ".join(device.aliases))
    if device.confirm:
        extras.append("asks to confirm")
    return [device.name, kind, device.plugin, device.topic or "-", "; ".join(extras)]


def format_summary(config: Config, *, problems: int = 0) -> str:
    """A readable summary of a loaded config, as ``homeslm check`` prints it (never any secret); the first
    line says ``OK``, or how many ``problems`` the check found (printed on stderr)."""
    verdict = "OK" if not problems else f"{_count(problems, 'problem')} (on stderr)"
    out: list[str] = [f"{config.source or 'config'}: {verdict}", ""]
    here = f" (microphone in the {config.area})" if config.area else " (no area set: say the room in every command)"
    model = config.model.path or "built-in default model"
    if config.model.path and not Path(config.model.path).is_dir():
        model += " (missing: train it with homeslm train)"
    threads = _count(config.model.threads, "thread")
    plugin_counts = Counter(d.plugin for d in config.devices)
    fields = [
        ("site", config.site + here),
        ("broker", _describe_broker(config.mqtt)),
        ("language", f"{config.language}, temperatures in {config.temperature_unit}"),
        ("model", f"{model}, confidence threshold {config.model.threshold:g}, {threads}"),
        ("plugins", ", ".join(f"{name} ({_count(n, 'device')})" for name, n in sorted(plugin_counts.items())) or "no devices"),
        ("follow-ups", f"within {config.followup_window_s:g} s"),
    ]
    if config.plugins.settings:
        fields.append(("settings", ", ".join(sorted(config.plugins.settings))))
    if config.plugins.disable:
        fields.append(("disabled", ", ".join(config.plugins.disable)))
    if config.plugins.paths:
        fields.append(("plugin dirs", ", ".join(config.plugins.paths)))
    width = max(len(label) for label, _ in fields)
    out += [f"{label.ljust(width)}  {text}" for label, text in fields]

    if config.floors:
        out += ["", "Floors:"]
        out += [f"  {floor.name}: {', '.join(floor.areas) or '(no areas)'}" for floor in config.floors]

    by_area: dict[str | None, list[Device]] = {area: [] for area in config.areas}
    for device in config.devices:
        by_area.setdefault(device.area, []).append(device)
    rows = [_device_row(d) for d in config.devices]
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(4)]
    out += ["", "Areas and devices:"]
    for area, devices in by_area.items():
        if area is None and not devices:
            continue
        label = area if area is not None else "(no area)"
        notes = [_count(len(devices), "device")]
        floor = config.floor_of(area) if area is not None else None
        if floor:
            notes.insert(0, floor)
        if area is not None and area == config.area:
            notes.append("this microphone")
        out.append(f"  {label} ({', '.join(notes)})")
        for device in devices:
            row = _device_row(device)
            cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:4])] + [row[4]]
            out.append("    " + "  ".join(cells).rstrip())

    types = Counter(d.type for d in config.devices)
    kinds = ", ".join(f"{n} {t}" for t, n in sorted(types.items()))
    out += ["", f"{_count(len(config.devices), 'device')}" + (f" ({kinds})" if kinds else "")
                + f", {_count(len(config.areas), 'area')}, {_count(len(config.floors), 'floor')}"]
    return "\n".join(out)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


# --------------------------------------------------------------------------------------------------
# homeslm parse / do / run / plugins


def _check_area(config: Config, area: str | None) -> str | None:
    """``--area ROOM`` as a configured area name; :class:`ConfigError` (exit 2) naming the choices otherwise."""
    if area is None:
        return None
    from homeslm.config import normalize_name

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
    from homeslm.nlu import build_understander

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
        from homeslm.pipeline import needs_confirmation

        confirm = "  (asks for confirmation first)" if needs_confirmation(understanding) else ""
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

    def show(line: str) -> None:
        understanding = understander.understand(line, area=area)
        if args.json:
            print(json.dumps(understanding.result.to_dict(), ensure_ascii=False), flush=True)
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
                print(json.dumps({"text": line, "intents": [], "response": "", "confidence": 0.0,
                                  "error": f"{type(exc).__name__}: {exc}"}, ensure_ascii=False), flush=True)
    return EXIT_OK


def _cmd_do(args: argparse.Namespace) -> int:
    from homeslm.daemon import speak_with_plugins
    from homeslm.mqtt import MqttClient, OutgoingMessage
    from homeslm.pipeline import ASKED, Pipeline

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
        if outcome.status == ASKED:
            if args.yes:
                answer: str | None = "yes"
            elif sys.stdin.isatty():
                answer = input("(yes/no) ")
            else:
                answer = None
            if answer is None:
                print("homeslm: not done: this device asks for confirmation; pass --yes to confirm", file=sys.stderr)
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
    from homeslm.daemon import Daemon, VoiceFrontEnd, VoiceHooks

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
            from homeslm.voice import build_voice_loop

            return build_voice_loop(hooks.config, hooks.submit, input_path=args.input,
                                    plugin_manager=hooks.plugin_manager, on_partial=hooks.on_partial,
                                    on_status=hooks.on_status)
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
    if args.json:
        print(json.dumps(registry.describe(), indent=2, ensure_ascii=False))
    else:
        print(registry.describe_text())
    return EXIT_OK
