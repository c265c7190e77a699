"""The model's tokenizer: a fine-tune from an older model grows it by the specials a newer notation adds
(new domains such as ``sensor:carbon_dioxide``) without moving any existing token."""

from __future__ import annotations

from pathlib import Path

from homeslm.understanding.model import default_model_dir
from homeslm.understanding.tokenizer import Tokenizer, default_specials


def test_with_specials_appends_what_is_missing_and_keeps_every_id(tmp_path: Path) -> None:
    shipped = Tokenizer.load(default_model_dir())
    old = shipped.vocabulary()
    new_specials = ["sensor:carbon_dioxide", "binary_sensor:not_a_class_yet"]
    grown = Tokenizer.load(default_model_dir()).with_specials([*shipped.specials, *new_specials])
    vocab = grown.vocabulary()
    assert vocab[:len(old)] == old  # every existing token keeps its id: the trained weights still fit
    added = [s for s in new_specials if "\u00a7" + s not in old]
    assert vocab[len(old):] == ["\u00a7" + s for s in added]
    text = "get_state binary_sensor:not_a_class_yet <area1> one | checking the sensors in <area1>"
    pieces = grown.encode(text)
    assert "\u00a7binary_sensor:not_a_class_yet" in pieces and all(p in set(vocab) for p in pieces)
    assert grown.decode(pieces) == text
    # saved and loaded again, as `homeslm train` writes it beside the model
    grown.save(tmp_path)
    again = Tokenizer.load(tmp_path)
    assert again.vocabulary() == vocab and again.encode(text) == pieces
    # nothing missing: the same tokenizer
    assert grown.with_specials(grown.specials) is grown


def test_the_default_specials_are_in_a_tokenizer_grown_from_the_shipped_one() -> None:
    grown = Tokenizer.load(default_model_dir()).with_specials(default_specials())
    vocab = set(grown.vocabulary())
    assert all("\u00a7" + s in vocab for s in default_specials())


def test_the_quantifier_tokens_grow_a_shipped_tokenizer_as_single_tokens() -> None:
    from homeslm.understanding.notation import QUANTIFIER_TOKENS

    assert set(QUANTIFIER_TOKENS) <= set(default_specials())
    shipped = Tokenizer.load(default_model_dir())
    grown = shipped.with_specials(default_specials())
    assert grown.vocabulary()[:len(shipped.vocabulary())] == shipped.vocabulary()
    text = "get_state binary_sensor:window <area1> q:count open | checking the windows in <area1>"
    pieces = grown.encode(text)
    assert "\u00a7q:count" in pieces and grown.decode(pieces) == text
