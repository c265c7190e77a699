"""``homeslm bench``: one inner subcommand per benchmark of :data:`homeslm.benchmarks.BENCHMARKS`."""

from __future__ import annotations

import argparse

from homeslm.cli.common import EXIT_CONFIG, _common_options, _subparser


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
