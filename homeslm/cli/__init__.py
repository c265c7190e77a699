"""The ``homeslm`` command: argparse subcommands, logging set-up, errors mapped to exit codes.

Only this package configures logging (to stderr, which journald keeps). Exit codes: 0 success,
1 runtime error (:class:`HomeslmError`) or unexpected error, 2 configuration error
(:class:`ConfigError`), an environment the model cannot run in (:class:`ModelSelfCheckError`) or bad
command line (the unit does not restart on 2), 130 interrupted. Tracebacks are printed only with ``--debug``.

Here: the parser (:func:`build_parser`, :data:`SUBCOMMANDS`) and :func:`main` (logging, errors to exit
codes). The subcommands live by group: ``check`` (``homeslm check``), ``commands`` (``parse``, ``do``,
``run``, ``plugins``), ``home`` (``train``, ``install-service``, ``import``), ``speech`` (``transcribe``,
``devices``, ``models``), ``satellite`` (``homeslm satellite``) and ``bench``; ``common`` holds what they share (exit codes, ``_subparser``,
``_config_from_args``).

Adding a subcommand ``foo``: in the module of its group (or a new one), write ``_add_foo(subparsers)``,
which calls ``_subparser(subparsers, "foo", help=...)``, adds its arguments and
``set_defaults(func=_cmd_foo)``; write ``_cmd_foo(args) -> int``; import ``_add_foo`` here and append it
to :data:`SUBCOMMANDS`. Use ``_config_from_args(args)`` to load the configuration, and raise
:class:`HomeslmError` subclasses for failures the user can fix; :func:`main` turns them into a one-line
message and an exit code.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Callable, Sequence

from homeslm import __version__
from homeslm.cli.bench import _add_bench
from homeslm.cli.check import _cmd_check, check_plugins, format_summary
from homeslm.cli.commands import _add_do, _add_parse, _add_plugins, _add_run, _cmd_run, format_understanding
from homeslm.cli.common import (
    EXIT_CONFIG,
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    _CliLogHandler,
    _common_options,
    _config_from_args,
    _subparser,
)
from homeslm.cli.home import _add_import, _add_install_service, _add_train
from homeslm.cli.satellite import _add_satellite
from homeslm.cli.speech import _add_devices, _add_models, _add_transcribe
from homeslm.errors import ConfigError, HomeslmError, ModelSelfCheckError

# What stays importable from homeslm.cli: the console script's main, the public helpers and what tests use.
__all__ = [
    "EXIT_CONFIG", "EXIT_ERROR", "EXIT_INTERRUPTED", "EXIT_OK", "SUBCOMMANDS",
    "build_parser", "check_plugins", "format_summary", "format_understanding", "main",
    "_CliLogHandler", "_cmd_check", "_cmd_run", "_config_from_args",
]

logger = logging.getLogger(__name__)

_LOG_FORMAT = "%(levelname)s %(name)s: %(message)s"


# --------------------------------------------------------------------------------------------------
# Parser


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
    _add_satellite,
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
    except ModelSelfCheckError as exc:  # the environment computes wrongly: a restart cannot fix it
        print(_error_message(exc), file=sys.stderr)
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
