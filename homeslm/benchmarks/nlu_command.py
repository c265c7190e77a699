"""``homeslm bench nlu``: the intent model on the held-out set and the shared dev set."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from homeslm.benchmarks import nlu

HELP = "intent model: exact match, rejection, latency p50/p95, load time, size, RSS (int8 vs float32)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", action="append", default=[], metavar="NAME=DIR",
                        help="a model to measure (repeatable); default: the shipped model as 'default-int8'")
    parser.add_argument("--cases", type=Path, default=Path("tests/data/nlu/heldout.jsonl"),
                        help="held-out cases (JSON lines with a 'home' key naming a YAML in --homes)")
    parser.add_argument("--homes", type=Path, default=Path("tests/data/nlu/homes"))
    parser.add_argument("--home", action="append", default=[], metavar="NAME",
                        help="only the held-out cases of this home (repeatable): how a per-home model is measured")
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
    if args.cases and args.cases.exists():
        every = nlu.load_cases(args.cases)
        unknown = sorted(set(args.home) - {c.home for c in every})
        if unknown:
            raise SystemExit(f"--home: no cases for {', '.join(unknown)} in {args.cases}; its homes are "
                             f"{', '.join(sorted({c.home for c in every}))}")
        cases = [c for c in every if not args.home or c.home in args.home]
        name = "heldout" if not args.home else "heldout:" + "+".join(args.home)
        suites.append((name, cases, nlu.load_homes(args.homes)))
    if args.dev is not None:
        home = args.dev_home or args.dev.parent / "home.yaml"
        suites.append(("dev", nlu.load_cases(args.dev, default_home="dev"), nlu.load_homes(None, {"dev": home})))
    if not suites:
        raise SystemExit(f"no cases: {args.cases} does not exist and no --dev given")
    rows = []
    failures = []
    for suite, cases, homes in suites:
        for name, path, compute in models:
            rep = nlu.run_cases(f"{name} {suite}", path, cases, homes, threads=args.threads, compute_type=compute,
                                threshold=args.threshold)
            row = rep.row()
            row["suite"] = suite
            row["by_category"] = {k: v[0] / v[1] for k, v in sorted(rep.by_category.items())}
            rows.append(row)
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
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    if args.failures:
        args.failures.write_text("".join(json.dumps(f) + "\n" for f in failures))
    if args.plot:
        nlu.plot([r for r in rows if r["suite"].startswith("heldout")] or rows, args.plot)
        print(f"plot written to {args.plot}")
    return 0
