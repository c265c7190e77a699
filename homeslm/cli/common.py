"""What every ``homeslm`` subcommand module uses: the exit codes, the options accepted before and after
the subcommand, ``_subparser``, the stderr log handler and ``_config_from_args``."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence

from homeslm.config.model import Config
from homeslm.config.loader import find_config_path, load_config

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_CONFIG = 2
EXIT_INTERRUPTED = 130


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



class _CliLogHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The stderr handler :func:`main` installs on the root logger (and removes again)."""


def _config_from_args(args: argparse.Namespace) -> Config:
    """Find and load the config named by ``--config`` (or the search path); raises :class:`ConfigError`."""
    return load_config(find_config_path(args.config))
