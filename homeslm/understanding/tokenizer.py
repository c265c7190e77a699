"""Tokens for the intent model: notation keywords and placeholders whole, other words by SentencePiece.

Placeholders (``<light1>``), actions (``turn_off``), domains (``cover:blind``), units and markers are
single tokens ("specials"); every other word is split into SentencePiece pieces. Names the model
must copy (an unknown device, a timer name) are wrapped as ``? pieces ?`` / ``= pieces =``.
Used identically by training and inference; needs only the ``sentencepiece`` package.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from homeslm.understanding import notation
from homeslm.understanding.lexicon import MAX_NUMBERS, MAX_PER_KIND
from homeslm.schema import ACTIONS, DEVICE_TYPES

SPECIALS_FILE = "tokens.json"
#: Specials are spelled with this mark in the vocabulary, so that "h" (hours) or "light" (a domain)
#: never compete with the same letters inside ordinary words.
MARK = "\u00a7"
SPM_FILE = "spm.model"
WORD_START = "\u2581"


def default_specials() -> list[str]:
    """The fixed special tokens: placeholders, actions, domains, units and markers."""
    out: list[str] = []
    for stem in sorted(DEVICE_TYPES) + ["area", "floor"]:
        out += [f"<{stem}{i}>" for i in range(1, MAX_PER_KIND + 1)]
    out += [f"<num{i}>" for i in range(1, MAX_NUMBERS + 1)]
    out += sorted(ACTIONS) + [notation.SAME, notation.NONE]
    out += sorted(DEVICE_TYPES) + ["timer"]
    out += [f"{t}:{c}" for t in ("cover", "binary_sensor", "switch", "media_player", "sensor") for c in notation.DEVICE_CLASSES]
    out += list(notation.UNITS) + ["|", ";", "it", "one", "house", "len", "?", "=", notation.EXCEPT]
    out += list(notation.QUANTIFIER_TOKENS)  # last: a fine-tune from an older model appends them (with_specials)
    return list(dict.fromkeys(out))


class Tokenizer:
    """Maps model text to tokens and back."""

    def __init__(self, spm_model: bytes | str | Path, specials: Iterable[str]) -> None:
        import sentencepiece as spm

        self.sp = spm.SentencePieceProcessor()
        if isinstance(spm_model, bytes):
            self.sp.LoadFromSerializedProto(spm_model)
        else:
            self.sp.Load(str(spm_model))
        self.specials = list(specials)
        self._special_set = frozenset(self.specials)
        self._cache: dict[str, list[str]] = {}

    @classmethod
    def load(cls, model_dir: str | Path) -> "Tokenizer":
        model_dir = Path(model_dir)
        specials = json.loads((model_dir / SPECIALS_FILE).read_text())["specials"]
        return cls(model_dir / SPM_FILE, specials)

    def save(self, model_dir: str | Path) -> None:
        model_dir = Path(model_dir)
        (model_dir / SPM_FILE).write_bytes(self.sp.serialized_model_proto())
        (model_dir / SPECIALS_FILE).write_text(json.dumps({"specials": self.specials}, indent=0))

    def with_specials(self, specials: Iterable[str]) -> "Tokenizer":
        """This tokenizer with the ``specials`` it lacks appended (a newer notation's domains, for a model
        fine-tuned from an older one): each a user-defined SentencePiece symbol after the existing pieces, so
        every existing token keeps its id. Serialized protobuf messages concatenate, and a repeated field
        (``ModelProto.pieces``, field 1) appends: no protobuf library is needed."""
        missing = [s for s in dict.fromkeys(specials) if s not in self._special_set]
        if not missing:
            return self
        extra = b""
        for special in missing:
            text = (MARK + special).encode()
            # SentencePiece {piece: 1 (string), score: 2 (float 0.0), type: 3 (USER_DEFINED = 4)}
            piece = b"\x0a" + _varint(len(text)) + text + b"\x15\x00\x00\x00\x00" + b"\x18\x04"
            extra += b"\x0a" + _varint(len(piece)) + piece
        return Tokenizer(self.sp.serialized_model_proto() + extra, self.specials + missing)

    def vocabulary(self) -> list[str]:
        """All tokens in id order: SentencePiece pieces (specials are user symbols in it)."""
        return [self.sp.IdToPiece(i) for i in range(self.sp.GetPieceSize())]

    def _word(self, word: str) -> list[str]:
        pieces = self._cache.get(word)
        if pieces is None:
            pieces = self.sp.EncodeAsPieces(word)
            if len(self._cache) < 50000:
                self._cache[word] = pieces
        return pieces

    def encode(self, text: str) -> list[str]:
        out: list[str] = []
        for word in text.split():
            if word in self._special_set:
                out.append(MARK + word)
            elif word[0] in "?=" and len(word) > 1:
                out.append(MARK + word[0])
                for part in word[1:].split("_"):
                    out += self._word(part)
                out.append(MARK + word[0])
            else:
                out += self._word(word)
        return out

    def decode(self, tokens: Iterable[str]) -> str:
        words: list[str] = []
        name_open: str | None = None
        name: list[str] = []
        after_special = True
        for tok in tokens:
            special = tok.startswith(MARK) and len(tok) > 1
            tok = tok[1:] if special else tok
            if name_open is not None:
                if special and tok == name_open:
                    words.append(name_open + "_".join(w for w in "".join(name).split(WORD_START) if w))
                    name_open, name = None, []
                    after_special = True
                else:
                    name.append(tok)
                continue
            if special and tok in ("?", "="):
                name_open = tok
                continue
            if special:
                words.append(tok)
            elif tok.startswith(WORD_START) or after_special or not words:
                words.append(tok[1:] if tok.startswith(WORD_START) else tok)
            else:
                words[-1] += tok
            after_special = special
        if name_open is not None:  # unterminated name: keep what there is
            words.append(name_open + "_".join(w for w in "".join(name).split(WORD_START) if w))
        return " ".join(w for w in words if w)


def _varint(n: int) -> bytes:
    out = b""
    while True:
        byte, n = n & 0x7F, n >> 7
        if n:
            out += bytes([byte | 0x80])
        else:
            return out + bytes([byte])


def train_tokenizer(texts: Iterable[str], vocab_size: int, specials: list[str]) -> Tokenizer:
    """Train a SentencePiece unigram model on ``texts`` (specials removed) with ``specials`` as symbols."""
    import io

    import sentencepiece as spm

    special_set = set(specials)

    def words() -> Iterable[str]:
        for t in texts:
            kept = []
            for w in t.split():
                if w in special_set:
                    continue
                if w[0] in "?=" and len(w) > 1:
                    kept.append(w[1:].replace("_", " "))
                else:
                    kept.append(w)
            if kept:
                yield " ".join(kept)

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(list(words())),
        model_writer=buf,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        # control symbols get ids but are never cut out of ordinary words ("h" must not split "the");
        # :meth:`Tokenizer.encode` emits them for whole words only
        control_symbols=[MARK + sp for sp in specials],
        pad_id=0, eos_id=1, unk_id=2, bos_id=-1,
        pad_piece="<pad>", eos_piece="</s>", unk_piece="<unk>",
        byte_fallback=False,
        hard_vocab_limit=False,
        minloglevel=2,
    )
    return Tokenizer(buf.getvalue(), specials)
