"""``homeslm bench nlu``: the intent model on the held-out sets, the chatter set and the shared dev set.

Each ``--cases`` file is a suite; its homes are ``--homes`` or else the ``homes/`` folder beside it. Cases
marked ``schema_gap`` are measured as a suite of their own (``<suite>:schema_gap``), so the main figures are
over what the schema can express."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from homeslm.benchmarks import nlu

HELP = ("intent model: exact match, rejection, false rejections, executed wrong, per category; latency p50/p95, "
        "load time, size, RSS (int8 vs float32)")
DEFAULT_CASES = Path("tests/data/nlu/heldout.jsonl")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", action="append", default=[], metavar="NAME=DIR",
                        help="a model to measure (repeatable); default: the shipped model as 'default-int8'")
    parser.add_argument("--cases", type=Path, action="append", default=[],
                        help="held-out cases (JSON lines with a 'home' key naming a YAML in --homes), repeatable: "
                             f"one suite each (default: {DEFAULT_CASES})")
    parser.add_argument("--homes", type=Path, default=None,
                        help="the homes' YAML files (default: the homes/ folder beside each --cases file)")
    parser.add_argument("--home", action="append", default=[], metavar="NAME",
                        help="only the held-out cases of this home (repeatable): how a per-home model is measured")
    parser.add_argument("--outcomes", action="store_true",
                        help="also print, per suite and model, exact match, false rejections, executed wrong, "
                             "empty targets executed and questions acted by category")
    parser.add_argument("--dev", type=Path, default=None, help="shared dev set (e.g. ../shared/eval/dev.jsonl)")
    parser.add_argument("--dev-home", type=Path, default=None, help="the dev set's home YAML (default: beside --dev)")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--threshold", type=float, default=None, help="override the confidence threshold")
    parser.add_argument("--json", type=Path, default=None, help="write all figures as JSON")
    parser.add_argument("--failures", type=Path, default=None, help="write the failed cases as JSON lines")
    parser.add_argument("--plot", type=Path, default=None, help="PNG of accuracy vs latency")


def run(args: argparse.Namespace) -> int:
    models: list[tuple[str, Path | None, str]] = []
    for spec in args.model or ["default-int8="]:
        name, _, path = spec.partition("=")
        compute = "float32" if "float32" in name else "default"
        models.append((name, Path(path) if path else None, compute))
    suites: list[tuple[str, list[nlu.Case], dict[str, nlu.Config]]] = []
    for path in args.cases or ([DEFAULT_CASES] if DEFAULT_CASES.exists() or args.dev is None else []):
        if not path.exists():
            raise SystemExit(f"--cases: {path} does not exist")
        every = nlu.load_cases(path)
        unknown = sorted(set(args.home) - {c.home for c in every})
        if unknown and len(args.cases) <= 1:
            raise SystemExit(f"--home: no cases for {', '.join(unknown)} in {path}; its homes are "
                             f"{', '.join(sorted({c.home for c in every}))}")
        cases = [c for c in every if not args.home or c.home in args.home]
        name = suite_name(path)
        if args.home:
            name += ":" + "+".join(args.home)
        homes = nlu.load_homes(args.homes or path.parent / "homes")
        suites.append((name, [c for c in cases if not c.schema_gap], homes))
        gaps = [c for c in cases if c.schema_gap]
        if gaps:
            suites.append((name + ":schema_gap", gaps, homes))
    if args.dev is not None:
        home = args.dev_home or args.dev.parent / "home.yaml"
        suites.append(("dev", nlu.load_cases(args.dev, default_home="dev"), nlu.load_homes(None, {"dev": home})))
    if not suites:
        raise SystemExit(f"no cases: {args.cases} does not exist and no --dev given")
    rows = []
    failures = []
    outcomes: list[str] = []
    for suite, cases, homes in suites:
        for name, path, compute in models:
            rep = nlu.run_cases(f"{name} {suite}", path, cases, homes, threads=args.threads, compute_type=compute,
                                threshold=args.threshold)
            row = rep.row()
            row["suite"] = suite
            row["by_category"] = {k: v[0] / v[1] for k, v in sorted(rep.by_category.items())}
            row["outcomes_by_category"] = {k: t.rates() for k, t in sorted(rep.tally_by_category.items())}
            rows.append(row)
            if args.outcomes:
                outcomes.append(nlu.format_outcomes(f"{name} on {suite}", rep.tally_by_category, rep.tally))
            failures += [{"model": name, "suite": suite, **f} for f in rep.failures]
            print(f"{name} on {suite}: {rep.exact}/{rep.n} exact", flush=True)
    print()
    print(nlu.format_table(rows))
    cats = sorted({c for r in rows for c in r["by_category"]})
    if len(cats) > 1:
        print("\nexact match by category:")
        print("| model | " + " | ".join(cats) + " |")
        print("| --- |" + " --- |" * len(cats))
        for r in rows:
            print(f"| {r['model']} | " + " | ".join(
                f"{r['by_category'][c]:.0%}" if c in r["by_category"] else "-" for c in cats) + " |")
    for table in outcomes:
        print()
        print(table)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    if args.failures:
        args.failures.write_text("".join(json.dumps(f) + "\n" for f in failures))
    if args.plot:
        nlu.plot([r for r in rows if r["suite"].startswith("heldout")] or rows, args.plot)
        print(f"plot written to {args.plot}")
    return 0


def suite_name(path: Path) -> str:
    """``heldout`` for the default set (the name the earlier figures used), else ``<folder>/<stem>``."""
    if path == DEFAULT_CASES or path.resolve() == DEFAULT_CASES.resolve():
        return "heldout"
    return f"{path.parent.name}/{path.stem}"
