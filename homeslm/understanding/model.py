"""Thin CTranslate2 wrapper: a model directory and explicit settings in, text and token scores out.

Knows no devices and no notation beyond where the intents end (``|``). Loaded once; greedy
decoding at batch size 1 (what a voice command needs); threads configurable (1 is fastest on small
CPUs). Needs only ``ctranslate2`` and ``sentencepiece``.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from homeslm.understanding import backend as ct2_backend
from homeslm.errors import ModelError, ModelSelfCheckError

from homeslm.understanding.tokenizer import MARK, SPECIALS_FILE, SPM_FILE, Tokenizer

logger = logging.getLogger(__name__)

_BAR = MARK + "|"
REQUIRED_FILES = ("model.bin", "config.json", "shared_vocabulary.txt", SPM_FILE, SPECIALS_FILE)

SELF_CHECK_SOURCES = ("turn on the kitchen light", "what is the temperature in the bedroom",
                      "close the blinds in the bedroom and open the garage", "is the window open")
"""Sentences whose intents training records in ``homeslm.json`` (``self_check``) and loading re-checks."""


def default_model_dir() -> Path:
    """The model shipped inside the package."""
    return Path(str(resources.files("homeslm") / "models" / "default"))


@dataclass(frozen=True)
class Generation:
    """What the model wrote for one input."""

    text: str
    """The output in notation (intents ``|`` response)."""
    intent_logprobs: tuple[float, ...]
    """Log-probability of each token up to the ``|`` (the part that decides what is executed)."""

    @property
    def confidence(self) -> float:
        """exp(mean token log-prob) over the intent tokens, in 0..1."""
        if not self.intent_logprobs:
            return 0.0
        return math.exp(sum(self.intent_logprobs) / len(self.intent_logprobs))

    @property
    def min_token_prob(self) -> float:
        return math.exp(min(self.intent_logprobs)) if self.intent_logprobs else 0.0


class IntentModel:
    """A trained intent model directory, loaded into CTranslate2."""

    def __init__(self, model_dir: str | Path | None = None, *, threads: int = 1, compute_type: str = "default",
                 max_output_tokens: int = 96, self_check: bool = True) -> None:
        """``self_check``: decode the sentences training recorded and raise :class:`ModelSelfCheckError`
        when the output differs (a backend writing garbage, see :mod:`homeslm.understanding.backend`)."""
        ct2_backend.choose_backend()  # before CTranslate2 picks its backend
        import ctranslate2

        self.model_dir = Path(model_dir) if model_dir is not None else default_model_dir()
        missing = [f for f in REQUIRED_FILES if not (self.model_dir / f).is_file()]
        if missing:
            raise ModelError(
                f"{self.model_dir}: not a homeslm intent model (missing {', '.join(missing)}); "
                "train one with `homeslm train --out DIR` or remove model.path from the config to use the default model"
            )
        try:
            self._translator = ctranslate2.Translator(
                str(self.model_dir), device="cpu", compute_type=compute_type, intra_threads=threads, inter_threads=1
            )
        except (RuntimeError, ValueError) as exc:
            raise ModelError(f"{self.model_dir}: CTranslate2 could not load the model: {exc}") from exc
        self.tokenizer = Tokenizer.load(self.model_dir)
        self._ids = {piece: i for i, piece in enumerate(self.tokenizer.vocabulary())}
        self.max_output_tokens = max_output_tokens
        meta = self.model_dir / "homeslm.json"
        self.metadata: dict[str, object] = json.loads(meta.read_text()) if meta.is_file() else {}
        extra = self.metadata.get("extra_actions", [])
        self.extra_actions: frozenset[str] = frozenset(extra) if isinstance(extra, list) else frozenset()
        if self_check:
            self.check_self()

    def intents_of(self, source: str) -> str:
        """The intent part of the output (before ``|``), what the self-check compares."""
        return self.generate(source).text.split(" | ")[0].strip()

    def record_self_check(self) -> list[dict[str, str]]:
        """What :meth:`check_self` will compare, for ``homeslm.json`` (written by training)."""
        return [{"source": source, "intents": self.intents_of(source)} for source in SELF_CHECK_SOURCES]

    def check_self(self) -> None:
        """Decode the check sentences recorded at training; raise when any answer differs.

        A model without a record (written before homeslm recorded one) is not checked.
        """
        recorded = self.metadata.get("self_check")
        if not isinstance(recorded, list) or not recorded:
            logger.debug("%s: no self-check recorded, not checked", self.model_dir)
            return
        mismatches: list[tuple[str, str, str]] = []
        for item in recorded:
            if not isinstance(item, dict) or not isinstance(item.get("source"), str):
                raise ModelError(f"{self.model_dir / 'homeslm.json'}: self_check: expected a list of "
                                 "{source, intents} objects")
            got = self.intents_of(item["source"])
            if got != item.get("intents"):
                mismatches.append((item["source"], str(item.get("intents")), got))
        if mismatches:
            raise ModelSelfCheckError(ct2_backend.self_check_failure(str(self.model_dir), mismatches))
        logger.debug("%s: self-check passed (%d sentences; %s)", self.model_dir, len(recorded),
                     ct2_backend.describe_backend())

    def generate(self, source: str) -> Generation:
        """Decode greedily; ``source`` is the normalised, placeholder-tagged sentence."""
        tokens = self.tokenizer.encode(source)[:100] or ["<unk>"]
        # return_logits_vocab gives each step's logits, from which the chosen tokens' log-probabilities
        # follow (a per-step Python callback would do too, but left CTranslate2 aborting at exit)
        result = self._translator.translate_batch(
            [tokens], beam_size=1, max_decoding_length=self.max_output_tokens, return_logits_vocab=True,
        )[0]
        out_tokens = result.hypotheses[0]
        text = self.tokenizer.decode(out_tokens)
        n_intent = out_tokens.index(_BAR) if _BAR in out_tokens else len(out_tokens)
        logprobs: list[float] = []
        for step, token in zip(result.logits[0][: max(1, n_intent)], out_tokens[: max(1, n_intent)]):
            z = np.asarray(step, dtype=np.float64).ravel()
            top = float(z.max())
            logprobs.append(float(z[self._ids.get(token, 2)]) - (top + math.log(float(np.exp(z - top).sum()))))
        return Generation(text, tuple(logprobs))

    def score(self, source: str, target: str) -> float:
        """Mean token log-probability of ``target`` given ``source`` (for diagnostics)."""
        res = self._translator.score_batch([self.tokenizer.encode(source)], [self.tokenizer.encode(target)])[0]
        return sum(res.log_probs) / max(1, len(res.log_probs))
