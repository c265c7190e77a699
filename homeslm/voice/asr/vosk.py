"""Vosk (Kaldi) streaming recogniser, biased to the home's vocabulary.

The model is loaded from a directory only (``homeslm models pull vosk-en`` puts the English one in
the user's data directory); ``vosk.Model(lang=...)`` is never used because it goes to the network.

Biasing has two parts:

* Vosk's runtime grammar, for models built with a dynamic graph (``graph/HCLr.fst`` + ``graph/Gr.fst``,
  the "small" models): the recogniser may only output the given phrases, in any sequence, plus
  ``[unk]`` for anything else. We give it the command sentences, the names and every single word of
  them, each filtered to words the model knows. Models with a static graph (``HCLG.fst``) ignore
  grammars, and we do not set one.
* Correction of the transcript towards the home's names (:class:`homeslm.voice.asr.base.NameCorrector`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from homeslm.voice.asr.base import RATE_HZ, NameCorrector, Partial, Recognizer, Transcript, normalise_text
from homeslm.errors import AudioError

logger = logging.getLogger(__name__)

UNK = "[unk]"


def check_model_dir(path: str | Path) -> Path:
    """Raise :class:`AudioError` naming the fix unless ``path`` looks like a Vosk model directory."""
    model_dir = Path(path).expanduser()
    if not model_dir.is_dir():
        raise AudioError(f"Vosk model directory {model_dir} does not exist: run `homeslm models pull vosk-en` "
                         "or set voice.vosk.model to a model directory")
    if not (model_dir / "am").is_dir() or not (model_dir / "conf").is_dir():
        raise AudioError(f"{model_dir} is not a Vosk model (expected am/ and conf/ inside): point voice.vosk.model "
                         "at the unpacked model directory")
    return model_dir


def supports_grammar(model_dir: Path) -> bool:
    """Whether the model has a dynamic graph, so that a runtime grammar restricts its output."""
    return (model_dir / "graph" / "HCLr.fst").is_file() and (model_dir / "graph" / "Gr.fst").is_file()


def load_model(model_dir: str | Path) -> Any:
    """The ``vosk.Model`` of ``model_dir`` (:func:`check_model_dir` first), which several
    :class:`VoskRecognizer` may share."""
    try:
        import vosk
    except ImportError as exc:
        raise AudioError("the Vosk recogniser needs the vosk package: pip install 'homeslm[voice]'") from exc
    path = check_model_dir(model_dir)
    vosk.SetLogLevel(-1)
    try:
        return vosk.Model(model_path=str(path))
    except Exception as exc:  # vosk raises a bare Exception when Kaldi refuses the files
        raise AudioError(f"{path}: Vosk could not load this model ({exc}); "
                         "re-download it with `homeslm models pull vosk-en`") from exc


class VoskRecognizer(Recognizer):
    """Streaming Vosk recognition of one utterance at a time.

    :param model_dir: an unpacked Vosk model.
    :param phrases: the home's names (device names, aliases, areas): grammar entries and correction targets.
    :param sentences: command sentences (from the training grammar): grammar entries.
    :param use_grammar: set a runtime grammar when the model supports one.
    :param model: the ``vosk.Model`` of ``model_dir`` already loaded (:func:`load_model`), shared with other
        recognisers: Vosk's model is safe to share between threads, each recogniser keeping its own
        ``KaldiRecognizer`` (vosk-api issues 402 and 877, answered by its maintainer); ``None``: load it here.
    """

    name = "vosk"

    def __init__(
        self,
        model_dir: str | Path,
        phrases: Sequence[str] = (),
        sentences: Iterable[str] = (),
        *,
        use_grammar: bool = True,
        model: Any = None,
    ) -> None:
        self.model_dir = check_model_dir(model_dir)
        self._model = model if model is not None else load_model(self.model_dir)
        """The ``vosk.Model``, perhaps shared with other recognisers."""
        import vosk  # load_model checked that it is there

        self._vosk = vosk
        self._sentences = [normalise_text(s) for s in sentences if normalise_text(s)]
        self.use_grammar = use_grammar and supports_grammar(self.model_dir)
        self.grammar: list[str] | None = None
        self._rec: Any = None
        self.corrector = NameCorrector(phrases)
        self._segments: list[dict[str, Any]] = []
        self._last_partial = ""
        self.set_vocabulary(phrases)

    @property
    def model(self) -> Any:
        """The loaded ``vosk.Model`` (perhaps shared with other recognisers)."""
        return self._model

    def knows(self, word: str) -> bool:
        """Whether the model's vocabulary has this word."""
        return int(self._model.vosk_model_find_word(word)) >= 0

    def set_vocabulary(self, phrases: Sequence[str]) -> None:
        phrases = [normalise_text(p) for p in phrases if normalise_text(p)]
        self.corrector = NameCorrector(phrases)
        if not self.use_grammar:
            self.grammar = None
            self._rec = self._vosk.KaldiRecognizer(self._model, RATE_HZ)
        else:
            entries: dict[str, None] = {}
            unknown: set[str] = set()
            for phrase in [*self._sentences, *phrases]:
                words = phrase.split()
                bad = [w for w in words if not self.knows(w)]
                unknown.update(bad)
                if not bad:
                    entries.setdefault(phrase, None)
                for w in words:
                    if w not in bad:
                        entries.setdefault(w, None)
            if unknown:
                logger.warning("vosk: %d words are not in the model's vocabulary and cannot be recognised: %s",
                               len(unknown), ", ".join(sorted(unknown)[:20]))
            if self.knows(UNK):
                entries.setdefault(UNK, None)
            self.grammar = list(entries)
            if not self.grammar:
                logger.warning("vosk: no vocabulary word is known to the model; recognising without a grammar")
                self._rec = self._vosk.KaldiRecognizer(self._model, RATE_HZ)
            else:
                self._rec = self._vosk.KaldiRecognizer(self._model, RATE_HZ, json.dumps(self.grammar, ensure_ascii=False))
        self._rec.SetWords(True)
        logger.info("vosk: model %s, grammar %s", self.model_dir.name,
                    f"of {len(self.grammar)} entries" if self.grammar else "off")

    def start_utterance(self) -> None:
        self._rec.Reset()
        self._segments = []
        self._last_partial = ""

    def accept(self, samples: np.ndarray) -> Partial | None:
        data = np.ascontiguousarray(samples, dtype=np.int16).tobytes()
        if self._rec.AcceptWaveform(data):
            # Vosk found a pause and closed a segment; the utterance goes on until our end of speech.
            self._segments.append(json.loads(self._rec.Result()))
            text = self._joined("")
        else:
            text = self._joined(json.loads(self._rec.PartialResult()).get("partial", ""))
        if text and text != self._last_partial:
            self._last_partial = text
            return Partial(text)
        return None

    def _joined(self, tail: str) -> str:
        return normalise_text(" ".join([*(s.get("text", "") for s in self._segments), tail]))

    def finish(self) -> Transcript:
        self._segments.append(json.loads(self._rec.FinalResult()))
        words = [w for s in self._segments for w in s.get("result", []) if normalise_text(str(w.get("word", "")))]
        text = self._joined("")
        self._segments = []
        if not text:
            return Transcript("", 0.0)
        confidence = float(np.mean([float(w.get("conf", 1.0)) for w in words])) if words else 1.0
        return Transcript(self.corrector.correct(text), min(1.0, max(0.0, confidence)))
