"""``homeslm train``: the command-line front of :mod:`homeslm.training.train`."""

from __future__ import annotations

import argparse
import json
import logging
import shlex
import sys
from pathlib import Path
from typing import Any

from homeslm.config.model import Config
from homeslm.errors import HomeslmError

logger = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, metavar="DIR", help="model directory to write")
    parser.add_argument("--generic", action="store_true",
                        help="train on generic random homes only (the shipped default model); "
                             "without it the configured home is mixed in and the default model is fine-tuned")
    parser.add_argument("--steps", type=int, default=None,
                        help="optimizer steps (default: 600 for a per-home fine-tune, 20000 from scratch)")
    parser.add_argument("--max-minutes", type=float, default=None,
                        help="stop after this long, then convert (default: 11 for a per-home fine-tune, none from scratch)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=None, help="peak learning rate (default 7e-4 from scratch, 3e-4 fine-tune)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--init-from", metavar="DIR", default=None,
                        help="model directory to fine-tune (default: the shipped model when a config is used)")
    parser.add_argument("--from-scratch", action="store_true", help="never start from an existing model")
    parser.add_argument("--resume", action="store_true", help="continue an interrupted run in --out")
    parser.add_argument("--d-model", type=int, default=256)
    parser.add_argument("--d-ff", type=int, default=1024)
    parser.add_argument("--layers", type=int, default=3)
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--vocab-size", type=int, default=1200)
    parser.add_argument("--val-size", type=int, default=600)
    parser.add_argument("--float32", action="store_true", help="also write a float32 model in DIR/float32 (benchmarks)")


def run(args: argparse.Namespace, config_loader: "object") -> int:
    from homeslm.understanding.model import default_model_dir
    from homeslm.training.train import TrainOptions, train

    homes = []
    extra: dict[str, list[tuple[str, str]]] = {}
    home: dict[str, Any] | None = None
    init_from = args.init_from
    if not args.generic:
        from homeslm.grammar.homes import home_from_config

        config = config_loader(args)  # type: ignore[operator]
        homes = [home_from_config(config)]
        extra, home = _plugin_examples(config)
        if init_from is None and not args.from_scratch and (default_model_dir() / "weights.pt").exists():
            init_from = str(default_model_dir())
    fine_tune = init_from is not None
    steps = args.steps if args.steps is not None else (600 if fine_tune else 20000)
    options = TrainOptions(
        out=args.out, steps=steps, batch_size=args.batch_size,
        lr=args.lr if args.lr is not None else (3e-4 if fine_tune else 7e-4),
        warmup_steps=100 if fine_tune else 400, seed=args.seed,
        max_minutes=args.max_minutes if args.max_minutes is not None else (11.0 if fine_tune else None),
        d_model=args.d_model, d_ff=args.d_ff, layers=args.layers, heads=args.heads, vocab_size=args.vocab_size,
        home_weight=0.5 if homes else 0.0, init_from=init_from, resume=args.resume, val_size=args.val_size,
        also_float32=args.float32, command="homeslm " + " ".join(shlex.quote(a) for a in getattr(args, "argv", sys.argv[1:])),
        extra_actions=extra, home=home,
    )
    if fine_tune and extra:
        logger.warning("plugin actions %s are new to the model: fine-tuning teaches them from their examples", sorted(extra))
    meta = train(options, homes=homes)
    print(json.dumps({k: meta[k] for k in ("steps_done", "train_seconds", "validation_exact_match", "ct2_matches_torch")}, indent=2))
    print(f"model written to {Path(args.out).resolve()}; use it with `model: {{path: {args.out}}}` in the config")
    return 0


def _plugin_examples(config: Config) -> tuple[dict[str, list[tuple[str, str]]], dict[str, Any]]:
    """New actions the loaded plugins declare, with their example sentences; and the record of the home
    the model is trained for (:func:`homeslm.understanding.model_fit.home_record`, its plugin actions included)."""
    from homeslm.understanding.model_fit import home_actions, home_record
    from homeslm.plugins import ActionRegistry, plugin_manager_from_config

    try:
        registry = ActionRegistry(plugin_manager_from_config(config), config)
        extra = registry.extra_actions()
        home = home_record(config, home_actions(config, registry))
    except HomeslmError as exc:
        logger.warning("plugins could not be loaded for training examples: %s", exc)
        return {}, home_record(config, [])
    out: dict[str, list[tuple[str, str]]] = {}
    for spec in extra:
        sentences = []
        for example in spec.examples:
            text = example if isinstance(example, str) else getattr(example, "text", "")
            # sentences with only a {device} slot are used; {area}/{value} slots are not generated yet
            if text and not ({"{area}", "{floor}", "{value}"} & {w for w in ("{area}", "{floor}", "{value}") if w in text}):
                sentences.append((text, str(spec.domain or "")))
        if sentences:
            out.setdefault(str(spec.action), []).extend(sentences)
    return out, home
