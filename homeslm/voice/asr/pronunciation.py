"""Pronunciations for the pocketsphinx recogniser: the CMU pronouncing dictionary shipped in the
pocketsphinx wheel, and a dictionary restricted to the words of the home language model
(:func:`build_dictionary`). Words missing from CMUdict are spelled from dictionary words they are made
of ("soundbar" = "sound" + "bar"), taken from ``pronunciations`` in the config, or left out (the caller
warns)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

from homeslm.errors import AudioError
from homeslm.voice.asr.language_model import BOS, EOS


def default_model_dir() -> Path:
    """The English acoustic model and dictionary shipped in the pocketsphinx wheel."""
    try:
        import pocketsphinx
    except ImportError as exc:
        raise AudioError("the pocketsphinx recogniser needs the pocketsphinx package: pip install pocketsphinx") from exc
    return Path(pocketsphinx.get_model_path()) / "en-us"


def read_cmudict(path: Path) -> dict[str, list[str]]:
    """Word -> pronunciations (phone strings) of a CMU-style dictionary (``word(2)`` marks alternatives)."""
    out: dict[str, list[str]] = defaultdict(list)
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(None, 1)
            if len(parts) != 2 or line.startswith(";;;"):
                continue
            word = parts[0].split("(", 1)[0].lower()
            phones = parts[1].split("#", 1)[0].strip()
            if phones:
                out[word].append(phones)
    return out


def _compound(word: str, cmudict: Mapping[str, list[str]]) -> str | None:
    """Pronunciation of ``word`` as a concatenation of dictionary words (fewest parts), or None."""
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[0] = []
    for end in range(1, len(word) + 1):
        for start in range(end):
            prev = best[start]
            piece = word[start:end]
            if prev is None or piece not in cmudict or (len(piece) < 3 and piece not in ("a", "i")):
                continue
            if best[end] is None or len(prev) + 1 < len(best[end] or []):
                best[end] = [*prev, piece]
    parts = best[len(word)]
    if not parts or len(parts) < 2:
        return None
    return " ".join(cmudict[p][0] for p in parts)


def build_dictionary(
    words: Iterable[str],
    cmudict: Mapping[str, list[str]],
    pronunciations: Mapping[str, str] | None = None,
) -> tuple[str, list[str]]:
    """A pocketsphinx dictionary for ``words``; returns (text, words that could not be pronounced).

    ``pronunciations`` (from the config, CMU phones like ``"S AW N D B AA R"``) win over CMUdict.
    """
    extra = {k.lower(): v.upper() for k, v in (pronunciations or {}).items()}
    lines: list[str] = []
    missing: list[str] = []
    for word in sorted(set(words)):
        if word in (BOS, EOS):
            continue
        if word in extra:
            prons = [extra[word]]
        elif word in cmudict:
            prons = cmudict[word]
        else:
            compound = _compound(word, cmudict)
            if compound is None:
                missing.append(word)
                continue
            prons = [compound]
        for i, pron in enumerate(prons):
            lines.append(f"{word} {pron}" if i == 0 else f"{word}({i + 1}) {pron}")
    return "\n".join(lines) + "\n", missing
