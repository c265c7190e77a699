"""``homeslm train``: generate data, train the intent model, convert it to CTranslate2 int8, validate.

The only module that imports torch (lazily, inside functions): the runtime never needs it.
Reproducible: the data stream and the initial weights follow ``--seed``; a run is defined by its
step count (``--max-minutes`` only caps it, and the number of steps actually done is recorded).
A checkpoint is written every few minutes and at the end, so an interrupted run loses little and
``--resume`` continues it.
"""

from __future__ import annotations

import json
import logging
import multiprocessing as mp
import os
import platform
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterator

from homeslm.errors import HomeslmError
from homeslm.understanding.tokenizer import Tokenizer, default_specials, train_tokenizer

logger = logging.getLogger(__name__)

META_FILE = "homeslm.json"
WEIGHTS_FILE = "weights.pt"
"""Training weights (float16, no optimizer state) kept beside the CTranslate2 model so it can be fine-tuned."""


@dataclass
class TrainOptions:
    out: str
    """Model directory to write (CTranslate2 int8 + tokenizer + metadata)."""
    steps: int = 20000
    batch_size: int = 64
    lr: float = 7e-4
    warmup_steps: int = 400
    seed: int = 0
    max_minutes: float | None = None
    """Stop early (and still convert) after this long."""
    d_model: int = 256
    d_ff: int = 1024
    layers: int = 3
    heads: int = 4
    vocab_size: int = 1200
    home_weight: float = 0.5
    """Share of examples drawn from the configured home (when a config is given)."""
    init_from: str | None = None
    """Start from this model directory's checkpoint (per-home fine-tuning)."""
    resume: bool = False
    val_size: int = 600
    threads: int = 1
    also_float32: bool = False
    """Also write a float32 CTranslate2 model in ``<out>/float32`` (for benchmarks)."""
    command: str = ""
    extra_actions: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    home: dict[str, Any] | None = None
    """What a per-home model was trained for (:func:`homeslm.understanding.model_fit.home_record`), written to
    ``homeslm.json``; ``None`` for a generic model."""


#: Batches drawn at once and grouped by length (a pool of this many batches).
BUCKET_POOL = 16


def _data_worker(queue: "mp.Queue[Any]", seed: int, homes: list[Any], home_weight: float, extra: dict[str, Any],
                 spm_bytes: bytes, specials: list[str], batch_size: int) -> None:
    """Producer process: endless tokenised batches (uses the other core), grouped by length."""
    import random

    from homeslm.grammar.data import Generator

    tok = Tokenizer(spm_bytes, specials)
    gen = Generator(seed=seed, homes=homes, home_weight=home_weight, extra_actions=extra)
    rng = random.Random(seed + 1)
    vocab = {p: i for i, p in enumerate(tok.vocabulary())}
    unk = vocab["<unk>"]
    while True:
        pool = []
        for _ in range(batch_size * BUCKET_POOL):
            ex = gen.sample()
            src = [vocab.get(t, unk) for t in tok.encode(ex.source)][:60] + [1]
            tgt = [vocab.get(t, unk) for t in tok.encode(ex.target)][:90] + [1]
            pool.append((src, tgt))
        for batch in bucket_batches(pool, batch_size, rng):
            queue.put(batch)


def bucket_batches(pairs: list[tuple[list[int], list[int]]], batch_size: int,
                   rng: Any) -> list[list[tuple[list[int], list[int]]]]:
    """``pairs`` cut into batches of similar lengths, in random order: a batch is padded to its longest
    example, and random batches of short commands and long multi-command sentences were 60% padding."""
    ordered = sorted(pairs, key=lambda p: (len(p[1]), len(p[0])))
    batches = [ordered[i : i + batch_size] for i in range(0, len(ordered), batch_size)]
    rng.shuffle(batches)
    return batches


def _examples(n: int, seed: int, homes: list[Any], home_weight: float, extra: dict[str, Any], desc: str) -> list[Any]:
    from tqdm import tqdm

    from homeslm.grammar.data import Generator

    gen = Generator(seed=seed, homes=homes, home_weight=home_weight, extra_actions=extra)
    return [gen.sample() for _ in tqdm(range(n), desc=desc, unit="ex", leave=False, disable=None)]


def _next_batch(queue: "mp.Queue[Any]", worker: Any, patience_s: float = 300.0) -> Any:
    """The data worker's next batch; a clear error as soon as the worker has died (its traceback is
    above in the log) instead of waiting out the patience."""
    import queue as queue_module

    waited = 0.0
    while True:
        try:
            return queue.get(timeout=5.0)
        except queue_module.Empty:
            waited += 5.0
            if not worker.is_alive():
                raise HomeslmError(f"the training data worker died (exit code {worker.exitcode}); its error is "
                                   "logged above. The last checkpoint is kept: fix the grammar and run again "
                                   "with --init-from on this output directory's train/checkpoint.pt") from None
            if waited >= patience_s:
                raise HomeslmError(f"the training data worker produced nothing for {patience_s:.0f} s") from None


def _pad(seqs: list[list[int]], value: int) -> Any:
    import torch

    width = max(len(s) for s in seqs)
    return torch.tensor([s + [value] * (width - len(s)) for s in seqs], dtype=torch.long)


def train(options: TrainOptions, homes: list[Any] | None = None) -> dict[str, Any]:
    """Train and write ``options.out``; returns the metadata written to ``homeslm.json``."""
    try:
        import torch
        from transformers import T5Config, T5ForConditionalGeneration
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise HomeslmError(
            f"training needs the [train] extra ({exc.name} is missing): pip install 'homeslm[train]'"
        ) from exc
    from tqdm import tqdm

    homes = homes or []
    out = Path(options.out)
    work = out / "train"
    work.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(options.seed)
    torch.set_num_threads(options.threads)
    started = time.time()

    # 1. tokenizer: from the model we start from, or trained on a sample of the data
    if options.init_from:  # its tokenizer, with the specials a newer notation added (new rows of the embedding)
        tok = Tokenizer.load(options.init_from).with_specials(default_specials())
    elif options.resume and (work / "spm.model").exists():
        tok = Tokenizer.load(work)
    else:
        n_tok = min(20000, max(3000, options.steps * options.batch_size))
        sample = _examples(n_tok, options.seed + 7, homes, options.home_weight, options.extra_actions, "tokenizer data")
        tok = train_tokenizer([e.source for e in sample] + [e.target for e in sample], options.vocab_size, default_specials())
    tok.save(work)
    vocab = tok.vocabulary()

    # 2. model
    if options.init_from:
        candidates = [Path(options.init_from) / WEIGHTS_FILE, Path(options.init_from) / "train" / "checkpoint.pt"]
        init_ckpt = next((c for c in candidates if c.exists()), None)
        if init_ckpt is None:
            raise HomeslmError(f"{options.init_from}: no {WEIGHTS_FILE} to start from (is it a model directory "
                               "written by `homeslm train`?)")
        state = torch.load(init_ckpt, map_location="cpu", weights_only=False)
        config = T5Config(**state["config"])
    else:
        config = T5Config(  # type: ignore[call-arg]  # T5Config takes the generic PretrainedConfig kwargs
            vocab_size=len(vocab), d_model=options.d_model, d_kv=options.d_model // options.heads, d_ff=options.d_ff,
            num_layers=options.layers, num_decoder_layers=options.layers, num_heads=options.heads,
            relative_attention_num_buckets=32, relative_attention_max_distance=64, dropout_rate=0.1,
            feed_forward_proj="relu", decoder_start_token_id=0, pad_token_id=0, eos_token_id=1,
            tie_word_embeddings=True,
        )
        state = None
    model = T5ForConditionalGeneration(config)
    optim = torch.optim.AdamW(model.parameters(), lr=options.lr, weight_decay=0.01)
    step = 0
    ckpt_path = work / "checkpoint.pt"
    if state is not None:
        model.load_state_dict(state["model"])
        if len(vocab) > config.vocab_size:  # specials added to the tokenizer of the model started from
            logger.info("vocabulary grows from %d to %d for new specials", config.vocab_size, len(vocab))
            model.resize_token_embeddings(len(vocab))
    if options.resume and ckpt_path.exists():
        state = torch.load(ckpt_path, map_location="cpu", weights_only=False)
        model.load_state_dict(state["model"])
        optim.load_state_dict(state["optim"])
        step = state["step"]
        logger.info("resuming from step %d", step)
    n_params = sum(p.numel() for p in model.parameters())
    logger.info("model: %.1fM parameters, vocabulary %d", n_params / 1e6, len(vocab))

    def save_checkpoint() -> None:
        tmp = ckpt_path.with_suffix(".tmp")
        torch.save({"model": model.state_dict(), "optim": optim.state_dict(), "step": step,
                    "config": config.to_dict()}, tmp)
        os.replace(tmp, ckpt_path)

    # The validation set and what checks the model, drawn and imported now: the working tree may change during a
    # long run, and a grammar module imported only at its end can then disagree with those already loaded.
    val = _examples(options.val_size, options.seed + 99991, homes, options.home_weight, options.extra_actions, "validation")
    from homeslm.understanding.model import IntentModel

    # 3. training loop, data from a producer process
    ctx = mp.get_context("spawn" if sys.platform == "darwin" else "fork")
    queue: "mp.Queue[Any]" = ctx.Queue(maxsize=64)
    worker = ctx.Process(  # type: ignore[attr-defined]
        target=_data_worker,
        args=(queue, options.seed * 1000 + step, homes, options.home_weight, options.extra_actions,
              tok.sp.serialized_model_proto(), tok.specials, options.batch_size),
        daemon=True,
    )
    worker.start()
    model.train()
    total = options.steps
    deadline = started + options.max_minutes * 60 if options.max_minutes else None
    last_ckpt = time.time()
    losses: list[float] = []
    first_step, loop_started = step, time.time()
    progress_every = max(1, min(200, total // 20))
    try:
        with tqdm(total=total, initial=step, desc="training", unit="step", disable=None) as bar:
            while step < total:
                if deadline and time.time() > deadline:
                    logger.warning("time budget of %.1f minutes reached at step %d of %d", options.max_minutes, step, total)
                    break
                batch = _next_batch(queue, worker)
                src = _pad([s for s, _ in batch], 0)
                tgt = _pad([t for _, t in batch], -100)
                # linear warm-up, then linear decay to the end of the run: the step budget or the time
                # budget, whichever comes first (so a time-capped run still anneals)
                progress = step / max(total, 1)
                if deadline:
                    progress = max(progress, (time.time() - loop_started) / max(1.0, deadline - loop_started))
                lr = options.lr * min(1.0, (step + 1) / options.warmup_steps) * max(0.03, 1 - progress)
                for g in optim.param_groups:
                    g["lr"] = lr
                loss = model(input_ids=src, attention_mask=(src != 0).long(), labels=tgt).loss
                optim.zero_grad(set_to_none=True)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                optim.step()
                step += 1
                losses.append(float(loss.detach()))
                if step % progress_every == 0 and bar.disable:  # read by homeslm.daemon.retrain for its progress
                    rate = (step - first_step) / max(1e-9, time.time() - loop_started)
                    logger.info("step %d/%d loss %.3f lr %.1e %.2f steps/s eta %.0f min", step, total,
                                sum(losses[-200:]) / len(losses[-200:]), lr, rate, (total - step) / max(rate, 1e-9) / 60)
                if step % 20 == 0:
                    bar.set_postfix(loss=f"{sum(losses[-100:]) / len(losses[-100:]):.3f}", lr=f"{lr:.1e}")
                bar.update(1)
                if time.time() - last_ckpt > 300:
                    save_checkpoint()
                    last_ckpt = time.time()
    finally:
        worker.terminate()
    save_checkpoint()
    torch.save({"model": {k: v.half() for k, v in model.state_dict().items()}, "config": config.to_dict()},
               out / WEIGHTS_FILE)
    train_s = time.time() - started

    # 4. convert and validate
    model.eval()
    hf_dir = work / "hf"
    model.save_pretrained(hf_dir)
    convert(hf_dir, tok, out, quantization="int8")
    if options.also_float32:
        convert(hf_dir, tok, out / "float32", quantization="float32")
    im = IntentModel(out, threads=1, self_check=False)  # the directory may hold a previous run's record
    hits = sum(1 for ex in val if im.generate(ex.source).text.split(" | ")[0] == ex.target.split(" | ")[0])
    agree = _check_against_torch(model, tok, im, [ex.source for ex in val[:40]])
    meta = {
        "format": 1,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "command": options.command,
        "options": {k: v for k, v in asdict(options).items() if k not in ("extra_actions", "home")},
        "extra_actions": sorted(options.extra_actions),
        "steps_done": step,
        "train_seconds": round(train_s, 1),
        "final_loss": round(sum(losses[-200:]) / max(1, len(losses[-200:])), 4) if losses else None,
        "parameters": n_params,
        "architecture": {"d_model": config.d_model, "d_ff": config.d_ff, "layers": config.num_layers,
                         "heads": config.num_heads, "vocabulary": config.vocab_size},
        "validation_exact_match": round(hits / max(1, len(val)), 4),
        "validation_size": len(val),
        "ct2_matches_torch": agree,
        "self_check": im.record_self_check(),
        "machine": f"{platform.machine()} {platform.processor() or ''} {os.cpu_count()} cpus".strip(),
    }
    if options.home is not None:
        meta["home"] = options.home
    meta["lineage"] = _lineage(options)
    (out / META_FILE).write_text(json.dumps(meta, indent=2))
    shutil.rmtree(hf_dir, ignore_errors=True)
    return meta


def _lineage(options: TrainOptions) -> list[dict[str, Any]]:
    """Every training run behind this model, oldest first: the model it started from's lineage (or
    its command, for models written before lineage was recorded), then this run."""
    parent: list[dict[str, Any]] = []
    if options.init_from:
        meta_path = Path(options.init_from) / META_FILE
        try:
            meta = json.loads(meta_path.read_text()) if meta_path.is_file() else {}
        except (OSError, ValueError):
            logger.warning("%s: unreadable, the new model's lineage starts here", meta_path)
            meta = {}
        parent = list(meta.get("lineage") or ([{"command": meta["command"]}] if meta.get("command") else []))
        if not meta_path.is_file():
            parent.append({"note": f"started from {options.init_from}, which has no {META_FILE} "
                                   "(an interrupted run's checkpoint)"})
    return [*parent, {"phase": len(parent) + 1, "command": options.command}]


def convert(hf_dir: Path, tok: Tokenizer, out: Path, quantization: str = "int8") -> None:
    """Convert a saved T5 model to CTranslate2 and install our vocabulary and tokenizer beside it."""
    import ctranslate2

    conv = ctranslate2.converters.TransformersConverter(str(hf_dir), load_as_float16=False)
    tmp = out.parent / (out.name + f".ct2-{quantization}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    conv.convert(str(tmp), quantization=quantization, force=True)
    out.mkdir(parents=True, exist_ok=True)
    for name in ("model.bin", "config.json"):
        os.replace(tmp / name, out / name)
    # The converter's vocabulary comes from a generic tokenizer; ours is the SentencePiece one.
    for stale in ("shared_vocabulary.json", "shared_vocabulary.txt"):
        (out / stale).unlink(missing_ok=True)
    (out / "shared_vocabulary.txt").write_text("\n".join(tok.vocabulary()) + "\n")
    cfg = json.loads((out / "config.json").read_text())
    # the model was trained with </s> closing every source sentence
    cfg.update({"unk_token": "<unk>", "bos_token": "<pad>", "eos_token": "</s>", "decoder_start_token": "<pad>",
                "add_source_eos": True})
    (out / "config.json").write_text(json.dumps(cfg, indent=2))
    tok.save(out)
    shutil.rmtree(tmp, ignore_errors=True)


def _check_against_torch(model: Any, tok: Tokenizer, im: Any, sources: list[str]) -> float:
    """Share of sentences where CTranslate2 and PyTorch greedy outputs agree (conversion check)."""
    import torch

    vocab = tok.vocabulary()
    index = {p: i for i, p in enumerate(vocab)}
    same = 0
    with torch.no_grad():
        for s in sources:
            ids = [index.get(t, 2) for t in tok.encode(s)] + [1]
            out = model.generate(torch.tensor([ids]), max_new_tokens=96, num_beams=1, do_sample=False)
            pieces = [vocab[i] for i in out[0].tolist() if i not in (0, 1)]
            if tok.decode(pieces) == im.generate(s).text:
                same += 1
    return round(same / max(1, len(sources)), 3)


def iter_batches(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
