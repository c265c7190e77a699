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

from homeslm import __version__
from homeslm.config import Config, Device, MqttConfig, find_config_path, load_config
from homeslm.errors import ConfigError, HomeslmError
from homeslm.yamlcheck import did_you_mean

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


def _add_bench(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    import importlib

    from homeslm.benchmarks import BENCHMARKS

    parser = _subparser(subparsers, "bench", help="measure latency, accuracy, memory and size (prints a table)",
                        description="User-facing benchmarks; each prints a table of what it measured.")
    inner = parser.add_subparsers(dest="benchmark", metavar="BENCHMARK", required=True)
    for name, module_name in BENCHMARKS.items():
        module = importlib.import_module(module_name)
        sub = inner.add_parser(name, help=module.HELP, description=module.HELP, parents=[_common_options()])
        module.add_arguments(sub)
        sub.set_defaults(func=module.run)


SUBCOMMANDS: tuple[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None], ...] = (
    _add_check,
    _add_train,
    _add_bench,
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
    print(format_summary(config))
    if args.no_plugins:
        return EXIT_OK
    loaded, problems = check_plugins(config)
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
    devices whose plugin is missing, failed or does not drive their type, and settings of unknown plugins.
    """
    from homeslm.plugins import ActionRegistry, plugin_manager_from_config  # loads plugin code: only when asked

    pm = plugin_manager_from_config(config)
    registry = ActionRegistry(pm, config)
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
    for name in config.plugins.settings:
        if name not in loaded and name not in config.plugins.disable:
            problems.append(config.error(f"plugins.{name}", f"settings for plugin {name!r}, which is not loaded"
                                                            f"{did_you_mean(name, loaded)}"))
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


def format_summary(config: Config) -> str:
    """A readable summary of a loaded config, as ``homeslm check`` prints it (never any secret)."""
    out: list[str] = [f"{config.source or 'config'}: OK", ""]
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
